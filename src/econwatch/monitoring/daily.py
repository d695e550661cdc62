"""Loading the daily series (invoices, electricity) from the database.

Thin loaders over :mod:`econwatch.monitoring.window` and
:mod:`econwatch.monitoring.watch`: every sum is done in SQL (``GROUP BY day`` or
``GROUP BY unit, window``), over only the days the figures need, so a district's
two million rows a year never come into Python.

A :class:`Selection` names the enterprises: the district (everything), a reporting
scope (全区, 不含经开区 …), a town, a tag (骨干企业 …), explicit unit ids, or several
of these at once (they intersect). Pass ``user`` to restrict to what that user may
see (a town officer, their town).

Example:
    >>> watch = daily_watch("invoices", Selection(town="320412100000"))
    >>> watch.summary()
    '截至2024-03-15，近7日开票销售…'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, IntegerField, Max, Q, QuerySet, Sum, Value, When

from econwatch.accounts.scoping import unit_filter
from econwatch.monitoring.models import DailyElectricity, DailyInvoice, DailyMonthTotal
from econwatch.monitoring.watch import (
    DailyWatch,
    daily_watch_from_totals,
    windows_needed,
)
from econwatch.monitoring.window import (
    Window,
    disjoint_layers,
    fill_days,
    merge_windows,
)
from econwatch.register.models import ReportingScope, UnitTag

RECENT_DAYS = 7
"""How many of the series' newest days :func:`last_day` tries one by one."""

_SOURCES: dict[str, tuple[type[DailyInvoice] | type[DailyElectricity], str]] = {
    "invoices": (DailyInvoice, "amount"),
    "electricity": (DailyElectricity, "kwh"),
}


class SelectionError(LookupError):
    """A selection naming something that does not exist, with what to do."""


def tag_holders(code: str, on: date | None = None) -> QuerySet[UnitTag]:
    """The unit ids holding a tag (on a day, if given), as a subquery."""
    qs = UnitTag.objects.filter(tag__code=code)
    if on is not None:
        qs = qs.filter(valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )
    return qs.values("unit_id")


@dataclass(frozen=True)
class Selection:
    """Which enterprises a series sums over; empty means the whole district.

    Attributes:
        scope: A reporting scope's code or name (统计口径).
        town: A town's 12-digit statistical division code.
        tag: A tag code (the backbone list, 高新 …), held on ``tag_on`` (any time if
            ``None``).
        unit_ids: Explicit unit ids (one enterprise: one id).
        tag_on: The day the tag must be held.
    """

    scope: str | None = None
    town: str | None = None
    tag: str | None = None
    unit_ids: tuple[int, ...] | None = None
    tag_on: date | None = None

    def unit_q(self, prefix: str = "unit__") -> Q:
        """A filter on rows whose unit is reached through ``prefix``.

        Raises:
            SelectionError: the scope code or name does not exist.
        """
        q = Q()
        if self.scope is not None:
            found = ReportingScope.objects.filter(
                Q(code=self.scope) | Q(name=self.scope)
            ).first()
            if found is None:
                raise SelectionError(
                    f"统计口径 {self.scope!r} 不存在；"
                    "请在管理后台“统计口径”中查看可用的代码"
                )
            divisions = found.divisions.values("code12")
            q &= Q(**{f"{prefix}division_id__in": divisions})
        if self.town is not None:
            q &= Q(**{f"{prefix}division_id": self.town})
        if self.tag is not None:
            q &= Q(**{f"{prefix}pk__in": tag_holders(self.tag, self.tag_on)})
        if self.unit_ids is not None:
            q &= Q(**{f"{prefix}pk__in": list(self.unit_ids)})
        return q


def _rows(
    measure: str, selection: Selection, user: object | None
) -> tuple[QuerySet[DailyInvoice] | QuerySet[DailyElectricity], str]:
    try:
        model, field = _SOURCES[measure]
    except KeyError:
        raise SelectionError(
            f"日度指标 {measure!r} 不存在；可选：{'、'.join(_SOURCES)}"
        ) from None
    qs = model.objects.filter(selection.unit_q())
    if user is not None:
        qs = qs.filter(unit_filter(user, "unit__"))
    return qs, field


def _days_q(windows: Iterable[Window]) -> Q:
    q = Q(pk__in=[])
    for start, end in merge_windows(windows):
        q |= Q(day__range=(start, end))
    return q


