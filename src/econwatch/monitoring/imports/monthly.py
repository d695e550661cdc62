"""Import of the above-scale industrial monthly report (规上工业月报).

One row per enterprise × report period, as the 工业产销总值 / 财务状况 forms report
it: 工业总产值 本月 and 1—本月 with the enterprise's own 上年同期 for both, 营业收入
and 利润总额 (1—本月, with 上年同期), 用电量 and 从业人员. Money in 千元.

Re-importing a period adds a new vintage for every enterprise whose figures
changed and marks the earlier one not current; rows identical to the current
report change nothing, so importing the same file twice is a no-op.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from econwatch.monitoring.imports.checks import RecordChecks, monthly_checks
from econwatch.monitoring.imports.columns import ENTERPRISE_COLUMNS, Column, Layout
from econwatch.monitoring.imports.context import ImportContext
from econwatch.monitoring.imports.enterprises import Enterprises
from econwatch.monitoring.imports.problems import problem
from econwatch.monitoring.imports.values import (
    LIMIT,
    BadValue,
    cell_text,
    parse_integer,
    parse_month,
)
from econwatch.monitoring.models import MonthlyReport

_K = "千元"
_RULE_NON_NEGATIVE = "整数，不能为负"
LAYOUT = Layout(
    "monthly",
    "规上工业月报",
    (
        *ENTERPRISE_COLUMNS,
        Column(
            "period",
            "报告期",
            "数据所属月份；1—2月合并为一期，填当年2月",
            rule="年月，如2024-03、2024年3月；不能是单独的1月，不能晚于当前月份",
            example="2024-03",
            required=True,
            aliases=("报告期别", "年月", "期别"),
        ),
        Column(
            "output_month",
            "工业总产值本月(千元)",
            "本月工业总产值（当年价格）；1—2月期填1—2月合计",
            _K,
            "必填；" + _RULE_NON_NEGATIVE + "；不大于1—本月",
            "52000",
            True,
            ("工业总产值本月",),
        ),
        Column(
            "output_month_base",
            "工业总产值本月上年同期(千元)",
            "企业自报的上年同月工业总产值（同口径基数）",
            _K,
            "必填；" + _RULE_NON_NEGATIVE,
            "48000",
            True,
            ("工业总产值本月上年同期",),
        ),
        Column(
            "output_ytd",
            "工业总产值1—本月(千元)",
            "本年1月至本月累计工业总产值",
            _K,
            "必填；不小于本月；上月止累计 + 本月 = 本月止累计",
            "151000",
            True,
            ("工业总产值1-本月", "工业总产值本年累计(千元)", "工业总产值累计(千元)"),
        ),
        Column(
            "output_ytd_base",
            "工业总产值1—本月上年同期(千元)",
            "企业自报的上年1月至同月累计工业总产值",
            _K,
            "必填；不小于本月上年同期；衔接不上给核实提示",
            "139500",
            True,
            ("工业总产值1-本月上年同期", "工业总产值累计上年同期(千元)"),
        ),
        Column(
            "revenue_ytd",
            "营业收入1—本月(千元)",
            "财务状况表的营业收入，1月至本月累计",
            _K,
            "可空；" + _RULE_NON_NEGATIVE,
            "160300",
            aliases=("营业收入(千元)", "营业收入1-本月"),
        ),
        Column(
            "revenue_ytd_base",
            "营业收入1—本月上年同期(千元)",
            "企业自报的营业收入上年同期累计",
            _K,
            "可空；" + _RULE_NON_NEGATIVE + "；填了营业收入而缺它时给核实提示",
            "150100",
            aliases=("营业收入上年同期(千元)",),
        ),
        Column(
            "profit_ytd",
            "利润总额1—本月(千元)",
            "财务状况表的利润总额，1月至本月累计",
            _K,
            "可空；整数，可以为负（亏损）",
            "8200",
            aliases=("利润总额(千元)", "利润总额1-本月"),
        ),
        Column(
            "profit_ytd_base",
            "利润总额1—本月上年同期(千元)",
            "企业自报的利润总额上年同期累计",
            _K,
            "可空；整数，可以为负",
            "7600",
            aliases=("利润总额上年同期(千元)",),
        ),
        Column(
            "electricity_month",
            "用电量本月(千瓦时)",
            "企业本月用电量",
            "千瓦时",
            "可空；" + _RULE_NON_NEGATIVE,
            "820000",
            aliases=("企业用电量本月(千瓦时)", "用电量(千瓦时)"),
        ),
        Column(
            "employees",
            "从业人员期末人数(人)",
            "本月末从业人员人数",
            "人",
            "可空；" + _RULE_NON_NEGATIVE,
            "236",
            aliases=("从业人员期末人数", "从业人员(人)"),
        ),
        Column(
            "vintage",
            "报送批次",
            "这批数据的版本标签（可空，默认取导入日期或 --vintage）",
            rule="最长16个字符，如2024-04或2024-04-15修订",
            example="2024-04",
            aliases=("数据版本",),
        ),
    ),
)
DATA_FIELDS = (
    "output_month",
    "output_month_base",
    "output_ytd",
    "output_ytd_base",
    "revenue_ytd",
    "revenue_ytd_base",
    "profit_ytd",
    "profit_ytd_base",
    "electricity_month",
    "employees",
)
_REQUIRED = DATA_FIELDS[:4]
VINTAGE_LENGTH = 16
PERSONS_LIMIT = 10**7


@dataclass
class MonthlyRows:
    """The valid records of a monthly file: ``(row, record)`` in file order."""

    records: list[tuple[int, dict[str, object]]] = field(default_factory=list)


def validate(
    rows: Iterator[tuple[int, list[object]]], cols: dict[str, int], ctx: ImportContext
) -> MonthlyRows:
    """Read and check every row; problems go to ``ctx.problems``.

    Args:
        rows: Data rows after the header.
        cols: Column key → index, from :meth:`Layout.match`.
        ctx: The import in progress.

    Returns:
        The records that could be read (checked records included, even when
        they failed a check; the caller stores nothing if there is any error).
    """
    enterprises = Enterprises(LAYOUT, with_names="name" in cols)
    out = MonthlyRows()
    unresolved: list[tuple[int, dict[str, object]]] = []
    first_row: dict[tuple[int, str], int] = {}
    for number, cells in rows:
        ctx.advance()
        record = _read(number, cells, cols, enterprises, ctx)
        if record is None:
            continue
        if record["unit_id"] is None:
            unresolved.append((number, record))
            continue
        key = (record["unit_id"], record["period"])
        if key in first_row:
            ctx.problems.add(
                problem(
                    "duplicate-row",
                    number,
                    LAYOUT.header("period"),
                    record["period"],
                    f"与第{first_row[key]}行是同一企业同一报告期；"
                    "一个企业每期只能有一行，请删除或合并重复行",
                )
            )
            continue
        first_row[key] = number  # type: ignore[index]
        out.records.append((number, record))
    _check(out.records, unresolved, ctx, monthly_checks())
    return out


def _read(
    number: int,
    cells: list[object],
    cols: dict[str, int],
    enterprises: Enterprises,
    ctx: ImportContext,
) -> dict[str, object] | None:
    def cell(key: str) -> object:
        index = cols.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    unit_id, found = enterprises.resolve(
        number, cell("uscc"), cell("unit_id"), cell("name")
    )
    ctx.problems.extend(found)
    # A record whose enterprise is unknown is still checked (all problems at once).
    record: dict[str, object] = {"unit_id": unit_id}
    ok = True
    try:
        record["period"] = parse_month(cell("period"), today=ctx.today)
        record["month"] = int(str(record["period"])[5:])
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
    for key in DATA_FIELDS:
        raw = cell(key)
        try:
            record[key] = parse_integer(
                raw, limit=PERSONS_LIMIT if key == "employees" else LIMIT
            )
        except BadValue as bad:
            ctx.problems.add(
                problem(
                    "bad-number",
                    number,
                    LAYOUT.header(key),
                    cell_text(raw),
                    bad.message,
                )
            )
            ok = False
            continue
        if record[key] is None and key in _REQUIRED:
            ctx.problems.add(
                problem(
                    "missing-value",
                    number,
                    LAYOUT.header(key),
                    "",
                    f"“{LAYOUT.header(key)}”为必填项，请填写（没有产值的填0）",
                )
            )
            ok = False
    vintage = cell_text(cell("vintage"))
    if len(vintage) > VINTAGE_LENGTH:
        ctx.problems.add(
            problem(
                "bad-vintage",
                number,
                LAYOUT.header("vintage"),
                vintage,
                f"报送批次最长{VINTAGE_LENGTH}个字符，请缩短，如2024-04",
            )
        )
        ok = False
    record["vintage"] = vintage or ctx.vintage
    return record if ok else None


def _check(
    records: list[tuple[int, dict[str, object]]],
    unresolved: list[tuple[int, dict[str, object]]],
    ctx: ImportContext,
    checks: RecordChecks,
) -> None:
    """Run the record checks; ``unresolved`` rows (unknown enterprise) without prev."""
    in_file = {(r["unit_id"], r["period"]): (n, r) for n, r in records}
    prev_periods = {p for n, r in records if (p := previous_period(r))}
    in_db = {
        (unit_id, period): values
        for unit_id, period, *values in MonthlyReport.objects.filter(
            period__in=prev_periods, is_current=True
        ).values_list("unit_id", "period", "vintage", *DATA_FIELDS)
    }
    ctx.note(checks=checks.name)
    for number, record in sorted([*records, *unresolved], key=lambda nr: nr[0]):
        prev, source = None, ""
        if record["unit_id"] is not None and (period := previous_period(record)):
            key = (record["unit_id"], period)
            if key in in_file:
                prev, source = in_file[key][1], f"上月数取自本文件第{in_file[key][0]}行"
            elif key in in_db:
                vintage, *values = in_db[key]
                prev = dict(zip(DATA_FIELDS, values, strict=True))
                source = (
                    f"上月数取自已导入的{period}月报（报送批次{vintage or '未标注'}）"
                )
        for found in checks.check(record, prev):
            message = found.message
            if source and found.code.endswith("chain-broken"):
                message += f"（{source}）"
            ctx.problems.add(
                problem(
                    found.code,
                    number,
                    LAYOUT.header(found.field),
                    record.get(found.field),
                    message,
                )
            )


def previous_period(record: dict[str, object]) -> str | None:
    """The period whose 1—本月 chains into this record's (None for 1—2月)."""
    period = str(record["period"])
    month = int(period[5:])
    return None if month <= 2 else f"{period[:4]}-{month - 1:02d}"


