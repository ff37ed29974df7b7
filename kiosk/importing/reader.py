"""Reading a registration export: CSV (UTF-8 with or without BOM, UTF-16, Windows-1251; comma,
semicolon or tab — all detected) or an Excel .xlsx workbook, into a header and numbered rows.

Whatever the file is, the result is a table or an `ImportFileError` with a plain message.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Final

from kiosk.i18n import tr

MAX_BYTES: Final = 100 * 1024 * 1024
DELIMITERS: Final = (";", ",", "\t")


class ImportFileError(Exception):
    """The file cannot be read as a table at all; nothing is imported."""


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    """(line as a person sees it in a text editor or Excel, cells)."""
    encoding: str = ""
    delimiter: str = ""


def read_table(path: str | Path) -> Table:
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportFileError(tr("Файл не найден: {p}", "File not found: {p}", p=path)) from None
    except OSError as exc:
        raise ImportFileError(
            tr("Файл не читается: {p} ({e})", "Cannot read {p} ({e})", p=path, e=exc.strerror)
        ) from None
    if path.is_dir():
        raise ImportFileError(tr("Это папка, а не файл: {p}", "That is a folder: {p}", p=path))
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
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"PK\x03\x04"):
        return _read_xlsx(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise ImportFileError(
            tr(
                "{p}: это не файл Excel .xlsx (возможно, старый .xls — сохраните как .xlsx "
                "или CSV)",
                "{p} is not an Excel .xlsx file (perhaps an old .xls: save it as .xlsx or CSV)",
                p=path.name,
            )
        )
    if head.startswith(b"%PDF"):
        raise ImportFileError(
            tr(
                "{p}: это PDF, а не таблица. Нужен CSV или Excel (.xlsx)",
                "{p} is a PDF, not a table. A CSV or Excel (.xlsx) file is needed",
                p=path.name,
            )
        )
    return _read_csv(path.read_bytes(), path.name)


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:65536]:
        raise ImportFileError(
            tr(
                "{p}: это не текстовая таблица (двоичные данные). Нужен CSV или Excel (.xlsx)",
                "{p} is not a text table (binary data). A CSV or Excel (.xlsx) file is needed",
                p=name,
            )
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1251", errors="replace")
    # Windows-1251 decodes almost anything; real text is mostly letters, digits and punctuation.
    sample = text[:20000]
    odd = sum(1 for ch in sample if not (ch.isprintable() or ch in "\r\n\t"))
    if odd > len(sample) * 0.05:
        raise ImportFileError(
            tr(
                "{p}: не удаётся распознать кодировку текста",
                "{p}: cannot recognise the text encoding",
                p=name,
            )
        )
    return text, "cp1251"


def _delimiter(first_line: str) -> str:
    """The delimiter that splits the header into the most fields (quotes respected)."""
    best, best_count = ";", 0
    for candidate in DELIMITERS:
        try:
            fields = next(csv.reader([first_line], delimiter=candidate))
        except (csv.Error, StopIteration):
            continue
        if len(fields) > best_count:
            best, best_count = candidate, len(fields)
    return best


def _read_csv(data: bytes, name: str) -> Table:
    text, encoding = _decode(data, name)
    text = text.lstrip("\ufeff")
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    if not first_line:
        raise ImportFileError(tr("Файл пуст: {p}", "The file is empty: {p}", p=name))
    delimiter = _delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            line = start
            start = reader.line_num + 1
            cells = [cell.strip() for cell in record]
            if not any(cells):
                continue
            if headers is None:
                headers = cells
                continue
            rows.append((line, cells))
    except csv.Error as exc:
        raise ImportFileError(
            tr(
                "{p}: строка {n} не читается как CSV: {e}",
                "{p}: line {n} cannot be read as CSV: {e}",
                p=name,
                n=start,
                e=exc,
            )
        ) from None
    if headers is None:
        raise ImportFileError(tr("Файл пуст: {p}", "The file is empty: {p}", p=name))
    return Table(headers, rows, encoding, delimiter)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        return (
            value.strftime("%d.%m.%Y %H:%M")
            if value.time() != time()
            else value.strftime("%d.%m.%Y")
        )
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value).strip()


def _read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ImportFileError(
            tr(
                "{p}: не удаётся открыть как Excel .xlsx ({e})",
                "{p}: cannot be opened as an Excel .xlsx workbook ({e})",
                p=path.name,
                e=type(exc).__name__,
            )
        ) from None
    try:
        for sheet in workbook.worksheets:
            headers: list[str] | None = None
            rows: list[tuple[int, list[str]]] = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell_text(v) for v in values]
                if not any(cells):
                    continue
                if headers is None:
                    headers = cells
                    continue
                rows.append((number, cells))
            if headers is not None:
                return Table(headers, rows, "xlsx", "")
    finally:
        workbook.close()
    raise ImportFileError(
        tr("{p}: в книге нет данных", "{p}: the workbook has no data", p=path.name)
    )
