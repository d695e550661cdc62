"""The peer: load the same rows into an equivalent plain table, without validation.

What a database can take at best from the same file: a table with the file's
columns and types, no keys, no indexes, no checks, one transaction. On PostgreSQL
``run.py`` loads a CSV with psql's ``\\copy`` (the SQL comes from
:func:`create_sql`); this script does the rest as one whole Python process:

* SQLite: parse the CSV (``csv``) or the workbook (openpyxl, read-only) and
  ``executemany`` an ``INSERT`` of the rows in one transaction, with the
  platform's own pragmas (WAL, ``synchronous=NORMAL``);
* PostgreSQL, ``.xlsx``: read the workbook the same way and ``COPY`` the rows
  with psycopg.

Usage:
    python benchmarks/imports/peer.py sqlite /tmp/x/econwatch.sqlite3 invoices.csv
    python benchmarks/imports/peer.py postgresql postgresql://… invoices.xlsx
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

#: The plain tables: (column, PostgreSQL type, SQLite type), in the files' order.
TABLES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "invoices": (
        ("uscc", "text", "TEXT"),
        ("name", "text", "TEXT"),
        ("day", "date", "TEXT"),
        ("amount", "numeric(16,2)", "NUMERIC"),
    ),
    "monthly": (
        ("uscc", "text", "TEXT"),
        ("name", "text", "TEXT"),
        ("period", "text", "TEXT"),
        *(
            (column, "bigint", "INTEGER")
            for column in (
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
        ("vintage", "text", "TEXT"),
    ),
}


def kind_of(path: Path) -> str:
    """``invoices`` or ``monthly``, from the file name."""
    return "monthly" if path.name.startswith("monthly") else "invoices"


def table_name(kind: str) -> str:
    """The plain table a kind is loaded into."""
    return f"peer_{kind}"


def create_sql(kind: str, vendor: str) -> list[str]:
    """Drop and create the plain table for ``kind``."""
    position = 1 if vendor == "postgresql" else 2
    columns = ", ".join(f"{c[0]} {c[position]}" for c in TABLES[kind])
    table = table_name(kind)
    return [f"DROP TABLE IF EXISTS {table}", f"CREATE TABLE {table} ({columns})"]


def insert_sql(kind: str) -> str:
    """SQLite ``INSERT`` of one row (``executemany``)."""
    marks = ", ".join("?" * len(TABLES[kind]))
    return f"INSERT INTO {table_name(kind)} VALUES ({marks})"


def copy_sql(kind: str) -> str:
    """PostgreSQL ``COPY … FROM STDIN``."""
    return f"COPY {table_name(kind)} FROM STDIN"


def psql_copy(kind: str, path: Path) -> str:
    r"""The psql ``\copy`` meta-command for a CSV file (header skipped)."""
    return f"\\copy {table_name(kind)} FROM '{path}' WITH (FORMAT csv, HEADER true)"


def csv_rows(path: Path) -> Iterator[list[str]]:
    """The data rows of a CSV file, as parsed (strings)."""
    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream)
        next(reader)
        yield from reader


def xlsx_rows(path: Path, iso_dates: bool) -> Iterator[tuple[object, ...]]:
    """The data rows of the first worksheet (dates as text for SQLite)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book.worksheets[0].iter_rows(min_row=2, values_only=True)
        for row in rows:
            if iso_dates:
                yield tuple(
                    v.date().isoformat() if isinstance(v, dt.datetime) else v
                    for v in row
                )
            else:
                yield row
    finally:
        book.close()


def load_sqlite(database: str, path: Path) -> int:
    """Parse ``path`` and insert every row in one transaction; return the rows."""
    import sqlite3

    kind = kind_of(path)
    rows = xlsx_rows(path, True) if path.suffix == ".xlsx" else csv_rows(path)
    con = sqlite3.connect(database, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute("BEGIN IMMEDIATE")
        for statement in create_sql(kind, "sqlite"):
            con.execute(statement)
        count = con.executemany(insert_sql(kind), rows).rowcount
        con.execute("COMMIT")
    finally:
        con.close()
    return count


def load_postgresql(url: str, path: Path) -> int:
    """Read a workbook and ``COPY`` its rows; return the rows."""
    import psycopg

    kind = kind_of(path)
    count = 0
    with psycopg.connect(url) as con, con.cursor() as cursor:
        for statement in create_sql(kind, "postgresql"):
            cursor.execute(statement)
        with cursor.copy(copy_sql(kind)) as copy:
            for row in xlsx_rows(path, False):
                copy.write_row(row)
                count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("backend", choices=["sqlite", "postgresql"])
    parser.add_argument("database", help="SQLite file or PostgreSQL URL")
    parser.add_argument("file", type=Path)
    args = parser.parse_args()
    if args.backend == "sqlite":
        count = load_sqlite(args.database, args.file)
    else:
        count = load_postgresql(args.database, args.file)
    print(f"{count} rows")


if __name__ == "__main__":
    main()
