"""Many desks on one SQLite file: 1, 2, 4 and 8 processes checking people in at once.

    python -m bench.writers [--size N] [--checkins N] [--writers 1,2,4,8]

Each writer is a process of its own (as the desk, the kiosk and scripts calling `kiosk checkin`
are), with its own connection, checking in its own people through the service back to back, as
fast as it can: the worst case of several desks scanning at the same moment. All of them start
together (a barrier) and stay until the last is done (a second one): a desk does not quit in
the middle of a rush, and a process ending while the others are timed takes the processor from
them (on 2 cores the check-ins in line stalled 10–40 ms as the first writers ended, most of
what the 8 writers' p99 was until 2026-12-03). Every check-in is timed from the call to its
return, and anything that is not a check-in (a "database is locked" after the busy timeout, a
wrong outcome) counts as an error, its time among the samples. The same number of check-ins is
made at every count of writers, so that each p99 stands on as many samples.

The figure the issue asks for: `sqlite_8_writers_p99_ratio`, the p99 of a check-in with eight
writers over the p99 with one. A p99 of one writer stands on a few of its slowest syncs, and one
round of it swung the ratio from 4.6× to 23.6× between runs of the same code: so one writer and
the most writers are measured in `TURNS` alternating turns (1, 2, 4, 8, then 1, 8 and 1, 8 again),
each turn's ratio taken against the single writer of the same turn (the disk as it was then),
and the ratio reported is the median of those; each figure of a count measured in several turns
is the median of its turns'.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from statistics import median
from typing import Any

from bench.figures import percentile

WRITERS = (1, 2, 4, 8)
WARM = 3
"""Check-ins each writer makes before the start: its connection opened, statements compiled."""
TURNS = 3
"""Turns in which one writer and the most writers are measured, alternating."""


def _writer(url: str, codes: list[str], barrier: Any, finished: Any, queue: Any) -> None:
    # In a process of its own (spawned): imports here, not at the top of the parent.
    from bench.checkin import MORNING
    from kiosk.config import load_event
    from kiosk.db import open_database
    from kiosk.rules import Outcome
    from kiosk.services.checkin import check_in
    from kiosk.services.context import Desk

    event = load_event()
    db = open_database(url, event)
    desk = Desk(db, event, name=f"bench-{os.getpid()}", clock=lambda: MORNING)
    day = event.local_date(MORNING)
    times: list[float] = []
    errors: list[str] = []
    try:
        for code in codes[:WARM]:
            check_in(desk, code, day=day)
        barrier.wait()
        for code in codes[WARM:]:
            start = time.perf_counter()
            try:
                status = check_in(desk, code, day=day).status
            except Exception as exc:  # a locked database is what this measures
                status = None
                errors.append(f"{type(exc).__name__}: {str(exc)[:200]}")
            times.append((time.perf_counter() - start) * 1000)
            if status is not None and status is not Outcome.CHECKED_IN:
                errors.append(f"{code}: {status}")
    finally:
        # A writer done with its share does not close its database and exit while the others
        # are still measured, as a desk does not: a process's shutdown takes the processor
        # from them (on 2 cores a check-in in line stalled 10–40 ms as the first ones ended).
        try:
            finished.wait(timeout=600)
        except threading.BrokenBarrierError:
            errors.append("a writer did not finish its share")
        queue.put((times, errors))
        db.dispose()


def one_round(url: str, codes: Sequence[str], writers: int) -> dict[str, Any]:
    """`writers` processes sharing `codes` out between them; their samples and errors."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(writers + 1)
    finished = context.Barrier(writers)
    queue = context.Queue()
    share = len(codes) // writers
    processes = [
        context.Process(
            target=_writer,
            args=(url, list(codes[n * share : (n + 1) * share]), barrier, finished, queue),
            daemon=True,
        )
        for n in range(writers)
    ]
    for process in processes:
        process.start()
    barrier.wait(timeout=300)
    started = time.perf_counter()
    times: list[float] = []
    errors: list[str] = []
    for _ in processes:
        their_times, their_errors = queue.get(timeout=600)
        times += their_times
        errors += their_errors
    seconds = time.perf_counter() - started
    for process in processes:
        process.join(60)
    return {"times": times, "errors": errors, "seconds": seconds}


def rounds(writers: Sequence[int] = WRITERS) -> list[int]:
    """The counts of writers in the order measured: every count once, then one and the most
    again, alternating, until each of those has `TURNS` turns."""
    order = list(writers)
    most = max(writers)
    if 1 in writers and most > 1:
        order += [1, most] * (TURNS - 1)
    return order


def measure(
    url: str, codes: Sequence[str], *, checkins: int, writers: Sequence[int] = WRITERS
) -> dict[str, float]:
    """Figures per count of writers; `codes` must hold enough people never checked in for
    all rounds (`needed`)."""
    turns: dict[int, list[dict[str, Any]]] = {count: [] for count in writers}
    used = 0
    for count in rounds(writers):
        share = checkins // count + WARM
        chosen = codes[used : used + share * count]
        used += share * count
        turns[count].append(one_round(url, chosen, count))
    result: dict[str, float] = {}
    for count, measured in turns.items():
        key = f"sqlite_{count}_writers"
        for name, share in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99)):
            result[f"{key}_{name}_ms"] = median(percentile(m["times"], share) for m in measured)
        result[f"{key}_max_ms"] = max(max(m["times"]) for m in measured)
        errors = [error for m in measured for error in m["errors"]]
        result[f"{key}_errors"] = float(len(errors))
        result[f"{key}_per_s"] = median(len(m["times"]) / m["seconds"] for m in measured)
        if errors:
            result.setdefault("sqlite_writers_first_error", errors[0])  # type: ignore[arg-type]
    most = max(writers)
    if 1 in writers and most > 1:
        result[f"sqlite_{most}_writers_p99_ratio"] = median(
            percentile(crowd["times"], 0.99) / percentile(alone["times"], 0.99)
            for alone, crowd in zip(turns[1], turns[most], strict=True)
        )
    return result


def needed(checkins: int, writers: Sequence[int] = WRITERS) -> int:
    return sum((checkins // count + WARM) * count for count in rounds(writers))


def main() -> None:
    from bench import checkin, data
    from kiosk.config import load_event

    parser = argparse.ArgumentParser(description="check-ins from several processes at once")
    parser.add_argument("--size", type=int, default=10_000, help="attendees in the database")
    parser.add_argument("--checkins", type=int, default=400, help="check-ins per count")
    parser.add_argument("--writers", default="1,2,4,8", help="counts of writers, e.g. 1,8")
    args = parser.parse_args()
    counts = tuple(int(n) for n in args.writers.split(","))
    event = load_event()
    folder = Path(tempfile.mkdtemp(prefix="bench-writers-"))
    try:
        path = folder / "desk.sqlite3"
        db = data.build(path, data.people(args.size), event)
        codes = checkin.entitled_codes(db, event, needed(args.checkins, counts))
        db.dispose()
        result = measure(f"sqlite:///{path}", codes, checkins=args.checkins, writers=counts)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for key, value in result.items():
        print(f"{key:<32} {value:10.2f}" if isinstance(value, float) else f"{key:<32} {value}")


if __name__ == "__main__":
    main()
