"""Import of figures published by the statistics bureau (统计部门发布数).

One row per indicator × scope × period, stored as published (value and/or growth),
for display beside the figures computed from the enterprises' reports — e.g. the
规上工业增加值 growth that the provincial bureau feeds back. Re-importing a figure
replaces it; the replaced values are kept as ``ImportChange`` rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from econwatch.core.stats.errors import PeriodError
from econwatch.core.stats.periods import Period
from econwatch.monitoring.imports.columns import Column, Layout
from econwatch.monitoring.imports.context import ImportContext
from econwatch.monitoring.imports.problems import problem
from econwatch.monitoring.imports.values import (
    BadValue,
    cell_text,
    parse_day,
    parse_decimal,
)
from econwatch.monitoring.models import ImportChange, OfficialFigure
from econwatch.register.models import ReportingScope

LAYOUT = Layout(
    "official",
    "统计部门发布数",
    (
        Column(
            "indicator",
            "指标",
            "指标名称，与发布稿一致",
            rule="必填，最长64字",
            example="规上工业增加值",
            required=True,
            aliases=("指标名称",),
        ),
        Column(
            "scope",
            "口径",
            "统计口径（地域范围）",
            rule=("必填，最长64字；不在“统计口径”表中时给核实提示"),
            example="全区",
            required=True,
            aliases=("统计口径", "范围"),
        ),
        Column(
            "period",
            "报告期",
            "当月或1—N月累计",
            rule=("2024-05（当月）、2024-01..05或2024年1-5月（累计）；1—2月为一期"),
            example="2024年1-5月",
            required=True,
            aliases=("时期",),
        ),
        Column(
            "value",
            "数值",
            "发布的总量（可空）",
            rule="数字；数值与增速至少填一项",
            example="1270.52",
            aliases=("总量", "绝对值"),
        ),
        Column(
            "growth",
            "增速(%)",
            "发布的同比增速，百分数（可空）",
            "%",
            "数字，可带%号，如7.0表示增长7.0%；数值与增速至少填一项",
            "7.0",
            aliases=("增长(%)", "同比增长(%)", "增速"),
        ),
        Column(
            "unit",
            "计量单位",
            "数值的计量单位",
            rule="最长16字，如亿元、万千瓦时",
            example="亿元",
            aliases=("单位",),
        ),
        Column(
            "source",
            "来源",
            "发布或反馈的出处",
            rule="最长128字",
            example="省统计局反馈",
            aliases=("数据来源",),
        ),
        Column(
            "published_on",
            "发布日期",
            "发布或收到的日期（可空）",
            rule="年-月-日",
            example="2024-06-18",
        ),
        Column("note", "备注", "说明（可空）", example="据省统计局最新反馈数据"),
    ),
    identified_by_enterprise=False,
)
_LENGTHS = {"indicator": 64, "scope": 64, "unit": 16, "source": 128}
FIELDS = ("value", "growth", "unit", "source", "published_on", "note")


@dataclass
class OfficialRows:
    """The valid rows: ``(row, record)``."""

    records: list[tuple[int, dict[str, object]]]


def parse_period(raw: object) -> str:
    """Read a period in the notation of :class:`Period` or as a Chinese label.

    Raises:
        BadValue: Not a statistical period.
    """
    text = cell_text(raw).replace(" ", "")
    try:
        period = (
            Period.parse(text)
            if text[:1].isdigit() and "年" not in text
            else (Period.parse_label(text))
        )
    except PeriodError as error:
        raise BadValue(
            "报告期应写成2024-05（当月）、2024-01..05或2024年1-5月（累计）；"
            f"1—2月为一期（{error.code}）"
        ) from None
    return str(period)


def validate(
    rows: Iterator[tuple[int, list[object]]], cols: dict[str, int], ctx: ImportContext
) -> OfficialRows:
    """Read and check every row; problems go to ``ctx.problems``."""
    scopes = set(ReportingScope.objects.values_list("name", flat=True))
    out = OfficialRows([])
    first: dict[tuple[object, ...], int] = {}
    warned: set[str] = set()
    for number, cells in rows:
        ctx.advance()
        record = _read(number, cells, cols, ctx)
        if record is None:
            continue
        key = (record["indicator"], record["scope"], record["period"])
        if key in first:
            ctx.problems.add(
                problem(
                    "duplicate-row",
                    number,
                    LAYOUT.header("indicator"),
                    record["indicator"],
                    f"与第{first[key]}行的指标、口径、报告期相同；每项发布数只能有一行",
                )
            )
            continue
        first[key] = number
        scope = str(record["scope"])
        if scopes and scope not in scopes and scope not in warned:
            warned.add(scope)
            ctx.problems.add(
                problem(
                    "unknown-scope",
                    number,
                    LAYOUT.header("scope"),
                    scope,
                    "口径不在“统计口径”表中（如全区、不含经开区）；外地或上级口径可保留，"
                    "本区口径请核对名称",
                )
            )
        out.records.append((number, record))
    return out


def _read(
    number: int, cells: list[object], cols: dict[str, int], ctx: ImportContext
) -> dict[str, object] | None:
    def cell(key: str) -> object:
        index = cols.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    record: dict[str, object] = {}
    ok = True
    for key in ("indicator", "scope", "unit", "source", "note"):
        record[key] = cell_text(cell(key))
        limit = _LENGTHS.get(key)
        if key in ("indicator", "scope") and not record[key]:
            ctx.problems.add(
                problem(
                    "missing-value",
                    number,
                    LAYOUT.header(key),
                    "",
                    f"“{LAYOUT.header(key)}”为必填项",
                )
            )
            ok = False
        elif limit and len(str(record[key])) > limit:
            ctx.problems.add(
                problem(
                    "too-long",
                    number,
                    LAYOUT.header(key),
                    record[key],
                    f"最长{limit}个字，请缩短",
                )
            )
            ok = False
    try:
        record["period"] = parse_period(cell("period"))
    except BadValue as bad:
        ctx.problems.add(
            problem(
                "bad-period",
                number,
                LAYOUT.header("period"),
                cell_text(cell("period")),
                bad.message,
            )
        )
        ok = False
    for key, limit in (("value", 10**16), ("growth", 10**5)):
        try:
            record[key] = _decimal(cell(key), limit, percent=key == "growth")
        except BadValue as bad:
            ctx.problems.add(
                problem(
                    "bad-number",
                    number,
                    LAYOUT.header(key),
                    cell_text(cell(key)),
                    bad.message,
                )
            )
            ok = False
    if ok and record["value"] is None and record["growth"] is None:
        ctx.problems.add(
            problem(
                "missing-value",
                number,
                LAYOUT.header("value"),
                "",
                "数值和增速至少要填一项",
            )
        )
        ok = False
    record["published_on"] = None
    if cell_text(cell("published_on")):
        try:
            record["published_on"] = parse_day(cell("published_on"), today=ctx.today)
        except BadValue as bad:
            ctx.problems.add(
                problem(
                    "bad-date",
                    number,
                    LAYOUT.header("published_on"),
                    cell_text(cell("published_on")),
                    bad.message,
                )
            )
            ok = False
    return record if ok else None


def _decimal(raw: object, limit: int, *, percent: bool) -> Decimal | None:
    value = parse_decimal(raw, percent=percent)
    if value is None:
        return None
    if abs(value) >= limit:
        raise BadValue(f"数值过大（绝对值应小于{limit:g}），请核对计量单位")
    if value != value.quantize(Decimal("0.0001")):
        raise BadValue("最多保留4位小数")
    return value


def _shown(values: dict[str, object]) -> str:
    """The values as JSON text, decimals without trailing zeros (8.1, not 8.1000)."""

    def text(value: object) -> str | None:
        if value is None:
            return None
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        return str(value)

    return json.dumps({k: text(v) for k, v in values.items()}, ensure_ascii=False)


def store(rows: OfficialRows, ctx: ImportContext, batch_id: int) -> dict[str, object]:
    """Insert new figures, replace changed ones (keeping the old values)."""
    existing = {
        (f.indicator, f.scope, f.period): f
        for f in OfficialFigure.objects.filter(
            period__in={r["period"] for _, r in rows.records}
        )
    }
    inserted = updated = unchanged = 0
    changes = []
    for _, record in rows.records:
        key = (record["indicator"], record["scope"], record["period"])
        figure = existing.get(key)
        new = {k: record[k] for k in FIELDS}
        if figure is None:
            OfficialFigure.objects.create(
                **dict(zip(("indicator", "scope", "period"), key, strict=True)),
                **new,
                batch_id=batch_id,
            )
            inserted += 1
            continue
        old = {k: getattr(figure, k) for k in FIELDS}
        if _same(old, new):
            unchanged += 1
            continue
        for name, value in new.items():
            setattr(figure, name, value)
        figure.batch_id = batch_id
        figure.save()
        changes.append(
            ImportChange(
                batch_id=batch_id,
                kind="official",
                key="|".join(map(str, key)),
                old=_shown(old),
                new=_shown(new),
            )
        )
        updated += 1
    ImportChange.objects.bulk_create(changes)
    ctx.progress.advance(len(rows.records))
    return {"inserted": inserted, "updated": updated, "unchanged": unchanged}


def _same(old: dict[str, object], new: dict[str, object]) -> bool:
    for key, value in new.items():
        before = old[key]
        if isinstance(value, Decimal) or isinstance(before, Decimal):
            if (before is None) != (value is None):
                return False
            if before is not None and Decimal(before) != Decimal(value):  # type: ignore[arg-type]
                return False
        elif (before or "") != (value or ""):
            return False
    return True
