"""What people do with alerts and rules: view, handle, close, hand off, revise.

Every change of status is one call here, recorded as an
:class:`~econwatch.alerts.models.AlertEvent` with who and when. The lifecycle::

    新发 ──→ 已查看 ──→ 已处置 ──→ 已关闭
      │         └──────────────────↗
      └──→ 已处置 / 已关闭

The system closes 新发/已查看 alerts itself when the data show the condition has
cleared (:mod:`econwatch.alerts.evaluation`). Pages and the admin call these
functions; they check the user may see the alert (a town officer: their town).
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from econwatch.accounts.scoping import unit_filter
from econwatch.alerts.models import Alert, AlertEvent, AlertRule, severity

Status = Alert.Status

TRANSITIONS: dict[str, set[str]] = {
    Status.NEW: {Status.SEEN, Status.HANDLED, Status.CLOSED},
    Status.SEEN: {Status.HANDLED, Status.CLOSED},
    Status.HANDLED: {Status.CLOSED},
    Status.CLOSED: set(),
}

_ACTIONS = {
    Status.SEEN: AlertEvent.Action.SEEN,
    Status.HANDLED: AlertEvent.Action.HANDLED,
    Status.CLOSED: AlertEvent.Action.CLOSED,
}

DISPATCH_INTAKE = "econwatch.dispatch.intake"
"""Module the weekly-dispatch app will provide, with ``receive_alert(alert, user)``."""


class AlertError(ValueError):
    """A change that cannot be made, with the reason in Chinese."""


def actor_name(user: object | None) -> str:
    """How a user is written in the history: full name, else login name."""
    if user is None:
        return "系统"
    full = getattr(user, "get_full_name", lambda: "")()
    return str(full or getattr(user, "username", "") or "未知用户")


def visible_alerts(user: object, qs: QuerySet[Alert] | None = None) -> QuerySet[Alert]:
    """The alerts a user may see (row-level scoping of the enterprise)."""
    qs = Alert.objects.all() if qs is None else qs
    return qs.filter(unit_filter(user, "unit__"))


def open_alerts(user: object) -> QuerySet[Alert]:
    """新发 and 已查看 alerts the user may see, most severe first."""
    return (
        visible_alerts(user)
        .filter(status__in=Alert.OPEN)
        .select_related("unit", "rule")
        .order_by(severity(), "-last_seen", "id")
    )


def _check_visible(alert: Alert, user: object) -> None:
    if not visible_alerts(user, Alert.objects.filter(pk=alert.pk)).exists():
        raise AlertError("您无权处理该预警：企业不在您的管辖范围内")


@transaction.atomic
def change_status(alert: Alert, to: str, user: object, note: str = "") -> Alert:
    """Move an alert to another status, recording who, when and why.

    Args:
        alert: The alert.
        to: ``seen``, ``handled`` or ``closed``.
        user: Who does it.
        note: Why, kept in the history.

    Raises:
        AlertError: the user may not see the alert, or the move is not allowed.
    """
    _check_visible(alert, user)
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if to not in TRANSITIONS.get(alert.status, set()):
        raise AlertError(
            f"预警当前状态为“{alert.get_status_display()}”，"
            f"不能改为“{Status(to).label}”"
        )
    before, now = alert.status, timezone.now()
    alert.status, alert.status_at, alert.status_by = to, now, actor_name(user)
    alert.save(update_fields=["status", "status_at", "status_by", "updated_at"])
    AlertEvent.objects.create(
        alert=alert,
        at=now,
        user=user if getattr(user, "pk", None) else None,
        actor=actor_name(user),
        action=_ACTIONS[Status(to)],
        from_status=before,
        to_status=to,
        note=note,
    )
    return alert


def mark_seen(alert: Alert, user: object) -> Alert:
    """新发 → 已查看 (opening a seen or finished alert again changes nothing)."""
    if alert.status != Status.NEW:
        _check_visible(alert, user)
        return alert
    return change_status(alert, Status.SEEN, user)


def mark_handled(alert: Alert, user: object, note: str = "") -> Alert:
    """→ 已处置: someone acted on it (visited, coordinated, dispatched)."""
    return change_status(alert, Status.HANDLED, user, note)


def close_alert(alert: Alert, user: object, note: str = "") -> Alert:
    """→ 已关闭: nothing (more) to do, e.g. a known seasonal stop or a false alarm."""
    return change_status(alert, Status.CLOSED, user, note)


@transaction.atomic
def hand_off_to_dispatch(alert: Alert, user: object | None = None) -> Any:
    """Hand an alert to the weekly dispatch (周调度 问题交办) — a stub for now.

    When the dispatch app exists it provides ``econwatch.dispatch.intake`` with
    ``receive_alert(alert, user) -> Issue``: it opens an issue for the enterprise
    carrying the alert's summary and evidence and returns it. This function then
    records the hand-off on the alert and returns the issue. Until then it records
    the request (event "转交周调度", ``handed_off_at``) and returns ``None``.

    Args:
        alert: The alert to hand off.
        user: Who hands it off (``None``: the system).

    Returns:
        The dispatch issue, or ``None`` while there is no dispatch module.
    """
    if user is not None:
        _check_visible(alert, user)
    try:
        intake = importlib.import_module(DISPATCH_INTAKE)
    except ImportError:
        intake = None
    issue = intake.receive_alert(alert, user) if intake is not None else None
    now = timezone.now()
    alert.handed_off_at = now
    alert.save(update_fields=["handed_off_at", "updated_at"])
    AlertEvent.objects.create(
        alert=alert,
        at=now,
        user=user if getattr(user, "pk", None) else None,
        actor=actor_name(user),
        action=AlertEvent.Action.HANDOFF,
        from_status=alert.status,
        to_status=alert.status,
        note=f"已建调度事项 {issue}" if issue is not None else "待周调度模块接收",
    )
    return issue


@transaction.atomic
def new_rule_version(
    rule: AlertRule, user: object | None = None, **changes: Any
) -> AlertRule:
    """Save a changed rule as a new version and retire the one it replaces.

    Alerts keep pointing at the version that raised them; the next evaluation
    moves open episodes onto the new version (event "规则版本更新").

    Args:
        rule: The version being changed (its unsaved edits are taken too).
        user: Who changes it.
        **changes: Field values to set on the new version.

    Returns:
        The new, active version.
    """
    latest = (
        AlertRule.objects.select_for_update()
        .filter(code=rule.code)
        .order_by("-version")
        .first()
    )
    AlertRule.objects.filter(code=rule.code, active=True).update(active=False)
    for name, value in changes.items():
        setattr(rule, name, value)
    rule.pk = None
    rule._state.adding = True
    rule.version = (latest.version if latest else 0) + 1
    rule.changed_by = actor_name(user) if user is not None else ""
    rule.created_at = timezone.now()
    rule.full_clean()
    rule.save()
    return rule
