"""The 09:00 rush at the desk: scans into open dialogs, forms that keep their work, badges that
stay true, and days named honestly."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from threading import Event
from time import sleep
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kiosk.models import CheckIn, Payment, PaymentMethod
from kiosk.services import printing as printing_service
from kiosk.services.checkin import check_in
from kiosk.services.context import Desk
from kiosk.services.views import AttendeeView
from tests.conftest import TRAINING_MORNING, FixedClock
from tests.core.factories import registered
from tests.ui.desk.test_desk_window import (
    CONFERENCE,
    panel_text,
    scan,
    type_text,
    wait_tone,
)
from ui.common.settings import DeskSettings
from ui.desk.dialogs import UndoDialog, WalkInDialog
from ui.desk.window import DeskWindow

TRAINING = date(2026, 11, 27)


def checkins(desk: Desk) -> int:
    with desk.db.read() as session:
        return session.scalar(select(func.count()).select_from(CheckIn)) or 0


def payments(desk: Desk) -> int:
    with desk.db.read() as session:
        return session.scalar(select(func.count()).select_from(Payment)) or 0


def notice(dialog: QWidget) -> str:
    found = dialog.findChild(QLabel, "scanNotice")
    return found.text() if found is not None else ""


def open_walk_in(qtbot: QtBot, window: DeskWindow) -> WalkInDialog:
    dialog = WalkInDialog(window.controller, window)
    qtbot.addWidget(dialog)
    dialog.open()  # modal, as the desk opens it, without blocking the test
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    return dialog


def activate(qtbot: QtBot, dialog: QWidget) -> None:
    """Give the dialog the keyboard, as a real screen does when it opens: offscreen Qt
    activates no window by itself, and keys would still go to the desk's search field."""
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)


# ---- a scan is a scan, everywhere ------------------------------------------------------------


def test_a_scan_into_the_walk_in_form_checks_in_behind_it_and_leaves_the_form_as_it_was(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    anna = registered(desk, "comfort", last="Сканова", first="Анна")
    dialog = open_walk_in(qtbot, window)
    type_text(dialog.rows["last_name"].edit, "Командирова")
    dialog.payment.buttons()[0].setChecked(True)  # «Карта»: a submit would record money
    position = dialog.rows["position"].edit
    position.setFocus()
    type_text(position, "Ме")
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "green")
    assert "Анна Сканова" in panel_text(window)
    assert dialog.isVisible() and dialog.result is None  # not submitted
    assert position.text() == "Ме"  # the code did not stay in the field
    assert dialog.rows["last_name"].text() == "Командирова"
    assert payments(desk) == 1  # only Анна's own payment from her registration
    qtbot.waitUntil(lambda: "Анна Сканова" in notice(dialog), timeout=3000)
    assert "форма не изменилась" in notice(dialog)


def test_a_scan_over_selected_text_leaves_the_field_as_it_was(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    anna = registered(desk, "comfort", last="Выделенная", first="Анна")
    dialog = open_walk_in(qtbot, window)
    middle = dialog.rows["middle_name"].edit
    middle.setFocus()
    type_text(middle, "Петрович")
    middle.selectAll()  # as Shift+Tab back into the field does
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "green")
    assert middle.text() == "Петрович"
    assert middle.selectedText() == "Петрович"  # still selected: the next key replaces it
    qtbot.waitUntil(lambda: "форма не изменилась" in notice(dialog), timeout=3000)


def test_a_scan_over_a_selected_team_member_leaves_the_name_as_it_was(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    anna = registered(desk, "comfort", last="Членова", first="Анна")
    dialog = open_walk_in(qtbot, window)
    dialog.tariff.setCurrentIndex(dialog.tariff.findData("tariff:team"))
    member = dialog.members[0][0]
    member.setText("Борисов")
    member.setFocus(Qt.FocusReason.TabFocusReason)
    member.selectAll()  # as Tab into the row does
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "green")
    assert member.text() == "Борисов"
    assert member.selectedText() == "Борисов"


def test_a_scan_over_the_selected_desk_name_in_the_settings_leaves_it_as_it_was(
    qtbot: QtBot, window: DeskWindow, settings: DeskSettings
) -> None:
    from ui.desk.dialogs import SettingsDialog

    options = SettingsDialog(settings, window)
    qtbot.addWidget(options)
    options.open()
    qtbot.waitExposed(options)
    activate(qtbot, options)
    assert QApplication.focusWidget() is options.desk_name
    options.desk_name.selectAll()  # selected when the dialog opens
    scan(qtbot, window, "https://servicenext.ru/?utm=qr")
    qtbot.waitUntil(lambda: "не бейдж" in panel_text(window), timeout=3000)
    assert options.desk_name.text() == "desk-1"
    assert options.desk_name.selectedText() == "desk-1"


