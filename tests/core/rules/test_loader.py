"""Reading rule files: every problem reported at once, with stable codes and places."""

from __future__ import annotations

import pytest

from econwatch.core.rules import (
    FieldType,
    Level,
    RuleSetError,
    Severity,
    bind,
    lint,
    load_ruleset,
    parse_ruleset,
)
from tests.core.rules.conftest import DATA


def test_example_rule_file_loads() -> None:
    ruleset = load_ruleset(DATA / "legal_unit.yaml")
    assert ruleset.name == "legal-unit-2023"
    assert ruleset.key == "unit_id"
    assert [r.id for r in ruleset.rules] == [f"R00{i}" for i in range(1, 10)]
    assert ruleset.rule("R002").severity is Severity.VERIFY
    assert ruleset.rule("R002").severity.label == "核实性"
    assert ruleset.fields["industry"] is FieldType.STRING
    assert lint(ruleset) == []


def test_every_problem_of_a_bad_file_at_once() -> None:
    with pytest.raises(RuleSetError) as caught:
        load_ruleset(DATA / "bad_rules.yaml")
    found = {(p.code, p.rule_id) for p in caught.value.problems}
    assert found == {
        ("bad-field-type", None),
        ("syntax-error", "B01"),
        ("unknown-key", "B02"),
        ("type-mismatch", "B02"),
        ("unknown-codelist", "B03"),
        ("duplicate-rule-id", "B03"),
        ("bad-regex", "B03"),
        ("not-a-condition", "B05"),
        ("bad-severity", "B06"),
        ("syntax-error", "B06"),
        ("bad-group-field", "B07"),
    }


def test_syntax_error_names_rule_column_and_expectation() -> None:
    with pytest.raises(RuleSetError) as caught:
        load_ruleset(DATA / "bad_rules.yaml")
    problem = next(p for p in caught.value.problems if p.rule_id == "B01")
    assert problem.line == 11
    assert problem.column == 11
    assert "expected a number" in problem.message
    assert "B01" in str(problem) and "column 11" in str(problem)


def test_unknown_key_suggests_the_right_one() -> None:
    with pytest.raises(RuleSetError) as caught:
        load_ruleset(DATA / "bad_rules.yaml")
    problem = next(p for p in caught.value.problems if p.code == "unknown-key")
    assert problem.hint == "did you mean 'severity'?"


def test_unknown_fields_of_every_rule_at_bind() -> None:
    ruleset = parse_ruleset(
        """
ruleset: t
key: id
rules:
  - {id: A, expr: revenu >= 0}
  - {id: B, expr: "if employes > 0 then payroll > 0"}
  - {id: C, expr: "ratio(revenue, prev.revenu) > 0.2"}
"""
    )
    columns = {
        "id": FieldType.STRING,
        "revenue": FieldType.NUMBER,
        "employees": FieldType.INTEGER,
        "payroll": FieldType.NUMBER,
    }
    with pytest.raises(RuleSetError) as caught:
        bind(ruleset, columns, {"id": FieldType.STRING, "revenue": FieldType.NUMBER})
    problems = caught.value.problems
    assert [(p.code, p.rule_id) for p in problems] == [
        ("unknown-field", "A"),
        ("unknown-field", "B"),
        ("unknown-field", "C"),
    ]
    assert problems[0].hint == "did you mean 'revenue'?"
    assert problems[0].column == 1
    assert "prev.revenu" in problems[2].message


def test_lint_warns_about_undeclared_fields() -> None:
    ruleset = parse_ruleset(
        "ruleset: t\nkey: id\nfields: {id: string}\nrules:\n- {id: A, expr: x > 0}"
    )
    problems = lint(ruleset)
    assert [(p.code, p.level) for p in problems] == [
        ("undeclared-field", Level.WARNING)
    ]
    assert "A" in problems[0].message


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ruleset: [unclosed", "bad-yaml"),
        ("- just a list", "bad-yaml"),
        ("ruleset: t\nkey: id", "missing-key"),
        ("ruleset: t\nkey: id\nrules: 5", "bad-rule"),
        ("ruleset: t\nkey: id\nrules: [5]", "bad-rule"),
        ("ruleset: t\nkey: id\nrules: [{id: A}]", "missing-key"),
        ("ruleset: t\nkey: id\nfield: {}\nrules: [{id: A, expr: x>0}]", "unknown-key"),
    ],
    ids=[
        "yaml",
        "not-mapping",
        "no-rules",
        "rules-not-list",
        "rule-not-mapping",
        "no-expr",
        "top-level-typo",
    ],
)
def test_structural_problems(text: str, code: str) -> None:
    with pytest.raises(RuleSetError) as caught:
        parse_ruleset(text)
    assert code in {p.code for p in caught.value.problems}


def test_unreadable_file() -> None:
    with pytest.raises(RuleSetError) as caught:
        load_ruleset(DATA / "no-such-file.yaml")
    assert [p.code for p in caught.value.problems] == ["unreadable-file"]


def test_message_placeholders_must_be_fields() -> None:
    ruleset = parse_ruleset(
        'ruleset: t\nkey: id\nrules:\n- {id: A, expr: x > 0, message: "x={x}, y={yy}"}'
    )
    with pytest.raises(RuleSetError) as caught:
        bind(ruleset, {"id": FieldType.STRING, "x": FieldType.NUMBER})
    assert [p.code for p in caught.value.problems] == ["unknown-field"]
    assert "{yy}" in caught.value.problems[0].message
