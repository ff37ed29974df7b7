"""Checking people in for an event day, taking payment and selling upgrades at the door.

Each call is one write transaction. The check-in row is inserted with ON CONFLICT DO NOTHING
against the (attendee, day) unique constraint, so two desks scanning the same badge at the
same moment end with one check-in and one "already checked in" — never two rows, never an error.

A plain scan is decided before the write transaction: the person is read in a read transaction
(which never waits for a writer), and the write transaction only checks that what the decision
rests on is as it was read, inserts the check-in and its audit entry, and commits. On SQLite,
where all desks share one write lock, a check-in so holds it for little more than the disk's
sync (docs/BENCHMARKS.md, «Many desks on one SQLite file»); a refusal takes no lock at all.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any, Final

from sqlalchemy import BindParameter, bindparam, delete, exists, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from kiosk.codes import code_candidates
from kiosk.config import Event, Upgrade
from kiosk.db import PlainStatement, run_plain, written_plain
from kiosk.i18n import tr
from kiosk.models import Attendee, CheckIn, OfflineDuplicate, Payment, PaymentMethod, PaymentStatus
from kiosk.rules import BadgeAction, Decision, Outcome, decide, decide_badge
from kiosk.services import audit, refusals
from kiosk.services.context import Desk
from kiosk.services.errors import NotFoundError, ValidationError
from kiosk.services.locks import lock_attendees
from kiosk.services.lookup import find_by_code
from kiosk.services.replay import AFTERWARDS, arrival_rank, counted_again
from kiosk.services.views import (
    AttendeeView,
    CheckInView,
    alias_owners,
    attendee_view,
    load_views,
    load_views_by_code,
)
from kiosk.text import clean_multiline

MAX_REASON = 500


AHEAD: Final = timedelta(minutes=5)
"""How far ahead of the desk's clock an arrival time may be (another machine's clock a
little fast); beyond it nobody has arrived yet, and the check-in is refused."""


@dataclass(frozen=True)
class CheckInResult:
    status: Outcome
    day: date
    attendee: AttendeeView | None = None
    checked_in_at: datetime | None = None
    """When the person arrived (None: entered afterwards without a time)."""
    desk: str | None = None
    first_checked_in_at: datetime | None = None
    first_desk: str | None = None
    amount_due: int | None = None
    upgrades: tuple[Upgrade, ...] = ()
    paid_now: int = 0
    paid_with: str | None = None
    """How `paid_now` was settled (a PaymentMethod value): an invoice is money asked for."""
    upgraded_to: str | None = None
    badge: BadgeAction = BadgeAction.NONE
    """What happens to the badge (print it, hand over the one printed before, …)."""
    recorded_at: datetime | None = None
    entered_afterwards: bool = False
    first_entered_afterwards: bool = False
    ticket_days: tuple[date, ...] = ()


_CHECKIN_VALUES: Final[dict[str, BindParameter[Any]]] = {
    name: bindparam(name)
    for name in (
        "attendee_id",
        "day",
        "checked_in_at",
        "recorded_at",
        "entered_afterwards",
        "desk",
        "operator",
        "offline",
    )
}


@cache
def _insert_statement(dialect: str) -> Executable:
    """INSERT … ON CONFLICT DO NOTHING RETURNING id, built once: building it anew per scan cost
    as much as running it."""
    keys = ["attendee_id", "day"]
    # The dialects' own INSERTs, imported when first asked for (PostgreSQL's is a tenth of the
    # `kiosk` command's start).
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        pg = postgresql.insert(CheckIn).values(_CHECKIN_VALUES)
        return pg.on_conflict_do_nothing(index_elements=keys).returning(CheckIn.id)
    if dialect == "sqlite":
        from sqlalchemy.dialects import sqlite

        lite = sqlite.insert(CheckIn).values(_CHECKIN_VALUES)
        return lite.on_conflict_do_nothing(index_elements=keys).returning(CheckIn.id)
    raise NotImplementedError(dialect)  # pragma: no cover - other backends are not supported


def _insert_checkin(session: Session, values: dict[str, object]) -> bool:
    """Insert unless the (attendee, day) row exists; True when this call inserted it."""
    # On the session's connection, as plain SQL: the ORM has nothing to track here, and going
    # through it cost a fifth of a check-in.
    connection = session.connection()
    inserted = connection.execute(_insert_statement(connection.dialect.name), values)
    return inserted.first() is not None


def _attendee_id(session: Session, code: str) -> int | None:
    candidates = code_candidates(code)
    if not candidates:
        return None
    rows = session.connection().execute(
        select(Attendee.id, Attendee.badge_code).where(
            Attendee.badge_code.in_(bindparam("codes", expanding=True))
        ),
        {"codes": candidates},
    )
    found = {badge: attendee_id for attendee_id, badge in rows}
    owner = next((found[c] for c in candidates if c in found), None)
    if owner is None:  # a merged duplicate's badge opens the door for the one kept
        owner = next(iter(alias_owners(session.connection(), candidates)), None)
    return owner


def _load(session: Session, attendee_id: int) -> AttendeeView | None:
    views = load_views(session.connection(), [attendee_id])
    return views[0] if views else None


def _decide(desk: Desk, view: AttendeeView, day: date) -> Decision:
    return decide(view.entry_state(), desk.event, now=desk.now(), day=day)


def _reload(
    session: Session, desk: Desk, attendee_id: int, day: date
) -> tuple[AttendeeView, Decision]:
    """The person after a payment or an upgrade in this transaction, and the new decision."""
    view = _load(session, attendee_id)
    assert view is not None
    return view, _decide(desk, view, day)


def apply_payment(
    session: Session,
    desk: Desk,
    attendee: Attendee,
    method: PaymentMethod,
    *,
    day: date | None = None,
    at_most: int | None = None,
    taken_at: datetime | None = None,
    uploaded_at: datetime | None = None,
) -> int:
    """Settle what the attendee owes; returns the amount taken (0 when nothing was due). `day`
    is the event day served (default: today at the venue): the day's money counts it.

    A payment taken at a desk without the hub and applied on the hub later settles `at_most`
    what the desk took, keeps the desk's `taken_at`, and notes when it was `uploaded_at`."""
    amount = attendee.amount_due if at_most is None else min(attendee.amount_due, at_most)
    if amount <= 0:
        return 0
    before = audit.snapshot(attendee)
    attendee.amount_paid += amount
    attendee.amount_due -= amount
    attendee.payment_method = method
    if attendee.amount_due > 0:
        attendee.payment_status = PaymentStatus.PARTIAL
    else:
        attendee.payment_status = (
            PaymentStatus.INVOICED if method is PaymentMethod.INVOICE else PaymentStatus.PAID
        )
    payment = Payment(
        attendee_id=attendee.id,
        amount=amount,
        method=method,
        taken_at=taken_at or desk.now(),
        day=day if day is not None else desk.today(),
        desk=desk.name,
        operator=desk.operator,
        offline=uploaded_at is not None,
        uploaded_at=uploaded_at,
    )
    session.add(payment)
    session.flush()
    session.expire(attendee, ["payments"])  # read again with this one when next asked
    before_changed, after_changed = audit.changed(before, audit.snapshot(attendee))
    audit.record(
        session,
        desk,
        "payment",
        entity="payment",
        entity_id=payment.id,
        attendee_id=attendee.id,
        before=before_changed,
        after={
            **after_changed,
            "amount": amount,
            "method": str(method),
            "day": payment.day.isoformat() if payment.day else None,
        },
    )
    return amount


