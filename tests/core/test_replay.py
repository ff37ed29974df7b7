"""Offline admissions applied on the hub: once per nonce, the earliest arrival wins, a later one
is kept as an offline duplicate and never counted twice."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from kiosk.config import Event
from kiosk.db import open_database
from kiosk.models import AppliedAction, CheckIn, OfflineDuplicate
from kiosk.services.context import Desk
from kiosk.services.replay import OfflineCheckIn, Replayed, replay_check_in
from kiosk.services.stats import stats
from tests.conftest import CONFERENCE_MORNING, FixedClock
from tests.core.factories import registered

DAY = date(2026, 11, 28)


def admission(
    code: str,
    minutes: int | None,
    desk: str = "стойка-2",
    nonce: str | None = None,
) -> OfflineCheckIn:
    at = CONFERENCE_MORNING + timedelta(minutes=minutes) if minutes is not None else None
    return OfflineCheckIn(
        nonce=nonce or uuid.uuid4().hex,
        code=code,
        day=DAY,
        arrived_at=at,
        recorded_at=at or CONFERENCE_MORNING + timedelta(hours=3),
        desk=desk,
        operator="оля",
    )


def checkins(desk: Desk) -> list[tuple[int, datetime | None, str, bool]]:
    with desk.db.read() as session:
        rows = session.execute(
            select(CheckIn.attendee_id, CheckIn.checked_in_at, CheckIn.desk, CheckIn.offline)
        ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def duplicates(desk: Desk) -> list[tuple[str, datetime | None]]:
    with desk.db.read() as session:
        rows = session.execute(
            select(OfflineDuplicate.desk, OfflineDuplicate.arrived_at).order_by(OfflineDuplicate.id)
        ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_an_offline_admission_becomes_the_check_in_with_its_own_time(desk: Desk) -> None:
    anna = registered(desk, last="Аннина", first="Анна")
    result = replay_check_in(desk, admission(anna.code, 2))
    assert result.outcome is Replayed.ADMITTED
    ((attendee_id, at, at_desk, offline),) = checkins(desk)
    assert (attendee_id, at_desk, offline) == (anna.id, "стойка-2", True)
    assert at == CONFERENCE_MORNING + timedelta(minutes=2)
    with desk.db.read() as session:
        uploaded = session.scalar(select(CheckIn.uploaded_at))
    assert uploaded == CONFERENCE_MORNING


def test_the_same_nonce_sent_twice_is_applied_once(desk: Desk) -> None:
    anna = registered(desk, last="Аннина", first="Анна")
    action = admission(anna.code, 2)
    first = replay_check_in(desk, action)
    again = replay_check_in(desk, action)
    assert (first.again, again.again) == (False, True)
    assert again.outcome is Replayed.ADMITTED
    assert len(checkins(desk)) == 1
    assert duplicates(desk) == []


def test_a_later_admission_is_kept_as_a_duplicate_and_not_counted(desk: Desk) -> None:
    anna = registered(desk, last="Аннина", first="Анна")
    replay_check_in(desk, admission(anna.code, 2, desk="стойка-1"))
    result = replay_check_in(desk, admission(anna.code, 9, desk="стойка-2"))
    assert result.outcome is Replayed.DUPLICATE
    assert [row[2] for row in checkins(desk)] == ["стойка-1"]
    assert duplicates(desk) == [("стойка-2", CONFERENCE_MORNING + timedelta(minutes=9))]
    conference = stats(desk).for_day(DAY)
    assert conference is not None
    assert conference.checked_in == 1


def test_the_earliest_arrival_wins_whatever_order_the_desks_send_in(desk: Desk) -> None:
    anna = registered(desk, last="Аннина", first="Анна")
    replay_check_in(desk, admission(anna.code, 9, desk="стойка-2"))
    result = replay_check_in(desk, admission(anna.code, 2, desk="стойка-1"))
    assert result.outcome is Replayed.EARLIER
    ((_, at, at_desk, _),) = checkins(desk)
    assert (at, at_desk) == (CONFERENCE_MORNING + timedelta(minutes=2), "стойка-1")
    assert duplicates(desk) == [("стойка-2", CONFERENCE_MORNING + timedelta(minutes=9))]


def test_an_entry_without_a_time_ranks_after_every_timed_one(desk: Desk) -> None:
    anna = registered(desk, last="Аннина", first="Анна")
    replay_check_in(desk, admission(anna.code, None, desk="бумага"))
    result = replay_check_in(desk, admission(anna.code, 50, desk="стойка-1"))
    assert result.outcome is Replayed.EARLIER
    assert duplicates(desk) == [("бумага", None)]


def test_an_unknown_code_is_kept_as_applied_and_admits_nobody(desk: Desk) -> None:
    result = replay_check_in(desk, admission("ZZZZ-ZZZZ-ZZZZ", 1))
    assert result.outcome is Replayed.UNKNOWN_CODE
    assert checkins(desk) == []
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(AppliedAction)) == 1


@pytest.fixture
def pg_desk(pg_url: str, event: Event, clock: FixedClock) -> Iterator[Desk]:
    db = open_database(pg_url, event, create=True)
    try:
        yield Desk(db, event, name="hub", operator="", clock=clock)
    finally:
        db.dispose()


@pytest.mark.postgres
def test_desks_replaying_at_once_on_postgresql_leave_one_check_in_per_person(
    pg_desk: Desk,
) -> None:
    people = [registered(pg_desk, last=f"Гость{n}", first="Иван") for n in range(5)]
    actions = [
        admission(person.code, minute, desk=f"стойка-{minute}")
        for person in people
        for minute in range(1, 7)
    ]
    resent = actions[::3]  # some sent twice, as after a lost reply
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def replay(share: list[OfflineCheckIn]) -> None:
        start.wait()
        for action in share:
            try:
                replay_check_in(pg_desk, action)
            except BaseException as exc:
                errors.append(exc)

    everything = actions + resent
    threads = [threading.Thread(target=replay, args=(everything[n::8],)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows = checkins(pg_desk)
    assert sorted(row[0] for row in rows) == sorted(p.id for p in people)
    assert {row[1] for row in rows} == {CONFERENCE_MORNING + timedelta(minutes=1)}
    assert len(duplicates(pg_desk)) == 5 * 5
    with pg_desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(AppliedAction)) == len(actions)


def test_an_offline_admission_day_is_its_own(desk: Desk) -> None:
    anna = registered(desk, last="Аннина", first="Анна")
    training = OfflineCheckIn(
        uuid.uuid4().hex,
        anna.code,
        date(2026, 11, 27),
        datetime(2026, 11, 27, 0, 5, tzinfo=CONFERENCE_MORNING.tzinfo),
        datetime(2026, 11, 27, 0, 5, tzinfo=CONFERENCE_MORNING.tzinfo),
        "стойка-1",
        "оля",
    )
    assert replay_check_in(desk, training).outcome is Replayed.ADMITTED
    assert replay_check_in(desk, admission(anna.code, 1)).outcome is Replayed.ADMITTED
    assert len(checkins(desk)) == 2
