"""Import one file: validate all of it, then write all of it or nothing.

:func:`import_file` is the one call behind ``econwatch import`` and the web page.
Every call leaves an :class:`ImportBatch`: ``ok`` (written, warnings allowed),
``checked`` (``check_only``: no errors, nothing written), ``rejected`` (at least one
error: nothing written) or ``failed`` (a bug; the exception is raised after the batch
is marked). Then the ``after_import`` hook runs.
"""

from __future__ import annotations

import getpass
import itertools
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from econwatch.monitoring.imports import hooks
from econwatch.monitoring.imports.columns import HEADER_SEARCH_ROWS
from econwatch.monitoring.imports.context import ImportContext
from econwatch.monitoring.imports.kinds import KINDS, Kind, Rows, get_kind
from econwatch.monitoring.imports.problems import Problem, problem
from econwatch.monitoring.imports.progress import NO_PROGRESS, Progress
from econwatch.monitoring.imports.source import SourceError, open_table, sha256_of
from econwatch.monitoring.models import ImportBatch

#: Problems kept in ``ImportBatch.problems``; the error report file has them all.
STORED_PROBLEMS = 10_000
# First key of the PostgreSQL advisory lock taken while an import writes ("ewim").
_LOCK_CLASS = 0x6577696D


@dataclass
class ImportResult:
    """The outcome of :func:`import_file`.

    Attributes:
        batch: The ImportBatch row (status, counts, summary, problems).
        problems: Every problem found, errors and warnings, in row order.
    """

    batch: ImportBatch
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the file was imported (it had no errors)."""
        return bool(self.batch.status == ImportBatch.Status.OK)

    @property
    def errors(self) -> list[Problem]:
        """The problems that blocked the import."""
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The 核实性 problems (reported, not blocking)."""
        return [p for p in self.problems if not p.is_error]

    @property
    def summary(self) -> dict[str, Any]:
        """What was written: inserted/updated/unchanged counts, periods or days."""
        return dict(self.batch.summary)


def import_file(
    kind: str,
    path: str | Path,
    *,
    user: Any = None,
    vintage: str | None = None,
    actor: str | None = None,
    replace_period: bool = False,
    check_only: bool = False,
    stored_file: str = "",
    progress: Progress | None = None,
    today: date | None = None,
) -> ImportResult:
    """Validate a file completely and, if it has no errors, write it.

    Args:
        kind: ``monthly``, ``invoices``, ``electricity`` or ``official``.
        path: A CSV (UTF-8 with or without BOM, or GB18030) or .xlsx file.
        user: The Django user importing, if any.
        vintage: 报送批次 for monthly rows without one (default: today's date);
            ignored for the other kinds.
        actor: Who imported, as text (default: the user's name, else
            ``cli:<login>``).
        replace_period: Monthly only: enterprises missing from the file lose
            their current report for the periods in the file.
        check_only: Check the whole file the same way but write nothing (the
            batch ends ``checked`` or ``rejected``); the write lock is not taken.
        stored_file: Where a copy of the file is kept for audit (the web page's
            uploads), recorded on the batch before the file is read.
        progress: Receives progress (e.g. :class:`RichProgress`); silent if None.
        today: The current day (tests); days and periods after it are refused.

    Returns:
        The result, with the batch and every problem.

    Raises:
        ValueError: ``kind`` is not a known kind, or ``vintage`` is too long.

    Example:
        >>> result = import_file("monthly", "2024-03.xlsx")  # doctest: +SKIP
        >>> result.ok, result.summary["inserted"]  # doctest: +SKIP
        (True, 2417)
    """
    spec = get_kind(kind)
    path = Path(path)
    if vintage and len(vintage) > 16:
        raise ValueError(f"报送批次最长16个字符：{vintage!r}")
    day = today or timezone.localdate()
    if actor is None:
        actor = user.get_username() if user is not None else f"cli:{_login()}"
    batch = ImportBatch.objects.create(
        kind=kind,
        file_name=path.name[:255],
        sha256=sha256_of(path) if path.is_file() else "",
        user=user,
        actor=actor[:150],
        vintage=(vintage or day.isoformat()) if kind == "monthly" else "",
        started_at=timezone.now(),
        check_only=check_only,
        stored_file=stored_file[:500],
    )
    ctx = ImportContext(
        kind,
        day,
        batch.vintage,
        replace_period=replace_period,
        progress=progress or NO_PROGRESS,
    )
    summary: dict[str, Any] = {}
    try:
        data = _validate(spec, path, ctx)
        if data is not None and not ctx.problems.errors and not check_only:
            ctx.phase("写入数据库", spec.size(data))
            with transaction.atomic():
                _lock(kind)
                summary = spec.store(data, ctx, batch.pk)
    except Exception as exc:
        _finish(batch, ctx, ImportBatch.Status.FAILED, {"exception": repr(exc)})
        raise
    finally:
        ctx.progress.stop()
    if ctx.problems.errors:
        status = ImportBatch.Status.REJECTED
    elif check_only:
        status = ImportBatch.Status.CHECKED
    else:
        status = ImportBatch.Status.OK
    problems = _finish(batch, ctx, status, summary)
    failures = hooks.after_import(batch)
    if failures:
        batch.summary = {**batch.summary, "hook_failures": failures}
        batch.save(update_fields=["summary"])
    return ImportResult(batch, problems)


