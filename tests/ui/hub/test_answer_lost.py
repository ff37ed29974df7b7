"""A desk's action that the hub applied but whose answer never came back (the network went
just after the hub's COMMIT): the desk, now offline, does the same action on its replica under
the same nonce, and when the outbox is sent the hub finds it applied — a payment taken once,
not flagged to refund; a walk-in once, under the code printed; a badge recorded once.

The lost answer is made at the service the desk calls (it runs on the hub, then fails as a
lost connection): the desk reaches the hub over TLS here, where the test proxy cannot read the
statements (tests/hub/test_network_cuts.py cuts after the COMMIT itself)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import psycopg
import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kiosk.config import Event
from kiosk.db import Database
from kiosk.hub import desks
from kiosk.models import AppliedAction, Attendee, BadgePrint, CheckIn, Payment, PaymentMethod
from kiosk.services import checkin, printing, registration
from kiosk.services.context import Desk
from kiosk.services.registration import PersonInput, Registration, WalkInResult
from kiosk.services.views import AttendeeView
from tests.conftest import FixedClock
from tests.core.factories import registered
from tests.hubs import HubProcess
from tests.ui.hub.conftest import DeskOnHub
from tests.ui.hub.offline import back_online, payments_of, wait_for_replica_of
from ui.common.hub import Station

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

T = TypeVar("T")


@pytest.fixture
def hub(shared_hub: HubProcess) -> HubProcess:
    return shared_hub


def answer_lost_once(real: Callable[..., T], hub_db: Database) -> Callable[..., T]:
    """`real`, whose first run on the hub is applied there and then never answered."""
    lost: list[bool] = []

    def on_the_hub_then_lost(desk: Desk, *args: Any, **kwargs: Any) -> T:
        result = real(desk, *args, **kwargs)
        if desk.db is hub_db and not lost:
            lost.append(True)
            raise psycopg.OperationalError("the hub did not answer in time")
        return result

    return on_the_hub_then_lost


def on_the_hub(join: str, event: Event, home: Path) -> Database:
    _code, db = desks.open_hub(join, event, home)
    return db


def someone_unpaid(
    join: str, event: Event, clock: FixedClock, home: Path, last: str
) -> AttendeeView:
    db = on_the_hub(join, event, home)
    try:
        return registered(Desk(db, event, name="стойка-2", clock=clock), last=last, paid=False)
    finally:
        db.dispose()


def sent_and_online(qtbot: QtBot, station: Station) -> None:
    """The desk went offline on the lost answer; the hub answers its heartbeat, the outbox is
    sent, and the desk works on the hub again."""
    qtbot.waitUntil(lambda: station.link.offline, timeout=5_000)
    back_online(qtbot, station)
    assert station.link.queued == 0


def test_a_payment_whose_answer_was_lost_is_taken_again_offline_and_counted_once(
    qtbot: QtBot,
    hub: HubProcess,
    desk_on_hub: DeskOnHub,
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, station = desk_on_hub(hub.join, "стойка-1")
    person = someone_unpaid(hub.join, event, clock, tmp_path / "other", "Потерянова")
    wait_for_replica_of(qtbot, station, event, person, settled=True)
    monkeypatch.setattr(checkin, "check_in", answer_lost_once(checkin.check_in, station.db))

    window.controller.check_in_attendee(person.id, pay=PaymentMethod.CASH)
    qtbot.waitUntil(lambda: window.result_panel.tone == "green", timeout=10_000)
    sent_and_online(qtbot, station)

    db = on_the_hub(hub.join, event, tmp_path / "other")
    try:
        with db.read_rows() as connection:
            paid = connection.execute(
                select(Payment.amount, Payment.refund_due).where(Payment.attendee_id == person.id)
            ).all()
            entries = connection.execute(
                select(CheckIn.desk, CheckIn.offline).where(CheckIn.attendee_id == person.id)
            ).all()
            applied = connection.execute(
                select(func.count())
                .select_from(AppliedAction)
                .where(AppliedAction.desk == "стойка-1")
            ).scalar_one()
    finally:
        db.dispose()
    assert paid == [(10000, False)]  # once, nothing to refund
    assert [tuple(row) for row in entries] == [("стойка-1", False)]  # as the hub made it
    assert applied == 2  # the payment and the check-in, each once


def test_a_walk_in_whose_answer_was_lost_is_registered_again_offline_under_the_hubs_code(
    qtbot: QtBot,
    hub: HubProcess,
    desk_on_hub: DeskOnHub,
    event: Event,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, station = desk_on_hub(hub.join, "стойка-3")
    qtbot.waitUntil(lambda: station.link.data_at is not None, timeout=15_000)
    qtbot.waitUntil(lambda: not station._replica_busy, timeout=5_000)
    monkeypatch.setattr(
        registration,
        "register_walk_in",
        answer_lost_once(registration.register_walk_in, station.db),
    )
    request = Registration(
        PersonInput(last_name="Дважды-Пришедшая", first_name="Ольга", phone="+79145550197"),
        tariff="comfort",
        pay=PaymentMethod.CASH,
        consent=True,
    )
    made: list[WalkInResult] = []
    refused: list[Exception] = []
    window.controller.register_walk_in(request, made.append, refused.append)
    qtbot.waitUntil(lambda: bool(made or refused), timeout=10_000)
    assert not refused
    code = made[0].attendees[0].code  # the badge printed at the desk shows it
    sent_and_online(qtbot, station)

    db = on_the_hub(hub.join, event, tmp_path / "other")
    try:
        with db.read_rows() as connection:
            people = connection.execute(
                select(Attendee.badge_code, Attendee.amount_due).where(
                    Attendee.last_name == "Дважды-Пришедшая"
                )
            ).all()
            paid = payments_of(connection, code)
    finally:
        db.dispose()
    assert [tuple(row) for row in people] == [(code, 0)]  # one person, the code printed
    assert paid == [(10000, False)]


def test_a_badge_print_whose_answer_was_lost_is_printed_and_recorded_once(
    qtbot: QtBot,
    hub: HubProcess,
    desk_on_hub: DeskOnHub,
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, station = desk_on_hub(hub.join, "стойка-4")
    db = on_the_hub(hub.join, event, tmp_path / "other")
    try:
        person = registered(Desk(db, event, name="стойка-2", clock=clock), last="Бейджев")
    finally:
        db.dispose()
    wait_for_replica_of(qtbot, station, event, person, settled=True)
    # The print is recorded before the job goes: that answer lost, nothing was printed yet.
    monkeypatch.setattr(printing, "_claim", answer_lost_once(printing._claim, station.db))
    jobs = tmp_path / "jobs"
    controller = window.controller
    controller.settings = replace(controller.settings, printer=f"pdf:{jobs}")

    controller.print_badge(person)
    qtbot.waitUntil(lambda: jobs.is_dir() and any(jobs.iterdir()), timeout=15_000)
    sent_and_online(qtbot, station)

    assert len(list(jobs.iterdir())) == 1  # printed once
    db = on_the_hub(hub.join, event, tmp_path / "other")
    try:
        with db.read_rows() as connection:
            prints = connection.execute(
                select(BadgePrint.desk, BadgePrint.reprint).where(
                    BadgePrint.attendee_id == person.id
                )
            ).all()
    finally:
        db.dispose()
    assert [tuple(row) for row in prints] == [("стойка-4", False)]  # recorded once
