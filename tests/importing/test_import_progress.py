"""An import tells how far it has got, and can be stopped until its last transaction, leaving
nothing behind (kiosk.services.progress)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kiosk.models import Attendee, AuditEntry
from kiosk.services import importing, lookup, staging
from kiosk.services.context import Desk
from kiosk.services.importing import Stage, import_file
from kiosk.services.progress import Progress, Stopped, Where
from tests.core.factories import registered
from tests.importing.test_staged_import import raw, rows_file

PEOPLE = [[f"Сидоров{n}", "Олег", f"+7914700{n:04d}", "", "Комфорт"] for n in range(600)]


class Recorder:
    """The progress an import told, stopping it at the first point `stop_at` says."""

    def __init__(self, stop_at: Stage | None = None, after: int = 0) -> None:
        self.heard: list[Where] = []
        self.asked: list[bool] = []
        self.stop_at, self.after = stop_at, after
        self.progress = Progress(self.hear)

    def hear(self, stage: str, done: int, total: int) -> None:
        self.heard.append(Where(stage, done, total))
        if not self.asked and stage == self.stop_at and done >= self.after:
            self.asked.append(self.progress.stop())

    def stages(self) -> list[str]:
        order: list[str] = []
        for where in self.heard:
            if where.stage not in order:
                order.append(where.stage)
        return order


def people(desk: Desk) -> list[tuple[str, str]]:
    with desk.db.read() as session:
        return [
            (a.last_name, a.company)
            for a in session.scalars(select(Attendee).order_by(Attendee.last_name))
        ]


def entries(desk: Desk) -> int:
    with desk.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_an_import_tells_how_far_it_has_got(desk: Desk, tmp_path: Path) -> None:
    registered(desk, last="Аннина", first="Анна")
    registered(desk, last="Борисов", first="Борис", company="ООО «Берег»")
    told = Recorder()
    assert import_file(desk, rows_file(tmp_path, PEOPLE), progress=told.progress).added == 600
    assert told.stages() == ["reading", "known", "matching", "writing", "showing"]
    assert Where("known", 0, 2) in told.heard
    matching = [where for where in told.heard if where.stage == Stage.MATCHING]
    assert matching[0] == Where("matching", 0, 600)
    assert matching[-1] == Where("matching", 600, 600)
    assert len(matching) == 600 // importing.PROGRESS_ROWS + 2
    writing = [where.done for where in told.heard if where.stage == Stage.WRITING]
    assert writing == list(range(0, 600, staging.PEOPLE_CHUNK))
    assert {where.total for where in told.heard if where.stage == Stage.WRITING} == {600}
    assert told.progress.stop() is False  # done: nothing left to stop


def test_an_import_stopped_while_writing_leaves_nothing(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lookup, "INDEX_STEP_S", 0)  # a step a chunk: some are done when stopped
    registered(desk, last="Сидоров1", first="Олег", phone="+7 914 700-00-01")
    before, logged = people(desk), entries(desk)
    moved = [[*row[:4], "Комфорт"] for row in PEOPLE]
    moved[1] = ["Сидоров1", "Олег", "+79147000001", "oleg@example.ru", "Комфорт"]
    told = Recorder(Stage.WRITING, after=200)
    with pytest.raises(Stopped):
        import_file(desk, rows_file(tmp_path, moved), progress=told.progress)
    assert told.asked == [True]
    undoing = [where for where in told.heard if where.stage == Stage.UNDOING]
    assert undoing and undoing[0].done == 0  # what it wrote taken away, told as it goes
    assert {where.total for where in undoing} == {undoing[0].total} and undoing[0].total >= 200
    assert [where.done for where in undoing] == sorted(where.done for where in undoing)
    assert people(desk) == before  # the person it matched unchanged too
    assert entries(desk) == logged
    assert raw(desk, "SELECT count(*) FROM attendees") == 1  # what the steps wrote taken away
    assert not list(tmp_path.glob("desk.sqlite3-import-*"))  # its claim let go of
    # Nothing is left that would hold the next import up or make it count differently.
    again = import_file(desk, rows_file(tmp_path, moved))
    assert (again.added, again.updated) == (599, 1)


def test_an_import_stopped_while_matching_leaves_nothing_in_one_transaction(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where imports are not staged (no flock), the stop rolls the one transaction back.
    monkeypatch.setattr(staging, "supported", lambda desk: False)
    told = Recorder(Stage.MATCHING, after=300)
    with pytest.raises(Stopped):
        import_file(desk, rows_file(tmp_path, PEOPLE), progress=told.progress)
    assert raw(desk, "SELECT count(*) FROM attendees") == 0
    assert entries(desk) == 0


def test_a_check_of_a_file_can_be_stopped(desk: Desk, tmp_path: Path) -> None:
    told = Recorder(Stage.MATCHING, after=250)
    with pytest.raises(Stopped):
        import_file(desk, rows_file(tmp_path, PEOPLE), dry_run=True, progress=told.progress)
    assert max(where.done for where in told.heard) == 250  # stopped at its next report


def test_a_stop_asked_in_the_last_transaction_is_refused(desk: Desk, tmp_path: Path) -> None:
    told = Recorder(Stage.SHOWING)
    report = import_file(desk, rows_file(tmp_path, PEOPLE), progress=told.progress)
    assert told.asked == [False]
    assert report.added == 600
    assert raw(desk, "SELECT count(*) FROM attendees WHERE import_batch IS NULL") == 600


def test_a_stop_asked_before_the_last_transaction_keeps_it_from_beginning() -> None:
    progress = Progress()
    assert progress.stop() is True
    with pytest.raises(Stopped), progress.unstoppable():
        pytest.fail("the part that cannot be stopped began after a stop was asked")
    with pytest.raises(Stopped):
        progress.at("anything")


def test_a_header_only_file_tells_its_stages_without_counts(desk: Desk, tmp_path: Path) -> None:
    told = Recorder()
    report = import_file(desk, rows_file(tmp_path, []), progress=told.progress)
    assert report.added == 0
    assert Where("matching", 0, 0) in told.heard


def test_an_import_holds_the_other_writers_only_where_it_cannot_be_staged(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The desk runs its own import beside its scans unless it would hold them anyway.
    assert importing.holds_the_writers(desk) is False
    monkeypatch.setattr(staging, "supported", lambda desk: False)
    assert importing.holds_the_writers(desk) is True


def test_a_stop_refused_in_a_last_transaction_that_shows_nothing_is_made_after_it() -> None:
    # An import whose plan went stale goes back to planning: the stop refused at its end
    # stops it there, before it writes anything again.
    progress = Progress()
    with progress.unstoppable():
        assert progress.stop() is False
        progress.at("showing")  # not stopped inside
    with pytest.raises(Stopped):
        progress.at("known")
    finished = Progress()
    with finished.unstoppable():
        assert finished.stop() is False
        finished.finished()
    finished.at("done")  # shown: the stop refused stays refused


@pytest.fixture
def walk_in_during_the_steps(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> Callable[[str, str], list[int]]:
    """A walk-in with this surname and phone registered at another desk once the import's
    first attempt has written its people; the batches written, in order."""

    def arrange(last_name: str, phone: str) -> list[int]:
        original = staging.Batch.write_people
        batches: list[int] = []

        def write_people(self: staging.Batch, *args: object) -> list[int]:
            batches.append(self.number)
            ids = original(self, *args)  # type: ignore[arg-type]
            if len(batches) == 1:
                registered(desk, last=last_name, first="Олег", phone=phone)
            return ids

        monkeypatch.setattr(staging.Batch, "write_people", write_people)
        return batches

    return arrange


def test_a_walk_in_elsewhere_during_the_import_does_not_make_it_plan_again(
    desk: Desk, tmp_path: Path, walk_in_during_the_steps: Callable[[str, str], list[int]]
) -> None:
    # At a busy entrance a large import met a walk-in every time: planned again, and again,
    # then written whole under the write lock.
    batches = walk_in_during_the_steps("Гостев", "+7 924 111-22-33")
    told = Recorder()
    report = import_file(desk, rows_file(tmp_path, PEOPLE), progress=told.progress)
    assert report.added == 600
    assert len(batches) == 1  # written once
    assert "again" not in told.stages()
    assert raw(desk, "SELECT count(*) FROM attendees") == 601


def test_a_walk_in_the_file_names_makes_the_import_plan_again_and_say_so(
    desk: Desk, tmp_path: Path, walk_in_during_the_steps: Callable[[str, str], list[int]]
) -> None:
    batches = walk_in_during_the_steps("Сидоров7", "+7 914 700-00-07")  # one of the file's
    told = Recorder()
    report = import_file(desk, rows_file(tmp_path, PEOPLE), progress=told.progress)
    assert (report.added, len(batches)) == (599, 2)
    planned_again = ["reading", "known", "matching", "writing", "showing", "again", "undoing"]
    assert told.stages() == planned_again
    assert raw(desk, "SELECT count(*) FROM attendees WHERE phone = '+79147000007'") == 1


def test_a_stop_refused_at_the_end_stops_the_import_that_plans_again(
    desk: Desk, tmp_path: Path, walk_in_during_the_steps: Callable[[str, str], list[int]]
) -> None:
    batches = walk_in_during_the_steps("Сидоров7", "+7 914 700-00-07")
    told = Recorder(Stage.SHOWING)
    with pytest.raises(Stopped):
        import_file(desk, rows_file(tmp_path, PEOPLE), progress=told.progress)
    assert told.asked == [False] and len(batches) == 1
    assert raw(desk, "SELECT count(*) FROM attendees") == 1  # only the walk-in


def test_the_people_on_file_are_counted_as_they_are_read(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At 250 000 people this stage takes 15–20 s; it stood at «0 из 266310» for seconds.
    for number in range(5):
        registered(desk, last=f"Ранний{number}", first="Олег", phone=f"+7914800{number:04d}")
    monkeypatch.setattr(importing, "PROGRESS_KNOWN", 2)
    told = Recorder()
    import_file(desk, rows_file(tmp_path, PEOPLE[:3]), dry_run=True, progress=told.progress)
    known = [(where.done, where.total) for where in told.heard if where.stage == Stage.KNOWN]
    assert known == [(0, 5), (2, 5), (4, 5)]
