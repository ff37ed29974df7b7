"""The cheap look at a desk's outbox that a command on the hub takes before every action: it
says yes whenever the outbox has something to send, and no for an empty one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kiosk.config import Event
from kiosk.db import Database
from kiosk.offline.outbox import OF_NOBODY_KNOWN, OUTBOX_ACTIONS, may_be_waiting
from kiosk.offline.replica import open_replica
from kiosk.offline.sync import QUEUED_ACTIONS, SENT_TABLE, TAKEN_BACK, queued, sent_upto
from kiosk.services import refusals
from kiosk.services.checkin import check_in
from kiosk.services.context import Desk
from tests.conftest import FixedClock
from tests.core.factories import registered

DAY = date(2026, 11, 28)


@pytest.fixture
def replica(tmp_path: Path, event: Event) -> Iterator[Database]:
    db = open_replica(tmp_path / "replica.sqlite3", event)
    try:
        yield db
    finally:
        db.dispose()


def path_of(replica: Database) -> Path:
    assert replica.engine.url.database is not None
    return Path(replica.engine.url.database)


def mark_all_sent(replica: Database) -> None:
    with replica.write_rows() as connection:
        connection.exec_driver_sql(
            f"INSERT INTO {SENT_TABLE} (id, upto) VALUES (1, (SELECT MAX(id) FROM audit_log)) "
            "ON CONFLICT (id) DO UPDATE SET upto = excluded.upto"
        )


def test_it_knows_every_action_the_outbox_sends() -> None:
    assert QUEUED_ACTIONS | set(TAKEN_BACK) == OUTBOX_ACTIONS
    assert refusals.AUDIT_ACTION in OF_NOBODY_KNOWN and OF_NOBODY_KNOWN <= OUTBOX_ACTIONS


def test_no_replica_and_an_empty_one_have_nothing_waiting(
    replica: Database, tmp_path: Path
) -> None:
    assert may_be_waiting(tmp_path / "missing.sqlite3") is False
    assert may_be_waiting(path_of(replica)) is False  # its outbox never counted yet
    assert queued(replica, "desk-1") == []
    assert may_be_waiting(path_of(replica)) is False  # counted: the table of what was sent


def test_what_a_desk_did_offline_waits_until_it_is_sent(
    replica: Database, event: Event, clock: FixedClock
) -> None:
    desk = Desk(replica, event, name="стойка-1", clock=clock)
    anna = registered(desk, paid=False)
    assert sent_upto(replica) == 0
    assert may_be_waiting(path_of(replica)) is True
    mark_all_sent(replica)
    assert queued(replica, "desk-1") == [] and may_be_waiting(path_of(replica)) is False
    check_in(desk, anna.code, day=DAY)  # unpaid: refused, and the refusal is queued
    assert [q.kind for q in queued(replica, "desk-1")] == [refusals.AUDIT_ACTION]
    assert may_be_waiting(path_of(replica)) is True
    mark_all_sent(replica)
    check_in(desk, "7KQ2-M9XD-H3TR", day=DAY)  # an unknown code's refusal names nobody
    assert len(queued(replica, "desk-1")) == 1 and may_be_waiting(path_of(replica)) is True


def test_a_file_that_is_no_replica_has_nothing_to_send(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    other.write_bytes(b"not a database at all" * 100)
    assert may_be_waiting(other) is False
