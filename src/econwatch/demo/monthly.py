"""Monthly output, 上年同期 and the financial items of each 规上 enterprise.

From the calibrated annual output (``levels``) each enterprise-year is spread
over its months (a seasonal profile that follows the Spring Festival, the
enterprise's own momentum, noise) and rounded to whole 千元 so that the months
add up to the year exactly. A last integer correction puts the four calibrated
2023 sums on the published figures to the 千元 (one month of one large
enterprise per sum; documented in docs/demo.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from econwatch.demo import calibration as cal
from econwatch.demo.firms import CONT, MONTHS, Firms, active_months, month_index
from econwatch.demo.levels import Levels, groups_2023
from econwatch.demo.rng import Streams

FESTIVALS = {
    2021: dt.date(2021, 2, 12),
    2022: dt.date(2022, 2, 1),
    2023: dt.date(2023, 1, 22),
    2024: dt.date(2024, 2, 10),
}
# Share of a year's output by month when 春节 falls in February; a January
# festival moves output from January to February.
_SEASON = np.array(
    [0.080, 0.058, 0.085, 0.083, 0.085, 0.090, 0.082, 0.083, 0.088, 0.080, 0.090, 0.096]
)
_JANUARY_FESTIVAL_SHIFT = 0.012


@dataclass
class Monthly:
    """Monthly series, shape ``(n, 48)`` over 2021-01 … 2024-12 (千元).

    Attributes:
        output: true output of each month (also below-scale months).
        base: 上年同期 as the enterprise reports it in each month of 2022–2024
            (columns of 2021 are zero).
        revenue: 营业收入 of each month.
        profit: 利润总额 of each month.
        employees: 从业人员 at the end of each month.
    """

    output: np.ndarray
    base: np.ndarray
    revenue: np.ndarray
    profit: np.ndarray
    employees: np.ndarray

    def annual(self, array: np.ndarray, year: int) -> np.ndarray:
        """Sum of an array's months of one year."""
        k = month_index(year, 1)
        return array[:, k : k + 12].sum(axis=1)


def season(year: int) -> np.ndarray:
    """The month shares of a year, adjusted for the festival's month."""
    shares = _SEASON.copy()
    if FESTIVALS[year].month == 1:
        shares[0] -= _JANUARY_FESTIVAL_SHIFT
        shares[1] += _JANUARY_FESTIVAL_SHIFT
    return shares / shares.sum()


