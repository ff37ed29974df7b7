"""Typing in the real desk window: a key press in `searchInput` to the new results painted.

    python -m bench.gui --db FILE --json OUT [--words N]

Runs `ui.desk.window.DeskWindow` with its controller and background runner as the app does
(offscreen), and types surnames, phone digits and e-mail fragments drawn from the database one
key at a time, waiting after each key until the results list has been painted with that key's
results; each word begins in a window at rest, a moment after the field was cleared, as an
operator begins the next name after Escape (`PAUSE_MS`). The controller's debounce
(SEARCH_DEBOUNCE_MS, the pause that lets a fast typist finish a word before the search runs)
is set to 0 here, so the figure is the work: the key handled, the search on a worker thread,
the results delivered to the GUI thread, the model reset and the table painted. Started by
`python -m bench` as a process of its own, whose peak memory is the desk app's at that size.

The floor, typed in turns with it word by word in the same process: a bare QLineEdit above a
QListView of the same size showing 50 fixed rows of the same text (people of the database),
its model given the rows again on each key, so the list is repainted — key handled, field and
list painted, and nothing else.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject, QStringListModel, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QListView, QVBoxLayout, QWidget
from sqlalchemy import select

import ui.desk.controller
from bench.figures import percentile
from kiosk.config import load_event
from kiosk.db import Database, open_database
from kiosk.models import Attendee
from kiosk.services.context import Desk
from ui.common.collector import GuiThreadCollector
from ui.common.runner import Runner
from ui.common.settings import DeskSettings
from ui.desk.window import DeskWindow


def words_to_type(db: Database, count: int, seed: int = 5) -> list[str]:
    """Surnames (the first six letters), phone tails and e-mail logins, from the data."""
    with db.read() as session:
        people = session.execute(
            select(Attendee.last_name, Attendee.phone, Attendee.email)
            .where(Attendee.phone.is_not(None), Attendee.email.is_not(None))
            .order_by(Attendee.id)
            .limit(2_000)
        ).all()
    rng = random.Random(seed)
    chosen = rng.sample(people, count)
    words = []
    for number, person in enumerate(chosen):
        if number % 4 == 2:
            words.append((person.phone or "")[-5:])
        elif number % 4 == 3:
            words.append((person.email or "").split("@")[0][:6])
        else:
            words.append(person.last_name[:6])
    return words


class PaintWatch(QObject):
    """Notes when the window gets the results of the key it waits for, and when the results
    table has been painted after that."""

    def __init__(self, window: DeskWindow) -> None:
        super().__init__(window)
        self.window = window
        self.waiting_for: str | None = None
        self.delivered_at: float | None = None
        self.shown_at: float | None = None
        self.painted_at: float | None = None
        self.loop = QEventLoop(self)
        show_results = window.show_results

        def delivered(query: str, results: Any) -> None:
            waited = query == self.waiting_for
            if waited:
                self.delivered_at = time.perf_counter()
            show_results(query, results)
            if waited:
                self.shown_at = time.perf_counter()

        window.show_results = delivered  # type: ignore[method-assign]
        window.results_view.viewport().installEventFilter(self)

    def expect(self, text: str) -> None:
        self.waiting_for = text
        self.delivered_at = self.shown_at = self.painted_at = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.shown_at and self.painted_at is None:
            # The paint runs after this filter returns; a zero timer fires once it is done.
            QTimer.singleShot(0, self._painted)
        return False

    def _painted(self) -> None:
        if self.painted_at is None:
            self.painted_at = time.perf_counter()
            self.loop.quit()

    def wait(self, timeout_s: float = 10) -> None:
        """Run the event loop, as app.exec() does, until the results are painted."""
        if self.painted_at is None:
            alarm = QTimer()
            alarm.setSingleShot(True)
            alarm.timeout.connect(self.loop.quit)
            alarm.start(round(timeout_s * 1000))
            self.loop.exec()
            alarm.stop()
        if self.painted_at is None:
            raise TimeoutError("the results were never painted")


FLOOR_ROWS = 50

PAUSE_MS = 50
"""Between one word and the next, as an operator pauses after Escape: each word is typed into
a window at rest, the cleared window (and the floor's cleared field) painted before the first
key rather than in its time."""


def floor_rows(db: Database) -> list[str]:
    """50 rows of the text the results list shows: names, company, phone, code."""
    with db.read() as session:
        people = session.execute(
            select(
                Attendee.last_name,
                Attendee.first_name,
                Attendee.middle_name,
                Attendee.company,
                Attendee.phone,
                Attendee.badge_code,
            )
            .order_by(Attendee.id)
            .limit(FLOOR_ROWS)
        ).all()
    return [
        f"{p.last_name} {p.first_name} {p.middle_name}   {p.company}   {p.phone or ''}   "
        f"{p.badge_code}"
        for p in people
    ]


class FloorWindow(QWidget):
    """The barest key press → list painted: a line edit and a list of fixed rows."""

    def __init__(self, rows: list[str], size: tuple[int, int]) -> None:
        super().__init__()
        self.rows = rows
        self.search_input = QLineEdit(self)
        self.model = QStringListModel(rows, self)
        self.results_view = QListView(self)
        self.results_view.setModel(self.model)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search_input)
        layout.addWidget(self.results_view)
        self.resize(*size)
        self.search_input.textChanged.connect(self.show_results)
        self.shown_at: float | None = None

    def show_results(self, _text: str) -> None:
        self.model.setStringList(self.rows)
        self.shown_at = time.perf_counter()


class FloorWatch(QObject):
    """Notes when the floor's list has been painted after its rows were set again."""

    def __init__(self, window: FloorWindow) -> None:
        super().__init__(window)
        self.window = window
        self.painted_at: float | None = None
        self.loop = QEventLoop(self)
        window.results_view.viewport().installEventFilter(self)

    def expect(self) -> None:
        self.window.shown_at = self.painted_at = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.window.shown_at and self.painted_at is None:
            QTimer.singleShot(0, self._painted)
        return False

    def _painted(self) -> None:
        if self.painted_at is None:
            self.painted_at = time.perf_counter()
            self.loop.quit()

    def wait(self, timeout_s: float = 10) -> None:
        if self.painted_at is None:
            alarm = QTimer()
            alarm.setSingleShot(True)
            alarm.timeout.connect(self.loop.quit)
            alarm.start(round(timeout_s * 1000))
            self.loop.exec()
            alarm.stop()
        if self.painted_at is None:
            raise TimeoutError("the floor's list was never painted")


def type_floor(window: FloorWindow, watch: FloorWatch, word: str) -> list[float]:
    """Milliseconds per key, key press to the floor's list painted."""
    field = window.search_input
    field.clear()
    QTest.qWait(PAUSE_MS)
    times = []
    for key in word:
        watch.expect()
        start = time.perf_counter()
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, field, Qt.Key.Key_unknown, key, Qt.KeyboardModifier.NoModifier
        )
        watch.wait()
        assert watch.painted_at
        times.append((watch.painted_at - start) * 1000)
    return times


