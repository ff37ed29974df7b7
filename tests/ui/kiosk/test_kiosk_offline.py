"""A kiosk whose hub is out of reach goes on with its replica of the hub, as a desk does:
visitors find themselves, check in and sign up as before, what it does waits in the outbox,
staff see the state on their screen, and it works on the hub again once it is back. (With a
real hub and a real cut: tests/ui/hub/test_start_offline.py.)"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kiosk.config import Event
from kiosk.db import Database, connect_later
from kiosk.hub.desks import KIOSK, Installation
from kiosk.models import AuditEntry, Base, CheckIn
from kiosk.offline.replica import REPLICATED, open_replica, upsert_rows
from kiosk.offline.sync import queued
from kiosk.services import selfservice
from kiosk.services.context import Desk
from kiosk.services.views import AttendeeView
from tests.conftest import FixedClock
from tests.core.factories import registered
from tests.ui.conftest import KEY_CLOCK, PIN
from tests.ui.kiosk.test_kiosk import all_text, find_by_phone, scan, settle, tap
from ui.app import Translations
from ui.common.hub import Link, Place, Station
from ui.common.runner import Runner
from ui.common.settings import DeskSettings
from ui.kiosk.controller import KioskController
from ui.kiosk.window import KioskWindow


@pytest.fixture
def replica(tmp_path: Path, event: Event) -> Iterator[Database]:
    copy = open_replica(tmp_path / "replica.sqlite3", event)
    yield copy
    copy.dispose()


@pytest.fixture
def gone_hub() -> Iterator[Database]:
    """A hub's PostgreSQL that refuses every connection (nothing listens on its port)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    hub = connect_later(f"postgresql+psycopg://desk:secret@127.0.0.1:{port}/kiosk")
    yield hub
    hub.dispose()


def on_both(desk: Desk, replica: Database, *, last: str, first: str, **fields: str) -> AttendeeView:
    """Someone registered on the hub and pulled into the replica (the same row in both)."""
    person = registered(desk, last=last, first=first, **fields)
    with desk.db.read_rows() as source, replica.write_rows() as target:
        for name, key in REPLICATED.items():
            table = Base.metadata.tables[name]
            rows = [dict(row) for row in source.execute(select(table)).mappings()]
            upsert_rows(target, table, key, rows)
    return person


def kiosk_on(
    qtbot: QtBot,
    station: Station,
    desk: Desk,
    settings: DeskSettings,
    translations: Translations,
) -> KioskWindow:
    controller = KioskController(station.desk(desk), Runner(), settings)
    window = KioskWindow(controller, set_language=translations.use, lockdown=False, station=station)
    window.scanner.clock = KEY_CLOCK
    qtbot.addWidget(window)
    window.show_kiosk()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    return window


def lose_hub(station: Station, replica: Database, pulled_at: datetime) -> None:
    """What the station does when the hub goes (its heartbeat, or an action, found it)."""
    station.replica = replica
    station.link = replace(
        station.link, place=Place.HUB, reachable=False, offline=True, data_at=pulled_at
    )
    station.link_changed.emit(station.link)


def checkins(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(CheckIn)) or 0)


