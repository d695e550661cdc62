"""Compile a bound rule set into Ibis expressions: pure functions, no execution.

The plan has the shape the pilot measured as fastest (anchors-engines §2.6):

* one prepared projection of the data (numbers as DOUBLE, NaN as NULL);
* one ``GROUP BY`` per distinct ``by`` list (all statistics over those fields in the
  same aggregate) joined back on the fields — no window functions; for
  ``is_unique`` only the duplicated combinations (``HAVING count(*) > 1``);
* the reference data projected to ``__p_*`` columns and left-joined on the key;
* every rule evaluated in one projection of that join, as an outcome code
  (0 pass, 1 fail, 2 NA) — one scan for all record-level rules;
* from the codes, either per-rule totals (one aggregate, :func:`totals_of`) or the
  issues (:func:`issues_of`): the rows with at least one fail or NA.

Engines differ where the SQL standard leaves room; the compiler writes what means
the same everywhere: numeric literals are exact (``CAST('0.2' AS DOUBLE)``, or an
integer ratio on SQLite whose text-to-double conversion is not correctly
rounded); every division is guarded with ``NULLIF``; ``between`` and ``if`` get
explicit NULL handling; the median is the mean of the two middle values on every
engine; regexes are translated to each engine's dialect (``regex``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from econwatch.core.engine.connections import EngineName
from econwatch.core.rules import ast
from econwatch.core.rules.analysis import BoundRuleSet
from econwatch.core.rules.codelists import codelist_values
from econwatch.core.rules.evaluate import EPS
from econwatch.core.rules.regex import Dialect as RegexDialect
from econwatch.core.rules.regex import translate
from econwatch.core.rules.ruleset import FieldType
from econwatch.core.rules.uscc import ALPHABET, LENGTH, PATTERN, WEIGHTS

KEY = "__key"
_FLOAT = "float64"


@ibis.udf.agg.builtin(name="econwatch_median")  # type: ignore[untyped-decorator]
def _sqlite_median(x: float) -> float:  # type: ignore[empty-body]
    """SQLite's median, registered by ``econwatch.core.engine`` (mean of middles)."""


@ibis.udf.scalar.builtin(name="econwatch_uscc_valid")  # type: ignore[untyped-decorator]
def _duckdb_uscc_valid(x: str) -> bool:  # type: ignore[empty-body]
    """DuckDB's vectorised ``uscc_valid``, registered by ``econwatch.core.engine``."""


@dataclass(frozen=True)
class Plan:
    """The compiled form of a rule set over one dataset.

    Attributes:
        rule_ids: the rules, in order; rule ``i`` is column ``c{i}`` of ``outcomes``.
        outcomes: ``__key`` plus one outcome code per rule (0 pass, 1 fail, 2 NA).
        verdicts: ``__key`` plus each rule's boolean ``v{i}`` (NULL for NA), from
            which the codes are made; totals are counted from these directly.
    """

    bound: BoundRuleSet
    engine: EngineName
    rule_ids: tuple[str, ...]
    outcomes: ir.Table
    verdicts: ir.Table


def number_literal(value: float, engine: EngineName) -> ir.FloatingValue:
    """An exact DOUBLE literal for the engine (never a DECIMAL or a rounded parse)."""
    if value.is_integer() and abs(value) < 2**53:
        return ibis.literal(int(value), "int64").cast(_FLOAT)
    if engine != "sqlite":
        return ibis.literal(repr(value)).cast(_FLOAT)
    # SQLite 3.40 misreads some decimal texts by one unit in the last place, so a
    # non-integer literal is written as numerator / 2**k, both exact.
    numerator, denominator = value.as_integer_ratio()
    expr = ibis.literal(numerator, "int64").cast(_FLOAT)
    while denominator > 1:
        step = min(denominator, 2**62)  # a BIGINT literal
        expr = expr / ibis.literal(step, "int64")
        denominator //= step
    return expr


