"""A register that looks like a real district's, for the README screenshot.

About eighty invented units spread over 武进's towns with a plausible industry
mix (auto parts, cables, photovoltaics, medical devices, machinery, shops and
restaurants). The names are made up from neutral word stems; any likeness to a
real enterprise is accidental. Deterministic: no randomness.
"""

from __future__ import annotations

import datetime

from econwatch.accounts.models import SiteSetting
from econwatch.register.models import Tag, Unit, UnitTag, UnitYear
from tests.register.factories import unit, uscc

STEMS = (
    "恒锐", "嘉诚", "泓远", "瑞丰", "宏泰", "晟达", "鼎盛", "华展", "博远", "和信",
    "永嘉", "科瑞", "联创", "盛邦", "凯普", "明远", "德润", "昊天", "中研", "金澄",
)  # fmt: skip
FIRMS = (
    ("汽车零部件", "3670"),
    ("电缆", "3831"),
    ("光伏科技", "3825"),
    ("医疗器械", "3581"),
    ("精密机械", "3484"),
    ("新材料", "2651"),
    ("电力设备", "3824"),
    ("金属制品", "3311"),
    ("紧固件", "3482"),
    ("半导体设备", "3562"),
)
TOWNS = (
    "320412100000",  # 湖塘镇
    "320412411000",  # 高新区
    "320412400000",  # 武进经济开发区
    "320412102000",  # 牛塘镇
    "320412103000",  # 洛阳镇
    "320412104000",  # 遥观镇
    "320412105000",  # 横林镇
    "320412113000",  # 前黄镇
    "320412114000",  # 礼嘉镇
    "320412110000",  # 雪堰镇
)
SHOPS = (
    ("便利店", "5213"),
    ("五金店", "5281"),
    ("饭店", "6210"),
    ("快餐店", "6220"),
    ("货运部", "5431"),
)
OWNERS = "陈王李张刘周吴徐孙朱"


def _firm(i: int, stem: str) -> Unit:
    kind, code = FIRMS[(i * 3 + i // len(STEMS)) % len(FIRMS)]
    prefix = ("江苏", "常州", "常州市武进区")[i % 3]
    form = "股份有限公司" if i % 7 == 0 else "有限公司"
    size = "1" if i % 13 == 0 else "2" if i % 4 == 0 else "3" if i % 3 else "4"
    return unit(
        f"{prefix}{stem}{kind}{form}",
        TOWNS[i % len(TOWNS)],
        code=uscc(5000 + i),
        industry=code,
        size=size,
        employees=40 + (i * 37) % 900,
        revenue=30000 + (i * 7919) % 900000,
        founded=datetime.date(2003 + i % 18, 1 + i % 12, 1 + i % 27),
    )


def _shop(i: int) -> Unit:
    shop, code = SHOPS[i % len(SHOPS)]
    town = TOWNS[(i * 3 + 1) % len(TOWNS)]
    owner = OWNERS[i % len(OWNERS)]
    return unit(
        f"武进区{_town_name(town)}{owner}记{shop}",
        town,
        kind="individual",
        code=uscc(7000 + i, individual=True),
        industry=code,
        size="4",
        operator_name=f"{owner}{'建国明华志强秀英'[i % 8]}",
    )


def build() -> list[Unit]:
    """Insert the showcase register and mark the site as showing 示例数据."""
    SiteSetting.objects.update_or_create(key="demo", defaults={"value": "1"})
    hnte = Tag.objects.get_or_create(code="hnte", name="高新技术企业")[0]
    giant = Tag.objects.get_or_create(code="little-giant", name="专精特新“小巨人”")[0]
    made: list[Unit] = []
    firms: list[Unit] = []
    shops = 0
    for i, stem in enumerate(STEMS * 3):
        if i >= 56:
            break
        firm = _firm(i, stem)
        firms.append(firm)
        made.append(firm)
        if i % 5 == 2:  # interleave, as units arrive in the register
            made.append(_shop(shops))
            shops += 1
        if i % 14 == 3:  # a branch in another town
            made.append(
                unit(
                    f"{firm.name}{_town_name(TOWNS[(i + 4) % len(TOWNS)])}分厂",
                    TOWNS[(i + 4) % len(TOWNS)],
                    kind="activity",
                    industry=firm.industry_id,
                    size="",
                    legal_unit=firm,
                )
            )
    for i, firm in enumerate(firms):
        if i % 3 == 0:
            UnitTag.objects.create(
                unit=firm, tag=hnte, valid_from=datetime.date(2021 + i % 3, 12, 1)
            )
        if i % 11 == 0:
            UnitTag.objects.create(
                unit=firm, tag=giant, valid_from=datetime.date(2022, 7, 1)
            )
        # Medium and large firms, and some small ones, are 规上 (never a 微型).
        if firm.size_class in ("1", "2") or (firm.size_class == "3" and i % 2):
            UnitYear.objects.create(
                unit=firm, year=2023, above_scale=True, revenue=firm.revenue
            )
    return made


def _town_name(code12: str) -> str:
    from econwatch.core.codes import divisions

    return divisions.get(code12).name
