"""The grammar: what parses to what, and what a syntax error says."""

from __future__ import annotations

import pytest

from econwatch.core.rules import ast
from econwatch.core.rules.parser import ExpressionSyntaxError, parse_expression

F = ast.Field


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("revenue >= 0", ast.Compare(">=", F("revenue"), ast.Number(0.0))),
        (
            "if employees > 0 then payroll > 0",
            ast.If(
                ast.Compare(">", F("employees"), ast.Number(0.0)),
                ast.Compare(">", F("payroll"), ast.Number(0.0)),
                None,
            ),
        ),
        (
            "revenue <= 10 * median(revenue) by industry, town",
            ast.Compare(
                "<=",
                F("revenue"),
                ast.Arith(
                    "*",
                    ast.Number(10.0),
                    ast.GroupStat("median", F("revenue"), ("industry", "town")),
                ),
            ),
        ),
        (
            "ratio(revenue, prev.revenue) between 0.2 and 5",
            ast.Between(
                ast.Ratio(F("revenue"), ast.PrevField("revenue")),
                ast.Number(0.2),
                ast.Number(5.0),
            ),
        ),
        (
            "a - b - c",
            ast.Arith("-", ast.Arith("-", F("a"), F("b")), F("c")),
        ),
        ("a + b * c", ast.Arith("+", F("a"), ast.Arith("*", F("b"), F("c")))),
        ("-3 < a", ast.Compare("<", ast.Number(-3.0), F("a"))),
        (
            "not a > 1 and b < 2 or c = 3",
            ast.Or(
                ast.And(
                    ast.Not(ast.Compare(">", F("a"), ast.Number(1.0))),
                    ast.Compare("<", F("b"), ast.Number(2.0)),
                ),
                ast.Compare("=", F("c"), ast.Number(3.0)),
            ),
        ),
        (
            "code not in [\"01\", '02', -1]",
            ast.Not(
                ast.InList(
                    F("code"), (ast.Text("01"), ast.Text("02"), ast.Number(-1.0))
                )
            ),
        ),
        (
            'industry not in codelist("gbt4754_class")',
            ast.Not(ast.InCodelist(F("industry"), "gbt4754_class")),
        ),
        ("is_unique(uscc, town)", ast.IsUnique(("uscc", "town"))),
        ('matches(phone, "^1\\d")', ast.Matches(F("phone"), "^1\\d")),
        ('s = "a \\"b\\" \\\\"', ast.Compare("=", F("s"), ast.Text('a "b" \\'))),
        (
            "if a then b else if c then d else e",
            ast.If(F("a"), F("b"), ast.If(F("c"), F("d"), F("e"))),
        ),
        ("android > 0", ast.Compare(">", F("android"), ast.Number(0.0))),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_parses(text: str, tree: ast.Node) -> None:
    assert parse_expression(text) == tree


@pytest.mark.parametrize(
    ("text", "column", "says"),
    [
        ("revenue >= ", 12, "expected a number"),
        ("revenue >= and", 12, "unexpected 'and'"),
        ("a >= 1 )", 8, "expected the end of the expression"),
        ("a # b", 3, "unexpected character '#'"),
        ("x between 1 5", 13, "'and'"),
        ("foo(x) > 1", 1, "unknown function 'foo'"),
        ("length(a, b) > 1", 1, "takes one argument"),
        ("is_null(x) by y", 1, "'by' only follows a group statistic"),
        ('a in foo("x")', 6, "expected codelist"),
        ("x > 1e20", 5, "too large"),
        ("prev.and > 1", 6, "unexpected 'and'"),
        ("matches(a, b)", 1, "must be a quoted text"),
        ("is_unique(a + 1)", 1, "field names"),
        ('codelist("x")', 1, "can only follow"),
        ("in > 1", 1, "unexpected 'in'"),
    ],
)
def test_syntax_errors(text: str, column: int, says: str) -> None:
    with pytest.raises(ExpressionSyntaxError) as caught:
        parse_expression(text)
    assert caught.value.column == column
    assert says in str(caught.value)


def test_multi_line_expression_error_line() -> None:
    with pytest.raises(ExpressionSyntaxError) as caught:
        parse_expression("a > 0 and\n  b >")
    assert (caught.value.line, caught.value.column) == (2, 6)
