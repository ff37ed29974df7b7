"""The hub's own PostgreSQL ended under it (killed with -9, crashed): the hub says so, starts it
again and says when it is back, and the desks find it again by themselves; one that will not
start again ends the hub, saying what to do. Meanwhile the hub's endpoint tells desks the
database is restarting, and a desk that has a replica works on it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import Event
from kiosk.hub import desks
from kiosk.hub.certs import ensure_identity, server_context
from kiosk.hub.desks import DESK
from kiosk.hub.live import Listener
from kiosk.hub.tls import TlsEndpoint
from kiosk.offline.local import offline_start
from kiosk.services.context import Desk
from tests.conftest import FixedClock
from tests.core.factories import registered
from tests.hub.test_live import Heard
from tests.hubs import (
    HubProcess,
    backend_of,
    free_port,
    private_folder,
    run_desk,
    skip_without_postgres,
    start_hub_process,
)

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def kill_database(data: Path) -> int:
    """SIGKILL to the hub's PostgreSQL postmaster, as the trial did; its pid."""
    pid = backend_of(data).pid
    os.kill(pid, signal.SIGKILL)
    return pid


def stats(home: Path, join: str) -> tuple[dict[str, object], str]:
    """A desk's `kiosk stats --json`: the figures, and what it said on stderr."""
    result = run_desk(home, join, "stats", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    figures: dict[str, object] = json.loads(result.stdout)
    return figures, result.stderr


def reports_after(heard: Heard, start: int, reachable: bool, timeout: float = 60.0) -> int:
    """Wait for a report (`reachable` or not) after the first `start` ones; its index."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for index in range(start, len(heard.reports)):
            if heard.reports[index].reachable is reachable:
                return index
        heard.report_came.wait(0.05)
        heard.report_came.clear()
    raise AssertionError(f"no {'reachable' if reachable else 'unreachable'} report")


def test_a_database_killed_under_the_hub_is_started_again_and_the_desks_find_it(
    hub: HubProcess, tmp_path: Path, event: Event, clock: FixedClock
) -> None:
    desk = tmp_path / "desk"
    before, _ = stats(desk, hub.join)
    ear_home = tmp_path / "ear"
    code, db = desks.open_hub(hub.join, event, ear_home)
    heard = Heard()
    me = desks.register(db, desks.installation(code, DESK, ear_home), "стойка-9")
    listener = Listener(db, me, heard.change, heard.report, heartbeat_s=0.5)
    listener.start()
    try:
        reports_after(heard, 0, reachable=True)
        killed = kill_database(hub.data)

        lost = reports_after(heard, len(heard.reports), reachable=False)
        stopped, running = hub.said(), hub.said(timeout=90)
        assert stopped["database"] == "stopped"
        assert stopped["message"] == "База данных хаба остановилась; запускаю её снова…"
        assert running["database"] == "running"
        assert running["message"] == "База данных хаба снова работает: стойки подключатся сами."
        assert hub.process.poll() is None
        assert backend_of(hub.data).pid != killed

        # The desk's ear on the hub reconnects by itself and hears another desk's write.
        reports_after(heard, lost + 1, reachable=True)
        heard.drain()
        _, other = desks.open_hub(hub.join, event, tmp_path / "other")
        try:
            registered(Desk(other, event, name="стойка-2", clock=clock))
        finally:
            other.dispose()
        assert heard.changes.acquire(timeout=10)
    finally:
        listener.stop()
        db.dispose()
    after, said = stats(desk, hub.join)  # the command reaches the hub again, not a copy
    assert after["attendees"] == int(before["attendees"]) + 1  # type: ignore[call-overload]
    assert said == ""
    assert hub.stop() == 0
    assert hub.process.stderr is not None
    assert hub.process.stderr.read() == ""  # nothing in English, no traceback


@pytest.fixture
def english_hub(hub_home: Path) -> Iterator[HubProcess]:
    skip_without_postgres()
    data = private_folder("kiosk-test-hub-")
    running = start_hub_process(data, hub_home, KIOSK_LANG="en")
    try:
        yield running
    finally:
        running.kill()
        shutil.rmtree(data, ignore_errors=True)


def test_a_hub_whose_database_will_not_start_again_ends_saying_what_to_do(
    english_hub: HubProcess,
) -> None:
    hub = english_hub
    # What a server will not start with: PostgreSQL reads it only when it starts.
    (hub.data / "postgres" / "postgresql.auto.conf").write_text("not a setting at all\n")
    kill_database(hub.data)

    assert hub.said()["message"] == "The hub's database has stopped; starting it again…"
    ended = hub.said(timeout=120)
    assert hub.process.wait(30) == 3
    error = ended["error"]
    assert error.startswith("The hub's database stopped and could not be started again: ")
    assert "postgresql.auto.conf" in error  # why, in PostgreSQL's words
    assert "Start the hub again with the same command" in error
    assert "GMT [" not in error  # the log line's time and process id left out
    assert ended["field"] == "db"
    assert hub.process.stderr is not None
    assert "Traceback" not in hub.process.stderr.read()
    with pytest.raises(OSError):  # the endpoint stopped with it
        socket.create_connection((hub.host, hub.port), timeout=2).close()


def test_a_desk_with_a_replica_starts_on_it_while_the_hubs_database_is_down(
    hub: HubProcess, tmp_path: Path, event: Event
) -> None:
    from kiosk.hub.join import decode

    desk = tmp_path / "desk"
    synced = run_desk(desk, hub.join, "sync", "--json")  # its replica pulled
    assert synced.returncode == 0, synced.stdout + synced.stderr
    home = desk / "kiosk"  # the desk's KIOSK_HOME
    code = decode(hub.join)
    _, hub_db = desks.open_hub(hub.join, event, home)
    try:  # joined as the desk app joins
        me = desks.register(hub_db, desks.installation(code, DESK, home), "Вход")
        desks.remember(code, me, home)
    finally:
        hub_db.dispose()

    assert hub.stop() == 0
    endpoint = TlsEndpoint(
        server_context(ensure_identity(hub.data)), "127.0.0.1", hub.port, free_port()
    )
    endpoint.start()
    try:
        started = time.monotonic()
        start = offline_start(hub.join, event, DESK, home)
        assert time.monotonic() - started < 1.0  # told at once, not waited out
        assert start is not None and start.me.id == me.id
        start.replica.dispose()
        start.hub.dispose()

        figures, said = stats(desk, hub.join)  # the CLI works on the copy too
        assert "работаю по копии" in said
        assert figures["attendees"] == 0
    finally:
        endpoint.stop()
