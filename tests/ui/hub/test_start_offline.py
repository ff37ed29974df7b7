"""A desk that starts while its hub cannot be reached, having pulled a replica of it before,
starts on the replica — scans check in, queued, the status line saying so — and goes on to the
hub by itself once the hub is back, what it did there once."""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk import present
from kiosk.config import Event
from kiosk.hub import desks
from kiosk.hub.desks import DESK
from kiosk.models import Attendee, CheckIn
from kiosk.offline.local import offline_start
from kiosk.services import selfservice
from kiosk.services.context import Desk
from tests.conftest import FixedClock
from tests.hubs import HubProcess, start_hub_process
from tests.ui.conftest import KEY_CLOCK, PIN, SilentSounds
from tests.ui.desk.test_desk_window import scan, wait_tone
from tests.ui.hub.offline import CONFERENCE, back_online, someone_on_the_hub, wait_for_replica_of
from tests.ui.kiosk.test_kiosk import scan as kiosk_scan
from ui.app import Translations, open_station, start_kiosk
from ui.common.hub import Link, Place, Station
from ui.common.runner import Runner
from ui.common.settings import DeskSettings
from ui.desk.controller import DeskController
from ui.desk.window import DeskWindow
from ui.kiosk.window import KioskWindow

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def desk_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "desk"
    monkeypatch.setenv("KIOSK_HOME", str(home))
    return home


@pytest.fixture
def windows(qtbot: QtBot) -> Iterator[list[tuple[DeskWindow, Station]]]:
    opened: list[tuple[DeskWindow, Station]] = []
    yield opened
    for window, station in opened:
        window.controller.runner.wait()
        QApplication.processEvents()
        window.close()
        station.close()


def start_app_desk(
    qtbot: QtBot,
    windows: list[tuple[DeskWindow, Station]],
    join: str,
    event: Event,
    clock: FixedClock,
    name: str = "стойка-1",
) -> tuple[DeskWindow, Station]:
    """The desk app started with `--db JOIN`, as `ui.app.run` does it (`name`: the desk's name
    in its settings, "" when it was never given one)."""
    settings = DeskSettings(desk_name=name, printer="", auto_print=False, sounds=False)
    args = argparse.Namespace(db=join, event=None, quit_after_ms=None)
    station = open_station(args, event, settings)
    assert station is not None
    station.start()
    desk = station.desk(Desk(station.db, event, name=settings.name, clock=clock))
    window = DeskWindow(
        DeskController(desk, Runner(), settings),
        SilentSounds(),  # type: ignore[arg-type]
        station=station,
    )
    window.scanner.clock = KEY_CLOCK
    window.confirm_close = lambda _waiting: True
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    windows.append((window, station))
    return window, station


def on_the_hub(
    join: str, event: Event, home: Path, code: str, *columns: Any
) -> list[tuple[object, ...]]:
    _, db = desks.open_hub(join, event, home)
    try:
        with db.read_rows() as connection:
            rows = connection.execute(
                select(*(columns or (CheckIn.day, CheckIn.offline)))
                .join(Attendee, Attendee.id == CheckIn.attendee_id)
                .where(Attendee.badge_code == code)
            ).all()
    finally:
        db.dispose()
    return [tuple(row) for row in rows]


