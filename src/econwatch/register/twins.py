"""One context, two renderings: an HTML page and its JSON twin.

A view builds its data once (see :mod:`econwatch.register.pages`) and calls
:func:`respond`; ``?format=json`` (or a ``.json`` URL) returns that same data as
JSON, anything else renders the template with it under ``data``. Refusals go
through :func:`refuse`, which answers in the platform's one error shape.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from econwatch.register.errors import RegisterError, error_json

View = Callable[..., HttpResponse]


def wants_json(request: HttpRequest, fmt: str | None = None) -> bool:
    """Whether the client asked for JSON (``.json`` URL or ``?format=json``)."""
    return fmt == "json" or request.GET.get("format") == "json"


def json_response(data: Any, status: int = 200) -> JsonResponse:
    """JSON with Chinese kept readable (no ``\\u`` escapes)."""
    return JsonResponse(
        data, status=status, safe=False, json_dumps_params={"ensure_ascii": False}
    )


def respond(
    request: HttpRequest,
    template: str,
    data: dict[str, Any],
    *,
    fmt: str | None = None,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render ``data`` as the page, or return it as JSON.

    Args:
        request: The request.
        template: The page template; it reads the data as ``data``.
        data: The page's context, plain data only.
        fmt: ``"json"`` when the URL ends in ``.json``.
        extra: Context only the HTML needs (forms, choices), not in the JSON.
        status: HTTP status.
    """
    if wants_json(request, fmt):
        return json_response(data, status)
    return render(request, template, {"data": data, **(extra or {})}, status=status)


def refuse(
    request: HttpRequest, error: RegisterError, fmt: str | None = None
) -> HttpResponse:
    """Answer a refusal: the JSON error shape, or an error page."""
    if wants_json(request, fmt):
        return json_response(error.as_json(), error.status)
    return render(
        request,
        "register/error.html",
        {"error": error.as_json()["error"], "status": error.status},
        status=error.status,
    )


def login_required(view: View) -> View:
    """Like Django's, but JSON gets a 401 in the error shape and htmx a redirect."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if wants_json(request, kwargs.get("fmt")):
            body = error_json("login-required", "请先登录后再访问名录库数据")
            return json_response(body, 401)
        login = redirect_to_login(request.get_full_path())
        if request.headers.get("HX-Request") == "true":
            # A session that expired mid-search: send the whole page to login,
            # not the login form into the results area.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login["Location"]
            return response
        return login

    return wrapper
