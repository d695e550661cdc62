"""Two people edit one unit: the second save is refused, never lost silently."""

from __future__ import annotations

import pytest

from econwatch.register import services, validation
from econwatch.register.errors import VersionConflict
from econwatch.register.models import AuditEntry, Unit

MESSAGE = "该单位已被其他用户修改（版本 2），请刷新后重新编辑，您的修改尚未保存"


def test_second_save_from_the_same_version_is_refused(people, units) -> None:
    gear = units["gear"]
    services.update_unit(gear.pk, {"employees": 330}, people["analyst"], "年报", 1)
    with pytest.raises(VersionConflict) as caught:
        services.update_unit(gear.pk, {"employees": 340}, people["hutang"], "核实", 1)
    assert str(caught.value) == MESSAGE
    assert caught.value.current_version == 2
    gear.refresh_from_db()
    assert (gear.employees, gear.version) == (330, 2)
    assert AuditEntry.objects.filter(unit=gear).count() == 1


def test_save_racing_between_read_and_write_is_refused(
    people, units, monkeypatch
) -> None:
    """The WHERE version = %s of the UPDATE catches a save that lands mid-way."""
    gear = units["gear"]
    real_prepare = validation.prepare

    def prepare_while_someone_saves(*args, **kwargs):
        Unit.objects.filter(pk=gear.pk).update(version=2, employees=999)
        return real_prepare(*args, **kwargs)

    monkeypatch.setattr(services, "prepare", prepare_while_someone_saves)
    with pytest.raises(VersionConflict, match="版本 2"):
        services.update_unit(gear.pk, {"employees": 330}, people["analyst"], "年报", 1)
    gear.refresh_from_db()
    assert gear.employees == 999
    assert not AuditEntry.objects.exists()


def test_page_refuses_and_keeps_the_users_input(login, units) -> None:
    gear = units["gear"]
    first, second = login("analyst"), login("hutang")
    form = {
        "name": gear.name,
        "uscc": gear.uscc,
        "division": gear.division_id,
        "industry": "3670",
        "status": "1",
        "size_class": "2",
        "version": "1",
    }
    ok = first.post(
        f"/register/unit/{gear.pk}/edit/",
        {**form, "employees": "330", "reason": "年报"},
    )
    assert ok.status_code == 302
    refused = second.post(
        f"/register/unit/{gear.pk}/edit/",
        {**form, "employees": "345", "address": "湖塘镇新址路1号", "reason": "核实"},
    )
    assert refused.status_code == 409
    html = refused.content.decode()
    assert MESSAGE in html
    assert 'value="湖塘镇新址路1号"' in html and 'value="345"' in html
    assert 'name="version" value="1"' in html  # still the version they started from
    gear.refresh_from_db()
    assert (gear.employees, gear.version) == (330, 2)


def test_json_conflict_is_409_in_the_error_shape(login, units) -> None:
    gear = units["gear"]
    client = login("analyst")
    url = f"/register/unit/{gear.pk}/edit/?format=json"
    body = {"employees": 330, "reason": "年报", "version": 1}
    assert client.post(url, body, content_type="application/json").status_code == 200
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 409
    assert again.json() == {
        "error": {"code": "version-conflict", "message": MESSAGE, "problems": []}
    }
