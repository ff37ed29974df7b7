"""Opening the database: engine and session factories, SQLite settings, migrations on start.

SQLite is the default (a file in the user data folder); any SQLAlchemy URL works, PostgreSQL
included. A database belongs to one event and refuses an event file it was not created for.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any, Final, NamedTuple, TypeVar, cast

from sqlalchemy import (
    JSON,
    CompoundSelect,
    Date,
    DateTime,
    Engine,
    Select,
    Table,
    create_engine,
    event,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import URL, Connection, Dialect, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.exc import DBAPIError as SQLAlchemyDBAPIError
from sqlalchemy.exc import StatementError as SQLAlchemyStatementError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import PoolProxiedConnection
from sqlalchemy.sql import Executable
from sqlalchemy.types import TypeEngine

from kiosk import APP_NAME
from kiosk.config import Event
from kiosk.files import guard_database, make_private_dir, make_private_file, tighten
from kiosk.hub.join import looks_like_join_code
from kiosk.i18n import os_reason, tr
from kiosk.models import EventInfo, UTCDateTime
from kiosk.search_index import has_fts
from kiosk.text import has_forbidden_chars, quote
from kiosk.writelock import SQLiteConnection

MIGRATIONS: Final = Path(__file__).resolve().parent.parent / "migrations"
BUSY_TIMEOUT_MS: Final = 10_000
MMAP_BYTES: Final = 256 * 2**20
WAL_LIMIT_BYTES = 32 * 2**20
"""What the write-ahead log's file is cut back to once it starts again from its beginning. It
grows past the thousand pages of a checkpoint while readers keep the log's older pages in
use (an export, a desk's figures, during an import: 100–950 MB seen beside a 360 MB
database), and SQLite otherwise keeps the file at its largest until the last connection
closes."""
SCHEMA_REVISION: Final = "0017"
"""The newest migration (a test checks it against migrations/): a database already there is
opened without loading Alembic and reading every migration script, a fifth of the start-up."""


SQLITE_HEADER: Final = b"SQLite format 3\x00"
OUR_TABLES: Final = frozenset({"event_info", "alembic_version"})
"""A database with tables, but none of these, belongs to another application."""


class DatabaseError(Exception):
    """The database cannot be used; the message says why in the user's language."""


DEFAULT_FILE_NAME: Final = "kiosk.sqlite3"


class NoDatabase(DatabaseError):
    """Nothing at the named place yet: only `kiosk init` (or the desk, after asking) creates
    a database there, so a mistyped path never becomes a new, empty one."""

    def __init__(self, message: str, location: str) -> None:
        super().__init__(message)
        self.location = location
        """The file path (SQLite) or the URL without its password."""


def default_database_path() -> Path:
    """This profile's own database: under `KIOSK_HOME` when set (two desks on one laptop each
    with a profile of their own never share it), else in the user data folder."""
    from kiosk.profile import kiosk_home

    home = kiosk_home()
    if home is not None:
        return home / DEFAULT_FILE_NAME
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / DEFAULT_FILE_NAME


def names_a_database(value: str | None = None) -> bool:
    """Whether `--db` or `KIOSK_DB` names the database (else the default one is used)."""
    return bool(value or os.environ.get("KIOSK_DB"))


def resolve_url(value: str | None = None) -> str:
    """`--db` value, else `KIOSK_DB`, else the default SQLite file. A bare path means SQLite."""
    chosen = value or os.environ.get("KIOSK_DB") or ""
    if not chosen:
        path = default_database_path()
        make_private_dir(path.parent)
        return f"sqlite:///{path}"
    if looks_like_join_code(chosen):
        return _hub_url(chosen)
    if "://" not in chosen:
        return f"sqlite:///{Path(chosen).expanduser().resolve()}"
    return chosen


def _hub_url(text: str) -> str:
    """The database of the hub a join code names (kiosk.hub), trusted by its certificate."""
    from kiosk.hub.client import HubUnreachable, database_url
    from kiosk.hub.join import JoinCodeError, decode

    try:
        return database_url(decode(text))
    except JoinCodeError as exc:
        raise DatabaseError(exc.misread_text()) from None
    except HubUnreachable as exc:
        raise DatabaseError(str(exc)) from None


def _cannot_open(value: str | None, shown: str, exc: SQLAlchemyDatabaseError) -> str:
    """Why the database could not be opened; for a hub, in the desk's words and naming where
    the hub is, never its password or join code."""
    chosen = value or os.environ.get("KIOSK_DB") or ""
    if looks_like_join_code(chosen):
        from kiosk.hub.client import connection_failure
        from kiosk.hub.join import decode

        return connection_failure(decode(chosen), str(exc.orig))
    return tr(
        "Не удаётся открыть базу данных {u}: {e}",
        "Cannot open the database {u}: {e}",
        u=shown,
        e=exc.orig,
    )


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Take transaction control from the driver so "begin" below decides how each one starts.
    dbapi_connection.isolation_level = None
    if isinstance(dbapi_connection, SQLiteConnection):
        _seq, _name, path = dbapi_connection.execute("PRAGMA database_list").fetchone()
        dbapi_connection.join_queue(path)
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute(f"PRAGMA journal_size_limit = {WAL_LIMIT_BYTES}")
    cursor.execute("PRAGMA foreign_keys = ON")
    # What is deleted or overwritten (a forgotten person's data) is zeroed in the file, not
    # left in free pages for anyone with a copy of it to read.
    cursor.execute("PRAGMA secure_delete = ON")
    # Read the file through a memory map instead of copying every page into each connection's
    # cache: searches at 100 000 attendees took a third less (writes still go through the
    # WAL as before). Bounded, so a big file costs address space only up to this.
    cursor.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    cursor.close()


