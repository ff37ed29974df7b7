"""The organiser's figures for one event day: who came and when, at which desk, who is still
missing, the money at each desk, refused scans and what needs a decision (kiosk.reports.model).

One read transaction gathers them, so every figure is of the same moment. `data_version`
(kiosk.services.stats) is the cheap question a live view asks every second or two — «has
anything been written since?» — until the hub can say so itself.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final

from sqlalchemy import Connection, and_, func, or_, select
from sqlalchemy.orm import aliased

from kiosk import present
from kiosk.config import PARTICIPANT, Event
from kiosk.i18n import tr
from kiosk.models import (
    Attendee,
    AttendeeStatus,
    AuditEntry,
    BadgePrint,
    CheckIn,
    ContactLink,
    Payment,
    RefusedScan,
    Review,
)
from kiosk.reports.model import (
    BIN_MINUTES,
    ArrivalBin,
    DaySummary,
    DayTotal,
    Decisions,
    DeskFigure,
    GroupFigure,
    MissingPerson,
    MoneyFigure,
    PaymentLine,
    PersonRef,
    RefusalLine,
    SharedContactPair,
    UpgradeLine,
)
from kiosk.rules import Outcome
from kiosk.services.context import Desk
from kiosk.services.duplicates import read_offline_duplicates
from kiosk.services.edit_conflicts import read_edit_conflicts
from kiosk.services.merging import flagged_people
from kiosk.services.refunds import read_double_payments
from kiosk.services.views import badge_hash, is_placeholder, iso_local
from kiosk.text import fold

Population = Counter[tuple[str, str | None]]
"""Active attendees by (category, tariff)."""
Arrived = Counter[tuple[date, str, str | None]]
"""Check-ins by (day, category, tariff)."""

_BIN: Final = timedelta(minutes=BIN_MINUTES)
_MAX_BINS: Final = 24 * 60 // BIN_MINUTES + 1
_SEAT_PREFIXES: Final = ("Участник %", "Member %")


def summary_day(desk: Desk) -> date:
    """The day the figures are for when none is named: today at the venue on an event day,
    else the last event day already begun, else the first."""
    today = desk.today()
    days = [d.date for d in desk.event.days]
    begun = [d for d in days if d <= today]
    return today if today in days else (begun[-1] if begun else days[0])


def day_summary(desk: Desk, day: date | None = None) -> DaySummary:
    """Every figure of `day` (default: `summary_day`), and the event's totals."""
    event = desk.event
    on = day if day is not None else summary_day(desk)
    now = desk.now()
    start = datetime.combine(on, time(0), tzinfo=event.tz)
    end = datetime.combine(on + timedelta(days=1), time(0), tzinfo=event.tz)
    with desk.db.read() as session:
        connection = session.connection()
        population, cancelled = _population(connection)
        arrived = _arrived(connection)
        people_arrived = connection.execute(
            select(func.count(func.distinct(CheckIn.attendee_id)))
            .join(Attendee, Attendee.id == CheckIn.attendee_id)
            .where(Attendee.status == AttendeeStatus.ACTIVE)
        ).scalar_one()
        entries = connection.execute(
            select(
                CheckIn.attendee_id, CheckIn.checked_in_at, CheckIn.desk, CheckIn.entered_afterwards
            ).where(CheckIn.day == on)
        ).all()
        admitted = {row.attendee_id: row.checked_in_at for row in entries}
        payments = _payments(connection, on, start, end)
        refunds = _refunds(connection, start, end)
        upgrades = _upgrades(connection, event, on)
        refusals = _refusals(connection, on, admitted)
        missing = _missing(connection, event, on, population)
        decisions = _decisions(connection, event)
    by_tariff, by_category = _groups(event, on, population, arrived)
    known = [row.checked_in_at for row in entries if row.checked_in_at is not None]
    found = event.day(on)
    return DaySummary(
        event_name=present.event_name(event),
        day=on,
        day_title=present.day_title(event, on),
        opens=found.opens if found else None,
        generated_at=now,
        expected=sum(g.expected for g in by_category),
        arrived=len(entries),
        arrived_without_time=len(entries) - len(known),
        entered_afterwards=sum(1 for row in entries if row.entered_afterwards),
        by_tariff=by_tariff,
        by_category=by_category,
        arrivals=arrival_bins(event, on, known, now=now),
        desks=_desks(event, [(row.desk, row.checked_in_at) for row in entries]),
        money_by_desk=_money(payments, lambda p: p.desk, refunds, lambda r: r.desk),
        money_by_operator=_money(payments, lambda p: p.operator, refunds, lambda r: r.operator),
        payments=payments,
        upgrades=upgrades,
        refusals=refusals,
        missing=missing,
        decisions=decisions,
        days=tuple(
            DayTotal(
                d.date,
                present.day_title(event, d.date),
                _expected_on(event, d.date, population),
                sum(n for (when, _c, _t), n in arrived.items() if when == d.date),
            )
            for d in event.days
        ),
        people=sum(population.values()),
        people_arrived=int(people_arrived or 0),
        cancelled=cancelled,
    )


