"""Excel export of a monitoring page's tables (openpyxl).

Every table of a page (the same plain data the page and its JSON twin show)
becomes one sheet: a title row naming the scope, the period and the table, an
information row, the 示例数据 note when the site runs the demo, the Chinese
headers, the rows with number formats matching the page's decimals, and the
table's note under the data. Values are written as numbers, already rounded as
printed, so a reader re-opening the file sees exactly the page's figures.

Example:
    >>> content = workbook_bytes(page_data, demo=True)
    >>> open("运行监测.xlsx", "wb").write(content)
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from econwatch.core.stats import DASH

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEMO_NOTE = "示例数据：本表由合成的示例数据（武进区示例）计算，不代表官方统计。"
HEADER_ROW = 4
"""Row of the column headers; data start on the next row."""

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F2")
_THIN = Side(style="thin", color="B7C3D0")


def number_format(column: dict[str, Any]) -> str:
    """The Excel format of a column: ``0.0`` for one decimal, ``0`` for counts."""
    if column["kind"] == "int":
        return "0"
    places = int(column.get("places", 1))
    return "0." + "0" * places if places else "0"


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, no ``[]:*?/\\``)."""
    base = _BAD_SHEET_CHARS.sub("", title)[:28] or "表"
    name, n = base, 2
    while name in taken:
        name = f"{base[:26]}（{n}）"
        n += 1
    taken.add(name)
    return name


def _width(value: object) -> int:
    text = str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def context_line(data: dict[str, Any]) -> tuple[str, str]:
    """The scope's name and the period's label of a page, for titles."""
    scope = (data.get("scope") or {}).get("name", "")
    period = data.get("period") or {}
    label = period.get("label", "")
    if not label and data.get("days"):
        label = f"近{data['days']}日"
    return scope, label


def write_table(
    ws: Worksheet,
    table: dict[str, Any],
    scope: str,
    period: str,
    *,
    demo: bool,
    exported: str,
) -> None:
    """Write one table onto a sheet (title, info, demo note, headers, rows, note)."""
    columns = table["columns"]
    ws.cell(1, 1, " ".join(x for x in (scope, period, table["title"]) if x))
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.cell(
        2, 1, f"统计范围：{scope or '—'}；报告期：{period or '—'}；导出时间：{exported}"
    )
    ws.cell(2, 1).font = Font(color="555555")
    if demo:
        ws.cell(3, 1, DEMO_NOTE)
        ws.cell(3, 1).font = Font(bold=True, color="9A3412")
    widths = [_width(c["label"]) + 2 for c in columns]
    for j, column in enumerate(columns, start=1):
        cell = ws.cell(HEADER_ROW, j, column["label"])
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = Border(top=_THIN, bottom=_THIN, left=_THIN, right=_THIN)
        cell.alignment = Alignment(
            horizontal="center", vertical="center", wrap_text=True
        )
    for i, row in enumerate(table["rows"], start=HEADER_ROW + 1):
        for j, column in enumerate(columns, start=1):
            value = row.get(column["key"])
            cell = ws.cell(i, j, DASH if value is None else value)
            if column["kind"] != "text" and value is not None:
                cell.number_format = number_format(column)
                cell.alignment = Alignment(horizontal="right")
            elif column["kind"] != "text":
                cell.alignment = Alignment(horizontal="right")
            widths[j - 1] = max(widths[j - 1], _width(cell.value) + 2)
    if table.get("note"):
        ws.cell(HEADER_ROW + len(table["rows"]) + 2, 1, f"注：{table['note']}")
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(max(width, 8), 60)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)


def workbook_bytes(
    data: dict[str, Any], *, demo: bool, only: Iterable[str] | None = None
) -> bytes:
    """The workbook of a page's tables (or only those whose keys are given).

    Args:
        data: The page's data (as its JSON twin).
        demo: Whether the site runs the demo (adds the 示例数据 note).
        only: Table keys to export; all of them when ``None``.

    Raises:
        KeyError: ``only`` names a table the page does not have.
    """
    tables = data.get("tables", [])
    if only is not None:
        wanted = list(only)
        known = {t["key"] for t in tables}
        missing = [k for k in wanted if k not in known]
        if missing:
            raise KeyError(", ".join(missing))
        tables = [t for t in tables if t["key"] in wanted]
    scope, period = context_line(data)
    exported = datetime.now().strftime("%Y-%m-%d %H:%M")
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for table in tables:
        ws = book.create_sheet(sheet_name(table["title"], taken))
        write_table(ws, table, scope, period, demo=demo, exported=exported)
    if not tables:
        ws = book.create_sheet("说明")
        ws.cell(1, 1, data.get("message") or "本页没有可导出的表格。")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def file_name(data: dict[str, Any]) -> str:
    """``运行监测_全区_2023-12.xlsx`` (page, scope, period)."""
    scope = (data.get("scope") or {}).get("name", "")
    period = (data.get("period") or {}).get("code", "")
    if not period and data.get("days"):
        period = f"近{data['days']}日"
    parts = ["运行监测", scope or data.get("title", ""), period]
    stem = "_".join(_BAD_SHEET_CHARS.sub("", p) for p in parts if p)
    return f"{stem}.xlsx"


def xlsx_response(
    data: dict[str, Any], *, demo: bool, only: Iterable[str] | None = None
) -> HttpResponse:
    """An attachment response with the page's workbook.

    Raises:
        KeyError: ``only`` names a table the page does not have.
    """
    content = workbook_bytes(data, demo=demo, only=only)
    response = HttpResponse(content, content_type=XLSX)
    name = file_name(data)
    response["Content-Disposition"] = (
        f"attachment; filename=\"econwatch.xlsx\"; filename*=UTF-8''{quote(name)}"
    )
    return response
