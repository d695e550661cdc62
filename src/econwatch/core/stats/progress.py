"""序时进度 (time-elapsed benchmark) and 完成率 (completion of an annual plan).

    序时进度 = 月数 / 12,   完成率 = 累计完成 / 年度计划,
    超过序时进度 (pp) = 完成率 − 序时进度                         [S76][S77][S78]

Example: 江门 1-10月 629.0 of 647.4 = 97.16 % against 83.33 %
→ 超过序时进度13.8个百分点 [S76].
"""

from __future__ import annotations

from fractions import Fraction

from econwatch.core.stats.amount import Amount, to_fraction
from econwatch.core.stats.errors import PeriodError
from econwatch.core.stats.periods import Period

_HUNDRED = Fraction(100)


def time_elapsed_pct(period: Period) -> Fraction:
    """序时进度 of a cumulative period, in percent: ``months / 12 × 100``.

    Args:
        period: A 1—N月 period (1–2月 counts as two months).

    Returns:
        The share of the year elapsed, e.g. ``Fraction(250, 3)`` (83.33 %) for 1-10月.

    Raises:
        PeriodError: ``period`` is a single month (3–12月 当月).
    """
    if not period.is_cumulative:
        raise PeriodError(
            "progress-needs-cumulative",
            "序时进度 is defined for 1—N月 periods only",
            value=str(period),
            hint=f"Use Period.ytd({period.year}, {period.end}).",
        )
    return Fraction(period.months_elapsed, 12) * _HUNDRED


def completion_pct(done: Amount, plan: Amount) -> Fraction | None:
    """完成率 in percent: ``累计完成 / 年度计划 × 100``.

    Args:
        done: Amount completed so far.
        plan: Annual plan (target).

    Returns:
        The completion rate; ``None`` when the plan is not positive.
    """
    target = to_fraction(plan)
    if target <= 0:
        return None
    return to_fraction(done) / target * _HUNDRED


def progress_gap_pp(completion: Amount, period: Period) -> Fraction:
    """超过 (positive) or 低于 (negative) 序时进度, in 个百分点.

    Args:
        completion: 完成率 in percent (from :func:`completion_pct` or published).
        period: The cumulative period reached.

    Returns:
        ``完成率 − 序时进度`` in percentage points.

    Raises:
        PeriodError: ``period`` is a single month.
    """
    return to_fraction(completion) - time_elapsed_pct(period)
