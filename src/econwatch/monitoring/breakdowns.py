"""Break an indicator down by town, industry division, cluster, size, tag, ownership.

Each dimension maps an enterprise to zero or more group names. Towns, divisions,
sizes and ownership partition the scope (Σ 贡献率 = 100 %); clusters and tags may
overlap or leave enterprises out, so their 贡献率 and 拉动 are still measured
against the scope's total, and their sum need not be 100 %.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db.models import Q

from econwatch.core.stats import (
    Contribution,
    aggregate,
    format_number,
    format_percent,
    rank_values,
)
from econwatch.monitoring.indicators import (
    IndicatorError,
    Result,
    _exact,
    display_value,
    growth_text,
)
from econwatch.register.models import (
    Industry,
    RegistrationCategory,
    TaxonomyNode,
    TaxonomyVersion,
    Unit,
    UnitTag,
)

OTHER = "其他"

DIMENSIONS = {
    "town": "镇（街道）",
    "division": "行业大类",
    "size": "企业规模",
    "ownership": "登记注册类别",
    "cluster": "产业集群（cluster:体系代码）",
    "tag": "企业标签（tag:标签代码）",
}


def unknown_dimension(by: str) -> IndicatorError:
    """The refusal of a breakdown dimension that does not exist."""
    return IndicatorError(
        "unknown-dimension",
        f"分组 {by!r} 不支持；可选：town、division、size、ownership、"
        "cluster:体系代码、tag:标签代码",
    )


def unknown_taxonomy(taxonomy: str, on: dt.date) -> IndicatorError:
    """The refusal of a taxonomy with no version valid on ``on``."""
    return IndicatorError(
        "unknown-taxonomy",
        f"产业体系 {taxonomy!r} 在 {on:%Y-%m-%d} 没有有效版本；"
        "请在管理后台查看产业体系及其版本",
    )


def unknown_node_kind(version: str, kind: str, kinds: Iterable[str]) -> IndicatorError:
    """The refusal of a node kind a taxonomy version does not have."""
    return IndicatorError(
        "unknown-node-kind",
        f"{version} 中没有类型为 {kind!r} 的节点；可选类型：{'、'.join(sorted(kinds))}",
    )


def unknown_tag(tag: str) -> IndicatorError:
    """The refusal of a tag nobody holds or has held."""
    return IndicatorError("unknown-tag", f"标签 {tag!r} 不存在或无企业持有")


@dataclass(frozen=True)
class Membership:
    """Which groups each enterprise belongs to, for one dimension."""

    by: str
    label: str
    groups: dict[int, tuple[str, ...]]
    partition: bool


def membership(by: str, unit_ids: Iterable[int], on: dt.date) -> Membership:
    """Map enterprises to group names for the dimension ``by``.

    Args:
        by: ``town``, ``division``, ``size``, ``ownership``, ``cluster:<taxonomy>``
            or ``tag:<code>``.
        unit_ids: The enterprises to place.
        on: The date at which cluster versions and tag validity are read.

    Raises:
        IndicatorError: an unknown dimension, taxonomy or tag.
    """
    ids = list(unit_ids)
    kind, _, arg = by.partition(":")
    units = Unit.objects.filter(pk__in=ids)
    if kind == "town":
        pairs = units.values_list("pk", "division__name")
        return Membership(by, DIMENSIONS[kind], {u: (n,) for u, n in pairs}, True)
    if kind == "division":
        names = dict(Industry.objects.filter(level=2).values_list("code", "name"))
        pairs = units.values_list("pk", "industry_id")
        return Membership(
            by,
            DIMENSIONS[kind],
            {
                u: (f"{c[:2]} {names.get(c[:2], '')}".strip() if c else OTHER,)
                for u, c in pairs
            },
            True,
        )
    if kind == "size":
        labels = dict(Unit.Size.choices)
        pairs = units.values_list("pk", "size_class")
        return Membership(
            by,
            DIMENSIONS[kind],
            {u: (labels.get(s, "未分类"),) for u, s in pairs},
            True,
        )
    if kind == "ownership":
        top = {
            c.code: (
                c.parent.parent.name
                if c.parent and c.parent.parent
                else c.parent.name
                if c.parent
                else c.name
            )
            for c in RegistrationCategory.objects.select_related("parent__parent")
        }
        pairs = units.values_list("pk", "reg_category_id")
        return Membership(
            by, DIMENSIONS[kind], {u: (top.get(c, OTHER),) for u, c in pairs}, True
        )
    if kind == "cluster":
        return _clusters(by, arg, ids, on)
    if kind == "tag":
        valid = UnitTag.objects.filter(
            Q(tag__code=arg) | Q(tag__name=arg), unit_id__in=ids, valid_from__lte=on
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        holders = set(valid.values_list("unit_id", flat=True))
        if (
            not valid.exists()
            and not UnitTag.objects.filter(Q(tag__code=arg) | Q(tag__name=arg)).exists()
        ):
            raise unknown_tag(arg)
        return Membership(
            by,
            f"标签：{arg}",
            {u: ("是" if u in holders else "否",) for u in ids},
            True,
        )
    raise unknown_dimension(by)


def _clusters(by: str, arg: str, ids: list[int], on: dt.date) -> Membership:
    """Members of the nodes of one kind (default ``cluster``) of a taxonomy version.

    ``arg`` is ``<taxonomy>[/<kind>]``: ``95x`` gives the nine clusters,
    ``95x/card`` the 产业名片. Kinds are kept apart so that a cluster and a card
    with the same name are never merged.
    """
    taxonomy, _, kind = arg.partition("/")
    kind = kind or "cluster"
    version = (
        TaxonomyVersion.objects.filter(
            Q(taxonomy__code__iexact=taxonomy) | Q(taxonomy__name=taxonomy),
            valid_from__lte=on,
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from")
        .first()
    )
    if version is None:
        raise unknown_taxonomy(taxonomy, on)
    groups: dict[int, list[str]] = defaultdict(list)
    through = TaxonomyNode.units.through.objects.filter(
        taxonomynode__version=version, taxonomynode__kind=kind, unit_id__in=ids
    ).order_by("taxonomynode__order", "taxonomynode__code")
    for unit_id, name in through.values_list("unit_id", "taxonomynode__name"):
        groups[unit_id].append(name)
    if not through.exists() and not version.nodes.filter(kind=kind).exists():
        kinds = set(version.nodes.values_list("kind", flat=True))
        raise unknown_node_kind(str(version), kind, kinds)
    label = f"{version.taxonomy.name}（{version.label}版）"
    return Membership(by, label, {u: tuple(n) for u, n in groups.items()}, False)


def breakdown(result: Result, member: Membership, total_name: str) -> dict[str, Any]:
    """Groups of one indicator with value, growth, 贡献率, 拉动, rank (JSON-ready)."""
    pairs = [
        (name, row)
        for row in result.rows
        for name in member.groups.get(
            row.unit_id, () if not member.partition else (OTHER,)
        )
    ]
    split = aggregate(
        pairs,
        by=lambda p: p[0],
        current=lambda p: p[1].current,
        base=lambda p: p[1].base,
        total_name=total_name,
    )
    total = result.comparison
    ranks = rank_values({g.key: g.value for g in split.groups})
    growth_ranks = split.growth_ranks()
    i = result.indicator
    groups = []
    for g in sorted(split.groups, key=lambda g: g.value, reverse=True):
        share = Contribution(g.comparison, total, total_name)
        rank, grank = ranks[g.key], growth_ranks.get(g.key)
        groups.append(
            {
                "name": g.key,
                "value": _exact(g.value),
                "base": _exact(g.base),
                "growth_pct": _exact(g.growth_pct),
                "share_pct": _exact(share.share_pct),
                "pull_pp": _exact(share.pull_pp),
                "value_text": display_value(i, g.value),
                "growth_text": growth_text(i, g.comparison),
                "share_text": format_percent(share.share_pct, 1),
                "pull_text": format_number(share.pull_pp, 2)
                if share.pull_pp is not None
                else "—",
                "proportion_text": format_percent(
                    g.value * 100 / total.value if total.value else None, 1
                ),
                "enterprises": g.rows.total,
                "grown": g.rows.grown,
                "rank": rank.position,
                "rank_tied": rank.tied,
                "growth_rank": grank.position if grank else None,
                "growth_rank_tied": grank.tied if grank else False,
            }
        )
    breadth = split.category_breadth()
    return {
        "by": member.by,
        "label": member.label,
        "indicator": i.code,
        "partition": member.partition,
        "parent": total_name,
        "groups": groups,
        "category_breadth": {
            "grown": breadth.grown,
            "total": breadth.total,
            "pct": _exact(Fraction(breadth.grown * 100, breadth.total))
            if breadth.total
            else None,
        },
    }
