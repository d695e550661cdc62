"""Exact amounts: what the arithmetic accepts and how it turns it into a fraction.

Enterprise figures are integers in 元 or 千元; published figures such as
"683.72亿元" are decimals. Both are converted to :class:`fractions.Fraction`
so that every sum, ratio and share is exact and only the display rounds.
Floats are refused: ``0.1`` is not one tenth in binary, and a silent binary
error would show up as a wrong last digit in a report.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from econwatch.core.stats.errors import AmountTypeError

Amount = int | Decimal | Fraction
"""A number the arithmetic accepts: ``int``, ``Decimal``, ``Fraction`` (not float)."""


def to_fraction(value: Amount) -> Fraction:
    """Convert an amount to an exact fraction.

    Args:
        value: An ``int``, a finite ``Decimal`` or a ``Fraction``.

    Returns:
        The same number as a ``Fraction``.

    Raises:
        AmountTypeError: ``value`` is a float, a bool, a non-finite Decimal or not a
            number at all.

    Example:
        >>> to_fraction(Decimal("683.72"))
        Fraction(17093, 25)
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise AmountTypeError(
            "amount-type",
            "a bool is not an amount",
            value=value,
            hint="Pass the figure as int, Decimal or Fraction.",
        )
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise AmountTypeError(
                "amount-not-finite",
                "an amount must be a finite number",
                value=value,
                hint="Treat missing figures before the arithmetic (filter the row).",
            )
        return Fraction(value)
    if isinstance(value, float):
        raise AmountTypeError(
            "amount-float",
            "floats are not exact and are refused",
            value=value,
            hint="Pass Decimal('683.72') (from the text of the figure) or an int.",
        )
    raise AmountTypeError(
        "amount-type",
        f"{type(value).__name__} is not an amount",
        value=value,
        hint="Pass the figure as int, Decimal or Fraction.",
    )
