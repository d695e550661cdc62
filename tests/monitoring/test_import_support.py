"""Helpers shared by the import tests: register units, write files, count rows.

Not a conftest (the monitoring tests are shared by several modules); the test
modules import these plain functions and wrap them in small fixtures.
"""

from __future__ import annotations

import csv
from pathlib import Path

from econwatch.core.codes.uscc import make_uscc
from econwatch.monitoring.models import (
    DailyElectricity,
    DailyInvoice,
    ImportChange,
    MonthlyReport,
    OfficialFigure,
)
from econwatch.register.models import Division, Unit

DATA = Path(__file__).resolve().parents[1] / "data" / "imports"

#: The enterprises the fixture files talk about (USCCs made with make_uscc).
ENTERPRISES = {
    make_uscc("9", "1", "320412", "MA1M0001"): "常州甲机械有限公司",
    make_uscc("9", "1", "320412", "MA1M0002"): "常州乙电子有限公司",
    make_uscc("9", "1", "320412", "MA1M0003"): "常州丙新材料有限公司",
}
A, B, C = ENTERPRISES
#: A valid code of an enterprise that is not in the register.
STRANGER = make_uscc("9", "1", "320412", "MA1M0004")


def make_units() -> dict[str, Unit]:
    """Register the three fixture enterprises; return them by USCC."""
    division = Division.objects.order_by("code12").first()
    if division is None:
        division = Division.objects.create(
            code12="320412000000",
            code9="320412000",
            name="武进区",
            level="district",
            type="district",
        )
    return {
        code: Unit.objects.create(
            kind=Unit.Kind.LEGAL, uscc=code, name=name, division=division
        )
        for code, name in ENTERPRISES.items()
    }


def write_csv(
    path: Path, header: list[str], rows: list[list[object]], encoding: str = "utf-8"
) -> Path:
    """Write a CSV file with the given encoding."""
    with path.open("w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    """Write a one-sheet .xlsx file."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a UTF-8 (BOM or not) fixture CSV."""
    with path.open(encoding="utf-8-sig", newline="") as stream:
        header, *rows = list(csv.reader(stream))
    return header, rows


def counts() -> dict[str, int]:
    """Row counts of every table an import writes (the batches excepted)."""
    return {
        model.__name__: model.objects.count()
        for model in (
            MonthlyReport,
            DailyInvoice,
            DailyElectricity,
            OfficialFigure,
            ImportChange,
        )
    }


def found(result: object) -> set[tuple[int | None, str, str]]:
    """``(row, code, field)`` of every problem of an import result."""
    return {(p.row, p.code, p.field) for p in result.problems}  # type: ignore[attr-defined]
