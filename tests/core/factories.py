"""Small helpers to register attendees in tests."""

from __future__ import annotations

from itertools import count

from kiosk.models import PaymentMethod, Source
from kiosk.services.context import Desk
from kiosk.services.registration import PersonInput, Registration, register
from kiosk.services.views import AttendeeView

_phones = count(1000000)


def next_phone() -> str:
    return f"+7914{next(_phones):07d}"


def person(last: str = "Иванов", first: str = "Иван", **fields: str) -> PersonInput:
    return PersonInput(
        last_name=last, first_name=first, phone=fields.pop("phone", next_phone()), **fields
    )


def registered(
    desk: Desk,
    tariff: str | None = "comfort",
    *,
    last: str = "Иванов",
    first: str = "Иван",
    paid: bool = True,
    category: str = "participant",
    allow_duplicate: bool = False,
    **fields: str,
) -> AttendeeView:
    result = register(
        desk,
        Registration(
            person=person(last, first, **fields),
            tariff=tariff,
            category=category,
            pay=PaymentMethod.CARD if paid else None,
            consent=True,
            source=Source.DESK,
            allow_duplicate=allow_duplicate,
        ),
    )
    return result.attendees[0]
