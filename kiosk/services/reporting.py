"""The organiser's files: the end-of-day report (PDF), the paper fallback list (PDF) and the
list of people still missing (CSV/XLSX, as safe to open as every export). Every file is
written whole under a temporary name and renamed into place, owner-only (kiosk.files)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from kiosk import present
from kiosk.config import PARTICIPANT
from kiosk.files import make_private_dir, write_atomically
from kiosk.i18n import os_reason, tr
from kiosk.models import Attendee, AttendeeStatus, CheckIn
from kiosk.phones import format_phone
from kiosk.reports.model import DaySummary, PaperList, PaperListEntry
from kiosk.services import exporting
from kiosk.services.context import Desk
from kiosk.services.errors import ValidationError
from kiosk.services.exporting import Cell, ExportResult
from kiosk.services.summary import day_summary
from kiosk.services.views import paid_by_attendee
from kiosk.text import fold, quote


@dataclass(frozen=True)
class ReportFile:
    path: Path
    summary: DaySummary


@dataclass(frozen=True)
class PaperListFile:
    path: Path
    people: int


def check_day(desk: Desk, day: date | None) -> date | None:
    """`day` if it is one of the event's days (None stays None)."""
    if day is not None and desk.event.day(day) is None:
        raise ValidationError(
            tr("{d:%d.%m.%Y} — не день события", "{d:%Y-%m-%d} is not an event day", d=day), "day"
        )
    return day


def pdf_path(path: str | Path) -> Path:
    target = Path(path).expanduser()
    if target.suffix.lower() != ".pdf":
        raise ValidationError(
            tr("Файл должен оканчиваться на .pdf", "The file name must end with .pdf"), "output"
        )
    return target


def _write(target: Path, pdf: bytes) -> Path:
    try:
        make_private_dir(target.parent)
        return write_atomically(target, pdf)
    except OSError as exc:
        raise ValidationError(
            tr(
                "Не удаётся записать {p}: {e}",
                "Cannot write {p}: {e}",
                p=quote(str(target), 200),
                e=os_reason(exc),
            ),
            "output",
        ) from None


# ---- the end-of-day report -----------------------------------------------------------------


def write_day_report(desk: Desk, path: str | Path, day: date | None = None) -> ReportFile:
    """The end-of-day report of `day` (default: kiosk.services.summary.summary_day)."""
    from kiosk.reports.daily import render_day_report  # ReportLab loads when a file is made

    target = pdf_path(path)
    summary = day_report(desk, day)
    return ReportFile(_write(target, render_day_report(summary, desk.event)), summary)


def day_report(desk: Desk, day: date | None = None) -> DaySummary:
    """The figures of the end-of-day report of `day`, without a file."""
    return day_summary(desk, check_day(desk, day))


# ---- the paper list ------------------------------------------------------------------------


def paper_list(desk: Desk, *, day: date | None = None, tariff: str | None = None) -> PaperList:
    """Everyone expected on `day` (default: on any day of the event), of one tariff or free
    category if asked, alphabetically (ё with е), with what they owe and their check-ins."""
    event = desk.event
    check_day(desk, day)
    if tariff is not None and event.tariff(tariff) is None and event.category(tariff) is None:
        raise ValidationError(
            tr(
                "Нет тарифа или категории «{t}». Есть: {all}",
                'There is no tariff or category "{t}". Available: {all}',
                t=quote(tariff, 40),
                all=", ".join([t.code for t in event.tariffs] + [c.code for c in event.categories]),
            ),
            "tariff",
        )
    days = (day,) if day is not None else tuple(d.date for d in event.days)
    a = Attendee.__table__.c
    query = select(
        a.id,
        a.badge_code,
        a.last_name,
        a.first_name,
        a.middle_name,
        a.company,
        a.category,
        a.tariff,
        a.status,
        a.price,
        a.amount_paid,
        a.amount_due,
        a.payment_method,
    ).where(a.status == AttendeeStatus.ACTIVE, a.forgotten_at.is_(None))
    if tariff is not None:
        query = query.where((a.tariff == tariff) | (a.category == tariff))
    with desk.db.read() as session:
        rows = session.execute(query).all()
        ways = paid_by_attendee(session.connection())
        came: set[tuple[int, date]] = {
            (attendee_id, on)
            for attendee_id, on in session.execute(
                select(CheckIn.attendee_id, CheckIn.day).where(CheckIn.day.in_(days))
            )
        }
    entries = []
    for row in rows:
        entitled = event.entitled_days(row.category, row.tariff)
        if not any(d in entitled for d in days):
            continue
        entries.append(
            PaperListEntry(
                code=row.badge_code,
                last_name=row.last_name,
                first_name=row.first_name,
                middle_name=row.middle_name,
                company=row.company,
                tariff_title=present.tariff_title(event, row.category, row.tariff, short=True),
                payment=present.payment_state(
                    status=row.status,
                    price=row.price,
                    amount_paid=row.amount_paid,
                    amount_due=row.amount_due,
                    method=row.payment_method,
                    paid_by=ways.get(row.id, ()),
                ),
                amount_due=row.amount_due,
                days=tuple((d, d in entitled, (row.id, d) in came) for d in days),
            )
        )
    entries.sort(key=lambda e: (fold(e.last_name), fold(e.first_name), fold(e.middle_name), e.code))
    return PaperList(
        event_name=present.event_name(event),
        title=_paper_title(desk, day, tariff),
        days=days,
        printed_at=desk.now(),
        entries=tuple(entries),
    )


