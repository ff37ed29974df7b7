"""The desk window's parts as staff read them: the banner and the attendee card."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.models import PaymentMethod, Source
from kiosk.present import local_time
from kiosk.services.checkin import check_in, pay, upgrade
from kiosk.services.context import Desk
from kiosk.services.registration import PersonInput, Registration, RegistrationResult, register
from tests.core.factories import registered
from tests.ui.desk.test_desk_window import panel_text, scan, wait_tone
from ui.desk.widgets import PALETTE
from ui.desk.window import DeskWindow


def test_the_card_shows_both_ways_a_person_paid(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    olga = registered(desk, "premium", last="Смешанная", first="Ольга", paid=False)
    pay(desk, olga.code, PaymentMethod.CASH)  # 16 000 ₽ in cash
    upgrade(desk, olga.code, "package_premium", pay=PaymentMethod.CARD)  # 11 900 ₽ by card
    scan(qtbot, window, olga.code)
    wait_tone(qtbot, window, "green")
    payment = window.attendee_card.fields["payment"].text()
    assert payment == "оплачено 27\u202f900\u00a0₽ (наличные + карта)"


def unpaid_team_of_three(desk: Desk) -> RegistrationResult:
    return register(
        desk,
        Registration(
            person=PersonInput("Орлов", "Олег", phone="+79147001122"),
            tariff="team",
            team_size=3,
            consent=True,
            source=Source.DESK,
        ),
    )


def test_the_banner_names_an_unnamed_team_seat_by_its_team_first(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    seat = unpaid_team_of_three(desk).attendees[2]
    scan(qtbot, window, seat.code)
    wait_tone(qtbot, window, "amber")
    assert window.result_panel.title.text() == "Не оплачено: команда Орлов, участник 3"


def test_a_long_printer_error_does_not_move_the_divider_between_the_list_and_the_card(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    from PySide6.QtWidgets import QApplication, QSplitter

    from ui.common.controller import PrintState

    window.resize(1280, 720)
    qtbot.waitUntil(lambda: window.size().toTuple() == (1280, 720), timeout=3000)
    splitter = window.findChild(QSplitter)
    assert splitter is not None
    QApplication.processEvents()
    before = splitter.sizes()
    anna = registered(desk, "comfort", last="Длинная", first="Анна")
    folder = "/home/operator/печать/" + "горячая-папка-типографии-" * 4
    window.show_print_state(anna, PrintState.FAILED, f"Не удаётся записать PDF в {folder}")
    window.results_hint.setText("Найдено 20 — выберите ↑/↓ и нажмите Enter " * 3)
    qtbot.wait(200)  # the splitter lays itself out again at the next pass of the event loop
    assert splitter.sizes() == before


def test_an_invoice_at_the_door_says_invoice_issued_not_payment_taken(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    olga = registered(desk, "comfort", last="Счётная", first="Ольга", paid=False)
    result = check_in(desk, olga.code, pay=PaymentMethod.INVOICE)
    window.result_panel.show_result(result, "green", auto_print=False)
    text = panel_text(window)
    assert "Выставлен счёт на 10\u202f000\u00a0₽" in text and "Принята оплата" not in text


def test_the_tariff_and_state_columns_keep_their_width_from_list_to_list(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    waiting = registered(desk, "comfort", last="Ждущая")
    inside = registered(desk, "package_comfort", last="Пришедшая")
    check_in(desk, inside.code)
    unpaid = registered(desk, "premium", last="Должная", paid=False)
    view, model = window.results_view, window.results_model
    header = view.horizontalHeader()
    widths = []
    day = window.controller.day
    for rows in ((waiting,), (inside, unpaid), (), (waiting, inside, unpaid)):
        view.set_rows(rows, day)
        QApplication.processEvents()
        widths.append((header.sectionSize(2), header.sectionSize(3)))
    assert len(set(widths)) == 1, widths
    # Wide enough for every text those columns can show: none is ever cut short.
    metrics = view.fontMetrics()
    for column, width in zip((2, 3), widths[0], strict=True):
        for text in model.possible_texts(column):
            assert metrics.horizontalAdvance(text) < width, (column, text, width)


def test_a_person_shown_again_with_changed_data_shows_the_change(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    person = registered(desk, "comfort", last="Менявшая", company="Маяк")
    card = window.attendee_card
    shown: list[object] = []
    card.shown.connect(shown.append)
    card.show_attendee(person)
    card.show_attendee(replace(person))  # the same again, as on every key typed
    assert card.fields["company"].text() == "Маяк" and shown == [person, person]
    card.show_attendee(replace(person, company="Рыбсервис"))
    assert card.fields["company"].text() == "Рыбсервис"


def test_the_banner_takes_each_outcome_s_colour_and_back(qtbot: QtBot, window: DeskWindow) -> None:
    panel = window.result_panel
    idle, red = PALETTE["idle"][0], PALETTE["red"][0]
    panel.show_idle()
    assert idle in panel.styleSheet()
    panel.show_message("Сбой принтера", "error")
    assert red in panel.styleSheet() and panel.tone == "red"
    panel.show_idle()
    panel.show_idle()
    assert idle in panel.styleSheet() and panel.tone == "idle"


def test_the_card_and_the_banner_name_the_desk_once_whatever_its_name(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    """A desk's name mostly reads «стойка-N» already: shown alone, never «стойка стойка-1»;
    a name of the organiser's own («Вход») reads as well."""
    from kiosk.services.printing import print_badges

    anna = registered(desk, "comfort", last="Однократная", first="Анна")
    first = check_in(replace(desk, name="стойка-1"), anna.code)
    assert first.attendee is not None and first.checked_in_at is not None
    print_badges(
        replace(desk, name="Вход"), [anna.code], printer="pdf:unused",
        sender=lambda *_job, **_when: "nowhere",
    )  # fmt: skip
    again = check_in(desk, anna.code)
    assert again.attendee is not None
    window.attendee_card.show_attendee(again.attendee)
    time = local_time(desk.event, first.checked_in_at)
    card = window.attendee_card.fields
    assert card["checkins"].text() == f"28.11 в {time} · стойка-1"
    assert card["prints"].text().startswith("напечатан 1 раз, последний раз 28.11 ")
    assert card["prints"].text().endswith(" · Вход")

    window.result_panel.show_result(again, "amber", auto_print=False)
    assert window.result_panel.detail.text() == f"Пришёл(ла) 28.11 в {time} · стойка-1."
    assert "стойка стойка" not in panel_text(window)


def test_a_new_window_s_card_says_no_one_is_selected_without_rows_for_some_people_only(
    window: DeskWindow, desk: Desk
) -> None:
    card = window.attendee_card
    assert card.name.text() == "Никто не выбран"
    for key in ("paid_twice", "shared"):
        assert card.captions[key].isHidden() and card.fields[key].isHidden(), key
    assert not card.check_in_button.isEnabled() and not card.swap_button.isEnabled()
