"""Reading exports as tables: encodings, delimiters, quoting, Excel, and every way a file fails."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from datetime import datetime, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.db import Database
from kiosk.i18n import set_language
from kiosk.importing import reader
from kiosk.importing.reader import ImportFileError, read_table
from tests.importing.files import SAMPLE_EXPORT, csv_text, write_csv, write_xlsx

PEOPLE = [
    ["ФИО", "Телефон", "Компания"],
    ["Ёлкина Ирина", "+7 914 000-00-01", "Маяк"],
    ["Иванов Иван", "8 914 000-00-02", ""],
]


def test_the_organisers_export_reads_as_cp1251_with_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "forms.csv"
    path.write_bytes(SAMPLE_EXPORT.encode("cp1251"))
    table = read_table(path)
    assert (table.encoding, table.delimiter) == ("cp1251", ";")
    assert table.headers[0] == "Имя" and table.headers[-1] == "Дата заявки"
    assert [line for line, _ in table.rows] == [2, 3, 4]
    cells = table.rows[1][1]
    assert cells == [
        "Алексей Кузнецов",
        "+7 924 555-12-12",
        "после 18",
        "",
        'Регистрация на Форум "Сервис Next" Два дня Форума Комфорт',
        "13.11.2026 09:41",
    ]


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("cp1251", "cp1251"),
    ],
)
def test_each_usual_encoding_is_detected_and_reads_the_same(
    tmp_path: Path, encoding: str, detected: str
) -> None:
    table = read_table(write_csv(tmp_path / "people.csv", PEOPLE, encoding=encoding))
    assert table.encoding == detected
    assert table.headers == PEOPLE[0]  # no BOM left in the first header
    assert [cells for _, cells in table.rows] == PEOPLE[1:]


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_each_delimiter_is_detected(tmp_path: Path, delimiter: str) -> None:
    table = read_table(write_csv(tmp_path / "people.csv", PEOPLE, delimiter=delimiter))
    assert table.delimiter == delimiter
    assert [cells for _, cells in table.rows] == PEOPLE[1:]


def test_unix_line_endings_read_like_windows_ones(tmp_path: Path) -> None:
    table = read_table(write_csv(tmp_path / "people.csv", PEOPLE, newline="\n"))
    assert [(line, cells) for line, cells in table.rows] == [(2, PEOPLE[1]), (3, PEOPLE[2])]


def test_quoted_cells_keep_delimiters_and_newlines_and_lines_count_as_in_an_editor(
    tmp_path: Path,
) -> None:
    rows = [
        ["ФИО", "Телефон", "Компания"],
        ["Иванов Иван", "89140000001", 'ООО "Рога; и, копыта"'],
        ["Петров Пётр", "89140000002", "Многострочная\nкомпания\nв три строки"],
        ["Сидоров Сидор", "89140000003", ""],
    ]
    table = read_table(write_csv(tmp_path / "q.csv", rows, delimiter=","))
    assert table.delimiter == ","
    assert [line for line, _ in table.rows] == [2, 3, 6]
    assert table.rows[0][1][2] == 'ООО "Рога; и, копыта"'
    assert table.rows[1][1][2] == "Многострочная\nкомпания\nв три строки"


def test_a_comma_inside_a_long_header_does_not_make_the_comma_the_delimiter(
    tmp_path: Path,
) -> None:
    rows = [
        ["ФИО", "Телефон", "Укажите, пожалуйста, во сколько, и как, Вам позвонить"],
        ["Иванов Иван", "89140000001", "утром"],
        ["Петров Пётр", "89140000002", "вечером"],
    ]
    table = read_table(write_csv(tmp_path / "people.csv", rows))
    assert table.delimiter == ";" and len(table.headers) == 3


def test_empty_rows_are_skipped_without_shifting_line_numbers(tmp_path: Path) -> None:
    text = "ФИО;Телефон\r\n\r\n;\r\nИванов Иван;89140000001\r\n  ;  \r\nПетров Пётр;89140000002\r\n"
    path = tmp_path / "gaps.csv"
    path.write_text(text, encoding="utf-8")
    assert [line for line, _ in read_table(path).rows] == [4, 6]


def test_title_lines_above_the_header_are_skipped(tmp_path: Path) -> None:
    rows = [["Выгрузка заявок"], ["за ноябрь 2026", ""], *PEOPLE]
    table = read_table(write_csv(tmp_path / "titled.csv", rows))
    assert table.headers == PEOPLE[0]
    assert [line for line, _ in table.rows] == [4, 5]


def test_a_number_excel_was_told_to_keep_as_text_is_unwrapped(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_text('ФИО;Телефон\r\nИванов Иван;="89140000001"\r\n', encoding="utf-8")
    assert read_table(path).rows == [(2, ["Иванов Иван", "89140000001"])]


def test_a_cell_a_safe_export_kept_from_being_a_formula_reads_as_typed(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "ФИО;Телефон;Компания\r\nО'Нил Иван;'+7 914 000-00-01;'=Маяк\r\n", encoding="utf-8"
    )
    assert read_table(path).rows == [(2, ["О'Нил Иван", "+7 914 000-00-01", "=Маяк"])]


def test_a_csv_table_knows_its_file_name(tmp_path: Path) -> None:
    table = read_table(write_csv(tmp_path / "Тариф Комфорт.csv", PEOPLE))
    assert (table.source, table.sheet) == ("Тариф Комфорт.csv", "")


def test_every_sheet_of_a_workbook_is_read_with_its_name(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "forms.xlsx", PEOPLE, [], PEOPLE[:2])
    found = reader.read_tables(path)
    assert [(t.sheet, len(t.rows)) for t in found.tables] == [("Лист1", 2), ("Лист3", 1)]
    assert {t.source for t in found.tables} == {"forms.xlsx"}
    assert found.skipped == []


def test_a_sheet_without_a_table_of_people_is_skipped_and_said(tmp_path: Path) -> None:
    notes = [["Выгрузка заявок"], ["Город", "Количество"], ["Владивосток", "3"]]
    found = reader.read_tables(write_xlsx(tmp_path / "forms.xlsx", notes, PEOPLE))
    assert [t.sheet for t in found.tables] == ["Лист2"]
    assert [s.sheet for s in found.skipped] == ["Лист1"]
    assert "лист «Лист1»" in found.skipped[0].reason


def test_a_workbook_with_no_table_of_people_at_all_is_refused_with_the_reason(
    tmp_path: Path,
) -> None:
    notes = [["Город", "Количество"], ["Владивосток", "3"]]
    with pytest.raises(ImportFileError, match="Город"):
        reader.read_tables(write_xlsx(tmp_path / "forms.xlsx", notes, []))


def test_a_cp1251_letter_at_the_very_end_of_a_long_file_is_still_found(tmp_path: Path) -> None:
    rows = [["Name", "Phone"]] + [[f"Ivan {i}", f"8914{i:07d}"] for i in range(60_000)]
    rows.append(["Ёлкина Ирина", "89140000000"])
    path = write_csv(tmp_path / "late.csv", rows, encoding="cp1251")
    assert path.stat().st_size > 1024 * 1024
    table = read_table(path)
    assert table.encoding == "cp1251" and table.rows[-1][1][0] == "Ёлкина Ирина"


def test_utf8_with_one_broken_byte_stays_utf8(tmp_path: Path) -> None:
    good = csv_text([["ФИО", "Телефон"]] + [["Ёлкина Ирина", "89140000001"]] * 30)
    path = tmp_path / "mostly-utf8.csv"
    path.write_bytes(good.encode() + "Кузнецов Алексей;89140000002\r\n".encode("cp1251"))
    table = read_table(path)
    assert table.encoding == "utf-8" and table.rows[0][1][0] == "Ёлкина Ирина"


def test_a_file_with_only_the_header_is_a_table_without_rows(tmp_path: Path) -> None:
    table = read_table(write_csv(tmp_path / "header.csv", PEOPLE[:1]))
    assert (table.headers, table.rows) == (PEOPLE[0], [])


def test_a_workbook_reads_numbers_dates_and_row_numbers_as_excel_shows_them(
    tmp_path: Path,
) -> None:
    path = write_xlsx(
        tmp_path / "regs.xlsx",
        [
            ["ФИО", "Телефон", "Дата заявки", "Время", "Кол-во участников", "Оплачено", "Сумма"],
            ["Иванов Иван", 79147008090.0, datetime(2026, 11, 12, 14, 3), time(9, 30), 5],
            [],
            ["Петров Пётр", 89140000002, datetime(2026, 11, 13), None, 3.0, True, 16000.5],
        ],
    )
    table = read_table(path)
    assert table.encoding == "xlsx"
    assert table.rows == [
        (2, ["Иванов Иван", "79147008090", "12.11.2026 14:03", "09:30", "5"]),
        (4, ["Петров Пётр", "89140000002", "13.11.2026", "", "3", "да", "16000.5"]),
    ]


def test_a_workbook_whose_first_sheet_is_empty_reads_the_next_sheet(tmp_path: Path) -> None:
    table = read_table(write_xlsx(tmp_path / "two.xlsx", [], PEOPLE))
    assert [cells for _, cells in table.rows] == PEOPLE[1:]


def test_a_workbook_opens_whatever_its_file_is_called(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "regs.xlsx", PEOPLE).rename(tmp_path / "export.csv")
    assert len(read_table(path).rows) == 2


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("empty.csv", b"", "пуст"),
        ("blank.csv", b"\r\n\r\n  \r\n", "пуст"),
        ("separators.csv", b";;;\r\n;;\r\n", "пуст"),
        ("binary.csv", bytes(range(256)) * 40, "двоичные данные"),
        ("renamed.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "PDF"),
        ("random.xlsx", os.urandom(4000), "не файл Excel"),
        ("archive.xlsx", _zip_bytes(), "не удаётся открыть как Excel"),
        ("archive.csv", _zip_bytes(), "не удаётся открыть как Excel"),
        ("broken.xlsx", b"PK\x03\x04" + os.urandom(300), "не удаётся открыть как Excel"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "старый формат Excel"),
        ("controls.csv", bytes(range(1, 32)) * 100, "двоичные данные"),
        ("undecodable.csv", b"\x81\x01\xff\x02" * 1000, "кодировку"),
        ("nonames.csv", "Город;Возраст\nВладивосток;30\n".encode(), "Город, Возраст"),
    ],
)
def test_a_file_that_is_not_a_usable_table_is_one_clear_message(
    tmp_path: Path, name: str, content: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=words):
        read_table(path)


def test_a_missing_file_or_a_folder_is_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="не найден"):
        read_table(tmp_path / "missing.csv")
    with pytest.raises(ImportFileError, match="папка"):
        read_table(tmp_path)


def test_a_file_over_the_size_limit_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "MAX_BYTES", 100)
    path = write_csv(tmp_path / "big.csv", PEOPLE * 10)
    with pytest.raises(ImportFileError, match="слишком большой"):
        read_table(path)


def test_a_giant_cell_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "giant.csv"
    path.write_bytes("ФИО;Телефон\nИванов;".encode() + b"9" * (2 * 1024 * 1024))
    with pytest.raises(ImportFileError, match="строка 2"):
        read_table(path)


def test_messages_are_in_english_when_the_desk_speaks_english(tmp_path: Path) -> None:
    set_language("en")
    with pytest.raises(ImportFileError, match="is a PDF"):
        (tmp_path / "a.csv").write_bytes(b"%PDF-1.4")
        read_table(tmp_path / "a.csv")


def test_two_hundred_thousand_rows_read_with_every_line_number(tmp_path: Path) -> None:
    count = 200_000
    lines = ["ФИО;Телефон;Форма"]
    lines += [f"Участник {i};8914{i:07d};тариф Комфорт" for i in range(count)]
    path = tmp_path / "big.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1251"))
    table = read_table(path)
    assert len(table.rows) == count
    assert table.rows[-1] == (
        count + 1,
        [f"Участник {count - 1}", f"8914{count - 1:07d}", "тариф Комфорт"],
    )
    # Repeated texts are stored once, not once per row.
    assert table.rows[0][1][2] is table.rows[-1][1][2]


@settings(max_examples=150, deadline=None)
@given(content=st.binary(max_size=3000), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_any_bytes_at_all_give_a_table_or_a_clear_message_never_a_traceback(
    content: bytes, suffix: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export{suffix}"
        path.write_bytes(content)
        try:
            table = read_table(path)
        except ImportFileError as exc:
            assert str(exc)
        else:
            assert all(line >= 2 for line, _ in table.rows)


@settings(max_examples=100, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list('ФИО;Телефон,"\t\r\n 8914+()-Ёё\x00\x01аб@.xyz')),
        max_size=400,
    ),
    encoding=st.sampled_from(["utf-8", "cp1251", "utf-16"]),
)
def test_any_text_in_any_usual_encoding_gives_a_table_or_a_clear_message(
    text: str, encoding: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        path.write_bytes(("ФИО;Телефон\r\n" + text).encode(encoding, errors="replace"))
        try:
            read_table(path)
        except ImportFileError as exc:
            assert str(exc)


def test_a_small_table_with_a_few_escapes_and_bells_is_read_not_refused_as_binary(
    tmp_path: Path,
) -> None:
    path = tmp_path / "pasted.csv"
    path.write_bytes(
        "ФИО;Телефон\nИванов\x1b Иван;89140000001\x07\nПетров\x1b\x07 Пётр;89140000002\n".encode()
    )
    table = read_table(path)
    assert [cells[0] for _line, cells in table.rows] == ["Иванов\x1b Иван", "Петров\x1b\x07 Пётр"]


@pytest.mark.parametrize("name", ["desk.sqlite3", "desk.sqlite3-shm", "desk.sqlite3-wal", "x.db"])
def test_the_desks_own_database_picked_by_mistake_is_refused_unopened(
    tmp_path: Path, name: str
) -> None:
    # Opened and closed by the desk, its own database (or its -shm) lost SQLite's locks.
    import sqlite3

    from tests.sqlite_locks import database_lock_held, shm_lock_held

    database = tmp_path / "desk.sqlite3"
    connection = sqlite3.connect(database)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("CREATE TABLE t (x)")
        connection.commit()
        connection.execute("SELECT * FROM t").fetchall()
        (tmp_path / "x.db").write_bytes(b"SQLite format 3\x00")
        assert shm_lock_held(database) and database_lock_held(database)
        with pytest.raises(ImportFileError, match="это файл базы данных, а не таблица"):
            read_table(tmp_path / name)
        assert shm_lock_held(database) and database_lock_held(database)
    finally:
        connection.close()


def test_a_link_to_the_desks_own_database_is_refused_unopened(db: Database, tmp_path: Path) -> None:
    # The name said nothing («link.csv»): opened, the desk's -shm lost SQLite's lock.
    from tests.sqlite_locks import database_lock_held, shm_lock_held

    database = Path(db.engine.url.database or "")
    with db.read_rows() as connection:
        connection.exec_driver_sql("SELECT count(*) FROM attendees").scalar()
        for target, name in ((f"{database}-shm", "link.csv"), (str(database), "event.xlsx")):
            (tmp_path / name).symlink_to(target)
            with pytest.raises(
                ImportFileError, match="это файл базы данных этой стойки, а не таблица"
            ):
                read_table(tmp_path / name)
        assert shm_lock_held(database) and database_lock_held(database)
