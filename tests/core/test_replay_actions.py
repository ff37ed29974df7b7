"""Payments, upgrades, prints, undos and corrections made at a desk without the hub, applied on
the hub: once per nonce, on what the hub holds now (a payment made twice is flagged to be
refunded, an undo takes back only the check-in the desk saw)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import func, select

from kiosk.config import Event
from kiosk.models import (
    AppliedAction,
    Attendee,
    AuditEntry,
    BadgePrint,
    CheckIn,
    ContactLink,
    OfflineDuplicate,
    Payment,
    PaymentMethod,
    Review,
)
from kiosk.services import lookup
from kiosk.services.checkin import check_in, pay
from kiosk.services.context import Desk
from kiosk.services.duplicates import offline_duplicates
from kiosk.services.merging import flagged, merge_attendees
from kiosk.services.printing import out_of_date
from kiosk.services.refunds import mark_refunded
from kiosk.services.registration import edit_attendee
from kiosk.services.replay import OfflineCheckIn, Replayed, replay_all, replay_check_in
from kiosk.services.replay_actions import (
    EDIT_CONFLICT,
    OfflineCorrection,
    OfflinePayment,
    OfflinePrint,
    OfflineUndo,
    OfflineUpgrade,
    correction_replay,
    replay_correction,
    replay_payment,
    replay_print,
    replay_undo,
    replay_upgrade,
)
from kiosk.services.views import attendee_view
from tests.conftest import CONFERENCE_MORNING, FixedClock
from tests.core.factories import registered
from tests.core.test_duplicates import admitted

DAY = date(2026, 11, 28)
TAKEN = CONFERENCE_MORNING + timedelta(minutes=3)


def nonce() -> str:
    return str(uuid.uuid4())


def payment(code: str, amount: int = 10000, method: str = "cash") -> OfflinePayment:
    return OfflinePayment(nonce(), code, amount, method, DAY, TAKEN, "стойка-2", "оля")


def payments(desk: Desk) -> list[tuple[int, str, bool, bool, str]]:
    with desk.db.read() as session:
        rows = session.execute(
            select(
                Payment.amount, Payment.method, Payment.offline, Payment.refund_due, Payment.desk
            ).order_by(Payment.id)
        ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def person(desk: Desk, attendee_id: int) -> Attendee:
    with desk.db.read() as session:
        found = session.get(Attendee, attendee_id)
        assert found is not None
        session.expunge(found)
        return found


def count(desk: Desk, model: type) -> int:
    with desk.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


# ---- payments ------------------------------------------------------------------------------


def test_an_offline_payment_settles_what_is_due_with_the_desks_time(desk: Desk) -> None:
    boris = registered(desk, last="Борисов", first="Борис", paid=False)
    result = replay_payment(desk, payment(boris.code))
    assert result.outcome is Replayed.PAID
    assert payments(desk) == [(10000, "cash", True, False, "стойка-2")]
    after = person(desk, boris.id)
    assert (after.amount_due, after.amount_paid, after.payment_status) == (0, 10000, "paid")
    with desk.db.read() as session:
        row = session.scalars(select(Payment)).one()
    assert (row.taken_at, row.uploaded_at, row.day) == (TAKEN, CONFERENCE_MORNING, DAY)


def test_an_offline_payment_sent_twice_is_taken_once(desk: Desk) -> None:
    boris = registered(desk, last="Борисов", first="Борис", paid=False)
    action = payment(boris.code)
    first = replay_payment(desk, action)
    again = replay_payment(desk, action)
    assert (first.again, again.again, again.outcome) == (False, True, Replayed.PAID)
    assert len(payments(desk)) == 1
    assert person(desk, boris.id).amount_paid == 10000


def test_a_payment_for_someone_who_paid_meanwhile_is_kept_and_flagged_to_refund(
    desk: Desk,
) -> None:
    boris = registered(desk, last="Борисов", first="Борис", paid=False)
    pay(desk, boris.code, PaymentMethod.CARD)  # at another desk, while this one was offline
    result = replay_payment(desk, payment(boris.code))
    assert result.outcome is Replayed.DOUBLE_PAYMENT
    assert payments(desk) == [
        (10000, "card", False, False, "desk-1"),
        (10000, "cash", True, True, "стойка-2"),
    ]
    after = person(desk, boris.id)
    assert (after.amount_paid, after.payment_method) == (10000, "card")
    view = lookup.get_by_code(desk, boris.code)
    assert view is not None and [m for m, _ in view.paid_by] == ["card"]
    assert [(p.method, p.desk, p.refund_due) for p in view.paid_twice] == [
        ("card", "desk-1", False),
        ("cash", "стойка-2", True),
    ]


def test_someone_who_never_paid_twice_has_no_payments_paid_twice(desk: Desk) -> None:
    boris = registered(desk, last="Борисов", first="Борис", paid=False)
    replay_payment(desk, payment(boris.code))
    view = lookup.get_by_code(desk, boris.code)
    assert view is not None and view.paid_by == (("cash", 10000),)
    assert view.paid_twice == () and view.double_payments == ()


def test_a_payment_larger_than_what_is_left_settles_it_and_flags_the_rest(desk: Desk) -> None:
    boris = registered(desk, last="Борисов", first="Борис", paid=False)
    result = replay_payment(desk, payment(boris.code, amount=14000))
    assert result.outcome is Replayed.DOUBLE_PAYMENT
    assert payments(desk) == [
        (10000, "cash", True, False, "стойка-2"),
        (4000, "cash", True, True, "стойка-2"),
    ]
    assert person(desk, boris.id).amount_paid == 10000


def taken(code: str, desk_name: str, minutes: int, amount: int = 10000) -> OfflinePayment:
    """A payment taken offline at `desk_name`, `minutes` after the conference's morning."""
    at = CONFERENCE_MORNING + timedelta(minutes=minutes)
    return OfflinePayment(nonce(), code, amount, "cash", DAY, at, desk_name, "оля")


