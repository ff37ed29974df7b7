"""The organiser merges a probable duplicate in one action (both badges still open the door,
nothing counted twice or lost), or keeps both and the flag goes."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select

from kiosk.db import Database
from kiosk.models import (
    Attendee,
    AuditEntry,
    BadgeAlias,
    BadgePrint,
    CheckIn,
    ContactLink,
    OfflineDuplicate,
    Payment,
    PaymentMethod,
    Review,
)
from kiosk.rules import BadgeAction, Outcome
from kiosk.services import lookup, printing
from kiosk.services.checkin import check_in, pay
from kiosk.services.contacts import same_contact
from kiosk.services.context import Desk
from kiosk.services.errors import NotFoundError, ValidationError
from kiosk.services.merging import flagged, flagged_people, keep_both, merge_attendees
from kiosk.services.privacy import forget
from kiosk.services.replay_actions import OfflinePrint, replay_print
from kiosk.services.summary import day_summary, summary_json
from kiosk.services.views import AttendeeView
from tests.conftest import CONFERENCE_MORNING, TRAINING_MORNING, FixedClock
from tests.core.factories import registered

TRAINING = date(2026, 11, 27)
CONFERENCE = date(2026, 11, 28)


def flag(desk: Desk, code: str, review: Review) -> None:
    with desk.db.write() as session:
        person = lookup.find_by_code(session, code)
        assert person is not None
        person.review = review


def twice(desk: Desk, *, paid_both: bool = False) -> tuple[AttendeeView, AttendeeView]:
    """One person registered twice: in advance, and as a walk-in with the same phone."""
    anna = registered(desk, "package_premium", last="Аннина", first="Анна", paid=True)
    again = registered(
        desk,
        "package_premium",
        last="Аннина",
        first="Анна",
        phone=anna.phone or "",
        email="anna@example.org",
        paid=paid_both,
        allow_duplicate=True,
    )
    flag(desk, again.code, Review.PROBABLE_DUPLICATE)
    return anna, again


def count(desk: Desk, model: type) -> int:
    with desk.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def printed(desk: Desk, attendee_id: int) -> None:
    with desk.db.write() as session:
        session.add(BadgePrint(attendee_id=attendee_id, printed_at=desk.now(), desk=desk.name))


def test_a_merge_keeps_both_badges_opening_the_door_and_moves_everything(
    desk: Desk, clock: FixedClock
) -> None:
    anna, again = twice(desk)
    clock.now = TRAINING_MORNING
    pay(desk, again.code, PaymentMethod.CASH)
    assert check_in(desk, again.code).status is Outcome.CHECKED_IN  # the training day
    printed(desk, again.id)
    clock.now = CONFERENCE_MORNING
    money_before = count(desk, Payment)
    with desk.db.read() as session:
        paid_before = session.scalar(select(func.sum(Payment.amount)))

    result = merge_attendees(desk, anna.code, again.code)

    assert result.kept.id == anna.id and result.merged_code == again.code
    assert (result.checkins, result.payments, result.prints) == (1, 1, 1)
    assert (result.moved_days, result.same_days, result.merged_counts) == ((TRAINING,), (), ())
    assert (result.aliases, result.paid) == ((again.code,), again.price)
    assert result.refund == again.price  # both records were paid for one ticket
    assert result.kept.email == "anna@example.org"  # taken where the kept record had none
    with desk.db.read() as session:
        assert session.get(Attendee, again.id) is None
        assert session.scalars(select(CheckIn.attendee_id)).all() == [anna.id]
        assert set(session.scalars(select(Payment.attendee_id))) == {anna.id}
        assert session.scalar(select(func.sum(Payment.amount))) == paid_before
        assert session.scalars(select(BadgePrint.attendee_id)).all() == [anna.id]
        assert session.get(BadgeAlias, again.code).attendee_id == anna.id  # type: ignore[union-attr]
        assert not session.scalars(
            select(AuditEntry.id).where(AuditEntry.attendee_id == again.id)
        ).all()
        merge = session.scalars(select(AuditEntry).where(AuditEntry.action == "merge")).one()
        assert merge.attendee_id == anna.id and merge.after["alias"] == again.code  # type: ignore[index]
        assert session.get(Attendee, anna.id).review == ""  # type: ignore[union-attr]
    assert count(desk, Payment) == money_before
    # Both badges: a scan of either, a typed code, and a search find Anna.
    assert check_in(desk, again.code).attendee.id == anna.id  # type: ignore[union-attr]
    assert check_in(desk, anna.code).status is Outcome.ALREADY_CHECKED_IN
    assert lookup.get_by_code(desk, again.code.lower()).id == anna.id  # type: ignore[union-attr]
    assert [v.id for v in lookup.search(desk, again.code)] == [anna.id]
    with desk.db.read() as session:
        assert lookup.find_by_code(session, again.code).id == anna.id  # type: ignore[union-attr]


def test_a_day_both_records_came_keeps_the_earlier_arrival_and_the_later_apart(
    desk: Desk, clock: FixedClock
) -> None:
    anna, again = twice(desk, paid_both=True)
    check_in(desk, anna.code)
    clock.now = CONFERENCE_MORNING - timedelta(minutes=20)
    check_in(desk, again.code)  # the walk-in's record came twenty minutes earlier
    clock.now = CONFERENCE_MORNING + timedelta(hours=1)
    arrived = day_summary(desk, CONFERENCE).arrived
    result = merge_attendees(desk, anna.code, again.code)
    assert result.same_days == (CONFERENCE,) and result.checkins == 0
    # The walk-in's record came first: its arrival is the one that counts now.
    assert (result.moved_days, result.merged_counts) == ((), (CONFERENCE,))
    with desk.db.read() as session:
        kept = session.scalars(select(CheckIn)).one()
        later = session.scalars(select(OfflineDuplicate)).one()
    assert kept.attendee_id == anna.id
    assert kept.checked_in_at == CONFERENCE_MORNING - timedelta(minutes=20)
    assert (later.attendee_id, later.arrived_at) == (anna.id, CONFERENCE_MORNING)
    assert day_summary(desk, CONFERENCE).arrived == arrived - 1  # one person, not two


def test_what_the_other_record_paid_settles_what_the_kept_one_owed(desk: Desk) -> None:
    anna = registered(desk, "premium", last="Аннина", first="Анна", paid=False)
    again = registered(
        desk, "premium", last="Аннина", first="Анна", phone=anna.phone or "", allow_duplicate=True
    )
    result = merge_attendees(desk, anna.code, again.code)
    assert result.refund == 0
    assert (result.kept.amount_due, result.kept.payment_status) == (0, "paid")
    with desk.db.read() as session:
        assert not session.scalars(select(Payment.id).where(Payment.refund_due)).all()


def test_merging_someone_into_themselves_or_an_unknown_code_is_refused(desk: Desk) -> None:
    anna, _again = twice(desk)
    with pytest.raises(ValidationError):
        merge_attendees(desk, anna.code, anna.code.lower())
    with pytest.raises(NotFoundError):
        merge_attendees(desk, anna.code, "ZZZZ-ZZZZ-ZZZZ")
    assert count(desk, Attendee) == 2 and count(desk, BadgeAlias) == 0


def test_a_merged_code_merges_again_into_a_third_record(desk: Desk) -> None:
    anna, again = twice(desk)
    merge_attendees(desk, anna.code, again.code)
    third = registered(desk, last="Аннина", first="Анна", allow_duplicate=True)
    merge_attendees(desk, third.code, again.code)  # the alias stands for Anna
    with desk.db.read() as session:
        owners = dict(session.execute(select(BadgeAlias.code, BadgeAlias.attendee_id)).all())
    assert owners == {again.code: third.id, anna.code: third.id}


def test_keep_both_clears_the_flag_of_a_probable_duplicate(desk: Desk) -> None:
    anna, again = twice(desk)
    (listed,) = flagged(desk)
    assert listed.person.code == again.code and [o.id for o in listed.others] == [anna.id]
    summary = day_summary(desk, CONFERENCE)
    assert summary.decisions.flagged == (listed,)
    assert summary_json(summary, desk.event)["decisions"]["flagged"] == 1
    keep_both(desk, again.code)
    assert flagged(desk) == () and count(desk, Attendee) == 2
    with pytest.raises(ValidationError):
        keep_both(desk, again.code)


def test_two_people_flagged_for_one_phone_are_listed_once_and_cleared_together(
    desk: Desk,
) -> None:
    sergey = registered(desk, last="Смирнов", first="Сергей")
    elena = registered(
        desk, last="Смирнова", first="Елена", phone=sergey.phone or "", allow_duplicate=True
    )
    flag(desk, sergey.code, Review.SHARED_CONTACT)
    flag(desk, elena.code, Review.SHARED_CONTACT)
    (listed,) = flagged(desk)
    assert listed.person.id == sergey.id and [o.id for o in listed.others] == [elena.id]
    link_shared(desk, sergey.id, elena.id)
    summary = day_summary(desk, CONFERENCE)
    assert summary.decisions.flagged == ()  # the probable duplicates only
    assert len(summary.decisions.shared_contacts) == 1  # the pair, once
    assert summary_json(summary, desk.event)["decisions"]["shared_contacts"] == 1
    keep_both(desk, elena.code)
    assert flagged(desk) == ()
    assert day_summary(desk, CONFERENCE).decisions.shared_contacts == ()  # decided


def link_shared(desk: Desk, first: int, second: int) -> None:
    with desk.db.write() as session:
        session.add(ContactLink(attendee_id=first, other_id=second, kind="phone"))


def test_forgetting_the_kept_person_stops_the_merged_badge_too(desk: Desk) -> None:
    anna, again = twice(desk)
    merge_attendees(desk, anna.code, again.code)
    forget(desk, anna.code, "по просьбе")
    assert lookup.get_by_code(desk, again.code) is None
    assert count(desk, BadgeAlias) == 0


def test_what_the_other_paid_beyond_the_kept_ones_debt_is_split_off_to_give_back(
    desk: Desk,
) -> None:
    anna = registered(desk, "comfort", last="Аннина", first="Анна", paid=False)
    again = registered(
        desk,
        "package_premium",
        last="Аннина",
        first="Анна",
        phone=anna.phone or "",
        allow_duplicate=True,
    )
    with desk.db.read() as session:
        taken = session.scalar(select(func.sum(Payment.amount)))
    result = merge_attendees(desk, anna.code, again.code)
    assert result.refund == again.price - anna.price == 17900
    assert (result.kept.amount_paid, result.kept.amount_due) == (anna.price, 0)
    assert result.kept.payment_status == "paid"
    with desk.db.read() as session:
        rows = session.execute(select(Payment.amount, Payment.refund_due)).all()
    assert sorted(tuple(r) for r in rows) == [(10000, False), (17900, True)]
    assert sum(r[0] for r in rows) == taken  # nothing taken is lost, nothing counted twice


@contextmanager
def selects(db: Database) -> Iterator[list[str]]:
    """The SELECT statements sent to the database while the block runs."""
    seen: list[str] = []

    def note(_connection: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def test_the_flagged_people_and_whom_they_may_be_are_read_in_one_statement(desk: Desk) -> None:
    pairs = []
    for n in range(4):
        first = registered(desk, last=f"Дважды{n}", first="Анна")
        again = registered(
            desk, last=f"Дважды{n}", first="Анна", phone=first.phone or "", allow_duplicate=True
        )
        flag(desk, again.code, Review.PROBABLE_DUPLICATE)
        pairs.append((first, again))
    alone = registered(desk, last="Одинокая", first="Ольга")
    flag(desk, alone.code, Review.PROBABLE_DUPLICATE)  # sharing nothing: nobody to be
    with desk.db.read_rows() as connection, selects(desk.db) as seen:
        listed = flagged_people(connection)
    assert len(seen) == 1  # not one more for each person flagged, at each summary refresh
    assert [(f.person.id, [o.id for o in f.others]) for f in listed] == [
        *((again.id, [anna.id]) for anna, again in pairs),
        (alone.id, []),
    ]


def test_the_people_sharing_a_contact_are_those_with_the_phone_or_e_mail_not_forgotten(
    desk: Desk,
) -> None:
    anna = registered(desk, last="Общая", first="Анна", email="team@example.org")
    boris = registered(
        desk, last="Общий", first="Борис", phone=anna.phone or "", allow_duplicate=True
    )
    gone = registered(
        desk, last="Ушедшая", first="Вера", email="team@example.org", allow_duplicate=True
    )
    forget(desk, gone.code, "по просьбе")

    def sharing(phone: str | None, email: str | None) -> list[int]:
        with desk.db.read() as session:
            query = select(Attendee.id).where(same_contact(Attendee, phone, email))
            return list(session.scalars(query.order_by(Attendee.id)))

    assert sharing(anna.phone, None) == [anna.id, boris.id]
    assert sharing(None, "team@example.org") == [anna.id]  # the forgotten one is nobody's
    assert sharing(None, None) == sharing("", "") == []


def print_badge(desk: Desk, code: str) -> None:
    printing.print_badges(desk, [code], printer="pdf:x", sender=lambda *_a, **_k: "nowhere")


def test_after_a_merge_a_scan_of_either_badge_checks_in_without_asking_for_a_new_one(
    desk: Desk, clock: FixedClock
) -> None:
    anna, again = twice(desk, paid_both=True)
    clock.now = TRAINING_MORNING
    assert check_in(desk, again.code).status is Outcome.CHECKED_IN  # the walk-in's badge
    print_badge(desk, again.code)
    clock.now = CONFERENCE_MORNING
    merge_attendees(desk, anna.code, again.code)

    by_alias = check_in(desk, again.code)
    assert (by_alias.status, by_alias.attendee.id) == (Outcome.CHECKED_IN, anna.id)  # type: ignore[union-attr]
    assert by_alias.badge is BadgeAction.HAS_BADGE  # not out of date: no reprint forced
    assert check_in(desk, anna.code).badge is BadgeAction.HAS_BADGE
    assert day_summary(desk, CONFERENCE).decisions.badges_out_of_date == ()


def test_a_merged_badge_showing_another_company_is_still_out_of_date(desk: Desk) -> None:
    anna = registered(desk, "package_premium", last="Аннина", first="Анна", company="Ромашка")
    again = registered(
        desk,
        "package_premium",
        last="Аннина",
        first="Анна",
        company="Лютик",
        phone=anna.phone or "",
        allow_duplicate=True,
    )
    print_badge(desk, again.code)
    merge_attendees(desk, anna.code, again.code)
    assert check_in(desk, again.code).badge is BadgeAction.OUT_OF_DATE  # it says «Лютик»
    stale = day_summary(desk, CONFERENCE).decisions.badges_out_of_date
    assert [p.id for p in stale] == [anna.id]


# ---- the kept person's badge after a merge -------------------------------------------------


def printed_offline(desk: Desk, person: AttendeeView, at: datetime, code: str = "") -> None:
    """`person`'s badge, as it showed then, printed at a desk without the hub at `at` and
    recorded on the hub now (a later row than anything printed meanwhile)."""
    replay_print(
        desk,
        OfflinePrint(
            str(uuid.uuid4()),
            code or person.code,
            "badge-90x55",
            "pdf:x",
            person.badge_hash(desk.event),
            at,
            "ст-2",
            "оля",
        ),
    )


def test_a_badge_printed_with_the_merged_code_and_recorded_after_the_merge_is_current(
    desk: Desk, clock: FixedClock
) -> None:
    # The walk-in's badge printed at a desk without the hub, whose print reaches the hub only
    # after the organiser merged the walk-in into Anna: it shows all her badge shows.
    anna, again = twice(desk, paid_both=True)
    clock.now = CONFERENCE_MORNING
    merge_attendees(desk, anna.code, again.code)
    printed_offline(desk, again, CONFERENCE_MORNING - timedelta(minutes=30))

    kept = lookup.get_by_code(desk, anna.code)
    assert kept is not None and len(kept.prints) == 1
    assert not printing.out_of_date(kept, desk.event)
    # Printed before she came: hand it over (not «out of date: print a new one»).
    assert check_in(desk, again.code).badge is BadgeAction.PRINTED_BEFORE
    assert day_summary(desk, CONFERENCE).decisions.badges_out_of_date == ()


def test_the_badge_in_hand_is_the_last_printed_for_the_desk_and_the_summary_alike(
    desk: Desk, clock: FixedClock
) -> None:
    # Anna's badge (Ромашка) printed at 09:30; the walk-in's (no company) printed without the
    # hub at 09:00 and recorded after. Merged, her badge in hand is the 09:30 one: current.
    anna = registered(desk, "package_premium", last="Аннина", first="Анна", company="Ромашка")
    again = registered(
        desk,
        "package_premium",
        last="Аннина",
        first="Анна",
        phone=anna.phone or "",
        allow_duplicate=True,
    )
    clock.now = CONFERENCE_MORNING + timedelta(minutes=25)
    print_badge(desk, anna.code)
    printed_offline(desk, again, CONFERENCE_MORNING - timedelta(minutes=5))
    merge_attendees(desk, anna.code, again.code)

    kept = lookup.get_by_code(desk, anna.code)
    assert kept is not None and not printing.out_of_date(kept, desk.event)
    assert day_summary(desk, CONFERENCE).decisions.badges_out_of_date == ()


def test_after_a_merge_an_out_of_date_badge_says_what_changed_on_it(desk: Desk) -> None:
    # Anna (no company) printed; the walk-in «Аня» typed her company. Merged, Anna's badge
    # lacks the company now on her record: that, not her name, is what changed.
    anna = registered(desk, "package_premium", last="Аннина", first="Анна")
    again = registered(
        desk,
        "package_premium",
        last="Аннина",
        first="Аня",
        company="Ромашка",
        phone=anna.phone or "",
        allow_duplicate=True,
    )
    print_badge(desk, anna.code)
    merge_attendees(desk, anna.code, again.code)
    kept = lookup.get_by_code(desk, anna.code)
    assert kept is not None and kept.company == "Ромашка"
    assert printing.out_of_date(kept, desk.event)
    assert printing.badge_changes(desk, anna.id) == (printing.BadgeChange.COMPANY,)

    # The walk-in's badge printed last instead: its name is what differs.
    other = registered(desk, "package_premium", last="Борисов", first="Борис")
    walk_in = registered(
        desk,
        "package_premium",
        last="Борисов",
        first="Боря",
        phone=other.phone or "",
        allow_duplicate=True,
    )
    print_badge(desk, walk_in.code)
    merge_attendees(desk, other.code, walk_in.code)
    assert printing.badge_changes(desk, other.id) == (printing.BadgeChange.NAME,)


def test_a_merge_says_every_code_it_makes_an_alias_and_which_arrival_counts(
    desk: Desk, clock: FixedClock
) -> None:
    anna, again = twice(desk)
    third = registered(
        desk, "package_premium", last="Аннина", first="Анна", phone=anna.phone or "",
        allow_duplicate=True,
    )  # fmt: skip
    merge_attendees(desk, again.code, third.code)  # the third record's code: again's alias
    clock.now = CONFERENCE_MORNING
    check_in(desk, anna.code)
    clock.now = CONFERENCE_MORNING + timedelta(minutes=5)
    check_in(desk, again.code)
    result = merge_attendees(desk, anna.code, again.code)
    assert result.aliases == (again.code, third.code)
    assert (result.same_days, result.merged_counts) == ((CONFERENCE,), ())  # Anna's own counts


def test_of_two_records_paid_for_one_person_the_payment_taken_first_counts_whichever_is_kept(
    desk: Desk, clock: FixedClock
) -> None:
    """The kept record is the one that reached the hub first, not always the one paid first:
    as for two desks' payments of one person, the payment taken first by the desks' clocks
    counts and the later is to give back, whichever record it was on."""
    anna = registered(desk, "comfort", last="Аннина", first="Анна", paid=False)
    again = registered(
        desk, "comfort", last="Аннина", first="Анна", phone=anna.phone or "", paid=False,
        allow_duplicate=True,
    )  # fmt: skip
    clock.now = CONFERENCE_MORNING + timedelta(minutes=10)
    pay(desk, anna.code, PaymentMethod.CARD)  # on the kept record, later
    clock.now = CONFERENCE_MORNING + timedelta(minutes=5)
    pay(desk, again.code, PaymentMethod.CASH)  # on the merged one, earlier

    result = merge_attendees(desk, anna.code, again.code)

    assert result.refund == anna.price
    with desk.db.read() as session:
        rows = session.execute(select(Payment.method, Payment.refund_due)).all()
    assert sorted((str(m), r) for m, r in rows) == [("card", True), ("cash", False)]
    assert (result.kept.amount_paid, result.kept.payment_method) == (anna.price, "cash")
