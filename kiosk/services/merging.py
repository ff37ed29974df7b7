"""Two records of one person made one — the organiser's merge of a probable duplicate (a
walk-in registered offline with the phone or e-mail and the name of someone else) — or both
kept, the flag cleared.

The kept person takes over the other's check-ins, payments, badge prints, refused scans,
offline duplicates and audit entries; the other's badge code becomes an alias of the kept one
(`BadgeAlias`), so the badge printed with it still opens the door; the other record goes. On
a day both came, the earlier arrival stays the check-in and the later one is kept as an
offline duplicate: one person, never two check-ins in the counts, nothing dropped. Money paid
on both beyond what the kept person owed is to be given back: whole payments of the other's
that it covers are marked to refund, and the amount is said.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Final

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session, aliased

from kiosk.config import Event
from kiosk.i18n import tr
from kiosk.models import (
    Attendee,
    AuditEntry,
    BadgeAlias,
    BadgePrint,
    CheckIn,
    ContactLink,
    OfflineDuplicate,
    Payment,
    PaymentMethod,
    PaymentStatus,
    RefusedScan,
    RegistrationGroup,
    Review,
)
from kiosk.reports.model import FlaggedPerson, PersonRef
from kiosk.services import audit
from kiosk.services.contacts import existing_links, same_contact
from kiosk.services.context import Desk
from kiosk.services.errors import NotFoundError, ValidationError
from kiosk.services.locks import lock_attendees
from kiosk.services.lookup import find_by_code, index_attendee
from kiosk.services.replay import arrival_rank, set_aside
from kiosk.services.teams import contacts_seat_pairs, seat_twins
from kiosk.services.views import AttendeeView, attendee_view, badge_hash_of

__all__ = [
    "FlaggedPerson",
    "MergeResult",
    "PersonRef",
    "flagged",
    "flagged_people",
    "keep_both",
    "merge_attendees",
    "printed_badge_hash",
]

FILLED_FROM_OTHER: Final = ("middle_name", "company", "position", "phone", "email")
"""What the kept record takes from the other where it has nothing of its own."""


@dataclass(frozen=True)
class MergeResult:
    kept: AttendeeView
    merged_code: str
    """The other's badge code, now an alias of the kept person's."""
    checkins: int
    """The other's check-ins moved over (days only the other came)."""
    same_days: tuple[date, ...]
    """Days both came: the earlier arrival is the check-in, the later an offline duplicate."""
    payments: int
    """The other's payments moved over."""
    prints: int
    refund: int
    """Roubles paid twice (on both records beyond what the kept one owed): to give back."""
    moved_days: tuple[date, ...] = ()
    """The days of the `checkins` moved over: they count for the kept person now."""
    merged_counts: tuple[date, ...] = ()
    """Of `same_days`, those the other's arrival was the earlier on: it is the check-in now
    (the kept person's own set aside)."""
    aliases: tuple[str, ...] = ()
    """Every code that opens the door for the kept person now besides their own, merged in
    by this merge: `merged_code` and the other's own aliases, if any."""
    paid: int = 0
    """Roubles of the `payments` moved over."""
    seats: tuple[MergeResult, ...] = ()
    """Two contacts of one team registered twice: the merges of its members, seat by seat
    (kiosk.services.teams)."""

    @property
    def refund_total(self) -> int:
        """Roubles to give back, the seats' included."""
        return self.refund + sum(seat.refund for seat in self.seats)


def merge_attendees(desk: Desk, keep_code: str, other_code: str) -> MergeResult:
    """Merge the person with `other_code` into the one with `keep_code` (one transaction,
    audited). Either code may be an alias already. When the two are the contacts of two
    registrations of one team, the members are merged too, seat by seat (`MergeResult.seats`;
    a member without a namesake in the kept team stays as they are)."""
    with desk.db.write() as session:
        keep = _person(session, keep_code, "keep")
        other = _person(session, other_code, "other")
        if keep.id == other.id:
            raise ValidationError(
                tr(
                    "Оба кода — один и тот же человек: {name}",
                    "Both codes are the same person: {name}",
                    name=_name(keep),
                ),
                "other",
            )
        lock_attendees(session, [keep.id, other.id])
        session.refresh(keep)
        session.refresh(other)
        seats = _seats(session, keep, other)
        if seats:
            lock_attendees(session, [i for pair in seats for i in pair])
        result = _merge(session, desk, keep, other)
        if not seats:
            return result
        merged = tuple(
            _merge(session, desk, _locked(session, kept), _locked(session, theirs))
            for kept, theirs in seats
        )
        return replace(result, seats=merged)