def _on_sqlite_begin(conn: Connection) -> None:
    # Writers take the lock up front: no read-then-upgrade deadlock between desks.
    # Read-only sessions (see Database.reading) start deferred and never block writers in WAL.
    if conn.get_execution_options().get("kiosk_read_only"):
        conn.exec_driver_sql("BEGIN")
        return
    dbapi_connection = conn.connection.dbapi_connection
    assert isinstance(dbapi_connection, SQLiteConnection)
    if not _wait_to_write(dbapi_connection):
        # The last try, its error reported as any other statement's ("database is locked").
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _wait_to_write(dbapi_connection: SQLiteConnection) -> bool:
    """BEGIN IMMEDIATE once it is this connection's turn to write; False if the turn or the
    lock did not come within the busy timeout. Writers wait their turn for SQLite's one write
    lock (kiosk.writelock), not in its busy handler, which lets newcomers overtake desks that
    have waited longest."""
    dbapi_connection.execute("PRAGMA busy_timeout = 0")
    try:
        return dbapi_connection.begin_write(BUSY_TIMEOUT_MS / 1000)
    finally:
        dbapi_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def parse_url(url: str) -> URL:
    try:
        parsed: URL = make_url(url)
    except ArgumentError:
        raise DatabaseError(
            tr(
                "Не понимаю адрес базы данных «{u}». Пример: sqlite:///desk.sqlite3 "
                "или postgresql+psycopg://user@host/db",
                'Cannot parse the database URL "{u}". Example: sqlite:///desk.sqlite3 '
                "or postgresql+psycopg://user@host/db",
                u=quote(url),
            )
        ) from None
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str) -> Engine:
    """An engine for `url`. It never logs statement parameters, not even inside the errors
    it raises: they hold names, phones and e-mails, and errors end up in the log file."""
    parsed = parse_url(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                guard_database(parsed.database)
            engine = create_engine(
                parsed,
                connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "factory": SQLiteConnection},
                hide_parameters=True,
            )
            event.listen(engine, "connect", _on_sqlite_connect)
            event.listen(engine, "begin", _on_sqlite_begin)
            return engine
        engine = create_engine(parsed, pool_pre_ping=True, hide_parameters=True)
        if parsed.get_backend_name() == "postgresql":
            from kiosk.hub import deadline

            deadline.install(engine)  # a scan's work with the hub keeps its deadline
        return engine
    except (NoSuchModuleError, ImportError) as exc:
        raise DatabaseError(
            tr(
                "Нет драйвера для базы данных «{u}»: {e}",
                'No driver for the database "{u}": {e}',
                u=parsed.render_as_string(hide_password=True),
                e=exc,
            )
        ) from None


@dataclass(frozen=True)
class Database:
    """An open, migrated database bound to one event, with its session factories."""

    engine: Engine
    url: str
    writing: sessionmaker[Session]
    reading: sessionmaker[Session]
    read_engine: Engine
    """The engine for reading only (see `_reader`)."""
    fts: bool = False
    """Whether search has the SQLite FTS5 trigram index (kiosk.search_index)."""
    kept: _KeptConnection = field(
        default_factory=lambda: _KeptConnection(), init=False, repr=False, compare=False
    )
    """The SQLite connection `plain` uses (see `_KeptConnection`)."""

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: commits on success, rolls back on any error."""
        with self.writing.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.reading() as session:
            yield session

    @contextmanager
    def write_rows(self) -> Iterator[Connection]:
        """One write transaction on a plain connection, for work without ORM objects (an ORM
        session costs as much as the statements of a check-in)."""
        with self.engine.begin() as connection:
            yield connection

    @contextmanager
    def read_rows(self) -> Iterator[Connection]:
        """A read on a plain connection (on SQLite it takes no write lock, as `read`)."""
        with self.read_engine.connect() as connection:
            yield connection

    @contextmanager
    def plain(self) -> Iterator[PlainWork]:
        """Reads and short writes of plain rows for work done at every scan (see `PlainWork`):
        on SQLite, one of the pool's connections for all of it, used through its driver."""
        if self.engine.dialect.name != "sqlite":
            yield PlainWork(self, None)
            return
        kept = self.kept
        if kept.lock.acquire(blocking=False):
            try:
                yield kept.work(self)
            finally:
                kept.lock.release()
            return
        # Another thread's scan has it: one of the pool's.
        pooled = self.engine.raw_connection()
        try:
            driver = pooled.dbapi_connection
            assert isinstance(driver, SQLiteConnection)
            yield PlainWork(self, SQLiteDriver(driver, self.engine.dialect))
        finally:
            pooled.close()

    def dispose(self) -> None:
        self.kept.close()
        self.engine.dispose()


