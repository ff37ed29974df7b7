"""Importing registrations into the database: one transaction, one attendee per person.

A row with a badge code (the desk's own export) is that attendee. Otherwise a row is the person
already known (in the file or the database) with the same phone (or one of the numbers kept
besides it), else the same e-mail, whose name agrees (`kiosk.importing.identity`); a person
with neither phone nor e-mail is known by name and company (a missing company agrees). The
same phone or e-mail under a name that does not agree is someone else (an office phone, a
team's address): both are kept, linked and marked for review, and the report says so. A row
that agrees with several such people and does not tell which is rejected, naming them. A
re-import changes what changed and counts only real changes; a person twice in one file is
already as the later row says, and a row sent before the one a person was last taken from
changes nothing. People the desk has checked in or corrected are left as the desk made them.
A team row of N people is the contact plus N−1 named seats the desk completes on arrival (or
the team's other rows in the desk's own export take them); a later file with more people adds
seats, one with fewer removes none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Any, Final, Literal, cast

from sqlalchemy import Table, func, insert, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk import search_index
from kiosk.codes import new_code
from kiosk.config import PARTICIPANT, Event
from kiosk.db import insert_many, insert_stored, next_sqlite_id, stored_rows
from kiosk.i18n import tr
from kiosk.importing.identity import companies_agree, company_key, name_key, names_agree
from kiosk.importing.parse import (
    ImportRow,
    NamedTariff,
    ParseResult,
    Rejection,
    RowWarning,
    parse_tables,
)
from kiosk.importing.reader import SkippedSheet, read_tables
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
from kiosk.phones import OTHER_PHONES, format_phone, kept_phones
from kiosk.search_index import search_columns
from kiosk.services import audit, contacts, privacy, staging
from kiosk.services.context import Desk
from kiosk.services.errors import ValidationError
from kiosk.services.lookup import index_attendee, index_new_people, index_unindexed_people
from kiosk.services.progress import Progress
from kiosk.services.registration import (
    PersonInput,
    placeholder_member,
    team_contact_name,
    team_name,
)
from kiosk.text import latin_fold

Contact = Literal["phone", "email"]
_Record = Attendee | dict[str, Any]
"""A person of this import: an attendee already in the database, or a new row to insert."""
_NAMES = ("last_name", "first_name", "middle_name")
_PARTS: Final = re.compile(r"[\s\-‐‑–—]+")
"""Between the halves of a double surname: «Иванова-Петрова», «Римский Корсаков»."""


class Stage(StrEnum):
    """Where an import is (`kiosk.services.progress.Progress.at`)."""

    READING = "reading"
    """The file read and its rows checked."""
    KNOWN = "known"
    """The people on file read, to match the rows against: counted in people (those with a
    phone or an e-mail are read one by one, the others at once, at the end)."""
    MATCHING = "matching"
    """Rows matched and their changes decided: counted in rows."""
    WRITING = "writing"
    """New people written, seen by nobody yet: counted in people."""
    SHOWING = "showing"
    """The last transaction: everything shown at once. It is not stopped once begun."""
    AGAIN = "again"
    """Another desk changed what the plan rests on: what was written is taken away, and the
    import is planned again."""
    UNDOING = "undoing"
    """What the import wrote in steps taken away (stopped, failed, or to plan again): counted
    in people."""


PROGRESS_ROWS: Final = 250
"""Rows matched between two reports of how far an import has got."""
PROGRESS_KNOWN: Final = 2000
"""People on file read between two reports."""


@dataclass(frozen=True)
class KeptApart:
    """A row whose phone or e-mail someone else already has, under a name that does not agree:
    two people, both kept, linked as sharing it."""

    line: int
    sheet: str
    name: str
    other_name: str
    kind: Contact
    value: str


@dataclass(frozen=True)
class NameGuess:
    """A new person whose surname and first name could not be told apart from the words."""

    line: int
    sheet: str
    original: str
    last_name: str
    first_name: str
    code: str
    """The new attendee's badge code, to swap the names by."""


@dataclass(frozen=True)
class SmallerTeam:
    """A team the file gives fewer people than it has seats: no seat is removed (someone may
    have come on it, or been named at the desk); the organiser decides."""

    line: int
    sheet: str
    name: str
    """The team's contact."""
    seats: int
    size: int
    """The team's size in the file."""
    arrived: int
    """Seats of the team already checked in."""


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    protected: int = 0
    """Rows about people the desk already checked in or corrected: left as they are."""
    teams: int = 0
    seats_added: int = 0
    """Seats added to teams already on file whose size the file raised."""
    people_added: int = 0
    """New people in all: the rows added, and the unnamed seats of the teams (new or grown)
    that the desk completes on arrival."""
    smaller_teams: list[SmallerTeam] = field(default_factory=list)
    older: int = 0
    """Rows about someone already on file sent before the row the person was last updated from
    (an older file imported after a newer one): counted unchanged, nothing taken from them."""
    matched_by_name: int = 0
    """Rows with neither phone nor e-mail found to be someone already known, by name."""
    kept_tariffs: int = 0
    """People already on file whose tariff differs from the one a row took from the file's or
    sheet's name or the import's choice: they keep their own."""
    kept_apart: list[KeptApart] = field(default_factory=list)
    name_guesses: list[NameGuess] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)
    without_tariff: int = 0
    """Rejected rows that only lack a tariff: importing with a chosen tariff takes them in."""
    named_tariffs: list[NamedTariff] = field(default_factory=list)
    skipped_sheets: list[SkippedSheet] = field(default_factory=list)
    dry_run: bool = False
    forgotten: int = 0
    """Rows about people who asked to be forgotten: skipped (kiosk.services.privacy)."""
    forgotten_contacts: int = 0
    """Rows of someone else with the phone or e-mail of a forgotten person: taken in, with a
    warning each."""

    def as_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged + self.protected,
            "protected": self.protected,
            "older": self.older,
            "matched_by_name": self.matched_by_name,
            "kept_tariffs": self.kept_tariffs,
            "kept_apart": [
                {
                    "line": k.line,
                    "sheet": k.sheet,
                    "name": k.name,
                    "other_name": k.other_name,
                    "shared": k.kind,
                    "value": k.value,
                }
                for k in self.kept_apart
            ],
            "name_guesses": [
                {
                    "line": g.line,
                    "sheet": g.sheet,
                    "original": g.original,
                    "last_name": g.last_name,
                    "first_name": g.first_name,
                    "code": g.code,
                }
                for g in self.name_guesses
            ],
            "rejected": [
                {"line": r.line, "reason": r.reason, **({"sheet": r.sheet} if r.sheet else {})}
                for r in self.rejected
            ],
            "warnings": [
                {"line": w.line, "message": w.message, **({"sheet": w.sheet} if w.sheet else {})}
                for w in self.warnings
            ],
            "without_tariff": self.without_tariff,
            "named_tariffs": [
                {"source": n.source, "name": n.name, "tariff": n.tariff, "rows": n.rows}
                for n in self.named_tariffs
            ],
            "skipped_sheets": [{"sheet": s.sheet, "reason": s.reason} for s in self.skipped_sheets],
            "teams": self.teams,
            "seats_added": self.seats_added,
            "people_added": self.people_added,
            "smaller_teams": [
                {
                    "line": t.line,
                    "sheet": t.sheet,
                    "name": t.name,
                    "seats": t.seats,
                    "size": t.size,
                    "arrived": t.arrived,
                }
                for t in self.smaller_teams
            ],
            "dry_run": self.dry_run,
            "forgotten": self.forgotten,
            "forgotten_contacts": self.forgotten_contacts,
        }


