"""Where this desk's data is — a file on this laptop, a PostgreSQL server, or a hub — kept live,
switchable while the app runs, and the hub this laptop may run itself.

`Station` is the one provider both windows talk to: it holds the open database, hears the hub
(kiosk.hub.live: another desk's write at once, a lost notification at the next heartbeat, the
hub out of reach) and says what the status line shows (`Link`). The windows never decide where
the data is. `Joining` joins a hub from its code off the GUI thread, asking for another desk
name when the one given is taken. `HubHost` runs `kiosk hub start --json` as a child process
for «Этот ноутбук — хаб».

The join code holds the desks' password: it is never logged, never put into a message, and
shown only masked (`masked`).
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import (
    QObject,
    QProcess,
    QProcessEnvironment,
    Qt,
    QTimer,
    Signal,
    SignalInstance,
)
from sqlalchemy.engine import make_url

from kiosk.config import Event
from kiosk.db import Database, DatabaseError, open_database
from kiosk.hub import desks
from kiosk.hub.desks import DESK, DeskActivity, DeskNameInvalid, DeskNameTaken, Installation
from kiosk.hub.join import (
    JoinCode,
    decode,
    looks_like_join_code,
    with_password,
    without_join_code,
)
from kiosk.hub.live import Listener, Report, is_connection_lost, unreachable_text
from kiosk.i18n import language
from kiosk.i18n import tr as message
from kiosk.models import utcnow
from kiosk.offline.clock import hub_clock_offset, skew_warning
from kiosk.services import stats as stats_service
from kiosk.services.context import Desk
from ui.common.runner import Runner
from ui.common.settings import save_hub_settings

if TYPE_CHECKING:
    from kiosk.offline.sync import SyncResult

log = logging.getLogger(__name__)

LOCAL_POLL_MS: Final = 2000
"""Another process writing to the same SQLite file shows within this long."""
CHANGE_DELAY_MS: Final = 30
"""Notifications that come together (one per table a write touched) make one refresh."""
REFRESH_EVERY_MS: Final = 400
"""At most this often another desks' writes refresh what this desk shows: sixteen desks in a
rush must not make every desk re-read its figures several times a second."""
PULL_EVERY_MS: Final = 5000
"""Online, the desk's replica of the hub is brought up to date at least this often..."""
PULL_GAP_MS: Final = 2000
"""...and after each change heard, but not more often than this."""
CLOSE_WAIT_MS: Final = 2000
"""The longest closing the app waits for the work on the hub still running."""
HOST_START_MS: Final = 120_000
HOST_STOP_MS: Final = 15_000


def masked(join: str) -> str:
    """The join code as it may be shown: its prefix and its last group, «HUB1-…-7KQ2»."""
    groups = [g for g in join.strip().split("-") if g]
    if len(groups) < 3:
        return "HUB1-…"
    return f"{groups[0]}-…-{groups[-1]}"


class Place(StrEnum):
    LAPTOP = "laptop"
    """An SQLite file on this laptop."""
    SERVER = "server"
    """A PostgreSQL server named with --db."""
    HUB = "hub"


@dataclass(frozen=True)
class Link:
    """What the status line shows: where the data is, and whether it can be reached."""

    place: Place
    reachable: bool | None = True
    """None: not known yet (connecting)."""
    desk_name: str = ""
    desks: tuple[DeskActivity, ...] = ()
    hosting: bool = False
    """This laptop runs the hub."""
    problem: str = ""
    where: str = ""
    """The file, or the server's address (never a password)."""
    join: str = ""
    """The hub's join code (for the QR window and the masked line only)."""
    offline: bool = False
    """The hub cannot be reached (or is back but not yet synced): the desk works on its replica
    of the hub, its check-ins queued."""
    queued: int = 0
    """What the desk did without the hub and has not sent yet."""
    refusals: int = 0
    """Of `queued`, the scans refused at the door: they let nobody in, and are sent only for
    the hub to record them."""
    data_at: datetime | None = None
    """When the replica was last brought up to date from the hub."""
    starting: bool = False
    """This laptop's hub is starting (it takes seconds): the status line says so."""
    clock_offset: float | None = None
    """The hub's clock minus this laptop's, in seconds, at the last sync."""
    hub_aside: bool = False
    """The settings remember a hub, but this start works on the database `--db` names."""

    @property
    def clock_warning(self) -> str | None:
        """What to say when this laptop's clock is more than a minute off the hub's."""
        return skew_warning(self.clock_offset)

    @property
    def ready(self) -> bool:
        """Whether a check-in may be tried now."""
        return self.reachable is True

    @property
    def connected(self) -> tuple[DeskActivity, ...]:
        return tuple(d for d in self.desks if d.connected)


