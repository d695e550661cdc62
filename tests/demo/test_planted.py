"""Planted anomalies trip the seeded alert rules' conditions, and nobody else does.

The conditions are those of ``econwatch.alerts`` migration 0002 (two weeks of
invoices down more than 20 % y/y for backbone enterprises; a week of electricity
under 30 % of last year's; three months of output below 上年同期; a revenue
run-rate under 2000万元; a report missing or later than the 8th), computed here
with plain sums at the end of the data (2024-12-31).
"""

from __future__ import annotations

import datetime as dt
import statistics

import pytest
from django.db.models import Q, Sum

from econwatch.demo.build import BuildResult
from econwatch.demo.planted import PlantedAnomaly, planted_anomalies
from econwatch.monitoring.models import DailyElectricity, DailyInvoice, MonthlyReport
from econwatch.register.models import Unit, UnitTag, UnitYear

from .conftest import SEED

pytestmark = pytest.mark.django_db
END = dt.date(2024, 12, 31)


def planted() -> dict[str, int]:
    cases: list[PlantedAnomaly] = planted_anomalies(SEED, "small")
    ids = dict(Unit.objects.values_list("uscc", "id"))
    return {c.code: ids[c.uscc] for c in cases}


def window_sums(
    model: type, field: str, start: dt.date, end: dt.date
) -> dict[int, int]:
    rows = (
        model.objects.filter(day__range=(start, end))
        .values("unit_id")
        .annotate(s=Sum(field))
        .values_list("unit_id", "s")
    )
    return dict(rows)


def last_year(day: dt.date) -> dt.date:
    return day.replace(year=day.year - 1)


def week(end: dt.date, back: int = 0) -> tuple[dt.date, dt.date]:
    stop = end - dt.timedelta(days=7 * back)
    return stop - dt.timedelta(days=6), stop


def test_one_case_each_all_different(demo: BuildResult) -> None:
    ids = planted()
    assert set(ids) == {
        "invoice-drop",
        "electricity-low",
        "output-decline",
        "below-scale",
        "report-missing",
        "report-late",
    }
    assert len(set(ids.values())) == len(ids)


@pytest.mark.parametrize("end", [END, dt.date(2024, 12, 15), dt.date(2024, 11, 30)])
def test_invoice_drop_only_for_the_planted_backbone_enterprise(
    demo: BuildResult, end: dt.date
) -> None:
    backbone = set(
        UnitTag.objects.filter(tag__code="backbone", valid_from__lte=end)
        .filter(Q(valid_to=None) | Q(valid_to__gte=end))
        .values_list("unit_id", flat=True)
    )
    dropping = None
    for back in (0, 1):
        start, stop = week(end, back)
        now = window_sums(DailyInvoice, "amount", start, stop)
        then = window_sums(DailyInvoice, "amount", last_year(start), last_year(stop))
        down = {u for u in backbone if then.get(u) and now.get(u, 0) < 0.8 * then[u]}
        dropping = down if dropping is None else dropping & down
    assert dropping == {planted()["invoice-drop"]}


def test_electricity_low_only_for_the_planted_enterprise(demo: BuildResult) -> None:
    start, stop = week(END)
    now = window_sums(DailyElectricity, "kwh", start, stop)
    aligned = [
        window_sums(DailyElectricity, "kwh", last_year(a), last_year(b))
        for a, b in (week(END, 1), week(END), week(END + dt.timedelta(days=7)))
    ]
    low = set()
    for unit, value in now.items():
        baseline = statistics.median(w.get(unit, 0) for w in aligned)
        if baseline >= 1000 and value < 0.3 * baseline:
            low.add(unit)
    assert low == {planted()["electricity-low"]}


@pytest.mark.parametrize("last", ["2024-12", "2024-11"])
def test_output_declines_three_months_only_where_planted(
    demo: BuildResult, last: str
) -> None:
    periods = {
        "2024-12": ["2024-10", "2024-11", "2024-12"],
        "2024-11": ["2024-09", "2024-10", "2024-11"],
    }[last]
    below: dict[int, int] = {}
    for unit, month, base in MonthlyReport.objects.filter(
        period__in=periods
    ).values_list("unit_id", "output_month", "output_month_base"):
        below[unit] = below.get(unit, 0) + (month < base)
    falling = {u for u, n in below.items() if n == 3}
    ids = planted()
    assert ids["output-decline"] in falling
    assert falling <= {ids["output-decline"], ids["below-scale"]}


def test_revenue_run_rate_below_scale_only_where_planted(demo: BuildResult) -> None:
    low = set()
    for period, months in (("2024-12", 12), ("2024-11", 11), ("2024-10", 10)):
        for unit, revenue in MonthlyReport.objects.filter(period=period).values_list(
            "unit_id", "revenue_ytd"
        ):
            if revenue * 12 / months < 20_000:
                low.add(unit)
    assert low == {planted()["below-scale"]}


def test_reports_missing_or_late_only_where_planted(demo: BuildResult) -> None:
    ids = planted()
    expected = set(
        UnitYear.objects.filter(year=2024, above_scale=True).values_list(
            "unit_id", flat=True
        )
    )
    arrived = set(
        MonthlyReport.objects.filter(period="2024-11").values_list("unit_id", flat=True)
    )
    assert expected - arrived == {ids["report-missing"]}
    late = {
        unit
        for unit, period, vintage in MonthlyReport.objects.values_list(
            "unit_id", "period", "vintage"
        )
        if int(vintage[8:10]) > 8
    }
    assert late == {ids["report-late"]}
