"""Small hand-made register data for the register, accounts and browser tests.

Plain functions (not fixtures) so that both pytest fixtures and the browser
tests' live-server setup can call them. Codes are built with the real check
characters, names and places look like 武进's, and nothing depends on the demo
generator.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User

from econwatch.accounts.services import create_user
from econwatch.core.codes.uscc import ALPHABET, make_uscc
from econwatch.register.models import (
    Tag,
    Taxonomy,
    TaxonomyNode,
    TaxonomyVersion,
    Unit,
    UnitName,
    UnitTag,
    UnitYear,
)

HUTANG = "320412100000"  # 湖塘镇
NIUTANG = "320412102000"  # 牛塘镇
HIGHTECH = "320412411000"  # 高新区
PASSWORD = "Test-pass-2024"


def uscc(n: int, *, individual: bool = False) -> str:
    """A valid USCC registered in 武进 (``92…`` for an individual business).

    The body looks like the ``MA1…`` codes issued since 2015; distinct ``n``
    give distinct codes (multiplying by a unit modulo 31**5 is a bijection).
    """
    value, body = (n * 104729 + 7) % 31**5, ""
    for _ in range(5):
        value, digit = divmod(value, 31)
        body += ALPHABET[digit]
    return make_uscc("9", "2" if individual else "1", "320412", "MA1" + body)


def unit(
    name: str,
    division: str = HUTANG,
    *,
    kind: str = "legal",
    code: str | None = None,
    industry: str | None = "3670",
    size: str = "3",
    **extra: object,
) -> Unit:
    """Insert a unit directly (as an import would), with its first name record."""
    made = Unit.objects.create(
        kind=kind,
        name=name,
        uscc=code,
        division_id=division,
        industry_id=industry,
        size_class=size,
        **extra,
    )
    UnitName.objects.create(unit=made, name=name, valid_from=datetime.date(2015, 3, 1))
    return made


def users() -> dict[str, User]:
    """One user per kind of view: admin, analyst, two town officers, a leader."""
    return {
        "admin": create_user("admin", PASSWORD, "admin", full_name="系统管理员"),
        "analyst": create_user("analyst", PASSWORD, "analyst", full_name="张统计"),
        "hutang": create_user(
            "hutang", PASSWORD, "town_officer", full_name="李湖塘", division_code=HUTANG
        ),
        "niutang": create_user(
            "niutang",
            PASSWORD,
            "town_officer",
            full_name="王牛塘",
            division_code=NIUTANG,
        ),
        "leader": create_user("leader", PASSWORD, "leader", full_name="陈领导"),
    }


def register() -> dict[str, Unit]:
    """A few units in two towns, with tags, years, a cluster and a branch."""
    units = {
        "gear": unit(
            "常州恒立精工齿轮有限公司",
            code=uscc(101),
            employees=320,
            revenue=260000,
            size="2",
            address="湖塘镇长虹路88号",
            reg_category_id="112",
        ),
        "cable": unit(
            "江苏华泰电缆有限公司",
            NIUTANG,
            code=uscc(102),
            industry="3831",
            employees=85,
            revenue=52000,
        ),
        "pharma": unit(
            "常州康源医疗器械有限公司",
            HIGHTECH,
            code=uscc(103),
            industry="3581",
            size="3",
        ),
        "shop": unit(
            "武进区湖塘镇阿明五金店",
            kind="individual",
            code=uscc(104, individual=True),
            industry="5281",
            size="4",
            operator_name="周明",
        ),
    }
    units["branch"] = unit(
        "常州恒立精工齿轮有限公司牛塘分厂",
        NIUTANG,
        kind="activity",
        legal_unit=units["gear"],
    )
    tag = Tag.objects.create(code="hnte", name="高新技术企业")
    Tag.objects.create(code="little-giant", name="专精特新“小巨人”")
    UnitTag.objects.create(
        unit=units["gear"], tag=tag, valid_from=datetime.date(2022, 12, 1)
    )
    UnitYear.objects.create(
        unit=units["gear"], year=2023, above_scale=True, revenue=250000, employees=310
    )
    UnitYear.objects.create(
        unit=units["cable"], year=2023, above_scale=True, revenue=48000, employees=80
    )
    taxonomy = Taxonomy.objects.create(code="95x", name="武进95X产业体系")
    version = TaxonomyVersion.objects.create(
        taxonomy=taxonomy, label="2023版", valid_from=datetime.date(2023, 1, 1)
    )
    node = TaxonomyNode.objects.create(
        version=version, code="NEV", name="新能源汽车及核心零部件"
    )
    node.units.add(units["gear"])
    return units
