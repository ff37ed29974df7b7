"""The desk window as staff use it at 09:00: scans, typing, Enter, upgrades, walk-ins, prints."""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kiosk.models import CheckIn
from kiosk.rules import Outcome
from kiosk.services import printing as printing_service
from kiosk.services.checkin import check_in
from kiosk.services.context import Desk
from kiosk.services.views import AttendeeView
from tests.conftest import TRAINING_MORNING, FixedClock
from tests.core.factories import registered
from tests.ui.conftest import KEY_CLOCK
from ui.desk.controller import POLL_MS
from ui.desk.dialogs import WalkInDialog
from ui.desk.window import DeskWindow

CONFERENCE = date(2026, 11, 28)
SCANNER_KEY_S = 0.005
PERSON_KEY_S = 0.25
RUSSIAN_LAYOUT = str.maketrans("QWERTYUIOPASDFGHJKLZXCVBNM", "ЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬ")


WAIT_MS = 10_000
"""How long a test waits for the window to show what it expects: generous, as the suite
shares two cores with whatever else runs (5 s made some tests fail now and then)."""


def type_text(widget: QWidget, text: str, *, seconds_per_key: float = 0.25) -> None:
    """Key presses carrying any text (QTest's own key clicks are ASCII-only), at a person's
    pace by the scanner detector's clock unless told otherwise."""
    KEY_CLOCK.step = seconds_per_key
    for ch in text:
        key = ord(ch.upper()) if ch.isascii() else 0
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))


def key_target(window: DeskWindow) -> tuple[QWidget, QWidget | None]:
    """Where Qt sends a key now: an open list first, else the focus widget; and the open
    popup, which the caller keeps (PySide drops the list's wrapper with the popup's)."""
    popup = QApplication.activePopupWidget()
    target = (popup.focusWidget() or popup) if popup else QApplication.focusWidget()
    return target or window.search_input, popup


def scan(qtbot: QtBot, window: DeskWindow, text: str) -> None:
    """What a USB scanner does: types fast into whatever has focus, then presses Enter (a list
    that closes under the first keys gets no more: the rest go to the focus widget)."""
    KEY_CLOCK.now += 1  # the badge is picked up a moment after the last key anyone typed
    target, _popup = key_target(window)  # the popup is kept while its list takes keys
    for ch in text:
        if not target.isVisible():
            target, _popup = key_target(window)
        type_text(target, ch, seconds_per_key=SCANNER_KEY_S)
    if not target.isVisible():
        target, _popup = key_target(window)
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):  # no window activation
        enter = QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")
        QApplication.sendEvent(target, enter)
    KEY_CLOCK.step = PERSON_KEY_S


def panel_text(window: DeskWindow) -> str:
    return " ".join(label.text() for label in window.result_panel.findChildren(QLabel))


def wait_tone(qtbot: QtBot, window: DeskWindow, tone: str) -> None:
    qtbot.waitUntil(lambda: window.result_panel.tone == tone, timeout=WAIT_MS)


def test_key_widgets_carry_their_object_and_accessible_names(window: DeskWindow) -> None:
    for name in (
        "searchInput",
        "resultsView",
        "resultPanel",
        "attendeeCard",
        "checkInButton",
        "printBadgeButton",
        "newWalkInButton",
        "daySelector",
        "statusStrip",
    ):
        widget = window.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName() == name


def test_the_window_title_says_what_it_is_then_which_desk_and_which_event(
    window: DeskWindow,
) -> None:
    assert window.windowTitle() == "Стойка регистрации — desk-1 · Сервис NEXT"


def test_scanner_burst_checks_someone_in_with_no_click(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    anna = registered(desk, "comfort", last="Сканова", first="Анна")
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "green")
    assert "Анна Сканова" in panel_text(window)
    # The field shows what was scanned, selected: the next key or scan takes its place.
    assert window.search_input.text() == anna.code
    assert window.search_input.selectedText() == anna.code
    assert window.search_input.hasFocus()


