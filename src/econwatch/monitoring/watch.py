"""The daily watch of one series: 7-day and month-to-date sums, growth, projection.

Pure: it takes a mapping day → value (already summed over the enterprises of a
selection) and returns figures. :mod:`econwatch.monitoring.daily` loads that
mapping from the database with one ``GROUP BY day`` over just the days needed
(:func:`windows_needed`). Growth uses the house arithmetic
(:class:`econwatch.core.stats.Comparison`), exact and in percent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from econwatch.core.stats import Comparison, format_percent, growth_phrase
from econwatch.monitoring.festival import in_festival_season
from econwatch.monitoring.window import (
    Window,
    festival_window,
    full_month,
    month_to_date,
    projection,
    rolling_window,
    same_days_last_year,
    window_total,
)

MEASURES: dict[str, tuple[str, str]] = {
    "invoices": ("开票销售", "元"),
    "electricity": ("用电量", "千瓦时"),
}
"""Measure code → (Chinese name, unit of the stored values)."""


@dataclass(frozen=True, slots=True)
class WindowFigure:
    """A window's total beside the total of the window it is compared with.

    Attributes:
        window: The current window.
        value: Its total.
        base_window: The comparison window last year.
        base: Its total.
    """

    window: Window
    value: int
    base_window: Window
    base: int

    @property
    def growth_pct(self) -> Fraction | None:
        """同比 in percent; ``None`` when the base is not positive."""
        return Comparison.of(self.value, self.base).growth_pct

    def as_dict(self) -> dict[str, Any]:
        """JSON form, with growth rounded to two decimals and as a phrase."""
        pct = self.growth_pct
        return {
            "window": self.window.as_dict(),
            "value": self.value,
            "base_window": self.base_window.as_dict(),
            "base": self.base,
            "growth_pct": None if pct is None else round(float(pct), 2),
            "growth_text": growth_phrase(pct),
        }


@dataclass(frozen=True, slots=True)
class DailyWatch:
    """The watch figures of one measure for one selection on one day.

    Attributes:
        measure: ``invoices`` or ``electricity``.
        as_of: The last day counted.
        last7: Last 7 days vs the same calendar days last year.
        last7_festival: Last 7 days vs the lunar-aligned days last year.
        mtd: Month to date vs the same days of the month last year.
        mtd_festival: Month to date vs the lunar-aligned days last year.
        last_year_month: Last year's full month total.
        projected_month: The month's projected total (``None`` without a base).
    """

    measure: str
    as_of: date
    last7: WindowFigure
    last7_festival: WindowFigure
    mtd: WindowFigure
    mtd_festival: WindowFigure
    last_year_month: int
    projected_month: Fraction | None

    @property
    def seasonal(self) -> bool:
        """Whether the month to date touches the festival season.

        Pages headline the lunar-aligned figures then and the calendar ones
        otherwise (far from 春节 the aligned window drifts by up to three weeks).
        """
        return in_festival_season(self.mtd.window.start, self.as_of)

    @property
    def projected_growth_pct(self) -> Fraction | None:
        """Growth of the projected month over last year's full month."""
        if self.projected_month is None:
            return None
        return Comparison.of(self.projected_month, self.last_year_month).growth_pct

    def summary(self) -> str:
        """One Chinese sentence for the page header or the CLI."""
        name, unit = MEASURES[self.measure]
        return (
            f"截至{self.as_of.isoformat()}，近7日{name}{self.last7.value}{unit}，"
            f"同比{growth_phrase(self.last7.growth_pct)}"
            f"（按春节对齐{growth_phrase(self.last7_festival.growth_pct)}）；"
            f"本月累计{self.mtd.value}{unit}，同比{growth_phrase(self.mtd.growth_pct)}，"
            f"预计全月同比{format_percent(self.projected_growth_pct)}"
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON form (the page's twin)."""
        projected = self.projected_month
        growth = self.projected_growth_pct
        return {
            "measure": self.measure,
            "measure_name": MEASURES[self.measure][0],
            "unit": MEASURES[self.measure][1],
            "as_of": self.as_of.isoformat(),
            "seasonal": self.seasonal,
            "last7": self.last7.as_dict(),
            "last7_festival": self.last7_festival.as_dict(),
            "mtd": self.mtd.as_dict(),
            "mtd_festival": self.mtd_festival.as_dict(),
            "last_year_month": self.last_year_month,
            "projected_month": None if projected is None else round(float(projected)),
            "projected_growth_pct": None if growth is None else round(float(growth), 2),
            "summary": self.summary(),
        }


def windows_needed(as_of: date) -> list[Window]:
    """Every window :func:`daily_watch_from_totals` reads, to load only those days."""
    week, mtd = rolling_window(as_of), month_to_date(as_of)
    return [
        week,
        same_days_last_year(week),
        festival_window(week),
        mtd,
        same_days_last_year(mtd),
        festival_window(mtd),
        full_month(as_of.year - 1, as_of.month),
    ]


def _figure(values: Mapping[date, int], window: Window, base: Window) -> WindowFigure:
    return WindowFigure(
        window, window_total(values, window), base, window_total(values, base)
    )


def daily_watch_from_totals(
    measure: str, values: Mapping[date, int], as_of: date
) -> DailyWatch:
    """Build the watch figures from daily totals.

    Args:
        measure: ``invoices`` or ``electricity``.
        values: Day → total over the selection; must cover :func:`windows_needed`.
        as_of: The last day to count.

    Returns:
        The figures.
    """
    if measure not in MEASURES:
        raise ValueError(f"指标 {measure!r} 不存在；可选：{'、'.join(MEASURES)}")
    week, mtd = rolling_window(as_of), month_to_date(as_of)
    mtd_base = same_days_last_year(mtd)
    month_last_year = window_total(values, full_month(as_of.year - 1, as_of.month))
    mtd_figure = _figure(values, mtd, mtd_base)
    return DailyWatch(
        measure=measure,
        as_of=as_of,
        last7=_figure(values, week, same_days_last_year(week)),
        last7_festival=_figure(values, week, festival_window(week)),
        mtd=mtd_figure,
        mtd_festival=_figure(values, mtd, festival_window(mtd)),
        last_year_month=month_last_year,
        projected_month=projection(mtd_figure.value, month_last_year, mtd_figure.base),
    )
