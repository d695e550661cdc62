"""Imports from the web page: keep the uploaded file first, then import it.

The file is written under ``ECONWATCH_VAR/uploads/<day>/<time>-<token>/`` before a
single row is read, and the batch records where (``ImportBatch.stored_file``), so an
upload is never lost, whatever happens to the request:

* the browser or a proxy stops waiting (a year of daily rows takes 15–30 s): the
  server finishes the import anyway, and the batch page shows the outcome;
* the server is stopped in the middle: the write transaction is rolled back (nothing
  is half-imported), the batch stays ``running`` and is shown as 已中断 after
  :data:`STALE_AFTER`; :func:`import_kept` imports the kept file again.

Next to the file are ``upload.json`` (who uploaded what, with which options) and,
when the file had problems, the complete problem report ``<file>.errors.csv`` (the
same report the command line writes). The import itself is
:func:`~econwatch.monitoring.imports.import_file`, unchanged: the page checks and
writes exactly what ``econwatch import`` would.

Example:
    >>> options = Options("invoices", check_only=True)  # doctest: +SKIP
    >>> upload = request.FILES["file"]  # doctest: +SKIP
    >>> result = import_upload(upload, options, request.user)  # doctest: +SKIP
    >>> result.batch.status, result.batch.stored_file  # doctest: +SKIP
    ('checked', 'uploads/2024-04-02/093015-1f2e3d4c/开票-2024-03.csv')
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from django.apps import apps
from django.conf import settings
from django.utils import timezone

from econwatch.monitoring.imports import (
    ImportResult,
    default_report_path,
    import_file,
    write_report,
)
from econwatch.monitoring.imports.report import read_report
from econwatch.monitoring.models import ImportBatch

log = logging.getLogger(__name__)

#: File types the page accepts (the import reads ``.xlsm`` as Excel, the rest as CSV).
SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
#: A batch still ``running`` after this long was interrupted (a server restart):
#: a million daily rows take well under a minute.
STALE_AFTER = timedelta(minutes=30)
META = "upload.json"
_NAME_LENGTH = 120
_UNSAFE = set('<>:"/\\|?*')


class UploadError(ValueError):
    """A kept file that cannot be imported again; ``message`` says why, in Chinese."""

    def __init__(self, code: str, message: str) -> None:
        """Keep the stable code and the message."""
        super().__init__(message)
        self.code = code
        self.message = message


class UploadedFile(Protocol):
    """What :func:`import_upload` needs of Django's ``UploadedFile``."""

    name: str | None

    def chunks(self) -> Iterable[bytes]:
        """The file's content, in pieces."""
        ...


@dataclass(frozen=True)
class Options:
    """What the uploader chose: the kind and the ``import_file`` options.

    Attributes:
        kind: ``monthly``, ``invoices``, ``electricity`` or ``official``.
        check_only: Check the whole file, write nothing (只检查不导入).
        vintage: Monthly: 报送批次 for rows without one ('' = the import date).
        replace_period: Monthly: the file is the complete month.
    """

    kind: str
    check_only: bool = False
    vintage: str = ""
    replace_period: bool = False


def upload_root() -> Path:
    """``ECONWATCH_VAR/uploads``, where uploaded files are kept."""
    return Path(settings.VAR_DIR).resolve() / "uploads"


def max_upload_bytes() -> int:
    """The largest file the page accepts (setting ``ECONWATCH_IMPORT_MAX_MB``)."""
    return int(getattr(settings, "ECONWATCH_IMPORT_MAX_MB", 50)) * 1024 * 1024


