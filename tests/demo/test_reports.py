"""Monthly reports: the 累计 identity, January exemption, entries and exits."""

from __future__ import annotations

from collections import defaultdict

import pytest

from econwatch.demo.build import BuildResult
from econwatch.demo.planted import injected_errors
from econwatch.demo.profiles import SMALL
from econwatch.monitoring.models import MonthlyReport
from econwatch.register.models import UnitYear

from .conftest import SEED

pytestmark = pytest.mark.django_db


def identity_failures() -> set[tuple[str, str, str]]:
    """(uscc, period, field) of every report where 上月止累计 + 本月 ≠ 本月止累计."""
    rows = MonthlyReport.objects.filter(is_current=True).values_list(
        "unit__uscc",
        "period",
        "output_month",
        "output_ytd",
        "output_month_base",
        "output_ytd_base",
    )
    by_unit: dict[tuple[str, str], dict[int, tuple[int, int, int, int]]] = defaultdict(
        dict
    )
    for uscc, period, *values in rows:
        by_unit[(uscc, period[:4])][int(period[5:])] = tuple(values)  # type: ignore[assignment]
    failures = set()
    for (uscc, year), months in by_unit.items():
        for m, (month, ytd, month_b, ytd_b) in months.items():
            if m == 1:
                before, before_b = 0, 0
            elif m - 1 in months:
                before, before_b = months[m - 1][1], months[m - 1][3]
            else:
                continue  # the previous report is missing: nothing to check
            if before + month != ytd:
                failures.add((uscc, f"{year}-{m:02d}", "output_month"))
            if before_b + month_b != ytd_b:
                failures.add((uscc, f"{year}-{m:02d}", "output_month_base"))
    return failures


def test_cumulative_identity_holds_except_at_the_injected_errors(
    demo: BuildResult,
) -> None:
    injected = injected_errors(SEED, "small")
    assert len(injected) == SMALL.injected_errors
    assert identity_failures() == {(e.uscc, e.period, e.field) for e in injected}
    assert not any(e.period.endswith(("-12", "-01")) for e in injected)


def test_injected_errors_carry_the_reported_value(demo: BuildResult) -> None:
    for e in injected_errors(SEED, "small"):
        report = MonthlyReport.objects.get(unit__uscc=e.uscc, period=e.period)
        assert getattr(report, e.field) == e.reported != e.correct


def test_injected_errors_default_to_the_built_demo(demo: BuildResult) -> None:
    assert injected_errors() == injected_errors(SEED, "small")


def test_january_financial_figures_are_exempt(demo: BuildResult) -> None:
    january = MonthlyReport.objects.filter(period__endswith="-01")
    assert january.exists()
    assert not january.exclude(revenue_ytd=None).exists()
    assert not january.exclude(profit_ytd_base=None).exists()
    later = MonthlyReport.objects.exclude(period__endswith="-01")
    assert not later.filter(revenue_ytd=None).exists()


def test_losses_and_turnarounds_exist(demo: BuildResult) -> None:
    december = MonthlyReport.objects.filter(period__endswith="-12")
    assert december.filter(profit_ytd__lt=0).exists()
    assert december.filter(profit_ytd__gt=0, profit_ytd_base__lt=0).exists()


def test_above_scale_set_changes_every_year(demo: BuildResult) -> None:
    sets = {
        y: set(
            UnitYear.objects.filter(year=y, above_scale=True).values_list(
                "unit_id", flat=True
            )
        )
        for y in (2022, 2023, 2024)
    }
    for year, members in sets.items():
        assert len(members) == SMALL.above_scale(year)
        reporting = set(
            MonthlyReport.objects.filter(period=f"{year}-12").values_list(
                "unit_id", flat=True
            )
        )
        assert reporting == members
    assert sets[2023] - sets[2022] and sets[2022] - sets[2023]  # entries and exits
    assert sets[2024] - sets[2023] and sets[2023] - sets[2024]


def test_vintage_is_an_arrival_date_in_the_following_month(demo: BuildResult) -> None:
    for period, vintage in MonthlyReport.objects.values_list("period", "vintage")[:500]:
        year, month = int(period[:4]), int(period[5:])
        expected = f"{year + 1}-01" if month == 12 else f"{year}-{month + 1:02d}"
        assert vintage[:7] == expected and len(vintage) == 10
