"""The hub's TLS endpoint: the only thing of the database the venue's network can reach.

The pip-installable PostgreSQL builds are compiled without OpenSSL, so the server listens on
the hub laptop itself (127.0.0.1) and this endpoint, on the LAN, terminates TLS with the hub's
own certificate and carries each connection to it. It speaks both ways a PostgreSQL client
starts TLS: the direct handshake (libpq 17+ `sslnegotiation=direct`, ALPN «postgresql») and the
classic SSLRequest. A plain connection is refused with PostgreSQL's own error message, so no
password or data ever crosses the network in clear; the password check itself (SCRAM-SHA-256)
is PostgreSQL's, end to end through the tunnel.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import ssl
import struct
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

from kiosk.i18n import tr

log = logging.getLogger(__name__)

SSL_REQUEST: Final = 80877103
GSS_REQUEST: Final = 80877104
TLS_HANDSHAKE: Final = 0x16
"""The first byte of a TLS ClientHello record."""
HANDSHAKE_TIMEOUT_S: Final = 10.0
CHUNK: Final = 65536
REFUSAL_DRAIN_S: Final = 1.0
CANNOT_CONNECT_NOW: Final = "57P03"
"""PostgreSQL's own SQLSTATE for a server starting up or shutting down: try again soon."""


def _error_response(message: str, code: str = "08P01") -> bytes:
    """A PostgreSQL ErrorResponse (FATAL, `code`) a client shows as the reason."""
    fields = b"SFATAL\x00VFATAL\x00C" + code.encode() + b"\x00M" + message.encode() + b"\x00\x00"
    return b"E" + struct.pack(">I", len(fields) + 4) + fields


RESTARTING: Final = (
    "база данных хаба перезапускается: подключитесь снова через несколько секунд",
    "the hub's database is restarting: connect again in a few seconds",
)
"""What a desk is told while the database behind the endpoint is gone (Russian, English)."""


def restarting_text() -> str:
    return tr(*RESTARTING)


REFUSAL: Final = _error_response(
    "this hub accepts only encrypted connections: join it with its join code"
)


