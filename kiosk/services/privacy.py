"""The right to be forgotten (152-FZ art. 21, GDPR art. 17) and the end of retention.

`forget` erases one person's personal data on request, `purge` everybody's once the event is
over and its retention period has passed. Erasure is done in place, as plain row updates: the
attendee row keeps its id, category, tariff, money and check-ins (so every count and total stays
as it was), its personal fields get a placeholder, its badge code is replaced so the printed one
no longer works, and the personal values inside the audit log's before/after copies are replaced
too. What is kept is a keyed one-way fingerprint of the phone, the e-mail and the name: a later
import recognises the person by it and skips them (`ForgottenPeople`).

A replica (a desk's copy of a hub's data, once there is one) applies an erasure it receives the
same way: the attendee row arrives with `forgotten_at` set, and `scrub_attendee_audit` rewrites
the local audit copies and queued changes of that attendee id.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, Final

from sqlalchemy import delete, make_url, select, text, update
from sqlalchemy.orm import Session

from kiosk.codes import new_code
from kiosk.db import default_database_path
from kiosk.i18n import tr
from kiosk.models import Attendee, AuditEntry, BadgeAlias, EventInfo, RegistrationGroup
from kiosk.profile import kiosk_home
from kiosk.search_index import FTS_TABLE
from kiosk.services import audit
from kiosk.services.context import Desk
from kiosk.services.errors import NotFoundError, ValidationError
from kiosk.services.lookup import find_by_code
from kiosk.services.replay import attendee_id_of
from kiosk.services.views import is_placeholder
from kiosk.text import clean_multiline, fold, quote, transliterate

ERASED: Final = "удалено по запросу"
"""What stands where a forgotten person's name and, in the audit log, any personal value was."""
SALT_KEY: Final = "fingerprint_salt"
MAX_REASON: Final = 500
PERSONAL_FIELDS: Final = (
    "last_name",
    "first_name",
    "middle_name",
    "original_name",
    "company",
    "position",
    "phone",
    "email",
)
AUDIT_PERSONAL_KEYS: Final = frozenset({*PERSONAL_FIELDS, "code", "name", "extra"})
"""Keys of the audit log's before/after copies that hold personal data (the old badge code
included: it links the printed badge to the record)."""


@dataclass(frozen=True)
class ForgetResult:
    attendee_id: int
    audit_entries: int
    """How many audit log entries had personal data replaced."""


@dataclass(frozen=True)
class PurgeResult:
    attendees: int
    audit_entries: int


# ---- fingerprints --------------------------------------------------------------------------


def _salt(session: Session, *, create: bool) -> bytes | None:
    """The database's secret key for fingerprints (made on the first erasure). It travels with
    the database, so every desk of one event computes the same fingerprints."""
    row = session.get(EventInfo, SALT_KEY)
    if row is None:
        if not create:
            return None
        row = EventInfo(key=SALT_KEY, value=secrets.token_hex(32))
        session.add(row)
        session.flush()
    return bytes.fromhex(row.value)


def name_key(last_name: str, first_name: str, middle_name: str = "") -> str:
    """A name as compared for fingerprints: folded (case, ё), single spaces, in this order."""
    return " ".join(fold(" ".join((last_name, first_name, middle_name))).split())


