"""The self-service kiosk as visitors use it: scan or phone, sign up, and nobody else's data."""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path

import pytest
import zxingcpp
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kiosk.i18n import language
from kiosk.models import Attendee, AuditEntry, BadgePrint, CheckIn, PaymentMethod, Source
from kiosk.phones import format_phone
from kiosk.services import printing, selfservice
from kiosk.services.checkin import check_in
from kiosk.services.context import Desk
from kiosk.services.views import AttendeeView
from tests.conftest import TRAINING_MORNING, FixedClock
from tests.core.factories import registered
from tests.ui.conftest import KEY_CLOCK, PIN
from tests.ui.desk.test_desk_window import PERSON_KEY_S, SCANNER_KEY_S, type_text
from ui.app import Translations
from ui.common.runner import Runner
from ui.common.settings import DeskSettings
from ui.kiosk.controller import KioskController
from ui.kiosk.screens import Screen
from ui.kiosk.signup import SignUpScreen
from ui.kiosk.still_here import countdown_for
from ui.kiosk.window import KioskWindow

CONFERENCE = date(2026, 11, 28)


def settle(qtbot: QtBot, kiosk: KioskWindow) -> None:
    kiosk.controller.runner.wait()
    qtbot.wait(20)
    kiosk.controller.runner.wait()
    QApplication.processEvents()


def scan(qtbot: QtBot, kiosk: KioskWindow, code: str) -> None:
    """A USB scanner types the code fast into whatever has focus, then Enter."""
    target = QApplication.focusWidget() or kiosk
    type_text(target, code, seconds_per_key=SCANNER_KEY_S)
    qtbot.keyClick(target, Qt.Key.Key_Return)
    KEY_CLOCK.step = PERSON_KEY_S
    settle(qtbot, kiosk)


