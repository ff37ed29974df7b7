"""Recognises a USB barcode scanner: a burst of fast keystrokes ending with Enter.

A scanner is a keyboard that types a whole code in a few milliseconds per key and presses
Enter. The detector watches every key press in its window and in every dialog, message box and
popup opened from it, wherever the focus is. A scan is a scan everywhere: its characters never
stay in a field and its Enter never presses a dialog's default button — so a scan can never
submit a form or record a payment. What reads as a badge code is reported as `scanned`; any
hub's join code (`HUB1-…`, kiosk.hub.join) as `scanned_join` — it never lands in a field,
nor is its tail taken for a badge code; any other fast burst ending in Enter (a URL, a
product barcode) as `scanned_other`. Only a
scanner's pace makes a scan (`SCAN_KEY_S`): a person typing, however fast, keeps every key
and their Enter does what it always does.

How the keys are kept out of the way depends on where they land:
- a text field takes them as they come (no delay for a person typing), also through the
  list of completions a field may open (a file dialog's file name); when Enter ends a burst,
  the field is put back as it was before the burst's first key — its text, and the
  selection the scan's first key replaced;
- anything else — a button, a list, a spin box, a message box with its one-letter mnemonics,
  the day list's popup — gets printable keys only after a pause of `MAX_GAP_S` without
  another key (`HELD_UP_S` after keys at a scanner's pace): a person's keys are passed on a
  few milliseconds late, a scanner's never.

A field made to receive a scan (the hub's join code) carries the `acceptsScan` property:
the burst stays in it (a join code replacing what the field held), and only its Enter is held
back.
"""

from __future__ import annotations

import itertools
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QWidget,
)

from kiosk.codes import CODE_LENGTH, code_candidates
from kiosk.hub.join import looks_like_join_code

MAX_GAP_S = 0.05
"""Keys further apart than this are not one burst..."""
HELD_UP_S = 0.2
"""...unless the burst so far came at a scanner's pace: then a gap up to this long is its keys
held up on their way (a busy computer or X server, a wireless scanner's packets), and the
burst goes on across it rather than being cut in two (a code's halves read as a search and
a scan of «something else»). The Enter that ends a scan may come as late."""
SCAN_KEY_S = 0.015
"""A scanner types a key every 1-10 ms; a burst whose keys come further apart than this (the
median gap) is a person typing fast — 15 ms a key would be 800 words a minute — and keeps
its keys and its Enter."""
MIN_SCAN = 6
"""A scanner-fast burst of at least this many characters ending with Enter is a scan of
something (a badge code is a scan whatever its length)."""
ACCEPTS_SCAN = "acceptsScan"
"""Dynamic property of a field that is meant to receive a scanned text."""

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_MODIFIER_KEYS = (
    Qt.Key.Key_Shift,
    Qt.Key.Key_CapsLock,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Meta,
)


@runtime_checkable
class TakesJoinCode(Protocol):
    """A dialog that takes a hub's join code scanned while it is open (settings, first start,
    the desk-name question): the desk's window hands the code to it instead of offering to
    join."""

    def join_scanned(self, text: str) -> None: ...


@dataclass(frozen=True)
class _FieldState:
    """A text field as it was before a burst's first key."""

    field: QLineEdit
    text: str
    cursor: int
    selection_start: int
    selection_length: int

    @classmethod
    def of(cls, field: QLineEdit) -> _FieldState:
        return cls(
            field,
            field.text(),
            field.cursorPosition(),
            field.selectionStart(),
            len(field.selectedText()),
        )

    def restore(self) -> None:
        self.field.setText(self.text)
        if self.selection_start >= 0 and self.selection_length:
            self.field.setSelection(self.selection_start, self.selection_length)
        else:
            self.field.setCursorPosition(self.cursor)


@dataclass
class _Held:
    """A key press kept back from a widget that is not a text field."""

    receiver: QWidget
    event: QKeyEvent


