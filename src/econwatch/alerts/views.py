"""Alert pages: the list (预警清单) and one alert with its action buttons.

Thin, like the monitoring pages whose helpers they share (login, the error
shape, ``?format=json`` and ``?format=xlsx``): :mod:`econwatch.alerts.pages`
builds each page's data, :mod:`econwatch.alerts.services` makes each change.

A step is a POST to the detail URL with ``action`` (seen, handled, closed),
``note`` and ``version`` (the alert's version as the user saw it), from the page
(CSRF-protected form) or as JSON with ``?format=json``. A stale version is
refused (409) with who changed the alert and when; nothing is overwritten.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from econwatch.alerts import pages, services
from econwatch.alerts.forms import ActionForm
from econwatch.monitoring.pages.access import PageError

# The monitoring views' answer machinery (format dispatch, Excel export, error
# pages, login for JSON) is shared, not copied.
from econwatch.monitoring.views import (
    answer,
    asked_format,
    json_response,
    login_required,
    refuse,
)
from econwatch.register.errors import error_json


def _file_name(response: HttpResponse, stem: str) -> HttpResponse:
    """Give an Excel answer the alert page's own file name."""
    if response.get("Content-Disposition", "").startswith("attachment"):
        response["Content-Disposition"] = (
            f"attachment; filename=\"econwatch.xlsx\"; filename*=UTF-8''"
            f"{quote(stem)}.xlsx"
        )
    return response


@login_required
@require_GET
def alert_list(request: HttpRequest) -> HttpResponse:
    """The alerts the user may see, filtered by status, level and rule."""
    data: dict[str, Any] = {}

    def build() -> dict[str, Any]:
        data.update(pages.list_page(request.user, request.GET))
        return data

    response = answer(request, "alerts/list.html", build)
    return _file_name(response, f"预警清单_{data.get('scope', {}).get('name', '')}")


@login_required
@require_http_methods(["GET", "POST"])
def alert_detail(request: HttpRequest, alert_id: int) -> HttpResponse:
    """One alert; a POST takes a step in its lifecycle."""
    if request.method == "POST":
        return _act(request, alert_id)

    def build() -> dict[str, Any]:
        return pages.detail_page(request.user, pages.alert_for(request.user, alert_id))

    return _file_name(answer(request, "alerts/detail.html", build), f"预警_{alert_id}")


def _submitted(request: HttpRequest) -> dict[str, Any]:
    """The step's fields from a JSON body or a form post.

    Raises:
        PageError: a JSON body that is not an object.
    """
    if request.content_type != "application/json":
        return request.POST
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        raise PageError(
            "bad-request",
            400,
            '请求内容不是有效的 JSON 对象；应为 {"action": "handled", '
            '"note": "处置情况", "version": 2}',
        )
    return body


def _act(request: HttpRequest, alert_id: int) -> HttpResponse:
    """Check, take the step, and answer: redirect (page) or the new state (JSON)."""
    as_json = asked_format(request) == "json"
    try:
        alert = pages.alert_for(request.user, alert_id)
        if not services.may_act(request.user):
            raise PageError(
                "forbidden",
                403,
                "您的角色只能查看预警，不能改变预警状态；"
                "预警由工信局业务员和所属镇（街道）业务员处理",
            )
        form = ActionForm(_submitted(request))
    except PageError as exc:
        return refuse(request, exc)
    if not form.is_valid():
        message = "提交的内容有问题，尚未保存：" + "；".join(
            p.message for p in form.problems()
        )
        if as_json:
            return json_response(error_json("invalid", message, form.problems()), 400)
        return _again(request, alert_id, form, message, 400)
    step = form.cleaned_data
    try:
        services.change_status(
            alert,
            step["action"],
            request.user,
            step["note"],
            expected_version=step["version"],
        )
    except services.AlertError as exc:
        if as_json:
            return json_response(error_json(exc.code, exc.message), exc.status)
        return _again(request, alert_id, form, exc.message, exc.status)
    if as_json:
        fresh = pages.alert_for(request.user, alert_id)
        return json_response(pages.detail_page(request.user, fresh))
    messages.success(request, pages.STEPS[step["action"]]["done"])
    return redirect(pages.detail_url(alert_id))


def _again(
    request: HttpRequest, alert_id: int, form: ActionForm, message: str, status: int
) -> HttpResponse:
    """The detail page as it is now, with the refusal and the user's note kept."""
    try:
        alert = pages.alert_for(request.user, alert_id)
    except PageError as exc:
        return refuse(request, exc)
    data = pages.detail_page(request.user, alert)
    failed = {
        "action": form.data.get("action", ""),
        "note": form.data.get("note", ""),
        "message": message,
        "errors": {k: [str(e) for e in v] for k, v in form.errors.items()},
        "still_possible": form.data.get("action")
        in (a["code"] for a in data["actions"]),
    }
    return render(
        request, "alerts/detail.html", {"data": data, "failed": failed}, status=status
    )
