"""The hub stops under a running desk: the status line turns red, a scan is refused with a clear
message and its code kept, nothing is written; the hub back, the same Enter checks in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.config import Event
from kiosk.hub import desks
from kiosk.services import lookup
from kiosk.services.context import Desk
from tests.conftest import FixedClock
from tests.core.factories import registered
from tests.hubs import HubProcess, start_hub_process
from tests.ui.desk.test_desk_window import panel_text, scan, wait_tone
from tests.ui.hub.conftest import DeskOnHub
from ui.common.hub import Place

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

CONFERENCE = date(2026, 11, 28)


def test_a_scan_while_the_hub_is_gone_is_refused_kept_and_made_once_it_is_back(
    qtbot: QtBot,
    hub: HubProcess,
    hub_home: Path,
    desk_on_hub: DeskOnHub,
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    window, station = desk_on_hub(hub.join, "стойка-1")
    qtbot.waitUntil(lambda: station.link.ready, timeout=10_000)
    _code, other = desks.open_hub(hub.join, event, tmp_path / "other")
    person = registered(Desk(other, event, name="стойка-2", clock=clock))
    other.dispose()

    assert hub.stop() == 0
    qtbot.waitUntil(lambda: station.link.reachable is False, timeout=15_000)
    assert window.hub_status.text() == "Нет связи с хабом — отметки не принимаются"
    assert "#C5221F" in window.hub_status.styleSheet()

    scan(qtbot, window, person.code)
    assert "НЕ сделана" in panel_text(window)
    assert window.search_input.text() == person.code  # the scan in hand is not lost

    back = start_hub_process(hub.data, hub_home, port=hub.port)
    try:
        assert back.join == hub.join  # the same hub: its code still holds
        qtbot.waitUntil(lambda: station.link.ready, timeout=30_000)
        assert station.link.place is Place.HUB
        _, again = desks.open_hub(hub.join, event, tmp_path / "other")
        try:
            seen = lookup.get_by_code(Desk(again, event), person.code)
            assert seen is not None and seen.checkin_on(CONFERENCE) is None  # nothing written
        finally:
            again.dispose()

        window.controller.submit(window.search_input.text(), None)  # Enter, as staff press it
        wait_tone(qtbot, window, "green")
        assert window.attendee_card.attendee is not None
        assert window.attendee_card.attendee.checkin_on(CONFERENCE) is not None
    finally:
        window.controller.runner.wait()
        back.stop()
