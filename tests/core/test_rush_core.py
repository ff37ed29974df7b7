"""The core decisions behind the 09:00 rush: the badge decided with the check-in, honest
arrival times, the walk-in as one transaction, every field error at once, and Enter."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from kiosk.models import Attendee, CheckIn, Payment, PaymentMethod, Source
from kiosk.rules import BadgeAction, Outcome
from kiosk.services import printing
from kiosk.services.checkin import check_in
from kiosk.services.context import Desk
from kiosk.services.errors import DuplicateError
from kiosk.services.lookup import NameMatch, enter_choice, name_match, search
from kiosk.services.registration import (
    PersonInput,
    Registration,
    ValidationErrors,
    edit_attendee,
    field_errors,
    register_walk_in,
)
from tests.conftest import FixedClock
from tests.core.factories import registered

TRAINING = date(2026, 11, 27)
CONFERENCE = date(2026, 11, 28)


def to_pdf(pdf: bytes, printer: str, job: str, **_when: object) -> str:
    return "nowhere"


def print_badge(desk: Desk, code: str, **options: object) -> None:
    printing.print_badges(desk, [code], printer="pdf:unused", sender=to_pdf, **options)  # type: ignore[arg-type]


# ---- the badge travels with the check-in ---------------------------------------------------


def test_a_first_check_in_without_a_badge_says_print_it(desk: Desk) -> None:
    anna = registered(desk, "comfort")
    assert check_in(desk, anna.code).badge is BadgeAction.PRINT


def test_a_badge_printed_in_advance_waits_at_the_desk(desk: Desk) -> None:
    anna = registered(desk, "comfort")
    print_badge(desk, anna.code)
    assert check_in(desk, anna.code).badge is BadgeAction.PRINTED_BEFORE


def test_a_two_day_holder_badged_on_day_one_has_the_badge_on_day_two(
    desk: Desk, clock: FixedClock
) -> None:
    clock.now = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)  # 09:30 on the training day
    anna = registered(desk, "package_comfort")
    assert check_in(desk, anna.code).badge is BadgeAction.PRINT
    print_badge(desk, anna.code)
    clock.now = datetime(2026, 11, 27, 23, 0, tzinfo=UTC)  # the conference day
    assert check_in(desk, anna.code).badge is BadgeAction.HAS_BADGE


def test_an_upgrade_makes_the_printed_badge_out_of_date(desk: Desk, clock: FixedClock) -> None:
    clock.now = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)  # training day: comfort is not in
    anna = registered(desk, "comfort")
    print_badge(desk, anna.code)
    result = check_in(desk, anna.code, upgrade_to="package_comfort", pay=PaymentMethod.CARD)
    assert result.status is Outcome.CHECKED_IN
    assert result.badge is BadgeAction.OUT_OF_DATE
    with pytest.raises(printing.AlreadyPrinted) as asked:
        print_badge(desk, anna.code)
    assert asked.value.reason is printing.PrintWarning.OUT_OF_DATE
    assert "устарел" in str(asked.value)


def test_a_corrected_name_makes_the_printed_badge_out_of_date(desk: Desk) -> None:
    anna = registered(desk, "comfort", last="Сидорова")
    print_badge(desk, anna.code)
    edit_attendee(desk, anna.code, {"last_name": "Петрова"})
    assert check_in(desk, anna.code).badge is BadgeAction.OUT_OF_DATE


def test_a_new_phone_does_not_make_the_badge_out_of_date(desk: Desk) -> None:
    anna = registered(desk, "comfort")
    print_badge(desk, anna.code)
    edit_attendee(desk, anna.code, {"phone": "+79990001122"})
    assert check_in(desk, anna.code).badge is BadgeAction.PRINTED_BEFORE


def test_an_unnamed_team_seat_needs_a_name_before_its_badge(desk: Desk) -> None:
    result = register_walk_in(desk, team(desk, size=3, pay=PaymentMethod.CASH))
    seat = result.checkins[-1]
    assert seat.attendee is not None and seat.attendee.unnamed_seat
    assert seat.badge is BadgeAction.NEEDS_NAME


def test_an_unpaid_person_gets_no_badge(desk: Desk) -> None:
    anna = registered(desk, "comfort", paid=False)
    result = check_in(desk, anna.code)
    assert result.status is Outcome.UNPAID
    assert result.badge is BadgeAction.UNPAID


def test_the_desk_asks_before_printing_for_an_unnamed_seat_or_an_unpaid_person(
    desk: Desk,
) -> None:
    unpaid = registered(desk, "comfort", paid=False)
    with pytest.raises(printing.AlreadyPrinted) as asked:
        print_badge(desk, unpaid.code, confirmed=frozenset())
    assert asked.value.reason is printing.PrintWarning.UNPAID
    print_badge(desk, unpaid.code, confirmed=frozenset({printing.PrintWarning.UNPAID}))
    # A batch for pre-printing (no questions) prints unpaid people as before.
    other = registered(desk, "comfort", paid=False, phone="+79990002233")
    print_badge(desk, other.code)


# ---- arrival times that are honest ---------------------------------------------------------


def test_a_scan_today_records_the_arrival_now(desk: Desk) -> None:
    anna = registered(desk, "comfort")
    result = check_in(desk, anna.code)
    assert result.checked_in_at == desk.now()
    assert result.recorded_at == desk.now()
    assert not result.entered_afterwards


def test_an_entry_for_another_day_keeps_no_invented_arrival_time(desk: Desk) -> None:
    anna = registered(desk, "package_comfort")
    result = check_in(desk, anna.code, day=TRAINING)  # on the conference day, for yesterday
    assert result.status is Outcome.CHECKED_IN
    assert result.checked_in_at is None
    assert result.entered_afterwards
    assert result.recorded_at == desk.now()
    with desk.db.read() as session:
        row = session.scalars(select(CheckIn)).one()
    assert row.checked_in_at is None and row.entered_afterwards


def test_an_arrival_time_given_afterwards_is_kept_as_given(desk: Desk) -> None:
    anna = registered(desk, "package_comfort")
    arrived = datetime(2026, 11, 27, 0, 40, tzinfo=UTC)  # 10:40 on the training day
    result = check_in(desk, anna.code, at=arrived)
    assert result.day == TRAINING
    assert result.checked_in_at == arrived
    assert result.entered_afterwards


def test_a_second_scan_of_an_entry_made_afterwards_says_so(desk: Desk) -> None:
    anna = registered(desk, "package_comfort")
    check_in(desk, anna.code, day=TRAINING)
    again = check_in(desk, anna.code, day=TRAINING)
    assert again.status is Outcome.ALREADY_CHECKED_IN
    assert again.first_checked_in_at is None
    assert again.first_entered_afterwards


def test_a_ticket_without_today_names_its_days(desk: Desk, clock: FixedClock) -> None:
    clock.now = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)  # training day
    anna = registered(desk, "comfort")
    result = check_in(desk, anna.code)
    assert result.status is Outcome.NOT_ENTITLED
    assert result.ticket_days == (CONFERENCE,)


# ---- a walk-in is one transaction ----------------------------------------------------------


def team(desk: Desk, *, size: int, pay: PaymentMethod | None) -> Registration:
    return Registration(
        person=PersonInput("Командирова", "Ольга", company="Маяк", phone="+79147008090"),
        tariff="team",
        team_size=size,
        members=(PersonInput("Петров", "Пётр"),),
        pay=pay,
        consent=True,
        source=Source.DESK,
    )


def test_a_team_walk_in_is_registered_paid_and_checked_in_at_once(desk: Desk) -> None:
    result = register_walk_in(desk, team(desk, size=3, pay=PaymentMethod.CARD))
    assert [r.status for r in result.checkins] == [Outcome.CHECKED_IN] * 3
    assert all(a.checkin_on(CONFERENCE) for a in result.attendees)
    with desk.db.read() as session:
        assert session.scalar(select(func.sum(Payment.amount))) == 24_000


def test_team_members_work_where_the_contact_works_unless_told(desk: Desk) -> None:
    request = team(desk, size=3, pay=None)
    request = Registration(
        **{
            **request.__dict__,
            "members": (
                PersonInput("Петров", "Пётр"),
                PersonInput("Котова", "Ирина", company="Zuma"),
            ),
        }
    )
    result = register_walk_in(desk, request)
    assert [a.company for a in result.attendees] == ["Маяк", "Маяк", "Zuma"]


def test_a_refused_walk_in_leaves_nobody_and_no_money(desk: Desk) -> None:
    registered(desk, "comfort", phone="+79147008090")
    with pytest.raises(DuplicateError):
        register_walk_in(desk, team(desk, size=3, pay=PaymentMethod.CASH))
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Attendee)) == 1
        assert session.scalar(select(func.count()).select_from(Payment)) == 1


def test_every_wrong_field_is_named_at_once(desk: Desk) -> None:
    request = Registration(
        person=PersonInput("", "Анна", phone="12", email="anna@"),
        tariff="comfort",
        consent=False,
    )
    errors = field_errors(desk, request)
    assert set(errors) == {"last_name", "phone", "email", "consent"}
    with pytest.raises(ValidationErrors) as refused:
        register_walk_in(desk, request)
    assert refused.value.field == "last_name"


# ---- Enter and the ranking ------------------------------------------------------------------


def test_a_whole_word_ranks_above_a_prefix(desk: Desk) -> None:
    register_walk_in(desk, team(desk, size=40, pay=None))
    found = search(desk, "участник 3", limit=50)
    assert found[0].last_name == "Участник 3"


def test_enter_takes_the_only_match_or_the_one_full_name(desk: Desk) -> None:
    victoria = registered(desk, last="Беспалова", first="Виктория")
    maria = registered(desk, last="Беспалова", first="Мария")
    both = search(desk, "Bespalova")
    assert {a.id for a in both} == {victoria.id, maria.id}
    assert enter_choice("Bespalova", both) is None  # two people: the desk asks to choose
    assert name_match("беспалова мария", maria) is NameMatch.FULL_NAME
    chosen = enter_choice("беспалова мария", search(desk, "беспалова мария"))
    assert chosen is not None and chosen.id == maria.id
    assert enter_choice("Bespalova Viktoria", search(desk, "Bespalova Viktoria")).id == victoria.id  # type: ignore[union-attr]


def test_a_full_name_two_people_share_is_not_a_choice(desk: Desk) -> None:
    registered(desk, last="Иванов", first="Иван")
    registered(desk, last="Иванов", first="Иван")
    assert enter_choice("иванов иван", search(desk, "иванов иван")) is None
