"""Register pages and their JSON twins: same data, same scope, one error shape."""

from __future__ import annotations

import json

import pytest

from econwatch.register import services
from econwatch.register.models import Unit
from tests.register.factories import uscc


def page_data(response) -> dict:
    """The context a page rendered, as its JSON twin would serialise it."""
    return json.loads(json.dumps(response.context["data"]))


@pytest.mark.parametrize(
    "query", ["", "?q=恒立", "?town=320412102000&year=2023", "?industry=汽车&page=1"]
)
def test_search_json_twin_equals_page_context(login, units, query) -> None:
    client = login("analyst")
    page = client.get(f"/register/{query}")
    assert page.status_code == 200
    sep = "&" if query else "?"
    twin = client.get(f"/register/{query}{sep}format=json")
    assert twin.json() == page_data(page)
    alias = client.get(f"/register/search.json{query}")
    assert alias.json() == twin.json()


def test_search_page_lists_units_with_counts(login, units) -> None:
    response = login("analyst").get("/register/?q=恒立")
    html = response.content.decode()
    assert "共 <strong>2</strong> 个单位" in html
    assert "常州恒立精工齿轮有限公司牛塘分厂" in html
    data = response.context["data"]
    assert [c["count"] for c in data["counts"]] == [1, 1, 0]
    assert data["units"][0]["above_scale_years"] == [2023]
    assert data["units"][0]["tags"] == ["高新技术企业"]


