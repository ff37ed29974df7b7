"""Python's garbage collector, run on the GUI thread only.

A cycle that holds Qt widgets (a dialog and the lambdas connected to its signals) may be
collected by whichever thread happens to allocate when the collector kicks in — a worker
thread of the background runner, say — and Qt objects deleted off the GUI thread crash the
application. So automatic collection is switched off and a timer on the GUI thread collects
when the counts call for it (the approach Anki and other PyQt applications take).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._threshold = gc.get_threshold()

    def start(self) -> None:
        gc.disable()
        self._timer.start(INTERVAL_MS)

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()

    def check(self) -> None:
        """Collect the generations whose counts passed their thresholds, like gc would."""
        counts = gc.get_count()
        if counts[0] > self._threshold[0]:
            generation = 0
            if counts[1] > self._threshold[1]:
                generation = 1
                if counts[2] > self._threshold[2]:
                    generation = 2
            gc.collect(generation)
