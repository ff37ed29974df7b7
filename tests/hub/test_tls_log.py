"""The hub's TLS endpoint says once that the database behind it does not answer, not at every
desk's every try (a desk tries again each second while the hub is out of reach)."""

from __future__ import annotations

import contextlib
import logging
import socket
import ssl
import time
from pathlib import Path

import pytest

from kiosk.hub.certs import ensure_identity, server_context
from kiosk.hub.tls import TlsEndpoint
from tests.hubs import free_port


def knock(port: int) -> None:
    """A desk's try: direct TLS, as libpq 18 does; the endpoint closes it at once."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with (
        socket.create_connection(("127.0.0.1", port), timeout=5) as raw,
        context.wrap_socket(raw) as tls,
    ):
        tls.settimeout(5)
        with contextlib.suppress(OSError, ssl.SSLError):
            tls.recv(1)


def test_a_database_that_does_not_answer_is_logged_once_and_once_when_back(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.hub.tls")
    backend_port = free_port()
    endpoint = TlsEndpoint(server_context(ensure_identity(tmp_path)), "127.0.0.1", 0, backend_port)
    port = endpoint.start()
    backend = socket.socket()
    try:
        for _ in range(5):
            knock(port)
        backend.bind(("127.0.0.1", backend_port))
        backend.listen()
        knock(port)
        time.sleep(0.3)  # the endpoint's thread logs after the client has gone
    finally:
        endpoint.stop()
        backend.close()
    logged = [r.getMessage() for r in caplog.records if r.name == "kiosk.hub.tls"]
    assert logged == [
        "the hub's database is not answering",
        "the hub's database is answering again",
    ]


def test_a_stopped_endpoint_no_longer_listens_so_a_hub_may_start_again_on_its_port(
    tmp_path: Path,
) -> None:
    """Its accepting thread, blocked in accept(), would keep the socket listening past a mere
    close(): the hub started again on the port would find it taken."""
    endpoint = TlsEndpoint(server_context(ensure_identity(tmp_path)), "127.0.0.1", 0, free_port())
    port = endpoint.start()
    knock(port)  # one desk's try, answered: the thread is back in accept()
    time.sleep(0.2)
    endpoint.stop()
    time.sleep(0.2)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    again = TlsEndpoint(server_context(ensure_identity(tmp_path)), "127.0.0.1", port, free_port())
    assert again.start() == port
    again.stop()