def test_an_earlier_payment_arriving_second_counts_and_the_later_one_is_flagged(
    desk: Desk,
) -> None:
    boris = registered(desk, last="Борисов", first="Борис", paid=False)
    first = replay_payment(desk, taken(boris.code, "стойка-1", 9))  # the later one, first
    second = replay_payment(desk, taken(boris.code, "стойка-2", 2))
    assert (first.outcome, second.outcome) == (Replayed.PAID, Replayed.EARLIER_PAYMENT)
    assert payments(desk) == [
        (10000, "cash", True, True, "стойка-1"),
        (10000, "cash", True, False, "стойка-2"),
    ]
    after = person(desk, boris.id)
    assert (after.amount_paid, after.amount_due, after.payment_status) == (10000, 0, "paid")
    with desk.db.read() as session:
        moved = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "double_payment")
        ).one()
    assert moved.after is not None and moved.after["taken_desk"] == "стойка-1"
    view = lookup.get_by_code(desk, boris.code)
    assert view is not None and view.paid_by == (("cash", 10000),)
    assert [(p.desk, p.refund_due, p.taken_at.minute) for p in view.paid_twice] == [
        ("стойка-2", False, 7),  # the conference's morning is 23:05 UTC
        ("стойка-1", True, 14),
    ]
    assert [p.desk for p in view.double_payments] == ["стойка-1"]
    with desk.db.read() as session:
        found = session.get(Attendee, boris.id)
        assert found is not None
        assert attendee_view(found).paid_twice == view.paid_twice  # as the desk's own reads


