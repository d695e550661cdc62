"""The 数据导入 link of the top navigation, shown only to roles that may import."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html

from econwatch.monitoring.pages.imports import may_import

register = template.Library()

NAV = "monitoring:imports"


@register.simple_tag(takes_context=True)
def import_nav(context: dict[str, Any]) -> str:
    """``<a href=…>数据导入</a>`` for importers ('' for everyone else)."""
    user = context.get("user")
    if user is None or not may_import(user):
        return ""
    if context.get("nav_active") == NAV:
        return str(
            format_html(
                '<a href="{}" class="active" aria-current="page">数据导入</a>',
                reverse(NAV),
            )
        )
    return str(format_html('<a href="{}">数据导入</a>', reverse(NAV)))


@register.simple_tag(takes_context=True)
def page_query(context: dict[str, Any], page: int) -> str:
    """The current query string with ``page`` replaced (for the pagers)."""
    query = context["request"].GET.copy()
    query["page"] = str(page)
    query.pop("format", None)
    return str(query.urlencode())
