"""Package-wide promises: no Django, no work at import time, examples that run."""

from __future__ import annotations

import doctest
import importlib
import os
import subprocess
import sys

import pytest

from econwatch.core.codes.resources import read_rows

MODULES = [
    "econwatch.core.codes",
    "econwatch.core.codes.problems",
    "econwatch.core.codes.resources",
    "econwatch.core.codes.text",
    "econwatch.core.codes.uscc",
    "econwatch.core.codes.personal_id",
    "econwatch.core.codes.industry",
    "econwatch.core.codes.industry_search",
    "econwatch.core.codes.divisions",
    "econwatch.core.codes.registration",
    "econwatch.core.codes.size",
]


def test_importing_does_no_work_and_no_django() -> None:
    # industry_search is the one module that loads pypinyin; importing it is the
    # first search's job, so it is left out here.
    eager = [m for m in MODULES if not m.endswith("industry_search")]
    probe = f"""
import sys
for name in {eager!r}:
    __import__(name)
from econwatch.core.codes import divisions, industry, registration, uscc
assert not [m for m in sys.modules if m.split(".")[0] == "django"], "django imported"
assert "pypinyin" not in sys.modules, "pypinyin loaded at import time"
for table in (industry._table, divisions._table, registration._tables,
              uscc.authorities):
    assert table.cache_info().currsize == 0, table
"""
    # Give the child the same import path, however this run found the package.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    failures, _tests = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0


def test_shipped_files_are_read_through_resources() -> None:
    rows = read_rows("wujin_divisions.csv")
    assert rows[0]["name"] == "武进区"
    assert set(rows[0]) == {"code12", "code9", "name", "level", "type", "parent_code12"}
