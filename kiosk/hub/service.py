"""Running the hub: the database server (the app's own, or one the organiser has), the event's
database migrated and bound to the event, an event moved over from a desk's SQLite file, the
TLS endpoint on the venue's network, and the join code the desks scan.

Order matters for safety: nothing listens on the network until the server checks passwords
with SCRAM and the TLS endpoint has the hub's certificate.
"""

from __future__ import annotations

import contextlib
import errno
import secrets
import socket
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final
from urllib.parse import quote, urlsplit

from platformdirs import user_data_path

from kiosk.config import Event
from kiosk.db import Database, DatabaseError, open_database
from kiosk.files import make_private_dir, tighten, write_atomically
from kiosk.hub.certs import Identity, ensure_identity, server_context
from kiosk.hub.join import JoinCode
from kiosk.hub.postgres import (
    DATABASE,
    DESK_ROLE,
    EmbeddedServer,
    HubServerError,
    free_port,
)
from kiosk.hub.tls import TlsEndpoint
from kiosk.i18n import os_reason, tr

DEFAULT_PORT: Final = 5444
"""The TLS endpoint's port on the venue's network (the firewall note in the README)."""
LOCAL_HOSTS: Final = frozenset({"localhost", "127.0.0.1", "::1"})
RESTART_DELAYS_S: Final = (0.5, 1.0, 2.0, 4.0)
"""The waits before each try to start the hub's database again once it has ended."""


def default_data_folder() -> Path:
    if hasattr(sys, "platform") and sys.platform != "win32":
        import os

        if os.geteuid() == 0:
            return Path("/var/lib/kiosk-hub")  # PostgreSQL's own user must reach it
    return user_data_path("kiosk-desk", appauthor=False) / "hub"


@dataclass(frozen=True)
class HubOptions:
    data: Path = field(default_factory=default_data_folder)
    port: int = DEFAULT_PORT
    listen: str = "0.0.0.0"
    server: str | None = None
    """An existing PostgreSQL server's URL (its database is the event's)."""
    source: Path | None = None
    """A desk's SQLite database whose event moves onto the hub (`--from`)."""


@dataclass
class RunningHub:
    join: JoinCode
    url: str
    """The hub's database, as the hub itself reaches it (with the password: keep it private)."""
    db: Database
    endpoint: TlsEndpoint | None
    server: EmbeddedServer | None
    moved: int = 0
    """Rows moved from `--from`."""
    already_moved: bool = False
    """`--from` named the desk database moved onto this hub before: nothing was added."""
    took_over: bool = False
    """A previous hub on the folder had ended without stopping its database server (killed,
    say): that server was stopped before this hub's own started."""

    def stop(self) -> None:
        if self.endpoint is not None:
            self.endpoint.stop()
        self.db.dispose()
        if self.server is not None:
            self.server.stop()
            self.server.release()

    def server_ended(self) -> bool:
        """Whether the hub's own database server has ended while the hub runs (killed,
        crashed); never for an organiser's server (`--server`), which is not the hub's."""
        return self.server is not None and self.server.ended

    def restart_server(self, stop: threading.Event) -> str | None:
        """Start the hub's own database server again after it ended, trying a few times, each
        a little later (what ended it may take a moment to pass: its last processes ending,
        memory short). Its folder is crash-safe: PostgreSQL recovers what was committed. The
        TLS endpoint runs on meanwhile, telling desks the database is restarting. None when it
        is back (or `stop` was asked for meanwhile), else why it will not start."""
        assert self.server is not None
        problem = ""
        for delay in RESTART_DELAYS_S:
            if stop.wait(delay):
                return None
            try:
                self.server.start()
            except HubServerError as exc:
                problem = str(exc)
            except OSError as exc:  # the program or its folder gone
                problem = os_reason(exc)
            else:
                return None
        return problem


