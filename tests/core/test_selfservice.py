"""Kiosk self-service core: the staff PIN and finding oneself without seeing anyone else."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from sqlalchemy import func, select

from kiosk.cli import main
from kiosk.models import Attendee, AuditEntry, BadgePrint, EventInfo, PaymentMethod, Source
from kiosk.phones import normalize_phone
from kiosk.rules import Outcome
from kiosk.services import selfservice
from kiosk.services.checkin import check_in, pay
from kiosk.services.context import Desk
from kiosk.services.errors import ValidationError
from kiosk.services.printing import print_slip
from kiosk.services.registration import PersonInput, Registration, register_walk_in
from kiosk.services.selfservice import (
    MAX_FAILURES,
    MAX_KIOSK_FAILURES,
    AlreadyRegistered,
    Guard,
    Locked,
    Lookup,
    PinCheck,
    SignUpLimit,
    TooManySignUps,
    check_pin,
    contact_taken,
    find_by_phone_and_surname,
    has_pin,
    kiosk_tariffs,
    self_register,
    set_pin,
    sign_ups_left,
    verify_pin,
)
from tests.conftest import FixedClock
from tests.core.factories import registered


def test_pin_is_stored_only_as_a_salted_scrypt_hash(desk: Desk) -> None:
    assert not has_pin(desk.db) and not verify_pin(desk.db, "1234")
    set_pin(desk.db, "246813")
    with desk.db.read() as session:
        stored = session.get(EventInfo, "staff_pin")
    assert stored is not None and "246813" not in stored.value
    assert stored.value.startswith("scrypt$")
    assert verify_pin(desk.db, "246813") and not verify_pin(desk.db, "246814")
    first = stored.value
    set_pin(desk.db, "246813")
    with desk.db.read() as session:
        again = session.scalars(select(EventInfo.value).where(EventInfo.key == "staff_pin")).one()
    assert again != first  # a new salt every time


@pytest.mark.parametrize(
    "pin",
    [
        "",
        "12",
        "2468",
        "24681",
        "abcd",
        "123456",
        "987654",
        "777777",
        "12 34 56",
        "١٢٣٤٥٦",
        "correct1",
        "1234567890",
        "x" * 65,
        "horse\x1bbattery staple",
    ],
)
def test_a_pin_is_six_digits_or_a_passphrase_and_not_an_easy_one(desk: Desk, pin: str) -> None:
    with pytest.raises(ValidationError):
        set_pin(desk.db, pin)
    assert not has_pin(desk.db)


@pytest.mark.parametrize(
    ("pin", "words"),
    [
        ("121212", "повтор"),
        ("123123", "повтор"),
        ("112233", "повтор"),
        ("123321", "зеркало"),
        ("112026", "год"),  # the event's year in it
        ("202611", "год"),
        ("271126", "дата"),  # the first day of the event
        ("19900327", "дата"),  # a birthday
        ("147258", "первых"),  # the keypad's columns
        ("qwertyuiop", "ряд клавиатуры"),
        ("йцукенгшщз", "ряд клавиатуры"),
        ("aaaaaaaaaaaa", "одна клавиша"),
    ],
)
def test_an_obvious_pin_that_meets_the_length_rule_is_refused_saying_why(
    pin: str, words: str
) -> None:
    problem = selfservice.pin_problem(pin, today=date(2026, 11, 27))
    assert problem is not None and words in problem


@pytest.mark.parametrize("pin", ["246813", "90210537", "конь батарея", "correct horse"])
def test_six_digits_or_a_passphrase_of_ten_with_letters_will_do(desk: Desk, pin: str) -> None:
    set_pin(desk.db, pin)
    assert check_pin(desk.db, pin) is PinCheck.RIGHT


def test_the_default_hash_cost_is_the_measured_one_and_tests_run_cheaper() -> None:
    # 128 MiB and 0.54 s a guess on the project's machine (docs/BENCHMARKS.md), at least
    # 0.25 s; tests/conftest.py lowers only the module's `pin_cost`, never the default.
    assert selfservice.HashCost(n=2**17, r=8, p=1) == selfservice.DEFAULT_COST
    assert selfservice.pin_cost.n < selfservice.DEFAULT_COST.n


def store_first_version_hash(desk: Desk, pin: str) -> None:
    """A PIN as the first version stored it: scrypt at n=2**14 (16 MiB, 0.07 s a guess)."""
    salt = bytes(range(16))
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    with desk.db.write() as session:
        session.add(
            EventInfo(key="staff_pin", value=f"scrypt$16384$8$1${salt.hex()}${digest.hex()}")
        )


def test_a_four_digit_pin_of_the_first_version_lets_staff_in_only_to_replace_it(
    desk: Desk,
) -> None:
    store_first_version_hash(desk, "2468")
    assert check_pin(desk.db, "2469") is PinCheck.WRONG
    assert check_pin(desk.db, "2468") is PinCheck.REPLACE
    assert check_pin(desk.db, "2468") is PinCheck.REPLACE  # until a new one is set
    set_pin(desk.db, "246813")
    assert check_pin(desk.db, "2468") is PinCheck.WRONG


def test_a_good_pin_in_the_old_hash_format_is_rehashed_at_todays_cost(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selfservice, "pin_cost", selfservice.HashCost(n=2**15, r=8, p=1))
    store_first_version_hash(desk, "246813")
    assert check_pin(desk.db, "246813") is PinCheck.RIGHT
    with desk.db.read() as session:
        stored = session.scalars(select(EventInfo.value).where(EventInfo.key == "staff_pin")).one()
    assert stored.startswith("scrypt$32768$8$1$")
    assert check_pin(desk.db, "246813") is PinCheck.RIGHT


def test_a_hash_asking_for_gigabytes_is_not_tried(desk: Desk) -> None:
    with desk.db.write() as session:
        session.add(EventInfo(key="staff_pin", value="scrypt$4194304$8$1$00$00"))
    assert check_pin(desk.db, "246813") is PinCheck.WRONG


def test_set_pin_command_reads_the_pin_from_a_pipe(
    db_url: str, desk: Desk, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", StringIO("975310\n"))
    assert main(["--db", db_url, "set-pin", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"pin_set": True}
    assert verify_pin(desk.db, "975310")


def test_set_pin_command_refuses_a_short_pin(
    db_url: str, desk: Desk, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", StringIO("9753\n"))
    assert main(["--db", db_url, "set-pin", "--json"]) == 2
    assert "6" in json.loads(capsys.readouterr().out)["error"]
    assert not has_pin(desk.db)


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


# ---- signing up at the kiosk ------------------------------------------------------------------


def kiosk_request(phone: str = "+7 914 555-01-02", **changes: object) -> Registration:
    request = Registration(
        person=PersonInput("Морозова", "Дарья", phone=phone), tariff="comfort", consent=True
    )
    return replace(request, **changes)  # type: ignore[arg-type]


def test_a_kiosk_sign_up_is_saved_unpaid_from_the_kiosk_with_its_consent_time(
    desk: Desk, clock: FixedClock
) -> None:
    result = self_register(desk, Guard(clock), kiosk_request(pay=PaymentMethod.CARD))
    (person,) = result.attendees
    assert person.source == Source.KIOSK
    assert person.amount_due == 10000 and person.amount_paid == 0  # paying is for the desk
    assert person.consent_at == clock.now
    assert check_in(desk, person.code).status == Outcome.UNPAID


def test_a_visitor_cannot_claim_a_free_category(desk: Desk, clock: FixedClock) -> None:
    with pytest.raises(ValidationError) as caught:
        self_register(desk, Guard(clock), kiosk_request(tariff=None, category="speaker"))
    assert caught.value.field == "tariff"


def test_a_registered_phone_is_refused_without_the_other_persons_data_and_counts_as_a_try(
    desk: Desk, clock: FixedClock
) -> None:
    registered(desk, "premium", last="Секретова", first="Алла", phone="+7 914 555-01-04")
    guard = Guard(clock)
    with pytest.raises(AlreadyRegistered) as caught:
        self_register(desk, guard, kiosk_request(phone="8 914 555 01 04", allow_duplicate=True))
    assert "Секретова" not in str(caught.value) and "Алла" not in str(caught.value)
    assert not hasattr(caught.value, "existing")
    assert caught.value.field == "phone"
    assert len(guard.failures) == 1


def test_sign_ups_with_a_locked_phone_wait_and_others_go_on(desk: Desk, clock: FixedClock) -> None:
    guard = Guard(clock)
    request = kiosk_request()
    for _ in range(MAX_FAILURES):
        guard.failed(normalize_phone(request.person.phone or ""))
    with pytest.raises(Locked):
        self_register(desk, guard, request)
    assert self_register(desk, guard, kiosk_request(phone="+7 914 555-03-01")).attendees
    clock.now += timedelta(minutes=3)
    assert self_register(desk, guard, request).attendees


def test_one_visitors_wrong_tries_never_lock_out_the_next(desk: Desk, clock: FixedClock) -> None:
    registered(desk, "comfort", last="Первова", first="Анна", phone="+79140000031")
    registered(desk, "comfort", last="Вторая", first="Вера", phone="+79140000032")
    guard = Guard(clock)
    tries = [
        find_by_phone_and_surname(desk.db, guard, "+79140000031", "xx").tries_left
        for _ in range(MAX_FAILURES - 1)
    ]
    assert tries == list(range(MAX_FAILURES - 1, 0, -1))  # the visitor sees the tries left
    locked = find_by_phone_and_surname(desk.db, guard, "+79140000031", "xx")
    assert locked.status is Lookup.LOCKED
    found = find_by_phone_and_surname(desk.db, guard, "+79140000032", "Втор")
    assert found.status is Lookup.FOUND


def test_the_whole_kiosk_locks_only_at_a_much_higher_count(clock: FixedClock) -> None:
    guard = Guard(clock)
    for n in range(MAX_KIOSK_FAILURES - 1):
        guard.failed(f"+7914000{n:04d}")
    assert guard.locked("+79149999999") is None
    guard.failed("+79148888888")
    assert guard.locked("+79149999999") is not None


def test_a_team_member_finds_themselves_by_the_contacts_phone(desk: Desk) -> None:
    register_walk_in(
        desk,
        Registration(
            person=PersonInput("Кузнецова", "Анна", phone="+79140000041"),
            tariff="team",
            team_size=3,
            members=(PersonInput("Кузьмина", "Ольга"), PersonInput("Кузнецов", "Пётр")),
            consent=True,
        ),
    )
    guard = Guard(desk.clock)
    found = find_by_phone_and_surname(desk.db, guard, "+79140000041", "Кузь")
    assert found.status is Lookup.FOUND  # the soft sign counts: not Кузнецова, not Кузнецов
    assert found.attendee is not None and found.attendee.first_name == "Ольга"
    more = find_by_phone_and_surname(desk.db, guard, "+79140000041", "Кузн")
    assert more.status is Lookup.MORE_LETTERS


def test_a_taken_phone_or_email_is_named_at_the_contacts_step(
    desk: Desk, clock: FixedClock
) -> None:
    registered(desk, "comfort", phone="+79140000051", email="taken@example.ru")
    guard = Guard(clock)
    assert contact_taken(desk, guard, "8 914 000-00-51", "") == "phone"
    assert contact_taken(desk, guard, "+79140000052", "TAKEN@example.ru") == "email"
    assert contact_taken(desk, guard, "+79140000052", "free@example.ru") is None


def test_packages_with_a_day_over_are_not_sold_at_the_kiosk(desk: Desk) -> None:
    on_sale = {t.code for t in kiosk_tariffs(desk.event, date(2026, 11, 28))}
    assert on_sale == {"premium", "comfort", "team"}
    assert {t.code for t in kiosk_tariffs(desk.event, date(2026, 11, 27))} == {
        t.code for t in desk.event.tariffs
    }
    with pytest.raises(ValidationError):
        self_register(desk, Guard(desk.clock), kiosk_request(tariff="package_comfort"))


def test_the_slip_is_printed_with_the_amount_due_but_is_not_a_badge_print(
    desk: Desk, clock: FixedClock, tmp_path: Path
) -> None:
    (person,) = self_register(desk, Guard(clock), kiosk_request()).attendees
    sent: list[tuple[bytes, str, str]] = []
    print_slip(
        desk,
        person,
        printer="test",
        sender=lambda pdf, p, job, **_when: sent.append((pdf, p, job)) or p,
    )
    ((pdf, _printer, job),) = sent
    assert job == f"{person.code}-slip"
    text = "".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(pdf))
    assert "К ОПЛАТЕ НА СТОЙКЕ" in text and "10" in text
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=150 / 72).to_pil()
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [person.code]
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(BadgePrint)) == 0
        actions = session.scalars(select(AuditEntry.action)).all()
    assert "print_slip" in actions


def test_a_latin_spelling_of_the_surname_also_confirms_the_phone(
    desk: Desk, clock: FixedClock
) -> None:
    registered(desk, "comfort", last="Ёлкина", first="Анна", phone="+7 914 555-01-05")
    found = find_by_phone_and_surname(desk.db, Guard(clock), "+7 914 555-01-05", "Elk")
    assert found.status == Lookup.FOUND and found.attendee is not None
    assert found.attendee.first_name == "Анна"


@pytest.mark.parametrize("letters", ["Shch", "Scher", "Scerb", "Sherb", "ЩЕР"])
def test_any_common_spelling_of_the_surname_confirms_the_phone(
    desk: Desk, clock: FixedClock, letters: str
) -> None:
    registered(desk, "comfort", last="Щербаков", first="Павел", phone="+7 914 555-01-07")
    registered(
        desk, "comfort", last="Шилов", first="Олег", phone="+7 914 555-01-07", allow_duplicate=True
    )
    found = find_by_phone_and_surname(desk.db, Guard(clock), "+7 914 555-01-07", letters)
    assert found.status == Lookup.FOUND and found.attendee is not None, letters
    assert found.attendee.last_name == "Щербаков"


@pytest.mark.parametrize(
    ("surname", "letters"),
    [("Жуков", "Juk"), ("Кузнецов", "Kuznec"), ("Tsvetkova", "Цвет"), ("Grigoriev", "Григорьев")],
)
def test_chat_spellings_and_cyrillic_letters_for_a_latin_surname_confirm_the_phone(
    desk: Desk, clock: FixedClock, surname: str, letters: str
) -> None:
    registered(desk, "comfort", last=surname, first="Анна", phone="+7 914 555-01-08")
    found = find_by_phone_and_surname(desk.db, Guard(clock), "+7 914 555-01-08", letters)
    assert found.status == Lookup.FOUND


def test_letters_without_latin_equivalents_do_not_match_everyone_on_the_phone(
    desk: Desk, clock: FixedClock
) -> None:
    registered(desk, "comfort", last="Ъгорова", first="Анна", phone="+7 914 555-01-06")
    found = find_by_phone_and_surname(desk.db, Guard(clock), "+7 914 555-01-06", "ьь")
    assert found.status == Lookup.NO_MATCH


def test_a_kiosk_team_is_at_most_twenty(desk: Desk, clock: FixedClock) -> None:
    with pytest.raises(ValidationError) as caught:
        self_register(desk, Guard(clock), kiosk_request(tariff="team", team_size=21))
    assert caught.value.field == "team_size" and "стойке" in str(caught.value)
    assert self_register(desk, Guard(clock), kiosk_request(tariff="team", team_size=20))


def test_set_pin_from_a_pipe_takes_a_repeated_line_as_the_confirmation(
    db_url: str, desk: Desk, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", StringIO("135792\n135793\n"))
    assert main(["--db", db_url, "set-pin", "--json"]) == 2
    assert json.loads(capsys.readouterr().out) == {"error": "PIN не совпадают", "field": "pin"}
    assert not has_pin(desk.db)
    monkeypatch.setattr("sys.stdin", StringIO("135792\n135792\n"))
    assert main(["--db", db_url, "set-pin", "--json"]) == 0
    assert verify_pin(desk.db, "135792")


def test_a_kiosk_takes_only_so_many_sign_ups_in_ten_minutes(desk: Desk, clock: FixedClock) -> None:
    limit = SignUpLimit(clock, limit=3)
    for n in range(3):
        self_register(desk, Guard(clock), kiosk_request(phone=f"+7 914 555-02-0{n}"), limit)
    with pytest.raises(TooManySignUps) as caught:
        self_register(desk, Guard(clock), kiosk_request(phone="+7 914 555-02-09"), limit)
    assert "стойке регистрации" in str(caught.value) and caught.value.field is None
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Attendee)) == 3
    clock.now += timedelta(minutes=10)
    assert self_register(desk, Guard(clock), kiosk_request(phone="+7 914 555-02-09"), limit)


def test_a_kiosks_share_of_sign_ups_is_counted_from_the_database_so_a_restart_keeps_it(
    desk: Desk, clock: FixedClock
) -> None:
    for n in range(2):
        self_register(
            desk, Guard(clock), kiosk_request(phone=f"+7 914 555-02-1{n}"), SignUpLimit(clock, 2)
        )
    restarted = SignUpLimit(clock, limit=2)  # a new kiosk process: nothing in memory
    assert sign_ups_left(desk, restarted) == 0
    with pytest.raises(TooManySignUps):
        self_register(desk, Guard(clock), kiosk_request(phone="+7 914 555-02-19"), restarted)
    # Another kiosk has its own share; and the window moves on.
    other = Desk(desk.db, desk.event, name="kiosk-2", operator="", clock=clock)
    assert sign_ups_left(other, restarted) == 2
    clock.now += timedelta(minutes=10)
    assert sign_ups_left(desk, restarted) == 2


def test_a_sign_up_paid_at_the_desk_no_longer_counts_against_the_kiosk(
    desk: Desk, clock: FixedClock
) -> None:
    limit = SignUpLimit(clock, limit=1)
    (person,) = self_register(desk, Guard(clock), kiosk_request(), limit).attendees
    assert sign_ups_left(desk, limit) == 0
    pay(desk, person.code, PaymentMethod.CASH)
    assert sign_ups_left(desk, limit) == 1


def test_a_refused_sign_up_does_not_use_up_the_kiosks_share(desk: Desk, clock: FixedClock) -> None:
    limit = SignUpLimit(clock, limit=1)
    with pytest.raises(ValidationError):
        self_register(desk, Guard(clock), kiosk_request(tariff="team", team_size=21), limit)
    assert self_register(desk, Guard(clock), kiosk_request(), limit)


def test_the_kiosks_sign_up_limit_counts_people_so_a_team_uses_a_share_per_seat(
    desk: Desk, clock: FixedClock
) -> None:
    limit = SignUpLimit(clock, limit=25)
    team = kiosk_request(tariff="team", team_size=20)
    self_register(desk, Guard(clock), team, limit)
    assert sign_ups_left(desk, limit) == 5
    with pytest.raises(ValidationError) as caught:
        self_register(desk, Guard(clock), kiosk_request("+7 914 555-03-01", **team_of(6)), limit)
    assert caught.value.field == "team_size" and "не больше 5" in str(caught.value)
    self_register(desk, Guard(clock), kiosk_request("+7 914 555-03-02", **team_of(5)), limit)
    with pytest.raises(TooManySignUps):
        self_register(desk, Guard(clock), kiosk_request("+7 914 555-03-03"), limit)
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Attendee)) == 25


def team_of(size: int) -> dict[str, object]:
    return {"tariff": "team", "team_size": size}
