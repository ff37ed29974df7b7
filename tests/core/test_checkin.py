"""Checking in through the service: outcomes, payment and upgrade at the door, undo, races."""

from __future__ import annotations

import multiprocessing
import sqlite3
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from kiosk.config import load_event
from kiosk.db import open_database
from kiosk.models import Attendee, AuditEntry, BadgePrint, CheckIn, Payment, PaymentMethod
from kiosk.rules import Outcome
from kiosk.services import lookup
from kiosk.services.checkin import check_in, last_check_in_of_desk, undo_check_in, upgrade
from kiosk.services.context import Desk
from kiosk.services.duplicates import offline_duplicates
from kiosk.services.errors import NotFoundError, ValidationError
from kiosk.services.replay import OfflineCheckIn, Replayed, replay_check_in
from tests.conftest import CONFERENCE_MORNING, TRAINING_MORNING, FixedClock
from tests.core.factories import registered

TRAINING = date(2026, 11, 27)
CONFERENCE = date(2026, 11, 28)


def test_paid_comfort_holder_is_checked_in_at_0905_on_conference_day(desk: Desk) -> None:
    anna = registered(desk, "comfort")
    result = check_in(desk, anna.code)
    assert result.status is Outcome.CHECKED_IN
    assert result.day == CONFERENCE
    assert result.desk == "desk-1"
    assert result.attendee is not None and result.attendee.checkin_on(CONFERENCE) is not None


def test_second_scan_reports_the_first_time_and_desk(desk: Desk, clock: FixedClock) -> None:
    anna = registered(desk, "comfort")
    check_in(desk, anna.code)
    clock.now = datetime(2026, 11, 27, 23, 30, tzinfo=UTC)
    other = Desk(desk.db, desk.event, name="desk-2", operator="boris", clock=clock)
    again = check_in(other, anna.code)
    assert again.status is Outcome.ALREADY_CHECKED_IN
    assert again.first_desk == "desk-1"
    assert again.first_checked_in_at == datetime(2026, 11, 27, 23, 5, tzinfo=UTC)


def test_scanner_in_russian_layout_still_checks_in(desk: Desk) -> None:
    anna = registered(desk, "comfort")
    layout = str.maketrans("QWERTYUIOPASDFGHJKLZXCVBNM", "ЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬ")
    assert check_in(desk, anna.code.translate(layout)).status is Outcome.CHECKED_IN


def test_lower_case_code_without_dashes_checks_in(desk: Desk) -> None:
    anna = registered(desk, "comfort")
    assert check_in(desk, anna.code.replace("-", "").lower()).status is Outcome.CHECKED_IN


def test_unknown_code_is_reported(desk: Desk) -> None:
    assert check_in(desk, "0000-0000-0000").status is Outcome.UNKNOWN_CODE
    assert check_in(desk, "'; DROP TABLE attendees; --").status is Outcome.UNKNOWN_CODE


def test_unpaid_is_stopped_then_payment_at_the_door_checks_in(desk: Desk) -> None:
    anna = registered(desk, "premium", paid=False)
    refused = check_in(desk, anna.code)
    assert refused.status is Outcome.UNPAID and refused.amount_due == 16000
    done = check_in(desk, anna.code, pay=PaymentMethod.CASH)
    assert done.status is Outcome.CHECKED_IN and done.paid_now == 16000
    with desk.db.read() as session:
        payment = session.scalars(select(Payment)).one()
        assert (payment.amount, payment.method, payment.desk) == (16000, "cash", "desk-1")


def test_conference_only_ticket_on_training_day_gets_upgrade_offers(
    desk: Desk, clock: FixedClock
) -> None:
    clock.now = TRAINING_MORNING
    anna = registered(desk, "comfort")
    result = check_in(desk, anna.code)
    assert result.status is Outcome.NOT_ENTITLED
    first = result.upgrades[0]
    assert (first.tariff.code, first.difference) == ("package_comfort", 10700)


