"""A desk's own copy of the hub's event, to go on working when the hub cannot be reached.

The replica is an ordinary desk database (SQLite, the same schema and migrations, private to
its owner) holding the hub's people, check-ins, payments (those flagged as paid twice among
them, with their refunds), prints, teams, shared contacts, badge aliases, offline duplicates
(admissions set aside, and whether the organiser has reviewed them) and event settings (the
staff PIN's hash among them). It is brought up to date
by pulling only what changed since the last pull: the hub logs each changed row's key with
the transaction that changed it (`change_log`, written by triggers, migration 0009).

Which changes a pull has seen is kept as a transaction number, not a position in the log:
a transaction that began before the previous pull and committed after it logged its rows
with a smaller sequence number than rows already pulled. So each pull takes, in one snapshot,
the oldest transaction still running (`pg_snapshot_xmin`) as the next pull's start, and reads
the rows of every transaction from the previous start on — a few rows read twice, none
missed. The rows are read as they are now (the log holds keys only): inserted or updated in
the replica, deleted there when the hub no longer has them.

Rows go from one driver to the other (`Converter`): the first pull — every person of the
event, before the desk can work offline — reads each table through a server-side cursor and
writes it in one executemany, the replica's indexes and search index built once at the end.

Which tables a replica keeps is its format (`FORMAT`, noted with its last pull); its SQLite
schema is the desk's, migrated as every desk database is when opened. A replica made by an
earlier version is upgraded by its next pull, never rebuilt: the tables its format did not keep
(`ADDED`) are read whole in that pull's snapshot and replace the replica's (only the hub writes
them, so the replica has nothing of its own there), the other tables only what changed, as
always. A full pull again would replace the rows the desk made itself and has not sent yet.

The rows the desk writes itself while offline (a check-in, a payment, a print, a walk-in) live
beside the hub's until what it did is sent, so they never share an id with one of the hub's:
the replica's tables number them from `LOCAL_IDS` on, above any id the hub can give (see
there). A pull writes the hub's rows by id, so it cannot write over them; where the hub's row
takes a unique key the desk's own row holds (the hub admitted that person that day first), the
desk's row gives way (`_give_way`) — its action stays queued and becomes, once sent, the
offline duplicate the hub makes of it. And the desk's rows of what the hub has applied go at
every pull and every send (`drop_sent_own_rows`), the hub's taking their place, even after a
sending cut off between marking its actions sent and replacing the rows.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from sqlalchemy import JSON, Connection, Date, Dialect, Table, text

from kiosk.config import Event
from kiosk.db import Database, open_database
from kiosk.files import tighten
from kiosk.models import Base, UTCDateTime, utcnow
from kiosk.search_index import FTS_TABLE, bulk_load, has_fts

REPLICATED: Final[dict[str, str]] = {
    # In the order rows are written (people before what refers to them); the hub's triggers
    # log the same tables by the same keys.
    "event_info": "key",
    "registration_groups": "id",
    "attendees": "id",
    "checkins": "id",
    "offline_duplicates": "id",
    "payments": "id",
    "badge_prints": "id",
    "contact_links": "id",
    "badge_aliases": "code",
}
KEYS_PER_QUERY: Final = 1000
LOCAL_IDS: Final = 2**31
"""The first id of the rows the desk writes in its replica itself. The hub's ids are
PostgreSQL `integer` columns (serial: migrations/versions), which end at 2**31 - 1: no row the
hub has or will ever have can take one of these, whatever the hub numbers meanwhile. SQLite
keeps 64-bit ids, and each table of the replica with an id numbers its new rows from here on
(AUTOINCREMENT, its sequence set to start here: `_own_ids`); the hub's rows are written with
their own ids, below. Before this version a replica numbered its own rows after the hub's,
and a pull could write another person's row over one of them."""
OWN_IDS: Final = tuple(name for name, key in REPLICATED.items() if key == "id")
"""The replicated tables whose rows the replica numbers itself, the hub's ids aside."""
UNIQUE_KEYS: Final[dict[str, tuple[str, ...]]] = {
    # A replicated table's unique keys besides its id, which a row the desk made may hold
    # when the hub's row for the same key comes: the hub's wins (`_give_way`). Not the
    # people's codes: a walk-in is sent (and its code made the hub's) before a pull
    # (kiosk.offline.walk_ins).
    "checkins": ("attendee_id", "day"),
    "contact_links": ("attendee_id", "other_id", "kind"),
}
SENT_TABLE: Final = "replica_sent"
"""How far this replica's audit log (its outbox: kiosk.offline.sync) has been sent to the hub."""
OWN_ROWS: Final[dict[str, tuple[str, ...]]] = {
    # The desk's own rows made by the outbox's entries (kiosk.offline.sync.KINDS), by the audit
    # actions that name them as their entity; check-ins by person and day
    # (`drop_sent_own_rows`).
    "payments": ("payment",),
    "badge_prints": ("print_badge", "reprint_badge"),
}
CHECK_IN: Final = "check_in"
TAKEN_BACK_PRINT: Final = "print_failed"
"""A print's job failed: its entry names the print taken back (kiosk.offline.sync)."""
CURSOR_TABLE: Final = "replica_cursor"
"""The replica's own note of where its last pull ended, and of its format (not a table of the
hub's)."""
FORMAT: Final = 2
"""The replica's format: which of the hub's tables it keeps (`REPLICATED`)."""
ADDED: Final[dict[int, tuple[str, ...]]] = {
    # The tables each format began to keep: a replica of an earlier format pulls them whole
    # at its next pull. Format 1 had no offline duplicates (the hub logs their changes since
    # migration 0014).
    2: ("offline_duplicates",),
}


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
    _own_ids(db)
    with db.engine.begin() as connection:
        connection.exec_driver_sql(
            f"CREATE TABLE IF NOT EXISTS {CURSOR_TABLE} "
            "(id INTEGER PRIMARY KEY CHECK (id = 1), start_txid INTEGER NOT NULL, "
            "pulled_at TEXT NOT NULL, format INTEGER NOT NULL DEFAULT 1)"
        )
        columns = {
            row[1] for row in connection.exec_driver_sql(f"PRAGMA table_info({CURSOR_TABLE})")
        }
        if "format" not in columns:  # a replica of format 1, which did not note its format
            connection.exec_driver_sql(
                f"ALTER TABLE {CURSOR_TABLE} ADD COLUMN format INTEGER NOT NULL DEFAULT 1"
            )
        for name in OWN_IDS:  # new rows of the desk's own from `LOCAL_IDS` on
            connection.exec_driver_sql(
                "INSERT INTO sqlite_sequence (name, seq) SELECT ?, 0 "
                "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?)",
                (name, name),
            )
            connection.exec_driver_sql(
                "UPDATE sqlite_sequence SET seq = ? WHERE name = ? AND seq < ?",
                (LOCAL_IDS - 1, name, LOCAL_IDS - 1),
            )
    for suffix in ("", "-wal", "-shm"):
        tighten(Path(f"{path}{suffix}"))
    return db


