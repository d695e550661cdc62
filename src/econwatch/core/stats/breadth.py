"""增长面: the share of categories (or enterprises) whose figure grew.

"32个大类行业中，17个行业实现利润增长或亏损减少，增长面53.1%" [S23]. For profits, a loss
that shrank counts as growth; with the sign table of :mod:`.change` that is exactly
``X > B`` in every case, so one rule serves 产值 and 利润 alike. Items that stayed flat
(``X == B``) are not counted as grown, but they count in the total.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from econwatch.core.stats.growth import Comparison

_HUNDRED = Fraction(100)


@dataclass(frozen=True, slots=True)
class Breadth:
    """How many of ``total`` items grew.

    Attributes:
        grown: Items with ``X > B`` (增长或亏损减少).
        total: All items considered.
    """

    grown: int
    total: int

    @property
    def share_pct(self) -> Fraction | None:
        """增长面 in percent; ``None`` for an empty set."""
        if self.total == 0:
            return None
        return Fraction(self.grown, self.total) * _HUNDRED


def growth_breadth(items: Iterable[Comparison]) -> Breadth:
    """Count the items that grew (or, for profits, lost less).

    Args:
        items: One comparison per category or per enterprise.

    Returns:
        The breadth; ``share_pct`` is the 增长面.

    Example:
        >>> growth_breadth([Comparison.of(5, 4), Comparison.of(-1, -3),
        ...                 Comparison.of(2, 2), Comparison.of(1, 9)])
        Breadth(grown=2, total=4)
    """
    grown = total = 0
    for item in items:
        total += 1
        grown += item.improved
    return Breadth(grown, total)