def import_file(
    desk: Desk,
    path: str | Path,
    *,
    dry_run: bool = False,
    assume_paid: bool = False,
    tariff: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Read, check and import a file; raises ImportFileError when it cannot be read at all.

    `tariff` (a tariff's code) goes to every row that names none, neither itself nor by its
    worksheet's or file's name. Such a tariff, like one from a sheet's or file's name, is for
    the people the import adds: someone already on file keeps the tariff the desk knows.

    `progress` hears how far the import has got (`Stage`), and may stop it until its last
    transaction: it then raises `kiosk.services.progress.Stopped`, and nothing was written.
    """
    if tariff is not None and desk.event.tariff(tariff) is None:
        raise ValidationError(
            tr(
                "Нет тарифа «{t}». Есть: {all}",
                'There is no tariff "{t}". Available: {all}',
                t=tariff[:40],
                all=", ".join(t.code for t in desk.event.tariffs),
            ),
            "tariff",
        )
    progress = progress or Progress()
    progress.at(Stage.READING)
    found = read_tables(path)
    parsed = parse_tables(found.tables, desk.event, default_tariff=tariff)
    report = import_rows(desk, parsed, dry_run=dry_run, assume_paid=assume_paid, progress=progress)
    report.skipped_sheets = list(found.skipped)
    return report


def import_rows(
    desk: Desk,
    parsed: ParseResult,
    *,
    dry_run: bool = False,
    assume_paid: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    progress = progress or Progress()

    def fresh() -> ImportReport:
        return ImportReport(
            rejected=list(parsed.rejected),
            warnings=list(parsed.warnings),
            without_tariff=parsed.without_tariff,
            named_tariffs=list(parsed.named_tariffs),
            dry_run=dry_run,
        )

    if dry_run:
        # Decided on a read, as a real import's plan is: nothing written, no lock held (the
        # desk's import dialog makes one of these as it opens).
        dry = fresh()
        with desk.db.read() as session:
            importer = _Importer(session, desk, assume_paid, dry, progress)
            with session.no_autoflush:
                importer.plan(parsed.rows)
                importer.finish_updates(record=False)
        return dry
    if desk.db.engine.dialect.name == "sqlite":
        staging.undo_abandoned_imports(desk)
        index_unindexed_people(desk)
        for _attempt in range(PLAN_ATTEMPTS):
            planned = _planned_then_written(desk, parsed.rows, assume_paid, fresh(), progress)
            if planned is not None:
                return planned
    report = fresh()
    with desk.db.write() as session:
        importer = _Importer(session, desk, assume_paid, report, progress)
        importer.plan(parsed.rows)
        with progress.unstoppable():
            progress.at(Stage.SHOWING)
            importer.write()
            progress.finished()  # from here on only its commit is left
    return report


def holds_the_writers(desk: Desk) -> bool:
    """Whether an import holds every other write to the database until it ends: on SQLite,
    where it cannot be written in steps (no `flock`, kiosk.services.staging). Elsewhere other
    writes go on during it (on PostgreSQL, all but those of the people it changes)."""
    return desk.db.engine.dialect.name == "sqlite" and not staging.supported(desk)


PLAN_ATTEMPTS: Final = 2
"""Imports planned on a read and written in a short transaction before one is done as a whole
under the write lock (when other desks changed the people the file is about meanwhile)."""

_UNRELATED_ACTIONS: Final = frozenset(
    {
        "check_in",
        "undo_check_in",
        "offline_duplicate_counted",  # an admission set aside counted in an undone one's place
        "payment",
        "double_payment",
        "refund",
        "upgrade",
        "print_badge",
        "reprint_badge",
        "print_failed",
        "print_slip",
        "refused_scan",  # of an unknown code too (no person)
    }
)
"""What other desks do that changes nothing an import decides, unless it is about one of the
people the file matched: a check-in of someone else does not make the plan stale."""

_THE_DESK_HAS_THEM: Final = frozenset(
    {
        "check_in",
        "payment",
        "double_payment",
        "refund",
        "upgrade",
        "edit",
        "swap_names",
        "review_edit_conflict",
        "review_offline_duplicate",
    }
)
"""What a desk does to one of the people the file matched, while the import runs, after which
the import leaves them as the desk has them (`_Importer.leave_arrived`), as its plan leaves
those checked in or corrected at a desk before it."""

_NOTHING_AN_IMPORT_WRITES: Final = frozenset(
    {"print_badge", "reprint_badge", "print_failed", "print_slip", "undo_check_in", "refused_scan"}
)
"""What desks do to a person that changes nothing an import writes or decides by: the plan
stands (someone checked in when it was made, and since taken back, stays as the desk had
them, as the plan decided)."""


def _planned_then_written(
    desk: Desk, rows: list[ImportRow], assume_paid: bool, report: ImportReport, progress: Progress
) -> ImportReport | None:
    """An import whose reading and deciding (nearly all of its time) holds no lock, so that the
    other desks' check-ins go on during it (SQLite has one writer at a time).

    The rows are matched and the changes decided on a read, outside any write transaction.
    The new people are then written in short steps, seen by nobody yet (kiosk.services
    .staging). Then, in one short write transaction, unless the audit log shows that someone
    changed what the plan rests on in the meantime (a new person, a correction, a check-in or
    a forgetting of a person the file matched), the rest of the plan is written — the updated
    people, the new ones' links and log entries — and the new people are shown: all of it or
    nothing, as before. None when the plan went stale (or a new badge code met one made
    meanwhile): what was written is taken away, and the caller plans again.
    """
    in_steps = staging.supported(desk)
    with desk.db.read() as session:
        since = session.scalar(select(func.max(AuditEntry.id))) or 0
        importer = _Importer(session, desk, assume_paid, report, progress)
        importer.index_later = desk.db.fts and not in_steps
        with session.no_autoflush:
            importer.plan(rows)
        importer.stage_new()
        session.expunge_all()  # kept with their changes, to be written by the write session
    batch = (
        staging.Batch(
            desk, partial(progress.at, Stage.WRITING), partial(progress.note, Stage.UNDOING)
        )
        if in_steps and importer.staged is not None
        else None
    )
    shown = False
    try:
        if batch is not None:
            importer.write_in_steps(batch)
        with progress.unstoppable(), desk.db.write() as session:
            progress.at(Stage.SHOWING)
            arrived = _arrived_meanwhile(session, since, importer.matched, importer.would_meet)
            if arrived is None:
                progress.at(Stage.AGAIN)  # while what was written is taken away
                return None
            importer.session = session
            importer.leave_arrived(arrived)
            for touched in importer.touched.values():
                if inspect(touched.attendee).modified:  # (most of a re-import's are not)
                    session.add(touched.attendee)
            connection = session.connection()
            cache = connection.exec_driver_sql("PRAGMA cache_size").scalar()
            connection.exec_driver_sql(f"PRAGMA cache_size = -{CACHE_KIB_WRITING}")
            try:
                importer.write()
            finally:
                connection.exec_driver_sql(f"PRAGMA cache_size = {int(cache or -2000)}")
            progress.finished()  # from here on only its commit is left
        shown = True
    except (IntegrityError, staging.NotAllThere):
        progress.at(Stage.AGAIN)
        return None
    finally:
        if batch is not None:
            try:
                if not shown:
                    batch.undo()
            finally:
                batch.release()
    index_new_people(desk, [(importer.new_ids[code], text) for code, text in importer.search_texts])
    return report


def _arrived_meanwhile(
    session: Session,
    since: int,
    matched: set[int],
    would_meet: Callable[[Session, Sequence[int]], bool],
) -> set[int] | None:
    """None when anything written after audit entry `since` may change what was planned;
    else the people the file matched whom a desk checked in, took a payment from or corrected
    meanwhile (`_THE_DESK_HAS_THEM`, left as the desk has them: `_Importer.leave_arrived`).

    Those do not make the plan stale: a re-import of an updated export comes while the desks
    check in (and take payment from) the very people it names, and planned again and again it
    ended under the write lock as a whole, holding every desk for as long as it took (8–10 s
    at 50 000 people). Nor do walk-ins registered meanwhile whom the plan's matching would not
    have met (`would_meet`: no phone, e-mail or, with neither, name of theirs is one the rows
    were matched by): at a busy entrance a large import met one every time, and planned
    twice, was written whole under the write lock."""
    later = session.execute(
        select(AuditEntry.action, AuditEntry.attendee_id).where(AuditEntry.id > since)
    )
    arrived: set[int] = set()
    registered: list[int] = []
    for action, attendee_id in later:
        if attendee_id not in matched:
            if action == "register" and attendee_id is not None:
                registered.append(attendee_id)
            elif action not in _UNRELATED_ACTIONS:
                return None
        elif action in _THE_DESK_HAS_THEM:
            arrived.add(attendee_id)
        elif action not in _NOTHING_AN_IMPORT_WRITES:
            return None
    if registered and would_meet(session, registered):
        return None
    return arrived


def _nameless(row: ImportRow) -> Rejection:
    """A row of a file with no name column, or with no name in its name cell (a phone typed
    there), about someone the desk does not know."""
    if row.not_a_name:
        return Rejection(
            row.line,
            tr(
                "в столбце имени «{v}» — это не имя, а человека с этим телефоном или e-mail "
                "нет в базе: без имени не добавлен (впишите имя и импортируйте снова)",
                'the name column holds "{v}", which is not a name, and nobody with this phone '
                "or e-mail is on file: not added without a name (type the name and import again)",
                v=row.not_a_name[:40],
            ),
            row.sheet,
        )
    return Rejection(
        row.line,
        tr(
            "в файле не найден столбец с именем, а человека с этим телефоном или e-mail нет "
            "в базе: без имени не добавлен (назовите столбец с именем «ФИО» и импортируйте "
            "снова)",
            "the file has no name column and nobody with this phone or e-mail is on file: "
            'not added without a name (name the column "ФИО" or "Full name" and import again)',
        ),
        row.sheet,
    )


def _value(record: _Record, name: str) -> Any:
    return record[name] if isinstance(record, dict) else getattr(record, name)


def _phones(record: _Record) -> tuple[str, ...]:
    """The person's phone and the other numbers an import kept for them (E.164)."""
    phone = _value(record, "phone")
    kept = kept_phones(_value(record, "extra"))
    return (phone, *kept) if phone else kept


def _full_name(record: _Record) -> str:
    return " ".join(p for p in (_value(record, "last_name"), _value(record, "first_name")) if p)


def _agree(record: _Record, last_name: str, first_name: str) -> bool:
    return names_agree(
        _value(record, "last_name"), _value(record, "first_name"), last_name, first_name
    )


def _better(known: str, given: str, *, name: bool = False) -> str:
    """What to keep of a value the file gives for one already known: an empty cell or an
    initial («И.» for «Иван») never replaces it, nor does the same text in another case or
    another spelling ("Smirnov" for «Смирнов»), nor (in a `name`) one half of a double name."""
    if not given or given == known:
        return known
    letters = given.replace(".", "").strip()
    if len(letters) == 1 and known[:1].casefold() == letters.casefold():
        return known
    if known and latin_fold(given) == latin_fold(known):
        return known
    parts = _PARTS.split(known)
    if name and len(parts) > 1 and any(latin_fold(given) == latin_fold(part) for part in parts):
        return known  # a half of a double surname («Иванова» for «Иванова-Петрова»)
    return given


def _with_other_phone(
    extra: dict[str, Any] | None, phone: str, label: str
) -> dict[str, Any] | None:
    """The extra data with this phone added to the phones kept besides the phone; None when it
    is there already."""
    if phone in kept_phones(extra):
        return None
    kept = str((extra or {}).get(label, ""))
    shown = format_phone(phone)
    return {**(extra or {}), label: f"{kept}, {shown}" if kept else shown}


_KEPT_TIME: Final = re.compile(r"(\d\d)\.(\d\d)\.(\d{4}) (\d\d):(\d\d)")
SUBMITTED: Final = ("Дата заявки", "Submitted")
"""The label (Russian, English) under which an import keeps when a row was sent."""


def _submitted(extra: dict[str, Any] | None) -> datetime | None:
    """When the row a person was last taken from was sent, as the import kept it."""
    for label in SUBMITTED:
        value = (extra or {}).get(label)
        if isinstance(value, str):
            # As `_extra` writes it, read without strptime (a re-import reads it per person).
            match = _KEPT_TIME.fullmatch(value)
            if match is None:
                return None  # a time that could not be read, kept as text
            day, month, year, hour, minute = map(int, match.groups())
            try:
                return datetime(year, month, day, hour, minute)
            except ValueError:
                return None
    return None


def _given(record: _Record, row: ImportRow, name: str) -> str:
    """What the row gives for this field of this person: a surname and first name that are the
    known ones the other way round («Smith John» for John Smith) are taken in the known order,
    so that files in either order do not swap them back and forth."""
    if name in ("last_name", "first_name") and row.last_name != row.first_name:
        known = latin_fold(_value(record, "first_name")), latin_fold(_value(record, "last_name"))
        if (latin_fold(row.last_name), latin_fold(row.first_name)) == known:
            return row.first_name if name == "last_name" else row.last_name
    value: str = getattr(row, name)
    return value


def _fields(row: ImportRow) -> tuple[str, ...]:
    """The text fields a row may change: a row without a name (only a phone) leaves the name."""
    if row.original_name:
        return (*_NAMES, "company", "position")
    return ("company", "position")


@dataclass
class _Staged:
    """The new people of an import as SQLite stores them, made while planning (outside the
    write lock): the write transaction only numbers them and hands them to SQLite."""

    names: list[str]
    """The attendee columns of `people`, without id and group_id."""
    people: list[tuple[Any, ...]]
    group_of: list[tuple[bool, int] | None]
    """Each person's team: (True, an index into `groups`) for a team this import makes, (False,
    its id) for a team of the database that grew."""
    group_names: list[str]
    groups: list[tuple[Any, ...]]
    contacts: list[int]
    """Each team's contact: an index into `people`."""
    codes: list[str]
    audit: list[tuple[Any, Any]]
    """(time, what the log says) of each person's «import» entry, as stored."""


CACHE_KIB_WRITING: Final = 65_536
"""SQLite's page cache while an import writes its people (the default is 2 MB): with the
default, inserting 40 000 people into the attendees' seven indexes spilled pages all along
and took 4–5 times as long — all of it under the write lock the other desks wait for."""


@dataclass
class _TeamInFile:
    """A team of the database whose contact the file gives with a team size."""

    contact: Attendee
    size: int
    tariff: str
    members: int
    """Its seats, with those this import adds."""
    largest: int = 0
    """The largest size a row of the file gives."""
    line: int = 0
    sheet: str = ""


@dataclass
class _Touched:
    """An attendee of the database that rows of this file are about."""

    attendee: Attendee
    before: dict[str, Any]
    lines: list[int]
    change: tuple[dict[str, Any], dict[str, Any]] | None = None
    """What the file changed of them, (before, after), once the plan is made; None: nothing."""


class _Ambiguous(Exception):
    """A row whose name agrees with several people of one phone, e-mail or name: updating
    either could be the wrong person."""

    def __init__(self, kind: Contact | Literal["name"], people: list[_Record]) -> None:
        super().__init__(kind)
        self.kind = kind
        self.people = people

    def rejection(self, row: ImportRow) -> Rejection:
        who = ", ".join(
            f"{_full_name(p)} ({_value(p, 'badge_code')})" for p in self.people[:MAX_NAMED]
        )
        if len(self.people) > MAX_NAMED:
            who += ", …"
        if self.kind == "name":
            reason = tr(
                "подходит к нескольким людям с этим именем: {who} — укажите компанию, "
                "телефон или e-mail",
                "matches several people with this name: {who} — give the company, phone or e-mail",
                who=who,
            )
        elif self.kind == "phone":
            reason = tr(
                "подходит к нескольким людям с этим телефоном: {who} — уточните имя",
                "matches several people with this phone: {who} — give the full name",
                who=who,
            )
        else:
            reason = tr(
                "подходит к нескольким людям с этим e-mail: {who} — уточните имя",
                "matches several people with this e-mail: {who} — give the full name",
                who=who,
            )
        return Rejection(row.line, reason, row.sheet)


MAX_NAMED: Final = 5
"""The people an ambiguous row's rejection names."""


def _singled_out(people: list[_Record], row: ImportRow) -> _Record | None:
    """Which of several people whose names agree with the row's the row means, if it tells:
    the only one with both its phone and its e-mail, else the only one with its whole name."""
    both = [
        p
        for p in people
        if row.phone and row.email and _value(p, "email") == row.email and row.phone in _phones(p)
    ]
    if len(both) == 1:
        return both[0]
    typed = {latin_fold(row.last_name), latin_fold(row.first_name)}
    whole = [
        p
        for p in people
        if {latin_fold(_value(p, "last_name")), latin_fold(_value(p, "first_name"))} == typed
    ]
    return whole[0] if len(whole) == 1 else None


class _Importer:
    """One import inside one transaction.

    People already in the database are ORM objects and are updated in place; new people are
    plain rows inserted in bulk at the end (an ORM object each would cost more than the rest
    of the import together). Whether an attendee changed is decided once all the rows about
    them are in, against what they were before, so a person listed twice in a file is not an
    update on each re-import.
    """

    def __init__(
        self,
        session: Session,
        desk: Desk,
        assume_paid: bool,
        report: ImportReport,
        progress: Progress,
    ) -> None:
        self.progress = progress
        self.session = session
        self.desk = desk
        self.event: Event = desk.event
        self.assume_paid = assume_paid
        self.report = report
        self.now = desk.now()
        self.by_phone: dict[str, list[_Record]] = {}
        self.by_email: dict[str, list[_Record]] = {}
        self.by_name: dict[str, list[_Record | int]] = {}
        """People with neither phone nor e-mail, by `name_key`; those of the database by id
        until met."""
        self.companies: dict[int, str] = {}
        """The companies of the people of `by_name` not met yet, by id."""
        # Told in steps, and stoppable between them: 15–20 s at 250 000 people.
        known = session.scalar(select(func.count()).select_from(Attendee)) or 0
        progress.at(Stage.KNOWN, 0, known)
        for number, attendee in enumerate(
            session.scalars(
                select(Attendee)
                .where(Attendee.phone.is_not(None) | Attendee.email.is_not(None))
                # Made as they come, not all before the first: the count moves.
                .execution_options(yield_per=PROGRESS_KNOWN)
            )
        ):
            if number and number % PROGRESS_KNOWN == 0:
                progress.at(Stage.KNOWN, number, known)
            self.remember(attendee)
        a = Attendee.__table__.c
        for attendee_id, *parts in session.execute(
            select(a.id, a.last_name, a.first_name, a.middle_name, a.company)
            .where(a.phone.is_(None), a.email.is_(None))
            .order_by(a.id)
        ):
            *name, company = parts
            key = name_key(*name)
            if key is not None:
                self.by_name.setdefault(key, []).append(attendee_id)
                self.companies[attendee_id] = company
        self.checked_in = set(session.scalars(select(CheckIn.attendee_id).distinct()))
        self.forgotten = privacy.ForgottenPeople(session)
        self.touched: dict[int, _Touched] = {}
        self.kept_tariff: set[int] = set()
        """Ids of the people whose own tariff a default one did not replace."""
        self.matched: set[int] = set()
        """Ids of the people of the database that rows were found to be."""
        self.index_later = False
        """Whether the new people's search text goes into the index after the import's
        transaction (`index_new_people`) instead of inside it."""
        self.staged: _Staged | None = None
        """The new people's rows as SQLite stores them (`stage_new`, after `plan`), so that
        the write transaction has next to nothing left to do."""
        self.search_texts: list[tuple[str, str]] = []
        """(badge code, search text) of the new people, when indexed later."""
        self.links = contacts.existing_links(session)
        self.new_links: list[tuple[_Record, _Record, Contact]] = []
        self.new_rows: list[dict[str, Any]] = []
        self.new_ids: dict[str, int] = {}
        """Badge code → id of the people inserted."""
        self.batch: staging.Batch | None = None
        """The new people's batch, when written in steps (kiosk.services.staging)."""
        self.team_ids: list[int] = []
        """The ids of the teams written in steps, in the order of `_Staged.groups`."""
        # Translated once, not three times a row.
        self.labels = (
            tr("Во сколько позвонить", "Call at"),
            tr("Форма", "Form"),
            tr(*SUBMITTED),
        )
        self.other_phones = tr(*OTHER_PHONES)
        """The label of the phones kept besides the phone (as `kiosk.importing.parse` keeps
        them)."""
        self.teams: list[tuple[dict[str, Any], int]] = []
        """(group row, index of its contact in new_rows)"""
        self.teams_in_file: dict[int, _TeamInFile] = {}
        """Group id → the team of the database, for the teams whose contact the file gives
        with a team size."""
        self.open_seats: dict[int, list[dict[str, Any]]] = {}
        """id() of a team this import makes → its unnamed seats not yet taken by a row of the
        team (`take_seat`)."""
        self.new_teams: dict[str, dict[str, Any]] = {}
        """The teams this import makes, by `company_key` of their names."""
        self.seat_rows: list[ImportRow] = []
        """Rows of a named team without its size (the desk's export): seats, taken once every
        team's contact is in (a team's seats may come before its contact)."""
        self.grown: set[int] = set()
        """Ids of the contacts of those teams."""
        self.codes: dict[str, _Record | int | None] | None = None
        """Badge code → the person (an id until met; None for someone forgotten, whose code
        stays taken), read at the first row with a code; new people are added as made."""

    # ---- finding people --------------------------------------------------------------------

    def remember_new(self, values: dict[str, Any]) -> None:
        """`remember` for a person just added, who cannot be in the indexes yet."""
        phone, email = values["phone"], values["email"]
        for number in _phones(values):
            self.by_phone.setdefault(number, []).append(values)
        if email:
            self.by_email.setdefault(email, []).append(values)
        if not phone and not email:
            self.remember(values)

    def would_meet(self, session: Session, ids: Sequence[int]) -> bool:
        """Whether any of these people (registered at a desk while the import was planned)
        is someone the plan's matching would have met, or linked: one of their phones or their
        e-mail is one the plan knows (of the people on file or of the file's rows), or, with
        neither, their name is."""
        for attendee in session.scalars(select(Attendee).where(Attendee.id.in_(ids))):
            if any(number in self.by_phone for number in _phones(attendee)):
                return True
            if attendee.email and attendee.email in self.by_email:
                return True
            if not attendee.phone and not attendee.email:
                key = name_key(attendee.last_name, attendee.first_name, attendee.middle_name)
                if key is None or key in self.by_name:
                    return True
        return False

    def remember(self, record: _Record) -> None:
        """Index a person by their phone and the numbers kept besides it, their e-mail, or
        else (with neither) their name."""
        phone, email = _value(record, "phone"), _value(record, "email")
        for values, index in ((_phones(record), self.by_phone), ((email,), self.by_email)):
            for value in values:
                if not value:
                    continue
                known = index.setdefault(value, [])
                if not any(r is record for r in known):
                    known.append(record)
        if not phone and not email:
            key = name_key(*(_value(record, n) for n in _NAMES))
            if key is not None:
                known_by_name = self.by_name.setdefault(key, [])
                own_id = record.id if isinstance(record, Attendee) else None
                # Met by its badge code: the id it was listed by until then is this person.
                known_by_name[:] = [r for r in known_by_name if r is not record and r != own_id]
                known_by_name.append(record)

    def code_map(self) -> dict[str, _Record | int | None]:
        """`codes`, read from the database at the first call."""
        if self.codes is None:
            a = Attendee.__table__.c
            self.codes = {
                code: attendee_id if forgotten is None else None
                for code, attendee_id, forgotten in self.session.execute(
                    select(a.badge_code, a.id, a.forgotten_at)
                )
            }
            self.codes.update((values["badge_code"], values) for values in self.new_rows)
        return self.codes

    def find_by_code(self, code: str) -> _Record | None:
        """The person with this badge code (the desk's own export gives it), if any."""
        codes = self.code_map()
        found = codes.get(code)
        if isinstance(found, int):
            found = codes[code] = self.session.get(Attendee, found)
        return found

    def code_for_new(self, row: ImportRow) -> str:
        """The row's own badge code for someone new (badges printed from another copy of the
        desk's data keep working), unless the code is taken; else a new one."""
        return row.code if row.code and row.code not in self.code_map() else new_code()

    def find(self, row: ImportRow) -> tuple[_Record | None, bool]:
        """The person this row is about, if known, and whether they were found by name: by
        the row's phone, its e-mail, then the other numbers of its phone cell. Raises
        `_Ambiguous` when the row's name agrees with more than one person who has that contact
        (or, without any, that name) and nothing else in the row tells which."""
        contacts: tuple[tuple[str | None, dict[str, list[_Record]], Contact], ...] = (
            (row.phone, self.by_phone, "phone"),
            (row.email, self.by_email, "email"),
            *((number, self.by_phone, "phone") for number in kept_phones(row.extra)),
        )
        for value, index, kind in contacts:
            agreeing: list[_Record] = []
            for candidate in index.get(value, ()) if value else ():
                if _agree(candidate, row.last_name, row.first_name) and not any(
                    c is candidate for c in agreeing
                ):
                    agreeing.append(candidate)
            if len(agreeing) == 1:
                return agreeing[0], False
            if agreeing:
                chosen = _singled_out(agreeing, row)
                if chosen is None:
                    raise _Ambiguous(kind, agreeing)
                return chosen, False
        if row.phone or row.email:
            return None, False
        key = name_key(row.last_name, row.first_name, row.middle_name)
        people = self.by_name.get(key, []) if key is not None else []
        company = company_key(row.company)
        same = [p for p in people if company_key(self._company(p)) == company]
        if same:
            found: _Record | int | None = same[0]
        else:
            agreeing_ids = [p for p in people if companies_agree(self._company(p), row.company)]
            if len(agreeing_ids) > 1:
                raise _Ambiguous("name", [self._met(people, p) for p in agreeing_ids])
            found = agreeing_ids[0] if agreeing_ids else None
        if found is None:
            return None, False
        return self._met(people, found), True

    def _company(self, person: _Record | int) -> str:
        if isinstance(person, int):
            return self.companies.get(person, "")
        company: str = _value(person, "company")
        return company

    def _met(self, people: list[_Record | int], person: _Record | int) -> _Record:
        """A person of `by_name` as a record, read from the database when listed by id."""
        if not isinstance(person, int):
            return person
        attendee = self.session.get(Attendee, person)
        assert attendee is not None  # read by this import's transaction a moment ago
        people[:] = [attendee if p == person else p for p in people]
        return attendee

    def link_shared(self, record: _Record, row: ImportRow) -> None:
        """Everyone else with this row's phone or e-mail whose name does not agree."""
        phones = self.by_phone.get(row.phone, ()) if row.phone else ()
        emails = self.by_email.get(row.email, ()) if row.email else ()
        if len(phones) < 2 and len(emails) < 2:
            return  # nobody else has them: the usual case
        last, first = _value(record, "last_name"), _value(record, "first_name")
        kinds: tuple[tuple[Contact, str | None, Sequence[_Record]], ...] = (
            ("phone", row.phone, phones),
            ("email", row.email, emails),
        )
        for kind, value, others in kinds:
            if len(others) < 2:
                continue
            for other in others:
                if other is record or _agree(other, last, first):
                    continue
                pair = self._pair(record, other, kind)
                if pair is None or pair in self.links:
                    continue
                self.links.add(pair)
                self.new_links.append((record, other, kind))
                names = _full_name(record), _full_name(other)
                self.report.kept_apart.append(
                    KeptApart(row.line, row.sheet, *names, kind, value or "")
                )

    @staticmethod
    def _pair(a: _Record, b: _Record, kind: Contact) -> tuple[Any, Any, str] | None:
        """A key for the pair: ids for attendees of the database, badge codes for new ones."""
        ka = a["badge_code"] if isinstance(a, dict) else a.id
        kb = b["badge_code"] if isinstance(b, dict) else b.id
        if ka == kb:
            return None
        if isinstance(ka, int) and isinstance(kb, int):
            return (min(ka, kb), max(ka, kb), kind)
        low, high = sorted((str(ka), str(kb)))
        return (low, high, kind)

    def plan(self, rows: list[ImportRow]) -> None:
        """Match every row and decide what it changes; nothing is written yet."""
        for number, row in enumerate(rows):
            if number % PROGRESS_ROWS == 0:
                self.progress.at(Stage.MATCHING, number, len(rows))
            if self.forgotten:
                verdict = self.forgotten.check(
                    row.phone, row.email, row.last_name, row.first_name, row.middle_name
                )
                if verdict is privacy.Forgotten.PERSON:
                    self.report.forgotten += 1
                    continue
                if verdict is privacy.Forgotten.CONTACT:
                    # Said, not skipped: nobody else loses their place for a shared number.
                    self.report.forgotten_contacts += 1
                    self.report.warnings.append(
                        RowWarning(
                            row.line,
                            tr(
                                "телефон или e-mail был у человека, чьи данные удалены по его "
                                "просьбе; имя другое — это другой человек, он добавлен",
                                "the phone or e-mail was that of someone whose data was erased "
                                "on request; the name differs — someone else, taken in",
                            ),
                            row.sheet,
                        )
                    )
            found = self.find_by_code(row.code) if row.code else None
            by_code, by_name = found is not None, False
            if found is None and row.team and not row.team_size:
                try:
                    found, by_name = self.find(row)
                except _Ambiguous:
                    found = None
                if not isinstance(found, Attendee):
                    self.seat_rows.append(row)
                    continue
            # Only someone known could go in so: by the row's code, or, for a team smaller
            # than a team may be, as the contact of a team on file.
            if found is None and row.problem and not row.team_size:
                self.report.rejected.append(Rejection(row.line, row.problem, row.sheet))
                continue
            if found is None:
                try:
                    found, by_name = self.find(row)
                except _Ambiguous as ambiguous:
                    self.report.rejected.append(ambiguous.rejection(row))
                    continue
            known_team = isinstance(found, Attendee) and found.group_id is not None
            if row.problem and row.team_size and not known_team:
                self.report.rejected.append(Rejection(row.line, row.problem, row.sheet))
                continue
            if found is None and not row.original_name and (row.not_a_name or not row.name_column):
                self.report.rejected.append(_nameless(row))
                continue
            grown = isinstance(found, Attendee) and self.grow_team(found, row)
            if found is None:
                found = self.add(row)
            elif isinstance(found, dict):
                self.merge_new(found, row)
            elif found.desk_edited_at is not None or found.id in self.checked_in:
                if grown:  # the person stays as the desk left them; their team grew
                    self.report.updated += 1
                else:
                    self.report.protected += 1
            elif self.older(found, row):
                self.report.older += 1
                self.report.unchanged += 1
            else:
                self.update(found, row, by_code=by_code)
            if by_name:
                self.report.matched_by_name += 1
            if isinstance(found, Attendee):
                self.matched.add(found.id)
            self.link_shared(found, row)
        self.progress.at(Stage.MATCHING, len(rows), len(rows))
        for row in self.seat_rows:
            self.take_seat(row)
        self.report.kept_tariffs = len(self.kept_tariff)
        self.report_smaller_teams()
        self.prepare_new()
        self.settle_updates()

    def write(self) -> None:
        """Write what `plan` decided, in the session's transaction."""
        self.finish_updates()
        self.session.flush()
        self.insert_new()
        self.insert_links()
        self.write_team_sizes()

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

    def _money_of(self, row: ImportRow, price: int) -> dict[str, Any]:
        """What someone new has paid: the row's sums when they add up to the price (a part
        payment the desk's export gives), else paid in full or not at all."""
        if row.amounts is not None and price > 0 and sum(row.amounts) == price:
            paid, due = row.amounts
            status = PaymentStatus.PAID if not due else PaymentStatus.PARTIAL
            if not paid:
                status = PaymentStatus.UNPAID
            return {"amount_paid": paid, "amount_due": due, "payment_status": status.value}
        return self._money(price, self._paid(row))

    def _extra(self, row: ImportRow) -> dict[str, Any]:
        extra: dict[str, Any] = dict(row.extra)
        call_at, form, submitted = self.labels
        if row.call_time:
            extra[call_at] = row.call_time
        if row.form:
            extra[form] = row.form
        if row.submitted_at:
            moment = row.submitted_at
            if moment.tzinfo is not None:  # a time with its offset: as at the venue
                moment = self.event.local_time(moment)
            extra[submitted] = moment.strftime("%d.%m.%Y %H:%M")
        if row.sheet:
            extra[tr("Лист", "Sheet")] = row.sheet
        extra["import_line"] = row.line
        return extra

    def _new_row(self, person: PersonInput, row: ImportRow, *, contact: bool) -> dict[str, Any]:
        price = self._price(row.tariff)
        values: dict[str, Any] = {
            "badge_code": self.code_for_new(row) if contact else new_code(),
            "last_name": person.last_name,
            "first_name": person.first_name,
            "middle_name": person.middle_name,
            "original_name": row.original_name if contact else "",
            "company": person.company,
            "position": person.position,
            "phone": person.phone,
            "email": person.email,
            "category": row.category,
            "tariff": row.tariff or None,
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
            # The row's sums are its own person's; a team's seats are paid for or not.
            **(self._money_of(row, price) if contact else self._money(price, self._paid(row))),
        }
        self.new_rows.append(values)
        if self.codes is not None:
            self.codes[values["badge_code"]] = values
        return values

    def add(self, row: ImportRow) -> dict[str, Any]:
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
        self.remember_new(contact)
        if row.team_size:
            known_as = team_contact_name(row.last_name, row.first_name)
            group: dict[str, Any] = {
                "name": row.team or team_name(known_as),
                "tariff": row.tariff,
                "size": row.team_size,
                "created_at": self.now,
            }
            self.teams.append((group, contact_index))
            self.new_teams.setdefault(company_key(group["name"]), group)
            contact["_group"] = group
            self.open_seats[id(group)] = self._seats(
                group, range(2, row.team_size + 1), known_as, row
            )
            self.report.teams += 1
        if row.name_guessed:
            self.report.name_guesses.append(
                NameGuess(
                    row.line,
                    row.sheet,
                    row.original_name,
                    row.last_name,
                    row.first_name,
                    contact["badge_code"],
                )
            )
        self.report.added += 1
        return contact

    def _seats(
        self, group: dict[str, Any], numbers: range, known_as: str, row: ImportRow
    ) -> list[dict[str, Any]]:
        """New unnamed seats `numbers` of a team (`group`: one this import makes, or
        `{"id": …}` of one in the database), as the team's contact `known_as` names them."""
        seats = []
        for number in numbers:
            seat = self._new_row(placeholder_member(number, known_as), row, contact=False)
            seat["_group"] = group
            seats.append(seat)
        return seats

    def merge_new(self, values: dict[str, Any], row: ImportRow) -> None:
        """The same person twice in one file: the later row fills in what the first lacked and
        changes what it changes, as it would on a re-import (`update`), so that importing the
        file again changes nothing."""
        for name in _fields(row):
            values[name] = _better(values[name], _given(values, row, name), name=name in _NAMES)
        values["email"] = row.email or values["email"]
        if row.phone and values["phone"] and row.phone != values["phone"] and values["extra"]:
            values["extra"] = (
                _with_other_phone(values["extra"], row.phone, self.other_phones) or values["extra"]
            )
        values["phone"] = values["phone"] or row.phone
        if row.own_tariff and row.tariff and row.tariff != values["tariff"]:
            paid_in_full = values["amount_due"] == 0 and values["price"] > 0
            values["tariff"] = row.tariff
            values["price"] = self._price(row.tariff)
            paid = row.paid if row.paid is not None else (paid_in_full or self.assume_paid)
            values.update(self._money(values["price"], paid))
        elif row.paid is not None:
            values.update(self._money(values["price"], row.paid))
        group = values.get("_group")
        contact = group is not None and bool(values["original_name"])  # not one of its seats
        if contact and group is not None and row.team_size and row.team_size > group["size"]:
            known_as = team_contact_name(values["last_name"], values["first_name"])
            seat_row = replace(row, tariff=group["tariff"])
            numbers = range(group["size"] + 1, row.team_size + 1)
            self.open_seats.setdefault(id(group), []).extend(
                self._seats(group, numbers, known_as, seat_row)
            )
            group["size"] = row.team_size
        values["extra"] = self.with_submitted(values["extra"], row) or values["extra"]
        self.remember(values)
        self.report.unchanged += 1

    def take_seat(self, row: ImportRow) -> None:
        """A row of a team this import makes (the desk's own export lists each of its people
        with the team's name): it becomes one of the team's unnamed seats, with its code and
        name, so that the team has as many people as its size says, not more."""
        group = self.new_teams.get(company_key(row.team))
        seats = self.open_seats.get(id(group), []) if group is not None else []
        if not seats:
            self.report.rejected.append(Rejection(row.line, self._no_seat(row, group), row.sheet))
            return
        seat = seats.pop(0)
        # The seat's own name in another case («Команда Федорова») is the seat's name.
        names = {name: _better(seat[name], getattr(row, name), name=True) for name in _NAMES}
        seat.update(
            badge_code=self.code_for_new(row),
            **names,
            company=row.company,
            position=row.position,
            phone=row.phone,
            email=row.email,
            extra=self._extra(row),
        )
        if row.paid is not None:
            seat.update(self._money_of(row, seat["price"]))
        if self.codes is not None:
            self.codes[seat["badge_code"]] = seat
        if row.phone or row.email:
            self.remember_new(seat)
        self.report.added += 1

    def _no_seat(self, row: ImportRow, group: dict[str, Any] | None) -> str:
        team = row.team[:60]
        if group is not None:
            return tr(
                "в команде «{t}» больше людей, чем её количество человек ({n})",
                'the team "{t}" has more people than its size ({n})',
                t=team,
                n=group["size"],
            )
        on_file = self.session.scalar(
            select(func.count()).where(RegistrationGroup.name == row.team)
        )
        if on_file:
            return tr(
                "команда «{t}» уже есть в базе, а этого человека в ней нет: добавьте его на стойке",
                'the team "{t}" is on file without this person: add them at the desk',
                t=team,
            )
        return tr(
            "команда «{t}» не найдена: в файле нет строки её контакта с количеством человек",
            'the team "{t}" was not found: the file has no row of its contact with the team size',
            t=team,
        )

    def prepare_new(self) -> None:
        """The search columns of the new people: worked out before the write transaction, as
        it is most of an import's writing time."""
        self.report.people_added = len(self.new_rows)
        for values in self.new_rows:
            values["last_key"], values["last_latin"], values["search_text"] = search_columns(
                last_name=values["last_name"],
                first_name=values["first_name"],
                middle_name=values["middle_name"],
                company=values["company"],
                email=values["email"],
                phone=values["phone"],
                badge_code=values["badge_code"],
                other_phones=kept_phones(values["extra"]),
            )

    def stage_new(self) -> None:
        """The new people's rows, their teams and their log entries as SQLite will store
        them, with the ids left to `insert_staged`."""
        if not self.new_rows:
            return
        group_index = {id(group): index for index, (group, _contact) in enumerate(self.teams)}
        group_of: list[tuple[bool, int] | None] = []
        afters: list[dict[str, Any]] = []
        for values in self.new_rows:
            group = values.pop("_group", None)
            if group is None:
                group_of.append(None)
            elif id(group) in group_index:
                group_of.append((True, group_index[id(group)]))
            else:  # a seat added to a team of the database
                group_of.append((False, group["id"]))
            # The row itself holds the values; the log says where they came from.
            afters.append(
                {
                    "at": self.now,
                    "after": {"code": values["badge_code"], "line": values.pop("_line")},
                }
            )
            if self.index_later:
                self.search_texts.append((values["badge_code"], values["search_text"]))
                values["search_text"] = ""
        names = [name for name in self.new_rows[0] if name != "group_id"]
        group_names = ["name", "tariff", "size", "created_at"]
        self.staged = _Staged(
            names=names,
            people=stored_rows(_table(Attendee), names, self.new_rows),
            group_of=group_of,
            group_names=group_names,
            groups=stored_rows(
                _table(RegistrationGroup), group_names, [group for group, _ in self.teams]
            ),
            contacts=[contact for _group, contact in self.teams],
            codes=[values["badge_code"] for values in self.new_rows],
            audit=cast(
                list[tuple[Any, Any]], stored_rows(_table(AuditEntry), ["at", "after"], afters)
            ),
        )

    def insert_staged(self, staged: _Staged) -> None:
        """Write what `stage_new` prepared: ids given here, in the write transaction (nobody
        else can take one meanwhile), so nothing has to be read back."""
        connection = self.session.connection()
        first_group = next_sqlite_id(self.session, _table(RegistrationGroup))
        first = next_sqlite_id(self.session, _table(Attendee))
        insert_stored(
            self.session,
            _table(RegistrationGroup),
            ["id", *staged.group_names],
            [(first_group + index, *row) for index, row in enumerate(staged.groups)],
        )
        ids = range(first, first + len(staged.people))
        insert_stored(
            self.session,
            _table(Attendee),
            ["id", "group_id", *staged.names],
            [
                (attendee_id, _group_id(group, first_group), *row)
                for attendee_id, group, row in zip(ids, staged.group_of, staged.people, strict=True)
            ],
        )
        if staged.contacts:
            connection.exec_driver_sql(
                "UPDATE registration_groups SET contact_id = ? WHERE id = ?",
                [
                    (ids[contact], first_group + index)
                    for index, contact in enumerate(staged.contacts)
                ],
            )
        self.new_ids = dict(zip(staged.codes, ids, strict=True))
        insert_stored(
            self.session, _table(AuditEntry), _ENTRY_COLUMNS, self.entries(ids, staged.audit)
        )

    def write_in_steps(self, batch: staging.Batch) -> None:
        """Write what `stage_new` prepared in short steps, seen by nobody until `show_staged`."""
        staged = self.staged
        assert staged is not None
        self.batch = batch
        first_group = batch.write_teams(staged.group_names, staged.groups)
        groups = [_group_id(group, first_group) for group in staged.group_of]
        ids = batch.write_people(staged.names, staged.people, groups)
        self.new_ids = dict(zip(staged.codes, ids, strict=True))
        self.team_ids = [first_group + index for index in range(len(staged.groups))]

    def show_staged(self, batch: staging.Batch, staged: _Staged) -> None:
        """In the import's last transaction: the people written in steps shown, the teams'
        contacts set, and the log's entries of their coming."""
        connection = self.session.connection()
        if not batch.reveal(connection):
            raise staging.NotAllThere
        ids = [self.new_ids[code] for code in staged.codes]
        if staged.contacts:
            connection.exec_driver_sql(
                "UPDATE registration_groups SET contact_id = ? WHERE id = ?",
                [
                    (ids[contact], self.team_ids[index])
                    for index, contact in enumerate(staged.contacts)
                ],
            )
        insert_stored(
            self.session, _table(AuditEntry), _ENTRY_COLUMNS, self.entries(ids, staged.audit)
        )

    def entries(
        self, ids: Sequence[int], logged: Iterable[tuple[Any, Any]]
    ) -> list[tuple[Any, ...]]:
        """The log entries (`_ENTRY_COLUMNS`) saying that new people `ids` came from this
        import: their time and what the log keeps of each (`logged`: at, after)."""
        desk, operator = self.desk.name, self.desk.operator
        return [
            (at, "import", "attendee", attendee_id, attendee_id, desk, operator, None, after, "")
            for attendee_id, (at, after) in zip(ids, logged, strict=True)
        ]

    def insert_new(self) -> None:
        if self.batch is not None and self.staged is not None:
            self.show_staged(self.batch, self.staged)
            return
        if self.staged is not None:
            self.insert_staged(self.staged)
            return
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
        # A plain executemany; ids are then read back by the (unique) badge codes. RETURNING
        # over many rows costs more here than the whole rest of the import.
        if self.index_later:
            # Written without their text in the search index, which costs most of the writing;
            # `index_new_people` adds it in short steps once the import is in.
            for values in self.new_rows:
                self.search_texts.append((values["badge_code"], values["search_text"]))
                values["search_text"] = ""
            insert_many(self.session, _table(Attendee), self.new_rows)
        else:
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
        self.new_ids = by_code
        attendee_ids = [by_code[code] for code in codes]
        if self.teams:
            self.session.execute(
                update(RegistrationGroup),
                [
                    {"id": group["id"], "contact_id": attendee_ids[contact_index]}
                    for group, contact_index in self.teams
                ],
            )
        # The row itself holds the values; the log says where they came from.
        logged = [
            (self.now, {"code": values["badge_code"], "line": line})
            for values, line in zip(self.new_rows, lines, strict=True)
        ]
        insert_many(
            self.session,
            _table(AuditEntry),
            [
                dict(zip(_ENTRY_COLUMNS, entry, strict=True))
                for entry in self.entries(attendee_ids, logged)
            ],
        )

    def insert_links(self) -> None:
        pairs: set[tuple[int, int, str]] = set()
        for a, b, kind in self.new_links:
            ida = self.new_ids[a["badge_code"]] if isinstance(a, dict) else a.id
            idb = self.new_ids[b["badge_code"]] if isinstance(b, dict) else b.id
            pairs.add((min(ida, idb), max(ida, idb), kind))
        contacts.add_links(self.session, sorted(pairs), self.desk)

    # ---- people already known --------------------------------------------------------------

    def submitted(self, row: ImportRow) -> datetime | None:
        """When the row was sent, at the venue, to the minute (as `_extra` keeps it)."""
        moment = row.submitted_at
        if moment is None:
            return None
        if moment.tzinfo is not None:
            moment = self.event.local_time(moment).replace(tzinfo=None)
        return moment.replace(second=0, microsecond=0)

    def with_submitted(self, extra: dict[str, Any] | None, row: ImportRow) -> dict[str, Any] | None:
        """The extra data with the row's submission time as the one the person was last taken
        from, when it is later than that; None when it is not."""
        sent, known = self.submitted(row), _submitted(extra)
        if sent is None or (known is not None and sent <= known):
            return None
        kept = {key: value for key, value in (extra or {}).items() if key not in SUBMITTED}
        return {**kept, self.labels[2]: f"{sent:%d.%m.%Y %H:%M}"}

    def older(self, attendee: Attendee, row: ImportRow) -> bool:
        """Whether the row was sent before the one the person was last taken from (both
        times known): an older file imported after a newer one changes nothing."""
        sent, known = self.submitted(row), _submitted(attendee.extra)
        return sent is not None and known is not None and sent < known

    def update(self, attendee: Attendee, row: ImportRow, *, by_code: bool = False) -> None:
        """Take in what the row changes. A row found by its badge code is the desk's own
        export: its payment columns say what the desk knows (payments are taken at the desk,
        partly paid included) and change nothing."""
        touched = self.touched.get(attendee.id)
        if touched is None:
            touched = self.touched[attendee.id] = _Touched(attendee, self.snapshot(attendee), [])
        touched.lines.append(row.line)
        for name in _fields(row):
            value = _better(
                getattr(attendee, name), _given(attendee, row, name), name=name in _NAMES
            )
            if getattr(attendee, name) != value:
                setattr(attendee, name, value)
        if row.email and attendee.email != row.email:
            attendee.email = row.email
        if row.phone and not attendee.phone:
            attendee.phone = row.phone
        elif row.phone and row.phone != attendee.phone:
            extra = _with_other_phone(attendee.extra, row.phone, self.other_phones)
            if extra is not None:
                attendee.extra = extra
        new_tariff = (
            attendee.category == PARTICIPANT and bool(row.tariff) and attendee.tariff != row.tariff
        )
        if new_tariff and not row.own_tariff:
            self.kept_tariff.add(attendee.id)
        if new_tariff and row.own_tariff:
            paid_in_full = attendee.amount_due == 0 and attendee.price > 0
            attendee.tariff = row.tariff
            attendee.price = self._price(row.tariff)
            said = None if by_code else row.paid
            paid = said if said is not None else (paid_in_full or self.assume_paid)
            for key, value in self._money(attendee.price, paid).items():
                setattr(attendee, key, value)
        elif not by_code and row.paid is not None and (attendee.amount_due == 0) != row.paid:
            for key, value in self._money(attendee.price, row.paid).items():
                setattr(attendee, key, value)
        extra = self.with_submitted(attendee.extra, row)
        if extra is not None:  # not a change of the person by itself
            attendee.extra = extra
        self.remember(attendee)

    def grow_team(self, contact: Attendee, row: ImportRow) -> bool:
        """Seats for the people a team's contact added since the last import (the file's team
        size above the team's); whether this row added any. A smaller size is only reported
        (`report_smaller_teams`), as the largest size the file gives is what counts."""
        if not row.team_size or contact.group_id is None:
            return False
        team = self.teams_in_file.get(contact.group_id)
        if team is None:
            group = self.session.get(RegistrationGroup, contact.group_id)
            if group is None or group.contact_id != contact.id:
                return False
            members = self.session.scalar(select(func.count()).where(Attendee.group_id == group.id))
            team = _TeamInFile(contact, group.size, group.tariff, members or 0)
            self.teams_in_file[group.id] = team
        before = max(team.size, team.largest)
        team.largest, team.line, team.sheet = max(team.largest, row.team_size), row.line, row.sheet
        if row.team_size <= before:
            return False
        known_as = team_contact_name(contact.last_name, contact.first_name)
        seat_row = replace(row, tariff=team.tariff)
        numbers = range(team.members + 1, team.members + 1 + row.team_size - before)
        self._seats({"id": contact.group_id}, numbers, known_as, seat_row)
        team.members += row.team_size - before
        self.grown.add(contact.id)
        self.report.seats_added += row.team_size - before
        return True

    def report_smaller_teams(self) -> None:
        smaller = {
            group_id: team
            for group_id, team in self.teams_in_file.items()
            if team.largest < team.size
        }
        if not smaller:
            return
        arrivals: dict[int | None, int] = {
            group_id: count
            for group_id, count in self.session.execute(
                select(Attendee.group_id, func.count(func.distinct(CheckIn.attendee_id)))
                .join(Attendee, Attendee.id == CheckIn.attendee_id)
                .where(Attendee.group_id.in_(list(smaller)))
                .group_by(Attendee.group_id)
            )
        }
        for group_id, team in smaller.items():
            arrived = arrivals.get(group_id, 0)
            self.report.smaller_teams.append(
                SmallerTeam(
                    team.line,
                    team.sheet,
                    _full_name(team.contact),
                    team.size,
                    team.largest,
                    arrived,
                )
            )

    def write_team_sizes(self) -> None:
        for group_id, team in self.teams_in_file.items():
            if team.largest <= team.size:
                continue
            self.session.execute(
                update(RegistrationGroup)
                .where(RegistrationGroup.id == group_id)
                .values(size=team.largest)
                .execution_options(synchronize_session=False)
            )
            audit.record(
                self.session,
                self.desk,
                "import_update",
                entity_id=team.contact.id,
                attendee_id=team.contact.id,
                before={"team_size": team.size},
                after={"team_size": team.largest, "line": team.line},
                at=self.now,
            )

    def snapshot(self, attendee: Attendee) -> dict[str, Any]:
        """What an import may change of an attendee: the audited fields and the kept phones."""
        other_phones = (attendee.extra or {}).get(self.other_phones)
        return {**audit.snapshot(attendee), "other_phones": other_phones}

    def leave_arrived(self, arrived: set[int]) -> None:
        """The people of the database a desk checked in, took a payment from or corrected after
        the plan was made are left as the desk has them, as `plan` leaves those checked in or
        corrected before: their planned changes are not written; a team that grew keeps its
        new seats."""
        for attendee_id in arrived & self.touched.keys():
            if self.touched[attendee_id].change is None:
                continue  # nothing planned to change: counted unchanged as planned
            touched = self.touched.pop(attendee_id)
            grown = attendee_id in self.grown
            self.report.updated += grown
            self.report.protected += len(touched.lines) - grown

    def settle_updates(self) -> None:
        """What the file changed of each attendee of the database (`_Touched.change`), and the
        changed ones' new search columns: worked out with the plan, outside the write
        transaction (comparing 25 000 people held the other desks 1 s of a re-import's 2.2)."""
        for touched in self.touched.values():
            attendee = touched.attendee
            before, after = audit.changed(touched.before, self.snapshot(attendee))
            if after:
                touched.change = (before, after)
                index_attendee(attendee)
                attendee.updated_at = self.now

    def finish_updates(self, *, record: bool = True) -> None:
        """Count and (with `record`) log each attendee of the database the file changed, once."""
        for touched in self.touched.values():
            attendee = touched.attendee
            if touched.change is None:
                grown = attendee.id in self.grown  # a change of the team, logged with it
                self.report.updated += grown
                self.report.unchanged += len(touched.lines) - grown
                continue
            before, after = touched.change
            if record:
                audit.record(
                    self.session,
                    self.desk,
                    "import_update",
                    entity_id=attendee.id,
                    attendee_id=attendee.id,
                    before=before,
                    after={**after, "line": touched.lines[-1]},
                    at=self.now,
                )
            self.report.updated += 1
            self.report.unchanged += len(touched.lines) - 1


_ENTRY_COLUMNS: Final = (
    "at",
    "action",
    "entity",
    "entity_id",
    "attendee_id",
    "desk",
    "operator",
    "before",
    "after",
    "reason",
)
"""The columns of an import's log entry of a new person, as `_Importer.entries` gives them."""


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


def _group_id(group: tuple[bool, int] | None, first_new: int) -> int | None:
    """A staged person's team id (`_Staged.group_of`), the import's new teams numbered from
    `first_new`."""
    if group is None:
        return None
    new, number = group
    return first_new + number if new else number
