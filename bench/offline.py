"""A desk without its hub, on a running hub (bench.hub): how soon it works offline when the hub
stops answering, how fast it checks in on its replica, how long its queue takes to reach the
hub, and how long its replica takes to pull.

- **Loss → first offline check-in**: the desk reaches the hub through a proxy that then stalls
  (takes packets, answers nothing — the worst case: a refused connection is seen at once); from
  the scan to the check-in made on the replica. Floor: the scan deadline itself.
- **Offline check-in**: a scan decided and written on the replica (the outbox entry with it).
  Floor: one check-in row inserted and committed on the same file (synchronous=FULL).
- **Replay of the queue**: `kiosk.offline.sync.sync` of up to 1 000 queued check-ins, replica
  pulled after. Floor: as many one-row INSERTs, each committed, over the same TLS endpoint.
- **First full pull**: a new replica of every person. Floor: the same rows only read.
- **Incremental pull after 100 changes**. Floor: a pull with nothing changed.

    python -m bench.offline [--size 5000] [--json FILE]   (its own hub; bench.hub runs it too)
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

from bench.figures import percentile
from bench.hub import EXTRA, RunningBench

LOSS_ROUNDS: Final = 3
QUEUED: Final = 1000
CHANGES: Final = 100


def measure(bench: RunningBench) -> dict[str, Any]:
    from sqlalchemy import func, select, text, update

    from bench.checkin import MORNING
    from kiosk.config import load_event
    from kiosk.db import open_database
    from kiosk.hub.deadline import SCAN_DEADLINE_S, within
    from kiosk.hub.join import decode
    from kiosk.hub.live import is_connection_lost
    from kiosk.models import Attendee, CheckIn
    from kiosk.offline.replica import REPLICATED, open_replica, pull
    from kiosk.offline.sync import sync
    from kiosk.rules import Outcome
    from kiosk.services.checkin import check_in
    from kiosk.services.context import Desk
    from tests.netproxy import Proxy

    event = load_event()
    day = event.local_date(MORNING)
    result: dict[str, Any] = {}
    hub = open_database(bench.join, event)
    folder = Path(tempfile.mkdtemp(prefix="offline-", dir=bench.folder))
    replica = open_replica(folder / "replica.sqlite3", event)
    code = decode(bench.join)
    proxy = Proxy(code.host, code.port)
    through = open_database(replace(code, port=proxy.port).encode(), event)
    try:
        started = time.perf_counter()
        full = pull(hub, replica)
        result["offline_full_pull_s"] = time.perf_counter() - started
        result["offline_full_pull_rows"] = float(full.rows)
        started = time.perf_counter()
        with hub.read_rows() as connection:
            for name in REPLICATED:
                connection.exec_driver_sql(f"SELECT * FROM {name}").all()
        result["offline_full_pull_floor_s"] = time.perf_counter() - started

        with replica.read_rows() as connection:
            came = select(CheckIn.attendee_id).where(CheckIn.day == day)
            free = list(
                connection.execute(
                    select(Attendee.badge_code)
                    .where(Attendee.id.not_in(came), Attendee.badge_code.not_in(bench.spare_codes))
                    .order_by(Attendee.id)
                ).scalars()
            )
        online = Desk(through, event, name="bench-offline", clock=lambda: MORNING)
        offline = Desk(replica, event, name="bench-offline", clock=lambda: MORNING)

        # The hub lost under a scan: the deadline, then the replica.
        losses: list[float] = []
        for badge in free[:LOSS_ROUNDS]:
            check_in_online = within(SCAN_DEADLINE_S, lambda b=badge: check_in(online, b, day=day))
            with through.write_rows() as connection:
                connection.execute(text("SELECT 1"))  # a pooled connection, as a desk has
            proxy.stall()
            started = time.perf_counter()
            try:
                check_in_online()
            except Exception as exc:
                if not is_connection_lost(exc):
                    raise
                check_in(offline, badge, day=day)
                losses.append((time.perf_counter() - started) * 1000)
            proxy.heal()
        if losses:
            result["offline_loss_to_checkin_ms"] = max(losses)
            result["offline_loss_floor_ms"] = SCAN_DEADLINE_S * 1000

        # Offline check-ins on the replica, each queued.
        samples: list[float] = []
        admitted = 0
        for badge in free[LOSS_ROUNDS:]:
            if admitted >= QUEUED - LOSS_ROUNDS:
                break
            started = time.perf_counter()
            outcome = check_in(offline, badge, day=day)
            samples.append((time.perf_counter() - started) * 1000)
            admitted += outcome.status is Outcome.CHECKED_IN
        if samples:
            result["offline_checkin_p50_ms"] = statistics.median(samples)
            result["offline_checkin_p95_ms"] = percentile(samples, 0.95)
            result["offline_checkin_floor_p95_ms"] = _bare_inserts(folder / "floor.sqlite3")

        started = time.perf_counter()
        replayed = sync(Desk(hub, event, name="bench-offline"), replica, "bench-offline")
        result["offline_replay_s"] = time.perf_counter() - started
        result["offline_replayed"] = float(replayed.sent)
        started = time.perf_counter()
        with hub.engine.connect() as connection:
            connection.exec_driver_sql("CREATE TEMP TABLE bench_replay_floor (n integer)")
            connection.commit()
            for number in range(replayed.sent):
                connection.exec_driver_sql(
                    "INSERT INTO bench_replay_floor VALUES (%(n)s)", {"n": number}
                )
                connection.commit()
        result["offline_replay_floor_s"] = time.perf_counter() - started

        with hub.write_rows() as connection:
            touched = connection.execute(
                select(Attendee.id).order_by(Attendee.id.desc()).limit(CHANGES)
            ).scalars()
            connection.execute(
                update(Attendee)
                .where(Attendee.id.in_(list(touched)))
                .values(company=func.coalesce(Attendee.company, ""))
            )
        started = time.perf_counter()
        pull(hub, replica)
        result["offline_incremental_pull_ms"] = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        pull(hub, replica)
        result["offline_incremental_pull_floor_ms"] = (time.perf_counter() - started) * 1000
    finally:
        through.dispose()
        proxy.close()
        replica.dispose()
        hub.dispose()
    return result


def _bare_inserts(path: Path, rounds: int = 200) -> float:
    """p95 of one check-in-sized row inserted and committed on an SQLite file (FULL sync)."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("CREATE TABLE t (n INTEGER, day TEXT, at TEXT, desk TEXT)")
        samples = []
        for number in range(rounds):
            started = time.perf_counter()
            connection.execute("BEGIN IMMEDIATE")
            connection.execute(
                "INSERT INTO t VALUES (?, '2026-11-28', '2026-11-28T09:05', 'bench')", (number,)
            )
            connection.execute("COMMIT")
            samples.append((time.perf_counter() - started) * 1000)
        return percentile(samples, 0.95)
    finally:
        connection.close()