class ScanDetector(QObject):
    scanned = Signal(str)
    """A badge code (as scanned: any layout, any case; kiosk.codes reads it)."""
    scanned_join = Signal(str)
    """A hub's join code (as scanned: it holds the desks' password, so it is never shown)."""
    scanned_other = Signal(str)
    """A scan that is neither a badge code nor a join code."""

    def __init__(self, window: QWidget, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        self._window = window
        self.clock = clock
        self._keys: list[tuple[float, str]] = []
        self._before: _FieldState | None = None
        """The field the burst is landing in, as it was before the burst's first key."""
        self._held: list[_Held] = []
        self._replaying = False
        self._release = QTimer(self)
        self._release.setSingleShot(True)
        self._release.setInterval(round(MAX_GAP_S * 1000))
        self._release.timeout.connect(self.release_held)

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._release.stop()
        self._held.clear()

    # ---- which key presses are ours --------------------------------------------------------

    def _receiver(self) -> QWidget | None:
        """Where a key press goes first: the open popup's focus, else the focus widget."""
        popup = QApplication.activePopupWidget()
        if popup is not None:
            return popup.focusWidget() or popup
        receiver = QApplication.focusWidget() or QApplication.activeWindow()
        if receiver is None:
            # Qt lost track of its active window while the window system kept the focus on
            # one (a kiosk shown again under a window manager): keys still go to the focus
            # window's focus object.
            focused = QGuiApplication.focusObject()
            receiver = focused if isinstance(focused, QWidget) else None
        return receiver

    def _belongs(self, widget: QWidget) -> bool:
        """The widget is in our window, or in a dialog or popup opened from it."""
        current: QWidget | None = widget
        try:
            while current is not None:
                if current is self._window:
                    return True
                owner = _combo_of(current) or _completer_field(current)
                current = owner if owner is not None else current.parentWidget()
        except RuntimeError:
            # A widget Qt made and deleted on its own (a closing popup's), whose Python
            # wrapper outlived it: not one of ours to count.
            return False
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if self._replaying or kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        if not isinstance(event, QKeyEvent) or not isinstance(watched, QWidget):
            return False
        # Every key press is delivered to the focus widget and again to its parents; count it
        # once, where it starts, and only in our windows.
        if watched is not self._receiver() or not self._belongs(watched):
            return False
        if kind == QEvent.Type.ShortcutOverride:
            # Before a key press Qt offers it as a shortcut, and some widgets act on that
            # offer already (an open list takes Enter there and closes with a choice): the
            # Enter that ends a scan is claimed here, so only our key press handler sees it.
            if event.key() in _ENTER and self._ends_scan(self._moment(event)):
                event.accept()
                return True
            return False
        if event.isAutoRepeat():  # a key held down is a person, never a scanner
            self.release_held()
            self._keys.clear()
            return False
        now = self._moment(event)
        if event.key() in _ENTER:
            return self._enter(watched, now)
        text = event.text()
        if text and text.isprintable():
            if self._keys and not self._goes_on(now):
                self.release_held()
                self._keys.clear()
            if not self._keys:
                field = _field(watched)
                self._before = _FieldState.of(field) if field is not None else None
            self._keys.append((now, text))
            if _field(watched) is None:
                self._hold(watched, event)
                return True
            return False
        if event.key() not in _MODIFIER_KEYS:
            self.release_held()
            self._keys.clear()
        return False

    def _enter(self, watched: QWidget, now: float) -> bool:
        burst = self._burst(now)
        self._keys.clear()
        before, self._before = self._before, None
        join = _join_code_in(burst)
        code = None
        if join is None:
            code = next((tail for tail in _tails(burst) if code_candidates(tail)), None)
        if join is None and code is None and len(burst) < MIN_SCAN:
            self.release_held()  # a person typed a few letters fast, then Enter: theirs
            return False
        self._held.clear()
        self._release.stop()
        field = _field(watched)
        if field is not None and field.property(ACCEPTS_SCAN):
            # The scan stays in the field made for it; its Enter submits nothing. A join code
            # takes the place of what was there (a misread code before it); other scans (the
            # paper list's codes) stay as the field took them.
            if join and field.text() != join:
                field.setText(join)
            return True
        taken = join or code or burst
        if field is not None and before is not None and before.field is field:
            before.restore()  # the text, and a selection the scan's first key replaced
            typed = burst[: len(burst) - len(taken)]
            if typed:
                field.insert(typed)  # typed just before the scan, in the same burst: kept
        elif field is not None and field.text().endswith(taken):
            field.setText(field.text()[: -len(taken)])
        self._close_popups(watched)
        if join is not None:
            self.scanned_join.emit(join)
        elif code is not None:
            self.scanned.emit(code)
        else:
            self.scanned_other.emit(burst)
        return True

    def _close_popups(self, receiver: QWidget) -> None:
        """An open list or menu the scan went into is closed as it was, nothing chosen."""
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        current: QWidget | None = receiver
        try:
            while current is not None:  # a combo box's list (on X11, a window of its own)
                combo = _combo_of(current)
                if combo is not None:
                    combo.hidePopup()
                    return
                current = current.parentWidget()
        except RuntimeError:
            return

    # ---- keys held back from widgets that are not text fields -------------------------------

    def _hold(self, receiver: QWidget, event: QKeyEvent) -> None:
        copy = QKeyEvent(
            event.type(),
            event.key(),
            event.modifiers(),
            event.text(),
            event.isAutoRepeat(),
            event.count(),
        )
        self._held.append(_Held(receiver, copy))
        # Keys of a scanner's pace are held as long as they may be held up on their way.
        self._release.start(round((HELD_UP_S if _scanner_paced(self._keys) else MAX_GAP_S) * 1000))

    def release_held(self) -> None:
        """Pass the keys held back on to where they were going (a person was typing)."""
        self._release.stop()
        held, self._held = self._held, []
        self._replaying = True
        try:
            for key in held:
                try:
                    if shiboken6.isValid(key.receiver) and key.receiver.isVisible():
                        QApplication.sendEvent(key.receiver, key.event)
                except RuntimeError:
                    continue  # the widget went away meanwhile (a list closed): nowhere to go
        finally:
            self._replaying = False

    # ---- the burst -----------------------------------------------------------------------

    def _ends_scan(self, now: float) -> bool:
        """Whether an Enter now would end a scan (without taking the burst)."""
        burst = self._burst(now)
        return len(burst) >= MIN_SCAN or any(code_candidates(tail) for tail in _tails(burst))

    def _goes_on(self, now: float) -> bool:
        """Whether a key pressed `now` belongs to the burst before it."""
        gap = now - self._keys[-1][0]
        return gap <= MAX_GAP_S or (gap <= HELD_UP_S and _scanner_paced(self._keys))

    def _burst(self, now: float) -> str:
        """The keys just typed, if they came as a scanner types them (else nothing)."""
        if len(self._keys) < 2 or now - self._keys[-1][0] > HELD_UP_S:
            return ""
        if not _scanner_paced(self._keys):
            return ""  # a person typing fast: their keys, their Enter
        return "".join(ch for _t, ch in self._keys)

    def _moment(self, event: QKeyEvent) -> float:
        """When the key was pressed, in seconds: the window system's time stamp, so that keys
        the window took a while to get to (a file dialog reading its folder) keep their pace;
        the clock where there is none (keys sent by the app itself, and in tests)."""
        stamp = event.timestamp()
        return stamp / 1000 if stamp else self.clock()


def _scanner_paced(keys: list[tuple[float, str]]) -> bool:
    """Whether these keys came at a scanner's pace (the median gap: one held up does not
    count)."""
    if len(keys) < 2:
        return False
    moments = [moment for moment, _ch in keys]
    return statistics.median(b - a for a, b in itertools.pairwise(moments)) <= SCAN_KEY_S


def _combo_of(widget: QWidget) -> QComboBox | None:
    """The combo box whose drop-down list this widget is (the list's window has no parent on
    X11, so its combo is found by its view)."""
    if isinstance(widget, QAbstractItemView):
        # Compared by address: PySide may hand the list over under a wrapper that no longer
        # answers calls (it was made by Qt for the popup), though Qt still sends it keys.
        address = shiboken6.getCppPointer(widget)[0]
        for candidate in QApplication.allWidgets():
            if (
                isinstance(candidate, QComboBox)
                and shiboken6.getCppPointer(candidate.view())[0] == address
            ):
                return candidate
    return None


def _completer_field(widget: QWidget) -> QLineEdit | None:
    """The field whose completion list this is (a file dialog's file name offers the names in
    its folder): the list is a window of its own that passes every key on to the field."""
    try:
        if not (isinstance(widget, QAbstractItemView) and widget.isWindow()):
            return None
    except RuntimeError:
        return None  # a combo's list under a wrapper that no longer answers (see _combo_of)
    # Found by address, as a combo's list is: asking the list for its focus proxy (the field)
    # leaves PySide holding a dead wrapper for the field.
    address = shiboken6.getCppPointer(widget)[0]
    for candidate in QApplication.allWidgets():
        if not isinstance(candidate, QLineEdit):
            continue
        completer = candidate.completer()
        if completer is not None and shiboken6.getCppPointer(completer.popup())[0] == address:
            return candidate
    return None


def _field(widget: QObject) -> QLineEdit | None:
    """The line edit that typed keys land in: the widget itself, an editable combo's, or the
    one an open completion list passes them to. A spin box is not a field here: its text is a
    number the scan would change."""
    if not shiboken6.isValid(widget):
        return None  # a popup's list Qt has just deleted, its last events still on their way
    if isinstance(widget, QLineEdit) and not isinstance(widget.parent(), QAbstractSpinBox):
        return widget
    if isinstance(widget, QComboBox) and widget.isEditable():
        return widget.lineEdit()
    if isinstance(widget, QWidget):
        return _completer_field(widget)
    return None


def _join_code_in(burst: str) -> str | None:
    """The join code the burst ends with (someone may have typed just before the scan): it is
    some hundred characters, and its last groups would read as a badge code."""
    for start in range(len(burst) - MIN_SCAN + 1):
        if looks_like_join_code(burst[start:]):
            return burst[start:]
    return None


def _tails(burst: str) -> list[str]:
    """The burst, and its code-sized endings (someone may have typed just before the scan)."""
    if len(burst) < CODE_LENGTH:
        return []
    sizes = (CODE_LENGTH + 2, CODE_LENGTH)  # with and without the two dashes
    return [burst] + [burst[-n:] for n in sizes if len(burst) > n]
