"""Write the files the import benchmark loads, for the enterprises of ``fixture.py``.

Files (in ``--out``; deterministic, seed of ``fixture.py``):

* ``invoices.csv`` — 开票 of every enterprise on every day of 2024 (2,700 × 366 =
  988,200 rows), UTF-8 with BOM as Excel's “CSV UTF-8” writes it;
  ``invoices-revised.csv`` the same days with every amount 1 % higher (every
  stored value is replaced and its old value kept); ``invoices-bad.csv`` the good
  file with every 101st row broken (≈ 1 %: bad numbers and dates, unknown and
  mistyped credit codes, empty amounts, an enterprise twice on one day).
* ``invoices.xlsx`` — the first 37 days of 2023 (99,900 rows), real Excel dates
  and numbers.
* ``monthly.csv`` — a year of monthly reports (2024-02 as 1—2月 … 2024-12: 2,700 ×
  11 = 29,700 rows), every chain and 上年同期 consistent; ``monthly-revised.csv``
  every enterprise's current figures revised by 1 % (a new vintage for every row);
  ``monthly-bad.csv`` ≈ 1 % of rows broken (negative values, swapped 本月 / 1—本月,
  a broken chain, bad periods, unknown enterprises, decimals in 千元).

Usage:
    python benchmarks/imports/generate.py --out /tmp/econwatch-bench-imports
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

from fixture import Enterprise, enterprises

from econwatch.core.codes.uscc import make_uscc

INVOICE_HEADER = ["统一社会信用代码", "单位名称", "日期", "开票金额(元)"]
MONTHLY_HEADER = [
    "统一社会信用代码",
    "单位名称",
    "报告期",
    "工业总产值本月(千元)",
    "工业总产值本月上年同期(千元)",
    "工业总产值1—本月(千元)",
    "工业总产值1—本月上年同期(千元)",
    "营业收入1—本月(千元)",
    "营业收入1—本月上年同期(千元)",
    "利润总额1—本月(千元)",
    "利润总额1—本月上年同期(千元)",
    "用电量本月(千瓦时)",
    "从业人员期末人数(人)",
    "报送批次",
]
YEAR = 2024
XLSX_FIRST_DAY = dt.date(2023, 1, 1)
XLSX_DAYS = 37
# Every 101st row is broken (≈ 1 %); 101 is prime to the 2,700 rows of a day or
# period, so the broken rows move across enterprises and a duplicate's twin is
# never itself broken.
BAD_EVERY = 101
# A valid code that is not in the register (its body is outside the fixture's).
STRANGER = make_uscc("9", "1", "320412", "MA000000")
# Sales by weekday (Mon … Sun): invoices are issued mostly on working days.
_WEEKDAY = (1.1, 1.05, 1.0, 1.0, 1.15, 0.35, 0.2)


def _days(first: dt.date, count: int) -> list[dt.date]:
    return [first + dt.timedelta(days=k) for k in range(count)]


def invoice_rows(
    firms: list[Enterprise], days: list[dt.date], factor: float = 1.0
) -> Iterator[list[object]]:
    """One row per day and enterprise (as a tax bureau's daily extracts, appended)."""
    rng = random.Random(7)
    for day in days:
        weekday = _WEEKDAY[day.weekday()]
        for f in firms:
            amount = f.daily * weekday * rng.uniform(0.6, 1.4) * factor
            yield [f.uscc, f.name, day, round(amount, 2)]


def write_invoices_csv(path: Path, rows: Iterator[list[object]], bad: bool) -> int:
    """Write rows as CSV; with ``bad``, break every 101st row. Returns rows."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        out = csv.writer(stream)
        out.writerow(INVOICE_HEADER)
        for count, row in enumerate(rows, start=1):
            cells = [row[0], row[1], row[2].isoformat(), f"{row[3]:.2f}"]
            if bad and count % BAD_EVERY == BAD_EVERY // 2:
                cells = _break_invoice(cells, row[2], count // BAD_EVERY)
            out.writerow(cells)
    return count


def _break_invoice(cells: list[str], day: dt.date, k: int) -> list[str]:
    kind = k % 6
    if kind == 0:
        return [*cells[:3], cells[3].replace("0", "O", 1) + "O"]  # letter O
    if kind == 1:
        return [*cells[:2], f"{YEAR}-02-30", cells[3]]
    if kind == 2:
        return [STRANGER, *cells[1:]]
    if kind == 3:
        code = cells[0]
        return [code[:-1] + ("0" if code[-1] != "0" else "1"), *cells[1:]]
    if kind == 4:
        return [*cells[:3], ""]
    # The same enterprise on the day before: a duplicate of a row already written
    # (on 1 January, of the row of 2 January).
    other = day + dt.timedelta(days=-1 if day.timetuple().tm_yday > 1 else 1)
    return [cells[0], cells[1], other.isoformat(), "1.00"]


def write_invoices_xlsx(path: Path, rows: Iterator[list[object]]) -> int:
    """Write rows as a one-sheet workbook with Excel dates and numbers."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("开票")
    sheet.append(INVOICE_HEADER)
    count = 0
    for row in rows:
        sheet.append(row)
        count += 1
    book.save(path)
    return count


def monthly_rows(
    firms: list[Enterprise], factor: float = 1.0
) -> Iterator[list[object]]:
    """A year of monthly reports, period by period (1—2月 as ``YYYY-02``).

    ``factor`` scales the current year's figures (a revision); the 上年同期 stay.
    """
    rng = random.Random(11)
    season = [0.75, 0.7, 1.0, 1.0, 1.05, 1.05, 0.95, 0.95, 1.0, 1.05, 1.1, 1.3]
    table: dict[int, list[list[object]]] = {}
    for f in firms:
        growth = rng.uniform(0.92, 1.22)
        base = [max(1, int(f.monthly * s * rng.uniform(0.9, 1.1))) for s in season]
        current = [max(1, int(b * growth * rng.uniform(0.95, 1.05))) for b in base]
        current = [max(1, round(c * factor)) for c in current]
        margin, margin_base = rng.uniform(-0.02, 0.08), rng.uniform(-0.02, 0.08)
        kwh_per_k = rng.uniform(8, 40)
        staff = max(20, f.monthly // 100)
        ytd = ytd_base = 0
        for m in range(12):
            ytd += current[m]
            ytd_base += base[m]
            if m == 0:
                continue  # January is reported with February as 1—2月
            month = current[m] if m > 1 else ytd
            month_base = base[m] if m > 1 else ytd_base
            revenue, revenue_base = round(ytd * 1.04), round(ytd_base * 1.04)
            table.setdefault(m, []).append(
                [
                    f.uscc,
                    f.name,
                    f"{YEAR}-{m + 1:02d}",
                    month,
                    month_base,
                    ytd,
                    ytd_base,
                    revenue,
                    revenue_base,
                    round(revenue * margin),
                    round(revenue_base * margin_base),
                    round(month * kwh_per_k),
                    staff + rng.randint(-3, 3),
                    "",
                ]
            )
    for m in sorted(table):
        yield from table[m]


def write_monthly_csv(path: Path, rows: Iterator[list[object]], bad: bool) -> int:
    """Write monthly rows as CSV; with ``bad``, break every 101st row."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        out = csv.writer(stream)
        out.writerow(MONTHLY_HEADER)
        for count, row in enumerate(rows, start=1):
            cells = [str(c) for c in row]
            if bad and count % BAD_EVERY == BAD_EVERY // 2:
                cells = _break_monthly(cells, count // BAD_EVERY)
            out.writerow(cells)
    return count


def _break_monthly(cells: list[str], k: int) -> list[str]:
    cells = list(cells)
    kind = k % 6
    if kind == 0:
        cells[3] = "-" + cells[3]  # negative 本月
    elif kind == 1:
        cells[3], cells[5] = str(int(cells[5]) + 1), cells[3]  # 本月 > 1—本月
    elif kind == 2:
        cells[5] = str(int(cells[5]) + 7)  # 上月止累计 + 本月 ≠ 本月止累计
    elif kind == 3:
        cells[2] = f"{YEAR}-13"
    elif kind == 4:
        cells[0] = STRANGER
    else:
        cells[4] = cells[4] + ".5"  # a decimal in 千元
    return cells


def generate(out: Path, units: int) -> dict[str, int]:
    """Write every file that is missing; return rows per file."""
    out.mkdir(parents=True, exist_ok=True)
    firms = enterprises(units)
    if STRANGER in {f.uscc for f in firms}:  # the bad files need it unknown
        raise SystemExit(f"{STRANGER} is in the register; change fixture.SEED")
    days = _days(dt.date(YEAR, 1, 1), 366 if YEAR % 4 == 0 else 365)
    jobs = {
        "invoices.csv": lambda p: write_invoices_csv(
            p, invoice_rows(firms, days), bad=False
        ),
        "invoices-revised.csv": lambda p: write_invoices_csv(
            p, invoice_rows(firms, days, 1.01), bad=False
        ),
        "invoices-bad.csv": lambda p: write_invoices_csv(
            p, invoice_rows(firms, days), bad=True
        ),
        "invoices.xlsx": lambda p: write_invoices_xlsx(
            p, invoice_rows(firms, _days(XLSX_FIRST_DAY, XLSX_DAYS))
        ),
        "monthly.csv": lambda p: write_monthly_csv(p, monthly_rows(firms), False),
        "monthly-revised.csv": lambda p: write_monthly_csv(
            p, monthly_rows(firms, 1.01), False
        ),
        "monthly-bad.csv": lambda p: write_monthly_csv(p, monthly_rows(firms), True),
    }
    counts = {}
    for name, job in jobs.items():
        path = out / name
        if path.exists():
            continue
        partial = path.with_suffix(path.suffix + ".part")
        counts[name] = job(partial)
        partial.rename(path)
        print(f"wrote {path} ({counts[name]:,} rows)", flush=True)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--out", type=Path, default=Path("/tmp/econwatch-bench-imports")
    )
    parser.add_argument("--units", type=int, default=2_700)
    args = parser.parse_args()
    generate(args.out, args.units)


if __name__ == "__main__":
    main()
