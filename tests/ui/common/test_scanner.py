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


def test_a_scanner_burst_held_up_a_moment_on_its_way_is_still_one_scan(field: QLineEdit) -> None:
    # A busy computer (or X server) passed the scanner's keys on with a gap in the middle:
    # the code's first half was taken for typing, its second for a scan of something else.
    scanner, seen = detector(field, Clock(step=0.004))
    stamp = 10_000
    for i, ch in enumerate(CODE + "\r"):
        stamp += 120 if i == 5 else 4
        press(field, ch, stamp_ms=stamp)
    scanner.remove()
    assert seen == [CODE]
    assert field.text() == ""


def test_a_scanner_burst_held_up_on_its_way_to_a_list_leaves_the_list_alone(
    qtbot: QtBot,
) -> None:
    from PySide6.QtWidgets import QListWidget

    window = QWidget()
    choices = QListWidget(window)
    choices.addItems(["Alpha", "Kilo", "Mike", "Hotel"])
    QVBoxLayout(window).addWidget(choices)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    choices.setFocus()
    choices.setCurrentRow(0)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is choices, timeout=3000)
    scanner = ScanDetector(window, clock=Clock(step=0.004))
    seen: list[str] = []
    scanner.scanned.connect(seen.append)
    scanner.install()
    for i, ch in enumerate(CODE):
        press(choices, ch, stamp_ms=10_000 + 4 * i + (120 if i >= 5 else 0))
        if i == 4:
            qtbot.wait(120)  # the held-up moment passes in the app too
    press(choices, "\r", stamp_ms=10_000 + 4 * len(CODE) + 120)
    scanner.remove()
    assert seen == [CODE]
    assert choices.currentRow() == 0  # no letter of the code chose a row


def test_a_person_who_presses_two_keys_at_once_then_types_on_is_still_a_person(
    field: QLineEdit,
) -> None:
    scanner, seen = detector(field, Clock(step=0.1))
    entered: list[str] = []
    field.returnPressed.connect(lambda: entered.append(field.text()))
    stamps = [10_000, 10_008] + [10_008 + 110 * n for n in range(1, 9)]  # «Pe», then one by one
    for ch, stamp in zip("Petrovich\r", stamps, strict=True):
        press(field, ch, stamp_ms=stamp)
    scanner.remove()
    assert seen == []
    assert entered == ["Petrovich"]
