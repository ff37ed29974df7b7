"""Demo data: realistic Russian attendees across every tariff, team and badge category.

The same seed gives the same people (names, companies, phones, tariffs, payments); badge codes
still come from the cryptographic source, as they always must.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk import search_index
from kiosk.config import PARTICIPANT
from kiosk.models import PaymentMethod, RegistrationGroup, Source
from kiosk.phones import InvalidPhone, normalize_phone
from kiosk.services import audit
from kiosk.services.checkin import apply_payment
from kiosk.services.context import Desk
from kiosk.services.registration import PersonInput, new_attendee
from kiosk.text import transliterate

if TYPE_CHECKING:
    from faker import Faker

MAX_DEMO = 200_000

# Faker's ru_RU jobs are any profession; a service forum draws managers and owners.
POSITIONS = (
    "Генеральный директор", "Директор по продажам", "Коммерческий директор",
    "Руководитель отдела продаж", "Менеджер по продажам", "Старший менеджер по работе с клиентами",
    "Директор по маркетингу", "Маркетолог", "HR-директор", "Менеджер по персоналу",
    "Управляющий рестораном", "Администратор", "Руководитель клиентского сервиса",
    "Бизнес-тренер", "Собственник", "Индивидуальный предприниматель", "Управляющий магазином",
    "Директор филиала", "Менеджер по качеству обслуживания", "Руководитель колл-центра",
)  # fmt: skip


@dataclass(frozen=True)
class DemoResult:
    attendees: int
    teams: int


def _faker(seed: int) -> Faker:
    # Faker is imported when demo data is made, not while the desk starts (a tenth of a second).
    from faker import Faker

    fake = Faker("ru_RU")
    fake.seed_instance(seed)
    return fake


def _person(fake: Faker, rng: random.Random, used_phones: set[str]) -> PersonInput:
    female = rng.random() < 0.55
    last = fake.last_name_female() if female else fake.last_name_male()
    first = fake.first_name_female() if female else fake.first_name_male()
    middle = fake.middle_name_female() if female else fake.middle_name_male()
    while True:
        try:
            phone = normalize_phone("+79" + "".join(str(rng.randrange(10)) for _ in range(9)))
        except InvalidPhone:
            continue
        if phone not in used_phones:
            used_phones.add(phone)
            break
    email = None
    if rng.random() < 0.6:
        login = f"{transliterate(first)[:1]}.{transliterate(last)}".replace(" ", "")
        email = (
            f"{login}{rng.randrange(100) if rng.random() < 0.3 else ''}@{fake.free_email_domain()}"
        )
    return PersonInput(
        last_name=last,
        first_name=first,
        middle_name=middle if rng.random() < 0.8 else "",
        company=fake.company() if rng.random() < 0.9 else "",
        position=rng.choice(POSITIONS) if rng.random() < 0.8 else "",
        phone=phone,
        email=email,
    )


def demo_people(*, seed: int = 2026) -> Iterator[PersonInput]:
    """An endless stream of different demo people (the same seed, the same people): for data
    sets too large to go through `load_demo` one ORM object at a time, such as the benchmark's."""
    fake = _faker(seed)
    rng = random.Random(seed)
    used_phones: set[str] = set()
    while True:
        yield _person(fake, rng, used_phones)


def load_demo(desk: Desk, *, count: int = 300, seed: int = 2026) -> DemoResult:
    """Add `count` demo attendees in one transaction."""
    if not 1 <= count <= MAX_DEMO:
        raise ValueError(count)
    fake = _faker(seed)
    rng = random.Random(seed)
    event = desk.event
    now = desk.now()
    methods = [PaymentMethod.CARD, PaymentMethod.CASH, PaymentMethod.INVOICE]
    solo = [t for t in event.tariffs if not t.min_participants]
    teams = [t for t in event.tariffs if t.min_participants]
    made = 0
    team_count = 0
    used_phones: set[str] = set()
    with desk.db.write() as session, search_index.bulk_load(session.connection()):
        while made < count:
            roll = rng.random()
            pay = rng.choice(methods) if rng.random() < 0.8 else None
            if roll < 0.04 and event.categories:
                category = rng.choice(event.categories)
                attendee = new_attendee(
                    session,
                    _person(fake, rng, used_phones),
                    category=category.code,
                    tariff=None,
                    price=0,
                    group=None,
                    source=Source.DEMO,
                    consent_at=now,
                    now=now,
                )
                made += 1
                continue
            if roll < 0.09 and teams and count - made >= (teams[0].min_participants or 3):
                tariff = rng.choice(teams)
                size = min(rng.randint(tariff.min_participants or 3, 6), count - made)
                contact = _person(fake, rng, used_phones)
                group = RegistrationGroup(
                    name=f"Команда {contact.last_name}", tariff=tariff.code, size=size
                )
                session.add(group)
                session.flush()
                members = [contact] + [_person(fake, rng, used_phones) for _ in range(size - 1)]
                for index, person in enumerate(members):
                    attendee = new_attendee(
                        session,
                        person
                        if index == 0
                        else PersonInput(
                            person.last_name,
                            person.first_name,
                            person.middle_name,
                            contact.company,
                            person.position,
                        ),
                        category=PARTICIPANT,
                        tariff=tariff.code,
                        price=tariff.price,
                        group=group,
                        source=Source.DEMO,
                        consent_at=now if index == 0 else None,
                        now=now,
                    )
                    if index == 0:
                        group.contact_id = attendee.id
                    if pay is not None:
                        apply_payment(session, desk, attendee, pay)
                made += size
                team_count += 1
                continue
            tariff = rng.choice(solo)
            attendee = new_attendee(
                session,
                _person(fake, rng, used_phones),
                category=PARTICIPANT,
                tariff=tariff.code,
                price=tariff.price,
                group=None,
                source=Source.DEMO,
                consent_at=now,
                now=now,
            )
            if pay is not None:
                apply_payment(session, desk, attendee, pay)
            made += 1
        audit.record(session, desk, "demo", entity="database", after={"count": made, "seed": seed})
        session.flush()
    return DemoResult(attendees=made, teams=team_count)
