"""The kiosk's staff PIN of the first version's kind, passphrases, and the sign-up limit."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kiosk.models import Attendee, EventInfo
from kiosk.services import selfservice
from kiosk.services.context import Desk
from tests.ui.kiosk.test_kiosk import (
    choose_sign_up,
    fill_sign_up,
    settle,
    submit,
    tap,
    tap_keys,
)
from ui.kiosk.staff import NewPinDialog
from ui.kiosk.window import KioskWindow


def first_version_pin(desk: Desk, pin: str) -> None:
    """The PIN as the first version stored it: four digits, scrypt at 16 MiB."""
    salt = bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    with desk.db.write() as session:
        row = session.get(EventInfo, "staff_pin")
        assert row is not None
        row.value = f"scrypt$16384$8$1${salt.hex()}${digest.hex()}"


def new_pin_dialog() -> NewPinDialog:
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, NewPinDialog))


def test_an_old_four_digit_pin_lets_staff_in_only_to_choose_a_new_one(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk
) -> None:
    first_version_pin(desk, "2468")
    shown: list[str] = []

    def choose(pin: str) -> None:
        dialog = new_pin_dialog()
        shown.append(dialog.findChildren(type(kiosk.pin.title))[0].text())
        dialog.first.setText(pin)
        dialog.second.setText(pin)
        dialog.save()

    QTimer.singleShot(100, lambda: choose("135792"))
    tap(qtbot, kiosk.start.staff_button)
    tap_keys(qtbot, kiosk, kiosk.pin.keyboard, "2468")
    tap(qtbot, kiosk.pin.ok_button)
    settle(qtbot, kiosk)
    assert "заменить" in shown[0]
    assert kiosk.current() is kiosk.staff
    assert selfservice.check_pin(desk.db, "2468") is selfservice.PinCheck.WRONG
    assert selfservice.check_pin(desk.db, "135792") is selfservice.PinCheck.RIGHT


def test_without_a_new_pin_the_old_one_opens_nothing(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk
) -> None:
    first_version_pin(desk, "2468")
    QTimer.singleShot(100, lambda: new_pin_dialog().reject())
    kiosk.controller.pin_given("2468")
    settle(qtbot, kiosk)
    assert kiosk.current() is kiosk.start
    assert selfservice.check_pin(desk.db, "2468") is selfservice.PinCheck.REPLACE


def test_a_passphrase_is_typed_on_the_letter_keys_of_the_pin_screen(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk
) -> None:
    selfservice.set_pin(desk.db, "конь батарея")
    tap(qtbot, kiosk.start.staff_button)
    assert kiosk.pin.letters_button.text() == "Буквы"
    tap(qtbot, kiosk.pin.letters_button)
    assert kiosk.pin.keyboard.findChild(QAbstractButton, "key_к") is not None
    tap_keys(qtbot, kiosk, kiosk.pin.keyboard, "конь батарея")
    assert kiosk.pin.pin.text() == "конь батарея"
    tap(qtbot, kiosk.pin.ok_button)
    settle(qtbot, kiosk)
    assert kiosk.current() is kiosk.staff


def test_after_its_share_of_sign_ups_the_kiosk_sends_visitors_to_the_desk(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk
) -> None:
    kiosk.controller.settings = kiosk.controller.settings.__class__(
        **{**vars(kiosk.controller.settings), "kiosk_sign_ups": 1}
    )
    for phone in ("+7 914 555-07-01", "+7 914 555-07-02"):
        kiosk.start_over()
        fill_sign_up(qtbot, kiosk, phone=phone)
        kiosk.sign_up.consent.setChecked(True)
        tap(qtbot, kiosk.sign_up.next_button)
        submit(qtbot, kiosk.sign_up)
        settle(qtbot, kiosk)
    assert kiosk.current() is kiosk.sign_up
    assert "подойдите к стойке регистрации" in kiosk.sign_up.general_error.text()
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Attendee)) == 1


def test_a_kiosk_that_took_its_share_says_so_before_the_form_even_after_a_restart(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk
) -> None:
    kiosk.controller.settings = kiosk.controller.settings.__class__(
        **{**vars(kiosk.controller.settings), "kiosk_sign_ups": 1}
    )
    fill_sign_up(qtbot, kiosk, phone="+7 914 555-07-01")
    kiosk.sign_up.consent.setChecked(True)
    tap(qtbot, kiosk.sign_up.next_button)
    submit(qtbot, kiosk.sign_up)
    settle(qtbot, kiosk)
    # The kiosk restarts: nothing it remembered in memory is left.
    kiosk.controller.sign_ups = selfservice.SignUpLimit(desk.clock, 1)
    kiosk.start_over()
    choose_sign_up(qtbot, kiosk)
    assert kiosk.current() is kiosk.desk_screen
    shown = kiosk.desk_screen.headline.text() + kiosk.desk_screen.sentence.text()
    assert "подойдите к стойке регистрации" in shown


def test_staff_set_the_kiosks_sign_up_limit(qtbot: QtBot, kiosk: KioskWindow) -> None:
    from ui.common.settings import load_settings

    kiosk.controller.pin_given(selfservice_pin())
    settle(qtbot, kiosk)
    staff = kiosk.staff
    assert staff.sign_ups.currentData() == 10
    staff.sign_ups.setCurrentIndex(staff.sign_ups.findData(3))
    tap(qtbot, staff.resume_button)
    assert load_settings().kiosk_sign_ups == 3 == kiosk.controller.settings.kiosk_sign_ups


def selfservice_pin() -> str:
    from tests.ui.conftest import PIN

    return PIN
