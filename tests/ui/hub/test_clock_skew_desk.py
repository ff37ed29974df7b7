"""A desk whose clock is more than a minute off its hub's is told so at the sync that finds it,
and its status line keeps saying it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from kiosk.models import utcnow
from tests.hubs import HubProcess
from tests.ui.desk.test_desk_window import panel_text
from tests.ui.hub.conftest import DeskOnHub

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def test_a_desk_clock_minutes_off_the_hubs_is_warned_about_and_shown_in_the_status_line(
    qtbot: QtBot, shared_hub: HubProcess, desk_on_hub: DeskOnHub
) -> None:
    window, station = desk_on_hub(shared_hub.join, "стойка-7")
    qtbot.waitUntil(lambda: station.link.clock_offset is not None, timeout=15_000)
    assert station.link.clock_warning is None
    assert "расходятся" not in window.hub_status.text()

    station.clock = lambda: utcnow() - timedelta(minutes=6)
    station.sync_now()
    qtbot.waitUntil(lambda: station.link.clock_warning is not None, timeout=15_000)
    assert "отстают от часов хаба на 6 мин" in panel_text(window)
    assert window.hub_status.text().endswith("часы расходятся с хабом на 6 мин")
    assert "отстают от часов хаба на 6 мин" in window.hub_status.toolTip()

    station.clock = utcnow
    station.sync_now()
    qtbot.waitUntil(lambda: station.link.clock_warning is None, timeout=15_000)
    assert "расходятся" not in window.hub_status.text()