def test_htmx_request_gets_only_the_results(login, units) -> None:
    response = login("analyst").get("/register/?q=恒立", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "常州恒立精工齿轮有限公司" in html
    full = login("analyst").get(
        "/register/?q=恒立",
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "<html" in full.content.decode()


def test_unit_json_twin_equals_page_context(login, units) -> None:
    client = login("analyst")
    gear = units["gear"]
    services.update_unit(gear.pk, {"employees": 330}, None, "年报", 1)
    page = client.get(f"/register/unit/{gear.pk}/")
    assert page.status_code == 200
    for url in (
        f"/register/unit/{gear.pk}.json",
        f"/register/unit/{gear.pk}/?format=json",
    ):
        assert client.get(url).json() == page_data(page)


def test_unit_page_shows_codes_paths_tags_clusters_years_history(login, units) -> None:
    gear = units["gear"]
    services.update_unit(
        gear.pk, {"name": "常州恒立精工科技有限公司"}, None, "工商变更", 1
    )
    data = login("analyst").get(f"/register/unit/{gear.pk}.json").json()
    assert [p["code"] for p in data["industry_path"]] == ["C", "36", "367", "3670"]
    assert data["industry_path"][-1]["name"] == "汽车零部件及配件制造"
    assert data["town"]["name"] == "湖塘镇"
    assert data["reg_category"] == {"code": "112", "name": "私营有限责任公司"}
    assert data["tags"][0]["name"] == "高新技术企业" and data["tags"][0]["current"]
    assert data["taxonomies"][0]["node_name"] == "新能源汽车及核心零部件"
    assert data["years"][0] == {
        "year": 2023,
        "above_scale": True,
        "revenue": 250000,
        "employees": 310,
    }
    assert [a["name"] for a in data["related"]["activity_units"]] == [
        "常州恒立精工齿轮有限公司牛塘分厂"
    ]
    assert [n["name"] for n in data["names"]] == [
        "常州恒立精工齿轮有限公司",
        "常州恒立精工科技有限公司",
    ]
    (entry,) = data["audit"]
    assert (entry["field_label"], entry["old"], entry["new"], entry["reason"]) == (
        "单位名称",
        "常州恒立精工齿轮有限公司",
        "常州恒立精工科技有限公司",
        "工商变更",
    )


def test_edit_through_the_page_lands_in_the_history(login, units) -> None:
    gear = units["gear"]
    client = login("hutang")
    form = client.get(f"/register/unit/{gear.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(industry="3611", reason="主营变更")
    response = client.post(f"/register/unit/{gear.pk}/edit/", data, follow=True)
    assert response.redirect_chain[-1][0] == f"/register/unit/{gear.pk}/"
    html = response.content.decode()
    assert "已保存（版本 2）" in html
    assert "3670 汽车零部件及配件制造" in html and "3611 汽柴油车整车制造" in html
    assert "主营变更" in html and "hutang" in html


def test_create_through_the_page(login, units) -> None:
    client = login("analyst")
    response = client.post(
        "/register/unit/new/",
        {
            "kind": "individual",
            "name": "武进区湖塘镇小李便利店",
            "division": "320412100000",
            "industry": "5213",
            "status": "1",
            "size_class": "",
            "operator_name": "李小",
            "operator_id": "11010519491231002X",
            "reason": "新设立登记",
        },
    )
    unit = Unit.objects.get(name="武进区湖塘镇小李便利店")
    assert response.status_code == 302 and response.url == f"/register/unit/{unit.pk}/"
    assert unit.operator_id_last4 == "002X"


@pytest.mark.parametrize(
    "url",
    [
        "/register/unit/{pk}/",
        "/register/unit/{pk}.json",
        "/register/unit/{pk}/?format=json",
        "/register/unit/{pk}/edit/",
        "/register/unit/{pk}/edit/?format=json",
    ],
)
def test_town_officer_cannot_open_another_towns_unit(login, units, url) -> None:
    response = login("hutang").get(url.format(pk=units["cable"].pk))
    assert response.status_code == 404
    if "json" in url:
        assert response.json()["error"]["code"] == "not-found"
    assert "江苏华泰电缆" not in response.content.decode()


def test_town_officer_cannot_post_to_another_towns_unit(login, units) -> None:
    response = login("hutang").post(
        f"/register/unit/{units['cable'].pk}/edit/?format=json",
        {"employees": 1, "reason": "x", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert Unit.objects.get(pk=units["cable"].pk).version == 1


def test_missing_unit_is_404_in_the_error_shape(login, units) -> None:
    response = login("analyst").get("/register/unit/999999.json")
    assert response.status_code == 404
    assert set(response.json()["error"]) == {"code", "message", "problems"}


def test_read_only_role_sees_but_cannot_edit(login, units) -> None:
    client = login("leader")
    page = client.get(f"/register/unit/{units['cable'].pk}/")
    assert page.status_code == 200 and not page.context["data"]["can_edit"]
    assert client.get(f"/register/unit/{units['cable'].pk}/edit/").status_code == 403
    denied = client.get("/register/unit/new/?format=json")
    assert denied.status_code == 403
    assert denied.json()["error"]["code"] == "forbidden"


def test_json_needs_login_and_says_so(client, units) -> None:
    response = client.get("/register/?format=json")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "login-required"
    assert client.get("/register/").status_code == 302


def test_industry_hints(login, units) -> None:
    data = login("analyst").get("/register/industries/?industry=qczz&format=json")
    assert "3611" in [i["code"] for i in data.json()["industries"]]
    html = login("analyst").get("/register/industries/?industry=汽车").content.decode()
    assert "<option" in html


def test_home_counts_visible_units(login, units) -> None:
    page = login("hutang").get("/")
    assert page.status_code == 200
    data = page.context["data"]
    assert (data["total"], data["scope"]) == (2, "湖塘镇")
    assert login("hutang").get("/?format=json").json() == page_data(page)
    assert login("analyst").get("/?format=json").json()["total"] == 5


def test_create_through_json(login, units) -> None:
    client = login("hutang")
    form = client.get("/register/unit/new/?format=json").json()
    assert form["values"]["division"] == "320412100000"
    body = {
        "kind": "legal",
        "name": "常州市武进区湖塘镇示例纺织有限公司",
        "uscc": "91320412MA1Q2W3E4R",
        "division": form["values"]["division"],
        "reason": "新设立登记",
    }
    bad = client.post(
        "/register/unit/new/?format=json", body, content_type="application/json"
    )
    assert bad.status_code == 400
    assert [p["code"] for p in bad.json()["error"]["problems"]] == ["uscc-checksum"]
    body["uscc"] = uscc(4242)
    made = client.post(
        "/register/unit/new/?format=json", body, content_type="application/json"
    )
    assert made.status_code == 201
    assert made.json()["audit"][0]["action"] == "create"


def test_expired_session_sends_htmx_to_the_login_page(client, units) -> None:
    response = client.get("/register/?q=恒立", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/login/?next=")
