"""What the desk's controller does with the core's answers: refusals shown, nothing recorded."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kiosk.models import CheckIn
from kiosk.services import importing, lookup, staging
from kiosk.services.context import Desk
from kiosk.services.importing import import_file
from tests.conftest import TRAINING_MORNING, FixedClock
from tests.core.factories import registered
from tests.importing.test_import_alongside_desks import rows_file
from tests.importing.test_staged_import import killed_import
from tests.ui.desk.test_desk_window import panel_text, scan, wait_tone
from ui.desk.window import DeskWindow

CONFERENCE = date(2026, 11, 28)


def test_an_arrival_time_given_for_a_day_still_ahead_is_refused_at_the_desk(
    qtbot: QtBot, window: DeskWindow, desk: Desk, clock: FixedClock
) -> None:
    anna = registered(desk, "package_comfort", last="Завтрашняя", first="Анна")
    clock.now = TRAINING_MORNING  # 27.11, 09:30 at the venue
    window.day_selector.setCurrentIndex(window.day_selector.findData("2026-11-27"))
    window.day_selector.setCurrentIndex(window.day_selector.findData(CONFERENCE.isoformat()))
    assert window.arrival_time.isVisible()
    window.arrival_time.setText("10:00")  # 28.11 10:00: tomorrow
    window.arrival_time.editingFinished.emit()
    scan(qtbot, window, anna.code)
    wait_tone(qtbot, window, "amber")
    assert "ещё не наступило" in panel_text(window)
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(CheckIn)) == 0


def test_a_result_after_the_window_was_deleted_without_closing_goes_nowhere(
    qtbot: QtBot, desk: Desk
) -> None:
    """A window deleted while its close was refused (an outbox not yet sent) or while a job
    ran: the job's late failure finds no window. Delivered to the deleted widgets, it crashed
    the process (a segmentation fault in the card's show_message)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from ui.common.runner import Runner
    from ui.common.settings import DeskSettings
    from ui.desk.controller import DeskController

    controller = DeskController(desk, Runner(), DeskSettings(desk_name="desk-1", printer=""))
    window = DeskWindow(controller)
    window.deleteLater()  # never closed: closeEvent did not let go of the controller
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert controller.view is None

    def fails() -> None:
        raise RuntimeError("the hub went away")

    controller.run("read", fails, lambda _none: None, controller._failed)  # as a search does
    controller.runner.wait()
    qtbot.wait(50)  # the failure is delivered: no window to show it on, and no crash
    assert controller.view is None


def test_a_check_in_job_reads_whether_the_desk_works_offline_from_what_it_was_given(
    qtbot: QtBot, window: DeskWindow, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The job runs on a worker thread: whether the hub was lost meanwhile comes from an event
    bound when it was queued, never from the controller's state (the GUI thread's)."""
    from ui.desk.controller import DeskController

    anna = registered(desk, last="Потоковая", first="Анна")
    asked_on: list[threading.Thread] = []
    offline = DeskController.offline

    def asked(controller: DeskController) -> bool:
        asked_on.append(threading.current_thread())
        return bool(offline.fget(controller))  # type: ignore[attr-defined]

    monkeypatch.setattr(DeskController, "offline", property(asked))
    window.controller.check_in_code(anna.code)
    wait_tone(qtbot, window, "green")
    assert asked_on and set(asked_on) == {threading.main_thread()}


def cut_short_import(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: range
) -> None:
    """An import in another process, stopped (kill -9) after its write, before its indexing:
    its people are in the database without their search text (so where imports are written in
    one transaction and indexed after it: kiosk.services.staging)."""
    monkeypatch.setattr(staging, "supported", lambda desk: False)
    monkeypatch.setattr(importing, "index_new_people", lambda desk, texts: None)
    people = [[f"Сидоров{n}", "Олег", f"+7914700{n:04d}", "", "Комфорт"] for n in rows]
    tmp_path.mkdir(exist_ok=True)
    import_file(desk, rows_file(tmp_path, *people))
    monkeypatch.undo()


def test_people_an_import_elsewhere_left_without_search_text_are_indexed_by_the_desk(
    qtbot: QtBot, window: DeskWindow, desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found before only by code and surname until this desk restarted or imported a file.
    controller = window.controller
    controller._upkeep.setInterval(50)  # every 20 s in the app
    controller.finish_indexing()  # at the start: nobody to index; from now on it asks
    cut_short_import(desk, tmp_path, monkeypatch, range(30))
    assert [row.last_name for row in lookup.search(desk, "7000017")] == []
    qtbot.waitUntil(lambda: lookup.unindexed_count(desk) == 0, timeout=10_000)
    controller.runner.wait()
    assert [row.last_name for row in lookup.search(desk, "7000017")] == ["Сидоров17"]
    controller.stop_watching()
    assert not controller._upkeep.isActive()


def test_people_still_being_indexed_elsewhere_are_left_to_whoever_indexes_them(
    qtbot: QtBot, window: DeskWindow, desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    controller = window.controller
    cut_short_import(desk, tmp_path, monkeypatch, range(30))

    def asked() -> int:
        controller._ask_unindexed()
        controller.runner.wait()
        qtbot.wait(20)
        return lookup.unindexed_count(desk)

    assert asked() == 30  # asked once: not known to be abandoned
    with desk.db.write_rows() as connection:  # the importing process indexes a step
        connection.exec_driver_sql(
            "UPDATE attendees SET search_text = last_name WHERE id IN "
            "(SELECT id FROM attendees WHERE search_text = '' LIMIT 10)"
        )
    assert asked() == 20  # the number moved: somebody is at it
    controller._ask_unindexed()  # the same 20 at the next ask: nobody is, any more
    qtbot.waitUntil(lambda: lookup.unindexed_count(desk) == 0, timeout=10_000)


def test_the_people_of_an_import_killed_in_its_steps_elsewhere_are_taken_away_by_the_desk(
    qtbot: QtBot, window: DeskWindow, desk: Desk, db_url: str, tmp_path: Path
) -> None:
    # Seen by nobody, they would otherwise stay in the file (and keep their codes) for good.
    controller = window.controller
    controller._upkeep.setInterval(50)  # every 20 s in the app
    controller.finish_indexing()
    people = [[f"Сидоров{n}", "Олег", f"+7914700{n:04d}", "", "Комфорт"] for n in range(30)]
    killed_import(db_url, rows_file(tmp_path, *people))

    def written() -> int:
        with desk.db.read_rows() as connection:
            return int(connection.exec_driver_sql("SELECT count(*) FROM attendees").scalar() or 0)

    assert written() == 30
    qtbot.waitUntil(lambda: written() == 0, timeout=10_000)
    controller.runner.wait()
    assert staging.unfinished(desk) == 0
    controller.stop_watching()
