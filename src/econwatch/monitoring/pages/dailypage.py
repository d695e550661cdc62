"""The daily page: invoices and electricity over the last 30 or 90 days.

Each series is drawn with last year's line: the same calendar days, or the days
at the same distance from last year's 春节 (lunar alignment, the toggle). The
cards above give the watch figures of :mod:`econwatch.monitoring.daily`: last
7 days, month to date and the projected month, each against last year.

A 镇街道业务员 sees their town's total, an enterprise reporter their own
enterprise; district roles pick a reporting scope or a town.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from econwatch.core.stats import Comparison
from econwatch.monitoring.daily import (
    Selection,
    daily_series,
    daily_watch,
    last_day,
)
from econwatch.monitoring.pages import places
from econwatch.monitoring.pages.access import PageError, require, town_for
from econwatch.monitoring.pages.memo import remember
from econwatch.monitoring.pages.tables import (
    Table,
    card,
    number,
    rounded,
    scaled,
    tables_json,
    text,
)
from econwatch.monitoring.window import Window, comparison_window

DAYS = (30, 90)
ALIGNMENTS = {"calendar": "同期日历日", "festival": "春节对齐"}


@dataclass(frozen=True)
class Measure:
    """A daily series as printed.

    Attributes:
        code: ``invoices`` or ``electricity``.
        name: Chinese name.
        unit: Display unit of one day's total.
        per: Stored units (元, 千瓦时) per display unit.
        places: Decimals of a day's total.
        sum_unit: Display unit of 7-day and monthly sums.
        sum_per: Stored units per ``sum_unit``.
        sum_places: Decimals of the sums.
    """

    code: str
    name: str
    unit: str
    per: int
    places: int
    sum_unit: str
    sum_per: int
    sum_places: int


AGGREGATE = {
    "invoices": Measure(
        "invoices", "开票销售", "亿元", 100_000_000, 2, "亿元", 100_000_000, 2
    ),
    "electricity": Measure(
        "electricity", "用电量", "万千瓦时", 10_000, 1, "亿千瓦时", 100_000_000, 2
    ),
}
"""Units for a scope or a town (district totals in 亿元)."""

SINGLE = {
    "invoices": Measure("invoices", "开票销售", "万元", 10_000, 1, "万元", 10_000, 1),
    "electricity": Measure(
        "electricity", "用电量", "千瓦时", 1, 0, "万千瓦时", 10_000, 2
    ),
}
"""Units for one enterprise."""


def _access_key(user: object) -> tuple[Any, ...]:
    profile = getattr(user, "profile", None)
    return (
        require(user),
        getattr(profile, "division_id", None),
        getattr(profile, "unit_id", None),
    )


def series(
    measure: str, window: Window, selection: Selection, user: object
) -> list[tuple[dt.date, int]]:
    """The daily totals of a window, remembered until the data change."""
    return remember(
        "daily-series",
        (measure, window.start, window.end, selection, _access_key(user)),
        lambda: daily_series(measure, window.start, window.end, selection, user),
    )


def _growth(value: int, base: int) -> Fraction | None:
    return Comparison.of(value, base).growth_pct


def series_table(
    m: Measure,
    current: list[tuple[dt.date, int]],
    previous: list[tuple[dt.date, int]],
    align: str,
) -> Table:
    """One row per day: this year's total, last year's compared day and growth."""
    rows = [
        {
            "day": day.isoformat(),
            "short": f"{day.month}-{day.day}",
            "value": scaled(value, m.per, m.places),
            "base_day": base_day.isoformat(),
            "base": scaled(base, m.per, m.places),
            "growth": rounded(_growth(value, base), 1),
        }
        for (day, value), (base_day, base) in zip(current, previous, strict=True)
    ]
    return Table(
        m.code,
        f"每日{m.name}（{m.unit}）",
        [
            text("day", "日期"),
            number("value", f"{m.name}（{m.unit}）", m.places),
            text("base_day", f"上年对比日（{ALIGNMENTS[align]}）"),
            number("base", f"上年{m.name}（{m.unit}）", m.places),
            number("growth", "同比（%）"),
        ],
        rows,
        "春节对齐：与上年距春节天数相同的日期比较（春节日期表见 docs/daily.md）。"
        if align == "festival"
        else "同期日历日：与上年同月同日比较（2月29日对上年2月28日）。",
    )


def watch_cards(
    m: Measure, selection: Selection, as_of: dt.date, user: object, align: str
) -> list[dict[str, Any]]:
    """Last 7 days, month to date and the projected month, against last year."""
    watch = remember(
        "daily-watch",
        (m.code, as_of, selection, _access_key(user)),
        lambda: daily_watch(m.code, selection, as_of, user),
    )
    if watch is None:
        return []
    week = watch.last7_festival if align == "festival" else watch.last7
    month = watch.mtd_festival if align == "festival" else watch.mtd
    return [
        card(
            f"{m.code}_7d",
            f"近7日{m.name}",
            scaled(week.value, m.sum_per, m.sum_places),
            m.sum_places,
            m.sum_unit,
            growth=week.growth_pct,
            note=f"{week.window.start:%m-%d}至{week.window.end:%m-%d}，"
            f"对比上年{week.base_window.start:%m-%d}至{week.base_window.end:%m-%d}",
        ),
        card(
            f"{m.code}_mtd",
            f"本月累计{m.name}",
            scaled(month.value, m.sum_per, m.sum_places),
            m.sum_places,
            m.sum_unit,
            growth=month.growth_pct,
            note=f"截至{as_of:%m月%d日}",
        ),
        card(
            f"{m.code}_projected",
            f"预计全月{m.name}",
            scaled(watch.projected_month, m.sum_per, m.sum_places),
            m.sum_places,
            m.sum_unit,
            growth=watch.projected_growth_pct,
            note="按上年同月走势推算",
        ),
    ]


def series_end(m: Measure, selection: Selection, user: object) -> dt.date | None:
    """The last day with data of a measure for a selection (remembered)."""
    return remember(
        "daily-last",
        (m.code, selection, _access_key(user)),
        lambda: last_day(m.code, selection, user),
    )


def measure_block(
    m: Measure,
    selection: Selection,
    user: object,
    days: int,
    align: str,
    *,
    with_cards: bool = True,
) -> tuple[list[dict[str, Any]], Table | None, dict[str, Any] | None]:
    """Cards, table and chart of one measure (``None`` table: no data at all)."""
    as_of = series_end(m, selection, user)
    if as_of is None:
        return [], None, None
    window = Window(as_of - dt.timedelta(days=days - 1), as_of)
    base = comparison_window(window, align)  # type: ignore[arg-type]
    table = series_table(
        m,
        series(m.code, window, selection, user),
        series(m.code, base, selection, user),
        align,
    )
    chart = {
        "id": m.code,
        "type": "lines",
        "table": m.code,
        "x": "short",
        "lines": ["value", "base"],
        "names": [f"本年（截至{as_of:%Y-%m-%d}）", f"上年（{ALIGNMENTS[align]}）"],
        "title": f"近{days}日每日{m.name}（{m.unit}）",
    }
    cards = watch_cards(m, selection, as_of, user, align) if with_cards else []
    return cards, table, chart


def watch_panel(selection: Selection, user: object) -> list[dict[str, Any]]:
    """The cockpit's daily panel: 7 days and month to date of both series."""
    out: list[dict[str, Any]] = []
    for code in ("invoices", "electricity"):
        m = AGGREGATE[code]
        as_of = series_end(m, selection, user)
        if as_of is not None:
            out += watch_cards(m, selection, as_of, user, "calendar")[:2]
    return out


