"""A desk's actions on a hub, recorded by nonce as the hub records the actions a desk's outbox
sends (kiosk.services.replay): an action whose reply was lost (it reached the hub, the hub
committed, the answer never came back), done again on the desk's replica under the same
nonce, is found applied when the outbox is sent — nothing lost, nothing doubled.

Each change the outbox would carry — a check-in, a payment, an upgrade, a badge print (and its
taking back when the job failed), an undo, a correction, a walk-in, a refused scan — made by an
action a desk does under a nonce (`Desk.under`) gets a nonce of its own
(kiosk.services.context.ActionNonces) in its audit entry, and is recorded in the same
transaction as an applied action answering what its replay would have answered.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from sqlalchemy import insert

from kiosk.db import PlainConnection, execute_plain
from kiosk.models import AppliedAction
from kiosk.services.context import Desk

APPLIED: Final[dict[str, tuple[str, str]]] = {
    # The audit action of a change → the kind and the outcome the hub records it under, as
    # the replay of the same change from an outbox does (kiosk.services.replay: Replayed;
    # KIND_* of kiosk.services.replay, replay_actions and replay_walk_in).
    "check_in": ("check_in", "admitted"),
    "payment": ("payment", "paid"),
    "upgrade": ("upgrade", "upgraded"),
    "print_badge": ("print_badge", "printed"),
    "reprint_badge": ("print_badge", "printed"),
    "print_failed": ("print_failed", "taken_back"),
    "undo_check_in": ("undo_check_in", "undone"),
    "edit": ("edit", "corrected"),
    "swap_names": ("edit", "corrected"),
    "register": ("walk_in", "registered"),
    "refused_scan": ("refused_scan", "refused"),
}


def stamp(
    connection: PlainConnection,
    desk: Desk,
    action: str,
    attendee_id: int | None,
    after: dict[str, Any] | None,
    at: datetime,
) -> dict[str, Any] | None:
    """The audit entry's `after` with the change's nonce, that nonce recorded as applied (in
    the caller's transaction); `after` as it is when the desk is not doing one action under a
    nonce or the change is not one an outbox carries."""
    if desk.nonces is None or action not in APPLIED:
        return after
    kind, outcome = APPLIED[action]
    nonce = desk.nonces.next(kind)
    execute_plain(
        connection,
        _INSERT,
        {
            "nonce": nonce,
            "kind": kind,
            "desk": desk.name,
            "recorded_at": at,
            "applied_at": at,
            "offline": False,
            "result": {"outcome": outcome, "attendee_id": attendee_id},
        },
    )
    return {**(after or {}), "nonce": nonce}


_INSERT: Final = insert(AppliedAction)
