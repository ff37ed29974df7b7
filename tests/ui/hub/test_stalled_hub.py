"""A hub that still takes the desk's packets but answers nothing (the venue's Wi-Fi half
gone): the scan in hand waits for it 1.5 s at most, then is decided from the desk's replica
and queued; when the network is back it reaches the hub once."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kiosk.config import Event
from kiosk.db import Database
from kiosk.hub import desks
from kiosk.hub.desks import HEARTBEAT_S
from kiosk.hub.live import BEAT_DEADLINE_S
from kiosk.models import Attendee, CheckIn
from kiosk.offline.sync import queued
from kiosk.services.checkin import CheckInResult
from kiosk.services.context import Desk
from kiosk.services.printing import BadgeChange
from kiosk.services.views import AttendeeView
from tests.conftest import FixedClock
from tests.core.factories import registered
from tests.hubs import HubProcess
from tests.netproxy import Proxy
from tests.ui.desk.test_desk_window import panel_text, scan, wait_tone
from tests.ui.desk.test_rush import shows_only
from tests.ui.hub.conftest import DeskOnHub
from tests.ui.hub.offline import (
    CONFERENCE,
    back_online,
    someone_on_the_hub,
    through,
    wait_for_replica_of,
)
from ui.desk.window import DeskWindow

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def check_ins_on_the_hub(
    join: str, event: Event, home: Path, code: str
) -> list[tuple[object, ...]]:
    _, hub_db = desks.open_hub(join, event, home)
    try:
        with hub_db.read_rows() as connection:
            rows = connection.execute(
                select(CheckIn.day, CheckIn.offline, CheckIn.desk)
                .join(Attendee, Attendee.id == CheckIn.attendee_id)
                .where(Attendee.badge_code == code)
            ).all()
    finally:
        hub_db.dispose()
    return [tuple(row) for row in rows]


def test_a_scan_on_a_stalled_hub_is_checked_in_offline_within_two_seconds_and_sent_once_back(
    qtbot: QtBot,
    hub: HubProcess,
    proxy: Proxy,
    desk_on_hub: DeskOnHub,
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    window, station = desk_on_hub(through(proxy, hub.join), "стойка-1")
    person = someone_on_the_hub(hub.join, event, clock, tmp_path / "other")
    wait_for_replica_of(qtbot, station, event, person, settled=True)

    proxy.stall()
    scan(qtbot, window, person.code)
    started = time.monotonic()  # the scan is in hand (Enter)
    qtbot.waitUntil(lambda: window.result_panel.tone == "green", timeout=5_000)
    took = time.monotonic() - started
    assert took < 2.0, took
    assert station.link.offline
    assert "НЕ сделана" not in panel_text(window)
    qtbot.waitUntil(lambda: station.link.queued == 1, timeout=5_000)
    assert check_ins_on_the_hub(hub.join, event, tmp_path / "other", person.code) == []

    proxy.heal()
    back_online(qtbot, station)
    assert station.link.queued == 0
    assert check_ins_on_the_hub(hub.join, event, tmp_path / "other", person.code) == [
        (CONFERENCE, True, "стойка-1")
    ]
    window.controller.check_in_code(person.code)  # online again: already in, not twice
    wait_tone(qtbot, window, "amber")
    assert len(check_ins_on_the_hub(hub.join, event, tmp_path / "other", person.code)) == 1


def test_a_burst_of_scans_across_a_cut_reaches_the_hub_whole_and_once(
    qtbot: QtBot,
    hub: HubProcess,
    proxy: Proxy,
    desk_on_hub: DeskOnHub,
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    window, station = desk_on_hub(through(proxy, hub.join), "стойка-1")
    _, direct = desks.open_hub(hub.join, event, tmp_path / "other")
    try:
        other = Desk(direct, event, name="стойка-2", clock=clock)
        people = [registered(other, last=f"Пачкин-{n}", first="Пётр") for n in range(10)]
        codes = [person.code for person in people]
        wait_for_replica_of(qtbot, station, event, people[-1])

        def on_hub() -> dict[str, int]:
            return check_ins_by_code(direct, codes)

        for code in codes[:5]:
            window.controller.check_in_code(code)
        qtbot.waitUntil(lambda: len(on_hub()) >= 2, timeout=10_000)
        proxy.refuse()  # the Wi-Fi drops in the middle of the burst
        for code in codes[5:]:
            window.controller.check_in_code(code)

        def waiting() -> set[str]:
            assert station.replica is not None and station.me is not None
            return {item.action.code for item in queued(station.replica, station.me.id)}

        # Each scan is on the hub or in the outbox (a scan whose COMMIT reached the hub as the
        # network went may be in both: its nonce makes it count once).
        qtbot.waitUntil(
            lambda: station.link.offline and set(on_hub()) | waiting() == set(codes),
            timeout=15_000,
        )
        assert 0 < station.queued_now() < 10

        proxy.heal()
        back_online(qtbot, station)
        qtbot.waitUntil(lambda: len(on_hub()) == 10, timeout=10_000)
        assert on_hub() == dict.fromkeys(codes, 1)
        assert station.link.queued == 0
        assert station.replica is not None
        assert check_ins_by_code(station.replica, codes) == dict.fromkeys(codes, 1)
    finally:
        window.controller.runner.wait()
        direct.dispose()


def check_ins_by_code(db: Database, codes: list[str]) -> dict[str, int]:
    with db.read_rows() as connection:
        rows = connection.execute(
            select(Attendee.badge_code, func.count())
            .join(CheckIn, CheckIn.attendee_id == Attendee.id)
            .where(Attendee.badge_code.in_(codes))
            .group_by(Attendee.badge_code)
        ).all()
    return {code: number for code, number in rows}


def test_a_hub_that_stops_answering_is_seen_lost_by_the_status_line_without_a_scan(
    qtbot: QtBot,
    hub: HubProcess,
    proxy: Proxy,
    desk_on_hub: DeskOnHub,
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    window, station = desk_on_hub(through(proxy, hub.join), "стойка-1")
    person = someone_on_the_hub(hub.join, event, clock, tmp_path / "other")
    wait_for_replica_of(qtbot, station, event, person)

    proxy.stall()
    stalled = time.monotonic()
    qtbot.waitUntil(lambda: station.link.offline, timeout=15_000)
    assert time.monotonic() - stalled < HEARTBEAT_S + BEAT_DEADLINE_S + 1.5
    assert window.hub_status.text().startswith("офлайн · 0 в очереди")

    proxy.heal()
    back_online(qtbot, station)


def test_scans_waiting_behind_the_one_that_found_the_hub_stalled_do_not_each_wait_again(
    qtbot: QtBot,
    hub: HubProcess,
    proxy: Proxy,
    desk_on_hub: DeskOnHub,
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    window, station = desk_on_hub(through(proxy, hub.join), "стойка-1")
    _, direct = desks.open_hub(hub.join, event, tmp_path / "other")
    try:
        other = Desk(direct, event, name="стойка-2", clock=clock)
        people = [registered(other, last=f"Очередин-{n}", first="Олег") for n in range(5)]
    finally:
        direct.dispose()
    wait_for_replica_of(qtbot, station, event, people[-1], settled=True)

    proxy.stall()
    started = time.monotonic()
    for person in people:  # a queue at the desk: five scans in a row
        window.controller.check_in_code(person.code)
    qtbot.waitUntil(lambda: station.queued_now() == 5, timeout=15_000)
    assert time.monotonic() - started < 4.0  # one wait for the hub, not five


def test_what_a_person_at_a_stalled_desk_waits_for_is_read_from_the_replica_within_two_seconds(
    qtbot: QtBot,
    hub: HubProcess,
    proxy: Proxy,
    desk_on_hub: DeskOnHub,
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    """Search-as-you-type and the person's card wait for the hub no longer than a scan does:
    then the desk works offline and they are answered from its replica."""
    window, station = desk_on_hub(through(proxy, hub.join), "стойка-1")
    person = someone_on_the_hub(hub.join, event, clock, tmp_path / "other")
    wait_for_replica_of(qtbot, station, event, person, settled=True)

    def on_the_card() -> bool:
        card = window.attendee_card.attendee
        return card is not None and card.code == person.code

    proxy.stall()
    started = time.monotonic()
    window.search_input.setText(person.last_name)  # typed, not entered
    qtbot.waitUntil(on_the_card, timeout=10_000)
    took = time.monotonic() - started
    assert took < 2.0, took
    assert station.link.offline
    assert [row.code for row in window.results_model.rows] == [person.code]

    proxy.heal()
    back_online(qtbot, station)
    window.search_input.clear()
    qtbot.waitUntil(lambda: not window.results_model.rows, timeout=5_000)
    window.controller.check_in_code(person.code)
    wait_tone(qtbot, window, "green")
    assert on_the_card()

    proxy.stall()
    started = time.monotonic()
    window.controller.refresh_elsewhere()  # another desk wrote: the card's person is read again
    qtbot.waitUntil(lambda: station.link.offline, timeout=10_000)
    assert time.monotonic() - started < 2.0
    qtbot.waitUntil(lambda: not window.controller.runner.is_busy(), timeout=5_000)
    assert on_the_card()
    assert "Нет связи" not in panel_text(window)
    proxy.heal()
    back_online(qtbot, station)


def outcomes_shown(window: DeskWindow, monkeypatch: pytest.MonkeyPatch) -> list[tuple[float, str]]:
    """When the window showed each outcome, and whose (the controller asks its view)."""
    shown: list[tuple[float, str]] = []
    show = window.show_outcome

    def recording(result: CheckInResult, changes: tuple[BadgeChange, ...] = ()) -> None:
        shown.append((time.monotonic(), result.attendee.code if result.attendee else ""))
        show(result, changes)

    monkeypatch.setattr(window, "show_outcome", recording)
    return shown


def three_on_the_hub(
    hub: HubProcess, event: Event, clock: FixedClock, home: Path, last: str
) -> list[AttendeeView]:
    _, direct = desks.open_hub(hub.join, event, home)
    try:
        other = Desk(direct, event, name="стойка-2", clock=clock)
        return [registered(other, last=f"{last}-{n}", first="Олег") for n in range(3)]
    finally:
        direct.dispose()


def test_scans_in_hand_when_the_hub_stalls_are_decided_offline_in_order_within_two_seconds(
    qtbot: QtBot,
    hub: HubProcess,
    proxy: Proxy,
    desk_on_hub: DeskOnHub,
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The scan that found the hub stalled is decided from the replica as soon as it gave up
    on the hub: the scans queued behind it do not wait for the hub in turn first."""
    window, station = desk_on_hub(through(proxy, hub.join), "стойка-1")
    people = three_on_the_hub(hub, event, clock, tmp_path / "other", "Разом")
    wait_for_replica_of(qtbot, station, event, people[-1], settled=True)
    shown = outcomes_shown(window, monkeypatch)

    proxy.stall()
    started = time.monotonic()
    for person in people:  # three scans in quick succession, the first meeting the stall
        scan(qtbot, window, person.code)
    qtbot.waitUntil(lambda: len(shown) == 3, timeout=10_000)
    assert shown[0][0] - started < 2.0, shown[0][0] - started
    assert [code for _at, code in shown] == [person.code for person in people]
    assert station.link.offline
    qtbot.waitUntil(lambda: station.link.queued == 3, timeout=5_000)

    proxy.heal()
    back_online(qtbot, station)


