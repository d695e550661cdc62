"""The monthly trend: 1—N月 output and its comparable growth, month by month.

One ``GROUP BY period`` over the current monthly reports of a set of enterprises
gives, for every period of the year and the year before, Σ 本月, Σ 1—本月 and
each with the same enterprises' own 上年同期 — the same sums the indicator layer
takes for one period (:func:`econwatch.monitoring.indicators.monthly_rows`), so
the trend's last point equals the headline figure. The 当月 of February is 1—2月.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.db.models import Q, Sum

from econwatch.core.stats import Comparison, Period
from econwatch.monitoring.models import MonthlyReport
from econwatch.monitoring.pages.tables import Table, number, scaled, text


def trend_periods(year: int, month: int) -> list[str]:
    """Periods of the previous year (2–12) and of this year up to ``month``."""
    before = [f"{year - 1:04d}-{m:02d}" for m in range(2, 13)]
    return before + [f"{year:04d}-{m:02d}" for m in range(2, month + 1)]


def trend_sums(unit_q: Q, periods: list[str]) -> dict[str, dict[str, int]]:
    """Σ of the four output fields per period, for the enterprises in ``unit_q``."""
    rows = (
        MonthlyReport.objects.filter(is_current=True, period__in=periods)
        .filter(unit_q)
        .values("period")
        .annotate(
            month=Sum("output_month"),
            month_base=Sum("output_month_base"),
            ytd=Sum("output_ytd"),
            ytd_base=Sum("output_ytd_base"),
        )
    )
    return {
        r["period"]: {
            k: int(r[k] or 0) for k in ("month", "month_base", "ytd", "ytd_base")
        }
        for r in rows
    }


def _growth(value: int, base: int) -> Fraction | None:
    return Comparison.of(value, base).growth_pct


def trend_table(
    unit_q: Q,
    year: int,
    month: int,
    *,
    per: int = 100_000,
    unit: str = "亿元",
    places: int = 1,
    key: str = "trend",
    title: str = "规上工业总产值及增速（逐月累计）",
) -> Table:
    """The trend table: per period, 1—N月 and 当月 output with their growth.

    Args:
        unit_q: Filter on monthly reports (``unit__...`` lookups).
        year: The year of the period shown.
        month: Its last month.
        per: Stored 千元 per display unit (100 000 for 亿元, 10 for 万元).
        unit: Display unit.
        places: Decimals of the amounts.
        key: The table's key.
        title: The table's title.
    """
    periods = trend_periods(year, month)
    sums = trend_sums(unit_q, periods)
    rows: list[dict[str, Any]] = []
    for code in periods:
        found = sums.get(code)
        if found is None:
            continue
        y, m = int(code[:4]), int(code[5:])
        month_value, month_base = (
            (found["ytd"], found["ytd_base"])
            if m == 2
            else (found["month"], found["month_base"])
        )
        rows.append(
            {
                "period": code,
                "label": Period.ytd(y, m).label(),
                "short": f"{y % 100:02d}年1-{m}月",
                "ytd": scaled(found["ytd"], per, places),
                "ytd_growth": scaled(_growth(found["ytd"], found["ytd_base"]), 1, 1),
                "month": scaled(month_value, per, places),
                "month_growth": scaled(_growth(month_value, month_base), 1, 1),
            }
        )
    return Table(
        key,
        title,
        [
            text("label", "报告期"),
            number("ytd", f"1—本月累计（{unit}）", places),
            number("ytd_growth", "累计增速（%）"),
            number("month", f"当月（{unit}）", places),
            number("month_growth", "当月增速（%）"),
        ],
        rows,
        "增速按同一批企业的上年同期数计算（同口径）；1—2月合并为一期。",
    )