# ---- attendance ----------------------------------------------------------------------------


def _population(connection: Connection) -> tuple[Population, int]:
    active: Population = Counter()
    cancelled = 0
    for category, tariff, status, count in connection.execute(
        select(Attendee.category, Attendee.tariff, Attendee.status, func.count()).group_by(
            Attendee.category, Attendee.tariff, Attendee.status
        )
    ):
        if status == AttendeeStatus.CANCELLED:
            cancelled += count
        else:
            active[(category, tariff)] += count
    return active, cancelled


def _arrived(connection: Connection) -> Arrived:
    arrived: Arrived = Counter()
    for on, category, tariff, count in connection.execute(
        select(CheckIn.day, Attendee.category, Attendee.tariff, func.count())
        .join(Attendee, Attendee.id == CheckIn.attendee_id)
        .group_by(CheckIn.day, Attendee.category, Attendee.tariff)
    ):
        arrived[(on, category, tariff)] += count
    return arrived


def _expected_on(event: Event, day: date, population: Population) -> int:
    entitled = [(pair, n) for pair, n in population.items() if day in event.entitled_days(*pair)]
    return sum(n for _pair, n in entitled)


def _groups(
    event: Event, on: date, population: Population, arrived: Arrived
) -> tuple[tuple[GroupFigure, ...], tuple[GroupFigure, ...]]:
    """(by tariff: the participants, by category: participants and each free category)."""
    expected_t: Counter[str] = Counter()
    came_t: Counter[str] = Counter()
    expected_c: Counter[str] = Counter()
    came_c: Counter[str] = Counter()
    for (category, tariff), count in population.items():
        if on in event.entitled_days(category, tariff):
            expected_c[category] += count
            if category == PARTICIPANT:
                expected_t[tariff or ""] += count
    for (when, category, tariff), count in arrived.items():
        if when == on:
            came_c[category] += count
            if category == PARTICIPANT:
                came_t[tariff or ""] += count

    def ordered(known: list[str], expected: Counter[str], came: Counter[str]) -> list[str]:
        keys = [k for k in known if expected[k] or came[k]]
        return keys + sorted(k for k in set(expected) | set(came) if k not in known)

    tariffs = ordered([t.code for t in event.tariffs], expected_t, came_t)
    categories = ordered([PARTICIPANT, *(c.code for c in event.categories)], expected_c, came_c)
    return (
        tuple(
            GroupFigure(
                key,
                present.tariff_title(event, PARTICIPANT, key or None, short=True),
                expected_t[key],
                came_t[key],
            )
            for key in tariffs
        ),
        tuple(
            GroupFigure(
                key,
                tr("Участники", "Participants")
                if key == PARTICIPANT
                else present.tariff_title(event, key, None),
                expected_c[key],
                came_c[key],
            )
            for key in categories
        ),
    )


