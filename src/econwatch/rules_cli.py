"""``econwatch rules check|lint``: a thin shell over ``econwatch.core.rules``.

Exit codes: 0 fine; 1 ``--fail-on`` found a failing rule of that severity (or
``lint`` found errors); 2 unusable input (rule file, data, engine).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from econwatch.core.engine.connections import EngineError
from econwatch.core.rules import (
    Level,
    Problem,
    ProblemsError,
    RuleSetError,
    Severity,
    ValidationReport,
    check_table,
    lint,
    load_ruleset,
)
from econwatch.core.rules.batch import Progress as ProgressCallback

CHECK_HELP = """\
Check every record of DATA with every rule of RULES.yaml; print the per-rule
summary and write the fails and NAs as (key, rule_id, outcome) rows.

Example:
  econwatch rules check rules/legal_unit.yaml units.parquet --prev units_2022.parquet \\
      --out issues.parquet --fail-on error
  econwatch rules check rules/legal_unit.yaml table:register_unit --engine sqlite
"""

LINT_HELP = """\
Check a rule file without data: syntax, names, types, code lists, regexes.

Example:
  econwatch rules lint rules/legal_unit.yaml
"""

_PHASES = {
    "loading": "读取数据 loading",
    "grouping": "分组统计 grouping",
    "counting": "统计记录数 counting",
    "checking": "审核中 checking",
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``econwatch rules`` (also used for the docs)."""
    parser = argparse.ArgumentParser(
        prog="econwatch rules",
        description="Validation rules (审核规则) for census and monitoring data.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser(
        "check",
        help="check a dataset",
        description=CHECK_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("rules", type=Path, help="the rule file (YAML)")
    check.add_argument("data", help="CSV, Parquet or Excel file, or table:NAME")
    check.add_argument("--prev", help="reference data (e.g. last year), same forms")
    check.add_argument(
        "--engine",
        choices=["duckdb", "sqlite", "postgres", "spark"],
        help="default: duckdb for files, the database's engine for table:NAME",
    )
    check.add_argument(
        "--db", help="database URL for table:NAME (default: ECONWATCH_DATABASE_URL)"
    )
    check.add_argument("--out", type=Path, help="write fails and NAs (.parquet/.csv)")
    check.add_argument(
        "--fail-on",
        choices=[s.value for s in Severity],
        help="exit 1 if a rule of this severity or worse fails",
    )
    check.add_argument("--threads", type=int, help="threads for DuckDB/Spark")
    check.add_argument("--show-sql", action="store_true", help="print the SQL run")
    check.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="tracebacks"
    )

    lint_cmd = commands.add_parser(
        "lint",
        help="check a rule file without data",
        description=LINT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    lint_cmd.add_argument("rules", type=Path, help="the rule file (YAML)")
    lint_cmd.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="tracebacks"
    )
    return parser


def print_problems(console: Console, problems: Sequence[Problem], title: str) -> None:
    """Print problems one per line: mark, code, where, what, and what to do."""
    console.print(f"[bold]{title}[/]")
    for p in problems:
        mark = "[red]✗[/]" if p.level is Level.ERROR else "[yellow]![/]"
        where = f" {p.where}:" if p.where else ""
        hint = f"\n    → {p.hint}" if p.hint else ""
        console.print(
            f"{mark} [bold]{p.code}[/]{where} {p.message}{hint}", highlight=False
        )


