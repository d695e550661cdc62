"""One pass over enterprise rows: per-group figures with 贡献率 and 拉动 to the total.

This is what the indicator layer calls: rows of one period and one indicator (each row
an enterprise with its current figure and its own 上年同期), grouped by a dimension
(town, industry, cluster). Every group and the total are sums over the same rows, so
the groups partition the total: Σ 贡献率 = 100 % and Σ 拉动 = total growth, exactly.

Integer figures (元, 千元) are summed as Python ints: 60 000 rows take about 25 ms.
Other amounts (Decimal, Fraction) are summed as fractions, roughly 25 times slower.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from operator import attrgetter
from typing import Any, Generic, TypeVar

from econwatch.core.stats.amount import Amount, to_fraction
from econwatch.core.stats.breadth import Breadth, growth_breadth
from econwatch.core.stats.contribution import Contribution
from econwatch.core.stats.growth import Comparison
from econwatch.core.stats.ranking import Rank, rank_values

K = TypeVar("K", bound=Hashable)
R = TypeVar("R")

_current: Callable[[Any], Amount] = attrgetter("current")
_base: Callable[[Any], Amount] = attrgetter("base")


@dataclass(frozen=True, slots=True)
class Group(Generic[K]):
    """One group's figures and its contribution to the total.

    Attributes:
        key: The group's value of the dimension.
        comparison: Σ current and Σ base of the group's rows.
        contribution: 贡献率 and 拉动 towards the total (which it names).
        rows: 企业增长面 of the group: rows that grew, out of its rows.
    """

    key: K
    comparison: Comparison
    contribution: Contribution
    rows: Breadth

    @property
    def value(self) -> Fraction:
        """Σ current."""
        return self.comparison.value

    @property
    def base(self) -> Fraction:
        """Σ 上年同期."""
        return self.comparison.base

    @property
    def increment(self) -> Fraction:
        """净增."""
        return self.comparison.increment

    @property
    def growth_pct(self) -> Fraction | None:
        """Comparable-basis growth in percent; ``None`` on a base ≤ 0."""
        return self.comparison.growth_pct

    @property
    def share_pct(self) -> Fraction | None:
        """贡献率 to the total in percent; ``None`` when the total did not move."""
        return self.contribution.share_pct

    @property
    def pull_pp(self) -> Fraction | None:
        """拉动 of the total in 个百分点; ``None`` when the total's base is ≤ 0."""
        return self.contribution.pull_pp


@dataclass(frozen=True, slots=True)
class Breakdown(Generic[K]):
    """A total and its groups, in the order the groups first appeared.

    Attributes:
        total: Σ current and Σ base over all rows.
        total_name: The total's name, used as parent of every contribution.
        rows: 企业增长面 over all rows.
        groups: One entry per key.
    """

    total: Comparison
    total_name: str
    rows: Breadth
    groups: tuple[Group[K], ...]

    def group(self, key: K) -> Group[K]:
        """The group with ``key``.

        Raises:
            KeyError: No row had this key.
        """
        for item in self.groups:
            if item.key == key:
                return item
        raise KeyError(f"no group {key!r} in this breakdown; keys are the row values")

    def category_breadth(self) -> Breadth:
        """行业增长面: groups that grew (or lost less), out of all groups."""
        return growth_breadth(item.comparison for item in self.groups)

    def growth_ranks(self) -> dict[K, Rank]:
        """位次 of the groups by growth; groups without a growth rate are left out."""
        return rank_values(
            {
                item.key: pct
                for item in self.groups
                if (pct := item.comparison.growth_pct) is not None
            }
        )


def aggregate(
    rows: Iterable[R],
    by: Callable[[R], K],
    *,
    current: Callable[[R], Amount] = _current,
    base: Callable[[R], Amount] = _base,
    total_name: str = "合计",
) -> Breakdown[K]:
    """Group enterprise rows by a dimension and compare each group with the total.

    Args:
        rows: One row per enterprise (any objects, e.g. dataclasses or tuples).
        by: The dimension, e.g. ``attrgetter("town")`` or ``itemgetter(0)``.
        current: Reads the current figure; defaults to the ``current`` attribute.
        base: Reads the enterprise's 上年同期; defaults to the ``base`` attribute.
        total_name: Name of the total, the parent of every 贡献率/拉动
            (e.g. ``全区规上工业``).

    Returns:
        The total and the groups.

    Example:
        >>> from operator import itemgetter
        >>> rows = [("湖塘", 130, 100), ("湖塘", 20, 40), ("牛塘", 70, 60)]
        >>> b = aggregate(rows, itemgetter(0), current=itemgetter(1),
        ...               base=itemgetter(2), total_name="全区")
        >>> b.total.growth_pct, b.group("牛塘").pull_pp
        (Fraction(10, 1), Fraction(5, 1))
    """
    # Per key: [int Σcurrent, int Σbase, Fraction Σcurrent, Fraction Σbase, rows, grown]
    sums: dict[K, list[Any]] = {}
    for row in rows:
        key = by(row)
        value = current(row)
        prior = base(row)
        entry = sums.get(key)
        if entry is None:
            entry = sums[key] = [0, 0, Fraction(0), Fraction(0), 0, 0]
        if type(value) is int and type(prior) is int:
            entry[0] += value
            entry[1] += prior
        else:
            value = to_fraction(value)
            prior = to_fraction(prior)
            entry[2] += value
            entry[3] += prior
        entry[4] += 1
        if value > prior:
            entry[5] += 1

    comparisons = {
        key: Comparison(entry[2] + entry[0], entry[3] + entry[1])
        for key, entry in sums.items()
    }
    total = Comparison(
        sum((c.value for c in comparisons.values()), Fraction(0)),
        sum((c.base for c in comparisons.values()), Fraction(0)),
    )
    groups = tuple(
        Group(
            key=key,
            comparison=comparison,
            contribution=Contribution(comparison, total, total_name),
            rows=Breadth(sums[key][5], sums[key][4]),
        )
        for key, comparison in comparisons.items()
    )
    return Breakdown(
        total=total,
        total_name=total_name,
        rows=Breadth(
            sum(entry[5] for entry in sums.values()),
            sum(entry[4] for entry in sums.values()),
        ),
        groups=groups,
    )