def _own_ids(db: Database) -> None:
    """Make the replica's tables with ids number their rows themselves (AUTOINCREMENT, whose
    sequence can start anywhere: `LOCAL_IDS`), where they do not yet — a replica made by an
    earlier version, or a table a migration made anew. Each is made again as SQLite says a
    table is changed (a new one, the rows copied, the old one dropped, the new one renamed,
    its indexes and triggers made again), with foreign keys off meanwhile and checked after,
    all in one transaction: a replica is never left half made."""
    raw = db.engine.raw_connection()
    try:
        driver: Any = raw.dbapi_connection
        marks = ", ".join("?" for _ in OWN_IDS)
        made = dict(
            driver.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN ({marks})",
                OWN_IDS,
            ).fetchall()
        )
        plain = [name for name in OWN_IDS if "AUTOINCREMENT" not in str(made[name]).upper()]
        if not plain:
            return
        driver.execute("PRAGMA foreign_keys = OFF")  # outside a transaction, or ignored
        try:
            driver.execute("BEGIN IMMEDIATE")
            try:
                for name in plain:
                    _numbered_here(driver, name, str(made[name]))
                _move_waiting_rows(driver)
                broken = driver.execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise sqlite3.IntegrityError(f"foreign keys broken: {broken[:3]}")
                driver.execute("COMMIT")
            except BaseException:
                driver.execute("ROLLBACK")
                raise
        finally:
            driver.execute("PRAGMA foreign_keys = ON")
    finally:
        raw.close()