def apply_upgrade(
    session: Session,
    desk: Desk,
    attendee: Attendee,
    tariff_code: str,
    *,
    day: date | None = None,
) -> int:
    """Move the attendee to a dearer tariff; returns the difference added to what is due.
    `day` is the event day served (default: today at the venue): the day's upgrades list it."""
    event = desk.event
    target = event.tariff(tariff_code)
    if target is None:
        raise ValidationError(
            tr("Нет тарифа «{t}»", 'There is no tariff "{t}"', t=tariff_code), "tariff"
        )
    if target.code == attendee.tariff:
        raise ValidationError(
            tr("У участника уже тариф «{t}»", 'The attendee already has "{t}"', t=target.title),
            "tariff",
        )
    offers = {u.tariff.code: u for day in target.days for u in event.upgrades(attendee.tariff, day)}
    if attendee.category != "participant" or target.code not in offers:
        raise ValidationError(
            tr(
                "Тариф «{t}» нельзя продать как доплату к «{c}»",
                '"{t}" cannot be sold as an upgrade to "{c}"',
                t=target.title,
                c=_tariff_title(event, attendee.tariff) or attendee.category,
            ),
            "tariff",
        )
    difference = offers[target.code].difference
    before = audit.snapshot(attendee)
    attendee.tariff = target.code
    attendee.price += difference
    attendee.amount_due += difference
    if attendee.amount_due > 0:
        attendee.payment_status = (
            PaymentStatus.PARTIAL if attendee.amount_paid > 0 else PaymentStatus.UNPAID
        )
    session.flush()
    before_changed, after_changed = audit.changed(before, audit.snapshot(attendee))
    audit.record(
        session,
        desk,
        "upgrade",
        entity_id=attendee.id,
        attendee_id=attendee.id,
        before=before_changed,
        after={
            **after_changed,
            "difference": difference,
            "day": (day if day is not None else desk.today()).isoformat(),
        },
    )
    return difference


