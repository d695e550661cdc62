"""The demo district in memory: every generator run in order, no database.

:func:`plan_district` is deterministic for ``(seed, size)``: the same arguments
give the same units, codes, names, reports and daily series, on any machine with
the same numpy. ``store`` writes a plan into the database.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from econwatch.demo import anomalies
from econwatch.demo.calibration import targets
from econwatch.demo.daily import Calendar, Daily, calendar, draw_daily
from econwatch.demo.firms import Firms, draw_firms
from econwatch.demo.identity import uscc, uscc_bodies
from econwatch.demo.individuals import add_individuals
from econwatch.demo.industries import check_codes
from econwatch.demo.legal import (
    add_activity_units,
    add_firms,
    add_former_names,
    add_other_legal,
)
from econwatch.demo.levels import Levels, draw_levels
from econwatch.demo.monthly import Monthly, draw_output, finish_monthly
from econwatch.demo.names import NameMaker
from econwatch.demo.profiles import PROFILES, SizeProfile
from econwatch.demo.reports import Error, draw_errors
from econwatch.demo.rng import Streams
from econwatch.demo.tags import Spell, draw_tags
from econwatch.demo.taxonomy import TAXONOMIES
from econwatch.demo.units import LEGAL, UnitTable, Zones


class PlanError(ValueError):
    """The demo cannot be planned as asked (unknown size, bad code list)."""


@dataclass
class Series:
    """The 规上 enterprises and their numbers (no register rows yet)."""

    seed: int
    profile: SizeProfile
    firms: Firms
    levels: Levels
    monthly: Monthly
    calendar: Calendar
    daily: Daily
    errors: list[Error]
    picks: dict[str, int]


@dataclass
class District:
    """Everything the demo build writes, in memory.

    The first ``firms.n`` units of ``table`` are the 规上 enterprises, in the
    order of ``firms``.
    """

    seed: int
    profile: SizeProfile
    firms: Firms
    levels: Levels
    monthly: Monthly
    calendar: Calendar
    daily: Daily
    table: UnitTable
    tags: list[Spell]
    members: dict[tuple[str, str], list[int]]
    errors: list[Error]
    picks: dict[str, int]


def plan_series(seed: int, size: str) -> Series:
    """The 规上 enterprises, their monthly and daily series, errors and anomalies.

    This is the part that carries the calibration (a second or two even for the
    full size).

    Raises:
        PlanError: unknown size, or a code in the industry mixes that is not a
            GB/T 4754-2017 class.
    """
    if size not in PROFILES:
        raise PlanError(f"示例区规模 {size!r} 不存在；可选：{'、'.join(PROFILES)}")
    bad = check_codes()
    if bad:
        raise PlanError(f"行业构成中有不存在的行业小类：{'、'.join(bad)}")
    profile = PROFILES[size]
    streams = Streams(seed)
    firms = draw_firms(streams, profile)
    levels = draw_levels(streams, firms, profile)
    picks = anomalies.choose(streams, firms, levels)
    anomalies.adjust_levels(levels, picks)
    goal = targets(profile.scale)
    output, base = draw_output(streams, firms, levels, goal)
    anomalies.adjust_output(streams, firms, output, base, picks)
    monthly = finish_monthly(streams, firms, levels, output, base)
    anomalies.adjust_revenue(monthly.revenue, monthly.output, picks)
    days = calendar()
    daily = draw_daily(streams, firms, monthly, days, goal)
    starts = {c.code: days.index(c.start) for c in anomalies.CASES}
    anomalies.adjust_daily(streams, daily.invoices, daily.electricity, starts, picks)
    errors = draw_errors(
        streams, firms, monthly, profile.injected_errors, set(picks.values())
    )
    return Series(seed, profile, firms, levels, monthly, days, daily, errors, picks)


def plan_district(seed: int, size: str) -> District:
    """Generate the whole demo district for a seed and a size.

    Raises:
        PlanError: as :func:`plan_series`.
    """
    s = plan_series(seed, size)
    streams = Streams(seed)
    profile, firms, levels, monthly = s.profile, s.firms, s.levels, s.monthly
    table = UnitTable()
    zones = Zones(streams)
    names = NameMaker(streams("names"))
    add_firms(table, streams, firms, monthly, zones, names)
    add_other_legal(table, streams, profile, zones, names)
    add_activity_units(table, streams, profile, zones, names)
    add_individuals(table, streams, profile, zones, names)
    add_former_names(table, streams, names)
    _assign_codes(table, streams)
    tags = draw_tags(streams, table, firms.n, levels, profile)
    return District(
        seed=seed,
        profile=profile,
        firms=firms,
        levels=levels,
        monthly=monthly,
        calendar=s.calendar,
        daily=s.daily,
        table=table,
        tags=tags,
        members=_members(table),
        errors=s.errors,
        picks=s.picks,
    )


def _assign_codes(table: UnitTable, streams: Streams) -> None:
    coded = [(i, spec) for i, spec in enumerate(table.code_spec) if spec is not None]
    modern = np.array([spec[2] for _, spec in coded], dtype=np.bool_)
    bodies = uscc_bodies(streams("codes"), modern)
    for (i, (prefix, division, _)), body in zip(coded, bodies, strict=True):
        table.uscc[i] = uscc(prefix, division, body)


def _members(table: UnitTable) -> dict[tuple[str, str], list[int]]:
    by_industry: dict[str, list[int]] = {}
    for i, kind in enumerate(table.kind):
        if kind == LEGAL:
            by_industry.setdefault(table.industry[i], []).append(i)
    out: dict[tuple[str, str], list[int]] = {}
    for spec in TAXONOMIES:
        for node in spec.nodes:
            out[(spec.code, node.code)] = sorted(
                i
                for code, units in by_industry.items()
                if node.covers(code)
                for i in units
            )
    return out
