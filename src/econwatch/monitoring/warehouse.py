"""The indicator set on other engines: the platform's tables as a warehouse.

A district runs econwatch on SQLite or PostgreSQL; a province or the nation
stacks many districts' tables and needs the same indicators over tens of
thousands of enterprises. :func:`export` writes the tables :func:`compute
<econwatch.monitoring.indicators.compute>` reads as Parquet files named after
the database tables (only the columns the indicators need: no names of
operators, identity numbers or phones leave the district). :class:`Warehouse`
opens such a folder on DuckDB (the default, in-process) or Spark, or reads the
same tables in place from any Ibis backend, and is a
:class:`~econwatch.monitoring.indicators.RowSource`: it only selects enterprise
rows, and every sum, ratio and rank is done by the same code as on the
platform's own database — the tests prove the outputs equal.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import pyarrow.parquet as pq
from django.db import models

from econwatch.core.engine.connections import Engine, connect
from econwatch.monitoring.breakdowns import (
    DIMENSIONS,
    OTHER,
    Membership,
    unknown_dimension,
    unknown_node_kind,
    unknown_tag,
    unknown_taxonomy,
)
from econwatch.monitoring.catalogue import CATALOGUE, Indicator
from econwatch.monitoring.indicators import IndicatorError, PeriodSpec, Row
from econwatch.monitoring.models import DailyMonthTotal, MonthlyReport
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
    UnitTag,
    UnitYear,
)

CHUNK = 200_000

UnitNodes = TaxonomyNode.units.through
ScopeTowns = ReportingScope.divisions.through

FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Division: ("code12", "name", "level"),
    Industry: ("code", "name", "level"),
    RegistrationCategory: ("code", "name", "parent"),
    Unit: ("id", "kind", "division", "industry", "reg_category", "size_class"),
    UnitYear: ("unit", "year", "above_scale"),
    Tag: ("id", "code", "name"),
    UnitTag: ("unit", "tag", "valid_from", "valid_to"),
    Taxonomy: ("id", "code", "name"),
    TaxonomyVersion: ("id", "taxonomy", "label", "valid_from", "valid_to"),
    TaxonomyNode: ("id", "version", "code", "name", "kind", "order"),
    UnitNodes: ("taxonomynode", "unit"),
    ReportingScope: ("id", "code", "name"),
    ScopeTowns: ("reportingscope", "division"),
    MonthlyReport: (
        "unit",
        "period",
        "is_current",
        *dict.fromkeys(
            f for i in CATALOGUE if i.source == "monthly" for f in (i.current, i.base)
        ),
    ),
    DailyMonthTotal: ("unit", "month", "invoices", "kwh"),
}
"""The tables a warehouse holds and, per table, the fields exported."""


class WarehouseError(RuntimeError):
    """A warehouse folder that cannot be opened (missing tables)."""


# --- export -------------------------------------------------------------------


def _arrow_type(field: models.Field[Any, Any]) -> pa.DataType:
    """The Arrow type a column is written with (foreign keys take the target's)."""
    if field.is_relation and field.target_field is not None:
        return _arrow_type(field.target_field)
    kind = field.get_internal_type()
    if kind in ("BooleanField",):
        return pa.bool_()
    if kind in ("DateField",):
        return pa.date32()
    if kind.endswith("AutoField") or kind.endswith("IntegerField"):
        return pa.int64()
    return pa.string()


def _columns(model: type[models.Model]) -> list[tuple[str, str, pa.DataType]]:
    """(ORM name, column name, Arrow type) of a table's exported fields."""
    out = []
    for name in FIELDS[model]:
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field)
        out.append((field.attname, field.column, _arrow_type(field)))
    return out


def _batches(model: type[models.Model]) -> Iterator[pa.RecordBatch]:
    """The exported fields of a table, :data:`CHUNK` rows at a time."""
    cols = _columns(model)
    schema = pa.schema([(column, kind) for _, column, kind in cols])

    def batch(chunk: list[tuple[Any, ...]]) -> pa.RecordBatch:
        arrays = [
            pa.array([row[i] for row in chunk], kind)
            for i, (_, _, kind) in enumerate(cols)
        ]
        return pa.RecordBatch.from_arrays(arrays, schema=schema)

    rows = model._default_manager.order_by().values_list(*(a for a, _, _ in cols))
    chunk: list[tuple[Any, ...]] = []
    for row in rows.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield batch(chunk)
            chunk = []
    yield batch(chunk)


