"""Enterprises ranked by 拉动: who pulled the scope's growth up, who held it back.

拉动 of one enterprise = its increment ÷ the scope's Σ 上年同期 × 100 (个百分点);
贡献率 = its increment ÷ the scope's increment × 100. Both come from
:class:`econwatch.core.stats.Contribution`, always with the parent named.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from econwatch.core.stats import Comparison, Contribution
from econwatch.monitoring.indicators import Result, Row
from econwatch.monitoring.pages.tables import (
    Table,
    integer,
    number,
    rounded,
    scaled,
    text,
)
from econwatch.register.models import Unit

PER_WAN = 10
"""千元 per 万元: enterprise figures are printed in 万元."""


def _pull(row: Row, parent: Comparison, name: str) -> Contribution:
    return Contribution(Comparison.of(row.current, row.base), parent, name)


def contributor_tables(
    result: Result, parent: str, *, limit: int = 10, drag_limit: int = 5
) -> list[Table]:
    """The top ``limit`` enterprises by 拉动 and the ``drag_limit`` most negative.

    Args:
        result: The scope's 1—N月 output with its enterprise rows.
        parent: The parent's name (``全区规上工业``).
        limit: Rows of the 拉动 table.
        drag_limit: Rows of the 下拉 table.
    """
    total = result.comparison
    ordered = sorted(
        result.rows, key=lambda r: (r.current - r.base, -r.unit_id), reverse=True
    )
    top = [r for r in ordered[:limit] if r.current > r.base]
    drag = [r for r in reversed(ordered) if r.current < r.base][:drag_limit]
    info = _units([r.unit_id for r in (*top, *drag)])
    return [
        _table("top_pull", f"拉动{parent}增长居前的企业", top, total, parent, info),
        _table("drag", f"下拉{parent}增长较多的企业", drag, total, parent, info),
    ]


def _units(ids: list[int]) -> dict[int, dict[str, Any]]:
    found = Unit.objects.filter(pk__in=ids).values(
        "pk", "name", "division__name", "industry_id", "industry__name"
    )
    return {u["pk"]: u for u in found}


def _table(
    key: str,
    title: str,
    rows: list[Row],
    total: Comparison,
    parent: str,
    info: dict[int, dict[str, Any]],
) -> Table:
    out = []
    for position, row in enumerate(rows, start=1):
        unit = info.get(row.unit_id, {})
        share = _pull(row, total, parent)
        out.append(
            {
                "rank": position,
                "name": unit.get("name", str(row.unit_id)),
                "url": reverse("monitoring:enterprise", args=[row.unit_id]),
                "town": unit.get("division__name"),
                "industry": unit.get("industry__name"),
                "value": scaled(row.current, PER_WAN, 1),
                "growth": rounded(Comparison.of(row.current, row.base).growth_pct, 1),
                "increment": scaled(row.current - row.base, PER_WAN, 1),
                "pull": rounded(share.pull_pp, 2),
                "share": rounded(share.share_pct, 1),
            }
        )
    return Table(
        key,
        title,
        [
            integer("rank", "序号"),
            text("name", "企业名称", link="url"),
            text("town", "所在镇（街道）"),
            text("industry", "行业"),
            number("value", "产值（万元）", 1),
            number("growth", "增速（%）"),
            number("increment", "增量（万元）", 1),
            number("pull", "拉动（个百分点）", 2),
            number("share", "贡献率（%）"),
        ],
        out,
        f"拉动、贡献率相对于{parent}；产值为1—本月累计。",
    )


def enterprise_table(result: Result, parent: str) -> Table:
    """Every enterprise of the scope, largest first, with growth and 拉动."""
    ordered = sorted(result.rows, key=lambda r: (-r.current, r.unit_id))
    info = _units([r.unit_id for r in ordered])
    table = _table(
        "enterprises",
        f"{parent}企业（按产值排列）",
        ordered,
        result.comparison,
        parent,
        info,
    )
    table.note = f"共{len(ordered)}家报送月报的规上工业企业；{table.note}"
    return table
