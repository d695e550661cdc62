"""Fixtures of the alerts tests: the hand-made district of :mod:`.factories`."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from econwatch.alerts.evaluation import evaluate

from .factories import AS_OF, District, build_district, people


@pytest.fixture
def district(db) -> District:
    """One planted case per seeded rule, and normal enterprises around them."""
    return build_district()


@pytest.fixture
def raised(district: District) -> District:
    """The district after evaluating the rules on :data:`AS_OF`: six new alerts."""
    evaluate(AS_OF)
    return district


@pytest.fixture
def users(district: District, settings) -> dict[str, User]:
    """One user per role that matters to alerts (cheap password hashing)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return people(district)
