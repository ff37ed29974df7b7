"""Whether a person may enter on a day: a pure decision, tested for every tariff × day × state.

No database and no clock inside: the caller passes the attendee's state and the moment, so a
test can ask about 09:05 on 28 November at the venue whatever the computer's own time zone is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from kiosk.config import Event, Upgrade
from kiosk.models import AttendeeStatus


class Outcome(StrEnum):
    CHECKED_IN = "checked_in"
    ALREADY_CHECKED_IN = "already_checked_in"
    NOT_ENTITLED = "not_entitled"
    UNPAID = "unpaid"
    CANCELLED = "cancelled"
    UNKNOWN_CODE = "unknown_code"
    NOT_AN_EVENT_DAY = "not_an_event_day"


@dataclass(frozen=True)
class FirstEntry:
    at: datetime
    desk: str


@dataclass(frozen=True)
class EntryState:
    """What the rules need to know about a person."""

    category: str
    tariff: str | None
    status: str
    amount_due: int
    entries: Mapping[date, FirstEntry] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    day: date
    first_entry: FirstEntry | None = None
    amount_due: int = 0
    upgrades: tuple[Upgrade, ...] = ()

    @property
    def admits(self) -> bool:
        return self.outcome is Outcome.CHECKED_IN


def decide(
    state: EntryState | None, event: Event, *, now: datetime, day: date | None = None
) -> Decision:
    """Decide a check-in for `day` (default: the date at the venue at `now`).

    The order matters: a cancelled registration is refused outright; a second scan reports the
    first entry even if something changed since; entitlement comes before payment because
    paying for a day the tariff does not include would not open the door.
    """
    on = day if day is not None else event.local_date(now)
    if state is None:
        return Decision(Outcome.UNKNOWN_CODE, on)
    if state.status == AttendeeStatus.CANCELLED:
        return Decision(Outcome.CANCELLED, on)
    if event.day(on) is None:
        return Decision(Outcome.NOT_AN_EVENT_DAY, on)
    first = state.entries.get(on)
    if first is not None:
        return Decision(Outcome.ALREADY_CHECKED_IN, on, first_entry=first)
    if on not in event.entitled_days(state.category, state.tariff):
        return Decision(
            Outcome.NOT_ENTITLED,
            on,
            amount_due=state.amount_due,
            upgrades=event.upgrades(state.tariff, on) if state.tariff else (),
        )
    if state.amount_due > 0:
        return Decision(Outcome.UNPAID, on, amount_due=state.amount_due)
    return Decision(Outcome.CHECKED_IN, on)
