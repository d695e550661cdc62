"""The district cockpit and the town page: one layout over a scope or a town.

Both show headline cards, the monthly trend, the cluster structure, the
enterprises that pulled growth up or held it back and the open alerts; the
cockpit adds the town ranking, the town page its own place among the towns and
the list of its enterprises. The indicator set of a reporting scope is exactly
what :func:`econwatch.monitoring.indicators.compute` returns (what the CLI
prints); a town is passed to the same row selectors as a one-town scope.
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from collections.abc import Mapping
from fractions import Fraction
from typing import Any, cast

from django.urls import reverse

from econwatch.monitoring.catalogue import BY_CODE
from econwatch.monitoring.daily import Selection
from econwatch.monitoring.indicators import (
    PeriodSpec,
    Result,
    compute,
    rows_for,
    summarise,
)
from econwatch.monitoring.models import OfficialFigure
from econwatch.monitoring.pages import places
from econwatch.monitoring.pages.access import reach
from econwatch.monitoring.pages.alertlist import open_alert_table
from econwatch.monitoring.pages.clusters import cluster_table
from econwatch.monitoring.pages.contributors import contributor_tables, enterprise_table
from econwatch.monitoring.pages.dailypage import watch_panel
from econwatch.monitoring.pages.memo import remember
from econwatch.monitoring.pages.places import TownScope, scope_q
from econwatch.monitoring.pages.tables import (
    Table,
    card,
    from_exact,
    integer,
    number,
    percent_of,
    tables_json,
    text,
)
from econwatch.monitoring.pages.trend import trend_table
from econwatch.register.models import Division, ReportingScope

CARD_CODES = (
    "output_ytd",
    "output_month",
    "invoices_ytd",
    "electricity_ytd",
    "profit_ytd",
)
"""Indicators on the headline cards, in order."""


def period_json(spec: PeriodSpec, periods: list[str]) -> dict[str, Any]:
    """The period block of a page: code, labels and the selector's choices."""
    return {
        "code": spec.code,
        "ytd": str(spec.ytd),
        "label": spec.ytd.label(),
        "month_label": spec.current_month.label(),
        "choices": places.period_choices(periods),
    }


def month_end(spec: PeriodSpec) -> dt.date:
    """The last day of the period (cluster membership and tags are read then)."""
    return dt.date(spec.year, spec.month, monthrange(spec.year, spec.month)[1])


def town_indicators(
    spec: PeriodSpec, town: TownScope, codes: tuple[str, ...] = CARD_CODES
) -> dict[str, Any]:
    """The indicator set of one town (a town is an ``Area`` of one division)."""
    return compute(spec.code, town, codes=codes)


def indicator_set(
    spec: PeriodSpec, where: ReportingScope | TownScope
) -> dict[str, Any]:
    """The cards' indicators (and, for a scope, the town breakdown), remembered."""
    if isinstance(where, TownScope):
        return remember(
            "town-indicators",
            (spec.code, where.code),
            lambda: town_indicators(spec, where),
        )
    return remember(
        "indicators",
        (spec.code, where.code, CARD_CODES, "town"),
        lambda: compute(spec.code, where.code, codes=CARD_CODES, by="town"),
    )


def _official(where: ReportingScope | TownScope, spec: PeriodSpec) -> dict[str, str]:
    found = OfficialFigure.objects.filter(scope=where.name, period=str(spec.ytd))
    notes = {}
    for f in found:
        bits = []
        if f.value is not None:
            bits.append(f"{f.value.normalize():f}{f.unit}")
        if f.growth is not None:
            bits.append(f"增长{f.growth.normalize():f}%")
        notes[f.indicator] = "统计部门公布：" + "，".join(bits)
    return notes


