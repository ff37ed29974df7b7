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
from datetime import date, datetime
from functools import cache
from typing import Any, Final

from sqlalchemy import BindParameter, Connection, bindparam, delete, exists, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from kiosk.codes import code_candidates
from kiosk.config import Upgrade
from kiosk.db import execute_plain
from kiosk.i18n import tr
from kiosk.models import Attendee, CheckIn, Payment, PaymentMethod, PaymentStatus
from kiosk.rules import Decision, EntryState, FirstEntry, Outcome, decide
from kiosk.services import audit
from kiosk.services.context import Desk
from kiosk.services.errors import NotFoundError, ValidationError
from kiosk.services.lookup import find_by_code
from kiosk.services.views import (
    AttendeeView,
    CheckInView,
    attendee_view,
    load_views,
    load_views_by_code,
)

MAX_REASON = 500


@dataclass(frozen=True)
class CheckInResult:
    status: Outcome
    day: date
    attendee: AttendeeView | None = None
    checked_in_at: datetime | None = None
    desk: str | None = None
    first_checked_in_at: datetime | None = None
    first_desk: str | None = None
    amount_due: int | None = None
    upgrades: tuple[Upgrade, ...] = ()
    paid_now: int = 0
    upgraded_to: str | None = None


_CHECKIN_VALUES: Final[dict[str, BindParameter[Any]]] = {
    name: bindparam(name) for name in ("attendee_id", "day", "checked_in_at", "desk", "operator")
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


_FIRST_ENTRIES = select(CheckIn.day, CheckIn.checked_in_at, CheckIn.desk).where(
    CheckIn.attendee_id == bindparam("attendee_id")
)


def _first_entries(session: Session, attendee: Attendee) -> dict[date, FirstEntry]:
    rows = session.connection().execute(_FIRST_ENTRIES, {"attendee_id": attendee.id})
    return {day: FirstEntry(at, desk) for day, at, desk in rows}


def _decide(session: Session, desk: Desk, attendee: Attendee, day: date) -> Decision:
    state = EntryState(
        category=attendee.category,
        tariff=attendee.tariff,
        status=attendee.status,
        amount_due=attendee.amount_due,
        entries=_first_entries(session, attendee),
    )
    return decide(state, desk.event, now=desk.now(), day=day)


def apply_payment(session: Session, desk: Desk, attendee: Attendee, method: PaymentMethod) -> int:
    """Settle what the attendee owes; returns the amount taken (0 when nothing was due)."""
    amount = attendee.amount_due
    if amount <= 0:
        return 0
    before = audit.snapshot(attendee)
    attendee.amount_paid += amount
    attendee.amount_due = 0
    attendee.payment_method = method
    attendee.payment_status = (
        PaymentStatus.INVOICED if method is PaymentMethod.INVOICE else PaymentStatus.PAID
    )
    payment = Payment(
        attendee_id=attendee.id,
        amount=amount,
        method=method,
        taken_at=desk.now(),
        desk=desk.name,
        operator=desk.operator,
    )
    session.add(payment)
    session.flush()
    before_changed, after_changed = audit.changed(before, audit.snapshot(attendee))
    audit.record(
        session,
        desk,
        "payment",
        entity="payment",
        entity_id=payment.id,
        attendee_id=attendee.id,
        before=before_changed,
        after={**after_changed, "amount": amount, "method": str(method)},
    )
    return amount


def apply_upgrade(session: Session, desk: Desk, attendee: Attendee, tariff_code: str) -> int:
    """Move the attendee to a dearer tariff; returns the difference added to what is due."""
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
                c=attendee.tariff or attendee.category,
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
        after={**after_changed, "difference": difference},
    )
    return difference


def check_in(
    desk: Desk,
    code: str,
    *,
    day: date | None = None,
    pay: PaymentMethod | None = None,
    upgrade_to: str | None = None,
    attendee_id: int | None = None,
) -> CheckInResult:
    """Check the person with this badge code (or id) in for `day` (default: today at the venue).

    `upgrade_to` sells that tariff first; `pay` settles what is due. Both happen in the same
    transaction as the check-in, and only when they lead to admission: nobody is charged for a
    door that stays closed.
    """
    on = day if day is not None else desk.today()
    if pay is None and upgrade_to is None:
        return _scan(desk, code, on, attendee_id)
    with desk.db.write() as session:
        attendee = (
            session.get(Attendee, attendee_id)
            if attendee_id is not None
            else find_by_code(session, code)
        )
        return _check_in_locked(session, desk, attendee, on, pay=pay, upgrade_to=upgrade_to)


