"""A deadline on a desk's scan-time work with the hub: a scan is answered within 1.5 s, from the
hub or, when the hub does not answer in time, from the desk's replica.

libpq will not wait less than 2 s for a connection and has no limit of its own on a statement
whose reply never comes (a Wi-Fi that still takes packets but delivers nothing, a hub frozen
half-way). So the work that must answer a scan — and what else a person at the desk waits on
(a search, a person's card; the `kiosk` command's desk actions on a hub) — runs
`within(SCAN_DEADLINE_S, …)`: on this thread, until it ends,

- a new connection to the hub is given up once the deadline passes (it goes on in the
  background and is closed when it ends),
- every transaction begins with `SET LOCAL statement_timeout` (the hub gives up on the
  statement itself: nothing of it stays half-done there, and no lock is held for a desk that
  left),
- a reply that has not come when the deadline passes is no longer waited for: the connection
  is closed (so it is never used again) and the work fails as a lost connection
  (`kiosk.hub.live.is_connection_lost`).

This laptop's own work inside a deadline — rendering a badge and handing it to the printer,
between recording the print and taking it back — is not the hub's time: it runs `paused()`.
Everything else a desk does on the hub — imports, reports, exports, pulls of its replica — is
not under a deadline and is never cut as long as the hub answers. A sync of the replica runs
`answers_within(SYNC_SILENCE_S)`: however long it takes, a reply the hub has sent nothing of
for that long is given up as a lost connection (a stall takes the packets and acknowledges
them, so the system's TCP user timeout never fires). Qt-free; installed on every PostgreSQL engine
(`kiosk.db.make_engine`), it does nothing outside `within`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Final, TypeVar

from sqlalchemy import Engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

SCAN_DEADLINE_S: Final = 1.5
"""How long a scan waits for the hub (connecting included) before the desk works offline."""
SYNC_SILENCE_S: Final = 10.0
"""How long a sync waits for a reply of which nothing comes before it gives up on the hub."""
STATEMENT_MARGIN_S: Final = 0.15
"""The hub's statement_timeout is this much shorter than what is left of the deadline."""

T = TypeVar("T")

_local = threading.local()


class HubTooSlow(TimeoutError):
    """The hub did not answer a scan within its deadline (it is treated as out of reach)."""


def remaining() -> float | None:
    """Seconds left before this thread's deadline; None when there is none."""
    deadline: float | None = getattr(_local, "deadline", None)
    return None if deadline is None else deadline - time.monotonic()


@contextmanager
def deadline(seconds: float = SCAN_DEADLINE_S) -> Iterator[None]:
    """The hub's work on this thread, until the block ends, must be done within `seconds`
    (an enclosing deadline that comes sooner stays)."""
    previous: float | None = getattr(_local, "deadline", None)
    ends = time.monotonic() + seconds
    _local.deadline = ends if previous is None else min(previous, ends)
    try:
        yield
    except DBAPIError as exc:
        import psycopg

        if isinstance(exc.orig, psycopg.errors.QueryCanceled):
            # The hub's own statement_timeout: it is there but does not answer in time.
            raise HubTooSlow(str(exc.orig).splitlines()[0]) from exc
        raise
    finally:
        _local.deadline = previous


class _HubSilent(Exception):
    """Nothing of the hub's reply came for the thread's `answers_within` seconds."""


@contextmanager
def answers_within(seconds: float) -> Iterator[None]:
    """On this thread, until the block ends, a reply of the hub of which nothing arrives for
    `seconds` is given up (its connection closed, a lost connection raised); a reply that
    keeps coming, and the work as a whole, may take as long as they take."""
    previous: float | None = getattr(_local, "silence", None)
    _local.silence = seconds
    try:
        yield
    finally:
        _local.silence = previous


def _heard_within(gen: Any, seconds: float) -> Any:
    """psycopg's generator `gen`, failing once the socket stays silent for `seconds` (the
    waiting loop sends it «not ready» each time its interval passes without a thing)."""
    heard = time.monotonic()
    try:
        wanted = next(gen)
        while True:
            ready = yield wanted
            now = time.monotonic()
            if ready:
                heard = now
            elif now - heard > seconds:
                raise _HubSilent
            wanted = gen.send(ready)
    except StopIteration as end:
        return end.value
    finally:
        gen.close()


