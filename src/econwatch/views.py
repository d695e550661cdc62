"""The shell's own pages: the home page and a health check."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse

from econwatch.accounts.roles import role_of
from econwatch.accounts.scoping import visible_units
from econwatch.register.models import Unit
from econwatch.register.twins import login_required, respond

# The platform's modules as the home page lists them: (URL name, title, what for).
MODULES = (
    ("register:search", "单位名录库", "查询、查看和维护法人单位、产业活动单位和个体户"),
    ("", "经济普查登记", "普查员登记、指导员审核、数据质量规则"),
    ("monitoring:cockpit", "运行监测", "开票、用电日监控与规上工业月度分析"),
    ("", "问题调度", "企业诉求周调度、部门办理与销号"),
    ("", "重点项目", "重点项目进度与投资跟踪"),
    ("", "分析报告", "月度分析报告与统计表的生成"),
)


def healthz(request: HttpRequest) -> HttpResponse:
    """Answer 200 when the process serves requests (used by ``make demo``)."""
    return JsonResponse({"ok": True})


def home_page(user: Any) -> dict[str, Any]:
    """What the home page shows: the user's scope and the units in it."""
    role = role_of(user)
    rows = visible_units(user).order_by().values("kind").annotate(n=Count("id"))
    found = {r["kind"]: r["n"] for r in rows}
    profile = getattr(user, "profile", None)
    scope = "全区"
    if role is None:
        scope = "（尚未分配角色）"
    elif role.sees == "town":
        division = getattr(profile, "division", None)
        scope = division.name if division else "（未指定镇街道）"
    elif role.sees == "enterprise":
        scope = "本企业"
    elif role.sees != "all":
        scope = "所负责的范围"
    return {
        "role": role.group if role else None,
        "scope": scope,
        "counts": [
            {"kind": kind, "label": label, "count": found.get(kind, 0)}
            for kind, label in Unit.Kind.choices
        ],
        "total": sum(found.values()),
        "modules": [
            {
                "url_name": url_name,
                "title": title,
                "text": text,
                "ready": bool(url_name),
            }
            for url_name, title, text in MODULES
        ],
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The landing page for the user's role (``?format=json`` for its data)."""
    return respond(request, "home.html", home_page(request.user))
