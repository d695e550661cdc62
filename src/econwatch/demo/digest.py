"""Content digests of the demo's tables, independent of database ids.

Two builds with the same seed must give the same digests (on SQLite and
PostgreSQL alike); any change of a value changes them. Units are identified by
their 统一社会信用代码, or by kind and name where they have none.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from econwatch.demo.build import demo_state
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
