"""What the tests of a desk losing its hub share: reaching the hub through the tests' proxy,
a person registered at another desk, and waiting for the desk's replica and its way back."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import Connection, select

from kiosk.config import Event
from kiosk.hub import desks
from kiosk.hub.join import decode
from kiosk.models import Attendee, Payment
from kiosk.services import lookup
from kiosk.services.context import Desk
from kiosk.services.views import AttendeeView
from tests.conftest import FixedClock
from tests.core.factories import registered
from tests.netproxy import Proxy
from ui.common.hub import Station

CONFERENCE = date(2026, 11, 28)


def through(proxy: Proxy, join: str) -> str:
    """The hub's join code with the proxy's port: the desk reaches the hub through it (the
    certificate it pins is the hub's own, the TLS runs end to end)."""
    return replace(decode(join), port=proxy.port).encode()


def someone_on_the_hub(join: str, event: Event, clock: FixedClock, home: Path) -> AttendeeView:
    """A person registered at another desk (a process of its own would do the same)."""
    _code, other = desks.open_hub(join, event, home)
    try:
        return registered(Desk(other, event, name="стойка-2", clock=clock))
    finally:
        other.dispose()


def wait_for_replica_of(
    qtbot: QtBot, station: Station, event: Event, person: AttendeeView, *, settled: bool = False
) -> None:
    """Until the desk's replica holds `person`; `settled`: and its pull has ended, so what the
    test does next meets no pull under way."""

    def has_them() -> bool:
        replica = station.replica
        return (
            replica is not None
            and lookup.get_by_code(Desk(replica, event), person.code) is not None
        )

    qtbot.waitUntil(has_them, timeout=15_000)
    if settled:
        qtbot.waitUntil(lambda: not station._replica_busy, timeout=5_000)


def back_online(qtbot: QtBot, station: Station) -> None:
    """Until the desk works on the hub again (what waited sent)."""
    qtbot.waitUntil(lambda: station.link.ready and not station.link.offline, timeout=30_000)


def payments_of(connection: Connection, code: str) -> list[tuple[int, bool]]:
    """The payments on the hub of the person with badge `code`: (amount, to be refunded)."""
    rows = connection.execute(
        select(Payment.amount, Payment.refund_due)
        .join(Attendee, Attendee.id == Payment.attendee_id)
        .where(Attendee.badge_code == code)
    ).all()
    return [(amount, refund_due) for amount, refund_due in rows]
