"""Row-level scoping: who sees which units."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from econwatch.accounts.roles import role_of
from econwatch.accounts.scoping import can_see_unit, visible_units
from econwatch.accounts.services import AccountError, create_user


@pytest.mark.parametrize(
    ("who", "seen"),
    [
        ("admin", {"gear", "cable", "pharma", "shop", "branch"}),
        ("analyst", {"gear", "cable", "pharma", "shop", "branch"}),
        ("leader", {"gear", "cable", "pharma", "shop", "branch"}),
        ("hutang", {"gear", "shop"}),
        ("niutang", {"cable", "branch"}),
    ],
)
def test_visible_units(people, units, who, seen) -> None:
    ids = set(visible_units(people[who]).values_list("pk", flat=True))
    assert ids == {units[name].pk for name in seen}


def test_enterprise_reporter_sees_itself_and_its_branches(people, units) -> None:
    reporter = create_user("gear", "x" * 12, "enterprise", unit_id=units["gear"].pk)
    assert {u.name for u in visible_units(reporter)} == {
        "常州恒立精工齿轮有限公司",
        "常州恒立精工齿轮有限公司牛塘分厂",
    }
    assert not can_see_unit(reporter, units["cable"])


def test_no_role_sees_nothing(db, units) -> None:
    nobody = User.objects.create_user("nobody", password="x" * 12)
    assert role_of(nobody) is None
    assert not visible_units(nobody).exists()


def test_town_officer_needs_a_town(db) -> None:
    with pytest.raises(AccountError, match="镇街道业务员必须指定"):
        create_user("x", "x" * 12, "town_officer")
