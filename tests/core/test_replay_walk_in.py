"""Walk-ins registered offline, inserted on the hub: once per nonce, under the desk's code (a
fresh one if that was taken), and the import's rule for a phone or e-mail that is someone
else's — the same name flagged as a probable duplicate, another name two people flagged."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import event, func, insert, select

from kiosk.codes import new_code
from kiosk.models import AppliedAction, Attendee, AuditEntry, ContactLink, Review
from kiosk.services import lookup
from kiosk.services.checkin import check_in
from kiosk.services.context import Desk
from kiosk.services.merging import flagged, merge_attendees
from kiosk.services.privacy import forget
from kiosk.services.replay import Replayed
from kiosk.services.replay_walk_in import OfflineWalkIn, replay_walk_in
from tests.conftest import CONFERENCE_MORNING
from tests.core.factories import registered


def walk_in(
    last: str = "Пришедшая",
    first: str = "Ольга",
    *,
    phone: str | None = "+79145550101",
    email: str | None = None,
    code: str | None = None,
    category: str = "speaker",
) -> OfflineWalkIn:
    return OfflineWalkIn(
        nonce=str(uuid.uuid4()),
        code=code or new_code(),
        last_name=last,
        first_name=first,
        middle_name="",
        company="ООО Ромашка",
        position="",
        phone=phone,
        email=email,
        category=category,
        tariff=None,
        price=0,
        source="desk",
        consent_at=CONFERENCE_MORNING - timedelta(minutes=30),
        recorded_at=CONFERENCE_MORNING - timedelta(minutes=30),
        desk="стойка-2",
        operator="оля",
    )


def people(desk: Desk) -> dict[str, tuple[str, str]]:
    """Everyone's code → (surname, review)."""
    with desk.db.read() as session:
        rows = session.execute(select(Attendee.badge_code, Attendee.last_name, Attendee.review))
        return {code: (last, review) for code, last, review in rows}


def test_a_walk_in_is_inserted_once_under_the_desks_code_however_often_it_is_sent(
    desk: Desk,
) -> None:
    action = walk_in()
    first = replay_walk_in(desk, action)
    again = replay_walk_in(desk, action)
    assert (first.outcome, first.code, first.again) == (Replayed.REGISTERED, action.code, False)
    assert (again.outcome, again.attendee_id, again.code, again.again) == (
        Replayed.REGISTERED,
        first.attendee_id,
        action.code,
        True,
    )
    assert people(desk) == {action.code: ("Пришедшая", "")}
    with desk.db.read() as session:
        person = session.scalars(select(Attendee)).one()
        assert person.created_at == action.recorded_at and person.consent_at == action.consent_at
        (entry,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "register"))
        assert (entry.desk, entry.after["nonce"]) == ("стойка-2", action.nonce)  # type: ignore[index]
        assert session.scalar(select(func.count()).select_from(AppliedAction)) == 1
    assert [v.code for v in lookup.search(desk, "Пришедшая")] == [action.code]


def test_a_desk_code_taken_on_the_hub_meanwhile_gives_the_walk_in_a_fresh_one(desk: Desk) -> None:
    taken = registered(desk, last="Первый", first="Владелец")
    action = walk_in(code=taken.code)
    result = replay_walk_in(desk, action)
    assert result.code != taken.code and result.attendee_id != taken.id
    assert people(desk)[taken.code] == ("Первый", "")  # the code still opens for its owner
    assert people(desk)[result.code] == ("Пришедшая", "")
    assert replay_walk_in(desk, action).code == result.code  # the retry learns the same code
    with desk.db.read() as session:
        entry = session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "register", AuditEntry.attendee_id == result.attendee_id
            )
        ).one()
    assert entry.after["desk_code"] == taken.code  # type: ignore[index]


