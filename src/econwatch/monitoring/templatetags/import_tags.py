"""Template helpers of the 数据导入 pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context: dict[str, Any], page: int) -> str:
    """The current query string with ``page`` replaced (for the pagers)."""
    query = context["request"].GET.copy()
    query["page"] = str(page)
    query.pop("format", None)
    return str(query.urlencode())
