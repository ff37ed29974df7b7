"""Taking SQLite's one write lock in turn, when several desks write to one file.

SQLite lets one connection write at a time; the others wait in its busy handler, which sleeps
1, 2, 5, 10 … up to 100 ms between tries. A desk that has waited a while so sleeps through the
moments the lock is free, and newcomers take it first: with eight desks checking people in on
one file a check-in's p99 reached a second (docs/BENCHMARKS.md, «Many desks on one SQLite
file»). So the app's writers wait in turn instead:

- Where the system has `flock` (Linux, macOS), in a line the kernel keeps, of two files beside
  the database: the writer whose turn it is locks `<database>-writers` before it asks SQLite
  for the write lock and unlocks it after its commit or rollback; the one writer next in line
  holds `<database>-next-writer` while it waits for that, and lets it go once its turn has
  come. Everybody else waits for the place next in line. So a desk that has just written
  cannot take the turn again ahead of the one that was waiting (the kernel wakes a waiter when
  a lock is freed, but gives it to whoever asks first: with one lock, a desk scanning back to
  back took every fourth turn twice in a row), and a waiter sleeps in the kernel, uses no
  processor, and is woken the moment it may go on; a process that dies loses its locks with
  it. The waiting is done by a thread of the connection's own, which the connection can stop
  waiting for when the time is up (`flock` itself cannot wait with a time limit).
- Then, and everywhere else, SQLite's lock is tried again every 0.25–0.75 ms (at random, so
  that waiters do not try in step) while someone else holds it — another program, or a desk
  where there is no `flock`.

Both waits together last at most the busy timeout; then the write fails with "database is
locked", as before.
"""

from __future__ import annotations

import contextlib
import os
import queue
import random
import sqlite3
import threading
import time
from typing import Final

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no line, SQLite's lock tried in short steps
    fcntl = None  # type: ignore[assignment]

RETRY_S: Final = 0.0005
"""How often, on average, a writer tries SQLite's write lock again while another holds it."""


def _try_lock(fd: int) -> bool:
    assert fcntl is not None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _open(path: str) -> int:
    return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)


def _unlock(fd: int) -> None:
    assert fcntl is not None
    fcntl.flock(fd, fcntl.LOCK_UN)


class _Waiter:
    """The thread that stands in line for one connection: it waits for the place next in line,
    then for the turn, and says when the turn has come. The connection waits for that with a
    time limit; if it gives up, the thread still gets its turn in the end and gives it back at
    once, closing the files (their locks with them)."""

    def __init__(self, turn: int, next_in_line: int) -> None:
        self.turn = turn
        self.next_in_line = next_in_line
        self._asked: queue.SimpleQueue[bool] = queue.SimpleQueue()
        self._came = threading.Event()
        self._guard = threading.Lock()
        self._given_up = False
        threading.Thread(target=self._run, name="kiosk-write-turn", daemon=True).start()

    def wait(self, timeout: float) -> bool:
        """Stand in line; True once the turn is ours, False if `timeout` seconds passed first
        (then this waiter is finished: it gives the turn back when it comes)."""
        self._came.clear()
        self._asked.put(True)
        if self._came.wait(timeout):
            return True
        with self._guard:
            if self._came.is_set():
                return True
            self._given_up = True
        return False

    def stop(self) -> None:
        """End the thread (its files are the connection's to close)."""
        self._asked.put(False)

    def _run(self) -> None:
        assert fcntl is not None
        while self._asked.get():
            fcntl.flock(self.next_in_line, fcntl.LOCK_EX)
            try:
                fcntl.flock(self.turn, fcntl.LOCK_EX)
            finally:
                _unlock(self.next_in_line)
            with self._guard:
                if not self._given_up:
                    self._came.set()
                    continue
            os.close(self.turn)
            os.close(self.next_in_line)
            return


class _Turn:
    """This connection's place among the database's writers: a descriptor of its own of each
    file, so that threads of one process wait for each other as processes do."""

    def __init__(self, database: str) -> None:
        self.paths = (f"{database}-writers", f"{database}-next-writer")
        self.files: tuple[int, int] | None = None
        self.waiter: _Waiter | None = None
        self.held = False

    def take(self, timeout: float) -> bool:
        """Wait for our turn, at most `timeout` seconds; False if it did not come."""
        if self.files is None:
            turn_path, next_path = self.paths
            self.files = (_open(turn_path), _open(next_path))
        turn, next_in_line = self.files
        # Nobody waiting and nobody writing: the turn at once, without the thread.
        if _try_lock(next_in_line):
            free = _try_lock(turn)
            _unlock(next_in_line)
            if free:
                self.held = True
                return True
        if self.waiter is None:
            self.waiter = _Waiter(turn, next_in_line)
        if self.waiter.wait(timeout):
            self.held = True
            return True
        # Given up: the waiter keeps the files and closes them when its turn comes.
        self.files = None
        self.waiter = None
        return False

    def awaited(self) -> bool:
        """Whether, while this connection writes, another writer stands next in line."""
        if not self.held or self.files is None:
            return False
        next_in_line = self.files[1]
        if _try_lock(next_in_line):
            _unlock(next_in_line)
            return False
        return True

    def give_back(self) -> None:
        if self.held and self.files is not None:
            _unlock(self.files[0])
        self.held = False

    def close(self) -> None:
        self.give_back()
        if self.waiter is not None:
            self.waiter.stop()
            self.waiter = None
        if self.files is not None:
            for fd in self.files:
                os.close(fd)
            self.files = None


class SQLiteConnection(sqlite3.Connection):
    """A `sqlite3` connection whose write transactions wait their turn (`begin_write`), and
    give it back when they end."""

    _turn: _Turn | None = None

    def join_queue(self, database: str) -> None:
        """Wait in the line of this database file's writers (not for a database in memory)."""
        if fcntl is not None and database and database != ":memory:":
            self._turn = _Turn(database)

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

    def awaited(self) -> bool:
        """Whether another writer of this app waits for the write transaction this connection
        holds (one that waits in line: not another program, nor where there is no `flock`).
        A long piece of work in short steps ends its step early for it."""
        return self._turn is not None and self._turn.awaited()

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


class Claim:
    """A file beside the database that a process keeps locked for as long as it lives (with
    `flock`, which the kernel lets go of when the process dies): the sign of a piece of work
    in progress, such as an import writing its people in steps. Another process that can lock
    it, or finds no such file, knows that its owner is gone."""

    def __init__(self, path: str, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def supported(cls, database: str) -> bool:
        """Whether claims can be made for this database (a file, on a system with `flock`)."""
        return fcntl is not None and bool(database) and database != ":memory:"

    @classmethod
    def take(cls, path: str) -> Claim:
        """A new claim, locked; OSError if another process holds it."""
        fd = _open(path)
        if not _try_lock(fd):
            os.close(fd)
            raise BlockingIOError(f"claimed by another process: {os.path.basename(path)}")
        return cls(path, fd)

    @classmethod
    def of_the_gone(cls, path: str) -> Claim | None:
        """The claim at `path` when its owner is gone (taken over, so that only one process
        tidies after it); None while the owner lives."""
        try:
            return cls.take(path)
        except BlockingIOError:
            return None

    def release(self) -> None:
        """The file removed, then let go of."""
        if self._fd is None:
            return
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
        os.close(self._fd)  # closing lets go of the lock
        self._fd = None
