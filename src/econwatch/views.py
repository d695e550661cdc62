"""The shell's own pages: the home page and a health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from econwatch.accounts.scoping import visible_units
from econwatch.register.models import Unit


def healthz(request: HttpRequest) -> HttpResponse:
    """Answer 200 when the process serves requests (used by ``make demo``)."""
    return JsonResponse({"ok": True})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The landing page: what the register holds that this user may see."""
    units = visible_units(request.user)
    counts = {
        label: units.filter(kind=kind).count() for kind, label in Unit.Kind.choices
    }
    return render(request, "home.html", {"counts": counts})