_A = Attendee.__table__.c
_C = CheckIn.__table__.c


@cache
def _guarded_insert(dialect: str) -> Executable:
    """The check-in row, inserted only while the person is as the decision read them (status,
    category, tariff, amount due) and not checked in that day: one statement under the lock."""
    keys = ["attendee_id", "day"]
    row = select(*(bindparam(name, type_=_C[name].type) for name in _CHECKIN_VALUES)).where(
        exists().where(
            _A.id == bindparam("attendee_id"),
            _A.status == bindparam("status"),
            _A.category == bindparam("category"),
            _A.tariff.is_not_distinct_from(bindparam("tariff", type_=_A.tariff.type)),
            _A.amount_due == bindparam("amount_due"),
        )
    )
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        pg = postgresql.insert(CheckIn).from_select(list(_CHECKIN_VALUES), row)
        return pg.on_conflict_do_nothing(index_elements=keys).returning(CheckIn.id)
    if dialect == "sqlite":
        from sqlalchemy.dialects import sqlite

        lite = sqlite.insert(CheckIn).from_select(list(_CHECKIN_VALUES), row)
        return lite.on_conflict_do_nothing(index_elements=keys).returning(CheckIn.id)
    raise NotImplementedError(dialect)  # pragma: no cover - other backends are not supported


def _scan(desk: Desk, code: str, on: date, attendee_id: int | None) -> CheckInResult:
    """A check-in without payment or upgrade: decided on a read, written in a short transaction
    of two statements on a plain connection."""
    with desk.db.read_rows() as connection:
        if attendee_id is None:
            views = load_views_by_code(connection, code_candidates(code))[:1]
        else:
            views = load_views(connection, [attendee_id])
    if not views:
        return CheckInResult(Outcome.UNKNOWN_CODE, on)
    (view,) = views
    decision = decide(view.entry_state(), desk.event, now=desk.now(), day=on)
    if not decision.admits:
        return _refusal(decision, view)
    now = desk.now()
    values = {
        **_checkin_values(desk, view.id, on, now),
        "status": view.status,
        "category": view.category,
        "tariff": view.tariff,
        "amount_due": view.amount_due,
    }
    with desk.db.write_rows() as connection:
        inserted = execute_plain(connection, _guarded_insert(connection.dialect.name), values)
        if inserted:
            _audit_check_in(connection, desk, view.id, on, now)
    if not inserted:
        # Another desk changed or checked them in between our read and our write (nothing was
        # written): decided again, all of it under the lock.
        with desk.db.write() as session:
            attendee = session.get(Attendee, view.id)
            return _check_in_locked(session, desk, attendee, on)
    entry = CheckInView(on, now, desk.name, desk.operator)
    checkins = tuple(sorted((*view.checkins, entry), key=lambda c: c.day))
    return CheckInResult(
        Outcome.CHECKED_IN,
        on,
        attendee=replace(view, checkins=checkins),
        checked_in_at=now,
        desk=desk.name,
        amount_due=0,
    )


def _checkin_values(desk: Desk, attendee_id: int, on: date, now: datetime) -> dict[str, object]:
    return {
        "attendee_id": attendee_id,
        "day": on,
        "checked_in_at": now,
        "desk": desk.name,
        "operator": desk.operator,
    }


def _audit_check_in(
    session: Session | Connection, desk: Desk, attendee_id: int, on: date, now: datetime
) -> None:
    audit.record(
        session,
        desk,
        "check_in",
        entity="checkin",
        attendee_id=attendee_id,
        after={"day": on, "at": now},
        at=now,
    )


