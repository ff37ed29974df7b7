"""Exporting attendance: one row per attendee (a column per event day) or per check-in.

CSV is UTF-8 with a BOM so Excel on Windows opens it right; .xlsx has a frozen, filtered
header row, and its dates and times are real Excel date and time cells (the CSV writes them
as text: 2026-11-28 09:05). Exports hold personal data, and say so in their name and
properties.

Names and companies come from web forms, the walk-in form and the kiosk: a cell that a
spreadsheet would run as a formula (it begins with =, +, -, @, a tab or a carriage return and
is not a plain number) goes into the CSV behind a ' and into the .xlsx as a string cell, never a
formula. Phones are written as people read them (+7 914 123-45-67), as text. The database and
the badges keep every value as it was typed.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import BinaryIO, Final

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kiosk import present
from kiosk.config import PARTICIPANT
from kiosk.files import atomic_writer, make_private_dir
from kiosk.i18n import os_reason, tr
from kiosk.importing.columns import PRINTED_HEADER
from kiosk.models import Attendee, CheckIn
from kiosk.phones import EXTENSION, OTHER_PHONES, format_phone
from kiosk.services.context import Desk
from kiosk.services.views import paid_by
from kiosk.text import fold, is_formula_like

KINDS: Final = ("attendees", "checkins")
PERSONAL_DATA_NOTE: Final = (
    "Содержит персональные данные участников (152-ФЗ): храните и передавайте осторожно."
)

# A date, a time of day or a moment (naive, the venue's wall-clock time) is a date cell in
# the .xlsx and text in the CSV.
Cell = str | int | date | time

DAY_FORMAT: Final = "%Y-%m-%d"
MOMENT_FORMAT: Final = "%Y-%m-%d %H:%M"
TIME_FORMAT: Final = "%H:%M"
# Excel's number formats for the same, so the sheet reads as the CSV does.
XLSX_FORMATS: Final = {datetime: "yyyy-mm-dd hh:mm", date: "yyyy-mm-dd", time: "hh:mm"}


class ExportError(Exception):
    """The export cannot be written; the message is for the user."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int


def default_file_name(desk: Desk, kind: str, suffix: str = ".xlsx") -> str:
    stamp = desk.event.local_time(desk.now()).strftime("%Y%m%d-%H%M")
    label = tr("ПДн", "personal-data")
    return f"{desk.event.id}-{kind}-{label}-{stamp}{suffix}"


def _local(desk: Desk, moment: datetime | None) -> datetime | str:
    """`moment` as the venue's wall-clock time (a spreadsheet has no time zones), or ""."""
    if moment is None:
        return ""
    return desk.event.local_time(moment).replace(tzinfo=None, microsecond=0)


def _time_unknown() -> str:
    """A check-in entered afterwards without the time the person came: they did come."""
    return tr("время неизвестно", "time unknown")


def _arrival(desk: Desk, checkin: CheckIn | None, *, with_date: bool = True) -> Cell:
    """When the person came in: the venue's time, «время неизвестно» for a check-in whose
    arrival time nobody knows, and empty only when they did not come."""
    if checkin is None:
        return ""
    if checkin.checked_in_at is None:
        return _time_unknown()
    moment = _local(desk, checkin.checked_in_at)
    return moment if with_date or not isinstance(moment, datetime) else moment.time()


def _title(desk: Desk, attendee: Attendee) -> str:
    return present.tariff_title(desk.event, attendee.category, attendee.tariff)


def _category(desk: Desk, attendee: Attendee) -> str:
    if attendee.category == PARTICIPANT:
        return tr("Участник", "Participant")
    return present.tariff_title(desk.event, attendee.category, None)


def _phone(phone: str | None) -> str:
    return format_phone(phone) if phone else ""


def _phone_with_extension(attendee: Attendee) -> str:
    """The phone as people dial it: «+7 914 600-00-92 доб. 123» (an import reads it back)."""
    shown = _phone(attendee.phone)
    extra = attendee.extra or {}
    extension = next((str(extra[label]) for label in EXTENSION if extra.get(label)), "")
    return f"{shown} {tr('доб.', 'ext.')} {extension}" if shown and extension else shown