def test_scanner_in_russian_layout_while_previous_result_is_shown(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    first = registered(desk, "comfort", last="Первая", first="Ольга")
    second = registered(desk, "premium", last="Вторая", first="Мария")
    scan(qtbot, window, first.code)
    wait_tone(qtbot, window, "green")
    type_text(window.search_input, "пер")  # someone started typing
    scan(qtbot, window, second.code.translate(RUSSIAN_LAYOUT))
    qtbot.waitUntil(lambda: "Мария Вторая" in panel_text(window), timeout=WAIT_MS)
    assert window.result_panel.tone == "green"
    # The scan takes the place of what was being typed: field, list and card show Мария.
    assert window.search_input.text() == second.code
    assert [row.id for row in window.results_model.rows] == [second.id]


def test_scan_lands_in_the_search_even_when_the_results_had_focus(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    anna = registered(desk, "comfort", last="Фокусова", first="Анна")
    window.results_view.setFocus()
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "green")


def test_enter_with_several_matches_checks_in_nobody_and_asks_to_choose(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    registered(desk, "comfort", last="Беспалова", first="Виктория")
    registered(desk, "comfort", last="Беспалова", first="Мария")
    type_text(window.search_input, "Bespalova")
    qtbot.waitUntil(lambda: window.results_model.rowCount() == 2, timeout=WAIT_MS)
    qtbot.keyClick(window.search_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "выберите ↑/↓" in panel_text(window), timeout=WAIT_MS)
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(CheckIn)) == 0


def test_enter_before_the_list_arrives_still_asks_when_two_people_match(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    registered(desk, "comfort", last="Кузнецова", first="Яна")
    registered(desk, "comfort", last="Кузнецова", first="Анна")
    type_text(window.search_input, "кузнецова")
    qtbot.keyClick(window.search_input, Qt.Key.Key_Return)  # within the debounce
    qtbot.waitUntil(lambda: "выберите ↑/↓" in panel_text(window), timeout=WAIT_MS)
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(CheckIn)) == 0


def test_enter_checks_in_the_only_match(qtbot: QtBot, window: DeskWindow, desk: Desk) -> None:
    registered(desk, "comfort", last="Тютина", first="Мария")
    type_text(window.search_input, "тют")
    qtbot.waitUntil(lambda: window.results_model.rowCount() == 1, timeout=WAIT_MS)
    qtbot.keyClick(window.search_input, Qt.Key.Key_Return)
    wait_tone(qtbot, window, "green")
    assert "Мария Тютина" in panel_text(window)


def test_enter_checks_in_the_one_person_whose_full_name_was_typed(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    registered(desk, "comfort", last="Беспалова", first="Виктория")
    registered(desk, "comfort", last="Беспалова", first="Мария")
    type_text(window.search_input, "беспалова мария")
    qtbot.keyClick(window.search_input, Qt.Key.Key_Return)  # before the list, too
    wait_tone(qtbot, window, "green")
    assert "Мария Беспалова" in panel_text(window)


def test_arrow_down_then_enter_checks_in_the_chosen_row(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    registered(desk, "comfort", last="Тютина", first="Мария")
    registered(desk, "comfort", last="Тютюнник", first="Олег")
    type_text(window.search_input, "тют")
    qtbot.waitUntil(lambda: window.results_model.rowCount() == 2, timeout=WAIT_MS)
    assert window.selected() is None  # nobody is picked for the operator
    qtbot.keyClick(window.search_input, Qt.Key.Key_Down)
    qtbot.keyClick(window.search_input, Qt.Key.Key_Down)
    assert window.selected() is not None and window.selected().last_name == "Тютюнник"
    qtbot.keyClick(window.search_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Олег Тютюнник" in panel_text(window), timeout=WAIT_MS)


def test_second_scan_shows_amber_with_the_first_time_and_desk(
    qtbot: QtBot, window: DeskWindow, desk: Desk, clock: FixedClock
) -> None:
    anna = registered(desk, "comfort", last="Повторова", first="Анна")
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "green")
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "amber")
    text = panel_text(window)
    assert "09:05" in text and "desk-1" in text


def test_unpaid_person_pays_cash_and_is_checked_in(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    anna = registered(desk, "premium", paid=False, last="Должникова", first="Анна")
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "amber")
    assert "16" in panel_text(window)
    cash = window.result_panel.findChild(QPushButton, "pay_cash")
    assert cash is not None
    qtbot.mouseClick(cash, Qt.MouseButton.LeftButton)
    wait_tone(qtbot, window, "green")


def test_conference_only_person_on_training_day_is_offered_and_buys_the_upgrade(
    qtbot: QtBot, window: DeskWindow, desk: Desk, clock: FixedClock
) -> None:
    clock.now = TRAINING_MORNING
    window.controller.set_day(date(2026, 11, 27))
    anna = registered(desk, "comfort", last="Тренингова", first="Анна")
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "red")
    offer = window.result_panel.findChild(QPushButton, "upgrade_package_comfort")
    assert offer is not None
    assert "10\u202f700" in offer.text()
    qtbot.mouseClick(offer, Qt.MouseButton.LeftButton)
    card = window.result_panel.findChild(QPushButton, "pay_card")
    assert card is not None
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    wait_tone(qtbot, window, "green")
    assert window.attendee_card.attendee is not None
    assert window.attendee_card.attendee.tariff == "package_comfort"


def test_unknown_code_is_red(qtbot: QtBot, window: DeskWindow) -> None:
    scan(qtbot, window, "7ZZZ-ZZZZ-ZZZZ")  # a code nobody has
    wait_tone(qtbot, window, "red")


def test_first_check_in_prints_the_badge_to_the_pdf_folder(
    qtbot: QtBot, window: DeskWindow, desk: Desk, print_folder: Path
) -> None:
    anna = registered(desk, "comfort", last="Печатная", first="Анна")
    scan(qtbot, window, anna.code)
    qtbot.waitUntil(
        lambda: print_folder.exists() and len(list(print_folder.iterdir())) == 1, timeout=10000
    )
    pdf = next(print_folder.iterdir())
    assert pdf.read_bytes().startswith(b"%PDF")


def test_ctrl_p_on_a_printed_badge_asks_before_reprinting(
    qtbot: QtBot,
    window: DeskWindow,
    desk: Desk,
    print_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    anna = registered(desk, "comfort", last="Повторнопечатная", first="Анна")
    scan(qtbot, window, anna.code)
    qtbot.waitUntil(
        lambda: print_folder.exists() and len(list(print_folder.iterdir())) == 1, timeout=10000
    )
    asked: list[str] = []

    def answer(message: str, reason: printing_service.PrintWarning) -> bool:
        asked.append(message)
        assert reason is printing_service.PrintWarning.REPRINT
        return True

    monkeypatch.setattr(window, "confirm_print", answer)
    qtbot.waitUntil(
        lambda: bool(window.attendee_card.attendee and window.attendee_card.attendee.prints),
        timeout=WAIT_MS,
    )
    qtbot.keyClick(window.search_input, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(list(print_folder.iterdir())) == 2, timeout=10000)
    assert asked and "уже печатали" in asked[0]


def test_window_never_blocks_on_a_slow_print(qtbot: QtBot, window: DeskWindow, desk: Desk) -> None:
    release = threading.Event()

    def slow_printer(pdf: bytes, printer: str, job: str, **_when: object) -> str:
        release.wait(10)
        return printer

    window.controller.sender = slow_printer
    anna = registered(desk, "comfort", last="Медленная", first="Анна")
    boris = registered(desk, "comfort", last="Быстрый", first="Борис")
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "green")
    # The print is stuck; the next person is still checked in at once.
    started = time.monotonic()
    scan(qtbot, window, boris.code)
    qtbot.waitUntil(lambda: "Борис Быстрый" in panel_text(window), timeout=3000)
    assert time.monotonic() - started < 3
    release.set()


def test_ctrl_z_undoes_the_last_check_in_of_this_desk_with_a_reason(
    qtbot: QtBot, window: DeskWindow, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = registered(desk, "comfort", last="Ошибочная", first="Анна")
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "green")
    asked: list[Any] = []

    def reason(attendee: AttendeeView, day: date) -> str:
        asked.append((attendee.id, day))
        return "не тот человек"

    monkeypatch.setattr(window, "ask_undo_reason", reason)
    qtbot.keyClick(window.search_input, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(asked), timeout=WAIT_MS)
    assert asked == [(anna.id, CONFERENCE)]
    qtbot.waitUntil(
        lambda: (
            window.attendee_card.attendee is not None and not window.attendee_card.attendee.checkins
        ),
        timeout=WAIT_MS,
    )


def test_ctrl_z_says_which_admission_set_aside_counts_in_its_place(
    qtbot: QtBot, window: DeskWindow, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another desk let her in too without the hub, a little later: that admission was set
    aside as a double; when this desk's is taken back, that one counts, and the desk says so."""
    from kiosk.services.replay import Replayed, replay_check_in
    from tests.core.test_checkin import offline_admission

    anna = registered(desk, "comfort", last="Ошибочная", first="Анна")
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "green")
    later = offline_admission(anna.code, "стойка-2", 4)
    assert replay_check_in(desk, later).outcome is Replayed.DUPLICATE
    monkeypatch.setattr(window, "ask_undo_reason", lambda _attendee, _day: "не та Анна")
    qtbot.keyClick(window.search_input, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Отметка отменена" in panel_text(window), timeout=WAIT_MS)
    shown = later.arrived_at.astimezone(desk.event.tz).strftime("%H:%M:%S")
    assert f"Засчитан вход, отложенный как двойной: стойка-2 {shown}" in panel_text(window), (
        panel_text(window)
    )


def test_the_card_says_which_value_stands_of_a_field_two_desks_changed(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    from kiosk.services.replay_actions import replay_correction
    from tests.core.test_replay_actions import edited

    yana = registered(desk, last="Янина", first="Яна", company="Старт")
    other = registered(desk, last="Другая", first="Ольга")
    for change in (
        edited(yana.code, {"company": "Бета"}, {"company": "Старт"}, "стойка-2", 9),
        edited(yana.code, {"company": "Альфа"}, {"company": "Старт"}, "стойка-1", 2),
    ):
        replay_correction(desk, change)
    card = window.attendee_card
    scan(qtbot, window, yana.code)
    qtbot.waitUntil(lambda: card.fields["edits"].isVisible(), timeout=WAIT_MS)
    assert card.captions["edits"].text() == "Изменено на двух стойках"
    assert card.fields["edits"].text() == (
        "компания: осталось «Бета» (стойка-2, 28.11 09:14), не «Альфа» (стойка-1, 28.11 09:07)"
    )
    assert "#B45309" in card.fields["edits"].styleSheet()  # to look at: orange
    scan(qtbot, window, other.code)  # someone else: no such row
    qtbot.waitUntil(
        lambda: card.attendee is not None and card.attendee.code == other.code, timeout=WAIT_MS
    )
    qtbot.wait(300)
    assert not card.fields["edits"].isVisible() and not card.captions["edits"].isVisible()

    from kiosk.services.edit_conflicts import mark_reviewed

    mark_reviewed(desk, yana.code)
    scan(qtbot, window, yana.code)
    qtbot.waitUntil(lambda: "— проверено " in card.fields["edits"].text(), timeout=WAIT_MS)
    assert card.fields["edits"].styleSheet() == ""  # looked at: plain


def test_a_scan_refused_without_the_hub_leaves_no_earlier_list_or_count_beside_it(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    from ui.common.hub import Link, Place

    for n in range(3):
        registered(desk, last=f"Ковалёва{n}", first="Анна")
    type_text(window.search_input, "ковал")
    qtbot.waitUntil(lambda: window.results_model.rowCount() == 3, timeout=WAIT_MS)
    assert window.results_hint.text().startswith("Найдено 3")
    window.controller.set_link(Link(Place.HUB, False, "стойка-1"))  # the hub cannot be reached
    scan(qtbot, window, "7KQ2-M9XD-H3TR")
    qtbot.waitUntil(lambda: "НЕ сделана" in panel_text(window), timeout=WAIT_MS)
    assert window.search_input.text() == "7KQ2-M9XD-H3TR"
    assert window.results_model.rowCount() == 0 and window.results_hint.text() == ""
    assert window.attendee_card.attendee is None


def test_escape_clears_and_keeps_focus_in_search(qtbot: QtBot, window: DeskWindow) -> None:
    type_text(window.search_input, "иван")
    qtbot.keyClick(window.search_input, Qt.Key.Key_Escape)
    assert window.search_input.text() == ""
    assert window.search_input.hasFocus()
    assert window.result_panel.tone == "idle"


def strip_text(window: DeskWindow) -> str:
    """The status strip as read (a figure's spaces do not break: see show_stats)."""
    return window.status_strip.text().replace("\u00a0", " ")


def test_status_strip_counts_after_every_check_in(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    anna = registered(desk, "comfort", last="Счётная", first="Анна")
    window.controller.refresh()
    qtbot.waitUntil(
        lambda: "0 of 1" in strip_text(window) or "0 из 1" in strip_text(window),
        timeout=WAIT_MS,
    )
    scan(qtbot, window, anna.code)
    qtbot.waitUntil(
        lambda: "1 of 1" in strip_text(window) or "1 из 1" in strip_text(window),
        timeout=WAIT_MS,
    )


def test_status_strip_follows_a_check_in_made_elsewhere_within_a_poll(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    anna = registered(desk, "comfort", last="Счётная", first="Анна")
    window.controller.refresh()
    qtbot.waitUntil(lambda: shows(window, "0 of 1", "0 из 1"), timeout=WAIT_MS)
    # Another desk (in the same way another process) writes: this desk's controller is not told.
    other = Desk(desk.db, desk.event, name="desk-2", operator="boris", clock=desk.clock)
    assert check_in(other, anna.code).status is Outcome.CHECKED_IN
    qtbot.waitUntil(lambda: shows(window, "1 of 1", "1 из 1"), timeout=3 * POLL_MS + 2000)


def test_the_status_strip_poll_stops_when_the_window_closes(window: DeskWindow) -> None:
    assert window.controller.watching
    window.close()
    assert not window.controller.watching


def shows(window: DeskWindow, *texts: str) -> bool:
    shown = window.status_strip.text().replace("\xa0", " ")
    return any(text in shown for text in texts)


def fill_walk_in(qtbot: QtBot, dialog: WalkInDialog, *, team_size: int) -> None:
    type_text(dialog.rows["last_name"].edit, "Командирова")
    type_text(dialog.rows["first_name"].edit, "Ольга")
    type_text(dialog.rows["phone"].edit, "8 914 700 80 90")
    dialog.tariff.setCurrentIndex(dialog.tariff.findData("tariff:team"))
    dialog.team_size.setValue(team_size)
    dialog.consent.setChecked(True)


def test_walk_in_team_of_three_is_registered_checked_in_and_badged(
    qtbot: QtBot, window: DeskWindow, desk: Desk, print_folder: Path
) -> None:
    dialog = WalkInDialog(window.controller, window)
    qtbot.addWidget(dialog)
    dialog.show()
    fill_walk_in(qtbot, dialog, team_size=3)
    last, first = dialog.members[0]
    type_text(last, "Петров")
    type_text(first, "Пётр")
    assert "24" in dialog.total.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=WAIT_MS)
    result = dialog.result
    assert result is not None and len(result.attendees) == 3
    wait_tone(qtbot, window, "green")
    # The contact and Пётр get badges; the third seat has no name yet: no badge printed for it.
    qtbot.waitUntil(
        lambda: print_folder.exists() and len(list(print_folder.iterdir())) == 2, timeout=15000
    )
    window.controller.runner.wait()
    qtbot.wait(200)
    assert len(list(print_folder.iterdir())) == 2


def test_walk_in_team_of_two_is_refused_at_the_field(qtbot: QtBot, window: DeskWindow) -> None:
    dialog = WalkInDialog(window.controller, window)
    qtbot.addWidget(dialog)
    dialog.show()
    fill_walk_in(qtbot, dialog, team_size=2)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.team_size_error.text()), timeout=WAIT_MS)
    assert "3" in dialog.team_size_error.text()
    assert dialog.result is None


def test_walk_in_with_a_known_phone_shows_that_person(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    registered(desk, "comfort", last="Старожилова", first="Анна", phone="+79147008090")
    dialog = WalkInDialog(window.controller, window)
    qtbot.addWidget(dialog)
    dialog.show()
    fill_walk_in(qtbot, dialog, team_size=3)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.show_duplicate_button.isVisible(), timeout=WAIT_MS)
    assert "Старожилова" in dialog.general_error.text()
    assert dialog.rows["phone"].error.isVisible()


def test_walk_in_field_errors_are_shown_at_the_field_in_russian(
    qtbot: QtBot, window: DeskWindow
) -> None:
    dialog = WalkInDialog(window.controller, window)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.rows["last_name"].edit, "Иванова")
    type_text(dialog.rows["first_name"].edit, "Анна")
    type_text(dialog.rows["phone"].edit, "12")
    dialog.consent.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.rows["phone"].error.isVisible(), timeout=WAIT_MS)
    assert "Телефон" in dialog.rows["phone"].error.text()


def test_badge_renderer_is_wired(desk: Desk) -> None:
    anna = registered(desk, "comfort")
    pdf = printing_service.render_for([anna], desk.event, "badge-90x55")
    assert pdf.startswith(b"%PDF")


def test_staff_pick_the_day_and_check_ins_go_to_that_day(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    anna = registered(desk, "package_comfort", last="Двухдневная", first="Анна")
    assert window.day_selector.currentData() == "2026-11-28"
    window.day_selector.setCurrentIndex(window.day_selector.findData("2026-11-27"))
    assert window.controller.day == date(2026, 11, 27)
    assert "28.11" in window.day_warning.text()  # today at the venue is another day
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "green")
    assert window.attendee_card.attendee is not None
    assert [c.day for c in window.attendee_card.attendee.checkins] == [date(2026, 11, 27)]


def test_import_dialog_shows_the_report_before_writing_then_imports(
    qtbot: QtBot, window: DeskWindow, desk: Desk, tmp_path: Path
) -> None:
    from kiosk.services.lookup import search
    from ui.desk.importing import ImportDialog

    source = tmp_path / "forms.csv"
    source.write_bytes(
        "ФИО;Телефон;Форма\r\n"
        "Смирнова Екатерина;8(423)200-11-22;тариф Комфорт\r\n"
        "Без Телефона;12;тариф Комфорт\r\n".encode("cp1251")
    )
    dialog = ImportDialog(window.controller, source, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT_MS)
    assert dialog.rejected.rowCount() == 1 and dialog.rejected.item(0, 0).text() == "3"
    assert search(desk, "смирн") == ()  # nothing written by the check
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.imported is not None, timeout=WAIT_MS)
    assert [a.last_name for a in search(desk, "смирн")] == ["Смирнова"]


