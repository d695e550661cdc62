"""The 数据导入 pages as plain data: the list of batches and one batch.

The HTML page and its JSON twin (``?format=json``) render the same dict. Who may
import is declared in :data:`IMPORT_ROLES`; the same roles see the batches (of
every user and of the command line: an import changes the district's figures, so
every importer should see what came in and from whom).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone

from econwatch.accounts.roles import BY_CODE, role_of
from econwatch.monitoring.imports import CODES, KINDS
from econwatch.monitoring.models import ImportBatch
from econwatch.monitoring.pages.access import PageError
from econwatch.monitoring.upload import is_stale, kept_file, max_upload_bytes

#: Roles that may upload files and see the batches: the statistics bureau (monthly
#: reports, published figures), the industry bureau (invoices, electricity from the
#: tax bureau and the grid) and the administrators. Town officers, leaders and
#: census staff only read the figures.
IMPORT_ROLES = frozenset({"admin", "analyst", "industry_officer"})
BATCHES_PER_PAGE = 50
PROBLEMS_PER_PAGE = 100

_CHANGES = (
    ("inserted", "新增"),
    ("revised", "更正（旧版本保留）"),
    ("updated", "更新（旧值保留）"),
    ("unchanged", "未变"),
    ("withdrawn", "撤下"),
)
_LEVELS = {"error": "错误", "warning": "核实"}


def may_import(user: object) -> bool:
    """Whether the user's role may upload import files."""
    role = role_of(user)
    return role is not None and role.code in IMPORT_ROLES


def require_importer(user: object) -> None:
    """Refuse (403) a user whose role may not import.

    Raises:
        PageError: the user may not import.
    """
    if not may_import(user):
        names = "、".join(BY_CODE[code].group for code in sorted(IMPORT_ROLES))
        raise PageError(
            "forbidden",
            403,
            f"数据导入仅限{names}使用；如需导入数据，请联系系统管理员分配角色",
        )


def kinds() -> list[dict[str, Any]]:
    """Every import kind with its template downloads."""
    return [
        {
            "key": key,
            "title": kind.title,
            "templates": {
                fmt: reverse("monitoring:import-template", args=[key]) + f"?as={fmt}"
                for fmt in ("xlsx", "csv")
            },
        }
        for key, kind in KINDS.items()
    ]


def state(batch: ImportBatch, now: datetime | None = None) -> tuple[str, str]:
    """The batch's state for people: ``(code, label)``.

    ``interrupted`` is a ``running`` batch that ran past
    :data:`~econwatch.monitoring.upload.STALE_AFTER`; a rejected 只检查 batch reads
    检查未通过.
    """
    status = ImportBatch.Status
    if batch.status == status.RUNNING:
        if is_stale(batch, now):
            return "interrupted", "已中断（未导入）"
        return "running", "检查中" if batch.check_only else "导入中"
    if batch.status == status.REJECTED:
        if batch.check_only:
            return "rejected", "检查未通过（未导入）"
        return "rejected", "已拒绝（未导入）"
    if batch.status == status.FAILED and batch.summary.get("interrupted"):
        return "interrupted", "已中断（未导入）"
    return str(batch.status), str(batch.get_status_display())


def who(batch: ImportBatch) -> str:
    """Who imported: the user's full name, else the recorded actor."""
    user = batch.user
    if user is not None:
        return str(user.get_full_name() or user.get_username())
    return batch.actor or "—"


def changes_line(batch: ImportBatch) -> str:
    """What the batch replaced, e.g. 更正3条（旧版本保留）; '' when nothing."""
    summary = batch.summary
    parts = []
    if summary.get("revised"):
        parts.append(f"更正{summary['revised']}条（旧版本保留）")
    if summary.get("updated"):
        parts.append(f"更新{summary['updated']}条（旧值保留）")
    if summary.get("withdrawn"):
        parts.append(f"撤下{summary['withdrawn']}条")
    return "，".join(parts)


def batch_row(batch: ImportBatch, now: datetime | None = None) -> dict[str, Any]:
    """One batch as a row of the list (and the head of its own page)."""
    code, label = state(batch, now)
    started = timezone.localtime(batch.started_at)
    finished = timezone.localtime(batch.finished_at) if batch.finished_at else None
    seconds = (
        round((batch.finished_at - batch.started_at).total_seconds(), 1)
        if batch.finished_at
        else None
    )
    return {
        "id": batch.pk,
        "url": reverse("monitoring:import-batch", args=[batch.pk]),
        "kind": batch.kind,
        "kind_label": batch.get_kind_display(),
        "file_name": batch.file_name,
        "who": who(batch),
        "user": batch.user.get_username() if batch.user else None,
        "actor": batch.actor,
        "from_web": bool(batch.stored_file),
        "started_at": started.isoformat(),
        "started": f"{started:%Y-%m-%d %H:%M}",
        "finished_at": finished.isoformat() if finished else None,
        "seconds": seconds,
        "rows": batch.rows,
        "status": batch.status,
        "state": code,
        "state_label": label,
        "check_only": batch.check_only,
        "errors": batch.error_count,
        "warnings": batch.warning_count,
        "vintage": batch.vintage,
        "changes": changes_line(batch),
    }


