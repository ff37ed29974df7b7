"""Kiosk self-service core: the staff PIN and finding oneself without seeing anyone else."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from sqlalchemy import select

from kiosk.cli import main
from kiosk.models import EventInfo
from kiosk.services.context import Desk
from kiosk.services.errors import ValidationError
from kiosk.services.selfservice import (
    MAX_FAILURES,
    Guard,
    Lookup,
    find_by_phone_and_surname,
    has_pin,
    set_pin,
    verify_pin,
)
from tests.conftest import FixedClock
from tests.core.factories import registered


def test_pin_is_stored_only_as_a_salted_scrypt_hash(desk: Desk) -> None:
    assert not has_pin(desk.db) and not verify_pin(desk.db, "1234")
    set_pin(desk.db, "2468")
    with desk.db.read() as session:
        stored = session.get(EventInfo, "staff_pin")
    assert stored is not None and "2468" not in stored.value
    assert stored.value.startswith("scrypt$")
    assert verify_pin(desk.db, "2468") and not verify_pin(desk.db, "2469")
    first = stored.value
    set_pin(desk.db, "2468")
    with desk.db.read() as session:
        again = session.scalars(select(EventInfo.value).where(EventInfo.key == "staff_pin")).one()
    assert again != first  # a new salt every time


@pytest.mark.parametrize("pin", ["", "12", "abcd", "1234567890123", "12 34", "١٢٣٤"])
def test_a_pin_must_be_4_to_12_digits(desk: Desk, pin: str) -> None:
    with pytest.raises(ValidationError):
        set_pin(desk.db, pin)


def test_set_pin_command_reads_the_pin_from_a_pipe(
    db_url: str, desk: Desk, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", StringIO("9753\n"))
    assert main(["--db", db_url, "set-pin", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"pin_set": True}
    assert verify_pin(desk.db, "9753")


def test_phone_and_first_letters_of_the_surname_find_the_visitor(
    desk: Desk, clock: FixedClock
) -> None:
    anna = registered(desk, "comfort", last="Ёлкина", first="Анна", phone="+79140000001")
    guard = Guard(clock)
    result = find_by_phone_and_surname(desk.db, guard, "8 914 000-00-01", "ел")
    assert result.status is Lookup.FOUND and result.attendee is not None
    assert result.attendee.id == anna.id


def test_a_phone_alone_or_with_wrong_letters_reveals_nothing(desk: Desk, clock: FixedClock) -> None:
    registered(desk, "comfort", last="Ёлкина", first="Анна", phone="+79140000001")
    result = find_by_phone_and_surname(desk.db, Guard(clock), "+79140000001", "Ив")
    assert result.status is Lookup.NO_MATCH and result.attendee is None
    unknown = find_by_phone_and_surname(desk.db, Guard(clock), "+79149999999", "Ив")
    assert unknown == result  # an unknown phone looks exactly the same


def test_a_shared_phone_is_resolved_by_the_surname_letters(desk: Desk, clock: FixedClock) -> None:
    registered(desk, "comfort", last="Петрова", first="Анна", phone="+79140000002")
    registered(
        desk, "comfort", last="Сидоров", first="Олег", phone="+79140000002", allow_duplicate=True
    )
    registered(
        desk, "comfort", last="Сидорова", first="Ия", phone="+79140000002", allow_duplicate=True
    )
    more = find_by_phone_and_surname(desk.db, Guard(clock), "+79140000002", "сид")
    assert more.status is Lookup.MORE_LETTERS and more.attendee is None
    whole = find_by_phone_and_surname(desk.db, Guard(clock), "+79140000002", "Сидоров")
    assert whole.attendee is not None and whole.attendee.last_name == "Сидоров"
    found = find_by_phone_and_surname(desk.db, Guard(clock), "+79140000002", "петр")
    assert found.status is Lookup.FOUND and found.attendee is not None
    assert found.attendee.last_name == "Петрова"


def test_too_many_wrong_attempts_lock_the_lookup_for_a_while(desk: Desk, clock: FixedClock) -> None:
    registered(desk, "comfort", last="Ёлкина", first="Анна", phone="+79140000001")
    guard = Guard(clock)
    for _ in range(MAX_FAILURES - 1):
        assert find_by_phone_and_surname(desk.db, guard, "+79140000001", "xx").status is (
            Lookup.NO_MATCH
        )
    assert find_by_phone_and_surname(desk.db, guard, "+79140000001", "xx").status is Lookup.LOCKED
    # Even the right answer waits until the lock ends.
    assert find_by_phone_and_surname(desk.db, guard, "+79140000001", "ел").status is Lookup.LOCKED
    clock.now += timedelta(minutes=3)
    assert find_by_phone_and_surname(desk.db, guard, "+79140000001", "ел").status is Lookup.FOUND


@pytest.mark.parametrize(
    ("phone", "letters", "field"), [("12", "ел", "phone"), ("+79140000001", "е", "letters")]
)
def test_bad_input_names_the_field(
    desk: Desk, clock: FixedClock, phone: str, letters: str, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        find_by_phone_and_surname(desk.db, Guard(clock), phone, letters)
    assert caught.value.field == field
