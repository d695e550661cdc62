"""The planted anomalies in memory, for every size (no database needed).

The same conditions as ``test_planted`` (the seeded alert rules), on the plan's
arrays, at every fourth day from 2024-10-16 to 2024-12-31: the planted enterprise
trips its rule and no other enterprise does.
"""

from __future__ import annotations

import datetime as dt
import statistics

import numpy as np
import pytest

from econwatch.demo.firms import month_index
from econwatch.demo.plan import Series

from .conftest import SIZES_AND_SEEDS, series

ENDS = [dt.date(2024, 12, 31) - dt.timedelta(days=k) for k in range(0, 77, 4)]


def week_sum(s: Series, values: np.ndarray, end: dt.date) -> np.ndarray:
    stop = s.calendar.index(end) + 1
    return values[:, stop - 7 : stop].sum(axis=1)


def last_year(day: dt.date) -> dt.date:
    return day.replace(year=day.year - 1)


@pytest.mark.parametrize(("size", "seed"), SIZES_AND_SEEDS)
def test_invoice_drop(size: str, seed: int) -> None:
    s = series(size, seed)
    backbone = s.levels.backbone[2024]
    inv = s.daily.invoices
    for end in ENDS:
        down = None
        for back in (0, 7):
            day = end - dt.timedelta(days=back)
            now, then = week_sum(s, inv, day), week_sum(s, inv, last_year(day))
            fired = {int(i) for i in backbone if then[i] > 0 and now[i] < 0.8 * then[i]}
            down = fired if down is None else down & fired
        if end >= dt.date(2024, 10, 27):
            assert down == {s.picks["invoice-drop"]}, end
        else:  # the drop starts on 2024-10-14
            assert down <= {s.picks["invoice-drop"]}, end


@pytest.mark.parametrize(("size", "seed"), SIZES_AND_SEEDS)
def test_electricity_low(size: str, seed: int) -> None:
    s = series(size, seed)
    power = s.daily.electricity
    for end in ENDS:
        now = week_sum(s, power, end)
        base = [
            week_sum(s, power, last_year(end + dt.timedelta(days=d)))
            for d in (-7, 0, 7)
        ]
        low = {
            i
            for i in range(s.firms.n)
            if (b := statistics.median(int(w[i]) for w in base)) >= 1000
            and now[i] < 0.3 * b
        }
        expected = (
            {s.picks["electricity-low"]} if end >= dt.date(2024, 11, 24) else set()
        )
        assert low == expected, end


@pytest.mark.parametrize(("size", "seed"), SIZES_AND_SEEDS)
def test_output_decline_and_below_scale(size: str, seed: int) -> None:
    s = series(size, seed)
    in24 = np.flatnonzero(s.firms.above_in(2024))
    out, base, revenue = s.monthly.output, s.monthly.base, s.monthly.revenue
    for last in (10, 11, 12):
        months = [month_index(2024, m) for m in (last - 2, last - 1, last)]
        falling = {int(i) for i in in24 if all(out[i, t] < base[i, t] for t in months)}
        if last >= 11:  # the decline starts in September
            assert s.picks["output-decline"] in falling
        assert falling <= {s.picks["output-decline"], s.picks["below-scale"]}
        ytd = revenue[:, month_index(2024, 1) : month_index(2024, last) + 1].sum(axis=1)
        low = {int(i) for i in in24 if ytd[i] * 12 / last < 20_000}
        assert low == {s.picks["below-scale"]}