def _selection(
    user: object, params: Mapping[str, str]
) -> tuple[Selection, dict[str, Any]]:
    reach = require(user)
    profile = getattr(user, "profile", None)
    if reach == "enterprise":
        unit = profile.unit  # type: ignore[union-attr]
        return Selection(unit_ids=(unit.pk,)), {
            "kind": "enterprise",
            "code": str(unit.pk),
            "name": unit.name,
        }
    town_code = params.get("town") or (
        profile.division_id if reach == "town" else None  # type: ignore[union-attr]
    )
    if town_code:
        town = town_for(user, town_code)
        return Selection(town=town.pk), {
            "kind": "town",
            "code": town.pk,
            "name": town.name,
        }
    scope = places.choose_scope(params.get("scope"))
    return Selection(scope=scope.code), {
        "kind": "scope",
        "code": scope.code,
        "name": scope.name,
        "choices": places.scopes(),
    }


def _choice(params: Mapping[str, str], key: str, allowed: Any, default: Any) -> Any:
    asked = params.get(key)
    if asked in (None, ""):
        return default
    value = int(asked) if isinstance(default, int) and asked.isdigit() else asked
    if value not in allowed:
        raise PageError(
            f"bad-{key}",
            400,
            f"参数 {key}={asked!r} 不支持；可选：{'、'.join(str(a) for a in allowed)}",
        )
    return value


def daily_page(user: object, params: Mapping[str, str]) -> dict[str, Any]:
    """The daily page for ``?days=30|90&align=calendar|festival&scope=|town=``.

    Raises:
        PageError: a parameter outside its choices, an unknown scope or town, or
            a town the user may not see.
    """
    days = _choice(params, "days", DAYS, 30)
    align = _choice(params, "align", ALIGNMENTS, "calendar")
    selection, where = _selection(user, params)
    units = SINGLE if where["kind"] == "enterprise" else AGGREGATE
    cards: list[dict[str, Any]] = []
    tables: list[Table] = []
    charts: list[dict[str, Any]] = []
    for code in ("invoices", "electricity"):
        more, table, chart = measure_block(units[code], selection, user, days, align)
        cards += more
        if table is not None and chart is not None:
            tables.append(table)
            charts.append(chart)
    return {
        "page": "daily",
        "title": f"{where['name']}每日开票与用电",
        "scope": where,
        "days": days,
        "days_choices": list(DAYS),
        "align": align,
        "align_choices": [{"code": k, "label": v} for k, v in ALIGNMENTS.items()],
        "cards": cards,
        "charts": charts,
        "tables": tables_json(tables),
        "empty": not tables,
        "message": "" if tables else "所选范围尚无每日开票或用电数据。",
    }
