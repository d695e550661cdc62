"""The enterprise profile (企业画像): who it is, how it runs, where it stands.

Identity and tags from the register; its clusters; its monthly output series
(当月 and 1—本月, each with its own 上年同期); its daily invoices and electricity
with last year's line; its share, 贡献率 and 拉动 within its town, its industry
division (GB/T 4754 大类) and the district; and its alerts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from django.db.models import Q
from django.urls import reverse

from econwatch.core.stats import Comparison, Contribution
from econwatch.monitoring.catalogue import BY_CODE
from econwatch.monitoring.daily import Selection
from econwatch.monitoring.indicators import PeriodSpec, Row, rows_for
from econwatch.monitoring.pages import access, places
from econwatch.monitoring.pages.alertlist import open_alert_table, unit_alert_table
from econwatch.monitoring.pages.dailypage import SINGLE, measure_block
from econwatch.monitoring.pages.memo import remember
from econwatch.monitoring.pages.overview import month_end, period_json
from econwatch.monitoring.pages.tables import (
    Table,
    card,
    number,
    rounded,
    scaled,
    tables_json,
    text,
)
from econwatch.monitoring.pages.trend import trend_table
from econwatch.register.models import (
    Industry,
    ReportingScope,
    TaxonomyNode,
    Unit,
    UnitTag,
    UnitYear,
)


def identity(unit: Unit, year: int | None) -> list[dict[str, str]]:
    """The register facts shown at the top, as label/value pairs."""
    above = (
        UnitYear.objects.filter(unit=unit, year=year).values_list(
            "above_scale", flat=True
        )
        if year
        else []
    )
    scale = "—" if not above else ("规模以上" if above[0] else "规模以下")
    industry = f"{unit.industry_id} {unit.industry.name}" if unit.industry else "—"
    category = (
        f"{unit.reg_category_id} {unit.reg_category.name}" if unit.reg_category else "—"
    )
    pairs = [
        ("统一社会信用代码", unit.uscc or "—"),
        ("单位类型", unit.get_kind_display()),
        ("所在镇（街道）", unit.division.name),
        ("行业", industry),
        ("登记注册类别", category),
        ("企业规模", unit.get_size_class_display() or "—"),
        (f"{year}年规模" if year else "规模", scale),
        ("运营状态", unit.get_status_display()),
        ("成立日期", unit.founded.isoformat() if unit.founded else "—"),
        ("从业人员", f"{unit.employees}人" if unit.employees is not None else "—"),
        ("详细地址", unit.address or "—"),
    ]
    return [{"label": k, "value": v} for k, v in pairs]


def tags(unit: Unit, on: dt.date) -> list[dict[str, str]]:
    """Tags held on a day (高新技术企业, 专精特新“小巨人” …)."""
    held = (
        UnitTag.objects.filter(unit=unit, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("tag")
        .order_by("tag__code")
    )
    return [
        {"code": t.tag.code, "name": t.tag.name, "since": t.valid_from.isoformat()}
        for t in held
    ]


def clusters(unit: Unit, on: dt.date) -> list[dict[str, str]]:
    """The cluster and chain nodes the enterprise belongs to, in valid versions."""
    nodes = (
        TaxonomyNode.objects.filter(units=unit, version__valid_from__lte=on)
        .filter(Q(version__valid_to__isnull=True) | Q(version__valid_to__gte=on))
        .select_related("version__taxonomy")
        .order_by("version__taxonomy__code", "order", "code")
    )
    return [
        {
            "taxonomy": n.version.taxonomy.name,
            "version": n.version.label,
            "name": n.name,
            "kind": n.kind,
        }
        for n in nodes
    ]


def _district_rows(spec: PeriodSpec, district: ReportingScope) -> list[Row]:
    output = BY_CODE["output_ytd"]
    return remember(
        "output-rows",
        (spec.code, district.code),
        lambda: rows_for(output, spec, district),
    )


def standing_table(unit: Unit, spec: PeriodSpec) -> Table:
    """Share, 贡献率, 拉动 and rank in its town, industry division and district."""
    district = places.district_scope()
    rows = _district_rows(spec, district) if district else []
    mine = next((r for r in rows if r.unit_id == unit.pk), None)
    groups: list[tuple[str, set[int] | None]] = []
    groups.append(
        (
            f"所在镇：{unit.division.name}",
            set(
                Unit.objects.filter(division_id=unit.division_id).values_list(
                    "pk", flat=True
                )
            ),
        )
    )
    if unit.industry_id:
        code = unit.industry_id[:2]
        name = Industry.objects.filter(code=code).values_list("name", flat=True)
        groups.append(
            (
                f"行业大类：{code} {name[0] if name else ''}".strip(),
                set(
                    Unit.objects.filter(industry__code__startswith=code).values_list(
                        "pk", flat=True
                    )
                ),
            )
        )
    groups.append((district.name if district else "全区", None))
    out = []
    for label, members in groups:
        chosen = [r for r in rows if members is None or r.unit_id in members]
        out.append(_standing_row(label, chosen, mine))
    return Table(
        "standing",
        f"本企业在所在镇、行业和全区中的地位（{spec.ytd.label()}）",
        [
            text("scope", "范围"),
            number("total", "范围产值（亿元）", 1),
            number("total_growth", "范围增速（%）"),
            number("proportion", "本企业占比（%）", 2),
            number("share", "贡献率（%）"),
            number("pull", "拉动（个百分点）", 2),
            text("rank", "产值位次"),
        ],
        out,
        "" if mine else "本企业本期未报送月报，占比与拉动无法计算。",
    )


def _standing_row(label: str, rows: list[Row], mine: Row | None) -> dict[str, Any]:
    total = Comparison.of(sum(r.current for r in rows), sum(r.base for r in rows))
    row: dict[str, Any] = {
        "scope": label,
        "total": scaled(total.value, 100_000, 1),
        "total_growth": rounded(total.growth_pct, 1),
        "proportion": None,
        "share": None,
        "pull": None,
        "rank": "—",
    }
    if mine is None or total.value == 0:
        return row
    part = Contribution(Comparison.of(mine.current, mine.base), total, label)
    # Competition ranking on exact values, as core.stats.rank_values does.
    position = 1 + sum(1 for r in rows if r.current > mine.current)
    tied = any(r.current == mine.current and r is not mine for r in rows)
    row.update(
        proportion=rounded(Fraction(mine.current * 100) / total.value, 2),
        share=rounded(part.share_pct, 1),
        pull=rounded(part.pull_pp, 2),
        rank=f"第{position}位{'（并列）' if tied else ''}/共{len(rows)}家",
    )
    return row


def headline(unit: Unit, spec: PeriodSpec, trend: Table) -> list[dict[str, Any]]:
    """Cards: the enterprise's 1—N月 and 当月 output with growth."""
    last = next((r for r in trend.rows if r["period"] == spec.code), None)
    if last is None:
        return []
    return [
        card(
            "output_ytd",
            "工业总产值",
            last["ytd"],
            1,
            "万元",
            growth=last["ytd_growth"],
            note=f"{spec.ytd.label(with_year=False)}累计",
        ),
        card(
            "output_month",
            "当月工业总产值",
            last["month"],
            1,
            "万元",
            growth=last["month_growth"],
            note=f"{spec.current_month.label(with_year=False)}",
        ),
    ]


