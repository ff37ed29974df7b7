"""Refreshes the Qt translation of the desk: lupdate over ui/, then lrelease to the .qm file.

Run after changing interface texts; translate new entries in Qt Linguist
(`pyside6-linguist resources/translations/desk_ru.ts`) and run it again.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "desk_ru.ts"


def tool(name: str) -> str:
    return str(Path(sys.executable).with_name(f"pyside6-{name}"))


def main() -> None:
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run(
        [tool("lupdate"), "-no-obsolete", *sources, "-ts", str(TS)], cwd=ROOT, check=True
    )
    subprocess.run(
        [tool("lrelease"), str(TS), "-qm", str(TS.with_suffix(".qm"))], cwd=ROOT, check=True
    )


if __name__ == "__main__":
    main()
