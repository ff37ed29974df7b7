"""A hub's join code scanned wherever the focus is: in the settings it joins that hub (never
lands in the desk's name), at the desk's window it offers to join (never searched for)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from kiosk.config import Event
from kiosk.db import Database
from kiosk.hub.join import JoinCode
from kiosk.services.context import Desk
from tests.hubs import free_port
from tests.ui.conftest import KEY_CLOCK, SilentSounds
from tests.ui.desk.test_desk_window import scan
from tests.ui.hub.conftest import assert_no_part_of
from tests.ui.kiosk.test_kiosk import scan as kiosk_scan
from ui.common.hub import Station
from ui.common.hub_widgets import CHECK_DELAY_MS
from ui.common.runner import Runner
from ui.common.settings import DeskSettings
from ui.desk.controller import DeskController
from ui.desk.dialogs import SettingsDialog
from ui.desk.window import DeskWindow
from ui.kiosk.window import KioskWindow


def a_join_code() -> str:
    """A well-formed code (of a hub that is not there): its last groups read as a badge code."""
    return JoinCode("127.0.0.1", free_port(), "kiosk", "kiosk_desk", "pass", bytes(16)).encode()


@pytest.fixture
def desk_window(qtbot: QtBot, db: Database, event: Event, desk: Desk) -> Iterator[DeskWindow]:
    station = Station(db, event, desk_name="desk-1")
    station.start()
    controller = DeskController(desk, Runner(), DeskSettings(desk_name="desk-1", printer=""))
    window = DeskWindow(controller, SilentSounds(), station=station)  # type: ignore[arg-type]
    window.scanner.clock = KEY_CLOCK
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    controller.runner.wait()
    QApplication.processEvents()
    window.close()
    station.stop()


def test_a_join_code_scanned_in_the_desk_name_field_joins_instead(
    qtbot: QtBot, desk_window: DeskWindow
) -> None:
    settings = desk_window.controller.settings
    dialog = SettingsDialog(settings, desk_window, station=desk_window.station)
    dialog.setModal(True)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.desk_name.setFocus()
    qtbot.waitUntil(dialog.desk_name.hasFocus)
    assert dialog.hub is not None
    code = a_join_code()
    tries: list[str] = []
    dialog.hub.field.complete.connect(tries.append)
    with qtbot.waitSignal(dialog.hub.field.complete) as joined:
        scan(qtbot, desk_window, code)
    assert joined.args == [code]
    qtbot.wait(CHECK_DELAY_MS * 2)
    assert tries == [code]  # joined once, not again when the field's own check comes
    assert dialog.desk_name.text() == "desk-1"
    assert_no_part_of(code, dialog.hub.message.text())
    hub = dialog.hub
    qtbot.waitUntil(lambda: hub.joining is not None and not hub.joining.running, timeout=15_000)
    dialog.close()


def test_a_join_code_scanned_at_the_window_offers_to_join_and_is_not_searched(
    qtbot: QtBot, desk_window: DeskWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool] = []
    desk_window.confirm_join = lambda: asked.append(True) or False
    opened: list[str] = []
    monkeypatch.setattr(desk_window, "open_settings", lambda join="": opened.append(join))
    desk_window.search_input.setFocus()
    code = a_join_code()
    scan(qtbot, desk_window, code)
    assert asked == [True]
    assert desk_window.search_input.text() == ""
    assert_no_part_of(code, desk_window.result_panel.summary())
    desk_window.confirm_join = lambda: True
    scan(qtbot, desk_window, code)
    assert opened == [code]


def test_a_join_code_scanned_on_the_kiosks_staff_screen_goes_to_its_join_field(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    kiosk.go(kiosk.staff)
    kiosk.staff.sign_ups.setFocus()
    qtbot.waitUntil(kiosk.staff.sign_ups.hasFocus)
    chosen = kiosk.staff.sign_ups.currentIndex()
    code = a_join_code()
    with qtbot.waitSignal(kiosk.staff.join_field.complete) as joined:
        kiosk_scan(qtbot, kiosk, code)
    assert joined.args == [code]
    assert kiosk.staff.sign_ups.currentIndex() == chosen


def test_a_join_code_scanned_by_a_visitor_is_not_a_badge_and_not_shown(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    code = a_join_code()
    kiosk_scan(qtbot, kiosk, code)
    assert kiosk.current() is kiosk.desk_screen
    assert kiosk.desk_screen.not_a_badge
    assert_no_part_of(code, kiosk.desk_screen.sentence.text())


def test_a_join_code_scanned_at_the_first_start_joins_that_hub(
    qtbot: QtBot, desk_window: DeskWindow
) -> None:
    from ui.desk.first_start import FirstStartDialog

    dialog = FirstStartDialog(desk_window.controller, desk_window, station=desk_window.station)
    dialog.setModal(True)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.demo_button.setFocus()
    qtbot.waitUntil(dialog.demo_button.hasFocus)
    assert dialog.join_button.isVisible()
    assert "присоединитесь к нему" in dialog.findChildren(QLabel)[0].text()
    code = a_join_code()
    tries: list[str] = []
    dialog.join_field.complete.connect(tries.append)
    with qtbot.waitSignal(dialog.join_field.complete) as joined:
        scan(qtbot, desk_window, code)
    assert joined.args == [code]
    qtbot.wait(CHECK_DELAY_MS * 2)
    assert tries == [code]
    qtbot.waitUntil(lambda: "не отвечает" in dialog.status.text(), timeout=15_000)
    assert_no_part_of(code, dialog.status.text())
    assert dialog.demo_button.isEnabled()  # the desk may still choose another way
    dialog.close()
