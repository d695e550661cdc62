"""Each rule fires on its planted case and nowhere else; re-runs do not flood."""

from __future__ import annotations

from datetime import date

import pytest

from econwatch.alerts import services
from econwatch.alerts.evaluation import evaluate
from econwatch.alerts.hooks import after_import
from econwatch.alerts.models import Alert, AlertEvent, AlertRule
from econwatch.monitoring.festival import spring_festival
from econwatch.monitoring.models import DailyInvoice
from econwatch.register.models import UnitTag

from .factories import AS_OF, District, invoices, unit

pytestmark = pytest.mark.django_db


def _fired() -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for code, unit_id in Alert.objects.values_list("rule_code", "unit_id"):
        out.setdefault(code, set()).add(unit_id)
    return out


def test_seeded_rules() -> None:
    rules = AlertRule.objects.filter(active=True)
    assert set(rules.values_list("code", flat=True)) == {
        "invoice-drop",
        "electricity-low",
        "report-missing",
        "output-decline",
        "below-scale",
    }
    for rule in rules:
        rule.full_clean()
        assert rule.version == 1 and rule.sentence()


def test_each_kind_fires_on_its_planted_case_only(district: District) -> None:
    report = evaluate(AS_OF)
    expected = district.expected()
    assert _fired() == expected
    assert {r.code: r.raised for r in report.rules} == {
        code: len(ids) for code, ids in expected.items()
    }
    assert all(a.status == Alert.Status.NEW for a in Alert.objects.all())


def test_evidence_carries_the_numbers_and_the_words(district: District) -> None:
    evaluate(AS_OF)
    alert = Alert.objects.get(rule_code="invoice-drop")
    assert alert.level == "orange" and alert.first_seen == alert.last_seen == AS_OF
    ev = alert.evidence
    assert ev["rule_version"] == 1 and ev["data_through"] == "2024-06-14"
    assert [p["growth_pct"] for p in ev["periods"]] == [-50.0, -50.0]
    assert ev["periods"][0]["label"] == "2024-06-08至2024-06-14"
    assert "降幅依次为50.0%、50.0%" in alert.summary
    small = Alert.objects.get(rule_code="below-scale")
    assert "1—5月营业收入500.0万元" in small.summary
    late = Alert.objects.get(unit=district.late)
    assert "迟报" in late.summary and "2024-06-12" in late.summary
    raised = AlertEvent.objects.get(alert=alert)
    assert (raised.action, raised.actor, raised.to_status) == ("raised", "系统", "new")


def test_rerun_updates_instead_of_duplicating(district: District) -> None:
    evaluate(AS_OF)
    again = evaluate(date(2024, 6, 14))
    assert again.raised == 0
    assert sum(r.updated for r in again.rules) == Alert.objects.count() == 6
    assert AlertEvent.objects.count() == 6


def test_condition_clearing_closes_the_alert_by_system(district: District) -> None:
    evaluate(AS_OF)
    DailyInvoice.objects.filter(unit=district.invoice_drop).update(amount=1000)
    report = evaluate(AS_OF)
    alert = Alert.objects.get(rule_code="invoice-drop")
    assert alert.status == Alert.Status.CLOSED and alert.status_by == "系统"
    assert alert.cleared_on == AS_OF
    assert {r.code: r.cleared for r in report.rules}["invoice-drop"] == 1
    closed = alert.events.get(action="closed")
    assert (closed.from_status, closed.to_status, closed.actor) == (
        "new",
        "closed",
        "系统",
    )
    # The condition returns: a new episode, still only one open alert.
    DailyInvoice.objects.filter(
        unit=district.invoice_drop, day__gte=date(2024, 6, 1)
    ).update(amount=100)
    evaluate(AS_OF)
    episodes = Alert.objects.filter(
        rule_code="invoice-drop", unit=district.invoice_drop
    )
    assert episodes.count() == 2
    assert episodes.filter(status__in=Alert.OPEN).count() == 1


def test_a_handled_alert_is_not_raised_again_while_the_condition_holds(
    district: District, admin_user
) -> None:
    evaluate(AS_OF)
    alert = Alert.objects.get(rule_code="electricity-low")
    services.mark_handled(alert, admin_user, "已电话联系，设备检修")
    evaluate(date(2024, 6, 14))
    alert.refresh_from_db()
    assert Alert.objects.filter(rule_code="electricity-low").count() == 1
    assert alert.status == Alert.Status.HANDLED and alert.cleared_on is None


