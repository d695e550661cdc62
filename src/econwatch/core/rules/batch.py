"""Check a whole dataset: the one place where compiled plans are executed.

Example:
    >>> from econwatch.core.rules import load_ruleset, check_table
    >>> report = check_table(load_ruleset("rules.yaml"), "units.parquet",
    ...                      out="issues.parquet")  # doctest: +SKIP
    >>> report.rules[0].failed  # doctest: +SKIP
    12
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty, Queue
from typing import Any, TypeAlias

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from econwatch.core.engine.connections import (
    Engine,
    connect,
    fetch,
    materialize,
    stream,
)
from econwatch.core.rules.analysis import BoundRuleSet, bind
from econwatch.core.rules.compiler import (
    KEY,
    Plan,
    compile_plan,
    issues_of,
    totals_of,
    unpack_totals,
)
from econwatch.core.rules.problems import DataError, Level, Problem, RuleSetError
from econwatch.core.rules.ruleset import RuleSet, Severity
from econwatch.core.rules.sources import Loaded, load

Source: TypeAlias = str | Path | pa.Table
"""A file path, ``table:NAME`` in the database, or an Arrow table in memory."""

Progress = Callable[[str, int | None], None]
"""Called with a phase name and, while writing, the number of issue rows so far."""


@dataclass(frozen=True)
class RuleTotals:
    """How one rule came out over the whole dataset."""

    rule_id: str
    name: str
    severity: Severity
    checked: int
    passed: int
    failed: int
    na: int


@dataclass(frozen=True)
class SeverityTotals:
    """Fails and NAs summed over the rules of one severity."""

    severity: Severity
    rules: int
    failed: int
    na: int
    failing_rules: int


@dataclass
class ValidationReport:
    """The result of a batch check.

    Attributes:
        ruleset: the rule set's name.
        engine: the engine it ran on.
        checked: number of records.
        rules: per-rule totals, in rule order.
        severities: per-severity totals (error, verify, hint).
        sparse: (key, rule_id, outcome) rows for fails and NAs, if collected.
        output: where the sparse rows were written, if anywhere.
        sql: the SQL that was run (provenance).
        seconds: wall time of the check.
        warnings: problems that did not stop the run.
    """

    ruleset: str
    engine: str
    checked: int
    rules: list[RuleTotals]
    severities: list[SeverityTotals]
    sparse: pa.Table | None = None
    output: Path | None = None
    sql: str = ""
    seconds: float = 0.0
    warnings: list[Problem] = field(default_factory=list)

    def failing(self, at_least: Severity) -> list[RuleTotals]:
        """Rules of severity ``at_least`` or worse with at least one fail."""
        return [r for r in self.rules if r.failed and r.severity.rank <= at_least.rank]


def _severity_totals(rules: list[RuleTotals]) -> list[SeverityTotals]:
    out = []
    for severity in Severity:
        mine = [r for r in rules if r.severity is severity]
        out.append(
            SeverityTotals(
                severity,
                len(mine),
                sum(r.failed for r in mine),
                sum(r.na for r in mine),
                sum(1 for r in mine if r.failed),
            )
        )
    return out


def _report(
    plan: Plan, checked: int, fails: list[int], nas: list[int], sql: str
) -> ValidationReport:
    ruleset = plan.bound.ruleset
    rules = [
        RuleTotals(r.id, r.label, r.severity, checked, checked - f - n, f, n)
        for r, f, n in zip(ruleset.rules, fails, nas, strict=True)
    ]
    return ValidationReport(
        ruleset.name, plan.engine, checked, rules, _severity_totals(rules), sql=sql
    )


_OUTCOMES = pa.array(["fail", "na"])


def explode(batch: pa.RecordBatch, plan: Plan) -> tuple[pa.Table, list[int], list[int]]:
    """Turn one batch of issue rows into sparse (key, rule_id, outcome) rows.

    Returns:
        The sparse rows and, per rule, the fails and NAs in this batch.
    """
    rule_ids = pa.array(plan.rule_ids)
    keys = batch.column(KEY)
    parts: list[pa.Table] = []
    fails, nas = [], []
    for i in range(len(plan.rule_ids)):
        codes = np.asarray(batch.column(f"c{i}").to_numpy(zero_copy_only=False))
        rows = np.flatnonzero(codes)
        outcome = (codes[rows] - 1).astype(np.int8)  # 0 fail, 1 NA
        na = int(np.count_nonzero(outcome))
        fails.append(int(rows.size) - na)
        nas.append(na)
        if not rows.size:
            continue
        parts.append(
            pa.table(
                {
                    "key": keys.take(pa.array(rows)),
                    "rule_id": pa.DictionaryArray.from_arrays(
                        pa.array(np.full(rows.size, i, np.int32)), rule_ids
                    ),
                    "outcome": pa.DictionaryArray.from_arrays(
                        pa.array(outcome), _OUTCOMES
                    ),
                }
            )
        )
    if not parts:
        return _empty(keys.type, rule_ids), fails, nas
    return pa.concat_tables(parts), fails, nas


def _empty(key_type: pa.DataType, rule_ids: pa.Array) -> pa.Table:
    dictionary = pa.dictionary(pa.int32(), pa.string())
    return pa.table(
        {
            "key": pa.array([], key_type),
            "rule_id": pa.array([], dictionary),
            "outcome": pa.array([], pa.dictionary(pa.int8(), pa.string())),
        }
    )


class _Writer:
    """Stream sparse rows to Parquet or CSV (chosen by the file suffix)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.writer: Any = None

    def write(self, table: pa.Table) -> None:
        if self.path is None or not table.num_rows:
            return
        if self.path.suffix.lower() == ".csv":
            table = table.cast(
                pa.schema(
                    [
                        ("key", table.schema.field("key").type),
                        ("rule_id", pa.string()),
                        ("outcome", pa.string()),
                    ]
                )
            )
            if self.writer is None:
                self.writer = pa_csv.CSVWriter(str(self.path), table.schema)
        elif self.writer is None:
            self.writer = pq.ParquetWriter(str(self.path), table.schema)
        self.writer.write_table(table)

    def close(self, plan: Plan, key_type: pa.DataType | None) -> None:
        if self.path is None:
            return
        if self.writer is None:  # no issues at all: still write an empty file
            self.write_empty(plan, key_type or pa.string())
        if self.writer is not None:
            self.writer.close()

    def write_empty(self, plan: Plan, key_type: pa.DataType) -> None:
        empty = _empty(key_type, pa.array(plan.rule_ids))
        if self.path is not None and self.path.suffix.lower() == ".csv":
            pa_csv.write_csv(
                empty.cast(
                    pa.schema(
                        [
                            ("key", key_type),
                            ("rule_id", pa.string()),
                            ("outcome", pa.string()),
                        ]
                    )
                ),
                str(self.path),
            )
        elif self.path is not None:
            pq.write_table(empty, str(self.path))


