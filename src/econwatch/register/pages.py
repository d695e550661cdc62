"""What each register page shows, as plain data (the page's JSON twin).

Every function here returns a dict of strings, numbers, lists and dicts: the
HTML template renders it and ``?format=json`` returns it unchanged, so the two
cannot drift apart. Dates are ISO strings, times local ``YYYY-MM-DD HH:MM:SS``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from econwatch.accounts.scoping import visible_units
from econwatch.core.codes import divisions, industry, registration
from econwatch.register.errors import problem_json
from econwatch.register.fields import BY_NAME, EDITABLE, FIELDS, SIZE_AUTO, label
from econwatch.register.models import AuditEntry, Unit, UnitTag, UnitYear
from econwatch.register.search import PAGE_SIZE, parse, run
from econwatch.register.services import can_edit

ACTIONS = {
    "create": "登记",
    "update": "修改",
    "tag-add": "加标签",
    "tag-end": "标签失效",
}


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _local(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")


def _town(unit: Unit) -> dict[str, str]:
    return {"code": unit.division_id, "name": unit.division.name}


def _industry(unit: Unit) -> dict[str, str] | None:
    if unit.industry_id is None:
        return None
    return {"code": unit.industry_id, "name": unit.industry.name}


def unit_url(unit_id: int) -> str:
    """The detail page of a unit."""
    return reverse("register:unit", args=[unit_id])


def search_page(user: object, params: Mapping[str, Any]) -> dict[str, Any]:
    """The register search page: the query, counts and one page of units.

    Args:
        user: The user; only units they may see are searched.
        params: The request's query parameters.
    """
    query, problems = parse(params)
    result = run(user, query)
    ids = [u.pk for u in result.units]
    today = timezone.localdate()
    tags: dict[int, list[str]] = defaultdict(list)
    for unit_id, name in (
        UnitTag.objects.filter(unit_id__in=ids, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .order_by("tag__code")
        .values_list("unit_id", "tag__name")
    ):
        tags[unit_id].append(name)
    above: dict[int, list[int]] = defaultdict(list)
    for unit_id, year in (
        UnitYear.objects.filter(unit_id__in=ids, above_scale=True)
        .order_by("year")
        .values_list("unit_id", "year")
    ):
        above[unit_id].append(year)
    params_now = query.as_params()

    def page_params(number: int) -> dict[str, Any] | None:
        if number < 1 or number > result.pages:
            return None
        return {**params_now, "page": number}

    return {
        "query": params_now,
        "total": result.total,
        "counts": [
            {"kind": kind, "label": kind_label, "count": result.counts[kind]}
            for kind, kind_label in Unit.Kind.choices
        ],
        "page": {
            "number": result.page,
            "pages": result.pages,
            "size": PAGE_SIZE,
            "first": (result.page - 1) * PAGE_SIZE + 1 if result.total else 0,
            "last": (result.page - 1) * PAGE_SIZE + len(result.units),
            "previous": page_params(result.page - 1),
            "next": page_params(result.page + 1),
        },
        "units": [
            {
                "id": u.pk,
                "name": u.name,
                "uscc": u.uscc,
                "kind": u.kind,
                "kind_label": u.get_kind_display(),
                "town": _town(u),
                "industry": _industry(u),
                "size_class": u.size_class,
                "size_label": u.get_size_class_display(),
                "status": u.status,
                "status_label": u.get_status_display(),
                "above_scale_years": above[u.pk],
                "tags": tags[u.pk],
                "url": unit_url(u.pk),
            }
            for u in result.units
        ],
        "problems": [problem_json(p) for p in problems + result.problems],
    }


def describe(name: str, value: str) -> str:
    """A stored (audit) value with its meaning, e.g. ``3670 汽车零部件及配件制造``."""
    if not value:
        return ""
    try:
        if name == "division":
            return f"{value} {divisions.get(value).name}"
        if name == "industry":
            return industry.get(value).label
        if name == "reg_category":
            return f"{value} {registration.get_category(value).name}"
    except ValueError:  # a code that left the lists since: show it bare
        return value
    labels: dict[str, str] = dict(
        {
            "kind": Unit.Kind.choices,
            "status": Unit.Status.choices,
            "size_class": Unit.Size.choices,
        }.get(name, [])
    )
    if value in labels:
        return labels[value]
    if name == "legal_unit":
        return f"单位编号 {value}"
    return value


def _industry_path(code: str | None) -> list[dict[str, str]]:
    if not code:
        return []
    item = industry.lookup(code)
    if item is None:
        return [{"level": "小类", "code": code, "name": "（不在现行分类中）"}]
    chain = [item, *industry.parents(code)]
    return [
        {"level": i.level_name, "code": i.code, "name": i.name} for i in reversed(chain)
    ]


def _scoped(user: object | None, qs: QuerySet[Unit]) -> QuerySet[Unit]:
    """Units of ``qs`` the user may see (all of them for the system)."""
    return qs if user is None else visible_units(user, qs)


def _linked(user: object | None, unit: Unit) -> dict[str, Any]:
    related: dict[str, Any] = {"legal_unit": None, "activity_units": [], "hidden": 0}
    if unit.legal_unit_id:
        legal = Unit.objects.select_related("division").get(pk=unit.legal_unit_id)
        visible = _scoped(user, Unit.objects.filter(pk=legal.pk)).exists()
        related["legal_unit"] = {
            "id": legal.pk,
            "name": legal.name,
            "uscc": legal.uscc,
            "town": _town(legal),
            "url": unit_url(legal.pk) if visible else None,
        }
    children = unit.activity_units.select_related("division").order_by("id")
    seen = _scoped(user, children)
    related["activity_units"] = [
        {"id": c.pk, "name": c.name, "town": _town(c), "url": unit_url(c.pk)}
        for c in seen
    ]
    related["hidden"] = children.count() - len(related["activity_units"])
    return related


def unit_page(user: object | None, unit: Unit) -> dict[str, Any]:
    """The unit detail page: identity, codes, tags, clusters, years, history.

    Args:
        user: The user (already allowed to see ``unit``); ``None`` for the
            command line, which sees everything.
        unit: The unit, with division, industry and category loaded.
    """
    today = timezone.localdate()
    reg = unit.reg_category
    names = sorted(
        unit.names.all(), key=lambda n: (n.valid_from or datetime.date.min, n.pk)
    )
    return {
        "unit": {
            "id": unit.pk,
            "name": unit.name,
            "kind": unit.kind,
            "kind_label": unit.get_kind_display(),
            "uscc": unit.uscc,
            "status": unit.status,
            "status_label": unit.get_status_display(),
            "size_class": unit.size_class,
            "size_label": unit.get_size_class_display(),
            "employees": unit.employees,
            "revenue": unit.revenue,
            "founded": _iso(unit.founded),
            "address": unit.address,
            "phone": unit.phone,
            "zone_code": unit.zone_code,
            "operator_name": unit.operator_name,
            "operator_id_last4": unit.operator_id_last4,
            "version": unit.version,
            "created_at": _local(unit.created_at),
            "updated_at": _local(unit.updated_at),
        },
        "town": {
            "code": unit.division_id,
            "code9": unit.division.code9,
            "name": unit.division.name,
        },
        "industry_path": _industry_path(unit.industry_id),
        "reg_category": {"code": reg.code, "name": reg.name} if reg else None,
        "tags": [
            {
                "code": t.tag.code,
                "name": t.tag.name,
                "valid_from": _iso(t.valid_from),
                "valid_to": _iso(t.valid_to),
                "current": t.valid_from <= today
                and (t.valid_to is None or t.valid_to >= today),
                "source": t.source,
            }
            for t in unit.tags.select_related("tag").order_by("-valid_from", "id")
        ],
        "taxonomies": [
            {
                "taxonomy": n.version.taxonomy.name,
                "version": n.version.label,
                "valid_from": _iso(n.version.valid_from),
                "valid_to": _iso(n.version.valid_to),
                "node_code": n.code,
                "node_name": n.name,
                "parent": n.parent.name if n.parent else None,
            }
            for n in unit.taxonomy_nodes.select_related(
                "version__taxonomy", "parent"
            ).order_by("version__taxonomy__code", "-version__valid_from", "order")
        ],
        "years": [
            {
                "year": y.year,
                "above_scale": y.above_scale,
                "revenue": y.revenue,
                "employees": y.employees,
            }
            for y in unit.years.order_by("-year")
        ],
        "related": _linked(user, unit),
        "names": [
            {
                "name": n.name,
                "valid_from": _iso(n.valid_from),
                "valid_to": _iso(n.valid_to),
                "current": n.valid_to is None,
            }
            for n in names
        ],
        "audit": [audit_row(e) for e in unit.audit.all()],
        "can_edit": can_edit(user, unit),
        "urls": {
            "html": unit_url(unit.pk),
            "json": reverse("register:unit-json", args=[unit.pk]),
            "edit": reverse("register:unit-edit", args=[unit.pk]),
        },
    }


def audit_row(entry: AuditEntry) -> dict[str, Any]:
    """One audit entry for people: labels next to the stored codes."""
    return {
        "at": _local(entry.at),
        "user": entry.username,
        "action": entry.action,
        "action_label": ACTIONS.get(entry.action, entry.action),
        "field": entry.field,
        "field_label": "标签" if entry.field == "tag" else label(entry.field),
        "old": entry.old,
        "new": entry.new,
        "old_label": describe(entry.field, entry.old),
        "new_label": describe(entry.field, entry.new),
        "reason": entry.reason,
    }


def form_values(unit: Unit) -> dict[str, str]:
    """A unit's values as the edit form shows them (codes people type)."""
    legal = ""
    if unit.legal_unit_id:
        parent = Unit.objects.filter(pk=unit.legal_unit_id).values_list(
            "uscc", flat=True
        )
        legal = parent.first() or str(unit.legal_unit_id)
    values = {
        name: ""
        if getattr(unit, BY_NAME[name].attr) is None
        else str(getattr(unit, BY_NAME[name].attr))
        for name in EDITABLE
    }
    values.update(
        legal_unit=legal,
        operator_id="",  # never sent back to the browser
        founded=_iso(unit.founded) or "",
    )
    return values


def edit_page(unit: Unit) -> dict[str, Any]:
    """The edit form's JSON twin: current values, version and field list."""
    return {
        "unit": {"id": unit.pk, "name": unit.name, "kind": unit.kind},
        "version": unit.version,
        "values": form_values(unit),
        "fields": [
            {"name": f.name, "label": f.label, "hint": f.hint}
            for f in FIELDS
            if not f.create_only
        ],
        "size_auto": SIZE_AUTO,
        "operator_id_last4": unit.operator_id_last4,
    }


def new_page(initial: Mapping[str, Any]) -> dict[str, Any]:
    """The registration form's JSON twin: the fields and their starting values."""
    return {
        "values": dict(initial),
        "fields": [{"name": f.name, "label": f.label, "hint": f.hint} for f in FIELDS],
        "kinds": [{"kind": k, "label": lbl} for k, lbl in Unit.Kind.choices],
        "size_auto": SIZE_AUTO,
    }
