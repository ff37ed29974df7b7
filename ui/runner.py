"""Runs service calls off the GUI thread and delivers their results back on it.

Writes go through one worker thread, one at a time, in the order asked; reads (search,
statistics) use a small pool of their own, so a search never waits behind a slow print.
Slots stay thin: they call `runner.write(...)` / `runner.read(...)` with callbacks.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.work = work
        self.signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # delivered to the failure callback on the GUI thread
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class Runner(QObject):
    """Background execution with callbacks on the GUI thread."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(2)
        self._slow = QThreadPool(self)  # printing: never blocks writes or reads
        self._slow.setMaxThreadCount(1)
        self._pending: set[_Signals] = set()

    def write(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self._start(self._writes, work, on_done, on_error)

    def read(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self._start(self._reads, work, on_done, on_error)

    def slow(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self._start(self._slow, work, on_done, on_error)

    def _start(
        self,
        pool: QThreadPool,
        work: Callable[[], Any],
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[Exception], None] | None,
    ) -> None:
        # Owned by the runner, on the GUI thread: queued delivery lands here, and Qt (not a
        # Python reference dropped in whichever thread happens to be last) decides when it
        # goes — a QObject deleted from the worker thread, or inside its own signal, crashes.
        signals = _Signals(self)
        self._pending.add(signals)
        self.busy_changed.emit(True)

        def finish(callback: Callable[[Any], None] | None, value: Any) -> None:
            self._pending.discard(signals)
            signals.deleteLater()
            if not self._pending:
                self.busy_changed.emit(False)
            if callback is not None:
                callback(value)

        def failed(exc: Exception) -> None:
            if on_error is None:
                log.error(
                    "background task failed: %s", getattr(exc, "__traceback_text__", repr(exc))
                )
            finish(on_error, exc)

        signals.done.connect(
            lambda value: finish(on_done, value), Qt.ConnectionType.QueuedConnection
        )
        signals.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
        pool.start(_Task(work, signals))

    def is_busy(self) -> bool:
        return bool(self._pending)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every queued task ran (for shutdown and tests)."""
        return all(p.waitForDone(msecs) for p in (self._writes, self._reads, self._slow))
