"""Named, independent random streams for one seed.

Every part of the generator draws from its own stream, so changing how many
numbers one part draws never shifts the numbers of another part: the demo stays
stable while it is developed, and it is deterministic for a seed.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import TypeVar

import numpy as np

T = TypeVar("T")

# Stream numbers are part of the demo's identity: never renumber, only append.
_STREAMS: dict[str, int] = {
    "firms": 1,
    "levels": 2,
    "monthly": 3,
    "errors": 4,
    "daily": 5,
    "legal": 6,
    "individuals": 7,
    "activity": 8,
    "names": 9,
    "codes": 10,
    "tags": 11,
    "anomalies": 12,
    "finance": 13,
    "geography": 14,
    "employees": 15,
    "reports": 16,
    "history": 17,
}


class Streams:
    """Independent ``numpy.random.Generator`` streams derived from one seed.

    Example:
        >>> s = Streams(1)
        >>> float(s("firms").random()) == float(Streams(1)("firms").random())
        True
    """

    def __init__(self, seed: int) -> None:
        self.seed = int(seed)

    def __call__(self, name: str) -> np.random.Generator:
        """A fresh generator for the named part (same name, same numbers)."""
        key = _STREAMS[name]
        return np.random.Generator(
            np.random.PCG64(np.random.SeedSequence(self.seed, spawn_key=(key,)))
        )


class Uniforms:
    """Fast scalar draws for per-row Python code, from a pre-drawn block.

    Drawing one number at a time from a ``Generator`` costs microseconds; names
    and addresses for 100,000 units need millions of draws. This hands out a
    block of uniforms drawn at once (and draws the next block when it runs out),
    so it is as deterministic as the stream it wraps.
    """

    _BLOCK = 1 << 18

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self._block = rng.random(self._BLOCK).tolist()
        self._next = 0

    def random(self) -> float:
        """A uniform number in [0, 1)."""
        if self._next == len(self._block):
            self._block = self.rng.random(self._BLOCK).tolist()
            self._next = 0
        value = self._block[self._next]
        self._next += 1
        return float(value)

    def integer(self, low: int, high: int) -> int:
        """An integer in ``[low, high)``."""
        return low + int(self.random() * (high - low))

    def pick(self, options: Sequence[T]) -> T:
        """One of ``options``, each equally likely."""
        return options[int(self.random() * len(options))]

    def weighted(self, cumulative: Sequence[float]) -> int:
        """An index drawn with the given cumulative weights (last = total)."""
        return bisect.bisect_right(cumulative, self.random() * cumulative[-1])
