"""统计用区划代码 of 武进区 (320412), and the census areas built on them.

Codes (NBS 统计用区划代码, 2023 release; ``data/wujin_divisions.csv``):

* district: ``320412`` (6 digits; ``320412000000`` as a 12-digit row);
* town-level unit (乡级: 街道 / 镇 / 类似乡级单位): 9 digits, e.g. ``320412100``
  湖塘镇, written ``320412100000`` as a 12-digit row. 18 of them.
* village-level unit (居委会 / 村委会): 12 digits, town + 3 digits ``001``–``999``.

Census geography (第五次全国经济普查 practice, see reference/domain-census.md §1.5):

* 普查区 (:class:`CensusArea`) = one 居(村)委会, coded with its 12-digit
  统计用区划代码; its first 9 digits must be a town of the district.
* 普查小区 (:class:`CensusZone`) = 普查区代码 + 3 digits numbered from ``001``.

The village list itself was not available (see ``data/SOURCES.md``), so a
普查区 code is checked for shape, district and town only: it cannot yet be
checked to be a real 居/村委会.
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
    "DISTRICT_CODE",
    "CensusArea",
    "CensusZone",
    "Division",
    "DivisionError",
    "check_census_area",
    "check_census_zone",
    "district",
    "find_town",
    "get",
    "parse_census_area",
    "parse_census_zone",
    "town_of",
    "towns",
]

DISTRICT_CODE: Final = "320412"
DISTRICT_NAME: Final = "武进区"
_FILENAME: Final = "wujin_divisions.csv"
_DIGITS: Final = frozenset("0123456789")


@dataclass(frozen=True, slots=True)
class Division:
    """The district or one of its town-level units.

    Attributes:
        code12: 12-digit code, e.g. ``"320412100000"``.
        code9: 9-digit town code (6 digits for the district), e.g. ``"320412100"``.
        name: e.g. ``"湖塘镇"``.
        level: ``"county"`` or ``"town"``.
        type: ``"市辖区"``, ``"街道"``, ``"镇"`` or ``"类似乡级单位"``.
        parent_code12: 12-digit code of the unit above.
    """

    code12: str
    code9: str
    name: str
    level: str
    type: str
    parent_code12: str


class DivisionError(CodeError):
    """A division or census-area code is not acceptable; see ``problems``."""


@dataclass(frozen=True, slots=True)
class _Table:
    by_code9: Mapping[str, Division]
    by_name: Mapping[str, Division]


@functools.cache
def _table() -> _Table:
    rows = [
        Division(
            code12=r["code12"],
            code9=r["code9"],
            name=r["name"],
            level=r["level"],
            type=r["type"],
            parent_code12=r["parent_code12"],
        )
        for r in read_rows(_FILENAME)
    ]
    return _Table(
        by_code9=MappingProxyType({d.code9: d for d in rows}),
        by_name=MappingProxyType({d.name: d for d in rows}),
    )


def district() -> Division:
    """The district itself (武进区, 320412)."""
    return _table().by_code9[DISTRICT_CODE]


def towns() -> list[Division]:
    """The 18 town-level units, in code order."""
    return sorted(
        (d for d in _table().by_code9.values() if d.level == "town"),
        key=lambda d: d.code9,
    )


def get(code: str) -> Division:
    """Look up the district or a town by 6-, 9- or 12-digit code.

    Args:
        code: ``"320412"``, ``"320412100"`` or ``"320412100000"``.

    Returns:
        The division.

    Raises:
        DivisionError: The code is malformed or not the district or one of its
            towns (a village-level 12-digit code is not a town: use
            :func:`town_of`).
    """
    key = compact(code)
    # NBS writes town rows as code9 + "000" and the district as code6 + "000000".
    if len(key) == 12 and key.endswith("000"):
        key = key[:9]
        if key.endswith("000"):
            key = key[:6]
    found = _table().by_code9.get(key)
    if found is None:
        raise DivisionError(
            [
                CodeProblem(
                    "division-unknown",
                    "division_code",
                    code,
                    f"“{code}”不是{DISTRICT_NAME}或其所辖镇（街道）的统计用区划代码，"
                    "请填写6位、9位或12位代码",
                )
            ]
        )
    return found


def find_town(name: str) -> Division:
    """Find a town by name; the suffix (镇, 街道 …) may be left out.

    Args:
        name: ``"湖塘镇"`` or ``"湖塘"``.

    Returns:
        The town.

    Raises:
        DivisionError: No town, or more than one, has that name.
    """
    text = compact(name)
    exact = _table().by_name.get(text)
    matches = [exact] if exact else [t for t in towns() if t.name.startswith(text)]
    if len(matches) == 1 and text:
        return matches[0]
    listed = "、".join(t.name for t in matches) if matches else "无"
    raise DivisionError(
        [
            CodeProblem(
                "division-unknown-town",
                "town",
                name,
                f"找不到唯一名为“{name}”的镇（街道），匹配到：{listed}；请写全称",
            )
        ]
    )


def town_of(code12: str) -> Division:
    """The town a 12-digit (or 15-digit 普查小区) code lies in.

    Args:
        code12: A 12-digit village or town code, or a 15-digit zone code.

    Returns:
        The town-level unit given by its first 9 digits.

    Raises:
        DivisionError: The code is malformed, outside the district or in no
            known town.
    """
    problems = _check_prefix(code12, "division_code", (12, 15), "区划代码")
    if problems:
        raise DivisionError(problems)
    return _table().by_code9[compact(code12)[:9]]


def _check_prefix(
    code: str, field: str, lengths: tuple[int, ...], what: str
) -> list[CodeProblem]:
    value = compact(code)
    shape = "或".join(f"{n}位" for n in lengths)
    if len(value) not in lengths:
        return [
            CodeProblem(
                "division-format",
                field,
                code,
                f"{what}应为{shape}数字，实为{len(value)}位（“{code}”），请核对",
            )
        ]
    if not set(value) <= _DIGITS:
        bad = "、".join(sorted(set(value) - _DIGITS))
        return [
            CodeProblem(
                "division-format",
                field,
                code,
                f"{what}应为{shape}数字，“{code}”含非数字字符“{bad}”，请核对",
            )
        ]
    if not value.startswith(DISTRICT_CODE):
        return [
            CodeProblem(
                "division-outside-district",
                field,
                code,
                f"{what}“{value}”不在{DISTRICT_NAME}（前6位应为{DISTRICT_CODE}，"
                f"实为{value[:6]}），请核对或转交所属区县",
            )
        ]
    town = _table().by_code9.get(value[:9])
    if town is None or town.level != "town":
        return [
            CodeProblem(
                "division-unknown-town",
                field,
                code,
                f"{what}“{value}”的第7–9位“{value[6:9]}”不是{DISTRICT_NAME}的镇（街道），"
                "请核对",
            )
        ]
    return []


@dataclass(frozen=True, slots=True)
class CensusArea:
    """普查区: one 居(村)委会, coded with its 12-digit 统计用区划代码.

    Attributes:
        code: The 12-digit code.
    """

    code: str

    @property
    def town_code(self) -> str:
        """9-digit code of the town the area lies in."""
        return self.code[:9]

    @property
    def village_code(self) -> str:
        """Last three digits: the 居/村委会 within the town."""
        return self.code[9:]

    @property
    def town(self) -> Division:
        """The town the area lies in."""
        return _table().by_code9[self.town_code]


@dataclass(frozen=True, slots=True)
class CensusZone:
    """普查小区: a 普查区 code followed by a 3-digit number from ``001``.

    Attributes:
        code: The 15-digit code.
    """

    code: str

    @property
    def area(self) -> CensusArea:
        """The 普查区 the zone belongs to."""
        return CensusArea(self.code[:12])

    @property
    def number(self) -> str:
        """The zone's 3-digit number within its area."""
        return self.code[12:]


