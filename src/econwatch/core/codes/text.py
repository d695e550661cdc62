"""Normalise code values the way people type them into forms.

Codes arrive from keyboards, spreadsheets and OCR: with full-width characters
(``９１３２…``), spaces or hyphens between groups, and lower-case letters. Every
code list compacts its input with :func:`compact` before checking it, so that the
checks judge the code and not its typography.
"""

from __future__ import annotations

import unicodedata


def compact(value: str, separators: str = "-") -> str:
    """Return the value in NFKC form, upper-cased, without whitespace or separators.

    Args:
        value: The raw value as entered.
        separators: Characters to drop besides whitespace.

    Returns:
        The compacted value; empty if nothing was left.

    Example:
        >>> compact(" ９１３２ 0412-mA1 ")
        '91320412MA1'
    """
    text = unicodedata.normalize("NFKC", value)
    return "".join(
        ch for ch in text if not ch.isspace() and ch not in separators
    ).upper()
