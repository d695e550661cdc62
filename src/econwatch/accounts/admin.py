"""Admin screens for users: each user with the profile that bounds their view."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.http import HttpRequest

from econwatch.accounts.models import Profile, SiteSetting
from econwatch.accounts.roles import role_of


class ProfileInline(admin.StackedInline):
    """The town, enterprise or department a user's role is limited to."""

    model = Profile
    can_delete = False
    extra = 0
    max_num = 1
    verbose_name = verbose_name_plural = "用户资料（查看范围）"
    fields = ("division", "unit", "department")
    autocomplete_fields = ("unit",)

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "division":
            from econwatch.register.models import Division

            kwargs["queryset"] = Division.objects.filter(level="town")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


admin.site.unregister(User)


@admin.register(User)
class EconwatchUserAdmin(UserAdmin):
    """Django's user admin plus the role and the profile."""

    inlines = [ProfileInline]
    list_display = (
        "username",
        "first_name",
        "role",
        "scope",
        "is_active",
        "last_login",
    )
    list_filter = ("groups", "is_active", "is_staff")
    list_select_related = ("profile__division",)

    @admin.display(description="角色")
    def role(self, obj: User) -> str:
        found = role_of(obj)
        return found.group if found else "—"

    @admin.display(description="查看范围")
    def scope(self, obj: User) -> str:
        profile = getattr(obj, "profile", None)
        if profile is None:
            return "—"
        if profile.division_id:
            return profile.division.name
        if profile.unit_id:
            return f"企业 {profile.unit_id}"
        return profile.department or "—"


@admin.register(SiteSetting)
class SiteSettingAdmin(admin.ModelAdmin):
    list_display = ("key", "value")
