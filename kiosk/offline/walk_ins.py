"""Walk-ins this desk registered without the hub: what the outbox sends for them (the replica's
«register» audit entries), and the desk's provisional rows of them.

A walk-in made offline lives in the replica under an id of the replica's own (from
kiosk.offline.replica.LOCAL_IDS on: never one of the hub's, so no pull writes another person
over it), and a code the hub may (practically never) have given someone else meanwhile. Once
the hub has the walk-in, the desk's row takes the hub's code, so what the desk did for them
afterwards (their check-in, queued after the registration) reaches them; when everything
queued is sent, the desk's provisional rows go, and the pull that follows brings the hub's.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Final, Protocol

from sqlalchemy import Connection, TableClause, column, delete, or_, select, table, update

from kiosk.db import Database
from kiosk.models import (
    Attendee,
    AuditEntry,
    BadgeAlias,
    BadgePrint,
    CheckIn,
    ContactLink,
    Payment,
    RegistrationGroup,
)
from kiosk.services.replay_walk_in import OfflineTeam, OfflineWalkIn, WalkInReplayed

REGISTER: Final = "register"
"""The audit action a walk-in's registration is logged as (kiosk.services.registration)."""
WALK_INS_TABLE: Final = "replica_walk_ins"
"""The replica's own note of the provisional people it sent (not a table of the hub's)."""
_SENT_WALK_INS: Final[TableClause] = table(WALK_INS_TABLE, column("attendee_id"))


class RegisterEntry(Protocol):
    """The replica's audit entry of a registration, as the outbox reads it."""

    @property
    def attendee_id(self) -> int | None: ...
    @property
    def after(self) -> dict[str, Any]: ...


def build_walk_in(
    connection: Connection,
    entry: RegisterEntry,
    *,
    nonce: str,
    code: str,
    recorded_at: datetime,
    desk: str,
    operator: str,
) -> OfflineWalkIn:
    """The walk-in to send for a registration entry (what the audit snapshot holds; the
    consent's time and the extra fields from the person's row), with what every queued
    action carries (kiosk.offline.sync)."""
    after = entry.after
    row = connection.execute(
        select(Attendee.consent_at, Attendee.extra).where(Attendee.id == entry.attendee_id)
    ).first()
    consent_at, extra = row if row is not None else (None, {})
    return OfflineWalkIn(
        team=_team(connection, entry.attendee_id, after.get("group_id")),
        nonce=nonce,
        code=code,
        last_name=str(after.get("last_name") or ""),
        first_name=str(after.get("first_name") or ""),
        middle_name=str(after.get("middle_name") or ""),
        company=str(after.get("company") or ""),
        position=str(after.get("position") or ""),
        phone=after.get("phone"),
        email=after.get("email"),
        category=str(after.get("category") or "participant"),
        tariff=after.get("tariff"),
        price=int(after.get("price") or 0),
        source=str(after.get("source") or "desk"),
        consent_at=consent_at,
        recorded_at=recorded_at,
        desk=desk,
        operator=operator,
        extra=dict(extra or {}),
    )


_TEAMS: Final = uuid.UUID("0f6d7b1e-2a55-4c1d-9a4e-3b8f2f6c9d21")
"""The namespace of the keys of teams registered offline."""


def _team(connection: Connection, attendee_id: int | None, group_id: Any) -> OfflineTeam | None:
    """The team a walk-in was registered in on this desk, if any. Its key is made of what only
    this desk's team has (the desk's own id for it and the moment it was made)."""
    if group_id is None:
        return None
    group = connection.execute(
        select(
            RegistrationGroup.name,
            RegistrationGroup.tariff,
            RegistrationGroup.size,
            RegistrationGroup.contact_id,
            RegistrationGroup.created_at,
        ).where(RegistrationGroup.id == int(group_id))
    ).first()
    if group is None:
        return None
    name, tariff, size, contact_id, created_at = group
    key = uuid.uuid5(_TEAMS, f"{int(group_id)}/{created_at.isoformat()}/{name}")
    return OfflineTeam(str(key), name, tariff, size, contact_id == attendee_id)


def _ensure_table(connection: Connection) -> None:
    connection.exec_driver_sql(
        f"CREATE TABLE IF NOT EXISTS {WALK_INS_TABLE} (attendee_id INTEGER PRIMARY KEY)"
    )


def walk_in_sent(connection: Connection, action: OfflineWalkIn, result: WalkInReplayed) -> None:
    """The hub has the walk-in: note the desk's row to drop once everything is sent, and give
    it the hub's code if that is another (the entries queued after it then carry it). Written
    with the outbox's mark of what was sent (kiosk.offline.sync), in the same transaction."""
    _ensure_table(connection)
    local = connection.execute(
        select(Attendee.id).where(Attendee.badge_code == action.code)
    ).scalar()
    if local is None:
        return
    connection.exec_driver_sql(
        f"INSERT OR IGNORE INTO {WALK_INS_TABLE} (attendee_id) VALUES (?)", (local,)
    )
    if result.code != action.code:
        connection.execute(
            update(Attendee).where(Attendee.id == local).values(badge_code=result.code)
        )


def drop_sent_walk_ins(replica: Database, sent_upto: int, queued_kinds: Iterable[str]) -> int:
    """Remove the desk's provisional rows of the walk-ins sent (the pull brings the hub's):
    their check-ins, payments, prints, links and aliases with them — but not of one the desk
    did something more for since (an outbox entry of `queued_kinds` after `sent_upto` still
    names the row). Returns how many are kept so: the pull waits until they are sent too."""
    with replica.write_rows() as connection:
        _ensure_table(connection)
        noted = [int(r[0]) for r in connection.exec_driver_sql(f"SELECT * FROM {WALK_INS_TABLE}")]
        busy = set(
            connection.execute(
                select(AuditEntry.attendee_id).where(
                    AuditEntry.id > sent_upto,
                    AuditEntry.attendee_id.in_(noted),
                    AuditEntry.action.in_(sorted(queued_kinds)),
                )
            ).scalars()
        )
        ids = [i for i in noted if i not in busy]
        if not ids:
            return len(busy)
        connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        for model in (CheckIn, Payment, BadgePrint, BadgeAlias):
            connection.execute(delete(model).where(model.attendee_id.in_(ids)))
        connection.execute(
            delete(ContactLink).where(
                or_(ContactLink.attendee_id.in_(ids), ContactLink.other_id.in_(ids))
            )
        )
        teams = select(Attendee.group_id).where(
            Attendee.id.in_(ids), Attendee.group_id.is_not(None)
        )
        connection.execute(delete(RegistrationGroup).where(RegistrationGroup.id.in_(teams)))
        connection.execute(delete(Attendee).where(Attendee.id.in_(ids)))
        connection.execute(delete(_SENT_WALK_INS).where(_SENT_WALK_INS.c.attendee_id.in_(ids)))
    return len(busy)
