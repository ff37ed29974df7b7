"""Reading a registration export (CSV in any usual encoding and delimiter, or .xlsx) as a table.

Whatever the file is, the result is a `Table` (one per worksheet of a workbook) or an
`ImportFileError` with a plain message.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Final, TextIO

from kiosk.files import ADatabaseInUse, NotARegularFile, open_regular_file
from kiosk.i18n import os_reason, tr
from kiosk.importing.columns import match_columns, names_a_person

MAX_BYTES: Final = 100 * 1024 * 1024
MAX_ROWS: Final = 1_000_000
DELIMITERS: Final = (";", ",", "\t")  # on a tie, the earlier one wins (Russian Excel uses ;)
_CHUNK: Final = 1024 * 1024
_SNIFF_CHARS: Final = 64 * 1024
_SNIFF_RECORDS: Final = 50
# Lines above the header that a CRM sometimes adds («Выгрузка заявок за ноябрь»).
_MAX_TITLE_LINES: Final = 10
# Repeated cell texts (form names, dates, tariffs) are stored once; the cap keeps the memo
# itself small when most cells are unique.
_SHARED_CELLS: Final = 50_000


class ImportFileError(Exception):
    """The file cannot be read as a table at all; nothing is imported."""


@dataclass(frozen=True)
class Table:
    """The header row of an export and the non-empty rows under it, as text."""

    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    """(line as a person sees it in a text editor or Excel, counting from 1; cells)."""
    encoding: str = ""
    """What was detected: utf-8, utf-8-sig, utf-16, cp1251, or xlsx for a workbook."""
    delimiter: str = ""
    source: str = ""
    """The file's name: a form's export often says only there which form it is."""
    sheet: str = ""
    """The worksheet's name in a workbook ("" for CSV): one sheet per form, named after it."""


@dataclass(frozen=True)
class SkippedSheet:
    """A worksheet with something on it but no table of people (instructions, a summary)."""

    sheet: str
    reason: str


@dataclass(frozen=True)
class TableFile:
    tables: list[Table]
    """The CSV file's table, or every worksheet of a workbook that holds one, in order."""
    skipped: list[SkippedSheet] = field(default_factory=list)


def read_table(path: str | Path) -> Table:
    """The first table of a CSV or .xlsx export (see `read_tables`)."""
    return read_tables(path).tables[0]


