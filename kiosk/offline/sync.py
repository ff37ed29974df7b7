"""What a desk did without the hub, sent to the hub when it is back, then the replica pulled.

The outbox is the replica's own audit log: a desk working offline writes to its replica with
the ordinary services, and every change they make is logged in the same transaction as the
change itself (the hub's audit log is not copied into replicas, so every entry there is this
desk's). Nothing done offline can so be in the replica without being queued, a kill -9 or a
power cut between the two is impossible, and the queue is as durable as the replica
(synchronous=FULL).

The audit actions the outbox carries are the keys of `KINDS`, each with how its entry becomes
an action and which replay applies it on the hub (check-ins, payments, upgrades, badge prints,
badge prints whose job failed, undone check-ins, corrections, refused scans, and walk-ins
registered on the desk: kiosk.offline.walk_ins).
Each is sent under a nonce made from this installation's id and the entry's number
(`action_nonce`) — the same on every retry, so the hub applies it once
(`kiosk.services.replay`, `kiosk.services.replay_actions`, `kiosk.services.replay_walk_in`) —
or, for an action the desk tried on the hub first and did again here when the hub's answer
did not come, under the nonce it had there (its entry carries it: kiosk.services.nonces), so
what the hub applied then is not applied twice.
They go in batches (`ACTIONS_PER_BATCH` in one transaction of the hub: kiosk.services.replay
.replay_all), and the replica notes how far the hub has committed them. Then the desk's own
provisional rows of the people it sent actions for are replaced by the hub's (which may
differ: another desk's earlier admission wins, a payment is flagged as double) — and so are
those of people whose rows a sending cut off after marking its actions sent left behind (the
pull drops them too: kiosk.offline.replica.drop_sent_own_rows). That much is
`send` — what a desk's command on the hub does before its own action (kiosk.cli.app) — and
`sync` goes on: a walk-in the desk made goes, for the hub's, and the replica is pulled.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final, TypedDict

from sqlalchemy import Connection, delete, select

from kiosk.db import Database
from kiosk.i18n import tr
from kiosk.models import Attendee, AuditEntry, Base
from kiosk.offline import walk_ins
from kiosk.offline.outbox import OF_NOBODY_KNOWN, OUTBOX_ACTIONS
from kiosk.offline.replica import (
    SENT_TABLE,
    Converter,
    PullResult,
    ensure_sent_table,
    fetch_where,
    pull,
    read_sent_upto,
    sent_own_rows,
    upsert,
)
from kiosk.services import refusals
from kiosk.services.context import Desk
from kiosk.services.replay import (
    OfflineAction,
    OfflineCheckIn,
    Replay,
    Replayed,
    ReplayResult,
    check_in_replay,
    replay_all,
)
from kiosk.services.replay_actions import (
    CORRECTED_FIELDS,
    OfflineCorrection,
    OfflinePayment,
    OfflinePrint,
    OfflinePrintFailure,
    OfflineRefusal,
    OfflineUndo,
    OfflineUpgrade,
    correction_replay,
    payment_replay,
    print_failure_replay,
    print_replay,
    refusal_replay,
    undo_replay,
    upgrade_replay,
)
from kiosk.services.replay_walk_in import OfflineWalkIn, walk_in_replay

PRINT_FAILED: Final = "print_failed"
"""The audit action of a print taken back (kiosk.services.printing)."""


@dataclass(frozen=True)
class OutboxEntry:
    """One entry of the replica's audit log, as the outbox reads it."""

    id: int
    action: str
    at: datetime
    desk: str
    operator: str
    entity_id: int | None
    attendee_id: int | None
    before: dict[str, Any]
    after: dict[str, Any]
    reason: str
    code: str
    """The badge code of the person it concerns ("" for none: a refused unknown code)."""


