"""Monthly indicators and the cockpit over a province-sized panel (issue #4).

Builds the ``province`` demo (60,000 规上 enterprises a year, 2022–2024:
2.2 million monthly reports, 66 million daily rows per series) into its own
PostgreSQL database, exports the tables the indicators read to Parquet and
DuckDB, then times on PostgreSQL (through Django, as the platform runs):

* the full month's indicator set: ``compute("2024-12", "全区", by=...)`` for
  every breakdown of the cockpit and the CLI;
* the headline figure by ``compute`` against one hand-written SQL query
  (the peer), in the same run;
* the cockpit ``/monitoring/`` through Django's test client, logged in as an
  administrator: the first request after the page cache is cleared, and
  repeated requests;
* a profile of the slowest part (cProfile and the SQL statements with their
  times).

Every step records what it measured in ``<data>/steps/<step>.json``; each run
writes ``results/<timestamp>.json`` and ``.md`` from all steps recorded so far,
so the (long) build need not be repeated. Another backend is one more function
in :data:`BACKENDS` (measure the same things, return the same shape).

Example:
    .venv/bin/python benchmarks/province/run.py --steps build export postgres
    .venv/bin/python benchmarks/province/run.py --steps postgres --repeat 7
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import resource
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/econwatch_province"
DEFAULT_DATA = Path("/tmp/econwatch-province")
PERIOD = "2024-12"
SCOPE = "全区"
BREAKDOWNS = (None, "town", "division", "size", "ownership", "cluster:95x")
"""The month's indicator set: the scope's indicators, then each breakdown."""

sys.path.insert(0, str(HERE))


# --- set-up ---------------------------------------------------------------------


def setup(url: str, data: Path) -> None:
    """Point Django at the benchmark database (``ECONWATCH_VAR`` in ``data``)."""
    os.environ["ECONWATCH_DATABASE_URL"] = url
    os.environ["ECONWATCH_VAR"] = str(data / "var")
    os.environ["DJANGO_SETTINGS_MODULE"] = "econwatch.settings"
    (data / "var").mkdir(parents=True, exist_ok=True)
    import django

    django.setup()


def create_database(url: str) -> bool:
    """Create the (empty) PostgreSQL database of ``url`` unless it exists."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        found = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if found:
            return False
        conn.execute(f'CREATE DATABASE "{name}"')
    return True


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds ``action`` took, and what it returned."""
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


def summary(times: list[float]) -> dict[str, Any]:
    """Median, min and max of repeated timings (seconds), and the runs."""
    return {
        "median_s": statistics.median(times),
        "min_s": min(times),
        "max_s": max(times),
        "runs_s": times,
    }


def peak_rss_mb() -> float:
    """This process's peak resident memory so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- build ---------------------------------------------------------------------


def build(url: str, data: Path, seed: int, created: bool) -> dict[str, Any]:
    """``econwatch demo --size province --no-serve`` with its parts timed.

    The command is a thin shell over ``ensure_demo``; this calls it with a
    progress callback that notes when each part starts. Parts without a
    progress report of their own (ANALYZE) fall into the gap before the next.
    """
    from django.core.management import call_command

    from econwatch.demo.build import ensure_demo

    migrate_s, _ = timed(lambda: call_command("migrate", verbosity=0))
    starts: dict[str, float] = {}
    started = time.perf_counter()

    def progress(task: str, done: int, total: int) -> None:
        starts.setdefault(task, time.perf_counter() - started)

    result = ensure_demo(seed, "province", rebuild=not created, progress=progress)
    total = time.perf_counter() - started
    order = sorted(starts.items(), key=lambda kv: kv[1])
    # 生成示例数据 is reported when planning has finished: planning starts at 0.
    marks = [("生成示例数据", 0.0)] + [(t, s) for t, s in order if t != "生成示例数据"]
    ends = [s for _, s in marks[1:]] + [total]
    parts = {task: end - s for (task, s), end in zip(marks, ends, strict=True)}
    return {
        "seed": seed,
        "migrate_s": migrate_s,
        "total_s": total,
        "parts_s": parts,
        "rows": result.counts,
        "peak_rss_mb": peak_rss_mb(),
        "database_size": database_size(),
    }


