"""The lifecycle steps as a library: who may take them, notes, stale versions."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from econwatch.alerts import services
from econwatch.alerts.evaluation import evaluate
from econwatch.alerts.models import Alert
from econwatch.monitoring.models import DailyInvoice

from .factories import AS_OF, District

pytestmark = pytest.mark.django_db


def _alert(code: str) -> Alert:
    return Alert.objects.get(rule_code=code)


@pytest.mark.parametrize(
    ("who", "acts"),
    [
        ("officer", True),
        ("hutang", True),
        ("leader", False),
        ("analyst", False),
        ("enterprise", False),
        ("enumerator", False),
    ],
    ids=lambda v: str(v),
)
def test_who_works_alerts(raised: District, users, who: str, acts: bool) -> None:
    assert services.may_act(users[who]) is acts
    alert = _alert("electricity-low")  # 停电企业, in 湖塘
    if acts:
        assert services.allowed_steps(alert, users[who]) == [
            "seen",
            "handled",
            "closed",
        ]
        return
    assert services.allowed_steps(alert, users[who]) == []
    with pytest.raises(services.AlertError) as caught:
        services.mark_seen(alert, users[who], expected_version=1)
    # Readers who see it may not act (403); others do not see it at all (404).
    assert caught.value.status in (403, 404)
    assert _alert("electricity-low").status == "new"


def test_a_reader_is_told_the_role_reads_only(raised: District, users) -> None:
    with pytest.raises(services.NotAllowed, match=r"领导（只读）.*只能查看预警"):
        services.close_alert(_alert("below-scale"), users["leader"], "不需要")


def test_steps_allowed_follow_the_status(raised: District, users) -> None:
    officer = users["officer"]
    alert = services.mark_seen(_alert("output-decline"), officer)
    assert services.allowed_steps(alert, officer) == ["handled", "closed"]
    alert = services.mark_handled(alert, officer, "已走访")
    assert services.allowed_steps(alert, officer) == ["closed"]
    alert = services.close_alert(alert, officer, "订单恢复")
    assert services.allowed_steps(alert, officer) == []


@pytest.mark.parametrize(
    ("step", "words"),
    [("handled", "处置情况"), ("closed", "关闭原因")],
    ids=["handled-needs-what-was-done", "closed-needs-a-reason"],
)
def test_notes_are_required(raised: District, users, step: str, words: str) -> None:
    alert = _alert("invoice-drop")
    for blank in ("", "   \n"):
        with pytest.raises(services.NoteRequired, match=words):
            services.change_status(alert, step, users["officer"], blank)
    alert.refresh_from_db()
    assert (alert.status, alert.version) == ("new", 1)
    assert alert.events.count() == 1  # only 新发


def test_every_change_of_status_counts_a_version(raised: District, users) -> None:
    officer = users["officer"]
    alert = Alert.objects.get(rule_code="report-missing", unit=raised.missing)
    alert = services.mark_seen(alert, officer, expected_version=1)
    assert alert.version == 2
    alert = services.mark_handled(alert, officer, "已催报", expected_version=2)
    assert alert.version == 3
    services.hand_off_to_dispatch(alert, officer)  # not a change of status
    alert.refresh_from_db()
    assert alert.version == 3


def test_a_stale_version_is_refused_not_overwritten(raised: District, users) -> None:
    first = _alert("below-scale")  # 牛塘: the officer and 钱干事 both work it
    read_by_officer = first.version
    services.mark_handled(first, users["niutang"], "已约企业负责人面谈")
    with pytest.raises(services.StaleAlert) as caught:
        services.close_alert(
            first, users["officer"], "误报", expected_version=read_by_officer
        )
    message = caught.value.message
    assert "钱干事" in message and "已处置" in message and "未保存" in message
    assert caught.value.status == 409 and caught.value.code == "version-conflict"
    now = _alert("below-scale")
    assert (now.status, now.status_by, now.version) == ("handled", "钱干事", 2)
    assert list(now.events.values_list("action", flat=True)) == ["raised", "handled"]


def test_the_system_closing_an_alert_makes_open_forms_stale(
    raised: District, users
) -> None:
    alert = _alert("invoice-drop")
    DailyInvoice.objects.filter(unit=raised.invoice_drop).update(amount=1000)
    evaluate(AS_OF)  # the condition cleared: closed by 系统
    with pytest.raises(services.StaleAlert, match=r"系统.*已关闭"):
        services.mark_seen(alert, users["officer"], expected_version=alert.version)


def test_a_step_the_status_does_not_allow(raised: District, users) -> None:
    officer = users["officer"]
    alert = services.mark_handled(_alert("electricity-low"), officer, "设备检修")
    with pytest.raises(services.BadTransition, match=r"已处置.*不能改为“已查看”"):
        services.mark_seen(alert, officer, expected_version=alert.version)


@pytest.mark.django_db(transaction=True)
def test_two_people_at_the_same_moment_one_wins(raised: District, users) -> None:
    """On PostgreSQL two threads race for the row lock; SQLite runs one writer at a
    time, so there the same two steps, both drawn at version 1, come one after the
    other — the second must be refused just the same."""
    alert_id = _alert("below-scale").pk
    if connection.vendor != "postgresql":
        first = Alert.objects.get(pk=alert_id)
        second = Alert.objects.get(pk=alert_id)
        services.change_status(
            first, "handled", users["officer"], "已走访", expected_version=1
        )
        with pytest.raises(services.StaleAlert):
            services.change_status(
                second, "closed", users["niutang"], "误报", expected_version=1
            )
        alert = Alert.objects.get(pk=alert_id)
        assert alert.version == 2 and alert.events.count() == 2
        return
    start = threading.Barrier(2)
    outcome: dict[str, str] = {}

    def work(who: str, step: str, note: str) -> None:
        try:
            alert = Alert.objects.get(pk=alert_id)
            start.wait()
            services.change_status(alert, step, users[who], note, expected_version=1)
            outcome[who] = "saved"
        except services.StaleAlert:
            outcome[who] = "stale"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=work, args=("officer", "handled", "已走访")),
        threading.Thread(target=work, args=("niutang", "closed", "误报")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcome.values()) == ["saved", "stale"]
    alert = Alert.objects.get(pk=alert_id)
    assert alert.version == 2 and alert.events.count() == 2
