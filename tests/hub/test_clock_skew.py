"""Each sync compares the desk's clock with the hub's: `kiosk sync --json` gives the offset and
warns when it is more than a minute (offline arrivals are ranked by the desk's clock)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import Event
from kiosk.db import open_database
from kiosk.models import utcnow
from kiosk.offline import clock
from kiosk.offline.clock import hub_clock_offset, skew_warning
from tests.hubs import HubProcess

pytestmark = [pytest.mark.postgres]


def off_by(delta: timedelta) -> Callable[[], datetime]:
    return lambda: utcnow() + delta


def test_the_offset_is_the_hubs_clock_minus_the_desks(pg_url: str, event: Event) -> None:
    hub = open_database(pg_url, event, create=True)
    try:
        assert abs(hub_clock_offset(hub)) < 2.0
        assert abs(hub_clock_offset(hub, off_by(timedelta(minutes=-5))) - 300) < 2.0
        assert abs(hub_clock_offset(hub, off_by(timedelta(minutes=2))) + 120) < 2.0
    finally:
        hub.dispose()


def test_a_clock_more_than_a_minute_off_is_warned_about_within_a_minute_not() -> None:
    assert skew_warning(None) is None
    assert skew_warning(59.0) is None and skew_warning(-60.0) is None
    behind = skew_warning(300.0)
    assert behind is not None and "отстают" in behind and "5 мин" in behind
    ahead = skew_warning(-125.0)
    assert ahead is not None and "спешат" in ahead and "2 мин" in ahead


def run_sync(join: str, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    assert main(["--db", join, "sync", "--json"]) == 0
    document: dict[str, object] = json.loads(capsys.readouterr().out)
    return document


def test_kiosk_sync_says_how_far_the_desks_clock_is_from_the_hubs(
    hub: HubProcess,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "desk"))
    on_time = run_sync(hub.join, capsys)
    assert abs(float(on_time["clock_offset_seconds"])) < 2.0  # type: ignore[arg-type]
    assert on_time["clock_warning"] is None

    monkeypatch.setattr(clock, "utcnow", off_by(timedelta(minutes=-7)))  # 7 min behind
    behind = run_sync(hub.join, capsys)
    assert abs(float(behind["clock_offset_seconds"]) - 420) < 2.0  # type: ignore[arg-type]
    assert "отстают от часов хаба на 7 мин" in str(behind["clock_warning"])

    capsys.readouterr()
    assert main(["--db", hub.join, "sync"]) == 0
    assert "отстают от часов хаба на 7 мин" in capsys.readouterr().out


def test_kiosk_sync_without_the_hub_has_no_offset(
    hub: HubProcess,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "desk"))
    run_sync(hub.join, capsys)
    hub.stop()
    capsys.readouterr()
    assert main(["--db", hub.join, "sync", "--json"]) == 3
    document = json.loads(capsys.readouterr().out)
    assert document["online"] is False and document["clock_offset_seconds"] is None
