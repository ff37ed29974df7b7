"""An import on SQLite writes its new people in short steps that nobody sees until its last,
short transaction shows them all at once (kiosk.services.staging); an import that dies in its
steps is undone, by the next import or by any desk."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, aliased

from kiosk.models import Attendee, CheckIn, RegistrationGroup
from kiosk.services import importing, lookup, staging, stats
from kiosk.services.checkin import Outcome, check_in
from kiosk.services.context import Desk
from kiosk.services.importing import import_file
from tests.core.factories import registered
from tests.importing.test_import import SAMPLE_ROWS, write_csv

HEADER = ["Фамилия", "Имя", "Телефон", "E-mail", "Тариф"]
PEOPLE = [[f"Сидоров{n}", "Олег", f"+7914700{n:04d}", "", "Комфорт"] for n in range(60)]


def rows_file(tmp_path: Path, rows: list[list[str]]) -> Path:
    return write_csv(tmp_path / "leads.csv", [HEADER, *rows])


def found(desk: Desk, query: str) -> list[str]:
    return [view.last_name for view in lookup.search(desk, query)]


def raw(desk: Desk, sql: str) -> int:
    """A count by plain SQL, which sees the table as it is (marked rows too)."""
    with desk.db.read_rows() as connection:
        return int(connection.exec_driver_sql(sql).scalar() or 0)


def seen(desk: Desk) -> int:
    with desk.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Attendee)) or 0)


@pytest.fixture
def after_the_steps(monkeypatch: pytest.MonkeyPatch) -> Callable[[Callable[[], None]], None]:
    """Run `action` once the import has written its people in steps, before its last
    transaction (on its first attempt only)."""

    def arrange(action: Callable[[], None]) -> None:
        original = staging.Batch.write_people
        done: list[bool] = []

        def write_people(self: staging.Batch, *args: object) -> list[int]:
            ids = original(self, *args)  # type: ignore[arg-type]
            if not done:
                done.append(True)
                action()
            return ids

        monkeypatch.setattr(staging.Batch, "write_people", write_people)

    return arrange


def test_the_people_an_import_is_writing_are_seen_by_nobody_until_its_end(
    desk: Desk, tmp_path: Path, after_the_steps: Callable[[Callable[[], None]], None]
) -> None:
    anna = registered(desk, last="Аннина", first="Анна")
    during: dict[str, object] = {}

    def look() -> None:
        during["written"] = raw(desk, "SELECT count(*) FROM attendees")
        during["marked"] = raw(desk, "SELECT count(*) FROM attendees WHERE import_batch > 0")
        during["seen"] = seen(desk)
        during["by surname"] = found(desk, "Сидоров")
        during["by phone part"] = found(desk, "7000017")
        during["stats"] = stats.stats(desk).attendees
        marked_id = raw(desk, "SELECT min(id) FROM attendees WHERE import_batch > 0")
        with desk.db.read() as session:
            during["by id"] = session.get(Attendee, marked_id)
            other = aliased(Attendee)
            during["joined"] = session.scalar(
                select(func.count()).select_from(Attendee).join(other, other.id == Attendee.id)
            )
        # A check-in at a desk goes on meanwhile, the import not holding the write lock.
        during["check-in"] = check_in(desk, anna.code).status

    after_the_steps(look)
    report = import_file(desk, rows_file(tmp_path, PEOPLE))
    assert during == {
        "written": 61,
        "marked": 60,
        "seen": 1,
        "by surname": [],
        "by phone part": [],
        "stats": 1,
        "by id": None,
        "joined": 1,
        "check-in": Outcome.CHECKED_IN,
    }
    assert report.added == 60
    assert seen(desk) == 61
    assert raw(desk, "SELECT count(*) FROM attendees WHERE import_batch IS NOT NULL") == 0
    assert found(desk, "7000017") == ["Сидоров17"]  # their search text came with them
    assert lookup.unindexed_count(desk) == 0


def test_the_last_transaction_writes_no_person_it_shows_them(desk: Desk, tmp_path: Path) -> None:
    # What other desks wait for is only that transaction; the people went in before it.
    sent: list[str] = []

    def remember(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        sent.append(" ".join(statement.split()))

    event.listen(desk.db.engine, "before_cursor_execute", remember)
    try:
        import_file(desk, rows_file(tmp_path, PEOPLE))
    finally:
        event.remove(desk.db.engine, "before_cursor_execute", remember)
    assert not [s for s in sent if s.startswith("INSERT INTO attendees")]
    assert "UPDATE attendees SET import_batch = NULL WHERE import_batch = ?" in sent
    assert [s for s in sent if s.startswith("INSERT INTO audit_log")]  # the log, in it


def test_a_re_import_writes_only_the_people_it_changes(desk: Desk, tmp_path: Path) -> None:
    # Every person the file named went into the last transaction, and was compared there:
    # 2.2 s of other desks' wait for a re-import of 25 000 rows, 0.5 s without.
    import_file(desk, rows_file(tmp_path, PEOPLE))
    changed = [list(row) for row in PEOPLE]
    changed[7][3] = "sidorov7@example.ru"
    sent: list[str] = []
    held: list[int] = []

    def remember(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        sent.append(" ".join(statement.split()))

    def flushed(session: Session, *_args: object) -> None:
        held.append(len(session.identity_map))

    event.listen(desk.db.engine, "before_cursor_execute", remember)
    event.listen(Session, "before_flush", flushed)
    try:
        report = import_file(desk, rows_file(tmp_path, changed))
    finally:
        event.remove(desk.db.engine, "before_cursor_execute", remember)
        event.remove(Session, "before_flush", flushed)
    assert (report.updated, report.unchanged) == (1, 59)
    assert len([s for s in sent if s.startswith("UPDATE attendees SET")]) == 1
    assert held == [1]  # the last transaction holds the one person it changes
    assert found(desk, "sidorov7") == ["Сидоров7"]


def test_a_walk_in_registered_during_the_steps_is_not_added_twice(
    desk: Desk, tmp_path: Path, after_the_steps: Callable[[Callable[[], None]], None]
) -> None:
    after_the_steps(
        lambda: registered(desk, last="Сидоров5", first="Олег", phone="+7 914 700-00-05")
    )
    report = import_file(desk, rows_file(tmp_path, PEOPLE))
    assert report.added == 59  # planned again: the walk-in is the file's person
    assert seen(desk) == 60
    assert raw(desk, "SELECT count(*) FROM attendees") == 60  # the first attempt's taken away
    assert raw(desk, "SELECT count(*) FROM attendees WHERE phone = '+79147000005'") == 1


def test_an_import_that_fails_in_its_steps_leaves_nothing(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = staging.Batch.write_people

    def failing(self: staging.Batch, *args: object) -> list[int]:
        original(self, *args)  # type: ignore[arg-type]
        raise OSError("disk full")

    monkeypatch.setattr(staging.Batch, "write_people", failing)
    with pytest.raises(OSError):
        import_file(desk, rows_file(tmp_path, PEOPLE))
    assert raw(desk, "SELECT count(*) FROM attendees") == 0
    assert not list(tmp_path.glob("desk.sqlite3-import-*"))  # its claim let go of


def test_the_batch_of_an_import_still_writing_is_left_alone(
    desk: Desk, tmp_path: Path, after_the_steps: Callable[[Callable[[], None]], None]
) -> None:
    # Its process lives and holds its claim: no desk takes its people away meanwhile.
    during: list[object] = []

    def look() -> None:
        during.extend([staging.abandoned_batches(desk), staging.unfinished(desk)])
        during.append(staging.finish_unfinished(desk))
        during.append(raw(desk, "SELECT count(*) FROM attendees WHERE import_batch > 0"))

    after_the_steps(look)
    assert import_file(desk, rows_file(tmp_path, PEOPLE)).added == 60
    assert during == [[], 0, 0, 60]
    assert seen(desk) == 60


KILLED_IMPORT = """
import os, signal, sys
from kiosk.config import load_event
from kiosk.db import open_database
from kiosk.services import staging
from kiosk.services.context import Desk
from kiosk.services.importing import import_file