def cards(
    indicators: list[dict[str, Any]],
    spec: PeriodSpec,
    official: Mapping[str, str],
) -> list[dict[str, Any]]:
    """Headline cards from the indicator set (values in the bureau's units)."""
    out = []
    for ind in indicators:
        spec_i = BY_CODE[ind["code"]]
        growth = ind["growth_pct"]
        note = (
            f"{spec.current_month.label(with_year=False)}当月"
            if not spec_i.cumulative
            else f"{spec.ytd.label(with_year=False)}累计"
        )
        extra = official.get(spec_i.name) or official.get(spec_i.code)
        out.append(
            card(
                ind["code"],
                spec_i.name,
                from_exact(ind["value"], spec_i.per_display, spec_i.places),
                spec_i.places,
                spec_i.display,
                growth=Fraction(growth) if growth is not None else None,
                growth_text=ind["growth_text"],
                note=f"{note}；{extra}" if extra else note,
            )
        )
    return out


def town_table(split: dict[str, Any], parent: str) -> Table:
    """The town ranking from the indicator layer's breakdown by town."""
    codes = dict(Division.objects.filter(level="town").values_list("name", "code12"))
    rows = []
    for g in split["groups"]:
        code = codes.get(g["name"])
        rows.append(
            {
                "rank": g["rank"],
                "name": g["name"],
                "url": reverse("monitoring:town", args=[code]) if code else "",
                "value": from_exact(g["value"], 100_000, 1),
                "growth": from_exact(g["growth_pct"]),
                "growth_rank": g["growth_rank"],
                "proportion": percent_of(g["value"], _total(split)),
                "pull": from_exact(g["pull_pp"], 1, 2),
                "enterprises": g["enterprises"],
            }
        )
    return Table(
        "towns",
        "各镇（街道）规上工业总产值",
        [
            integer("rank", "位次"),
            text("name", "镇（街道）", link="url"),
            number("value", "产值（亿元）", 1),
            number("growth", "增速（%）"),
            integer("growth_rank", "增速位次"),
            number("proportion", "占比（%）"),
            number("pull", "拉动（个百分点）", 2),
            integer("enterprises", "企业数（家）"),
        ],
        rows,
        f"占比和拉动相对于{parent}；位次按未经四舍五入的数值排列。",
    )


def _total(split: dict[str, Any]) -> Fraction:
    return sum((Fraction(g["value"]) for g in split["groups"]), Fraction(0))


def town_place(spec: PeriodSpec, town: Division) -> dict[str, Any] | None:
    """The town's rank among all towns by output and by growth."""
    district = places.district_scope()
    if district is None:
        return None
    split = remember(
        "indicators",
        (spec.code, district.code, ("output_ytd",), "town"),
        lambda: compute(spec.code, district.code, codes=["output_ytd"], by="town"),
    )["breakdown"]
    for g in split["groups"]:
        if g["name"] == town.name:
            return {
                "rank": g["rank"],
                "growth_rank": g["growth_rank"],
                "out_of": len(split["groups"]),
                "text": f"产值居{district.name}第{g['rank']}位，"
                f"增速居第{g['growth_rank']}位（共{len(split['groups'])}个镇街）",
            }
    return None


def output_result(spec: PeriodSpec, where: ReportingScope | TownScope) -> Result:
    """The 1—N月 output of the scope with its enterprise rows."""
    output = BY_CODE["output_ytd"]
    return summarise(output, rows_for(output, spec, cast(ReportingScope, where)))


CHARTS = {
    "trend": {
        "id": "trend",
        "type": "bar_line",
        "table": "trend",
        "x": "short",
        "bar": "ytd",
        "line": "ytd_growth",
        "title": "规上工业总产值（1—本月累计）及增速",
    },
    "clusters": {
        "id": "clusters",
        "type": "hbar",
        "table": "clusters",
        "x": "name",
        "bar": "value",
        "extra": "growth",
        "title": "产业集群产值（亿元）及增速",
    },
    "towns": {
        "id": "towns",
        "type": "hbar",
        "table": "towns",
        "x": "name",
        "bar": "value",
        "extra": "growth",
        "title": "各镇（街道）产值（亿元）排名及增速",
    },
}
"""The charts of the cockpit, each drawn from the table of the same key."""


