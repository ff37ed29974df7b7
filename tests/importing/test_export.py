"""Exporting attendance to CSV (UTF-8 with BOM) and Excel (frozen, filtered header)."""

from __future__ import annotations

import csv
import json
import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kiosk.cli import main
from kiosk.db import Database
from kiosk.services.checkin import check_in
from kiosk.services.context import Desk
from kiosk.services.exporting import ExportError, csv_cell, default_file_name, export
from kiosk.services.replay import OfflineCheckIn, replay_check_in
from tests.conftest import FixedClock
from tests.core.factories import registered

TRAINING = date(2026, 11, 27)
CONFERENCE = date(2026, 11, 28)


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
    assert rows[0][:7] == (
        "День",
        "Время прихода",
        "Записано",
        "Внесено задним числом",
        "Внесено офлайн",
        "Получено хабом",
        "Стойка",
    )
    assert rows[1][0] == datetime(2026, 11, 28) and rows[1][1] == time(9, 5)
    assert rows[1][rows[0].index("Стойка")] == "desk-1"


def test_xlsx_dates_and_times_are_excel_date_cells_the_csv_keeps_them_as_text(
    attendance: Desk, tmp_path: Path
) -> None:
    sheet = load_workbook(export(attendance, "checkins", tmp_path / "c.xlsx").path).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    row = sheet[2]
    day, arrival, recorded = (row[header.index(h)] for h in ("День", "Время прихода", "Записано"))
    assert day.is_date and day.number_format == "yyyy-mm-dd"
    assert arrival.is_date and arrival.number_format == "hh:mm"
    assert recorded.is_date and recorded.number_format == "yyyy-mm-dd hh:mm"
    assert recorded.value == datetime(2026, 11, 28, 9, 5)
    assert row[header.index("Стойка")].data_type == "s"
    people = load_workbook(export(attendance, "attendees", tmp_path / "a.xlsx").path).active
    assert people is not None
    heading = [str(c.value) for c in people[1]]
    conference = people[2][next(i for i, h in enumerate(heading) if h.startswith("28.11"))]
    assert conference.is_date and conference.value == datetime(2026, 11, 28, 9, 5)
    (csv_row,) = read_csv(export(attendance, "checkins", tmp_path / "c.csv").path)
    assert (csv_row["День"], csv_row["Время прихода"]) == ("2026-11-28", "09:05")
    assert csv_row["Записано"] == "2026-11-28 09:05"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream, delimiter=";"))


@pytest.fixture
def entered_afterwards(desk: Desk) -> Desk:
    """On 28.11: Вера's visit on 27.11 typed in from a paper list, the time she came unknown;
    Глеб never came on 27.11; Анна came in at 09:05 today."""
    vera = registered(desk, "package_comfort", last="Бумажная", first="Вера")
    registered(desk, "package_comfort", last="Пропавший", first="Глеб")
    anna = registered(desk, "comfort", last="Сегодняшняя", first="Анна")
    assert check_in(desk, vera.code, day=TRAINING).checked_in_at is None
    check_in(desk, anna.code)
    return desk


def test_a_visit_whose_arrival_time_is_unknown_reads_time_unknown_never_as_not_come(
    entered_afterwards: Desk, tmp_path: Path
) -> None:
    rows = read_csv(export(entered_afterwards, "attendees", tmp_path / "a.csv").path)
    by_name = {row["Фамилия"]: row for row in rows}
    training = next(name for name in rows[0] if name.startswith("27.11"))
    assert by_name["Бумажная"][training] == "время неизвестно"
    assert by_name["Пропавший"][training] == ""


def test_the_check_in_export_says_when_each_was_recorded_and_which_were_entered_afterwards(
    entered_afterwards: Desk, tmp_path: Path
) -> None:
    rows = read_csv(export(entered_afterwards, "checkins", tmp_path / "c.csv").path)
    vera, anna = (
        next(r for r in rows if r["Фамилия"] == name) for name in ("Бумажная", "Сегодняшняя")
    )
    assert (vera["День"], vera["Время прихода"]) == ("2026-11-27", "время неизвестно")
    assert (vera["Записано"], vera["Внесено задним числом"]) == ("2026-11-28 09:05", "да")
    assert (anna["День"], anna["Время прихода"]) == ("2026-11-28", "09:05")
    assert (anna["Записано"], anna["Внесено задним числом"]) == ("2026-11-28 09:05", "нет")


