"""Rounding for display: half-up (四舍五入), computed exactly.

The bureaus round half away from zero: 2.25 → 2.3, −2.25 → −2.3. Python's ``round()``
rounds half to even (banker's rounding: ``round(2.25, 1) == 2.2``) and, on floats, works
on the binary approximation (``round(2.675, 2) == 2.67``). Neither is what a published
table shows, so display code must go through :func:`round_half_up`, never ``round()``.
Rounding happens once, at the end: derived figures are computed from unrounded values
(domain-monitoring §2.5).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import floor

from econwatch.core.stats.amount import Amount, to_fraction
from econwatch.core.stats.errors import StatsError


def round_half_up(value: Amount, places: int = 0) -> Decimal:
    """Round half away from zero to ``places`` decimals, exactly.

    Args:
        value: The exact number to round.
        places: Decimals to keep (0 or more).

    Returns:
        A ``Decimal`` with exactly ``places`` decimals; never ``-0``.

    Raises:
        StatsError: ``places`` is negative.

    Example:
        >>> round_half_up(Fraction(9, 4), 1), round_half_up(Fraction(-9, 4), 1)
        (Decimal('2.3'), Decimal('-2.3'))
    """
    if places < 0:
        raise StatsError(
            "rounding-places",
            "decimal places must be zero or more",
            value=places,
            hint="Pass places=0, 1 or 2.",
        )
    scaled = to_fraction(value) * 10**places
    magnitude = floor(abs(scaled) + Fraction(1, 2))
    digits = -magnitude if scaled < 0 else magnitude
    return Decimal(f"{digits}E-{places}")
