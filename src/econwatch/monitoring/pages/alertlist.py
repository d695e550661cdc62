"""Open alerts (新发, 已查看) for a page: how many, and the most severe first.

Reads the alerts app through its own service (:func:`open_alerts`), which
already restricts to what the user may see; the page narrows further to its
scope, town or enterprise. Red, orange and yellow are used here and only here:
they are the alert levels.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Count, Q
from django.urls import reverse

from econwatch.monitoring.pages.tables import Table, text

LIMIT = 10
"""Alerts listed on a page (the count covers all of them)."""


def alerts_ready() -> bool:
    """Whether the alerts app is installed (pages work without it)."""
    return apps.is_installed("econwatch.alerts")


def open_alert_table(
    user: object, unit_q: Q, *, limit: int = LIMIT, key: str = "alerts"
) -> tuple[dict[str, Any], Table | None]:
    """The open alerts' counts by level and a table of the ``limit`` most severe.

    Args:
        user: The request's user (scoping is applied by the alerts app).
        unit_q: Filter on alerts (``unit__...`` lookups): a scope, town or unit.
        limit: Rows in the table.
        key: The table's key.

    Returns:
        ``(summary, table)``; without the alerts app the summary says
        ``available: False`` and the table is ``None``.
    """
    if not alerts_ready():
        return {"available": False, "count": None, "by_level": []}, None
    from econwatch.alerts.models import Level
    from econwatch.alerts.services import open_alerts

    found = open_alerts(user).filter(unit_q)
    counted = dict(
        found.order_by()
        .values_list("level")
        .annotate(n=Count("pk"))
        .values_list("level", "n")
    )
    count = sum(counted.values())
    summary = {
        "available": True,
        "url": reverse("alerts:list"),
        "count": count,
        "by_level": [
            {"code": code, "label": label, "count": counted.get(code, 0)}
            for code, label in Level.choices
        ],
    }
    rows: list[dict[str, Any]] = [
        {
            "level": a.get_level_display(),
            "level_code": a.level,
            "name": a.unit.name,
            "url": reverse("monitoring:enterprise", args=[a.unit_id]),
            "alert_url": reverse("alerts:detail", args=[a.pk]),
            "rule": a.rule.name,
            "summary": a.summary,
            "first_seen": a.first_seen.isoformat(),
            "last_seen": a.last_seen.isoformat(),
            "status": a.get_status_display(),
        }
        for a in found[:limit]
    ]
    table = Table(
        key,
        "未处置预警",
        [
            text("level", "等级"),
            text("name", "企业名称", link="url"),
            text("rule", "预警规则"),
            text("summary", "预警内容", link="alert_url"),
            text("first_seen", "首次发现"),
            text("last_seen", "最近发现"),
            text("status", "状态"),
        ],
        rows,
        f"共{count}条未处置预警（新发、已查看），按等级排列，列出前{limit}条。"
        if count > limit
        else "",
    )
    return summary, table


def unit_alert_table(user: object, unit_id: int, *, limit: int = 20) -> Table | None:
    """All alerts of one enterprise (open and finished), newest first."""
    if not alerts_ready():
        return None
    from econwatch.alerts.services import visible_alerts

    found = (
        visible_alerts(user)
        .filter(unit_id=unit_id)
        .select_related("rule")
        .order_by("-last_seen", "-id")[:limit]
    )
    rows = [
        {
            "level": a.get_level_display(),
            "level_code": a.level,
            "rule": a.rule.name,
            "summary": a.summary,
            "alert_url": reverse("alerts:detail", args=[a.pk]),
            "first_seen": a.first_seen.isoformat(),
            "last_seen": a.last_seen.isoformat(),
            "cleared_on": a.cleared_on.isoformat() if a.cleared_on else None,
            "status": a.get_status_display(),
        }
        for a in found
    ]
    return Table(
        "alerts",
        "本企业预警记录",
        [
            text("level", "等级"),
            text("rule", "预警规则"),
            text("summary", "预警内容", link="alert_url"),
            text("first_seen", "首次发现"),
            text("last_seen", "最近发现"),
            text("cleared_on", "条件解除"),
            text("status", "状态"),
        ],
        rows,
    )
