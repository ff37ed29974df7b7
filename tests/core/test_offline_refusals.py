"""Scans a desk refused at the door while the hub was away reach the hub's list of refusals
once (the organiser's «Отказы» and the report), however often the desk syncs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from kiosk.config import Event
from kiosk.db import Database
from kiosk.models import PaymentMethod, RefusedScan
from kiosk.offline.replica import pull
from kiosk.offline.sync import queued, sync
from kiosk.rules import Outcome
from kiosk.services.checkin import check_in, pay
from kiosk.services.context import Desk
from kiosk.services.replay import Replayed
from kiosk.services.replay_actions import replay_refusal
from kiosk.services.summary import day_summary, summary_json
from tests.conftest import CONFERENCE_MORNING, FixedClock
from tests.core.factories import registered
from tests.offline_hub import hub, replica

__all__ = ["hub", "replica"]

pytestmark = [pytest.mark.postgres]

DAY = date(2026, 11, 28)


def offline_desk(replica: Database, event: Event, minutes: int) -> Desk:
    clock = FixedClock(CONFERENCE_MORNING + timedelta(minutes=minutes))
    return Desk(replica, event, name="стойка-2", operator="оля", clock=clock)


def refused(db: Database) -> list[tuple[int | None, str, str, str, str]]:
    with db.read() as session:
        return [
            (r.attendee_id, r.outcome, r.scanned, r.desk, r.operator)
            for r in session.scalars(select(RefusedScan).order_by(RefusedScan.at)).all()
        ]


def test_a_refusal_made_offline_reaches_the_hub_once_with_its_desk_time_and_reason(
    hub: Desk, replica: Database, event: Event
) -> None:
    boris = registered(hub, last="Должник", first="Борис", paid=False)
    pull(hub.db, replica)
    desk = offline_desk(replica, event, 3)
    assert check_in(desk, boris.code).status is Outcome.UNPAID
    pay(offline_desk(replica, event, 4), boris.code, PaymentMethod.CASH)
    assert [q.kind for q in queued(replica, "desk-2")] == ["refused_scan", "payment"]

    first = sync(hub, replica, "desk-2")
    assert first.outcomes == [Replayed.REFUSED, Replayed.PAID]
    assert (first.queued, first.conflicts) == (0, 0)
    assert refused(hub.db) == [(boris.id, "unpaid", "", "стойка-2", "оля")]
    with hub.db.read() as session:
        assert session.scalars(select(RefusedScan.at)).one() == desk.now()
    again = sync(hub, replica, "desk-2")
    assert again.sent == 0
    assert len(refused(hub.db)) == 1
    report = summary_json(day_summary(hub, DAY), hub.event)  # `kiosk report --json`
    assert report["refused_scans"] == {"unpaid": 1}
    assert refused(replica) == [(boris.id, "unpaid", "", "стойка-2", "оля")]  # kept, not pulled


def test_an_unknown_code_refused_offline_reaches_the_hub_by_what_was_scanned(
    hub: Desk, replica: Database, event: Event
) -> None:
    registered(hub, last="Платная", first="Анна")
    pull(hub.db, replica)
    check_in(offline_desk(replica, event, 5), "ABC-НЕТ")
    (item,) = queued(replica, "desk-2")
    assert item.kind == "refused_scan" and item.action.code == "ABC-НЕТ"
    assert sync(hub, replica, "desk-2").outcomes == [Replayed.REFUSED]
    assert refused(hub.db) == [(None, "unknown_code", "ABC-НЕТ", "стойка-2", "оля")]


def test_a_refusal_resent_after_a_lost_reply_is_listed_once(
    hub: Desk, replica: Database, event: Event
) -> None:
    boris = registered(hub, last="Должник", first="Борис", paid=False)
    pull(hub.db, replica)
    check_in(offline_desk(replica, event, 3), boris.code)
    (item,) = queued(replica, "desk-2")
    replay_refusal(hub, item.action)  # it reached the hub; the desk never heard back
    assert sync(hub, replica, "desk-2").sent == 1
    assert len(refused(hub.db)) == 1
