"""Propagation desk A → desk B on a running hub: from the moment desk A starts a check-in to the
moment desk B's listener (kiosk.hub.live, the one the desk window uses) hears of it.

Desk A checks people in one by one through the hub's TLS endpoint; desk B listens. The floor is
a bare `NOTIFY` on the same channel in a transaction of desk A's, heard by desk B's listener:
what PostgreSQL and the TLS endpoint take, without the check-in itself.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Final

from bench.hub import EXTRA, RunningBench

ROUNDS: Final = 40
TIMEOUT_S: Final = 5.0


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(bench: RunningBench) -> dict[str, Any]:
    from sqlalchemy import text

    from bench.checkin import MORNING
    from kiosk.config import load_event
    from kiosk.db import open_database
    from kiosk.hub.live import Listener, Report
    from kiosk.services.checkin import check_in
    from kiosk.services.context import Desk

    event = load_event()
    desk_a = open_database(bench.join, event)
    desk_b = open_database(bench.join, event)
    heard = threading.Event()
    connected = threading.Event()

    def reported(report: Report) -> None:
        if report.reachable:
            connected.set()

    listener = Listener(desk_b, None, heard.set, reported, heartbeat_s=60.0)
    listener.start()
    codes = list(bench.spare_codes[:ROUNDS])
    ours: list[float] = []
    floor: list[float] = []
    try:
        if not connected.wait(30.0):  # LISTEN in place: its first report comes after it
            return {"propagation_missed": len(codes)}
        # The benchmark's morning at the venue: the same day the other desks check in for.
        desk = Desk(desk_a, event, name="bench-propagation", clock=lambda: MORNING)
        day = event.local_date(MORNING)
        for code in codes:
            heard.clear()
            start = time.perf_counter()
            check_in(desk, code, day=day)
            if heard.wait(TIMEOUT_S):
                ours.append((time.perf_counter() - start) * 1000)
            time.sleep(0.05)
            heard.clear()
            start = time.perf_counter()
            with desk_a.engine.begin() as connection:
                connection.execute(text("SELECT pg_notify('kiosk_changes', 'bench')"))
            if heard.wait(TIMEOUT_S):
                floor.append((time.perf_counter() - start) * 1000)
            time.sleep(0.05)
    finally:
        listener.stop()
        desk_a.dispose()
        desk_b.dispose()
    result: dict[str, Any] = {"propagation_missed": len(codes) - len(ours)}
    if ours and floor:
        result |= {
            "propagation_p50_ms": _percentile(ours, 0.5),
            "propagation_p95_ms": _percentile(ours, 0.95),
            "propagation_floor_p95_ms": _percentile(floor, 0.95),
        }
    return result


EXTRA.append(measure)
