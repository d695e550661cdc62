"""Write a planned district into the database, or delete the demo from it.

Units get explicit ids (after the largest id present), so every row that refers
to a unit is written without looking anything up. Bulk rows go through
``bulk.BulkWriter``; the few rows of taxonomies, scopes and tags through the ORM.
Everything runs in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import numpy as np
from django.db import connection
from django.db.models import Max, Q

from econwatch.accounts.models import SiteSetting
from econwatch.demo.bulk import BulkWriter, DailyRows
from econwatch.demo.daily import Calendar, Daily
from econwatch.demo.geography import SCOPES, TOWNS
from econwatch.demo.identity import hash_ids, personal_id_salt
from econwatch.demo.plan import District
from econwatch.demo.reports import COLUMNS, report_rows
from econwatch.demo.rng import Streams
from econwatch.demo.tags import TAGS
from econwatch.demo.taxonomy import TAXONOMIES
from econwatch.monitoring.models import DailyElectricity, DailyInvoice, MonthlyReport
from econwatch.register.models import (
    Division,
    Industry,
    RegistrationCategory,
    ReportingScope,
    Tag,
    Taxonomy,
    TaxonomyNode,
    TaxonomyVersion,
    Unit,
    UnitName,
    UnitTag,
    UnitYear,
)

# Register timestamps of the demo: fixed, so that the build is deterministic.
REGISTERED_AT = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
Progress = Callable[[str, int, int], None]  # task, rows just done, task total


class StoreError(RuntimeError):
    """The database cannot take the demo (code lists missing, ids in use)."""


def check_code_lists(district: District) -> None:
    """Refuse to write when a code the demo uses is not in the database.

    Raises:
        StoreError: listing the missing towns, industries or categories.
    """
    table = district.table
    missing = []
    towns = {t.code12 for t in TOWNS}
    have = set(
        Division.objects.filter(code12__in=towns).values_list("code12", flat=True)
    )
    missing += [f"区划 {c}" for c in sorted(towns - have)]
    codes = set(table.industry)
    have = set(Industry.objects.filter(code__in=codes).values_list("code", flat=True))
    missing += [f"行业 {c}" for c in sorted(codes - have)]
    cats = {c for c in table.category if c}
    have = set(
        RegistrationCategory.objects.filter(code__in=cats).values_list(
            "code", flat=True
        )
    )
    missing += [f"登记注册统计类别 {c}" for c in sorted(cats - have)]
    if missing:
        raise StoreError(
            "数据库缺少代码表条目："
            + "、".join(missing)
            + "；请先运行 econwatch migrate"
        )


def write_district(
    district: District, progress: Progress | None = None
) -> dict[str, int]:
    """Write every row of the district; return row counts by table."""
    check_code_lists(district)
    report = progress or (lambda task, done, total: None)
    table = district.table
    first_id = (Unit.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    ids = np.arange(first_id, first_id + len(table), dtype=np.int64)
    counts: dict[str, int] = {}

    def writer(task: str, total: int) -> BulkWriter:
        report(task, 0, total)
        return BulkWriter(connection, lambda n: report(task, n, total))

    w = writer("单位名录", len(table))
    counts["units"] = w.insert(Unit, _UNIT_FIELDS, _unit_rows(district, ids, w))
    w.reset_sequences(Unit)
    counts["unit_years"] = writer("年度情况", len(table.years)).insert(
        UnitYear,
        ("unit", "year", "above_scale", "revenue", "employees"),
        ((int(ids[i]), y, a, r, e) for i, y, a, r, e in table.years),
    )
    counts["unit_names"] = writer("名称历史", len(table.former)).insert(
        UnitName,
        ("unit", "name", "valid_from", "valid_to"),
        (
            (int(ids[i]), name, w.date(a), w.date(b) if b else None)
            for i, name, a, b in table.former
        ),
    )
    counts["unit_tags"] = _write_tags(
        district, ids, writer("企业标签", len(district.tags))
    )
    counts["memberships"] = _write_taxonomies(district, ids, writer)
    _write_scopes()
    rows = report_rows(
        Streams(district.seed),
        district.firms,
        district.levels,
        district.monthly,
        district.daily,
        district.calendar,
        district.errors,
        district.picks,
        ids,
    )
    counts["monthly_reports"] = writer("规上工业月报", len(rows)).insert(
        MonthlyReport, COLUMNS, rows
    )
    daily = district.daily
    total = int((daily.stop - daily.first).sum())
    with w.indexes_deferred(DailyInvoice, DailyElectricity):
        counts["daily_invoices"] = writer("每日开票", total).insert_daily(
            DailyInvoice,
            ("unit", "day", "amount"),
            _daily_rows(ids, daily.invoices, daily, district.calendar),
        )
        counts["daily_electricity"] = writer("每日用电", total).insert_daily(
            DailyElectricity,
            ("unit", "day", "kwh"),
            _daily_rows(ids, daily.electricity, daily, district.calendar),
        )
        report("重建索引", 0, 1)
    report("重建索引", 1, 1)
    SiteSetting.objects.update_or_create(
        key="demo_units", defaults={"value": f"{first_id}-{first_id + len(table) - 1}"}
    )
    return counts


_UNIT_FIELDS = (
    "id",
    "kind",
    "uscc",
    "name",
    "legal_unit",
    "division",
    "zone_code",
    "address",
    "industry",
    "reg_category",
    "status",
    "size_class",
    "employees",
    "revenue",
    "founded",
    "operator_name",
    "operator_id_hash",
    "operator_id_last4",
    "phone",
    "version",
    "created_at",
    "updated_at",
)


def _unit_rows(
    district: District, ids: np.ndarray, w: BulkWriter
) -> Iterator[tuple[object, ...]]:
    table = district.table
    salt = personal_id_salt()
    people = [i for i, number in enumerate(table.operator_id) if number]
    hashed = dict(
        zip(people, hash_ids([table.operator_id[i] for i in people], salt), strict=True)
    )
    at = w.datetime(REGISTERED_AT)
    towns = [t.code12 for t in TOWNS]
    for i in range(len(table)):
        parent = table.parent[i]
        digest, last4 = hashed.get(i, ("", ""))
        yield (
            int(ids[i]),
            table.kind[i],
            table.uscc[i],
            table.name[i],
            None if parent is None else int(ids[parent]),
            towns[table.town[i]],
            table.zone[i],
            table.address[i],
            table.industry[i],
            table.category[i],
            table.status[i],
            table.size[i],
            table.employees[i],
            table.revenue[i],
            w.date(table.founded[i]),
            table.operator_name[i],
            digest,
            last4,
            table.phone[i],
            1,
            at,
            at,
        )


def _daily_rows(
    ids: np.ndarray, values: np.ndarray, daily: Daily, calendar: Calendar
) -> DailyRows:
    n = len(daily.first)  # the 规上 enterprises come first
    return DailyRows(ids[:n], calendar.days[0].item(), values, daily.first, daily.stop)


def _write_tags(district: District, ids: np.ndarray, w: BulkWriter) -> int:
    tags = {}
    for spec in TAGS:
        tag, _ = Tag.objects.update_or_create(
            code=spec.code,
            defaults={"name": spec.name, "description": spec.description},
        )
        tags[spec.code] = tag.pk
    return w.insert(
        UnitTag,
        ("unit", "tag", "valid_from", "valid_to", "source"),
        (
            (int(ids[i]), tags[code], w.date(a), w.date(b) if b else None, source)
            for i, code, a, b, source in district.tags
        ),
    )


def _write_taxonomies(
    district: District, ids: np.ndarray, writer: Callable[[str, int], BulkWriter]
) -> int:
    through = TaxonomyNode.units.through
    total = sum(len(v) for v in district.members.values())
    w = writer("产业体系成员", total)
    written = 0
    for spec in TAXONOMIES:
        taxonomy, _ = Taxonomy.objects.update_or_create(
            code=spec.code,
            defaults={"name": spec.name, "description": spec.description},
        )
        version, _ = TaxonomyVersion.objects.update_or_create(
            taxonomy=taxonomy,
            label=spec.version,
            defaults={"valid_from": spec.valid_from, "source": spec.source},
        )
        for order, node in enumerate(spec.nodes, start=1):
            row, _ = TaxonomyNode.objects.update_or_create(
                version=version,
                code=node.code,
                defaults={"name": node.name, "kind": node.kind, "order": order},
            )
            members = district.members[(spec.code, node.code)]
            written += w.insert(
                through,
                ("taxonomynode", "unit"),
                ((row.pk, int(ids[i])) for i in members),
            )
    return written


def _write_scopes() -> None:
    """The three scopes; one that already exists (by code or name) is updated."""
    for spec in SCOPES:
        scope = ReportingScope.objects.filter(
            Q(code=spec.code) | Q(name=spec.name)
        ).first() or ReportingScope(code=spec.code)
        scope.name, scope.description, scope.order = (
            spec.name,
            spec.description,
            spec.order,
        )
        scope.save()
        scope.divisions.set(spec.towns)