def _numbered_here(driver: Any, name: str, sql: str) -> None:
    """The table `name` (made by `sql`) made again with its id AUTOINCREMENT, rows kept."""
    made_again = f"{name}_own_ids"
    attached = driver.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') "
        "AND sql IS NOT NULL ORDER BY type, name",
        (name,),
    ).fetchall()
    columns = ", ".join(
        f'"{row[1]}"' for row in driver.execute(f'PRAGMA table_info("{name}")').fetchall()
    )
    driver.execute(autoincrement_sql(sql, made_again))
    driver.execute(f'INSERT INTO "{made_again}" ({columns}) SELECT {columns} FROM "{name}"')
    driver.execute(f'DROP TABLE "{name}"')
    driver.execute(f'ALTER TABLE "{made_again}" RENAME TO "{name}"')
    for (again,) in attached:
        driver.execute(again)


def _move_waiting_rows(driver: Any) -> None:
    """Give the desk's rows an earlier version numbered after the hub's, of actions still
    queued, ids of their own (from `LOCAL_IDS`), so the next pull cannot write over them
    either: the payments and prints the queued entries name (their entries follow), and the
    check-ins of the queued check-ins' people and days — each only where the row is still
    the desk's (made at the entry's desk; one a pull has written over already is the hub's).
    Walk-ins stay as they are: sent before any pull (kiosk.offline.walk_ins)."""
    has_sent = driver.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (SENT_TABLE,)
    ).fetchone()
    found = driver.execute(f"SELECT upto FROM {SENT_TABLE}").fetchone() if has_sent else None
    upto = int(found[0]) if found else 0
    for name, actions in OWN_ROWS.items():
        marks = ", ".join("?" for _ in actions)
        rows = driver.execute(
            f'SELECT DISTINCT row.id FROM "{name}" AS row JOIN audit_log AS entry '
            f"ON entry.entity_id = row.id AND entry.action IN ({marks}) "
            "AND entry.desk = row.desk WHERE entry.id > ? AND row.id < ?",
            (*actions, upto, LOCAL_IDS),
        ).fetchall()
        for (old,) in rows:
            new = _next_own_id(driver, name)
            driver.execute(f'UPDATE "{name}" SET id = ? WHERE id = ?', (new, old))
            driver.execute(
                f"UPDATE audit_log SET entity_id = ? WHERE entity_id = ? AND action IN "
                f"({marks}, ?)",
                (new, old, *actions, TAKEN_BACK_PRINT),
            )
    rows = driver.execute(
        "SELECT DISTINCT checkin.id FROM checkins AS checkin JOIN audit_log AS entry "
        "ON entry.action = ? AND entry.attendee_id = checkin.attendee_id "
        "AND json_extract(entry.after, '$.day') = checkin.day AND entry.desk = checkin.desk "
        "WHERE entry.id > ? AND checkin.id < ?",
        (CHECK_IN, upto, LOCAL_IDS),
    ).fetchall()
    for (old,) in rows:
        driver.execute(
            "UPDATE checkins SET id = ? WHERE id = ?", (_next_own_id(driver, "checkins"), old)
        )


def _next_own_id(driver: Any, name: str) -> int:
    top = driver.execute(f'SELECT MAX(id) FROM "{name}"').fetchone()[0]
    return max(LOCAL_IDS, int(top or 0) + 1)


_TABLE_HEAD: Final = re.compile(r'^\s*CREATE TABLE\s+"?\w+"?\s*\(', re.IGNORECASE)
_ID_COLUMN: Final = re.compile(r"(\(\s*)id INTEGER NOT NULL\s*,", re.IGNORECASE)
_ID_KEY: Final = re.compile(r",\s*PRIMARY KEY \(id\)", re.IGNORECASE)


def autoincrement_sql(sql: str, name: str) -> str:
    """A table's CREATE TABLE (as the migrations make it: `id INTEGER NOT NULL` first, and
    `PRIMARY KEY (id)`) for a table `name` with its id AUTOINCREMENT (which SQLite allows on
    the column only). A schema of another shape is an error, never a table made otherwise."""
    made, heads = _TABLE_HEAD.subn(f'CREATE TABLE "{name}" (', sql, count=1)
    made, ids = _ID_COLUMN.subn(r"\1id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,", made, 1)
    made, keys = _ID_KEY.subn("", made, count=1)
    if (heads, ids, keys) != (1, 1, 1):
        raise ValueError(f"unexpected schema of a replicated table: {sql!r}")
    return made


