"""Working an alert in a real browser: from the cockpit to 已查看 and 已处置.

Over the hand-made district of tests/monitoring (the one the monitoring browser
tests use), with an industry-bureau user added. The page must agree with its
JSON twin on the status and on every row of the history.
"""

from __future__ import annotations

import re

import pytest

from econwatch.accounts.services import create_user
from tests.browser.conftest import log_in
from tests.monitoring.test_pages import PASSWORD, build_district, forget_figures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MINUTE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")


@pytest.fixture
def district(transactional_db, settings):
    """The monitoring district and 王科长 of the industry bureau."""
    forget_figures(settings)
    built = build_district()
    create_user("gongxin", PASSWORD, "industry_officer", full_name="王科长")
    yield built
    forget_figures()


def history_on_screen(page) -> list[list[str]]:
    rows = page.locator('[data-table="history"] tbody tr')
    return rows.evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))"
    )


def submit(page, step: str) -> None:
    """Press the button of one step and wait for the page that answers."""
    with page.expect_navigation():
        page.click(f'form[data-step="{step}"] button[type=submit]')


def test_mark_seen_then_handled_and_see_who_and_when(offline, district):
    page, _outside = offline
    log_in(page, "gongxin", PASSWORD)

    # From the cockpit's open-alert list to the alert (the red one comes first).
    page.goto("/monitoring/?period=2023-03")
    page.click(".mon-alert-list a.mon-alert-detail >> nth=0")
    page.wait_for_url(re.compile(r".*/alerts/\d+/$"))
    url = page.url
    assert "常州丙新能源有限公司" in page.locator("h1").inner_text()
    assert page.locator('[data-field="status"]').inner_text() == "新发"

    # 新发 → 已查看.
    submit(page, "seen")
    assert "已标记为“已查看”" in page.locator(".messages").inner_text()
    assert page.locator('[data-field="status"]').inner_text() == "已查看"
    assert page.locator('form[data-step="seen"]').count() == 0

    # 已处置 needs a note: refused without one, the page says what to write.
    submit(page, "handled")
    assert "处置情况" in page.locator("#refusal").inner_text()
    assert page.locator('[data-field="status"]').inner_text() == "已查看"

    note = "已走访企业：产线搬迁调试，4月中旬恢复开票"
    page.fill("#note-handled", note)
    submit(page, "handled")
    assert page.url == url
    assert page.locator('[data-field="status"]').inner_text() == "已处置"
    assert page.locator('[data-field="status_by"]').inner_text() == "王科长"

    # The history names who and when, and the JSON twin says the same.
    shown = history_on_screen(page)
    assert [row[1:4] for row in shown[-2:]] == [
        ["王科长", "查看", "新发→已查看"],
        ["王科长", "处置", "已查看→已处置"],
    ]
    assert shown[-1][4] == note
    assert all(MINUTE.match(row[0]) for row in shown[-2:])
    answer = page.request.get(f"{url}?format=json")
    assert answer.ok, answer.text()
    data = answer.json()
    assert data["alert"]["status_label"] == "已处置"
    assert data["alert"]["status_by"] == "王科长"
    history = next(t for t in data["tables"] if t["key"] == "history")["rows"]
    assert [
        [h["at_text"], h["actor"], h["action"], h["change"], h["note"]] for h in history
    ] == shown
    assert [a["code"] for a in data["actions"]] == ["closed"]
