"""Import of the daily series: invoices (税务局, 元) and electricity (供电公司, kWh).

One row per enterprise × day. Re-importing a day replaces its value (upsert); the
values replaced are kept with the batch that replaced them (``ImportChange``).
A year of a district's daily rows is about a million, so rows are held in compact
arrays, duplicates are found by sorting (numpy), and writes go through a staging
table (:mod:`econwatch.monitoring.imports.staging`).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from econwatch.monitoring.imports.columns import ENTERPRISE_COLUMNS, Column, Layout
from econwatch.monitoring.imports.context import ImportContext
from econwatch.monitoring.imports.enterprises import Enterprises
from econwatch.monitoring.imports.problems import problem
from econwatch.monitoring.imports.staging import target_for, upsert_daily
from econwatch.monitoring.imports.values import (
    BadValue,
    cell_text,
    parse_amount,
    parse_day,
)
from econwatch.monitoring.models import DailyElectricity, DailyInvoice

_DAY = Column(
    "day",
    "日期",
    "开票或用电发生的日期",
    rule="年-月-日，如2024-03-05、2024/3/5、20240305；不能晚于今天",
    example="2024-03-05",
    required=True,
    aliases=("开票日期", "用电日期", "日期(年月日)"),
)


@dataclass(frozen=True)
class DailySpec:
    """One daily series: its layout, model and how a negative value is treated."""

    layout: Layout
    model: type
    value_field: str
    negative_code: str  # "negative-value" (error) or "negative-invoice" (warning)
    negative_message: str


INVOICES = DailySpec(
    Layout(
        "invoices",
        "每日开票销售",
        (
            *ENTERPRISE_COLUMNS,
            _DAY,
            Column(
                "amount",
                "开票金额(元)",
                "当日增值税发票开票销售额（税务局口径，按开票日期）",
                "元",
                "必填；四舍五入到元；为负（红字发票冲减）时给核实提示",
                "1285000.00",
                True,
                ("开票销售额(元)", "开票销售(元)", "开票金额"),
            ),
        ),
    ),
    DailyInvoice,
    "amount",
    "negative-invoice",
    "开票金额为负，通常是红字发票冲减；请核实",
)
ELECTRICITY = DailySpec(
    Layout(
        "electricity",
        "每日用电量",
        (
            *ENTERPRISE_COLUMNS,
            _DAY,
            Column(
                "kwh",
                "用电量(千瓦时)",
                "当日用电量（供电公司计量）",
                "千瓦时",
                "必填；四舍五入到千瓦时；不能为负",
                "36500",
                True,
                ("日用电量(千瓦时)", "用电量(kWh)", "用电量"),
            ),
        ),
    ),
    DailyElectricity,
    "kwh",
    "negative-value",
    "用电量不能为负数；请核对数值和正负号",
)


@dataclass
class DailyRows:
    """Valid rows as parallel arrays: unit id, day (ordinal), value, row number."""

    units: array[int] = field(default_factory=lambda: array("q"))
    days: array[int] = field(default_factory=lambda: array("l"))
    values: array[int] = field(default_factory=lambda: array("q"))
    rows: array[int] = field(default_factory=lambda: array("l"))

    def __len__(self) -> int:
        return len(self.units)


def validate(
    spec: DailySpec,
    rows: Iterator[tuple[int, list[object]]],
    cols: dict[str, int],
    ctx: ImportContext,
) -> DailyRows:
    """Read every row; problems go to ``ctx.problems``.

    Args:
        spec: Which series.
        rows: Data rows after the header.
        cols: Column key → index, from :meth:`Layout.match`.
        ctx: The import in progress.

    Returns:
        The rows that could be read.
    """
    layout = spec.layout
    enterprises = Enterprises(layout, with_names="name" in cols)
    value_key = spec.value_field
    i_code, i_id, i_name = cols.get("uscc"), cols.get("unit_id"), cols.get("name")
    i_day, i_value = cols["day"], cols[value_key]
    known: dict[tuple[object, object], int] = {}
    days: dict[object, int | str] = {}
    out = DailyRows()
    today = ctx.today
    pending = 0
    for number, cells in rows:
        pending += 1
        if pending == 1_000:
            ctx.advance(pending)
            pending = 0
        width = len(cells)
        code = cells[i_code] if i_code is not None and i_code < width else None
        uid = cells[i_id] if i_id is not None and i_id < width else None
        unit_id = known.get((code, uid))
        if unit_id is None:
            name = cells[i_name] if i_name is not None and i_name < width else None
            unit_id, found = enterprises.resolve(number, code, uid, name)
            ctx.problems.extend(found)
            if unit_id is not None:
                known[(code, uid)] = unit_id
        raw_day = cells[i_day] if i_day < width else None
        day = days.get(raw_day)
        if day is None:
            try:
                day = parse_day(raw_day, today=today).toordinal()
            except BadValue as bad:
                day = bad.message
            if isinstance(raw_day, (str, date)):
                days[raw_day] = day
        if isinstance(day, str):
            ctx.problems.add(
                problem(
                    "bad-date", number, layout.header("day"), cell_text(raw_day), day
                )
            )
        raw = cells[i_value] if i_value < width else None
        try:
            value = parse_amount(raw)
        except BadValue as bad:
            ctx.problems.add(
                problem(
                    "bad-number",
                    number,
                    layout.header(value_key),
                    cell_text(raw),
                    bad.message,
                )
            )
            continue
        if value is None:
            ctx.problems.add(
                problem(
                    "missing-value",
                    number,
                    layout.header(value_key),
                    "",
                    f"“{layout.header(value_key)}”为必填项；当日没有的填0",
                )
            )
            continue
        if value < 0:
            ctx.problems.add(
                problem(
                    spec.negative_code,
                    number,
                    layout.header(value_key),
                    cell_text(raw),
                    spec.negative_message,
                )
            )
        if unit_id is None or isinstance(day, str):
            continue
        out.units.append(unit_id)
        out.days.append(day)
        out.values.append(value)
        out.rows.append(number)
    ctx.advance(pending)
    _duplicates(spec, out, ctx)
    return out


def _duplicates(spec: DailySpec, rows: DailyRows, ctx: ImportContext) -> None:
    """Report every enterprise × day that appears more than once."""
    if len(rows) < 2:
        return
    keys = np.frombuffer(rows.units, dtype=np.int64) * 1_000_000 + np.frombuffer(
        rows.days, dtype=np.int64 if rows.days.itemsize == 8 else np.int32
    )
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.concatenate(([True], ordered[1:] != ordered[:-1]))
    if starts.all():
        return
    first = np.maximum.accumulate(np.where(starts, np.arange(len(ordered)), 0))
    header = spec.layout.header("day")
    for position in np.nonzero(~starts)[0]:
        later, earlier = int(order[position]), int(order[first[position]])
        ctx.problems.add(
            problem(
                "duplicate-row",
                rows.rows[later],
                header,
                date.fromordinal(rows.days[later]).isoformat(),
                f"与第{rows.rows[earlier]}行是同一企业同一天；每个企业每天只能有一行，"
                "同一天有多笔的请先汇总",
            )
        )


def store(
    spec: DailySpec, rows: DailyRows, ctx: ImportContext, batch_id: int
) -> dict[str, object]:
    """Upsert the rows (inside the caller's transaction).

    Returns:
        The summary: first and last day, enterprises, inserted, updated, unchanged.
    """
    if not len(rows):
        return {"inserted": 0, "updated": 0, "unchanged": 0, "enterprises": 0}
    iso = {d: date.fromordinal(d).isoformat() for d in set(rows.days)}
    days = rows.days
    staged = (
        (unit, iso[days[i]], value)
        for i, (unit, value) in enumerate(zip(rows.units, rows.values, strict=True))
    )
    counts = upsert_daily(
        target_for(spec.model, spec.value_field),
        staged,
        batch_id=batch_id,
        kind=spec.layout.kind,
        on_chunk=ctx.progress.advance,
    )
    return {
        "first_day": iso[min(iso)],
        "last_day": iso[max(iso)],
        "enterprises": len(set(rows.units)),
        "inserted": counts["inserted"],
        "updated": counts["updated"],
        "unchanged": counts["unchanged"],
    }
