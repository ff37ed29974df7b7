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
    FORGOTTEN = "forgotten"
    """The person's data was erased on their request (kiosk.services.privacy): no code of
    theirs opens the door any more."""


class BadgeAction(StrEnum):
    """What happens to the badge, decided together with the check-in (the desk, the kiosk and
    the CLI only show it)."""

    PRINT = "print"
    """Admitted and no badge yet: print it now."""
    PRINTED_BEFORE = "printed_before"
    """Printed in advance and not handed over yet: it waits at the desk."""
    HAS_BADGE = "has_badge"
    """The person got the badge on an earlier visit: nothing to do."""
    OUT_OF_DATE = "out_of_date"
    """The badge printed shows an old name, company or tariff: print a new one."""
    NEEDS_NAME = "needs_name"
    """An unnamed team seat: the desk writes the name in before printing."""
    UNPAID = "unpaid"
    """Not paid yet: no badge until the payment."""
    NONE = "none"
    """Not admitted: no badge."""


@dataclass(frozen=True)
class FirstEntry:
    at: datetime | None
    """When the person arrived; None for an entry made afterwards without a time."""
    desk: str
    entered_afterwards: bool = False


@dataclass(frozen=True)
class BadgeState:
    """What the badge rules need to know about a person's badge."""

    printed: bool
    up_to_date: bool
    """The last badge printed shows what the person's badge would show now."""
    unnamed_seat: bool


@dataclass(frozen=True)
class EntryState:
    """What the rules need to know about a person."""

    category: str
    tariff: str | None
    status: str
    amount_due: int
    entries: Mapping[date, FirstEntry] = field(default_factory=dict)
    forgotten: bool = False


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    day: date
    first_entry: FirstEntry | None = None
    amount_due: int = 0
    upgrades: tuple[Upgrade, ...] = ()
    ticket_days: tuple[date, ...] = ()
    """The days the person's ticket opens (to say «your ticket is for 28.11»)."""

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
    if state.forgotten:
        return Decision(Outcome.FORGOTTEN, on)
    if state.status == AttendeeStatus.CANCELLED:
        return Decision(Outcome.CANCELLED, on)
    if event.day(on) is None:
        return Decision(Outcome.NOT_AN_EVENT_DAY, on)
    first = state.entries.get(on)
    if first is not None:
        return Decision(Outcome.ALREADY_CHECKED_IN, on, first_entry=first)
    days = event.entitled_days(state.category, state.tariff)
    if on not in days:
        return Decision(
            Outcome.NOT_ENTITLED,
            on,
            amount_due=state.amount_due,
            upgrades=event.upgrades(state.tariff, on) if state.tariff else (),
            ticket_days=days,
        )
    if state.amount_due > 0:
        return Decision(Outcome.UNPAID, on, amount_due=state.amount_due)
    return Decision(Outcome.CHECKED_IN, on)


def decide_badge(decision: Decision, badge: BadgeState, *, earlier_visit: bool) -> BadgeAction:
    """What to do with the badge once `decision` is made.

    `earlier_visit`: the person was checked in on another day before; a badge printed before
    then was handed over (at the desk, or printed at that check-in), so it is not waiting at
    the desk. A second scan on the same day gets the same answer as the first about a badge
    that is out of date or was never printed, so the desk can still put it right.
    """
    if decision.outcome is Outcome.UNPAID:
        return BadgeAction.UNPAID
    if decision.outcome not in (Outcome.CHECKED_IN, Outcome.ALREADY_CHECKED_IN):
        return BadgeAction.NONE
    if badge.unnamed_seat:
        return BadgeAction.NEEDS_NAME
    if not badge.printed:
        return BadgeAction.PRINT
    if not badge.up_to_date:
        return BadgeAction.OUT_OF_DATE
    if decision.outcome is Outcome.ALREADY_CHECKED_IN or earlier_visit:
        return BadgeAction.HAS_BADGE
    return BadgeAction.PRINTED_BEFORE