def last_day(
    measure: str, selection: Selection | None = None, user: object | None = None
) -> date | None:
    """The last day with data for a selection (the series' "today").

    Usually the selection has data on the series' newest day (one index look-up)
    or a few days before it (one look-up each). Otherwise the monthly roll-up
    says from which month on to look: every daily row is in it, so no day of the
    selection lies before the first day of the roll-up's last month for it unless
    the measure's own series ends earlier — then the whole series is searched.
    At province scale this reads a day or a month of rows, not tens of millions.
    """
    selection = selection or Selection()
    qs, _ = _rows(measure, selection, user)
    model, _ = _SOURCES[measure]
    newest = model.objects.aggregate(last=Max("day"))["last"]
    if not isinstance(newest, date):
        return None
    for back in range(RECENT_DAYS):
        day = newest - timedelta(days=back)
        if qs.filter(day=day).exists():
            return day
    months = DailyMonthTotal.objects.filter(selection.unit_q())
    if user is not None:
        months = months.filter(unit_filter(user, "unit__"))
    month = months.aggregate(last=Max("month"))["last"]
    if month:
        start = date(int(month[:4]), int(month[5:7]), 1)
        found = qs.filter(day__gte=start).aggregate(last=Max("day"))["last"]
        if isinstance(found, date):
            return found
    found = qs.aggregate(last=Max("day"))["last"]
    return found if isinstance(found, date) else None


def daily_totals(
    measure: str,
    windows: Sequence[Window],
    selection: Selection | None = None,
    user: object | None = None,
) -> dict[date, int]:
    """Day → total over a selection, for the days inside ``windows`` only.

    One ``SELECT day, SUM(..) ... GROUP BY day`` restricted to the union of the
    windows' day ranges.

    Args:
        measure: ``invoices`` (元) or ``electricity`` (kWh).
        windows: The windows whose days are needed.
        selection: The enterprises (default: the whole district).
        user: Restrict to the rows this user may see.
    """
    qs, field = _rows(measure, selection or Selection(), user)
    rows = (
        qs.filter(_days_q(windows))
        .values("day")
        .annotate(total=Sum(field))
        .values_list("day", "total")
    )
    return {day: int(total or 0) for day, total in rows}


def daily_series(
    measure: str,
    start: date,
    end: date,
    selection: Selection | None = None,
    user: object | None = None,
) -> list[tuple[date, int]]:
    """One (day, total) per day from ``start`` to ``end``, days without data as 0.

    For charts: call it again with the comparison window for last year's line.
    """
    window = Window(start, end)
    totals = daily_totals(measure, [window], selection, user)
    values = fill_days(totals, start, end)
    return [(d, v) for d, v in zip(_days(start, end), values, strict=True)]


def _days(start: date, end: date) -> list[date]:
    return [date.fromordinal(o) for o in range(start.toordinal(), end.toordinal() + 1)]


def unit_window_totals(
    measure: str, windows: Sequence[Window], unit_q: Q | None = None
) -> dict[int, dict[Window, int]]:
    """Per enterprise, the total of each window: ``{unit_id: {window: total}}``.

    Non-overlapping windows are labelled with a ``CASE WHEN day BETWEEN ..`` and
    summed in one ``GROUP BY unit, window`` query; overlapping ones take one query
    per layer of disjoint windows. Windows without rows are absent (read as 0).

    Args:
        measure: ``invoices`` or ``electricity``.
        windows: The windows to sum.
        unit_q: A filter on the rows' unit (``unit__...`` lookups), or ``None``.
    """
    qs, field = _rows(measure, Selection(), None)
    if unit_q is not None:
        qs = qs.filter(unit_q)
    out: dict[int, dict[Window, int]] = defaultdict(dict)
    for layer in disjoint_layers(windows):
        bucket = Case(
            *[
                When(day__range=(w.start, w.end), then=Value(i))
                for i, w in enumerate(layer)
            ],
            output_field=IntegerField(),
        )
        rows = (
            qs.filter(_days_q(layer))
            .annotate(bucket=bucket)
            .values("unit_id", "bucket")
            .annotate(total=Sum(field))
            .values_list("unit_id", "bucket", "total")
        )
        for unit_id, index, total in rows:
            out[unit_id][layer[index]] = int(total or 0)
    return dict(out)


def daily_watch(
    measure: str,
    selection: Selection | None = None,
    as_of: date | None = None,
    user: object | None = None,
) -> DailyWatch | None:
    """The watch figures of a selection: 7-day and month-to-date sums and growth.

    Args:
        measure: ``invoices`` or ``electricity``.
        selection: The enterprises (default: the whole district).
        as_of: The last day to count (default: the last day with data).
        user: Restrict to the rows this user may see.

    Returns:
        The figures, or ``None`` when the selection has no data at all.
    """
    selection = selection or Selection()
    if as_of is None:
        as_of = last_day(measure, selection, user)
        if as_of is None:
            return None
    totals = daily_totals(measure, windows_needed(as_of), selection, user)
    return daily_watch_from_totals(measure, totals, as_of)
