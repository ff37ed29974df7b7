"""Taking SQLite's one write lock in turn, when several desks write to one file.

SQLite lets one connection write at a time; the others wait in its busy handler, which sleeps
1, 2, 5, 10 … up to 100 ms between tries. A desk that has waited a while so sleeps through the
moments the lock is free, and newcomers take it first: with eight desks checking people in on
one file a check-in's p99 reached a second (docs/BENCHMARKS.md, «Many desks on one SQLite
file»). So the app's writers wait in turn instead:

- Where the system has `flock` (Linux, macOS), in a queue the kernel keeps: each connection
  locks a file beside the database (`<database>-writers`) before it asks SQLite for the write
  lock and unlocks it after its commit or rollback. A waiter sleeps in the kernel, uses no
  processor while it waits, and is woken the moment the lock is released; a process that dies
  loses its lock with it.
- Then, and everywhere else, SQLite's lock is tried again every 0.25–0.75 ms (at random, so
  that waiters do not try in step) while someone else holds it — another program, or a desk
  where there is no `flock`.

Both waits together last at most the busy timeout; then the write fails with "database is
locked", as before.
"""

from __future__ import annotations

import os
import random
import sqlite3
import threading
import time
from typing import Final

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no queue, SQLite's lock tried in short steps
    fcntl = None  # type: ignore[assignment]

RETRY_S: Final = 0.0005
"""How often, on average, a writer tries SQLite's write lock again while another holds it."""


class _Turn:
    """This connection's place in the queue: an flock on its own descriptor of the queue file,
    so that threads of one process wait for each other as processes do."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.fd: int | None = None
        self.held = False

    def take(self, timeout: float) -> bool:
        """Wait for our turn, at most `timeout` seconds; False if it did not come."""
        assert fcntl is not None
        if self.fd is None:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fd = self.fd
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pass
        else:
            self.held = True
            return True
        # flock cannot wait with a time limit: a helper thread waits in the kernel instead, and
        # if the time runs out first it keeps the descriptor, closing it (and with it the lock,
        # should it come) itself.
        came = threading.Event()
        guard = threading.Lock()
        given_up = False

        def wait() -> None:
            fcntl.flock(fd, fcntl.LOCK_EX)
            with guard:
                if given_up:
                    os.close(fd)
                else:
                    came.set()

        threading.Thread(target=wait, name="kiosk-write-turn", daemon=True).start()
        if came.wait(timeout):
            self.held = True
            return True
        with guard:
            if came.is_set():
                self.held = True
                return True
            given_up = True
            self.fd = None  # the helper thread's now
        return False

    def give_back(self) -> None:
        if self.held and self.fd is not None:
            assert fcntl is not None
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        self.held = False

    def close(self) -> None:
        self.give_back()
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


class SQLiteConnection(sqlite3.Connection):
    """A `sqlite3` connection whose write transactions wait their turn (`begin_write`), and
    give it back when they end."""

    _turn: _Turn | None = None

    def join_queue(self, database: str) -> None:
        """Wait in the queue of this database file's writers (not for a database in memory)."""
        if fcntl is not None and database and database != ":memory:":
            self._turn = _Turn(f"{database}-writers")

    def begin_write(self, timeout: float) -> bool:
        """BEGIN IMMEDIATE within `timeout` seconds; False if the lock did not come (or on any
        other error). The connection's own busy timeout must be 0 meanwhile, or each try
        would wait in SQLite's busy handler."""
        deadline = time.monotonic() + timeout
        turn = self._turn
        if turn is not None and not turn.take(timeout):
            return False
        while True:
            try:
                self.execute("BEGIN IMMEDIATE")
                return True
            except sqlite3.OperationalError as exc:
                busy = exc.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY
                if not busy or time.monotonic() >= deadline:
                    if turn is not None:
                        turn.give_back()
                    return False
            time.sleep(RETRY_S * random.uniform(0.5, 1.5))

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            if self._turn is not None:
                self._turn.give_back()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            if self._turn is not None:
                self._turn.give_back()

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self._turn is not None:
                self._turn.close()