def test_the_check_in_export_says_which_were_entered_offline_and_when_the_hub_got_them(
    desk: Desk, clock: FixedClock, tmp_path: Path
) -> None:
    online = registered(desk, "comfort", last="Сетевая", first="Анна")
    offline = registered(desk, "comfort", last="Офлайнова", first="Ольга")
    check_in(desk, online.code)
    scanned = clock.now - timedelta(hours=2)  # scanned at 07:05 at a desk without the hub
    clock.now += timedelta(minutes=3)  # the hub gets it at 09:08
    replay_check_in(
        desk,
        OfflineCheckIn(
            nonce=str(uuid.uuid4()),
            code=offline.code,
            day=CONFERENCE,
            arrived_at=scanned,
            recorded_at=scanned,
            desk="стойка-2",
            operator="оля",
        ),
    )
    for suffix in (".csv", ".xlsx"):
        path = export(desk, "checkins", tmp_path / f"c{suffix}").path
        if suffix == ".csv":
            rows = read_csv(path)
        else:
            sheet = load_workbook(path).active
            assert sheet is not None
            header, *values = list(sheet.iter_rows(values_only=True))
            rows = [{str(h): shown(v) for h, v in zip(header, row, strict=True)} for row in values]
        by_name = {row["Фамилия"]: row for row in rows}
        olga, anna = by_name["Офлайнова"], by_name["Сетевая"]
        assert (olga["Время прихода"], olga["Записано"]) == ("07:05", "2026-11-28 07:05")
        assert (olga["Внесено офлайн"], olga["Получено хабом"]) == ("да", "2026-11-28 09:08")
        assert (olga["Стойка"], anna["Стойка"]) == ("стойка-2", "desk-1")
        assert (anna["Внесено офлайн"], anna["Получено хабом"]) == ("нет", "")


def shown(value: object) -> str:
    """An .xlsx cell as the CSV writes it: dates and times are date cells there."""
    if value is None:
        return ""
    if isinstance(value, datetime | date | time):
        return str(csv_cell(value))
    return str(value)


def test_time_unknown_is_in_english_too(entered_afterwards: Desk, tmp_path: Path) -> None:
    from kiosk.i18n import set_language

    set_language("en")
    rows = read_csv(export(entered_afterwards, "checkins", tmp_path / "c.csv").path)
    vera = next(r for r in rows if r["Surname"] == "Бумажная")
    assert (vera["Arrival time"], vera["Entered afterwards"]) == ("time unknown", "yes")
    assert vera["Recorded at"] == "2026-11-28 09:05"
    assert (vera["Entered offline"], vera["Received by the hub"]) == ("no", "")


