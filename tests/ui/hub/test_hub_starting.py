"""This laptop's hub takes seconds to start: the status line and, at the app's start, a window
say «Запуск хаба…» meanwhile."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog
from pytestqt.qtbot import QtBot

from kiosk.config import Event
from kiosk.db import Database
from ui.common.hub import Announcement, HubHost, Station
from ui.common.hub_widgets import HubStatus, wait_for_host

ANNOUNCED = Announcement("HUB1-0000", "postgresql://kiosk_desk:x@127.0.0.1:1/kiosk", "::1", 1)


class SlowHost(HubHost):
    """A hub that announces itself a moment after it is started (no process)."""

    def start(self, source: Path | None = None) -> None:
        QTimer.singleShot(300, lambda: self.ready.emit(ANNOUNCED))


@pytest.fixture
def station(db: Database, event: Event) -> Iterator[Station]:
    running = Station(db, event, desk_name="стойка-1")
    yield running
    running.host = None  # nothing was started


def test_the_status_line_says_the_hub_is_starting_until_it_runs(
    qtbot: QtBot, station: Station, event: Event
) -> None:
    status = HubStatus(event)
    qtbot.addWidget(status)
    station.link_changed.connect(status.show_link)
    ready: list[Announcement] = []
    station.start_hosting(None, ready.append, SlowHost(None, station))
    assert status.text() == "Запуск хаба…"
    qtbot.waitUntil(lambda: ready == [ANNOUNCED], timeout=5000)
    assert status.text() == "Данные: на этом ноутбуке"  # then it is joined, as any hub


def test_the_status_line_stops_saying_so_when_the_hub_did_not_start(
    qtbot: QtBot, station: Station, event: Event
) -> None:
    status = HubStatus(event)
    qtbot.addWidget(status)
    station.link_changed.connect(status.show_link)
    host = SlowHost(None, station)
    host.start = lambda source=None: QTimer.singleShot(100, lambda: host.failed.emit("нет"))  # type: ignore[method-assign]
    station.start_hosting(None, lambda _announced: None, host)
    assert status.text() == "Запуск хаба…"
    qtbot.waitUntil(lambda: status.text() != "Запуск хаба…", timeout=5000)


def test_at_start_a_window_says_the_hub_is_starting(qtbot: QtBot) -> None:
    seen: list[str] = []

    def look() -> None:
        seen.extend(
            w.labelText()
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()
        )

    QTimer.singleShot(100, look)
    assert wait_for_host(SlowHost(None)) == ANNOUNCED
    assert seen == ["Запуск хаба…"]
    QApplication.processEvents()
    assert not any(
        isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
    )
