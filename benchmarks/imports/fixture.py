"""The register the import benchmark loads against: 2,700 manufacturing enterprises.

:func:`enterprises` is pure (the same list for the same seed), so that the data
files (``generate.py``) and the register written here name the same enterprises.
Run as a script it writes them into the database the environment points at
(``ECONWATCH_DATABASE_URL`` / ``ECONWATCH_VAR``, already migrated): the units, a
规上 flag for 2023 and 2024 (so the alert rules of the import hooks watch them)
and the 骨干企业 tag for every tenth enterprise.

Usage:
    ECONWATCH_DATABASE_URL=... python benchmarks/imports/fixture.py --units 2700
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from dataclasses import dataclass

from econwatch.core.codes.uscc import ALPHABET, make_uscc

SEED = 4
TOWNS = (
    "320412100000",  # 湖塘镇
    "320412102000",  # 牛塘镇
    "320412103000",  # 洛阳镇
    "320412104000",  # 遥观镇
    "320412105000",  # 横林镇
    "320412106000",  # 横山桥镇
    "320412110000",  # 雪堰镇
    "320412113000",  # 前黄镇
    "320412114000",  # 礼嘉镇
    "320412119000",  # 嘉泽镇
    "320412120000",  # 湟里镇
    "320412400000",  # 武进经济开发区
    "320412411000",  # 高新区
)
INDUSTRIES = {
    "3311": "金属结构",
    "3484": "机械零部件",
    "3824": "电力电子元器件",
    "3670": "汽车零部件",
    "2929": "塑料制品",
    "3130": "钢压延",
    "3399": "金属制品",
    "3841": "锂离子电池",
}
_WORDS = "华宏恒盛泰昌达鑫瑞丰源通力德兴远科创新嘉腾龙宇振凯祥隆"


@dataclass(frozen=True)
class Enterprise:
    """One enterprise of the benchmark register, with the scale of its figures.

    Attributes:
        uscc: 统一社会信用代码 (valid check characters).
        name: 单位名称.
        town: 12-digit division code.
        industry: GB/T 4754 class.
        daily: Typical invoiced sales of a working day, 元.
        monthly: Typical 工业总产值 of a month, 千元.
    """

    uscc: str
    name: str
    town: str
    industry: str
    daily: int
    monthly: int


def _body(k: int) -> str:
    """The organisation-code body ``MA`` + six base-31 characters of ``k``."""
    chars = []
    for _ in range(6):
        k, r = divmod(k, len(ALPHABET))
        chars.append(ALPHABET[r])
    return "MA" + "".join(reversed(chars))


def enterprises(n: int, seed: int = SEED) -> list[Enterprise]:
    """``n`` enterprises with distinct, valid codes; deterministic for ``seed``."""
    rng = random.Random(seed)
    bodies = rng.sample(range(len(ALPHABET) ** 6), n)
    codes = list(INDUSTRIES)
    out = []
    for i, k in enumerate(bodies):
        industry = codes[i % len(codes)]
        words = "".join(rng.choice(_WORDS) for _ in range(2))
        # Lognormal sizes: a few large firms, many small ones (as in a district).
        monthly = max(2_000, int(rng.lognormvariate(9.3, 1.1)))
        out.append(
            Enterprise(
                uscc=make_uscc("9", "1", "320412", _body(k)),
                name=f"常州{words}{INDUSTRIES[industry]}有限公司{i:04d}",
                town=TOWNS[i % len(TOWNS)],
                industry=industry,
                daily=monthly * 1000 // 22,
                monthly=monthly,
            )
        )
    return out


def write(firms: list[Enterprise]) -> None:
    """Write the enterprises, their 规上 years and the backbone tag (Django set up)."""
    from django.db import transaction

    from econwatch.register.models import Tag, Unit, UnitTag, UnitYear

    with transaction.atomic():
        units = Unit.objects.bulk_create(
            Unit(
                kind=Unit.Kind.LEGAL,
                uscc=f.uscc,
                name=f.name,
                division_id=f.town,
                industry_id=f.industry,
                revenue=f.monthly * 12,
                employees=max(20, f.monthly // 100),
            )
            for f in firms
        )
        UnitYear.objects.bulk_create(
            UnitYear(
                unit=u,
                year=year,
                above_scale=True,
                revenue=f.monthly * 12,
                employees=u.employees,
            )
            for u, f in zip(units, firms, strict=True)
            for year in (2023, 2024)
        )
        tag, _ = Tag.objects.get_or_create(
            code="backbone", defaults={"name": "骨干企业"}
        )
        UnitTag.objects.bulk_create(
            UnitTag(unit=u, tag=tag, valid_from=dt.date(2023, 1, 1))
            for u in units[::10]
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=2_700)
    args = parser.parse_args()
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "econwatch.settings")
    django.setup()
    write(enterprises(args.units))


if __name__ == "__main__":
    main()
