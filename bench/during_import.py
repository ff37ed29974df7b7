"""Check-ins while a long import runs on the same SQLite file.

    python -m bench.during_import [--size N] [--rows N]

A desk process checks people in at a steady pace (one scan every `PACE_S`), first with nothing
else going on (the idle figure), then while another process imports a `rows`-row export into
the same database. Every check-in is timed; one that raises (a "database is locked" after the
busy timeout) is a failure, its wait among the samples. Reported: the check-ins' p99 during the
import over their idle p99 (`checkin_during_import_ratio`) and the failures
(`checkin_during_import_failures`).

Both processes are spawned, so the times are theirs; their clocks (time.monotonic) are the
system's, so the check-ins are placed against the import's start and end.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.figures import percentile

PACE_S = 0.025
IDLE_CHECKINS = 120


def _checker(url: str, codes: list[str], ready: Any, stop: Any, queue: Any) -> None:
    from bench.checkin import MORNING
    from kiosk.config import load_event
    from kiosk.db import open_database
    from kiosk.services.checkin import check_in
    from kiosk.services.context import Desk

    event = load_event()
    db = open_database(url, event)
    desk = Desk(db, event, name=f"bench-{os.getpid()}", clock=lambda: MORNING)
    day = event.local_date(MORNING)
    samples: list[tuple[float, float, str]] = []  # (started, milliseconds, error)
    try:
        for code in codes[:3]:  # warm
            check_in(desk, code, day=day)
        ready.set()
        for code in codes[3:]:
            if stop.is_set():
                break
            started = time.monotonic()
            error = ""
            try:
                check_in(desk, code, day=day)
            except Exception as exc:  # a locked database is what this measures
                error = f"{type(exc).__name__}: {str(exc)[:200]}"
            samples.append((started, (time.monotonic() - started) * 1000, error))
            time.sleep(max(0.0, PACE_S - (time.monotonic() - started)))
    finally:
        queue.put(samples)
        db.dispose()


def _importer(url: str, source: str, queue: Any) -> None:
    from kiosk.config import load_event
    from kiosk.db import open_database
    from kiosk.services.context import Desk
    from kiosk.services.importing import import_file

    event = load_event()
    db = open_database(url, event)
    started = time.monotonic()
    try:
        report = import_file(Desk(db, event, name="import"), source)
        queue.put((started, time.monotonic(), report.added, ""))
    except Exception as exc:
        queue.put((started, time.monotonic(), 0, f"{type(exc).__name__}: {exc}"))
    finally:
        db.dispose()


def measure(url: str, codes: list[str], source: Path) -> dict[str, Any]:
    """Idle check-ins, then check-ins while `source` is imported; the figures of both."""
    context = multiprocessing.get_context("spawn")
    ready, stop = context.Event(), context.Event()
    checks, imports = context.Queue(), context.Queue()
    checker = context.Process(target=_checker, args=(url, codes, ready, stop, checks), daemon=True)
    checker.start()
    if not ready.wait(300):
        raise RuntimeError("the checking desk did not start")
    time.sleep(IDLE_CHECKINS * PACE_S)
    importer = context.Process(target=_importer, args=(url, str(source), imports), daemon=True)
    importer.start()
    import_start, import_end, added, failed = imports.get(timeout=1800)
    importer.join(60)
    time.sleep(10 * PACE_S)
    stop.set()
    samples: list[tuple[float, float, str]] = checks.get(timeout=120)
    checker.join(60)
    if failed:
        raise RuntimeError(f"the import failed: {failed}")
    idle = [ms for started, ms, _error in samples if started < import_start]
    during = [(ms, error) for started, ms, error in samples if import_start <= started < import_end]
    if not idle or not during:
        raise RuntimeError("no check-in before or during the import: too few codes")
    failures = [error for _ms, error in during if error]
    during_ms = [ms for ms, _error in during]
    result: dict[str, Any] = {
        "during_import_s": import_end - import_start,
        "during_import_added": float(added),
        "checkin_idle_p99_ms": percentile(idle, 0.99),
        "checkin_during_import_p50_ms": percentile(during_ms, 0.5),
        "checkin_during_import_p99_ms": percentile(during_ms, 0.99),
        "checkin_during_import_max_ms": max(during_ms),
        "checkin_during_import_count": float(len(during_ms)),
        "checkin_during_import_failures": float(len(failures)),
    }
    result["checkin_during_import_ratio"] = (
        result["checkin_during_import_p99_ms"] / result["checkin_idle_p99_ms"]
    )
    if failures:
        result["checkin_during_import_error"] = failures[0]
    return result


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database (its WAL included), by SQLite's backup."""
    old, new = sqlite3.connect(source), sqlite3.connect(target)
    try:
        old.backup(new)
    finally:
        new.close()
        old.close()


def main() -> None:
    from bench import checkin, data, importing
    from kiosk.config import load_event

    parser = argparse.ArgumentParser(description="check-ins during a long import")
    parser.add_argument("--size", type=int, default=10_000, help="attendees before the import")
    parser.add_argument("--rows", type=int, default=40_000, help="rows of the imported file")
    args = parser.parse_args()
    event = load_event()
    folder = Path(tempfile.mkdtemp(prefix="bench-during-import-"))
    try:
        path = folder / "desk.sqlite3"
        db = data.build(path, data.people(args.size), event)
        codes = checkin.entitled_codes(db, event, 3_000)
        db.dispose()
        source = folder / "forms.csv"
        importing.write_export(source, args.rows, seed=41)
        result = measure(f"sqlite:///{path}", codes, source)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for key, value in result.items():
        print(f"{key:<34} {value:10.2f}" if isinstance(value, float) else f"{key:<34} {value}")


if __name__ == "__main__":
    main()
