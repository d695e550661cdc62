"""Tags with validity periods, taxonomies as versioned data, reporting scopes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Q

from econwatch.demo.build import BuildResult
from econwatch.demo.geography import CETDZ_TOWNS
from econwatch.demo.profiles import SMALL
from econwatch.demo.taxonomy import WUJIN_95X
from econwatch.register.models import ReportingScope, TaxonomyNode, Unit, UnitTag

pytestmark = pytest.mark.django_db


def holders(code: str, on: dt.date) -> int:
    return (
        UnitTag.objects.filter(tag__code=code, valid_from__lte=on)
        .filter(Q(valid_to=None) | Q(valid_to__gte=on))
        .count()
    )


def test_new_little_giants_per_batch(demo: BuildResult) -> None:
    for year, count in SMALL.little_giants.items():
        new = UnitTag.objects.filter(tag__code="little-giant", valid_from__year=year)
        assert new.count() == count


def test_hightech_net_increase_2023(demo: BuildResult) -> None:
    end22, end23 = dt.date(2022, 12, 31), dt.date(2023, 12, 31)
    assert holders("hnte", end22) == SMALL.hightech_stock_2022
    net = holders("hnte", end23) - holders("hnte", end22)
    assert net == SMALL.hightech_net_2023
    new = UnitTag.objects.filter(tag__code="hnte", valid_from__year=2023).count()
    expired = UnitTag.objects.filter(
        tag__code="hnte", valid_from__lte=end22, valid_to__year=2023
    ).count()
    assert new - expired == net


def test_backbone_lists_and_tech_smes(demo: BuildResult) -> None:
    for year in (2022, 2023, 2024):
        assert holders("backbone", dt.date(year, 6, 30)) == SMALL.backbone
        assert holders("tech-sme", dt.date(year, 12, 31)) == SMALL.tech_sme[year]
    assert holders("backbone", dt.date(2025, 3, 1)) == SMALL.backbone  # current list


def test_scopes(demo: BuildResult) -> None:
    scopes = {
        s.name: set(s.divisions.values_list("pk", flat=True))
        for s in ReportingScope.objects.all()
    }
    assert len(scopes["全区"]) == 18
    assert scopes["不含经开区"] == scopes["全区"] - set(CETDZ_TOWNS)
    assert scopes["武进国家高新区"] == {"320412411000"}


def test_taxonomy_versions_and_membership(demo: BuildResult) -> None:
    nodes = TaxonomyNode.objects.filter(
        version__taxonomy__code="95x", version__label="2023"
    )
    assert nodes.filter(kind="cluster").count() == 9
    assert set(nodes.filter(kind="card").values_list("name", flat=True)) == {
        "机器人",
        "智电汽车",
        "集成电路",
        "石墨烯",
        "医疗健康",
    }
    assert nodes.filter(kind="cluster", name__contains="示例").count() == 4
    jiangsu = TaxonomyNode.objects.filter(
        version__taxonomy__code="jiangsu", version__label="2018"
    )
    assert jiangsu.count() == 13
    specs = {n.code: n for n in WUJIN_95X.nodes}
    for node in nodes:
        for industry in node.units.values_list("industry_id", flat=True)[:50]:
            assert specs[node.code].covers(industry)
    several = Unit.objects.filter(taxonomy_nodes__version__label="2023").values("id")
    assert several.count() > several.distinct().count()  # some units in several nodes