def test_import_dialog_shows_people_kept_apart_and_people_matched_by_name(
    qtbot: QtBot, window: DeskWindow, desk: Desk, tmp_path: Path
) -> None:
    from kiosk.services.importing import import_file
    from ui.desk.importing import ImportDialog

    source = tmp_path / "forms.csv"
    source.write_bytes(
        "ФИО;Телефон;Форма\r\n"
        "Тютин Альберт;;тариф Премиум\r\n"
        "Сергей Смирнов;8(423)200-11-22;тариф Комфорт\r\n".encode("cp1251")
    )
    import_file(desk, source)
    again = tmp_path / "again.csv"
    again.write_bytes(
        source.read_bytes() + "Елена Смирнова;8(423)200-11-22;тариф Комфорт\r\n".encode("cp1251")
    )
    dialog = ImportDialog(window.controller, again, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT_MS)
    summary = dialog.summary.text()
    assert "Один телефон или e-mail, разные имена — оставлены оба: 1." in summary
    assert "Найдены по имени (нет ни телефона, ни e-mail): 1." in summary
    assert dialog.notes.rowCount() == 1 and dialog.notes.item(0, 0).text() == "4"
    assert dialog.notes.item(0, 1).text() == (
        "Один телефон, разные имена — оставлены оба: Смирнова Елена и Смирнов Сергей"
    )


