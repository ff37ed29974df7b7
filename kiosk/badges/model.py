"""What a badge shows: plain data the renderer draws (the QR holds only the code)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DayMark:
    """One event day on the badge: may the holder enter that day?"""

    label: str
    kind: str
    included: bool


@dataclass(frozen=True)
class BadgeInfo:
    code: str
    first_name: str
    last_name: str
    company: str
    position: str
    event_name: str
    band_label: str
    band_color: str
    days: tuple[DayMark, ...]
