"""Widgets both windows use."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from kiosk.services.registration import PersonInput


class TeamMembers(QWidget):
    """Rows «2. surname | first name» for a team's members after the contact (the desk's
    walk-in dialog and the kiosk's sign-up). Rows are made as the team grows and hidden, not
    lost, when it shrinks, so a name typed stays if the size goes down and up again."""

    def __init__(
        self, make_edit: Callable[[], QLineEdit] = QLineEdit, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._make_edit = make_edit
        self.rows: list[tuple[QLineEdit, QLineEdit]] = []
        self._numbers: list[QLabel] = []
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._placeholders = ("", "")

    def show_count(self, wanted: int) -> None:
        """Show the first `wanted` rows (members 2 … wanted + 1)."""
        while len(self.rows) < wanted:
            number = len(self.rows) + 2
            last, first = self._make_edit(), self._make_edit()
            last.setObjectName(f"member{number}Last")
            first.setObjectName(f"member{number}First")
            last.setPlaceholderText(self._placeholders[0])
            first.setPlaceholderText(self._placeholders[1])
            label = QLabel(f"{number}.")
            row = len(self.rows)
            self._grid.addWidget(label, row, 0)
            self._grid.addWidget(last, row, 1)
            self._grid.addWidget(first, row, 2)
            self.rows.append((last, first))
            self._numbers.append(label)
        for index, (label, (last, first)) in enumerate(zip(self._numbers, self.rows, strict=True)):
            for widget in (label, last, first):
                widget.setVisible(index < wanted)

    def people(self, count: int) -> tuple[PersonInput, ...]:
        """The members typed in the first `count` rows (empty rows are seats the desk names)."""
        return tuple(
            PersonInput(last.text(), first.text())
            for last, first in self.rows[:count]
            if last.text().strip() or first.text().strip()
        )

    def set_placeholders(self, last: str, first: str) -> None:
        self._placeholders = (last, first)
        for last_edit, first_edit in self.rows:
            last_edit.setPlaceholderText(last)
            first_edit.setPlaceholderText(first)

    def clear(self) -> None:
        for last, first in self.rows:
            last.clear()
            first.clear()
