"""What a desk did while it could not reach the hub, applied on the hub when it can: check-ins
here, the other kinds of action in kiosk.services.replay_actions, all applied once by nonce
(`replay_once`).

A desk that works offline admits people from its own copy of the event and keeps each
admission as an action with a random nonce; when the hub is back it sends them again, in order
(pretixSCAN's pattern). Applying is idempotent by the nonce: an action sent twice — a retry
whose first reply was lost, a replay after a crash — is applied once, and the second call
answers what the first one did.

For a person and a day the earliest arrival wins, whatever order the desks' actions arrive
in: an admission that turns out to be later than one already recorded is kept apart as an
offline duplicate for the organiser (which desk, when), never dropped and never a second
check-in in the counts; one that turns out to be earlier takes the check-in's place, and the
one it replaces becomes the duplicate. Entries made afterwards without a time rank last.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from kiosk.codes import code_candidates
from kiosk.models import AppliedAction, Attendee, BadgeAlias, CheckIn, OfflineDuplicate
from kiosk.services import audit
from kiosk.services.context import Desk
from kiosk.services.locks import lock_attendees

KIND_CHECK_IN = "check_in"


class Replayed(StrEnum):
    REGISTERED = "registered"
    """A walk-in registered offline, inserted (kiosk.services.replay_walk_in)."""
    PROBABLE_DUPLICATE = "probable_duplicate"
    """A walk-in (or a person whose phone or e-mail was corrected) with the phone or e-mail
    and the name of someone on the hub: flagged for the organiser to merge (or keep both)."""
    SHARED_CONTACT = "shared_contact"
    """A walk-in (or a person whose phone or e-mail was corrected) with the phone or e-mail
    of someone of another name: two people, both flagged."""
    ADMITTED = "admitted"
    """The person's check-in for that day."""
    EARLIER = "earlier"
    """Earlier than the check-in recorded before it: it took its place, and that one is now
    an offline duplicate."""
    DUPLICATE = "duplicate"
    """Later than the check-in recorded for that day: kept as an offline duplicate."""
    UNKNOWN_CODE = "unknown_code"
    """No such badge code on the hub (kept in the applied action, for the organiser)."""
    PAID = "paid"
    """A payment settled what the person owed on the hub."""
    DOUBLE_PAYMENT = "double_payment"
    """A payment for what the person had meanwhile paid at another desk (all of it or a
    part): stored, flagged as to be refunded, not counted in what they paid."""
    UPGRADED = "upgraded"
    """A tariff upgrade sold."""
    ALREADY_UPGRADED = "already_upgraded"
    """The person had that tariff on the hub already (sold meanwhile at another desk)."""
    PRINTED = "printed"
    """A badge print recorded."""
    TAKEN_BACK = "taken_back"
    """A badge print whose job failed at the desk removed (or, never recorded, kept from ever
    being: kiosk.services.replay_actions.replay_print_failure)."""
    UNDONE = "undone"
    """The check-in the desk took back (or its admission kept apart as a duplicate) removed."""
    CORRECTED = "corrected"
    """A person's details corrected."""
    REFUSED = "refused"
    """A scan the desk refused at the door, added to the organiser's list of refusals."""
    NOT_APPLIED = "not_applied"
    """The hub's record had moved on (an upgrade no longer on sale from the person's tariff,
    an undo of a check-in that is no longer the one the desk saw): nothing changed, the action
    kept in the applied action for the organiser."""


