"""How big the demo district is: ``full`` (the real 武进 scale), ``small`` (tests)
and ``province`` (benchmarks).

``full`` and ``small`` are calibrated to the same published 2023 figures;
``small`` simply has fewer, larger enterprises. The counts below are what each
size promises (the tests check them for ``full`` and ``small``).

``province`` is a synthetic panel for speed measurements (issue #4): 26 times
the 规上 enterprises of ``full`` (about 60,000 a year, 74 million daily rows per
series), in the same towns, calibrated to the district's figures times 26 (so
its enterprises are as large as ``full``'s). The rest of the register (other
legal units, 个体户, activity units) stays at ``full``'s size: the benchmark is
about the monthly and daily panel.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SizeProfile:
    """The counts of one demo size.

    Attributes:
        name: ``"full"`` or ``"small"``.
        continuing: 规上 in 2022, 2023 and 2024.
        entered_2022: of the continuing and exiting ones, how many entered in
            2022 (their 2022 上年同期 is below-scale output).
        exits_2023: 规上 in 2022 only (退库 at the start of 2023).
        exits_2024: 规上 in 2022 and 2023, not 2024.
        entrants_2023: 规上 from 2023 (小升规 and 新投产).
        new_plants_2023: of ``entrants_2023``, new plants (新投产).
        entrants_2024: 规上 from 2024 only.
        new_plants_2024: of ``entrants_2024``, new plants.
        nev_parts_hitech: extra 新能源汽车 parts makers placed in 高新区.
        other_legal: legal units that are never 规上 industry.
        individuals: 个体经营户.
        activity_units: 产业活动单位 belonging to legal units.
        little_giants: new 专精特新“小巨人” per batch year.
        hightech_stock_2022: 高新技术企业 valid on 2022-12-31.
        hightech_net_2023: 净增 高新技术企业 in 2023.
        hightech_new_2024: first certifications in 2024.
        tech_sme: 科技型中小企业 per year.
        backbone: 骨干企业 per year (top by previous-year output).
        injected_errors: monthly reports with a deliberate 累计 error.
        scale: the published figures are multiplied by this for calibration
            (1: the district's own figures).
    """

    name: str
    continuing: int
    entered_2022: int
    exits_2023: int
    exits_2024: int
    entrants_2023: int
    new_plants_2023: int
    entrants_2024: int
    new_plants_2024: int
    nev_parts_hitech: int
    other_legal: int
    individuals: int
    activity_units: int
    little_giants: dict[int, int] = field(default_factory=dict)
    hightech_stock_2022: int = 0
    hightech_net_2023: int = 0
    hightech_new_2024: int = 0
    tech_sme: dict[int, int] = field(default_factory=dict)
    backbone: int = 0
    injected_errors: int = 0
    scale: int = 1

    @property
    def as_published(self) -> bool:
        """Calibrated to the published figures themselves (not scaled)."""
        return self.scale == 1

    @property
    def firms(self) -> int:
        """Enterprises that are 规上 in at least one of 2022–2024."""
        return (
            self.continuing
            + self.exits_2023
            + self.exits_2024
            + self.entrants_2023
            + self.entrants_2024
        )

    def above_scale(self, year: int) -> int:
        """How many enterprises are 规上 in ``year``."""
        return {
            2022: self.continuing + self.exits_2023 + self.exits_2024,
            2023: self.continuing + self.exits_2024 + self.entrants_2023,
            2024: self.continuing + self.entrants_2023 + self.entrants_2024,
        }[year]


FULL = SizeProfile(
    name="full",
    continuing=1960,
    entered_2022=170,
    exits_2023=130,
    exits_2024=160,
    entrants_2023=180,
    new_plants_2023=30,
    entrants_2024=230,
    new_plants_2024=35,
    nev_parts_hitech=70,
    other_legal=30000,
    individuals=80000,
    activity_units=1800,
    little_giants={2019: 4, 2020: 7, 2021: 11, 2022: 17, 2023: 27, 2024: 22},
    hightech_stock_2022=1450,
    hightech_net_2023=278,
    hightech_new_2024=260,
    tech_sme={2022: 2400, 2023: 2700, 2024: 3000},
    backbone=100,
    injected_errors=8,
)

SMALL = SizeProfile(
    name="small",
    continuing=48,
    entered_2022=4,
    exits_2023=4,
    exits_2024=5,
    entrants_2023=6,
    new_plants_2023=2,
    entrants_2024=6,
    new_plants_2024=1,
    nev_parts_hitech=4,
    other_legal=300,
    individuals=400,
    activity_units=20,
    little_giants={2021: 1, 2022: 1, 2023: 2, 2024: 1},
    hightech_stock_2022=30,
    hightech_net_2023=6,
    hightech_new_2024=5,
    tech_sme={2022: 30, 2023: 35, 2024: 40},
    backbone=10,
    injected_errors=3,
)

_PROVINCE = 26  # times the 规上 enterprises of FULL

PROVINCE = SizeProfile(
    name="province",
    continuing=FULL.continuing * _PROVINCE,
    entered_2022=FULL.entered_2022 * _PROVINCE,
    exits_2023=FULL.exits_2023 * _PROVINCE,
    exits_2024=FULL.exits_2024 * _PROVINCE,
    entrants_2023=FULL.entrants_2023 * _PROVINCE,
    new_plants_2023=FULL.new_plants_2023 * _PROVINCE,
    entrants_2024=FULL.entrants_2024 * _PROVINCE,
    new_plants_2024=FULL.new_plants_2024 * _PROVINCE,
    nev_parts_hitech=FULL.nev_parts_hitech * _PROVINCE,
    other_legal=FULL.other_legal,
    individuals=FULL.individuals,
    activity_units=FULL.activity_units,
    little_giants={y: n * _PROVINCE for y, n in FULL.little_giants.items()},
    # Certifications among the 规上 makers: fewer than 26 times, since the pool
    # of other legal units does not grow.
    hightech_stock_2022=FULL.hightech_stock_2022 * 15,
    hightech_net_2023=FULL.hightech_net_2023 * 15,
    hightech_new_2024=FULL.hightech_new_2024 * 15,
    tech_sme={y: n * 8 for y, n in FULL.tech_sme.items()},
    backbone=FULL.backbone * _PROVINCE,
    injected_errors=FULL.injected_errors * _PROVINCE,
    scale=_PROVINCE,
)

PROFILES: dict[str, SizeProfile] = {p.name: p for p in (FULL, SMALL, PROVINCE)}
