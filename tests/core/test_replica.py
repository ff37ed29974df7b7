"""A desk's replica of the hub: the first pull copies everything, later ones only what changed,
and a transaction still open at a pull is not missed by the next one."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, insert, select, text

from kiosk.config import Event
from kiosk.db import Database, open_database
from kiosk.models import Attendee, Base, PaymentMethod
from kiosk.offline.replica import REPLICATED, NotAHub, last_pull, open_replica, pull
from kiosk.services import selfservice
from kiosk.services.checkin import check_in, pay, undo_check_in
from kiosk.services.context import Desk
from kiosk.services.lookup import search
from kiosk.services.registration import edit_attendee
from tests.conftest import FixedClock
from tests.core.factories import registered

pytestmark = [pytest.mark.postgres]

DAY = date(2026, 11, 28)


@pytest.fixture
def hub_desk(pg_url: str, event: Event, clock: FixedClock) -> Iterator[Desk]:
    db = open_database(pg_url, event, create=True)
    try:
        yield Desk(db, event, name="стойка-1", operator="anna", clock=clock)
    finally:
        db.dispose()


@pytest.fixture
def replica(tmp_path: Path, event: Event) -> Iterator[Database]:
    db = open_replica(tmp_path / "hubs" / "replica.sqlite3", event)
    try:
        yield db
    finally:
        db.dispose()


def contents(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every replicated table's rows, in key order, as comparable tuples."""
    found = {}
    with db.read_rows() as connection:
        for name, key in REPLICATED.items():
            table = Base.metadata.tables[name]
            rows = connection.execute(select(table).order_by(table.c[key])).all()
            found[name] = [tuple(row) for row in rows]
    return found


def test_the_first_pull_copies_the_event_and_the_staff_pin(
    hub_desk: Desk, replica: Database
) -> None:
    anna = registered(hub_desk, last="Аннина", first="Анна", phone="+79141234567")
    registered(hub_desk, "package_comfort", last="Борисов", first="Борис")
    check_in(hub_desk, anna.code)
    selfservice.set_pin(hub_desk.db, "583920")
    result = pull(hub_desk.db, replica)
    assert result.full
    assert contents(replica) == contents(hub_desk.db)
    assert selfservice.verify_pin(replica, "583920")
    offline = Desk(replica, hub_desk.event, name="стойка-1", operator="anna")
    assert [a.last_name for a in search(offline, "1234567")] == ["Аннина"]


def test_later_pulls_bring_only_what_changed_including_deletions(
    hub_desk: Desk, replica: Database
) -> None:
    people = [registered(hub_desk, last=f"Гость{n}", first="Иван") for n in range(30)]
    check_in(hub_desk, people[0].code)
    pull(hub_desk.db, replica)
    check_in(hub_desk, people[1].code)
    undo_check_in(hub_desk, people[0].code, DAY, "по ошибке")
    edit_attendee(hub_desk, people[2].code, {"company": "Маяк"})
    unpaid = registered(hub_desk, last="Должников", first="Олег", paid=False)
    pay(hub_desk, unpaid.code, PaymentMethod.CASH)
    result = pull(hub_desk.db, replica)
    assert not result.full
    assert result.rows < 12  # the few rows that changed, not the 30 people again
    assert contents(replica) == contents(hub_desk.db)
    again = pull(hub_desk.db, replica)
    assert contents(replica) == contents(hub_desk.db)
    assert again.rows <= result.rows


def test_a_transaction_open_during_a_pull_is_brought_by_the_next_one(
    hub_desk: Desk, replica: Database
) -> None:
    anna = registered(hub_desk, last="Аннина", first="Анна")
    pull(hub_desk.db, replica)
    with hub_desk.db.engine.connect() as slow:
        slow.execute(text("UPDATE attendees SET company = 'Позже' WHERE id = :id"), {"id": anna.id})
        pull(hub_desk.db, replica)  # the update is not committed yet: not seen
        slow.commit()
    registered(hub_desk, last="Борисов", first="Борис")  # a later transaction, pulled first
    pull(hub_desk.db, replica)
    assert contents(replica) == contents(hub_desk.db)