def test_import_dialog_says_how_many_rows_were_older_than_what_the_desk_has(
    qtbot: QtBot, window: DeskWindow, desk: Desk, tmp_path: Path
) -> None:
    from kiosk.services.importing import import_file
    from ui.desk.importing import ImportDialog

    def form(name: str, email: str, sent: str) -> Path:
        path = tmp_path / name
        path.write_bytes(
            "ФИО;Телефон;E-mail;Форма;Дата заявки\r\n"
            f"Сергей Смирнов;8(914)600-00-01;{email};тариф Комфорт;{sent}\r\n".encode("cp1251")
        )
        return path

    import_file(desk, form("new.csv", "new@mail.ru", "02.12.2026 09:30"))
    dialog = ImportDialog(
        window.controller, form("old.csv", "old@mail.ru", "01.12.2026 10:00"), window
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT_MS)
    assert "Заявки старше уже взятых — ничего не изменили: 1." in dialog.summary.text()


def test_import_dialog_shows_seats_added_and_a_team_smaller_in_the_file(
    qtbot: QtBot, window: DeskWindow, desk: Desk, tmp_path: Path
) -> None:
    from kiosk.services.importing import import_file
    from ui.desk.importing import ImportDialog

    def team(size: int) -> Path:
        source = tmp_path / f"team{size}.csv"
        source.write_bytes(
            "ФИО;Телефон;Форма;Количество человек\r\n"
            f"Федорова Ольга;8 914 700 80 90;тариф Команда;{size}\r\n".encode("cp1251")
        )
        return source

    import_file(desk, team(4))
    for size, summary, notes in (
        (6, "Добавлено мест в командах, которые стали больше: 2.", []),
        (
            3,
            "",
            [
                "Федорова Ольга: в файле команда из 3, а мест 4 (пришли: 0) — места не "
                "удалены, решите на стойке"
            ],
        ),
    ):
        dialog = ImportDialog(window.controller, team(size), window)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda d=dialog: d.report is not None, timeout=WAIT_MS)
        assert summary in dialog.summary.text()
        assert [dialog.notes.item(r, 1).text() for r in range(dialog.notes.rowCount())] == notes
        dialog.close()


