"""Open Ibis connections to the engines rules run on; nothing happens at import.

=========  ===========================================  ==========================
engine     what it is for                               connection
=========  ===========================================  ==========================
duckdb     files (CSV, Parquet, Excel), the default      in-process, temp files spill
sqlite     data in place in the embedded database       ``sqlite:///path``
postgres   data in place in the production database     ``postgresql://…``
pyspark    province and nation scale                    local[N] or a cluster
=========  ===========================================  ==========================
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from typing import Any, Literal, cast, get_args
from urllib.parse import urlparse

import ibis
from ibis.backends import BaseBackend

EngineName = Literal["duckdb", "sqlite", "postgres", "pyspark"]
ENGINES: tuple[str, ...] = get_args(EngineName)
ALIASES = {"spark": "pyspark", "postgresql": "postgres"}
BATCH_ROWS = 1_000_000


class EngineError(RuntimeError):
    """An engine cannot be used (not installed, database unreachable)."""


@dataclass
class Engine:
    """An open connection and the engine's name.

    Attributes:
        name: duckdb, sqlite, postgres or pyspark.
        con: the Ibis backend.
        scratch: names of temporary tables created for uploaded files.
    """

    name: EngineName
    con: BaseBackend
    scratch: list[str]

    def close(self) -> None:
        """Drop temporary tables and disconnect."""
        for table in self.scratch:
            # Best effort on the way out: the connection may already be broken.
            with contextlib.suppress(Exception):
                self.con.drop_table(table, force=True)
        self.scratch.clear()
        if self.name != "pyspark":
            self.con.disconnect()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def engine_name(name: str) -> EngineName:
    """Normalise an engine name (``spark`` → ``pyspark``); raise on unknown names."""
    name = ALIASES.get(name, name)
    if name not in ENGINES:
        raise EngineError(f"unknown engine {name!r}; use one of {', '.join(ENGINES)}")
    return cast(EngineName, name)


class _Median:
    """SQLite aggregate: mean of the two middle non-NULL values, like DuckDB."""

    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: float | None) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        if not self.values:
            return None
        ordered = sorted(self.values)
        n = len(ordered)
        return (ordered[(n - 1) // 2] + ordered[n // 2]) / 2


def register_duckdb_functions(con: Any) -> None:
    """Add the functions the compiler uses on DuckDB (``econwatch_uscc_valid``)."""
    import duckdb

    from econwatch.core.rules.uscc import uscc_valid_arrow

    con.create_function(
        "econwatch_uscc_valid",
        uscc_valid_arrow,
        [duckdb.sqltype("VARCHAR")],
        duckdb.sqltype("BOOLEAN"),
        type="arrow",
        side_effects=False,
    )


def register_sqlite_functions(con: sqlite3.Connection) -> None:
    """Add the functions the compiler uses on SQLite (``econwatch_median``)."""
    con.create_aggregate("econwatch_median", 1, _Median)  # type: ignore[arg-type]


def _sqlite_path(url: str | None) -> str:
    if not url:
        return ":memory:"
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///") or ":memory:"
    if url.startswith("sqlite://"):
        return url.removeprefix("sqlite://") or ":memory:"
    return url


def spark_session(threads: int | None = None) -> Any:
    """Start (or reuse) a local Spark session with settings rules rely on."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise EngineError(
            "the spark engine needs PySpark: pip install 'econwatch[spark]'"
        ) from exc
    master = os.environ.get("ECONWATCH_SPARK_MASTER", f"local[{threads or '*'}]")
    session = (
        SparkSession.builder.master(master)
        .appName("econwatch-rules")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(max(2, (threads or 2) * 2)))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    _quiet_codegen(session)
    return session


def _quiet_codegen(session: Any) -> None:
    """Silence Spark's code generator about methods too large to compile.

    Many rules in one projection make a generated method beyond the JVM's 64 KB
    limit; Spark then logs a long stack trace at ERROR and falls back to
    interpreted evaluation, which gives the same results. Only that logger is
    quietened.
    """
    with contextlib.suppress(Exception):  # best effort: log4j API of Spark 3.5/4.0
        jvm = session.sparkContext._jvm
        level = jvm.org.apache.logging.log4j.Level.FATAL
        jvm.org.apache.logging.log4j.core.config.Configurator.setLevel(
            "org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator", level
        )


