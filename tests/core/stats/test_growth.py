"""Comparable-basis growth, increments, published-level derivations, 两年平均."""

from decimal import Decimal as D
from fractions import Fraction as F

import pytest

from econwatch.core.stats import (
    ZERO,
    Amount,
    Comparison,
    StatsError,
    base_from_published,
    comparable_growth,
    gap_pp,
    increment_from_published,
    two_year_average_from_growth_pct,
    two_year_average_pct,
)


def test_growth_is_ratio_of_sums_over_the_same_enterprises() -> None:
    # Two enterprises: one grew 20 %, one fell 25 %. Σ150 / Σ140 − 1, not a mean.
    result = comparable_growth([(120, 100), (30, 40)])
    assert result == Comparison(F(150), F(140))
    assert result.growth_pct == F(50, 7)
    assert result.increment == 10


def test_new_entrant_counts_with_its_own_base() -> None:
    # An enterprise that entered 规上 this year reports its own 上年同期 (here 80);
    # last year's published total (100) is not the base.
    rows = [(110, 100), (90, 80)]
    assert comparable_growth(rows).growth_pct == F(200, 18)


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param([(D("683.72"), D("613.2"))], id="decimal"),
        pytest.param([(F(68372, 100), F(6132, 10))], id="fraction"),
        pytest.param([(68372, 61320), (0, 0)], id="int"),
        pytest.param([(68372, D("61320")), (0, F(0))], id="mixed"),
    ],
)
def test_amount_types_give_the_same_exact_growth(
    rows: list[tuple[Amount, Amount]],
) -> None:
    assert comparable_growth(rows).growth_pct == F(68372, 61320) * 100 - 100


def test_float_rows_refused() -> None:
    with pytest.raises(TypeError):
        comparable_growth([(1.5, 1)])  # type: ignore[list-item]


def test_empty_set_is_zero() -> None:
    result = comparable_growth([])
    assert result == ZERO
    assert result.growth_pct is None


@pytest.mark.parametrize(
    ("value", "base", "expected"),
    [
        pytest.param(5, 0, None, id="zero-base"),
        pytest.param(5, -3, None, id="negative-base"),
        pytest.param(0, 4, F(-100), id="to-zero"),
        pytest.param(4, 4, F(0), id="flat"),
    ],
)
def test_growth_defined_only_on_positive_base(
    value: int, base: int, expected: F | None
) -> None:
    assert Comparison.of(value, base).growth_pct == expected


def test_comparisons_of_disjoint_sets_add() -> None:
    total = Comparison.of(120, 100) + Comparison.of(30, 40)
    assert total == comparable_growth([(120, 100), (30, 40)])
    assert Comparison.of(1, 2) + ZERO == Comparison.of(1, 2)


def test_base_and_increment_from_published() -> None:
    assert base_from_published(110, 10) == 100
    assert increment_from_published(110, 10) == 10
    assert increment_from_published(90, -10) == -10
    assert Comparison.from_published(110, 10) == Comparison.of(110, 100)


@pytest.mark.parametrize("growth", [D("-100"), D("-150")], ids=["-100", "-150"])
def test_published_growth_of_minus_100_has_no_base(growth: D) -> None:
    with pytest.raises(StatsError) as caught:
        base_from_published(10, growth)
    assert caught.value.code == "growth-below-minus-100"


def test_gap_in_points() -> None:
    assert gap_pp(D("21.4"), D("10.1")) == F(113, 10)
    assert gap_pp(D("7.0"), D("8.4")) == F(-14, 10)


@pytest.mark.parametrize(
    ("value", "base", "expected"),
    [
        pytest.param(121, 100, D("10"), id="exact-10"),
        pytest.param(100, 100, D("0"), id="flat"),
        pytest.param(81, 100, D("-10"), id="exact-minus-10"),
    ],
)
def test_two_year_average_exact_cases(value: int, base: int, expected: D) -> None:
    result = two_year_average_pct(value, base)
    assert result == expected


def test_two_year_average_is_geometric_not_arithmetic() -> None:
    # 2020 −20 %, 2021 +50 %: arithmetic mean 15 %, geometric √1.2 − 1 = 9.54 %.
    result = two_year_average_from_growth_pct(-20, 50)
    assert result is not None
    assert abs(result - D("9.544511501033222691393")) < D("1e-20")
    assert two_year_average_pct(120, 100) == result


@pytest.mark.parametrize(
    ("value", "base"),
    [pytest.param(5, 0, id="zero-base"), pytest.param(-5, 10, id="negative-value")],
)
def test_two_year_average_undefined(value: int, base: int) -> None:
    assert two_year_average_pct(value, base) is None


def test_two_year_average_from_growth_below_minus_100() -> None:
    assert two_year_average_from_growth_pct(-100, 10) is None
