"""Recognises a USB barcode scanner: a burst of fast keystrokes ending with Enter.

A scanner is a keyboard that types a whole code in a few milliseconds per key and presses
Enter. The filter watches every key press in the window, wherever the focus is; when Enter
ends a fast burst that reads as a badge code (in any keyboard layout), it takes the burst
back out of the widget it landed in and reports the code instead of letting Enter through.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

from kiosk.codes import CODE_LENGTH, code_candidates

MAX_GAP_S = 0.05
"""Keys further apart than this are a person typing (scanners are under 20 ms per key)."""


class ScanDetector(QObject):
    scanned = Signal(str)

    def __init__(self, window: QWidget, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        self._window = window
        self._clock = clock
        self._keys: list[tuple[float, str]] = []
        self._before: tuple[QLineEdit, str] | None = None
        """The field the burst is landing in, and its text before the burst's first key."""

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        # Every key press is delivered to the focus widget and again to its parents; count it
        # once, where it starts, and only while our window is the active one.
        if watched is not QApplication.focusWidget() or not self._is_ours(watched):
            return False
        now = self._clock()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            burst = self._burst(now)
            self._keys.clear()
            code = next((tail for tail in _tails(burst) if code_candidates(tail)), None)
            before, self._before = self._before, None
            if code is None:
                return False
            field = _field(watched)
            if field is not None and field.text().endswith(code):
                field.setText(field.text()[: -len(code)])
            elif field is not None and before is not None and before[0] is field:
                field.setText(before[1])  # cut short by a length limit: take it all back
            self.scanned.emit(code)
            return True
        text = event.text()
        if text and text.isprintable():
            if self._keys and now - self._keys[-1][0] > MAX_GAP_S:
                self._keys.clear()
            if not self._keys:
                field = _field(watched)
                self._before = (field, field.text()) if field is not None else None
            self._keys.append((now, text))
        elif event.key() not in (Qt.Key.Key_Shift, Qt.Key.Key_CapsLock):
            self._keys.clear()
        return False

    def _burst(self, now: float) -> str:
        if not self._keys or now - self._keys[-1][0] > MAX_GAP_S * 4:
            return ""
        text = "".join(ch for _t, ch in self._keys)
        return text if len(text) >= CODE_LENGTH else ""

    def _is_ours(self, watched: QObject) -> bool:
        if not isinstance(watched, QWidget):
            return False
        return watched.window() is self._window


def _field(widget: QObject) -> QLineEdit | None:
    """The line edit that typed keys land in: the widget itself or an editable combo's."""
    if isinstance(widget, QLineEdit):
        return widget
    if isinstance(widget, QComboBox) and widget.isEditable():
        return widget.lineEdit()
    return None


def _tails(burst: str) -> list[str]:
    """The burst, and its code-sized endings (someone may have typed just before the scan)."""
    sizes = (CODE_LENGTH + 2, CODE_LENGTH)  # with and without the two dashes
    return [burst] + [burst[-n:] for n in sizes if len(burst) > n] if burst else []