def test_upgrade_and_payment_in_the_same_transaction_as_the_check_in(
    desk: Desk, clock: FixedClock
) -> None:
    clock.now = TRAINING_MORNING
    anna = registered(desk, "comfort")
    result = check_in(desk, anna.code, upgrade_to="package_comfort", pay=PaymentMethod.CARD)
    assert result.status is Outcome.CHECKED_IN
    assert result.paid_now == 10700
    assert result.attendee is not None
    assert result.attendee.tariff == "package_comfort"
    assert (result.attendee.price, result.attendee.amount_paid) == (20700, 20700)
    with desk.db.read() as session:
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-3:] == ["upgrade", "payment", "check_in"]


def test_upgrade_that_does_not_open_the_day_is_not_sold(desk: Desk, clock: FixedClock) -> None:
    clock.now = TRAINING_MORNING
    anna = registered(desk, "comfort")
    with pytest.raises(ValidationError):
        check_in(desk, anna.code, upgrade_to="premium", pay=PaymentMethod.CARD)
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Payment)) == 1  # registration only


def test_refused_check_in_takes_no_money(desk: Desk, clock: FixedClock) -> None:
    clock.now = TRAINING_MORNING
    anna = registered(desk, "comfort", paid=False)
    result = check_in(desk, anna.code, pay=PaymentMethod.CASH)
    assert result.status is Outcome.NOT_ENTITLED and result.paid_now == 0
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Payment)) == 0


def test_upgrade_without_check_in(desk: Desk) -> None:
    anna = registered(desk, "premium")
    view = upgrade(desk, anna.code, "package_premium")
    assert (view.tariff, view.amount_due) == ("package_premium", 11900)
    with pytest.raises(ValidationError) as refused:
        upgrade(desk, anna.code, "comfort")
    # Both tariffs by the names people read, not their codes.
    held = desk.event.tariff("package_premium")
    assert held is not None and f"«{held.title}»" in str(refused.value)
    assert "package_premium" not in str(refused.value)
    with pytest.raises(NotFoundError):
        upgrade(desk, "0000-0000-0000", "package_premium")


def test_speaker_enters_free_on_both_days(desk: Desk, clock: FixedClock) -> None:
    speaker = registered(desk, None, category="speaker", paid=False)
    assert check_in(desk, speaker.code).status is Outcome.CHECKED_IN
    clock.now = TRAINING_MORNING
    assert check_in(desk, speaker.code).status is Outcome.CHECKED_IN


def test_not_an_event_day(desk: Desk, clock: FixedClock) -> None:
    anna = registered(desk, "package_comfort")
    clock.now = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
    assert check_in(desk, anna.code).status is Outcome.NOT_AN_EVENT_DAY


def test_undo_removes_the_check_in_and_audits_the_reason(desk: Desk) -> None:
    anna = registered(desk, "comfort")
    check_in(desk, anna.code)
    view = undo_check_in(desk, anna.code, CONFERENCE, "  scanned the wrong badge ")
    assert view.checkin_on(CONFERENCE) is None
    with desk.db.read() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "undo_check_in")
        ).one()
        assert entry.reason == "scanned the wrong badge"
        assert entry.before is not None and entry.before["desk"] == "desk-1"
        assert entry.desk == "desk-1" and entry.operator == "anna"
    assert check_in(desk, anna.code).status is Outcome.CHECKED_IN


def test_undo_needs_a_reason_and_an_existing_check_in(desk: Desk) -> None:
    anna = registered(desk, "comfort")
    with pytest.raises(ValidationError) as no_reason:
        undo_check_in(desk, anna.code, CONFERENCE, "   ")
    assert no_reason.value.field == "reason"
    with pytest.raises(ValidationError) as nothing:
        undo_check_in(desk, anna.code, CONFERENCE, "mistake")
    assert "отменять нечего" in str(nothing.value)


def offline_admission(code: str, desk_name: str, minutes: int) -> OfflineCheckIn:
    """Another desk's admission at `minutes` after 09:05, made without the hub."""
    at = CONFERENCE_MORNING + timedelta(minutes=minutes)
    return OfflineCheckIn(uuid.uuid4().hex, code, CONFERENCE, at, at, desk_name, "оля")


