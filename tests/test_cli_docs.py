"""Every econwatch command is documented in docs/cli.md and carries an example."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def _ours() -> list[tuple[str, str]]:
    return sorted(
        (name, app)
        for name, app in get_commands().items()
        if app.startswith("econwatch.")
    )


def test_there_are_commands() -> None:
    names = {name for name, _ in _ours()}
    assert {"demo", "serve", "createuser", "indicators", "import", "alerts"} <= names


@pytest.mark.parametrize(("name", "app"), _ours(), ids=lambda v: str(v))
def test_command_is_documented_with_an_example(name: str, app: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    assert f"econwatch {name}" in text, f"docs/cli.md does not show `econwatch {name}`"
    command = load_command_class(app, name)
    assert "例" in command.help or "Example" in command.help, (
        f"`econwatch {name} --help` gives no example"
    )


def test_rules_command_is_documented() -> None:
    assert "econwatch rules check" in DOC.read_text(encoding="utf-8")
