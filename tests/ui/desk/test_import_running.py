"""The desk's import as it runs: beside the desk's scans, showing how far it has got, and
stopped by Cancel until its last transaction, with nothing written."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.services import importing, staging
from kiosk.services.context import Desk
from kiosk.services.lookup import search
from kiosk.services.progress import Progress
from tests.core.factories import registered
from tests.ui.desk.test_desk_window import WAIT_MS, scan, wait_tone
from ui.desk.importing import PROGRESS_MS, ImportDialog
from ui.desk.window import DeskWindow


class Hold:
    """Holds the first call of a function of the import until released."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.release = threading.Event()

    def wrap(self, original: Any) -> Any:
        def held(*args: Any, **kwargs: Any) -> Any:
            if not self.reached.is_set():
                self.reached.set()
                self.release.wait(30)
            return original(*args, **kwargs)

        return held


@pytest.fixture
def hold() -> Iterator[Hold]:
    held = Hold()
    yield held
    held.release.set()  # never leave a worker waiting


def forms(tmp_path: Path) -> Path:
    source = tmp_path / "forms.csv"
    source.write_bytes(
        "ФИО;Телефон;Форма\r\n"
        "Смирнова Екатерина;8(423)200-11-22;тариф Комфорт\r\n"
        "Котов Олег;8(914)600-00-42;тариф Комфорт\r\n".encode("cp1251")
    )
    return source


def checked_dialog(qtbot: QtBot, window: DeskWindow, source: Path) -> ImportDialog:
    dialog = ImportDialog(window.controller, source, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT_MS)
    assert dialog.import_button.isEnabled()
    assert dialog.bar.isHidden() and dialog.status.isHidden()  # the check is over
    return dialog


def held_in_its_steps(
    qtbot: QtBot, window: DeskWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hold: Hold
) -> ImportDialog:
    """The dialog of a file checked, its import begun and held as it writes its people."""
    dialog = checked_dialog(qtbot, window, forms(tmp_path))
    monkeypatch.setattr(staging.Batch, "write_people", hold.wrap(staging.Batch.write_people))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(hold.reached.is_set, timeout=WAIT_MS)
    return dialog


def test_a_scan_at_the_desk_goes_through_during_its_own_import(
    qtbot: QtBot,
    window: DeskWindow,
    desk: Desk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    hold: Hold,
) -> None:
    # The import ran on the desk's write lane: a scan behind the dialog waited for all of it
    # (10–30 s for a large file), though other desks went on.
    anna = registered(desk, last="Аннина", first="Анна")
    dialog = held_in_its_steps(qtbot, window, tmp_path, monkeypatch, hold)
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "green")
    assert dialog.imported is None  # the import still held
    hold.release.set()
    qtbot.waitUntil(lambda: dialog.imported is not None, timeout=WAIT_MS)
    assert [a.last_name for a in search(desk, "смирн")] == ["Смирнова"]


def test_the_dialog_shows_how_far_the_import_has_got(
    qtbot: QtBot, window: DeskWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hold: Hold
) -> None:
    dialog = held_in_its_steps(qtbot, window, tmp_path, monkeypatch, hold)
    qtbot.waitUntil(
        lambda: dialog.status.text() == "Сверка строк с людьми в базе: 2 из 2", timeout=WAIT_MS
    )
    assert dialog.bar.isVisible() and (dialog.bar.value(), dialog.bar.maximum()) == (2, 2)
    assert not dialog.assume_paid.isEnabled()  # options cannot change under a running import
    hold.release.set()
    qtbot.waitUntil(lambda: dialog.imported is not None, timeout=WAIT_MS)
    assert dialog.bar.isHidden()


def test_cancel_stops_the_import_and_nothing_is_written(
    qtbot: QtBot,
    window: DeskWindow,
    desk: Desk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    hold: Hold,
) -> None:
    dialog = held_in_its_steps(qtbot, window, tmp_path, monkeypatch, hold)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # open until the import has stopped
    assert not dialog.cancel_button.isEnabled()
    qtbot.waitUntil(
        lambda: dialog.status.text() == "Импорт останавливается, ничего не будет записано…",
        timeout=WAIT_MS,
    )
    hold.release.set()
    qtbot.waitUntil(
        lambda: dialog.status.text() == "Импорт остановлен, ничего не записано.", timeout=WAIT_MS
    )
    assert dialog.imported is None and dialog.isVisible()
    assert "Новых: 2" in dialog.summary.text()  # the check's report kept
    assert search(desk, "смирн") == ()
    with desk.db.read_rows() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM attendees").scalar() == 0
    # It can be imported after all, and closed.
    assert dialog.import_button.isEnabled() and dialog.cancel_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.imported is not None, timeout=WAIT_MS)
    assert [a.last_name for a in search(desk, "смирн")] == ["Смирнова"]


