"""What the desk loads to start: libraries for demo data, badges, migrations, printing through Qt
and e-mail checks wait until used, PostgreSQL's driver until the desk works with a hub, the
sync's replay until the first sync, and what the desk does less often than a scan (walk-ins and
corrections, the organiser's summary and files, paper lists, merges, demo data) until first
done."""

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
    "kiosk.services.registration",
    "kiosk.reports.model",
    "kiosk.services.summary",
    "kiosk.services.reporting",
    "kiosk.services.merging",
    "kiosk.services.batch",
    "kiosk.services.demo",
    "kiosk.badges.layouts",
)


def test_the_desk_loads_without_the_libraries_it_needs_only_later() -> None:
    # main.py: the window's modules, and the core it imports before Qt.
    script = f"import sys, main; print(sorted(m for m in {LATER!r} if m in sys.modules))"
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


def test_the_desk_loads_its_qt_free_modules_before_qt(tmp_path: Path) -> None:
    # Once PySide6 is loaded it reads the source of every module imported after it: main.py
    # imports the core (and SQLite's dialect) first. A core module a window's module starts
    # to import at the top must join main.py's list.
    database = tmp_path / "desk.sqlite3"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    subprocess.run(
        [sys.executable, "-m", "kiosk", "--db", f"sqlite:///{database}", "init"],
        capture_output=True,
        check=True,
        cwd=ROOT,
        env=env,
    )
    command = ["main.py", "--db", str(database), "--quit-after-ms", "0"]
    started = subprocess.run(
        [sys.executable, "-X", "importtime", *command],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
    )
    loaded = [
        line.split("|")[-1].strip()
        for line in started.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    ]
    assert "PySide6.QtCore" in loaded
    after_qt = loaded[loaded.index("PySide6.QtCore") :]
    late = [m for m in after_qt if m.startswith(("kiosk.", "sqlalchemy."))]
    assert late == []
