"""Thousands of problems: the page lists them by pages, the report holds them all.

A file of 10,050 rows of an enterprise that is not in the register gives more
problems than a batch stores (10,000): the page says so and the downloads, made
from the full report kept beside the upload, still list every one.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from econwatch.accounts.services import create_user
from econwatch.core.codes.uscc import make_uscc
from econwatch.monitoring.imports.runner import STORED_PROBLEMS
from econwatch.monitoring.models import ImportBatch
from econwatch.monitoring.pages.imports import PROBLEMS_PER_PAGE
from tests.monitoring.test_import_support import STRANGER, counts, make_units, write_csv
from tests.monitoring.test_upload import EMPTY, URL, problem_cells, upload

pytestmark = pytest.mark.django_db

ROWS = STORED_PROBLEMS + 50
FIRST_DAY = date(2005, 1, 1)
#: Two valid codes that are not in the register, on alternate rows (one problem
#: per row: no enterprise has the same day twice, and every day is past).
STRANGERS = (STRANGER, make_uscc("9", "1", "320412", "MA1M0005"))


@pytest.fixture
def batch(client, settings, tmp_path) -> ImportBatch:
    """An uploaded invoices file with one unknown-enterprise error per row."""
    settings.VAR_DIR = tmp_path / "var"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_units()
    client.force_login(create_user("officer", "x-2024-upload", "industry_officer"))
    path = write_csv(
        tmp_path / "开票-大量错误.csv",
        ["统一社会信用代码", "日期", "开票金额(元)"],
        [
            [STRANGERS[d % 2], (FIRST_DAY + timedelta(days=d // 2)).isoformat(), 1]
            for d in range(ROWS)
        ],
    )
    upload(client, "invoices", path)
    return ImportBatch.objects.get()


def test_the_page_lists_problems_a_hundred_at_a_time(client, batch) -> None:
    assert batch.status == "rejected"
    assert counts() == EMPTY
    total = batch.error_count + batch.warning_count
    assert total == ROWS
    data = client.get(f"{URL}{batch.pk}/?format=json").json()
    assert data["problems_total"] == total
    assert data["problems_shown"] == STORED_PROBLEMS
    assert f"页面列出前{STORED_PROBLEMS}条" in data["problems_note"]
    assert len(data["problems"]) == PROBLEMS_PER_PAGE
    assert data["pagination"]["pages"] == STORED_PROBLEMS // PROBLEMS_PER_PAGE
    assert data["problems"][0]["row"] == 2
    last = client.get(f"{URL}{batch.pk}/?page=100&format=json").json()
    assert last["pagination"]["page"] == 100
    html = client.get(f"{URL}{batch.pk}/?page=2").content.decode()
    rows = problem_cells(html)
    assert len(rows) == PROBLEMS_PER_PAGE
    assert rows[0][0] == str(2 + PROBLEMS_PER_PAGE)
    assert "第 2 / 100 页" in html
    assert "page=3" in html


def test_the_downloads_hold_every_problem(client, batch) -> None:
    total = batch.error_count + batch.warning_count
    answer = client.get(f"{URL}{batch.pk}/report/?as=xlsx")
    sheet = load_workbook(io.BytesIO(answer.content), read_only=True)["问题清单"]
    listed = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(listed) == total
    assert {r[3] for r in listed} == set(batch.summary["problem_counts"])
    assert listed[-1][0] == ROWS + 1
    answer = client.get(f"{URL}{batch.pk}/report/?as=csv")
    lines = answer.content.decode("utf-8-sig").splitlines()
    assert len(lines) == total + 1
