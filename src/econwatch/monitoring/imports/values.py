"""Reading one cell: numbers, amounts, report periods, days and header names.

Cells come from CSV (always text) or Excel (numbers, dates or text). The parsers
accept what people really type — full-width digits, thousands separators, ``2024年3月``,
``2024/3/5`` — and raise :class:`BadValue` with a Chinese message saying what is
expected otherwise. Blank cells parse to ``None``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FIRST_YEAR = 2000
#: Amounts from 10^15 on (千元 or 元) are refused: a wrong unit, and near the limit
#: of a 64-bit database integer.
LIMIT = 10**15
_DASHES = str.maketrans({"—": "-", "–": "-", "－": "-", "~": "-", "～": "-", "−": "-"})
_SPACES = re.compile(r"\s+")
_MONTH = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:月份?)?")
_MONTH_COMPACT = re.compile(r"(\d{4})(\d{2})")
_FIRST_PERIOD = re.compile(
    r"(\d{4})\s*(?:-|年)?\s*0?1\s*(?:\.\.|-|至)\s*0?2\s*(?:月份?)?"
)
_DAY = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+0{1,2}:00(?::00)?)?"
)
_DAY_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")


class BadValue(ValueError):
    """A cell that cannot be read; ``message`` says what was expected (Chinese)."""

    def __init__(self, message: str) -> None:
        """Keep the Chinese message."""
        super().__init__(message)
        self.message = message


def cell_text(raw: object) -> str:
    """The cell as stripped text ('' for an empty cell).

    Excel integers stored as floats (``1234.0``) are shown without the ``.0``.
    """
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.date().isoformat() if _is_midnight(raw) else raw.isoformat(" ")
    return str(raw).strip()


def header_key(text: str) -> str:
    """Normalise a column header for matching: width, spaces, dashes and case.

    Example:
        >>> header_key(" 工业总产值 1—本月（千元） ")
        '工业总产值1-本月(千元)'
    """
    folded = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return _SPACES.sub("", folded).lower()


def _number_text(raw: object) -> str:
    text = unicodedata.normalize("NFKC", str(raw)).translate(_DASHES)
    return _SPACES.sub("", text).replace(",", "")


def parse_decimal(raw: object, *, percent: bool = False) -> Decimal | None:
    """Read a number exactly.

    Args:
        raw: The cell.
        percent: Allow (and drop) a trailing ``%`` — for growth columns.

    Returns:
        The number, or ``None`` for an empty cell.

    Raises:
        BadValue: The cell is not a number.
    """
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise BadValue("应为数字，不能是“是/否”")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw))
    if isinstance(raw, (date, datetime)):
        raise BadValue("应为数字，单元格却是日期；请把单元格格式设为“数值”")
    text = _number_text(raw)
    if not text:
        return None
    if percent and text.endswith("%"):
        text = text[:-1]
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise BadValue("应为数字（可带千分位逗号），不能含文字或单位") from None
    if not value.is_finite():
        raise BadValue("应为数字（可带千分位逗号），不能含文字或单位")
    return value


def _bounded(value: int, limit: int) -> int:
    if abs(value) >= limit:
        raise BadValue(f"数值过大（绝对值应小于{limit:.0e}），请核对计量单位")
    return value


def parse_integer(raw: object, *, limit: int = LIMIT) -> int | None:
    """Read a whole number (千元 amounts, persons); decimals are refused.

    Args:
        raw: The cell.
        limit: Absolute values from this on are refused (a wrong unit, or more
            than the database column holds).

    Raises:
        BadValue: Not a number, not a whole number, or too large.
    """
    if type(raw) is int:
        return _bounded(raw, limit)
    if isinstance(raw, str):
        try:
            return _bounded(int(raw), limit)
        except ValueError:
            pass
    value = parse_decimal(raw)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise BadValue("应为整数，不保留小数；请核对计量单位是否填错")
    return _bounded(int(value), limit)


def parse_amount(raw: object) -> int | None:
    """Read an amount and round it half-up to a whole unit (元, 千瓦时).

    Raises:
        BadValue: Not a number, or too large.
    """
    if type(raw) is int:
        return _bounded(raw, LIMIT)
    value: Decimal | None
    if isinstance(raw, str):
        try:
            return _bounded(int(raw), LIMIT)
        except ValueError:
            pass
        try:  # fast path for plain decimals such as "1285000.37"
            value = Decimal(raw)
        except InvalidOperation:
            value = parse_decimal(raw)
        else:
            if not value.is_finite():
                value = parse_decimal(raw)
    else:
        value = parse_decimal(raw)
    if value is None:
        return None
    return _bounded(int(value.to_integral_value(rounding=ROUND_HALF_UP)), LIMIT)


def parse_month(raw: object, *, today: date) -> str:
    """Read a monthly report period and return it as ``YYYY-MM``.

    1—2月 is one period in the statistical series, stored as ``YYYY-02``;
    ``2024-01..02``, ``2024年1-2月`` and ``2024-02`` all mean it, and a standalone
    January is refused.

    Args:
        raw: The cell: ``2024-03``, ``2024/3``, ``202403``, ``2024年3月``, or an
            Excel date on the first of the month.
        today: Periods after the month of ``today`` are refused.

    Returns:
        The period, e.g. ``"2024-03"``.

    Raises:
        BadValue: The cell is not a period the series has.
    """
    year, month = _year_month(raw)
    if month == 1:
        raise BadValue(
            f"1月不单独成期：1—2月合并为一期，请把报告期填为{year}-02，"
            "本月和1—本月均填1—2月合计数"
        )
    if not 1 <= month <= 12:
        raise BadValue("月份应在1到12之间")
    if year < FIRST_YEAR:
        raise BadValue(f"年份应不早于{FIRST_YEAR}年")
    if (year, month) > (today.year, today.month):
        raise BadValue("报告期晚于当前月份，请核对年份和月份")
    return f"{year:04d}-{month:02d}"


def _year_month(raw: object) -> tuple[int, int]:
    if isinstance(raw, (date, datetime)):
        if raw.day != 1:
            raise BadValue("报告期应为年月（如2024-03），单元格却是某一天的日期")
        return raw.year, raw.month
    text = _number_text(cell_text(raw))
    if not text:
        raise BadValue("报告期不能为空，请填写年月，如2024-03")
    if found := _FIRST_PERIOD.fullmatch(text):
        return int(found.group(1)), 2
    for pattern in (_MONTH, _MONTH_COMPACT):
        if found := pattern.fullmatch(text):
            return int(found.group(1)), int(found.group(2))
    if (found := _DAY.fullmatch(text)) and int(found.group(3)) == 1:
        return int(found.group(1)), int(found.group(2))
    raise BadValue("报告期应写成年月，如2024-03、2024年3月或202403")


def parse_day(raw: object, *, today: date) -> date:
    """Read a calendar day.

    Args:
        raw: ``2024-03-05``, ``2024/3/5``, ``20240305``, ``2024年3月5日`` or an
            Excel date.
        today: Days after ``today`` are refused.

    Returns:
        The day.

    Raises:
        BadValue: Not a day, a day that does not exist, or one in the future.
    """
    if isinstance(raw, datetime):
        day = raw.date()
    elif isinstance(raw, date):
        day = raw
    else:
        text = _number_text(cell_text(raw))
        if not text:
            raise BadValue("日期不能为空，请填写如2024-03-05")
        found = _DAY.fullmatch(text) or _DAY_COMPACT.fullmatch(text)
        if not found:
            raise BadValue("日期应写成年-月-日，如2024-03-05或2024/3/5")
        try:
            day = date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
        except ValueError:
            raise BadValue("日历上没有这一天，请核对月份和日") from None
    if day.year < FIRST_YEAR:
        raise BadValue(f"日期应不早于{FIRST_YEAR}年")
    if day > today:
        raise BadValue("日期晚于今天，请核对年份")
    return day


def _is_midnight(value: datetime) -> bool:
    return value.hour == value.minute == value.second == value.microsecond == 0