def test_a_payment_counted_online_later_than_one_taken_offline_is_the_double(
    desk: Desk, clock: FixedClock
) -> None:
    boris = registered(desk, last="Борисов", first="Борис", paid=False)
    clock.now = CONFERENCE_MORNING + timedelta(minutes=20)
    pay(desk, boris.code, PaymentMethod.CARD)  # at the hub, after the offline desk took cash
    result = replay_payment(desk, taken(boris.code, "стойка-2", 4))
    assert result.outcome is Replayed.EARLIER_PAYMENT
    assert payments(desk) == [
        (10000, "card", False, True, "desk-1"),
        (10000, "cash", True, False, "стойка-2"),
    ]
    after = person(desk, boris.id)
    assert (after.amount_paid, after.amount_due, after.payment_method) == (10000, 0, "cash")


def test_an_earlier_smaller_payment_takes_only_its_part_of_the_later_one(desk: Desk) -> None:
    boris = registered(desk, last="Борисов", first="Борис", paid=False)
    replay_payment(desk, taken(boris.code, "стойка-1", 9))
    replay_payment(desk, taken(boris.code, "стойка-2", 2, amount=4000))
    assert sorted(payments(desk)) == [
        (4000, "cash", True, False, "стойка-2"),
        (4000, "cash", True, True, "стойка-1"),
        (6000, "cash", True, False, "стойка-1"),
    ]
    assert person(desk, boris.id).amount_paid == 10000


def test_a_payment_given_back_stays_given_back_when_an_earlier_one_arrives(desk: Desk) -> None:
    boris = registered(desk, last="Борисов", first="Борис", paid=False)
    replay_payment(desk, taken(boris.code, "стойка-1", 5))
    assert replay_payment(desk, taken(boris.code, "стойка-3", 9)).outcome is (
        Replayed.DOUBLE_PAYMENT
    )
    mark_refunded(desk, boris.code)  # стойка-3's money given back
    result = replay_payment(desk, taken(boris.code, "стойка-2", 2))
    assert result.outcome is Replayed.EARLIER_PAYMENT
    with desk.db.read() as session:
        rows = session.execute(
            select(Payment.desk, Payment.refund_due, Payment.refunded_at.is_not(None))
        ).all()
    assert sorted(tuple(r) for r in rows) == [
        ("стойка-1", True, False),  # now the double, to give back
        ("стойка-2", False, False),  # the first taken: counts
        ("стойка-3", True, True),  # given back before, and stays so
    ]
    assert person(desk, boris.id).amount_paid == 10000


def test_payments_at_one_moment_keep_the_order_they_reached_the_hub_in(desk: Desk) -> None:
    boris = registered(desk, last="Борисов", first="Борис", paid=False)
    replay_payment(desk, taken(boris.code, "стойка-1", 5))
    assert replay_payment(desk, taken(boris.code, "стойка-2", 5)).outcome is (
        Replayed.DOUBLE_PAYMENT
    )
    assert [(p[4], p[3]) for p in payments(desk)] == [("стойка-1", False), ("стойка-2", True)]


def test_a_payment_for_an_unknown_code_is_kept_as_applied(desk: Desk) -> None:
    result = replay_payment(desk, payment("ZZZZ-ZZZZ-ZZZZ"))
    assert result.outcome is Replayed.UNKNOWN_CODE
    assert payments(desk) == [] and count(desk, AppliedAction) == 1


# ---- upgrades ------------------------------------------------------------------------------


def upgrade(code: str, tariff: str = "package_comfort") -> OfflineUpgrade:
    return OfflineUpgrade(nonce(), code, tariff, "comfort", DAY, TAKEN, "стойка-2", "оля")


def test_an_offline_upgrade_is_sold_once(desk: Desk) -> None:
    vera = registered(desk, last="Верина", first="Вера")
    action = upgrade(vera.code)
    assert replay_upgrade(desk, action).outcome is Replayed.UPGRADED
    again = replay_upgrade(desk, action)
    assert again.again and again.outcome is Replayed.UPGRADED
    after = person(desk, vera.id)
    assert (after.tariff, after.amount_due) == ("package_comfort", 10700)


