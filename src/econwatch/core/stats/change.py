"""Direction labels, including the profit cases where a percentage means nothing.

A growth rate is only defined on a positive base. Profits can be zero or negative, and
the releases then use words instead of a number: "扭亏为盈", "亏损减少" … [S23][S110].
:func:`classify_change` gives the word for every sign combination of current value
``X`` and comparable base ``B``:

=========  ================  ==========  ====================================
base B     current X         growth %    label
=========  ================  ==========  ====================================
B > 0      X > B             X/B − 1     增长
B > 0      X = B             0           持平
B > 0      0 ≤ X < B         X/B − 1     下降 (X = 0 gives −100 %)
B > 0      X < 0             X/B − 1     由盈转亏 (the number, < −100 %, is not shown)
B = 0      X > 0             None        新增
B = 0      X = 0             None        持平
B = 0      X < 0             None        新增亏损
B < 0      X > 0             None        扭亏为盈
B < 0      B < X ≤ 0         None        亏损减少 (X = 0: the loss is gone)
B < 0      X = B             None        持平
B < 0      X < B             None        亏损增加
=========  ================  ==========  ====================================

In every row, "improved" (counted in 增长面 as "增长或亏损减少") is exactly ``X > B``.
"""

from __future__ import annotations

from enum import StrEnum
from fractions import Fraction


class ChangeLabel(StrEnum):
    """How a figure moved against its comparable base; the value is the Chinese word."""

    GROWTH = "增长"
    FLAT = "持平"
    DECLINE = "下降"
    PROFIT_TO_LOSS = "由盈转亏"
    NEW = "新增"
    NEW_LOSS = "新增亏损"
    LOSS_TO_PROFIT = "扭亏为盈"
    LOSS_NARROWED = "亏损减少"
    LOSS_WIDENED = "亏损增加"


def classify_change(value: Fraction, base: Fraction) -> ChangeLabel:
    """Label the move from ``base`` to ``value`` (the table in the module docstring).

    Args:
        value: Current figure ``X``.
        base: Comparable base ``B`` (上年同期, same set of enterprises).

    Returns:
        The label. ``持平`` whenever ``X == B``.

    Example:
        >>> classify_change(Fraction(5), Fraction(-3)).value
        '扭亏为盈'
    """
    if value == base:
        return ChangeLabel.FLAT
    if base > 0:
        if value < 0:
            return ChangeLabel.PROFIT_TO_LOSS
        return ChangeLabel.GROWTH if value > base else ChangeLabel.DECLINE
    if base == 0:
        return ChangeLabel.NEW if value > 0 else ChangeLabel.NEW_LOSS
    if value > 0:
        return ChangeLabel.LOSS_TO_PROFIT
    return ChangeLabel.LOSS_NARROWED if value > base else ChangeLabel.LOSS_WIDENED
