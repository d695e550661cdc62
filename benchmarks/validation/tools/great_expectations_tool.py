"""Great Expectations (GX Core 1.x) on the benchmark rules it can express natively.

Runs in its own virtual environment (GX brings its own pandas, scipy, altair …;
see requirements-ge.txt). An ephemeral data context (nothing written to disk, no
data docs, progress bars off) with GX's pandas data source — the documented
default — reads the Parquet file itself, only the 24 columns the suite touches;
one expectation suite holds one built-in expectation per rule, and one validation
definition runs it. pandas is single-threaded.

34 of the 50 rules are native expectations (``native``): ranges and sets, a regex,
uniqueness, column pairs, and the conditional rules as expectations with a
``row_condition`` (GX's ``Column`` conditions). The other 16 (``NOT_NATIVE``) have
no built-in expectation; they are **skipped**, not emulated with precomputed
helper columns, so this tool does less work than the others and its throughput is
counted over the 34 rules it runs. No cross-period rule is native, so last year's
data is not read at all.

NULLs: GX's column map expectations leave NULLs out (they count as
``missing_count``, never as unexpected), a pair expectation with
``ignore_row_if="either_value_is_missing"`` likewise, and a row condition on a NULL
is false (pandas ``query``), so the row is not checked. That is econwatch's NA
outcome for these 34 rules, so the fail counts are comparable; like pandera, GX
has no NA outcome and reports fails only. ``mostly`` is left at its default (every
value must pass); it changes only ``success``, never the counts.

Writes (key, rule_id) of every failure to OUT.parquet, from ``result_format``
COMPLETE with ``unexpected_index_column_names=["unit_id"]``; with ``--summary`` only
GX's SUMMARY counts. Both write OUT.json: the rules run, the rules skipped with the
reason, and GX's ``unexpected_count`` per rule.

Usage: python great_expectations_tool.py DATA OUT.parquet [--summary]
"""

from __future__ import annotations

import argparse
import csv
import json
from importlib import resources
from pathlib import Path
from typing import Any

import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.data_context.types.base import ProgressBarsConfig
from great_expectations.expectations.row_conditions import Column

NON_NEGATIVE = {
    "R01": "revenue",
    "R02": "main_revenue",
    "R03": "other_revenue",
    "R04": "cost",
    "R05": "taxes",
    "R06": "total_assets",
    "R07": "total_liabilities",
    "R08": "fixed_assets",
    "R09": "employees",
    "R11": "employees_female",
    "R12": "payroll",
    "R13": "rnd_expense",
    "R14": "energy_kwh",
    "R15": "digital_revenue",
    "R16": "sales_expense",
    "R17": "current_assets",
}

_BALANCE = (
    "balance equation: no expectation compares a column with an arithmetic "
    "expression of other columns (ExpectMulticolumnSumToEqual compares a row sum "
    "with a constant)"
)
_GROUP = (
    "group statistic joined back to the record: no per-group expectation (the "
    "column median/mean/sum expectations test one aggregate of the whole table)"
)
_PREV = (
    "ratio to last year: needs the reference data joined and a division; no "
    "expectation divides one column by another"
)
NOT_NATIVE = {
    "B01": _BALANCE,
    "B02": _BALANCE,
    "B03": _BALANCE,
    "B04": _BALANCE,
    "B05": _BALANCE,
    "B06": "abs(revenue - main_revenue - other_revenue) <= 1: no expectation on "
    "arithmetic across columns",
    "L03": "USCC check character (GB 32100-2015): a regex can check the format, "
    "not the weighted mod-31 checksum",
    "G01": _GROUP,
    "G02": _GROUP,
    "G03": _GROUP,
    "G04": _GROUP,
    "G05": _GROUP,
    "G06": _GROUP,
    "P01": _PREV,
    "P02": _PREV,
    "P03": _PREV,
}


def codes() -> tuple[list[str], list[str]]:
    """GB/T 4754 classes and Wujin town codes, as the other tools read them."""
    data = resources.files("econwatch.core.codes") / "data"
    with (data / "gbt4754_2017.csv").open(encoding="utf-8") as f:
        classes = [r["code"] for r in csv.DictReader(f) if r["level"] == "4"]
    with (data / "wujin_divisions.csv").open(encoding="utf-8") as f:
        towns = [r["code12"] for r in csv.DictReader(f) if r["level"] == "town"]
    return classes, towns


def _at_least(column: str, low: float, *, strict: bool = False, **kw: Any) -> Any:
    return gxe.ExpectColumnValuesToBeBetween(
        column=column, min_value=low, strict_min=strict, **kw
    )


def _a_at_least_b(a: str, b: str, **kw: Any) -> Any:
    # A NULL on either side is NA in econwatch; GX's default skips only both-NULL.
    return gxe.ExpectColumnPairValuesAToBeGreaterThanB(
        column_A=a,
        column_B=b,
        or_equal=True,
        ignore_row_if="either_value_is_missing",
        **kw,
    )


