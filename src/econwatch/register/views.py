"""Register pages: thin shells over :mod:`~econwatch.register.pages` (what a page
shows) and :mod:`~econwatch.register.services` (what a save does).

Every page has a JSON twin: ``?format=json`` on any URL, or
``/register/unit/<id>.json``.
Units outside the user's scope answer 404 (page and JSON alike), so a town
officer cannot even learn whether another town's unit exists.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from econwatch.core.codes import industry as industry_codes
from econwatch.register import pages, services
from econwatch.register.errors import (
    NotAllowed,
    RegisterError,
    UnitInvalid,
    VersionConflict,
    error_json,
)
from econwatch.register.forms import SearchForm, UnitForm
from econwatch.register.twins import json_response, login_required, refuse, respond


def _is_partial(request: HttpRequest) -> bool:
    """An htmx request for the results only (not a history restore)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


@login_required
@require_GET
def search(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    """Search the register by name, USCC, town, industry, size, tag, kind, year."""
    data = pages.search_page(request.user, request.GET)
    if _is_partial(request) and fmt is None:
        return render(request, "register/_results.html", {"data": data})
    extra = {
        "form": SearchForm(request.GET or None),
        "can_create": services.can_edit(request.user),
    }
    return respond(request, "register/search.html", data, fmt=fmt, extra=extra)


@login_required
@require_GET
def unit_detail(request: HttpRequest, pk: int, fmt: str | None = None) -> HttpResponse:
    """One unit: identity, codes, tags, clusters, years, names and audit trail."""
    try:
        unit = services.get_unit(pk, request.user)
    except RegisterError as error:
        return refuse(request, error, fmt)
    return respond(
        request, "register/unit.html", pages.unit_page(request.user, unit), fmt=fmt
    )


def _submitted(request: HttpRequest) -> tuple[dict[str, Any], str, int | None]:
    """Fields, reason and version from a JSON body or a form post."""
    if request.content_type == "application/json":
        body = json.loads(request.body or b"{}")
        if not isinstance(body, dict):
            raise ValueError("body")
    else:
        body = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    reason = str(body.pop("reason", "") or "")
    version = body.pop("version", None)
    return body, reason, int(version) if version not in (None, "") else None


def _bad_body(request: HttpRequest) -> HttpResponse:
    body = error_json(
        "bad-request",
        "请求内容不是有效的 JSON 对象，或缺少版本号 version（整数）；请检查后重新提交",
    )
    return json_response(body, 400)


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a unit: the form keeps the input when a save is refused."""
    try:
        unit = services.get_unit(pk, request.user)
        if not services.can_edit(request.user, unit):
            raise NotAllowed(
                "您的角色只能查看名录库，不能修改单位；如需修改请联系统计局"
            )
    except RegisterError as error:
        return refuse(request, error)
    json_api = request.GET.get("format") == "json"
    if request.method == "GET":
        if json_api:
            return json_response(pages.edit_page(unit))
        initial = {**pages.form_values(unit), "version": unit.version}
        return _edit_form(request, unit, UnitForm(initial=initial, kind=unit.kind))
    if json_api:
        try:
            changes, reason, version = _submitted(request)
        except (ValueError, TypeError):
            return _bad_body(request)
        if version is None:  # the version is what protects the other editor
            return _bad_body(request)
        try:
            saved = services.update_unit(
                unit.pk, changes, request.user, reason, version
            )
        except RegisterError as error:
            return refuse(request, error, "json")
        return json_response(pages.unit_page(request.user, saved))
    form = UnitForm(request.POST, kind=unit.kind)
    if form.is_valid():
        try:
            saved = services.update_unit(
                unit.pk,
                form.changes(),
                request.user,
                form.cleaned_data["reason"],
                form.cleaned_data["version"] or 0,
            )
        except VersionConflict as error:
            return _edit_form(request, unit, form, conflict=error, status=409)
        except UnitInvalid as error:
            form.add_problems(error.problems)
        except RegisterError as error:
            return refuse(request, error)
        else:
            messages.success(
                request, f"已保存（版本 {saved.version}），变更已记入变更记录"
            )
            return redirect(pages.unit_url(saved.pk))
    return _edit_form(request, unit, form, status=400)


def _edit_form(
    request: HttpRequest,
    unit: Any,
    form: UnitForm,
    *,
    conflict: VersionConflict | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "register/edit.html",
        {
            "unit": unit,
            "form": form,
            "conflict": conflict,
            "cancel_url": pages.unit_url(unit.pk)
            if unit
            else reverse("register:search"),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest) -> HttpResponse:
    """Register a new unit through the same form and the same checks."""
    if not services.can_edit(request.user):
        return refuse(request, NotAllowed("您的角色只能查看名录库，不能登记新单位"))
    json_api = request.GET.get("format") == "json"
    if request.method == "POST" and json_api:
        try:
            data, reason, _version = _submitted(request)
        except (ValueError, TypeError):
            return _bad_body(request)
        try:
            unit = services.create_unit(data, request.user, reason)
        except RegisterError as error:
            return refuse(request, error, "json")
        unit = services.get_unit(unit.pk, None)
        return json_response(pages.unit_page(request.user, unit), 201)
    if request.method == "GET":
        profile = getattr(request.user, "profile", None)
        initial = {
            "status": "1",
            "size_class": "auto",
            "reason": "新设立登记",
            "division": getattr(profile, "division_id", "") or "",
        }
        if json_api:
            return json_response(pages.new_page(initial))
        form = UnitForm(initial=initial, creating=True)
        return _edit_form(request, None, form)
    form = UnitForm(request.POST, creating=True)
    if form.is_valid():
        try:
            unit = services.create_unit(
                form.changes(), request.user, form.cleaned_data["reason"]
            )
        except UnitInvalid as error:
            form.add_problems(error.problems)
        except RegisterError as error:
            return refuse(request, error)
        else:
            messages.success(request, f"已登记单位“{unit.name}”")
            return redirect(pages.unit_url(unit.pk))
    return _edit_form(request, None, form, status=400)


@login_required
@require_GET
def industry_hints(request: HttpRequest) -> HttpResponse:
    """Industry suggestions for a text box (``<option>`` list or JSON)."""
    text = request.GET.get("industry") or request.GET.get("q") or ""
    found = industry_codes.search(text, limit=15) if text.strip() else []
    data = {
        "query": text,
        "industries": [
            {"code": i.code, "name": i.name, "level": i.level_name} for i in found
        ],
    }
    if request.GET.get("format") == "json":
        return json_response(data)
    return render(request, "register/_industry_hints.html", {"data": data})
