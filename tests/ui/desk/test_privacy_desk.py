"""Personal data at the desk: erasing a person on request, the retention reminder, and the
files the desk writes (log, settings, exports, print jobs) owner-only."""

from __future__ import annotations

import os
import shlex
import stat
import subprocess
import sys
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.config import load_event
from kiosk.db import open_database
from kiosk.models import Attendee, AuditEntry
from kiosk.printers import send
from kiosk.rules import Outcome
from kiosk.services import privacy
from kiosk.services.checkin import check_in
from kiosk.services.context import Desk
from kiosk.services.exporting import export
from kiosk.services.lookup import search
from tests.conftest import FixedClock
from tests.core.factories import registered
from tests.ui.desk.test_desk_window import panel_text, scan, wait_tone
from ui.common.settings import DeskSettings, save_settings
from ui.desk.dialogs import ForgetDialog
from ui.desk.window import DeskWindow

ROOT = Path(__file__).resolve().parent.parent.parent.parent
PURGE = ["purge", "--after-event"]
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def test_erase_data_on_the_card_asks_first_and_then_forgets_the_person(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    maria = registered(desk, "comfort", last="Забытая", first="Мария", email="z@example.ru")
    scan(qtbot, window, maria.code)
    wait_tone(qtbot, window, "green")
    card = window.attendee_card
    assert card.forget_button.isEnabled() and card.forget_button.text() == "Удалить данные…"

    def answer(reason: str | None) -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ForgetDialog))
        assert "Забытая Мария" in dialog.findChildren(QLabel)[0].text()
        if reason is None:
            dialog.reject()
        else:
            dialog.reason_edit.setText(reason)
            dialog.erase_button.click()

    QTimer.singleShot(50, lambda: answer(None))
    card.forget_button.click()
    assert [a.id for a in search(desk, "Забытая")] == [maria.id]  # cancelled: nothing done

    QTimer.singleShot(50, lambda: answer("письмо от 01.12"))
    card.forget_button.click()
    qtbot.waitUntil(lambda: card.attendee is None, timeout=5000)
    assert "данные удалены" in panel_text(window)
    assert search(desk, "Забытая") == ()
    assert check_in(desk, maria.code).status is Outcome.UNKNOWN_CODE


def test_the_erase_dialog_does_not_erase_on_enter(qtbot: QtBot, desk: Desk) -> None:
    maria = registered(desk, "comfort", last="Забытая", first="Мария")
    dialog = ForgetDialog(maria)
    qtbot.addWidget(dialog)
    assert not dialog.erase_button.isDefault() and not dialog.erase_button.autoDefault()


def test_the_desk_reminds_the_organiser_when_the_data_should_be_erased(
    qtbot: QtBot, window: DeskWindow, desk: Desk, clock: FixedClock
) -> None:
    registered(desk, "comfort", last="Хранимая", first="Ольга")
    window.controller.check_retention()
    window.controller.runner.wait()
    qtbot.wait(50)
    assert window.retention_banner.isHidden()  # during the event
    event = desk.event
    clock.now = event.ends_at.astimezone(UTC) + timedelta(days=event.retention_days, hours=1)
    window.controller.check_retention()
    qtbot.waitUntil(lambda: not window.retention_banner.isHidden(), timeout=5000)
    text = window.retention_text.text()
    assert "28.11.2026" in text
    # The desk's own database (not the default one) is named, so the command finds it.
    command = shlex.split(text.rsplit(": ", 1)[1])
    assert command == ["kiosk", "--db", desk.db.url.removeprefix("sqlite:///"), *PURGE]
    assert window.purge_button.isVisibleTo(window)


def test_the_reminders_button_erases_everyones_data_after_a_confirmation(
    qtbot: QtBot, window: DeskWindow, desk: Desk, clock: FixedClock
) -> None:
    olga = registered(desk, "comfort", last="Хранимая", first="Ольга")
    event = desk.event
    clock.now = event.ends_at.astimezone(UTC) + timedelta(days=event.retention_days, hours=1)
    window.controller.check_retention()
    qtbot.waitUntil(lambda: not window.retention_banner.isHidden(), timeout=5000)
    answers = [False, True]
    window.confirm_purge = lambda: answers.pop(0)  # type: ignore[method-assign]
    window.purge_button.click()  # «No»: nothing is erased
    window.controller.runner.wait()
    assert [a.last_name for a in search(desk, "Хранимая")] == ["Хранимая"]
    window.purge_button.click()
    qtbot.waitUntil(lambda: window.retention_banner.isHidden(), timeout=5000)
    assert search(desk, "Хранимая") == ()
    assert check_in(desk, olga.code).status is Outcome.UNKNOWN_CODE
    assert "Персональные данные удалены" in panel_text(window)


@posix_only
def test_under_umask_022_settings_exports_and_print_jobs_are_owner_only(
    desk: Desk, tmp_path: Path
) -> None:
    registered(desk, "comfort", last="Частная", first="Вера")
    old = os.umask(0o022)
    try:
        save_settings(DeskSettings(desk_name="стойка-2"))
        exported = export(desk, "attendees", tmp_path / "exports" / "attendees.xlsx").path
        printed = Path(send(b"%PDF-1.4", f"pdf:{tmp_path / 'print'}", "badge"))
    finally:
        os.umask(old)
    from ui.common.settings import _store

    settings_file = Path(_store().fileName())
    for path in (settings_file, exported, printed):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for folder in (exported.parent, printed.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


@posix_only
def test_the_desk_started_under_umask_022_keeps_its_log_and_database_owner_only(
    tmp_path: Path,
) -> None:
    db = tmp_path / "desk.sqlite3"
    open_database(str(db), load_event(), create=True).dispose()
    os.chmod(db, 0o644)  # as an older version left it
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "--db",
            str(db),
            "--quit-after-ms",
            "1500",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        preexec_fn=lambda: os.umask(0o022),
    )
    assert result.returncode == 0, result.stderr
    logs = list((tmp_path / "state").rglob("desk.log"))
    assert logs
    for path in [*logs, db, *tmp_path.glob("desk.sqlite3-*")]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(logs[0].parent.stat().st_mode) == 0o700


def test_scanning_a_forgotten_persons_new_code_says_their_data_was_erased(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    maria = registered(desk, "comfort", last="Забытая", first="Мария")
    privacy.forget(desk, maria.code)
    with desk.db.read() as session:
        new_code = session.scalars(select(Attendee.badge_code)).one()
    scan(qtbot, window, new_code)
    wait_tone(qtbot, window, "red")
    text = panel_text(window)
    assert "больше не действует" in text and "удалены по его просьбе" in text
    assert window.attendee_card.attendee is None


def test_the_reason_typed_at_the_desk_is_audited_without_the_persons_data(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    maria = registered(desk, "comfort", last="Забытая", first="Мария", phone="+79149998877")
    scan(qtbot, window, maria.code)
    wait_tone(qtbot, window, "green")

    def answer() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ForgetDialog))
        dialog.reason_edit.setText("звонила Забытая Мария, 8 (914) 999-88-77")
        dialog.erase_button.click()

    QTimer.singleShot(50, answer)
    window.attendee_card.forget_button.click()
    qtbot.waitUntil(lambda: window.attendee_card.attendee is None, timeout=5000)
    with desk.db.read() as session:
        reason = session.scalars(select(AuditEntry.reason).where(AuditEntry.action == "forget"))
        assert reason.one() == f"звонила {privacy.ERASED}, {privacy.ERASED}"
