"""Who is acting, where and when: the context every service call carries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from kiosk.config import Event
from kiosk.db import Database
from kiosk.models import utcnow

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

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        """Today's date at the venue (not in the computer's time zone)."""
        return self.event.local_date(self.clock())
