"""Windows of days for the daily watch, and the windows they are compared with.

A window is a run of days (``start``–``end``, both included): the last 7 days, the
month to date, a full month. Each has two comparison windows one year earlier:

* **calendar** (same calendar days last year). A rolling window keeps its length:
  its end moves back one year (29 February → 28 February) and its start follows,
  so 2024-02-23…29 compares with 2023-02-22…28. A month window compares with the
  same month: the first day with the first day, a month end with the month end
  (February 2024 to date on the 29th → all of February 2023, February 2025 to date
  on the 28th → all of February 2024), other days with the same day number.
* **festival** (lunar alignment): the window is moved to the same distance from last
  year's 春节 as it has from this year's (measured from the end day's year), keeping
  its length. See :mod:`econwatch.monitoring.festival`.

``auto`` picks festival alignment when the window touches the festival season
(春节 −15 to +30 days) and calendar otherwise. Framework-free.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Literal

from econwatch.monitoring.festival import festival_aligned, in_festival_season

Alignment = Literal["calendar", "festival", "auto"]
ALIGNMENTS: tuple[Alignment, ...] = ("calendar", "festival", "auto")


@dataclass(frozen=True, slots=True, order=True)
class Window:
    """A run of days, both ends included.

    Attributes:
        start: First day.
        end: Last day.
        kind: ``"rolling"`` (last N days) or ``"month"`` (starts on a month's first
            day and is compared month with month).
    """

    start: date
    end: date
    kind: Literal["rolling", "month"] = "rolling"

    def __post_init__(self) -> None:
        """Refuse an empty window."""
        if self.end < self.start:
            raise ValueError(f"窗口结束日 {self.end} 早于开始日 {self.start}")

    @property
    def days(self) -> int:
        """Number of days in the window."""
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        """Whether a day falls inside the window."""
        return isinstance(day, date) and self.start <= day <= self.end

    def shifted(self, days: int) -> Window:
        """The same window moved by ``days`` (a rolling window)."""
        delta = timedelta(days=days)
        return Window(self.start + delta, self.end + delta)

    def label(self) -> str:
        """``"2024-02-01至2024-02-29"``."""
        return f"{self.start.isoformat()}至{self.end.isoformat()}"

    def as_dict(self) -> dict[str, str]:
        """JSON form: ``{"start": ..., "end": ...}``."""
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _is_month_end(day: date) -> bool:
    return day == _month_end(day.year, day.month)


def one_year_back(day: date) -> date:
    """The same calendar day a year earlier; 29 February becomes 28 February."""
    if day.month == 2 and day.day == 29:
        return date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def rolling_window(as_of: date, days: int = 7) -> Window:
    """The ``days`` days ending on ``as_of`` (7 for the weekly sum)."""
    return Window(as_of - timedelta(days=days - 1), as_of)


def week_windows(as_of: date, weeks: int, days: int = 7) -> list[Window]:
    """``weeks`` consecutive non-overlapping windows, the most recent first."""
    return [
        rolling_window(as_of - timedelta(days=days * k), days) for k in range(weeks)
    ]


def month_to_date(as_of: date) -> Window:
    """From the first day of ``as_of``'s month to ``as_of``."""
    return Window(as_of.replace(day=1), as_of, "month")


def full_month(year: int, month: int) -> Window:
    """A whole calendar month."""
    return Window(date(year, month, 1), _month_end(year, month), "month")


def same_days_last_year(window: Window) -> Window:
    """The calendar comparison window one year earlier (see the module text)."""
    if window.kind == "month":
        start = window.start.replace(year=window.start.year - 1)
        if _is_month_end(window.end):
            end = _month_end(window.end.year - 1, window.end.month)
        else:
            end = one_year_back(window.end)
        return Window(start, end, "month")
    end = one_year_back(window.end)
    return Window(end - timedelta(days=window.days - 1), end)


def festival_window(window: Window) -> Window:
    """The lunar-aligned window one year earlier, of the same length."""
    end = festival_aligned(window.end)
    return Window(end - timedelta(days=window.days - 1), end)


def comparison_window(window: Window, alignment: Alignment = "calendar") -> Window:
    """The window last year that ``window`` is compared with.

    Args:
        window: The current window.
        alignment: ``calendar``, ``festival`` or ``auto`` (festival alignment in the
            festival season, calendar otherwise).

    Raises:
        ValueError: an unknown alignment.
    """
    if alignment == "auto":
        seasonal = in_festival_season(window.start, window.end)
        alignment = "festival" if seasonal else "calendar"
    if alignment == "calendar":
        return same_days_last_year(window)
    if alignment == "festival":
        return festival_window(window)
    raise ValueError(f"对比方式 {alignment!r} 不存在；可选：{'、'.join(ALIGNMENTS)}")


def merge_windows(windows: Iterable[Window]) -> list[tuple[date, date]]:
    """The union of windows as sorted, non-touching day ranges (for one query)."""
    ranges: list[tuple[date, date]] = []
    for w in sorted(windows):
        if ranges and w.start <= ranges[-1][1] + timedelta(days=1):
            if w.end > ranges[-1][1]:
                ranges[-1] = (ranges[-1][0], w.end)
        else:
            ranges.append((w.start, w.end))
    return ranges


def disjoint_layers(windows: Iterable[Window]) -> list[list[Window]]:
    """Split windows into layers whose members do not overlap (one SQL CASE each).

    Duplicates are dropped. Most sets (N weeks and their comparison weeks) form one
    layer; overlapping sets (a week and the month to date) need more.
    """
    layers: list[list[Window]] = []
    for w in sorted(set(windows)):
        for layer in layers:
            if all(w.end < o.start or w.start > o.end for o in layer):
                layer.append(w)
                break
        else:
            layers.append([w])
    return layers


def window_total(values: Mapping[date, int], window: Window) -> int:
    """Sum of a day → value mapping over a window (missing days count as 0)."""
    return sum(v for d, v in values.items() if window.start <= d <= window.end)


def fill_days(values: Mapping[date, int], start: date, end: date) -> list[int]:
    """One value per day from ``start`` to ``end``, 0 where a day has no data."""
    return [
        values.get(start + timedelta(days=i), 0) for i in range((end - start).days + 1)
    ]


def projection(
    month_to_date_value: int, base_full_month: int, base_same_days: int
) -> Fraction | None:
    """The month's projected total: ``MTD × 上年全月 ÷ 上年同期（同日数）``.

    Last year's shape of the month is carried onto this year's level: if by the
    same day last year the month had reached 40 % of its total, this year's month
    to date is taken as 40 % too. ``None`` when last year's same days sum to 0.

    Example:
        >>> projection(40, 100, 50)
        Fraction(80, 1)
    """
    if base_same_days <= 0:
        return None
    return Fraction(month_to_date_value) * base_full_month / base_same_days