class OfflineAction(Protocol):
    """What every queued action carries: its nonce, whom it concerns, where and when."""

    @property
    def nonce(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def recorded_at(self) -> datetime: ...
    @property
    def desk(self) -> str: ...
    @property
    def operator(self) -> str: ...


@dataclass(frozen=True)
class OfflineCheckIn:
    """An admission made at a desk without the hub, as the desk recorded it."""

    nonce: str
    code: str
    day: date
    arrived_at: datetime | None
    """When the person came through (the desk's clock); None for a paper entry without time."""
    recorded_at: datetime
    """When the desk recorded it."""
    desk: str
    operator: str


@dataclass(frozen=True)
class ReplayResult:
    outcome: Replayed
    attendee_id: int | None
    again: bool = False
    """This nonce had been applied before: nothing changed now."""


def replay_check_in(desk: Desk, action: OfflineCheckIn) -> ReplayResult:
    """Apply one offline admission on the hub (or answer what applying it did before)."""
    return replay_once(
        desk, action, KIND_CHECK_IN, lambda session, now: _apply(session, desk, action, now)
    )


def replay_once(
    desk: Desk,
    action: OfflineAction,
    kind: str,
    apply: Callable[[Session, datetime], ReplayResult],
) -> ReplayResult:
    """Apply an offline action on the hub once: `apply` runs in the transaction that records
    its nonce; a nonce recorded before answers what applying it did then, changing nothing."""
    now = desk.now()
    with desk.db.write() as session:
        if not claim_nonce(session, action, kind, now):
            stored = session.get(AppliedAction, action.nonce)
            return _from_stored(stored.result if stored is not None else None)
        result = apply(session, now)
        session.execute(
            update(AppliedAction)
            .where(AppliedAction.nonce == action.nonce)
            .values(result={"outcome": result.outcome.value, "attendee_id": result.attendee_id})
        )
    return result


def claim_nonce(session: Session, action: OfflineAction, kind: str, now: datetime) -> bool:
    """Record the nonce first; False when it was there already. A second desk replaying the
    same nonce at this moment waits for this transaction and then finds it recorded."""
    values = {
        "nonce": action.nonce,
        "kind": kind,
        "desk": action.desk,
        "recorded_at": action.recorded_at,
        "applied_at": now,
        "offline": True,
        "result": None,
    }
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        statement: Any = pg_insert(AppliedAction).values(values).on_conflict_do_nothing()
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        statement = sqlite_insert(AppliedAction).values(values).on_conflict_do_nothing()
    inserted = session.execute(statement.returning(AppliedAction.nonce)).first()
    return inserted is not None


def _from_stored(stored: dict[str, Any] | None) -> ReplayResult:
    stored = stored or {}
    return ReplayResult(
        Replayed(stored.get("outcome", Replayed.ADMITTED.value)),
        stored.get("attendee_id"),
        again=True,
    )


def arrival_rank(arrived_at: datetime | None, recorded_at: datetime) -> tuple[bool, datetime]:
    """The order of two admissions of one person on one day: earlier first; an entry without
    an arrival time after every timed one. The first in this order is the check-in."""
    return (arrived_at is None, arrived_at if arrived_at is not None else recorded_at)


def set_aside(attendee_id: int, checkin: CheckIn) -> OfflineDuplicate:
    """The offline duplicate a check-in becomes when an earlier admission of the same person
    and day takes its place (a replay, a merge of two records)."""
    return OfflineDuplicate(
        attendee_id=attendee_id,
        day=checkin.day,
        arrived_at=checkin.checked_in_at,
        recorded_at=checkin.recorded_at,
        desk=checkin.desk,
        operator=checkin.operator,
        uploaded_at=checkin.uploaded_at or checkin.recorded_at,
        nonce="",
    )


def attendee_id_of(session: Session, code: str) -> int | None:
    """The hub's attendee with this badge code, or with it as an alias (a merged duplicate)."""
    candidates = list(code_candidates(code)) or [code.strip().upper()]
    found = session.scalars(
        select(Attendee.id).where(Attendee.badge_code.in_(candidates)).limit(1)
    ).first()
    if found is not None:
        return found
    return session.scalars(
        select(BadgeAlias.attendee_id).where(BadgeAlias.code.in_(candidates)).limit(1)
    ).first()


def _apply(session: Session, desk: Desk, action: OfflineCheckIn, now: datetime) -> ReplayResult:
    attendee_id = attendee_id_of(session, action.code)
    if attendee_id is None:
        return ReplayResult(Replayed.UNKNOWN_CODE, None)
    lock_attendees(session, [attendee_id])  # two desks' replays for one person take turns
    existing = session.scalars(
        select(CheckIn).where(CheckIn.attendee_id == attendee_id, CheckIn.day == action.day)
    ).first()
    if existing is None:
        session.execute(
            insert(CheckIn).values(
                attendee_id=attendee_id,
                day=action.day,
                checked_in_at=action.arrived_at,
                recorded_at=action.recorded_at,
                entered_afterwards=action.arrived_at is None,
                desk=action.desk,
                operator=action.operator,
                offline=True,
                uploaded_at=now,
            )
        )
        _log(session, desk, action, attendee_id, "check_in", now)
        return ReplayResult(Replayed.ADMITTED, attendee_id)
    ours = arrival_rank(action.arrived_at, action.recorded_at)
    theirs = arrival_rank(existing.checked_in_at, existing.recorded_at)
    if ours >= theirs:
        session.add(_duplicate(attendee_id, action, now))
        _log(session, desk, action, attendee_id, "offline_duplicate", now)
        return ReplayResult(Replayed.DUPLICATE, attendee_id)
    # Ours came first: the recorded check-in steps aside as the duplicate.
    session.add(set_aside(attendee_id, existing))
    existing.checked_in_at = action.arrived_at
    existing.recorded_at = action.recorded_at
    existing.entered_afterwards = action.arrived_at is None
    existing.desk = action.desk
    existing.operator = action.operator
    existing.offline = True
    existing.uploaded_at = now
    _log(session, desk, action, attendee_id, "check_in", now)
    return ReplayResult(Replayed.EARLIER, attendee_id)


def _duplicate(attendee_id: int, action: OfflineCheckIn, now: datetime) -> OfflineDuplicate:
    return OfflineDuplicate(
        attendee_id=attendee_id,
        day=action.day,
        arrived_at=action.arrived_at,
        recorded_at=action.recorded_at,
        desk=action.desk,
        operator=action.operator,
        uploaded_at=now,
        nonce=action.nonce,
    )


def _log(
    session: Session,
    desk: Desk,
    action: OfflineCheckIn,
    attendee_id: int,
    what: str,
    now: datetime,
) -> None:
    audit.record(
        session,
        Desk(desk.db, desk.event, name=action.desk, operator=action.operator, clock=desk.clock),
        what,
        entity="checkin",
        attendee_id=attendee_id,
        after={
            "day": action.day,
            "at": action.arrived_at,
            "recorded_at": action.recorded_at,
            "offline": True,
            "nonce": action.nonce,
        },
        at=now,
    )
