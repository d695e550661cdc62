"""Read the code-list CSV files shipped in this package's ``data/`` folder.

The files are package data read through :mod:`importlib.resources`, so they work
from a wheel or a zip as well as from a source checkout. Nothing is read at import
time: each code-list module caches what it builds from these rows on first use.
"""

from __future__ import annotations

import csv
import io
from importlib import resources

_PACKAGE = "econwatch.core.codes"


def read_rows(filename: str) -> list[dict[str, str]]:
    """Read one CSV file from ``data/`` into a list of rows keyed by header.

    Args:
        filename: Name of the file inside ``data/``, e.g. ``"gbt4754_2017.csv"``.

    Returns:
        One dict per data row; every value is a string (empty when blank).
    """
    text = (resources.files(_PACKAGE) / "data" / filename).read_text(
        encoding="utf-8-sig"
    )
    return [
        {key: (value or "").strip() for key, value in row.items()}
        for row in csv.DictReader(io.StringIO(text))
    ]
