"""Copy the tables the indicators read from PostgreSQL to Parquet and DuckDB.

Each table goes out through ``psql``'s ``COPY … TO STDOUT (FORMAT csv)``, is
parsed as it streams by Arrow's CSV reader with the column types PostgreSQL
reports (read through psycopg), and is written to ``<folder>/<table>.parquet``
(zstd), one row group per block; then one DuckDB database file gets a table
per Parquet file, with the same name and columns as the Django table. No
DuckDB extension is needed (its ``postgres`` extension cannot be installed
offline).

Example:
    from export import export_tables
    export_tables("postgresql://postgres@127.0.0.1:5432/econwatch_province",
                  Path("/tmp/econwatch-province/parquet"))
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from typing import Any

import duckdb
import psycopg
import pyarrow as pa
import pyarrow.csv as csv
import pyarrow.parquet as pq
from psycopg import sql

TABLES = (
    "register_division",
    "register_industry",
    "register_registrationcategory",
    "register_reportingscope",
    "register_reportingscope_divisions",
    "register_unit",
    "register_unityear",
    "register_tag",
    "register_unittag",
    "register_taxonomy",
    "register_taxonomyversion",
    "register_taxonomynode",
    "register_taxonomynode_units",
    "monitoring_monthlyreport",
    "monitoring_dailymonthtotal",
    "monitoring_dailyinvoice",
    "monitoring_dailyelectricity",
)
"""What ``econwatch.monitoring.indicators.compute`` reads (and its breakdowns)."""

_BLOCK = 64 << 20  # bytes of CSV per Arrow block (one Parquet row group)


def arrow_type(pg_type: str) -> pa.DataType:
    """The Arrow type for a column, from PostgreSQL's ``format_type``."""
    if pg_type.startswith("numeric("):
        precision, scale = pg_type[8:-1].split(",")
        return pa.decimal128(int(precision), int(scale))
    if pg_type.startswith(("character varying", "character(")):
        return pa.string()
    return {
        "bigint": pa.int64(),
        "integer": pa.int32(),
        "smallint": pa.int16(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "timestamp with time zone": pa.timestamp("us", tz="UTC"),
        "double precision": pa.float64(),
        "text": pa.string(),
        "jsonb": pa.string(),
    }[pg_type]


def columns(conn: psycopg.Connection[Any], table: str) -> list[tuple[str, str]]:
    """``(name, format_type)`` of a table's columns, in order."""
    rows = conn.execute(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod) "
        "FROM pg_attribute a WHERE a.attrelid = %s::regclass "
        "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        [table],
    ).fetchall()
    return [(name, kind) for name, kind in rows]


def export_table(
    conn: psycopg.Connection[Any], pg_url: str, table: str, path: Path
) -> int:
    """One table to one Parquet file; returns the number of rows.

    The rows come out of ``psql``'s ``COPY … TO STDOUT``: PostgreSQL sends one
    message per row, which psycopg hands to Python one by one (200,000 rows a
    second); ``psql`` reads them in C and Arrow parses its output as it comes.
    """
    cols = columns(conn, table)
    schema = pa.schema([(name, arrow_type(kind)) for name, kind in cols])
    names = [name for name, _ in cols]
    read = csv.ReadOptions(column_names=names, block_size=_BLOCK)
    parse = csv.ParseOptions(
        newlines_in_values=any(kind in ("text", "jsonb") for _, kind in cols)
    )
    convert = csv.ConvertOptions(
        column_types=schema,
        strings_can_be_null=True,  # PostgreSQL writes NULL unquoted, '' quoted
        quoted_strings_can_be_null=False,
        true_values=["t"],
        false_values=["f"],
    )
    statement = (
        sql.SQL("COPY {} ({}) TO STDOUT (FORMAT csv)")
        .format(sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, names)))
        .as_string(conn)
    )
    env = {**os.environ, "PGTZ": "UTC", "PGCLIENTENCODING": "UTF8"}
    rows = 0
    with (
        subprocess.Popen(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", statement, pg_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        ) as proc,
        pq.ParquetWriter(path, schema, compression="zstd") as writer,
    ):
        assert proc.stdout is not None and proc.stderr is not None
        try:
            for batch in csv.open_csv(proc.stdout, read, parse, convert):
                writer.write_batch(batch)
                rows += batch.num_rows
        except pa.ArrowInvalid as exc:  # an empty table has no first block
            if "Empty CSV file" not in str(exc):
                raise
        if proc.wait() != 0:
            raise RuntimeError(f"psql failed on {table}: {proc.stderr.read()!r}")
        if rows == 0:
            writer.write_table(schema.empty_table())
    return rows


def export_tables(
    pg_url: str, folder: Path, duckdb_path: Path | None = None
) -> dict[str, dict[str, Any]]:
    """Write every table of :data:`TABLES` to ``folder/<table>.parquet`` and into
    one DuckDB file (default: ``province.duckdb`` beside ``folder``).

    Returns:
        Per table: rows, seconds and Parquet size in MB (and the DuckDB load).
    """
    folder.mkdir(parents=True, exist_ok=True)
    database = duckdb_path or folder.parent / "province.duckdb"
    out: dict[str, dict[str, Any]] = {}
    with psycopg.connect(pg_url) as conn:
        for table in TABLES:
            path = folder / f"{table}.parquet"
            started = time.perf_counter()
            rows = export_table(conn, pg_url, table, path)
            out[table] = {
                "rows": rows,
                "seconds": time.perf_counter() - started,
                "parquet_mb": path.stat().st_size / 2**20,
            }
            print(
                f"  {table}: {rows:,} rows, {out[table]['seconds']:.1f} s", flush=True
            )
    database.unlink(missing_ok=True)
    started = time.perf_counter()
    with duckdb.connect(str(database)) as db:
        for table in TABLES:
            db.execute(
                f'CREATE TABLE "{table}" AS SELECT * FROM read_parquet(?)',
                [str(folder / f"{table}.parquet")],
            )
    out["duckdb"] = {
        "path": str(database),
        "seconds": time.perf_counter() - started,
        "mb": database.stat().st_size / 2**20,
    }
    return out
