"""Self-service at the kiosk: visitors find themselves without seeing anyone else's data.

A phone number alone never reveals a person: the visitor must also give the first letters of
the surname, and only a match returns the visitor's own record. Wrong attempts are counted
per kiosk and lock the lookup for a while; sign-ups are limited per kiosk too. Leaving kiosk
mode needs the staff PIN, stored only as a salted scrypt hash.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Final

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from kiosk.config import PARTICIPANT, Event, Tariff
from kiosk.db import Database
from kiosk.i18n import tr
from kiosk.models import (
    Attendee,
    AttendeeStatus,
    AuditEntry,
    EventInfo,
    RegistrationGroup,
    Source,
)
from kiosk.phones import InvalidPhone, normalize_phone
from kiosk.services.context import Clock, Desk
from kiosk.services.errors import DuplicateError, ServiceError, ValidationError
from kiosk.services.views import AttendeeView, attendee_view
from kiosk.text import fold, latin_fold, latin_readings

if TYPE_CHECKING:
    from kiosk.services.registration import Registration, RegistrationResult

PIN_KEY: Final = "staff_pin"
PIN_DIGITS_MIN: Final = 6
PASSPHRASE_MIN: Final = 10
PIN_MAX: Final = 64


@dataclass(frozen=True)
class HashCost:
    """scrypt's parameters: n (CPU and memory), r (block size), p (parallelism)."""

    n: int
    r: int
    p: int

    def __le__(self, other: HashCost) -> bool:
        return self.n <= other.n and self.r <= other.r and self.p <= other.p


DEFAULT_COST: Final = HashCost(n=2**17, r=8, p=1)
"""128 MiB and 0.54 s a guess on this project's 2-core machine (docs/BENCHMARKS.md; the rule
is at least 0.25 s): a six-digit PIN takes days to find from a copy of the database, where
the first version's 16 MiB (0.07 s) and four digits took under three minutes."""
pin_cost: HashCost = DEFAULT_COST
"""The cost of new hashes. Only tests lower it (tests/conftest.py), to stay fast."""
MAX_COST: Final = HashCost(n=2**20, r=16, p=4)
"""A stored hash asking for more than this is not ours (and would take gigabytes)."""
MAX_FAILURES: Final = 5
"""Wrong tries for one phone number before it is locked for `LOCKOUT`."""
MAX_KIOSK_FAILURES: Final = 30
"""Wrong tries at one kiosk within `KIOSK_WINDOW`, whatever the numbers, before it locks."""
KIOSK_WINDOW: Final = timedelta(minutes=10)
LOCKOUT: Final = timedelta(minutes=2)
MIN_LETTERS: Final = 2
MAX_KIOSK_TEAM: Final = 20
"""Bigger teams register at the desk (a visitor alone should not create a hundred people)."""
SIGN_UP_WINDOW: Final = timedelta(minutes=10)
DEFAULT_SIGN_UPS: Final = 10
"""Sign-ups a kiosk takes in `SIGN_UP_WINDOW` unless its settings say otherwise."""


# ---- the staff PIN -----------------------------------------------------------------------
#
# scrypt, from the standard library (OpenSSL), rather than Argon2id: it is as much a password
# hash made to be costly in memory, it needs no native package on every desk's laptop, and the
# hashes stored so far are scrypt already, so raising the cost is a re-hash, not a migration.


class PinCheck(StrEnum):
    WRONG = "wrong"
    RIGHT = "right"
    REPLACE = "replace"
    """Right, but a PIN of the first version's kind (four digits): staff are let in once to
    choose one that meets today's rules, and nothing else happens until they do."""


def _hash(pin: str, salt: bytes, cost: HashCost) -> bytes:
    return hashlib.scrypt(
        pin.encode(), salt=salt, n=cost.n, r=cost.r, p=cost.p, dklen=32, maxmem=_memory(cost)
    )


def _memory(cost: HashCost) -> int:
    return 130 * cost.n * cost.r * cost.p + 2**24  # OpenSSL's own need, and some room


