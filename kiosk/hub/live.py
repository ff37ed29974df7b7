"""Hearing the hub: what another desk wrote, at once, and whether the hub can be reached.

One thread per desk keeps a connection of its own that LISTENs on `kiosk_changes` (the
triggers of migration 0009 notify it at every commit that changes what desks show) and says
"changed" the moment a notification comes. Every `HEARTBEAT_S` it also tells the hub this desk
is there and reads the newest change's number: a notification lost on the way (a connection
dropped and made again) still shows at that heartbeat. Any failure of the connection is
reported as the hub being out of reach, and the thread tries again every `RETRY_S` (the log
says when the hub was lost and when it is back, not every try).

Qt-free: callbacks run on this thread; the window's adapter (ui.common.hub) passes them on.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Final

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from kiosk.db import Database
from kiosk.hub import desks
from kiosk.hub.deadline import deadline
from kiosk.hub.desks import DeskActivity, Installation
from kiosk.i18n import tr

if TYPE_CHECKING:
    import psycopg

CHANNEL: Final = "kiosk_changes"
RETRY_S: Final = 1.0
"""After losing the hub, how soon the desk tries again."""
WAIT_S: Final = 0.2
"""The longest a notification waits before the thread looks whether it should stop."""
BEAT_DEADLINE_S: Final = 3.0
"""The longest a heartbeat waits for the hub's answers."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Report:
    """What a heartbeat found."""

    reachable: bool
    desks: tuple[DeskActivity, ...] = ()
    problem: str = ""
    """Why the hub cannot be reached, for people (no address, no password)."""


def unreachable_text() -> str:
    return tr(
        "Нет связи с хабом: проверьте сеть и ноутбук-хаб.",
        "The hub cannot be reached: check the network and the hub laptop.",
    )


def is_connection_lost(error: BaseException) -> bool:
    """Whether `error` means the database server could not be reached or the connection broke
    (rather than a statement failing on a working connection)."""
    if isinstance(error, DBAPIError):
        if error.connection_invalidated:
            return True
        error = error.orig if error.orig is not None else error
    # psycopg is imported only by what talks to a hub (a desk on its own SQLite file starts
    # without it: 60 ms); without it, no error can be one of its own.
    driver = sys.modules.get("psycopg")
    if driver is None:
        return isinstance(error, ConnectionError | TimeoutError)
    broken = (
        driver.InterfaceError,
        driver.errors.AdminShutdown,
        driver.errors.CrashShutdown,
        driver.errors.CannotConnectNow,
        # libpq's connect_timeout expired (a hub that takes packets and answers nothing):
        # psycopg ≥ 3.2 raises it as a subclass of OperationalError of its own.
        getattr(driver.errors, "ConnectionTimeout", ConnectionError),
        ConnectionError,
        TimeoutError,
    )
    # The plain OperationalError is libpq's own (no server answer); its subclasses are
    # statements refused on a working connection (a lock timeout, a cancel).
    return type(error) is driver.OperationalError or isinstance(error, broken)


def listen_url(db: Database) -> str:
    """The libpq address of `db` (with its TLS pinning) for a plain psycopg connection."""
    url = make_url(db.url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class Listener:
    """The desk's ear on the hub (see the module's docstring). `me`: this desk's installation
    (None for a database that is not a hub's: then nothing is registered, only listened)."""

    def __init__(
        self,
        db: Database,
        me: Installation | None,
        on_change: Callable[[], None],
        on_report: Callable[[Report], None],
        *,
        heartbeat_s: float = desks.HEARTBEAT_S,
    ) -> None:
        self.db = db
        self.me = me
        self.on_change = on_change
        self.on_report = on_report
        self.heartbeat_s = heartbeat_s
        self._stop = threading.Event()
        self._last_action: datetime | None = None
        self._lock = threading.Lock()
        self._mark: int | None = None
        self._connection: psycopg.Connection[tuple[object, ...]] | None = None
        self._lost = False
        """The hub was out of reach at the last try: the log says so once, not at each retry,
        and once more when it is back."""
        self._thread = threading.Thread(target=self._run, name="hub-listener", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def note_action(self, at: datetime) -> None:
        """This desk did something (a check-in, a payment): told the hub at the next beat."""
        with self._lock:
            self._last_action = at

    # ---- the thread ------------------------------------------------------------------------

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                self._listen()
            except (psycopg.Error, SQLAlchemyError, OSError) as exc:
                if not self._stop.is_set():
                    if not self._lost:
                        log.info("the hub cannot be reached: %s", type(exc).__name__)
                        self._lost = True
                    self.on_report(Report(False, problem=unreachable_text()))
            finally:
                if self._connection is not None:
                    with contextlib.suppress(psycopg.Error, OSError):
                        self._connection.close()
                    self._connection = None
            self._stop.wait(RETRY_S)

    def _listen(self) -> None:
        import psycopg

        connection = psycopg.connect(listen_url(self.db), autocommit=True)
        self._connection = connection
        connection.execute(f"LISTEN {CHANNEL}")
        reconnected = self._mark is not None
        self._beat(changed_anyway=reconnected)
        next_beat = time.monotonic() + self.heartbeat_s
        while not self._stop.is_set():
            heard = False
            for _notification in connection.notifies(timeout=WAIT_S, stop_after=1):
                heard = True
            if heard:
                self.on_change()
            if time.monotonic() >= next_beat:
                self._beat()
                next_beat = time.monotonic() + self.heartbeat_s

    def _beat(self, *, changed_anyway: bool = False) -> None:
        """Say this desk is there; report who else is; a change missed shows here. A hub that
        takes the question and never answers (frozen, or a network that swallows packets) is
        out of reach after `BEAT_DEADLINE_S`, as one that refuses. The callbacks are the
        desk's: they run after the heartbeat, outside its deadline."""
        with deadline(BEAT_DEADLINE_S):
            report, changed = self._beat_now(changed_anyway=changed_anyway)
        if self._stop.is_set():
            return  # the desk stopped listening meanwhile (it may be closed): nobody to tell
        self.on_report(report)
        if changed:
            self.on_change()

    def _beat_now(self, *, changed_anyway: bool) -> tuple[Report, bool]:
        """The heartbeat's work with the hub: what to report, and whether a change was missed."""
        found: tuple[DeskActivity, ...] = ()
        if self.me is not None:
            with self._lock:
                action, self._last_action = self._last_action, None
            if not desks.heartbeat(self.db, self.me, action):
                # The hub forgot this desk (made anew): it registers again under its name.
                try:
                    self.me = desks.register(self.db, self.me, self.me.name, take_over=True)
                except desks.DeskNameTaken:
                    log.warning("this desk's name is another desk's now; not registered")
            found = desks.activity(self.db)
        mark = desks.change_mark(self.db)
        missed = self._mark is not None and mark != self._mark
        self._mark = mark
        if self._lost:
            log.info("the hub can be reached again")
            self._lost = False
        return Report(True, found), missed or changed_anyway
