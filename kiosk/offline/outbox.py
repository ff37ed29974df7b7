"""Whether this laptop's outbox for a hub may hold anything to send, read with one query of
the replica's file (the standard library's sqlite3, no engine, no migrations).

A desk's command on a hub sends what waits first (kiosk.cli.app.Context.at_the_desk), so it
asks this before every action: an empty outbox must cost no more than this. The query reads
the outbox as kiosk.offline.sync.queued does — entries of the replica's audit log after the
last one sent, of the actions the outbox carries — and may say yes where that finds nothing to
send (a print taken back at once, sent as nothing): then the sending finds so.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Final

OUTBOX_ACTIONS: Final = frozenset(
    {
        # kiosk.offline.sync: the keys of KINDS and of TAKEN_BACK (a test keeps them equal);
        # its `queued` reads the outbox by these names, as `may_be_waiting` does.
        "check_in",
        "payment",
        "upgrade",
        "print_badge",
        "reprint_badge",
        "print_failed",
        "undo_check_in",
        "edit",
        "swap_names",
        "register",
        "refused_scan",
    }
)
OF_NOBODY_KNOWN: Final = frozenset({"refused_scan", "print_failed"})
"""Entries sent though the replica has not the person they name (kiosk.offline.sync.queued)."""
_SENT_UPTO: Final = "(SELECT upto FROM replica_sent WHERE id = 1)"
"""How far the outbox is sent (kiosk.offline.sync.SENT_TABLE; made at the first count)."""


def _query(sent_upto: str) -> str:
    actions = ", ".join(f"'{a}'" for a in sorted(OUTBOX_ACTIONS))
    unnamed = ", ".join(f"'{a}'" for a in sorted(OF_NOBODY_KNOWN))
    return (
        "SELECT EXISTS (SELECT 1 FROM audit_log AS entry "
        "LEFT JOIN attendees AS person ON person.id = entry.attendee_id "
        f"WHERE entry.id > COALESCE({sent_upto}, 0) AND entry.action IN ({actions}) "
        f"AND (person.id IS NOT NULL OR entry.action IN ({unnamed})))"
    )


def may_be_waiting(replica: Path) -> bool:
    """Whether the replica at `replica` may hold actions not yet sent to the hub. No replica,
    or one that cannot be read (nothing could be sent from it either): no."""
    if not replica.is_file():
        return False
    try:
        connection = sqlite3.connect(f"{replica.resolve().as_uri()}?mode=rw", uri=True, timeout=5)
    except sqlite3.Error:
        return False
    try:
        try:
            row = connection.execute(_query(_SENT_UPTO)).fetchone()
        except sqlite3.OperationalError as exc:
            if "replica_sent" not in str(exc):
                return False
            row = connection.execute(_query("NULL")).fetchone()  # never counted: nothing sent
    except sqlite3.Error:
        return False
    finally:
        connection.close()
    return bool(row and row[0])