Build = Callable[[Connection, OutboxEntry, str], Any]
"""An outbox entry (read on the replica's connection) and its nonce → the action to send, or
None when there is nothing to send."""
Replaying = Callable[[Any], Replay]
"""The action → how the hub applies it, once by its nonce (kiosk.services.replay)."""
Sent = Callable[[Connection, Any, Any], None]
"""What the replica notes (in the transaction that marks the action sent) once the hub has
applied the action: the replica's connection, the action, what the hub answered
(kiosk.offline.walk_ins.walk_in_sent)."""
ACTIONS_PER_BATCH: Final = 50
"""Queued actions sent in one transaction of the hub (kiosk.services.replay.replay_all): one
commit, and one round trip for their nonces and their locks, for so many, instead of each."""


@dataclass(frozen=True)
class Queued:
    entry: int
    """The replica's audit entry."""
    kind: str
    """The audit action it was logged as (a key of `KINDS`)."""
    action: OfflineAction
    entity_id: int | None = None
    """The replica's row it made (a print, a payment), when the entry names one."""
    before: dict[str, Any] = field(default_factory=dict)
    """What the entry changed, as it was before (a correction's old values)."""


def refusals_among(waiting: Sequence[Queued]) -> int:
    """How many of the queued actions are scans refused at the door: they let nobody in and
    are sent only so the hub records them (kiosk.services.refusals)."""
    return sum(1 for item in waiting if item.kind == refusals.AUDIT_ACTION)


@dataclass
class SyncResult:
    sent: int = 0
    conflicts: int = 0
    """Sent actions the hub kept apart for the organiser: an admission set aside as an offline
    duplicate (this one, later than another desk's; or the other desk's, later than this
    one), a double payment to refund (this one, or the other desk's, taken later), a field
    another desk changed to another value (the later edit stands), an action on a record that
    had moved on."""
    queued: int = 0
    """Still waiting (the hub was lost again)."""
    pulled: PullResult | None = None
    outcomes: list[Replayed] = field(default_factory=list)

    @property
    def conflicts_by_kind(self) -> dict[str, int]:
        """The `conflicts` by what the organiser is to look at (`CONFLICT_KINDS`'s keys, those
        there are of), in that order."""
        counts = {kind: 0 for kind in CONFLICT_KINDS}
        for outcome in self.outcomes:
            for kind, (outcomes, _ru, _en) in CONFLICT_KINDS.items():
                if outcome in outcomes:
                    counts[kind] += 1
        return {kind: n for kind, n in counts.items() if n}


def conflicts_text(result: SyncResult) -> str:
    """«двойные проходы: 1, вероятные дубли: 4» — what the hub kept for the organiser, by
    kind ("" when nothing)."""
    return ", ".join(
        f"{tr(CONFLICT_KINDS[kind][1], CONFLICT_KINDS[kind][2])}: {n}"
        for kind, n in result.conflicts_by_kind.items()
    )


CONFLICTS: Final = frozenset(
    {
        Replayed.DUPLICATE,
        Replayed.EARLIER,
        Replayed.DOUBLE_PAYMENT,
        Replayed.EARLIER_PAYMENT,
        Replayed.NOT_APPLIED,
        Replayed.PROBABLE_DUPLICATE,
        Replayed.SHARED_CONTACT,
        Replayed.EDIT_CONFLICT,
    }
)
CONFLICT_KINDS: Final[dict[str, tuple[frozenset[Replayed], str, str]]] = {
    # What each is called where the organiser looks at it (kiosk review, the summary).
    "admitted_twice": (
        frozenset({Replayed.DUPLICATE, Replayed.EARLIER}),
        "двойные проходы",
        "admitted twice",
    ),
    "paid_twice": (
        frozenset({Replayed.DOUBLE_PAYMENT, Replayed.EARLIER_PAYMENT}),
        "двойные оплаты",
        "paid twice",
    ),
    "probable_duplicates": (
        frozenset({Replayed.PROBABLE_DUPLICATE}),
        "вероятные дубли",
        "probable duplicates",
    ),
    "shared_contacts": (
        frozenset({Replayed.SHARED_CONTACT}),
        "общий телефон или e-mail",
        "a shared phone or e-mail",
    ),
    "edit_conflicts": (
        frozenset({Replayed.EDIT_CONFLICT}),
        "изменено на двух стойках",
        "changed at two desks",
    ),
    "not_applied": (
        frozenset({Replayed.NOT_APPLIED}),
        "не применено: запись на хабе уже изменилась",
        "not applied: the hub's record had changed",
    ),
}
"""The `CONFLICTS` by what the organiser is to look at: key → (outcomes, Russian, English)."""