class _KeptConnection:
    """A SQLite connection made as the pool makes them, then kept out of it for
    `Database.plain`: taking one from the pool and giving it back cost a tenth of a scan.
    One thread uses it at a time; it is closed with the database (`Database.dispose`)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._kept: PoolProxiedConnection | None = None
        self._work: PlainWork | None = None

    def work(self, db: Database) -> PlainWork:
        """The work on the connection (made when first asked for); the caller holds `lock`."""
        if self._work is None:
            engine = db.engine
            kept = engine.raw_connection()
            kept.detach()  # closed by `close`, never given back to the pool
            driver = kept.dbapi_connection
            assert isinstance(driver, SQLiteConnection)
            # Without the memory map the other connections read through: when another
            # connection has written since this one last read (another desk's check-in),
            # SQLite drops the whole map and maps the file again, and a scan's few pages
            # then cost more to fault in than to read (docs/BENCHMARKS.md, «Check-in, nearer
            # the floor»).
            driver.execute("PRAGMA mmap_size = 0")
            # And without SQLite's busy handler (see `SQLiteDriver.waits_in_line`).
            driver.execute("PRAGMA busy_timeout = 0")
            plain = SQLiteDriver(driver, engine.dialect, waits_in_line=True)
            self._kept, self._work = kept, PlainWork(db, plain)
        return self._work

    def close(self) -> None:
        with self.lock:
            if self._kept is not None:
                self._kept.close()
            self._kept = self._work = None


@dataclass(frozen=True)
class SQLiteDriver:
    """A SQLite connection of the pool, used straight through its driver (`sqlite3`) by
    `query_plain` and `execute_plain`; its transactions are `PlainWork`'s."""

    connection: SQLiteConnection
    dialect: Dialect
    waits_in_line: bool = False
    """Its busy timeout is kept at 0: its writes wait their turn (kiosk.writelock) without
    SQLite's busy handler being turned off and on around each (two statements, a thirtieth
    of a scan), and a read that finds the file busy is done again with it (`PlainWork.read`).
    """


PlainConnection = Connection | SQLiteDriver
"""What `query_plain` and `execute_plain` run on."""

_Read = TypeVar("_Read")


class PlainWork:
    """Reads and short write transactions of plain rows, one after another, for work done at
    every scan (a check-in).

    On SQLite all of them run on one connection of the pool, straight through its driver:
    the statements (and BEGIN, COMMIT), without SQLAlchemy's `Connection`, transaction and events
    around each (those cost more than SQLite's own work of a check-in: docs/BENCHMARKS.md,
    «Against the floor»). A write waits its turn as any other (kiosk.writelock), and the
    driver's errors are raised as SQLAlchemy's (`sqlalchemy.exc.OperationalError` for a
    database locked past the busy timeout), without their statements' values. Elsewhere each
    transaction is a SQLAlchemy connection of its own (`Database.read_rows`, `write_rows`).
    """

    def __init__(self, db: Database, driver: SQLiteDriver | None) -> None:
        self._db = db
        self._driver = driver

    def read(self, reader: Callable[[PlainConnection], _Read]) -> _Read:
        """What `reader` reads, outside a transaction: on SQLite each statement sees the file
        as it is when it runs, and a read of one statement (a scan's person) needs no BEGIN and
        ROLLBACK around it to see one state of it (a fifth of a scan's read). Elsewhere in a
        read transaction.

        On a connection that does not wait in SQLite's busy handler (`SQLiteDriver.
        waits_in_line`), a read that finds the file busy — in WAL mode, only while another
        connection rebuilds the file's index after a crash — is done again waiting for it as
        any other connection would, up to the busy timeout."""
        driver = self._driver
        if driver is None:
            with self._db.read_rows() as connection:
                return reader(connection)
        try:
            try:
                return reader(driver)
            except sqlite3.OperationalError as exc:
                if not driver.waits_in_line or exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY:
                    raise
            driver.connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            try:
                return reader(driver)
            finally:
                driver.connection.execute("PRAGMA busy_timeout = 0")
        except sqlite3.Error as exc:
            raise _sqlalchemy_error(exc, driver.dialect) from exc

    @contextmanager
    def writing(self, *, durable: bool = True) -> Iterator[PlainConnection]:
        """A write transaction: committed at the end of the block, rolled back on any error.

        Not `durable` (on SQLite): its commit does not wait for the disk (SQLite's
        synchronous=NORMAL in WAL mode), so a power cut may lose it — but never leaves the
        file damaged, and the next durable commit writes it to the disk with its own. For work
        in many short steps that is found unfinished and done again if lost (an import's
        marked rows, the search text of imported people): each step's wait for the disk was
        most of its time."""
        driver = self._driver
        if driver is None:
            with self._db.write_rows() as connection:
                yield connection
            return
        if not durable:
            driver.connection.execute("PRAGMA synchronous = NORMAL")
        try:
            sqlite = driver.connection
            if driver.waits_in_line:
                began = sqlite.begin_write(BUSY_TIMEOUT_MS / 1000)
            else:
                began = _wait_to_write(sqlite)
            if not began:
                sqlite.execute("BEGIN IMMEDIATE")  # the last try, failing as it does
            try:
                yield driver
            except BaseException:
                driver.connection.rollback()
                raise
            driver.connection.commit()
        except sqlite3.Error as exc:
            raise _sqlalchemy_error(exc, driver.dialect) from exc
        finally:
            if not durable:
                driver.connection.execute("PRAGMA synchronous = FULL")

    def checkpoint(self) -> None:
        """Copy what the write-ahead log holds into the database file now, without waiting for
        anyone and without the write lock (SQLite's PASSIVE checkpoint); nothing elsewhere.

        SQLite otherwise does it in the commit that finds the log past a thousand pages, and
        that commit holds the writers' turn until it is done: during a long piece of work in
        short transactions (the indexing after an import), a check-in at another desk then
        waited for the checkpoint, or its own commit copied what the work had just written (the
        longest waits for the turn during a 40 000-row import 6–9 ms; 2–3 ms with this after
        each step). Copied in full, the log starts again from its beginning at the next write."""
        driver = self._driver
        if driver is None:
            return
        try:
            driver.connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as exc:
            raise _sqlalchemy_error(exc, driver.dialect) from exc


