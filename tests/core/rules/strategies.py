"""Hypothesis strategies: rules from the grammar and census-like records with traps.

Rules are generated as *text*, so the parser is exercised too. Records carry NULLs,
zeros (also -0.0), negatives, decimals such as 0.1, and Unicode text (CJK, astral,
combining marks, newlines). Fields ``x`` and ``y`` hold binary fractions so that
sums and means are exact whatever order an engine adds in; ``z`` holds decimal
fractions and is not summed (see "Known limits" in docs/rules.md).
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

SCHEMA = {
    "id": pa.string(),
    "x": pa.float64(),
    "y": pa.float64(),
    "z": pa.float64(),
    "n": pa.int64(),
    "m": pa.int64(),
    "s": pa.string(),
    "t": pa.string(),
    "g": pa.string(),
    "h": pa.int64(),
}
PREV_SCHEMA = {"id": pa.string(), "x": pa.float64(), "n": pa.int64(), "s": pa.string()}
DECLARED = (
    "{id: string, x: number, y: number, z: number, n: integer, m: integer, "
    "s: string, t: string, g: string, h: integer}"
)

_VALID_USCC = "91350100M000100Y43"
_LETTER_USCC = "N2320412MA1XYW123" + stdnum_uscc.calc_check_digit("N2320412MA1XYW123")

binary_numbers = st.one_of(
    st.none(),
    st.sampled_from([0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 3.0, 10.0, -2.5, 1e6]),
    st.integers(-400, 400).map(lambda k: k / 4),
)
decimal_numbers = st.one_of(
    st.none(),
    st.sampled_from([0.0, 0.1, 0.2, 0.3, 0.30000000000000004, -0.7, 1e-9, 5.986151]),
    st.integers(-1000, 1000).map(lambda k: k / 10),
)
integers = st.one_of(st.none(), st.integers(-5, 5), st.sampled_from([0, 100, -100]))
texts = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "",
            " ",
            "a",
            "A",
            "ab",
            "武进",
            "湖塘镇",
            "😀",
            "e\u0301",
            "a\nb",
            "13812345678",
            "13812345678\n",
            "0111",
            "111",
            "3411",
            _VALID_USCC,
            _LETTER_USCC,
            _VALID_USCC[:-1] + "Z",
            "常州某某有限公司",
        ]
    ),
    st.text(
        alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
        max_size=5,
    ),
)
groups = st.one_of(st.none(), st.sampled_from(["A", "B", "武", "C"]))
small_groups = st.one_of(st.none(), st.integers(0, 3))


@st.composite
def records(
    draw: st.DrawFn, min_size: int = 40, max_size: int = 160
) -> list[dict[str, Any]]:
    """A list of records with unique keys ``k0``, ``k1``, …"""
    count = draw(st.integers(min_size, max_size))
    rows = []
    for i in range(count):
        rows.append(
            {
                "id": f"k{i}",
                "x": draw(binary_numbers),
                "y": draw(binary_numbers),
                "z": draw(decimal_numbers),
                "n": draw(integers),
                "m": draw(integers),
                "s": draw(texts),
                "t": draw(texts),
                "g": draw(groups),
                "h": draw(small_groups),
            }
        )
    return rows


@st.composite
def prev_records(draw: st.DrawFn, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Reference records for a subset of the keys."""
    out = []
    for row in rows:
        if draw(st.booleans()):
            out.append(
                {
                    "id": row["id"],
                    "x": draw(binary_numbers),
                    "n": draw(integers),
                    "s": draw(texts),
                }
            )
    return out


NUMBER_LITERALS = ["0", "1", "2", "0.5", "10", "0.1", "0.3", "100", "1e-9", "5.986151"]
STRING_LITERALS = ['"a"', '"武进"', '""', '"0111"', '"😀"']
PATTERNS = [
    '"^1[3-9][0-9]{9}$"',
    '"^a.b$"',
    '"有限公司$"',
    '"[^a-z]"',
    '"^\\\\d+$"',
    '"(ab|武)+"',
    '"^.{2}$"',
    '"\\\\s"',
]
GROUP_BY = ["", " by g", " by h", " by g, h"]


