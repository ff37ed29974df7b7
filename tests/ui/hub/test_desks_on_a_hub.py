"""Several desks on one hub, as staff see them: another desk's check-in shows within a second,
the status line says where the data is, a desk joins from its settings by the hub's code (and
is asked for another name when its own is taken), a kiosk joins from its staff screen."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from kiosk.config import Event
from kiosk.db import Database
from kiosk.hub import desks
from kiosk.hub.desks import DESK, KIOSK
from kiosk.services import checkin, selfservice
from kiosk.services import stats as stats_service
from kiosk.services.context import Desk
from tests.conftest import FixedClock
from tests.core.factories import registered
from tests.hubs import HubProcess
from tests.ui.conftest import KEY_CLOCK, PIN, SilentSounds
from tests.ui.desk.test_desk_window import RUSSIAN_LAYOUT, scan
from tests.ui.hub.conftest import DeskOnHub, code_parts
from ui.common.hub import NameQuestion, Place, Station, masked
from ui.common.runner import Runner
from ui.common.settings import DeskSettings
from ui.desk.controller import DeskController
from ui.desk.dialogs import SettingsDialog
from ui.desk.window import DeskWindow
from ui.kiosk.controller import KioskController
from ui.kiosk.window import KioskWindow

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

CONFERENCE = date(2026, 11, 28)


@pytest.fixture(scope="module")
def other_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("other-desk")


@pytest.fixture
def other_desk(
    shared_hub: HubProcess, event: Event, clock: FixedClock, other_home: Path
) -> Iterator[Desk]:
    """Another desk of the hub (the same laptop in every test), working through the core."""
    code, db = desks.open_hub(shared_hub.join, event, other_home)
    me = desks.register(db, desks.installation(code, DESK, other_home), "стойка-А")
    yield Desk(db, event, name=me.name, clock=clock)
    db.dispose()


@pytest.fixture
def laptop_station(qtbot: QtBot, db: Database, event: Event, tmp_path: Path) -> Iterator[Station]:
    station = Station(db, event, desk_name="desk-1", home=tmp_path / "home")
    station.start()
    yield station
    station.stop()


def test_a_check_in_at_another_desk_shows_in_this_desks_window_within_a_second(
    qtbot: QtBot, shared_hub: HubProcess, desk_on_hub: DeskOnHub, other_desk: Desk
) -> None:
    window, station = desk_on_hub(shared_hub.join, "стойка-Б")
    qtbot.waitUntil(lambda: station.link.ready, timeout=10_000)
    person = registered(other_desk, last="Живов", first="Пётр")
    window.search_input.setText("Живов")
    qtbot.waitUntil(
        lambda: (
            window.attendee_card.attendee is not None
            and window.attendee_card.attendee.id == person.id
        ),
        timeout=5000,
    )

    checkin.check_in(other_desk, person.code)
    committed = time.monotonic()
    arrived = stats_service.stats(other_desk, CONFERENCE).for_day(CONFERENCE)
    assert arrived is not None

    def shown() -> bool:
        row = window.results_model.rows[0]
        card = window.attendee_card.attendee
        return (
            row.checkin_on(CONFERENCE) is not None
            and card is not None
            and card.checkin_on(CONFERENCE) is not None
            and f"пришли {arrived.checked_in} из" in window.status_strip.text().replace("\xa0", " ")
        )

    qtbot.waitUntil(shown, timeout=1000)
    assert time.monotonic() - committed < 1.0


def test_the_status_line_names_this_desk_and_counts_the_connected_desks(
    qtbot: QtBot, shared_hub: HubProcess, desk_on_hub: DeskOnHub, other_desk: Desk
) -> None:
    window, station = desk_on_hub(shared_hub.join, "стойка-В")
    qtbot.waitUntil(lambda: "стойка-В ·" in window.hub_status.text(), timeout=10_000)
    connected = [d for d in station.link.desks if d.connected]
    assert {"стойка-А", "стойка-В"} <= {d.name for d in connected}
    assert window.hub_status.text().startswith("Хаб: стойка-В · ")
    assert "стойки" in window.hub_status.text() or "стоек" in window.hub_status.text()
    assert "стойка-А" in window.hub_status.toolTip()


def test_a_desk_joins_the_hub_from_its_settings_by_the_code_and_picks_a_free_name(
    qtbot: QtBot,
    shared_hub: HubProcess,
    event: Event,
    desk: Desk,
    laptop_station: Station,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, hub_db = desks.open_hub(shared_hub.join, event, tmp_path / "first")
    desks.register(hub_db, desks.installation(code, DESK, tmp_path / "first"), "Северный вход")
    asked: list[NameQuestion] = []

    def answer(_parent: object, question: NameQuestion) -> tuple[str, bool]:
        asked.append(question)
        return (question.suggestion, False)

    monkeypatch.setattr("ui.common.hub_widgets.ask_desk_name", answer)
    settings = DeskSettings(desk_name="Северный вход", printer="", auto_print=False)
    controller = DeskController(laptop_station.desk(desk), Runner(), settings)
    window = DeskWindow(controller, SilentSounds(), station=laptop_station)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    assert window.hub_status.text() == "Данные: на этом ноутбуке"
    dialog = SettingsDialog(settings, window, station=laptop_station)
    qtbot.addWidget(dialog)
    assert dialog.hub is not None

    window.scanner.clock = KEY_CLOCK
    dialog.show()
    dialog.activateWindow()
    dialog.hub.field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.hub.field)
    # The USB scanner reads the hub's QR and types it, here under the Russian layout.
    scan(qtbot, window, shared_hub.join.translate(RUSSIAN_LAYOUT))
    assert dialog.isVisible()  # the scan's Enter pressed no button of the form
    qtbot.waitUntil(
        lambda: laptop_station.link.place is Place.HUB and laptop_station.link.ready,
        timeout=15_000,
    )

    assert [q.suggestion for q in asked] == ["Северный вход-2"]
    assert "Северный вход" in asked[0].text
    assert laptop_station.link.place is Place.HUB
    assert controller.desk.db is laptop_station.db
    assert controller.desk.name == "Северный вход-2"
    qtbot.waitUntil(lambda: window.hub_status.text().startswith("Хаб: Северный вход-2 · "))
    assert "Северный вход-2" in window.windowTitle()
    assert dialog.desk_name.text() == "Северный вход-2"  # saving keeps the name it got
    # Remembered for the next start, in a settings file only its owner reads.
    store = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "kiosk-desk", "desk")
    assert store.value("hub_join") == shared_hub.join
    assert stat.S_IMODE(os.stat(store.fileName()).st_mode) == 0o600
    # The settings never show the code: the field hides it, the line is masked.
    assert dialog.hub.field.echoMode() == dialog.hub.field.EchoMode.Password
    shown = dialog.hub.state.text()
    assert masked(shared_hub.join) in shown
    assert [p for p in code_parts(shared_hub.join)[:-1] if p in shown] == []
    controller.runner.wait()
    hub_db.dispose()


def test_a_renamed_desk_keeps_its_name_when_another_desk_has_the_new_one(
    qtbot: QtBot, shared_hub: HubProcess, desk_on_hub: DeskOnHub, other_desk: Desk
) -> None:
    window, station = desk_on_hub(shared_hub.join, "стойка-Г")
    failures: list[Exception] = []
    station.rename("стойка-А", lambda _name: None, failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert "стойка-А" in str(failures[0])
    assert window.controller.desk.name == "стойка-Г"


def test_a_kiosk_joins_the_hub_from_its_staff_screen_and_is_numbered(
    qtbot: QtBot,
    shared_hub: HubProcess,
    event: Event,
    desk: Desk,
    other_desk: Desk,
    kiosk_settings: DeskSettings,
    translations: object,
    tmp_path: Path,
) -> None:
    selfservice.set_pin(other_desk.db, PIN)  # the hub's staff PIN, set at another desk
    station = Station(desk.db, event, kind=KIOSK, home=tmp_path / "kiosk-home")
    controller = KioskController(station.desk(desk), Runner(), kiosk_settings)
    window = KioskWindow(
        controller,
        set_language=translations.use,  # type: ignore[attr-defined]
        lockdown=False,
        station=station,
    )
    qtbot.addWidget(window)
    window.show_kiosk()
    window.show_staff()
    try:
        window.staff.join_field.setText(shared_hub.join)
        qtbot.waitUntil(lambda: station.link.place is Place.HUB, timeout=15_000)
        assert station.me is not None
        assert station.me.name.startswith("киоск-")
        assert controller.desk.db is station.db
        assert controller.desk.name == station.me.name
        assert station.me.name in window.staff.hub_state.text()
        assert "Киоск теперь работает через хаб" in window.staff.join_message.text()
    finally:
        controller.runner.wait()
        window.leave()
        station.close()


def test_the_desk_starts_on_the_hub_its_settings_remember(
    shared_hub: HubProcess, event: Event
) -> None:
    from ui.app import open_station, parse_args

    settings = DeskSettings(desk_name="стойка-Д", hub_join=shared_hub.join)
    station = open_station(parse_args([]), event, settings)
    assert station is not None
    try:
        assert station.link.place is Place.HUB
        assert station.me is not None and station.me.name == "стойка-Д"
        assert station.db.engine.dialect.name == "postgresql"
    finally:
        station.close()


def test_a_new_desk_joins_the_hub_from_its_first_start(
    qtbot: QtBot,
    shared_hub: HubProcess,
    desk: Desk,
    laptop_station: Station,
) -> None:
    from ui.desk.first_start import FirstStartDialog

    settings = DeskSettings(desk_name="стойка-Е", printer="", auto_print=False)
    controller = DeskController(laptop_station.desk(desk), Runner(), settings)
    window = DeskWindow(controller, SilentSounds(), station=laptop_station)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    dialog = FirstStartDialog(controller, window, station=laptop_station)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.join_button.text() == "Присоединиться к хабу (отсканировать или вставить код)…"
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    assert dialog.join_field.isVisible()
    dialog.join_field.setText(shared_hub.join)  # pasted
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=15_000)
    assert laptop_station.link.place is Place.HUB
    assert controller.desk.name == "стойка-Е"
    controller.runner.wait()


def test_a_desk_never_named_gets_the_hubs_next_number_without_a_question(
    shared_hub: HubProcess, event: Event, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.common.hub_widgets import join_and_wait

    code, hub_db = desks.open_hub(shared_hub.join, event, tmp_path / "first")
    with contextlib.suppress(desks.DeskNameTaken):
        desks.register(hub_db, desks.installation(code, DESK, tmp_path / "first"), "стойка-1")
    hub_db.dispose()
    asked: list[NameQuestion] = []
    monkeypatch.setattr("ui.common.hub_widgets.ask_desk_name", lambda _p, q: asked.append(q))
    unnamed = DeskSettings()
    assert unnamed.name == "стойка-1"  # on its own laptop
    joined = join_and_wait(event, DESK, unnamed.desk_name, shared_hub.join, home=tmp_path / "new")
    assert not isinstance(joined, str), joined
    try:
        assert asked == []
        assert re.fullmatch(r"стойка-\d+", joined.me.name)
        assert joined.me.name != "стойка-1"
    finally:
        joined.db.dispose()
