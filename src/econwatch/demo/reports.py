"""The monthly reports as the statistics bureau receives them, with a few errors.

For every enterprise of a year's 规上 set and every month of that year: 工业总产值
本月 and 1—本月, each with the enterprise's own 上年同期; 营业收入 and 利润总额
1—本月 with 上年同期 (January exempt: null); electricity of the month (the sum of
the grid's daily readings); employees. ``vintage`` is the arrival date
(``YYYY-MM-DD``), between the 2nd and 7th of the following month.

Deliberate reporting errors break 上月止累计 + 本月 = 本月止累计 in a handful of
reports (never in December, never in January): the 本月 figure is wrong while the
cumulative one is right, as happens when an enterprise types 万元 into a 千元
field, swaps two digits, puts the cumulative figure in the month column, or
misreports last year's month. :func:`draw_errors` picks them;
``econwatch.demo.planted.injected_errors`` lists them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from econwatch.demo.daily import Calendar, Daily
from econwatch.demo.firms import Firms, month_index
from econwatch.demo.levels import Levels
from econwatch.demo.monthly import Monthly
from econwatch.demo.rng import Streams

ERROR_KINDS = {
    "wanyuan": "本月产值按万元填入千元栏（缩小10倍）",
    "transposed": "本月产值两位数字颠倒",
    "cumulative": "本月栏误填1—本月累计数",
    "base-tenfold": "本月上年同期多填一位（放大10倍）",
    "dropped-digit": "本月产值漏填一位数字",
}


@dataclass(frozen=True)
class Error:
    """One injected error: where (firm, year, month), which field, values."""

    firm: int
    year: int
    month: int
    field: str
    correct: int
    reported: int
    kind: str


def _transpose(value: int) -> int:
    digits = list(str(value))
    for k in range(len(digits) - 2, -1, -1):
        if digits[k] != digits[k + 1]:
            digits[k], digits[k + 1] = digits[k + 1], digits[k]
            return int("".join(digits))
    return value + 1000


def _drop_digit(value: int) -> int:
    text = str(value)
    if len(text) < 3:
        return value * 10
    k = len(text) // 2
    return int(text[:k] + text[k + 1 :])


def draw_errors(
    streams: Streams,
    firms: Firms,
    monthly: Monthly,
    count: int,
    exclude: set[int],
) -> list[Error]:
    """Pick ``count`` reports and the wrong figure each one carries."""
    rng = streams("errors")
    kinds = list(ERROR_KINDS)
    eligible = [
        i
        for i in range(firms.n)
        if firms.anchor[i] == 0 and i not in exclude and not firms.new_plant[i]
    ]
    chosen = rng.choice(eligible, size=count, replace=False)
    errors = []
    for k, i in enumerate(sorted(int(c) for c in chosen)):
        years = [y for y in (2022, 2023, 2024) if firms.above_in(y)[i]]
        year = int(years[int(rng.integers(len(years)))])
        month = int(rng.integers(2, 12))  # 2 … 11: never January or December
        t = month_index(year, month)
        kind = kinds[k % len(kinds)]
        value = int(monthly.output[i, t])
        if kind == "base-tenfold":
            correct = int(monthly.base[i, t])
            errors.append(
                Error(i, year, month, "output_month_base", correct, correct * 10, kind)
            )
            continue
        ytd = int(monthly.output[i, t - month + 1 : t + 1].sum())
        reported = {
            "wanyuan": round(value / 10),
            "transposed": _transpose(value),
            "cumulative": ytd,
            "dropped-digit": _drop_digit(value),
        }[kind]
        errors.append(Error(i, year, month, "output_month", value, reported, kind))
    return errors


COLUMNS = (
    "unit_id",
    "period",
    "vintage",
    "is_current",
    "output_month",
    "output_month_base",
    "output_ytd",
    "output_ytd_base",
    "revenue_ytd",
    "revenue_ytd_base",
    "profit_ytd",
    "profit_ytd_base",
    "electricity_month",
    "employees",
)


def report_rows(
    streams: Streams,
    firms: Firms,
    levels: Levels,
    monthly: Monthly,
    daily: Daily,
    calendar: Calendar,
    errors: list[Error],
    picks: dict[str, int],
    unit_ids: np.ndarray,
) -> list[tuple[object, ...]]:
    """Every monthly report row, in ``COLUMNS`` order, sorted by unit and period."""
    rng = streams("reports")
    wrong = {(e.firm, e.year, e.month): e for e in errors}
    missing = {(picks["report-missing"], 2024, 11)}
    late = {(picks["report-late"], 2024, 10)}
    power = _monthly_power(daily, calendar)
    before = np.column_stack([~firms.entered_2022, firms.above[:, :-1]])
    rows: list[tuple[object, ...]] = []
    arrival = rng.integers(2, 8, size=(firms.n, 36))
    for i in range(firms.n):
        for k, year in enumerate((2022, 2023, 2024)):
            if not firms.above[i, k]:
                continue
            now = month_index(year, 1)
            cols = slice(now, now + 12)
            out, base = monthly.output[i, cols], monthly.base[i, cols]
            out_ytd, base_ytd = np.cumsum(out), np.cumsum(base)
            rev_ytd = np.cumsum(monthly.revenue[i, cols])
            pro_ytd = np.cumsum(monthly.profit[i, cols])
            last_rev = np.cumsum(monthly.revenue[i, now - 12 : now])
            last_pro = np.cumsum(monthly.profit[i, now - 12 : now])
            factor = levels.revision[i, k] if before[i, k] else 1.0
            rev_base = np.rint(last_rev * factor).astype(np.int64)
            pro_base = np.rint(last_pro * factor).astype(np.int64)
            for m in range(12):
                key = (i, year, m + 1)
                if key in missing:
                    continue
                got = _arrival(
                    year, m + 1, 20 if key in late else arrival[i, k * 12 + m]
                )
                row = {
                    "output_month": int(out[m]),
                    "output_month_base": int(base[m]),
                }
                if key in wrong:
                    row[wrong[key].field] = wrong[key].reported
                january = m == 0
                rows.append(
                    (
                        int(unit_ids[i]),
                        f"{year:04d}-{m + 1:02d}",
                        got,
                        True,
                        row["output_month"],
                        row["output_month_base"],
                        int(out_ytd[m]),
                        int(base_ytd[m]),
                        None if january else int(rev_ytd[m]),
                        None if january else int(rev_base[m]),
                        None if january else int(pro_ytd[m]),
                        None if january else int(pro_base[m]),
                        int(power[i, k * 12 + m]),
                        int(monthly.employees[i, now + m]),
                    )
                )
    return rows


def _arrival(year: int, month: int, day: int) -> str:
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dt.date(year, month, int(day)).isoformat()


def _monthly_power(daily: Daily, calendar: Calendar) -> np.ndarray:
    """Σ of daily kWh per month, shape ``(n, 36)`` for 2022-01 … 2024-12."""
    day_month = calendar.month - month_index(2022, 1)
    starts = np.flatnonzero(np.r_[True, day_month[1:] != day_month[:-1]])
    return np.add.reduceat(daily.electricity, starts, axis=1)
