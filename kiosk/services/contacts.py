"""People kept apart though they share a phone or an e-mail: what the desk shows about them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, case, insert, or_, select, update
from sqlalchemy.orm import Session

from kiosk.models import Attendee, ContactKind, ContactLink, Review
from kiosk.services.context import Desk


@dataclass(frozen=True)
class SharedContact:
    """Someone else with this attendee's phone or e-mail."""

    kind: ContactKind
    code: str
    name: str


def shared_contacts(desk: Desk, attendee_id: int) -> tuple[SharedContact, ...]:
    """The people this attendee shares a phone or an e-mail with, by name."""
    with desk.db.read() as session:
        return contacts_of(session.connection(), attendee_id)


def contacts_of(connection: Connection, attendee_id: int) -> tuple[SharedContact, ...]:
    link = ContactLink.__table__.c
    person = Attendee.__table__.c
    other = case((link.attendee_id == attendee_id, link.other_id), else_=link.attendee_id)
    rows = connection.execute(
        select(link.kind, person.badge_code, person.last_name, person.first_name)
        .select_from(ContactLink.__table__)
        .join(Attendee.__table__, person.id == other)
        .where(or_(link.attendee_id == attendee_id, link.other_id == attendee_id))
        .order_by(link.kind, person.last_name, person.first_name)
    ).all()
    return tuple(
        SharedContact(ContactKind(kind), code, " ".join(p for p in (last, first) if p))
        for kind, code, last, first in rows
    )


def existing_links(session: Session) -> set[tuple[int, int, str]]:
    """Every stored pair as (smaller id, larger id, kind)."""
    link = ContactLink.__table__.c
    return {
        (a, b, kind)
        for a, b, kind in session.execute(select(link.attendee_id, link.other_id, link.kind))
    }


def add_links(session: Session, links: list[tuple[int, int, str]], desk: Desk) -> None:
    """Store pairs given as (smaller id, larger id, kind) that are not stored yet, and mark
    both people of each for review («shared_contact») unless something else is marked."""
    if links:
        now = desk.now()
        rows = [
            {"attendee_id": first, "other_id": second, "kind": kind, "created_at": now}
            for first, second, kind in links
        ]
        session.execute(insert(ContactLink), rows)
        ids = sorted({i for first, second, _kind in links for i in (first, second)})
        for start in range(0, len(ids), 500):
            session.execute(
                update(Attendee)
                .where(Attendee.id.in_(ids[start : start + 500]), Attendee.review == "")
                .values(review=Review.SHARED_CONTACT.value)
                .execution_options(synchronize_session=False)
            )
