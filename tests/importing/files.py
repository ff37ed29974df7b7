"""Registration exports written by the tests themselves: CSV in any encoding, and .xlsx."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

# The shape of the organiser's CRM export (Windows-1251, «;», CRLF, quoted form names with
# doubled quotes, a team size only on the team form), with its three rows.
SAMPLE_EXPORT = (
    "Имя;Телефон;Во сколько Вам позвонить;Количество человек;Форма;Дата заявки\r\n"
    'Смирнова Екатерина;8(423)200-11-22;до обеда;;"Регистрация на Форум ""Сервис Next"" '
    'тариф Комфорт";12.11.2026 14:03\r\n'
    'Алексей Кузнецов;+7 924 555-12-12;после 18;;"Регистрация на Форум ""Сервис Next"" '
    'Два дня Форума Комфорт";13.11.2026 09:41\r\n'
    'Федорова Ольга Игоревна;8 914 700 80 90;;5;"Регистрация на Форум ""Сервис Next"" '
    'тариф Команда";14.11.2026 17:20\r\n'
)


def csv_text(rows: list[list[str]], *, delimiter: str = ";", newline: str = "\r\n") -> str:
    """Rows as CSV, quoting a cell only when it needs it, as Excel does."""

    def quote(cell: str) -> str:
        if any(ch in cell for ch in (delimiter, '"', "\n", "\r")):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    return "".join(delimiter.join(quote(c) for c in row) + newline for row in rows)


def write_csv(
    path: Path,
    rows: list[list[str]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ";",
    newline: str = "\r\n",
) -> Path:
    """`encoding` "utf-8-sig" and "utf-16" write a BOM, as Excel does."""
    path.write_bytes(csv_text(rows, delimiter=delimiter, newline=newline).encode(encoding))
    return path


def write_xlsx(path: Path, *sheets: Sequence[Sequence[object]]) -> Path:
    """One worksheet per list of rows, in order."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for number, rows in enumerate(sheets, start=1):
        sheet = workbook.create_sheet(f"Лист{number}")
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


# ---- exports as the services people use write them ------------------------------------------
# Built here, not copied: each keeps the traits that matter to the importer (encoding, delimiter,
# BOM, header spellings, how phones, times and tariffs are written).


def tilda_leads(path: Path) -> Path:
    """Tilda's leads table saved by Russian Excel: Windows-1251, «;», English field names,
    phones with brackets, the form's tariff in a field of its own, «sent» as ISO time."""
    return write_csv(
        path,
        [
            ["Name", "Phone", "Email", "Tariff", "Comments", "referer", "formid", "sent"],
            [
                "Смирнова Екатерина",
                "+7 (914) 600-00-01",
                "ekaterina@mail.ru",
                "Комфорт",
                "",
                "https://servicenext.ru/",
                "form123",
                "2026-11-12 14:03:27",
            ],
            [
                "Кузнецов Алексей",
                "+7 (924) 555-12-12",
                "",
                "Пакет Комфорт",
                "перезвоните после 18",
                "https://servicenext.ru/",
                "form123",
                "2026-11-13 09:41:02",
            ],
            [
                "Сергей Смирнов",
                "+7 (423) 200-11-22",
                "s.smirnov@firm.ru",
                "Премиум",
                "",
                "https://servicenext.ru/",
                "form123",
                "2026-11-13 10:00:00",
            ],
            [
                "Елена Смирнова",
                "+7 (423) 200-11-22",
                "e.smirnova@firm.ru",
                "Премиум",
                "",
                "https://servicenext.ru/",
                "form123",
                "2026-11-13 10:05:00",
            ],
        ],
        encoding="cp1251",
    )