def _null(kind: ast.Kind) -> ir.Value:
    return ibis.null(
        {"number": _FLOAT, "string": "string", "boolean": "boolean"}[kind.value]
    )


def _is_null(value: Any) -> Any:
    """``value IS NULL``, safe for boolean values (see the ``If`` case)."""
    if value.type().is_boolean():
        return value.cast("int32").isnull()
    return value.isnull()


def _null_if_any(parts: list[ast.Node], values: list[ir.Value], expr: ir.Value) -> Any:
    """NA when any non-literal part is NULL (SQL alone would say FALSE sometimes)."""
    checks = [
        _is_null(v)
        for n, v in zip(parts, values, strict=True)
        if not isinstance(n, ast.Number | ast.Text)
    ]
    if not checks:
        return expr
    any_null = checks[0]
    for check in checks[1:]:
        any_null = any_null | check
    return ibis.ifelse(any_null, _null(ast.Kind.BOOLEAN), expr)


@dataclass
class _Context:
    """What compiled expressions refer to: the joined table and column aliases."""

    table: ir.Table
    engine: EngineName
    kinds: Mapping[str, ast.Kind]
    has_prev: bool
    aliases: dict[ast.Node, str] = field(default_factory=dict)
    codelists: dict[str, ir.Table] = field(default_factory=dict)

    def col(self, name: str) -> ir.Value:
        return self.table[name]


def _numbers_equal(left: Any, right: Any, engine: EngineName) -> Any:
    tolerance = number_literal(EPS, engine)
    one = number_literal(1.0, engine)
    return (left - right).abs() <= tolerance * (one + left.abs() + right.abs())


def _uscc_valid(x: Any, engine: EngineName) -> Any:
    """The GB 32100 check as arithmetic over per-position alphabet lookups."""
    if engine == "duckdb":
        return _duckdb_uscc_valid(x)
    alphabet = ibis.literal(ALPHABET)
    total: Any = None
    for i, weight in enumerate(WEIGHTS):
        term = alphabet.find(x.substr(i, 1)) * weight
        total = term if total is None else total + term
    check = (31 - total % 31) % 31
    well_formed = (x.length() == LENGTH) & x.re_search(
        translate(PATTERN, _regex_dialect(engine))
    )
    valid = well_formed & (alphabet.find(x.substr(LENGTH - 1, 1)) == check)
    return ibis.ifelse(x.isnull(), _null(ast.Kind.BOOLEAN), valid)


def _regex_dialect(engine: EngineName) -> RegexDialect:
    # SQLite's regex function is Python's re (registered by Ibis).
    return "python" if engine == "sqlite" else engine


