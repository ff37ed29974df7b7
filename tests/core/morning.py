"""A conference morning built for the organiser's figures, the same for the core, the reports,
the CLI and the window's tests: who came when, at which desk, and what money was taken."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import update

from kiosk.models import Attendee, PaymentMethod
from kiosk.services.batch import CodeLine, check_in_batch
from kiosk.services.checkin import check_in, pay, upgrade
from kiosk.services.context import Desk
from kiosk.services.views import AttendeeView
from tests.conftest import FixedClock
from tests.core.factories import registered

CONFERENCE = date(2026, 11, 28)


def at(hh: int, mm: int, day: date = CONFERENCE) -> datetime:
    """A moment at the venue (UTC+10)."""
    return datetime.combine(day, time(hh, mm), tzinfo=UTC) - timedelta(hours=10)


@dataclass
class Morning:
    desk1: Desk
    desk2: Desk
    kiosk: Desk
    people: dict[str, AttendeeView]


def build_morning(desk: Desk, clock: FixedClock) -> Morning:
    """Ten people registered a week before (one cancelled since); then the conference morning
    until 11:00 at three desks: arrivals at known times, a payment in cash, one by card after
    a refusal, an invoice, an upgrade, an unknown code and a paper-list entry without a time.
    """
    desk2 = Desk(desk.db, desk.event, name="desk-2", operator="boris", clock=clock)
    kiosk = Desk(desk.db, desk.event, name="kiosk", clock=clock)
    clock.now = at(10, 0, date(2026, 11, 20))
    people = {
        "A": registered(desk, "comfort", last="Алексеев"),
        "B": registered(desk, "comfort", last="Борисова"),
        "C": registered(desk, "comfort", last="Ёлкина"),
        "D": registered(desk, "premium", last="Дмитриев"),
        "E": registered(desk, "package_comfort", last="Егорова"),
        "F": registered(desk, "comfort", last="Фёдоров", paid=False),
        "G": registered(desk, "premium", last="Гусева", paid=False),
        "H": registered(desk, "comfort", last="Ершов", paid=False),
        "S": registered(desk, None, last="Спикерова", category="speaker"),
        "X": registered(desk, "premium", last="Отменов"),
    }
    with desk.db.write() as session:
        session.execute(
            update(Attendee).where(Attendee.id == people["X"].id).values(status="cancelled")
        )
    for when, who, where, options in (
        ((8, 52), "A", desk, {}),
        ((8, 58), "B", desk2, {}),
        ((9, 3), "S", kiosk, {}),
        ((9, 7), "F", desk, {"pay": PaymentMethod.CASH}),
        ((9, 12), "G", desk2, {}),
        ((9, 13), "G", desk2, {"pay": PaymentMethod.CARD}),
    ):
        clock.now = at(*when)
        check_in(where, people[who].code, **options)
    clock.now = at(9, 40)
    check_in(desk, "ZZZZ-ZZZZ-ZZZZ")
    clock.now = at(10, 5)
    pay(desk, people["H"].code, PaymentMethod.INVOICE)
    clock.now = at(10, 20)
    upgrade(desk2, people["C"].code, "package_comfort", pay=PaymentMethod.CASH)
    clock.now = at(10, 30)
    check_in_batch(desk, [CodeLine(1, people["E"].code)], day=CONFERENCE, reason="бумага")
    clock.now = at(11, 0)
    return Morning(desk, desk2, kiosk, people)
