"""The one shape every code check reports a failure in.

Each check in :mod:`econwatch.core.codes` returns *all* the problems it finds as a
list of :class:`CodeProblem`, never stopping at the first. A problem carries a
stable machine ``code`` (``uscc-checksum``, ``industry-unknown`` …) that callers,
tests and reports can rely on, the ``field`` and ``value`` it is about, and a
Chinese ``message`` that says what is wrong and what to do next.

Functions that return one normalised value instead (``validate``, ``get`` …) raise a
subclass of :class:`CodeError`, which carries the same problems.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class CodeProblem:
    """One thing wrong with one value.

    Attributes:
        code: Stable identifier of the kind of problem, e.g. ``"uscc-checksum"``.
        field: Name of the field the value came from, e.g. ``"uscc"``.
        value: The value as it was given (before normalisation).
        message: What is wrong and what to do, in Chinese, for the person entering
            the data.
        severity: ``"error"`` makes the value unacceptable; ``"warning"`` flags
            something to look at that may still be legitimate.
    """

    code: str
    field: str
    value: str
    message: str
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        """Whether this problem makes the value unacceptable."""
        return self.severity == "error"


def errors_only(problems: Iterable[CodeProblem]) -> list[CodeProblem]:
    """Keep the problems whose severity is ``"error"``.

    Args:
        problems: Problems as returned by any ``check`` function.

    Returns:
        The errors, in their original order.
    """
    return [p for p in problems if p.is_error]


class CodeError(ValueError):
    """A value failed a code check; ``problems`` lists every reason.

    Attributes:
        problems: Every problem found, in the order the check reported them.
    """

    def __init__(self, problems: Sequence[CodeProblem]) -> None:
        """Build the error from the problems found.

        Args:
            problems: At least one problem.
        """
        self.problems: list[CodeProblem] = list(problems)
        super().__init__("；".join(p.message for p in self.problems))

    @property
    def codes(self) -> list[str]:
        """The stable codes of the problems, for tests and logs."""
        return [p.code for p in self.problems]
