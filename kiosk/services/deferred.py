"""Rows nothing reads before their transaction ends — audit entries, refused scans — written
all at its end when one transaction does many actions (a desk's outbox sent in batches:
kiosk.services.replay.replay_all): one statement per table for all of them, instead of a round
trip to the hub for each row.

Outside such a transaction (`deferring`), `write` writes the row at once, as before.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Final

from sqlalchemy import Insert
from sqlalchemy.orm import Session

from kiosk.db import PlainConnection, execute_plain

_KEY: Final = "kiosk.deferred.rows"
"""A key of `Session.info`: the rows kept back, by statement, in the order they came."""


@contextmanager
def deferring(session: Session) -> Iterator[None]:
    """Within the block, the rows given to `write` on this session are kept back; they are
    written when the block ends (in the order they came, each table's in one statement), in
    the session's transaction — or not at all if the block fails."""
    kept: dict[Insert, list[Mapping[str, Any]]] = {}
    session.info[_KEY] = kept
    try:
        yield
        for statement, rows in kept.items():
            session.connection().execute(statement, [dict(row) for row in rows])
    finally:
        session.info.pop(_KEY, None)


def flush(session: Session) -> None:
    """Write the rows kept back so far now (the transaction is about to read them back)."""
    kept: dict[Insert, list[Mapping[str, Any]]] | None = session.info.get(_KEY)
    if not kept:
        return
    for statement, rows in kept.items():
        session.connection().execute(statement, [dict(row) for row in rows])
    kept.clear()


def write(session: Session | PlainConnection, statement: Insert, values: Mapping[str, Any]) -> None:
    """Insert one row (every value of `statement` given): now, or at the end of `deferring`."""
    if isinstance(session, Session):
        kept: dict[Insert, list[Mapping[str, Any]]] | None = session.info.get(_KEY)
        if kept is not None:
            kept.setdefault(statement, []).append(values)
            return
        execute_plain(session.connection(), statement, values)
        return
    execute_plain(session, statement, values)
