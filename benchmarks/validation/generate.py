"""Census-like synthetic data for the validation benchmark (seeded, reproducible).

A 法人单位 form with 30 fields: codes as text (unit id, USCC, town, industry with
leading zeros), Chinese names, phone numbers, and amounts that obey the accounting
identities (营业收入 = 主营 + 其他, 资产 = 负债 + 所有者权益 …). About 2 % of each
field is NULL and about 1 % of records carry an injected error (negatives, ×10 unit
errors, employees = 0 with payroll, invalid codes, duplicate USCCs, implausible
changes against last year). The reference data (last year) covers 80 % of units.

Usage:
    python generate.py --rows 1000000 --out /tmp/econwatch-bench
"""

from __future__ import annotations

import argparse
import csv
from importlib import resources
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ALPHABET = np.frombuffer(b"0123456789ABCDEFGHJKLMNPQRTUWXY", dtype=np.uint8)
WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])
CHUNK = 1_000_000
ROW_GROUP = 122_880
NULL_RATE = 0.02
CHARS = list("华宏达兴隆泰盛恒信通源鑫瑞祥和丰明光新永安金利德嘉天宇龙海峰博创嘉诚佳美")
TERMS = ["机械", "科技", "电子", "纺织", "贸易", "建材", "化工", "服饰", "食品", "物流"]
SUFFIX = ["有限公司", "股份有限公司", "有限责任公司"]
PREFIX = ["常州市武进区", "江苏", "常州", "武进", ""]


def _codes() -> tuple[np.ndarray, np.ndarray]:
    """Industry classes (GB/T 4754) and Wujin town codes from econwatch's tables."""
    data = resources.files("econwatch.core.codes") / "data"
    with (data / "gbt4754_2017.csv").open(encoding="utf-8") as f:
        classes = [r["code"] for r in csv.DictReader(f) if r["level"] == "4"]
    with (data / "wujin_divisions.csv").open(encoding="utf-8") as f:
        towns = [r["code12"] for r in csv.DictReader(f) if r["level"] == "town"]
    return np.array(classes), np.array(towns)


def _nulls(
    rng: np.random.Generator, values: pa.Array, rate: float = NULL_RATE
) -> pa.Array:
    return pc.if_else(
        pa.array(rng.random(len(values)) < rate),
        pa.nulls(len(values), values.type),
        values,
    )


def _uscc(rng: np.random.Generator, n: int) -> pa.Array:
    body = np.empty((n, 18), dtype=np.uint8)
    body[:, :8] = np.frombuffer(b"91320412", dtype=np.uint8)
    idx = rng.integers(0, 31, size=(n, 9))
    body[:, 8:17] = ALPHABET[idx]
    values = np.concatenate([np.tile([9, 1, 3, 2, 0, 4, 1, 2], (n, 1)), idx], axis=1)
    check = (31 - (values * WEIGHTS).sum(axis=1) % 31) % 31
    bad = rng.random(n) < 0.005  # wrong check character
    check = np.where(bad, (check + 1) % 31, check)
    body[:, 17] = ALPHABET[check]
    return pa.array(body.view("S18").ravel(), pa.binary(18)).cast(pa.string())


def _choice(rng: np.random.Generator, options: list[str], n: int) -> pa.Array:
    return pa.array(np.array(options)[rng.integers(0, len(options), n)])


