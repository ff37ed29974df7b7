"""Importing the website's registration exports: formats, columns, names, duplicates, teams."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from kiosk.cli import Exit, main
from kiosk.db import Database
from kiosk.importing.reader import ImportFileError, read_table
from kiosk.models import Attendee, RegistrationGroup
from kiosk.services.checkin import check_in
from kiosk.services.context import Desk
from kiosk.services.importing import import_file
from kiosk.services.lookup import search
from kiosk.services.registration import edit_attendee

SAMPLE_ROWS = [
    ["Имя", "Телефон", "Во сколько Вам позвонить", "Количество человек", "Форма", "Дата заявки"],
    [
        "Смирнова Екатерина",
        "8(423)200-11-22",
        "до обеда",
        "",
        'Регистрация на Форум "Сервис Next" тариф Комфорт',
        "12.11.2026 14:03",
    ],
    [
        "Алексей Кузнецов",
        "+7 924 555-12-12",
        "после 18",
        "",
        'Регистрация на Форум "Сервис Next" Два дня Форума Комфорт',
        "13.11.2026 09:41",
    ],
    [
        "Федорова Ольга Игоревна",
        "8 914 700 80 90",
        "",
        "5",
        'Регистрация на Форум "Сервис Next" тариф Команда',
        "14.11.2026 17:20",
    ],
]


def write_csv(
    path: Path,
    rows: list[list[str]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ";",
    bom: bool = False,
) -> Path:
    def quote(cell: str) -> str:
        if any(ch in cell for ch in (delimiter, '"', "\n")):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    text = "\r\n".join(delimiter.join(quote(c) for c in row) for row in rows) + "\r\n"
    data = text.encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def people(desk: Desk) -> dict[str, Attendee]:
    with desk.db.read() as session:
        return {f"{a.last_name} {a.first_name}": a for a in session.scalars(select(Attendee))}


@pytest.mark.parametrize(
    ("encoding", "delimiter", "bom"),
    [
        ("cp1251", ";", False),
        ("utf-8", ";", False),
        ("utf-8", ",", True),
        ("utf-8", "\t", False),
        ("utf-16", ";", False),
    ],
)
def test_the_sample_shape_imports_in_every_encoding_and_delimiter(
    desk: Desk, tmp_path: Path, encoding: str, delimiter: str, bom: bool
) -> None:
    path = write_csv(
        tmp_path / "forms.csv", SAMPLE_ROWS, encoding=encoding, delimiter=delimiter, bom=bom
    )
    report = import_file(desk, path)
    assert (report.added, report.teams, report.rejected) == (3, 1, [])
    found = people(desk)
    smirnova = found["Смирнова Екатерина"]
    assert (smirnova.tariff, smirnova.phone, smirnova.amount_due) == (
        "comfort",
        "+74232001122",
        10000,
    )
    assert smirnova.extra["Во сколько позвонить"] == "до обеда"
    kuznetsov = found["Кузнецов Алексей"]
    assert kuznetsov.tariff == "package_comfort" and kuznetsov.original_name == "Алексей Кузнецов"
    fedorova = found["Федорова Ольга"]
    assert fedorova.middle_name == "Игоревна" and fedorova.tariff == "team"
    assert found["Участник 5 команда Федорова"].group_id == fedorova.group_id


def test_excel_workbook_with_english_headers_and_separate_name_columns(
    desk: Desk, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "regs.xlsx",
        [
            [
                "Last name",
                "First name",
                "Phone",
                "E-mail",
                "Company",
                "Position",
                "Tariff",
                "Paid",
                "Utm source",
            ],
            [
                "Тютин",
                "Альберт",
                79161234567,
                "Albert@Example.RU",
                "Тренинг-центр",
                "Тренер",
                "Пакет Премиум",
                "да",
                "instagram",
            ],
            ["Гусева", "Ольга", "8 812 200-11-22", "", "", "", "premium", 16000, ""],
        ],
    )
    report = import_file(desk, path)
    assert (report.added, report.rejected) == (2, [])
    found = people(desk)
    tyutin = found["Тютин Альберт"]
    assert (tyutin.phone, tyutin.email, tyutin.tariff, tyutin.amount_due) == (
        "+79161234567",
        "albert@example.ru",
        "package_premium",
        0,
    )
    assert tyutin.extra["Utm source"] == "instagram"  # unknown columns are kept
    assert found["Гусева Ольга"].amount_due == 0  # a sum in the paid column means paid


def test_quoted_cells_with_delimiters_and_newlines(desk: Desk, tmp_path: Path) -> None:
    rows = [
        ["ФИО", "Телефон", "Компания", "Тариф"],
        ["Иванов Иван", "89140000001", 'ООО "Рога; и копыта"', "Комфорт"],
        ["Петров Пётр", "89140000002", "Многострочная\nкомпания", "Комфорт"],
        ["Сидоров Сидор", "89140000003", "", "Комфорт"],
    ]
    path = write_csv(tmp_path / "q.csv", rows, delimiter=",")
    table = read_table(path)
    assert [line for line, _ in table.rows] == [2, 3, 5]
    report = import_file(desk, path)
    assert report.added == 3
    assert people(desk)["Иванов Иван"].company == 'ООО "Рога; и копыта"'


def test_re_import_changes_what_changed_and_never_duplicates(desk: Desk, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", SAMPLE_ROWS, encoding="cp1251")
    import_file(desk, path)
    again = import_file(desk, path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    changed = [row[:] for row in SAMPLE_ROWS]
    changed[1][0] = "Смирнова-Петрова Екатерина"
    changed.append(
        [
            "Новикова Анна",
            "+7 914 111 22 33",
            "",
            "",
            'Регистрация на Форум "Сервис Next" тариф Премиум',
            "",
        ]
    )
    report = import_file(desk, write_csv(tmp_path / "b.csv", changed))
    assert (report.added, report.updated, report.unchanged) == (1, 1, 2)
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Attendee)) == 3 + 4 + 1
        assert session.scalar(select(func.count()).select_from(RegistrationGroup)) == 1


def test_same_person_twice_in_a_file_is_one_attendee(desk: Desk, tmp_path: Path) -> None:
    rows = [
        ["ФИО", "Телефон", "E-mail", "Тариф"],
        ["Иванов Иван", "8 914 000-00-01", "", "Комфорт"],
        ["Иван Иванов", "+79140000001", "ivan@mail.ru", "Комфорт"],
        ["Иванов И.", "", "IVAN@mail.ru", "Комфорт"],
    ]
    report = import_file(desk, write_csv(tmp_path / "d.csv", rows))
    assert report.added == 1 and report.added + report.updated + report.unchanged == 3
    (ivan,) = people(desk).values()
    assert ivan.email == "ivan@mail.ru"


def test_people_checked_in_or_corrected_at_the_desk_are_not_overwritten(
    desk: Desk, tmp_path: Path
) -> None:
    import_file(desk, write_csv(tmp_path / "a.csv", SAMPLE_ROWS), assume_paid=True)
    found = people(desk)
    check_in(desk, found["Смирнова Екатерина"].badge_code)
    edit_attendee(desk, found["Кузнецов Алексей"].badge_code, {"company": "Маяк"})
    changed = [row[:] for row in SAMPLE_ROWS]
    changed[1][0] = "Смирнова Екатерина Павловна"
    changed[2][0] = "Алексей Кузнецов-Новый"
    report = import_file(desk, write_csv(tmp_path / "b.csv", changed))
    assert report.protected == 2 and report.updated == 0
    after = people(desk)
    assert after["Смирнова Екатерина"].middle_name == ""
    assert after["Кузнецов Алексей"].company == "Маяк"


def test_payment_from_the_paid_column_else_unpaid_unless_assume_paid(
    desk: Desk, tmp_path: Path
) -> None:
    import_file(desk, write_csv(tmp_path / "a.csv", SAMPLE_ROWS))
    assert all(a.amount_due > 0 for a in people(desk).values())


def test_assume_paid(desk: Desk, tmp_path: Path) -> None:
    import_file(desk, write_csv(tmp_path / "a.csv", SAMPLE_ROWS), assume_paid=True)
    assert all(a.amount_due == 0 for a in people(desk).values())


REJECTIONS = [
    (["", "", "", "", "тариф Комфорт", ""], "нет ни имени, ни телефона"),
    (["Иванов Иван", "12-34", "", "", "тариф Комфорт", ""], "не похож на номер"),
    (["Иванов Иван", "89140000001", "", "", "тариф Золотой", ""], "неизвестный тариф"),
    (["Иванов Иван", "89140000001", "", "", "", ""], "не указан тариф"),
    (["Иванов Иван", "89140000001", "", "2", "тариф Команда", ""], "меньше минимума (3)"),
    (["Иванов Иван", "89140000001", "", "", "тариф Команда", ""], "без количества"),
    (["Иванов Иван", "89140000001", "", "много", "тариф Команда", ""], "не число"),
]


@pytest.mark.parametrize(("row", "reason"), REJECTIONS)
def test_each_unusable_row_is_rejected_with_line_and_reason_and_the_rest_go_in(
    desk: Desk, tmp_path: Path, row: list[str], reason: str
) -> None:
    rows = [SAMPLE_ROWS[0], SAMPLE_ROWS[1], row, SAMPLE_ROWS[2]]
    report = import_file(desk, write_csv(tmp_path / "r.csv", rows))
    assert [r.line for r in report.rejected] == [3]
    assert reason in report.rejected[0].reason
    assert report.added == 2


def test_dry_run_reports_the_same_and_writes_nothing(desk: Desk, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [*SAMPLE_ROWS, REJECTIONS[0][0]])
    dry = import_file(desk, path, dry_run=True)
    assert people(desk) == {}
    real = import_file(desk, path)
    assert (dry.added, dry.teams, [r.line for r in dry.rejected]) == (
        real.added,
        real.teams,
        [r.line for r in real.rejected],
    )


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("empty.csv", b"", "пуст"),
        ("blank.csv", b"\r\n\r\n  \r\n", "пуст"),
        ("binary.csv", bytes(range(256)) * 40, "двоичные"),
        ("renamed.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        ("random.xlsx", os.urandom(4000), "не файл Excel"),
        ("zip.xlsx", b"PK\x03\x04" + os.urandom(200), "Excel"),
        ("nonames.csv", "Город;Возраст\nВладивосток;30\n".encode(), "столбцов с именем"),
    ],
)
def test_a_file_that_cannot_be_read_is_one_clear_message(
    desk: Desk, tmp_path: Path, name: str, content: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=words):
        import_file(desk, path)
    assert people(desk) == {}


def test_header_only_file_imports_nothing_without_error(desk: Desk, tmp_path: Path) -> None:
    report = import_file(desk, write_csv(tmp_path / "h.csv", SAMPLE_ROWS[:1]))
    assert (report.added, report.rejected) == (0, [])


def test_a_fifty_megabyte_file_with_a_giant_cell_is_refused_cleanly(
    desk: Desk, tmp_path: Path
) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as out:
        out.write("ФИО;Телефон;Тариф\nИванов;".encode())
        out.write(b"9" * (50 * 1024 * 1024))
    with pytest.raises(ImportFileError):
        import_file(desk, path)


def test_imported_people_are_found_by_the_desk(desk: Desk, tmp_path: Path) -> None:
    import_file(desk, write_csv(tmp_path / "a.csv", SAMPLE_ROWS))
    assert [a.last_name for a in search(desk, "кузн")] == ["Кузнецов"]
    assert [a.last_name for a in search(desk, "1212")] == ["Кузнецов"]


def test_cli_import_exit_statuses_and_json(
    db: Database, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_csv(tmp_path / "good.csv", SAMPLE_ROWS)
    assert main(["--db", db_url, "import", str(good), "--dry-run"]) == 0
    dry = capsys.readouterr().out
    assert "Новых людей вместе с местами команд (имена — на стойке): 7" in dry
    assert main(["--db", db_url, "import", str(good), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) >= {"added", "updated", "unchanged", "rejected", "teams"}
    # Three rows; a team of five among them: its contact and four seats the desk names.
    assert (doc["added"], doc["teams"], doc["people_added"]) == (3, 1, 7)
    assert main(["--db", db_url, "import", str(good), "--dry-run"]) == 0
    again = capsys.readouterr().out
    assert "Пробный прогон: ничего не записано." in again
    assert "Новых людей вместе с местами команд" not in again  # nobody new this time
    partly = write_csv(tmp_path / "partly.csv", [*SAMPLE_ROWS, REJECTIONS[1][0]])
    assert main(["--db", db_url, "import", str(partly), "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["rejected"] == [{"line": 5, "reason": doc["rejected"][0]["reason"]}]
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"%PDF-1.4")
    assert main(["--db", db_url, "import", str(bad), "--json"]) == Exit.INVALID == 2
    assert "error" in json.loads(capsys.readouterr().out)
    assert main(["--db", db_url, "import", str(tmp_path / "missing.csv")]) == 2


def test_imported_rows_read_back_exactly_as_registered_ones_do(desk: Desk, tmp_path: Path) -> None:
    from kiosk.services.lookup import get_by_code

    import_file(desk, write_csv(tmp_path / "a.csv", SAMPLE_ROWS))
    smirnova = people(desk)["Смирнова Екатерина"]
    view = get_by_code(desk, smirnova.badge_code)
    assert view is not None
    assert view.created_at == desk.now() and view.created_at.tzinfo is not None
    assert view.extra["Форма"].endswith("тариф Комфорт")
    assert view.payment_status == "unpaid" and view.source == "import"
    with desk.db.read() as session:
        from kiosk.models import AuditEntry

        entry = session.scalars(select(AuditEntry).where(AuditEntry.attendee_id == view.id)).one()
        assert entry.after == {"code": view.code, "line": 2}
        assert entry.at == desk.now()


# ---- one person is one attendee, two people are two ------------------------------------------

SHARED = ["ФИО", "Телефон", "E-mail", "Тариф"]


def shared_links(desk: Desk, surname_first: str) -> list[tuple[str, str]]:
    from kiosk.services.contacts import shared_contacts

    person = people(desk)[surname_first]
    return [(c.kind.value, c.name) for c in shared_contacts(desk, person.id)]


def test_two_people_sharing_a_phone_are_kept_apart_and_linked(desk: Desk, tmp_path: Path) -> None:
    rows = [
        SHARED,
        ["Сергей Смирнов", "+7 423 200-11-22", "sergey@firm.ru", "Комфорт"],
        ["Елена Смирнова", "8 (423) 200-11-22", "elena@firm.ru", "Комфорт"],
    ]
    report = import_file(desk, write_csv(tmp_path / "a.csv", rows))
    assert (report.added, report.updated) == (2, 0)
    assert [(k.line, k.kind, k.name, k.other_name) for k in report.kept_apart] == [
        (3, "phone", "Смирнова Елена", "Смирнов Сергей")
    ]
    assert shared_links(desk, "Смирнов Сергей") == [("phone", "Смирнова Елена")]
    assert shared_links(desk, "Смирнова Елена") == [("phone", "Смирнов Сергей")]


def test_a_colleague_with_the_same_phone_in_a_later_import_is_a_new_person(
    desk: Desk, tmp_path: Path
) -> None:
    import_file(desk, write_csv(tmp_path / "a.csv", [SHARED, SAMPLE_SERGEY]))
    report = import_file(desk, write_csv(tmp_path / "b.csv", [SHARED, SAMPLE_ELENA]))
    assert (report.added, report.updated, len(report.kept_apart)) == (1, 0, 1)
    assert people(desk)["Смирнов Сергей"].email == "sergey@firm.ru"  # not overwritten
    again = import_file(desk, write_csv(tmp_path / "c.csv", [SHARED, SAMPLE_SERGEY, SAMPLE_ELENA]))
    assert (again.added, again.updated, again.unchanged, again.kept_apart) == (0, 0, 2, [])


SAMPLE_SERGEY = ["Смирнов Сергей", "+7 423 200-11-22", "sergey@firm.ru", "Комфорт"]
SAMPLE_ELENA = ["Смирнова Елена", "+7 423 200-11-22", "elena@firm.ru", "Комфорт"]


def test_two_people_sharing_an_e_mail_are_kept_apart_the_same_way(
    desk: Desk, tmp_path: Path
) -> None:
    rows = [
        SHARED,
        ["Сергей Смирнов", "8 914 000-00-01", "office@firm.ru", "Комфорт"],
        ["Елена Смирнова", "", "OFFICE@firm.ru", "Комфорт"],
    ]
    report = import_file(desk, write_csv(tmp_path / "a.csv", rows))
    assert report.added == 2
    assert [(k.kind, k.value) for k in report.kept_apart] == [("email", "office@firm.ru")]
    assert shared_links(desk, "Смирнова Елена") == [("email", "Смирнов Сергей")]


@pytest.mark.parametrize(
    "second",
    ["Смирнов С.", "СМИРНОВ СЕРГЕЙ", "Smirnov Sergey", "Смирнов", "Сергей Смирнов"],
)
def test_the_same_phone_under_the_same_name_written_differently_is_one_person(
    desk: Desk, tmp_path: Path, second: str
) -> None:
    rows = [SHARED, SAMPLE_SERGEY, [second, "8 423 200 11 22", "", "Комфорт"]]
    report = import_file(desk, write_csv(tmp_path / "a.csv", rows))
    assert (report.added, report.kept_apart) == (1, [])
    (sergey,) = people(desk).values()
    assert (sergey.last_name, sergey.first_name) == ("Смирнов", "Сергей")


def test_a_row_with_only_a_phone_is_the_person_with_that_phone_and_keeps_their_name(
    desk: Desk, tmp_path: Path
) -> None:
    import_file(desk, write_csv(tmp_path / "a.csv", [SHARED, SAMPLE_SERGEY]))
    report = import_file(
        desk, write_csv(tmp_path / "b.csv", [SHARED, ["", "+7 423 200-11-22", "", "Комфорт"]])
    )
    assert (report.added, report.updated, report.unchanged) == (0, 0, 1)
    assert list(people(desk)) == ["Смирнов Сергей"]


NAMED_ONLY = [
    ["ФИО", "Телефон", "Компания", "Тариф"],
    ["Тютин Альберт", "", "Тренинг-центр", "Премиум"],
    ["Гусева Ольга", "", "", "Премиум"],
]


def test_a_person_without_phone_or_e_mail_is_found_by_name_on_each_re_import(
    desk: Desk, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "speakers.csv", NAMED_ONLY)
    reports = [import_file(desk, path) for _ in range(3)]
    assert [(r.added, r.updated, r.matched_by_name) for r in reports] == [
        (2, 0, 0),
        (0, 0, 2),
        (0, 0, 2),
    ]
    assert sorted(people(desk)) == ["Гусева Ольга", "Тютин Альберт"]


def test_a_name_without_contacts_in_another_company_is_another_person(
    desk: Desk, tmp_path: Path
) -> None:
    import_file(desk, write_csv(tmp_path / "a.csv", NAMED_ONLY))
    other = [NAMED_ONLY[0], ["Альберт Тютин", "", "Маяк", "Премиум"]]
    report = import_file(desk, write_csv(tmp_path / "b.csv", other))
    assert (report.added, report.matched_by_name) == (1, 0)


def test_a_person_listed_twice_with_different_details_re_imports_as_unchanged(
    desk: Desk, tmp_path: Path
) -> None:
    rows = [
        ["ФИО", "Телефон", "E-mail", "Компания", "Тариф"],
        ["Иванов Иван", "8 914 000-00-01", "", "Маяк", "Комфорт"],
        ["Иванов И.", "+79140000001", "ivan@mail.ru", "Zuma", "Комфорт"],
    ]
    path = write_csv(tmp_path / "a.csv", rows)
    first = import_file(desk, path)
    assert (first.added, first.unchanged) == (1, 1)
    (ivan,) = people(desk).values()
    assert (ivan.first_name, ivan.email, ivan.company) == ("Иван", "ivan@mail.ru", "Zuma")
    for _ in range(2):
        again = import_file(desk, path)
        assert (again.added, again.updated, again.unchanged) == (0, 0, 2)


def test_only_a_real_change_is_an_update_and_is_logged_once(desk: Desk, tmp_path: Path) -> None:
    from kiosk.models import AuditEntry

    import_file(desk, write_csv(tmp_path / "a.csv", [SHARED, SAMPLE_SERGEY]))
    moved = [SHARED, [*SAMPLE_SERGEY[:3], "Премиум"], [*SAMPLE_SERGEY[:3], "Премиум"]]
    report = import_file(desk, write_csv(tmp_path / "b.csv", moved))
    assert (report.updated, report.unchanged) == (1, 1)
    with desk.db.read() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert sorted(actions) == ["import", "import_update"]


def test_a_dry_run_reports_people_kept_apart_and_stores_no_link(desk: Desk, tmp_path: Path) -> None:
    from kiosk.models import ContactLink

    path = write_csv(tmp_path / "a.csv", [SHARED, SAMPLE_SERGEY, SAMPLE_ELENA])
    dry = import_file(desk, path, dry_run=True)
    assert len(dry.kept_apart) == 1
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(ContactLink)) == 0


def test_a_tariff_chosen_for_the_import_goes_to_rows_that_name_none(
    desk: Desk, tmp_path: Path
) -> None:
    rows = [["ФИО", "Телефон", "Тариф"], ["Иванов Иван", "89140000001", ""]]
    rows.append(["Петров Пётр", "89140000002", "Премиум"])
    path = write_csv(tmp_path / "leads.csv", rows)
    without = import_file(desk, path, dry_run=True)
    assert (without.added, without.without_tariff) == (1, 1)
    report = import_file(desk, path, tariff="comfort")
    assert (report.added, report.rejected) == (2, [])
    assert {n: a.tariff for n, a in people(desk).items()} == {
        "Иванов Иван": "comfort",
        "Петров Пётр": "premium",
    }


def test_an_unknown_chosen_tariff_is_refused_before_reading(desk: Desk, tmp_path: Path) -> None:
    from kiosk.services.errors import ValidationError

    with pytest.raises(ValidationError, match="comfort"):
        import_file(desk, write_csv(tmp_path / "a.csv", SAMPLE_ROWS), tariff="gold")


def test_a_team_of_a_contact_with_no_name_at_all_has_named_seats(
    desk: Desk, tmp_path: Path
) -> None:
    rows = [SAMPLE_ROWS[0], ["", "8 914 700 80 90", "", "3", "тариф Команда", ""]]
    import_file(desk, write_csv(tmp_path / "a.csv", rows))
    names = sorted(f"{a.last_name} / {a.first_name}" for a in people(desk).values())
    assert names == [
        "Без имени / ",
        "Участник 2 / команда Без имени",
        "Участник 3 / команда Без имени",
    ]


def test_a_skipped_sheet_is_in_the_report(desk: Desk, tmp_path: Path) -> None:
    from tests.importing.files import write_xlsx as write_sheets

    notes = [["Город", "Количество"], ["Владивосток", "3"]]
    people_sheet = [["ФИО", "Телефон", "Тариф"], ["Иванов Иван", "89140000001", "Комфорт"]]
    report = import_file(desk, write_sheets(tmp_path / "book.xlsx", notes, people_sheet))
    assert report.added == 1
    assert [s.sheet for s in report.skipped_sheets] == ["Лист1"]


def test_cli_import_reports_people_kept_apart_guesses_and_a_chosen_tariff(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        ["ФИО", "Телефон", "E-mail", "Тариф"],
        ["Сергей Смирнов", "+7 423 200-11-22", "sergey@firm.ru", ""],
        ["Елена Смирнова", "+7 423 200-11-22", "elena@firm.ru", ""],
        ["John Smith", "+7 914 000-00-09", "", "Премиум"],
    ]
    path = write_csv(tmp_path / "leads.csv", rows)
    assert main(["--db", db_url, "init"]) == 0
    capsys.readouterr()
    assert main(["--db", db_url, "import", str(path), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "не указан тариф" in out and "--tariff" in out
    assert "«John Smith»: фамилия Smith, имя John — догадка\n" in out  # no code in a dry run
    assert main(["--db", db_url, "import", str(path), "--tariff", "comfort"]) == 0
    out = capsys.readouterr().out
    assert "один телефон, разные имена — оставлены оба: Смирнова Елена и Смирнов Сергей" in out
    assert "Тариф «Комфорт» для строк без тарифа: 2 строки" in out
    code = out.split("kiosk swap-names ")[1].split()[0]
    assert main(["--db", db_url, "swap-names", code, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["attendee"]["last_name"] == "John"
    assert main(["--db", db_url, "import", str(path), "--tariff", "comfort", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["added"], doc["updated"], doc["kept_apart"]) == (0, 0, [])
    assert doc["unchanged"] == 3 and doc["protected"] == 1  # the swapped one stays as corrected


def test_cli_import_refuses_an_unknown_tariff_code(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "a.csv", SAMPLE_ROWS)
    assert main(["--db", db_url, "init"]) == 0
    capsys.readouterr()
    assert main(["--db", db_url, "import", str(path), "--tariff", "gold", "--json"]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert doc["field"] == "tariff" and "comfort" in doc["error"]


def test_cli_show_lists_the_people_sharing_the_phone(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "a.csv", [SHARED, SAMPLE_SERGEY, SAMPLE_ELENA])
    assert main(["--db", db_url, "init"]) == 0
    assert main(["--db", db_url, "import", str(path)]) == 0
    capsys.readouterr()
    assert main(["--db", db_url, "search", "Смирнова", "--json"]) == 0
    code = json.loads(capsys.readouterr().out)["results"][0]["code"]
    assert main(["--db", db_url, "show", code]) == 0
    assert "Тот же телефон: Смирнов Сергей" in capsys.readouterr().out
    assert main(["--db", db_url, "show", code, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["shared_contacts"][0]["shared"] == "phone"


def test_teams_written_in_bulk_keep_their_contacts_seats_and_log_entries(
    desk: Desk, tmp_path: Path
) -> None:
    """The new people are numbered in the write transaction, not read back: a second import
    after a first one (groups and people already there) links each seat, contact and log
    entry to the right row."""
    from kiosk.models import AuditEntry

    import_file(desk, write_csv(tmp_path / "a.csv", SAMPLE_ROWS))
    second = [
        SAMPLE_ROWS[0],
        ["Орлова Анна", "8 914 111 22 33", "", "3", "тариф Команда", ""],
        ["Белов Борис", "8 914 444 55 66", "", "", "тариф Комфорт", ""],
        ["Зайцева Вера", "8 914 777 88 99", "", "4", "тариф Команда", ""],
    ]
    report = import_file(desk, write_csv(tmp_path / "b.csv", second))
    assert report.added == 3
    with desk.db.read() as session:
        groups = {g.name: g for g in session.scalars(select(RegistrationGroup))}
        assert len(groups) == 3
        for group in groups.values():
            members = session.scalars(
                select(Attendee).where(Attendee.group_id == group.id).order_by(Attendee.id)
            ).all()
            assert len(members) == group.size
            assert group.contact_id == members[0].id
            assert members[0].phone  # the contact, then the seats
            assert all(m.tariff == group.tariff for m in members)
        logged = dict(
            session.execute(
                select(AuditEntry.attendee_id, AuditEntry.after).where(
                    AuditEntry.action == "import"
                )
            ).all()
        )
        everyone = session.scalars(select(Attendee)).all()
    assert len(everyone) == 1 + 1 + 5 + 1 + 3 + 4
    assert {a.id: a.badge_code for a in everyone} == {
        attendee_id: after["code"] for attendee_id, after in logged.items()
    }
    assert "Орлова" in [
        a.last_name for a in search(desk, "Орлова")
    ]  # indexed once the import is in
