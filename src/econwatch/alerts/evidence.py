"""An alert's evidence as people read it: labelled facts and small tables.

The evaluation stores the numbers that decided as JSON (see
:func:`econwatch.alerts.evaluation.apply`): the rule's code, version and
sentence, the evaluation day, how far the data reached, the reason in words and
the kind's own numbers (weeks or months with their values, missing and late
reports, a run-rate). This module turns that JSON into label/value facts and
tables in the monitoring pages' table shape, so the detail page, its JSON twin
and its Excel export show the same evidence. Keys it does not know are shown
under their own name rather than hidden.
"""

from __future__ import annotations

from typing import Any

from econwatch.monitoring.pages.tables import (
    Column,
    Table,
    integer,
    number,
    rounded,
    text,
)

UNITS = {
    "invoice_yoy_drop": "元",
    "electricity_below_baseline": "千瓦时",
    "output_decline_streak": "千元",
}
"""The unit of ``value``/``base``/``baseline`` in each kind's evidence."""

FACTS: dict[str, tuple[str, str]] = {
    "as_of": ("评估日", ""),
    "data_through": ("数据截至", ""),
    "rule_version": ("判定所用规则版本", "v"),
    "threshold_pct": ("预警线", "%"),
    "period": ("报告期", ""),
    "months": ("累计月数", "个月"),
    "revenue_ytd_wanyuan": ("1—本月营业收入", "万元"),
    "run_rate_wanyuan": ("按序时折算全年营业收入", "万元"),
    "threshold_wanyuan": ("规上标准", "万元"),
}
"""Scalar keys: label and unit (``v`` is a prefix: ``v2``)."""

SKIPPED = {"rule", "rule_text", "text"}
"""Keys shown elsewhere on the page (the rule, the reason)."""

LISTS = {
    "periods": "判定依据：各期数字（由近及远）",
    "missing": "逾期未报的月报",
    "late": "迟报的月报",
}
"""List keys and the titles of their tables."""


def _column(key: str, unit: str) -> Column:
    """How a column of an evidence list prints."""
    with_unit = f"（{unit}）" if unit else ""
    known = {
        "label": text("label", "周期"),
        "period": text("period", "报告期"),
        "due": text("due", "应报日期"),
        "arrived": text("arrived", "报送日期"),
        "value": integer("value", f"本期{with_unit}"),
        "base": integer("base", f"上年同期{with_unit}"),
        "baseline": integer("baseline", f"基线{with_unit}"),
        "growth_pct": number("growth_pct", "同比（%）", 1),
        "share_pct": number("share_pct", "占基线（%）", 1),
    }
    return known.get(key, text(key, key))


def _cell(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if column.kind == "number":
        return rounded(value, column.places)
    if column.kind == "int":
        return rounded(value, 0)
    return str(value)


def _fact(key: str, value: Any) -> dict[str, str]:
    label, unit = FACTS.get(key, (key, ""))
    if value is None or value == "":
        shown = "—"
    elif unit == "v":
        shown = f"v{value}"
    elif isinstance(value, float) and unit == "%":
        shown = f"{rounded(value, 1):.1f}%"
    elif isinstance(value, float):
        shown = f"{rounded(value, 1):.1f}{unit}"
    else:
        shown = f"{value}{unit}"
    return {"key": key, "label": label, "value": shown}


def read(evidence: dict[str, Any], kind: str) -> dict[str, Any]:
    """Facts and tables of an alert's evidence.

    Args:
        evidence: ``Alert.evidence`` as stored.
        kind: The rule's kind (decides the unit of values).

    Returns:
        ``{"text", "rule_text", "facts": [...], "tables": [Table, ...]}``.
    """
    unit = UNITS.get(kind, "")
    facts: list[dict[str, str]] = []
    tables: list[Table] = []
    for key, value in evidence.items():
        if key in SKIPPED:
            continue
        if isinstance(value, list):
            rows = [r for r in value if isinstance(r, dict)]
            if not rows:
                continue
            keys: list[str] = []
            for row in rows:
                keys += [k for k in row if k not in keys]
            columns = [_column(k, unit) for k in keys]
            tables.append(
                Table(
                    f"evidence_{key}",
                    LISTS.get(key, key),
                    columns,
                    [
                        {c.key: _cell(c, row.get(c.key)) for c in columns}
                        for row in rows
                    ],
                )
            )
        elif not isinstance(value, dict):
            facts.append(_fact(key, value))
    return {
        "text": str(evidence.get("text", "")),
        "rule_text": str(evidence.get("rule_text", "")),
        "facts": facts,
        "tables": tables,
    }