def _seats(session: Session, keep: Attendee, other: Attendee) -> list[tuple[int, int]]:
    """When the two are the contacts of two teams — one team registered twice — their
    members paired seat by seat (kiosk.services.teams); else none."""
    if keep.group_id is None or other.group_id is None:
        return []
    return contacts_seat_pairs(session.connection(), keep.id, other.id)


def _locked(session: Session, attendee_id: int) -> Attendee:
    person = session.get(Attendee, attendee_id)
    assert person is not None  # locked in this transaction
    session.refresh(person)
    return person


def _merge(session: Session, desk: Desk, keep: Attendee, other: Attendee) -> MergeResult:
    """One merge of `other` into `keep`, both locked, in the caller's transaction."""
    now = desk.now()
    # Both records as they were: the other's is gone after this, and what either's badge
    # showed is read from here (kiosk.services.printing.badge_changes).
    before = {
        "code": other.badge_code,
        **audit.snapshot(other),
        "kept": {"code": keep.badge_code, **audit.snapshot(keep)},
    }
    other_badge = _shown(desk, other, other.badge_code)
    their_aliases = tuple(
        session.scalars(
            select(BadgeAlias.code)
            .where(BadgeAlias.attendee_id == other.id)
            .order_by(BadgeAlias.code)
        )
    )
    paid = int(
        session.scalar(
            select(func.coalesce(func.sum(Payment.amount), 0)).where(
                Payment.attendee_id == other.id
            )
        )
        or 0
    )
    checkins = _move_checkins(session, keep.id, other.id)
    moved, same_days = len(checkins.moved), checkins.same
    refund, payments = _move_money(session, keep, other)
    prints = _move(session, BadgePrint, keep.id, other.id)
    for model in (RefusedScan, OfflineDuplicate, BadgeAlias):
        _move(session, model, keep.id, other.id)
    # Its history is the kept person's now: the audit log follows them.
    _move(session, AuditEntry, keep.id, other.id)
    session.execute(
        update(RegistrationGroup)
        .where(RegistrationGroup.contact_id == other.id)
        .values(contact_id=keep.id)
    )
    _move_links(session, desk, keep.id, other.id)
    for name in FILLED_FROM_OTHER:
        if not getattr(keep, name) and getattr(other, name):
            setattr(keep, name, getattr(other, name))
    keep.review = Review.NONE
    keep.updated_at = now
    index_attendee(keep)
    _badges_stay_current(session, desk, keep, other, other_badge)
    merged_code = other.badge_code
    other_id = other.id
    session.flush()
    session.expunge(other)
    session.execute(delete(Attendee).where(Attendee.id == other_id))
    session.add(BadgeAlias(code=merged_code, attendee_id=keep.id, merged_at=now))
    session.flush()
    audit.record(
        session,
        desk,
        "merge",
        entity_id=keep.id,
        attendee_id=keep.id,
        before=before,
        after={
            "kept": keep.badge_code,
            "alias": merged_code,
            "checkins": moved,
            "same_days": [d.isoformat() for d in same_days],
            "merged_counts": [d.isoformat() for d in checkins.theirs_counts],
            "payments": payments,
            "prints": prints,
            "refund": refund,
        },
        at=now,
    )
    session.expire(keep)
    return MergeResult(
        attendee_view(keep),
        merged_code,
        moved,
        same_days,
        payments,
        prints,
        refund,
        moved_days=checkins.moved,
        merged_counts=checkins.theirs_counts,
        aliases=(merged_code, *their_aliases),
        paid=paid,
    )