@dataclass(frozen=True)
class Joined:
    """A hub joined: its code, its database, this laptop's installation in it."""

    code: JoinCode
    join: str
    db: Database
    me: Installation
    has_pin: bool = True


def synced_text(result: SyncResult) -> str:
    """How a sync the operator asked for ended, for people."""
    # The sync's module (and the replay it brings) is loaded at the first sync, not at start.
    from kiosk.offline.sync import conflicts_text

    text = message(
        "Синхронизировано: отправлено на хаб {s}, в очереди {q}.",
        "Synced: {s} sent to the hub, {q} queued.",
        s=result.sent,
        q=result.queued,
    )
    if result.conflicts:
        text += " " + message(
            "Отложено хабом для решения организатора: {c} ({k}) — смотрите «Сводку».",
            "Kept by the hub for the organiser to decide: {c} ({k}) — see the summary.",
            c=result.conflicts,
            k=conflicts_text(result),
        )
    return text


# ---- the station --------------------------------------------------------------------------


def _emit_from_thread(signal: SignalInstance, *args: object) -> None:
    """`signal.emit(*args)` from a background thread, which may come after the app closed and
    its station was deleted: then there is nobody to tell."""
    try:
        signal.emit(*args)
    except RuntimeError:
        log.debug("the hub was heard after the station was closed")


