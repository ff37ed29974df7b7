"""Taking turns where several desks write at once (PostgreSQL; SQLite serialises every write
transaction already, so these are no-ops there).

A person's row is locked before money or a tariff changes hands, so two desks taking payment
for one person at the same moment end with one payment; a phone number or an e-mail is locked
(by an advisory lock on its value) before a walk-in is checked for being a duplicate, so two
desks registering the same walk-in end with one attendee.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.models import Attendee


def is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def lock_attendees(session: Session, attendee_ids: list[int]) -> None:
    """Hold these people's rows until the transaction ends (in id order: no deadlock)."""
    if not attendee_ids or not is_postgresql(session):
        return
    session.execute(
        select(Attendee.id)
        .where(Attendee.id.in_(sorted(set(attendee_ids))))
        .order_by(Attendee.id)
        .with_for_update()
    ).all()


def lock_values(session: Session, *values: str | None) -> None:
    """Hold these values (a phone, an e-mail) until the transaction ends: a second desk
    asking for the same one waits, then sees what the first one wrote."""
    if not is_postgresql(session):
        return
    for value in sorted({v for v in values if v}):
        session.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(value, 0))))
