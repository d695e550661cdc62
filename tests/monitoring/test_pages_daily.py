"""The daily page and the enterprise profile over the hand-made district."""

from __future__ import annotations

import pytest

from tests.monitoring.test_pages import (
    HUTANG,
    _table,
    assert_page_equals_json,
    build_district,
    client_for,
    forget_figures,
)


@pytest.fixture(autouse=True)
def _fresh(settings):
    forget_figures(settings)
    yield
    forget_figures()


@pytest.fixture
def district(db):
    """The hand-made district of test_pages."""
    return build_district()


def _card(data: dict, key: str) -> dict:
    return next(c for c in data["cards"] if c["key"] == key)


# --- the daily page ------------------------------------------------------------


def test_daily_page_sums_the_days_of_the_scope(client, district) -> None:
    data = client_for(client, district, "analyst").get("/monitoring/daily/?format=json")
    data = data.json()
    assert data["days"] == 30 and data["align"] == "calendar"
    invoices = _table(data, "invoices")
    assert len(invoices["rows"]) == 30
    first, last = invoices["rows"][0], invoices["rows"][-1]
    assert (first["day"], last["day"]) == ("2023-03-02", "2023-03-31")
    assert first["base_day"] == "2022-03-02"
    # a 1亿 + c 0.5亿 a day, against 0.8亿 + 0.25亿 last year.
    assert (last["value"], last["base"], last["growth"]) == (1.5, 1.05, 42.9)
    electricity = _table(data, "electricity")["rows"][-1]
    assert (electricity["value"], electricity["base"]) == (14.0, 12.0)
    week = _card(data, "invoices_7d")
    assert (week["value_text"], week["unit"], week["growth_text"]) == (
        "10.50",
        "亿元",
        "42.9%",
    )
    assert _card(data, "electricity_mtd")["unit"] == "亿千瓦时"


def test_daily_page_html_equals_json(client, district) -> None:
    c = client_for(client, district, "analyst")
    data = c.get("/monitoring/daily/?days=90&format=json").json()
    assert len(_table(data, "invoices")["rows"]) == 90
    html = c.get("/monitoring/daily/?days=90").content.decode()
    assert_page_equals_json(html, data)
    assert 'data-chart="invoices"' in html and 'data-chart="electricity"' in html


def test_festival_alignment_moves_last_years_days(client, district) -> None:
    c = client_for(client, district, "analyst")
    data = c.get("/monitoring/daily/?align=festival&format=json").json()
    first = _table(data, "invoices")["rows"][0]
    # 春节 2023-01-22, 2022-02-01: ten days later in the year.
    assert (first["day"], first["base_day"]) == ("2023-03-02", "2022-03-12")
    assert "春节对齐" in _table(data, "invoices")["note"]


def test_daily_page_for_a_town_and_for_its_officer(client, district) -> None:
    c = client_for(client, district, "analyst")
    town = c.get(f"/monitoring/daily/?town={HUTANG}&format=json").json()
    assert town["scope"]["name"] == "湖塘镇"
    assert _table(town, "invoices")["rows"][-1]["value"] == 1.0  # a only
    client.logout()
    officer = client_for(client, district, "hutang")
    mine = officer.get("/monitoring/daily/?format=json").json()
    assert mine["scope"]["code"] == HUTANG
    assert _table(mine, "invoices")["rows"] == _table(town, "invoices")["rows"]


@pytest.mark.parametrize("query", ["days=7", "align=moon"], ids=["days", "align"])
def test_daily_page_refuses_other_choices(client, district, query) -> None:
    c = client_for(client, district, "analyst")
    answer = c.get(f"/monitoring/daily/?{query}&format=json")
    assert answer.status_code == 400
    assert answer.json()["error"]["code"].startswith("bad-")


# --- the enterprise profile ----------------------------------------------------


def test_profile_shows_identity_tags_clusters_and_alerts(client, district) -> None:
    unit = district.units["a"]
    c = client_for(client, district, "analyst")
    data = c.get(f"/monitoring/enterprise/{unit.pk}/?format=json").json()
    facts = {f["label"]: f["value"] for f in data["identity"]}
    assert facts["所在镇（街道）"] == "湖塘镇"
    assert facts["行业"] == "3670 汽车零部件及配件制造"
    assert facts["2023年规模"] == "规模以上"
    assert [t["name"] for t in data["tags"]] == ["高新技术企业"]
    assert [n["name"] for n in data["clusters"]] == ["新能源汽车及核心零部件"]
    assert data["alerts"]["count"] == 1
    assert _table(data, "alerts")["rows"][0]["level"] == "黄色"
    assert _card(data, "output_ytd")["value_text"] == "300000.0"  # 万元
    assert _card(data, "output_ytd")["growth_text"] == "25.0%"


def test_profile_standing_in_town_division_and_district(client, district) -> None:
    unit = district.units["a"]
    c = client_for(client, district, "analyst")
    data = c.get(f"/monitoring/enterprise/{unit.pk}/?format=json").json()
    rows = {r["scope"].split("：")[0]: r for r in _table(data, "standing")["rows"]}
    district_row = rows["全区"]
    assert district_row["total"] == 57.0 and district_row["total_growth"] == 25.3
    assert district_row["proportion"] == round(3_000_000 / 5_700_000 * 100, 2)
    assert district_row["pull"] == round(600_000 / 4_550_000 * 100, 2)
    assert district_row["rank"] == "第1位/共4家"
    # 行业大类 36: a and d; 所在镇 湖塘镇: a and d as well.
    division = rows["行业大类"]
    assert division["total"] == 36.0 and division["share"] == 150.0
    assert rows["所在镇"]["total"] == 36.0


def test_profile_series_and_page_equal_json(client, district) -> None:
    unit = district.units["c"]
    c = client_for(client, district, "analyst")
    data = c.get(f"/monitoring/enterprise/{unit.pk}/?format=json").json()
    assert len(_table(data, "invoices")["rows"]) == 90
    assert _table(data, "invoices")["rows"][-1]["value"] == 5000.0  # 万元
    assert [r["period"] for r in _table(data, "monthly")["rows"]] == [
        "2023-02",
        "2023-03",
    ]
    html = c.get(f"/monitoring/enterprise/{unit.pk}/").content.decode()
    assert_page_equals_json(html, data)
    for chart in ("monthly", "invoices", "electricity"):
        assert f'data-chart="{chart}"' in html
