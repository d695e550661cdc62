"""The cluster structure of a scope: each cluster's output, growth, share and 拉动.

The district's cluster system (武进“95X”, taxonomy code ``95x``) lists clusters,
"industry cards" and future industries in one version; the cockpit's cluster
chart shows the nodes of kind ``cluster`` only, each enterprise counted once per
cluster (a node name shared by a cluster and a card is not counted twice).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Q

from econwatch.monitoring.breakdowns import Membership, breakdown
from econwatch.monitoring.indicators import Result
from econwatch.monitoring.pages.tables import (
    Table,
    from_exact,
    integer,
    number,
    percent_of,
    text,
)
from econwatch.register.models import TaxonomyNode, TaxonomyVersion

CLUSTER_TAXONOMY = "95x"
"""The taxonomy the cockpit shows (case-insensitive code), else the first one."""


def cluster_version(on: dt.date) -> TaxonomyVersion | None:
    """The version of the district's cluster system valid on a day."""
    valid = TaxonomyVersion.objects.filter(valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    return (
        valid.filter(taxonomy__code__iexact=CLUSTER_TAXONOMY)
        .select_related("taxonomy")
        .order_by("-valid_from")
        .first()
        or valid.select_related("taxonomy")
        .order_by("taxonomy_id", "-valid_from")
        .first()
    )


def cluster_membership(version: TaxonomyVersion, unit_ids: list[int]) -> Membership:
    """Enterprises → the names of their clusters (kind ``cluster``) in a version."""
    nodes = TaxonomyNode.objects.filter(version=version)
    if nodes.filter(kind="cluster").exists():
        nodes = nodes.filter(kind="cluster")
    through = (
        TaxonomyNode.units.through.objects.filter(
            taxonomynode__in=nodes, unit_id__in=unit_ids
        )
        .order_by("taxonomynode__order", "taxonomynode__code")
        .values_list("unit_id", "taxonomynode__name")
    )
    groups: dict[int, list[str]] = defaultdict(list)
    for unit_id, name in through:
        if name not in groups[unit_id]:
            groups[unit_id].append(name)
    label = f"{version.taxonomy.name}（{version.label}版）"
    return Membership(
        f"cluster:{version.taxonomy.code}",
        label,
        {u: tuple(n) for u, n in groups.items()},
        False,
    )


def cluster_table(
    result: Result, on: dt.date, parent: str, *, key: str = "clusters"
) -> Table | None:
    """Each cluster's output, growth, proportion, 贡献率 and 拉动 (``None``: none).

    Args:
        result: The scope's 1—N月 output (its rows are the enterprises).
        on: The day cluster membership is read.
        parent: The parent's name for 拉动 (``全区规上工业``).
        key: The table's key.
    """
    version = cluster_version(on)
    if version is None:
        return None
    member = cluster_membership(version, [r.unit_id for r in result.rows])
    split = breakdown(result, member, parent)
    rows: list[dict[str, Any]] = [
        {
            "name": g["name"],
            "value": from_exact(g["value"], 100_000, 1),
            "growth": from_exact(g["growth_pct"]),
            "proportion": percent_of(g["value"], result.comparison.value),
            "share": from_exact(g["share_pct"]),
            "pull": from_exact(g["pull_pp"], 1, 2),
            "enterprises": g["enterprises"],
        }
        for g in split["groups"]
    ]
    return Table(
        key,
        f"产业集群规上工业总产值（{member.label}）",
        [
            text("name", "集群"),
            number("value", "产值（亿元）", 1),
            number("growth", "增速（%）"),
            number("proportion", "占比（%）"),
            number("share", "贡献率（%）"),
            number("pull", "拉动（个百分点）", 2),
            integer("enterprises", "企业数（家）"),
        ],
        rows,
        f"占比、贡献率和拉动均相对于{parent}；集群之间有交叉、并非全覆盖，"
        "各集群贡献率之和不等于100%。",
    )
