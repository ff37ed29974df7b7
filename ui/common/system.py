"""What a fresh Linux desktop may lack for Qt's windows, said in one sentence with the command
that installs it — instead of Qt's «Could not load the Qt platform plugin "xcb"» and an abort.
A start with no display at all (over SSH, from a service) is told so the same way.

Qt's X11 plugin (libqxcb.so, in the PySide6 wheel) needs some of the system's X libraries
that a minimal desktop or server install does not have; `ldd` lists the ones missing. This
module imports nothing of Qt, so it can run before Qt would fail.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Final

# Library → (Debian/Ubuntu package, Fedora package).
PACKAGES: Final = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
}


def xcb_plugin() -> Path | None:
    """The Qt X11 platform plugin of the installed PySide6, if any."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        plugin = Path(location) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.exists():
            return plugin
    return None


def _ldd(path: Path) -> str:
    ldd = shutil.which("ldd")
    if ldd is None:
        return ""
    try:
        done = subprocess.run(
            [ldd, str(path)], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout


def missing_libraries(ldd_output: str) -> list[str]:
    """The libraries `ldd` reports as «not found», each once, in its order."""
    missing: list[str] = []
    for line in ldd_output.splitlines():
        name, _, rest = line.strip().partition(" => ")
        if rest.strip() == "not found" and name not in missing:
            missing.append(name)
    return missing


def install_advice(missing: list[str], *, russian: bool = True) -> str:
    """One sentence: what is missing and the command that installs it (Debian/Ubuntu, Fedora)."""
    debian = sorted({PACKAGES.get(name, (name, name))[0] for name in missing})
    fedora = sorted({PACKAGES.get(name, (name, name))[1] for name in missing})
    apt = "sudo apt install " + " ".join(debian)
    dnf = "sudo dnf install " + " ".join(fedora)
    if russian:
        return (
            f"Окну программы не хватает системных библиотек Qt ({', '.join(missing)}). "
            f"Установите их и запустите снова: {apt} (Debian, Ubuntu) или {dnf} (Fedora)."
        )
    return (
        f"The window needs system libraries that Qt lacks here ({', '.join(missing)}). "
        f"Install them and start again: {apt} (Debian, Ubuntu) or {dnf} (Fedora)."
    )


def no_display_advice(*, russian: bool = True) -> str:
    """One sentence for a start with no screen to open a window on (over SSH, from a
    service, in a container): where the window can run, and what works without one."""
    if russian:
        return (
            "Нет экрана для окна (не задана переменная DISPLAY): запустите программу в сеансе "
            "рабочего стола или пользуйтесь командой kiosk, которой окно не нужно "
            "(например, kiosk checkin КОД)."
        )
    return (
        "There is no screen for the window (DISPLAY is not set): start the program in a "
        "desktop session, or use the kiosk command, which needs no window "
        "(for example, kiosk checkin CODE)."
    )


def qt_window_problem(
    environ: dict[str, str] | None = None,
    ldd: Callable[[Path], str] = _ldd,
    checked: Path | None = None,
) -> str | None:
    """None when Qt can open a window here (or will not use X11); else the advice sentence.

    `checked`: a marker file; once a check found nothing missing for this PySide6, later
    starts skip `ldd` (it costs a tenth of the start-up).
    """
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None  # offscreen, wayland, eglfs…: not the X11 plugin
    if not platform and env.get("WAYLAND_DISPLAY") and not env.get("DISPLAY"):
        return None
    russian = not env.get("KIOSK_LANG", "").lower().startswith("en")
    if not env.get("DISPLAY"):
        return no_display_advice(russian=russian)
    plugin = xcb_plugin()
    if plugin is None:
        return None
    stamp = f"{plugin} {plugin.stat().st_mtime_ns}"
    if checked is not None and checked.is_file() and checked.read_text() == stamp:
        return None
    missing = missing_libraries(ldd(plugin))
    if not missing:
        if checked is not None:
            try:
                checked.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                checked.write_text(stamp)
            except OSError:
                pass  # checked again next time
        return None
    return install_advice(missing, russian=russian)
