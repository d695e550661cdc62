"""Ibis connections to the engines rules run on: DuckDB, SQLite, PostgreSQL, PySpark.

This package knows nothing about rules; ``econwatch.core.rules`` builds on it.
"""

from econwatch.core.engine.connections import (
    ENGINES,
    Engine,
    EngineError,
    EngineName,
    connect,
    engine_name,
    fetch,
    spark_session,
    stream,
)

__all__ = [
    "ENGINES",
    "Engine",
    "EngineError",
    "EngineName",
    "connect",
    "engine_name",
    "fetch",
    "spark_session",
    "stream",
]
