"""公民身份号码 checks and the stored form (keyed hash + last four)."""

from __future__ import annotations

import datetime
import hashlib
import hmac

import pytest

from econwatch.core.codes.personal_id import (
    PersonalIdError,
    check_personal_id,
    hash_personal_id,
    validate_personal_id,
)


def with_check(first17: str) -> str:
    """Append the GB 11643 check digit, computed independently of stdnum."""
    weights = [pow(2, 17 - i, 11) for i in range(17)]
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


@pytest.mark.parametrize(
    "number",
    [
        pytest.param("11010519491231002X", id="stdnum-example"),
        pytest.param("360426199101010071", id="stdnum-docstring"),
        pytest.param("11010519491231002x", id="lower-case-x"),
        pytest.param(" 110105 19491231 002X ", id="spaces"),
        # 武进县 (320421) existed 1983–1995; numbers were issued then to people born
        # earlier. stdnum.cn.ric.validate rejects this; we accept it.
        pytest.param(with_check("32042119500101123"), id="code-created-after-birth"),
        pytest.param(with_check("32041220050101123"), id="wujin-district"),
    ],
)
def test_valid_numbers(number: str) -> None:
    assert check_personal_id(number) == []


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        pytest.param("1101051949123100", ["ric-length"], id="16-digits"),
        pytest.param("A1010519491231002X", ["ric-format"], id="letter"),
        pytest.param("110105194912310021", ["ric-checksum"], id="checksum"),
        pytest.param(with_check("11010519491331002"), ["ric-birthdate"], id="month-13"),
        pytest.param(with_check("11010520991231002"), ["ric-birthdate"], id="future"),
        pytest.param(
            with_check("99999919491231002"), ["ric-region"], id="no-such-place"
        ),
        # 武进市 (320483) was abolished in 2002: nobody born in 2005 got it.
        pytest.param(
            with_check("32048320050101123"), ["ric-region"], id="abolished-before-birth"
        ),
    ],
)
def test_each_failure_kind(number: str, expected: list[str]) -> None:
    today = datetime.date(2024, 1, 1)
    assert [p.code for p in check_personal_id(number, today=today)] == expected


def test_fifteen_digit_numbers_get_a_hint() -> None:
    (problem,) = check_personal_id("110105491231002")
    assert "15位旧号码请换用18位号码" in problem.message


def test_validate_returns_normalised_number() -> None:
    assert validate_personal_id("11010519491231002x") == "11010519491231002X"
    with pytest.raises(PersonalIdError) as raised:
        validate_personal_id("110105194912310021")
    assert raised.value.codes == ["ric-checksum"]


def test_hash_is_hmac_sha256_of_the_normalised_number() -> None:
    digest, last4 = hash_personal_id(" 11010519491231002x", "secret")
    expected = hmac.new(b"secret", b"11010519491231002X", hashlib.sha256).hexdigest()
    assert (digest, last4) == (expected, "002X")


def test_hash_depends_on_the_salt_not_the_typography() -> None:
    a, _ = hash_personal_id("11010519491231002X", b"one")
    b, _ = hash_personal_id("110105 19491231 002x", b"one")
    c, _ = hash_personal_id("11010519491231002X", b"two")
    assert a == b
    assert a != c
    assert len(a) == 64


@pytest.mark.parametrize(
    ("number", "salt"),
    [
        pytest.param("", b"k", id="empty-number"),
        pytest.param("1101", b"", id="no-salt"),
    ],
)
def test_hash_refuses_empty_input(number: str, salt: bytes) -> None:
    with pytest.raises(ValueError, match="为空"):
        hash_personal_id(number, salt)
