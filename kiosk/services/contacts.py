"""People kept apart though they share a phone or an e-mail: what the desk shows about them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    Connection,
    SQLColumnExpression,
    and_,
    case,
    false,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import AliasedClass

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


Contact = str | None | SQLColumnExpression[str | None]
"""A phone or an e-mail: a value (None: there is none), or another row's column."""


def same_contact(
    people: type[Attendee] | AliasedClass[Attendee], phone: Contact, email: Contact
) -> ColumnElement[bool]:
    """Whether a row of `people` (the attendees, or an alias of them) has this phone or this
    e-mail and is not forgotten: who a phone or an e-mail is shared with. Given another row's
    columns, it joins the two (an empty column matches nothing); with no phone and no e-mail,
    nobody."""
    same: list[ColumnElement[bool]] = []
    for column, value in ((people.phone, phone), (people.email, email)):
        if isinstance(value, str):
            if value:
                same.append(column == value)
        elif value is not None:  # another row's: NULL matches nothing in SQL, "" must not
            same.append(and_(column == value, value != ""))
    if not same:
        return false()
    return and_(or_(*same), people.forgotten_at.is_(None))


def existing_links(session: Session, of: int | None = None) -> set[tuple[int, int, str]]:
    """The stored pairs as (smaller id, larger id, kind): every one, or only those of the
    person with id `of` (one indexed look-up, not the whole table)."""
    link = ContactLink.__table__.c
    query = select(link.attendee_id, link.other_id, link.kind)
    if of is not None:
        query = query.where(or_(link.attendee_id == of, link.other_id == of))
    return {(a, b, kind) for a, b, kind in session.execute(query)}


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
