"""The station without a hub: a desk on this laptop's file hears another process writing to it,
keeps the name given in its settings, and a server out of reach turns the status line red."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from kiosk.config import Event
from kiosk.db import Database, open_database
from kiosk.services.context import Desk
from tests.conftest import FixedClock
from tests.core.factories import registered
from tests.ui.conftest import SilentSounds
from ui.common.hub import Place, Station
from ui.common.hub_widgets import HubStatus
from ui.common.runner import Runner
from ui.common.settings import DeskSettings
from ui.desk.controller import DeskController
from ui.desk.window import DeskWindow


@pytest.fixture
def station(db: Database, event: Event) -> Iterator[Station]:
    running = Station(db, event, desk_name="desk-1")
    running.start()
    yield running
    running.stop()


def test_a_write_by_another_process_to_the_same_file_is_heard(
    qtbot: QtBot, station: Station, db_url: str, event: Event, clock: FixedClock
) -> None:
    qtbot.wait(2500)  # the first poll: what is there now is the starting point
    other = open_database(db_url, event)
    try:
        with qtbot.waitSignal(station.changed, timeout=5000):
            registered(Desk(other, event, clock=clock))
    finally:
        other.dispose()


def test_a_desk_renamed_in_its_settings_keeps_the_new_name(
    qtbot: QtBot,
    station: Station,
    desk: Desk,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ui.desk.dialogs import SettingsDialog

    controller = DeskController(desk, Runner(), DeskSettings(desk_name="desk-1", printer=""))
    window = DeskWindow(controller, SilentSounds(), station=station)  # type: ignore[arg-type]
    qtbot.addWidget(window)

    def accept(dialog: SettingsDialog) -> int:
        dialog.desk_name.setText("стойка-7")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "exec", accept)
    window.open_settings()
    assert controller.desk.name == "стойка-7"
    assert station.link.desk_name == "стойка-7"
    assert "стойка-7" in window.windowTitle()
    controller.runner.wait()


def test_a_server_out_of_reach_turns_the_status_line_red(
    qtbot: QtBot, station: Station, event: Event
) -> None:
    from dataclasses import replace

    station.link = replace(station.link, place=Place.SERVER, reachable=True, where="db:5432/k")
    status = HubStatus(event)
    qtbot.addWidget(status)
    station.link_changed.connect(status.show_link)
    station.connection_lost()
    assert station.link.reachable is False
    assert status.text() == "Нет связи с базой данных — отметки не принимаются"


def test_a_laptop_file_is_never_out_of_reach(station: Station) -> None:
    station.connection_lost()
    assert station.link.place is Place.LAPTOP
    assert station.link.ready