def _day(value: Any) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def _moment(value: Any) -> datetime | None:
    return datetime.fromisoformat(str(value)) if value else None


class Common(TypedDict):
    """What every queued action carries (kiosk.services.replay.OfflineAction)."""

    nonce: str
    code: str
    recorded_at: datetime
    desk: str
    operator: str


def _common(entry: OutboxEntry, nonce: str) -> Common:
    """What every action carries. Its nonce is the entry's own when it has one: an action the
    desk did on the hub and, the reply lost, again on its replica (kiosk.services.nonces) is
    sent under the nonce the hub applied it under, and is applied once."""
    return Common(
        nonce=str(entry.after.get("nonce") or nonce),
        code=entry.code,
        recorded_at=entry.at,
        desk=entry.desk,
        operator=entry.operator,
    )


def _check_in(_connection: Connection, entry: OutboxEntry, nonce: str) -> OfflineCheckIn:
    day = _day(entry.after["day"])
    assert day is not None
    return OfflineCheckIn(
        day=day, arrived_at=_moment(entry.after.get("at")), **_common(entry, nonce)
    )


def _payment(_connection: Connection, entry: OutboxEntry, nonce: str) -> OfflinePayment:
    return OfflinePayment(
        amount=int(entry.after["amount"]),
        method=str(entry.after["method"]),
        day=_day(entry.after.get("day")),
        **_common(entry, nonce),
    )


def _upgrade(_connection: Connection, entry: OutboxEntry, nonce: str) -> OfflineUpgrade:
    return OfflineUpgrade(
        tariff=str(entry.after["tariff"]),
        from_tariff=entry.before.get("tariff"),
        day=_day(entry.after.get("day")),
        **_common(entry, nonce),
    )


def _print(_connection: Connection, entry: OutboxEntry, nonce: str) -> OfflinePrint:
    return OfflinePrint(
        layout=str(entry.after.get("layout") or ""),
        printer=str(entry.after.get("printer") or ""),
        badge_hash=entry.after.get("badge_hash"),
        **_common(entry, nonce),
    )


def _print_failure(
    _connection: Connection, entry: OutboxEntry, nonce: str
) -> OfflinePrintFailure | None:
    """A print whose job failed, to be taken back on the hub by the print's nonce: the hub may
    have it though the desk does not send it (its answer was lost, or the hub was lost before
    the print could be taken back there). A print made without a nonce never reached it."""
    print_nonce = entry.after.get("print_nonce")
    if not print_nonce:
        return None
    return OfflinePrintFailure(
        print_nonce=str(print_nonce),
        error=str(entry.after.get("error") or ""),
        **_common(entry, nonce),
    )


def _undo(_connection: Connection, entry: OutboxEntry, nonce: str) -> OfflineUndo:
    day = _day(entry.before["day"])
    assert day is not None
    return OfflineUndo(
        day=day,
        checked_in_desk=str(entry.before.get("desk") or ""),
        checked_in_recorded_at=_moment(entry.before.get("recorded_at")),
        reason=entry.reason,
        **_common(entry, nonce),
    )


def _correction(_connection: Connection, entry: OutboxEntry, nonce: str) -> OfflineCorrection:
    return OfflineCorrection(
        changes={k: v for k, v in entry.after.items() if k in CORRECTED_FIELDS},
        before={k: v for k, v in entry.before.items() if k in CORRECTED_FIELDS},
        **_common(entry, nonce),
    )


def _refusal(_connection: Connection, entry: OutboxEntry, nonce: str) -> OfflineRefusal:
    day = _day(entry.after["day"])
    assert day is not None
    common = _common(entry, nonce)
    known = entry.attendee_id is not None
    if not known:
        common["code"] = str(entry.after.get("scanned") or "")
    return OfflineRefusal(
        known=known, day=day, outcome=str(entry.after.get("outcome") or ""), **common
    )


