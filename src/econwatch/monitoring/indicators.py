"""The monthly indicator set of a scope, computed from enterprises' own reports.

Library first: :func:`compute` is what the CLI, the cockpit and its JSON twin
call. All arithmetic is delegated to :mod:`econwatch.core.stats` (同口径 growth,
贡献率, 拉动, 增长面, ranks); this module only selects the enterprise rows:

* monthly indicators (产值, 营业收入, 利润) read the current vintage of the
  period's monthly reports — the set of enterprises that reported;
* daily indicators (开票销售, 用电量) sum the period's calendar days for the
  year's above-scale set (UnitYear.above_scale) and compare with the same
  calendar days of the previous year for the *same* enterprises.
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Protocol

from django.db.models import Q, Sum

from econwatch.core.stats import (
    DASH,
    Comparison,
    Period,
    PeriodError,
    classify_change,
    format_number,
    format_percent,
    gap_pp,
)
from econwatch.monitoring.catalogue import BY_CODE, CATALOGUE, Indicator
from econwatch.monitoring.models import DailyMonthTotal, MonthlyReport
from econwatch.register.models import (
    ReportingScope,
    UnitYear,
)

if TYPE_CHECKING:
    from econwatch.monitoring.breakdowns import Membership


class IndicatorError(ValueError):
    """A request the indicator layer cannot answer, with a stable code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Row:
    """One enterprise's current figure and its own 上年同期."""

    unit_id: int
    current: int
    base: int


