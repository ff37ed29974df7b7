"""Money paid twice, read back and given back: a payment flagged to refund (the later taken
of two payments for one thing at two desks, one of them without the hub, or paid on both
records of one person merged) is listed for the organiser (`read_double_payments`: the
summary, `kiosk review`) and marked refunded once the money is given back — when, at which
desk, by whom, audited. It stays flagged (never counted as paid); the summary and the report
list it as given back instead of owed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from kiosk import present
from kiosk.i18n import tr
from kiosk.models import Attendee, Payment
from kiosk.reports.model import CountedPayment, DoublePayment, PersonRef
from kiosk.services import audit
from kiosk.services.context import Desk
from kiosk.services.errors import NotFoundError, ValidationError
from kiosk.services.locks import lock_attendees
from kiosk.services.lookup import find_by_code


@dataclass(frozen=True)
class RefundedPayment:
    """One payment whose money was given back."""

    id: int
    amount: int
    method: str
    taken_at: datetime
    taken_desk: str


@dataclass(frozen=True)
class Refunded:
    """What was given back to whom, when, at which desk and by whom."""

    person: PersonRef
    payments: tuple[RefundedPayment, ...]
    at: datetime
    desk: str
    operator: str

    @property
    def amount(self) -> int:
        return sum(p.amount for p in self.payments)


def read_double_payments(connection: Connection) -> tuple[DoublePayment, ...]:
    """Payments flagged to be refunded (the later taken of two payments for one thing at two
    desks, or paid on both records merged), whatever the day, the earliest taken first, each
    with the person's payments that count: owed until given back, then listed as given back
    (the summary's decisions, `kiosk review`)."""
    rows = connection.execute(
        select(
            Attendee.id,
            Attendee.badge_code,
            Attendee.last_name,
            Attendee.first_name,
            Attendee.company,
            Payment.amount,
            Payment.method,
            Payment.desk,
            Payment.operator,
            Payment.taken_at,
            Payment.id,
            Payment.refunded_at,
            Payment.refunded_desk,
            Payment.refunded_by,
        )
        .join(Attendee, Attendee.id == Payment.attendee_id)
        .where(Payment.refund_due.is_(True))
        .order_by(Payment.taken_at, Payment.id)
    ).all()
    counted: defaultdict[int, list[CountedPayment]] = defaultdict(list)
    if rows:
        for attendee_id, amount, method, desk, operator, taken_at in connection.execute(
            select(
                Payment.attendee_id,
                Payment.amount,
                Payment.method,
                Payment.desk,
                Payment.operator,
                Payment.taken_at,
            )
            .where(
                Payment.refund_due.is_(False),
                Payment.attendee_id.in_(select(Payment.attendee_id).where(Payment.refund_due)),
            )
            .order_by(Payment.taken_at, Payment.id)
        ):
            counted[attendee_id].append(CountedPayment(amount, method, desk, operator, taken_at))
    return tuple(
        DoublePayment(
            PersonRef(i, code, " ".join(p for p in (last, first) if p), company),
            amount,
            method,
            desk,
            operator,
            at,
            payment_id,
            refunded_at,
            refunded_desk,
            refunded_by,
            tuple(counted.get(i, ())),
        )
        for (
            i,
            code,
            last,
            first,
            company,
            amount,
            method,
            desk,
            operator,
            at,
            payment_id,
            refunded_at,
            refunded_desk,
            refunded_by,
        ) in rows
    )


def person_held(session: Session, code: str) -> Attendee:
    """The person with `code`, their row held until the organiser's decision is written (two
    organisers at once: the second is told what the first did); NotFoundError if nobody."""
    person = find_by_code(session, code)
    if person is None:
        missing = NotFoundError(tr("Код «{c}» не найден", 'Code "{c}" not found', c=code[:40]))
        missing.field = "code"
        raise missing
    lock_attendees(session, [person.id])
    return person


def mark_refunded(desk: Desk, code: str, payment_id: int | None = None) -> Refunded:
    """Mark the money paid twice by the person with `code` as given back: every payment of
    theirs still owed back, or only `payment_id` (one transaction, audited). Nothing owed
    back — never flagged, or given back already (by whom and when) — is refused with a
    sentence."""
    with desk.db.write() as session:
        person = person_held(session, code)
        query = select(Payment).where(
            Payment.attendee_id == person.id, Payment.refund_due.is_(True)
        )
        if payment_id is not None:
            query = query.where(Payment.id == payment_id)
        flagged = session.scalars(query.order_by(Payment.id)).all()
        name = " ".join(p for p in (person.last_name, person.first_name) if p)
        owed = [p for p in flagged if p.refunded_at is None]
        if not owed:
            raise _nothing_owed(desk, name, flagged)
        now = desk.now()
        for payment in owed:
            payment.refunded_at = now
            payment.refunded_desk = desk.name
            payment.refunded_by = desk.operator
            audit.record(
                session,
                desk,
                "refund",
                entity="payment",
                entity_id=payment.id,
                attendee_id=person.id,
                before={"refunded_at": None},
                after={
                    "amount": payment.amount,
                    "method": payment.method,
                    "taken_at": payment.taken_at,
                    "taken_desk": payment.desk,
                    "refunded_at": now,
                },
                at=now,
            )
        return Refunded(
            PersonRef(person.id, person.badge_code, name, person.company),
            tuple(RefundedPayment(p.id, p.amount, p.method, p.taken_at, p.desk) for p in owed),
            now,
            desk.name,
            desk.operator,
        )


def _nothing_owed(desk: Desk, name: str, flagged: Sequence[Payment]) -> ValidationError:
    given = [p for p in flagged if p.refunded_at is not None]
    if given:
        last = given[-1]
        assert last.refunded_at is not None
        who = ", ".join(p for p in (last.refunded_desk, last.refunded_by) if p)
        return ValidationError(
            tr(
                "{name}: деньги уже возвращены ({when}, {who})",
                "{name}: the money was given back already ({when}, {who})",
                name=name,
                when=present.local_day_time(desk.event, last.refunded_at),
                who=who or "—",
            ),
            "code",
        )
    return ValidationError(
        tr(
            "{name}: возвращать нечего — двойной оплаты нет",
            "{name}: nothing to give back — no payment was taken twice",
            name=name,
        ),
        "code",
    )
