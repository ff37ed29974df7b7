"""A real X server for the tests that offscreen Qt cannot answer (focus, dialogs, window
managers, full screen): Xvfb, optionally the openbox window manager, and xdotool as the
USB scanner — a burst of keys a few milliseconds apart, then Enter."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.config import load_event

ROOT = Path(__file__).resolve().parent.parent.parent
EVENT_FILE = ROOT / "resources" / "events" / "servicenext-2026.toml"
SCREEN = (1280, 720)

needs_x11 = pytest.mark.skipif(
    not sys.platform.startswith("linux")
    or not all(shutil.which(tool) for tool in ("Xvfb", "xdotool", "xwininfo", "setxkbmap")),
    reason="needs Xvfb, xdotool, xwininfo and setxkbmap (.ci/run installs them: apt install "
    "xvfb xdotool x11-utils x11-xkb-utils openbox)",
)


@dataclass
class XServer:
    display: str
    wm: bool

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        return {**env, "DISPLAY": self.display, "QT_QPA_PLATFORM": "xcb"}

    def xdotool(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=30
        )
        if check and done.returncode != 0:
            raise AssertionError(f"xdotool {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout.strip()

    def windows(self, pid: int) -> list[str]:
        """The visible top-level windows of a process."""
        out = self.xdotool("search", "--onlyvisible", "--pid", str(pid), check=False)
        return [w for w in out.split() if w]

    def wait_window(self, pid: int, *, name: str = "", timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for window in self.windows(pid):
                if not name or name in self.window_name(window):
                    return window
            time.sleep(0.2)
        raise AssertionError(f"no window {name!r} of process {pid} within {timeout} s")

    def focus(self, window: str) -> None:
        """Give a window the keyboard: through the window manager, or (bare X) directly."""
        if self.wm:
            self.xdotool("windowactivate", "--sync", window, check=False)
        else:
            self.xdotool("windowfocus", "--sync", window, check=False)
        time.sleep(0.2)

    def window_name(self, window: str) -> str:
        return self.xdotool("getwindowname", window, check=False)

    def geometry(self, window: str) -> tuple[int, int, int, int]:
        """x, y, width, height of a window as the X server has it (after any frame)."""
        info = subprocess.run(
            ["xwininfo", "-id", window], env=self.env, capture_output=True, text=True, timeout=10
        ).stdout
        values = {}
        for line in info.splitlines():
            key, _, value = line.strip().partition(":")
            values[key] = value.strip()
        return (
            int(values["Absolute upper-left X"]),
            int(values["Absolute upper-left Y"]),
            int(values["Width"]),
            int(values["Height"]),
        )

    def viewable(self, window: str) -> bool:
        info = subprocess.run(
            ["xwininfo", "-id", window], env=self.env, capture_output=True, text=True, timeout=10
        ).stdout
        return "IsViewable" in info

    def keyboard_layout(self, layout: str) -> None:
        """Switch the X keyboard layout (a scanner's keys then type that layout's letters)."""
        subprocess.run(["setxkbmap", "-layout", layout], env=self.env, check=True, timeout=20)

    def type_like_a_person(self, text: str) -> None:
        self.xdotool("type", "--delay", "120", text)

    def scan(self, code: str) -> None:
        """What a USB scanner does: the code at 5 ms a key, then Enter."""
        self.xdotool("type", "--delay", "5", code)
        self.xdotool("key", "--delay", "5", "Return")

    def scan_held_up(self, code: str, *, after: int = 5, seconds: float = 0.06) -> None:
        """A scan whose keys are held up a moment on their way after the first `after` (a
        busy computer or X server, a wireless scanner): what xdotool itself does on a
        loaded machine."""
        self.xdotool("type", "--delay", "5", code[:after])
        time.sleep(seconds)
        self.scan(code[after:])


@pytest.fixture(params=["openbox", "bare"], ids=["with a window manager", "bare X"])
def xserver(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[XServer]:
    wm = request.param == "openbox"
    if wm and shutil.which("openbox") is None:
        pytest.skip("openbox is not installed (apt install openbox)")
    read, write = os.pipe()
    width, height = SCREEN
    xvfb = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write),
            "-screen",
            "0",
            f"{width}x{height}x24",
            "-nolisten",
            "tcp",
        ],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as stream:
        number = stream.readline().strip()
    server = XServer(f":{number}", wm)
    manager = None
    if wm:
        manager = subprocess.Popen(
            ["openbox", "--sm-disable"],
            env={**server.env, "HOME": str(tmp_path)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.8)  # until it manages the screen
    try:
        yield server
    finally:
        for process in (manager, xvfb):
            if process is not None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()


@pytest.fixture
def app_processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


def start_app(
    server: XServer,
    processes: list[subprocess.Popen[bytes]],
    *args: str,
    cwd: Path,
    env: dict[str, str] | None = None,
) -> subprocess.Popen[bytes]:
    """The app on `server`; `env`: the environment instead of the tests' own (its display
    and Qt platform are the server's)."""
    base = (
        server.env if env is None else {**env, "DISPLAY": server.display, "QT_QPA_PLATFORM": "xcb"}
    )
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *args],
        env={**base, "PYTHONDONTWRITEBYTECODE": "1"},
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    processes.append(process)
    return process


def event_for_today(folder: Path) -> Path:
    """The demo event moved so that its conference is today at the venue (Vladivostok) and
    its training yesterday: the app, on the real clock, then checks people in as at the
    event."""
    today = load_event(EVENT_FILE).local_time(datetime.now(UTC)).date()
    text = EVENT_FILE.read_text(encoding="utf-8")
    text = text.replace("date = 2026-11-27", f"date = {today - timedelta(days=1):%Y-%m-%d}")
    text = text.replace("date = 2026-11-28", f"date = {today:%Y-%m-%d}")
    path = folder / "today.toml"
    path.write_text(text, encoding="utf-8")
    return path
