"""The station without a hub: a desk on this laptop's file hears another process writing to it,
keeps the name given in its settings, and a server out of reach turns the status line red."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from kiosk.config import Event
from kiosk.db import Database, open_database
from kiosk.services import lookup
from kiosk.services.context import Desk
from tests.conftest import FixedClock
from tests.core.factories import registered
from tests.ui.conftest import SilentSounds
from ui.common.hub import Link, Place, Station
from ui.common.hub_widgets import HubStatus
from ui.common.runner import Runner
from ui.common.settings import DeskSettings
from ui.desk.controller import DeskController
from ui.desk.window import DeskWindow
from ui.kiosk.window import KioskWindow


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


def test_a_kiosk_out_of_reach_of_its_hub_sends_the_visitor_to_the_desk(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk
) -> None:
    person = registered(desk)
    kiosk.controller.set_link(Link(Place.HUB, False, "киоск-1"))
    kiosk.controller.scanned(person.code)
    assert kiosk.current() is kiosk.desk_screen
    assert "нет связи" in kiosk.desk_screen.message.lower()
    kiosk.controller.runner.wait()
    assert lookup.get_by_code(desk, person.code).checkins == ()  # type: ignore[union-attr]


def test_the_list_of_desks_shows_who_is_connected_and_their_last_action(
    qtbot: QtBot, event: Event
) -> None:
    from datetime import UTC, datetime, timedelta

    from kiosk.hub.desks import DESK, KIOSK, DeskActivity
    from ui.common.hub_widgets import DesksDialog

    seen = datetime(2026, 11, 27, 23, 5, tzinfo=UTC)
    desks = (
        DeskActivity("1", "стойка-1", DESK, True, seen, seen - timedelta(minutes=1)),
        DeskActivity("2", "киоск-1", KIOSK, False, seen - timedelta(hours=1), None),
    )
    dialog = DesksDialog(event, Link(Place.HUB, True, "стойка-1", desks))
    qtbot.addWidget(dialog)
    cells = [[dialog.table.item(row, column).text() for column in range(4)] for row in range(2)]
    assert cells[0][:2] == ["стойка-1 ★", "на связи"]
    assert "09:04" in cells[0][3]
    assert cells[1][:2] == ["киоск-1", "не на связи"]
    assert cells[1][3] == "—"


def test_a_burst_of_other_desks_writes_refreshes_this_desk_a_few_times_not_at_each(
    qtbot: QtBot, station: Station
) -> None:
    heard: list[float] = []
    station.changed.connect(lambda: heard.append(time.monotonic()))
    started = time.monotonic()
    for _ in range(40):  # forty notifications within a second
        station._heard.emit(station._generation)
        qtbot.wait(25)
    qtbot.wait(500)
    assert heard and heard[0] - started < 0.2  # the first at once
    assert len(heard) <= 4
    assert heard[-1] > started + 0.9  # the last writes are shown too


def test_the_settings_show_the_name_the_hub_gave_after_a_name_clash(
    qtbot: QtBot,
    station: Station,
    desk: Desk,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ui.desk.dialogs import SettingsDialog

    controller = DeskController(desk, Runner(), DeskSettings(desk_name="desk-1", printer=""))
    window = DeskWindow(controller, SilentSounds(), station=station)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    shown: list[str] = []

    def join_under_another_name(dialog: SettingsDialog) -> int:
        station.set_desk_name("desk-2")  # «desk-1» was another desk's: joined as «desk-2»
        shown.append(dialog.desk_name.text())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "exec", join_under_another_name)
    window.open_settings()
    assert shown == ["desk-2"]
    assert controller.desk.name == "desk-2"
    assert station.link.desk_name == "desk-2"
    controller.runner.wait()


def test_a_desk_saved_under_the_old_default_name_counts_as_not_named() -> None:
    from PySide6.QtCore import QSettings

    from ui.common.settings import load_settings

    store = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "kiosk-desk", "desk")
    store.setValue("desk_name", "desk-1")
    store.sync()
    settings = load_settings()
    assert settings.desk_name == ""
    assert settings.name == "стойка-1"
    store.setValue("desk_name", "Северный вход")
    store.sync()
    assert load_settings().name == "Северный вход"


def test_the_join_code_in_the_settings_file_stays_private_and_goes_when_the_desk_leaves(
    station: Station,
) -> None:
    """What the README says of `desk.ini`: owner-only, also when an older version left it
    readable, and «Отключиться от хаба» takes the code out of it."""
    import os
    import stat

    from PySide6.QtCore import QSettings

    from kiosk.hub.join import JoinCode
    from ui.common.settings import load_settings, save_hub_settings

    code = JoinCode("192.0.2.10", 5444, "kiosk", "kiosk_desk", "pass", bytes(16)).encode()
    save_hub_settings(code, False)
    store = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "kiosk-desk", "desk")
    os.chmod(store.fileName(), 0o644)  # as an older version under a lax umask left it
    assert load_settings().hub_join == code
    assert stat.S_IMODE(os.stat(store.fileName()).st_mode) == 0o600
    station.use_laptop(station.db)
    assert load_settings().hub_join == ""
    with open(store.fileName(), encoding="utf-8") as written:
        assert code not in written.read()


def test_after_a_sync_that_sent_the_desks_actions_the_card_on_screen_is_read_again(
    qtbot: QtBot, db: Database, event: Event, desk: Desk, clock: FixedClock
) -> None:
    """The hub may keep another desk's earlier entry instead of the one this desk made
    offline: once the sync is done, the card shows what the hub holds."""
    from kiosk.offline.sync import SyncResult
    from kiosk.services import checkin

    station = Station(db, event, desk_name="desk-1")  # not started: nothing else is heard

    controller = DeskController(desk, Runner(), DeskSettings(desk_name="desk-1", printer=""))
    window = DeskWindow(controller, SilentSounds(), station=station)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    person = registered(desk, "comfort")
    window.attendee_card.show_attendee(person)  # the card as the desk left it
    checkin.check_in(Desk(db, event, name="стойка-A", clock=clock), person.code)
    station._replica_busy = True  # a sync running: it sent one action, the hub decided on it
    station._replica_done(station._generation, [], SyncResult(sent=1, conflicts=1), None)

    def card_fresh() -> bool:
        shown = window.attendee_card.attendee
        return shown is not None and bool(shown.checkins)

    qtbot.waitUntil(card_fresh, timeout=5000)
    controller.runner.wait()
    window.close()
    station.stop()


def test_the_offline_status_line_says_how_many_queued_are_refused_scans(
    qtbot: QtBot, event: Event, clock: FixedClock
) -> None:
    """A refusal at the door is queued for the hub to record: the count says so, so that
    «2 в очереди» is not read as two people let in."""
    status = HubStatus(event)
    qtbot.addWidget(status)
    link = Link(Place.HUB, False, "стойка-1", offline=True, queued=2, data_at=clock())
    status.show_link(link)
    assert status.text() == "офлайн · 2 в очереди · данные от 09:05"
    assert "Отказы на входе" not in status.toolTip()
    status.show_link(replace(link, refusals=1))
    assert status.text() == "офлайн · 2 в очереди (из них отказов на входе: 1) · данные от 09:05"
    assert "Отказы на входе тоже стоят в очереди" in status.toolTip()


def test_a_desk_with_no_operator_named_records_the_laptop_sessions_user(
    qtbot: QtBot,
    station: Station,
    desk: Desk,
    event: Event,
    print_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The check-in export's operator column says whose session took each check-in, as for
    the `kiosk` command; an operator named in the settings is recorded instead."""
    import getpass

    from kiosk.services.exporting import checkin_rows
    from ui.app import start_desk

    monkeypatch.setattr(getpass, "getuser", lambda: "registration")
    person = registered(desk)
    window = start_desk(station, event, DeskSettings(printer=f"pdf:{print_folder}"))
    qtbot.addWidget(window)
    controller = window.controller
    assert controller.desk.operator == "registration"
    controller.check_in_attendee(person.id)
    controller.runner.wait()
    exported = list(checkin_rows(desk))
    assert exported[1][7] == "registration"  # «Оператор», after the heading row

    controller.update_settings(replace(controller.settings, operator="Анна Петрова"))
    assert controller.desk.operator == "Анна Петрова"
    controller.update_settings(replace(controller.settings, operator=""))
    assert controller.desk.operator == "registration"
    window.close()