original = staging.Batch.write_people

def write_people(self, *args):
    original(self, *args)
    os.kill(os.getpid(), signal.SIGKILL)  # between its steps and its last transaction

staging.Batch.write_people = write_people
event = load_event()
import_file(Desk(open_database(sys.argv[1], event), event, name="import"), sys.argv[2])
"""


def killed_import(db_url: str, source: Path) -> None:
    process = subprocess.run(
        [sys.executable, "-c", KILLED_IMPORT, db_url, str(source)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    assert process.returncode == -signal.SIGKILL, process.stderr


def test_an_import_killed_in_its_steps_is_undone_by_the_next_import(
    desk: Desk, db_url: str, tmp_path: Path
) -> None:
    forms = write_csv(tmp_path / "forms.csv", SAMPLE_ROWS)  # two people and a team of five
    killed_import(db_url, forms)
    marked = raw(desk, "SELECT count(*) FROM attendees WHERE import_batch IS NOT NULL")
    assert marked == 7
    assert raw(desk, "SELECT count(*) FROM registration_groups WHERE import_batch > 0") == 1
    assert seen(desk) == 0
    with desk.db.read() as session:  # nor its team
        assert session.scalar(select(func.count()).select_from(RegistrationGroup)) == 0
    assert found(desk, "Федорова") == []
    report = import_file(desk, forms)
    assert (report.added, report.teams) == (3, 1)
    assert raw(desk, "SELECT count(*) FROM attendees") == marked
    with desk.db.read() as session:
        group = session.scalars(select(RegistrationGroup)).one()  # the first one's gone
        assert group.import_batch is None
        assert group.contact_id is not None
        assert len(group.members) == 5


def test_an_import_killed_in_its_steps_is_undone_by_a_desk(
    desk: Desk, db_url: str, tmp_path: Path
) -> None:
    killed_import(db_url, rows_file(tmp_path, PEOPLE))
    assert raw(desk, "SELECT count(*) FROM attendees") == 60
    assert staging.unfinished(desk) == 60
    assert staging.finish_unfinished(desk) == 60
    assert raw(desk, "SELECT count(*) FROM attendees") == 0
    assert not list(tmp_path.glob("desk.sqlite3-import-*"))
    assert import_file(desk, rows_file(tmp_path, PEOPLE)).added == 60
    assert found(desk, "7000042") == ["Сидоров42"]


def query_plan(desk: Desk, statement: object) -> str:
    with desk.db.read_rows() as connection:
        sql = str(statement.compile(connection))  # type: ignore[attr-defined]
        params = statement.compile(connection).params  # type: ignore[attr-defined]
        rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, tuple(params.values()))
        return " | ".join(str(row[-1]) for row in rows)


def test_reads_without_the_marked_people_use_the_same_indexes(desk: Desk) -> None:
    # SQLite flattens the subquery the reads go through (kiosk.models.visible_rows).
    by_code = query_plan(desk, select(Attendee.id).where(Attendee.badge_code == "ABC"))
    assert "USING INDEX sqlite_autoindex_attendees" in by_code, by_code
    by_surname = query_plan(
        desk,
        select(Attendee.id)
        .where(Attendee.last_key >= "сид", Attendee.last_key < "сие")
        .order_by(Attendee.last_key, Attendee.first_name, Attendee.id)
        .limit(20),
    )
    assert "USING INDEX ix_attendees_last_key" in by_surname, by_surname
    arrivals = query_plan(
        desk,
        select(CheckIn.id, Attendee.last_name).outerjoin(
            Attendee, Attendee.id == CheckIn.attendee_id
        ),
    )
    assert "SEARCH attendees USING INTEGER PRIMARY KEY" in arrivals, arrivals
    # The figures' count of who is expected reads the index alone, the mark in it: reading
    # the table instead cost the desk's start 40–90 ms and 30 MB at 100 000 people.
    expected = query_plan(
        desk,
        select(Attendee.category, Attendee.tariff, Attendee.status, func.count()).group_by(
            Attendee.category, Attendee.tariff, Attendee.status
        ),
    )
    assert "COVERING INDEX ix_attendees_category_tariff_status" in expected, expected
    assert "MATERIALIZE" not in by_code + by_surname + arrivals + expected


def test_imports_are_written_in_one_transaction_where_they_cannot_be_staged(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(staging, "supported", lambda desk: False)
    written: list[bool] = []
    monkeypatch.setattr(staging.Batch, "__init__", lambda self, desk: written.append(True))
    assert import_file(desk, rows_file(tmp_path, PEOPLE)).added == 60
    assert written == []
    assert found(desk, "7000017") == ["Сидоров17"]
    assert importing.PLAN_ATTEMPTS >= 1
