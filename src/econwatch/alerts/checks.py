"""How each built-in rule kind runs: load the numbers in SQL, decide per enterprise.

One function per kind, registered in :data:`CHECKS`. Each takes the rule (one
version), the evaluation day and the enterprises in scope, loads what it needs
with grouped queries (:mod:`econwatch.monitoring.daily`) and returns one
:class:`~econwatch.alerts.verdicts.Verdict` per enterprise it could judge.
Enterprises absent from the result were not judged (no data): their alerts stay
as they are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeAlias

from django.db.models import Max, Q, QuerySet

from econwatch.alerts import verdicts
from econwatch.alerts.models import AlertRule, Scope
from econwatch.alerts.verdicts import Verdict
from econwatch.monitoring.daily import last_day, tag_holders, unit_window_totals
from econwatch.monitoring.models import MonthlyReport
from econwatch.monitoring.window import (
    Window,
    comparison_window,
    week_windows,
)
from econwatch.register.models import Unit, UnitYear


@dataclass
class CheckResult:
    """A kind's verdicts and how far its data reached.

    Attributes:
        verdicts: Unit id → verdict, for the enterprises judged.
        data_through: The last day (daily kinds) or period (monthly kinds) used.
    """

    verdicts: dict[int, Verdict] = field(default_factory=dict)
    data_through: str = ""


Units: TypeAlias = QuerySet[Unit] | None
"""The enterprises in scope, as a queryset of units (``None``: no restriction)."""

ENDED = (
    Unit.Status.CLOSED,
    Unit.Status.BANKRUPT,
    Unit.Status.DEREGISTERED,
    Unit.Status.REVOKED,
)
"""Register statuses of units that have ended: no rule watches them."""

Check = Callable[[AlertRule, date, Units], CheckResult]


def on_units(units: Units, prefix: str = "unit__") -> Q:
    """A filter restricting rows whose unit is at ``prefix`` to ``units``."""
    return Q() if units is None else Q(**{f"{prefix}pk__in": units.values("pk")})


# -- scope ---------------------------------------------------------------------


def _scale_year(year: int) -> int | None:
    found = (
        UnitYear.objects.filter(year__lte=year, above_scale=True)
        .aggregate(y=Max("year"))
        .get("y")
    )
    return int(found) if found is not None else None


def above_scale_units(year: int) -> QuerySet[UnitYear] | QuerySet[MonthlyReport]:
    """Unit ids that are 规上 in ``year`` (subquery).

    From the register's per-year flag (the latest year up to ``year`` that has
    one); without any flag, the enterprises that file the monthly report, which
    only 规上 enterprises do.
    """
    scale_year = _scale_year(year)
    if scale_year is not None:
        return UnitYear.objects.filter(year=scale_year, above_scale=True).values(
            "unit_id"
        )
    return MonthlyReport.objects.values("unit_id")


def scope_units(
    rule: AlertRule, as_of: date, unit_ids: list[int] | None = None
) -> QuerySet[Unit]:
    """The units a rule watches on a day, optionally only some of them.

    Units the register records as ended (closed, bankrupt, deregistered,
    revoked) are never watched.

    Args:
        rule: The rule version.
        as_of: The evaluation day (tags must be held then; 规上 of that year).
        unit_ids: Restrict to these units (after an import of some enterprises).
    """
    q = ~Q(status__in=ENDED)
    if rule.scope == Scope.TAG:
        q &= Q(pk__in=tag_holders(rule.scope_tag, as_of))
    elif rule.scope == Scope.ABOVE_SCALE:
        q &= Q(pk__in=above_scale_units(as_of.year))
    if unit_ids is not None:
        q &= Q(pk__in=list(unit_ids))
    return Unit.objects.filter(q)


# -- daily kinds -----------------------------------------------------------------

DAILY_MEASURE = {
    "invoice_yoy_drop": "invoices",
    "electricity_below_baseline": "electricity",
}
"""The daily series each daily kind reads."""


def reference_day(rule: AlertRule, as_of: date) -> date:
    """The day a rule's data stand on: for daily kinds the last day loaded, if earlier.

    Scope (tags held, 规上 of the year) is taken on this day too, so evaluating after
    the data ends judges the enterprises as they were then.
    """
    measure = DAILY_MEASURE.get(rule.kind)
    if measure is None:
        return as_of
    data_end = last_day(measure)
    return as_of if data_end is None else min(as_of, data_end)


def _weeks(rule: AlertRule, as_of: date, measure: str) -> list[Window] | None:
    if last_day(measure) is None:
        return None
    end = reference_day(rule, as_of)
    return week_windows(
        end, max(rule.persistence, 1), int(rule.params()["window_days"])
    )


def invoice_yoy_drop(rule: AlertRule, as_of: date, units: Units) -> CheckResult:
    """开票销售 down more than the threshold y/y for N consecutive weeks."""
    weeks = _weeks(rule, as_of, "invoices")
    if weeks is None:
        return CheckResult()
    alignment = rule.params()["alignment"]
    bases = [comparison_window(w, alignment) for w in weeks]
    totals = unit_window_totals("invoices", weeks + bases, on_units(units))
    labels = [w.label() for w in weeks]
    result = CheckResult(data_through=weeks[0].end.isoformat())
    for unit_id, sums in totals.items():
        result.verdicts[unit_id] = verdicts.yoy_drop(
            [sums.get(w, 0) for w in weeks],
            [sums.get(b, 0) for b in bases],
            rule.threshold,
            labels,
        )
    return result


def electricity_below_baseline(
    rule: AlertRule, as_of: date, units: Units
) -> CheckResult:
    """Weekly electricity below X % of its baseline for N consecutive weeks.

    Baseline ``last_year``: the median of last year's aligned week and the weeks
    either side of it. Baseline ``prior_weeks``: the median of the
    ``baseline_weeks`` weeks before the weeks judged.
    """
    weeks = _weeks(rule, as_of, "electricity")
    if weeks is None:
        return CheckResult()
    params = rule.params()
    days = int(params["window_days"])
    if params["baseline"] == "prior_weeks":
        before = weeks[-1].start - timedelta(days=1)
        prior = week_windows(before, int(params["baseline_weeks"]), days)
        baseline_sets = [prior for _ in weeks]
    else:
        baseline_sets = []
        for w in weeks:
            aligned = comparison_window(w, params["alignment"])
            baseline_sets.append(
                [aligned.shifted(-days), aligned, aligned.shifted(days)]
            )
    needed = list(weeks) + [b for bs in baseline_sets for b in bs]
    totals = unit_window_totals("electricity", needed, on_units(units))
    labels = [w.label() for w in weeks]
    result = CheckResult(data_through=weeks[0].end.isoformat())
    for unit_id, sums in totals.items():
        result.verdicts[unit_id] = verdicts.below_baseline(
            [sums.get(w, 0) for w in weeks],
            [[sums.get(b, 0) for b in bs] for bs in baseline_sets],
            rule.threshold,
            labels,
            int(params.get("min_baseline", 0)),
        )
    return result


# -- monthly kinds ---------------------------------------------------------------


def previous_period(period: str) -> str:
    """The statistical period before ``period`` (no January: 02 → last year's 12)."""
    year, month = int(period[:4]), int(period[5:7])
    month -= 1
    if month <= 1:
        year, month = year - 1, 12
    return f"{year:04d}-{month:02d}"


def periods_back(period: str, count: int) -> list[str]:
    """``count`` statistical periods ending at ``period``, most recent first."""
    out = [period]
    while len(out) < count:
        out.append(previous_period(out[-1]))
    return out


def last_closed_period(as_of: date) -> str:
    """The latest statistical period that has ended by ``as_of`` (January → 12)."""
    first = as_of.replace(day=1) - timedelta(days=1)
    period = f"{first.year:04d}-{first.month:02d}"
    return previous_period(period) if first.month == 1 else period


def due_date(period: str, due_day: int) -> date:
    """Day ``due_day`` of the month after ``period``."""
    year, month = int(period[:4]), int(period[5:7])
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return date(year, month, due_day)


def _arrival(vintage: str) -> str | None:
    try:
        return date.fromisoformat(vintage[:10]).isoformat()
    except ValueError:
        return None


def _latest_imported(cutoff: str) -> str | None:
    found = (
        MonthlyReport.objects.filter(is_current=True, period__lte=cutoff)
        .exclude(period__endswith="-01")
        .aggregate(p=Max("period"))
        .get("p")
    )
    return str(found) if found else None


def monthly_report_missing(rule: AlertRule, as_of: date, units: Units) -> CheckResult:
    """A due monthly report missing (or late) in the last ``lookback`` periods.

    The threshold is the due day: the report for a month is due by that day of
    the next month (8 in 岳阳's rule); a report counts as late when its vintage is
    a date after the due day.

    A period is checked once it is past its due day and open for collection (at
    least one enterprise's report for it has been imported), so a district that
    has not loaded a month yet is not told every enterprise is late. The periods
    are the last ``lookback`` ones up to the latest such period, so evaluating
    long after the data (a demo, a backlog) still checks the last months loaded.
    """
    params = rule.params()
    due_day = int(rule.threshold)
    last_due = last_closed_period(as_of)
    if as_of <= due_date(last_due, due_day):
        last_due = previous_period(last_due)
    latest = _latest_imported(last_due)
    if latest is None:
        return CheckResult()
    candidates = periods_back(latest, int(params["lookback"]))
    imported = set(
        MonthlyReport.objects.filter(period__in=candidates, is_current=True)
        .values_list("period", flat=True)
        .distinct()
    )
    periods = [p for p in candidates if p in imported]
    result = CheckResult(data_through=max(periods, default=""))
    if not periods:
        return result
    expected: dict[int, list[str]] = defaultdict(list)
    for period in periods:
        year_units = above_scale_units(int(period[:4]))
        ids = Unit.objects.filter(pk__in=year_units).filter(on_units(units, ""))
        for unit_id in ids.values_list("pk", flat=True):
            expected[unit_id].append(period)
    arrived: dict[int, dict[str, str | None]] = defaultdict(dict)
    rows = MonthlyReport.objects.filter(period__in=periods).filter(on_units(units))
    for unit_id, period, vintage in rows.values_list("unit_id", "period", "vintage"):
        when = _arrival(vintage) if params.get("count_late", True) else None
        known = arrived[unit_id].get(period, "")
        if period not in arrived[unit_id] or (when and (not known or when < known)):
            arrived[unit_id][period] = when
    for unit_id, due_periods in expected.items():
        due = [(p, due_date(p, due_day).isoformat()) for p in due_periods]
        result.verdicts[unit_id] = verdicts.overdue_reports(
            due, arrived.get(unit_id, {})
        )
    return result


def output_decline_streak(rule: AlertRule, as_of: date, units: Units) -> CheckResult:
    """当月工业总产值 growth below the threshold for N periods in a row."""
    latest = _latest_imported(last_closed_period(as_of))
    if latest is None:
        return CheckResult()
    periods = periods_back(latest, max(rule.persistence, 1))
    rows = (
        MonthlyReport.objects.filter(is_current=True, period__in=periods)
        .filter(on_units(units))
        .values_list("unit_id", "period", "output_month", "output_month_base")
    )
    by_unit: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for unit_id, period, value, base in rows:
        by_unit[unit_id][period] = (value, base)
    result = CheckResult(data_through=latest)
    for unit_id, found in by_unit.items():
        series = [(p, *found.get(p, (None, None))) for p in periods]
        result.verdicts[unit_id] = verdicts.decline_streak(
            series, rule.persistence, rule.threshold
        )
    return result


def below_scale_risk(rule: AlertRule, as_of: date, units: Units) -> CheckResult:
    """A 规上 enterprise whose revenue run-rate is below the 2000万元 line."""
    latest = _latest_imported(last_closed_period(as_of))
    if latest is None:
        return CheckResult()
    months = int(latest[5:7])
    min_months = int(rule.params().get("min_months", 1))
    rows = (
        MonthlyReport.objects.filter(is_current=True, period=latest)
        .filter(on_units(units))
        .values_list("unit_id", "revenue_ytd")
    )
    result = CheckResult(data_through=latest)
    for unit_id, revenue in rows:
        result.verdicts[unit_id] = verdicts.run_rate_below(
            latest, revenue, months, Decimal(rule.threshold), min_months
        )
    return result


CHECKS: dict[str, Check] = {
    "invoice_yoy_drop": invoice_yoy_drop,
    "electricity_below_baseline": electricity_below_baseline,
    "monthly_report_missing": monthly_report_missing,
    "output_decline_streak": output_decline_streak,
    "below_scale_risk": below_scale_risk,
}