def last_pull(replica: Database) -> tuple[int, datetime] | None:
    """Where the last pull ended (its start transaction) and when, None before the first."""
    with replica.read_rows() as connection:
        row = connection.exec_driver_sql(
            f"SELECT start_txid, pulled_at FROM {CURSOR_TABLE} WHERE id = 1"
        ).first()
    if row is None:
        return None
    return int(row[0]), datetime.fromisoformat(str(row[1]))


def replica_format(replica: Database) -> int:
    """The format of the replica's last pull (`FORMAT` once pulled by this version)."""
    with replica.read_rows() as connection:
        found = connection.exec_driver_sql(
            f"SELECT format FROM {CURSOR_TABLE} WHERE id = 1"
        ).scalar()
    return int(found) if found is not None else FORMAT


def added_since(format_: int) -> frozenset[str]:
    """The tables a replica of `format_` did not keep (none for this format or a later one's:
    a later version that pulls next finds this format noted, and pulls its own tables whole)."""
    return frozenset(
        name for version, names in ADDED.items() if version > format_ for name in names
    )


def pull(hub: Database, replica: Database) -> PullResult:
    """Bring the replica up to date with the hub: everything the first time, then only what
    changed since the previous pull (and, once, the tables new to the replica's format whole).
    Idempotent; a pull cut short changes nothing."""
    if hub.engine.dialect.name != "postgresql":
        raise NotAHub(hub.url)
    previous = last_pull(replica)
    # What the hub had applied of the outbox before this pull's snapshot (read before it):
    # the desk's rows of those go, the hub's come with this pull.
    sent = read_sent_upto(replica)
    whole = added_since(replica_format(replica)) if previous is not None else frozenset()
    tables = _tables()
    # One snapshot for the whole pull. Set as the transaction's options, not by a BEGIN of
    # our own: the driver has begun one already, and the server logs a warning for each second
    # BEGIN («there is already a transaction in progress») — at every pull of every desk.
    options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    to_replica = {
        name: Converter(tables[name], replica.engine.dialect, hub.engine.dialect)
        for name in REPLICATED
    }
    with hub.engine.connect().execution_options(**options) as source:
        try:
            start = int(
                source.exec_driver_sql(
                    "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
                ).scalar_one()
            )
            if previous is None:
                rows = {name: fetch_all(source, to_replica[name]) for name in REPLICATED}
                changed = None
            else:
                changed = _changed_keys(source, previous[0])
                rows = {
                    name: fetch_all(source, to_replica[name])
                    if name in whole
                    else fetch_where(
                        source,
                        to_replica[name],
                        key,
                        _typed(tables[name], key, changed.get(name, ())),
                    )
                    for name, key in REPLICATED.items()
                }
        finally:
            source.rollback()
    now = utcnow()
    with replica.write_rows() as target:
        target.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        if changed is None:
            written = _replace_all(target, to_replica, rows)
        else:
            written = drop_sent_own_rows(target, sent)
            written += _apply_changes(target, to_replica, rows, changed, whole)
        target.exec_driver_sql(
            f"INSERT INTO {CURSOR_TABLE} (id, start_txid, pulled_at, format) VALUES (1, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET start_txid = excluded.start_txid, "
            "pulled_at = excluded.pulled_at, format = excluded.format",
            (start, now.isoformat(), FORMAT),
        )
    return PullResult(previous is None, written, now)


def _tables() -> dict[str, Table]:
    return {name: Base.metadata.tables[name] for name in REPLICATED}


Row = tuple[Any, ...]
"""A row as the replica's SQLite stores it, its values in the order of the table's columns."""

Processor = Callable[[Any], Any]


