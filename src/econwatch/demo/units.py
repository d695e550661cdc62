"""The register rows of the demo: a column table that every generator appends to.

Units are kept in memory in write order; their database ids are assigned at
write time (``store``), so the table refers to other units by position.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from functools import cache

from econwatch.core.codes.size import SizeClass, SizeError, SizeGroup, size_group_for
from econwatch.demo.geography import TOWNS
from econwatch.demo.names import village_names
from econwatch.demo.rng import Streams, Uniforms

LEGAL, ACTIVITY, INDIVIDUAL = "legal", "activity", "individual"
OPERATING, SUSPENDED, PREPARING, DEREGISTERED, REVOKED = "1", "2", "3", "6", "7"

CodeSpec = tuple[str, str, bool]  # authority+category, 6-digit division, MA… body


@dataclass
class UnitTable:
    """Columns of the ``register_unit`` rows plus their years and former names.

    ``operator_id`` holds the fake 身份证号 in memory only; ``store`` writes its
    keyed hash and last four characters, never the number.
    """

    kind: list[str] = field(default_factory=list)
    uscc: list[str | None] = field(default_factory=list)
    name: list[str] = field(default_factory=list)
    parent: list[int | None] = field(default_factory=list)
    town: list[int] = field(default_factory=list)
    zone: list[str] = field(default_factory=list)
    address: list[str] = field(default_factory=list)
    industry: list[str] = field(default_factory=list)
    category: list[str | None] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    size: list[str] = field(default_factory=list)
    employees: list[int | None] = field(default_factory=list)
    revenue: list[int | None] = field(default_factory=list)
    founded: list[dt.date] = field(default_factory=list)
    operator_name: list[str] = field(default_factory=list)
    operator_id: list[str] = field(default_factory=list)
    phone: list[str] = field(default_factory=list)
    code_spec: list[CodeSpec | None] = field(default_factory=list)
    # (unit index, year, above_scale, revenue 千元, employees)
    years: list[tuple[int, int, bool, int | None, int | None]] = field(
        default_factory=list
    )
    # (unit index, name, valid_from, valid_to)
    former: list[tuple[int, str, dt.date, dt.date | None]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.kind)

    def add(
        self,
        *,
        kind: str,
        name: str,
        town: int,
        zone: str,
        address: str,
        industry: str,
        founded: dt.date,
        category: str | None = None,
        status: str = OPERATING,
        size: str = "",
        employees: int | None = None,
        revenue: int | None = None,
        parent: int | None = None,
        operator_name: str = "",
        operator_id: str = "",
        phone: str = "",
        code_spec: CodeSpec | None = None,
    ) -> int:
        """Append one unit and return its position."""
        self.kind.append(kind)
        self.uscc.append(None)
        self.name.append(name)
        self.parent.append(parent)
        self.town.append(town)
        self.zone.append(zone)
        self.address.append(address)
        self.industry.append(industry)
        self.category.append(category)
        self.status.append(status)
        self.size.append(size)
        self.employees.append(employees)
        self.revenue.append(revenue)
        self.founded.append(founded)
        self.operator_name.append(operator_name)
        self.operator_id.append(operator_id)
        self.phone.append(phone)
        self.code_spec.append(code_spec)
        return len(self.kind) - 1


class Zones:
    """普查区 (居/村委会) and 普查小区 of each town, and draws inside them.

    Codes: town code9 + 3-digit 居委会 (001–199) or 村委会 (201–399) = 12-digit
    普查区; + 3-digit 小区 number = 15-digit 普查小区.
    """

    def __init__(self, streams: Streams) -> None:
        rng = streams("geography")
        self.areas: list[list[tuple[str, str, int]]] = []
        for town in TOWNS:
            count = int(rng.integers(10, 26))
            areas = []
            communities = villages = 0
            for name in village_names(rng, count):
                if name.endswith("社区"):
                    communities += 1
                    number = communities
                else:
                    villages += 1
                    number = 200 + villages
                zones = int(rng.integers(4, 16))
                areas.append((town.code12[:9] + f"{number:03d}", name, zones))
            self.areas.append(areas)
        self.u = Uniforms(rng)

    def draw(self, town: int) -> tuple[str, str]:
        """A 15-digit 普查小区 code in the town and the area's name."""
        code, name, zones = self.u.pick(self.areas[town])
        return code + f"{self.u.integer(1, zones + 1):03d}", name

    def village(self, town: int, k: int) -> tuple[str, str]:
        """The ``k``-th area (cycling) of a town: code and name."""
        code, name, _ = self.areas[town][k % len(self.areas[town])]
        return code, name


@cache
def _group(industry: str) -> SizeGroup | None:
    try:
        return size_group_for(industry)
    except SizeError:
        return None


def size_class(industry: str, employees: int, revenue_qianyuan: int) -> str:
    """The 2017 size class code (``"1"``–``"4"``), or ``""`` where it does not apply.

    The rule of ``econwatch.core.codes.size.classify_size`` (the highest class
    whose every lower bound is reached), on that module's thresholds; the group
    of each industry is looked up once. 资产总额 is not generated: it is taken
    equal to revenue where the 办法 needs it.
    """
    group = _group(industry)
    if group is None:
        return ""
    given = {"employees": employees, "revenue": revenue_qianyuan / 10}
    given["assets"] = given["revenue"]
    for size in (SizeClass.LARGE, SizeClass.MEDIUM, SizeClass.SMALL):
        if all(
            given[t.indicator.value] >= t.lower_bound(size) for t in group.thresholds
        ):
            return str(int(size))
    return str(int(SizeClass.MICRO))


def recent_date(u: Uniforms, mean_age: float, oldest: int) -> dt.date:
    """A founding date, more often recent (exponential age, years before 2024-12)."""
    age = min(-mean_age * math.log(1.0 - u.random()), 2024 - oldest)
    return dt.date(2024, 12, 1) - dt.timedelta(days=int(age * 365.25))


_MOBILE = ("138", "139", "151", "158", "159", "177", "180", "186", "188")


def phone(u: Uniforms) -> str:
    """A Changzhou landline number (0519) or a mobile number."""
    if u.random() < 0.5:
        return f"0519-8{u.integer(0, 10**7):07d}"
    return f"{u.pick(_MOBILE)}{u.integer(0, 10**8):08d}"


def grow_back(value: int, years: int, u: Uniforms) -> int:
    """An earlier year's figure from a later one (about +5 % a year in between)."""
    factor = 1.0
    for _ in range(years):
        factor *= 0.93 + 0.24 * u.random()
    return max(1, round(value / factor))
