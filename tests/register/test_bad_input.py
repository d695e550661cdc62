"""Bad input: a Chinese message naming the field and value, every problem at
once, nothing saved, the same through the service, the page and the JSON."""

from __future__ import annotations

import json

import pytest

from econwatch.register import services
from econwatch.register.errors import UnitInvalid
from econwatch.register.models import AuditEntry, Unit
from tests.register.factories import uscc

GOOD = uscc(301)
BAD_CHECK = GOOD[:17] + ("0" if GOOD[17] != "0" else "1")

CASES = [
    ("uscc", BAD_CHECK, "uscc-checksum", BAD_CHECK),
    ("industry", "9999", "industry-unknown", "9999"),
    ("industry", "C36", "industry-level", "36"),
    ("division", "320411100000", "division-outside-district", "320411100000"),
    ("division", "320412999", "division-unknown-town", "320412999"),
    ("zone_code", "320413100001001", "division-outside-district", "320413100001001"),
    ("reg_category", "110", "registration-category-not-leaf", "110"),
    ("employees", "一百", "employees-not-a-number", "一百"),
    ("founded", "2024-02-30", "founded-format", "2024-02-30"),
    ("phone", "call me", "phone-format", "call me"),
    ("legal_unit", uscc(999), "legal-unit-unknown", uscc(999)),
]


@pytest.mark.parametrize(
    ("field", "value", "code", "shown"), CASES, ids=[c[2] for c in CASES]
)
def test_each_bad_value_is_named_in_chinese(people, units, field, value, code, shown):
    with pytest.raises(UnitInvalid) as caught:
        services.update_unit(
            units["branch"].pk, {field: value}, people["analyst"], "修改", 1
        )
    problems = [p for p in caught.value.problems if p.code == code]
    assert problems, [p.code for p in caught.value.problems]
    assert problems[0].field == field
    assert shown in problems[0].message
    assert Unit.objects.get(pk=units["branch"].pk).version == 1


def test_duplicate_uscc_names_the_holder(people, units) -> None:
    with pytest.raises(UnitInvalid) as caught:
        services.update_unit(
            units["pharma"].pk, {"uscc": units["gear"].uscc}, people["analyst"], "x", 1
        )
    (problem,) = caught.value.problems
    assert problem.code == "uscc-duplicate"
    assert units["gear"].uscc in problem.message
    assert "常州恒立精工齿轮有限公司" in problem.message


def test_duplicate_outside_scope_hides_the_holder(people, units) -> None:
    with pytest.raises(UnitInvalid) as caught:
        services.update_unit(
            units["gear"].pk, {"uscc": units["cable"].uscc}, people["hutang"], "x", 1
        )
    (problem,) = caught.value.problems
    assert problem.code == "uscc-duplicate"
    assert "江苏华泰电缆" not in problem.message


def test_every_problem_at_once_and_nothing_saved(people, units) -> None:
    before = Unit.objects.count()
    data = {
        "kind": "legal",
        "name": "常州测试有限公司",
        "uscc": BAD_CHECK,
        "industry": "9999",
        "division": "320411100000",
    }
    with pytest.raises(UnitInvalid) as caught:
        services.create_unit(data, people["analyst"], "")
    codes = sorted(p.code for p in caught.value.problems)
    assert codes == [
        "division-outside-district",
        "industry-unknown",
        "reason-required",
        "uscc-checksum",
    ]
    assert "4处问题" in caught.value.message
    assert Unit.objects.count() == before
    assert not AuditEntry.objects.exists()


def test_duplicate_uscc_on_create(people, units) -> None:
    data = {"kind": "legal", "name": "重复", "uscc": units["gear"].uscc}
    data["division"] = "320412100"
    with pytest.raises(UnitInvalid) as caught:
        services.create_unit(data, people["analyst"], "新设立登记")
    assert [p.code for p in caught.value.problems] == ["uscc-duplicate"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"kind": "legal", "name": "无代码公司"}, "uscc-required"),
        ({"kind": "activity", "name": "某分厂"}, "legal-unit-required"),
        (
            {"kind": "individual", "name": "某店", "uscc": uscc(5)},
            "uscc-kind-mismatch",
        ),
        (
            {"kind": "legal", "name": "某公司", "uscc": uscc(6, individual=True)},
            "uscc-kind-mismatch",
        ),
        (
            {
                "kind": "legal",
                "name": "某公司",
                "uscc": uscc(7),
                "operator_name": "张三",
            },
            "operator-not-allowed",
        ),
        ({"kind": "robot", "name": "某公司"}, "kind-unknown"),
        ({"kind": "legal", "name": "", "uscc": uscc(8)}, "name-required"),
        (
            {"kind": "legal", "name": "x", "uscc": uscc(9), "colour": "red"},
            "field-unknown",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_rules_between_fields(people, units, data, code) -> None:
    with pytest.raises(UnitInvalid) as caught:
        services.create_unit({"division": "320412100", **data}, people["admin"], "登记")
    assert code in [p.code for p in caught.value.problems]


def test_page_shows_every_problem_and_keeps_input(login, units) -> None:
    client = login("analyst")
    gear = units["gear"]
    response = client.post(
        f"/register/unit/{gear.pk}/edit/",
        {
            "name": gear.name,
            "uscc": BAD_CHECK,
            "division": "320412100000",
            "industry": "9999",
            "status": "1",
            "reason": "更正",
            "version": "1",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "尚未保存" in html
    assert BAD_CHECK in html and "9999" in html  # messages and the kept input
    assert "校验码不符" in html and "不在《国民经济行业分类》" in html
    assert Unit.objects.get(pk=gear.pk).version == 1


def test_json_api_answers_in_the_error_shape(login, units) -> None:
    client = login("analyst")
    response = client.post(
        f"/register/unit/{units['gear'].pk}/edit/?format=json",
        json.dumps({"industry": "9999", "reason": "更正", "version": 1}),
        content_type="application/json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "unit-invalid"
    assert [p["code"] for p in error["problems"]] == ["industry-unknown"]
    assert set(error["problems"][0]) >= {"code", "field", "value", "message"}


def test_json_api_rejects_a_body_that_is_not_an_object(login, units) -> None:
    response = login("analyst").post(
        f"/register/unit/{units['gear'].pk}/edit/?format=json",
        "[1, 2]",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad-request"


def test_json_edit_without_version_is_refused(login, units) -> None:
    response = login("analyst").post(
        f"/register/unit/{units['gear'].pk}/edit/?format=json",
        {"employees": 1, "reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad-request"
    assert Unit.objects.get(pk=units["gear"].pk).version == 1
