"""Check one record in Python, with the same semantics as the SQL engines.

This is what a form uses while it is typed. ``None`` is NULL; a rule's value is
``True`` (pass), ``False`` (fail) or ``None`` (NA). The property tests prove that
these verdicts equal DuckDB's, SQLite's, PostgreSQL's and Spark's.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from econwatch.core.rules import ast
from econwatch.core.rules.codelists import codelist_values
from econwatch.core.rules.problems import DataError, Problem
from econwatch.core.rules.regex import translate
from econwatch.core.rules.ruleset import (
    FieldType,
    Outcome,
    Rule,
    RuleSet,
    Severity,
    render_message,
)
from econwatch.core.rules.uscc import uscc_valid

# Numbers are equal when |a - b| <= EPS * (1 + |a| + |b|): about nine significant
# digits, so sums of amounts in 元 or 千元 compare equal despite rounding.
EPS = 1e-9

Value = float | str | bool | None
Record = Mapping[str, Any]
GroupKey = tuple[object, ...]


@dataclass(frozen=True)
class Env:
    """What an expression can read: the record, its reference record, the stats."""

    record: Mapping[str, Value]
    prev: Mapping[str, Value] | None
    stats: GroupStats | None


Evaluator = Callable[[Env], Value]


def numbers_equal(a: float, b: float) -> bool:
    """The tolerant equality of numbers used by ``=``, ``!=`` and ``in``."""
    return abs(a - b) <= EPS * (1.0 + abs(a) + abs(b))


def coerce(value: Any, ftype: FieldType | None, name: str = "") -> Value:
    """Turn a value from a form or a file into the rule language's value.

    Numbers become floats (NaN becomes NULL); text stays text.

    Raises:
        ValueError: when a number field holds something that is not a number.
    """
    if value is None:
        return None
    if ftype is FieldType.STRING:
        return value if isinstance(value, str) else str(value)
    if ftype is None and isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise ValueError(f"{name}: {value!r} is not a number")
    if isinstance(value, int | float | Decimal):
        number = float(value)
    elif isinstance(value, str):
        if not value.strip():
            return None
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"{name}: {value!r} is not a number") from None
    else:
        raise ValueError(f"{name}: {value!r} is not a number")
    return None if math.isnan(number) else number


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(translate(pattern, "python"))


def _kleene_and(left: Value, right: Value) -> Value:
    if left is False or right is False:
        return False
    if left is None or right is None:
        return None
    return True


def _kleene_or(left: Value, right: Value) -> Value:
    if left is True or right is True:
        return True
    if left is None or right is None:
        return None
    return False


def _arith(op: str, a: Any, b: Any) -> Value:
    if a is None or b is None:
        return None
    if op == "+":
        return float(a + b)
    if op == "-":
        return float(a - b)
    if op == "*":
        return float(a * b)
    return None if b == 0 else float(a / b)


_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def _compare(op: str, a: Any, b: Any) -> Value:
    if a is None or b is None:
        return None
    if op in ("=", "!="):
        same = numbers_equal(a, b) if isinstance(a, float) else a == b
        return same if op == "=" else not same
    return _ORDER[op](a, b)


def compile_node(node: ast.Node) -> Evaluator:
    """Compile a syntax tree into a Python function of an :class:`Env`."""
    match node:
        case ast.Number(value) | ast.Text(value):
            return lambda env: value
        case ast.Field(name):
            return lambda env: env.record.get(name)
        case ast.PrevField(name):
            return lambda env: None if env.prev is None else env.prev.get(name)
        case ast.Negate(operand):
            f = compile_node(operand)
            return lambda env: None if (v := f(env)) is None else -v  # type: ignore[operator]
        case ast.Abs(operand):
            f = compile_node(operand)
            return lambda env: None if (v := f(env)) is None else abs(v)  # type: ignore[arg-type]
        case ast.Arith(op, left, right):
            lf, rf = compile_node(left), compile_node(right)
            return lambda env: _arith(op, lf(env), rf(env))
        case ast.Ratio(numerator, denominator):
            nf, df = compile_node(numerator), compile_node(denominator)
            return lambda env: _arith("/", nf(env), df(env))
        case ast.Compare(op, left, right):
            lf, rf = compile_node(left), compile_node(right)
            return lambda env: _compare(op, lf(env), rf(env))
        case ast.Between(operand, low, high):
            fs = [compile_node(n) for n in (operand, low, high)]

            def between(env: Env) -> Value:
                x, lo, hi = (f(env) for f in fs)
                if x is None or lo is None or hi is None:
                    return None
                return bool(lo <= x <= hi)  # type: ignore[operator]

            return between
        case ast.InList(operand, items):
            f = compile_node(operand)
            values = [item.value for item in items]

            def in_list(env: Env) -> Value:
                x = f(env)
                if x is None:
                    return None
                if isinstance(x, float):
                    return any(numbers_equal(x, float(v)) for v in values)
                return x in values

            return in_list
        case ast.InCodelist(operand, name):
            f = compile_node(operand)
            return lambda env: (
                None if (x := f(env)) is None else x in codelist_values(name)
            )
        case ast.And(left, right):
            lf, rf = compile_node(left), compile_node(right)
            return lambda env: _kleene_and(lf(env), rf(env))
        case ast.Or(left, right):
            lf, rf = compile_node(left), compile_node(right)
            return lambda env: _kleene_or(lf(env), rf(env))
        case ast.Not(operand):
            f = compile_node(operand)
            return lambda env: None if (v := f(env)) is None else not v
        case ast.If(condition, then, otherwise):
            cf, tf = compile_node(condition), compile_node(then)
            of = compile_node(otherwise) if otherwise is not None else None

            def if_then(env: Env) -> Value:
                c = cf(env)
                if c is None:
                    return None
                if c:
                    return tf(env)
                return True if of is None else of(env)

            return if_then
        case ast.IsNull(operand):
            f = compile_node(operand)
            return lambda env: f(env) is None
        case ast.Length(operand):
            f = compile_node(operand)
            return lambda env: None if (v := f(env)) is None else float(len(v))  # type: ignore[arg-type]
        case ast.Matches(operand, pattern):
            f = compile_node(operand)
            rx = _regex(pattern)
            return lambda env: None if (v := f(env)) is None else bool(rx.search(v))  # type: ignore[arg-type]
        case ast.UsccValid(operand):
            f = compile_node(operand)
            return lambda env: None if (v := f(env)) is None else uscc_valid(v)  # type: ignore[arg-type]
        case ast.GroupStat() | ast.IsUnique():
            return lambda env: None if env.stats is None else env.stats.value(node, env)
    raise TypeError(f"unknown node {node!r}")  # pragma: no cover


def _group_key(names: tuple[str, ...], record: Mapping[str, Value]) -> GroupKey | None:
    key = tuple(record.get(n) for n in names)
    return None if any(v is None for v in key) else key


def _statistic(function: str, values: list[Any]) -> float | None:
    if not values:
        return None
    if function == "count":
        return float(len(values))
    if function == "sum":
        return float(sum(values))
    if function == "mean":
        return float(sum(values)) / len(values)
    if function == "min":
        return float(min(values))
    if function == "max":
        return float(max(values))
    ordered = sorted(values)  # median: the mean of the two middle values
    n = len(ordered)
    return float((ordered[(n - 1) // 2] + ordered[n // 2]) / 2)


@dataclass(frozen=True)
class GroupStats:
    """Group statistics and key counts of a whole dataset, for checking one record.

    ``tables[node][group key]`` is the statistic of that group (for ``is_unique``
    the number of records sharing the key). A record should be part of the
    dataset the statistics were computed from, as in the batch check.
    """

    tables: Mapping[ast.GroupStat | ast.IsUnique, Mapping[GroupKey, float | None]]

    def value(self, node: ast.Node, env: Env) -> Value:
        """Return the statistic (or uniqueness verdict) for the record in ``env``."""
        if isinstance(node, ast.IsUnique):
            key = _group_key(node.fields, env.record)
            if key is None:
                return None
            return self.tables.get(node, {}).get(key, 0.0) <= 1  # type: ignore[operator]
        assert isinstance(node, ast.GroupStat)
        key = _group_key(node.by, env.record)
        return None if key is None else self.tables.get(node, {}).get(key)

    @classmethod
    def from_records(
        cls, ruleset: RuleSet, records: Iterable[Record], types: Mapping[str, FieldType]
    ) -> GroupStats:
        """Compute the statistics every rule needs from records held in memory."""
        nodes = {n for rule in ruleset.rules for n in ast.group_nodes(rule.node)}
        rows = [_coerce_record(r, types) for r in records]
        tables: dict[ast.GroupStat | ast.IsUnique, dict[GroupKey, float | None]] = {}
        for node in nodes:
            table: dict[GroupKey, Any] = {}
            if isinstance(node, ast.IsUnique):
                for row in rows:
                    if (key := _group_key(node.fields, row)) is not None:
                        table[key] = table.get(key, 0.0) + 1.0
                tables[node] = table
                continue
            f = compile_node(node.operand)
            for row in rows:
                if (key := _group_key(node.by, row)) is not None:
                    bucket = table.setdefault(key, [])
                    if (v := f(Env(row, None, None))) is not None:
                        bucket.append(v)
            tables[node] = {k: _statistic(node.function, v) for k, v in table.items()}
        return cls(tables)


def _coerce_record(record: Record, types: Mapping[str, FieldType]) -> dict[str, Value]:
    problems = []
    out: dict[str, Value] = {}
    for name, value in record.items():
        try:
            out[name] = coerce(value, types.get(name), name)
        except ValueError as exc:
            problems.append(Problem("bad-value", str(exc), hint="enter a number"))
    if problems:
        raise DataError(problems)
    return out


@dataclass(frozen=True)
class Verdict:
    """The outcome of one rule on one record, with its message when not passed."""

    rule_id: str
    outcome: Outcome
    severity: Severity
    name: str
    message: str = ""


@cache
def _compiled_equal(rule: Rule) -> Evaluator:
    return compile_node(rule.node)


_BY_IDENTITY: dict[int, tuple[Rule, Evaluator]] = {}


def _compiled(rule: Rule) -> Evaluator:
    """The rule's evaluator, found by identity first.

    Hashing a frozen rule hashes its whole expression tree; an import checks one
    rule set hundreds of thousands of times, so the same rule object is looked up
    by ``id`` (kept alive with its evaluator), and equal copies share one evaluator.
    """
    found = _BY_IDENTITY.get(id(rule))
    if found is not None and found[0] is rule:
        return found[1]
    evaluator = _compiled_equal(rule)
    _BY_IDENTITY[id(rule)] = (rule, evaluator)
    return evaluator


def evaluate_rule(
    rule: Rule,
    record: Mapping[str, Value],
    prev: Mapping[str, Value] | None = None,
    stats: GroupStats | None = None,
) -> bool | None:
    """Evaluate one rule on a record already coerced; True, False or None (NA)."""
    value = _compiled(rule)(Env(record, prev, stats))
    return None if value is None else bool(value)


def infer_types(ruleset: RuleSet, record: Record) -> dict[str, FieldType]:
    """Declared field types, plus types guessed from the record's Python values."""
    types = dict(ruleset.fields)
    for name, value in record.items():
        if name in types or value is None:
            continue
        if isinstance(value, str):
            types[name] = FieldType.STRING
        elif isinstance(value, int) and not isinstance(value, bool):
            types[name] = FieldType.INTEGER
        elif isinstance(value, float | Decimal):
            types[name] = FieldType.NUMBER
    return types


