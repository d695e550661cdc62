"""Running the rules in force on a day and keeping the alerts in step.

For each active rule version valid on the day, the kind's check judges every
enterprise in scope; then, per enterprise:

* condition holds, no unfinished episode → a new alert (新发), event by 系统;
* condition holds, an episode exists → ``last_seen`` and the evidence are updated
  (whatever its status: an alert that was 已处置 or 已关闭 by a person while the
  condition kept holding is not raised again, so nobody is flooded);
* the data show the condition no longer holds → the episode ends
  (``cleared_on``); an alert still 新发/已查看 is closed by 系统 with the reason;
* the data cannot tell (``na`` or no data) → nothing changes.

Evaluate days in order: running an earlier day after a later one may end an
episode early. Each rule runs in its own transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from econwatch.alerts.checks import CHECKS, CheckResult, reference_day, scope_units
from econwatch.alerts.models import Alert, AlertEvent, AlertRule
from econwatch.alerts.verdicts import Verdict
from econwatch.register.models import Unit

SYSTEM = "系统"


@dataclass
class RuleOutcome:
    """What one rule did in a run."""

    code: str
    version: int
    name: str
    judged: int = 0
    raised: int = 0
    updated: int = 0
    cleared: int = 0
    data_through: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return dict(self.__dict__)


@dataclass
class RunReport:
    """The outcome of one evaluation run."""

    as_of: date
    rules: list[RuleOutcome] = field(default_factory=list)

    @property
    def raised(self) -> int:
        """Alerts raised in the run, all rules."""
        return sum(r.raised for r in self.rules)

    def lines(self) -> list[str]:
        """One Chinese line per rule, for the CLI."""
        out = [f"预警评估日：{self.as_of.isoformat()}"]
        for r in self.rules:
            out.append(
                f"{r.code} v{r.version} {r.name}：评估{r.judged}家，新发{r.raised}，"
                f"更新{r.updated}，解除{r.cleared}"
                + (f"（数据截至{r.data_through}）" if r.data_through else "（无数据）")
            )
        return out

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "as_of": self.as_of.isoformat(),
            "rules": [r.as_dict() for r in self.rules],
        }


def rules_in_force(as_of: date, codes: list[str] | None = None) -> list[AlertRule]:
    """The active rule versions valid on ``as_of`` (optionally only some codes)."""
    qs = AlertRule.objects.filter(active=True, valid_from__lte=as_of)
    if codes:
        qs = qs.filter(code__in=codes)
    return list(qs.order_by("code"))


def evaluate(
    as_of: date | None = None,
    *,
    codes: list[str] | None = None,
    unit_ids: list[int] | None = None,
) -> RunReport:
    """Evaluate the rules in force and update the alerts.

    Args:
        as_of: The evaluation day (default: today). Daily rules read their data up
            to this day or the last day loaded, whichever is earlier.
        codes: Only these rule codes.
        unit_ids: Only these enterprises (others' alerts are left alone).

    Returns:
        Counts per rule.
    """
    as_of = as_of or timezone.localdate()
    report = RunReport(as_of)
    for rule in rules_in_force(as_of, codes):
        units = scope_units(rule, reference_day(rule, as_of), unit_ids)
        result = CHECKS[rule.kind](rule, as_of, units)
        # A full run also ends the episodes of enterprises that left the scope.
        left = None if unit_ids is not None else units
        report.rules.append(apply(rule, as_of, result, left_scope_of=left))
    return report


def _evidence(
    rule: AlertRule, as_of: date, result: CheckResult, v: Verdict
) -> dict[str, Any]:
    return {
        "rule": rule.code,
        "rule_version": rule.version,
        "rule_text": rule.sentence(),
        "as_of": as_of.isoformat(),
        "data_through": result.data_through,
        "text": v.text,
        **v.numbers,
    }


@transaction.atomic
def apply(
    rule: AlertRule,
    as_of: date,
    result: CheckResult,
    left_scope_of: QuerySet[Unit] | None = None,
) -> RuleOutcome:
    """Turn one rule's verdicts into raised, updated and cleared alerts.

    Args:
        rule: The rule version that judged.
        as_of: The evaluation day.
        result: Its verdicts.
        left_scope_of: The rule's whole scope; episodes of enterprises outside it
            (deregistered, off the backbone list …) end as if cleared.

    Returns:
        The counts.
    """
    outcome = RuleOutcome(rule.code, rule.version, rule.name)
    outcome.data_through = result.data_through
    outcome.judged = len(result.verdicts)
    now = timezone.now()
    episodes = {
        a.unit_id: a
        for a in Alert.objects.select_for_update().filter(
            rule_code=rule.code, cleared_on__isnull=True
        )
    }
    verdicts = dict(result.verdicts)
    if left_scope_of is not None:
        gone = (
            Alert.objects.filter(rule_code=rule.code, cleared_on__isnull=True)
            .exclude(unit__in=left_scope_of.values("pk"))
            .values_list("unit_id", flat=True)
        )
        for unit_id in gone:
            verdicts[unit_id] = Verdict("clear", "企业已不在规则适用范围内")
    new: list[Alert] = []
    changed: list[Alert] = []
    events: list[AlertEvent] = []
    for unit_id, verdict in verdicts.items():
        alert = episodes.get(unit_id)
        if verdict.state == "fire" and alert is None:
            new.append(
                Alert(
                    rule=rule,
                    rule_code=rule.code,
                    unit_id=unit_id,
                    level=rule.level,
                    summary=verdict.text[:400],
                    evidence=_evidence(rule, as_of, result, verdict),
                    first_seen=as_of,
                    last_seen=as_of,
                    status_at=now,
                    created_at=now,
                )
            )
        elif verdict.state == "fire" and alert is not None:
            if as_of >= alert.last_seen:
                alert.last_seen = as_of
                alert.summary = verdict.text[:400]
                alert.evidence = _evidence(rule, as_of, result, verdict)
            if alert.rule_id != rule.pk:
                events.append(
                    _event(
                        alert,
                        AlertEvent.Action.RULE_VERSION,
                        now,
                        f"按规则 v{rule.version} 重新评估",
                    )
                )
                alert.rule = rule
                if alert.is_open:
                    alert.level = rule.level
            alert.updated_at = now
            changed.append(alert)
            outcome.updated += 1
        elif verdict.state == "clear" and alert is not None:
            alert.cleared_on = as_of
            reason = verdict.text or "数据显示预警条件已解除"
            note = f"{as_of.isoformat()} {reason}"
            if alert.is_open:
                events.append(
                    _event(
                        alert,
                        AlertEvent.Action.CLOSED,
                        now,
                        note + "，系统自动关闭",
                        to_status=Alert.Status.CLOSED,
                    )
                )
                alert.status = Alert.Status.CLOSED
                alert.status_at, alert.status_by = now, SYSTEM
                alert.version += 1  # a page form read before this is now stale
            else:
                events.append(_event(alert, AlertEvent.Action.CLEARED, now, note))
            alert.updated_at = now
            changed.append(alert)
            outcome.cleared += 1
    Alert.objects.bulk_create(new, batch_size=500)
    for alert in new:
        events.append(
            _event(
                alert,
                AlertEvent.Action.RAISED,
                now,
                alert.summary,
                to_status=Alert.Status.NEW,
                from_status="",
            )
        )
    outcome.raised = len(new)
    Alert.objects.bulk_update(
        changed,
        [
            "last_seen",
            "summary",
            "evidence",
            "rule",
            "level",
            "cleared_on",
            "status",
            "status_at",
            "status_by",
            "version",
            "updated_at",
        ],
        batch_size=500,
    )
    AlertEvent.objects.bulk_create(events, batch_size=500)
    return outcome


def _event(
    alert: Alert,
    action: str,
    at: Any,
    note: str,
    *,
    to_status: str | None = None,
    from_status: str | None = None,
) -> AlertEvent:
    return AlertEvent(
        alert=alert,
        at=at,
        actor=SYSTEM,
        action=action,
        from_status=alert.status if from_status is None else from_status,
        to_status=to_status or alert.status,
        note=note,
    )
