"""The bureaus' words for movement: 增长/下降/持平, 高于/低于, 拉动, 位次.

Direction is read from the *displayed* (rounded) number, so the words never contradict
the digits: a growth of 0.04 % prints "持平", not "增长0.0%".
"""

from __future__ import annotations

from econwatch.core.stats.amount import Amount
from econwatch.core.stats.contribution import Contribution
from econwatch.core.stats.display import DASH, format_number
from econwatch.core.stats.growth import Comparison
from econwatch.core.stats.ranking import Rank
from econwatch.core.stats.rounding import round_half_up

_DIGITS = "零一二三四五六七八九"


def growth_phrase(pct: Amount | None, places: int = 1) -> str:
    """``"增长14.2%"``, ``"下降3.5%"``, ``"持平"``, or "—" when undefined.

    Args:
        pct: Growth in percent, or ``None``.
        places: Decimals shown.

    Returns:
        The phrase.
    """
    if pct is None:
        return DASH
    rounded = round_half_up(pct, places)
    if rounded > 0:
        return f"增长{rounded:f}%"
    if rounded < 0:
        return f"下降{-rounded:f}%"
    return "持平"


def change_phrase(comparison: Comparison, places: int = 1) -> str:
    """The growth phrase, or the label when a percentage means nothing.

    ``增长14.2%`` on a positive base; ``扭亏为盈``, ``亏损减少``, ``由盈转亏`` …
    otherwise (the case table of :mod:`.change`).

    Args:
        comparison: Value and comparable base.
        places: Decimals shown.

    Returns:
        The phrase.
    """
    pct = comparison.growth_pct
    if pct is None or comparison.value < 0:
        return comparison.label.value
    return growth_phrase(pct, places)


def gap_phrase(diff_pp: Amount | None, reference: str, places: int = 1) -> str:
    """``"高于全区规上工业11.3个百分点"`` / ``"低于…"`` / ``"与…持平"``.

    Args:
        diff_pp: ``g_unit − g_reference`` in 个百分点 (see ``gap_pp``).
        reference: What is compared with, e.g. ``全区规上工业`` or ``全市平均水平``.
        places: Decimals shown.

    Returns:
        The phrase, or "—" when undefined.
    """
    if diff_pp is None:
        return DASH
    rounded = round_half_up(diff_pp, places)
    if rounded > 0:
        return f"高于{reference}{rounded:f}个百分点"
    if rounded < 0:
        return f"低于{reference}{-rounded:f}个百分点"
    return f"与{reference}持平"


def progress_phrase(gap_pp: Amount, places: int = 1) -> str:
    """``"超过序时进度13.8个百分点"`` / ``"低于序时进度…"`` / ``"与序时进度持平"``.

    Args:
        gap_pp: 完成率 − 序时进度 in 个百分点 (see ``progress_gap_pp``).
        places: Decimals shown.

    Returns:
        The phrase.
    """
    rounded = round_half_up(gap_pp, places)
    if rounded > 0:
        return f"超过序时进度{rounded:f}个百分点"
    if rounded < 0:
        return f"低于序时进度{-rounded:f}个百分点"
    return "与序时进度持平"


def pull_phrase(item: Contribution, places: int = 1) -> str:
    """``"拉动全区规上工业增长9.3个百分点"`` or ``"拉低全区规上工业增速2.1个百分点"``.

    Args:
        item: The contribution; its parent names what is pulled.
        places: Decimals shown.

    Returns:
        The phrase, or "—" when the parent has no growth rate.
    """
    pull = item.pull_pp
    if pull is None:
        return DASH
    rounded = round_half_up(pull, places)
    if rounded < 0:
        return f"拉低{item.parent_name}增速{-rounded:f}个百分点"
    return f"拉动{item.parent_name}增长{rounded:f}个百分点"


def share_phrase(item: Contribution, places: int = 1) -> str:
    """``"对全区规上工业增长的贡献率为109.9%"``, or "—" when undefined.

    Args:
        item: The contribution.
        places: Decimals shown.

    Returns:
        The phrase.
    """
    share = item.share_pct
    if share is None:
        return DASH
    return f"对{item.parent_name}增长的贡献率为{format_number(share, places)}%"


def rank_phrase(rank: Rank, peers: str, *, chinese_numerals: bool = False) -> str:
    """``"列全市第2位"``, ``"并列全市第1位"``, ``"列全市第二"`` (Chinese numerals).

    Args:
        rank: The unit's rank.
        peers: The peer group, e.g. ``全市``, ``全省``, ``常州五区一市``.
        chinese_numerals: Write ``第二`` instead of ``第2位`` (positions up to 99).

    Returns:
        The phrase.
    """
    verb = "并列" if rank.tied else "列"
    if chinese_numerals and rank.position < 100:
        return f"{verb}{peers}第{chinese_number(rank.position)}"
    return f"{verb}{peers}第{rank.position}位"


def chinese_number(number: int) -> str:
    """Write 0–99 in Chinese numerals (``12`` → ``十二``, ``20`` → ``二十``).

    Args:
        number: An integer from 0 to 99.

    Returns:
        The numeral; numbers outside 0–99 are written in Arabic digits.
    """
    if not 0 <= number < 100:
        return str(number)
    tens, units = divmod(number, 10)
    if tens == 0:
        return _DIGITS[units]
    head = "十" if tens == 1 else f"{_DIGITS[tens]}十"
    return head if units == 0 else f"{head}{_DIGITS[units]}"
