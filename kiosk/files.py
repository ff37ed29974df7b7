"""Files the desk writes: private to their owner, and complete before they appear.

Personal data lives in these files (152-FZ), so everything the app creates is readable by its
owner only (0600, folders 0700) whatever the umask. A file someone else may be watching —
a print shop's hot folder, an export opened as soon as it shows up — is written under a
hidden temporary name and renamed into place when complete, so no watcher takes half of it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Final

PRIVATE_FILE: Final = 0o600
PRIVATE_DIR: Final = 0o700
PRIVATE_UMASK: Final = 0o077


def private_umask() -> None:
    """From now on this process creates files 0600 and folders 0700 (POSIX); entry points
    call it first, so SQLite's -wal/-shm, logs and settings are private too."""
    if os.name == "posix":
        os.umask(PRIVATE_UMASK)


def make_private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) owner-only; returns it. A folder that was there
    already is left as it is unless the app made it (see `tighten`)."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if os.name == "posix":
        for folder in missing:  # mkdir's mode is cut by the umask, and parents get the default
            with contextlib.suppress(OSError):
                os.chmod(folder, PRIVATE_DIR)
    return path


def make_private_file(path: Path) -> Path:
    """Create an empty `path` owner-only (0600 whatever the umask) unless it exists."""
    with contextlib.suppress(FileExistsError):
        handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE)
        os.close(handle)
        if os.name == "posix":
            os.chmod(path, PRIVATE_FILE)
    return path


def tighten(path: Path) -> None:
    """Make a file the app keeps (its database, log, settings) owner-only if it is not: one
    written by an older version, or under a lax umask, was readable by everyone (0644).
    Only our own files are touched; a missing file or a refusal is not an error."""
    if os.name != "posix":
        return
    try:
        info = path.lstat()
    except OSError:
        return
    if info.st_uid != os.getuid() or stat.S_ISLNK(info.st_mode):
        return
    wanted = PRIVATE_DIR if stat.S_ISDIR(info.st_mode) else PRIVATE_FILE
    if stat.S_IMODE(info.st_mode) & ~wanted:
        with contextlib.suppress(OSError):
            os.chmod(path, stat.S_IMODE(info.st_mode) & wanted)


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """Write `path` through a hidden temporary file in the same folder, flushed to disk and
    renamed into place only when the block ends without an error (then 0600)."""
    folder = path.parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if os.name == "posix":
            os.chmod(temporary, PRIVATE_FILE)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_atomically(path: Path, data: bytes) -> Path:
    """`data` into `path`, appearing there only once complete; returns the path."""
    with atomic_writer(path) as stream:
        stream.write(data)
    return path


class NotARegularFile(OSError):
    """A path that names a folder, a device or a FIFO where a file was expected."""


class ADatabaseInUse(OSError):
    """A path that names a database this process has open, or its -wal, -shm or -journal (by
    any name: a link, a copy of the name elsewhere). Opened and closed here, the file would
    lose the process's POSIX locks on it — SQLite's among them (`guard_database`)."""


SQLITE_FILES: Final = ("", "-wal", "-shm", "-journal")
"""A SQLite database's file and its companions, as suffixes of its path."""
_DATABASES: set[str] = set()
"""The SQLite databases this process has opened (`guard_database`)."""


def guard_database(path: str) -> None:
    """Keep every later `open_regular_file` off this SQLite database and its companions.

    On Linux and macOS, closing any descriptor of a file drops every POSIX lock the process
    holds on it. SQLite shares its own descriptors between its connections, but a file the
    app opens itself — a list of codes or a table to import, picked by mistake, or by a link
    to it — would take SQLite's locks away with it: other processes then take themselves for
    the only ones, reset the shared memory this one has mapped (it dies of a bus error) or
    delete the write-ahead log it still uses."""
    _DATABASES.add(os.path.abspath(path))


def _in_use(path: Path) -> bool:
    try:
        wanted = os.stat(path)  # through links: what would be opened
    except OSError:
        return False
    for database in tuple(_DATABASES):
        for suffix in SQLITE_FILES:
            try:
                found = os.stat(database + suffix)
            except OSError:
                continue
            if (found.st_dev, found.st_ino) == (wanted.st_dev, wanted.st_ino):
                return True
    return False


def open_regular_file(path: Path) -> BinaryIO:
    """Open `path` for reading only if it is a regular file, never waiting: a FIFO would
    block `open` until something writes to it, and a device (/dev/zero) never ends.

    Raises `NotARegularFile` for anything else, `ADatabaseInUse` for a file of a database
    this process has open (never opened), `FileNotFoundError` and other `OSError`s as `open`
    does."""
    if _in_use(path):
        raise ADatabaseInUse(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise NotARegularFile(path) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotARegularFile(path)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")