def test_ctrl_z_takes_back_this_desks_admission_set_aside_since_never_the_other_desks(
    desk: Desk,
) -> None:
    anna = registered(desk, "comfort")
    check_in(desk, anna.code)  # 09:05 at desk-1
    last = last_check_in_of_desk(desk)
    assert last is not None
    # The operator types the reason; meanwhile another desk's earlier admission reaches the hub.
    assert replay_check_in(desk, offline_admission(anna.code, "стойка-2", -3)).outcome is (
        Replayed.EARLIER
    )
    again = last_check_in_of_desk(desk)  # still this desk's latest admission, now set aside
    assert again is not None and (again.attendee.id, again.day, again.admission) == (
        anna.id,
        CONFERENCE,
        last.admission,
    )
    view = undo_check_in(desk, anna.code, CONFERENCE, "не тот", admission=last.admission)
    kept = view.checkin_on(CONFERENCE)
    assert kept is not None and kept.desk == "стойка-2"
    assert offline_duplicates(desk) == ()
    with desk.db.read() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "undo_check_in")
        ).one()
    assert entry.before is not None and entry.before["desk"] == "desk-1"
    assert entry.before["recorded_at"] == last.admission.recorded_at.isoformat()


def test_an_undo_of_the_counted_check_in_counts_the_earliest_admission_set_aside(
    desk: Desk,
) -> None:
    anna = registered(desk, "comfort")
    check_in(desk, anna.code)  # 09:05 at desk-1
    for desk_name, minutes in (("стойка-3", 9), ("стойка-2", 4)):
        assert replay_check_in(desk, offline_admission(anna.code, desk_name, minutes)).outcome is (
            Replayed.DUPLICATE
        )
    view = undo_check_in(desk, anna.code, CONFERENCE, "отметили не того")
    kept = view.checkin_on(CONFERENCE)
    assert kept is not None and (kept.desk, kept.at) == (
        "стойка-2",
        CONFERENCE_MORNING + timedelta(minutes=4),
    )
    (group,) = offline_duplicates(desk)
    assert group.counted is not None and group.counted.desk == "стойка-2"
    assert [a.desk for a in group.set_aside] == ["стойка-3"]
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(CheckIn)) == 1
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "offline_duplicate_counted")
        ).one()
    assert entry.before is not None and entry.before["desk"] == "стойка-2"
    assert entry.after is not None and entry.after["in_place_of_desk"] == "desk-1"


def test_ctrl_z_of_an_admission_no_longer_there_changes_nothing_and_says_so(desk: Desk) -> None:
    anna = registered(desk, "comfort")
    check_in(desk, anna.code)
    last = last_check_in_of_desk(desk)
    assert last is not None
    undo_check_in(desk, anna.code, CONFERENCE, "ошибка")  # undone meanwhile elsewhere
    replay_check_in(desk, offline_admission(anna.code, "стойка-2", 2))
    with pytest.raises(ValidationError) as refused:
        undo_check_in(desk, anna.code, CONFERENCE, "не тот", admission=last.admission)
    assert "уже не этой стойки" in str(refused.value)
    found = last_check_in_of_desk(desk)
    assert found is None
    with desk.db.read() as session:
        assert session.scalars(select(CheckIn.desk)).all() == ["стойка-2"]


def test_last_check_in_of_this_desk(desk: Desk) -> None:
    assert last_check_in_of_desk(desk) is None
    first = registered(desk, "comfort", last="Первый")
    second = registered(desk, "comfort", last="Второй")
    check_in(desk, first.code)
    check_in(desk, second.code)
    found = last_check_in_of_desk(desk)
    assert found is not None and found.attendee.id == second.id and found.day == CONFERENCE
    assert found.admission.desk == "desk-1"


def test_a_scan_decided_on_a_stale_read_is_decided_again(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A scan decides on a read, before the write lock: cancelled by another desk in between,
    # the person is not let in, and nothing is written.
    from kiosk.services import checkin as checkin_service

    anna = registered(desk, "comfort")
    read = checkin_service.load_views_by_code

    def read_then_cancel(connection: Any, codes: Any) -> Any:
        found = read(connection, codes)
        with desk.db.write_rows() as other_desk:
            other_desk.execute(text("UPDATE attendees SET status = 'cancelled'"))
        return found

    monkeypatch.setattr(checkin_service, "load_views_by_code", read_then_cancel)
    assert check_in(desk, anna.code).status is Outcome.CANCELLED
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(CheckIn)) == 0
        audited = select(func.count()).where(AuditEntry.action == "check_in")
        assert session.scalar(audited) == 0


