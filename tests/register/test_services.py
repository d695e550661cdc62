"""The register service: the audit trail, name history and personal data."""

from __future__ import annotations

import pytest

from econwatch.register import services, tags
from econwatch.register.errors import NotAllowed, UnitInvalid, UnitNotFound
from econwatch.register.models import AuditEntry, Unit, UnitName
from tests.register.factories import HUTANG, NIUTANG, uscc

NEW_FIRM = {
    "kind": "legal",
    "name": "常州新锐智能装备有限公司",
    "uscc": uscc(201),
    "division": "320412100",
    "industry": "C3491",
    "employees": "150",
    "revenue": "80000",
    "size_class": "auto",
}


def test_create_writes_unit_name_and_audit(people, units) -> None:
    unit = services.create_unit(NEW_FIRM, people["analyst"], "新设立登记")
    assert (unit.version, unit.division_id, unit.industry_id) == (1, HUTANG, "3491")
    # 工业 with 150 persons (< 300) and 8000万元: 小型 under the 2017 rules.
    assert unit.size_class == "3"
    entries = AuditEntry.objects.filter(unit=unit)
    assert {e.action for e in entries} == {"create"}
    assert {e.field for e in entries} >= {"name", "uscc", "division", "industry"}
    assert all(e.username == "analyst" and e.reason == "新设立登记" for e in entries)
    assert list(unit.names.values_list("name", flat=True)) == [NEW_FIRM["name"]]


def test_update_audits_each_changed_field_and_bumps_version(people, units) -> None:
    gear = units["gear"]
    saved = services.update_unit(
        gear.pk,
        {"employees": "330", "phone": "0519-86310001", "address": gear.address},
        people["analyst"],
        "2023年报更正",
        expected_version=1,
    )
    assert saved.version == 2
    rows = AuditEntry.objects.filter(unit=gear).order_by("field")
    assert [(e.field, e.old, e.new) for e in rows] == [
        ("employees", "320", "330"),
        ("phone", "", "0519-86310001"),
    ]
    assert {(e.username, e.reason, e.action) for e in rows} == {
        ("analyst", "2023年报更正", "update")
    }


def test_update_without_change_writes_nothing(people, units) -> None:
    gear = units["gear"]
    same = {"name": gear.name, "uscc": gear.uscc.lower(), "division": "320412100"}
    saved = services.update_unit(gear.pk, same, people["analyst"], "核对", 1)
    assert saved.version == 1
    assert not AuditEntry.objects.exists()


def test_rename_closes_old_name_and_opens_new(people, units) -> None:
    gear = units["gear"]
    services.update_unit(
        gear.pk, {"name": "常州恒立精工科技股份有限公司"}, people["analyst"], "更名", 1
    )
    names = list(UnitName.objects.filter(unit=gear).order_by("id"))
    assert [(n.name, n.valid_to is None) for n in names] == [
        ("常州恒立精工齿轮有限公司", False),
        ("常州恒立精工科技股份有限公司", True),
    ]
    assert names[0].valid_to == names[1].valid_from


def test_rename_of_unit_without_history_keeps_both_names(people, units) -> None:
    UnitName.objects.filter(unit=units["cable"]).delete()
    services.update_unit(
        units["cable"].pk,
        {"name": "江苏华泰线缆有限公司"},
        people["analyst"],
        "更名",
        1,
    )
    assert list(
        UnitName.objects.filter(unit=units["cable"])
        .order_by("id")
        .values_list("name", flat=True)
    ) == ["江苏华泰电缆有限公司", "江苏华泰线缆有限公司"]


def test_operator_id_is_kept_only_as_hash_and_last_four(people, units) -> None:
    number = "11010519491231002X"
    shop = services.update_unit(
        units["shop"].pk, {"operator_id": number}, people["hutang"], "补录经营者", 1
    )
    assert shop.operator_id_last4 == "002X"
    assert len(shop.operator_id_hash) == 64 and number not in shop.operator_id_hash
    entry = AuditEntry.objects.get(unit=shop, field="operator_id")
    assert (entry.old, entry.new) == ("", "尾号002X")
    # Entering the same number again is no change.
    again = services.update_unit(
        shop.pk, {"operator_id": number.lower()}, people["hutang"], "核对", 2
    )
    assert again.version == 2


def test_bad_operator_id_is_not_echoed(people, units) -> None:
    with pytest.raises(UnitInvalid) as caught:
        services.update_unit(
            units["shop"].pk,
            {"operator_id": "110105194912310021"},
            people["hutang"],
            "补录",
            1,
        )
    (problem,) = caught.value.problems
    assert problem.code == "ric-checksum"
    assert "110105194912310021" not in problem.value + problem.message


def test_reason_is_required(people, units) -> None:
    with pytest.raises(UnitInvalid) as caught:
        services.update_unit(
            units["gear"].pk, {"employees": 1}, people["admin"], " ", 1
        )
    assert [p.code for p in caught.value.problems] == ["reason-required"]


def test_read_only_role_cannot_edit(people, units) -> None:
    with pytest.raises(NotAllowed):
        services.update_unit(
            units["gear"].pk, {"employees": 1}, people["leader"], "x", 1
        )
    with pytest.raises(NotAllowed):
        services.create_unit(NEW_FIRM, people["leader"], "x")


def test_town_officer_cannot_touch_or_move_units_out_of_town(people, units) -> None:
    with pytest.raises(UnitNotFound):
        services.update_unit(
            units["cable"].pk, {"employees": 1}, people["hutang"], "x", 1
        )
    with pytest.raises(UnitInvalid) as caught:
        services.update_unit(
            units["gear"].pk, {"division": NIUTANG}, people["hutang"], "迁址", 1
        )
    assert [p.code for p in caught.value.problems] == ["division-outside-scope"]


def test_tags_are_audited(people, units) -> None:
    import datetime

    held = tags.tag_unit(
        units["cable"].pk,
        "little-giant",
        datetime.date(2023, 7, 1),
        people["analyst"],
        "第五批小巨人名单",
    )
    tags.end_tag(held.pk, datetime.date(2026, 6, 30), people["analyst"], "到期")
    rows = AuditEntry.objects.filter(unit=units["cable"]).order_by("id")
    assert [(e.action, e.new) for e in rows] == [
        ("tag-add", "专精特新“小巨人”（2023-07-01起）"),
        ("tag-end", "专精特新“小巨人”（2023-07-01起至2026-06-30）"),
    ]


def test_system_user_may_write_without_scope(units) -> None:
    saved = services.update_unit(units["cable"].pk, {"employees": 90}, None, "导入", 1)
    assert saved.employees == 90
    assert AuditEntry.objects.get(unit=saved).username == "系统"
    assert Unit.objects.count() == 5
