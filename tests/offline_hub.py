"""Fixtures of the tests of desks working without the hub, at the service level: the hub (a
desk on the tests' PostgreSQL) and desks' replicas on this machine. A test module takes them
with `from tests.offline_hub import hub, replica, replicas` (named in its `__all__`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import Event
from kiosk.db import Database, open_database
from kiosk.offline.replica import open_replica
from kiosk.services.context import Desk
from tests.conftest import FixedClock


@pytest.fixture
def hub(pg_url: str, event: Event, clock: FixedClock) -> Iterator[Desk]:
    """The hub's database, as a desk working on it directly."""
    db = open_database(pg_url, event, create=True)
    try:
        yield Desk(db, event, name="хаб", operator="", clock=clock)
    finally:
        db.dispose()


@pytest.fixture
def replicas(tmp_path: Path, event: Event) -> Iterator[list[Database]]:
    """Two desks' replicas of it (desk-1, desk-2), empty until pulled."""
    opened = [open_replica(tmp_path / f"desk-{n}" / "replica.sqlite3", event) for n in (1, 2)]
    try:
        yield opened
    finally:
        for db in opened:
            db.dispose()


@pytest.fixture
def replica(tmp_path: Path, event: Event) -> Iterator[Database]:
    """One desk's replica of it, empty until pulled."""
    db = open_replica(tmp_path / "desk-1" / "replica.sqlite3", event)
    try:
        yield db
    finally:
        db.dispose()
