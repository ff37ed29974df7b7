"""One desk app per profile: a second one is refused while the first runs, and a first one
that was killed leaves the profile free."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from kiosk.profile import hold_profile

HOLDER = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from kiosk.profile import hold_profile\n"
    "held = hold_profile(Path(sys.argv[1]))\n"
    "print('held' if held else 'refused', flush=True)\n"
    "time.sleep(60)\n"
)
ROOT = Path(__file__).resolve().parents[2]


def test_a_profile_another_process_holds_is_refused_until_that_process_is_killed(
    tmp_path: Path,
) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        assert hold_profile(tmp_path) is None
    finally:
        os.kill(holder.pid, signal.SIGKILL)  # a crash: no clean release
        holder.wait(10)
    again = hold_profile(tmp_path)
    assert again is not None
    again.release()


def test_the_lock_file_is_private(tmp_path: Path) -> None:
    held = hold_profile(tmp_path / "profile")
    assert held is not None
    try:
        assert (tmp_path / "profile" / "desk.lock").stat().st_mode & 0o077 == 0
    finally:
        held.release()
