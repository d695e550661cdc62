"""Template context shared by every page: navigation, role, demo banner."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from econwatch.accounts.roles import role_of

# (URL name, label, ready); a module not built yet shows greyed out.
NAVIGATION = (
    ("home", "首页", True),
    ("register:search", "单位名录库", True),
    ("", "经济普查登记", False),
    ("monitoring:cockpit", "运行监测", True),
    ("alerts:list", "预警", True),
    ("", "问题调度", False),
    ("", "重点项目", False),
    ("", "分析报告", False),
    ("monitoring:imports", "数据导入", True),
)

RESTRICTED = {"monitoring:imports"}
"""Entries shown only to users who may use them (see :func:`_may_see`)."""


def _may_see(request: HttpRequest, url_name: str) -> bool:
    if url_name not in RESTRICTED:
        return True
    from econwatch.monitoring.pages.imports import may_import

    user = getattr(request, "user", None)
    return user is not None and may_import(user)


def _active(request: HttpRequest) -> str:
    """The navigation entry of the current page: its app's entry, or itself."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    if any(url_name == match.view_name for url_name, _label, _ready in NAVIGATION):
        return str(match.view_name)
    for url_name, _label, ready in NAVIGATION:
        if ready and match.namespace and url_name.startswith(f"{match.namespace}:"):
            return url_name
    return match.view_name


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Navigation entries, the user's role and whether the data is a demo."""
    from econwatch.accounts.models import SiteSetting

    try:
        demo = SiteSetting.objects.filter(key="demo", value="1").exists()
    except Exception:  # before the first migration: show no banner
        demo = False
    return {
        "nav": [entry for entry in NAVIGATION if _may_see(request, entry[0])],
        "nav_active": _active(request),
        "role": role_of(request.user) if hasattr(request, "user") else None,
        "is_demo": demo,
    }