def apportion(values: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """Round rows of ``values`` to integers that add up to ``totals``.

    Largest-remainder rounding, row by row (vectorised).
    """
    floor = np.floor(values)
    short = (totals - floor.sum(axis=1)).astype(np.int64)
    frac = values - floor
    order = np.argsort(-frac, axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(values.shape[1])[None, :], axis=1)
    return (floor + (rank < short[:, None])).astype(np.int64)


def draw_output(
    streams: Streams, firms: Firms, levels: Levels, goal: cal.Targets
) -> tuple[np.ndarray, np.ndarray]:
    """Spread the annual output over months; return ``(output, 上年同期)``."""
    rng = streams("monthly")
    n = firms.n
    active = active_months(firms)
    # Large enterprises are steadier than small ones; tails are cut at 2.5 s.d.
    size = np.log(np.maximum(levels.output.max(axis=1), 1.0))
    sd = np.clip(0.06 - 0.01 * (size - 10.3), 0.025, 0.06)
    z = np.clip(rng.standard_normal(size=(n, MONTHS)), -2.5, 2.5)
    noise = np.exp(z * sd[:, None])
    output = np.zeros((n, MONTHS), dtype=np.int64)
    for k, year in enumerate((2021, 2022, 2023, 2024)):
        cols = slice(12 * k, 12 * k + 12)
        prev = levels.output[:, k - 1] if k else levels.output[:, 0]
        growth = np.clip(
            np.divide(levels.output[:, k], prev, out=np.ones(n), where=prev > 0),
            0.6,
            2.0,
        )
        # Momentum: a growing enterprise ends its year stronger than it began.
        ramp = np.exp(np.log(growth)[:, None] * 0.25 * (np.arange(12) - 5.5) / 11)
        weights = season(year)[None, :] * noise[:, cols] * ramp * active[:, cols]
        total = weights.sum(axis=1)
        shares = np.divide(
            weights,
            total[:, None],
            out=np.zeros_like(weights),
            where=total[:, None] > 0,
        )
        target = np.where(total > 0, np.rint(levels.output[:, k]), 0)
        output[:, cols] = apportion(shares * target[:, None], target)
    base = reported_base(firms, levels, output)
    _fix_residuals(firms, levels, output, base, goal)
    return output, reported_base(firms, levels, output)


def finish_monthly(
    streams: Streams, firms: Firms, levels: Levels, output: np.ndarray, base: np.ndarray
) -> Monthly:
    """Add 营业收入, 利润总额 and 从业人员 to the final monthly output."""
    revenue, profit = _finance(streams, firms, output)
    employees = _employees(streams, firms, levels, active_months(firms))
    return Monthly(output, base, revenue, profit, employees)


def reported_base(firms: Firms, levels: Levels, output: np.ndarray) -> np.ndarray:
    """上年同期 by month: last year's own report (revised for a few), or, for an
    enterprise that was below scale last year, its below-scale output."""
    base = np.zeros_like(output)
    before = np.column_stack([~firms.entered_2022, firms.above[:, :-1]])
    for k, year in enumerate((2022, 2023, 2024)):
        now = month_index(year, 1)
        last = output[:, now - 12 : now]
        revised = np.rint(last * levels.revision[:, k][:, None]).astype(np.int64)
        reported = before[:, k] & firms.above[:, k]
        base[:, now : now + 12] = np.where(reported[:, None], revised, last)
    return base


def _fix_residuals(
    firms: Firms,
    levels: Levels,
    output: np.ndarray,
    base: np.ndarray,
    goal: cal.Targets,
) -> None:
    """Put the 2023 sums on the published figures to the 千元 (in place)."""
    groups = groups_2023(firms)
    a1 = goal.nev_hitech.current(cal.QIANYUAN_PER_YI)
    b1 = goal.nev_hitech.base(cal.QIANYUAN_PER_YI)
    a = goal.output.current(cal.QIANYUAN_PER_YI)
    b = goal.output.base(cal.QIANYUAN_PER_YI)
    targets = {"nev_hitech": (a1, b1), "rest": (a - a1, b - b1)}
    june23, june22 = month_index(2023, 6), month_index(2022, 6)
    y23 = slice(month_index(2023, 1), month_index(2023, 1) + 12)
    size = output[:, y23].sum(axis=1)
    unrevised = (firms.role == CONT) & (levels.revision[:, 1] == 1.0)
    for name, (target_a, target_b) in targets.items():
        group = groups[name]
        j = cal.largest(size, group & unrevised)
        output[j, june23] += target_a - int(output[group, y23].sum())
        output[j, june22] += target_b - int(base[group, y23].sum())


def _finance(
    streams: Streams, firms: Firms, output: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    rng = streams("finance")
    n = firms.n
    ratio = rng.uniform(0.93, 1.10, size=n)
    revenue = np.rint(
        output * ratio[:, None] * np.exp(rng.normal(0, 0.02, size=output.shape))
    ).astype(np.int64)
    margin = np.empty((n, 4))
    margin[:, 0] = rng.normal(0.055, 0.045, size=n)
    for k in range(1, 4):
        margin[:, k] = 0.6 * margin[:, k - 1] + 0.4 * rng.normal(0.055, 0.045, size=n)
    yearly = np.repeat(margin, 12, axis=1)
    wobble = rng.normal(0.0, 0.01, size=output.shape)
    profit = np.rint(revenue * (yearly + wobble)).astype(np.int64)
    return revenue, profit


def _employees(
    streams: Streams, firms: Firms, levels: Levels, active: np.ndarray
) -> np.ndarray:
    rng = streams("employees")
    n = firms.n
    own = rng.normal(0.0, 0.25, size=n)
    yearly = np.exp(
        -2.6
        + 0.7 * np.log(np.maximum(levels.output, 1.0))
        + own[:, None]
        + rng.normal(0.0, 0.05, size=(n, 4))
    )
    monthly = np.repeat(yearly, 12, axis=1) * np.exp(rng.normal(0, 0.01, (n, MONTHS)))
    return np.where(active, np.maximum(np.rint(monthly), 20), 0).astype(np.int64)
