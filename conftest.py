"""Choose the test database.

``ECONWATCH_TEST_DB=sqlite`` (default) or ``postgres`` (with
``ECONWATCH_TEST_PG_URL``, default the local server). ``ECONWATCH_REQUIRE_ALL=1``
turns every skip for a missing component (Chromium, PostgreSQL, PySpark) into
a failure, as CI requires.

pytest-django sets Django up before this file is read, so the database entry is
replaced here, before any connection is opened.
"""

from __future__ import annotations

import contextlib
import os

from django.conf import settings
from django.db import connections

from econwatch import config

_engine = os.environ.get("ECONWATCH_TEST_DB", "sqlite")
if _engine == "postgres":
    _url = os.environ.get(
        "ECONWATCH_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/econwatch"
    )
elif _engine == "sqlite":
    _url = "sqlite:///econwatch-test.sqlite3"  # Django tests it in memory
else:
    raise SystemExit(f"ECONWATCH_TEST_DB must be sqlite or postgres, not {_engine!r}")
settings.DATABASES["default"] = config.parse_database_url(_url).django()
connections.settings = connections.configure_settings(settings.DATABASES)
# Drop a connection object made from the old entry during django.setup().
with contextlib.suppress(AttributeError):
    del connections["default"]


def require_all() -> bool:
    """Whether missing components must fail tests instead of skipping them."""
    return os.environ.get("ECONWATCH_REQUIRE_ALL") == "1"
