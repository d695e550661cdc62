"""Time ``econwatch import`` as whole processes, against loading the same rows plainly.

For each backend (SQLite file, PostgreSQL): a template database is migrated and
given the register of ``fixture.py`` (2,700 enterprises) once; every round then
starts from a fresh copy of it (SQLite: the file copied into a new folder;
PostgreSQL: ``econwatch_bench_imports`` dropped and recreated from the template)
and runs, one after another, the peer and the imports of each file (``STEPS``):
first load, the same file again, the bad file (rejected completely; the time runs
until the full problem report is written). The peer (``peer.py``) loads the same
file into an equivalent plain table without any validation: psql ``\\copy`` on
PostgreSQL, a Python process with ``executemany`` on SQLite. Interleaving puts
background load on both alike; the ratio to the peer is what to read.

Every run is timed from process start to exit; CPU time (user + system of the
process, not of the database server) comes from ``wait4``, peak RSS of the process
tree is sampled every 20 ms with psutil. One warm-up (the monthly file's steps
and every data file read once) precedes ``--repeat`` measured rounds. After the
rounds, the first load of each file is profiled once (``profile_import.py``).

Usage:
    .venv/bin/python benchmarks/imports/run.py --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PY = sys.executable
ECONWATCH = str(Path(PY).parent / "econwatch")
PG_DATABASE = "econwatch_bench_imports"
PG_TEMPLATE = f"{PG_DATABASE}_template"
PEER = "peer (plain table, no checks)"


@dataclass(frozen=True)
class Step:
    """One process of a round.

    Attributes:
        file: The data file (in ``--data``).
        case: What is measured (``PEER`` for the peer).
        args: More arguments for ``econwatch import``.
        exit: The exit status expected (1: the file is rejected).
    """

    file: str
    case: str
    args: tuple[str, ...] = ()
    exit: int = 0

    @property
    def label(self) -> str:
        return f"{self.file} · {self.case}"

    @property
    def slug(self) -> str:
        """The label as a file name."""
        return f"{self.file}-{self.case.split()[0]}"

    @property
    def kind(self) -> str:
        return "monthly" if self.file.startswith("monthly") else "invoices"

    @property
    def peer_file(self) -> str:
        """The file whose peer this step is compared with."""
        return "invoices.xlsx" if self.file.endswith(".xlsx") else f"{self.kind}.csv"


FIRST, AGAIN, BAD = "first load", "same file again", "bad file (1 % bad rows)"
REVISED = "revised file (every value changed)"
STEPS = [
    Step("invoices.csv", PEER),
    Step("invoices.csv", FIRST),
    Step("invoices.csv", AGAIN),
    Step("invoices-bad.csv", BAD, exit=1),
    Step("invoices-revised.csv", REVISED),
    Step("monthly.csv", PEER),
    Step("monthly.csv", FIRST, ("--vintage", "2025-01")),
    Step("monthly.csv", AGAIN, ("--vintage", "2025-01")),
    Step("monthly-bad.csv", BAD, ("--vintage", "2025-03"), exit=1),
    Step("monthly-revised.csv", REVISED, ("--vintage", "2025-02")),
    Step("invoices.xlsx", PEER),
    Step("invoices.xlsx", FIRST),
]
ROWS = {
    "invoices": "988,200 rows (2,700 enterprises × 366 days of 2024), CSV",
    "monthly": "29,700 rows (2,700 enterprises × 11 periods of 2024), CSV",
    "xlsx": "99,900 rows (2,700 enterprises × 37 days of 2023), .xlsx",
}


@dataclass
class Run:
    """One measured process."""

    seconds: float
    cpu: float
    peak_rss: int
    exit: int


def measure(command: list[str], env: dict[str, str], log: Path, timeout: float) -> Run:
    """Run one process to its end; wall time, CPU time, peak RSS of its tree."""
    started = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    parent = psutil.Process(proc.pid)
    peak = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        try:
            procs = [parent, *parent.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in procs))
        except psutil.Error:
            pass
        if time.perf_counter() - started > timeout:
            proc.kill()
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4
    return Run(seconds, usage.ru_utime + usage.ru_stime, peak, proc.returncode)


class Backend:
    """A database the benchmark runs on: its template, fresh copies, its peer."""

    name = ""

    def __init__(self, work: Path, env: dict[str, str]) -> None:
        self.work = work
        self.base_env = env

    def env(self) -> dict[str, str]:
        """The environment of ``econwatch`` for the current fresh database."""
        raise NotImplementedError

    def build_template(self, units: int) -> None:
        raise NotImplementedError

    def fresh(self) -> None:
        """Make the working database a copy of the template."""
        raise NotImplementedError

    def peer(self, path: Path) -> list[str]:
        raise NotImplementedError

    def query(self, sql: str) -> list[tuple[str, ...]]:
        raise NotImplementedError

    def drop(self) -> None:
        """Remove what the backend created (databases)."""

    def _setup(self, env: dict[str, str], units: int) -> None:
        subprocess.run([ECONWATCH, "migrate", "-v0"], env=env, check=True)
        subprocess.run(
            [PY, str(HERE / "fixture.py"), "--units", str(units)], env=env, check=True
        )

    def version(self) -> str:
        raise NotImplementedError


class SQLiteBackend(Backend):
    name = "sqlite"

    def _paths(self, folder: str) -> tuple[Path, dict[str, str]]:
        var = self.work / folder
        db = var / "econwatch.sqlite3"
        url = f"sqlite:///{db}"
        env = {**self.base_env, "ECONWATCH_VAR": str(var)}
        return db, {**env, "ECONWATCH_DATABASE_URL": url}

    def build_template(self, units: int) -> None:
        db, env = self._paths("sqlite-template")
        shutil.rmtree(db.parent, ignore_errors=True)
        db.parent.mkdir(parents=True)
        self._setup(env, units)
        con = sqlite3.connect(db)
        con.execute("ANALYZE")  # as `econwatch demo` leaves a database
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file
        con.close()

    def fresh(self) -> None:
        template, _ = self._paths("sqlite-template")
        db, _ = self._paths("sqlite")
        shutil.rmtree(db.parent, ignore_errors=True)
        db.parent.mkdir(parents=True)
        shutil.copyfile(template, db)

    def env(self) -> dict[str, str]:
        return self._paths("sqlite")[1]

    def peer(self, path: Path) -> list[str]:
        return [
            PY,
            str(HERE / "peer.py"),
            "sqlite",
            str(self._paths("sqlite")[0]),
            str(path),
        ]

    def query(self, sql: str) -> list[tuple[str, ...]]:
        con = sqlite3.connect(self._paths("sqlite")[0])
        try:
            return [tuple(str(v) for v in row) for row in con.execute(sql)]
        finally:
            con.close()

    def version(self) -> str:
        return f"SQLite {sqlite3.sqlite_version}"


class PostgresBackend(Backend):
    name = "postgresql"

    def __init__(self, work: Path, env: dict[str, str], server: str) -> None:
        super().__init__(work, env)
        self.server = server.rstrip("/")

    def url(self, database: str = PG_DATABASE) -> str:
        return f"{self.server}/{database}"

    def _admin(self, *statements: str) -> None:
        command = ["psql", self.url("postgres"), "-X", "-q", "-v", "ON_ERROR_STOP=1"]
        for statement in statements:
            command += ["-c", statement]
        subprocess.run(command, check=True, env=self.base_env)

    def build_template(self, units: int) -> None:
        self._admin(
            f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)",
            f"DROP DATABASE IF EXISTS {PG_TEMPLATE} WITH (FORCE)",
            f"CREATE DATABASE {PG_TEMPLATE}",
        )
        env = {
            **self.base_env,
            "ECONWATCH_VAR": str(self.work / "pg"),
            "ECONWATCH_DATABASE_URL": self.url(PG_TEMPLATE),
        }
        self._setup(env, units)
        # Statistics on the register, as autovacuum would have them by now.
        subprocess.run(
            ["psql", self.url(PG_TEMPLATE), "-X", "-q", "-c", "ANALYZE"],
            check=True,
            env=self.base_env,
        )

    def fresh(self) -> None:
        self._admin(
            f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)",
            f"CREATE DATABASE {PG_DATABASE} TEMPLATE {PG_TEMPLATE}",
        )

    def env(self) -> dict[str, str]:
        return {
            **self.base_env,
            "ECONWATCH_VAR": str(self.work / "pg"),
            "ECONWATCH_DATABASE_URL": self.url(),
        }

    def peer(self, path: Path) -> list[str]:
        from peer import create_sql, kind_of, psql_copy

        if path.suffix == ".xlsx":
            return [PY, str(HERE / "peer.py"), "postgresql", self.url(), str(path)]
        kind = kind_of(path)
        command = ["psql", self.url(), "-X", "-q", "-v", "ON_ERROR_STOP=1"]
        command.append("--single-transaction")
        for statement in [*create_sql(kind, "postgresql"), psql_copy(kind, path)]:
            command += ["-c", statement]
        return command

    def query(self, sql: str) -> list[tuple[str, ...]]:
        out = subprocess.run(
            ["psql", self.url(), "-X", "-At", "-F", "\t", "-c", sql],
            check=True,
            capture_output=True,
            text=True,
            env=self.base_env,
        ).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]

    def drop(self) -> None:
        self._admin(
            f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)",
            f"DROP DATABASE IF EXISTS {PG_TEMPLATE} WITH (FORCE)",
        )

    def version(self) -> str:
        out = subprocess.run(
            ["psql", self.url("postgres"), "-X", "-At", "-c", "SHOW server_version"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        return f"PostgreSQL {out}"


CHECKS = {
    "daily invoice rows": "SELECT count(*) FROM monitoring_dailyinvoice",
    "monthly reports, current": (
        "SELECT count(*) FROM monitoring_monthlyreport WHERE is_current"
    ),
    "monthly reports, all vintages": "SELECT count(*) FROM monitoring_monthlyreport",
    "import batches by status": (
        "SELECT status, count(*) FROM monitoring_importbatch GROUP BY status "
        "ORDER BY status"
    ),
    "open alerts": "SELECT count(*) FROM alerts_alert",
    "peer rows (last peer of each kind)": (
        "SELECT (SELECT count(*) FROM peer_invoices), "
        "(SELECT count(*) FROM peer_monthly)"
    ),
}


class Bench:
    """One run of the benchmark: every backend, every round, the profiles."""

    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        self.steps = [s for s in STEPS if args.revised or s.case != REVISED]
        self.logs = work / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)

    def errors_path(self, step: Step, backend: Backend) -> Path:
        """Where the problem report of a step is written."""
        return self.logs / f"{backend.name}-{step.slug}.errors.csv"

    def command(self, step: Step, backend: Backend) -> list[str]:
        path = self.args.data / step.file
        if step.case == PEER:
            return backend.peer(path)
        errors = str(self.errors_path(step, backend))
        return [
            ECONWATCH,
            "import",
            step.kind,
            str(path),
            "--errors",
            errors,
            *step.args,
        ]

    def run_step(self, step: Step, backend: Backend, tag: str) -> Run:
        log = self.logs / f"{backend.name}-{tag.replace(' ', '')}-{step.slug}.log"
        run = measure(
            self.command(step, backend), backend.env(), log, self.args.timeout
        )
        print(
            f"{backend.name:>10} {tag:>8} {step.label:<58} {run.seconds:7.1f} s "
            f"cpu {run.cpu:6.1f} s {run.peak_rss / 2**20:6,.0f} MB exit {run.exit}",
            flush=True,
        )
        if run.exit != step.exit:
            tail = log.read_text(errors="replace")[-3000:]
            raise SystemExit(
                f"{step.label}: exit {run.exit}, expected {step.exit}\n{tail}"
            )
        return run

    def warm_up(self, backend: Backend) -> None:
        """Read every data file once; run the monthly peer and first load once."""
        for step in self.steps:
            with (self.args.data / step.file).open("rb") as stream:
                while stream.read(1 << 24):
                    pass
        backend.fresh()
        for step in self.steps:
            if step.kind == "monthly" and step.case in (PEER, FIRST):
                self.run_step(step, backend, "warm-up")

    def checks(self, backend: Backend) -> dict[str, object]:
        found: dict[str, object] = {
            name: backend.query(sql) for name, sql in CHECKS.items()
        }
        for step in self.steps:
            if step.exit:
                path = self.errors_path(step, backend)
                lines = path.read_text(encoding="utf-8-sig").splitlines()
                rows = {line.split(",", 1)[0] for line in lines[1:]}
                found[f"problem report of {step.file}"] = {
                    "problems": len(lines) - 1,
                    "rows": len(rows),
                }
        return found

    def backend(self, backend: Backend) -> dict[str, object]:
        started = time.perf_counter()
        backend.build_template(self.args.units)
        setup = time.perf_counter() - started
        self.warm_up(backend)
        runs: dict[str, list[Run]] = {s.label: [] for s in self.steps}
        checks = []
        for round_ in range(1, self.args.repeat + 1):
            backend.fresh()
            for step in self.steps:
                runs[step.label].append(self.run_step(step, backend, f"round {round_}"))
            checks.append(self.checks(backend))
        result: dict[str, object] = {
            "version": backend.version(),
            "setup_s": setup,
            "steps": summarise(self.steps, runs),
            "checks": checks,
        }
        if not self.args.no_profile:
            result["profiles"] = self.profiles(backend)
        return result

    def profiles(self, backend: Backend) -> dict[str, object]:
        """One profiled first load per file, each on a fresh database."""
        out = {}
        for step in self.steps:
            if step.case != FIRST:
                continue
            backend.fresh()
            report = self.logs / f"profile-{backend.name}-{step.file}.json"
            command = [PY, str(HERE / "profile_import.py"), step.kind]
            command += [str(self.args.data / step.file), "--out", str(report)]
            log = self.logs / f"profile-{backend.name}-{step.file}.log"
            run = measure([*command, *step.args], backend.env(), log, self.args.timeout)
            print(f"{backend.name:>10} profiled {step.label}: {run.seconds:.1f} s")
            out[step.file] = json.loads(report.read_text())
        return out


def summarise(steps: list[Step], runs: dict[str, list[Run]]) -> dict[str, dict]:
    """Median, min–max, CPU, peak RSS per step; econwatch's ratio to its peer."""
    out: dict[str, dict] = {}
    for step in steps:
        measured = runs[step.label]
        seconds = [r.seconds for r in measured]
        out[step.label] = {
            "file": step.file,
            "case": step.case,
            "runs_s": seconds,
            "median_s": statistics.median(seconds),
            "min_s": min(seconds),
            "max_s": max(seconds),
            "cpu_median_s": statistics.median(r.cpu for r in measured),
            "peak_rss_mb": max(r.peak_rss for r in measured) / 2**20,
        }
    for step in steps:
        if step.case != PEER:
            peer = out[f"{step.peer_file} · {PEER}"]
            entry = out[step.label]
            entry["ratio_to_peer"] = entry["median_s"] / peer["median_s"]
            ratios = [
                a / b for a, b in zip(entry["runs_s"], peer["runs_s"], strict=True)
            ]
            entry["ratio_min"], entry["ratio_max"] = min(ratios), max(ratios)
    return out


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


