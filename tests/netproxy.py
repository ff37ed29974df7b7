"""A small TCP proxy for the tests, between a desk and its hub, that breaks the network at
chosen moments: it stalls (takes everything, delivers nothing), loses the hub's replies (what
the desk sends still reaches the hub), cuts every connection, refuses new ones, slows each
chunk down, or — on a plain PostgreSQL connection, where it can read the desk's statements —
cuts before a statement reaches the hub, or after the hub has answered it but before the
answer reaches the desk.

Each connection is pumped by a thread of its own; `close` ends them all.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time
from dataclasses import dataclass
from typing import Final

CHUNK: Final = 65536


@dataclass
class Trigger:
    """Cut a connection at the next chunk from the desk that holds `pattern`: `before` it
    reaches the hub, or after the hub's reply to it (the reply dropped)."""

    pattern: bytes
    after_reply: bool
    times: int = 1
    skip: int = 0
    """Chunks with the pattern let through first."""
    fired: int = 0


class Proxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.1)  # so `close` is noticed
        self.port: int = self._server.getsockname()[1]
        self._lock = threading.Lock()
        self._links: list[_Link] = []
        self._triggers: list[Trigger] = []
        self.stalled = False
        self.swallowing = False
        self.refusing = False
        self.delay = 0.0
        """Seconds each chunk waits before it is passed on (a slow network)."""
        self.accepted = 0
        self._closing = False
        self._thread = threading.Thread(target=self._accept, name="proxy", daemon=True)
        self._thread.start()

    # ---- what the network does --------------------------------------------------------

    def stall(self) -> None:
        """Accept and read nothing on: the desk's bytes are taken, nothing comes back."""
        self.stalled = True

    def swallow_replies(self) -> None:
        """What the desk sends still reaches the hub; nothing the hub answers reaches the desk
        (a commit made, its answer lost)."""
        self.swallowing = True

    def cut(self) -> None:
        """Close every connection there is now (both sides see it end)."""
        with self._lock:
            links, self._links = self._links, []
        for link in links:
            link.close()

    def refuse(self) -> None:
        """Close new connections at once (and cut those there are)."""
        self.refusing = True
        self.cut()

    def heal(self) -> None:
        """The network is back: connections made from now on work; those that were stalled
        are cut (their desk gave up on them)."""
        self.cut()
        self.stalled = False
        self.swallowing = False
        self.refusing = False

    def cut_before(self, pattern: bytes, times: int = 1, skip: int = 0) -> Trigger:
        trigger = Trigger(pattern, after_reply=False, times=times, skip=skip)
        self._triggers.append(trigger)
        return trigger

    def cut_after_reply(self, pattern: bytes, times: int = 1, skip: int = 0) -> Trigger:
        trigger = Trigger(pattern, after_reply=True, times=times, skip=skip)
        self._triggers.append(trigger)
        return trigger

    def close(self) -> None:
        self._closing = True
        with contextlib.suppress(OSError):
            self._server.close()
        self.cut()
        self._thread.join(5)

    def __enter__(self) -> Proxy:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ---- inside ----------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            self.accepted += 1
            if self.refusing:
                client.close()
                continue
            link = _Link(self, client)
            with self._lock:
                self._links.append(link)
            threading.Thread(target=link.run, name="proxy-link", daemon=True).start()

    def _trigger_for(self, chunk: bytes) -> Trigger | None:
        with self._lock:
            for trigger in self._triggers:
                if trigger.fired < trigger.times and trigger.pattern in chunk:
                    if trigger.skip:
                        trigger.skip -= 1
                        continue
                    trigger.fired += 1
                    return trigger
        return None

    def _forget(self, link: _Link) -> None:
        with self._lock:
            if link in self._links:
                self._links.remove(link)


class _Link:
    """One desk connection and its connection to the hub."""

    def __init__(self, proxy: Proxy, client: socket.socket) -> None:
        self.proxy = proxy
        self.client = client
        self.upstream: socket.socket | None = None
        self.closed = False
        self._drop_reply = False

    def close(self) -> None:
        self.closed = True
        for sock in (self.client, self.upstream):
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    sock.close()

    def run(self) -> None:
        try:
            self._pump()
        except OSError:
            pass
        finally:
            self.close()
            self.proxy._forget(self)

    def _pump(self) -> None:
        proxy = self.proxy
        while not self.closed and proxy.stalled:
            time.sleep(0.02)  # held: nothing reaches the hub yet
        if self.closed:
            return
        self.upstream = socket.create_connection(proxy.target, timeout=10)
        self.upstream.settimeout(None)
        while not self.closed:
            if proxy.stalled:
                time.sleep(0.02)
                continue
            ready, _, _ = select.select([self.client, self.upstream], [], [], 0.05)
            for sock in ready:
                chunk = sock.recv(CHUNK)
                if not chunk:
                    return
                if proxy.delay:
                    time.sleep(proxy.delay)
                if sock is self.client:
                    trigger = proxy._trigger_for(chunk)
                    if trigger is not None and not trigger.after_reply:
                        return  # the statement never reaches the hub
                    self.upstream.sendall(chunk)
                    if trigger is not None:
                        self._drop_reply = True
                elif self._drop_reply:
                    return  # the hub answered; the desk never hears it
                elif proxy.swallowing:
                    continue  # the hub answered; the answer is lost on the way
                else:
                    self.client.sendall(chunk)