@dataclass
class TlsEndpoint:
    """Listens on `listen`:`port`; carries each TLS connection to 127.0.0.1:`backend_port`."""

    context: ssl.SSLContext
    listen: str
    port: int
    backend_port: int
    backend_host: str = "127.0.0.1"
    _server: socket.socket | None = None
    _threads: list[threading.Thread] = field(default_factory=list)
    _open: set[socket.socket] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _backend_lost: threading.Event = field(default_factory=threading.Event)
    """The database behind the endpoint did not answer the last connection."""

    def start(self) -> int:
        """Bind and start accepting; returns the port (useful when 0 was asked for)."""
        family = socket.AF_INET6 if ":" in self.listen else socket.AF_INET
        server = socket.socket(family, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind((self.listen, self.port))
        server.listen(128)
        self._server = server
        self.port = server.getsockname()[1]
        accepting = threading.Thread(target=self._accept, name="tls-accept", daemon=True)
        accepting.start()
        self._threads.append(accepting)
        return self.port

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            # A thread blocked in accept() holds the socket open past close(): it would go on
            # listening, and a hub started again on the port would find it taken. shutdown()
            # wakes that thread first.
            with contextlib.suppress(OSError):
                self._server.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                self._server.close()
        with self._lock:
            sockets = list(self._open)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()

    def connections(self) -> int:
        with self._lock:
            return len(self._open) // 2

    # ---- accepting -------------------------------------------------------------------------

    def _accept(self) -> None:
        assert self._server is not None
        while not self._stopping.is_set():
            try:
                client, _address = self._server.accept()
            except OSError:
                return
            thread = threading.Thread(
                target=self._serve, args=(client,), name="tls-conn", daemon=True
            )
            thread.start()

    def _serve(self, client: socket.socket) -> None:
        try:
            tls = self._handshake(client)
        except (OSError, ssl.SSLError, ValueError) as exc:
            log.info("refused a connection to the hub: %s", type(exc).__name__)
            with contextlib.suppress(OSError):
                client.close()
            return
        if tls is None:
            return
        try:
            backend = socket.create_connection((self.backend_host, self.backend_port), timeout=10)
        except OSError:
            if not self._backend_lost.is_set():  # once, not at every desk's every retry
                # The hub's own watch says so to people (kiosk.cli.hub); this is the log's.
                log.info("the hub's database is not answering")
                self._backend_lost.set()
            _answer_restarting(tls)
            return
        if self._backend_lost.is_set():
            self._backend_lost.clear()
            log.info("the hub's database is answering again")
        backend.settimeout(None)
        tls.settimeout(None)
        # Each message goes on at once: PostgreSQL's are small and answered one by one, and
        # Nagle's algorithm would hold the second piece of an answer until the first is
        # acknowledged (up to a delayed ACK's 40 ms), as the server and libpq know.
        for sock in (backend, tls):
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self._tracked(tls, backend):
            self._pump(tls, backend)

    def _handshake(self, client: socket.socket) -> ssl.SSLSocket | None:
        """TLS by either of PostgreSQL's ways of asking; a plain start is refused."""
        client.settimeout(HANDSHAKE_TIMEOUT_S)
        first = client.recv(1, socket.MSG_PEEK)
        if not first:
            client.close()
            return None
        if first[0] != TLS_HANDSHAKE:
            head = _receive(client, 8)
            length, code = struct.unpack(">II", head)
            if length == 8 and code == GSS_REQUEST:
                client.sendall(b"N")  # no GSSAPI here; a client then asks for TLS
                head = _receive(client, 8)
                length, code = struct.unpack(">II", head)
            if length != 8 or code != SSL_REQUEST:
                _refuse(client)
                return None
            client.sendall(b"S")
        tls = self.context.wrap_socket(client, server_side=True)
        return tls

    # ---- carrying the bytes ----------------------------------------------------------------

    @contextlib.contextmanager
    def _tracked(self, *sockets: socket.socket) -> Iterator[None]:
        with self._lock:
            self._open.update(sockets)
        try:
            yield
        finally:
            with self._lock:
                self._open.difference_update(sockets)
            for sock in sockets:
                with contextlib.suppress(OSError):
                    sock.close()

    def _pump(self, tls: ssl.SSLSocket, backend: socket.socket) -> None:
        """Both directions until either side closes: one thread each way."""
        upstream = threading.Thread(target=_copy, args=(tls, backend), name="tls-up", daemon=True)
        upstream.start()
        _copy(backend, tls)
        upstream.join()


def _answer_restarting(tls: ssl.SSLSocket) -> None:
    """The database behind the endpoint is gone (restarting, or stopped for good): the client
    is told so in PostgreSQL's words, as PostgreSQL itself tells a client while it starts up
    (FATAL 57P03), rather than being dropped after the handshake with no reason — a desk
    then works on its replica at once instead of taking the hub for one that answers."""
    with contextlib.suppress(OSError, ValueError):
        tls.settimeout(REFUSAL_DRAIN_S)
        tls.sendall(_error_response(restarting_text(), CANNOT_CONNECT_NOW))
        # Its start-up message is read before closing: a socket closed with data unread
        # resets the connection, and the client would lose the answer with it.
        for _ in range(16):
            if not tls.recv(CHUNK):
                break
    with contextlib.suppress(OSError, ValueError):
        tls.close()


def _refuse(client: socket.socket) -> None:
    """Send the refusal and close. What the client sent on (the rest of its start-up message)
    is read first: a socket closed with data unread resets the connection, and the client
    would lose the refusal with it."""
    with contextlib.suppress(OSError):
        client.sendall(REFUSAL)
        client.shutdown(socket.SHUT_WR)
        client.settimeout(REFUSAL_DRAIN_S)
        for _ in range(16):
            if not client.recv(CHUNK):
                break
    with contextlib.suppress(OSError):
        client.close()


def _receive(sock: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise ValueError("closed during the start")
        data += chunk
    return data


def _copy(source: socket.socket, target: socket.socket) -> None:
    try:
        while True:
            data = source.recv(CHUNK)
            if not data:
                break
            target.sendall(data)
    except (OSError, ssl.SSLError):
        pass
    finally:
        # The other direction ends too: its recv returns once this side is shut.
        for sock in (target, source):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
