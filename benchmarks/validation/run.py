"""Run the validation benchmark: every tool as a whole process, same data, same rules.

For each size: one warm-up, then ``--repeat`` measured rounds; within a round the
tools run one after another, so background load hits all of them alike. Each run
is timed from process start to exit, and the peak RSS of its whole process tree is
sampled every 20 ms. After the measured runs the outputs are checked: every tool
must report the same fail counts per rule (and econwatch and the hand-tuned query
the same NA counts). Great Expectations, optional because it needs its own virtual
environment (``--ge-python``), runs only the rules it expresses natively; its fail
counts are compared with econwatch's on those rules.

Usage:
    python benchmarks/validation/run.py --sizes 1000000 10000000 --repeat 5 \
        [--ge-python /tmp/gevenv/bin/python [--ge-sizes 1000000]]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
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


GE_SPARSE = "Great Expectations (pandas), failing keys"
GE_COUNTS = "Great Expectations (pandas), counts only"
# Output files of the tools whose counts are compared, without suffix.
OUTPUTS = ("econwatch", "handsql", "pandera_documented", "pandera_columns")
GE_OUTPUTS = {GE_SPARSE: "great_expectations", GE_COUNTS: "great_expectations_summary"}


def commands(
    data: Path, prev: Path, out: Path, ge_python: str | None = None
) -> dict[str, list[str]]:
    """The tools, each one shell command producing its output in ``out``."""
    cli = [PY, "-m", "econwatch.rules_cli", "check", str(RULES), str(data)]
    tools = str(HERE / "tools")
    found = {
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
    if ge_python:  # no --prev: none of the cross-period rules is native in GX
        ge = [ge_python, f"{tools}/great_expectations_tool.py", str(data)]
        found[GE_SPARSE] = [*ge, str(out / f"{GE_OUTPUTS[GE_SPARSE]}.parquet")]
        found[GE_COUNTS] = [
            *ge,
            str(out / f"{GE_OUTPUTS[GE_COUNTS]}.parquet"),
            "--summary",
        ]
    return found


def measure(command: list[str], timeout: float) -> tuple[float, int, int]:
    """Run one process; return (seconds, peak RSS of the tree in bytes, exit code)."""
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}:{HERE / 'tools'}"}
    # stderr goes to a file, not a pipe: a chatty tool must not block on a full pipe.
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=err)
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
                proc.wait()
                return float("inf"), peak, -9
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        if proc.returncode not in (0, 1):
            err.seek(0)
            sys.stderr.write(err.read().decode(errors="replace"))
    return seconds, peak, proc.returncode


def ge_rules(out: Path, name: str) -> list[str] | None:
    """The rules a Great Expectations run expressed natively (from its JSON)."""
    path = out / f"{name}.json"
    return json.loads(path.read_text())["native"] if path.exists() else None


def counts(out: Path) -> dict[str, dict]:
    """Fails (and NAs where a tool has them) per rule, from each tool's output.

    A Great Expectations output also lists the rules it ran (``rules``); its
    counts-only run has no per-record output, so its counts are GX's own
    ``unexpected_count`` per rule.
    """
    con = duckdb.connect()
    found: dict[str, dict] = {}
    for name in (*OUTPUTS, *GE_OUTPUTS.values()):
        path = out / f"{name}.parquet"
        summary = out / f"{name}.json"
        if name == GE_OUTPUTS[GE_COUNTS] and summary.exists():
            unexpected = json.loads(summary.read_text())["unexpected_count"]
            found[name] = {
                "fail": {r: n for r, n in unexpected.items() if n},
                "na": {},
                "rules": ge_rules(out, name),
            }
            continue
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
        if name in GE_OUTPUTS.values():
            found[name]["rules"] = ge_rules(out, name)
    return found


def run_size(
    rows: int, data_dir: Path, repeat: int, timeout: float, ge_python: str | None
) -> dict:
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
    for stale in out.glob("great_expectations*"):
        stale.unlink()  # a GX output must come from this run
    tools = commands(data, prev, out, ge_python)
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
        ran = ge_rules(out, GE_OUTPUTS[name]) if name in GE_OUTPUTS else None
        rules = len(ran) if ran else RULE_COUNT
        result["tools"][name] = {
            "rules": rules,
            "median_s": median,
            "min_s": min(times[name]),
            "max_s": max(times[name]),
            "runs_s": times[name],
            "rows_rules_per_s": rows * rules / median,
            "peak_rss_mb": max(peaks[name]) / 2**20,
        }
    result["counts"] = counts(out)
    return result


def ge_environment(ge_python: str) -> dict[str, str]:
    """Versions in Great Expectations' own virtual environment."""
    script = (
        "import json; from importlib.metadata import version; print(json.dumps("
        "{p: version(p) for p in ('great_expectations', 'pandas', 'numpy', 'pyarrow')}"
        "))"
    )
    found = json.loads(
        subprocess.run(
            [ge_python, "-c", script], check=True, capture_output=True, text=True
        ).stdout
    )
    return {
        "great_expectations": found["great_expectations"],
        **{f"{p} (GX venv)": found[p] for p in ("pandas", "numpy", "pyarrow")},
    }


