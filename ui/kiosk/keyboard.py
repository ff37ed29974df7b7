"""An on-screen keyboard for the touch kiosk: digits for phones, Cyrillic and Latin letters.

Its keys never take the focus: each press types into whichever line edit has it, so the
visitor taps a field and then the keys, as on a phone. A hardware keyboard or the system's
own on-screen keyboard keeps working alongside.
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
RUSSIAN_ROWS = ("йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю")
LATIN_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
EMAIL_EXTRAS = ("@", ".", "-", "_")


class TouchKeyboard(QWidget):
    """Keys that type into the focused line edit; `mode` is "digits", "letters" or "email"."""

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
        self.mode = mode
        if latin is not None:
            self.latin = latin
        if self._body is not None:
            self._layout.removeWidget(self._body)
            self._body.deleteLater()
        self._body = self._digits() if mode == "digits" else self._letters()
        self._layout.addWidget(self._body)

    def _button(self, label: str, name: str) -> QPushButton:
        button = QPushButton(label)
        button.setObjectName(name)
        button.setProperty("touchKey", True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        button.setMinimumSize(52, 54)
        return button

    def _key(self, label: str, typed: str | None = None, *, name: str = "") -> QPushButton:
        text = typed if typed is not None else label
        button = self._button(label, name or f"key_{text}")
        button.setAutoRepeat(text == "\b")
        button.clicked.connect(lambda: self.press(text))
        return button

    def _digits(self) -> QWidget:
        body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        for row, keys in enumerate(DIGIT_ROWS):
            for column, key in enumerate(keys):
                grid.addWidget(self._key(key), row, column)
        grid.addWidget(self._key("+"), 3, 0)
        grid.addWidget(self._key("0"), 3, 1)
        grid.addWidget(self._key("⌫", "\b", name="key_backspace"), 3, 2)
        body.setMaximumWidth(520)
        return body

    def _letters(self) -> QWidget:
        body = QWidget()
        rows = QVBoxLayout(body)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(8)
        letters: tuple[str, ...] = LATIN_ROWS if self.latin else RUSSIAN_ROWS
        if self.mode == "email":
            letters = ("1234567890", *LATIN_ROWS)
        for index, keys in enumerate(letters):
            line = QHBoxLayout()
            line.setSpacing(8)
            line.addStretch(1)
            for key in keys:
                line.addWidget(self._key(key.upper() if self.mode != "email" else key, key))
            if index == len(letters) - 1:
                line.addWidget(self._key("⌫", "\b", name="key_backspace"))
            line.addStretch(1)
            rows.addLayout(line)
        bottom = QHBoxLayout()
        bottom.setSpacing(8)
        if self.mode == "email":
            for extra in EMAIL_EXTRAS:
                bottom.addWidget(self._key(extra))
        else:
            switch = self._button("АБВ" if self.latin else "ABC", "key_switch")
            switch.clicked.connect(lambda: self.set_mode(self.mode, latin=not self.latin))
            bottom.addWidget(switch)
            bottom.addWidget(self._key("-"))
            space = self._key("␣", " ", name="key_space")
            bottom.addWidget(space, 4)
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
        if self.mode == "letters" and (not before or before[-1] in " -"):
            text = text.upper()  # names start with a capital, as on a phone's keyboard
        target.insert(text)
