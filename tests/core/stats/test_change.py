"""The complete sign table: percentage or label (扭亏为盈, 亏损减少 …)."""

from fractions import Fraction as F

import pytest

from econwatch.core.stats import ChangeLabel, Comparison, change_phrase, classify_change

L = ChangeLabel
# (value, base, growth_pct, label, phrase)
CASES = [
    pytest.param(12, 10, F(20), L.GROWTH, "增长20.0%", id="pos-growth"),
    pytest.param(10, 10, F(0), L.FLAT, "持平", id="pos-flat"),
    pytest.param(8, 10, F(-20), L.DECLINE, "下降20.0%", id="pos-decline"),
    pytest.param(0, 10, F(-100), L.DECLINE, "下降100.0%", id="pos-to-zero"),
    pytest.param(-5, 10, F(-150), L.PROFIT_TO_LOSS, "由盈转亏", id="pos-to-loss"),
    pytest.param(5, 0, None, L.NEW, "新增", id="zero-to-pos"),
    pytest.param(0, 0, None, L.FLAT, "持平", id="zero-flat"),
    pytest.param(-5, 0, None, L.NEW_LOSS, "新增亏损", id="zero-to-loss"),
    pytest.param(5, -10, None, L.LOSS_TO_PROFIT, "扭亏为盈", id="loss-to-pos"),
    pytest.param(0, -10, None, L.LOSS_NARROWED, "亏损减少", id="loss-to-zero"),
    pytest.param(-4, -10, None, L.LOSS_NARROWED, "亏损减少", id="loss-less"),
    pytest.param(-10, -10, None, L.FLAT, "持平", id="loss-flat"),
    pytest.param(-12, -10, None, L.LOSS_WIDENED, "亏损增加", id="loss-more"),
]


@pytest.mark.parametrize(("value", "base", "growth", "label", "phrase"), CASES)
def test_sign_table(
    value: int, base: int, growth: F | None, label: ChangeLabel, phrase: str
) -> None:
    comparison = Comparison.of(value, base)
    assert comparison.growth_pct == growth
    assert comparison.label is label
    assert classify_change(F(value), F(base)) is label
    assert change_phrase(comparison) == phrase


@pytest.mark.parametrize(("value", "base", "growth", "label", "phrase"), CASES)
def test_improved_means_growth_or_smaller_loss(
    value: int, base: int, growth: F | None, label: ChangeLabel, phrase: str
) -> None:
    improving = {
        ChangeLabel.GROWTH,
        ChangeLabel.NEW,
        ChangeLabel.LOSS_TO_PROFIT,
        ChangeLabel.LOSS_NARROWED,
    }
    assert Comparison.of(value, base).improved == (label in improving)


def test_label_value_is_the_chinese_word() -> None:
    assert str(ChangeLabel.LOSS_TO_PROFIT) == "扭亏为盈"
