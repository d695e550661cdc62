"""econwatch warehouse: export the tables the indicators read, as Parquet.

Example:
    econwatch warehouse /data/exports/wujin-2024-12
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from econwatch.monitoring.warehouse import export


class Command(BaseCommand):
    help = (
        "把计算指标所需的数据表导出为 Parquet（供 DuckDB、Spark 在省级、全国汇总计算；"
        "不含经营者姓名、身份证、电话）。例：econwatch warehouse /data/exports/wujin"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="导出目录（不存在则新建）")

    def handle(self, *args: Any, **opts: Any) -> None:
        folder: Path = opts["folder"]
        written = export(folder)
        for table, rows in written.items():
            self.stdout.write(f"{table}\t{rows:,} 行")
        self.stdout.write(f"已导出 {len(written)} 张表到 {folder}")
