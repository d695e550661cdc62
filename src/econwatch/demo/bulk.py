"""Fast bulk inserts in one place: ``executemany`` on SQLite, ``COPY`` on PostgreSQL.

The demo writes millions of daily rows; the ORM would take minutes. Rows go
straight to the database driver in batches, inside the caller's transaction.
Values must already be in the form the driver takes (``connection.ops`` adapts
dates for SQLite).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

BATCH = 100_000


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

    def insert_series(
        self,
        model: type[models.Model],
        fields: tuple[str, str, str],
        series: Iterable[tuple[int, dt.date, list[int]]],
    ) -> int:
        """Insert daily series: one row per unit and day, consecutive days.

        Args:
            model: the Django model.
            fields: the unit, day and value field names.
            series: ``(unit id, first day, values of consecutive days)``.

        Returns:
            The number of rows written.

        On SQLite each series is one ``INSERT … SELECT`` over ``json_each`` (the
        rows are made inside SQLite, about a third faster than binding a tuple
        per row); on PostgreSQL the rows go through ``COPY``.
        """
        if self.postgres:
            rows = (
                (unit, first + dt.timedelta(days=k), value)
                for unit, first, values in series
                for k, value in enumerate(values)
            )
            return self.insert(model, fields, rows)
        quote = self.connection.ops.quote_name
        unit, day, value = (quote(model._meta.get_field(f).column) for f in fields)
        sql = (
            f"INSERT INTO {quote(model._meta.db_table)} ({unit}, {day}, {value}) "
            "SELECT ?, date(?, '+' || key || ' days'), value FROM json_each(?)"
        )
        executemany = self.connection.connection.executemany
        written = 0
        iterator = iter(series)
        while batch := list(itertools.islice(iterator, 200)):
            executemany(sql, [(u, d.isoformat(), json.dumps(v)) for u, d, v in batch])
            count = sum(len(v) for _, _, v in batch)
            written += count
            self.advance(count)
        return written

    @contextlib.contextmanager
    def indexes_deferred(self, *models_: type[models.Model]) -> Iterator[None]:
        """Drop the tables' secondary indexes (and, on PostgreSQL, their foreign
        keys) while rows are loaded; re-create them afterwards.

        Building an index once over millions of sorted rows is much faster than
        maintaining it row by row, and PostgreSQL checks a re-added foreign key
        with one join instead of a trigger per row. Everything is re-created
        from its own definition, as stored by the database, inside the same
        transaction, so the schema is unchanged afterwards. Constraint indexes
        (UNIQUE, primary keys) stay.
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
                    "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
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
