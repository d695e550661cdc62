"""The alert pages: list and detail, their JSON and Excel twins, and the buttons.

Over the hand-made district of :mod:`.factories` after one evaluation: six new
alerts, five in 湖塘镇 and one (退规风险企业, below-scale) in 牛塘镇.
"""

from __future__ import annotations

import io
import json
from urllib.parse import quote

import pytest
from django.test import Client
from openpyxl import load_workbook

from econwatch.alerts import services
from econwatch.alerts.models import Alert
from tests.monitoring.test_pages import assert_page_equals_json

from .factories import District

pytestmark = pytest.mark.django_db


def as_user(client: Client, user) -> Client:
    client.force_login(user)
    return client


def _alert(code: str) -> Alert:
    return Alert.objects.get(rule_code=code)


def _rows(data: dict, key: str = "alerts") -> list[dict]:
    return next(t for t in data["tables"] if t["key"] == key)["rows"]


def post(client: Client, alert: Alert, **fields) -> object:
    return client.post(f"/alerts/{alert.pk}/", fields)


def post_json(client: Client, alert: Alert, body: object) -> object:
    return client.post(
        f"/alerts/{alert.pk}/?format=json",
        json.dumps(body, ensure_ascii=False),
        content_type="application/json",
    )


# --- the list -------------------------------------------------------------------


def test_list_shows_the_open_alerts_most_severe_first(
    client, raised: District, users
) -> None:
    c = as_user(client, users["officer"])
    data = c.get("/alerts/?format=json").json()
    assert data["filters"] == {"status": "open", "level": "", "rule": ""}
    rows = _rows(data)
    assert data["counts"]["total"] == len(rows) == Alert.objects.count() == 6
    assert [r["level_code"] for r in rows][:1] == ["red"]  # 停电 first
    assert [r["level_code"] for r in rows][-1] == "yellow"
    first = rows[0]
    assert first["name"] == "停电企业" and first["town"] == "湖塘镇"
    assert first["url"] == f"/alerts/{first['id']}/"
    assert first["unit_url"] == f"/monitoring/enterprise/{raised.power_cut.pk}/"
    page = c.get("/alerts/")
    assert page.status_code == 200
    html = page.content.decode()
    assert_page_equals_json(html, {"cards": [], **data})
    assert f'href="/alerts/{first["id"]}/"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("level=red", {"electricity-low"}),
        ("level=orange", {"invoice-drop", "below-scale"}),
        ("rule=report-missing", {"report-missing"}),
        ("status=handled", {"output-decline"}),
        ("status=all&level=yellow", {"report-missing", "output-decline"}),
        ("status=new&rule=output-decline", set()),
    ],
    ids=["red", "orange", "rule", "handled", "all-yellow", "new-of-a-handled-rule"],
)
def test_list_filters(client, raised: District, users, query, expected) -> None:
    services.mark_handled(_alert("output-decline"), users["officer"], "已走访")
    data = as_user(client, users["officer"]).get(f"/alerts/?{query}&format=json")
    codes = {Alert.objects.get(pk=r["id"]).rule_code for r in _rows(data.json())}
    assert codes == expected


def test_list_counts_by_status(client, raised: District, users) -> None:
    services.mark_seen(_alert("invoice-drop"), users["officer"])
    data = as_user(client, users["officer"]).get("/alerts/?format=json").json()
    counts = {s["code"]: s["count"] for s in data["counts"]["by_status"]}
    assert counts == {"new": 5, "seen": 1, "handled": 0, "closed": 0}


@pytest.mark.parametrize("query", ["status=done", "level=purple", "rule=nope"], ids=str)
def test_a_bad_filter_says_which_value_and_the_choices(
    client, raised: District, users, query
) -> None:
    c = as_user(client, users["officer"])
    answer = c.get(f"/alerts/?{query}&format=json")
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == "bad-filter" and "可选" in error["message"]
    assert c.get(f"/alerts/?{query}").status_code == 400


