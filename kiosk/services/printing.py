"""Printing badges: the attendee → badge mapping, reprint control and the print record.

People on autopilot reprint badges, so printing one that was printed before needs an explicit
``reprint=True``; every print is recorded with who, which desk and when — before the job goes
to the printer, so that two desks never both print one badge (`print_views`). A job that fails
is taken back; on a hub that is lost before it can be, the taking back is queued on the desk's
replica instead and sent when the hub is back (`PrintAttempt`), so the hub never keeps a print
that never happened.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Final, Protocol

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from kiosk.config import PARTICIPANT, DayKind, Event
from kiosk.hub import deadline
from kiosk.i18n import tr
from kiosk.models import Attendee, AuditEntry, BadgePrint
from kiosk.present import at_desk, money
from kiosk.printers import send
from kiosk.services import audit
from kiosk.services.context import Desk
from kiosk.services.errors import NotFoundError, ServiceError
from kiosk.services.locks import lock_attendees
from kiosk.services.lookup import find_by_code
from kiosk.services.views import AttendeeView, attendee_view, badge_hash_of, load_views
from kiosk.text import fold

# The badge's layouts and model load with the first badge (as ReportLab does, in
# `render_badges`): the desk imports this module to start, for its check-ins' badge lines.
if TYPE_CHECKING:
    from kiosk.badges.layouts import Layout
    from kiosk.badges.model import BadgeInfo

DEFAULT_LAYOUT = "badge-90x55"
SLIP_COLOR = "#5F6368"
"""A neutral grey band: a slip is a confirmation to take to the desk, not an entry badge."""


class PrintWarning(StrEnum):
    """Why the desk asks before printing a badge."""

    REPRINT = "reprint"
    """Printed before and still true: a second copy."""
    OUT_OF_DATE = "out_of_date"
    """Printed before, but the name, company or tariff changed since: the new badge."""
    UNNAMED_SEAT = "unnamed_seat"
    """A team seat not named yet: the badge would say «Участник 3»."""
    UNPAID = "unpaid"
    """Not paid yet: the badge would let the person in."""


class BadgeChange(StrEnum):
    """What a printed badge shows that is no longer true."""

    NAME = "name"
    COMPANY = "company"
    POSITION = "position"
    TARIFF = "tariff"


_ON_THE_BADGE: Final[dict[str, BadgeChange]] = {
    "last_name": BadgeChange.NAME,
    "first_name": BadgeChange.NAME,
    "company": BadgeChange.COMPANY,
    "position": BadgeChange.POSITION,
    "category": BadgeChange.TARIFF,
    "tariff": BadgeChange.TARIFF,
}
_PRINTS: Final = ("print_badge", "reprint_badge")


def out_of_date(view: AttendeeView, event: Event) -> bool:
    """A badge was printed and no longer shows what it would show now."""
    state = view.badge_state(event)
    return state.printed and not state.up_to_date


def badge_changes(desk: Desk, attendee_id: int) -> tuple[BadgeChange, ...]:
    """What changed since the person's last badge was printed (a correction, an upgrade, an
    import), read from the changes recorded since; nothing when none were (the event file
    changed the tariff's days)."""
    with desk.db.read() as session:
        printed = session.scalar(
            select(func.max(AuditEntry.id)).where(
                AuditEntry.attendee_id == attendee_id, AuditEntry.action.in_(_PRINTS)
            )
        )
        if printed is None:
            return ()
        since = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.attendee_id == attendee_id, AuditEntry.id > printed)
            .order_by(AuditEntry.id)
        ).all()
        attendee = session.get(Attendee, attendee_id)
        if attendee is None:
            return ()
        merges = [entry for entry in since if entry.action == "merge"]
        if merges:
            return _changed_since_merges(session, desk.event, attendee, merges)
        as_printed: dict[str, object] = {}
        for entry in since:
            for name, value in (entry.before or {}).items():
                if name in _ON_THE_BADGE:
                    as_printed.setdefault(name, value)
        return _changed(attendee, as_printed)


def _changed(attendee: Attendee, as_printed: Mapping[str, object]) -> tuple[BadgeChange, ...]:
    changed = {
        _ON_THE_BADGE[name]
        for name, value in as_printed.items()
        if name in _ON_THE_BADGE and (getattr(attendee, name) or "") != (value or "")
    }
    return tuple(change for change in BadgeChange if change in changed)


