"""Opening the database: the SQLite settings every connection gets."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from kiosk.config import Event
from kiosk.db import MMAP_BYTES, open_database


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
