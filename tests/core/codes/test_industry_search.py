"""Search GB/T 4754 by Chinese, pinyin, initials and code."""

from __future__ import annotations

import pytest

from econwatch.core.codes import industry


def codes(query: str, **options: int) -> list[str]:
    return [i.code for i in industry.search(query, **options)]


@pytest.mark.parametrize(
    ("query", "expected", "within"),
    [
        pytest.param("qczz", "361", 3, id="initials-subsequence-汽车整车制造"),
        pytest.param("qczzy", "36", 1, id="initials-exact-汽车制造业"),
        pytest.param("汽车整车", "361", 1, id="chinese-prefix"),
        pytest.param("整车制造", "361", 3, id="chinese-substring"),
        pytest.param("qiche", "36", 3, id="full-pinyin"),
        pytest.param("qichezh", "36", 2, id="unfinished-syllable"),
        pytest.param("xnyc", "3612", 1, id="initials-新能源车"),
        pytest.param("yinhang", "6640", 6, id="polyphone-银行"),
        pytest.param("hangye", "9522", 1, id="polyphone-行业"),
        pytest.param("lvyou", "5422", 4, id="v-for-ü-旅游"),
        pytest.param("3611", "3611", 1, id="code-exact"),
        pytest.param("C361", "361", 1, id="code-with-section"),
    ],
)
def test_finds(query: str, expected: str, within: int) -> None:
    assert expected in codes(query)[:within]


def test_code_prefix_lists_descendants() -> None:
    assert codes("361") == ["361", "3611", "3612"]


def test_section_letter_must_match() -> None:
    assert codes("B36") == []


def test_level_filter_and_limit() -> None:
    found = industry.search("qc", level=industry.CLASS, limit=5)
    assert len(found) == 5
    assert all(i.level == industry.CLASS for i in found)


@pytest.mark.parametrize("query", ["", "   ", "!!", "q1x"])
def test_nothing_for_junk(query: str) -> None:
    assert industry.search(query) == []
