"""Empty import templates: .xlsx (data sheet + explanation sheet) or .csv.

The .xlsx template has the header on the first sheet (required columns shaded,
code and period columns formatted as text so Excel keeps them as typed) and a
second sheet, 填表说明, with one example row and each column's meaning, unit and
rule. The .csv template is UTF-8 with BOM, the header and one ``#`` comment line
with the example (comment lines are skipped on import).
"""

from __future__ import annotations

import csv
from pathlib import Path

from econwatch.core.codes.uscc import make_uscc
from econwatch.monitoring.imports.columns import Column, Layout
from econwatch.monitoring.imports.kinds import get_kind

_TEXT_COLUMNS = {"uscc", "period", "vintage", "indicator", "scope"}
_EXPLAIN_HEADER = ("列名", "含义", "计量单位", "是否必填", "规则", "示例")


def default_template_path(kind: str) -> Path:
    """``econwatch-<kind>-template.xlsx`` in the current folder."""
    return Path(f"econwatch-{kind}-template.xlsx")


def example(column: Column) -> str:
    """The example value of a column (a valid, made-up credit code for USCC)."""
    if column.key == "uscc":
        return make_uscc("9", "1", "320412", "MA1MXXXX")
    return column.example


def write_template(kind: str, out: str | Path) -> Path:
    """Write an empty template for ``kind``; .csv by extension, else .xlsx.

    Args:
        kind: ``monthly``, ``invoices``, ``electricity`` or ``official``.
        out: The file to write.

    Returns:
        The path written.

    Raises:
        ValueError: Unknown kind.
    """
    layout = get_kind(kind).layout
    out = Path(out)
    if out.suffix.lower() == ".csv":
        _write_csv(layout, out)
    else:
        _write_xlsx(layout, out)
    return out


def _required(layout: Layout, column: Column) -> str:
    if column.required:
        return "必填"
    if column.key == "uscc" and layout.identified_by_enterprise:
        return "必填（或填单位ID）"
    return "可空"


def _write_csv(layout: Layout, out: Path) -> None:
    sample = "；".join(f"{c.header}={example(c)}" for c in layout.columns if example(c))
    with out.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow([c.header for c in layout.columns])
        writer.writerow([f"# 示例（以#开头的行导入时忽略，可删除）：{sample}"])


def _write_xlsx(layout: Layout, out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    data = book.active
    data.title = layout.title
    shaded = PatternFill("solid", fgColor="FFF2CC")
    bold = Font(bold=True)
    for index, column in enumerate(layout.columns, start=1):
        cell = data.cell(row=1, column=index, value=column.header)
        cell.font = bold
        if _required(layout, column) != "可空":
            cell.fill = shaded
        note = f"{column.meaning}。{column.rule}".rstrip("。")
        cell.comment = Comment(note, "econwatch")
        letter = get_column_letter(index)
        data.column_dimensions[letter].width = max(12, len(column.header) * 2 + 2)
        if column.key in _TEXT_COLUMNS:
            data.column_dimensions[letter].number_format = "@"
    data.freeze_panes = "A2"

    explain = book.create_sheet("填表说明")
    explain.append([f"{layout.title}导入模板（econwatch import {layout.kind}）"])
    explain["A1"].font = Font(bold=True, size=13)
    explain.append(["数据请填在第一个工作表，表头在第一行、不要改动；每行一条记录。"])
    explain.append(["黄色表头为必填列；金额单位见各列名括号。以下为一行示例："])
    explain.append([c.header for c in layout.columns])
    explain.append([example(c) for c in layout.columns])
    for cell in explain[4]:
        cell.font = bold
    explain.append([])
    explain.append(list(_EXPLAIN_HEADER))
    for cell in explain[explain.max_row]:
        cell.font = bold
    for column in layout.columns:
        explain.append(
            [
                column.header,
                column.meaning,
                column.unit,
                _required(layout, column),
                column.rule,
                example(column),
            ]
        )
    for index, width in enumerate((30, 40, 10, 16, 50, 22), start=1):
        explain.column_dimensions[get_column_letter(index)].width = width
    for row in explain.iter_rows(min_row=7):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    book.save(out)