def print_report(console: Console, report: ValidationReport) -> None:
    """Print the per-rule and per-severity summary."""
    table = Table(
        title=f"{report.ruleset}: {report.checked:,} 条记录 records, "
        f"{report.engine}, {report.seconds:.1f} s",
        title_justify="left",
    )
    for column, justify in (
        ("规则 rule", "left"),
        ("名称 name", "left"),
        ("级别 severity", "left"),
        ("检查 checked", "right"),
        ("通过 pass", "right"),
        ("不通过 fail", "right"),
        ("无法判断 NA", "right"),
    ):
        table.add_column(column, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for r in report.rules:
        failed = f"[red]{r.failed:,}[/]" if r.failed else "0"
        table.add_row(
            r.rule_id,
            r.name,
            r.severity.label,
            f"{r.checked:,}",
            f"{r.passed:,}",
            failed,
            f"{r.na:,}",
        )
    console.print(table)
    totals = Table(title="按级别 by severity", title_justify="left")
    for column in ("级别", "规则数 rules", "未通过规则 failing", "不通过 fail", "NA"):
        totals.add_column(column, justify="right")
    for s in report.severities:
        totals.add_row(
            f"{s.severity.label} ({s.severity.value})",
            str(s.rules),
            str(s.failing_rules),
            f"{s.failed:,}",
            f"{s.na:,}",
        )
    console.print(totals)
    if report.output:
        console.print(f"不通过和 NA 明细 issues written to {report.output}")


@contextmanager
def _progress(console: Console) -> Iterator[ProgressCallback]:
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.fields[rows]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("", total=None, rows="")

        def update(phase: str, rows: int | None) -> None:
            shown = f"{rows:,} 条明细 issue rows" if rows else ""
            bar.update(task, description=_PHASES.get(phase, phase), rows=shown)

        yield update


def _default_engine(args: argparse.Namespace, db: str | None) -> str:
    if args.engine:
        return "pyspark" if args.engine == "spark" else str(args.engine)
    sources = [args.data, args.prev or ""]
    if any(s.startswith("table:") for s in sources) and db:
        return "postgres" if db.startswith("postgres") else "sqlite"
    return "duckdb"


def _database(args: argparse.Namespace) -> str | None:
    if args.db:
        return str(args.db)
    needs_db = args.engine == "postgres" or any(
        (s or "").startswith("table:") for s in (args.data, args.prev)
    )
    if not needs_db:
        return None
    from econwatch.config import database_url

    return database_url()


def run_check(args: argparse.Namespace, console: Console) -> int:
    """``econwatch rules check``."""
    ruleset = load_ruleset(args.rules)
    db = _database(args)
    engine = _default_engine(args, db)
    with _progress(console) as progress:
        report = check_table(
            ruleset,
            args.data,
            args.prev,
            engine=engine,
            db=db,
            out=args.out,
            threads=args.threads,
            progress=progress,
            keep_sql=args.show_sql,
        )
    print_report(console, report)
    if report.warnings:
        print_problems(console, report.warnings, "提示 warnings")
    if args.show_sql:
        console.print(report.sql, markup=False, highlight=False)
    if args.fail_on:
        failing = report.failing(Severity(args.fail_on))
        if failing:
            console.print(
                f"[red]{len(failing)} 条规则未通过 rule(s) failed at severity "
                f"{args.fail_on} or worse: {', '.join(r.rule_id for r in failing)}[/]"
            )
            return 1
    return 0


def run_lint(args: argparse.Namespace, console: Console) -> int:
    """``econwatch rules lint``."""
    try:
        ruleset = load_ruleset(args.rules)
    except RuleSetError as exc:
        if any(p.code == "unreadable-file" for p in exc.problems):
            raise
        print_problems(console, exc.problems, f"{args.rules}")
        return 1
    problems = lint(ruleset)
    if problems:
        print_problems(console, problems, f"{args.rules}")
    errors = [p for p in problems if p.level is Level.ERROR]
    console.print(
        f"{args.rules}: {len(ruleset.rules)} 条规则 rules, {len(errors)} error(s), "
        f"{len(problems) - len(errors)} warning(s)"
    )
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    """Run ``econwatch rules`` with ``argv`` (without the program name)."""
    args = build_parser().parse_args(argv)
    # Piped output (a log, a CI job) is not wrapped at 80 columns.
    console = Console(width=None if sys.stdout.isatty() else 160)
    errors = Console(stderr=True, width=None if sys.stderr.isatty() else 160)
    try:
        if args.command == "lint":
            return run_lint(args, console)
        return run_check(args, console)
    except ProblemsError as exc:
        title = "规则文件有误 the rule file has problems"
        if exc.__class__.__name__ == "DataError":
            title = "数据无法审核 the data cannot be checked"
        print_problems(errors, exc.problems, title)
        if args.debug:
            raise
        return 2
    except EngineError as exc:
        errors.print(f"[red]引擎不可用 engine unavailable:[/] {exc}")
        if args.debug:
            raise
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
