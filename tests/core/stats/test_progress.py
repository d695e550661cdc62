"""序时进度 and 完成率."""

from fractions import Fraction as F

import pytest

from econwatch.core.stats import (
    Period,
    PeriodError,
    completion_pct,
    progress_gap_pp,
    progress_phrase,
    time_elapsed_pct,
)


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        pytest.param(2, F(50, 3), id="1-2"),
        pytest.param(6, F(50), id="1-6"),
        pytest.param(12, F(100), id="1-12"),
    ],
)
def test_time_elapsed(month: int, expected: F) -> None:
    assert time_elapsed_pct(Period.ytd(2024, month)) == expected


def test_time_elapsed_refuses_a_single_month() -> None:
    with pytest.raises(PeriodError) as caught:
        time_elapsed_pct(Period.month(2024, 5))
    assert caught.value.code == "progress-needs-cumulative"
    assert "Period.ytd(2024, 5)" in caught.value.hint


@pytest.mark.parametrize("plan", [0, -5], ids=["zero-plan", "negative-plan"])
def test_completion_undefined_without_plan(plan: int) -> None:
    assert completion_pct(5, plan) is None


@pytest.mark.parametrize(
    ("completion", "expected"),
    [
        pytest.param(60, "超过序时进度10.0个百分点", id="ahead"),
        pytest.param(40, "低于序时进度10.0个百分点", id="behind"),
        pytest.param(50, "与序时进度持平", id="on-time"),
    ],
)
def test_progress_phrase(completion: int, expected: str) -> None:
    gap = progress_gap_pp(completion, Period.ytd(2024, 6))
    assert progress_phrase(gap) == expected
