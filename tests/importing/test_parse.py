"""Turning table rows into registrations, and rejecting the rows that cannot be used."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.config import Event
from kiosk.i18n import set_language
from kiosk.importing.parse import (
    ImportRow,
    ParseResult,
    parse_paid,
    parse_submitted,
    parse_table,
    parse_team_size,
)
from kiosk.importing.reader import ImportFileError, Table, read_table
from tests.importing.files import SAMPLE_EXPORT, write_csv, write_xlsx

FORM = 'Регистрация на Форум "Сервис Next" '
HEADERS = ["ФИО", "Телефон", "Количество человек", "Форма"]


def parse(rows: list[list[str]], event: Event, headers: list[str] = HEADERS) -> ParseResult:
    return parse_table(Table(headers, list(enumerate(rows, start=2))), event)


def only_row(result: ParseResult) -> ImportRow:
    assert result.rejected == []
    (row,) = result.rows
    return row


def test_the_organisers_export_becomes_three_registrations(tmp_path: Path, event: Event) -> None:
    path = tmp_path / "forms.csv"
    path.write_bytes(SAMPLE_EXPORT.encode("cp1251"))
    result = parse_table(read_table(path), event)
    assert result.rejected == [] and result.warnings == []
    smirnova, kuznetsov, fedorova = result.rows
    assert (smirnova.line, smirnova.last_name, smirnova.first_name) == (2, "Смирнова", "Екатерина")
    assert (smirnova.phone, smirnova.tariff, smirnova.call_time) == (
        "+74232001122",
        "comfort",
        "до обеда",
    )
    assert smirnova.submitted_at == datetime(2026, 11, 12, 14, 3)
    assert (kuznetsov.last_name, kuznetsov.first_name) == ("Кузнецов", "Алексей")
    assert kuznetsov.original_name == "Алексей Кузнецов"
    assert (kuznetsov.phone, kuznetsov.tariff) == ("+79245551212", "package_comfort")
    assert (fedorova.middle_name, fedorova.tariff, fedorova.team_size) == ("Игоревна", "team", 5)
    assert fedorova.phone == "+79147008090"
    assert fedorova.form == FORM + "тариф Команда"


@pytest.mark.parametrize(
    ("form", "tariff"),
    [
        ("тариф Комфорт", "comfort"),
        ("тариф Премиум", "premium"),
        ("тариф Команда", "team"),
        ("Два дня Форума Комфорт", "package_comfort"),
        ("Два дня Форума Премиум", "package_premium"),
        ("ДВА ДНЯ ФОРУМА ПРЕМИУМ", "package_premium"),
    ],
)
def test_the_tariff_comes_from_the_form_name_and_the_longest_alias_wins(
    event: Event, form: str, tariff: str
) -> None:
    row = only_row(parse([["Иванов Иван", "89140000001", "3", FORM + form]], event))
    assert row.tariff == tariff


@pytest.mark.parametrize(
    ("cell", "tariff"),
    [
        ("comfort", "comfort"),
        ("package_premium", "package_premium"),
        ("Пакет Комфорт: конференция + тренинг", "package_comfort"),
        ("Пакет Премиум", "package_premium"),
        ("премиум", "premium"),
        ("Comfort package", "package_comfort"),
    ],
)
def test_a_tariff_column_is_matched_by_code_title_or_alias(
    event: Event, cell: str, tariff: str
) -> None:
    result = parse([["Иванов Иван", "89140000001", cell]], event, ["ФИО", "Телефон", "Тариф"])
    assert only_row(result).tariff == tariff


def test_a_tariff_column_wins_over_the_form_name(event: Event) -> None:
    result = parse(
        [["Иванов Иван", "89140000001", "Премиум", FORM + "тариф Комфорт"]],
        event,
        ["ФИО", "Телефон", "Тариф", "Форма"],
    )
    assert only_row(result).tariff == "premium"


REJECTIONS = [
    (["", "", "", FORM + "тариф Комфорт"], "нет ни имени, ни телефона"),
    (["Иванов Иван", "12-34", "", FORM + "тариф Комфорт"], "телефон «12-34» не похож"),
    (["Иванов Иван", "позвоните мне", "", FORM + "тариф Комфорт"], "не похож на номер"),
    (["Иванов Иван", "89140000001", "", FORM + "тариф Золотой"], "неизвестный тариф"),
    (["Иванов Иван", "89140000001", "", ""], "не указан тариф"),
    (["Иванов Иван", "89140000001", "", FORM + "тариф Команда"], "без количества человек"),
    (["Иванов Иван", "89140000001", "много", FORM + "тариф Команда"], "«много» — не число"),
    (["Иванов Иван", "89140000001", "3-5", FORM + "тариф Команда"], "не число"),
    (["Иванов Иван", "89140000001", "500", FORM + "тариф Команда"], "слишком большая команда"),
    (["Иванов\x00Иван", "89140000001", "", FORM + "тариф Комфорт"], "двоичные данные"),
    (["Иванов " * 30, "89140000001", "", FORM + "тариф Комфорт"], "слишком длинное имя"),
]


@pytest.mark.parametrize(("row", "reason"), REJECTIONS)
def test_an_unusable_row_is_rejected_with_its_line_and_a_reason_and_the_rest_go_in(
    event: Event, row: list[str], reason: str
) -> None:
    good = ["Смирнова Екатерина", "89140000002", "", FORM + "тариф Комфорт"]
    result = parse([good, row, good], event)
    assert [r.line for r in result.rejected] == [3]
    assert reason in result.rejected[0].reason
    assert [r.line for r in result.rows] == [2, 4]


def test_a_team_below_the_minimum_waits_for_the_importer_to_know_whether_it_is_on_file(
    event: Event,
) -> None:
    row = only_row(parse([["Иванов Иван", "89140000001", "2", FORM + "тариф Команда"]], event))
    assert (row.team_size, row.problem) == (2, "команда из 2 — меньше минимума (3)")


def test_rejection_reasons_are_in_english_when_the_desk_speaks_english(event: Event) -> None:
    set_language("en")
    result = parse([["", "", "", FORM + "тариф Комфорт"]], event)
    assert result.rejected[0].reason == "neither a name nor a phone"


def test_a_row_with_a_phone_but_no_name_goes_in_under_a_placeholder(event: Event) -> None:
    row = only_row(parse([["", "8 914 000 00 01", "", FORM + "тариф Комфорт"]], event))
    assert (row.last_name, row.original_name, row.phone) == ("Без имени", "", "+79140000001")


def test_a_row_with_a_name_but_no_phone_goes_in_without_a_phone(event: Event) -> None:
    row = only_row(parse([["Иванов Иван", "", "", FORM + "тариф Комфорт"]], event))
    assert (row.last_name, row.phone) == ("Иванов", None)


def test_a_team_size_is_only_kept_for_a_team_tariff(event: Event) -> None:
    row = only_row(parse([["Иванов Иван", "89140000001", "4", FORM + "тариф Комфорт"]], event))
    assert row.team_size is None and row.extra == {"Количество человек": "4"}


def test_separate_name_columns_are_used_as_they_are(event: Event) -> None:
    result = parse(
        [["КУЗНЕЦОВ", "алексей", "", "89140000001", "Комфорт"]],
        event,
        ["Фамилия", "Имя", "Отчество", "Телефон", "Тариф"],
    )
    row = only_row(result)
    assert (row.last_name, row.first_name, row.middle_name) == ("Кузнецов", "Алексей", "")
    assert row.original_name == "КУЗНЕЦОВ алексей"


def test_a_whole_name_typed_into_the_surname_column_is_split(event: Event) -> None:
    result = parse(
        [["Алексей Кузнецов", "", "89140000001", "Комфорт"]],
        event,
        ["Фамилия", "Имя", "Телефон", "Тариф"],
    )
    row = only_row(result)
    assert (row.last_name, row.first_name) == ("Кузнецов", "Алексей")


def test_a_whole_name_typed_into_the_first_name_column_is_split(event: Event) -> None:
    result = parse(
        [
            ["", "Алексей Кузнецов", "89140000001", "Комфорт"],
            ["Алексей", "Кузнецов", "", "Комфорт"],
        ],
        event,
        ["Фамилия", "Имя", "Телефон", "Тариф"],
    )
    assert result.rejected == []
    assert [(r.last_name, r.first_name) for r in result.rows] == [("Кузнецов", "Алексей")] * 2


def test_every_known_field_is_read_and_unknown_columns_are_kept_as_extra(event: Event) -> None:
    headers = [
        "ФИО",
        "Телефон",
        "E-mail",
        "Компания",
        "Должность",
        "Тариф",
        "Оплачено",
        "Во сколько Вам удобно позвонить",
        "Дата заявки",
        "Форма",
        "utm_source",
        "Комментарий",
        "Комментарий",
        "",
    ]
    cells = [
        "Тютин Альберт",
        "+7 (916) 123-45-67",
        " Albert@Example.RU ",
        'ООО "Выше чек"',
        "тренер",
        "Пакет Премиум",
        "да",
        "после 18",
        "2026-11-12T14:03:00",
        "Сайт",
        "instagram",
        "вегетарианец",
        "нужна парковка",
        "?",
    ]
    row = only_row(parse([cells], event, headers))
    assert (row.phone, row.email) == ("+79161234567", "albert@example.ru")
    assert (row.company, row.position, row.tariff) == (
        'ООО "Выше чек"',
        "тренер",
        "package_premium",
    )
    assert (row.paid, row.call_time, row.form) == (True, "после 18", "Сайт")
    assert row.submitted_at == datetime(2026, 11, 12, 14, 3)
    assert row.extra == {
        "utm_source": "instagram",
        "Комментарий": "вегетарианец",
        "Комментарий (13)": "нужна парковка",
        "Столбец 14": "?",
    }


def test_an_invalid_e_mail_is_kept_as_extra_with_a_warning_not_a_rejection(event: Event) -> None:
    result = parse(
        [["Иванов Иван", "89140000001", "ivan@", "Комфорт"]],
        event,
        ["ФИО", "Телефон", "Почта", "Тариф"],
    )
    row = only_row(result)
    assert row.email is None and row.extra == {"E-mail (неверный)": "ivan@"}
    assert [w.line for w in result.warnings] == [2]
    assert "ivan@" in result.warnings[0].message


def test_a_payment_the_importer_cannot_read_is_unknown_with_a_warning(event: Event) -> None:
    result = parse(
        [["Иванов Иван", "89140000001", "частично", "Комфорт"]],
        event,
        ["ФИО", "Телефон", "Оплата", "Тариф"],
    )
    row = only_row(result)
    assert row.paid is None and row.extra == {"Оплата": "частично"}
    assert len(result.warnings) == 1


@pytest.mark.parametrize(
    ("text", "paid"),
    [
        ("да", True),
        ("Да", True),
        ("оплачено", True),
        ("Оплачено картой", True),
        ("yes", True),
        ("TRUE", True),
        ("1", True),
        ("✓", True),
        ("16000", True),
        ("16 000 ₽", True),
        ("27 900,00 руб.", True),
        ("нет", False),
        ("не оплачено", False),
        ("Не оплачен", False),
        ("no", False),
        ("0", False),
        ("0 руб", False),
        ("", None),
        ("частично", None),
    ],
)
def test_payment_is_read_from_words_marks_and_sums(text: str, paid: bool | None) -> None:
    assert parse_paid(text) is paid


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("12.11.2026 14:03", datetime(2026, 11, 12, 14, 3)),
        ("12.11.2026 14:03:27", datetime(2026, 11, 12, 14, 3, 27)),
        ("12.11.2026", datetime(2026, 11, 12)),
        ("2.1.26", datetime(2026, 1, 2)),
        ("12/11/2026 9:05", datetime(2026, 11, 12, 9, 5)),
        ("2026-11-12 14:03:00", datetime(2026, 11, 12, 14, 3)),
        (
            "2026-11-12T14:03:00+10:00",
            datetime(2026, 11, 12, 14, 3, tzinfo=timezone(timedelta(hours=10))),
        ),
        ("46338.5", datetime(2026, 11, 12, 12, 0)),
        ("вчера", None),
        ("31.02.2026", None),
        ("7", None),
    ],
)
def test_submission_dates_are_read_day_first_iso_or_as_excel_day_numbers(
    text: str, when: datetime | None
) -> None:
    assert parse_submitted(text) == when


@pytest.mark.parametrize(
    ("text", "size"),
    [("5", 5), ("5 человек", 5), ("5.0", 5), ("10", 10), ("пять", None), ("3-5", None), ("", None)],
)
def test_a_team_size_is_one_whole_number(text: str, size: int | None) -> None:
    assert parse_team_size(text) == size


def test_rows_of_one_person_stay_separate_rows_for_the_importer_to_merge(event: Event) -> None:
    result = parse(
        [
            ["Иванов Иван", "8 914 000-00-01", "", "Комфорт"],
            ["Иван Иванов", "+79140000001", "ivan@mail.ru", "Комфорт"],
            ["Иванов И.", "", "IVAN@mail.ru", "Комфорт"],
            ["Петров Пётр", "", "", "Комфорт"],
        ],
        event,
        ["ФИО", "Телефон", "E-mail", "Тариф"],
    )
    assert [(r.phone, r.email) for r in result.rows] == [
        ("+79140000001", None),
        ("+79140000001", "ivan@mail.ru"),
        (None, "ivan@mail.ru"),
        (None, None),
    ]


def test_a_table_without_name_or_phone_columns_is_refused(event: Event) -> None:
    with pytest.raises(ImportFileError, match="Город"):
        parse([["Владивосток"]], event, ["Город"])


def test_a_workbook_with_english_headers_and_numeric_phones_parses(
    tmp_path: Path, event: Event
) -> None:
    path = write_xlsx(
        tmp_path / "regs.xlsx",
        [
            ["Last name", "First name", "Phone", "Email", "Ticket", "Paid", "Created"],
            ["Гусева", "Ольга", 78122001122.0, "", "premium", 16000, datetime(2026, 11, 1, 10)],
        ],
    )
    row = only_row(parse_table(read_table(path), event))
    assert (row.last_name, row.first_name, row.phone) == ("Гусева", "Ольга", "+78122001122")
    assert (row.tariff, row.paid, row.submitted_at) == ("premium", True, datetime(2026, 11, 1, 10))


def test_ten_thousand_rows_parse_with_every_line_accounted_for(
    tmp_path: Path, event: Event
) -> None:
    rows = [HEADERS] + [
        ["Иванова Анна", f"8914{i:07d}", "", FORM + "тариф Комфорт"] for i in range(10_000)
    ]
    result = parse_table(read_table(write_csv(tmp_path / "many.csv", rows)), event)
    assert len(result.rows) + len(result.rejected) == 10_000
    assert result.rows[-1].line == 10_001 and result.rows[-1].first_name == "Анна"


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cells=st.lists(
        st.one_of(
            st.text(max_size=30),
            st.sampled_from(["8 914 000-00-01", "+7 (924) 555-12-12", "3", "тариф Команда"]),
        ),
        min_size=0,
        max_size=6,
    )
)
def test_any_cells_at_all_give_a_row_or_a_rejection_never_a_traceback(
    event: Event, cells: list[str]
) -> None:
    headers = ["ФИО", "Телефон", "Кол-во участников", "Форма", "Оплачено", "Дата"]
    result = parse_table(Table(headers, [(2, cells)]), event)
    assert len(result.rows) + len(result.rejected) == 1


def test_a_kept_column_keeps_its_lines_and_nothing_else_of_its_control_characters(
    event: Event,
) -> None:
    headers = ["ФИО", "Телефон", "Форма", "Комментарий"]
    cells = ["Тютин Альберт", "+7 916 123-45-67", "Комфорт", "парковка\r\nи обед  \x0bвечером\t!"]
    row = only_row(parse([cells], event, headers))
    assert row.extra == {"Комментарий": "парковка\nи обед\nвечером\t!"}


def test_a_row_with_a_terminal_escape_in_a_cell_stores_none_of_it(event: Event) -> None:
    headers = ["ФИО", "Телефон", "Форма"]
    cells = ["Тютин\x1b]0;x\x07 Альберт", "+7 916 123-45-67", "Комфорт"]
    result = parse([cells], event, headers)
    stored = [str(v) for r in result.rows for v in vars(r).values()]
    assert not any("\x1b" in v or "\x07" in v for v in stored)


def test_an_escape_or_a_bell_in_a_cell_is_dropped_and_the_row_taken(event: Event) -> None:
    headers = ["ФИО", "Телефон", "Форма", "Компания"]
    cells = ["Тютин\x1b Альберт", "+7 916 123-45-67\x07", "Комфорт", "Ромашка\x1b[31m"]
    row = only_row(parse([cells], event, headers))
    assert (row.last_name, row.first_name) == ("Тютин", "Альберт")
    assert row.phone == "+79161234567" and row.company == "Ромашка[31m"


def test_a_row_with_a_nul_is_refused_as_binary(event: Event) -> None:
    result = parse([["Тютин\x00 Альберт", "+7 916 123-45-67", "Комфорт"]], event)
    assert not result.rows and "двоичные" in result.rejected[0].reason


# ---- several phones and e-mails, work contacts --------------------------------------------

PHONES = ["ФИО", "Телефон", "Рабочий телефон", "Тариф"]


def test_a_cell_with_two_phones_takes_the_first_mobile_and_keeps_the_rest(event: Event) -> None:
    row = only_row(
        parse(
            [["Смирнов Сергей", "+7 (914) 600-00-05, +7 (914) 600-00-55", "", "Комфорт"]],
            event,
            PHONES,
        )
    )
    assert row.phone == "+79146000005"
    assert row.extra["Другие телефоны"] == "+7 (914) 600-00-55"


@pytest.mark.parametrize(
    "cell", ["8 (423) 200-11-22; 8 914 600-00-05", "8 (423) 200-11-22 или +7 914 600 00 05"]
)
def test_a_mobile_after_a_landline_in_one_cell_is_the_phone(event: Event, cell: str) -> None:
    row = only_row(parse([["Смирнов Сергей", cell, "", "Комфорт"]], event, PHONES))
    assert row.phone == "+79146000005"
    assert row.extra["Другие телефоны"].startswith("8 (423) 200-11-22")


@pytest.mark.parametrize(
    ("cell", "kept"),
    [
        ("8 914 600 00 05 8 914 600 00 55", "8 914 600 00 55"),
        ("89146000005 89146000055", "89146000055"),
        ("8(914)6000005 8(914)6000055", "8(914)6000055"),
        ("8 423 200 11 22 8 914 600 00 05", "8 423 200 11 22"),
    ],
)
def test_two_numbers_only_spaces_apart_are_two_phones(event: Event, cell: str, kept: str) -> None:
    row = only_row(parse([["Смирнов Сергей", cell, "", "Комфорт"]], event, PHONES))
    assert (row.phone, row.extra["Другие телефоны"]) == ("+79146000005", kept)


def test_the_work_phone_is_the_phone_only_when_there_is_no_mobile(event: Event) -> None:
    result = parse(
        [
            ["Смирнов Сергей", "", "8 (423) 200-11-22", "Комфорт"],
            ["Смирнова Елена", "+7 914 600-00-05", "8 (423) 200-11-22", "Комфорт"],
        ],
        event,
        PHONES,
    )
    sergey, elena = result.rows
    assert sergey.phone == "+74232001122" and "Рабочий телефон" not in sergey.extra
    assert elena.phone == "+79146000005"
    assert elena.extra["Рабочий телефон"] == "8 (423) 200-11-22"


def test_a_broken_mobile_with_a_good_work_phone_keeps_both_with_a_warning(event: Event) -> None:
    result = parse([["Смирнов Сергей", "12-34", "8 (423) 200-11-22", "Комфорт"]], event, PHONES)
    row = only_row(result)
    assert row.phone == "+74232001122" and row.extra["Телефон"] == "12-34"
    assert [w.line for w in result.warnings] == [2]


def test_a_contact_with_only_a_work_phone_and_no_name_is_still_a_row(event: Event) -> None:
    row = only_row(parse([["", "", "8 (423) 200-11-22", "Комфорт"]], event, PHONES))
    assert (row.last_name, row.phone) == ("Без имени", "+74232001122")


def test_e_mail_columns_private_then_work_and_every_other_address_kept(event: Event) -> None:
    headers = ["ФИО", "Телефон", "Рабочий e-mail", "Частный e-mail", "Тариф"]
    result = parse(
        [
            ["Смирнов Сергей", "", "s.smirnov@firm.ru", "serg@mail.ru", "Комфорт"],
            ["Смирнова Елена", "", "e.smirnova@firm.ru", "", "Комфорт"],
            ["Петров Пётр", "", "", "p@mail.ru, petrov@ya.ru", "Комфорт"],
        ],
        event,
        headers,
    )
    sergey, elena, petr = result.rows
    assert sergey.email == "serg@mail.ru"
    assert sergey.extra["Другие e-mail"] == "s.smirnov@firm.ru"
    assert elena.email == "e.smirnova@firm.ru"
    assert petr.email == "p@mail.ru" and petr.extra["Другие e-mail"] == "petrov@ya.ru"
    assert result.warnings == []


def test_an_e_mail_with_a_space_inside_is_one_invalid_address_kept_whole(event: Event) -> None:
    result = parse(
        [["Петров Пётр", "", "p @mail.ru", "Комфорт"]],
        event,
        ["ФИО", "Телефон", "E-mail", "Тариф"],
    )
    row = only_row(result)
    assert row.email is None and row.extra["E-mail (неверный)"] == "p @mail.ru"
    assert len(result.warnings) == 1


# ---- submission times as services write them ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "when"),
    [
        (
            "12/1/2026 3:04:05 PM GMT+10",
            datetime(2026, 12, 1, 15, 4, 5, tzinfo=timezone(timedelta(hours=10))),
        ),
        (
            "2026/12/01 3:04:05 PM GMT+10",
            datetime(2026, 12, 1, 15, 4, 5, tzinfo=timezone(timedelta(hours=10))),
        ),
        ("12/1/2026 12:30:00 AM", datetime(2026, 12, 1, 0, 30)),
        ("12/1/2026 12:30:00 PM", datetime(2026, 12, 1, 12, 30)),
        ("11/28/2026 9:05", datetime(2026, 11, 28, 9, 5)),
        ("28/11/2026 9:05", datetime(2026, 11, 28, 9, 5)),
        ("01.12.2026 15:04", datetime(2026, 12, 1, 15, 4)),
        ("2026-12-01 15:04:05", datetime(2026, 12, 1, 15, 4, 5)),
        (
            "2026-12-01T15:04:05.123+03:00",
            datetime(2026, 12, 1, 15, 4, 5, tzinfo=timezone(timedelta(hours=3))),
        ),
        ("2026-12-01T05:04:05Z", datetime(2026, 12, 1, 5, 4, 5, tzinfo=UTC)),
        (
            "1/12/2026 13:04 GMT-5",
            datetime(2026, 1, 12, 13, 4, tzinfo=timezone(timedelta(hours=-5))),
        ),
        ("12/1/2026 13:04:05 PM", None),
        ("32.12.2026", None),
    ],
)
def test_submission_times_as_forms_and_crms_write_them(text: str, when: datetime | None) -> None:
    assert parse_submitted(text) == when


def test_an_ambiguous_slash_date_follows_the_rest_of_its_column(event: Event) -> None:
    headers = ["ФИО", "Телефон", "Тариф", "Timestamp"]
    result = parse(
        [
            ["Иванов Иван", "89140000001", "Комфорт", "11/28/2026 9:05"],
            ["Петров Пётр", "89140000002", "Комфорт", "12/1/2026 10:00"],
        ],
        event,
        headers,
    )
    assert [r.submitted_at for r in result.rows] == [
        datetime(2026, 11, 28, 9, 5),
        datetime(2026, 12, 1, 10, 0),
    ]


def test_a_submission_time_that_cannot_be_read_is_kept_as_text_with_a_warning(
    event: Event,
) -> None:
    headers = ["ФИО", "Телефон", "Тариф", "Отметка времени"]
    result = parse([["Иванов Иван", "89140000001", "Комфорт", "вчера вечером"]], event, headers)
    row = only_row(result)
    assert row.submitted_at is None and row.extra["Дата заявки"] == "вчера вечером"
    assert [(w.line, "вчера вечером" in w.message) for w in result.warnings] == [(2, True)]


# ---- a tariff from the sheet's or file's name, or chosen for the import --------------------

NO_TARIFF = ["ФИО", "Телефон"]


def no_tariff_table(**names: str) -> Table:
    rows = [(2, ["Иванов Иван", "89140000001"]), (3, ["Петров Пётр", "89140000002"])]
    return Table(NO_TARIFF, rows, **names)


def test_rows_without_a_tariff_are_rejected_and_counted_as_such(event: Event) -> None:
    result = parse_table(no_tariff_table(source="leads.csv"), event)
    assert (len(result.rejected), result.without_tariff) == (2, 2)


@pytest.mark.parametrize(
    ("names", "tariff"),
    [
        ({"source": "Тариф Комфорт.csv"}, "comfort"),
        ({"source": "tilda-leads-komfort.csv"}, "comfort"),
        ({"source": "package_premium.csv"}, "package_premium"),
        ({"source": "tilda-leads-paket-premium.csv"}, "package_premium"),
        ({"source": "paket_premium.csv"}, "package_premium"),
        ({"source": "dva-dnya-foruma-premium.csv"}, "package_premium"),
        ({"source": "tilda-leads-paket-komfort.csv"}, "package_comfort"),
        ({"source": "export.xlsx", "sheet": "Paket Premium"}, "package_premium"),
        ({"source": "Два дня Форума Премиум - Ответы.csv"}, "package_premium"),
        ({"source": "export.xlsx", "sheet": "Premium"}, "premium"),
        ({"source": "Комфорт.xlsx", "sheet": "Премиум"}, "premium"),  # the sheet wins
    ],
)
def test_the_tariff_comes_from_the_sheet_or_file_name(
    event: Event, names: dict[str, str], tariff: str
) -> None:
    result = parse_table(no_tariff_table(**names), event)
    assert [r.tariff for r in result.rows] == [tariff, tariff]
    (named,) = result.named_tariffs
    assert (named.tariff, named.rows) == (tariff, 2)


def test_a_chosen_tariff_goes_to_rows_without_one_and_a_rows_own_wins(event: Event) -> None:
    headers = ["ФИО", "Телефон", "Тариф"]
    rows = [(2, ["Иванов Иван", "89140000001", ""]), (3, ["Петров Пётр", "89140000002", "Премиум"])]
    result = parse_table(Table(headers, rows), event, default_tariff="comfort")
    assert [r.tariff for r in result.rows] == ["comfort", "premium"]
    assert [(n.source, n.tariff, n.rows) for n in result.named_tariffs] == [
        ("chosen", "comfort", 1)
    ]


def test_a_name_wins_over_a_chosen_tariff_but_not_over_the_rows_own(event: Event) -> None:
    result = parse_table(no_tariff_table(sheet="Премиум"), event, default_tariff="comfort")
    assert [r.tariff for r in result.rows] == ["premium", "premium"]


def test_a_form_that_names_no_tariff_takes_the_chosen_one(event: Event) -> None:
    headers = ["ФИО", "Телефон", "Источник"]
    rows = [(2, ["Иванов Иван", "89140000001", "Веб-сайт"])]
    rejected = parse_table(Table(headers, rows), event)
    assert (rejected.without_tariff, "Веб-сайт" in rejected.rejected[0].reason) == (1, True)
    result = parse_table(Table(headers, rows), event, default_tariff="comfort")
    assert only_row(result).tariff == "comfort"


def test_an_unknown_tariff_in_the_tariff_column_is_not_replaced_by_the_chosen_one(
    event: Event,
) -> None:
    headers = ["ФИО", "Телефон", "Тариф"]
    rows = [(2, ["Иванов Иван", "89140000001", "Золотой"])]
    result = parse_table(Table(headers, rows), event, default_tariff="comfort")
    assert (len(result.rejected), result.without_tariff) == (1, 0)


def test_rows_of_a_sheet_say_which_sheet(event: Event) -> None:
    result = parse_table(
        Table(NO_TARIFF, [(2, ["Иванов Иван", "89140000001"]), (3, ["", ""])], sheet="Комфорт"),
        event,
    )
    assert [(r.line, r.sheet) for r in result.rows] == [(2, "Комфорт")]
    assert [(r.line, r.sheet) for r in result.rejected] == [(3, "Комфорт")]


def test_a_guessed_name_order_is_marked_on_the_row(event: Event) -> None:
    headers = ["ФИО", "Телефон", "Тариф"]
    result = parse([["John Smith", "89140000001", "Комфорт"]], event, headers)
    row = only_row(result)
    assert (row.last_name, row.first_name, row.name_guessed) == ("Smith", "John", True)


def test_a_phone_typed_into_the_name_cell_is_the_phone_and_no_name(event: Event) -> None:
    row = only_row(parse([["8 914 600 00 98", "", "", FORM + "тариф Комфорт"]], event))
    assert (row.phone, row.original_name, row.not_a_name) == ("+79146000098", "", "8 914 600 00 98")
    assert "8" not in row.last_name + row.first_name


def test_a_phone_in_the_name_cell_of_a_row_with_a_phone_is_kept_as_another_phone(
    event: Event,
) -> None:
    row = only_row(
        parse([["8 914 600 00 98", "8 914 600 00 99", "", FORM + "тариф Комфорт"]], event)
    )
    assert (row.phone, row.original_name) == ("+79146000099", "")
    assert row.extra["Другие телефоны"] == "8 914 600 00 98"


def test_digits_that_are_no_phone_are_never_a_name(event: Event) -> None:
    result = parse([["12-34", "8 914 600 00 99", "", FORM + "тариф Комфорт"]], event)
    row = only_row(result)
    assert (row.original_name, row.not_a_name, row.extra["ФИО"]) == ("", "12-34", "12-34")
    assert "12-34" not in row.last_name
    assert "не имя" in result.warnings[0].message


def test_an_extension_stays_with_the_phone_not_among_other_phones(event: Event) -> None:
    row = only_row(
        parse([["Иванов Иван", "8 (914) 600-00-92 доб. 123", "", FORM + "тариф Комфорт"]], event)
    )
    assert (row.phone, row.extra) == ("+79146000092", {"Добавочный": "123"})


def test_a_name_box_without_a_letter_is_left_empty(event: Event) -> None:
    headers = ["Фамилия", "Имя", "Телефон", "Форма"]
    row = only_row(parse([["123", "Иван", "89140000001", FORM + "тариф Комфорт"]], event, headers))
    assert (row.last_name, row.first_name) == ("", "Иван")
