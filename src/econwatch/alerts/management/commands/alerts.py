"""econwatch alerts: evaluate the alert rules, list rules and open alerts.

Example:
    econwatch alerts run                    # evaluate on today's date
    econwatch alerts run --date 2024-03-15  # evaluate as on a given day
    econwatch alerts rules                  # the rule versions in force
    econwatch alerts list --level red       # open alerts
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from econwatch.alerts.evaluation import evaluate, rules_in_force
from econwatch.alerts.models import Alert, Level, severity


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期 {text!r} 格式不对；请写成 YYYY-MM-DD，如 2024-03-15"
        ) from None


class Command(BaseCommand):
    help = (
        "预警：run 按规则评估并更新预警；rules 列出生效规则；list 列出未处理预警。"
        "例：econwatch alerts run --date 2024-03-15"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser(
            "run", help="评估生效规则并更新预警。例：alerts run --date 2024-03-15"
        )
        run.add_argument("--date", type=_day, help="评估日 YYYY-MM-DD（默认今天）")
        run.add_argument("--rule", action="append", help="只评估这些规则代码（可重复）")
        run.add_argument("--format", choices=["text", "json"], default="text")
        rules = sub.add_parser("rules", help="列出某日生效的规则版本。例：alerts rules")
        rules.add_argument("--date", type=_day, help="日期（默认今天）")
        listing = sub.add_parser(
            "list", help="列出未处理（新发、已查看）预警。例：alerts list"
        )
        listing.add_argument("--level", choices=[lv.value for lv in Level])
        listing.add_argument("--rule", help="规则代码")
        listing.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **opts: Any) -> None:
        action = opts["action"]
        if action == "run":
            report = evaluate(opts["date"], codes=opts["rule"])
            if opts["format"] == "json":
                self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
            else:
                self.stdout.write("\n".join(report.lines()))
        elif action == "rules":
            for rule in rules_in_force(opts["date"] or timezone.localdate()):
                self.stdout.write(
                    f"{rule.code} v{rule.version} [{rule.get_level_display()}] "
                    f"{rule.name}：{rule.sentence()}（自{rule.valid_from}起）"
                )
        else:
            qs = Alert.objects.filter(status__in=Alert.OPEN).select_related("unit")
            if opts["level"]:
                qs = qs.filter(level=opts["level"])
            if opts["rule"]:
                qs = qs.filter(rule_code=opts["rule"])
            rows = [
                {
                    "id": a.pk,
                    "level": a.get_level_display(),
                    "unit": a.unit.name,
                    "rule": a.rule_code,
                    "status": a.get_status_display(),
                    "first_seen": a.first_seen.isoformat(),
                    "last_seen": a.last_seen.isoformat(),
                    "summary": a.summary,
                }
                for a in qs.order_by(severity(), "-last_seen", "id")
            ]
            if opts["format"] == "json":
                self.stdout.write(json.dumps(rows, ensure_ascii=False))
            else:
                for r in rows:
                    self.stdout.write(
                        f"#{r['id']} [{r['level']}] {r['unit']} {r['rule']} "
                        f"{r['status']} {r['first_seen']}—{r['last_seen']}："
                        f"{r['summary']}"
                    )
                self.stdout.write(f"共 {len(rows)} 条未处理预警")
