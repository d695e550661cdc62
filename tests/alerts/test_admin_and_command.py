"""The admin pages load and version rules; the command runs, lists and explains."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from econwatch.alerts.evaluation import evaluate
from econwatch.alerts.models import Alert, AlertRule

from .factories import AS_OF, District

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("alerts", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/alerts/alertrule/",
        "/admin/alerts/alertrule/add/",
        "/admin/alerts/alertrule/{rule}/change/",
        "/admin/alerts/alert/",
        "/admin/alerts/alert/?status__exact=new",
        "/admin/alerts/alert/{alert}/change/",
    ],
    ids=["rules", "rule-add", "rule-change", "alerts", "alerts-filtered", "alert"],
)
def test_admin_pages_load(district: District, admin_client, url: str) -> None:
    evaluate(AS_OF)
    rule = AlertRule.objects.get(code="invoice-drop")
    alert = Alert.objects.get(rule_code="invoice-drop")
    response = admin_client.get(url.format(rule=rule.pk, alert=alert.pk))
    assert response.status_code == 200


def test_opening_an_alert_in_the_admin_marks_it_seen(district, admin_client) -> None:
    evaluate(AS_OF)
    alert = Alert.objects.get(rule_code="invoice-drop")
    admin_client.get(f"/admin/alerts/alert/{alert.pk}/change/")
    alert.refresh_from_db()
    assert alert.status == "seen" and alert.status_by == "admin"


def test_editing_a_rule_in_the_admin_adds_a_version(admin_client) -> None:
    rule = AlertRule.objects.get(code="below-scale")
    form = {
        "code": rule.code,
        "name": rule.name,
        "active": "on",
        "level": "red",
        "valid_from": "2015-01-01",
        "kind": rule.kind,
        "indicator": rule.indicator,
        "comparison": rule.comparison,
        "threshold": "1800",
        "persistence": "1",
        "parameters": json.dumps(rule.parameters),
        "scope": rule.scope,
        "scope_tag": "",
        "description": rule.description,
    }
    response = admin_client.post(f"/admin/alerts/alertrule/{rule.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    versions = AlertRule.objects.filter(code="below-scale").order_by("version")
    assert [(v.version, v.active, str(v.threshold)) for v in versions] == [
        (1, False, "2000.00"),
        (2, True, "1800.00"),
    ]
    assert versions[1].changed_by == "admin"


def test_rule_validation_names_the_field() -> None:
    rule = AlertRule.objects.get(code="invoice-drop")
    rule.scope_tag, rule.indicator = "", "electricity"
    with pytest.raises(ValidationError) as info:
        rule.clean()
    assert set(info.value.message_dict) == {"indicator", "scope_tag"}


def test_command_run_and_list(district: District) -> None:
    out = _run("run", "--date", "2024-06-14")
    assert (
        "预警评估日：2024-06-14" in out and "invoice-drop v1" in out and "新发1" in out
    )
    data = json.loads(_run("run", "--date", "2024-06-14", "--format", "json"))
    assert {r["code"]: r["raised"] for r in data["rules"]}["invoice-drop"] == 0
    listing = _run("list", "--level", "red")
    assert "停电企业" in listing and "共 1 条未处理预警" in listing
    rows = json.loads(_run("list", "--format", "json"))
    assert len(rows) == Alert.objects.count() == 6
    assert "invoice-drop v1" in _run("rules")


def test_command_refuses_a_bad_date() -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        _run("run", "--date", "2024-13-01")