@contextmanager
def paused() -> Iterator[None]:
    """This laptop's own work inside a deadline (a badge rendered and sent to the printer): no
    deadline while it runs, and the time that was left when it began is left after it."""
    ends: float | None = getattr(_local, "deadline", None)
    if ends is None:
        yield
        return
    left = ends - time.monotonic()
    _local.deadline = None
    try:
        yield
    finally:
        _local.deadline = time.monotonic() + left


def within(seconds: float, work: Callable[[], T]) -> Callable[[], T]:
    """`work` to be run under a deadline of `seconds` (on whichever thread runs it)."""

    def bounded() -> T:
        with deadline(seconds):
            return work()

    return bounded


def load_driver() -> None:
    """Import the PostgreSQL driver and SQLAlchemy's dialect for it now, before a deadline
    that opens the hub begins: their first import takes a good part of a second of this
    laptop's own time, which is no sign of the hub not answering."""
    import psycopg  # noqa: F401
    import sqlalchemy.dialects.postgresql.psycopg  # noqa: F401


def install(engine: Engine) -> None:
    """Make `engine`'s connections keep this thread's deadline (a PostgreSQL engine)."""
    event.listen(engine, "do_connect", _connect)
    event.listen(engine, "begin", _begin)


def _begin(connection: Connection) -> None:
    left = remaining()
    if left is not None:
        # The hub gives up a little before the desk does, so its answer (a cancelled
        # statement, on a connection still good) has time to arrive.
        milliseconds = max(1, int((left - STATEMENT_MARGIN_S) * 1000))
        connection.exec_driver_sql(f"SET LOCAL statement_timeout = {milliseconds}")


def _connection_class() -> Any:
    """psycopg's connection, waiting for the hub's replies no longer than the deadline."""
    global _DeadlineConnection
    if _DeadlineConnection is not None:
        return _DeadlineConnection
    import psycopg

    class DeadlineConnection(psycopg.Connection[Any]):
        def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
            silence: float | None = getattr(_local, "silence", None)
            if silence is None:
                return self._wait(gen, interval, timeout)
            try:
                return self._wait(_heard_within(gen, silence), interval, timeout)
            except _HubSilent:
                # A reply coming later must not be read as the answer to the next statement.
                self.close()
                raise psycopg.OperationalError("the hub did not answer in time") from None

        def _wait(self, gen: Any, interval: float, timeout: float | None) -> Any:
            left = remaining()
            if left is None:
                return super().wait(gen, interval, timeout)
            if left <= 0:
                self.close()
                raise psycopg.OperationalError("the hub did not answer in time")
            try:
                return super().wait(gen, interval, left if timeout is None else min(timeout, left))
            except _HubSilent:
                raise
            except Exception:
                if (remaining() or 0.0) > 0:
                    raise
                # No reply in time: this connection is given up (a reply coming later must
                # not be read as the answer to the next statement).
                self.close()
                raise psycopg.OperationalError("the hub did not answer in time") from None

    _DeadlineConnection = DeadlineConnection
    return DeadlineConnection


_DeadlineConnection: Any = None


def _connect(_dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
    connection_class = _connection_class()
    left = remaining()
    if left is None:
        silence: float | None = getattr(_local, "silence", None)
        if silence is not None:  # a sync: a connection not made in that long is given up too
            return _connect_within(silence, lambda: connection_class.connect(*cargs, **cparams))
        return connection_class.connect(*cargs, **cparams)
    if left <= 0:
        import psycopg

        raise psycopg.OperationalError("connection timeout expired")
    return _connect_within(left, lambda: connection_class.connect(*cargs, **cparams))


def _connect_within(seconds: float, connect: Callable[[], Any]) -> Any:
    """`connect()` if it ends within `seconds`; else a lost connection at once, the attempt
    going on in the background and its connection closed when it comes."""
    import psycopg

    lock = threading.Lock()
    outcome: list[Any] = []
    abandoned: list[bool] = []
    finished = threading.Event()

    def attempt() -> None:
        try:
            made: Any = connect()
        except BaseException as exc:
            made = exc
        with lock:
            if abandoned and not isinstance(made, BaseException):
                made.close()
            outcome.append(made)
        finished.set()

    threading.Thread(target=attempt, name="hub-connect", daemon=True).start()
    finished.wait(max(0.0, seconds))
    with lock:
        if not outcome:
            abandoned.append(True)
            raise psycopg.OperationalError("connection timeout expired")
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result