def tilda_google_sheets(path: Path) -> Path:
    """Tilda's leads sent to Google Sheets and downloaded: UTF-8 with a BOM, «,», two phones
    typed in one field, a form name that names the tariff, the tranid Tilda adds."""
    return write_csv(
        path,
        [
            ["Name", "Phone", "Email", "formname", "sent", "tranid"],
            [
                "Федорова Ольга",
                "+7 (914) 600-00-05, +7 (914) 600-00-55",
                "olga@mail.ru",
                "Регистрация на Форум Сервис Next тариф Комфорт",
                "2026-11-20 18:30:00",
                "1234567:890",
            ],
            [
                "Ivanov Petr",
                "+7 (914) 600-00-06",
                "",
                "Регистрация на Форум Сервис Next тариф Премиум",
                "2026-11-20 19:00:00",
                "1234567:891",
            ],
            [
                "John Smith",
                "+1 (202) 555-01-23",
                "john@example.com",
                "Регистрация на Форум Сервис Next тариф Премиум",
                "2026-11-21 08:00:00",
                "1234567:892",
            ],
        ],
        encoding="utf-8-sig",
        delimiter=",",
    )


def google_forms(path: Path) -> Path:
    """A Google Forms responses download: UTF-8 without a BOM, «,», «Отметка времени» in the
    US form with a GMT offset, the questions as headers."""
    return write_csv(
        path,
        [
            [
                "Отметка времени",
                "Фамилия, имя",
                "Номер телефона",
                "Адрес электронной почты",
                "Выберите тариф",
                "Компания",
            ],
            [
                "12/1/2026 3:04:05 PM GMT+10",
                "Тютин Альберт",
                "8 916 123-45-67",
                "albert@example.ru",
                "Пакет Премиум",
                "Тренинг-центр",
            ],
            [
                "12/1/2026 11:15:00 AM GMT+10",
                "Гусева Ольга",
                "",
                "",
                "Премиум",
                "",
            ],
        ],
        delimiter=",",
        newline="\n",
    )


def yandex_forms(path: Path) -> Path:
    """A Yandex Forms export of one form: .xlsx, the phone a number cell, «Время создания» a
    date cell, no tariff column (the form is named in the file's name)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Ответы"
    sheet.append(["ID", "Время создания", "Ваше имя", "Телефон", "Email", "Компания"])
    sheet.append([101, datetime(2026, 11, 25, 10, 15), "Анна Петрова", 79146000011, "", "Маяк"])
    sheet.append([102, datetime(2026, 11, 25, 11, 40), "Пётр Сидоров", 9146000012, "", ""])
    sheet.append([103, datetime(2026, 11, 26, 9, 0), "Сидорова Мария", 79146000013.0, "", ""])
    workbook.save(path)
    return path


def bitrix_contacts(path: Path) -> Path:
    """Bitrix24 contacts: Windows-1251, «;», name in three columns, work and mobile phones,
    work and private e-mails, no tariff (one is chosen for the import)."""
    return write_csv(
        path,
        [
            [
                "ID",
                "Обращение",
                "Имя",
                "Второе имя",
                "Фамилия",
                "Рабочий телефон",
                "Мобильный телефон",
                "Рабочий e-mail",
                "Частный e-mail",
                "Компания",
                "Должность",
                "Дата создания",
            ],
            [
                "17",
                "г-н",
                "Сергей",
                "Иванович",
                "Смирнов",
                "+7 (423) 200-11-22",
                "",
                "office@firm.ru",
                "",
                "ООО Фирма",
                "директор",
                "01.12.2026 15:04",
            ],
            [
                "18",
                "г-жа",
                "Елена",
                "",
                "Смирнова",
                "+7 (423) 200-11-22",
                "+7 914 600-00-21",
                "office@firm.ru",
                "elena@mail.ru",
                "ООО Фирма",
                "бухгалтер",
                "01.12.2026 15:06",
            ],
            [
                "19",
                "",
                "Мария",
                "",
                "Котова",
                "",
                "",
                "",
                "",
                "Маяк",
                "",
                "02.12.2026 09:00",
            ],
        ],
        encoding="cp1251",
    )


def excel_unicode_text(path: Path) -> Path:
    """Excel's «Текст Юникод»: UTF-16 with a BOM, tabs, CRLF."""
    return write_csv(
        path,
        [
            ["ФИО", "Телефон", "Тариф", "Количество человек", "Дата заявки"],
            ["Анна", "8 914 600-00-31", "Команда", "3", "14.11.2026 17:20"],
            ["Котов Кирилл", "8 914 600-00-32", "Комфорт", "", "15.11.2026 10:00"],
        ],
        encoding="utf-16",
        delimiter="\t",
    )
