"""One small demo district for the demo tests, built into the test database.

Building takes a few seconds, so it is built once for this package (outside the
tests' transactions) and deleted at the end; tests run in transactions that are
rolled back, so a test that rebuilds leaves the district as it was.
Demo accounts are hashed with a fast hasher here (Django's default takes about
a second per password).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import pytest
from django.test import override_settings
from pytest_django import DjangoDbBlocker

from econwatch.demo.build import DEFAULT_SEED, BuildResult, delete_demo, ensure_demo
from econwatch.demo.plan import Series, plan_series
from econwatch.demo.profiles import PROFILES

SEED = 20240101
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Every size calibrated to the published figures (not the benchmarks' province),
# with the tests' seed and the default seed (what users see).
SIZES_AND_SEEDS = [
    pytest.param(size, seed, id=f"{size}-{seed}")
    for size in sorted(PROFILES)
    if PROFILES[size].as_published
    for seed in (SEED, DEFAULT_SEED)
]


@cache
def series(size: str, seed: int) -> Series:
    """The 规上 enterprises' numbers in memory (cached: the full size takes ~2 s)."""
    return plan_series(seed, size)


@pytest.fixture(scope="package")
def demo(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[BuildResult]:
    """The small demo district, built with :data:`SEED`."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        result = ensure_demo(SEED, "small", rebuild=True)
    yield result
    with django_db_blocker.unblock():
        delete_demo()


@pytest.fixture
def fast_passwords() -> Iterator[None]:
    """Hash passwords quickly inside one test."""
    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        yield
