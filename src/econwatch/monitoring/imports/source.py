"""Open an import file — CSV in any common encoding, or Excel .xlsx — as rows.

Rows are numbered as Excel shows them (the first line is row 1), blank rows and
rows whose first cell starts with ``#`` (comments, as in the CSV templates) are
skipped. The encoding of a CSV file is detected: UTF-8 with or without BOM, else
GB18030 (a superset of GBK and GB2312, what Excel on a Chinese Windows writes).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_CHUNK = 1 << 20
_DELIMITERS = ",\t;"


class SourceError(Exception):
    """The file cannot be read at all; ``code`` is a problem code."""

    def __init__(self, code: str, message: str) -> None:
        """Keep the problem code and the Chinese message."""
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Table:
    """The rows of an import file.

    Attributes:
        rows: ``(row number, cells)`` for every non-blank, non-comment row,
            header included; row numbers are those Excel shows.
        total_rows: Approximate number of rows, for progress bars.
        encoding: Detected text encoding (CSV), or ``"xlsx"``.
    """

    rows: Iterator[tuple[int, list[object]]]
    total_rows: int | None
    encoding: str


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@contextlib.contextmanager
def open_table(path: Path) -> Iterator[Table]:
    """Open a CSV or .xlsx file as rows.

    Args:
        path: The file; the format is chosen by its extension (``.xlsx``, ``.xlsm``
            are Excel, anything else is read as CSV).

    Yields:
        The table; the file is closed when the block ends.

    Raises:
        SourceError: The file is missing, an old .xls, or not decodable.
    """
    if not path.is_file():
        raise SourceError("unreadable-file", f"找不到文件：{path}")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise SourceError(
            "unreadable-file",
            "不支持旧版Excel（.xls）文件，请在Excel中“另存为”.xlsx或CSV后再导入",
        )
    if suffix in (".xlsx", ".xlsm"):
        with _open_xlsx(path) as table:
            yield table
    else:
        with _open_csv(path) as table:
            yield table


def detect_encoding(path: Path) -> str:
    """Detect the encoding of a text file: ``utf-8-sig``, ``utf-8`` or ``gb18030``.

    Raises:
        SourceError: The bytes are neither UTF-8 nor GB18030 (e.g. UTF-16 or a
            binary file).
    """
    with path.open("rb") as stream:
        head = stream.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise SourceError(
                "bad-encoding",
                "文件是UTF-16编码（Excel“Unicode文本”），请另存为“CSV UTF-8”或.xlsx",
            )
        for encoding in ("utf-8", "gb18030"):
            stream.seek(0)
            decoder = codecs.getincrementaldecoder(encoding)()
            try:
                while chunk := stream.read(_CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                continue
            return encoding
    raise SourceError(
        "bad-encoding", "无法识别文件编码（既不是UTF-8也不是GB18030），请另存为.xlsx"
    )


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            count += chunk.count(b"\n")
    return count


@contextlib.contextmanager
def _open_csv(path: Path) -> Iterator[Table]:
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, newline="") as stream:
        first = stream.readline()
        stream.seek(0)
        counts = {d: first.count(d) for d in _DELIMITERS}
        delimiter = (
            max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
        )
        reader = csv.reader(stream, delimiter=delimiter)
        yield Table(_csv_rows(reader), _count_lines(path), encoding)


def _csv_rows(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[object]]]:
    for number, cells in enumerate(reader, start=1):
        if not cells or cells[0].startswith("#"):
            continue
        if not cells[0].strip() and all(not cell.strip() for cell in cells):
            continue
        yield number, list(cells)


@contextlib.contextmanager
def _open_xlsx(path: Path) -> Iterator[Table]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SourceError(
            "unreadable-file", f"无法打开Excel文件（{exc}）；请确认文件完整且是.xlsx"
        ) from None
    try:
        sheet = book.worksheets[0]
        yield Table(
            _xlsx_rows(sheet.iter_rows(values_only=True)), sheet.max_row, "xlsx"
        )
    finally:
        book.close()


def _xlsx_rows(
    rows: Iterator[tuple[object, ...]],
) -> Iterator[tuple[int, list[object]]]:
    for number, cells in enumerate(rows, start=1):
        values = list(cells)
        while values and (values[-1] is None or values[-1] == ""):
            values.pop()
        if not values:
            continue
        first = values[0]
        if isinstance(first, str) and first.startswith("#"):
            continue
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        yield number, values
