"""The stored search keys of an attendee and the database index over them.

Three columns are computed in Python, by the same rules for every write path (registration,
correction, import, demo data, migrations): `last_key` and `last_latin`, the folded surname and
its Latin key, for prefix ranges on a plain index; and `search_text`, a `search_key` of every
searchable word, for substring search. On SQLite an FTS5 table with the trigram tokenizer
indexes `search_text` (kept in step by triggers); on PostgreSQL a pg_trgm GIN index does. Where
neither is available the same queries run as plain LIKE scans.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Final, NamedTuple, cast

from sqlalchemy import Connection, Table, bindparam, text, update

from kiosk.models import Attendee
from kiosk.phones import kept_phones
from kiosk.text import SEPARATOR, digits, fold, latin_fold, search_key

FTS_TABLE: Final = "attendee_search"
"""The SQLite FTS5 table over attendees.search_text (external content: it stores no text)."""

WORD_BREAKS: Final = re.compile(r"[\s\-‐–—]+")
"""What splits names and queries into words: spaces and the dashes of double surnames."""
PHONES_MARK: Final = SEPARATOR + " "
"""Where the phones' digits begin in a `search_text`: they are its last segments, each after
a space (no other segment has one), so ``LIKE '%' || PHONES_MARK || '%' || digits || '%'``
finds digits of a phone and nowhere else."""


class SearchColumns(NamedTuple):
    last_key: str
    last_latin: str
    search_text: str


def words(*parts: str | None) -> list[str]:
    """The words of these texts (a double surname gives both halves)."""
    return [word for part in parts if part for word in WORD_BREAKS.split(part) if word]


def search_columns(
    *,
    last_name: str,
    first_name: str,
    middle_name: str,
    company: str,
    email: str | None,
    phone: str | None,
    badge_code: str,
    other_phones: Iterable[str] = (),
    latin: Callable[[str], str] = latin_fold,
) -> SearchColumns:
    """The stored search keys for these values (with this Latin key: `latin_fold`, or the
    previous rules in a migration's downgrade).

    `search_text` has one `SEPARATOR`-framed segment per word of the names and the company
    (folded, then its Latin key) and one for the folded e-mail, so ``LIKE '%q%'`` finds a part
    of one word and ``LIKE '%' || SEPARATOR || q || '%'`` the beginning of a word. The phone's
    digits come last, after a space, then those of the `other_phones` (E.164) an import kept
    besides it (`PHONES_MARK`): a part of them is found, but they never begin a word.
    The badge code is not in it: two letters or a phone's digits would find the people whose
    random code happens to hold them (kiosk.services.lookup finds a code's beginning through
    the code's own index).
    """
    key = search_key(*words(last_name, first_name, middle_name, company), latin=latin)
    if email:
        # As typed: an address has no other spelling (and a Latin key of it would only
        # lengthen the index that every search reads).
        key = (key or SEPARATOR) + fold(email) + SEPARATOR
    for number in dict.fromkeys(digits(p) for p in (phone or "", *other_phones)):
        if number:
            key = (key or SEPARATOR) + " " + number + SEPARATOR
    return SearchColumns(fold(last_name), latin(last_name), key)


def row_columns(row: Mapping[Any, Any], latin: Callable[[str], str] = latin_fold) -> SearchColumns:
    """`search_columns` of a plain row (a dict or a result mapping) with the column names."""
    return search_columns(
        last_name=row["last_name"] or "",
        first_name=row["first_name"] or "",
        middle_name=row["middle_name"] or "",
        company=row["company"] or "",
        email=row["email"],
        phone=row["phone"],
        badge_code=row["badge_code"] or "",
        other_phones=kept_phones(_extra(row.get("extra"))),
        latin=latin,
    )


def _extra(value: Any) -> dict[str, Any] | None:
    """The extra data of a row: a dict, or its JSON text when read by a plain SQL query."""
    if isinstance(value, str):
        value = json.loads(value)
    return value if isinstance(value, dict) else None


def rebuild_search_columns(
    connection: Connection, batch: int = 5_000, latin: Callable[[str], str] = latin_fold
) -> int:
    """Recompute the search columns of every attendee by the current rules (for migrations
    after a change of `fold`/`latin_fold`; a downgrade passes the `latin` key it restores);
    returns how many rows changed."""
    table = cast(Table, Attendee.__table__)
    source = text(
        "SELECT id, last_name, first_name, middle_name, company, email, phone, badge_code, "
        "extra, last_key, last_latin, search_text FROM attendees ORDER BY id"
    )
    changes: list[dict[str, Any]] = []
    for row in connection.execute(source).mappings():
        fresh = row_columns(row, latin)
        if fresh != (row["last_key"], row["last_latin"], row["search_text"]):
            changes.append({"row_id": row["id"], **fresh._asdict()})
    statement = (
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .values(
            last_key=bindparam("last_key"),
            last_latin=bindparam("last_latin"),
            search_text=bindparam("search_text"),
        )
    )
    for start in range(0, len(changes), batch):
        connection.execute(statement, changes[start : start + batch])
    return len(changes)


def has_fts(connection: Connection) -> bool:
    """Whether this database has the SQLite FTS5 index (it needs SQLite 3.34 or newer)."""
    if connection.dialect.name != "sqlite":
        return False
    found = connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"),
        {"name": FTS_TABLE},
    )
    return found.first() is not None


def optimize(connection: Connection) -> None:
    """Merge the FTS5 index into one b-tree after a bulk insert, which leaves it in many small
    segments that every query must read (queries then take half the time or less; a few rows
    at a time are merged by FTS5 itself)."""
    if has_fts(connection):
        connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")


@contextmanager
def bulk_load(connection: Connection) -> Iterator[None]:
    """Around writing many attendees: FTS5 merges nothing while they go in, and all at once
    when they are in (`optimize`), instead of doing both (a fifth of the indexing time).

    The settings are rows of the FTS5 tables: a transaction that fails takes them back too.
    """
    fts = has_fts(connection)
    if fts:
        set_automerge(connection, 0)
    yield
    if fts:
        optimize(connection)
        set_automerge(connection, FTS_AUTOMERGE)


FTS_AUTOMERGE: Final = 4
"""FTS5's own default."""
_FTS_SETTING: Final = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES (?, ?)"
MERGE_PAGES: Final = 16
"""Pages of FTS5 segments merged by one `merge_some` (about a millisecond or two)."""


Writable = Connection | sqlite3.Connection
"""SQLAlchemy's connection, or SQLite's own (a step of the indexing after an import, run
without SQLAlchemy's transaction and events around it: `kiosk.db.PlainWork`)."""


def _execute(connection: Writable, statement: str, values: tuple[Any, ...] = ()) -> None:
    if isinstance(connection, sqlite3.Connection):
        connection.execute(statement, values)
    else:
        connection.exec_driver_sql(statement, values)


def set_automerge(connection: Writable, segments: int) -> None:
    """FTS5's `automerge`: at each write, merge a level's segments once it holds this many (0:
    never). A row of the FTS5 tables, kept in the file until set again."""
    _execute(connection, _FTS_SETTING, ("automerge", segments))


def automerge(connection: Connection) -> int:
    """FTS5's `automerge` as the file keeps it (its default when never set)."""
    value = connection.exec_driver_sql(
        f"SELECT v FROM {FTS_TABLE}_config WHERE k = 'automerge'"
    ).scalar()
    return FTS_AUTOMERGE if value is None else int(value)


def merge_some(connection: Writable) -> bool:
    """Merge at most about `MERGE_PAGES` pages of the FTS5 index's small segments (levels that
    hold `usermerge`, 4, of them or more); False when there was nothing to merge. Several
    short transactions of it do what FTS5's automerge would do inside larger ones."""
    if isinstance(connection, sqlite3.Connection):
        before = connection.total_changes
        connection.execute(_FTS_SETTING, ("merge", MERGE_PAGES))
        after = connection.total_changes
    else:
        before = connection.exec_driver_sql("SELECT total_changes()").scalar() or 0
        connection.exec_driver_sql(_FTS_SETTING, ("merge", MERGE_PAGES))
        after = connection.exec_driver_sql("SELECT total_changes()").scalar() or 0
    # FTS5's documented test: two changes or more mean that something was merged.
    return int(after) - int(before) >= 2


def fts_phrase(value: str) -> str:
    """An FTS5 string literal: the value matched as it is, quotes included."""
    return '"' + value.replace('"', '""') + '"'


def fts_any(values: Iterable[str]) -> str:
    """An FTS5 expression matching any of these substrings."""
    return "(" + " OR ".join(fts_phrase(v) for v in values) + ")"
