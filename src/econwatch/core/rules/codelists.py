"""Code lists that rules can name: ``industry in codelist("gbt4754_class")``.

The values come from the code-list tables shipped with ``econwatch.core.codes``
(its ``data/`` CSV files). A different source can be plugged in with
:func:`set_codelist_source`, e.g. lists kept in the database by an admin screen.
Nothing is read at import time; each list is read once, on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from econwatch.core.codes.resources import read_rows


@dataclass(frozen=True)
class CodelistInfo:
    """A code list that rules may use.

    Attributes:
        name: the name used in ``codelist("...")``.
        description: what the codes are, in Chinese.
        load: returns the valid codes.
    """

    name: str
    description: str
    load: Callable[[], frozenset[str]]


def _column(filename: str, column: str, **where: str) -> Callable[[], frozenset[str]]:
    def load() -> frozenset[str]:
        return frozenset(
            row[column]
            for row in read_rows(filename)
            if row[column] and all(row[k] == v for k, v in where.items())
        )

    return load


def _leaves(filename: str) -> Callable[[], frozenset[str]]:
    def load() -> frozenset[str]:
        rows = read_rows(filename)
        parents = {row["parent"] for row in rows}
        return frozenset(row["code"] for row in rows if row["code"] not in parents)

    return load


_GBT = "gbt4754_2017.csv"
_BUILTIN = [
    CodelistInfo(
        "gbt4754", "国民经济行业分类 GB/T 4754-2017, 全部代码", _column(_GBT, "code")
    ),
    CodelistInfo("gbt4754_section", "行业门类 (A–T)", _column(_GBT, "code", level="1")),
    CodelistInfo(
        "gbt4754_division", "行业大类 (2 位)", _column(_GBT, "code", level="2")
    ),
    CodelistInfo("gbt4754_group", "行业中类 (3 位)", _column(_GBT, "code", level="3")),
    CodelistInfo("gbt4754_class", "行业小类 (4 位)", _column(_GBT, "code", level="4")),
    CodelistInfo(
        "market_entity_category",
        "市场主体统计类别 (末级代码, 国统字〔2023〕14号)",
        _leaves("market_entity_stat_category_2023.csv"),
    ),
    CodelistInfo(
        "registration_type",
        "市场主体登记注册类型 (4 位)",
        _column("registration_type_to_stat_category_2023.csv", "reg_type_code"),
    ),
    CodelistInfo(
        "wujin_town",
        "武进区乡级单位 12 位统计用区划代码",
        _column("wujin_divisions.csv", "code12", level="town"),
    ),
    CodelistInfo(
        "wujin_town9",
        "武进区乡级单位 9 位代码",
        _column("wujin_divisions.csv", "code9", level="town"),
    ),
]

_sources: dict[str, CodelistInfo] = {info.name: info for info in _BUILTIN}


def set_codelist_source(info: CodelistInfo) -> None:
    """Add or replace a code list (e.g. one kept in the database)."""
    _sources[info.name] = info
    _cached.cache_clear()


def codelist_names() -> list[str]:
    """Return the names rules may use, sorted."""
    return sorted(_sources)


def codelist_info(name: str) -> CodelistInfo | None:
    """Return a code list's description, or None if there is no such list."""
    return _sources.get(name)


@cache
def _cached(name: str) -> frozenset[str]:
    return _sources[name].load()


def codelist_values(name: str) -> frozenset[str]:
    """Return the valid codes of a code list.

    Raises:
        KeyError: if there is no code list of that name.
    """
    if name not in _sources:
        raise KeyError(name)
    return _cached(name)
