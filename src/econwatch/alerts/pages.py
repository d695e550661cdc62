"""What the alert pages show, as plain data (each page's JSON twin).

:func:`list_page` is the alert list (预警清单) filtered by status, level and rule;
:func:`detail_page` is one alert: its rule version, evidence, enterprise, history
and the steps the user may take now. Both return dicts of plain values: the
template renders them, ``?format=json`` returns them unchanged and
``?format=xlsx`` writes their ``tables`` (the monitoring pages' table shape and
exporter), so the three cannot drift apart.

Who sees what follows the monitoring pages (:mod:`econwatch.monitoring.pages.access`):
roles without monitoring pages get 403; an alert whose enterprise is outside the
user's reach answers 404, the same as one that does not exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone

from econwatch.alerts import evidence, services
from econwatch.alerts.models import Alert, AlertEvent, AlertRule, Level, severity
from econwatch.monitoring.pages import access
from econwatch.monitoring.pages.access import PageError
from econwatch.monitoring.pages.tables import Table, integer, tables_json, text
from econwatch.register.models import Division, Unit

Status = Alert.Status

LIMIT = 500
"""Rows listed (page, JSON and Excel alike); the count covers all of them."""

OPEN = "open"
ALL = "all"
STATUS_FILTERS: list[tuple[str, str]] = [
    (OPEN, "未处置（新发、已查看）"),
    (ALL, "全部状态"),
    *Status.choices,
]
"""The status filter's choices; ``open`` is the default."""

STEPS: dict[str, dict[str, str]] = {
    "seen": {
        "label": "标记已查看",
        "done": "已标记为“已查看”，已记入处理记录",
        "note": "none",
        "note_label": "",
        "placeholder": "",
    },
    "handled": {
        "label": "已处置",
        "done": "已标记为“已处置”，处置情况已记入处理记录",
        "note": "required",
        "note_label": "处置情况（必填）：做了什么",
        "placeholder": "如：已电话联系企业负责人，系设备检修停产，预计下周恢复",
    },
    "closed": {
        "label": "关闭预警",
        "done": "预警已关闭，关闭原因已记入处理记录",
        "note": "required",
        "note_label": "关闭原因（必填）",
        "placeholder": "如：季节性停产，已核实；或：误报，数据已更正",
    },
}
"""The buttons of the detail page, one per target status."""


def when(value: dt.datetime | None) -> str | None:
    """A moment as the bureau writes it, in local time: ``2024-06-14 09:32``."""
    if value is None:
        return None
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def detail_url(alert_id: int) -> str:
    """The detail page of an alert."""
    return reverse("alerts:detail", args=[alert_id])


def scope_of(user: object) -> dict[str, str]:
    """The part of the district the user's alerts come from, for titles."""
    found = access.require(user)
    profile = getattr(user, "profile", None)
    if found == "town" and profile is not None:
        town = Division.objects.filter(pk=profile.division_id).first()
        name = town.name if town else str(profile.division_id)
        return {"kind": "town", "code": str(profile.division_id), "name": name}
    if found == "enterprise" and profile is not None:
        unit = Unit.objects.filter(pk=profile.unit_id).first()
        name = unit.name if unit else str(profile.unit_id)
        return {"kind": "enterprise", "code": str(profile.unit_id), "name": name}
    return {"kind": "district", "code": "", "name": "全区"}


def rule_choices() -> list[dict[str, str]]:
    """Every rule code with the name of its newest version."""
    seen: dict[str, str] = {}
    for code, name in AlertRule.objects.order_by("code", "-version").values_list(
        "code", "name"
    ):
        seen.setdefault(code, name)
    return [{"code": code, "label": name} for code, name in seen.items()]


def _choose(
    params: Mapping[str, str], key: str, default: str, known: list[tuple[str, str]]
) -> str:
    """A filter value, checked against its choices (400 with the choices)."""
    asked = params.get(key) or default
    if asked in {code for code, _ in known}:
        return asked
    listed = "、".join(f"{code}（{label}）" for code, label in known if code)
    names = {"status": "状态", "level": "等级", "rule": "规则"}
    raise PageError("bad-filter", 400, f"{names[key]} {asked!r} 不存在；可选：{listed}")