def check_in(
    desk: Desk,
    code: str,
    *,
    day: date | None = None,
    at: datetime | None = None,
    pay: PaymentMethod | None = None,
    upgrade_to: str | None = None,
    attendee_id: int | None = None,
    afterwards: bool = False,
    reason: str = "",
    record_refusals: frozenset[Outcome] = refusals.REFUSED,
) -> CheckInResult:
    """Check the person with this badge code (or id) in for `day` (default: today at the venue).

    `at` is when the person arrived, when that was not now (entering an arrival afterwards, or
    a script replaying scans); its venue date is the day unless `day` is given. A day other
    than today without `at` is an entry made afterwards with no arrival time: none is made up.
    `afterwards` makes it an entry made afterwards whatever the day (a paper list typed in):
    the arrival time is `at`, or unknown — never the moment of typing. `reason` goes to the
    check-in's audit entry. `upgrade_to` sells that tariff first; `pay` settles what is due.
    Both happen in the same transaction as the check-in, and only when they lead to admission:
    nobody is charged for a door that stays closed. The person is read once; the result says
    what to do with the badge. A refusal whose outcome is in `record_refusals` is recorded
    (kiosk.services.refusals) in the same transaction.

    A desk's scan on a hub is done under a nonce (`Desk.under`): what it changes is recorded
    under it (kiosk.services.nonces), so the same scan decided again on the desk's replica
    (the hub's reply did not come in time) and replayed later is applied once.
    """
    if pay is None and upgrade_to is None and at is None and not afterwards and not reason:
        now = desk.now()
        today = desk.event.local_date(now)
        if day is None or day == today:
            fast = _scan(desk, code, now, today, attendee_id, record_refusals)
            if fast is not None:
                return fast
    with desk.db.write() as session:
        return check_in_with(
            session,
            desk,
            code,
            day=day,
            at=at,
            pay=pay,
            upgrade_to=upgrade_to,
            attendee_id=attendee_id,
            afterwards=afterwards,
            reason=reason,
            record_refusals=record_refusals,
        )


