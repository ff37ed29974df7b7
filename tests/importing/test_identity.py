"""When two registrations are one person: names that agree, and the key of a nameless contact."""

from __future__ import annotations

import pytest

from kiosk.importing.identity import companies_agree, name_key, names_agree


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("Смирнов", "Сергей"), ("Смирнов", "Сергей")),
        (("СМИРНОВ", "сергей"), ("Смирнов", "Сергей")),  # case
        (("Фёдоров", "Пётр"), ("Федоров", "Петр")),  # ё and е
        (("Смирнов", "Сергей"), ("Сергей", "Смирнов")),  # the words the other way round
        (("Смирнов", "С."), ("Смирнов", "Сергей")),  # an initial
        (("Смирнов", "С"), ("Смирнов", "Сергей")),
        (("Смирнов", ""), ("Смирнов", "Сергей")),  # a part left out
        (("", "Сергей"), ("Смирнов", "Сергей")),
        (("Smirnov", "Sergey"), ("Смирнов", "Сергей")),  # a Latin spelling
        (("Smirnov", "Sergei"), ("Смирнов", "Сергей")),
        (("Смирнова", "Елена"), ("Смирнова-Петрова", "Елена")),  # a second surname
        (("Без имени", ""), ("Смирнов", "Сергей")),  # a row with a phone and no name
        (("No name", ""), ("Смирнова", "Елена")),
    ],
)
def test_the_same_name_written_differently_agrees(a: tuple[str, str], b: tuple[str, str]) -> None:
    assert names_agree(*a, *b)
    assert names_agree(*b, *a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("Смирнов", "Сергей"), ("Смирнова", "Елена")),  # a shared office phone
        (("Смирнов", "Сергей"), ("Смирнова", "Сергей")),
        (("Смирнов", "Сергей"), ("Смирнов", "Алексей")),  # a father and a son
        (("Смирнов", "С."), ("Смирнов", "Алексей")),
        (("Иванов", "Иван"), ("Петров", "Иван")),
        (("Смирнов", ""), ("Петров", "Сергей")),
        (("", "Сергей"), ("", "Елена")),
    ],
)
def test_different_people_do_not_agree(a: tuple[str, str], b: tuple[str, str]) -> None:
    assert not names_agree(*a, *b)
    assert not names_agree(*b, *a)


def test_a_surname_alone_does_not_agree_with_a_first_name_the_other_way_round() -> None:
    # «Смирнов» without a first name is not «Сергей» without a surname read the other way.
    assert not names_agree("Смирнов", "", "Елена", "Смирнова")


def test_the_name_key_ignores_order_case_and_yo() -> None:
    key = name_key("Тютин", "Альберт", "")
    assert key == name_key("АЛЬБЕРТ", "тютин", "")
    assert name_key("Фёдорова", "Ольга", "") == name_key("Федорова", "Ольга", "")
    assert name_key("Тютин", "Альберт", "Иванович") != name_key("Тютин", "Альберт", "")


def test_a_missing_company_agrees_with_any_and_two_given_ones_must_be_the_same() -> None:
    assert companies_agree("Тренинг-центр", "тренинг-ЦЕНТР ")
    assert companies_agree("Успех", "")
    assert companies_agree("", "Успех")
    assert not companies_agree("Успех", "Маяк")


def test_a_row_without_a_name_has_no_name_key() -> None:
    assert name_key("", "", "") is None
    assert name_key("Без имени", "", "") is None
    assert name_key("No name", "", "") is None
