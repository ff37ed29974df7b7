"""One desk app per profile: a second start on the same data folder (`KIOSK_HOME`, else the
user data folder) would open the same database and run a second hub child beside the first.

The lock is the operating system's (fasteners: `fcntl` locks on Linux and macOS, `msvcrt` on
Windows), so a desk that crashed or was killed leaves nothing to clean up: its lock went with
it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import fasteners

from kiosk.files import make_private_dir, make_private_file

LOCK_FILE: Final = "desk.lock"


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
