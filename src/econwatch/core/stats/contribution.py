"""贡献率 (contribution share) and 拉动 (pull, in 个百分点), always with their parent.

Definitions used by NBS, the yearbooks and the local bureaus [S74][S75]:

    贡献率 (%) = ΔX_part / ΔX_parent × 100
    拉动 (pp)  = ΔX_part / B_parent × 100  = 贡献率 × g_parent / 100

    Σ_parts 贡献率 = 100 %,   Σ_parts 拉动 = g_parent   (parts partitioning the parent)

A pull is meaningless without saying what it pulls: "拉动全区高新技术产业
增长8.8个百分点" pulls a group, not the district [S24]. So a
:class:`Contribution` always carries its parent and the parent's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from econwatch.core.stats.amount import Amount, to_fraction
from econwatch.core.stats.growth import Comparison

_HUNDRED = Fraction(100)


@dataclass(frozen=True, slots=True)
class Contribution:
    """A part's 贡献率 and 拉动 towards a named parent that contains it.

    Attributes:
        part: The part's comparison (e.g. 高新技术产业).
        parent: The parent's comparison over a set that includes the part's
            enterprises (e.g. 全区规上工业).
        parent_name: How the parent is called in text (``全区规上工业``).
    """

    part: Comparison
    parent: Comparison
    parent_name: str

    @property
    def share_pct(self) -> Fraction | None:
        """贡献率 in percent; ``None`` (shown "—") when the parent's increment is 0.

        Above 100 % or below 0 is normal when other parts move the other way.
        """
        if self.parent.increment == 0:
            return None
        return self.part.increment / self.parent.increment * _HUNDRED

    @property
    def pull_pp(self) -> Fraction | None:
        """拉动 in 个百分点; ``None`` when the parent has no growth rate (base ≤ 0)."""
        if self.parent.base <= 0:
            return None
        return self.part.increment / self.parent.base * _HUNDRED


def contribution(
    part: Comparison, parent: Comparison, parent_name: str
) -> Contribution:
    """贡献率 and 拉动 of ``part`` towards ``parent``.

    Args:
        part: The part's comparison.
        parent: The parent's comparison (its set contains the part's).
        parent_name: The parent's name for text, e.g. ``全区规上工业``.

    Returns:
        The contribution, holding its parent.

    Example:
        >>> whole = Comparison.of(110, 100)
        >>> c = contribution(Comparison.of(60, 50), whole, "全区")
        >>> c.share_pct, c.pull_pp
        (Fraction(100, 1), Fraction(10, 1))
    """
    return Contribution(part, parent, parent_name)


def share_from_pull_pct(pull_pp: Amount, parent_growth_pct: Amount) -> Fraction | None:
    """贡献率 from a published 拉动 and the parent's growth: ``拉动 / g × 100``.

    Example: 龙头企业 拉动 6.9 pp of 高技术制造业 growing 13.6 % → 50.7 % [S26].

    Args:
        pull_pp: Published pull in 个百分点.
        parent_growth_pct: Parent's growth in percent.

    Returns:
        The share in percent; ``None`` when the parent's growth is 0.
    """
    growth = to_fraction(parent_growth_pct)
    if growth == 0:
        return None
    return to_fraction(pull_pp) / growth * _HUNDRED