def native(classes: list[str], towns: list[str]) -> dict[str, Any]:
    """The 34 rules GX expresses with a built-in expectation, by rule id.

    ``if P then Q`` becomes the expectation Q with ``row_condition=P``: a row where
    P is false or NULL is not checked (pass or NA in econwatch), a NULL in Q is
    ignored (NA). C05's conclusion ``employees >= 1000 or revenue >= 400000`` is
    rewritten as ``revenue >= 400000`` under ``size_class = 1 and employees <
    1000``, which fails on exactly the same rows.
    """
    c = Column
    rules: dict[str, Any] = {
        rule_id: _at_least(column, 0) for rule_id, column in NON_NEGATIVE.items()
    }
    rules |= {
        "R10": gxe.ExpectColumnValuesToBeBetween(column="employees", max_value=100000),
        "R18": gxe.ExpectColumnValuesToBeBetween(
            column="open_year", min_value=1949, max_value=2023
        ),
        "R19": gxe.ExpectColumnValuesToBeInSet(
            column="size_class", value_set=[1, 2, 3, 4]
        ),
        "R20": gxe.ExpectColumnValuesToBeInSet(column="status", value_set=[1, 2, 3]),
        "C01": _at_least("payroll", 0, strict=True, row_condition=c("employees") > 0),
        "C02": _at_least("employees", 1, row_condition=c("payroll") > 0),
        "C03": _at_least("employees", 1, row_condition=c("revenue") > 0),
        "C04": _at_least("revenue", 0, strict=True, row_condition=c("rnd_expense") > 0),
        "C05": _at_least(
            "revenue",
            400000,
            row_condition=(c("size_class") == 1) & (c("employees") < 1000),
        ),
        "C06": _a_at_least_b(
            "revenue", "digital_revenue", row_condition=c("digital_revenue") > 0
        ),
        "C07": _a_at_least_b(
            "employees", "employees_female", row_condition=c("employees_female") > 0
        ),
        "C08": _a_at_least_b(
            "total_assets", "fixed_assets", row_condition=c("fixed_assets") > 0
        ),
        "L01": gxe.ExpectColumnValuesToBeInSet(column="industry", value_set=classes),
        "L02": gxe.ExpectColumnValuesToBeInSet(column="town", value_set=towns),
        "L04": gxe.ExpectColumnValuesToMatchRegex(
            column="phone", regex="^1[3-9][0-9]{9}$"
        ),
        "U01": gxe.ExpectColumnValuesToBeUnique(column="uscc"),
        "U02": gxe.ExpectColumnValuesToBeUnique(column="unit_id"),
        "H01": _a_at_least_b("revenue", "main_revenue"),
    }
    return rules


def columns_used(expectations: list[Any]) -> list[str]:
    """The key and every column an expectation or its row condition reads."""
    found = {"unit_id"}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("column", "column_A", "column_B"):
                    found.add(value["name"] if isinstance(value, dict) else value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for expectation in expectations:
        walk(expectation.configuration.kwargs)
    return sorted(found)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("out", type=Path)
    parser.add_argument("--summary", action="store_true", help="counts only")
    args = parser.parse_args()

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    expectations = native(*codes())
    # Only the columns the suite reads (pandas' columns=): every row filter of GX's
    # pandas engine copies the whole frame, and DuckDB prunes columns by itself.
    asset = context.data_sources.add_pandas("bench").add_parquet_asset(
        "units", path=args.data, columns=columns_used(list(expectations.values()))
    )
    batch = asset.add_batch_definition_whole_dataframe("all")
    suite = context.suites.add(gx.ExpectationSuite(name="bench-legal-unit"))
    for rule_id, expectation in expectations.items():
        expectation.meta = {"rule_id": rule_id}
        suite.add_expectation(expectation)
    validation = context.validation_definitions.add(
        gx.ValidationDefinition(name="bench", data=batch, suite=suite)
    )
    # Without return_unexpected_index_query=False, GX's pandas engine formats every
    # failing row index into a query string, even for SUMMARY.
    result_format: dict[str, Any] = {"return_unexpected_index_query": False}
    if args.summary:
        result_format["result_format"] = "SUMMARY"
    else:
        result_format["result_format"] = "COMPLETE"
        result_format["unexpected_index_column_names"] = ["unit_id"]
    outcome = validation.run(result_format=result_format)

    unexpected: dict[str, int] = {}
    keys: list[str] = []
    rule_ids: list[str] = []
    for result in outcome.results:
        rule_id = result.expectation_config.meta["rule_id"]
        unexpected[rule_id] = result.result.get("unexpected_count", 0)
        if not args.summary:
            failing = [row["unit_id"] for row in result.result["unexpected_index_list"]]
            keys += failing
            rule_ids += [rule_id] * len(failing)
    if not args.summary:
        pd.DataFrame({"key": keys, "rule_id": rule_ids}, dtype="string").to_parquet(
            args.out, index=False
        )
    args.out.with_suffix(".json").write_text(
        json.dumps(
            {
                "great_expectations": gx.__version__,
                "native": list(expectations),
                "not_native": NOT_NATIVE,
                "unexpected_count": unexpected,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
