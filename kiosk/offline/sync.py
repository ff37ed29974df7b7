"""What a desk did without the hub, sent to the hub when it is back, then the replica pulled.

The outbox is the replica's own audit log: a desk working offline writes to its replica with
the ordinary services, and every change they make is logged in the same transaction as the
change itself (the hub's audit log is not copied into replicas, so every entry there is this
desk's). Nothing done offline can so be in the replica without being queued, a kill -9 or a
power cut between the two is impossible, and the queue is as durable as the replica
(synchronous=FULL).

Each queued action is sent under a nonce made from this installation's id and the entry's
number (`action_nonce`) — the same on every retry, so the hub applies it once
(`kiosk.services.replay`). The replica notes how far it has sent. Then the desk's own
provisional rows for what it sent are replaced by the hub's (which may differ: another desk's
earlier admission wins), and the replica is pulled.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final

from sqlalchemy import Connection, and_, delete, or_, select

from kiosk.db import Database
from kiosk.models import Attendee, AuditEntry, Base, CheckIn
from kiosk.offline import walk_ins
from kiosk.offline.replica import PullResult, pull, upsert_rows
from kiosk.services.context import Desk
from kiosk.services.replay import OfflineCheckIn, Replayed, ReplayResult, replay_check_in
from kiosk.services.replay_walk_in import OfflineWalkIn, replay_walk_in

SENT_TABLE: Final = "replica_sent"
"""How far this replica's audit log (its outbox) has been sent to the hub."""
QUEUED_ACTIONS: Final = frozenset({"check_in", walk_ins.REGISTER})
"""What the outbox carries to the hub so far (more kinds follow: issue 14)."""
CONFLICTS: Final = frozenset(
    {Replayed.DUPLICATE, Replayed.PROBABLE_DUPLICATE, Replayed.SHARED_CONTACT}
)
"""Outcomes the hub kept for the organiser to decide."""


@dataclass(frozen=True)
class Queued:
    entry: int
    """The replica's audit entry."""
    action: OfflineCheckIn | OfflineWalkIn


@dataclass
class SyncResult:
    sent: int = 0
    conflicts: int = 0
    """Sent actions the hub kept apart (an earlier admission at another desk)."""
    queued: int = 0
    """Still waiting (the hub was lost again)."""
    pulled: PullResult | None = None
    outcomes: list[Replayed] = field(default_factory=list)


def _ensure_sent_table(connection: Connection) -> None:
    connection.exec_driver_sql(
        f"CREATE TABLE IF NOT EXISTS {SENT_TABLE} "
        "(id INTEGER PRIMARY KEY CHECK (id = 1), upto INTEGER NOT NULL)"
    )


def sent_upto(replica: Database) -> int:
    with replica.write_rows() as connection:
        _ensure_sent_table(connection)
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
    with replica.read_rows() as connection:
        rows = connection.execute(
            select(
                AuditEntry.id,
                AuditEntry.action,
                AuditEntry.at,
                AuditEntry.desk,
                AuditEntry.operator,
                AuditEntry.after,
                Attendee.badge_code,
                AuditEntry.attendee_id,
            )
            .join(Attendee, Attendee.id == AuditEntry.attendee_id)
            .where(AuditEntry.id > upto, AuditEntry.action.in_(sorted(QUEUED_ACTIONS)))
            .order_by(AuditEntry.id)
        ).all()
    found: list[Queued] = []
    for entry, action, at, desk, operator, after, code, attendee in rows:
        details: dict[str, Any] = after or {}
        if action == walk_ins.REGISTER:  # a walk-in registered offline
            nonce = action_nonce(installation, entry)
            with replica.read_rows() as connection:
                row = walk_ins.Entry(entry, details, at, desk, operator, code, attendee)
                found.append(Queued(entry, walk_ins.build_walk_in(connection, row, nonce)))
            continue
        arrived = details.get("at")
        found.append(
            Queued(
                entry,
                OfflineCheckIn(
                    nonce=action_nonce(installation, entry),
                    code=code,
                    day=date.fromisoformat(str(details["day"])),
                    arrived_at=datetime.fromisoformat(arrived) if arrived else None,
                    recorded_at=at,
                    desk=desk,
                    operator=operator,
                ),
            )
        )
    return found


def sync(hub: Desk, replica: Database, installation: str) -> SyncResult:
    """Send everything queued, in order, then pull. A lost connection on the way (any
    error reaching the hub) ends it: what was sent stays sent, the rest stays queued; the
    caller tells the desk it is still offline."""
    result = SyncResult()
    waiting = queued(replica, installation)
    done: list[Queued] = []
    try:
        for position, item in enumerate(waiting):
            if isinstance(item.action, OfflineWalkIn):
                walked_in = replay_walk_in(hub, item.action)
                walk_ins.walk_in_sent(replica, item.action, walked_in)
                waiting[position + 1 :] = walk_ins.with_hub_code(
                    waiting[position + 1 :], item.action.code, walked_in.code
                )
                replayed: ReplayResult = walked_in
            else:
                replayed = replay_check_in(hub, item.action)
            result.outcomes.append(replayed.outcome)
            if replayed.outcome in CONFLICTS:
                result.conflicts += 1
            done.append(item)
            _mark_sent(replica, item.entry)
            result.sent += 1
    finally:
        result.queued = len(waiting) - len(done)
        if done:
            # A walk-in's own check-ins: their rows go with the walk-in (`drop_sent_walk_ins`).
            provisional = walk_ins.provisional_codes(replica)
            sent = [
                item.action
                for item in done
                if isinstance(item.action, OfflineCheckIn) and item.action.code not in provisional
            ]
            _take_hub_rows(hub.db, replica, sent)
    # The desk's own rows of the walk-ins sent go; the pull brings the hub's (it waits while a
    # walk-in has something new queued, done at this desk during the sync: sent next time).
    if walk_ins.drop_sent_walk_ins(replica, sent_upto(replica), QUEUED_ACTIONS):
        result.queued = len(queued(replica, installation))
        return result
    result.pulled = pull(hub.db, replica)
    return result


def _mark_sent(replica: Database, entry: int) -> None:
    with replica.write_rows() as connection:
        _ensure_sent_table(connection)
        connection.exec_driver_sql(
            f"INSERT INTO {SENT_TABLE} (id, upto) VALUES (1, ?) "
            "ON CONFLICT (id) DO UPDATE SET upto = excluded.upto",
            (entry,),
        )


def _take_hub_rows(hub: Database, replica: Database, sent: Sequence[OfflineCheckIn]) -> None:
    """Replace the desk's provisional check-ins for what it sent by the hub's rows."""
    with replica.read_rows() as connection:
        ids = dict(
            connection.execute(
                select(Attendee.badge_code, Attendee.id).where(
                    Attendee.badge_code.in_(sorted({a.code for a in sent}))
                )
            ).all()
        )
    pairs = {(ids[a.code], a.day) for a in sent if a.code in ids}
    if not pairs:
        return
    which = or_(*(and_(CheckIn.attendee_id == a, CheckIn.day == d) for a, d in sorted(pairs)))
    table = Base.metadata.tables["checkins"]
    with hub.read_rows() as source:
        rows = [dict(row) for row in source.execute(select(table).where(which)).mappings()]
    with replica.write_rows() as target:
        target.execute(delete(table).where(which))
        upsert_rows(target, table, "id", rows)
