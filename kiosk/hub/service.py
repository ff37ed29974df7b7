"""Running the hub: the database server (the app's own, or one the organiser has), the event's
database migrated and bound to the event, an event moved over from a desk's SQLite file, the
TLS endpoint on the venue's network, and the join code the desks scan.

Order matters for safety: nothing listens on the network until the server checks passwords
with SCRAM and the TLS endpoint has the hub's certificate.
"""

from __future__ import annotations

import contextlib
import secrets
import socket
import sys
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

    def stop(self) -> None:
        if self.endpoint is not None:
            self.endpoint.stop()
        self.db.dispose()
        if self.server is not None:
            self.server.stop()


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
    try:
        if options.server:
            url, backend_port, user, password, database, remote = _existing(options.server)
        else:
            server = EmbeddedServer(options.data)
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
        return RunningHub(join, url, db, endpoint, server, moved, already_moved)
    except BaseException:
        if endpoint is not None:
            endpoint.stop()
        if server is not None:
            server.stop()
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
        raise DatabaseError(
            tr(
                "Хаб не запустился: {e}. Занят ли порт {p}? Укажите другой: --port",
                "The hub did not start: {e}. Is port {p} taken? Choose another: --port",
                e=os_reason(exc),
                p=options.port,
            )
        ) from None


__all__ = ["HubOptions", "RunningHub", "free_port", "start_hub", "start_or_explain"]
