"""Widgets both windows use."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from kiosk.services.registration import PersonInput


class TeamMembers(QWidget):
    """Rows «2. surname | first name [| company]» for a team's members after the contact (the
    desk's walk-in dialog and the kiosk's sign-up). Rows are made as the team grows and
    hidden, not lost, when it shrinks, so a name typed stays if the size goes down and up
    again. A member's company, left empty, is the contact's (shown as the placeholder)."""

    def __init__(
        self,
        make_edit: Callable[[], QLineEdit] = QLineEdit,
        parent: QWidget | None = None,
        *,
        with_company: bool = False,
    ) -> None:
        super().__init__(parent)
        self._make_edit = make_edit
        self._with_company = with_company
        self.rows: list[tuple[QLineEdit, QLineEdit]] = []
        self.companies: list[QLineEdit] = []
        self._numbers: list[QLabel] = []
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._placeholders = ("", "", "")
        self._default_company = ""
        self._shown = 0
        self._sent: list[int] = []
        """The rows `people` gave, in order: the core numbers members by this list."""

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
            if self._with_company:
                company = self._make_edit()
                company.setObjectName(f"member{number}Company")
                company.setPlaceholderText(self._default_company or self._placeholders[2])
                company.setToolTip(self._placeholders[2])
                self._grid.addWidget(company, row, 3)
                self.companies.append(company)
            self.rows.append((last, first))
            self._numbers.append(label)
        for index, label in enumerate(self._numbers):
            visible = index < wanted
            for widget in (label, *self.rows[index], *self.companies[index : index + 1]):
                widget.setVisible(visible)
        self._shown = wanted

    @property
    def shown(self) -> int:
        """How many member rows are shown."""
        return self._shown

    def people(self, count: int) -> tuple[PersonInput, ...]:
        """The members typed in the first `count` rows (empty rows are seats the desk names)."""
        members = []
        self._sent = []
        for index, (last, first) in enumerate(self.rows[:count]):
            if not (last.text().strip() or first.text().strip()):
                continue
            company = self.companies[index].text() if index < len(self.companies) else ""
            members.append(PersonInput(last.text(), first.text(), company=company))
            self._sent.append(index)
        return tuple(members)

    def set_placeholders(self, last: str, first: str, company: str = "") -> None:
        self._placeholders = (last, first, company)
        for last_edit, first_edit in self.rows:
            last_edit.setPlaceholderText(last)
            first_edit.setPlaceholderText(first)
        self.set_default_company(self._default_company)

    def set_default_company(self, company: str) -> None:
        """The contact's company, which members take unless another is typed."""
        self._default_company = company.strip()
        for edit in self.companies:
            edit.setPlaceholderText(self._default_company or self._placeholders[2])

    def tab_chain(self) -> list[QWidget]:
        """The visible member fields in the order Tab should visit them."""
        chain: list[QWidget] = []
        for index, (last, first) in enumerate(self.rows[: self._shown]):
            chain += [last, first, *self.companies[index : index + 1]]
        return chain

    def widget_for(self, field: str) -> QLineEdit | None:
        """The field named by a registration error such as ``member3_first_name`` (the core
        numbers the members `people` gave: rows left empty are not among them)."""
        index = self._row_of(field)
        if index is None:
            return None
        last, first = self.rows[index]
        name = field.partition("_")[2]
        if name == "company" and index < len(self.companies):
            return self.companies[index]
        return first if name == "first_name" else last

    def number_for(self, field: str) -> int | None:
        """The number on screen («3.») of the row a registration error names."""
        index = self._row_of(field)
        return index + 2 if index is not None else None

    def _row_of(self, field: str) -> int | None:
        number = field.removeprefix("member").partition("_")[0]
        if not number.isdigit():
            return None
        position = int(number) - 2
        rows = self._sent or list(range(len(self.rows)))
        return rows[position] if 0 <= position < len(rows) else None

    def clear(self) -> None:
        for last, first in self.rows:
            last.clear()
            first.clear()
        for company in self.companies:
            company.clear()
