"""Exporting attendance: one row per attendee (a column per event day) or per check-in.

CSV is UTF-8 with a BOM so Excel on Windows opens it right; .xlsx has a frozen, filtered
header row. Exports hold personal data, and say so in their name and properties.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Final

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kiosk.config import PARTICIPANT
from kiosk.files import atomic_writer, make_private_dir
from kiosk.i18n import tr
from kiosk.models import Attendee, CheckIn
from kiosk.services.context import Desk
from kiosk.text import fold

KINDS: Final = ("attendees", "checkins")
PERSONAL_DATA_NOTE: Final = (
    "Содержит персональные данные участников (152-ФЗ): храните и передавайте осторожно."
)


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


def _local(desk: Desk, moment: datetime | None) -> str:
    return desk.event.local_time(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _title(desk: Desk, attendee: Attendee) -> str:
    if attendee.category != PARTICIPANT:
        category = desk.event.category(attendee.category)
        return category.title if category else attendee.category
    tariff = desk.event.tariff(attendee.tariff or "")
    return tariff.title if tariff else (attendee.tariff or "")


def attendee_rows(desk: Desk) -> Iterator[list[str | int]]:
    days = desk.event.days
    yield [
        tr("Код", "Code"),
        tr("Фамилия", "Surname"),
        tr("Имя", "First name"),
        tr("Отчество", "Patronymic"),
        tr("Компания", "Company"),
        tr("Должность", "Position"),
        tr("Телефон", "Phone"),
        "E-mail",
        tr("Категория", "Category"),
        tr("Тариф", "Tariff"),
        tr("Цена", "Price"),
        tr("Оплачено", "Paid"),
        tr("К оплате", "Due"),
        tr("Статус оплаты", "Payment status"),
        tr("Способ оплаты", "Payment method"),
        tr("Источник", "Source"),
        tr("Статус", "Status"),
        *(f"{d.date:%d.%m} {d.title}" for d in days),
        tr("Бейдж напечатан", "Badge printed"),
    ]
    with desk.db.read() as session:
        attendees = session.scalars(
            select(Attendee).options(selectinload(Attendee.checkins), selectinload(Attendee.prints))
        ).all()
        for a in sorted(attendees, key=lambda x: (fold(x.last_name), fold(x.first_name), x.id)):
            entries = {c.day: c for c in a.checkins}
            yield [
                a.badge_code,
                a.last_name,
                a.first_name,
                a.middle_name,
                a.company,
                a.position,
                a.phone or "",
                a.email or "",
                a.category,
                _title(desk, a),
                a.price,
                a.amount_paid,
                a.amount_due,
                a.payment_status,
                a.payment_method or "",
                a.source,
                a.status,
                *(
                    _local(desk, entries[d.date].checked_in_at) if d.date in entries else ""
                    for d in days
                ),
                _local(desk, a.prints[-1].printed_at) if a.prints else "",
            ]


def checkin_rows(desk: Desk) -> Iterator[list[str | int]]:
    yield [
        tr("День", "Day"),
        tr("Время", "Time"),
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
            .order_by(CheckIn.day, CheckIn.checked_in_at, CheckIn.id)
        )
        for checkin, a in rows:
            yield [
                checkin.day.isoformat(),
                _local(desk, checkin.checked_in_at)[11:],
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
    target = Path(path).expanduser()
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ExportError(
            tr("Файл должен оканчиваться на .csv или .xlsx", "The file must end with .csv or .xlsx")
        )
    rows = list(attendee_rows(desk) if kind == "attendees" else checkin_rows(desk))
    try:
        make_private_dir(target.parent)
        if suffix == ".csv":
            with atomic_writer(target) as binary, _text(binary) as out:
                csv.writer(out, delimiter=";").writerows(rows)
        else:
            with atomic_writer(target) as binary:
                _write_xlsx(binary, rows, kind)
    except OSError as exc:
        raise ExportError(
            tr(
                "Не удаётся записать {p}: {e}",
                "Cannot write {p}: {e}",
                p=target,
                e=exc.strerror or exc,
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


def _write_xlsx(stream: BinaryIO, rows: list[list[str | int]], kind: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    assert sheet is not None
    sheet.title = kind
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, header in enumerate(rows[0], start=1):
        width = max(len(str(header)), *(len(str(r[index - 1])) for r in rows[1:200]), 6)
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, 45)
    workbook.properties.title = tr("Выгрузка участников", "Attendee export")
    workbook.properties.subject = PERSONAL_DATA_NOTE
    workbook.properties.keywords = tr("персональные данные", "personal data")
    workbook.save(stream)
