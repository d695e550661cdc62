"""Read a rule set from YAML, reporting every problem in the file at once.

Example:
    >>> rs = parse_ruleset('''
    ... ruleset: demo
    ... key: unit_id
    ... fields: {unit_id: string, revenue: number}
    ... rules:
    ...   - {id: R001, name: 营业收入不能为负, expr: revenue >= 0}
    ... ''')
    >>> rs.rules[0].severity.label
    '强制性'
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import yaml

from econwatch.core.rules import ast
from econwatch.core.rules.analysis import check_rule
from econwatch.core.rules.parser import ExpressionSyntaxError, parse_expression
from econwatch.core.rules.problems import Level, Problem, RuleSetError
from econwatch.core.rules.ruleset import FieldType, Rule, RuleSet, Severity

TOP_KEYS = ("ruleset", "key", "fields", "rules", "description", "version")
RULE_KEYS = ("id", "name", "severity", "expr", "message", "description")
_LINE = "__line__"


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that remembers the line of every mapping."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[_LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def _unknown_keys(
    mapping: dict[str, Any], allowed: tuple[str, ...], rule_id: str | None, what: str
) -> list[Problem]:
    problems = []
    for key in mapping:
        if key == _LINE or key in allowed:
            continue
        close = difflib.get_close_matches(str(key), allowed, n=1)
        problems.append(
            Problem(
                "unknown-key",
                f"unknown {what} key '{key}'",
                rule_id,
                mapping.get(_LINE),
                hint=f"did you mean '{close[0]}'?"
                if close
                else "allowed: " + ", ".join(allowed),
            )
        )
    return problems


def _fields(raw: Any, line: int | None) -> tuple[dict[str, FieldType], list[Problem]]:
    if raw is None:
        return {}, []
    if not isinstance(raw, dict):
        return {}, [Problem("bad-fields", "'fields' must be a mapping", line=line)]
    fields: dict[str, FieldType] = {}
    problems = []
    allowed = [t.value for t in FieldType]
    for name, type_name in raw.items():
        if name == _LINE:
            continue
        try:
            fields[str(name)] = FieldType(type_name)
        except ValueError:
            problems.append(
                Problem(
                    "bad-field-type",
                    f"field '{name}' has type {type_name!r}",
                    line=raw.get(_LINE),
                    hint="use one of: " + ", ".join(allowed),
                )
            )
    return fields, problems


def _rule(raw: Any, index: int) -> tuple[Rule | None, list[Problem]]:
    if not isinstance(raw, dict):
        return None, [
            Problem("bad-rule", f"rule #{index + 1} must be a mapping with id and expr")
        ]
    line = raw.get(_LINE)
    rule_id = str(raw.get("id") or f"#{index + 1}")
    problems = _unknown_keys(raw, RULE_KEYS, rule_id, "rule")
    for required in ("id", "expr"):
        if not raw.get(required):
            problems.append(
                Problem("missing-key", f"the rule has no '{required}'", rule_id, line)
            )
    severity = Severity.ERROR
    if "severity" in raw:
        try:
            severity = Severity(raw["severity"])
        except ValueError:
            problems.append(
                Problem(
                    "bad-severity",
                    f"severity {raw['severity']!r} is not known",
                    rule_id,
                    line,
                    hint="use error (强制性), verify (核实性) or hint (提示性)",
                )
            )
    expr = str(raw.get("expr") or "")
    node: ast.Node | None = None
    if expr:
        try:
            node = parse_expression(expr)
        except ExpressionSyntaxError as exc:
            problems.append(
                Problem(
                    "syntax-error",
                    exc.detail + (f"; expected {exc.expected}" if exc.expected else ""),
                    rule_id,
                    line,
                    exc.column,
                    hint=f"in: {expr.strip()}",
                )
            )
    if node is None:
        return None, problems
    rule = Rule(
        id=rule_id,
        expr=expr,
        node=node,
        severity=severity,
        name=str(raw.get("name") or ""),
        message=str(raw.get("message") or ""),
        description=str(raw.get("description") or ""),
        line=line,
    )
    return rule, problems


def parse_ruleset(text: str, source: str = "<text>") -> RuleSet:
    """Parse a rule set from YAML text and check it as far as possible without data.

    Args:
        text: the YAML document.
        source: a name for messages (usually the file path).

    Returns:
        The rule set.

    Raises:
        RuleSetError: listing every problem found (syntax errors in any rule,
            unknown keys, duplicate ids, unknown code lists, bad regexes, type
            errors among declared fields).
    """
    try:
        raw = yaml.load(text, Loader=_LineLoader)  # a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RuleSetError(
            [
                Problem(
                    "bad-yaml",
                    f"not valid YAML: {getattr(exc, 'problem', exc)}",
                    line=mark.line + 1 if mark else None,
                    column=mark.column + 1 if mark else None,
                )
            ]
        ) from None
    if not isinstance(raw, dict):
        raise RuleSetError(
            [Problem("bad-yaml", "the file must be a mapping with ruleset, key, rules")]
        )
    problems = _unknown_keys(raw, TOP_KEYS, None, "top-level")
    for required in ("ruleset", "key", "rules"):
        if not raw.get(required):
            problems.append(Problem("missing-key", f"the file has no '{required}'"))
    fields, field_problems = _fields(raw.get("fields"), raw.get(_LINE))
    problems += field_problems
    rules: list[Rule] = []
    raw_rules = raw.get("rules") or []
    if not isinstance(raw_rules, list):
        problems.append(Problem("bad-rule", "'rules' must be a list"))
        raw_rules = []
    seen: dict[str, int | None] = {}
    for index, item in enumerate(raw_rules):
        rule, rule_problems = _rule(item, index)
        problems += rule_problems
        if rule is None:
            continue
        if rule.id in seen:
            problems.append(
                Problem(
                    "duplicate-rule-id",
                    f"rule id {rule.id} is used twice (first at line {seen[rule.id]})",
                    rule.id,
                    rule.line,
                )
            )
        seen[rule.id] = rule.line
        rules.append(rule)
    # Type checks with the declared fields; undeclared ones wait for the data.
    known: dict[str, FieldType | None] = dict(fields)
    for rule in rules:
        names = ast.fields_used(rule.node) | ast.prev_fields_used(rule.node)
        undeclared = dict.fromkeys(names - set(known))
        problems += check_rule(rule, {**known, **undeclared}, None, strict=False)
    if any(p.level is Level.ERROR for p in problems):
        raise RuleSetError(sorted(problems, key=lambda p: p.line or 0))
    return RuleSet(
        name=str(raw.get("ruleset")),
        key=str(raw.get("key")),
        fields=fields,
        rules=tuple(rules),
        description=str(raw.get("description") or ""),
        source=source,
    )


def load_ruleset(path: str | Path) -> RuleSet:
    """Read a rule set from a YAML file; see :func:`parse_ruleset`.

    Raises:
        RuleSetError: if the file cannot be read or has problems (all listed).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleSetError(
            [
                Problem(
                    "unreadable-file",
                    f"cannot read {path}: {exc}",
                    hint="check the path",
                )
            ]
        ) from None
    return parse_ruleset(text, str(path))
