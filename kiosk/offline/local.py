"""This laptop's replica of a hub, found from the hub's join code (`KIOSK_HOME/hubs/<hub>/`)."""

from __future__ import annotations

import contextlib
import os
import socket
import ssl
import struct
import time
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

from kiosk.config import Event
from kiosk.db import Database
from kiosk.hub.join import JoinCode, decode, looks_like_join_code
from kiosk.hub.postgres import DATABASE, DESK_ROLE

if TYPE_CHECKING:
    from kiosk.hub.desks import Installation

REPLICA_FILE: Final = "replica.sqlite3"


def join_code(value: str | None) -> JoinCode | None:
    """The join code `--db` (or KIOSK_DB) names, if it names one; `JoinCodeError` when it is
    one, misread."""
    chosen = value or os.environ.get("KIOSK_DB") or ""
    if not looks_like_join_code(chosen):
        return None
    return decode(chosen)


def replica_path(code: JoinCode, home: Path | None = None) -> Path:
    from kiosk.hub.client import hub_folder

    return hub_folder(code, home) / REPLICA_FILE


def installation_id(code: JoinCode) -> str:
    """This laptop's id for the hub (made the first time): the outbox's nonces carry it."""
    from kiosk.hub.desks import installation

    return installation(code, "desk").id


def open_local_replica(
    code: JoinCode, event: Event, *, create: bool, home: Path | None = None
) -> Database | None:
    """The replica of this hub on this laptop (in `home`, else the user data folder); None
    when there is none and `create` is off."""
    from kiosk.offline.replica import open_replica

    path = replica_path(code, home)
    if not create and not path.is_file():
        return None
    return open_replica(path, event)


@dataclass(frozen=True)
class OfflineStart:
    """What a desk starting without its hub works with: the hub (connected when it is back),
    this laptop's installation in it, and the replica pulled before."""

    code: JoinCode
    hub: Database
    me: Installation
    replica: Database
    pulled_at: datetime


HUB_PROBE_S: Final = 1.5
"""How long a desk starting offline waits to see whether the hub answers after all."""


def offline_start(
    text: str, event: Event, kind: str, home: Path | None = None, *, name: str = ""
) -> OfflineStart | None:
    """The desk or kiosk (`kind`) may start on its replica of the hub of the join code `text`,
    the hub being out of reach: it has joined that hub before (the hub's certificate is
    pinned) and pulled a replica of it (which holds the event and the staff PIN's hash too).
    None when it cannot — never joined, no replica filled, or the hub answers after all (then
    it refused the desk, and working on without it would hide why).

    It works under the name the hub gave it; one that joined before that name was kept (its
    desk.json has none) works under `name` — the desk's name in its settings, which a desk
    online takes from the hub — or, without one, under the first desk's («стойка-1»)."""
    from kiosk.db import connect_later
    from kiosk.hub.client import HubUnreachable, database_url
    from kiosk.hub.desks import KINDS, NAME_MAX, known_installation
    from kiosk.offline.replica import last_pull
    from kiosk.text import clean

    if kind not in KINDS or not looks_like_join_code(text):
        return None
    try:
        code = decode(text)
    except ValueError:
        return None
    replica = open_local_replica(code, event, create=False, home=home)
    if replica is None:
        return None
    pulled = last_pull(replica)
    url = None
    if pulled is not None and not _answers(
        code.host,
        code.port,
        user=code.user,
        database=code.database,
        direct=code.fingerprint is not None,  # as the desk connects (kiosk.hub.client)
    ):
        with contextlib.suppress(HubUnreachable):
            url = database_url(code, home)  # the certificate pinned before: nothing fetched
    # The id it joined under: the outbox's nonces are made from it, so one made afresh here
    # would send again what the hub has already applied.
    me = known_installation(code, kind, home)
    if pulled is None or url is None or me is None:
        replica.dispose()
        return None
    if not me.name:
        # What it does offline is recorded under the name it gets here, and sent so.
        me = replace(me, name=clean(name)[:NAME_MAX] or _first_name(kind))
    return OfflineStart(code, connect_later(url), me, replica, pulled[1])


