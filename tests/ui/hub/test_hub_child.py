"""The hub the desk app runs for «Этот ноутбук — хаб» ends with the app, also when the app is
killed (kill -9, a crash): no hub is left running on the laptop, holding its data folder."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.hubs import (
    ROOT,
    backend_of,
    child_environment,
    free_port,
    private_folder,
    running,
    skip_without_postgres,
    wait_gone,
)

APP = """
import sys
from PySide6.QtCore import QCoreApplication
from ui.common.hub import HubHost

app = QCoreApplication([])
host = HubHost(None, extra=tuple(sys.argv[1:]))
host.ready.connect(lambda _announced: print(host.process.processId(), flush=True))
host.failed.connect(lambda text: (print("failed", text, flush=True), app.exit(1)))
host.start()
app.exec()
"""


def test_the_hub_of_a_killed_desk_app_stops_with_it(tmp_path: Path) -> None:
    skip_without_postgres()
    data = private_folder("kiosk-test-hub-")
    home = tmp_path / "home"
    arguments = ["--data", str(data), "--port", str(free_port()), "--listen", "127.0.0.1"]
    app = subprocess.Popen(
        [sys.executable, "-c", APP, *arguments],
        stdout=subprocess.PIPE,
        text=True,
        env={**child_environment(home), "QT_QPA_PLATFORM": "offscreen"},
        cwd=ROOT,
    )
    hub_pid = server_pid = 0
    try:
        assert app.stdout is not None
        said = app.stdout.readline().strip()
        assert said.isdigit(), said
        hub_pid, server_pid = int(said), backend_of(data).pid
        assert running(hub_pid) and running(server_pid)
        os.kill(app.pid, signal.SIGKILL)  # the app crashes
        app.wait(10)
        assert wait_gone(hub_pid, 30), "the hub runs on without its app"
        assert wait_gone(server_pid, 30), "its database server runs on"
    finally:
        if app.poll() is None:
            app.kill()
        for pid in (hub_pid, server_pid):
            if pid and running(pid):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(data, ignore_errors=True)


def test_the_app_hears_its_hubs_database_restarting_and_back(qtbot: QtBot, tmp_path: Path) -> None:
    """kill -9 of the database under the app's own hub: the hub starts it again, and the app
    holds the hub's words meanwhile (the status line's reason while the hub is out of reach),
    then clears them."""
    from ui.common.hub import HubHost

    skip_without_postgres()
    data = private_folder("kiosk-test-hub-")
    arguments = ("--data", str(data), "--port", str(free_port()), "--listen", "127.0.0.1")
    host = HubHost(None, extra=arguments)
    heard: list[str] = []
    try:
        with qtbot.waitSignal(host.ready, timeout=60_000):
            host.start()
        os.kill(backend_of(data).pid, signal.SIGKILL)

        def restarting() -> bool:
            heard.append(host.restarting)
            return bool(host.restarting)

        qtbot.waitUntil(restarting, timeout=15_000)
        assert "запускаю её снова" in host.restarting
        qtbot.waitUntil(lambda: host.restarting == "", timeout=60_000)
        assert host.running and host.problem == ""
    finally:
        host.stop()
        shutil.rmtree(data, ignore_errors=True)


def test_the_apps_hub_killed_with_9_starts_again_over_the_server_it_left(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """kill -9 of the app's hub alone leaves its database server running: turning the hub on
    again stops that server and starts the hub afresh (not «the folder is in use»)."""
    from ui.common.hub import HubHost

    skip_without_postgres()
    data = private_folder("kiosk-test-hub-")
    arguments = ("--data", str(data), "--port", str(free_port()), "--listen", "127.0.0.1")
    host = HubHost(None, extra=arguments)
    left = 0
    try:
        with qtbot.waitSignal(host.ready, timeout=60_000):
            host.start()
        left = backend_of(data).pid
        with qtbot.waitSignal(host.failed, timeout=30_000):
            os.kill(host.process.processId(), signal.SIGKILL)
        assert running(left)

        with qtbot.waitSignal(host.ready, timeout=60_000):
            host.start()
        assert host.problem == ""
        assert wait_gone(left, 30)
        assert running(backend_of(data).pid)
    finally:
        host.stop()
        if left and running(left):
            os.kill(left, signal.SIGKILL)
        shutil.rmtree(data, ignore_errors=True)
