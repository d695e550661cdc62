"""Register and change units; every write keeps its audit trail.

This is the library the edit pages, the JSON API, the admin and scripts call; a
test can do here everything a page can do. Each function

* checks the user may do it (roles and row-level scoping of
  :mod:`econwatch.accounts`),
* checks the data with the code lists (:mod:`econwatch.register.validation`),
  reporting every problem at once and saving nothing when there is one,
* writes the unit, its name history and one :class:`AuditEntry` per changed
  field (who, when, field, old, new, why) in one transaction.

Concurrent edits are detected with the unit's ``version`` column: an update is
``UPDATE register_unit SET ..., version = version + 1 WHERE id = %s AND
version = %s``; when no row matches, someone saved in between and the edit is
refused with :class:`VersionConflict`, never silently merged.

Example:
    >>> unit = create_unit(
    ...     {"kind": "legal", "name": "常州示例机械有限公司",
    ...      "uscc": "91320412MA1MXXXXXY", "division": "320412100"},
    ...     user, reason="新设立登记")                      # doctest: +SKIP
    >>> update_unit(unit.pk, {"employees": 120}, user,
    ...             reason="年报更正", expected_version=unit.version)  # doctest: +SKIP
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from econwatch.accounts.roles import role_of
from econwatch.accounts.scoping import can_see_unit, visible_units
from econwatch.core.codes.problems import CodeProblem
from econwatch.register.errors import (
    NotAllowed,
    UnitInvalid,
    UnitNotFound,
    VersionConflict,
)
from econwatch.register.fields import BY_NAME, as_text, stored
from econwatch.register.models import AuditEntry, Unit, UnitName
from econwatch.register.validation import Prepared, prepare, problem

__all__ = [
    "can_edit",
    "create_unit",
    "get_unit",
    "reason_problems",
    "require_editor",
    "update_unit",
    "write_audit",
]

SYSTEM = "系统"
REASON_MAX = 200


def get_unit(unit_id: object, user: object | None) -> Unit:
    """The unit with this id, if the user may see it.

    Args:
        unit_id: The unit's id.
        user: The user asking; ``None`` for system processes (no scoping).

    Raises:
        UnitNotFound: No such unit, or outside the user's scope (the same
            answer, so that other towns' units cannot be probed).
    """
    qs = Unit.objects.all() if user is None else visible_units(user)
    try:
        return qs.select_related("division", "industry", "reg_category").get(
            pk=int(str(unit_id))
        )
    except (Unit.DoesNotExist, ValueError) as error:
        raise UnitNotFound(unit_id) from error


def can_edit(user: object | None, unit: Unit | None = None) -> bool:
    """Whether the user's role may change the register (and this unit)."""
    if user is None:
        return True
    role = role_of(user)
    if role is None or not role.can_edit_register:
        return False
    return unit is None or can_see_unit(user, unit)


def require_editor(user: object | None) -> None:
    """Refuse users whose role only reads the register.

    Raises:
        NotAllowed: The role (or lack of one) cannot change the register.
    """
    if not can_edit(user):
        role = role_of(user)
        name = role.group if role else "无角色"
        raise NotAllowed(
            f"您的角色（{name}）只能查看名录库，不能登记或修改单位；"
            "如需修改，请联系统计局或所在镇（街道）"
        )


def _scope_problems(
    user: object | None, values: Mapping[str, Any]
) -> list[CodeProblem]:
    """A town officer may only place units in their own town."""
    role = role_of(user) if user is not None else None
    if role is None or role.sees != "town" or "division" not in values:
        return []
    own = getattr(getattr(user, "profile", None), "division_id", None)
    if values["division"] == own:
        return []
    return [
        problem(
            "division-outside-scope",
            "division",
            values["division"],
            f"镇街道业务员只能登记本镇（街道）的单位，所在镇（街道）“{values['division']}”"
            "不是您所在的镇（街道）；如单位已迁出，请联系统计局办理迁移",
        )
    ]


def reason_problems(reason: str) -> list[CodeProblem]:
    """What is wrong with the reason given for a change (it is required)."""
    text = (reason or "").strip()
    if not text:
        return [
            problem(
                "reason-required",
                "reason",
                "",
                "请填写变更原因（如“年报更正”“迁址”），它会记入变更记录",
            )
        ]
    if len(text) > REASON_MAX:
        return [
            problem(
                "reason-too-long",
                "reason",
                text[:20] + "…",
                f"变更原因最多{REASON_MAX}个字，现为{len(text)}个字，请精简",
            )
        ]
    return []


def _columns(prepared: Prepared) -> dict[str, Any]:
    """Model attribute → value for the prepared field values."""
    columns = {BY_NAME[name].attr: value for name, value in prepared.values.items()}
    if "operator_id" in prepared.values:
        columns["operator_id_last4"] = prepared.operator_last4
    for nullable in ("uscc", "industry_id", "reg_category_id", "legal_unit_id"):
        if nullable in columns and not columns[nullable]:
            columns[nullable] = None
    return columns


def _audit_value(name: str, value: Any, last4: str = "") -> str:
    """What the audit trail keeps: never an identity number, even hashed."""
    if name == "operator_id":
        return f"尾号{last4}" if value else ""
    return as_text(value)


def _username(user: object | None) -> str:
    return str(getattr(user, "username", "")) or SYSTEM


