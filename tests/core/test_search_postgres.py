"""Search on PostgreSQL, where several desks share one database (pg_trgm GIN index, or LIKE).

Runs against the tests' PostgreSQL server (tests.conftest.pg_server: KIOSK_TEST_PG_URL, or a
throwaway one from the pip-installed build); each test gets a database of its own, with a
Russian ICU collation where the server has one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text, update

from kiosk.config import Event
from kiosk.db import open_database, upgrade_schema
from kiosk.models import Attendee
from kiosk.rules import Outcome
from kiosk.search_index import rebuild_search_columns
from kiosk.services.checkin import check_in
from kiosk.services.context import Desk
from kiosk.services.importing import import_file
from kiosk.services.lookup import get_by_code, search
from kiosk.services.printing import print_badges
from kiosk.services.registration import edit_attendee
from tests.conftest import FixedClock
from tests.core.factories import registered
from tests.core.test_migrations import OLD_ROWS
from tests.importing.files import write_csv

pytestmark = [pytest.mark.postgres]


@pytest.fixture
def pg_desk(pg_url: str, event: Event, clock: FixedClock) -> Iterator[Desk]:
    db = open_database(pg_url, event, create=True)
    try:
        yield Desk(db, event, name="desk-1", operator="anna", clock=clock)
    finally:
        db.dispose()


def names(desk: Desk, query: str) -> list[str]:
    return [r.last_name for r in search(desk, query)]


def test_the_trigram_index_is_made(pg_desk: Desk) -> None:
    with pg_desk.db.read() as session:
        found = session.execute(
            text("SELECT 1 FROM pg_indexes WHERE indexname = 'ix_attendees_search_trgm'")
        ).first()
    assert found is not None


def test_case_yo_latin_phone_e_mail_and_code(pg_desk: Desk) -> None:
    tyutin = registered(pg_desk, last="Тютин", phone="+79161234567", email="albert@example.ru")
    registered(pg_desk, last="Ёлкина", first="Наталья", phone="+79242223344")
    registered(pg_desk, last="Ivanoff", first="John")
    assert names(pg_desk, "ТЮТ") == ["Тютин"]
    assert names(pg_desk, "Tyutin") == ["Тютин"]
    assert names(pg_desk, "елкина") == names(pg_desk, "ЁЛК") == ["Ёлкина"]
    assert names(pg_desk, "4567") == names(pg_desk, "8 916 123-45-67") == ["Тютин"]
    assert names(pg_desk, "albert@exa") == ["Тютин"]
    with pg_desk.db.write() as session:
        session.execute(
            update(Attendee).where(Attendee.id == tyutin.id).values(badge_code="7KQ2-M9XD-H3TR")
        )
    assert names(pg_desk, "7kq2m9") == ["Тютин"]  # the beginning of the code
    assert names(pg_desk, "иван") == ["Ivanoff", "Тютин"]  # a Latin surname, then a first name


def test_prefixes_are_byte_ranges_whatever_the_collation(pg_desk: Desk) -> None:
    with pg_desk.db.read() as session:
        collations = session.execute(
            text(
                "SELECT column_name, collation_name FROM information_schema.columns "
                "WHERE table_name = 'attendees' AND column_name IN ('last_key', 'last_latin')"
            )
        ).all()
    assert dict(collations) == {"last_key": "C", "last_latin": "C"}
    for last in ("Яковлев", "Ёлкин", "Елисеев", "Ющенко", "Абрамов", "Zimmer"):
        registered(pg_desk, last=last, first="Ли")
    # Surnames first, in code-point order (ё is folded to е), then any part of other words.
    assert names(pg_desk, "я")[0] == "Яковлев"
    assert names(pg_desk, "е")[:2] == ["Елисеев", "Ёлкин"]
    assert names(pg_desk, "ю") == ["Ющенко"]
    assert names(pg_desk, "z")[0] == "Zimmer"


def test_the_latin_spellings_people_type_and_their_other_readings(pg_desk: Desk) -> None:
    for last in ("Щербаков", "Шилов", "Подъячев", "Кузнецов", "Васильев", "Василенко", "Жуков"):
        registered(pg_desk, last=last, first="Ли")
    registered(pg_desk, last="Tsvetkova", first="Anna")
    assert names(pg_desk, "Sherbakov") == names(pg_desk, "Scerbakov") == ["Щербаков"]
    assert names(pg_desk, "Shch") == ["Щербаков", "Шилов"]  # щ also read as ш, after it
    assert names(pg_desk, "Podieiachev") == ["Подъячев"]
    assert names(pg_desk, "Kuznecov") == names(pg_desk, "KUZNETCOV") == ["Кузнецов"]
    assert names(pg_desk, "Jukov") == ["Жуков"]
    assert names(pg_desk, "Vasili") == ["Василенко", "Васильев"]
    assert names(pg_desk, "Цвет") == ["Tsvetkova"]


def test_short_queries_wildcards_and_ranking(pg_desk: Desk) -> None:
    registered(pg_desk, last="Вольгина", first="Анна")
    registered(pg_desk, last="Иванова", first="Ольга")
    registered(pg_desk, last="Ольгина", first="Мария", company="Скидка%Плюс_1")
    assert names(pg_desk, "ольг") == ["Ольгина", "Иванова", "Вольгина"]
    assert names(pg_desk, "о") == ["Ольгина"]  # one letter: the surnames it begins
    assert names(pg_desk, "%плюс_") == ["Ольгина"]
    assert names(pg_desk, "%%") == []


def test_another_desk_sees_a_walk_in_at_once_and_a_correction_moves_it(
    pg_desk: Desk, pg_url: str, event: Event
) -> None:
    other = open_database(pg_url, event, create=True)
    try:
        second_desk = Desk(other, event, name="desk-2")
        person = registered(pg_desk, last="Тютина", first="Мария")
        assert names(second_desk, "тютин") == ["Тютина"]
        edit_attendee(second_desk, person.code, {"last_name": "Шварц"})
        assert names(pg_desk, "тютин") == []
        assert names(pg_desk, "shvarts") == ["Шварц"]
    finally:
        other.dispose()


def test_results_carry_check_ins_and_prints_as_one_attendee_does(
    pg_desk: Desk, tmp_path: Path
) -> None:
    person = registered(pg_desk, last="Тютин")
    check_in(pg_desk, person.code, day=pg_desk.today())
    print_badges(pg_desk, [person.code], printer=f"pdf:{tmp_path}")
    (found,) = search(pg_desk, "тютин")
    assert found == get_by_code(pg_desk, person.code)
    assert len(found.checkins) == len(found.prints) == 1 and not found.prints[0].reprint


def test_a_scan_checks_in_once_and_a_second_scan_reports_the_first(pg_desk: Desk) -> None:
    # The scan's guarded insert and its by-code read are statements of their own on PostgreSQL.
    person = registered(pg_desk, last="Тютин")
    first = check_in(pg_desk, person.code.lower().replace("-", ""))
    second = check_in(pg_desk, person.code)
    assert first.status is Outcome.CHECKED_IN and first.attendee is not None
    stored = get_by_code(pg_desk, person.code)
    assert stored is not None and first.attendee.checkins == stored.checkins
    assert second.status is Outcome.ALREADY_CHECKED_IN
    assert second.first_checked_in_at == first.checked_in_at


def test_a_scan_decided_on_a_stale_read_is_decided_again(
    pg_desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Cancelled by another desk between the scan's read and its write: nobody is let in.
    from kiosk.services import checkin as checkin_service

    person = registered(pg_desk, last="Тютин")
    read = checkin_service.load_views_by_code

    def read_then_cancel(connection: Any, codes: Any) -> Any:
        found = read(connection, codes)
        with pg_desk.db.write_rows() as other_desk:
            other_desk.execute(text("UPDATE attendees SET status = 'cancelled'"))
        return found

    monkeypatch.setattr(checkin_service, "load_views_by_code", read_then_cancel)
    assert check_in(pg_desk, person.code).status is Outcome.CANCELLED
    stored = get_by_code(pg_desk, person.code)
    assert stored is not None and stored.checkins == ()


def test_imported_people_are_found(pg_desk: Desk, tmp_path: Path) -> None:
    rows = [["ФИО", "Телефон", "Тариф"], ["Щукин Алексей", "+7 924 555-12-12", "Комфорт"]]
    import_file(pg_desk, write_csv(tmp_path / "export.csv", rows))
    assert names(pg_desk, "Schukin") == names(pg_desk, "1212") == ["Щукин"]
    with pg_desk.db.write() as session:
        assert rebuild_search_columns(session.connection()) == 0


def test_a_first_schema_database_is_upgraded_and_its_people_found(
    pg_url: str, event: Event
) -> None:
    from kiosk.db import make_engine

    engine = make_engine(pg_url)
    upgrade_schema(engine, "0001")
    with engine.begin() as connection:
        for row in OLD_ROWS:
            connection.execute(
                text(
                    "INSERT INTO attendees (badge_code, last_name, first_name, middle_name, "
                    "original_name, company, position, phone, category, tariff, status, price, "
                    "amount_paid, amount_due, payment_status, source, extra, last_key, "
                    "search_text, created_at, updated_at) VALUES (:code, :last, :first, '', '', "
                    "'', '', :phone, 'participant', 'comfort', 'active', 0, 0, 0, 'free', "
                    "'import', '{}', :last_key, :search_text, now(), now())"
                ),
                row,
            )
    engine.dispose()
    db = open_database(pg_url, event, create=True)
    try:
        desk = Desk(db, event)
        assert names(desk, "Khabibullin") == ["Хабибуллин"]
        assert names(desk, "Shchukin") == ["Щукин"]
    finally:
        db.dispose()


def test_the_ways_a_person_paid_are_read_in_the_order_taken_on_postgresql(
    pg_desk: Desk,
) -> None:
    from kiosk.models import PaymentMethod
    from kiosk.services.checkin import pay, upgrade

    olga = registered(pg_desk, "premium", last="Смешанная", first="Ольга", paid=False)
    pay(pg_desk, olga.code, PaymentMethod.CASH)
    upgrade(pg_desk, olga.code, "package_premium", pay=PaymentMethod.CARD)
    found = get_by_code(pg_desk, olga.code)
    assert found is not None and found.paid_by == (("cash", 16_000), ("card", 11_900))
