"""Monitoring pages: the cockpit, the daily page, the town page, the profile.

Thin: each view checks who may see what (:mod:`.pages.access`), asks one
function of :mod:`econwatch.monitoring.pages` for the page's data and answers it
as HTML, as its JSON twin (``?format=json``) or as an Excel workbook of its
tables (``?format=xlsx``, one table with ``&table=<key>``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from econwatch.accounts.models import SiteSetting
from econwatch.monitoring.exports import xlsx_response
from econwatch.monitoring.indicators import IndicatorError
from econwatch.monitoring.pages import access
from econwatch.monitoring.pages.access import PageError
from econwatch.monitoring.pages.dailypage import daily_page
from econwatch.monitoring.pages.enterprise import enterprise_page
from econwatch.monitoring.pages.overview import cockpit_page, town_page

View = Callable[..., HttpResponse]


def json_response(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(
        data, status=status, safe=False, json_dumps_params={"ensure_ascii": False}
    )


def asked_format(request: HttpRequest) -> str:
    return request.GET.get("format", "html")


def refuse(request: HttpRequest, error: PageError) -> HttpResponse:
    if asked_format(request) == "json":
        return json_response(error.as_json(), error.status)
    return render(
        request,
        "monitoring/error.html",
        {"error": error.as_json()["error"], "status": error.status},
        status=error.status,
    )


def login_required(view: View) -> View:
    """Like Django's, but a JSON or Excel request gets 401 in the error shape."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if asked_format(request) != "html":
            error = PageError("login-required", 401, "请先登录后再查看运行监测数据")
            return json_response(error.as_json(), 401)
        return redirect_to_login(request.get_full_path())

    return wrapper


def answer(
    request: HttpRequest, template: str, build: Callable[[], dict[str, Any]]
) -> HttpResponse:
    """Build the page's data once and answer it in the format asked for."""
    try:
        data = build()
    except IndicatorError as exc:
        return refuse(request, PageError(exc.code, 400, exc.message))
    except PageError as exc:
        return refuse(request, exc)
    fmt = asked_format(request)
    if fmt == "json":
        return json_response(data)
    if fmt == "xlsx":
        demo = SiteSetting.objects.filter(key="demo", value="1").exists()
        only = request.GET.getlist("table") or None
        try:
            return xlsx_response(data, demo=demo, only=only)
        except KeyError as exc:
            known = "、".join(t["key"] for t in data.get("tables", []))
            return refuse(
                request,
                PageError(
                    "unknown-table", 400, f"本页没有表格 {exc}；可导出的表格：{known}"
                ),
            )
    if fmt != "html":
        return refuse(
            request,
            PageError(
                "bad-format", 400, f"格式 {fmt!r} 不支持；可选：html、json、xlsx"
            ),
        )
    return render(request, template, {"data": data})


@login_required
def cockpit(request: HttpRequest) -> HttpResponse:
    """The district cockpit; a town officer's cockpit is their town page."""
    try:
        home = access.home_url(request.user)
        access.require(request.user)
    except PageError as exc:
        return refuse(request, exc)
    if home is not None:
        query = request.GET.copy()
        query.pop("scope", None)
        return redirect(f"{home}?{query.urlencode()}" if query else home)
    return answer(
        request,
        "monitoring/cockpit.html",
        lambda: cockpit_page(request.user, request.GET),
    )


@login_required
def daily(request: HttpRequest) -> HttpResponse:
    """Daily invoices and electricity of the user's scope."""
    return answer(
        request, "monitoring/daily.html", lambda: daily_page(request.user, request.GET)
    )


@login_required
def town(request: HttpRequest, code12: str) -> HttpResponse:
    """One town's page (a town officer: their own town only)."""

    def build() -> dict[str, Any]:
        return town_page(
            request.user, access.town_for(request.user, code12), request.GET
        )

    return answer(request, "monitoring/cockpit.html", build)


@login_required
def enterprise(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The enterprise profile (企业画像)."""

    def build() -> dict[str, Any]:
        unit = access.enterprise_for(request.user, unit_id)
        return enterprise_page(request.user, unit, request.GET)

    return answer(request, "monitoring/enterprise.html", build)