def _sqlalchemy_error(exc: sqlite3.Error, dialect: Dialect) -> SQLAlchemyStatementError:
    """The driver's error as SQLAlchemy raises it, without statements or values."""
    return SQLAlchemyDBAPIError.instance(
        None, None, exc, sqlite3.Error, hide_parameters=True, dialect=dialect
    )


def open_database(
    url: str | None, event_config: Event, *, migrate: bool = True, create: bool = False
) -> Database:
    """Open the database, apply migrations and check its event.

    A database is created only with `create` (`kiosk init`, the desk after asking) or at the
    default place; anything else that is not this app's database is refused with a
    `DatabaseError` saying why (`NoDatabase` when there is nothing there yet).
    """
    _refuse_odd_value(url if url is not None else os.environ.get("KIOSK_DB"))
    try:
        resolved = resolve_url(url)
        parsed = parse_url(resolved)
    except (OSError, ValueError, RuntimeError, ArgumentError):  # RuntimeError: a symlink loop
        raise DatabaseError(_not_a_place(url or os.environ.get("KIOSK_DB") or "")) from None
    may_create = create or not names_a_database(url)
    if parsed.get_backend_name() == "sqlite":
        _prepare_sqlite_file(parsed, may_create=may_create)
    engine = make_engine(resolved)
    shown = parsed.render_as_string(hide_password=True)
    try:
        _check_tables(engine, shown, may_create=may_create)
        _tighten_sqlite(parsed)  # ours: only now is anything about the file changed
        if migrate:
            upgrade_schema(engine)
        _bind_event(engine, event_config)
        with _reader(engine).connect() as connection:
            fts = has_fts(connection)
    except DatabaseError:
        engine.dispose()
        raise
    except SQLAlchemyDatabaseError as exc:
        engine.dispose()
        raise DatabaseError(_cannot_open(url, shown, exc)) from None
    read_engine = _reader(engine)
    return Database(
        engine=engine,
        url=resolved,
        writing=sessionmaker(engine, expire_on_commit=False),
        reading=sessionmaker(read_engine, expire_on_commit=False),
        read_engine=read_engine,
        fts=fts,
    )


def connect_later(url: str) -> Database:
    """A database already known to be this app's and this event's (a hub this desk has worked
    with), opened without reaching it now: its connections are made when first used. For a
    desk that starts while its hub is out of reach."""
    engine = make_engine(url)
    read_engine = _reader(engine)
    return Database(
        engine=engine,
        url=url,
        writing=sessionmaker(engine, expire_on_commit=False),
        reading=sessionmaker(read_engine, expire_on_commit=False),
        read_engine=read_engine,
    )


SQLITE_COMPANIONS: Final = ("-wal", "-shm", "-journal")
MAX_DB_VALUE: Final = 4096
"""Characters of a --db or KIOSK_DB value: a longer one names no file (PATH_MAX on Linux)."""


def _refuse_odd_value(value: str | None) -> None:
    """A --db value that is far too long, or holds control characters, is no place for a
    database: said in one sentence that quotes only its start (it was logged whole)."""
    if value and (len(value) > MAX_DB_VALUE or has_forbidden_chars(value)):
        raise DatabaseError(_not_a_place(value))


def _not_a_place(value: str) -> str:
    shown = _PASSWORD_IN_URL.sub(r"\1:***@", value)
    return tr(
        "«{p}» ({n} симв.) — не путь к базе данных и не адрес хаба. Проверьте --db.",
        '"{p}" ({n} characters) is neither a database path nor a hub\'s address. Check --db.',
        p=quote(shown, 60),
        n=len(value),
    )


