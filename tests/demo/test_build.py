"""Determinism, reuse and the command."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from econwatch.accounts.models import SiteSetting
from econwatch.demo.accounts import ACCOUNTS
from econwatch.demo.build import BuildResult, demo_state, ensure_demo
from econwatch.demo.digest import table_digests
from econwatch.register.models import Unit

from .conftest import SEED

pytestmark = pytest.mark.django_db


def test_same_seed_same_tables_other_seed_other_tables(
    demo: BuildResult, fast_passwords: None
) -> None:
    before = table_digests()
    ensure_demo(SEED, "small", rebuild=True, accounts=False)
    assert table_digests() == before
    ensure_demo(SEED + 1, "small", rebuild=True, accounts=False)
    after = table_digests()
    assert all(after[k] != before[k] for k in before)


def test_running_again_reuses_the_demo(demo: BuildResult) -> None:
    units = Unit.objects.count()
    out = StringIO()
    call_command("demo", "--no-serve", "--size", "small", "--seed", "1", stdout=out)
    assert "直接使用" in out.getvalue() and "--rebuild" in out.getvalue()
    assert Unit.objects.count() == units
    assert demo_state() == demo.state
    settings = dict(SiteSetting.objects.values_list("key", "value"))
    assert settings["demo"] == "1"
    assert (settings["demo_seed"], settings["demo_size"]) == (str(SEED), "small")


def test_command_rebuilds_and_prints_figures_and_accounts(
    demo: BuildResult, fast_passwords: None
) -> None:
    out = StringIO()
    call_command(
        "demo",
        "--no-serve",
        "--rebuild",
        "--size",
        "small",
        "--seed",
        str(SEED),
        stdout=out,
    )
    text = out.getvalue()
    assert "示例区已构建" in text
    for figure in ("3984.7", "5064.14", "1215.6", "14.2%", "19.0%", "159.5%"):
        assert figure in text
    for account in ACCOUNTS:
        assert account.username in text
        assert User.objects.filter(username=account.username).exists()


def test_demo_accounts_have_their_places(demo: BuildResult) -> None:
    user = User.objects.get(username="hutang")
    assert user.profile.division_id == "320412100000"
    enterprise = User.objects.get(username="enterprise").profile.unit
    assert enterprise is not None and enterprise.kind == "legal"