def pin_problem(pin: str, today: date | None = None) -> str | None:
    """Why this PIN is too weak, or None: six digits or more that are not an obvious choice
    (`_obvious_digits`), or a passphrase of ten characters or more with letters in it that
    is not one key held down or a row of the keyboard."""
    if len(pin) > PIN_MAX or any(not ch.isprintable() for ch in pin):
        return tr(
            "PIN — до {n} печатаемых символов",
            "The PIN is up to {n} printable characters",
            n=PIN_MAX,
        )
    if pin.isdigit() and pin.isascii():
        if len(pin) < PIN_DIGITS_MIN:
            return tr(
                "PIN — не меньше {n} цифр (или фраза от {k} символов с буквами)",
                "The PIN needs at least {n} digits (or a phrase of {k} characters with letters)",
                n=PIN_DIGITS_MIN,
                k=PASSPHRASE_MIN,
            )
        return _obvious_digits(pin, today or date.today())
    if len(pin) < PASSPHRASE_MIN or not any(ch.isalpha() for ch in pin):
        return tr(
            "Фраза вместо PIN — не меньше {k} символов, с буквами (или PIN от {n} цифр)",
            "A passphrase needs at least {k} characters, with letters (or a PIN of {n} digits)",
            n=PIN_DIGITS_MIN,
            k=PASSPHRASE_MIN,
        )
    folded = "".join(pin.casefold().split())
    if len(set(folded)) < PASSPHRASE_DISTINCT or any(folded in row for row in _KEY_ROWS):
        return tr(
            "Слишком простая фраза (одна клавиша или ряд клавиатуры): выберите другую",
            "Too simple a passphrase (one key, or a row of the keyboard): choose another",
        )
    return None


PASSPHRASE_DISTINCT: Final = 5
"""Different characters a passphrase needs at least (not «aaaaaaaaaa», «abababababab»)."""
_KEY_ROWS: Final = (
    "1234567890qwertyuiopasdfghjklzxcvbnm",
    "qwertyuiop[]asdfghjkl;'zxcvbnm,./",
    "йцукенгшщзхъфывапролджэячсмитьбю.",
    "qazwsxedcrfvtgbyhnujmikolp",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "passwordpassword",
    "парольпароль",
)
_KNOWN_PINS: Final = frozenset(
    # The well-known choices that follow no simple rule: keypad shapes and folk favourites
    # from the published lists of most used PINs.
    [
        "147258",
        "258369",
        "147369",
        "159753",
        "159357",
        "147852",
        "741852",
        "963852",
        "852456",
        "258456",
        "456852",
        "789456",
        "456789123",
        "123789",
        "789123",
        "456123",
        "123654",
        "321654",
        "654123",
        "142536",
        "102030",
        "100500",
        "112358",
        "741963",
        "369258",
        "951753",
        "753951",
        "135246",
        "246135",
        "147963",
        "987321",
        "1472583690",
        "1597534682",
    ]
)


