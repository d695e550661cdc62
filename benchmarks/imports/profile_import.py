"""Profile one ``econwatch import``: where does the time go?

Runs the management command in this process under cProfile and times every SQL
statement through a Django execute wrapper, then writes a JSON breakdown by phase
(reading, value parsing, enterprise lookup, rule checks, duplicates, writing,
hooks, bookkeeping) and the SQL by statement class. cProfile adds overhead to
every Python call, so the Python phases come out slower than in a plain run; read
the shares, not the seconds. ``COPY`` into the staging table goes through the raw
driver cursor and is counted in the phase "stage rows", not in the SQL list.

Usage (the database from the environment, as for ``econwatch``):
    python benchmarks/imports/profile_import.py monthly FILE --out p.json --vintage V
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import re
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

STARTED = time.perf_counter()

#: Phases: (label, [(module path suffix, function name)…]); cumulative times.
PHASES: list[tuple[str, list[tuple[str, str]]]] = [
    ("read and check the whole file", [("imports/runner.py", "_validate")]),
    (
        "  parse rows (CSV reader / openpyxl)",
        [
            ("imports/source.py", "_csv_rows"),
            ("imports/source.py", "_xlsx_rows"),
            ("imports/source.py", "detect_encoding"),
            ("imports/source.py", "_count_lines"),
        ],
    ),
    (
        "  parse values (numbers, days, periods)",
        [
            ("imports/values.py", "parse_amount"),
            ("imports/values.py", "parse_day"),
            ("imports/values.py", "parse_integer"),
            ("imports/values.py", "parse_month"),
        ],
    ),
    (
        "  find enterprises (register lookup)",
        [
            ("imports/enterprises.py", "__init__"),
            ("imports/enterprises.py", "resolve"),
        ],
    ),
    ("  record rule checks (monthly.yaml)", [("imports/monthly.py", "_check")]),
    ("  duplicate rows", [("imports/daily.py", "_duplicates")]),
    ("  collect problems", [("imports/problems.py", "add")]),
    (
        "write (one transaction)",
        [
            ("imports/daily.py", "store"),
            ("imports/monthly.py", "store"),
        ],
    ),
    ("  stage rows (COPY / executemany)", [("imports/staging.py", "_load")]),
    (
        "commits (PostgreSQL runs the deferred foreign-key checks here)",
        [("db/backends/base/base.py", "commit")],
    ),
    ("after-import hooks", [("imports/hooks.py", "after_import")]),
    ("  monthly roll-up refresh", [("monitoring/rollup.py", "after_import")]),
    ("  alert evaluation", [("alerts/hooks.py", "after_import")]),
    (
        "problem report (terminal table + CSV)",
        [
            ("imports/report.py", "write_report"),
            ("imports/report.py", "problems_table"),
        ],
    ),
    (
        "batch bookkeeping (hash, status, problems JSON)",
        [
            ("imports/source.py", "sha256_of"),
            ("imports/runner.py", "_finish"),
        ],
    ),
]
_TABLE = re.compile(r'\b(?:INTO|FROM|UPDATE|TABLE(?: IF EXISTS)?)\s+"?(\w+)"?', re.I)


def sql_class(sql: str) -> str:
    """A statement's verb and first table, e.g. ``INSERT monitoring_dailyinvoice``."""
    verb = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else "?"
    if verb == "INSERT" and "ON CONFLICT" in sql.upper():
        verb = "UPSERT"
    found = _TABLE.search(sql)
    return f"{verb} {found.group(1) if found else ''}".strip()


def timed_sql() -> tuple[dict[str, list[float]], Callable[..., Any]]:
    """A Django execute wrapper and the totals it fills: class → [seconds, calls]."""
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])

    def wrapper(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, ctx: Any
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, ctx)
        finally:
            entry = totals[sql_class(sql)]
            entry[0] += time.perf_counter() - started
            entry[1] += 1

    return totals, wrapper


def phase_times(stats: pstats.Stats) -> dict[str, float]:
    """Cumulative seconds of each phase's functions (from cProfile)."""
    table = stats.stats  # type: ignore[attr-defined]
    out = {}
    for label, functions in PHASES:
        total = 0.0
        for (path, _line, name), (_cc, _nc, _tt, ct, _callers) in table.items():
            if any(path.endswith(s) and name == f for s, f in functions):
                total += ct
        out[label] = total
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("kind")
    parser.add_argument("file", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--pstats", type=Path, help="also keep the raw profile")
    args, extra = parser.parse_known_args()  # the rest goes to the command
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "econwatch.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.db import connection

    ready = time.perf_counter()
    totals, wrapper = timed_sql()
    profile = cProfile.Profile()
    errors = args.out.with_suffix(".errors.csv")
    command = ["import", args.kind, str(args.file), "--errors", str(errors)]
    with open(os.devnull, "w") as sink, connection.execute_wrapper(wrapper):
        try:
            profile.runcall(call_command, *command, *extra, stdout=sink)
            status = "ok"
        except CommandError:
            status = "rejected"
    finished = time.perf_counter()
    if args.pstats:
        profile.dump_stats(args.pstats)
    stats = pstats.Stats(profile)
    sql = sorted(totals.items(), key=lambda kv: -kv[1][0])
    result = {
        "kind": args.kind,
        "file": args.file.name,
        "status": status,
        "vendor": connection.vendor,
        "startup_s": ready - STARTED,
        "import_s": finished - ready,
        "phases_s": phase_times(stats),
        "sql_s": {k: {"seconds": v[0], "calls": int(v[1])} for k, v in sql},
        "top_functions": top_functions(stats, 15),
    }
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False))


def top_functions(stats: pstats.Stats, n: int) -> list[dict[str, object]]:
    """The functions with the most time of their own (tottime)."""
    rows = sorted(
        stats.stats.items(),  # type: ignore[attr-defined]
        key=lambda kv: -kv[1][2],
    )[:n]
    root = str(Path(__file__).resolve().parents[2])
    return [
        {
            "function": f"{path.replace(root + '/', '')}:{line}({name})",
            "calls": nc,
            "own_s": round(tt, 3),
            "cumulative_s": round(ct, 3),
        }
        for (path, line, name), (_cc, nc, tt, ct, _callers) in rows
    ]


if __name__ == "__main__":
    main()
