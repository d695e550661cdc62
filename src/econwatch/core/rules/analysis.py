"""Check rules against the fields they read: names, types, code lists, regexes.

Every rule is checked and every problem is collected, so one run of ``econwatch
rules lint`` (or one failed load) lists them all. :func:`bind` does the same
against the columns of real data and returns the field types the engines need.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from econwatch.core.rules import ast
from econwatch.core.rules.ast import Kind
from econwatch.core.rules.codelists import codelist_names
from econwatch.core.rules.problems import Level, Problem, RuleSetError
from econwatch.core.rules.regex import RegexError, translate
from econwatch.core.rules.ruleset import FieldType, Rule, RuleSet, message_fields

_NUMERIC = {"sum", "mean", "median", "min", "max"}


@dataclass(frozen=True)
class BoundRuleSet:
    """A rule set whose every field has a known type (checked against data).

    Attributes:
        ruleset: the rules.
        types: type of every field the rules read, the key included.
        prev_types: type of every ``prev.x`` field, if reference data is given.
        has_prev: whether reference data is given (else ``prev.x`` is NULL).
    """

    ruleset: RuleSet
    types: Mapping[str, FieldType]
    prev_types: Mapping[str, FieldType]
    has_prev: bool


class _Checker:
    """Infer the type of each node, collecting problems for one rule."""

    def __init__(
        self,
        rule: Rule,
        types: Mapping[str, FieldType | None],
        prev_types: Mapping[str, FieldType | None] | None,
        strict: bool,
    ) -> None:
        self.rule = rule
        self.types = types
        self.prev_types = prev_types
        self.strict = strict
        self.problems: list[Problem] = []
        self.reported: set[tuple[str, str]] = set()

    def problem(self, code: str, message: str, hint: str = "", name: str = "") -> None:
        if (code, message) in self.reported:
            return
        self.reported.add((code, message))
        column = _column_of(self.rule.expr, name) if name else None
        self.problems.append(
            Problem(code, message, self.rule.id, self.rule.line, column, hint)
        )

    def field_type(self, name: str, prev: bool = False) -> FieldType | None:
        types = self.types if not prev or self.prev_types is None else self.prev_types
        label = f"prev.{name}" if prev else name
        if name in types:
            return types[name]
        if self.strict:
            where = "the reference data" if prev else "the data"
            self.problem(
                "unknown-field",
                f"field '{label}' is not a column of {where}",
                _suggest(name, types) or "declare it under 'fields' or fix the name",
                name,
            )
        return None

    def expect(self, node: ast.Node, kind: Kind, what: str) -> None:
        found = self.infer(node)
        if found is not None and found is not kind:
            self.problem(
                "type-mismatch",
                f"{what} needs {kind.label}, but {_show(node)} is {found.label}",
            )

    def same_kind(self, nodes: list[ast.Node], what: str) -> Kind | None:
        kinds = [k for k in (self.infer(n) for n in nodes) if k is not None]
        if Kind.BOOLEAN in kinds:
            self.problem("type-mismatch", f"{what} cannot compare conditions")
            return None
        if len(set(kinds)) > 1:
            self.problem(
                "type-mismatch",
                f"{what} mixes text and numbers: "
                + ", ".join(f"{_show(n)}" for n in nodes),
                "compare codes with quoted text, amounts with numbers",
            )
            return None
        return kinds[0] if kinds else None

    def infer(self, node: ast.Node) -> Kind | None:
        match node:
            case ast.Number():
                return Kind.NUMBER
            case ast.Text():
                return Kind.STRING
            case ast.Field(name):
                ftype = self.field_type(name)
                return ftype.kind if ftype else None
            case ast.PrevField(name):
                ftype = self.field_type(name, prev=True)
                return ftype.kind if ftype else None
            case ast.Negate(operand) | ast.Abs(operand):
                self.expect(operand, Kind.NUMBER, "arithmetic")
                return Kind.NUMBER
            case ast.Arith(op, left, right):
                self.expect(left, Kind.NUMBER, f"'{op}'")
                self.expect(right, Kind.NUMBER, f"'{op}'")
                return Kind.NUMBER
            case ast.Ratio(numerator, denominator):
                self.expect(numerator, Kind.NUMBER, "ratio()")
                self.expect(denominator, Kind.NUMBER, "ratio()")
                return Kind.NUMBER
            case ast.Compare(op, left, right):
                kind = self.same_kind([left, right], f"'{op}'")
                if kind is Kind.STRING and op not in ("=", "!="):
                    self.problem(
                        "type-mismatch",
                        f"'{op}' cannot order text ({_show(left)} {op} {_show(right)})",
                        "text can only be compared with = and !=, or in [...]",
                    )
                return Kind.BOOLEAN
            case ast.Between(operand, low, high):
                for part in (operand, low, high):
                    self.expect(part, Kind.NUMBER, "between")
                return Kind.BOOLEAN
            case ast.InList(operand, items):
                self.same_kind([operand, *items], "in [...]")
                return Kind.BOOLEAN
            case ast.InCodelist(operand, name):
                self.expect(operand, Kind.STRING, "in codelist()")
                if name not in codelist_names():
                    self.problem(
                        "unknown-codelist",
                        f"there is no code list '{name}'",
                        "known lists: " + ", ".join(codelist_names()),
                    )
                return Kind.BOOLEAN
            case ast.And(left, right) | ast.Or(left, right):
                self.expect(left, Kind.BOOLEAN, "'and'/'or'")
                self.expect(right, Kind.BOOLEAN, "'and'/'or'")
                return Kind.BOOLEAN
            case ast.Not(operand):
                self.expect(operand, Kind.BOOLEAN, "'not'")
                return Kind.BOOLEAN
            case ast.If(condition, then, otherwise):
                self.expect(condition, Kind.BOOLEAN, "'if'")
                self.expect(then, Kind.BOOLEAN, "'then'")
                if otherwise is not None:
                    self.expect(otherwise, Kind.BOOLEAN, "'else'")
                return Kind.BOOLEAN
            case ast.IsNull(operand):
                self.infer(operand)
                return Kind.BOOLEAN
            case ast.Length(operand):
                self.expect(operand, Kind.STRING, "length()")
                return Kind.NUMBER
            case ast.Matches(operand, pattern):
                self.expect(operand, Kind.STRING, "matches()")
                try:
                    translate(pattern, "python")
                except RegexError as exc:
                    self.problem(
                        "bad-regex",
                        f"pattern {pattern!r}: {exc}",
                        "see 'matches' in docs/rules.md for the portable subset",
                    )
                return Kind.BOOLEAN
            case ast.UsccValid(operand):
                self.expect(operand, Kind.STRING, "uscc_valid()")
                return Kind.BOOLEAN
            case ast.GroupStat(function, operand, by):
                self.group_stat(function, operand, by)
                return Kind.NUMBER
            case ast.IsUnique(fields):
                self.group_fields(fields, "is_unique()")
                return Kind.BOOLEAN
        raise TypeError(f"unknown node {node!r}")  # pragma: no cover

    def group_stat(self, function: str, operand: ast.Node, by: tuple[str, ...]) -> None:
        inner = [n for n in operand.walk() if n is not operand]
        if any(isinstance(n, ast.GroupStat | ast.IsUnique) for n in [operand, *inner]):
            self.problem(
                "nested-group", f"{function}() cannot contain another group statistic"
            )
        if any(isinstance(n, ast.PrevField) for n in operand.walk()):
            self.problem(
                "prev-in-group",
                f"{function}() is over the current data; it cannot read prev.",
            )
        if function in _NUMERIC:
            self.expect(operand, Kind.NUMBER, f"{function}()")
        else:
            self.infer(operand)
        self.group_fields(by, f"'by' of {function}()")

    def group_fields(self, fields: tuple[str, ...], what: str) -> None:
        for name in fields:
            ftype = self.field_type(name)
            if ftype is not None and not ftype.groupable:
                self.problem(
                    "bad-group-field",
                    f"{what}: '{name}' is a number; groups are formed by codes",
                    f"declare '{name}' as string or integer",
                    name,
                )


def _show(node: ast.Node) -> str:
    match node:
        case ast.Field(name):
            return name
        case ast.PrevField(name):
            return f"prev.{name}"
        case ast.Number(value):
            return f"{value:g}"
        case ast.Text(value):
            return repr(value)
    return type(node).__name__.lower()


def _column_of(expr: str, name: str) -> int | None:
    match = re.search(rf"(?<![\w.]){re.escape(name)}\b", expr)
    return match.start() + 1 if match else None


def _suggest(name: str, known: Mapping[str, object]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return f"did you mean '{close[0]}'?" if close else ""


def check_rule(
    rule: Rule,
    types: Mapping[str, FieldType | None],
    prev_types: Mapping[str, FieldType | None] | None = None,
    strict: bool = True,
) -> list[Problem]:
    """Type-check one rule; return its problems (empty when fine).

    Args:
        rule: the parsed rule.
        types: known field types (``None`` for a field whose type is not known yet).
        prev_types: types of the reference data's fields, if given.
        strict: report fields missing from ``types`` as ``unknown-field``.
    """
    checker = _Checker(rule, types, prev_types, strict)
    kind = checker.infer(rule.node)
    if kind is not None and kind is not Kind.BOOLEAN:
        checker.problem(
            "not-a-condition",
            f"the expression is {kind.label}, not a condition",
            "a rule must be true or false, e.g. 'revenue >= 0'",
        )
    for is_prev, name in message_fields(rule.message):
        known = prev_types if is_prev and prev_types is not None else types
        if strict and name not in known:
            checker.problem(
                "unknown-field",
                f"the message uses {{{'prev.' if is_prev else ''}{name}}}, "
                "which is not a field",
                _suggest(name, known),
            )
    return checker.problems


def lint(ruleset: RuleSet) -> list[Problem]:
    """Check a rule set without data: fields not declared are only warned about."""
    types: dict[str, FieldType | None] = dict(ruleset.fields)
    problems: list[Problem] = []
    undeclared = sorted(
        (ruleset.fields_used() | ruleset.prev_fields_used()) - set(types)
    )
    for rule in ruleset.rules:
        problems += check_rule(rule, {**types, **dict.fromkeys(undeclared)}, None)
    for name in undeclared:
        users = [
            r.id
            for r in ruleset.rules
            if name in ast.fields_used(r.node) | ast.prev_fields_used(r.node)
        ]
        problems.append(
            Problem(
                "undeclared-field",
                f"field '{name}' is not declared; its type will be taken from the "
                f"data (used by {', '.join(users) or 'the key'})",
                hint="declare it under 'fields' to check it without data",
                level=Level.WARNING,
            )
        )
    return problems


def bind(
    ruleset: RuleSet,
    columns: Mapping[str, FieldType],
    prev_columns: Mapping[str, FieldType] | None = None,
) -> BoundRuleSet:
    """Check every rule against the columns of the data (and reference data).

    Args:
        ruleset: the rules.
        columns: the data's columns and their types (declared types win).
        prev_columns: the reference data's columns, or None if there is none.

    Returns:
        The rule set with the type of every field it reads.

    Raises:
        RuleSetError: listing every unknown field and type problem of every rule.
    """
    types = {**columns, **{k: v for k, v in ruleset.fields.items() if k in columns}}
    prev_types = None
    if prev_columns is not None:
        prev_types = {
            **prev_columns,
            **{k: v for k, v in ruleset.fields.items() if k in prev_columns},
        }
    problems: list[Problem] = []
    if ruleset.key not in types:
        problems.append(
            Problem(
                "unknown-field",
                f"the key '{ruleset.key}' is not a column of the data",
                hint=_suggest(ruleset.key, types),
            )
        )
    if prev_types is not None and ruleset.uses_prev() and ruleset.key not in prev_types:
        problems.append(
            Problem(
                "unknown-field",
                f"the key '{ruleset.key}' is not a column of the reference data",
            )
        )
    for rule in ruleset.rules:
        # Without reference data prev.x is NULL, typed like the current field.
        problems += check_rule(rule, types, prev_types if prev_types else types)
    if any(p.level is Level.ERROR for p in problems):
        raise RuleSetError(problems)
    used = ruleset.fields_used()
    prev_used = ruleset.prev_fields_used()
    return BoundRuleSet(
        ruleset,
        {k: v for k, v in types.items() if k in used},
        {k: v for k, v in (prev_types or types).items() if k in prev_used},
        prev_types is not None,
    )