def test_a_scan_at_the_desk_goes_through_while_the_import_dialog_checks_its_file(
    qtbot: QtBot, window: DeskWindow, desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The dialog's check (a dry run: it writes nothing) took the desk's write lane, and a scan
    # behind the dialog waited the whole check (5–10 s for a large file).
    from kiosk.services import importing
    from ui.desk.importing import ImportDialog

    anna = registered(desk, last="Аннина", first="Анна")
    source = tmp_path / "forms.csv"
    source.write_bytes(
        "ФИО;Телефон;Форма\r\nСмирнова Екатерина;8(423)200-11-22;тариф Комфорт\r\n".encode("cp1251")
    )
    started, release = threading.Event(), threading.Event()
    plan = importing._Importer.plan

    def slow(self: importing._Importer, rows: list[importing.ImportRow]) -> None:
        started.set()
        release.wait(30)
        plan(self, rows)

    monkeypatch.setattr(importing._Importer, "plan", slow)
    dialog = ImportDialog(window.controller, source, window)  # it checks the file at once
    qtbot.addWidget(dialog)
    try:
        qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
        scan(qtbot, window, anna.code)
        wait_tone(qtbot, window, "green")
    finally:
        release.set()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT_MS)
    assert dialog.import_button.isEnabled()


def test_the_import_dialog_shows_its_latest_check_when_an_older_one_ends_after_it(
    qtbot: QtBot, window: DeskWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Checks run on the read lanes, two at a time: an option changed during a long check
    # starts another, which may end first.
    from kiosk.services import importing
    from kiosk.services.importing import ImportReport
    from ui.desk.importing import ImportDialog

    release = threading.Event()
    reports = [ImportReport(added=111, dry_run=True), ImportReport(added=222, dry_run=True)]
    calls: list[bool] = []

    def checked(*_args: object, assume_paid: bool = False, **_kwargs: object) -> ImportReport:
        calls.append(assume_paid)
        if not assume_paid:
            release.wait(30)  # the first check, slow
            return reports[0]
        return reports[1]

    monkeypatch.setattr(importing, "import_file", checked)
    source = tmp_path / "forms.csv"
    source.write_bytes(b"")
    dialog = ImportDialog(window.controller, source, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: calls == [False], timeout=WAIT_MS)
    dialog.assume_paid.setChecked(True)  # a second check, with the option
    qtbot.waitUntil(lambda: dialog.report is reports[1], timeout=WAIT_MS)
    release.set()
    window.controller.runner.wait()
    qtbot.wait(50)
    assert dialog.report is reports[1]
    assert "222" in dialog.summary.text()


def test_import_dialog_counts_the_new_teams_seats_among_the_new_people(
    qtbot: QtBot, window: DeskWindow, tmp_path: Path
) -> None:
    # «Новых: 1» alone hid the three seats the desk names on arrival.
    from ui.desk.importing import ImportDialog

    source = tmp_path / "team.csv"
    source.write_bytes(
        "ФИО;Телефон;Форма;Количество человек\r\n"
        "Федорова Ольга;8 914 700 80 90;тариф Команда;4\r\n".encode("cp1251")
    )
    dialog = ImportDialog(window.controller, source, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT_MS)
    assert "Новых людей вместе с местами команд (имена — на стойке): 4." in dialog.summary.text()


def test_import_dialog_asks_for_a_tariff_when_the_file_names_none(
    qtbot: QtBot, window: DeskWindow, desk: Desk, tmp_path: Path
) -> None:
    from kiosk.services.lookup import search
    from ui.desk.importing import ImportDialog

    source = tmp_path / "bitrix.csv"
    source.write_bytes(
        "Имя;Фамилия;Мобильный телефон\r\n"
        "Анна;Котова;8 914 600-00-41\r\n"
        "Олег;Котов;8 914 600-00-42\r\n".encode("cp1251")
    )
    dialog = ImportDialog(window.controller, source, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT_MS)
    assert dialog.tariff_choice.isVisible() and dialog.rejected.rowCount() == 2
    assert "выберите его ниже" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    dialog.report = None
    dialog.tariff_choice.setCurrentIndex(dialog.tariff_choice.findData("comfort"))
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT_MS)
    assert dialog.rejected.rowCount() == 0 and dialog.import_button.isEnabled()
    assert dialog.notes.item(0, 1).text() == "Тариф «Комфорт» для строк без тарифа: 2 строки"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.imported is not None, timeout=WAIT_MS)
    assert {a.tariff for a in search(desk, "котов")} == {"comfort"}


