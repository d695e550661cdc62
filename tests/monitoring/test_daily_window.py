"""Windows, same-days comparison (with 29 February), projection, watch figures."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest

from econwatch.monitoring.festival import spring_festival
from econwatch.monitoring.watch import daily_watch_from_totals, windows_needed
from econwatch.monitoring.window import (
    Window,
    comparison_window,
    disjoint_layers,
    festival_window,
    merge_windows,
    month_to_date,
    one_year_back,
    projection,
    rolling_window,
    same_days_last_year,
    week_windows,
)

D = date


def test_one_year_back_maps_29_february_to_28() -> None:
    assert one_year_back(D(2024, 2, 29)) == D(2023, 2, 28)
    assert one_year_back(D(2025, 3, 1)) == D(2024, 3, 1)


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        (
            Window(D(2024, 2, 23), D(2024, 2, 29)),
            Window(D(2023, 2, 22), D(2023, 2, 28)),
        ),
        (Window(D(2024, 3, 1), D(2024, 3, 7)), Window(D(2023, 3, 1), D(2023, 3, 7))),
        (Window(D(2025, 3, 1), D(2025, 3, 7)), Window(D(2024, 3, 1), D(2024, 3, 7))),
        (Window(D(2025, 2, 26), D(2025, 3, 4)), Window(D(2024, 2, 27), D(2024, 3, 4))),
        (month_to_date(D(2024, 2, 29)), Window(D(2023, 2, 1), D(2023, 2, 28), "month")),
        (month_to_date(D(2025, 2, 28)), Window(D(2024, 2, 1), D(2024, 2, 29), "month")),
        (month_to_date(D(2024, 2, 28)), Window(D(2023, 2, 1), D(2023, 2, 28), "month")),
        (month_to_date(D(2024, 3, 15)), Window(D(2023, 3, 1), D(2023, 3, 15), "month")),
    ],
    ids=[
        "week-ending-29-feb",
        "week-after-leap-day",
        "week-over-last-years-leap-day",
        "week-across-leap-month-end",
        "mtd-29-feb-is-whole-month",
        "mtd-28-feb-2025-is-whole-feb-2024",
        "mtd-28-feb-leap-year",
        "mtd-mid-month",
    ],
)
def test_same_days_last_year(window: Window, expected: Window) -> None:
    assert same_days_last_year(window) == expected


def test_rolling_comparison_keeps_its_length() -> None:
    day = D(2024, 1, 1)
    while day < D(2025, 12, 31):
        w = rolling_window(day)
        assert same_days_last_year(w).days == 7
        assert festival_window(w).days == 7
        day += timedelta(days=13)


def test_festival_window_is_at_the_same_offset() -> None:
    week = rolling_window(D(2024, 2, 17))  # 初二 to 初八 2024
    aligned = festival_window(week)
    assert aligned == Window(D(2023, 1, 23), D(2023, 1, 29))
    assert aligned.start - spring_festival(2023) == week.start - spring_festival(2024)


def test_auto_alignment_uses_the_festival_only_in_season() -> None:
    festive, summer = rolling_window(D(2024, 2, 17)), rolling_window(D(2024, 6, 14))
    assert comparison_window(festive, "auto") == festival_window(festive)
    assert comparison_window(summer, "auto") == same_days_last_year(summer)
    with pytest.raises(ValueError, match="lunar"):
        comparison_window(summer, "lunar")  # type: ignore[arg-type]


def test_week_windows_are_consecutive_most_recent_first() -> None:
    weeks = week_windows(D(2024, 6, 14), 3)
    assert [w.end for w in weeks] == [D(2024, 6, 14), D(2024, 6, 7), D(2024, 5, 31)]
    assert weeks[0].start == weeks[1].end + timedelta(days=1)


def test_merge_and_layers() -> None:
    a = Window(D(2024, 1, 1), D(2024, 1, 7))
    b = Window(D(2024, 1, 8), D(2024, 1, 14))
    c = Window(D(2024, 1, 1), D(2024, 1, 31), "month")
    far = Window(D(2023, 1, 1), D(2023, 1, 7))
    assert merge_windows([a, b, far]) == [(far.start, far.end), (a.start, b.end)]
    layers = disjoint_layers([a, b, c, far, a])
    assert sorted(len(x) for x in layers) == [1, 3]
    for layer in layers:
        for x in layer:
            for y in layer:
                assert x == y or x.end < y.start or y.end < x.start


def test_projection() -> None:
    assert projection(40, 100, 50) == 80
    assert projection(40, 100, 0) is None


def _flat(start: date, end: date, value: int) -> dict[date, int]:
    return {start + timedelta(days=i): value for i in range((end - start).days + 1)}


def test_watch_figures_on_a_flat_series() -> None:
    values = _flat(D(2023, 1, 1), D(2023, 12, 31), 100)
    values |= _flat(D(2024, 1, 1), D(2024, 3, 15), 110)
    watch = daily_watch_from_totals("invoices", values, D(2024, 3, 15))
    assert (watch.last7.value, watch.last7.base) == (770, 700)
    assert watch.last7.growth_pct == 10
    assert (watch.mtd.value, watch.mtd.base) == (1650, 1500)
    assert watch.last_year_month == 3100
    assert watch.projected_month == 3410  # 1650 × 3100 / 1500 = 110 × 31 days
    assert watch.projected_growth_pct == 10
    data = watch.as_dict()
    assert data["mtd"]["growth_text"] == "增长10.0%"
    assert data["projected_month"] == 3410
    assert "本月累计1650元" in data["summary"]
    assert data["seasonal"] is True  # 春节 2024 + 30 days reaches 11 March


def test_projection_on_the_last_day_is_the_month() -> None:
    values = _flat(D(2023, 2, 1), D(2023, 2, 28), 100) | _flat(
        D(2024, 2, 1), D(2024, 2, 29), 50
    )
    watch = daily_watch_from_totals("electricity", values, D(2024, 2, 29))
    assert watch.projected_month == watch.mtd.value == 29 * 50


def test_festival_alignment_removes_the_holiday_dip() -> None:
    """A week-long holiday dip: calendar 同比 shows a collapse, aligned 同比 none."""
    values: dict[date, int] = {}
    for year in (2023, 2024):
        festival = spring_festival(year)
        for day, v in _flat(D(year, 1, 1), D(year, 3, 31), 100).items():
            values[day] = 10 if 0 <= (day - festival).days < 7 else v
    watch = daily_watch_from_totals("invoices", values, D(2024, 2, 16))
    assert watch.last7.growth_pct == Fraction(-90)
    assert watch.last7_festival.growth_pct == 0
    assert watch.seasonal and watch.as_dict()["seasonal"] is True


def test_windows_needed_cover_every_figure() -> None:
    as_of = D(2024, 2, 16)
    needed = windows_needed(as_of)
    values = {d: 1 for w in needed for d in (w.start, w.end)}
    assert daily_watch_from_totals("invoices", values, as_of).last_year_month >= 1
    assert Window(D(2023, 2, 1), D(2023, 2, 28), "month") in needed


def test_unknown_measure_is_refused() -> None:
    with pytest.raises(ValueError, match="invoices"):
        daily_watch_from_totals("water", {}, D(2024, 1, 1))
