"""Where and when a page looks: reporting scopes, towns and report periods.

:class:`TownScope` lets a town be passed where the indicator layer expects a
reporting scope: it has a code, a name and ``divisions`` (a queryset holding
the one town), which is all :mod:`econwatch.monitoring.indicators` reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from econwatch.accounts.models import SiteSetting
from econwatch.monitoring.indicators import IndicatorError, PeriodSpec, parse_period
from econwatch.monitoring.models import MonthlyReport
from econwatch.monitoring.pages.access import PageError
from econwatch.register.models import Division, ReportingScope


@dataclass(frozen=True)
class TownScope:
    """A town seen as a reporting scope of one division.

    Attributes:
        code: The town's 12-digit code.
        name: The town's name.
    """

    code: str
    name: str

    @property
    def divisions(self) -> QuerySet[Division]:
        """The town itself, as the divisions of the scope."""
        return Division.objects.filter(pk=self.code)

    @classmethod
    def of(cls, town: Division) -> TownScope:
        """The scope of one town."""
        return cls(town.pk, town.name)


def scope_q(scope: ReportingScope | TownScope, prefix: str = "unit__") -> Q:
    """Rows whose unit (reached through ``prefix``) lies in the scope."""
    return Q(**{f"{prefix}division__in": scope.divisions.all()})


def scopes() -> list[dict[str, str]]:
    """The reporting scopes, in the bureau's order, for the selector."""
    return [
        {"code": code, "name": name}
        for code, name in ReportingScope.objects.values_list("code", "name")
    ]


def choose_scope(asked: str | None) -> ReportingScope:
    """The scope asked for by code or name, else the first in order (全区).

    Raises:
        PageError: no scope is defined, or the one asked for does not exist.
    """
    if asked:
        found = ReportingScope.objects.filter(Q(code=asked) | Q(name=asked)).first()
        if found is None:
            known = "、".join(s["name"] for s in scopes())
            raise PageError(
                "unknown-scope",
                400,
                f"统计口径 {asked!r} 不存在；可选：{known or '（尚未定义）'}",
            )
        return found
    first = ReportingScope.objects.first()
    if first is None:
        raise PageError(
            "no-scope",
            404,
            "尚未定义统计口径（如“全区”）；请在管理后台“统计口径”中添加后再查看",
        )
    return first


def district_scope() -> ReportingScope | None:
    """The widest scope (全区 if defined, else the first in order)."""
    return (
        ReportingScope.objects.filter(Q(code="all") | Q(name="全区")).first()
        or ReportingScope.objects.first()
    )


def report_periods() -> list[str]:
    """Months with current monthly reports, newest first, Januaries left out.

    January is not a statistical period of its own (1—2月 is published as one).
    """
    found = (
        MonthlyReport.objects.filter(is_current=True)
        .values_list("period", flat=True)
        .distinct()
        .order_by("-period")
    )
    return [p for p in found if not p.endswith("-01")]


def period_choices(periods: list[str]) -> list[dict[str, Any]]:
    """Selector entries: ``{"code": "2023-12", "label": "2023年1-12月"}``."""
    return [{"code": p, "label": parse_period(p).ytd.label()} for p in periods]


DEFAULT_PERIOD_SETTING = "monitoring_period"
"""Site setting naming the period pages open on (e.g. the last published month)."""


def default_period(periods: list[str]) -> str | None:
    """The period pages open on: the site's setting if it has reports, else the newest.

    The bureau may set ``monitoring_period`` (管理后台 → 站点设置) to the last month
    it has published, so that a month still being collected is not the first thing
    leaders see.
    """
    chosen = (
        SiteSetting.objects.filter(key=DEFAULT_PERIOD_SETTING)
        .values_list("value", flat=True)
        .first()
    )
    if chosen and chosen.strip() in periods:
        return chosen.strip()
    return periods[0] if periods else None


def choose_period(asked: str | None, periods: list[str]) -> PeriodSpec | None:
    """The period asked for, else the default one (``None``: no data at all).

    Raises:
        PageError: the text is not a month, or a January.
    """
    text = asked or default_period(periods)
    if text is None:
        return None
    try:
        return parse_period(text)
    except IndicatorError as exc:
        raise PageError(exc.code, 400, exc.message) from exc