def test_an_import_in_its_last_transaction_is_not_stopped(
    qtbot: QtBot,
    window: DeskWindow,
    desk: Desk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    hold: Hold,
) -> None:
    dialog = checked_dialog(qtbot, window, forms(tmp_path))
    monkeypatch.setattr(importing, "_arrived_meanwhile", hold.wrap(importing._arrived_meanwhile))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(hold.reached.is_set, timeout=WAIT_MS)
    dialog.reject()  # Esc, or the window's close
    assert dialog.isVisible()
    assert dialog.status.text() == "Почти готово: импорт уже нельзя остановить."
    qtbot.wait(3 * PROGRESS_MS)  # the progress shown again meanwhile did not hide it
    assert dialog.status.text() == "Почти готово: импорт уже нельзя остановить."
    hold.release.set()
    qtbot.waitUntil(lambda: dialog.imported is not None, timeout=WAIT_MS)
    assert [a.last_name for a in search(desk, "смирн")] == ["Смирнова"]


def test_closing_the_dialog_while_it_checks_the_file_stops_the_check(
    qtbot: QtBot, window: DeskWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hold: Hold
) -> None:
    monkeypatch.setattr(importing._Importer, "plan", hold.wrap(importing._Importer.plan))
    dialog = ImportDialog(window.controller, forms(tmp_path), window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(hold.reached.is_set, timeout=WAIT_MS)
    checking = dialog._checking
    assert checking is not None
    dialog.reject()
    assert not dialog.isVisible() and checking.stopped
    hold.release.set()
    assert window.controller.runner.wait(WAIT_MS)  # the read lane is free again
    assert dialog.report is None


def test_the_stages_are_told_with_their_counts_where_there_is_something_to_count(
    qtbot: QtBot, window: DeskWindow, tmp_path: Path
) -> None:
    dialog = checked_dialog(qtbot, window, forms(tmp_path))
    assert dialog._stage_text("known", 2000, 250_000) == (
        "Чтение тех, кто уже есть в базе: 2000 из 250000"
    )
    assert dialog._stage_text("known", 0, 0) == "Чтение тех, кто уже есть в базе…"  # none yet
    assert dialog._stage_text("writing", 0, 0) == "Запись новых людей…"
    assert dialog._stage_text("showing", 0, 0) == "Почти готово: все появятся разом…"
    assert dialog._stage_text("undoing", 100, 19_000) == (
        "Другая стойка изменила данные тех, о ком файл: написанное убирается (100 из 19000), "
        "потом импорт начнётся заново"
    )
    dialog._importing = Progress()
    dialog._importing.stop()
    assert dialog._stage_text("undoing", 100, 19_000) == (
        "Импорт останавливается, написанное убирается: 100 из 19000"
    )
    dialog._importing = None


def test_the_import_report_stays_in_the_dialog_until_it_is_closed(
    qtbot: QtBot, window: DeskWindow, desk: Desk, tmp_path: Path
) -> None:
    # Shown only on the desk's panel, it was replaced by the next scan's result.
    anna = registered(desk, last="Аннина", first="Анна")
    dialog = checked_dialog(qtbot, window, forms(tmp_path))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.imported is not None, timeout=WAIT_MS)
    assert dialog.isVisible() and dialog.summary.text().startswith("Импорт выполнен. Новых: 2")
    assert dialog.import_button.isHidden() and dialog.cancel_button.text() == "Закрыть"
    assert dialog.rejected.isHidden()  # nothing skipped: no empty table
    scan(qtbot, window, anna.code)  # behind the dialog
    wait_tone(qtbot, window, "green")
    assert dialog.summary.text().startswith("Импорт выполнен. Новых: 2")
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.result() == ImportDialog.DialogCode.Accepted


def test_the_first_report_of_progress_is_never_an_empty_line(
    qtbot: QtBot, window: DeskWindow, tmp_path: Path
) -> None:
    dialog = ImportDialog(window.controller, forms(tmp_path), window)
    qtbot.addWidget(dialog)
    assert dialog.status.text() == "Чтение файла…"  # before the check has said anything


def test_the_app_closing_on_a_signal_during_an_import_stops_it_and_closes(
    qtbot: QtBot,
    window: DeskWindow,
    desk: Desk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    hold: Hold,
) -> None:
    # SIGTERM: the dialog kept itself open while its import stopped, and the app stayed.
    from PySide6.QtWidgets import QApplication

    from ui.app import close_everything

    monkeypatch.setattr(QApplication, "quit", lambda *_a: None)  # the test's own app goes on
    dialog = held_in_its_steps(qtbot, window, tmp_path, monkeypatch, hold)
    running = dialog._importing
    assert running is not None
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    close_everything(app)
    assert not dialog.isVisible() and not window.isVisible()
    assert running.stopped
    hold.release.set()
    assert window.controller.runner.wait(WAIT_MS)
    with desk.db.read_rows() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM attendees").scalar() == 0


def test_a_file_that_cannot_be_checked_leaves_only_its_reason(
    qtbot: QtBot, window: DeskWindow, tmp_path: Path
) -> None:
    # The options and the empty tables stayed, as if something could still be chosen.
    source = tmp_path / "счёт.pdf"
    source.write_bytes(b"%PDF-1.7\n")
    dialog = ImportDialog(window.controller, source, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "PDF" in dialog.summary.text(), timeout=WAIT_MS)
    assert dialog.summary.text() == "счёт.pdf: это PDF, а не таблица. Нужен CSV или Excel (.xlsx)"
    assert not dialog.import_button.isEnabled()
    for part in (dialog.assume_paid, dialog.tariff_choice, dialog.notes, dialog.rejected):
        assert part.isHidden()
    assert dialog.bar.isHidden() and dialog.status.isHidden()
