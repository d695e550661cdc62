"""Published worked examples of domain-monitoring.md §2, reproduced from their inputs.

Each case quotes the published statement; inputs are the published (rounded) levels and
growth rates, so the expected values are what the bureau printed, after rounding.
"""

from decimal import Decimal as D

import pytest

from econwatch.core.stats import (
    Breadth,
    Comparison,
    Period,
    base_from_published,
    completion_pct,
    contribution,
    format_number,
    format_percent,
    gap_phrase,
    gap_pp,
    growth_phrase,
    increment_from_published,
    progress_gap_pp,
    progress_phrase,
    pull_phrase,
    round_half_up,
    share_from_pull_pct,
    time_elapsed_pct,
)


def test_nbs_2018_profits_comparable_base_is_not_last_years_publication() -> None:
    # [S6] 2018 1-5月 profits 27 298.3亿 +16.5 %; 2017 1-5月 published 29 047.6亿.
    current, growth, published_last_year = D("27298.3"), D("16.5"), D("29047.6")
    comparable_base = base_from_published(current, growth)
    assert round_half_up(comparable_base, 0) == 23432
    naive = Comparison.of(current, published_last_year).growth_pct
    assert format_percent(naive) == "-6.0%"
    rebuilt = Comparison.of(current, comparable_base).growth_pct
    assert format_percent(rebuilt) == "16.5%"
    # The comparable base is about 19 % smaller than the published figure.
    smaller = Comparison.of(comparable_base, published_last_year).growth_pct
    assert format_percent(smaller, 0) == "-19%"


def test_jintan_2019_h1_invoice_sales_increment() -> None:
    # [S69] 683.72亿 +11.50 % → base 613.20, 净增 70.52 (published 70.51).
    assert round_half_up(base_from_published(D("683.72"), D("11.50")), 2) == D("613.20")
    increment = increment_from_published(D("683.72"), D("11.50"))
    assert round_half_up(increment, 2) == D("70.52")


# Part level and growth %, parent level and growth % ("亿元 +x %"), expected 贡献率.
SHARE_CASES = [
    pytest.param("122.39 +11.6", "176.92 +7.0", "109.9", id="2024-1-10-profit"),
    pytest.param("1419.36 +16.2", "2028.16 +10.1", "106.4", id="2024-h1-output"),
    pytest.param("885.26 +18.6", "1270.52 +11.0", "110.3", id="2024-1-4-output"),
]


def published(text: str) -> Comparison:
    """Read "level +growth" as printed, e.g. ``"122.39 +11.6"``."""
    level, growth = text.split()
    return Comparison.from_published(D(level), D(growth))


@pytest.mark.parametrize(("part", "parent", "expected"), SHARE_CASES)
def test_wujin_contribution_share(part: str, parent: str, expected: str) -> None:
    # [S23][S24][S25] 高新技术产业 贡献率 to 全区规上工业. Published: 109.9, 106.6
    # and 110.7; recomputed from the rounded published inputs (domain-monitoring
    # §2.4): 109.9, 106.4 and 110.3, the gaps being input rounding.
    item = contribution(published(part), published(parent), "全区规上工业")
    assert format_number(item.share_pct) == expected


def test_wujin_2024_revenue_pull_9_34_pp() -> None:
    # [S23] 高新 营收 2 557.39亿 +13.9 %; 全区 3 622.47亿 +8.4 % → "拉动 … 9.3个百分点".
    item = contribution(
        Comparison.from_published(D("2557.39"), D("13.9")),
        Comparison.from_published(D("3622.47"), D("8.4")),
        "全区规上工业营收",
    )
    assert round_half_up(item.part.increment, 1) == D("312.1")
    assert round_half_up(item.parent.base, 1) == D("3341.8")
    assert format_number(item.pull_pp, 2) == "9.34"
    assert pull_phrase(item) == "拉动全区规上工业营收增长9.3个百分点"
    assert item.parent_name == "全区规上工业营收"


@pytest.mark.parametrize(
    ("pull", "parent_growth", "expected"),
    [
        pytest.param(D("6.9"), D("13.6"), "50.7", id="2025-1-8-leaders-50.7"),
        pytest.param(D("7.8"), D("39.5"), "19.7", id="2021-1-4-three-industries-19.7"),
    ],
)
def test_share_from_published_pull(pull: D, parent_growth: D, expected: str) -> None:
    # [S26] "拉动6.9个百分点，贡献率50.7%" (+13.6 %); [S22] published 19.9 (rounding).
    assert format_number(share_from_pull_pct(pull, parent_growth)) == expected


@pytest.mark.parametrize(
    ("grown", "total", "expected"),
    [
        pytest.param(17, 32, "53.1%", id="2024-profit-17-of-32"),
        pytest.param(19, 32, "59.4%", id="2024-h1-output-19-of-32"),
    ],
)
def test_wujin_industry_breadth(grown: int, total: int, expected: str) -> None:
    # [S23][S24] 增长面 of 32 大类行业.
    assert format_percent(Breadth(grown, total).share_pct) == expected


def test_jiangmen_progress_against_time_elapsed() -> None:
    # [S76] 1-10月 629.0 of 647.4 = 97.16 % vs 83.33 % → 13.8 pp.
    period = Period.ytd(2023, 10)
    done = completion_pct(D("629.0"), D("647.4"))
    assert format_percent(done, 2) == "97.16%"
    assert format_percent(time_elapsed_pct(period), 2) == "83.33%"
    assert done is not None
    assert progress_phrase(progress_gap_pp(done, period)) == "超过序时进度13.8个百分点"


@pytest.mark.parametrize(
    ("month", "completion", "elapsed", "gap"),
    [
        pytest.param(5, D("52.9"), "41.67%", "11.2", id="1-5-52.9"),
        pytest.param(9, D("93.3"), "75.00%", "18.3", id="1-9-93.3"),
    ],
)
def test_changzhou_major_projects_progress(
    month: int, completion: D, elapsed: str, gap: str
) -> None:
    # [S77][S78] 省重大项目 完成率 vs 序时进度.
    period = Period.ytd(2023, month)
    assert format_percent(time_elapsed_pct(period), 2) == elapsed
    assert format_number(progress_gap_pp(completion, period)) == gap


@pytest.mark.parametrize(
    ("unit", "reference", "places", "expected"),
    [
        pytest.param(
            D("21.4"), D("10.1"), 1, "高于全区11.3个百分点", id="lixiang-11.3"
        ),
        pytest.param(
            D("11.50"), D("6.38"), 2, "高于全区5.12个百分点", id="jintan-5.12"
        ),
    ],
)
def test_gap_to_reference(unit: D, reference: D, places: int, expected: str) -> None:
    # [S24] 理想汽车 21.4 % vs 全区 10.1 %; [S69] 金坛 5.12 pp (reference implied).
    assert gap_phrase(gap_pp(unit, reference), "全区", places) == expected


def test_changzhou_2015_month_and_cumulative_phrases() -> None:
    # [S21] "1-5月 … 产值4 568.3亿元，同比增长6.2%，
    # 其中当月实现产值1 001.1亿元，增长6.5%".
    cumulative = Comparison.from_published(D("4568.3"), D("6.2"))
    month = Comparison.from_published(D("1001.1"), D("6.5"))
    assert growth_phrase(cumulative.growth_pct) == "增长6.2%"
    assert growth_phrase(month.growth_pct) == "增长6.5%"