def _walk_in(connection: Connection, entry: OutboxEntry, nonce: str) -> OfflineWalkIn:
    return walk_ins.build_walk_in(connection, entry, **_common(entry, nonce))


@dataclass(frozen=True)
class Kind:
    """How an outbox entry of one audit action is sent."""

    build: Build
    replay: Replaying
    sent: Sent | None = None
    """What the replica does once the hub has applied it, as it is marked sent (a walk-in
    takes the code the hub gave it)."""


KINDS: Final[dict[str, Kind]] = {
    # The audit actions the outbox carries, each to its replay on the hub; a new kind is one
    # entry here.
    "check_in": Kind(_check_in, check_in_replay),
    "payment": Kind(_payment, payment_replay),
    "upgrade": Kind(_upgrade, upgrade_replay),
    "print_badge": Kind(_print, print_replay),
    "reprint_badge": Kind(_print, print_replay),
    PRINT_FAILED: Kind(_print_failure, print_failure_replay),
    "undo_check_in": Kind(_undo, undo_replay),
    "edit": Kind(_correction, correction_replay),
    "swap_names": Kind(_correction, correction_replay),
    walk_ins.REGISTER: Kind(_walk_in, walk_in_replay, walk_ins.walk_in_sent),
    refusals.AUDIT_ACTION: Kind(_refusal, refusal_replay),
}
QUEUED_ACTIONS: Final = frozenset(KINDS)
"""What the outbox carries to the hub."""
TAKEN_BACK: Final[dict[str, frozenset[str]]] = {
    # A print whose job failed is taken back at once (its row removed): the print entry
    # before it, of the same print, is not sent (the failure itself is: `_print_failure`).
    PRINT_FAILED: frozenset({"print_badge", "reprint_badge"}),
}


def sent_upto(replica: Database) -> int:
    with replica.write_rows() as connection:
        ensure_sent_table(connection)
        row = connection.exec_driver_sql(f"SELECT upto FROM {SENT_TABLE} WHERE id = 1").first()
    return int(row[0]) if row is not None else 0


def action_nonce(installation: str, entry: int) -> str:
    """The nonce of a queued action: the same every time it is sent (a UUID, as the hub keeps
    them), different for every installation and entry."""
    return str(uuid.uuid5(_NONCES, f"{installation}/{entry}"))


_NONCES: Final = uuid.UUID("5c0d3f8e-6b0a-4f55-9f64-7c1f0b0e2a11")
"""The namespace of the outbox's nonces."""


def queued(replica: Database, installation: str) -> list[Queued]:
    """The actions waiting to be sent, oldest first."""
    upto = sent_upto(replica)
    found: list[Queued] = []
    with replica.read_rows() as connection:
        rows = connection.execute(
            select(
                AuditEntry.id,
                AuditEntry.action,
                AuditEntry.at,
                AuditEntry.desk,
                AuditEntry.operator,
                AuditEntry.entity_id,
                AuditEntry.attendee_id,
                AuditEntry.before,
                AuditEntry.after,
                AuditEntry.reason,
                Attendee.badge_code,
            )
            .outerjoin(Attendee, Attendee.id == AuditEntry.attendee_id)
            .where(
                AuditEntry.id > upto,
                # What kiosk.offline.outbox's quick check reads too (a test keeps the
                # kinds here and its names equal).
                AuditEntry.action.in_(sorted(OUTBOX_ACTIONS)),
                # Every entry is of a person the replica has, but a refusal of an unknown code
                # and a print taken back for someone the replica has not had yet (it names them).
                (Attendee.id.is_not(None)) | AuditEntry.action.in_(sorted(OF_NOBODY_KNOWN)),
            )
            .order_by(AuditEntry.id)
        ).all()
        for row in rows:
            entry = OutboxEntry(
                id=row.id,
                action=row.action,
                at=row.at,
                desk=row.desk,
                operator=row.operator,
                entity_id=row.entity_id,
                attendee_id=row.attendee_id,
                before=row.before or {},
                after=row.after or {},
                reason=row.reason or "",
                code=row.badge_code or str((row.after or {}).get("code") or ""),
            )
            if entry.action in TAKEN_BACK:
                _take_back(found, entry, TAKEN_BACK[entry.action])
            action = KINDS[entry.action].build(
                connection, entry, action_nonce(installation, entry.id)
            )
            if action is not None:
                found.append(Queued(entry.id, entry.action, action, entry.entity_id, entry.before))
    return found