def _changed_since_merges(
    session: Session, event: Event, attendee: Attendee, merges: Sequence[AuditEntry]
) -> tuple[BadgeChange, ...]:
    """Since a merge the log holds two people's changes, so the badge printed last is read
    from the merge's record of both records as they were: the one whose badge it is (by its
    fingerprint) showed what it recorded. Unknown when neither (changed before the merge
    too): nothing said, the generic words stand."""
    printed = session.scalars(
        select(BadgePrint.badge_hash)
        .where(BadgePrint.attendee_id == attendee.id)
        .order_by(BadgePrint.printed_at.desc(), BadgePrint.id.desc())
        .limit(1)
    ).first()
    for merge in merges:
        other = merge.before or {}
        kept = other.get("kept") or {}
        for shown in (other, kept):
            code = shown.get("code")
            if code and printed == badge_hash_of(shown, str(code), event):
                return _changed(attendee, shown)
    return ()


def changes_text(changes: Sequence[BadgeChange]) -> str:
    """«изменилась компания», «изменились имя и тариф» (the generic words when not known)."""
    if not changes:
        return tr("изменились имя, компания или тариф", "the name, company or tariff changed")
    if len(changes) == 1:
        return {
            BadgeChange.NAME: tr("изменилось имя", "the name changed"),
            BadgeChange.COMPANY: tr("изменилась компания", "the company changed"),
            BadgeChange.POSITION: tr("изменилась должность", "the position changed"),
            BadgeChange.TARIFF: tr("изменился тариф", "the tariff changed"),
        }[changes[0]]
    words = [
        {
            BadgeChange.NAME: tr("имя", "name"),
            BadgeChange.COMPANY: tr("компания", "company"),
            BadgeChange.POSITION: tr("должность", "position"),
            BadgeChange.TARIFF: tr("тариф", "tariff"),
        }[change]
        for change in changes
    ]
    listed = tr("{a} и {b}", "{a} and {b}", a=", ".join(words[:-1]), b=words[-1])
    return tr("изменились {w}", "the {w} changed", w=listed)


class AlreadyPrinted(ServiceError):
    """Printing needs a yes first (a reprint, an out-of-date badge, an unnamed seat, unpaid);
    the message says why."""

    def __init__(self, message: str, attendee: AttendeeView, reason: PrintWarning) -> None:
        super().__init__(message)
        self.attendee = attendee
        self.reason = reason


def print_warning(
    view: AttendeeView,
    event: Event,
    *,
    interactive: bool,
    confirmed: Collection[PrintWarning] = (),
) -> PrintWarning | None:
    """What to ask next before printing this person's badge: the first warning that applies
    and is not among those `confirmed` (None: print without asking). An unnamed seat that has
    not paid either is asked about twice, one question after the other.

    A script or a batch (`interactive=False`) only has to say it means a reprint; at the desk
    an unnamed team seat and an unpaid person are asked about too.
    """
    state = view.badge_state(event)
    warnings: list[PrintWarning] = []
    if state.printed:
        warnings.append(PrintWarning.REPRINT if state.up_to_date else PrintWarning.OUT_OF_DATE)
    if interactive and state.unnamed_seat:
        warnings.append(PrintWarning.UNNAMED_SEAT)
    if interactive and view.amount_due > 0 and view.status == "active":
        warnings.append(PrintWarning.UNPAID)
    return next((warning for warning in warnings if warning not in confirmed), None)


def warning_text(
    reason: PrintWarning,
    view: AttendeeView,
    desk: Desk,
    *,
    changes: Sequence[BadgeChange] = (),
) -> str:
    """The question before printing, saying why (`changes`: what made the badge out of date,
    from `badge_changes`)."""
    name = view.spoken_name
    if reason is PrintWarning.UNNAMED_SEAT:
        return tr(
            "«{n}» — место в команде без имени: на бейдже не будет имени. Сначала впишите "
            "имя («Исправить…»). Всё равно напечатать?",
            '"{n}" is an unnamed team seat: the badge will carry no name. Write the name in '
            'first ("Correct…"). Print anyway?',
            n=name,
        )
    if reason is PrintWarning.UNPAID:
        return tr(
            "{n} ещё не оплатил(а): к оплате {m}. Бейдж откроет вход. Всё равно напечатать?",
            "{n} has not paid yet: {m} due. The badge opens the door. Print anyway?",
            n=name,
            m=money(view.amount_due),
        )
    last = view.prints[-1]
    when = at_desk(desk.event.local_time(last.at).strftime("%d.%m %H:%M"), last.desk)
    if reason is PrintWarning.OUT_OF_DATE:
        return tr(
            "Бейдж устарел: после печати ({t}) {c}. Напечатать новый бейдж для {n}?",
            "The badge is out of date: {c} after it was printed ({t}). Print a new badge for {n}?",
            n=name,
            t=when,
            c=changes_text(changes),
        )
    return tr(
        "Бейдж уже печатали: {n} ({t}). Напечатать ещё раз?",
        "The badge was already printed: {n} ({t}). Print it again?",
        n=name,
        t=when,
    )


