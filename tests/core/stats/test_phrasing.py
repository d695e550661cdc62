"""增长/下降/持平, 高于/低于 and Chinese numerals."""

from decimal import Decimal as D

import pytest

from econwatch.core.stats import chinese_number, gap_phrase, growth_phrase


@pytest.mark.parametrize(
    ("pct", "expected"),
    [
        pytest.param(D("14.2"), "增长14.2%", id="growth"),
        pytest.param(D("-3.5"), "下降3.5%", id="decline"),
        pytest.param(D("0"), "持平", id="flat"),
        pytest.param(D("0.04"), "持平", id="rounds-to-flat"),
        pytest.param(D("-0.05"), "下降0.1%", id="rounds-half-up-to-decline"),
        pytest.param(None, "—", id="undefined"),
    ],
)
def test_growth_phrase(pct: D | None, expected: str) -> None:
    assert growth_phrase(pct) == expected


def test_growth_phrase_two_decimals() -> None:
    assert growth_phrase(D("11.5"), 2) == "增长11.50%"


@pytest.mark.parametrize(
    ("diff", "expected"),
    [
        pytest.param(D("11.3"), "高于全市平均水平11.3个百分点", id="above"),
        pytest.param(D("-1.4"), "低于全市平均水平1.4个百分点", id="below"),
        pytest.param(D("0.02"), "与全市平均水平持平", id="equal"),
        pytest.param(None, "—", id="undefined"),
    ],
)
def test_gap_phrase(diff: D | None, expected: str) -> None:
    assert gap_phrase(diff, "全市平均水平") == expected


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (0, "零"),
        (1, "一"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (32, "三十二"),
        (99, "九十九"),
        (100, "100"),
        (-1, "-1"),
    ],
    ids=str,
)
def test_chinese_number(number: int, expected: str) -> None:
    assert chinese_number(number) == expected
