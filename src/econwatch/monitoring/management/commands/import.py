"""``econwatch import KIND FILE``: import monitoring data from CSV or Excel.

A thin shell over :func:`econwatch.monitoring.imports.import_file`.
"""

from __future__ import annotations

from argparse import RawDescriptionHelpFormatter
from pathlib import Path
from typing import Any

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
)

from econwatch.monitoring.imports import (
    KINDS,
    RichProgress,
    default_report_path,
    default_template_path,
    import_file,
    problems_table,
    write_report,
    write_template,
)
from econwatch.monitoring.imports.report import counts_line
from econwatch.monitoring.models import ImportBatch

_KINDS_HELP = "；".join(f"{k} = {v.title}" for k, v in KINDS.items())


class _HelpFormatter(DjangoHelpFormatter, RawDescriptionHelpFormatter):
    """Keeps the line breaks of the description (the examples)."""


class Command(BaseCommand):
    """Import one file of monitoring data, all or nothing."""

    help = (
        "导入运行监测数据（CSV或.xlsx），整份文件先校验，有任何错误则什么都不写入。\n"
        f"类型：{_KINDS_HELP}。\n"
        "格式与各列说明见 docs/import-formats.md。\n\n"
        "Example:\n"
        "  econwatch import monthly 2024-03月报.xlsx --vintage 2024-04\n"
        "  econwatch import invoices 开票-2024-03.csv\n"
        "  econwatch import official --template 发布数模板.xlsx"
    )

    def create_parser(
        self, prog_name: str, subcommand: str, **kwargs: Any
    ) -> CommandParser:
        """Build the parser, keeping the examples' line breaks."""
        kwargs.setdefault("formatter_class", _HelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the arguments."""
        parser.add_argument("kind", choices=sorted(KINDS), help="数据类型")
        parser.add_argument("file", nargs="?", help="要导入的CSV或.xlsx文件")
        parser.add_argument(
            "--template",
            nargs="?",
            const="",
            metavar="OUT",
            help="写出空白模板（.xlsx或.csv，按扩展名），不导入；"
            "默认 econwatch-KIND-template.xlsx",
        )
        parser.add_argument("--vintage", help="报送批次（月报），默认为导入日期")
        parser.add_argument(
            "--replace-period",
            action="store_true",
            help="月报：文件中报告期内、文件里没有的企业的当前数据一并撤下",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="只检查不导入：完整检查并列出全部问题，不写入任何数据",
        )
        parser.add_argument(
            "--errors", metavar="OUT", help="问题清单CSV的路径，默认 <文件>.errors.csv"
        )
        parser.add_argument(
            "--user", help="记为哪个用户导入（用户名）；默认记为命令行的登录名"
        )
        parser.add_argument(
            "--show",
            type=int,
            default=200,
            metavar="N",
            help="终端里最多显示N条问题（0=全部）；完整清单总在CSV里",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Write a template, or import the file and report."""
        from rich.console import Console

        kind = options["kind"]
        if options["template"] is not None:
            out = options["template"] or default_template_path(kind)
            path = write_template(kind, out)
            self.stdout.write(f"已写出{KINDS[kind].title}模板：{path}")
            return
        if not options["file"]:
            raise CommandError("请给出要导入的文件，或用 --template 生成模板")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        user = self._user(options["user"])
        console = Console(stderr=True)
        progress = RichProgress(console) if console.is_terminal else None
        try:
            result = import_file(
                kind,
                path,
                user=user,
                vintage=options["vintage"],
                replace_period=options["replace_period"],
                check_only=options["check"],
                progress=progress,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        batch = result.batch
        out_console = Console(file=self.stdout, soft_wrap=False)
        if not out_console.is_terminal:  # a pipe or a log: do not squeeze to 80
            out_console.width = 160
        if result.problems:
            limit = options["show"] or None
            out_console.print(problems_table(result.problems, limit=limit))
            out_console.print(counts_line(batch.summary.get("problem_counts", {})))
            report = write_report(
                result.problems, options["errors"] or default_report_path(path)
            )
            out_console.print(f"问题清单已写入：{report}")
        checked = batch.status == ImportBatch.Status.CHECKED
        if not result.ok and not checked:
            raise CommandError(
                f"导入被拒绝（批次#{batch.pk}）：{batch.error_count}个错误，"
                "没有写入任何数据；请按问题清单改正后重新导入",
                returncode=1,
            )
        if checked:
            self.stdout.write(
                f"检查通过（批次#{batch.pk}，{batch.rows}行）：未写入任何数据；"
                "去掉 --check 即可导入"
            )
            return
        self.stdout.write(self._done(batch))

    @staticmethod
    def _user(name: str | None) -> Any:
        if not name:
            return None
        from django.contrib.auth import get_user_model

        model = get_user_model()
        try:
            return model.objects.get(**{model.USERNAME_FIELD: name})
        except model.DoesNotExist:
            raise CommandError(f"没有用户“{name}”") from None

    @staticmethod
    def _done(batch: Any) -> str:
        s = batch.summary
        parts = [f"导入完成（批次#{batch.pk}，{batch.rows}行）"]
        counts = [
            ("inserted", "新增"),
            ("revised", "更正（保留旧版本）"),
            ("updated", "更新"),
            ("unchanged", "未变"),
            ("withdrawn", "撤下"),
        ]
        parts.append("，".join(f"{label}{s[k]}" for k, label in counts if k in s))
        if s.get("periods"):
            parts.append("报告期 " + "、".join(s["periods"]))
        if s.get("first_day"):
            parts.append(f"日期 {s['first_day']} 至 {s['last_day']}")
        if batch.warning_count:
            parts.append(f"{batch.warning_count}条核实提示（不影响导入）")
        if s.get("same_file_as"):
            parts.append(f"同一文件此前已导入（批次#{s['same_file_as'][0]}）")
        return "；".join(parts)
