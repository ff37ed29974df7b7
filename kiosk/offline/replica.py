"""A desk's own copy of the hub's event, to go on working when the hub cannot be reached.

The replica is an ordinary desk database (SQLite, the same schema and migrations, private to
its owner) holding the hub's people, check-ins, payments, prints, teams, shared contacts,
badge aliases and event settings (the staff PIN's hash among them). It is brought up to date
by pulling only what changed since the last pull: the hub logs each changed row's key with
the transaction that changed it (`change_log`, written by triggers, migration 0009).

Which changes a pull has seen is kept as a transaction number, not a position in the log:
a transaction that began before the previous pull and committed after it logged its rows
with a smaller sequence number than rows already pulled. So each pull takes, in one snapshot,
the oldest transaction still running (`pg_snapshot_xmin`) as the next pull's start, and reads
the rows of every transaction from the previous start on — a few rows read twice, none
missed. The rows are read as they are now (the log holds keys only): inserted or updated in
the replica, deleted there when the hub no longer has them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Connection, Table, delete, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from kiosk.config import Event
from kiosk.db import Database, open_database
from kiosk.files import tighten
from kiosk.models import Base, utcnow

REPLICATED: Final[dict[str, str]] = {
    # In the order rows are written (people before what refers to them); the hub's triggers
    # log the same tables by the same keys.
    "event_info": "key",
    "registration_groups": "id",
    "attendees": "id",
    "checkins": "id",
    "payments": "id",
    "badge_prints": "id",
    "contact_links": "id",
    "badge_aliases": "code",
}
KEYS_PER_QUERY: Final = 1000
CURSOR_TABLE: Final = "replica_cursor"
"""The replica's own note of where its last pull ended (not a table of the hub's)."""


class NotAHub(Exception):
    """The database pulled from is not a hub's PostgreSQL (it has no change log triggers)."""


@dataclass(frozen=True)
class PullResult:
    full: bool
    """The first pull: everything copied."""
    rows: int
    """Rows written or deleted in the replica."""
    at: datetime


def open_replica(path: Path, event: Event) -> Database:
    """The replica at `path`, made (and migrated) when missing; its files private (0600)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    db = open_database(f"sqlite:///{path}", event, create=True)
    with db.engine.begin() as connection:
        connection.exec_driver_sql(
            f"CREATE TABLE IF NOT EXISTS {CURSOR_TABLE} "
            "(id INTEGER PRIMARY KEY CHECK (id = 1), start_txid INTEGER NOT NULL, "
            "pulled_at TEXT NOT NULL)"
        )
    for suffix in ("", "-wal", "-shm"):
        tighten(Path(f"{path}{suffix}"))
    return db


def last_pull(replica: Database) -> tuple[int, datetime] | None:
    """Where the last pull ended (its start transaction) and when, None before the first."""
    with replica.read_rows() as connection:
        row = connection.exec_driver_sql(
            f"SELECT start_txid, pulled_at FROM {CURSOR_TABLE} WHERE id = 1"
        ).first()
    if row is None:
        return None
    return int(row[0]), datetime.fromisoformat(str(row[1]))


def pull(hub: Database, replica: Database) -> PullResult:
    """Bring the replica up to date with the hub: everything the first time, then only what
    changed since the previous pull. Idempotent; a pull cut short changes nothing."""
    if hub.engine.dialect.name != "postgresql":
        raise NotAHub(hub.url)
    previous = last_pull(replica)
    tables = _tables()
    # One snapshot for the whole pull. Set as the transaction's options, not by a BEGIN of
    # our own: the driver has begun one already, and the server logs a warning for each second
    # BEGIN («there is already a transaction in progress») — at every pull of every desk.
    options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    with hub.engine.connect().execution_options(**options) as source:
        try:
            start = int(
                source.exec_driver_sql(
                    "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
                ).scalar_one()
            )
            if previous is None:
                rows = {name: _all_rows(source, tables[name]) for name in REPLICATED}
                changed = None
            else:
                changed = _changed_keys(source, previous[0])
                rows = {
                    name: _rows_by_key(source, tables[name], key, changed.get(name, ()))
                    for name, key in REPLICATED.items()
                }
        finally:
            source.rollback()
    now = utcnow()
    with replica.write_rows() as target:
        target.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        if changed is None:
            written = _replace_all(target, tables, rows)
        else:
            written = _apply_changes(target, tables, rows, changed)
        target.exec_driver_sql(
            f"INSERT INTO {CURSOR_TABLE} (id, start_txid, pulled_at) VALUES (1, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET start_txid = excluded.start_txid, "
            "pulled_at = excluded.pulled_at",
            (start, now.isoformat()),
        )
    return PullResult(previous is None, written, now)


def _tables() -> dict[str, Table]:
    return {name: Base.metadata.tables[name] for name in REPLICATED}


def _all_rows(source: Connection, table: Table) -> list[dict[str, Any]]:
    return [dict(row) for row in source.execute(select(table)).mappings()]


def _changed_keys(source: Connection, since_txid: int) -> dict[str, set[str]]:
    changed: dict[str, set[str]] = defaultdict(set)
    for table_name, row_key in source.execute(
        text("SELECT DISTINCT table_name, row_key FROM change_log WHERE txid >= :since"),
        {"since": since_txid},
    ):
        if table_name in REPLICATED:
            changed[table_name].add(row_key)
    return changed


def _typed(table: Table, key: str, keys: Iterable[str]) -> list[Any]:
    """The logged keys (text) as the key column's values."""
    python_type = table.c[key].type.python_type
    return [python_type(k) for k in keys]


def _rows_by_key(
    source: Connection, table: Table, key: str, keys: Iterable[str]
) -> list[dict[str, Any]]:
    values = _typed(table, key, keys)
    found: list[dict[str, Any]] = []
    for start in range(0, len(values), KEYS_PER_QUERY):
        chunk = values[start : start + KEYS_PER_QUERY]
        found += [
            dict(row)
            for row in source.execute(select(table).where(table.c[key].in_(chunk))).mappings()
        ]
    return found


def _replace_all(
    target: Connection, tables: dict[str, Table], rows: dict[str, list[dict[str, Any]]]
) -> int:
    for name in reversed(list(REPLICATED)):
        target.execute(delete(tables[name]))
    written = 0
    for name in REPLICATED:
        written += upsert_rows(target, tables[name], REPLICATED[name], rows[name])
    return written


def _apply_changes(
    target: Connection,
    tables: dict[str, Table],
    rows: dict[str, list[dict[str, Any]]],
    changed: dict[str, set[str]],
) -> int:
    written = 0
    for name, key in REPLICATED.items():
        table = tables[name]
        present = {str(row[key]) for row in rows[name]}
        gone = _typed(table, key, changed.get(name, set()) - present)
        for start in range(0, len(gone), KEYS_PER_QUERY):
            result = target.execute(
                delete(table).where(table.c[key].in_(gone[start : start + KEYS_PER_QUERY]))
            )
            written += result.rowcount
        written += upsert_rows(target, table, key, rows[name])
    return written


def upsert_rows(target: Connection, table: Table, key: str, rows: Sequence[dict[str, Any]]) -> int:
    if not rows:
        return 0
    statement = sqlite_insert(table)
    columns = [c.name for c in table.columns if c.name != key]
    statement = statement.on_conflict_do_update(
        index_elements=[table.c[key]],
        set_={name: statement.excluded[name] for name in columns},
    )
    target.execute(statement, list(rows))
    return len(rows)
