"""The ``econwatch`` command: Django management commands plus framework-free tools.

Example:
    econwatch demo            # build the demo district and serve it
    econwatch rules check rules.yaml data.csv
"""

from __future__ import annotations

import os
import sys

# Commands that run without Django (and without a database) are dispatched here.
_FRAMEWORK_FREE = {"rules": "econwatch.rules_cli"}


def main(argv: list[str] | None = None) -> int:
    """Run an econwatch command and return its exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in _FRAMEWORK_FREE:
        import importlib

        module = importlib.import_module(_FRAMEWORK_FREE[args[0]])
        return int(module.main(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "econwatch.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["econwatch", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