def test_a_desk_started_without_its_hub_works_on_its_replica_and_goes_online_when_it_is_back(
    qtbot: QtBot,
    hub: HubProcess,
    hub_home: Path,
    desk_home: Path,
    windows: list[tuple[DeskWindow, Station]],
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    person = someone_on_the_hub(hub.join, event, clock, tmp_path / "other")
    window, station = start_app_desk(qtbot, windows, hub.join, event, clock)
    wait_for_replica_of(qtbot, station, event, person)
    window.close()  # the app quits
    station.close()
    windows.clear()
    assert hub.stop() == 0

    window, station = start_app_desk(qtbot, windows, hub.join, event, clock)
    assert station.link.place is Place.HUB and station.link.offline
    assert window.controller.offline
    scan(qtbot, window, person.code)
    wait_tone(qtbot, window, "green")
    qtbot.waitUntil(lambda: station.link.queued == 1, timeout=5_000)
    data_at = present.local_time(event, station.link.data_at)
    assert window.hub_status.text() == f"офлайн · 1 в очереди · данные от {data_at}"

    back = start_hub_process(hub.data, hub_home, port=hub.port)
    try:
        back_online(qtbot, station)
        assert station.link.queued == 0 and not window.controller.offline
        assert window.controller.desk.db is station.db
        assert on_the_hub(back.join, event, tmp_path / "other", person.code) == [(CONFERENCE, True)]
        window.controller.check_in_code(person.code)  # on the hub now: already in
        wait_tone(qtbot, window, "amber")
    finally:
        window.controller.runner.wait()
        back.stop()


def test_a_desk_that_never_pulled_a_replica_does_not_start_offline(
    hub: HubProcess, desk_home: Path, event: Event
) -> None:
    hub.stop()
    assert offline_start(hub.join, event, DESK) is None


def test_a_kiosk_that_never_pulled_a_replica_does_not_start_offline(
    hub: HubProcess, desk_home: Path, event: Event
) -> None:
    hub.stop()
    assert offline_start(hub.join, event, desks.KIOSK) is None


def start_app_kiosk(
    join: str, event: Event, clock: FixedClock, translations: Translations
) -> tuple[KioskWindow, Station]:
    """The app started with `--kiosk --db JOIN`, as `ui.app.run` does it (with the tests' own
    translations: a kiosk's switch of language leaves no translator of its own behind)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    settings = DeskSettings(printer="", kiosk_camera=False, kiosk_slip=False, sounds=False)
    args = argparse.Namespace(db=join, event=None, quit_after_ms=None, desk=None)
    station = open_station(args, event, settings, kind=desks.KIOSK)
    assert station is not None
    station.start()
    window = start_kiosk(app, args, station, event, settings, translations)
    assert window is not None
    window.scanner.clock = KEY_CLOCK
    window.controller.desk = replace(window.controller.desk, clock=clock)  # an event day
    return window, station


def test_a_kiosk_started_without_its_hub_checks_visitors_in_on_its_replica_and_goes_online(
    qtbot: QtBot,
    hub: HubProcess,
    hub_home: Path,
    desk_home: Path,
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
    translations: Translations,
) -> None:
    person = someone_on_the_hub(hub.join, event, clock, tmp_path / "other")
    _, hub_db = desks.open_hub(hub.join, event, tmp_path / "other")
    try:
        selfservice.set_pin(hub_db, PIN)  # set at a desk: the kiosk's replica takes it too
    finally:
        hub_db.dispose()
    window, station = start_app_kiosk(hub.join, event, clock, translations)
    wait_for_replica_of(qtbot, station, event, person)
    window.controller.runner.wait()
    window.leave()
    station.close()
    assert hub.stop() == 0

    window, station = start_app_kiosk(hub.join, event, clock, translations)
    try:
        assert station.link.place is Place.HUB and station.link.offline
        assert window.controller.offline and window.controller.desk.db is station.replica
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
        kiosk_scan(qtbot, window, person.code)
        qtbot.waitUntil(lambda: window.current() is window.welcome, timeout=5000)
        qtbot.waitUntil(lambda: station.link.queued == 1, timeout=5000)
        window.show_staff()
        data_at = present.local_time(event, station.link.data_at)
        assert f"офлайн · 1 в очереди · данные от {data_at}" in window.staff.hub_state.text()

        back = start_hub_process(hub.data, hub_home, port=hub.port)
        try:
            back_online(qtbot, station)
            assert station.link.queued == 0 and not window.controller.offline
            assert window.controller.desk.db is station.db
            assert "офлайн" not in window.staff.hub_state.text()
            home = tmp_path / "other"
            assert on_the_hub(back.join, event, home, person.code) == [(CONFERENCE, True)]
        finally:
            window.controller.runner.wait()
            back.stop()
    finally:
        window.controller.runner.wait()
        window.leave()
        station.close()


def test_a_desk_whose_installation_is_gone_does_not_start_offline(
    qtbot: QtBot,
    hub: HubProcess,
    desk_home: Path,
    windows: list[tuple[DeskWindow, Station]],
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    """The outbox's nonces are made from the installation's id: one made afresh would send
    again what the hub already applied, so without the id it joined under there is no
    offline start."""
    from kiosk.hub.join import decode

    person = someone_on_the_hub(hub.join, event, clock, tmp_path / "other")
    window, station = start_app_desk(qtbot, windows, hub.join, event, clock)
    wait_for_replica_of(qtbot, station, event, person)
    window.close()
    station.close()
    windows.clear()
    assert hub.stop() == 0
    (desks.hub_folder(decode(hub.join), desk_home) / desks.FILE_NAME).unlink()
    assert offline_start(hub.join, event, DESK) is None


def test_looking_for_the_replica_at_start_leaves_the_gui_thread_free_and_says_so(
    qtbot: QtBot, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether the desk may start offline is asked off the GUI thread (it waits up to 1.5 s to
    see whether the hub answers after all), and a window says what the desk is doing."""
    from kiosk.offline import local
    from ui.app import station_without_hub

    def slow_to_find(*_args: object, **_kwargs: object) -> None:
        time.sleep(1.0)  # the hub's address takes the question and answers nothing
        return None

    monkeypatch.setattr(local, "offline_start", slow_to_find)
    turns: list[bool] = []

    def gui_turn() -> None:
        turns.append(
            any(
                widget.objectName() == "offlineStartProgress" and widget.isVisible()
                for widget in QApplication.topLevelWidgets()
            )
        )

    ticking = QTimer()
    ticking.timeout.connect(gui_turn)
    ticking.start(50)
    try:
        assert station_without_hub("HUB1-…", event, DESK, None) is None
    finally:
        ticking.stop()
    assert len(turns) >= 10  # the GUI thread went on meanwhile
    assert any(turns)  # and the window said what it waits for


def test_a_desk_joined_by_db_starts_without_its_hub_under_the_name_the_hub_gave_it(
    qtbot: QtBot,
    hub: HubProcess,
    hub_home: Path,
    desk_home: Path,
    windows: list[tuple[DeskWindow, Station]],
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    """`main.py --db HUB1-…` on a desk never named: the hub names it «стойка-2» (another desk
    is «стойка-1»), and that name is kept for a start without the hub — its offline actions,
    its header, and what reaches the hub afterwards are «стойка-2»'s, never «стойка-1»'s."""
    from kiosk.hub.join import decode
    from kiosk.offline.sync import queued

    other_home = tmp_path / "other"
    person = someone_on_the_hub(hub.join, event, clock, other_home)
    _code, other = desks.open_hub(hub.join, event, other_home)
    try:
        first = desks.installation(decode(hub.join), DESK, other_home)
        assert desks.register(other, first, "").name == "стойка-1"
    finally:
        other.dispose()

    window, station = start_app_desk(qtbot, windows, hub.join, event, clock, name="")
    assert station.link.desk_name == "стойка-2"
    kept = desks.known_installation(decode(hub.join), DESK, desk_home)
    assert kept is not None and kept.name == "стойка-2"
    wait_for_replica_of(qtbot, station, event, person)
    window.close()
    station.close()
    windows.clear()
    assert hub.stop() == 0

    window, station = start_app_desk(qtbot, windows, hub.join, event, clock, name="")
    assert station.link.offline and station.link.desk_name == "стойка-2"
    assert window.controller.desk.name == "стойка-2"
    assert window.desk_label.text() == "стойка-2"  # not «стойка стойка-2»
    scan(qtbot, window, person.code)
    wait_tone(qtbot, window, "green")
    qtbot.waitUntil(lambda: station.link.queued == 1, timeout=5_000)
    assert station.replica is not None and station.me is not None
    waiting = queued(station.replica, station.me.id)
    assert [item.action.desk for item in waiting] == ["стойка-2"]

    back = start_hub_process(hub.data, hub_home, port=hub.port)
    try:
        back_online(qtbot, station)
        assert station.link.queued == 0
        found = on_the_hub(back.join, event, other_home, person.code, CheckIn.desk, CheckIn.offline)
        assert found == [("стойка-2", True)]
        qtbot.waitUntil(lambda: window.hub_status.text().startswith("Хаб: стойка-2 · "))
        assert window.controller.desk.name == "стойка-2"
    finally:
        window.controller.runner.wait()
        back.stop()


def test_a_desk_that_joined_before_its_name_was_kept_starts_offline_under_its_settings_name(
    hub: HubProcess, desk_home: Path, event: Event
) -> None:
    """A desk.json from before the name was kept has none: the desk starts offline all the
    same, under the name in its settings (which a desk online takes from the hub), else the
    first desk's — under its own installation, so what it queues is sent once."""
    from kiosk.hub.join import decode
    from kiosk.offline.local import open_local_replica
    from kiosk.offline.replica import pull

    code = decode(hub.join)
    _code, hub_db = desks.open_hub(hub.join, event, desk_home)
    try:
        me = desks.register(hub_db, desks.installation(code, DESK, desk_home), "Вход")
        replica = open_local_replica(code, event, create=True, home=desk_home)
        assert replica is not None
        try:
            pull(hub_db, replica)
        finally:
            replica.dispose()
    finally:
        hub_db.dispose()
    assert hub.stop() == 0
    desks.remember(code, me, desk_home)
    named = offline_start(hub.join, event, DESK, desk_home, name="Другое")
    assert named is not None and named.me == me  # the hub's name wins over the settings'
    named.replica.dispose()
    named.hub.dispose()

    desks.remember(code, replace(me, name=""), desk_home)
    for settings_name, expected in (("Вход", "Вход"), ("", "стойка-1")):
        start = offline_start(hub.join, event, DESK, desk_home, name=settings_name)
        assert start is not None
        assert (start.me.id, start.me.name) == (me.id, expected)
        start.replica.dispose()
        start.hub.dispose()


def test_an_app_desk_without_a_kept_name_starts_offline_under_its_settings_name(
    qtbot: QtBot,
    hub: HubProcess,
    desk_home: Path,
    windows: list[tuple[DeskWindow, Station]],
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    from kiosk.hub.join import decode
    from kiosk.offline.sync import queued

    person = someone_on_the_hub(hub.join, event, clock, tmp_path / "other")
    window, station = start_app_desk(qtbot, windows, hub.join, event, clock, name="Вход")
    wait_for_replica_of(qtbot, station, event, person, settled=True)
    window.close()
    station.close()
    windows.clear()
    assert hub.stop() == 0
    code = decode(hub.join)
    kept = desks.known_installation(code, DESK, desk_home)
    assert kept is not None
    desks.remember(code, replace(kept, name=""), desk_home)  # as an older version kept it

    window, station = start_app_desk(qtbot, windows, hub.join, event, clock, name="Вход")
    assert station.link.offline and station.link.desk_name == "Вход"
    assert window.controller.desk.name == "Вход"
    scan(qtbot, window, person.code)
    wait_tone(qtbot, window, "green")
    qtbot.waitUntil(lambda: station.link.queued == 1, timeout=5_000)
    assert station.replica is not None and station.me is not None
    assert station.me.id == kept.id
    assert [item.action.desk for item in queued(station.replica, kept.id)] == ["Вход"]


def test_a_hub_that_takes_the_connection_and_answers_nothing_does_not_answer(
    hub: HubProcess,
) -> None:
    """The start-up probe wants the hub's TLS handshake within 1.5 s: a frozen hub (its port
    takes the connection, nothing comes back) is not there."""
    from kiosk.offline.local import HUB_PROBE_S, _answers
    from tests.netproxy import Proxy

    with Proxy(hub.host, hub.port) as proxy:
        assert _answers("127.0.0.1", proxy.port)
        proxy.stall()
        started = time.monotonic()
        assert not _answers("127.0.0.1", proxy.port)
        assert time.monotonic() - started < HUB_PROBE_S + 0.5
        proxy.heal()
        assert _answers("127.0.0.1", proxy.port)


def test_a_desk_started_while_its_hub_hangs_starts_on_its_replica(
    qtbot: QtBot,
    hub: HubProcess,
    desk_home: Path,
    windows: list[tuple[DeskWindow, Station]],
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    """The hub frozen (SIGSTOP: the connection is taken, nothing answers): the desk does not
    refuse to start, it works on the replica it pulled before."""
    from tests.netproxy import Proxy
    from tests.ui.hub.offline import through

    person = someone_on_the_hub(hub.join, event, clock, tmp_path / "other")
    with Proxy(hub.host, hub.port) as proxy:
        join = through(proxy, hub.join)
        window, station = start_app_desk(qtbot, windows, join, event, clock)
        wait_for_replica_of(qtbot, station, event, person, settled=True)
        window.close()
        station.close()
        windows.clear()

        proxy.stall()
        window, station = start_app_desk(qtbot, windows, join, event, clock)
        assert station.link.place is Place.HUB and station.link.offline
        scan(qtbot, window, person.code)
        wait_tone(qtbot, window, "green")
        qtbot.waitUntil(lambda: station.link.queued == 1, timeout=5_000)
        window.controller.runner.wait()
        window.close()
        station.close()
        windows.clear()


def test_a_desk_started_while_its_hubs_database_is_down_starts_on_its_replica(
    qtbot: QtBot,
    hub: HubProcess,
    hub_home: Path,
    desk_home: Path,
    windows: list[tuple[DeskWindow, Station]],
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    """The hub's endpoint runs, its PostgreSQL does not (killed, being restarted): the desk
    does not take the endpoint's handshake for a hub that answers and refuse to start — it
    works on its replica, and goes on to the hub once its database is back."""
    from kiosk.hub.certs import ensure_identity, server_context
    from kiosk.hub.tls import TlsEndpoint
    from tests.hubs import free_port

    person = someone_on_the_hub(hub.join, event, clock, tmp_path / "other")
    window, station = start_app_desk(qtbot, windows, hub.join, event, clock)
    wait_for_replica_of(qtbot, station, event, person, settled=True)
    window.close()
    station.close()
    windows.clear()
    assert hub.stop() == 0

    identity = ensure_identity(hub.data)  # the hub's own certificate, on the hub's port
    endpoint = TlsEndpoint(server_context(identity), "127.0.0.1", hub.port, free_port())
    endpoint.start()
    try:
        window, station = start_app_desk(qtbot, windows, hub.join, event, clock)
        assert station.link.place is Place.HUB and station.link.offline
        scan(qtbot, window, person.code)
        wait_tone(qtbot, window, "green")
        qtbot.waitUntil(lambda: station.link.queued == 1, timeout=5_000)
    finally:
        endpoint.stop()

    back = start_hub_process(hub.data, hub_home, port=hub.port)
    try:
        back_online(qtbot, station)
        assert station.link.queued == 0
        assert on_the_hub(back.join, event, tmp_path / "other", person.code) == [(CONFERENCE, True)]
    finally:
        window.controller.runner.wait()
        back.stop()


def test_a_desk_at_work_when_the_hubs_database_is_killed_finds_the_hub_again(
    qtbot: QtBot,
    hub: HubProcess,
    desk_home: Path,
    windows: list[tuple[DeskWindow, Station]],
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    """kill -9 of the hub's PostgreSQL while a desk works: the hub starts it again, and the
    desk is back on the hub by itself — its next check-in is the hub's."""
    import os
    import signal

    from tests.hubs import backend_of

    person = someone_on_the_hub(hub.join, event, clock, tmp_path / "other")
    window, station = start_app_desk(qtbot, windows, hub.join, event, clock)
    wait_for_replica_of(qtbot, station, event, person, settled=True)

    links: list[Link] = []
    station.link_changed.connect(links.append)
    os.kill(backend_of(hub.data).pid, signal.SIGKILL)
    assert hub.said()["database"] == "stopped"
    assert hub.said(timeout=90)["database"] == "running"
    qtbot.waitUntil(lambda: any(link.reachable is False for link in links), timeout=10_000)
    back_online(qtbot, station)
    assert window.controller.desk.db is station.db
    scan(qtbot, window, person.code)
    wait_tone(qtbot, window, "green")
    window.controller.runner.wait()
    assert on_the_hub(hub.join, event, tmp_path / "other", person.code) == [(CONFERENCE, False)]