def safe_name(name: str) -> str:
    r"""The browser's file name, safe to write: no folders, no control characters.

    The name is kept as the user sees it (Chinese, spaces, full-width brackets):
    it is the batch's 文件名. Each upload has its own folder, so names never clash.

    Example:
        >>> safe_name("C:\\报表\\3月 开票（更正）.csv")
        '3月 开票（更正）.csv'
        >>> safe_name("../a:b?.csv")
        'a_b_.csv'
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    clean = "".join("_" if c in _UNSAFE or ord(c) < 32 else c for c in base)
    clean = clean.strip(" .") or "upload"
    stem, dot, suffix = clean.rpartition(".")
    if not dot or len(suffix) > 8:
        return clean[:_NAME_LENGTH]
    return f"{stem[: _NAME_LENGTH - len(suffix) - 1]}.{suffix}"


def keep(chunks: Iterable[bytes], name: str, options: Options, user: Any) -> Path:
    """Write an upload into a new folder under :func:`upload_root`.

    Args:
        chunks: The file's content.
        name: The file name the browser sent.
        options: The uploader's choices (written to ``upload.json``).
        user: Who uploads.

    Returns:
        The kept file.
    """
    now = timezone.localtime()
    folder = upload_root() / f"{now:%Y-%m-%d}" / f"{now:%H%M%S}-{secrets.token_hex(4)}"
    folder.mkdir(parents=True)
    path = folder / safe_name(name)
    size = 0
    with path.open("xb") as out:
        for chunk in chunks:
            out.write(chunk)
            size += len(chunk)
    meta = {
        "original_name": name,
        "size": size,
        "uploaded_by": getattr(user, "username", ""),
        "uploaded_at": now.isoformat(),
        **asdict(options),
    }
    (folder / META).write_text(
        json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return path


def import_upload(upload: UploadedFile, options: Options, user: Any) -> ImportResult:
    """Keep an uploaded file, then check it and (unless ``check_only``) import it.

    Args:
        upload: The uploaded file (``request.FILES[...]``).
        options: Kind and import options.
        user: The uploader, recorded on the batch.

    Returns:
        The import result; its batch records the kept file. When the import
        itself fails (a bug), the batch is ``failed`` and the error is logged.
    """
    path = keep(upload.chunks(), upload.name or "upload", options, user)
    return _run(path, options, user)


def import_kept(batch: ImportBatch, user: Any) -> ImportResult:
    """Import a batch's kept file again, as a new batch.

    For a file that passed 只检查不导入 (``checked``: now it is imported), and for
    an import that failed or was interrupted (the same options as before). A
    rejected file must be corrected and uploaded again.

    Raises:
        UploadError: The batch is of another state, or its file is gone.
    """
    stale = is_stale(batch)
    if batch.status != ImportBatch.Status.CHECKED and not (
        stale or batch.status == ImportBatch.Status.FAILED
    ):
        raise UploadError(
            "not-repeatable",
            f"批次#{batch.pk}（{batch.get_status_display()}）不能重新导入；"
            "只有“检查通过”“程序出错”或“已中断”的批次可以用保存的文件再导入",
        )
    if batch.summary.get("repeated_by"):
        raise UploadError(
            "already-repeated",
            f"批次#{batch.pk}的文件已由批次#{batch.summary['repeated_by']}导入过",
        )
    path = kept_file(batch)
    if path is None:
        raise UploadError(
            "file-missing",
            f"批次#{batch.pk}没有保存的文件（命令行导入，或文件已被清理）；"
            "请重新上传文件",
        )
    options = Options(
        batch.kind,
        check_only=False,
        vintage=batch.vintage if batch.kind == "monthly" else "",
        replace_period=bool(_meta(path).get("replace_period", False)),
    )
    if stale:
        batch.status = ImportBatch.Status.FAILED
        batch.finished_at = timezone.now()
        batch.summary = {**batch.summary, "interrupted": True}
        batch.save(update_fields=["status", "finished_at", "summary"])
    result = _run(path, options, user)
    result.batch.summary = {**result.batch.summary, "repeat_of": batch.pk}
    result.batch.save(update_fields=["summary"])
    batch.summary = {**batch.summary, "repeated_by": result.batch.pk}
    batch.save(update_fields=["summary"])
    return result


def is_stale(batch: ImportBatch, now: datetime | None = None) -> bool:
    """Whether a ``running`` batch has run too long to be still running."""
    now = now or timezone.now()
    return bool(
        batch.status == ImportBatch.Status.RUNNING
        and batch.started_at < now - STALE_AFTER
    )


def kept_file(batch: ImportBatch) -> Path | None:
    """The batch's kept upload, if it has one and it is still there."""
    if not batch.stored_file:
        return None
    root = upload_root()
    path: Path = (root.parent / str(batch.stored_file)).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


