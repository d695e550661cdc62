"""uscc_valid: python-stdnum's check character, letters allowed in front."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from econwatch.core.rules.uscc import (
    ALPHABET,
    check_value,
    uscc_valid,
    uscc_valid_arrow,
)

body = st.tuples(
    st.text(alphabet=ALPHABET, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=ALPHABET, min_size=9, max_size=9),
).map("".join)


@given(body)
def test_check_value_is_stdnum_check_digit(first17: str) -> None:
    assert ALPHABET[check_value(first17)] == stdnum_uscc.calc_check_digit(first17)
    assert uscc_valid(first17 + stdnum_uscc.calc_check_digit(first17))


@given(st.text(alphabet="0123456789", min_size=8, max_size=8), body)
def test_agrees_with_stdnum_on_digit_prefixes(prefix: str, rest: str) -> None:
    code = prefix + rest[8:] + stdnum_uscc.calc_check_digit(prefix + rest[8:])
    assert uscc_valid(code) is stdnum_uscc.is_valid(code)


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("91350100M000100Y43", True),  # GB 32100 worked example
        ("91350100M000100Y4Z", False),
        ("91350100m000100Y43", False),  # lower case is not accepted as stored
        (" 91350100M000100Y43", False),
        ("9135010OM000100Y43", False),  # O is not in the alphabet
        ("91350100M000100Y4", False),
        ("", False),
    ],
)
def test_examples(code: str, valid: bool) -> None:
    assert uscc_valid(code) is valid


near_codes = st.one_of(
    body.map(lambda b: b + stdnum_uscc.calc_check_digit(b)),  # valid
    body.flatmap(lambda b: st.sampled_from(ALPHABET).map(lambda c: b + c)),
    st.text(alphabet=ALPHABET + "IOSVZaé９ \x00", min_size=16, max_size=19),
    st.text(max_size=20),
)


@given(st.lists(st.one_of(st.none(), near_codes), max_size=40), st.integers(0, 5))
def test_vectorised_check_equals_the_python_one(values: list, offset: int) -> None:
    """DuckDB's econwatch_uscc_valid gives uscc_valid's verdict, NULL for NULL."""
    array = pa.array([None] * offset + values, pa.string()).slice(offset)
    expected = [None if v is None else uscc_valid(v) for v in values]
    assert uscc_valid_arrow(array).to_pylist() == expected
    assert uscc_valid_arrow(array.cast(pa.large_string())).to_pylist() == expected
    chunked = pa.chunked_array([array[:3], array[3:]], pa.string())
    assert uscc_valid_arrow(chunked).to_pylist() == expected
