"""Record-level checks of the monthly report, behind one interface.

The checks are declared in ``rules/monthly.yaml`` and run by the rule engine
(:func:`econwatch.core.rules.evaluate.check_record`), so the bureau can read and
change them as data. A rule id ``<code>:<field>[:<variant>]`` names the problem
code and the field the problem is shown in. :class:`PythonMonthlyChecks` is the
same set written in Python; it is used only when the rule engine cannot be loaded,
and a test keeps the two in agreement.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

from econwatch.monitoring.imports.problems import Severity

RULES_DIR = Path(__file__).parent / "rules"
GROWTH_LIMIT = 0.5

Record = Mapping[str, object]


@dataclass(frozen=True, slots=True)
class Finding:
    """A failed check: problem code, field key, Chinese message, severity."""

    code: str
    field: str
    message: str
    severity: Severity


class RecordChecks(Protocol):
    """Checks one record, optionally against the previous period's record."""

    name: str

    def check(self, record: Record, prev: Record | None) -> list[Finding]:
        """Return the failed checks (NA outcomes are not failures)."""
        ...


class RuleFileChecks:
    """Checks from a shipped YAML rule file, run by the rule engine.

    Args:
        path: The rule file.
    """

    def __init__(self, path: Path) -> None:
        """Load and parse the rule file (raises when the file has problems)."""
        from econwatch.core.rules.loader import load_ruleset

        self.ruleset = load_ruleset(path)
        self.name = f"rules:{path.name}"

    def check(self, record: Record, prev: Record | None) -> list[Finding]:
        """Run every rule on the record; failures become findings."""
        from econwatch.core.rules.evaluate import check_record
        from econwatch.core.rules.ruleset import Outcome
        from econwatch.core.rules.ruleset import Severity as RuleSeverity

        found = []
        for verdict in check_record(self.ruleset, record, prev):
            if verdict.outcome is not Outcome.FAIL:
                continue
            code, field = verdict.rule_id.split(":")[:2]
            severity: Severity = (
                "error" if verdict.severity is RuleSeverity.ERROR else "warning"
            )
            found.append(Finding(code, field, verdict.message, severity))
        return found


_NON_NEGATIVE = {
    "output_month": "工业总产值本月为{}千元",
    "output_month_base": "工业总产值本月上年同期为{}千元",
    "output_ytd": "工业总产值1—本月为{}千元",
    "output_ytd_base": "工业总产值1—本月上年同期为{}千元",
    "revenue_ytd": "营业收入1—本月为{}千元",
    "revenue_ytd_base": "营业收入1—本月上年同期为{}千元",
    "electricity_month": "用电量本月为{}千瓦时",
    "employees": "从业人员期末人数为{}",
}
_GROWTH = {
    "output_month": ("output_month_base", "工业总产值本月"),
    "output_ytd": ("output_ytd_base", "工业总产值1—本月"),
    "revenue_ytd": ("revenue_ytd_base", "营业收入1—本月"),
}


class PythonMonthlyChecks:
    """The checks of ``rules/monthly.yaml`` written in Python (the fallback)."""

    name = "python"

    def check(self, record: Record, prev: Record | None) -> list[Finding]:
        """Run every check; see ``rules/monthly.yaml`` for their meaning."""
        r = dict(record)
        found = [
            Finding(
                "negative-value",
                key,
                text.format(r[key]) + "，不能为负数；请核对数值和正负号",
                "error",
            )
            for key, text in _NON_NEGATIVE.items()
            if _num(r.get(key)) is not None and _num(r[key]) < 0  # type: ignore[operator]
        ]
        found += self._ytd(r)
        found += self._chain(r, prev)
        for key in ("revenue_ytd", "profit_ytd"):
            if r.get(key) is not None and r.get(f"{key}_base") is None:
                found.append(
                    Finding(
                        "base-missing",
                        f"{key}_base",
                        f"填了{'营业收入' if key == 'revenue_ytd' else '利润总额'}"
                        f"1—本月{r[key]}千元，却没有上年同期数；请补填",
                        "warning",
                    )
                )
        for key, (base_key, label) in _GROWTH.items():
            value, base = _num(r.get(key)), _num(r.get(base_key))
            if value is None or base is None or base <= 0:
                continue
            if abs(value / base - 1) > GROWTH_LIMIT:
                found.append(
                    Finding(
                        "growth-out-of-range",
                        key,
                        f"{label}{r[key]}千元，上年同期{r[base_key]}千元，"
                        "增速超过±50%；请核实，属实的请注明原因",
                        "warning",
                    )
                )
        return found

    @staticmethod
    def _ytd(r: dict[str, object]) -> list[Finding]:
        found = []
        for ytd, month in (
            ("output_ytd", "output_month"),
            ("output_ytd_base", "output_month_base"),
        ):
            a, b = _num(r.get(ytd)), _num(r.get(month))
            if a is not None and b is not None and a < b:
                found.append(
                    Finding(
                        "ytd-less-than-month",
                        ytd,
                        f"1—本月{r[ytd]}千元小于本月{r[month]}千元；"
                        "累计数应不小于本月数，请核对两列是否填反",
                        "error",
                    )
                )
        return found

    @staticmethod
    def _chain(r: dict[str, object], prev: Record | None) -> list[Finding]:
        found = []
        for ytd, this_month, code, severity in (
            ("output_ytd", "output_month", "ytd-chain-broken", "error"),
            ("output_ytd_base", "output_month_base", "base-chain-broken", "warning"),
        ):
            a, b = _num(r.get(ytd)), _num(r.get(this_month))
            if a is None or b is None:
                continue
            month = _num(r.get("month"))
            expected: float | None = None
            if month == 2:
                expected = b
            elif month is not None and month > 2 and prev is not None:
                before = _num(prev.get(ytd))
                expected = None if before is None else before + b
            if expected is not None and expected != a:
                found.append(
                    Finding(
                        code,
                        ytd,
                        f"上月止累计 + 本月 = {expected:g}千元，"
                        f"与1—本月{r[ytd]}千元不符（1—2月本月应等于累计）；"
                        "请核对本月数或累计数",
                        severity,  # type: ignore[arg-type]
                    )
                )
        return found


def _num(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


@cache
def monthly_checks() -> RecordChecks:
    """The checks used by the monthly import: the rule file, else Python."""
    try:
        return RuleFileChecks(RULES_DIR / "monthly.yaml")
    except ImportError:
        return PythonMonthlyChecks()
