"""The daily loaders: sums in SQL by day and by enterprise × window, selections."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from econwatch.accounts.services import create_user
from econwatch.monitoring import rollup
from econwatch.monitoring.daily import (
    Selection,
    SelectionError,
    daily_series,
    daily_totals,
    daily_watch,
    last_day,
    unit_window_totals,
)
from econwatch.monitoring.models import DailyElectricity, DailyInvoice
from econwatch.monitoring.window import Window, month_to_date, rolling_window
from econwatch.register.models import ReportingScope, Tag, Unit, UnitTag

HUTANG, NIUTANG = "320412100000", "320412102000"
START, END = date(2023, 1, 1), date(2024, 3, 15)


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


@pytest.fixture
def district(db):
    a = Unit.objects.create(kind="legal", name="甲", division_id=HUTANG)
    b = Unit.objects.create(kind="legal", name="乙", division_id=HUTANG)
    c = Unit.objects.create(kind="legal", name="丙", division_id=NIUTANG)
    rows = []
    for unit, per_day in ((a, 100), (b, 200), (c, 1000)):
        for d in _days(START, END):
            growth = 11 if d.year == 2024 else 10
            rows.append(DailyInvoice(unit=unit, day=d, amount=per_day * growth))
    DailyInvoice.objects.bulk_create(rows)
    DailyElectricity.objects.create(unit=a, day=date(2024, 3, 1), kwh=5)
    tag = Tag.objects.create(code="backbone", name="骨干企业")
    UnitTag.objects.create(unit=a, tag=tag, valid_from=date(2020, 1, 1))
    UnitTag.objects.create(
        unit=c, tag=tag, valid_from=date(2020, 1, 1), valid_to=date(2023, 12, 31)
    )
    scope = ReportingScope.objects.create(code="hutang", name="湖塘口径")
    scope.divisions.set([HUTANG])
    return a, b, c


def test_daily_totals_sum_the_selection_by_day(district) -> None:
    _, b, c = district
    week = rolling_window(date(2024, 3, 15))
    assert daily_totals("invoices", [week]) == {
        d: 1300 * 11 for d in _days(week.start, week.end)
    }
    assert set(daily_totals("invoices", [week], Selection(town=HUTANG)).values()) == {
        3300
    }
    assert set(
        daily_totals("invoices", [week], Selection(scope="湖塘口径")).values()
    ) == {3300}
    ids = Selection(unit_ids=(b.pk, c.pk))
    assert set(daily_totals("invoices", [week], ids).values()) == {13200}


def test_tag_selection_honours_validity(district) -> None:
    week = rolling_window(date(2024, 3, 15))
    ever = Selection(tag="backbone")
    now = Selection(tag="backbone", tag_on=date(2024, 3, 15))
    assert set(daily_totals("invoices", [week], ever).values()) == {1100 * 11}
    assert set(daily_totals("invoices", [week], now).values()) == {100 * 11}


def test_only_the_windows_days_are_read_in_one_grouped_query(district) -> None:
    windows = [
        rolling_window(date(2024, 3, 15)),
        Window(date(2023, 3, 1), date(2023, 3, 3)),
    ]
    with CaptureQueriesContext(connection) as ctx:
        totals = daily_totals("invoices", windows)
    assert len(ctx.captured_queries) == 1
    assert "GROUP BY" in ctx.captured_queries[0]["sql"].upper()
    assert len(totals) == 10


def test_series_fills_missing_days(district) -> None:
    series = daily_series("electricity", date(2024, 2, 28), date(2024, 3, 2))
    assert series == [
        (date(2024, 2, 28), 0),
        (date(2024, 2, 29), 0),
        (date(2024, 3, 1), 5),
        (date(2024, 3, 2), 0),
    ]


def test_unit_window_totals_with_overlapping_windows(district) -> None:
    a, _, c = district
    week, mtd = rolling_window(date(2024, 3, 15)), month_to_date(date(2024, 3, 15))
    last_year = Window(date(2023, 3, 9), date(2023, 3, 15))
    totals = unit_window_totals("invoices", [week, mtd, last_year])
    assert totals[a.pk] == {week: 7 * 1100, mtd: 15 * 1100, last_year: 7 * 1000}
    assert totals[c.pk][mtd] == 15 * 11000


def test_daily_watch_for_a_town(district) -> None:
    watch = daily_watch("invoices", Selection(town=HUTANG))
    assert watch is not None
    assert watch.as_of == date(2024, 3, 15) == last_day("invoices")
    assert watch.mtd.growth_pct == 10
    assert watch.last7_festival.growth_pct == 10
    assert watch.projected_month == 31 * 3300
    assert daily_watch("electricity", Selection(town=NIUTANG)) is None


def test_last_day_starts_from_the_roll_up_and_never_misses_a_day(district) -> None:
    a, _, c = district
    assert last_day("invoices") == date(2024, 3, 15)  # no roll-up yet: whole series
    rollup.refresh()
    assert last_day("invoices") == date(2024, 3, 15)
    assert last_day("electricity") == date(2024, 3, 1)
    assert last_day("invoices", Selection(town=NIUTANG)) == date(2024, 3, 15)
    # Electricity ends before the roll-up's last month: the series is searched.
    DailyElectricity.objects.create(unit=c, day=date(2024, 1, 9), kwh=7)
    DailyInvoice.objects.create(unit=c, day=date(2024, 5, 2), amount=9)
    rollup.refresh()
    assert last_day("electricity", Selection(town=NIUTANG)) == date(2024, 1, 9)
    assert last_day("invoices", Selection(town=HUTANG)) == date(2024, 3, 15)
    DailyInvoice.objects.create(unit=a, day=date(2024, 4, 29), amount=3)
    assert last_day("invoices", Selection(town=HUTANG)) == date(2024, 4, 29)
    # A day written after the last roll-up is still found.
    DailyInvoice.objects.create(unit=a, day=date(2024, 6, 3), amount=1)
    assert last_day("invoices") == date(2024, 6, 3)


def test_a_town_officer_sums_only_their_town(district) -> None:
    officer = create_user("wang", "pw-123456", "town_officer", division_code=NIUTANG)
    week = rolling_window(date(2024, 3, 15))
    assert set(daily_totals("invoices", [week], user=officer).values()) == {11000}


def test_unknown_scope_and_measure_say_so(district) -> None:
    with pytest.raises(SelectionError, match="统计口径"):
        daily_totals("invoices", [rolling_window(END)], Selection(scope="不存在"))
    with pytest.raises(SelectionError, match="invoices"):
        last_day("water")
