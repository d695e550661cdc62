"""位次 on unrounded values, ties flagged."""

from decimal import Decimal as D
from fractions import Fraction as F

from econwatch.core.stats import Rank, rank_phrase, rank_values


def test_competition_ranking_with_ties() -> None:
    ranks = rank_values({"武进": 14, "新北": 9, "天宁": 14, "钟楼": 3})
    assert ranks == {
        "武进": Rank(1, True, 4),
        "天宁": Rank(1, True, 4),
        "新北": Rank(3, False, 4),
        "钟楼": Rank(4, False, 4),
    }


def test_values_equal_after_rounding_are_not_tied() -> None:
    # 11.04 % and 10.96 % both print 11.0 %, but they are not tied.
    ranks = rank_values({"金坛": D("11.04"), "溧阳": D("10.96")})
    assert ranks["金坛"] == Rank(1, False, 2)
    assert ranks["溧阳"] == Rank(2, False, 2)


def test_ascending_ranking() -> None:
    ranks = rank_values({"a": F(1, 3), "b": F(1, 4)}, descending=False)
    assert ranks["b"].position == 1


def test_empty() -> None:
    assert rank_values({}) == {}


def test_rank_phrases() -> None:
    assert rank_phrase(Rank(2, False, 6), "常州五区一市") == "列常州五区一市第2位"
    assert rank_phrase(Rank(1, True, 6), "全市") == "并列全市第1位"
    assert rank_phrase(Rank(2, False, 6), "全市", chinese_numerals=True) == "列全市第二"
