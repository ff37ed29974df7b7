"""Whether the hub answers, asked by a desk starting without it (`kiosk.offline.local._answers`):
an answer is the hub's database asking for the password or refusing, or a TLS alert; a
connection dropped in or right after the handshake, and a database restarting, are none —
the desk then works on its replica. The hub's endpoint says in PostgreSQL's words that its
database is restarting, and the desk's words for it follow."""

from __future__ import annotations

import socket
import ssl
import struct
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from kiosk.config import Event
from kiosk.db import DatabaseError
from kiosk.hub import desks
from kiosk.hub.certs import ensure_identity, server_context
from kiosk.hub.join import JoinCode
from kiosk.hub.live import is_connection_lost
from kiosk.hub.tls import TlsEndpoint
from kiosk.i18n import speaking
from kiosk.offline.local import HUB_PROBE_S, _answers
from tests.hubs import HubProcess, free_port

ALERT = bytes([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28])
"""A TLS record: a fatal handshake_failure alert."""


@contextmanager
def listener(serve: Callable[[socket.socket], None]) -> Iterator[int]:
    """A port whose every connection `serve` handles (then it is closed); the port."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.1)
    stopping = threading.Event()

    def accept() -> None:
        while not stopping.is_set():
            try:
                client, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with client:
                client.settimeout(5)
                serve(client)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stopping.set()
        thread.join(5)
        server.close()


def closes_on_client_hello(client: socket.socket) -> None:
    client.recv(4096)


def resets_on_client_hello(client: socket.socket) -> None:
    client.recv(4096)
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def alerts(client: socket.socket) -> None:
    client.recv(4096)
    client.sendall(ALERT)


def shakes_hands_then_closes(tmp_path: Path) -> Callable[[socket.socket], None]:
    context = server_context(ensure_identity(tmp_path))

    def serve(client: socket.socket) -> None:
        with context.wrap_socket(client, server_side=True):
            pass

    return serve


@pytest.mark.parametrize(
    "serve",
    [closes_on_client_hello, resets_on_client_hello],
    ids=["closed", "reset"],
)
def test_a_port_that_drops_the_handshake_does_not_answer(
    serve: Callable[[socket.socket], None],
) -> None:
    with listener(serve) as port:
        assert not _answers("127.0.0.1", port)


def test_a_port_that_drops_the_connection_right_after_the_handshake_does_not_answer(
    tmp_path: Path,
) -> None:
    with listener(shakes_hands_then_closes(tmp_path)) as port:
        assert not _answers("127.0.0.1", port)


def test_a_tls_alert_is_an_answer() -> None:
    with listener(alerts) as port:
        assert _answers("127.0.0.1", port)


def test_nothing_listening_does_not_answer() -> None:
    assert not _answers("127.0.0.1", free_port())


@pytest.fixture
def endpoint_without_database(tmp_path: Path) -> Iterator[tuple[TlsEndpoint, str]]:
    """The hub's endpoint while its database is gone; the endpoint and its fingerprint."""
    identity = ensure_identity(tmp_path)
    endpoint = TlsEndpoint(server_context(identity), "127.0.0.1", 0, free_port())
    endpoint.start()
    yield endpoint, identity.fingerprint
    endpoint.stop()


def test_an_endpoint_whose_database_is_gone_does_not_answer_and_says_why_quickly(
    endpoint_without_database: tuple[TlsEndpoint, str],
) -> None:
    import time

    endpoint, _ = endpoint_without_database
    started = time.monotonic()
    assert not _answers("127.0.0.1", endpoint.port)
    assert not _answers("127.0.0.1", endpoint.port, direct=False)  # asked for TLS first
    assert time.monotonic() - started < HUB_PROBE_S  # told, not waited out

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    conninfo = f"host=127.0.0.1 port={endpoint.port} user=kiosk_desk dbname=kiosk sslmode=require"
    for negotiation in ("direct", "postgres"):
        with pytest.raises(psycopg.OperationalError) as refused:
            psycopg.connect(f"{conninfo} sslnegotiation={negotiation}", connect_timeout=5)
        assert "база данных хаба перезапускается" in str(refused.value)
        assert is_connection_lost(refused.value)  # a desk at work goes on to its replica


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("ru", "База данных хаба 127.0.0.1:{p} перезапускается: попробуйте через несколько "
         "секунд."),
        ("en", "The database of the hub 127.0.0.1:{p} is restarting: try again in a few "
         "seconds."),
    ],
    ids=["ru", "en"],
)  # fmt: skip
def test_a_desk_joining_while_the_hubs_database_restarts_is_told_so(
    endpoint_without_database: tuple[TlsEndpoint, str],
    tmp_path: Path,
    event: Event,
    language: str,
    said: str,
) -> None:
    endpoint, fingerprint = endpoint_without_database
    code = JoinCode("127.0.0.1", endpoint.port, "kiosk", "kiosk_desk", "secret", fingerprint)
    with speaking(language), pytest.raises(DatabaseError) as refused:
        desks.open_hub(code.encode(), event, tmp_path / "desk")
    assert str(refused.value) == said.format(p=endpoint.port)


@pytest.mark.postgres
def test_a_running_hub_answers_either_way_it_is_asked(hub: HubProcess) -> None:
    assert _answers(hub.host, hub.port)
    assert _answers(hub.host, hub.port, direct=False)