def numeric(depth: int) -> st.SearchStrategy[str]:
    """A numeric expression."""
    leaves = st.one_of(
        st.sampled_from(NUMBER_LITERALS),
        st.sampled_from(["x", "y", "z", "n", "m", "prev.x", "prev.n"]),
        st.just("length(s)"),
    )
    if depth <= 0:
        return leaves
    sub = numeric(depth - 1)
    return st.one_of(
        leaves,
        st.tuples(sub, st.sampled_from(["+", "-", "*", "/"]), sub).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        sub.map(lambda a: f"-({a})"),
        sub.map(lambda a: f"abs({a})"),
        st.tuples(sub, sub).map(lambda t: f"ratio({t[0]}, {t[1]})"),
        st.tuples(
            st.sampled_from(["sum", "mean"]),
            st.sampled_from(["x", "y", "n", "(x + y)"]),
            st.sampled_from(GROUP_BY),
        ).map(lambda t: f"({t[0]}({t[1]}){t[2]})"),
        st.tuples(
            st.sampled_from(["median", "min", "max", "count"]),
            st.sampled_from(["x", "z", "n", "(z * 2)"]),
            st.sampled_from(GROUP_BY),
        ).map(lambda t: f"({t[0]}({t[1]}){t[2]})"),
        st.sampled_from(GROUP_BY).map(lambda by: f"(count(s){by})"),
    )


def text_value() -> st.SearchStrategy[str]:
    """A text-valued operand."""
    return st.one_of(
        st.sampled_from(["s", "t", "g", "prev.s"]), st.sampled_from(STRING_LITERALS)
    )


def condition(depth: int) -> st.SearchStrategy[str]:
    """A condition (a rule)."""
    num = numeric(min(depth, 2))
    atoms = st.one_of(
        st.tuples(num, st.sampled_from(["=", "!=", "<", "<=", ">", ">="]), num).map(
            " ".join
        ),
        st.tuples(num, num, num).map(lambda t: f"{t[0]} between {t[1]} and {t[2]}"),
        st.tuples(text_value(), st.sampled_from(["=", "!="]), text_value()).map(
            " ".join
        ),
        st.tuples(
            text_value(), st.lists(st.sampled_from(STRING_LITERALS), max_size=3)
        ).map(lambda t: f"{t[0]} in [{', '.join(t[1])}]"),
        st.tuples(
            num, st.lists(st.sampled_from(NUMBER_LITERALS), min_size=1, max_size=3)
        ).map(lambda t: f"{t[0]} in [{', '.join(t[1])}]"),
        st.sampled_from(["s", "t"]).map(lambda f: f'{f} in codelist("gbt4754_class")'),
        st.sampled_from(["s", "t", "x", "n", "prev.x", "g"]).map(
            lambda f: f"is_null({f})"
        ),
        st.tuples(st.sampled_from(["s", "t"]), st.sampled_from(PATTERNS)).map(
            lambda t: f"matches({t[0]}, {t[1]})"
        ),
        st.sampled_from(["s", "t"]).map(lambda f: f"uscc_valid({f})"),
        st.sampled_from(["s", "g", "h", "g, h", "s, t"]).map(
            lambda f: f"is_unique({f})"
        ),
    )
    if depth <= 0:
        return atoms
    sub = condition(depth - 1)
    return st.one_of(
        atoms,
        st.tuples(sub, st.sampled_from(["and", "or"]), sub).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        sub.map(lambda a: f"not ({a})"),
        st.tuples(sub, sub).map(lambda t: f"(if {t[0]} then {t[1]})"),
        st.tuples(sub, sub, sub).map(lambda t: f"(if {t[0]} then {t[1]} else {t[2]})"),
    )


def ruleset_text(exprs: list[str]) -> str:
    """A rule file with one rule per expression."""
    lines = ["ruleset: generated", "key: id", f"fields: {DECLARED}", "rules:"]
    for i, expr in enumerate(exprs):
        quoted = expr.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'  - {{id: G{i:02d}, expr: "{quoted}"}}')
    return "\n".join(lines)


def arrow(rows: list[dict[str, Any]], schema: dict[str, pa.DataType]) -> pa.Table:
    """Records as an Arrow table with the declared column types."""
    return pa.table({n: pa.array([r[n] for r in rows], t) for n, t in schema.items()})
