"""The hub stops under a running desk: the desk goes on with its replica of the hub — a scan
checks in, queued, the status line saying so — and when the hub is back what it did is sent,
once, and the desk works on the hub again."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk import present
from kiosk.config import Event
from kiosk.hub import desks
from kiosk.models import Attendee, BadgePrint, CheckIn, Payment, PaymentMethod
from kiosk.services import lookup
from kiosk.services.context import Desk
from kiosk.services.registration import PersonInput, Registration, WalkInResult
from tests.conftest import FixedClock
from tests.core.factories import registered
from tests.hubs import HubProcess, start_hub_process
from tests.ui.desk.test_desk_window import panel_text, scan, wait_tone
from tests.ui.hub.conftest import DeskOnHub
from tests.ui.hub.offline import (
    CONFERENCE,
    back_online,
    payments_of,
    someone_on_the_hub,
    wait_for_replica_of,
)
from ui.common.hub import Place, Station
from ui.desk.window import DeskWindow

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

CASH = PaymentMethod.CASH


def lose_the_hub(qtbot: QtBot, hub: HubProcess, station: Station) -> float:
    """Stop the hub; how long the desk took to work offline."""
    assert hub.stop() == 0
    stopped = time.monotonic()
    qtbot.waitUntil(lambda: station.link.offline, timeout=5_000)
    return time.monotonic() - stopped


def offline_check_in(qtbot: QtBot, window: DeskWindow, station: Station, code: str) -> None:
    scan(qtbot, window, code)
    wait_tone(qtbot, window, "green")
    qtbot.waitUntil(lambda: station.link.queued == 1, timeout=5_000)


def test_a_desk_without_its_hub_checks_in_on_its_replica_and_syncs_when_the_hub_is_back(
    qtbot: QtBot,
    hub: HubProcess,
    hub_home: Path,
    desk_on_hub: DeskOnHub,
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    window, station = desk_on_hub(hub.join, "стойка-1")
    person = someone_on_the_hub(hub.join, event, clock, tmp_path / "other")
    wait_for_replica_of(qtbot, station, event, person)

    assert lose_the_hub(qtbot, hub, station) < 2.0
    offline_check_in(qtbot, window, station, person.code)
    card = window.attendee_card.attendee
    assert card is not None and card.checkin_on(CONFERENCE) is not None
    data_at = present.local_time(event, station.link.data_at)
    assert window.hub_status.text() == f"офлайн · 1 в очереди · данные от {data_at}"

    back = start_hub_process(hub.data, hub_home, port=hub.port)
    try:
        back_online(qtbot, station)
        assert station.link.place is Place.HUB and station.link.queued == 0
        assert window.controller.desk.db is station.db  # working on the hub again
        assert window.hub_status.text().startswith("Хаб: стойка-1")
        _, again = desks.open_hub(hub.join, event, tmp_path / "other")
        try:
            with again.read_rows() as connection:
                rows = connection.execute(
                    select(CheckIn.day, CheckIn.offline)
                    .join(Attendee, Attendee.id == CheckIn.attendee_id)
                    .where(Attendee.badge_code == person.code)
                ).all()
        finally:
            again.dispose()
        assert [tuple(row) for row in rows] == [(CONFERENCE, True)]
    finally:
        window.controller.runner.wait()
        back.stop()


def test_offline_payment_upgrade_print_correction_and_undo_are_queued_and_reach_the_hub_once(
    qtbot: QtBot,
    hub: HubProcess,
    hub_home: Path,
    desk_on_hub: DeskOnHub,
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    window, station = desk_on_hub(hub.join, "стойка-1")
    _code, other = desks.open_hub(hub.join, event, tmp_path / "other")
    try:
        person = registered(Desk(other, event, name="стойка-2", clock=clock), paid=False)
    finally:
        other.dispose()
    wait_for_replica_of(qtbot, station, event, person)
    lose_the_hub(qtbot, hub, station)

    controller = window.controller
    controller.check_in_attendee(person.id, pay=PaymentMethod.CASH, upgrade_to="package_comfort")
    qtbot.waitUntil(lambda: station.link.queued == 3, timeout=5_000)  # upgrade, payment, entry
    controller.settings = replace(controller.settings, printer=f"pdf:{tmp_path / 'jobs'}")
    assert station.replica is not None
    paid = lookup.get_by_code(Desk(station.replica, event), person.code)
    assert paid is not None and paid.amount_due == 0
    controller.print_badge(paid)
    qtbot.waitUntil(lambda: station.link.queued == 4, timeout=10_000)
    controller.edit(paid, {"company": "Ромашка"})
    qtbot.waitUntil(lambda: station.link.queued == 5, timeout=5_000)
    window.ask_undo_reason = lambda _attendee, _day: "не тот человек"  # type: ignore[method-assign]
    controller.undo_last()
    qtbot.waitUntil(lambda: station.link.queued == 6, timeout=5_000)
    assert window.hub_status.text().startswith("офлайн · 6 в очереди")

    back = start_hub_process(hub.data, hub_home, port=hub.port)
    try:
        back_online(qtbot, station)
        assert station.link.queued == 0
        _, again = desks.open_hub(hub.join, event, tmp_path / "other")
        try:
            with again.read() as session:
                who = session.scalars(
                    select(Attendee).where(Attendee.badge_code == person.code)
                ).one()
                payments = session.execute(
                    select(Payment.desk, Payment.amount, Payment.method, Payment.refund_due).where(
                        Payment.attendee_id == who.id
                    )
                ).all()
                prints = session.scalars(
                    select(BadgePrint.desk).where(BadgePrint.attendee_id == who.id)
                ).all()
                entries = session.scalars(
                    select(CheckIn.desk).where(CheckIn.attendee_id == who.id)
                ).all()
                totals = (who.tariff, who.amount_paid, who.amount_due, who.company)
        finally:
            again.dispose()
        assert [tuple(row) for row in payments] == [("стойка-1", 20700, "cash", False)]
        assert (prints, entries) == (["стойка-1"], [])  # checked in, then undone
        assert totals == ("package_comfort", 20700, 0, "Ромашка")
    finally:
        window.controller.runner.wait()
        back.stop()


def test_closing_with_check_ins_not_yet_sent_asks_and_lets_the_operator_stay(
    qtbot: QtBot,
    hub: HubProcess,
    desk_on_hub: DeskOnHub,
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    window, station = desk_on_hub(hub.join, "стойка-1")
    person = someone_on_the_hub(hub.join, event, clock, tmp_path / "other")
    wait_for_replica_of(qtbot, station, event, person)
    lose_the_hub(qtbot, hub, station)
    offline_check_in(qtbot, window, station, person.code)

    asked: list[int] = []

    def stay(waiting: int) -> bool:
        asked.append(waiting)
        return False

    window.confirm_close = stay
    window.close()
    assert window.isVisible() and asked == [1]

    window.confirm_close = lambda _waiting: True
    window.close()
    assert not window.isVisible()


def test_sync_now_in_the_menu_says_what_it_sent(
    qtbot: QtBot, hub: HubProcess, desk_on_hub: DeskOnHub
) -> None:
    window, station = desk_on_hub(hub.join, "стойка-1")
    qtbot.waitUntil(lambda: station.link.data_at is not None, timeout=15_000)
    assert window.sync_action.isVisible()

    window.sync_action.trigger()
    qtbot.waitUntil(lambda: "Синхронизировано" in panel_text(window), timeout=10_000)
    assert "отправлено на хаб 0, в очереди 0" in panel_text(window)


def test_the_scan_in_hand_when_the_hub_is_lost_is_decided_from_the_replica(
    qtbot: QtBot,
    hub: HubProcess,
    desk_on_hub: DeskOnHub,
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    window, station = desk_on_hub(hub.join, "стойка-1")
    person = someone_on_the_hub(hub.join, event, clock, tmp_path / "other")
    wait_for_replica_of(qtbot, station, event, person)
    station.stop()  # deaf to the hub: the scan is the first to find it gone
    assert hub.stop() == 0
    assert station.link.ready and not station.link.offline

    offline_check_in(qtbot, window, station, person.code)
    assert station.link.offline
    assert "НЕ сделана" not in panel_text(window)


def speaker(last: str) -> Registration:
    person = PersonInput(last_name=last, first_name="Ольга", phone="+79145550188")
    return Registration(person, tariff=None, category="speaker", consent=True)


def test_a_walk_in_registered_offline_is_checked_in_and_reaches_the_hub_with_its_code(
    qtbot: QtBot,
    hub: HubProcess,
    hub_home: Path,
    desk_on_hub: DeskOnHub,
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    window, station = desk_on_hub(hub.join, "стойка-1")
    person = someone_on_the_hub(hub.join, event, clock, tmp_path / "other")
    wait_for_replica_of(qtbot, station, event, person)
    lose_the_hub(qtbot, hub, station)

    refused: list[Exception] = []
    made: list[WalkInResult] = []
    paying = replace(speaker("Пришедшая"), tariff="comfort", category="participant", pay=CASH)
    window.controller.register_walk_in(paying, made.append, refused.append)
    qtbot.waitUntil(lambda: bool(made or refused), timeout=5_000)
    assert not refused
    code = made[0].attendees[0].code
    assert made[0].checkins[0].checked_in_at is not None
    qtbot.waitUntil(lambda: station.link.queued == 3, timeout=5_000)  # registered, paid, in

    back = start_hub_process(hub.data, hub_home, port=hub.port)
    try:
        back_online(qtbot, station)
        assert station.link.queued == 0
        _, again = desks.open_hub(hub.join, event, tmp_path / "other")
        try:
            with again.read_rows() as connection:
                rows = connection.execute(
                    select(Attendee.last_name, Attendee.amount_due, CheckIn.day, CheckIn.offline)
                    .join(CheckIn, CheckIn.attendee_id == Attendee.id)
                    .where(Attendee.badge_code == code)
                ).all()
                paid = payments_of(connection, code)
        finally:
            again.dispose()
        assert [tuple(row) for row in rows] == [("Пришедшая", 0, CONFERENCE, True)]
        assert paid == [(10000, False)]  # the money reached the hub
        window.controller.runner.wait()
        found = lookup.get_by_code(window.controller.desk, code)
        assert found is not None and found.last_name == "Пришедшая"  # on the hub now
    finally:
        window.controller.runner.wait()
        back.stop()
