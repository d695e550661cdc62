"""Pure decisions of the built-in rule kinds, from numbers to a verdict with words.

Each function gets one enterprise's figures and answers ``fire`` (the condition
holds), ``clear`` (the data show it does not) or ``na`` (the data cannot tell: no
base, too few periods). Only ``clear`` ends an alert's episode, so missing data
never closes an alert. The Chinese text is what the bureau reads in the alert.
Framework-free.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from econwatch.core.stats import Comparison, format_percent, growth_phrase

State = Literal["fire", "clear", "na"]


@dataclass(frozen=True)
class Verdict:
    """What a rule says about one enterprise.

    Attributes:
        state: ``fire``, ``clear`` or ``na``.
        text: The reason in Chinese (the numbers that decided).
        numbers: The same numbers for the evidence JSON.
    """

    state: State
    text: str = ""
    numbers: dict[str, Any] = field(default_factory=dict)


def _pct(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 2)


def yoy_drop(
    current: Sequence[int],
    base: Sequence[int],
    threshold_pct: Decimal,
    labels: Sequence[str],
    what: str = "开票销售",
) -> Verdict:
    """Fires when every period falls more than ``threshold_pct`` % year on year.

    Args:
        current: Totals of the periods, most recent first.
        base: Their comparison totals last year.
        threshold_pct: The decline that alarms, in percent (20 for −20 %).
        labels: A label per period (``"2024-03-09至2024-03-15"``).
        what: The indicator's Chinese name.
    """
    growths = [
        Comparison.of(c, b).growth_pct for c, b in zip(current, base, strict=True)
    ]
    limit = -Fraction(threshold_pct)
    numbers = {
        "periods": [
            {"label": lab, "value": c, "base": b, "growth_pct": _pct(g)}
            for lab, c, b, g in zip(labels, current, base, growths, strict=True)
        ],
        "threshold_pct": float(threshold_pct),
    }
    if any(g is not None and g >= limit for g in growths):
        return Verdict("clear", numbers=numbers)
    if any(g is None for g in growths):
        return Verdict("na", numbers=numbers)
    parts = "、".join(format_percent(-g) for g in growths if g is not None)
    line = format_percent(Fraction(threshold_pct))
    if len(growths) == 1:
        text = f"{what}近一周（{labels[0]}）同比下降{parts}，超过{line}的预警线"
    else:
        text = (
            f"{what}连续{len(growths)}周同比下降，降幅依次为{parts}（由近及远），"
            f"均超过{line}的预警线"
        )
    return Verdict("fire", text, numbers)


def below_baseline(
    current: Sequence[int],
    baselines: Sequence[Sequence[int]],
    threshold_pct: Decimal,
    labels: Sequence[str],
    min_baseline: int = 0,
    what: str = "用电量",
) -> Verdict:
    """Fires when every period is below ``threshold_pct`` % of its baseline.

    The baseline of a period is the median of its baseline periods (robust to one
    odd week). A baseline under ``min_baseline`` tells nothing (``na``).

    Args:
        current: Totals of the periods, most recent first.
        baselines: For each period, the totals its baseline is the median of.
        threshold_pct: The share of the baseline under which it alarms (30).
        labels: A label per period.
        min_baseline: Smallest baseline worth judging.
        what: The indicator's Chinese name.
    """
    medians = [Fraction(statistics.median(b)) if b else None for b in baselines]
    shares = [
        None if m is None or m <= 0 or m < min_baseline else Fraction(c) / m * 100
        for c, m in zip(current, medians, strict=True)
    ]
    numbers = {
        "periods": [
            {
                "label": lab,
                "value": c,
                "baseline": None if m is None else float(m),
                "share_pct": _pct(s),
            }
            for lab, c, m, s in zip(labels, current, medians, shares, strict=True)
        ],
        "threshold_pct": float(threshold_pct),
    }
    limit = Fraction(threshold_pct)
    if any(s is not None and s >= limit for s in shares):
        return Verdict("clear", numbers=numbers)
    if any(s is None for s in shares):
        return Verdict("na", numbers=numbers)
    parts = "、".join(format_percent(s) for s in shares if s is not None)
    if len(shares) == 1:
        text = (
            f"{what}近一周（{labels[0]}）仅为基线的{parts}，"
            f"低于{format_percent(limit)}的预警线"
        )
    else:
        text = (
            f"{what}连续{len(shares)}周低于基线的{format_percent(limit)}，"
            f"依次为基线的{parts}（由近及远）"
        )
    return Verdict("fire", text, numbers)


def overdue_reports(
    due: Sequence[tuple[str, str]],
    arrived: dict[str, str | None],
) -> Verdict:
    """Fires when a due monthly report is missing or came after its due day.

    Args:
        due: (period, due date) pairs of the periods checked.
        arrived: Period → arrival date (ISO) for the reports present; ``None`` when
            the arrival date is unknown (counted as on time).
    """
    missing = [(p, d) for p, d in due if p not in arrived]
    late = [
        (p, d, arrived[p])
        for p, d in due
        if p in arrived and arrived[p] is not None and str(arrived[p]) > d
    ]
    numbers = {
        "missing": [{"period": p, "due": d} for p, d in missing],
        "late": [{"period": p, "due": d, "arrived": a} for p, d, a in late],
    }
    if not missing and not late:
        return Verdict("clear", numbers=numbers)
    parts = [f"{p}月报逾期未报（应于{d}前报送）" for p, d in missing]
    parts += [f"{p}月报迟报（应于{d}前报送，{a}报送）" for p, d, a in late]
    return Verdict("fire", "；".join(parts), numbers)


def decline_streak(
    rows: Sequence[tuple[str, int | None, int | None]],
    persistence: int,
    threshold_pct: Decimal,
    what: str = "工业总产值",
) -> Verdict:
    """Fires when the latest ``persistence`` periods all grow below ``threshold_pct``.

    Args:
        rows: (period, value, base) of consecutive periods, most recent first; a
            missing report is ``(period, None, None)``.
        persistence: How many periods in a row.
        threshold_pct: Growth under which a period counts (0: any decline).
        what: The indicator's Chinese name.
    """
    rows = list(rows)[:persistence]
    limit = Fraction(threshold_pct)
    growths = [
        None if v is None or b is None else Comparison.of(v, b).growth_pct
        for _, v, b in rows
    ]
    numbers = {
        "periods": [
            {"period": p, "value": v, "base": b, "growth_pct": _pct(g)}
            for (p, v, b), g in zip(rows, growths, strict=True)
        ],
        "threshold_pct": float(threshold_pct),
    }
    growing = any(
        (g is not None and g >= limit) or (g is None and v is not None and v > 0)
        for (_, v, _), g in zip(rows, growths, strict=True)
    )
    if growing:
        return Verdict("clear", numbers=numbers)
    if len(rows) < persistence or any(g is None for g in growths):
        return Verdict("na", numbers=numbers)
    parts = "、".join(
        f"{p}{growth_phrase(g)}" for (p, _, _), g in zip(rows, growths, strict=True)
    )
    cond = "同比下降" if limit == 0 else f"同比增速低于{format_percent(limit)}"
    text = f"{what}当月{cond}已连续{len(rows)}个月：{parts}"
    return Verdict("fire", text, numbers)


def run_rate_below(
    period: str,
    revenue_ytd_qianyuan: int | None,
    months: int,
    threshold_wanyuan: Decimal,
    min_months: int = 1,
) -> Verdict:
    """Fires when the year's revenue run-rate is below the 规上 line.

    Run-rate = 1—N月营业收入 × 12 ÷ N. Revenue is stored in 千元; the threshold is
    in 万元 (2000 for 规上工业).

    Args:
        period: The report's period, ``YYYY-MM`` (N is its month).
        revenue_ytd_qianyuan: 1—N月营业收入 in 千元, or ``None``.
        months: N, the months the cumulative figure covers.
        threshold_wanyuan: The line in 万元.
        min_months: Fewer months than this tell nothing (1–2月 is seasonally low).
    """
    if revenue_ytd_qianyuan is None or months < min_months:
        return Verdict("na", numbers={"period": period})
    run_rate_wan = Fraction(revenue_ytd_qianyuan) * 12 / months / 10
    numbers = {
        "period": period,
        "revenue_ytd_wanyuan": round(revenue_ytd_qianyuan / 10, 1),
        "months": months,
        "run_rate_wanyuan": round(float(run_rate_wan), 1),
        "threshold_wanyuan": float(threshold_wanyuan),
    }
    if run_rate_wan >= Fraction(threshold_wanyuan):
        return Verdict("clear", numbers=numbers)
    text = (
        f"{period[:4]}年1—{months}月营业收入{revenue_ytd_qianyuan / 10:.1f}万元，"
        f"按序时折算全年约{float(run_rate_wan):.1f}万元，"
        f"低于规上标准{threshold_wanyuan.normalize():f}万元，存在退规风险"
    )
    return Verdict("fire", text, numbers)
