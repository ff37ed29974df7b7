"""The search index: what it finds, with the trigram index and with plain LIKE scans alike, and
that every write path (registration, correction, import, demo data) keeps it in step."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from kiosk.models import Attendee
from kiosk.search_index import FTS_AUTOMERGE, FTS_TABLE, rebuild_search_columns, search_columns
from kiosk.services.checkin import check_in
from kiosk.services.context import Desk
from kiosk.services.demo import load_demo
from kiosk.services.importing import import_file
from kiosk.services.lookup import search
from kiosk.services.printing import print_badges
from kiosk.services.registration import edit_attendee
from kiosk.services.views import AttendeeView, attendee_view, load_views
from kiosk.text import SEPARATOR
from tests.core.factories import registered
from tests.importing.files import write_csv


@pytest.fixture(params=["trigram index", "LIKE scans"])
def any_desk(desk: Desk, request: pytest.FixtureRequest) -> Desk:
    """The desk, searching through the FTS5 index or, as where it is missing, without it."""
    assert desk.db.fts
    if request.param == "LIKE scans":
        return replace(desk, db=replace(desk.db, fts=False))
    return desk


def names(results: tuple[AttendeeView, ...]) -> list[str]:
    return [f"{r.last_name} {r.first_name}" for r in results]


def assert_index_in_step(desk: Desk) -> None:
    """The stored keys are what the rules compute, and the FTS index matches the column."""
    with desk.db.write() as session:
        connection = session.connection()
        assert rebuild_search_columns(connection) == 0
        # With rank = 1 the check compares the index with the attendees' text itself.
        connection.exec_driver_sql(
            f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)"
        )


def test_yo_case_and_latin_spellings_find_the_same_person(any_desk: Desk) -> None:
    registered(any_desk, last="Фёдорова", first="Юлия")
    registered(any_desk, last="Смирнова", first="Анна")
    for query in ("федор", "ФЁДОР", "Фёдорова", "Fyodorova", "fedorova", "юлия", "Yuliya"):
        assert names(search(any_desk, query)) == ["Фёдорова Юлия"], query


# The people of the examples, among namesakes in a letter or two.
SPELT_PEOPLE = [
    ("Васильев", "Иван"), ("Василенко", "Олег"), ("Щербаков", "Павел"), ("Щербатов", "Юрий"),
    ("Кузнецов", "Олег"), ("Кузьмин", "Пётр"), ("Цветков", "Антон"), ("Светлов", "Антон"),
    ("Жуков", "Илья"), ("Журов", "Илья"), ("Хрущёв", "Никита"), ("Подъячев", "Глеб"),
    ("Григорьев", "Сергей"), ("Соловьёв", "Марк"), ("Соловьёва", "Анна"), ("Чайковский", "Пётр"),
    ("Тютина", "Юлия"), ("Гусева", "Наталья"), ("Смирнова", "Виктория"), ("Ли", "Ксения"),
    ("Попов", "Александр"),
]  # fmt: skip
SPELLINGS = [
    ("Vasilyev", "Васильев"),  # Wikipedia, BGN/PCGN
    ("Shcherbakov", "Щербаков"),
    ("Podieiachev", "Подъячев"),  # ICAO 9303, passports since 2014
    ("Kuznetcov", "Кузнецов"),  # GOST 52535, passports of 2010–2013
    ("Tcvetkov", "Цветков"),
    ("Scherbakov", "Щербаков"),  # Yandex, the Moscow metro
    ("Khruschyov", "Хрущёв"),
    ("Kuznecov", "Кузнецов"),  # chat style
    ("Jukov", "Жуков"),
    ("Scerbakov", "Щербаков"),
    ("Hruscev", "Хрущёв"),
    ("Vasiliev", "Васильев"),  # informal
    ("Grigoriev", "Григорьев"),
    ("Soloviev", "Соловьёв"),
    ("Sherbakov", "Щербаков"),
    ("Tchaikovsky", "Чайковский"),
    ("KUZNETSOV", "Кузнецов"),  # in any case
    ("shcherbakov", "Щербаков"),
]
BEGINNINGS = [
    ("Vasili", "Васильев"), ("SOLOVI", "Соловьёв"), ("Kuzn", "Кузнецов"), ("Tcve", "Цветков"),
    ("Hrus", "Хрущёв"), ("Shch", "Щербаков"), ("Scer", "Щербаков"), ("Podi", "Подъячев"),
    ("Grig", "Григорьев"), ("Chai", "Чайковский"), ("Tcha", "Чайковский"),
]  # fmt: skip
FIRST_NAME_SPELLINGS = [
    ("Iuliia", "Юлия"), ("Yulia", "Юлия"), ("Natalie", "Наталья"), ("Victoria", "Виктория"),
    ("Ksenia", "Ксения"), ("Alexander", "Александр"), ("Aleksander", "Александр"),
]  # fmt: skip


def test_a_latin_spelling_of_the_surname_finds_the_person_first(any_desk: Desk) -> None:
    for last, first in SPELT_PEOPLE:
        registered(any_desk, last=last, first=first)
    found = {typed: [r.last_name for r in search(any_desk, typed)][:1] for typed, _ in SPELLINGS}
    assert found == {typed: [surname] for typed, surname in SPELLINGS}


def test_the_beginning_of_a_latin_spelling_finds_the_person_in_the_top_5(any_desk: Desk) -> None:
    for last, first in SPELT_PEOPLE:
        registered(any_desk, last=last, first=first)
    missed = [
        typed
        for typed, surname in BEGINNINGS
        if surname not in [r.last_name for r in search(any_desk, typed, limit=5)]
    ]
    assert missed == []


def test_a_letter_that_habits_read_differently_finds_both_the_usual_reading_first(
    any_desk: Desk,
) -> None:
    registered(any_desk, last="Жуков", first="Илья")
    registered(any_desk, last="Юков", first="Илья")
    registered(any_desk, last="Кузнецов", first="Олег")
    registered(any_desk, last="Кузнеков", first="Олег")
    assert names(search(any_desk, "Jukov")) == ["Юков Илья", "Жуков Илья"]  # Julia; chat: Жуков
    assert names(search(any_desk, "Kuznecov")) == ["Кузнеков Олег", "Кузнецов Олег"]


def test_an_informal_spelling_of_the_first_name_finds_the_person(any_desk: Desk) -> None:
    for last, first in SPELT_PEOPLE:
        registered(any_desk, last=last, first=first)
    found = {
        typed: [r.first_name for r in search(any_desk, typed)] for typed, _ in FIRST_NAME_SPELLINGS
    }
    assert found == {typed: [first_name] for typed, first_name in FIRST_NAME_SPELLINGS}


def test_people_registered_in_latin_letters_are_found_by_the_cyrillic_name(
    any_desk: Desk,
) -> None:
    for last, first in (("Ivanov", "Petr"), ("Tsvetkova", "Anna"), ("Grigoriev", "Sergey")):
        registered(any_desk, last=last, first=first)
    registered(any_desk, last="Иванова", first="Анна")
    for typed, name in (
        ("Иванов", "Ivanov Petr"),
        ("Иван", "Ivanov Petr"),
        ("иванов пётр", "Ivanov Petr"),
        ("Цветкова", "Tsvetkova Anna"),
        ("Цвет", "Tsvetkova Anna"),
        ("Григорьев", "Grigoriev Sergey"),
        ("Григ", "Grigoriev Sergey"),
    ):
        assert names(search(any_desk, typed))[:1] == [name], typed


def test_phone_digits_anywhere_in_the_number(any_desk: Desk) -> None:
    registered(any_desk, last="Тютин", phone="+79161234567")
    registered(any_desk, last="Гусева", phone="+78122001122")
    assert names(search(any_desk, "4567")) == ["Тютин Иван"]
    assert names(search(any_desk, "916 123")) == ["Тютин Иван"]
    assert names(search(any_desk, "8 (812) 200-11-22")) == ["Гусева Иван"]


def test_e_mail_fragments(any_desk: Desk) -> None:
    registered(any_desk, last="Тютин", email="albert.t@example.ru")
    registered(any_desk, last="Гусева", email="olga@mail.ru")
    assert names(search(any_desk, "albert.t@")) == ["Тютин Иван"]
    assert names(search(any_desk, "example")) == ["Тютин Иван"]
    assert names(search(any_desk, "mail.ru")) == ["Гусева Иван"]


def test_the_beginning_of_a_badge_code_finds_its_person_and_its_middle_nobody(
    any_desk: Desk,
) -> None:
    person = registered(any_desk, last="Тютин")
    registered(any_desk, last="Гусева")
    with any_desk.db.write() as session:
        session.execute(
            update(Attendee).where(Attendee.id == person.id).values(badge_code="7KQ2-M9XD-H3TR")
        )
    assert [a.id for a in search(any_desk, "7kq2m9")] == [person.id]
    # Typed digits and letters in the middle of a code are a phone's or a name's, not a code.
    assert search(any_desk, "q2m9") == ()


def test_one_letter_lists_the_surnames_it_begins_only(any_desk: Desk) -> None:
    registered(any_desk, last="Борисова", first="Анна")
    registered(any_desk, last="Ахмедов", first="Тимур")
    registered(any_desk, last="Ли", first="Дмитрий", company="Автоцентр")
    registered(any_desk, last="Шилов", first="Павел")
    # A first letter is a surname's: elsewhere it is in nearly everyone (and a scan of all).
    assert names(search(any_desk, "а")) == ["Ахмедов Тимур"]
    assert names(search(any_desk, "Л")) == ["Ли Дмитрий"]
    assert names(search(any_desk, "ил")) == ["Шилов Павел"]  # two letters: anywhere too


def test_two_letters_rank_word_beginnings_before_parts_of_words(any_desk: Desk) -> None:
    registered(any_desk, last="Иванов", first="Олег")
    registered(any_desk, last="Овчинникова", first="Мария")
    assert names(search(any_desk, "ов")) == ["Овчинникова Мария", "Иванов Олег"]


def test_ranking_surname_then_other_word_then_any_part(any_desk: Desk) -> None:
    registered(any_desk, last="Вольгина", first="Анна")
    registered(any_desk, last="Иванова", first="Ольга")
    registered(any_desk, last="Ольгина", first="Мария")
    assert names(search(any_desk, "ольг")) == ["Ольгина Мария", "Иванова Ольга", "Вольгина Анна"]
    assert names(search(any_desk, "olg")) == ["Ольгина Мария", "Иванова Ольга", "Вольгина Анна"]


def test_the_second_half_of_a_double_surname_ranks_as_a_surname(any_desk: Desk) -> None:
    registered(any_desk, last="Иванова", first="Корсакова")  # an odd first name, on purpose
    registered(any_desk, last="Римская-Корсакова", first="Анна")
    assert names(search(any_desk, "корсак")) == ["Римская-Корсакова Анна", "Иванова Корсакова"]


def test_like_wildcards_quotes_and_fts_syntax_in_a_query_are_plain_characters(
    any_desk: Desk,
) -> None:
    registered(any_desk, last="O'Connor", first="Jean-Baptiste")
    registered(any_desk, last="Маяков", company='ООО "Рога_и_копыта" Скидка%Плюс')
    registered(any_desk, last="Смирнов", company="Сто процентов")
    assert names(search(any_desk, "o'con")) == ["O'Connor Jean-Baptiste"]
    assert names(search(any_desk, "дка%п")) == ["Маяков Иван"]
    assert names(search(any_desk, '"рога_и')) == ["Маяков Иван"]
    assert names(search(any_desk, "а_и")) == ["Маяков Иван"]
    for query in ("%%", "__", '""', "NEAR(", "*", "q:x"):
        assert search(any_desk, query) == (), query
    # FTS5 syntax is matched as text (and the Latin key ignores punctuation).
    assert names(search(any_desk, "^маяк")) == ["Маяков Иван"]
    assert names(search(any_desk, "маяков OR смирнов")) == []


def test_every_word_of_the_query_must_match_short_ones_too(any_desk: Desk) -> None:
    registered(any_desk, last="Гусева", first="Ольга")
    registered(any_desk, last="Гусева", first="Анна")
    assert names(search(any_desk, "гусева ол")) == ["Гусева Ольга"]
    assert names(search(any_desk, "гу ан")) == ["Гусева Анна"]
    assert names(search(any_desk, "ольга гус")) == ["Гусева Ольга"]


def test_a_corrected_person_is_found_under_the_new_name_only(any_desk: Desk) -> None:
    person = registered(any_desk, last="Тютина", first="Мария", phone="+79140001111")
    edit_attendee(any_desk, person.code, {"last_name": "Шварц", "phone": "+79147778899"})
    assert search(any_desk, "тютин") == ()
    assert search(any_desk, "1111") == ()
    assert names(search(any_desk, "шварц")) == ["Шварц Мария"]
    assert names(search(any_desk, "shvarts")) == ["Шварц Мария"]
    assert names(search(any_desk, "8899")) == ["Шварц Мария"]
    assert_index_in_step(any_desk)


def test_an_imported_person_is_found(any_desk: Desk, tmp_path: Path) -> None:
    rows = [
        ["ФИО", "Телефон", "E-mail", "Компания", "Тариф"],
        ["Щукин Алексей", "+7 924 555-12-12", "a.shchukin@example.ru", "Маяк", "Комфорт"],
        ["Ёлкина Наталья", "8 914 700 80 90", "", "", "Премиум"],
    ]
    report = import_file(any_desk, write_csv(tmp_path / "export.csv", rows))
    assert report.added == 2
    assert names(search(any_desk, "Schukin")) == ["Щукин Алексей"]
    assert names(search(any_desk, "елкина")) == ["Ёлкина Наталья"]
    assert names(search(any_desk, "8090")) == ["Ёлкина Наталья"]
    assert names(search(any_desk, "shchukin@")) == ["Щукин Алексей"]
    assert_index_in_step(any_desk)


def test_a_bulk_load_leaves_the_index_merged_and_its_settings_as_they_were(
    desk: Desk, tmp_path: Path
) -> None:
    rows = [["ФИО", "Телефон", "Тариф"]] + [
        [f"Тютин{n} Альберт", f"8916123{n:04d}", "Комфорт"] for n in range(300)
    ]
    import_file(desk, write_csv(tmp_path / "export.csv", rows))
    load_demo(desk, count=30, seed=5)
    with desk.db.read() as session:
        settings = dict(session.execute(text(f"SELECT k, v FROM {FTS_TABLE}_config")).all())
        segments = session.execute(
            text(f"SELECT count(DISTINCT segid) FROM {FTS_TABLE}_idx")
        ).scalar_one()
    assert settings.get("automerge", FTS_AUTOMERGE) == FTS_AUTOMERGE
    assert segments == 1  # one b-tree: nothing left for a search to merge on the fly
    assert len(search(desk, "тютин1", limit=500)) == 111


def test_a_re_import_that_changes_a_name_moves_the_person_in_the_index(
    desk: Desk, tmp_path: Path
) -> None:
    header = ["ФИО", "Телефон", "Тариф"]
    import_file(
        desk, write_csv(tmp_path / "a.csv", [header, ["Тютин Альберт", "89161234567", "Комфорт"]])
    )
    # The same person (the same phone, a name that agrees) with a second surname now.
    renamed = ["Тютин-Тюрин Альберт", "89161234567", "Комфорт"]
    import_file(desk, write_csv(tmp_path / "b.csv", [header, renamed]))
    assert names(search(desk, "тюрин")) == ["Тютин-Тюрин Альберт"]
    assert names(search(desk, "тютин")) == ["Тютин-Тюрин Альберт"]
    assert_index_in_step(desk)


def test_demo_data_is_indexed_by_the_same_rules(desk: Desk) -> None:
    load_demo(desk, count=40, seed=3)
    assert_index_in_step(desk)
    with desk.db.read() as session:
        someone = session.scalars(select(Attendee).where(Attendee.phone.is_not(None))).first()
        assert someone is not None
        last_name, phone = someone.last_name, someone.phone or ""
    assert last_name in [r.last_name for r in search(desk, last_name, limit=50)]
    assert phone in [r.phone for r in search(desk, phone[-6:], limit=50)]


def test_search_columns_keep_numbers_out_of_word_beginnings() -> None:
    columns = search_columns(
        last_name="Тютин",
        first_name="Альберт",
        middle_name="",
        company="",
        email="a@b.ru",
        phone="+79161234567",
        badge_code="7KQ2-M9XD-H3TR",
    )
    assert columns.last_key == "тютин" and columns.last_latin == "tiutin"
    assert columns.search_text == (
        f"{SEPARATOR}тютин{SEPARATOR}tiutin{SEPARATOR}альберт{SEPARATOR}albert"
        f"{SEPARATOR}a@b.ru{SEPARATOR} 79161234567{SEPARATOR}"
    )


def test_results_load_the_same_snapshots_as_one_attendee_does(desk: Desk, tmp_path: Path) -> None:
    first = registered(desk, last="Тютин")
    second = registered(desk, last="Тютина", paid=False)
    check_in(desk, first.code, day=desk.today())
    print_badges(desk, [first.code, second.code], printer=f"pdf:{tmp_path}")
    with desk.db.read() as session:
        ids = [second.id, first.id]
        loaded = load_views(session.connection(), ids)
        one_by_one = tuple(attendee_view(session.get_one(Attendee, i)) for i in ids)
    assert loaded == one_by_one
    assert loaded[1].checkins and loaded[0].prints and loaded[1].prints


def test_without_the_fts_table_the_database_opens_and_searches_by_scanning(
    desk: Desk, db_url: str
) -> None:
    registered(desk, last="Тютин")
    with desk.db.write() as session:
        for trigger in ("insert", "delete", "update"):
            session.execute(text(f"DROP TRIGGER attendees_search_{trigger}"))
        session.execute(text(f"DROP TABLE {FTS_TABLE}"))
    from kiosk.db import open_database

    db = open_database(db_url, desk.event, create=True)
    try:
        assert not db.fts
        plain = replace(desk, db=db)
        registered(plain, last="Тютина")
        assert names(search(plain, "тют")) == ["Тютин Иван", "Тютина Иван"]
        assert names(search(plain, "ютин")) == ["Тютин Иван", "Тютина Иван"]
    finally:
        db.dispose()