def test_a_scan_decided_on_the_replica_before_an_earlier_one_is_shown_after_it(
    qtbot: QtBot,
    hub: HubProcess,
    proxy: Proxy,
    desk_on_hub: DeskOnHub,
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The heartbeat finds the hub lost while a scan waits for it: the next scan is decided on
    the replica at once, the first only once it gives up on the hub. The window still shows
    them in the order scanned, and ends on the last one: field, list and card."""
    window, station = desk_on_hub(through(proxy, hub.join), "стойка-1")
    first, last, _ = three_on_the_hub(hub, event, clock, tmp_path / "other", "Порядков")
    wait_for_replica_of(qtbot, station, event, last, settled=True)
    shown = outcomes_shown(window, monkeypatch)

    proxy.stall()
    scan(qtbot, window, first.code)
    qtbot.wait(200)
    station.connection_lost()  # as the heartbeat does when the hub does not answer it
    assert station.link.offline
    scan(qtbot, window, last.code)
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=10_000)
    assert [code for _at, code in shown] == [first.code, last.code]
    window.controller.runner.wait()
    qtbot.waitUntil(lambda: shows_only(window, last), timeout=5_000)
    qtbot.waitUntil(lambda: station.link.queued == 2, timeout=5_000)

    proxy.heal()
    back_online(qtbot, station)