def database_size() -> dict[str, str]:
    """Size on disk of the database and of its largest tables."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        out = {"database": cur.fetchone()[0]}
        cur.execute(
            "SELECT relname, pg_size_pretty(pg_total_relation_size(oid)) "
            "FROM pg_class WHERE relkind = 'r' AND relnamespace = "
            "'public'::regnamespace ORDER BY pg_total_relation_size(oid) DESC "
            "LIMIT 5"
        )
        out.update(dict(cur.fetchall()))
    return out


# --- export --------------------------------------------------------------------


def export(url: str, data: Path) -> dict[str, Any]:
    """The tables ``compute`` reads, to Parquet and to one DuckDB file."""
    from export import export_tables

    seconds, written = timed(lambda: export_tables(url, data / "parquet"))
    return {
        "folder": str(data / "parquet"),
        "duckdb": str(data / "province.duckdb"),
        "total_s": seconds,
        "tables": written,
    }


# --- measuring a backend ----------------------------------------------------------


def month_set() -> dict[str, Any]:
    """The full month's indicator set: the scope, then every breakdown."""
    from econwatch.monitoring.indicators import compute

    return {str(by): compute(PERIOD, SCOPE, by=by) for by in BREAKDOWNS}


def headline(found: dict[str, Any]) -> tuple[str, str]:
    """Σ 1—本月 output and its 上年同期, exact, from an indicator set."""
    output = next(i for i in found["indicators"] if i["code"] == "output_ytd")
    return output["value"], output["base"]


PEER_SQL = """
    SELECT SUM(r.output_ytd), SUM(r.output_ytd_base)
    FROM monitoring_monthlyreport r
    JOIN register_unit u ON u.id = r.unit_id
    WHERE r.period = %s AND r.is_current
      AND r.output_ytd IS NOT NULL AND r.output_ytd_base IS NOT NULL
      AND u.division_id IN (
          SELECT d.division_id FROM register_reportingscope_divisions d
          JOIN register_reportingscope s ON s.id = d.reportingscope_id
          WHERE s.name = %s)
"""
"""The peer: the headline figure (Σ output_ytd / Σ output_ytd_base of the
period's current reports in the scope) as one query written by hand."""


