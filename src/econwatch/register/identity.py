"""The secret that keys the stored hash of operators' 身份证号.

A 个体工商户 operator's identity number is personal data: the register keeps only
an HMAC of it (see :func:`econwatch.core.codes.personal_id.hash_personal_id`) and
its last four characters. The HMAC key must stay the same for as long as the
hashes have to match each other, so it is *not* derived from ``SECRET_KEY``
(rotating the session key would silently break every match). It comes from

1. the environment variable ``ECONWATCH_PERSONAL_ID_SALT``, or else
2. the file ``var/personal_id_salt`` (generated on first use, mode 0600), kept
   next to the secret key and outside the database, so that a copy of the
   database alone does not let anyone test guesses against the hashes.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings

from econwatch.core.codes.personal_id import hash_personal_id

ENV_VAR = "ECONWATCH_PERSONAL_ID_SALT"
FILENAME = "personal_id_salt"


def salt_path() -> Path:
    """Where the generated salt is kept (``var/personal_id_salt``)."""
    return Path(settings.VAR_DIR) / FILENAME


def personal_id_salt() -> str:
    """The HMAC key for identity numbers; created in ``var/`` when missing."""
    if value := os.environ.get(ENV_VAR):
        return value
    path = salt_path()
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    # Create with 0600 from the start: the salt never exists world-readable.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(value)
    return value


def protect_personal_id(number: str) -> tuple[str, str]:
    """The (hash, last four) pair the register stores for an identity number.

    Args:
        number: A validated 18-character 身份证号.

    Returns:
        ``(64-character hex HMAC, last four characters)``.
    """
    return hash_personal_id(number, personal_id_salt())
