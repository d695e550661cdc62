"""What people do with alerts and rules: view, handle, close, hand off, revise.

Every change of status is one call here, recorded as an
:class:`~econwatch.alerts.models.AlertEvent` with who and when. The lifecycle::

    新发 ──→ 已查看 ──→ 已处置 ──→ 已关闭
      │         └──────────────────↗
      └──→ 已处置 / 已关闭

The system closes 新发/已查看 alerts itself when the data show the condition has
cleared (:mod:`econwatch.alerts.evaluation`). Pages and the admin call these
functions; they check the user may see the alert (a town officer: their town)
and may act on alerts at all (:data:`ACTING_ROLES`; leaders and analysts read
only). 已处置 needs a note saying what was done, 已关闭 a reason. Every change of
status adds one to ``Alert.version``; a caller that read the alert earlier
passes the version it saw, and a change made meanwhile by someone else (or by
the system) is refused with :class:`StaleAlert` instead of being overwritten.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from econwatch.accounts.roles import role_of
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

ACTING_ROLES = frozenset({"admin", "industry_officer", "town_officer"})
"""Roles that change an alert's status (a town officer: in their town only).

The industry bureau and the towns work the alerts (ARCHITECTURE.md, Users);
the statistics bureau, leaders and enterprises read them.
"""

NOTE_REQUIRED: dict[str, str] = {
    Status.HANDLED: "标记“已处置”须填写处置情况：做了什么（如走访企业、协调解决、"
    "转交部门）",
    Status.CLOSED: "关闭预警须填写关闭原因（如季节性停产、误报、企业已恢复正常）",
}
"""Statuses that need a note, with what to write."""

DISPATCH_INTAKE = "econwatch.dispatch.intake"
"""Module the weekly-dispatch app will provide, with ``receive_alert(alert, user)``."""


class AlertError(ValueError):
    """A change that cannot be made, with the reason in Chinese.

    Attributes:
        code: Stable error code for the JSON error shape.
        status: HTTP status a web view answers with.
    """

    code = "alert-error"
    status = 400

    @property
    def message(self) -> str:
        """The reason in Chinese."""
        return str(self)


class OutOfScope(AlertError):
    """The alert's enterprise is outside the user's reach."""

    code = "not-found"
    status = 404


class NotAllowed(AlertError):
    """The user's role reads alerts but does not work them."""

    code = "forbidden"
    status = 403


class BadTransition(AlertError):
    """The alert's status does not allow this step."""

    code = "bad-transition"


class NoteRequired(AlertError):
    """已处置 without saying what was done, or 已关闭 without a reason."""

    code = "note-required"


class StaleAlert(AlertError):
    """Someone changed the alert's status since the caller read it.

    Attributes:
        alert: The alert as it is now.
    """

    code = "version-conflict"
    status = 409

    def __init__(self, alert: Alert) -> None:
        """Build the error from the alert as it is now."""
        self.alert = alert
        at = timezone.localtime(alert.status_at).strftime("%Y-%m-%d %H:%M")
        super().__init__(
            f"该预警已被{alert.status_by}于{at}改为“{alert.get_status_display()}”"
            f"（版本 {alert.version}），您的操作未保存；"
            "请查看最新状态和处理记录后再决定是否继续操作"
        )


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


def may_act(user: object) -> bool:
    """Whether the user's role works alerts (changes their status) at all."""
    role = role_of(user)
    return role is not None and role.code in ACTING_ROLES


def allowed_steps(alert: Alert, user: object) -> list[str]:
    """The statuses this user may move this alert to now (none for readers).

    The caller has checked that the user may see the alert.
    """
    if not may_act(user):
        return []
    return [
        s
        for s in (Status.SEEN, Status.HANDLED, Status.CLOSED)
        if s in TRANSITIONS.get(alert.status, set())
    ]


def _check_visible(alert: Alert, user: object) -> None:
    if not visible_alerts(user, Alert.objects.filter(pk=alert.pk)).exists():
        raise OutOfScope("您无权处理该预警：企业不在您的管辖范围内")


def _check_may_act(user: object) -> None:
    if not may_act(user):
        role = role_of(user)
        raise NotAllowed(
            f"您的角色（{role.group if role else '无角色'}）只能查看预警，"
            "不能改变预警状态；预警由工信局业务员和所属镇（街道）业务员处理"
        )


@transaction.atomic
def change_status(
    alert: Alert,
    to: str,
    user: object,
    note: str = "",
    *,
    expected_version: int | None = None,
) -> Alert:
    """Move an alert to another status, recording who, when and why.

    Args:
        alert: The alert.
        to: ``seen``, ``handled`` or ``closed``.
        user: Who does it.
        note: What was done (required for ``handled``) or why (required for
            ``closed``), kept in the history.
        expected_version: The alert's ``version`` when the user read it (a page
            form carries it); ``None`` skips the check (admin, scripts).

    Returns:
        The alert as saved.

    Raises:
        OutOfScope: the user may not see the alert.
        NotAllowed: the user's role does not work alerts.
        StaleAlert: the status changed since ``expected_version``.
        BadTransition: the current status does not allow the move.
        NoteRequired: no note for ``handled`` or ``closed``.
    """
    _check_visible(alert, user)
    _check_may_act(user)
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if expected_version is not None and alert.version != expected_version:
        raise StaleAlert(alert)
    if to not in TRANSITIONS.get(alert.status, set()):
        raise BadTransition(
            f"预警当前状态为“{alert.get_status_display()}”，"
            f"不能改为“{Status(to).label if to in Status.values else to}”"
        )
    note = (note or "").strip()
    if to in NOTE_REQUIRED and not note:
        raise NoteRequired(NOTE_REQUIRED[to])
    before, now = alert.status, timezone.now()
    alert.status, alert.status_at, alert.status_by = to, now, actor_name(user)
    alert.version += 1
    alert.save(
        update_fields=["status", "status_at", "status_by", "version", "updated_at"]
    )
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


def mark_seen(
    alert: Alert, user: object, *, expected_version: int | None = None
) -> Alert:
    """新发 → 已查看 (opening a seen or finished alert again changes nothing).

    With ``expected_version`` (a page's button) the step is taken strictly: a
    stale version or a status other than 新发 is refused, not ignored.
    """
    if expected_version is None and alert.status != Status.NEW:
        _check_visible(alert, user)
        return alert
    return change_status(alert, Status.SEEN, user, expected_version=expected_version)


def mark_handled(
    alert: Alert, user: object, note: str = "", *, expected_version: int | None = None
) -> Alert:
    """→ 已处置: someone acted on it (visited, coordinated, dispatched).

    ``note`` says what was done; without one :class:`NoteRequired` is raised.
    """
    return change_status(
        alert, Status.HANDLED, user, note, expected_version=expected_version
    )


def close_alert(
    alert: Alert, user: object, note: str = "", *, expected_version: int | None = None
) -> Alert:
    """→ 已关闭: nothing (more) to do, e.g. a known seasonal stop or a false alarm.

    ``note`` gives the reason; without one :class:`NoteRequired` is raised.
    """
    return change_status(
        alert, Status.CLOSED, user, note, expected_version=expected_version
    )


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
        _check_may_act(user)
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