def _order(qs: QuerySet[Alert]) -> QuerySet[Alert]:
    """Unfinished first, then most severe, unread before read, newest first."""
    finished = Case(
        When(status__in=Alert.OPEN, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    unread = Case(
        When(status=Status.NEW, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return qs.order_by(finished, severity(), unread, "-last_seen", "-id")


def alert_row(alert: Alert) -> dict[str, Any]:
    """One alert as a row of the list (the unit and rule selected with it)."""
    return {
        "id": alert.pk,
        "level": alert.get_level_display(),
        "level_code": alert.level,
        "name": alert.unit.name,
        "unit_url": reverse("monitoring:enterprise", args=[alert.unit_id]),
        "town": alert.unit.division.name,
        "rule": alert.rule.name,
        "summary": alert.summary,
        "url": detail_url(alert.pk),
        "first_seen": alert.first_seen.isoformat(),
        "last_seen": alert.last_seen.isoformat(),
        "status": alert.get_status_display(),
        "status_code": alert.status,
        "status_by": alert.status_by,
        "status_at": when(alert.status_at),
    }


LIST_COLUMNS = [
    integer("id", "编号"),
    text("level", "等级"),
    text("name", "企业名称", link="unit_url"),
    text("town", "所在镇（街道）"),
    text("rule", "预警规则"),
    text("summary", "预警内容", link="url"),
    text("first_seen", "首次发现"),
    text("last_seen", "最近发现"),
    text("status", "状态"),
    text("status_by", "状态操作人"),
    text("status_at", "状态时间"),
]


def list_page(user: object, params: Mapping[str, str]) -> dict[str, Any]:
    """The alerts the user may see, filtered by ``status``, ``level`` and ``rule``.

    Args:
        user: The request's user.
        params: The query: ``status`` (``open`` by default, ``all``, ``new``,
            ``seen``, ``handled``, ``closed``), ``level`` (``red``, ``orange``,
            ``yellow``) and ``rule`` (a rule code); empty means no filter.

    Raises:
        PageError: 403 for roles without monitoring pages, 400 for an unknown
            filter value.
    """
    scope = scope_of(user)
    rules = rule_choices()
    status = _choose(params, "status", OPEN, STATUS_FILTERS)
    level = _choose(params, "level", "", [("", "全部等级"), *Level.choices])
    rule = _choose(
        params,
        "rule",
        "",
        [("", "全部规则"), *((r["code"], r["label"]) for r in rules)],
    )
    base = services.visible_alerts(user)
    if level:
        base = base.filter(level=level)
    if rule:
        base = base.filter(rule_code=rule)
    counted = dict(
        base.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    found = base
    if status == OPEN:
        found = found.filter(status__in=Alert.OPEN)
    elif status != ALL:
        found = found.filter(status=status)
    total = found.count()
    rows = [
        alert_row(a)
        for a in _order(found.select_related("unit__division", "rule"))[:LIMIT]
    ]
    label = dict(STATUS_FILTERS)[status]
    note = f"共{total}条（{label}）。"
    if total > LIMIT:
        note += f"只列出前{LIMIT}条，请用等级、规则筛选缩小范围。"
    table = Table("alerts", "预警清单", LIST_COLUMNS, rows, note)
    return {
        "page": "alerts",
        "title": f"{scope['name']}预警清单",
        "scope": scope,
        "filters": {"status": status, "level": level, "rule": rule},
        "choices": {
            "status": [{"code": c, "label": lab} for c, lab in STATUS_FILTERS],
            "level": [{"code": "", "label": "全部等级"}]
            + [{"code": c, "label": lab} for c, lab in Level.choices],
            "rule": [{"code": "", "label": "全部规则"}, *rules],
        },
        "counts": {
            "total": total,
            "by_status": [
                {"code": c, "label": lab, "count": counted.get(c, 0)}
                for c, lab in Status.choices
            ],
        },
        "can_act": services.may_act(user),
        "tables": tables_json([table]),
    }


def alert_for(user: object, alert_id: int) -> Alert:
    """The alert a user asked for, if they may see it.

    Raises:
        PageError: 403 for roles without monitoring pages; 404 when the alert
            does not exist or its enterprise is outside the user's reach.
    """
    access.require(user)
    alert = (
        services.visible_alerts(user)
        .select_related("unit__division", "rule")
        .filter(pk=alert_id)
        .first()
    )
    if alert is None:
        raise PageError(
            "not-found",
            404,
            f"找不到编号为 {alert_id} 的预警，或该预警的企业不在您的查看范围内；"
            "请从预警清单进入",
        )
    return alert


def _rule_json(rule: AlertRule) -> dict[str, Any]:
    newest = (
        AlertRule.objects.filter(code=rule.code).order_by("-version").first() or rule
    )
    return {
        "code": rule.code,
        "name": rule.name,
        "version": rule.version,
        "sentence": rule.sentence(),
        "kind": rule.kind,
        "kind_label": rule.kind_spec.label,
        "level": rule.level,
        "level_label": rule.get_level_display(),
        "valid_from": rule.valid_from.isoformat(),
        "active": rule.active,
        "newest_version": newest.version,
        "changed_by": rule.changed_by,
    }


def _event_row(event: AlertEvent) -> dict[str, Any]:
    labels = dict(Status.choices)
    change = ""
    if event.from_status != event.to_status:
        change = "→".join(
            labels.get(s, s) for s in (event.from_status, event.to_status) if s
        )
    return {
        "at": timezone.localtime(event.at).isoformat(),
        "at_text": when(event.at),
        "actor": event.actor,
        "action": event.get_action_display(),
        "action_code": event.action,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "change": change,
        "note": event.note,
    }


HISTORY_COLUMNS = [
    text("at_text", "时间"),
    text("actor", "操作人"),
    text("action", "操作"),
    text("change", "状态变化"),
    text("note", "说明"),
]


def detail_page(user: object, alert: Alert) -> dict[str, Any]:
    """One alert, as :func:`alert_for` found it for this user.

    Returns:
        The alert (with its ``version``, which a form must send back), its rule
        version, the enterprise, the evidence (facts and tables), the history
        table and the steps (``actions``) the user may take now.
    """
    rule = alert.rule
    read = evidence.read(alert.evidence or {}, rule.kind)
    events = [_event_row(e) for e in alert.events.order_by("at", "id")]
    history = Table(
        "history",
        "处理记录",
        HISTORY_COLUMNS,
        events,
        "按时间先后排列；“系统”为自动评估。",
    )
    steps = services.allowed_steps(alert, user)
    unit = alert.unit
    return {
        "page": "alert",
        "title": f"预警详情：{unit.name}",
        "scope": {"kind": "alert", "code": str(alert.pk), "name": unit.name},
        "alert": {
            "id": alert.pk,
            "version": alert.version,
            "level": alert.level,
            "level_label": alert.get_level_display(),
            "status": alert.status,
            "status_label": alert.get_status_display(),
            "open": alert.is_open,
            "summary": alert.summary,
            "first_seen": alert.first_seen.isoformat(),
            "last_seen": alert.last_seen.isoformat(),
            "cleared_on": alert.cleared_on.isoformat() if alert.cleared_on else None,
            "status_by": alert.status_by,
            "status_at": when(alert.status_at),
            "handed_off_at": when(alert.handed_off_at),
        },
        "rule": _rule_json(rule),
        "unit": {
            "id": unit.pk,
            "name": unit.name,
            "town": unit.division.name,
            "url": reverse("monitoring:enterprise", args=[unit.pk]),
        },
        "evidence": {
            "text": read["text"] or alert.summary,
            "rule_text": read["rule_text"],
            "facts": read["facts"],
        },
        "can_act": services.may_act(user),
        "actions": [{"code": s, **STEPS[s]} for s in steps],
        "links": {"list": reverse("alerts:list")},
        "tables": tables_json([*read["tables"], history]),
    }