def compile_expr(node: ast.Node, ctx: _Context) -> Any:
    """Compile one expression to an Ibis value over ``ctx.table``."""

    def sub(n: ast.Node) -> Any:
        return compile_expr(n, ctx)

    match node:
        case ast.Number(value):
            return number_literal(value, ctx.engine)
        case ast.Text(value):
            return ibis.literal(value, "string")
        case ast.Field(name):
            return ctx.col(name)
        case ast.PrevField(name):
            if not ctx.has_prev:
                return _null(ctx.kinds[name])
            return ctx.col(f"__p_{name}")
        case ast.Negate(operand):
            return -sub(operand)
        case ast.Abs(operand):
            return sub(operand).abs()
        case ast.Arith("/", left, right) | ast.Ratio(left, right):
            return sub(left) / sub(right).nullif(number_literal(0.0, ctx.engine))
        case ast.Arith(op, left, right):
            a, b = sub(left), sub(right)
            return {"+": a + b, "-": a - b, "*": a * b}[op]
        case ast.Compare(op, left, right):
            a, b = sub(left), sub(right)
            numeric = a.type().is_numeric()
            if op in ("=", "!="):
                same = _numbers_equal(a, b, ctx.engine) if numeric else a == b
                return same if op == "=" else ~same
            ops: dict[str, Callable[[Any, Any], Any]] = {
                "<": lambda x, y: x < y,
                "<=": lambda x, y: x <= y,
                ">": lambda x, y: x > y,
                ">=": lambda x, y: x >= y,
            }
            return ops[op](a, b)
        case ast.Between(operand, low, high):
            parts = [operand, low, high]
            x, lo, hi = (sub(n) for n in parts)
            return _null_if_any(parts, [x, lo, hi], (lo <= x) & (x <= hi))
        case ast.InList(operand, items):
            x = sub(operand)
            if not items:
                return _null_if_any([operand], [x], ibis.literal(False))
            if x.type().is_numeric():
                result = None
                for item in items:
                    eq = _numbers_equal(
                        x, number_literal(float(item.value), ctx.engine), ctx.engine
                    )
                    result = eq if result is None else result | eq
                return result
            return x.isin([str(item.value) for item in items])
        case ast.InCodelist(operand, name):
            codes = sorted(codelist_values(name))
            if ctx.engine != "duckdb":
                return sub(operand).isin(codes)
            if name not in ctx.codelists:  # one table per list, shared by rules
                ctx.codelists[name] = ibis.memtable(
                    pa.table({"code": pa.array(codes, pa.string())})
                )
            return sub(operand).isin(ctx.codelists[name]["code"])
        case ast.And(left, right):
            return sub(left) & sub(right)
        case ast.Or(left, right):
            return sub(left) | sub(right)
        case ast.Not(operand):
            return ~sub(operand)
        case ast.If(condition, then, otherwise):
            # No "c IS NULL" here: Ibis 12 writes (~c).isnull() as "NOT c IS NULL",
            # which SQL reads as NOT (c IS NULL). A NULL c matches neither branch.
            c = sub(condition)
            other = sub(otherwise) if otherwise is not None else ibis.literal(True)
            return ibis.cases(
                (c, sub(then)), (~c, other), else_=_null(ast.Kind.BOOLEAN)
            )
        case ast.IsNull(operand):
            return _is_null(sub(operand))
        case ast.Length(operand):
            return sub(operand).length().cast(_FLOAT)
        case ast.Matches(operand, pattern):
            return sub(operand).re_search(
                translate(pattern, _regex_dialect(ctx.engine))
            )
        case ast.UsccValid(operand):
            return _uscc_valid(sub(operand), ctx.engine)
        case ast.GroupStat():
            return ctx.col(ctx.aliases[node])
        case ast.IsUnique(fields):
            # The duplicates table matched (a count) only for shared combinations.
            values = [ctx.col(name) for name in fields]
            keys: list[ast.Node] = [ast.Field(name) for name in fields]
            return _null_if_any(keys, values, ctx.col(ctx.aliases[node]).isnull())
    raise TypeError(f"unknown node {node!r}")  # pragma: no cover


def prepare(
    table: ir.Table,
    types: Mapping[str, FieldType],
    engine: EngineName,
    rename: Callable[[str], str] = lambda n: n,
) -> ir.Table:
    """Project the fields rules read, numbers as DOUBLE with NaN turned into NULL."""
    columns: dict[str, Any] = {}
    for name, ftype in types.items():
        col = table[name]
        if ftype is FieldType.STRING:
            columns[rename(name)] = (
                col if col.type().is_string() else col.cast("string")
            )
            continue
        if col.type().is_floating() and engine != "sqlite":
            # NaN equals NaN in DuckDB, PostgreSQL and Spark, so one NULLIF turns it
            # into NULL (SQLite stores NaN as NULL already).
            col = col.nullif(ibis.literal(float("nan"), col.type()))
        columns[rename(name)] = col.cast(_FLOAT)
    return table.select(**columns)


def _statistic(function: str, value: Any, engine: EngineName) -> Any:
    if function == "count":
        return value.count().nullif(0).cast(_FLOAT)
    if function == "median":
        if engine == "sqlite":
            return _sqlite_median(value)
        if engine == "postgres":
            return None  # built after the aggregate, see _postgres_median
        return value.median()
    return getattr(value, function)().cast(_FLOAT)


