"""What the desk loads to start: libraries for demo data, badges, migrations, printing through Qt
and e-mail checks wait until used, PostgreSQL's driver until the desk works with a hub, and the
sync's replay until the first sync."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
LATER = (
    "faker",
    "reportlab",
    "alembic",
    "pypdfium2",
    "openpyxl",
    "pymorphy3",
    "email_validator",
    "PySide6.QtPrintSupport",
    "ui.kiosk.window",
    "psycopg",
    "kiosk.offline.sync",
)


def test_the_desk_window_module_loads_without_the_libraries_it_needs_only_later() -> None:
    script = f"import sys, ui.app; print(sorted(m for m in {LATER!r} if m in sys.modules))"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    found = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
    )
    assert found.stdout.strip() == "[]"
