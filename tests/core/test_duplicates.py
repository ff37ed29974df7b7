"""The organiser marks a person's admissions set aside as offline duplicates reviewed: they
leave the list to review, are listed apart with when, where and by whom, and it is audited."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from kiosk.models import AuditEntry, OfflineDuplicate
from kiosk.services.context import Desk
from kiosk.services.duplicates import (
    mark_reviewed,
    offline_duplicates,
    person_offline_duplicates,
)
from kiosk.services.errors import NotFoundError, ValidationError
from kiosk.services.replay import OfflineCheckIn, replay_check_in
from kiosk.services.summary import day_summary, summary_json
from kiosk.services.views import AttendeeView
from tests.conftest import CONFERENCE_MORNING, TRAINING_MORNING, FixedClock
from tests.core.factories import registered

TRAINING = date(2026, 11, 27)
CONFERENCE = date(2026, 11, 28)


def admitted(desk: Desk, person: AttendeeView, day: date, *admissions: tuple[str, int]) -> None:
    """`person` admitted on `day` at each (desk, minutes after that morning) without the hub."""
    morning = CONFERENCE_MORNING if day == CONFERENCE else TRAINING_MORNING
    for at_desk, minutes in admissions:
        at = morning + timedelta(minutes=minutes)
        replay_check_in(
            desk, OfflineCheckIn(uuid.uuid4().hex, person.code, day, at, at, at_desk, "оля")
        )


def twice_on_both_days(desk: Desk) -> AttendeeView:
    anna = registered(desk, "package_premium", last="Аннина", first="Анна", company="Ромашка")
    admitted(desk, anna, TRAINING, ("ст-1", 5), ("ст-2", 9))
    admitted(desk, anna, CONFERENCE, ("ст-1", 2), ("ст-3", 30), ("ст-2", 12))
    return anna


def test_marked_reviewed_they_leave_the_list_to_review_and_are_listed_apart_by_whom_and_when(
    desk: Desk, clock: FixedClock
) -> None:
    anna = twice_on_both_days(desk)
    assert [g.day for g in offline_duplicates(desk)] == [TRAINING, CONFERENCE]
    clock.now = CONFERENCE_MORNING + timedelta(hours=1)

    reviewed = mark_reviewed(desk, anna.code, CONFERENCE)

    assert (reviewed.person.id, reviewed.at, reviewed.desk, reviewed.operator) == (
        anna.id,
        clock.now,
        "desk-1",
        "anna",
    )
    (group,) = reviewed.groups
    assert group.day == CONFERENCE and reviewed.admissions == 2
    assert group.counted is not None and group.counted.desk == "ст-1"
    assert [a.desk for a in group.set_aside] == ["ст-2", "ст-3"]  # earliest first
    decisions = day_summary(desk, CONFERENCE).decisions
    assert [g.day for g in decisions.offline_duplicates] == [TRAINING]  # the other day stays
    (apart,) = decisions.offline_duplicates_reviewed
    assert (apart.person.id, apart.day, apart.reviewed_at) == (anna.id, CONFERENCE, clock.now)
    assert (apart.reviewed_desk, apart.reviewed_by) == ("desk-1", "anna")
    assert [a.desk for a in apart.set_aside] == ["ст-2", "ст-3"]
    assert decisions.count == 1  # reviewed is decided: not counted
    figures = summary_json(day_summary(desk, CONFERENCE), desk.event)["decisions"]
    assert (figures["offline_duplicates"], figures["offline_duplicates_reviewed"]) == (1, 1)
    with desk.db.read() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "review_offline_duplicate")
        ).all()
        marked = session.scalars(
            select(OfflineDuplicate).where(OfflineDuplicate.reviewed_at.is_not(None))
        ).all()
    assert sorted(e.entity_id for e in entries) == sorted(d.id for d in marked)  # type: ignore[type-var]
    assert {(e.attendee_id, e.entity, e.desk, e.operator) for e in entries} == {
        (anna.id, "offline_duplicate", "desk-1", "anna")
    }
    assert {e.after["desk"] for e in entries} == {"ст-2", "ст-3"}  # type: ignore[index]


def test_without_a_day_every_day_still_to_review_is_marked(desk: Desk) -> None:
    anna = twice_on_both_days(desk)
    reviewed = mark_reviewed(desk, anna.code.lower())  # as typed
    assert [g.day for g in reviewed.groups] == [TRAINING, CONFERENCE]
    assert reviewed.admissions == 3
    assert offline_duplicates(desk) == ()
    assert len(day_summary(desk, CONFERENCE).decisions.offline_duplicates_reviewed) == 2


def test_reviewed_twice_or_never_admitted_twice_is_refused_in_a_sentence(
    desk: Desk, clock: FixedClock
) -> None:
    anna = twice_on_both_days(desk)
    boris = registered(desk, last="Борисов", first="Борис")
    clock.now = CONFERENCE_MORNING + timedelta(hours=1)
    mark_reviewed(desk, anna.code, CONFERENCE)
    with pytest.raises(ValidationError, match=r"уже проверены \(28\.11 10:05, desk-1, anna\)"):
        mark_reviewed(desk, anna.code, CONFERENCE)
    with pytest.raises(ValidationError, match="проверять нечего") as never:
        mark_reviewed(desk, boris.code)
    assert never.value.field == "code"
    with pytest.raises(ValidationError, match=r"29\.11\.2026") as other_day:
        mark_reviewed(desk, anna.code, date(2026, 11, 29))
    assert other_day.value.field == "day"
    with pytest.raises(NotFoundError):
        mark_reviewed(desk, "ZZZZ-ZZZZ-ZZZZ")
    assert [g.day for g in offline_duplicates(desk)] == [TRAINING]  # nothing else changed


def test_an_admission_set_aside_after_the_review_is_to_review_again(
    desk: Desk, clock: FixedClock
) -> None:
    anna = twice_on_both_days(desk)
    clock.now = CONFERENCE_MORNING + timedelta(hours=1)
    mark_reviewed(desk, anna.code, CONFERENCE)
    admitted(desk, anna, CONFERENCE, ("ст-4", 40))  # a desk that came back later

    mine = person_offline_duplicates(desk, anna.id)
    assert [(g.day, [a.desk for a in g.set_aside]) for g in mine.to_review] == [
        (TRAINING, ["ст-2"]),
        (CONFERENCE, ["ст-4"]),
    ]
    assert [(g.day, [a.desk for a in g.set_aside]) for g in mine.reviewed] == [
        (CONFERENCE, ["ст-2", "ст-3"])
    ]
    clock.now += timedelta(minutes=30)
    again = mark_reviewed(desk, anna.code, CONFERENCE)
    assert [a.desk for g in again.groups for a in g.set_aside] == ["ст-4"]  # only the new one
    (apart,) = person_offline_duplicates(desk, anna.id).reviewed
    assert [a.desk for a in apart.set_aside] == ["ст-2", "ст-3", "ст-4"]
    assert apart.reviewed_at == clock.now  # the latest review


def test_a_persons_offline_duplicates_are_theirs_only(desk: Desk) -> None:
    anna = twice_on_both_days(desk)
    boris = registered(desk, "package_premium", last="Борисов", first="Борис")
    admitted(desk, boris, CONFERENCE, ("ст-1", 1), ("ст-2", 3))
    assert {g.person.id for g in person_offline_duplicates(desk, boris.id).to_review} == {boris.id}
    assert len(person_offline_duplicates(desk, anna.id).to_review) == 2
    nobody = registered(desk, last="Никто", first="Нина")
    assert person_offline_duplicates(desk, nobody.id).to_review == ()
