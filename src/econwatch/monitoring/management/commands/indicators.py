"""econwatch indicators: the month's indicator set for a scope.

Example:
    econwatch indicators --period 2023-12 --scope 全区
    econwatch indicators --period 2023-12 --scope 武进国家高新区 --by cluster:95X
    econwatch indicators --period 2024-12 --warehouse /data/province --engine spark
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from econwatch.core.engine.connections import EngineError
from econwatch.monitoring.indicators import DATABASE, IndicatorError, RowSource, compute
from econwatch.monitoring.warehouse import Warehouse, WarehouseError


class Command(BaseCommand):
    help = (
        "计算某月某口径的规上工业指标（同口径增速）。"
        "例：econwatch indicators --period 2023-12 --scope 全区 --by town"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period", required=True, help="报告期 YYYY-MM，如 2023-12"
        )
        parser.add_argument("--scope", default="全区", help="统计口径名称，如 全区")
        parser.add_argument(
            "--by",
            help="分组：town、division、size、ownership、cluster:体系代码、tag:标签代码",
        )
        parser.add_argument(
            "--of", default="output_ytd", help="分组所用指标代码（默认 output_ytd）"
        )
        parser.add_argument(
            "--format", choices=["table", "csv", "json"], default="table"
        )
        parser.add_argument(
            "--warehouse",
            type=Path,
            help="不读本系统数据库，改读 econwatch warehouse 导出的 Parquet 目录",
        )
        parser.add_argument(
            "--engine",
            choices=["duckdb", "spark"],
            default="duckdb",
            help="读取 --warehouse 所用引擎（默认 duckdb；省级、全国用 spark）",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        source: RowSource = DATABASE
        try:
            if opts["warehouse"] is not None:
                source = Warehouse.open(opts["warehouse"], opts["engine"])
            data = compute(
                opts["period"],
                opts["scope"],
                by=opts["by"],
                breakdown_of=opts["of"],
                source=source,
            )
        except IndicatorError as exc:
            raise CommandError(exc.message) from exc
        except (WarehouseError, EngineError) as exc:
            raise CommandError(str(exc)) from exc
        finally:
            if isinstance(source, Warehouse):
                source.close()
        if opts["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        elif opts["format"] == "csv":
            self.stdout.write(_csv(data))
        else:
            _table(data, Console(file=self.stdout, width=120))


def _csv(data: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["口径", "报告期", "指标", "本期", "上年同期", "增速(%)", "企业数"])
    for i in data["indicators"]:
        writer.writerow(
            [
                data["scope"]["name"],
                data["period"]["ytd_label"],
                i["name"],
                i["value_text"],
                i["base"],
                i["growth_text"],
                i["enterprises"],
            ]
        )
    if "breakdown" in data:
        b = data["breakdown"]
        writer.writerow([])
        writer.writerow(
            [b["label"], "本期", "增速", "贡献率", "拉动(个百分点)", "企业数"]
        )
        for g in b["groups"]:
            writer.writerow(
                [
                    g["name"],
                    g["value_text"],
                    g["growth_text"],
                    g["share_text"],
                    g["pull_text"],
                    g["enterprises"],
                ]
            )
    return out.getvalue()


def _table(data: dict[str, Any], console: Console) -> None:
    title = f"{data['scope']['name']} · {data['period']['ytd_label']}"
    table = Table(title=title)
    for col in ("指标", "本期", "增速", "净增", "企业数", "增长面"):
        table.add_column(col, justify="left" if col == "指标" else "right")
    for i in data["indicators"]:
        breadth = i["breadth_pct"]
        table.add_row(
            i["name"],
            i["value_text"],
            i["growth_text"],
            i["increment_text"],
            str(i["enterprises"]),
            f"{float(breadth):.1f}%" if breadth is not None else "—",
        )
    console.print(table)
    if note := data.get("scope_change"):
        console.print(f"口径说明：{note['text']}")
    if "breakdown" in data:
        b = data["breakdown"]
        t = Table(title=f"按{b['label']}（{b['indicator']}）")
        for col in ("名称", "本期", "增速", "占比", "贡献率", "拉动", "企业数", "位次"):
            t.add_column(col, justify="left" if col == "名称" else "right")
        for g in b["groups"]:
            t.add_row(
                g["name"],
                g["value_text"],
                g["growth_text"],
                g["proportion_text"],
                g["share_text"],
                g["pull_text"],
                str(g["enterprises"]),
                f"{g['rank']}{'（并列）' if g['rank_tied'] else ''}",
            )
        console.print(t)
