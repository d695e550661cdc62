"""Errors raised by the statistics arithmetic.

Every error carries a stable ``code`` (for the UI to translate and for tests to match),
the offending ``value`` and a ``hint`` saying what to do next, following the house rule
that an error names what went wrong, which value, and the way out.
"""

from __future__ import annotations


class StatsError(ValueError):
    """A value the bureau's arithmetic cannot accept.

    Attributes:
        code: Stable identifier such as ``period-january-alone``.
        value: The value that was refused.
        hint: What the caller should do instead.
    """

    def __init__(self, code: str, message: str, *, value: object, hint: str) -> None:
        """Build the error.

        Args:
            code: Stable identifier of the failure.
            message: What went wrong, in plain words.
            value: The refused value.
            hint: What to do next.
        """
        super().__init__(f"{message} (got {value!r}). {hint}")
        self.code = code
        self.value = value
        self.hint = hint


class PeriodError(StatsError):
    """A period that does not exist in the monthly statistical series."""


class AmountTypeError(StatsError, TypeError):
    """An amount of a type that cannot be used exactly (e.g. a float)."""