def test_an_upgrade_sold_meanwhile_elsewhere_is_not_sold_again(desk: Desk) -> None:
    vera = registered(desk, last="Верина", first="Вера")
    replay_upgrade(desk, upgrade(vera.code))
    second = replay_upgrade(desk, upgrade(vera.code))
    assert second.outcome is Replayed.ALREADY_UPGRADED
    assert person(desk, vera.id).amount_due == 10700


def test_an_upgrade_no_longer_on_sale_from_the_hubs_tariff_changes_nothing(desk: Desk) -> None:
    vera = registered(desk, last="Верина", first="Вера")
    replay_upgrade(desk, upgrade(vera.code, "package_premium"))
    result = replay_upgrade(desk, upgrade(vera.code, "package_comfort"))
    assert result.outcome is Replayed.NOT_APPLIED
    assert person(desk, vera.id).tariff == "package_premium"


# ---- prints --------------------------------------------------------------------------------


def printed(code: str, minutes: int = 3) -> OfflinePrint:
    at = CONFERENCE_MORNING + timedelta(minutes=minutes)
    return OfflinePrint(nonce(), code, "a6", "Zebra", "abc", at, "стойка-2", "оля")


def test_an_offline_print_is_recorded_once_with_its_time(desk: Desk) -> None:
    vera = registered(desk, last="Верина", first="Вера")
    action = printed(vera.code)
    assert replay_print(desk, action).outcome is Replayed.PRINTED
    assert replay_print(desk, action).again
    with desk.db.read() as session:
        row = session.scalars(select(BadgePrint)).one()
    assert (row.printed_at, row.desk, row.reprint, row.badge_hash) == (
        action.recorded_at,
        "стойка-2",
        False,
        "abc",
    )


def test_a_second_offline_print_is_a_reprint(desk: Desk) -> None:
    vera = registered(desk, last="Верина", first="Вера")
    replay_print(desk, printed(vera.code, 3))
    replay_print(desk, printed(vera.code, 5))
    with desk.db.read() as session:
        assert session.scalars(select(BadgePrint.reprint).order_by(BadgePrint.id)).all() == [
            False,
            True,
        ]


# ---- undo ----------------------------------------------------------------------------------


def test_an_offline_undo_takes_back_the_check_in_the_desk_saw(desk: Desk) -> None:
    vera = registered(desk, last="Верина", first="Вера")
    made = check_in(desk, vera.code)
    assert made.recorded_at is not None
    action = OfflineUndo(
        nonce(), vera.code, DAY, "desk-1", made.recorded_at, "ошибка", TAKEN, "стойка-2", "оля"
    )
    assert replay_undo(desk, action).outcome is Replayed.UNDONE
    assert count(desk, CheckIn) == 0
    again = replay_undo(desk, action)
    assert again.again and again.outcome is Replayed.UNDONE


def test_an_offline_undo_leaves_a_check_in_that_is_no_longer_the_one_it_saw(desk: Desk) -> None:
    vera = registered(desk, last="Верина", first="Вера")
    made = check_in(desk, vera.code)
    assert made.recorded_at is not None
    earlier = made.recorded_at - timedelta(minutes=1)
    action = OfflineUndo(
        nonce(), vera.code, DAY, "стойка-2", earlier, "ошибка", TAKEN, "стойка-2", "оля"
    )
    assert replay_undo(desk, action).outcome is Replayed.NOT_APPLIED
    assert count(desk, CheckIn) == 1


def test_an_offline_undo_of_an_admission_kept_apart_removes_that_duplicate(desk: Desk) -> None:
    vera = registered(desk, last="Верина", first="Вера")
    check_in(desk, vera.code)  # another desk, earlier
    mine = CONFERENCE_MORNING + timedelta(minutes=4)
    admitted = OfflineCheckIn(nonce(), vera.code, DAY, mine, mine, "стойка-2", "оля")
    assert replay_check_in(desk, admitted).outcome is Replayed.DUPLICATE
    action = OfflineUndo(nonce(), vera.code, DAY, "стойка-2", mine, "не тот", TAKEN, "стойка-2", "")
    assert replay_undo(desk, action).outcome is Replayed.UNDONE
    assert (count(desk, CheckIn), count(desk, OfflineDuplicate)) == (1, 0)


