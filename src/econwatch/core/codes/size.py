"""统计上大中小微型企业划分办法（2017） (国统字〔2017〕213号).

Size class of an enterprise (大型 1 / 中型 2 / 小型 3 / 微型 4, the codes of the
census form's 单位规模 item) from its industry and 从业人员 (persons), 营业收入
(万元) and, for some industries, 资产总额 (万元).

Rule (附表 说明 1): 大型, 中型 and 小型 must reach the lower bound of *every* indicator
listed for the industry, otherwise the unit drops a class; 微型 needs only one
indicator below the 小型 bound. So the class is the highest of 大/中/小 whose lower
bounds all hold, else 微型.

Industry groups (附表 说明 2; the 办法 defines them on GB/T 4754-2017):

* 农、林、牧、渔业 = section A; 工业 = B, C, D; 建筑业 = E; 批发业 = 51; 零售业 = 52;
* 交通运输业 = 54–58 and 591 装卸搬运 (“多式联运和运输代理业、装卸搬运”),
  **not** 53 铁路运输业; 仓储业 = 592–599; 邮政业 = 60; 住宿业 = 61; 餐饮业 = 62;
* 信息传输业 = 63, 64; 软件和信息技术服务业 = 65;
* 房地产开发经营 = 7010; 物业管理 = 702; 租赁和商务服务业 = L;
* 其他未列明行业 = M, N, O, R, 85 社会工作, 703 房地产中介服务, 709 其他房地产业;
  not 704 房地产租赁经营 (the 2011 standard's 自有房地产经营活动).

Out of scope of the 办法 (第三条 lists 15 sections plus 社会工作): J 金融业, 53, 704,
P 教育, 84 卫生, S, T; :func:`classify_size` raises ``size-industry-out-of-scope``.

Source: the 办法 and its 附表 as published by 国家统计局 (统计标准, 2017-12-28). The
official page could not be reached from here; the thresholds were checked against
independent public transcriptions of the 附表, which agree with each other (e.g.
http://www.czzczb.com/html/ns/zxfw/281705.html , https://kubaishu.com/life/202393.html ,
http://sichuanhong.com/content/202511/2630471_2.html). The group definitions follow the
附表's notes as quoted in a public script (search-index file id 31399718433); the
exact wording for 仓储业 (“通用仓储，低温仓储，危险品仓储，谷物、棉花等农产品
仓储，中药材仓储和其他仓储业”) could not be checked against the official PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum, StrEnum
from types import MappingProxyType
from typing import Final

from econwatch.core.codes import industry
from econwatch.core.codes.problems import CodeError, CodeProblem

__all__ = [
    "GROUPS",
    "Indicator",
    "SizeClass",
    "SizeError",
    "SizeGroup",
    "Threshold",
    "check_size",
    "classify_size",
    "size_group_for",
]

Number = int | float | Decimal


class SizeClass(IntEnum):
    """Size class; the value is the code used on census forms."""

    LARGE = 1
    MEDIUM = 2
    SMALL = 3
    MICRO = 4

    @property
    def label(self) -> str:
        """``"大型"``, ``"中型"``, ``"小型"`` or ``"微型"``."""
        return ("大型", "中型", "小型", "微型")[self.value - 1]


class Indicator(StrEnum):
    """Indicators the 办法 uses; the value is the keyword of :func:`classify_size`."""

    EMPLOYEES = "employees"
    REVENUE = "revenue"
    ASSETS = "assets"

    @property
    def label(self) -> str:
        """Name and unit, e.g. ``"营业收入（万元）"``."""
        return {
            "employees": "从业人员（人）",
            "revenue": "营业收入（万元）",
            "assets": "资产总额（万元）",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Threshold:
    """Lower bounds of one indicator for 大型, 中型 and 小型."""

    indicator: Indicator
    large: int
    medium: int
    small: int

    def lower_bound(self, size: SizeClass) -> int:
        """The bound a value must reach for ``size`` (0 for 微型)."""
        return {
            SizeClass.LARGE: self.large,
            SizeClass.MEDIUM: self.medium,
            SizeClass.SMALL: self.small,
            SizeClass.MICRO: 0,
        }[size]


@dataclass(frozen=True, slots=True)
class SizeGroup:
    """One row group of the 附表: an industry group and its thresholds.

    Attributes:
        key: Stable identifier, e.g. ``"industry"``.
        name: Name in the 附表, e.g. ``"工业"``.
        thresholds: One per indicator the group uses.
    """

    key: str
    name: str
    thresholds: tuple[Threshold, ...]

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """The indicators a unit of this group must report."""
        return tuple(t.indicator for t in self.thresholds)


def _group(key: str, name: str, *bounds: tuple[Indicator, int, int, int]) -> SizeGroup:
    return SizeGroup(key, name, tuple(Threshold(*b) for b in bounds))


_X, _Y, _Z = Indicator.EMPLOYEES, Indicator.REVENUE, Indicator.ASSETS

GROUPS: Final = MappingProxyType(
    {
        g.key: g
        for g in (
            _group("agriculture", "农、林、牧、渔业", (_Y, 20000, 500, 50)),
            _group("industry", "工业", (_X, 1000, 300, 20), (_Y, 40000, 2000, 300)),
            _group(
                "construction", "建筑业", (_Y, 80000, 6000, 300), (_Z, 80000, 5000, 300)
            ),
            _group("wholesale", "批发业", (_X, 200, 20, 5), (_Y, 40000, 5000, 1000)),
            _group("retail", "零售业", (_X, 300, 50, 10), (_Y, 20000, 500, 100)),
            _group(
                "transport", "交通运输业", (_X, 1000, 300, 20), (_Y, 30000, 3000, 200)
            ),
            _group("warehousing", "仓储业", (_X, 200, 100, 20), (_Y, 30000, 1000, 100)),
            _group("postal", "邮政业", (_X, 1000, 300, 20), (_Y, 30000, 2000, 100)),
            _group(
                "accommodation", "住宿业", (_X, 300, 100, 10), (_Y, 10000, 2000, 100)
            ),
            _group("catering", "餐饮业", (_X, 300, 100, 10), (_Y, 10000, 2000, 100)),
            _group(
                "telecom", "信息传输业", (_X, 2000, 100, 10), (_Y, 100000, 1000, 100)
            ),
            _group(
                "software",
                "软件和信息技术服务业",
                (_X, 300, 100, 10),
                (_Y, 10000, 1000, 50),
            ),
            _group(
                "real_estate_development",
                "房地产开发经营",
                (_Y, 200000, 1000, 100),
                (_Z, 10000, 5000, 2000),
            ),
            _group(
                "property_management",
                "物业管理",
                (_X, 1000, 300, 100),
                (_Y, 5000, 1000, 500),
            ),
            _group(
                "leasing_business",
                "租赁和商务服务业",
                (_X, 300, 100, 10),
                (_Z, 120000, 8000, 100),
            ),
            _group("other", "其他未列明行业", (_X, 300, 100, 10)),
        )
    }
)

# Keys are class, group, division or section codes; for a class, the most specific
# key present wins (see _group_key_of_class). ``None`` = outside the 办法.
_SCOPE: Final[tuple[tuple[str, str | None], ...]] = (
    ("7010", "real_estate_development"),
    ("702", "property_management"),
    ("703", "other"),
    ("709", "other"),
    ("704", None),
    ("591", "transport"),
    *((g, "warehousing") for g in ("592", "593", "594", "595", "596", "599")),
    ("51", "wholesale"),
    ("52", "retail"),
    ("53", None),
    *((d, "transport") for d in ("54", "55", "56", "57", "58")),
    ("60", "postal"),
    ("61", "accommodation"),
    ("62", "catering"),
    ("63", "telecom"),
    ("64", "telecom"),
    ("65", "software"),
    ("84", None),
    ("85", "other"),
    ("A", "agriculture"),
    *((s, "industry") for s in "BCD"),
    ("E", "construction"),
    ("L", "leasing_business"),
    *((s, "other") for s in "MNOR"),
)


class SizeError(CodeError):
    """The size class cannot be determined; ``problems`` says why."""


_SCOPE_BY_CODE: Final = dict(_SCOPE)


def _group_key_of_class(code: str, section: str) -> str | None:
    for key in (code, code[:3], code[:2], section):
        if key in _SCOPE_BY_CODE:
            return _SCOPE_BY_CODE[key]
    return None


def size_group_for(industry_code: str) -> SizeGroup | None:
    """The 附表 group of an industry, or ``None`` if the 办法 does not cover it.

    A code above class level (``"C"``, ``"36"``) is accepted when all its classes
    fall in one group.

    Args:
        industry_code: GB/T 4754-2017 code in any accepted form.

    Returns:
        The group, or ``None`` when out of scope.

    Raises:
        SizeError: The code is not acceptable (the ``industry-*`` problems of
            :func:`industry.check`), or its classes fall in more than one group
            (``size-industry-ambiguous``).
    """
    try:
        leaves = industry.classes_under(industry_code)
    except industry.IndustryError as error:
        raise SizeError(error.problems) from error
    section = industry.section_of(industry_code).code
    keys = {_group_key_of_class(leaf.code, section) for leaf in leaves}
    if len(keys) > 1:
        names = "、".join(sorted(GROUPS[k].name if k else "不划型" for k in keys))
        raise SizeError(
            [
                CodeProblem(
                    "size-industry-ambiguous",
                    "industry_code",
                    industry_code,
                    f"行业代码“{industry_code}”跨多个划型行业（{names}），"
                    "请填写到能确定划型行业的代码（通常为4位小类）",
                )
            ]
        )
    key = keys.pop()
    return None if key is None else GROUPS[key]


def check_size(
    industry_code: str,
    *,
    employees: Number | None = None,
    revenue: Number | None = None,
    assets: Number | None = None,
) -> list[CodeProblem]:
    """Report every reason the size class cannot be determined.

    Args:
        industry_code: GB/T 4754-2017 code.
        employees: 从业人员 (persons).
        revenue: 营业收入 (万元).
        assets: 资产总额 (万元).

    Returns:
        Problems coded ``industry-*`` (bad code), ``size-industry-ambiguous``,
        ``size-industry-out-of-scope``, ``size-indicator-missing`` or
        ``size-indicator-negative``; empty when :func:`classify_size` will succeed.
    """
    try:
        group = size_group_for(industry_code)
    except SizeError as error:
        return error.problems
    if group is None:
        return [
            CodeProblem(
                "size-industry-out-of-scope",
                "industry_code",
                industry_code,
                f"行业“{industry.get(industry_code).label}”不在《统计上大中小微型企业"
                "划分办法（2017）》范围内（如金融业、铁路运输、教育、卫生、公共管理），"
                "不划分企业规模",
            )
        ]
    given = {_X: employees, _Y: revenue, _Z: assets}
    problems: list[CodeProblem] = []
    for indicator in group.indicators:
        value = given[indicator]
        if value is None:
            problems.append(
                CodeProblem(
                    "size-indicator-missing",
                    indicator.value,
                    "",
                    f"{group.name}划分规模需要{indicator.label}，请填写",
                )
            )
        elif value < 0:
            problems.append(
                CodeProblem(
                    "size-indicator-negative",
                    indicator.value,
                    str(value),
                    f"{indicator.label}不能为负数（填写的是{value}），请核对",
                )
            )
    return problems


def classify_size(
    industry_code: str,
    *,
    employees: Number | None = None,
    revenue: Number | None = None,
    assets: Number | None = None,
) -> SizeClass:
    """Size class of an enterprise under the 2017 办法.

    Only the indicators of the industry's group are used; others may be given
    and are ignored.

    Args:
        industry_code: GB/T 4754-2017 code, e.g. ``"C3670"`` or ``"5211"``.
        employees: 从业人员 (persons).
        revenue: 营业收入 (万元).
        assets: 资产总额 (万元).

    Returns:
        The size class; ``int(result)`` is the form code 1–4.

    Raises:
        SizeError: With every problem of :func:`check_size`.

    Example:
        >>> classify_size("C3670", employees=300, revenue=2000).label
        '中型'
        >>> classify_size("C3670", employees=1200, revenue=1999).label
        '小型'
    """
    problems = check_size(
        industry_code, employees=employees, revenue=revenue, assets=assets
    )
    group = None if problems else size_group_for(industry_code)
    if group is None:
        raise SizeError(problems)
    given = {_X: employees, _Y: revenue, _Z: assets}
    for size in (SizeClass.LARGE, SizeClass.MEDIUM, SizeClass.SMALL):
        if all(
            _reaches(given[t.indicator], t.lower_bound(size)) for t in group.thresholds
        ):
            return size
    return SizeClass.MICRO


def _reaches(value: Number | None, bound: int) -> bool:
    return value is not None and value >= bound
