"""Row-level scoping: every query for units goes through ``visible_units``.

Default deny: a user without a role, or a town officer without a town, sees
nothing. Later modules (census zones, dispatch departments) add their rules here.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from econwatch.accounts.roles import role_of
from econwatch.register.models import Unit


def unit_filter(user: object, prefix: str = "") -> Q:
    """A Q object restricting units (or rows with a unit FK at ``prefix``) to a user.

    Args:
        user: the request's user.
        prefix: the lookup path to the unit, e.g. ``"unit__"`` for monthly reports.
    """
    role = role_of(user)
    none = Q(pk__in=[])
    if role is None:
        return none
    if role.sees == "all":
        return Q()
    profile = getattr(user, "profile", None)
    if role.sees == "town" and profile is not None and profile.division_id:
        return Q(**{f"{prefix}division_id": profile.division_id})
    if role.sees == "enterprise" and profile is not None and profile.unit_id:
        return Q(**{f"{prefix}pk": profile.unit_id}) | Q(
            **{f"{prefix}legal_unit_id": profile.unit_id}
        )
    return none


def visible_units(user: object, qs: QuerySet[Unit] | None = None) -> QuerySet[Unit]:
    """The units a user may see."""
    qs = Unit.objects.all() if qs is None else qs
    return qs.filter(unit_filter(user))


def can_see_unit(user: object, unit: Unit) -> bool:
    """Whether the user may open this unit."""
    return visible_units(user, Unit.objects.filter(pk=unit.pk)).exists()
