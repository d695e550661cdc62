"""Problems found in an import file, each with a stable code, place and value.

A problem says what is wrong (``message``, Chinese, with what to do next), where
(``row`` as Excel shows it — the header is row 1 — and ``field``, the Chinese column
header), and which ``value`` was found. ``code`` is stable: tests, the web page and
the documentation key on it. Errors block the whole file; warnings (核实性) are
reported and the file is still imported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Final, Literal

Severity = Literal["error", "warning"]

#: Every code an import can report: code → (severity, short Chinese title).
CODES: Final[dict[str, tuple[Severity, str]]] = {
    "unreadable-file": ("error", "文件无法读取"),
    "bad-encoding": ("error", "文件编码无法识别"),
    "empty-file": ("error", "文件没有表头或数据"),
    "missing-column": ("error", "缺少必需的列"),
    "duplicate-column": ("error", "列重复"),
    "unknown-column": ("warning", "无法识别的列（已忽略）"),
    "missing-value": ("error", "必填项为空"),
    "bad-number": ("error", "数值格式错误"),
    "bad-period": ("error", "报告期错误"),
    "bad-date": ("error", "日期错误"),
    "bad-vintage": ("error", "报送批次过长"),
    "too-long": ("error", "文字过长"),
    "bad-uscc": ("error", "统一社会信用代码错误"),
    "unknown-enterprise": ("error", "名录中没有该企业"),
    "enterprise-mismatch": ("error", "信用代码与单位ID不是同一单位"),
    "name-mismatch": ("warning", "单位名称与名录不一致"),
    "duplicate-row": ("error", "重复的记录"),
    "negative-value": ("error", "数值为负"),
    "negative-invoice": ("warning", "开票金额为负"),
    "ytd-less-than-month": ("error", "累计小于本月"),
    "ytd-chain-broken": ("error", "上月止累计 + 本月 ≠ 本月止累计"),
    "base-chain-broken": ("warning", "上年同期累计不衔接"),
    "base-missing": ("warning", "缺少上年同期数"),
    "growth-out-of-range": ("warning", "增速超过±50%"),
    "unknown-scope": ("warning", "口径不在统计口径表中"),
    # An error when errors were left out, else a warning.
    "too-many-problems": ("error", "问题过多，未全部列出"),
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in an import file.

    Attributes:
        code: Stable identifier from :data:`CODES`, e.g. ``unknown-enterprise``.
        row: Row number as Excel shows it (header = 1); ``None`` for the file.
        field: Chinese column header the problem is in ('' for the file or row).
        value: The value as found in the file ('' when empty).
        message: What is wrong and what to do, in Chinese.
        severity: ``"error"`` blocks the import; ``"warning"`` does not.
    """

    code: str
    row: int | None
    field: str
    value: str
    message: str
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        """Whether this problem blocks the import."""
        return self.severity == "error"

    def as_dict(self) -> dict[str, object]:
        """The problem as a JSON-ready dict (stored in ``ImportBatch.problems``)."""
        return asdict(self)


def problem(
    code: str, row: int | None, field: str, value: object, message: str
) -> Problem:
    """Build a problem with the severity that :data:`CODES` declares for ``code``.

    Args:
        code: A key of :data:`CODES`.
        row: Excel row number, header = 1; ``None`` for file-level problems.
        field: Chinese column header.
        value: The value found; shown as text.
        message: Chinese explanation with what to do.

    Returns:
        The problem.
    """
    severity, _ = CODES[code]
    shown = "" if value is None else str(value)
    return Problem(code, row, field, shown, message, severity)


class ProblemList:
    """Collects problems, keeping at most ``limit`` of them (counting all).

    A file with a systematic mistake (every row of a wrong kind) would otherwise
    produce a million problems; past the limit they are only counted by code and
    one ``too-many-problems`` entry says how many were left out.
    """

    def __init__(self, limit: int = 100_000) -> None:
        """Start an empty list that keeps up to ``limit`` problems."""
        self.limit = limit
        self._kept: list[Problem] = []
        self._dropped: Counter[str] = Counter()
        self._dropped_errors = 0
        self.errors = 0
        self.warnings = 0

    def add(self, item: Problem) -> None:
        """Record one problem."""
        if item.is_error:
            self.errors += 1
        else:
            self.warnings += 1
        if len(self._kept) < self.limit:
            self._kept.append(item)
        else:
            self._dropped[item.code] += 1
            self._dropped_errors += item.is_error

    def extend(self, items: list[Problem]) -> None:
        """Record several problems."""
        for item in items:
            self.add(item)

    def __iter__(self) -> Iterator[Problem]:
        yield from self.all()

    def __len__(self) -> int:
        return len(self._kept) + (1 if self._dropped else 0)

    def all(self) -> list[Problem]:
        """The kept problems in file order, plus a note on those left out."""
        kept = sorted(self._kept, key=_order)
        if self._dropped:
            counts = "，".join(f"{c} {n}条" for c, n in self._dropped.most_common())
            total = sum(self._dropped.values())
            kept.append(
                Problem(
                    "too-many-problems",
                    None,
                    "",
                    str(total),
                    f"另有{total}条问题未列出（{counts}）；请先改正上面列出的问题再导入",
                    "error" if self._dropped_errors else "warning",
                )
            )
        return kept

    def counts(self) -> dict[str, int]:
        """Number of problems per code, including those not kept."""
        found = Counter(p.code for p in self._kept)
        found.update(self._dropped)
        return dict(found)


def _order(item: Problem) -> tuple[int, int]:
    return (-1 if item.row is None else item.row, 0 if item.is_error else 1)