def test_the_replica_is_private_and_remembers_its_last_pull(
    hub_desk: Desk, replica: Database, tmp_path: Path
) -> None:
    assert last_pull(replica) is None
    registered(hub_desk, last="Аннина", first="Анна")
    result = pull(hub_desk.db, replica)
    noted = last_pull(replica)
    assert noted is not None and noted[1] == result.at
    if os.name == "posix":
        mode = stat.S_IMODE((tmp_path / "hubs" / "replica.sqlite3").stat().st_mode)
        assert mode == 0o600


def test_pulling_from_a_desk_file_is_refused(replica: Database, db: Database) -> None:
    with pytest.raises(NotAHub):
        pull(db, replica)


def test_a_pull_makes_the_hub_log_no_warning(hub_desk: Desk, replica: Database) -> None:
    """A desk pulls every few seconds: each pull that made the server warn («there is already
    a transaction in progress») filled the hub's postgres.log."""
    from sqlalchemy import event as sqlalchemy_event

    said: list[str] = []

    def hear(connection: Any, _record: Any) -> None:
        connection.add_notice_handler(lambda notice: said.append(notice.message_primary))

    hub_desk.db.engine.dispose()  # new connections, each with its ear
    sqlalchemy_event.listen(hub_desk.db.engine, "connect", hear)
    registered(hub_desk)
    pull(hub_desk.db, replica)
    check_in(hub_desk, registered(hub_desk).code)
    pull(hub_desk.db, replica)
    assert said == []
    assert contents(replica) == contents(hub_desk.db)


def stored(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every replicated table's rows as SQLite holds them (the text of times and JSON)."""
    with db.read_rows() as connection:
        return {
            name: connection.exec_driver_sql(f'SELECT * FROM "{name}" ORDER BY "{key}"').all()
            for name, key in REPLICATED.items()
        }


def schema(db: Database) -> list[tuple[Any, ...]]:
    with db.read_rows() as connection:
        return connection.exec_driver_sql(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).all()


def written_by_sqlalchemy(hub: Database, path: Path, event: Event) -> Database:
    """A replica with the hub's rows written by SQLAlchemy itself, row by row."""
    copy = open_replica(path, event)
    with hub.read_rows() as source, copy.write_rows() as target:
        target.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        for name in reversed(list(REPLICATED)):
            target.execute(delete(Base.metadata.tables[name]))
        for name in REPLICATED:
            table = Base.metadata.tables[name]
            rows = [dict(row) for row in source.execute(select(table)).mappings()]
            if rows:
                target.execute(insert(table), rows)
    return copy


def test_a_pull_stores_every_value_as_sqlalchemy_writes_it_and_rebuilds_the_indexes(
    hub_desk: Desk, replica: Database, event: Event, tmp_path: Path
) -> None:
    before = schema(replica)
    anna = registered(hub_desk, last="Аннина", first="Анна", phone="+79141234567")
    boris = registered(hub_desk, last="Борисов", first="Борис", paid=False)
    check_in(hub_desk, anna.code)
    pay(hub_desk, boris.code, PaymentMethod.CASH)
    with hub_desk.db.write() as session:  # odd values: a zone, microseconds, Cyrillic JSON
        person = session.get(Attendee, anna.id)
        assert person is not None
        person.extra = {"город": "Владивосток", "доля": 1.5, "список": [1, "два"]}
        person.consent_at = datetime(
            2026, 11, 27, 23, 59, 1, 250, tzinfo=timezone(timedelta(hours=10))
        )
    assert pull(hub_desk.db, replica).full
    oracle = written_by_sqlalchemy(hub_desk.db, tmp_path / "oracle.sqlite3", event)
    try:
        assert stored(replica) == stored(oracle)
        assert schema(replica) == before  # the indexes and triggers set aside are back
        with replica.write_rows() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
            connection.exec_driver_sql(  # the search index holds every row's text
                "INSERT INTO attendee_search(attendee_search, rank) VALUES ('integrity-check', 1)"
            )
        edit_attendee(hub_desk, boris.code, {"company": "Маяк"})
        check_in(hub_desk, boris.code)
        assert not pull(hub_desk.db, replica).full
        oracle.dispose()
        oracle = written_by_sqlalchemy(hub_desk.db, tmp_path / "oracle-2.sqlite3", event)
        assert stored(replica) == stored(oracle)
    finally:
        oracle.dispose()
    offline = Desk(replica, hub_desk.event, name="стойка-1", operator="anna")
    assert [a.last_name for a in search(offline, "Маяк")] == ["Борисов"]
