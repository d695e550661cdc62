"""Admin screens for the register's master data.

Code lists (industries, divisions, registration categories) come from the files
shipped in :mod:`econwatch.core.codes` and are read-only here: change the file
and migrate. Taxonomies, reporting scopes and tags are edited here. Units are
read-mostly: a unit's data is changed through the register's edit page, which
goes through :mod:`econwatch.register.services` and keeps the audit trail; the
tags a unit holds are edited here with a reason that goes into the same trail.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from econwatch.accounts.scoping import visible_units
from econwatch.register.models import (
    AuditEntry,
    Division,
    Industry,
    RegistrationCategory,
    ReportingScope,
    Tag,
    Taxonomy,
    TaxonomyNode,
    TaxonomyVersion,
    Unit,
    UnitName,
    UnitTag,
    UnitYear,
)
from econwatch.register.tags import write_tag_audit


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable and searchable, never changed through the admin."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    """An inline list that cannot be changed here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Industry)
class IndustryAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    list_per_page = 100


@admin.register(Division)
class DivisionAdmin(ReadOnlyAdmin):
    list_display = ("code12", "code9", "name", "type", "level")
    list_filter = ("level", "type")
    search_fields = ("code12", "name")


@admin.register(RegistrationCategory)
class RegistrationCategoryAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")


class VersionInline(admin.TabularInline):
    model = TaxonomyVersion
    extra = 0
    fields = ("label", "valid_from", "valid_to", "source")
    show_change_link = True


@admin.register(Taxonomy)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")
    inlines = [VersionInline]


class NodeInline(admin.TabularInline):
    model = TaxonomyNode
    extra = 0
    fields = ("code", "name", "kind", "parent", "order")
    show_change_link = True  # members are edited on the node's own page

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "parent":
            version_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = TaxonomyNode.objects.filter(version_id=version_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(TaxonomyVersion)
class TaxonomyVersionAdmin(admin.ModelAdmin):
    list_display = ("taxonomy", "label", "valid_from", "valid_to", "node_count")
    list_filter = ("taxonomy",)
    inlines = [NodeInline]

    @admin.display(description="集群/产业链数")
    def node_count(self, obj: TaxonomyVersion) -> int:
        return obj.nodes.count()


@admin.register(TaxonomyNode)
class TaxonomyNodeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "version", "parent", "member_count")
    list_filter = ("version__taxonomy", "version", "kind")
    search_fields = ("code", "name")
    autocomplete_fields = ("units",)
    raw_id_fields = ("parent",)

    @admin.display(description="成员单位数")
    def member_count(self, obj: TaxonomyNode) -> int:
        return obj.units.count()


@admin.register(ReportingScope)
class ReportingScopeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order", "town_names")
    search_fields = ("code", "name")
    filter_horizontal = ("divisions",)

    @admin.display(description="包含镇（街道）")
    def town_names(self, obj: ReportingScope) -> str:
        return "、".join(d.name for d in obj.divisions.all())


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "holder_count")
    search_fields = ("code", "name")

    @admin.display(description="持有单位数")
    def holder_count(self, obj: Tag) -> int:
        return obj.holders.count()


class UnitTagForm(forms.ModelForm):
    """A unit's tag, with the reason the audit trail keeps."""

    reason = forms.CharField(label="变更原因", max_length=200)

    class Meta:
        model = UnitTag
        fields = ("unit", "tag", "valid_from", "valid_to", "source")


@admin.register(UnitTag)
class UnitTagAdmin(admin.ModelAdmin):
    form = UnitTagForm
    list_display = ("unit", "tag", "valid_from", "valid_to", "source")
    list_filter = ("tag",)
    search_fields = ("unit__name", "unit__uscc")
    autocomplete_fields = ("unit",)
    list_select_related = ("unit", "tag")

    def save_model(
        self, request: HttpRequest, obj: UnitTag, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        write_tag_audit(
            obj, request.user, form.cleaned_data["reason"], form.initial, change
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # end a tag with a 失效日期; the history stays


class NameInline(ReadOnlyInline):
    model = UnitName
    fields = ("name", "valid_from", "valid_to")


class YearInline(ReadOnlyInline):
    model = UnitYear
    fields = ("year", "above_scale", "revenue", "employees")


class AuditInline(ReadOnlyInline):
    model = AuditEntry
    fields = ("at", "username", "action", "field", "old", "new", "reason")
    readonly_fields = fields


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    """Units: look up here, change on the register page (keeps the audit trail)."""

    list_display = ("name", "uscc", "kind", "division", "industry", "status", "edit")
    list_filter = ("kind", "status", "size_class", "division")
    search_fields = ("name", "=uscc")
    list_select_related = ("division", "industry")
    show_full_result_count = False  # no COUNT(*) over the whole register
    inlines = [NameInline, YearInline, AuditInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Unit]:
        return visible_units(request.user, super().get_queryset(request))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    @admin.display(description="修改")
    def edit(self, obj: Unit) -> str:
        url = reverse("register:unit-edit", args=[obj.pk])
        return format_html('<a href="{}">在名录库中修改</a>', url)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "username", "action", "unit", "field", "old", "new", "reason")
    list_filter = ("action", "field")
    search_fields = ("username", "unit__name", "reason")
    list_select_related = ("unit",)
    date_hierarchy = "at"
