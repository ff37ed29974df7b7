"""What a desk did while it could not reach the hub, applied on the hub when it can: check-ins
here, the other kinds of action in kiosk.services.replay_actions, all applied once by nonce —
one by one (`replay_once`) or, as a desk sends its outbox, many in one transaction
(`replay_all`).

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

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache
from typing import Any, Final, Protocol

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from kiosk.codes import code_candidates
from kiosk.models import AppliedAction, Attendee, BadgeAlias, CheckIn, OfflineDuplicate
from kiosk.services import audit
from kiosk.services.context import Desk
from kiosk.services.deferred import deferring
from kiosk.services.locks import lock_attendees, lock_values

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
    """A payment for what the person had paid at another desk earlier (by the desks' clocks;
    all of it or a part): stored, flagged as to be refunded, not counted in what they paid."""
    EARLIER_PAYMENT = "earlier_payment"
    """Taken earlier (by the desks' clocks) than a payment counted before it reached the hub:
    it counts, and that one (all of it or a part) is now the double payment to refund."""
    UPGRADED = "upgraded"
    """A tariff upgrade sold."""
    ALREADY_UPGRADED = "already_upgraded"
    """The person had that tariff on the hub already (sold meanwhile at another desk)."""
    PRINTED = "printed"
    """A badge print recorded."""
    TAKEN_BACK = "taken_back"
    """A badge print whose job failed at the desk removed (or, never recorded, kept from ever
    being: kiosk.services.replay_actions.print_failure_replay)."""
    UNDONE = "undone"
    """The check-in the desk took back (or its admission kept apart as a duplicate) removed."""
    CORRECTED = "corrected"
    """A person's details corrected."""
    EDIT_CONFLICT = "edit_conflict"
    """A correction of a field another edit changed to another value (two desks, one of them
    without the hub): the latest by the desks' clocks stands — this one, or the other one, this
    one then kept in the audit log as superseded — and the organiser sees both
    (kiosk.services.edit_conflicts); the rest of the correction is applied."""
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


Apply = Callable[[Session, Desk, Any, datetime], ReplayResult]
"""An offline action applied on the hub (in the transaction that records its nonce), by the
hub's desk, at this moment."""


@dataclass(frozen=True)
class Replay:
    """An offline action as `replay_all` applies it on the hub."""

    action: Any
    """An `OfflineAction` (a frozen dataclass: `follow` may make it anew)."""
    kind: str
    """What the hub records its nonce as (`AppliedAction.kind`)."""
    apply: Apply
    answer: Callable[[Session, Any, ReplayResult], ReplayResult] | None = None
    """What is answered for it, in the same transaction, from what applying it did (now, or
    before under the same nonce): a walk-in's answer names the code it has on the hub."""
    follow: Callable[[Any, ReplayResult, list[Any]], list[Any]] | None = None
    """What the actions after it become once it is applied (each has an `action`): those for a
    walk-in whose desk-made code was taken on the hub go to the code the hub gave it."""
    values: tuple[str | None, ...] = ()
    """The phones and e-mails applying it takes turns on (`lock_values`)."""
    ahead: Callable[[Session, Desk, list[Any], datetime], None] | None = None
    """Work done for many actions of its kind at once, at the start of `replay_all`, for those
    that are the first of the batch to name their person; their `apply` then finds it done."""


def check_in_replay(action: OfflineCheckIn) -> Replay:
    return Replay(action, KIND_CHECK_IN, _apply, ahead=_admit_ahead)


def replay_check_in(desk: Desk, action: OfflineCheckIn) -> ReplayResult:
    """Apply one offline admission on the hub (or answer what applying it did before)."""
    return replay_once(desk, check_in_replay(action))


def replay_once(desk: Desk, replay: Replay) -> ReplayResult:
    """Apply one offline action on the hub once, in a transaction of its own (`replay_all`)."""
    return replay_all(desk, [replay])[0]


def replay_all(desk: Desk, replays: Sequence[Replay]) -> list[ReplayResult]:
    """Apply offline actions on the hub, in order, in one transaction: all of them, or — on any
    error, a connection lost half-way — none (sent again, they are applied then). Each is
    applied once by its nonce: the nonces are recorded first, and a nonce recorded before
    answers what applying it did then, changing nothing.

    What can be done for all of them at once is done so, in a statement or two for the batch
    rather than one or two per action: their nonces recorded, their locks taken, each kind in
    one order (kiosk.services.locks: the phones and e-mails its walk-ins and corrections take
    turns on, then the rows of the people its actions name — two desks sending batches at once
    wait for each other instead of deadlocking; a deadlock the hub finds all the same, over a
    third person's row, takes the batch back like any error), each kind's work ahead
    (`Replay.ahead`: people's first admissions that day), the audit entries and the answers.
    Then each action is applied in turn, as in a transaction of its own: nothing the session
    read for one is reused for the next."""
    if not replays:
        return []
    now = desk.now()
    pending = list(replays)
    results: list[ReplayResult] = []
    with desk.db.write() as session:
        claimed = _claim(session, pending, now)
        stored = _stored(session, {r.action.nonce for r in pending} - claimed)
        _lock_ahead(session, pending)
        applied: dict[str, ReplayResult] = {}
        with deferring(session):  # their audit entries written together, at the end
            _work_ahead(session, desk, [r for r in pending if r.action.nonce in claimed], now)
            for position in range(len(pending)):
                replay = pending[position]
                nonce = replay.action.nonce
                if nonce in applied:  # twice in one batch: the second as a retry
                    first = applied[nonce]
                    result = ReplayResult(first.outcome, first.attendee_id, again=True)
                elif nonce in claimed:
                    result = replay.apply(session, desk, replay.action, now)
                    applied[nonce] = result
                    session.flush()
                    session.expunge_all()
                else:
                    result = _from_stored(stored.get(nonce))
                if replay.answer is not None:
                    result = replay.answer(session, replay.action, result)
                if replay.follow is not None:
                    later = pending[position + 1 :]
                    pending[position + 1 :] = replay.follow(replay.action, result, later)
                results.append(result)
        if applied:
            session.execute(
                update(AppliedAction),
                [
                    {
                        "nonce": nonce,
                        "result": {"outcome": r.outcome.value, "attendee_id": r.attendee_id},
                    }
                    for nonce, r in applied.items()
                ],
            )
    return results


def _claim(session: Session, replays: Sequence[Replay], now: datetime) -> set[str]:
    """Record the nonces first, in one statement; those recorded already are not claimed. A
    second desk replaying the same nonce at this moment waits for this transaction and then
    finds it recorded."""
    values: dict[str, dict[str, Any]] = {}
    for replay in replays:
        action = replay.action
        values.setdefault(
            action.nonce,
            {
                "nonce": action.nonce,
                "kind": replay.kind,
                "desk": action.desk,
                "recorded_at": action.recorded_at,
                "applied_at": now,
                "offline": True,
                "result": None,
            },
        )
    # Many rows in one statement, compiled once (SQLAlchemy's «insertmanyvalues»).
    statement = _dialect_insert(session, AppliedAction)
    statement = statement.on_conflict_do_nothing().returning(AppliedAction.nonce)
    return set(session.connection().execute(statement, list(values.values())).scalars())


def claim_nonce(session: Session, action: OfflineAction, kind: str, now: datetime) -> bool:
    """Record one action's nonce as applied, as `replay_all` does its batch's: False when it
    was recorded already (in this transaction too)."""
    statement = _dialect_insert(session, AppliedAction).on_conflict_do_nothing()
    values = {
        "nonce": action.nonce,
        "kind": kind,
        "desk": action.desk,
        "recorded_at": action.recorded_at,
        "applied_at": now,
        "offline": True,
        "result": None,
    }
    inserted = session.connection().execute(statement.returning(AppliedAction.nonce), values)
    return inserted.first() is not None


def _dialect_insert(session: Session, model: type[Any]) -> Any:
    """The dialect's own INSERT (it has ON CONFLICT) of a model."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(model)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(model)


def _stored(session: Session, nonces: set[str]) -> dict[str, dict[str, Any] | None]:
    """What applying these nonces did before."""
    if not nonces:
        return {}
    rows = session.execute(
        select(AppliedAction.nonce, AppliedAction.result).where(
            AppliedAction.nonce.in_(sorted(nonces))
        )
    ).all()
    return {nonce: result for nonce, result in rows}


_KNOWN_CODES: Final = "kiosk.replay.codes"
"""A key of `Session.info`: the badge codes and aliases of the people `replay_all` holds."""


def _lock_ahead(session: Session, replays: Sequence[Replay]) -> None:
    """Take the locks of every action at once, and note whom their codes name (their rows are
    held: that does not change before the transaction ends)."""
    lock_values(session, *(value for replay in replays for value in replay.values))
    codes = sorted({c for replay in replays for c in _candidates(replay.action.code)})
    if not codes:
        return
    owners: dict[str, int] = {
        code: attendee_id
        for code, attendee_id in session.execute(
            select(Attendee.badge_code, Attendee.id).where(Attendee.badge_code.in_(codes))
        ).all()
    }
    rest = sorted(set(codes) - set(owners))
    aliases: dict[str, int] = (
        {
            code: attendee_id
            for code, attendee_id in session.execute(
                select(BadgeAlias.code, BadgeAlias.attendee_id).where(BadgeAlias.code.in_(rest))
            ).all()
        }
        if rest
        else {}
    )
    held = lock_attendees(session, [*owners.values(), *aliases.values()])
    session.info[_KNOWN_CODES] = (
        session.get_transaction(),
        {code: i for code, i in owners.items() if i in held},
        {code: i for code, i in aliases.items() if i in held},
    )


def known_attendee(session: Session, code: str) -> int | None:
    """The person a code names, as noted at the start of this transaction (`replay_all`, their
    row held since); None when it was not noted."""
    known = session.info.get(_KNOWN_CODES)
    if known is None or known[0] is not session.get_transaction():
        return None
    _transaction, owners, aliases = known
    candidates = _candidates(code)
    for table in (owners, aliases):
        found = next((table[c] for c in candidates if c in table), None)
        if found is not None:
            return int(found)
    return None


def _work_ahead(session: Session, desk: Desk, replays: Sequence[Replay], now: datetime) -> None:
    """Each kind's work ahead (`Replay.ahead`), for its actions that are the first of the
    batch to name their person (so no action before them could change what it does)."""
    seen: set[int | None] = set()
    firsts: dict[Callable[..., None], list[Any]] = {}
    nonces: set[str] = set()
    for replay in replays:
        person = known_attendee(session, replay.action.code)
        first = person is not None and person not in seen and replay.action.nonce not in nonces
        if replay.ahead is not None and first:
            firsts.setdefault(replay.ahead, []).append(replay.action)
        seen.add(person)
        nonces.add(replay.action.nonce)
    for ahead, actions in firsts.items():
        ahead(session, desk, actions, now)


def _candidates(code: str) -> list[str]:
    return list(code_candidates(code)) or [code.strip().upper()]


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


AFTERWARDS: Final = timedelta(minutes=5)
"""An arrival time more than this far from when the desk recorded it was entered afterwards
(a paper list, a back-dated entry), not scanned as the person came in."""


def entered_afterwards(arrived_at: datetime | None, recorded_at: datetime) -> bool:
    """Whether an admission was entered afterwards rather than scanned as the person came in:
    without a time, or with one far from when the desk recorded it — on the hub as at the desk
    that made it, online or not."""
    return arrived_at is None or abs(recorded_at - arrived_at) > AFTERWARDS


def counted_again(duplicate: OfflineDuplicate) -> CheckIn:
    """The check-in an admission set aside becomes when the one counted in its place is taken
    back (`set_aside` the other way round): its desk, operator and times. It was made offline
    when it reached the hub by a replay (it has its nonce) or some time after it was recorded
    (a check-in the desk sent later, set aside since); a check-in recorded on the hub itself
    and set aside has its upload time equal to its recording time (`set_aside`)."""
    offline = bool(duplicate.nonce) or duplicate.uploaded_at != duplicate.recorded_at
    return CheckIn(
        attendee_id=duplicate.attendee_id,
        day=duplicate.day,
        checked_in_at=duplicate.arrived_at,
        recorded_at=duplicate.recorded_at,
        entered_afterwards=entered_afterwards(duplicate.arrived_at, duplicate.recorded_at),
        desk=duplicate.desk,
        operator=duplicate.operator,
        offline=offline,
        uploaded_at=duplicate.uploaded_at if offline else None,
    )


def attendee_id_of(session: Session, code: str) -> int | None:
    """The hub's attendee with this badge code, or with it as an alias (a merged duplicate)."""
    known = known_attendee(session, code)
    if known is not None:
        return known
    candidates = _candidates(code)
    found = session.scalars(
        select(Attendee.id).where(Attendee.badge_code.in_(candidates)).limit(1)
    ).first()
    if found is not None:
        return found
    return session.scalars(
        select(BadgeAlias.attendee_id).where(BadgeAlias.code.in_(candidates)).limit(1)
    ).first()


def _apply(session: Session, desk: Desk, action: OfflineCheckIn, now: datetime) -> ReplayResult:
    admitted = _admitted_ahead(session).get(action.nonce)
    if admitted is not None:  # inserted by `_admit_ahead`
        _log(session, desk, action, admitted, "check_in", now)
        return ReplayResult(Replayed.ADMITTED, admitted)
    attendee_id = attendee_id_of(session, action.code)
    if attendee_id is None:
        return ReplayResult(Replayed.UNKNOWN_CODE, None)
    lock_attendees(session, [attendee_id])  # two desks' replays for one person take turns
    existing = None
    while existing is None:
        inserted = session.connection().execute(
            _insert_check_in(session.get_bind().dialect.name),
            _check_in_row(action, attendee_id, now),
        )
        if inserted.first() is not None:  # the first admission that day
            _log(session, desk, action, attendee_id, "check_in", now)
            return ReplayResult(Replayed.ADMITTED, attendee_id)
        # Taken back by another desk since the insert found it: tried again.
        existing = session.scalars(
            select(CheckIn).where(CheckIn.attendee_id == attendee_id, CheckIn.day == action.day)
        ).first()
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
    existing.entered_afterwards = entered_afterwards(action.arrived_at, action.recorded_at)
    existing.desk = action.desk
    existing.operator = action.operator
    existing.offline = True
    existing.uploaded_at = now
    _log(session, desk, action, attendee_id, "check_in", now)
    return ReplayResult(Replayed.EARLIER, attendee_id)


_ADMITTED_AHEAD: Final = "kiosk.replay.admitted"
"""A key of `Session.info`: the check-ins `_admit_ahead` inserted (nonce → attendee id)."""


def _admit_ahead(
    session: Session, _desk: Desk, actions: list[OfflineCheckIn], now: datetime
) -> None:
    """The check-ins of people without one that day yet, inserted in one statement (each is a
    person's first action of the batch: see `replay_all`); their `_apply` only logs them."""
    rows = [_check_in_row(a, known_attendee(session, a.code), now) for a in actions]
    statement = (
        _dialect_insert(session, CheckIn)
        .on_conflict_do_nothing(index_elements=["attendee_id", "day"])
        .returning(CheckIn.attendee_id, CheckIn.day)
    )
    inserted = {tuple(row) for row in session.connection().execute(statement, rows)}
    session.info[_ADMITTED_AHEAD] = (
        session.get_transaction(),
        {
            action.nonce: row["attendee_id"]
            for action, row in zip(actions, rows, strict=True)
            if (row["attendee_id"], action.day) in inserted
        },
    )


def _admitted_ahead(session: Session) -> dict[str, int]:
    stored = session.info.get(_ADMITTED_AHEAD)
    if stored is None or stored[0] is not session.get_transaction():
        return {}
    admitted: dict[str, int] = stored[1]
    return admitted


def _check_in_row(action: OfflineCheckIn, attendee_id: int | None, now: datetime) -> dict[str, Any]:
    return {
        "attendee_id": attendee_id,
        "day": action.day,
        "checked_in_at": action.arrived_at,
        "recorded_at": action.recorded_at,
        "entered_afterwards": entered_afterwards(action.arrived_at, action.recorded_at),
        "desk": action.desk,
        "operator": action.operator,
        "offline": True,
        "uploaded_at": now,
    }


@cache
def _insert_check_in(dialect: str) -> Any:
    """INSERT … ON CONFLICT DO NOTHING RETURNING id of a replayed check-in, built once."""
    values: dict[str, Any] = {name: bindparam(name) for name in _CHECK_IN_COLUMNS}
    keys = ["attendee_id", "day"]
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return (
            pg_insert(CheckIn).values(values).on_conflict_do_nothing(index_elements=keys)
        ).returning(CheckIn.id)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return (
        sqlite_insert(CheckIn).values(values).on_conflict_do_nothing(index_elements=keys)
    ).returning(CheckIn.id)


_CHECK_IN_COLUMNS: Final = (
    "attendee_id",
    "day",
    "checked_in_at",
    "recorded_at",
    "entered_afterwards",
    "desk",
    "operator",
    "offline",
    "uploaded_at",
)


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
