"""The portable regex subset: translated per engine, rejected outside the subset."""

from __future__ import annotations

import re

import pytest

from econwatch.core.rules.regex import RegexError, translate


@pytest.mark.parametrize(
    ("pattern", "python", "duckdb", "postgres", "pyspark"),
    [
        (
            "^1[3-9]\\d{9}$",
            "(?s)^1[3-9][0-9]{9}\\Z",
            "(?s)^1[3-9][0-9]{9}$",
            "^1[3-9][0-9]{9}$",
            "(?s)^1[3-9][0-9]{9}\\z",
        ),
        ("a|b", "(?s)(?:a|b)", "(?s)(?:a|b)", "(?:a|b)", "(?s)(?:a|b)"),
        ("(ab)+", "(?s)(?:ab)+", "(?s)(?:ab)+", "(?:ab)+", "(?s)(?:ab)+"),
        ("\\u4e2d.公司", "(?s)中.公司", "(?s)中.公司", "中.公司", "(?s)中.公司"),
        ("[a-]\\.", "(?s)[a\\-]\\.", "(?s)[a\\-]\\.", "[a\\-]\\.", "(?s)[a\\-]\\."),
        (
            "\\W",
            "(?s)[^0-9A-Za-z_]",
            "(?s)[^0-9A-Za-z_]",
            "[^0-9A-Za-z_]",
            "(?s)[^0-9A-Za-z_]",
        ),
    ],
)
def test_translation(
    pattern: str, python: str, duckdb: str, postgres: str, pyspark: str
) -> None:
    assert translate(pattern, "python") == python
    assert translate(pattern, "duckdb") == duckdb
    assert translate(pattern, "postgres") == postgres
    assert translate(pattern, "pyspark") == pyspark


@pytest.mark.parametrize(
    ("text", "matches"),
    [("13812345678", True), ("13812345678\n", False), ("1381234567", False)],
)
def test_end_anchor_is_end_of_text(text: str, matches: bool) -> None:
    assert bool(re.search(translate("^1[3-9]\\d{9}$", "python"), text)) is matches


@pytest.mark.parametrize(
    "pattern",
    [
        "a**",
        "a*?",
        "(?i)a",
        "\\b",
        "a{300}",
        "[z-a]",
        "(a|)",
        "a)",
        "[abc",
        "*a",
        "\\1",
        "[[:digit:]]",
        "a{2,1}",
        "\\",
        "\\u12",
    ],
)
def test_outside_the_subset(pattern: str) -> None:
    with pytest.raises(RegexError):
        translate(pattern, "python")
