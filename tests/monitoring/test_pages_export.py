"""Excel exports of the monitoring pages, re-opened with openpyxl."""

from __future__ import annotations

import io
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from econwatch.accounts.models import SiteSetting
from econwatch.monitoring.exports import DEMO_NOTE, HEADER_ROW, sheet_name
from tests.monitoring.test_pages import (
    HUTANG,
    build_district,
    client_for,
    forget_figures,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _fresh(settings):
    forget_figures(settings)
    yield
    forget_figures()


@pytest.fixture
def district(db):
    """The hand-made district of test_pages."""
    return build_district()


def _book(answer):
    assert answer.status_code == 200, answer.content[:500]
    assert answer["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(answer.content))


def _expected(value: object) -> object:
    return "—" if value is None else value


def assert_sheet_equals_table(ws, table: dict) -> None:
    """Headers and every cell of a sheet equal the JSON table."""
    labels = [c["label"] for c in table["columns"]]
    header = [ws.cell(HEADER_ROW, j).value for j in range(1, len(labels) + 1)]
    assert header == labels
    for i, row in enumerate(table["rows"], start=HEADER_ROW + 1):
        for j, col in enumerate(table["columns"], start=1):
            cell = ws.cell(i, j)
            assert cell.value == _expected(row.get(col["key"])), (table["key"], i, j)
            if col["kind"] == "number" and row.get(col["key"]) is not None:
                places = col["places"]
                assert cell.number_format == ("0." + "0" * places if places else "0")


@pytest.mark.parametrize(
    "url",
    [
        "/monitoring/?period=2023-03",
        f"/monitoring/town/{HUTANG}/",
        "/monitoring/daily/?days=30",
    ],
    ids=["cockpit", "town", "daily"],
)
def test_every_table_is_a_sheet_with_the_pages_numbers(client, district, url) -> None:
    c = client_for(client, district, "analyst")
    data = c.get(f"{url}{'&' if '?' in url else '?'}format=json").json()
    book = _book(c.get(f"{url}{'&' if '?' in url else '?'}format=xlsx"))
    assert len(book.sheetnames) == len(data["tables"])
    for ws, table in zip(book.worksheets, data["tables"], strict=True):
        assert table["title"] in ws.cell(1, 1).value
        assert data["scope"]["name"] in ws.cell(1, 1).value
        assert_sheet_equals_table(ws, table)
        if table["note"]:
            note_row = HEADER_ROW + len(table["rows"]) + 2
            assert ws.cell(note_row, 1).value == f"注：{table['note']}"


def test_title_row_names_scope_and_period(client, district) -> None:
    c = client_for(client, district, "analyst")
    book = _book(c.get("/monitoring/?period=2023-03&scope=wj-hitech&format=xlsx"))
    title = book.worksheets[0].cell(1, 1).value
    assert title.startswith("武进国家高新区 2023年1-3月 ")
    info = book.worksheets[0].cell(2, 1).value
    assert "统计范围：武进国家高新区；报告期：2023年1-3月" in info
    assert book.worksheets[0].cell(3, 1).value is None  # not a demo site


def test_demo_site_marks_every_sheet(client, district) -> None:
    SiteSetting.objects.create(key="demo", value="1")
    c = client_for(client, district, "analyst")
    book = _book(c.get("/monitoring/?format=xlsx"))
    assert all(ws.cell(3, 1).value == DEMO_NOTE for ws in book.worksheets)


def test_one_table_alone_and_the_file_name(client, district) -> None:
    c = client_for(client, district, "analyst")
    answer = c.get("/monitoring/?period=2023-03&format=xlsx&table=towns")
    book = _book(answer)
    data = c.get("/monitoring/?period=2023-03&format=json").json()
    towns = next(t for t in data["tables"] if t["key"] == "towns")
    assert book.sheetnames == [sheet_name(towns["title"], set())]
    assert_sheet_equals_table(book.worksheets[0], towns)
    disposition = unquote(answer["Content-Disposition"])
    assert "运行监测_全区_2023-03.xlsx" in disposition


def test_enterprise_profile_export(client, district) -> None:
    unit = district.units["a"]
    c = client_for(client, district, "analyst")
    data = c.get(f"/monitoring/enterprise/{unit.pk}/?format=json").json()
    book = _book(c.get(f"/monitoring/enterprise/{unit.pk}/?format=xlsx"))
    keys = [t["key"] for t in data["tables"]]
    assert keys == ["monthly", "standing", "invoices", "electricity", "alerts"]
    for ws, table in zip(book.worksheets, data["tables"], strict=True):
        assert_sheet_equals_table(ws, table)


def test_export_is_scoped_like_the_page(client, district) -> None:
    c = client_for(client, district, "hutang")
    assert c.get("/monitoring/town/320412102000/?format=xlsx").status_code == 403
    book = _book(c.get(f"/monitoring/town/{HUTANG}/?format=xlsx&table=enterprises"))
    names = {
        ws.cell(r, 2).value
        for ws in book.worksheets
        for r in range(HEADER_ROW + 1, ws.max_row + 1)
        if ws.cell(r, 1).value not in (None,) and isinstance(ws.cell(r, 1).value, int)
    }
    assert names == {"常州甲汽车零部件有限公司", "常州丁汽车配件有限公司"}


def test_sheet_names_are_valid_and_unique() -> None:
    taken: set[str] = set()
    first = sheet_name("各镇（街道）规上工业总产值：排名/增速", taken)
    second = sheet_name("各镇（街道）规上工业总产值：排名/增速", taken)
    assert ":" not in first and "/" not in first and len(first) <= 31
    assert first != second and len(second) <= 31
