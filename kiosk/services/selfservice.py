"""Self-service at the kiosk: visitors find themselves without seeing anyone else's data.

A phone number alone never reveals a person: the visitor must also give the first letters of
the surname, and only a match returns the visitor's own record. Wrong attempts are counted
per kiosk and lock the lookup for a while. Leaving kiosk mode needs the staff PIN, stored
only as a salted scrypt hash.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final

from sqlalchemy import select

from kiosk.config import PARTICIPANT
from kiosk.db import Database
from kiosk.i18n import tr
from kiosk.models import Attendee, AttendeeStatus, EventInfo, Source
from kiosk.phones import InvalidPhone, normalize_phone
from kiosk.services.context import Clock, Desk
from kiosk.services.errors import DuplicateError, ServiceError, ValidationError
from kiosk.services.registration import Registration, RegistrationResult, register
from kiosk.services.views import AttendeeView, attendee_view
from kiosk.text import fold, latin_fold, latin_readings

PIN_KEY: Final = "staff_pin"
PIN_MIN, PIN_MAX = 4, 12
# scrypt cost: about 50 ms here, fine for a PIN typed once, slow for guessing.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MAX_FAILURES: Final = 5
LOCKOUT: Final = timedelta(minutes=2)
MIN_LETTERS: Final = 2
MAX_KIOSK_TEAM: Final = 20
"""Bigger teams register at the desk (a visitor alone should not create a hundred people)."""


# ---- the staff PIN -----------------------------------------------------------------------


def _hash(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, dklen=32)


def check_pin_format(pin: str) -> str:
    pin = pin.strip()
    if not (pin.isdigit() and pin.isascii() and PIN_MIN <= len(pin) <= PIN_MAX):
        raise ValidationError(
            tr(
                "PIN — от {a} до {b} цифр",
                "The PIN must be {a} to {b} digits",
                a=PIN_MIN,
                b=PIN_MAX,
            ),
            "pin",
        )
    return pin


def set_pin(db: Database, pin: str) -> None:
    """Store the staff PIN as scrypt$n$r$p$salt$hash; the PIN itself is never stored."""
    pin = check_pin_format(pin)
    salt = secrets.token_bytes(16)
    digest = _hash(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    value = f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"
    with db.write() as session:
        row = session.get(EventInfo, PIN_KEY)
        if row is None:
            session.add(EventInfo(key=PIN_KEY, value=value))
        else:
            row.value = value


def has_pin(db: Database) -> bool:
    with db.read() as session:
        return session.get(EventInfo, PIN_KEY) is not None


def verify_pin(db: Database, pin: str) -> bool:
    """True for the right PIN; False for a wrong one or when no PIN was ever set."""
    with db.read() as session:
        row = session.get(EventInfo, PIN_KEY)
    if row is None:
        return False
    try:
        _scheme, n, r, p, salt, digest = row.value.split("$")
        expected = bytes.fromhex(digest)
        actual = _hash(pin.strip(), bytes.fromhex(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(expected, actual)


# ---- finding oneself ---------------------------------------------------------------------


class Lookup(StrEnum):
    FOUND = "found"
    MORE_LETTERS = "more_letters"
    """Several people share the phone and these letters: ask for more (not a wrong try)."""
    NO_MATCH = "no_match"
    LOCKED = "locked"


@dataclass(frozen=True)
class LookupResult:
    status: Lookup
    attendee: AttendeeView | None = None
    retry_after: datetime | None = None


@dataclass
class Guard:
    """Counts wrong attempts at one kiosk and locks the lookup after too many."""

    clock: Clock
    failures: list[datetime] = field(default_factory=list)
    locked_until: datetime | None = None

    def locked(self) -> datetime | None:
        now = self.clock()
        if self.locked_until is not None and now < self.locked_until:
            return self.locked_until
        self.locked_until = None
        return None

    def failed(self) -> None:
        now = self.clock()
        self.failures = [t for t in self.failures if now - t < LOCKOUT] + [now]
        if len(self.failures) >= MAX_FAILURES:
            self.locked_until = now + LOCKOUT
            self.failures.clear()

    def succeeded(self) -> None:
        self.failures.clear()


def _surname_keys(last_name: str) -> tuple[str, str]:
    return fold(last_name).replace(" ", ""), latin_fold(last_name).replace(" ", "")


def _matching(people: Sequence[Attendee], letters: str) -> list[Attendee]:
    """The people whose surname begins with these letters, as typed or as a Latin spelling of
    it ("Elk" for Ёлкина, "Scerb" for Щербаков): by the usual reading of the letters, or if
    that fits nobody, by the others ("Juk" as Жук…, chat-style)."""
    prefix = fold(letters).replace(" ", "")
    readings = latin_readings(letters.replace(" ", ""))
    keys = {a.id: _surname_keys(a.last_name) for a in people}
    matches: list[Attendee] = []
    for usual_only in (True, False):
        # "ъъ" has no Latin letters to compare
        spelled = tuple(
            key
            for key, unusual in readings
            if len(key) >= MIN_LETTERS and not (usual_only and unusual)
        )
        matches = [
            a
            for a in people
            if keys[a.id][0].startswith(prefix) or (spelled and keys[a.id][1].startswith(spelled))
        ]
        whole = [a for a in matches if prefix == keys[a.id][0] or keys[a.id][1] in spelled]
        if len(matches) > 1 and len(whole) == 1:
            return whole  # «Сидоров» typed in full, beside a «Сидорова» on the same phone
        if matches:
            break
    return matches


def find_by_phone_and_surname(db: Database, guard: Guard, phone: str, letters: str) -> LookupResult:
    """The visitor's own record, if the phone and the first letters of the surname agree.

    A phone shared by several people (a team contact) is resolved by the letters too; the
    visitor is never shown a list, nor told whether the phone alone was known.
    """
    retry = guard.locked()
    if retry is not None:
        return LookupResult(Lookup.LOCKED, retry_after=retry)
    if len(fold(letters).replace(" ", "")) < MIN_LETTERS:
        raise ValidationError(
            tr(
                "Введите первые буквы фамилии (не меньше {n})",
                "Type the first letters of your surname (at least {n})",
                n=MIN_LETTERS,
            ),
            "letters",
        )
    try:
        e164 = normalize_phone(phone)
    except InvalidPhone as exc:
        raise ValidationError(str(exc), "phone") from None
    with db.read() as session:
        people = session.scalars(
            select(Attendee).where(Attendee.phone == e164, Attendee.status == AttendeeStatus.ACTIVE)
        ).all()
        matches = _matching(people, letters)
        if len(matches) == 1:
            guard.succeeded()
            return LookupResult(Lookup.FOUND, attendee_view(matches[0]))
        if len(matches) > 1:
            return LookupResult(Lookup.MORE_LETTERS)
    guard.failed()
    retry = guard.locked()
    return LookupResult(Lookup.LOCKED if retry else Lookup.NO_MATCH, retry_after=retry)


# ---- signing up ----------------------------------------------------------------------------


class Locked(ServiceError):
    """Too many wrong tries at this kiosk: the visitor should wait or go to the desk."""

    def __init__(self, retry_after: datetime) -> None:
        super().__init__(
            tr(
                "Слишком много попыток. Подождите немного или подойдите к стойке регистрации.",
                "Too many attempts. Please wait a little or go to the registration desk.",
            )
        )
        self.retry_after = retry_after


class AlreadyRegistered(ServiceError):
    """The phone or e-mail is registered already; nothing about that person is revealed."""

    def __init__(self, field_name: str | None) -> None:
        super().__init__(
            tr(
                "Этот телефон или e-mail уже зарегистрирован. Если это вы — нажмите "
                "«Я зарегистрирован(а)»; если нет — подойдите к стойке регистрации.",
                "This phone or e-mail is registered already. If it is you, choose "
                "“I have registered”; if not, please go to the registration desk.",
            )
        )
        self.field = field_name


def self_register(desk: Desk, guard: Guard, request: Registration) -> RegistrationResult:
    """Register a visitor at the kiosk: unpaid, with a tariff only, never as a duplicate.

    Free categories (speaker, press, …) are for staff to give, not for visitors to claim.
    A phone or e-mail already on file counts as a wrong try, so the sign-up form cannot be
    used to find out who is registered faster than the lookup allows.
    """
    retry = guard.locked()
    if retry is not None:
        raise Locked(retry)
    if request.category != PARTICIPANT:
        raise ValidationError(
            tr("Выберите тариф", "Choose a tariff"),
            "tariff",
        )
    if request.team_size is not None and request.team_size > MAX_KIOSK_TEAM:
        raise ValidationError(
            tr(
                "Команду больше {n} человек зарегистрируют на стойке регистрации",
                "A team of more than {n} people is registered at the registration desk",
                n=MAX_KIOSK_TEAM,
            ),
            "team_size",
        )
    request = replace(request, source=Source.KIOSK, pay=None, allow_duplicate=False)
    try:
        return register(desk, request)
    except DuplicateError as exc:
        guard.failed()
        raise AlreadyRegistered(exc.field) from None
