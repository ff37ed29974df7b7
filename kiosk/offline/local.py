"""This laptop's replica of a hub, found from the hub's join code (`KIOSK_HOME/hubs/<hub>/`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from kiosk.config import Event
from kiosk.db import Database
from kiosk.hub.join import JoinCode, decode, looks_like_join_code

REPLICA_FILE: Final = "replica.sqlite3"


def join_code(value: str | None) -> JoinCode | None:
    """The join code `--db` (or KIOSK_DB) names, if it names one; `JoinCodeError` when it is
    one, misread."""
    chosen = value or os.environ.get("KIOSK_DB") or ""
    if not looks_like_join_code(chosen):
        return None
    return decode(chosen)


def replica_path(code: JoinCode, home: Path | None = None) -> Path:
    from kiosk.hub.client import hub_folder

    return hub_folder(code, home) / REPLICA_FILE


def installation_id(code: JoinCode) -> str:
    """This laptop's id for the hub (made the first time): the outbox's nonces carry it."""
    from kiosk.hub.desks import installation

    return installation(code, "desk").id


def open_local_replica(
    code: JoinCode, event: Event, *, create: bool, home: Path | None = None
) -> Database | None:
    """The replica of this hub on this laptop (in `home`, else the user data folder); None
    when there is none and `create` is off."""
    from kiosk.offline.replica import open_replica

    path = replica_path(code, home)
    if not create and not path.is_file():
        return None
    return open_replica(path, event)