def test_the_card_swaps_surname_and_first_name_in_one_click(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    john = registered(desk, "comfort", last="John", first="Smith")
    window.show_attendee(john)
    assert window.attendee_card.swap_button.isEnabled()
    qtbot.mouseClick(window.attendee_card.swap_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            window.attendee_card.attendee is not None
            and window.attendee_card.attendee.last_name == "Smith"
        ),
        timeout=WAIT_MS,
    )
    assert window.attendee_card.name.text() == "Smith John"
    assert "Smith John" in panel_text(window)


def test_the_card_shows_who_shares_the_phone(
    qtbot: QtBot, window: DeskWindow, desk: Desk, tmp_path: Path
) -> None:
    from kiosk.services.importing import import_file
    from kiosk.services.lookup import search

    source = tmp_path / "office.csv"
    source.write_bytes(
        "ФИО;Телефон;Форма\r\n"
        "Сергей Смирнов;8(423)200-11-22;тариф Комфорт\r\n"
        "Елена Смирнова;8(423)200-11-22;тариф Комфорт\r\n".encode("cp1251")
    )
    import_file(desk, source)
    (elena,) = search(desk, "смирнова")
    shared = window.attendee_card.fields["shared"]
    window.show_attendee(elena)
    qtbot.waitUntil(lambda: "Смирнов Сергей" in shared.text(), timeout=WAIT_MS)
    assert shared.text().startswith("тот же телефон: Смирнов Сергей")
    window.show_attendee(None)
    assert shared.text() == "" and shared.isHidden()