def list_page(params: Mapping[str, str]) -> dict[str, Any]:
    """The 数据导入 page: kinds and templates, the upload limit, past batches.

    Args:
        params: The query: ``kind``, ``status`` (``ok``, ``checked``,
            ``rejected``, ``failed``, ``running``) and ``page``.
    """
    batches = ImportBatch.objects.select_related("user").order_by("-started_at", "-pk")
    kind = params.get("kind", "")
    status = params.get("status", "")
    if kind in KINDS:
        batches = batches.filter(kind=kind)
    if status in ImportBatch.Status.values:
        batches = batches.filter(status=status)
    page = Paginator(batches, BATCHES_PER_PAGE).get_page(params.get("page"))
    now = timezone.now()
    return {
        "page": "imports",
        "title": "数据导入",
        "kinds": kinds(),
        "max_mb": max_upload_bytes() // (1024 * 1024),
        "filters": {
            "kind": kind if kind in KINDS else "",
            "status": status if status in ImportBatch.Status.values else "",
            "statuses": [
                {"code": code, "label": label}
                for code, label in ImportBatch.Status.choices
            ],
        },
        "batches": [batch_row(b, now) for b in page.object_list],
        "pagination": _pagination(page),
    }


def batch_page(batch: ImportBatch, params: Mapping[str, str]) -> dict[str, Any]:
    """One batch: its state, what it wrote, the hooks' effects, its problems.

    Args:
        batch: The batch.
        params: ``level`` (``error``/``warning``), ``code`` and ``page`` narrow
            the problem list; the counts always cover the whole file.
    """
    now = timezone.now()
    head = batch_row(batch, now)
    summary = batch.summary
    problems = list(batch.problems)
    level = params.get("level", "")
    code = params.get("code", "")
    if level in _LEVELS:
        problems = [p for p in problems if p.get("severity") == level]
    if code:
        problems = [p for p in problems if p.get("code") == code]
    page = Paginator(problems, PROBLEMS_PER_PAGE).get_page(params.get("page"))
    counts = summary.get("problem_counts", {})
    stored = len(batch.problems)
    total = batch.error_count + batch.warning_count
    kept = kept_file(batch)
    repeatable = (
        kept is not None
        and head["state"] in ("checked", "failed", "interrupted")
        and not summary.get("repeated_by")
    )
    return {
        "page": "import-batch",
        "title": f"导入批次#{batch.pk}",
        "batch": head,
        "message": _message(batch, head["state"]),
        "refresh": head["state"] == "running",
        "facts": _facts(batch),
        "changes": [
            {"key": key, "label": label, "count": summary[key]}
            for key, label in _CHANGES
            if key in summary
        ],
        "periods": summary.get("periods", []),
        "days": (
            [summary["first_day"], summary["last_day"]]
            if summary.get("first_day")
            else []
        ),
        "enterprises": summary.get("enterprises"),
        "effects": _effects(batch),
        "problem_counts": [
            {
                "code": c,
                "title": CODES.get(c, ("", c))[1],
                "level": _LEVELS.get(CODES.get(c, ("error", ""))[0], ""),
                "severity": CODES.get(c, ("error", ""))[0],
                "count": n,
            }
            for c, n in sorted(
                counts.items(),
                key=lambda kv: (CODES.get(kv[0], ("error",))[0] != "error", kv[0]),
            )
        ],
        "problems_total": total,
        "problems_shown": stored,
        "problems_note": (
            f"共{total}条问题，页面列出前{stored}条；完整清单请下载问题清单（Excel或CSV）"
            if stored < total
            else ""
        ),
        "filters": {"level": level if level in _LEVELS else "", "code": code},
        "problems": [_problem(p) for p in page.object_list],
        "pagination": _pagination(page),
        "links": {
            "list": reverse("monitoring:imports"),
            "report_xlsx": _report_link(batch, "xlsx") if batch.problems else None,
            "report_csv": _report_link(batch, "csv") if batch.problems else None,
            "file": (
                reverse("monitoring:import-file", args=[batch.pk]) if kept else None
            ),
            "repeat": (
                reverse("monitoring:import-repeat", args=[batch.pk])
                if repeatable
                else None
            ),
        },
        "repeat_of": summary.get("repeat_of"),
        "repeated_by": summary.get("repeated_by"),
    }