def _group_tables(
    base: ir.Table, nodes: list[ast.GroupStat | ast.IsUnique], ctx: _Context
) -> list[tuple[ir.Table, tuple[str, ...], list[str]]]:
    """One aggregate per distinct field list: (table, group fields, key aliases).

    Statistics over the same ``by`` fields share one aggregate. ``is_unique``
    keeps only the duplicated combinations (``HAVING count(*) > 1``), so the join
    back has a small build side: no match means unique.
    """
    groups: dict[tuple[bool, tuple[str, ...]], list[ast.GroupStat | ast.IsUnique]] = {}
    for node in nodes:
        unique = isinstance(node, ast.IsUnique)
        fields = node.fields if isinstance(node, ast.IsUnique) else node.by
        groups.setdefault((unique, fields), []).append(node)
    out = []
    for g, ((unique, fields), group) in enumerate(groups.items()):
        keys = [f"__k{g}_{j}" for j in range(len(fields))]
        source = base
        for name in fields:
            source = source.filter(source[name].notnull())
        grouping = [source[f].name(k) for f, k in zip(fields, keys, strict=True)]
        if unique:
            alias = ctx.aliases[group[0]]
            dup = source.group_by(grouping).aggregate(**{alias: source.count()})
            out.append((dup.filter(dup[alias] > 1), fields, keys))
            continue
        inner = _Context(source, ctx.engine, ctx.kinds, False)
        metrics: dict[str, Any] = {}
        medians: list[str] = []
        for node in group:
            assert isinstance(node, ast.GroupStat)
            alias = ctx.aliases[node]
            value = compile_expr(node.operand, inner)
            if node.function == "median" and ctx.engine == "postgres":
                medians.append(alias)
                metrics[f"{alias}_arr"] = value.collect(order_by=value)
            else:
                metrics[alias] = _statistic(node.function, value, ctx.engine)
        grouped = source.group_by(grouping) if fields else source
        agg = grouped.aggregate(**metrics)
        for alias in medians:
            agg = _postgres_median(agg, alias)
        out.append((agg, fields, keys))
    return out


