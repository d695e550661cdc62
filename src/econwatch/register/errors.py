"""What the register refuses, in one shape for pages, JSON and the command line.

Every refusal is a :class:`RegisterError` with a stable ``code``, an HTTP status,
a Chinese ``message`` and the list of :class:`CodeProblem` found (all of them,
never only the first). :meth:`RegisterError.as_json` is the platform's one JSON
error shape::

    {"error": {"code": "unit-invalid", "message": "...",
               "problems": [{"code": "uscc-checksum", "field": "uscc",
                             "value": "...", "message": "..."}]}}
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from econwatch.core.codes.problems import CodeProblem


def problem_json(problem: CodeProblem) -> dict[str, str]:
    """One problem as JSON: code, field, value, message (and severity)."""
    return {
        "code": problem.code,
        "field": problem.field,
        "value": problem.value,
        "message": problem.message,
        "severity": problem.severity,
    }


def error_json(
    code: str, message: str, problems: Iterable[CodeProblem] = ()
) -> dict[str, Any]:
    """The canonical JSON error body.

    Args:
        code: Stable error code, e.g. ``"not-found"``.
        message: What went wrong and what to do, in Chinese.
        problems: The individual problems, if any.
    """
    return {
        "error": {
            "code": code,
            "message": message,
            "problems": [problem_json(p) for p in problems],
        }
    }


class RegisterError(Exception):
    """Base of every refusal by the register services.

    Attributes:
        code: Stable error code.
        status: HTTP status a web view answers with.
        message: Summary in Chinese.
        problems: Every problem found.
    """

    code = "register-error"
    status = 400

    def __init__(self, message: str, problems: Sequence[CodeProblem] = ()) -> None:
        """Build the error.

        Args:
            message: Summary in Chinese.
            problems: Every problem found.
        """
        super().__init__(message)
        self.message = message
        self.problems: list[CodeProblem] = list(problems)

    def as_json(self) -> dict[str, Any]:
        """The canonical JSON error body for this error."""
        return error_json(self.code, self.message, self.problems)


class UnitInvalid(RegisterError):
    """The data of a unit has problems; nothing was saved."""

    code = "unit-invalid"
    status = 400

    def __init__(self, problems: Sequence[CodeProblem]) -> None:
        """Build the error from at least one problem."""
        count = len(problems)
        super().__init__(
            f"填写的内容有{count}处问题，尚未保存；请按提示逐项修改后重新提交",
            problems,
        )


class VersionConflict(RegisterError):
    """Someone else saved the unit since the user opened it."""

    code = "version-conflict"
    status = 409

    def __init__(self, current_version: int) -> None:
        """Build the error.

        Args:
            current_version: The unit's version now in the database.
        """
        self.current_version = current_version
        super().__init__(
            f"该单位已被其他用户修改（版本 {current_version}），"
            "请刷新后重新编辑，您的修改尚未保存"
        )


class UnitNotFound(RegisterError):
    """No such unit, or the user may not see it (the same answer on purpose)."""

    code = "not-found"
    status = 404

    def __init__(self, unit_id: object) -> None:
        """Build the error for the requested unit id."""
        super().__init__(
            f"找不到编号为 {unit_id} 的单位，或该单位不在您的查看范围内；"
            "请从名录库查询页重新查找"
        )


class NotAllowed(RegisterError):
    """The user may see the unit but not make this change."""

    code = "forbidden"
    status = 403
