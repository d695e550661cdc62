"""Parse rule expressions with a real LALR grammar (``grammar.lark``); never ``eval``.

Example:
    >>> parse_expression("revenue >= 0")
    Compare(op='>=', left=Field(name='revenue'), right=Number(value=0.0))
"""

from __future__ import annotations

import math
from functools import lru_cache
from importlib import resources
from typing import Any

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import (
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
    VisitError,
)

from econwatch.core.rules import ast

KEYWORDS = frozenset(
    {"and", "or", "not", "if", "then", "else", "in", "between", "by", "prev"}
)

# Largest literal we accept: far beyond any amount in yuan, small enough that no
# engine overflows when rules multiply it with data.
MAX_LITERAL = 1e15

_TERMINAL_WORDS = {
    "NUMBER": "a number",
    "STRING": "a quoted text",
    "NAME": "a field or function name",
    "COMPOP": "a comparison (= != < <= > >=)",
    "$END": "the end of the expression",
    "LPAR": "'('",
    "RPAR": "')'",
    "LSQB": "'['",
    "RSQB": "']'",
    "COMMA": "','",
    "DOT": "'.'",
    "PLUS": "'+'",
    "MINUS": "'-'",
    "STAR": "'*'",
    "SLASH": "'/'",
}
# Most helpful first: what usually completes the expression.
_TERMINAL_ORDER = [
    "NUMBER",
    "NAME",
    "STRING",
    "PREV",
    "LPAR",
    "MINUS",
    "COMPOP",
    "AND",
    "THEN",
    "ELSE",
    "RPAR",
    "RSQB",
    "COMMA",
    "$END",
]


class ExpressionSyntaxError(ValueError):
    """An expression could not be parsed.

    Attributes:
        column: 1-based column in the expression text where the problem is.
        line: 1-based line in the expression text.
        detail: what was wrong, in plain words.
        expected: what the parser expected there, in plain words (may be empty).
    """

    def __init__(
        self, detail: str, column: int, line: int = 1, expected: str = ""
    ) -> None:
        self.detail = detail
        self.column = column
        self.line = line
        self.expected = expected
        text = f"column {column}: {detail}"
        if expected:
            text += f"; expected {expected}"
        super().__init__(text)


@lru_cache(maxsize=1)
def _lark() -> Lark:
    grammar = (
        resources.files("econwatch.core.rules")
        .joinpath("grammar.lark")
        .read_text(encoding="utf-8")
    )
    return Lark(grammar, parser="lalr", lexer="basic", propagate_positions=True)


def _describe(terminals: set[str]) -> str:
    """Turn a set of terminal names into a short plain-words list."""

    def word(name: str) -> str:
        return _TERMINAL_WORDS.get(name, f"'{name.lower()}'")

    ordered = sorted(
        terminals,
        key=lambda t: (_TERMINAL_ORDER.index(t) if t in _TERMINAL_ORDER else 99, t),
    )
    words = [word(t) for t in ordered]
    if len(words) > 1:
        return ", ".join(words[:-1]) + " or " + words[-1]
    return words[0] if words else ""


def _unquote(token: str) -> str:
    """Strip quotes; only \\\\, \\" and \\' are escapes, other backslashes stay."""
    body = token[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body) and body[i + 1] in "\\\"'":
            out.append(body[i + 1])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _number(token: Token) -> ast.Number:
    value = float(token)
    if not math.isfinite(value) or abs(value) > MAX_LITERAL:
        raise ExpressionSyntaxError(
            f"the number {token} is too large (at most {MAX_LITERAL:.0e})",
            token.column or 1,
        )
    return ast.Number(value)


def _name(token: Token) -> str:
    name = str(token)
    if name in KEYWORDS:
        raise ExpressionSyntaxError(
            f"'{name}' is a reserved word and cannot be a field name",
            token.column or 1,
        )
    return name


_ONE_ARG = {
    "is_null": ast.IsNull,
    "length": ast.Length,
    "abs": ast.Abs,
    "uscc_valid": ast.UsccValid,
}