def check_record(
    ruleset: RuleSet,
    record: Record,
    prev: Record | None = None,
    group_stats: GroupStats | None = None,
) -> list[Verdict]:
    """Check one record against every rule, as a form does while it is typed.

    Args:
        ruleset: the rules.
        record: field name → value (a missing field is NULL).
        prev: the reference record (e.g. last year's report of the same unit), or
            None, which makes rules reading ``prev.x`` NA.
        group_stats: statistics of the dataset the record belongs to; without them
            rules using group statistics or ``is_unique`` are NA.

    Returns:
        One verdict per rule, in rule order.

    Raises:
        DataError: when a number field holds something that is not a number.

    Example:
        >>> from econwatch.core.rules.loader import parse_ruleset
        >>> text = "ruleset: d\\nkey: id\\nrules:\\n- {id: R1, expr: x >= 0}"
        >>> rs = parse_ruleset(text)
        >>> [v.outcome.value for v in check_record(rs, {"id": "1", "x": -1})]
        ['fail']
    """
    types = infer_types(ruleset, record)
    row = _coerce_record(record, types)
    prev_row = None if prev is None else _coerce_record(prev, types)
    verdicts = []
    for rule in ruleset.rules:
        outcome = Outcome.of(evaluate_rule(rule, row, prev_row, group_stats))
        message = ""
        if outcome is not Outcome.PASS:
            message = render_message(rule.message or rule.label, row, prev_row)
        verdicts.append(Verdict(rule.id, outcome, rule.severity, rule.label, message))
    return verdicts