_PASSWORD_IN_URL: Final = re.compile(r"(://[^:/@]*):[^@/]*@")


def _prepare_sqlite_file(parsed: URL, *, may_create: bool) -> None:
    """Refuse a memory database, a folder, a file that is not SQLite, and a missing file
    unless it may be created; a new file (and folder) is created owner-only, and an old
    file readable by others is made private with its -wal/-shm (SQLite gives those the
    database file's mode)."""
    database = parsed.database or ""
    if not database or database == ":memory:" or parsed.query.get("mode") == "memory":
        raise DatabaseError(
            tr(
                "База данных в памяти не годится: после выхода ничего не останется. "
                "Укажите файл: --db ПУТЬ",
                "An in-memory database will not do: nothing would be kept after exit. "
                "Name a file: --db PATH",
            )
        )
    path = Path(database)
    try:
        _prepare_sqlite_path(path, may_create=may_create)
    except OSError as exc:
        # A name too long for the system (ENAMETOOLONG), a folder we may not enter, …
        raise DatabaseError(
            tr(
                "Путь к базе данных {p} не годится: {e}",
                "The database path {p} will not do: {e}",
                p=quote(str(path), 80),
                e=os_reason(exc),
            )
        ) from None


def _prepare_sqlite_path(path: Path, *, may_create: bool) -> None:
    if not path.exists():
        if not may_create:
            raise NoDatabase(
                tr(
                    "Базы данных {p} нет. Проверьте путь; новую базу там создаёт команда «{init}».",
                    'There is no database at {p}. Check the path; "{init}" '
                    "creates a new one there.",
                    p=quote(str(path), 200),
                    init=init_command(str(path)),
                ),
                str(path),
            )
        make_private_dir(path.parent)
        make_private_file(path)
        return
    if not path.is_file():
        raise DatabaseError(
            tr(
                "{p} — не файл базы данных (это папка или устройство).",
                "{p} is not a database file (it is a folder or a device).",
                p=quote(str(path), 200),
            )
        )
    try:
        header = _sqlite_header(path)
    except OSError as exc:
        raise DatabaseError(
            tr(
                "Файл базы данных {p} не читается: {e}",
                "Cannot read the database file {p}: {e}",
                p=quote(str(path), 200),
                e=os_reason(exc),
            )
        ) from None
    if header and header != SQLITE_HEADER:
        raise DatabaseError(
            tr(
                "{p} — не база данных SQLite. Проверьте путь (--db).",
                "{p} is not an SQLite database. Check the path (--db).",
                p=quote(str(path), 200),
            )
        )
    if not header and not may_create:
        raise NoDatabase(
            tr(
                "Файл {p} пуст. Новую базу в нём создаёт команда «{init}».",
                'The file {p} is empty. "{init}" creates a new database in it.',
                p=quote(str(path), 200),
                init=init_command(str(path)),
            ),
            str(path),
        )
    _refuse_foreign_sqlite(path)


def _sqlite_header(path: Path) -> bytes:
    """The file's first bytes, read through SQLite when the file is one: a file this process
    opens and closes itself loses every POSIX lock the process holds on it (on Linux, macOS),
    SQLite's among them when the database is already open here (SQLite's own opening shares
    them). Raises OSError when the file cannot be read."""
    if path.stat().st_size == 0:
        return b""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True)
        try:
            connection.execute("PRAGMA schema_version").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        if exc.sqlite_errorcode in (
            sqlite3.SQLITE_NOTADB,
            sqlite3.SQLITE_CANTOPEN,
            sqlite3.SQLITE_PERM,
        ):
            # Not SQLite's, or not open to SQLite (which has none of it open here, then):
            # read as any file, for its header or the system's reason why not.
            with path.open("rb") as stream:
                return stream.read(len(SQLITE_HEADER))
        # Locked, busy or damaged: SQLite's header, as far as anyone can tell here; what
        # is wrong with it is said where it is opened for real.
    return SQLITE_HEADER


def _refuse_foreign_sqlite(path: Path) -> None:
    """Refuse another application's SQLite file before anything of ours touches it: read its
    table names read-only, without our connection's settings (which would turn it to WAL)."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True)
        try:
            tables = {
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            }
        finally:
            connection.close()
    except sqlite3.Error:
        return  # not readable so: the engine's own check (_check_tables) says why
    if tables and not tables & OUR_TABLES:
        raise DatabaseError(_foreign(str(path)))


def _tighten_sqlite(parsed: URL) -> None:
    """Make this app's database file, and its -wal/-shm/-journal, owner-only (an old file
    readable by others; SQLite gives the companions the database file's mode)."""
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        for companion in ("", *SQLITE_COMPANIONS):
            tighten(Path(f"{parsed.database}{companion}"))


def init_command(place: str) -> str:
    """The command that creates a database at `place`, as it can be typed in a shell."""
    return f"kiosk --db {shlex.quote(quote(place, 200))} init"


