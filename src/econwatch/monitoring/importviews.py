"""The 数据导入 pages: upload a file, see the batches, read one batch's problems.

Thin, like the other monitoring views: the data of each page comes from
:mod:`econwatch.monitoring.pages.imports`, the upload goes through
:func:`econwatch.monitoring.upload.import_upload` (which keeps the file, then calls
the same import as ``econwatch import``). Every page answers ``?format=json`` too.

The upload is synchronous (a million daily rows take 15–30 s) and answered with a
redirect to the batch's page; because the file is kept and the batch recorded
before the file is read, a browser that stops waiting loses nothing: the batch
appears in the list and its page shows the outcome.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from econwatch.core.codes.problems import CodeProblem
from econwatch.monitoring.forms import UploadForm
from econwatch.monitoring.imports import KINDS, write_template
from econwatch.monitoring.models import ImportBatch
from econwatch.monitoring.pages import imports as pages
from econwatch.monitoring.pages.access import PageError
from econwatch.monitoring.pages.problemreport import (
    file_stem,
    report_csv,
    report_workbook,
)
from econwatch.monitoring.upload import (
    UploadError,
    import_kept,
    import_upload,
    kept_file,
    max_upload_bytes,
)
from econwatch.monitoring.views import (
    asked_format,
    json_response,
    login_required,
    refuse,
)
from econwatch.register.errors import error_json

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
NAV = "monitoring:imports"


class _SizeLimit(FileUploadHandler):
    """Stops receiving a file past the limit, so a huge upload is not stored."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _page(
    request: HttpRequest,
    template: str,
    data: dict[str, Any],
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    """The page, or its JSON twin; ``nav_active`` lights 数据导入 in the top bar."""
    fmt = asked_format(request)
    if fmt == "json":
        return json_response(data, status)
    if fmt != "html":
        return refuse(
            request,
            PageError("bad-format", 400, f"格式 {fmt!r} 不支持；可选：html、json"),
        )
    context = {"data": data, "nav_active": NAV, **extra}
    return render(request, template, context, status=status)


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    pages.require_importer(request.user)
    batch: ImportBatch | None = (
        ImportBatch.objects.select_related("user").filter(pk=pk).first()
    )
    if batch is None:
        raise PageError(
            "not-found", 404, f"导入批次#{pk}不存在；请从“数据导入”的导入记录进入"
        )
    return batch


@csrf_exempt  # the size limit must be installed before the body is read: see below
@login_required
def imports(request: HttpRequest) -> HttpResponse:
    """The list of batches with the upload form (GET); an upload (POST)."""
    try:
        pages.require_importer(request.user)
    except PageError as exc:
        return refuse(request, exc)
    if request.method == "POST":
        limit = _SizeLimit(request, max_upload_bytes())
        request.upload_handlers.insert(0, limit)
        return _upload(request, limit)
    data = pages.list_page(request.GET)
    initial = {"kind": data["filters"]["kind"]} if data["filters"]["kind"] else None
    form = UploadForm(initial=initial, max_bytes=max_upload_bytes())
    return _page(request, "monitoring/imports.html", data, form=form)


@csrf_protect
def _upload(request: HttpRequest, limit: _SizeLimit) -> HttpResponse:
    form = UploadForm(
        request.POST,
        request.FILES,
        max_bytes=limit.limit,
        too_large=limit.exceeded,
    )
    if not form.is_valid():
        if asked_format(request) == "json":
            problems = [
                CodeProblem("invalid", name, "", str(message))
                for name, messages in form.errors.items()
                for message in messages
            ]
            body = error_json(
                "invalid-upload", "上传的内容有问题，没有导入；请按提示修改", problems
            )
            return json_response(body, 413 if limit.exceeded else 400)
        data = pages.list_page(request.GET)
        status = 413 if limit.exceeded else 400
        return _page(request, "monitoring/imports.html", data, form=form, status=status)
    result = import_upload(form.cleaned_data["file"], form.options(), request.user)
    return _done(request, result.batch)


def _done(request: HttpRequest, batch: ImportBatch) -> HttpResponse:
    url = reverse("monitoring:import-batch", args=[batch.pk])
    if asked_format(request) == "json":
        answer = json_response(pages.batch_page(batch, {}), 201)
        answer["Location"] = url
        return answer
    return redirect(url)


@require_GET
@login_required
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    """One batch: outcome, summary, hooks' effects, problems (paginated)."""
    try:
        found = _batch(request, pk)
    except PageError as exc:
        return refuse(request, exc)
    return _page(
        request, "monitoring/import_batch.html", pages.batch_page(found, request.GET)
    )


@require_GET
@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The batch's problem report: ``?as=xlsx`` (default) or ``?as=csv``."""
    try:
        found = _batch(request, pk)
    except PageError as exc:
        return refuse(request, exc)
    fmt = request.GET.get("as", "xlsx")
    if fmt == "csv":
        return _download(report_csv(found), f"{file_stem(found)}.csv", CSV)
    if fmt != "xlsx":
        return refuse(request, _bad_as(fmt))
    return _download(report_workbook(found), f"{file_stem(found)}.xlsx", XLSX)


@require_GET
@login_required
def original(request: HttpRequest, pk: int) -> HttpResponse:
    """The uploaded file as it was kept."""
    try:
        found = _batch(request, pk)
    except PageError as exc:
        return refuse(request, exc)
    path = kept_file(found)
    if path is None:
        return refuse(
            request,
            PageError(
                "file-missing",
                404,
                f"批次#{pk}没有保存的文件（命令行导入的文件不在服务器上保存）",
            ),
        )
    return FileResponse(path.open("rb"), as_attachment=True, filename=found.file_name)


@require_POST
@login_required
def repeat(request: HttpRequest, pk: int) -> HttpResponse:
    """Import a batch's kept file again: after a passed check, a failure or a stop."""
    try:
        found = _batch(request, pk)
        result = import_kept(found, request.user)
    except PageError as exc:
        return refuse(request, exc)
    except UploadError as exc:
        return refuse(request, PageError(exc.code, 409, exc.message))
    return _done(request, result.batch)


@require_GET
@login_required
def template(request: HttpRequest, kind: str) -> HttpResponse:
    """An empty template of one kind (``?as=xlsx`` by default, or ``csv``)."""
    try:
        pages.require_importer(request.user)
    except PageError as exc:
        return refuse(request, exc)
    if kind not in KINDS:
        known = "、".join(KINDS)
        return refuse(
            request,
            PageError("not-found", 404, f"没有“{kind}”这种导入类型；可用：{known}"),
        )
    fmt = request.GET.get("as", "xlsx")
    if fmt not in ("xlsx", "csv"):
        return refuse(request, _bad_as(fmt))
    name = f"econwatch-{kind}-template.{fmt}"
    with tempfile.TemporaryDirectory() as folder:
        content = write_template(kind, Path(folder) / name).read_bytes()
    title = f"{KINDS[kind].title}导入模板.{fmt}"
    return _download(content, title, XLSX if fmt == "xlsx" else CSV)


def _bad_as(fmt: str) -> PageError:
    return PageError("bad-format", 400, f"格式 {fmt!r} 不支持；可选：xlsx、csv")


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    answer = HttpResponse(content, content_type=content_type)
    answer["Content-Disposition"] = content_disposition_header(True, name)
    return answer
