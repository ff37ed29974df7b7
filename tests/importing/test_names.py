"""Splitting a full name typed in one field: Russian order first, but the words decide."""

from __future__ import annotations

import pytest

from kiosk.importing.names import (
    is_russian_first_name,
    split_full_name,
    split_name_fields,
    tidy,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Смирнова Екатерина", ("Смирнова", "Екатерина", "")),
        ("Екатерина Смирнова", ("Смирнова", "Екатерина", "")),
        ("Алексей Кузнецов", ("Кузнецов", "Алексей", "")),
        ("Кузнецов Алексей", ("Кузнецов", "Алексей", "")),
        ("Федорова Ольга Игоревна", ("Федорова", "Ольга", "Игоревна")),
        ("Ольга Игоревна Федорова", ("Федорова", "Ольга", "Игоревна")),
        ("Кузьмина Анна Ильинична", ("Кузьмина", "Анна", "Ильинична")),
        ("Роман Волков", ("Волков", "Роман", "")),
        ("Любовь Орлова", ("Орлова", "Любовь", "")),
        ("Мария Ким", ("Ким", "Мария", "")),
        ("Ким Мария", ("Ким", "Мария", "")),
        ("Светлана Ворона", ("Ворона", "Светлана", "")),
        ("Марина Галкина", ("Галкина", "Марина", "")),
        ("Альберт Тютин", ("Тютин", "Альберт", "")),
        ("Пётр Фёдоров", ("Фёдоров", "Пётр", "")),
        ("Яков Орлов", ("Орлов", "Яков", "")),
        ("Мария Сергеевна", ("", "Мария", "Сергеевна")),
    ],
)
def test_the_dictionary_tells_the_surname_in_either_order(
    text: str, expected: tuple[str, str, str]
) -> None:
    name = split_full_name(text)
    assert (name.last, name.first, name.middle) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ИВАНОВ ИВАН", ("Иванов", "Иван", "")),
        ("анна сергеевна иванова", ("Иванова", "Анна", "Сергеевна")),
        ("  Римская-Корсакова   Анна ", ("Римская-Корсакова", "Анна", "")),
        ("Анна-Мария Петрова", ("Петрова", "Анна-Мария", "")),
        ("Кузьма Петров-Водкин", ("Петров-Водкин", "Кузьма", "")),
        ("Иванов, Иван", ("Иванов", "Иван", "")),
        ("Иванов И.И.", ("Иванов", "И.", "И.")),
        ("И. И. Иванов", ("Иванов", "И.", "И.")),
        ("Мамедов Рашид Ахмед оглы", ("Мамедов", "Рашид", "Ахмед оглы")),
        ("Кузнецов", ("Кузнецов", "", "")),
        ("Анна", ("", "Анна", "")),
    ],
)
def test_case_spaces_hyphens_initials_and_single_words(
    text: str, expected: tuple[str, str, str]
) -> None:
    name = split_full_name(text)
    assert (name.last, name.first, name.middle) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("John Smith", ("Smith", "John", "")),
        ("Ivanov Ivan", ("Ivanov", "Ivan", "")),
        ("Ivanov Ivan Ivanovich", ("Ivanov", "Ivan", "Ivanovich")),
        ("John Paul Smith", ("Smith", "John", "Paul")),
        ("Smith", ("Smith", "", "")),
    ],
)
def test_latin_names_are_read_in_western_order_unless_they_look_russian(
    text: str, expected: tuple[str, str, str]
) -> None:
    name = split_full_name(text)
    assert (name.last, name.first, name.middle) == expected


def test_words_the_dictionary_cannot_place_keep_the_russian_order() -> None:
    name = split_full_name("Пупырка Зюзя")
    assert (name.last, name.first) == ("Пупырка", "Зюзя")


def test_four_words_keep_everything_typed() -> None:
    name = split_full_name("Ким Ен Сун Ли")
    assert (name.last, name.first, name.middle) == ("Ким", "Ен", "Сун Ли")


