"""econwatch unit: show or change one unit of the register from the command line.

Example:
    econwatch unit show 91320412MA1MXXXXXY
    econwatch unit set 123 employees=330 phone=0519-86310000 \\
        --reason "2023年报更正" --version 4 --user wang
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from econwatch.core.codes.text import compact
from econwatch.register import pages, services
from econwatch.register.errors import RegisterError
from econwatch.register.fields import EDITABLE
from econwatch.register.models import Unit


class Command(BaseCommand):
    help = (
        "查看或修改名录库中的一个单位（修改记入变更记录）。"
        "例：econwatch unit show 91320412MA1MXXXXXY；"
        "econwatch unit set 123 employees=330 --reason 年报更正 --version 4"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser("show", help="以 JSON 输出单位详情（与页面的 JSON 相同）")
        show.add_argument("unit", help="单位编号或统一社会信用代码")
        change = sub.add_parser("set", help="修改字段：字段=新值 …")
        change.add_argument("unit", help="单位编号或统一社会信用代码")
        change.add_argument(
            "changes", nargs="+", help="字段=新值；可用字段：" + "、".join(EDITABLE)
        )
        change.add_argument("--reason", required=True, help="变更原因（必填）")
        change.add_argument(
            "--version", type=int, required=True, help="修改所依据的版本号（防止覆盖）"
        )
        change.add_argument("--user", help="以哪个用户的身份修改（默认：系统）")

    def handle(self, *args: Any, **opts: Any) -> None:
        unit_id = _resolve(opts["unit"])
        if opts["action"] == "show":
            try:
                unit = services.get_unit(unit_id, None)
            except RegisterError as error:
                raise CommandError(error.message) from error
            self.stdout.write(
                json.dumps(pages.unit_page(None, unit), ensure_ascii=False, indent=2)
            )
            return
        user = None
        if opts["user"]:
            user = User.objects.filter(username=opts["user"]).first()
            if user is None:
                raise CommandError(f"用户 {opts['user']!r} 不存在")
        changes = {}
        for item in opts["changes"]:
            name, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"“{item}”应写成 字段=新值，如 employees=330")
            changes[name.strip()] = value
        try:
            unit = services.update_unit(
                unit_id, changes, user, opts["reason"], opts["version"]
            )
        except RegisterError as error:
            lines = [error.message, *(f"  - {p.message}" for p in error.problems)]
            raise CommandError("\n".join(lines)) from error
        self.stdout.write(f"已保存 {unit.name}（版本 {unit.version}）")


def _resolve(text: str) -> int:
    """A unit id from an id or a USCC."""
    if text.isdigit() and len(text) < 18:
        return int(text)
    found = Unit.objects.filter(uscc=compact(text)).values_list("pk", flat=True)
    if not found:
        raise CommandError(f"名录库中没有统一社会信用代码为 {text} 的单位")
    return found[0]