def test_an_offline_undo_of_the_counted_admission_counts_the_earliest_set_aside_instead(
    desk: Desk,
) -> None:
    vera = registered(desk, last="Верина", first="Вера")
    admitted(desk, vera, DAY, ("стойка-1", 2), ("стойка-3", 9), ("стойка-2", 5))
    mine = CONFERENCE_MORNING + timedelta(minutes=2)
    action = OfflineUndo(nonce(), vera.code, DAY, "стойка-1", mine, "не тот", TAKEN, "стойка-1", "")
    assert replay_undo(desk, action).outcome is Replayed.UNDONE
    with desk.db.read() as session:
        counted = session.scalars(select(CheckIn)).one()
        assert (counted.desk, counted.checked_in_at, counted.offline) == (
            "стойка-2",
            CONFERENCE_MORNING + timedelta(minutes=5),
            True,
        )
    (group,) = offline_duplicates(desk)
    assert group.counted is not None and group.counted.desk == "стойка-2"
    assert [a.desk for a in group.set_aside] == ["стойка-3"]
    again = replay_undo(desk, action)  # sent twice: applied once
    assert again.again and count(desk, CheckIn) == 1 and count(desk, OfflineDuplicate) == 1


def test_an_offline_undo_never_takes_back_another_desks_admission(desk: Desk) -> None:
    vera = registered(desk, last="Верина", first="Вера")
    admitted(desk, vera, DAY, ("стойка-2", 5))
    mine = CONFERENCE_MORNING + timedelta(minutes=2)  # стойка-1's, never reached the hub
    action = OfflineUndo(nonce(), vera.code, DAY, "стойка-1", mine, "не тот", TAKEN, "стойка-1", "")
    assert replay_undo(desk, action).outcome is Replayed.NOT_APPLIED
    with desk.db.read() as session:
        assert session.scalars(select(CheckIn.desk)).all() == ["стойка-2"]


# ---- corrections ---------------------------------------------------------------------------


def test_an_offline_correction_is_written_once_and_found_by_search(desk: Desk) -> None:
    vera = registered(desk, last="Верина", first="Вера")
    action = OfflineCorrection(
        nonce(), vera.code, {"last_name": "Веринская", "company": "Ромашка"}, TAKEN, "стойка-2", ""
    )
    assert replay_correction(desk, action).outcome is Replayed.CORRECTED
    assert replay_correction(desk, action).again
    after = person(desk, vera.id)
    assert (after.last_name, after.company, after.desk_edited_at) == ("Веринская", "Ромашка", TAKEN)
    assert [v.code for v in lookup.search(desk, "Веринская")] == [vera.code]


def test_a_correction_never_touches_what_the_desk_may_not_edit(desk: Desk) -> None:
    vera = registered(desk, last="Верина", first="Вера", paid=False)
    action = OfflineCorrection(
        nonce(), vera.code, {"amount_due": "0", "first_name": "Варвара"}, TAKEN, "стойка-2", ""
    )
    replay_correction(desk, action)
    after = person(desk, vera.id)
    assert (after.first_name, after.amount_due) == ("Варвара", 10000)


def correction(code: str, changes: dict[str, str | None]) -> OfflineCorrection:
    return OfflineCorrection(nonce(), code, changes, TAKEN, "стойка-2", "оля")