def wait_until(app: QApplication, done: Any, timeout_s: float = 10) -> None:
    """Run the event loop until `done()`; it sleeps while nothing happens (no busy loop to
    take the CPU from the search thread), and a timer wakes it to check the time limit."""
    deadline = time.perf_counter() + timeout_s
    alarm = QTimer()
    alarm.start(100)
    try:
        while not done():
            if time.perf_counter() > deadline:
                raise TimeoutError("the results were never painted")
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    finally:
        alarm.stop()


Phases = dict[str, list[float]]


def type_and_measure(
    app: QApplication, window: DeskWindow, watch: PaintWatch, words: list[str]
) -> Phases:
    """Milliseconds per key: in all, and split into the search (key to results delivered on
    the GUI thread), showing them (model, selection, card) and painting."""
    field = window.search_input
    phases: Phases = {"total": [], "search": [], "show": [], "paint": []}
    for word in words:
        window.clear()
        wait_until(app, lambda: not window.controller.runner.is_busy())
        QTest.qWait(PAUSE_MS)
        for key in word:
            watch.expect(field.text() + key)
            start = time.perf_counter()
            # What a keyboard sends for a letter (keyClicks knows ASCII letters only).
            QTest.sendKeyEvent(
                QTest.KeyAction.Click,
                field,
                Qt.Key.Key_unknown,
                key,
                Qt.KeyboardModifier.NoModifier,
            )
            watch.wait()
            assert watch.delivered_at and watch.shown_at and watch.painted_at
            phases["total"].append((watch.painted_at - start) * 1000)
            phases["search"].append((watch.delivered_at - start) * 1000)
            phases["show"].append((watch.shown_at - watch.delivered_at) * 1000)
            phases["paint"].append((watch.painted_at - watch.shown_at) * 1000)
    return phases


