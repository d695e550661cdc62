"""One semantics: verdicts are identical in check_record, DuckDB, SQLite and PostgreSQL.

Each example is a generated table (40–160 records) checked with ~20 generated
rules on every engine, so a few examples cover many (record, rule) pairs while
keeping engine round-trips few. ``ECONWATCH_PROPERTY_EXAMPLES`` raises the count.
"""

from __future__ import annotations

import os
import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from econwatch.core.rules import GroupStats, RuleSet, check_record, check_table
from econwatch.core.rules.loader import parse_ruleset
from tests.core.rules import strategies as gen
from tests.core.rules.conftest import POSTGRES_URL, REQUIRE_ALL

EXAMPLES = int(os.environ.get("ECONWATCH_PROPERTY_EXAMPLES", "10"))

Outcomes = dict[tuple[str, str], str]


def python_outcomes(
    ruleset: RuleSet, rows: list[dict[str, Any]], prevs: list[dict[str, Any]]
) -> Outcomes:
    """Verdicts of check_record, with group statistics of the whole table."""
    stats = GroupStats.from_records(ruleset, rows, ruleset.fields)
    prev = {p["id"]: p for p in prevs}
    out: Outcomes = {}
    for row in rows:
        for verdict in check_record(ruleset, row, prev.get(row["id"]), stats):
            out[(row["id"], verdict.rule_id)] = verdict.outcome.value
    return out


def engine_outcomes(
    ruleset: RuleSet,
    rows: list[dict[str, Any]],
    prevs: list[dict[str, Any]],
    engine: str,
    db: str | None,
) -> Outcomes:
    """Verdicts of a batch check, expanded from the sparse rows."""
    report = check_table(
        ruleset,
        gen.arrow(rows, gen.SCHEMA),
        gen.arrow(prevs, gen.PREV_SCHEMA),
        engine=engine,
        db=db,
        collect=True,
    )
    assert report.sparse is not None
    out: Outcomes = {(r["id"], rule.id): "pass" for r in rows for rule in ruleset.rules}
    for row in report.sparse.to_pylist():
        out[(row["key"], row["rule_id"])] = row["outcome"]
    totals = {t.rule_id: (t.failed, t.na) for t in report.rules}
    for rule in ruleset.rules:
        fails = sum(1 for (_, r), o in out.items() if r == rule.id and o == "fail")
        nas = sum(1 for (_, r), o in out.items() if r == rule.id and o == "na")
        assert totals[rule.id] == (fails, nas), f"{engine} totals of {rule.id}"
    counted = check_table(  # counting only: the packed sums of totals_of
        ruleset,
        gen.arrow(rows, gen.SCHEMA),
        gen.arrow(prevs, gen.PREV_SCHEMA),
        engine=engine,
        db=db,
    )
    assert {t.rule_id: (t.failed, t.na) for t in counted.rules} == totals, engine
    return out


def explain(
    ruleset: RuleSet,
    rows: list[dict[str, Any]],
    prevs: list[dict[str, Any]],
    expected: Outcomes,
    got: Outcomes,
    engine: str,
) -> str:
    """The first disagreements, with rule and record, for the failure message."""
    by_id = {r["id"]: r for r in rows}
    prev = {p["id"]: p for p in prevs}
    lines = []
    for key in sorted(k for k in expected if expected[k] != got.get(k))[:5]:
        rule = ruleset.rule(key[1])
        lines.append(
            f"{engine} says {got.get(key)}, check_record says {expected[key]}\n"
            f"  rule {rule.id}: {rule.expr}\n  record: {by_id[key[0]]}\n"
            f"  prev: {prev.get(key[0])}"
        )
    return "\n".join(lines)


@pytest.fixture(scope="session")
def engine_dbs() -> dict[str, str | None]:
    """The engines to compare and their databases (PostgreSQL when reachable)."""
    engines: dict[str, str | None] = {"duckdb": None, "sqlite": None}
    try:
        import psycopg

        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            engines["postgres"] = POSTGRES_URL
    except Exception as exc:  # any failure means no server
        if REQUIRE_ALL:
            pytest.fail(f"PostgreSQL not reachable at {POSTGRES_URL}: {exc}")
        warnings.warn(f"property test without PostgreSQL: {exc}", stacklevel=1)
    return engines


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
@given(data=st.data())
def test_verdicts_identical_on_every_engine(
    data: st.DataObject, engine_dbs: dict[str, str | None]
) -> None:
    exprs = data.draw(st.lists(gen.condition(2), min_size=12, max_size=24), "rules")
    ruleset = parse_ruleset(gen.ruleset_text(exprs))
    rows = data.draw(gen.records(), "records")
    prevs = data.draw(gen.prev_records(rows), "prev")
    expected = python_outcomes(ruleset, rows, prevs)
    for engine, db in engine_dbs.items():
        got = engine_outcomes(ruleset, rows, prevs, engine, db)
        assert got == expected, explain(ruleset, rows, prevs, expected, got, engine)


SPARK_EXAMPLES = int(os.environ.get("ECONWATCH_SPARK_EXAMPLES", "2"))


@pytest.mark.spark
@settings(
    max_examples=SPARK_EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
@given(data=st.data())
def test_verdicts_identical_on_spark(data: st.DataObject, spark_ready: None) -> None:
    """The same law on PySpark in local mode, on a smaller sample (JVM round-trips)."""
    exprs = data.draw(st.lists(gen.condition(2), min_size=10, max_size=16), "rules")
    ruleset = parse_ruleset(gen.ruleset_text(exprs))
    rows = data.draw(gen.records(min_size=20, max_size=80), "records")
    prevs = data.draw(gen.prev_records(rows), "prev")
    expected = python_outcomes(ruleset, rows, prevs)
    got = engine_outcomes(ruleset, rows, prevs, "pyspark", None)
    assert got == expected, explain(ruleset, rows, prevs, expected, got, "pyspark")