def _postgres_median(agg: ir.Table, alias: str) -> ir.Table:
    """Mean of the two middle values (PostgreSQL's percentile_cont rounds otherwise)."""
    arr = agg[f"{alias}_arr"]
    n = arr.length()
    middle = (arr[(n - 1) // 2] + arr[n // 2]) / 2
    return agg.mutate(**{alias: middle.cast(_FLOAT)}).drop(f"{alias}_arr")


def _prepare_prev(prev: ir.Table, bound: BoundRuleSet, engine: EngineName) -> ir.Table:
    """The reference data as ``__pk`` plus ``__p_<field>`` columns."""
    key = bound.ruleset.key
    types = {key: bound.types[key], **bound.prev_types}
    p = prepare(prev, types, engine, lambda n: "__pk" if n == key else f"__p_{n}")
    if key in bound.prev_types:
        p = p.mutate(**{f"__p_{key}": p["__pk"]})
    return p


def _code(value: Any) -> Any:
    """0 pass, 1 fail, 2 NA, evaluating the rule once."""
    return (1 - value.cast("int32")).fill_null(2)


def compile_plan(
    bound: BoundRuleSet,
    data: ir.Table,
    prev: ir.Table | None,
    engine: EngineName,
    stage: Callable[[ir.Table], ir.Table] | None = None,
) -> Plan:
    """Build the Ibis expressions that check ``data`` (and ``prev``) with every rule.

    Args:
        bound: rules with the type of every field (see ``analysis.bind``).
        data: the records; must have every column in ``bound.types``.
        prev: the reference records keyed like ``data``, or None.
        engine: the backend the expressions will run on.
        stage: called with each group table (statistics by the same fields, or
            the duplicates of an ``is_unique``) before it is joined back; it may
            compute the table and return a stored copy (``batch`` does on DuckDB).

    Returns:
        The plan; nothing has been executed.
    """
    ruleset = bound.ruleset
    kinds = {name: t.kind for name, t in {**bound.types, **bound.prev_types}.items()}
    base = prepare(data, bound.types, engine)
    nodes = list(
        dict.fromkeys(n for rule in ruleset.rules for n in ast.group_nodes(rule.node))
    )
    ctx = _Context(base, engine, kinds, prev is not None and bool(bound.prev_types))
    ctx.aliases.update({node: f"__g{i}" for i, node in enumerate(nodes)})
    joined: Any = base
    for agg, fields, keys in _group_tables(base, nodes, ctx):
        if stage is not None:
            agg = stage(agg)
        if fields:
            preds = [base[f] == agg[k] for f, k in zip(fields, keys, strict=True)]
            joined = joined.left_join(agg, preds)
        else:
            joined = joined.cross_join(agg)
    if ctx.has_prev and prev is not None:
        p = _prepare_prev(prev, bound, engine)
        joined = joined.left_join(p, base[ruleset.key] == p["__pk"])
    ctx.table = table = joined
    verdicts = table.select(
        **{KEY: table[ruleset.key]},
        **{
            f"v{i}": compile_expr(rule.node, ctx)
            for i, rule in enumerate(ruleset.rules)
        },
    )
    return _finish(bound, engine, verdicts)


def _finish(bound: BoundRuleSet, engine: EngineName, verdicts: ir.Table) -> Plan:
    rule_ids = tuple(r.id for r in bound.ruleset.rules)
    outcomes = verdicts.select(
        verdicts[KEY],
        **{f"c{i}": _code(verdicts[f"v{i}"]) for i in range(len(rule_ids))},
    )
    return Plan(bound, engine, rule_ids, outcomes, verdicts)


def issues_of(plan: Plan) -> ir.Table:
    """Rows with any fail or NA: ``__key`` and the outcome codes as small integers.

    The filter adds the codes (0 only when every rule passed) — a few integer
    additions per row over codes computed once, instead of a test per rule.
    """
    outcomes = plan.outcomes
    codes = [outcomes[f"c{i}"] for i in range(len(plan.rule_ids))]
    total = codes[0]
    for code in codes[1:]:
        total = total + code
    return outcomes.filter(total != 0).select(
        outcomes[KEY], *[c.cast("int8").name(f"c{i}") for i, c in enumerate(codes)]
    )


_NA_UNIT = 2**32
"""Per-rule totals are packed into one sum: a fail adds 1, an NA adds 2**32."""


def totals_of(plan: Plan) -> ir.Table:
    """One row: ``__checked`` and, per rule ``i``, fails and NAs packed in ``t{i}``.

    One integer sum per rule instead of two conditional counts: each verdict
    becomes 0 (pass), 1 (fail) or 2**32 (NA) — ``COALESCE(CAST(NOT v AS INT),
    2**32)`` — so the sum holds the fails in its low 32 bits and the NAs above them
    (exact up to 2**31 records). :func:`unpack_totals` reads them back.
    """
    verdicts = plan.verdicts
    sums: dict[str, Any] = {"__checked": verdicts.count()}
    na = ibis.literal(_NA_UNIT, "int64")
    for i in range(len(plan.rule_ids)):
        # Through INT: PostgreSQL casts no boolean to BIGINT directly.
        sums[f"t{i}"] = (~verdicts[f"v{i}"]).cast("int32").fill_null(na).sum()
    return cast(ir.Table, verdicts.aggregate(**sums))


def unpack_totals(row: Mapping[str, Any], rules: int) -> tuple[list[int], list[int]]:
    """Fails and NAs per rule from the row of :func:`totals_of`."""
    packed = [int(row[f"t{i}"] or 0) for i in range(rules)]
    return [t % _NA_UNIT for t in packed], [t // _NA_UNIT for t in packed]
