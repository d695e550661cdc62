"""Engines for the rule tests: DuckDB and SQLite always, PostgreSQL and Spark if there.

With ``ECONWATCH_REQUIRE_ALL=1`` (CI) a missing PostgreSQL server or PySpark fails
the tests instead of skipping them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data" / "rules"
POSTGRES_URL = os.environ.get(
    "ECONWATCH_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
REQUIRE_ALL = os.environ.get("ECONWATCH_REQUIRE_ALL") == "1"


def unavailable(reason: str) -> None:
    """Skip, or fail when every engine is required."""
    if REQUIRE_ALL:
        pytest.fail(f"{reason} (ECONWATCH_REQUIRE_ALL=1)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The test server's URL, checked once."""
    try:
        import psycopg

        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            pass
    except Exception as exc:  # any failure means no server
        unavailable(f"PostgreSQL not reachable at {POSTGRES_URL}: {exc}")
    return POSTGRES_URL


@pytest.fixture(scope="session")
def spark_ready() -> None:
    """PySpark must be importable (the extra econwatch[spark])."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        unavailable("PySpark is not installed (pip install 'econwatch[spark]')")


@pytest.fixture
def pg_schema(postgres_url: str) -> Iterator[str]:
    """A fresh schema for one test, dropped afterwards."""
    import psycopg

    name = f"econwatch_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres_url, autocommit=True) as con:
        con.execute(f'CREATE SCHEMA "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as con:
            con.execute(f'DROP SCHEMA "{name}" CASCADE')


def db_for(engine: str, request: pytest.FixtureRequest) -> str | None:
    """The database URL an engine needs in tests (None for in-memory ones)."""
    if engine == "postgres":
        return str(request.getfixturevalue("postgres_url"))
    if engine == "pyspark":
        request.getfixturevalue("spark_ready")
    return None
