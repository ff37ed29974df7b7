"""The organiser's files from the core: the paper list's people and order, the missing list
as a spreadsheet that is safe to open, and files written whole and private."""

from __future__ import annotations

import csv
import os
import stat
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from kiosk.models import Attendee
from kiosk.services import reporting
from kiosk.services.checkin import check_in
from kiosk.services.context import Desk
from kiosk.services.errors import ValidationError
from kiosk.services.exporting import ExportError
from tests.conftest import FixedClock
from tests.core.factories import registered
from tests.core.morning import build_morning

CONFERENCE = date(2026, 11, 28)
TRAINING = date(2026, 11, 27)


def test_the_paper_list_is_in_russian_alphabetical_order_with_yo_as_ye(desk: Desk) -> None:
    for surname in ("Жуков", "Ёлкина", "Егоров", "Ершова", "Абрамов", "елисеев"):
        registered(desk, last=surname)
    names = [e.last_name for e in reporting.paper_list(desk).entries]
    assert names == ["Абрамов", "Егоров", "елисеев", "Ёлкина", "Ершова", "Жуков"]


def test_the_paper_list_of_a_day_holds_only_those_expected_that_day(desk: Desk) -> None:
    registered(desk, "comfort", last="Конференцев")
    registered(desk, "package_comfort", last="Пакетов")
    registered(desk, None, last="Спикеров", category="speaker")
    training = reporting.paper_list(desk, day=TRAINING)
    assert [e.last_name for e in training.entries] == ["Пакетов", "Спикеров"]
    assert training.days == (TRAINING,)
    every_day = reporting.paper_list(desk)
    assert every_day.entries[0].days == (
        (TRAINING, False, False),
        (CONFERENCE, True, False),
    )


def test_the_paper_list_of_a_tariff_or_a_category(desk: Desk) -> None:
    registered(desk, "comfort", last="Комфортов")
    registered(desk, "premium", last="Премиумов")
    registered(desk, None, last="Спикеров", category="speaker")
    assert [e.last_name for e in reporting.paper_list(desk, tariff="premium").entries] == [
        "Премиумов"
    ]
    assert [e.last_name for e in reporting.paper_list(desk, tariff="speaker").entries] == [
        "Спикеров"
    ]
    with pytest.raises(ValidationError) as raised:
        reporting.paper_list(desk, tariff="vip")
    assert raised.value.field == "tariff"


def test_the_paper_list_says_what_is_due_and_who_is_in_already(desk: Desk) -> None:
    unpaid = registered(desk, "premium", last="Должников", paid=False)
    came = registered(desk, "comfort", last="Пришедший")
    check_in(desk, came.code)
    cancelled = registered(desk, "comfort", last="Отменённый")
    with desk.db.write() as session:
        session.execute(
            update(Attendee).where(Attendee.id == cancelled.id).values(status="cancelled")
        )
    entries = {e.last_name: e for e in reporting.paper_list(desk, day=CONFERENCE).entries}
    assert set(entries) == {"Должников", "Пришедший"}
    assert entries["Должников"].payment == "к оплате 16\u202f000\u00a0₽"
    assert entries["Должников"].code == unpaid.code
    assert entries["Пришедший"].days == ((CONFERENCE, True, True),)
    assert entries["Пришедший"].payment.startswith("оплачено 10\u202f000\u00a0₽")


def test_a_day_that_is_not_of_the_event_is_refused(desk: Desk) -> None:
    with pytest.raises(ValidationError) as raised:
        reporting.paper_list(desk, day=date(2026, 11, 29))
    assert raised.value.field == "day"


def test_report_and_list_are_written_private_and_only_as_pdf(desk: Desk, tmp_path: Path) -> None:
    registered(desk)
    report = reporting.write_day_report(desk, tmp_path / "out" / "итоги.pdf", CONFERENCE)
    paper = reporting.write_paper_list(desk, tmp_path / "out" / "список.pdf")
    for path in (report.path, paper.path):
        assert path.read_bytes().startswith(b"%PDF")
        if os.name == "posix":
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["итоги.pdf", "список.pdf"]
    with pytest.raises(ValidationError) as raised:
        reporting.write_paper_list(desk, tmp_path / "список.docx")
    assert raised.value.field == "output"


def test_the_missing_list_goes_to_csv_with_the_phone_to_call_first(
    desk: Desk, clock: FixedClock, tmp_path: Path
) -> None:
    morning = build_morning(desk, clock)
    result = reporting.export_missing(desk, tmp_path / "missing.csv", CONFERENCE)
    assert result.rows == 3
    with (tmp_path / "missing.csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream, delimiter=";"))
    assert rows[0][:4] == ["Фамилия", "Имя", "Отчество", "Телефон"]
    assert [r[0] for r in rows[1:]] == ["Дмитриев", "Ёлкина", "Ершов"]
    digits = (morning.people["D"].phone or "")[-4:]
    # Readable, and behind a ' so no spreadsheet takes "+7 …" for a formula.
    assert rows[1][3].startswith("'+7 914 ") and rows[1][3].endswith(f"{digits[:2]}-{digits[2:]}")


def test_a_formula_in_a_name_stays_text_in_the_missing_lists(desk: Desk, tmp_path: Path) -> None:
    registered(desk, last='=HYPERLINK("http://x")', company="@SUM(A1)")
    reporting.export_missing(desk, tmp_path / "missing.csv", CONFERENCE)
    text = (tmp_path / "missing.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text
    reporting.export_missing(desk, tmp_path / "missing.xlsx", CONFERENCE)
    sheet = load_workbook(tmp_path / "missing.xlsx").active
    assert sheet is not None
    assert sheet["A2"].data_type == "s" and sheet["A2"].value.startswith("=HYPERLINK")
    assert sheet["D2"].data_type == "s"  # the phone, as text


def test_the_missing_list_must_be_a_spreadsheet(desk: Desk, tmp_path: Path) -> None:
    with pytest.raises(ExportError):
        reporting.export_missing(desk, tmp_path / "missing.pdf", CONFERENCE)