EXTRA.append(measure)


def report_rows(result: dict[str, Any], row: Any) -> list[str]:
    """This section's rows of the hub's table (`row`: bench.hub's row maker)."""
    if "offline_full_pull_s" not in result:
        return []
    rows = []
    if "offline_loss_to_checkin_ms" in result:
        rows.append(
            row(
                "hub lost (stalled) → first offline check-in, ms; floor: the scan deadline",
                result,
                "offline_loss_to_checkin_ms",
                "offline_loss_floor_ms",
            )
        )
    if "offline_checkin_p95_ms" in result:
        rows.append(
            row(
                "offline check-in p95, ms; floor: a bare row committed on the file",
                result,
                "offline_checkin_p95_ms",
                "offline_checkin_floor_p95_ms",
            )
        )
    rows += [
        row(
            f"replay of {int(result['offline_replayed'])} queued, s; floor: as many "
            "one-row commits",
            result,
            "offline_replay_s",
            "offline_replay_floor_s",
        ),
        row(
            f"first full pull ({int(result['offline_full_pull_rows'])} rows), s; floor: "
            "the rows only read",
            result,
            "offline_full_pull_s",
            "offline_full_pull_floor_s",
        ),
        row(
            f"pull after {CHANGES} changes, ms; floor: a pull with nothing changed",
            result,
            "offline_incremental_pull_ms",
            "offline_incremental_pull_floor_ms",
        ),
    ]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.offline", description=__doc__)
    parser.add_argument("--size", type=int, default=5000, help="attendees (5000)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    import shutil

    from bench import data
    from bench.hub import _n, _row, start_hub
    from kiosk.config import load_event

    folder = Path(tempfile.mkdtemp(prefix="bench-offline-"))
    hub = None
    try:
        sqlite = folder / "desk.sqlite3"
        data.build(sqlite, data.people(args.size), load_event()).dispose()
        hub = start_hub(sqlite, folder)
        result = measure(RunningBench(hub.join, hub.url, sqlite, (), folder))
    finally:
        if hub is not None:
            hub.stop()
            shutil.rmtree(hub.data, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)
    print("| without the hub | ours | floor | ours / floor |\n|---|---|---|---|")
    print("\n".join(report_rows(result, _row)))
    print(f"(offline check-in p50 {_n(result.get('offline_checkin_p50_ms', 0.0))} ms)")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