class Converter:
    """A table's rows from the hub (or as Python values) to the replica's, as SQLite stores them:
    each value as SQLAlchemy's processors make it, but only where a type has one — every other
    value goes as it is. So rows go in and out through the drivers (a server-side cursor on the
    hub, one executemany into SQLite), without SQLAlchemy's work per row, which took most of a
    first pull. Times and dates are written out by the hub itself, in SQLite's text
    (`SQLITE_TEXT`), and JSON read as its text: the same few documents («{}») converted once."""

    def __init__(self, table: Table, replica: Dialect, hub: Dialect | None = None) -> None:
        self.table = table
        self.names = tuple(column.name for column in table.columns)
        self.to_replica: list[tuple[int, Processor]] = []
        self.from_hub: list[tuple[int, Processor]] = []
        selected: list[str] = []
        for index, column in enumerate(table.columns):
            store = column.type.dialect_impl(replica).bind_processor(replica)
            if store is not None:
                self.to_replica.append((index, store))
            if hub is None:
                continue
            name = hub.identifier_preparer.quote(column.name)
            as_text = SQLITE_TEXT.get(type(column.type)) if replica.name == "sqlite" else None
            if as_text is not None:
                selected.append(as_text.format(name))
                continue
            if isinstance(column.type, JSON):
                selected.append(f"{name}::text")
                self.from_hub.append((index, _json_text(store)))
                continue
            selected.append(name)
            read = column.type.dialect_impl(hub).result_processor(hub, None)
            both = _both(read, store) if read is not None else store
            if both is not None:
                self.from_hub.append((index, both))
        self.select = (
            f"SELECT {', '.join(selected)} FROM {hub.identifier_preparer.quote(table.name)}"
            if hub is not None
            else ""
        )

    def hub_rows(self, rows: Iterable[Row]) -> list[Row]:
        """Rows as `select` reads them on the hub, as the replica stores them."""
        return _converted(rows, self.from_hub)

    def python_rows(self, rows: Iterable[Mapping[str, Any]]) -> list[Row]:
        """Rows of Python values (as SQLAlchemy returns them), as the replica stores them."""
        return _converted(
            (tuple(row[name] for name in self.names) for row in rows), self.to_replica
        )

    def position(self, name: str) -> int:
        return self.names.index(name)


SQLITE_TEXT: Final[dict[type[Any], str]] = {
    # A column of these types read on the hub as the text SQLAlchemy stores in SQLite (a
    # `UTCDateTime` is the naive UTC time with its microseconds, a date ISO's): the hub writes
    # it out, not Python, value by value.
    UTCDateTime: "to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')",
    Date: "to_char({}, 'YYYY-MM-DD')",
}


def _both(read: Processor, store: Processor | None) -> Processor:
    if store is None:
        return read
    return lambda value: store(read(value))


def _json_text(store: Processor | None) -> Processor:
    """A JSON document read as its text, as the replica stores it (each text converted once)."""
    stored: dict[str | None, Any] = {}

    def convert(text: str | None) -> Any:
        if text not in stored:
            value = json.loads(text) if text is not None else None
            stored[text] = store(value) if store is not None else text
        return stored[text]

    return convert


def _converted(rows: Iterable[Row], processors: list[tuple[int, Processor]]) -> list[Row]:
    """The rows with these columns converted."""
    if not processors:
        return list(rows)

    def convert(row: Row) -> Row:
        values = list(row)
        for index, process in processors:
            values[index] = process(values[index])
        return tuple(values)

    return list(map(convert, rows))


ROWS_PER_FETCH: Final = 20_000
"""Rows a first pull takes from the hub's server-side cursor at a time."""


def _cursor(driver: Any, name: str = "") -> Any:
    """A cursor of the hub's driver (server-side when named)."""
    return driver.cursor(name=name) if name else driver.cursor()


def fetch_all(source: Connection, converter: Converter) -> list[Row]:
    """Every row of a table on the hub, through a server-side cursor, in big fetches."""
    driver: Any = source.connection.dbapi_connection
    rows: list[Row] = []
    with _cursor(driver, f"kiosk_pull_{converter.table.name}") as cursor:
        cursor.execute(converter.select)
        while chunk := cursor.fetchmany(ROWS_PER_FETCH):
            rows += converter.hub_rows(chunk)
    return rows


def fetch_where(
    source: Connection, converter: Converter, column: str, values: Sequence[Any]
) -> list[Row]:
    """The rows of a table on the hub whose `column` is one of `values`."""
    driver: Any = source.connection.dbapi_connection
    quoted = source.dialect.identifier_preparer.quote(column)
    sql = f"{converter.select} WHERE {quoted} = ANY(%s)"
    rows: list[Row] = []
    with _cursor(driver) as cursor:
        for start in range(0, len(values), KEYS_PER_QUERY):
            cursor.execute(sql, (list(values[start : start + KEYS_PER_QUERY]),))
            rows += converter.hub_rows(cursor.fetchall())
    return rows


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


