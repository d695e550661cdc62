"""Group enterprise rows by a dimension; each group against the total."""

from dataclasses import dataclass
from decimal import Decimal as D
from fractions import Fraction as F
from operator import attrgetter, itemgetter

import pytest

from econwatch.core.stats import (
    Breadth,
    Comparison,
    Rank,
    aggregate,
    comparable_growth,
    format_percent,
)


@dataclass(frozen=True)
class Row:
    """An enterprise's figure for one period, in 千元."""

    uscc: str
    town: str
    industry: str
    current: int
    base: int


ROWS = [
    Row("E1", "湖塘镇", "C38", 130, 100),
    Row("E2", "湖塘镇", "C36", 20, 40),
    Row("E3", "牛塘镇", "C38", 70, 60),
    Row("E4", "洛阳镇", "C36", 50, 50),
]


def test_groups_and_total() -> None:
    result = aggregate(ROWS, attrgetter("town"), total_name="全区规上工业")
    assert result.total == Comparison.of(270, 250)
    assert result.total.growth_pct == 8
    assert [group.key for group in result.groups] == ["湖塘镇", "牛塘镇", "洛阳镇"]
    hutang = result.group("湖塘镇")
    assert (hutang.value, hutang.base, hutang.increment) == (F(150), F(140), F(10))
    assert hutang.growth_pct == F(50, 7)
    assert hutang.share_pct == 50
    assert hutang.pull_pp == 4
    assert hutang.contribution.parent_name == "全区规上工业"
    assert hutang.contribution.parent == result.total
    assert hutang.rows == Breadth(1, 2)


def test_total_equals_comparable_growth_of_all_rows() -> None:
    result = aggregate(ROWS, attrgetter("industry"))
    pooled = comparable_growth((row.current, row.base) for row in ROWS)
    assert result.total == pooled
    assert result.total_name == "合计"


def test_enterprise_and_category_breadth() -> None:
    result = aggregate(ROWS, attrgetter("town"))
    assert result.rows == Breadth(2, 4)  # E1 and E3 grew
    assert result.category_breadth() == Breadth(2, 3)  # 洛阳镇 flat


def test_growth_ranks_skip_groups_without_growth() -> None:
    rows = [("a", 12, 10), ("b", 11, 10), ("c", 5, 0), ("d", 12, 10)]
    result = aggregate(rows, itemgetter(0), current=itemgetter(1), base=itemgetter(2))
    assert result.growth_ranks() == {
        "a": Rank(1, True, 3),
        "d": Rank(1, True, 3),
        "b": Rank(3, False, 3),
    }


def test_decimal_and_int_rows_mix_exactly() -> None:
    rows = [("x", D("0.1"), D("0.2")), ("x", 1, 2), ("y", F(1, 3), 1)]
    result = aggregate(rows, itemgetter(0), current=itemgetter(1), base=itemgetter(2))
    assert result.group("x").comparison == Comparison(F(11, 10), F(22, 10))
    assert result.total.value == F(11, 10) + F(1, 3)


def test_undefined_share_when_total_flat() -> None:
    rows = [("a", 12, 10), ("b", 8, 10)]
    result = aggregate(rows, itemgetter(0), current=itemgetter(1), base=itemgetter(2))
    assert result.total.increment == 0
    assert format_percent(result.group("a").share_pct) == "—"
    assert result.group("a").pull_pp == 10


def test_empty_rows() -> None:
    result = aggregate([], itemgetter(0))
    assert result.groups == ()
    assert result.total.growth_pct is None


def test_unknown_group_says_so() -> None:
    result = aggregate(ROWS, attrgetter("town"))
    with pytest.raises(KeyError, match="武进"):
        result.group("武进")


def test_float_row_refused() -> None:
    with pytest.raises(TypeError):
        aggregate(
            [("a", 1.5, 1)], itemgetter(0), current=itemgetter(1), base=itemgetter(2)
        )
