"""Everything else a person at the desk waits for, on a hub that takes the desk's packets and
answers nothing: a correction, a swap of names, an undo, a walk-in's registration and payment,
a badge's print (at a kiosk too, and its sign-up slip). Each waits for the hub 1.5 s at most,
then the desk works offline and does it on its replica under the same nonce, queued once; when
the network is back the hub has it once.

And a badge whose print the hub recorded but could not take back — its answer lost, or the hub
lost just after — when the printer failed: the hub ends without that print, as the desk."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Connection, Engine, func, select
from sqlalchemy import event as sqlalchemy_event

from kiosk.config import Event
from kiosk.db import Database
from kiosk.hub import desks
from kiosk.hub.desks import KIOSK
from kiosk.models import (
    AppliedAction,
    Attendee,
    AuditEntry,
    BadgePrint,
    CheckIn,
    PaymentMethod,
)
from kiosk.offline.sync import queued
from kiosk.printers import PrinterError
from kiosk.services import lookup, printing
from kiosk.services.context import Desk
from kiosk.services.registration import PersonInput, Registration, WalkInResult
from kiosk.services.views import AttendeeView
from tests.conftest import FixedClock
from tests.core.factories import registered
from tests.hubs import HubProcess
from tests.netproxy import Proxy
from tests.ui.desk.test_desk_window import wait_tone
from tests.ui.hub.conftest import DeskOnHub
from tests.ui.hub.offline import CONFERENCE, back_online, payments_of, through, wait_for_replica_of
from ui.app import Translations
from ui.common.controller import PrintState
from ui.common.hub import Station
from ui.common.hub_widgets import join_and_wait
from ui.common.runner import Runner
from ui.common.settings import DeskSettings
from ui.desk.window import DeskWindow
from ui.kiosk.controller import Badge, KioskController
from ui.kiosk.window import KioskWindow

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

OFFLINE_WITHIN_S = 2.9
"""The scan's deadline (1.5 s) and what a loaded 2-core machine adds to it (2.43 s once in the
suite); the heartbeat alone could not see the hub gone in under 3 s (its beat's own deadline)."""


@pytest.fixture
def hub(shared_hub: HubProcess) -> HubProcess:
    return shared_hub


@pytest.fixture
def direct(hub: HubProcess, event: Event, tmp_path: Path) -> Iterator[Database]:
    """The hub, reached without the proxy (the test's own look, and another desk's)."""
    _, db = desks.open_hub(hub.join, event, tmp_path / "other")
    try:
        yield db
    finally:
        db.dispose()


Open = Callable[..., tuple[DeskWindow, Station, AttendeeView]]


@pytest.fixture
def desk_and_person(
    qtbot: QtBot,
    hub: HubProcess,
    proxy: Proxy,
    desk_on_hub: DeskOnHub,
    direct: Database,
    event: Event,
    clock: FixedClock,
) -> Open:
    """A desk reaching the hub through the proxy, and a person registered at another desk that
    its replica has."""

    def open_desk(name: str, last: str, **fields: Any) -> tuple[DeskWindow, Station, AttendeeView]:
        window, station = desk_on_hub(through(proxy, hub.join), name)
        person = registered(Desk(direct, event, name="стойка-2", clock=clock), last=last, **fields)
        wait_for_replica_of(qtbot, station, event, person)
        settled(qtbot, station)
        return window, station, person

    return open_desk


def settled(qtbot: QtBot, station: Station) -> None:
    """No pull of the replica running (one caught by the stall would only end at the heal)."""
    qtbot.waitUntil(lambda: not station._replica_busy, timeout=5_000)


def offline_within(qtbot: QtBot, station: Station, since: float) -> None:
    """The desk works offline, and went so within `OFFLINE_WITHIN_S` of `since` (the heartbeat
    alone would take more than 3 s to see the hub gone)."""
    qtbot.waitUntil(lambda: station.link.offline, timeout=10_000)
    took = time.monotonic() - since
    assert took < OFFLINE_WITHIN_S, took


def waiting(station: Station) -> list[tuple[str, str]]:
    assert station.replica is not None and station.me is not None
    return [(item.kind, item.action.code) for item in queued(station.replica, station.me.id)]


def healed(qtbot: QtBot, proxy: Proxy, station: Station) -> None:
    """The network is back: the desk sends its outbox and works on the hub again."""
    proxy.heal()
    back_online(qtbot, station)
    assert station.link.queued == 0


def applied_kinds(hub_db: Database, desk: str) -> list[str]:
    """What the hub applied of this desk's actions (each once by its nonce)."""
    with hub_db.read_rows() as connection:
        return sorted(
            connection.execute(
                select(AppliedAction.kind).where(AppliedAction.desk == desk)
            ).scalars()
        )


def audited(hub_db: Database, code: str, action: str) -> int:
    with hub_db.read_rows() as connection:
        return int(
            connection.execute(
                select(func.count())
                .select_from(AuditEntry)
                .join(Attendee, Attendee.id == AuditEntry.attendee_id)
                .where(Attendee.badge_code == code, AuditEntry.action == action)
            ).scalar_one()
        )


def prints_of(db: Database, code: str) -> list[str]:
    with db.read_rows() as connection:
        return list(
            connection.execute(
                select(BadgePrint.desk)
                .join(Attendee, Attendee.id == BadgePrint.attendee_id)
                .where(Attendee.badge_code == code)
            ).scalars()
        )


def test_a_correction_on_a_stalled_hub_is_made_offline_within_two_seconds_and_sent_once(
    qtbot: QtBot,
    desk_and_person: Open,
    proxy: Proxy,
    direct: Database,
    event: Event,
) -> None:
    window, station, person = desk_and_person("стойка-11", "Правкина")

    proxy.stall()
    window.controller.edit(person, {"company": "Ромашка"})
    started = time.monotonic()
    offline_within(qtbot, station, started)
    qtbot.waitUntil(lambda: station.link.queued == 1, timeout=5_000)
    assert waiting(station) == [("edit", person.code)]

    def corrected_on_the_card() -> bool:
        shown = window.attendee_card.attendee
        return shown is not None and shown.company == "Ромашка"

    qtbot.waitUntil(corrected_on_the_card, timeout=5_000)

    healed(qtbot, proxy, station)
    on_hub = lookup.get_by_code(Desk(direct, event), person.code)
    assert on_hub is not None and on_hub.company == "Ромашка"
    assert audited(direct, person.code, "edit") == 1
    assert applied_kinds(direct, "стойка-11") == ["edit"]


def test_names_swapped_on_a_stalled_hub_are_swapped_offline_within_two_seconds_and_sent_once(
    qtbot: QtBot,
    desk_and_person: Open,
    proxy: Proxy,
    direct: Database,
    event: Event,
) -> None:
    window, station, person = desk_and_person("стойка-12", "Ольга", first="Перевёртова")

    proxy.stall()
    window.controller.swap_names(person)
    started = time.monotonic()
    offline_within(qtbot, station, started)
    qtbot.waitUntil(lambda: station.link.queued == 1, timeout=5_000)
    assert waiting(station) == [("swap_names", person.code)]

    healed(qtbot, proxy, station)
    on_hub = lookup.get_by_code(Desk(direct, event), person.code)
    assert on_hub is not None and (on_hub.last_name, on_hub.first_name) == ("Перевёртова", "Ольга")
    assert audited(direct, person.code, "edit") == 1
    assert applied_kinds(direct, "стойка-12") == ["edit"]


def test_an_undo_on_a_stalled_hub_is_made_offline_within_two_seconds_and_sent_once(
    qtbot: QtBot,
    desk_and_person: Open,
    proxy: Proxy,
    direct: Database,
    event: Event,
) -> None:
    window, station, person = desk_and_person("стойка-13", "Отменина")
    window.controller.check_in_code(person.code)  # online: on the hub
    wait_tone(qtbot, window, "green")

    def in_the_replica() -> bool:
        assert station.replica is not None
        view = lookup.get_by_code(Desk(station.replica, event), person.code)
        return view is not None and view.checkin_on(CONFERENCE) is not None

    qtbot.waitUntil(in_the_replica, timeout=15_000)
    settled(qtbot, station)
    asked: list[float] = []

    def reason(_attendee: AttendeeView, _day: object) -> str:
        proxy.stall()  # the desk found its last check-in on the hub; now the hub goes quiet
        asked.append(time.monotonic())
        return "не тот человек"

    window.ask_undo_reason = reason  # type: ignore[method-assign]
    window.controller.undo_last()
    qtbot.waitUntil(lambda: bool(asked), timeout=5_000)
    offline_within(qtbot, station, asked[0])
    qtbot.waitUntil(lambda: station.link.queued == 1, timeout=5_000)
    assert waiting(station) == [("undo_check_in", person.code)]

    healed(qtbot, proxy, station)
    with direct.read_rows() as connection:
        entries = connection.execute(
            select(func.count())
            .select_from(CheckIn)
            .join(Attendee, Attendee.id == CheckIn.attendee_id)
            .where(Attendee.badge_code == person.code)
        ).scalar_one()
    assert entries == 0
    assert audited(direct, person.code, "undo_check_in") == 1
    assert applied_kinds(direct, "стойка-13") == ["check_in", "undo_check_in"]


def test_a_walk_in_on_a_stalled_hub_is_registered_paid_and_let_in_offline_and_sent_once(
    qtbot: QtBot,
    desk_and_person: Open,
    proxy: Proxy,
    direct: Database,
) -> None:
    window, station, _person = desk_and_person("стойка-14", "Соседова")
    request = Registration(
        PersonInput(last_name="Заминкина", first_name="Ольга", phone="+79145550314"),
        tariff="comfort",
        pay=PaymentMethod.CASH,
        consent=True,
    )
    made: list[WalkInResult] = []
    refused: list[Exception] = []

    proxy.stall()
    window.controller.register_walk_in(request, made.append, refused.append)
    started = time.monotonic()
    offline_within(qtbot, station, started)
    qtbot.waitUntil(lambda: bool(made or refused), timeout=5_000)
    assert not refused
    code = made[0].attendees[0].code
    qtbot.waitUntil(lambda: station.link.queued == 3, timeout=5_000)
    assert waiting(station) == [("register", code), ("payment", code), ("check_in", code)]

    healed(qtbot, proxy, station)
    with direct.read_rows() as connection:
        people = connection.execute(
            select(Attendee.badge_code, Attendee.amount_due).where(
                Attendee.last_name == "Заминкина"
            )
        ).all()
        paid = payments_of(connection, code)
        entries = connection.execute(
            select(CheckIn.day)
            .join(Attendee, Attendee.id == CheckIn.attendee_id)
            .where(Attendee.badge_code == code)
        ).all()
    assert [tuple(row) for row in people] == [(code, 0)]  # one person, the code on the badge
    assert paid == [(10000, False)]
    assert [tuple(row) for row in entries] == [(CONFERENCE,)]
    assert applied_kinds(direct, "стойка-14") == ["check_in", "payment", "walk_in"]


def test_a_badge_printed_on_a_stalled_hub_is_printed_offline_within_two_seconds_and_sent_once(
    qtbot: QtBot,
    desk_and_person: Open,
    proxy: Proxy,
    direct: Database,
    tmp_path: Path,
) -> None:
    window, station, person = desk_and_person("стойка-15", "Печатина")
    jobs = tmp_path / "jobs"
    controller = window.controller
    controller.settings = replace(controller.settings, printer=f"pdf:{jobs}")

    proxy.stall()
    controller.print_badge(person)
    started = time.monotonic()
    offline_within(qtbot, station, started)
    qtbot.waitUntil(lambda: jobs.is_dir() and any(jobs.iterdir()), timeout=10_000)
    qtbot.waitUntil(lambda: station.link.queued == 1, timeout=5_000)
    assert waiting(station) == [("print_badge", person.code)]
    assert prints_of(direct, person.code) == []

    healed(qtbot, proxy, station)
    assert len(list(jobs.iterdir())) == 1  # printed once
    assert prints_of(direct, person.code) == ["стойка-15"]  # recorded once
    assert applied_kinds(direct, "стойка-15") == ["print_badge"]


# ---- a print the hub recorded, a printer that failed ------------------------------------------


class FailingPrinter:
    """A printer that fails every job (after `before`, when given, has run)."""

    def __init__(self, before: Callable[[], None] = lambda: None) -> None:
        self.before = before
        self.jobs = 0

    def __call__(
        self, _pdf: bytes, _printer: str, _job: str, /, *, when: datetime | None = None
    ) -> str:
        self.jobs += 1
        self.before()
        raise PrinterError("Принтер не отвечает")


def print_states(window: DeskWindow) -> list[PrintState]:
    """The print states the window is told, from now on."""
    states: list[PrintState] = []
    shown = window.show_print_state

    def show(attendee: AttendeeView, state: PrintState, text: str) -> None:
        states.append(state)
        shown(attendee, state, text)

    window.show_print_state = show  # type: ignore[method-assign]
    return states


@contextmanager
def answer_lost_after_commit(proxy: Proxy) -> Iterator[list[float]]:
    """The first transaction on the hub that records a change under a nonce reaches the hub
    whole, COMMIT included; its answer, and every answer after it, is lost on the way (until
    the proxy heals). Yields when that happened (empty until then)."""
    stamped: list[Connection] = []
    lost: list[float] = []

    def executed(connection: Connection, *args: Any) -> None:
        if connection.dialect.name == "postgresql" and "INSERT INTO applied_actions" in args[1]:
            stamped.append(connection)

    def committing(connection: Connection) -> None:
        if connection in stamped and not lost:
            proxy.swallow_replies()
            lost.append(time.monotonic())

    sqlalchemy_event.listen(Engine, "after_cursor_execute", executed)
    sqlalchemy_event.listen(Engine, "commit", committing)
    try:
        yield lost
    finally:
        sqlalchemy_event.remove(Engine, "after_cursor_execute", executed)
        sqlalchemy_event.remove(Engine, "commit", committing)


def test_a_print_the_hub_recorded_but_never_answered_is_taken_back_there_when_the_printer_fails(
    qtbot: QtBot,
    desk_and_person: Open,
    proxy: Proxy,
    direct: Database,
) -> None:
    """The hub records the print (its answer lost on the way); the desk, offline, records it
    again on its replica under the same nonce, and the printer fails: the desk takes it back,
    and so, once the outbox is sent, does the hub."""
    window, station, person = desk_and_person("стойка-16", "Сбойнова")
    controller = window.controller
    controller.settings = replace(controller.settings, printer="pdf:/never")
    printer = FailingPrinter()
    controller.print_sender = printer
    states = print_states(window)

    with answer_lost_after_commit(proxy) as lost:
        controller.print_badge(person)
        qtbot.waitUntil(lambda: PrintState.FAILED in states, timeout=10_000)
    offline_within(qtbot, station, lost[0])
    assert printer.jobs == 1
    assert prints_of(direct, person.code) == ["стойка-16"]  # the hub has it: not printed
    assert station.replica is not None
    assert prints_of(station.replica, person.code) == []
    qtbot.waitUntil(lambda: station.link.queued == 1, timeout=5_000)
    assert waiting(station) == [("print_failed", person.code)]

    healed(qtbot, proxy, station)
    assert prints_of(direct, person.code) == []
    assert prints_of(station.replica, person.code) == []
    assert applied_kinds(direct, "стойка-16") == ["print_badge", "print_failed"]


def test_a_print_the_hub_was_lost_before_taking_back_is_taken_back_there_when_it_is_back(
    qtbot: QtBot,
    desk_and_person: Open,
    proxy: Proxy,
    direct: Database,
) -> None:
    """The hub records the print, the printer fails, and the hub stalls before the print can
    be taken back: the desk does not wait for it (nor print again), and queues the taking back."""
    window, station, person = desk_and_person("стойка-17", "Заедина")
    controller = window.controller
    controller.settings = replace(controller.settings, printer="pdf:/never")
    failed_at: list[float] = []

    def stall() -> None:
        proxy.stall()
        failed_at.append(time.monotonic())

    printer = FailingPrinter(before=stall)
    controller.print_sender = printer
    states = print_states(window)

    controller.print_badge(person)
    qtbot.waitUntil(lambda: PrintState.FAILED in states, timeout=10_000)
    offline_within(qtbot, station, failed_at[0])
    assert printer.jobs == 1  # not tried again on the replica
    assert prints_of(direct, person.code) == ["стойка-17"]  # recorded, never taken back yet
    qtbot.waitUntil(lambda: station.link.queued == 1, timeout=5_000)
    assert waiting(station) == [("print_failed", person.code)]

    healed(qtbot, proxy, station)
    assert prints_of(direct, person.code) == []
    assert station.replica is not None
    assert prints_of(station.replica, person.code) == []
    assert audited(direct, person.code, "print_failed") == 1


# ---- the kiosk's prints ------------------------------------------------------------------------


KioskOnHub = Callable[[str, Path], tuple[KioskWindow, Station]]


@pytest.fixture
def kiosk_on_hub(
    qtbot: QtBot,
    hub: HubProcess,
    proxy: Proxy,
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
    translations: Translations,
) -> Iterator[KioskOnHub]:
    """A kiosk joined to the hub through the proxy, printing into a folder, with its replica."""
    opened: list[tuple[KioskWindow, Station]] = []

    def open_kiosk(name: str, jobs: Path) -> tuple[KioskWindow, Station]:
        home = tmp_path / f"kiosk-{len(opened)}"
        joined = join_and_wait(event, KIOSK, name, through(proxy, hub.join), home=home)
        assert not isinstance(joined, str), joined
        station = Station(joined.db, event, kind=KIOSK, joined=joined, home=home)
        station.start()
        settings = DeskSettings(
            desk_name=name, printer=f"pdf:{jobs}", kiosk_slip=True, kiosk_camera=False
        )
        desk = station.desk(Desk(joined.db, event, name=name, clock=clock))
        controller = KioskController(desk, Runner(), settings)
        window = KioskWindow(
            controller, set_language=translations.use, lockdown=False, station=station
        )
        qtbot.addWidget(window)
        window.show_kiosk()
        qtbot.waitExposed(window)
        opened.append((window, station))
        qtbot.waitUntil(lambda: station.link.data_at is not None, timeout=15_000)
        return window, station

    yield open_kiosk
    for window, station in opened:
        window.controller.runner.wait()
        window.leave()
        station.close()


def told(window: KioskWindow, intent: str) -> list[Badge]:
    """The badge (or slip) lines the kiosk shows, from now on."""
    states: list[Badge] = []
    shown = getattr(window, intent)

    def show(state: Badge) -> None:
        states.append(state)
        shown(state)

    setattr(window, intent, show)
    return states


def test_a_kiosks_badge_on_a_stalled_hub_is_printed_offline_within_two_seconds_and_sent_once(
    qtbot: QtBot,
    kiosk_on_hub: KioskOnHub,
    proxy: Proxy,
    direct: Database,
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    jobs = tmp_path / "jobs"
    window, station = kiosk_on_hub("киоск-11", jobs)
    person = registered(Desk(direct, event, name="стойка-2", clock=clock), last="Киоскова")
    wait_for_replica_of(qtbot, station, event, person)
    settled(qtbot, station)
    badge = told(window, "show_badge")
    real_claim = printing._claim
    stalled: list[float] = []

    def the_hub_stalls_first(desk: Desk, *args: Any, **kwargs: Any) -> Any:
        if desk.db is station.db and not stalled:
            proxy.stall()  # checked in on the hub; now it answers nothing
            stalled.append(time.monotonic())
        return real_claim(desk, *args, **kwargs)

    monkeypatch.setattr(printing, "_claim", the_hub_stalls_first)
    window.controller.scanned(person.code)
    qtbot.waitUntil(lambda: bool(stalled), timeout=10_000)
    offline_within(qtbot, station, stalled[0])
    qtbot.waitUntil(lambda: Badge.PRINTED in badge, timeout=10_000)
    assert len(list(jobs.iterdir())) == 1
    qtbot.waitUntil(lambda: station.link.queued == 1, timeout=5_000)
    assert waiting(station) == [("print_badge", person.code)]

    healed(qtbot, proxy, station)
    assert len(list(jobs.iterdir())) == 1
    assert station.me is not None
    name = station.me.name  # the hub's name for the kiosk
    assert prints_of(direct, person.code) == [name]
    assert applied_kinds(direct, name) == ["check_in", "print_badge"]


def test_a_kiosks_slip_whose_record_the_hub_does_not_answer_is_not_printed_twice(
    qtbot: QtBot,
    kiosk_on_hub: KioskOnHub,
    proxy: Proxy,
    direct: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    jobs = tmp_path / "jobs"
    window, station = kiosk_on_hub("киоск-12", jobs)
    settled(qtbot, station)
    slip = told(window, "show_slip")
    real_send = printing.send
    sent: list[float] = []

    def printed_then_the_hub_stalls(*args: Any, **kwargs: Any) -> str:
        where = real_send(*args, **kwargs)
        proxy.stall()  # the slip is out; its record is to be written on the hub
        sent.append(time.monotonic())
        return where

    monkeypatch.setattr(printing, "send", printed_then_the_hub_stalls)
    request = Registration(
        PersonInput(last_name="Квиткова", first_name="Ксения", phone="+79145550366"),
        tariff="comfort",
        consent=True,
    )
    window.controller.sign_up(request)
    qtbot.waitUntil(lambda: bool(sent), timeout=10_000)
    offline_within(qtbot, station, sent[0])
    qtbot.waitUntil(lambda: Badge.PRINTED in slip, timeout=5_000)
    assert Badge.FAILED not in slip
    assert len(sent) == 1 and len(list(jobs.iterdir())) == 1  # printed once

    healed(qtbot, proxy, station)
    assert len(list(jobs.iterdir())) == 1
