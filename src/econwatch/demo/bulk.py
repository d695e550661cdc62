"""Fast bulk inserts in one place: ``executemany`` on SQLite, ``COPY`` on PostgreSQL.

The demo writes millions of daily rows (the province size: 148 million); the ORM
would take minutes. Rows go straight to the database driver in batches, inside
the caller's transaction. Values must already be in the form the driver takes
(``connection.ops`` adapts dates for SQLite). Daily series on PostgreSQL go
through binary ``COPY`` made by numpy.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
import struct
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

BATCH = 100_000

# PostgreSQL's binary COPY: signature, flags, header extension; -1 ends the data.
_COPY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
_COPY_TRAILER = struct.pack(">h", -1)
_POSTGRES_EPOCH = dt.date(2000, 1, 1)  # a binary date is days since then
_BINARY_INTEGER = {"bigint": ">i8", "integer": ">i4"}


@dataclass(frozen=True)
class DailyRows:
    """Daily series of many units as one matrix (what the demo plans).

    Row ``k`` of ``values`` holds unit ``units[k]``'s values of consecutive
    days from ``start``; only columns ``first[k]`` to ``stop[k] - 1`` are rows.

    Attributes:
        units: database id of each row's unit.
        start: the day of column 0.
        values: shape ``(units, days)``.
        first: first column with data, per unit.
        stop: one past the last column with data, per unit.
    """

    units: np.ndarray
    start: dt.date
    values: np.ndarray
    first: np.ndarray
    stop: np.ndarray

    def series(self) -> Iterator[tuple[int, dt.date, list[int]]]:
        """``(unit id, first day, values)`` for each unit with data."""
        for k in range(len(self.units)):
            a, b = int(self.first[k]), int(self.stop[k])
            if b > a:
                day = self.start + dt.timedelta(days=a)
                yield int(self.units[k]), day, self.values[k, a:b].tolist()

    def blocks(
        self, size: int
    ) -> Iterator[tuple[int, np.ndarray, np.ndarray, np.ndarray]]:
        """Blocks of whole units of about ``size`` rows: row count, then the
        unit id, day (column) and value of each row."""
        lengths = np.maximum(self.stop - self.first, 0)
        k = 0
        while k < len(self.units):
            ends = np.cumsum(lengths[k:])
            stop = k + max(1, int(np.searchsorted(ends, size, side="right")))
            span = lengths[k:stop]
            rows = int(span.sum())
            if rows:
                which = np.repeat(np.arange(k, stop), span)
                starts = np.repeat(np.cumsum(span) - span, span)
                days = np.arange(rows) - starts + self.first[which]
                yield rows, self.units[which], days, self.values[which, days]
            k = stop


class BulkWriter:
    """Insert rows into a model's table through the raw driver connection.

    Args:
        connection: the Django connection (its transaction is used).
        advance: called with the number of rows after each batch (progress).
    """

    def __init__(
        self,
        connection: BaseDatabaseWrapper,
        advance: Callable[[int], None] | None = None,
    ) -> None:
        self.connection = connection
        self.advance = advance or (lambda n: None)
        connection.ensure_connection()
        self.postgres = connection.vendor == "postgresql"

    def insert(
        self,
        model: type[models.Model],
        fields: Sequence[str],
        rows: Iterable[Sequence[Any]],
    ) -> int:
        """Insert ``rows`` (tuples in ``fields`` order) into ``model``'s table.

        Args:
            model: the Django model.
            fields: model field names (``unit`` for a foreign key ``unit_id``).
            rows: the values.

        Returns:
            The number of rows written.
        """
        quote = self.connection.ops.quote_name
        table = quote(model._meta.db_table)
        columns = [quote(model._meta.get_field(f).column) for f in fields]
        written = 0
        iterator = iter(rows)
        with self.connection.cursor() as cursor:
            raw = cursor.cursor  # the driver's own cursor
            if self.postgres:
                sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
                while batch := list(itertools.islice(iterator, BATCH)):
                    with raw.copy(sql) as copy:
                        for row in batch:
                            copy.write_row(row)
                    written += len(batch)
                    self.advance(len(batch))
            else:
                marks = ", ".join("?" * len(columns))
                sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
                executemany = self.connection.connection.executemany
                while batch := list(itertools.islice(iterator, BATCH)):
                    executemany(sql, batch)
                    written += len(batch)
                    self.advance(len(batch))
        return written

    def insert_daily(
        self,
        model: type[models.Model],
        fields: tuple[str, str, str],
        daily: DailyRows,
    ) -> int:
        """Insert daily series: one row per unit and day, consecutive days.

        Args:
            model: the Django model.
            fields: the unit, day and value field names.
            daily: the series, unit by unit.

        Returns:
            The number of rows written.

        On PostgreSQL the rows are made by numpy in PostgreSQL's binary ``COPY``
        format, a block of units at a time: no Python object per row (the
        province-sized demo has 74 million rows per series). On SQLite each
        series is one ``INSERT … SELECT`` over ``json_each`` (the rows are made
        inside SQLite, about a third faster than binding a tuple per row).
        Rows are written in the same order either way: by unit, then day.
        """
        if self.postgres:
            return self._copy_daily(model, fields, daily)
        quote = self.connection.ops.quote_name
        unit, day, value = (quote(model._meta.get_field(f).column) for f in fields)
        sql = (
            f"INSERT INTO {quote(model._meta.db_table)} ({unit}, {day}, {value}) "
            "SELECT ?, date(?, '+' || key || ' days'), value FROM json_each(?)"
        )
        executemany = self.connection.connection.executemany
        written = 0
        iterator = iter(daily.series())
        while batch := list(itertools.islice(iterator, 200)):
            executemany(sql, [(u, d.isoformat(), json.dumps(v)) for u, d, v in batch])
            count = sum(len(v) for _, _, v in batch)
            written += count
            self.advance(count)
        return written

    def _copy_daily(
        self,
        model: type[models.Model],
        fields: tuple[str, str, str],
        daily: DailyRows,
    ) -> int:
        quote = self.connection.ops.quote_name
        meta = model._meta
        columns = [meta.get_field(f) for f in fields]
        unit_type, value_type = (
            _BINARY_INTEGER[columns[k].db_type(self.connection)] for k in (0, 2)
        )
        row_type = np.dtype(
            [
                ("fields", ">i2"),
                ("unit_size", ">i4"),
                ("unit", unit_type),
                ("day_size", ">i4"),
                ("day", ">i4"),
                ("value_size", ">i4"),
                ("value", value_type),
            ]
        )
        names = ", ".join(quote(c.column) for c in columns)
        sql = f"COPY {quote(meta.db_table)} ({names}) FROM STDIN (FORMAT BINARY)"
        offset = (daily.start - _POSTGRES_EPOCH).days
        written = 0
        with self.connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            copy.write(_COPY_SIGNATURE)
            for rows, units, days, values in daily.blocks(BATCH * 10):
                block = np.empty(rows, dtype=row_type)
                block["fields"] = 3
                block["unit_size"] = row_type["unit"].itemsize
                block["day_size"] = 4
                block["value_size"] = row_type["value"].itemsize
                block["unit"] = units
                block["day"] = days + offset
                block["value"] = values
                copy.write(block.tobytes())
                written += rows
                self.advance(rows)
            copy.write(_COPY_TRAILER)
        return written

    @contextlib.contextmanager
    def indexes_deferred(self, *models_: type[models.Model]) -> Iterator[None]:
        """Drop the tables' secondary indexes (and, on PostgreSQL, their foreign
        keys) while rows are loaded; re-create them afterwards.

        Building an index once over millions of sorted rows is much faster than
        maintaining it row by row, and PostgreSQL checks a re-added foreign key
        with one join instead of a trigger per row. On PostgreSQL the UNIQUE
        constraints go too (maintaining the ``(unit, day)`` index row by row
        made loading 2.5 times slower); re-adding one checks it. Everything is
        re-created from its own definition, as stored by the database, inside
        the same transaction, so the schema is unchanged afterwards. Primary
        keys stay, and so do SQLite's UNIQUE constraints (part of its tables).
        """
        tables = [m._meta.db_table for m in models_]
        drop, create = (self._postgres_ddl if self.postgres else self._sqlite_ddl)(
            tables
        )
        with self.connection.cursor() as cursor:
            if self.postgres:
                # Tables with pending deferred checks cannot be altered: run them.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for sql in drop:
                cursor.execute(sql)
        try:
            yield
        finally:
            with self.connection.cursor() as cursor:
                if self.postgres:
                    # Sort for an index build in memory (this transaction only).
                    cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
                for sql in create:
                    cursor.execute(sql)
                if self.postgres:
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def _sqlite_ddl(self, tables: list[str]) -> tuple[list[str], list[str]]:
        quote = self.connection.ops.quote_name
        drop, create = [], []
        with self.connection.cursor() as cursor:
            for table in tables:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                    "AND tbl_name = %s AND sql IS NOT NULL ORDER BY name",
                    [table],
                )
                for name, sql in cursor.fetchall():
                    drop.append(f"DROP INDEX {quote(name)}")
                    create.append(sql)
        return drop, create

    def _postgres_ddl(self, tables: list[str]) -> tuple[list[str], list[str]]:
        quote = self.connection.ops.quote_name
        drop, create = [], []
        with self.connection.cursor() as cursor:
            for table in tables:
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') "
                    "ORDER BY contype DESC, conname",
                    [quote(table)],
                )
                for name, definition in cursor.fetchall():
                    alter = f"ALTER TABLE {quote(table)}"
                    drop.append(f"{alter} DROP CONSTRAINT {quote(name)}")
                    create.append(f"{alter} ADD CONSTRAINT {quote(name)} {definition}")
                cursor.execute(
                    "SELECT i.indexname, i.indexdef FROM pg_indexes i "
                    "WHERE i.tablename = %s AND i.indexname NOT IN "
                    "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass) "
                    "ORDER BY i.indexname",
                    [table, quote(table)],
                )
                for name, definition in cursor.fetchall():
                    drop.append(f"DROP INDEX {quote(name)}")
                    create.append(definition)
        return drop, create

    def date(self, value: Any) -> Any:
        """A date in the form the driver takes."""
        return self.connection.ops.adapt_datefield_value(value)

    def datetime(self, value: Any) -> Any:
        """An aware datetime in the form the driver takes."""
        return self.connection.ops.adapt_datetimefield_value(value)

    def reset_sequences(self, *models_: type[models.Model]) -> None:
        """After explicit ids: move PostgreSQL's id sequences past them."""
        from django.core.management.color import no_style

        statements = self.connection.ops.sequence_reset_sql(no_style(), list(models_))
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
