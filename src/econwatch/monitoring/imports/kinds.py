"""The import kinds: for each, its layout and how it is validated and stored."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from econwatch.monitoring.imports import daily, monthly, official
from econwatch.monitoring.imports.columns import Layout
from econwatch.monitoring.imports.context import ImportContext

Rows = Iterator[tuple[int, list[object]]]


@dataclass(frozen=True)
class Kind:
    """One kind of import file.

    Attributes:
        name: ``monthly``, ``invoices``, ``electricity`` or ``official``.
        layout: Its columns.
        validate: Reads and checks the data rows; returns what ``store`` writes.
        store: Writes the validated rows (in a transaction) and returns a summary.
        size: The number of records ``validate`` returned.
    """

    name: str
    layout: Layout
    validate: Callable[[Rows, dict[str, int], ImportContext], Any]
    store: Callable[[Any, ImportContext, int], dict[str, object]]
    size: Callable[[Any], int]

    @property
    def title(self) -> str:
        """Chinese title, e.g. 规上工业月报."""
        return self.layout.title


def _daily(spec: daily.DailySpec) -> Kind:
    return Kind(
        spec.layout.kind,
        spec.layout,
        lambda rows, cols, ctx: daily.validate(spec, rows, cols, ctx),
        lambda data, ctx, batch_id: daily.store(spec, data, ctx, batch_id),
        len,
    )


KINDS: dict[str, Kind] = {
    "monthly": Kind(
        "monthly",
        monthly.LAYOUT,
        monthly.validate,
        lambda data, ctx, batch_id: monthly.store(data, ctx),
        lambda data: len(data.records),
    ),
    "invoices": _daily(daily.INVOICES),
    "electricity": _daily(daily.ELECTRICITY),
    "official": Kind(
        "official",
        official.LAYOUT,
        official.validate,
        official.store,
        lambda data: len(data.records),
    ),
}


def get_kind(name: str) -> Kind:
    """The kind called ``name``.

    Raises:
        ValueError: Unknown kind (the message lists the known ones).
    """
    try:
        return KINDS[name]
    except KeyError:
        known = "、".join(f"{k}（{v.title}）" for k, v in KINDS.items())
        raise ValueError(f"没有“{name}”这种导入类型；可用：{known}") from None