def _take_back(found: list[Queued], entry: OutboxEntry, kinds: frozenset[str]) -> None:
    """Drop the latest queued entry of these kinds about the same row, if still queued."""
    if entry.entity_id is None:
        return
    for index in range(len(found) - 1, -1, -1):
        if found[index].kind in kinds and found[index].entity_id == entry.entity_id:
            del found[index]
            return


def outbox_details(item: Queued) -> dict[str, Any]:
    """What a queued action says, for a listing (without its nonce); a correction with the
    old values of the fields it changes (`before`)."""
    action: Any = item.action
    details: dict[str, Any] = dataclasses.asdict(action)
    details.pop("nonce", None)
    if isinstance(action, OfflineCorrection):
        details["before"] = {name: item.before.get(name) for name in action.changes}
    return details


def sync(
    hub: Desk, replica: Database, installation: str, *, batch: int = ACTIONS_PER_BATCH
) -> SyncResult:
    """Send everything queued (`send`), then pull: the desk's own rows of the walk-ins sent
    go first, and the pull brings the hub's (it waits while a walk-in has something new
    queued, done at this desk during the sync: sent next time)."""
    result = send(hub, replica, installation, batch=batch)
    if walk_ins.drop_sent_walk_ins(replica, sent_upto(replica), QUEUED_ACTIONS):
        result.queued = len(queued(replica, installation))
        return result
    result.pulled = pull(hub.db, replica)
    return result


def send(
    hub: Desk, replica: Database, installation: str, *, batch: int = ACTIONS_PER_BATCH
) -> SyncResult:
    """Send everything queued, in order, `batch` actions in each transaction of the hub, and
    replace the desk's provisional rows of the people they were about by the hub's. Without a
    pull: the desk's own rows of the walk-ins sent stay until `sync` pulls the hub's.

    A lost connection on the way (any error reaching the hub) ends it: the batches the hub
    committed stay sent, the rest (the batch cut short whole: the hub rolled it back) stays
    queued; the caller tells the desk it is still offline.

    An action the hub refuses otherwise (an error that is not a lost connection) takes its
    batch back whole too; that batch is then sent again one action per transaction, as the
    desk once sent everything: the actions before the refused one are sent, and its error
    ends the sending with it and those after it still queued."""
    result = SyncResult()
    waiting = queued(replica, installation)
    done: list[Queued] = []
    size = max(1, batch)
    one_by_one_until = 0
    try:
        while len(done) < len(waiting):
            start = len(done)
            chunk = waiting[start : start + (1 if start < one_by_one_until else size)]
            replays = [KINDS[item.kind].replay(item.action) for item in chunk]
            try:
                answers = replay_all(hub, replays)
            except Exception as exc:
                if len(chunk) == 1 or _connection_lost(exc):
                    raise
                one_by_one_until = start + len(chunk)
                continue
            _mark_sent(replica, chunk, answers)
            for position, (item, replay, replayed) in enumerate(
                zip(chunk, replays, answers, strict=True), start
            ):
                if replay.follow is not None:
                    later = waiting[position + 1 :]
                    waiting[position + 1 :] = replay.follow(item.action, replayed, later)
                result.outcomes.append(replayed.outcome)
                if replayed.outcome in CONFLICTS:
                    result.conflicts += 1
                done.append(waiting[position])
                result.sent += 1
    finally:
        result.queued = len(waiting) - len(done)
        # A person with actions still queued keeps the desk's rows until those are sent too
        # (the hub's would not show them yet) — also one the desk queued an action for while
        # this sending ran (read from the outbox again).
        still = {item.action.code for item in waiting[len(done) :]} | _still_queued(replica)
        sent = {item.action.code for item in done if item.action.code}
        taken = sorted((sent | _left_behind(replica)) - still)
        if taken:
            _take_hub_rows(hub.db, replica, taken)
    return result


