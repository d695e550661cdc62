"""The register in a real browser: log in, search, open, edit, see the history."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.browser import showcase
from tests.browser.conftest import log_in
from tests.register import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def register(transactional_db) -> dict:
    """The tiny register and its users, made inside the live server's database."""
    return {"people": factories.users(), "units": factories.register()}


def test_search_open_edit_and_see_history(offline, register) -> None:
    page, _outside = offline
    gear = register["units"]["gear"]
    log_in(page, "hutang", factories.PASSWORD)
    page.click("nav.mainnav >> text=单位名录库")
    # htmx binds the search box when the page has loaded; typing earlier is lost.
    page.wait_for_load_state("load")

    # A Chinese name fragment: results update as the user types (htmx).
    page.fill("input[name=q]", "恒立")
    rows = page.locator("#results table.units tbody tr")
    rows.first.wait_for()
    page.wait_for_function(
        "document.querySelectorAll('#results tbody tr').length === 1"
    )
    assert "常州恒立精工齿轮有限公司" in rows.first.inner_text()
    assert "q=%E6%81%92%E7%AB%8B" in page.url  # the search is in the address bar

    # A USCC, submitted with Enter.
    page.fill("input[name=q]", gear.uscc)
    page.press("input[name=q]", "Enter")
    page.wait_for_function(
        f"document.querySelector('#results').innerText.includes('{gear.uscc}')"
    )
    page.click(f"#results >> text={gear.name}")
    page.wait_for_url(f"**/register/unit/{gear.pk}/")
    assert page.locator("h1").inner_text() == gear.name
    assert "3670" in page.locator(".industry-path").inner_text()

    # Edit through the page; the change and its reason appear in the history.
    page.click("a.button >> text=修改")
    page.fill("input[name=employees]", "345")
    page.fill("input[name=reason]", "2023年报更正")
    page.click("button >> text=保存")
    page.wait_for_url(f"**/register/unit/{gear.pk}/")
    assert "已保存（版本 2）" in page.locator(".messages").inner_text()
    audit = page.locator("#audit table").inner_text()
    assert re.search(r"从业人员（人）\s+320\s+345\s+2023年报更正", audit), audit
    assert "hutang" in audit


def test_town_officer_cannot_open_another_towns_unit(offline, register) -> None:
    page, _outside = offline
    cable = register["units"]["cable"]
    log_in(page, "hutang", factories.PASSWORD)
    response = page.goto(f"/register/unit/{cable.pk}/")
    assert response.status == 404
    assert "找不到该单位" in page.locator("h1").inner_text()
    assert cable.name not in page.content()
    twin = page.goto(f"/register/unit/{cable.pk}.json")
    assert twin.status == 404 and '"not-found"' in page.content()
    page.goto("/register/")
    page.fill("input[name=q]", cable.uscc)
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("#results .empty")


def test_search_works_without_javascript(browser, live_server, register) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    log_in(page, "analyst", factories.PASSWORD)
    page.goto("/register/")
    page.fill("input[name=q]", "电缆")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/register/?q=*")
    assert "江苏华泰电缆有限公司" in page.locator("#results").inner_text()
    context.close()


def test_screenshot_of_the_register(offline, transactional_db, tmp_path) -> None:
    """The README picture: set ECONWATCH_SCREENSHOT=docs/screenshot.png to keep it."""
    page, _outside = offline
    factories.users()
    showcase.build()
    log_in(page, "analyst", factories.PASSWORD)
    page.goto("/register/")
    page.wait_for_selector("#results table.units")
    target = Path(os.environ.get("ECONWATCH_SCREENSHOT") or tmp_path / "shot.png")
    page.screenshot(path=str(target))
    assert target.stat().st_size > 20_000
