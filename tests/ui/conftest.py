"""Fixtures for the desk window: offscreen Qt, isolated settings, a fixed clock, PDF printing."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.i18n import language
from kiosk.services import selfservice
from kiosk.services.context import Desk
from ui.app import Translations
from ui.common.collector import GuiThreadCollector
from ui.common.runner import Runner
from ui.common.settings import DeskSettings
from ui.desk.controller import DeskController
from ui.desk.window import DeskWindow
from ui.kiosk.controller import KioskController
from ui.kiosk.window import KioskWindow

PIN = "246813"


class KeyClock:
    """The scanner detector's clock in tests: each key press moves it on by `step` — a
    quarter of a second for a person typing, 5 ms for a scanner (tests.ui.desk's `type_text`
    and `scan` set it), whatever the real time the test takes."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.step = 0.25

    def __call__(self) -> float:
        self.now += self.step
        return self.now


KEY_CLOCK = KeyClock()


class SilentSounds:
    def __init__(self) -> None:
        self.played: list[str] = []

    def play(self, tone: str) -> None:
        self.played.append(tone)


@pytest.fixture(scope="session", autouse=True)
def translations(qapp: QApplication) -> Iterator[Translations]:
    """The desk speaks Russian by default; the tests see what staff see."""
    languages = Translations(qapp)
    languages.use("ru")
    yield languages
    languages.use("en")


@pytest.fixture(autouse=True)
def russian_again(translations: Translations) -> Iterator[None]:
    """A test that switched to English does not leave the next one in English."""
    yield
    if language() != "ru":
        translations.use("ru")


@pytest.fixture(scope="session", autouse=True)
def garbage_collected_on_the_gui_thread(qapp: QApplication) -> Iterator[None]:
    """As the app does: a collection in a worker thread would delete widgets off-thread."""
    collector = GuiThreadCollector(qapp)
    collector.start()
    yield
    collector.stop()


@pytest.fixture(autouse=True)
def forms_close_without_asking(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A form with something typed asks before it closes; in tests, whoever closes it at the
    end means it (a test about the question replaces this answer)."""
    asked: list[str] = []

    def answer(parent: object) -> bool:
        asked.append(type(parent).__name__)
        return True

    monkeypatch.setattr("ui.desk.dialogs.confirm_discard", answer)
    return asked


@pytest.fixture(autouse=True)
def isolated_qsettings(tmp_path: Path) -> None:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))


@pytest.fixture
def print_folder(tmp_path: Path) -> Path:
    return tmp_path / "printed"


@pytest.fixture
def settings(print_folder: Path) -> DeskSettings:
    return DeskSettings(desk_name="desk-1", printer=f"pdf:{print_folder}", auto_print=True)


@pytest.fixture
def window(qtbot: QtBot, desk: Desk, settings: DeskSettings) -> Iterator[DeskWindow]:
    controller = DeskController(desk, Runner(), settings)
    win = DeskWindow(controller, SilentSounds())  # type: ignore[arg-type]
    win.scanner.clock = KEY_CLOCK
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    controller.runner.wait()
    QApplication.processEvents()
    win.close()


@pytest.fixture
def kiosk_settings(print_folder: Path) -> DeskSettings:
    return DeskSettings(
        desk_name="киоск-1", printer=f"pdf:{print_folder}", kiosk_slip=True, kiosk_camera=False
    )


@pytest.fixture
def kiosk(
    qtbot: QtBot, desk: Desk, kiosk_settings: DeskSettings, translations: Translations
) -> Iterator[KioskWindow]:
    selfservice.set_pin(desk.db, PIN)
    controller = KioskController(desk, Runner(), kiosk_settings)
    window = KioskWindow(controller, set_language=translations.use, lockdown=True)
    window.scanner.clock = KEY_CLOCK
    qtbot.addWidget(window)
    window.show_kiosk()
    qtbot.waitExposed(window)
    yield window
    controller.runner.wait()
    QApplication.processEvents()
    window.leave()
