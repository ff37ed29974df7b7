"""The runner's worker threads let go of a task once it ran: kept until the idle thread ended
(30 s later), a task was at times the last reference to a Qt object of a window closed
meanwhile, destroyed then on the worker thread — which deadlocked against the GUI thread
(Qt's connection lock against Python's), seen as a test suite that hung."""

from __future__ import annotations

import time
import weakref

from pytestqt.qtbot import QtBot

from ui.common.runner import IDLE_S, Runner


class Work:
    """An operation whose life can be watched."""

    def __call__(self) -> int:
        return 1


def test_a_lane_lets_go_of_a_task_as_soon_as_it_ran(qtbot: QtBot) -> None:
    runner = Runner()
    work = Work()
    watched = weakref.ref(work)
    results: list[int] = []
    runner.read(work, results.append)
    del work
    qtbot.waitUntil(lambda: results == [1], timeout=5_000)
    assert runner.wait(5_000)
    started = time.monotonic()
    while watched() is not None and time.monotonic() - started < 2.0:
        time.sleep(0.01)
    assert watched() is None, "the idle worker thread still holds the task it ran"
    assert time.monotonic() - started < IDLE_S  # not only once the thread ended