def _replace_all(
    target: Connection, converters: dict[str, Converter], rows: dict[str, list[Row]]
) -> int:
    """Everything anew (the first pull). The tables' own indexes and triggers (the search
    index's) are set aside while the rows go in and made again once they are in — each index
    built once from sorted keys, the search index from the whole column — instead of
    updating them row by row: the same result, in a fraction of the time. SQLite keeps more
    pages in memory meanwhile (a few times faster, on its own: the keys' b-trees are written
    out once, not page by page as random codes come)."""
    cache = target.exec_driver_sql("PRAGMA cache_size").scalar()
    target.exec_driver_sql(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    try:
        with _indexes_set_aside(target, list(REPLICATED)):
            for name in reversed(list(REPLICATED)):
                target.exec_driver_sql(f'DELETE FROM "{name}"')
            written = 0
            for name in REPLICATED:
                written += _insert(target, converters[name], rows[name])
    finally:
        target.exec_driver_sql(f"PRAGMA cache_size = {int(cache or 0)}")
    return written


BULK_CACHE_KIB: Final = 64 * 1024
"""SQLite's page cache during a first pull (its default is 2 MiB)."""


@contextmanager
def _indexes_set_aside(target: Connection, tables: Sequence[str]) -> Iterator[None]:
    """Drop these tables' own indexes and triggers (not their keys' and unique constraints'),
    then, after the block, make them again as they were and rebuild the search index. All in
    the caller's transaction: a pull that fails takes it all back."""
    marks = ", ".join("?" for _ in tables)
    made = target.exec_driver_sql(
        f"SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
        f"AND tbl_name IN ({marks}) AND sql IS NOT NULL ORDER BY type, name",
        tuple(tables),
    ).all()
    for kind, name, _sql in made:
        target.exec_driver_sql(f'DROP {kind.upper()} "{name}"')
    yield
    for _kind, _name, sql in made:
        target.exec_driver_sql(sql)
    if has_fts(target):
        with bulk_load(target):  # built whole, then merged into one b-tree
            target.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def _insert(target: Connection, converter: Converter, rows: Sequence[Row]) -> int:
    if not rows:
        return 0
    columns = ", ".join(f'"{name}"' for name in converter.names)
    marks = ", ".join("?" for _ in converter.names)
    target.exec_driver_sql(
        f'INSERT INTO "{converter.table.name}" ({columns}) VALUES ({marks})', list(rows)
    )
    return len(rows)


def _apply_changes(
    target: Connection,
    converters: dict[str, Converter],
    rows: dict[str, list[Row]],
    changed: dict[str, set[str]],
    whole: frozenset[str] = frozenset(),
) -> int:
    """What changed, by key: rows written, those the hub no longer has deleted; the tables
    `whole` (read whole: new to the replica's format) replaced."""
    written = 0
    for name, key in REPLICATED.items():
        converter = converters[name]
        if name in whole:
            target.exec_driver_sql(f'DELETE FROM "{name}"')
            written += _insert(target, converter, rows[name])
            continue
        at = converter.position(key)
        present = {str(row[at]) for row in rows[name]}
        gone = _typed(converter.table, key, changed.get(name, set()) - present)
        for start in range(0, len(gone), KEYS_PER_QUERY):
            chunk = gone[start : start + KEYS_PER_QUERY]
            marks = ", ".join("?" for _ in chunk)
            result = target.exec_driver_sql(
                f'DELETE FROM "{name}" WHERE "{key}" IN ({marks})', tuple(chunk)
            )
            written += result.rowcount
        if name in UNIQUE_KEYS:
            written += _give_way(target, converter, UNIQUE_KEYS[name], rows[name])
        written += upsert(target, converter, key, rows[name])
    return written


def _give_way(
    target: Connection, converter: Converter, unique: tuple[str, ...], rows: Sequence[Row]
) -> int:
    """Delete the replica's rows that hold the unique key of one of these rows of the hub
    under another id: the desk's own row, made offline and not yet sent (the hub admitted the
    person that day first, at another desk), or a row the hub has since replaced by another.
    The hub's row is the one it keeps; what the desk did stays queued (the outbox is the
    replica's audit log, not these rows), and the hub sets it aside when it is sent."""
    if not rows:
        return 0
    at = [converter.position(name) for name in (*unique, "id")]
    where = " AND ".join(f'"{name}" = ?' for name in unique)
    deleted = 0
    for row in rows:
        values = tuple(row[i] for i in at)
        deleted += target.exec_driver_sql(
            f'DELETE FROM "{converter.table.name}" WHERE {where} AND id <> ?', values
        ).rowcount
    return deleted


def read_sent_upto(replica: Database) -> int:
    """The last entry of the replica's audit log (its outbox) the hub has applied, 0 before
    the first (read only: a pull reads it every few seconds)."""
    with replica.read_rows() as connection:
        made = connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (SENT_TABLE,)
        ).first()
        if made is None:
            return 0
        row = connection.exec_driver_sql(f"SELECT upto FROM {SENT_TABLE} WHERE id = 1").first()
    return int(row[0]) if row is not None else 0


