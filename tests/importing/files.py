"""Registration exports written by the tests themselves: CSV in any encoding, and .xlsx."""

from __future__ import annotations

from collections.abc import Sequence
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
