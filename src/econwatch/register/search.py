"""Search the register: parse the request, build the filter, run it once.

:func:`parse` turns request parameters into a :class:`UnitQuery` (and problems
for values it cannot use); :func:`build_filter` is a pure function from a query
to a Django ``Q`` (every value bound as a parameter, never formatted into SQL);
:func:`run` applies the user's scope, counts per unit kind in one grouped query
and fetches one page.

Every filter uses an index of ``register_unit`` or a primary-key subquery on an
indexed table (tags by ``tag``, years by ``(year, above_scale)``); a name
fragment is the one scan, and the count shares it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from econwatch.accounts.scoping import visible_units
from econwatch.core.codes import industry
from econwatch.core.codes.problems import CodeProblem
from econwatch.core.codes.text import compact
from econwatch.register.models import Unit, UnitName, UnitTag, UnitYear

PAGE_SIZE = 50
# Results up to this size are counted and paged from one pass over their ids.
PROBE_LIMIT = 5000
_USCC_FULL = re.compile(r"[0-9A-Z]{18}")
_USCC_PREFIX = re.compile(r"(?=.*\d)[0-9A-Z]{6,17}")
_INDUSTRY_CODE = re.compile(r"[A-Ta-t]|[A-Ta-t]?\d{2,4}")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class UnitQuery:
    """What the user searches for; empty strings mean "any".

    Attributes:
        q: A name fragment (current or former name) or a USCC (whole or its
            first 6–17 characters).
        town: 12-digit code of a town.
        industry: A GB/T 4754 code at any level, or words of an industry name
            (Chinese or pinyin).
        size: Size class ``"1"``–``"4"``.
        tag: Tag code; units holding it today.
        kind: ``"legal"``, ``"activity"`` or ``"individual"``.
        status: Operating status code.
        year: Units above scale (规上) in this year.
        page: Page number from 1.
    """

    q: str = ""
    town: str = ""
    industry: str = ""
    size: str = ""
    tag: str = ""
    kind: str = ""
    status: str = ""
    year: int | None = None
    page: int = 1

    def as_params(self) -> dict[str, Any]:
        """The non-empty parameters, for links and the JSON twin."""
        return {k: v for k, v in asdict(self).items() if v not in ("", None)}


@dataclass
class SearchResult:
    """One page of units and the counts of the whole result.

    Attributes:
        units: The units on this page, with town and industry loaded.
        total: Number of units matching.
        counts: Unit kind → number matching.
        page: Page number shown.
        pages: Number of pages.
        problems: Parameters that could not be used (e.g. an unknown industry).
    """

    units: list[Unit]
    total: int
    counts: dict[str, int]
    page: int
    pages: int
    problems: list[CodeProblem] = field(default_factory=list)


def parse(params: Mapping[str, Any]) -> tuple[UnitQuery, list[CodeProblem]]:
    """Read a query from request parameters, reporting values it cannot use.

    Args:
        params: ``request.GET`` or a plain dict.

    Returns:
        The query (unusable values dropped) and the problems found.
    """
    problems: list[CodeProblem] = []

    def text(name: str) -> str:
        return " ".join(str(params.get(name) or "").split())

    def number(name: str, default: int | None) -> int | None:
        value = text(name)
        if not value:
            return default
        if value.isdigit() and 0 < int(value) < 10**6:
            return int(value)
        problems.append(
            CodeProblem(
                f"{name}-not-a-number",
                name,
                value,
                f"参数 {name}=“{value}”应为正整数，已忽略",
            )
        )
        return default

    query = UnitQuery(
        q=text("q"),
        town=text("town"),
        industry=text("industry"),
        size=text("size"),
        tag=text("tag"),
        kind=text("kind"),
        status=text("status"),
        year=number("year", None),
        page=number("page", 1) or 1,
    )
    return query, problems


def industry_classes(text: str) -> tuple[list[str], list[CodeProblem]]:
    """The 4-digit classes an industry filter stands for.

    Args:
        text: A code at any level (``"C"``, ``"36"``, ``"C3670"``) or a name
            (``"汽车"``, ``"qczz"``).

    Returns:
        The class codes (empty with a problem when nothing matches).
    """
    value = compact(text)
    if _INDUSTRY_CODE.fullmatch(value):
        found = industry.check(value, field="industry")
        if found:
            return [], found
        return [c.code for c in industry.classes_under(value)], []
    matches = industry.search(text, limit=30)
    codes = sorted({c.code for m in matches for c in industry.classes_under(m.code)})
    if not codes:
        return [], [
            CodeProblem(
                "industry-not-found",
                "industry",
                text,
                f"没有名称含“{text}”的行业，请换个说法，或填写行业代码",
            )
        ]
    return codes, []


def build_filter(
    query: UnitQuery, today: datetime.date, industry_codes: list[str] | None
) -> Q:
    """The filter for a query, as one ``Q`` (pure: no database access).

    Args:
        query: The search.
        today: The day a tag must be valid on.
        industry_codes: The classes of ``query.industry`` (from
            :func:`industry_classes`), or ``None`` for no industry filter.
    """
    where = Q()
    code = compact(query.q)
    if code and _USCC_FULL.fullmatch(code):
        where &= Q(uscc=code)
    elif code and _USCC_PREFIX.fullmatch(code):
        where &= Q(uscc__startswith=code)
    elif query.q:
        # Chinese has no case: a plain LIKE is three times cheaper than
        # UPPER(name) LIKE UPPER(%s) on PostgreSQL; Latin letters need the latter.
        lookup = "name__icontains" if _LATIN.search(query.q) else "name__contains"
        # Former names only: the current name is on the unit itself.
        former = UnitName.objects.filter(
            valid_to__isnull=False, **{lookup: query.q}
        ).values("unit_id")
        where &= Q(**{lookup: query.q}) | Q(pk__in=former)
    for name, column in (
        ("town", "division_id"),
        ("size", "size_class"),
        ("kind", "kind"),
        ("status", "status"),
    ):
        if value := getattr(query, name):
            where &= Q(**{column: value})
    if industry_codes is not None:
        where &= Q(industry_id__in=industry_codes)
    if query.tag:
        held = UnitTag.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=today),
            tag__code=query.tag,
            valid_from__lte=today,
        ).values("unit_id")
        where &= Q(pk__in=held)
    if query.year is not None:
        above = UnitYear.objects.filter(year=query.year, above_scale=True)
        where &= Q(pk__in=above.values("unit_id"))
    return where


def run(
    user: object, query: UnitQuery, today: datetime.date | None = None
) -> SearchResult:
    """Run a search within the user's scope.

    Args:
        user: The user; only units they may see are searched.
        query: The search.
        today: The day tags must be valid on (default: today).

    Returns:
        One page of units and the counts of the whole result.
    """
    problems: list[CodeProblem] = []
    codes: list[str] | None = None
    if query.industry:
        codes, problems = industry_classes(query.industry)
    where = build_filter(query, today or datetime.date.today(), codes)
    qs: QuerySet[Unit] = visible_units(user).filter(where)
    # Most searches match few units: one pass over the matches in id order gives
    # both the counts and the page. Only a broad result costs a separate count.
    probe = list(qs.order_by("id").values_list("id", "kind")[: PROBE_LIMIT + 1])
    if len(probe) <= PROBE_LIMIT:
        counts = dict.fromkeys(Unit.Kind.values, 0)
        for _pk, kind in probe:
            counts[kind] += 1
    else:
        counts = _count_by_kind(qs, query)
    total = sum(counts.values())
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(query.page, pages)
    start = (page - 1) * PAGE_SIZE
    rows = Unit.objects.select_related("division", "industry").order_by("id")
    if len(probe) <= PROBE_LIMIT:
        ids = [pk for pk, _kind in probe[start : start + PAGE_SIZE]]
        units = list(rows.filter(pk__in=ids))
    else:
        units = list(
            qs.select_related("division", "industry").order_by("id")[
                start : start + PAGE_SIZE
            ]
        )
    return SearchResult(units, total, counts, page, pages, problems)


def _count_by_kind(qs: QuerySet[Unit], query: UnitQuery) -> dict[str, int]:
    """Units per kind of a large result, by the cheapest plan for the filters."""
    if not (query.q or query.industry or query.tag or query.year or query.size):
        # Scope, town, kind and status only: one COUNT per kind is answered
        # from the (kind) and (division, kind) indexes.
        return {kind: qs.filter(kind=kind).count() for kind in Unit.Kind.values}
    # Otherwise one pass with a filtered COUNT per kind (cheaper than GROUP BY).
    return qs.order_by().aggregate(
        **{kind: Count("pk", filter=Q(kind=kind)) for kind in Unit.Kind.values}
    )