def peer() -> tuple[str, str]:
    """The headline sums by :data:`PEER_SQL`."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(PEER_SQL, [PERIOD, SCOPE])
        value, base = cur.fetchone()
    return str(value), str(base)


def repeat(action: Callable[[], Any], times: int) -> tuple[dict[str, Any], Any]:
    """One warm-up, then ``times`` timed runs."""
    action()
    runs, value = [], None
    for _ in range(times):
        seconds, value = timed(action)
        runs.append(seconds)
    return summary(runs), value


def measure_postgres(times: int, data: Path) -> dict[str, Any]:
    """Everything measured on PostgreSQL, through Django."""
    from econwatch.monitoring.indicators import compute

    out: dict[str, Any] = {"breakdowns": {}}
    for by in BREAKDOWNS:
        out["breakdowns"][str(by)], _ = repeat(
            lambda by=by: compute(PERIOD, SCOPE, by=by), times
        )
    out["month_set"], found = repeat(month_set, times)
    out["headline_compute"], _ = repeat(
        lambda: compute(PERIOD, SCOPE, codes=["output_ytd"]), times
    )
    out["headline_peer"], sums = repeat(peer, times)
    out["headline"] = {
        "compute": headline(found["None"]),
        "peer": sums,
        "equal": headline(found["None"]) == sums,
        "ratio": out["headline_compute"]["median_s"] / out["headline_peer"]["median_s"],
    }
    out["cockpit"] = cockpit(times)
    out["profile"] = profile(data)
    return out


def cockpit(times: int) -> dict[str, Any]:
    """``/monitoring/`` as an administrator: first request after the page cache
    is cleared (each run), and repeated requests."""
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.test import Client

    from econwatch.monitoring.pages import memo

    admin, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin)
    url = f"/monitoring/?period={PERIOD}"

    def get() -> int:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return len(response.content)

    def cold() -> int:
        cache.clear()
        memo.forget_fingerprint()
        return get()

    cold_runs = []
    for _ in range(times):
        seconds, size = timed(cold)
        cold_runs.append(seconds)
    warm, _ = repeat(get, times)
    json_warm, _ = repeat(lambda: client.get(url + "&format=json").status_code, times)
    return {
        "url": url,
        "first_after_cache_clear": summary(cold_runs),
        "repeated": warm,
        "repeated_json": json_warm,
        "html_bytes": size,
    }


def profile(data: Path) -> dict[str, Any]:
    """Where the cold cockpit and the month's set spend their time.

    cProfile's top functions by cumulative time, and every SQL statement with
    its time (Django's ``CaptureQueriesContext``), slowest first.
    """
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from econwatch.monitoring.pages import memo

    out: dict[str, Any] = {}
    from django.contrib.auth.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="bench-admin"))
    actions: dict[str, Callable[[], Any]] = {
        "month_set": month_set,
        "cockpit_cold": lambda: client.get(f"/monitoring/?period={PERIOD}"),
    }
    for name, action in actions.items():
        cache.clear()
        memo.forget_fingerprint()
        prof = cProfile.Profile()
        with CaptureQueriesContext(connection) as queries:
            prof.enable()
            action()
            prof.disable()
        text = io.StringIO()
        pstats.Stats(prof, stream=text).sort_stats("cumulative").print_stats(40)
        (data / f"profile-{name}.txt").write_text(text.getvalue())
        slow = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
        out[name] = {
            "queries": len(queries.captured_queries),
            "sql_s": sum(float(q["time"]) for q in queries.captured_queries),
            "slowest": [
                {"s": float(q["time"]), "sql": q["sql"][:600]} for q in slow[:8]
            ],
            "cprofile": str(data / f"profile-{name}.txt"),
        }
    return out


DUCKDB_PEER_SQL = PEER_SQL.replace("%s", "?")
"""The same hand-written query on DuckDB (the warehouse's views have the table
names)."""


def measure_duckdb(times: int, data: Path) -> dict[str, Any]:
    """The same indicator set from the exported Parquet files, on DuckDB.

    ``compute(..., source=Warehouse)`` runs the same arithmetic on rows DuckDB
    selects; the set must equal PostgreSQL's (compared once, here). The web
    cockpit runs on the platform's database only, so on DuckDB the cockpit's own
    indicator call (the cards by town) is timed instead.
    """
    from econwatch.monitoring.indicators import compute
    from econwatch.monitoring.pages.overview import CARD_CODES
    from econwatch.monitoring.warehouse import Warehouse

    opened, warehouse = timed(lambda: Warehouse.open(data / "parquet"))
    out: dict[str, Any] = {"breakdowns": {}, "open_s": opened}
    with warehouse:

        def duck_set() -> dict[str, Any]:
            return {
                str(by): compute(PERIOD, SCOPE, by=by, source=warehouse)
                for by in BREAKDOWNS
            }

        def duck_peer() -> tuple[str, str]:
            con = warehouse.engine.con.con
            value, base = con.execute(DUCKDB_PEER_SQL, [PERIOD, SCOPE]).fetchall()[0]
            return str(value), str(base)

        for by in BREAKDOWNS:
            out["breakdowns"][str(by)], _ = repeat(
                lambda by=by: compute(PERIOD, SCOPE, by=by, source=warehouse), times
            )
        out["month_set"], found = repeat(duck_set, times)
        out["headline_compute"], _ = repeat(
            lambda: compute(PERIOD, SCOPE, codes=["output_ytd"], source=warehouse),
            times,
        )
        out["headline_peer"], sums = repeat(duck_peer, times)
        out["cockpit_cards"], _ = repeat(
            lambda: compute(
                PERIOD, SCOPE, codes=list(CARD_CODES), by="town", source=warehouse
            ),
            times,
        )
    out["headline"] = {
        "compute": headline(found["None"]),
        "peer": sums,
        "equal": headline(found["None"]) == sums,
        "ratio": out["headline_compute"]["median_s"] / out["headline_peer"]["median_s"],
    }
    out["equal_to_postgres"] = found == month_set()
    return out


BACKENDS: dict[str, Callable[[int, Path], dict[str, Any]]] = {
    "postgres": measure_postgres,
    "duckdb": measure_duckdb,
}
"""Backends measured by name: each returns the same shape as
:func:`measure_postgres` (add one here to measure another engine)."""


# --- results -------------------------------------------------------------------


def environment(url: str) -> dict[str, str]:
    """The machine and the versions that produced the numbers."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        server = cur.fetchone()[0]
        settings = {}
        for name in ("shared_buffers", "work_mem", "max_wal_size"):
            cur.execute(f"SHOW {name}")
            settings[name] = cur.fetchone()[0]
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    packages = ["django", "psycopg", "numpy", "duckdb", "pyarrow", "ibis-framework"]
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "cpu": platform.processor() or platform.machine(),
        "cores": str(os.cpu_count()),
        "ram_gb": f"{memory / 2**30:.0f}",
        "load_average_at_start": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "postgresql": server,
        **{f"pg_{k}": v for k, v in settings.items()},
        **{p: version(p) for p in packages},
    }


