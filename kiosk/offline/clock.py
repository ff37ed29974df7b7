"""The desk's clock against the hub's, measured at each sync: an offline check-in carries the
arrival time by the desk's clock, and the earliest arrival wins on the hub, so a laptop whose
clock is off by more than a minute is said to be."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Final

from sqlalchemy import text

from kiosk.db import Database
from kiosk.i18n import tr
from kiosk.models import utcnow

SKEW_WARNING_S: Final = 60.0
"""A clock off the hub's by more than this is warned about."""


def hub_clock_offset(hub: Database, clock: Callable[[], datetime] | None = None) -> float:
    """Seconds the hub's clock is ahead of this desk's (`clock`, else the system's; negative:
    behind), the time of the round trip split in two."""
    now = clock or utcnow
    with hub.read_rows() as connection:
        before = now()
        hub_now: datetime = connection.execute(text("SELECT now()")).scalar_one()
        after = now()
    return (hub_now - (before + (after - before) / 2)).total_seconds()


def skew_warning(offset: float | None) -> str | None:
    """What to tell the operator about a clock `offset` seconds off the hub's; None within a
    minute (or not measured)."""
    if offset is None or abs(offset) <= SKEW_WARNING_S:
        return None
    minutes = round(abs(offset) / 60)
    if offset > 0:
        return tr(
            "Часы этого ноутбука отстают от часов хаба на {m} мин: время отметок без связи с "
            "хабом будет неверным. Поправьте время на ноутбуке.",
            "This laptop's clock is {m} min behind the hub's: the times of check-ins made "
            "without the hub will be wrong. Set the laptop's clock right.",
            m=minutes,
        )
    return tr(
        "Часы этого ноутбука спешат относительно часов хаба на {m} мин: время отметок без "
        "связи с хабом будет неверным. Поправьте время на ноутбуке.",
        "This laptop's clock is {m} min ahead of the hub's: the times of check-ins made "
        "without the hub will be wrong. Set the laptop's clock right.",
        m=minutes,
    )
