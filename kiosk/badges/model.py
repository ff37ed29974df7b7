"""What a badge shows: plain data the renderer draws (the QR holds only the code)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DayMark:
    """One event day on the badge: may the holder enter that day?"""

    label: str  # short, e.g. "27.11 ТРЕНИНГ"
    kind: str  # "training" | "conference"
    included: bool


@dataclass(frozen=True)
class BadgeInfo:
    """One person's badge, already mapped from the attendee and the event file."""

    code: str  # e.g. "7KQ2-M9XD-H3TR"; the QR holds this and nothing else
    first_name: str
    last_name: str
    company: str  # may be ""
    position: str  # may be ""
    event_name: str  # the event's short name
    band_label: str  # tariff or category word, e.g. "КОМФОРТ", "СПИКЕР"
    band_color: str  # "#RRGGBB"
    days: tuple[DayMark, ...]
