"""Runs service calls off the GUI thread and delivers their results back on it.

Writes go through one worker thread, one at a time, in the order asked; reads (search,
statistics) use a small pool of their own, printing a third, so a search never waits behind a
slow printer, and upkeep nobody waits for a fourth. Long work that writes in short steps the
other writes go between (an import) has a fifth: the desk's own scans go on meanwhile. Slots
stay thin: they call `runner.write(...)` / `runner.read(...)` with callbacks, which run on the
GUI thread.

Results travel through two signals of the runner itself, tagged with the task's number: no
Qt object is made or deleted per task, so none can be destroyed while a worker thread is
still emitting from it. A result that comes after the runner itself is gone (the app closed
while a task waited on a hub that does not answer) is dropped.

The workers are daemon threads, not a Qt thread pool: a task stuck on a hub that takes
packets and answers nothing (its pulls are never cut) must not keep the app's process alive
once the person closed it — a QThreadPool waits for its tasks when it is destroyed, however
long they take. Closing waits for them a bounded time only (`wait`).

An operation is a plain callable that already holds everything it needs — the desk, the day,
the values typed — bound when it is queued (`op(service, desk, …)`), so a worker thread never
reads a widget or the controller's changing state.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
import traceback
from collections.abc import Callable
from functools import partial
from typing import Any, ParamSpec, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

log = logging.getLogger(__name__)

T = TypeVar("T")
P = ParamSpec("P")
Callback = Callable[[Any], None]
ErrorCallback = Callable[[Exception], None]


def op(service: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Callable[[], T]:
    """`service(*args, **kwargs)` as an operation for the runner, with its arguments bound now,
    on the GUI thread — not read later from a worker thread."""
    return partial(service, *args, **kwargs)


IDLE_S = 30.0
"""A lane's thread with nothing to do ends after this long."""


class Lane:
    """Up to `threads` daemon threads running tasks in the order queued."""

    def __init__(self, name: str, threads: int) -> None:
        self.name = name
        self.threads = threads
        self._tasks: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._idle = threading.Condition()
        self._unfinished = 0
        self._started = 0

    def start(self, task: Callable[[], None]) -> None:
        with self._idle:
            self._unfinished += 1
            # Every thread there is busy (a thread runs one task at a time): one more, if
            # the lane may have it.
            more = self._unfinished > self._started and self._started < self.threads
            if more:
                self._started += 1
            self._tasks.put(task)
        if more:
            threading.Thread(target=self._work, name=f"runner-{self.name}", daemon=True).start()

    def _work(self) -> None:
        while True:
            try:
                task = self._tasks.get(timeout=IDLE_S)
            except queue.Empty:
                with self._idle:  # a task is put under it: none comes in between
                    if self._tasks.empty():
                        self._started -= 1
                        return
                continue
            try:
                task()
            finally:
                # Let go of it now, while what it holds (the runner, a window's objects) is
                # still held on the GUI thread too. Kept until this thread ended 30 s later,
                # it was at times the last reference to a Qt object of a window closed
                # meanwhile: destroyed on this thread, that object waited for Python's lock
                # while holding Qt's, as the GUI thread held Python's and waited for Qt's.
                del task
                with self._idle:
                    self._unfinished -= 1
                    self._idle.notify_all()

    def wait(self, until: float) -> bool:
        """Whether every task queued ended before the monotonic time `until`."""
        with self._idle:
            return self._idle.wait_for(
                lambda: self._unfinished == 0, timeout=max(0.0, until - time.monotonic())
            )


class Runner(QObject):
    """Background execution with callbacks on the GUI thread."""

    busy_changed = Signal(bool)
    _done = Signal(int, object)
    _failed = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writes = Lane("write", 1)
        self._reads = Lane("read", 2)
        self._slow = Lane("slow", 1)  # printing: never blocks writes or reads
        # Upkeep nobody waits for (the search text an import cut short left to give): its
        # short transactions wait their turn among the writers, never ahead of a scan.
        self._background = Lane("background", 1)
        self._steps = Lane("steps", 1)
        self._numbers = itertools.count(1)
        self._pending: dict[int, tuple[Callback | None, ErrorCallback | None]] = {}
        self._done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._failed.connect(self._deliver_error, Qt.ConnectionType.QueuedConnection)

    def write(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: ErrorCallback | None = None,
    ) -> None:
        self._start(self._writes, work, on_done, on_error)

    def read(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: ErrorCallback | None = None,
    ) -> None:
        self._start(self._reads, work, on_done, on_error)

    def slow(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: ErrorCallback | None = None,
    ) -> None:
        self._start(self._slow, work, on_done, on_error)

    def background(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: ErrorCallback | None = None,
    ) -> None:
        self._start(self._background, work, on_done, on_error)

    def in_steps(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: ErrorCallback | None = None,
    ) -> None:
        """Long work whose writes are short steps, between which other writes go (an import
        on SQLite, kiosk.services.staging): beside the write lane, not in it, so that the
        desk's scans are not queued behind it."""
        self._start(self._steps, work, on_done, on_error)

    def _start(
        self,
        lane: Lane,
        work: Callable[[], Any],
        on_done: Callback | None,
        on_error: ErrorCallback | None,
    ) -> None:
        number = next(self._numbers)
        self._pending[number] = (on_done, on_error)
        self.busy_changed.emit(True)
        done, failed = self._done, self._failed

        def run() -> None:  # in a lane's thread
            try:
                try:
                    result = work()
                except Exception as exc:
                    exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
                    failed.emit(number, exc)
                else:
                    done.emit(number, result)
            except RuntimeError:
                # The runner is gone (the app closed meanwhile): nobody waits for this result.
                log.debug("a background task ended after its runner was deleted")

        lane.start(run)

    def _finish(self, number: int) -> tuple[Callback | None, ErrorCallback | None]:
        callbacks = self._pending.pop(number, (None, None))
        if not self._pending:
            self.busy_changed.emit(False)
        return callbacks

    def _deliver(self, number: int, value: object) -> None:
        on_done, _on_error = self._finish(number)
        if on_done is not None:
            on_done(value)

    def _deliver_error(self, number: int, error: object) -> None:
        _on_done, on_error = self._finish(number)
        assert isinstance(error, Exception)
        if on_error is None:
            log.error(
                "background task failed: %s", getattr(error, "__traceback_text__", repr(error))
            )
        else:
            on_error(error)

    def is_busy(self) -> bool:
        return bool(self._pending)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every queued task ran, or `msecs` passed (for shutdown and tests):
        whether they all ran."""
        until = time.monotonic() + msecs / 1000
        lanes = (self._writes, self._reads, self._slow, self._background, self._steps)
        return all([lane.wait(until) for lane in lanes])

    def wait_for_writes(self, msecs: int) -> bool:
        """Block until every queued write ran, or `msecs` passed: whether they all ran."""
        return self._writes.wait(time.monotonic() + msecs / 1000)
