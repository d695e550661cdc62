"""The rule language's syntax tree: small frozen dataclasses, one per construct.

The parser builds these nodes; the checker (``analysis``), the Python evaluator
(``evaluate``) and the Ibis compiler (``compiler``) read them. Nodes are hashable,
so identical sub-expressions (for example the same ``median(revenue) by industry``
in two rules) compare equal and are computed once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    """The type of a value in the rule language."""

    NUMBER = "number"
    STRING = "string"
    BOOLEAN = "boolean"

    @property
    def label(self) -> str:
        """Plain-words name used in error messages."""
        return {"number": "a number", "string": "text", "boolean": "a condition"}[
            self.value
        ]


@dataclass(frozen=True)
class Node:
    """Base class of every syntax-tree node."""

    def children(self) -> tuple[Node, ...]:
        """Return the direct sub-expressions of this node."""
        return ()

    def walk(self) -> Iterator[Node]:
        """Yield this node and all nodes below it, parents first."""
        yield self
        for child in self.children():
            yield from child.walk()


@dataclass(frozen=True)
class Number(Node):
    """A numeric literal such as ``0.2`` or ``10``."""

    value: float


@dataclass(frozen=True)
class Text(Node):
    """A string literal such as ``"C"``."""

    value: str


@dataclass(frozen=True)
class Field(Node):
    """A field of the record being checked, e.g. ``revenue``."""

    name: str


@dataclass(frozen=True)
class PrevField(Node):
    """A field of the reference record (``prev.revenue``) joined on the key."""

    name: str


@dataclass(frozen=True)
class Negate(Node):
    """Unary minus."""

    operand: Node

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True)
class Arith(Node):
    """Binary arithmetic: ``+ - * /``."""

    op: str
    left: Node
    right: Node

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


@dataclass(frozen=True)
class Compare(Node):
    """A comparison: ``= != < <= > >=``."""

    op: str
    left: Node
    right: Node

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


@dataclass(frozen=True)
class Between(Node):
    """``x between low and high`` (both ends included)."""

    operand: Node
    low: Node
    high: Node

    def children(self) -> tuple[Node, ...]:
        return (self.operand, self.low, self.high)


@dataclass(frozen=True)
class InList(Node):
    """``x in [a, b, ...]`` with literal items."""

    operand: Node
    items: tuple[Number | Text, ...]

    def children(self) -> tuple[Node, ...]:
        return (self.operand, *self.items)


@dataclass(frozen=True)
class InCodelist(Node):
    """``x in codelist("name")``: membership in a shipped code list."""

    operand: Node
    codelist: str

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True)
class And(Node):
    """Three-valued conjunction."""

    left: Node
    right: Node

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


@dataclass(frozen=True)
class Or(Node):
    """Three-valued disjunction."""

    left: Node
    right: Node

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


@dataclass(frozen=True)
class Not(Node):
    """Three-valued negation."""

    operand: Node

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True)
class If(Node):
    """``if P then Q [else R]``; without ``else`` a false ``P`` passes."""

    condition: Node
    then: Node
    otherwise: Node | None

    def children(self) -> tuple[Node, ...]:
        if self.otherwise is None:
            return (self.condition, self.then)
        return (self.condition, self.then, self.otherwise)


@dataclass(frozen=True)
class IsNull(Node):
    """``is_null(x)``: the only function that sees NULL as a value."""

    operand: Node

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True)
class Length(Node):
    """``length(x)``: number of Unicode code points of a text."""

    operand: Node

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True)
class Matches(Node):
    """``matches(x, "regex")``: the regex (a portable subset) is found in x."""

    operand: Node
    pattern: str

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True)
class Abs(Node):
    """``abs(x)``."""

    operand: Node

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True)
class Ratio(Node):
    """``ratio(a, b)`` = a / b, NA when b is zero or NULL."""

    numerator: Node
    denominator: Node

    def children(self) -> tuple[Node, ...]:
        return (self.numerator, self.denominator)


@dataclass(frozen=True)
class UsccValid(Node):
    """``uscc_valid(x)``: a well-formed 统一社会信用代码 (USCC) with a right check."""

    operand: Node

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


GROUP_FUNCTIONS = ("sum", "mean", "median", "min", "max", "count")


@dataclass(frozen=True)
class GroupStat(Node):
    """``median(x) by f1, f2``: a statistic of the whole dataset per group.

    With no ``by`` fields the group is the whole dataset.
    """

    function: str
    operand: Node
    by: tuple[str, ...]

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True)
class IsUnique(Node):
    """``is_unique(f1[, f2])``: no other record has the same combination."""

    fields: tuple[str, ...]


FUNCTION_NAMES = (
    "is_null",
    "length",
    "matches",
    "abs",
    "ratio",
    "uscc_valid",
    "is_unique",
    "codelist",
    *GROUP_FUNCTIONS,
)


def fields_used(node: Node) -> set[str]:
    """Return the names of current-record fields a node reads (``by`` fields too)."""
    names: set[str] = set()
    for sub in node.walk():
        if isinstance(sub, Field):
            names.add(sub.name)
        elif isinstance(sub, GroupStat):
            names.update(sub.by)
        elif isinstance(sub, IsUnique):
            names.update(sub.fields)
    return names


def prev_fields_used(node: Node) -> set[str]:
    """Return the names of reference-record fields (``prev.x``) a node reads."""
    return {sub.name for sub in node.walk() if isinstance(sub, PrevField)}


def group_nodes(node: Node) -> list[GroupStat | IsUnique]:
    """Return the dataset-level sub-expressions of a node, in order, without repeats."""
    found: dict[GroupStat | IsUnique, None] = {}
    for sub in node.walk():
        if isinstance(sub, GroupStat | IsUnique):
            found[sub] = None
    return list(found)
