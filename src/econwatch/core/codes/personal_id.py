"""公民身份号码 (resident identity number, GB 11643-1999) and how to store it.

Census forms ask for the 身份证号 of 法定代表人 and of 个体工商户 operators. The
platform checks the number, then keeps only a keyed hash and the last four
characters (:func:`hash_personal_id`): enough to match the same person across
records and to show "尾号1234", not enough to read the number back.

Checks use ``stdnum.cn.ric`` for the check digit and the birth date. The place code
(first six digits) is checked more leniently than ``stdnum.cn.ric.validate`` does:
stdnum rejects a number whose county code was created after the person's birth
year, but numbers were handed out in the 1980s–1990s to people born long before,
with the county code of that time (e.g. ``320421`` 武进县, 1983–1995, for someone
born in 1950). Here a place code is rejected only if it is unknown or was
abolished before the person was born.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from typing import Final

from stdnum import numdb
from stdnum.cn import ric as _stdnum_ric
from stdnum.exceptions import ValidationError

from econwatch.core.codes.problems import CodeError, CodeProblem
from econwatch.core.codes.text import compact

__all__ = [
    "PersonalIdError",
    "check_personal_id",
    "hash_personal_id",
    "validate_personal_id",
]

LENGTH: Final = 18
_EARLIEST_BIRTH_YEAR: Final = 1880
_DIGITS: Final = "0123456789"


class PersonalIdError(CodeError):
    """A 身份证号 is not acceptable; ``problems`` says why."""


def check_personal_id(
    number: str, *, field: str = "personal_id", today: datetime.date | None = None
) -> list[CodeProblem]:
    """Report everything wrong with an 18-digit 公民身份号码.

    Args:
        number: The number as entered (spaces, full-width digits, lower-case x
            tolerated).
        field: Field name to put in the problems.
        today: Reference date for the "born in the future" check; defaults to
            today.

    Returns:
        Every problem found; empty when the number is valid.

    Example:
        >>> check_personal_id("11010519491231002X")
        []
    """
    value = compact(number)
    found: list[tuple[str, str]] = []
    if len(value) != LENGTH:
        hint = "；15位旧号码请换用18位号码" if len(value) == 15 else ""
        found.append(
            (
                "ric-length",
                f"身份证号应为18位，实为{len(value)}位，请核对是否漏填或多填{hint}",
            )
        )
    head, tail = value[:17], value[17:]
    if any(ch not in _DIGITS for ch in head) or any(
        ch not in _DIGITS + "X" for ch in tail
    ):
        found.append(
            (
                "ric-format",
                "身份证号前17位应为数字，第18位为数字或X，请核对是否含字母或符号",
            )
        )
    if not found:
        found.extend(_check_date_and_place(value, today or datetime.date.today()))
        expected = _stdnum_ric.calc_check_digit(value)
        if value[17] != expected:
            found.append(
                (
                    "ric-checksum",
                    f"身份证号校验码不符：第18位应为“{expected}”，实为“{value[17]}”；"
                    "多半是某一位抄错了，请对照证件逐位核对",
                )
            )
    return [CodeProblem(kind, field, number, message) for kind, message in found]


def _check_date_and_place(value: str, today: datetime.date) -> list[tuple[str, str]]:
    try:
        born = _stdnum_ric.get_birth_date(value)
    except ValidationError:
        return [
            (
                "ric-birthdate",
                f"身份证号第7–14位出生日期“{value[6:14]}”不是有效日期，请核对",
            )
        ]
    if born > today or born.year < _EARLIEST_BIRTH_YEAR:
        return [
            (
                "ric-birthdate",
                f"身份证号第7–14位出生日期“{value[6:14]}”不合理，请核对",
            )
        ]
    if not _place_possible(value[:6], born.year):
        return [
            (
                "ric-region",
                f"身份证号前6位地址码“{value[:6]}”不是出生时存在的行政区划代码，请核对",
            )
        ]
    return []


def _place_possible(place: str, birth_year: int) -> bool:
    info = {
        key: text
        for _part, props in numdb.get("cn/loc").info(place)
        for key, text in props.items()
    }
    counties = info.get("county")
    if not counties:
        return False
    for county in counties.split(","):
        if not county.startswith("["):
            return True
        _start, end = county[1:].split("]")[0].split("-")
        # Assigned later than the birth is fine; abolished before it is not.
        if not end or int(end) >= birth_year:
            return True
    return False


def validate_personal_id(number: str, *, field: str = "personal_id") -> str:
    """Return the normalised number, or raise with every problem found.

    Args:
        number: The number as entered.
        field: Field name to put in the problems.

    Returns:
        The 18-character number, with an upper-case ``X`` if any.

    Raises:
        PersonalIdError: The number is not valid.
    """
    problems = check_personal_id(number, field=field)
    if problems:
        raise PersonalIdError(problems)
    return compact(number)


def hash_personal_id(number: str, salt: bytes | str) -> tuple[str, str]:
    """Turn a 身份证号 into what may be stored: a keyed hash and the last four.

    The hash is HMAC-SHA256 of the normalised number keyed with ``salt``. A plain
    hash would not do: 18-digit numbers have little entropy (place, birth date,
    sequence), so anyone with the hashes could recover numbers by trying them all.
    Keep the salt secret, outside the database, and the same for all records that
    must match each other. The number is normalised, not validated: call
    :func:`validate_personal_id` first where invalid numbers must be refused.

    Args:
        number: The number as entered.
        salt: The secret key, non-empty.

    Returns:
        ``(hex digest of 64 characters, last four characters of the number)``.

    Raises:
        ValueError: The number or the salt is empty.

    Example:
        >>> digest, last4 = hash_personal_id("11010519491231002x", b"k")
        >>> len(digest), last4
        (64, '002X')
    """
    value = compact(number)
    key = salt.encode("utf-8") if isinstance(salt, str) else salt
    if not value:
        raise ValueError("身份证号为空，无法生成摘要")
    if not key:
        raise ValueError("salt 不能为空：没有密钥的摘要可被穷举还原")
    digest = hmac.new(key, value.encode("ascii", "replace"), hashlib.sha256)
    return digest.hexdigest(), value[-4:]
