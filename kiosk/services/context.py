"""Who is acting, where and when: the context every service call carries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from kiosk.config import Event
from kiosk.db import Database
from kiosk.models import utcnow
from kiosk.text import clean

NAME_MAX = 60
"""The desk and operator columns' size."""

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