def read_tables(path: str | Path) -> TableFile:
    """Read a CSV or .xlsx export; raises `ImportFileError` for anything that is not one."""
    path = Path(path)
    try:
        if path.is_dir():
            raise ImportFileError(
                tr("Это папка, а не файл: {p}", "That is a folder, not a file: {p}", p=path)
            )
        _refuse_a_database(path)
        # Never `open` a FIFO or a device by its name: that waits for a writer, or never ends.
        with open_regular_file(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            head = handle.read(8)
    except ADatabaseInUse:
        raise ImportFileError(
            tr(
                "{p}: это файл базы данных этой стойки, а не таблица. Нужен CSV или Excel (.xlsx)",
                "{p} is this desk's database file, not a table. A CSV or Excel (.xlsx) file "
                "is needed",
                p=path.name,
            )
        ) from None
    except NotARegularFile:
        raise ImportFileError(
            tr(
                "Это не обычный файл (устройство или канал): {p}",
                "That is not a regular file (a device or a pipe): {p}",
                p=path,
            )
        ) from None
    except FileNotFoundError:
        raise ImportFileError(tr("Файл не найден: {p}", "File not found: {p}", p=path)) from None
    except OSError as exc:
        raise ImportFileError(
            tr("Файл не читается: {p} ({e})", "Cannot read {p} ({e})", p=path, e=os_reason(exc))
        ) from None
    if size > MAX_BYTES:
        raise ImportFileError(
            tr(
                "Файл слишком большой ({m} МБ; можно до {n} МБ)",
                "The file is too large ({m} MB; up to {n} MB)",
                m=size // 2**20,
                n=MAX_BYTES // 2**20,
            )
        )
    if size == 0:
        raise ImportFileError(tr("Файл пуст: {p}", "The file is empty: {p}", p=path.name))
    _refuse_known_binary(head, path)
    try:
        if head.startswith(b"PK\x03\x04"):
            return _read_xlsx(path)
        return TableFile([_read_csv(path, _detect_encoding(path))])
    except OSError as exc:
        raise ImportFileError(
            tr("Файл не читается: {p} ({e})", "Cannot read {p} ({e})", p=path, e=os_reason(exc))
        ) from None


DATABASE_SUFFIXES: Final = (".sqlite3", ".sqlite", ".db", "-wal", "-shm", "-journal")


def _refuse_a_database(path: Path) -> None:
    """A database file, or its log or shared memory, refused by its name, unopened: a file the
    desk opens and closes itself drops SQLite's locks on it when it is the desk's own database
    (kiosk.files.guard_database, which also refuses the desk's own by any other name)."""
    if path.name.lower().endswith(DATABASE_SUFFIXES):
        raise _a_database(path)


def _a_database(path: Path) -> ImportFileError:
    return ImportFileError(
        tr(
            "{p}: это файл базы данных, а не таблица. Нужен CSV или Excel (.xlsx)",
            "{p} is a database file, not a table. A CSV or Excel (.xlsx) file is needed",
            p=path.name,
        )
    )


def _refuse_known_binary(head: bytes, path: Path) -> None:
    """Clear messages for the files people most often pick by mistake."""
    name = path.name
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            tr(
                "{p}: это старый формат Excel (.xls). Сохраните его как .xlsx или CSV",
                "{p} is an old Excel .xls file. Save it as .xlsx or CSV",
                p=name,
            )
        )
    if head.startswith(b"%PDF"):
        raise ImportFileError(
            tr(
                "{p}: это PDF, а не таблица. Нужен CSV или Excel (.xlsx)",
                "{p} is a PDF, not a table. A CSV or Excel (.xlsx) file is needed",
                p=name,
            )
        )
    if path.suffix.lower() in (".xlsx", ".xlsm") and not head.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            tr(
                "{p}: это не файл Excel .xlsx (возможно, он повреждён или переименован). "
                "Сохраните таблицу как .xlsx или CSV",
                "{p} is not an Excel .xlsx file (perhaps damaged or renamed). "
                "Save the table as .xlsx or CSV",
                p=name,
            )
        )


def _not_a_table(name: str) -> ImportFileError:
    return ImportFileError(
        tr(
            "{p}: это не текстовая таблица (двоичные данные). Нужен CSV или Excel (.xlsx)",
            "{p} is not a text table (binary data). A CSV or Excel (.xlsx) file is needed",
            p=name,
        )
    )


def _detect_encoding(path: Path) -> str:
    """A BOM if there is one; else UTF-8 if the bytes are UTF-8; else Windows-1251.

    The whole file is checked, in chunks, so a cp1251 letter on the last line is not missed
    and a 50 MB file is never held in memory at once.
    """
    with path.open("rb") as handle:
        first = handle.read(_CHUNK)
        if first.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        if b"\x00" in first[:65536]:
            raise _not_a_table(path.name)
        decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
        try:
            chunk = first
            while chunk:
                decoder.decode(chunk)
                chunk = handle.read(_CHUNK)
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            pass
        # Real UTF-8 with a few broken bytes (a cell pasted from elsewhere) is still UTF-8,
        # while Windows-1251 Cyrillic read as UTF-8 is almost nothing but broken bytes.
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        broken = letters = 0
        while chunk := handle.read(_CHUNK):
            text = decoder.decode(chunk)
            if not text.isascii():
                bad = text.count("\ufffd")
                broken += bad
                letters += len(text) - len(text.encode("ascii", errors="ignore")) - bad
    if letters >= 4 * broken:
        return "utf-8"
    sample = first.decode("cp1251", errors="replace")[:20000]
    odd = sum(1 for ch in sample if not (ch.isprintable() or ch in "\r\n\t"))
    if odd > len(sample) * 0.02:
        raise ImportFileError(
            tr(
                "{p}: не удаётся распознать кодировку текста (ожидается UTF-8 или Windows-1251)",
                "{p}: cannot recognise the text encoding (UTF-8 or Windows-1251 expected)",
                p=path.name,
            )
        )
    return "cp1251"