def check_in_with(
    session: Session,
    desk: Desk,
    code: str,
    *,
    day: date | None = None,
    at: datetime | None = None,
    pay: PaymentMethod | None = None,
    upgrade_to: str | None = None,
    attendee_id: int | None = None,
    afterwards: bool = False,
    reason: str = "",
    record_refusals: frozenset[Outcome] = frozenset(),
) -> CheckInResult:
    """`check_in` inside a write transaction the caller holds (a walk-in's registration and
    its check-ins are one transaction; it records no refusals unless asked)."""
    now = desk.now()
    if at is not None:
        _refuse_arrival_ahead(desk, at, now)
    today = desk.event.local_date(now)
    on = day if day is not None else (desk.event.local_date(at) if at is not None else today)
    arrival: datetime | None
    if afterwards:
        arrival = at
    elif at is not None:
        arrival = at
        afterwards = abs(now - at) > AFTERWARDS
    else:
        arrival = now if on == today else None
        afterwards = on != today
    found_id = attendee_id if attendee_id is not None else _attendee_id(session, code)
    view = _load(session, found_id) if found_id is not None else None
    if view is None:
        if Outcome.UNKNOWN_CODE in record_refusals:
            refusals.record(session, desk, Outcome.UNKNOWN_CODE, on, attendee_id=None, scanned=code)
        return CheckInResult(Outcome.UNKNOWN_CODE, on)
    decision = _decide(desk, view, on)
    upgraded_to = None
    paid_now = 0
    if (upgrade_to and decision.outcome in _UPGRADABLE) or (
        pay is not None and decision.outcome is Outcome.UNPAID
    ):
        # Money or a tariff changes hands: two desks doing it for one person take turns,
        # and the second decides on what the first left (no double payment).
        lock_attendees(session, [view.id])
        view, decision = _reload(session, desk, view.id, on)
    if upgrade_to and decision.outcome in _UPGRADABLE:
        attendee = session.get(Attendee, view.id)
        assert attendee is not None
        apply_upgrade(session, desk, attendee, upgrade_to, day=on)
        upgraded_to = upgrade_to
        session.flush()
        view, decision = _reload(session, desk, view.id, on)
    if pay is not None and decision.outcome is Outcome.UNPAID:
        attendee = session.get(Attendee, view.id)
        assert attendee is not None
        paid_now = apply_payment(session, desk, attendee, pay, day=on)
        session.flush()
        view, decision = _reload(session, desk, view.id, on)
    if decision.outcome is not Outcome.CHECKED_IN:
        if upgraded_to and decision.outcome is not Outcome.UNPAID:
            # An upgrade that does not open the door is not sold (the transaction rolls back).
            raise ValidationError(
                tr(
                    "Доплата не открывает вход в этот день",
                    "The upgrade does not open this day",
                ),
                "tariff",
            )
        refused = _refused(session, desk, decision, view, paid_now, upgraded_to, record_refusals)
        return replace(refused, paid_with=str(pay) if paid_now and pay else None)
    inserted = _insert_checkin(
        session,
        {
            "attendee_id": view.id,
            "day": on,
            "checked_in_at": arrival,
            "recorded_at": now,
            "entered_afterwards": afterwards,
            "desk": desk.name,
            "operator": desk.operator,
            "offline": False,
        },
    )
    if not inserted:
        # Another desk won the race between our decision and our insert.
        view = _load(session, view.id)
        assert view is not None
        decision = _decide(desk, view, on)
        return _refused(session, desk, decision, view, paid_now, upgraded_to, record_refusals)
    audit.record(
        session,
        desk,
        "check_in",
        entity="checkin",
        attendee_id=view.id,
        after={"day": on, "at": arrival, "entered_afterwards": afterwards},
        reason=reason,
        at=now,
    )
    earlier_visit = any(c.day != on for c in view.checkins)
    view = view.with_checkin(CheckInView(on, arrival, desk.name, desk.operator, now, afterwards))
    return CheckInResult(
        Outcome.CHECKED_IN,
        on,
        attendee=view,
        checked_in_at=arrival,
        desk=desk.name,
        amount_due=0,
        paid_now=paid_now,
        paid_with=str(pay) if paid_now and pay else None,
        upgraded_to=upgraded_to,
        badge=decide_badge(decision, view.badge_state(desk.event), earlier_visit=earlier_visit),
        recorded_at=now,
        entered_afterwards=afterwards,
    )


def _refuse_arrival_ahead(desk: Desk, at: datetime, now: datetime) -> None:
    """Nobody arrives in the future: an arrival time still ahead is a typing mistake."""
    if at - now > AHEAD:
        event = desk.event
        raise ValidationError(
            tr(
                "Время прихода {t} ещё не наступило (сейчас {n} по времени события)",
                "The arrival time {t} is still ahead (it is {n} at the event)",
                t=event.local_time(at).strftime("%d.%m.%Y %H:%M"),
                n=event.local_time(now).strftime("%d.%m.%Y %H:%M"),
            ),
            "at",
        )


_A = Attendee.__table__.c


