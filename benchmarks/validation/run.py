"""Run the validation benchmark: every tool as a whole process, same data, same rules.

For each size: one warm-up, then ``--repeat`` measured rounds; within a round the
tools run one after another, so background load hits all of them alike. Each run
is timed from process start to exit, and the peak RSS of its whole process tree is
sampled every 20 ms. After the measured runs the outputs are checked: every tool
must report the same fail counts per rule (and econwatch and the hand-tuned query
the same NA counts).

Usage:
    python benchmarks/validation/run.py --sizes 1000000 10000000 --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import duckdb
import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RULES = HERE / "rules.yaml"
RULE_COUNT = 50
PY = sys.executable


def commands(data: Path, prev: Path, out: Path) -> dict[str, list[str]]:
    """The tools, each one shell command producing its output in ``out``."""
    cli = [PY, "-m", "econwatch.rules_cli", "check", str(RULES), str(data)]
    tools = str(HERE / "tools")
    return {
        "econwatch (DuckDB), sparse Parquet": [
            *cli,
            "--prev",
            str(prev),
            "--out",
            str(out / "econwatch.parquet"),
        ],
        "econwatch (DuckDB), counts only": [*cli, "--prev", str(prev)],
        "hand-tuned DuckDB SQL, sparse Parquet": [
            PY,
            f"{tools}/handsql.py",
            str(data),
            str(prev),
            str(out / "handsql.parquet"),
        ],
        "hand-tuned DuckDB SQL, counts only": [
            PY,
            f"{tools}/handsql.py",
            str(data),
            str(prev),
            str(out / "handsql_counts.parquet"),
            "--count",
        ],
        "pandera-polars, documented (DataFrame checks)": [
            PY,
            f"{tools}/pandera_polars.py",
            str(data),
            str(prev),
            str(out / "pandera_documented.parquet"),
            "--form",
            "documented",
        ],
        "pandera-polars, column-attached checks": [
            PY,
            f"{tools}/pandera_polars.py",
            str(data),
            str(prev),
            str(out / "pandera_columns.parquet"),
            "--form",
            "columns",
        ],
    }


def measure(command: list[str], timeout: float) -> tuple[float, int, int]:
    """Run one process; return (seconds, peak RSS of the tree in bytes, exit code)."""
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}:{HERE / 'tools'}"}
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    parent = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            procs = [parent, *parent.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in procs))
        except psutil.Error:
            pass
        if time.perf_counter() - started > timeout:
            proc.kill()
            return float("inf"), peak, -9
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr.read().decode() if proc.stderr else "")
    return seconds, peak, proc.returncode


def counts(out: Path) -> dict[str, dict[str, dict[str, int]]]:
    """Fails (and NAs where a tool has them) per rule, from each tool's output."""
    con = duckdb.connect()
    found: dict[str, dict[str, dict[str, int]]] = {}
    for name in ("econwatch", "handsql", "pandera_documented", "pandera_columns"):
        path = out / f"{name}.parquet"
        if not path.exists():
            continue
        has_outcome = "outcome" in con.sql(f"SELECT * FROM '{path}' LIMIT 0").columns
        outcome = "outcome" if has_outcome else "'fail'"
        rows = con.sql(
            f"SELECT rule_id::VARCHAR, {outcome}::VARCHAR, count(*) FROM '{path}' "
            "GROUP BY ALL"
        ).fetchall()
        table: dict[str, dict[str, int]] = {"fail": {}, "na": {}}
        for rule, kind, n in rows:
            table[kind][rule] = n
        found[name] = table
    return found


def run_size(rows: int, data_dir: Path, repeat: int, timeout: float) -> dict:
    data, prev = data_dir / f"data_{rows}.parquet", data_dir / f"prev_{rows}.parquet"
    if not data.exists():
        subprocess.run(
            [
                PY,
                str(HERE / "generate.py"),
                "--rows",
                str(rows),
                "--out",
                str(data_dir),
            ],
            check=True,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )
    out = data_dir / f"out_{rows}"
    out.mkdir(exist_ok=True)
    tools = commands(data, prev, out)
    times: dict[str, list[float]] = {name: [] for name in tools}
    peaks: dict[str, list[int]] = {name: [] for name in tools}
    for round_ in range(repeat + 1):  # round 0 is the warm-up
        for name, command in tools.items():
            seconds, peak, code = measure(command, timeout)
            print(
                f"{rows:>10,} round {round_} {name}: {seconds:.1f} s, "
                f"{peak / 2**20:,.0f} MB, exit {code}",
                flush=True,
            )
            if round_:
                times[name].append(seconds)
                peaks[name].append(peak)
    result = {"rows": rows, "rules": RULE_COUNT, "tools": {}}
    for name in tools:
        median = statistics.median(times[name])
        result["tools"][name] = {
            "median_s": median,
            "min_s": min(times[name]),
            "max_s": max(times[name]),
            "runs_s": times[name],
            "rows_rules_per_s": rows * RULE_COUNT / median,
            "peak_rss_mb": max(peaks[name]) / 2**20,
        }
    result["counts"] = counts(out)
    return result


def environment() -> dict[str, str]:
    packages = ["duckdb", "ibis-framework", "sqlglot", "polars", "pandera", "pyarrow"]
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "cpu": platform.processor() or platform.machine(),
        "cores": str(os.cpu_count()),
        "ram_gb": f"{psutil.virtual_memory().total / 2**30:.0f}",
        "load_average_at_start": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        **{p: version(p) for p in packages},
    }


def agreement(counts_by_tool: dict[str, dict[str, dict[str, int]]]) -> str:
    """One line saying whether every tool found the same fails (and NAs)."""
    fails = {tool: c["fail"] for tool, c in counts_by_tool.items()}
    same_fails = len({json.dumps(f, sort_keys=True) for f in fails.values()}) == 1
    nas = {t: c["na"] for t, c in counts_by_tool.items() if c["na"]}
    same_nas = len({json.dumps(n, sort_keys=True) for n in nas.values()}) <= 1
    total_fail = sum(next(iter(fails.values())).values()) if fails else 0
    total_na = sum(next(iter(nas.values())).values()) if nas else 0
    return (
        f"fail counts identical across {len(fails)} outputs: {same_fails} "
        f"({total_fail:,} fails); NA counts identical (econwatch, hand-tuned SQL): "
        f"{same_nas} ({total_na:,} NAs)"
    )


def markdown(results: list[dict], env: dict[str, str]) -> str:
    lines = []
    for result in results:
        lines += [
            f"**{result['rows']:,} rows × {result['rules']} rules**",
            "",
            "| tool (whole process) | median s | min–max s | M rows·rules/s "
            "| peak RSS MB |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, t in result["tools"].items():
            lines.append(
                f"| {name} | {t['median_s']:.1f} | {t['min_s']:.1f}–{t['max_s']:.1f} "
                f"| {t['rows_rules_per_s'] / 1e6:.1f} | {t['peak_rss_mb']:,.0f} |"
            )
        lines += ["", agreement(result["counts"]), ""]
    lines.append("Environment: " + ", ".join(f"{k} {v}" for k, v in env.items()))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data", type=Path, default=Path("/tmp/econwatch-bench"))
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    env = environment()
    results = [run_size(n, args.data, args.repeat, args.timeout) for n in args.sizes]
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / f"{stamp}.json").write_text(
        json.dumps(
            {"environment": env, "results": results}, indent=2, ensure_ascii=False
        )
    )
    table = markdown(results, env)
    (HERE / "results" / f"{stamp}.md").write_text(table + "\n", encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
