"""统一社会信用代码 (Unified Social Credit Code, GB 32100-2015).

Structure of the 18 characters (alphabet ``0-9`` and ``A-Z`` without I, O, S, V, Z):

====  ==================================================  ==========================
pos   part                                                checked here
====  ==================================================  ==========================
1     登记管理部门码 (registration authority)             against :func:`authorities`
2     机构类别码 (category within that authority)         against :func:`authorities`
3–8   登记管理机关行政区划码 (GB/T 2260)                  6 digits, known province
9–17  主体标识码 = 组织机构代码 (GB 11714, 8 + check)      GB 11714 check (warning)
18    校验码 (GB/T 17710 MOD 31-3)                         python-stdnum
====  ==================================================  ==========================

What this adds to ``stdnum.cn.uscc`` (which is used for the final check character):

* **Letters in position 1.** stdnum demands 8 leading digits, so it rejects real codes
  of 农村集体经济组织 (``N…``), 军队 units (``A…``) and 其他 (``Y…``). The table of
  authorities and categories (:func:`authorities`, ``data/uscc_authorities.csv``,
  provenance in ``data/SOURCES.md``) is the one published with the code scheme:
  1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 工商,
  A 中央军委改革和编制办公室, N 农业, Y 其他 (Y has the single category 1).
* **The embedded organisation code.** Positions 9–17 carry a GB 11714 check digit:
  weights 3, 7, 9, 10, 5, 8, 4, 2 over values 0–9, A=10 … Z=35; check =
  11 − (Σ mod 11), written ``X`` for 10 and ``0`` for 11.

Decision on the organisation-code check. It is reported for *every* code as
``uscc-orgcode-check`` with severity ``"warning"``, and :func:`validate` accepts such
a code unless ``strict=True``. Reasons: the MOD 31-3 character in position 18
already catches any single mistyped character, so a code whose 18th character is
right but whose body fails GB 11714 was almost surely *issued* that way. Such
bodies are said to occur among 个体工商户 (``92…``) codes; no published rule exempting
a category was found, and the claim could not be confirmed either (all 200 real
codes in python-stdnum's test suite, 143 of them ``92…``, pass the check). A warning
keeps real units in while still showing the anomaly.

The division code is checked only as far as the province: registration authorities
of development zones use local codes outside GB/T 2260 (e.g. ``320594`` for
苏州工业园区), and codes stay valid after a county is merged away.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from stdnum.cn import uscc as _stdnum_uscc

from econwatch.core.codes.problems import CodeError, CodeProblem
from econwatch.core.codes.resources import read_rows
from econwatch.core.codes.text import compact

__all__ = [
    "ALPHABET",
    "Authority",
    "UsccError",
    "UsccParts",
    "authorities",
    "check",
    "check_character",
    "is_valid",
    "make_uscc",
    "orgcode_check_character",
    "parse",
    "validate",
]

LENGTH: Final = 18
ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORGCODE_WEIGHTS: Final = (3, 7, 9, 10, 5, 8, 4, 2)
_AUTHORITIES: Final = "uscc_authorities.csv"


@dataclass(frozen=True, slots=True)
class Authority:
    """A 登记管理部门 and the 机构类别 it may assign.

    Attributes:
        code: 登记管理部门码, e.g. ``"9"``.
        name: The authority's name.
        categories: 机构类别码 → name of the category.
    """

    code: str
    name: str
    categories: Mapping[str, str]


@functools.cache
def authorities() -> Mapping[str, Authority]:
    """The 登记管理部门码 table (``data/uscc_authorities.csv``), keyed by code."""
    grouped: dict[str, tuple[str, dict[str, str]]] = {}
    for row in read_rows(_AUTHORITIES):
        _name, categories = grouped.setdefault(
            row["authority"], (row["authority_name"], {})
        )
        categories[row["category"]] = row["category_name"]
    return MappingProxyType(
        {
            code: Authority(code, name, MappingProxyType(categories))
            for code, (name, categories) in grouped.items()
        }
    )


# GB/T 2260 province-level codes (first two digits); "100000" stands for the State.
# fmt: off
_PROVINCES: Final = frozenset((
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35",
    "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54",
    "61", "62", "63", "64", "65", "71", "81", "82",
))
# fmt: on
_NATIONAL_DIVISION: Final = "100000"


class UsccError(CodeError):
    """A 统一社会信用代码 is not acceptable; ``problems`` says why."""


@dataclass(frozen=True, slots=True)
class UsccParts:
    """A valid code split into its parts.

    Attributes:
        code: The normalised 18-character code.
        authority: 登记管理部门码 (position 1).
        category: 机构类别码 (position 2).
        division: 登记管理机关行政区划码 (positions 3–8).
        body: 主体标识码 / 组织机构代码 (positions 9–17).
        check: 校验码 (position 18).
    """

    code: str
    authority: str
    category: str
    division: str
    body: str
    check: str

    @property
    def authority_name(self) -> str:
        """Name of the registration authority, e.g. ``"工商（市场监管）"``."""
        return authorities()[self.authority].name

    @property
    def category_name(self) -> str:
        """Name of the category, e.g. ``"个体工商户"``."""
        return authorities()[self.authority].categories[self.category]

    @property
    def is_individual_business(self) -> bool:
        """Whether the code belongs to a 个体工商户 (prefix ``92``)."""
        return self.code.startswith("92")


def check_character(first17: str) -> str:
    """Compute the GB 32100 check character (position 18) for 17 characters.

    Args:
        first17: Positions 1–17, all from :data:`ALPHABET`.

    Returns:
        The check character.
    """
    return _stdnum_uscc.calc_check_digit(first17)


def orgcode_check_character(body8: str) -> str:
    """Compute the GB 11714 check character of an 8-character organisation code.

    Args:
        body8: The 本体代码, digits or upper-case letters.

    Returns:
        ``"0"``–``"9"`` or ``"X"``.
    """
    total = sum(
        _orgcode_value(ch) * weight
        for ch, weight in zip(body8, _ORGCODE_WEIGHTS, strict=True)
    )
    remainder = 11 - total % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def _orgcode_value(ch: str) -> int:
    return int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10


def _options(categories: Mapping[str, str]) -> str:
    return "、".join(f"{k}（{v}）" for k, v in categories.items())


def check(code: str, *, field: str = "uscc") -> list[CodeProblem]:
    """Report everything wrong with a 统一社会信用代码, all at once.

    Args:
        code: The code as entered; spaces, hyphens, full-width characters and
            lower case are tolerated.
        field: Field name to put in the problems.

    Returns:
        Every problem found (empty when the code is valid). Problems with
        ``severity == "warning"`` do not make the code invalid.

    Example:
        >>> [p.code for p in check("91350100M000100Y4Z")]
        ['uscc-charset', 'uscc-checksum']
    """
    value = compact(code)
    found: list[tuple[str, str]] = []
    if len(value) != LENGTH:
        hint = (
            "；15位数字的是旧的工商注册号，请改填营业执照上的18位代码"
            if len(value) == 15 and value.isdigit()
            else ""
        )
        found.append(
            (
                "uscc-length",
                f"统一社会信用代码应为18位，实为{len(value)}位，"
                f"请对照营业执照或登记证书核对是否漏填或多填{hint}",
            )
        )
    bad = [(i, ch) for i, ch in enumerate(value, start=1) if ch not in ALPHABET]
    if bad:
        listed = "、".join(f"第{i}位“{ch}”" for i, ch in bad)
        found.append(
            (
                "uscc-charset",
                f"统一社会信用代码含不允许的字符：{listed}；"
                "只能是数字和大写字母（不用I、O、S、V、Z），请核对是否抄错",
            )
        )
    if len(value) == LENGTH:
        found.extend(_check_authority(value[0], value[1]))
        found.extend(_check_division(value[2:8]))
        found.extend(_check_checksums(value))
    return [
        CodeProblem(
            kind,
            field,
            code,
            message,
            "warning" if kind == "uscc-orgcode-check" else "error",
        )
        for kind, message in found
    ]


def _check_authority(authority: str, category: str) -> list[tuple[str, str]]:
    table = authorities()
    if authority not in table:
        return [
            (
                "uscc-authority",
                f"第1位登记管理部门码“{authority}”无效，"
                f"应为{'、'.join(table)}之一，请核对代码第1位",
            )
        ]
    known = table[authority]
    if category in known.categories:
        return []
    return [
        (
            "uscc-category",
            f"第2位机构类别码“{category}”不属于登记管理部门“{known.name}”，"
            f"应为{_options(known.categories)}之一，请核对代码前两位",
        )
    ]


def _check_division(division: str) -> list[tuple[str, str]]:
    if not (division.isascii() and division.isdigit()):
        return [
            (
                "uscc-division",
                f"第3–8位登记管理机关行政区划码“{division}”应为6位数字，"
                "请核对代码第3–8位",
            )
        ]
    if division == _NATIONAL_DIVISION or division[:2] in _PROVINCES:
        return []
    return [
        (
            "uscc-division",
            f"第3–8位登记管理机关行政区划码“{division}”的省级代码"
            f"“{division[:2]}”不存在，请核对代码第3–8位",
        )
    ]


def _check_checksums(value: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    body = value[8:17]
    if all(ch in ALPHABET for ch in body):
        expected = orgcode_check_character(body[:8])
        if body[8] != expected:
            found.append(
                (
                    "uscc-orgcode-check",
                    f"第9–17位主体标识码（组织机构代码）“{body}”的校验位应为"
                    f"“{expected}”，实为“{body[8]}”；若与证照一致可保留，"
                    "否则请核对第9–17位",
                )
            )
    if all(ch in ALPHABET for ch in value[:17]):
        expected = check_character(value[:17])
        if value[17] != expected:
            found.append(
                (
                    "uscc-checksum",
                    f"校验码不符：按前17位算出第18位应为“{expected}”，"
                    f"实为“{value[17]}”；多半是某一位抄错了，请对照证照逐位核对",
                )
            )
    return found


def is_valid(code: str, *, strict: bool = False) -> bool:
    """Whether the code has no errors (and, if ``strict``, no warnings either).

    Args:
        code: The code as entered.
        strict: Also reject codes with warnings (the GB 11714 body check).

    Returns:
        True when acceptable.
    """
    return not [p for p in check(code) if strict or p.is_error]


def validate(code: str, *, strict: bool = False, field: str = "uscc") -> str:
    """Return the normalised code, or raise with every problem found.

    Args:
        code: The code as entered.
        strict: Also reject codes with warnings (the GB 11714 body check).
        field: Field name to put in the problems.

    Returns:
        The code compacted to 18 upper-case characters.

    Raises:
        UsccError: The code has errors (or warnings, when ``strict``).

    Example:
        >>> validate("9132 0412 MA1M XXXX XY".lower())
        '91320412MA1MXXXXXY'
    """
    problems = check(code, field=field)
    if [p for p in problems if strict or p.is_error]:
        raise UsccError(problems)
    return compact(code)


def parse(code: str) -> UsccParts:
    """Validate a code and split it into its parts.

    Args:
        code: The code as entered.

    Returns:
        The parts of the normalised code.

    Raises:
        UsccError: The code has errors.
    """
    value = validate(code)
    return UsccParts(
        code=value,
        authority=value[0],
        category=value[1],
        division=value[2:8],
        body=value[8:17],
        check=value[17],
    )


def make_uscc(authority: str, category: str, division6: str, orgbody8: str) -> str:
    """Build a valid code, computing both check characters.

    Args:
        authority: 登记管理部门码, e.g. ``"9"`` or ``"N"``.
        category: 机构类别码 allowed for that authority, e.g. ``"1"``.
        division6: 6-digit registration-authority division, e.g. ``"320412"``.
        orgbody8: The 8-character 组织机构代码 本体, from :data:`ALPHABET`.

    Returns:
        The 18-character code.

    Raises:
        UsccError: A part is not acceptable (every bad part is reported).

    Example:
        >>> make_uscc("9", "1", "110000", "60003734")
        '91110000600037341L'
    """
    parts = compact(authority) + compact(category)
    found: list[tuple[str, str]] = []
    if len(compact(authority)) != 1 or len(compact(category)) != 1:
        found.append(
            (
                "uscc-authority",
                f"登记管理部门码“{authority}”和机构类别码“{category}”应各为1个字符",
            )
        )
    else:
        found.extend(_check_authority(parts[0], parts[1]))
    division = compact(division6)
    found.extend(
        _check_division(division)
        if len(division) == 6
        else [("uscc-division", f"行政区划码“{division6}”应为6位数字")]
    )
    body = compact(orgbody8)
    if len(body) != 8 or any(ch not in ALPHABET for ch in body):
        found.append(
            (
                "uscc-charset",
                f"组织机构代码本体“{orgbody8}”应为8个数字或大写字母"
                "（不用I、O、S、V、Z）",
            )
        )
    if found:
        value = f"{authority}{category}{division6}{orgbody8}"
        raise UsccError([CodeProblem(k, "uscc", value, m) for k, m in found])
    first17 = parts + division + body + orgcode_check_character(body)
    return first17 + check_character(first17)