@cache
def _guarded_insert(dialect: str) -> Executable:
    """The check-in row, inserted only while the person is as the decision read them (status,
    category, tariff, amount due) and not checked in that day: one statement under the lock,
    whose count of rows written says whether it was (kiosk.db.written_plain; on PostgreSQL,
    the ids it returns)."""
    keys = ["attendee_id", "day"]
    checkin = CheckIn.__table__.c
    row = select(*(bindparam(name, type_=checkin[name].type) for name in _CHECKIN_VALUES)).where(
        exists().where(
            _A.id == bindparam("attendee_id"),
            _A.status == bindparam("status"),
            _A.category == bindparam("category"),
            _A.tariff.is_not_distinct_from(bindparam("tariff", type_=_A.tariff.type)),
            _A.amount_due == bindparam("amount_due"),
        )
    )
    columns = list(_CHECKIN_VALUES)
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        pg = postgresql.insert(CheckIn).from_select(columns, row)
        return pg.on_conflict_do_nothing(index_elements=keys).returning(CheckIn.id)
    if dialect == "sqlite":
        from sqlalchemy.dialects import sqlite

        lite = sqlite.insert(CheckIn).from_select(columns, row)
        return lite.on_conflict_do_nothing(index_elements=keys)
    raise NotImplementedError(dialect)  # pragma: no cover - other backends are not supported


def _scan(
    desk: Desk,
    code: str,
    now: datetime,
    today: date,
    attendee_id: int | None,
    record_refusals: frozenset[Outcome],
) -> CheckInResult | None:
    """A plain scan at `now` for today, decided on a read and written in a short transaction
    of two statements, made ready before it begins (on SQLite both run on one connection
    through its driver: kiosk.db.PlainWork). None when it has to be done under the write
    lock after all: a refusal to be recorded, or the person changed between the read and the
    write."""
    candidates = code_candidates(code) if attendee_id is None else ()
    if attendee_id is None and not candidates:
        if Outcome.UNKNOWN_CODE in record_refusals:
            return None
        return CheckInResult(Outcome.UNKNOWN_CODE, today)
    with desk.db.plain() as work:
        # The person read outside a transaction: one statement for a code as printed
        # (kiosk.services.views), which sees one state of the file by itself. Where it takes
        # more (a typed code's two readings, a merged duplicate's badge) they may see it at two
        # moments, which the write's guard covers as it covers the moment before the write.
        if attendee_id is None:
            views = work.read(lambda connection: load_views_by_code(connection, candidates))[:1]
        else:
            views = work.read(lambda connection: load_views(connection, [attendee_id]))
        if not views:
            if Outcome.UNKNOWN_CODE in record_refusals:
                return None
            return CheckInResult(Outcome.UNKNOWN_CODE, today)
        (view,) = views
        decision = decide(view.entry_state(), desk.event, now=now, day=today)
        if decision.outcome is not Outcome.CHECKED_IN:
            if decision.outcome in record_refusals:
                return None
            return _refusal(desk, decision, view, 0, None)
        dialect = desk.db.engine.dialect
        values = {
            "attendee_id": view.id,
            "day": today,
            "checked_in_at": now,
            "recorded_at": now,
            "entered_afterwards": False,
            "desk": desk.name,
            "operator": desk.operator,
            "offline": False,
            "status": view.status,
            "category": view.category,
            "tariff": view.tariff,
            "amount_due": view.amount_due,
        }
        insert_checkin = PlainStatement.of(dialect, _guarded_insert(dialect.name), values)
        after = {"day": today, "at": now, "entered_afterwards": False}
        audited = audit.entry(
            desk, "check_in", entity="checkin", attendee_id=view.id, after=after, at=now
        )
        audit_entry = PlainStatement.of(dialect, audit.INSERT, audited)
        with work.writing() as connection:
            inserted = written_plain(connection, insert_checkin) == 1
            if inserted and desk.nonces is None:
                run_plain(connection, audit_entry)
            elif inserted:
                # Under an action's nonce: the change's own nonce is counted only once the
                # check-in is made (a scan done again under the lock takes the first one).
                audit.record(
                    connection,
                    desk,
                    "check_in",
                    entity="checkin",
                    attendee_id=view.id,
                    after=after,
                    at=now,
                )
    if not inserted:
        return None
    earlier_visit = any(c.day != today for c in view.checkins)
    view = view.with_checkin(CheckInView(today, now, desk.name, desk.operator, now, False))
    return CheckInResult(
        Outcome.CHECKED_IN,
        today,
        attendee=view,
        checked_in_at=now,
        desk=desk.name,
        amount_due=0,
        badge=decide_badge(decision, view.badge_state(desk.event), earlier_visit=earlier_visit),
        recorded_at=now,
    )


