"""Refused scans: every check-in the door refused is recorded (why, whom, where, by whom, when),
as pretix keeps its failed check-ins, so the organiser can see who was turned away and why.

Written in the check-in's own transaction, as one prepared INSERT (or with the others of a
transaction of many actions: kiosk.services.deferred), with an audit entry (`AUDIT_ACTION`) as
every change has: on a desk's replica that entry is what its outbox sends to the hub
(kiosk.offline.sync), so a refusal made offline reaches the organiser's list too. Only what
the list needs is kept: a known person by id, an unknown code as the scanned text cut to
`SCANNED_MAX`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Final

from sqlalchemy import insert
from sqlalchemy.orm import Session

from kiosk.models import RefusedScan
from kiosk.rules import Outcome
from kiosk.services import audit, deferred
from kiosk.services.context import Desk
from kiosk.text import clean

SCANNED_MAX: Final = 20
"""A badge code with its dashes is 14 characters; longer text is not kept whole."""

REFUSED: Final = frozenset(o for o in Outcome if o is not Outcome.CHECKED_IN)
"""Every outcome that leaves the door closed."""

AUDIT_ACTION: Final = "refused_scan"
"""The audit action of a refusal (the outbox's kind for it)."""

_INSERT: Final = insert(RefusedScan)


def scanned_text(code: str) -> str:
    """What is kept of an unknown code: one line, without control characters, cut short."""
    return clean(code)[:SCANNED_MAX]


def record(
    session: Session,
    desk: Desk,
    outcome: Outcome,
    day: date,
    *,
    attendee_id: int | None,
    scanned: str = "",
    at: datetime | None = None,
) -> None:
    """Record one refusal inside the caller's transaction (the check-in's), with its audit
    entry (under the action's nonce when the desk does one on a hub: kiosk.services.nonces)."""
    at = at or desk.now()
    kept = scanned_text(scanned) if attendee_id is None else ""
    deferred.write(
        session,
        _INSERT,
        {
            "at": at,
            "day": day,
            "outcome": str(outcome),
            "attendee_id": attendee_id,
            "scanned": kept,
            "desk": desk.name,
            "operator": desk.operator,
        },
    )
    audit.record(
        session,
        desk,
        AUDIT_ACTION,
        entity="refused_scan",
        attendee_id=attendee_id,
        after={"day": day, "outcome": str(outcome), "scanned": kept},
        at=at,
    )
