"""An import on SQLite decides on a read and writes in one short transaction: the other desks
check people in meanwhile, and what they change is never lost or doubled by the import."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from kiosk import search_index
from kiosk.db import PlainWork
from kiosk.models import Attendee, AuditEntry, CheckIn, PaymentMethod
from kiosk.services import importing, lookup, staging
from kiosk.services.checkin import Outcome, check_in
from kiosk.services.context import Desk
from kiosk.services.importing import import_file
from kiosk.services.lookup import search
from kiosk.services.privacy import forget
from tests.core.factories import registered
from tests.importing.test_import import write_csv

HEADER = ["Фамилия", "Имя", "Телефон", "E-mail", "Тариф"]


PYOTR = ["Новиков", "Пётр", "+79146000001", "", "Комфорт"]


def rows_file(tmp_path: Path, *rows: list[str]) -> Path:
    return write_csv(tmp_path / "leads.csv", [HEADER, *rows])


@pytest.fixture
def during_planning(monkeypatch: pytest.MonkeyPatch) -> Callable[[Callable[[], None]], None]:
    """Run `action` while the import is matching its rows (once, on its first plan)."""

    def arrange(action: Callable[[], None]) -> None:
        original = importing._Importer.plan
        done: list[bool] = []

        def plan(self: importing._Importer, rows: list[importing.ImportRow]) -> None:
            original(self, rows)
            if not done:
                done.append(True)
                action()

        monkeypatch.setattr(importing._Importer, "plan", plan)

    return arrange


@pytest.fixture
def in_one_transaction(monkeypatch: pytest.MonkeyPatch) -> None:
    """Imports write their new people in one transaction, without their search text, indexed
    after it: so where the system has no `flock` (kiosk.services.staging), and so did the
    versions before 0017, whose people may be left so in a database this version opens."""
    monkeypatch.setattr(staging, "supported", lambda desk: False)


def count(desk: Desk, statement: object) -> int:
    with desk.db.read() as session:
        return int(session.scalar(statement) or 0)  # type: ignore[call-overload]


def test_a_check_in_during_an_import_goes_through_at_once(
    desk: Desk, tmp_path: Path, during_planning: Callable[[Callable[[], None]], None]
) -> None:
    anna = registered(desk, last="Аннина", first="Анна")
    outcomes = []
    # The import's plan holds no write lock: a check-in from the same process would otherwise
    # wait the whole busy timeout and fail with «database is locked».
    during_planning(lambda: outcomes.append(check_in(desk, anna.code).status))
    report = import_file(desk, rows_file(tmp_path, PYOTR))
    assert outcomes == [Outcome.CHECKED_IN]
    assert report.added == 1
    assert count(desk, select(func.count()).select_from(CheckIn)) == 1


def test_a_walk_in_registered_during_an_import_is_not_added_twice(
    desk: Desk, tmp_path: Path, during_planning: Callable[[Callable[[], None]], None]
) -> None:
    during_planning(
        lambda: registered(desk, last="Новиков", first="Пётр", phone="+7 914 600-00-01")
    )
    report = import_file(desk, rows_file(tmp_path, PYOTR))
    assert report.added == 0  # planned again: the walk-in is the file's person
    assert count(desk, select(func.count()).select_from(Attendee)) == 1


def test_a_person_checked_in_during_an_import_is_left_as_the_desk_has_them(
    desk: Desk, tmp_path: Path, during_planning: Callable[[Callable[[], None]], None]
) -> None:
    pyotr = registered(desk, last="Новиков", first="Пётр", phone="+7 914 600-00-01")
    during_planning(lambda: check_in(desk, pyotr.code))
    report = import_file(
        desk, rows_file(tmp_path, ["Новиков", "Пётр", "+79146000001", "new@example.ru", "Комфорт"])
    )
    assert (report.updated, report.protected) == (0, 1)
    with desk.db.read() as session:
        assert session.get(Attendee, pyotr.id).email is None  # type: ignore[union-attr]


def test_an_update_planned_on_a_read_is_written_and_logged_once(desk: Desk, tmp_path: Path) -> None:
    pyotr = registered(desk, last="Новиков", first="Пётр", phone="+7 914 600-00-01")
    report = import_file(
        desk, rows_file(tmp_path, ["Новиков", "Пётр", "+79146000001", "new@example.ru", "Комфорт"])
    )
    assert report.updated == 1
    with desk.db.read() as session:
        assert session.get(Attendee, pyotr.id).email == "new@example.ru"  # type: ignore[union-attr]
        logged = session.scalar(select(func.count()).where(AuditEntry.action == "import_update"))
    assert logged == 1


def test_a_check_in_of_someone_else_does_not_make_the_import_plan_again(
    desk: Desk,
    tmp_path: Path,
    during_planning: Callable[[Callable[[], None]], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    anna = registered(desk, last="Аннина", first="Анна")
    plans: list[int] = []
    during_planning(lambda: check_in(desk, anna.code))
    planned = importing._Importer.plan

    def counted(self: importing._Importer, rows: list[importing.ImportRow]) -> None:
        plans.append(len(rows))
        planned(self, rows)

    monkeypatch.setattr(importing._Importer, "plan", counted)
    import_file(desk, rows_file(tmp_path, PYOTR))
    assert plans == [1]


def test_people_of_the_file_checked_in_during_an_import_do_not_make_it_plan_again(
    desk: Desk,
    tmp_path: Path,
    during_planning: Callable[[Callable[[], None]], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An updated export comes while the desks check in the very people it names: planned
    # again and again, it ended as one transaction under the write lock, holding every desk.
    pyotr = registered(desk, last="Новиков", first="Пётр", phone="+7 914 600-00-01")
    anna = registered(desk, last="Аннина", first="Анна", phone="+7 914 600-00-02", paid=False)
    plans: list[int] = []
    planned = importing._Importer.plan

    def counted(self: importing._Importer, rows: list[importing.ImportRow]) -> None:
        plans.append(len(rows))
        planned(self, rows)

    monkeypatch.setattr(importing._Importer, "plan", counted)

    def at_the_desks() -> None:
        check_in(desk, pyotr.code)
        check_in(desk, anna.code, pay=PaymentMethod.CASH)  # took a payment as she came
        check_in(desk, "AAAA-BBBB-CCCC")  # a refused scan of an unknown code

    during_planning(at_the_desks)
    rows = [
        ["Новиков", "Пётр", "+79146000001", "new@example.ru", "Комфорт"],
        ["Аннина", "Анна", "+79146000002", "anna@example.ru", "Комфорт"],
        ["Сидоров", "Олег", "+79146000003", "", "Комфорт"],
    ]
    report = import_file(desk, rows_file(tmp_path, *rows))
    assert len(plans) == 1
    assert (report.added, report.updated, report.protected) == (1, 0, 2)
    with desk.db.read() as session:
        assert session.get(Attendee, pyotr.id).email is None  # type: ignore[union-attr]
        assert session.get(Attendee, anna.id).email is None  # type: ignore[union-attr]
        logged = session.scalar(select(func.count()).where(AuditEntry.action == "import_update"))
    assert logged == 0


def test_a_dry_run_holds_no_write_lock_and_writes_nothing(
    desk: Desk, tmp_path: Path, during_planning: Callable[[Callable[[], None]], None]
) -> None:
    # The desk's import dialog makes one as it opens: it held every desk for its whole length.
    anna = registered(desk, last="Аннина", first="Анна")
    pyotr = registered(desk, last="Новиков", first="Пётр", phone="+7 914 600-00-01")
    outcomes = []
    during_planning(lambda: outcomes.append(check_in(desk, anna.code).status))
    rows = [
        ["Новиков", "Пётр", "+79146000001", "new@example.ru", "Комфорт"],
        ["Сидоров", "Олег", "+79146000009", "", "Комфорт"],
    ]
    report = import_file(desk, rows_file(tmp_path, *rows), dry_run=True)
    assert outcomes == [Outcome.CHECKED_IN]
    assert (report.dry_run, report.added, report.updated) == (True, 1, 1)
    assert count(desk, select(func.count()).select_from(Attendee)) == 2
    assert count(desk, select(func.count()).where(AuditEntry.action == "import_update")) == 0
    with desk.db.read() as session:
        assert session.get(Attendee, pyotr.id).email is None  # type: ignore[union-attr]


def found(desk: Desk, query: str) -> list[str]:
    return [row.last_name for row in search(desk, query)]


def test_people_an_import_adds_are_found_by_a_part_of_their_phone_or_company(
    desk: Desk, tmp_path: Path
) -> None:
    assert desk.db.fts
    rows = [[f"Сидоров{n}", "Олег", f"+7914700{n:04d}", "", "Комфорт"] for n in range(1200)]
    import_file(desk, rows_file(tmp_path, *rows))
    assert found(desk, "7000777") == ["Сидоров777"]  # indexed in steps after the import
    with desk.db.read_rows() as connection:
        unindexed = connection.exec_driver_sql(
            "SELECT count(*) FROM attendees WHERE search_text = ''"
        ).scalar()
    assert unindexed == 0


def test_an_import_cut_short_before_its_indexing_is_indexed_at_the_next_start(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_one_transaction: None
) -> None:
    monkeypatch.setattr(importing, "index_new_people", lambda desk, texts: None)
    import_file(desk, rows_file(tmp_path, PYOTR))
    assert found(desk, "6000001") == []  # in the database, not yet in the search index
    assert found(desk, "Новиков") == ["Новиков"]  # by surname already
    monkeypatch.undo()
    assert lookup.index_unindexed_people(desk) == 1
    assert found(desk, "6000001") == ["Новиков"]
    assert lookup.index_unindexed_people(desk) == 0


def test_the_people_left_without_search_text_are_counted_without_the_erased(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_one_transaction: None
) -> None:
    assert lookup.unindexed_count(desk) == 0
    monkeypatch.setattr(importing, "index_new_people", lambda desk, texts: None)
    rows = [[f"Сидоров{n}", "Олег", f"+7914700{n:04d}", "", "Комфорт"] for n in range(30)]
    import_file(desk, rows_file(tmp_path, *rows))
    assert lookup.unindexed_count(desk) == 30
    monkeypatch.undo()
    assert lookup.index_unindexed_people(desk) == 30
    assert lookup.unindexed_count(desk) == 0
    forget(desk, registered(desk, last="Удаляемова").code, reason="по просьбе")
    assert lookup.unindexed_count(desk) == 0  # an erased person has no text, on purpose


def test_the_start_finds_the_people_left_unindexed_by_an_index_of_their_own(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_one_transaction: None
) -> None:
    # Every start asks; reading the whole table for it took some 50 ms at 100 000 people, in
    # the write line the first check-in waits in.
    monkeypatch.setattr(importing, "index_new_people", lambda desk, texts: None)
    import_file(desk, rows_file(tmp_path, PYOTR))
    sent: list[str] = []

    def remember(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        sent.append(statement)

    engine = desk.db.engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        monkeypatch.undo()
        assert lookup.index_unindexed_people(desk) == 1
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    (statement,) = [s for s in sent if "search_text = ''" in s and s.lstrip().startswith("SELECT")]
    with desk.db.read_rows() as connection:
        plan = " ".join(
            str(row[-1]) for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement)
        )
    assert "ix_attendees_unindexed" in plan, plan


def test_people_whose_data_was_erased_are_not_indexed_again_at_the_next_start(
    desk: Desk,
) -> None:
    # Their search text is emptied on purpose: nothing finds them, not even by the words
    # their record keeps («удалено по запросу») or the new code it was given.
    erased = registered(desk, last="Петров", first="Пётр")
    forget(desk, erased.code)
    assert lookup.index_unindexed_people(desk) == 0
    assert found(desk, "удалено") == []
    assert found(desk, "Петров") == []


def fts_segments(desk: Desk) -> int:
    """The FTS5 index's segments (each has its rows in the index's `_idx` table)."""
    with desk.db.read_rows() as connection:
        return int(
            connection.exec_driver_sql(
                "SELECT count(DISTINCT segid) FROM attendee_search_idx"
            ).scalar()
            or 0
        )


def merging(desk: Desk) -> int:
    with desk.db.read_rows() as connection:
        return search_index.automerge(connection)


def test_the_indexing_merges_the_search_index_in_short_steps_and_leaves_fts5_merging_again(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # FTS5's own merging, done inside a step of the indexing, held the write lock 15–40 ms
    # (a check-in at another desk waited for it): off during the steps, done in short merges
    # of its own between the chunks, and on again after.
    seen: list[int] = []
    merge = lookup.merge_some

    def merge_some(connection: search_index.Writable) -> bool:
        assert isinstance(connection, sqlite3.Connection)  # straight on the driver
        setting = "SELECT v FROM attendee_search_config WHERE k = 'automerge'"
        seen.append(int(connection.execute(setting).fetchone()[0]))
        return merge(connection)

    monkeypatch.setattr(lookup, "merge_some", merge_some)
    rows = [[f"Сидоров{n}", "Олег", f"+7914700{n:04d}", "", "Комфорт"] for n in range(600)]
    import_file(desk, rows_file(tmp_path, *rows))
    chunks = 600 // lookup.INDEX_CHUNK
    assert len(seen) > chunks // lookup.MERGE_EVERY  # between the chunks, then what is left
    assert set(seen) == {0}  # FTS5 merged nothing by itself meanwhile
    assert merging(desk) == search_index.FTS_AUTOMERGE
    # Merged as FTS5 would have: fewer than four segments a level, not one a step.
    assert fts_segments(desk) < 12
    assert found(desk, "7000577") == ["Сидоров577"]


def steps_of_indexing(desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """The write transactions the indexing of 600 new people took (each ends with a
    checkpoint), all of them found by a part of their phone afterwards."""
    steps: list[int] = []
    checkpoint = PlainWork.checkpoint

    def counted(work: PlainWork) -> None:
        steps.append(1)
        checkpoint(work)

    monkeypatch.setattr(PlainWork, "checkpoint", counted)
    rows = [[f"Сидоров{n}", "Олег", f"+7914700{n:04d}", "", "Комфорт"] for n in range(600)]
    import_file(desk, rows_file(tmp_path, *rows))
    assert found(desk, "7000577") == ["Сидоров577"]
    assert found(desk, "7000003") == ["Сидоров3"]
    return len(steps)


def test_an_indexing_step_ends_after_the_chunk_during_which_another_desk_came_to_wait(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another desk always waiting: no step holds more than one chunk.
    monkeypatch.setattr(lookup, "_awaited", lambda connection: True)
    assert steps_of_indexing(desk, tmp_path, monkeypatch) == 600 // lookup.INDEX_CHUNK


def test_with_nobody_waiting_the_indexing_goes_on_in_one_step_as_long_as_it_may(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lookup, "_awaited", lambda connection: False)
    monkeypatch.setattr(lookup, "INDEX_STEP_S", 600.0)
    assert steps_of_indexing(desk, tmp_path, monkeypatch) == 1


def test_an_indexing_step_is_no_longer_than_its_time_when_nobody_waits(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lookup, "_awaited", lambda connection: False)
    monkeypatch.setattr(lookup, "INDEX_STEP_S", 0.0)  # every chunk is past it
    assert steps_of_indexing(desk, tmp_path, monkeypatch) == 600 // lookup.INDEX_CHUNK


def test_an_import_cut_short_in_its_steps_leaves_fts5_merging_again_and_nobody_seen(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed(desk: Desk) -> bool:
        raise KeyboardInterrupt  # the desk stopped between two steps

    monkeypatch.setattr(lookup, "_merge_a_little", killed)
    rows = [[f"Сидоров{n}", "Олег", f"+7914700{n:04d}", "", "Комфорт"] for n in range(100)]
    with pytest.raises(KeyboardInterrupt):
        import_file(desk, rows_file(tmp_path, *rows))
    assert merging(desk) == 0
    assert found(desk, "Сидоров77") == []
    monkeypatch.undo()
    lookup.index_unindexed_people(desk)
    assert merging(desk) == search_index.FTS_AUTOMERGE
    assert import_file(desk, rows_file(tmp_path, *rows)).added == 100
    assert found(desk, "7000077") == ["Сидоров77"]
    assert count(desk, select(func.count()).select_from(Attendee)) == 100


def test_a_merge_step_says_when_nothing_was_left_to_merge(desk: Desk) -> None:
    with desk.db.write_rows() as connection:
        search_index.set_automerge(connection, 0)
    for n in range(12):  # a segment each
        registered(desk, last=f"Сидоров{n}")
    assert fts_segments(desk) >= 12
    steps = 0
    while lookup._merge_a_little(desk):
        steps += 1
    assert steps >= 1
    assert fts_segments(desk) < 4
    assert not lookup._merge_a_little(desk)
