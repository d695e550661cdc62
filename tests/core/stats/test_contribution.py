"""贡献率 and 拉动, always with their parent."""

from fractions import Fraction as F

import pytest

from econwatch.core.stats import (
    Comparison,
    contribution,
    format_percent,
    pull_phrase,
    share_from_pull_pct,
    share_phrase,
)

WHOLE = Comparison.of(110, 100)


@pytest.mark.parametrize(
    ("part", "share", "pull"),
    [
        pytest.param(Comparison.of(60, 50), F(100), F(10), id="all-of-growth"),
        pytest.param(Comparison.of(62, 50), F(120), F(12), id="above-100"),
        pytest.param(Comparison.of(48, 50), F(-20), F(-2), id="negative"),
        pytest.param(Comparison.of(50, 50), F(0), F(0), id="flat-part"),
    ],
)
def test_share_and_pull(part: Comparison, share: F, pull: F) -> None:
    item = contribution(part, WHOLE, "全区")
    assert item.share_pct == share
    assert item.pull_pp == pull
    # 拉动 = 贡献率 × g_parent.
    assert WHOLE.growth_pct is not None
    assert item.pull_pp == item.share_pct * WHOLE.growth_pct / 100


def test_share_undefined_when_parent_did_not_move() -> None:
    item = contribution(Comparison.of(60, 50), Comparison.of(100, 100), "全区")
    assert item.share_pct is None
    assert format_percent(item.share_pct) == "—"
    assert share_phrase(item) == "—"
    assert item.pull_pp == 10


@pytest.mark.parametrize(
    "parent",
    [
        pytest.param(Comparison.of(5, 0), id="zero-base"),
        pytest.param(Comparison.of(5, -3), id="negative-base"),
    ],
)
def test_pull_undefined_when_parent_has_no_growth_rate(parent: Comparison) -> None:
    item = contribution(Comparison.of(2, 1), parent, "全区利润")
    assert item.pull_pp is None
    assert pull_phrase(item) == "—"


def test_contribution_keeps_its_parent() -> None:
    parent = Comparison.of(1419, 1221)
    item = contribution(Comparison.of(300, 250), parent, "全区高新技术产业")
    assert item.parent is parent
    assert pull_phrase(item) == "拉动全区高新技术产业增长4.1个百分点"
    assert share_phrase(item) == "对全区高新技术产业增长的贡献率为25.3%"


def test_negative_pull_phrase() -> None:
    item = contribution(Comparison.of(48, 50), WHOLE, "全区规上工业")
    assert pull_phrase(item) == "拉低全区规上工业增速2.0个百分点"


def test_share_from_pull_zero_growth() -> None:
    assert share_from_pull_pct(3, 0) is None