def store(rows: MonthlyRows, ctx: ImportContext) -> dict[str, object]:
    """Write the records: new vintages for changed reports, nothing for the same.

    Args:
        rows: The validated records.
        ctx: The import in progress (``replace_period`` withdraws the current
            reports of enterprises missing from the file, for the file's periods).

    Returns:
        The summary: periods, inserted, revised, unchanged, withdrawn.
    """
    periods = sorted({str(r["period"]) for _, r in rows.records})
    taken: set[tuple[int, str, str]] = set()
    current: dict[tuple[int, str], tuple[int, tuple[object, ...]]] = {}
    for (
        pk,
        unit_id,
        period,
        vintage,
        is_current,
        *values,
    ) in MonthlyReport.objects.filter(period__in=periods).values_list(
        "id", "unit_id", "period", "vintage", "is_current", *DATA_FIELDS
    ):
        taken.add((unit_id, period, vintage))
        if is_current:
            current[(unit_id, period)] = (pk, tuple(values))
    new: list[MonthlyReport] = []
    retire: list[int] = []
    inserted = revised = unchanged = 0
    seen: set[tuple[int, str]] = set()
    for _, record in rows.records:
        key = (int(record["unit_id"]), str(record["period"]))  # type: ignore[call-overload]
        seen.add(key)
        values = tuple(record[f] for f in DATA_FIELDS)
        old = current.get(key)
        if old is not None and old[1] == values:
            unchanged += 1
            continue
        if old is not None:
            retire.append(old[0])
            revised += 1
        else:
            inserted += 1
        vintage = _free_vintage(str(record["vintage"]), key, taken)
        new.append(
            MonthlyReport(
                unit_id=key[0],
                period=key[1],
                vintage=vintage,
                is_current=True,
                **dict(zip(DATA_FIELDS, values, strict=True)),
            )
        )
    withdrawn = 0
    if ctx.replace_period:
        gone = [pk for key, (pk, _) in current.items() if key not in seen]
        retire += gone
        withdrawn = len(gone)
    for start in range(0, len(retire), 500):
        MonthlyReport.objects.filter(id__in=retire[start : start + 500]).update(
            is_current=False
        )
    MonthlyReport.objects.bulk_create(new, batch_size=500)
    ctx.progress.advance(len(rows.records))
    return {
        "periods": periods,
        "inserted": inserted,
        "revised": revised,
        "unchanged": unchanged,
        "withdrawn": withdrawn,
    }


def _free_vintage(
    wanted: str, key: tuple[int, str], taken: set[tuple[int, str, str]]
) -> str:
    """``wanted``, or ``wanted~2``, ``~3`` … when that vintage already exists."""
    label, n = wanted, 1
    while (key[0], key[1], label) in taken:
        n += 1
        suffix = f"~{n}"
        label = wanted[: VINTAGE_LENGTH - len(suffix)] + suffix
    taken.add((key[0], key[1], label))
    return label
