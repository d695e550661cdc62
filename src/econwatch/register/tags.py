"""Give units tags (高新技术企业, 专精特新“小巨人” …) and end them, with audit.

A tag is held for a period (``valid_from`` … ``valid_to``); ending it sets the
end date and keeps the row, so the history stays. Every change writes an
:class:`~econwatch.register.models.AuditEntry` on the unit, like any other edit.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from econwatch.register.errors import UnitInvalid, UnitNotFound
from econwatch.register.models import Tag, UnitTag
from econwatch.register.services import (
    get_unit,
    reason_problems,
    require_editor,
    write_audit,
)
from econwatch.register.values import problem

__all__ = ["end_tag", "tag_unit", "write_tag_audit"]


def tag_unit(
    unit_id: int,
    tag_code: str,
    valid_from: datetime.date,
    user: object | None,
    reason: str,
    *,
    valid_to: datetime.date | None = None,
    source: str = "",
) -> UnitTag:
    """Give a unit a tag (e.g. 高新技术企业) for a period, with an audit entry.

    Raises:
        UnitNotFound: No such unit, or outside the user's scope.
        NotAllowed: The user's role cannot change the register.
        UnitInvalid: Unknown tag, an end before the start, or no reason.
    """
    unit = get_unit(unit_id, user)
    require_editor(user)
    tag = Tag.objects.filter(code=tag_code).first()
    problems = reason_problems(reason)
    if tag is None:
        problems.append(
            problem("tag-unknown", "tag", tag_code, f"标签“{tag_code}”不存在")
        )
    if valid_to is not None and valid_to < valid_from:
        problems.append(
            problem(
                "tag-period",
                "valid_to",
                valid_to.isoformat(),
                f"失效日期{valid_to.isoformat()}早于生效日期{valid_from.isoformat()}",
            )
        )
    if problems or tag is None:
        raise UnitInvalid(problems)
    with transaction.atomic():
        held = UnitTag.objects.create(
            unit=unit, tag=tag, valid_from=valid_from, valid_to=valid_to, source=source
        )
        period = _tag_period(tag.name, valid_from, valid_to)
        write_audit(unit, user, "tag-add", reason, {"tag": ("", period)})
    return held


def _tag_period(
    name: str, valid_from: datetime.date | None, valid_to: datetime.date | None
) -> str:
    start = valid_from.isoformat() if valid_from else "?"
    return (
        f"{name}（{start}起至{valid_to.isoformat()}）"
        if valid_to
        else (f"{name}（{start}起）")
    )


def write_tag_audit(
    held: UnitTag,
    user: object | None,
    reason: str,
    before: Mapping[str, Any],
    changed: bool,
) -> None:
    """Record a tag given or changed elsewhere (the admin) in the audit trail.

    Args:
        held: The unit's tag as saved.
        user: Who saved it.
        reason: Why.
        before: The tag's values before the change (``tag``, ``valid_from``,
            ``valid_to``), empty for a new tag.
        changed: Whether an existing tag was changed (else one was added).
    """
    old = ""
    if changed and before:
        tag = Tag.objects.filter(pk=before.get("tag")).first()
        old = _tag_period(
            tag.name if tag else "", before.get("valid_from"), before.get("valid_to")
        )
    new = _tag_period(held.tag.name, held.valid_from, held.valid_to)
    if old != new:
        action = "tag-end" if changed else "tag-add"
        write_audit(held.unit, user, action, reason, {"tag": (old, new)})


def end_tag(
    unit_tag_id: int, valid_to: datetime.date, user: object | None, reason: str
) -> UnitTag:
    """End a unit's tag on a date, with an audit entry.

    Raises:
        UnitNotFound: The tag's unit is missing or outside the user's scope.
        NotAllowed: The user's role cannot change the register.
        UnitInvalid: The end precedes the start, or no reason was given.
    """
    held = UnitTag.objects.select_related("tag").filter(pk=unit_tag_id).first()
    if held is None:
        raise UnitNotFound(f"（标签记录 {unit_tag_id}）")
    unit = get_unit(held.unit_id, user)
    require_editor(user)
    problems = reason_problems(reason)
    if valid_to < held.valid_from:
        problems.append(
            problem(
                "tag-period",
                "valid_to",
                valid_to.isoformat(),
                f"失效日期{valid_to.isoformat()}早于生效日期"
                f"{held.valid_from.isoformat()}",
            )
        )
    if problems:
        raise UnitInvalid(problems)
    with transaction.atomic():
        before = _tag_period(held.tag.name, held.valid_from, held.valid_to)
        held.valid_to = valid_to
        held.save(update_fields=["valid_to"])
        after = _tag_period(held.tag.name, held.valid_from, valid_to)
        write_audit(unit, user, "tag-end", reason, {"tag": (before, after)})
    return held