def write_audit(
    unit: Unit,
    user: object | None,
    action: str,
    reason: str,
    changes: Mapping[str, tuple[str, str]],
) -> None:
    """Write one audit entry per changed field (call inside the transaction).

    Args:
        unit: The unit changed.
        user: Who changed it (``None``: the system).
        action: ``"create"``, ``"update"``, ``"tag-add"`` or ``"tag-end"``.
        reason: Why, as the user gave it.
        changes: Field name → (old, new) as text.
    """
    AuditEntry.objects.bulk_create(
        AuditEntry(
            unit=unit,
            user=user if getattr(user, "pk", None) else None,
            username=_username(user),
            action=action,
            field=name,
            old=old,
            new=new,
            reason=reason.strip(),
        )
        for name, (old, new) in changes.items()
    )


def _unique_violation(code: str) -> UnitInvalid:
    """A USCC saved by someone else between our check and our write."""
    return UnitInvalid(
        [
            problem(
                "uscc-duplicate",
                "uscc",
                code,
                f"统一社会信用代码“{code}”刚刚已被登记，同一代码不能登记两次；"
                "请核对代码",
            )
        ]
    )


def create_unit(data: Mapping[str, Any], user: object | None, reason: str) -> Unit:
    """Register a new unit.

    Args:
        data: Field name → raw value (see :mod:`econwatch.register.fields`);
            ``kind``, ``name`` and ``division`` are required, and ``uscc`` for
            a legal unit, ``legal_unit`` for an activity unit.
        user: Who registers it; ``None`` for system processes.
        reason: Why (kept in the audit trail), e.g. ``"新设立登记"``.

    Returns:
        The saved unit (version 1).

    Raises:
        NotAllowed: The user's role cannot register units.
        UnitInvalid: With every problem found; nothing was saved.
    """
    require_editor(user)
    prepared = prepare(data, None, None, _seer(user))
    problems = prepared.problems + reason_problems(reason)
    problems += _scope_problems(user, prepared.values)
    if problems:
        raise UnitInvalid(problems)
    try:
        with transaction.atomic():
            unit = Unit.objects.create(**_columns(prepared))
            UnitName.objects.create(
                unit=unit,
                name=unit.name,
                valid_from=unit.founded or timezone.localdate(),
            )
            write_audit(
                unit,
                user,
                "create",
                reason,
                {
                    name: ("", _audit_value(name, value, prepared.operator_last4))
                    for name, value in prepared.values.items()
                    if value not in (None, "")
                },
            )
    except IntegrityError as error:
        if not prepared.values.get("uscc"):
            raise
        raise _unique_violation(prepared.values["uscc"]) from error
    return unit


def update_unit(
    unit_id: int,
    changes: Mapping[str, Any],
    user: object | None,
    reason: str,
    expected_version: int,
) -> Unit:
    """Change a unit, refusing if someone else saved it first.

    Only fields whose value really changes are written and audited; a form may
    send every field. Blank ``operator_id`` means "keep the stored number".

    Args:
        unit_id: The unit's id.
        changes: Field name → raw new value.
        user: Who changes it; ``None`` for system processes.
        reason: Why (kept in the audit trail for every changed field).
        expected_version: The version the user's form was built from.

    Returns:
        The unit as saved (its version raised by one if anything changed).

    Raises:
        UnitNotFound: No such unit, or outside the user's scope.
        NotAllowed: The user's role cannot change the register.
        VersionConflict: The unit was saved by someone else since
            ``expected_version``; nothing was saved.
        UnitInvalid: With every problem found; nothing was saved.
    """
    unit = get_unit(unit_id, user)
    require_editor(user)
    if unit.version != expected_version:
        raise VersionConflict(unit.version)
    old = stored(unit)
    prepared = prepare(changes, old, unit.pk, _seer(user))
    problems = prepared.problems + reason_problems(reason)
    problems += _scope_problems(user, prepared.values)
    if problems:
        raise UnitInvalid(problems)
    if not prepared.values:
        return unit
    today = timezone.localdate()
    try:
        with transaction.atomic():
            # The WHERE on version makes the check and the write one statement.
            updated = Unit.objects.filter(pk=unit.pk, version=expected_version).update(
                **_columns(prepared),
                version=F("version") + 1,
                updated_at=timezone.now(),
            )
            if updated == 0:
                current = Unit.objects.filter(pk=unit.pk).values_list(
                    "version", flat=True
                )
                raise VersionConflict(current.first() or expected_version)
            if "name" in prepared.values:
                _rename(unit, prepared.values["name"], today)
            write_audit(
                unit,
                user,
                "update",
                reason,
                {
                    name: (
                        _audit_value(name, old[name], unit.operator_id_last4),
                        _audit_value(name, value, prepared.operator_last4),
                    )
                    for name, value in prepared.values.items()
                },
            )
    except IntegrityError as error:
        if not prepared.values.get("uscc"):
            raise
        raise _unique_violation(prepared.values["uscc"]) from error
    unit.refresh_from_db()
    return unit


def _seer(user: object | None) -> Any:
    if user is None:
        return None
    return lambda other: can_see_unit(user, other)


def _rename(unit: Unit, new_name: str, today: datetime.date) -> None:
    """Close the current name and open the new one (name history)."""
    closed = UnitName.objects.filter(unit=unit, valid_to__isnull=True).update(
        valid_to=today
    )
    if closed == 0:  # units loaded in bulk may have no history yet
        UnitName.objects.create(unit=unit, name=unit.name, valid_to=today)
    UnitName.objects.create(unit=unit, name=new_name, valid_from=today)