@dataclass
class Result:
    """One indicator over the scope."""

    indicator: Indicator
    comparison: Comparison
    enterprises: int
    grown: int
    rows: list[Row] = field(repr=False, default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view: exact values as strings, display texts beside them."""
        i, c = self.indicator, self.comparison
        label = classify_change(c.value, c.base) if i.signed_base else None
        growth = c.growth_pct
        return {
            "code": i.code,
            "name": i.name,
            "unit": i.unit,
            "display_unit": i.display,
            "value": _exact(c.value),
            "base": _exact(c.base),
            "increment": _exact(c.increment),
            "growth_pct": _exact(growth),
            "value_text": display_value(i, c.value),
            "increment_text": display_value(i, c.increment),
            "growth_text": growth_text(i, c),
            "change_label": str(label) if label is not None else None,
            "enterprises": self.enterprises,
            "grown": self.grown,
            "breadth_pct": _exact(growth_breadth_pct(self.grown, self.enterprises)),
        }


def _exact(value: Fraction | None) -> str | None:
    """An exact decimal text when the fraction has one, else 12 decimals."""
    if value is None:
        return None
    if value.denominator == 1:
        return str(value.numerator)
    return format_number(value, 12).rstrip("0").rstrip(".")


def growth_breadth_pct(grown: int, total: int) -> Fraction | None:
    """增长面 in percent."""
    return Fraction(grown * 100, total) if total else None


def display_value(indicator: Indicator, value: Fraction) -> str:
    """The value as the bureau prints it, e.g. ``3984.7亿元``."""
    scaled = value / indicator.per_display
    return f"{format_number(scaled, indicator.places)}{indicator.display}"


def growth_text(indicator: Indicator, comparison: Comparison) -> str:
    """Growth with one decimal, or the profit label when the base is not positive."""
    growth = comparison.growth_pct
    if growth is None:
        if indicator.signed_base:
            return str(classify_change(comparison.value, comparison.base))
        return DASH
    return format_percent(growth, 1)


# --- periods and scopes -------------------------------------------------------


@dataclass(frozen=True)
class PeriodSpec:
    """The month asked for and the two statistical periods it closes."""

    year: int
    month: int
    ytd: Period
    current_month: Period

    @property
    def code(self) -> str:
        """``YYYY-MM`` as stored on monthly reports."""
        return f"{self.year:04d}-{self.month:02d}"


def parse_period(text: str) -> PeriodSpec:
    """Read ``YYYY-MM``; January alone is refused (1—2月 is one period).

    Raises:
        IndicatorError: the text is not a month, or it is a January.
    """
    try:
        year, month = (int(x) for x in text.strip().split("-"))
        if not 1 <= month <= 12:
            raise ValueError(text)
    except ValueError:
        raise IndicatorError(
            "bad-period", f"报告期 {text!r} 应写作 YYYY-MM，例如 2023-12"
        ) from None
    if month == 1:
        raise IndicatorError(
            "january-alone",
            f"{year}年1月不单独发布（1—2月合并为一期）；请用 {year}-02 查看1—2月",
        )
    try:
        return PeriodSpec(
            year, month, Period.ytd(year, month), Period.month(year, month)
        )
    except PeriodError as exc:
        raise IndicatorError("bad-period", str(exc)) from exc


def resolve_scope(name: str) -> ReportingScope:
    """The reporting scope with this name or code.

    Raises:
        IndicatorError: no such scope (the message lists the known ones).
    """
    scope = ReportingScope.objects.filter(Q(name=name) | Q(code=name)).first()
    if scope is None:
        known = "、".join(ReportingScope.objects.values_list("name", flat=True))
        raise IndicatorError(
            "unknown-scope",
            f"统计口径 {name!r} 不存在；可选：{known or '（尚未定义）'}",
        )
    return scope


class Area(Protocol):
    """Where indicators are computed: a reporting scope, or one town as a scope."""

    code: str
    name: str

    @property
    def divisions(self) -> Any:
        """The towns (a queryset of ``Division``) the area covers."""


def _scope_units(scope: Area) -> Q:
    return Q(unit__division__in=scope.divisions.all())


# --- enterprise rows ----------------------------------------------------------


def monthly_rows(indicator: Indicator, spec: PeriodSpec, scope: Area) -> list[Row]:
    """Rows of the period's current monthly reports within the scope.

    The 当月 of February is 1—2月, so it reads the cumulative fields.
    """
    current, base = indicator.current, indicator.base
    if not indicator.cumulative and spec.month == 2:
        current, base = "output_ytd", "output_ytd_base"
    qs = (
        MonthlyReport.objects.filter(period=spec.code, is_current=True)
        .filter(_scope_units(scope))
        .exclude(**{f"{current}__isnull": True})
        .exclude(**{f"{base}__isnull": True})
        .values_list("unit_id", current, base)
    )
    return [Row(u, c, b) for u, c, b in qs]


def daily_rows(indicator: Indicator, spec: PeriodSpec, scope: Area) -> list[Row]:
    """Σ of the period's days and of the same days last year, per above-scale unit.

    The period is whole months (1—M月), so the monthly roll-up of the daily
    tables (:class:`DailyMonthTotal`) gives exactly the daily sums.
    """
    column = "invoices" if indicator.source == "invoices" else "kwh"
    months = [f"{spec.year:04d}-{m:02d}" for m in range(1, spec.month + 1)]
    base_months = [f"{spec.year - 1:04d}-{m:02d}" for m in range(1, spec.month + 1)]
    units = UnitYear.objects.filter(year=spec.year, above_scale=True).filter(
        _scope_units(scope)
    )
    qs = (
        DailyMonthTotal.objects.filter(unit_id__in=units.values("unit_id"))
        .filter(month__in=months + base_months)
        .values("unit_id")
        .annotate(
            cur=Sum(column, filter=Q(month__in=months)),
            base=Sum(column, filter=Q(month__in=base_months)),
        )
        .values_list("unit_id", "cur", "base")
    )
    return [Row(u, c or 0, b or 0) for u, c, b in qs]


def rows_for(indicator: Indicator, spec: PeriodSpec, scope: Area) -> list[Row]:
    """The enterprise rows an indicator is computed from."""
    if indicator.source == "monthly":
        return monthly_rows(indicator, spec, scope)
    return daily_rows(indicator, spec, scope)


def summarise(indicator: Indicator, rows: list[Row]) -> Result:
    """Σ current / Σ 上年同期 over the same enterprises."""
    total = Comparison(
        Fraction(sum(r.current for r in rows)), Fraction(sum(r.base for r in rows))
    )
    grown = sum(1 for r in rows if r.current > r.base)
    return Result(indicator, total, len(rows), grown, rows)


# --- the whole set ------------------------------------------------------------


def last_year_output(spec: PeriodSpec, scope: Area) -> dict[int, int]:
    """Last year's same-period 工业总产值 (1—本月累计) per reporting enterprise."""
    last = MonthlyReport.objects.filter(
        period=f"{spec.year - 1:04d}-{spec.month:02d}", is_current=True
    ).filter(_scope_units(scope))
    return dict(last.values_list("unit_id", "output_ytd"))


class RowSource(Protocol):
    """Where :func:`compute` reads enterprise rows: the platform's database
    (:data:`DATABASE`) or a warehouse of the same tables on another engine
    (:class:`econwatch.monitoring.warehouse.Warehouse`: DuckDB, Spark …).

    A source only selects rows; every sum, ratio and rank is done by the same
    code whichever source gave the rows.
    """

    def resolve_scope(self, name: str) -> Any:
        """The area named by a reporting scope's name or code."""

    def rows(self, indicator: Indicator, spec: PeriodSpec, scope: Any) -> list[Row]:
        """The enterprise rows an indicator is computed from."""

    def last_year_output(self, spec: PeriodSpec, scope: Any) -> dict[int, int]:
        """Last year's same-period 工业总产值 per reporting enterprise."""

    def membership(self, by: str, unit_ids: list[int], on: dt.date) -> Membership:
        """The groups of each enterprise for a breakdown dimension."""


class DatabaseSource:
    """Rows from the platform's own database, through the Django ORM."""

    def resolve_scope(self, name: str) -> Area:
        """The reporting scope with this name or code."""
        return resolve_scope(name)

    def rows(self, indicator: Indicator, spec: PeriodSpec, scope: Area) -> list[Row]:
        """See :func:`rows_for`."""
        return rows_for(indicator, spec, scope)

    def last_year_output(self, spec: PeriodSpec, scope: Area) -> dict[int, int]:
        """See :func:`last_year_output`."""
        return last_year_output(spec, scope)

    def membership(self, by: str, unit_ids: list[int], on: dt.date) -> Membership:
        """See :func:`econwatch.monitoring.breakdowns.membership`."""
        from econwatch.monitoring.breakdowns import membership

        return membership(by, unit_ids, on)


DATABASE = DatabaseSource()


def scope_change(
    spec: PeriodSpec, result: Result, last_rows: dict[int, int]
) -> dict[str, Any]:
    """Why Σ this year ÷ last year's published Σ differs from comparable growth.

    Last year's "published-style" total is the same period's Σ of last year's
    reporting set (``last_rows``: enterprise → 工业总产值); the enterprise sets
    differ by entries (小升规, 新投产) and exits (退库), which is why the bureau
    divides by the enterprises' own 上年同期.
    """
    this_ids = {r.unit_id for r in result.rows}
    published_last = Fraction(sum(last_rows.values()))
    naive = (
        (result.comparison.value / published_last - 1) * 100 if published_last else None
    )
    comparable = result.comparison.growth_pct
    gap = (
        gap_pp(naive, comparable)
        if naive is not None and comparable is not None
        else None
    )
    entered = this_ids - last_rows.keys()
    left = last_rows.keys() - this_ids
    text = DASH
    if naive is not None and comparable is not None and gap is not None:
        text = (
            f"与上年同期公布总量直接相比为{format_percent(naive, 1)}，"
            f"同口径增速为{format_percent(comparable, 1)}，"
            f"相差{format_number(abs(gap), 1)}个百分点：规上企业范围变化"
            f"（本期新纳入{len(entered)}家、退出{len(left)}家），"
            "增速按同一批企业的上年同期数计算。"
        )
    return {
        "published_last_year": _exact(published_last),
        "published_last_year_text": display_value(result.indicator, published_last),
        "naive_growth_pct": _exact(naive),
        "comparable_growth_pct": _exact(comparable),
        "gap_pp": _exact(gap),
        "entered": len(entered),
        "left": len(left),
        "text": text,
    }


def compute(
    period: str,
    scope: str | Area = "全区",
    *,
    by: str | None = None,
    codes: Iterable[str] | None = None,
    breakdown_of: str = "output_ytd",
    source: RowSource = DATABASE,
) -> dict[str, Any]:
    """Every indicator of a month for a scope, optionally broken down.

    Args:
        period: ``YYYY-MM``; the YTD and the month it closes are computed.
        scope: A reporting scope's name or code (全区, 不含经开区 …), or an
            :class:`Area` such as one town.
        by: A dimension (see :mod:`econwatch.monitoring.breakdowns`).
        codes: Indicator codes (default: the whole catalogue).
        breakdown_of: The indicator the breakdown splits.
        source: Where the enterprise rows come from (default: the platform's
            database; a :class:`~econwatch.monitoring.warehouse.Warehouse`
            reads the same tables on DuckDB or Spark).

    Returns:
        A JSON-ready dict: period, scope, indicators, scope change, breakdown.

    Raises:
        IndicatorError: bad period, scope, dimension or indicator code.
    """
    from econwatch.monitoring.breakdowns import breakdown

    spec = parse_period(period)
    where = source.resolve_scope(scope) if isinstance(scope, str) else scope
    chosen = list(codes) if codes else [i.code for i in CATALOGUE]
    unknown = [c for c in chosen if c not in BY_CODE]
    if unknown or breakdown_of not in BY_CODE:
        raise IndicatorError(
            "unknown-indicator",
            f"指标 {unknown or breakdown_of} 不存在；可选：{'、'.join(BY_CODE)}",
        )
    results = {
        code: summarise(BY_CODE[code], source.rows(BY_CODE[code], spec, where))
        for code in dict.fromkeys([*chosen, breakdown_of])
    }
    out: dict[str, Any] = {
        "period": {
            "code": spec.code,
            "ytd": str(spec.ytd),
            "ytd_label": spec.ytd.label(),
            "month_label": spec.current_month.label(),
        },
        "scope": {"code": where.code, "name": where.name},
        "indicators": [results[c].as_dict() for c in chosen],
    }
    headline = results.get("output_ytd")
    if headline is not None:
        out["scope_change"] = scope_change(
            spec, headline, source.last_year_output(spec, where)
        )
    if by:
        on = dt.date(spec.year, spec.month, monthrange(spec.year, spec.month)[1])
        target = results[breakdown_of]
        member = source.membership(by, [r.unit_id for r in target.rows], on)
        out["breakdown"] = breakdown(target, member, f"{where.name}规上工业")
    return out
