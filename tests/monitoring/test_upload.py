"""The 数据导入 page: who may use it, dry runs, bad and good files, re-imports.

Every upload goes through the page (Django's test client, multipart), the files
are the fixtures of the import tests, and the database is checked after each step:
a refused or checked file writes nothing; the kept file and the report are there.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from econwatch.accounts.services import create_user
from econwatch.monitoring.imports import KINDS, hooks, import_file
from econwatch.monitoring.models import DailyInvoice, ImportBatch, MonthlyReport
from econwatch.monitoring.upload import Options, keep
from tests.monitoring.test_import_support import (
    DATA,
    A,
    counts,
    make_units,
    read_rows,
    write_csv,
)

pytestmark = pytest.mark.django_db

HUTANG = "320412100000"
PASSWORD = "upload-test-2024"
URL = "/monitoring/imports/"
EMPTY = {
    "MonthlyReport": 0,
    "DailyInvoice": 0,
    "DailyElectricity": 0,
    "OfficialFigure": 0,
    "ImportChange": 0,
}


@pytest.fixture
def var(settings, tmp_path) -> Path:
    """A fresh ECONWATCH_VAR: uploads are kept under it."""
    settings.VAR_DIR = tmp_path / "var"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings.VAR_DIR


@pytest.fixture
def units(var):
    return make_units()


@pytest.fixture
def analyst(units):
    return create_user("analyst", PASSWORD, "analyst", full_name="统计局王分析")


@pytest.fixture
def client_in(client, analyst):
    """The test client, logged in as a 统计局分析员."""
    client.force_login(analyst)
    return client


def upload(client, kind: str, path: Path, **options: object):
    """POST one file to the page, as the browser would."""
    data = {"kind": kind, "file": SimpleUploadedFile(path.name, path.read_bytes())}
    data.update({k: v for k, v in options.items() if k != "query"})
    return client.post(URL + str(options.get("query", "")), data)


def last_batch() -> ImportBatch:
    return ImportBatch.objects.order_by("-pk").first()


class _Problems(HTMLParser):
    """The cells of the problems table (``table[data-table=problems]``)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._inside = False
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table" and ("data-table", "problems") in attrs:
            self._inside = True
        elif self._inside and tag == "tr":
            self._row = []
        elif self._inside and tag == "td" and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row:
            self.rows.append(self._row)
            self._row = None
        elif tag == "table":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def problem_cells(html: str) -> list[list[str]]:
    """Rows of the problems table: 行号, 字段, 值, 级别, 说明, 代码."""
    parser = _Problems()
    parser.feed(html)
    return parser.rows


# Who may use the page ---------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("analyst", 200),
        ("industry_officer", 200),
        ("admin", 200),
        ("town_officer", 403),
        ("leader", 403),
        ("enumerator", 403),
        ("enterprise", 403),
        ("handler", 403),
    ],
)
def test_only_importing_roles_see_the_page(client, units, role, status) -> None:
    user = create_user(
        f"u-{role}",
        PASSWORD,
        role,
        division_code=HUTANG if role in ("town_officer", "enumerator") else None,
        unit_id=units[A].pk if role == "enterprise" else None,
        department="税务局" if role == "handler" else "",
    )
    client.force_login(user)
    assert client.get(URL).status_code == status
    answer = client.get(URL + "?format=json")
    assert answer.status_code == status
    if status == 403:
        assert answer.json()["error"]["code"] == "forbidden"
        assert "统计局分析员" in answer.json()["error"]["message"]
        assert "数据导入" not in client.get("/monitoring/daily/").content.decode()
    else:
        assert 'href="/monitoring/imports/"' in client.get(URL).content.decode()


def test_a_refused_user_cannot_upload_and_nothing_is_kept(client, units, var) -> None:
    client.force_login(
        create_user("hutang", PASSWORD, "town_officer", division_code=HUTANG)
    )
    answer = upload(client, "invoices", DATA / "invoices_good.csv")
    assert answer.status_code == 403
    assert not ImportBatch.objects.exists()
    assert not (var / "uploads").exists()
    assert counts() == EMPTY


