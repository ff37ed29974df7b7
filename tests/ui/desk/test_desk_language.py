"""The desk in English: the event's English names where the event file has them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.services.context import Desk
from tests.core.factories import registered
from tests.ui.conftest import SilentSounds
from ui.app import Translations
from ui.common.runner import Runner
from ui.common.settings import DeskSettings
from ui.desk.controller import DeskController
from ui.desk.window import DeskWindow


@pytest.fixture
def english_window(
    qtbot: QtBot, desk: Desk, settings: DeskSettings, translations: Translations
) -> Iterator[DeskWindow]:
    translations.use("en")
    controller = DeskController(desk, Runner(), settings)
    window = DeskWindow(controller, SilentSounds())  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    controller.runner.wait()
    QApplication.processEvents()
    window.close()


def test_the_window_title_names_the_event_in_english(english_window: DeskWindow) -> None:
    assert english_window.windowTitle() == "Registration desk — desk-1 · Service NEXT"


def test_the_status_bar_names_tariffs_and_categories_in_english(
    qtbot: QtBot, english_window: DeskWindow, desk: Desk
) -> None:
    registered(desk, "comfort", last="Удобная", first="Ольга")
    registered(desk, None, last="Газетная", first="Вера", category="press")
    english_window.controller.refresh()

    def shown() -> str:  # the strip wraps between its figures, never inside one
        return english_window.status_strip.text().replace("\xa0", " ")

    qtbot.waitUntil(lambda: "Comfort 0/1" in shown(), timeout=5000)
    text = shown()
    assert "Press 0/1" in text
    assert "Комфорт" not in text and "Пресса" not in text


def test_the_card_and_the_banner_name_the_desk_once_in_english(
    english_window: DeskWindow, desk: Desk
) -> None:
    from dataclasses import replace

    from kiosk.services.checkin import check_in

    anna = registered(desk, "comfort", last="Однократная", first="Анна")
    check_in(replace(desk, name="desk-2"), anna.code)
    again = check_in(desk, anna.code)
    assert again.attendee is not None
    english_window.attendee_card.show_attendee(again.attendee)
    assert english_window.attendee_card.fields["checkins"].text() == "28.11 at 09:05 · desk-2"
    english_window.result_panel.show_result(again, "amber", auto_print=False)
    assert english_window.result_panel.detail.text() == "Came in on 28.11 at 09:05 · desk-2."
