"""A desk that queued a thousand check-ins sends them in one sync, and its replica ends equal to
the hub (its own provisional rows replaced by the hub's in statements SQLite accepts: it refused
one OR naming every (person, day) pair, «Expression tree is too large»)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.config import Event
from kiosk.db import open_database
from kiosk.models import Attendee
from kiosk.offline.replica import open_replica, pull
from kiosk.offline.sync import queued, sync
from kiosk.rules import Outcome
from kiosk.services.checkin import check_in
from kiosk.services.context import Desk
from kiosk.services.demo import load_demo
from tests.conftest import CONFERENCE_MORNING, FixedClock
from tests.core.test_replica import contents

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def test_a_thousand_queued_check_ins_are_sent_in_one_sync_and_the_replica_converges(
    pg_url: str, event: Event, clock: FixedClock, tmp_path: Path
) -> None:
    hub = open_database(pg_url, event, create=True)
    replica = open_replica(tmp_path / "replica.sqlite3", event)
    try:
        load_demo(Desk(hub, event, name="стойка-0", clock=clock), count=1400)
        pull(hub, replica)
        with replica.read_rows() as connection:
            codes = list(connection.execute(select(Attendee.badge_code)).scalars())
        offline_clock = FixedClock(CONFERENCE_MORNING)
        desk = Desk(replica, event, name="стойка-1", operator="оля", clock=offline_clock)
        admitted = refused = 0
        for code in codes:
            if admitted == 1000:
                break
            ok = check_in(desk, code).status is Outcome.CHECKED_IN
            admitted += ok
            refused += not ok  # the refusals are queued too, for the hub's list
            offline_clock.now += timedelta(seconds=20)
        kinds = [item.kind for item in queued(replica, "desk-1")]
        assert admitted == kinds.count("check_in") == 1000
        assert kinds.count("refused_scan") == refused and len(kinds) == 1000 + refused

        result = sync(Desk(hub, event, name="стойка-1"), replica, "desk-1")
        assert (result.sent, result.queued, result.conflicts) == (1000 + refused, 0, 0)
        assert contents(replica) == contents(hub)
    finally:
        replica.dispose()
        hub.dispose()
