"""File handling of the imports: encodings, headers, templates, command, hooks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from econwatch.monitoring.imports import CODES, KINDS, hooks, import_file
from econwatch.monitoring.imports.report import read_report
from econwatch.monitoring.imports.template import example, write_template
from econwatch.monitoring.models import DailyInvoice, ImportBatch, MonthlyReport
from tests.monitoring.test_import_support import (
    DATA,
    A,
    B,
    counts,
    found,
    make_units,
    read_rows,
    write_csv,
)

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "import-formats.md"


@pytest.fixture
def units():
    return make_units()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings_are_detected(units, tmp_path, encoding) -> None:
    header, rows = read_rows(DATA / "invoices_good.csv")
    path = write_csv(tmp_path / "i.csv", header, rows, encoding=encoding)
    result = import_file("invoices", path)
    assert result.ok, result.problems
    expected = {"utf-8-sig": "utf-8-sig", "utf-8": "utf-8", "gb18030": "gb18030"}
    assert result.batch.summary["encoding"] == expected[encoding]
    assert DailyInvoice.objects.filter(unit__name="常州丙新材料有限公司").count() == 1


def test_title_lines_above_the_header_are_skipped(units, tmp_path) -> None:
    path = tmp_path / "t.csv"
    text = (DATA / "invoices_good.csv").read_text(encoding="utf-8")
    path.write_text("2024年3月开票销售明细,,,\n\n" + text, encoding="utf-8")
    result = import_file("invoices", path)
    assert result.ok, result.problems
    header_row = 3  # row 3 as Excel shows it: title, blank line, header
    bad = text.replace("560000", "五十六万")
    path.write_text("2024年3月开票销售明细,,,\n\n" + bad, encoding="utf-8")
    result = import_file("invoices", path)
    assert (header_row + 3, "bad-number", "开票金额(元)") in found(result)


def test_missing_column_is_reported_once_and_stops(units, tmp_path) -> None:
    path = write_csv(
        tmp_path / "m.csv", ["统一社会信用代码", "日期"], [[A, "2024-03-01"]]
    )
    result = import_file("invoices", path)
    assert found(result) == {(1, "missing-column", "开票金额(元)")}
    assert result.batch.rows == 0


def test_wrong_kind_of_file_is_refused_by_its_header(units) -> None:
    result = import_file("electricity", DATA / "invoices_good.csv")
    assert (1, "missing-column", "用电量(千瓦时)") in found(result)
    assert (1, "unknown-column", "开票金额(元)") in found(result)
    assert not result.ok


def test_header_variants_and_unknown_columns(units, tmp_path) -> None:
    header = ["信用代码", "日期", "开票金额（元）", "经办人"]
    path = write_csv(tmp_path / "h.csv", header, [[A, "2024-03-01", "10"]])
    result = import_file("invoices", path)
    assert result.ok
    assert found(result) == {(1, "unknown-column", "经办人")}


def test_duplicate_column(units, tmp_path) -> None:
    header = ["统一社会信用代码", "日期", "开票金额(元)", "开票金额（元）"]
    path = write_csv(tmp_path / "d.csv", header, [[A, "2024-03-01", "10", "10"]])
    assert (1, "duplicate-column", "开票金额(元)") in found(
        import_file("invoices", path)
    )


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("empty.csv", b"", "empty-file"),
        (
            "header-only.csv",
            "统一社会信用代码,日期,开票金额(元)\n".encode(),
            "empty-file",
        ),
        ("old.xls", b"\xd0\xcf\x11\xe0", "unreadable-file"),
        ("broken.xlsx", b"not a zip", "unreadable-file"),
        ("utf16.csv", "统一社会信用代码".encode("utf-16"), "bad-encoding"),
    ],
    ids=["empty", "header-only", "xls", "broken-xlsx", "utf-16"],
)
def test_unusable_files(units, tmp_path, name, content, code) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = import_file("invoices", path)
    assert not result.ok
    assert code in {p.code for p in result.errors}
    assert result.batch.status == "rejected"


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_template_round_trip(units, tmp_path, kind, suffix) -> None:
    path = write_template(kind, tmp_path / f"t{suffix}")
    layout = KINDS[kind].layout
    fill = {
        "uscc": A,
        "unit_id": "",
        "name": "常州甲机械有限公司",
        "period": "2024-03",
        "day": "2024-03-05",
    }
    row = [fill.get(c.key, example(c)) for c in layout.columns]
    if kind == "monthly":  # make the example a first-of-year report that chains
        row = [
            ("2024-02" if c.key == "period" else v)
            for c, v in zip(layout.columns, row, strict=True)
        ]
        values = dict(zip([c.key for c in layout.columns], row, strict=True))
        values["output_ytd"], values["output_ytd_base"] = (
            values["output_month"],
            values["output_month_base"],
        )
        row = [values[c.key] for c in layout.columns]
    if suffix == ".xlsx":
        book = load_workbook(path)
        assert book.sheetnames[1] == "填表说明"
        explained = [c.value for c in book["填表说明"][4] if c.value is not None]
        assert explained == [c.header for c in layout.columns]
        book.worksheets[0].append(row)
        book.save(path)
    else:
        with path.open("a", encoding="utf-8", newline="") as stream:
            stream.write(",".join(str(v) for v in row) + "\n")
    result = import_file(kind, path)
    assert result.ok, result.problems
    assert result.batch.summary["records"] == 1


def test_command_rejects_a_bad_file_with_status_1_and_a_report(
    units, tmp_path, capsys
) -> None:
    source = tmp_path / "bad.csv"
    source.write_bytes((DATA / "monthly_bad.csv").read_bytes())
    before = counts()
    with pytest.raises(CommandError) as failure:
        call_command("import", "monthly", str(source))
    assert failure.value.returncode == 1
    assert counts() == before
    report = read_report(tmp_path / "bad.csv.errors.csv")
    assert {r["代码"] for r in report} >= {"unknown-enterprise", "ytd-chain-broken"}
    assert {"行号", "字段", "值", "代码", "级别", "说明"} == set(report[0])
    assert report[0]["行号"] == "2"
    out = capsys.readouterr().out
    assert "unknown-enterprise" in out and "导入问题清单" in out


def test_command_imports_and_writes_errors_where_asked(units, tmp_path, capsys) -> None:
    header, rows = read_rows(DATA / "invoices_good.csv")
    path = write_csv(tmp_path / "i.csv", header, rows)
    call_command("import", "invoices", str(path), "--errors", str(tmp_path / "e.csv"))
    out = capsys.readouterr().out
    assert "导入完成" in out and "新增5" in out
    assert [r["代码"] for r in read_report(tmp_path / "e.csv")] == ["negative-invoice"]
    assert DailyInvoice.objects.filter(unit__uscc=B).count() == 2


def test_command_checks_without_writing(units, tmp_path, capsys) -> None:
    header, rows = read_rows(DATA / "invoices_good.csv")
    path = write_csv(tmp_path / "i.csv", header, rows)
    before = counts()
    call_command("import", "invoices", str(path), "--check")
    assert "检查通过" in capsys.readouterr().out
    assert counts() == before
    assert ImportBatch.objects.latest("pk").status == "checked"


def test_command_writes_a_template(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    call_command("import", "monthly", "--template")
    assert (tmp_path / "econwatch-monthly-template.xlsx").is_file()
    call_command("import", "official", "--template", "o.csv")
    assert (tmp_path / "o.csv").read_text(encoding="utf-8-sig").startswith("指标,口径")


def test_after_import_hook_gets_every_batch(units) -> None:
    seen: list[ImportBatch] = []
    already = hooks.subscribers()  # e.g. the alerts app's

    def broken(batch: ImportBatch) -> None:
        raise RuntimeError("alerts are down")

    hooks.subscribe(broken)
    hooks.subscribe(seen.append)
    try:
        result = import_file("monthly", DATA / "monthly_good.csv")
        rejected = import_file("monthly", DATA / "monthly_bad.csv")
    finally:
        hooks.unsubscribe(broken)
        hooks.unsubscribe(seen.append)
    assert [b.pk for b in seen] == [result.batch.pk, rejected.batch.pk]
    assert result.ok and MonthlyReport.objects.count() == 6
    assert any("alerts are down" in f for f in result.batch.summary["hook_failures"])
    assert hooks.subscribers() == already


def test_docs_describe_every_code_and_column() -> None:
    text = DOCS.read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z0-9-]+)`", text))
    assert set(CODES) <= documented
    for kind in KINDS.values():
        for column in kind.layout.columns:
            assert column.header in text, column.header


def test_admin_shows_batches_read_only_and_figures_editable(
    units, admin_client
) -> None:
    from django.urls import reverse

    rejected = import_file("monthly", DATA / "monthly_bad.csv").batch
    page = admin_client.get(
        reverse("admin:monitoring_importbatch_change", args=[rejected.pk])
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "unknown-enterprise" in html and "91320412MA1M00041P" in html
    assert 'name="_save"' not in html  # read only
    assert (
        admin_client.get(reverse("admin:monitoring_importbatch_add")).status_code == 403
    )
    listing = admin_client.get(reverse("admin:monitoring_importbatch_changelist"))
    assert listing.status_code == 200
    added = admin_client.post(
        reverse("admin:monitoring_officialfigure_add"),
        {
            "indicator": "规上工业增加值",
            "scope": "全区",
            "period": "2024-01..05",
            "growth": "8.1",
            "unit": "%",
            "source": "省统计局反馈",
            "value": "",
            "published_on": "",
            "note": "",
        },
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    refused = admin_client.post(
        reverse("admin:monitoring_officialfigure_add"),
        {
            "indicator": "规上工业总产值",
            "scope": "全区",
            "period": "2024-01",
            "growth": "",
            "unit": "",
            "source": "",
            "value": "",
            "published_on": "",
            "note": "",
        },
    )
    assert refused.status_code == 200
    assert "报告期应写成" in refused.content.decode()
