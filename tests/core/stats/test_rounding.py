"""Half-up rounding for display (四舍五入), not Python's banker's ``round()``."""

from decimal import Decimal as D
from fractions import Fraction as F

import pytest

from econwatch.core.stats import AmountTypeError, StatsError, round_half_up


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        pytest.param(D("2.25"), 1, D("2.3"), id="half-up-where-round-gives-2.2"),
        pytest.param(D("-2.25"), 1, D("-2.3"), id="negative-half-away-from-zero"),
        pytest.param(D("2.675"), 2, D("2.68"), id="where-float-round-gives-2.67"),
        pytest.param(D("0.5"), 0, D("1"), id="half-to-one"),
        pytest.param(D("1.5"), 0, D("2"), id="one-and-half"),
        pytest.param(D("2.5"), 0, D("3"), id="banker-would-give-2"),
        pytest.param(F(1, 3), 2, D("0.33"), id="third"),
        pytest.param(F(2, 3), 2, D("0.67"), id="two-thirds"),
        pytest.param(D("-0.04"), 1, D("0.0"), id="no-negative-zero"),
        pytest.param(12345, 0, D("12345"), id="int"),
        pytest.param(7, 2, D("7.00"), id="pads-decimals"),
        pytest.param(F(17, 32) * 100, 1, D("53.1"), id="53.125"),
    ],
)
def test_round_half_up(value: D | F | int, places: int, expected: D) -> None:
    result = round_half_up(value, places)
    assert result == expected
    assert str(result) == str(expected)


def test_python_round_differs() -> None:
    # Why display code must not use round(): banker's rounding and binary floats.
    assert round(2.5) == 2
    assert round(D("2.25"), 1) == D("2.2")
    assert round_half_up(D("2.25"), 1) == D("2.3")


def test_negative_places_refused() -> None:
    with pytest.raises(StatsError) as caught:
        round_half_up(1, -1)
    assert caught.value.code == "rounding-places"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        pytest.param(2.25, "amount-float", id="float"),
        pytest.param(True, "amount-type", id="bool"),
        pytest.param(D("NaN"), "amount-not-finite", id="nan"),
        pytest.param(D("Infinity"), "amount-not-finite", id="infinity"),
        pytest.param("2.25", "amount-type", id="str"),
    ],
)
def test_inexact_amounts_refused(value: object, code: str) -> None:
    with pytest.raises(AmountTypeError) as caught:
        round_half_up(value, 1)  # type: ignore[arg-type]
    assert caught.value.code == code
    assert isinstance(caught.value, TypeError)
