"""Closing a desk while its hub takes packets and answers nothing: once the person said to
close, the app ends within seconds (what is queued stays on disk for the next start), and
nothing it left running on the hub fails when it ends after the desk's objects are gone."""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import shiboken6
from pytestqt.qtbot import QtBot

from kiosk.config import Event
from kiosk.hub.desks import DESK
from kiosk.services.context import Desk
from tests.conftest import FixedClock
from tests.hubs import ROOT, HubProcess, child_environment
from tests.netproxy import Proxy
from tests.ui.conftest import KEY_CLOCK, SilentSounds
from tests.ui.desk.test_desk_window import panel_text, scan, wait_tone
from tests.ui.hub.conftest import DeskOnHub
from tests.ui.hub.offline import back_online, someone_on_the_hub, through, wait_for_replica_of
from ui.common.hub import Station
from ui.common.hub_widgets import join_and_wait
from ui.common.runner import Runner
from ui.common.settings import DeskSettings
from ui.desk.controller import DeskController
from ui.desk.window import DeskWindow

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def test_a_desk_closed_while_its_hub_hangs_ends_at_once_and_its_late_work_fails_nowhere(
    qtbot: QtBot,
    hub: HubProcess,
    proxy: Proxy,
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    home = tmp_path / "desk"
    joined = join_and_wait(event, DESK, "стойка-1", through(proxy, hub.join), home=home)
    assert not isinstance(joined, str), joined
    station = Station(joined.db, event, joined=joined, home=home)
    station.start()
    desk = station.desk(Desk(joined.db, event, name="стойка-1", clock=clock))
    settings = DeskSettings(desk_name="стойка-1", printer="", auto_print=False, sounds=False)
    window = DeskWindow(DeskController(desk, Runner(), settings), SilentSounds(), station=station)  # type: ignore[arg-type]
    window.scanner.clock = KEY_CLOCK
    asked: list[int] = []
    window.confirm_close = lambda waiting: asked.append(waiting) is None
    window.show()
    qtbot.waitExposed(window)
    person = someone_on_the_hub(hub.join, event, clock, tmp_path / "other")
    wait_for_replica_of(qtbot, station, event, person, settled=True)

    proxy.stall()
    scan(qtbot, window, person.code)
    wait_tone(qtbot, window, "green")
    qtbot.waitUntil(lambda: station.link.queued == 1, timeout=5_000)
    station.sync_now()  # waits on the hub for good: a sync is never cut
    qtbot.waitUntil(lambda: station._replica_busy, timeout=5_000)
    time.sleep(0.5)
    stuck = station.runner

    errors: list[BaseException] = []
    before = threading.excepthook
    threading.excepthook = lambda args: errors.append(args.exc_value)  # type: ignore[assignment, arg-type]
    try:
        started = time.monotonic()
        assert window.close()
        station.close()
        took = time.monotonic() - started
        assert asked == [1]  # the person was warned and said to close
        assert took < 4.5, took
        assert stuck.is_busy()  # the sync still waits on the hub...
        assert all(t.daemon for t in threading.enumerate() if t.name.startswith("runner-"))
        lanes = (stuck._writes, stuck._reads, stuck._slow)  # plain Python: they outlive it
        shiboken6.delete(station)  # ...after the station is gone, as at the app's end
        caplog.set_level(logging.DEBUG)
        proxy.heal()  # the stalled connection is cut: the sync ends now
        # The late work ends, its result going nowhere: no error in its thread, nothing said.
        qtbot.waitUntil(lambda: all(lane.wait(time.monotonic()) for lane in lanes), timeout=20_000)
        qtbot.wait(200)
    finally:
        threading.excepthook = before
    assert errors == []
    assert "Signal source has been deleted" not in caplog.text


def test_a_failed_sync_is_taken_off_the_panel_once_the_desk_is_back_on_the_hub(
    qtbot: QtBot,
    hub: HubProcess,
    proxy: Proxy,
    desk_on_hub: DeskOnHub,
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    window, station = desk_on_hub(through(proxy, hub.join), "стойка-1")
    person = someone_on_the_hub(hub.join, event, clock, tmp_path / "other")
    wait_for_replica_of(qtbot, station, event, person, settled=True)

    proxy.refuse()
    qtbot.waitUntil(lambda: station.link.offline, timeout=15_000)
    qtbot.waitUntil(lambda: not station._replica_busy, timeout=5_000)
    window.sync_now()
    qtbot.waitUntil(lambda: "Синхронизировать не получилось" in panel_text(window), timeout=10_000)
    assert window.result_panel.tone == "red"

    proxy.heal()
    back_online(qtbot, station)
    assert "Синхронизировать не получилось" not in panel_text(window)
    assert window.result_panel.tone == "idle"


def test_main_py_on_a_hub_that_hangs_ends_within_seconds_of_being_closed(
    hub: HubProcess, proxy: Proxy, tmp_path: Path
) -> None:
    """The app as started by people: it joins the hub, the hub hangs (its pulls wait for
    good), the window is closed; the process ends, the desk's profile with it."""
    quit_after_s = 14.0
    env = child_environment(tmp_path / "desk", QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1")
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "--db",
            through(proxy, hub.join),
            "--desk",
            "стойка-1",
            "--quit-after-ms",
            str(round(quit_after_s * 1000)),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    started = time.monotonic()
    try:
        time.sleep(6)  # joined, its replica pulled
        proxy.stall()  # the pulls every few seconds now hang until the app is closed
        try:
            _, errors = process.communicate(
                timeout=quit_after_s + 10 - (time.monotonic() - started)
            )
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)  # its threads' stacks, for the failure
            _, errors = process.communicate(timeout=20)
            pytest.fail(f"the app still ran 10 s after it was closed:\n{errors[-4000:]}")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, errors[-4000:]
    assert "Traceback" not in errors
    log = (tmp_path / "desk" / "kiosk" / "log" / "desk.log").read_text(encoding="utf-8")
    assert "RuntimeError" not in log
