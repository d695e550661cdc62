"""国民经济行业分类 GB/T 4754-2017 with 第1号修改单 (2019).

Four levels: 门类 (section, one letter A–T), 大类 (division, 2 digits), 中类 (group,
3 digits) and 小类 (class, 4 digits); 20 / 97 / 473 / 1,382 codes. The census codes
every unit with a 4-digit 小类. The table is ``data/gbt4754_2017.csv`` (provenance in
``data/SOURCES.md``), read on first use.

Codes are accepted as written in the standard's tables and on forms: ``"0111"``,
with the section letter ``"A0111"``, ``"C3670"``, or a whole section ``"C"``. A
section letter that does not match the code (``"B3670"``) is an error, since it
means the person had a different industry in mind.

Name search (:func:`search`) takes Chinese (``"汽车"``), full pinyin
(``"qiche"``) or pinyin initials (``"qczz"``); it lives in
:mod:`econwatch.core.codes.industry_search` and loads ``pypinyin`` on first use.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from econwatch.core.codes.problems import CodeError, CodeProblem
from econwatch.core.codes.resources import read_rows
from econwatch.core.codes.text import compact

__all__ = [
    "CLASS",
    "DIVISION",
    "EXPECTED_COUNTS",
    "GROUP",
    "INDUSTRIAL_SECTIONS",
    "SECTION",
    "Industry",
    "IndustryError",
    "check",
    "children",
    "classes_under",
    "counts",
    "get",
    "industries",
    "is_industrial",
    "is_valid_class",
    "lookup",
    "normalise",
    "parents",
    "search",
    "section_of",
]

SECTION: Final = 1
DIVISION: Final = 2
GROUP: Final = 3
CLASS: Final = 4
LEVEL_NAMES: Final = MappingProxyType({1: "门类", 2: "大类", 3: "中类", 4: "小类"})
EXPECTED_COUNTS: Final = MappingProxyType({1: 20, 2: 97, 3: 473, 4: 1382})
# 采矿业, 制造业, 电力、热力、燃气及水生产和供应业: what statistics calls 工业.
INDUSTRIAL_SECTIONS: Final = frozenset("BCD")

_FILENAME: Final = "gbt4754_2017.csv"
_CODE_FORM: Final = re.compile(r"([A-T])?([0-9]{2,4})?")


@dataclass(frozen=True, slots=True)
class Industry:
    """One entry of GB/T 4754-2017.

    Attributes:
        code: ``"C"``, ``"36"``, ``"361"`` or ``"3611"`` (no section prefix).
        level: 1 门类, 2 大类, 3 中类, 4 小类.
        name: Name as in the standard, e.g. ``"汽柴油车整车制造"``.
        parent: Code one level up; ``None`` for a section.
    """

    code: str
    level: int
    name: str
    parent: str | None

    @property
    def level_name(self) -> str:
        """``"门类"``, ``"大类"``, ``"中类"`` or ``"小类"``."""
        return LEVEL_NAMES[self.level]

    @property
    def label(self) -> str:
        """Code and name for people, e.g. ``"3611 汽柴油车整车制造"``."""
        return f"{self.code} {self.name}"


class IndustryError(CodeError):
    """An industry code is not acceptable; ``problems`` says why."""


@dataclass(frozen=True, slots=True)
class _Table:
    by_code: Mapping[str, Industry]
    children: Mapping[str | None, tuple[Industry, ...]]


@functools.cache
def _table() -> _Table:
    by_code: dict[str, Industry] = {}
    kids: dict[str | None, list[Industry]] = {}
    for row in read_rows(_FILENAME):
        item = Industry(
            code=row["code"],
            level=int(row["level"]),
            name=row["name"],
            parent=row["parent"] or None,
        )
        by_code[item.code] = item
        kids.setdefault(item.parent, []).append(item)
    return _Table(
        by_code=MappingProxyType(by_code),
        children=MappingProxyType({k: tuple(v) for k, v in kids.items()}),
    )


def _section_code(item: Industry) -> str:
    table = _table().by_code
    while item.parent is not None:
        item = table[item.parent]
    return item.code


def check(
    code: str, *, field: str = "industry_code", level: int | None = None
) -> list[CodeProblem]:
    """Report what is wrong with an industry code.

    Args:
        code: The code as entered (``"3611"``, ``"C3611"``, ``"C"`` …).
        field: Field name to put in the problems.
        level: If given, the level the code must have (census forms require
            :data:`CLASS`).

    Returns:
        Problems with codes ``industry-format``, ``industry-unknown``,
        ``industry-section-mismatch`` or ``industry-level``; empty when valid.

    Example:
        >>> [p.code for p in check("B3611")]
        ['industry-section-mismatch']
    """
    value = compact(code)
    match = _CODE_FORM.fullmatch(value)
    if not value or match is None or match.group(0) == "":
        return [
            CodeProblem(
                "industry-format",
                field,
                code,
                f"行业代码“{code}”格式不对：应为门类字母或2–4位数字"
                "（如“3611”或“C3611”）",
            )
        ]
    letter, digits = match.group(1), match.group(2)
    key = digits or letter or ""
    item = _table().by_code.get(key)
    if item is None:
        return [
            CodeProblem(
                "industry-unknown",
                field,
                code,
                f"行业代码“{key}”不在《国民经济行业分类》(GB/T 4754-2017)中，"
                "请按行业名称查找正确代码",
            )
        ]
    problems: list[CodeProblem] = []
    section = _section_code(item)
    if letter and digits and letter != section:
        problems.append(
            CodeProblem(
                "industry-section-mismatch",
                field,
                code,
                f"行业代码“{digits}”（{item.name}）属于门类{section}，"
                f"不属于门类{letter}，请核对门类字母或代码",
            )
        )
    if level is not None and item.level != level:
        problems.append(
            CodeProblem(
                "industry-level",
                field,
                code,
                f"行业代码“{key}”是{item.level_name}（{item.name}），"
                f"此处须填{LEVEL_NAMES[level]}代码，请选到更细的类别",
            )
        )
    return problems


def normalise(code: str, *, level: int | None = None) -> str:
    """Return the bare code (``"C3611"`` → ``"3611"``) or raise.

    Args:
        code: The code as entered.
        level: If given, the level the code must have.

    Returns:
        The code without section prefix.

    Raises:
        IndustryError: The code is malformed, unknown, has the wrong section letter
            or the wrong level.
    """
    problems = check(code, level=level)
    if problems:
        raise IndustryError(problems)
    value = compact(code)
    return value if len(value) == 1 else value.lstrip("ABCDEFGHIJKLMNOPQRST")


def get(code: str) -> Industry:
    """Look an industry up by code.

    Args:
        code: Any accepted form (``"3611"``, ``"C3611"``, ``"C"``).

    Returns:
        The industry.

    Raises:
        IndustryError: The code is malformed, unknown or has the wrong section
            letter.

    Example:
        >>> get("C3611").name
        '汽柴油车整车制造'
    """
    return _table().by_code[normalise(code)]


def lookup(code: str) -> Industry | None:
    """Like :func:`get`, but return ``None`` instead of raising."""
    try:
        return get(code)
    except IndustryError:
        return None


def industries(level: int | None = None) -> list[Industry]:
    """All entries in the standard's order, optionally of one level only.

    Args:
        level: 1–4, or ``None`` for all 1,972 entries.

    Returns:
        The entries.
    """
    items = _table().by_code.values()
    return [i for i in items if level is None or i.level == level]


def counts() -> dict[int, int]:
    """Number of entries per level: ``{1: 20, 2: 97, 3: 473, 4: 1382}``."""
    result = dict.fromkeys(LEVEL_NAMES, 0)
    for item in _table().by_code.values():
        result[item.level] += 1
    return result


def parents(code: str) -> list[Industry]:
    """The entries above a code, nearest first, ending with its section.

    Args:
        code: Any accepted form.

    Returns:
        E.g. for ``"3611"``: 中类 361, 大类 36, 门类 C. Empty for a section.

    Raises:
        IndustryError: The code is not acceptable.
    """
    table = _table().by_code
    item = get(code)
    chain: list[Industry] = []
    while item.parent is not None:
        item = table[item.parent]
        chain.append(item)
    return chain


def children(code: str | None) -> list[Industry]:
    """The entries one level below a code; the 20 sections for ``None``.

    Args:
        code: Any accepted form, or ``None``.

    Returns:
        The children in the standard's order; empty for a 小类.

    Raises:
        IndustryError: The code is not acceptable.
    """
    key = None if code is None else get(code).code
    return list(_table().children.get(key, ()))


def classes_under(code: str) -> list[Industry]:
    """All 4-digit 小类 at or below a code.

    Args:
        code: Any accepted form.

    Returns:
        The classes in the standard's order (the class itself for a 小类).

    Raises:
        IndustryError: The code is not acceptable.
    """
    item = get(code)
    if item.level == CLASS:
        return [item]
    return [leaf for kid in children(item.code) for leaf in classes_under(kid.code)]


def section_of(code: str) -> Industry:
    """The 门类 a code belongs to.

    Raises:
        IndustryError: The code is not acceptable.

    Example:
        >>> section_of("3611").name
        '制造业'
    """
    return _table().by_code[_section_code(get(code))]


def is_valid_class(code: str) -> bool:
    """Whether the code is a 4-digit 小类 of the standard (prefix allowed)."""
    return not check(code, level=CLASS)


def is_industrial(code: str) -> bool:
    """Whether the code is in 工业: sections B 采矿业, C 制造业, D 电力热力燃气及水.

    Raises:
        IndustryError: The code is not acceptable.
    """
    return section_of(code).code in INDUSTRIAL_SECTIONS


def search(query: str, *, level: int | None = None, limit: int = 20) -> list[Industry]:
    """Find industries by name, pinyin, pinyin initials or code prefix.

    Args:
        query: ``"汽车"``, ``"qiche"``, ``"qczz"``, ``"361"`` or ``"C36"``.
        level: Only return entries of this level.
        limit: At most this many results, best first.

    Returns:
        The matches, best first.

    Example:
        >>> "361" in [i.code for i in search("qczz")]
        True
    """
    # Deferred: industry_search imports this module, and pypinyin's dictionary
    # should load on the first search, not when codes are merely checked.
    from econwatch.core.codes import industry_search

    return industry_search.search(query, level=level, limit=limit)