def _obvious_digits(pin: str, today: date) -> str | None:
    """A digit PIN someone guessing would try early: one digit, a run (123456, 654321), a
    block said again (121212, 123123, 112233), a mirror (123321), a year (2026 in it) or a
    date (a birthday: 270390, 27031990, 19900327), or a well-known keypad shape (147258)."""
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(pin)}
    if len(steps) == 1 and steps <= {0, 1, 9}:
        return tr(
            "Слишком простой PIN (одна цифра или цифры подряд): выберите другой",
            "Too simple a PIN (one digit, or digits in a row): choose another",
        )
    n = len(pin)
    sizes = range(1, n // 2 + 1)
    repeated = any(n % size == 0 and pin == pin[:size] * (n // size) for size in sizes)
    doubled = n % 2 == 0 and all(pin[i] == pin[i + 1] for i in range(0, n, 2))
    if repeated or doubled or pin == pin[::-1]:
        return tr(
            "Слишком простой PIN (повтор или зеркало, как 121212, 112233, 123321): выберите другой",
            "Too simple a PIN (a repeat or a mirror, like 121212, 112233, 123321): choose another",
        )
    years = {str(year) for year in range(today.year - 2, today.year + 3)}
    if any(year in pin for year in years) or _is_date(pin):
        return tr(
            "Слишком простой PIN (год или дата, например день рождения): выберите другой",
            "Too simple a PIN (a year or a date, such as a birthday): choose another",
        )
    if pin in _KNOWN_PINS:
        return tr(
            "Слишком простой PIN (его пробуют одним из первых): выберите другой",
            "Too simple a PIN (one of the first anyone tries): choose another",
        )
    return None


def _is_date(pin: str) -> bool:
    """Whether the digits read as a date: DDMMYY, YYMMDD, MMDDYY, DDMMYYYY, YYYYMMDD."""
    shapes: tuple[tuple[str, str, str], ...]
    if len(pin) == 6:
        shapes = (
            (pin[0:2], pin[2:4], "20" + pin[4:6]),
            (pin[4:6], pin[2:4], "20" + pin[0:2]),
            (pin[2:4], pin[0:2], "20" + pin[4:6]),
        )
    elif len(pin) == 8:
        shapes = ((pin[0:2], pin[2:4], pin[4:8]), (pin[6:8], pin[4:6], pin[0:4]))
    else:
        return False
    for day, month, year in shapes:
        try:
            date(int(year), int(month), int(day))
        except ValueError:
            continue
        if len(pin) == 6 or 1900 <= int(year) <= 2100:
            return True
    return False


def check_pin_format(pin: str) -> str:
    """The PIN without surrounding spaces, if it meets the rules; else ValidationError."""
    pin = pin.strip()
    problem = pin_problem(pin)
    if problem is not None:
        raise ValidationError(problem, "pin")
    return pin


def _encode(pin: str, cost: HashCost) -> str:
    salt = secrets.token_bytes(16)
    digest = _hash(pin, salt, cost)
    return f"scrypt${cost.n}${cost.r}${cost.p}${salt.hex()}${digest.hex()}"


def set_pin(db: Database, pin: str) -> None:
    """Store the staff PIN as scrypt$n$r$p$salt$hash; the PIN itself is never stored."""
    _store(db, _encode(check_pin_format(pin), pin_cost))


def _store(db: Database, value: str) -> None:
    with db.write() as session:
        row = session.get(EventInfo, PIN_KEY)
        if row is None:
            session.add(EventInfo(key=PIN_KEY, value=value))
        else:
            row.value = value


def has_pin(db: Database) -> bool:
    with db.read() as session:
        return session.get(EventInfo, PIN_KEY) is not None


def check_pin(db: Database, pin: str) -> PinCheck:
    """Whether `pin` is the staff PIN. A right PIN stored at a lower cost than today's is
    re-hashed at today's; a right one too weak for today's rules must be replaced."""
    with db.read() as session:
        row = session.get(EventInfo, PIN_KEY)
    if row is None:
        return PinCheck.WRONG
    pin = pin.strip()
    try:
        _scheme, n, r, p, salt, digest = row.value.split("$")
        cost = HashCost(int(n), int(r), int(p))
        if not cost <= MAX_COST:
            return PinCheck.WRONG
        expected = bytes.fromhex(digest)
        actual = _hash(pin, bytes.fromhex(salt), cost)
    except ValueError:
        return PinCheck.WRONG
    if not hmac.compare_digest(expected, actual):
        return PinCheck.WRONG
    if pin_problem(pin) is not None:
        return PinCheck.REPLACE
    if not pin_cost <= cost:
        _store(db, _encode(pin, pin_cost))
    return PinCheck.RIGHT


def verify_pin(db: Database, pin: str) -> bool:
    """True for the right PIN (also one that must be replaced); False for a wrong one or when
    no PIN was ever set."""
    return check_pin(db, pin) is not PinCheck.WRONG


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
    tries_left: int | None = None
    """After a wrong try: how many are left for this phone before it locks."""


@dataclass
class Guard:
    """Counts wrong attempts at one kiosk, per phone number (or other key), and locks that
    key for a while after too many — one visitor's mistakes never lock out the next visitor.
    The kiosk as a whole locks only at a much higher count (someone trying many numbers)."""

    clock: Clock
    max_failures: int = MAX_FAILURES
    max_total: int = MAX_KIOSK_FAILURES
    failures: dict[str, list[datetime]] = field(default_factory=dict)
    locked_until: dict[str, datetime] = field(default_factory=dict)
    total: list[datetime] = field(default_factory=list)
    all_locked_until: datetime | None = None

    def locked(self, key: str = "") -> datetime | None:
        """Until when this key (or the whole kiosk) is locked; None when it is not."""
        now = self.clock()
        if self.all_locked_until is not None and now < self.all_locked_until:
            return self.all_locked_until
        self.all_locked_until = None
        until = self.locked_until.get(key)
        if until is not None and now < until:
            return until
        self.locked_until.pop(key, None)
        return None

    def failed(self, key: str = "") -> None:
        now = self.clock()
        recent = [t for t in self.failures.get(key, []) if now - t < LOCKOUT] + [now]
        self.total = [t for t in self.total if now - t < KIOSK_WINDOW] + [now]
        if len(recent) >= self.max_failures:
            self.locked_until[key] = now + LOCKOUT
            recent = []
        self.failures[key] = recent
        if len(self.total) >= self.max_total:
            self.all_locked_until = now + LOCKOUT
            self.total.clear()

    def tries_left(self, key: str = "") -> int:
        now = self.clock()
        recent = [t for t in self.failures.get(key, []) if now - t < LOCKOUT]
        return max(0, self.max_failures - len(recent))

    def succeeded(self, key: str = "") -> None:
        self.failures.pop(key, None)


def _surname_keys(last_name: str) -> tuple[str, str]:
    return fold(last_name).replace(" ", ""), latin_fold(last_name).replace(" ", "")


def _has_latin(text: str) -> bool:
    return any("a" <= ch <= "z" for ch in fold(text))


def _matching(people: Sequence[Attendee], letters: str) -> list[Attendee]:
    """The people whose surname begins with these letters, as typed or as a Latin spelling of
    it ("Elk" for Ёлкина, "Scerb" for Щербаков): by the usual reading of the letters, or if
    that fits nobody, by the others ("Juk" as Жук…, chat-style).

    Cyrillic letters are compared with a Cyrillic surname as typed — the soft sign is a
    letter: «Кузь» is Кузьмина, not Кузнецова — and through the Latin spellings only with a
    surname registered in Latin letters."""
    prefix = fold(letters).replace(" ", "")
    latin_typed = _has_latin(letters)
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

        def by_spelling(person: Attendee, spelled: tuple[str, ...] = spelled) -> bool:
            if not spelled or (not latin_typed and not _has_latin(person.last_name)):
                return False
            return bool(keys[person.id][1].startswith(spelled))

        matches = [a for a in people if keys[a.id][0].startswith(prefix) or by_spelling(a)]
        whole = [a for a in matches if prefix == keys[a.id][0] or keys[a.id][1] in spelled]
        if len(matches) > 1 and len(whole) == 1:
            return whole  # «Сидоров» typed in full, beside a «Сидорова» on the same phone
        if matches:
            break
    return matches


def find_by_phone_and_surname(db: Database, guard: Guard, phone: str, letters: str) -> LookupResult:
    """The visitor's own record, if the phone and the first letters of the surname agree.

    The phone is the visitor's own or their team contact's (team members have no phone of
    their own: they give the contact's and their own surname). A phone shared by several
    people is resolved by the letters; the visitor is never shown a list, nor told whether the
    phone alone was known. Cyrillic letters are compared as typed — «Кузь» (with its soft
    sign) is not «Кузн» — and Latin letters by the Latin spellings of the surname.
    """
    try:
        e164 = normalize_phone(phone)
    except InvalidPhone as exc:
        raise ValidationError(str(exc), "phone") from None
    retry = guard.locked(e164)
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
    with db.read() as session:
        teams = (
            select(RegistrationGroup.id)
            .join(Attendee, Attendee.id == RegistrationGroup.contact_id)
            .where(Attendee.phone == e164)
        )
        people = session.scalars(
            select(Attendee).where(
                Attendee.status == AttendeeStatus.ACTIVE,
                or_(Attendee.phone == e164, Attendee.group_id.in_(teams)),
            )
        ).all()
        matches = _matching(people, letters)
        if len(matches) == 1:
            guard.succeeded(e164)
            return LookupResult(Lookup.FOUND, attendee_view(matches[0]))
        if len(matches) > 1:
            return LookupResult(Lookup.MORE_LETTERS)
    guard.failed(e164)
    retry = guard.locked(e164)
    return LookupResult(
        Lookup.LOCKED if retry else Lookup.NO_MATCH,
        retry_after=retry,
        tries_left=None if retry else guard.tries_left(e164),
    )


def contact_taken(desk: Desk, guard: Guard, phone: str | None, email: str | None) -> str | None:
    """At the sign-up's contacts step: «phone» or «email» when that one is registered already
    (never whose); a taken one counts as a wrong try, so the form cannot be used to find out
    who is registered faster than the lookup allows."""
    # Registering loads when a visitor first signs up: the desk imports this module to start
    # (its settings hold the sign-up limit), and registering's modules were a tenth of that.
    from kiosk.services.registration import clean_email, clean_phone, find_duplicate

    cleaned_phone = clean_phone(phone, required=False)
    cleaned_email = clean_email(email)
    key = _contact_key(cleaned_phone, cleaned_email)
    retry = guard.locked(key)
    if retry is not None:
        raise Locked(retry)
    with desk.db.read() as session:
        found = find_duplicate(session, cleaned_phone, cleaned_email)
    if found is None:
        return None
    guard.failed(key)
    return found[1]


def _contact_key(phone: str | None, email: str | None) -> str:
    """What wrong tries are counted under: the phone as the lookup normalises it, else the
    e-mail (so a sign-up and a lookup with the same number share one count)."""
    try:
        return normalize_phone(phone) if phone else (email or "").strip().lower()
    except InvalidPhone:
        return phone or ""


def kiosk_tariffs(event: Event, today: date) -> tuple[Tariff, ...]:
    """The tariffs a visitor may choose at the kiosk today: none of whose days is over (unless
    the event file gives a price for the days left)."""
    return tuple(t for t in event.tariffs if t.on_sale(today))


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


class TooManySignUps(ServiceError):
    """This kiosk took its share of sign-ups for now: the visitor goes to the desk."""

    def __init__(self) -> None:
        super().__init__(
            tr(
                "Сейчас на этом киоске зарегистрироваться нельзя. Пожалуйста, подойдите к "
                "стойке регистрации — там помогут.",
                "Signing up at this kiosk is not possible right now. Please go to the "
                "registration desk: they will help you.",
            )
        )
        self.field = None


@dataclass
class SignUpLimit:
    """At most `limit` people signed up unpaid at one kiosk in `SIGN_UP_WINDOW`: made-up phones
    cannot flood the list of attendees (each one is unpaid until the desk takes the money). A
    team counts as many people as it has seats, or ten teams of twenty would make 200.

    The count is taken from the database — the people this kiosk (by its desk name) signed up
    in the window and nobody has paid for yet — so restarting the kiosk does not reset it."""

    clock: Clock
    limit: int = DEFAULT_SIGN_UPS

    def left(self, desk: Desk) -> int:
        """How many more sign-ups this kiosk may take now."""
        return max(0, self.limit - sign_ups_made(desk, self.clock() - SIGN_UP_WINDOW))

    def allows(self, desk: Desk) -> bool:
        return self.left(desk) > 0


def sign_ups_made(desk: Desk, since: datetime) -> int:
    """People signed up at this kiosk (`desk.name`) since `since` and not paid for: every seat
    of a team (whose contact has not paid), from the audit log's «register» entries."""
    contact = aliased(Attendee)
    with desk.db.read() as session:
        count = session.scalar(
            select(func.count(func.distinct(AuditEntry.attendee_id)))
            .join(Attendee, Attendee.id == AuditEntry.attendee_id)
            .outerjoin(RegistrationGroup, RegistrationGroup.id == Attendee.group_id)
            .outerjoin(contact, contact.id == RegistrationGroup.contact_id)
            .where(
                AuditEntry.action == "register",
                AuditEntry.desk == desk.name,
                AuditEntry.at > since,
                Attendee.source == Source.KIOSK,
                Attendee.amount_paid == 0,
                or_(contact.id.is_(None), contact.amount_paid == 0),
            )
        )
    return int(count or 0)


def seats(request: Registration) -> int:
    """How many people a registration signs up: the person, the members named, a team's
    unnamed seats."""
    return max(request.team_size or 0, 1 + len(request.members))


def sign_ups_left(desk: Desk, limit: SignUpLimit) -> int:
    """How many sign-ups the kiosk may take now: asked when the visitor chooses to sign up,
    so they learn before filling the form, not after."""
    return limit.left(desk)


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


def self_register(
    desk: Desk, guard: Guard, request: Registration, limit: SignUpLimit | None = None
) -> RegistrationResult:
    """Register a visitor at the kiosk: unpaid, with a tariff only, never as a duplicate, and
    no more often than the kiosk's `limit` allows.

    Free categories (speaker, press, …) are for staff to give, not for visitors to claim.
    A phone or e-mail already on file counts as a wrong try, so the sign-up form cannot be
    used to find out who is registered faster than the lookup allows.
    """
    from kiosk.services.registration import register

    key = _contact_key(request.person.phone, request.person.email)
    retry = guard.locked(key)
    if retry is not None:
        raise Locked(retry)
    left = limit.left(desk) if limit is not None else None
    if left is not None and left <= 0:
        raise TooManySignUps()
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
    if left is not None and seats(request) > left:
        raise ValidationError(
            tr(
                "Сейчас на этом киоске можно зарегистрировать не больше {n} чел. Команду "
                "больше зарегистрируют на стойке регистрации.",
                "This kiosk can sign up at most {n} more people right now. A larger team "
                "is registered at the registration desk.",
                n=left,
            ),
            "team_size",
        )
    tariff = desk.event.tariff(request.tariff or "")
    if tariff is not None and not tariff.on_sale(desk.today()):
        raise ValidationError(
            tr(
                "Этот тариф уже не продаётся: часть его дней прошла",
                "This tariff is no longer sold: some of its days are over",
            ),
            "tariff",
        )
    request = replace(request, source=Source.KIOSK, pay=None, allow_duplicate=False)
    try:
        result = register(desk, request)
    except DuplicateError as exc:
        guard.failed(key)
        raise AlreadyRegistered(exc.field) from None
    return result
