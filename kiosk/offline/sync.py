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
from kiosk.offline.replica import PullResult, pull, upsert_rows
from kiosk.services.context import Desk
from kiosk.services.replay import OfflineCheckIn, Replayed, replay_check_in

SENT_TABLE: Final = "replica_sent"
"""How far this replica's audit log (its outbox) has been sent to the hub."""
PAIRS_PER_QUERY: Final = 200
"""(person, day) pairs a statement replacing the desk's own check-ins reads or deletes."""
QUEUED_ACTIONS: Final = frozenset({"check_in"})
"""What the outbox carries to the hub so far (more kinds follow: issue 14)."""


@dataclass(frozen=True)
class Queued:
    entry: int
    """The replica's audit entry."""
    action: OfflineCheckIn


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
            )
            .join(Attendee, Attendee.id == AuditEntry.attendee_id)
            .where(AuditEntry.id > upto, AuditEntry.action.in_(sorted(QUEUED_ACTIONS)))
            .order_by(AuditEntry.id)
        ).all()
    found = []
    for entry, _action, at, desk, operator, after, code in rows:
        details: dict[str, Any] = after or {}
        arrived = details.get("at")
        found.append(
            Queued(
                entry,
                OfflineCheckIn(
                    # A scan the hub may have got before the desk gave up on it: its own nonce.
                    nonce=str(details.get("nonce") or action_nonce(installation, entry)),
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
        for item in waiting:
            replayed = replay_check_in(hub, item.action)
            result.outcomes.append(replayed.outcome)
            if replayed.outcome is Replayed.DUPLICATE:
                result.conflicts += 1
            done.append(item)
            _mark_sent(replica, item.entry)
            result.sent += 1
    finally:
        result.queued = len(waiting) - len(done)
        if done:
            _take_hub_rows(hub.db, replica, [item.action for item in done])
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
    pairs = sorted({(ids[a.code], a.day) for a in sent if a.code in ids})
    table = Base.metadata.tables["checkins"]
    # A few hundred pairs a statement: SQLite refuses an expression deeper than 1000.
    for start in range(0, len(pairs), PAIRS_PER_QUERY):
        chunk = pairs[start : start + PAIRS_PER_QUERY]
        which = or_(*(and_(CheckIn.attendee_id == a, CheckIn.day == d) for a, d in chunk))
        with hub.read_rows() as source:
            rows = [dict(row) for row in source.execute(select(table).where(which)).mappings()]
        with replica.write_rows() as target:
            target.execute(delete(table).where(which))
            upsert_rows(target, table, "id", rows)
