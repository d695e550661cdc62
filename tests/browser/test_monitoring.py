"""The monitoring pages in a real browser: charts draw, numbers equal the JSON twin.

Every page is opened through the ``offline`` fixture, which aborts and records
any request leaving 127.0.0.1 (ECharts is served by the platform itself).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import log_in
from tests.monitoring.test_pages import (
    HUTANG,
    NIUTANG,
    PASSWORD,
    build_district,
    forget_figures,
    printed,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def district(transactional_db, settings):
    """The hand-made district of tests/monitoring, inside the live server's DB."""
    forget_figures(settings)
    yield build_district()
    forget_figures()


def open_page(page, url: str) -> dict:
    """Open a page, wait for its charts, and return its JSON twin."""
    page.goto(url)
    page.wait_for_selector("body[data-charts-ready]")
    joiner = "&" if "?" in url else "?"
    answer = page.request.get(f"{url}{joiner}format=json")
    assert answer.ok, answer.text()
    return answer.json()


def assert_charts_drawn(page, data: dict) -> None:
    """One chart container per declared chart, each holding a canvas."""
    for chart in data["charts"]:
        box = page.locator(f'[data-chart="{chart["id"]}"]')
        assert box.count() == 1, chart["id"]
        assert box.locator("canvas").count() >= 1, chart["id"]
        size = box.bounding_box()
        assert size and size["width"] > 200 and size["height"] > 150, chart["id"]
    assert page.get_attribute("body", "data-charts-ready") == str(len(data["charts"]))


def assert_numbers_equal_json(page, data: dict) -> None:
    """Cards and every table cell on screen equal the JSON twin."""
    for card in data["cards"]:
        shown = page.locator(f'[data-card="{card["key"]}"] [data-field="value_text"]')
        assert shown.first.text_content() == card["value_text"], card["key"]
    for table in data["tables"]:
        box = page.locator(f'[data-table="{table["key"]}"] tbody tr')
        if page.locator(f'[data-table="{table["key"]}"]').count() == 0:
            continue
        cells = box.evaluate_all(
            "rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))"
        )
        expected = [
            [printed(row.get(col["key"]), col) for col in table["columns"]]
            for row in table["rows"]
        ] or [["暂无数据"]]
        assert cells == expected, table["key"]


def test_cockpit_draws_its_charts_and_shows_the_json_numbers(offline, district):
    page, _outside = offline
    log_in(page, "analyst", PASSWORD)
    page.click("nav.mainnav >> text=运行监测")
    page.wait_for_url("**/monitoring/")
    data = open_page(page, "/monitoring/?period=2023-03")
    assert page.locator("h1").inner_text() == "全区工业经济运行监测"
    assert_charts_drawn(page, data)
    assert_numbers_equal_json(page, data)
    assert page.locator('[data-card="output_ytd"]').inner_text().count("增长25.3%")

    # The scope-change line is there on demand.
    why = page.locator("details.mon-why")
    assert not why.locator("p").is_visible()
    why.locator("summary").click()
    assert "新纳入1家、退出1家" in why.locator("p").inner_text()

    # Changing the scope reloads the page with the other figures.
    page.select_option("select[name=scope]", "wj-hitech")
    page.wait_for_url("**scope=wj-hitech**")
    page.wait_for_selector("body[data-charts-ready]")
    value = page.locator('[data-card="output_ytd"] [data-field="value_text"]')
    assert value.inner_text() == "9.0"


def test_town_officer_sees_only_their_town(offline, district):
    page, _outside = offline
    log_in(page, "hutang", PASSWORD)
    page.click("nav.mainnav >> text=运行监测")
    page.wait_for_url(f"**/monitoring/town/{HUTANG}/")
    data = open_page(page, f"/monitoring/town/{HUTANG}/")
    assert_charts_drawn(page, data)
    assert_numbers_equal_json(page, data)
    listed = page.locator('[data-table="enterprises"] tbody tr td:nth-child(2)')
    assert sorted(listed.all_inner_texts()) == [
        "常州丁汽车配件有限公司",
        "常州甲汽车零部件有限公司",
    ]
    body = page.locator("main").inner_text()
    assert "常州丙新能源有限公司" not in body and "常州乙医疗器械有限公司" not in body

    # Another town, another town's enterprise: refused, through page and JSON.
    answer = page.goto(f"/monitoring/town/{NIUTANG}/")
    assert answer.status == 403
    assert "无权查看牛塘镇" in page.locator("main").inner_text()
    other = district.units["c"].pk
    assert page.goto(f"/monitoring/enterprise/{other}/").status == 404
    assert (
        page.request.get(f"/monitoring/enterprise/{other}/?format=json").status == 404
    )


def test_enterprise_profile_from_the_cockpit(offline, district):
    page, _outside = offline
    log_in(page, "analyst", PASSWORD)
    open_page(page, "/monitoring/?period=2023-03")
    page.click('[data-table="top_pull"] >> text=常州丙新能源有限公司')
    unit = district.units["c"].pk
    page.wait_for_url(f"**/monitoring/enterprise/{unit}/**")
    data = open_page(page, f"/monitoring/enterprise/{unit}/")
    assert page.locator("h1").inner_text() == "常州丙新能源有限公司"
    assert_charts_drawn(page, data)
    assert_numbers_equal_json(page, data)
    assert "新能源汽车及核心零部件" in page.locator("main").inner_text()


def test_daily_page_toggles_festival_alignment(offline, district):
    page, _outside = offline
    log_in(page, "analyst", PASSWORD)
    data = open_page(page, "/monitoring/daily/")
    assert_charts_drawn(page, data)
    assert_numbers_equal_json(page, data)
    page.select_option("select[name=align]", "festival")
    page.wait_for_url("**align=festival**")
    here = urlsplit(page.url)
    festival = open_page(page, f"{here.path}?{here.query}")
    first = festival["tables"][0]["rows"][0]
    assert first["base_day"] == "2022-03-12"
    assert_numbers_equal_json(page, festival)
