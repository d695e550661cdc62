"""Annual output of every 规上 enterprise, drawn and then calibrated.

The published 2023 figures (``calibration``) fix four sums over the 2023 规上 set:
output and 上年同期 of the 高新区 新能源汽车 cluster (group 1) and of everybody
else (group 2). Enterprise-level output is drawn at random (lognormal sizes,
dispersed growth: some up, some down), then the continuing enterprises' 2023 and
2022 output is scaled, group by group, so that the four sums are met; entrants
and exits keep their drawn, below-scale-sized figures. 2021 and 2024 move with
their years (an enterprise's own 2022 and 2024 growth is kept).

Money is 千元 (the monthly form's unit); floats here, integers from ``monthly``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from econwatch.demo import calibration as cal
from econwatch.demo.firms import (
    BATTERY,
    CONT,
    ENT23,
    ENT24,
    EXIT23,
    EXIT24,
    VEHICLE,
    Firms,
    active_months,
)
from econwatch.demo.profiles import SizeProfile
from econwatch.demo.rng import Streams

# A 规上 enterprise's annual output is kept at or above this, so that its revenue
# run-rate stays above the 2000万元 line in every month (1—2月 is low).
FLOOR = 28_000.0
BELOW = (12_000.0, 19_000.0)  # below-scale years of entrants and exits
_EXIT_CAP = 34_000.0  # exits were small 规上 enterprises
_VEHICLE_SHARE, _BATTERY_SHARE = 0.58, 0.12
_VEHICLE_GROWTH, _BATTERY_GROWTH = 3.6, 0.75


@dataclass
class Levels:
    """Annual output (千元) for 2021–2024 and the revisions of 上年同期.

    Attributes:
        output: shape ``(n, 4)``, years 2021–2024.
        revision: shape ``(n, 3)``, factor on 上年同期 in the 2022–2024 reports
            (1.0 for most; a few enterprises revise last year's figure).
        backbone: per year, indices of the 骨干企业 (top by previous-year output).
    """

    output: np.ndarray
    revision: np.ndarray
    backbone: dict[int, np.ndarray]

    def year(self, year: int) -> np.ndarray:
        """The output column of one year."""
        return self.output[:, year - 2021]


def _shrink_below(rng: np.random.Generator, last: float) -> float:
    return min(last * rng.uniform(0.5, 0.65), 19_000.0)


def _normal(
    rng: np.random.Generator, mean_sd: tuple[float, float], n: int
) -> np.ndarray:
    return rng.normal(mean_sd[0], mean_sd[1], size=n)


def draw_levels(streams: Streams, firms: Firms, profile: SizeProfile) -> Levels:
    """Draw, calibrate and extend the annual output of the 规上 universe."""
    rng = streams("levels")
    n = firms.n
    role = firms.role
    out = np.zeros((n, 4))
    g1 = firms.nev_hitech_2023
    g22 = np.clip(_normal(rng, cal.GROWTH_2022, n), -0.4, 1.0)
    g23 = np.where(
        g1,
        np.clip(_normal(rng, cal.GROWTH_NEV_PARTS_2023, n), -0.2, 2.0),
        np.clip(_normal(rng, cal.GROWTH_REST_2023, n), -0.5, 1.0),
    )
    g23[firms.anchor == VEHICLE] = _VEHICLE_GROWTH
    g23[firms.anchor == BATTERY] = _BATTERY_GROWTH
    shape = rng.lognormal(0.0, 1.15, size=n)
    low = rng.uniform(*BELOW, size=n)
    jump = rng.uniform(1.5, 3.0, size=n)
    drift = rng.uniform(0.85, 1.08, size=n)
    plant_size = np.maximum(rng.lognormal(np.log(60_000), 0.7, size=n), 40_000)
    small_exit = np.maximum(rng.lognormal(np.log(35_000), 0.35, size=n), FLOOR)

    active = active_months(firms)
    share = np.stack(
        [active[:, 12 * k : 12 * k + 12].mean(axis=1) for k in range(4)], 1
    )

    # Fixed (not scaled) parts: entrants, exits, new plants.
    for i in np.flatnonzero(role == ENT23):
        if firms.new_plant[i]:
            out[i, 1:] = plant_size[i] * share[i, 1:] * np.array([0.5, 1.0, 1.0])
        else:
            out[i, 1] = low[i]
            out[i, 0] = low[i] * drift[i]
            out[i, 2] = max(FLOOR, low[i] * jump[i])
    for i in np.flatnonzero(role == ENT24):
        if firms.new_plant[i]:
            out[i, 2:] = plant_size[i] * share[i, 2:] * np.array([0.5, 1.0])
        else:
            out[i, 2] = low[i]
            out[i, 1] = low[i] * drift[i]
            out[i, 0] = out[i, 1] * drift[i]
            out[i, 3] = max(FLOOR, low[i] * jump[i])
    # Exits are small and shrink below the line by a third to a half (not by
    # 80 %: a collapse like that would look like a plant stopping).
    for i in np.flatnonzero(role == EXIT23):
        out[i, 1] = min(small_exit[i], _EXIT_CAP)
        out[i, 2] = _shrink_below(rng, out[i, 1]) * share[i, 2]
        out[i, 3] = out[i, 2] * rng.uniform(0.85, 1.05) * share[i, 3]
    for i in np.flatnonzero(role == EXIT24):
        out[i, 1] = min(small_exit[i], _EXIT_CAP)
        out[i, 2] = min(max(FLOOR, out[i, 1] * (1 + g23[i])), _EXIT_CAP)
        out[i, 3] = _shrink_below(rng, out[i, 2])

    # Continuing enterprises: sizes relative to what is left of the targets.
    goal = cal.targets(profile.scale)
    a1 = float(goal.nev_hitech.current(cal.QIANYUAN_PER_YI))
    a2 = float(goal.output.current(cal.QIANYUAN_PER_YI)) - a1
    cont = role == CONT
    g1_cont = g1 & cont & (firms.anchor != VEHICLE) & (firms.anchor != BATTERY)
    g2_cont = ~g1 & cont
    out[firms.anchor == VEHICLE, 2] = a1 * _VEHICLE_SHARE
    out[firms.anchor == BATTERY, 2] = a1 * _BATTERY_SHARE
    rest1 = a1 * (1 - _VEHICLE_SHARE - _BATTERY_SHARE) - out[g1 & ~cont, 2].sum()
    out[g1_cont, 2] = shape[g1_cont] * max(rest1, 0.0) / shape[g1_cont].sum()
    rest2 = a2 - out[~g1 & firms.above_in(2023) & ~cont, 2].sum()
    out[g2_cont, 2] = shape[g2_cont] * rest2 / shape[g2_cont].sum()
    out[cont, 2] = np.maximum(out[cont, 2], FLOOR)
    out[cont, 1] = np.maximum(out[cont, 2] / (1 + g23[cont]), FLOOR)
    prior = ~firms.entered_2022 & (role <= EXIT24)
    out[prior, 0] = out[prior, 1] / (1 + g22[prior])
    entered = firms.entered_2022
    out[entered, 0] = low[entered]

    revision = _revisions(rng, firms)
    _calibrate(out, revision, firms, goal)

    backbone = {
        y: top_by_output(firms, out[:, y - 2022], y, profile.backbone)
        for y in (2022, 2023, 2024)
    }
    g24 = np.where(
        g1 | firms.nev,
        _normal(rng, cal.GROWTH_NEV_2024, n),
        _normal(rng, cal.GROWTH_2024, n),
    )
    g24 = np.clip(g24, -0.35, 1.0)
    g24[backbone[2024]] = np.maximum(g24[backbone[2024]], 0.03)
    carry = (role == CONT) | ((role == ENT23) & ~firms.new_plant)
    out[carry, 3] = np.maximum(out[carry, 2] * (1 + g24[carry]), FLOOR)
    return Levels(out, revision, backbone)


def _revisions(rng: np.random.Generator, firms: Firms) -> np.ndarray:
    revision = np.ones((firms.n, 3))
    # 规上 in the report year and the year before (2021: not an entrant of 2022).
    before = np.column_stack([~firms.entered_2022, firms.above[:, :-1]])
    for k in range(3):
        eligible = firms.above[:, k] & before[:, k] & (firms.anchor == 0)
        pick = eligible & (rng.random(firms.n) < 0.15)
        revision[pick, k] = rng.uniform(0.97, 1.03, size=int(pick.sum()))
    return revision


def _calibrate(
    out: np.ndarray, revision: np.ndarray, firms: Firms, goal: cal.Targets
) -> None:
    """Scale continuing enterprises so the four 2023 sums are met (in place)."""
    in23 = firms.above_in(2023)
    g1 = firms.nev_hitech_2023
    cont = firms.role == CONT
    was = firms.above_in(2022)
    a1 = float(goal.nev_hitech.current(cal.QIANYUAN_PER_YI))
    b1 = float(goal.nev_hitech.base(cal.QIANYUAN_PER_YI))
    a = float(goal.output.current(cal.QIANYUAN_PER_YI))
    b = float(goal.output.base(cal.QIANYUAN_PER_YI))
    base23 = np.where(was, out[:, 1] * revision[:, 1], out[:, 1])
    for group, target_a, target_b in ((g1, a1, b1), (in23 & ~g1, a - a1, b - b1)):
        movable = group & cont
        fixed = group & ~cont
        s = cal.scale_factor(out[fixed, 2].sum(), out[movable, 2].sum(), target_a)
        out[movable, 2] *= s
        t = cal.scale_factor(base23[fixed].sum(), base23[movable].sum(), target_b)
        out[movable, 1] *= t
        out[movable & ~firms.entered_2022, 0] *= t


def top_by_output(firms: Firms, previous: np.ndarray, year: int, k: int) -> np.ndarray:
    """The ``k`` 规上 enterprises of ``year`` with the largest previous-year output."""
    members = np.flatnonzero(firms.above_in(year))
    order = members[np.argsort(-previous[members], kind="stable")]
    return np.sort(order[:k])


def groups_2023(firms: Firms) -> dict[str, np.ndarray]:
    """The calibration groups (masks) of 2023, by name."""
    g1 = firms.nev_hitech_2023
    return {"nev_hitech": g1, "rest": firms.above_in(2023) & ~g1}
