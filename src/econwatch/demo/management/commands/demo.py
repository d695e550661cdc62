"""econwatch demo: build the demo district (once) and serve it.

Example:
    econwatch demo                      # build if needed, then serve on :8000
    econwatch demo --no-serve           # build and exit
    econwatch demo --rebuild --size small --seed 7 --no-serve
    econwatch demo --size province --no-serve   # 60,000 enterprises (benchmarks)
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from econwatch.demo.accounts import ACCOUNTS, PASSWORD
from econwatch.demo.build import DEFAULT_SEED, BuildResult, ensure_demo
from econwatch.demo.figures import demo_figures
from econwatch.demo.plan import PlanError
from econwatch.demo.profiles import PROFILES
from econwatch.demo.store import StoreError

_LABELS = {
    "units": "单位（法人、产业活动单位、个体户）",
    "unit_years": "单位年度情况",
    "unit_names": "名称历史",
    "unit_tags": "企业标签",
    "memberships": "产业体系成员",
    "monthly_reports": "规上工业月报",
    "daily_invoices": "每日开票",
    "daily_electricity": "每日用电",
}


class Command(BaseCommand):
    help = (
        "构建武进区示例数据（合成数据，仅供演示）并启动网页服务。"
        "例：econwatch demo --no-serve"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help="构建后退出，不启动网页服务"
        )
        parser.add_argument(
            "--rebuild", action="store_true", help="删除已有示例数据后重新构建"
        )
        parser.add_argument(
            "--port", type=int, default=8000, help="网页服务端口（默认8000）"
        )
        parser.add_argument(
            "--size",
            choices=sorted(PROFILES),
            default="full",
            help="示例区规模：full（约2300家规上企业）、small（测试用）"
            "或 province（约6万家规上企业，性能测试用）",
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="随机种子")

    def handle(self, *args: Any, **opts: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        ending, self.stdout.ending = self.stdout.ending, ""
        width = None if self.stdout.isatty() else 120
        console = Console(file=self.stdout, highlight=False, width=width)
        try:
            result = self._build(console, opts)
            self._summary(console, result, opts)
        except (PlanError, StoreError) as error:
            raise CommandError(str(error)) from error
        finally:
            self.stdout.ending = ending
        if not opts["no_serve"]:
            call_command("serve", port=opts["port"])

    def _build(self, console: Console, opts: dict[str, Any]) -> BuildResult:
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed:,.0f}/{task.total:,.0f}"),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=False) as bar:
            tasks: dict[str, TaskID] = {}

            def progress(task: str, done: int, total: int) -> None:
                if task not in tasks:
                    tasks[task] = bar.add_task(task, total=max(total, 1))
                bar.advance(tasks[task], done)

            return ensure_demo(
                opts["seed"], opts["size"], rebuild=opts["rebuild"], progress=progress
            )

    def _summary(
        self, console: Console, result: BuildResult, opts: dict[str, Any]
    ) -> None:
        state = result.state
        if result.reused:
            note = ""
            if (state.seed, state.size) != (opts["seed"], opts["size"]):
                note = "（与本次参数不同；如需按新参数重建请加 --rebuild）"
            console.print(
                f"已有示例区（规模 {state.size}，种子 {state.seed}），直接使用{note}。"
            )
        else:
            console.print(
                f"示例区已构建：规模 {state.size}，种子 {state.seed}，"
                f"用时 {result.seconds:.1f} 秒。"
            )
            for name, count in result.counts.items():
                console.print(f"  {_LABELS.get(name, name)}：{count:,}")
        figures = Table(title="校准检查（由示例数据汇总）")
        for column in (
            "指标",
            "口径",
            "汇总值（亿元）",
            "同口径增速",
            "公布值",
            "一致",
        ):
            figures.add_column(column)
        profile = PROFILES.get(state.size)
        for f in demo_figures(profile.scale if profile else 1):
            p = f.published
            figures.add_row(
                p.indicator,
                p.scope,
                str(f.value),
                f"{f.growth_pct}%",
                f"{p.value}亿元 {p.growth_pct}%",
                "是" if f.matches else "否",
            )
        console.print(figures)
        accounts = Table(title=f"示例账号（密码均为 {PASSWORD}）")
        for column in ("用户名", "密码", "角色", "可见范围"):
            accounts.add_column(column)
        for a in ACCOUNTS:
            accounts.add_row(a.username, PASSWORD, a.full_name, a.sees)
        console.print(accounts)