def test_another_name_with_the_same_phone_is_a_second_person_and_both_are_flagged(
    desk: Desk,
) -> None:
    sergey = registered(desk, last="Смирнов", first="Сергей", phone="+79145550101")
    result = replay_walk_in(desk, walk_in("Смирнова", "Елена", phone=sergey.phone))
    assert result.outcome is Replayed.SHARED_CONTACT
    assert people(desk) == {
        sergey.code: ("Смирнов", Review.SHARED_CONTACT),
        result.code: ("Смирнова", Review.SHARED_CONTACT),
    }
    with desk.db.read() as session:
        link = session.scalars(select(ContactLink)).one()
    assert (link.attendee_id, link.other_id, link.kind) == (sergey.id, result.attendee_id, "phone")
    (listed,) = flagged(desk)  # the pair once
    assert {listed.person.id, *(o.id for o in listed.others)} == {sergey.id, result.attendee_id}


def test_the_same_name_by_e_mail_is_a_probable_duplicate_never_merged_silently(
    desk: Desk,
) -> None:
    anna = registered(desk, last="Алёшина", first="Анна", email="anna@example.org")
    # Written otherwise (е for ё, the order of the words), the same person by the import's rule.
    action = walk_in("Анна", "Алешина", phone=None, email="anna@example.org")
    result = replay_walk_in(desk, action)
    assert result.outcome is Replayed.PROBABLE_DUPLICATE
    assert people(desk) == {
        anna.code: ("Алёшина", ""),
        result.code: ("Анна", Review.PROBABLE_DUPLICATE),
    }
    (listed,) = flagged(desk)
    assert (listed.person.code, [o.code for o in listed.others]) == (result.code, [anna.code])
    merge_attendees(desk, anna.code, result.code)
    assert check_in(desk, action.code).attendee.id == anna.id  # type: ignore[union-attr]
    assert flagged(desk) == ()


def test_a_walk_in_sharing_nothing_is_registered_unflagged(desk: Desk) -> None:
    registered(desk, last="Другой", first="Человек")
    result = replay_walk_in(desk, walk_in(email="olga@example.org"))
    assert result.outcome is Replayed.REGISTERED
    assert flagged(desk) == ()


def test_a_desk_code_that_is_a_forgotten_persons_or_an_alias_is_replaced_too(
    desk: Desk,
) -> None:
    gone = registered(desk, last="Забытая", first="Анна")
    forget(desk, gone.code, "по просьбе")
    with desk.db.read() as session:
        forgotten_code = session.scalars(select(Attendee.badge_code)).one()
    anna = registered(desk, last="Аннина", first="Анна")
    twin = registered(desk, last="Аннина", first="Анна", allow_duplicate=True)
    merge_attendees(desk, anna.code, twin.code)
    for code in (forgotten_code, twin.code):
        result = replay_walk_in(desk, walk_in(code=code))
        assert result.code != code
    assert lookup.get_by_code(desk, twin.code).id == anna.id  # type: ignore[union-attr]


def test_a_walk_in_sharing_a_phone_reads_only_its_own_links_not_every_link(desk: Desk) -> None:
    sergey = registered(desk, last="Смирнов", first="Сергей", phone="+79145550101")
    others = [registered(desk, last=f"Другой{n}", first="Пётр") for n in range(6)]
    with desk.db.write() as session:  # links of other people: nothing to read for this one
        session.execute(
            insert(ContactLink),
            [
                {"attendee_id": a.id, "other_id": b.id, "kind": "phone"}
                for a, b in zip(others[::2], others[1::2], strict=True)
            ],
        )
    read: list[str] = []

    def note(_connection: object, _cursor: object, statement: str, *_rest: object) -> None:
        if "FROM contact_links" in statement and statement.lstrip().startswith("SELECT"):
            read.append(statement)

    event.listen(desk.db.engine, "before_cursor_execute", note)
    try:
        result = replay_walk_in(desk, walk_in("Смирнова", "Елена", phone=sergey.phone))
    finally:
        event.remove(desk.db.engine, "before_cursor_execute", note)
    assert result.outcome is Replayed.SHARED_CONTACT
    assert read and all("WHERE" in statement for statement in read), read
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(ContactLink)) == 4
