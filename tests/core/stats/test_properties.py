"""Laws of the arithmetic, checked with Hypothesis on exact fractions."""

from fractions import Fraction as F
from operator import itemgetter

from hypothesis import given
from hypothesis import strategies as st

from econwatch.core.stats import (
    Breakdown,
    Comparison,
    Period,
    aggregate,
    comparable_growth,
    contribution,
    rank_values,
    round_half_up,
)

amounts = st.integers(min_value=-(10**12), max_value=10**12)
positive = st.integers(min_value=1, max_value=10**12)
# (group key, current, base) rows of enterprises with positive figures, as for 产值.
output_rows = st.lists(
    st.tuples(st.sampled_from("ABCDEFG"), st.integers(0, 10**9), positive),
    min_size=1,
    max_size=60,
)
# Profits: any sign.
profit_rows = st.lists(
    st.tuples(st.sampled_from("ABCDEFG"), amounts, amounts), min_size=1, max_size=60
)


def _by_key(rows: list[tuple[str, int, int]]) -> Breakdown[str]:
    return aggregate(rows, itemgetter(0), current=itemgetter(1), base=itemgetter(2))


@given(output_rows)
def test_pulls_sum_to_total_growth(rows: list[tuple[str, int, int]]) -> None:
    result = _by_key(rows)
    pulls = [group.pull_pp for group in result.groups]
    assert None not in pulls
    assert sum(p for p in pulls if p is not None) == result.total.growth_pct


@given(profit_rows)
def test_shares_sum_to_100_when_total_moves(rows: list[tuple[str, int, int]]) -> None:
    result = _by_key(rows)
    shares = [group.share_pct for group in result.groups]
    if result.total.increment == 0:
        assert all(share is None for share in shares)
    else:
        assert sum(s for s in shares if s is not None) == 100


@given(output_rows, output_rows)
def test_growth_of_union_equals_growth_of_pooled_rows(
    first: list[tuple[str, int, int]], second: list[tuple[str, int, int]]
) -> None:
    def pairs(rows: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
        return [(current, base) for _, current, base in rows]

    union = comparable_growth(pairs(first)) + comparable_growth(pairs(second))
    pooled = comparable_growth(pairs(first + second))
    assert union == pooled
    assert union.growth_pct == pooled.growth_pct


@given(output_rows)
def test_pull_is_share_times_parent_growth(rows: list[tuple[str, int, int]]) -> None:
    result = _by_key(rows)
    growth = result.total.growth_pct
    assert growth is not None
    for group in result.groups:
        if group.share_pct is not None:
            assert group.pull_pp == group.share_pct * growth / 100


@given(positive, positive, st.integers(0, 10**9), positive)
def test_contribution_of_published_levels_matches_rows(
    part_value: int, part_base: int, other_value: int, other_base: int
) -> None:
    part = Comparison.of(part_value, part_base)
    parent = part + Comparison.of(other_value, other_base)
    growth = part.growth_pct
    assert growth is not None
    rebuilt = Comparison.from_published(part_value, growth)
    assert contribution(rebuilt, parent, "p") == contribution(part, parent, "p")


@given(
    st.dictionaries(st.integers(0, 30), st.fractions(max_denominator=7), max_size=20)
)
def test_ranks_are_consistent_with_sorting(values: dict[int, F]) -> None:
    ranks = rank_values(values)
    assert set(ranks) == set(values)
    for key, rank in ranks.items():
        larger = sum(1 for other in values.values() if other > values[key])
        equal = sum(1 for other in values.values() if other == values[key])
        assert rank.position == larger + 1
        assert rank.tied == (equal > 1)
        assert rank.out_of == len(values)
    ordered = sorted(values, key=lambda key: ranks[key].position)
    assert [values[key] for key in ordered] == sorted(values.values(), reverse=True)


@given(st.fractions(), st.integers(0, 4))
def test_round_half_up_is_nearest_with_halves_away_from_zero(
    value: F, places: int
) -> None:
    rounded = F(round_half_up(value, places))
    step = F(1, 10**places)
    assert abs(rounded - value) <= step / 2
    if abs(rounded - value) == step / 2:
        assert abs(rounded) > abs(value)
    # copy_negate, not unary minus: ``-Decimal`` rounds to the context's 28 digits.
    assert round_half_up(-value, places) == round_half_up(value, places).copy_negate()


@given(st.integers(1000, 9999), st.integers(2, 12))
def test_period_notation_and_label_round_trip(year: int, month: int) -> None:
    for period in (Period.month(year, month), Period.ytd(year, month)):
        assert Period.parse(str(period)) == period
        assert Period.parse_label(period.label()) == period
