"""Bring data into an engine: files read with declared types, or tables in place.

A source is a CSV, Parquet or Excel file, or ``table:NAME`` (``table:schema.name``
on PostgreSQL) in the engine's own database. Files are read by DuckDB with the
declared field types, so codes such as ``0012`` keep their leading zeros, then
handed to the engine (uploaded to SQLite/PostgreSQL, written as Parquet for
Spark). Problems — an unreadable file, values that are not numbers, unsupported
column types — are collected, not raised one by one.
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.parquet as pq

from econwatch.core.engine.connections import Engine
from econwatch.core.rules.problems import Level, Problem
from econwatch.core.rules.ruleset import FieldType

# Integers are read as DOUBLE: DuckDB would round "3.5" into a BIGINT silently;
# as DOUBLE a fraction can be found and reported (rules compute in DOUBLE anyway).
_DUCK_TYPES = {
    FieldType.STRING: "VARCHAR",
    FieldType.NUMBER: "DOUBLE",
    FieldType.INTEGER: "DOUBLE",
}
_counter = itertools.count()


@dataclass
class Loaded:
    """A source as an Ibis table, its column types and any problems.

    Attributes:
        table: the data (None when it could not be read).
        types: column → field type, for the columns rules can use.
        problems: errors and warnings about the source.
        label: how messages name the source (``data`` or ``reference data``).
    """

    table: ir.Table | None
    types: dict[str, FieldType]
    problems: list[Problem] = field(default_factory=list)
    label: str = "data"


def field_type_of(dtype: Any) -> FieldType | None:
    """Map an Ibis column type to a field type; None if rules cannot use it."""
    if dtype.is_string():
        return FieldType.STRING
    if dtype.is_integer():
        return FieldType.INTEGER
    if dtype.is_floating() or dtype.is_decimal():
        return FieldType.NUMBER
    return None


def _scratch_name(engine: Engine) -> str:
    name = f"econwatch_tmp_{next(_counter)}_{id(engine) % 100000}"
    engine.scratch.append(name)
    return name


def _problem(code: str, message: str, hint: str = "") -> Problem:
    return Problem(code, message, hint=hint)


def _diagnose_csv(
    con: Any, path: Path, declared: Mapping[str, FieldType]
) -> list[Problem]:
    """Find every value of a declared number column that is not a (whole) number."""
    raw = con.read_csv(str(path), all_varchar=True)
    problems = []
    numbered = raw.mutate(__row=ibis.row_number() + 2)  # +1 header, +1 from 0
    for name, ftype in declared.items():
        if ftype is FieldType.STRING or name not in raw.columns:
            continue
        col = numbered[name]
        number = col.try_cast("float64")
        wrong = number.isnull()
        if ftype is FieldType.INTEGER:
            wrong = wrong | (number != number.floor())
        bad = numbered.filter(col.notnull() & wrong)
        count = con.to_pyarrow(bad.count()).as_py()
        if not count:
            continue
        examples = con.to_pyarrow(bad.select("__row", name).limit(3)).to_pylist()
        shown = ", ".join(f"line {row['__row']}: {row[name]!r}" for row in examples)
        what = "numbers" if ftype is FieldType.NUMBER else "whole numbers"
        problems.append(
            _problem(
                "bad-value",
                f"column '{name}' is declared {ftype.value} but {count} value(s) are "
                f"not {what}: {shown}",
                "correct the file, or declare the column as string",
            )
        )
    return problems


def _fractional(con: Any, table: ir.Table, declared: Mapping[str, FieldType]) -> bool:
    """Whether a declared integer column holds a value with a fraction."""
    checks = [
        (table[n] != table[n].floor()).fill_null(False)
        for n, t in declared.items()
        if t is FieldType.INTEGER and n in table.columns
    ]
    if not checks:
        return False
    any_bad = checks[0]
    for check in checks[1:]:
        any_bad = any_bad | check
    return bool(con.to_pyarrow(table.filter(any_bad).count()).as_py())


def _read_file(
    con: Any, path: Path, declared: Mapping[str, FieldType]
) -> tuple[ir.Table | None, list[Problem]]:
    """Read a file with DuckDB (``con`` is an Ibis DuckDB backend)."""
    if not path.exists():
        return None, [
            _problem("unreadable-file", f"{path} does not exist", "check the path")
        ]
    if path.is_dir():
        return _read_folder(con, path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            path, suffix = _excel_to_csv(path), ".csv"
        except Exception as exc:  # openpyxl raises many kinds of errors
            return None, [_problem("unreadable-file", f"cannot read {path}: {exc}")]
    try:
        if suffix in (".csv", ".txt", ".gz"):
            header = con.read_csv(str(path), all_varchar=True).columns
            types = {k: _DUCK_TYPES[v] for k, v in declared.items() if k in header}
            table = con.read_csv(str(path), types=types)
            # Materialise: group statistics read the data several times, and bad
            # values surface here rather than in the middle of the check.
            table = con.create_table(
                f"econwatch_csv_{next(_counter)}", table, temp=True
            )
            if _fractional(con, table, declared):
                return None, _diagnose_csv(con, path, declared)
            return table, []
        if suffix in (".parquet", ".pq"):
            return con.read_parquet(str(path)), []
    except Exception as exc:  # DuckDB reports many kinds of errors
        if suffix in (".csv", ".txt", ".gz") and "onver" in str(exc):
            problems = _diagnose_csv(con, path, declared)
            if problems:
                return None, problems
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
        return None, [_problem("unreadable-file", f"cannot read {path}: {first}")]
    return None, [
        _problem(
            "unreadable-file",
            f"{path}: unknown file type '{suffix}'",
            "use .csv, .parquet or .xlsx",
        )
    ]


def _read_folder(con: Any, path: Path) -> tuple[ir.Table | None, list[Problem]]:
    """A folder of Parquet files with the same columns (one per province, say)."""
    if not any(path.glob("*.parquet")):
        return None, [
            _problem(
                "unreadable-file",
                f"{path} is a folder without .parquet files",
                "give a file, or a folder of Parquet files with the same columns",
            )
        ]
    try:
        return con.read_parquet(str(path / "*.parquet")), []
    except Exception as exc:  # DuckDB reports many kinds of errors
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
        return None, [_problem("unreadable-file", f"cannot read {path}: {first}")]


def _excel_to_csv(path: Path) -> Path:
    """Write the first sheet of an Excel file as CSV (header in row 1).

    The CSV then goes through the same typed reading and the same diagnosis of
    bad values as any CSV file; its line numbers are the sheet's row numbers.
    """
    import csv

    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    target = Path(tempfile.mkdtemp(prefix="econwatch-")) / (path.stem + ".csv")
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for row in book.worksheets[0].iter_rows(values_only=True):
            writer.writerow(["" if v is None else v for v in row])
    book.close()
    return target


def _conform(
    table: ir.Table, declared: Mapping[str, FieldType], needed: set[str], label: str
) -> tuple[ir.Table, dict[str, FieldType], list[Problem]]:
    """Check column types against declared ones; cast where it is lossless."""
    types: dict[str, FieldType] = {}
    problems: list[Problem] = []
    schema = table.schema()
    casts: dict[str, Any] = {}
    for name, dtype in schema.items():
        actual = field_type_of(dtype)
        wanted = declared.get(name)
        if actual is None:
            if name in needed:
                problems.append(
                    _problem(
                        "unsupported-type",
                        f"column '{name}' of the {label} is {dtype}, "
                        "which rules cannot use",
                        "convert it to text or a number",
                    )
                )
            continue
        if wanted is None or wanted.kind is actual.kind:
            types[name] = wanted or actual
            continue
        if wanted is FieldType.STRING and actual is FieldType.INTEGER:
            casts[name] = table[name].cast("string")
            types[name] = FieldType.STRING
            problems.append(
                Problem(
                    "number-as-text",
                    f"column '{name}' of the {label} holds integers but is declared "
                    "string; leading zeros may already be lost",
                    hint="store codes as text",
                    level=Level.WARNING,
                )
            )
            continue
        types[name] = wanted  # reported here, not again as an unknown field
        problems.append(
            _problem(
                "wrong-type",
                f"column '{name}' of the {label} is {dtype} "
                f"but declared {wanted.value}",
                "fix the column type or the declaration",
            )
        )
    if casts:
        table = table.mutate(**casts)
    return table, types, problems


def _load_arrow(
    engine: Engine,
    data: pa.Table,
    declared: Mapping[str, FieldType],
    needed: set[str],
    label: str,
) -> Loaded:
    """Hand an in-memory Arrow table to the engine (as a temporary table)."""
    con: Any = engine.con
    if engine.name == "pyspark":
        # Through Parquet, not pandas: pandas would turn NULLs into NaN or None text.
        spool = Path(tempfile.mkdtemp(prefix="econwatch-")) / "data.parquet"
        pq.write_table(data, spool)
        table = con.read_parquet(str(spool))
    else:
        table = con.create_table(_scratch_name(engine), data, temp=True)
    table, types, problems = _conform(table, declared, needed, label)
    return Loaded(table, types, problems, label)


def load(
    engine: Engine,
    source: str | Path | pa.Table,
    declared: Mapping[str, FieldType],
    needed: set[str],
    label: str = "data",
) -> Loaded:
    """Make ``source`` available as a table in ``engine``.

    Args:
        engine: the open engine.
        source: a file path, ``table:NAME`` in the engine's database, or an
            in-memory Arrow table.
        declared: the rule set's declared field types.
        needed: columns the rules read (only these must have usable types).
        label: how messages name this source.

    Returns:
        The table and its column types, or the problems that prevent reading it.
    """
    if isinstance(source, pa.Table):
        return _load_arrow(engine, source, declared, needed, label)
    text = str(source)
    if text.startswith("table:"):
        name = text.removeprefix("table:")
        try:
            if engine.name == "postgres" and "." in name:
                schema, _, bare = name.partition(".")
                table = engine.con.table(bare, database=schema)
            else:
                table = engine.con.table(name)
        except Exception as exc:  # backends raise different errors
            return Loaded(
                None,
                {},
                [
                    _problem(
                        "unreadable-table",
                        f"table '{name}' not found: {exc}".splitlines()[0],
                    )
                ],
                label,
            )
        table, types, problems = _conform(table, declared, needed, label)
        return Loaded(table, types, problems, label)
    path = Path(text)
    if engine.name == "duckdb":
        table, problems = _read_file(engine.con, path, declared)
    else:
        table, problems = _file_elsewhere(engine, path, declared)
    if table is None:
        return Loaded(None, {}, problems, label)
    table, types, more = _conform(table, declared, needed, label)
    return Loaded(table, types, problems + more, label)


def _file_elsewhere(
    engine: Engine, path: Path, declared: Mapping[str, FieldType]
) -> tuple[ir.Table | None, list[Problem]]:
    """Read a file with DuckDB, then give it to SQLite, PostgreSQL or Spark."""
    parquet = path.suffix.lower() in (".parquet", ".pq") or path.is_dir()
    if engine.name == "pyspark" and parquet:
        if not path.exists():
            return None, [_problem("unreadable-file", f"{path} does not exist")]
        if path.is_dir():
            path = path / "*.parquet"
        return engine.con.read_parquet(str(path)), []
    duck = ibis.duckdb.connect()
    try:
        table, problems = _read_file(duck, path, declared)
        if table is None:
            return None, problems
        name = _scratch_name(engine)
        if engine.name == "pyspark":
            spool = Path(tempfile.mkdtemp(prefix="econwatch-")) / "data.parquet"
            duck.to_parquet(table, str(spool))
            return engine.con.read_parquet(str(spool)), problems
        arrow = table.to_pyarrow()
        return engine.con.create_table(name, arrow, temp=True), problems
    finally:
        duck.disconnect()
