"""Quality labels with validity periods: 高新技术企业, 专精特新“小巨人”,
科技型中小企业 and the district's 骨干企业 list.

* 专精特新“小巨人”: national batches (one a year); 3 years' validity, renewed on
  review by most holders (a renewal extends the same row). ``valid_from`` in a
  year counts the new ones: 27 in 2023 for the full district.
* 高新技术企业: certified for 3 years, most re-certify on expiry (the holding then
  continues in the same row). 净增 of a year = holders on 31 December − holders a
  year earlier = new certifications − expiries not renewed: +278 in 2023.
* 科技型中小企业: evaluated and listed each year, valid to 31 December.
* 骨干企业: the 规上 enterprises with the largest previous-year output, one list a
  year; the 2024 list has no end date (the current list).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from econwatch.demo.levels import Levels
from econwatch.demo.profiles import SizeProfile
from econwatch.demo.rng import Streams
from econwatch.demo.units import LEGAL, OPERATING, UnitTable


@dataclass(frozen=True)
class TagSpec:
    """A tag: code, name and what it means."""

    code: str
    name: str
    description: str


TAGS: tuple[TagSpec, ...] = (
    TagSpec(
        "hnte",
        "高新技术企业",
        "科技部、财政部、税务总局按《高新技术企业认定管理办法》（2016）认定，有效期3年。",
    ),
    TagSpec(
        "little-giant",
        "专精特新“小巨人”",
        "工业和信息化部认定的国家级专精特新“小巨人”企业，有效期3年，期满复核。",
    ),
    TagSpec(
        "tech-sme", "科技型中小企业", "按《科技型中小企业评价办法》评价入库，当年有效。"
    ),
    TagSpec(
        "backbone", "骨干企业", "区工信局骨干企业名单，按上年工业总产值排序（示例）。"
    ),
)
# (unit index, tag code, valid_from, valid_to, source)
Spell = tuple[int, str, dt.date, dt.date | None, str]
_BATCH_DAY = {
    2019: dt.date(2019, 6, 12),
    2020: dt.date(2020, 11, 26),
    2021: dt.date(2021, 7, 19),
    2022: dt.date(2022, 8, 10),
    2023: dt.date(2023, 7, 14),
    2024: dt.date(2024, 7, 26),
}
_END = dt.date(2024, 12, 31)


def _three_years(day: dt.date) -> dt.date:
    return day.replace(year=day.year + 3) - dt.timedelta(days=1)


def _is_candidate(table: UnitTable, i: int, groups: tuple[str, ...]) -> bool:
    return (
        table.kind[i] == LEGAL
        and table.category[i] not in (None, "500", "400")
        and table.status[i] == OPERATING
        and table.industry[i][:2] in groups
    )


_MAKERS = tuple(str(k) for k in range(13, 44))
_TECH = (*_MAKERS, "65", "73", "74", "75")


def draw_tags(
    streams: Streams,
    table: UnitTable,
    n_firms: int,
    levels: Levels,
    profile: SizeProfile,
) -> list[Spell]:
    """Every tag spell of the demo district."""
    rng = streams("tags")
    spells: list[Spell] = []
    firm_pool = [i for i in range(n_firms) if _is_candidate(table, i, _MAKERS)]
    used: set[int] = set()
    for year, count in sorted(profile.little_giants.items()):
        pool = [
            i for i in firm_pool if i not in used and table.founded[i].year < year - 3
        ]
        for i in sorted(int(k) for k in rng.choice(pool, size=count, replace=False)):
            used.add(i)
            start = _BATCH_DAY[year]
            end = _three_years(start)
            while end <= _END and rng.random() < 0.8:
                end = _three_years(end + dt.timedelta(days=1))
            number = year - 2018
            spells.append(
                (
                    i,
                    "little-giant",
                    start,
                    end,
                    f"工业和信息化部第{number}批专精特新“小巨人”企业名单（示例）",
                )
            )
    spells.extend(_hightech(rng, table, n_firms, profile))
    spells.extend(_tech_sme(rng, table, profile))
    for year, members in levels.backbone.items():
        until = None if year == 2024 else dt.date(year, 12, 31)
        source = (
            f"区工信局{year}年骨干企业名单"
            f"（示例：{year - 1}年工业总产值前{len(members)}位）"
        )
        spells.extend(
            (int(i), "backbone", dt.date(year, 1, 1), until, source)
            for i in members.tolist()
        )
    return spells


def _cert_day(rng: np.random.Generator, year: int) -> dt.date:
    return dt.date(year, 10, 15) + dt.timedelta(days=int(rng.integers(0, 60)))


def _hightech(
    rng: np.random.Generator, table: UnitTable, n_firms: int, profile: SizeProfile
) -> list[Spell]:
    firms = [i for i in range(n_firms) if _is_candidate(table, i, _TECH)]
    others = [i for i in range(n_firms, len(table)) if _is_candidate(table, i, _TECH)]
    order = list(rng.permutation(firms)) + list(rng.permutation(others))
    # Firms first, shuffled, then others: 规上 makers are more often certified.
    queue = iter([int(i) for i in order])
    rows: list[tuple[int, dt.date, dt.date]] = []

    def certify(year: int) -> None:
        unit = next(queue)
        start = _cert_day(rng, year)
        end = _three_years(start)
        while end.year <= 2024 and rng.random() < 0.72:
            end = _three_years(_cert_day(rng, end.year))
        rows.append((unit, start, end))

    # Holders on 31 December 2022, counted as rows are added (a recount after
    # every certification is quadratic: minutes for the province size).
    year_end = dt.date(2022, 12, 31)
    holders = 0
    while holders < profile.hightech_stock_2022:
        certify(int(rng.integers(2013, 2023)))
        _, s, e = rows[-1]
        holders += s <= year_end <= e
    expired = sum(1 for _, s, e in rows if s <= year_end and e.year == 2023)
    for _ in range(profile.hightech_net_2023 + expired):
        certify(2023)
    for _ in range(profile.hightech_new_2024):
        certify(2024)
    return [
        (u, "hnte", s, e, f"{s.year}年高新技术企业认定名单（示例）") for u, s, e in rows
    ]


def _tech_sme(
    rng: np.random.Generator, table: UnitTable, profile: SizeProfile
) -> list[Spell]:
    pool = [
        i
        for i in range(len(table))
        if _is_candidate(table, i, _TECH)
        and (table.employees[i] or 0) <= 500
        and (table.revenue[i] or 0) <= 200_000
    ]
    spells: list[Spell] = []
    for year, count in sorted(profile.tech_sme.items()):
        eligible = [i for i in pool if table.founded[i].year < year]
        for i in sorted(
            int(k) for k in rng.choice(eligible, size=count, replace=False)
        ):
            start = dt.date(year, 4, 1) + dt.timedelta(days=int(rng.integers(0, 150)))
            spells.append(
                (
                    i,
                    "tech-sme",
                    start,
                    dt.date(year, 12, 31),
                    f"{year}年科技型中小企业入库名单（示例）",
                )
            )
    return spells