def _detect_delimiter(sample: str, complete: bool) -> str:
    """The delimiter that splits most lines into the same number (two or more) of fields.

    The csv parser does the splitting, so quoted delimiters do not count. More lines agreeing
    wins, then more fields: a comma inside a long ;-separated header, or a title line above
    the header, does not fool it. `complete` says the sample is the whole file, else its last
    line may be cut short and is left out.
    """
    best, best_score = DELIMITERS[0], (0, 0)
    for candidate in DELIMITERS:
        try:
            records = [
                r
                for r in csv.reader(io.StringIO(sample, newline=""), delimiter=candidate)
                if any(c.strip() for c in r)
            ]
        except csv.Error:
            continue
        if not complete:
            records = records[:-1]
        widths = Counter(len(r) for r in records[: _SNIFF_RECORDS + 1])
        if not widths:
            continue
        width, agreeing = max(widths.items(), key=lambda item: (item[1], item[0]))
        if width > 1 and (agreeing, width) > best_score:
            best, best_score = candidate, (agreeing, width)
    return best


def _read_csv(path: Path, encoding: str) -> Table:
    with path.open(encoding=encoding, errors="replace", newline="") as text:
        sample = text.read(_SNIFF_CHARS)
        if not sample.strip():
            raise ImportFileError(tr("Файл пуст: {p}", "The file is empty: {p}", p=path.name))
        # NUL makes a file binary; an escape or a bell typed or pasted into a cell is text with
        # a stray character, dropped later (kiosk.text.clean) — unless there is hardly
        # anything but such characters.
        binary = sample.count("\x00")
        controls = sum(1 for ch in sample if ch < " " and ch not in "\r\n\t")
        if binary > len(sample) // 100 or controls > len(sample) // 2:
            raise _not_a_table(path.name)
        delimiter = _detect_delimiter(sample, complete=len(sample) < _SNIFF_CHARS)
        text.seek(0)
        found = _assemble(_csv_records(text, delimiter, path.name), path.name)
    if found is None:
        raise ImportFileError(tr("Файл пуст: {p}", "The file is empty: {p}", p=path.name))
    headers, rows = found
    return Table(headers, rows, encoding, delimiter, source=path.name)


