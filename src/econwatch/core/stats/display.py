"""Numbers as the bureaus print them: 亿元 with two decimals, growth with one.

Every formatter takes the exact value, rounds half-up once (:func:`round_half_up`) and
prints "—" for an undefined figure (``None``), as the published tables do. Amounts are
converted between 元, 千元, 万元 and 亿元 exactly before rounding.
"""

from __future__ import annotations

from enum import Enum
from fractions import Fraction

from econwatch.core.stats.amount import Amount, to_fraction
from econwatch.core.stats.rounding import round_half_up

DASH = "—"
"""Printed for an undefined figure (贡献率 with a zero parent increment, …)."""


class Unit(Enum):
    """A money unit, with its size in 元 and its Chinese name."""

    YUAN = (1, "元")
    QIAN_YUAN = (1_000, "千元")
    WAN_YUAN = (10_000, "万元")
    YI_YUAN = (100_000_000, "亿元")

    def __init__(self, yuan: int, label: str) -> None:
        """Attach the size and the name to the member."""
        self.yuan = yuan
        self.label = label


def convert(value: Amount, unit: Unit, to: Unit) -> Fraction:
    """Convert an amount between money units, exactly.

    Example:
        >>> convert(398_470_000, Unit.QIAN_YUAN, Unit.YI_YUAN)
        Fraction(39847, 10)
    """
    return to_fraction(value) * unit.yuan / to.yuan


def format_number(
    value: Amount | None, places: int = 1, *, signed: bool = False
) -> str:
    """A number rounded half-up to ``places`` decimals, "—" for ``None``.

    Args:
        value: Exact value or ``None``.
        places: Decimals shown.
        signed: Prefix ``+`` on positive values (table columns of differences).

    Returns:
        E.g. ``"14.2"``, ``"-3.5"``, ``"+11.3"``, ``"—"``.
    """
    if value is None:
        return DASH
    rounded = round_half_up(value, places)
    text = f"{rounded:f}"
    return f"+{text}" if signed and rounded > 0 else text


def format_amount(
    value: Amount | None,
    unit: Unit,
    *,
    to: Unit = Unit.YI_YUAN,
    places: int = 2,
    with_unit: bool = True,
) -> str:
    """An amount in the display unit: ``"3984.70亿元"``, ``"56.3万元"``.

    Args:
        value: The stored amount, in ``unit``.
        unit: The unit of ``value`` (figures are stored in 元 or 千元).
        to: The display unit; 亿元 for district totals, 万元 for small units.
        places: Decimals; 2 for totals, 1 for the short variant.
        with_unit: Append the unit's name.

    Returns:
        The formatted amount, or "—" for ``None``.

    Example:
        >>> format_amount(398_470_000, Unit.QIAN_YUAN)
        '3984.70亿元'
    """
    if value is None:
        return DASH
    text = format_number(convert(value, unit, to), places)
    return f"{text}{to.label}" if with_unit else text


def format_percent(pct: Amount | None, places: int = 1, *, signed: bool = False) -> str:
    """A rate in percent with one decimal: ``"14.2%"``, ``"-3.5%"``, "—".

    Args:
        pct: Rate in percent (growth, 贡献率, 增长面, 完成率) or ``None``.
        places: Decimals; 1 as published, 2 for some 开票 figures.
        signed: Prefix ``+`` on positive values.

    Returns:
        The formatted rate.
    """
    if pct is None:
        return DASH
    return f"{format_number(pct, places, signed=signed)}%"


def format_points(pp: Amount | None, places: int = 1, *, signed: bool = False) -> str:
    """A difference in percentage points: ``"11.3个百分点"``, "—".

    Args:
        pp: Difference or pull in 个百分点, or ``None``.
        places: Decimals.
        signed: Prefix ``+`` on positive values.

    Returns:
        The formatted difference with its unit.
    """
    if pp is None:
        return DASH
    return f"{format_number(pp, places, signed=signed)}个百分点"