_UPGRADABLE: Final = (Outcome.NOT_ENTITLED, Outcome.UNPAID, Outcome.CHECKED_IN)


def _refused(
    session: Session,
    desk: Desk,
    decision: Decision,
    view: AttendeeView,
    paid_now: int,
    upgraded_to: str | None,
    recorded: frozenset[Outcome],
) -> CheckInResult:
    if decision.outcome in recorded:
        refusals.record(session, desk, decision.outcome, decision.day, attendee_id=view.id)
    return _refusal(desk, decision, view, paid_now, upgraded_to)


def _refusal(
    desk: Desk,
    decision: Decision,
    view: AttendeeView,
    paid_now: int,
    upgraded_to: str | None,
) -> CheckInResult:
    if decision.outcome is Outcome.FORGOTTEN:
        # Nobody to show: what is left of the record is no person's (kiosk.services.privacy).
        return CheckInResult(Outcome.FORGOTTEN, decision.day)
    first = decision.first_entry
    earlier_visit = any(c.day != decision.day for c in view.checkins)
    return CheckInResult(
        decision.outcome,
        decision.day,
        attendee=view,
        first_checked_in_at=first.at if first else None,
        first_desk=first.desk if first else None,
        first_entered_afterwards=first.entered_afterwards if first else False,
        amount_due=view.amount_due,
        upgrades=decision.upgrades,
        paid_now=paid_now,
        upgraded_to=upgraded_to,
        badge=decide_badge(decision, view.badge_state(desk.event), earlier_visit=earlier_visit),
        ticket_days=decision.ticket_days,
    )


def upgrade(
    desk: Desk, code: str, tariff_code: str, *, pay: PaymentMethod | None = None
) -> AttendeeView:
    """Sell a tariff upgrade (without checking in), taking payment if asked."""
    with desk.db.write() as session:
        attendee = _locked_by_code(session, code)
        apply_upgrade(session, desk, attendee, tariff_code)
        if pay is not None:
            apply_payment(session, desk, attendee, pay)
        session.flush()
        return attendee_view(attendee)


def pay(desk: Desk, code: str, method: PaymentMethod) -> AttendeeView:
    """Take payment of everything due, without checking in. Nothing due (another desk took
    the money a moment ago) is a `ValidationError` that says so: no second payment."""
    with desk.db.write() as session:
        attendee = _locked_by_code(session, code)
        if not apply_payment(session, desk, attendee, method):
            raise ValidationError(
                tr(
                    "{name}: уже оплачено, к оплате ничего нет",
                    "{name} has paid already: nothing is due",
                    name=f"{attendee.last_name} {attendee.first_name}",
                ),
                "pay",
            )
        session.flush()
        return attendee_view(attendee)


def _locked_by_code(session: Session, code: str) -> Attendee:
    """The person with this code, their row held until the transaction ends (and read after
    the lock: what another desk just wrote is seen)."""
    attendee = find_by_code(session, code)
    if attendee is None:
        raise NotFoundError(_unknown(code))
    lock_attendees(session, [attendee.id])
    session.refresh(attendee)
    return attendee


@dataclass(frozen=True)
class Admission:
    """Which admission of a person on a day: the desk that made it and when that desk recorded
    it (as an offline undo names the check-in it takes back)."""

    desk: str
    recorded_at: datetime


@dataclass(frozen=True)
class LastCheckIn:
    """This desk's latest check-in (Ctrl+Z): whom, which day, and which admission it was."""

    attendee: AttendeeView
    day: date
    admission: Admission