def keep_both(desk: Desk, code: str) -> AttendeeView:
    """«Two people, not one»: the person's flag is cleared (and, for a shared contact, the
    flag of those sharing it with them; for a team's contact, the flags of its seats flagged
    as the same team's), audited."""
    with desk.db.write() as session:
        person = _person(session, code, "code")
        if not person.review:
            raise ValidationError(
                tr(
                    "{name}: решать нечего — у человека нет пометки для проверки",
                    "{name}: nothing to decide — the person is not flagged",
                    name=_name(person),
                ),
                "code",
            )
        cleared = [person]
        if person.review == Review.PROBABLE_DUPLICATE and person.group_id is not None:
            # Two teams, not one registered twice: their seats flagged with the contact too.
            cleared += [
                member
                for member in session.scalars(
                    select(Attendee).where(
                        Attendee.group_id == person.group_id,
                        Attendee.id != person.id,
                        Attendee.review == Review.PROBABLE_DUPLICATE.value,
                    )
                )
                if seat_twins(session.connection(), member.id)
            ]
        if person.review == Review.SHARED_CONTACT:
            cleared += [
                other
                for other in _sharing(session, person)
                if other.review == Review.SHARED_CONTACT
            ]
        now = desk.now()
        for flagged in cleared:
            audit.record(
                session,
                desk,
                "keep_both",
                entity_id=flagged.id,
                attendee_id=flagged.id,
                before={"review": flagged.review},
                after={"review": Review.NONE.value, "with": person.badge_code},
                at=now,
            )
            flagged.review = Review.NONE
            flagged.updated_at = now
        session.flush()
        return attendee_view(person)


def flagged(desk: Desk) -> tuple[FlaggedPerson, ...]:
    """Everyone flagged for a decision, with the people they may be."""
    with desk.db.read_rows() as connection:
        return flagged_people(connection)


def flagged_people(connection: Connection) -> tuple[FlaggedPerson, ...]:
    """As `flagged`, on a connection (the summary reads it with its other figures), in one
    statement: each flagged person joined to whoever shares their phone or e-mail (a flagged
    team member without either: the namesakes in the same team's other registration). Two
    people flagged for sharing a contact with each other are listed once, under the
    earlier."""
    person, other = aliased(Attendee), aliased(Attendee)
    rows = connection.execute(
        select(
            person.id,
            person.badge_code,
            person.last_name,
            person.first_name,
            person.company,
            person.review,
            person.group_id,
            other.id,
            other.badge_code,
            other.last_name,
            other.first_name,
            other.company,
        )
        .outerjoin(
            other,
            and_(same_contact(other, person.phone, person.email), other.id != person.id),
        )
        .where(person.review != Review.NONE.value, person.forgotten_at.is_(None))
        .order_by(person.id, other.id)
    ).all()
    found: dict[int, tuple[PersonRef, str, list[PersonRef]]] = {}
    in_team: set[int] = set()
    for person_id, code, last, first, company, review, team, *shared in rows:
        if person_id not in found:
            found[person_id] = (
                PersonRef(person_id, code, _joined(last, first), company),
                review,
                [],
            )
            if team is not None:
                in_team.add(person_id)
        other_id, other_code, other_last, other_first, other_company = shared
        if other_id is not None:
            found[person_id][2].append(
                PersonRef(other_id, other_code, _joined(other_last, other_first), other_company)
            )
    listed: list[FlaggedPerson] = []
    shown_pairs: set[frozenset[int]] = set()
    for ref, review, others in found.values():
        seat = False
        if not others and review == Review.PROBABLE_DUPLICATE and ref.id in in_team:
            others.extend(seat_twins(connection, ref.id))  # a seat of a team registered twice
            seat = bool(others)
        pairs = {frozenset((ref.id, o.id)) for o in others}
        if review == Review.SHARED_CONTACT and pairs and pairs <= shown_pairs:
            continue
        shown_pairs |= pairs
        seats = 0
        if review == Review.PROBABLE_DUPLICATE and others and ref.id in in_team:
            # A team's contact: merging it merges its seats too, and the organiser is told.
            seats = len(contacts_seat_pairs(connection, others[0].id, ref.id))
        listed.append(FlaggedPerson(ref, review, tuple(others), seats, seat))
    return tuple(listed)


