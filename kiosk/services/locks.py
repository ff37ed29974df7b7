"""Taking turns where several desks write at once (PostgreSQL; SQLite serialises every write
transaction already, so these are no-ops there).

A person's row is locked before money or a tariff changes hands, so two desks taking payment
for one person at the same moment end with one payment; a phone number or an e-mail is locked
(by an advisory lock on its value) before a walk-in is checked for being a duplicate, so two
desks registering the same walk-in end with one attendee.

A transaction that does many actions (a desk's outbox sent in batches: kiosk.services.replay)
takes the locks of all of them at its start, each kind in one order (no deadlock between two
such transactions); the session remembers what it holds, so an action asking again for a lock
held costs no statement.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.models import Attendee

_HELD_ROWS: Final = "kiosk.locks.attendees"
_HELD_VALUES: Final = "kiosk.locks.values"
"""Keys of `Session.info`: what the session's transaction holds (a session is one
transaction: kiosk.db.Database.write)."""


def is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def lock_attendees(session: Session, attendee_ids: list[int]) -> set[int]:
    """Hold these people's rows until the transaction ends (in id order: no deadlock).
    Returns the ids among them held now (not a person deleted meanwhile); on SQLite, where
    the write transaction holds the whole database, all of them."""
    wanted = set(attendee_ids)
    if not wanted or not is_postgresql(session):
        return wanted
    held = _held(session, _HELD_ROWS)
    missing = sorted(wanted - held)
    if missing:
        locked = session.execute(
            select(Attendee.id)
            .where(Attendee.id.in_(missing))
            .order_by(Attendee.id)
            .with_for_update()
        ).scalars()
        held = _remember(session, _HELD_ROWS, held, locked)
    return wanted & held


def lock_values(session: Session, *values: str | None) -> None:
    """Hold these values (a phone, an e-mail) until the transaction ends: a second desk
    asking for the same one waits, then sees what the first one wrote."""
    if not is_postgresql(session):
        return
    held = _held(session, _HELD_VALUES)
    for value in sorted({v for v in values if v} - held):
        session.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(value, 0))))
        held = _remember(session, _HELD_VALUES, held, [value])


def _held(session: Session, key: str) -> set[Any]:
    """What this session's transaction holds of one kind of lock."""
    stored = session.info.get(key)
    if stored is None or stored[0] is not session.get_transaction():
        return set()
    held: set[Any] = stored[1]
    return held


def _remember(session: Session, key: str, held: set[Any], taken: Iterable[Any]) -> set[Any]:
    """`held` with `taken`, remembered for the transaction, but for a lock taken inside a
    savepoint: it is let go if the savepoint is rolled back."""
    now = held | set(taken)
    if not session.in_nested_transaction():
        session.info[key] = (session.get_transaction(), now)
    return now
