"""The audit log: every change written in the same transaction as the change itself."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Final

from sqlalchemy import insert
from sqlalchemy.orm import Session

from kiosk.db import PlainConnection
from kiosk.models import Attendee, AuditEntry
from kiosk.services import deferred, nonces
from kiosk.services.context import Desk

AUDITED_FIELDS = (
    "last_name",
    "first_name",
    "middle_name",
    "company",
    "position",
    "phone",
    "email",
    "category",
    "tariff",
    "group_id",
    "status",
    "price",
    "amount_paid",
    "amount_due",
    "payment_status",
    "payment_method",
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def snapshot(attendee: Attendee, fields: tuple[str, ...] = AUDITED_FIELDS) -> dict[str, Any]:
    return {name: _plain(getattr(attendee, name)) for name in fields}


def changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values differ, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record(
    session: Session | PlainConnection,
    desk: Desk,
    action: str,
    *,
    entity: str = "attendee",
    entity_id: int | None = None,
    attendee_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    at: datetime | None = None,
) -> dict[str, Any] | None:
    """Log the change; returns the entry's `after` as written (with the change's nonce, when it
    has one).

    Written on the session's connection, inside its transaction: the log is only ever appended
    to, so there is nothing for the ORM to track (its unit of work cost more than the rest of a
    check-in's statements), and as a plain statement (execute_plain) — at once, or with the
    other entries of a transaction of many actions (kiosk.services.deferred)."""
    connection = session.connection() if isinstance(session, Session) else session
    at = at or desk.now()
    # A change made by a desk's action on a hub is recorded under its nonce too.
    after = nonces.stamp(connection, desk, action, attendee_id, after, at)
    values = entry(
        desk,
        action,
        entity=entity,
        entity_id=entity_id,
        attendee_id=attendee_id,
        before=before,
        after=after,
        reason=reason,
        at=at,
    )
    deferred.write(session, INSERT, values)
    return after


def entry(
    desk: Desk,
    action: str,
    *,
    entity: str = "attendee",
    entity_id: int | None = None,
    attendee_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    at: datetime | None = None,
) -> dict[str, Any]:
    """The values of an audit entry, for `INSERT`, to be made ready before a short write
    transaction (kiosk.db.PlainStatement): as `record` writes it for a change not made under a
    nonce (`desk.nonces` None; see kiosk.services.nonces)."""
    return {
        "at": at or desk.now(),
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "attendee_id": attendee_id,
        "desk": desk.name,
        "operator": desk.operator,
        "before": {k: _plain(v) for k, v in before.items()} if before is not None else None,
        "after": {k: _plain(v) for k, v in after.items()} if after is not None else None,
        "reason": reason,
    }


INSERT: Final = insert(AuditEntry)
"""The statement of an audit entry, given every value of `entry`."""
