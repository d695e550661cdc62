"""登记注册统计类别 (2023) and the crosswalk from market-registration types.

《关于市场主体统计分类的划分规定》 (国家统计局、国家市场监督管理总局, 2023;
国统字〔2023〕14号) replaces the 2011 登记注册类型 codes (110 国有, 171 私营独资 …).
It defines a 3-level list (``data/market_entity_stat_category_2023.csv``); only the
23 leaf codes (``111``…``900``) are values a form accepts.

Its attached table maps the 4-digit 登记注册类型 of the market regulator's register
(``1110`` 有限责任公司(国有独资) … ``9500`` 个体工商户) to a statistical category
(``data/registration_type_to_stat_category_2023.csv``). Header rows of that table
(``1100`` 有限责任公司 …) group more specific types and map to nothing: a unit must
carry one of the specific types. Category names are always taken from the
category list, since the crosswalk prints some brackets half-width.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from econwatch.core.codes.problems import CodeError, CodeProblem
from econwatch.core.codes.resources import read_rows
from econwatch.core.codes.text import compact

__all__ = [
    "RegistrationError",
    "RegistrationType",
    "StatCategory",
    "categories",
    "category_for_registration_type",
    "check_category",
    "check_registration_type",
    "get_category",
    "get_registration_type",
    "is_valid_category",
    "leaf_categories",
    "registration_types",
]

_CATEGORIES: Final = "market_entity_stat_category_2023.csv"
_CROSSWALK: Final = "registration_type_to_stat_category_2023.csv"


@dataclass(frozen=True, slots=True)
class StatCategory:
    """One 登记注册统计类别.

    Attributes:
        code: 3-digit code, e.g. ``"112"``.
        level: 1, 2 or 3.
        name: e.g. ``"私营有限责任公司"``.
        parent: Code one level up; ``None`` at level 1.
        is_leaf: Whether forms accept this code.
    """

    code: str
    level: int
    name: str
    parent: str | None
    is_leaf: bool


@dataclass(frozen=True, slots=True)
class RegistrationType:
    """One 4-digit 市场主体登记注册类型 and its statistical category.

    Attributes:
        code: 4-digit code, e.g. ``"1130"``.
        name: Name as printed in the crosswalk.
        stat_category: Code of the category it maps to; ``None`` for header rows.
    """

    code: str
    name: str
    stat_category: str | None


class RegistrationError(CodeError):
    """A category or registration-type code is not acceptable; see ``problems``."""


@dataclass(frozen=True, slots=True)
class _Tables:
    categories: Mapping[str, StatCategory]
    types: Mapping[str, RegistrationType]


@functools.cache
def _tables() -> _Tables:
    rows = read_rows(_CATEGORIES)
    parents = {r["parent"] for r in rows if r["parent"]}
    cats = {
        r["code"]: StatCategory(
            code=r["code"],
            level=int(r["level"]),
            name=r["name"],
            parent=r["parent"] or None,
            is_leaf=r["code"] not in parents,
        )
        for r in rows
    }
    types = {
        r["reg_type_code"]: RegistrationType(
            code=r["reg_type_code"],
            name=r["reg_type_name"],
            stat_category=r["stat_category_code"] or None,
        )
        for r in read_rows(_CROSSWALK)
    }
    return _Tables(MappingProxyType(cats), MappingProxyType(types))


def categories(level: int | None = None) -> list[StatCategory]:
    """All 29 categories in the list's order, optionally of one level."""
    return [
        c for c in _tables().categories.values() if level is None or c.level == level
    ]


def leaf_categories() -> list[StatCategory]:
    """The 23 categories that forms accept."""
    return [c for c in _tables().categories.values() if c.is_leaf]


def _leaf_list() -> str:
    return "、".join(f"{c.code}{c.name}" for c in leaf_categories())