def _fingerprint(salt: bytes, kind: str, value: str | None) -> str | None:
    if not value:
        return None
    return hmac.new(salt, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _name_fingerprints(salt: bytes, last: str, first: str, middle: str) -> set[str]:
    """The fingerprints a name may have been stored under: surname and first name (what
    `forget` keeps), with the middle name (what the first version kept), and the two the
    other way round (a name whose order an import guessed wrong)."""
    keys = {
        name_key(last, first),
        name_key(last, first, middle),
        name_key(first, last),
        name_key(first, last, middle),
    }
    return {f for f in (_fingerprint(salt, "name", k) for k in keys) if f}


class Forgotten(StrEnum):
    """What a row of an import is to the people who asked to be forgotten."""

    NO = "no"
    PERSON = "person"
    """One of them: skipped."""
    CONTACT = "contact"
    """Someone else with the phone or e-mail one of them had (a shared office number, a
    number given to someone new): taken in, and the import says so."""


class ForgottenPeople:
    """The fingerprints of everyone forgotten, loaded once (for an import of many rows).

    A row with a phone or e-mail is the forgotten person when that contact matches theirs and
    so does the name (or the row names nobody); with another name it is someone else who has
    that contact now. A row with neither is compared by name alone.
    """

    def __init__(self, session: Session) -> None:
        self._salt = _salt(session, create=False)
        self.names: set[str] = set()
        self.by_phone: dict[str, set[str | None]] = {}
        self.by_email: dict[str, set[str | None]] = {}
        if self._salt is None:
            return
        rows = session.execute(
            select(
                Attendee.fingerprint_phone, Attendee.fingerprint_email, Attendee.fingerprint_name
            ).where(Attendee.forgotten_at.is_not(None))
        )
        for phone, email, name in rows:
            if phone:
                self.by_phone.setdefault(phone, set()).add(name)
            if email:
                self.by_email.setdefault(email, set()).add(name)
            if name:
                self.names.add(name)

    def __bool__(self) -> bool:
        return bool(self.by_phone or self.by_email or self.names)

    def check(
        self, phone: str | None, email: str | None, last: str, first: str, middle: str = ""
    ) -> Forgotten:
        """Whether a person with this phone (E.164), e-mail (normalised) and name was
        forgotten, is someone else with a forgotten person's contact, or neither."""
        salt = self._salt
        if salt is None:
            return Forgotten.NO
        names = _name_fingerprints(salt, last, first, middle) if (last or first) else set()
        if phone or email:
            theirs: set[str | None] = set()
            for value, known, kind in (
                (phone, self.by_phone, "phone"),
                (email, self.by_email, "email"),
            ):
                theirs |= known.get(_fingerprint(salt, kind, value) or "", set())
            if not theirs:
                return Forgotten.NO
            # An unnamed team seat was forgotten with no name to compare: its contact decides.
            if not names or None in theirs or names & theirs:
                return Forgotten.PERSON
            return Forgotten.CONTACT
        return Forgotten.PERSON if names & self.names else Forgotten.NO


# ---- erasing -------------------------------------------------------------------------------


def forget(desk: Desk, code: str, reason: str = "") -> ForgetResult:
    """Erase one person's personal data on their request (audited: who, when, why)."""
    reason = _clean_reason(reason)
    with desk.db.write() as session:
        attendee = _by_any_code(session, code)
        if attendee is None:
            raise NotFoundError(
                tr("Код «{c}» не найден", 'Code "{c}" not found', c=quote(code, 40))
            )
        if attendee.forgotten_at is not None:
            raise ValidationError(
                tr(
                    "Данные этого человека уже удалены ({d})",
                    "This person's data was erased already ({d})",
                    d=f"{desk.event.local_time(attendee.forgotten_at):%d.%m.%Y %H:%M}",
                ),
                "code",
            )
        # The reason is audited without the data it is about: «просьба: Беляков, +7 938 …».
        pattern = personal_pattern(_personal_values(session, attendee))
        if pattern is not None:
            reason = erase_in(pattern, reason)
        salt = _salt(session, create=True)
        assert salt is not None
        scrubbed = _erase(session, desk, [attendee], salt)
        audit.record(
            session,
            desk,
            "forget",
            entity_id=attendee.id,
            attendee_id=attendee.id,
            after={"forgotten": True},
            reason=reason,
        )
        attendee_id = attendee.id
    compact(desk)
    return ForgetResult(attendee_id, scrubbed)


def _by_any_code(session: Session, code: str) -> Attendee | None:
    """The person a code names: their badge code, another code of theirs (an alias: the code
    of a duplicate merged into them), or — to say so — the new code of someone forgotten."""
    found = find_by_code(session, code)
    if found is not None:
        return found
    attendee_id = attendee_id_of(session, code)
    return None if attendee_id is None else session.get(Attendee, attendee_id)


class TooEarly(ValidationError):
    """The event is not over, or its retention period has not passed yet."""


def retention_ends(desk: Desk, keep_days: int | None = None) -> datetime:
    """When the personal data of this event is due for erasure."""
    days = desk.event.retention_days if keep_days is None else keep_days
    return desk.event.ends_at + timedelta(days=days)


def purge(desk: Desk, *, keep_days: int | None = None, reason: str = "") -> PurgeResult:
    """Erase everybody's personal data once the event is over and kept `keep_days` (default:
    the event file's `retention_days`); anonymous check-ins, payments and figures stay."""
    now = desk.now()
    event = desk.event
    if now < event.ends_at:
        raise TooEarly(
            tr(
                "Событие ещё не закончилось ({t}): данные участников нужны.",
                "The event is not over yet ({t}): the attendees' data is still needed.",
                t=event.local_time(event.ends_at).strftime("%d.%m.%Y %H:%M"),
            ),
            "after_event",
        )
    due = retention_ends(desk, keep_days)
    if now < due:
        raise TooEarly(
            tr(
                "Срок хранения данных ещё не истёк: до {t} ({n} дн. после события). "
                "Раньше — только с --keep-days.",
                "The retention period has not passed: until {t} ({n} days after the event). "
                "Earlier only with --keep-days.",
                t=event.local_time(due).strftime("%d.%m.%Y"),
                n=event.retention_days if keep_days is None else keep_days,
            ),
            "keep_days",
        )
    reason = _clean_reason(reason)
    with desk.db.write() as session:
        salt = _salt(session, create=True)
        assert salt is not None
        people = list(session.scalars(select(Attendee).where(Attendee.forgotten_at.is_(None))))
        scrubbed = _erase(session, desk, people, salt)
        audit.record(
            session,
            desk,
            "purge",
            entity="database",
            after={"attendees": len(people), "keep_days": keep_days},
            reason=reason,
        )
    compact(desk)
    return PurgeResult(len(people), scrubbed)


def personal_data_due(desk: Desk) -> bool:
    """Whether the retention period is over and someone's personal data is still kept (the
    desk reminds the organiser on start)."""
    if desk.now() < retention_ends(desk):
        return False
    with desk.db.read() as session:
        kept = session.scalars(
            select(Attendee.id).where(Attendee.forgotten_at.is_(None)).limit(1)
        ).first()
    return kept is not None


def purge_command(db_url: str, event_file: str | None) -> str:
    """The `kiosk purge --after-event` the desk's reminder suggests, for the database and the
    event file this desk uses (the defaults are not named), as it can be typed in a shell."""
    words = ["kiosk"]
    sqlite_file = db_url.removeprefix("sqlite:///") if db_url.startswith("sqlite:///") else None
    if sqlite_file is None:
        words += ["--db", make_url(db_url).render_as_string(hide_password=True)]
    elif (
        Path(sqlite_file).resolve() != default_database_path().resolve()
        or kiosk_home() is not None  # a shell without the profile's KIOSK_HOME finds another
    ):
        words += ["--db", sqlite_file]
    if event_file:
        words += ["--event", str(Path(event_file).expanduser().resolve())]
    return shlex.join([*words, "purge", "--after-event"])


def _clean_reason(reason: str) -> str:
    reason = clean_multiline(reason)
    if len(reason) > MAX_REASON:
        raise ValidationError(
            tr(
                "Причина слишком длинная (до {n} символов)",
                "The reason is too long (up to {n} characters)",
                n=MAX_REASON,
            ),
            "reason",
        )
    return reason


def _personal_values(session: Session, attendee: Attendee) -> list[str]:
    """What identifies a person in free text: their personal fields, badge code and aliases."""
    values = [str(v) for v in (getattr(attendee, f) for f in PERSONAL_FIELDS) if v]
    values.append(attendee.badge_code)
    values += session.scalars(
        select(BadgeAlias.code).where(BadgeAlias.attendee_id == attendee.id)
    ).all()
    return values


def _erase(session: Session, desk: Desk, people: list[Attendee], salt: bytes) -> int:
    """Replace the personal data of `people` by placeholders and fingerprints; returns how many
    audit entries were rewritten."""
    now = desk.now()
    old_values: dict[int, list[str]] = {}
    renamed_teams: dict[int, tuple[str, str]] = {}
    for attendee in people:
        old_values[attendee.id] = _personal_values(session, attendee)
        placeholder = is_placeholder(attendee.last_name, attendee.first_name)
        attendee.fingerprint_phone = _fingerprint(salt, "phone", attendee.phone)
        attendee.fingerprint_email = _fingerprint(salt, "email", attendee.email)
        attendee.fingerprint_name = (
            None
            if placeholder
            else _fingerprint(salt, "name", name_key(attendee.last_name, attendee.first_name))
        )
        if attendee.group_id is not None and not placeholder:
            group = session.get(RegistrationGroup, attendee.group_id)
            if group is not None and group.contact_id == attendee.id:
                renamed_teams[group.id] = (attendee.last_name, f"№{group.id}")
                group.name = tr("Команда №{n}", "Team №{n}", n=group.id)
        for name in PERSONAL_FIELDS:
            setattr(attendee, name, None if name in ("phone", "email") else "")
        attendee.last_name = ERASED
        attendee.extra = {}
        attendee.badge_code = new_code()
        # The badges of duplicates merged into them stop working too, as their own does.
        session.execute(delete(BadgeAlias).where(BadgeAlias.attendee_id == attendee.id))
        attendee.last_key = attendee.last_latin = attendee.search_text = ""
        attendee.forgotten_at = now
        attendee.updated_at = now
    session.flush()
    for group_id, (surname, replacement) in renamed_teams.items():
        _rename_team_seats(session, group_id, surname, replacement)
    return sum(scrub_attendee_audit(session, i, old_values[i]) for i in old_values)


def _rename_team_seats(session: Session, group_id: int, surname: str, replacement: str) -> None:
    """Unnamed seats of a team are called after its contact («команда Иванова»): no more."""
    from kiosk.services.registration import placeholder_member  # registering: not at start

    for seat in session.scalars(select(Attendee).where(Attendee.group_id == group_id)):
        if is_placeholder(seat.last_name, seat.first_name) and surname in seat.first_name:
            number = int(seat.last_name.rsplit(" ", 1)[-1])
            seat.first_name = placeholder_member(number, replacement).first_name
            scrub_attendee_audit(session, seat.id, [surname], whole=False)


def scrub_attendee_audit(
    session: Session, attendee_id: int, values: Iterable[str] = (), *, whole: bool = True
) -> int:
    """Replace personal data in the audit log entries of one attendee: with `whole`, every
    personal key of the before/after copies; and `values` (the person's old name parts,
    phone, e-mail, code) wherever a copy or a reason quotes them. Idempotent; returns how
    many entries changed."""
    pattern = personal_pattern(values)
    changed = 0
    entries = session.execute(
        select(
            AuditEntry.id, AuditEntry.action, AuditEntry.before, AuditEntry.after, AuditEntry.reason
        ).where(AuditEntry.attendee_id == attendee_id)
    ).all()
    for entry_id, action, before, after, reason in entries:
        new_before = _scrub_copy(before, pattern, whole=whole)
        new_after = _scrub_copy(after, pattern, whole=whole)
        new_reason = reason
        if pattern is not None and reason and action not in ("forget", "purge"):
            new_reason = erase_in(pattern, reason)
        if (new_before, new_after, new_reason) != (before, after, reason):
            session.execute(
                update(AuditEntry)
                .where(AuditEntry.id == entry_id)
                .values(before=new_before, after=new_after, reason=new_reason)
            )
            changed += 1
    return changed


_SEPARATOR: Final = r"[\s().\-\u2010-\u2015\u2212/]{0,3}"
"""What may stand between the digits of a phone number written by hand: 8 (914) 888-44-22."""
_ENDINGS: Final = "аяыийьоеуюёaeiouy"
"""Letters a Russian name's case endings (and their Latin spellings) are made of."""
_ERASED_RUN: Final = re.compile(rf"{re.escape(ERASED)}(?:\s+{re.escape(ERASED)})+")


def personal_pattern(values: Iterable[str]) -> re.Pattern[str] | None:
    """What finds a person's data in free text (audit reasons, copies): the phone in any
    written form (+7 914 888-44-22, 89148884422, 8 (914) 888-44-22, the local 888-44-22), every
    word of the name and company in any case (Пробный, Пробному) and its Latin spelling
    (Probny), whole words only; the e-mail and badge code in any case. None: nothing to find."""
    alternatives: list[str] = []
    words: set[str] = set()
    for value in {v.strip() for v in values if len(v.strip()) >= 2}:
        phone = re.fullmatch(r"\+(\d{7,15})", value)
        if phone is not None:
            alternatives.extend(_phone_forms(phone.group(1)))
            continue
        alternatives.append(rf"(?<!\w){_letters(value)}\w*")
        if "@" not in value:
            for word in re.findall(r"\w{3,}", value):
                words.add(_stem(word))
                latin = transliterate(word)
                if len(latin) >= 3 and latin.isalpha():
                    words.add(_stem(latin))
    alternatives.extend(rf"(?<!\w){_letters(w)}\w*" for w in words)
    if not alternatives:
        return None
    alternatives.sort(key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def erase_in(pattern: re.Pattern[str], text: str) -> str:
    """`text` with what `pattern` finds replaced by the placeholder (once for a run of them)."""
    return _ERASED_RUN.sub(ERASED, pattern.sub(ERASED, text))


def _phone_forms(number: str) -> list[str]:
    """Patterns of one phone number's written forms (E.164 digits without the +)."""
    if len(number) == 11 and number.startswith("7"):
        national, prefix = number[1:], r"(?:\+\s*7|8|7)"
    else:
        national, prefix = number, r"\+"
    # The separator after the prefix only: a space before a bare number stays where it was.
    forms = [rf"(?<!\d)(?:{prefix}{_SEPARATOR})?{_SEPARATOR.join(national)}(?!\d)"]
    if len(national) == 10:
        forms.append(rf"(?<!\d){_SEPARATOR.join(national[-7:])}(?!\d)")
    return forms


def _stem(word: str) -> str:
    """The word without a case ending (at most two letters, and at least three kept)."""
    stem = word
    for _ in range(2):
        if len(stem) > 3 and stem[-1].lower() in _ENDINGS:
            stem = stem[:-1]
    return stem


def _letters(value: str) -> str:
    """`value` as a pattern, with е and ё the same letter."""
    return "".join("[её]" if ch in "еёЕЁ" else re.escape(ch) for ch in value)


def _scrub_copy(
    copy: Mapping[str, Any] | None, pattern: re.Pattern[str] | None, *, whole: bool
) -> dict[str, Any] | None:
    if copy is None:
        return None
    scrubbed: dict[str, Any] = {}
    for key, value in copy.items():
        if whole and key in AUDIT_PERSONAL_KEYS and value not in (None, "", {}):
            value = ERASED
        elif pattern is not None and isinstance(value, str):
            value = erase_in(pattern, value)
        scrubbed[key] = value
    return scrubbed


def compact(desk: Desk) -> None:
    """Leave no old copy of erased data in the SQLite file: the search index's segments are
    merged (dropping what was deleted from them) and the write-ahead log is emptied into the
    file, whose freed pages `secure_delete` has zeroed."""
    engine = desk.db.engine
    if engine.dialect.name != "sqlite":
        return
    if desk.db.fts:
        with desk.db.write() as session:
            session.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')"))
    connection = engine.raw_connection()  # outside any transaction, or nothing is copied
    try:
        connection.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