def run(url: str, words: int, floor: bool = True) -> dict[str, float]:
    ui.desk.controller.SEARCH_DEBOUNCE_MS = 0  # the work, not the pause meant for fast typists
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    collector = GuiThreadCollector(app)  # as the app does: no collection on worker threads
    collector.start()
    event = load_event()
    db = open_database(url, event, create=True)
    controller = ui.desk.controller.DeskController(Desk(db, event), Runner(), DeskSettings())
    window = DeskWindow(controller)
    window.show()
    QTest.qWaitForWindowExposed(window)
    wait_until(app, lambda: not controller.runner.is_busy())
    watch = PaintWatch(window)
    chosen = words_to_type(db, words)
    bare: tuple[FloorWindow, FloorWatch] | None = None
    if floor:
        floor_window = FloorWindow(floor_rows(db), (window.width(), window.height()))
        floor_window.show()
        QTest.qWaitForWindowExposed(floor_window)
        bare = (floor_window, FloorWatch(floor_window))
    type_and_measure(app, window, watch, chosen[:2])  # warm
    phases: Phases = {"total": [], "search": [], "show": [], "paint": []}
    floor_times: list[float] = []
    for word in chosen:  # in turns: a busy moment of the machine falls on both alike
        for phase, samples in type_and_measure(app, window, watch, [word]).items():
            phases[phase] += samples
        if bare is not None:
            floor_times += type_floor(*bare, word)
    window.close()
    db.dispose()
    result = {
        "gui_keystroke_ms_p50": statistics.median(phases["total"]),
        "gui_keystroke_ms_p95": percentile(phases["total"], 0.95),
        "gui_keystrokes": float(len(phases["total"])),
    }
    for phase in ("search", "show", "paint"):
        result[f"gui_{phase}_ms_p50"] = statistics.median(phases[phase])
        result[f"gui_{phase}_ms_p95"] = percentile(phases[phase], 0.95)
    if floor_times:
        result["keystroke_floor_p50_ms"] = statistics.median(floor_times)
        result["keystroke_floor_p95_ms"] = percentile(floor_times, 0.95)
        result["keystroke_floor_ratio"] = (
            result["gui_keystroke_ms_p95"] / result["keystroke_floor_p95_ms"]
        )
        result["keystroke_floor_ratio_p50"] = (
            result["gui_keystroke_ms_p50"] / result["keystroke_floor_p50_ms"]
        )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description="key press to painted results, desk window")
    parser.add_argument("--db", required=True)
    parser.add_argument("--json", required=True)
    parser.add_argument("--words", type=int, default=12)
    parser.add_argument("--no-floor", action="store_true", help="ours alone")
    args = parser.parse_args()
    result = run(args.db, args.words, floor=not args.no_floor)
    Path(args.json).write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main()