def test_anonymous_is_sent_to_log_in_and_json_gets_401(client, units) -> None:
    answer = client.get(URL)
    assert answer.status_code == 302 and "/login/" in answer["Location"]
    answer = client.get(URL + "?format=json")
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "login-required"
    assert (
        client.get(reverse("monitoring:import-template", args=["monthly"])).status_code
        == 302
    )


def test_the_nav_link_is_lit_on_the_page(client_in) -> None:
    html = client_in.get(URL).content.decode()
    assert (
        'href="/monitoring/imports/" class="active" aria-current="page">数据导入'
        in html
    )
    assert 'href="/monitoring/" class="active"' not in html


# Dry run ------------------------------------------------------------------------


def test_check_only_imports_nothing_then_imports_the_kept_file(client_in) -> None:
    answer = upload(client_in, "invoices", DATA / "invoices_good.csv", check_only="on")
    batch = last_batch()
    assert answer.status_code == 302
    assert answer["Location"] == f"/monitoring/imports/{batch.pk}/"
    assert (batch.status, batch.check_only, batch.rows) == ("checked", True, 5)
    assert counts() == EMPTY
    page = client_in.get(answer["Location"])
    html = page.content.decode()
    assert "检查通过（未导入）" in html and "导入此文件" in html
    data = client_in.get(answer["Location"] + "?format=json").json()
    assert data["batch"]["state"] == "checked"
    assert data["links"]["repeat"] == f"/monitoring/imports/{batch.pk}/repeat/"

    answer = client_in.post(data["links"]["repeat"])
    imported = last_batch()
    assert imported.pk != batch.pk
    assert answer["Location"] == f"/monitoring/imports/{imported.pk}/"
    assert (imported.status, imported.check_only) == ("ok", False)
    assert imported.stored_file == batch.stored_file
    assert imported.summary["repeat_of"] == batch.pk
    assert DailyInvoice.objects.count() == 5
    batch.refresh_from_db()
    assert batch.summary["repeated_by"] == imported.pk
    # Once imported, the checked batch cannot be imported a second time.
    assert client_in.post(data["links"]["repeat"]).status_code == 409
    assert DailyInvoice.objects.count() == 5


def test_check_only_of_a_bad_file_reads_check_failed(client_in) -> None:
    upload(client_in, "monthly", DATA / "monthly_bad.csv", check_only="on")
    batch = last_batch()
    assert (batch.status, batch.check_only) == ("rejected", True)
    data = client_in.get(f"{URL}{batch.pk}/?format=json").json()
    assert data["batch"]["state_label"] == "检查未通过（未导入）"
    assert data["links"]["repeat"] is None
    assert counts() == EMPTY


# A bad file ---------------------------------------------------------------------


def test_a_bad_file_shows_every_problem_and_imports_nothing(client_in) -> None:
    expected = import_file("monthly", DATA / "monthly_bad.csv").problems
    ImportBatch.objects.all().delete()
    answer = upload(client_in, "monthly", DATA / "monthly_bad.csv")
    batch = last_batch()
    assert batch.status == "rejected" and batch.user.username == "analyst"
    assert counts() == EMPTY
    page = client_in.get(answer["Location"])
    html = page.content.decode()
    assert "没有导入任何数据" in html
    shown = problem_cells(html)
    assert shown == [
        [
            "—" if p.row is None else str(p.row),
            p.field or "—",
            p.value,
            "错误" if p.is_error else "核实",
            p.message,
            p.code,
        ]
        for p in expected
    ]
    assert ["4", "工业总产值本月(千元)", "12万"] in [row[:3] for row in shown]
    data = client_in.get(answer["Location"] + "?format=json").json()
    assert [
        (p["row"], p["field"], p["value"], p["code"]) for p in data["problems"]
    ] == [(p.row, p.field, p.value, p.code) for p in expected]
    assert data["problems_total"] == len(expected)
    assert {c["code"]: c["count"] for c in data["problem_counts"]}[
        "unknown-enterprise"
    ] == 1


