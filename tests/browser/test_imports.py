"""The 数据导入 page in a real browser: a bad file, then a good one.

The officer opens the page from the top navigation, uploads a monthly report
with mistakes and reads the problem table (row, field, value, message), then
uploads the corrected file and reads the summary. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import pytest

from econwatch.accounts.services import create_user
from econwatch.monitoring.models import ImportBatch, MonthlyReport
from tests.browser.conftest import log_in
from tests.monitoring.test_import_support import DATA, make_units

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "imports-browser-2024"


@pytest.fixture
def officer(transactional_db, settings, tmp_path):
    """Three registered enterprises and a 工信局业务员; uploads kept in tmp."""
    settings.VAR_DIR = tmp_path / "var"
    make_units()
    return create_user("gxj", PASSWORD, "industry_officer", full_name="工信局李科员")


def test_a_bad_file_lists_its_problems_then_a_good_file_is_imported(offline, officer):
    page, _outside = offline
    log_in(page, "gxj", PASSWORD)
    page.click("nav.mainnav >> text=数据导入")
    page.wait_for_url("**/monitoring/imports/")
    assert page.locator("h1").inner_text() == "数据导入"

    page.select_option("select[name=kind]", "monthly")
    page.set_input_files("input[name=file]", str(DATA / "monthly_bad.csv"))
    page.click("#upload-submit")
    page.wait_for_url("**/monitoring/imports/*/")
    outcome = page.locator("#outcome")
    assert outcome.get_attribute("data-state") == "rejected"
    assert "没有导入任何数据" in outcome.inner_text()
    rows = page.locator("table[data-table=problems] tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))"
    )
    batch = ImportBatch.objects.get()
    assert len(rows) == len(batch.problems) == batch.error_count + batch.warning_count
    assert ["4", "工业总产值本月(千元)", "12万", "错误"] in [r[:4] for r in rows]
    by_row = {r[0]: r for r in rows}
    assert by_row["2"][5] == "unknown-enterprise"
    assert "名录" in by_row["2"][4]
    assert page.locator("[data-download=report-xlsx]").is_visible()
    assert MonthlyReport.objects.count() == 0

    page.click("text=上传其他文件")
    page.wait_for_url("**/monitoring/imports/")
    first = page.locator("table[data-table=batches] tbody tr").first
    assert first.get_attribute("data-state") == "rejected"
    page.select_option("select[name=kind]", "monthly")
    page.fill("input[name=vintage]", "2024-04")
    page.set_input_files("input[name=file]", str(DATA / "monthly_good.csv"))
    page.click("#upload-submit")
    page.wait_for_url("**/monitoring/imports/*/")
    assert page.locator("#outcome").get_attribute("data-state") == "ok"
    summary = page.locator("#summary")
    assert summary.locator("[data-change=inserted] .mon-card-value").inner_text() == (
        "6条"
    )
    assert "报告期：2024-02、2024-03" in summary.inner_text()
    assert "预警重新评估" in summary.inner_text()
    assert page.locator("table[data-table=problems]").count() == 0
    assert MonthlyReport.objects.filter(is_current=True, vintage="2024-04").count() == 6
