"""The demo is the same, value for value, as the one pinned in tests/demo/golden.

Work on the generator's speed (or on how it is stored) must not change a single
value of the ``small`` and ``full`` sizes. The plan digests hash the district in
memory; the table digests hash what the small build wrote (all tables but the
units, whose hashed 身份证号 depend on the installation's secret key). Both are
the same on SQLite and PostgreSQL.

After an intended change of the demo, regenerate the golden file with
``ECONWATCH_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/demo/test_digests.py``
and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from econwatch.demo.build import DEFAULT_SEED, BuildResult
from econwatch.demo.digest import plan_digests, table_digests
from econwatch.demo.plan import plan_district

from .conftest import SEED

GOLDEN = Path(__file__).parent / "golden" / "digests.json"
UPDATE = os.environ.get("ECONWATCH_UPDATE_GOLDEN") == "1"


def _check(key: str, found: dict[str, str]) -> None:
    pinned = json.loads(GOLDEN.read_text()) if GOLDEN.exists() else {}
    if UPDATE:
        pinned[key] = found
        GOLDEN.write_text(json.dumps(pinned, indent=2, sort_keys=True) + "\n")
    assert found == pinned.get(key), f"{key} differs from {GOLDEN.name}"


@pytest.mark.parametrize(
    ("size", "seed"),
    [
        pytest.param("small", SEED, id=f"small-{SEED}"),
        pytest.param("small", DEFAULT_SEED, id=f"small-{DEFAULT_SEED}"),
        pytest.param("full", DEFAULT_SEED, id=f"full-{DEFAULT_SEED}"),
    ],
)
def test_plan_is_unchanged(size: str, seed: int) -> None:
    _check(f"plan:{size}:{seed}", plan_digests(plan_district(seed, size)))


@pytest.mark.django_db
def test_small_tables_are_unchanged(demo: BuildResult) -> None:
    found = table_digests()
    del found["units"]
    _check(f"tables:small:{SEED}", found)
