"""Who may open which monitoring page.

The district pages (cockpit, any scope, any town) are for roles that see the
whole district; a 镇街道业务员 sees their own town only (their cockpit *is* their
town page); an enterprise reporter sees their own enterprise's profile. Other
roles (census staff, department handlers) have no monitoring pages.

A town that exists but is not the user's answers 403 (towns are no secret); an
enterprise outside the user's reach answers 404, the same as one that does not
exist, as the register does.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from econwatch.accounts.roles import role_of
from econwatch.accounts.scoping import can_see_unit
from econwatch.register.errors import error_json
from econwatch.register.models import Division, Unit


class PageError(Exception):
    """A monitoring page that cannot be shown, in the platform's error shape.

    Attributes:
        code: Stable error code (``forbidden``, ``not-found``, ``bad-period`` …).
        status: HTTP status.
        message: What went wrong and what to do, in Chinese.
    """

    def __init__(self, code: str, status: int, message: str) -> None:
        """Build the error."""
        super().__init__(message)
        self.code = code
        self.status = status
        self.message = message

    def as_json(self) -> dict[str, Any]:
        """The canonical JSON error body."""
        return error_json(self.code, self.message)


def reach(user: object) -> str | None:
    """``all``, ``town`` or ``enterprise``: how far the user's monitoring view goes.

    ``None`` for a user without a monitoring role, or a town officer without a
    town, or an enterprise reporter without an enterprise.
    """
    role = role_of(user)
    if role is None:
        return None
    profile = getattr(user, "profile", None)
    if role.sees == "all":
        return "all"
    if role.sees == "town" and profile is not None and profile.division_id:
        return "town"
    if role.sees == "enterprise" and profile is not None and profile.unit_id:
        return "enterprise"
    return None


def require(user: object) -> str:
    """The user's reach, or a 403 when they have no monitoring pages.

    Raises:
        PageError: the user's role has no monitoring view.
    """
    found = reach(user)
    if found is None:
        raise PageError(
            "forbidden",
            403,
            "您的角色没有运行监测页面的查看权限；如需查看，请联系系统管理员分配角色",
        )
    return found


def home_url(user: object) -> str | None:
    """Where a restricted user's cockpit is: their town page or their enterprise.

    ``None`` for users who see the whole district (their cockpit is the district's).
    """
    found = reach(user)
    profile = getattr(user, "profile", None)
    if found == "town" and profile is not None:
        return reverse("monitoring:town", args=[profile.division_id])
    if found == "enterprise" and profile is not None:
        return reverse("monitoring:enterprise", args=[profile.unit_id])
    return None


def town_for(user: object, code12: str) -> Division:
    """The town a user asked for, if they may see it.

    Raises:
        PageError: 404 for an unknown town, 403 for another officer's town.
    """
    found = require(user)
    town = Division.objects.filter(pk=code12, level="town").first()
    if town is None:
        raise PageError(
            "not-found",
            404,
            f"镇（街道）代码 {code12} 不存在；请从驾驶舱的镇街排名进入镇街页面",
        )
    profile = getattr(user, "profile", None)
    own = profile.division_id if profile is not None else None
    if found != "all" and own != town.pk:
        raise PageError(
            "forbidden",
            403,
            f"您只能查看本镇（街道）的数据，无权查看{town.name}；"
            "请从“运行监测”进入本镇页面",
        )
    return town


def enterprise_for(user: object, unit_id: int) -> Unit:
    """The enterprise a user asked for, if they may see it.

    Raises:
        PageError: 404 when it does not exist or is outside the user's reach.
    """
    require(user)
    unit = (
        Unit.objects.select_related("division", "industry", "reg_category")
        .filter(pk=unit_id)
        .first()
    )
    if unit is None or not can_see_unit(user, unit):
        raise PageError(
            "not-found",
            404,
            f"找不到编号为 {unit_id} 的企业，或该企业不在您的查看范围内；"
            "请从驾驶舱或镇街页面的企业列表进入",
        )
    return unit


def own_town(user: object) -> str | None:
    """The town code a town officer is bound to (``None`` for others)."""
    if reach(user) != "town":
        return None
    return str(user.profile.division_id)  # type: ignore[attr-defined]
