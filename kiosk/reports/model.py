"""The organiser's figures as plain frozen data: what the summary window, the end-of-day report
and `kiosk report --json` show. kiosk.services.summary fills them from the database; nothing
here reads it.

Times are aware datetimes in UTC (show them with kiosk.present at the venue); money is whole
roubles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Final

BIN_MINUTES: Final = 5
"""The arrivals chart counts people per this many minutes."""


@dataclass(frozen=True)
class GroupFigure:
    """Expected and arrived in one tariff or one category."""

    key: str
    title: str
    expected: int
    arrived: int

    @property
    def missing(self) -> int:
        return max(self.expected - self.arrived, 0)


@dataclass(frozen=True)
class ArrivalBin:
    start: datetime
    """The beginning of the interval (`BIN_MINUTES` long)."""
    count: int
    cumulative: int
    """Everyone with a known arrival time up to the end of this interval."""


@dataclass(frozen=True)
class DeskFigure:
    """Check-ins recorded at one desk (or kiosk) on the day."""

    desk: str
    checkins: int
    per_hour: tuple[tuple[int, int], ...]
    """(hour at the venue, people) for every hour with arrivals of a known time."""
    first_at: datetime | None
    last_at: datetime | None


@dataclass(frozen=True)
class MoneyFigure:
    """Money at one desk, or of one operator: cash and card taken, invoices issued apart."""

    name: str
    cash: int = 0
    card: int = 0
    invoice: int = 0
    payments: int = 0
    """Payments of money taken (cash or card); invoices are counted apart."""
    invoices: int = 0
    refunded: int = 0
    """Money paid twice and given back that day (kiosk.services.refunds) at this desk, or by
    this operator: taken out of what the desk holds."""
    refunded_cash: int = 0
    """Of `refunded`, what had been paid in cash (given back from the drawer)."""

    @property
    def taken(self) -> int:
        """Money actually taken: an invoice is not. Refunds are not taken off (`kept`)."""
        return self.cash + self.card

    @property
    def kept(self) -> int:
        """Money taken less what was given back."""
        return self.taken - self.refunded

    @property
    def drawer(self) -> int:
        """The cash the desk's drawer should hold: cash taken less cash given back."""
        return self.cash - self.refunded_cash


@dataclass(frozen=True)
class PaymentLine:
    at: datetime
    desk: str
    operator: str
    code: str
    name: str
    method: str
    amount: int


@dataclass(frozen=True)
class UpgradeLine:
    at: datetime
    desk: str
    operator: str
    code: str
    name: str
    from_tariff: str | None
    to_tariff: str | None
    difference: int


@dataclass(frozen=True)
class RefusalLine:
    at: datetime
    desk: str
    operator: str
    outcome: str
    """A `kiosk.rules.Outcome` value."""
    code: str
    """The person's badge code, or what was scanned for an unknown code."""
    name: str
    """The person's name; empty for an unknown code."""
    admitted_later: bool
    """The person was checked in that day after all (paid, upgraded, …)."""
    entered_at: datetime | None = None
    """When the person's check-in of that day was (for one refused as already in: when they
    came in before); None when they are not in, or were entered afterwards without a time."""


@dataclass(frozen=True)
class MissingPerson:
    """Someone expected on the day who has not come (yet)."""

    id: int
    code: str
    last_name: str
    first_name: str
    middle_name: str
    phone: str | None
    email: str | None
    company: str
    category: str
    tariff: str | None
    amount_due: int

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)


@dataclass(frozen=True)
class PersonRef:
    id: int
    code: str
    name: str
    company: str = ""


@dataclass(frozen=True)
class SharedContactPair:
    """Two people kept apart though they share a phone or an e-mail (an import, or a walk-in
    made offline), while still to decide."""

    kind: str
    """``phone`` or ``email``."""
    first: PersonRef
    second: PersonRef


@dataclass(frozen=True)
class CountedPayment:
    """A payment that counts, of someone who paid twice: the one the double repeats."""

    amount: int
    method: str
    desk: str
    operator: str
    taken_at: datetime


