"""What the `kiosk` command loads to start: scripts call it in a loop and pay every start."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kiosk.services.context import Desk
from tests.core.factories import registered

ROOT = Path(__file__).resolve().parent.parent.parent
NOT_FOR_SHOW_OR_CHECKIN = (
    "email_validator",  # registration and import check e-mail addresses
    "phonenumbers",  # a Russian mobile number is displayed without it
    "faker",
    "reportlab",
    "alembic",
    "openpyxl",
    "platformdirs",  # the default database and the error log only
    "sqlalchemy.dialects.postgresql",
    "kiosk.services.registration",
    "kiosk.services.importing",
    "kiosk.services.demo",
    "kiosk.services.stats",
)


def _loaded_by(*args: str) -> list[str]:
    script = (
        "import contextlib, io, json, sys\n"
        "from kiosk.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main({list(args)!r})\n"
        f"print(json.dumps(sorted(m for m in {NOT_FOR_SHOW_OR_CHECKIN!r} if m in sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    loaded: list[str] = json.loads(done.stdout)
    return loaded


def test_show_and_checkin_load_only_what_they_need(desk: Desk, db_url: str) -> None:
    anna = registered(desk, "comfort", email="anna@example.com")
    assert anna.phone and anna.phone.startswith("+79")
    assert _loaded_by("--db", db_url, "show", anna.code) == []
    assert _loaded_by("--db", db_url, "show", anna.code, "--json") == []
    assert _loaded_by("--db", db_url, "checkin", anna.code, "--day", "2026-11-28") == []
    assert _loaded_by("--db", db_url, "checkin", anna.code, "--day", "2026-11-28", "--json") == []
