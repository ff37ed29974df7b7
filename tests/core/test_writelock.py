"""Desks writing to one SQLite file take the write lock in turn, and never wait for ever."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from kiosk.config import Event
from kiosk.db import Database, open_database

ROOT = Path(__file__).resolve().parent.parent.parent


def _note(db: Database, key: str) -> None:
    with db.write_rows() as connection:
        connection.execute(
            text("INSERT INTO event_info (key, value) VALUES (:key, 'x')"), {"key": key}
        )


def _notes(db: Database) -> set[str]:
    with db.read_rows() as connection:
        return set(connection.execute(text("SELECT key FROM event_info")).scalars())


@pytest.fixture
def two_desks(tmp_path: Path, event: Event) -> Iterator[tuple[Database, Database]]:
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    first = open_database(url, event, create=True)
    second = open_database(url, event)
    yield first, second
    first.dispose()
    second.dispose()


def test_a_desk_writes_once_the_desk_before_it_has_committed(
    two_desks: tuple[Database, Database],
) -> None:
    first, second = two_desks
    holding, release = threading.Event(), threading.Event()

    def write_slowly() -> None:
        with first.write_rows() as connection:
            connection.execute(text("INSERT INTO event_info (key, value) VALUES ('first', 'x')"))
            holding.set()
            release.wait(5)

    writer = threading.Thread(target=write_slowly)
    writer.start()
    holding.wait(5)
    threading.Timer(0.2, release.set).start()
    _note(second, "second")
    writer.join()
    assert {"first", "second"} <= _notes(second)


def test_a_desk_kept_waiting_past_the_busy_timeout_reports_the_database_locked(
    two_desks: tuple[Database, Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = two_desks
    monkeypatch.setattr("kiosk.db.BUSY_TIMEOUT_MS", 200)
    with first.write_rows(), pytest.raises(OperationalError, match="database is locked"):
        _note(second, "second")
    # Its turn given up, the desk writes as soon as the lock is free.
    _note(second, "second")
    assert "second" in _notes(first)


def test_a_desk_that_dies_while_writing_holds_up_nobody(
    two_desks: tuple[Database, Database], tmp_path: Path
) -> None:
    first, _second = two_desks
    script = (
        "import sys, time\n"
        "from sqlalchemy import text\n"
        "from kiosk.config import load_event\n"
        "from kiosk.db import open_database\n"
        f"db = open_database({first.url!r}, load_event())\n"
        "with db.write_rows() as connection:\n"
        "    connection.execute(text(\"INSERT INTO event_info (key, value) VALUES ('d', 'x')\"))\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(60)\n"
    )
    dying = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert dying.stdout is not None and dying.stdout.readline().strip() == "writing"
        dying.kill()
        dying.wait(10)
        _note(first, "after")
    finally:
        dying.kill()
    assert _notes(first) >= {"after"} and "d" not in _notes(first)


def _next_in_line_taken(db: Database) -> bool:
    """Whether some writer stands next in line (holds `<database>-next-writer`)."""
    import fcntl
    import os

    fd = os.open(f"{db.engine.url.database}-next-writer", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # and with it the lock, if taken
    return False


@pytest.mark.skipif(sys.platform == "win32", reason="the line is kept with flock")
def test_a_desk_that_has_just_written_writes_again_after_the_desk_that_was_waiting(
    two_desks: tuple[Database, Database],
) -> None:
    # The kernel gives a freed lock to whoever asks first: without the place next in line, a
    # desk writing back to back took the turn again before the woken desk could.
    first, second = two_desks
    holding, release = threading.Event(), threading.Event()

    def write_slowly_then_again() -> None:
        with first.write_rows() as connection:
            connection.execute(text("INSERT INTO event_info (key, value) VALUES ('a1', 'x')"))
            holding.set()
            release.wait(5)
        _note(first, "a2")

    writer = threading.Thread(target=write_slowly_then_again)
    writer.start()
    holding.wait(5)
    waiting = threading.Thread(target=_note, args=(second, "b"))
    waiting.start()
    deadline = time.monotonic() + 2
    while not _next_in_line_taken(first) and time.monotonic() < deadline:
        time.sleep(0.01)  # until the second desk stands in line
    release.set()
    writer.join(10)
    waiting.join(10)
    with first.read_rows() as connection:
        order = connection.execute(
            text("SELECT key FROM event_info WHERE key IN ('a1', 'a2', 'b') ORDER BY rowid")
        ).scalars()
        assert list(order) == ["a1", "b", "a2"]
