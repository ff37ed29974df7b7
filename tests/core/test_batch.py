"""A paper list entered afterwards: each code recorded once, as entered afterwards, with the
reason in its audit entry and every outcome reported."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kiosk.db import Database
from kiosk.models import AuditEntry, CheckIn, RefusedScan
from kiosk.rules import Outcome
from kiosk.services.batch import CodeLine, check_in_batch, parse_codes, read_codes
from kiosk.services.checkin import check_in
from kiosk.services.context import Desk
from kiosk.services.errors import ValidationError
from tests.conftest import FixedClock
from tests.core.factories import registered

CONFERENCE = date(2026, 11, 28)
TRAINING = date(2026, 11, 27)
EVENING = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)  # 19:00 on the conference day


def lines(*codes: str) -> list[CodeLine]:
    return [CodeLine(n, c) for n, c in enumerate(codes, start=1)]


@pytest.fixture
def evening(clock: FixedClock) -> FixedClock:
    clock.now = EVENING
    return clock


def test_codes_of_a_paper_list_are_recorded_as_entered_afterwards_without_a_time(
    desk: Desk, evening: FixedClock
) -> None:
    anna, boris = registered(desk, last="Анина"), registered(desk, last="Борисов")
    result = check_in_batch(
        desk, lines(anna.code, boris.code), day=CONFERENCE, reason="ноутбуки упали"
    )
    assert [line.result.status for line in result.lines] == [Outcome.CHECKED_IN] * 2
    assert result.recorded == 2 and result.complete
    with desk.db.read() as session:
        rows = session.scalars(select(CheckIn)).all()
    assert {(r.day, r.checked_in_at, r.entered_afterwards) for r in rows} == {
        (CONFERENCE, None, True)
    }
    assert {r.recorded_at for r in rows} == {EVENING}


def test_on_the_same_day_without_a_time_no_arrival_time_is_made_up(desk: Desk) -> None:
    anna = registered(desk)
    result = check_in_batch(desk, lines(anna.code), day=CONFERENCE, reason="список с бумаги")
    [line] = result.lines
    assert line.result.checked_in_at is None
    assert line.result.entered_afterwards


def test_a_given_time_is_the_arrival_time_at_the_venue(desk: Desk, evening: FixedClock) -> None:
    anna = registered(desk)
    check_in_batch(
        desk, lines(anna.code), day=CONFERENCE, reason="бумажный список", arrived=time(9, 40)
    )
    with desk.db.read() as session:
        row = session.scalars(select(CheckIn)).one()
    assert row.checked_in_at == datetime(2026, 11, 27, 23, 40, tzinfo=UTC)
    assert row.entered_afterwards


def test_the_reason_reaches_the_audit_entry_of_every_check_in(
    desk: Desk, evening: FixedClock
) -> None:
    people = [registered(desk, last=name) for name in ("Анина", "Борисов", "Власов")]
    check_in_batch(
        desk, lines(*(p.code for p in people)), day=CONFERENCE, reason="стойка 2 без света"
    )
    with desk.db.read() as session:
        entries = session.execute(
            select(AuditEntry.attendee_id, AuditEntry.reason).where(AuditEntry.action == "check_in")
        ).all()
    assert sorted(entries) == sorted((p.id, "стойка 2 без света") for p in people)


def test_nothing_is_counted_twice_and_people_already_in_are_no_refusal(
    desk: Desk, evening: FixedClock
) -> None:
    anna, boris = registered(desk, last="Анина"), registered(desk, last="Борисов")
    check_in(desk, anna.code, at=datetime(2026, 11, 27, 23, 5, tzinfo=UTC))
    result = check_in_batch(
        desk, lines(anna.code, boris.code, boris.code), day=CONFERENCE, reason="сверка"
    )
    assert [line.result.status for line in result.lines] == [
        Outcome.ALREADY_CHECKED_IN,
        Outcome.CHECKED_IN,
        Outcome.ALREADY_CHECKED_IN,
    ]
    assert (result.recorded, result.already, result.refused) == (1, 2, 0)
    assert result.complete
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(CheckIn)) == 2
        assert session.scalar(select(func.count()).select_from(RefusedScan)) == 0
    # The scan at the door keeps its own time.
    assert result.lines[0].result.first_checked_in_at == datetime(2026, 11, 27, 23, 5, tzinfo=UTC)


def test_refused_lines_are_reported_but_are_no_refusals_at_the_door_even_entered_twice(
    desk: Desk, evening: FixedClock
) -> None:
    unpaid = registered(desk, paid=False)
    result = check_in_batch(
        desk, lines(unpaid.code, "NOPE-NOPE-NOPE"), day=CONFERENCE, reason="бумага"
    )
    assert [line.result.status for line in result.lines] == [
        Outcome.UNPAID,
        Outcome.UNKNOWN_CODE,
    ]
    assert not result.complete and result.refused == 2
    again = check_in_batch(
        desk, lines(unpaid.code, "NOPE-NOPE-NOPE"), day=CONFERENCE, reason="бумага"
    )
    assert again.refused == 2
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(RefusedScan)) == 0


def test_a_reason_is_required(desk: Desk) -> None:
    anna = registered(desk)
    with pytest.raises(ValidationError) as raised:
        check_in_batch(desk, lines(anna.code), day=CONFERENCE, reason="  \n ")
    assert raised.value.field == "reason"


def test_a_day_not_yet_come_or_not_of_the_event_is_refused(desk: Desk) -> None:
    anna = registered(desk)
    for day in (date(2026, 11, 29), date(2026, 11, 20)):
        with pytest.raises(ValidationError) as raised:
            check_in_batch(desk, lines(anna.code), day=day, reason="бумага")
        assert raised.value.field == "day"


def test_an_arrival_time_still_ahead_is_refused(desk: Desk) -> None:
    anna = registered(desk)  # the clock says 09:05
    with pytest.raises(ValidationError) as raised:
        check_in_batch(desk, lines(anna.code), day=CONFERENCE, reason="б", arrived=time(11, 0))
    assert raised.value.field == "time"


def test_a_list_skips_empty_lines_and_comments_and_keeps_line_numbers() -> None:
    codes = parse_codes("# стойка 2\n7KQ2-M9XD-H3TR\n\n  m9xd h3tr 7kq2  \n")
    assert codes == [CodeLine(2, "7KQ2-M9XD-H3TR"), CodeLine(4, "m9xd h3tr 7kq2")]


def test_a_list_file_in_windows_1251_is_read(tmp_path: Path) -> None:
    # A scanner typing with the Russian layout, saved by Notepad in the ANSI code page.
    path = tmp_path / "список.txt"
    path.write_bytes("7ЛЙ2-Ь9ЧВ-Р3ЕК\r\n".encode("cp1251"))
    assert read_codes(path) == [CodeLine(1, "7ЛЙ2-Ь9ЧВ-Р3ЕК")]


def test_a_missing_list_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as raised:
        read_codes(tmp_path / "нет.txt")
    assert raised.value.field == "file"


def test_the_desks_own_database_given_as_a_list_of_codes_is_refused_unopened(
    db: Database, tmp_path: Path
) -> None:
    # Read as codes (94 «codes» of binary junk), the desk's -shm lost SQLite's lock on it, and
    # the desk died of a bus error once another process opened the database.
    from tests.sqlite_locks import database_lock_held, shm_lock_held

    database = Path(db.engine.url.database or "")
    with db.read_rows() as connection:
        connection.exec_driver_sql("SELECT count(*) FROM attendees").scalar()
        link = tmp_path / "codes.txt"
        link.symlink_to(database.with_name(database.name + "-shm"))
        for chosen in (Path(f"{database}-shm"), database, link):
            with pytest.raises(ValidationError, match="файл базы данных стойки"):
                read_codes(chosen)
        assert shm_lock_held(database) and database_lock_held(database)