def _other_phones(attendee: Attendee) -> str:
    """The numbers an import kept besides the phone, as typed (an import reads them back)."""
    extra = attendee.extra or {}
    return next((str(extra[label]) for label in OTHER_PHONES if extra.get(label)), "")


def csv_cell(value: Cell) -> str | int:
    """A value as a CSV cell a spreadsheet shows and never runs: «=1+1» → «'=1+1»; dates
    and times as text, «2026-11-28 09:05»."""
    if isinstance(value, datetime):
        return value.strftime(MOMENT_FORMAT)
    if isinstance(value, date):
        return value.strftime(DAY_FORMAT)
    if isinstance(value, time):
        return value.strftime(TIME_FORMAT)
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def attendee_rows(desk: Desk) -> Iterator[list[Cell]]:
    days = desk.event.days
    yield [
        tr("Код", "Code"),
        tr("Фамилия", "Surname"),
        tr("Имя", "First name"),
        tr("Отчество", "Patronymic"),
        tr("Компания", "Company"),
        tr("Должность", "Position"),
        tr("Телефон", "Phone"),
        tr(*OTHER_PHONES),
        "E-mail",
        tr("Категория", "Category"),
        tr("Тариф", "Tariff"),
        tr("Команда", "Team"),
        tr("Количество человек", "Team size"),
        tr("Цена", "Price"),
        tr("Оплачено", "Paid"),
        tr("К оплате", "Due"),
        tr("Статус оплаты", "Payment status"),
        tr("Способ оплаты", "Payment method"),
        tr("Источник", "Source"),
        tr("Статус", "Status"),
        *(f"{present.day_label(d.date)} {present.day_title(desk.event, d.date)}" for d in days),
        tr(*PRINTED_HEADER),
        tr("Последняя печать", "Last printed"),
    ]
    with desk.db.read() as session:
        attendees = session.scalars(
            select(Attendee).options(
                selectinload(Attendee.checkins),
                selectinload(Attendee.prints),
                selectinload(Attendee.payments),
                selectinload(Attendee.group),
            )
        ).all()
        for a in sorted(attendees, key=lambda x: (fold(x.last_name), fold(x.first_name), x.id)):
            entries = {c.day: c for c in a.checkins}
            ways = paid_by([(p.method, p.amount, p.refund_due) for p in a.payments])
            yield [
                a.badge_code,
                a.last_name,
                a.first_name,
                a.middle_name,
                a.company,
                a.position,
                _phone_with_extension(a),
                _other_phones(a),
                a.email or "",
                _category(desk, a),
                _title(desk, a),
                a.group.name if a.group else "",
                # On the contact's row only: an import makes the team from it, and the other
                # rows of the team (by its name) take its seats.
                a.group.size if a.group and a.group.contact_id == a.id else "",
                a.price,
                a.amount_paid,
                a.amount_due,
                present.payment_state(
                    status=a.status,
                    price=a.price,
                    amount_paid=a.amount_paid,
                    amount_due=a.amount_due,
                    method=a.payment_method,
                    paid_by=ways,
                ),
                present.payment_methods(ways, amount_paid=a.amount_paid, method=a.payment_method),
                present.source(a.source),
                present.attendee_status(a.status),
                *(_arrival(desk, entries.get(d.date)) for d in days),
                present.yes_no(bool(a.prints)),
                _local(desk, a.prints[-1].printed_at) if a.prints else "",
            ]


