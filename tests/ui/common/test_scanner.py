"""The scanner detector on its own: a scan is told from a person by the pace of its keys, as
the window system stamped them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui.common.scanner import ScanDetector

CODE = "7KQ2-M9XD-H3TR"


class Clock:
    """When the app gets to each key: `step` seconds after the one before."""

    def __init__(self, step: float) -> None:
        self.now = 500.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.fixture
def field(qtbot: QtBot) -> Iterator[QLineEdit]:
    window = QWidget()
    edit = QLineEdit(window)
    QVBoxLayout(window).addWidget(edit)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit, timeout=3000)
    yield edit


def detector(field: QLineEdit, clock: Clock) -> tuple[ScanDetector, list[str]]:
    scanner = ScanDetector(field.window(), clock=clock)
    seen: list[str] = []
    scanner.scanned.connect(seen.append)
    scanner.scanned_other.connect(lambda text: seen.append(f"other:{text}"))
    scanner.install()
    return scanner, seen


def press(widget: QWidget, text: str, *, stamp_ms: int) -> None:
    """A key as the window system delivers it: with the moment it was pressed."""
    key = Qt.Key.Key_Return if text == "\r" else (ord(text.upper()) if text.isascii() else 0)
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
        event.setTimestamp(stamp_ms)
        QApplication.sendEvent(widget, event)


def test_a_scanner_burst_the_window_got_to_late_is_still_a_scan(field: QLineEdit) -> None:
    scanner, seen = detector(field, Clock(step=0.3))  # a busy window
    for i, ch in enumerate(CODE + "\r"):
        press(field, ch, stamp_ms=10_000 + 4 * i)  # 4 ms a key, as stamped
    scanner.remove()
    assert seen == [CODE]
    assert field.text() == ""


def test_a_person_typing_20_ms_a_key_keeps_the_text_and_the_enter(field: QLineEdit) -> None:
    scanner, seen = detector(field, Clock(step=0.02))
    entered: list[str] = []
    field.returnPressed.connect(lambda: entered.append(field.text()))
    for i, ch in enumerate("Petrovich\r"):
        press(field, ch, stamp_ms=10_000 + 20 * i)
    scanner.remove()
    assert seen == []
    assert entered == ["Petrovich"]


def test_a_person_s_keys_that_reach_a_busy_window_together_are_still_a_person(
    field: QLineEdit,
) -> None:
    scanner, seen = detector(field, Clock(step=0))  # the app takes them all at one moment
    for i, ch in enumerate("/home/anna/attendees-final.xlsx\r"):
        press(field, ch, stamp_ms=10_000 + 30 * i)
    scanner.remove()
    assert seen == []
    assert field.text() == "/home/anna/attendees-final.xlsx"
