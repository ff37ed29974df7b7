"""A fresh Linux desktop without Qt's X libraries gets one sentence and the command to run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui.common.system import install_advice, missing_libraries, qt_window_problem

ROOT = Path(__file__).resolve().parent.parent.parent.parent

LDD = """\
\tlinux-vdso.so.1 (0x00007ffd5b1f3000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-cursor.so.0 => not found
"""


def test_the_missing_libraries_are_read_from_ldd_once_each() -> None:
    assert missing_libraries(LDD) == ["libxcb-cursor.so.0", "libxcb-icccm.so.4"]


def test_the_advice_names_the_packages_for_debian_and_fedora() -> None:
    text = install_advice(["libxcb-cursor.so.0", "libxcb-icccm.so.4"])
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4" in text
    assert "sudo dnf install xcb-util-cursor xcb-util-wm" in text
    assert text.count(".") >= 1 and "\n" not in text


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 on Linux only")
def test_a_missing_library_stops_the_start_with_the_advice(tmp_path: Path) -> None:
    env = {"DISPLAY": ":0"}
    problem = qt_window_problem(env, ldd=lambda _plugin: LDD, checked=tmp_path / "ok")
    assert problem is not None and "libxcb-cursor0" in problem
    assert not (tmp_path / "ok").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 on Linux only")
def test_once_nothing_is_missing_later_starts_skip_the_check(tmp_path: Path) -> None:
    calls: list[Path] = []

    def ldd(plugin: Path) -> str:
        calls.append(plugin)
        return "\tlibc.so.6 => /lib/libc.so.6\n"

    for _ in range(3):
        assert qt_window_problem({"DISPLAY": ":0"}, ldd=ldd, checked=tmp_path / "ok") is None
    assert len(calls) == 1


def test_offscreen_and_wayland_need_no_x_libraries() -> None:
    def ldd(_plugin: Path) -> str:
        raise AssertionError("not asked")

    assert qt_window_problem({"QT_QPA_PLATFORM": "offscreen"}, ldd=ldd) is None
    assert qt_window_problem({"WAYLAND_DISPLAY": "wayland-0"}, ldd=ldd) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 on Linux only")
def test_without_a_display_the_start_says_so_before_asking_for_libraries() -> None:
    def ldd(_plugin: Path) -> str:
        raise AssertionError("not asked: no display, whatever the libraries")

    for env in ({}, {"QT_QPA_PLATFORM": "xcb"}):
        problem = qt_window_problem(env, ldd=ldd)
        assert problem is not None and "DISPLAY" in problem and "kiosk" in problem
    english = qt_window_problem({"KIOSK_LANG": "en"}, ldd=ldd)
    assert english is not None and english.startswith("There is no screen")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 on Linux only")
@pytest.mark.parametrize(
    ("lang", "words"), [("ru", "Нет экрана для окна"), ("en", "There is no screen")]
)
def test_main_py_without_a_display_prints_one_sentence_and_exits_non_zero(
    tmp_path: Path, lang: str, words: str
) -> None:
    """`env -u DISPLAY python main.py`: one sentence, not Qt's abort (exit 134)."""
    unset = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--lang", lang, "--quit-after-ms", "100"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(words), result.stderr
    assert "kiosk" in lines[0] and "xcb" not in result.stderr