def _prefetched(reader: Any, depth: int = 2) -> Iterator[pa.RecordBatch]:
    """Read batches in a thread, so the engine computes while Python writes.

    The thread stops when the consumer stops (also on an error), before the
    connection is used for anything else.
    """
    done = object()
    stop = threading.Event()
    queue: Queue[Any] = Queue(maxsize=depth)

    def pump() -> None:
        try:
            for batch in reader:
                if stop.is_set():
                    return
                queue.put(batch)
        except BaseException as exc:  # handed to the consumer, raised there
            queue.put(exc)
        finally:
            queue.put(done)

    thread = threading.Thread(target=pump, name="econwatch-batches", daemon=True)
    thread.start()
    try:
        while (item := queue.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while thread.is_alive():  # unblock a pending put, then wait for the end
            with contextlib.suppress(Empty):
                queue.get(timeout=0.05)
        thread.join()


def execute(
    engine: Engine,
    plan: Plan,
    data: Any,
    out: Path | None = None,
    collect: bool = False,
    progress: Progress | None = None,
    keep_sql: bool = False,
) -> ValidationReport:
    """Run a compiled plan: totals only, or the sparse rows too (streamed).

    Args:
        engine: where the plan's tables live.
        plan: from :func:`compile_plan`.
        data: the checked table (its row count is the number checked).
        out: write the sparse rows here (``.parquet`` or ``.csv``).
        collect: keep the sparse rows in memory in the report.
        progress: optional callback for long runs.
        keep_sql: put the SQL in the report even where that costs a second
            compilation (every engine but DuckDB).
    """
    note = progress or (lambda phase, n: None)
    if out is None and not collect:
        note("checking", None)
        totals = totals_of(plan)
        sql, result = fetch(engine, totals, keep_sql)
        row = result.to_pylist()[0]
        fails, nas = unpack_totals(row, len(plan.rule_ids))
        return _report(plan, int(row["__checked"]), fails, nas, sql)
    note("counting", None)
    checked = int(
        fetch(engine, data.count().name("n").as_table())[1].column(0)[0].as_py()
    )
    note("checking", 0)
    issues = issues_of(plan)
    writer = _Writer(out)
    kept: list[pa.Table] = []
    fails = [0] * len(plan.rule_ids)
    nas = [0] * len(plan.rule_ids)
    written = 0
    key_type = None
    sql, reader = stream(engine, issues, keep_sql)
    for batch in _prefetched(reader):
        key_type = batch.schema.field(KEY).type
        sparse, batch_fails, batch_nas = explode(batch, plan)
        fails = [a + b for a, b in zip(fails, batch_fails, strict=True)]
        nas = [a + b for a, b in zip(nas, batch_nas, strict=True)]
        writer.write(sparse)
        if collect:
            kept.append(sparse)
        written += sparse.num_rows
        note("checking", written)
    writer.close(plan, key_type)
    report = _report(plan, checked, fails, nas, sql)
    report.output = out
    if collect:
        key = key_type or pa.string()
        report.sparse = (
            pa.concat_tables(kept).unify_dictionaries()
            if kept
            else _empty(key, pa.array(plan.rule_ids))
        )
    return report


def _load_all(
    engine: Engine, ruleset: RuleSet, data: Source, prev: Source | None
) -> tuple[Loaded, Loaded | None, BoundRuleSet]:
    """Load data and reference data and bind the rules, reporting all problems."""
    needed = ruleset.fields_used()
    loaded = load(engine, data, ruleset.fields, needed, "data")
    loaded_prev = None
    if prev is not None:
        prev_needed = ruleset.prev_fields_used() | {ruleset.key}
        loaded_prev = load(engine, prev, ruleset.fields, prev_needed, "reference data")
    problems = loaded.problems + (loaded_prev.problems if loaded_prev else [])
    bound = None
    if loaded.table is not None and (
        loaded_prev is None or loaded_prev.table is not None
    ):
        try:
            bound = bind(
                ruleset, loaded.types, loaded_prev.types if loaded_prev else None
            )
        except RuleSetError as exc:
            problems += exc.problems
    if bound is None or any(p.level is Level.ERROR for p in problems):
        raise DataError(problems)
    return loaded, loaded_prev, bound


def _check_prev_keys(engine: Engine, prev: Any, key: str) -> None:
    dup = prev.group_by(key).aggregate(n=prev.count()).filter(lambda t: t.n > 1)
    examples = fetch(engine, dup.limit(3))[1].column(key).to_pylist()
    if examples:
        raise DataError(
            [
                Problem(
                    "duplicate-prev-key",
                    f"the reference data has several rows for key(s) {examples}",
                    hint="keep one row per unit in the reference data",
                )
            ]
        )


class _Stager:
    """Compute each group table on its own, into a temporary table (DuckDB).

    In one query DuckDB holds every group-by's state and every join's hash table
    at once; staged, only one aggregate is alive at a time and the main scan
    joins small finished tables. At 10 M rows this halves the memory a run needs
    and is faster too (docs/benchmarks.md, "Validation").
    """

    def __init__(self, engine: Engine, note: Progress) -> None:
        self.engine = engine
        self.note = note
        self.sql: list[str] = []

    def __call__(self, table: Any) -> Any:
        self.note("grouping", None)
        name = f"__econwatch_group_{len(self.sql)}"
        self.sql.append(materialize(self.engine, name, table))
        return self.engine.con.table(name)


def check_table(
    ruleset: RuleSet,
    data: Source,
    prev: Source | None = None,
    *,
    engine: str = "duckdb",
    db: str | None = None,
    out: str | Path | None = None,
    collect: bool = False,
    threads: int | None = None,
    progress: Progress | None = None,
    keep_sql: bool = False,
) -> ValidationReport:
    """Check every record of a dataset with every rule.

    Args:
        ruleset: the rules (see ``load_ruleset``).
        data: a CSV/Parquet/Excel file, ``table:NAME`` in the database ``db``, or
            an Arrow table.
        prev: the reference dataset (e.g. last year), joined on the key.
        engine: duckdb (default), sqlite, postgres or spark.
        db: database URL for ``table:`` sources and the sqlite/postgres engines.
        out: write the sparse (key, rule_id, outcome) rows to this .parquet/.csv.
        collect: also return the sparse rows in ``report.sparse``.
        threads: threads for DuckDB/Spark.
        progress: callback for progress display.
        keep_sql: keep the SQL run in ``report.sql`` (always kept on DuckDB).

    Returns:
        The report with per-rule and per-severity totals.

    Raises:
        DataError: listing every problem with the data and how the rules use it.
        EngineError: if the engine cannot be used.
    """
    started = time.perf_counter()
    note = progress or (lambda phase, n: None)
    note("loading", None)
    with connect(engine, db, threads) as eng:
        loaded, loaded_prev, bound = _load_all(eng, ruleset, data, prev)
        assert loaded.table is not None
        prev_table = loaded_prev.table if loaded_prev else None
        joins_prev = prev_table is not None and ruleset.uses_prev()
        counting = out is None and not collect
        if joins_prev and not counting:
            _check_prev_keys(eng, prev_table, ruleset.key)
        stager = _Stager(eng, note) if eng.name == "duckdb" else None
        plan = compile_plan(bound, loaded.table, prev_table, eng.name, stager)
        report = execute(
            eng,
            plan,
            loaded.table,
            Path(out) if out else None,
            collect,
            progress,
            keep_sql,
        )
        if stager is not None and stager.sql:
            report.sql = ";\n\n".join([*stager.sql, report.sql])
        if joins_prev and counting:
            # Counting needs no separate pass over the reference data: a key
            # repeated there multiplies the joined records, so the totals count
            # more records than the data has exactly when a repeat matters.
            rows = fetch(eng, loaded.table.count().name("n").as_table())[1]
            if report.checked != rows.column(0)[0].as_py():
                _check_prev_keys(eng, prev_table, ruleset.key)
    report.seconds = time.perf_counter() - started
    report.warnings = [
        p
        for p in loaded.problems + (loaded_prev.problems if loaded_prev else [])
        if p.level is Level.WARNING
    ]
    if ruleset.uses_prev() and prev is None:
        report.warnings.append(
            Problem(
                "no-reference-data",
                "rules read prev.* but no reference data was given; they are NA",
                hint="pass --prev",
                level=Level.WARNING,
            )
        )
    return report
