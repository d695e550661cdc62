"""Periods: 当月, 1—N月累计 and the combined 1–2月."""

import pytest

from econwatch.core.stats import Period, PeriodError


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        pytest.param("2023-12", 12, 12, id="month-12"),
        pytest.param("2023-03", 3, 3, id="month-3"),
        pytest.param("2023-01..02", 1, 2, id="first-period"),
        pytest.param("2023-01..12", 1, 12, id="ytd-12"),
        pytest.param(" 2023-01..05 ", 1, 5, id="ytd-5-whitespace"),
    ],
)
def test_parse_notation(text: str, start: int, end: int) -> None:
    assert Period.parse(text) == Period(2023, start, end)


@pytest.mark.parametrize(
    "text", ["2023-12", "2023-03", "2023-01..02", "2023-01..12"], ids=str
)
def test_notation_round_trips(text: str) -> None:
    assert str(Period.parse(text)) == text


@pytest.mark.parametrize(
    ("text", "code"),
    [
        pytest.param("2023-01", "period-january-alone", id="january"),
        pytest.param("2023-01..01", "period-notation", id="january-as-range"),
        pytest.param("2023-02", "period-february-alone", id="february"),
        pytest.param("2023-03..05", "period-notation", id="range-not-from-january"),
        pytest.param("2023-13", "period-months", id="month-13"),
        pytest.param("2023-00", "period-months", id="month-0"),
        pytest.param("2023/05", "period-notation", id="slash"),
        pytest.param("2023-5", "period-notation", id="one-digit-month"),
        pytest.param("0999-05", "period-year", id="three-digit-year"),
    ],
)
def test_parse_refuses(text: str, code: str) -> None:
    with pytest.raises(PeriodError) as caught:
        Period.parse(text)
    assert caught.value.code == code


def test_january_error_says_what_to_do() -> None:
    with pytest.raises(PeriodError, match=r"2023-01\.\.02"):
        Period.parse("2023-01")


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        pytest.param(2, "2023-01..02", id="february-is-1-2"),
        pytest.param(3, "2023-03", id="march"),
        pytest.param(12, "2023-12", id="december"),
    ],
)
def test_month_constructor(month: int, expected: str) -> None:
    assert str(Period.month(2023, month)) == expected


@pytest.mark.parametrize("build", [Period.month, Period.ytd], ids=["month", "ytd"])
def test_january_refused_by_constructors(build: object) -> None:
    with pytest.raises(PeriodError) as caught:
        build(2023, 1)  # type: ignore[operator]
    assert caught.value.code == "period-january-alone"


def test_first_period_is_both_month_and_cumulative() -> None:
    first = Period.month(2023, 2)
    assert first == Period.ytd(2023, 2)
    assert first.is_month and first.is_cumulative
    assert list(first.months) == [1, 2]


@pytest.mark.parametrize(
    ("period", "is_month", "is_cumulative"),
    [
        pytest.param(Period.month(2023, 5), True, False, id="month"),
        pytest.param(Period.ytd(2023, 5), False, True, id="ytd"),
    ],
)
def test_kind_flags(period: Period, is_month: bool, is_cumulative: bool) -> None:
    assert (period.is_month, period.is_cumulative) == (is_month, is_cumulative)


@pytest.mark.parametrize(
    ("period", "with_year", "dash", "expected"),
    [
        pytest.param(Period.month(2023, 12), True, "-", "2023年12月", id="month"),
        pytest.param(Period.ytd(2023, 12), True, "-", "2023年1-12月", id="ytd"),
        pytest.param(Period.ytd(2023, 2), False, "—", "1—2月", id="first-em-dash"),
        pytest.param(Period.month(2024, 2), True, "-", "2024年1-2月", id="first-month"),
    ],
)
def test_labels(period: Period, with_year: bool, dash: str, expected: str) -> None:
    assert period.label(with_year=with_year, dash=dash) == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        pytest.param("2023年12月", "2023-12", id="month"),
        pytest.param("2023年1-12月", "2023-01..12", id="ytd"),
        pytest.param("2023年1—2月", "2023-01..02", id="em-dash"),
        pytest.param("2023年1~5月", "2023-01..05", id="tilde"),
        pytest.param("2023年1至5月份", "2023-01..05", id="zhi-fen"),
        pytest.param("2024年上半年", "2024-01..06", id="first-half"),
        pytest.param("2024年前三季度", "2024-01..09", id="three-quarters"),
        pytest.param("2024年一季度", "2024-01..03", id="first-quarter"),
        pytest.param("2024年全年", "2024-01..12", id="whole-year"),
    ],
)
def test_parse_label(label: str, expected: str) -> None:
    assert str(Period.parse_label(label)) == expected


def test_parse_label_without_year_needs_one() -> None:
    assert str(Period.parse_label("1-2月", year=2024)) == "2024-01..02"
    with pytest.raises(PeriodError) as caught:
        Period.parse_label("1-2月")
    assert caught.value.code == "period-label-year"


@pytest.mark.parametrize(
    ("label", "code"),
    [
        pytest.param("2023年1月", "period-january-alone", id="january"),
        pytest.param("2023年2月", "period-february-alone", id="february"),
        pytest.param("2023年3-5月", "period-label", id="range-not-from-january"),
        pytest.param("2023年第5期", "period-label", id="unknown"),
    ],
)
def test_parse_label_refuses(label: str, code: str) -> None:
    with pytest.raises(PeriodError) as caught:
        Period.parse_label(label)
    assert caught.value.code == code


def test_series_of_a_year_start_with_combined_first_period() -> None:
    months = Period.months_of(2023)
    ytds = Period.ytds_of(2023)
    assert [str(p) for p in months[:3]] == ["2023-01..02", "2023-03", "2023-04"]
    assert [str(p) for p in ytds[-2:]] == ["2023-01..11", "2023-01..12"]
    assert len(months) == len(ytds) == 11
    # The months of the 当月 series cover the year exactly once.
    assert sorted(m for p in months for m in p.months) == list(range(1, 13))


def test_same_period_last_year() -> None:
    assert Period.ytd(2024, 4).same_period_last_year() == Period.ytd(2023, 4)
    assert Period.month(2024, 4).shift_years(-2) == Period.month(2022, 4)


def test_months_elapsed() -> None:
    assert Period.ytd(2023, 10).months_elapsed == 10
    assert Period.ytd(2023, 2).months_elapsed == 2