def _check_in_locked(
    session: Session,
    desk: Desk,
    attendee: Attendee | None,
    on: date,
    *,
    pay: PaymentMethod | None = None,
    upgrade_to: str | None = None,
) -> CheckInResult:
    """The whole check-in inside the write transaction: decided, paid, upgraded, inserted."""
    if attendee is None:
        return CheckInResult(Outcome.UNKNOWN_CODE, on)
    decision = _decide(session, desk, attendee, on)
    upgraded_to = None
    if upgrade_to and decision.outcome in (
        Outcome.NOT_ENTITLED,
        Outcome.UNPAID,
        Outcome.CHECKED_IN,
    ):
        apply_upgrade(session, desk, attendee, upgrade_to)
        upgraded_to = upgrade_to
        decision = _decide(session, desk, attendee, on)
    paid_now = 0
    if pay is not None and decision.outcome is Outcome.UNPAID:
        paid_now = apply_payment(session, desk, attendee, pay)
        decision = _decide(session, desk, attendee, on)
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
        return _refusal(decision, attendee_view(attendee), paid_now, upgraded_to)
    now = desk.now()
    if not _insert_checkin(session, _checkin_values(desk, attendee.id, on, now)):
        # Another desk won the race between our decision and our insert.
        decision = _decide(session, desk, attendee, on)
        return _refusal(decision, attendee_view(attendee), paid_now, upgraded_to)
    _audit_check_in(session, desk, attendee.id, on, now)
    session.flush()
    # The person as now stored, check-in included, read as plain rows (cheaper than the
    # ORM's two lazy loads of the history).
    (view,) = load_views(session.connection(), [attendee.id])
    return CheckInResult(
        Outcome.CHECKED_IN,
        on,
        attendee=view,
        checked_in_at=now,
        desk=desk.name,
        amount_due=0,
        paid_now=paid_now,
        upgraded_to=upgraded_to,
    )


def _refusal(
    decision: Decision, view: AttendeeView, paid_now: int = 0, upgraded_to: str | None = None
) -> CheckInResult:
    first = decision.first_entry
    return CheckInResult(
        decision.outcome,
        decision.day,
        attendee=view,
        first_checked_in_at=first.at if first else None,
        first_desk=first.desk if first else None,
        amount_due=view.amount_due,
        upgrades=decision.upgrades,
        paid_now=paid_now,
        upgraded_to=upgraded_to,
    )


def upgrade(
    desk: Desk, code: str, tariff_code: str, *, pay: PaymentMethod | None = None
) -> AttendeeView:
    """Sell a tariff upgrade (without checking in), taking payment if asked."""
    with desk.db.write() as session:
        attendee = find_by_code(session, code)
        if attendee is None:
            raise NotFoundError(_unknown(code))
        apply_upgrade(session, desk, attendee, tariff_code)
        if pay is not None:
            apply_payment(session, desk, attendee, pay)
        session.flush()
        return attendee_view(attendee)


def pay(desk: Desk, code: str, method: PaymentMethod) -> AttendeeView:
    """Take payment of everything due, without checking in."""
    with desk.db.write() as session:
        attendee = find_by_code(session, code)
        if attendee is None:
            raise NotFoundError(_unknown(code))
        apply_payment(session, desk, attendee, method)
        session.flush()
        return attendee_view(attendee)


def undo_check_in(desk: Desk, code: str, day: date, reason: str) -> AttendeeView:
    """Take back a check-in (a mistaken scan); the reason and the old row go to the audit log."""
    reason = " ".join(reason.split())
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
        row = session.scalars(
            select(CheckIn).where(CheckIn.attendee_id == attendee.id, CheckIn.day == day)
        ).first()
        if row is None:
            raise ValidationError(
                tr(
                    "{name} не отмечен(а) {day:%d.%m.%Y} — отменять нечего",
                    "{name} is not checked in on {day:%Y-%m-%d}: nothing to undo",
                    name=f"{attendee.last_name} {attendee.first_name}",
                    day=day,
                ),
                "day",
            )
        audit.record(
            session,
            desk,
            "undo_check_in",
            entity="checkin",
            entity_id=row.id,
            attendee_id=attendee.id,
            before={
                "day": row.day,
                "at": row.checked_in_at,
                "desk": row.desk,
                "operator": row.operator,
            },
            reason=reason,
        )
        session.execute(delete(CheckIn).where(CheckIn.id == row.id))
        session.flush()
        session.expire(attendee, ["checkins"])
        return attendee_view(attendee)


def last_check_in_of_desk(desk: Desk) -> tuple[AttendeeView, date] | None:
    """The most recent check-in made at this desk (for Ctrl+Z at the desk)."""
    with desk.db.read() as session:
        row = session.scalars(
            select(CheckIn)
            .where(CheckIn.desk == desk.name)
            .order_by(CheckIn.checked_in_at.desc(), CheckIn.id.desc())
            .limit(1)
        ).first()
        if row is None:
            return None
        return attendee_view(row.attendee), row.day


def _unknown(code: str) -> str:
    return tr("Код «{c}» не найден", 'Code "{c}" not found', c=code[:40])