class Station(QObject):
    """The database this desk works on, where it is, and whether it can be reached."""

    database_changed = Signal(object)
    """The desk works on another database now (a `Database`)."""
    link_changed = Signal(object)
    changed = Signal()
    """Something was written elsewhere (another desk, another process): refresh what is shown."""
    hosting_failed = Signal(str)
    """The hub this laptop was to run did not start (the message says why)."""
    synced = Signal(str, str)
    """A sync asked for by the operator ended: a text for people and its level."""
    _heard = Signal(int)
    _reported = Signal(int, object)

    def __init__(
        self,
        db: Database,
        event: Event,
        *,
        kind: str = DESK,
        desk_name: str = "",
        joined: Joined | None = None,
        home: Path | None = None,
        event_file: str | None = None,
        hosting: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.event_config = event
        self.kind = kind
        self.home = home
        self.event_file = event_file
        self.code: JoinCode | None = joined.code if joined else None
        self.me: Installation | None = joined.me if joined else None
        self.host: HubHost | None = None
        self.laptop_url: str | None = db.url if db.engine.dialect.name == "sqlite" else None
        """This laptop's own database, to go back to on leaving a hub."""
        self.host_options: tuple[str, ...] = ()
        """More options for this laptop's `kiosk hub start` (--data, --port, --listen)."""
        self.runner = Runner(self)
        self._generation = 0
        self._listener: Listener | None = None
        self._version: stats_service.Version | None = None
        self._polling = False
        self.link = self._first_link(desk_name, joined.join if joined else "", hosting=hosting)
        self._heard.connect(self._on_heard, Qt.ConnectionType.QueuedConnection)
        self._reported.connect(self._on_report, Qt.ConnectionType.QueuedConnection)
        self._change_timer = QTimer(self)
        self._change_timer.setSingleShot(True)
        self._change_timer.setInterval(CHANGE_DELAY_MS)
        self._change_timer.timeout.connect(self._emit_changed)
        self._last_changed = 0.0
        self._poll = QTimer(self)
        self._poll.setInterval(LOCAL_POLL_MS)
        self._poll.timeout.connect(self._poll_local)
        self.replica: Database | None = None
        """This laptop's replica of the hub (opened at the first pull): a desk and a kiosk
        both work on it when the hub is lost."""
        self._replica_busy = False
        self._pull_again = False
        self._queued_meanwhile = False
        """An offline action was queued while a sync ran (it had read the outbox before)."""
        self._sent_offline = 0
        """Sent to the hub by the rounds of a return that found more queued meanwhile."""
        self._asked: list[bool] = []
        """Syncs the operator asked for while a pull ran: they are told how it ended."""
        self._last_pull = 0.0
        self.clock: Callable[[], datetime] = utcnow
        """This laptop's clock, compared with the hub's at each sync."""
        self._pull_timer = QTimer(self)
        self._pull_timer.setInterval(PULL_EVERY_MS)
        self._pull_timer.timeout.connect(self.request_pull)
        self._pull_soon = QTimer(self)
        self._pull_soon.setSingleShot(True)
        self._pull_soon.timeout.connect(self.request_pull)

    # ---- where the data is ---------------------------------------------------------------

    def _first_link(self, desk_name: str, join: str, *, hosting: bool) -> Link:
        url = make_url(self.db.url)
        if url.get_backend_name() == "sqlite":
            return Link(Place.LAPTOP, True, desk_name, where=url.database or "")
        if self.code is not None:
            name = self.me.name if self.me else desk_name
            return Link(
                Place.HUB, None, name, hosting=hosting, where=self.code.redacted(), join=join
            )
        where = f"{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"
        return Link(Place.SERVER, None, desk_name, where=where)

    def _set_link(self, link: Link) -> None:
        if link != self.link:
            self.link = link
            self.link_changed.emit(link)

    def set_hub_aside(self) -> None:
        """The desk's hub is not used this time (`--db` names another database): said on the
        status line until the desk joins a hub or leaves it."""
        self._set_link(replace(self.link, hub_aside=True))

    def set_desk_name(self, name: str) -> None:
        """The desk's name as its settings have it (a hub's desk: as registered)."""
        self._set_link(replace(self.link, desk_name=name))

    def desk(self, desk: Desk) -> Desk:
        """`desk` acting on this station's database, under its registered name on a hub."""
        name = self.me.name if self.me is not None and self.me.name else desk.name
        return replace(desk, db=self.db, name=name)

    # ---- live --------------------------------------------------------------------------

    def start(self) -> None:
        """Hear the database: LISTEN on PostgreSQL, a cheap question every two seconds on an
        SQLite file (another process may write to it)."""
        self._generation += 1
        generation = self._generation
        if self.db.engine.dialect.name == "postgresql":
            heard, reported = self._heard, self._reported
            self._listener = Listener(
                self.db,
                self.me,
                lambda: _emit_from_thread(heard, generation),
                lambda report: _emit_from_thread(reported, generation, report),
            )
            self._listener.start()
            if self._keeps_replica():
                self._pull_timer.start()
                self.request_pull()
        else:
            self._version = None
            self._poll.start()

    def stop(self, *, wait_s: float = 5.0) -> None:
        """Stop hearing the database (the listener's thread is waited for `wait_s` at most:
        it is a daemon thread, and a hub that does not answer keeps it a while)."""
        self._generation += 1
        self._poll.stop()
        self._change_timer.stop()
        self._pull_timer.stop()
        self._pull_soon.stop()
        if self._listener is not None:
            self._listener.stop(wait_s)
            self._listener = None

    def close(self) -> None:
        """The app quits: stop hearing, stop this laptop's hub, close the database. What runs
        on a hub that does not answer (a pull is never cut) is waited for `CLOSE_WAIT_MS` at
        most: the outbox is on disk and is sent at the next start, and the work's threads are
        daemons, so the app ends all the same."""
        self.stop(wait_s=CLOSE_WAIT_MS / 1000)
        if self.host is not None:
            self.host.stop()
            self.host = None
        if not self.runner.wait(CLOSE_WAIT_MS):
            log.info("closing while the hub does not answer: its work is left behind")
        if self.replica is not None:
            self.replica.dispose()
            self.replica = None
        self.db.dispose()

    def _on_heard(self, generation: int) -> None:
        if generation != self._generation:
            return
        self.request_pull()
        if self._change_timer.isActive():
            return
        since_ms = (time.monotonic() - self._last_changed) * 1000
        self._change_timer.start(max(CHANGE_DELAY_MS, round(REFRESH_EVERY_MS - since_ms)))

    def _emit_changed(self) -> None:
        self._last_changed = time.monotonic()
        self.changed.emit()

    def _on_report(self, generation: int, report: Report) -> None:
        if generation != self._generation:
            return  # from the database this desk worked on before
        if not report.reachable:
            self._unreachable(self._host_problem() or report.problem)
            return
        link = replace(self.link, reachable=True, desks=report.desks, problem=self._host_problem())
        self._set_link(link)
        if link.offline and not self._replica_busy:
            self._run_replica_job()  # back: what waits is sent, then the desk goes online

    def _unreachable(self, problem: str) -> None:
        """The hub is out of reach: a desk with a replica goes on working on it."""
        link = replace(self.link, reachable=False, problem=problem)
        if self.replica is not None and link.data_at is not None:
            if not link.offline:
                log.info("the hub cannot be reached: working on this desk's replica")
            link = replace(link, offline=True)
        self._set_link(link)
        if link.offline:
            self.count_queued()

    def _host_problem(self) -> str:
        """Why this laptop's own hub cannot be reached: it failed, or its database is being
        started again (the desks, this one too, work on their replicas meanwhile)."""
        if self.host is None or not self.link.hosting:
            return ""
        return self.host.problem or self.host.restarting

    def _poll_local(self) -> None:
        if self._polling:
            return
        self._polling = True
        generation = self._generation

        def read(version: stats_service.Version) -> None:
            self._polling = False
            if generation != self._generation:
                return
            if self._version is not None and version != self._version:
                self.changed.emit()
            self._version = version

        def failed(exc: Exception) -> None:
            self._polling = False
            log.info("polling the database failed: %s", type(exc).__name__)

        desk = Desk(self.db, self.event_config)
        self.runner.read(lambda: stats_service.data_version(desk), read, failed)

    def note_action(self) -> None:
        """This desk wrote something: its last action, for the hub's list of desks (offline:
        one more in the queue)."""
        if self.link.offline:
            if self._replica_busy:
                self._queued_meanwhile = True
            self.count_queued()
        elif self._listener is not None:
            self._listener.note_action(utcnow())

    def connection_lost(self) -> None:
        """An action found the database out of reach: say so now, not at the next heartbeat
        (the listener says when it is back)."""
        if self.link.place is not Place.LAPTOP and self.link.reachable is not False:
            self._unreachable(self._host_problem() or unreachable_text())

    # ---- the replica, and working without the hub ----------------------------------------

    @property
    def working_db(self) -> Database:
        """The database the windows work on now: the replica while the hub is out of reach."""
        if self.link.offline and self.replica is not None:
            return self.replica
        return self.db

    def begin_offline(self, replica: Database, data_at: datetime) -> None:
        """Started while the hub cannot be reached: the desk (or kiosk) works on the replica
        it pulled before, from the start; once the hub answers, what waits is sent and it
        works on the hub (as after any loss of the hub). Before `start`."""
        log.info("the hub cannot be reached at start: working on this laptop's replica")
        self.replica = replica
        self.link = replace(
            self.link, reachable=False, offline=True, data_at=data_at, problem=unreachable_text()
        )
        self.count_queued()

    def _keeps_replica(self) -> bool:
        return self.code is not None and self.me is not None

    def request_pull(self) -> None:
        """Bring the replica up to date soon (at once unless one was pulled within
        `PULL_GAP_MS`); anything queued is sent first. Online only."""
        if not self._keeps_replica() or self.link.offline or self.link.reachable is False:
            return
        if self._replica_busy:
            self._pull_again = True
            return
        wait_ms = PULL_GAP_MS - (time.monotonic() - self._last_pull) * 1000
        if wait_ms > 0:
            if not self._pull_soon.isActive():
                self._pull_soon.start(round(wait_ms))
            return
        self._run_replica_job()

    def sync_now(self) -> None:
        """The operator asks: send what waits and pull now (told by `synced`)."""
        if not self._keeps_replica():
            return
        self._asked.append(True)
        if self._replica_busy:
            self._pull_again = True
        else:
            self._run_replica_job()

    def _run_replica_job(self) -> None:
        """Send what is queued (in order, each once) and pull, on this station's runner; a
        desk that was offline goes back online when it is done."""
        assert self.code is not None and self.me is not None
        self._pull_soon.stop()
        self._replica_busy = True
        self._last_pull = time.monotonic()
        generation = self._generation
        code, home, event, me = self.code, self.home, self.event_config, self.me
        hub = Desk(self.db, event, name=me.name or self.link.desk_name or "desk")
        replica = self.replica
        opened: list[Database] = []
        measured: list[float] = []
        clock = self.clock

        def work() -> SyncResult:
            from kiosk.hub.deadline import SYNC_SILENCE_S, answers_within
            from kiosk.offline.local import open_local_replica
            from kiosk.offline.sync import sync

            local = replica or open_local_replica(code, event, create=True, home=home)
            assert local is not None
            opened.append(local)
            # A hub that takes the packets and answers nothing (a stall) is given up after a
            # while of silence, as a lost connection; a sync the hub answers is never cut.
            with answers_within(SYNC_SILENCE_S):
                measured.append(hub_clock_offset(hub.db, clock))
                return sync(hub, local, me.id)

        def done(result: SyncResult) -> None:
            current = generation == self._generation
            self._replica_done(generation, opened, result, None)
            if measured and current:
                self._clock_measured(measured[0])  # after the sync's own message

        def failed(exc: Exception) -> None:
            self._replica_done(generation, opened, None, exc)

        self.runner.write(work, done, failed)

    def _replica_done(
        self,
        generation: int,
        opened: list[Database],
        result: SyncResult | None,
        error: Exception | None,
    ) -> None:
        self._replica_busy = False
        asked, self._asked = self._asked, []
        local = opened[0] if opened else None
        if generation != self._generation:
            if local is not None and local is not self.replica:
                local.dispose()
            return
        if local is not None:
            self.replica = local
        if result is None:
            assert error is not None
            self._pull_failed(error, asked=bool(asked))
        else:
            meanwhile, self._queued_meanwhile = self._queued_meanwhile, False
            was_offline = self.link.offline
            at = result.pulled.at if result.pulled is not None else self.link.data_at
            if meanwhile and was_offline:
                # That is sent too before the desk works on the hub again.
                self._sent_offline += result.sent
                self._set_link(replace(self.link, data_at=at))
                self._asked = asked
                self._run_replica_job()
                return
            link = replace(
                self.link,
                offline=False,
                queued=result.queued,
                refusals=min(self.link.refusals, result.queued),  # counted again when offline
                data_at=at,
            )
            if was_offline:
                sent, self._sent_offline = self._sent_offline + result.sent, 0
                log.info("the hub is back: %d sent, working on the hub again", sent)
                link = replace(link, reachable=True, problem=self._host_problem())
            self._set_link(link)
            if result.sent:
                # The hub decided on what this desk did without it (another desk's earlier
                # entry may count instead): the card and list on screen are read again.
                self._emit_changed()
            if asked:
                self.synced.emit(synced_text(result), "info")
        if self._pull_again:
            self._pull_again = False
            self.request_pull()

    def _clock_measured(self, offset: float) -> None:
        """A sync compared the clocks: a laptop more than a minute off the hub's is told so
        once (and again when it is off by another amount), and the status line keeps it."""
        before = self.link.clock_warning
        self._set_link(replace(self.link, clock_offset=offset))
        warning = self.link.clock_warning
        if warning is not None and warning != before:
            log.warning("this laptop's clock is %+.0f s off the hub's", -offset)
            self.synced.emit(warning, "warning")

    def _pull_failed(self, error: Exception, *, asked: bool) -> None:
        if is_connection_lost(error):
            log.info("pulling from the hub failed: %s", type(error).__name__)
            if self.link.data_at is None and self.replica is not None:
                self._note_last_pull()
            self.connection_lost()
        else:
            log.warning("pulling from the hub failed: %r", error)
        if asked:
            self.synced.emit(
                message(
                    "Синхронизировать не получилось: нет связи с хабом. Всё в очереди "
                    "сохранено и уйдёт, когда связь вернётся.",
                    "Could not sync: the hub cannot be reached. Everything queued is kept "
                    "and goes when the connection is back.",
                ),
                "error",
            )

    def _note_last_pull(self) -> None:
        """The replica's last pull (from an earlier run) as the status line's time."""
        from kiosk.offline.replica import last_pull

        assert self.replica is not None
        pulled = last_pull(self.replica)
        if pulled is not None:
            self.link = replace(self.link, data_at=pulled[1])

    def count_queued(self) -> None:
        """Count what waits to be sent, off the GUI thread, for the status line."""
        if self.replica is None or self.me is None:
            return
        replica, me, generation = self.replica, self.me, self._generation

        def count() -> tuple[int, int]:
            from kiosk.offline.sync import queued, refusals_among

            waiting = queued(replica, me.id)
            return len(waiting), refusals_among(waiting)

        def show(counted: tuple[int, int]) -> None:
            number, refused = counted
            if generation != self._generation:
                return
            if (number, refused) != (self.link.queued, self.link.refusals):
                self._set_link(replace(self.link, queued=number, refusals=refused))

        self.runner.read(count, show, lambda exc: log.warning("counting the outbox: %r", exc))

    def queued_now(self) -> int:
        """What waits to be sent, counted now (when the app is closing)."""
        if self.replica is None or self.me is None:
            return 0
        from kiosk.offline.sync import queued

        return len(queued(self.replica, self.me.id))

    # ---- switching ---------------------------------------------------------------------

    def adopt(self, joined: Joined, *, hosting: bool = False) -> None:
        """Work on the hub just joined from now on (remembered for the next start)."""
        desks.remember(joined.code, joined.me, self.home)
        save_hub_settings(joined.join, hosting)
        self._switch(joined.db, joined.code, joined.me, joined.join, hosting=hosting)

    def use_laptop(self, db: Database | None = None) -> None:
        """Leave the hub: work on this laptop's own database again (opened first: one this
        event cannot use is a `DatabaseError`, and the desk stays where it is)."""
        own = db or open_database(self.laptop_url, self.event_config)
        if self.host is not None:
            self.host.stop()
            self.host = None
        save_hub_settings("", False)
        self._switch(own, None, None, "", hosting=False)

    def _switch(
        self,
        db: Database,
        code: JoinCode | None,
        me: Installation | None,
        join: str,
        *,
        hosting: bool,
    ) -> None:
        self.stop()
        old, self.db = self.db, db
        if self.replica is not None:
            self.replica.dispose()  # the previous hub's
            self.replica = None
        if db.engine.dialect.name == "sqlite":
            self.laptop_url = db.url
        self.code, self.me = code, me
        self.link = self._first_link(self.link.desk_name, join, hosting=hosting)
        self.link_changed.emit(self.link)
        self.database_changed.emit(db)
        self.start()
        if old is not db:
            # Work still running on the old one keeps its connection until it ends.
            old.dispose()

    # ---- joining and renaming ------------------------------------------------------------

    def rename(
        self,
        name: str,
        on_done: Callable[[str], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        """A hub's desk renamed in the settings: registered under the new name first (it may
        be another desk's)."""
        if self.me is None or self.code is None:
            on_done(name)
            return
        me, code, home, db = self.me, self.code, self.home, self.db

        def registered(renamed: Installation) -> None:
            self.me = renamed
            desks.remember(code, renamed, home)
            if self._listener is not None:
                self._listener.me = renamed
            self._set_link(replace(self.link, desk_name=renamed.name))
            on_done(renamed.name)

        self.runner.slow(lambda: desks.register(db, me, name), registered, on_error)

    # ---- this laptop as the hub ----------------------------------------------------------

    def start_hosting(
        self,
        source: Path | None,
        on_ready: Callable[[Announcement], None],
        host: HubHost | None = None,
    ) -> None:
        """Run the hub on this laptop; `on_ready` once it accepts desks (then join it as any
        desk does). A failure is `hosting_failed`."""
        if self.host is not None:
            self.host.stop()
        self.host = host or HubHost(self.event_file, self, extra=self.host_options)
        self.host.ready.connect(self._host_ready)
        self.host.ready.connect(on_ready)
        self.host.failed.connect(self._host_failed)
        self._set_link(replace(self.link, starting=True))
        self.host.start(source)

    def keep_host(self, host: HubHost) -> None:
        """This laptop's hub, started before the station (the app's start joins it first):
        the station stops it with the app, and hears it if it stops on its own."""
        host.setParent(self)
        self.host = host
        host.failed.connect(self._host_failed)

    def _host_ready(self, _announced: Announcement) -> None:
        self._set_link(replace(self.link, starting=False))

    def _host_failed(self, text: str) -> None:
        if self.link.hosting:
            self._set_link(replace(self.link, starting=False, reachable=False, problem=text))
        else:
            self._set_link(replace(self.link, starting=False))
            if self.host is not None:
                self.host.stop()
                self.host = None
            self.hosting_failed.emit(text)

    def stop_hosting(self) -> None:
        """This laptop is no longer the hub: the hub stops; the desk goes back to its own
        database on this laptop."""
        self.use_laptop()


# ---- joining ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NameQuestion:
    """The desk's name cannot be used: why, a free one to offer, and whether the desk that has
    it is gone (so this laptop may take its place)."""

    text: str
    name: str
    """The name asked for."""
    suggestion: str
    replaceable: bool = False


NameAnswer = tuple[str, bool] | None
"""The name chosen and whether this laptop replaces the desk that had it; None: cancelled."""


class Joining(QObject):
    """Joining a hub from its code (scanned or pasted) off the GUI thread: check the code,
    connect and pin the certificate, then register this laptop under its name, asking
    `ask_name` (on the GUI thread) for another one while it is taken. A kiosk joining a hub
    that has no staff PIN yet is asked for one (`ask_pin`)."""

    finished = Signal(object)
    """A `Joined`."""
    failed = Signal(str)
    """Why it did not join ("" when the person cancelled), never with the code in it."""

    def __init__(
        self,
        event: Event,
        kind: str,
        name: str,
        ask_name: Callable[[NameQuestion], NameAnswer],
        *,
        ask_pin: Callable[[Database], bool] | None = None,
        home: Path | None = None,
        url: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.event_config = event
        self.kind = kind
        self.name = name
        self.ask_name = ask_name
        self.ask_pin = ask_pin
        self.home = home
        self.url = url
        self.runner = Runner(self)
        self.running = False

    def start(self, text: str) -> None:
        self.running = True
        event, kind, home, url = self.event_config, self.kind, self.home, self.url

        def connect() -> Joined:
            code, db = desks.open_hub(text, event, home, url=url)
            try:
                me = desks.installation(code, kind, home)
                has_pin = True
                if kind == desks.KIOSK:
                    from kiosk.services import selfservice

                    has_pin = selfservice.has_pin(db)
                return Joined(code, code.encode(), db, me, has_pin)
            except BaseException:
                db.dispose()
                raise

        self.runner.slow(connect, self._connected, self._failed)

    def _connected(self, joined: Joined) -> None:
        if not joined.has_pin and self.ask_pin is not None and not self.ask_pin(joined.db):
            self._give_up(joined, "")
            return
        name = self.name if self.kind == DESK else ""
        if self.kind == DESK and joined.me.name and not name:
            name = joined.me.name
        self._register(joined, name, take_over=False)

    def _register(self, joined: Joined, name: str, *, take_over: bool) -> None:
        def done(me: Installation) -> None:
            # The name the hub gave is this laptop's from now on, however it joined (`--db`,
            # the settings, the first start): a start without the hub works under it.
            desks.remember(joined.code, me, self.home)
            self.running = False
            self.finished.emit(replace(joined, me=me))

        def refused(exc: Exception) -> None:
            question: NameQuestion | None = None
            if isinstance(exc, DeskNameTaken):
                question = NameQuestion(
                    str(exc), exc.name, exc.suggestion, not exc.holder.connected
                )
            elif isinstance(exc, DeskNameInvalid):
                question = NameQuestion(str(exc), name, without_join_code(name))
            if question is not None:
                answer = self.ask_name(question)
                if answer is None:
                    self._give_up(joined, "")
                else:
                    self._register(joined, answer[0], take_over=answer[1])
                return
            self._give_up(joined, failure_text(exc))

        me = joined.me
        self.runner.slow(
            lambda: desks.register(joined.db, me, name, take_over=take_over), done, refused
        )

    def _give_up(self, joined: Joined, text: str) -> None:
        joined.db.dispose()
        self.running = False
        self.failed.emit(text)

    def _failed(self, exc: Exception) -> None:
        self.running = False
        self.failed.emit(failure_text(exc))


def failure_text(exc: Exception) -> str:
    """Why joining failed, for people, never by a Python class name: a hub that stopped
    answering (a timeout, a lost connection) says so; anything else unexpected only that it
    failed (its text might hold an address with the password), with its kind in the log."""
    if isinstance(exc, DatabaseError | DeskNameTaken | DeskNameInvalid):
        return str(exc)
    log.warning("joining the hub failed: %s", type(exc).__name__)
    if is_connection_lost(exc):
        return message(
            "Хаб не отвечает: связь с ним пропала во время подключения. Проверьте, что он "
            "запущен и ноутбуки в одной сети, и попробуйте ещё раз.",
            "The hub does not answer: the connection to it was lost while joining. Check that "
            "it runs and the laptops share a network, and try again.",
        )
    return message(
        "Не удалось подключиться к хабу. Попробуйте ещё раз; если не выйдет, перезапустите хаб.",
        "Could not join the hub. Try again; if that does not help, restart the hub.",
    )


def check_join_text(text: str) -> str | None:
    """None for a join code read whole; else what is wrong with `text`, for people."""
    if not looks_like_join_code(text):
        return message(
            "Это не код подключения к хабу: он начинается с HUB1-.",
            "That is not a hub's join code: it begins with HUB1-.",
        )
    try:
        decode(text)
    except ValueError:
        return message(
            "Код подключения прочитан не полностью или с ошибкой: отсканируйте или вставьте "
            "его ещё раз.",
            "The join code was read in part or with a mistake: scan or paste it again.",
        )
    return None


# ---- this laptop as the hub ---------------------------------------------------------------


@dataclass(frozen=True)
class Announcement:
    """What `kiosk hub start --json` says once it accepts desks."""

    join: str
    url: str
    """How this laptop reaches the hub's database (with the password: never shown or logged)."""
    host: str
    port: int

    def __repr__(self) -> str:  # never the code or the password, whatever prints it
        return f"Announcement(host={self.host!r}, port={self.port})"


class HubHost(QObject):
    """`kiosk hub start --json` as a child process of the app: started, read, stopped (when
    the app quits or the option is turned off)."""

    ready = Signal(object)
    """An `Announcement`."""
    failed = Signal(str)
    """It did not start, or it stopped on its own (the message says why)."""

    def __init__(
        self,
        event_file: str | None,
        parent: QObject | None = None,
        *,
        extra: tuple[str, ...] = (),
    ) -> None:
        super().__init__(parent)
        self.event_file = event_file
        self.extra = extra
        """More options for `kiosk hub start` (the tests' --data, --port, --listen)."""
        self.announcement: Announcement | None = None
        self.problem = ""
        self.restarting = ""
        """While the hub's database is being started again (it stopped: killed, crashed), the
        hub's words saying so; empty otherwise."""
        self._stdout = b""
        self._stderr = b""
        self._stopping = False
        self.process = QProcess(self)
        self.process.readyReadStandardOutput.connect(self._read_output)
        self.process.readyReadStandardError.connect(self._read_errors)
        self.process.finished.connect(self._finished)
        self.process.errorOccurred.connect(self._error)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._too_slow)

    @property
    def running(self) -> bool:
        return self.process.state() != QProcess.ProcessState.NotRunning

    def arguments(self, source: Path | None) -> list[str]:
        args = ["-m", "kiosk"]
        if self.event_file:
            args += ["--event", str(Path(self.event_file).expanduser().resolve())]
        # --with-parent: the hub ends with the app, also when the app is killed or crashes.
        args += ["hub", "start", "--json", "--with-parent", *self.extra]
        if source is not None:
            args += ["--from", str(source)]
        return args

    def start(self, source: Path | None = None) -> None:
        environment = QProcessEnvironment.systemEnvironment()
        environment.insert("KIOSK_LANG", language())
        environment.insert("PYTHONIOENCODING", "utf-8")
        self.process.setProcessEnvironment(environment)
        self.process.setWorkingDirectory(str(Path(__file__).resolve().parents[2]))
        self._stopping = False
        self.announcement = None
        self.problem = ""
        self.restarting = ""
        self._deadline.start(HOST_START_MS)
        self.process.start(sys.executable, self.arguments(source))

    def stop(self) -> None:
        """A clean stop (SIGTERM), then a kill if it does not end in time."""
        self._stopping = True
        self._deadline.stop()
        if not self.running:
            return
        self.process.terminate()
        if not self.process.waitForFinished(HOST_STOP_MS):
            self.process.kill()
            self.process.waitForFinished(5000)

    def _read_output(self) -> None:
        self._stdout += bytes(self.process.readAllStandardOutput().data())
        while b"\n" in self._stdout:
            line, self._stdout = self._stdout.split(b"\n", 1)
            self._line(line)

    def _line(self, line: bytes) -> None:
        try:
            document = json.loads(line.decode("utf-8", "replace"))
        except ValueError:
            return
        if not isinstance(document, dict):
            return
        if "join" in document and self.announcement is None:
            self._deadline.stop()
            join = str(document["join"])
            try:
                url = with_password(str(document["url"]), decode(join))
            except ValueError:
                self._fail(message("Хаб не запустился.", "The hub did not start."))
                return
            self.announcement = Announcement(
                join,
                url,
                str(document.get("host", "")),
                int(document.get("port", 0)),
            )
            log.info("the hub on this laptop is running (port %s)", self.announcement.port)
            if document.get("took_over"):
                log.info("the hub stopped the database server a previous hub had left running")
            self.ready.emit(self.announcement)
        elif "error" in document:
            self._fail(str(document["error"]))
        elif document.get("database") == "stopped":
            self.restarting = str(document.get("message", "")) or message(
                "База данных хаба перезапускается.", "The hub's database is restarting."
            )
            log.warning("the hub's database on this laptop stopped: starting it again")
        elif document.get("database") == "running":
            self.restarting = ""
            log.info("the hub's database on this laptop is running again")

    def _read_errors(self) -> None:
        self._stderr = (self._stderr + bytes(self.process.readAllStandardError().data()))[-4000:]

    def _finished(self, _code: int, _status: QProcess.ExitStatus) -> None:
        self._deadline.stop()
        if self._stopping:
            return
        if self.announcement is None:
            self._fail(
                message(
                    "Хаб не запустился. Подробности в журнале.",
                    "The hub did not start. Details are in the log.",
                )
            )
        else:
            self._fail(
                message(
                    "Хаб на этом ноутбуке остановился. Включите его снова в настройках.",
                    "The hub on this laptop has stopped. Turn it on again in the settings.",
                )
            )

    def _error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._fail(
                message(
                    "Хаб не запустился: программа не найдена.",
                    "The hub did not start: the program was not found.",
                )
            )

    def _too_slow(self) -> None:
        self._fail(message("Хаб не запустился вовремя.", "The hub did not start in time."))
        self.stop()

    def _fail(self, text: str) -> None:
        if self.problem:
            return
        self.problem = text
        # Its own words on stderr go to the log (they never hold the code: it is on stdout).
        errors = self._stderr.decode("utf-8", "replace").strip()
        log.warning("the hub on this laptop failed: %s %s", text, errors[-1000:])
        self.failed.emit(text)
