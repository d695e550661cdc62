"""Import of the daily series: invoices and electricity."""

from __future__ import annotations

import datetime as dt

import pytest

from econwatch.monitoring.imports import import_file
from econwatch.monitoring.models import DailyElectricity, DailyInvoice, ImportChange
from tests.monitoring.test_import_support import (
    DATA,
    STRANGER,
    A,
    B,
    C,
    counts,
    found,
    make_units,
    read_rows,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.django_db

INVOICES = DATA / "invoices_good.csv"


@pytest.fixture
def units():
    return make_units()


def amounts(model=DailyInvoice, field="amount") -> dict[tuple[str, str], int]:
    return {
        (uscc, day.isoformat()): value
        for uscc, day, value in model.objects.values_list("unit__uscc", "day", field)
    }


def test_invoices_in_every_date_notation_are_imported(units) -> None:
    result = import_file("invoices", INVOICES)
    assert result.ok, result.problems
    assert amounts() == {
        (A, "2024-03-01"): 1285000,
        (A, "2024-03-02"): 1300001,  # 1300000.50 rounds half up to 元
        (B, "2024-03-01"): 560000,
        (B, "2024-03-02"): -12000,
        (C, "2024-03-01"): 88000,
    }
    # A negative day (红字发票) is a warning only.
    assert found(result) == {(5, "negative-invoice", "开票金额(元)")}
    assert result.summary["inserted"] == 5
    assert (result.summary["first_day"], result.summary["last_day"]) == (
        "2024-03-01",
        "2024-03-02",
    )


def test_gb18030_electricity_file(units) -> None:
    result = import_file("electricity", DATA / "electricity_gb18030.csv")
    assert result.ok, result.problems
    assert result.batch.summary["encoding"] == "gb18030"
    assert amounts(DailyElectricity, "kwh")[(B, "2024-03-02")] == 12001


def test_xlsx_with_excel_dates_and_numbers(units, tmp_path) -> None:
    path = write_xlsx(
        tmp_path / "e.xlsx",
        ["统一社会信用代码", "日期", "用电量(千瓦时)"],
        [
            [A, dt.datetime(2024, 3, 1), 36500],
            [B, dt.date(2024, 3, 1), 12000.0],
            [C, "2024-03-01", "8,800"],
        ],
    )
    result = import_file("electricity", path)
    assert result.ok, result.problems
    assert result.batch.summary["encoding"] == "xlsx"
    assert sorted(amounts(DailyElectricity, "kwh").values()) == [8800, 12000, 36500]


def test_reimport_upserts_and_records_what_it_replaced(units, tmp_path) -> None:
    first = import_file("invoices", INVOICES)
    assert first.ok
    same = import_file("invoices", INVOICES)
    assert (same.summary["inserted"], same.summary["updated"]) == (0, 0)
    assert same.summary["unchanged"] == 5
    assert ImportChange.objects.count() == 0
    header, rows = read_rows(INVOICES)
    rows[0][3] = "1290000"  # A, 2024-03-01 corrected
    rows.append([A, "", "2024-03-03", "700000"])  # and a new day
    second = import_file("invoices", write_csv(tmp_path / "i.csv", header, rows))
    assert second.ok
    assert (second.summary["inserted"], second.summary["updated"]) == (1, 1)
    assert second.summary["unchanged"] == 4
    assert amounts()[(A, "2024-03-01")] == 1290000
    assert DailyInvoice.objects.count() == 6
    change = ImportChange.objects.get()
    assert (change.batch_id, change.kind, change.unit_id) == (
        second.batch.pk,
        "invoices",
        units[A].pk,
    )
    assert (change.day, change.old, change.new) == (
        dt.date(2024, 3, 1),
        "1285000",
        "1290000",
    )


BAD = [
    ("unknown-enterprise", 0, STRANGER, "unknown-enterprise", "统一社会信用代码"),
    ("bad-date", 2, "2024-02-30", "bad-date", "日期"),
    ("future-date", 2, "2999-01-01", "bad-date", "日期"),
    ("bad-number", 3, "一百万", "bad-number", "开票金额(元)"),
    ("missing-value", 3, "", "missing-value", "开票金额(元)"),
    ("duplicate-row", 2, "2024-03-01", "duplicate-row", "日期"),
]


@pytest.mark.parametrize(
    ("column", "value", "code", "field"),
    [case[1:] for case in BAD],
    ids=[case[0] for case in BAD],
)
def test_each_bad_cell_blocks_the_whole_file(
    units, tmp_path, column, value, code, field
) -> None:
    header, rows = read_rows(INVOICES)
    rows[1][column] = value  # row 3 in Excel
    before = counts()
    result = import_file("invoices", write_csv(tmp_path / "b.csv", header, rows))
    assert not result.ok
    assert counts() == before
    assert (3, code, field, value) in [
        (p.row, p.code, p.field, p.value) for p in result.errors
    ]


def test_duplicate_names_the_first_row(units, tmp_path) -> None:
    header, rows = read_rows(INVOICES)
    rows[1][2] = "2024-03-01"
    result = import_file("invoices", write_csv(tmp_path / "d.csv", header, rows))
    assert "第2行" in result.errors[0].message


def test_negative_electricity_is_an_error(units, tmp_path) -> None:
    path = write_csv(
        tmp_path / "n.csv",
        ["统一社会信用代码", "日期", "用电量(千瓦时)"],
        [[A, "2024-03-01", "-5"]],
    )
    result = import_file("electricity", path)
    assert found(result) == {(2, "negative-value", "用电量(千瓦时)")}
    assert DailyElectricity.objects.count() == 0


def test_a_name_that_differs_from_the_register_is_a_warning(units, tmp_path) -> None:
    header, rows = read_rows(INVOICES)
    rows[0][1] = "常州甲机械股份有限公司"
    result = import_file("invoices", write_csv(tmp_path / "n.csv", header, rows))
    assert result.ok
    assert (2, "name-mismatch", "单位名称") in found(result)
