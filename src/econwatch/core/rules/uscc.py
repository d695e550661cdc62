"""``uscc_valid(x)``: the 统一社会信用代码 check used by rules, in Python and as data.

A value passes when it is exactly 18 characters long, positions 1–2 and 9–18 are
in the GB 32100 alphabet (digits and capitals without I, O, S, V, Z), positions
3–8 are digits, and position 18 is the GB/T 17710 MOD 31-3 check character of the
first 17 (python-stdnum's ``calc_check_digit`` is the reference). Unlike
``stdnum.cn.uscc.validate``, letters are accepted in positions 1–2 (``N`` 农业,
``Y`` 其他, ``A`` 军队 …). The value is taken as stored: no spaces are removed and
lower case is not accepted. ``econwatch.core.codes.uscc`` checks more (authority
table, province, the embedded organisation code) for the register's own forms.

The check is arithmetic over per-position lookups, so the Ibis compiler can build
the same test in SQL for every engine (see ``compiler``): it needs only
``length``, ``substr``, ``strpos`` on :data:`ALPHABET`, integer ``*``, ``+`` and
``%``, and the regex :data:`PATTERN` in the portable subset of ``regex``. On DuckDB
the compiler calls :func:`uscc_valid_arrow` instead, registered as the function
``econwatch_uscc_valid``: the same test over a whole Arrow vector at once (one
table lookup per byte and a matrix product), several times cheaper than 18
substrings per row.
"""

from __future__ import annotations

import re
from typing import Final

import numpy as np
import pyarrow as pa
from stdnum.cn import uscc as _stdnum_uscc

ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS: Final = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH: Final = 18
PATTERN: Final = "^[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}$"
_FORMAT = re.compile(r"[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}")


def check_value(first17: str) -> int:
    """Return the alphabet index of the check character of 17 valid characters.

    This is the formula the SQL version computes: ``(31 - Σ index·weight % 31) % 31``.
    """
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return (31 - total % 31) % 31


def uscc_valid(value: str) -> bool:
    """Return whether ``value`` is a well-formed USCC with a correct check character.

    Example:
        >>> uscc_valid("91320412MA1MXXXX0X")
        False
        >>> uscc_valid("91350100M000100Y43")
        True
    """
    if len(value) != LENGTH or _FORMAT.fullmatch(value) is None:
        return False
    return bool(value[17] == _stdnum_uscc.calc_check_digit(value[:17]))


# Byte → alphabet index (−1 for a byte outside the alphabet), and the weights.
_INDEX = np.full(256, -1, dtype=np.int64)
for _i, _c in enumerate(ALPHABET.encode("ascii")):
    _INDEX[_c] = _i
_WEIGHTS = np.array(WEIGHTS, dtype=np.int64)
_DIGITS = slice(2, 8)  # positions 3–8 must be digits (alphabet index < 10)


def uscc_valid_arrow(values: pa.Array | pa.ChunkedArray) -> pa.BooleanArray:
    """:func:`uscc_valid` over an Arrow string vector; NULL stays NULL.

    Works on the UTF-8 bytes: a value passes only if it is 18 bytes long, so every
    character is ASCII, and each byte is looked up in the alphabet at once.

    Example:
        >>> uscc_valid_arrow(pa.array(["91350100M000100Y43", "9135", None])).to_pylist()
        [True, False, None]
    """
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if not pa.types.is_large_string(values.type):
        values = values.cast(pa.large_string())
    n = len(values)
    _, offsets_buffer, data_buffer = values.buffers()
    offsets = np.frombuffer(
        offsets_buffer, dtype=np.int64, count=n + 1, offset=values.offset * 8
    )
    result = np.zeros(n, dtype=bool)
    rows = np.flatnonzero(np.diff(offsets) == LENGTH)
    if rows.size and data_buffer is not None:
        data = np.frombuffer(data_buffer, dtype=np.uint8)
        index = _INDEX[data[offsets[rows][:, None] + np.arange(LENGTH)]]
        well_formed = (index >= 0).all(axis=1) & (index[:, _DIGITS] < 10).all(axis=1)
        check = (31 - (index[:, : LENGTH - 1] @ _WEIGHTS) % 31) % 31
        result[rows] = well_formed & (index[:, LENGTH - 1] == check)
    if values.null_count:
        mask = np.asarray(values.is_null().to_numpy(zero_copy_only=False))
        return pa.array(result, mask=mask)
    return pa.array(result)
