"""Admin screens: import batches (read only) and published figures (editable)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from econwatch.monitoring.models import ImportBatch, OfficialFigure

_LEVEL = {"error": "错误", "warning": "核实"}


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Every import, with its problems; nothing here can be changed."""

    list_display = (
        "id",
        "kind",
        "file_name",
        "status",
        "rows",
        "error_count",
        "warning_count",
        "actor",
        "started_at",
    )
    list_filter = ("kind", "status")
    search_fields = ("file_name", "sha256", "actor")
    date_hierarchy = "started_at"
    fields = (
        "kind",
        "file_name",
        "sha256",
        "actor",
        "user",
        "vintage",
        "check_only",
        "stored_file",
        "started_at",
        "finished_at",
        "rows",
        "status",
        "error_count",
        "warning_count",
        "summary",
        "problem_list",
    )
    readonly_fields = fields

    @admin.display(description="问题清单")
    def problem_list(self, batch: ImportBatch) -> str:
        """The stored problems as a table."""
        if not batch.problems:
            return "无"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
            "<td>{}</td></tr>",
            (
                (
                    "" if p.get("row") is None else p["row"],
                    p.get("field", ""),
                    p.get("value", ""),
                    p.get("code", ""),
                    _LEVEL.get(p.get("severity", ""), ""),
                    p.get("message", ""),
                )
                for p in batch.problems
            ),
        )
        return format_html(
            "<table><thead><tr><th>行号</th><th>字段</th><th>值</th><th>代码</th>"
            "<th>级别</th><th>说明</th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Batches are made by imports only."""
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Batches are a record; they are not edited."""
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Batches are a record; they are not deleted."""
        return False


@admin.register(OfficialFigure)
class OfficialFigureAdmin(admin.ModelAdmin):
    """Published figures: imported from files or typed in by the bureau."""

    list_display = (
        "indicator",
        "scope",
        "period",
        "value",
        "unit",
        "growth",
        "source",
        "published_on",
    )
    list_filter = ("scope", "indicator")
    search_fields = ("indicator", "scope", "period", "source", "note")
    readonly_fields = ("batch", "updated_at")
