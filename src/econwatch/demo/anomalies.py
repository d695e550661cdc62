"""Enterprises planted with anomalies for the alert module, and how.

Each planted case is built to trip one seeded alert rule (``econwatch.alerts``,
migration ``0002_seed_rules``) and the rest of the district is built not to:
2024 is a growth year in which every other 规上 enterprise pushes output at
quarter ends (季末冲量: output of March, June, September and December 2024 at
least its 上年同期), so no run of three declining months crosses 2024's second
half, backbone enterprises do not shrink in 2024, and no enterprise's
electricity collapses outside the festival.

The cases (all in 2024, so the calibrated 2023 figures are untouched):

=================  =========================================================
``invoice-drop``   a 骨干企业 whose invoices fall by 60 % from 2024-10-14
``electricity-low`` electricity at 15–25 % of normal from 2024-11-18 (停产检修);
                   its output falls in November and December
``output-decline`` output below 上年同期 from September 2024, worse each month
                   (−5 %, −15 %, −25 %, −35 %) and falling month on month
``below-scale``    output down by a third or more in 2024 (to at most 1800万元):
                   revenue run-rate under 2000万元 (also declines three months
                   running)
``report-missing`` no report for 2024-11
``report-late``    the report for 2024-10 arrives on 2024-11-20 (due the 8th)
=================  =========================================================
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from econwatch.demo.firms import CONT, ENT23, Firms, month_index
from econwatch.demo.levels import Levels
from econwatch.demo.rng import Streams


@dataclass(frozen=True)
class Case:
    """What is planted: code, the alert rule it should trip, start, description."""

    code: str
    rule: str
    start: dt.date
    description: str
    also: tuple[str, ...] = ()


CASES: tuple[Case, ...] = (
    Case(
        "invoice-drop",
        "invoice-drop",
        dt.date(2024, 10, 14),
        "骨干企业：2024-10-14起开票销售比上年同期下降约60%（订单流失）",
    ),
    Case(
        "electricity-low",
        "electricity-low",
        dt.date(2024, 11, 18),
        "2024-11-18起日用电量降至正常水平的15%—25%（停产检修），11、12月产值下降",
    ),
    Case(
        "output-decline",
        "output-decline",
        dt.date(2024, 9, 1),
        "2024年9—12月当月产值同比分别下降约5%、15%、25%、35%，且逐月环比下降",
    ),
    Case(
        "below-scale",
        "below-scale",
        dt.date(2024, 1, 1),
        "2024年产值减少约三分之一，营业收入按序时折算全年不足2000万元（退规风险）",
        ("output-decline",),
    ),
    Case(
        "report-missing",
        "report-missing",
        dt.date(2024, 12, 8),
        "2024年11月月报未报送",
    ),
    Case(
        "report-late",
        "report-missing",
        dt.date(2024, 11, 8),
        "2024年10月月报于2024-11-20报送（应于次月8日前）",
    ),
)
BY_CODE = {c.code: c for c in CASES}
_DECLINE = {9: -0.05, 10: -0.15, 11: -0.25, 12: -0.35}


def choose(streams: Streams, firms: Firms, levels: Levels) -> dict[str, int]:
    """Pick one enterprise per case (indices into the firms)."""
    rng = streams("anomalies")
    size = levels.year(2023)
    plain = (
        (firms.role == CONT)
        & (firms.anchor == 0)
        & ~firms.entered_2022
        & (levels.revision[:, 2] == 1.0)
    )
    backbone = np.zeros(firms.n, dtype=bool)
    backbone[levels.backbone[2024]] = True
    order = np.argsort(-size, kind="stable")
    rank = np.empty(firms.n, dtype=np.int64)
    rank[order] = np.arange(firms.n)
    taken: set[int] = set()

    def pick(mask: np.ndarray) -> int:
        pool = np.flatnonzero(mask & ~np.isin(np.arange(firms.n), list(taken)))
        if pool.size == 0:
            pool = np.flatnonzero(plain & ~np.isin(np.arange(firms.n), list(taken)))
        choice = int(rng.choice(pool))
        taken.add(choice)
        return choice

    ordinary = plain & ~backbone
    middle = (size > np.quantile(size[plain], 0.3)) & (
        size < np.quantile(size[plain], 0.8)
    )
    heavy = np.array(
        [a.group in ("metal", "material", "textile") for a in firms.activity]
    )
    # The enterprise at risk of leaving 规上 is one that only entered in 2023
    # (小升规), so it is small in every size of the demo.
    risen = (
        (firms.role == ENT23)
        & ~firms.new_plant
        & (firms.anchor == 0)
        & (levels.revision[:, 2] == 1.0)
    )
    smallest = risen & (size <= np.sort(size[risen])[min(2, int(risen.sum()) - 1)])
    top = len(levels.backbone[2024])
    picks = {
        "invoice-drop": pick(
            plain & backbone & (rank >= top // 5) & (rank < top * 3 // 5)
        ),
        "electricity-low": pick(ordinary & middle & heavy),
        "output-decline": pick(ordinary & middle),
        "below-scale": pick(smallest),
        "report-missing": pick(ordinary & middle),
        "report-late": pick(ordinary & middle),
    }
    return picks


def adjust_levels(levels: Levels, picks: dict[str, int]) -> None:
    """Planted changes to annual output (before the months are drawn)."""
    i = picks["below-scale"]
    levels.output[i, 3] = min(levels.output[i, 2] * 0.62, 18_000.0)


def adjust_output(
    streams: Streams,
    firms: Firms,
    output: np.ndarray,
    base: np.ndarray,
    picks: dict[str, int],
) -> None:
    """Quarter-end push for everybody else, planted declines for the cases."""
    rng = streams("anomalies")
    planted = np.zeros(firms.n, dtype=bool)
    planted[list(picks.values())] = True
    push = firms.above_in(2024) & ~planted
    for month in (3, 6, 9, 12):
        t = month_index(2024, month)
        lift = np.ceil(base[:, t] * rng.uniform(1.0, 1.03, size=firms.n)).astype(
            np.int64
        )
        output[push, t] = np.maximum(output[push, t], lift[push])
    for code in ("report-missing", "report-late", "invoice-drop"):
        i = picks[code]
        for month in (3, 6, 9, 12):
            t = month_index(2024, month)
            output[i, t] = max(output[i, t], int(np.ceil(base[i, t] * 1.01)))
    i = picks["output-decline"]
    previous = None
    for month, growth in _DECLINE.items():
        t = month_index(2024, month)
        value = round(float(base[i, t]) * (1 + growth))
        if previous is not None:
            value = min(value, int(previous * 0.97))
        output[i, t] = value
        previous = value
    i = picks["electricity-low"]
    for month in (9, 10):
        t = month_index(2024, month)
        output[i, t] = max(output[i, t], int(np.ceil(base[i, t] * 1.01)))
    output[i, month_index(2024, 11)] = int(output[i, month_index(2024, 11)] * 0.75)
    output[i, month_index(2024, 12)] = int(output[i, month_index(2024, 12)] * 0.25)


def adjust_revenue(
    revenue: np.ndarray, output: np.ndarray, picks: dict[str, int]
) -> None:
    """The enterprise at risk of leaving 规上 sells about what it makes."""
    i = picks["below-scale"]
    cols = slice(month_index(2024, 1), month_index(2024, 12) + 1)
    revenue[i, cols] = np.rint(output[i, cols] * 0.95).astype(np.int64)


def adjust_daily(
    streams: Streams,
    invoices: np.ndarray,
    electricity: np.ndarray,
    day_index: dict[str, int],
    picks: dict[str, int],
) -> None:
    """Planted drops in the daily series (2024 only)."""
    rng = streams("anomalies")
    start = day_index["invoice-drop"]
    i = picks["invoice-drop"]
    invoices[i, start:] = np.rint(invoices[i, start:] * 0.4).astype(np.int64)
    start = day_index["electricity-low"]
    i = picks["electricity-low"]
    factor = rng.uniform(0.15, 0.25, size=electricity.shape[1] - start)
    electricity[i, start:] = np.rint(electricity[i, start:] * factor).astype(np.int64)