def export(folder: Path) -> dict[str, int]:
    """Write the warehouse tables of the platform's database as Parquet.

    Returns:
        Rows written per table name.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for model in FIELDS:
        table = model._meta.db_table
        batches = _batches(model)
        first = next(batches)
        tmp = folder / f".{table}.parquet.tmp"
        with pq.ParquetWriter(tmp, first.schema) as writer:
            count = 0
            for batch in (first, *batches):
                if batch.num_rows:
                    writer.write_batch(batch)
                    count += batch.num_rows
        tmp.replace(folder / f"{table}.parquet")
        written[table] = count
    return written


# --- the warehouse ------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A reporting scope read from the warehouse: its towns by code."""

    code: str
    name: str
    towns: tuple[str, ...]


class Warehouse:
    """Enterprise rows from the platform's tables on an Ibis engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._small: dict[str, list[dict[str, Any]]] = {}

    @classmethod
    def open(
        cls, folder: Path, engine: str = "duckdb", threads: int | None = None
    ) -> Warehouse:
        """Open a folder written by :func:`export` (or stacked exports).

        Each table is ``<table>.parquet`` or a folder ``<table>/`` of Parquet
        files (one per district, say); the files are scanned in place.

        Raises:
            WarehouseError: a table is missing, listing all missing ones.
        """
        missing = [
            m._meta.db_table
            for m in FIELDS
            if not (folder / f"{m._meta.db_table}.parquet").exists()
            and not (folder / m._meta.db_table).is_dir()
        ]
        if missing:
            raise WarehouseError(
                f"{folder} 缺少数据表：{'、'.join(missing)}"
                "（用 econwatch warehouse 导出）"
            )
        opened = connect(engine, threads=threads)
        for model in FIELDS:
            name = model._meta.db_table
            path = folder / f"{name}.parquet"
            source = str(path) if path.exists() else str(folder / name / "*.parquet")
            opened.con.read_parquet(source, table_name=name)
        warehouse = cls(opened)
        if (folder / Unit._meta.db_table).is_dir():
            warehouse.check_stacked()
        return warehouse

    def check_stacked(self) -> None:
        """Refuse a stack of exports whose unit ids collide.

        Raises:
            WarehouseError: some unit id occurs in more than one file.
        """
        unit = self.table(Unit)
        repeated = unit.count() - unit.id.nunique()
        clashes = int(self.engine.con.execute(repeated))
        if clashes:
            self.close()
            raise WarehouseError(
                f"各地导出的单位编号有 {clashes} 个重复：合并前请为各地单位重新编号"
            )

    def close(self) -> None:
        """Close the engine."""
        self.engine.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- tables ---

    def table(self, model: type[models.Model]) -> ibis.Table:
        """The Ibis table of a model."""
        return self.engine.con.table(model._meta.db_table)

    def _fetch(self, expr: ibis.Table) -> list[dict[str, Any]]:
        return list(self.engine.con.to_pyarrow(expr).to_pylist())

    def small(self, model: type[models.Model]) -> list[dict[str, Any]]:
        """A small reference table (code lists, taxonomies, tags) as dicts, cached."""
        name = model._meta.db_table
        if name not in self._small:
            self._small[name] = self._fetch(self.table(model))
        return self._small[name]

    def _ids(self, unit_ids: list[int]) -> ibis.Table:
        return ibis.memtable(pa.table({"wanted": pa.array(unit_ids, pa.int64())}))

    def _units_of(self, unit_ids: list[int], *columns: str) -> list[dict[str, Any]]:
        unit = self.table(Unit)
        wanted = self._ids(unit_ids)
        joined = unit.join(wanted, unit.id == wanted.wanted).select(
            unit.id, *(unit[c] for c in columns)
        )
        return self._fetch(joined)

    # --- RowSource ---

    def resolve_scope(self, name: str) -> Place:
        """The reporting scope with this name or code.

        Raises:
            IndicatorError: no such scope (the message lists the known ones).
        """
        scopes = self.small(ReportingScope)
        found = next(
            (s for s in scopes if name in (s["name"], s["code"])),
            None,
        )
        if found is None:
            known = "、".join(s["name"] for s in scopes)
            raise IndicatorError(
                "unknown-scope",
                f"统计口径 {name!r} 不存在；可选：{known or '（尚未定义）'}",
            )
        towns = tuple(
            sorted(
                link["division_id"]
                for link in self.small(ScopeTowns)
                if link["reportingscope_id"] == found["id"]
            )
        )
        return Place(found["code"], found["name"], towns)

    def _place(self, scope: Any) -> Place:
        if isinstance(scope, Place):
            return scope
        return Place(
            scope.code,
            scope.name,
            tuple(scope.divisions.values_list("pk", flat=True)),
        )

    def _in_scope(self, scope: Any) -> ibis.Table:
        unit = self.table(Unit)
        towns = list(self._place(scope).towns)
        return unit.filter(unit.division_id.isin(towns)).select(scope_unit=unit.id)

    def rows(self, indicator: Indicator, spec: PeriodSpec, scope: Any) -> list[Row]:
        """The enterprise rows an indicator is computed from (as on the database)."""
        if indicator.source == "monthly":
            return self._monthly(indicator, spec, scope)
        return self._daily(indicator, spec, scope)

    def _monthly(self, indicator: Indicator, spec: PeriodSpec, scope: Any) -> list[Row]:
        current, base = indicator.current, indicator.base
        if not indicator.cumulative and spec.month == 2:
            current, base = "output_ytd", "output_ytd_base"
        report = self.table(MonthlyReport)
        units = self._in_scope(scope)
        picked = (
            report.filter(
                report.period == spec.code,
                report.is_current,
                report[current].notnull(),
                report[base].notnull(),
            )
            .join(units, report.unit_id == units.scope_unit)
            .select(report.unit_id, cur=report[current], base=report[base])
        )
        return [Row(r["unit_id"], r["cur"], r["base"]) for r in self._fetch(picked)]

    def _daily(self, indicator: Indicator, spec: PeriodSpec, scope: Any) -> list[Row]:
        column = "invoices" if indicator.source == "invoices" else "kwh"
        months = [f"{spec.year:04d}-{m:02d}" for m in range(1, spec.month + 1)]
        base_months = [f"{spec.year - 1:04d}-{m:02d}" for m in range(1, spec.month + 1)]
        year = self.table(UnitYear)
        units = self._in_scope(scope)
        above = (
            year.filter(year.year == spec.year, year.above_scale)
            .join(units, year.unit_id == units.scope_unit)
            .select(above_unit=year.unit_id)
            .distinct()
        )
        total = self.table(DailyMonthTotal)
        summed = (
            total.filter(total.month.isin(months + base_months))
            .join(above, total.unit_id == above.above_unit)
            .group_by(total.unit_id)
            .aggregate(
                cur=total[column].sum(where=total.month.isin(months)),
                base=total[column].sum(where=total.month.isin(base_months)),
            )
        )
        return [
            Row(r["unit_id"], r["cur"] or 0, r["base"] or 0)
            for r in self._fetch(summed)
        ]

    def last_year_output(self, spec: PeriodSpec, scope: Any) -> dict[int, int]:
        """Last year's same-period 工业总产值 per reporting enterprise."""
        report = self.table(MonthlyReport)
        units = self._in_scope(scope)
        last = (
            report.filter(
                report.period == f"{spec.year - 1:04d}-{spec.month:02d}",
                report.is_current,
            )
            .join(units, report.unit_id == units.scope_unit)
            .select(report.unit_id, report.output_ytd)
        )
        return {r["unit_id"]: r["output_ytd"] for r in self._fetch(last)}

    def membership(self, by: str, unit_ids: list[int], on: dt.date) -> Membership:
        """Map enterprises to group names, as on the platform's database.

        Raises:
            IndicatorError: an unknown dimension, taxonomy, node kind or tag.
        """
        kind, _, arg = by.partition(":")
        ids = list(unit_ids)
        if kind in ("town", "division", "size", "ownership"):
            return Membership(by, DIMENSIONS[kind], self._partition(kind, ids), True)
        if kind == "cluster":
            return self._clusters(by, arg, ids, on)
        if kind == "tag":
            return self._tag(by, arg, ids, on)
        raise unknown_dimension(by)

    def _partition(self, kind: str, ids: list[int]) -> dict[int, tuple[str, ...]]:
        column = {
            "town": "division_id",
            "division": "industry_id",
            "size": "size_class",
            "ownership": "reg_category_id",
        }[kind]
        pairs = [(r["id"], r[column]) for r in self._units_of(ids, column)]
        if kind == "town":
            names = {d["code12"]: d["name"] for d in self.small(Division)}
            return {u: (names.get(c),) for u, c in pairs}  # type: ignore[misc]
        if kind == "division":
            majors = {
                i["code"]: i["name"] for i in self.small(Industry) if i["level"] == 2
            }
            return {
                u: (f"{c[:2]} {majors.get(c[:2], '')}".strip() if c else OTHER,)
                for u, c in pairs
            }
        if kind == "size":
            labels = dict(Unit.Size.choices)
            return {u: (labels.get(s, "未分类"),) for u, s in pairs}
        return {u: (self._top_category(c),) for u, c in pairs}

    def _top_category(self, code: str | None) -> str:
        """The name of a registration category's top ancestor (at most 3 levels)."""
        categories = {c["code"]: c for c in self.small(RegistrationCategory)}
        found = categories.get(code or "")
        if found is None:
            return OTHER
        chain = [found]
        while chain[-1]["parent_id"] and len(chain) < 3:
            chain.append(categories[chain[-1]["parent_id"]])
        return str(chain[-1]["name"])

    def _clusters(self, by: str, arg: str, ids: list[int], on: dt.date) -> Membership:
        taxonomy, _, kind = arg.partition("/")
        kind = kind or "cluster"
        taxonomies = {
            t["id"]: t
            for t in self.small(Taxonomy)
            if t["code"].lower() == taxonomy.lower() or t["name"] == taxonomy
        }
        valid = [
            v
            for v in self.small(TaxonomyVersion)
            if v["taxonomy_id"] in taxonomies
            and v["valid_from"] <= on
            and (v["valid_to"] is None or v["valid_to"] >= on)
        ]
        if not valid:
            raise unknown_taxonomy(taxonomy, on)
        version = max(valid, key=lambda v: (v["valid_from"], v["id"]))
        in_version = [
            n for n in self.small(TaxonomyNode) if n["version_id"] == version["id"]
        ]
        nodes = {n["id"]: n for n in in_version if n["kind"] == kind}
        if not nodes:
            code = taxonomies[version["taxonomy_id"]]["code"]
            raise unknown_node_kind(
                f"{code} {version['label']}", kind, {n["kind"] for n in in_version}
            )
        link = self.table(UnitNodes)
        wanted = self._ids(ids)
        members = self._fetch(
            link.filter(link.taxonomynode_id.isin(list(nodes)))
            .join(wanted, link.unit_id == wanted.wanted)
            .select(link.taxonomynode_id, link.unit_id)
        )
        members.sort(
            key=lambda m: (
                nodes[m["taxonomynode_id"]]["order"],
                nodes[m["taxonomynode_id"]]["code"],
            )
        )
        groups: dict[int, list[str]] = defaultdict(list)
        for m in members:
            groups[m["unit_id"]].append(nodes[m["taxonomynode_id"]]["name"])
        name = taxonomies[version["taxonomy_id"]]["name"]
        label = f"{name}（{version['label']}版）"
        return Membership(by, label, {u: tuple(n) for u, n in groups.items()}, False)

    def _tag(self, by: str, arg: str, ids: list[int], on: dt.date) -> Membership:
        tags = {t["id"] for t in self.small(Tag) if arg in (t["code"], t["name"])}
        spells = self.table(UnitTag)
        wanted = self._ids(ids)
        held = self._fetch(
            spells.filter(spells.tag_id.isin(list(tags) or [-1]))
            .join(wanted, spells.unit_id == wanted.wanted)
            .select(spells.unit_id, spells.valid_from, spells.valid_to)
        )
        holders = {
            h["unit_id"]
            for h in held
            if h["valid_from"] <= on and (h["valid_to"] is None or h["valid_to"] >= on)
        }
        if not holders:
            ever = spells.filter(spells.tag_id.isin(list(tags) or [-1])).count()
            if not self.engine.con.execute(ever):
                raise unknown_tag(arg)
        return Membership(
            by,
            f"标签：{arg}",
            {u: ("是" if u in holders else "否",) for u in ids},
            True,
        )