def report_rows(batch: ImportBatch) -> tuple[list[dict[str, str]], bool]:
    """The batch's problems as report rows (keys: 行号, 字段, 值, 代码, 级别, 说明).

    Returns:
        ``(rows, complete)``: the kept full report when there is one; else the
        problems stored on the batch, ``complete`` False when some were left out.
    """
    path = kept_file(batch)
    if path is not None and default_report_path(path).is_file():
        return read_report(default_report_path(path)), True
    level = {"error": "错误", "warning": "核实"}
    rows = [
        {
            "行号": "" if p.get("row") is None else str(p["row"]),
            "字段": str(p.get("field", "")),
            "值": str(p.get("value", "")),
            "代码": str(p.get("code", "")),
            "级别": level.get(str(p.get("severity", "")), ""),
            "说明": str(p.get("message", "")),
        }
        for p in batch.problems
    ]
    return rows, "problems_stored" not in batch.summary


def hook_effects(
    batch: ImportBatch, since: datetime, until: datetime
) -> dict[str, Any]:
    """What the after-import hooks did: the monthly roll-up and the alerts.

    Alerts are those the evaluation raised or ended between the end of the import
    (``since``) and the end of its hooks (``until``); an ``econwatch alerts run``
    finishing in the same seconds would be counted too.
    """
    if batch.status != ImportBatch.Status.OK:
        return {}
    summary = batch.summary
    effects: dict[str, Any] = {}
    changed = any(
        summary.get(k) for k in ("inserted", "updated", "revised", "withdrawn")
    )
    if (
        batch.kind in ("invoices", "electricity")
        and changed
        and summary.get("first_day")
    ):
        effects["rollup"] = [summary["first_day"][:7], summary["last_day"][:7]]
    if batch.kind != "official" and apps.is_installed("econwatch.alerts"):
        effects["alerts"] = _alert_effects(since, until)
    return effects


def _alert_effects(since: datetime, until: datetime) -> dict[str, Any]:
    from econwatch.alerts.evaluation import SYSTEM
    from econwatch.alerts.models import AlertEvent

    events = AlertEvent.objects.filter(
        at__gte=since,
        at__lte=until,
        actor=SYSTEM,
        action__in=[
            AlertEvent.Action.RAISED,
            AlertEvent.Action.CLOSED,
            AlertEvent.Action.CLEARED,
        ],
    ).select_related("alert", "alert__unit")
    raised, ended = [], 0
    for event in events.order_by("id"):
        if event.action != AlertEvent.Action.RAISED:
            ended += 1
            continue
        alert = event.alert
        raised.append(
            {
                "unit_id": alert.unit_id,
                "unit": alert.unit.name,
                "level": alert.level,
                "level_label": alert.get_level_display(),
                "summary": alert.summary,
            }
        )
    return {"raised": len(raised), "ended": ended, "list": raised[:20]}


def _run(path: Path, options: Options, user: Any) -> ImportResult:
    stored = path.relative_to(upload_root().parent).as_posix()
    try:
        result = import_file(
            options.kind,
            path,
            user=user,
            vintage=options.vintage or None,
            replace_period=options.replace_period,
            check_only=options.check_only,
            stored_file=stored,
        )
    except Exception:
        # The runner has marked the batch failed (with the exception); the page
        # shows it, with the kept file to import again once the bug is fixed.
        log.exception("import of uploaded %s failed", stored)
        batch = ImportBatch.objects.filter(stored_file=stored).order_by("-pk").first()
        if batch is None:
            raise
        return ImportResult(batch, [])
    if result.problems:
        write_report(result.problems, default_report_path(path))
    batch = result.batch
    effects = hook_effects(batch, batch.finished_at or batch.started_at, timezone.now())
    if effects:
        batch.summary = {**batch.summary, "effects": effects}
        batch.save(update_fields=["summary"])
    return result


def _meta(path: Path) -> dict[str, Any]:
    try:
        found = json.loads((path.parent / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}
