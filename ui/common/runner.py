"""Runs service calls off the GUI thread and delivers their results back on it.

Writes go through one worker thread, one at a time, in the order asked; reads (search,
statistics) use a small pool of their own, and printing a third, so a search never waits
behind a slow printer. Slots stay thin: they call `runner.write(...)` / `runner.read(...)`
with callbacks, which run on the GUI thread.

Results travel through two signals of the runner itself, tagged with the task's number: no
Qt object is made or deleted per task, so none can be destroyed while a worker thread is
still emitting from it.

An operation is a plain callable that already holds everything it needs — the desk, the day,
the values typed — bound when it is queued (`op(service, desk, …)`), so a worker thread never
reads a widget or the controller's changing state.
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable
from functools import partial
from typing import Any, ParamSpec, TypeVar

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal

log = logging.getLogger(__name__)

T = TypeVar("T")
P = ParamSpec("P")
Callback = Callable[[Any], None]
ErrorCallback = Callable[[Exception], None]


def op(service: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Callable[[], T]:
    """`service(*args, **kwargs)` as an operation for the runner, with its arguments bound now,
    on the GUI thread — not read later from a worker thread."""
    return partial(service, *args, **kwargs)


class Runner(QObject):
    """Background execution with callbacks on the GUI thread."""

    busy_changed = Signal(bool)
    _done = Signal(int, object)
    _failed = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(2)
        self._slow = QThreadPool(self)  # printing: never blocks writes or reads
        self._slow.setMaxThreadCount(1)
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

    def _start(
        self,
        pool: QThreadPool,
        work: Callable[[], Any],
        on_done: Callback | None,
        on_error: ErrorCallback | None,
    ) -> None:
        number = next(self._numbers)
        self._pending[number] = (on_done, on_error)
        self.busy_changed.emit(True)
        done, failed = self._done, self._failed

        def run() -> None:  # in a pool thread
            try:
                result = work()
            except Exception as exc:
                exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
                failed.emit(number, exc)
            else:
                done.emit(number, result)

        pool.start(run)

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
        """Block until every queued task ran (for shutdown and tests)."""
        return all(p.waitForDone(msecs) for p in (self._writes, self._reads, self._slow))
