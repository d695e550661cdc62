"""个体经营户: shops, eateries, repair and small workshops of the demo.

Each has a 统一社会信用代码 with prefix 92 (个体工商户), an operator with a fake
but well-formed 身份证号 (kept in memory only; the register stores its keyed
hash and last four characters) and a name after the town and the shop.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from econwatch.demo import units
from econwatch.demo.geography import TOWNS, roads_of
from econwatch.demo.identity import person_ids
from econwatch.demo.industries import INDIVIDUAL
from econwatch.demo.legal import MODERN
from econwatch.demo.names import NameMaker
from econwatch.demo.profiles import SizeProfile
from econwatch.demo.rng import Streams, Uniforms
from econwatch.demo.units import (
    DEREGISTERED,
    OPERATING,
    REVOKED,
    SUSPENDED,
    UnitTable,
    Zones,
    phone,
    recent_date,
)


def add_individuals(
    table: UnitTable,
    streams: Streams,
    profile: SizeProfile,
    zones: Zones,
    names: NameMaker,
) -> None:
    """Append the individual businesses of a demo size."""
    rng = streams("individuals")
    n = profile.individuals
    weights = np.array([t.others for t in TOWNS])
    towns = rng.choice(len(TOWNS), size=n, p=weights / weights.sum()).tolist()
    act_w = np.array([a.weight for a in INDIVIDUAL])
    acts = rng.choice(len(INDIVIDUAL), size=n, p=act_w / act_w.sum()).tolist()
    male = (rng.random(n) < 0.6).tolist()
    ages = rng.uniform(24, 64, size=n)
    born = [
        dt.date(2024, 12, 1) - dt.timedelta(days=int(a * 365.25)) for a in ages.tolist()
    ]
    ids = person_ids(rng, born, male)
    status_draw = rng.random(n).tolist()
    u = Uniforms(rng)
    for k in range(n):
        town = towns[k]
        spec = TOWNS[town]
        act = INDIVIDUAL[acts[k]]
        operator = names.person(male[k])
        founded = max(recent_date(u, 6.0, 2005), born[k] + dt.timedelta(days=18 * 366))
        r = status_draw[k]
        status = (
            OPERATING
            if r < 0.88
            else SUSPENDED
            if r < 0.93
            else DEREGISTERED
            if r < 0.98
            else REVOKED
        )
        zone, _ = zones.draw(town)
        staff = u.integer(1, 9)
        table.add(
            kind=units.INDIVIDUAL,
            name=names.individual(act.words, spec.short, operator[0]),
            town=town,
            zone=zone,
            address=names.road_address(spec.name, roads_of(spec.name)),
            industry=act.code,
            category="500",
            status=status,
            employees=staff,
            revenue=int(staff * 60 * math.exp(0.8 * (2 * u.random() - 1))),
            founded=founded,
            operator_name=operator,
            operator_id=ids[k],
            phone=phone(u),
            code_spec=("92", "320412", founded >= MODERN),
        )