def _first_name(kind: str) -> str:
    from kiosk.hub.desks import KIOSK
    from kiosk.present import default_desk_name, kiosk_base

    return f"{kiosk_base()}-1" if kind == KIOSK else default_desk_name()


def _answers(
    host: str,
    port: int,
    seconds: float = HUB_PROBE_S,
    *,
    user: str = DESK_ROLE,
    database: str = DATABASE,
    direct: bool = True,
) -> bool:
    """Whether the hub answers within `seconds`: it takes a PostgreSQL start-up over TLS, as a
    desk connects (`direct`: the TLS handshake at once, as to a hub of this app; else asked
    for first, as any PostgreSQL server is), and answers it — asks for the password, or
    refuses. A TLS alert is an answer too: something there refused the desk.

    Not an answer: a connection taken and nothing said (a hub frozen, or a network that takes
    packets and delivers nothing); one closed or reset during the handshake or right after
    it; and «cannot connect now» (57P0x), which the hub's endpoint says while its database is
    restarting, as PostgreSQL does while it starts up or shuts down. Such a hub is as good as
    gone for now: the desk works on its replica and goes on to the hub once it is back."""
    from kiosk.hub.certs import ALPN
    from kiosk.hub.tls import SSL_REQUEST

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # whether it answers, not whom: the join code says
    context.set_alpn_protocols([ALPN])
    ends = time.monotonic() + seconds
    try:
        with socket.create_connection((host, port), timeout=seconds) as raw:
            raw.settimeout(_left(ends))  # the replies, within what is left
            if not direct:
                raw.sendall(struct.pack(">II", 8, SSL_REQUEST))
                reply = raw.recv(1)
                if reply != b"S":
                    return bool(reply)  # «N» or an error: it answered; nothing: it closed
            with context.wrap_socket(raw, server_hostname=host) as tls:
                tls.settimeout(_left(ends))
                tls.sendall(_startup_message(user, database))
                kind, body = _first_message(tls, ends)
    except (ssl.SSLEOFError, ssl.SSLZeroReturnError, ssl.SSLSyscallError):
        return False  # taken, then dropped in the handshake
    except ssl.SSLError:
        return True  # an alert: it answered, if not with a handshake
    except (OSError, EOFError):
        return False
    return not (kind == b"E" and _error_code(body).startswith(_GONE_FOR_NOW))


_GONE_FOR_NOW: Final = "57P"
"""PostgreSQL's SQLSTATEs of a server that cannot take connections now: shutting down
(57P01), crashed (57P02), starting up or restarting (57P03)."""
PROTOCOL_3: Final = 196608


def _left(ends: float) -> float:
    left = ends - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


def _startup_message(user: str, database: str) -> bytes:
    """A PostgreSQL 3.0 start-up message: the server answers it with its first word."""
    parameters = f"user\0{user}\0database\0{database}\0application_name\0kiosk-probe\0\0"
    body = struct.pack(">I", PROTOCOL_3) + parameters.encode()
    return struct.pack(">I", len(body) + 4) + body


def _first_message(tls: ssl.SSLSocket, ends: float) -> tuple[bytes, bytes]:
    """The server's first message: its type and (the start of) its body. `EOFError` when the
    connection ends before it."""
    head = _read(tls, 5, ends)
    length = struct.unpack(">I", head[1:])[0]
    return head[:1], _read(tls, max(0, min(length - 4, 2048)), ends)


def _read(tls: ssl.SSLSocket, count: int, ends: float) -> bytes:
    data = b""
    while len(data) < count:
        tls.settimeout(_left(ends))
        chunk = tls.recv(count - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def _error_code(body: bytes) -> str:
    """The SQLSTATE of an ErrorResponse's body ("" when it has none)."""
    for field in body.split(b"\0"):
        if field.startswith(b"C"):
            return field[1:].decode("ascii", "replace")
    return ""
