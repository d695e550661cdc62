"""Daily invoice sales (开票, 元) and electricity (kWh) of the 规上 enterprises.

Each month's amount follows the enterprise's output of that month (invoices at a
per-enterprise ratio of about 1.27 元 per 元 of output; electricity at an
industry-specific intensity, part of it base load); within the month it is
spread over the days with the patterns the bureau sees:

* weekends low (invoices far more than electricity);
* 春节: from 5 days before the festival down to a trough, recovering over about
  20 days after it (festival dates: ``monthly.FESTIVALS``);
* 国庆 (1–7 Oct) and 劳动节 (1–5 May) low;
* invoices peak on the last two days of the month, more so at quarter ends.

Invoices are then calibrated: the 2023 规上 set's 2023 total and its 2022 total
(the same enterprises) are scaled onto the published 5064.14亿元 and +19.0 %.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from econwatch.demo import calibration as cal
from econwatch.demo.firms import Firms, active_months, month_index
from econwatch.demo.industries import ENERGY_INTENSITY
from econwatch.demo.monthly import FESTIVALS, Monthly
from econwatch.demo.rng import Streams

FIRST_DAY = dt.date(2022, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)
_INVOICE_WEEK = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.35, 0.15])
_POWER_WEEK = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.9, 0.8])


@dataclass
class Calendar:
    """The days of 2022–2024 and their fixed patterns.

    Attributes:
        days: ``datetime64[D]`` array of every day.
        month: index of each day's month in the 48-month latent series.
        invoice_factor: expected invoicing of the day relative to a workday.
        power_factor: expected electricity of the day relative to a workday.
    """

    days: np.ndarray
    month: np.ndarray
    invoice_factor: np.ndarray
    power_factor: np.ndarray

    @property
    def iso(self) -> list[str]:
        """The days as ``YYYY-MM-DD`` strings."""
        return [str(d) for d in self.days]

    def index(self, day: dt.date) -> int:
        """Position of a day in ``days``."""
        return (day - FIRST_DAY).days


def calendar() -> Calendar:
    """Build the day patterns of 2022–2024."""
    days = np.arange(
        np.datetime64(FIRST_DAY), np.datetime64(LAST_DAY) + np.timedelta64(1, "D")
    )
    as_dates = [d.item() for d in days]
    weekday = np.array([d.weekday() for d in as_dates])
    month = np.array([month_index(d.year, d.month) for d in as_dates])
    inv = _INVOICE_WEEK[weekday].copy()
    power = _POWER_WEEK[weekday].copy()
    for k, d in enumerate(as_dates):
        delta = (d - FESTIVALS[d.year]).days
        if -5 <= delta <= -1:
            inv[k] *= 1 - 0.12 * (delta + 6)
            power[k] *= 1 - 0.08 * (delta + 6)
        elif 0 <= delta <= 7:
            inv[k], power[k] = 0.06, 0.5
        elif 8 <= delta <= 20:
            step = (delta - 7) / 13
            inv[k] *= 0.3 + 0.7 * step
            power[k] *= 0.6 + 0.4 * step
        if d.month == 10 and d.day <= 7:
            inv[k], power[k] = 0.25, 0.75
        if d.month == 5 and d.day <= 5:
            inv[k], power[k] = 0.5, 0.85
        following = d + dt.timedelta(days=2)
        if following.month != d.month:
            inv[k] *= 1.3 * (1.1 if d.month % 3 == 0 else 1.0)
    return Calendar(days, month, inv, power)


@dataclass
class Daily:
    """Daily series, shape ``(n, days)``; ``first``/``last`` bound each unit's rows.

    Attributes:
        invoices: 元 per day.
        electricity: kWh per day.
        first: index of each enterprise's first day with data.
        stop: one past its last day with data.
    """

    invoices: np.ndarray
    electricity: np.ndarray
    first: np.ndarray
    stop: np.ndarray


def draw_daily(
    streams: Streams,
    firms: Firms,
    monthly: Monthly,
    cal_: Calendar,
    goal: cal.Targets,
) -> Daily:
    """Daily invoices and electricity of every 规上 enterprise (calibrated)."""
    rng = streams("daily")
    n = firms.n
    months = slice(month_index(2022, 1), month_index(2024, 12) + 1)
    output = monthly.output[:, months].astype(float)
    active = active_months(firms)[:, months]

    ratio = rng.lognormal(np.log(cal.INVOICE_PER_OUTPUT), 0.15, size=n)
    drift23 = rng.normal(*cal.INVOICE_DRIFT_2023, size=n)
    drift24 = drift23 + rng.normal(0.0, 0.03, size=n)
    drift = np.concatenate(
        [
            np.zeros((n, 12)),
            np.repeat(drift23[:, None], 12, 1),
            np.repeat(drift24[:, None], 12, 1),
        ],
        axis=1,
    )
    invoice_month = (
        output * 1000 * ratio[:, None] * np.exp(drift + rng.normal(0, 0.03, (n, 36)))
    )
    _calibrate_invoices(firms, invoice_month, goal.invoices)

    intensity = np.array([ENERGY_INTENSITY[a.group] for a in firms.activity])
    intensity *= rng.lognormal(0.0, 0.3, size=n)
    mean_output = output.sum(axis=1) / np.maximum(active.sum(axis=1), 1)
    power_month = (
        intensity[:, None]
        * (0.35 * mean_output[:, None] + 0.65 * output)
        * active
        * np.exp(rng.normal(0.0, 0.03, (n, 36)))
    )

    day_month = cal_.month - month_index(2022, 1)
    day_active = active[:, day_month]
    inv_w = cal_.invoice_factor[None, :] * np.exp(
        rng.normal(0, 0.08, (n, len(day_month)))
    )
    pow_w = cal_.power_factor[None, :] * np.exp(
        rng.normal(0, 0.05, (n, len(day_month)))
    )
    invoices = _spread(invoice_month, inv_w * day_active, day_month)
    electricity = _spread(power_month, pow_w * day_active, day_month)
    _fix_invoice_residuals(firms, invoices, cal_, goal.invoices)

    has = day_active.any(axis=1)
    first = np.where(has, day_active.argmax(axis=1), 0)
    stop = np.where(has, len(day_month) - day_active[:, ::-1].argmax(axis=1), 0)
    return Daily(invoices, electricity, first, stop)


def _spread(
    amounts: np.ndarray, weights: np.ndarray, day_month: np.ndarray
) -> np.ndarray:
    """Distribute monthly amounts over the days by weight; round to integers."""
    starts = np.flatnonzero(np.r_[True, day_month[1:] != day_month[:-1]])
    totals = np.add.reduceat(weights, starts, axis=1)
    per_weight = np.divide(
        amounts, totals, out=np.zeros_like(amounts), where=totals > 0
    )
    return np.rint(weights * per_weight[:, day_month]).astype(np.int64)


def _calibrate_invoices(
    firms: Firms, invoice_month: np.ndarray, goal: cal.Published
) -> None:
    group = firms.above_in(2023)
    target = float(goal.current(cal.YUAN_PER_YI))
    base = float(goal.base(cal.YUAN_PER_YI))
    invoice_month[group, 12:] *= target / invoice_month[group, 12:24].sum()
    invoice_month[group, :12] *= base / invoice_month[group, :12].sum()


def _fix_invoice_residuals(
    firms: Firms, invoices: np.ndarray, cal_: Calendar, goal: cal.Published
) -> None:
    """Put the 2023 set's 2023 and 2022 invoice sums on the targets, to the 元."""
    group = firms.above_in(2023)
    y22 = slice(cal_.index(dt.date(2022, 1, 1)), cal_.index(dt.date(2023, 1, 1)))
    y23 = slice(cal_.index(dt.date(2023, 1, 1)), cal_.index(dt.date(2024, 1, 1)))
    size = invoices[:, y22].sum(axis=1)
    j = cal.largest(size, group)
    for days, target, day in (
        (y23, goal.current(cal.YUAN_PER_YI), dt.date(2023, 6, 14)),
        (y22, goal.base(cal.YUAN_PER_YI), dt.date(2022, 6, 15)),
    ):
        invoices[j, cal_.index(day)] += target - int(invoices[group, days].sum())