def test_missing_data_never_closes_an_alert(district: District) -> None:
    evaluate(AS_OF)
    DailyInvoice.objects.filter(unit=district.invoice_drop).delete()
    evaluate(AS_OF)
    assert Alert.objects.get(rule_code="invoice-drop").status == Alert.Status.NEW


def test_a_period_nobody_has_reported_is_not_yet_missing(district: District) -> None:
    evaluate(date(2024, 7, 10), codes=["report-missing"])  # 2024-06 due 07-08, none in
    assert _fired()["report-missing"] == {district.missing.pk, district.late.pk}


def test_a_report_is_not_missing_before_its_due_day(district: District) -> None:
    evaluate(date(2024, 6, 8), codes=["report-missing"])  # 2024-05 due today
    assert not Alert.objects.exists()


def test_daily_rules_stop_at_the_last_day_loaded(district: District) -> None:
    report = evaluate(date(2024, 6, 20), codes=["invoice-drop"])
    assert report.rules[0].data_through == "2024-06-14"
    assert _fired() == {"invoice-drop": {district.invoice_drop.pk}}


def test_scope_is_taken_on_the_last_day_loaded(district: District) -> None:
    tags = UnitTag.objects.filter(unit=district.invoice_drop)
    tags.update(valid_to=date(2024, 6, 30))
    evaluate(date(2024, 8, 1), codes=["invoice-drop"])  # data end 06-14: still 骨干
    assert _fired() == {"invoice-drop": {district.invoice_drop.pk}}


def test_ended_units_are_not_watched(district: District) -> None:
    district.power_cut.status = "6"  # 注销
    district.power_cut.save()
    evaluate(AS_OF)
    assert "electricity-low" not in _fired()


def test_leaving_the_scope_ends_the_episode(district: District) -> None:
    evaluate(AS_OF)
    UnitTag.objects.filter(unit=district.invoice_drop).delete()  # off the list
    report = evaluate(AS_OF)
    alert = Alert.objects.get(rule_code="invoice-drop")
    assert alert.status == "closed" and alert.cleared_on == AS_OF
    assert "不在规则适用范围" in alert.events.get(action="closed").note
    assert {r.code: r.cleared for r in report.rules}["invoice-drop"] == 1


def test_new_rule_version_is_used_and_recorded(district: District, admin_user) -> None:
    evaluate(AS_OF)
    rule = AlertRule.objects.get(code="invoice-drop", active=True)
    v2 = services.new_rule_version(rule, admin_user, threshold=60, level="red")
    assert v2.version == 2 and v2.changed_by == "admin"
    assert AlertRule.objects.get(code="invoice-drop", version=1).active is False
    report = evaluate(AS_OF)
    alert = Alert.objects.get(rule_code="invoice-drop")
    assert {r.code: r.cleared for r in report.rules}[
        "invoice-drop"
    ] == 1  # −50 % < 60 %
    assert alert.status == Alert.Status.CLOSED
    services.new_rule_version(v2, admin_user, threshold=40)
    evaluate(AS_OF)
    newest = Alert.objects.get(rule_code="invoice-drop", cleared_on__isnull=True)
    assert newest.rule.version == 3 and newest.evidence["rule_version"] == 3


def test_festival_alignment_prevents_holiday_alarms(db) -> None:
    """Invoices that stop for the holiday each year raise no alarm after 春节."""
    u = unit("节日停工骨干", backbone=True)

    def per_day(day: date) -> int:
        offset = (day - spring_festival(day.year)).days
        return 50 if -3 <= offset <= 10 else 1000

    invoices(u, per_day, date(2023, 1, 1), date(2024, 2, 20))
    as_of = date(2024, 2, 20)  # 初十一: calendar 同比 compares with 2023's normal weeks
    evaluate(as_of, codes=["invoice-drop"])
    assert not Alert.objects.exists()
    rule = AlertRule.objects.get(code="invoice-drop")
    services.new_rule_version(rule, None, parameters={"alignment": "calendar"})
    evaluate(as_of, codes=["invoice-drop"])
    assert Alert.objects.filter(unit=u).count() == 1


def test_after_import_runs_the_rules_of_that_data(district: District) -> None:
    class Batch:
        kind, status = "monthly", "ok"

    after_import(Batch())  # evaluated today: the last periods loaded are checked
    assert set(_fired()) == {"report-missing", "output-decline", "below-scale"}
    Batch.status = "rejected"
    Alert.objects.all().delete()
    after_import(Batch())
    assert not Alert.objects.exists()


def test_the_hook_is_subscribed() -> None:
    from econwatch.monitoring.imports import hooks

    assert after_import in hooks.subscribers()