@dataclass(frozen=True)
class PrintResult:
    attendees: tuple[AttendeeView, ...]
    destination: str
    reprints: int


def _day_label(kind: DayKind) -> str:
    if kind is DayKind.TRAINING:
        return tr("ТРЕНИНГ", "TRAINING")
    return tr("КОНФЕРЕНЦИЯ", "CONFERENCE")


def badge_info(view: AttendeeView, event: Event) -> BadgeInfo:
    """What a badge shows for this attendee (the QR holds only the code)."""
    from kiosk.badges.model import BadgeInfo, DayMark

    if view.category != PARTICIPANT:
        category = event.category(view.category)
        label = category.badge_label if category else view.category.upper()
        color = category.badge_color if category else "#555555"
    else:
        tariff = event.tariff(view.tariff or "")
        label = tariff.badge_label if tariff else (view.tariff or "").upper()
        color = tariff.badge_color if tariff else "#555555"
    entitled = set(event.entitled_days(view.category, view.tariff))
    return BadgeInfo(
        code=view.code,
        first_name=view.first_name,
        last_name=view.last_name,
        company=view.company,
        position=view.position,
        event_name=event.short_name,
        band_label=label,
        band_color=color,
        days=tuple(
            DayMark(
                label=f"{d.date:%d.%m} {_day_label(d.kind)}",
                kind=str(d.kind),
                included=d.date in entitled,
            )
            for d in event.days
        ),
    )