def environment(ge_python: str | None) -> dict[str, str]:
    packages = ["duckdb", "ibis-framework", "sqlglot", "polars", "pandera", "pyarrow"]
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "cpu": platform.processor() or platform.machine(),
        "cores": str(os.cpu_count()),
        "ram_gb": f"{psutil.virtual_memory().total / 2**30:.0f}",
        "load_average_at_start": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        **{p: version(p) for p in packages},
        **(ge_environment(ge_python) if ge_python else {}),
    }


def agreement(counts_by_tool: dict[str, dict]) -> list[str]:
    """Lines saying whether the tools found the same fails (and NAs).

    Tools that run every rule must agree on every rule. Great Expectations runs only
    the rules it expresses natively; its fails are compared with econwatch's on
    those rules, and every mismatch is listed (rule: GX against econwatch).
    """
    full = {t: c for t, c in counts_by_tool.items() if not c.get("rules")}
    fails = {tool: c["fail"] for tool, c in full.items()}
    same_fails = len({json.dumps(f, sort_keys=True) for f in fails.values()}) == 1
    nas = {t: c["na"] for t, c in full.items() if c["na"]}
    same_nas = len({json.dumps(n, sort_keys=True) for n in nas.values()}) <= 1
    total_fail = sum(next(iter(fails.values())).values()) if fails else 0
    total_na = sum(next(iter(nas.values())).values()) if nas else 0
    lines = [
        f"fail counts identical across {len(fails)} outputs: {same_fails} "
        f"({total_fail:,} fails); NA counts identical (econwatch, hand-tuned SQL): "
        f"{same_nas} ({total_na:,} NAs)"
    ]
    reference = full.get("econwatch", {}).get("fail")
    for tool, c in counts_by_tool.items():
        if not c.get("rules") or reference is None:
            continue
        rules = c["rules"]
        mismatches = [
            f"{r}: {c['fail'].get(r, 0):,} vs {reference.get(r, 0):,}"
            for r in rules
            if c["fail"].get(r, 0) != reference.get(r, 0)
        ]
        label = next(t for t, o in GE_OUTPUTS.items() if o == tool)
        line = (
            f"{label} ({len(rules)} native rules): fail counts identical to "
            f"econwatch's on those rules: {not mismatches} "
            f"({sum(c['fail'].get(r, 0) for r in rules):,} fails)"
        )
        if mismatches:
            line += "; mismatches (rule: GX vs econwatch): " + ", ".join(mismatches)
        lines.append(line)
    return lines


def markdown(results: list[dict], env: dict[str, str]) -> str:
    lines = []
    for result in results:
        lines += [
            f"**{result['rows']:,} rows × {result['rules']} rules**",
            "",
            "| tool (whole process) | rules | median s | min–max s "
            "| M rows·rules/s | peak RSS MB |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, t in result["tools"].items():
            rules = t.get("rules", result["rules"])
            lines.append(
                f"| {name} | {rules} | {t['median_s']:.1f} "
                f"| {t['min_s']:.1f}–{t['max_s']:.1f} "
                f"| {t['rows_rules_per_s'] / 1e6:.1f} | {t['peak_rss_mb']:,.0f} |"
            )
        lines.append("")
        for line in agreement(result["counts"]):
            lines += [line, ""]
    lines.append("Environment: " + ", ".join(f"{k} {v}" for k, v in env.items()))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data", type=Path, default=Path("/tmp/econwatch-bench"))
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument(
        "--ge-python",
        help="Python of a virtual environment with requirements-ge.txt; "
        "adds Great Expectations to every round",
    )
    parser.add_argument(
        "--ge-sizes",
        type=int,
        nargs="+",
        help="run Great Expectations only at these sizes (default: all)",
    )
    args = parser.parse_args()
    env = environment(args.ge_python)
    ge_sizes = set(args.ge_sizes or args.sizes)
    results = [
        run_size(
            n,
            args.data,
            args.repeat,
            args.timeout,
            args.ge_python if n in ge_sizes else None,
        )
        for n in args.sizes
    ]
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
