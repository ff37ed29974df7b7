"""One team registered, paid and checked in at two desks without the hub (the contact came to
both, or two colleagues each registered the team): on the hub the second registration's
contact and its seats are flagged, each beside its namesake; merging the two contacts merges
the team seat by seat — every seat counted once, every second payment flagged to give back —
and «keep both» clears the seats with the contact."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from kiosk.cli import Exit
from kiosk.config import Event
from kiosk.db import Database
from kiosk.models import Attendee, OfflineDuplicate, Payment, PaymentMethod, Review
from kiosk.offline.replica import pull
from kiosk.offline.sync import sync
from kiosk.services.context import Desk
from kiosk.services.lookup import find_by_code
from kiosk.services.merging import flagged, keep_both, merge_attendees
from kiosk.services.registration import PersonInput, Registration, register_walk_in
from kiosk.services.replay import Replayed
from kiosk.services.stats import stats
from tests.cli.test_cli import Kiosk
from tests.core.test_offline_walk_ins import offline_desk
from tests.core.test_replica import contents
from tests.offline_hub import hub, replicas

__all__ = ["hub", "replicas"]

pytestmark = [pytest.mark.postgres]

DAY = date(2026, 11, 28)
PHONE = "+79145550188"


def team_walk_in(desk: Desk, member: str = "Второй Пётр", phone: str = PHONE) -> list[str]:
    """A team of three paid in cash and checked in: its contact, one named member and one
    unnamed seat; their badge codes, contact first."""
    last, first = member.split()
    result = register_walk_in(
        desk,
        Registration(
            PersonInput(last_name="Капитанова", first_name="Ирина", phone=phone),
            tariff="team",
            team_size=3,
            members=(PersonInput(last_name=last, first_name=first),),
            pay=PaymentMethod.CASH,
            consent=True,
            allow_duplicate=True,
        ),
    )
    assert len(result.checkins) == 3
    return [a.code for a in result.attendees]


def registered_twice(hub: Desk, replicas: list[Database], event: Event) -> tuple[list[str], ...]:
    for replica in replicas:
        pull(hub.db, replica)
    first = team_walk_in(offline_desk(replicas[0], event, "стойка-1", 2))
    second = team_walk_in(offline_desk(replicas[1], event, "стойка-2", 5))
    sync(hub, replicas[0], "desk-1")
    sent = sync(hub, replicas[1], "desk-2")
    people = {Replayed.REGISTERED, Replayed.PROBABLE_DUPLICATE, Replayed.SHARED_CONTACT}
    assert [o for o in sent.outcomes if o in people] == [Replayed.PROBABLE_DUPLICATE] * 3
    return first, second


def reviews(hub: Desk, codes: list[str]) -> list[str]:
    with hub.db.read() as session:
        by_code = dict(
            session.execute(
                select(Attendee.badge_code, Attendee.review).where(Attendee.badge_code.in_(codes))
            ).all()
        )
    return [by_code[c] for c in codes]


def arrived(desk: Desk) -> int:
    day = stats(desk, DAY).for_day(DAY)
    assert day is not None
    return day.checked_in


def test_the_second_registration_of_a_team_is_flagged_seat_by_seat_beside_the_first(
    hub: Desk, replicas: list[Database], event: Event
) -> None:
    first, second = registered_twice(hub, replicas, event)
    assert reviews(hub, first) == ["", "", ""]
    assert reviews(hub, second) == [Review.PROBABLE_DUPLICATE] * 3
    listed = {f.person.code: [o.code for o in f.others] for f in flagged(hub)}
    assert listed == {second[0]: [first[0]], second[1]: [first[1]], second[2]: [first[2]]}
    pull(hub.db, replicas[0])
    for replica in replicas:
        assert contents(replica) == contents(hub.db)


def test_merging_the_contacts_merges_the_team_seat_by_seat_and_flags_every_second_payment(
    hub: Desk, replicas: list[Database], event: Event
) -> None:
    first, second = registered_twice(hub, replicas, event)
    assert arrived(hub) == 6  # two registrations: six people until the organiser decides

    result = merge_attendees(hub, first[0], second[0])

    assert [(s.kept.code, s.merged_code) for s in result.seats] == [
        (first[1], second[1]),
        (first[2], second[2]),
    ]
    assert all(s.same_days == (DAY,) for s in result.seats)
    assert result.refund_total == 3 * 8000  # the team's price is per participant
    assert arrived(hub) == 3
    with hub.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Attendee)) == 3
        refunds = session.scalars(select(Payment.amount).where(Payment.refund_due.is_(True))).all()
        assert sorted(refunds) == [8000, 8000, 8000]
        aside = session.scalar(select(func.count()).select_from(OfflineDuplicate))
        assert aside == 3  # each seat's second admission, kept for review
    assert reviews(hub, first) == ["", "", ""]
    assert flagged(hub) == ()
    for code in second:  # every badge printed at стойка-2 still opens the door
        with hub.db.read() as session:
            found = find_by_code(session, code)
            assert found is not None and found.badge_code in first
    for replica in replicas:
        pull(hub.db, replica)
        assert contents(replica) == contents(hub.db)
        assert arrived(Desk(replica, event)) == 3


def test_a_seat_named_otherwise_stays_and_is_not_flagged(
    hub: Desk, replicas: list[Database], event: Event
) -> None:
    for replica in replicas:
        pull(hub.db, replica)
    first = team_walk_in(offline_desk(replicas[0], event, "стойка-1", 2))
    second = team_walk_in(offline_desk(replicas[1], event, "стойка-2", 5), "Третий Иван")
    sync(hub, replicas[0], "desk-1")
    sync(hub, replicas[1], "desk-2")
    assert reviews(hub, second) == [Review.PROBABLE_DUPLICATE, "", Review.PROBABLE_DUPLICATE]

    result = merge_attendees(hub, first[0], second[0])

    assert [(s.kept.code, s.merged_code) for s in result.seats] == [(first[2], second[2])]
    assert reviews(hub, [second[1]]) == [""]  # Иван is someone else: still in, still paid
    assert arrived(hub) == 4


def test_keeping_both_teams_clears_the_seats_with_the_contact(
    hub: Desk, replicas: list[Database], event: Event
) -> None:
    _first, second = registered_twice(hub, replicas, event)
    keep_both(hub, second[0])
    assert reviews(hub, second) == ["", "", ""]
    assert flagged(hub) == ()
    assert arrived(hub) == 6


def test_kiosk_merge_says_the_seats_it_merged_and_the_whole_sum_to_give_back(
    hub: Desk, replicas: list[Database], event: Event, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = registered_twice(hub, replicas, event)
    kiosk = Kiosk(hub.db.url, capsys, init=False)
    listed = kiosk.json("review")[1]["flagged"]
    assert [
        (f["code"], [o["code"] for o in f["others"]], f["seats"], f["seat"]) for f in listed
    ] == [
        (second[0], [first[0]], 2, False),  # merging the contacts merges the two seats too
        (second[1], [first[1]], 0, True),
        (second[2], [first[2]], 0, True),
    ]
    said = kiosk("review")[1].splitlines()
    assert "    команда зарегистрирована дважды: с ней объединятся места с теми же именами (2)" in (
        said
    )
    assert (
        said.count(
            "    место команды, зарегистрированной дважды: объединится вместе с её контактом "
            "(kiosk merge контактов)"
        )
        == 2
    )

    status, out, _err = kiosk("merge", first[0], second[0])

    assert status == Exit.OK, out
    lines = out.replace("\u00a0", " ").replace("\u202f", " ").splitlines()
    seats = next(line for line in lines if line.startswith("Команда была зарегистрирована"))
    assert f"[{first[1]}] ← {second[1]}" in seats and f"[{first[2]}] ← {second[2]}" in seats
    assert "Оплачено дважды: вернуть 24 000 ₽" in lines
    with hub.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Attendee)) == 3
