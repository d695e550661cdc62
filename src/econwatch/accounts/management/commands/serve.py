"""econwatch serve: serve the platform with a production WSGI server (waitress).

Example:
    econwatch serve --port 8000
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "启动网页服务。例：econwatch serve --host 127.0.0.1 --port 8000"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="监听地址")
        parser.add_argument("--port", type=int, default=8000, help="端口")
        parser.add_argument("--threads", type=int, default=8, help="工作线程数")

    def handle(self, *args: Any, **opts: Any) -> None:
        from waitress import serve

        from econwatch.wsgi import application

        url = f"http://{opts['host']}:{opts['port']}"
        self.stdout.write(f"econwatch 已启动：{url} （按 Ctrl+C 停止）")
        serve(
            application,
            host=opts["host"],
            port=opts["port"],
            threads=opts["threads"],
            ident="econwatch",
        )