def undo_check_in(
    desk: Desk, code: str, day: date, reason: str, *, admission: Admission | None = None
) -> AttendeeView:
    """Take back a check-in (a mistaken scan); the reason and the old row go to the audit log.

    With `admission` (a desk's Ctrl+Z: `last_check_in_of_desk`) only that admission is taken
    back: the check-in counted while it is still that one, else that admission where it was
    set aside as an offline duplicate (another desk's earlier admission reached the hub since)
    — never another desk's. Without it (the organiser's `kiosk undo`), the check-in counted
    that day. Either way, when the check-in counted goes and admissions of the person that day
    were set aside, the earliest of them counts in its place (`take_back_check_in`)."""
    reason = clean_multiline(reason)
    if not reason:
        raise ValidationError(tr("Укажите причину отмены", "Give a reason for the undo"), "reason")
    if len(reason) > MAX_REASON:
        raise ValidationError(
            tr(
                "Причина слишком длинная (до {n} символов)",
                "The reason is too long (up to {n} characters)",
                n=MAX_REASON,
            ),
            "reason",
        )
    with desk.db.write() as session:
        attendee = find_by_code(session, code)
        if attendee is None:
            raise NotFoundError(_unknown(code))
        # Held until the end: of two desks undoing one check-in at once, the second waits and
        # then finds nothing to undo (PostgreSQL; SQLite has one writer at a time anyway).
        lock_attendees(session, [attendee.id])
        row = session.scalars(
            select(CheckIn)
            .where(CheckIn.attendee_id == attendee.id, CheckIn.day == day)
            .with_for_update()
        ).first()
        if row is not None and (admission is None or _is(row.desk, row.recorded_at, admission)):
            take_back_check_in(session, desk, attendee.id, row, reason=reason)
        else:
            duplicate = (
                set_aside_admission(session, attendee.id, day, admission)
                if admission is not None
                else None
            )
            if duplicate is None:
                raise ValidationError(
                    tr(
                        "{name} не отмечен(а) {day:%d.%m.%Y} — отменять нечего",
                        "{name} is not checked in on {day:%Y-%m-%d}: nothing to undo",
                        name=f"{attendee.last_name} {attendee.first_name}",
                        day=day,
                    )
                    if row is None
                    else tr(
                        "{name}: отметка {day:%d.%m.%Y} уже не этой стойки — отменять нечего",
                        "{name}: the check-in on {day:%Y-%m-%d} is no longer this desk's: "
                        "nothing to undo",
                        name=f"{attendee.last_name} {attendee.first_name}",
                        day=day,
                    ),
                    "day",
                )
            # Logged as the undo it is: a desk's outbox sends it, the hub records its nonce.
            drop_set_aside(session, desk, duplicate, reason=reason, action="undo_check_in")
        session.flush()
        session.expire(attendee, ["checkins"])
        return attendee_view(attendee)


