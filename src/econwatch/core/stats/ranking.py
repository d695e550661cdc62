"""位次: ranks of units by an unrounded figure, with ties flagged.

"增幅在常州五区一市中排名第二" [S69]. The bureaus' tie rules were not found, so the
platform ranks on exact (unrounded) values and uses competition ranking: equal values
share the best position and the next position is skipped (1, 2, 2, 4). Two values that
only *look* equal after rounding to one decimal are not tied; equal exact values are,
and say so (``tied=True``) so that text can write "并列第二".
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from econwatch.core.stats.amount import Amount, to_fraction

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Rank:
    """A unit's position among its peers.

    Attributes:
        position: 1 for the best; tied units share the best position of the tie.
        tied: Whether another unit has exactly the same value.
        out_of: How many units were ranked.
    """

    position: int
    tied: bool
    out_of: int


def rank_values(
    values: Mapping[K, Amount], *, descending: bool = True
) -> dict[K, Rank]:
    """Rank units by value (largest first unless ``descending=False``).

    Units without a value (e.g. growth undefined on a non-positive base) must be left
    out by the caller; they have no rank.

    Args:
        values: Exact value per unit.
        descending: Rank the largest value first (growth, output); pass ``False`` to
            rank the smallest first (e.g. energy intensity).

    Returns:
        The rank of every unit, in ranking order.

    Example:
        >>> rank_values({"武进": 14, "新北": 9, "天宁": 14})["天宁"]
        Rank(position=1, tied=True, out_of=3)
    """
    exact = {key: to_fraction(value) for key, value in values.items()}
    ordered = sorted(exact.items(), key=lambda item: item[1], reverse=descending)
    count = len(ordered)
    ranks: dict[K, Rank] = {}
    position = 0
    for index, (key, value) in enumerate(ordered):
        if index == 0 or value != ordered[index - 1][1]:
            position = index + 1
        tied = (index > 0 and value == ordered[index - 1][1]) or (
            index + 1 < count and value == ordered[index + 1][1]
        )
        ranks[key] = Rank(position, tied, count)
    return ranks
