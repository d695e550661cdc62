"""The Spring Festival table and lunar alignment."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from econwatch.monitoring.festival import (
    FestivalRangeError,
    festival_aligned,
    festival_dates,
    festival_offset,
    in_festival_season,
    spring_festival,
)


def test_table_covers_2015_to_2035() -> None:
    assert sorted(festival_dates()) == list(range(2015, 2036))


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2015, date(2015, 2, 19)),  # after 闰九月 2014: third new moon after solstice
        (2020, date(2020, 1, 25)),
        (2023, date(2023, 1, 22)),
        (2024, date(2024, 2, 10)),
        (2025, date(2025, 1, 29)),
        (2033, date(2033, 1, 31)),
        (2034, date(2034, 2, 19)),  # after 闰十一月 2033 (the "2033 problem")
    ],
    ids=str,
)
def test_known_dates(year: int, expected: date) -> None:
    assert spring_festival(year) == expected


def test_every_date_is_in_the_festival_range() -> None:
    for year, day in festival_dates().items():
        assert date(year, 1, 21) <= day <= date(year, 2, 20), year


def test_lunar_years_have_lunar_lengths() -> None:
    """Consecutive festivals are 12 or 13 lunar months apart (354±1 or 384±1 days)."""
    days = [festival_dates()[y] for y in sorted(festival_dates())]
    gaps = {(b - a).days for a, b in itertools.pairwise(days)}
    assert gaps <= {353, 354, 355, 383, 384, 385}


def test_offset_and_alignment() -> None:
    assert festival_offset(date(2024, 2, 10)) == 0
    assert festival_offset(date(2024, 2, 3)) == -7
    assert festival_aligned(date(2024, 2, 17)) == date(2023, 1, 29)  # 初八 → 初八
    assert festival_aligned(date(2024, 2, 17), years_back=2) == date(2022, 2, 8)


def test_year_outside_table_says_what_to_do() -> None:
    with pytest.raises(FestivalRangeError, match=r"spring_festival\.csv"):
        spring_festival(2040)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2024, 2, 11), date(2024, 2, 17), True),
        (date(2024, 1, 20), date(2024, 1, 26), True),  # 15 days before is in
        (date(2024, 1, 1), date(2024, 1, 7), False),
        (date(2024, 6, 8), date(2024, 6, 14), False),
        (date(2023, 12, 29), date(2024, 1, 4), False),
    ],
    ids=["festival-week", "two-weeks-before", "new-year", "june", "across-new-year"],
)
def test_festival_season(start: date, end: date, expected: bool) -> None:
    assert in_festival_season(start, end) is expected
