"""Configuration from environment variables."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection

from econwatch import config


@pytest.mark.parametrize(
    ("url", "engine", "name"),
    [
        ("sqlite:///var/x.sqlite3", "sqlite", "var/x.sqlite3"),
        ("sqlite:////abs/x.sqlite3", "sqlite", "/abs/x.sqlite3"),
        ("postgresql://u:p@db:5433/ew", "postgresql", "ew"),
        ("postgres://u@127.0.0.1/ew", "postgresql", "ew"),
    ],
    ids=["sqlite-relative", "sqlite-absolute", "postgresql", "postgres-alias"],
)
def test_parse_database_url(url: str, engine: str, name: str) -> None:
    db = config.parse_database_url(url)
    assert (db.engine, db.name) == (engine, name)


def test_unsupported_database_names_the_scheme() -> None:
    with pytest.raises(config.ConfigError, match="mysql"):
        config.parse_database_url("mysql://x/y")


def test_secret_key_is_generated_and_kept(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ECONWATCH_VAR", str(tmp_path))
    monkeypatch.delenv("ECONWATCH_SECRET_KEY", raising=False)
    first = config.secret_key()
    assert len(first) > 40
    assert config.secret_key() == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_debug_is_off_by_default() -> None:
    assert settings.DEBUG is False


def test_sqlite_file_database_runs_in_wal_mode(tmp_path, django_db_blocker) -> None:
    from django.db.backends.sqlite3.base import DatabaseWrapper

    entry = config.parse_database_url(f"sqlite:///{tmp_path}/x.sqlite3").django()
    wrapper = DatabaseWrapper(
        {
            **entry,
            "TIME_ZONE": None,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
            "USER": "",
            "PASSWORD": "",
            "HOST": "",
            "PORT": "",
            "TEST": {},
        }
    )
    try:
        with django_db_blocker.unblock(), wrapper.cursor() as cur:
            cur.execute("PRAGMA journal_mode")
            assert cur.fetchone()[0] == "wal"
    finally:
        wrapper.close()


def test_tests_run_on_the_chosen_engine() -> None:
    import os

    expected = {"sqlite": "sqlite", "postgres": "postgresql"}
    assert connection.vendor == expected[os.environ.get("ECONWATCH_TEST_DB", "sqlite")]


@pytest.mark.django_db
def test_code_lists_are_loaded_on_migrate() -> None:
    from econwatch.register.models import Division, Industry, RegistrationCategory

    assert Industry.objects.filter(level=4).count() == 1382
    assert Division.objects.filter(level="town").count() == 18
    assert RegistrationCategory.objects.count() == 29
