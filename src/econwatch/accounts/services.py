"""Creating users with a role and a place (town, enterprise, department)."""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.db import transaction

from econwatch.accounts.models import Profile
from econwatch.accounts.roles import BY_CODE


class AccountError(ValueError):
    """A user that cannot be created as asked, with the reason in Chinese."""


@transaction.atomic
def create_user(
    username: str,
    password: str,
    role: str,
    *,
    full_name: str = "",
    division_code: str | None = None,
    unit_id: int | None = None,
    department: str = "",
) -> User:
    """Create (or update) a user holding one role.

    Args:
        username: the login name.
        password: the password to set.
        role: a role code from ``econwatch.accounts.roles.ROLES``.
        full_name: shown in the page header.
        division_code: the town (12-digit) a town officer or enumerator works in.
        unit_id: the enterprise an enterprise reporter answers for.
        department: the department of a handler.

    Raises:
        AccountError: unknown role, or a town officer without a town.
    """
    if role not in BY_CODE:
        known = "、".join(BY_CODE)
        raise AccountError(f"角色 {role!r} 不存在；可选角色：{known}")
    spec = BY_CODE[role]
    if spec.sees == "town" and not division_code:
        raise AccountError("镇街道业务员必须指定所属镇（街道）代码 --division")
    if spec.sees == "enterprise" and not unit_id:
        raise AccountError("企业填报员必须指定所属企业 --unit")
    user, _ = User.objects.get_or_create(username=username)
    user.set_password(password)
    user.first_name = full_name
    user.is_staff = role == "admin"
    user.is_superuser = role == "admin"
    user.save()
    user.groups.set([Group.objects.get_or_create(name=spec.group)[0]])
    Profile.objects.update_or_create(
        user=user,
        defaults={
            "division_id": division_code,
            "unit_id": unit_id,
            "department": department,
        },
    )
    return user
