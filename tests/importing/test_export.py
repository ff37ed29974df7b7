"""Exporting attendance to CSV (UTF-8 with BOM) and Excel (frozen, filtered header)."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kiosk.cli import main
from kiosk.db import Database
from kiosk.services.checkin import check_in
from kiosk.services.context import Desk
from kiosk.services.exporting import ExportError, default_file_name, export
from tests.core.factories import registered


@pytest.fixture
def attendance(desk: Desk) -> Desk:
    anna = registered(desk, "package_comfort", last="Аннина", first="Анна", company="Маяк")
    registered(desk, "comfort", last="Борисов", first="Борис", paid=False)
    check_in(desk, anna.code)
    return desk


def test_attendees_csv_has_a_bom_a_row_each_and_a_column_per_day(
    attendance: Desk, tmp_path: Path
) -> None:
    result = export(attendance, "attendees", tmp_path / "a.csv")
    raw = result.path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    header, anna, boris = rows
    assert result.rows == 2
    day_columns = [i for i, h in enumerate(header) if h.startswith(("27.11", "28.11"))]
    assert len(day_columns) == 2
    assert anna[1] == "Аннина" and anna[day_columns[1]] == "2026-11-28 09:05"
    assert anna[day_columns[0]] == ""
    assert boris[header.index("К оплате")] == "10000"


def test_checkins_xlsx_has_a_frozen_filtered_header(attendance: Desk, tmp_path: Path) -> None:
    result = export(attendance, "checkins", tmp_path / "c.xlsx")
    sheet = load_workbook(result.path).active
    assert sheet is not None
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("День", "Время", "Стойка")
    assert rows[1][0] == date(2026, 11, 28).isoformat() and rows[1][1] == "09:05"
    assert rows[1][2] == "desk-1"


def test_export_file_name_and_properties_say_personal_data(
    attendance: Desk, tmp_path: Path
) -> None:
    name = default_file_name(attendance, "attendees")
    assert "ПДн" in name and name.endswith(".xlsx")
    result = export(attendance, "attendees", tmp_path / name)
    workbook = load_workbook(result.path)
    assert "персональные данные" in (workbook.properties.subject or "")


def test_wrong_file_type_and_kind_are_refused(attendance: Desk, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"\.csv"):
        export(attendance, "attendees", tmp_path / "a.pdf")
    with pytest.raises(ExportError, match="attendees"):
        export(attendance, "badges", tmp_path / "a.csv")


def test_cli_export(
    db: Database, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.csv"
    assert main(["--db", db_url, "export", "attendees", "-o", str(out), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["personal_data"] is True and Path(doc["file"]) == out
    assert main(["--db", db_url, "export", "attendees", "-o", str(out)]) == 0
    assert "персональные данные" in capsys.readouterr().err
    assert main(["--db", db_url, "export", "everything"]) == 2
