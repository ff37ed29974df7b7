"""Distinct sounds for green, amber and red outcomes, played without blocking the window.

Qt's multimedia module needs PulseAudio libraries that a bare laptop may lack, so the tones
are played by what the system has: winsound on Windows, afplay on macOS, paplay/aplay on
Linux; failing all of them, the system beep.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk.config import RESOURCES

SOUNDS = RESOURCES / "sounds"


class Sounds:
    def __init__(self, folder: Path = SOUNDS) -> None:
        self.folder = folder
        self.played: list[str] = []  # for tests and diagnostics
        self._player = self._find_player()

    @staticmethod
    def _find_player() -> list[str] | None:
        if sys.platform == "darwin" and shutil.which("afplay"):
            return ["afplay"]
        for command in (["paplay"], ["aplay", "-q"]):
            if shutil.which(command[0]):
                return command
        return None

    def play(self, tone: str) -> None:
        path = self.folder / f"{tone}.wav"
        self.played.append(tone)
        if not path.exists():
            QApplication.beep()
            return
        if sys.platform == "win32":
            import winsound

            winsound.PlaySound(str(path), winsound.SND_FILENAME | winsound.SND_ASYNC)
            return
        if self._player is None:
            QApplication.beep()
            return
        try:
            subprocess.Popen(
                [*self._player, str(path)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError:
            QApplication.beep()