def take_back_check_in(
    session: Session,
    desk: Desk,
    attendee_id: int,
    row: CheckIn,
    *,
    reason: str,
    after: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> CheckIn | None:
    """Remove the check-in counted for a person and day (audited, with `reason` and `after`).
    When other admissions of theirs that day were set aside as offline duplicates — made at
    other desks, real all the same — the earliest of them (kiosk.services.replay.arrival_rank)
    counts in its place and is no longer set aside (audited too); returns that check-in. The
    person's row is held by the caller: replays and undos for one person take turns."""
    audit.record(
        session,
        desk,
        "undo_check_in",
        entity="checkin",
        entity_id=row.id,
        attendee_id=attendee_id,
        before=undone_check_in(row),
        after=after,
        reason=reason,
        at=at,
    )
    day = row.day
    session.execute(delete(CheckIn).where(CheckIn.id == row.id))
    waiting = session.scalars(
        select(OfflineDuplicate).where(
            OfflineDuplicate.attendee_id == attendee_id, OfflineDuplicate.day == day
        )
    ).all()
    if not waiting:
        return None
    earliest = min(waiting, key=lambda d: (arrival_rank(d.arrived_at, d.recorded_at), d.id))
    counted = counted_again(earliest)
    session.add(counted)
    session.delete(earliest)
    session.flush()
    audit.record(
        session,
        desk,
        "offline_duplicate_counted",
        entity="checkin",
        entity_id=counted.id,
        attendee_id=attendee_id,
        before={**_set_aside_row(earliest), "reviewed_at": earliest.reviewed_at},
        after={
            "day": day,
            "at": counted.checked_in_at,
            "recorded_at": counted.recorded_at,
            "desk": counted.desk,
            "operator": counted.operator,
            "in_place_of_desk": row.desk,
            "in_place_of_recorded_at": row.recorded_at,
        },
        at=at,
    )
    return counted


def set_aside_admission(
    session: Session, attendee_id: int, day: date, admission: Admission
) -> OfflineDuplicate | None:
    """The admission of a person on a day set aside as an offline duplicate, if it is."""
    return next(
        (
            d
            for d in session.scalars(
                select(OfflineDuplicate)
                .where(OfflineDuplicate.attendee_id == attendee_id, OfflineDuplicate.day == day)
                .order_by(OfflineDuplicate.id)
            )
            if _is(d.desk, d.recorded_at, admission)
        ),
        None,
    )


def drop_set_aside(
    session: Session,
    desk: Desk,
    duplicate: OfflineDuplicate,
    *,
    reason: str,
    after: dict[str, Any] | None = None,
    at: datetime | None = None,
    action: str = "undo_offline_duplicate",
) -> None:
    """Take back an admission that was set aside (the counted check-in stays): audited as
    `action`, with the admission as it was."""
    audit.record(
        session,
        desk,
        action,
        entity="checkin",
        attendee_id=duplicate.attendee_id,
        before=_set_aside_row(duplicate),
        after=after,
        reason=reason,
        at=at,
    )
    session.delete(duplicate)
    session.flush()


def _set_aside_row(duplicate: OfflineDuplicate) -> dict[str, Any]:
    return {
        "day": duplicate.day,
        "at": duplicate.arrived_at,
        "recorded_at": duplicate.recorded_at,
        "desk": duplicate.desk,
        "operator": duplicate.operator,
    }


def _is(desk_name: str, recorded_at: datetime | None, admission: Admission) -> bool:
    return desk_name == admission.desk and recorded_at == admission.recorded_at


def last_check_in_of_desk(desk: Desk) -> LastCheckIn | None:
    """The most recent admission made at this desk (for Ctrl+Z at the desk): the check-in
    counted, or — when another desk's earlier admission reached the hub since and took its
    place — this desk's admission set aside as an offline duplicate."""
    with desk.db.read() as session:
        row = session.scalars(
            select(CheckIn)
            .where(CheckIn.desk == desk.name)
            .order_by(CheckIn.recorded_at.desc(), CheckIn.id.desc())
            .limit(1)
        ).first()
        aside = session.scalars(
            select(OfflineDuplicate)
            .where(OfflineDuplicate.desk == desk.name)
            .order_by(OfflineDuplicate.recorded_at.desc(), OfflineDuplicate.id.desc())
            .limit(1)
        ).first()
        if aside is not None and (row is None or aside.recorded_at > row.recorded_at):
            person = session.get(Attendee, aside.attendee_id)
            if person is not None:
                return LastCheckIn(
                    attendee_view(person), aside.day, Admission(aside.desk, aside.recorded_at)
                )
        if row is None:
            return None
        return LastCheckIn(
            attendee_view(row.attendee), row.day, Admission(row.desk, row.recorded_at)
        )


def _unknown(code: str) -> str:
    return tr("Код «{c}» не найден", 'Code "{c}" not found', c=code[:40])


def undone_check_in(row: CheckIn) -> dict[str, Any]:
    """What the audit log keeps of a check-in taken back (at the desk or replayed from a
    desk's outbox)."""
    return {
        "day": row.day,
        "at": row.checked_in_at,
        "recorded_at": row.recorded_at,
        "entered_afterwards": row.entered_afterwards,
        "desk": row.desk,
        "operator": row.operator,
    }


def _tariff_title(event: Event, code: str | None) -> str | None:
    """A tariff's name as people read it («Комфорт»), not its code."""
    tariff = event.tariff(code) if code else None
    return tariff.title if tariff is not None else code