def test_kiosk_export_attendees_shows_an_unknown_arrival_time(
    db_url: str, entered_afterwards: Desk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cli.csv"
    assert main(["--db", db_url, "export", "attendees", "-o", str(out)]) == 0
    vera = next(r for r in read_csv(out) if r["Фамилия"] == "Бумажная")
    assert "время неизвестно" in vera.values()


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


# ---- safe to open in a spreadsheet ----------------------------------------------------------

DANGEROUS = {
    "last_name": '=HYPERLINK("http://evil.example","Иванов")',
    "first_name": "@SUM(1+1)",
    "company": "+7 cmd|' /C calc'!A0",
    "position": "-2+3",
}


@pytest.fixture
def dangerous(desk: Desk) -> Desk:
    from sqlalchemy import update

    from kiosk.models import Attendee

    walk_in = registered(desk, "comfort", last="Иванов", first="Иван", phone="+79141234567")
    registered(
        desk,
        "comfort",
        last="Яковлев",
        first="Яков",
        company="+7",
        position="-5",
        phone="+79141234568",
    )
    # As a web form or a file could have given them (the desk's own form cleans spaces).
    with desk.db.write() as session:
        session.execute(
            update(Attendee)
            .where(Attendee.id == walk_in.id)
            .values(**DANGEROUS, middle_name="\t=1+1", email="\r=2+2")
        )
    return desk


def test_csv_cells_a_spreadsheet_would_run_are_written_as_text(
    dangerous: Desk, tmp_path: Path
) -> None:
    raw = export(dangerous, "attendees", tmp_path / "a.csv").path.read_bytes()
    lines = raw.decode("utf-8-sig").split("\r\n")
    ivanov = next(line for line in lines if "HYPERLINK" in line)
    code = ivanov.split(";")[0]
    # Only cells holding the delimiter, a quote or a line break are quoted (as Excel writes).
    expected = (
        f'{code};"\'=HYPERLINK(""http://evil.example"",""Иванов"")";\'@SUM(1+1);\'\t=1+1;'
        "'+7 cmd|' /C calc'!A0;'-2+3;'+7 914 123-45-67;;\"'\r=2+2\";"
    )
    assert ivanov.startswith(expected)
    assert ivanov.encode("utf-8") in raw


def test_plain_numbers_stay_numbers_in_the_csv(dangerous: Desk, tmp_path: Path) -> None:
    raw = export(dangerous, "attendees", tmp_path / "a.csv").path.read_bytes()
    yakovlev = next(line for line in raw.decode("utf-8-sig").split("\r\n") if "Яковлев" in line)
    assert ";Яковлев;Яков;;+7;-5;'+7 914 123-45-68;" in yakovlev


def test_no_xlsx_cell_is_a_formula_and_text_reads_back_as_typed(
    dangerous: Desk, tmp_path: Path
) -> None:
    result = export(dangerous, "attendees", tmp_path / "a.xlsx")
    sheet = load_workbook(result.path).active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    ivanov = next(
        [c.value for c in row]
        for row in sheet.iter_rows(min_row=2)
        if "HYPERLINK" in str(row[1].value)
    )
    typed = dict(zip(header, ivanov, strict=True))
    assert typed["Фамилия"] == DANGEROUS["last_name"]
    assert typed["Имя"] == DANGEROUS["first_name"]
    assert typed["Компания"] == DANGEROUS["company"]
    assert typed["Должность"] == DANGEROUS["position"]
    assert typed["Телефон"] == "+7 914 123-45-67"
    assert all(c.data_type == "s" for c in cells if isinstance(c.value, str))


def test_the_database_keeps_the_values_as_typed_after_an_export(
    dangerous: Desk, tmp_path: Path
) -> None:
    from kiosk.services.lookup import search

    export(dangerous, "attendees", tmp_path / "a.csv")
    export(dangerous, "attendees", tmp_path / "a.xlsx")
    (found,) = [a for a in search(dangerous, "79141234567")]
    assert (found.last_name, found.phone) == (DANGEROUS["last_name"], "+79141234567")


def test_our_own_csv_export_imports_back_without_losing_a_sign(
    dangerous: Desk, tmp_path: Path
) -> None:
    from kiosk.importing.reader import read_table

    table = read_table(export(dangerous, "attendees", tmp_path / "a.csv").path)
    ivanov = next(cells for _, cells in table.rows if "HYPERLINK" in cells[1])
    assert ivanov[1:5] == [
        DANGEROUS["last_name"],
        DANGEROUS["first_name"],
        "=1+1",
        DANGEROUS["company"],
    ]


def test_export_words_are_in_the_users_language(attendance: Desk, tmp_path: Path) -> None:
    from kiosk.i18n import set_language

    rows = list(
        csv.reader(
            export(attendance, "attendees", tmp_path / "ru.csv")
            .path.read_text("utf-8-sig")
            .splitlines(),
            delimiter=";",
        )
    )
    header, anna, boris = rows
    column = {name: i for i, name in enumerate(header)}
    assert anna[column["Категория"]] == "Участник"
    assert anna[column["Тариф"]] == "Пакет Комфорт: конференция + тренинг"
    assert anna[column["Статус оплаты"]].startswith("оплачено")
    assert anna[column["Способ оплаты"]] == "карта"
    assert (anna[column["Источник"]], anna[column["Статус"]]) == ("стойка", "действует")
    assert boris[column["Статус оплаты"]].startswith("к оплате")
    assert boris[column["Бейдж напечатан"]] == "нет"
    set_language("en")
    rows = list(
        csv.reader(
            export(attendance, "attendees", tmp_path / "en.csv")
            .path.read_text("utf-8-sig")
            .splitlines(),
            delimiter=";",
        )
    )
    header, anna, _boris = rows
    column = {name: i for i, name in enumerate(header)}
    assert (anna[column["Category"]], anna[column["Payment method"]]) == ("Participant", "card")
    assert anna[column["Tariff"]] == "Comfort package: conference + training"
    assert any(name.startswith("28.11 ") and "onference" in name for name in header)


def test_money_taken_in_cash_then_by_card_shows_both_ways_in_the_export(
    desk: Desk, tmp_path: Path
) -> None:
    from kiosk.models import PaymentMethod
    from kiosk.services.checkin import pay, upgrade

    olga = registered(desk, "premium", last="Смешанная", first="Ольга", paid=False)
    pay(desk, olga.code, PaymentMethod.CASH)
    upgrade(desk, olga.code, "package_premium", pay=PaymentMethod.CARD)
    rows = read_csv(export(desk, "attendees", tmp_path / "a.csv").path)
    row = next(r for r in rows if r["Фамилия"] == "Смешанная")
    assert row["Статус оплаты"] == "оплачено 27\u202f900\u00a0₽ (наличные + карта)"
    assert row["Способ оплаты"] == "наличные + карта"