# ---- the parts of a merge ----------------------------------------------------------------


def _person(session: Session, code: str, field: str) -> Attendee:
    found = find_by_code(session, code)
    if found is None:
        missing = NotFoundError(tr("Код «{c}» не найден", 'Code "{c}" not found', c=code[:40]))
        missing.field = field  # which of the two codes
        raise missing
    return found


def _move(session: Session, model: Any, keep_id: int, other_id: int) -> int:
    result = session.execute(
        update(model).where(model.attendee_id == other_id).values(attendee_id=keep_id)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class _MovedCheckIns:
    moved: tuple[date, ...]
    """Days only the other came: their check-in is the kept person's now."""
    same: tuple[date, ...]
    """Days both came."""
    theirs_counts: tuple[date, ...]
    """Of `same`, the days the other came earlier: their arrival is the check-in now."""


def _move_checkins(session: Session, keep_id: int, other_id: int) -> _MovedCheckIns:
    kept = session.scalars(select(CheckIn).where(CheckIn.attendee_id == keep_id))
    ours = {c.day: c for c in kept}
    moved: list[date] = []
    same: list[date] = []
    theirs_counts: list[date] = []
    for theirs in session.scalars(select(CheckIn).where(CheckIn.attendee_id == other_id)).all():
        mine = ours.get(theirs.day)
        if mine is None:
            theirs.attendee_id = keep_id
            moved.append(theirs.day)
            continue
        same.append(theirs.day)
        if arrival_rank(theirs.checked_in_at, theirs.recorded_at) < arrival_rank(
            mine.checked_in_at, mine.recorded_at
        ):
            theirs_counts.append(theirs.day)
            later = set_aside(keep_id, mine)
            for name in (
                "checked_in_at",
                "recorded_at",
                "entered_afterwards",
                "offline",
                "uploaded_at",
                "desk",
                "operator",
            ):
                setattr(mine, name, getattr(theirs, name))
        else:
            later = set_aside(keep_id, theirs)
        session.add(later)
        session.delete(theirs)
    session.flush()
    return _MovedCheckIns(tuple(sorted(moved)), tuple(sorted(same)), tuple(sorted(theirs_counts)))


def _shown(desk: Desk, person: Attendee, code: str) -> str:
    """The fingerprint of `person`'s badge as it would be printed with `code`."""
    return badge_hash_of(audit.snapshot(person), code, desk.event)


def _badges_stay_current(
    session: Session, desk: Desk, keep: Attendee, other: Attendee, other_badge: str
) -> None:
    """The other's badge, printed with their code, is as good as the kept person's own when
    all else it shows is the kept person's now: its code opens the door for them (an alias).
    Its prints are recorded as prints of the kept person's badge, so a scan of either code
    does not ask for a new one; a badge showing something else (another company, another
    tariff) stays out of date, to print again."""
    current = _shown(desk, keep, keep.badge_code)
    if _shown(desk, other, keep.badge_code) != current:
        return
    session.execute(
        update(BadgePrint)
        .where(BadgePrint.attendee_id == keep.id, BadgePrint.badge_hash == other_badge)
        .values(badge_hash=current)
        .execution_options(synchronize_session=False)
    )


def printed_badge_hash(
    session: Session, event: Event, person: Attendee, printed: str | None
) -> str | None:
    """The fingerprint to record for a badge of `person` printed showing `printed`: one made
    with a code that has become their alias since (a record merged into them, printed at a desk
    that had not heard of the merge yet) and showing all else their badge shows now is as good
    as their own — recorded as their current badge, as a merge records the prints it moves
    (`_badges_stay_current`); anything else as it was printed."""
    if printed is None:
        return None
    shown = audit.snapshot(person)
    current = badge_hash_of(shown, person.badge_code, event)
    if printed == current:
        return printed
    aliases = session.scalars(select(BadgeAlias.code).where(BadgeAlias.attendee_id == person.id))
    return current if any(badge_hash_of(shown, a, event) == printed for a in aliases) else printed


def _move_money(session: Session, keep: Attendee, other: Attendee) -> tuple[int, int]:
    """The other's payments go to the kept person, and what they paid settles what the kept
    one owes; the rest was paid twice: that much of the two records' payments — the latest
    taken first, by the desks' clocks as a replay ranks them, whichever record it was on (the
    payment taken first counts, as for two desks' payments of one person); a payment split
    where it straddles — is flagged to give back, as the hub flags a double payment. Returns
    (roubles to give back, payments moved)."""
    latest_first = (Payment.taken_at.desc(), Payment.id.desc())
    mine = session.scalars(
        select(Payment)
        .where(Payment.attendee_id == keep.id, Payment.refund_due.is_(False), Payment.amount > 0)
        .order_by(*latest_first)
    ).all()
    payments = session.scalars(
        select(Payment).where(Payment.attendee_id == other.id).order_by(*latest_first)
    ).all()
    for payment in payments:
        payment.attendee_id = keep.id
    paid = other.amount_paid
    if paid <= 0:
        return 0, len(payments)
    due = keep.amount_due
    settled = min(paid, due)
    keep.amount_paid += settled
    keep.amount_due = due - settled
    if settled:
        if keep.amount_due == 0:
            invoiced = other.payment_status == PaymentStatus.INVOICED
            keep.payment_status = PaymentStatus.INVOICED if invoiced else PaymentStatus.PAID
            keep.payment_method = other.payment_method or PaymentMethod.CASH
        else:
            keep.payment_status = PaymentStatus.PARTIAL
    refund = paid - settled
    left = refund
    both = sorted([*mine, *payments], key=lambda p: (p.taken_at, p.id), reverse=True)
    for payment in both:
        if left <= 0:
            break
        if payment.refund_due or payment.amount <= 0:
            continue
        if payment.amount <= left:
            payment.refund_due = True
            left -= payment.amount
            continue
        payment.amount -= left
        session.add(
            Payment(
                attendee_id=keep.id,
                amount=left,
                method=payment.method,
                taken_at=payment.taken_at,
                day=payment.day,
                desk=payment.desk,
                operator=payment.operator,
                offline=payment.offline,
                uploaded_at=payment.uploaded_at,
                refund_due=True,
            )
        )
        left = 0
    counted = [p for p in reversed(both) if not p.refund_due and p.amount > 0]
    if refund and counted and keep.amount_due == 0:
        keep.payment_method = counted[0].method  # the payment that counts, the earliest
    # Paid elsewhere than at a desk (an import's «paid»): no payment row to flag; the amount
    # is still said, to give back.
    return refund, len(payments)


def _move_links(session: Session, desk: Desk, keep_id: int, other_id: int) -> None:
    """Whoever shared a phone or an e-mail with the other shares it with the kept person."""
    link = ContactLink.__table__.c
    theirs = session.execute(
        select(link.attendee_id, link.other_id, link.kind).where(
            or_(link.attendee_id == other_id, link.other_id == other_id)
        )
    ).all()
    session.execute(
        delete(ContactLink).where(
            or_(ContactLink.attendee_id == other_id, ContactLink.other_id == other_id)
        )
    )
    stored = existing_links(session, of=keep_id)
    wanted = set()
    for first, second, kind in theirs:
        third = second if first == other_id else first
        if third != keep_id:
            pair = (min(keep_id, third), max(keep_id, third), kind)
            if pair not in stored:
                wanted.add(pair)
    if wanted:  # as they were: a pair decided stays decided, one flagged stays flagged
        session.execute(
            insert(ContactLink),
            [
                {"attendee_id": a, "other_id": b, "kind": kind, "created_at": desk.now()}
                for a, b, kind in sorted(wanted)
            ],
        )


def _sharing(session: Session, person: Attendee) -> list[Attendee]:
    return list(
        session.scalars(
            select(Attendee).where(
                same_contact(Attendee, person.phone, person.email), Attendee.id != person.id
            )
        )
    )


def _name(person: Attendee) -> str:
    return _joined(person.last_name, person.first_name)


def _joined(last: str, first: str) -> str:
    return " ".join(p for p in (last, first) if p)
