"""A hub that ends without stopping its PostgreSQL (kill -9) leaves it running: the next
`kiosk hub start` on the folder stops it and starts afresh, with the same join code and data.
A closed terminal (SIGHUP) stops the hub and its PostgreSQL cleanly, as Ctrl+C does."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import Event
from kiosk.hub import desks, postgres
from kiosk.hub.postgres import EmbeddedServer
from kiosk.services.context import Desk
from tests.conftest import FixedClock
from tests.core.factories import registered
from tests.hubs import (
    ROOT,
    HubProcess,
    backend_of,
    child_environment,
    free_port,
    kiosk_command,
    private_folder,
    run_desk,
    running,
    skip_without_postgres,
    start_hub_process,
    wait_gone,
)


def attendees(home: Path, join: str) -> int:
    """The number of attendees a desk's `kiosk stats` sees on the hub (not on a copy)."""
    result = run_desk(home, join, "stats", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""  # the hub itself answered
    number: int = json.loads(result.stdout)["attendees"]
    return number


@pytest.mark.postgres
@pytest.mark.slow
def test_a_hub_killed_with_9_is_started_again_on_its_folder_stopping_the_server_it_left(
    hub_home: Path, tmp_path: Path, event: Event, clock: FixedClock
) -> None:
    skip_without_postgres()
    data = private_folder("kiosk-test-hub-")
    first = start_hub_process(data, hub_home)
    second: HubProcess | None = None
    left = backend_of(data).pid
    try:
        _, writer = desks.open_hub(first.join, event, tmp_path / "writer")
        try:
            registered(Desk(writer, event, name="стойка-1", clock=clock))
        finally:
            writer.dispose()
        desk = tmp_path / "desk"
        assert attendees(desk, first.join) == 1
        assert json.loads(first.output[0])["took_over"] is False

        os.kill(first.process.pid, signal.SIGKILL)
        first.process.wait(30)
        assert running(left)  # its PostgreSQL runs on, with nobody to stop it

        second = start_hub_process(data, hub_home, port=first.port)
        assert json.loads(second.output[0])["took_over"] is True
        assert wait_gone(left, 30)
        assert backend_of(data).pid != left
        assert second.join == first.join  # the desks' code still holds
        assert attendees(desk, first.join) == 1  # the same data
        assert second.stop() == 0
        assert second.process.stderr is not None
        assert second.process.stderr.read() == ""
    finally:
        first.kill()
        if second is not None:
            second.kill()
        if running(left):
            os.kill(left, signal.SIGKILL)
        shutil.rmtree(data, ignore_errors=True)


@pytest.mark.postgres
@pytest.mark.slow
def test_the_start_says_in_one_line_that_it_stopped_the_server_a_killed_hub_left(
    hub_home: Path,
) -> None:
    skip_without_postgres()
    data = private_folder("kiosk-test-hub-")
    first = start_hub_process(data, hub_home)
    left = backend_of(data).pid
    second: subprocess.Popen[str] | None = None
    try:
        first.process.kill()
        first.process.wait(30)
        command = kiosk_command(
            "hub", "start", "--data", str(data), "--port", str(free_port()),
            "--listen", "127.0.0.1",
        )  # fmt: skip
        second = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_environment(hub_home),
            cwd=ROOT,
        )
        assert second.stdout is not None
        said = second.stdout.readline().strip()
        assert said == (
            "Сервер базы данных прежнего хаба ещё работал: остановлен, хаб запускается заново."
        )
        assert second.stdout.readline().startswith("Хаб работает: ")
        assert not running(left)
        second.send_signal(signal.SIGINT)
        out, errors = second.communicate(timeout=30)
        assert second.returncode == 0
        assert out.rstrip().endswith("Хаб остановлен.")
        assert errors == ""
    finally:
        first.kill()
        if second is not None and second.poll() is None:
            second.kill()
            second.wait(30)
        if running(left):
            os.kill(left, signal.SIGKILL)
        shutil.rmtree(data, ignore_errors=True)


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="no SIGHUP on Windows")
def test_sighup_stops_the_hub_and_its_database_cleanly(hub: HubProcess) -> None:
    server = backend_of(hub.data).pid
    hub.process.send_signal(signal.SIGHUP)  # its terminal closed
    assert hub.process.wait(30) == 0
    assert wait_gone(server, 30)
    assert not (hub.data / "postgres" / "postmaster.pid").exists()
    assert hub.process.stderr is not None
    assert hub.process.stderr.read() == ""


def test_a_stale_pid_file_of_another_program_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a power cut the pid in postmaster.pid may be some other program's: that program
    is not the folder's server, and is not stopped."""
    monkeypatch.setattr(postgres, "PROOF_TIMEOUT_S", 0.5)
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        server = EmbeddedServer(tmp_path / "hub")
        server.pgdata.mkdir(parents=True)
        (server.folder / "admin.password").write_text("secret")
        (server.pgdata / "postmaster.pid").write_text(
            f"{other.pid}\n{server.pgdata}\n1700000000\n{free_port()}\n\n127.0.0.1\n0 0\nready\n"
        )
        try:
            assert server.claim() is False
        finally:
            server.release()
        assert other.poll() is None
    finally:
        other.kill()
        other.wait(10)


def test_a_folder_held_by_a_running_hub_is_refused_with_what_to_do(tmp_path: Path) -> None:
    folder = tmp_path / "hub"
    holder = EmbeddedServer(folder)
    assert holder.claim() is False
    code = (
        "import sys; from pathlib import Path; from kiosk.hub.postgres import EmbeddedServer, "
        "HubServerError\ntry:\n    EmbeddedServer(Path(sys.argv[1])).claim()\n"
        "except HubServerError as exc:\n    print(exc)"
    )
    try:
        other = subprocess.run(
            [sys.executable, "-c", code, str(folder)],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "KIOSK_LANG": "en"},
        )
        assert "is in use by another database server" in other.stdout, other.stderr
    finally:
        holder.release()
    again = EmbeddedServer(folder)
    assert again.claim() is False  # let go: the next hub takes it
    again.release()
