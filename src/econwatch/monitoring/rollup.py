"""Keep :class:`DailyMonthTotal` equal to the monthly sums of the daily tables.

The SQL is built by :func:`refresh_sql` (a pure function of the database vendor
and the month range) and run in :func:`refresh`, inside one transaction: the
months' totals are deleted and recomputed with ``INSERT … SELECT … GROUP BY``.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import connection, transaction

log = logging.getLogger(__name__)

_MONTH = {
    "sqlite": "substr({col}, 1, 7)",
    "postgresql": "to_char({col}, 'YYYY-MM')",
}


def refresh_sql(vendor: str, bounded: bool) -> tuple[str, str]:
    """The DELETE and INSERT statements for a vendor (parameters: months, days).

    Args:
        vendor: ``sqlite`` or ``postgresql``.
        bounded: Restrict to a month range (first/last month, first/last day).
    """
    month = _MONTH[vendor]
    inv, kwh = month.format(col="i.day"), month.format(col="e.day")
    where_m = "WHERE month BETWEEN %s AND %s" if bounded else ""
    where_i = "WHERE i.day BETWEEN %s AND %s" if bounded else ""
    where_e = "WHERE e.day BETWEEN %s AND %s" if bounded else ""
    delete = f"DELETE FROM monitoring_dailymonthtotal {where_m}"
    insert = f"""
        INSERT INTO monitoring_dailymonthtotal (unit_id, month, invoices, kwh)
        SELECT unit_id, month, SUM(inv), SUM(kwh) FROM (
            SELECT i.unit_id AS unit_id, {inv} AS month, i.amount AS inv,
                   NULL AS kwh
            FROM monitoring_dailyinvoice i {where_i}
            UNION ALL
            SELECT e.unit_id, {kwh}, NULL, e.kwh
            FROM monitoring_dailyelectricity e {where_e}
        ) AS d
        GROUP BY unit_id, month
    """
    return delete, insert


def _month_bounds(first: dt.date, last: dt.date) -> tuple[str, str, dt.date, dt.date]:
    start = first.replace(day=1)
    following = (last.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    end = following - dt.timedelta(days=1)
    return f"{start:%Y-%m}", f"{end:%Y-%m}", start, end


def refresh(first: dt.date | None = None, last: dt.date | None = None) -> None:
    """Recompute the monthly totals of the months touching ``first``…``last``.

    Without dates, every month is recomputed.
    """
    bounded = first is not None and last is not None
    delete, insert = refresh_sql(connection.vendor, bounded)
    params: list[Any] = []
    days: list[Any] = []
    if first is not None and last is not None:
        m1, m2, d1, d2 = _month_bounds(first, last)
        params, days = [m1, m2], [d1, d2, d1, d2]
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(delete, params)
        cur.execute(insert, days)


def after_import(batch: Any) -> None:
    """Refresh the months an accepted daily import touched (an import hook)."""
    if getattr(batch, "status", None) != "ok":
        return
    if getattr(batch, "kind", "") not in ("invoices", "electricity"):
        return
    summary = getattr(batch, "summary", None) or {}
    if not any(summary.get(k) for k in ("inserted", "updated")):
        return
    first, last = summary.get("first_day"), summary.get("last_day")
    if first and last:
        refresh(dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    else:
        refresh()
