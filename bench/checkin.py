"""Check-in speed: a scanned code to the committed check-in, through the service, on the SQLite
default (WAL, synchronous=FULL: every check-in waits for the disk before it is reported)."""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, datetime

from sqlalchemy import select

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


def measure(db: Database, event: Event, *, count: int) -> dict[str, float]:
    desk = Desk(db, event, name="bench", clock=lambda: MORNING)
    day = event.local_date(MORNING)
    codes = entitled_codes(db, event, count + 5)
    for code in codes[:5]:  # warm: statements compiled, pages cached
        check_in(desk, code, day=day)
    times = []
    for code in codes[5:]:
        start = time.perf_counter()
        result = check_in(desk, code, day=day)
        times.append((time.perf_counter() - start) * 1000)
        if result.status is not Outcome.CHECKED_IN:
            raise AssertionError(f"{code}: {result.status}")
    ordered = sorted(times)
    return {
        "checkin_p50_ms": statistics.median(times),
        "checkin_p95_ms": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
        "checkins_measured": float(len(times)),
    }
