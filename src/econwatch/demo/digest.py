"""Content digests of the demo: of its tables, and of a plan in memory.

Two builds with the same seed must give the same table digests (on SQLite and
PostgreSQL alike), independent of database ids; any change of a value changes
them. Units are identified by their 统一社会信用代码, or by kind and name where
they have none. :func:`plan_digests` hashes what the generator made before it
is written, so that work on the generator's speed can prove it changed nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable
from typing import Any

import numpy as np

from econwatch.demo.build import demo_state
from econwatch.demo.plan import District
from econwatch.demo.reports import report_rows
from econwatch.demo.rng import Streams
from econwatch.monitoring.models import DailyElectricity, DailyInvoice, MonthlyReport
from econwatch.register.models import TaxonomyNode, Unit, UnitName, UnitTag, UnitYear

_UNIT_FIELDS = (
    "id",
    "kind",
    "uscc",
    "name",
    "legal_unit_id",
    "division_id",
    "zone_code",
    "address",
    "industry_id",
    "reg_category_id",
    "status",
    "size_class",
    "employees",
    "revenue",
    "founded",
    "operator_name",
    "operator_id_hash",
    "operator_id_last4",
    "phone",
)


def _hash(rows: Iterable[tuple[object, ...]]) -> str:
    h = hashlib.sha256()
    for row in sorted(tuple(str(v) for v in r) for r in rows):
        h.update(repr(row).encode("utf-8"))
    return h.hexdigest()


def table_digests() -> dict[str, str]:
    """SHA-256 of each demo table's rows, keyed by table."""
    state = demo_state()
    if state is None:
        return {}
    span = (state.first_id, state.last_id)
    units = list(Unit.objects.filter(id__range=span).values_list(*_UNIT_FIELDS))
    key = {u[0]: u[2] or f"{u[1]}:{u[3]}" for u in units}
    on_units = {"unit__gte": span[0], "unit__lte": span[1]}
    out = {
        "units": _hash((key[u[0]], *u[1:4], key.get(u[4], ""), *u[5:]) for u in units),
        "unit_years": _hash(
            (key[u], *rest)
            for u, *rest in UnitYear.objects.filter(**on_units).values_list(
                "unit_id", "year", "above_scale", "revenue", "employees"
            )
        ),
        "unit_names": _hash(
            (key[u], *rest)
            for u, *rest in UnitName.objects.filter(**on_units).values_list(
                "unit_id", "name", "valid_from", "valid_to"
            )
        ),
        "unit_tags": _hash(
            (key[u], *rest)
            for u, *rest in UnitTag.objects.filter(**on_units).values_list(
                "unit_id", "tag__code", "valid_from", "valid_to", "source"
            )
        ),
        "memberships": _hash(
            (key[u], *rest)
            for u, *rest in TaxonomyNode.units.through.objects.filter(
                **on_units
            ).values_list(
                "unit_id",
                "taxonomynode__version__taxonomy__code",
                "taxonomynode__version__label",
                "taxonomynode__code",
            )
        ),
        "monthly_reports": _hash(
            (key[u], *rest)
            for u, *rest in MonthlyReport.objects.filter(**on_units).values_list(
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
        ),
    }
    for name, model, value in (
        ("daily_invoices", DailyInvoice, "amount"),
        ("daily_electricity", DailyElectricity, "kwh"),
    ):
        rows = model.objects.filter(**on_units).values_list("unit_id", "day", value)
        out[name] = _hash(
            (key[u], d, v) for u, d, v in rows.iterator(chunk_size=50_000)
        )
    return out


def _feed(h: Any, value: object) -> None:
    """Add one value of a plan to a hash: arrays by dtype, shape and bytes."""
    if isinstance(value, np.ndarray):
        h.update(f"{value.dtype.str}{value.shape}".encode())
        h.update(np.ascontiguousarray(value).tobytes())
    elif isinstance(value, dict):
        for key in sorted(value, key=repr):
            h.update(repr(key).encode("utf-8"))
            _feed(h, value[key])
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            h.update(f.name.encode())
            _feed(h, getattr(value, f.name))
    elif isinstance(value, list | tuple):
        h.update(f"[{len(value)}".encode())
        for item in value:
            _feed(h, item)
    else:
        h.update(repr(value).encode("utf-8"))


def plan_digests(district: District) -> dict[str, str]:
    """SHA-256 of every part of a planned district, and of its report rows.

    What the generator made in memory, before any database: a change in how a
    plan is computed that changes no value leaves these equal.
    """
    out = {}
    for f in dataclasses.fields(district):
        if f.name in ("seed", "profile"):  # what was asked, not what was made
            continue
        h = hashlib.sha256()
        _feed(h, getattr(district, f.name))
        out[f.name] = h.hexdigest()
    rows = report_rows(
        Streams(district.seed),
        district.firms,
        district.levels,
        district.monthly,
        district.daily,
        district.calendar,
        district.errors,
        district.picks,
        np.arange(1, len(district.table) + 1, dtype=np.int64),
    )
    h = hashlib.sha256()
    for row in rows:
        h.update(repr(row).encode("utf-8"))
    out["report_rows"] = h.hexdigest()
    return out