def _validate(spec: Kind, path: Path, ctx: ImportContext) -> Any:
    """Read the header and every row; None when the file cannot be used at all."""
    try:
        with open_table(path) as table:
            ctx.note(encoding=table.encoding)
            ctx.phase("读取并检查", table.total_rows)
            found = _header(spec, table.rows, ctx)
            if found is None:
                return None
            cols, data = found
            result = spec.validate(data, cols, ctx)
    except SourceError as error:
        ctx.problems.add(problem(error.code, None, "", path.name, error.message))
        return None
    except UnicodeDecodeError:
        ctx.problems.add(
            problem(
                "bad-encoding",
                None,
                "",
                path.name,
                "文件中途出现无法解码的字符，请另存为“CSV UTF-8”或.xlsx后再导入",
            )
        )
        return None
    if ctx.rows == 0:
        ctx.problems.add(
            problem(
                "empty-file",
                None,
                "",
                path.name,
                "文件只有表头，没有数据行；请确认选对了文件和工作表（只读取第一个工作表）",
            )
        )
    ctx.note(records=spec.size(result))
    return result


def _header(
    spec: Kind, rows: Rows, ctx: ImportContext
) -> tuple[dict[str, int], Rows] | None:
    """Find the header in the first rows (title lines above it are skipped)."""
    seen: list[tuple[int, list[object]]] = []
    header = None
    for number, cells in rows:
        seen.append((number, cells))
        if spec.layout.looks_like_header(cells):
            header = (number, cells)
            break
        if len(seen) >= HEADER_SEARCH_ROWS:
            break
    if not seen:
        ctx.problems.add(
            problem("empty-file", None, "", "", "文件是空的：没有表头也没有数据")
        )
        return None
    data: Rows = rows
    if header is None:
        header = seen[0]
        data = itertools.chain(seen[1:], rows)
    cols, found = spec.layout.match(header[1], header[0])
    ctx.problems.extend(found)
    if any(p.is_error for p in found):
        return None
    return cols, data


def _finish(
    batch: ImportBatch, ctx: ImportContext, status: Any, summary: dict[str, Any]
) -> list[Problem]:
    problems = ctx.problems.all()
    earlier = (
        list(
            ImportBatch.objects.filter(
                sha256=batch.sha256, kind=batch.kind, status=ImportBatch.Status.OK
            )
            .exclude(pk=batch.pk)
            .values_list("pk", flat=True)[:10]
        )
        if batch.sha256
        else []
    )
    batch.status = status
    batch.finished_at = timezone.now()
    batch.rows = ctx.rows
    batch.error_count = ctx.problems.errors
    batch.warning_count = ctx.problems.warnings
    batch.problems = [p.as_dict() for p in problems[:STORED_PROBLEMS]]
    batch.summary = {
        **ctx.notes,
        **summary,
        "problem_counts": ctx.problems.counts(),
        **({"same_file_as": earlier} if earlier else {}),
        **(
            {"problems_stored": STORED_PROBLEMS}
            if len(problems) > STORED_PROBLEMS
            else {}
        ),
    }
    batch.save()
    return problems


def _lock(kind: str) -> None:
    """Serialise imports of one kind (PostgreSQL; SQLite transactions already are).

    Two monthly imports of the same period must not both see the same current
    report and both add a new one.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                [_LOCK_CLASS, sorted(KINDS).index(kind)],
            )


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
