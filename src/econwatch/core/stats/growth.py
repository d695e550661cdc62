"""Comparable-basis growth (同口径同比), increments and two-year averages.

Growth is computed over one set of enterprises: the sum of what they report now over the
sum of what *they* report as 上年同期, minus one [S4][S6]:

    g = Σ_{i∈E} X_i / Σ_{i∈E} B_i − 1,      净增 = Σ X − Σ B

It is never the ratio of this year's published total to last year's published total
(NBS 2018 1–5月 profits: +16.5 % comparable, −6.0 % naive) [S6]. The entry point
:func:`comparable_growth` therefore takes enterprise rows, each with its own base. The
same holds for a month: 当月 growth uses the month's own rows and base, never a
difference of cumulative figures [S20] — this module offers no such difference.

All rates are returned in **percent** (``Fraction(71, 5)`` is 14.2 %) and kept exact;
round only for display (:mod:`econwatch.core.stats.display`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Context, Decimal, localcontext
from fractions import Fraction

from econwatch.core.stats.amount import Amount, to_fraction
from econwatch.core.stats.change import ChangeLabel, classify_change
from econwatch.core.stats.errors import StatsError

_HUNDRED = Fraction(100)


@dataclass(frozen=True, slots=True)
class Comparison:
    """A current figure with its comparable base (上年同期 of the same enterprises).

    Build it with :func:`comparable_growth` from enterprise rows. Two comparisons over
    disjoint sets add up (``a + b``) to the comparison of the union.

    Attributes:
        value: Σ current, ``X``.
        base: Σ 上年同期 of the same set, ``B``.
    """

    value: Fraction
    base: Fraction

    @classmethod
    def of(cls, value: Amount, base: Amount) -> Comparison:
        """One enterprise's (or one set's) current figure and base."""
        return cls(to_fraction(value), to_fraction(base))

    @classmethod
    def from_published(cls, value: Amount, growth_pct: Amount) -> Comparison:
        """Rebuild the base from a published level and growth: ``B = X / (1 + g)``.

        Use only to check published statements (贡献率, 拉动, 净增); the platform's own
        figures come from enterprise rows.

        Args:
            value: Published level ``X``.
            growth_pct: Published growth in percent (``Decimal("11.50")``).

        Returns:
            The comparison with the implied base.

        Raises:
            StatsError: ``growth_pct`` is −100 or below (no positive base exists).
        """
        return cls(to_fraction(value), base_from_published(value, growth_pct))

    @property
    def increment(self) -> Fraction:
        """净增 / 增量: ``X − B``."""
        return self.value - self.base

    @property
    def growth_pct(self) -> Fraction | None:
        """同比增长 in percent, ``(X / B − 1) × 100``; ``None`` when ``B ≤ 0``."""
        if self.base <= 0:
            return None
        return (self.value / self.base - 1) * _HUNDRED

    @property
    def label(self) -> ChangeLabel:
        """The direction word (增长, 下降, 扭亏为盈 …), see :mod:`.change`."""
        return classify_change(self.value, self.base)

    @property
    def improved(self) -> bool:
        """Counted in 增长面: grew, or (profits) lost less; exactly ``X > B``."""
        return self.value > self.base

    def __add__(self, other: Comparison) -> Comparison:
        """The comparison of the union of two disjoint sets of enterprises."""
        return Comparison(self.value + other.value, self.base + other.base)


ZERO = Comparison(Fraction(0), Fraction(0))
"""The comparison of an empty set; the neutral element of ``+``."""


def comparable_growth(rows: Iterable[tuple[Amount, Amount]]) -> Comparison:
    """Σ current and Σ base over one set of enterprise rows (同口径).

    Args:
        rows: ``(current, base)`` per enterprise, base being the 上年同期 that the
            enterprise reported for the same period.

    Returns:
        The comparison; its ``growth_pct`` is the comparable-basis growth.

    Example:
        >>> c = comparable_growth([(120, 100), (30, 40)])
        >>> c.increment, c.growth_pct
        (Fraction(10, 1), Fraction(50, 7))
    """
    value_ints = base_ints = 0
    value_rest = base_rest = Fraction(0)
    for value, base in rows:
        # Integers (the usual 元/千元 figures) are summed natively: much faster.
        if type(value) is int and type(base) is int:
            value_ints += value
            base_ints += base
        else:
            value_rest += to_fraction(value)
            base_rest += to_fraction(base)
    return Comparison(value_rest + value_ints, base_rest + base_ints)


def base_from_published(value: Amount, growth_pct: Amount) -> Fraction:
    """The base implied by a published level and growth: ``B = X / (1 + g)``.

    Args:
        value: Published level ``X``.
        growth_pct: Published growth in percent.

    Returns:
        The implied comparable base.

    Raises:
        StatsError: ``growth_pct`` ≤ −100.
    """
    factor = 1 + to_fraction(growth_pct) / _HUNDRED
    if factor <= 0:
        raise StatsError(
            "growth-below-minus-100",
            "a growth of -100 % or less has no positive base",
            value=growth_pct,
            hint="Check the published figure; profits with a non-positive base carry "
            "a label (扭亏为盈 …), not a percentage.",
        )
    return to_fraction(value) / factor


def increment_from_published(value: Amount, growth_pct: Amount) -> Fraction:
    """净增 implied by a published level and growth: ``ΔX = X · g / (1 + g)``.

    金坛 2019 上半年 683.72亿元 +11.50 % gives 70.52亿元 (published "净增70.51亿",
    the gap being input rounding) [S69].

    Args:
        value: Published level ``X``.
        growth_pct: Published growth in percent.

    Returns:
        The implied increment ``X − B``.

    Raises:
        StatsError: ``growth_pct`` ≤ −100.
    """
    return to_fraction(value) - base_from_published(value, growth_pct)


def gap_pp(growth_pct: Amount, reference_pct: Amount) -> Fraction:
    """Difference of two growth rates in 个百分点: ``g_unit − g_reference``.

    Args:
        growth_pct: The unit's growth (percent).
        reference_pct: The reference growth (percent), e.g. 全区规上工业.

    Returns:
        Percentage points; positive means 高于, negative 低于.
    """
    return to_fraction(growth_pct) - to_fraction(reference_pct)


def two_year_average_pct(
    value: Amount, base_two_years_earlier: Amount
) -> Decimal | None:
    """两年平均增速: ``((X_t / X_{t−2})^{1/2} − 1) × 100`` (geometric) [S13].

    The square root is irrational in general, so this is the one figure of the package
    that is not exact: it is a ``Decimal`` of 28 significant digits.

    Args:
        value: Current figure ``X_t``.
        base_two_years_earlier: The same enterprises' figure two years earlier
            (the base year's 同期数).

    Returns:
        The average yearly growth in percent; ``None`` when either figure is not
        positive (no real geometric mean).
    """
    current = to_fraction(value)
    base = to_fraction(base_two_years_earlier)
    if current <= 0 or base <= 0:
        return None
    return _sqrt_minus_one_pct(current / base)


def two_year_average_from_growth_pct(
    first_year_pct: Amount, second_year_pct: Amount
) -> Decimal | None:
    """两年平均增速 from two successive yearly growth rates.

    ``(√((1 + g₁)(1 + g₂)) − 1) × 100``.

    Args:
        first_year_pct: Growth of year t−1 over t−2, percent.
        second_year_pct: Growth of year t over t−1, percent.

    Returns:
        The average growth in percent; ``None`` if a rate is −100 % or below.
    """
    first = 1 + to_fraction(first_year_pct) / _HUNDRED
    second = 1 + to_fraction(second_year_pct) / _HUNDRED
    if first <= 0 or second <= 0:
        return None
    return _sqrt_minus_one_pct(first * second)


def _sqrt_minus_one_pct(ratio: Fraction) -> Decimal:
    with localcontext() as context:
        context.prec = 40  # Guard digits; the result is rounded back to 28 below.
        root = (Decimal(ratio.numerator) / Decimal(ratio.denominator)).sqrt()
        exact = (root - 1) * 100
    return Context(prec=28).plus(exact)