def test_a_phone_corrected_offline_to_another_names_is_a_contact_shared_both_flagged(
    desk: Desk,
) -> None:
    sergey = registered(desk, last="Смирнов", first="Сергей", phone="+79145550101")
    elena = registered(desk, last="Смирнова", first="Елена", phone="+79145550102")
    result = replay_correction(desk, correction(elena.code, {"phone": sergey.phone}))
    assert (result.outcome, result.attendee_id) == (Replayed.SHARED_CONTACT, elena.id)
    assert person(desk, elena.id).phone == sergey.phone  # corrected all the same
    assert (person(desk, sergey.id).review, person(desk, elena.id).review) == (
        Review.SHARED_CONTACT,
        Review.SHARED_CONTACT,
    )
    with desk.db.read() as session:
        link = session.scalars(select(ContactLink)).one()
    assert (link.attendee_id, link.other_id, link.kind) == (sergey.id, elena.id, "phone")
    (listed,) = flagged(desk)  # the pair once
    assert {listed.person.id, *(o.id for o in listed.others)} == {sergey.id, elena.id}


def test_an_e_mail_corrected_offline_to_the_same_names_is_a_probable_duplicate(
    desk: Desk,
) -> None:
    anna = registered(desk, last="Алёшина", first="Анна", email="anna@example.org")
    # Written otherwise (е for ё), the same person by the import's rule.
    twin = registered(desk, last="Алешина", first="Анна", phone="+79145550103")
    result = replay_correction(desk, correction(twin.code, {"email": "anna@example.org"}))
    assert result.outcome is Replayed.PROBABLE_DUPLICATE
    assert (person(desk, anna.id).review, person(desk, twin.id).review) == (
        Review.NONE,
        Review.PROBABLE_DUPLICATE,
    )
    (listed,) = flagged(desk)
    assert (listed.person.code, [o.code for o in listed.others]) == (twin.code, [anna.code])
    with desk.db.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "edit")).one()
    assert entry.after["review"] == Review.PROBABLE_DUPLICATE  # type: ignore[index]
    assert replay_correction(desk, correction(twin.code, {"company": "Ромашка"})).outcome is (
        Replayed.CORRECTED  # the contact not changed: nothing decided again
    )


def test_a_correction_to_a_contact_nobody_else_has_flags_nobody(desk: Desk) -> None:
    registered(desk, last="Смирнов", first="Сергей", phone="+79145550101")
    vera = registered(desk, last="Верина", first="Вера", phone="+79145550104")
    changes: dict[str, str | None] = {"phone": "+79145550105", "email": "vera@example.org"}
    assert replay_correction(desk, correction(vera.code, changes)).outcome is Replayed.CORRECTED
    assert flagged(desk) == ()


# ---- two edits of one field ------------------------------------------------------------------


def edited(
    code: str,
    changes: dict[str, str | None],
    before: dict[str, str | None],
    desk_name: str,
    minutes: int,
) -> OfflineCorrection:
    at = CONFERENCE_MORNING + timedelta(minutes=minutes)
    return OfflineCorrection(nonce(), code, changes, at, desk_name, "оля", before)


def conflicts(desk: Desk) -> list[tuple[str, object, object, str, bool]]:
    """The edit conflicts logged: (field, the hub's value, the desk's, its desk, applied)."""
    with desk.db.read() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action == EDIT_CONFLICT).order_by(AuditEntry.id)
        ).all()
    return [
        (e.after["field"], e.before["value"], e.after["value"], e.desk, e.after["applied"])  # type: ignore[index]
        for e in entries
    ]


def test_the_later_edit_of_a_field_stands_when_the_earlier_one_reaches_the_hub_last(
    desk: Desk,
) -> None:
    yana = registered(desk, last="Янина", first="Яна", company="Старт")
    later = replay_correction(
        desk, edited(yana.code, {"company": "Бета"}, {"company": "Старт"}, "стойка-2", 9)
    )
    earlier = replay_correction(
        desk, edited(yana.code, {"company": "Альфа"}, {"company": "Старт"}, "стойка-1", 2)
    )
    assert (later.outcome, earlier.outcome) == (Replayed.CORRECTED, Replayed.EDIT_CONFLICT)
    assert person(desk, yana.id).company == "Бета"
    # The earlier desk's value is kept in the log as superseded, with its desk and time.
    assert conflicts(desk) == [("company", "Бета", "Альфа", "стойка-1", False)]
    with desk.db.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == EDIT_CONFLICT)).one()
        edits = session.scalars(select(AuditEntry).where(AuditEntry.action == "edit")).all()
    assert entry.after["at"] == (CONFERENCE_MORNING + timedelta(minutes=2)).isoformat()  # type: ignore[index]
    assert (entry.before["desk"], entry.before["at"]) == (  # type: ignore[index]
        "стойка-2",
        (CONFERENCE_MORNING + timedelta(minutes=9)).isoformat(),
    )
    assert len(edits) == 1  # the superseded value never written