@v_args(inline=True)
class _ToAst(Transformer[Token, ast.Node]):
    """Turn the Lark parse tree into ``ast`` nodes, checking function calls."""

    def number(self, token: Token) -> ast.Number:
        return _number(token)

    def negative_number(self, _minus: Token, token: Token) -> ast.Number:
        return ast.Number(-_number(token).value)

    def string(self, token: Token) -> ast.Text:
        return ast.Text(_unquote(str(token)))

    def field(self, token: Token) -> ast.Field:
        return ast.Field(_name(token))

    def prev_field(self, token: Token) -> ast.PrevField:
        return ast.PrevField(_name(token))

    def negate(self, _minus: Token, operand: ast.Node) -> ast.Node:
        if isinstance(operand, ast.Number):
            return ast.Number(-operand.value)
        return ast.Negate(operand)

    def add(self, left: ast.Node, _op: Token, right: ast.Node) -> ast.Arith:
        return ast.Arith("+", left, right)

    def sub(self, left: ast.Node, _op: Token, right: ast.Node) -> ast.Arith:
        return ast.Arith("-", left, right)

    def mul(self, left: ast.Node, _op: Token, right: ast.Node) -> ast.Arith:
        return ast.Arith("*", left, right)

    def div(self, left: ast.Node, _op: Token, right: ast.Node) -> ast.Arith:
        return ast.Arith("/", left, right)

    def compare(self, left: ast.Node, op: Token, right: ast.Node) -> ast.Compare:
        return ast.Compare(str(op), left, right)

    def between(self, operand: ast.Node, low: ast.Node, high: ast.Node) -> ast.Node:
        return ast.Between(operand, low, high)

    def list(self, *items: ast.Number | ast.Text | None) -> tuple[Any, ...]:
        return tuple(item for item in items if item is not None)

    def in_list(self, operand: ast.Node, items: tuple[Any, ...]) -> ast.InList:
        return ast.InList(operand, items)

    def not_in_list(self, operand: ast.Node, items: tuple[Any, ...]) -> ast.Not:
        return ast.Not(ast.InList(operand, items))

    def in_codelist(self, operand: ast.Node, func: Token, name: Token) -> ast.Node:
        if str(func) != "codelist":
            raise ExpressionSyntaxError(
                f"'in {func}(...)' is not known", func.column or 1, expected="codelist"
            )
        return ast.InCodelist(operand, _unquote(str(name)))

    def not_in_codelist(self, operand: ast.Node, func: Token, name: Token) -> ast.Node:
        return ast.Not(self.in_codelist(operand, func, name))

    def and_expr(self, left: ast.Node, right: ast.Node) -> ast.And:
        return ast.And(left, right)

    def or_expr(self, left: ast.Node, right: ast.Node) -> ast.Or:
        return ast.Or(left, right)

    def not_expr(self, operand: ast.Node) -> ast.Not:
        return ast.Not(operand)

    def if_expr(
        self, condition: ast.Node, then: ast.Node, otherwise: ast.Node | None
    ) -> ast.If:
        return ast.If(condition, then, otherwise)

    def args(self, *items: ast.Node) -> tuple[ast.Node, ...]:
        return items

    def by_clause(self, *names: Token) -> tuple[str, ...]:
        return tuple(_name(n) for n in names)

    def call(
        self,
        func: Token,
        args: tuple[ast.Node, ...] | None,
        by: tuple[str, ...] | None,
    ) -> ast.Node:
        return _build_call(func, args or (), by)


def _build_call(
    func: Token, args: tuple[ast.Node, ...], by: tuple[str, ...] | None
) -> ast.Node:
    """Check a function call's name and arguments and build its node."""
    name = str(func)
    column = func.column or 1

    def need(count: int, what: str) -> None:
        if len(args) != count:
            raise ExpressionSyntaxError(
                f"{name}() takes {what}, got {len(args)} argument(s)", column
            )

    if by is not None and name not in ast.GROUP_FUNCTIONS:
        raise ExpressionSyntaxError(
            f"'by' only follows a group statistic ({', '.join(ast.GROUP_FUNCTIONS)})",
            column,
        )
    if name in ast.GROUP_FUNCTIONS:
        need(1, "one argument")
        return ast.GroupStat(name, args[0], by or ())
    if name in _ONE_ARG:
        need(1, "one argument")
        return _ONE_ARG[name](args[0])
    if name == "ratio":
        need(2, "two arguments (numerator, denominator)")
        return ast.Ratio(args[0], args[1])
    if name == "matches":
        need(2, 'two arguments (text, "regular expression")')
        if not isinstance(args[1], ast.Text):
            raise ExpressionSyntaxError(
                "the pattern of matches() must be a quoted text", column
            )
        return ast.Matches(args[0], args[1].value)
    if name == "is_unique":
        if not args or not all(isinstance(a, ast.Field) for a in args):
            raise ExpressionSyntaxError(
                "is_unique() takes one or more field names", column
            )
        return ast.IsUnique(tuple(a.name for a in args if isinstance(a, ast.Field)))
    if name == "codelist":
        raise ExpressionSyntaxError(
            'codelist("...") can only follow "in", as in: x in codelist("name")',
            column,
        )
    raise ExpressionSyntaxError(
        f"unknown function '{name}'",
        column,
        expected="one of " + ", ".join(f for f in ast.FUNCTION_NAMES),
    )


def parse_expression(text: str) -> ast.Node:
    """Parse one rule expression into its syntax tree.

    Args:
        text: the expression, e.g. ``"if employees > 0 then payroll > 0"``.

    Returns:
        The root node.

    Raises:
        ExpressionSyntaxError: with the column and what was expected.
    """
    try:
        tree = _lark().parse(text)
        return _ToAst().transform(tree)
    except VisitError as exc:
        if isinstance(exc.orig_exc, ExpressionSyntaxError):
            raise exc.orig_exc from None
        raise
    except UnexpectedCharacters as exc:
        raise ExpressionSyntaxError(
            f"unexpected character {text[exc.pos_in_stream or 0]!r}",
            exc.column,
            exc.line,
        ) from None
    except UnexpectedEOF as exc:
        raise ExpressionSyntaxError(
            "the expression ends too early",
            len(text.splitlines()[-1]) + 1 if text.strip() else 1,
            max(1, len(text.splitlines())),
            _describe(set(exc.expected)),
        ) from None
    except UnexpectedToken as exc:
        at_end = exc.token.type == "$END"
        lines = text.splitlines() or [""]
        column = len(lines[-1]) + 1 if at_end else exc.column
        found = (
            "the expression ends too early" if at_end else f"unexpected '{exc.token}'"
        )
        raise ExpressionSyntaxError(
            found,
            column,
            len(lines) if at_end else exc.line,
            _describe(set(exc.expected)),
        ) from None
    except UnexpectedInput as exc:  # pragma: no cover - other Lark errors
        raise ExpressionSyntaxError(str(exc), exc.column, exc.line) from None
