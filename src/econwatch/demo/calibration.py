"""The published figures the demo district is calibrated to, and how.

These are *generator parameters*: the enterprise-level records are drawn at random
and then scaled so that the platform's own arithmetic over them lands on the
published figures. Nothing here is stored in the database; the indicator layer
must find the figures by summing what the enterprises reported.

Sources (see ``reference/domain-monitoring.md`` §0 item 3–4 and §9):

* [S28] 武进新闻 / 阳湖网, 2023年“武进十大新闻”解读(二), 2024-02-12:
  规上工业总产值 3984.7亿元、增长14.2%；工业开票销售 5064.14亿元、增长19%.
* [S29] 中华新闻网, 2024-04-17: 武进国家高新区 新能源汽车及核心零部件
  产值 1215.6亿元、增长159.5%.

The reference notes that 3984.7亿 is probably the 不含经开区 figure; the demo,
as the issues specify, reproduces it for the scope 全区.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np

from econwatch.core.stats import round_half_up

QIANYUAN_PER_YI = 100_000  # 1亿元 in 千元 (monthly reports)
YUAN_PER_YI = 100_000_000  # 1亿元 in 元 (invoices)


@dataclass(frozen=True)
class Published:
    """One published figure: a level in 亿元 and its comparable growth.

    Attributes:
        indicator: what was published, in the bureau's words.
        scope: the reporting scope it covers.
        period: the period, as published.
        value: the level in 亿元, as printed.
        growth_pct: the comparable growth in percent, as printed.
        source: where it was printed.
    """

    indicator: str
    scope: str
    period: str
    value: Decimal
    growth_pct: Decimal
    source: str

    @property
    def value_places(self) -> int:
        """How many decimals the level was printed with."""
        return -int(self.value.as_tuple().exponent)

    def current(self, per_yi: int) -> int:
        """The level in storage units (千元 or 元), exactly."""
        return int(self.value * per_yi)

    def base(self, per_yi: int) -> int:
        """The 上年同期 that makes Σcurrent/Σbase − 1 print as ``growth_pct``."""
        growth = Fraction(self.growth_pct) / 100
        return round(Fraction(self.current(per_yi)) / (1 + growth))

    def scaled(self, factor: int) -> Published:
        """The same figure for a region ``factor`` times the size (same growth).

        The ``province`` demo size is calibrated to the district's figures times
        its scale; a factor of 1 gives the figure itself.
        """
        if factor == 1:
            return self
        return dataclasses.replace(
            self,
            scope=f"{self.scope}×{factor}",
            value=self.value * factor,
            source=f"{self.source}（×{factor}，合成的省级规模）",
        )

    def reproduced_by(self, current: int, base: int, per_yi: int) -> bool:
        """Whether sums ``current`` and ``base`` print as the published figure."""
        level = round_half_up(Fraction(current, per_yi), self.value_places)
        growth = round_half_up((Fraction(current, base) - 1) * 100, 1)
        return level == self.value and growth == self.growth_pct


OUTPUT_2023 = Published(
    indicator="规模以上工业总产值",
    scope="全区",
    period="2023年1—12月",
    value=Decimal("3984.7"),
    growth_pct=Decimal("14.2"),
    source="[S28] 2023年“武进十大新闻”解读(二)，武进新闻/阳湖网，2024-02-12",
)

INVOICES_2023 = Published(
    indicator="工业开票销售",
    scope="全区",
    period="2023年1—12月",
    value=Decimal("5064.14"),
    growth_pct=Decimal("19.0"),
    source="[S28] 2023年“武进十大新闻”解读(二)，武进新闻/阳湖网，2024-02-12",
)

NEV_HITECH_2023 = Published(
    indicator="新能源汽车及核心零部件 产值",
    scope="武进国家高新区",
    period="2023年",
    value=Decimal("1215.6"),
    growth_pct=Decimal("159.5"),
    source="[S29] 中华新闻网，2024-04-17（武进国家高新区）",
)

PUBLISHED: tuple[Published, ...] = (OUTPUT_2023, INVOICES_2023, NEV_HITECH_2023)


@dataclass(frozen=True)
class Targets:
    """The three figures a demo size is calibrated to."""

    output: Published
    invoices: Published
    nev_hitech: Published


def targets(scale: int = 1) -> Targets:
    """The published figures, times a size's ``scale`` (1: as published)."""
    return Targets(
        OUTPUT_2023.scaled(scale),
        INVOICES_2023.scaled(scale),
        NEV_HITECH_2023.scaled(scale),
    )


# Shape parameters (not published figures): the rest of the district then has to
# shrink by about 8 % in 2023, and 2024 grows by about 7 %.
GROWTH_2022 = (0.08, 0.15)  # mean, s.d. of enterprises' 2022 growth
GROWTH_REST_2023 = (-0.08, 0.15)
GROWTH_NEV_PARTS_2023 = (0.40, 0.30)
GROWTH_2024 = (0.02, 0.12)
GROWTH_NEV_2024 = (0.05, 0.12)
INVOICE_PER_OUTPUT = 1.27  # 开票 (元) per 元 of output, median
INVOICE_DRIFT_2023 = (0.04, 0.05)  # invoices grew faster than output in 2023


def scale_factor(fixed: float, scalable: float, target: float) -> float:
    """The factor ``s`` with ``fixed + s * scalable == target``.

    Raises:
        ValueError: the scalable part is empty or the target is out of reach.
    """
    if scalable <= 0 or target <= fixed:
        raise ValueError(
            f"无法校准：可缩放部分 {scalable:.0f}，固定部分 {fixed:.0f}，"
            f"目标 {target:.0f}"
        )
    return (target - fixed) / scalable


def largest(values: np.ndarray, mask: np.ndarray) -> int:
    """Index of the largest value among ``mask`` (ties: the first)."""
    candidates = np.flatnonzero(mask)
    if candidates.size == 0:
        raise ValueError("无法校准：没有可调整的企业")
    return int(candidates[np.argmax(values[candidates])])