def test_without_its_hub_a_kiosk_checks_visitors_in_on_its_replica_and_queues_it(
    qtbot: QtBot,
    desk: Desk,
    replica: Database,
    kiosk_settings: DeskSettings,
    translations: Translations,
    clock: FixedClock,
) -> None:
    selfservice.set_pin(desk.db, PIN)
    scanned = on_both(desk, replica, last="Сканова", first="Софья")
    phoned = on_both(desk, replica, last="Телефонова", first="Таисия")
    stranger = on_both(desk, replica, last="Чужая", first="Зинаида", company="Тайна")
    station = Station(desk.db, desk.event, kind="kiosk")
    window = kiosk_on(qtbot, station, desk, kiosk_settings, translations)
    try:
        lose_hub(station, replica, clock() - timedelta(minutes=18))
        assert window.controller.offline and window.controller.desk.db is replica

        scan(qtbot, window, scanned.code)
        assert window.current() is window.welcome
        assert "Софья" in window.welcome.greeting.text()
        window.start_over()
        find_by_phone(qtbot, window, phoned.phone or "", "Тел")
        assert window.current() is window.welcome
        assert "Таисия" in window.welcome.greeting.text()

        assert (checkins(replica), checkins(desk.db)) == (2, 0)  # on the copy only...
        kinds = [q.kind for q in queued(replica, "kiosk-id")]
        assert kinds.count("check_in") == 2  # (and the badges printed)
        text = all_text(window)  # ...and nobody else's data anywhere
        assert not any(secret in text for secret in ("Чужая", "Зинаида", "Тайна", stranger.code))

        # Staff see the state on their screen (the PIN from the replica: the hub's).
        station.link = replace(station.link, queued=2)
        station.link_changed.emit(station.link)
        tap(qtbot, window.start.staff_button)
        window.pin.pin.edit.setText(PIN)
        tap(qtbot, window.pin.ok_button)
        settle(qtbot, window)
        assert window.current() is window.staff
        assert "офлайн · 2 в очереди · данные от 08:47" in window.staff.hub_state.text()

        # Back: the kiosk works on the hub again.
        station.link = replace(station.link, reachable=True, offline=False, queued=0)
        station.link_changed.emit(station.link)
        assert not window.controller.offline and window.controller.desk.db is desk.db
        assert "офлайн" not in window.staff.hub_state.text()
    finally:
        window.controller.runner.wait()
        QApplication.processEvents()
        window.leave()


def test_a_scan_that_finds_the_hub_gone_is_checked_in_on_the_replica_under_its_nonce(
    qtbot: QtBot,
    desk: Desk,
    replica: Database,
    gone_hub: Database,
    kiosk_settings: DeskSettings,
    translations: Translations,
    clock: FixedClock,
) -> None:
    person = on_both(desk, replica, last="Сканова", first="Софья")
    station = Station(gone_hub, desk.event, kind="kiosk")
    station.replica = replica
    station.link = Link(Place.HUB, True, "киоск-1", where="hub", data_at=clock())
    window = kiosk_on(qtbot, station, replace(desk, db=gone_hub), kiosk_settings, translations)
    try:
        scan(qtbot, window, person.code)
        qtbot.waitUntil(lambda: window.current() is window.welcome, timeout=5000)
        assert station.link.offline and window.controller.offline
        assert checkins(replica) == 1
        with replica.read() as session:
            entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "check_in")).one()
        assert entry.after is not None and entry.after.get("nonce")  # the hub may have had it
    finally:
        window.controller.runner.wait()
        QApplication.processEvents()
        window.leave()


def test_quitting_with_actions_not_yet_sent_asks_staff_first(
    qtbot: QtBot,
    desk: Desk,
    replica: Database,
    kiosk_settings: DeskSettings,
    translations: Translations,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    person = on_both(desk, replica, last="Сканова", first="Софья")
    station = Station(desk.db, desk.event, kind="kiosk")
    window = kiosk_on(qtbot, station, desk, kiosk_settings, translations)
    try:
        lose_hub(station, replica, clock())
        station.me = Installation("0b9f4c1e-2f7a-4d55-8e3c-6a1d2b3c4d5e", KIOSK, "киоск-1")
        scan(qtbot, window, person.code)
        asked: list[int] = []
        monkeypatch.setattr(window, "confirm_quit", lambda waiting: asked.append(waiting))
        window.show_staff()
        tap(qtbot, window.staff.quit_button)
        assert asked == [2] and window.isVisible()  # the check-in and its badge printed
        # (not confirmed: the kiosk stays)
        monkeypatch.setattr(window, "confirm_quit", lambda waiting: True)
        tap(qtbot, window.staff.quit_button)
        assert not window.isVisible()
    finally:
        window.controller.runner.wait()
        QApplication.processEvents()
        window.leave()
