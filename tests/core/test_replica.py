"""A desk's replica of the hub: the first pull copies everything, later ones only what changed,
and a transaction still open at a pull is not missed by the next one."""

from __future__ import annotations

import os
import stat
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, delete, func, insert, select, text

from kiosk.config import Event
from kiosk.db import Database, open_database
from kiosk.models import Attendee, Base, CheckIn, OfflineDuplicate, PaymentMethod
from kiosk.offline.replica import (
    FORMAT,
    REPLICATED,
    NotAHub,
    last_pull,
    open_replica,
    pull,
    replica_format,
)
from kiosk.offline.sync import queued, sync
from kiosk.reports.model import Decisions
from kiosk.rules import Outcome
from kiosk.services import refunds, selfservice
from kiosk.services.checkin import check_in, pay, undo_check_in
from kiosk.services.context import Desk
from kiosk.services.duplicates import mark_reviewed, person_offline_duplicates
from kiosk.services.lookup import search
from kiosk.services.registration import edit_attendee
from kiosk.services.replay_actions import OfflinePayment, replay_payment
from kiosk.services.summary import day_summary
from tests.conftest import CONFERENCE_MORNING, FixedClock
from tests.core.factories import registered
from tests.core.test_duplicates import CONFERENCE, TRAINING, admitted, twice_on_both_days

pytestmark = [pytest.mark.postgres]

DAY = date(2026, 11, 28)
MORNING = CONFERENCE_MORNING


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


# ---- offline duplicates and double payments ---------------------------------------------------


def decisions_of(db: Database, event: Event) -> Decisions:
    """What the summary asks the organiser to decide, read from `db`."""
    return day_summary(Desk(db, event, name="стойка-1"), DAY).decisions


def test_offline_duplicates_and_their_review_are_pulled_as_they_change(
    hub_desk: Desk, replica: Database, clock: FixedClock
) -> None:
    people = [registered(hub_desk, last=f"Гость{n}", first="Иван") for n in range(30)]
    anna = twice_on_both_days(hub_desk)
    assert pull(hub_desk.db, replica).full
    assert decisions_of(replica, hub_desk.event) == decisions_of(hub_desk.db, hub_desk.event)
    assert len(decisions_of(replica, hub_desk.event).offline_duplicates) == 2

    clock.now += timedelta(hours=1)
    mark_reviewed(hub_desk, anna.code, CONFERENCE)
    boris = registered(hub_desk, last="Борисов", first="Борис")
    admitted(hub_desk, boris, CONFERENCE, ("ст-1", 4), ("ст-3", 1))  # ст-1's set aside
    reviewed = pull(hub_desk.db, replica)
    assert not reviewed.full
    assert reviewed.rows < 10  # the duplicates that changed and Boris, not the 30 people
    on_replica = decisions_of(replica, hub_desk.event)
    assert on_replica == decisions_of(hub_desk.db, hub_desk.event)
    assert [(g.person.code, g.day) for g in on_replica.offline_duplicates] == [
        (anna.code, TRAINING),
        (boris.code, CONFERENCE),
    ]
    (apart,) = on_replica.offline_duplicates_reviewed
    assert (apart.person.code, apart.reviewed_at, apart.reviewed_desk) == (
        anna.code,
        clock.now,
        "стойка-1",
    )
    offline = Desk(replica, hub_desk.event, name="стойка-1")
    assert person_offline_duplicates(offline, anna.id) == person_offline_duplicates(
        hub_desk, anna.id
    )

    with hub_desk.db.write() as session:  # taken back on the hub (an offline undo does so)
        session.execute(delete(OfflineDuplicate).where(OfflineDuplicate.attendee_id == boris.id))
    pull(hub_desk.db, replica)
    assert contents(replica) == contents(hub_desk.db)
    assert [g.person.code for g in decisions_of(replica, hub_desk.event).offline_duplicates] == [
        anna.code
    ]
    assert people  # they were there all along, pulled once


