"""The monitoring pages over a hand-made district: what they show, to whom.

The district (:func:`build_district`) has four enterprises in three towns with
reports for 2022-12, 2023-02 and 2023-03 (and last year's 2022-03 set, which
differs: one enterprise entered, one left), daily invoices and electricity for
March of both years, a cluster system and two open alerts. The browser tests
(tests/browser/test_monitoring.py) reuse it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

from econwatch.accounts.models import SiteSetting
from econwatch.accounts.services import create_user
from econwatch.alerts.models import Alert, AlertRule
from econwatch.core.stats import format_number
from econwatch.monitoring import rollup
from econwatch.monitoring.indicators import compute
from econwatch.monitoring.models import (
    DailyElectricity,
    DailyInvoice,
    MonthlyReport,
    OfficialFigure,
)
from econwatch.monitoring.pages.memo import forget_fingerprint
from econwatch.register.models import (
    Division,
    ReportingScope,
    Tag,
    Taxonomy,
    TaxonomyNode,
    TaxonomyVersion,
    Unit,
    UnitTag,
    UnitYear,
)

HUTANG, NIUTANG, GAOXIN = "320412100000", "320412102000", "320412411000"
PASSWORD = "pages-test-2023"

# 1—3月 output in 千元: (current, own 上年同期).
MARCH = {
    "a": (3_000_000, 2_400_000),
    "b": (1_200_000, 1_000_000),
    "c": (900_000, 350_000),
    "d": (600_000, 800_000),
}


@dataclass
class District:
    """The fixture's enterprises and users."""

    units: dict[str, Unit]
    users: dict[str, User]


def _unit(name: str, town: str, industry: str) -> Unit:
    unit = Unit.objects.create(
        kind="legal", name=name, division_id=town, industry_id=industry, size_class="2"
    )
    UnitYear.objects.create(unit=unit, year=2023, above_scale=True)
    return unit


def _report(unit: Unit, period: str, ytd: int, base: int, month_share: int) -> None:
    MonthlyReport.objects.create(
        unit=unit,
        period=period,
        output_month=ytd // month_share,
        output_month_base=base // month_share,
        output_ytd=ytd,
        output_ytd_base=base,
        profit_ytd=ytd // 20,
        profit_ytd_base=base // 20,
    )


def _daily(unit: Unit, year: int, amount: int, kwh: int) -> None:
    days = [dt.date(year, 3, d) for d in range(1, 32)]
    DailyInvoice.objects.bulk_create(
        DailyInvoice(unit=unit, day=d, amount=amount) for d in days
    )
    DailyElectricity.objects.bulk_create(
        DailyElectricity(unit=unit, day=d, kwh=kwh) for d in days
    )