def test_a_scans_one_statement_reads_a_person_as_the_list_and_the_orm_do(desk: Desk) -> None:
    # A scan reads its person's check-ins and prints as JSON columns of one statement
    # (kiosk.services.views._history_columns): the same view as the list's two statements and
    # as the ORM, with several of each, out of order, a missing time, a reprint, no hash.
    from kiosk.services.views import attendee_view, load_views, load_views_by_code

    anna = registered(desk, "comfort", last="Анна")
    boris = registered(desk, "comfort", last="Борис")
    moment = datetime(2026, 11, 28, 1, 2, 3, 456, tzinfo=UTC)
    with desk.db.write() as session:
        session.add_all(
            [
                CheckIn(
                    attendee_id=anna.id,
                    day=CONFERENCE,
                    checked_in_at=moment,
                    recorded_at=moment,
                    desk="d-2",
                    operator="ольга",
                ),
                CheckIn(
                    attendee_id=anna.id,
                    day=TRAINING,
                    checked_in_at=None,
                    recorded_at=moment,
                    entered_afterwards=True,
                    desk="d-1",
                ),
                BadgePrint(
                    attendee_id=anna.id,
                    printed_at=moment,
                    desk="d-2",
                    layout="a6",
                    printer="Zebra «ZD»",
                    reprint=True,
                    badge_hash=None,
                ),
                BadgePrint(
                    attendee_id=anna.id,
                    printed_at=moment.replace(hour=0),
                    desk="d-1",
                    badge_hash="ab" * 32,
                ),
                Payment(
                    attendee_id=anna.id,
                    amount=100,
                    method=PaymentMethod.CASH,
                    taken_at=moment,
                    day=CONFERENCE,
                ),
            ]
        )
    with desk.db.plain() as work:
        one = work.read(lambda c: load_views(c, [anna.id]) + load_views_by_code(c, [anna.code]))
        listed = work.read(lambda c: load_views(c, [anna.id, boris.id]))[:1]
    with desk.db.read() as session:
        stored = session.get(Attendee, anna.id)
        assert stored is not None
        orm = attendee_view(stored)
    assert one == listed + listed == (orm, orm)
    assert [c.day for c in orm.checkins] == [TRAINING, CONFERENCE]
    assert len(orm.prints) == 2 and orm.prints[0].badge_hash == "ab" * 32


def test_a_refusal_not_recorded_takes_no_write_lock(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A second scan (already checked in), when refusals are not recorded, is answered from a
    # read: it never waits for writers.
    anna = registered(desk, "comfort")
    check_in(desk, anna.code)
    monkeypatch.setattr("kiosk.db.BUSY_TIMEOUT_MS", 100)
    other_desk = sqlite3.connect(desk.db.engine.url.database or "", isolation_level=None)
    other_desk.execute("BEGIN IMMEDIATE")
    try:
        again = check_in(desk, anna.code, record_refusals=frozenset())
        assert again.status is Outcome.ALREADY_CHECKED_IN
        with pytest.raises(OperationalError, match="locked"):
            check_in(desk, anna.code)  # recorded: it needs the lock
    finally:
        other_desk.execute("ROLLBACK")
        other_desk.close()


def _race(url: str, code: str, barrier: Any, queue: Any) -> None:
    event = load_event()
    db = open_database(url, event, create=True)
    desk = Desk(
        db,
        event,
        name=f"desk-{multiprocessing.current_process().name}",
        clock=lambda: datetime(2026, 11, 27, 23, 5, tzinfo=UTC),
    )
    barrier.wait()
    queue.put(str(check_in(desk, code).status))
    db.dispose()


def test_two_processes_checking_in_the_same_code_at_once_make_one_check_in(
    desk: Desk, db_url: str, tmp_path: Path
) -> None:
    anna = registered(desk, "comfort")
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    queue = context.Queue()
    workers = [
        context.Process(target=_race, args=(db_url, anna.code, barrier, queue)) for _ in range(2)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    outcomes = sorted(queue.get(timeout=5) for _ in workers)
    assert outcomes == ["already_checked_in", "checked_in"]
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(CheckIn)) == 1


def test_an_undo_reason_keeps_its_lines_but_no_control_characters(desk: Desk) -> None:
    maria = registered(desk, "comfort", last="Тютина", first="Мария")
    check_in(desk, maria.code)
    undo_check_in(
        desk, maria.code, desk.today(), "не тот\x1b[31m человек\r\nотметили\x07 по ошибке"
    )
    with desk.db.read() as session:
        reason = session.scalars(select(AuditEntry.reason).order_by(AuditEntry.id.desc())).first()
    assert reason == "не тот[31m человек\nотметили по ошибке"


def test_desk_and_operator_names_are_stored_without_control_characters(
    desk: Desk, clock: FixedClock
) -> None:
    odd = Desk(
        desk.db,
        desk.event,
        name="стойка\x1b[2J 1\x07",
        operator="Анна\x00\t" + "я" * 99,
        clock=clock,
    )
    maria = registered(odd, "comfort", last="Тютина", first="Мария")
    check_in(odd, maria.code)
    with desk.db.read() as session:
        row = session.scalars(select(CheckIn)).one()
    assert (
        row.desk == "стойка[2J 1" and row.operator.startswith("Анна я") and len(row.operator) == 60
    )


def test_an_arrival_time_still_ahead_is_refused_and_nothing_is_recorded(
    desk: Desk, clock: FixedClock
) -> None:
    from datetime import timedelta

    anna = registered(desk, "comfort")
    with pytest.raises(ValidationError, match="ещё не наступило") as refused:
        check_in(desk, anna.code, at=clock.now + timedelta(hours=8))
    assert refused.value.field == "at"
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(CheckIn)) == 0