def render_badges(
    badges: Sequence[BadgeInfo],
    layout: Layout,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    # ReportLab is imported with the first badge, not while the desk starts.
    from kiosk.badges import render

    return render.render_badges(badges, layout, progress)


def render_for(views: Sequence[AttendeeView], event: Event, layout: Layout | str) -> bytes:
    from kiosk.badges.layouts import load_layout

    chosen = load_layout(layout) if isinstance(layout, str) else layout
    return render_badges([badge_info(v, event) for v in views], chosen)


class Sender(Protocol):
    """(pdf, printer, job name) → where it went; the GUI passes one that uses Qt printing.
    `when` is the moment of the job at the venue: a `pdf:FOLDER` file is named by it, not by
    the laptop's clock zone."""

    def __call__(
        self, pdf: bytes, printer: str, job_name: str, /, *, when: datetime | None = None
    ) -> str: ...


def _default_sender(
    pdf: bytes, printer: str, job_name: str, /, *, when: datetime | None = None
) -> str:
    return send(pdf, printer, job_name, now=when)


def find_attendees(desk: Desk, codes: Sequence[str]) -> list[AttendeeView]:
    """Attendees for badge codes (or ``#id``), in the order given; NotFoundError if one is not."""
    with desk.db.read() as session:
        found: list[AttendeeView] = []
        for code in codes:
            attendee = (
                session.get(Attendee, int(code[1:]))
                if code.startswith("#") and code[1:].isdigit()
                else find_by_code(session, code)
            )
            if attendee is None or attendee.forgotten_at is not None:
                raise NotFoundError(tr("Код «{c}» не найден", 'Code "{c}" not found', c=code[:40]))
            found.append(attendee_view(attendee))
        return found


def select_for_batch(
    desk: Desk,
    *,
    not_printed: bool = False,
    tariff: str | None = None,
    category: str | None = None,
) -> list[AttendeeView]:
    """Active attendees for pre-printing, in Russian alphabetical order (ё with е)."""
    with desk.db.read() as session:
        query = (
            select(Attendee)
            # Nobody forgotten: their badge would open no door (kiosk.services.privacy).
            .where(Attendee.status == "active", Attendee.forgotten_at.is_(None))
            .options(
                selectinload(Attendee.checkins),
                selectinload(Attendee.prints),
                selectinload(Attendee.payments),
            )
        )
        if tariff:
            query = query.where(Attendee.tariff == tariff)
        if category:
            query = query.where(Attendee.category == category)
        views = [attendee_view(a) for a in session.scalars(query)]
    if not_printed:
        views = [v for v in views if not v.prints]
    return sorted(views, key=lambda v: (fold(v.last_name), fold(v.first_name), v.id))


def print_badges(
    desk: Desk,
    codes: Sequence[str],
    *,
    printer: str,
    layout: str = DEFAULT_LAYOUT,
    reprint: bool = False,
    sender: Sender = _default_sender,
    confirmed: frozenset[PrintWarning] | None = None,
) -> PrintResult:
    """Render, send and record badges for these codes (or attendee ids as ``#123``)."""
    return print_views(
        desk,
        find_attendees(desk, codes),
        printer=printer,
        layout=layout,
        reprint=reprint,
        sender=sender,
        confirmed=confirmed,
    )


@dataclass
class PrintAttempt:
    """One print job across its tries: a desk (or the `kiosk` command) whose hub is lost on the
    way does the job again on its replica, and what the first try did is not done twice there.

    Made where the job is queued and handed to every try (`print_views`, `print_slip`), which
    are made one after the other, never at once."""

    sent: str | None = None
    """Where the job went, once it went (a slip whose record the hub did not answer is not
    printed again)."""
    failure: BaseException | None = None
    """The printer failed and the prints could not be taken back where they were recorded
    (the hub was lost on the way): the next try queues their taking back and says this."""
    claimed: tuple[tuple[str, str], ...] = field(default=())
    """The badge code and the print's nonce of each print the failed job had recorded."""


def print_views(
    desk: Desk,
    views: Sequence[AttendeeView],
    *,
    printer: str,
    layout: str = DEFAULT_LAYOUT,
    reprint: bool = False,
    sender: Sender = _default_sender,
    progress: Callable[[int, int], None] | None = None,
    confirmed: frozenset[PrintWarning] | None = None,
    attempt: PrintAttempt | None = None,
) -> PrintResult:
    """Claim the badges, render them into one job and hand it to the printer.

    A badge printed before stops the job unless `reprint` says so. At the desk (`confirmed`
    given: the warnings the operator has said yes to) an unnamed team seat or an unpaid
    person stops it too, until confirmed.

    The print is recorded before the job goes to the printer, with the people's rows locked
    and their prints read afresh: of two desks printing one badge at the same moment the second
    is asked about a reprint instead of printing it too. A job that cannot be made or sent is
    taken back (its records removed, the failure audited), so a failed print counts for nothing.

    Under a deadline on the hub (kiosk.hub.deadline) the recording and the taking back each
    have it; the rendering and the printer do not (they are this laptop's). When the taking
    back fails — the hub lost after the print was recorded there — that error is raised, and
    `attempt` (when given) remembers the job: tried again on the desk's replica, it queues the
    taking back of those prints for the hub and raises the printer's failure, printing
    nothing again.
    """
    if attempt is not None and attempt.failure is not None:
        _queue_take_back(desk, attempt.claimed, attempt.failure)
        raise attempt.failure
    from kiosk.badges.layouts import load_layout

    chosen = load_layout(layout)
    interactive = confirmed is not None
    allowed = set(confirmed or ())
    if reprint:
        allowed |= {PrintWarning.REPRINT, PrintWarning.OUT_OF_DATE}
    claim = _claim(desk, views, chosen, printer, interactive=interactive, allowed=allowed)
    try:
        with deadline.paused():
            pdf = render_badges([badge_info(v, desk.event) for v in claim.before], chosen, progress)
            job = views[0].code if len(views) == 1 else f"{len(views)}-badges"
            destination = sender(pdf, printer, job, when=desk.event.local_time(desk.now()))
    except BaseException as exc:
        try:
            _take_back(desk, claim, exc)
        except Exception:
            if attempt is not None:
                attempt.failure = exc
                attempt.claimed = tuple(
                    (view.code, nonce)
                    for view, nonce in zip(claim.before, claim.nonces, strict=True)
                    if nonce is not None
                )
            raise
        raise
    return PrintResult(
        attendees=claim.after,
        destination=destination,
        reprints=sum(1 for v in claim.before if v.prints),
    )


@dataclass(frozen=True)
class _Claim:
    before: tuple[AttendeeView, ...]
    """The people as they were when their rows were locked."""
    after: tuple[AttendeeView, ...]
    """With this print."""
    print_ids: tuple[int, ...]
    nonces: tuple[str | None, ...]
    """Each print's nonce, when it was recorded under one (a desk's action on a hub)."""


def _claim(
    desk: Desk,
    views: Sequence[AttendeeView],
    layout: Layout,
    printer: str,
    *,
    interactive: bool,
    allowed: set[PrintWarning],
) -> _Claim:
    """Record the prints of these people, or raise `AlreadyPrinted` with nothing recorded."""
    ids = [v.id for v in views]
    now = desk.now()
    with desk.db.write() as session:
        lock_attendees(session, ids)
        fresh = load_views(session.connection(), ids)
        if len(fresh) != len(ids):
            raise NotFoundError(tr("Участник не найден", "The attendee was not found"))
        for view in fresh:
            reason = print_warning(view, desk.event, interactive=interactive, confirmed=allowed)
            if reason is not None:
                changes = badge_changes(desk, view.id) if reason is PrintWarning.OUT_OF_DATE else ()
                raise AlreadyPrinted(
                    warning_text(reason, view, desk, changes=changes), view, reason
                )
        records = [
            BadgePrint(
                attendee_id=view.id,
                printed_at=now,
                desk=desk.name,
                operator=desk.operator,
                layout=layout.name,
                printer=printer[:300],
                reprint=bool(view.prints),
                badge_hash=view.badge_hash(desk.event),
            )
            for view in fresh
        ]
        session.add_all(records)
        session.flush()
        nonces: list[str | None] = []
        for view, record in zip(fresh, records, strict=True):
            written = audit.record(
                session,
                desk,
                "reprint_badge" if view.prints else "print_badge",
                entity="badge",
                entity_id=record.id,
                attendee_id=view.id,
                # All a desk without the hub needs to record the print there later.
                after={
                    "layout": layout.name,
                    "printer": printer[:300],
                    "badge_hash": record.badge_hash,
                },
                at=now,
            )
            nonces.append(str(written["nonce"]) if written and written.get("nonce") else None)
        after = load_views(session.connection(), ids)
        return _Claim(fresh, after, tuple(r.id for r in records), tuple(nonces))


def _take_back(desk: Desk, claim: _Claim, failure: BaseException) -> None:
    """The job did not go: its prints are removed, and the failure is audited (with the
    print's nonce: a desk's replica sends it to the hub, which may have had that print)."""
    with desk.db.write() as session:
        session.execute(delete(BadgePrint).where(BadgePrint.id.in_(claim.print_ids)))
        for view, print_id, nonce in zip(claim.before, claim.print_ids, claim.nonces, strict=True):
            audit.record(
                session,
                desk,
                "print_failed",
                entity="badge",
                entity_id=print_id,
                attendee_id=view.id,
                after={"error": type(failure).__name__}
                | ({"print_nonce": nonce} if nonce is not None else {}),
            )


def _queue_take_back(
    desk: Desk, claimed: Sequence[tuple[str, str]], failure: BaseException
) -> None:
    """Prints recorded on the hub for a job that failed, which the hub was lost before it could
    take back: the failure is logged here (the desk's replica) under each print's nonce, and
    the outbox sends it, so the hub takes the print back (kiosk.offline.sync)."""
    with desk.db.write() as session:
        for code, nonce in claimed:
            attendee = find_by_code(session, code)
            audit.record(
                session,
                desk,
                "print_failed",
                entity="badge",
                attendee_id=attendee.id if attendee is not None else None,
                after={"error": type(failure).__name__, "print_nonce": nonce, "code": code},
            )


def slip_info(view: AttendeeView, event: Event) -> BadgeInfo:
    """A kiosk sign-up's confirmation slip: the badge's face with "to pay at the desk"."""
    return replace(
        badge_info(view, event),
        band_label=tr(
            "К ОПЛАТЕ НА СТОЙКЕ: {a}", "TO PAY AT THE DESK: {a}", a=money(view.amount_due)
        ),
        band_color=SLIP_COLOR,
    )


def print_slip(
    desk: Desk,
    view: AttendeeView,
    *,
    printer: str,
    layout: str = DEFAULT_LAYOUT,
    sender: Sender = _default_sender,
    attempt: PrintAttempt | None = None,
) -> str:
    """Print the slip of a sign-up that is still to be paid; returns where it went.

    A slip is not a badge: it is audited but not recorded as a badge print, so the desk
    still prints the real badge on the first check-in after payment. The audit entry is
    written after the job went; a try made again on the kiosk's replica because the hub did not
    answer it (`attempt`) only writes the entry there, the slip is not printed twice.
    """
    from kiosk.badges.layouts import load_layout

    destination = attempt.sent if attempt is not None else None
    if destination is None:
        with deadline.paused():
            pdf = render_badges([slip_info(view, desk.event)], load_layout(layout))
            destination = sender(
                pdf, printer, f"{view.code}-slip", when=desk.event.local_time(desk.now())
            )
        if attempt is not None:
            attempt.sent = destination
    with desk.db.write() as session:
        # By the code: on the replica the person may have another id than on the hub.
        attendee_id = session.scalar(select(Attendee.id).where(Attendee.badge_code == view.code))
        audit.record(
            session,
            desk,
            "print_slip",
            entity="badge",
            attendee_id=attendee_id,
            after={"layout": layout, "printer": printer[:300]},
        )
    return destination