def test_the_original_text_is_kept_with_spaces_collapsed() -> None:
    assert split_full_name("  алексей   КУЗНЕЦОВ ").original == "алексей КУЗНЕЦОВ"


def test_an_empty_name_splits_into_nothing() -> None:
    assert split_full_name("   ") == split_full_name("")
    assert (split_full_name("").last, split_full_name("").first) == ("", "")


@pytest.mark.parametrize(
    ("word", "tidied"),
    [
        ("ИВАНОВ", "Иванов"),
        ("иванов", "Иванов"),
        ("иВАНОВ", "Иванов"),
        ("РИМСКАЯ-КОРСАКОВА", "Римская-Корсакова"),
        ("McDonald", "McDonald"),
        ("О'НИЛ", "О'Нил"),
        ("и.и.", "И.И."),
        ("ОГЛЫ", "оглы"),
    ],
)
def test_words_typed_in_one_case_get_capitals_and_deliberate_case_is_kept(
    word: str, tidied: str
) -> None:
    assert tidy(word) == tidied


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Petrova Marina", ("Petrova", "Marina")),
        ("Marina Petrova", ("Petrova", "Marina")),
        ("Kim Ivan", ("Kim", "Ivan")),
        ("Iuliia Tsoi", ("Tsoi", "Iuliia")),
        ("Aleksandr Kim", ("Kim", "Aleksandr")),
        ("Alexander Kim", ("Kim", "Alexander")),
    ],
)
def test_a_known_russian_first_name_in_latin_letters_tells_the_order(
    text: str, expected: tuple[str, str]
) -> None:
    name = split_full_name(text)
    assert ((name.last, name.first), name.guessed) == (expected, False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("John Smith", ("Smith", "John")),
        ("Kowalsky Tomas", ("Kowalsky", "Tomas")),
        ("Smith Jones", ("Jones", "Smith")),
    ],
)
def test_two_latin_words_without_a_russian_first_name_are_a_guess(
    text: str, expected: tuple[str, str]
) -> None:
    name = split_full_name(text)
    assert ((name.last, name.first), name.guessed) == (expected, True)


def test_names_the_words_tell_apart_are_not_a_guess() -> None:
    for text in ("Смирнова Екатерина", "Алексей Кузнецов", "Ivanov Ivan Ivanovich", "Иванов И."):
        assert not split_full_name(text).guessed, text


def test_two_cyrillic_words_the_dictionary_weighs_the_same_are_a_guess() -> None:
    assert split_full_name("Пупырка Зюзя").guessed


@pytest.mark.parametrize(
    "word", ["Мария", "Maria", "Mariya", "Yulia", "Iuliia", "Sergei", "Natalie"]
)
def test_russian_first_names_are_known_in_any_usual_spelling(word: str) -> None:
    assert is_russian_first_name(word)


@pytest.mark.parametrize("word", ["Smith", "Petrova", "John", "Kowalsky"])
def test_surnames_and_foreign_first_names_are_not_russian_first_names(word: str) -> None:
    assert not is_russian_first_name(word)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (("Иван Петров", "", ""), ("Петров", "Иван", "")),
        (("", "Иван Петров", ""), ("Петров", "Иван", "")),
        (("", "Петров Иван Сергеевич", ""), ("Петров", "Иван", "Сергеевич")),
        (("Иван", "Петров", ""), ("Петров", "Иван", "")),  # each in the other's box
        (("ИВАН", "петрова", ""), ("Петрова", "Иван", "")),
        (("Петров", "Иван", "Сергеевич"), ("Петров", "Иван", "Сергеевич")),
        (("Роман", "Ковалёв", ""), ("Роман", "Ковалёв", "")),  # «Роман» may be a surname
        (("Лебедь", "Ольга", ""), ("Лебедь", "Ольга", "")),
    ],
)
def test_separate_name_fields_as_people_fill_them_in(
    fields: tuple[str, str, str], expected: tuple[str, str, str]
) -> None:
    name = split_name_fields(*fields)
    assert (name.last, name.first, name.middle) == expected
