"""Numbers as the bureaus print them."""

from decimal import Decimal as D
from fractions import Fraction as F

import pytest

from econwatch.core.stats import (
    Unit,
    convert,
    format_amount,
    format_number,
    format_percent,
    format_points,
)

YUAN, QIAN, WAN, YI = Unit.YUAN, Unit.QIAN_YUAN, Unit.WAN_YUAN, Unit.YI_YUAN


@pytest.mark.parametrize(
    ("value", "unit", "to", "places", "expected"),
    [
        pytest.param(398_470_000, QIAN, YI, 2, "3984.70亿元", id="qian-to-yi-2"),
        pytest.param(398_470_000, QIAN, YI, 1, "3984.7亿元", id="qian-to-yi-1"),
        pytest.param(506_414_000_000, YUAN, YI, 2, "5064.14亿元", id="yuan-to-yi"),
        pytest.param(563_450, YUAN, WAN, 1, "56.3万元", id="yuan-to-wan"),
        pytest.param(565, QIAN, WAN, 1, "56.5万元", id="half-up-wan"),
        pytest.param(D("683.72"), YI, YI, 2, "683.72亿元", id="yi-as-is"),
        pytest.param(-1_250_000, QIAN, YI, 2, "-12.50亿元", id="negative"),
    ],
)
def test_format_amount(
    value: int | D, unit: Unit, to: Unit, places: int, expected: str
) -> None:
    assert format_amount(value, unit, to=to, places=places) == expected


def test_format_amount_without_unit_and_none() -> None:
    assert format_amount(125_000, Unit.QIAN_YUAN, with_unit=False) == "1.25"
    assert format_amount(None, Unit.QIAN_YUAN) == "—"


def test_convert_is_exact() -> None:
    assert convert(1, Unit.YUAN, Unit.YI_YUAN) == F(1, 100_000_000)


@pytest.mark.parametrize(
    ("pct", "kwargs", "expected"),
    [
        pytest.param(F(142, 10), {}, "14.2%", id="growth"),
        pytest.param(D("-3.45"), {}, "-3.5%", id="negative-half-up"),
        pytest.param(D("7"), {}, "7.0%", id="one-decimal-always"),
        pytest.param(D("11.5"), {"places": 2}, "11.50%", id="two-decimals"),
        pytest.param(D("2.1"), {"signed": True}, "+2.1%", id="signed"),
        pytest.param(D("-0.01"), {"signed": True}, "0.0%", id="signed-zero"),
        pytest.param(None, {}, "—", id="undefined"),
    ],
)
def test_format_percent(
    pct: F | D | None, kwargs: dict[str, object], expected: str
) -> None:
    assert format_percent(pct, **kwargs) == expected  # type: ignore[arg-type]


def test_format_points_and_number() -> None:
    assert format_points(F(113, 10)) == "11.3个百分点"
    assert format_points(None) == "—"
    assert format_number(D("-1.25"), 1, signed=True) == "-1.3"
