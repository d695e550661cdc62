"""The roles of ARCHITECTURE.md, kept as Django groups."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    """A role: its stable code, its group name, and what rows it sees."""

    code: str
    group: str
    sees: str  # "all" | "town" | "enterprise" | "zone" | "department"
    can_edit_register: bool = False


ROLES: tuple[Role, ...] = (
    Role("admin", "系统管理员", "all", True),
    Role("analyst", "统计局分析员", "all", True),
    Role("industry_officer", "工信局业务员", "all"),
    Role("town_officer", "镇街道业务员", "town", True),
    Role("supervisor", "普查指导员", "zone"),
    Role("enumerator", "普查员", "zone"),
    Role("enterprise", "企业填报员", "enterprise"),
    Role("handler", "部门办理人", "department"),
    Role("leader", "领导（只读）", "all"),
)

BY_CODE = {r.code: r for r in ROLES}
BY_GROUP = {r.group: r for r in ROLES}


def role_of(user: object) -> Role | None:
    """The widest role a user holds (superusers are admins); None for none."""
    if not getattr(user, "is_authenticated", False):
        return None
    if getattr(user, "is_superuser", False):
        return BY_CODE["admin"]
    names = set(user.groups.values_list("name", flat=True))  # type: ignore[attr-defined]
    order = {"all": 0, "town": 1, "department": 2, "zone": 3, "enterprise": 4}
    held = [r for r in ROLES if r.group in names]
    return min(held, key=lambda r: order[r.sees]) if held else None
