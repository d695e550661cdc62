"""Tables and headline cards as plain data, the same for HTML, JSON and Excel.

A table is a dict with a key, a title, typed columns and rows of plain values;
every chart on a page is drawn from one of these tables (the chart names the
table and the columns it reads), so the chart, the table under it, the JSON
twin and the Excel sheet show the same numbers.

Numbers are stored already rounded (half-up, once, by
:func:`econwatch.core.stats.round_half_up`) to the decimals the column prints,
so ``14.2`` in the JSON is ``14.2`` on the page and in the workbook.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from econwatch.core.stats import DASH, growth_phrase, round_half_up

Number = Fraction | int | float | None


def exact(value: Fraction | int | float) -> Fraction:
    """A value as an exact fraction; a float is read from its shortest text.

    Floats only reach here as numbers already rounded for print (``14.2``), so
    reading their text gives back the printed value exactly.
    """
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    return Fraction(value)


def rounded(value: Number, places: int) -> float | int | None:
    """``value`` rounded half-up to ``places`` decimals (an int when ``places=0``)."""
    if value is None:
        return None
    exact_value = round_half_up(exact(value), places)
    return int(exact_value) if places == 0 else float(exact_value)


def scaled(value: Number, per: int, places: int) -> float | int | None:
    """``value / per`` rounded: stored units to display units (千元 → 亿元 …)."""
    if value is None:
        return None
    return rounded(exact(value) / per, places)


def from_exact(exact: str | None, per: int = 1, places: int = 1) -> float | int | None:
    """An exact decimal text of the indicator layer, scaled and rounded."""
    if exact is None:
        return None
    return rounded(Fraction(exact) / per, places)


def percent_of(part: Number | str, whole: Number | str) -> float | int | None:
    """``part`` as a percentage of ``whole``, one decimal (``None`` if undefined)."""
    if part is None or whole is None or Fraction(whole) == 0:
        return None
    return rounded(Fraction(part) * 100 / Fraction(whole), 1)


def number_text(value: float | int | None, places: int) -> str:
    """The printed form of a rounded number: ``"3984.7"``, ``"-3.5"``, ``"—"``."""
    if value is None:
        return DASH
    return f"{value:.{places}f}"


def direction(pct: Number, places: int = 1) -> dict[str, str]:
    """Arrow, word and phrase for a growth rate, read from the printed digits.

    Red and green are alert colours, so direction is shown with ↑/↓ and the
    bureau's words (增长/下降/持平), never with colour.
    """
    if pct is None:
        return {"arrow": "", "direction": "none", "phrase": DASH}
    pct = exact(pct)
    shown = round_half_up(pct, places)
    if shown > 0:
        arrow, word = "↑", "up"
    elif shown < 0:
        arrow, word = "↓", "down"
    else:
        arrow, word = "→", "flat"
    return {"arrow": arrow, "direction": word, "phrase": growth_phrase(pct, places)}


@dataclass(frozen=True)
class Column:
    """One column: key in the rows, Chinese header, kind and decimals.

    Attributes:
        key: The row key.
        label: Header as printed, with the unit (``产值（亿元）``).
        kind: ``text``, ``number`` or ``int``.
        places: Decimals of a ``number`` column.
        link: Row key holding a URL for this cell (enterprise names).
    """

    key: str
    label: str
    kind: str = "number"
    places: int = 1
    link: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        out: dict[str, Any] = {"key": self.key, "label": self.label, "kind": self.kind}
        if self.kind == "number":
            out["places"] = self.places
        if self.link:
            out["link"] = self.link
        return out


def text(key: str, label: str, link: str = "") -> Column:
    """A text column."""
    return Column(key, label, "text", 0, link)


def integer(key: str, label: str) -> Column:
    """A whole-number column (counts, ranks)."""
    return Column(key, label, "int", 0)


def number(key: str, label: str, places: int = 1) -> Column:
    """A number column with ``places`` decimals."""
    return Column(key, label, "number", places)


@dataclass
class Table:
    """A table of a page.

    Attributes:
        key: Stable identifier (``towns``); also the Excel sheet's order key.
        title: Title as printed above the table and on the sheet.
        columns: The columns.
        rows: One dict per row, column key → value (plus link keys).
        note: A line under the table (source, definitions).
    """

    key: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "key": self.key,
            "title": self.title,
            "columns": [c.as_dict() for c in self.columns],
            "rows": self.rows,
            "note": self.note,
        }


def tables_json(tables: Iterable[Table]) -> list[dict[str, Any]]:
    """Several tables in JSON form, in page order."""
    return [t.as_dict() for t in tables]


def card(
    key: str,
    label: str,
    value: float | int | None,
    places: int,
    unit: str,
    *,
    growth: Number = None,
    growth_text: str | None = None,
    note: str = "",
) -> dict[str, Any]:
    """A headline card: the figure, its unit and its growth in words.

    Args:
        key: Stable identifier (``output_ytd``).
        label: Indicator name.
        value: The figure, already in ``unit`` and rounded.
        places: Decimals printed.
        unit: Display unit (亿元, 亿千瓦时, 条).
        growth: Growth in percent, exact (``None``: not defined).
        growth_text: What to print instead of the rate (扭亏为盈 …).
        note: Period and basis, e.g. ``1-12月累计，同口径``.
    """
    shown = rounded(growth, 1)
    return {
        "key": key,
        "label": label,
        "value": value,
        "value_text": number_text(value, places),
        "unit": unit,
        "growth_pct": shown,
        "growth_text": growth_text
        if growth_text is not None
        else (number_text(shown, 1) + "%" if shown is not None else DASH),
        **direction(growth),
        "note": note,
    }
