"""Fixtures of the register tests: users of each role and a tiny register."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from econwatch.register.models import Unit
from tests.register import factories


@pytest.fixture(autouse=True)
def _fast_and_private(monkeypatch: pytest.MonkeyPatch, settings) -> None:
    """Fast password hashing; the identity-number key kept out of var/."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setenv("ECONWATCH_PERSONAL_ID_SALT", "test-salt")


@pytest.fixture
def people(db: None) -> dict[str, User]:
    """admin, analyst, hutang and niutang (town officers), leader."""
    return factories.users()


@pytest.fixture
def units(db: None) -> dict[str, Unit]:
    """gear (湖塘, legal), cable (牛塘), pharma (高新区), shop (湖塘, 个体), branch."""
    return factories.register()


@pytest.fixture
def login(people: dict[str, User]):
    """A logged-in test client for one of ``people``."""

    def client_for(name: str) -> Client:
        client = Client()
        client.force_login(people[name])
        return client

    return client_for
