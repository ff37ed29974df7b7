"""A desk process working on its replica alone, its hub out of reach, for the tests that kill it:
`python -m tests.hub.offline_desk JOIN FIRST_MINUTE CODE…` checks each code in (the desk's clock
one minute on per scan, from FIRST_MINUTE after 09:05 on the conference day), prints each code
once its check-in is written, then waits to be killed. Its folder is KIOSK_HOME, as a desk's."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta

from kiosk.config import load_event
from kiosk.offline.local import join_code, open_local_replica
from kiosk.rules import Outcome
from kiosk.services.checkin import check_in
from kiosk.services.context import Desk

MORNING = datetime(2026, 11, 27, 23, 5, tzinfo=UTC)  # 09:05 in Vladivostok on the 28th


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def main(join: str, first_minute: str, *codes: str) -> int:
    event = load_event()
    code = join_code(join)
    assert code is not None
    replica = open_local_replica(code, event, create=False)
    assert replica is not None, "the desk has no replica of its hub"
    clock = Clock(MORNING + timedelta(minutes=int(first_minute)))
    desk = Desk(replica, event, name="стойка-убитая", operator="оля", clock=clock)
    for badge in codes:
        result = check_in(desk, badge)
        status = "in" if result.status is Outcome.CHECKED_IN else result.status.value
        print(f"{status} {badge}", flush=True)
        clock.now += timedelta(minutes=1)
    print("done", flush=True)
    while True:  # holding its outbox until it is killed
        time.sleep(1)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
