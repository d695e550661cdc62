"""新发 → 已查看 → 已处置 / 已关闭, with who and when; scoping; the dispatch stub."""

from __future__ import annotations

import pytest

from econwatch.accounts.services import create_user
from econwatch.alerts import services
from econwatch.alerts.evaluation import evaluate
from econwatch.alerts.models import Alert

from .factories import AS_OF, HUTANG, NIUTANG, District

pytestmark = pytest.mark.django_db


@pytest.fixture
def alerts(district: District) -> District:
    evaluate(AS_OF)
    return district


@pytest.fixture
def officer():
    return create_user("li", "pw-123456", "industry_officer", full_name="李科长")


def test_full_lifecycle_records_who_and_when(alerts: District, officer) -> None:
    alert = Alert.objects.get(rule_code="output-decline")
    alert = services.mark_seen(alert, officer)
    assert alert.status == "seen" and alert.status_by == "李科长"
    alert = services.mark_handled(alert, officer, "已约谈企业，订单转移至外地")
    alert = services.close_alert(alert, officer, "企业已恢复生产")
    assert alert.status == "closed"
    steps = list(
        alert.events.values_list("action", "from_status", "to_status", "actor")
    )
    assert steps == [
        ("raised", "", "new", "系统"),
        ("seen", "new", "seen", "李科长"),
        ("handled", "seen", "handled", "李科长"),
        ("closed", "handled", "closed", "李科长"),
    ]
    handled = alert.events.get(action="handled")
    assert handled.user == officer and handled.note.startswith("已约谈")
    times = list(alert.events.values_list("at", flat=True))
    assert times == sorted(times)


def test_transitions_that_are_not_allowed(alerts: District, officer) -> None:
    alert = services.close_alert(
        Alert.objects.get(rule_code="below-scale"), officer, "已核实，季节性淡季"
    )
    with pytest.raises(services.AlertError, match="已关闭"):
        services.mark_handled(alert, officer)
    assert services.mark_seen(alert, officer).status == "closed"  # reopening: no-op


def test_town_officer_sees_and_handles_only_their_town(alerts: District) -> None:
    hutang = create_user("zhao", "pw-123456", "town_officer", division_code=HUTANG)
    niutang = create_user("qian", "pw-123456", "town_officer", division_code=NIUTANG)
    small = Alert.objects.get(unit=alerts.small)  # in 牛塘
    assert set(services.visible_alerts(niutang)) == {small}
    assert small not in services.visible_alerts(hutang)
    assert services.open_alerts(hutang).count() == Alert.objects.count() - 1
    with pytest.raises(services.AlertError, match="管辖范围"):
        services.mark_seen(small, hutang)
    with pytest.raises(services.AlertError, match="管辖范围"):
        services.close_alert(small, hutang)
    assert services.mark_seen(small, niutang).status == "seen"


def test_hand_off_to_dispatch_is_recorded(alerts: District, officer) -> None:
    alert = Alert.objects.get(rule_code="invoice-drop")
    assert services.hand_off_to_dispatch(alert, officer) is None  # no dispatch app yet
    alert.refresh_from_db()
    assert alert.handed_off_at is not None
    event = alert.events.get(action="handoff")
    assert event.actor == "李科长" and "周调度" in event.note


def test_open_alerts_come_most_severe_first(alerts: District, officer) -> None:
    levels = [a.level for a in services.open_alerts(officer)]
    rank = {"red": 0, "orange": 1, "yellow": 2}
    assert levels == sorted(levels, key=rank.__getitem__)
    assert levels[0] == "red" and levels[-1] == "yellow"