def _still_queued(replica: Database) -> set[str]:
    """The people the outbox holds actions for now, not yet sent."""
    upto = read_sent_upto(replica)
    with replica.read_rows() as connection:
        return set(
            connection.execute(
                select(Attendee.badge_code)
                .join(AuditEntry, AuditEntry.attendee_id == Attendee.id)
                .where(AuditEntry.id > upto, AuditEntry.action.in_(sorted(QUEUED_ACTIONS)))
            ).scalars()
        )


def _left_behind(replica: Database) -> set[str]:
    """The people the desk still has its own rows of for actions the hub has applied: a
    sending cut off (the hub lost, the desk stopped) after marking them sent, before their
    rows were replaced. This sending replaces them, as those of the people it sent."""
    upto = read_sent_upto(replica)
    with replica.read_rows() as connection:
        people = {a for rows in sent_own_rows(connection, upto).values() for _, a in rows}
        if not people:
            return set()
        return set(
            connection.execute(
                select(Attendee.badge_code).where(Attendee.id.in_(sorted(people)))
            ).scalars()
        )


def _connection_lost(error: BaseException) -> bool:
    from kiosk.hub.live import is_connection_lost

    return is_connection_lost(error)


def _mark_sent(replica: Database, sent: Sequence[Queued], answers: Sequence[ReplayResult]) -> None:
    """Note in the replica that these actions (in order) were applied on the hub: what each
    kind notes of its own, and how far the outbox is sent, in one transaction."""
    with replica.write_rows() as connection:
        ensure_sent_table(connection)
        for item, replayed in zip(sent, answers, strict=True):
            noted = KINDS[item.kind].sent
            if noted is not None:
                noted(connection, item.action, replayed)
        connection.exec_driver_sql(
            f"INSERT INTO {SENT_TABLE} (id, upto) VALUES (1, ?) "
            "ON CONFLICT (id) DO UPDATE SET upto = excluded.upto",
            (sent[-1].entry,),
        )


TAKEN_FROM_HUB: Final = ("checkins", "payments", "badge_prints", "offline_duplicates")
"""A person's rows the desk wrote provisionally while offline, replaced by the hub's once
what it did is sent (the hub's may differ: another desk's earlier admission won, a payment
was flagged as double) — and the admissions the hub set aside, this desk's among them: an
admission is an offline duplicate only once the hub has it and has decided so, never while it
waits in the outbox."""


def _take_hub_rows(hub: Database, replica: Database, codes: Sequence[str]) -> None:
    """Replace the desk's provisional rows of the people it sent actions for by the hub's:
    the person (totals, tariff, details) and their check-ins, payments, prints and offline
    duplicates."""
    people = Converter(
        Base.metadata.tables["attendees"], replica.engine.dialect, hub.engine.dialect
    )
    owned = {
        name: Converter(Base.metadata.tables[name], replica.engine.dialect, hub.engine.dialect)
        for name in TAKEN_FROM_HUB
    }
    with replica.read_rows() as connection:
        local = dict(
            connection.execute(
                select(Attendee.badge_code, Attendee.id).where(Attendee.badge_code.in_(codes))
            ).all()
        )
    code_at, id_at = people.position("badge_code"), people.position("id")
    with hub.read_rows() as source:
        # Only people the replica knows under the hub's id (a person the desk made itself is
        # the pull's to bring in).
        rows = [
            row
            for row in fetch_where(source, people, "badge_code", codes)
            if local.get(row[code_at]) == row[id_at]
        ]
        ids = [row[id_at] for row in rows]
        if not ids:
            return
        theirs = {name: fetch_where(source, owned[name], "attendee_id", ids) for name in owned}
    with replica.write_rows() as target:
        target.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        upsert(target, people, "id", rows)
        for name in TAKEN_FROM_HUB:
            table = Base.metadata.tables[name]
            target.execute(delete(table).where(table.c.attendee_id.in_(ids)))
            upsert(target, owned[name], "id", theirs[name])
