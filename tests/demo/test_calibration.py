"""The published 2023 figures come out of plain sums over the generated records."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pytest
from django.db.models import Sum

from econwatch.demo.build import BuildResult
from econwatch.demo.firms import month_index
from econwatch.monitoring.models import DailyInvoice, MonthlyReport
from econwatch.register.models import ReportingScope, TaxonomyNode, UnitYear

from .conftest import SIZES_AND_SEEDS, series

pytestmark = pytest.mark.django_db


def rounded(value: Fraction, places: int) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def level_and_growth(
    current: int, base: int, per_yi: int, places: int
) -> tuple[str, str]:
    return (
        str(rounded(Fraction(current, per_yi), places)),
        str(rounded((Fraction(current, base) - 1) * 100, 1)),
    )


def towns(name: str) -> list[str]:
    return list(
        ReportingScope.objects.get(name=name).divisions.values_list("pk", flat=True)
    )


def test_output_2023_is_the_published_figure(demo: BuildResult) -> None:
    sums = MonthlyReport.objects.filter(
        period="2023-12", is_current=True, unit__division__in=towns("全区")
    ).aggregate(x=Sum("output_ytd"), b=Sum("output_ytd_base"))
    assert level_and_growth(sums["x"], sums["b"], 100_000, 1) == ("3984.7", "14.2")


def test_invoices_2023_are_the_published_figure(demo: BuildResult) -> None:
    above = UnitYear.objects.filter(
        year=2023, above_scale=True, unit__division__in=towns("全区")
    ).values("unit_id")
    rows = DailyInvoice.objects.filter(unit_id__in=above)
    current = rows.filter(day__year=2023).aggregate(s=Sum("amount"))["s"]
    base = rows.filter(day__year=2022).aggregate(s=Sum("amount"))["s"]
    assert level_and_growth(current, base, 100_000_000, 2) == ("5064.14", "19.0")


def test_nev_cluster_in_hitech_zone_is_the_published_figure(demo: BuildResult) -> None:
    node = TaxonomyNode.objects.get(
        version__taxonomy__code="95x",
        version__label="2023",
        name="新能源汽车及核心零部件",
    )
    sums = MonthlyReport.objects.filter(
        period="2023-12",
        is_current=True,
        unit__division__in=towns("武进国家高新区"),
        unit__taxonomy_nodes=node,
    ).aggregate(x=Sum("output_ytd"), b=Sum("output_ytd_base"))
    assert level_and_growth(sums["x"], sums["b"], 100_000, 1) == ("1215.6", "159.5")


def test_rest_of_district_declines_and_growth_is_dispersed(demo: BuildResult) -> None:
    rows = list(
        MonthlyReport.objects.filter(period="2023-12", is_current=True).values_list(
            "output_ytd", "output_ytd_base"
        )
    )
    up = sum(1 for x, b in rows if x > b)
    down = sum(1 for x, b in rows if x < b)
    assert up > 0 and down > 0


@pytest.mark.parametrize(("size", "seed"), SIZES_AND_SEEDS)
def test_every_size_calibrates(size: str, seed: int) -> None:
    """The same sums over the in-memory series of each size (no database)."""
    s = series(size, seed)
    firms, monthly, daily = s.firms, s.monthly, s.daily
    in23 = firms.above_in(2023)
    y23 = slice(month_index(2023, 1), month_index(2023, 12) + 1)
    x, b = monthly.output[:, y23].sum(axis=1), monthly.base[:, y23].sum(axis=1)
    assert level_and_growth(int(x[in23].sum()), int(b[in23].sum()), 100_000, 1) == (
        "3984.7",
        "14.2",
    )
    g1 = firms.nev_hitech_2023
    assert level_and_growth(int(x[g1].sum()), int(b[g1].sum()), 100_000, 1) == (
        "1215.6",
        "159.5",
    )
    day = s.calendar.index
    i22 = slice(day(dt.date(2022, 1, 1)), day(dt.date(2023, 1, 1)))
    i23 = slice(day(dt.date(2023, 1, 1)), day(dt.date(2024, 1, 1)))
    inv = daily.invoices
    assert level_and_growth(
        int(inv[in23, i23].sum()), int(inv[in23, i22].sum()), 100_000_000, 2
    ) == ("5064.14", "19.0")
    # 2024 is a plausible growth year, measured the same way.
    y24 = slice(month_index(2024, 1), month_index(2024, 12) + 1)
    in24 = firms.above_in(2024)
    growth24 = monthly.output[in24, y24].sum() / monthly.base[in24, y24].sum() - 1
    assert 0.03 < growth24 < 0.12
    assert np.all(monthly.output >= 0)
