"""A module's private names (`_name`) stay its own: no other module of the app imports them,
so what one module keeps to itself can change without breaking another (ruff's PLC2701, not
yet stable there)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def private_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] not in ("kiosk", "ui"):
                continue
            found += [
                f"{path.relative_to(ROOT)}:{node.lineno}: {node.module}.{alias.name}"
                for alias in node.names
                if alias.name.startswith("_") and not alias.name.startswith("__")
            ]
    return found


def test_no_module_of_the_app_imports_another_modules_private_names() -> None:
    sources = [*ROOT.joinpath("kiosk").rglob("*.py"), *ROOT.joinpath("ui").rglob("*.py")]
    assert len(sources) > 50
    assert [line for path in sorted(sources) for line in private_imports(path)] == []
