"""Problems found in a rule file or in the data: collected, never stop at the first.

Every problem has a stable ``code`` (documented in docs/rules.md) so programs and
tests can rely on it, plus plain words for people: what went wrong, where, and what
to do next.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Level(Enum):
    """How bad a problem is: errors stop the run, warnings are reported."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem in a rule file or an input.

    Attributes:
        code: stable identifier such as ``unknown-field`` or ``syntax-error``.
        message: what went wrong, naming the value.
        rule_id: the rule concerned, if any.
        line: 1-based line in the rule file, if known.
        column: 1-based column in the rule's expression, if known.
        hint: what to do next.
        level: error or warning.
    """

    code: str
    message: str
    rule_id: str | None = None
    line: int | None = None
    column: int | None = None
    hint: str = ""
    level: Level = Level.ERROR

    @property
    def where(self) -> str:
        """Return a short location such as ``R003 line 12 column 9``."""
        parts = []
        if self.rule_id:
            parts.append(f"rule {self.rule_id}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"[{self.code}] {where}{self.message}{hint}"


class ProblemsError(ValueError):
    """Raised with every problem found, after collecting them all.

    Attributes:
        problems: the errors (and any warnings) found.
    """

    def __init__(self, problems: list[Problem], what: str = "input") -> None:
        self.problems = problems
        errors = [p for p in problems if p.level is Level.ERROR]
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{len(errors)} problem(s) in {what}:\n{lines}")


class RuleSetError(ProblemsError):
    """A rule file cannot be used; lists every problem at once."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems, "the rule file")


class DataError(ProblemsError):
    """The data cannot be checked (missing columns, wrong types, unreadable)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems, "the data")
