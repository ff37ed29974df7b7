"""A well-formed badge code the hub does not know may be a sign-up at a kiosk or desk without
the hub: `kiosk checkin` says so (exit 14 still), naming the installations that miss their
heartbeats now, so staff do not register the person a second time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from kiosk.cli.app import Exit
from kiosk.codes import new_code
from kiosk.config import load_event
from kiosk.db import Database
from kiosk.hub import desks
from kiosk.hub.desks import KIOSK, DeskActivity, not_synced_hint, out_of_reach
from kiosk.models import DeskStation
from tests.hub.test_command_line_names import kiosk
from tests.hubs import HubProcess

pytestmark = [pytest.mark.postgres]


@pytest.fixture
def hub_with_a_silent_kiosk(
    shared_hub: HubProcess, tmp_path: Path
) -> Iterator[tuple[str, Database]]:
    """The hub, and «киоск-тихий» registered on it, last heard from two minutes ago."""
    home = tmp_path / "kiosk"
    code, db = desks.open_hub(shared_hub.join, load_event(), home)
    try:
        me = desks.register(db, desks.installation(code, KIOSK, home), "киоск-тихий")
        with db.write() as session:
            session.execute(
                update(DeskStation)
                .where(DeskStation.id == me.id)
                .values(last_seen_at=datetime.now(UTC) - timedelta(minutes=2))
            )
        yield shared_hub.join, db
    finally:
        db.dispose()


def test_an_unknown_well_formed_code_on_a_hub_hints_at_a_kiosk_without_the_hub(
    hub_with_a_silent_kiosk: tuple[str, Database],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    join, _db = hub_with_a_silent_kiosk
    status, doc = kiosk(
        tmp_path / "desk", "--db", join, "checkin", new_code(), monkeypatch=monkeypatch
    )
    assert status == Exit.UNKNOWN_CODE, doc
    assert doc["hint"].startswith(
        "Возможно, он(а) записан(а) на киоске или стойке без связи с хабом: данные придут, "
        "когда они синхронизируются."
    )
    assert "Сейчас не на связи с хабом: " in doc["hint"] and "киоск-тихий (с " in doc["hint"]


def test_only_installations_heard_from_today_and_silent_now_are_named() -> None:
    event = load_event()
    now = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)  # 18:00 at the venue
    seen = [
        DeskActivity("1", "стойка-1", "desk", True, now, None),
        DeskActivity("2", "киоск-1", KIOSK, False, now - timedelta(minutes=3), None),
        DeskActivity("3", "стойка-вчера", "desk", False, now - timedelta(days=1), None),
        DeskActivity("4", "стойка-2", "desk", False, now - timedelta(minutes=1), None),
    ]
    missing = out_of_reach(seen, event, now, own_name="стойка-2")
    assert [d.name for d in missing] == ["киоск-1"]
    assert event.local_date(now) == date(2026, 11, 28)
    assert not_synced_hint(missing, event).endswith(
        "Сейчас не на связи с хабом: киоск-1 (с 17:57)."
    )
    assert not_synced_hint((), event).endswith("данные придут, когда они синхронизируются.")
