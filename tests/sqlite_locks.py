"""Whether this process still holds SQLite's shared lock on a database's -shm file.

On Linux and macOS a file this process opens and closes itself drops every POSIX lock the
process holds on it, SQLite's among them. Without its shared lock on the «dead man switch»
byte of the -shm file, the next process to open the database takes itself for the only one
and resets the shared memory this process has mapped (it then dies of a bus error)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

DMS_BYTE = 128
"""SQLite's «dead man switch» in the -shm file (after the 120 bytes of its header and its 8
lock bytes): every process using the database holds a shared lock on it."""
SHARED_FIRST = 0x40000002
SHARED_SIZE = 510
"""The bytes of the database file a SQLite connection in WAL mode holds a shared lock on for
as long as it is open: the last connection to close, if it can lock them alone, takes itself
for the only one and deletes the -wal and -shm."""

_LOCKED_ALONE = """
import fcntl, sys
with open(sys.argv[1], "r+b") as file:
    try:
        fcntl.lockf(file, fcntl.LOCK_EX | fcntl.LOCK_NB, int(sys.argv[2]), int(sys.argv[3]))
    except OSError:
        print("held")
    else:
        print("free")
"""


def _held(path: Path, length: int, start: int) -> bool:
    """Whether some process holds a lock on these bytes: asked from another process, which
    tries to lock them alone."""
    done = subprocess.run(
        [sys.executable, "-c", _LOCKED_ALONE, str(path), str(length), str(start)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip() == "held"


def shm_lock_held(database: Path) -> bool:
    """Whether a process (this one, in the tests) holds its shared lock on `database`'s -shm."""
    return _held(database.with_name(database.name + "-shm"), 1, DMS_BYTE)


def database_lock_held(database: Path) -> bool:
    """Whether a process (this one, in the tests) holds its shared lock on the database file."""
    return _held(database, SHARED_SIZE, SHARED_FIRST)
