"""Opening the database: the SQLite settings every connection gets."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from kiosk.config import Event
from kiosk.db import MMAP_BYTES, open_database


def test_sqlite_connections_are_durable_and_read_through_a_memory_map(
    tmp_path: Path, event: Event
) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'desk.sqlite3'}", event, create=True)
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