def test_problems_can_be_narrowed_by_code_and_level(client_in) -> None:
    upload(client_in, "monthly", DATA / "monthly_bad.csv")
    batch = last_batch()
    data = client_in.get(f"{URL}{batch.pk}/?code=bad-period&format=json").json()
    assert [(p["row"], p["code"]) for p in data["problems"]] == [
        (3, "bad-period"),
        (11, "bad-period"),
    ]
    data = client_in.get(f"{URL}{batch.pk}/?level=warning&format=json").json()
    assert all(p["severity"] == "warning" for p in data["problems"])
    assert data["problems_total"] == batch.error_count + batch.warning_count


def test_the_report_downloads_open_and_hold_every_problem(client_in) -> None:
    upload(client_in, "monthly", DATA / "monthly_bad.csv")
    batch = last_batch()
    answer = client_in.get(f"{URL}{batch.pk}/report/?as=xlsx")
    assert answer.status_code == 200
    assert "attachment" in answer["Content-Disposition"]
    book = load_workbook(io.BytesIO(answer.content))
    sheet = book["问题清单"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == ("行号", "字段", "值", "代码", "级别", "说明")
    listed = [(r[0], r[1], r[2], r[3]) for r in rows[2:]]
    assert listed == [
        (p["row"], p["field"] or None, p["value"] or None, p["code"])
        for p in batch.problems
    ]
    assert (4, "工业总产值本月(千元)", "12万", "bad-number") in listed
    summary = {
        r[0]: r[3] for r in book["按代码汇总"].iter_rows(min_row=2, values_only=True)
    }
    assert summary == batch.summary["problem_counts"]

    answer = client_in.get(f"{URL}{batch.pk}/report/?as=csv")
    text = answer.content.decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert len(table) == len(batch.problems)
    assert table[0].keys() == {"行号", "字段", "值", "代码", "级别", "说明"}
    assert client_in.get(f"{URL}{batch.pk}/report/?as=pdf").status_code == 400


# A good file ---------------------------------------------------------------------


def test_a_good_file_is_imported_kept_and_summarised(client_in, var) -> None:
    source = DATA / "invoices_good.csv"
    answer = upload(client_in, "invoices", source)
    batch = last_batch()
    assert batch.status == "ok" and batch.user.username == "analyst"
    assert DailyInvoice.objects.count() == 5
    kept = var / batch.stored_file
    assert batch.stored_file.startswith("uploads/")
    assert kept.read_bytes() == source.read_bytes()
    meta = json.loads((kept.parent / "upload.json").read_text(encoding="utf-8"))
    assert (meta["uploaded_by"], meta["kind"], meta["check_only"]) == (
        "analyst",
        "invoices",
        False,
    )
    data = client_in.get(answer["Location"] + "?format=json").json()
    changes = {c["key"]: c["count"] for c in data["changes"]}
    assert changes == {"inserted": 5, "updated": 0, "unchanged": 0}
    assert data["enterprises"] == 3
    assert data["days"] == ["2024-03-01", "2024-03-02"]
    effects = {e["key"]: e["text"] for e in data["effects"]}
    assert effects["rollup"] == "已重新汇总2024-03的月度开票、用电合计"
    assert effects["alerts"].startswith("预警重新评估：新发")
    html = client_in.get(answer["Location"]).content.decode()
    assert "导入完成：5行数据已写入" in html
    assert 'data-change="inserted"' in html
    original = client_in.get(data["links"]["file"])
    assert b"".join(original.streaming_content) == source.read_bytes()


def test_a_reimport_replaces_the_month_and_keeps_the_old_vintage(
    client_in, tmp_path
) -> None:
    good = DATA / "monthly_good.csv"
    upload(client_in, "monthly", good, vintage="2024-04")
    first = last_batch()
    assert first.status == "ok" and first.summary["inserted"] == 6
    header, rows = read_rows(good)
    rows[3][3], rows[3][5] = "53000", "153000"  # A revises March
    revised = write_csv(tmp_path / "3月月报（更正）.csv", header, rows)
    upload(client_in, "monthly", revised, vintage="2024-05")
    second = last_batch()
    assert second.status == "ok"
    assert (second.summary["revised"], second.summary["unchanged"]) == (1, 5)
    versions = MonthlyReport.objects.filter(unit__uscc=A, period="2024-03")
    assert sorted(versions.values_list("vintage", "is_current", "output_month")) == [
        ("2024-04", False, 52000),
        ("2024-05", True, 53000),
    ]
    listed = client_in.get(URL + "?format=json").json()["batches"]
    assert [(b["id"], b["vintage"], b["changes"]) for b in listed] == [
        (second.pk, "2024-05", "更正1条（旧版本保留）"),
        (first.pk, "2024-04", ""),
    ]
    assert listed[0]["file_name"] == "3月月报（更正）.csv"
    assert listed[0]["who"] == "统计局王分析"
    html = client_in.get(URL).content.decode()
    assert "更正1条（旧版本保留）" in html


def test_the_list_filters_by_kind_and_status(client_in) -> None:
    upload(client_in, "invoices", DATA / "invoices_good.csv")
    upload(client_in, "monthly", DATA / "monthly_bad.csv")
    data = client_in.get(URL + "?kind=monthly&format=json").json()
    assert [b["kind"] for b in data["batches"]] == ["monthly"]
    data = client_in.get(URL + "?status=ok&format=json").json()
    assert [b["state"] for b in data["batches"]] == ["ok"]
    assert data["max_mb"] == 50
    assert [k["key"] for k in data["kinds"]] == list(KINDS)


# The form -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "name", "message"),
    [
        ({"kind": ""}, "kind", "这个字段是必填项"),
        ({"file": None}, "file", "这个字段是必填项"),
        ({"name": "report.pdf"}, "file", "只接受CSV或Excel"),
        ({"name": "old.xls"}, "file", "另存为"),
        ({"vintage": "2024-04"}, "vintage", "只用于规上工业月报"),
        ({"replace_period": "on"}, "replace_period", "只用于规上工业月报"),
        ({"kind": "monthly", "vintage": "x" * 17}, "vintage", "16"),
    ],
    ids=["no-kind", "no-file", "pdf", "xls", "vintage", "replace", "long-vintage"],
)
def test_form_problems_are_listed_and_nothing_is_kept(
    client_in, var, fields, name, message
) -> None:
    data: dict[str, object] = {
        "kind": "invoices",
        "file": SimpleUploadedFile(
            str(fields.pop("name", "i.csv")), (DATA / "invoices_good.csv").read_bytes()
        ),
    }
    data.update(fields)
    data = {k: v for k, v in data.items() if v is not None}
    answer = client_in.post(URL, data)
    assert answer.status_code == 400
    assert message in answer.context["form"].errors[name][0]
    assert "没有导入" in answer.content.decode()
    assert not ImportBatch.objects.exists()
    assert not (var / "uploads").exists()