#: The code an import runs; the run records whether it differs from the commit.
IMPORT_CODE = ("src/econwatch/monitoring", "src/econwatch/core", "src/econwatch/alerts")


def git(*args: str) -> str:
    out = subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True
    )
    return out.stdout.strip()


def import_code_state() -> str:
    """``clean``, or the files of the import code changed since the commit."""
    changed = git("status", "--porcelain", "--", *IMPORT_CODE)
    return "clean" if not changed else " ".join(changed.split())


def environment() -> dict[str, str]:
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git("describe", "--always", "--dirty"),
        "import_code_at_start": import_code_state(),
        "python": platform.python_version(),
        "os": platform.platform(),
        "cpu": cpu_model(),
        "cores": str(os.cpu_count()),
        "ram_gb": f"{psutil.virtual_memory().total / 2**30:.0f}",
        "load_average_at_start": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        **{p: version(p) for p in ("Django", "psycopg", "openpyxl", "numpy", "psutil")},
    }


def markdown(result: dict) -> str:
    """The results as Markdown tables, one per backend and file."""
    env = result["environment"]
    lines = [
        f"Imports benchmark, {env['date']} (commit {env['commit']}), "
        f"{result['repeat']} measured rounds after a warm-up.",
        "",
    ]
    for name, backend in result["backends"].items():
        lines += [f"### {backend['version']}", ""]
        lines += [
            "| file · case (whole process) | median s | min–max s | CPU s "
            "| × peer (min–max) | peak RSS MB |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for label, s in backend["steps"].items():
            ratio = (
                f"**{s['ratio_to_peer']:.1f}×** "
                f"({s['ratio_min']:.1f}–{s['ratio_max']:.1f})"
                if "ratio_to_peer" in s
                else "1"
            )
            lines.append(
                f"| {label} | {s['median_s']:.1f} | {s['min_s']:.1f}–{s['max_s']:.1f} "
                f"| {s['cpu_median_s']:.1f} | {ratio} | {s['peak_rss_mb']:,.0f} |"
            )
        lines += [
            "",
            "Checks after the last round: "
            f"`{json.dumps(backend['checks'][-1], ensure_ascii=False)}`",
            "",
        ]
        for file, profile in backend.get("profiles", {}).items():
            lines += profile_lines(name, file, profile)
    lines.append("Environment: " + ", ".join(f"{k} {v}" for k, v in env.items()))
    return "\n".join(lines)


def profile_lines(backend: str, file: str, profile: dict) -> list[str]:
    total = profile["import_s"]
    lines = [
        f"Profile ({backend}, {file}, first load, under cProfile): start-up "
        f"{profile['startup_s']:.1f} s, import {total:.1f} s",
        "",
        "| phase | s | share |",
        "|---|---:|---:|",
    ]
    for phase, seconds in profile["phases_s"].items():
        if seconds >= 0.05:
            label = phase.replace("  ", "↳ ")
            lines.append(f"| {label} | {seconds:.1f} | {seconds / total:.0%} |")
    top_sql = list(profile["sql_s"].items())[:4]
    lines += [
        "",
        "Slowest SQL: "
        + "; ".join(f"`{k}` {v['seconds']:.1f} s ({v['calls']}×)" for k, v in top_sql),
        "",
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--backends",
        nargs="+",
        default=["sqlite", "postgresql"],
        choices=["sqlite", "postgresql"],
    )
    parser.add_argument(
        "--data", type=Path, default=Path("/tmp/econwatch-bench-imports")
    )
    parser.add_argument(
        "--work", type=Path, help="scratch folder (default: a temp dir)"
    )
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--units", type=int, default=2_700)
    parser.add_argument("--revised", action="store_true", help="also revised files")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    base_env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT / 'src'}:{HERE}",
        "ECONWATCH_SECRET_KEY": "benchmark",
    }
    subprocess.run(
        [
            PY,
            str(HERE / "generate.py"),
            "--out",
            str(args.data),
            "--units",
            str(args.units),
        ],
        check=True,
        env=base_env,
    )
    work = args.work or Path(tempfile.mkdtemp(prefix="econwatch-bench-imports-"))
    bench = Bench(args, work)
    env = environment()
    started = time.perf_counter()
    backends: dict[str, Callable[[], Backend]] = {
        "sqlite": lambda: SQLiteBackend(work, base_env),
        "postgresql": lambda: PostgresBackend(work, base_env, args.pg),
    }
    results = {}
    for name in args.backends:
        backend = backends[name]()
        try:
            results[name] = bench.backend(backend)
        finally:
            backend.drop()
    env["import_code_at_end"] = import_code_state()
    env["load_average_at_end"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    env["total_minutes"] = f"{(time.perf_counter() - started) / 60:.0f}"
    result = {
        "environment": env,
        "repeat": args.repeat,
        "units": args.units,
        "rows": ROWS,
        "backends": results,
    }
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / f"{stamp}.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False)
    )
    table = markdown(result)
    (HERE / "results" / f"{stamp}.md").write_text(table + "\n", encoding="utf-8")
    print(table)
    print(f"scratch files (logs, problem reports): {work}")


if __name__ == "__main__":
    main()