def check_census_area(
    code: str, *, field: str = "census_area_code"
) -> list[CodeProblem]:
    """Report what is wrong with a 普查区 code (12 digits).

    Args:
        code: The code as entered.
        field: Field name to put in the problems.

    Returns:
        Problems coded ``division-format``, ``division-outside-district``,
        ``division-unknown-town`` or ``division-village-code``; empty when valid.

    Example:
        >>> [p.code for p in check_census_area("320413100001")]
        ['division-outside-district']
    """
    problems = _check_prefix(code, field, (12,), "普查区代码")
    if not problems and compact(code).endswith("000"):
        problems.append(
            CodeProblem(
                "division-village-code",
                field,
                code,
                f"普查区代码“{compact(code)}”末3位为000，是镇（街道）本身的代码；"
                "普查区应为居（村）委会代码，末3位为001–999",
            )
        )
    return problems


def check_census_zone(
    code: str, *, field: str = "census_zone_code"
) -> list[CodeProblem]:
    """Report what is wrong with a 普查小区 code (15 digits).

    Args:
        code: The code as entered.
        field: Field name to put in the problems.

    Returns:
        The 普查区 problems of its first 12 digits, plus ``division-zone-code``
        when the zone number is ``000``; empty when valid.
    """
    value = compact(code)
    problems = _check_prefix(code, field, (15,), "普查小区代码")
    if problems:
        return problems
    problems = [
        CodeProblem(p.code, field, code, p.message)
        for p in check_census_area(value[:12], field=field)
    ]
    if value[12:] == "000":
        problems.append(
            CodeProblem(
                "division-zone-code",
                field,
                code,
                f"普查小区代码“{value}”末3位为000；普查小区从001起编号，请核对",
            )
        )
    return problems


def parse_census_area(code: str) -> CensusArea:
    """Validate and return a 普查区.

    Raises:
        DivisionError: With every problem of :func:`check_census_area`.
    """
    problems = check_census_area(code)
    if problems:
        raise DivisionError(problems)
    return CensusArea(compact(code))


def parse_census_zone(code: str) -> CensusZone:
    """Validate and return a 普查小区.

    Raises:
        DivisionError: With every problem of :func:`check_census_zone`.
    """
    problems = check_census_zone(code)
    if problems:
        raise DivisionError(problems)
    return CensusZone(compact(code))