def arrival_bins(
    event: Event, day: date, arrivals: Sequence[datetime], *, now: datetime
) -> tuple[ArrivalBin, ...]:
    """People per `BIN_MINUTES` with the running total, from the first arrival (or the
    programme's start, if earlier) to now on the day itself (else to the last arrival, or the
    start if later). Nothing before the first arrival: an empty day has no bins."""
    if not arrivals:
        return ()
    moments = sorted(a.astimezone(UTC) for a in arrivals)
    begin, finish = moments[0], moments[-1]
    found = event.day(day)
    if found is not None and found.opens is not None:
        opening = datetime.combine(day, found.opens, tzinfo=event.tz).astimezone(UTC)
        begin, finish = min(begin, opening), max(finish, opening)
    if event.local_date(now) == day:
        finish = max(finish, now.astimezone(UTC))
    seconds = _BIN.total_seconds()
    begin = datetime.fromtimestamp(begin.timestamp() // seconds * seconds, UTC)
    count = min(int((finish - begin) / _BIN) + 1, _MAX_BINS)
    per_bin = Counter(int((m - begin) / _BIN) for m in moments)
    bins = []
    running = 0
    for index in range(count):
        running += per_bin.get(index, 0)
        bins.append(ArrivalBin(begin + index * _BIN, per_bin.get(index, 0), running))
    return tuple(bins)


def _desks(event: Event, entries: Sequence[tuple[str, datetime | None]]) -> tuple[DeskFigure, ...]:
    counts: Counter[str] = Counter()
    hours: defaultdict[str, Counter[int]] = defaultdict(Counter)
    times: defaultdict[str, list[datetime]] = defaultdict(list)
    for desk, at in entries:
        counts[desk] += 1
        if at is not None:
            hours[desk][event.local_time(at).hour] += 1
            times[desk].append(at)
    return tuple(
        DeskFigure(
            desk,
            counts[desk],
            tuple(sorted(hours[desk].items())),
            min(times[desk], default=None),
            max(times[desk], default=None),
        )
        for desk in sorted(counts, key=fold)
    )


def _missing(
    connection: Connection, event: Event, on: date, population: Population
) -> tuple[MissingPerson, ...]:
    """Active attendees whose ticket includes `on`, with no check-in that day: the database
    picks them (by the entitled tariffs and categories), so a big event reads only the
    missing."""
    pairs = [pair for pair in population if on in event.entitled_days(*pair)]
    tariffs = sorted({t for c, t in pairs if c == PARTICIPANT and t is not None})
    categories = sorted({c for c, _t in pairs if c != PARTICIPANT})
    if not tariffs and not categories:
        return ()
    a = Attendee.__table__.c
    came = select(CheckIn.id).where(CheckIn.attendee_id == a.id, CheckIn.day == on).exists()
    rows = connection.execute(
        select(
            a.id,
            a.badge_code,
            a.last_name,
            a.first_name,
            a.middle_name,
            a.phone,
            a.email,
            a.company,
            a.category,
            a.tariff,
            a.amount_due,
        ).where(
            a.status == AttendeeStatus.ACTIVE,
            or_(
                (a.category == PARTICIPANT) & a.tariff.in_(tariffs),
                a.category.in_(categories),
            ),
            ~came,
        )
    ).all()
    people = [MissingPerson(*row) for row in rows]
    people.sort(key=lambda p: (fold(p.last_name), fold(p.first_name), fold(p.middle_name), p.id))
    return tuple(people)


# ---- money ---------------------------------------------------------------------------------


def _payments(
    connection: Connection, on: date, start: datetime, end: datetime
) -> tuple[PaymentLine, ...]:
    """The money taken for day `on` (the day served when it was taken; for rows that keep no
    day, the day it was taken on)."""
    rows = connection.execute(
        select(
            Payment.taken_at,
            Payment.desk,
            Payment.operator,
            Attendee.badge_code,
            Attendee.last_name,
            Attendee.first_name,
            Payment.method,
            Payment.amount,
        )
        .join(Attendee, Attendee.id == Payment.attendee_id)
        .where(
            or_(
                Payment.day == on,
                and_(Payment.day.is_(None), Payment.taken_at >= start, Payment.taken_at < end),
            )
        )
        .order_by(Payment.taken_at, Payment.id)
    ).all()
    return tuple(
        PaymentLine(at, desk, operator, code, _name(last, first), method, amount)
        for at, desk, operator, code, last, first, method, amount in rows
    )


@dataclass(frozen=True)
class _Refund:
    desk: str
    """Where the money was given back."""
    operator: str
    method: str
    """How it had been paid."""
    amount: int


def _refunds(connection: Connection, start: datetime, end: datetime) -> tuple[_Refund, ...]:
    """The money paid twice and given back between `start` and `end` (kiosk.services.refunds):
    out of the drawer of the desk that gave it back, on the day it did."""
    rows = connection.execute(
        select(Payment.refunded_desk, Payment.refunded_by, Payment.method, Payment.amount)
        .where(
            Payment.refund_due.is_(True),
            Payment.refunded_at >= start,
            Payment.refunded_at < end,
        )
        .order_by(Payment.refunded_at, Payment.id)
    ).all()
    return tuple(_Refund(d or "", o or "", m, a) for d, o, m, a in rows)


def _money(
    payments: Sequence[PaymentLine],
    key: Callable[[PaymentLine], str],
    refunds: Sequence[_Refund] = (),
    refund_key: Callable[[_Refund], str] = lambda r: r.desk,
) -> tuple[MoneyFigure, ...]:
    sums: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for payment in payments:
        sums[key(payment)][payment.method] += payment.amount
        # An invoice is not money taken: counted apart, never among the payments.
        sums[key(payment)]["invoices" if payment.method == "invoice" else "payments"] += 1
    for refund in refunds:
        sums[refund_key(refund)]["refunded"] += refund.amount
        if refund.method == "cash":
            sums[refund_key(refund)]["refunded_cash"] += refund.amount
    return tuple(
        MoneyFigure(
            name,
            cash=sums[name]["cash"],
            card=sums[name]["card"],
            invoice=sums[name]["invoice"],
            payments=sums[name]["payments"],
            invoices=sums[name]["invoices"],
            refunded=sums[name]["refunded"],
            refunded_cash=sums[name]["refunded_cash"],
        )
        for name in sorted(sums, key=fold)
    )


def _upgrades(connection: Connection, event: Event, on: date) -> tuple[UpgradeLine, ...]:
    """The upgrades sold for day `on`: the day served, kept in the audit entry (older entries:
    the day they were made). Upgrades are few; their days are compared here."""
    rows = connection.execute(
        select(
            AuditEntry.at,
            AuditEntry.desk,
            AuditEntry.operator,
            Attendee.badge_code,
            Attendee.last_name,
            Attendee.first_name,
            AuditEntry.before,
            AuditEntry.after,
        )
        .outerjoin(Attendee, Attendee.id == AuditEntry.attendee_id)
        .where(AuditEntry.action == "upgrade")
        .order_by(AuditEntry.at, AuditEntry.id)
    ).all()
    lines = []
    for at, desk, operator, code, last, first, before, after in rows:
        before_values: dict[str, Any] = before or {}
        after_values: dict[str, Any] = after or {}
        served = after_values.get("day")
        if (date.fromisoformat(served) if served else event.local_date(at)) != on:
            continue
        lines.append(
            UpgradeLine(
                at,
                desk,
                operator,
                code or "",
                _name(last or "", first or ""),
                before_values.get("tariff"),
                after_values.get("tariff"),
                int(after_values.get("difference") or 0),
            )
        )
    return tuple(lines)


# ---- refusals and decisions ----------------------------------------------------------------


def _refusals(
    connection: Connection, on: date, admitted: Mapping[int, datetime | None]
) -> tuple[RefusalLine, ...]:
    rows = connection.execute(
        select(
            RefusedScan.at,
            RefusedScan.desk,
            RefusedScan.operator,
            RefusedScan.outcome,
            RefusedScan.attendee_id,
            RefusedScan.scanned,
            Attendee.badge_code,
            Attendee.last_name,
            Attendee.first_name,
        )
        .outerjoin(Attendee, Attendee.id == RefusedScan.attendee_id)
        .where(RefusedScan.day == on)
        .order_by(RefusedScan.at, RefusedScan.id)
    ).all()
    return tuple(
        RefusalLine(
            at,
            desk,
            operator,
            outcome,
            code if code else scanned,
            _name(last or "", first or ""),
            attendee_id in admitted and outcome != Outcome.ALREADY_CHECKED_IN,
            admitted.get(attendee_id) if attendee_id is not None else None,
        )
        for at, desk, operator, outcome, attendee_id, scanned, code, last, first in rows
    )


def _decisions(connection: Connection, event: Event) -> Decisions:
    doubles = read_double_payments(connection)
    twice = read_offline_duplicates(connection)
    edited = read_edit_conflicts(connection)
    return Decisions(
        shared_contacts=_shared_contacts(connection),
        unnamed_seats=_unnamed_seats(connection),
        badges_out_of_date=_badges_out_of_date(connection, event),
        flagged=tuple(
            f for f in flagged_people(connection) if f.review == Review.PROBABLE_DUPLICATE
        ),
        double_payments=tuple(d for d in doubles if d.refunded_at is None),
        refunds_given=tuple(d for d in doubles if d.refunded_at is not None),
        offline_duplicates=twice.to_review,
        offline_duplicates_reviewed=twice.reviewed,
        edit_conflicts=tuple(c for c in edited if c.reviewed_at is None),
        edit_conflicts_reviewed=tuple(c for c in edited if c.reviewed_at is not None),
    )


def _shared_contacts(connection: Connection) -> tuple[SharedContactPair, ...]:
    first, second = aliased(Attendee), aliased(Attendee)
    rows = connection.execute(
        select(
            ContactLink.kind,
            first.id,
            first.badge_code,
            first.last_name,
            first.first_name,
            first.company,
            second.id,
            second.badge_code,
            second.last_name,
            second.first_name,
            second.company,
        )
        .join(first, first.id == ContactLink.attendee_id)
        .join(second, second.id == ContactLink.other_id)
        # Pairs still to decide: keeping both (kiosk.services.merging.keep_both) clears
        # their flags, merging them removes the link.
        .where(
            or_(
                first.review == Review.SHARED_CONTACT.value,
                second.review == Review.SHARED_CONTACT.value,
            )
        )
    ).all()
    pairs = [
        SharedContactPair(
            kind,
            PersonRef(id1, code1, _name(last1, first1), company1),
            PersonRef(id2, code2, _name(last2, first2), company2),
        )
        for kind, id1, code1, last1, first1, company1, id2, code2, last2, first2, company2 in rows
    ]
    pairs.sort(key=lambda p: (fold(p.first.name), fold(p.second.name), p.kind))
    return tuple(pairs)


def _unnamed_seats(connection: Connection) -> tuple[PersonRef, ...]:
    rows = connection.execute(
        select(Attendee.id, Attendee.badge_code, Attendee.last_name, Attendee.first_name)
        .where(
            Attendee.status == AttendeeStatus.ACTIVE,
            Attendee.forgotten_at.is_(None),
            or_(*(Attendee.last_name.like(prefix) for prefix in _SEAT_PREFIXES)),
        )
        .order_by(Attendee.group_id, Attendee.id)
    ).all()
    return tuple(
        PersonRef(i, code, _name(last, first))
        for i, code, last, first in rows
        if is_placeholder(last, first)
    )


def _badges_out_of_date(connection: Connection, event: Event) -> tuple[PersonRef, ...]:
    """People whose last printed badge shows an old name, company or tariff. The last is the
    latest printed, as the desk's card takes it (kiosk.services.views), not the latest
    recorded: a print made at a desk without the hub reaches it later than one made since."""
    last_print = select(
        BadgePrint.attendee_id,
        BadgePrint.id.label("print_id"),
        func.row_number()
        .over(
            partition_by=BadgePrint.attendee_id,
            order_by=(BadgePrint.printed_at.desc(), BadgePrint.id.desc()),
        )
        .label("latest"),
    ).subquery()
    rows = connection.execute(
        select(
            Attendee.id,
            Attendee.badge_code,
            Attendee.last_name,
            Attendee.first_name,
            Attendee.company,
            Attendee.position,
            Attendee.category,
            Attendee.tariff,
            BadgePrint.badge_hash,
        )
        .join(last_print, and_(last_print.c.attendee_id == Attendee.id, last_print.c.latest == 1))
        .join(BadgePrint, BadgePrint.id == last_print.c.print_id)
        .where(
            Attendee.status == AttendeeStatus.ACTIVE,
            Attendee.forgotten_at.is_(None),
            BadgePrint.badge_hash.is_not(None),
        )
    ).all()
    stale = [
        PersonRef(i, code, _name(last, first), company)
        for i, code, last, first, company, position, category, tariff, printed in rows
        if printed
        != badge_hash(
            code=code,
            last_name=last,
            first_name=first,
            company=company,
            position=position,
            category=category,
            tariff=tariff,
            days=event.entitled_days(category, tariff),
        )
    ]
    stale.sort(key=lambda p: (fold(p.name), p.id))
    return tuple(stale)


def _name(last: str, first: str) -> str:
    return " ".join(p for p in (last, first) if p)


# ---- for scripts ---------------------------------------------------------------------------


def share(part: int, whole: int) -> float | None:
    """`part` of `whole` as a fraction, None when nobody is expected."""
    return round(part / whole, 4) if whole else None


def summary_json(summary: DaySummary, event: Event) -> dict[str, Any]:
    """The figures of the end-of-day report for scripts (`kiosk report --json`): counts, the
    chart's bins, per-tariff, per-desk and money tables — no personal data."""

    def groups(figures: Sequence[GroupFigure]) -> dict[str, dict[str, Any]]:
        return {
            g.key: {
                "title": g.title,
                "expected": g.expected,
                "arrived": g.arrived,
                "missing": g.missing,
                "share": share(g.arrived, g.expected),
            }
            for g in figures
        }

    def money(figures: Sequence[MoneyFigure]) -> dict[str, dict[str, int]]:
        return {m.name: _money_json(m) for m in figures}

    return {
        "event": summary.event_name,
        "day": summary.day.isoformat(),
        "day_title": summary.day_title,
        "opens": summary.opens.strftime("%H:%M") if summary.opens else None,
        "generated_at": iso_local(summary.generated_at, event),
        "expected": summary.expected,
        "arrived": summary.arrived,
        "share": share(summary.arrived, summary.expected),
        "no_shows": summary.still_to_come,
        "arrived_without_time": summary.arrived_without_time,
        "entered_afterwards": summary.entered_afterwards,
        "by_tariff": groups(summary.by_tariff),
        "by_category": groups(summary.by_category),
        "arrivals": [
            {"start": iso_local(b.start, event), "count": b.count, "cumulative": b.cumulative}
            for b in summary.arrivals
        ],
        "desks": {
            d.desk: {
                "checkins": d.checkins,
                "per_hour": {f"{hour:02d}:00": n for hour, n in d.per_hour},
                "first_at": iso_local(d.first_at, event),
                "last_at": iso_local(d.last_at, event),
            }
            for d in summary.desks
        },
        "money": {
            "total": _money_json(summary.money),
            "by_desk": money(summary.money_by_desk),
            "by_operator": money(summary.money_by_operator),
        },
        "upgrades": {"count": len(summary.upgrades), "total": summary.upgrades_total},
        "refused_scans": summary.refusals_by_outcome,
        "decisions": {
            "shared_contacts": len(summary.decisions.shared_contacts),
            "unnamed_seats": len(summary.decisions.unnamed_seats),
            "badges_out_of_date": len(summary.decisions.badges_out_of_date),
            "double_payments": len(summary.decisions.double_payments),
            "to_refund": summary.decisions.to_refund,
            "refunds_given": len(summary.decisions.refunds_given),
            "refunded": summary.decisions.refunded,
            "flagged": len(summary.decisions.flagged),
            "offline_duplicates": len(summary.decisions.offline_duplicates),
            "offline_duplicates_reviewed": len(summary.decisions.offline_duplicates_reviewed),
            "edit_conflicts": len(summary.decisions.edit_conflicts),
            "edit_conflicts_reviewed": len(summary.decisions.edit_conflicts_reviewed),
        },
        "event_days": [
            {
                "day": d.day.isoformat(),
                "title": d.title,
                "expected": d.expected,
                "arrived": d.arrived,
                "share": share(d.arrived, d.expected),
            }
            for d in summary.days
        ],
        "people": summary.people,
        "people_arrived": summary.people_arrived,
        "cancelled": summary.cancelled,
    }


def _money_json(figure: MoneyFigure) -> dict[str, int]:
    return {
        "cash": figure.cash,
        "card": figure.card,
        "taken": figure.taken,
        "invoice": figure.invoice,
        "payments": figure.payments,
        "invoices": figure.invoices,
        "refunded": figure.refunded,
        "refunded_cash": figure.refunded_cash,
    }