def check_category(code: str, *, field: str = "stat_category") -> list[CodeProblem]:
    """Report what is wrong with a 登记注册统计类别 entered on a form.

    Args:
        code: The 3-digit code as entered.
        field: Field name to put in the problems.

    Returns:
        Problems coded ``registration-category-format``,
        ``registration-category-unknown`` or ``registration-category-not-leaf``.

    Example:
        >>> [p.code for p in check_category("110")]
        ['registration-category-not-leaf']
    """
    value = compact(code)
    if len(value) != 3 or not (value.isascii() and value.isdigit()):
        return [
            CodeProblem(
                "registration-category-format",
                field,
                code,
                f"登记注册统计类别“{code}”应为3位数字，如112（私营有限责任公司）",
            )
        ]
    found = _tables().categories.get(value)
    if found is None:
        return [
            CodeProblem(
                "registration-category-unknown",
                field,
                code,
                f"登记注册统计类别“{value}”不在2023年《关于市场主体统计分类的"
                f"划分规定》中，应为以下之一：{_leaf_list()}",
            )
        ]
    if not found.is_leaf:
        kids = [c for c in leaf_categories() if _is_under(c, value)]
        listed = "、".join(f"{c.code}{c.name}" for c in kids)
        return [
            CodeProblem(
                "registration-category-not-leaf",
                field,
                code,
                f"“{value}{found.name}”是汇总类别，请选其下的具体类别：{listed}",
            )
        ]
    return []


def _is_under(category: StatCategory, ancestor: str) -> bool:
    table = _tables().categories
    parent = category.parent
    while parent is not None:
        if parent == ancestor:
            return True
        parent = table[parent].parent
    return False


def get_category(code: str) -> StatCategory:
    """Look a category up by its 3-digit code (leaf or not).

    Raises:
        RegistrationError: The code is malformed or unknown.
    """
    problems = [
        p for p in check_category(code) if p.code != "registration-category-not-leaf"
    ]
    if problems:
        raise RegistrationError(problems)
    return _tables().categories[compact(code)]


def is_valid_category(code: str) -> bool:
    """Whether a form may carry this code (a known leaf category)."""
    return not check_category(code)


def registration_types() -> list[RegistrationType]:
    """All 172 rows of the crosswalk, in its order (header rows included)."""
    return list(_tables().types.values())


def check_registration_type(
    code: str, *, field: str = "registration_type"
) -> list[CodeProblem]:
    """Report what is wrong with a 4-digit 登记注册类型 from a register extract.

    Args:
        code: The code as found.
        field: Field name to put in the problems.

    Returns:
        Problems coded ``registration-type-format``, ``registration-type-unknown``
        or ``registration-type-not-leaf``; empty when it maps to a category.
    """
    return _crosswalk(code, field)[1]


def _crosswalk(code: str, field: str) -> tuple[StatCategory | None, list[CodeProblem]]:
    value = compact(code)
    if len(value) != 4 or not (value.isascii() and value.isdigit()):
        return None, [
            CodeProblem(
                "registration-type-format",
                field,
                code,
                f"登记注册类型“{code}”应为4位数字，如1130（有限责任公司(自然人投资或控股)）",
            )
        ]
    found = _tables().types.get(value)
    if found is None:
        return None, [
            CodeProblem(
                "registration-type-unknown",
                field,
                code,
                f"登记注册类型“{value}”不在市场主体登记注册类型与统计类别对照表中，"
                "请核对市场监管登记信息",
            )
        ]
    if found.stat_category is None:
        stem = value.rstrip("0")
        kids = [
            t
            for t in _tables().types.values()
            if t.stat_category and t.code.startswith(stem) and t.code != value
        ]
        listed = "、".join(f"{t.code}{t.name}" for t in kids[:6])
        more = "等" if len(kids) > 6 else ""
        return None, [
            CodeProblem(
                "registration-type-not-leaf",
                field,
                code,
                f"登记注册类型“{value}{found.name}”是汇总类型，没有对应的统计类别；"
                f"请填具体类型，如{listed}{more}",
            )
        ]
    return _tables().categories[found.stat_category], []


def get_registration_type(code4: str) -> RegistrationType:
    """Look a 4-digit registration type up (header rows included).

    Raises:
        RegistrationError: The code is malformed or unknown.
    """
    problems = [
        p
        for p in check_registration_type(code4)
        if p.code != "registration-type-not-leaf"
    ]
    if problems:
        raise RegistrationError(problems)
    return _tables().types[compact(code4)]


def category_for_registration_type(code4: str) -> StatCategory:
    """The 2023 statistical category of a 4-digit market-registration type.

    Args:
        code4: e.g. ``"1130"`` 有限责任公司(自然人投资或控股).

    Returns:
        The leaf category, e.g. ``112`` 私营有限责任公司.

    Raises:
        RegistrationError: The code is malformed, unknown or a header row.

    Example:
        >>> category_for_registration_type("9500").name
        '个体工商户'
    """
    category, problems = _crosswalk(code4, "registration_type")
    if category is None:
        raise RegistrationError(problems)
    return category
