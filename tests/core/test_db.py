"""Opening the database: the SQLite settings every connection gets, and refusing anything but
this app's database where one is named."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

import kiosk.db as kiosk_db
from kiosk.config import Event
from kiosk.db import (
    BUSY_TIMEOUT_MS,
    MMAP_BYTES,
    Database,
    DatabaseError,
    NoDatabase,
    PlainConnection,
    SQLiteDriver,
    default_database_path,
    execute_plain,
    open_database,
    query_plain,
)
from kiosk.models import AuditEntry, EventInfo

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def test_sqlite_connections_are_durable_and_read_through_a_memory_map(
    tmp_path: Path, event: Event
) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'desk.sqlite3'}", event, create=True)
    try:
        with db.read() as session:
            pragma = {
                name: session.execute(text(f"PRAGMA {name}")).scalar_one()
                for name in (
                    "journal_mode",
                    "synchronous",
                    "foreign_keys",
                    "mmap_size",
                    "secure_delete",
                )
            }
    finally:
        db.dispose()
    # synchronous 2 is FULL: a committed check-in survives a power cut.
    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "mmap_size": MMAP_BYTES,
        "secure_delete": 1,  # what is erased is zeroed, not left in free pages
    }


# ---- the right database, or a clear refusal ------------------------------------------------


def test_a_named_path_with_no_database_is_refused_and_no_folder_is_made(
    tmp_path: Path, event: Event
) -> None:
    missing = tmp_path / "typo" / "desk.sqlite3"
    with pytest.raises(NoDatabase) as caught:
        open_database(str(missing), event)
    assert str(missing) in str(caught.value) and f"kiosk --db {missing} init" in str(caught.value)
    assert caught.value.location == str(missing)
    assert not missing.parent.exists()


def test_create_makes_the_database_and_its_folder_owner_only(tmp_path: Path, event: Event) -> None:
    path = tmp_path / "new" / "desk.sqlite3"
    old = os.umask(0o022)
    try:
        open_database(str(path), event, create=True).dispose()
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_the_default_database_is_created_on_first_use(event: Event) -> None:
    db = open_database(None, event)
    db.dispose()
    assert default_database_path().is_file()


def test_each_profile_has_a_default_database_of_its_own(
    event: Event, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`KIOSK_HOME` holds the profile's database too: two desks on one laptop (or one that
    served another event before) never open each other's."""
    shared = default_database_path()
    for name in ("desk-1", "desk-2"):
        monkeypatch.setenv("KIOSK_HOME", str(tmp_path / name))
        open_database(None, event).dispose()
        assert default_database_path() == tmp_path / name / "kiosk.sqlite3"
        assert default_database_path().is_file()
    assert not shared.exists()


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:", "sqlite:///file:x?mode=memory"])
def test_a_memory_database_is_refused(url: str, event: Event) -> None:
    with pytest.raises(DatabaseError, match="памяти"):
        open_database(url, event, create=True)


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path, event: Event) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Тютина Мария +7 914 …", encoding="utf-8")
    with pytest.raises(DatabaseError, match="не база данных SQLite"):
        open_database(str(path), event, create=True)
    assert path.read_text(encoding="utf-8").startswith("Тютина")


def test_opening_a_database_already_open_here_keeps_its_locks(tmp_path: Path, event: Event) -> None:
    # Its header was read with open() and close(): the process's SQLite locks on the file went
    # with the close (POSIX), and another process could then reset what this one had mapped.
    from tests.sqlite_locks import database_lock_held, shm_lock_held

    path = tmp_path / "desk.sqlite3"
    first = open_database(str(path), event, create=True)
    try:
        with first.read_rows() as connection:
            connection.exec_driver_sql("SELECT count(*) FROM attendees").scalar()
            assert shm_lock_held(path) and database_lock_held(path)
            open_database(str(path), event).dispose()  # as the desk does on a switch of hub
            assert shm_lock_held(path) and database_lock_held(path)
    finally:
        first.dispose()


