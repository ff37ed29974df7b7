"""An on-screen keyboard for the touch kiosk: digits for phones, Cyrillic and Latin letters.

Its keys never take the focus: each press types into whichever line edit has it, so the
visitor taps a field and then the keys, as on a phone. A hardware keyboard or the system's
own on-screen keyboard keeps working alongside.

Modes: ``digits`` (a phone), ``pin``, ``letters`` (names), ``text`` (a company or position:
digits and punctuation too), ``passphrase`` (the keys of ``text``, nothing capitalised) and
``email``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

DIGIT_ROWS = ("123", "456", "789")
RUSSIAN_ROWS = ("йцукенгшщзхъ", "фывапролджэ", "ячсмитьбюё")
LATIN_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
NUMBER_ROW = "1234567890"
# The e-mail keyboard keeps to four rows: the signs go at the ends of the letter rows.
EMAIL_ROWS = (NUMBER_ROW + "@", LATIN_ROWS[0] + ".", LATIN_ROWS[1] + "-_", LATIN_ROWS[2] + "+")
NAME_SIGNS = ("-", "'")
TEXT_SIGNS = ("-", "'", "«", "»", '"', ".", ",", "&")
LETTER_MODES = ("letters", "text")


class TouchKeyboard(QWidget):
    """Keys that type into the focused line edit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("touchKeyboard")
        self.mode = "letters"
        self.latin = False
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)
        self._body: QWidget | None = None
        self.set_mode("letters")

    # ---- building the keys -------------------------------------------------------------------

    def set_mode(self, mode: str, *, latin: bool | None = None) -> None:
        if latin is not None:
            self.latin = latin
        if self._body is not None and mode == self.mode and latin is None:
            return
        self.mode = mode
        if self._body is not None:
            self._layout.removeWidget(self._body)
            self._body.hide()  # at once: deleteLater would leave it drawn until the next loop
            self._body.deleteLater()
        self._body = self._keypad() if mode in ("digits", "pin") else self._letters()
        self._layout.addWidget(self._body)

    def set_latin(self, latin: bool) -> None:
        """Latin or Cyrillic letters (follows the interface language; the visitor can switch)."""
        if latin != self.latin:
            self.set_mode(self.mode, latin=latin)

    def _button(self, label: str, name: str) -> QPushButton:
        button = QPushButton(label)
        button.setObjectName(name)
        button.setProperty("touchKey", True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        button.setMinimumSize(64, 64)
        return button

    def _key(self, label: str, typed: str | None = None, *, name: str = "") -> QPushButton:
        text = typed if typed is not None else label
        # "&" marks a shortcut letter in a button's text: "&&" shows the sign itself.
        button = self._button(label.replace("&", "&&"), name or f"key_{text}")
        button.setAutoRepeat(text == "\b")
        button.clicked.connect(lambda: self.press(text))
        return button

    def _backspace(self) -> QPushButton:
        return self._key("⌫", "\b", name="key_backspace")

    def _keypad(self) -> QWidget:
        body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        for row, keys in enumerate(DIGIT_ROWS):
            for column, key in enumerate(keys):
                grid.addWidget(self._key(key), row, column)
        if self.mode == "digits":
            grid.addWidget(self._key("+"), 3, 0)
        grid.addWidget(self._key("0"), 3, 1)
        grid.addWidget(self._backspace(), 3, 2)
        body.setMaximumWidth(520)
        return body

    def _row(self, keys: str | tuple[str, ...], *, upper: bool) -> QHBoxLayout:
        line = QHBoxLayout()
        line.setSpacing(8)
        line.addStretch(1)
        for key in keys:
            line.addWidget(self._key(key.upper() if upper else key, key))
        return line

    def _letters(self) -> QWidget:
        body = QWidget()
        rows = QVBoxLayout(body)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(8)
        with_digits = self.mode in ("text", "passphrase")
        if self.mode == "email":
            lines = [self._row(keys, upper=False) for keys in EMAIL_ROWS]
        else:
            letters = LATIN_ROWS if self.latin else RUSSIAN_ROWS
            lines = [self._row(NUMBER_ROW, upper=False)] if with_digits else []
            lines += [self._row(keys, upper=True) for keys in letters]
        lines[-1].addWidget(self._backspace())
        for line in lines:
            line.addStretch(1)
            rows.addLayout(line)
        if self.mode != "email":
            bottom = QHBoxLayout()
            bottom.setSpacing(8)
            switch = self._button("АБВ" if self.latin else "ABC", "key_switch")
            switch.clicked.connect(lambda: self.set_mode(self.mode, latin=not self.latin))
            bottom.addWidget(switch)
            for sign in TEXT_SIGNS if with_digits else NAME_SIGNS:
                bottom.addWidget(self._key(sign))
            bottom.addWidget(self._key("␣", " ", name="key_space"), 4)
            rows.addLayout(bottom)
        return body

    # ---- typing ----------------------------------------------------------------------------

    def press(self, text: str) -> None:
        target = QApplication.focusWidget()
        if not isinstance(target, QLineEdit) or not target.isEnabled() or target.isReadOnly():
            return
        if text == "\b":
            target.backspace()
            return
        before = target.text()[: target.cursorPosition()]
        word_start = not before or (self.mode == "letters" and before[-1] in " -")
        if self.mode in LETTER_MODES and word_start:
            text = text.upper()  # names start with a capital, as on a phone's keyboard
        target.insert(text)
