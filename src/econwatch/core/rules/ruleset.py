"""What a rule set *is*: declared fields and rules, independent of how they run."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from econwatch.core.rules import ast


class Severity(Enum):
    """How a failing rule is treated in census review (审核)."""

    ERROR = "error"
    VERIFY = "verify"
    HINT = "hint"

    @property
    def label(self) -> str:
        """The Chinese name used in census review."""
        return {"error": "强制性", "verify": "核实性", "hint": "提示性"}[self.value]

    @property
    def rank(self) -> int:
        """0 for the most serious; used by ``--fail-on``."""
        return {"error": 0, "verify": 1, "hint": 2}[self.value]


class FieldType(Enum):
    """Declared type of a field; CSV columns are read with it."""

    STRING = "string"
    NUMBER = "number"
    INTEGER = "integer"

    @property
    def kind(self) -> ast.Kind:
        """The value type rules see: integers are numbers in expressions."""
        return ast.Kind.STRING if self is FieldType.STRING else ast.Kind.NUMBER

    @property
    def groupable(self) -> bool:
        """Whether it may be a ``by`` or ``is_unique`` field (codes, not amounts)."""
        return self is not FieldType.NUMBER


class Outcome(Enum):
    """The verdict of one rule on one record."""

    PASS = "pass"
    FAIL = "fail"
    NA = "na"

    @classmethod
    def of(cls, value: bool | None) -> Outcome:
        """Map a three-valued truth value to an outcome (None is NA)."""
        if value is None:
            return cls.NA
        return cls.PASS if value else cls.FAIL


@dataclass(frozen=True)
class Rule:
    """One validation rule.

    Attributes:
        id: stable identifier, e.g. ``R001``.
        expr: the expression text as written.
        node: its parsed syntax tree.
        severity: error (强制性), verify (核实性) or hint (提示性).
        name: short Chinese label, e.g. ``营业收入不能为负``.
        message: template shown on failure; ``{field}`` and ``{prev.field}`` are
            replaced with the record's values.
        description: longer explanation for reviewers.
        line: line in the rule file where the rule starts, if read from a file.
    """

    id: str
    expr: str
    node: ast.Node
    severity: Severity = Severity.ERROR
    name: str = ""
    message: str = ""
    description: str = ""
    line: int | None = None

    @property
    def label(self) -> str:
        """The name if given, else the expression."""
        return self.name or self.expr

    @property
    def is_dataset_level(self) -> bool:
        """Whether the rule reads group statistics or uniqueness of the whole data."""
        return bool(ast.group_nodes(self.node))


_PLACEHOLDER = re.compile(r"\{(prev\.)?([A-Za-z_][A-Za-z0-9_]*)\}")


def message_fields(template: str) -> list[tuple[bool, str]]:
    """Return the ``(is_prev, field)`` placeholders of a message template."""
    return [(bool(m.group(1)), m.group(2)) for m in _PLACEHOLDER.finditer(template)]


def render_message(
    template: str,
    record: Mapping[str, object],
    prev: Mapping[str, object] | None = None,
) -> str:
    """Fill a message template with record values (``空`` for missing ones).

    Example:
        >>> render_message("营业收入为{revenue}，不能为负数", {"revenue": -5})
        '营业收入为-5，不能为负数'
    """

    def value(match: re.Match[str]) -> str:
        source = prev if match.group(1) else record
        found = None if source is None else source.get(match.group(2))
        if found is None:
            return "空"
        if isinstance(found, float) and found.is_integer():
            return str(int(found))
        return str(found)

    return _PLACEHOLDER.sub(value, template)


@dataclass(frozen=True)
class RuleSet:
    """A named set of rules over records identified by ``key``.

    Attributes:
        name: e.g. ``legal-unit-2023``.
        key: the record key field.
        fields: declared field types; undeclared fields are inferred from data.
        rules: the rules in file order.
        description: free text.
        source: where it was read from (a path), for messages.
    """

    name: str
    key: str
    fields: Mapping[str, FieldType]
    rules: tuple[Rule, ...]
    description: str = ""
    source: str = ""
    _by_id: dict[str, Rule] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({rule.id: rule for rule in self.rules})

    def rule(self, rule_id: str) -> Rule:
        """Return the rule with this id."""
        return self._by_id[rule_id]

    def fields_used(self) -> set[str]:
        """Current-record fields any rule or message reads (the key included)."""
        names = {self.key}
        for rule in self.rules:
            names |= ast.fields_used(rule.node)
            names |= {n for is_prev, n in message_fields(rule.message) if not is_prev}
        return names

    def prev_fields_used(self) -> set[str]:
        """Reference-record fields any rule reads."""
        names: set[str] = set()
        for rule in self.rules:
            names |= ast.prev_fields_used(rule.node)
        return names

    def uses_prev(self) -> bool:
        """Whether any rule reads the reference dataset."""
        return bool(self.prev_fields_used())
