"""The 18 towns (镇/街道/园区) of 武进区, how the demo spreads units over them,
and the reporting scopes.

Town codes are the real 统计用区划代码 shipped in ``econwatch.core.codes``.
The weights and industry tilts are plausible, not measured: 湖塘 is the largest
town and a textile centre, 横林 makes laminate flooring, 遥观 and 戚墅堰 build
rail equipment, 高新区 hosts new-energy vehicles, robots and electronics, 西太湖
medical devices and graphene (general knowledge, good enough for a demo).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache


@dataclass(frozen=True)
class Town:
    """One town and the demo's weights for it.

    Attributes:
        code12: 12-digit 统计用区划代码.
        name: the official name.
        short: the name used inside unit names (``湖塘``).
        firms: relative share of 规上 industrial enterprises.
        others: relative share of other legal units and individual businesses.
        tilt: industry group → multiplier of the district-wide mix.
    """

    code12: str
    name: str
    short: str
    firms: float
    others: float
    tilt: dict[str, float] = field(default_factory=dict)


TOWNS: tuple[Town, ...] = (
    Town("320412001000", "戚墅堰街道", "戚墅堰", 0.02, 0.03, {"rail": 6, "equip": 1.5}),
    Town(
        "320412002000",
        "丁堰街道",
        "丁堰",
        0.03,
        0.03,
        {"equip": 1.5, "electrical": 1.5},
    ),
    Town(
        "320412003000", "潞城街道", "潞城", 0.03, 0.03, {"rail": 3, "electrical": 1.5}
    ),
    Town("320412100000", "湖塘镇", "湖塘", 0.09, 0.20, {"textile": 3, "other": 1.5}),
    Town(
        "320412102000", "牛塘镇", "牛塘", 0.06, 0.06, {"metal": 1.8, "electronics": 1.5}
    ),
    Town("320412103000", "洛阳镇", "洛阳", 0.06, 0.04, {"equip": 1.6, "material": 1.6}),
    Town(
        "320412104000",
        "遥观镇",
        "遥观",
        0.08,
        0.05,
        {"rail": 3, "metal": 2, "electrical": 1.8},
    ),
    Town("320412105000", "横林镇", "横林", 0.08, 0.05, {"floor": 12, "metal": 1.4}),
    Town(
        "320412106000",
        "横山桥镇",
        "横山桥",
        0.05,
        0.04,
        {"material": 2, "textile": 1.5},
    ),
    Town("320412110000", "雪堰镇", "雪堰", 0.05, 0.04, {"equip": 1.4, "metal": 1.5}),
    Town(
        "320412113000", "前黄镇", "前黄", 0.05, 0.04, {"metal": 1.6, "electrical": 1.4}
    ),
    Town(
        "320412114000", "礼嘉镇", "礼嘉", 0.05, 0.04, {"electrical": 1.6, "metal": 1.4}
    ),
    Town("320412119000", "嘉泽镇", "嘉泽", 0.03, 0.03, {"textile": 1.5, "other": 1.5}),
    Town("320412120000", "湟里镇", "湟里", 0.04, 0.03, {"textile": 2, "equip": 1.3}),
    Town(
        "320412400000",
        "武进经济开发区",
        "武进经开区",
        0.07,
        0.06,
        {"auto": 1.8, "equip": 1.5, "electronics": 1.5},
    ),
    Town(
        "320412411000",
        "高新区",
        "武进高新区",
        0.13,
        0.12,
        {"auto": 3, "nev": 4, "electronics": 2.5, "equip": 1.4, "textile": 0.2},
    ),
    Town(
        "320412412000",
        "西太湖生态休闲区",
        "西太湖",
        0.05,
        0.05,
        {"medical": 8, "material": 1.5, "textile": 0.3},
    ),
    Town("320412413000", "太湖旅游度假区", "太湖湾", 0.01, 0.02, {"other": 2}),
)

TOWN_CODES: tuple[str, ...] = tuple(t.code12 for t in TOWNS)
HITECH_ZONE = "320412411000"  # 高新区 = 武进国家高新区

# The six towns/streets under 常州经开区 (general knowledge; not from an official
# list found for this project): 戚墅堰、丁堰、潞城街道, 横林、遥观、横山桥镇.
CETDZ_TOWNS: tuple[str, ...] = (
    "320412001000",
    "320412002000",
    "320412003000",
    "320412105000",
    "320412104000",
    "320412106000",
)


@dataclass(frozen=True)
class Scope:
    """A named reporting scope and its towns."""

    code: str
    name: str
    description: str
    towns: tuple[str, ...]
    order: int


SCOPES: tuple[Scope, ...] = (
    Scope(
        "all",
        "全区",
        "武进区全部18个镇、街道和园区（含常州经开区代管部分）。",
        TOWN_CODES,
        1,
    ),
    Scope(
        "excl-cetdz",
        "不含经开区",
        "不含常州经开区代管的戚墅堰、丁堰、潞城街道和横林、遥观、横山桥镇"
        "（归属依据一般资料，非官方名单，示例）。",
        tuple(c for c in TOWN_CODES if c not in CETDZ_TOWNS),
        2,
    ),
    Scope(
        "wj-hitech",
        "武进国家高新区",
        "武进国家高新技术产业开发区（区划 320412411 高新区）。",
        (HITECH_ZONE,),
        3,
    ),
)

ROADS: tuple[str, ...] = (
    "人民路",
    "长虹路",
    "武宜路",
    "常武路",
    "延政大道",
    "花园街",
    "阳湖路",
    "聚湖路",
    "滆湖路",
    "淹城路",
    "武南路",
    "龙锦路",
    "海湖路",
    "西湖路",
    "凤苑路",
    "礼河路",
    "建设路",
    "工业路",
    "兴业路",
    "新园路",
    "富民路",
    "振兴路",
    "创业路",
    "科技大道",
    "东方路",
    "南环路",
    "北环路",
    "西环路",
    "中心街",
    "青年路",
    "文化路",
    "友谊路",
    "和平路",
    "新城大道",
    "光明路",
    "府南路",
    "鸣新路",
    "湖滨路",
    "凤林路",
    "青洋路",
)


@cache
def roads_of(town_name: str) -> tuple[str, ...]:
    """Twelve roads of a town (a fixed selection from ``ROADS``)."""
    start = sum(map(ord, town_name)) % len(ROADS)
    return tuple(ROADS[(start + 3 * k) % len(ROADS)] for k in range(12))
