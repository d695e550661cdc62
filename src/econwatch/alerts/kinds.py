"""The built-in rule kinds: what each checks, declared as data.

A rule (:class:`econwatch.alerts.models.AlertRule`) is one kind with the bureau's
numbers: threshold, persistence, scope, level and parameters. The kind fixes the
indicator and the comparison and says what the threshold and the persistence
count in; :mod:`econwatch.alerts.checks` holds how each kind runs. Framework-free.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Kind:
    """A built-in rule kind.

    Attributes:
        code: Stable code stored on the rule.
        label: Chinese name shown in the admin.
        indicator: The indicator it reads (code of :data:`INDICATORS`).
        comparison: How it compares (code of :data:`COMPARISONS`).
        threshold_unit: What the threshold counts in (``%``, ``万元``, ``日``).
        persistence_unit: What persistence counts (``周``, ``个月``, ``期``).
        parameters: Default parameters; a rule's own parameters override them.
        template: The rule read as a sentence, with ``{threshold}``,
            ``{persistence}`` and parameter names as fields.
    """

    code: str
    label: str
    indicator: str
    comparison: str
    threshold_unit: str
    persistence_unit: str
    parameters: dict[str, Any] = field(default_factory=dict)
    template: str = ""

    def describe(
        self, threshold: object, persistence: int, parameters: dict[str, Any]
    ) -> str:
        """The rule as a Chinese sentence, e.g. for the admin list."""
        values = {**self.parameters, **parameters}
        return self.template.format(
            threshold=threshold, persistence=persistence, **values
        )


INDICATORS: dict[str, str] = {
    "invoices": "开票销售",
    "electricity": "用电量",
    "monthly_report": "规上工业月报",
    "output": "工业总产值（当月）",
    "revenue": "营业收入（累计）",
}

COMPARISONS: dict[str, str] = {
    "yoy_drop_over": "同比降幅超过阈值",
    "below_baseline_share": "低于基线的百分比",
    "overdue": "逾期未报或迟报",
    "yoy_below": "同比增速低于阈值",
    "run_rate_below": "按序时折算全年低于阈值",
}

KINDS: dict[str, Kind] = {
    k.code: k
    for k in (
        Kind(
            "invoice_yoy_drop",
            "开票销售同比下降",
            "invoices",
            "yoy_drop_over",
            "%",
            "周",
            {"window_days": 7, "alignment": "auto"},
            "近{persistence}周每周开票销售同比降幅均超过{threshold}%",
        ),
        Kind(
            "electricity_below_baseline",
            "用电量低于基线",
            "electricity",
            "below_baseline_share",
            "%",
            "周",
            {
                "window_days": 7,
                "baseline": "last_year",
                "baseline_weeks": 8,
                "alignment": "auto",
                "min_baseline": 1000,
            },
            "近{persistence}周每周用电量均低于基线的{threshold}%",
        ),
        Kind(
            "monthly_report_missing",
            "月报未报或迟报",
            "monthly_report",
            "overdue",
            "日",
            "期",
            {"lookback": 3, "count_late": True},
            "月报应于次月{threshold}日前报送；近{lookback}期有逾期未报或迟报即预警",
        ),
        Kind(
            "output_decline_streak",
            "产值连续下降",
            "output",
            "yoy_below",
            "%",
            "个月",
            {},
            "工业总产值当月同比增速连续{persistence}个月低于{threshold}%",
        ),
        Kind(
            "below_scale_risk",
            "规上企业面临退规",
            "revenue",
            "run_rate_below",
            "万元",
            "期",
            {"min_months": 3},
            "营业收入按序时折算全年低于{threshold}万元（规上标准）",
        ),
    )
}

KIND_CHOICES: list[tuple[str, str]] = [(k.code, k.label) for k in KINDS.values()]
INDICATOR_CHOICES: list[tuple[str, str]] = list(INDICATORS.items())
COMPARISON_CHOICES: list[tuple[str, str]] = list(COMPARISONS.items())
