"""Admin: the bureau edits rules (each save is a new version) and works alerts."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html

from econwatch.alerts import services
from econwatch.alerts.models import Alert, AlertEvent, AlertRule


@admin.register(AlertRule)
class AlertRuleAdmin(admin.ModelAdmin):
    """Rules: saving a change adds a version; old versions stay for the record."""

    list_display = (
        "code",
        "name",
        "version",
        "active",
        "level",
        "kind",
        "threshold",
        "persistence",
        "scope",
        "valid_from",
        "rule_sentence",
    )
    list_filter = ("active", "kind", "level", "scope")
    search_fields = ("code", "name")
    readonly_fields = ("version", "changed_by", "created_at", "rule_sentence")
    fieldsets = (
        (None, {"fields": ("code", "name", "active", "level", "valid_from")}),
        (
            "判定",
            {
                "fields": (
                    "kind",
                    "indicator",
                    "comparison",
                    "threshold",
                    "persistence",
                    "parameters",
                    "rule_sentence",
                )
            },
        ),
        ("范围", {"fields": ("scope", "scope_tag")}),
        ("说明", {"fields": ("description", "version", "changed_by", "created_at")}),
    )

    @admin.display(description="规则表述")
    def rule_sentence(self, obj: AlertRule) -> str:
        """The rule read as a sentence."""
        return obj.sentence() if obj.pk and obj.kind else ""

    def save_model(
        self, request: HttpRequest, obj: AlertRule, form: Any, change: bool
    ) -> None:
        """Save edits as a new version (and a new code as version 1)."""
        if change or AlertRule.objects.filter(code=obj.code).exists():
            services.new_rule_version(obj, request.user)
            return
        obj.version = 1
        obj.changed_by = services.actor_name(request.user)
        obj.save()


class AlertEventInline(admin.TabularInline):
    """The alert's history, read only."""

    model = AlertEvent
    extra = 0
    can_delete = False
    fields = ("at", "actor", "action", "from_status", "to_status", "note")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """History is written by the services only."""
        return False


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    """Alerts, scoped to what the user may see; status changes are actions."""

    list_display = (
        "level",
        "unit",
        "rule_code",
        "summary",
        "status",
        "first_seen",
        "last_seen",
        "status_by",
    )
    list_filter = ("status", "level", "rule_code")
    search_fields = ("unit__name", "unit__uscc", "summary")
    list_select_related = ("unit", "rule")
    inlines = [AlertEventInline]
    actions = ["action_seen", "action_handled", "action_close", "action_hand_off"]
    fields = (
        "unit",
        "rule",
        "level",
        "status",
        "summary",
        "evidence_pretty",
        "first_seen",
        "last_seen",
        "cleared_on",
        "status_at",
        "status_by",
        "handed_off_at",
    )
    readonly_fields = fields

    @admin.display(description="依据")
    def evidence_pretty(self, obj: Alert) -> str:
        """The evidence JSON, indented."""
        text = json.dumps(obj.evidence, ensure_ascii=False, indent=2)
        return format_html("<pre>{}</pre>", text)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Alert]:
        """Only the alerts of enterprises the user may see."""
        return services.visible_alerts(request.user, super().get_queryset(request))

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Alerts are raised by the evaluation only."""
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Alerts are closed, never deleted."""
        return False

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """Opening a new alert marks it 已查看."""
        if request.method == "GET":
            alert = self.get_queryset(request).filter(pk=object_id).first()
            if alert is not None and alert.status == Alert.Status.NEW:
                services.mark_seen(alert, request.user)
        return super().change_view(request, object_id, form_url, extra_context)

    def _apply(self, request: HttpRequest, qs: QuerySet[Alert], to: str) -> None:
        done, errors = 0, []
        for alert in qs:
            try:
                services.change_status(alert, to, request.user, "管理后台批量操作")
                done += 1
            except services.AlertError as exc:
                errors.append(f"{alert.unit}：{exc}")
        if done:
            self.message_user(request, f"已更新 {done} 条预警")
        for error in errors:
            self.message_user(request, error, messages.WARNING)

    @admin.action(description="标记为已查看")
    def action_seen(self, request: HttpRequest, qs: QuerySet[Alert]) -> None:
        """新发 → 已查看."""
        self._apply(request, qs.filter(status=Alert.Status.NEW), Alert.Status.SEEN)

    @admin.action(description="标记为已处置")
    def action_handled(self, request: HttpRequest, qs: QuerySet[Alert]) -> None:
        """→ 已处置."""
        self._apply(request, qs, Alert.Status.HANDLED)

    @admin.action(description="关闭预警")
    def action_close(self, request: HttpRequest, qs: QuerySet[Alert]) -> None:
        """→ 已关闭."""
        self._apply(request, qs, Alert.Status.CLOSED)

    @admin.action(description="转交周调度")
    def action_hand_off(self, request: HttpRequest, qs: QuerySet[Alert]) -> None:
        """Hand each alert to the weekly dispatch (stub until that module exists)."""
        for alert in qs:
            services.hand_off_to_dispatch(alert, request.user)
        self.message_user(request, f"已转交 {qs.count()} 条预警（待周调度模块接收）")