def test_a_file_over_the_limit_is_not_received(client_in, settings, var) -> None:
    settings.ECONWATCH_IMPORT_MAX_MB = 0  # every file is too large
    answer = upload(client_in, "invoices", DATA / "invoices_good.csv")
    assert answer.status_code == 413
    assert "超过0 MB的上限" in answer.content.decode()
    answer = upload(
        client_in, "invoices", DATA / "invoices_good.csv", query="?format=json"
    )
    assert answer.status_code == 413
    error = answer.json()["error"]
    assert error["code"] == "invalid-upload"
    assert error["problems"][0]["field"] == "file"
    assert not ImportBatch.objects.exists()
    assert not (var / "uploads").exists()


def test_an_upload_as_json_answers_the_batch(client_in) -> None:
    answer = upload(
        client_in, "invoices", DATA / "invoices_good.csv", query="?format=json"
    )
    assert answer.status_code == 201
    batch = last_batch()
    assert answer["Location"] == f"/monitoring/imports/{batch.pk}/"
    assert answer.json()["batch"]["state"] == "ok"


# Templates, interrupted batches, hooks -------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_templates_download_with_the_kind_header(client_in, kind, fmt) -> None:
    answer = client_in.get(
        reverse("monitoring:import-template", args=[kind]) + f"?as={fmt}"
    )
    assert answer.status_code == 200
    headers = [c.header for c in KINDS[kind].layout.columns]
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(answer.content)).worksheets[0]
        assert [c.value for c in sheet[1]] == headers
    else:
        first = next(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
        assert first == headers
    assert answer["Content-Disposition"].startswith("attachment")


def test_an_unknown_template_kind_is_404(client_in) -> None:
    answer = client_in.get(reverse("monitoring:import-template", args=["taxes"]))
    assert answer.status_code == 404


def test_an_interrupted_import_is_shown_and_can_be_run_again(
    client_in, analyst
) -> None:
    source = DATA / "invoices_good.csv"
    path = keep([source.read_bytes()], source.name, Options("invoices"), analyst)
    stuck = ImportBatch.objects.create(
        kind="invoices",
        file_name=source.name,
        sha256="",
        user=analyst,
        started_at=timezone.now() - timedelta(hours=2),
        stored_file=path.relative_to(path.parents[3]).as_posix(),
    )
    row = client_in.get(URL + "?format=json").json()["batches"][0]
    assert (row["id"], row["state"], row["state_label"]) == (
        stuck.pk,
        "interrupted",
        "已中断（未导入）",
    )
    data = client_in.get(f"{URL}{stuck.pk}/?format=json").json()
    assert data["links"]["repeat"]
    answer = client_in.post(data["links"]["repeat"])
    again = last_batch()
    assert answer["Location"] == f"/monitoring/imports/{again.pk}/"
    assert again.status == "ok" and DailyInvoice.objects.count() == 5
    stuck.refresh_from_db()
    assert stuck.status == "failed" and stuck.summary["interrupted"] is True
    data = client_in.get(f"{URL}{stuck.pk}/?format=json").json()
    assert (data["batch"]["state"], data["links"]["repeat"]) == ("interrupted", None)
    assert data["repeated_by"] == again.pk


def test_a_running_batch_page_refreshes_itself(client_in, analyst) -> None:
    running = ImportBatch.objects.create(
        kind="monthly", file_name="m.csv", sha256="", started_at=timezone.now()
    )
    html = client_in.get(f"{URL}{running.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="5">' in html
    assert "导入中" in html
    # A rejected or accepted batch cannot be run again from the page.
    assert client_in.post(f"{URL}{running.pk}/repeat/").status_code == 409


def test_the_alerts_a_hook_raises_are_shown_with_the_batch(client_in, units) -> None:
    from econwatch.alerts.evaluation import SYSTEM
    from econwatch.alerts.models import Alert, AlertEvent, AlertRule

    rule = AlertRule.objects.create(
        code="test-drop",
        name="测试：开票下降",
        kind="invoice_yoy_drop",
        level="red",
        threshold=20,
        valid_from=timezone.localdate(),
        active=False,
    )

    def raise_one(batch: ImportBatch) -> None:
        if batch.status != "ok":
            return
        alert = Alert.objects.create(
            rule=rule,
            rule_code=rule.code,
            unit=units[A],
            level="red",
            summary="开票同比下降35.0%",
            first_seen=timezone.localdate(),
            last_seen=timezone.localdate(),
        )
        AlertEvent.objects.create(
            alert=alert, actor=SYSTEM, action="raised", to_status="new"
        )

    hooks.subscribe(raise_one)
    try:
        answer = upload(client_in, "invoices", DATA / "invoices_good.csv")
    finally:
        hooks.unsubscribe(raise_one)
    data = client_in.get(answer["Location"] + "?format=json").json()
    alerts = next(e for e in data["effects"] if e["key"] == "alerts")
    assert alerts["text"].startswith("预警重新评估：新发1条")
    assert [(a["unit"], a["level_label"]) for a in alerts["alerts"]] == [
        ("常州甲机械有限公司", "红色")
    ]
    html = client_in.get(answer["Location"]).content.decode()
    assert f'href="/monitoring/enterprise/{units[A].pk}/"' in html
    assert "开票同比下降35.0%" in html


def test_a_hook_failure_is_reported_without_undoing_the_import(client_in) -> None:
    def broken(batch: ImportBatch) -> None:
        raise RuntimeError("缓存服务不可用")

    hooks.subscribe(broken)
    try:
        answer = upload(client_in, "invoices", DATA / "invoices_good.csv")
    finally:
        hooks.unsubscribe(broken)
    assert DailyInvoice.objects.count() == 5
    data = client_in.get(answer["Location"] + "?format=json").json()
    failures = [e["text"] for e in data["effects"] if e["key"] == "hook-failure"]
    assert len(failures) == 1 and "缓存服务不可用" in failures[0]


# The library under the page (no HTTP) ----------------------------------------------


def test_check_only_writes_nothing_and_takes_no_lock(units) -> None:
    result = import_file("monthly", DATA / "monthly_good.csv", check_only=True)
    assert (result.batch.status, result.batch.check_only) == ("checked", True)
    assert not result.ok  # ok means imported
    assert result.batch.rows == 6 and result.problems == []
    assert counts() == EMPTY


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("开票-2024-03.csv", "开票-2024-03.csv"),
        ("C:\\报表\\3月 开票（更正）.xlsx", "3月 开票（更正）.xlsx"),
        ("../../etc/passwd", "passwd"),
        ('a:b?"c".csv', "a_b__c_.csv"),
        ("..", "upload"),
        ("x" * 300 + ".csv", "x" * 116 + ".csv"),
    ],
    ids=["plain", "windows-path", "traversal", "reserved", "dots", "long"],
)
def test_kept_names_stay_in_their_folder(units, var, sent, kept) -> None:
    path = keep([b"data"], sent, Options("invoices"), None)
    assert path.name == kept
    assert path.parent.parent.parent == var.resolve() / "uploads"


def test_an_upload_without_the_csrf_token_is_refused(analyst, var) -> None:
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(analyst)
    answer = upload(strict, "invoices", DATA / "invoices_good.csv")
    assert answer.status_code == 403
    assert not ImportBatch.objects.exists()


def test_a_program_failure_keeps_the_file_for_a_second_try(
    client_in, monkeypatch
) -> None:
    import dataclasses

    def boom(data: object, ctx: object, batch_id: int) -> dict:
        raise RuntimeError("磁盘已满")

    original = KINDS["invoices"]
    monkeypatch.setitem(KINDS, "invoices", dataclasses.replace(original, store=boom))
    answer = upload(client_in, "invoices", DATA / "invoices_good.csv")
    failed = last_batch()
    assert failed.status == "failed" and "磁盘已满" in failed.summary["exception"]
    assert counts() == EMPTY
    html = client_in.get(answer["Location"]).content.decode()
    assert "导入时程序出错，没有写入任何数据" in html
    monkeypatch.setitem(KINDS, "invoices", original)
    client_in.post(f"{URL}{failed.pk}/repeat/")
    assert last_batch().status == "ok" and DailyInvoice.objects.count() == 5
