"""Template filters of the monitoring pages: pick a table, print a cell."""

from __future__ import annotations

from typing import Any

from django import template

from econwatch.core.stats import DASH

register = template.Library()


@register.filter
def pick(items: list[dict[str, Any]] | None, key: str) -> dict[str, Any] | None:
    """The item of a list of tables (or charts) whose ``key`` or ``id`` is ``key``."""
    for item in items or []:
        if item.get("key", item.get("id")) == key:
            return item
    return None


@register.filter
def cell(row: dict[str, Any], column: dict[str, Any]) -> str:
    """A table cell as printed: numbers with the column's decimals, "—" for none."""
    value = row.get(column["key"])
    if value is None or value == "":
        return DASH if column["kind"] != "text" or value is None else ""
    if column["kind"] == "number":
        return f"{value:.{column.get('places', 1)}f}"
    return str(value)


@register.filter
def get(mapping: dict[str, Any], key: str) -> Any:
    """``mapping[key]`` in a template (``None`` when absent)."""
    return mapping.get(key) if mapping else None
