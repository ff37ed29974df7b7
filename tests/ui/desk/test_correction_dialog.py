"""The correction form at the desk: a phone that is someone else's is refused at its field,
and nothing else typed is lost; phones are written as everywhere in the app."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from kiosk.phones import format_phone
from kiosk.services import lookup
from kiosk.services.context import Desk
from tests.core.factories import registered
from ui.desk.dialogs import EditAttendeeDialog
from ui.desk.window import DeskWindow


def open_form(qtbot: QtBot, window: DeskWindow, desk: Desk, code: str) -> EditAttendeeDialog:
    person = lookup.get_by_code(desk, code)
    assert person is not None
    dialog = EditAttendeeDialog(person, window, controller=window.controller)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_form_shows_the_phone_as_the_desk_writes_it_and_an_unchanged_one_is_no_change(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    anna = registered(desk, "comfort", last="Аннина", first="Анна", phone="+79141112233")
    dialog = open_form(qtbot, window, desk, anna.code)
    assert dialog.edits["phone"].text() == "+7 914 111-22-33"
    dialog.edits["phone"].setText("8 (914) 111-22-33")  # the same number, typed another way
    assert dialog.changes() == {}


def test_another_persons_phone_is_refused_at_its_field_and_every_edit_is_kept(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    anna = registered(desk, "comfort", last="Аннина", first="Анна", company="Маяк")
    boris = registered(desk, "comfort", last="Борисов", first="Борис", phone="+79145556677")
    dialog = open_form(qtbot, window, desk, anna.code)
    dialog.edits["last_name"].setText("Петрова")
    dialog.edits["company"].setText("Маяк Групп")
    dialog.edits["email"].setText("anna@example.org")
    dialog.edits["phone"].setText("89145556677")  # Boris's, typed as digits
    dialog.save_button.click()

    phone = dialog.rows["phone"]
    qtbot.waitUntil(lambda: bool(phone.error.full_text()), timeout=5000)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert "другого участника: Борисов Борис" in phone.error.full_text()
    assert "border" in phone.edit.styleSheet()  # the field is marked
    assert phone.edit.text() == format_phone(boris.phone or "") == "+7 914 555-66-77"
    typed = {name: dialog.edits[name].text() for name in ("last_name", "company", "email")}
    assert typed == {
        "last_name": "Петрова",
        "company": "Маяк Групп",
        "email": "anna@example.org",
    }
    assert dialog.save_button.isEnabled()
    unchanged = lookup.get_by_code(desk, anna.code)
    assert unchanged is not None and unchanged.last_name == "Аннина"

    phone.edit.setText("+7 914 000-11-22")  # corrected: the message goes, the rest saves
    assert phone.error.full_text() == ""
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    saved = lookup.get_by_code(desk, anna.code)
    assert saved is not None
    assert (saved.last_name, saved.company, saved.email, saved.phone) == (
        "Петрова",
        "Маяк Групп",
        "anna@example.org",
        "+79140001122",
    )
