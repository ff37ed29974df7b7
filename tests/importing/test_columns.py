"""Recognising columns by their headers, however the form builder or CRM spelled them."""

from __future__ import annotations

import pytest

from kiosk.importing.columns import field_of, match_columns, names_a_person


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("ФИО", "full_name"),
        ("Ф.И.О.", "full_name"),
        ("  фио ", "full_name"),
        ("Имя", "full_name"),
        ("Name", "full_name"),
        ("Full name", "full_name"),
        ("Участник", "full_name"),
        ("Контактное лицо", "full_name"),
        ("Фамилия, имя, отчество", "full_name"),
        ("Имя участника", "full_name"),
        ("Фамилия", "last_name"),
        ("Фамилия участника", "last_name"),
        ("Last name", "last_name"),
        ("Surname", "last_name"),
        ("First name", "first_name"),
        ("Отчество", "middle_name"),
        ("Телефон", "phone"),
        ("Тел.", "phone"),
        ("Phone", "phone"),
        ("Мобильный", "phone"),
        ("Номер телефона", "phone"),
        ("Ваш телефон", "phone"),
        ("E-mail", "email"),
        ("Email", "email"),
        ("Почта", "email"),
        ("Эл. почта", "email"),
        ("Электронная почта", "email"),
        ("Ваш e-mail", "email"),
        ("Компания", "company"),
        ("Организация", "company"),
        ("Company", "company"),
        ("Organization", "company"),
        ("Должность", "position"),
        ("Position", "position"),
        ("Job title", "position"),
        ("Тариф", "tariff"),
        ("Tariff", "tariff"),
        ("Ticket", "tariff"),
        ("Количество человек в команде", "team_size"),
        ("Количество человек", "team_size"),
        ("Кол-во участников", "team_size"),
        ("Team size", "team_size"),
        ("Во сколько Вам позвонить", "call_time"),
        ("Во сколько Вам удобно позвонить?", "call_time"),
        ("Удобное время звонка", "call_time"),
        ("Оплачено", "paid"),
        ("Оплата", "paid"),
        ("Paid", "paid"),
        ("Статус оплаты", "paid"),
        ("Форма", "form"),
        ("Название формы", "form"),
        ("Form", "form"),
        ("Источник", "form"),
        ("Дата заявки", "submitted_at"),
        ("Дата", "submitted_at"),
        ("Created", "submitted_at"),
        ("Submitted at", "submitted_at"),
        ("Отметка времени", "submitted_at"),
        ("Время создания", "submitted_at"),
        ("sent", "submitted_at"),
        ("Мобильный телефон", "phone"),
        ("Рабочий телефон", "work_phone"),
        ("Телефон (рабочий)", "work_phone"),
        ("Work phone", "work_phone"),
        ("Частный e-mail", "email"),
        ("Email адрес", "email"),
        ("Личный e-mail", "email"),
        ("Рабочий e-mail", "work_email"),
        ("Work email", "work_email"),
        ("Второе имя", "middle_name"),
        ("Ваше ФИО", "full_name"),
        ("Ваши ФИО", "full_name"),
        ("Ваше Ф.И.О.", "full_name"),
        ("ФИО полностью", "full_name"),
        ("Укажите ФИО", "full_name"),
        ("Укажите ваше ФИО", "full_name"),
        ("Как вас зовут?", "full_name"),
        ("Представьтесь, пожалуйста", "full_name"),
        ("Your full name", "full_name"),
    ],
)
def test_usual_spellings_name_their_field(header: str, field: str) -> None:
    assert field_of(header) == field


@pytest.mark.parametrize(
    "header",
    ["Город", "Комментарий", "Дата рождения", "Username", "utm_source", "", "—", "Фиолетовый"],
)
def test_other_headers_name_no_field(header: str) -> None:
    assert field_of(header) is None


def test_e_mail_typed_with_a_cyrillic_e_is_still_the_e_mail() -> None:
    assert field_of("\u0415-mail") == "email"


def test_a_first_name_column_next_to_a_surname_column_is_the_first_name() -> None:
    columns = match_columns(["Фамилия", "Имя", "Отчество", "Телефон"])
    assert columns == {"last_name": 0, "first_name": 1, "middle_name": 2, "phone": 3}


def test_a_name_column_alone_is_the_full_name() -> None:
    assert match_columns(["Имя", "Телефон"]) == {"full_name": 0, "phone": 1}


def test_a_header_that_is_exactly_an_alias_beats_one_that_only_contains_it() -> None:
    columns = match_columns(["Телефон руководителя", "Телефон"])
    assert columns["phone"] == 1


def test_only_the_first_column_of_a_field_is_taken() -> None:
    columns = match_columns(["Телефон", "Телефон", "ФИО"])
    assert columns == {"phone": 0, "full_name": 2}


def test_bitrix24_contacts_take_the_mobile_as_the_phone_and_both_e_mails() -> None:
    headers = [
        "ID",
        "Обращение",
        "Имя",
        "Второе имя",
        "Фамилия",
        "Рабочий телефон",
        "Мобильный телефон",
        "Домашний телефон",
        "Рабочий e-mail",
        "Частный e-mail",
        "Компания",
        "Должность",
        "Дата создания",
    ]
    columns = match_columns(headers)
    assert {f: headers[i] for f, i in columns.items()} == {
        "first_name": "Имя",
        "middle_name": "Второе имя",
        "last_name": "Фамилия",
        "work_phone": "Рабочий телефон",
        "phone": "Мобильный телефон",
        "work_email": "Рабочий e-mail",
        "email": "Частный e-mail",
        "company": "Компания",
        "position": "Должность",
        "submitted_at": "Дата создания",
    }


def test_a_work_phone_alone_makes_a_table_of_people() -> None:
    assert names_a_person(match_columns(["Рабочий телефон", "Компания"]))
