"""Remember expensive page figures until the data they come from change.

The year-to-date invoice and electricity sums read every daily row of two years
(about three million rows for the district), which takes seconds; pages ask for
the same figures again and again between two imports. So the indicator sets and
daily series are kept in Django's cache under a key that includes a
*fingerprint* of the data: the highest id of every table they read. Imports add
rows (and an import batch), register edits add audit entries, so any change
gives a new fingerprint and the old entries are simply never read again.

Alerts are not remembered: their status changes by the minute.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models import Max, Model

from econwatch.monitoring.models import (
    DailyElectricity,
    DailyInvoice,
    ImportBatch,
    MonthlyReport,
    OfficialFigure,
)
from econwatch.register.models import (
    AuditEntry,
    ReportingScope,
    TaxonomyNode,
    Unit,
    UnitTag,
    UnitYear,
)

T = TypeVar("T")

TIMEOUT = 6 * 3600
"""Seconds an entry is kept (it is also dropped as soon as the data change)."""


def _watched() -> list[type[Model]]:
    return [
        MonthlyReport,
        DailyInvoice,
        DailyElectricity,
        ImportBatch,
        OfficialFigure,
        Unit,
        UnitYear,
        UnitTag,
        AuditEntry,
        TaxonomyNode.units.through,
        ReportingScope.divisions.through,
    ]


FRESH = 1.0
"""Seconds a fingerprint is reused (one page asks for it several times)."""

_last: tuple[float, str] = (-FRESH, "")


def fingerprint() -> str:
    """The highest primary key of every table the pages read, as one string.

    Each is an index lookup; the result is reused for :data:`FRESH` seconds, so a
    page that remembers several figures reads it once.
    """
    global _last
    now = time.monotonic()
    if now - _last[0] < FRESH:
        return _last[1]
    parts = [
        str(model.objects.aggregate(top=Max("pk"))["top"] or 0) for model in _watched()
    ]
    _last = (now, ".".join(parts))
    return _last[1]


def forget_fingerprint() -> None:
    """Read the fingerprint afresh next time (tests change data within a second)."""
    global _last
    _last = (-FRESH, "")


def remember(name: str, args: tuple[Any, ...], build: Callable[[], T]) -> T:
    """The cached result of ``build()`` for ``name(args)`` under today's data.

    Args:
        name: What is computed (``indicators``, ``daily``).
        args: Everything the result depends on besides the data (period, scope …),
            as values with a stable ``repr``.
        build: Computes the result when it is not cached.
    """
    raw = repr((name, args, fingerprint())).encode()
    key = "monitoring:" + hashlib.sha256(raw).hexdigest()
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, TIMEOUT)
    return found