def test_the_later_edit_of_a_field_stands_when_it_reaches_the_hub_last(desk: Desk) -> None:
    yana = registered(desk, last="Янина", first="Яна", company="Старт")
    earlier = replay_correction(
        desk, edited(yana.code, {"company": "Альфа"}, {"company": "Старт"}, "стойка-1", 2)
    )
    later = replay_correction(
        desk, edited(yana.code, {"company": "Бета"}, {"company": "Старт"}, "стойка-2", 9)
    )
    assert (earlier.outcome, later.outcome) == (Replayed.CORRECTED, Replayed.EDIT_CONFLICT)
    assert person(desk, yana.id).company == "Бета"
    # The earlier value, overwritten, is in the log all the same: the organiser sees both.
    assert conflicts(desk) == [("company", "Альфа", "Бета", "стойка-2", True)]


def test_an_edit_on_the_hub_later_than_an_offline_one_stands(desk: Desk, clock: FixedClock) -> None:
    yana = registered(desk, last="Янина", first="Яна", company="Старт")
    clock.now = CONFERENCE_MORNING + timedelta(minutes=9)
    edit_attendee(desk, yana.code, {"company": "Бета"})
    result = replay_correction(
        desk, edited(yana.code, {"company": "Альфа"}, {"company": "Старт"}, "стойка-1", 2)
    )
    assert result.outcome is Replayed.EDIT_CONFLICT
    assert person(desk, yana.id).company == "Бета"
    assert conflicts(desk) == [("company", "Бета", "Альфа", "стойка-1", False)]


def test_an_offline_edit_later_than_one_on_the_hub_stands(desk: Desk, clock: FixedClock) -> None:
    yana = registered(desk, last="Янина", first="Яна", company="Старт")
    clock.now = CONFERENCE_MORNING + timedelta(minutes=2)
    edit_attendee(desk, yana.code, {"company": "Бета"})
    result = replay_correction(
        desk, edited(yana.code, {"company": "Альфа"}, {"company": "Старт"}, "стойка-1", 9)
    )
    assert result.outcome is Replayed.EDIT_CONFLICT  # the desk never saw «Бета»
    assert person(desk, yana.id).company == "Альфа"
    assert conflicts(desk) == [("company", "Бета", "Альфа", "стойка-1", True)]


def test_a_later_edit_made_after_seeing_the_hubs_value_is_no_conflict(
    desk: Desk, clock: FixedClock
) -> None:
    yana = registered(desk, last="Янина", first="Яна", company="Старт")
    clock.now = CONFERENCE_MORNING + timedelta(minutes=2)
    edit_attendee(desk, yana.code, {"company": "Бета"})
    result = replay_correction(
        desk, edited(yana.code, {"company": "Альфа"}, {"company": "Бета"}, "стойка-1", 9)
    )
    assert result.outcome is Replayed.CORRECTED
    assert person(desk, yana.id).company == "Альфа" and conflicts(desk) == []


def test_different_fields_edited_at_two_desks_both_apply(desk: Desk) -> None:
    yana = registered(desk, last="Янина", first="Яна", company="Старт", position="инженер")
    company = edited(yana.code, {"company": "Бета"}, {"company": "Старт"}, "стойка-2", 9)
    position = edited(yana.code, {"position": "директор"}, {"position": "инженер"}, "стойка-1", 2)
    assert replay_correction(desk, company).outcome is Replayed.CORRECTED
    assert replay_correction(desk, position).outcome is Replayed.CORRECTED
    after = person(desk, yana.id)
    assert (after.company, after.position) == ("Бета", "директор")
    assert conflicts(desk) == []
    # The desk's time of the latest edit stays the latest, whatever came last.
    assert after.desk_edited_at == company.recorded_at