def tap(qtbot: QtBot, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose_sign_up(qtbot: QtBot, kiosk: KioskWindow) -> None:
    """Tap «Зарегистрироваться»: the kiosk counts its sign-ups left before it shows the form."""
    tap(qtbot, kiosk.start.sign_up_button)
    settle(qtbot, kiosk)


def tap_keys(qtbot: QtBot, kiosk: KioskWindow, keyboard: QWidget, text: str) -> None:
    """Type on the kiosk's own on-screen keyboard, key by key."""
    for ch in text:
        name = "key_space" if ch == " " else f"key_{ch.lower()}"
        key = keyboard.findChild(QAbstractButton, name)
        assert key is not None, f"no key for {ch!r}"
        tap(qtbot, key)


def find_by_phone(qtbot: QtBot, kiosk: KioskWindow, phone: str, letters: str) -> None:
    tap(qtbot, kiosk.start.registered_button)
    kiosk.identify_screen.phone.edit.setText(phone)
    tap(qtbot, kiosk.identify_screen.next_button)
    assert kiosk.current() is kiosk.letters
    kiosk.letters.letters.edit.setText(letters)
    tap(qtbot, kiosk.letters.next_button)
    settle(qtbot, kiosk)


def checkins(desk: Desk) -> int:
    with desk.db.read() as session:
        return session.scalar(select(func.count()).select_from(CheckIn)) or 0


def printed(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pdf")) if folder.exists() else []


def all_text(kiosk: KioskWindow) -> str:
    """Every text any kiosk widget holds, on every screen, shown or not."""
    parts: list[str] = [kiosk.windowTitle()]
    for widget in [kiosk, *kiosk.findChildren(QWidget)]:
        parts += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        parts.append(widget.windowTitle())
        if isinstance(widget, QLabel | QAbstractButton):
            parts.append(widget.text())
        elif isinstance(widget, QLineEdit):
            parts += [widget.text(), widget.placeholderText()]
        elif isinstance(widget, QComboBox):
            parts += [widget.itemText(i) for i in range(widget.count())]
    return "\n".join(p for p in parts if p)


# ---- the start screen ------------------------------------------------------------------------


def test_start_screen_has_two_big_choices_and_a_language_switch(kiosk: KioskWindow) -> None:
    assert kiosk.isFullScreen()
    assert kiosk.current() is kiosk.start
    assert kiosk.start.registered_button.text() == "Я зарегистрирован(а)"
    assert kiosk.start.sign_up_button.text() == "Зарегистрироваться"
    for button in (kiosk.start.registered_button, kiosk.start.sign_up_button):
        assert button.height() >= 200 and button.width() >= 400  # a finger, from a metre
    assert {kiosk.start.russian.text(), kiosk.start.english.text()} == {"Русский", "English"}


def test_english_switch_translates_every_screen_and_the_next_visitor_gets_russian(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    tap(qtbot, kiosk.start.english)
    assert kiosk.start.registered_button.text() == "I have registered"
    assert kiosk.start.title.text() == "Welcome to Service NEXT"
    assert kiosk.windowTitle() == "Service NEXT"
    choose_sign_up(qtbot, kiosk)
    assert kiosk.sign_up.next_button.text() == "Next"
    assert "Surname" in kiosk.sign_up.fields["last_name"].caption.text()
    kiosk.start_over()
    assert kiosk.start.registered_button.text() == "Я зарегистрирован(а)"
    assert kiosk.sign_up.next_button.text() == "Далее"
    assert kiosk.windowTitle() == "Сервис NEXT"


# ---- "I have registered" -------------------------------------------------------------------


def test_a_scan_on_the_start_screen_checks_in_greets_by_first_name_and_prints_the_badge(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk, print_folder: Path
) -> None:
    anna = registered(desk, "comfort", last="Сканова", first="Анна")
    scan(qtbot, kiosk, anna.code)
    assert kiosk.current() is kiosk.welcome
    assert kiosk.welcome.greeting.text() == "Здравствуйте, Анна!"
    assert "Сканова" not in all_text(kiosk)
    qtbot.waitUntil(lambda: "Возьмите бейдж" in kiosk.welcome.badge_line.text(), timeout=10000)
    assert len(printed(print_folder)) == 1
    assert checkins(desk) == 1


def test_the_scanner_in_the_russian_layout_is_read_as_well(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk
) -> None:
    anna = registered(desk, "comfort", last="Раскладкина", first="Анна")
    russian = str.maketrans("QWERTYUIOPASDFGHJKLZXCVBNM", "ЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬ")
    scan(qtbot, kiosk, anna.code.translate(russian))
    assert kiosk.current() is kiosk.welcome


def test_phone_and_the_first_letters_of_the_surname_typed_on_the_touch_keys_check_in(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk
) -> None:
    registered(desk, "comfort", last="Тютина", first="Мария", phone="+7 914 700-80-90")
    tap(qtbot, kiosk.start.registered_button)
    assert kiosk.identify_screen.phone.edit.hasFocus()
    tap_keys(qtbot, kiosk, kiosk.identify_screen.keyboard, "89147008090")
    assert kiosk.identify_screen.phone.text() == "89147008090"
    tap(qtbot, kiosk.identify_screen.next_button)
    assert kiosk.current() is kiosk.letters
    tap_keys(qtbot, kiosk, kiosk.letters.keyboard, "тют")
    assert kiosk.letters.letters.text() == "Тют"  # the first letter comes out capital
    tap(qtbot, kiosk.letters.next_button)
    settle(qtbot, kiosk)
    assert kiosk.welcome.greeting.text() == "Здравствуйте, Мария!"
    assert checkins(desk) == 1


def test_the_touch_keys_type_again_once_the_watchdog_finds_the_kiosk_not_active(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    # What the watchdog's hide-and-show leaves behind under a window manager: the kiosk has
    # the window system's focus, but Qt has no active window and so no focus widget.
    tap(qtbot, kiosk.start.registered_button)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.setActiveWindow(None)  # type: ignore[arg-type]
    assert QApplication.focusWidget() is None
    kiosk._stay_in_front()  # the watchdog's round
    assert kiosk.identify_screen.phone.edit.hasFocus()
    tap_keys(qtbot, kiosk, kiosk.identify_screen.keyboard, "8914")
    assert kiosk.identify_screen.phone.text() == "8914"


def test_a_phone_that_is_not_a_number_is_refused_on_the_spot(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    tap(qtbot, kiosk.start.registered_button)
    kiosk.identify_screen.phone.edit.setText("12")
    tap(qtbot, kiosk.identify_screen.next_button)
    assert kiosk.current() is kiosk.identify_screen
    assert "Проверьте номер" in kiosk.identify_screen.phone.error_text()


def test_the_phone_message_goes_away_as_soon_as_the_number_is_right(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    tap(qtbot, kiosk.start.registered_button)
    edit = kiosk.identify_screen.phone.edit
    type_text(edit, "8914700")
    tap(qtbot, kiosk.identify_screen.next_button)
    assert "Проверьте номер" in kiosk.identify_screen.phone.error_text()
    type_text(edit, "80")
    assert "Проверьте номер" in kiosk.identify_screen.phone.error_text()  # still too short
    type_text(edit, "90")
    assert kiosk.identify_screen.phone.error_text() == ""
    assert kiosk.identify_screen.phone.error.text() == ""
    assert edit.property("invalid") is False
    assert kiosk.current() is kiosk.identify_screen  # nothing submitted


def test_phone_fields_take_no_letters_from_a_physical_keyboard(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    tap(qtbot, kiosk.start.registered_button)
    type_text(kiosk.identify_screen.phone.edit, "+7 (914) abcЖ700-80.90")
    assert kiosk.identify_screen.phone.text() == "+7 (914) 700-80.90"
    kiosk.start_over()
    choose_sign_up(qtbot, kiosk)
    form = kiosk.sign_up
    form.fields["last_name"].edit.setText("Морозова")
    form.fields["first_name"].edit.setText("Дарья")
    tap(qtbot, form.next_button)
    type_text(form.fields["phone"].edit, "8 914 qwerty555 01 02")
    assert form.fields["phone"].text() == "8 914 555 01 02"


def test_a_scan_into_the_phone_field_checks_in_and_leaves_the_number_as_it_was(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk
) -> None:
    guest = registered(desk, "comfort", last="Телефонова", first="Зоя")
    tap(qtbot, kiosk.start.registered_button)
    type_text(kiosk.identify_screen.phone.edit, "8914")
    assert kiosk.identify_screen.phone.edit.hasFocus()
    scan(qtbot, kiosk, guest.code)
    assert kiosk.welcome.greeting.text() == "Здравствуйте, Зоя!"
    assert checkins(desk) == 1


def test_wrong_letters_say_not_found_and_nothing_about_whose_phone_it_is(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk
) -> None:
    registered(desk, "comfort", last="Тайнова", first="Вера", phone="+7 914 700-80-91")
    find_by_phone(qtbot, kiosk, "+7 914 700-80-91", "Пе")
    assert kiosk.current() is kiosk.letters
    assert "Не нашли регистрацию" in kiosk.letters.letters.error_text()
    assert "Вера" not in all_text(kiosk) and "Тайнова" not in all_text(kiosk)
    assert checkins(desk) == 0


def test_a_phone_shared_by_a_team_asks_for_more_letters_never_for_a_choice_from_a_list(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk
) -> None:
    phone = "+7 914 700-80-92"
    registered(desk, "comfort", last="Сидоров", first="Пётр", phone=phone)
    registered(desk, "comfort", last="Сидорова", first="Анна", phone=phone, allow_duplicate=True)
    find_by_phone(qtbot, kiosk, phone, "Сид")
    assert kiosk.current() is kiosk.letters
    assert "несколько человек" in kiosk.letters.explanation.text()
    text = all_text(kiosk)
    assert "Пётр" not in text and "Анна" not in text and "Сидоров" not in text
    kiosk.letters.letters.edit.setText("Сидорова")
    tap(qtbot, kiosk.letters.next_button)
    settle(qtbot, kiosk)
    assert kiosk.welcome.greeting.text() == "Здравствуйте, Анна!"


def test_five_wrong_tries_lock_the_lookup_even_for_the_right_letters(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk
) -> None:
    registered(desk, "comfort", last="Замкова", first="Ольга", phone="+7 914 700-80-93")
    find_by_phone(qtbot, kiosk, "+7 914 700-80-93", "Аа")
    for _ in range(selfservice.MAX_FAILURES - 1):
        kiosk.letters.letters.edit.setText("Аа")
        tap(qtbot, kiosk.letters.next_button)
        settle(qtbot, kiosk)
    kiosk.letters.letters.edit.setText("Зам")
    tap(qtbot, kiosk.letters.next_button)
    settle(qtbot, kiosk)
    assert "Слишком много попыток" in kiosk.letters.letters.error_text()
    assert checkins(desk) == 0


@pytest.mark.parametrize(
    ("tariff", "paid", "training", "tone", "words"),
    [
        ("comfort", False, False, "amber", "не оплачена: к оплате 10\u202f000\u00a0₽"),
        ("comfort", True, True, "red", "Ваш билет — на 28.11"),
    ],
)
def test_unpaid_or_not_entitled_sends_the_visitor_to_the_desk_and_does_nothing_else(
    qtbot: QtBot,
    kiosk: KioskWindow,
    desk: Desk,
    clock: FixedClock,
    print_folder: Path,
    tariff: str,
    paid: bool,
    training: bool,
    tone: str,
    words: str,
) -> None:
    if training:
        clock.now = TRAINING_MORNING
    guest = registered(desk, tariff, last="Должникова", first="Ирина", paid=paid)
    scan(qtbot, kiosk, guest.code)
    assert kiosk.current() is kiosk.desk_screen
    assert kiosk.desk_screen.property("tone") == tone
    assert kiosk.desk_screen.headline.text() == "Ирина, пожалуйста, подойдите к стойке регистрации"
    assert words in kiosk.desk_screen.sentence.text()
    assert checkins(desk) == 0
    assert printed(print_folder) == []


def test_a_second_scan_says_come_in_without_a_detour_to_the_desk_and_prints_nothing(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk, print_folder: Path
) -> None:
    guest = registered(desk, "comfort", last="Повторова", first="Нина")
    check_in(desk, guest.code)
    printing.print_badges(desk, [guest.code], printer=f"pdf:{print_folder}")
    before = printed(print_folder)
    scan(qtbot, kiosk, guest.code)
    assert kiosk.current() is kiosk.welcome
    assert kiosk.welcome.checked.text() == "Вы уже отмечены — проходите."
    assert kiosk.welcome.badge_line.text() == ""
    assert printed(print_folder) == before


def test_an_unknown_code_is_red_and_does_not_lock_out_the_next_visitor(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk
) -> None:
    for _ in range(selfservice.MAX_FAILURES + 1):
        scan(qtbot, kiosk, "7KQ2-M9XD-H3TR")
    assert kiosk.desk_screen.property("tone") == "red"
    assert kiosk.desk_screen.sentence.text() == "Мы не нашли такой код."
    guest = registered(desk, "comfort", last="Следующая", first="Инна")
    scan(qtbot, kiosk, guest.code)  # 60 random bits: guessing finds nobody, so no lock
    assert kiosk.current() is kiosk.welcome


@pytest.mark.parametrize("barcode", ["4607001234567", "036000291452", "https://example.com/a"])
def test_a_product_barcode_or_a_link_says_it_is_not_a_registration_code(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk, barcode: str
) -> None:
    scan(qtbot, kiosk, barcode)
    assert kiosk.current() is kiosk.desk_screen
    assert kiosk.desk_screen.headline.text() == "Это не код регистрации"
    assert kiosk.desk_screen.property("tone") == "amber"
    assert "не нашли" not in kiosk.desk_screen.sentence.text()
    assert checkins(desk) == 0


def test_five_wrong_letter_tries_do_not_stop_a_visitor_with_a_badge(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk
) -> None:
    registered(desk, "comfort", last="Замкова", first="Ольга", phone="+7 914 700-80-97")
    find_by_phone(qtbot, kiosk, "+7 914 700-80-97", "Аа")
    for _ in range(selfservice.MAX_FAILURES):
        tap(qtbot, kiosk.letters.next_button)
        settle(qtbot, kiosk)
    guest = registered(desk, "comfort", last="Сбейджем", first="Ира")
    scan(qtbot, kiosk, guest.code)
    assert kiosk.welcome.greeting.text() == "Здравствуйте, Ира!"


def test_a_scan_during_a_lookup_is_taken_once_the_lookup_is_done(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk
) -> None:
    guest = registered(desk, "comfort", last="Торопыгина", first="Майя")
    kiosk.controller.busy = True  # a lookup is running
    kiosk.controller.scanned(guest.code)
    assert checkins(desk) == 0
    kiosk.controller._step("read", lambda _desk: None, lambda _none: None)
    settle(qtbot, kiosk)
    assert kiosk.welcome.greeting.text() == "Здравствуйте, Майя!"


def test_an_unnamed_team_seat_is_checked_in_but_its_badge_waits_for_a_name(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk, print_folder: Path
) -> None:
    from kiosk.services.registration import PersonInput, Registration, register

    team = register(
        desk,
        Registration(
            PersonInput("Командирова", "Ольга", phone="+7 914 700-80-98"),
            tariff="team",
            team_size=3,
            pay=PaymentMethod.CASH,
            consent=True,
        ),
    )
    seat = team.attendees[2]
    scan(qtbot, kiosk, seat.code)
    assert kiosk.current() is kiosk.welcome
    assert kiosk.welcome.greeting.text() == "Здравствуйте!"
    assert "Командирова" not in all_text(kiosk)
    assert "нужно ваше имя" in kiosk.welcome.badge_line.text()
    assert printed(print_folder) == []
    assert checkins(desk) == 1


def test_a_badge_printed_in_advance_is_not_printed_again_at_the_kiosk(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk, print_folder: Path
) -> None:
    from kiosk.services.printing import print_badges

    guest = registered(desk, "comfort", last="Заранеева", first="Дина")
    print_badges(desk, [guest.code], printer=f"pdf:{print_folder}")
    scan(qtbot, kiosk, guest.code)
    assert kiosk.current() is kiosk.welcome
    assert "напечатан заранее" in kiosk.welcome.badge_line.text()
    assert len(printed(print_folder)) == 1
    assert checkins(desk) == 1


def test_the_outcome_goes_back_to_the_start_after_a_while(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    guest = registered(desk, "comfort", last="Ушедшая", first="Лена")
    monkeypatch.setattr("ui.kiosk.window.RESULT_SECONDS", 0)
    scan(qtbot, kiosk, guest.code)
    qtbot.waitUntil(lambda: kiosk.current() is kiosk.start, timeout=3000)
    assert kiosk.welcome.greeting.text() == "Здравствуйте!"  # forgotten


# ---- signing up ------------------------------------------------------------------------------


def submit(qtbot: QtBot, form: SignUpScreen) -> None:
    """«Зарегистрироваться» on the review, once it takes taps (a moment after it appears)."""
    assert form.step == "review"
    qtbot.waitUntil(form.next_button.isEnabled, timeout=3000)
    tap(qtbot, form.next_button)


def fill_sign_up(
    qtbot: QtBot, kiosk: KioskWindow, *, phone: str = "+7 914 555-01-02", tariff: str = "comfort"
) -> None:
    form = kiosk.sign_up
    choose_sign_up(qtbot, kiosk)
    assert form.step == "name"
    form.fields["last_name"].edit.setText("Морозова")
    form.fields["first_name"].edit.setText("Дарья")
    tap(qtbot, form.next_button)
    assert form.step == "contacts"
    form.fields["phone"].edit.setText(phone)
    # An e-mail of this phone's own: two sign-ups with one e-mail would be one person.
    form.fields["email"].edit.setText(f"darya{phone[-2:]}@example.ru")
    tap(qtbot, form.next_button)
    qtbot.waitUntil(lambda: form.step == "work", timeout=5000)  # the contacts are checked first
    form.fields["company"].edit.setText("Ресторан Zuma")
    tap(qtbot, form.next_button)
    assert form.step == "tariff"
    qtbot.mouseClick(form.cards[tariff], Qt.MouseButton.LeftButton)
    tap(qtbot, form.next_button)


def test_a_walk_in_signs_up_unpaid_and_gets_a_qr_to_take_to_the_desk(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk, print_folder: Path, clock: FixedClock
) -> None:
    clock.now = TRAINING_MORNING  # both days of the package still ahead
    fill_sign_up(qtbot, kiosk, tariff="package_comfort")
    form = kiosk.sign_up
    assert form.step == "consent"
    assert "152-ФЗ" in form.consent_text.text()
    tap(qtbot, form.next_button)
    assert "согласие" in form.consent_error.text()  # consent is required
    form.consent.setChecked(True)
    tap(qtbot, form.next_button)
    assert form.step == "review"
    assert "20\u202f700\u00a0₽" in form.total.text()
    assert "Морозова Дарья" in form.review.text()
    submit(qtbot, form)
    settle(qtbot, kiosk)

    assert kiosk.current() is kiosk.confirmation
    with desk.db.read() as session:
        person = session.scalars(select(Attendee).where(Attendee.last_name == "Морозова")).one()
        assert person.source == Source.KIOSK
        assert person.amount_due == 20700 and person.amount_paid == 0
        assert person.consent_at is not None
        assert person.tariff == "package_comfort"
        code = person.badge_code
    assert kiosk.confirmation.code.text() == code
    assert "20\u202f700\u00a0₽" in kiosk.confirmation.pay.text()
    picture = kiosk.confirmation.qr.pixmap().toImage()
    assert [r.text for r in zxingcpp.read_barcodes(picture)] == [code]
    qtbot.waitUntil(lambda: "Возьмите талон" in kiosk.confirmation.slip_line.text(), timeout=10000)
    assert len(printed(print_folder)) == 1
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(BadgePrint)) == 0  # not a badge
        assert session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "print_slip")
        )
    # At the desk, a scan of that code shows the amount due.
    at_desk = check_in(desk, code)
    assert at_desk.status == "unpaid" and at_desk.amount_due == 20700


def test_each_step_refuses_bad_input_in_russian_and_keeps_what_was_typed(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    form = kiosk.sign_up
    choose_sign_up(qtbot, kiosk)
    form.fields["first_name"].edit.setText("Дарья")
    tap(qtbot, form.next_button)
    assert form.step == "name"
    assert form.fields["last_name"].error_text() == "Фамилия: обязательное поле"
    assert form.fields["first_name"].text() == "Дарья"
    form.fields["last_name"].edit.setText("Морозова")
    tap(qtbot, form.next_button)
    form.fields["phone"].edit.setText("12345")
    form.fields["email"].edit.setText("darya@")
    tap(qtbot, form.next_button)
    assert form.step == "contacts"
    assert "не похож на номер" in form.fields["phone"].error_text()
    assert "не похож на адрес" in form.fields["email"].error_text()
    form.fields["phone"].edit.setText("8 914 555 01 03")
    assert form.fields["phone"].error_text() == ""  # gone as soon as it is right
    form.fields["email"].edit.setText("")
    tap(qtbot, form.next_button)
    qtbot.waitUntil(lambda: form.step == "work", timeout=5000)
    tap(qtbot, form.next_button)
    tap(qtbot, form.next_button)
    assert form.step == "tariff" and form.tariff_error.text() == "Выберите тариф"


def test_a_package_whose_training_day_is_over_is_not_offered(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk
) -> None:
    fill_sign_up(qtbot, kiosk, tariff="comfort")  # the conference day: the training is over
    form = kiosk.sign_up
    form.show_step("tariff")
    offered = {code for code, card in form.cards.items() if card.isVisible()}
    assert offered == {"premium", "comfort", "team"}


def test_only_tariffs_are_offered_never_a_free_category(kiosk: KioskWindow, desk: Desk) -> None:
    assert set(kiosk.sign_up.cards) == {t.code for t in desk.event.tariffs}
    text = all_text(kiosk)
    for category in desk.event.categories:
        assert category.title not in text


def test_a_team_signs_up_with_its_size_and_pays_for_everyone_at_the_desk(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk
) -> None:
    fill_sign_up(qtbot, kiosk, tariff="team")
    form = kiosk.sign_up
    assert form.step == "team"
    assert form.team_size.value() == 3 and form.team_error.text() == ""
    number = form.team_size.findChild(QLineEdit)
    assert number is not None and number.width() > 60  # the number can be read
    tap(qtbot, form.team_plus)
    form.members[0][0].setText("Котова")
    form.members[0][1].setText("Ирина")
    tap(qtbot, form.next_button)
    form.consent.setChecked(True)
    tap(qtbot, form.next_button)
    assert "32\u202f000\u00a0₽" in form.total.text()
    submit(qtbot, form)
    settle(qtbot, kiosk)
    assert kiosk.current() is kiosk.confirmation
    assert "32\u202f000\u00a0₽" in kiosk.confirmation.pay.text()
    with desk.db.read() as session:
        team = session.scalars(select(Attendee).where(Attendee.tariff == "team")).all()
    assert len(team) == 4 and {a.last_name for a in team} >= {"Морозова", "Котова"}


def test_the_consent_message_goes_away_once_the_box_is_ticked(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    fill_sign_up(qtbot, kiosk)
    form = kiosk.sign_up
    tap(qtbot, form.next_button)
    assert "согласие" in form.consent_error.text()
    qtbot.mouseClick(form.consent, Qt.MouseButton.LeftButton)
    assert form.consent.isChecked() and form.consent_error.text() == ""


def test_a_members_message_goes_away_once_the_name_is_typed(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    fill_sign_up(qtbot, kiosk, tariff="team")
    form = kiosk.sign_up
    form.members[0][0].setText("Котова")
    form.show_errors({"members": "Участник 2: Имя: обязательное поле"})
    assert form.step == "team" and form.team_error.text().startswith("Участник 2")
    type_text(form.members[0][1], "Ир")
    assert form.team_error.text() == ""


def test_a_team_too_small_says_so_until_it_is_big_enough(qtbot: QtBot, kiosk: KioskWindow) -> None:
    fill_sign_up(qtbot, kiosk, tariff="team")
    form = kiosk.sign_up
    tap(qtbot, form.team_minus)
    assert "от 3 человек" in form.team_error.text()
    type_text(form.members[0][0], "Котова")
    assert "от 3 человек" in form.team_error.text()  # a name typed does not make it bigger
    tap(qtbot, form.team_plus)
    assert form.team_error.text() == ""


def test_a_team_member_with_a_surname_only_is_sent_back_to_the_team_step(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    fill_sign_up(qtbot, kiosk, tariff="team")
    form = kiosk.sign_up
    assert form.members[0][0].hasFocus()  # the keys type into the first member at once
    form.members[0][0].setText("Котова")
    tap(qtbot, form.next_button)
    form.consent.setChecked(True)
    tap(qtbot, form.next_button)
    assert "Котова" in form.review.text()
    submit(qtbot, form)
    settle(qtbot, kiosk)
    assert form.step == "team"
    assert form.team_error.text() == "Участник 2: Имя: обязательное поле"
    assert form.fields["first_name"].error_text() == ""  # not the contact's own field


def test_the_kiosk_takes_teams_of_up_to_twenty(qtbot: QtBot, kiosk: KioskWindow) -> None:
    fill_sign_up(qtbot, kiosk, tariff="team")
    assert kiosk.sign_up.team_size.maximum() == selfservice.MAX_KIOSK_TEAM == 20


def test_a_double_tap_on_the_consent_step_does_not_skip_the_review(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk
) -> None:
    fill_sign_up(qtbot, kiosk)
    kiosk.sign_up.consent.setChecked(True)
    tap(qtbot, kiosk.sign_up.next_button)
    tap(qtbot, kiosk.sign_up.next_button)
    settle(qtbot, kiosk)
    assert kiosk.current() is kiosk.sign_up and kiosk.sign_up.step == "review"
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Attendee)) == 0


def test_the_keyboard_types_latin_letters_when_the_kiosk_is_in_english(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    tap(qtbot, kiosk.start.english)
    choose_sign_up(qtbot, kiosk)
    tap_keys(qtbot, kiosk, kiosk.sign_up.keyboard, "smith")
    assert kiosk.sign_up.fields["last_name"].text() == "Smith"
    kiosk.start_over()
    choose_sign_up(qtbot, kiosk)
    tap_keys(qtbot, kiosk, kiosk.sign_up.keyboard, "ёлкина")
    assert kiosk.sign_up.fields["last_name"].text() == "Ёлкина"


def test_company_fields_have_digits_and_quotes_on_the_keyboard(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    choose_sign_up(qtbot, kiosk)
    form = kiosk.sign_up
    form.fields["last_name"].edit.setText("Морозова")
    form.fields["first_name"].edit.setText("Дарья")
    tap(qtbot, form.next_button)
    form.fields["phone"].edit.setText("+7 914 555-01-02")
    tap(qtbot, form.next_button)
    qtbot.waitUntil(lambda: form.step == "work", timeout=5000)
    tap_keys(qtbot, kiosk, form.keyboard, "ооо «1с»")
    assert form.fields["company"].text() == "Ооо «1с»"


def test_a_registered_phone_is_refused_at_its_step_without_showing_whose_it_is(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk
) -> None:
    registered(
        desk,
        "premium",
        last="Секретова",
        first="Алла",
        phone="+7 914 555-01-04",
        company="ООО «Тайна»",
        email="alla@secret.ru",
    )
    form = kiosk.sign_up
    choose_sign_up(qtbot, kiosk)
    form.fields["last_name"].edit.setText("Морозова")
    form.fields["first_name"].edit.setText("Дарья")
    tap(qtbot, form.next_button)
    form.fields["phone"].edit.setText("8 (914) 555-01-04")
    tap(qtbot, form.next_button)
    qtbot.waitUntil(lambda: bool(form.fields["phone"].error_text()), timeout=5000)
    assert form.step == "contacts"
    assert form.fields["phone"].error_text() == "Этот телефон уже зарегистрирован."
    text = all_text(kiosk)
    for secret in ("Секретова", "Алла", "Тайна", "alla@secret.ru"):
        assert secret not in text
    assert form.already_button.isVisible()
    tap(qtbot, form.already_button)
    assert kiosk.current() is kiosk.identify_screen
    assert kiosk.identify_screen.phone.text() == "8 (914) 555-01-04"
    assert form.fields["last_name"].text() == ""


def test_a_registered_email_is_named_as_the_field_that_is_taken(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk
) -> None:
    registered(desk, "premium", last="Секретова", first="Алла", email="alla@secret.ru")
    form = kiosk.sign_up
    choose_sign_up(qtbot, kiosk)
    form.fields["last_name"].edit.setText("Морозова")
    form.fields["first_name"].edit.setText("Дарья")
    tap(qtbot, form.next_button)
    form.fields["phone"].edit.setText("+7 914 555-01-09")
    form.fields["email"].edit.setText("ALLA@secret.ru")
    tap(qtbot, form.next_button)
    qtbot.waitUntil(lambda: bool(form.fields["email"].error_text()), timeout=5000)
    assert form.fields["email"].error_text() == "Этот e-mail уже зарегистрирован."
    assert form.fields["phone"].error_text() == ""


# ---- idle reset, lock-down, staff ------------------------------------------------------------


def test_a_minute_without_a_touch_clears_every_field_and_returns_to_the_start(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    assert kiosk.idle_timer.interval() + countdown_for(60) * 1000 == 60_000
    tap(qtbot, kiosk.start.english)
    choose_sign_up(qtbot, kiosk)
    kiosk.sign_up.fields["last_name"].edit.setText("Забытова")
    kiosk.controller.settings = DeskSettings(kiosk_idle_s=3, kiosk_camera=False)
    qtbot.keyClick(kiosk.sign_up.fields["last_name"].edit, Qt.Key.Key_End)  # a touch: restart
    assert kiosk.idle_timer.interval() == 2000
    qtbot.waitUntil(kiosk.still_here.asking, timeout=4000)  # «Вы ещё здесь?», with a countdown
    assert kiosk.still_here.countdown.text() == "Everything typed will be cleared in 1 s."
    qtbot.waitUntil(lambda: kiosk.current() is kiosk.start, timeout=4000)
    assert kiosk.sign_up.fields["last_name"].text() == ""
    assert kiosk.start.registered_button.text() == "Я зарегистрирован(а)"
    assert "Забытова" not in all_text(kiosk)


def test_escape_alt_f4_and_closing_the_window_do_not_leave_kiosk_mode(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    choose_sign_up(qtbot, kiosk)
    for key, modifier in (
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
        (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier),
    ):
        event = QKeyEvent(QEvent.Type.KeyPress, key, modifier)
        target = QApplication.focusWidget() or kiosk
        QApplication.sendEvent(target, event)
        assert event.isAccepted() or kiosk.isVisible()
    assert kiosk.close() is False
    assert kiosk.isVisible() and kiosk.isFullScreen()
    assert kiosk.current() is kiosk.sign_up


def test_typing_still_works_under_the_lock_down(qtbot: QtBot, kiosk: KioskWindow) -> None:
    choose_sign_up(qtbot, kiosk)
    edit = kiosk.sign_up.fields["last_name"].edit
    type_text(edit, "Ёлкина")
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert edit.text() == "Ёлкин"


def test_leaving_needs_the_staff_pin_and_wrong_pins_are_limited(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    tap(qtbot, kiosk.start.staff_button)
    assert kiosk.current() is kiosk.pin
    assert kiosk.pin.pin.edit.echoMode() == QLineEdit.EchoMode.Password
    kiosk.pin.pin.edit.setText("1111")
    tap(qtbot, kiosk.pin.ok_button)
    settle(qtbot, kiosk)
    assert kiosk.current() is kiosk.pin and kiosk.pin.pin.error_text() == "Неверный PIN"
    tap_keys(qtbot, kiosk, kiosk.pin.keyboard, PIN)
    tap(qtbot, kiosk.pin.ok_button)
    settle(qtbot, kiosk)
    assert kiosk.current() is kiosk.staff
    tap(qtbot, kiosk.staff.quit_button)
    assert not kiosk.isVisible()


def test_staff_can_leave_the_kiosk_for_the_desk_in_the_default_language(
    qtbot: QtBot, desk: Desk, kiosk_settings: DeskSettings, translations: Translations
) -> None:
    selfservice.set_pin(desk.db, PIN)
    opened: list[str] = []
    controller = KioskController(desk, Runner(), kiosk_settings)
    window = KioskWindow(
        controller,
        set_language=translations.use,
        on_open_desk=lambda: opened.append(language()),
    )
    qtbot.addWidget(window)
    window.show_kiosk()
    tap(qtbot, window.start.english)
    controller.pin_given(PIN)
    settle(qtbot, window)
    assert window.staff.desk_button.isVisible()
    tap(qtbot, window.staff.desk_button)
    assert opened == ["ru"] and not window.isVisible()


def test_a_kiosk_left_after_a_welcome_does_not_switch_the_app_s_language_later(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk, translations: Translations
) -> None:
    """Its welcome's clock, still running once staff left, went back to the start screen
    and to the kiosk's Russian — under a desk someone had switched to English meanwhile."""
    anna = registered(desk, "comfort", last="Уходова", first="Анна")
    scan(qtbot, kiosk, anna.code)
    assert kiosk.current() is kiosk.welcome
    kiosk.result_timer.setInterval(50)  # the welcome's 12 s, shortened
    kiosk.result_timer.start()
    kiosk.leave()
    translations.use("en")
    qtbot.wait(300)
    assert language() == "en"
    assert not kiosk.idle_timer.isActive() and not kiosk.result_timer.isActive()


def test_without_a_desk_to_open_the_kiosk_offers_none(qtbot: QtBot, kiosk: KioskWindow) -> None:
    kiosk.controller.pin_given(PIN)
    settle(qtbot, kiosk)
    assert kiosk.current() is kiosk.staff and not kiosk.staff.desk_button.isVisible()


def test_the_pin_locks_after_five_wrong_tries(qtbot: QtBot, kiosk: KioskWindow) -> None:
    tap(qtbot, kiosk.start.staff_button)
    for _ in range(selfservice.MAX_FAILURES):
        kiosk.pin.pin.edit.setText("0000")
        tap(qtbot, kiosk.pin.ok_button)
        settle(qtbot, kiosk)
    kiosk.pin.pin.edit.setText(PIN)
    tap(qtbot, kiosk.pin.ok_button)
    settle(qtbot, kiosk)
    assert kiosk.current() is kiosk.pin
    assert "Слишком много попыток" in kiosk.pin.pin.error_text()


def test_staff_settings_are_saved_and_used(
    qtbot: QtBot, kiosk: KioskWindow, tmp_path: Path
) -> None:
    from ui.common.camera import camera_problem
    from ui.common.settings import load_settings

    kiosk.controller.pin_given(PIN)
    settle(qtbot, kiosk)
    assert kiosk.current() is kiosk.staff
    problem = camera_problem()  # this machine has no camera: staff are told why
    assert kiosk.staff.camera_note.text() == (problem or "")
    assert kiosk.staff.camera.isEnabled() is (problem is None)
    kiosk.staff.idle.setCurrentIndex(kiosk.staff.idle.findData(90))
    kiosk.staff.slip.setChecked(False)
    kiosk.staff.start_in_kiosk.setChecked(True)
    tap(qtbot, kiosk.staff.resume_button)
    assert kiosk.current() is kiosk.start
    saved = load_settings()
    assert (saved.kiosk_idle_s, saved.kiosk_slip, saved.kiosk_mode) == (90, False, True)
    assert kiosk.idle_timer.interval() + countdown_for(90) * 1000 == 90_000


def test_scans_are_ignored_while_staff_are_at_the_kiosk_and_leave_no_stray_text(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk
) -> None:
    guest = registered(desk, "comfort", last="Ждущая", first="Оля")
    tap(qtbot, kiosk.start.staff_button)
    kiosk.pin.pin.edit.setText("24")
    scan(qtbot, kiosk, guest.code)  # longer than the PIN field takes
    assert kiosk.current() is kiosk.pin
    assert kiosk.pin.pin.text() == "24"
    kiosk.controller.pin_given(PIN)
    settle(qtbot, kiosk)
    kiosk.staff.printer.setFocus()
    kiosk.staff.printer.setCurrentText("pdf:/tmp/x")
    scan(qtbot, kiosk, guest.code)
    assert kiosk.staff.printer.currentText() == "pdf:/tmp/x"
    assert checkins(desk) == 0


def test_touching_the_confirmation_does_not_cut_its_time_short(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    kiosk.controller.settings = DeskSettings(kiosk_idle_s=1, kiosk_camera=False)
    fill_sign_up(qtbot, kiosk)
    kiosk.sign_up.consent.setChecked(True)
    tap(qtbot, kiosk.sign_up.next_button)
    submit(qtbot, kiosk.sign_up)
    settle(qtbot, kiosk)
    assert kiosk.current() is kiosk.confirmation
    qtbot.mouseClick(kiosk.confirmation.qr, Qt.MouseButton.LeftButton)
    qtbot.wait(1500)
    assert kiosk.current() is kiosk.confirmation


# ---- privacy -----------------------------------------------------------------------------------


OTHERS = [
    ("Невидимова", "Аглая", "+7 914 111-22-33", "aglaya@hidden.ru", "ООО «Невидимка»"),
    ("Скрытный", "Евлампий", "+7 914 111-22-34", "evl@hidden.ru", "Тайный банк"),
    ("Приватова", "Серафима", "+7 914 700-80-95", "sera@hidden.ru", "Закрытое АО"),
]


def secrets_of(people: list[AttendeeView]) -> list[str]:
    found: list[str] = []
    for person in people:
        phone = person.phone or ""
        found += [person.last_name, person.first_name, person.email or "", person.company]
        found += [phone, format_phone(phone), phone[-7:]]
    return [s for s in found if s]


def test_no_screen_ever_shows_another_attendees_name_phone_email_or_company(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk
) -> None:
    others = [
        registered(
            desk, "comfort", last=last, first=first, phone=phone, email=email, company=company
        )
        for last, first, phone, email, company in OTHERS
    ]
    # A teammate shares the visitor's phone: their data must stay hidden too.
    mate = registered(
        desk,
        "comfort",
        last="Соседова",
        first="Фёкла",
        phone="+7 914 700-80-96",
        company="Команда Х",
        email="fekla@hidden.ru",
    )
    others.append(mate)
    visitor = registered(
        desk,
        "comfort",
        last="Соседов",
        first="Пров",
        phone="+7 914 700-80-96",
        allow_duplicate=True,
        company="Наша фирма",
    )
    own = {visitor.phone, format_phone(visitor.phone or ""), (visitor.phone or "")[-7:]}
    secrets = [s for s in secrets_of(others) if s not in own]  # the visitor typed their phone

    def nothing_leaks(moment: str, typed: str = "") -> None:
        """No secret is on screen, but for a phone the visitor typed in themselves."""
        text = all_text(kiosk).replace(typed, "") if typed else all_text(kiosk)
        leaked = [s for s in secrets if s in text]
        assert leaked == [], f"{moment}: {leaked}"

    nothing_leaks("start")
    find_by_phone(qtbot, kiosk, "+7 914 700-80-96", "Сосед")  # both share the prefix
    nothing_leaks("more letters asked")
    kiosk.letters.letters.edit.setText("Соседов")
    tap(qtbot, kiosk.letters.next_button)
    settle(qtbot, kiosk)
    assert kiosk.welcome.greeting.text() == "Здравствуйте, Пров!"
    nothing_leaks("visitor checked in by phone")
    kiosk.start_over()
    scan(qtbot, kiosk, visitor.code)
    nothing_leaks("visitor scanned again")
    kiosk.start_over()
    close = others[0].code.replace("-", "")
    scan(qtbot, kiosk, close[:-1] + ("1" if close.endswith("0") else "0"))  # one symbol off
    nothing_leaks("unknown code")
    kiosk.start_over()
    find_by_phone(qtbot, kiosk, OTHERS[1][2], "Но")
    nothing_leaks("someone else's phone, wrong letters", typed=OTHERS[1][2])
    kiosk.start_over()
    form = kiosk.sign_up
    choose_sign_up(qtbot, kiosk)
    form.fields["last_name"].edit.setText("Морозова")
    form.fields["first_name"].edit.setText("Дарья")
    tap(qtbot, form.next_button)
    form.fields["phone"].edit.setText(OTHERS[2][2])
    tap(qtbot, form.next_button)
    qtbot.waitUntil(lambda: bool(form.fields["phone"].error_text()), timeout=5000)
    nothing_leaks("sign-up with someone else's phone", typed=OTHERS[2][2])
    kiosk.start_over()
    fill_sign_up(qtbot, kiosk, phone="+7 914 555-09-09")
    kiosk.sign_up.consent.setChecked(True)
    tap(qtbot, kiosk.sign_up.next_button)
    submit(qtbot, kiosk.sign_up)
    settle(qtbot, kiosk)
    assert kiosk.current() is kiosk.confirmation
    nothing_leaks("confirmation of a new sign-up")
    for screen in kiosk.screens:
        assert isinstance(screen, Screen)


# ---- fitting the screen --------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720), (1024, 768)])
def test_every_screen_fits_a_small_screen_with_nothing_cut_or_overlapping(
    qtbot: QtBot, kiosk: KioskWindow, size: tuple[int, int]
) -> None:
    kiosk.lockdown = False
    kiosk.showNormal()
    kiosk.resize(*size)
    qtbot.waitUntil(lambda: kiosk.size().toTuple() == size, timeout=3000)
    form = kiosk.sign_up
    form.clear()
    form._choose("team")
    form.general_error.setText("Этот телефон или e-mail уже зарегистрирован.")
    form.show_already_button(True)
    kiosk.desk_screen.show_text("Слишком много попыток. Подождите немного.")
    kiosk.controller.pin_given(PIN)
    settle(qtbot, kiosk)
    screens = [s for s in kiosk.screens if s is not form]
    steps = ["name", "contacts", "work", "tariff", "team", "consent", "review"]
    for target in [*screens, *steps]:
        if isinstance(target, str):
            kiosk.go(form)
            form.show_step(target)
            if target == "review":
                form.general_error.show()
                form.already_button.show()
        else:
            kiosk.go(target)
        QApplication.processEvents()
        window = kiosk.rect()
        shown = [b for b in kiosk.findChildren(QAbstractButton) if b.isVisible()]
        boxes = [b.rect().translated(b.mapTo(kiosk, b.rect().topLeft())) for b in shown]
        where = f"{size} {target if isinstance(target, str) else target.objectName()}"
        for button, box in zip(shown, boxes, strict=True):
            assert window.contains(box), f"{where}: {button.objectName()} is cut off ({box})"
            assert button.width() >= button.minimumSizeHint().width() - 1, (
                f"{where}: {button.objectName()} is squeezed"
            )
        for i, a in enumerate(boxes):
            for j in range(i + 1, len(boxes)):
                assert not a.intersects(boxes[j]), (
                    f"{where}: {shown[i].objectName()} overlaps {shown[j].objectName()}"
                )
