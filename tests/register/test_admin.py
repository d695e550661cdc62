"""The admin screens for the register's master data load and stay read-mostly."""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from econwatch.register.models import (
    AuditEntry,
    Industry,
    Tag,
    TaxonomyNode,
    TaxonomyVersion,
    UnitTag,
)

REGISTER_MODELS = sorted(
    (m for m in admin.site._registry if m._meta.app_label == "register"),
    key=lambda m: m._meta.model_name,
)


@pytest.mark.parametrize("model", REGISTER_MODELS, ids=lambda m: m._meta.model_name)
def test_changelist_loads(login, units, model) -> None:
    meta = model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    assert login("admin").get(url).status_code == 200
    assert login("admin").get(url, {"q": "3670"}).status_code == 200


@pytest.mark.parametrize(
    ("model", "pick"),
    [
        ("unit", lambda u: u["gear"].pk),
        ("industry", lambda u: "3670"),
        ("division", lambda u: "320412100000"),
        ("tag", lambda u: Tag.objects.get(code="hnte").pk),
        ("taxonomyversion", lambda u: TaxonomyVersion.objects.get().pk),
        ("taxonomynode", lambda u: TaxonomyNode.objects.get().pk),
        ("unittag", lambda u: UnitTag.objects.get().pk),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_object_page_loads(login, units, model, pick) -> None:
    url = reverse(f"admin:register_{model}_change", args=[pick(units)])
    response = login("admin").get(url)
    assert response.status_code == 200


def test_code_lists_and_units_cannot_be_changed_in_admin(login, units) -> None:
    client = login("admin")
    url = reverse("admin:register_industry_change", args=["3670"])
    client.post(url, {"code": "3670", "level": 4, "name": "改掉"})
    assert Industry.objects.get(code="3670").name == "汽车零部件及配件制造"
    page = client.get(reverse("admin:register_unit_changelist")).content.decode()
    assert "在名录库中修改" in page
    assert client.get(reverse("admin:register_unit_add")).status_code == 403


def test_tag_given_in_admin_is_audited(login, units) -> None:
    client = login("admin")
    little = Tag.objects.get(code="little-giant")
    response = client.post(
        reverse("admin:register_unittag_add"),
        {
            "unit": units["cable"].pk,
            "tag": little.pk,
            "valid_from": "2023-07-01",
            "valid_to": "",
            "source": "工信部第五批",
            "reason": "第五批小巨人名单",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(unit=units["cable"])
    assert (entry.action, entry.new, entry.username) == (
        "tag-add",
        "专精特新“小巨人”（2023-07-01起）",
        "admin",
    )
    held = UnitTag.objects.get(unit=units["cable"])
    client.post(
        reverse("admin:register_unittag_change", args=[held.pk]),
        {
            "unit": units["cable"].pk,
            "tag": little.pk,
            "valid_from": "2023-07-01",
            "valid_to": "2026-06-30",
            "source": "工信部第五批",
            "reason": "有效期届满",
        },
    )
    last = AuditEntry.objects.filter(unit=units["cable"]).order_by("-id").first()
    assert last.old == "专精特新“小巨人”（2023-07-01起）"
    assert last.new == "专精特新“小巨人”（2023-07-01起至2026-06-30）"
    held.refresh_from_db()
    assert held.valid_to == datetime.date(2026, 6, 30)


def test_non_staff_cannot_enter_admin(login, units) -> None:
    response = login("analyst").get(reverse("admin:index"))
    assert response.status_code == 302