def test_a_scan_over_the_file_name_in_the_export_dialog_leaves_it_as_it_was(
    qtbot: QtBot,
    window: DeskWindow,
    desk: Desk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QFileDialog, QLineEdit

    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "attendees-yesterday.xlsx").write_bytes(b"")  # offered while a name is typed
    anna = registered(desk, "comfort", last="Файлова", first="Анна")
    seen: dict[str, str] = {}

    def in_the_dialog() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog))
        try:
            activate(qtbot, dialog)
            name = dialog.findChild(QLineEdit, "fileNameEdit")
            name.selectAll()
            type_text(name, "attendees")
            assert QApplication.activePopupWidget() is not None  # the folder's names, offered
            name.selectAll()
            scan(qtbot, window, anna.code)
            wait_tone(qtbot, window, "green")
            seen["text"], seen["selected"] = name.text(), name.selectedText()
        finally:
            dialog.reject()

    QTimer.singleShot(0, in_the_dialog)
    window.open_export("attendees")
    assert seen == {"text": "attendees", "selected": "attendees"}
    assert checkins(desk) == 1


def scan_notice_of(qtbot: QtBot, dialog: QWidget) -> QLabel:
    qtbot.waitUntil(lambda: dialog.findChild(QLabel, "scanNotice") is not None, timeout=3000)
    found = dialog.findChild(QLabel, "scanNotice")
    assert found is not None
    return found


def hidden_buttons(dialog: QWidget, notice: QWidget) -> list[str]:
    """The visible buttons the notice lies over."""
    return [
        button.text()
        for button in dialog.findChildren(QAbstractButton)
        if button.isVisibleTo(dialog)
        and QRect(button.mapTo(dialog, QPoint(0, 0)), button.size()).intersects(notice.geometry())
    ]


def test_the_scan_notice_hides_no_button_of_the_form_and_lets_clicks_through(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    anna = registered(desk, "comfort", last="Тостова", first="Анна")
    dialog = open_walk_in(qtbot, window)
    dialog.rows["last_name"].edit.setFocus()
    scan(qtbot, window, anna.code)
    notice = scan_notice_of(qtbot, dialog)
    assert hidden_buttons(dialog, notice) == []
    assert dialog.childAt(notice.geometry().center()) is not notice  # a click goes through


def test_the_scan_notice_over_a_message_box_leaves_its_buttons_to_click(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    anna = registered(desk, "comfort", last="Кнопкина", first="Анна")
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Напечатать ещё раз?",
        "Бейдж уже печатали",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        window,
    )
    qtbot.addWidget(box)
    box.open()
    qtbot.waitExposed(box)
    activate(qtbot, box)
    scan(qtbot, window, anna.code)
    notice = scan_notice_of(qtbot, box)
    assert hidden_buttons(box, notice) == []
    yes = box.button(QMessageBox.StandardButton.Yes)
    assert box.childAt(yes.mapTo(box, yes.rect().center())) is yes


def test_a_scan_in_the_undo_dialog_is_never_its_reason(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    first = registered(desk, "comfort", last="Первая", first="Ольга")
    second = registered(desk, "comfort", last="Вторая", first="Вера")
    check_in(desk, first.code)
    dialog = UndoDialog(first, CONFERENCE, window)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    scan(qtbot, window, second.code)
    wait_tone(qtbot, window, "green")
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.reason() == ""
    assert checkins(desk) == 2  # the scanned person in; the first one's check-in still there


def test_a_scan_in_a_message_box_presses_none_of_its_buttons(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    anna = registered(desk, "comfort", last="Ответова", first="Анна")
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Напечатать ещё раз?",
        "Бейдж уже печатали",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        window,
    )
    box.setDefaultButton(QMessageBox.StandardButton.Yes)  # the worst case: Enter would say yes
    qtbot.addWidget(box)
    box.open()
    qtbot.waitExposed(box)
    # «Д» is «Да»'s mnemonic: the Russian layout types it for the L of a code.
    scan(qtbot, window, "7LL2-M9XD-H3TR".translate(str.maketrans("L", "Д")))
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "green")
    qtbot.wait(100)  # keys held back from the box would be passed on by now
    assert box.isVisible() and box.clickedButton() is None


def test_a_scan_with_the_day_list_open_closes_it_unchanged_and_checks_in(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    anna = registered(desk, "comfort", last="Списочная", first="Анна")
    days: QComboBox = window.day_selector
    before = days.currentIndex()
    days.showPopup()
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=3000)
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "green")
    assert QApplication.activePopupWidget() is None
    assert days.currentIndex() == before
    assert checkins(desk) == 1


