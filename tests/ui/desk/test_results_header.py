"""The results list names the day served in its state column («На 28.11») from the start,
before any rows come (a desk started without the hub may show none for a while), and
follows the day chosen."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.services.context import Desk
from tests.ui.conftest import SilentSounds
from ui.common.runner import Runner
from ui.common.settings import DeskSettings
from ui.desk.controller import DeskController
from ui.desk.window import DeskWindow


def day_header(window: DeskWindow) -> str:
    return str(window.results_model.headerData(3, Qt.Orientation.Horizontal))


def test_the_served_days_header_is_there_before_any_rows(
    qtbot: QtBot, desk: Desk, settings: DeskSettings
) -> None:
    controller = DeskController(desk, Runner(), settings)
    window = DeskWindow(controller, SilentSounds())  # type: ignore[arg-type]
    qtbot.addWidget(window)
    assert window.results_model.rows == ()
    assert day_header(window) == "На 28.11"
    window.show_day(date(2026, 11, 27))
    assert day_header(window) == "На 27.11"
    controller.runner.wait()
