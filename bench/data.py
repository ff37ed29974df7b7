"""Benchmark data: deterministic Russian demo attendees in a new database, written in bulk.

The people come from the demo generator (Faker ru_RU, fixed seed), so the first N of a larger
set are the same N people. They go in through the same executemany as the import, with the
search columns the app itself computes (`lookup.search_columns`): an ORM object per person
would take minutes at 100 000.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from itertools import islice
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, select

from kiosk.codes import new_code
from kiosk.config import PARTICIPANT, Event
from kiosk.db import Database, insert_many, open_database
from kiosk.models import Attendee, AttendeeStatus, PaymentStatus, Source, utcnow
from kiosk.search_index import bulk_load, search_columns
from kiosk.services.demo import demo_people
from kiosk.services.registration import PersonInput, placeholder_member

SEED = 2026
CHUNK = 5_000


# Faker never writes ё; people often do, in these names (every other one here).
_WITH_YO = {
    "Федоров": "Фёдоров",
    "Федорова": "Фёдорова",
    "Семенов": "Семёнов",
    "Семенова": "Семёнова",
    "Королев": "Королёв",
    "Королева": "Королёва",
    "Ковалев": "Ковалёв",
    "Ковалева": "Ковалёва",
    "Соловьев": "Соловьёв",
    "Соловьева": "Соловьёва",
    "Воробьев": "Воробьёв",
    "Воробьева": "Воробьёва",
    "Пономарев": "Пономарёв",
    "Пономарева": "Пономарёва",
    "Журавлев": "Журавлёв",
    "Журавлева": "Журавлёва",
    "Киселев": "Киселёв",
    "Киселева": "Киселёва",
    "Селезнев": "Селезнёв",
    "Селезнева": "Селезнёва",
}


def people(count: int, seed: int = SEED) -> list[PersonInput]:
    """The first `count` demo people of this seed; every 25th is an unnamed team seat."""
    stream = demo_people(seed=seed)
    chosen: list[PersonInput] = []
    for person in islice(stream, count):
        if len(chosen) % 25 == 24:
            number = len(chosen) % 4 + 2
            chosen.append(placeholder_member(number, chosen[-1].last_name))
        elif person.last_name in _WITH_YO and len(chosen) % 2:
            chosen.append(replace(person, last_name=_WITH_YO[person.last_name]))
        else:
            chosen.append(person)
    return chosen


def attendee_rows(
    persons: list[PersonInput], event: Event, seed: int = SEED
) -> Iterator[dict[str, Any]]:
    """One plain row per person: tariffs, categories and payments mixed as at a real event."""
    rng = random.Random(seed)
    solo = [t for t in event.tariffs if not t.min_participants]
    categories = list(event.categories)
    start = utcnow() - timedelta(days=30)
    for index, person in enumerate(persons):
        if categories and rng.random() < 0.04:
            category, tariff, price = rng.choice(categories).code, None, 0
        else:
            chosen = rng.choice(solo)
            category, tariff, price = PARTICIPANT, chosen.code, chosen.price
        paid = price == 0 or rng.random() < 0.8
        code = new_code()
        last_key, last_latin, search_text = search_columns(
            last_name=person.last_name,
            first_name=person.first_name,
            middle_name=person.middle_name,
            company=person.company,
            email=person.email,
            phone=person.phone,
            badge_code=code,
        )
        created = start + timedelta(seconds=index * 7)
        yield {
            "badge_code": code,
            "last_name": person.last_name,
            "first_name": person.first_name,
            "middle_name": person.middle_name,
            "original_name": "",
            "company": person.company,
            "position": person.position,
            "phone": person.phone,
            "email": person.email,
            "category": category,
            "tariff": tariff,
            "group_id": None,
            "status": AttendeeStatus.ACTIVE.value,
            "price": price,
            "amount_paid": price if paid else 0,
            "amount_due": 0 if paid else price,
            "payment_status": (
                PaymentStatus.FREE
                if price == 0
                else PaymentStatus.PAID
                if paid
                else PaymentStatus.UNPAID
            ).value,
            "payment_method": "card" if paid and price else None,
            "source": Source.DEMO.value,
            "consent_at": created,
            "desk_edited_at": None,
            "extra": {},
            "last_key": last_key,
            "last_latin": last_latin,
            "search_text": search_text,
            "created_at": created,
            "updated_at": created,
        }


def build(path: Path, persons: list[PersonInput], event: Event) -> Database:
    """A new SQLite database at `path` (schema by the app's migrations) holding these people."""
    db = open_database(f"sqlite:///{path}", event, create=True)
    table = cast(Table, Attendee.__table__)
    rows = attendee_rows(persons, event)
    # As an import writes its new people.
    with db.write() as session, bulk_load(session.connection()):
        while chunk := list(islice(rows, CHUNK)):
            insert_many(session, table, chunk)
    return db


def sample_codes(db: Database, count: int, seed: int = SEED) -> list[str]:
    """Badge codes of `count` different attendees, spread over the whole table."""
    with db.read() as session:
        codes = list(session.scalars(select(Attendee.badge_code).order_by(Attendee.id)))
    return random.Random(seed).sample(codes, min(count, len(codes)))
