"""Industrial taxonomies of the demo, as versioned data.

Membership is derived from each enterprise's GB/T 4754 class: a node lists class
prefixes (2, 3 or 4 digits) and a legal unit belongs to every node one of whose
prefixes its class starts with, so an enterprise can sit in several clusters.

* 武进“95X” (version 2023): nine clusters (kind ``cluster``), five 产业名片
  (kind ``card``) and the open set X of future industries (kind ``future``).
  Five cluster names are published [S31][S29]; the other four were not found
  (``reference/domain-monitoring.md`` §4.1) and are placeholders marked 示例.
  新能源汽车及核心零部件 is the name under which the 智电汽车 cluster's figure was
  published [S29].
* 江苏省先进制造业集群 (version 2018): the 13 clusters of 2018 [S36].
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Node:
    """A cluster, card or chain: code, name, kind and the classes it covers."""

    code: str
    name: str
    kind: str
    prefixes: tuple[str, ...]
    description: str = ""
    excludes: tuple[str, ...] = ()

    def covers(self, industry: str) -> bool:
        """Whether a 4-digit class belongs to this node."""
        return industry.startswith(self.prefixes) and not (
            self.excludes and industry.startswith(self.excludes)
        )


@dataclass(frozen=True)
class TaxonomySpec:
    """One taxonomy with one version and its nodes."""

    code: str
    name: str
    description: str
    version: str
    valid_from: dt.date
    source: str
    nodes: tuple[Node, ...]


_EXAMPLE = (
    "示例：官方名称未查到（见 domain-monitoring.md §4.1），"
    "请向区工信局取得正式名单后替换。"
)
NEV = "新能源汽车及核心零部件"
_NEV_CLASSES = ("3612", "3620", "3660", "3670", "3841", "3812", "3824", "3962")
_MEDICAL = ("27", "358")

WUJIN_95X = TaxonomySpec(
    code="95x",
    name="武进“95X”现代产业体系",
    description=(
        "9 = 九大重点产业集群，5 = 五大产业名片，X = 未来产业。"
        "集群成员按企业行业小类归入（示例口径）。"
    ),
    version="2023",
    valid_from=dt.date(2023, 1, 1),
    source="[S31][S32][S29] reference/domain-monitoring.md §4.1；四个集群名称为示例",
    nodes=(
        Node(
            "C1",
            "高端装备",
            "cluster",
            ("34", "35", "37"),
            "不含医疗设备 358",
            ("358",),
        ),
        Node("C2", NEV, "cluster", _NEV_CLASSES, "智电汽车集群的公开口径名称 [S29]"),
        Node(
            "C3",
            "新能源",
            "cluster",
            (
                "3825",
                "3415",
                "3841",
                "3849",
                "3811",
                "3821",
                "3823",
                "3829",
                "4415",
                "4416",
            ),
        ),
        Node(
            "C4",
            "新材料",
            "cluster",
            ("265", "266", "282", "283", "306", "3073", "3091", "3240", "325", "3985"),
        ),
        Node("C5", "医疗健康", "cluster", _MEDICAL),
        Node("C6", "电子信息（示例）", "cluster", ("39", "4011", "4028"), _EXAMPLE),
        Node(
            "C7",
            "节能环保（示例）",
            "cluster",
            ("3591", "3597", "3463", "2666", "4620", "4210"),
            _EXAMPLE,
        ),
        Node("C8", "金属材料（示例）", "cluster", ("31", "32", "33"), _EXAMPLE),
        Node("C9", "纺织服装（示例）", "cluster", ("17", "18", "2822"), _EXAMPLE),
        Node("P1", "机器人", "card", ("3491", "3492", "3964")),
        Node("P2", "智电汽车", "card", _NEV_CLASSES),
        Node("P3", "集成电路", "card", ("3972", "3973", "3562", "6520")),
        Node("P4", "石墨烯", "card", ("3091",)),
        Node("P5", "医疗健康", "card", _MEDICAL),
        Node("X1", "人工智能", "future", ("6513", "3491", "3964")),
        Node("X2", "数字经济", "future", ("651", "653", "3914", "6532")),
        Node("X3", "绿色双碳", "future", ("4416", "4415", "3825", "7514", "7515")),
    ),
)

# 1. Cluster 1 of the Jiangsu list is 新型电力(新能源)装备, and so on [S36].
JIANGSU_2018 = TaxonomySpec(
    code="jiangsu",
    name="江苏省先进制造业集群",
    description=(
        "江苏省重点培育的先进制造业集群；2023年起改为“1650”"
        "（16个集群+50条产业链，名单未取得）。"
    ),
    version="2018",
    valid_from=dt.date(2018, 1, 1),
    source="[S36] reference/domain-monitoring.md §4.3（13个先进制造业集群）",
    nodes=(
        Node(
            "J01",
            "新型电力（新能源）装备",
            "cluster",
            ("3811", "3812", "3821", "3823", "3825", "3829", "3415", "3831"),
        ),
        Node("J02", "工程机械", "cluster", ("3511", "3514", "3517", "3432", "3433")),
        Node("J03", "物联网", "cluster", ("3983", "3921", "6532")),
        Node("J04", "前沿新材料", "cluster", ("3091", "3985", "2669", "2659", "3073")),
        Node("J05", "生物医药和新型医疗器械", "cluster", _MEDICAL),
        Node("J06", "纺织服装", "cluster", ("17", "18", "2822")),
        Node("J07", "集成电路", "cluster", ("3972", "3973", "3562", "6520")),
        Node("J08", "海工装备和高技术船舶", "cluster", ("3731", "3734", "3737")),
        Node(
            "J09",
            "高端装备",
            "cluster",
            (
                "3421",
                "3422",
                "3425",
                "3491",
                "3712",
                "3716",
                "3720",
                "3441",
                "3442",
                "3444",
                "3451",
                "3453",
            ),
        ),
        Node("J10", "节能环保", "cluster", ("3591", "3597", "3463", "2666", "4620")),
        Node(
            "J11",
            "核心信息技术",
            "cluster",
            ("3911", "3912", "3914", "3976", "6511", "6512", "6513"),
        ),
        Node(
            "J12", "汽车及零部件", "cluster", ("3611", "3612", "3620", "3660", "3670")
        ),
        Node("J13", "新型显示", "cluster", ("3974", "3975")),
    ),
)

TAXONOMIES: tuple[TaxonomySpec, ...] = (WUJIN_95X, JIANGSU_2018)


def nev_node() -> Node:
    """The 95X cluster whose 高新区 figure the demo is calibrated to."""
    return next(n for n in WUJIN_95X.nodes if n.name == NEV and n.kind == "cluster")
