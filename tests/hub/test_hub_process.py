"""`kiosk hub start` as a person runs it: desks join with its code, it stops cleanly."""

from __future__ import annotations

import json
from pathlib import Path

from tests.hubs import HubProcess, run_desk


def test_a_desk_joins_with_the_code_and_sees_the_event(hub: HubProcess, tmp_path: Path) -> None:
    result = run_desk(tmp_path, hub.join, "stats", "--json")
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["attendees"] == 0


def test_sigterm_stops_the_hub_cleanly(hub: HubProcess) -> None:
    assert hub.stop() == 0
    assert hub.process.stderr is not None
    assert "Traceback" not in hub.process.stderr.read()
