"""增长面: categories or enterprises that grew, or (profits) lost less."""

from fractions import Fraction as F

from econwatch.core.stats import Breadth, Comparison, format_percent, growth_breadth


def test_profit_breadth_counts_smaller_losses() -> None:
    items = [
        Comparison.of(12, 10),  # 增长
        Comparison.of(5, -10),  # 扭亏为盈
        Comparison.of(-4, -10),  # 亏损减少
        Comparison.of(10, 10),  # 持平: not counted
        Comparison.of(8, 10),  # 下降
        Comparison.of(-12, -10),  # 亏损增加
    ]
    breadth = growth_breadth(items)
    assert breadth == Breadth(grown=3, total=6)
    assert breadth.share_pct == 50


def test_breadth_of_nothing_is_undefined() -> None:
    breadth = growth_breadth([])
    assert breadth.share_pct is None
    assert format_percent(breadth.share_pct) == "—"


def test_breadth_accepts_a_generator() -> None:
    assert growth_breadth(Comparison.of(i, 5) for i in range(10)).share_pct == F(40)