def lan_address() -> str:
    """The address desks on this laptop's network reach it by (no packet is sent)."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("10.255.255.255", 1))
        address: str = probe.getsockname()[0]
        if not address.startswith("0."):
            return address
    return "127.0.0.1"


def start_hub(options: HubOptions, event: Event) -> RunningHub:
    """Start everything and return the running hub (stop it with `RunningHub.stop`)."""
    make_private_dir(options.data)
    tighten(options.data)  # a folder made beforehand, 0755: it will hold the hub's key
    server: EmbeddedServer | None = None
    endpoint: TlsEndpoint | None = None
    took_over = False
    try:
        if options.server:
            url, backend_port, user, password, database, remote = _existing(options.server)
        else:
            server = EmbeddedServer(options.data)
            took_over = server.claim()
            server.ensure_initialised()
            server.start()
            password = _desk_password(options.data)
            _ensure_role_and_database(server, password)
            user, database, backend_port = DESK_ROLE, DATABASE, server.port
            url = _local_url(user, password, backend_port, database)
            remote = None
        db = open_database(url, event, create=True)
        moved, already_moved = 0, False
        if options.source is not None:
            from kiosk.hub.move import move_event

            result = move_event(options.source, db, event)
            moved, already_moved = result.rows, result.already
        if remote is not None:
            host, port = remote
            join = JoinCode(host, port, database, user, password, None)
        else:
            identity: Identity = ensure_identity(options.data)
            endpoint = TlsEndpoint(
                server_context(identity), options.listen, options.port, backend_port
            )
            port = endpoint.start()
            host = options.listen if options.listen not in ("0.0.0.0", "::") else lan_address()
            join = JoinCode(host, port, database, user, password, identity.fingerprint)
        return RunningHub(join, url, db, endpoint, server, moved, already_moved, took_over)
    except BaseException:
        if endpoint is not None:
            endpoint.stop()
        if server is not None:
            server.stop()
            server.release()
        raise


def _desk_password(folder: Path) -> str:
    path = folder / "desk.password"
    if not path.is_file():
        write_atomically(path, secrets.token_urlsafe(18).encode())
    return path.read_text().strip()


def _local_url(user: str, password: str, port: int, database: str) -> str:
    return (
        f"postgresql+psycopg://{quote(user, safe='')}:{quote(password, safe='')}"
        f"@127.0.0.1:{port}/{database}"
    )


def _ensure_role_and_database(server: EmbeddedServer, password: str) -> None:
    """The desks' role (its password as this hub's) owning the event's database."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(server.admin_url(), autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_roles WHERE rolname = %s", (DESK_ROLE,)
        ).fetchone()
        statement = (
            "ALTER ROLE {} WITH LOGIN PASSWORD {}"
            if exists
            else ("CREATE ROLE {} WITH LOGIN PASSWORD {}")
        )
        connection.execute(
            sql.SQL(statement).format(sql.Identifier(DESK_ROLE), sql.Literal(password))
        )
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)
        ).fetchone():
            connection.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(
                    sql.Identifier(DATABASE), sql.Identifier(DESK_ROLE)
                )
            )


def _existing(
    url: str,
) -> tuple[str, int, str, str, str, tuple[str, int] | None]:
    """An organiser's server: (SQLAlchemy URL, port, user, password, database, the address
    desks reach it at when it is remote — or None: behind this hub's TLS endpoint)."""
    parts = urlsplit(url if "://" in url else f"postgresql://{url}")
    if not parts.scheme.startswith("postgres"):
        raise HubServerError(
            tr(
                "--server ждёт адрес PostgreSQL: postgresql://пользователь:пароль@хост/база",
                "--server expects a PostgreSQL URL: postgresql://user:password@host/database",
            )
        )
    host = parts.hostname or "localhost"
    port = parts.port or 5432
    user = parts.username or ""
    password = parts.password or ""
    database = parts.path.lstrip("/") or "postgres"
    if not user or not password:
        raise HubServerError(
            tr(
                "В адресе --server нужны пользователь и пароль: их получат стойки",
                "The --server URL needs a user and a password: the desks will use them",
            )
        )
    query = f"?{parts.query}" if parts.query else ""
    sqlalchemy_url = (
        f"postgresql+psycopg://{quote(user, safe='')}:{quote(password, safe='')}"
        f"@{'[' + host + ']' if ':' in host else host}:{port}/{database}{query}"
    )
    remote = None if host in LOCAL_HOSTS else (host, port)
    return sqlalchemy_url, port, user, password, database, remote


def start_or_explain(options: HubOptions, event: Event) -> RunningHub:
    """`start_hub`, its failures as one `DatabaseError` with a sentence for people."""
    try:
        return start_hub(options, event)
    except HubServerError as exc:
        raise DatabaseError(str(exc)) from None
    except OSError as exc:
        raise DatabaseError(socket_problem(exc, options)) from None


def socket_problem(exc: OSError, options: HubOptions) -> str:
    """Why the hub could not listen, in the user's language (the system's own text is in
    the system's language, whatever the desk speaks)."""
    if exc.errno == errno.EADDRINUSE:
        return tr(
            "Хаб не запустился: порт {p} уже занят другой программой (или другим хабом). "
            "Укажите другой: --port",
            "The hub did not start: port {p} is taken by another program (or another hub). "
            "Choose another: --port",
            p=options.port,
        )
    if exc.errno == errno.EACCES:
        return tr(
            "Хаб не запустился: системе не разрешено слушать порт {p} этому пользователю. "
            "Укажите порт выше 1024: --port",
            "The hub did not start: this user may not listen on port {p}. Choose a port "
            "above 1024: --port",
            p=options.port,
        )
    if exc.errno == errno.EADDRNOTAVAIL:
        return tr(
            "Хаб не запустился: у этого ноутбука нет адреса {a}. Укажите его адрес в сети "
            "или 0.0.0.0: --listen",
            "The hub did not start: this laptop has no address {a}. Give its network "
            "address, or 0.0.0.0: --listen",
            a=options.listen,
        )
    return tr(
        "Хаб не запустился: ошибка системы {e} на порту {p}. Попробуйте другой: --port",
        "The hub did not start: system error {e} on port {p}. Try another: --port",
        e=errno.errorcode.get(exc.errno or 0, type(exc).__name__),
        p=options.port,
    )


__all__ = ["HubOptions", "RunningHub", "free_port", "start_hub", "start_or_explain"]
