"""Fixtures of the alerts tests: the hand-made district of :mod:`.factories`."""

from __future__ import annotations

import pytest

from .factories import District, build_district


@pytest.fixture
def district(db) -> District:
    """One planted case per seeded rule, and normal enterprises around them."""
    return build_district()
