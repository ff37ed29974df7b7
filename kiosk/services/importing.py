"""Importing registrations into the database: one transaction, never a duplicate person.

The same person (same phone, else same e-mail), in the file or already in the database, is one
attendee; a re-import changes what changed. People the desk has checked in or corrected are
left as the desk made them. A team row of N people is the contact plus N−1 named seats the
desk completes on arrival.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from kiosk import search_index
from kiosk.codes import new_code
from kiosk.config import PARTICIPANT, Event
from kiosk.db import insert_many
from kiosk.i18n import tr
from kiosk.importing.parse import ImportRow, ParseResult, Rejection, parse_table
from kiosk.importing.reader import read_table
from kiosk.models import (
    Attendee,
    AttendeeStatus,
    AuditEntry,
    Base,
    CheckIn,
    PaymentStatus,
    RegistrationGroup,
    Source,
)
from kiosk.search_index import search_columns
from kiosk.services import audit, privacy
from kiosk.services.context import Desk
from kiosk.services.lookup import index_attendee
from kiosk.services.registration import PersonInput, placeholder_member


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    protected: int = 0
    """Rows about people the desk already checked in or corrected: left as they are."""
    teams: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    dry_run: bool = False
    forgotten: int = 0
    """Rows about people who asked to be forgotten: skipped (kiosk.services.privacy)."""

    def as_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged + self.protected,
            "protected": self.protected,
            "rejected": [{"line": r.line, "reason": r.reason} for r in self.rejected],
            "teams": self.teams,
            "dry_run": self.dry_run,
            "forgotten": self.forgotten,
        }


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def import_file(
    desk: Desk, path: str | Path, *, dry_run: bool = False, assume_paid: bool = False
) -> ImportReport:
    """Read, check and import a file; raises ImportFileError when it cannot be read at all."""
    parsed = parse_table(read_table(path), desk.event)
    return import_rows(desk, parsed, dry_run=dry_run, assume_paid=assume_paid)


def import_rows(
    desk: Desk, parsed: ParseResult, *, dry_run: bool = False, assume_paid: bool = False
) -> ImportReport:
    report = ImportReport(rejected=list(parsed.rejected), dry_run=dry_run)
    try:
        with desk.db.write() as session:
            _Importer(session, desk, assume_paid, report).run(parsed.rows)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


class _Importer:
    """One import inside one transaction.

    People already in the database are ORM objects and are updated in place; new people are
    plain rows inserted in bulk at the end (an ORM object each would cost more than the rest
    of the import together).
    """

    def __init__(
        self, session: Session, desk: Desk, assume_paid: bool, report: ImportReport
    ) -> None:
        self.session = session
        self.desk = desk
        self.event: Event = desk.event
        self.assume_paid = assume_paid
        self.report = report
        self.now = desk.now()
        self.by_phone: dict[str, Attendee | dict[str, Any]] = {}
        self.by_email: dict[str, Attendee | dict[str, Any]] = {}
        for attendee in session.scalars(
            select(Attendee).where(Attendee.phone.is_not(None) | Attendee.email.is_not(None))
        ):
            self.remember(attendee, attendee.phone, attendee.email)
        self.checked_in = set(session.scalars(select(CheckIn.attendee_id).distinct()))
        self.forgotten = privacy.ForgottenPeople(session)
        self.new_rows: list[dict[str, Any]] = []
        # Translated once, not three times a row.
        self.labels = (
            tr("Во сколько позвонить", "Call at"),
            tr("Форма", "Form"),
            tr("Дата заявки", "Submitted"),
        )
        self.teams: list[tuple[dict[str, Any], int]] = []
        """(group row, index of its contact in new_rows)"""

    def remember(
        self, record: Attendee | dict[str, Any], phone: str | None, email: str | None
    ) -> None:
        if phone:
            self.by_phone.setdefault(phone, record)
        if email:
            self.by_email.setdefault(email, record)

    def find(self, row: ImportRow) -> Attendee | dict[str, Any] | None:
        if row.phone and row.phone in self.by_phone:
            return self.by_phone[row.phone]
        if row.email and row.email in self.by_email:
            return self.by_email[row.email]
        return None

    def run(self, rows: list[ImportRow]) -> None:
        for row in rows:
            if self.forgotten and self.forgotten.matches(
                row.phone,
                row.email,
                privacy.name_key(row.last_name, row.first_name, row.middle_name),
            ):
                self.report.forgotten += 1
                continue
            found = self.find(row)
            if found is None:
                self.add(row)
            elif isinstance(found, dict):
                self.merge_new(found, row)
            elif found.desk_edited_at is not None or found.id in self.checked_in:
                self.report.protected += 1
            else:
                self.update(found, row)
        self.session.flush()
        self.insert_new()

    # ---- new people --------------------------------------------------------------------------

    def _price(self, tariff_code: str) -> int:
        tariff = self.event.tariff(tariff_code)
        return tariff.price if tariff else 0

    def _paid(self, row: ImportRow) -> bool:
        return row.paid if row.paid is not None else self.assume_paid

    def _money(self, price: int, paid: bool) -> dict[str, Any]:
        if price == 0:
            return {"amount_paid": 0, "amount_due": 0, "payment_status": PaymentStatus.FREE.value}
        if paid:
            return {
                "amount_paid": price,
                "amount_due": 0,
                "payment_status": PaymentStatus.PAID.value,
            }
        return {"amount_paid": 0, "amount_due": price, "payment_status": PaymentStatus.UNPAID.value}

    def _extra(self, row: ImportRow) -> dict[str, Any]:
        extra: dict[str, Any] = dict(row.extra)
        call_at, form, submitted = self.labels
        if row.call_time:
            extra[call_at] = row.call_time
        if row.form:
            extra[form] = row.form
        if row.submitted_at:
            extra[submitted] = row.submitted_at.strftime("%d.%m.%Y %H:%M")
        extra["import_line"] = row.line
        return extra

    def _new_row(self, person: PersonInput, row: ImportRow, *, contact: bool) -> dict[str, Any]:
        price = self._price(row.tariff)
        values: dict[str, Any] = {
            "badge_code": new_code(),
            "last_name": person.last_name,
            "first_name": person.first_name,
            "middle_name": person.middle_name,
            "original_name": row.original_name if contact else "",
            "company": person.company,
            "position": person.position,
            "phone": person.phone,
            "email": person.email,
            "category": PARTICIPANT,
            "tariff": row.tariff,
            "group_id": None,
            "status": AttendeeStatus.ACTIVE.value,
            "price": price,
            "payment_method": None,
            "source": Source.IMPORT.value,
            "consent_at": None,
            "desk_edited_at": None,
            "extra": self._extra(row) if contact else {},
            "created_at": self.now,
            "updated_at": self.now,
            "_line": row.line,
            **self._money(price, self._paid(row)),
        }
        self.new_rows.append(values)
        return values

    def add(self, row: ImportRow) -> None:
        person = PersonInput(
            last_name=row.last_name,
            first_name=row.first_name,
            middle_name=row.middle_name,
            company=row.company,
            position=row.position,
            phone=row.phone,
            email=row.email,
        )
        contact_index = len(self.new_rows)
        contact = self._new_row(person, row, contact=True)
        self.remember(contact, row.phone, row.email)
        if row.team_size:
            group = {
                "name": tr("Команда {n}", "Team of {n}", n=row.last_name),
                "tariff": row.tariff,
                "size": row.team_size,
                "created_at": self.now,
            }
            self.teams.append((group, contact_index))
            contact["_group"] = group
            for number in range(2, row.team_size + 1):
                seat = self._new_row(placeholder_member(number, row.last_name), row, contact=False)
                seat["_group"] = group
            self.report.teams += 1
        self.report.added += 1

    def merge_new(self, values: dict[str, Any], row: ImportRow) -> None:
        """The same person twice in one file: the later row fills in what the first lacked."""
        changed = False
        for name in ("last_name", "first_name", "middle_name", "company", "position", "email"):
            value = getattr(row, name)
            if value and values[name] != value:
                values[name] = value
                changed = True
        self.remember(values, row.phone, row.email)
        if changed:
            self.report.updated += 1
        else:
            self.report.unchanged += 1

    def insert_new(self) -> None:
        if not self.new_rows:
            return
        add_group = insert(_table(RegistrationGroup)).returning(RegistrationGroup.id)
        connection = self.session.connection()
        for group, _contact in self.teams:  # one short statement each, compiled once
            group["id"] = connection.execute(add_group, group).scalar_one()
        lines = []
        for values in self.new_rows:
            lines.append(values.pop("_line"))
            group = values.pop("_group", None)
            values["group_id"] = group["id"] if group else None
            values["last_key"], values["last_latin"], values["search_text"] = search_columns(
                last_name=values["last_name"],
                first_name=values["first_name"],
                middle_name=values["middle_name"],
                company=values["company"],
                email=values["email"],
                phone=values["phone"],
                badge_code=values["badge_code"],
            )
        # A plain executemany; ids are then read back by the (unique) badge codes. RETURNING
        # over many rows costs more here than the whole rest of the import.
        with search_index.bulk_load(self.session.connection()):
            insert_many(self.session, _table(Attendee), self.new_rows)
        codes = [values["badge_code"] for values in self.new_rows]
        by_code: dict[str, int] = {}
        for start in range(0, len(codes), 500):
            chunk = codes[start : start + 500]
            by_code.update(
                self.session.execute(
                    select(Attendee.badge_code, Attendee.id).where(Attendee.badge_code.in_(chunk))
                ).all()
            )
        attendee_ids = [by_code[code] for code in codes]
        if self.teams:
            self.session.execute(
                update(RegistrationGroup),
                [
                    {"id": group["id"], "contact_id": attendee_ids[contact_index]}
                    for group, contact_index in self.teams
                ],
            )
        insert_many(
            self.session,
            _table(AuditEntry),
            [
                {
                    "at": self.now,
                    "action": "import",
                    "entity": "attendee",
                    "entity_id": attendee_id,
                    "attendee_id": attendee_id,
                    "desk": self.desk.name,
                    "operator": self.desk.operator,
                    "before": None,
                    # The row itself holds the values; the log says where they came from.
                    "after": {"code": values["badge_code"], "line": line},
                    "reason": "",
                }
                for attendee_id, values, line in zip(
                    attendee_ids, self.new_rows, lines, strict=True
                )
            ],
        )

    # ---- people already known --------------------------------------------------------------

    def update(self, attendee: Attendee, row: ImportRow) -> None:
        before = audit.snapshot(attendee)
        for name in ("last_name", "first_name", "middle_name", "company", "position", "email"):
            value = getattr(row, name)
            # An empty cell never wipes what is known.
            if value and getattr(attendee, name) != value:
                setattr(attendee, name, value)
        if attendee.category == PARTICIPANT and attendee.tariff != row.tariff:
            paid_in_full = attendee.amount_due == 0 and attendee.price > 0
            attendee.tariff = row.tariff
            attendee.price = self._price(row.tariff)
            paid = row.paid if row.paid is not None else (paid_in_full or self.assume_paid)
            for key, value in self._money(attendee.price, paid).items():
                setattr(attendee, key, value)
        elif row.paid is not None and (attendee.amount_due == 0) != row.paid:
            for key, value in self._money(attendee.price, row.paid).items():
                setattr(attendee, key, value)
        before_changed, after_changed = audit.changed(before, audit.snapshot(attendee))
        self.remember(attendee, attendee.phone, attendee.email)
        if not after_changed:
            self.report.unchanged += 1
            return
        index_attendee(attendee)
        attendee.updated_at = self.now
        audit.record(
            self.session,
            self.desk,
            "import_update",
            entity_id=attendee.id,
            attendee_id=attendee.id,
            before=before_changed,
            after={**after_changed, "line": row.line},
            at=self.now,
        )
        self.report.updated += 1


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)
