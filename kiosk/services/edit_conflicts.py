"""Fields two desks changed to different values, one of them without the hub: the latest edit
by the desks' clocks stands and the other is kept in the audit log
(kiosk.services.replay_actions.correction_replay); here they are read back for the organiser —
`kiosk review`, `kiosk show`.

They are read from the hub's audit log, which a desk's copy of the event does not hold
(kiosk.offline.replica): there the list is empty."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import Connection, select

from kiosk import present
from kiosk.config import Event
from kiosk.i18n import tr
from kiosk.models import Attendee, AuditEntry
from kiosk.reports.model import PersonRef
from kiosk.services.context import Desk

AUDIT_ACTION: Final = "edit_conflict"
"""The audit action of one field two edits changed to different values: `before` the hub's
value then (`field`, `value`, and the `desk` and `at` of the edit it came from, when known),
`after` the replayed correction's (`field`, `value`, `desk`, `at`, and whether it was
`applied`: it stands, or was superseded by a later edit)."""

_FIELD_TEXT: Final = {
    "last_name": ("фамилия", "surname"),
    "first_name": ("имя", "first name"),
    "middle_name": ("отчество", "patronymic"),
    "company": ("компания", "company"),
    "position": ("должность", "position"),
    "phone": ("телефон", "phone"),
    "email": ("e-mail", "e-mail"),
}


@dataclass(frozen=True)
class FieldEdit:
    """One of the two values: which desk wrote it and when (by its clock); "" and None when
    not known (a value that came from an import)."""

    value: str | None
    desk: str
    at: datetime | None


@dataclass(frozen=True)
class EditConflict:
    person: PersonRef
    field: str
    """The person's field (kiosk.services.registration.EDITABLE)."""
    stands: FieldEdit
    """The later edit: its value is the one the hub kept."""
    superseded: FieldEdit
    """The earlier edit, overwritten or never applied: kept here and in the audit log."""
    found_at: datetime
    """When the hub met the second edit (the replay's time)."""


def field_text(name: str) -> str:
    """«компания», «телефон»: a field's name in a sentence."""
    ru, en = _FIELD_TEXT.get(name, (name, name))
    return tr(ru, en)


def person_edit_conflicts(desk: Desk, attendee_id: int) -> tuple[EditConflict, ...]:
    """One person's edit conflicts (`kiosk show`)."""
    with desk.db.read_rows() as connection:
        return read_edit_conflicts(connection, attendee_id=attendee_id)


def read_edit_conflicts(
    connection: Connection, *, attendee_id: int | None = None
) -> tuple[EditConflict, ...]:
    """Every edit conflict (or one person's), in the order the hub met them."""
    query = (
        select(
            Attendee.id,
            Attendee.badge_code,
            Attendee.last_name,
            Attendee.first_name,
            Attendee.company,
            AuditEntry.at,
            AuditEntry.before,
            AuditEntry.after,
        )
        .join(Attendee, Attendee.id == AuditEntry.attendee_id)
        .where(AuditEntry.action == AUDIT_ACTION)
        .order_by(AuditEntry.id)
    )
    if attendee_id is not None:
        query = query.where(AuditEntry.attendee_id == attendee_id)
    found: list[EditConflict] = []
    for person_id, code, last, first, company, at, before, after in connection.execute(query):
        hub, desk = _edit(before), _edit(after)
        applied = bool((after or {}).get("applied"))
        found.append(
            EditConflict(
                PersonRef(person_id, code, " ".join(p for p in (last, first) if p), company),
                str((after or {}).get("field") or ""),
                stands=desk if applied else hub,
                superseded=hub if applied else desk,
                found_at=at,
            )
        )
    return tuple(found)


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