def test_a_person_typing_in_a_dialog_loses_no_key(qtbot: QtBot, window: DeskWindow) -> None:
    dialog = open_walk_in(qtbot, window)
    dialog.team_size.setFocus()  # not a text field: keys are held back a moment, then given
    dialog.tariff.setCurrentIndex(dialog.tariff.findData("tariff:team"))
    dialog.team_size.lineEdit().selectAll()
    type_text(dialog.team_size, "5")
    qtbot.waitUntil(lambda: dialog.team_size.value() == 5, timeout=2000)


def test_a_person_typing_fast_then_enter_in_the_correction_dialog_keeps_the_text_and_saves(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    from ui.desk.dialogs import EditAttendeeDialog

    anna = registered(desk, "comfort", last="Быстрова", first="Анна", company="Маяк")
    dialog = EditAttendeeDialog(anna, window)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    company = dialog.edits["company"]
    company.setFocus()
    company.end(False)
    type_text(company, " Group", seconds_per_key=0.02)  # 20 ms a key: fast, but a person
    qtbot.keyClick(company, Qt.Key.Key_Return)
    assert company.text() == "Маяк Group"
    assert dialog.result() == QDialog.DialogCode.Accepted  # Enter saved, as it always does
    assert "не бейдж" not in panel_text(window)


def test_a_person_typing_a_surname_fast_then_enter_checks_in_the_one_match(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    registered(desk, "comfort", last="Скоропись", first="Анна")
    type_text(window.search_input, "Скоропись", seconds_per_key=0.02)
    qtbot.waitUntil(lambda: window.results_model.rowCount() == 1, timeout=3000)
    qtbot.keyClick(window.search_input, Qt.Key.Key_Return)
    wait_tone(qtbot, window, "green")
    assert checkins(desk) == 1


def test_a_scan_that_is_not_a_badge_says_so(qtbot: QtBot, window: DeskWindow) -> None:
    scan(qtbot, window, "https://servicenext.ru/?utm=qr")
    qtbot.waitUntil(lambda: "не бейдж" in panel_text(window), timeout=3000)
    assert window.search_input.text() == ""


def test_a_product_barcode_scanned_at_the_desk_is_not_a_badge_either(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    scan(qtbot, window, "4607001234567")  # an EAN-13: its last twelve digits read like a code
    qtbot.waitUntil(lambda: "не бейдж" in panel_text(window), timeout=3000)
    assert "не найден" not in panel_text(window).lower()
    assert checkins(desk) == 0


# ---- forms that never lose work --------------------------------------------------------------


def test_one_submit_shows_every_wrong_field_and_puts_the_cursor_in_the_first(
    qtbot: QtBot, window: DeskWindow
) -> None:
    dialog = open_walk_in(qtbot, window)
    type_text(dialog.rows["first_name"].edit, "Анна")
    type_text(dialog.rows["phone"].edit, "12")
    type_text(dialog.rows["email"].edit, "anna@")
    height = dialog.height()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.rows["last_name"].error.full_text() == "Фамилия: обязательное поле"
    assert dialog.rows["phone"].error.full_text()
    assert dialog.rows["email"].error.full_text()
    assert "согласие" in dialog.consent_error.full_text().lower()
    assert dialog.focusWidget() is dialog.rows["last_name"].edit
    assert dialog.height() == height  # the errors did not make the form jump
    type_text(dialog.rows["last_name"].edit, "Иванова")
    assert dialog.rows["last_name"].error.full_text() == ""  # gone once fixed


def fill_contact(dialog: WalkInDialog, *, team_size: int) -> None:
    dialog.rows["last_name"].edit.setText("Командирова")
    dialog.rows["first_name"].edit.setText("Ольга")
    dialog.rows["phone"].edit.setText("8 914 700 80 91")
    dialog.tariff.setCurrentIndex(dialog.tariff.findData("tariff:team"))
    dialog.team_size.setValue(team_size)
    dialog.consent.setChecked(True)


def test_a_team_member_s_error_puts_the_cursor_in_that_member_s_field(
    qtbot: QtBot, window: DeskWindow
) -> None:
    dialog = open_walk_in(qtbot, window)
    fill_contact(dialog, team_size=4)
    third_last, third_first = dialog.members[1]  # row «3.»; row «2.» is left for the desk
    third_last.setText("Петров")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.focusWidget() is third_first
    assert dialog.team_size_error.full_text() == "Участник 3: Имя: обязательное поле"
    assert "обязательное поле" in third_first.toolTip()
    assert dialog.result is None


def test_errors_appearing_move_no_row_of_the_form(qtbot: QtBot, window: DeskWindow) -> None:
    dialog = open_walk_in(qtbot, window)
    fill_contact(dialog, team_size=4)
    dialog.rows["last_name"].edit.clear()
    dialog.rows["phone"].edit.setText("12")
    dialog.members[1][0].setText("Петров")
    dialog.consent.setChecked(False)
    fields = [
        w
        for w in dialog.findChildren(QWidget)
        if w.isVisibleTo(dialog) and isinstance(w, QLineEdit | QAbstractButton | QComboBox)
    ]

    def places() -> list[tuple[int, int]]:
        QApplication.processEvents()  # the layout as drawn
        return [(w.mapTo(dialog, QPoint(0, 0)).y(), w.height()) for w in fields]

    before = places()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.rows["phone"].error.full_text()  # the errors are there
    assert places() == before


def test_enter_never_discards_and_escape_asks_first(
    qtbot: QtBot, window: DeskWindow, forms_close_without_asking: list[str]
) -> None:
    dialog = open_walk_in(qtbot, window)
    type_text(dialog.rows["last_name"].edit, "Незабытова")
    dialog.cancel_button.setFocus()
    assert not dialog.cancel_button.autoDefault() and dialog.save_button.isDefault()
    qtbot.keyClick(dialog.rows["last_name"].edit, Qt.Key.Key_Escape)
    assert forms_close_without_asking == ["WalkInDialog"]


def test_escape_on_an_empty_form_closes_it_without_a_question(
    qtbot: QtBot, window: DeskWindow, forms_close_without_asking: list[str]
) -> None:
    dialog = open_walk_in(qtbot, window)
    qtbot.keyClick(dialog.rows["last_name"].edit, Qt.Key.Key_Escape)
    assert forms_close_without_asking == [] and not dialog.isVisible()


def test_team_members_take_the_contacts_company_and_tab_goes_through_their_rows(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    dialog = open_walk_in(qtbot, window)
    dialog.tariff.setCurrentIndex(dialog.tariff.findData("tariff:team"))
    dialog.team_size.setValue(3)
    type_text(dialog.rows["company"].edit, "Маяк")
    member_company = dialog.team_members.companies[0]
    assert member_company.placeholderText() == "Маяк"
    last, first = dialog.members[0]
    assert last.nextInFocusChain() is first
    assert first.nextInFocusChain() is member_company
    assert member_company.nextInFocusChain() is dialog.members[1][0]


def banner_names_the_card(window: DeskWindow) -> bool:
    shown = window.attendee_card.attendee
    return (
        shown is not None
        and window.result_panel.shown_attendee == shown.id
        and f"{shown.first_name} {shown.last_name}" in window.result_panel.title.text()
    )


def test_after_a_team_walk_in_the_banner_names_the_person_on_the_card(
    qtbot: QtBot, window: DeskWindow, print_folder: Path
) -> None:
    from tests.ui.desk.test_desk_window import fill_walk_in

    dialog = open_walk_in(qtbot, window)
    fill_walk_in(qtbot, dialog, team_size=3)
    type_text(dialog.members[0][0], "Борисов")
    type_text(dialog.members[0][1], "Борис")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_tone(qtbot, window, "green")
    # The contact's badge and Борис's print after the check-in; the card stays with her.
    qtbot.waitUntil(lambda: len(list(print_folder.glob("*.pdf"))) == 2, timeout=15000)
    window.controller.runner.wait()
    qtbot.wait(100)
    assert "Командирова" in window.attendee_card.name.text()
    assert banner_names_the_card(window)


def test_a_badge_printed_after_another_scan_leaves_the_banner_and_card_on_the_scanned(
    qtbot: QtBot,
    window: DeskWindow,
    desk: Desk,
    print_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kiosk.services.registration import PersonInput, Registration, register

    team = register(
        desk,
        Registration(
            person=PersonInput("Команда", "Контакт", phone="+79140000092"),
            tariff="team",
            team_size=3,
            consent=True,
            pay=PaymentMethod.CASH,
        ),
    )
    seat = team.attendees[-1]
    anna = registered(desk, "comfort", last="Посредине", first="Анна")

    def answer(_text: str, _reason: printing_service.PrintWarning) -> bool:
        scan(qtbot, window, anna.code)  # while «Бейдж без имени?» is open
        wait_tone(qtbot, window, "green")
        return True

    monkeypatch.setattr(window, "confirm_print", answer)
    window.attendee_card.show_attendee(seat)
    window.print_selected()
    qtbot.waitUntil(lambda: len(list(print_folder.glob("*.pdf"))) == 2, timeout=15000)
    window.controller.runner.wait()
    qtbot.wait(100)
    assert window.attendee_card.attendee is not None
    assert window.attendee_card.attendee.id == anna.id
    assert banner_names_the_card(window)


def shows_only(window: DeskWindow, person: AttendeeView) -> bool:
    """The field, the list with its selection, the card and the banner: all on `person`."""
    selected = window.selected()
    return (
        window.search_input.text() == person.code
        and [row.id for row in window.results_model.rows] == [person.id]
        and selected is not None
        and selected.id == person.id
        and window.attendee_card.attendee is not None
        and window.attendee_card.attendee.id == person.id
        and banner_names_the_card(window)
    )


def shows_in_list(window: DeskWindow, person: AttendeeView) -> bool:
    selected = window.selected()
    return selected is not None and selected.id == person.id


def test_after_a_burst_of_scans_field_list_and_card_all_show_the_last_one_scanned(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    sought = registered(desk, "comfort", last="Искомова", first="Ирина")
    queue = [registered(desk, "comfort", last=f"Очередь-{n}", first="Олег") for n in range(4)]
    type_text(window.search_input, "Искомова")  # the operator was looking for someone
    qtbot.waitUntil(lambda: shows_in_list(window, sought), timeout=5000)
    for person in queue:  # then a queue scans their badges, one right after another
        scan(qtbot, window, person.code)
    qtbot.waitUntil(lambda: checkins(desk) == 4, timeout=10_000)
    window.controller.runner.wait()
    qtbot.waitUntil(lambda: shows_only(window, queue[-1]), timeout=5000)
    qtbot.wait(300)  # nothing answered late takes its place
    assert shows_only(window, queue[-1])
    window.search_input.insert("x")  # the code is selected: the next key replaces it
    assert window.search_input.text() == "x"


def slow_search(
    monkeypatch: pytest.MonkeyPatch, seconds: float, until: Event | None = None
) -> tuple[Event, Event]:
    """Searches take `seconds` (a hub far away) — or, given `until`, answer only once it is
    set, whatever the load of the machine: whether one began, and whether one ended."""
    from kiosk.services import lookup

    began, ended = Event(), Event()
    search = lookup.search

    def slow(*args: Any, **kwargs: Any) -> tuple[AttendeeView, ...]:
        began.set()
        found = search(*args, **kwargs)
        if until is None:
            sleep(seconds)
        else:
            until.wait(10)
        ended.set()
        return found

    monkeypatch.setattr(lookup, "search", slow)
    return began, ended


def test_a_search_answered_after_a_scan_does_not_take_the_scanned_person_s_place(
    qtbot: QtBot, window: DeskWindow, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    sought = registered(desk, "comfort", last="Медленова", first="Ирина")
    anna = registered(desk, "comfort", last="Сканова", first="Анна")
    began, ended = slow_search(monkeypatch, 0.8)
    type_text(window.search_input, "Медленова")
    qtbot.waitUntil(began.is_set, timeout=5000)  # the search is on its way
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "green")
    qtbot.waitUntil(ended.is_set, timeout=5000)
    window.controller.runner.wait()
    qtbot.wait(200)
    assert shows_only(window, anna)
    assert sought.id not in [row.id for row in window.results_model.rows]


def test_a_card_read_before_a_payment_is_not_shown_after_it(
    qtbot: QtBot, window: DeskWindow, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = registered(desk, "premium", paid=False, last="Должникова", first="Анна")
    type_text(window.search_input, "Должникова")
    qtbot.waitUntil(lambda: shows_in_list(window, anna), timeout=5000)
    scan(qtbot, window, anna.code)  # she had been found; her badge is scanned all the same
    wait_tone(qtbot, window, "amber")
    window.controller.runner.wait()
    # The list is read before she pays and answers only after the payment was shown: on a
    # loaded machine a fixed delay let it answer first, which is no fault (she had not paid).
    paid = Event()
    began, ended = slow_search(monkeypatch, 0.8, until=paid)
    window.controller.refresh()  # another desk wrote: the list is read again, slowly
    qtbot.waitUntil(began.is_set, timeout=5000)
    cards: list[AttendeeView | None] = []
    window.attendee_card.shown.connect(cards.append)
    window.controller.check_in_attendee(anna.id, pay=PaymentMethod.CASH)  # «Наличные»
    wait_tone(qtbot, window, "green")
    paid.set()
    qtbot.waitUntil(ended.is_set, timeout=5000)
    window.controller.runner.wait()
    qtbot.wait(200)
    assert cards and all(
        card is not None and card.checkin_on(CONFERENCE) is not None for card in cards
    ), "the card went back to Анна as she was before paying"
    assert shows_only(window, anna)


def test_choosing_another_person_takes_the_previous_outcome_off_the_banner(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    anna = registered(desk, "comfort", last="Первова", first="Анна")
    boris = registered(desk, "comfort", last="Вторцев", first="Борис")
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "green")
    window.show_attendee(boris)
    assert "Анна" not in window.result_panel.title.text()
    assert window.result_panel.tone == "idle"


def test_the_undo_question_names_the_person_after_a_colon_as_no_case_is_needed(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    """«Отменить отметку Тютина Мария» wants the genitive; after a colon the name reads right
    as it is."""
    maria = registered(desk, "comfort", last="Тютина", first="Мария")
    dialog = UndoDialog(maria, CONFERENCE, window)
    qtbot.addWidget(dialog)
    question = dialog.findChild(QLabel, "undoQuestion")
    assert question is not None
    assert question.text() == "Отменить отметку за 28.11: Тютина Мария? Причина:"


def test_undo_with_an_empty_reason_says_what_is_missing(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    anna = registered(desk, "comfort")
    dialog = UndoDialog(anna, CONFERENCE, window)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "почему" in dialog.reason_row.error.full_text()


# ---- badges that stay true ------------------------------------------------------------------


@pytest.fixture
def no_auto_print(window: DeskWindow) -> DeskSettings:
    from dataclasses import replace

    window.controller.settings = replace(window.controller.settings, auto_print=False)
    return window.controller.settings


def test_with_auto_print_off_printing_is_never_announced(
    qtbot: QtBot, window: DeskWindow, desk: Desk, no_auto_print: DeskSettings
) -> None:
    anna = registered(desk, "comfort", last="Безпечати", first="Анна")
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "green")
    assert "печатается" not in panel_text(window)
    assert "Ctrl+P" in window.result_panel.badge_line.text()


def test_printing_is_announced_only_for_a_job_and_then_says_how_it_ended(
    qtbot: QtBot, window: DeskWindow, desk: Desk, print_folder: Path
) -> None:
    anna = registered(desk, "comfort", last="Спечатью", first="Анна")
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "green")
    qtbot.waitUntil(
        lambda: window.result_panel.badge_line.text() == "Бейдж напечатан.", timeout=10000
    )


def never_asked(monkeypatch: pytest.MonkeyPatch, window: DeskWindow) -> list[str]:
    asked: list[str] = []

    def answer(text: str, reason: printing_service.PrintWarning) -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr(window, "confirm_print", answer)
    return asked


def test_an_upgrade_sold_after_the_badge_offers_the_new_badge_in_one_key_and_says_why(
    qtbot: QtBot,
    window: DeskWindow,
    desk: Desk,
    clock: FixedClock,
    no_auto_print: DeskSettings,
    print_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock.now = TRAINING_MORNING
    window.controller.set_day(TRAINING)
    anna = registered(desk, "comfort", last="Доплатова", first="Анна")
    printing_service.print_badges(
        desk, [anna.code], printer="pdf:unused", sender=lambda *a, **k: "x"
    )
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "red")
    assert "Нет доступа на 27.11" in panel_text(window)  # the chosen day, not «сегодня»
    window.controller.check_in_attendee(
        anna.id, pay=PaymentMethod.CARD, upgrade_to="package_comfort"
    )
    wait_tone(qtbot, window, "green")
    assert window.result_panel.badge_line.text() == (
        "Бейдж устарел (изменился тариф): Ctrl+P — напечатать новый."
    )
    asked = never_asked(monkeypatch, window)
    window.print_selected()  # Ctrl+P
    qtbot.waitUntil(lambda: len(list(print_folder.glob("*.pdf"))) == 1, timeout=10000)
    assert asked == []


def correct(qtbot: QtBot, window: DeskWindow, attendee: AttendeeView, **changes: str) -> None:
    window.attendee_card.show_attendee(attendee)
    window.controller.edit(attendee, dict(changes))
    qtbot.waitUntil(lambda: "Исправлено" in window.result_panel.title.text(), timeout=5000)


def test_a_correction_that_makes_the_badge_out_of_date_prints_the_new_one_with_auto_print(
    qtbot: QtBot, window: DeskWindow, desk: Desk, print_folder: Path
) -> None:
    anna = registered(desk, "comfort", last="Компаниева", first="Анна", company="Маяк")
    printing_service.print_badges(
        desk, [anna.code], printer="pdf:unused", sender=lambda *a, **_when: "x"
    )
    correct(qtbot, window, anna, company="Маяк Групп")
    assert "Изменилась компания" in window.result_panel.detail.text()
    qtbot.waitUntil(lambda: len(list(print_folder.glob("*.pdf"))) == 1, timeout=10000)
    qtbot.waitUntil(
        lambda: window.result_panel.badge_line.text() == "Бейдж напечатан.", timeout=10000
    )


def test_a_correction_that_makes_the_badge_out_of_date_offers_it_in_one_key(
    qtbot: QtBot,
    window: DeskWindow,
    desk: Desk,
    no_auto_print: DeskSettings,
    print_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    anna = registered(desk, "comfort", last="Имянова", first="Анна", company="Маяк")
    printing_service.print_badges(
        desk, [anna.code], printer="pdf:unused", sender=lambda *a, **_when: "x"
    )
    correct(qtbot, window, anna, first_name="Ганна")
    assert window.result_panel.badge_line.text() == (
        "Бейдж устарел (изменилось имя): Ctrl+P — напечатать новый."
    )
    assert window.result_panel.shown_attendee == anna.id
    asked = never_asked(monkeypatch, window)
    window.print_selected()  # Ctrl+P
    qtbot.waitUntil(lambda: len(list(print_folder.glob("*.pdf"))) == 1, timeout=10000)
    assert asked == []


def test_a_correction_of_what_the_badge_does_not_show_prints_nothing(
    qtbot: QtBot, window: DeskWindow, desk: Desk, print_folder: Path
) -> None:
    anna = registered(desk, "comfort", last="Почтова", first="Анна")
    printing_service.print_badges(
        desk, [anna.code], printer="pdf:unused", sender=lambda *a, **_when: "x"
    )
    correct(qtbot, window, anna, email="anna@example.org")
    assert window.result_panel.badge_line.text() == ""
    window.controller.runner.wait()
    qtbot.wait(200)
    assert not print_folder.exists() or list(print_folder.glob("*.pdf")) == []


def test_with_auto_print_on_the_new_badge_prints_after_an_upgrade(
    qtbot: QtBot, window: DeskWindow, desk: Desk, clock: FixedClock, print_folder: Path
) -> None:
    clock.now = TRAINING_MORNING
    window.controller.set_day(TRAINING)
    anna = registered(desk, "comfort", last="Новобейджева", first="Анна")
    printing_service.print_badges(desk, [anna.code], printer=f"pdf:{print_folder}")
    window.controller.check_in_attendee(
        anna.id, pay=PaymentMethod.CARD, upgrade_to="package_comfort"
    )
    wait_tone(qtbot, window, "green")
    qtbot.waitUntil(lambda: len(list(print_folder.glob("*.pdf"))) == 2, timeout=10000)


@pytest.mark.parametrize("who", ["unpaid", "seat"])
def test_a_badge_for_an_unpaid_person_or_an_unnamed_seat_asks_first(
    qtbot: QtBot,
    window: DeskWindow,
    desk: Desk,
    print_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    who: str,
) -> None:
    from kiosk.services.registration import PersonInput, Registration, register

    if who == "unpaid":
        person: AttendeeView = registered(desk, "comfort", paid=False)
    else:
        team = register(
            desk,
            Registration(
                person=PersonInput("Команда", "Контакт", phone="+79140000091"),
                tariff="team",
                team_size=3,
                consent=True,
                pay=PaymentMethod.CASH,
            ),
        )
        person = team.attendees[-1]
    asked: list[printing_service.PrintWarning] = []

    def answer(_text: str, reason: printing_service.PrintWarning) -> bool:
        asked.append(reason)
        return False

    monkeypatch.setattr(window, "confirm_print", answer)
    window.attendee_card.show_attendee(person)
    window.print_selected()
    qtbot.waitUntil(lambda: bool(asked), timeout=3000)
    expected = (
        printing_service.PrintWarning.UNPAID
        if who == "unpaid"
        else (printing_service.PrintWarning.UNNAMED_SEAT)
    )
    assert asked == [expected]
    window.controller.runner.wait()
    assert not print_folder.exists() or list(print_folder.glob("*.pdf")) == []


@pytest.mark.parametrize("second_answer", [True, False], ids=["yes, yes", "yes, no"])
def test_an_unnamed_seat_that_has_not_paid_gets_both_warnings_before_printing(
    qtbot: QtBot,
    window: DeskWindow,
    desk: Desk,
    print_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    second_answer: bool,
) -> None:
    from kiosk.services.registration import PersonInput, Registration, register

    team = register(
        desk,
        Registration(
            person=PersonInput("Должникова", "Ольга", phone="+79140000094"),
            tariff="team",
            team_size=3,
            consent=True,
        ),
    )
    seat = team.attendees[-1]
    asked: list[printing_service.PrintWarning] = []

    def answer(_text: str, reason: printing_service.PrintWarning) -> bool:
        asked.append(reason)
        return reason is printing_service.PrintWarning.UNNAMED_SEAT or second_answer

    monkeypatch.setattr(window, "confirm_print", answer)
    window.attendee_card.show_attendee(seat)
    window.print_selected()  # Ctrl+P
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=3000)
    assert asked == [
        printing_service.PrintWarning.UNNAMED_SEAT,
        printing_service.PrintWarning.UNPAID,
    ]
    window.controller.runner.wait()
    qtbot.wait(200)
    printed = list(print_folder.glob("*.pdf")) if print_folder.exists() else []
    assert len(printed) == (1 if second_answer else 0)


# ---- days and times that are honest ----------------------------------------------------------


def test_the_banner_follows_a_change_of_day(qtbot: QtBot, window: DeskWindow, desk: Desk) -> None:
    anna = registered(desk, "package_comfort", last="Днева", first="Анна")
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "green")
    window.day_selector.setCurrentIndex(window.day_selector.findData(TRAINING.isoformat()))
    assert "Анна Днева" not in panel_text(window)
    assert "27.11" in panel_text(window)
    assert window.arrival_time.isVisible()


def test_an_arrival_entered_afterwards_keeps_the_time_given_or_none(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    anna = registered(desk, "package_comfort", last="Позднова", first="Анна")
    boris = registered(desk, "package_comfort", last="Безвременный", first="Борис")
    window.day_selector.setCurrentIndex(window.day_selector.findData(TRAINING.isoformat()))
    window.arrival_time.setText("10:40")
    window.arrival_time.editingFinished.emit()
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "green")
    assert "пришёл(ла) в 10:40" in panel_text(window)
    window.arrival_time.setText("")
    window.arrival_time.editingFinished.emit()
    scan(qtbot, window, boris.code)
    qtbot.waitUntil(lambda: "время прихода неизвестно" in panel_text(window), timeout=5000)
    with desk.db.read() as session:
        rows = {r.attendee_id: r for r in session.scalars(select(CheckIn))}
    assert rows[anna.id].entered_afterwards and rows[anna.id].checked_in_at is not None
    assert rows[boris.id].entered_afterwards and rows[boris.id].checked_in_at is None


@pytest.mark.parametrize(
    ("typed_on", "entered_on"),
    [(TRAINING, CONFERENCE), (CONFERENCE, TRAINING)],
    ids=["27.11 then 28.11", "28.11 then 27.11"],
)
def test_the_arrival_time_shown_is_used_with_the_day_chosen_after_it(
    qtbot: QtBot,
    window: DeskWindow,
    desk: Desk,
    clock: FixedClock,
    typed_on: date,
    entered_on: date,
) -> None:
    clock.now = datetime(2026, 11, 28, 23, 0, tzinfo=UTC)  # 29.11 at the venue: both days past
    anna = registered(desk, "package_comfort", last="Переходова", first="Анна")
    days = window.day_selector
    days.setCurrentIndex(days.findData(typed_on.isoformat()))
    type_text(window.arrival_time, "09:12")  # no Enter: the scan comes straight after
    days.setCurrentIndex(days.findData(entered_on.isoformat()))
    assert window.arrival_time.text() == "09:12"
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "green")
    assert f"за {entered_on:%d.%m}: пришёл(ла) в 09:12" in panel_text(window)
    with desk.db.read() as session:
        row = session.scalars(select(CheckIn)).one()
    assert row.day == entered_on
    assert row.checked_in_at is not None
    assert desk.event.local_time(row.checked_in_at) == datetime.combine(
        entered_on, time(9, 12), tzinfo=desk.event.tz
    )


def test_going_back_to_today_clears_the_arrival_time(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    anna = registered(desk, "package_comfort", last="Сегодняшняя", first="Анна")
    days = window.day_selector
    days.setCurrentIndex(days.findData(TRAINING.isoformat()))
    type_text(window.arrival_time, "09:12")
    days.setCurrentIndex(days.findData(CONFERENCE.isoformat()))  # today
    assert window.arrival_time.text() == "" and window.controller.arrival_time is None
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "green")
    assert "задним числом" not in panel_text(window)


def test_the_staff_desk_opened_from_the_kiosk_can_go_back_to_it(
    qtbot: QtBot, desk: Desk, settings: DeskSettings
) -> None:
    from ui.common.runner import Runner
    from ui.desk.controller import DeskController

    back: list[bool] = []
    window = DeskWindow(
        DeskController(desk, Runner(), settings), back_to_kiosk=lambda: back.append(True)
    )
    qtbot.addWidget(window)
    window.show()
    assert window.kiosk_button.isVisible()
    qtbot.mouseClick(window.kiosk_button, Qt.MouseButton.LeftButton)
    assert back == [True] and not window.isVisible()


def test_a_desk_not_opened_from_a_kiosk_offers_no_way_there(window: DeskWindow) -> None:
    assert not window.kiosk_button.isVisible()


def test_dialogs_open_modal_so_scans_know_where_they_came_from(
    qtbot: QtBot, window: DeskWindow
) -> None:
    dialog = open_walk_in(qtbot, window)
    assert QApplication.activeModalWidget() is dialog
    assert isinstance(dialog, QDialog)