def _foreign(shown: str) -> str:
    return tr(
        "{u} — база данных другой программы (в ней нет таблиц стойки регистрации). "
        "Проверьте путь (--db).",
        "{u} is another application's database (it has none of the desk's tables). "
        "Check the path (--db).",
        u=quote(shown, 200),
    )


def _check_tables(engine: Engine, shown: str, *, may_create: bool) -> None:
    """Refuse another application's database, and an empty one unless it may be created."""
    with _reader(engine).connect() as connection:  # no write lock: others may be writing
        tables = set(inspect(connection).get_table_names())
    if tables and not tables & OUR_TABLES:
        raise DatabaseError(_foreign(shown))
    if not tables and not may_create:
        raise NoDatabase(
            tr(
                "База данных {u} пуста. Её таблицы создаёт команда «{init}».",
                'The database {u} is empty. "{init}" creates its tables.',
                u=quote(shown, 200),
                init=init_command(shown),
            ),
            shown,
        )


def upgrade_schema(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to the newest Alembic revision (a no-op when already there), or to
    an older `revision` (to test upgrades from it)."""
    if revision == "head" and _stored_revisions(engine) == {SCHEMA_REVISION}:
        return
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    wanted = set(script.get_heads()) if revision == "head" else {revision}
    if set(current) == wanted:
        return
    unknown = [rev for rev in current if rev not in {s.revision for s in script.walk_revisions()}]
    if unknown:
        raise DatabaseError(
            tr(
                "База данных создана более новой версией программы (ревизия {r}). "
                "Обновите программу.",
                "The database was made by a newer version of the app (revision {r}). "
                "Update the app.",
                r=", ".join(unknown),
            )
        )
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _reader(engine: Engine) -> Engine:
    """The engine for reading only: on SQLite its transactions take no write lock (and so do
    not wait for one), see `_on_sqlite_begin`."""
    return engine.execution_options(kiosk_read_only=True)


def _stored_revisions(engine: Engine) -> set[str]:
    with _reader(engine).connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return set()
        return set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


_EVENT_INFO: Final = cast(Table, EventInfo.__table__)


def _event_info(connection: Connection) -> dict[str, str]:
    rows = connection.execute(select(_EVENT_INFO.c.key, _EVENT_INFO.c.value))
    return {key: value for key, value in rows}


def _bind_event(engine: Engine, event_config: Event) -> None:
    """Record the event in a new database; refuse an event file the database is not for."""
    # Plain rows, and a read that takes no write lock: every start of the desk, the kiosk and
    # the `kiosk` command comes here, also while other desks are writing.
    with _reader(engine).connect() as connection:
        stored = _event_info(connection)
    if "event_id" not in stored:
        with engine.begin() as connection:
            stored = _event_info(connection)  # another process may have been first
            if "event_id" not in stored:
                connection.execute(
                    insert(_EVENT_INFO),
                    [
                        {"key": "event_id", "value": event_config.id},
                        {"key": "event_name", "value": event_config.name[:400]},
                    ],
                )
                return
    if stored["event_id"] != event_config.id:
        raise DatabaseError(
            tr(
                "Эта база данных принадлежит событию «{db_name}» ({db_id}), "
                "а выбран файл события «{ev_name}» ({ev_id}). "
                "Выберите другую базу (--db) или тот файл события (--event).",
                'This database belongs to the event "{db_name}" ({db_id}), '
                'but the event file is for "{ev_name}" ({ev_id}). '
                "Choose another database (--db) or that event file (--event).",
                db_name=stored.get("event_name", "?"),
                db_id=stored["event_id"],
                ev_name=event_config.short_name,
                ev_id=event_config.id,
            )
        )


def insert_many(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert plain rows (all with the same keys) as one executemany.

    On SQLite the values go to the driver as they will be stored: SQLAlchemy's per-value
    processing would cost as much as the rest of a 10 000-row import.
    """
    if not rows:
        return
    if session.get_bind().dialect.name != "sqlite":
        session.execute(insert(table), list(rows))
        return
    names = list(rows[0])
    insert_stored(session, table, names, stored_rows(table, names, rows))


def stored_rows(
    table: Table, names: Sequence[str], rows: Sequence[dict[str, Any]]
) -> list[tuple[Any, ...]]:
    """The `names` values of plain rows as SQLite stores them (times as UTC text, JSON as
    text): work that can be done before a write transaction, outside SQLite's write lock."""
    # Only time and JSON columns need converting; every other value goes as it is.
    special = [
        index
        for index, name in enumerate(names)
        if isinstance(table.c[name].type, DateTime | UTCDateTime | JSON)
    ]
    times: dict[datetime, str] = {}  # bulk rows share a few moments: each converted once

    def stored(row: dict[str, Any]) -> tuple[Any, ...]:
        values = [row[name] for name in names]
        for index in special:
            value = values[index]
            if isinstance(value, datetime):
                if value not in times:
                    times[value] = _sqlite_value(value)
                values[index] = times[value]
            elif value is not None:
                values[index] = _sqlite_value(value)
        return tuple(values)

    return [stored(row) for row in rows]


def insert_stored(
    session: Session, table: Table, names: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert rows already as SQLite stores them (`stored_rows`) into a SQLite table."""
    if not rows:
        return
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
    connection = session.connection()
    triggers = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table.name,)
    )
    if triggers.first() is None:
        connection.exec_driver_sql(sql, list(rows))
        return
    # With a trigger (the search index's) one statement per row costs three times as much as
    # one statement for all rows (measured: 120 against 40 µs a row, most of it the FTS5
    # index, which is written out statement by statement): so the rows go to a temporary
    # table first and from there in one INSERT … SELECT.
    staging = f"bulk_{table.name}"
    columns = ", ".join(names)
    connection.exec_driver_sql(
        f"CREATE TEMP TABLE {staging} AS SELECT {columns} FROM {table.name} WHERE 0"
    )
    try:
        connection.exec_driver_sql(
            sql.replace(f"INTO {table.name} ", f"INTO temp.{staging} ", 1), list(rows)
        )
        connection.exec_driver_sql(
            f"INSERT INTO {table.name} ({columns}) "
            f"SELECT {columns} FROM temp.{staging} ORDER BY rowid"
        )
    finally:
        connection.exec_driver_sql(f"DROP TABLE temp.{staging}")


def next_sqlite_id(session: Session, table: Table) -> int:
    """The id SQLite would give the next row of `table` (past any AUTOINCREMENT high-water
    mark): for rows written with their ids chosen beforehand, in the same write transaction."""
    driver = session.connection().connection.dbapi_connection
    assert isinstance(driver, sqlite3.Connection)
    return next_id_in(driver, table.name)


def next_id_in(driver: sqlite3.Connection, table: str) -> int:
    """`next_sqlite_id` on the driver's own connection (for work done on it straight, as an
    import's steps are: kiosk.services.staging)."""
    (highest,) = driver.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()
    sequence = driver.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'"
    ).fetchone()
    if sequence is not None:
        mark = driver.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
        highest = max(int(highest or 0), int(mark[0] if mark else 0))
    return int(highest or 0) + 1


def execute_plain(
    connection: PlainConnection, statement: Executable, values: Mapping[str, Any]
) -> list[tuple[Any, ...]]:
    """Run a Core statement that writes (and may return ids), given every one of its values.

    On SQLite it goes straight to the driver's connection, in the same transaction: compiled
    once, each value converted by its type's own bind processor, as SQLAlchemy would. Its
    execution costs as much as the statement itself, and a check-in's write holds every desk's
    write lock for it (docs/BENCHMARKS.md, «Many desks on one SQLite file»). Elsewhere it runs
    as any statement.
    """
    return run_plain(connection, PlainStatement.of(connection.dialect, statement, values))


class PlainStatement(NamedTuple):
    """A Core statement with its values, made ready to run by `run_plain` before a write
    transaction begins: on SQLite its SQL and its values as the driver takes them, so that
    the write lock is held for SQLite's own work only."""

    statement: Executable
    values: Mapping[str, Any]
    sql: str | None = None
    """The SQL the driver runs (SQLite only; elsewhere SQLAlchemy runs `statement`)."""
    parameters: tuple[Any, ...] = ()

    @classmethod
    def of(
        cls, dialect: Dialect, statement: Executable, values: Mapping[str, Any]
    ) -> PlainStatement:
        """`statement` given every one of its values (see `execute_plain`)."""
        if dialect.name != "sqlite":
            return cls(statement, values)
        sql, steps = _compiled_for_sqlite(statement, tuple(values), dialect)
        return cls(statement, values, sql, tuple(_values(steps, values)))


def run_plain(connection: PlainConnection, ready: PlainStatement) -> list[tuple[Any, ...]]:
    """Run a statement made ready (`PlainStatement.of`) in the connection's transaction; the
    rows it returns."""
    if ready.sql is None:
        assert isinstance(connection, Connection)
        result = connection.execute(ready.statement, dict(ready.values))
        return [tuple(row) for row in result] if result.returns_rows else []
    cursor = _driver(connection).execute(ready.sql, ready.parameters)
    try:
        rows: list[tuple[Any, ...]] = cursor.fetchall()  # tuples: no row factory is set
    finally:
        cursor.close()
    return rows


def written_plain(connection: PlainConnection, ready: PlainStatement) -> int:
    """Run a statement made ready that writes (`PlainStatement.of`), in the connection's
    transaction; how many rows it wrote (an INSERT … ON CONFLICT DO NOTHING: 0 when the row
    was there). On SQLite the driver's count (RETURNING cost a third of a check-in's insert);
    elsewhere, where the driver may not count (psycopg: -1 for INSERT … SELECT), the rows the
    statement returns, if it returns any."""
    if ready.sql is None:
        assert isinstance(connection, Connection)
        result = connection.execute(ready.statement, dict(ready.values))
        return len(result.all()) if result.returns_rows else result.rowcount
    cursor = _driver(connection).execute(ready.sql, ready.parameters)
    count = cursor.rowcount
    cursor.close()
    return count


def _driver(connection: PlainConnection) -> sqlite3.Connection:
    if isinstance(connection, SQLiteDriver):
        return connection.connection
    driver = connection.connection.dbapi_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver


Processor = Callable[[Any], Any]


_GIVEN: Final = object()
"""A value of the call, not of the statement."""

Step = tuple[str, "Processor | None", Any]


@cache
def _compiled_for_sqlite(
    statement: Executable, keys: tuple[str, ...], dialect: Dialect
) -> tuple[str, tuple[Step, ...]]:
    """The SQL and, per position, the value's name, its type's bind processor and, for a value
    the statement holds itself (a literal), that value as the driver takes it."""
    compiled = statement.compile(dialect=dialect, column_keys=list(keys))  # type: ignore[attr-defined]
    steps: list[Step] = []
    for name in compiled.positiontup or ():
        bind = compiled.binds[name]
        process = _bind_processor(bind.type, dialect)
        if name in keys:
            steps.append((name, process, _GIVEN))
        elif bind.required or bind.callable is not None:
            # A default SQLAlchemy would fill in at execution: not done here.
            raise ValueError(f"no value for {name}")
        else:  # converted once, here
            steps.append((name, None, bind.value if process is None else process(bind.value)))
    return compiled.string, tuple(steps)


def _bind_processor(type_: TypeEngine[Any], dialect: Dialect) -> Processor | None:
    """The type's bind processor, or for the times and dates a check-in and its audit entry
    write, a quicker one giving the same text (SQLAlchemy's goes through the type decorator and
    formats field by field: a tenth of a scan's own work). The quicker one is used only if it
    gives what SQLAlchemy's gives for every sample (a storage format of its own would not)."""
    process = type_.dialect_impl(dialect).bind_processor(dialect)
    if process is None:
        return None
    slow: Processor = process
    if type(type_) is UTCDateTime:
        # The moment converted last and its text, replaced as one: a check-in's arrival, its
        # recording and its audit entry are one moment, converted once.
        last: list[tuple[Any, str]] = [(object(), "")]

        def quick(value: Any) -> Any:
            seen, text = last[0]
            if value is seen:
                return text
            if value is None or value.tzinfo is None:
                return slow(value)  # None, or SQLAlchemy's own error for a naive time
            text = value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
            last[0] = (value, text)
            return text

        samples: tuple[Any, ...] = _AWARE_SAMPLES
    elif type(type_) is Date:

        def quick(value: Any) -> Any:
            return value.isoformat() if type(value) is date else slow(value)

        samples = (date(2026, 11, 28), date(999, 1, 2), None)
    else:
        return process
    return quick if all(quick(v) == slow(v) for v in samples) else process


_AWARE_SAMPLES: Final = (
    datetime(2026, 11, 28, 9, 5, 7, 120, tzinfo=timezone(timedelta(hours=10))),
    datetime(2026, 11, 27, 23, 5, tzinfo=UTC),
    datetime(999, 1, 2, 3, 4, 5, 999_999, tzinfo=timezone(timedelta(hours=-3, minutes=-30))),
    None,
)


def _values(steps: tuple[Step, ...], values: Mapping[str, Any]) -> list[Any]:
    return [
        own if own is not _GIVEN else values[name] if process is None else process(values[name])
        for name, process, own in steps
    ]


def query_plain(
    connection: PlainConnection,
    statement: Select[Any] | CompoundSelect[Any],
    values: Mapping[str, Any],
) -> list[tuple[Any, ...]]:
    """Rows of a Core query as plain tuples; on SQLite read straight from the driver's
    connection, each column through its type's result processor, as SQLAlchemy would (its
    execution costs more than loading the people on the desk's list, key after key)."""
    dialect = connection.dialect
    if dialect.name != "sqlite":
        assert isinstance(connection, Connection)
        return [tuple(row) for row in connection.execute(statement, dict(values))]
    sql, steps = _compiled_for_sqlite(statement, tuple(values), dialect)
    cursor = _driver(connection).execute(sql, _values(steps, values))
    try:
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    finally:
        cursor.close()
    columns = _result_processors(statement, dialect)
    if not columns:
        return rows
    converted = []
    for row in rows:
        values_of_row = list(row)
        for index, process in columns:
            values_of_row[index] = process(values_of_row[index])
        converted.append(tuple(values_of_row))
    return converted


@cache
def _result_processors(
    statement: Select[Any] | CompoundSelect[Any], dialect: Dialect
) -> tuple[tuple[int, Processor], ...]:
    """The columns whose values SQLAlchemy converts (times, JSON, booleans …), with the
    conversion: the others are taken as the driver gives them."""
    processors = (
        column.type.dialect_impl(dialect).result_processor(dialect, None)
        for column in statement.selected_columns
    )
    return tuple(
        (index, process) for index, process in enumerate(processors) if process is not None
    )


def _sqlite_value(value: Any) -> Any:
    """A value as SQLAlchemy would store it in SQLite (UTC text for times, JSON for dicts)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    if isinstance(value, dict):
        return json.dumps(value)
    if isinstance(value, StrEnum):
        return str(value)
    return value