def chunk(
    rng: np.random.Generator, start: int, n: int, classes: np.ndarray, towns: np.ndarray
) -> pa.Table:
    """One chunk of units with ids start .. start + n - 1."""
    ids = pc.utf8_lpad(pa.array(np.arange(start, start + n)).cast(pa.string()), 10, "0")
    uscc = _uscc(rng, n).to_numpy(zero_copy_only=False).astype(object)
    dup = rng.random(n) < 0.001
    uscc[dup] = uscc[rng.integers(0, n, dup.sum())]
    name = pc.binary_join_element_wise(
        _choice(rng, PREFIX, n),
        _choice(rng, CHARS, n),
        _choice(rng, CHARS, n),
        _choice(rng, TERMS, n),
        _choice(rng, SUFFIX, n),
        "",
    )
    name = pc.if_else(pa.array(rng.random(n) < 0.005), pa.scalar("某店"), name)
    mobile = (13_000_000_000 + rng.integers(0, 6_999_999_999, n)).astype(str)
    landline = np.char.add("0519", rng.integers(10_000_000, 99_999_999, n).astype(str))
    phone = np.where(rng.random(n) < 0.03, landline, mobile)
    zipf = np.minimum(rng.zipf(1.3, n) - 1, len(classes) - 1)
    industry = classes[rng.permutation(len(classes))[zipf]].astype(object)
    wrong = rng.random(n) < 0.005
    industry[wrong] = np.where(rng.random(wrong.sum()) < 0.5, "9999", "111")
    town = towns[rng.integers(0, len(towns), n)].astype(object)
    town[rng.random(n) < 0.003] = "320412999000"
    size_class = rng.choice([1, 2, 3, 4], n, p=[0.01, 0.05, 0.2, 0.74])
    size_class[rng.random(n) < 0.002] = 9
    status = rng.choice([1, 2, 3], n, p=[0.9, 0.07, 0.03])
    open_year = rng.integers(1980, 2024, n)
    open_year[rng.random(n) < 0.003] = 2030
    employees = np.maximum(0, np.round(rng.lognormal(2.5, 1.2, n))).astype(np.int64)
    payroll = np.round(employees * rng.lognormal(4.3, 0.3, n), 2)
    zero = rng.random(n) < 0.01
    employees[zero] = 0  # payroll stays > 0: C01/C02 fail
    female = rng.binomial(employees, 0.4)
    female[rng.random(n) < 0.003] += 5
    cents = np.round(rng.lognormal(8, 1.5, n) * 100)
    main_cents = np.round(cents * rng.uniform(0.7, 1.0, n))
    revenue, main, other = cents / 100, main_cents / 100, (cents - main_cents) / 100
    revenue = np.where(rng.random(n) < 0.005, -revenue, revenue)
    revenue = np.where(rng.random(n) < 0.005, revenue * 10, revenue)
    cost = np.round(revenue * rng.uniform(0.5, 0.95, n), 2)
    gross = revenue - cost
    taxes = np.round(np.abs(revenue) * rng.uniform(0, 0.05, n), 2)
    sales = np.round(np.abs(revenue) * rng.uniform(0, 0.1, n), 2)
    profit = gross - taxes - sales
    profit = np.where(rng.random(n) < 0.005, profit * 10, profit)
    assets = np.round(rng.lognormal(9, 1.6, n), 2)
    liabilities = np.round(assets * rng.uniform(0.2, 0.9, n), 2)
    equity = assets - liabilities
    equity = np.where(rng.random(n) < 0.005, equity * 10, equity)
    current = np.round(assets * rng.uniform(0.2, 0.8, n), 2)
    noncurrent = assets - current
    fixed = np.round(noncurrent * rng.uniform(0.3, 1.0, n), 2)
    fixed = np.where(rng.random(n) < 0.003, assets * 2, fixed)
    rnd = np.where(
        rng.random(n) < 0.7, 0.0, np.round(np.abs(revenue) * rng.uniform(0, 0.05, n), 2)
    )
    energy = np.round(rng.lognormal(10, 2, n), 1)
    digital = np.where(
        rng.random(n) < 0.8, 0.0, np.round(np.abs(revenue) * rng.uniform(0, 0.5, n), 2)
    )
    digital = np.where(rng.random(n) < 0.003, np.abs(revenue) * 2 + 1, digital)
    cols = {
        "unit_id": ids,
        "uscc": _nulls(rng, pa.array(uscc, pa.string())),
        "name": _nulls(rng, name),
        "phone": _nulls(rng, pa.array(phone)),
        "town": _nulls(rng, pa.array(town, pa.string()), 0.01),
        "industry": _nulls(rng, pa.array(industry, pa.string())),
        "reg_type": _choice(rng, ["1110", "1130", "1140", "1150", "1190", "1212"], n),
        "size_class": _nulls(rng, pa.array(size_class)),
        "status": pa.array(status),
        "open_year": _nulls(rng, pa.array(open_year)),
        "employees": _nulls(rng, pa.array(employees)),
        "employees_female": _nulls(rng, pa.array(female)),
    }
    amounts = {
        "payroll": payroll,
        "revenue": revenue,
        "main_revenue": main,
        "other_revenue": other,
        "cost": cost,
        "gross_profit": gross,
        "taxes": taxes,
        "sales_expense": sales,
        "profit": profit,
        "total_assets": assets,
        "total_liabilities": liabilities,
        "owners_equity": equity,
        "current_assets": current,
        "noncurrent_assets": noncurrent,
        "fixed_assets": fixed,
        "rnd_expense": rnd,
        "energy_kwh": energy,
        "digital_revenue": digital,
    }
    for key, values in amounts.items():
        cols[key] = _nulls(rng, pa.array(values))
    return pa.table(cols)


def previous(rng: np.random.Generator, table: pa.Table) -> pa.Table:
    """Last year's report for 80 % of the units."""
    keep = pa.array(rng.random(table.num_rows) < 0.8)
    t = table.filter(keep)
    n = t.num_rows
    change = rng.lognormal(0.05, 0.2, n)
    change = np.where(rng.random(n) < 0.01, 20.0, change)
    revenue = np.round(np.abs(t["revenue"].to_numpy(zero_copy_only=False)) / change, 2)
    employees = t["employees"].to_numpy(zero_copy_only=False)
    assets = t["total_assets"].to_numpy(zero_copy_only=False)
    return pa.table(
        {
            "unit_id": t["unit_id"],
            "revenue": _nulls(rng, pa.array(revenue)),
            "employees": _nulls(
                rng, pa.array(np.round(employees / rng.uniform(0.8, 1.25, n)))
            ).cast(pa.int64(), safe=False),
            "total_assets": _nulls(
                rng, pa.array(np.round(assets * rng.lognormal(0, 0.3, n), 2))
            ),
        }
    )


def generate(rows: int, out: Path, seed: int = 42) -> tuple[Path, Path]:
    """Write data_<rows>.parquet and prev_<rows>.parquet into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    classes, towns = _codes()
    data_path, prev_path = out / f"data_{rows}.parquet", out / f"prev_{rows}.parquet"
    data_writer = prev_writer = None
    for start in range(0, rows, CHUNK):
        t = chunk(rng, start, min(CHUNK, rows - start), classes, towns)
        p = previous(rng, t)
        data_writer = data_writer or pq.ParquetWriter(data_path, t.schema)
        prev_writer = prev_writer or pq.ParquetWriter(prev_path, p.schema)
        data_writer.write_table(t, row_group_size=ROW_GROUP)
        prev_writer.write_table(p, row_group_size=ROW_GROUP)
    assert data_writer is not None and prev_writer is not None
    data_writer.close()
    prev_writer.close()
    return data_path, prev_path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/econwatch-bench"))
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    print(*generate(args.rows, args.out, args.seed))
