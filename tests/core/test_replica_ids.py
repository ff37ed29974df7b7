"""The desk's own rows in its replica (what it did offline, not yet on the hub) and the hub's
rows a pull brings: never one written over the other by id, a pull never failing on them,
and the desk's rows of what was sent gone even when the sending was cut short."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from kiosk.config import Event
from kiosk.db import Database, open_database
from kiosk.models import Attendee, CheckIn, Payment, PaymentMethod
from kiosk.offline import sync as sync_module
from kiosk.offline.replica import LOCAL_IDS, OWN_IDS, autoincrement_sql, open_replica, pull
from kiosk.offline.sync import queued, send, sync
from kiosk.services.checkin import check_in, pay, undo_check_in
from kiosk.services.context import Desk
from tests.conftest import CONFERENCE_MORNING, FixedClock
from tests.core.factories import registered
from tests.core.test_offline_walk_ins import walk_in
from tests.core.test_replica import contents, previous_format
from tests.offline_hub import hub, replica

__all__ = ["hub", "replica"]

pytestmark = [pytest.mark.postgres]


def offline(replica: Database, event: Event, minutes: int = 3) -> Desk:
    clock = FixedClock(CONFERENCE_MORNING + timedelta(minutes=minutes))
    return Desk(replica, event, name="стойка-2", operator="оля", clock=clock)


def check_ins(db: Database) -> list[tuple[str, str]]:
    """Who is checked in, and at which desk, by badge code."""
    with db.read_rows() as connection:
        rows = connection.execute(
            select(Attendee.badge_code, CheckIn.desk)
            .join(CheckIn, CheckIn.attendee_id == Attendee.id)
            .order_by(Attendee.badge_code)
        ).all()
    return [(code, desk) for code, desk in rows]


def payments(db: Database) -> list[tuple[Any, ...]]:
    with db.read_rows() as connection:
        rows = connection.execute(
            select(Attendee.badge_code, Payment.amount, Payment.desk)
            .join(Payment, Payment.attendee_id == Attendee.id)
            .order_by(Attendee.badge_code, Payment.desk)
        ).all()
    return [tuple(row) for row in rows]


def test_a_check_in_waiting_to_be_sent_is_not_written_over_by_another_persons_hub_row(
    hub: Desk, replica: Database, event: Event
) -> None:
    anna = registered(hub, last="Аннина", first="Анна")
    boris = registered(hub, last="Борисов", first="Борис")
    pull(hub.db, replica)
    check_in(offline(replica, event), anna.code)  # the desk's first check-in, not yet sent
    check_in(hub, boris.code)  # the hub's first check-in: the same number, another person
    pull(hub.db, replica)
    assert check_ins(replica) == sorted([(anna.code, "стойка-2"), (boris.code, "хаб")])
    assert [q.action.code for q in queued(replica, "desk-2")] == [anna.code]
    assert sync(hub, replica, "desk-2").sent == 1
    assert contents(replica) == contents(hub.db)


def test_the_desks_own_rows_take_ids_the_hub_never_gives(
    hub: Desk, replica: Database, event: Event
) -> None:
    anna = registered(hub, last="Аннина", first="Анна", paid=False)
    pull(hub.db, replica)
    desk = offline(replica, event)
    pay(desk, anna.code, PaymentMethod.CASH)
    check_in(desk, anna.code)
    with replica.read_rows() as connection:
        ids = [
            *connection.execute(select(CheckIn.id)).scalars(),
            *connection.execute(select(Payment.id)).scalars(),
        ]
    assert len(ids) == 2 and all(i >= LOCAL_IDS > 2**31 - 1 for i in ids)


def test_a_pull_bringing_the_hubs_check_in_of_someone_the_desk_admitted_offline_succeeds(
    hub: Desk, replica: Database, event: Event
) -> None:
    anna = registered(hub, last="Аннина", first="Анна")
    boris = registered(hub, last="Борисов", first="Борис")
    check_in(hub, boris.code)
    undo_check_in(hub, boris.code, hub.today(), "ошибка")  # the hub's numbers now run ahead
    pull(hub.db, replica)
    check_in(offline(replica, event), anna.code)
    check_in(hub, anna.code)  # another desk let her in on the hub meanwhile, earlier
    pull(hub.db, replica)  # the hub's admission is the one the desk shows now
    assert check_ins(replica) == [(anna.code, "хаб")]
    assert [q.action.code for q in queued(replica, "desk-2")] == [anna.code]
    result = sync(hub, replica, "desk-2")  # the desk's becomes an offline duplicate
    assert (result.sent, result.conflicts) == (1, 1)
    assert contents(replica) == contents(hub.db)


def test_the_desks_rows_of_what_was_sent_go_though_the_sending_was_cut_before_replacing_them(
    hub: Desk, replica: Database, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = registered(hub, last="Аннина", first="Анна", paid=False)
    pull(hub.db, replica)
    desk = offline(replica, event)
    pay(desk, anna.code, PaymentMethod.CASH)
    check_in(desk, anna.code)

    def cut(*_args: object) -> None:
        raise ConnectionError("the hub was lost after the batch was marked sent")

    monkeypatch.setattr(sync_module, "_take_hub_rows", cut)
    with pytest.raises(ConnectionError):
        send(hub, replica, "desk-2")
    monkeypatch.undo()
    assert queued(replica, "desk-2") == []
    pull(hub.db, replica)  # no second payment, no second check-in: the hub's alone
    assert payments(replica) == payments(hub.db) == [(anna.code, anna.price, "стойка-2")]
    assert contents(replica) == contents(hub.db)


def test_a_send_with_nothing_left_still_clears_the_rows_of_what_was_sent(
    hub: Desk, replica: Database, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = registered(hub, last="Аннина", first="Анна", paid=False)
    pull(hub.db, replica)
    pay(offline(replica, event), anna.code, PaymentMethod.CASH)
    monkeypatch.setattr(sync_module, "_take_hub_rows", lambda *_args: None)  # cut short
    send(hub, replica, "desk-2")
    monkeypatch.undo()
    assert send(hub, replica, "desk-2").sent == 0
    assert contents(replica) == contents(hub.db)


def test_a_replica_of_the_previous_version_keeps_its_rows_and_gives_the_new_ones_own_ids(
    hub: Desk, tmp_path: Path, event: Event
) -> None:
    anna = registered(hub, last="Аннина", first="Анна")
    boris = registered(hub, last="Борисов", first="Борис")
    path = tmp_path / "old" / "replica.sqlite3"
    old = open_replica(path, event)
    pull(hub.db, old)
    old.dispose()
    previous_format(path, event)
    upgraded = open_replica(path, event)
    try:
        pull(hub.db, upgraded)
        assert contents(upgraded) == contents(hub.db)
        check_in(offline(upgraded, event), anna.code)
        check_in(hub, boris.code)
        pull(hub.db, upgraded)
        assert check_ins(upgraded) == sorted([(anna.code, "стойка-2"), (boris.code, "хаб")])
        sync(hub, upgraded, "desk-2")
        assert contents(upgraded) == contents(hub.db)
    finally:
        upgraded.dispose()


def test_a_walk_in_made_offline_is_not_written_over_by_someone_the_hub_registered_meanwhile(
    hub: Desk, replica: Database, event: Event
) -> None:
    registered(hub, last="Аннина", first="Анна")
    pull(hub.db, replica)
    code = walk_in(offline(replica, event), "Смирнова", "Елена")  # the desk's second person
    boris = registered(hub, last="Борисов", first="Борис")  # the hub's second person
    pull(hub.db, replica)
    with replica.read_rows() as connection:
        codes = set(connection.execute(select(Attendee.badge_code)).scalars())
    assert {code, boris.code} <= codes
    assert check_ins(replica) == [(code, "стойка-2")]
    sync(hub, replica, "desk-2")
    assert contents(replica) == contents(hub.db)


def test_the_hub_cannot_give_an_id_the_replica_gives_its_own_rows(hub: Desk) -> None:
    with hub.db.read_rows() as connection:
        types = dict(
            connection.execute(
                text(
                    "SELECT table_name, data_type FROM information_schema.columns "
                    "WHERE column_name = 'id' AND table_name = ANY(:names)"
                ),
                {"names": list(OWN_IDS)},
            ).all()
        )
    assert types == dict.fromkeys(OWN_IDS, "integer")  # at most 2**31 - 1 < LOCAL_IDS


def test_a_table_of_an_unexpected_shape_is_not_made_again_otherwise() -> None:
    made = autoincrement_sql(
        'CREATE TABLE "checkins" (\n\tid INTEGER NOT NULL, \n\tday DATE, \n\tPRIMARY KEY (id)\n)',
        "checkins_own_ids",
    )
    assert made == (
        'CREATE TABLE "checkins_own_ids" (\n\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, '
        "\n\tday DATE\n)"
    )
    with pytest.raises(ValueError, match="unexpected schema"):
        autoincrement_sql("CREATE TABLE checkins (code TEXT PRIMARY KEY, id INTEGER)", "x")


def numbered_after_the_hubs(path: Path) -> None:
    """The replica at `path` as the version before this one made it: its tables without
    AUTOINCREMENT, so a row it makes takes the id after the highest."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("BEGIN")
        for name in OWN_IDS:
            (sql,) = connection.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
            ).fetchone()
            attached = connection.execute(
                "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', "
                "'trigger') AND sql IS NOT NULL",
                (name,),
            ).fetchall()
            plain = sql.replace(" PRIMARY KEY AUTOINCREMENT,", ",")
            plain = plain[: plain.rindex(")")] + ", \n\tPRIMARY KEY (id)\n)"
            plain = plain.replace(f'CREATE TABLE "{name}"', 'CREATE TABLE "old"', 1)
            connection.execute(plain)
            connection.execute(f'INSERT INTO "old" SELECT * FROM "{name}"')
            connection.execute(f'DROP TABLE "{name}"')
            connection.execute(f'ALTER TABLE "old" RENAME TO "{name}"')
            for (again,) in attached:
                connection.execute(again)
        connection.execute("DELETE FROM sqlite_sequence")
        connection.execute("COMMIT")
    finally:
        connection.close()


