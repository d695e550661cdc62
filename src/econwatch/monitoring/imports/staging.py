"""Upsert a daily series through a staging table, in one place.

The rows are loaded into a temporary table (``COPY`` on PostgreSQL, ``executemany``
on SQLite), then two set-based statements do the rest: record the values that
change (old and new, with the batch), and upsert with ``INSERT … ON CONFLICT DO
UPDATE … WHERE value differs`` (same syntax on both databases), whose row count is
the inserted plus the updated rows. The SQL is built
by pure functions; :func:`upsert_daily` is the only place it runs. Values are bound
as parameters; table and column names come from the models and are quoted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db import connection

STAGE = "ew_import_stage"
_CHUNK = 50_000


@dataclass(frozen=True)
class Target:
    """The daily table to write: quoted table and column names."""

    table: str
    unit: str
    day: str
    value: str
    changes: str  # the ImportChange table
    changes_key: str  # its "key" column (a reserved word in some databases)


def create_stage_sql(vendor: str) -> str:
    """The temporary staging table (days as ISO text on SQLite, as Django stores)."""
    day_type = "date" if vendor == "postgresql" else "text"
    return (
        f"CREATE TEMPORARY TABLE {STAGE} "
        f"(unit_id bigint NOT NULL, day {day_type} NOT NULL, value bigint NOT NULL)"
    )


def drop_stage_sql() -> str:
    """Drop the staging table."""
    return f"DROP TABLE IF EXISTS {STAGE}"


def insert_stage_sql() -> str:
    """Insert one staged row (``executemany``)."""
    return f"INSERT INTO {STAGE} (unit_id, day, value) VALUES (%s, %s, %s)"


def copy_stage_sql() -> str:
    """PostgreSQL ``COPY`` into the staging table."""
    return f"COPY {STAGE} (unit_id, day, value) FROM STDIN"


def record_changes_sql(t: Target) -> str:
    """Keep old and new value of every stored row the import changes.

    Parameters: batch id, kind.
    """
    return (
        f"INSERT INTO {t.changes} "
        f"(batch_id, kind, unit_id, day, {t.changes_key}, old, new) "
        f"SELECT %s, %s, s.unit_id, s.day, '', CAST(d.{t.value} AS text), "
        f"CAST(s.value AS text) FROM {STAGE} s JOIN {t.table} d "
        f"ON d.{t.unit} = s.unit_id AND d.{t.day} = s.day "
        f"WHERE d.{t.value} <> s.value"
    )


def upsert_sql(t: Target) -> str:
    """Insert new rows, replace changed values, leave equal ones untouched.

    ``WHERE true`` keeps SQLite's parser from reading ``ON`` as a join clause.
    """
    return (
        f"INSERT INTO {t.table} ({t.unit}, {t.day}, {t.value}) "
        f"SELECT unit_id, day, value FROM {STAGE} WHERE true ORDER BY unit_id, day "
        f"ON CONFLICT ({t.unit}, {t.day}) DO UPDATE SET {t.value} = excluded.{t.value} "
        f"WHERE {t.table}.{t.value} <> excluded.{t.value}"
    )


def _q(name: str) -> str:
    return str(connection.ops.quote_name(name))


def target_for(model: type, value_field: str) -> Target:
    """The quoted names of a daily model and of ImportChange."""
    from econwatch.monitoring.models import ImportChange

    meta = model._meta  # type: ignore[attr-defined]
    return Target(
        table=_q(meta.db_table),
        unit=_q(meta.get_field("unit").column),
        day=_q(meta.get_field("day").column),
        value=_q(meta.get_field(value_field).column),
        changes=_q(ImportChange._meta.db_table),
        changes_key=_q("key"),
    )


def upsert_daily(
    target: Target,
    rows: Iterable[Sequence[object]],
    *,
    batch_id: int,
    kind: str,
    on_chunk: Callable[[int], None] = lambda n: None,
) -> dict[str, int]:
    """Write ``(unit_id, 'YYYY-MM-DD', value)`` rows; run inside a transaction.

    Args:
        target: The daily table.
        rows: The rows, each unit × day at most once.
        batch_id: The ImportBatch recorded with every changed value.
        kind: The import kind, recorded with every changed value.
        on_chunk: Called with the number of rows after each staged chunk.

    Returns:
        ``staged``, ``inserted``, ``updated`` and ``unchanged`` row counts.
    """
    vendor = connection.vendor
    with connection.cursor() as cursor:
        cursor.execute(drop_stage_sql())
        cursor.execute(create_stage_sql(vendor))
        staged = _load(cursor, rows, vendor, on_chunk)
        if vendor == "postgresql":
            cursor.execute(f"ANALYZE {STAGE}")
        cursor.execute(record_changes_sql(target), [batch_id, kind])
        updated = cursor.rowcount
        cursor.execute(upsert_sql(target))
        # The upsert counts the rows it inserted or updated, not the equal ones.
        inserted = cursor.rowcount - updated
        cursor.execute(drop_stage_sql())
    return {
        "staged": staged,
        "inserted": inserted,
        "updated": updated,
        "unchanged": staged - inserted - updated,
    }


def _load(
    cursor: object,
    rows: Iterable[Sequence[object]],
    vendor: str,
    on_chunk: Callable[[int], None],
) -> int:
    count = 0
    chunk: list[Sequence[object]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= _CHUNK:
            _write(cursor, chunk, vendor)
            count += len(chunk)
            on_chunk(len(chunk))
            chunk = []
    if chunk:
        _write(cursor, chunk, vendor)
        count += len(chunk)
        on_chunk(len(chunk))
    return count


def _write(cursor: object, chunk: list[Sequence[object]], vendor: str) -> None:
    if vendor == "postgresql":
        raw = cursor.cursor  # type: ignore[attr-defined]  # the psycopg cursor
        with raw.copy(copy_stage_sql()) as copy:
            for row in chunk:
                copy.write_row(row)
    else:
        cursor.executemany(insert_stage_sql(), chunk)  # type: ignore[attr-defined]