def test_a_correction_applies_its_other_fields_when_one_is_superseded(desk: Desk) -> None:
    yana = registered(desk, last="Янина", first="Яна", company="Старт")
    replay_correction(
        desk, edited(yana.code, {"company": "Бета"}, {"company": "Старт"}, "стойка-2", 9)
    )
    both = edited(
        yana.code,
        {"company": "Альфа", "middle_name": "Петровна"},
        {"company": "Старт", "middle_name": None},
        "стойка-1",
        2,
    )
    assert replay_correction(desk, both).outcome is Replayed.EDIT_CONFLICT
    after = person(desk, yana.id)
    assert (after.company, after.middle_name) == ("Бета", "Петровна")


def test_two_edits_of_one_field_in_one_batch_keep_the_later(desk: Desk) -> None:
    yana = registered(desk, last="Янина", first="Яна", company="Старт")
    later = edited(yana.code, {"company": "Бета"}, {"company": "Старт"}, "стойка-2", 9)
    earlier = edited(yana.code, {"company": "Альфа"}, {"company": "Старт"}, "стойка-1", 2)
    results = replay_all(desk, [correction_replay(later), correction_replay(earlier)])
    assert [r.outcome for r in results] == [Replayed.CORRECTED, Replayed.EDIT_CONFLICT]
    assert person(desk, yana.id).company == "Бета"


def test_the_badge_printed_with_the_value_that_stands_stays_up_to_date(
    desk: Desk, event: Event
) -> None:
    yana = registered(desk, last="Янина", first="Яна", company="Старт")
    replay_correction(
        desk, edited(yana.code, {"company": "Бета"}, {"company": "Старт"}, "стойка-2", 9)
    )
    view = lookup.get_by_code(desk, yana.code)
    assert view is not None
    at = CONFERENCE_MORNING + timedelta(minutes=10)
    shown = OfflinePrint(
        nonce(), yana.code, "a6", "Zebra", view.badge_hash(event), at, "стойка-2", ""
    )
    replay_print(desk, shown)
    replay_correction(
        desk, edited(yana.code, {"company": "Альфа"}, {"company": "Старт"}, "стойка-1", 2)
    )
    after = lookup.get_by_code(desk, yana.code)
    assert after is not None and after.company == "Бета"
    assert not out_of_date(after, event)


def test_two_desks_setting_one_field_to_the_same_value_is_no_conflict(desk: Desk) -> None:
    yana = registered(desk, last="Янина", first="Яна", company="Старт")
    for desk_name, minutes in (("стойка-2", 9), ("стойка-1", 2)):
        result = replay_correction(
            desk, edited(yana.code, {"company": "Бета"}, {"company": "Старт"}, desk_name, minutes)
        )
        assert result.outcome is Replayed.CORRECTED
    assert person(desk, yana.id).company == "Бета" and conflicts(desk) == []


def test_an_edit_of_a_record_merged_in_since_does_not_block_an_edit_of_the_kept_one(
    desk: Desk,
) -> None:
    yana = registered(desk, last="Янина", first="Яна", company="Старт", phone="+79145550110")
    twin = registered(desk, last="Янина", first="Яна", company="Старт", phone="+79145550111")
    replay_correction(
        desk, edited(twin.code, {"company": "Бета"}, {"company": "Старт"}, "стойка-2", 9)
    )
    merge_attendees(desk, yana.code, twin.code)
    result = replay_correction(
        desk, edited(yana.code, {"company": "Альфа"}, {"company": "Старт"}, "стойка-1", 2)
    )
    assert result.outcome is Replayed.CORRECTED
    assert person(desk, yana.id).company == "Альфа" and conflicts(desk) == []
