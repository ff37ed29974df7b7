"""A badge code the hub does not know, scanned at a desk on the hub: under «Код не найден»
the desk says the person may have signed up at a kiosk or desk without the hub, and names
the installation the hub misses heartbeats from, so staff do not register them again."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from kiosk.codes import new_code
from kiosk.config import Event
from kiosk.hub import desks
from kiosk.hub.desks import KIOSK
from kiosk.models import DeskStation
from tests.conftest import FixedClock
from tests.hubs import HubProcess
from tests.ui.desk.test_desk_window import panel_text, scan, wait_tone
from tests.ui.hub.conftest import DeskOnHub

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def test_an_unknown_code_names_the_kiosk_the_hub_has_not_heard_from(
    qtbot: QtBot,
    hub: HubProcess,
    desk_on_hub: DeskOnHub,
    event: Event,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    home = tmp_path / "kiosk"
    code, db = desks.open_hub(hub.join, event, home)
    try:
        me = desks.register(db, desks.installation(code, KIOSK, home), "киоск-у-входа")
        with db.write() as session:
            session.execute(
                update(DeskStation)
                .where(DeskStation.id == me.id)
                .values(last_seen_at=clock() - timedelta(minutes=3))  # 09:02 at the venue
            )
    finally:
        db.dispose()
    window, station = desk_on_hub(hub.join, "стойка-1")
    qtbot.waitUntil(
        lambda: any(d.name == "киоск-у-входа" for d in station.link.desks), timeout=15_000
    )

    scan(qtbot, window, new_code())
    wait_tone(qtbot, window, "red")
    shown = panel_text(window)
    assert "Возможно, он(а) записан(а) на киоске или стойке без связи с хабом" in shown
    assert "Сейчас не на связи с хабом: киоск-у-входа (с 09:02)." in shown
    assert "стойка-1" not in shown.split("Сейчас не на связи с хабом:")[1]
