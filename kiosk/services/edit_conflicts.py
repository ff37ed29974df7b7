"""Fields two desks changed to different values, one of them without the hub: the latest edit
by the desks' clocks stands and the other is kept in the audit log
(kiosk.services.replay_actions.correction_replay); here they are read back for the organiser —
`kiosk review`, `kiosk show`, the summary, the desk's card — and marked looked at (when, at
which desk, by whom: an entry of the log naming the conflict's), after which they are listed
apart, no longer to review.

They are read from the hub's audit log, which a desk's copy of the event does not hold
(kiosk.offline.replica): there the list is empty."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import Connection, and_, literal, select
from sqlalchemy.orm import Session, aliased

from kiosk import present
from kiosk.config import Event
from kiosk.i18n import tr
from kiosk.models import Attendee, AuditEntry
from kiosk.reports.model import EditConflict, FieldEdit, PersonRef
from kiosk.services import audit
from kiosk.services.context import Desk
from kiosk.services.errors import ValidationError
from kiosk.services.refunds import person_held

__all__ = [
    "AUDIT_ACTION",
    "REVIEW_ACTION",
    "EditConflict",
    "FieldEdit",
    "NothingToReview",
    "conflict_text",
    "field_text",
    "mark_reviewed",
    "person_edit_conflicts",
    "read_edit_conflicts",
    "reviewed_text",
    "settle_by_edit",
]

AUDIT_ACTION: Final = "edit_conflict"
"""The audit action of one field two edits changed to different values: `before` the hub's
value then (`field`, `value`, and the `desk` and `at` of the edit it came from, when known),
`after` the replayed correction's (`field`, `value`, `desk`, `at`, and whether it was
`applied`: it stands, or was superseded by a later edit)."""
REVIEW_ACTION: Final = "review_edit_conflict"
"""The audit action of the organiser's mark that an edit conflict was looked at: its
`entity_id` the conflict's entry."""

_FIELD_TEXT: Final = {
    "last_name": ("фамилия", "surname"),
    "first_name": ("имя", "first name"),
    "middle_name": ("отчество", "patronymic"),
    "company": ("компания", "company"),
    "position": ("должность", "position"),
    "phone": ("телефон", "phone"),
    "email": ("e-mail", "e-mail"),
}


def field_text(name: str) -> str:
    """«компания», «телефон»: a field's name in a sentence."""
    ru, en = _FIELD_TEXT.get(name, (name, name))
    return tr(ru, en)


def person_edit_conflicts(desk: Desk, attendee_id: int) -> tuple[EditConflict, ...]:
    """One person's edit conflicts (`kiosk show`)."""
    with desk.db.read_rows() as connection:
        return read_edit_conflicts(connection, attendee_id=attendee_id)


def read_edit_conflicts(
    connection: Connection, *, attendee_id: int | None = None, reviewed: bool = True
) -> tuple[EditConflict, ...]:
    """Every edit conflict (or one person's; without those looked at unless `reviewed`), in
    the order the hub met them, each with the mark that it was looked at, if any."""
    mark = aliased(AuditEntry)
    # Inline, not bound: the partial indexes of 0015 serve a query that names their action.
    conflict = AuditEntry.action == literal(AUDIT_ACTION, literal_execute=True)
    query = (
        select(
            AuditEntry.id,
            Attendee.id,
            Attendee.badge_code,
            Attendee.last_name,
            Attendee.first_name,
            Attendee.company,
            AuditEntry.at,
            AuditEntry.before,
            AuditEntry.after,
            mark.at,
            mark.desk,
            mark.operator,
            mark.after,
        )
        .join(Attendee, Attendee.id == AuditEntry.attendee_id)
        .outerjoin(
            mark,
            and_(
                mark.action == literal(REVIEW_ACTION, literal_execute=True),
                mark.entity_id == AuditEntry.id,
            ),
        )
        .where(conflict, Attendee.forgotten_at.is_(None))
        .order_by(AuditEntry.id)
    )
    if attendee_id is not None:
        query = query.where(AuditEntry.attendee_id == attendee_id)
    if not reviewed:
        query = query.where(mark.id.is_(None))
    found: dict[int, EditConflict] = {}
    for (
        entry_id,
        person_id,
        code,
        last,
        first,
        company,
        at,
        before,
        after,
        marked_at,
        marked_desk,
        marked_by,
        marked,
    ) in connection.execute(query):
        if entry_id in found:
            continue  # marked twice (two organisers at once): the first mark stands
        hub, desk = _edit(before), _edit(after)
        applied = bool((after or {}).get("applied"))
        found[entry_id] = EditConflict(
            PersonRef(person_id, code, " ".join(p for p in (last, first) if p), company),
            str((after or {}).get("field") or ""),
            stands=desk if applied else hub,
            superseded=hub if applied else desk,
            found_at=at,
            entry_id=entry_id,
            reviewed_at=marked_at,  # aware already (kiosk.models.UTCDateTime)
            reviewed_desk=marked_desk or "",
            reviewed_by=marked_by or "",
            settled_by_edit=bool((marked or {}).get("settled_by_edit")),
        )
    return tuple(found.values())


