"""Refused scans are recorded with the check-in that refused them: why, whom, where, when."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select

from kiosk.models import Attendee, PaymentMethod, RefusedScan
from kiosk.rules import Outcome
from kiosk.services.checkin import check_in
from kiosk.services.context import Desk
from kiosk.services.registration import Registration, register_walk_in
from tests.conftest import CONFERENCE_MORNING, FixedClock
from tests.core.factories import person, registered

CONFERENCE = date(2026, 11, 28)
TRAINING = date(2026, 11, 27)


def refused(desk: Desk) -> list[RefusedScan]:
    with desk.db.read() as session:
        return list(session.scalars(select(RefusedScan).order_by(RefusedScan.id)))


def test_an_unpaid_scan_is_recorded_with_the_person_desk_operator_and_time(desk: Desk) -> None:
    anna = registered(desk, "comfort", paid=False)
    assert check_in(desk, anna.code).status is Outcome.UNPAID
    [row] = refused(desk)
    assert (row.outcome, row.attendee_id, row.day) == ("unpaid", anna.id, CONFERENCE)
    assert (row.desk, row.operator, row.at) == ("desk-1", "anna", CONFERENCE_MORNING)
    assert row.scanned == ""


def test_every_kind_of_refusal_is_recorded(desk: Desk) -> None:
    comfort = registered(desk, "comfort")
    cancelled = registered(desk, "premium")
    with desk.db.write() as session:
        row = session.get(Attendee, cancelled.id)
        assert row is not None
        row.status = "cancelled"
    check_in(desk, comfort.code, day=TRAINING)
    check_in(desk, cancelled.code)
    check_in(desk, comfort.code, day=date(2026, 11, 29))
    check_in(desk, comfort.code)
    check_in(desk, comfort.code)
    check_in(desk, "ZZZZ-ZZZZ-ZZZZ")
    assert [r.outcome for r in refused(desk)] == [
        "not_entitled",
        "cancelled",
        "not_an_event_day",
        "already_checked_in",
        "unknown_code",
    ]


def test_an_unknown_code_keeps_only_the_scanned_text_cut_short(desk: Desk) -> None:
    check_in(desk, "7KQ2-M9XD-H3TR\x07 and a long tail of more text")
    [row] = refused(desk)
    assert row.attendee_id is None
    assert row.scanned == "7KQ2-M9XD-H3TR and a"
    assert len(row.scanned) == 20


def test_an_admission_records_no_refusal(desk: Desk) -> None:
    anna = registered(desk, "comfort")
    assert check_in(desk, anna.code).status is Outcome.CHECKED_IN
    assert refused(desk) == []


def test_paying_at_the_scan_is_no_refusal(desk: Desk) -> None:
    anna = registered(desk, "comfort", paid=False)
    assert check_in(desk, anna.code, pay=PaymentMethod.CASH).status is Outcome.CHECKED_IN
    assert refused(desk) == []


def test_a_walk_in_registered_unpaid_is_not_a_refused_scan(desk: Desk) -> None:
    result = register_walk_in(
        desk, Registration(person=person("Пешкова", "Ольга"), tariff="comfort", consent=True)
    )
    assert result.checkins[0].status is Outcome.UNPAID
    assert refused(desk) == []


def test_a_refusal_recorded_at_another_moment_keeps_that_moment(
    desk: Desk, clock: FixedClock
) -> None:
    clock.now = datetime(2026, 11, 28, 1, 15, tzinfo=UTC)  # 11:15 at the venue
    check_in(desk, "0000-0000-0000")
    with desk.db.read() as session:
        assert session.scalar(select(func.max(RefusedScan.at))) == clock.now
