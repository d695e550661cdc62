"""The enterprises that are 规上 industry in at least one year of 2022–2024.

Each enterprise has a role that fixes in which years it is 规上: continuing, an
exit (退库) at the start of 2023 or 2024, or an entrant (小升规 or 新投产) in 2023
or 2024. Towns and industries are drawn from the mixes of ``geography`` and
``industries``; a few enterprises are placed on purpose: the new-energy vehicle
maker and the battery maker of 高新区 that carry the published 159.5 % growth,
and a group of parts makers around them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from econwatch.demo.geography import HITECH_ZONE, TOWNS
from econwatch.demo.industries import INDUSTRIAL, NEV_PARTS, Activity
from econwatch.demo.profiles import SizeProfile
from econwatch.demo.rng import Streams
from econwatch.demo.taxonomy import nev_node

CONT, EXIT23, EXIT24, ENT23, ENT24 = range(5)
ROLE_NAMES = ("连续规上", "2023年退库", "2024年退库", "2023年入库", "2024年入库")
# Which of 2022, 2023, 2024 each role is 规上 in.
_ABOVE = np.array([[1, 1, 1], [1, 0, 0], [1, 1, 0], [0, 1, 1], [0, 0, 1]], dtype=bool)
YEARS = (2021, 2022, 2023, 2024)  # latent annual output is drawn for these
REPORT_YEARS = (2022, 2023, 2024)
MONTHS = 48  # 2021-01 … 2024-12
VEHICLE, BATTERY, PLACED = 1, 2, 3

_CATEGORIES = (
    ("112", 62),
    ("119", 5),
    ("121", 7),
    ("129", 2),
    ("111", 1),
    ("131", 1),
    ("132", 1),
    ("210", 5),
    ("220", 1),
    ("310", 13),
    ("320", 1),
)


def month_index(year: int, month: int) -> int:
    """Index of a month in the 48-month latent series (2021-01 is 0)."""
    return (year - 2021) * 12 + month - 1


@dataclass
class Firms:
    """Columns of the 规上 universe, one entry per enterprise.

    Attributes:
        role: one of ``CONT``, ``EXIT23``, ``EXIT24``, ``ENT23``, ``ENT24``.
        above: 规上 flags for 2022, 2023, 2024 (shape ``(n, 3)``).
        entered_2022: entered in 2022 (its 2022 上年同期 is below-scale output).
        new_plant: a new plant (新投产) rather than a 小升规 enterprise.
        closed: deregistered after leaving (its data stop at ``end``).
        town: index into ``geography.TOWNS``.
        activity: its industry (class, group, words).
        anchor: ``VEHICLE``, ``BATTERY``, ``PLACED`` or 0.
        start: first month of production (index of the latent series).
        end: one past the last month of production.
        founded: date of establishment.
        category: 登记注册统计类别.
        nev: member of the 95X cluster 新能源汽车及核心零部件.
    """

    role: np.ndarray
    above: np.ndarray
    entered_2022: np.ndarray
    new_plant: np.ndarray
    closed: np.ndarray
    town: np.ndarray
    activity: list[Activity]
    anchor: np.ndarray
    start: np.ndarray
    end: np.ndarray
    founded: list[dt.date]
    category: list[str]
    nev: np.ndarray

    @property
    def n(self) -> int:
        """Number of enterprises."""
        return len(self.role)

    def above_in(self, year: int) -> np.ndarray:
        """规上 flags for one of 2022–2024."""
        return self.above[:, year - 2022]

    @property
    def hitech(self) -> np.ndarray:
        """Located in 高新区 (武进国家高新区)."""
        code = [t.code12 for t in TOWNS].index(HITECH_ZONE)
        return self.town == code

    @property
    def nev_hitech_2023(self) -> np.ndarray:
        """The calibration group: 2023 规上, 高新区, cluster 新能源汽车…."""
        return self.above_in(2023) & self.hitech & self.nev


def _date_between(rng: np.random.Generator, a: dt.date, b: dt.date) -> dt.date:
    return a + dt.timedelta(days=int(rng.integers(0, (b - a).days + 1)))


def _month_start(index: int) -> dt.date:
    return dt.date(2021 + index // 12, index % 12 + 1, 1)


def draw_firms(streams: Streams, profile: SizeProfile) -> Firms:
    """Draw the 规上 universe of a demo size."""
    rng = streams("firms")
    counts = (
        profile.continuing,
        profile.exits_2023,
        profile.exits_2024,
        profile.entrants_2023,
        profile.entrants_2024,
    )
    role = np.repeat(np.arange(5, dtype=np.int8), counts)
    n = len(role)
    anchor = np.zeros(n, dtype=np.int8)
    anchor[0], anchor[1] = VEHICLE, BATTERY
    cont = np.flatnonzero(role == CONT)[2:]
    ent23 = np.flatnonzero(role == ENT23)
    n_placed_entrants = min(len(ent23) // 3, round(profile.nev_parts_hitech * 0.2))
    placed = np.concatenate(
        [
            rng.choice(cont, profile.nev_parts_hitech - n_placed_entrants, False),
            rng.choice(ent23, n_placed_entrants, replace=False),
        ]
    )
    anchor[placed] = PLACED

    hitech = [t.code12 for t in TOWNS].index(HITECH_ZONE)
    weights = np.array([t.firms for t in TOWNS])
    town = rng.choice(len(TOWNS), size=n, p=weights / weights.sum())
    town[anchor > 0] = hitech
    activity = _draw_activities(rng, town, anchor)

    earlier = np.flatnonzero(role <= EXIT24)
    entered_2022 = np.zeros(n, dtype=bool)
    entered_2022[rng.choice(earlier[2:], profile.entered_2022, replace=False)] = True
    entered_2022[anchor == PLACED] = False

    new_plant = np.zeros(n, dtype=bool)
    ent24 = np.flatnonzero(role == ENT24)
    plain23 = ent23[anchor[ent23] == 0]
    new_plant[rng.choice(plain23, profile.new_plants_2023, replace=False)] = True
    new_plant[rng.choice(ent24, profile.new_plants_2024, replace=False)] = True

    exits23 = np.flatnonzero(role == EXIT23)
    closed = np.zeros(n, dtype=bool)
    closed[exits23[rng.random(len(exits23)) < 0.35]] = True

    start = np.zeros(n, dtype=np.int64)
    end = np.full(n, MONTHS, dtype=np.int64)
    plants23 = new_plant & (role == ENT23)
    plants24 = new_plant & (role == ENT24)
    start[plants23] = rng.integers(18, 27, size=int(plants23.sum()))
    start[plants24] = rng.integers(30, 39, size=int(plants24.sum()))
    # Closures happen early in 2023, so that by late 2024 neither the current
    # weeks nor last year's hold any of their electricity.
    end[closed] = rng.integers(25, 30, size=int(closed.sum()))

    founded = []
    for i in range(n):
        if new_plant[i]:
            opened = _month_start(int(start[i]))
            founded.append(opened - dt.timedelta(days=int(rng.integers(180, 540))))
        elif anchor[i] == VEHICLE:
            founded.append(dt.date(2016, 6, 28))
        elif role[i] in (ENT23, ENT24):
            founded.append(
                _date_between(rng, dt.date(2006, 1, 1), dt.date(2020, 6, 30))
            )
        elif role[i] == EXIT23:
            founded.append(
                _date_between(rng, dt.date(1995, 1, 1), dt.date(2014, 12, 31))
            )
        else:
            founded.append(
                _date_between(rng, dt.date(1992, 1, 1), dt.date(2017, 12, 31))
            )

    codes = [c for c, _ in _CATEGORIES]
    cat_w = np.array([w for _, w in _CATEGORIES], dtype=float)
    category = [codes[k] for k in rng.choice(len(codes), size=n, p=cat_w / cat_w.sum())]
    category[0] = category[1] = "121"

    node = nev_node()
    nev = np.array([node.covers(a.code) for a in activity])
    return Firms(
        role=role,
        above=_ABOVE[role],
        entered_2022=entered_2022,
        new_plant=new_plant,
        closed=closed,
        town=town,
        activity=activity,
        anchor=anchor,
        start=start,
        end=end,
        founded=founded,
        category=category,
        nev=nev,
    )


def _draw_activities(
    rng: np.random.Generator, town: np.ndarray, anchor: np.ndarray
) -> list[Activity]:
    by_code = {a.code: a for a in INDUSTRIAL}
    base = np.array([a.weight for a in INDUSTRIAL])
    out: list[Activity] = [INDUSTRIAL[0]] * len(town)
    for t_index, spec in enumerate(TOWNS):
        members = np.flatnonzero(town == t_index)
        if members.size == 0:
            continue
        w = base * np.array([spec.tilt.get(a.group, 1.0) for a in INDUSTRIAL])
        drawn = rng.choice(len(INDUSTRIAL), size=members.size, p=w / w.sum())
        for i, k in zip(members.tolist(), drawn.tolist(), strict=True):
            out[i] = INDUSTRIAL[k]
    placed_codes = rng.choice(len(NEV_PARTS), size=len(town))
    for i in np.flatnonzero(anchor == PLACED).tolist():
        out[i] = by_code[NEV_PARTS[int(placed_codes[i])]]
    out[0], out[1] = by_code["3612"], by_code["3841"]
    return out


def active_months(firms: Firms) -> np.ndarray:
    """Boolean ``(n, 48)``: the months each enterprise produced in."""
    t = np.arange(MONTHS)
    return (t[None, :] >= firms.start[:, None]) & (t[None, :] < firms.end[:, None])
