"""Who is acting, where and when: the context every service call carries."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from kiosk.config import Event
from kiosk.db import Database
from kiosk.models import utcnow
from kiosk.text import clean

NAME_MAX = 60
"""The desk and operator columns' size."""


def default_operator() -> str:
    """Who a desk records as its operator when staff named nobody: `KIOSK_OPERATOR`, else the
    user logged in to this laptop's session (the `kiosk` command and the desk app alike), so
    that an export's operator column says whose session took each check-in and payment; ""
    where the system knows no user name (a container)."""
    import getpass
    import os

    chosen = os.environ.get("KIOSK_OPERATOR")
    if chosen:
        return chosen
    try:
        return getpass.getuser()
    except Exception:  # no user database entry, e.g. in a container
        return ""


Clock = Callable[[], datetime]
"""Returns the current moment as an aware datetime; tests inject a fixed one."""


@dataclass(frozen=True)
class Desk:
    """A registration desk (or the kiosk) acting on one event's database."""

    db: Database
    event: Event
    name: str = "desk-1"
    operator: str = ""
    clock: Clock = field(default=utcnow)
    nonces: ActionNonces | None = field(default=None, compare=False)
    """The operator's action this desk is doing, by its nonce (`under`); None for anything
    that is not one action of a desk on a hub (a script, a replay, a desk of its own)."""

    def __post_init__(self) -> None:
        # Stored with every check-in, print and audit entry: single-line text without control
        # characters, as every other stored name.
        object.__setattr__(self, "name", clean(self.name)[:NAME_MAX])
        object.__setattr__(self, "operator", clean(self.operator)[:NAME_MAX])

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        """Today's date at the venue (not in the computer's time zone)."""
        return self.event.local_date(self.clock())

    def under(self, nonce: str) -> Desk:
        """This desk doing one action named by `nonce` (a random UUID the desk made for it):
        each change the action makes is recorded on the hub under a nonce of its own made
        from it (kiosk.services.nonces), and the walk-ins it registers get badge codes made
        from it. The same action done again under the same nonce — on the desk's replica,
        the hub's reply having been lost — makes the same nonces and codes, so the replay of
        the desk's outbox finds it applied. A fresh `under` for every try: the nonces are
        counted as they are given."""
        return replace(self, nonces=ActionNonces(nonce))


class ActionNonces:
    """The nonces of one action's changes: the n-th change of a kind (its payment, its
    check-in, the n-th walk-in of a team) has the same nonce whenever the action is done."""

    def __init__(self, action: str) -> None:
        self.action = action
        self._namespace = uuid.UUID(action)
        self._given: dict[str, int] = {}

    def next(self, kind: str) -> str:
        """The nonce of the action's next change of this kind."""
        number = self._given.get(kind, 0)
        self._given[kind] = number + 1
        return str(uuid.uuid5(self._namespace, f"{kind}/{number}"))

    def seed(self, name: str) -> bytes:
        """Bytes made from the action's nonce for `name` (a walk-in's badge code): the same
        whenever the action is done, and telling nothing of the nonces given."""
        return hashlib.sha256(self._namespace.bytes + b"/" + name.encode()).digest()
