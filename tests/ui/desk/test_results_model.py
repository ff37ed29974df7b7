"""The results table's model: what each cell shows, worked out once when the results arrive."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QModelRoleData, QModelRoleDataSpan, Qt
from PySide6.QtGui import QColor, QFont

from kiosk.services.checkin import check_in
from kiosk.services.context import Desk
from kiosk.services.lookup import get_by_code
from tests.core.factories import registered
from ui.desk.widgets import ResultsModel

CONFERENCE = date(2026, 11, 28)
TRAINING = date(2026, 11, 27)
GREEN, AMBER, RED = QColor("#1E8E3E"), QColor("#B06F00"), QColor("#C5221F")


def cell(
    model: ResultsModel, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole
) -> Any:
    return model.data(model.index(row, column), role)


def test_each_row_shows_name_company_tariff_and_the_state_on_the_day(desk: Desk) -> None:
    person = registered(desk, last="Тютин", first="Альберт", middle_name="Петрович", company="Маяк")
    check_in(desk, person.code, day=CONFERENCE)
    inside = get_by_code(desk, person.code)
    assert inside is not None
    unpaid = registered(desk, last="Гусева", paid=False)
    waiting = registered(desk, "package_comfort", last="Ёлкина")
    model = ResultsModel(desk.event)
    model.set_rows((inside, unpaid, waiting), CONFERENCE)
    assert model.rowCount() == 3 and model.columnCount() == 4
    assert [cell(model, 0, c) for c in range(3)] == [
        "Тютин Альберт Петрович",
        "Маяк",
        desk.event.tariff("comfort").short_title,  # type: ignore[union-attr]
    ]
    assert [cell(model, r, 3) for r in range(3)] == [
        model.state(p)[0] for p in (inside, unpaid, waiting)
    ]
    assert [cell(model, r, 3, Qt.ItemDataRole.ForegroundRole) for r in range(3)] == [
        GREEN,
        AMBER,
        QColor("#555"),
    ]
    assert cell(model, 0, 0, Qt.ItemDataRole.ForegroundRole) is None
    font = cell(model, 2, 0, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    assert cell(model, 2, 1, Qt.ItemDataRole.FontRole) is None
    assert cell(model, 2, 0, Qt.ItemDataRole.UserRole) == waiting
    assert cell(model, 2, 0, Qt.ItemDataRole.ToolTipRole) is None
    assert model.data(QModelIndex()) is None


def test_new_rows_or_another_day_replace_every_cell(desk: Desk) -> None:
    conference_only = registered(desk, "comfort", last="Ёлкина")
    other = registered(desk, last="Иванов")
    model = ResultsModel(desk.event)
    model.set_rows((conference_only,), CONFERENCE)
    on_conference = cell(model, 0, 3)
    model.set_rows((conference_only,), TRAINING)
    assert cell(model, 0, 3) == model.state(conference_only)[0] != on_conference
    assert cell(model, 0, 3, Qt.ItemDataRole.ForegroundRole) == RED
    model.set_rows((other,), TRAINING)
    assert cell(model, 0, 0) == "Иванов Иван"
    model.set_rows((), TRAINING)
    assert model.rowCount() == 0 and cell(model, 0, 0) is None


def test_a_cell_asked_for_its_roles_at_once_answers_as_asked_one_by_one(desk: Desk) -> None:
    unpaid = registered(desk, last="Гусева", paid=False)
    waiting = registered(desk, "package_comfort", last="Ёлкина", company="Маяк")
    model = ResultsModel(desk.event)
    model.set_rows((unpaid, waiting), CONFERENCE)
    roles = [
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.UserRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.BackgroundRole,
    ]
    for row in range(2):
        for column in range(4):
            index = model.index(row, column)
            for role in roles:
                asked = QModelRoleData(role.value)
                model.multiData(index, QModelRoleDataSpan(asked))
                assert asked.data() == model.data(index, role), (row, column, role)
    beyond = QModelRoleData(Qt.ItemDataRole.DisplayRole.value)
    model.multiData(model.index(5, 0), QModelRoleDataSpan(beyond))
    assert beyond.data() is None
