"""A desk hears the hub: another desk's write at once (LISTEN), a lost notification at the next
heartbeat, and a broken connection as the hub being out of reach, then back."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from kiosk.config import Event
from kiosk.db import Database, open_database
from kiosk.hub import desks
from kiosk.hub.desks import DESK, Installation
from kiosk.hub.live import Listener, Report, is_connection_lost
from kiosk.services import checkin
from kiosk.services.context import Desk
from tests.conftest import FixedClock
from tests.core.factories import registered

pytestmark = [pytest.mark.postgres]


class Heard:
    """What a listener reported, waited for from the test's thread."""

    def __init__(self) -> None:
        self.changes = threading.Semaphore(0)
        self.reports: list[Report] = []
        self.report_came = threading.Event()

    def change(self) -> None:
        self.changes.release()

    def report(self, report: Report) -> None:
        self.reports.append(report)
        self.report_came.set()

    def drain(self) -> None:
        while self.changes.acquire(blocking=False):
            pass

    def wait_report(self, predicate: object, timeout: float = 10.0) -> Report:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for report in reversed(self.reports):
                if predicate(report):  # type: ignore[operator]
                    return report
            self.report_came.wait(0.05)
            self.report_came.clear()
        raise AssertionError(f"no such report; got {self.reports[-3:]}")


@pytest.fixture
def hub_db(pg_url: str, event: Event) -> Iterator[Database]:
    database = open_database(pg_url, event, create=True)
    yield database
    database.dispose()


@pytest.fixture
def heard() -> Heard:
    return Heard()


@pytest.fixture
def me(hub_db: Database) -> Installation:
    return desks.register(hub_db, Installation(str(uuid.uuid4()), DESK), "стойка-1")


@pytest.fixture
def listener(hub_db: Database, me: Installation, heard: Heard) -> Iterator[Listener]:
    ear = Listener(hub_db, me, heard.change, heard.report, heartbeat_s=0.5)
    ear.start()
    heard.wait_report(lambda r: r.reachable)
    heard.drain()
    yield ear
    ear.stop()


def test_a_check_in_at_another_desk_is_heard_within_a_second(
    pg_url: str, event: Event, clock: FixedClock, listener: Listener, heard: Heard
) -> None:
    other = open_database(pg_url, event)
    try:
        desk_b = Desk(other, event, name="стойка-2", clock=clock)
        person = registered(desk_b)
        heard.drain()
        checkin.check_in(desk_b, person.code)
        committed = time.monotonic()
        assert heard.changes.acquire(timeout=1.0)
        assert time.monotonic() - committed < 1.0
    finally:
        other.dispose()


def test_the_heartbeat_lists_the_desks_of_the_hub(listener: Listener, heard: Heard) -> None:
    report = heard.wait_report(lambda r: r.reachable and r.desks)
    assert [(d.name, d.connected) for d in report.desks] == [("стойка-1", True)]


def test_a_change_whose_notification_was_lost_shows_at_the_next_heartbeat(
    hub_db: Database, listener: Listener, heard: Heard
) -> None:
    # A row in the change log without its notification, as when one is lost on the way.
    with hub_db.write_rows() as connection:
        connection.execute(
            text(
                "INSERT INTO change_log (table_name, row_key, deleted, txid) "
                "VALUES ('attendees', '1', false, 1)"
            )
        )
    assert heard.changes.acquire(timeout=2.0)


def test_a_broken_connection_is_the_hub_out_of_reach_then_back_with_a_refresh(
    hub_db: Database, listener: Listener, heard: Heard
) -> None:
    with hub_db.write_rows() as connection:
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()"
            )
        )
    lost = heard.wait_report(lambda r: not r.reachable)
    assert "хаб" in lost.problem.lower()
    heard.reports.clear()
    heard.wait_report(lambda r: r.reachable)
    # Whatever was written meanwhile is shown: the desk refreshes once back.
    assert heard.changes.acquire(timeout=2.0)


def test_the_last_action_reaches_the_hub_with_the_heartbeat(
    hub_db: Database, listener: Listener, heard: Heard, clock: FixedClock
) -> None:
    listener.note_action(clock.now)
    heard.wait_report(lambda r: r.desks and r.desks[0].last_action_at == clock.now)


def test_a_lost_connection_is_told_from_a_refused_statement() -> None:
    import psycopg
    from sqlalchemy.exc import OperationalError

    assert is_connection_lost(psycopg.OperationalError("connection failed"))
    assert is_connection_lost(OperationalError("x", {}, psycopg.OperationalError("gone")))
    assert not is_connection_lost(psycopg.errors.LockNotAvailable("lock timeout"))
    assert not is_connection_lost(ValueError("bad"))


def test_an_outage_is_logged_once_when_lost_and_once_when_back(
    hub_db: Database,
    me: Installation,
    heard: Heard,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from kiosk.hub import live
    from tests.hubs import free_port

    caplog.set_level(logging.INFO, logger=live.__name__)
    monkeypatch.setattr(live, "RETRY_S", 0.02)  # many tries in a short outage
    reachable = live.listen_url(hub_db)
    nowhere = f"postgresql://nobody:none@127.0.0.1:{free_port()}/none"
    monkeypatch.setattr(live, "listen_url", lambda _db: nowhere)
    ear = Listener(hub_db, me, heard.change, heard.report, heartbeat_s=0.5)
    ear.start()
    try:
        deadline = time.monotonic() + 10
        while sum(not r.reachable for r in heard.reports) < 10 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert sum(not r.reachable for r in heard.reports) >= 10
        monkeypatch.setattr(live, "listen_url", lambda _db: reachable)
        heard.reports.clear()
        heard.wait_report(lambda r: r.reachable)
    finally:
        ear.stop()
    logged = [r.getMessage() for r in caplog.records if r.name == live.__name__]
    assert logged == ["the hub cannot be reached: OperationalError", "the hub can be reached again"]


def test_a_connection_not_made_within_its_timeout_is_a_lost_connection() -> None:
    import psycopg
    from sqlalchemy.exc import OperationalError

    timed_out = getattr(psycopg.errors, "ConnectionTimeout", None)
    if timed_out is None:
        pytest.skip("this psycopg raises a plain OperationalError for it")
    assert is_connection_lost(timed_out("connection timeout expired"))
    assert is_connection_lost(OperationalError("x", {}, timed_out("connection timeout expired")))


def test_the_heartbeats_deadline_does_not_bind_the_desks_callbacks(
    hub_db: Database, me: Installation
) -> None:
    """What the desk does when told (read the hub again, say it is back) is its own work: it
    runs after the heartbeat, not under the heartbeat's deadline."""
    from kiosk.hub.deadline import remaining

    deadlines_left: list[float | None] = []
    ear = Listener(
        hub_db,
        me,
        lambda: deadlines_left.append(remaining()),
        lambda _report: deadlines_left.append(remaining()),
        heartbeat_s=0.1,
    )
    ear.start()
    try:
        waited = time.monotonic() + 10
        while len(deadlines_left) < 3 and time.monotonic() < waited:
            time.sleep(0.05)
    finally:
        ear.stop()
    assert len(deadlines_left) >= 3
    assert set(deadlines_left) == {None}
