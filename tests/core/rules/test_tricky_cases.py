"""The tricky cases of docs/rules.md, on every engine and in ``check_record``.

Each case is one rule and a few records; the first record is the one checked. The
other records only give it a group (``grp`` defaults to the case id) or duplicates.
All cases run as one dataset per engine, so each engine is called once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pytest
from stdnum.cn import uscc as stdnum_uscc

from econwatch.core.rules import GroupStats, RuleSet, check_record, check_table
from econwatch.core.rules.loader import parse_ruleset
from tests.core.rules.conftest import db_for


def _uscc(first17: str) -> str:
    return first17 + stdnum_uscc.calc_check_digit(first17)


@dataclass(frozen=True)
class Case:
    id: str
    expr: str
    rows: list[dict[str, Any]]
    expect: str
    prev: dict[str, Any] | None = None
    extra: list[dict[str, Any]] = field(default_factory=list)


CASES = [
    # NULL and three-valued logic
    Case("null-compare", "a > 0", [{"a": None}], "na"),
    Case("nan-is-null", "a > 0 or a <= 0", [{"a": float("nan")}], "na"),
    Case("not-null", "not (a > 0)", [{"a": None}], "na"),
    Case("and-false-wins", "a > 0 and b > 0", [{"a": None, "b": -1.0}], "fail"),
    Case("and-na", "a > 0 and b > 0", [{"a": None, "b": 1.0}], "na"),
    Case("or-true-wins", "a > 0 or b > 0", [{"a": None, "b": 1.0}], "pass"),
    Case("is-null-guard", "is_null(a) or a > 0", [{"a": None}], "pass"),
    Case("name-required", "not is_null(s) and length(s) >= 4", [{"s": None}], "fail"),
    Case("text-not-equal-null", 's != "x"', [{"s": None}], "na"),
    # if / then / else
    Case("if-na-condition", "if a > 0 then b > 0", [{"a": None, "b": 1.0}], "na"),
    Case("if-false-passes", "if a > 0 then b > 0", [{"a": 0.0, "b": None}], "pass"),
    Case("if-then-na", "if a > 0 then b > 0", [{"a": 1.0, "b": None}], "na"),
    Case("if-then-fail", "if a > 0 then b > 0", [{"a": 1.0, "b": 0.0}], "fail"),
    Case("if-else-na", "if a > 0 then b > 0 else c > 0", [{"a": -1.0}], "na"),
    Case("if-else-pass", "if a > 0 then b > 0 else c > 0", [{"a": -1, "c": 2}], "pass"),
    # division and ratio
    Case("divide-by-zero", "a / b > 1", [{"a": 5.0, "b": 0.0}], "na"),
    Case("divide-by-minus-zero", "a / b > 1", [{"a": 5.0, "b": -0.0}], "na"),
    Case("ratio-null", "ratio(a, b) > 1", [{"a": 5.0, "b": None}], "na"),
    Case("integer-division", "n / 2 = 1.5", [{"n": 3}], "pass"),
    Case(
        "ratio-prev-missing", "ratio(a, prev.a) between 0.5 and 2", [{"a": 1.0}], "na"
    ),
    Case(
        "ratio-prev-zero",
        "ratio(a, prev.a) between 0.5 and 2",
        [{"a": 1.0}],
        "na",
        prev={"a": 0.0},
    ),
    Case(
        "ratio-prev-ok",
        "ratio(a, prev.a) between 0.5 and 2",
        [{"a": 150.0}],
        "pass",
        prev={"a": 100.0},
    ),
    Case("prev-text", "prev.s = s", [{"s": "甲"}], "fail", prev={"s": "乙"}),
    # between
    Case("between-null-value", "a between 1 and 5", [{"a": None}], "na"),
    Case(
        "between-null-bound",
        "a between b and c",
        [{"a": 9.0, "b": None, "c": 5.0}],
        "na",
    ),
    Case("between-ends", "a between 1 and 5", [{"a": 5.0}], "pass"),
    # equality tolerance
    Case("float-sum-equal", "a + b = c", [{"a": 0.1, "b": 0.2, "c": 0.3}], "pass"),
    Case("float-equal-literal", "a = 0.3", [{"a": 0.1 + 0.2}], "pass"),
    Case("not-equal-enough", "a = 1", [{"a": 1.000001}], "fail"),
    Case("in-list-tolerant", "a in [1, 2]", [{"a": 2.0000000001}], "pass"),
    Case("in-list-null", "a in [1, 2]", [{"a": None}], "na"),
    Case("in-list-text", 'code in ["01", "02"]', [{"code": "1"}], "fail"),
    # unicode lengths
    Case("length-chinese", "length(s) = 2", [{"s": "武进"}], "pass"),
    Case("length-astral", "length(s) = 2", [{"s": "😀a"}], "pass"),
    Case("length-combining", "length(s) = 2", [{"s": "e\u0301"}], "pass"),
    # group statistics
    Case(
        "median-even",
        "a = median(a) by grp",
        [{"a": 2.5}],
        "pass",
        extra=[{"a": 1.0}, {"a": 4.0}, {"a": 3.0}, {"a": 2.0}],
    ),
    Case(
        "group-all-null",
        "a <= 10 * sum(b) by grp",
        [{"a": 1.0}],
        "na",
        extra=[{"b": None}],
    ),
    Case(
        "group-null-by", "a <= 10 * median(a) by grp", [{"a": 1.0, "grp": None}], "na"
    ),
    Case("count-zero-is-na", "count(b) by grp >= 1", [{"b": None}], "na"),
    Case(
        "count-text", "count(s) by grp = 2", [{"s": "x1"}], "pass", extra=[{"s": "y1"}]
    ),
    Case(
        "mean-group",
        "a <= 2 * mean(a) by grp",
        [{"a": 9.0}],
        "fail",
        extra=[{"a": 1.0}, {"a": 2.0}],
    ),
    Case(
        "range-group",
        "max(a) by grp - min(a) by grp < 5",
        [{"a": 1.0}],
        "fail",
        extra=[{"a": 7.0}],
    ),
    # uniqueness
    Case(
        "unique-dup", "is_unique(s)", [{"s": "dup-1"}], "fail", extra=[{"s": "dup-1"}]
    ),
    Case("unique-null", "is_unique(t)", [{"t": None}], "na", extra=[{"t": None}]),
    Case(
        "unique-pair",
        "is_unique(s, code)",
        [{"s": "pair", "code": "1"}],
        "pass",
        extra=[{"s": "pair", "code": "2"}],
    ),
    # code lists, USCC, regex
    Case(
        "codelist-ok", 'code in codelist("gbt4754_class")', [{"code": "0111"}], "pass"
    ),
    Case(
        "codelist-no-zero",
        'code in codelist("gbt4754_class")',
        [{"code": "111"}],
        "fail",
    ),
    Case("codelist-null", 'code in codelist("gbt4754_class")', [{"code": None}], "na"),
    Case("uscc-example", "uscc_valid(t)", [{"t": "91350100M000100Y43"}], "pass"),
    Case("uscc-bad-check", "uscc_valid(t)", [{"t": "91350100M000100Y4Z"}], "fail"),
    Case(
        "uscc-letter-first",
        "uscc_valid(t)",
        [{"t": _uscc("N2320412MA1XYW123")}],
        "pass",
    ),
    Case(
        "uscc-lower-case",
        "uscc_valid(t)",
        [{"t": _uscc("91320412MA1XYW123").lower()}],
        "fail",
    ),
    Case("uscc-empty", "uscc_valid(t)", [{"t": ""}], "fail"),
    # 18 bytes but 17 characters: the vectorised DuckDB check reads UTF-8 bytes.
    Case("uscc-non-ascii", "uscc_valid(t)", [{"t": "9135010é0M000100Y"}], "fail"),
    Case(
        "uscc-letter-in-digits",
        "uscc_valid(t)",
        [{"t": _uscc("91A20412MA1XYW123")}],
        "fail",
    ),
    # Same code list twice in one rule: one lookup table on DuckDB.
    Case(
        "codelist-twice",
        'code in codelist("gbt4754_class") and not (code in codelist("gbt4754_class"))',
        [{"code": "0111"}],
        "fail",
    ),
    Case("uscc-null", "uscc_valid(t)", [{"t": None}], "na"),
    Case("phone-ok", 'matches(s, "^1[3-9][0-9]{9}$")', [{"s": "13812345678"}], "pass"),
    Case(
        "phone-newline",
        'matches(s, "^1[3-9][0-9]{9}$")',
        [{"s": "13812345678\n"}],
        "fail",
    ),
    Case("dot-newline", 'matches(s, "^a.b$")', [{"s": "a\nb"}], "pass"),
    # \s holds \f and \v, which Spark SQL literals would read as the letters f, v.
    Case("space-class-not-letters", 'matches(s, "\\s")', [{"s": "fv\x19"}], "fail"),
    Case("space-class-form-feed", 'matches(s, "\\s")', [{"s": "a\x0cb"}], "pass"),
    Case("digit-ascii-only", 'matches(s, "^\\d$")', [{"s": "٣"}], "fail"),
    Case(
        "regex-chinese", 'matches(s, "有限公司$")', [{"s": "常州某某有限公司"}], "pass"
    ),
]

FIELDS = {
    "id": pa.string(),
    "a": pa.float64(),
    "b": pa.float64(),
    "c": pa.float64(),
    "n": pa.int64(),
    "s": pa.string(),
    "t": pa.string(),
    "code": pa.string(),
    "grp": pa.string(),
}


def _ruleset() -> RuleSet:
    lines = [
        "ruleset: tricky",
        "key: id",
        "fields: {id: string, a: number, b: number, c: number, n: integer,",
        "         s: string, t: string, code: string, grp: string}",
        "rules:",
    ]
    for case in CASES:
        expr = case.expr.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'  - {{id: {case.id}, expr: "{expr}"}}')
    return parse_ruleset("\n".join(lines))


def _records() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    records, prevs = [], []
    for case in CASES:
        for j, row in enumerate(case.rows + case.extra):
            record = dict.fromkeys(FIELDS)
            record.update(id=case.id if j == 0 else f"{case.id}#{j}", grp=case.id)
            record.update(row)
            records.append(record)
        if case.prev is not None:
            prevs.append({"id": case.id, "a": None, "s": None, **case.prev})
    return records, prevs


RULESET = _ruleset()
RECORDS, PREVS = _records()


def _arrow(rows: list[dict[str, Any]], names: list[str]) -> pa.Table:
    return pa.table({n: pa.array([r[n] for r in rows], FIELDS[n]) for n in names})


def _python_outcomes() -> dict[str, str]:
    stats = GroupStats.from_records(RULESET, RECORDS, RULESET.fields)
    prev = {p["id"]: p for p in PREVS}
    out = {}
    for record, case in ((r, c) for c in CASES for r in RECORDS if r["id"] == c.id):
        verdicts = check_record(RULESET, record, prev.get(case.id), stats)
        out[case.id] = next(v for v in verdicts if v.rule_id == case.id).outcome.value
    return out


ENGINES = [
    "python",
    "duckdb",
    "sqlite",
    pytest.param("postgres", marks=pytest.mark.postgres),
    pytest.param("pyspark", marks=pytest.mark.spark),
]


@pytest.fixture(scope="module", params=ENGINES)
def outcomes(request: pytest.FixtureRequest) -> dict[str, str]:
    engine = request.param
    if engine == "python":
        return _python_outcomes()
    db = db_for(engine, request)
    report = check_table(
        RULESET,
        _arrow(RECORDS, list(FIELDS)),
        _arrow(PREVS, ["id", "a", "s"]),
        engine=engine,
        db=db,
        collect=True,
    )
    assert report.sparse is not None
    # Counting only (the packed sums of totals_of) must agree with the sparse rows.
    counted = check_table(
        RULESET,
        _arrow(RECORDS, list(FIELDS)),
        _arrow(PREVS, ["id", "a", "s"]),
        engine=engine,
        db=db,
    )
    assert [(r.rule_id, r.failed, r.na) for r in counted.rules] == [
        (r.rule_id, r.failed, r.na) for r in report.rules
    ]
    assert sum(r.failed + r.na for r in counted.rules) == report.sparse.num_rows
    found = {
        (row["key"], row["rule_id"]): row["outcome"]
        for row in report.sparse.to_pylist()
    }
    return {case.id: found.get((case.id, case.id), "pass") for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_tricky_case(case: Case, outcomes: dict[str, str]) -> None:
    assert outcomes[case.id] == case.expect, case.expr
