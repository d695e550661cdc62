"""The error report of an import: a CSV file for Excel and a table for the terminal."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from econwatch.monitoring.imports.problems import CODES, Problem

REPORT_HEADER = ("行号", "字段", "值", "代码", "级别", "说明")
_LEVEL = {"error": "错误", "warning": "核实"}


def default_report_path(path: str | Path) -> Path:
    """``<file>.errors.csv`` next to the imported file."""
    path = Path(path)
    return path.with_name(path.name + ".errors.csv")


def write_report(problems: Iterable[Problem], out: str | Path) -> Path:
    """Write the problems as a CSV that Excel opens directly (UTF-8 with BOM).

    Args:
        problems: The problems, in row order.
        out: The report file.

    Returns:
        The path written.
    """
    out = Path(out)
    with out.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(REPORT_HEADER)
        for item in problems:
            writer.writerow(
                (
                    "" if item.row is None else item.row,
                    item.field,
                    item.value,
                    item.code,
                    _LEVEL[item.severity],
                    item.message,
                )
            )
    return out


def read_report(path: str | Path) -> list[dict[str, str]]:
    """Read an error report back (for tests and for re-checking a fixed file)."""
    with Path(path).open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def problems_table(problems: list[Problem], *, limit: int | None = None) -> Any:
    """A rich table of the problems (errors red, warnings yellow).

    Args:
        problems: The problems to show.
        limit: Show at most this many rows (``None``: all); a last row says how
            many were left out.

    Returns:
        A :class:`rich.table.Table`.
    """
    from rich.table import Table

    table = Table(title="导入问题清单", show_lines=False, header_style="bold")
    for name in REPORT_HEADER:
        fixed = name in ("行号", "代码", "级别")
        table.add_column(
            name, overflow="fold", no_wrap=fixed, ratio=3 if name == "说明" else None
        )
    shown = problems if limit is None else problems[:limit]
    for item in shown:
        style = "red" if item.is_error else "yellow"
        table.add_row(
            "" if item.row is None else str(item.row),
            item.field,
            item.value,
            item.code,
            _LEVEL[item.severity],
            item.message,
            style=style,
        )
    if len(shown) < len(problems):
        table.add_row("…", "", "", "", "", f"另有{len(problems) - len(shown)}条未显示")
    return table


def counts_line(counts: dict[str, int]) -> str:
    """One line: how many problems of each code, errors first.

    Example:
        >>> counts_line({"growth-out-of-range": 2, "unknown-enterprise": 1})
        'unknown-enterprise（名录中没有该企业）1条；growth-out-of-range（增速超过±50%）2条'
    """
    ordered = sorted(
        Counter(counts).items(), key=lambda kv: (CODES[kv[0]][0] != "error", kv[0])
    )
    return "；".join(f"{code}（{CODES[code][1]}）{n}条" for code, n in ordered)
