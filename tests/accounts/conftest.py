"""The accounts tests reuse the register's users and tiny register."""

from tests.register.conftest import _fast_and_private, login, people, units

__all__ = ["_fast_and_private", "login", "people", "units"]
