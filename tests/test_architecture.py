"""The dependency direction of ARCHITECTURE.md: core never imports Django."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[1] / "src" / "econwatch" / "core"
FORBIDDEN = (
    "django",
    "econwatch.register",
    "econwatch.monitoring",
    "econwatch.accounts",
)


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    "path", sorted(CORE.rglob("*.py")), ids=lambda p: str(p.relative_to(CORE))
)
def test_core_module_imports_no_framework(path: Path) -> None:
    bad = {n for n in _imports(path) if n.split(".")[0] == "django" or n in FORBIDDEN}
    assert not bad, f"{path} imports {sorted(bad)}"
