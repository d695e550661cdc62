"""Read the platform's configuration from environment variables.

Kept apart from ``settings.py`` so that the command line can resolve the database
URL and the data folder without importing Django.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse


class ConfigError(ValueError):
    """A configuration value that cannot be used, with the variable and value."""


def var_dir() -> Path:
    """The folder for the database, the secret key and uploads (``ECONWATCH_VAR``)."""
    return Path(os.environ.get("ECONWATCH_VAR", Path.cwd() / "var")).resolve()


def database_url() -> str:
    """The database URL; defaults to the embedded SQLite file in ``var/``."""
    default = f"sqlite:///{var_dir() / 'econwatch.sqlite3'}"
    return os.environ.get("ECONWATCH_DATABASE_URL", "") or default


@dataclass(frozen=True)
class Database:
    """A parsed database URL."""

    engine: str  # "sqlite" | "postgresql"
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    def django(self) -> dict[str, object]:
        """The Django ``DATABASES['default']`` entry for this database."""
        if self.engine == "sqlite":
            return {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": self.name,
                "OPTIONS": {
                    # WAL lets readers (pages) run while an import writes.
                    "init_command": (
                        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                        "PRAGMA busy_timeout=10000;"
                    ),
                    "transaction_mode": "IMMEDIATE",
                },
            }
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": self.name,
            "USER": self.user,
            "PASSWORD": self.password,
            "HOST": self.host,
            "PORT": self.port,
            "CONN_MAX_AGE": 60,
        }


def parse_database_url(url: str) -> Database:
    """Parse ``sqlite:///path`` or ``postgresql://user:pw@host:port/name``.

    Raises:
        ConfigError: the scheme is not one the platform supports.
    """
    parsed = urlparse(url)
    scheme = parsed.scheme.split("+")[0]
    if scheme == "sqlite":
        # sqlite:///relative/path, sqlite:////absolute/path (as SQLAlchemy)
        path = unquote(url.split(":///", 1)[1]) if ":///" in url else ""
        return Database("sqlite", path or ":memory:")
    if scheme in ("postgres", "postgresql"):
        return Database(
            "postgresql",
            unquote(parsed.path.lstrip("/")),
            unquote(parsed.username or ""),
            unquote(parsed.password or ""),
            parsed.hostname or "",
            str(parsed.port or ""),
        )
    raise ConfigError(
        f"ECONWATCH_DATABASE_URL 的协议 {scheme!r} 不受支持；"
        "请使用 sqlite:///路径 或 postgresql://用户@主机:端口/库名"
    )


def secret_key() -> str:
    """The secret key from ``ECONWATCH_SECRET_KEY`` or a generated one kept in var/."""
    if key := os.environ.get("ECONWATCH_SECRET_KEY"):
        return key
    path = var_dir() / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key