def connect(
    engine: str = "duckdb", url: str | None = None, threads: int | None = None
) -> Engine:
    """Open a connection to an engine.

    Args:
        engine: duckdb, sqlite, postgres or pyspark (``spark`` also works).
        url: database URL or path; DuckDB and SQLite default to memory.
        threads: worker threads for DuckDB and Spark (default: all cores).

    Returns:
        The open engine; use it as a context manager to close it.

    Raises:
        EngineError: if the engine is not installed or the database unreachable.
    """
    name = engine_name(engine)
    try:
        if name == "duckdb":
            path = (
                (url or ":memory:").removeprefix("duckdb:///").removeprefix("duckdb://")
            )
            kwargs: dict[str, Any] = {"threads": threads} if threads else {}
            # A cap keeps national-scale runs inside the machine: DuckDB spills
            # group-bys and joins to disk beyond it.
            if limit := os.environ.get("ECONWATCH_DUCKDB_MEMORY_LIMIT"):
                kwargs["memory_limit"] = limit
            con: BaseBackend = ibis.duckdb.connect(path or ":memory:", **kwargs)
            register_duckdb_functions(con.con)
        elif name == "sqlite":
            con = ibis.sqlite.connect(_sqlite_path(url))
            register_sqlite_functions(con.con)
        elif name == "postgres":
            if not url or urlparse(url).scheme not in ("postgres", "postgresql"):
                raise EngineError(
                    "the postgres engine needs a URL such as "
                    "postgresql://user@host:5432/dbname "
                    "(--db or ECONWATCH_DATABASE_URL)"
                )
            con = ibis.connect(url)
        else:
            con = ibis.pyspark.connect(spark_session(threads))
    except EngineError:
        raise
    except Exception as exc:  # driver errors vary by engine
        raise EngineError(f"cannot connect to {name}: {exc}") from exc
    return Engine(name, con, [])


def _duckdb_sql(engine: Engine, expr: Any) -> str:
    """Compile for DuckDB after registering the expression's in-memory tables.

    Ibis registers them (code lists, see ``rules.compiler``) before it executes;
    here DuckDB runs the SQL itself, so the same hook runs first.
    """
    engine.con._run_pre_execute_hooks(expr)  # Ibis 12's own hook, private
    return str(engine.con.compile(expr))


def materialize(engine: Engine, name: str, expr: Any) -> str:
    """Store an expression's result as a temporary table ``name``; return its SQL.

    The table is dropped when the engine closes. DuckDB only for now.
    """
    if engine.name != "duckdb":
        raise EngineError(f"materialize runs on DuckDB only, not {engine.name}")
    sql = f'CREATE TEMP TABLE "{name}" AS {_duckdb_sql(engine, expr)}'
    engine.con.con.execute(sql)
    engine.scratch.append(name)
    return sql


def stream(engine: Engine, expr: Any, keep_sql: bool = False) -> tuple[str, Any]:
    """Run an Ibis table expression; return its SQL and a pyarrow RecordBatchReader.

    DuckDB 2 removed the cursor method Ibis 12 streams with, so DuckDB results are
    read through DuckDB's own Arrow reader (and the SQL is compiled only once).
    Elsewhere Ibis streams; the SQL is compiled a second time only if ``keep_sql``.
    """
    if engine.name == "duckdb":
        sql = _duckdb_sql(engine, expr)
        relation = engine.con.con.sql(sql)
        return sql, relation.to_arrow_reader(BATCH_ROWS)
    sql = str(engine.con.compile(expr)) if keep_sql else ""
    reader = engine.con.to_pyarrow_batches(expr, chunk_size=BATCH_ROWS)
    return sql, reader


def fetch(engine: Engine, expr: Any, keep_sql: bool = False) -> tuple[str, Any]:
    """Run an Ibis expression to a pyarrow Table; return its SQL too.

    On DuckDB the SQL is compiled once and run by DuckDB itself (Ibis 12's own path
    compiles again and goes through pandas); elsewhere Ibis runs it.
    """
    if engine.name == "duckdb":
        sql = _duckdb_sql(engine, expr)
        return sql, engine.con.con.sql(sql).to_arrow_table()
    sql = str(engine.con.compile(expr)) if keep_sql else ""
    return sql, engine.con.to_pyarrow(expr)
