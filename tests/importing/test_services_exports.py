"""Exports of the services people really use, imported twice: the second time changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kiosk.models import Attendee, ContactLink
from kiosk.services.context import Desk
from kiosk.services.importing import ImportReport, import_file
from kiosk.services.registration import is_placeholder
from tests.importing import files


def people(desk: Desk) -> dict[str, Attendee]:
    with desk.db.read() as session:
        return {f"{a.last_name} {a.first_name}": a for a in session.scalars(select(Attendee))}


def count(desk: Desk, model: type[Attendee] | type[ContactLink]) -> int:
    with desk.db.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def twice(desk: Desk, path: Path, **options: str) -> tuple[ImportReport, ImportReport]:
    first = import_file(desk, path, **options)  # type: ignore[arg-type]
    again = import_file(desk, path, **options)  # type: ignore[arg-type]
    return first, again


EXPORTS: list[tuple[str, Callable[[Path], Path], dict[str, str], int]] = [
    ("tilda-leads.csv", files.tilda_leads, {}, 4),
    ("tilda-google-sheets.csv", files.tilda_google_sheets, {}, 3),
    ("google-forms.csv", files.google_forms, {}, 2),
    ("Регистрация — Комфорт.xlsx", files.yandex_forms, {}, 3),
    ("bitrix-contacts.csv", files.bitrix_contacts, {"tariff": "comfort"}, 3),
    ("excel-unicode.txt", files.excel_unicode_text, {}, 2),
]


@pytest.mark.parametrize(("name", "build", "options", "added"), EXPORTS)
def test_each_services_export_imports_and_the_second_import_changes_nothing(
    desk: Desk,
    tmp_path: Path,
    name: str,
    build: Callable[[Path], Path],
    options: dict[str, str],
    added: int,
) -> None:
    first, again = twice(desk, build(tmp_path / name), **options)
    assert (first.added, first.rejected) == (added, [])
    assert (again.added, again.updated, again.rejected) == (0, 0, [])
    assert again.unchanged == added
    assert again.kept_apart == [] and again.name_guesses == []


def test_tilda_leads_keep_two_people_who_share_an_office_phone(desk: Desk, tmp_path: Path) -> None:
    first, again = twice(desk, files.tilda_leads(tmp_path / "leads.csv"))
    assert again.kept_apart == []  # said once, when it happened
    found = people(desk)
    sergey, elena = found["Смирнов Сергей"], found["Смирнова Елена"]
    assert sergey.phone == elena.phone == "+74232001122"
    assert (sergey.email, elena.email) == ("s.smirnov@firm.ru", "e.smirnova@firm.ru")
    (kept,) = first.kept_apart
    assert (kept.line, kept.kind, kept.name, kept.other_name) == (
        5,
        "phone",
        "Смирнова Елена",
        "Смирнов Сергей",
    )
    assert count(desk, ContactLink) == 1
    assert found["Смирнова Екатерина"].extra["Дата заявки"] == "12.11.2026 14:03"


def test_tilda_in_google_sheets_keeps_the_second_phone_and_shows_the_guessed_order(
    desk: Desk, tmp_path: Path
) -> None:
    report = import_file(desk, files.tilda_google_sheets(tmp_path / "sheets.csv"))
    found = people(desk)
    olga = found["Федорова Ольга"]
    assert (olga.phone, olga.tariff) == ("+79146000005", "comfort")
    assert olga.extra["Другие телефоны"] == "+7 (914) 600-00-55"
    assert found["Ivanov Petr"].tariff == "premium"
    (guess,) = report.name_guesses
    assert (guess.line, guess.original, guess.last_name, guess.first_name) == (
        4,
        "John Smith",
        "Smith",
        "John",
    )


def test_google_forms_times_are_read_with_their_offset(desk: Desk, tmp_path: Path) -> None:
    report = import_file(desk, files.google_forms(tmp_path / "forms.csv"))
    assert report.warnings == []
    tyutin = people(desk)["Тютин Альберт"]
    assert tyutin.extra["Дата заявки"] == "01.12.2026 15:04"  # GMT+10 is the venue's time
    assert (tyutin.tariff, tyutin.company) == ("package_premium", "Тренинг-центр")


def test_yandex_forms_take_the_tariff_from_the_file_name(desk: Desk, tmp_path: Path) -> None:
    report = import_file(desk, files.yandex_forms(tmp_path / "Регистрация — Комфорт.xlsx"))
    found = people(desk)
    assert {a.tariff for a in found.values()} == {"comfort"}
    assert found["Сидоров Пётр"].phone == "+79146000012"
    assert found["Петрова Анна"].extra["Дата заявки"] == "25.11.2026 10:15"
    assert [(n.source, n.tariff, n.rows) for n in report.named_tariffs] == [("file", "comfort", 3)]


def test_bitrix_contacts_use_the_work_phone_and_e_mail_only_when_nothing_else(
    desk: Desk, tmp_path: Path
) -> None:
    first, again = twice(desk, files.bitrix_contacts(tmp_path / "contacts.csv"), tariff="comfort")
    assert (first.matched_by_name, first.named_tariffs[0].source) == (0, "chosen")
    found = people(desk)
    sergey, elena, maria = found["Смирнов Сергей"], found["Смирнова Елена"], found["Котова Мария"]
    assert (sergey.phone, sergey.email, sergey.middle_name) == (
        "+74232001122",
        "office@firm.ru",
        "Иванович",
    )
    assert (elena.phone, elena.email) == ("+79146000021", "elena@mail.ru")
    assert elena.extra["Рабочий телефон"] == "+7 (423) 200-11-22"
    assert elena.extra["Другие e-mail"] == "office@firm.ru"
    assert (maria.phone, maria.email, maria.company) == (None, None, "Маяк")
    assert again.matched_by_name == 1


def test_excel_unicode_text_gives_a_team_of_a_contact_without_a_surname_named_seats(
    desk: Desk, tmp_path: Path
) -> None:
    report = import_file(desk, files.excel_unicode_text(tmp_path / "unicode.txt"))
    assert report.teams == 1
    seats = sorted(
        (a.last_name, a.first_name) for a in people(desk).values() if a.group_id is not None
    )
    assert seats == [("", "Анна"), ("Участник 2", "команда Анна"), ("Участник 3", "команда Анна")]
    assert all(is_placeholder(*seat) for seat in seats[1:])
    with desk.db.read() as session:
        from kiosk.models import RegistrationGroup

        assert session.scalars(select(RegistrationGroup.name)).one() == "Команда Анна"


def test_a_workbook_with_a_sheet_per_form_takes_each_sheets_tariff(
    desk: Desk, tmp_path: Path
) -> None:
    header = ["Имя", "Телефон"]
    path = files.write_xlsx(
        tmp_path / "forms.xlsx",
        [header, ["Иванов Иван", 79140000001]],
        [header, ["Петров Пётр", 79140000002], ["Сидоров Сидор", 79140000003]],
    )
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    workbook["Лист1"].title = "Премиум"
    workbook["Лист2"].title = "Два дня Форума Комфорт"
    workbook.save(path)
    first, again = twice(desk, path)
    found = people(desk)
    assert [found[n].tariff for n in ("Иванов Иван", "Петров Пётр", "Сидоров Сидор")] == [
        "premium",
        "package_comfort",
        "package_comfort",
    ]
    assert found["Петров Пётр"].extra["Лист"] == "Два дня Форума Комфорт"
    assert sorted((n.name, n.rows) for n in first.named_tariffs) == [
        ("Два дня Форума Комфорт", 2),
        ("Премиум", 1),
    ]
    assert (again.added, again.updated) == (0, 0)


def test_a_default_tariff_never_changes_the_tariff_of_someone_already_on_file(
    desk: Desk, tmp_path: Path
) -> None:
    files.google_forms(tmp_path / "forms.csv")
    import_file(desk, tmp_path / "forms.csv")
    # A contacts list with no tariff of its own, imported with one chosen (twice), then a
    # Yandex export of a form whose file name names a cheaper tariff: Тютин keeps his package.
    rows = [["Фамилия, имя", "Номер телефона"], ["Тютин Альберт", "8 916 123-45-67"]]
    rows.append(["Новикова Нина", "8 914 600-00-41"])
    contacts = files.write_csv(tmp_path / "contacts.csv", rows, encoding="cp1251")
    first, again = twice(desk, contacts, tariff="comfort")
    assert (first.added, first.updated, again.added, again.updated) == (1, 0, 0, 0)
    assert (first.kept_tariffs, again.kept_tariffs) == (1, 1)
    named = files.write_csv(tmp_path / "Регистрация — Комфорт.csv", rows, encoding="utf-8-sig")
    first, again = twice(desk, named)
    assert (first.added, first.updated, again.added, again.updated) == (0, 0, 0, 0)
    found = people(desk)
    assert (found["Тютин Альберт"].tariff, found["Тютин Альберт"].price) == (
        "package_premium",
        27_900,
    )
    assert found["Новикова Нина"].tariff == "comfort"


def test_a_rows_own_tariff_still_changes_the_tariff_on_file(desk: Desk, tmp_path: Path) -> None:
    import_file(desk, files.google_forms(tmp_path / "forms.csv"))
    rows = [["Фамилия, имя", "Номер телефона", "Тариф"]]
    rows.append(["Тютин Альберт", "89161234567", "Комфорт"])
    first, again = twice(desk, files.write_csv(tmp_path / "a.csv", rows), tariff="premium")
    assert (first.updated, again.updated) == (1, 0)
    assert people(desk)["Тютин Альберт"].tariff == "comfort"


def yandex_question_headers(path: Path, name_header: str) -> Path:
    """A Yandex Forms CSV download: the questions as headers, «Время создания», UTF-8, «,»."""
    return files.write_csv(
        path,
        [
            ["ID", "Время создания", name_header, "Номер телефона", "Электронная почта"],
            ["1", "2026-11-20 10:00:00", "Безымянов Иван", "+7 914 360-00-01", "a@b.ru"],
        ],
        delimiter=",",
        newline="\n",
    )


@pytest.mark.parametrize(
    "header", ["Ваше ФИО", "Ваше Ф.И.О.", "ФИО полностью", "Укажите ФИО", "Как вас зовут?"]
)
def test_a_forms_question_asking_for_the_name_is_the_name_column(
    desk: Desk, tmp_path: Path, header: str
) -> None:
    path = yandex_question_headers(tmp_path / "Форма Комфорт.csv", header)
    first, again = twice(desk, path)
    assert (first.added, again.added, again.updated, again.rejected) == (1, 0, 0, [])
    assert list(people(desk)) == ["Безымянов Иван"]


def test_a_file_without_a_name_column_adds_nobody_nameless_and_says_why(
    desk: Desk, tmp_path: Path
) -> None:
    import_file(desk, files.google_forms(tmp_path / "forms.csv"))
    rows = [["Вопрос без ответа", "Номер телефона", "Тариф"]]
    rows += [["Тютин", "8 916 123-45-67", "Премиум"], ["Кто-то", "8 914 600-00-51", "Премиум"]]
    path = files.write_csv(tmp_path / "phones.csv", rows, encoding="cp1251")
    first, again = twice(desk, path)
    assert (first.added, first.updated, again.added, again.updated) == (0, 1, 0, 0)
    assert [r.line for r in first.rejected] == [3] == [r.line for r in again.rejected]
    assert "столбец с именем" in first.rejected[0].reason
    assert people(desk)["Тютин Альберт"].tariff == "premium"
    assert len(people(desk)) == 2


def test_phone_cells_with_line_breaks_notes_and_extensions_import_and_re_import_unchanged(
    desk: Desk, tmp_path: Path
) -> None:
    """An Excel cell with two numbers on two lines (Alt+Enter), two numbers a space apart,
    labels and notes, an extension; a Bitrix24 work phone with an extension and no mobile."""
    header = ["ФИО", "Телефон", "Рабочий телефон", "Тариф"]
    book = files.write_xlsx(
        tmp_path / "two-phones.xlsx",
        [
            header,
            ["Первов Павел", "+7 914 380-00-01\n+7 914 380-00-11", "", "Комфорт"],
            ["Второв Виктор", "+7 914 380-00-02 (моб.)", "", "Комфорт"],
            ["Третьяков Тимур", "+7 914 380-00-03 +7 914 380-00-33", "", "Комфорт"],
            ["Четверикова Чара", "моб. +7 914 380-00-04, раб. 8 (423) 222-33-40", "", "Комфорт"],
            ["Пятаков Пётр", "+7 914 380-00-05 (Whatsapp)", "", "Комфорт"],
            ["Шестаков Шамиль", "+7 914 380-00-06 доб. 12", "", "Комфорт"],
            ["Семёнов Семён", "", "+7 (423) 222-33-44 доб. 5", "Комфорт"],
        ],
    )
    first, again = twice(desk, book)
    assert (first.added, first.rejected) == (7, [])
    assert (again.added, again.updated, again.rejected) == (0, 0, [])
    found = people(desk)
    kept = {
        name: (a.phone, a.extra.get("Другие телефоны") or a.extra.get("Добавочный"))
        for name, a in found.items()
        if a.extra is not None
    }
    assert kept == {
        "Первов Павел": ("+79143800001", "+7 914 380-00-11"),
        "Второв Виктор": ("+79143800002", "(моб.)"),
        "Третьяков Тимур": ("+79143800003", "+7 914 380-00-33"),
        "Четверикова Чара": ("+79143800004", "моб., раб. 8 (423) 222-33-40"),
        "Пятаков Пётр": ("+79143800005", "(Whatsapp)"),
        "Шестаков Шамиль": ("+79143800006", "12"),  # an extension, not another phone
        "Семёнов Семён": ("+74232223344", "5"),
    }


def test_a_transliterated_file_name_of_a_package_gives_the_package(
    desk: Desk, tmp_path: Path
) -> None:
    path = files.tilda_leads(tmp_path / "tilda-leads.csv")
    rows = [line.split(";")[:2] for line in path.read_text("cp1251").splitlines()]
    named = files.write_csv(tmp_path / "tilda-leads-paket-premium.csv", rows, encoding="cp1251")
    first, again = twice(desk, named)
    assert [(n.source, n.tariff) for n in first.named_tariffs] == [("file", "package_premium")]
    assert (again.added, again.updated) == (0, 0)
    assert {a.tariff for a in people(desk).values()} == {"package_premium"}


def test_a_re_import_never_cuts_a_double_surname(desk: Desk, tmp_path: Path) -> None:
    tilda = [["Name", "Phone", "Email", "Tariff"]]
    tilda.append(["Иванова-Петрова Ольга", "+7 (914) 500-00-03", "", "Комфорт"])
    twice(desk, files.write_csv(tmp_path / "tilda.csv", tilda, encoding="cp1251"))
    forms = [["Отметка времени", "Фамилия, имя", "Номер телефона", "Выберите тариф"]]
    forms.append(["12/1/2026 3:04:05 PM GMT+10", "Иванова Ольга", "89145000003", "Комфорт"])
    forms.append(["12/1/2026 3:05:05 PM GMT+10", "Петрова Ольга", "89145000003", "Комфорт"])
    path = files.write_csv(tmp_path / "forms.csv", forms, delimiter=",", newline="\n")
    first, again = twice(desk, path)
    assert (first.added, first.updated, again.added, again.updated) == (0, 0, 0, 0)
    assert list(people(desk)) == ["Иванова-Петрова Ольга"]


def test_a_new_phone_of_someone_found_by_e_mail_is_kept_never_dropped(
    desk: Desk, tmp_path: Path
) -> None:
    tilda = [["Name", "Phone", "Email", "Tariff"]]
    tilda.append(["Андрей Общий", "+7 (914) 444-55-66", "shared@office.ru", "Комфорт"])
    tilda.append(["Нина Новикова", "", "nina@mail.ru", "Комфорт"])
    twice(desk, files.write_csv(tmp_path / "tilda.csv", tilda, encoding="cp1251"))
    sheets = [["Name", "Phone", "Email", "formname"]]
    sheets.append(["Общий Андрей", "+7 914 444-00-00", "shared@office.ru", "тариф Комфорт"])
    sheets.append(["Новикова Нина", "8 914 444-00-01", "nina@mail.ru", "тариф Комфорт"])
    path = files.write_csv(tmp_path / "sheets.csv", sheets, encoding="utf-8-sig", delimiter=",")
    first, again = twice(desk, path)
    assert (first.added, first.updated, again.added, again.updated) == (0, 2, 0, 0)
    found = people(desk)
    andrey, nina = found["Общий Андрей"], found["Новикова Нина"]
    assert (andrey.phone, andrey.extra["Другие телефоны"]) == ("+79144445566", "+7 914 444-00-00")
    assert nina.phone == "+79144440001"


def test_a_latin_name_in_the_other_order_is_left_as_it_is_on_file(
    desk: Desk, tmp_path: Path
) -> None:
    tilda = [
        ["Name", "Phone", "Email", "Tariff"],
        ["John Smith", "+7 (914) 333-44-55", "", "Комфорт"],
    ]
    one = files.write_csv(tmp_path / "tilda.csv", tilda, encoding="cp1251")
    sheets = [["Name", "Phone", "formname"]]
    sheets.append(["Smith John", "+7 914 333-44-55", "тариф Комфорт"])
    other = files.write_csv(tmp_path / "sheets.csv", sheets, encoding="utf-8-sig", delimiter=",")
    import_file(desk, one)
    (before,) = people(desk)
    reports = [*twice(desk, other), *twice(desk, one)]
    assert [(r.added, r.updated) for r in reports] == [(0, 0)] * 4
    assert list(people(desk)) == [before]