def _paper_title(desk: Desk, day: date | None, tariff: str | None) -> str:
    event = desk.event
    if day is not None:
        title = tr(
            "Список на {d} — {t}",
            "List for {d}: {t}",
            d=present.day_label(day),
            t=present.day_title(event, day),
        )
    else:
        title = tr(
            "Список участников на все дни ({d})",
            "Attendees for every day ({d})",
            d=present.days_label([d.date for d in event.days]),
        )
    if tariff is not None:
        found = event.tariff(tariff)
        chosen = (
            present.tariff_title(event, PARTICIPANT, tariff)
            if found is not None
            else present.tariff_title(event, tariff, None)
        )
        title += f" · {chosen}"
    return title


def write_paper_list(
    desk: Desk, path: str | Path, *, day: date | None = None, tariff: str | None = None
) -> PaperListFile:
    from kiosk.reports.paper import render_paper_list  # ReportLab loads when a file is made

    target = pdf_path(path)
    paper = paper_list(desk, day=day, tariff=tariff)
    stamp = desk.event.local_time(paper.printed_at).strftime("%d.%m.%Y %H:%M")
    return PaperListFile(_write(target, render_paper_list(paper, stamp)), len(paper.entries))


# ---- who is missing ------------------------------------------------------------------------


def missing_rows(desk: Desk, day: date | None = None) -> list[list[Cell]]:
    """The people expected on `day` who have not come, for a spreadsheet: the phone to call
    them first."""
    summary = day_summary(desk, check_day(desk, day))
    event = desk.event
    rows: list[list[Cell]] = [
        [
            tr("Фамилия", "Surname"),
            tr("Имя", "First name"),
            tr("Отчество", "Patronymic"),
            tr("Телефон", "Phone"),
            "E-mail",
            tr("Компания", "Company"),
            tr("Тариф", "Tariff"),
            tr("К оплате", "Due"),
            tr("Код", "Code"),
        ]
    ]
    for person in summary.missing:
        rows.append(
            [
                person.last_name,
                person.first_name,
                person.middle_name,
                format_phone(person.phone) if person.phone else "",
                person.email or "",
                person.company,
                present.tariff_title(event, person.category, person.tariff),
                person.amount_due,
                person.code,
            ]
        )
    return rows


def export_missing(desk: Desk, path: str | Path, day: date | None = None) -> ExportResult:
    """Who has not come yet, to CSV or XLSX (formula-like cells stay text, phones as text)."""
    target = exporting.spreadsheet_path(path)
    return exporting.write_table(target, missing_rows(desk, day), "missing")


def default_name(desk: Desk, what: str, day: date | None, suffix: str) -> str:
    """`servicenext-2026-report-2026-11-28.pdf`; lists with personal data say so in the name."""
    label = {
        "report": tr("итоги", "report"),
        "paper": tr("список-ПДн", "list-personal-data"),
        "missing": tr("не-пришли-ПДн", "missing-personal-data"),
    }[what]
    stamp = day.isoformat() if day is not None else tr("все-дни", "all-days")
    return f"{desk.event.id}-{label}-{stamp}{suffix}"