def settle_by_edit(session: Session, desk: Desk, attendee_id: int, fields: Iterable[str]) -> int:
    """A person's field corrected again at a desk on the hub: its edit conflicts still to
    review are settled by it — marked reviewed, saying so (the organiser has nothing left to
    look at: someone chose the value since). Returns how many."""
    fields = set(fields)
    settled = [
        c
        for c in read_edit_conflicts(session.connection(), attendee_id=attendee_id, reviewed=False)
        if c.field in fields
    ]
    _mark(session, desk, attendee_id, settled, desk.now(), settled_by_edit=True)
    return len(settled)


def _mark(
    session: Session,
    desk: Desk,
    attendee_id: int,
    conflicts: Iterable[EditConflict],
    now: datetime,
    *,
    settled_by_edit: bool = False,
) -> None:
    """An entry of the log per conflict, naming it: looked at (or settled by a later edit)."""
    settled = {"settled_by_edit": True} if settled_by_edit else {}
    for conflict in conflicts:
        audit.record(
            session,
            desk,
            REVIEW_ACTION,
            entity="audit_entry",
            entity_id=conflict.entry_id,
            attendee_id=attendee_id,
            before={"reviewed_at": None},
            after={"field": conflict.field, "reviewed_at": now, **settled},
            at=now,
        )


def mark_reviewed(desk: Desk, code: str) -> tuple[EditConflict, ...]:
    """Mark the edit conflicts of the person with `code` still to review as looked at (one
    transaction; an entry of the log per conflict, naming it); returns them, marked. Nothing
    to review — none, or all looked at already (by whom and when) — is refused with a
    sentence. The hub's work: a desk's copy does not hold the log."""
    with desk.db.write() as session:
        person = person_held(session, code)
        connection = session.connection()
        every = read_edit_conflicts(connection, attendee_id=person.id)
        to_review = [c for c in every if c.reviewed_at is None]
        name = " ".join(p for p in (person.last_name, person.first_name) if p)
        if not to_review:
            raise _nothing_to_review(desk, name, every)
        now = desk.now()
        _mark(session, desk, person.id, to_review, now)
        return tuple(
            replace(c, reviewed_at=now, reviewed_desk=desk.name, reviewed_by=desk.operator)
            for c in to_review
        )


class NothingToReview(ValidationError):
    """No edit conflict of the person is left to review; `already`: there were, all marked."""

    already: bool = False


def _nothing_to_review(desk: Desk, name: str, every: tuple[EditConflict, ...]) -> NothingToReview:
    if every:
        last = max(every, key=lambda c: c.reviewed_at or c.found_at)
        assert last.reviewed_at is not None
        who = ", ".join(p for p in (last.reviewed_desk, last.reviewed_by) if p)
        when = present.local_day_time(desk.event, last.reviewed_at)
        error = NothingToReview(
            tr(
                "{name}: изменения на двух стойках уже решены — поле исправили снова ({when}, "
                "{who})",
                "{name}: the changes made at two desks are settled already — the field was "
                "corrected again ({when}, {who})",
                name=name,
                when=when,
                who=who or "—",
            )
            if last.settled_by_edit
            else tr(
                "{name}: изменения на двух стойках уже проверены ({when}, {who})",
                "{name}: the changes made at two desks were reviewed already ({when}, {who})",
                name=name,
                when=when,
                who=who or "—",
            ),
            "code",
        )
        error.already = True
        return error
    return NothingToReview(
        tr(
            "{name}: проверять нечего — одно поле на двух стойках не меняли",
            "{name}: nothing to review — no field was changed at two desks",
            name=name,
        ),
        "code",
    )


def _edit(values: dict[str, Any] | None) -> FieldEdit:
    values = values or {}
    value = values.get("value")
    return FieldEdit(
        None if value is None else str(value),
        str(values.get("desk") or ""),
        parse_moment(values.get("at")),
    )


def parse_moment(value: Any) -> datetime | None:
    """A moment the log keeps as text (ISO 8601), aware; None for none."""
    if not value:
        return None
    moment = datetime.fromisoformat(str(value))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def conflict_text(event: Event, conflict: EditConflict) -> str:
    """«компания: осталось «Бета» (стойка-2, 28.11 09:14), не «Альфа» (стойка-1, 28.11
    09:07)»: the value that stands (the later edit) and the one that does not."""
    return tr(
        "{f}: осталось {s}, не {o}",
        "{f}: kept {s}, not {o}",
        f=field_text(conflict.field),
        s=_field_edit_text(event, conflict.stands),
        o=_field_edit_text(event, conflict.superseded),
    )


def _field_edit_text(event: Event, edit: FieldEdit) -> str:
    where = ", ".join(
        part
        for part in (edit.desk, present.local_day_time(event, edit.at) if edit.at else "")
        if part
    )
    value = f"«{edit.value}»" if edit.value else tr("пусто", "empty")
    return f"{value} ({where})" if where else value


def reviewed_text(event: Event, conflict: EditConflict) -> str:
    """«проверено 28.11 10:05, стойка-1, anna» («исправлено снова …» when a later correction
    settled it); "" for one still to review."""
    if conflict.reviewed_at is None:
        return ""
    said = (
        ("исправлено снова {when}, {who}", "corrected again {when}, {who}")
        if conflict.settled_by_edit
        else ("проверено {when}, {who}", "reviewed {when}, {who}")
    )
    who = ", ".join(p for p in (conflict.reviewed_desk, conflict.reviewed_by) if p)
    return tr(*said, when=present.local_day_time(event, conflict.reviewed_at), who=who or "—")
