"""Statistical periods: 当月 (one month) and 1—N月累计 (year to date).

The monthly industrial series has no standalone January: NBS publishes 1–2月 combined
and the financial survey exempts January ("1月份数据免报") [S9][S11][S12]. So the first
period of every year is 1–2月, and it is at the same time the first 当月 and the first
累计 period. A :class:`Period` is therefore a month range inside one year, and only
these ranges exist:

======================  ==============  =======================================
notation (``str()``)    label           meaning
======================  ==============  =======================================
``2023-01..02``         2023年1-2月     first period: 当月 *and* 累计 of 1–2月
``2023-05``             2023年5月       当月 May (any single month 3–12)
``2023-01..12``         2023年1-12月    累计 January to December
======================  ==============  =======================================

``2023-01`` and ``2023-02`` are refused with a hint to use ``2023-01..02``; a range not
starting in January (``2023-03..05``) is refused too: the bureaus publish 当月 and 累计,
never other spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from econwatch.core.stats.errors import PeriodError

_NOTATION = re.compile(r"(\d{4})-(\d{2})(?:\.\.(\d{2}))?")
_LABEL = re.compile(r"(?:(\d{4})年)?(\d{1,2})(?:\s*[-—–~～至]\s*(\d{1,2}))?月(?:份)?")
_NAMED_SPANS = {
    "一季度": 3,
    "上半年": 6,
    "前三季度": 9,
    "全年": 12,
}
_NAMED = re.compile(r"(?:(\d{4})年)?(" + "|".join(_NAMED_SPANS) + ")")
_FIRST_PERIOD_HINT = (
    "January and February are one period in the statistical series: "
    "use {year}-01..02 (1-2月)."
)


@dataclass(frozen=True, slots=True)
class Period:
    """A month range of one year that exists in the monthly statistical series.

    Build one with :meth:`month`, :meth:`ytd`, :meth:`parse` or :meth:`parse_label`
    rather than the raw constructor; the constructor validates all the same.

    Attributes:
        year: Calendar year (four digits).
        start: First month covered: ``end`` for a single 当月 month, 1 for a
            cumulative period.
        end: Last month covered (2–12).

    Example:
        >>> p = Period.ytd(2023, 12)
        >>> str(p), p.label(), p.label(with_year=False, dash="—")
        ('2023-01..12', '2023年1-12月', '1—12月')
    """

    year: int
    start: int
    end: int

    def __post_init__(self) -> None:
        """Refuse ranges that are not a statistical period."""
        if not 1000 <= self.year <= 9999:
            raise PeriodError(
                "period-year",
                "a period's year must have four digits",
                value=self.year,
                hint="Pass the calendar year, e.g. 2023.",
            )
        if self.start == self.end == 1:
            raise PeriodError(
                "period-january-alone",
                "January alone is not a statistical period",
                value=f"{self.year}-01",
                hint=_FIRST_PERIOD_HINT.format(year=self.year),
            )
        if self.start == self.end == 2:
            raise PeriodError(
                "period-february-alone",
                "February alone is not a statistical period",
                value=f"{self.year}-02",
                hint=_FIRST_PERIOD_HINT.format(year=self.year),
            )
        single = self.start == self.end and 3 <= self.end <= 12
        cumulative = self.start == 1 and 2 <= self.end <= 12
        if not (single or cumulative):
            raise PeriodError(
                "period-months",
                "a period is one month (3-12) or a range from January (1-2 to 1-12)",
                value=(self.year, self.start, self.end),
                hint="Use Period.month(year, m) for 当月 or Period.ytd(year, m) "
                "for 1-m月累计.",
            )

    # -- constructors ---------------------------------------------------------------

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The 当月 period reported in ``month``.

        February maps to the combined 1–2月 period, the first 当月 of the year.

        Args:
            year: Calendar year.
            month: Reporting month, 2–12.

        Returns:
            The single month, or 1–2月 for ``month == 2``.

        Raises:
            PeriodError: ``month`` is 1 (January alone) or outside 1–12.
        """
        if month == 2:
            return cls(year, 1, 2)
        return cls(year, month, month)

    @classmethod
    def ytd(cls, year: int, month: int) -> Period:
        """The cumulative period 1—``month``月.

        Args:
            year: Calendar year.
            month: Last month, 2–12.

        Returns:
            The period from January to ``month``.

        Raises:
            PeriodError: ``month`` is 1 (January alone) or outside 1–12.
        """
        return cls(year, 1, month)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read the canonical notation (``2023-05``, ``2023-01..02``, ``2023-01..12``).

        Args:
            text: Canonical notation, as written by ``str(period)``.

        Returns:
            The period.

        Raises:
            PeriodError: The text is not in the notation or names a period that does
                not exist (``2023-01``, ``2023-02``, ``2023-03..05``).
        """
        match = _NOTATION.fullmatch(text.strip())
        if match is None:
            raise PeriodError(
                "period-notation",
                "not a period notation",
                value=text,
                hint="Write YYYY-MM for 当月 (2023-05) or YYYY-01..MM for 累计 "
                "(2023-01..12); the first period is YYYY-01..02.",
            )
        year, first, last = match.groups()
        if last is None:
            return cls(int(year), int(first), int(first))
        if first != "01" or first == last:
            raise PeriodError(
                "period-notation",
                "a range must run from January to a later month",
                value=text,
                hint="Write YYYY-01..MM (累计) or YYYY-MM (当月).",
            )
        return cls(int(year), 1, int(last))

    @classmethod
    def parse_label(cls, text: str, *, year: int | None = None) -> Period:
        """Read a Chinese label as published (``2023年1-12月``, ``5月``, ``上半年``).

        Accepted: ``[YYYY年]M月``, ``[YYYY年]1-M月`` (dash ``-``, ``—``, ``–``,
        ``~`` or ``至``), and ``[YYYY年]一季度|上半年|前三季度|全年`` (cumulative
        1-3, 1-6, 1-9, 1-12).

        Args:
            text: The label.
            year: Year to use when the label has none (``1-2月``).

        Returns:
            The period.

        Raises:
            PeriodError: Unknown label, no year, or a period that does not exist
                (``1月``, ``2月``, ``3-5月``).
        """
        stripped = text.strip()
        named = _NAMED.fullmatch(stripped)
        if named is not None:
            found_year, span = named.groups()
            return cls.ytd(cls._label_year(found_year, year, text), _NAMED_SPANS[span])
        match = _LABEL.fullmatch(stripped)
        if match is None:
            raise PeriodError(
                "period-label",
                "not a period label",
                value=text,
                hint="Write 2023年5月, 2023年1-5月, 1-2月 (with year=...) or 上半年.",
            )
        found_year, first, last = match.groups()
        the_year = cls._label_year(found_year, year, text)
        if last is None:
            return cls(the_year, int(first), int(first))
        if int(first) != 1:
            raise PeriodError(
                "period-label",
                "a range must run from January (1—N月)",
                value=text,
                hint="Only 当月 (M月) and 累计 (1-M月) periods exist.",
            )
        return cls(the_year, 1, int(last))

    @staticmethod
    def _label_year(found: str | None, given: int | None, text: str) -> int:
        if found is not None:
            return int(found)
        if given is None:
            raise PeriodError(
                "period-label-year",
                "the label has no year",
                value=text,
                hint="Pass year=... or write the year (2023年1-2月).",
            )
        return given

    @classmethod
    def months_of(cls, year: int) -> tuple[Period, ...]:
        """The 当月 series of a year: 1–2月, 3月, …, 12月 (11 periods)."""
        return tuple(cls.month(year, m) for m in range(2, 13))

    @classmethod
    def ytds_of(cls, year: int) -> tuple[Period, ...]:
        """The 累计 series of a year: 1–2月, 1–3月, …, 1–12月 (11 periods)."""
        return tuple(cls.ytd(year, m) for m in range(2, 13))

    # -- properties -----------------------------------------------------------------

    @property
    def is_cumulative(self) -> bool:
        """Whether this is a 1—N月 period (true for 1–2月)."""
        return self.start == 1

    @property
    def is_month(self) -> bool:
        """Whether this is a 当月 period (a single month, or 1–2月)."""
        return self.start == self.end or self.end == 2

    @property
    def months(self) -> range:
        """The calendar months covered, e.g. ``range(1, 3)`` for 1–2月."""
        return range(self.start, self.end + 1)

    @property
    def months_elapsed(self) -> int:
        """Months of the year elapsed at the end of the period (for 序时进度)."""
        return self.end

    def shift_years(self, years: int) -> Period:
        """The same months ``years`` later (negative: earlier)."""
        return Period(self.year + years, self.start, self.end)

    def same_period_last_year(self) -> Period:
        """上年同期: the same months one year earlier."""
        return self.shift_years(-1)

    def label(self, *, with_year: bool = True, dash: str = "-") -> str:
        """The Chinese label as the bureaus print it.

        Args:
            with_year: Prefix ``YYYY年``.
            dash: Range dash; publications use ``-``, forms ``—``.

        Returns:
            ``2023年12月``, ``2023年1-12月``, ``1—2月`` …
        """
        months = f"{self.end}月" if self.start == self.end else f"1{dash}{self.end}月"
        return f"{self.year}年{months}" if with_year else months

    def __str__(self) -> str:
        """The canonical notation, read back by :meth:`parse`."""
        if self.start == self.end:
            return f"{self.year}-{self.end:02d}"
        return f"{self.year}-01..{self.end:02d}"
