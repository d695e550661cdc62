"""A batch's problem report for download: an Excel workbook or the CSV.

Both hold every problem of the file when the upload's full report was kept
(:func:`econwatch.monitoring.upload.report_rows`); for a command-line batch they
hold the problems stored on the batch, and say so when some were left out.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from econwatch.monitoring.imports import CODES
from econwatch.monitoring.imports.report import REPORT_HEADER
from econwatch.monitoring.models import ImportBatch
from econwatch.monitoring.upload import report_rows

_WIDTHS = (8, 26, 28, 22, 6, 70)


def file_stem(batch: ImportBatch) -> str:
    """``导入问题清单-批次12-<file name without extension>``."""
    stem = batch.file_name.rsplit(".", 1)[0] or "import"
    return f"导入问题清单-批次{batch.pk}-{stem}"


def report_csv(batch: ImportBatch) -> bytes:
    """The report as CSV (UTF-8 with BOM, the columns of the command line's)."""
    rows, complete = report_rows(batch)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(REPORT_HEADER)
    for row in rows:
        writer.writerow([row.get(name, "") for name in REPORT_HEADER])
    if not complete:
        writer.writerow(["", "", "", "", "", _partial_note(batch, len(rows))])
    return out.getvalue().encode("utf-8-sig")


def report_workbook(batch: ImportBatch) -> bytes:
    """The report as an .xlsx: 问题清单 (every problem) and 按代码汇总 (counts).

    Written in openpyxl's write-only mode: 100,000 problems (the most a file
    reports) stay a few seconds and a few megabytes.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    rows, complete = report_rows(batch)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("问题清单")
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:F{len(rows) + 2}"

    def styled(value: object, **style: Any) -> Any:
        cell = WriteOnlyCell(sheet, value=value)
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell

    title = (
        f"导入批次#{batch.pk}　{batch.get_kind_display()}　{batch.file_name}　"
        f"错误{batch.error_count}条，核实提示{batch.warning_count}条"
    )
    sheet.append([styled(title, font=Font(bold=True, size=12))])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DCE6F1")
    sheet.append([styled(name, font=bold, fill=fill) for name in REPORT_HEADER])
    red = Font(color="9C0006")
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        number = row.get("行号", "")
        level = row.get("级别", "")
        sheet.append(
            [
                int(number) if number.isdigit() else number,
                row.get("字段", ""),
                row.get("值", ""),
                row.get("代码", ""),
                styled(level, font=red) if level == "错误" else level,
                styled(row.get("说明", ""), alignment=wrap),
            ]
        )
    if not complete:
        sheet.append(["", "", "", "", "", _partial_note(batch, len(rows))])

    counts = book.create_sheet("按代码汇总")
    for index, width in enumerate((24, 6, 34, 10), start=1):
        counts.column_dimensions[get_column_letter(index)].width = width
    counts.append(
        [WriteOnlyCell(counts, value=v) for v in ("代码", "级别", "问题", "条数")]
    )
    for code, found in _counts(batch):
        severity, label = CODES.get(code, ("error", code))
        counts.append([code, "错误" if severity == "error" else "核实", label, found])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _counts(batch: ImportBatch) -> list[tuple[str, int]]:
    found: dict[str, Any] = batch.summary.get("problem_counts", {})
    return sorted(
        ((str(c), int(n)) for c, n in found.items()),
        key=lambda kv: (CODES.get(kv[0], ("error",))[0] != "error", kv[0]),
    )


def _partial_note(batch: ImportBatch, shown: int) -> str:
    total = batch.error_count + batch.warning_count
    return (
        f"本清单列出前{shown}条问题（共{total}条）；"
        "用命令行 econwatch import 导入时，完整清单写在 <文件>.errors.csv"
    )
