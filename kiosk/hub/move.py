"""Moving an event that started at one desk (its SQLite file) onto the hub, mid-morning if
need be: people, teams, check-ins, payments, badge prints, refused scans and the audit, every
row with its own id, so nothing is lost or counted twice — and moving the same file again
adds nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from sqlalchemy import Table, func, select, text
from sqlalchemy.dialects import postgresql

from kiosk.config import Event
from kiosk.db import Database, DatabaseError, open_database
from kiosk.i18n import tr
from kiosk.models import Attendee, Base

# Parents before children (foreign keys); event_info's own keys are the hub's already.
ORDER: Final = (
    "event_info",
    "registration_groups",
    "attendees",
    "contact_links",
    "checkins",
    "badge_prints",
    "payments",
    "refused_scans",
    "badge_aliases",
    "offline_duplicates",
    "audit_log",
)
SKIPPED_INFO: Final = frozenset({"event_id", "event_name"})
CHUNK: Final = 2000


def move_event(source: Path, hub: Database, event: Event) -> int:
    """Copy the desk database at `source` into the hub; returns the rows added."""
    if not source.is_file():
        raise DatabaseError(tr("Нет файла {p}", "There is no file {p}", p=source))
    desk = open_database(str(source), event)  # its event must be this one; migrated first
    try:
        _check_compatible(desk, hub)
        added = 0
        with desk.engine.connect() as reading, hub.engine.begin() as writing:
            for name in ORDER:
                table = Base.metadata.tables[name]
                rows = [dict(row) for row in reading.execute(select(table)).mappings()]
                if name == "event_info":
                    rows = [r for r in rows if r["key"] not in SKIPPED_INFO]
                added += _insert(writing, table, rows)
            _advance_sequences(writing)
        return added
    finally:
        desk.dispose()


def _check_compatible(desk: Database, hub: Database) -> None:
    """The hub holds nobody yet, or exactly these people (a second move of the same file)."""
    with desk.read() as source, hub.read() as target:
        ours = dict(source.execute(select(Attendee.id, Attendee.badge_code)).all())
        theirs = dict(target.execute(select(Attendee.id, Attendee.badge_code)).all())
    clash = [i for i, code in ours.items() if i in theirs and theirs[i] != code]
    if clash or (theirs and not set(ours).issubset(theirs) and set(theirs) - set(ours)):
        raise DatabaseError(
            tr(
                "На хабе уже есть другие участники: перенести базу стойки можно только в "
                "пустой хаб (или ту же базу ещё раз).",
                "The hub already holds other people: a desk's database moves only into an "
                "empty hub (or the same one again).",
            )
        )


def _insert(connection: Any, table: Table, rows: list[dict[str, Any]]) -> int:
    added = 0
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        if not chunk:
            continue
        statement = postgresql.insert(table).values(chunk).on_conflict_do_nothing()
        added += connection.execute(statement).rowcount or 0
    return added


def _advance_sequences(connection: Any) -> None:
    """After rows came with their ids, new rows continue after the highest."""
    for name in ORDER:
        table = Base.metadata.tables[name]
        if "id" not in table.c:
            continue
        highest = connection.execute(select(func.max(table.c.id))).scalar()
        if highest:
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v)"),
                {"t": name, "v": highest},
            )