def test_import_of_an_unreadable_file_says_why(
    qtbot: QtBot, window: DeskWindow, tmp_path: Path
) -> None:
    from ui.desk.importing import ImportDialog

    source = tmp_path / "scan.csv"
    source.write_bytes(b"%PDF-1.4 not a table")
    dialog = ImportDialog(window.controller, source, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "PDF" in dialog.summary.text(), timeout=WAIT_MS)
    assert not dialog.import_button.isEnabled()


def test_export_writes_the_file_and_warns_about_personal_data(
    qtbot: QtBot,
    window: DeskWindow,
    desk: Desk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from ui.common import files

    registered(desk, "comfort", last="Выгрузкина", first="Анна")
    target = tmp_path / "out.xlsx"
    monkeypatch.setattr(files, "save_file_name", lambda *a, **k: str(target))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    window.open_export("attendees")
    assert target.exists()
    assert shown and "152" in shown[0]


def test_settings_are_remembered_between_starts(qtbot: QtBot, window: DeskWindow) -> None:
    from ui.common.settings import load_settings
    from ui.desk.dialogs import SettingsDialog

    dialog = SettingsDialog(window.controller.settings, window)
    qtbot.addWidget(dialog)
    dialog.desk_name.setText("стойка-7")
    dialog.printer.setCurrentText("pdf:/tmp/badges")
    dialog.sounds.setChecked(False)
    dialog.layout_name.setCurrentIndex(dialog.layout_name.findData("cr80"))
    dialog.save()
    again = load_settings()
    assert (again.desk_name, again.printer, again.sounds, again.layout) == (
        "стойка-7",
        "pdf:/tmp/badges",
        False,
        "cr80",
    )


def test_desk_settings_keep_the_kiosk_settings_and_can_switch_to_kiosk_mode(
    qtbot: QtBot, window: DeskWindow
) -> None:
    from dataclasses import replace

    from ui.common.settings import load_settings
    from ui.desk.dialogs import SettingsDialog

    kiosk_tuned = replace(window.controller.settings, kiosk_idle_s=90, kiosk_slip=True)
    dialog = SettingsDialog(kiosk_tuned, window)
    qtbot.addWidget(dialog)
    assert not dialog.kiosk_mode.isChecked()
    dialog.kiosk_mode.setChecked(True)
    dialog.save()
    again = load_settings()
    assert (again.kiosk_mode, again.kiosk_idle_s, again.kiosk_slip) == (True, 90, True)


def test_correcting_a_name_from_the_card_is_saved_and_shown(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    anna = registered(desk, "comfort", last="Иванва", first="Анна")
    window.controller.edit(anna, {"last_name": "Иванова", "company": "Маяк"})
    qtbot.waitUntil(
        lambda: (
            window.attendee_card.attendee is not None
            and window.attendee_card.attendee.last_name == "Иванова"
        ),
        timeout=WAIT_MS,
    )
    assert window.attendee_card.fields["company"].text() == "Маяк"


def test_sounds_follow_the_outcome_and_can_be_muted(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    from dataclasses import replace

    anna = registered(desk, "comfort", last="Звонкая", first="Анна")
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "green")
    scan(qtbot, window, "7ZZZ-ZZZZ-ZZZZ")  # a code nobody has
    wait_tone(qtbot, window, "red")
    assert window.sounds is not None
    assert window.sounds.played == ["green", "red"]  # type: ignore[attr-defined]
    window.controller.update_settings(replace(window.controller.settings, sounds=False))
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "amber")
    assert window.sounds.played == ["green", "red"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
def test_the_desk_fits_a_small_laptop_screen_with_nothing_cut_or_squeezed(
    qtbot: QtBot, window: DeskWindow, desk: Desk, size: tuple[int, int]
) -> None:
    anna = registered(desk, "comfort", last="Помещающаяся", first="Анна", paid=False)
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size, timeout=3000)
    assert window.minimumSizeHint().width() <= size[0]
    assert window.minimumSizeHint().height() <= size[1]
    scan(qtbot, window, anna.code)  # the unpaid panel: the most buttons at once
    wait_tone(qtbot, window, "amber")
    QApplication.processEvents()
    frame = window.rect()
    shown = [w for w in window.findChildren(QWidget) if w.isVisible() and w.width() > 0]
    for widget in shown:
        box = widget.rect().translated(widget.mapTo(window, widget.rect().topLeft()))
        assert frame.contains(box), f"{size}: {widget.objectName() or widget} is cut off"
    for button in (b for b in shown if isinstance(b, QPushButton)):
        assert button.width() >= button.minimumSizeHint().width() - 1, button.objectName()


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720), (1920, 1080)])
def test_the_desk_is_never_larger_than_the_room_its_screen_leaves(
    window: DeskWindow, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    from PySide6.QtCore import QRect

    from ui.app import DESK_SIZE, fit_desk

    room = QRect(0, 32, size[0], size[1] - 32)  # less a top panel
    monkeypatch.setattr("ui.app.screen_room", lambda _widget: room)
    fit_desk(window)  # what a start without a window manager (no maximising) is left with
    assert window.width() <= room.width() and window.height() <= room.height()
    if size[1] < 1000:
        assert room.contains(window.frameGeometry())
    else:
        assert window.size().toTuple() == DESK_SIZE


def test_the_desk_opens_maximised_where_the_screen_is_small() -> None:
    from ui.app import needs_maximising

    assert needs_maximising(1280, 720)
    assert needs_maximising(1366, 768)
    assert not needs_maximising(1920, 1080)


def test_closing_with_a_queue_says_what_waits_and_how_it_goes(
    window: DeskWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    assert window._confirm_close(3) is False
    (text,) = asked
    assert text.startswith("3 действия, сделанные без хаба (отметки, оплаты, новые участники,")
    assert "при следующем запуске (или командой «kiosk sync»)" in text
