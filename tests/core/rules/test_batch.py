"""Batch checks of files and tables: outputs, codes with leading zeros, bad data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from econwatch.core.rules import DataError, check_table, load_ruleset, parse_ruleset
from econwatch.core.rules.compiler import compile_plan, totals_of
from tests.core.rules.conftest import DATA

RULES = load_ruleset(DATA / "legal_unit.yaml")
UNITS = DATA / "units.csv"
PREV = DATA / "units_prev.csv"
EXPECTED = {
    ("0001", "R007", "fail"),
    ("0002", "R001", "fail"),
    ("0002", "R002", "fail"),
    ("0002", "R003", "fail"),
    ("0002", "R004", "fail"),
    ("0002", "R005", "fail"),
    ("0002", "R006", "fail"),
    ("0002", "R009", "fail"),
    ("0003", "R001", "na"),
    ("0003", "R003", "fail"),
    ("0003", "R004", "na"),
    ("0003", "R005", "na"),
    ("0003", "R006", "na"),
    ("0003", "R007", "na"),
    ("0003", "R008", "fail"),
    ("0003", "R009", "na"),
    ("0004", "R006", "fail"),
    ("0004", "R007", "fail"),
}


def _rows(table: pa.Table) -> set[tuple[str, str, str]]:
    return {(r["key"], r["rule_id"], r["outcome"]) for r in table.to_pylist()}


def test_csv_to_parquet_keeps_leading_zeros(tmp_path: Path) -> None:
    out = tmp_path / "issues.parquet"
    report = check_table(RULES, UNITS, PREV, out=out)
    assert _rows(pq.read_table(out)) == EXPECTED
    assert report.checked == 4
    r001 = report.rules[0]
    assert (r001.checked, r001.passed, r001.failed, r001.na) == (4, 2, 1, 1)
    errors = report.severities[0]
    assert (errors.rules, errors.failed, errors.na, errors.failing_rules) == (
        5,
        7,
        3,
        5,
    )


def test_csv_output_and_counting_only_agree(tmp_path: Path) -> None:
    out = tmp_path / "issues.csv"
    written = check_table(RULES, UNITS, PREV, out=out)
    counted = check_table(RULES, UNITS, PREV)
    assert _rows(pa_csv.read_csv(out, convert_options=_text())) == EXPECTED
    assert written.rules == counted.rules
    assert "GROUP BY" in counted.sql and " OVER " not in counted.sql


def _text() -> pa_csv.ConvertOptions:
    return pa_csv.ConvertOptions(column_types={"key": pa.string()})


def test_no_issue_still_writes_an_empty_file(tmp_path: Path) -> None:
    ruleset = parse_ruleset("ruleset: t\nkey: unit_id\nrules:\n- {id: A, expr: 1 = 1}")
    out = tmp_path / "none.parquet"
    report = check_table(ruleset, UNITS, out=out)
    assert pq.read_table(out).num_rows == 0
    assert report.rules[0].passed == 4


def test_parquet_input(tmp_path: Path) -> None:
    text = {n: pa.string() for n in ("unit_id", "industry", "town", "phone")}
    options = pa_csv.ConvertOptions(column_types=text, strings_can_be_null=True)
    data = pa_csv.read_csv(UNITS, convert_options=options)
    path = tmp_path / "units.parquet"
    pq.write_table(data, path)
    report = check_table(RULES, path, PREV, collect=True)
    assert report.sparse is not None and _rows(report.sparse) == EXPECTED


def test_folder_of_parquet_files(tmp_path: Path) -> None:
    """National data arrives as one file per province: a folder is one dataset."""
    text = {n: pa.string() for n in ("unit_id", "industry", "town", "phone")}
    options = pa_csv.ConvertOptions(column_types=text, strings_can_be_null=True)
    data = pa_csv.read_csv(UNITS, convert_options=options)
    folder = tmp_path / "units"
    folder.mkdir()
    half = data.num_rows // 2
    pq.write_table(data.slice(0, half), folder / "a.parquet")
    pq.write_table(data.slice(half), folder / "b.parquet")
    report = check_table(RULES, folder, PREV, collect=True)
    assert report.checked == data.num_rows
    assert report.sparse is not None and _rows(report.sparse) == EXPECTED
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DataError, match=r"without \.parquet files"):
        check_table(RULES, empty)


def test_excel_input(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    lines = UNITS.read_text(encoding="utf-8").splitlines()
    for line in lines:
        sheet.append(line.split(","))
    path = tmp_path / "units.xlsx"
    book.save(path)
    report = check_table(RULES, path, PREV, collect=True)
    assert report.sparse is not None and _rows(report.sparse) == EXPECTED


def test_table_in_sqlite(tmp_path: Path) -> None:
    db = tmp_path / "econwatch.sqlite3"
    with sqlite3.connect(db) as con:
        con.execute(
            "CREATE TABLE unit (unit_id TEXT, uscc TEXT, name TEXT, industry TEXT,"
            " town TEXT, phone TEXT, revenue REAL, payroll REAL, employees INTEGER)"
        )
        rows = [line.split(",") for line in UNITS.read_text().splitlines()[1:]]
        con.executemany(
            "INSERT INTO unit VALUES (?,?,?,?,?,?,?,?,?)",
            [[v if v != "" else None for v in row] for row in rows],
        )
        con.execute("CREATE TABLE unit_prev (unit_id TEXT, revenue REAL)")
        con.executemany(
            "INSERT INTO unit_prev VALUES (?, ?)",
            [("0001", 1000), ("0002", 10), ("0004", 100)],
        )
    report = check_table(
        RULES,
        "table:unit",
        "table:unit_prev",
        engine="sqlite",
        db=f"sqlite:///{db}",
        collect=True,
    )
    assert report.sparse is not None and _rows(report.sparse) == EXPECTED


@pytest.mark.postgres
def test_table_in_postgres(pg_schema: str, postgres_url: str) -> None:
    import psycopg

    with psycopg.connect(postgres_url, autocommit=True) as con:
        con.execute(
            f'CREATE TABLE "{pg_schema}".unit (unit_id TEXT, uscc TEXT, name TEXT,'
            " industry TEXT, town TEXT, phone TEXT, revenue DOUBLE PRECISION,"
            " payroll NUMERIC(12, 2), employees INTEGER)"
        )
        with con.cursor() as cur:
            rows = [line.split(",") for line in UNITS.read_text().splitlines()[1:]]
            cur.executemany(
                f'INSERT INTO "{pg_schema}".unit VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s)',
                [[v if v != "" else None for v in row] for row in rows],
            )
        con.execute(
            f'CREATE TABLE "{pg_schema}".unit_prev AS SELECT '
            "unit_id, revenue FROM (VALUES ('0001', 1000.0), ('0002', 10.0),"
            " ('0004', 100.0)) AS v(unit_id, revenue)"
        )
    report = check_table(
        RULES,
        f"table:{pg_schema}.unit",
        f"table:{pg_schema}.unit_prev",
        engine="postgres",
        db=postgres_url,
        collect=True,
    )
    assert report.sparse is not None and _rows(report.sparse) == EXPECTED


def test_bad_data_lists_every_problem() -> None:
    ruleset = parse_ruleset(
        "ruleset: t\nkey: unit_id\n"
        "fields: {unit_id: string, revenue: number, employees: integer}\n"
        "rules:\n- {id: A, expr: revenue >= 0}\n- {id: B, expr: employees > 0}\n"
        "- {id: C, expr: turnover > 0}\n- {id: D, expr: is_unique(registry)}"
    )
    with pytest.raises(DataError) as caught:
        check_table(ruleset, DATA / "units_bad.csv")
    problems = caught.value.problems
    assert {p.code for p in problems} == {"bad-value"}
    text = " ".join(p.message for p in problems)
    assert "line 2: '12x'" in text and "'n/a'" in text and "'3.5'" in text


def test_missing_columns_listed_for_every_rule() -> None:
    ruleset = parse_ruleset(
        "ruleset: t\nkey: unit_id\nrules:\n- {id: C, expr: turnover > 0}\n"
        "- {id: D, expr: is_unique(registry)}"
    )
    with pytest.raises(DataError) as caught:
        check_table(ruleset, UNITS)
    assert [(p.code, p.rule_id) for p in caught.value.problems] == [
        ("unknown-field", "C"),
        ("unknown-field", "D"),
    ]


def test_unreadable_and_missing_files() -> None:
    with pytest.raises(DataError) as caught:
        check_table(RULES, DATA / "nope.csv", DATA / "nope.parquet")
    assert [p.code for p in caught.value.problems] == ["unreadable-file"] * 2


@pytest.mark.parametrize("sparse", [False, True], ids=["counting", "sparse"])
def test_duplicate_reference_keys_are_refused(sparse: bool) -> None:
    """Counting finds the repeat from the joined count, the sparse run beforehand."""
    with pytest.raises(DataError) as caught:
        check_table(RULES, UNITS, DATA / "units_dup_prev.csv", collect=sparse)
    assert [p.code for p in caught.value.problems] == ["duplicate-prev-key"]
    assert "0001" in caught.value.problems[0].message


def test_rules_without_reference_data_are_na_with_a_warning() -> None:
    report = check_table(RULES, UNITS)
    r006 = next(r for r in report.rules if r.rule_id == "R006")
    assert (r006.failed, r006.na) == (0, 4)
    assert [w.code for w in report.warnings] == ["no-reference-data"]


def test_one_group_by_per_field_list() -> None:
    import ibis

    from econwatch.core.rules import FieldType, bind

    ruleset = parse_ruleset(
        "ruleset: t\nkey: id\nrules:\n"
        "- {id: A, expr: x <= 10 * median(x) by g}\n"
        "- {id: B, expr: x >= mean(x) by g / 10}\n"
        "- {id: C, expr: 'sum(x) by g, h > 0'}\n"
    )
    types = {
        "id": FieldType.STRING,
        "x": FieldType.NUMBER,
        "g": FieldType.STRING,
        "h": FieldType.INTEGER,
    }
    table = ibis.table(
        {"id": "string", "x": "float64", "g": "string", "h": "int64"}, name="units"
    )
    plan = compile_plan(bind(ruleset, types), table, None, "duckdb")
    sql = ibis.to_sql(totals_of(plan), dialect="duckdb")
    assert sql.count("GROUP BY") == 2
    assert " OVER " not in sql


def test_group_tables_are_staged_on_duckdb_and_dropped() -> None:
    """Each group table is computed first; the report's SQL shows every step."""
    from econwatch.core.engine import connections

    ruleset = parse_ruleset(
        "ruleset: t\nkey: id\nrules:\n"
        "- {id: A, expr: x <= 10 * median(x) by g}\n"
        "- {id: B, expr: is_unique(g)}\n"
        '- {id: C, expr: g in codelist("gbt4754_class")}\n'
    )
    data = pa.table(
        {
            "id": ["1", "2", "3", "4"],
            "x": [1.0, 2.0, 100.0, 5.0],  # median 2 in group 0111: 100 fails A
            "g": ["0111", "0111", "0111", "9"],  # "9" is no class: fails C
        }
    )
    opened: list[connections.Engine] = []
    real_connect = connections.connect

    def spy(*args: object, **kwargs: object) -> connections.Engine:
        engine = real_connect(*args, **kwargs)  # type: ignore[arg-type]
        opened.append(engine)
        return engine

    import econwatch.core.rules.batch as batch

    original = batch.connect
    batch.connect = spy  # type: ignore[assignment]
    try:
        report = check_table(ruleset, data, collect=True)
    finally:
        batch.connect = original  # type: ignore[assignment]
    assert report.sql.count("CREATE TEMP TABLE") == 2  # median by g; duplicates of g
    assert "econwatch_uscc_valid" not in report.sql
    assert {(r.rule_id, r.failed, r.na) for r in report.rules} == {
        ("A", 1, 0),
        ("B", 3, 0),
        ("C", 1, 0),
    }
    assert opened and not opened[0].scratch  # dropped on close


@pytest.mark.parametrize("engine", ["duckdb", "sqlite"])
def test_packed_totals_separate_fails_and_nas(engine: str) -> None:
    """Totals from the packed sum equal the sparse rows' counts, NAs included."""
    ruleset = parse_ruleset(
        "ruleset: t\nkey: id\nrules:\n"
        "- {id: A, expr: x > 0}\n"
        "- {id: B, expr: is_null(x)}\n"
    )
    xs = [None] * 7 + [-1.0] * 5 + [1.0] * 3
    data = pa.table({"id": [str(i) for i in range(len(xs))], "x": xs})
    counted = check_table(ruleset, data, engine=engine)
    sparse = check_table(ruleset, data, engine=engine, collect=True)
    assert [(r.failed, r.na, r.passed) for r in counted.rules] == [
        (5, 7, 3),
        (8, 0, 7),
    ]
    assert [(r.failed, r.na) for r in sparse.rules] == [
        (r.failed, r.na) for r in counted.rules
    ]
