"""A portable subset of regular expressions for ``matches(x, "...")``.

DuckDB (RE2), PostgreSQL (ARE), Spark (Java) and Python disagree on details: what
``$`` matches before a final newline, whether ``.`` matches a newline, what ``\\d``
means for non-ASCII digits, how big ``{n,m}`` may be. A pattern is therefore
parsed here, checked against a subset that means the same everywhere, and written
out again for each engine.

The subset (see docs/rules.md): literal characters (any Unicode), ``.`` (any
character, newlines included), ``^`` and ``$`` (start and end of the whole text),
classes ``[...]`` and ``[^...]`` with ranges, ``\\d`` ``\\w`` ``\\s`` and their
negations (ASCII meaning), escapes of punctuation, ``\\t \\n \\r``, ``\\uXXXX``,
groups ``( )`` and ``(?: )``, alternation ``|`` and the greedy quantifiers
``* + ? {n} {n,} {n,m}`` with n, m ≤ 255. A match anywhere counts (use ``^...$``
for the whole text).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Dialect = Literal["python", "duckdb", "postgres", "pyspark"]

MAX_REPEAT = 255  # PostgreSQL's limit for {n,m}
_META = set("\\.^$|?*+()[]{}")
_CLASS_META = set("\\]^-[&")
_SHORTHAND = {
    "d": "0-9",
    "w": "0-9A-Za-z_",
    "s": " \t\n\r\f\v",
}


def _expand(body: str) -> str:
    """Spell out the ranges of a shorthand body so members can be escaped one by one."""
    if body == _SHORTHAND["d"]:
        return "0123456789"
    if body == _SHORTHAND["w"]:
        return "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"
    return body


_CONTROL = {"t": "\t", "n": "\n", "r": "\r"}


class RegexError(ValueError):
    """A pattern outside the portable subset; ``position`` is 0-based."""

    def __init__(self, message: str, position: int) -> None:
        self.position = position
        super().__init__(f"{message} (at character {position + 1} of the pattern)")


@dataclass(frozen=True)
class _Piece:
    """One parsed element: its text per dialect is produced by :func:`_emit`."""

    kind: str  # lit | any | start | end | class | group | repeat
    text: str = ""  # literal char, class body or quantifier
    negated: bool = False
    parts: tuple[tuple[_Piece, ...], ...] = ()  # alternatives of a group / operand


class _Parser:
    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0

    def error(self, message: str) -> RegexError:
        return RegexError(message, min(self.i, max(0, len(self.p) - 1)))

    def peek(self) -> str | None:
        return self.p[self.i] if self.i < len(self.p) else None

    def alternatives(self, in_group: bool) -> tuple[tuple[_Piece, ...], ...]:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.i += 1
            branches.append(self.sequence())
        if any(not b for b in branches) and (len(branches) > 1 or in_group):
            raise self.error("empty alternative or group")
        return tuple(branches)

    def sequence(self) -> tuple[_Piece, ...]:
        items: list[_Piece] = []
        while (ch := self.peek()) is not None and ch not in "|)":
            atom = self.atom()
            quant = self.quantifier()
            if quant:
                if atom.kind in ("start", "end"):
                    raise self.error("a quantifier cannot follow ^ or $")
                atom = _Piece("repeat", quant, parts=((atom,),))
            items.append(atom)
        return tuple(items)

    def quantifier(self) -> str:
        ch = self.peek()
        if ch in ("*", "+", "?"):
            self.i += 1
            quant = ch
        elif ch == "{":
            end = self.p.find("}", self.i)
            body = self.p[self.i + 1 : end] if end > 0 else ""
            low, _, high = body.partition(",")
            if end < 0 or not low.isdigit() or (high and not high.isdigit()):
                raise self.error("a repeat must look like {n}, {n,} or {n,m}")
            numbers = [int(low)] + ([int(high)] if high else [])
            if max(numbers) > MAX_REPEAT or (high and int(high) < int(low)):
                raise self.error(f"repeat counts must be in order and <= {MAX_REPEAT}")
            self.i = end + 1
            quant = "{" + body + "}"
        else:
            return ""
        if self.peek() in ("*", "+", "?", "{"):
            raise self.error(
                "lazy, possessive or doubled quantifiers are not supported"
            )
        return quant

    def atom(self) -> _Piece:
        ch = self.p[self.i]
        self.i += 1
        if ch == ".":
            return _Piece("any")
        if ch == "^":
            return _Piece("start")
        if ch == "$":
            return _Piece("end")
        if ch == "[":
            return self.char_class()
        if ch == "(":
            if self.p.startswith("?:", self.i):
                self.i += 2
            elif self.peek() == "?":
                raise self.error("only plain groups ( ) and (?: ) are supported")
            parts = self.alternatives(in_group=True)
            if self.peek() != ")":
                raise self.error("missing ')'")
            self.i += 1
            return _Piece("group", parts=parts)
        if ch in "*+?{":
            raise self.error(f"'{ch}' has nothing to repeat")
        if ch in ")]}":
            raise self.error(f"unmatched '{ch}'")
        if ch == "\\":
            return self.escape(in_class=False)
        return _Piece("lit", ch)

    def escape(self, in_class: bool) -> _Piece:
        if self.i >= len(self.p):
            raise self.error("the pattern ends with a lone backslash")
        ch = self.p[self.i]
        self.i += 1
        if ch.lower() in _SHORTHAND:
            body = _SHORTHAND[ch.lower()]
            if ch.isupper() and in_class:
                raise self.error(f"\\{ch} is not supported inside [...]")
            return _Piece("class", body, negated=ch.isupper())
        if ch in _CONTROL:
            return _Piece("lit", _CONTROL[ch])
        if ch == "u":
            code = self.p[self.i : self.i + 4]
            if len(code) != 4 or any(c not in "0123456789abcdefABCDEF" for c in code):
                raise self.error("\\u must be followed by 4 hex digits")
            self.i += 4
            return _Piece("lit", chr(int(code, 16)))
        if ch.isalnum() or ch == "_":
            raise self.error(f"\\{ch} is not in the portable subset")
        return _Piece("lit", ch)

    def char_class(self) -> _Piece:
        negated = self.peek() == "^"
        if negated:
            self.i += 1
        body: list[str] = []
        first = True
        while True:
            ch = self.peek()
            if ch is None:
                raise self.error("missing ']'")
            if ch == "]" and not first:
                self.i += 1
                break
            first = False
            low, is_set = self.class_char()
            if is_set:
                body.append(low)  # a shorthand such as \\d, already written out
            elif self.peek() == "-" and self.p[self.i + 1 : self.i + 2] not in (
                "]",
                "",
            ):
                self.i += 1
                high, high_is_set = self.class_char()
                if high_is_set or ord(high) < ord(low):
                    raise self.error("bad range in [...]")
                body.append(_class_escape(low) + "-" + _class_escape(high))
            else:
                body.append(_class_escape(low))
        if not body:
            raise self.error("empty [...]")
        return _Piece("class", "".join(body), negated=negated)

    def class_char(self) -> tuple[str, bool]:
        """Return one member of a class and whether it is a whole set (``\\d``)."""
        ch = self.p[self.i]
        self.i += 1
        if ch == "[" and self.peek() == ":":
            raise self.error("POSIX classes like [:digit:] are not supported")
        if ch != "\\":
            return ch, False
        piece = self.escape(in_class=True)
        if piece.kind == "class":
            return "".join(_class_escape(c) for c in _expand(piece.text)), True
        return piece.text, False


def _class_escape(ch: str) -> str:
    return "\\" + ch if ch in _CLASS_META else ch


def _literal(ch: str) -> str:
    return "\\" + ch if ch in _META else ch


def _emit(items: tuple[_Piece, ...], dialect: Dialect) -> str:
    out: list[str] = []
    for piece in items:
        if piece.kind == "lit":
            out.append(_literal(piece.text))
        elif piece.kind == "any":
            out.append(".")
        elif piece.kind == "start":
            out.append("^")
        elif piece.kind == "end":
            out.append({"python": r"\Z", "pyspark": r"\z"}.get(dialect, "$"))
        elif piece.kind == "class":
            out.append("[" + ("^" if piece.negated else "") + piece.text + "]")
        elif piece.kind == "group":
            out.append("(?:" + "|".join(_emit(b, dialect) for b in piece.parts) + ")")
        else:  # repeat
            inner = _emit(piece.parts[0], dialect)
            out.append(inner + piece.text)
    return "".join(out)


def translate(pattern: str, dialect: Dialect) -> str:
    """Check ``pattern`` against the portable subset and write it for an engine.

    Args:
        pattern: the pattern as written in the rule.
        dialect: ``python`` (also SQLite, whose regex function is Python's),
            ``duckdb``, ``postgres`` or ``pyspark``.

    Returns:
        A pattern with the same meaning in that engine, searched anywhere in the text.

    Raises:
        RegexError: if the pattern uses something outside the subset.

    Example:
        >>> translate("^1[3-9]\\\\d{9}$", "python")
        '(?s)^1[3-9][0-9]{9}\\\\Z'
    """
    parser = _Parser(pattern)
    branches = _parse_top(parser)
    body = "|".join(_emit(b, dialect) for b in branches)
    if len(branches) > 1:
        body = "(?:" + body + ")"
    if dialect == "pyspark":
        # Spark SQL's string literals know no \\f or \\v escape (they read as the
        # letters f and v), so control characters reach Java's regex as \\xHH.
        body = "".join(
            f"\\x{ord(c):02X}" if ord(c) < 0x20 or ord(c) == 0x7F else c for c in body
        )
    # PostgreSQL AREs are not newline-sensitive by default; the others need (?s).
    return body if dialect == "postgres" else "(?s)" + body


def _parse_top(parser: _Parser) -> tuple[tuple[_Piece, ...], ...]:
    branches = parser.alternatives(in_group=False)
    if parser.i < len(parser.p):
        raise parser.error("unmatched ')'")
    return branches