def markdown(steps: dict[str, Any], env: dict[str, str]) -> str:
    """The results as the Markdown tables of docs/benchmarks.md."""
    lines: list[str] = []
    if "build" in steps:
        b = steps["build"]
        lines += [
            f"**Build** (`econwatch demo --size province --no-serve`): "
            f"{b['total_s']:.0f} s, peak RSS {b['peak_rss_mb']:,.0f} MB, "
            f"database {b['database_size']['database']}",
            "",
            "| part | s |",
            "|---|---:|",
            *(f"| {k} | {v:.1f} |" for k, v in b["parts_s"].items()),
            "",
            "| rows | count |",
            "|---|---:|",
            *(f"| {k} | {v:,} |" for k, v in b["rows"].items()),
            "",
        ]
    if "export" in steps:
        e = steps["export"]
        lines += [
            f"**Export** to Parquet and DuckDB: {e['total_s']:.0f} s "
            f"(`{e['folder']}`, `{e['duckdb']}`)",
            "",
        ]
    for name in BACKENDS:
        if name not in steps:
            continue
        m = steps[name]
        lines += [
            f'**{name}**: `compute("{PERIOD}", "{SCOPE}", by=...)` (measured '
            f"{m['environment']['date']}, load average "
            f"{m['environment']['load_average_at_start']})",
            "",
            "| what | median s | min–max s |",
            "|---|---:|---:|",
        ]
        rows = [(f"by={k}", v) for k, v in m["breakdowns"].items()]
        rows += [
            ("full month's set (all of the above)", m["month_set"]),
            ("headline by compute(codes=[output_ytd])", m["headline_compute"]),
            ("headline by hand-written SQL (peer)", m["headline_peer"]),
        ]
        if "cockpit" in m:
            rows += [
                (
                    "cockpit, first request after cache clear",
                    m["cockpit"]["first_after_cache_clear"],
                ),
                ("cockpit, repeated (HTML)", m["cockpit"]["repeated"]),
                ("cockpit, repeated (JSON)", m["cockpit"]["repeated_json"]),
            ]
        if "cockpit_cards" in m:
            rows.append(("the cockpit's cards by town", m["cockpit_cards"]))
        lines += [
            f"| {label} | {t['median_s']:.3f} | {t['min_s']:.3f}–{t['max_s']:.3f} |"
            for label, t in rows
        ]
        h = m["headline"]
        lines += [
            "",
            f"Headline equal (compute vs peer): {h['equal']}; "
            f"compute / peer = {h['ratio']:.1f}×",
            "",
        ]
        if "equal_to_postgres" in m:
            lines += [
                f"Whole month's set equal to PostgreSQL's: {m['equal_to_postgres']}",
                "",
            ]
    lines.append("Environment: " + ", ".join(f"{k} {v}" for k, v in env.items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the steps asked for and write the results of all recorded steps."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--steps",
        nargs="+",
        default=["build", "export", *BACKENDS],
        choices=["build", "export", *BACKENDS],
    )
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=320412)
    args = parser.parse_args(argv)
    folder = args.data / "steps"
    folder.mkdir(parents=True, exist_ok=True)
    created = "build" in args.steps and create_database(args.database_url)
    setup(args.database_url, args.data)
    env = environment(args.database_url)
    for step in args.steps:
        print(f"== {step}", flush=True)
        if step == "build":
            found = build(args.database_url, args.data, args.seed, created)
        elif step == "export":
            found = export(args.database_url, args.data)
        else:
            found = BACKENDS[step](args.repeat, args.data)
        found["environment"] = env
        (folder / f"{step}.json").write_text(
            json.dumps(found, indent=2, ensure_ascii=False, default=str)
        )
    steps = {p.stem: json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))}
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / f"{stamp}.json").write_text(
        json.dumps({"environment": env, "steps": steps}, indent=2, ensure_ascii=False)
        + "\n"
    )
    table = markdown(steps, env)
    (HERE / "results" / f"{stamp}.md").write_text(table + "\n", encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
