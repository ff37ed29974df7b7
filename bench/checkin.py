"""Check-in speed: a scanned code to the committed check-in, through the service, on the SQLite
default (WAL, synchronous=FULL: every check-in waits for the disk before it is reported).

Its floor, measured in turns with it on the same file: the same INSERT … ON CONFLICT DO NOTHING
of one check-in row as a bare `sqlite3` statement with the same durability, one transaction
per scan — what the disk's sync and SQLite cost with nothing of ours around them.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
from datetime import UTC, datetime

from sqlalchemy import select

from bench.figures import percentile
from kiosk.config import Event
from kiosk.db import Database
from kiosk.models import Attendee, AttendeeStatus
from kiosk.rules import Outcome
from kiosk.services.checkin import check_in
from kiosk.services.context import Desk

# 09:05 on the conference day at the venue (Asia/Vladivostok, UTC+10).
MORNING = datetime(2026, 11, 27, 23, 5, tzinfo=UTC)


def entitled_codes(db: Database, event: Event, count: int, seed: int = 11) -> list[str]:
    """Codes of people who may enter on the conference morning, paid, none checked in yet."""
    day = event.local_date(MORNING)
    with db.read() as session:
        rows = session.execute(
            select(Attendee.badge_code, Attendee.category, Attendee.tariff).where(
                Attendee.amount_due == 0,
                Attendee.status == AttendeeStatus.ACTIVE,
                ~Attendee.checkins.any(),
            )
        ).all()
    codes = [r.badge_code for r in rows if day in event.entitled_days(r.category, r.tariff)]
    return random.Random(seed).sample(codes, min(count, len(codes)))


FLOOR_INSERT = (
    "INSERT INTO checkins (attendee_id, day, checked_in_at, recorded_at, entered_afterwards, "
    "desk, operator) VALUES (?, ?, ?, ?, 0, ?, ?) ON CONFLICT (attendee_id, day) DO NOTHING"
)


def bare_connection(path: str) -> sqlite3.Connection:
    """A plain `sqlite3` connection with the app's durability: WAL, synchronous=FULL."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    return connection


def measure(db: Database, event: Event, *, count: int) -> dict[str, float]:
    """Ours and the floor in turns, each check-in of ours followed by one of the floor (other
    people), so that a busy moment of a shared machine or its disk falls on both alike."""
    desk = Desk(db, event, name="bench", clock=lambda: MORNING)
    day = event.local_date(MORNING)
    codes = entitled_codes(db, event, 2 * count + 10)
    ours_codes, floor_codes = codes[: count + 5], codes[count + 5 :]
    with db.read() as session:
        found = select(Attendee.badge_code, Attendee.id).where(Attendee.badge_code.in_(floor_codes))
        ids = {code: attendee_id for code, attendee_id in session.execute(found)}
    floor_ids = [ids[code] for code in floor_codes]
    bare = bare_connection(db.engine.url.database or "")
    stamp = MORNING.replace(tzinfo=None).isoformat(" ", "microseconds")

    def floor(attendee_id: int) -> None:
        bare.execute(FLOOR_INSERT, (attendee_id, day.isoformat(), stamp, stamp, "floor", ""))
        bare.commit()

    for code, attendee_id in zip(ours_codes[:5], floor_ids[:5], strict=True):
        check_in(desk, code, day=day)  # warm: statements compiled, pages cached
        floor(attendee_id)
    times, floor_times = [], []
    for code, attendee_id in zip(ours_codes[5:], floor_ids[5:], strict=True):
        start = time.perf_counter()
        result = check_in(desk, code, day=day)
        middle = time.perf_counter()
        floor(attendee_id)
        floor_times.append((time.perf_counter() - middle) * 1000)
        times.append((middle - start) * 1000)
        if result.status is not Outcome.CHECKED_IN:
            raise AssertionError(f"{code}: {result.status}")
    bare.close()
    figures = {
        "checkin_p50_ms": statistics.median(times),
        "checkin_p95_ms": percentile(times, 0.95),
        "checkin_p99_ms": percentile(times, 0.99),
        "checkins_measured": float(len(times)),
        "checkin_floor_p50_ms": statistics.median(floor_times),
        "checkin_floor_p95_ms": percentile(floor_times, 0.95),
    }
    figures["checkin_floor_ratio"] = figures["checkin_p95_ms"] / figures["checkin_floor_p95_ms"]
    figures["checkin_floor_ratio_p50"] = figures["checkin_p50_ms"] / figures["checkin_floor_p50_ms"]
    figures["checkin_floor_excess_ms"] = figures["checkin_p95_ms"] - figures["checkin_floor_p95_ms"]
    return figures