@dataclass(frozen=True)
class DoublePayment:
    """Money paid twice — the later taken (by the desks' clocks) of two payments for the same
    thing at two desks, one of them without the hub, or paid on both records of one person
    merged: to be given back, and once it is, when, where and by whom
    (kiosk.services.refunds)."""

    person: PersonRef
    amount: int
    method: str
    desk: str
    operator: str
    taken_at: datetime
    payment_id: int = 0
    refunded_at: datetime | None = None
    """When the money was given back; None while it is owed."""
    refunded_desk: str = ""
    refunded_by: str = ""
    counted: tuple[CountedPayment, ...] = ()
    """The person's payments that count (the earliest taken first): which desk took the money
    this one repeats."""


@dataclass(frozen=True)
class FlaggedPerson:
    """Someone flagged for the organiser (`kiosk.models.Review`): a walk-in registered offline
    whose phone or e-mail turned out to be someone else's, or people an import kept apart
    though they share one — and who they may be."""

    person: PersonRef
    review: str
    """A `kiosk.models.Review`: ``probable_duplicate`` or ``shared_contact``."""
    others: tuple[PersonRef, ...]
    """The people with the same phone or e-mail, earliest first."""
    seats: int = 0
    """A team's contact registered twice: the seats merging them merges too
    (kiosk.services.teams)."""
    seat: bool = False
    """A seat of a team registered twice, beside its namesake: merged with the team's contact
    (merging the seat alone works too)."""


@dataclass(frozen=True)
class Admission:
    """One admission of a person on a day: at which desk, when (None: entered afterwards
    without a time), by whom."""

    desk: str
    at: datetime | None
    operator: str = ""


@dataclass(frozen=True)
class OfflineDuplicateGroup:
    """A person admitted more than once on one day at desks without the hub: the admission
    that counted (the earliest; None if it was taken back since) and those set aside as
    offline duplicates for the organiser to review — never a second check-in in the counts."""

    person: PersonRef
    day: date
    counted: Admission | None
    set_aside: tuple[Admission, ...]
    """Earliest first."""
    reviewed_at: datetime | None = None
    """When the organiser marked these reviewed (kiosk.services.duplicates); None: to review."""
    reviewed_desk: str = ""
    reviewed_by: str = ""


@dataclass(frozen=True)
class FieldEdit:
    """One of the two values: which desk wrote it and when (by its clock); "" and None when
    not known (a value that came from an import)."""

    value: str | None
    desk: str
    at: datetime | None


@dataclass(frozen=True)
class EditConflict:
    """A field two desks changed to different values, one of them without the hub
    (kiosk.services.edit_conflicts)."""

    person: PersonRef
    field: str
    """The person's field (kiosk.services.registration.EDITABLE)."""
    stands: FieldEdit
    """The later edit: its value is the one the hub kept."""
    superseded: FieldEdit
    """The earlier edit, overwritten or never applied: kept here and in the audit log."""
    found_at: datetime
    """When the hub met the second edit (the replay's time)."""
    entry_id: int = 0
    """Its entry in the hub's audit log (what a mark that it was looked at names)."""
    reviewed_at: datetime | None = None
    """When the organiser marked it looked at (None: still to review)."""
    reviewed_desk: str = ""
    reviewed_by: str = ""
    settled_by_edit: bool = False
    """Not marked by the organiser: the field was corrected again on the hub since, which
    settled it (`reviewed_*` say when, where and by whom)."""


@dataclass(frozen=True)
class Decisions:
    """What needs someone to decide, or at least to look at (offline duplicates)."""

    shared_contacts: tuple[SharedContactPair, ...] = ()
    unnamed_seats: tuple[PersonRef, ...] = ()
    badges_out_of_date: tuple[PersonRef, ...] = ()
    double_payments: tuple[DoublePayment, ...] = ()
    """Money paid twice and still to give back."""
    refunds_given: tuple[DoublePayment, ...] = ()
    """Money paid twice and given back (decided: not counted among the decisions)."""
    flagged: tuple[FlaggedPerson, ...] = ()
    """Probable duplicates (one person registered twice) to merge or keep both; people of
    different names sharing a contact are `shared_contacts`."""
    offline_duplicates: tuple[OfflineDuplicateGroup, ...] = ()
    """People admitted twice on one day by desks without the hub, per person and day: still to
    review."""
    offline_duplicates_reviewed: tuple[OfflineDuplicateGroup, ...] = ()
    """The same, reviewed (looked at: not counted among the decisions)."""
    edit_conflicts: tuple[EditConflict, ...] = ()
    """Fields two desks changed to different values (the later edit stands): to look at."""
    edit_conflicts_reviewed: tuple[EditConflict, ...] = ()
    """The same, looked at (not counted among the decisions)."""

    @property
    def count(self) -> int:
        return (
            len(self.shared_contacts)
            + len(self.unnamed_seats)
            + len(self.badges_out_of_date)
            + len(self.double_payments)
            + len(self.flagged)
            + len(self.offline_duplicates)
            + len(self.edit_conflicts)
        )

    @property
    def to_refund(self) -> int:
        """The money of the double payments, to be given back."""
        return sum(p.amount for p in self.double_payments)

    @property
    def refunded(self) -> int:
        """The money of the double payments given back."""
        return sum(p.amount for p in self.refunds_given)


