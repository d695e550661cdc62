"""Register pages (placeholder until the web shell lands)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """Search the register."""
    return render(request, "home.html", {"counts": {}})
