"""Search: any part of the name, Cyrillic case, ё = е, Latin spellings, phones, e-mail, codes."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from kiosk.models import Attendee
from kiosk.services.context import Desk
from kiosk.services.lookup import search
from kiosk.services.views import AttendeeView
from tests.core.factories import registered


@pytest.fixture
def people(desk: Desk) -> dict[str, AttendeeView]:
    return {
        "tyutin": registered(
            desk,
            last="Тютин",
            first="Альберт",
            company="Тренинг-Центр",
            phone="+79161234567",
            email="albert@example.ru",
        ),
        "yolkina": registered(
            desk, last="Ёлкина", first="Наталья", company="Маяк", phone="+79242223344"
        ),
        "guseva": registered(
            desk,
            last="Гусева",
            first="Ольга",
            middle_name="Петровна",
            company="Zuma",
            phone="+78122001122",
        ),
        "ivanov": registered(
            desk, last="Иванов", first="Тимур", company="Тютин и партнёры", phone="+79140009999"
        ),
        "double": registered(desk, last="Римская-Корсакова", first="Анна", phone="+79140001111"),
    }


def names(results: tuple[AttendeeView, ...]) -> list[str]:
    return [r.last_name for r in results]


def test_surname_prefix_in_any_case(desk: Desk, people: dict[str, AttendeeView]) -> None:
    assert names(search(desk, "тют"))[0] == "Тютин"
    assert names(search(desk, "ТЮТИН"))[0] == "Тютин"


def test_surname_prefix_ranks_before_other_matches(
    desk: Desk, people: dict[str, AttendeeView]
) -> None:
    # "Тютин" is a surname for one and part of a company name for another.
    assert names(search(desk, "тютин")) == ["Тютин", "Иванов"]


def test_yo_and_ye_are_the_same_letter(desk: Desk, people: dict[str, AttendeeView]) -> None:
    assert names(search(desk, "елкина")) == ["Ёлкина"]
    assert names(search(desk, "ЁЛК")) == ["Ёлкина"]


def test_latin_spelling_finds_the_cyrillic_name(
    desk: Desk, people: dict[str, AttendeeView]
) -> None:
    assert names(search(desk, "Tyutin"))[0] == "Тютин"
    assert names(search(desk, "guseva")) == ["Гусева"]


def test_first_name_and_patronymic_find_the_person(
    desk: Desk, people: dict[str, AttendeeView]
) -> None:
    assert names(search(desk, "ольга")) == ["Гусева"]
    assert names(search(desk, "петровна")) == ["Гусева"]


def test_two_words_must_both_match(desk: Desk, people: dict[str, AttendeeView]) -> None:
    assert names(search(desk, "гусева ольга")) == ["Гусева"]
    assert names(search(desk, "гусева наталья")) == []


def test_part_of_a_hyphenated_surname(desk: Desk, people: dict[str, AttendeeView]) -> None:
    assert names(search(desk, "корсак")) == ["Римская-Корсакова"]


@pytest.mark.parametrize("phone", ["+7 916 123-45-67", "89161234567", "8 (916) 123 45 67"])
def test_phone_in_any_format(desk: Desk, people: dict[str, AttendeeView], phone: str) -> None:
    assert names(search(desk, phone)) == ["Тютин"]


def test_last_four_digits_of_the_phone(desk: Desk, people: dict[str, AttendeeView]) -> None:
    assert names(search(desk, "4567")) == ["Тютин"]
    assert names(search(desk, "1122")) == ["Гусева"]


def test_email_and_company(desk: Desk, people: dict[str, AttendeeView]) -> None:
    assert names(search(desk, "albert@")) == ["Тютин"]
    assert names(search(desk, "zuma")) == ["Гусева"]
    assert names(search(desk, "маяк")) == ["Ёлкина"]


def test_exact_code_comes_first(desk: Desk, people: dict[str, AttendeeView]) -> None:
    code = people["guseva"].code
    assert names(search(desk, code))[0] == "Гусева"
    assert names(search(desk, code.replace("-", "").lower()))[0] == "Гусева"


def test_nothing_found_and_empty_query(desk: Desk, people: dict[str, AttendeeView]) -> None:
    assert search(desk, "Шварценеггер") == ()
    assert search(desk, "   ") == ()


def test_like_wildcards_in_the_query_are_literal(
    desk: Desk, people: dict[str, AttendeeView]
) -> None:
    assert search(desk, "%") == ()
    assert search(desk, "_") == ()


def test_limit_is_respected(desk: Desk, people: dict[str, AttendeeView]) -> None:
    assert len(search(desk, "ва", limit=2)) == 2


def test_one_letter_lists_the_surnames_it_begins_and_nothing_else(
    desk: Desk, people: dict[str, AttendeeView]
) -> None:
    assert [a.last_name for a in search(desk, "т")] == ["Тютин"]  # not Тимур Иванов
    assert search(desk, "ъ") == ()
    assert search(desk, "+") == ()


def test_the_start_of_a_phone_as_typed_finds_phones(
    desk: Desk, people: dict[str, AttendeeView]
) -> None:
    for typed, part in (("+79", "79"), ("(92", "92"), ("+7 (924", "7924"), ("8 (92", "792")):
        found = search(desk, typed)
        assert found, typed
        assert all(part in (a.phone or "") for a in found), typed
    assert [a.last_name for a in search(desk, "8924222")] == ["Ёлкина"]  # 8 read as +7


def test_a_whole_phone_nobody_has_finds_nobody_however_it_is_spaced(
    desk: Desk, people: dict[str, AttendeeView]
) -> None:
    assert search(desk, "+7 999 999 99 99") == ()
    assert search(desk, "8 (914) 000-99-99") == search(desk, "+79140009999")


def test_the_beginning_of_a_code_finds_its_person(desk: Desk) -> None:
    anna = registered(desk, "comfort", last="Кодова", first="Анна")
    registered(desk, "comfort", last="Другая", first="Вера")
    with desk.db.write() as session:
        session.execute(
            update(Attendee).where(Attendee.id == anna.id).values(badge_code="7KQ2-M9XD-H3TR")
        )
    for typed in ("7kq2", "7KQ2-M9", "7ЛЙ2 Ь9"):  # as read off the badge, or a scanner's layout
        assert [a.id for a in search(desk, typed)] == [anna.id], typed


def with_code(desk: Desk, person: AttendeeView, code: str) -> AttendeeView:
    with desk.db.write() as session:
        session.execute(update(Attendee).where(Attendee.id == person.id).values(badge_code=code))
    return person


def test_the_beginning_of_a_code_made_only_of_letters_finds_its_person(desk: Desk) -> None:
    anna = with_code(desk, registered(desk, last="Буквенная", first="Анна"), "DZCJ-RTWX-ANCB")
    registered(desk, last="Другая", first="Вера")
    for typed in ("DZCJ", "dzcj", "DZCJ-RTWX", "dzcj rtw", "DZCJ-RTWX-ANC"):
        assert [a.id for a in search(desk, typed)] == [anna.id], typed


def test_a_letters_only_code_beginning_ranks_after_the_names_it_also_spells(desk: Desk) -> None:
    # «Oleg» reads as the code beginning 01EG (O is 0, L is 1): the Olegs come first.
    oleg = registered(desk, last="Smirnov", first="Oleg")
    coded = with_code(desk, registered(desk, last="Kodova", first="Vera"), "01EG-7KQ2-M9XD")
    assert [a.id for a in search(desk, "Oleg")] == [oleg.id, coded.id]
    assert [a.id for a in search(desk, "01eg")] == [coded.id]  # typed with digits: a code


def test_a_letters_only_code_typed_in_its_groups_ranks_first(desk: Desk) -> None:
    ancb = with_code(desk, registered(desk, last="Групповая", first="Анна"), "ANCB-BXBQ-7KQ2")
    assert [a.id for a in search(desk, "ANCB-BXBQ")] == [ancb.id]
    assert [a.id for a in search(desk, "ancb–bx")] == [ancb.id]


def test_a_cyrillic_name_is_never_looked_for_among_the_codes(desk: Desk) -> None:
    anna = registered(desk, last="Аннова", first="Анна")
    # «АННА» in a scanner's Russian layout is FYYF, and looks like AHHA.
    for number, code in enumerate(("FYYF-7KQ2-M9XD", "AHHA-7KQ2-M9XD")):
        with_code(desk, registered(desk, last=f"Случайный{number}", first="Код"), code)
    assert [a.id for a in search(desk, "АННА")] == [anna.id]
    assert [a.id for a in search(desk, "анна")] == [anna.id]


def test_two_letters_or_a_phones_digits_never_find_someone_by_their_random_code(
    desk: Desk,
) -> None:
    from kiosk.codes import code_prefix

    assert code_prefix("ан") is None and code_prefix("(92") is None
    assert code_prefix("7kq2") == "7KQ2" and code_prefix("7kq2 m9x") == "7KQ2-M9X"
    assert code_prefix("тютин") is None and code_prefix("2026") is None
    person = registered(desk, "comfort", last="Гусева", first="Ольга", phone="+79140000071")
    with desk.db.read() as session:
        text = session.scalar(select(Attendee.search_text).where(Attendee.id == person.id))
    assert person.code.replace("-", "").lower() not in (text or "")


@pytest.mark.parametrize(
    ("typed", "surname"),
    [("Shherbakova", "Щербакова"), ("Zukov", "Жуков"), ("zukov", "Жуков"), ("Czvetkov", "Цветков")],
)
def test_gost_7_79_and_sloppy_latin_spellings_find_the_person(
    desk: Desk, typed: str, surname: str
) -> None:
    for last in ("Щербакова", "Жуков", "Цветков", "Зуев"):
        registered(desk, last=last, first="Анна")
    assert [a.last_name for a in search(desk, typed)][:1] == [surname]


@pytest.mark.parametrize("query", ["тют", "Тютин Альберт", "albert@ex", "4567", "7KQ2"])
def test_a_search_on_sqlite_reads_its_rows_from_the_driver_itself(
    desk: Desk, people: dict[str, AttendeeView], query: str
) -> None:
    # SQLAlchemy's execution of a statement (an IN list expanded, its result's rows) cost a
    # search more than the statement itself: the surnames' ranges and the codes' lookup went
    # through it, a third of a search's time at 100 000 people (docs/BENCHMARKS.md).
    from sqlalchemy import event

    executed: list[str] = []

    def remember(*args: object) -> None:
        executed.append(str(args[2]))

    event.listen(desk.db.read_engine, "before_cursor_execute", remember)
    try:
        search(desk, query)
        search(desk, people["tyutin"].code)
    finally:
        event.remove(desk.db.read_engine, "before_cursor_execute", remember)
    assert executed == []