def ensure_sent_table(connection: Connection) -> None:
    connection.exec_driver_sql(
        f"CREATE TABLE IF NOT EXISTS {SENT_TABLE} "
        "(id INTEGER PRIMARY KEY CHECK (id = 1), upto INTEGER NOT NULL)"
    )


def sent_own_rows(connection: Connection, upto: int) -> dict[str, list[tuple[int, int]]]:
    """The desk's own rows (numbered from `LOCAL_IDS`) made by outbox entries the hub has
    applied (up to `upto`), by table, as (id, person): payments and prints by the entry that
    names them, a check-in by a check-in entry sent of that person and day — unless another
    of that person and day waits still (a check-in undone and made again: the row is the
    later's)."""
    found: dict[str, list[tuple[int, int]]] = {}
    for name, actions in OWN_ROWS.items():
        marks = ", ".join("?" for _ in actions)
        found[name] = [
            (int(i), int(a))
            for i, a in connection.exec_driver_sql(
                f'SELECT id, attendee_id FROM "{name}" WHERE id >= ? AND id IN '
                f"(SELECT entity_id FROM audit_log WHERE id <= ? AND action IN ({marks}))",
                (LOCAL_IDS, upto, *actions),
            )
        ]
    same = (
        "SELECT 1 FROM audit_log AS entry WHERE entry.action = ? "
        "AND entry.attendee_id = checkin.attendee_id "
        "AND json_extract(entry.after, '$.day') = checkin.day AND entry.id {} ?"
    )
    found["checkins"] = [
        (int(i), int(a))
        for i, a in connection.exec_driver_sql(
            "SELECT id, attendee_id FROM checkins AS checkin WHERE id >= ? "
            f"AND EXISTS ({same.format('<=')}) AND NOT EXISTS ({same.format('>')})",
            (LOCAL_IDS, CHECK_IN, upto, CHECK_IN, upto),
        )
    ]
    return found


def drop_sent_own_rows(connection: Connection, upto: int) -> int:
    """Delete the desk's own rows of what the hub has applied (`sent_own_rows`): the hub's
    rows of it replace them (the pull's, or kiosk.offline.sync's for the people it sent
    actions for). Done at every pull and send, so rows left by a sending cut off after its
    actions were marked sent go too. Returns how many went."""
    deleted = 0
    for name, rows in sent_own_rows(connection, upto).items():
        ids = [i for i, _ in rows]
        for start in range(0, len(ids), KEYS_PER_QUERY):
            chunk = ids[start : start + KEYS_PER_QUERY]
            marks = ", ".join("?" for _ in chunk)
            deleted += connection.exec_driver_sql(
                f'DELETE FROM "{name}" WHERE id IN ({marks})', tuple(chunk)
            ).rowcount
    return deleted


def upsert(target: Connection, converter: Converter, key: str, rows: Sequence[Row]) -> int:
    """Insert or update rows (as the replica stores them) by their key, in one executemany."""
    if not rows:
        return 0
    names = converter.names
    columns = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" for _ in names)
    updates = ", ".join(f'"{name}" = excluded."{name}"' for name in names if name != key)
    target.exec_driver_sql(
        f'INSERT INTO "{converter.table.name}" ({columns}) VALUES ({marks}) '
        f'ON CONFLICT ("{key}") DO UPDATE SET {updates}',
        list(rows),
    )
    return len(rows)


def upsert_rows(
    target: Connection, table: Table, key: str, rows: Sequence[Mapping[str, Any]]
) -> int:
    """Insert or update rows of Python values (as SQLAlchemy returns them) by their key."""
    converter = Converter(table, target.dialect)
    return upsert(target, converter, key, converter.python_rows(rows))