def figures(spec: PeriodSpec, where: ReportingScope | TownScope) -> dict[str, Any]:
    """Everything of the page that depends only on the data (not on alerts)."""
    is_town = isinstance(where, TownScope)
    parent = f"{where.name}规上工业"
    found = indicator_set(spec, where)
    result = output_result(spec, where)
    tables: list[Table | None] = [
        trend_table(scope_q(where), spec.year, spec.month),
        cluster_table(result, month_end(spec), parent),
        None if is_town else town_table(found["breakdown"], parent),
        *contributor_tables(result, parent),
        enterprise_table(result, parent) if is_town else None,
    ]
    return {
        "parent": parent,
        "cards": cards(found["indicators"], spec, _official(where, spec)),
        "scope_change": found.get("scope_change"),
        "tables": tables_json(t for t in tables if t is not None),
        "enterprises": len(result.rows),
    }


def overview(
    user: object,
    spec: PeriodSpec,
    where: ReportingScope | TownScope,
    periods: list[str],
) -> dict[str, Any]:
    """The cockpit (a reporting scope) or the town page (a :class:`TownScope`)."""
    is_town = isinstance(where, TownScope)
    kind = "town" if is_town else "scope"
    fixed = remember(
        "overview", (spec.code, kind, where.code), lambda: figures(spec, where)
    )
    alerts, alert_table = open_alert_table(user, scope_q(where))
    selection = Selection(town=where.code) if is_town else Selection(scope=where.code)
    tables = list(fixed["tables"])
    if alert_table is not None:
        tables.append(alert_table.as_dict())
    keys = ("trend", "clusters") if is_town else ("trend", "clusters", "towns")
    data: dict[str, Any] = {
        "page": "town" if is_town else "cockpit",
        "title": f"{where.name}工业经济运行监测",
        "period": period_json(spec, periods),
        "scope": {"code": where.code, "name": where.name, "kind": kind},
        "parent": fixed["parent"],
        "cards": fixed["cards"],
        "scope_change": fixed["scope_change"],
        "alerts": alerts,
        "watch": watch_panel(selection, user),
        "charts": [
            {**CHARTS[k], "year": spec.year} if k == "trend" else CHARTS[k]
            for k in keys
        ],
        "tables": tables,
        "enterprises": fixed["enterprises"],
        "empty": False,
    }
    if not is_town:
        data["scope"]["choices"] = places.scopes()
    return data


def empty_page(page: str, title: str, scope: dict[str, Any]) -> dict[str, Any]:
    """A page before any monthly report is imported: say what to do."""
    return {
        "page": page,
        "title": title,
        "period": None,
        "scope": scope,
        "cards": [],
        "charts": [],
        "tables": [],
        "empty": True,
        "message": "尚无规上工业月报数据。请先导入月报"
        "（econwatch import monthly 文件.xlsx，模板见 econwatch import monthly "
        "--template），或运行 econwatch demo 生成示例区。",
    }


def cockpit_page(user: object, params: Mapping[str, str]) -> dict[str, Any]:
    """The district cockpit for ``?period=YYYY-MM&scope=...``.

    Raises:
        PageError: unknown scope, malformed period.
    """
    where = places.choose_scope(params.get("scope"))
    periods = places.report_periods()
    spec = places.choose_period(params.get("period"), periods)
    if spec is None:
        scope = {"code": where.code, "name": where.name, "kind": "scope"}
        return empty_page("cockpit", f"{where.name}工业经济运行监测", scope)
    return overview(user, spec, where, periods)


def town_page(
    user: object, town: Division, params: Mapping[str, str]
) -> dict[str, Any]:
    """The town page for ``?period=YYYY-MM`` (the caller checked the user's reach).

    Raises:
        PageError: malformed period.
    """
    where = TownScope.of(town)
    periods = places.report_periods()
    spec = places.choose_period(params.get("period"), periods)
    if spec is None:
        scope = {"code": town.pk, "name": town.name, "kind": "town"}
        return empty_page("town", f"{town.name}工业经济运行监测", scope)
    data = overview(user, spec, where, periods)
    data["place"] = town_place(spec, town)
    data["links"] = {
        "cockpit": reverse("monitoring:cockpit") if reach(user) == "all" else None
    }
    return data
