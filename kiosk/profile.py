"""A profile: where one desk app keeps its own things — `KIOSK_HOME` when set (its settings,
log, hub certificates and id, replica), else the user's folders. One desk app per profile: a
second start on the same data folder would open the same database and run a second hub child
beside the first.

The lock is the operating system's (fasteners: `fcntl` locks on Linux and macOS, `msvcrt` on
Windows), so a desk that crashed or was killed leaves nothing to clean up: its lock went with
it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

import fasteners

from kiosk import APP_NAME
from kiosk.files import make_private_dir, make_private_file

LOCK_FILE: Final = "desk.lock"
SETTINGS_FILE: Final = "desk.ini"


def kiosk_home() -> Path | None:
    """`KIOSK_HOME`, when set: everything of this profile is kept under it, so two desks (or a
    desk and a kiosk) on one laptop keep their names, join codes and logs apart."""
    chosen = os.environ.get("KIOSK_HOME")
    return Path(chosen).expanduser() if chosen else None


def settings_file() -> Path | None:
    """The desk's settings under `KIOSK_HOME` (`settings/desk.ini`, its folder owner-only);
    None: the user's own settings folder (Qt's place for them)."""
    home = kiosk_home()
    if home is None:
        return None
    return make_private_dir(home / "settings") / SETTINGS_FILE


def user_settings_file() -> Path:
    """The desk's settings file, as Qt places an INI user setting where no `KIOSK_HOME` is:
    %APPDATA% on Windows, XDG elsewhere."""
    chosen = settings_file()
    if chosen is not None:
        return chosen
    if os.name == "nt":
        base = Path(os.environ.get("APPDATA", Path.home()))
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / APP_NAME / SETTINGS_FILE


def desk_setting(name: str) -> str:
    """One of the desk app's settings in this profile (`[General]` of the INI file Qt writes:
    the `kiosk` command has no Qt); "" when not set, or the file cannot be read."""
    import configparser

    parser = configparser.ConfigParser(interpolation=None)
    try:
        with user_settings_file().open(encoding="utf-8") as settings:
            parser.read_file(settings)
    except (OSError, UnicodeDecodeError, configparser.Error):
        return ""
    return parser.get("General", name, fallback="").strip().strip('"')


def remembered_hub() -> str | None:
    """The join code of the hub this profile's desk app works on (it joined it); None when it
    works on no hub."""
    return desk_setting("hub_join") or None


def log_folder() -> Path:
    """Where the desk app and the `kiosk` command write their logs: `KIOSK_HOME/log`, else the
    user log folder."""
    home = kiosk_home()
    if home is not None:
        return home / "log"
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False)


class ProfileLock:
    """This process's hold on a profile, until `release` (or the process ends)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        path = make_private_file(make_private_dir(folder) / LOCK_FILE)
        self._lock = fasteners.InterProcessLock(str(path))

    def take(self) -> bool:
        """False when another process holds the profile."""
        return bool(self._lock.acquire(blocking=False))

    def release(self) -> None:
        if self._lock.acquired:
            self._lock.release()


def hold_profile(folder: Path | None = None) -> ProfileLock | None:
    """The profile held by this process; None when another app already runs on it."""
    if folder is None:
        from kiosk.hub.client import desk_home

        folder = desk_home()
    lock = ProfileLock(folder)
    return lock if lock.take() else None
