"""`kiosk hub start --from FILE`: an event that started at one desk moves onto the hub with
every row as it was — people, teams, shared contacts, check-ins and an undone one, payments,
an upgrade, badge prints, refused scans, a forgotten person and the audit — and moving it
again adds nothing; a desk file that is not the one moved, or changed since, is refused."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from kiosk.config import Event
from kiosk.db import Database, DatabaseError, open_database
from kiosk.hub.move import MOVED_KEY, ORDER, move_event
from kiosk.models import Attendee, BadgePrint, Base, CheckIn
from kiosk.services import privacy
from kiosk.services.checkin import check_in, undo_check_in
from kiosk.services.context import Desk
from kiosk.services.importing import import_file
from kiosk.services.printing import print_badges
from kiosk.services.registration import PersonInput
from tests.conftest import CONFERENCE_MORNING, FixedClock
from tests.core.factories import registered
from tests.core.morning import build_morning
from tests.hubs import (
    HubProcess,
    private_folder,
    run_desk,
    skip_without_postgres,
    start_hub_process,
)
from tests.importing import files

pytestmark = [pytest.mark.postgres]

HUB_ONLY = frozenset({"desks", "applied_actions", "change_log"})
"""Tables only a hub writes (a desk's file has them empty)."""
OWN_INFO = frozenset({"event_id", "event_name", MOVED_KEY})


def build_desk_event(path: Path, event: Event, scratch: Path) -> None:
    """A morning at one desk on its own SQLite file, with a bit of everything."""
    db = open_database(f"sqlite:///{path}", event, create=True)
    clock = FixedClock(CONFERENCE_MORNING)
    desk = Desk(db, event, name="desk-1", operator="anna", clock=clock)
    try:
        morning = build_morning(desk, clock)
        sample = scratch / "forms.csv"
        sample.write_bytes(files.SAMPLE_EXPORT.encode("cp1251"))
        import_file(desk, sample)  # a team of five with its unnamed seats
        import_file(desk, files.tilda_leads(scratch / "leads.csv"))  # two share a phone
        print_badges(desk, [morning.people["A"].code], printer=f"pdf:{scratch / 'badges'}")
        walked = registered(desk, "comfort", last="Ушедшая")
        check_in(desk, walked.code)
        undo_check_in(desk, walked.code, date(2026, 11, 28), "ошиблись человеком")
        privacy.forget(desk, morning.people["D"].code, "попросил удалить данные")
    finally:
        db.dispose()


def every_row(db: Database) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows in key order (the event's own keys left out: each database has its
    own)."""
    tables = {}
    with db.read_rows() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name in HUB_ONLY:
                continue
            ordered = select(table).order_by(*table.primary_key.columns)
            rows = [dict(r) for r in connection.execute(ordered).mappings()]
            if table.name == "event_info":
                rows = [r for r in rows if r["key"] not in OWN_INFO]
            tables[table.name] = rows
    return tables


@pytest.fixture(scope="module")
def desk_file(tmp_path_factory: pytest.TempPathFactory, event: Event) -> Path:
    folder = tmp_path_factory.mktemp("desk-event")
    path = folder / "desk.sqlite3"
    build_desk_event(path, event, folder)
    return path


@pytest.fixture(scope="module")
def moved_hub(desk_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    skip_without_postgres()
    data = private_folder("kiosk-test-moved-hub-")
    running = start_hub_process(data, tmp_path_factory.mktemp("hub-home"), "--from", str(desk_file))
    try:
        yield running
    finally:
        running.stop()
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture
def hub_db(moved_hub: HubProcess, event: Event) -> Iterator[Database]:
    """The hub's database as the hub itself reaches it."""
    db = open_database(moved_hub.url, event)
    yield db
    db.dispose()


def test_every_row_of_every_table_arrives_as_it_was(
    desk_file: Path, moved_hub: HubProcess, hub_db: Database, event: Event
) -> None:
    desk = open_database(str(desk_file), event)
    try:
        before = every_row(desk)
    finally:
        desk.dispose()
    after = every_row(hub_db)
    assert set(after) == set(before)
    for name in ORDER:
        assert after[name] == before[name], name
    assert moved_hub.moved == sum(len(rows) for rows in before.values())
    assert all(
        before[name] for name in ORDER if name not in ("badge_aliases", "offline_duplicates")
    )


def test_the_hub_remembers_what_it_took(hub_db: Database) -> None:
    with hub_db.read_rows() as connection:
        (value,) = connection.execute(
            select(Base.metadata.tables["event_info"].c.value).where(
                Base.metadata.tables["event_info"].c.key == MOVED_KEY
            )
        ).one()
    record = json.loads(value)
    assert record["file"] == "desk.sqlite3" and len(record["digest"]) == 64


def test_a_desk_on_the_hub_finds_the_moved_people_and_is_told_who_came_already(
    moved_hub: HubProcess, hub_db: Database, tmp_path: Path
) -> None:
    with hub_db.read_rows() as connection:
        (code,) = connection.execute(
            select(Base.metadata.tables["attendees"].c.badge_code).where(
                Base.metadata.tables["attendees"].c.last_name == "Алексеев"
            )
        ).one()
    found = run_desk(tmp_path, moved_hub.join, "search", "Алексеев", "--json")
    assert found.returncode == 0, found.stderr
    assert [r["code"] for r in json.loads(found.stdout)["results"]] == [code]
    again = run_desk(tmp_path, moved_hub.join, "checkin", code, "--at", "2026-11-28T11:00")
    assert again.returncode == 10 and "УЖЕ ОТМЕЧЕН" in again.stdout


def test_rows_made_on_the_hub_continue_after_the_moved_ones(
    moved_hub: HubProcess, hub_db: Database, tmp_path: Path
) -> None:
    with hub_db.read_rows() as connection:
        highest = connection.execute(select(func.max(BadgePrint.id))).scalar_one()
    printed = run_desk(
        tmp_path,
        moved_hub.join,
        "print",
        _code_of(hub_db, "Борисова"),
        "--printer",
        f"pdf:{tmp_path / 'badges'}",
    )
    assert printed.returncode == 0, printed.stdout + printed.stderr
    with hub_db.read_rows() as connection:
        assert connection.execute(select(func.max(BadgePrint.id))).scalar_one() == highest + 1


def count_checkins(url: str, event: Event) -> int:
    db = open_database(url, event)
    try:
        with db.read_rows() as connection:
            counted: int = connection.execute(
                select(func.count()).select_from(CheckIn)
            ).scalar_one()
            return counted
    finally:
        db.dispose()


def _code_of(db: Database, last_name: str) -> str:
    attendees = Base.metadata.tables["attendees"]
    with db.read_rows() as connection:
        code: str = connection.execute(
            select(attendees.c.badge_code).where(attendees.c.last_name == last_name)
        ).scalar_one()
    return code


def test_starting_the_hub_again_with_the_same_file_adds_nothing(
    desk_file: Path, hub_home: Path, event: Event
) -> None:
    skip_without_postgres()
    data = private_folder("kiosk-test-again-hub-")
    try:
        first = start_hub_process(data, hub_home, "--from", str(desk_file))
        assert first.moved > 0 and not first.already_moved
        assert first.stop() == 0
        second = start_hub_process(data, hub_home, "--from", str(desk_file))
        try:
            assert (second.moved, second.already_moved) == (0, True)
            assert count_checkins(second.url, event) == count_checkins(str(desk_file), event)
        finally:
            second.stop()
    finally:
        shutil.rmtree(data, ignore_errors=True)


# ---- moving into a database that is not new: on PostgreSQL, without a hub process ----------


@pytest.fixture
def copy_of_desk(desk_file: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "desk.sqlite3"
    shutil.copyfile(desk_file, copy)
    return copy


@pytest.fixture
def empty_hub(pg_url: str, event: Event) -> Iterator[Database]:
    db = open_database(pg_url, event, create=True)
    yield db
    db.dispose()


def test_moving_the_same_file_twice_adds_nothing_the_second_time(
    copy_of_desk: Path, empty_hub: Database, event: Event
) -> None:
    first = move_event(copy_of_desk, empty_hub, event)
    counted = {name: len(rows) for name, rows in every_row(empty_hub).items()}
    second = move_event(copy_of_desk, empty_hub, event)
    assert (first.rows > 0, second.rows, second.already) == (True, 0, True)
    assert {name: len(rows) for name, rows in every_row(empty_hub).items()} == counted


def test_a_desk_file_changed_since_the_move_is_refused_and_adds_nothing(
    copy_of_desk: Path, empty_hub: Database, event: Event
) -> None:
    move_event(copy_of_desk, empty_hub, event)
    counted = {name: len(rows) for name, rows in every_row(empty_hub).items()}
    desk_db = open_database(str(copy_of_desk), event)
    try:
        desk = Desk(desk_db, event, name="desk-1", clock=FixedClock(CONFERENCE_MORNING))
        registered(desk, "comfort", last="Опоздавший")  # the desk went on working on its file
    finally:
        desk_db.dispose()
    with pytest.raises(DatabaseError, match="уже перенесена база стойки"):
        move_event(copy_of_desk, empty_hub, event)
    assert {name: len(rows) for name, rows in every_row(empty_hub).items()} == counted


def test_a_desk_file_goes_only_into_a_hub_without_an_event(
    copy_of_desk: Path, empty_hub: Database, event: Event
) -> None:
    hub_desk = Desk(empty_hub, event, name="desk-2", clock=FixedClock(CONFERENCE_MORNING))
    registered(hub_desk, "comfort", last="Хабов")
    with pytest.raises(DatabaseError, match="только в новый хаб"):
        move_event(copy_of_desk, empty_hub, event)
    assert [r["last_name"] for r in every_row(empty_hub)["attendees"]] == ["Хабов"]


def test_a_desk_file_of_thousands_of_people_moves_whole(
    empty_hub: Database, event: Event, tmp_path: Path
) -> None:
    from bench import data

    path = tmp_path / "big.sqlite3"
    crowd = [
        PersonInput(last_name="Толпин", first_name="Иван", phone=f"+7914{n:07d}")
        for n in range(2_500)
    ]
    data.build(path, crowd, event).dispose()  # more rows than one INSERT may carry
    assert move_event(path, empty_hub, event).rows >= 2_500
    with empty_hub.read_rows() as connection:
        assert connection.execute(select(func.count()).select_from(Attendee)).scalar_one() == 2_500
