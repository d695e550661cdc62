"""The demo's own check of its calibration, printed by ``econwatch demo``.

These are plain sums over what the demo wrote (the indicator layer computes the
same figures with its own code): Σ 1—12月 of the December 2023 reports against
Σ their 上年同期; Σ 2023 invoices of the 2023 规上 set against the same
enterprises' 2022 invoices; the same output sums for the 95X cluster
新能源汽车及核心零部件 within 武进国家高新区.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import Sum

from econwatch.core.stats import round_half_up
from econwatch.demo.calibration import (
    NEV_HITECH_2023,
    OUTPUT_2023,
    QIANYUAN_PER_YI,
    YUAN_PER_YI,
    Published,
    targets,
)
from econwatch.demo.taxonomy import WUJIN_95X, nev_node
from econwatch.monitoring.models import DailyInvoice, MonthlyReport
from econwatch.register.models import ReportingScope, TaxonomyNode, UnitYear


@dataclass(frozen=True)
class Figure:
    """A figure summed from the demo and the published one it should equal."""

    published: Published
    current: int
    base: int
    per_yi: int

    @property
    def value(self) -> Decimal:
        """The level in 亿元, rounded as published."""
        return round_half_up(
            Fraction(self.current, self.per_yi), self.published.value_places
        )

    @property
    def growth_pct(self) -> Decimal:
        """Comparable growth in percent, one decimal."""
        return round_half_up((Fraction(self.current, self.base) - 1) * 100, 1)

    @property
    def matches(self) -> bool:
        """Whether it prints as the published figure."""
        return self.published.reproduced_by(self.current, self.base, self.per_yi)


def _towns(scope_name: str) -> list[str]:
    scope = ReportingScope.objects.get(name=scope_name)
    return list(scope.divisions.values_list("code12", flat=True))


def demo_figures(scale: int = 1) -> list[Figure]:
    """Sum the three calibrated figures from the database.

    Args:
        scale: the demo size's ``scale``: the figures it was calibrated to are
            the published ones times this.
    """
    goal = targets(scale)
    december = MonthlyReport.objects.filter(period="2023-12", is_current=True)
    all_towns = _towns(OUTPUT_2023.scope)
    totals = december.filter(unit__division__in=all_towns).aggregate(
        x=Sum("output_ytd"), b=Sum("output_ytd_base")
    )
    node = TaxonomyNode.objects.get(
        version__taxonomy__code=WUJIN_95X.code,
        version__label=WUJIN_95X.version,
        code=nev_node().code,
    )
    nev = december.filter(
        unit__division__in=_towns(NEV_HITECH_2023.scope), unit__taxonomy_nodes=node
    ).aggregate(x=Sum("output_ytd"), b=Sum("output_ytd_base"))
    above = UnitYear.objects.filter(
        year=2023, above_scale=True, unit__division__in=all_towns
    ).values("unit_id")
    invoices = DailyInvoice.objects.filter(unit_id__in=above)

    def invoiced(year: int) -> int:
        days = (dt.date(year, 1, 1), dt.date(year, 12, 31))
        return int(
            invoices.filter(day__range=days).aggregate(s=Sum("amount"))["s"] or 0
        )

    return [
        Figure(
            goal.output, int(totals["x"] or 0), int(totals["b"] or 0), QIANYUAN_PER_YI
        ),
        Figure(goal.invoices, invoiced(2023), invoiced(2022), YUAN_PER_YI),
        Figure(
            goal.nev_hitech, int(nev["x"] or 0), int(nev["b"] or 0), QIANYUAN_PER_YI
        ),
    ]
