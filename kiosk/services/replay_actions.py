"""Payments, upgrades, badge prints (and prints whose job failed), undone check-ins, corrections
and refused scans a desk made without the hub, applied on the hub when it is back — each once by
its nonce (kiosk.services.replay: one by one, `replay_once`, or many in one transaction,
`replay_all`, each kind's `…_replay`).

The hub decides on what it holds now, which may have moved on while the desk was away: of two
payments for the same thing taken at two desks, the one taken first (by the desks' clocks, as for
admissions) counts and the other is kept and flagged to be refunded (never lost, never counted as
paid twice), whichever reached the hub first; an upgrade to the tariff the person has already
changes nothing; an undo takes back only the desk's own admission (counted, or set aside), another
desk's admission set aside counting in its place; of two corrections of one field the later by
the desks' clocks stands, whichever reached the hub first (two values, kept for the organiser:
kiosk.services.edit_conflicts); a phone or e-mail corrected to someone else's is flagged as a
walk-in's would be. What was not applied is kept in the applied action's result, for the
organiser.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Final

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from kiosk.models import (
    AppliedAction,
    Attendee,
    AuditEntry,
    BadgePrint,
    CheckIn,
    Payment,
    PaymentMethod,
)
from kiosk.rules import Outcome
from kiosk.services import audit, deferred, edit_conflicts, refusals
from kiosk.services.checkin import (
    Admission,
    apply_payment,
    apply_upgrade,
    drop_set_aside,
    set_aside_admission,
    take_back_check_in,
)
from kiosk.services.context import Desk
from kiosk.services.edit_conflicts import parse_moment
from kiosk.services.errors import ValidationError
from kiosk.services.locks import lock_attendees, lock_values
from kiosk.services.lookup import index_attendee
from kiosk.services.merging import printed_badge_hash
from kiosk.services.registration import EDITABLE
from kiosk.services.replay import (
    Replay,
    Replayed,
    ReplayResult,
    attendee_id_of,
    claim_nonce,
    replay_once,
)
from kiosk.services.replay_walk_in import contact_rule

KIND_PAYMENT: Final = "payment"
KIND_UPGRADE: Final = "upgrade"
KIND_PRINT: Final = "print_badge"
KIND_PRINT_FAILED: Final = "print_failed"
KIND_UNDO: Final = "undo_check_in"
KIND_CORRECTION: Final = "edit"
KIND_REFUSAL: Final = refusals.AUDIT_ACTION
CORRECTED_FIELDS: Final = frozenset(EDITABLE)
"""What a correction made at a desk may change (the desk's edit and its swap of names)."""


@dataclass(frozen=True)
class OfflinePayment:
    """Money taken (or invoiced) at a desk without the hub."""

    nonce: str
    code: str
    amount: int
    method: str
    day: date | None
    """The event day served."""
    recorded_at: datetime
    """When the desk took it (its clock)."""
    desk: str
    operator: str


@dataclass(frozen=True)
class OfflineUpgrade:
    nonce: str
    code: str
    tariff: str
    """The tariff sold."""
    from_tariff: str | None
    """The person's tariff as the desk saw it."""
    day: date | None
    recorded_at: datetime
    desk: str
    operator: str


@dataclass(frozen=True)
class OfflinePrint:
    nonce: str
    code: str
    layout: str
    printer: str
    badge_hash: str | None
    """What the badge showed (kiosk.services.printing.badge_hash)."""
    recorded_at: datetime
    """When it was printed."""
    desk: str
    operator: str


@dataclass(frozen=True)
class OfflinePrintFailure:
    """A badge print whose job failed at the desk, to be taken back on the hub: the print the
    desk recorded there under `print_nonce` (its answer lost, or the hub lost before the desk
    could take it back), or sent since from its outbox."""

    nonce: str
    code: str
    print_nonce: str
    error: str
    """What failed (the error's name, as the desk logged it)."""
    recorded_at: datetime
    desk: str
    operator: str


@dataclass(frozen=True)
class OfflineUndo:
    """A check-in taken back at a desk without the hub, with the check-in as the desk saw it."""

    nonce: str
    code: str
    day: date
    checked_in_desk: str
    checked_in_recorded_at: datetime | None
    """Which check-in it was: the desk that made it and when that desk recorded it."""
    reason: str
    recorded_at: datetime
    desk: str
    operator: str


@dataclass(frozen=True)
class OfflineCorrection:
    """A person's details corrected at a desk without the hub (an edit, or names swapped)."""

    nonce: str
    code: str
    changes: dict[str, str | None]
    """The new values of the fields changed."""
    recorded_at: datetime
    desk: str
    operator: str
    before: dict[str, str | None] = field(default_factory=dict)
    """The values those fields had at the desk before (a field left out: not known)."""


@dataclass(frozen=True)
class OfflineRefusal:
    """A scan a desk refused at the door without the hub (kiosk.services.refusals)."""

    nonce: str
    code: str
    """The person's badge code; for an unknown code, what was scanned (cut short)."""
    known: bool
    """Whether the desk knew the person (else the code was unknown there)."""
    day: date
    outcome: str
    """Why: a `kiosk.rules.Outcome` other than checked in."""
    recorded_at: datetime
    desk: str
    operator: str


def _as(desk: Desk, action: Any) -> Desk:
    """The hub's desk acting in the name of the desk and operator that did it."""
    return replace(desk, name=action.desk, operator=action.operator)


def _locked(session: Session, code: str) -> Attendee | None:
    attendee_id = attendee_id_of(session, code)
    if attendee_id is None:
        return None
    lock_attendees(session, [attendee_id])  # two desks' replays for one person take turns
    return session.get(Attendee, attendee_id, populate_existing=True)  # as after the lock


# ---- payments ------------------------------------------------------------------------------


def replay_payment(desk: Desk, action: OfflinePayment) -> ReplayResult:
    return replay_once(desk, payment_replay(action))


def payment_replay(action: OfflinePayment) -> Replay:
    """Settle what the person owes on the hub, up to what the desk took; what is left of the
    money (they had paid meanwhile elsewhere) is stored flagged to be refunded.

    Which of two payments is the double follows the desks' clocks, as admissions do
    (kiosk.services.replay): the one taken first counts, whatever order they reach the hub in.
    A payment that turns out to be earlier than payments counted already takes their place —
    the latest of them first, one split where it straddles (as a merge splits) — and what it
    displaces is flagged to refund in its stead (`EARLIER_PAYMENT`), so the person's
    `amount_paid` still counts each rouble once. Payments at the same moment keep the order
    they reached the hub in.

    A payment flagged once stays flagged: only payments still counted make room. One given
    back above all never counts again — the money is in the person's hands, and counting it
    would say they paid what they no longer have (and undoing the refund would take it back
    from them). So when the earlier payment arrives after a later one was already refunded,
    the refund stands; the earlier one takes the place of whichever later payment still counts
    (then that one is to refund), or, if none does, settles what is due now and its rest is
    flagged to give back. Either way the person keeps one payment counted, `amount_paid`
    unchanged, and every other payment refunded or to refund — each rouble once.
    """
    return Replay(action, KIND_PAYMENT, _apply_payment)


def _apply_payment(
    session: Session, desk: Desk, action: OfflinePayment, now: datetime
) -> ReplayResult:
    attendee = _locked(session, action.code)
    if attendee is None:
        return ReplayResult(Replayed.UNKNOWN_CODE, None)
    acting = _as(desk, action)
    method = PaymentMethod(action.method)
    displaced = _make_room(session, acting, attendee, action, now)
    settled = apply_payment(
        session,
        acting,
        attendee,
        method,
        day=action.day,
        at_most=action.amount,
        taken_at=action.recorded_at,
        uploaded_at=now,
    )
    rest = action.amount - settled
    if rest <= 0:
        return ReplayResult(Replayed.EARLIER_PAYMENT if displaced else Replayed.PAID, attendee.id)
    refund = Payment(
        attendee_id=attendee.id,
        amount=rest,
        method=method,
        taken_at=action.recorded_at,
        day=action.day,
        desk=action.desk,
        operator=action.operator,
        offline=True,
        uploaded_at=now,
        refund_due=True,
    )
    session.add(refund)
    session.flush()
    audit.record(
        session,
        acting,
        "double_payment",
        entity="payment",
        entity_id=refund.id,
        attendee_id=attendee.id,
        after={
            "amount": rest,
            "method": method.value,
            "day": action.day,
            "nonce": action.nonce,
        },
        at=now,
    )
    return ReplayResult(Replayed.DOUBLE_PAYMENT, attendee.id)


def payment_rank(taken_at: datetime, payment_id: int) -> tuple[datetime, int]:
    """The order in which payments of one person count: the earliest taken first (by the
    desks' clocks: every payment has its desk's time), then as recorded on the hub."""
    return (taken_at, payment_id)


def _make_room(
    session: Session, desk: Desk, attendee: Attendee, action: OfflinePayment, now: datetime
) -> int:
    """Flag to refund as much of the person's payments counted so far, taken later than this
    one, as this one needs to count whole (the latest first, one split where it straddles);
    what they paid goes back to what they owe, for this one to settle. Returns the amount."""
    need = action.amount - max(attendee.amount_due, 0)
    if need <= 0:
        return 0
    counted = session.scalars(
        select(Payment).where(
            Payment.attendee_id == attendee.id,
            Payment.refund_due.is_(False),
            Payment.amount > 0,
            Payment.taken_at > action.recorded_at,
        )
    ).all()
    freed = 0
    for payment in sorted(counted, key=lambda p: payment_rank(p.taken_at, p.id), reverse=True):
        if freed >= need:
            break
        take = min(payment.amount, need - freed)
        if take == payment.amount:
            payment.refund_due = True
            flagged = payment
        else:
            payment.amount -= take
            flagged = Payment(
                attendee_id=attendee.id,
                amount=take,
                method=payment.method,
                taken_at=payment.taken_at,
                day=payment.day,
                desk=payment.desk,
                operator=payment.operator,
                offline=payment.offline,
                uploaded_at=payment.uploaded_at,
                refund_due=True,
            )
            session.add(flagged)
        session.flush()
        freed += take
        audit.record(
            session,
            desk,
            "double_payment",
            entity="payment",
            entity_id=flagged.id,
            attendee_id=attendee.id,
            before={"counted": take},
            after={
                "amount": take,
                "method": flagged.method,
                "day": flagged.day,
                "taken_at": flagged.taken_at,
                "taken_desk": flagged.desk,
                "earlier_nonce": action.nonce,
            },
            at=now,
        )
    if freed:
        attendee.amount_paid -= freed
        attendee.amount_due += freed
        session.flush()
        session.expire(attendee, ["payments"])
    return freed


# ---- upgrades ------------------------------------------------------------------------------


def replay_upgrade(desk: Desk, action: OfflineUpgrade) -> ReplayResult:
    return replay_once(desk, upgrade_replay(action))


def upgrade_replay(action: OfflineUpgrade) -> Replay:
    """Sell the upgrade on the hub, unless the person has that tariff already there (sold
    meanwhile elsewhere) or it is no longer on sale from the tariff they have now."""
    return Replay(action, KIND_UPGRADE, _apply_upgrade)


def _apply_upgrade(
    session: Session, desk: Desk, action: OfflineUpgrade, now: datetime
) -> ReplayResult:
    attendee = _locked(session, action.code)
    if attendee is None:
        return ReplayResult(Replayed.UNKNOWN_CODE, None)
    if attendee.tariff == action.tariff:
        return ReplayResult(Replayed.ALREADY_UPGRADED, attendee.id)
    try:
        with session.begin_nested():
            apply_upgrade(session, _as(desk, action), attendee, action.tariff, day=action.day)
    except ValidationError:
        session.refresh(attendee)
        return ReplayResult(Replayed.NOT_APPLIED, attendee.id)
    return ReplayResult(Replayed.UPGRADED, attendee.id)


# ---- badge prints --------------------------------------------------------------------------


def replay_print(desk: Desk, action: OfflinePrint) -> ReplayResult:
    return replay_once(desk, print_replay(action))


def print_replay(action: OfflinePrint) -> Replay:
    """Record the print the desk made (a reprint when the hub knows an earlier one)."""
    return Replay(action, KIND_PRINT, _apply_print)


def _apply_print(session: Session, desk: Desk, action: OfflinePrint, now: datetime) -> ReplayResult:
    attendee = _locked(session, action.code)
    if attendee is None:
        return ReplayResult(Replayed.UNKNOWN_CODE, None)
    reprint = (
        session.scalars(
            select(BadgePrint.id).where(BadgePrint.attendee_id == attendee.id).limit(1)
        ).first()
        is not None
    )
    record = BadgePrint(
        attendee_id=attendee.id,
        printed_at=action.recorded_at,
        desk=action.desk,
        operator=action.operator,
        layout=action.layout,
        printer=action.printer,
        reprint=reprint,
        # A badge printed under a code merged into this person since may be theirs now.
        badge_hash=printed_badge_hash(session, desk.event, attendee, action.badge_hash),
    )
    session.add(record)
    session.flush()
    audit.record(
        session,
        _as(desk, action),
        "reprint_badge" if reprint else "print_badge",
        entity="badge",
        entity_id=record.id,
        attendee_id=attendee.id,
        after={
            "layout": action.layout,
            "printer": action.printer,
            "badge_hash": action.badge_hash,
            "printed_at": action.recorded_at,
            "nonce": action.nonce,
        },
        at=now,
    )
    return ReplayResult(Replayed.PRINTED, attendee.id)


def replay_print_failure(desk: Desk, action: OfflinePrintFailure) -> ReplayResult:
    return replay_once(desk, print_failure_replay(action))


def print_failure_replay(action: OfflinePrintFailure) -> Replay:
    """Take back the print recorded under `print_nonce`, whose job never printed. A print the
    hub never had is recorded as applied and taken back, so that it never is: the desk's
    transaction that made it, stalled on the way, cannot commit it later."""
    return Replay(action, KIND_PRINT_FAILED, _apply_print_failure)


def _apply_print_failure(
    session: Session, desk: Desk, action: OfflinePrintFailure, now: datetime
) -> ReplayResult:
    attendee_id = attendee_id_of(session, action.code)
    if attendee_id is not None:
        lock_attendees(session, [attendee_id])
    never = replace(action, nonce=action.print_nonce)
    if claim_nonce(session, never, KIND_PRINT, now):
        session.execute(
            update(AppliedAction)
            .where(AppliedAction.nonce == action.print_nonce)
            .values(result={"outcome": Replayed.TAKEN_BACK.value, "attendee_id": attendee_id})
        )
        return ReplayResult(Replayed.TAKEN_BACK, attendee_id)
    # The print may be earlier in this very batch: its audit entry is written before it is read.
    deferred.flush(session)
    print_id = _print_recorded_under(session, attendee_id, action.print_nonce)
    if print_id is not None and session.get(BadgePrint, print_id) is not None:
        session.execute(delete(BadgePrint).where(BadgePrint.id == print_id))
        audit.record(
            session,
            _as(desk, action),
            KIND_PRINT_FAILED,
            entity="badge",
            entity_id=print_id,
            attendee_id=attendee_id,
            after={
                "error": action.error,
                "print_nonce": action.print_nonce,
                "nonce": action.nonce,
            },
            at=now,
        )
    return ReplayResult(Replayed.TAKEN_BACK, attendee_id)


def _print_recorded_under(session: Session, attendee_id: int | None, nonce: str) -> int | None:
    """The hub's print recorded under this nonce (at the desk's claim on the hub, or by the
    replay of its outbox): its audit entry names it."""
    if attendee_id is None:
        return None
    entries = session.execute(
        select(AuditEntry.entity_id, AuditEntry.after).where(
            AuditEntry.attendee_id == attendee_id,
            AuditEntry.action.in_(("print_badge", "reprint_badge")),
        )
    ).all()
    return next(
        (entity_id for entity_id, after in entries if (after or {}).get("nonce") == nonce), None
    )


# ---- undone check-ins ----------------------------------------------------------------------


def replay_undo(desk: Desk, action: OfflineUndo) -> ReplayResult:
    return replay_once(desk, undo_replay(action))


def undo_replay(action: OfflineUndo) -> Replay:
    """Take back the admission the desk took back, and only that one: the desk's own (the
    desk that made it and the moment it recorded it name it), never another desk's.

    While it is the check-in the hub counts, it goes; when other admissions of the person that
    day were set aside as offline duplicates — another desk's, real all the same — the
    earliest of them counts in its place (kiosk.services.checkin.take_back_check_in). When the
    hub set the desk's admission aside (another desk's was earlier), that duplicate goes and
    the check-in counted stays. So whatever order the desks' outboxes reach the hub in, the
    person stays checked in through any admission not taken back, the earliest of them
    counted. An admission the hub has neither counted nor set aside changes nothing."""
    return Replay(action, KIND_UNDO, _apply_undo)


def _apply_undo(session: Session, desk: Desk, action: OfflineUndo, now: datetime) -> ReplayResult:
    attendee = _locked(session, action.code)
    if attendee is None:
        return ReplayResult(Replayed.UNKNOWN_CODE, None)
    if action.checked_in_recorded_at is None:
        return ReplayResult(Replayed.NOT_APPLIED, attendee.id)
    admission = Admission(action.checked_in_desk, action.checked_in_recorded_at)
    row = session.scalars(
        select(CheckIn)
        .where(CheckIn.attendee_id == attendee.id, CheckIn.day == action.day)
        .with_for_update()
    ).first()
    acting = _as(desk, action)
    after = {"nonce": action.nonce, "undone_at": action.recorded_at}
    if row is not None and (row.desk, row.recorded_at) == (admission.desk, admission.recorded_at):
        take_back_check_in(
            session, acting, attendee.id, row, reason=action.reason, after=after, at=now
        )
        return ReplayResult(Replayed.UNDONE, attendee.id)
    duplicate = set_aside_admission(session, attendee.id, action.day, admission)
    if duplicate is None:
        return ReplayResult(Replayed.NOT_APPLIED, attendee.id)
    drop_set_aside(session, acting, duplicate, reason=action.reason, after=after, at=now)
    return ReplayResult(Replayed.UNDONE, attendee.id)


# ---- corrections ---------------------------------------------------------------------------

EDIT_CONFLICT: Final = edit_conflicts.AUDIT_ACTION
_EDITS: Final = ("edit", "swap_names")


def replay_correction(desk: Desk, action: OfflineCorrection) -> ReplayResult:
    return replay_once(desk, correction_replay(action))


def correction_replay(action: OfflineCorrection) -> Replay:
    """Write the desk's corrected values, field by field, the latest edit by the desks' clocks
    winning whatever order the edits reach the hub in (an edit made on the hub counts by its
    time too): a field the hub has from a later edit keeps it, and the desk's value is kept
    in the audit log as superseded. A field the hub changed meanwhile to neither the value the
    desk saw nor the desk's own takes the desk's (later) value, the hub's kept in the log.
    Either way two desks changed one field to different values: the organiser sees it as an
    edit conflict (`EDIT_CONFLICT`; the outcome `Replayed.EDIT_CONFLICT`).

    A phone or e-mail corrected to someone else's is flagged by the walk-ins' rule (the
    import's): the same name a probable duplicate, another name a contact shared."""
    return Replay(
        action,
        KIND_CORRECTION,
        _apply_correction,
        values=(action.changes.get("phone"), action.changes.get("email")),
    )


@dataclass(frozen=True)
class _Edit:
    """The edit a field's value on the hub comes from: when (by its desk's clock), where."""

    at: datetime
    desk: str


def _apply_correction(
    session: Session, desk: Desk, action: OfflineCorrection, now: datetime
) -> ReplayResult:
    attendee = _locked(session, action.code)
    if attendee is None:
        return ReplayResult(Replayed.UNKNOWN_CODE, None)
    acting = _as(desk, action)
    wanted = {k: v for k, v in action.changes.items() if k in CORRECTED_FIELDS}
    latest = _latest_edits(session, attendee.id)
    changes: dict[str, str | None] = {}
    conflicts = 0
    for name, value in wanted.items():
        standing = getattr(attendee, name)
        if (standing or "") == (value or ""):
            continue
        edit = latest.get(name)
        later = edit is not None and edit.at > action.recorded_at
        moved = name in action.before and (standing or "") != (action.before[name] or "")
        if later or moved:
            conflicts += 1
            _record_conflict(
                session,
                acting,
                attendee.id,
                action,
                name,
                standing,
                edit,
                applied=not later,
                now=now,
            )
        if not later:
            changes[name] = value
    before = audit.snapshot(attendee)
    for name, value in changes.items():
        setattr(attendee, name, value)
    before_changed, after_changed = audit.changed(before, audit.snapshot(attendee))
    outcome = Replayed.EDIT_CONFLICT if conflicts else Replayed.CORRECTED
    if not after_changed:
        return ReplayResult(outcome, attendee.id)
    if attendee.desk_edited_at is None or attendee.desk_edited_at < action.recorded_at:
        attendee.desk_edited_at = action.recorded_at
    index_attendee(attendee)
    session.flush()
    phone, email = after_changed.get("phone"), after_changed.get("email")
    lock_values(session, phone, email)  # as two walk-ins with one phone take turns
    flagged = contact_rule(session, acting, attendee, phone, email)
    audit.record(
        session,
        acting,
        "edit",
        entity_id=attendee.id,
        attendee_id=attendee.id,
        before=before_changed,
        after={
            **after_changed,
            "edited_at": action.recorded_at,
            "nonce": action.nonce,
            **({"review": attendee.review} if flagged else {}),
        },
        at=now,
    )
    return ReplayResult(flagged or outcome, attendee.id)


def _latest_edits(session: Session, attendee_id: int) -> dict[str, _Edit]:
    """Per field, the latest edit that wrote the person's value on the hub (its desk's time:
    a replayed one's `edited_at`, else the time its nonce was recorded at, else the entry's)."""
    deferred.flush(session)  # an edit earlier in this very batch is read too
    rows = session.execute(
        select(AuditEntry.at, AuditEntry.desk, AuditEntry.after)
        .where(
            AuditEntry.attendee_id == attendee_id,
            AuditEntry.action.in_(_EDITS),
            # Its own record's: a record merged into it brought its edits along.
            AuditEntry.entity_id == attendee_id,
        )
        .order_by(AuditEntry.id)
    ).all()
    undated = {
        str(after["nonce"])
        for _at, _desk, after in rows
        if after and "edited_at" not in after and after.get("nonce")
    }
    recorded = (
        dict(
            session.execute(
                select(AppliedAction.nonce, AppliedAction.recorded_at).where(
                    AppliedAction.nonce.in_(sorted(undated))
                )
            ).all()
        )
        if undated
        else {}
    )
    latest: dict[str, _Edit] = {}
    for at, desk_name, after in rows:
        after = after or {}
        when = parse_moment(after.get("edited_at")) or recorded.get(str(after.get("nonce"))) or at
        for name in CORRECTED_FIELDS & after.keys():
            if name not in latest or latest[name].at <= when:
                latest[name] = _Edit(when, desk_name)
    return latest


def _record_conflict(
    session: Session,
    desk: Desk,
    attendee_id: int,
    action: OfflineCorrection,
    name: str,
    standing: str | None,
    edit: _Edit | None,
    *,
    applied: bool,
    now: datetime,
) -> None:
    """Log one field two edits changed to different values: `before` the hub's value (and the
    edit it came from, when known), `after` the desk's, `applied` whether it stands now."""
    audit.record(
        session,
        desk,
        EDIT_CONFLICT,
        entity_id=attendee_id,
        attendee_id=attendee_id,
        before={
            "field": name,
            "value": standing,
            "desk": edit.desk if edit is not None else None,
            "at": edit.at.isoformat() if edit is not None else None,
        },
        after={
            "field": name,
            "value": action.changes[name],
            "desk": action.desk,
            "at": action.recorded_at.isoformat(),
            "applied": applied,
            "nonce": action.nonce,
        },
        at=now,
    )


# ---- refused scans ---------------------------------------------------------------------------


def replay_refusal(desk: Desk, action: OfflineRefusal) -> ReplayResult:
    return replay_once(desk, refusal_replay(action))


def refusal_replay(action: OfflineRefusal) -> Replay:
    """Add the refusal to the hub's list, as the desk recorded it (its desk, operator, time and
    reason). A person the hub does not know (any more) is listed by the code scanned."""
    return Replay(action, KIND_REFUSAL, _apply_refusal)


def _apply_refusal(
    session: Session, desk: Desk, action: OfflineRefusal, now: datetime
) -> ReplayResult:
    attendee_id = attendee_id_of(session, action.code) if action.known else None
    try:
        outcome = Outcome(action.outcome)
    except ValueError:
        outcome = Outcome.UNKNOWN_CODE
    refusals.record(
        session,
        _as(desk, action),
        outcome,
        action.day,
        attendee_id=attendee_id,
        scanned=action.code,
        at=action.recorded_at,
    )
    return ReplayResult(Replayed.REFUSED, attendee_id)
