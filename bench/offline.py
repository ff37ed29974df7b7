"""A desk without its hub, on a running hub (bench.hub): how soon a scan is checked in once the
hub stops answering, how fast check-ins are on the desk's replica, how long the queue takes to
reach the hub, and how long the replica takes to pull. Each figure beside a floor measured in
the same run:

- **Loss → first offline check-in**: the desk app itself (its window, controller and
  `Station`, offscreen) reaches the hub through a small TCP proxy (tests.netproxy); the proxy
  is then cut in one of two ways — *refused* (every connection closed, new ones closed at
  once: a hub stopped, a cable pulled out) or *stalled* (bytes taken, nothing answered: a
  Wi-Fi that still takes packets, a frozen hub). Either a scan comes at that very moment (the
  scan in hand) or the desk is left alone until it says «офлайн» by itself, then a scan
  comes. From the cut to the scan's result shown. Floor: the same scan on the same window once
  it is working offline (the check-in on the replica alone).
- **Offline check-in p95**: `check_in` on the replica (its audit entry is the outbox's).
  Floor: the same check-ins, in turns, on a plain SQLite desk file with the same people.
- **Replay of the queue**: `kiosk.offline.sync.sync` of the queued check-ins (then the
  replica pulled, as the desk does). Floor: as many check-in rows inserted on the hub one by
  one, each committed, on a bare connection through the same TLS endpoint; and, as a
  baseline, as many check-ins made online by the desk's own `check_in` on the hub.
- **First full pull** of a new replica. Floor: the same tables copied out of the hub
  (`COPY … TO STDOUT`, every byte read) in one snapshot through the same endpoint.
- **Incremental pull after 100 changes** (100 check-ins made on the hub by others). Floor: a
  pull with nothing changed.

    python -m bench.offline [--size 100000] [--quick] [--json FILE]   (a hub of its own)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final

from bench.figures import percentile
from bench.hub import EXTRA, FLOOR_INSERT, RunningBench, _bare_url

NAME: Final = "bench-offline"
"""The benchmark desk's name (and its installation's, for the outbox's nonces)."""
TARGET_S: Final = 2.0
"""The issue's goal: working offline within 2 s of the hub's loss."""


@dataclass(frozen=True)
class Counts:
    queued: int
    """Check-ins made on the replica (the p95's samples), then replayed."""
    changes: int
    """Changes on the hub before an incremental pull."""
    pull_rounds: int
    loss_rounds: int
    """Rounds of each way of losing the hub."""
    give_up_s: float
    """How long a round waits for the desk to work offline before the network is healed."""


FULL: Final = Counts(queued=1000, changes=100, pull_rounds=5, loss_rounds=3, give_up_s=15.0)
QUICK: Final = Counts(queued=40, changes=20, pull_rounds=2, loss_rounds=1, give_up_s=6.0)


