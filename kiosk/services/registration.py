"""Registering people at the desk or the kiosk (one person or a team), and correcting records.

Input is validated field by field with messages a person can act on; a phone or e-mail that is
already registered is reported as a possible duplicate instead of creating a second person.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.codes import code_from, new_code
from kiosk.config import PARTICIPANT, Event, Tariff
from kiosk.i18n import tr
from kiosk.models import Attendee, PaymentMethod, PaymentStatus, RegistrationGroup, Source
from kiosk.phones import InvalidPhone, normalize_phone
from kiosk.services import audit, edit_conflicts
from kiosk.services.checkin import CheckInResult, apply_payment, check_in_with
from kiosk.services.context import Desk
from kiosk.services.errors import DuplicateError, NotFoundError, ValidationError
from kiosk.services.locks import lock_values
from kiosk.services.lookup import find_by_code, index_attendee
from kiosk.services.views import AttendeeView, attendee_view, is_placeholder
from kiosk.text import clean, has_forbidden_chars

NAME_MAX = 100
TEXT_MAX = 200
MAX_TEAM = 200


@dataclass(frozen=True)
class PersonInput:
    last_name: str
    first_name: str
    middle_name: str = ""
    company: str = ""
    position: str = ""
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Registration:
    person: PersonInput
    tariff: str | None
    category: str = PARTICIPANT
    team_size: int | None = None
    members: tuple[PersonInput, ...] = ()
    pay: PaymentMethod | None = None
    consent: bool = False
    source: Source = Source.DESK
    allow_duplicate: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RegistrationResult:
    attendees: tuple[AttendeeView, ...]
    total_price: int
    group_id: int | None = None


_FIELD_NAMES = {
    "last_name": ("Фамилия", "Surname"),
    "first_name": ("Имя", "First name"),
    "middle_name": ("Отчество", "Patronymic"),
    "company": ("Компания", "Company"),
    "position": ("Должность", "Position"),
}


def clean_field(value: str | None, name: str, *, required: bool, limit: int) -> str:
    """Validate and normalise one text field (NFC, single spaces); raises ValidationError."""
    ru, en = _FIELD_NAMES.get(name, (name, name))
    raw = value or ""
    if has_forbidden_chars(raw):
        raise ValidationError(
            tr(
                "{f}: недопустимые символы",
                "{f}: contains characters that are not allowed",
                f=tr(ru, en),
            ),
            name,
        )
    text = clean(raw)
    if required and not text:
        raise ValidationError(tr("{f}: обязательное поле", "{f} is required", f=tr(ru, en)), name)
    if len(text) > limit:
        raise ValidationError(
            tr(
                "{f}: слишком длинно (до {n} символов)",
                "{f}: too long (up to {n} characters)",
                f=tr(ru, en),
                n=limit,
            ),
            name,
        )
    if (
        name in ("last_name", "first_name", "middle_name")
        and text
        and not any(ch.isalpha() for ch in text)
    ):
        raise ValidationError(
            tr("{f}: нужны буквы", "{f} must contain letters", f=tr(ru, en)), name
        )
    return text


def clean_phone(value: str | None, *, required: bool) -> str | None:
    raw = clean(value or "")
    if not raw:
        if required:
            raise ValidationError(tr("Телефон: обязательное поле", "Phone is required"), "phone")
        return None
    if len(raw) > 40 or has_forbidden_chars(value or ""):
        raise ValidationError(
            tr("Телефон не похож на номер телефона", "That is not a phone number"), "phone"
        )
    try:
        return normalize_phone(raw)
    except InvalidPhone as exc:
        raise ValidationError(str(exc), "phone") from None


def clean_email(value: str | None) -> str | None:
    raw = clean(value or "")
    if not raw:
        return None
    if len(raw) > 254 or has_forbidden_chars(value or ""):
        raise ValidationError(tr("E-mail слишком длинный", "The e-mail is too long"), "email")
    # Loaded with the first address checked: its rules are a tenth of the desk's start.
    from email_validator import EmailNotValidError, validate_email

    try:
        checked = validate_email(raw, check_deliverability=False)
    except EmailNotValidError:
        raise ValidationError(
            tr(
                "E-mail «{v}» не похож на адрес почты",
                'The e-mail "{v}" does not look like an address',
                v=raw[:60],
            ),
            "email",
        ) from None
    return str(checked.normalized).lower()


def clean_person(person: PersonInput, *, phone_required: bool) -> PersonInput:
    return PersonInput(
        last_name=clean_field(person.last_name, "last_name", required=True, limit=NAME_MAX),
        first_name=clean_field(person.first_name, "first_name", required=True, limit=NAME_MAX),
        middle_name=clean_field(person.middle_name, "middle_name", required=False, limit=NAME_MAX),
        company=clean_field(person.company, "company", required=False, limit=TEXT_MAX),
        position=clean_field(person.position, "position", required=False, limit=TEXT_MAX),
        phone=clean_phone(person.phone, required=phone_required),
        email=clean_email(person.email),
    )


def split_member_name(text: str) -> PersonInput:
    """A team member typed as «Фамилия Имя [Отчество]» (Russian order)."""
    words = clean(text).split(" ")
    if len(words) < 2 or not all(words):
        raise ValidationError(
            tr(
                "Участник команды «{v}»: укажите фамилию и имя",
                'Team member "{v}": give a surname and a first name',
                v=text[:60],
            ),
            "members",
        )
    return PersonInput(last_name=words[0], first_name=words[1], middle_name=" ".join(words[2:]))


def find_duplicate(
    session: Session, phone: str | None, email: str | None
) -> tuple[Attendee, str] | None:
    """The earliest attendee with this phone (checked first) or e-mail, and which matched."""
    for field_name, column, value in (
        ("phone", Attendee.phone, phone),
        ("email", Attendee.email, email),
    ):
        if value:
            found = session.scalars(
                select(Attendee).where(column == value).order_by(Attendee.id).limit(1)
            ).first()
            if found is not None:
                return found, field_name
    return None


def _tariff_or_error(event: Event, code: str | None) -> Tariff:
    if not code:
        raise ValidationError(tr("Выберите тариф", "Choose a tariff"), "tariff")
    tariff = event.tariff(code)
    if tariff is None:
        raise ValidationError(
            tr(
                "Нет тарифа «{t}». Есть: {all}",
                'There is no tariff "{t}". Available: {all}',
                t=code[:40],
                all=", ".join(t.code for t in event.tariffs),
            ),
            "tariff",
        )
    return tariff


def field_errors(desk: Desk, request: Registration) -> dict[str, str]:
    """Every field the registration would refuse, with its message (empty: all fine).

    One submit shows every problem at once — an empty surname, a bad phone, a bad e-mail and
    the missing consent together — instead of one at a time.
    """
    errors: dict[str, str] = {}
    try:
        validate(desk, request)
    except ValidationErrors as exc:
        errors = dict(exc.errors)
    except ValidationError as exc:
        errors[exc.field or ""] = str(exc)
    return errors


class ValidationErrors(ValidationError):
    """Several fields are wrong; `errors` maps each field to its message (in form order)."""

    def __init__(self, errors: dict[str, str]) -> None:
        field, message = next(iter(errors.items()))
        super().__init__(message, field)
        self.errors = errors


PERSON_FIELDS: Final = (
    "last_name",
    "first_name",
    "middle_name",
    "phone",
    "email",
    "company",
    "position",
)


def _clean_person_fields(
    person: PersonInput, *, phone_required: bool, errors: dict[str, str], prefix: str = ""
) -> PersonInput:
    values: dict[str, Any] = {}
    for name in PERSON_FIELDS:
        raw = getattr(person, name)
        try:
            if name == "phone":
                values[name] = clean_phone(raw, required=phone_required)
            elif name == "email":
                values[name] = clean_email(raw)
            else:
                limit = NAME_MAX if name.endswith("_name") else TEXT_MAX
                required = name in ("last_name", "first_name")
                values[name] = clean_field(raw, name, required=required, limit=limit)
        except ValidationError as exc:
            errors[prefix + name] = str(exc)
            values[name] = raw
    return PersonInput(**values)


def validate(desk: Desk, request: Registration) -> Registration:
    """Check and normalise a registration without writing anything; a refusal names every
    wrong field (ValidationErrors)."""
    event = desk.event
    errors: dict[str, str] = {}
    person = _clean_person_fields(request.person, phone_required=True, errors=errors)
    members = []
    for number, member in enumerate(request.members, start=2):
        member_errors: dict[str, str] = {}
        cleaned = _clean_person_fields(member, phone_required=False, errors=member_errors)
        if member_errors:
            first = next(iter(member_errors.values()))
            errors.setdefault(
                "members", tr("Участник {n}: {e}", "Member {n}: {e}", n=number, e=first)
            )
            for name, message in member_errors.items():
                errors[f"member{number}_{name}"] = message
        if not cleaned.company and "company" not in errors:
            # A team member works where the contact works, unless the desk says otherwise.
            cleaned = replace(cleaned, company=person.company)
        members.append(cleaned)
    tariff: Tariff | None = None
    try:
        if request.category == PARTICIPANT:
            tariff = _tariff_or_error(event, request.tariff)
        elif request.tariff:
            raise ValidationError(
                tr(
                    "Укажите либо тариф, либо бесплатную категорию — не то и другое",
                    "Give either a tariff or a free category, not both",
                ),
                "tariff",
            )
        elif event.category(request.category) is None:
            raise ValidationError(
                tr(
                    "Нет категории «{c}». Есть: {all}",
                    'There is no category "{c}". Available: {all}',
                    c=request.category[:40],
                    all=", ".join([PARTICIPANT, *(c.code for c in event.categories)]),
                ),
                "category",
            )
    except ValidationError as exc:
        errors[exc.field or "tariff"] = str(exc)
    size = request.team_size
    if tariff is not None and tariff.min_participants:
        size = size if size is not None else 1 + len(members)
        if size < tariff.min_participants:
            errors["team_size"] = tr(
                "Тариф «{t}» — от {n} участников, а указано {k}",
                'The "{t}" tariff needs at least {n} participants; {k} given',
                t=tariff.title,
                n=tariff.min_participants,
                k=size,
            )
        elif size > MAX_TEAM:
            errors["team_size"] = tr(
                "Слишком большая команда (до {n})", "Team too large (up to {n})", n=MAX_TEAM
            )
        elif len(members) > size - 1:
            errors["members"] = tr(
                "Участников указано больше, чем размер команды ({n})",
                "More members listed than the team size ({n})",
                n=size,
            )
    elif tariff is not None and (size is not None or members):
        errors["team_size"] = tr(
            "Состав команды указывают только для командного тарифа",
            "Team members are only for a team tariff",
        )
    if not request.consent:
        errors["consent"] = tr(
            "Нужно согласие на обработку персональных данных (152-ФЗ)",
            "Consent to personal data processing (Russian law 152-FZ) is required",
        )
    if errors:
        raise ValidationErrors(errors)
    return replace(request, person=person, members=tuple(members), team_size=size)


def register(desk: Desk, request: Registration) -> RegistrationResult:
    """Register a person or a team in one transaction; returns everyone with their codes."""
    request = validate(desk, request)
    with desk.db.write() as session:
        return _register(session, desk, request)


@dataclass(frozen=True)
class WalkInResult:
    """A walk-in registered, paid and checked in as one transaction."""

    registration: RegistrationResult
    checkins: tuple[CheckInResult, ...]
    """One per person whose ticket includes the day (the contact first)."""

    @property
    def attendees(self) -> tuple[AttendeeView, ...]:
        """Everyone registered, as they are after their check-ins."""
        checked = {r.attendee.id: r.attendee for r in self.checkins if r.attendee is not None}
        return tuple(checked.get(a.id, a) for a in self.registration.attendees)


def register_walk_in(desk: Desk, request: Registration, *, day: date | None = None) -> WalkInResult:
    """Register someone (or a team) who came to the door, take the payment, and check in for
    `day` (default: today at the venue) everyone whose ticket includes it — all in one
    transaction: a failure leaves nobody half-registered, and no money without the people."""
    request = validate(desk, request)
    on = day if day is not None else desk.today()
    with desk.db.write() as session:
        registration = _register(session, desk, request, day=on)
        checkins = tuple(
            check_in_with(session, desk, "", attendee_id=attendee.id, day=on)
            for attendee in registration.attendees
            if on in desk.event.entitled_days(attendee.category, attendee.tariff)
        )
        return WalkInResult(registration, checkins)


def _register(
    session: Session, desk: Desk, request: Registration, *, day: date | None = None
) -> RegistrationResult:
    event = desk.event
    now = desk.now()
    # Two desks registering the same walk-in at once: the second waits here, then finds the
    # first one's person as a duplicate.
    lock_values(session, request.person.phone, request.person.email)
    if not request.allow_duplicate:
        duplicate = find_duplicate(session, request.person.phone, request.person.email)
        if duplicate is not None:
            found, field_name = duplicate
            raise DuplicateError(
                tr(
                    "Уже зарегистрирован(а) с этим {what}: {name} ({code})",
                    "Already registered with this {what}: {name} ({code})",
                    what=tr("телефоном", "phone")
                    if field_name == "phone"
                    else tr("e-mail", "e-mail"),
                    name=f"{found.last_name} {found.first_name}",
                    code=found.badge_code,
                ),
                field_name,
                attendee_view(found),
            )
    people = [request.person, *request.members]
    group: RegistrationGroup | None = None
    if request.team_size:
        contact = team_contact_name(request.person.last_name, request.person.first_name)
        for number in range(len(people) + 1, request.team_size + 1):
            seat = placeholder_member(number, contact)
            people.append(replace(seat, company=request.person.company))
        group = RegistrationGroup(
            name=team_name(contact),
            tariff=request.tariff or "",
            size=request.team_size,
        )
        session.add(group)
        session.flush()
    tariff = event.tariff(request.tariff) if request.tariff else None
    each = 0
    if request.category == PARTICIPANT and tariff is not None:
        each = tariff.price_on(desk.today())
    created: list[Attendee] = []
    for index, person in enumerate(people):
        attendee = new_attendee(
            session,
            person,
            code=_code_of_action(desk, index),
            category=request.category,
            tariff=request.tariff if request.category == PARTICIPANT else None,
            price=each if (tariff and tariff.per_participant) or index == 0 else 0,
            group=group,
            source=request.source,
            consent_at=now if index == 0 else None,
            now=now,
            extra=request.extra if index == 0 else {},
        )
        created.append(attendee)
    if group is not None:
        group.contact_id = created[0].id
    for attendee in created:
        audit.record(
            session,
            desk,
            "register",
            entity_id=attendee.id,
            attendee_id=attendee.id,
            after={
                **audit.snapshot(attendee),
                "code": attendee.badge_code,
                "source": str(request.source),
            },
            at=now,
        )
        if request.pay is not None:
            apply_payment(session, desk, attendee, request.pay, day=day)
    session.flush()
    return RegistrationResult(
        attendees=tuple(attendee_view(a) for a in created),
        total_price=sum(a.price for a in created),
        group_id=group.id if group else None,
    )


def _code_of_action(desk: Desk, index: int) -> str | None:
    """The badge code of the action's `index`-th person, made from the action's nonce: a
    walk-in registered on the hub whose answer was lost, registered again on the desk's
    replica, has the code the hub gave them (and the badge printed shows it)."""
    if desk.nonces is None:
        return None
    return code_from(desk.nonces.seed(f"badge_code/{index}"))


def team_contact_name(last_name: str, first_name: str) -> str:
    """What a team is known by: its contact's surname, else first name («команда Анна»), else
    «без имени»; never nothing."""
    return clean(last_name) or clean(first_name) or tr("без имени", "no name")


def team_name(contact: str) -> str:
    return tr("Команда {name}", "Team of {name}", name=contact)


def placeholder_member(number: int, contact: str) -> PersonInput:
    """A team seat not yet named: the desk completes it when the person arrives.

    `contact` is the team's name from `team_contact_name`.
    """
    return PersonInput(
        last_name=tr("Участник {n}", "Member {n}", n=number),
        first_name=tr("команда {name}", "team {name}", name=clean(contact) or "—"),
    )


def new_attendee(
    session: Session,
    person: PersonInput,
    *,
    category: str,
    tariff: str | None,
    price: int,
    group: RegistrationGroup | None,
    source: Source,
    consent_at: datetime | None,
    now: datetime,
    extra: dict[str, Any] | None = None,
    original_name: str = "",
    check_unique: bool = True,
    flush: bool = True,
    code: str | None = None,
) -> Attendee:
    """Add one attendee with a fresh badge code (`code`, when the caller made it).

    With 60 random bits a repeat is practically impossible; the lookup before use (skipped by
    bulk imports for speed) and the unique constraint make it impossible.
    """
    code = code or new_code()
    while check_unique and find_by_code(session, code) is not None:  # pragma: no cover
        code = new_code()
    attendee = Attendee(
        badge_code=code,
        last_name=person.last_name,
        first_name=person.first_name,
        middle_name=person.middle_name,
        original_name=original_name,
        company=person.company,
        position=person.position,
        phone=person.phone,
        email=person.email,
        category=category,
        tariff=tariff,
        group=group,
        price=price,
        amount_paid=0,
        amount_due=price,
        payment_status=PaymentStatus.UNPAID if price > 0 else PaymentStatus.FREE,
        source=source,
        consent_at=consent_at,
        extra=dict(extra or {}),
        created_at=now,
        updated_at=now,
    )
    index_attendee(attendee)
    session.add(attendee)
    if flush:
        session.flush()
    return attendee


EDITABLE = ("last_name", "first_name", "middle_name", "company", "position", "phone", "email")


def swap_names(desk: Desk, code: str) -> AttendeeView:
    """Swap surname and first name, for a name whose order the import had to guess ("John
    Smith" read the wrong way round). Audited like `edit_attendee`, and a re-import then leaves
    the person alone."""
    with desk.db.write() as session:
        attendee = find_by_code(session, code)
        if attendee is None:
            raise NotFoundError(tr("Код «{c}» не найден", 'Code "{c}" not found', c=code[:40]))
        if not (attendee.last_name and attendee.first_name) or is_placeholder(
            attendee.last_name, attendee.first_name
        ):
            raise ValidationError(
                tr(
                    "Нечего менять местами: нужны и фамилия, и имя",
                    "Nothing to swap: both a surname and a first name are needed",
                ),
                "first_name",
            )
        before = audit.snapshot(attendee, ("last_name", "first_name"))
        attendee.last_name, attendee.first_name = attendee.first_name, attendee.last_name
        attendee.desk_edited_at = desk.now()
        index_attendee(attendee)
        audit.record(
            session,
            desk,
            "swap_names",
            entity_id=attendee.id,
            attendee_id=attendee.id,
            before=before,
            after=audit.snapshot(attendee, ("last_name", "first_name")),
        )
        session.flush()
        return attendee_view(attendee)


def edit_attendee(desk: Desk, code: str, changes: dict[str, str | None]) -> AttendeeView:
    """Correct a person's details at the desk (audited; a re-import then leaves them alone)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(
            tr("Нельзя изменить поле {f}", "Field {f} cannot be changed", f=sorted(unknown)[0]),
            sorted(unknown)[0],
        )
    with desk.db.write() as session:
        attendee = find_by_code(session, code)
        if attendee is None:
            raise NotFoundError(tr("Код «{c}» не найден", 'Code "{c}" not found', c=code[:40]))
        fields: dict[str, Any] = {name: getattr(attendee, name) for name in EDITABLE}
        merged = clean_person(PersonInput(**(fields | changes)), phone_required=False)
        if merged.phone != attendee.phone or merged.email != attendee.email:
            duplicate = find_duplicate(
                session,
                merged.phone if merged.phone != attendee.phone else None,
                merged.email if merged.email != attendee.email else None,
            )
            if duplicate is not None and duplicate[0].id != attendee.id:
                found, field_name = duplicate
                raise DuplicateError(
                    tr(
                        "Этот {what} уже у другого участника: {name}",
                        "Another attendee has this {what}: {name}",
                        what=tr("телефон", "phone") if field_name == "phone" else "e-mail",
                        name=f"{found.last_name} {found.first_name}",
                    ),
                    field_name,
                    attendee_view(found),
                )
        before = audit.snapshot(attendee)
        for name in EDITABLE:
            setattr(attendee, name, getattr(merged, name))
        before_changed, after_changed = audit.changed(before, audit.snapshot(attendee))
        if after_changed:
            attendee.desk_edited_at = desk.now()
            index_attendee(attendee)
            audit.record(
                session,
                desk,
                "edit",
                entity_id=attendee.id,
                attendee_id=attendee.id,
                before=before_changed,
                after=after_changed,
            )
            # Someone chose the value of a field two desks had set apart: settled.
            edit_conflicts.settle_by_edit(session, desk, attendee.id, after_changed)
        session.flush()
        return attendee_view(attendee)
