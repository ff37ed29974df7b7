"""Moving an event that started at one desk (its SQLite file) onto the hub, mid-morning if
need be: people, teams, check-ins, payments, badge prints, refused scans and the audit, every
row with its own id, so nothing is lost or counted twice.

A move goes into a new hub only (nothing of an event in it yet), as one transaction, and the
hub remembers what it took (a digest of every row moved). Starting the hub again with the same
`--from` — the same command from the shell's history — adds nothing; a desk database that is
not the one moved, or that changed since (the desk went on working on its own file), is
refused with a sentence that says so: merging two events' ids is not something to guess at.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from sqlalchemy import JSON, Connection, Table, func, select, text
from sqlalchemy.dialects import postgresql

from kiosk.config import Event
from kiosk.db import Database, DatabaseError, open_database
from kiosk.i18n import tr
from kiosk.models import Base, EventInfo

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
MOVED_KEY: Final = "moved_from_desk"
"""event_info: what was moved onto this hub (a JSON object with the digest of every row)."""
SKIPPED_INFO: Final = frozenset({"event_id", "event_name", MOVED_KEY})
MOVE_LOCK: Final = 0x6B696F736B6D6F76
"""An advisory lock: two hubs started on one server at once do not both move."""


@dataclass(frozen=True)
class MoveResult:
    rows: int
    """Rows added to the hub."""
    already: bool = False
    """The same desk database had been moved before: nothing was added."""


def move_event(source: Path, hub: Database, event: Event) -> MoveResult:
    """Copy the desk database at `source` into the hub (see the module's note)."""
    if not source.is_file():
        raise DatabaseError(tr("Нет файла {p}", "There is no file {p}", p=source))
    desk = open_database(str(source), event)  # its event must be this one; migrated first
    try:
        # One read transaction: a consistent picture even while the desk is still writing.
        with desk.read_rows() as reading:
            tables = {name: _rows(reading, Base.metadata.tables[name]) for name in ORDER}
    finally:
        desk.dispose()
    tables["event_info"] = [r for r in tables["event_info"] if r["key"] not in SKIPPED_INFO]
    digest = _digest(tables)
    with hub.write_rows() as writing:
        writing.execute(select(func.pg_advisory_xact_lock(MOVE_LOCK)))
        moved_before = writing.execute(
            select(EventInfo.value).where(EventInfo.key == MOVED_KEY)
        ).scalar()
        if moved_before is not None:
            if json.loads(moved_before).get("digest") == digest:
                return MoveResult(0, already=True)
            raise DatabaseError(_another_move(source))
        if _holds_an_event(writing):
            raise DatabaseError(
                tr(
                    "На хабе уже идёт событие (есть участники, отметки или журнал): базу стойки "
                    "{p} можно перенести только в новый хаб. Запустите хаб с новой папкой "
                    "(--data) или без --from.",
                    "The hub already holds an event (people, check-ins or the audit): the desk "
                    "database {p} moves only into a new hub. Start the hub with a new folder "
                    "(--data) or without --from.",
                    p=source.name,
                )
            )
        added = sum(_insert(writing, Base.metadata.tables[name], tables[name]) for name in ORDER)
        _advance_sequences(writing)
        record = {
            "digest": digest,
            "file": source.name,
            "rows": added,
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        writing.execute(
            postgresql.insert(EventInfo).values(key=MOVED_KEY, value=json.dumps(record)[:400])
        )
    return MoveResult(added)


def _rows(connection: Connection, table: Table) -> list[dict[str, Any]]:
    ordered = select(table).order_by(*table.primary_key.columns)
    return [dict(row) for row in connection.execute(ordered).mappings()]


def _digest(tables: dict[str, list[dict[str, Any]]]) -> str:
    """Of every row to be moved, in key order: the same file gives the same digest, a row
    added or changed since gives another."""
    hashing = hashlib.sha256()
    for name in ORDER:
        hashing.update(name.encode())
        for row in tables[name]:
            hashing.update(json.dumps(row, sort_keys=True, default=str).encode())
    return hashing.hexdigest()


def _holds_an_event(connection: Connection) -> bool:
    for name in ORDER[1:]:
        table = Base.metadata.tables[name]
        if connection.execute(select(1).select_from(table).limit(1)).first() is not None:
            return True
    return False


def _another_move(source: Path) -> str:
    return tr(
        "На этот хаб уже перенесена база стойки, и {p} — не она (или на стойке с тех пор "
        "что-то изменилось): второй перенос смешал бы два события. Запустите хаб без --from; "
        "то, что сделано на стойке после переноса, внесите на хабе.",
        "A desk database was already moved onto this hub, and {p} is not that one (or the desk "
        "changed something since): a second move would mix two events. Start the hub without "
        "--from; enter at the hub what was done at the desk after the move.",
        p=source.name,
    )


def _insert(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> int:
    """The rows, by COPY: the hub holds none of them yet (`_holds_an_event`), and COPY takes
    a hundred thousand people in seconds, where INSERT statements took minutes to prepare.
    event_info's rows go one by one, leaving alone a key the hub has already."""
    if not rows:
        return 0
    if table.name == "event_info":
        statement = postgresql.insert(table).on_conflict_do_nothing().returning(table.c.key)
        return len(connection.execute(statement, rows).all())
    from psycopg.types.json import Json

    names = list(rows[0])
    as_json = {name for name in names if isinstance(table.c[name].type, JSON)}
    driver = connection.connection.driver_connection
    assert driver is not None
    columns = ", ".join(f'"{name}"' for name in names)
    with (
        driver.cursor() as cursor,
        cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(
                [Json(row[n]) if n in as_json and row[n] is not None else row[n] for n in names]
            )
    return len(rows)


def _advance_sequences(connection: Connection) -> None:
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
