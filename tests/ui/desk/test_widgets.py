"""The desk window's parts as staff read them: the banner and the attendee card."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.models import PaymentMethod
from kiosk.services.checkin import pay, upgrade
from kiosk.services.context import Desk
from tests.core.factories import registered
from tests.ui.desk.test_desk_window import scan, wait_tone
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
