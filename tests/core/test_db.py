"""Opening the database: the SQLite settings every connection gets."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import insert, text
from sqlalchemy.exc import OperationalError

from kiosk.config import Event
from kiosk.db import BUSY_TIMEOUT_MS, MMAP_BYTES, execute_plain, open_database
from kiosk.models import AuditEntry


def test_sqlite_connections_are_durable_and_read_through_a_memory_map(
    tmp_path: Path, event: Event
) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'desk.sqlite3'}", event)
    try:
        with db.read() as session:
            pragma = {
                name: session.execute(text(f"PRAGMA {name}")).scalar_one()
                for name in ("journal_mode", "synchronous", "foreign_keys", "mmap_size")
            }
    finally:
        db.dispose()
    # synchronous 2 is FULL: a committed check-in survives a power cut.
    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "mmap_size": MMAP_BYTES,
    }


def test_a_desk_opens_the_database_while_another_holds_the_write_lock(
    tmp_path: Path, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Opening reads the schema revision, the event and the search index without taking the
    # write lock: a desk or a `kiosk` command starts while others are checking people in.
    monkeypatch.setattr("kiosk.db.BUSY_TIMEOUT_MS", 300)  # a wait would fail, not hang
    path = tmp_path / "desk.sqlite3"
    open_database(f"sqlite:///{path}", event).dispose()
    other_desk = sqlite3.connect(path, isolation_level=None)
    other_desk.execute("BEGIN IMMEDIATE")
    try:
        db = open_database(f"sqlite:///{path}", event)
        with db.read() as session:
            assert session.execute(text("SELECT count(*) FROM attendees")).scalar_one() == 0
        db.dispose()
    finally:
        other_desk.execute("ROLLBACK")
        other_desk.close()


def test_a_desk_waiting_for_the_write_lock_writes_once_the_other_desk_commits(
    tmp_path: Path, event: Event
) -> None:
    path = tmp_path / "desk.sqlite3"
    db = open_database(f"sqlite:///{path}", event)
    other_desk = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other_desk.execute("BEGIN IMMEDIATE")
    other_desk.execute("INSERT INTO event_info (key, value) VALUES ('other', 'first')")
    done = threading.Timer(0.2, lambda: other_desk.execute("COMMIT"))
    done.start()
    try:
        with db.write_rows() as connection:
            connection.execute(text("INSERT INTO event_info (key, value) VALUES ('ours', 'then')"))
        with db.read_rows() as connection:
            # The wait's own setting is undone: other statements wait as SQLite would.
            assert connection.execute(text("PRAGMA busy_timeout")).scalar_one() == BUSY_TIMEOUT_MS
            found = connection.execute(text("SELECT key, value FROM event_info"))
            rows = {key: value for key, value in found}
        assert rows["other"] == "first" and rows["ours"] == "then"
    finally:
        done.join()
        other_desk.close()
        db.dispose()


def test_a_desk_that_cannot_get_the_write_lock_in_time_reports_the_database_locked(
    tmp_path: Path, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "desk.sqlite3"
    db = open_database(f"sqlite:///{path}", event)
    monkeypatch.setattr("kiosk.db.BUSY_TIMEOUT_MS", 200)
    other_desk = sqlite3.connect(path, isolation_level=None)
    other_desk.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(OperationalError, match="database is locked"), db.write_rows():
            pass
    finally:
        other_desk.execute("ROLLBACK")
        other_desk.close()
        db.dispose()


def test_a_plain_statement_stores_its_values_as_sqlalchemy_would(
    tmp_path: Path, event: Event
) -> None:
    path = tmp_path / "desk.sqlite3"
    db = open_database(f"sqlite:///{path}", event)
    values = {
        "at": datetime(2026, 11, 28, 9, 5, 7, 120, tzinfo=ZoneInfo("Asia/Vladivostok")),
        "action": "check_in",
        "entity": "checkin",
        "entity_id": None,
        "attendee_id": 7,
        "desk": "стойка-1",
        "operator": "",
        "before": None,
        "after": {"day": "2026-11-28", "paid": 1500},
        "reason": "",
    }
    on_the_minute = {**values, "at": datetime(2026, 11, 28, 9, 5, tzinfo=UTC), "after": None}
    try:
        with db.write_rows() as connection:
            for written in (values, on_the_minute):
                connection.execute(insert(AuditEntry), written)
                execute_plain(connection, insert(AuditEntry), written)
    finally:
        db.dispose()
    stored = sqlite3.connect(path)
    columns = ", ".join(f"{name}, typeof({name})" for name in values)
    rows = stored.execute(f"SELECT {columns} FROM audit_log ORDER BY id").fetchall()
    stored.close()
    assert rows[0] == rows[1] and rows[2] == rows[3]
