"""The user admin shows each user's role and the town that bounds their view."""

from __future__ import annotations

from django.urls import reverse

from econwatch.accounts.models import Profile


def test_user_list_shows_role_and_scope(login, units) -> None:
    html = login("admin").get(reverse("admin:auth_user_changelist")).content.decode()
    assert "镇街道业务员" in html and "湖塘镇" in html


def test_user_page_has_the_profile_inline(login, people) -> None:
    url = reverse("admin:auth_user_change", args=[people["hutang"].pk])
    html = login("admin").get(url).content.decode()
    assert "用户资料（查看范围）" in html and 'name="profile-0-division"' in html


def test_admin_pages_load(login, people) -> None:
    for name in (
        "auth_group_changelist",
        "auth_user_add",
        "accounts_sitesetting_changelist",
    ):
        assert login("admin").get(reverse(f"admin:{name}")).status_code == 200
    assert Profile.objects.count() == 5