def checkin_rows(desk: Desk) -> Iterator[list[Cell]]:
    """A row per check-in: when the person came (as far as anyone knows), when and where it
    was recorded, whether it was entered afterwards (a paper list, a past day), and whether a
    desk without the hub made it — its arrival and recording times then by that desk's clock —
    and when the hub received it."""
    yield [
        tr("День", "Day"),
        tr("Время прихода", "Arrival time"),
        tr("Записано", "Recorded at"),
        tr("Внесено задним числом", "Entered afterwards"),
        tr("Внесено офлайн", "Entered offline"),
        tr("Получено хабом", "Received by the hub"),
        tr("Стойка", "Desk"),
        tr("Оператор", "Operator"),
        tr("Код", "Code"),
        tr("Фамилия", "Surname"),
        tr("Имя", "First name"),
        tr("Компания", "Company"),
        tr("Тариф", "Tariff"),
    ]
    with desk.db.read() as session:
        rows = session.execute(
            select(CheckIn, Attendee)
            .join(Attendee, Attendee.id == CheckIn.attendee_id)
            .order_by(
                CheckIn.day,
                CheckIn.checked_in_at.asc().nulls_last(),
                CheckIn.recorded_at,
                CheckIn.id,
            )
        )
        for checkin, a in rows:
            yield [
                checkin.day,
                _arrival(desk, checkin, with_date=False),
                _local(desk, checkin.recorded_at),
                present.yes_no(checkin.entered_afterwards),
                present.yes_no(checkin.offline),
                _local(desk, checkin.uploaded_at) if checkin.offline else "",
                checkin.desk,
                checkin.operator,
                a.badge_code,
                a.last_name,
                a.first_name,
                a.company,
                _title(desk, a),
            ]


def export(desk: Desk, kind: str, path: str | Path) -> ExportResult:
    if kind not in KINDS:
        raise ExportError(
            tr(
                "Неизвестный вид выгрузки «{k}»: attendees или checkins",
                'Unknown export "{k}": attendees or checkins',
                k=kind,
            )
        )
    target = spreadsheet_path(path)
    rows = list(attendee_rows(desk) if kind == "attendees" else checkin_rows(desk))
    return write_table(target, rows, kind)


def spreadsheet_path(path: str | Path) -> Path:
    """The path of a .csv or .xlsx file to write; anything else is refused."""
    target = Path(path).expanduser()
    if target.suffix.lower() not in (".csv", ".xlsx"):
        raise ExportError(
            tr("Файл должен оканчиваться на .csv или .xlsx", "The file must end with .csv or .xlsx")
        )
    return target


def write_table(target: Path, rows: list[list[Cell]], sheet: str) -> ExportResult:
    """A header row and its rows as CSV or .xlsx (by the suffix), safe to open in a
    spreadsheet: formula-like text stays text."""
    suffix = target.suffix.lower()
    try:
        make_private_dir(target.parent)
        if suffix == ".csv":
            with atomic_writer(target) as binary, _text(binary) as out:
                csv.writer(out, delimiter=";").writerows([csv_cell(v) for v in r] for r in rows)
        else:
            with atomic_writer(target) as binary:
                _write_xlsx(binary, rows, sheet)
    except OSError as exc:
        raise ExportError(
            tr(
                "Не удаётся записать {p}: {e}",
                "Cannot write {p}: {e}",
                p=target,
                e=os_reason(exc),
            )
        ) from None
    return ExportResult(target, len(rows) - 1)


@contextlib.contextmanager
def _text(binary: BinaryIO) -> Iterator[io.TextIOWrapper]:
    """CSV text for Excel: UTF-8 with a BOM, over a binary stream that stays open."""
    wrapper = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
    try:
        yield wrapper
    finally:
        wrapper.flush()
        wrapper.detach()


def _write_xlsx(stream: BinaryIO, rows: list[list[Cell]], kind: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    assert sheet is not None
    sheet.title = kind
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control codes .xlsx cannot hold
            cell = sheet.cell(number, column, value)
            if isinstance(value, str):
                # openpyxl makes any text that starts with "=" a formula; text stays text.
                cell.data_type = TYPE_STRING
            elif isinstance(value, date | time):
                cell.number_format = XLSX_FORMATS[type(value)]
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, header in enumerate(rows[0], start=1):
        width = max(len(str(header)), *(len(str(csv_cell(r[index - 1]))) for r in rows[1:200]), 6)
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, 45)
    workbook.properties.title = tr("Выгрузка участников", "Attendee export")
    workbook.properties.subject = PERSONAL_DATA_NOTE
    workbook.properties.keywords = tr("персональные данные", "personal data")
    workbook.save(stream)