@dataclass(frozen=True)
class DayTotal:
    """One event day in the event as a whole."""

    day: date
    title: str
    expected: int
    arrived: int


@dataclass(frozen=True)
class DaySummary:
    """Everything the organiser sees about one event day, as of `generated_at`."""

    event_name: str
    day: date
    day_title: str
    opens: time | None
    """The programme's start at the venue (the event file's `opens`)."""
    generated_at: datetime
    expected: int
    arrived: int
    arrived_without_time: int
    """Entered afterwards without an arrival time: counted, but not on the chart."""
    entered_afterwards: int
    by_tariff: tuple[GroupFigure, ...]
    by_category: tuple[GroupFigure, ...]
    arrivals: tuple[ArrivalBin, ...]
    desks: tuple[DeskFigure, ...]
    money_by_desk: tuple[MoneyFigure, ...]
    money_by_operator: tuple[MoneyFigure, ...]
    payments: tuple[PaymentLine, ...]
    upgrades: tuple[UpgradeLine, ...]
    refusals: tuple[RefusalLine, ...]
    missing: tuple[MissingPerson, ...]
    decisions: Decisions
    days: tuple[DayTotal, ...]
    """Every day of the event, for the event as a whole."""
    people: int
    """Active attendees of the event."""
    people_arrived: int
    """Of them, those who came on at least one day."""
    cancelled: int

    @property
    def still_to_come(self) -> int:
        return max(self.expected - self.arrived, 0)

    @property
    def money(self) -> MoneyFigure:
        """The day's money at all desks together."""
        return MoneyFigure(
            "",
            cash=sum(m.cash for m in self.money_by_desk),
            card=sum(m.card for m in self.money_by_desk),
            invoice=sum(m.invoice for m in self.money_by_desk),
            payments=sum(m.payments for m in self.money_by_desk),
            invoices=sum(m.invoices for m in self.money_by_desk),
            refunded=sum(m.refunded for m in self.money_by_desk),
            refunded_cash=sum(m.refunded_cash for m in self.money_by_desk),
        )

    @property
    def taken(self) -> tuple[PaymentLine, ...]:
        """The payments of money taken (cash, card): what `payments` holds but invoices."""
        return tuple(p for p in self.payments if p.method != "invoice")

    @property
    def invoices(self) -> tuple[PaymentLine, ...]:
        """Invoices issued: not money taken, listed apart."""
        return tuple(p for p in self.payments if p.method == "invoice")

    @property
    def upgrades_total(self) -> int:
        return sum(u.difference for u in self.upgrades)

    @property
    def refusals_by_outcome(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for refusal in self.refusals:
            counts[refusal.outcome] = counts.get(refusal.outcome, 0) + 1
        return counts


@dataclass(frozen=True)
class PaperListEntry:
    code: str
    last_name: str
    first_name: str
    middle_name: str
    company: str
    tariff_title: str
    payment: str
    """«оплачено 10 000 ₽ (карта)», «к оплате 16 000 ₽», «бесплатно»."""
    amount_due: int
    days: tuple[tuple[date, bool, bool], ...]
    """For every day of the list: (day, entitled, already checked in)."""

    @property
    def given_names(self) -> str:
        return " ".join(p for p in (self.first_name, self.middle_name) if p)


@dataclass(frozen=True)
class PaperList:
    event_name: str
    title: str
    """What the list is: the day, the tariff."""
    days: tuple[date, ...]
    printed_at: datetime
    entries: tuple[PaperListEntry, ...] = ()
