"""National-scale data from the 10M set: ten renumbered copies, one file per copy.

Generating 100 million rows with ``generate.py`` takes hours on a shared 2-core
machine; copying the 10 million-row set ten times with DuckDB takes minutes. Each
copy k (0–9) is a "province": unit ids get k as their leading digit, and in every
USCC the first character of the organisation code moves k places along the GB 32100
alphabet while the check character moves to match (position 9 has weight 20, so
the check index moves by −20·k mod 31). A valid code stays valid, an invalid one
stays invalid by the same amount, duplicates stay duplicates within their copy and
never collide across copies. Everything else is copied as it is, so per copy the
rules find what they find in the 10M set; group statistics by industry or town
see ten times the members.

Usage:
    python replicate.py --source /tmp/econwatch-bench --rows 10000000 --copies 10 \\
        --out /tmp/econwatch-bench/national

Writes ``OUT/data/part-K.parquet`` and ``OUT/prev/part-K.parquet``: folders that
``econwatch rules check`` reads as one dataset each.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ROW_GROUP = 122_880


def _shift(column: str, position: int, by: str) -> str:
    """SQL: the character at ``position`` moved ``by`` places along the alphabet."""
    index = f"strpos('{ALPHABET}', substr({column}, {position}, 1)) - 1"
    return f"substr('{ALPHABET}', ((({index}) + ({by})) % 31 + 31) % 31 + 1, 1)"


def _renumber(k: int) -> str:
    return f"'{k}' || substr(unit_id, 2)"


def replicate(source: Path, rows: int, copies: int, out: Path) -> None:
    """Write ``copies`` renumbered copies of data_<rows> and prev_<rows>."""
    con = duckdb.connect()
    data, prev = source / f"data_{rows}.parquet", source / f"prev_{rows}.parquet"
    for folder in ("data", "prev"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    for k in range(copies):
        uscc = (
            f"CASE WHEN uscc IS NULL OR length(uscc) <> 18 THEN uscc ELSE "
            f"substr(uscc, 1, 8) || {_shift('uscc', 9, str(k))} || "
            f"substr(uscc, 10, 8) || {_shift('uscc', 18, str(-20 * k))} END"
        )
        con.execute(
            f"COPY (SELECT * REPLACE ({_renumber(k)} AS unit_id, {uscc} AS uscc) "
            f"FROM read_parquet('{data}')) TO '{out / 'data' / f'part-{k}.parquet'}' "
            f"(FORMAT parquet, ROW_GROUP_SIZE {ROW_GROUP})"
        )
        con.execute(
            f"COPY (SELECT * REPLACE ({_renumber(k)} AS unit_id) "
            f"FROM read_parquet('{prev}')) TO '{out / 'prev' / f'part-{k}.parquet'}' "
            f"(FORMAT parquet, ROW_GROUP_SIZE {ROW_GROUP})"
        )
        print(f"copy {k} written", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--source", type=Path, default=Path("/tmp/econwatch-bench"))
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument(
        "--out", type=Path, default=Path("/tmp/econwatch-bench/national")
    )
    args = parser.parse_args()
    replicate(args.source, args.rows, args.copies, args.out)