def _csv_records(text: TextIO, delimiter: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """(first line of the record, cells) for each record; a quoted cell may span lines."""
    reader = csv.reader(text, delimiter=delimiter)
    start = 1
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            joined = "".join(record)
            if '="' in joined or "'" in joined:
                record = [_excel_text(cell) for cell in record]
            yield line, record
    except csv.Error as exc:
        raise ImportFileError(
            tr(
                "{p}: строка {n} не читается как CSV ({e})",
                "{p}: line {n} cannot be read as CSV ({e})",
                p=name,
                n=start,
                e=exc,
            )
        ) from None


def _excel_text(cell: str) -> str:
    # ="0079147008090" is how Excel is told to keep a number as text; '+7 914 … is how a
    # spreadsheet-safe export (ours too) keeps a cell from being read as a formula.
    text = cell.strip()
    if text.startswith('="') and text.endswith('"') and len(text) >= 3:
        return text[2:-1].replace('""', '"')
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return text[1:]
    return cell


def _assemble(
    records: Iterable[tuple[int, list[str]]], name: str
) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    """The header and the data rows after it, cells stripped, empty rows left out.

    The header is the first row naming a name or a phone column; a few short title lines
    above it («Выгрузка заявок за ноябрь») are skipped. A file without such a row is refused,
    quoting its first row; a file with no text at all gives None.
    """
    headers: list[str] | None = None
    first: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    shared: dict[str, str] = {}
    share, strip = shared.setdefault, str.strip
    for count, (line, record) in enumerate(records):
        cells = [share(c, c) for c in map(strip, record)]
        if not any(cells):
            continue
        if headers is None:
            cells = [c.lstrip("\ufeff").strip() for c in cells]
            first = first or cells
            if names_a_person(match_columns(cells)):
                headers = cells
                continue
            if sum(1 for c in cells if c) > 2 or count >= _MAX_TITLE_LINES:
                first = cells  # not a title line: the header, without usable columns
                break
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                tr(
                    "{p}: слишком много строк (больше {n})",
                    "{p}: too many rows (more than {n})",
                    p=name,
                    n=MAX_ROWS,
                )
            )
        if len(shared) >= _SHARED_CELLS:
            share = shared.get  # full: keep sharing what is there, add nothing new
        rows.append((line, cells))
    if first is None:
        return None
    if headers is None:
        raise ImportFileError(
            tr(
                "{p}: не нашлось столбцов с именем или телефоном. Заголовки файла: {h}",
                "{p}: no name or phone column found. The file's headers: {h}",
                p=name,
                h=", ".join(h for h in first if h)[:300] or "—",
            )
        )
    return headers, rows


def _cell_text(value: Any) -> str:
    """Excel values as a person would read them: 79147008090.0 → "79147008090"."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    if isinstance(value, datetime):
        if value.time() == time():
            return value.strftime("%d.%m.%Y")
        return value.strftime("%d.%m.%Y %H:%M:%S" if value.second else "%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, timedelta):
        minutes = int(value.total_seconds() // 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    return str(value).strip()


def _read_xlsx(path: Path) -> TableFile:
    """Every worksheet that holds a table of people, each with its name; empty ones are left
    out, and others with something on them are listed as skipped. A workbook without a single
    table is refused with the first such sheet's reason."""
    from openpyxl import load_workbook

    tables: list[Table] = []
    skipped: list[SkippedSheet] = []
    # openpyxl raises many kinds of errors for a damaged or foreign zip (BadZipFile, KeyError,
    # XML parse errors, ValueError …); to the person at the desk they all mean the same.
    try:
        with path.open("rb") as handle:
            workbook = load_workbook(handle, read_only=True, data_only=True)
            try:
                for sheet in workbook.worksheets:
                    sheet.reset_dimensions()  # some programs write a wrong size; read it all
                    values = sheet.iter_rows(min_row=1, values_only=True)
                    records = (
                        (number, [_cell_text(v) for v in row])
                        for number, row in enumerate(values, start=1)
                    )
                    where = tr("{p}, лист «{s}»", '{p}, sheet "{s}"', p=path.name, s=sheet.title)
                    try:
                        found = _assemble(records, where)
                    except ImportFileError as exc:
                        skipped.append(SkippedSheet(sheet.title, str(exc)))
                        continue
                    if found is not None:
                        tables.append(
                            Table(*found, encoding="xlsx", source=path.name, sheet=sheet.title)
                        )
            finally:
                workbook.close()
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(
            tr(
                "{p}: не удаётся открыть как Excel .xlsx — файл повреждён или это не таблица ({e})",
                "{p} cannot be opened as an Excel .xlsx workbook: damaged, or not a table ({e})",
                p=path.name,
                e=type(exc).__name__,
            )
        ) from None
    if tables:
        return TableFile(tables, skipped)
    if skipped:
        raise ImportFileError(skipped[0].reason)
    raise ImportFileError(
        tr("{p}: в книге нет данных", "{p}: the workbook has no data", p=path.name)
    )