def build_district() -> District:
    """Create the district, its scopes, clusters, alerts and users."""
    everywhere = ReportingScope.objects.create(code="all", name="全区", order=1)
    everywhere.divisions.set(Division.objects.filter(level="town"))
    park = ReportingScope.objects.create(
        code="wj-hitech", name="武进国家高新区", order=3
    )
    park.divisions.set([GAOXIN])
    units = {
        "a": _unit("常州甲汽车零部件有限公司", HUTANG, "3670"),
        "b": _unit("常州乙医疗器械有限公司", NIUTANG, "3581"),
        "c": _unit("常州丙新能源有限公司", GAOXIN, "3841"),
        "d": _unit("常州丁汽车配件有限公司", HUTANG, "3670"),
        "gone": _unit("常州戊纺织有限公司", NIUTANG, "1711"),
    }
    for key, (ytd, base) in MARCH.items():
        _report(units[key], "2023-03", ytd, base, 3)
        _report(units[key], "2023-02", ytd * 2 // 3, base * 2 // 3, 1)
    for key, (ytd, base) in {
        "a": (2_400_000, 2_000_000),
        "b": (1_000_000, 900_000),
        "d": (800_000, 800_000),
        "gone": (500_000, 400_000),
    }.items():
        _report(units[key], "2022-03", ytd, base, 3)
        _report(units[key], "2022-12", ytd * 4, base * 4, 12)
    _daily(units["a"], 2023, 100_000_000, 100_000)
    _daily(units["a"], 2022, 80_000_000, 90_000)
    _daily(units["c"], 2023, 50_000_000, 40_000)
    _daily(units["c"], 2022, 25_000_000, 30_000)
    taxonomy = Taxonomy.objects.create(code="95x", name="武进“95X”现代产业体系")
    version = TaxonomyVersion.objects.create(
        taxonomy=taxonomy, label="2023", valid_from=dt.date(2023, 1, 1)
    )
    nodes = {
        ("C2", "新能源汽车及核心零部件", "cluster", 2): ["a", "c", "d"],
        ("C5", "医疗健康", "cluster", 5): ["b"],
        ("P5", "医疗健康", "card", 14): ["b"],
    }
    for (code, name, kind, order), members in nodes.items():
        node = TaxonomyNode.objects.create(
            version=version, code=code, name=name, kind=kind, order=order
        )
        node.units.set([units[m] for m in members])
    hitech = Tag.objects.create(code="hitech", name="高新技术企业")
    UnitTag.objects.create(unit=units["a"], tag=hitech, valid_from=dt.date(2020, 1, 1))
    # The seeded rules are gone after a transactional test's flush: make one.
    rule, _ = AlertRule.objects.get_or_create(
        code="invoice-drop",
        active=True,
        defaults={
            "name": "骨干企业开票销售同比下降",
            "kind": "invoice_yoy_drop",
            "level": "orange",
            "threshold": 20,
            "valid_from": dt.date(2023, 1, 1),
        },
    )
    for key, level in (("c", "red"), ("a", "yellow")):
        Alert.objects.create(
            rule=rule,
            rule_code=rule.code,
            unit=units[key],
            level=level,
            summary=f"{units[key].name}开票同比下降",
            first_seen=dt.date(2023, 3, 20),
            last_seen=dt.date(2023, 3, 31),
        )
    users = {
        "analyst": create_user("analyst", PASSWORD, "analyst"),
        "hutang": create_user("hutang", PASSWORD, "town_officer", division_code=HUTANG),
        "ent": create_user("ent", PASSWORD, "enterprise", unit_id=units["a"].pk),
        "enumerator": create_user(
            "enumerator", PASSWORD, "enumerator", division_code=HUTANG
        ),
    }
    rollup.refresh()  # the daily rows above were written without an import
    return District(units, users)


def forget_figures(settings=None) -> None:
    """Drop remembered page figures (tests reuse ids, so fingerprints repeat).

    With ``settings``, passwords are also hashed cheaply for the test: the
    fixture makes four users per test.
    """
    if settings is not None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    forget_fingerprint()


@pytest.fixture(autouse=True)
def _fresh(settings):
    """Each test starts and ends with nothing remembered."""
    forget_figures(settings)
    yield
    forget_figures()


@pytest.fixture
def district(db) -> District:
    """The hand-made district."""
    return build_district()


def client_for(client, district: District, who: str):
    """The test client logged in as one of the fixture's users."""
    client.force_login(district.users[who])
    return client


def _card(data: dict, key: str) -> dict:
    return next(c for c in data["cards"] if c["key"] == key)


def _table(data: dict, key: str) -> dict:
    return next(t for t in data["tables"] if t["key"] == key)


class _Cells(HTMLParser):
    """Collect the cell texts of ``<div data-table=...>`` tables, and cards."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        found = dict(attrs)
        if tag == "div" and "data-table" in found:
            self._table = found["data-table"]
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            if self._row:
                self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def printed(value: object, column: dict) -> str:
    """A JSON cell as the page prints it."""
    if value is None:
        return "—"
    if column["kind"] == "number":
        return f"{value:.{column['places']}f}"
    return str(value)


def assert_page_equals_json(html: str, data: dict) -> None:
    """Every card figure and every table cell of the HTML equals its JSON twin."""
    for c in data["cards"]:
        shown = re.search(
            rf'data-card="{c["key"]}".*?data-field="value_text">([^<]*)<', html, re.S
        )
        assert shown and shown.group(1) == c["value_text"], c["key"]
    parser = _Cells()
    parser.feed(html)
    for table in data["tables"]:
        if table["key"] not in parser.tables:
            continue  # the alerts list is drawn as a list, not a table
        expected = [
            [printed(row.get(col["key"]), col) for col in table["columns"]]
            for row in table["rows"]
        ] or [["暂无数据"]]
        assert parser.tables[table["key"]] == expected, table["key"]


# --- the cockpit --------------------------------------------------------------


def test_cockpit_cards_are_the_indicator_layer_figures(client, district) -> None:
    c = client_for(client, district, "analyst")
    data = c.get("/monitoring/?format=json").json()
    assert data["period"]["code"] == "2023-03"  # newest with reports
    assert data["scope"]["name"] == "全区"
    expected = compute("2023-03", "全区")
    by_code = {i["code"]: i for i in expected["indicators"]}
    for code in ("output_ytd", "output_month", "invoices_ytd", "electricity_ytd"):
        card = _card(data, code)
        assert card["value_text"] + card["unit"] == by_code[code]["value_text"]
        assert card["growth_text"] == by_code[code]["growth_text"]
    output = _card(data, "output_ytd")
    # Σ 5 700 000 千元 over Σ 4 550 000 千元 of the same four enterprises.
    assert output["value_text"] == "57.0"
    assert output["growth_text"] == "25.3%"
    assert output["arrow"] == "↑" and output["phrase"] == "增长25.3%"
    assert _card(data, "invoices_ytd")["value_text"] == "46.50"
    assert data["scope_change"]["text"] == expected["scope_change"]["text"]
    assert "新纳入1家、退出1家" in data["scope_change"]["text"]


def test_cockpit_html_shows_the_json_numbers(client, district) -> None:
    c = client_for(client, district, "analyst")
    data = c.get("/monitoring/?period=2023-03&format=json").json()
    page = c.get("/monitoring/?period=2023-03")
    assert page.status_code == 200
    html = page.content.decode()
    assert_page_equals_json(html, data)
    assert "为何与上年公布数不同？" in html
    for chart in ("trend", "clusters", "towns"):
        assert f'data-chart="{chart}"' in html
    assert "vendor/echarts.min.js" in html and "https://" not in html.split("<main")[1]


def test_trend_ends_on_the_headline_and_covers_last_year(client, district) -> None:
    data = client_for(client, district, "analyst").get("/monitoring/?format=json")
    data = data.json()
    trend = _table(data, "trend")
    periods = [r["period"] for r in trend["rows"]]
    assert periods == ["2022-03", "2022-12", "2023-02", "2023-03"]
    last = trend["rows"][-1]
    assert last["ytd"] == 57.0 and last["ytd_growth"] == 25.3
    # February's 当月 is 1—2月.
    february = trend["rows"][2]
    assert february["month"] == february["ytd"]


def test_town_ranking_and_pull_add_up(client, district) -> None:
    data = client_for(client, district, "analyst").get("/monitoring/?format=json")
    towns = _table(data.json(), "towns")["rows"]
    assert [t["name"] for t in towns[:3]] == ["湖塘镇", "牛塘镇", "高新区"]
    assert towns[0]["url"] == f"/monitoring/town/{HUTANG}/"
    # Σ 拉动 over a partition = the scope's growth (25.27…%), up to rounding.
    assert sum(t["pull"] for t in towns) == pytest.approx(25.27, abs=0.02)


def test_clusters_count_a_shared_name_once(client, district) -> None:
    data = client_for(client, district, "analyst").get("/monitoring/?format=json")
    rows = {r["name"]: r for r in _table(data.json(), "clusters")["rows"]}
    assert set(rows) == {"新能源汽车及核心零部件", "医疗健康"}
    assert rows["医疗健康"]["value"] == 12.0  # b alone, not twice
    assert rows["新能源汽车及核心零部件"]["value"] == 45.0
    assert rows["新能源汽车及核心零部件"]["growth"] == pytest.approx(26.8, abs=0.05)


def test_scope_selector_changes_the_figures(client, district) -> None:
    c = client_for(client, district, "analyst")
    data = c.get("/monitoring/?scope=wj-hitech&format=json").json()
    assert data["scope"]["name"] == "武进国家高新区"
    assert _card(data, "output_ytd")["value_text"] == "9.0"
    assert [r["name"] for r in _table(data, "towns")["rows"]] == ["高新区"]


def test_top_contributors_and_drag(client, district) -> None:
    data = client_for(client, district, "analyst").get("/monitoring/?format=json")
    data = data.json()
    top = _table(data, "top_pull")["rows"]
    drag = _table(data, "drag")["rows"]
    assert [r["name"] for r in top] == [
        "常州甲汽车零部件有限公司",
        "常州丙新能源有限公司",
        "常州乙医疗器械有限公司",
    ]
    # 拉动 = 600 000 / 4 550 000 × 100.
    assert top[0]["pull"] == round(600_000 / 4_550_000 * 100, 2)
    assert [r["name"] for r in drag] == ["常州丁汽车配件有限公司"]
    assert drag[0]["pull"] < 0
    total = sum(r["pull"] for r in (*top, *drag))
    assert total == pytest.approx(25.27, abs=0.02)


def test_open_alerts_are_counted_by_level(client, district) -> None:
    data = client_for(client, district, "analyst").get("/monitoring/?format=json")
    data = data.json()
    assert data["alerts"]["count"] == 2
    levels = {lv["code"]: lv["count"] for lv in data["alerts"]["by_level"]}
    assert levels == {"red": 1, "orange": 0, "yellow": 1}
    first = _table(data, "alerts")["rows"][0]
    assert first["level"] == "红色" and first["name"] == "常州丙新能源有限公司"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("period=2023-13", "bad-period"),
        ("period=2023-01", "january-alone"),
        ("scope=nowhere", "unknown-scope"),
        ("format=pdf", "bad-format"),
        ("format=xlsx&table=nope", "unknown-table"),
    ],
    ids=["bad-month", "january", "unknown-scope", "bad-format", "unknown-table"],
)
def test_bad_requests_answer_the_error_shape(client, district, query, code) -> None:
    c = client_for(client, district, "analyst")
    url = f"/monitoring/?{query}" + ("" if "format=" in query else "&format=json")
    answer = c.get(url)
    assert answer.status_code == 400
    if answer["Content-Type"].startswith("application/json"):
        assert answer.json()["error"]["code"] == code
    else:
        assert f'data-error-code="{code}"' in answer.content.decode()


def test_empty_database_says_what_to_do(client, db) -> None:
    ReportingScope.objects.create(code="all", name="全区")
    client.force_login(create_user("a", PASSWORD, "analyst"))
    data = client.get("/monitoring/?format=json").json()
    assert data["empty"] is True and "econwatch import monthly" in data["message"]
    assert client.get("/monitoring/").status_code == 200


# --- who sees what -------------------------------------------------------------


def test_anonymous_is_sent_to_login_or_refused(client, district) -> None:
    assert client.get("/monitoring/").status_code == 302
    answer = client.get("/monitoring/?format=json")
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "login-required"


def test_roles_without_monitoring_are_refused(client, district) -> None:
    c = client_for(client, district, "enumerator")
    assert c.get("/monitoring/").status_code == 403
    assert c.get("/monitoring/?format=json").json()["error"]["code"] == "forbidden"
    assert c.get("/monitoring/daily/?format=json").status_code == 403


def test_town_officer_cockpit_is_their_town(client, district) -> None:
    c = client_for(client, district, "hutang")
    answer = c.get("/monitoring/?period=2023-03&scope=all")
    assert answer.status_code == 302
    assert answer["Location"] == f"/monitoring/town/{HUTANG}/?period=2023-03"
    data = c.get(f"/monitoring/town/{HUTANG}/?format=json").json()
    assert data["page"] == "town" and data["scope"]["name"] == "湖塘镇"
    names = {r["name"] for r in _table(data, "enterprises")["rows"]}
    assert names == {"常州甲汽车零部件有限公司", "常州丁汽车配件有限公司"}
    assert data["alerts"]["count"] == 1  # a's, not c's in 高新区
    assert "choices" not in data["scope"]  # no scope selector for a town
    assert data["links"]["cockpit"] is None  # no way up to the district


@pytest.mark.parametrize("fmt", ["", "?format=json", "?format=xlsx"])
def test_town_officer_cannot_open_another_town(client, district, fmt) -> None:
    c = client_for(client, district, "hutang")
    assert c.get(f"/monitoring/town/{NIUTANG}/{fmt}").status_code == 403
    assert c.get(f"/monitoring/daily/?town={NIUTANG}&format=json").status_code == 403


@pytest.mark.parametrize("fmt", ["", "?format=json"])
def test_town_officer_cannot_open_enterprises_elsewhere(client, district, fmt) -> None:
    c = client_for(client, district, "hutang")
    other = district.units["c"].pk
    mine = district.units["a"].pk
    answer = c.get(f"/monitoring/enterprise/{other}/{fmt}")
    assert answer.status_code == 404
    assert "常州丙新能源有限公司" not in answer.content.decode()
    assert c.get(f"/monitoring/enterprise/{mine}/{fmt}").status_code == 200


def test_unknown_town_and_enterprise_are_404(client, district) -> None:
    c = client_for(client, district, "analyst")
    assert c.get("/monitoring/town/999999999999/?format=json").status_code == 404
    assert c.get("/monitoring/enterprise/999999/?format=json").status_code == 404


def test_enterprise_reporter_sees_only_itself(client, district) -> None:
    c = client_for(client, district, "ent")
    mine = district.units["a"].pk
    assert c.get("/monitoring/")["Location"] == f"/monitoring/enterprise/{mine}/"
    assert c.get(f"/monitoring/enterprise/{district.units['d'].pk}/").status_code == 404
    assert c.get(f"/monitoring/town/{HUTANG}/").status_code == 403
    daily = c.get("/monitoring/daily/?format=json").json()
    assert daily["scope"] == {
        "kind": "enterprise",
        "code": str(mine),
        "name": "常州甲汽车零部件有限公司",
    }


def test_town_page_equals_the_district_breakdown(client, district) -> None:
    c = client_for(client, district, "analyst")
    town = c.get(f"/monitoring/town/{HUTANG}/?format=json").json()
    cockpit = c.get("/monitoring/?format=json").json()
    row = next(r for r in _table(cockpit, "towns")["rows"] if r["name"] == "湖塘镇")
    card = _card(town, "output_ytd")
    assert card["value_text"] == format_number(Fraction(str(row["value"])), 1)
    assert card["growth_pct"] == row["growth"] == 12.5
    assert town["place"]["rank"] == 1
    assert town["links"]["cockpit"] == "/monitoring/"  # back to the district
    assert town["place"]["text"].startswith("产值居全区第1位")
    html = c.get(f"/monitoring/town/{HUTANG}/").content.decode()
    assert_page_equals_json(html, town)


def test_the_site_can_name_the_period_pages_open_on(client, district) -> None:
    c = client_for(client, district, "analyst")
    SiteSetting.objects.create(key="monitoring_period", value="2023-02")
    assert c.get("/monitoring/?format=json").json()["period"]["code"] == "2023-02"
    SiteSetting.objects.filter(key="monitoring_period").update(value="2019-06")
    assert c.get("/monitoring/?format=json").json()["period"]["code"] == "2023-03"


def test_published_figure_is_shown_beside_the_computed_one(client, district) -> None:
    OfficialFigure.objects.create(
        indicator="规上工业总产值",
        scope="全区",
        period="2023-01..03",
        value=Decimal("57.1"),
        growth=Decimal("25.0"),
        unit="亿元",
    )
    data = client_for(client, district, "analyst").get("/monitoring/?format=json")
    card = _card(data.json(), "output_ytd")
    assert card["value_text"] == "57.0"  # computed, not replaced
    assert card["note"] == "1-3月累计；统计部门公布：57.1亿元，增长25%"
