"""Monitoring pages (the cockpit is being built)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def cockpit(request: HttpRequest) -> HttpResponse:
    """The district cockpit."""
    return render(request, "home.html", {"counts": {}})
