"""econwatch createuser: create a user with a role.

Example:
    econwatch createuser wang --role town_officer --division 320412100000
"""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from econwatch.accounts.roles import ROLES
from econwatch.accounts.services import AccountError, create_user


class Command(BaseCommand):
    help = (
        "创建用户并赋予角色。"
        "例：econwatch createuser wang --role town_officer --division 320412100000"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--role",
            required=True,
            choices=[r.code for r in ROLES],
            help="角色：" + "、".join(f"{r.code}={r.group}" for r in ROLES),
        )
        parser.add_argument("--password", help="密码（不给则交互输入）")
        parser.add_argument("--name", default="", help="姓名")
        parser.add_argument("--division", help="所属镇（街道）12位统计用区划代码")
        parser.add_argument("--unit", type=int, help="企业填报员所属单位的编号")
        parser.add_argument("--department", default="", help="部门办理人所属部门")

    def handle(self, *args: Any, **opts: Any) -> None:
        password = opts["password"] or getpass.getpass("密码：")
        try:
            user = create_user(
                opts["username"],
                password,
                opts["role"],
                full_name=opts["name"],
                division_code=opts["division"],
                unit_id=opts["unit"],
                department=opts["department"],
            )
        except AccountError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已创建用户 {user.username}（{opts['role']}）")