def measure(bench: RunningBench) -> dict[str, Any]:
    """Every figure of a desk without its hub (milliseconds unless the key says otherwise)."""
    counts = QUICK if bench.quick else FULL
    folder = Path(tempfile.mkdtemp(prefix="offline-", dir=bench.folder))
    try:
        return _measure(bench, counts, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _measure(bench: RunningBench, counts: Counts, folder: Path) -> dict[str, Any]:
    from bench.checkin import entitled_codes
    from kiosk.config import load_event
    from kiosk.db import open_database
    from kiosk.offline.replica import open_replica

    event = load_event()
    hub = open_database(bench.join, event)
    replica = open_replica(folder / "replica.sqlite3", event)
    result: dict[str, Any] = {}
    try:
        result |= full_pull(bench, hub, replica, folder)
        fresh = [
            code
            for code in entitled_codes(replica, event, 10**9, seed=14)
            if code not in set(bench.spare_codes)
        ]
        loss_codes = 4 * counts.loss_rounds + 4
        queued = min(
            counts.queued, (len(fresh) - loss_codes - counts.changes * counts.pull_rounds) // 3
        )
        if queued < 10:
            raise RuntimeError(
                f"{len(fresh)} people free to check in: too few for the offline part"
            )
        offline_codes = fresh[:queued]
        floor_codes = fresh[queued : 2 * queued]
        online_codes = fresh[2 * queued : 3 * queued]
        loss_pool = fresh[3 * queued : 3 * queued + loss_codes]
        change_codes = fresh[3 * queued + loss_codes :]
        plain = folder / "plain.sqlite3"
        shutil.copyfile(bench.sqlite, plain)
        result |= offline_checkins(
            replica, open_database(f"sqlite:///{plain}", event), offline_codes
        )
        result |= replay(bench, hub, replica, floor_codes, online_codes)
        result |= incremental_pulls(bench, hub, replica, change_codes, counts)
        result |= loss_to_checkin(bench, loss_pool, counts, folder)
    finally:
        replica.dispose()
        hub.dispose()
    return result


# ---- pulls -----------------------------------------------------------------------------------


def _copy_out(join: str) -> float:
    """Seconds to read every replicated table out of the hub, in one snapshot, as COPY."""
    import psycopg

    from kiosk.offline.replica import REPLICATED

    with psycopg.connect(_bare_url(join)) as bare:
        started = time.perf_counter()
        bare.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for name in REPLICATED:
            with bare.cursor().copy(f"COPY {name} TO STDOUT") as copy:
                for _block in copy:
                    pass
        bare.rollback()
        return time.perf_counter() - started


def full_pull(bench: RunningBench, hub: Any, replica: Any, folder: Path) -> dict[str, Any]:
    from sqlalchemy import func, select

    from bench import data
    from kiosk.config import load_event
    from kiosk.models import Attendee
    from kiosk.offline.replica import pull

    _copy_out(bench.join)  # the hub's pages in its cache for both alike
    started = time.perf_counter()
    pulled = pull(hub, replica)
    ours = time.perf_counter() - started
    floor = _copy_out(bench.join)
    with replica.read_rows() as connection:
        people = connection.execute(select(func.count()).select_from(Attendee)).scalar_one()
    # A baseline for the replica's side: as many people written into a new desk file in bulk,
    # with the search index the desk needs (bench.data, the import's way of writing).
    persons = data.people(people)
    started = time.perf_counter()
    data.build(folder / "built.sqlite3", persons, load_event()).dispose()
    built = time.perf_counter() - started
    return {
        "offline_pull_full_s": ours,
        "offline_pull_full_floor_s": floor,
        "offline_pull_full_ratio": ours / floor,
        "offline_pull_full_build_s": built,
        "offline_pull_full_build_ratio": ours / built,
        "offline_pull_full_rows": float(pulled.rows),
        "offline_pull_people": float(people),
    }


def _checked_in_on_hub(join: str, codes: list[str], day: Any) -> None:
    """Check-ins of `codes` made on the hub by another desk, one commit for all."""
    import psycopg

    from bench.checkin import MORNING

    with psycopg.connect(_bare_url(join)) as bare:
        ids = [
            row[0]
            for row in bare.execute(
                "SELECT id FROM attendees WHERE badge_code = ANY(%s)", (codes,)
            ).fetchall()
        ]
        with bare.cursor() as cursor:
            cursor.executemany(
                FLOOR_INSERT, [(attendee, day, MORNING, MORNING, "bench-other") for attendee in ids]
            )
        bare.commit()


def incremental_pulls(
    bench: RunningBench, hub: Any, replica: Any, codes: list[str], counts: Counts
) -> dict[str, Any]:
    from bench.checkin import MORNING
    from kiosk.config import load_event
    from kiosk.offline.replica import pull

    day = load_event().local_date(MORNING)
    ours: list[float] = []
    empty: list[float] = []
    rows: list[int] = []
    pull(hub, replica)
    for round_ in range(counts.pull_rounds):
        _checked_in_on_hub(
            bench.join, codes[round_ * counts.changes : (round_ + 1) * counts.changes], day
        )
        started = time.perf_counter()
        rows.append(pull(hub, replica).rows)
        ours.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        pull(hub, replica)
        empty.append((time.perf_counter() - started) * 1000)
    return {
        "offline_pull_changes": float(counts.changes),
        "offline_pull_incremental_ms": statistics.median(ours),
        "offline_pull_incremental_floor_ms": statistics.median(empty),
        "offline_pull_incremental_ratio": statistics.median(ours) / statistics.median(empty),
        "offline_pull_incremental_rows": float(statistics.median(rows)),
    }


# ---- check-ins on the replica, and their replay ------------------------------------------------


def offline_checkins(replica: Any, plain: Any, codes: list[str]) -> dict[str, Any]:
    """The same people checked in on the replica and on a plain desk file, in turns."""
    from bench.checkin import MORNING
    from kiosk.config import load_event
    from kiosk.rules import Outcome
    from kiosk.services.checkin import check_in
    from kiosk.services.context import Desk

    event = load_event()
    day = event.local_date(MORNING)
    on_replica = Desk(replica, event, name=NAME, clock=lambda: MORNING)
    on_file = Desk(plain, event, name=NAME, clock=lambda: MORNING)
    ours: list[float] = []
    floor: list[float] = []
    admitted = 0
    try:
        for code in codes:
            started = time.perf_counter()
            admitted += check_in(on_replica, code, day=day).status is Outcome.CHECKED_IN
            middle = time.perf_counter()
            check_in(on_file, code, day=day)
            floor.append((time.perf_counter() - middle) * 1000)
            ours.append((middle - started) * 1000)
    finally:
        plain.dispose()
    return {
        "offline_checkins": float(len(ours)),
        "offline_checkin_admitted": float(admitted),
        "offline_checkin_p50_ms": statistics.median(ours),
        "offline_checkin_p95_ms": percentile(ours, 0.95),
        "offline_checkin_floor_p50_ms": statistics.median(floor),
        "offline_checkin_floor_p95_ms": percentile(floor, 0.95),
        "offline_checkin_ratio": percentile(ours, 0.95) / percentile(floor, 0.95),
    }


def replay(
    bench: RunningBench, hub: Any, replica: Any, floor_codes: list[str], online_codes: list[str]
) -> dict[str, Any]:
    """The queue sent by `sync`; then the floor and the online baseline, as many each."""
    import psycopg

    from bench.checkin import MORNING
    from kiosk.config import load_event
    from kiosk.offline.sync import queued, sync
    from kiosk.services.checkin import check_in
    from kiosk.services.context import Desk

    event = load_event()
    day = event.local_date(MORNING)
    waiting = len(queued(replica, NAME))
    started = time.perf_counter()
    synced = sync(Desk(hub, event, name=NAME), replica, NAME)
    ours = time.perf_counter() - started
    count = len(floor_codes)
    with psycopg.connect(_bare_url(bench.join)) as bare:
        ids = dict(
            bare.execute(
                "SELECT badge_code, id FROM attendees WHERE badge_code = ANY(%s)", (floor_codes,)
            ).fetchall()
        )
        started = time.perf_counter()
        for code in floor_codes:
            bare.execute(FLOOR_INSERT, (ids[code], day, MORNING, MORNING, "bench-floor"))
            bare.commit()
        floor = time.perf_counter() - started
    online = Desk(hub, event, name=f"{NAME}-online", clock=lambda: MORNING)
    started = time.perf_counter()
    for code in online_codes:
        check_in(online, code, day=day)
    baseline = time.perf_counter() - started
    return {
        "offline_replay_queued": float(waiting),
        "offline_replay_sent": float(synced.sent),
        "offline_replay_conflicts": float(synced.conflicts),
        "offline_replay_left": float(synced.queued),
        "offline_replay_s": ours,
        "offline_replay_per_action_ms": ours * 1000 / max(1, synced.sent),
        "offline_replay_floor_s": floor * waiting / count,
        "offline_replay_ratio": ours / (floor * waiting / count),
        "offline_replay_online_s": baseline * waiting / count,
        "offline_replay_online_ratio": ours / (baseline * waiting / count),
    }


# ---- the hub lost under the desk app -----------------------------------------------------------


@dataclass
class LossRound:
    way: str
    """"refused" or "stalled"."""
    at_scan: bool
    """A scan at the moment of the loss (else the desk is left to notice by itself)."""
    total_s: float | None = None
    """From the cut to the scan's result shown; None: not offline within the give-up time."""
    noticed_s: float | None = None
    """From the cut to the desk saying «офлайн» by itself."""
    floor_s: float | None = None
    """The scan alone, the desk already offline."""
    outcome: str = ""


def loss_to_checkin(
    bench: RunningBench, codes: list[str], counts: Counts, folder: Path
) -> dict[str, Any]:
    rounds = [
        LossRound(way, at_scan)
        for _ in range(counts.loss_rounds)
        for way in ("refused", "stalled")
        for at_scan in (True, False)
    ]
    with _desk_app(bench, folder) as app:
        for round_, code in zip(rounds, codes, strict=False):
            app.lose_the_hub(round_, code, counts.give_up_s)
    result: dict[str, Any] = {"offline_loss_give_up_s": counts.give_up_s}
    floors = [r.floor_s for r in rounds if r.floor_s is not None]
    floor = statistics.median(floors) if floors else None
    if floor is not None:
        result["offline_loss_floor_s"] = floor
    for way in ("refused", "stalled"):
        for at_scan, name in ((True, "scan"), (False, "idle")):
            chosen = [r for r in rounds if r.way == way and r.at_scan == at_scan]
            done = [r.total_s for r in chosen if r.total_s is not None]
            key = f"offline_loss_{way}_{name}_to_checkin_s"
            result[f"{key[:-1]}missed"] = float(len(chosen) - len(done))
            result[f"offline_loss_{way}_{name}_admitted"] = float(
                sum(r.outcome == "checked_in" for r in chosen)
            )
            if done:
                result[key] = max(done)
                if floor is not None:
                    result[f"{key[:-1]}ratio"] = max(done) / floor
            if not at_scan:
                noticed = [r.noticed_s for r in chosen if r.noticed_s is not None]
                if noticed:
                    result[f"offline_loss_{way}_noticed_s"] = max(noticed)
    return result


class _DeskApp:
    """The desk window on the hub through the proxy, as the app opens it (offscreen)."""

    def __init__(self, bench: RunningBench, folder: Path) -> None:
        if "PySide6.QtWidgets" not in sys.modules:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        from bench.checkin import MORNING
        from kiosk.config import load_event
        from kiosk.hub.desks import DESK
        from kiosk.hub.join import decode
        from kiosk.services.context import Desk
        from tests.netproxy import Proxy
        from ui.common.hub import Station
        from ui.common.hub_widgets import join_and_wait
        from ui.common.runner import Runner
        from ui.common.settings import DeskSettings
        from ui.desk.controller import DeskController
        from ui.desk.window import DeskWindow

        self.app = QApplication.instance() or QApplication([])
        # The window may remember its settings: in the benchmark's folder, not the user's.
        QSettings.setPath(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings")
        )
        event = load_event()
        code = decode(bench.join)
        self.proxy = Proxy(code.host, code.port)
        home = folder / "desk-app"
        joined = join_and_wait(
            event, DESK, NAME, replace(code, port=self.proxy.port).encode(), home=home
        )
        if isinstance(joined, str):
            self.proxy.close()
            raise RuntimeError(f"the benchmark's desk did not join the hub: {joined}")
        self.station = Station(joined.db, event, joined=joined, home=home)
        self.station.start()
        desk = self.station.desk(Desk(joined.db, event, name=NAME, clock=lambda: MORNING))
        name = self.station.link.desk_name or NAME
        settings = DeskSettings(desk_name=name, printer="", auto_print=False, sounds=False)
        self.controller = DeskController(desk, Runner(), settings)
        self.window = DeskWindow(self.controller, station=self.station)
        self.window.confirm_close = lambda _waiting: True
        self.shown: dict[str, tuple[float, str]] = {}
        self.offline_at: float | None = None
        show_outcome = self.window.show_outcome

        def shown(result: Any, changes: Any = ()) -> None:
            show_outcome(result, changes)
            if result.attendee is not None:
                self.shown[result.attendee.code] = (time.perf_counter(), str(result.status))

        self.window.show_outcome = shown  # type: ignore[method-assign]
        self.station.link_changed.connect(self._link_changed)
        self.window.show()
        self.wait(lambda: self.online, 900.0)  # the first pull: the whole replica

    def _link_changed(self, link: Any) -> None:
        if link.offline and self.offline_at is None:
            self.offline_at = time.perf_counter()

    @property
    def online(self) -> bool:
        link = self.station.link
        return (
            link.ready
            and not link.offline
            and link.data_at is not None
            and not self.controller.offline
            and not self.controller.runner.is_busy()
        )

    def wait(self, done: Callable[[], bool], timeout_s: float) -> bool:
        from bench.gui import wait_until

        try:
            wait_until(self.app, done, timeout_s)  # type: ignore[arg-type]
        except TimeoutError:
            return False
        return True

    def lose_the_hub(self, round_: LossRound, code: str, give_up_s: float) -> None:
        if not self.wait(lambda: self.online, 120.0):
            raise RuntimeError("the benchmark's desk did not come back online")
        self.offline_at = None
        cut = self.proxy.refuse if round_.way == "refused" else self.proxy.stall
        started = time.perf_counter()
        cut()
        if round_.at_scan:
            self.controller.scanned(code)
            if self.wait(lambda: code in self.shown, give_up_s):
                round_.total_s = self.shown[code][0] - started
        elif self.wait(lambda: self.offline_at is not None, give_up_s):
            assert self.offline_at is not None
            round_.noticed_s = self.offline_at - started
            scanned = time.perf_counter()
            self.controller.scanned(code)
            if self.wait(lambda: code in self.shown, give_up_s):
                round_.total_s = self.shown[code][0] - started
                round_.floor_s = self.shown[code][0] - scanned
        self.proxy.heal()
        if round_.at_scan and round_.total_s is None:
            self.wait(lambda: code in self.shown, 60.0)  # the scan ends once the network is back
        if code in self.shown:
            round_.outcome = self.shown[code][1]

    def close(self) -> None:
        self.proxy.heal()
        self.wait(lambda: self.online, 60.0)
        self.controller.runner.wait()
        self.window.close()
        self.station.close()
        self.proxy.close()


@contextmanager
def _desk_app(bench: RunningBench, folder: Path) -> Iterator[_DeskApp]:
    app = _DeskApp(bench, folder)
    try:
        yield app
    finally:
        app.close()


EXTRA.append(measure)


# ---- the report --------------------------------------------------------------------------------


def _n(value: float) -> str:
    from bench.hub import _n as number

    return number(value)


def _loss_row(result: dict[str, Any], way: str, name: str, title: str) -> list[str]:
    key = f"offline_loss_{way}_{name}_to_checkin_s"
    missed = int(result.get(f"offline_loss_{way}_{name}_to_checkin_missed", 0))
    floor = result.get("offline_loss_floor_s")
    if key not in result:
        return [f"| {title} | not offline within {_n(result['offline_loss_give_up_s'])} s | | |"]
    ratio = f"{result[key] / floor:.0f}×" if floor else ""
    note = f" ({missed} of the rounds not offline within the limit)" if missed else ""
    return [f"| {title}{note} | {_n(result[key])} | {_n(floor or 0.0)} | {ratio} |"]


def report(result: dict[str, Any]) -> list[str]:
    """The offline table of BENCHMARKS.md (lines; none when it was not measured)."""
    if "offline_pull_full_s" not in result:
        return []
    lines = [
        "",
        "| a desk without its hub | ours | floor | ours / floor |",
        "|---|---|---|---|",
    ]
    for way in ("refused", "stalled"):
        lines += _loss_row(
            result,
            way,
            "scan",
            f"hub {way} → the scan in hand checked in offline, s (worst round); floor: the same "
            "scan on the offline desk",
        )
        lines += _loss_row(
            result,
            way,
            "idle",
            f"hub {way} → desk idle until «офлайн», then a scan checked in, s (worst round)",
        )
    rows = [
        (
            "offline check-in p95, ms; floor: the same check-ins on a plain SQLite desk",
            "offline_checkin_p95_ms",
            "offline_checkin_floor_p95_ms",
        ),
        (
            f"replay of {int(result['offline_replay_queued'])} queued check-ins (sync, pull "
            "included), s; floor: as many rows inserted on the hub one by one, same endpoint",
            "offline_replay_s",
            "offline_replay_floor_s",
        ),
        (
            "the same replay; baseline: as many check-ins made online on the hub by the desk",
            "offline_replay_s",
            "offline_replay_online_s",
        ),
        (
            f"first full pull ({int(result['offline_pull_people'])} people, "
            f"{int(result['offline_pull_full_rows'])} rows), s; floor: the tables COPY'd out",
            "offline_pull_full_s",
            "offline_pull_full_floor_s",
        ),
        (
            "the same pull; baseline: as many people written into a new desk file in bulk, "
            "search index included (bench.data)",
            "offline_pull_full_s",
            "offline_pull_full_build_s",
        ),
        (
            f"pull after {int(result['offline_pull_changes'])} changes, ms; floor: a pull with "
            "nothing changed",
            "offline_pull_incremental_ms",
            "offline_pull_incremental_floor_ms",
        ),
    ]
    for title, ours, floor in rows:
        lines.append(
            f"| {title} | {_n(result[ours])} | {_n(result[floor])} | "
            f"{result[ours] / result[floor]:.2f}× |"
        )
    noticed = [
        f"{way} {_n(result[f'offline_loss_{way}_noticed_s'])} s"
        for way in ("refused", "stalled")
        if f"offline_loss_{way}_noticed_s" in result
    ]
    lines += [
        "",
        f"Offline check-in p50 {_n(result['offline_checkin_p50_ms'])} ms (floor "
        f"{_n(result['offline_checkin_floor_p50_ms'])} ms) over "
        f"{int(result['offline_checkins'])} check-ins; the replay sent "
        f"{int(result['offline_replay_sent'])} ({_n(result['offline_replay_per_action_ms'])} ms "
        f"each), {int(result['offline_replay_conflicts'])} kept apart, "
        f"{int(result['offline_replay_left'])} left queued. An idle desk said «офлайн» by itself "
        f"after (worst round): {', '.join(noticed) or 'never within the limit'}.",
    ]
    return lines


def run(*, size: int, quick: bool = False, log: Callable[[str], None] = print) -> dict[str, Any]:
    """A hub of its own with `size` demo people, and this section's figures measured on it."""
    from bench import data
    from bench.hub import start_hub
    from kiosk.config import load_event

    folder = Path(tempfile.mkdtemp(prefix="bench-offline-"))
    hub = None
    try:
        log(f"offline: a desk file of {size} attendees …")
        sqlite = folder / "desk.sqlite3"
        data.build(sqlite, data.people(size), load_event()).dispose()
        log("offline: kiosk hub start --from the desk file …")
        hub = start_hub(sqlite, folder)
        log("offline: pulls, check-ins on the replica, the replay, the hub lost …")
        return measure(RunningBench(hub.join, hub.url, sqlite, (), folder, quick))
    finally:
        if hub is not None:
            hub.stop()
            shutil.rmtree(hub.data, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.offline", description=__doc__)
    parser.add_argument("--size", type=int, default=100_000, help="attendees (100 000)")
    parser.add_argument("--quick", action="store_true", help="fewer samples (the smoke test)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    from bench.suite import machine

    result = dict(machine()) | run(
        size=args.size,
        quick=args.quick,
        log=lambda line: print(line, file=sys.stderr, flush=True),
    )
    print("\n".join(report(result)[1:]))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