def test_another_applications_sqlite_database_is_refused(tmp_path: Path, event: Event) -> None:
    path = tmp_path / "firefox.sqlite"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    with pytest.raises(DatabaseError, match="другой программы"):
        open_database(str(path), event, create=True)
    with sqlite3.connect(path) as other:
        tables = {r[0] for r in other.execute("SELECT name FROM sqlite_master")}
    assert tables == {"moz_places"}


def test_a_folder_is_refused(tmp_path: Path, event: Event) -> None:
    with pytest.raises(DatabaseError, match="не файл"):
        open_database(str(tmp_path), event)


def test_an_empty_file_is_a_new_database_only_for_init(tmp_path: Path, event: Event) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    with pytest.raises(NoDatabase):
        open_database(str(path), event)
    open_database(str(path), event, create=True).dispose()
    open_database(str(path), event).dispose()


@posix_only
def test_an_old_database_readable_by_everyone_is_made_private_with_its_wal_and_shm(
    tmp_path: Path, event: Event
) -> None:
    path = tmp_path / "old.sqlite3"
    db = open_database(str(path), event, create=True)
    with db.write() as session:
        session.execute(text("UPDATE event_info SET value = value"))
    for suffix in ("", "-wal", "-shm"):
        os.chmod(f"{path}{suffix}", 0o644)
    other = open_database(str(path), event)
    for suffix in ("", "-wal", "-shm"):
        assert stat.S_IMODE(os.stat(f"{path}{suffix}").st_mode) == 0o600, suffix
    other.dispose()
    db.dispose()


def test_a_failed_statement_does_not_carry_its_parameters(db: Database) -> None:
    with pytest.raises(SQLAlchemyError) as caught, db.write() as session:
        session.execute(
            text("INSERT INTO event_info (key, value) VALUES (:k, :v)"),
            [{"k": "event_id", "v": "+79147001234 tyutina@example.ru"}],
        )
    assert "+79147001234" not in str(caught.value) and "hidden" in str(caught.value)


