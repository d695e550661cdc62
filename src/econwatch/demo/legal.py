"""Legal units (法人单位) and activity units (产业活动单位) of the demo.

* the 规上 enterprises (from ``firms``), with their yearly revenue and staff;
* about 30,000 other legal units: small manufacturers below scale, trade,
  construction, transport, services, farms and cooperatives, and public bodies
  (机关, 事业单位, 社会团体, 民办非企业单位, 基层工会, 农村集体经济组织);
* activity units belonging to legal units, some of them in another town.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math

import numpy as np

from econwatch.demo.firms import Firms
from econwatch.demo.geography import TOWNS, roads_of
from econwatch.demo.industries import INDUSTRIAL, SERVICES, Activity
from econwatch.demo.monthly import Monthly
from econwatch.demo.names import NameMaker, place_prefix
from econwatch.demo.profiles import SizeProfile
from econwatch.demo.rng import Streams, Uniforms
from econwatch.demo.units import (
    ACTIVITY,
    DEREGISTERED,
    LEGAL,
    OPERATING,
    PREPARING,
    REVOKED,
    SUSPENDED,
    UnitTable,
    Zones,
    grow_back,
    phone,
    recent_date,
    size_class,
)

MODERN = dt.date(2015, 10, 1)  # codes issued after the 2015 reform: MA… bodies
_SMALL_CATEGORIES = (
    ("112", 80),
    ("140", 7),
    ("150", 3),
    ("119", 2),
    ("121", 1),
    ("210", 1),
    ("310", 1.5),
    ("131", 0.3),
    ("132", 0.3),
    ("190", 0.2),
)
_BUREAUS = (
    "统计局",
    "工业和信息化局",
    "发展和改革局",
    "财政局",
    "市场监督管理局",
    "人力资源和社会保障局",
    "教育局",
    "卫生健康局",
    "住房和城乡建设局",
    "商务局",
    "科学技术局",
    "农业农村局",
    "民政局",
    "司法局",
    "交通运输局",
    "应急管理局",
)


def _town_weights(kind: str) -> np.ndarray:
    w = np.array([t.firms if kind == "firms" else t.others for t in TOWNS])
    return w / w.sum()


def add_firms(
    table: UnitTable,
    streams: Streams,
    firms: Firms,
    monthly: Monthly,
    zones: Zones,
    names: NameMaker,
) -> None:
    """The 规上 enterprises as legal units, with 2022–2024 years."""
    u = Uniforms(streams("legal"))
    for i in range(firms.n):
        town = int(firms.town[i])
        spec = TOWNS[town]
        zone, _ = zones.draw(town)
        act = firms.activity[i]
        category = firms.category[i]
        years = []
        for k, year in enumerate((2022, 2023, 2024)):
            cols = slice(12 + 12 * k, 24 + 12 * k)
            revenue = int(monthly.revenue[i, cols].sum())
            staff = int(monthly.employees[i, cols].max())
            if staff:
                years.append((year, bool(firms.above[i, k]), revenue, staff))
        _, _, revenue, staff = years[-1]
        status = OPERATING if not firms.closed[i] else DEREGISTERED
        index = table.add(
            kind=LEGAL,
            name=names.company(act.words, category, spec.short),
            town=town,
            zone=zone,
            address=names.road_address(spec.name, roads_of(spec.name)),
            industry=act.code,
            category=category,
            status=status,
            size=size_class(act.code, staff, revenue),
            employees=staff,
            revenue=revenue,
            founded=firms.founded[i],
            phone=phone(u),
            code_spec=("91", _division6(u), firms.founded[i] >= MODERN),
        )
        table.years.extend((index, y, a, r, e) for y, a, r, e in years)


def _division6(u: Uniforms) -> str:
    # Larger firms registered with the city before 2015 carry 320400.
    return "320400" if u.random() < 0.15 else "320412"


def add_other_legal(
    table: UnitTable,
    streams: Streams,
    profile: SizeProfile,
    zones: Zones,
    names: NameMaker,
) -> None:
    """Legal units that are never 规上 industry, and public bodies."""
    rng = streams("legal")
    u = Uniforms(rng)
    n = profile.other_legal
    public = max(8, round(n * 0.025))
    manufacturing = round(n * 0.22)
    services = n - public - manufacturing
    _add_public(table, u, public, zones, names)
    picks: list[tuple[Activity, int]] = []
    towns = rng.choice(len(TOWNS), size=manufacturing, p=_town_weights("firms"))
    base = np.array([a.weight for a in INDUSTRIAL])
    cumulative = {
        t: np.cumsum(base * [spec.tilt.get(a.group, 1.0) for a in INDUSTRIAL]).tolist()
        for t, spec in enumerate(TOWNS)
    }
    for town in towns.tolist():
        picks.append((INDUSTRIAL[u.weighted(cumulative[town])], town))
    towns = rng.choice(len(TOWNS), size=services, p=_town_weights("others"))
    svc_w = np.array([a.weight for a in SERVICES])
    acts = rng.choice(len(SERVICES), size=services, p=svc_w / svc_w.sum())
    picks.extend((SERVICES[int(a)], int(t)) for a, t in zip(acts, towns, strict=True))
    codes = [c for c, _ in _SMALL_CATEGORIES]
    cat_cumulative = list(itertools.accumulate(w for _, w in _SMALL_CATEGORIES))
    staff_draw = rng.standard_normal(len(picks)).tolist()
    head_draw = rng.standard_normal(len(picks)).tolist()
    for k, (act, town) in enumerate(picks):
        spec = TOWNS[town]
        if act.group == "farm" and u.random() < 0.4:
            category, prefix = "400", "93"
        else:
            category, prefix = codes[u.weighted(cat_cumulative)], "91"
        founded = recent_date(u, 7.0, 1990)
        status = _status(u, founded)
        industrial = act.group not in ("trade", "build", "service", "farm")
        median_staff, median_head = (25, 500) if industrial else (8, 300)
        staff = min(2000, max(1, int(median_staff * math.exp(staff_draw[k]))))
        revenue = int(staff * median_head * math.exp(0.7 * head_draw[k]))
        if industrial:
            revenue = min(revenue, 19_500)  # below the 规上 line
        zone, _ = zones.draw(town)
        index = table.add(
            kind=LEGAL,
            name=names.company(act.words, category, spec.short),
            town=town,
            zone=zone,
            address=names.road_address(spec.name, roads_of(spec.name)),
            industry=act.code,
            category=category,
            status=status,
            size=size_class(act.code, staff, revenue),
            employees=staff,
            revenue=revenue,
            founded=founded,
            phone=phone(u),
            code_spec=(prefix, "320412", founded >= MODERN),
        )
        _years(table, u, index, founded, status, revenue, staff)


def _status(u: Uniforms, founded: dt.date) -> str:
    if founded >= dt.date(2024, 6, 1) and u.random() < 0.5:
        return PREPARING
    r = u.random()
    if r < 0.86:
        return OPERATING
    return SUSPENDED if r < 0.91 else DEREGISTERED if r < 0.97 else REVOKED


def _years(
    table: UnitTable,
    u: Uniforms,
    index: int,
    founded: dt.date,
    status: str,
    revenue: int,
    staff: int,
) -> None:
    last = 2024 if status in (OPERATING, SUSPENDED, PREPARING) else 2023
    for year in range(2022, last + 1):
        if founded.year > year:
            continue
        back = last - year
        table.years.append(
            (
                index,
                year,
                False,
                grow_back(revenue, back, u),
                grow_back(staff, back, u),
            )
        )


def _add_public(
    table: UnitTable,
    u: Uniforms,
    count: int,
    zones: Zones,
    names: NameMaker,
) -> None:
    """机关, 事业单位, 社团, 民非, 工会, 农村集体经济组织 — named, not drawn."""
    specs: list[tuple[str, str, int, str]] = []  # prefix, industry, town, name
    schools = (
        ("中心小学", "8321"),
        ("初级中学", "8331"),
        ("实验小学", "8321"),
        ("卫生院", "8421"),
        ("社区卫生服务中心", "8421"),
    )
    words = ("机械", "纺织", "汽车零部件", "电子", "建筑", "餐饮")
    rounds = 0
    while len(specs) < count:
        for town, spec in enumerate(TOWNS):
            k = rounds * len(TOWNS) + town
            school, school_industry = schools[k % len(schools)]
            trade = names.trade_name()
            _, village = zones.village(town, k)
            batch = [
                ("11", "9221", town, _government(spec.name)) if rounds == 0 else None,
                (
                    "12",
                    school_industry,
                    town,
                    f"{place_prefix(spec.short, False)}{school}",
                ),
                ("11", "9225", 3, f"常州市武进区{_BUREAUS[k]}")
                if k < len(_BUREAUS)
                else None,
                (
                    "51",
                    "9522",
                    town,
                    f"{place_prefix(spec.short, False)}{words[k % len(words)]}行业协会",
                ),
                (
                    "52",
                    "8310" if k % 2 else "8391",
                    town,
                    f"常州市武进区{trade}{'幼儿园' if k % 2 else '职业培训学校'}",
                ),
                ("81", "9511", town, f"{place_prefix(spec.short, False)}总工会")
                if rounds == 0
                else None,
                ("N2", "7215", town, f"常州市武进区{spec.name}{village}股份经济合作社"),
            ]
            specs.extend(
                b
                for b in batch
                if b is not None
                and b[3] not in names.used
                and all(b[3] != s[3] for s in specs)
            )
        rounds += 1
    for k, (prefix, industry, town, name) in enumerate(specs[:count]):
        zone, _ = zones.draw(town)
        founded = dt.date(1990 + k % 25, 1 + k % 12, 1 + k % 28)
        staff = min(800, max(3, int(40 * math.exp(0.8 * (u.random() * 2 - 1)))))
        index = table.add(
            kind=LEGAL,
            name=names.reserve(name),
            town=town,
            zone=zone,
            address=names.road_address(TOWNS[town].name, roads_of(TOWNS[town].name)),
            industry=industry,
            employees=staff,
            founded=founded,
            phone=phone(u),
            code_spec=(prefix, "320412", founded >= MODERN),
        )
        table.years.extend((index, y, False, None, staff) for y in (2022, 2023, 2024))


_ZONE_BODIES = {
    "武进经济开发区": "江苏武进经济开发区管理委员会",
    "高新区": "江苏武进国家高新技术产业开发区管理委员会",
    "西太湖生态休闲区": "常州西太湖生态休闲区管理委员会",
    "太湖旅游度假区": "常州太湖湾旅游度假区管理委员会",
}


def _government(town_name: str) -> str:
    if town_name.endswith("镇"):
        return f"常州市武进区{town_name}人民政府"
    if town_name.endswith("街道"):
        return f"常州市武进区{town_name}办事处"
    return _ZONE_BODIES[town_name]


def add_activity_units(
    table: UnitTable,
    streams: Streams,
    profile: SizeProfile,
    zones: Zones,
    names: NameMaker,
) -> None:
    """Branches of the larger enterprises; about a third in another town."""
    rng = streams("activity")
    u = Uniforms(rng)
    candidates = [
        i
        for i in range(len(table))
        if table.kind[i] == LEGAL
        and table.category[i] is not None
        and (table.employees[i] or 0) >= 50
        and table.status[i] == OPERATING
    ]
    parents = rng.choice(candidates, size=profile.activity_units, replace=True)
    count: dict[int, int] = {}
    for parent in sorted(int(p) for p in parents):
        k = count.get(parent, 0)
        count[parent] = k + 1
        town = table.town[parent]
        if u.random() < 0.35:
            town = u.weighted(np.cumsum(_town_weights("firms")).tolist())
        spec = TOWNS[town]
        zone, _ = zones.draw(town)
        founded = max(table.founded[parent], recent_date(u, 6.0, 2000))
        staff = max(
            5, int((table.employees[parent] or 10) * (0.05 + 0.25 * u.random()))
        )
        coded = u.random() < 0.6
        table.add(
            kind=ACTIVITY,
            name=names.branch(table.name[parent], spec.short, k),
            parent=parent,
            town=town,
            zone=zone,
            address=names.road_address(spec.name, roads_of(spec.name)),
            industry=table.industry[parent],
            employees=staff,
            founded=founded,
            phone=phone(u),
            code_spec=("91", "320412", True) if coded else None,
        )


def add_former_names(table: UnitTable, streams: Streams, names: NameMaker) -> None:
    """Name history: about 3 % of enterprises changed their name once."""
    u = Uniforms(streams("history"))
    by_code = {a.code: a for a in (*SERVICES, *INDUSTRIAL)}
    for i in range(len(table)):
        if table.kind[i] != LEGAL or table.category[i] is None or u.random() >= 0.03:
            continue
        first = table.founded[i] + dt.timedelta(days=365)
        if first >= dt.date(2024, 6, 1):
            continue
        span = (dt.date(2024, 6, 1) - first).days
        changed = first + dt.timedelta(days=u.integer(0, span))
        act = by_code.get(table.industry[i], INDUSTRIAL[0])
        old = names.company(
            act.words, table.category[i] or "112", TOWNS[table.town[i]].short
        )
        table.former.append((i, old, table.founded[i], changed - dt.timedelta(days=1)))
        table.former.append((i, table.name[i], changed, None))