def _report_link(batch: ImportBatch, fmt: str) -> str:
    return str(reverse("monitoring:import-report", args=[batch.pk])) + f"?as={fmt}"


def _problem(item: Mapping[str, Any]) -> dict[str, Any]:
    severity = str(item.get("severity", "error"))
    return {
        "row": item.get("row"),
        "field": item.get("field", ""),
        "value": item.get("value", ""),
        "code": item.get("code", ""),
        "severity": severity,
        "level": _LEVELS.get(severity, ""),
        "message": item.get("message", ""),
    }


def _message(batch: ImportBatch, code: str) -> str:
    """One sentence on the outcome, in Chinese, with what to do next."""
    errors, warnings = batch.error_count, batch.warning_count
    note = f"（另有{warnings}条核实提示，请核对）" if warnings else ""
    if code == "ok":
        return f"导入完成：{batch.rows}行数据已写入{note}。"
    if code == "checked":
        return (
            f"检查通过：{batch.rows}行数据没有错误{note}，尚未导入；"
            "确认无误后可点“导入此文件”。"
        )
    if code == "rejected":
        done = "只检查，未导入" if batch.check_only else "没有导入任何数据"
        return (
            f"文件有{errors}个错误，{done}。请按下面的问题清单改正文件后重新上传"
            f"{note}。"
        )
    if code == "running":
        return "正在检查和导入，本页每5秒刷新；可以离开本页，稍后在导入记录中查看结果。"
    if code == "interrupted":
        return (
            "导入在完成前中断（如服务重启），没有写入任何数据。"
            "上传的文件已保存，可用保存的文件重新导入。"
        )
    return (
        "导入时程序出错，没有写入任何数据；上传的文件已保存。"
        "请将批次号告知系统管理员，修复后可用保存的文件重新导入。"
    )


def _facts(batch: ImportBatch) -> list[dict[str, str]]:
    summary = batch.summary
    facts = [
        ("数据类型", batch.get_kind_display()),
        ("文件名", batch.file_name),
        ("操作人", who(batch)),
        ("来源", "网页上传" if batch.stored_file else "命令行"),
        ("开始时间", f"{timezone.localtime(batch.started_at):%Y-%m-%d %H:%M:%S}"),
        ("数据行数", str(batch.rows)),
        ("文件编码", str(summary.get("encoding", ""))),
        ("报送批次", batch.vintage),
        ("只检查不导入", "是" if batch.check_only else ""),
        ("文件摘要（SHA-256）", batch.sha256),
    ]
    if batch.finished_at:
        seconds = (batch.finished_at - batch.started_at).total_seconds()
        facts.insert(5, ("用时", f"{seconds:.1f}秒"))
    same = summary.get("same_file_as")
    if same:
        facts.append(
            ("同一文件", "此前已导入：" + "、".join(f"批次#{n}" for n in same))
        )
    return [{"label": label, "value": value} for label, value in facts if value]


def _effects(batch: ImportBatch) -> list[dict[str, Any]]:
    """The after-import hooks' effects as lines (with the alerts raised)."""
    summary = batch.summary
    effects = summary.get("effects", {})
    lines: list[dict[str, Any]] = []
    if effects.get("rollup"):
        first, last = effects["rollup"]
        months = first if first == last else f"{first}至{last}"
        lines.append(
            {"key": "rollup", "text": f"已重新汇总{months}的月度开票、用电合计"}
        )
    alerts = effects.get("alerts")
    if alerts is not None:
        text = f"预警重新评估：新发{alerts['raised']}条，解除{alerts['ended']}条"
        items = [
            {
                **item,
                "url": reverse("monitoring:enterprise", args=[item["unit_id"]]),
            }
            for item in alerts.get("list", [])
        ]
        if alerts["raised"] > len(items):
            text += f"（列出前{len(items)}条）"
        lines.append({"key": "alerts", "text": text, "alerts": items})
    for failure in summary.get("hook_failures", []):
        lines.append(
            {
                "key": "hook-failure",
                "text": f"导入后处理出错（数据已导入，不受影响）：{failure}",
            }
        )
    return lines


def _pagination(page: Any) -> dict[str, Any]:
    return {
        "page": page.number,
        "pages": page.paginator.num_pages,
        "count": page.paginator.count,
        "previous": page.previous_page_number() if page.has_previous() else None,
        "next": page.next_page_number() if page.has_next() else None,
    }