def test_a_desk_opens_the_database_while_another_holds_the_write_lock(
    tmp_path: Path, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Opening reads the schema revision, the event and the search index without taking the
    # write lock: a desk or a `kiosk` command starts while others are checking people in.
    monkeypatch.setattr("kiosk.db.BUSY_TIMEOUT_MS", 300)  # a wait would fail, not hang
    path = tmp_path / "desk.sqlite3"
    open_database(f"sqlite:///{path}", event, create=True).dispose()
    other_desk = sqlite3.connect(path, isolation_level=None)
    other_desk.execute("BEGIN IMMEDIATE")
    try:
        db = open_database(f"sqlite:///{path}", event, create=True)
        with db.read() as session:
            assert session.execute(text("SELECT count(*) FROM attendees")).scalar_one() == 0
        db.dispose()
    finally:
        other_desk.execute("ROLLBACK")
        other_desk.close()


def test_a_desk_waiting_for_the_write_lock_writes_once_the_other_desk_commits(
    tmp_path: Path, event: Event
) -> None:
    path = tmp_path / "desk.sqlite3"
    db = open_database(f"sqlite:///{path}", event, create=True)
    other_desk = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other_desk.execute("BEGIN IMMEDIATE")
    other_desk.execute("INSERT INTO event_info (key, value) VALUES ('other', 'first')")
    done = threading.Timer(0.2, lambda: other_desk.execute("COMMIT"))
    done.start()
    try:
        with db.write_rows() as connection:
            connection.execute(text("INSERT INTO event_info (key, value) VALUES ('ours', 'then')"))
        with db.read_rows() as connection:
            # The wait's own setting is undone: other statements wait as SQLite would.
            assert connection.execute(text("PRAGMA busy_timeout")).scalar_one() == BUSY_TIMEOUT_MS
            found = connection.execute(text("SELECT key, value FROM event_info"))
            rows = {key: value for key, value in found}
        assert rows["other"] == "first" and rows["ours"] == "then"
    finally:
        done.join()
        other_desk.close()
        db.dispose()


def test_a_desk_that_cannot_get_the_write_lock_in_time_reports_the_database_locked(
    tmp_path: Path, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "desk.sqlite3"
    db = open_database(f"sqlite:///{path}", event, create=True)
    monkeypatch.setattr("kiosk.db.BUSY_TIMEOUT_MS", 200)
    other_desk = sqlite3.connect(path, isolation_level=None)
    other_desk.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(OperationalError, match="database is locked"), db.write_rows():
            pass
    finally:
        other_desk.execute("ROLLBACK")
        other_desk.close()
        db.dispose()


def test_a_plain_statement_stores_its_values_as_sqlalchemy_would(
    tmp_path: Path, event: Event
) -> None:
    path = tmp_path / "desk.sqlite3"
    db = open_database(f"sqlite:///{path}", event, create=True)
    values = {
        "at": datetime(2026, 11, 28, 9, 5, 7, 120, tzinfo=ZoneInfo("Asia/Vladivostok")),
        "action": "check_in",
        "entity": "checkin",
        "entity_id": None,
        "attendee_id": 7,
        "desk": "стойка-1",
        "operator": "",
        "before": None,
        "after": {"day": "2026-11-28", "paid": 1500},
        "reason": "",
    }
    on_the_minute = {**values, "at": datetime(2026, 11, 28, 9, 5, tzinfo=UTC), "after": None}
    try:
        with db.write_rows() as connection:
            for written in (values, on_the_minute):
                connection.execute(insert(AuditEntry), written)
                execute_plain(connection, insert(AuditEntry), written)
    finally:
        db.dispose()
    stored = sqlite3.connect(path)
    columns = ", ".join(f"{name}, typeof({name})" for name in values)
    rows = stored.execute(f"SELECT {columns} FROM audit_log ORDER BY id").fetchall()
    stored.close()
    assert rows[0] == rows[1] and rows[2] == rows[3]


def test_next_sqlite_id_is_past_an_autoincrement_high_water_mark(tmp_path: Path) -> None:
    """Ids chosen beforehand never reuse one SQLite would not give again."""
    from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, delete
    from sqlalchemy.orm import Session

    from kiosk.db import next_sqlite_id

    engine = create_engine(f"sqlite:///{tmp_path / 'ids.sqlite3'}")
    metadata = MetaData()
    plain = Table("plain", metadata, Column("id", Integer, primary_key=True), Column("v", String))
    counted = Table(
        "counted",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("v", String),
        sqlite_autoincrement=True,
    )
    metadata.create_all(engine)
    with Session(engine) as session, session.begin():
        assert next_sqlite_id(session, plain) == 1
        session.execute(plain.insert(), [{"v": "a"}, {"v": "b"}])
        session.execute(counted.insert(), [{"v": "a"}, {"v": "b"}, {"v": "c"}])
        session.execute(delete(counted).where(counted.c.id == 3))
        session.execute(delete(plain).where(plain.c.id == 2))
        assert next_sqlite_id(session, plain) == 2  # as SQLite itself would
        assert next_sqlite_id(session, counted) == 4  # never 3 again
    engine.dispose()


def test_a_scans_plain_work_fails_as_sqlalchemy_does_and_writes_nothing_of_it(
    db: Database,
) -> None:
    # Straight through the driver (kiosk.db.PlainWork), a failed statement is still
    # SQLAlchemy's error, without its values, and its transaction is rolled back.
    duplicate = text("INSERT INTO event_info (key, value) VALUES ('event_id', :v)")
    with pytest.raises(IntegrityError) as caught, db.plain() as work, work.writing() as rows:
        execute_plain(rows, text("INSERT INTO event_info (key, value) VALUES ('a', 'x')"), {})
        execute_plain(rows, duplicate, {"v": "+79147001234"})
    assert "+79147001234" not in str(caught.value)
    with db.plain() as work:
        assert work.read(lambda rows: query_plain(rows, select(EventInfo.key), {})) == [
            ("event_id",),
            ("event_name",),
        ]
    with db.plain() as work, work.writing() as rows:  # nothing left half-done
        execute_plain(rows, text("INSERT INTO event_info (key, value) VALUES ('b', 'x')"), {})
    with db.read_rows() as connection:
        assert connection.execute(text("SELECT value FROM event_info WHERE key = 'b'")).scalar()


def test_scans_on_two_threads_at_once_each_get_a_connection(db: Database) -> None:
    # One scan holds the kept connection; another at the same moment takes one of the pool's.
    inside, leave = threading.Event(), threading.Event()

    def scan_slowly() -> None:
        with db.plain() as work, work.writing() as rows:
            execute_plain(rows, text("INSERT INTO event_info (key, value) VALUES ('a', 'x')"), {})
            inside.set()
            leave.wait(5)

    slow = threading.Thread(target=scan_slowly)
    slow.start()
    inside.wait(5)
    keys_a = select(EventInfo.key).where(EventInfo.key == "a")
    with db.plain() as work:
        assert work.read(lambda rows: query_plain(rows, keys_a, {})) == []
    leave.set()
    slow.join(5)
    with db.plain() as work:
        assert work.read(lambda rows: query_plain(rows, keys_a, {})) == [("a",)]


def test_a_scans_write_waits_its_turn_and_no_longer_than_the_busy_timeout(
    tmp_path: Path, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The scan's connection keeps SQLite's busy handler off (kiosk.db.SQLiteDriver): another
    # program holding SQLite's write lock is waited for by the line's retries, up to the busy
    # timeout, then the write fails as any other does; once it is free, the scan writes.
    path = tmp_path / "desk.sqlite3"
    db = open_database(f"sqlite:///{path}", event, create=True)
    monkeypatch.setattr("kiosk.db.BUSY_TIMEOUT_MS", 200)
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    add = text("INSERT INTO event_info (key, value) VALUES ('a', 'x')")
    try:
        started = time.monotonic()
        with (
            pytest.raises(OperationalError, match="locked"),
            db.plain() as work,
            work.writing() as rows,
        ):
            execute_plain(rows, add, {})
        assert 0.15 < time.monotonic() - started < 5
        monkeypatch.setattr("kiosk.db.BUSY_TIMEOUT_MS", 10_000)
        threading.Timer(0.1, lambda: other.execute("ROLLBACK")).start()
        with db.plain() as work, work.writing() as rows:
            execute_plain(rows, add, {})
    finally:
        other.close()
    with db.plain() as work:
        keys_a = select(EventInfo.key).where(EventInfo.key == "a")
        assert work.read(lambda rows: query_plain(rows, keys_a, {})) == [("a",)]
    db.dispose()


@pytest.mark.skipif(os.name != "posix", reason="the line of writers needs flock")
def test_a_writer_knows_when_another_desk_waits_in_line_for_it(
    tmp_path: Path, event: Event
) -> None:
    # A long piece of work in short steps (the indexing after an import) ends its step early
    # for a check-in that came to wait.
    path = tmp_path / "desk.sqlite3"
    ours = open_database(f"sqlite:///{path}", event, create=True)
    other = open_database(f"sqlite:///{path}", event)
    add = text("INSERT INTO event_info (key, value) VALUES ('other', 'x')")

    def check_in() -> None:
        with other.plain() as work, work.writing() as rows:
            execute_plain(rows, add, {})

    try:
        with ours.plain() as work, work.writing() as rows:
            assert isinstance(rows, SQLiteDriver)
            assert not rows.connection.awaited()
            waiting = threading.Thread(target=check_in)
            waiting.start()
            deadline = time.monotonic() + 10
            while not rows.connection.awaited() and time.monotonic() < deadline:
                time.sleep(0.005)
            assert rows.connection.awaited()
            assert waiting.is_alive()  # it waits for us
        waiting.join(10)
        assert not waiting.is_alive()
        with ours.plain() as work, work.writing() as rows:
            assert isinstance(rows, SQLiteDriver)
            assert not rows.connection.awaited()  # nobody waits any more
        with ours.read_rows() as connection:
            found = connection.execute(select(EventInfo.value).where(EventInfo.key == "other"))
            assert found.scalar_one() == "x"  # the desk that waited wrote once its turn came
    finally:
        other.dispose()
        ours.dispose()


def test_a_checkpoint_copies_the_log_into_the_file_so_the_next_write_starts_it_again(
    tmp_path: Path, event: Event
) -> None:
    # Done by the indexing after each of its steps, so that no check-in's commit does it.
    path = tmp_path / "desk.sqlite3"
    db = open_database(f"sqlite:///{path}", event, create=True)
    add = text("INSERT INTO event_info (key, value) VALUES (:key, :value)")
    try:
        with db.write_rows() as connection:  # about 250 pages: under SQLite's own 1000
            connection.execute(add, [{"key": f"k{n}", "value": "x" * 500} for n in range(2000)])
        with db.plain() as work:
            work.checkpoint()
        with db.write_rows() as connection:
            connection.execute(add, {"key": "small", "value": "y"})
        raw = sqlite3.connect(path)
        try:
            _busy, log_pages, _copied = raw.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        finally:
            raw.close()
        assert 0 < log_pages < 20  # only the small write's pages: the log began again
    finally:
        db.dispose()


def test_a_write_that_need_not_be_durable_does_not_wait_for_the_disk_and_the_next_does(
    db: Database,
) -> None:
    # Steps of work done again if lost (kiosk.services.lookup.in_short_steps): SQLite's
    # synchronous=NORMAL for their commit only, FULL again after, even when one fails.
    def synchronous(connection: PlainConnection) -> int:
        assert isinstance(connection, SQLiteDriver)
        return int(connection.connection.execute("PRAGMA synchronous").fetchone()[0])

    with db.plain() as work:
        with work.writing(durable=False) as connection:
            assert synchronous(connection) == 1  # NORMAL
        with work.writing() as connection:
            assert synchronous(connection) == 2  # FULL
        with pytest.raises(RuntimeError), work.writing(durable=False):
            raise RuntimeError("a step fails")
        with work.writing() as connection:
            assert synchronous(connection) == 2


def test_the_log_file_is_cut_back_once_the_log_starts_again(
    tmp_path: Path, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    # It grew to 950 MB beside a 360 MB database while readers kept its pages in use during an
    # import, and stayed so for as long as the desk was open.
    monkeypatch.setattr(kiosk_db, "WAL_LIMIT_BYTES", 64 * 1024)
    path = tmp_path / "desk.sqlite3"
    db = open_database(f"sqlite:///{path}", event, create=True)
    add = text("INSERT INTO event_info (key, value) VALUES (:key, :value)")
    try:
        with db.write_rows() as connection:
            connection.execute(add, [{"key": f"k{n}", "value": "x" * 500} for n in range(2000)])
        log = Path(f"{path}-wal")
        assert log.stat().st_size > 1_000_000
        with db.plain() as work:
            work.checkpoint()
        with db.write_rows() as connection:  # the log starts again: its file is cut back
            connection.execute(add, {"key": "small", "value": "y"})
        assert log.stat().st_size <= 64 * 1024
    finally:
        db.dispose()


def test_a_scans_read_that_finds_the_file_busy_is_done_again_waiting(db: Database) -> None:
    # SQLite's busy handler is off on the scan's connection; a reader meets a busy file only
    # while another connection recovers it after a crash, and then reads again, waiting.
    tries: list[int] = []

    def waits(rows: PlainConnection) -> int:
        assert isinstance(rows, SQLiteDriver)
        return int(rows.connection.execute("PRAGMA busy_timeout").fetchone()[0])

    def busy_once(rows: PlainConnection) -> int:
        tries.append(waits(rows))
        if len(tries) == 1:
            busy = sqlite3.OperationalError("database is locked")
            busy.sqlite_errorcode = sqlite3.SQLITE_BUSY
            raise busy
        return len(tries)

    with db.plain() as work:
        assert work.read(busy_once) == 2
        assert tries == [0, BUSY_TIMEOUT_MS]
        assert work.read(waits) == 0  # off again