def test_an_arrival_time_a_minute_or_two_ahead_is_another_clocks_drift_and_taken(
    desk: Desk, clock: FixedClock
) -> None:
    from datetime import timedelta

    anna = registered(desk, "comfort")
    result = check_in(desk, anna.code, at=clock.now + timedelta(minutes=2))
    assert result.status is Outcome.CHECKED_IN and not result.entered_afterwards


def test_payment_without_check_in_when_nothing_is_due_says_it_is_paid(desk: Desk) -> None:
    from kiosk.services.checkin import pay

    unpaid = registered(desk, "comfort", last="Должникова", paid=False)
    assert pay(desk, unpaid.code, PaymentMethod.CASH).amount_due == 0
    with pytest.raises(ValidationError, match="уже оплачено"):
        pay(desk, unpaid.code, PaymentMethod.CARD)
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Payment)) == 1


def test_money_taken_in_cash_then_by_card_is_kept_as_both_ways(desk: Desk) -> None:
    from kiosk.services.checkin import pay
    from kiosk.services.lookup import get_by_code

    olga = registered(desk, "premium", last="Смешанная", first="Ольга", paid=False)
    assert pay(desk, olga.code, PaymentMethod.CASH).paid_by == (("cash", 16_000),)
    upgraded = upgrade(desk, olga.code, "package_premium", pay=PaymentMethod.CARD)
    both = (("cash", 16_000), ("card", 11_900))
    assert upgraded.paid_by == both  # as the service returns the person
    found = get_by_code(desk, olga.code)
    assert found is not None and found.paid_by == both  # as a search or a scan reads them


def test_an_offline_admission_entered_with_an_earlier_time_is_entered_afterwards_on_the_hub_too(
    desk: Desk,
) -> None:
    """As online: a time given far from when the desk recorded it was entered afterwards; a
    scan as the person came in was not — whichever desk sent it without the hub."""
    scanned, typed = registered(desk, "comfort"), registered(desk, "comfort", last="Позже")
    at = CONFERENCE_MORNING
    on_time = OfflineCheckIn(uuid.uuid4().hex, scanned.code, CONFERENCE, at, at, "ст-2", "оля")
    later = OfflineCheckIn(
        uuid.uuid4().hex, typed.code, CONFERENCE, at, at + timedelta(hours=3), "ст-2", "оля"
    )
    for action in (on_time, later):
        assert replay_check_in(desk, action).outcome is Replayed.ADMITTED
    with desk.db.read() as session:
        flags = dict(session.execute(select(CheckIn.attendee_id, CheckIn.entered_afterwards)).all())
    assert flags == {scanned.id: False, typed.id: True}
    shown = lookup.get_by_code(desk, typed.code)
    assert shown is not None and shown.checkins[0].entered_afterwards