def test_list_exports_to_excel(client, raised: District, users) -> None:
    c = as_user(client, users["officer"])
    answer = c.get("/alerts/?status=all&format=xlsx")
    assert answer.status_code == 200
    assert quote("预警清单_全区.xlsx") in answer["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(answer.content)).active
    headers = [cell.value for cell in sheet[4]]
    assert headers[:3] == ["编号", "等级", "企业名称"]
    names = {sheet.cell(r, 3).value for r in range(5, 11)}
    assert "退规风险企业" in names and len(names) == 6


# --- who sees what --------------------------------------------------------------


def test_a_town_officer_sees_only_their_town(client, raised: District, users) -> None:
    c = as_user(client, users["hutang"])
    data = c.get("/alerts/?format=json").json()
    assert data["scope"] == {"kind": "town", "code": "320412100000", "name": "湖塘镇"}
    assert "退规风险企业" not in {r["name"] for r in _rows(data)}
    assert data["counts"]["total"] == 5
    other = _alert("below-scale")  # 牛塘镇
    for url in (f"/alerts/{other.pk}/", f"/alerts/{other.pk}/?format=json"):
        assert c.get(url).status_code == 404
    assert c.get(f"/alerts/{other.pk}/?format=json").json()["error"]["code"] == (
        "not-found"
    )
    # Nor may they act on it: the same 404, and nothing changes.
    answer = post(c, other, action="seen", version=1)
    assert answer.status_code == 404
    assert _alert("below-scale").status == "new"


def test_an_unknown_alert_is_not_found(client, raised: District, users) -> None:
    c = as_user(client, users["officer"])
    assert c.get("/alerts/999999/").status_code == 404


def test_roles_without_monitoring_pages_are_refused(
    client, raised: District, users
) -> None:
    c = as_user(client, users["enumerator"])
    assert c.get("/alerts/").status_code == 403
    answer = c.get(f"/alerts/{_alert('below-scale').pk}/?format=json")
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "forbidden"


def test_anonymous_is_sent_to_login_or_refused(client, raised: District) -> None:
    assert client.get("/alerts/").status_code == 302
    assert client.get("/alerts/?format=json").status_code == 401
    alert = _alert("invoice-drop")
    assert post(client, alert, action="seen", version=1).status_code == 302
    assert _alert("invoice-drop").status == "new"


@pytest.mark.parametrize("who", ["leader", "analyst", "enterprise"])
def test_readers_see_no_buttons_and_cannot_post(
    client, raised: District, users, who
) -> None:
    c = as_user(client, users[who])
    alert = _alert("electricity-low")  # the enterprise reporter's own
    data = c.get(f"/alerts/{alert.pk}/?format=json").json()
    assert data["can_act"] is False and data["actions"] == []
    html = c.get(f"/alerts/{alert.pk}/").content.decode()
    assert '<form method="post" class="alert-step"' not in html
    assert "只能查看预警" in html
    answer = post(c, alert, action="seen", version=1)
    assert answer.status_code == 403
    answer = post_json(c, alert, {"action": "seen", "version": 1})
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "forbidden"
    assert _alert("electricity-low").status == "new"


def test_an_enterprise_reporter_sees_only_their_own(
    client, raised: District, users
) -> None:
    c = as_user(client, users["enterprise"])
    data = c.get("/alerts/?format=json").json()
    assert {r["name"] for r in _rows(data)} == {"停电企业"}
    assert c.get(f"/alerts/{_alert('invoice-drop').pk}/").status_code == 404


# --- the detail page and its buttons -----------------------------------------


def test_detail_shows_rule_evidence_enterprise_and_history(
    client, raised: District, users
) -> None:
    c = as_user(client, users["officer"])
    alert = _alert("electricity-low")
    data = c.get(f"/alerts/{alert.pk}/?format=json").json()
    assert data["alert"]["status"] == "new" and data["alert"]["version"] == 1
    assert data["rule"]["code"] == "electricity-low" and data["rule"]["version"] == 1
    assert "30" in data["rule"]["sentence"]
    assert data["unit"]["url"] == f"/monitoring/enterprise/{raised.power_cut.pk}/"
    assert "用电量" in data["evidence"]["text"]
    facts = {f["label"]: f["value"] for f in data["evidence"]["facts"]}
    assert facts["评估日"] == "2024-06-14" and facts["预警线"] == "30.0%"
    periods = _rows(data, "evidence_periods")
    assert periods and periods[0]["value"] == 3500 and periods[0]["share_pct"] == 10.0
    history = _rows(data, "history")
    assert [(h["actor"], h["action"], h["change"]) for h in history] == [
        ("系统", "新发", "新发")
    ]
    assert [a["code"] for a in data["actions"]] == ["seen", "handled", "closed"]
    html = c.get(f"/alerts/{alert.pk}/").content.decode()
    assert_page_equals_json(html, {"cards": [], **data})
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'name="version" value="{alert.version}"' in html
    for label in ("标记已查看", "已处置", "关闭预警"):
        assert f">{label}</button>" in html


def test_mark_seen_then_handled_then_closed(client, raised: District, users) -> None:
    c = as_user(client, users["hutang"])
    alert = _alert("invoice-drop")
    answer = post(c, alert, action="seen", version=1)
    assert answer.status_code == 302 and answer["Location"] == f"/alerts/{alert.pk}/"
    page = c.get(answer["Location"]).content.decode()
    assert "已标记为“已查看”" in page
    answer = post(c, alert, action="handled", version=2, note="已电话联系企业")
    assert answer.status_code == 302
    answer = post(c, alert, action="closed", version=3, note="开票已恢复")
    assert answer.status_code == 302
    data = c.get(f"/alerts/{alert.pk}/?format=json").json()
    assert data["alert"]["status"] == "closed" and data["alert"]["version"] == 4
    assert data["alert"]["status_by"] == "赵干事"
    assert data["actions"] == []
    history = _rows(data, "history")
    assert [(h["actor"], h["change"], h["note"]) for h in history[1:]] == [
        ("赵干事", "新发→已查看", ""),
        ("赵干事", "已查看→已处置", "已电话联系企业"),
        ("赵干事", "已处置→已关闭", "开票已恢复"),
    ]
    assert all(h["at_text"] for h in history)


@pytest.mark.parametrize("step", ["handled", "closed"])
def test_a_step_without_its_note_is_refused_and_nothing_changes(
    client, raised: District, users, step
) -> None:
    c = as_user(client, users["officer"])
    alert = _alert("output-decline")
    answer = post(c, alert, action=step, version=1, note="  ")
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "尚未保存" in html and ("处置情况" in html or "关闭原因" in html)
    answer = post_json(c, alert, {"action": step, "version": 1, "note": ""})
    assert answer.status_code == 400
    problems = answer.json()["error"]["problems"]
    assert [(p["code"], p["field"]) for p in problems] == [("note-required", "note")]
    assert (_alert("output-decline").status, _alert("output-decline").version) == (
        "new",
        1,
    )


def test_a_stale_post_is_refused_with_who_and_when(
    client, raised: District, users
) -> None:
    alert = _alert("below-scale")
    # 钱干事 (牛塘) handles it while 李科长 still has the page of version 1 open.
    services.mark_handled(alert, users["niutang"], "已约谈")
    c = as_user(client, users["officer"])
    answer = post(c, alert, action="closed", version=1, note="误报，数据已更正")
    assert answer.status_code == 409
    html = answer.content.decode()
    assert "已被钱干事于" in html and "改为“已处置”" in html and "未保存" in html
    assert "误报，数据已更正" in html  # the note typed is not lost
    assert 'name="version" value="2"' in html  # the page now shows version 2
    now = _alert("below-scale")
    assert (now.status, now.version, now.events.count()) == ("handled", 2, 2)
    # The same through JSON.
    answer = post_json(c, alert, {"action": "closed", "version": 1, "note": "误报"})
    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "version-conflict"


def test_the_json_api_takes_a_step_and_answers_the_new_state(
    client, raised: District, users
) -> None:
    c = as_user(client, users["officer"])
    alert = _alert("electricity-low")
    answer = post_json(c, alert, {"action": "seen", "version": 1})
    assert answer.status_code == 200
    data = answer.json()
    assert data["alert"]["status"] == "seen" and data["alert"]["version"] == 2
    assert _rows(data, "history")[-1]["actor"] == "李科长"
    assert c.get(f"/alerts/{alert.pk}/?format=json").json() == data


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("not json", "bad-request"),
        ([1, 2], "bad-request"),
        ({"action": "seen"}, "invalid"),
        ({"action": "reopen", "version": 1}, "invalid"),
    ],
    ids=["not-json", "not-an-object", "no-version", "unknown-step"],
)
def test_the_json_api_refuses_bad_bodies(
    client, raised: District, users, body, code
) -> None:
    c = as_user(client, users["officer"])
    alert = _alert("electricity-low")
    answer = c.post(
        f"/alerts/{alert.pk}/?format=json",
        body if isinstance(body, str) else json.dumps(body),
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == code


def test_a_step_the_status_no_longer_allows(client, raised: District, users) -> None:
    c = as_user(client, users["officer"])
    alert = _alert("electricity-low")
    services.mark_seen(alert, users["officer"])
    answer = post_json(c, alert, {"action": "seen", "version": 2})
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "bad-transition"


def test_posts_need_the_csrf_token(raised: District, users) -> None:
    c = Client(enforce_csrf_checks=True)
    c.force_login(users["officer"])
    alert = _alert("electricity-low")
    assert post(c, alert, action="seen", version=1).status_code == 403
    assert _alert("electricity-low").status == "new"


def test_detail_exports_its_history_to_excel(client, raised: District, users) -> None:
    c = as_user(client, users["officer"])
    alert = _alert("electricity-low")
    services.mark_handled(alert, users["officer"], "设备检修，已核实")
    answer = c.get(f"/alerts/{alert.pk}/?format=xlsx&table=history")
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert [cell.value for cell in sheet[4]] == [
        "时间",
        "操作人",
        "操作",
        "状态变化",
        "说明",
    ]
    assert [sheet.cell(6, j).value for j in (2, 3, 5)] == [
        "李科长",
        "处置",
        "设备检修，已核实",
    ]


# --- links from the monitoring pages -------------------------------------------


def test_the_enterprise_profile_links_its_alerts(
    client, raised: District, users
) -> None:
    c = as_user(client, users["officer"])
    unit = raised.power_cut
    data = c.get(f"/monitoring/enterprise/{unit.pk}/?format=json").json()
    alert = _alert("electricity-low")
    row = _rows(data)[0]
    assert row["alert_url"] == f"/alerts/{alert.pk}/"
    html = c.get(f"/monitoring/enterprise/{unit.pk}/").content.decode()
    assert f'href="/alerts/{alert.pk}/"' in html
