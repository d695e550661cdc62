"""The province size (benchmarks only) and the bulk paths it needs.

The province itself is too large to plan in the tests; its counts, its scaled
calibration targets and the daily-row blocks the PostgreSQL path writes are
checked here on small inputs.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from econwatch.demo.bulk import DailyRows
from econwatch.demo.calibration import OUTPUT_2023, QIANYUAN_PER_YI, targets
from econwatch.demo.profiles import FULL, PROFILES, PROVINCE


def test_province_has_sixty_thousand_enterprises_a_year() -> None:
    for year in (2022, 2023, 2024):
        assert 55_000 <= PROVINCE.above_scale(year) <= 65_000
        assert PROVINCE.above_scale(year) == 26 * FULL.above_scale(year)
    # The rest of the register stays at the district's size.
    assert PROVINCE.other_legal == FULL.other_legal
    assert PROVINCE.individuals == FULL.individuals


def test_only_the_province_is_scaled() -> None:
    assert [p.name for p in PROFILES.values() if not p.as_published] == ["province"]
    assert targets(1).output is OUTPUT_2023


def test_scaled_targets_keep_the_growth() -> None:
    scaled = targets(26).output
    assert scaled.current(QIANYUAN_PER_YI) == 26 * OUTPUT_2023.current(QIANYUAN_PER_YI)
    assert scaled.growth_pct == OUTPUT_2023.growth_pct
    assert scaled.reproduced_by(
        scaled.current(QIANYUAN_PER_YI), scaled.base(QIANYUAN_PER_YI), QIANYUAN_PER_YI
    )


def test_command_offers_the_province_size() -> None:
    with pytest.raises(CommandError, match="province"):
        call_command("demo", "--size", "nowhere", "--no-serve")


@pytest.mark.parametrize("size", [1, 3, 7, 100], ids=lambda n: f"block-{n}")
def test_daily_blocks_are_the_series_row_by_row(size: int) -> None:
    values = np.arange(40, dtype=np.int64).reshape(4, 10)
    daily = DailyRows(
        units=np.array([11, 12, 13, 14]),
        start=dt.date(2024, 2, 27),
        values=values,
        first=np.array([0, 3, 5, 0]),
        stop=np.array([10, 5, 5, 2]),  # unit 13 has no rows
    )
    expected = [
        (unit, first + dt.timedelta(days=k), v)
        for unit, first, series in daily.series()
        for k, v in enumerate(series)
    ]
    found = []
    for rows, units, days, vals in daily.blocks(size):
        assert rows == len(units) == len(days) == len(vals)
        found += [
            (int(u), daily.start + dt.timedelta(days=int(d)), int(v))
            for u, d, v in zip(units, days, vals, strict=True)
        ]
    assert found == expected
    assert len(found) == 10 + 2 + 0 + 2
