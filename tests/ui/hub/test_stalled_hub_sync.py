"""«Синхронизировать с хабом» on a hub that takes the desk's packets and answers nothing: the
desk stops waiting once the hub has been silent a while and says there is no connection, as
it does for a closed one; what is queued is kept."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.config import Event
from kiosk.hub import deadline
from tests.conftest import FixedClock
from tests.hubs import HubProcess
from tests.netproxy import Proxy
from tests.ui.desk.test_desk_window import panel_text
from tests.ui.hub.conftest import DeskOnHub
from tests.ui.hub.offline import someone_on_the_hub, through, wait_for_replica_of

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

SILENCE_S = 2.0


def test_syncing_with_a_stalled_hub_gives_up_after_its_silence_and_says_there_is_no_connection(
    qtbot: QtBot,
    hub: HubProcess,
    proxy: Proxy,
    desk_on_hub: DeskOnHub,
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(deadline, "SYNC_SILENCE_S", SILENCE_S)
    window, station = desk_on_hub(through(proxy, hub.join), "стойка-1")
    person = someone_on_the_hub(hub.join, event, clock, tmp_path / "other")
    wait_for_replica_of(qtbot, station, event, person, settled=True)

    proxy.stall()
    started = time.monotonic()
    with qtbot.waitSignal(station.synced, timeout=int(SILENCE_S * 1000) + 8_000) as synced:
        window.sync_action.trigger()
    took = time.monotonic() - started
    assert took < SILENCE_S + 6, took
    text, level = synced.args
    assert level == "error"
    assert text.startswith("Синхронизировать не получилось: нет связи с хабом")
    assert "Синхронизировать не получилось" in panel_text(window)
    assert not station._replica_busy  # a later sync is not stuck behind this one
