"""The Spring Festival (春节) calendar and lunar alignment of daily series.

Invoices and electricity collapse around 春节 (about 4–5 days before to 15–20 days
after, per NBS), and the festival moves between 21 January and 20 February. A
Gregorian 同比 of a January or February window therefore compares holiday days with
working days. Lunar alignment compares a day with the day last year that stands at
the same distance from that year's festival instead.

The festival dates are data (``data/spring_festival.csv``, 2015–2035) with their
source; docs/daily.md says how they were checked. Framework-free: nothing here
imports Django, so the module can move to ``econwatch.core`` unchanged.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from functools import cache
from importlib import resources

FESTIVAL_FILE = "spring_festival.csv"

SEASON_BEFORE = 15
"""Days before 春节 from which a window counts as festival season (for ``auto``)."""

SEASON_AFTER = 30
"""Days after 春节 up to which a window counts as festival season (for ``auto``)."""


class FestivalRangeError(LookupError):
    """A year outside the shipped festival table, with what to do."""


@cache
def festival_dates() -> dict[int, date]:
    """The shipped table: year → date of 春节 (正月初一), read on first use.

    Returns:
        A dict from year to date, for 2015–2035.
    """
    text = (resources.files("econwatch.monitoring") / "data" / FESTIVAL_FILE).read_text(
        encoding="utf-8"
    )
    rows = csv.DictReader(io.StringIO(text))
    return {int(r["year"]): date.fromisoformat(r["date"]) for r in rows}


def spring_festival(year: int) -> date:
    """The date of 春节 in a Gregorian year.

    Args:
        year: Gregorian year, 2015–2035.

    Returns:
        The date of 正月初一.

    Raises:
        FestivalRangeError: the year is not in the table.

    Example:
        >>> spring_festival(2024)
        datetime.date(2024, 2, 10)
    """
    table = festival_dates()
    try:
        return table[year]
    except KeyError:
        raise FestivalRangeError(
            f"春节日期表只有 {min(table)}–{max(table)} 年，没有 {year} 年；"
            f"请在 econwatch/monitoring/data/{FESTIVAL_FILE} 中补充该年日期及来源"
        ) from None


def festival_offset(day: date) -> int:
    """Days from the 春节 of the same Gregorian year (negative before it).

    Example:
        >>> festival_offset(date(2024, 2, 17))
        7
    """
    return (day - spring_festival(day.year)).days


def festival_aligned(day: date, years_back: int = 1) -> date:
    """The day ``years_back`` years earlier at the same offset from 春节.

    Args:
        day: A day of the current series.
        years_back: How many years to go back (1 for 同比).

    Returns:
        ``春节(year − years_back) + festival_offset(day)``.

    Example:
        >>> festival_aligned(date(2024, 2, 17))  # 初八 2024 → 初八 2023
        datetime.date(2023, 1, 29)
    """
    return spring_festival(day.year - years_back) + timedelta(days=festival_offset(day))


def in_festival_season(
    start: date, end: date, before: int = SEASON_BEFORE, after: int = SEASON_AFTER
) -> bool:
    """Whether the window ``start..end`` touches the festival season of its year.

    The season is ``春节 − before`` to ``春节 + after`` of the end day's year (and,
    for a window crossing New Year, of the start day's year).

    Args:
        start: First day of the window.
        end: Last day of the window.
        before: Days before 春节 that count as season.
        after: Days after 春节 that count as season.
    """
    for year in {start.year, end.year}:
        festival = spring_festival(year)
        season_start = festival - timedelta(days=before)
        season_end = festival + timedelta(days=after)
        if start <= season_end and end >= season_start:
            return True
    return False