def test_rows_an_earlier_version_made_offline_and_has_not_sent_get_ids_of_their_own(
    hub: Desk, tmp_path: Path, event: Event
) -> None:
    anna = registered(hub, last="Аннина", first="Анна", paid=False)
    boris = registered(hub, last="Борисов", first="Борис", paid=False)
    path = tmp_path / "old" / "replica.sqlite3"
    made = open_replica(path, event)
    pull(hub.db, made)
    made.dispose()
    numbered_after_the_hubs(path)
    earlier = open_database(f"sqlite:///{path}", event)  # as the earlier version opened it
    desk = offline(earlier, event)
    pay(desk, anna.code, PaymentMethod.CASH)
    check_in(desk, anna.code)
    with earlier.read_rows() as connection:
        assert connection.execute(select(CheckIn.id)).scalars().all() == [1]
    earlier.dispose()
    pay(hub, boris.code, PaymentMethod.CARD)  # the hub's first payment and check-in
    check_in(hub, boris.code)
    upgraded = open_replica(path, event)
    try:
        pull(hub.db, upgraded)
        assert check_ins(upgraded) == sorted([(anna.code, "стойка-2"), (boris.code, "хаб")])
        assert payments(upgraded) == sorted(
            [(anna.code, anna.price, "стойка-2"), (boris.code, boris.price, "хаб")]
        )
        assert len(queued(upgraded, "desk-2")) == 2
        sync(hub, upgraded, "desk-2")
        assert contents(upgraded) == contents(hub.db)
    finally:
        upgraded.dispose()


def test_a_check_in_queued_while_a_sending_runs_keeps_its_row_until_it_is_sent(
    hub: Desk, replica: Database, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = registered(hub, last="Аннина", first="Анна", paid=False)
    pull(hub.db, replica)
    desk = offline(replica, event)
    pay(desk, anna.code, PaymentMethod.CASH)
    sending = sync_module.replay_all

    def meanwhile(*args: Any) -> Any:
        answers = sending(*args)
        check_in(desk, anna.code)  # the operator goes on working offline during the sync
        return answers

    monkeypatch.setattr(sync_module, "replay_all", meanwhile)
    assert send(hub, replica, "desk-2").sent == 1
    monkeypatch.undo()
    assert check_ins(replica) == [(anna.code, "стойка-2")]
    assert [q.kind for q in queued(replica, "desk-2")] == ["check_in"]
    pull(hub.db, replica)  # the hub's payment for the desk's; the check-in still the desk's
    assert check_ins(replica) == [(anna.code, "стойка-2")]
    assert payments(replica) == payments(hub.db)
    sync(hub, replica, "desk-2")
    assert contents(replica) == contents(hub.db)