def test_payments_flagged_as_paid_twice_and_their_refunds_are_pulled(
    hub_desk: Desk, replica: Database, clock: FixedClock
) -> None:
    boris = registered(hub_desk, last="Борисов", first="Борис", paid=False)
    pull(hub_desk.db, replica)
    for at_desk, minutes, method in (("ст-1", 2, "card"), ("ст-2", 5, "cash")):
        at = clock() + timedelta(minutes=minutes)
        replay_payment(
            hub_desk,
            OfflinePayment(uuid.uuid4().hex, boris.code, 10000, method, DAY, at, at_desk, "оля"),
        )
    pull(hub_desk.db, replica)
    (double,) = decisions_of(replica, hub_desk.event).double_payments
    assert (double.person.code, double.desk, double.refunded_at) == (boris.code, "ст-2", None)
    clock.now += timedelta(hours=1)
    refunds.mark_refunded(hub_desk, boris.code)
    pull(hub_desk.db, replica)
    on_replica = decisions_of(replica, hub_desk.event)
    assert on_replica == decisions_of(hub_desk.db, hub_desk.event)
    assert on_replica.double_payments == ()
    assert [(d.desk, d.refunded_at) for d in on_replica.refunds_given] == [("ст-2", clock.now)]


def previous_format(path: Path, event: Event) -> None:
    """The replica at `path` as the version before format 2 left it: its schema at migration
    0013, no offline duplicates, and a cursor without the format column."""
    from kiosk.db import make_engine

    engine = make_engine(f"sqlite:///{path}")
    try:
        downgrade(engine, "0013")
        with engine.begin() as connection:
            assert connection.exec_driver_sql("SELECT * FROM alembic_version").all() == [("0013",)]
            connection.exec_driver_sql("DELETE FROM offline_duplicates")
            connection.exec_driver_sql("ALTER TABLE replica_cursor DROP COLUMN format")
    finally:
        engine.dispose()


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    from kiosk.db import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_a_replica_of_the_previous_format_pulls_the_duplicates_set_aside_before_once(
    hub_desk: Desk, tmp_path: Path, event: Event
) -> None:
    people = [registered(hub_desk, last=f"Гость{n}", first="Иван") for n in range(30)]
    anna = twice_on_both_days(hub_desk)
    path = tmp_path / "old" / "replica.sqlite3"
    old = open_replica(path, event)
    pull(hub_desk.db, old)
    # Offline, this desk let someone in: queued, its row the desk's own.
    waiting = Desk(old, event, name="стойка-1", operator="оля", clock=FixedClock(MORNING))
    assert check_in(waiting, people[0].code).status is Outcome.CHECKED_IN
    old.dispose()
    previous_format(path, event)

    upgraded = open_replica(path, event)
    try:
        assert replica_format(upgraded) == 1
        assert decisions_of(upgraded, event).offline_duplicates == ()
        result = pull(hub_desk.db, upgraded)
        assert not result.full and result.rows == 3  # the duplicates alone
        assert replica_format(upgraded) == FORMAT
        assert decisions_of(upgraded, event) == decisions_of(hub_desk.db, event)
        assert [g.person.code for g in decisions_of(upgraded, event).offline_duplicates] == [
            anna.code,
            anna.code,
        ]
        # What the desk did and has not sent is still there, and still queued.
        assert [q.action.code for q in queued(upgraded, "desk-1")] == [people[0].code]
        assert check_ins_by_desk(upgraded) == {"стойка-1": 1, "ст-1": 2}
        assert pull(hub_desk.db, upgraded).rows == 0  # upgraded once: incremental again
        sync(hub_desk, upgraded, "desk-1")
        assert contents(upgraded) == contents(hub_desk.db)
    finally:
        upgraded.dispose()


def check_ins_by_desk(db: Database) -> dict[str, int]:
    with db.read_rows() as connection:
        rows = connection.execute(select(CheckIn.desk, func.count()).group_by(CheckIn.desk)).all()
    return {desk: number for desk, number in rows}


def triggers_on(db: Database, table: str) -> list[str]:
    with db.read_rows() as connection:
        return list(
            connection.execute(
                text(
                    "SELECT tgname FROM pg_trigger WHERE tgrelid = CAST(:t AS regclass) "
                    "AND NOT tgisinternal ORDER BY tgname"
                ),
                {"t": table},
            ).scalars()
        )


def test_the_hub_logs_offline_duplicates_from_migration_0014_and_the_downgrade_takes_it_back(
    hub_desk: Desk,
) -> None:
    from kiosk.db import upgrade_schema

    logged = ["kiosk_log_offline_duplicates", "kiosk_notify_offline_duplicates"]
    assert triggers_on(hub_desk.db, "offline_duplicates") == logged
    downgrade(hub_desk.db.engine, "0013")
    assert triggers_on(hub_desk.db, "offline_duplicates") == []
    assert triggers_on(hub_desk.db, "checkins") == ["kiosk_log_checkins", "kiosk_notify_checkins"]
    upgrade_schema(hub_desk.db.engine)
    assert triggers_on(hub_desk.db, "offline_duplicates") == logged