def enterprise_page(
    user: object, unit: Unit, params: Mapping[str, str]
) -> dict[str, Any]:
    """The profile of one enterprise (the caller checked the user may see it).

    Raises:
        PageError: malformed period or daily parameters.
    """
    periods = places.report_periods()
    spec = places.choose_period(params.get("period"), periods)
    on = month_end(spec) if spec else dt.date.today()
    align = "festival" if params.get("align") == "festival" else "calendar"
    tables: list[Table | None] = []
    charts: list[dict[str, Any]] = []
    cards: list[dict[str, Any]] = []
    if spec is not None:
        trend = trend_table(
            Q(unit_id=unit.pk),
            spec.year,
            spec.month,
            per=10,
            unit="万元",
            key="monthly",
            title="月度工业总产值及增速",
        )
        cards = headline(unit, spec, trend)
        tables += [trend, standing_table(unit, spec)]
        charts.append(
            {
                "id": "monthly",
                "type": "bar_line",
                "table": "monthly",
                "x": "short",
                "bar": "ytd",
                "line": "ytd_growth",
                "year": spec.year,
                "title": "工业总产值（1—本月累计，万元）及增速",
            }
        )
    selection = Selection(unit_ids=(unit.pk,))
    for code in ("invoices", "electricity"):
        _, table, chart = measure_block(
            SINGLE[code], selection, user, 90, align, with_cards=False
        )
        if table is not None and chart is not None:
            tables.append(table)
            charts.append(chart)
    alerts, _ = open_alert_table(user, Q(unit_id=unit.pk))
    tables.append(unit_alert_table(user, unit.pk))
    reach = access.reach(user)
    own = access.own_town(user)
    town_url = (
        reverse("monitoring:town", args=[unit.division_id])
        if reach == "all" or own == unit.division_id
        else ""
    )
    return {
        "page": "enterprise",
        "title": unit.name,
        "unit": {"id": unit.pk, "name": unit.name, "town_url": town_url},
        "period": period_json(spec, periods) if spec else None,
        "scope": {"kind": "enterprise", "code": str(unit.pk), "name": unit.name},
        "identity": identity(unit, spec.year if spec else None),
        "tags": tags(unit, on),
        "clusters": clusters(unit, on),
        "cards": cards,
        "alerts": alerts,
        "issues": None,
        "align": align,
        "charts": charts,
        "tables": tables_json(t for t in tables if t is not None),
        "empty": spec is None,
    }
