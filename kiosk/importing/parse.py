"""Turning table rows into registrations: names split, phones normalised, tariffs recognised.

A row that cannot be used is rejected with its line number and a reason a person can act on;
everything else becomes an `ImportRow`. Nothing here touches the database: merging the same
person across rows and with earlier imports is the importing service's job (see
`kiosk.importing.identity`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import PurePath
from typing import Final, Literal, get_args

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from kiosk.codes import CODE_RE
from kiosk.config import PARTICIPANT, Event, Tariff
from kiosk.i18n import tr
from kiosk.importing.columns import Field, desk_export, match_columns, names_a_person
from kiosk.importing.names import split_full_name, split_name_fields, tidy_words
from kiosk.importing.reader import ImportFileError, Table
from kiosk.phones import EXTENSION, OTHER_PHONES, InvalidPhone, find_phones, normalize_phone
from kiosk.present import SOURCES
from kiosk.text import (
    clean,
    clean_multiline,
    fold,
    has_binary,
    latin_fold,
    unmark_text,
)

MAX_TEAM: Final = 200  # the same limit as a team registered at the desk
MAX_NAME: Final = 100
MAX_TEXT: Final = 200

_YES: Final = frozenset(
    {"да", "yes", "y", "true", "1", "оплачено", "оплачен", "оплачена", "paid", "есть"}
    | {"✓", "✔", "☑", "+", "v", "x", "ok", "ок"}
)
_NO: Final = frozenset(
    {"нет", "no", "n", "false", "0", "не оплачено", "не оплачен", "не оплачена", "неоплачено"}
    | {"unpaid", "not paid", "-", "—", "✗", "✘", "☐"}
)
_AMOUNT: Final = re.compile(r"[\d\s.,]+(?:руб|р|₽|rub|rur)?\.?")
# A date as people and services write it, with an optional time, AM/PM and zone:
# «12.11.2026 14:03», «12/1/2026 3:04:05 PM GMT+10» (Google Forms), «2026/12/01 3:04:05 PM
# GMT+10» (its CSV download), «2026-12-01T15:04:05.123+10:00».
_DATE_TIME: Final = re.compile(
    r"(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})"
    r"(?:[\sT,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:\s*([AaPp])\.?\s?[Mm]\.?)?)?"
    r"(?:\s*(?:(GMT|UTC|Z)\s*)?(?:([+-])(\d{1,2})(?::?(\d{2}))?)?)?",
    re.IGNORECASE,
)
# Between two phone numbers or two e-mail addresses typed into one cell.
_PHONE_SEPARATORS: Final = re.compile(r"\s*(?:[,;/\\|]|\s(?:или|or)\s)\s*", re.IGNORECASE)
_EMAIL_SEPARATORS: Final = re.compile(r"[\s,;]+")
_MOBILE: Final = frozenset(
    {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
)
_SPACE_BEFORE_SEPARATOR: Final = re.compile(r"\s*([,;])(?:\s*[,;])*")
_NUMBER: Final = re.compile(r"\d+(?:[.,]\d+)?")
_EXCEL_EPOCH: Final = datetime(1899, 12, 30)
_DESK_SOURCES: Final = frozenset(fold(title) for titles in SOURCES.values() for title in titles)
"""What the desk's own export writes in its «Источник» column: where a record came from, not a
web form's name."""


@dataclass(frozen=True)
class ImportRow:
    """One usable registration, as the file gave it, cleaned and checked."""

    line: int
    last_name: str
    first_name: str
    middle_name: str
    original_name: str
    """The name as typed (in one field, or the name fields joined)."""
    phone: str | None
    """E.164."""
    email: str | None
    """Normalised and lower-cased; an invalid address is left in `extra` instead."""
    company: str
    position: str
    tariff: str
    """The tariff's code."""
    team_size: int | None
    """Only for tariffs with a minimum number of participants."""
    paid: bool | None
    """None when the file does not say."""
    call_time: str
    submitted_at: datetime | None
    """As written in the file: naive local time unless the file gave an offset."""
    form: str
    """The name of the web form the row came from."""
    extra: dict[str, str] = field(default_factory=dict)
    """Columns the importer does not know (header → value), kept with the attendee."""
    sheet: str = ""
    """The worksheet of a workbook the row is on ("" for a CSV file)."""
    name_guessed: bool = False
    """Which word is the surname is a guess (see `PersonName.guessed`)."""
    name_column: bool = True
    """The table has a name column: a row of a table without one can only be someone the
    desk already knows (by phone or e-mail), never a new nameless person."""
    amounts: tuple[int, int] | None = None
    """(paid, left to pay) in roubles, when the file gives both as sums (the desk's own export:
    «Оплачено», «К оплате»): a part payment comes back as it was."""
    category: str = PARTICIPANT
    """A free category (speaker, press …) the tariff column names instead of a tariff; the
    `tariff` is then ""."""
    team: str = ""
    """The team's name (the desk's own export gives it): with a `team_size`, the team this
    row's person registered; without, the team whose seat the row is."""
    not_a_name: str = ""
    """What the name cell held instead of a name (a phone typed there, digits): the row has no
    name and, like a row of a table without a name column, can only be someone the desk
    already knows."""
    code: str = ""
    """The badge code the row gives (the desk's own export has one): the row is that attendee,
    if the desk has them."""
    problem: str = ""
    """Why the row could not go in as someone new (an unknown tariff, a team without its size):
    a row with a `code` is rejected for it only when the code is nobody's, a team below its
    minimum (with its `team_size`) only when nobody is found to be its contact; "" when none."""
    own_tariff: bool = True
    """The row names its tariff itself (its tariff column or form name). A tariff taken from
    the sheet's or file's name or chosen for the import only fills in a missing one: it goes
    to people the import adds, never over the tariff of someone already on file."""


@dataclass(frozen=True)
class Rejection:
    line: int
    reason: str
    sheet: str = ""


@dataclass(frozen=True)
class RowWarning:
    """A row that went in, but with something left out or not understood."""

    line: int
    message: str
    sheet: str = ""


TariffSource = Literal["sheet", "file", "chosen"]


@dataclass(frozen=True)
class NamedTariff:
    """Rows that did not say their tariff and took it from elsewhere."""

    source: TariffSource
    """The worksheet's name, the file's name, or the tariff chosen for the import."""
    name: str
    """The sheet's or file's name ("" for a chosen tariff)."""
    tariff: str
    rows: int


@dataclass
class ParseResult:
    rows: list[ImportRow]
    rejected: list[Rejection]
    warnings: list[RowWarning] = field(default_factory=list)
    without_tariff: int = 0
    """Rows rejected only because nothing named their tariff: choosing one takes them in."""
    named_tariffs: list[NamedTariff] = field(default_factory=list)

    def extend(self, other: ParseResult) -> None:
        self.rows.extend(other.rows)
        self.rejected.extend(other.rejected)
        self.warnings.extend(other.warnings)
        self.without_tariff += other.without_tariff
        self.named_tariffs.extend(other.named_tariffs)


class TariffNames:
    """Finds the tariff a text names by its code, title or an alias.

    The longest spelling found wins, so «Два дня Форума Комфорт» is the comfort package and
    not comfort. Results are remembered: an export repeats the same few form names.
    """

    def __init__(self, event: Event) -> None:
        spellings = {
            spelled: tariff
            for tariff in event.tariffs
            for name in (
                tariff.code,
                tariff.title,
                tariff.title_en,
                tariff.short_title,
                *tariff.aliases,
            )
            # "package_premium" also as "package premium", the way a file name spells it
            for spelled in {fold(name), _name_words(fold(name))}
            if spelled
        }
        self._patterns = [
            (re.compile(rf"(?<!\w){re.escape(spelled)}(?!\w)"), tariff)
            for spelled, tariff in sorted(spellings.items(), key=lambda kv: -len(kv[0]))
        ]
        # File and sheet names: words joined by _ or -, and often in Latin letters
        # ("tilda-leads-komfort.csv", "package_premium.xlsx").
        latin = {
            _name_words(latin_fold(spelled)): tariff
            for spelled, tariff in spellings.items()
            if _name_words(latin_fold(spelled))
        }
        self._name_patterns = [
            (re.compile(rf"(?<![a-z0-9]){re.escape(spelled)}(?![a-z0-9])"), tariff, len(spelled))
            for spelled, tariff in sorted(latin.items(), key=lambda kv: -len(kv[0]))
        ]
        self._seen: dict[str, Tariff | None] = {}

    def find(self, text: str) -> Tariff | None:
        if text not in self._seen:
            key = fold(text)
            self._seen[text] = next((t for p, t in self._patterns if p.search(key)), None)
        return self._seen[text]

    def find_in_name(self, name: str) -> Tariff | None:
        """The tariff a file's or a worksheet's name names, in any script, if any: the longest
        spelling found in either script, so «paket-premium» is the package, not «premium»."""
        words = _name_words(name)
        key = fold(words)
        found = next(((t, len(m.group())) for p, t in self._patterns if (m := p.search(key))), None)
        key = _name_words(latin_fold(words))
        latin = next(((t, n) for p, t, n in self._name_patterns if p.search(key)), None)
        if latin is not None and (found is None or latin[1] > found[1]):
            found = latin
        return found[0] if found else None


def _name_words(name: str) -> str:
    return " ".join(re.sub(r"[_\-.]+", " ", name).split())


@lru_cache(maxsize=4096)
def parse_paid(value: str) -> bool | None:
    """«да», «оплачено», "yes", "1", «✓», a sum like «16 000 ₽» → True; «нет», "0" → False."""
    text = fold(value).strip(" .!")
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    first_word = text.split()[0]
    if first_word in ("не", "нет", "no", "not", "unpaid"):
        return False
    if first_word in ("да", "yes", "оплачено", "оплачен", "оплачена", "paid"):
        return True
    if _AMOUNT.fullmatch(text):
        number = re.sub(r"[^\d.,]", "", text)
        if "," in number and "." in number:
            number = number.replace(",", "")  # 16,000.00
        try:
            return float(number.replace(",", ".")) > 0
        except ValueError:
            return None
    return None


def parse_amount(value: str) -> int | None:
    """A sum of roubles as the desk's export writes it: «4000», «4 000», «4000.0» → 4000."""
    text = "".join(value.split())
    if not re.fullmatch(r"\d+(?:[.,]0+)?", text):
        return None
    return int(re.split(r"[.,]", text)[0])


@lru_cache(maxsize=4096)
def parse_submitted(value: str, month_first: bool | None = None) -> datetime | None:
    """A submission time as forms, CRMs and spreadsheets write it; None if it is not one.

    «12.11.2026 14:03», «12.11.26», «12/1/2026 3:04:05 PM GMT+10» (Google Forms: month first),
    «2026/12/01 3:04 PM», ISO 8601 with or without an offset, an Excel day number (46338.58).
    Dots are always day first; with slashes or dashes a 12-hour clock or a GMT offset means
    month first (as US-English services write), else `month_first` decides (what the other
    times in the column show, see `slash_order`), else day first. A time with an offset comes
    back aware; otherwise naive, as written.
    """
    text = value.strip()
    if not text:
        return None
    match = _DATE_TIME.fullmatch(text)
    if match:
        return _date_time(match, month_first)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        serial = float(text.replace(",", "."))
    except ValueError:
        return None
    # Day numbers between 1954 and 2119: anything else is not a date that was typed as one.
    if 20_000 <= serial <= 80_000:
        return _EXCEL_EPOCH + timedelta(days=serial)
    return None


def _date_time(match: re.Match[str], month_first: bool | None) -> datetime | None:
    first, separator, second, third, hour, minute, sec, half, zone, sign, zh, zm = match.groups()
    a, b, c = int(first), int(second), int(third)
    if len(first) == 4:
        year, month, day = a, b, c
    elif len(first) > 2 or len(third) not in (2, 4):
        return None
    else:
        year = c + 2000 if len(third) == 2 else c
        us = separator != "." and (
            b > 12 or (a <= 12 and bool(half or zone or sign or month_first))
        )
        month, day = (a, b) if us else (b, a)
    hours = int(hour or 0)
    if half:
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if half.lower() == "p" else 0)
    tz = None
    if sign:
        offset = timedelta(hours=int(zh), minutes=int(zm or 0))
        tz = timezone(-offset if sign == "-" else offset)
    elif zone:
        tz = UTC
    try:
        return datetime(year, month, day, hours, int(minute or 0), int(sec or 0), tzinfo=tz)
    except ValueError:
        return None


def slash_order(values: Iterable[str]) -> bool | None:
    """Whether a column's dates with slashes are month first (True), day first (False) or
    cannot tell (None): «13/1/2026» is day first, «1/13/2026» and «1/1/2026 3:04 PM» month."""
    votes: Counter[bool] = Counter()
    for value in values:
        if "/" not in value and "-" not in value[:3]:
            continue  # dots are always day first, and ISO dates year first
        match = _DATE_TIME.fullmatch(value.strip())
        if not match or match.group(2) == "." or len(match.group(1)) > 2:
            continue
        a, b = int(match.group(1)), int(match.group(3))
        if a > 12:
            votes[False] += 1
        elif b > 12 or match.group(8) or match.group(9) or match.group(10):
            votes[True] += 1
    if votes[True] and not votes[False]:
        return True
    if votes[False] and not votes[True]:
        return False
    return None


def parse_team_size(value: str) -> int | None:
    """«5», «5 человек», "5.0" → 5; «пять», «3-5», «» → None."""
    numbers = _NUMBER.findall(value)
    if len(numbers) != 1:
        return None
    number = float(numbers[0].replace(",", "."))
    return int(number) if number.is_integer() else None


@lru_cache(maxsize=65_536)
def _phone(raw: str) -> str | None:
    try:
        return normalize_phone(raw)
    except InvalidPhone:
        return None


@lru_cache(maxsize=65_536)
def phone_cell(raw: str) -> tuple[str | None, str, str]:
    """(the phone, the rest of the cell, the phone's extension) for a cell that may hold
    several numbers.

    «+7 (914) 600-00-05, +7 (914) 600-00-55» gives the first mobile number and keeps the
    others as typed; a landline is the phone only when the cell has no mobile number.
    «8 (914) 600-00-92 доб. 123» gives the number and its extension «123».
    """
    whole = _phone(raw)
    if whole is not None:
        return whole, "", ""
    parts = [p for p in _PHONE_SEPARATORS.split(raw) if p.strip()]
    numbers = [(part, _phone(part)) for part in parts] if len(parts) > 1 else []
    valid = [(part, number) for part, number in numbers if number is not None]
    if not valid:
        return _phones_in_text(raw)
    chosen = next((pair for pair in valid if _is_mobile(pair[1])), valid[0])
    rest = ", ".join(part.strip() for part, _ in numbers if part is not chosen[0])
    return chosen[1], rest, ""


def _phones_in_text(raw: str) -> tuple[str | None, str, str]:
    """`phone_cell` for numbers among words or only spaces apart: «+7 914 380-00-01
    +7 914 380-00-11» (two lines of one Excel cell), «8 914 600 00 05 8 914 600 00 55»,
    «+7 914 380-00-02 (моб.)», «моб. +7 914 …, раб. 8 (423) …», «+7 914 600-00-17 доб. 12».
    The rest of the cell (other numbers, notes) is kept as typed; an extension goes with the
    phone it belongs to."""
    found = find_phones(raw)
    if not found:
        return None, "", ""
    chosen = next((f for f in found if _is_mobile(f.e164)), found[0])
    rest = f"{raw[: chosen.start]} {raw[chosen.end :]}"
    rest = _SPACE_BEFORE_SEPARATOR.sub(r"\1", " ".join(rest.split())).strip(" ,;/|\\")
    return chosen.e164, rest, chosen.extension


def _is_mobile(e164: str) -> bool:
    return phonenumbers.number_type(phonenumbers.parse(e164)) in _MOBILE


@lru_cache(maxsize=65_536)
def _email(raw: str) -> str | None:
    try:
        return validate_email(raw, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None


def parse_table(table: Table, event: Event, *, default_tariff: str | None = None) -> ParseResult:
    """Check every row of a table read by `read_table`; never raises for a bad row.

    A row's tariff is the one its tariff column or its form's name names, else the one the
    worksheet's name names, else the file's name, else `default_tariff` (a tariff's code).
    """
    columns = match_columns(table.headers)
    if not names_a_person(columns):
        raise ImportFileError(
            tr(
                "Не нашлось столбцов с именем или телефоном. Заголовки файла: {h}",
                "No name or phone column found. The file's headers: {h}",
                h=", ".join(h for h in table.headers if h)[:300] or "—",
            )
        )
    parser = _RowParser(table, columns, event, default_tariff)
    result = ParseResult([], [])
    for line, cells in table.rows:
        row = parser.parse(line, cells, result.warnings)
        if isinstance(row, Rejection):
            result.rejected.append(row)
        else:
            result.rows.append(row)
    result.without_tariff = parser.without_tariff
    result.named_tariffs = [
        NamedTariff(source, name, code, count)
        for (source, name, code), count in parser.named.items()
    ]
    return result


def parse_tables(
    tables: Iterable[Table], event: Event, *, default_tariff: str | None = None
) -> ParseResult:
    """`parse_table` for each worksheet of a workbook (or the one table of a CSV file)."""
    result = ParseResult([], [])
    for table in tables:
        result.extend(parse_table(table, event, default_tariff=default_tariff))
    return result


class _RowParser:
    """Parses the rows of one table: the column layout and tariff lookups are worked out once."""

    def __init__(
        self,
        table: Table,
        columns: dict[Field, int],
        event: Event,
        default_tariff: str | None,
    ) -> None:
        headers = table.headers
        self.width = len(headers)
        self.sheet = table.sheet
        # Every field has an index; a field without a column points at the "" added at the
        # end of each row, so reading a field never needs a check.
        self.index: dict[Field, int] = {f: columns.get(f, self.width) for f in get_args(Field)}
        # The headers of known columns whose values may still end up in `extra` (a work phone
        # that is not the phone), then of every unknown column, each name once.
        self.labels: dict[Field, str] = {
            f: clean(headers[i]) or tr("Столбец {n}", "Column {n}", n=i + 1)
            for f, i in columns.items()
        }
        known = set(columns.values())
        self.unknown: list[tuple[int, str]] = []
        taken: set[str] = set(self.labels.values())
        for index, header in enumerate(headers):
            if index in known:
                continue
            name = clean(header) or tr("Столбец {n}", "Column {n}", n=index + 1)
            while name in taken:  # two columns with one header must not overwrite each other
                name = f"{name} ({index + 1})"
            taken.add(name)
            self.unknown.append((index, name))
        self.desk_export = desk_export(headers, columns)
        if self.desk_export:
            # What the desk worked out (a person's payment state, arrivals, printing) is not
            # data to keep with them; the numbers kept besides the phone are.
            self.unknown = [(i, name) for i, name in self.unknown if name in OTHER_PHONES]
        self.name_column = any(f in columns for f in ("full_name", "last_name", "first_name"))
        self.name_label = next(
            (self.labels[f] for f in ("full_name", "last_name", "first_name") if f in columns),
            tr("Имя", "Name"),
        )
        self.tariffs = TariffNames(event)
        self.categories = {
            fold(name): category.code
            for category in event.categories
            for name in (category.code, category.title, category.title_en)
            if name
        }
        # Where a row that names no tariff takes one from, in this order.
        self.fallbacks: list[tuple[TariffSource, str, Tariff]] = []
        names: tuple[tuple[TariffSource, str], ...] = (
            ("sheet", table.sheet),
            ("file", PurePath(table.source).stem),
        )
        for source, name in names:
            found = self.tariffs.find_in_name(name) if name else None
            if found is not None:
                self.fallbacks.append((source, name, found))
        chosen = event.tariff(default_tariff) if default_tariff else None
        if chosen is not None:
            self.fallbacks.append(("chosen", "", chosen))
        self.named: Counter[tuple[TariffSource, str, str]] = Counter()
        self.without_tariff = 0
        submitted = columns.get("submitted_at")
        self.month_first = (
            slash_order({cells[submitted] for _, cells in table.rows if len(cells) > submitted})
            if submitted is not None
            else None
        )

    def parse(self, line: int, raw: list[str], warnings: list[RowWarning]) -> ImportRow | Rejection:
        sheet = self.sheet
        # An escape or a bell in a cell (typed into a spreadsheet, or pasted) is dropped by
        # `clean` below; only a row that cannot be text at all is refused.
        if any(has_binary(c) for c in raw):
            return Rejection(
                line, tr("в строке есть двоичные данные", "the row contains binary data"), sheet
            )
        cells = [unmark_text(clean(c)) for c in raw[: self.width]]
        cells.extend([""] * (self.width + 1 - len(cells)))
        index = self.index

        def get(name: Field) -> str:
            return cells[index[name]]

        def warn(message: str) -> None:
            warnings.append(RowWarning(line, message, sheet))

        # Columns kept as they are may hold several lines (a comment): only the line breaks
        # and tabs of those stay, no other control character.
        extra = {name: unmark_text(clean_multiline(raw[i])) for i, name in self.unknown if cells[i]}

        last, first, middle, original, guessed = self._name(get)
        raw_phone, raw_work_phone = get("phone"), get("work_phone")
        # A name without a letter is none: a phone typed into the name cell is the row's phone
        # when it has no other (else one more of its numbers); other digits are only kept.
        not_a_name, name_phone = "", ""
        if original and not any(c.isalpha() for c in original):
            not_a_name, last, first, middle, original, guessed = original, "", "", "", "", False
            if phone_cell(not_a_name)[0] is None:
                extra[self.name_label] = not_a_name
                warn(
                    tr(
                        "«{v}» в столбце имени — не имя: сохранено как дополнительные данные",
                        '"{v}" in the name column is not a name: kept as extra data',
                        v=not_a_name[:40],
                    )
                )
            elif raw_phone or raw_work_phone:
                name_phone = not_a_name
            else:
                raw_phone = not_a_name
        # Nor is a part of it: «123» in the surname box next to «Иван».
        last, first, middle = (
            p if any(c.isalpha() for c in p) else "" for p in (last, first, middle)
        )
        if not (last or first or raw_phone or raw_work_phone):
            return Rejection(
                line, tr("нет ни имени, ни телефона", "neither a name nor a phone"), sheet
            )
        # One number in the cell is the usual case, and the only one worth hurrying.
        phone, other_phones, extension = (
            (_phone(raw_phone), "", "") if raw_phone else (None, "", "")
        )
        if raw_phone and phone is None:
            phone, other_phones, extension = phone_cell(raw_phone)
        if phone is None and raw_work_phone:
            work_phone, other_work, work_extension = phone_cell(raw_work_phone)
            if work_phone is not None:
                if raw_phone:  # a mobile that is not a number, and a work phone that is
                    extra[self.labels["phone"]] = raw_phone
                    warn(
                        tr(
                            "телефон «{v}» не похож на номер: взят рабочий, а этот сохранён "
                            "как дополнительные данные",
                            'the phone "{v}" is not a number: the work phone is used and this '
                            "kept as extra data",
                            v=raw_phone[:40],
                        )
                    )
                phone, other_phones, extension = work_phone, other_work, work_extension
                raw_phone = raw_work_phone = ""
        if raw_phone and phone is None:
            return Rejection(
                line,
                tr(
                    "телефон «{v}» не похож на номер телефона",
                    'the phone "{v}" does not look like a phone number',
                    v=raw_phone[:40],
                ),
                sheet,
            )
        if name_phone and phone_cell(name_phone)[0] != phone:
            other_phones = ", ".join(p for p in (other_phones, name_phone) if p)
        if extension:
            extra[tr(*EXTENSION)] = extension
        if other_phones:
            label = tr(*OTHER_PHONES)
            # The desk's own export has a column of them; a phone cell may add more.
            kept = extra.get(label, "")
            extra[label] = f"{kept}, {other_phones}" if kept else other_phones
        if raw_work_phone:
            extra[self.labels["work_phone"]] = raw_work_phone
        if max(len(last), len(first), len(middle)) > MAX_NAME:
            return Rejection(line, tr("слишком длинное имя", "the name is too long"), sheet)

        # A row with a badge code (the desk's own export) is about someone the desk may know:
        # what would keep it from going in as someone new waits until that is known.
        raw_code = get("code")
        code = _badge_code(raw_code)
        if raw_code and not code:  # a «Код» column of something else (an order, a coupon)
            extra[self.labels["code"]] = raw_code
        problem = ""
        form = get("form")
        if self.desk_export and fold(form) in _DESK_SOURCES:  # where the record came from
            form = ""
        tariff_text = get("tariff")
        tariff = self.tariffs.find(tariff_text) if tariff_text else None
        # A free category in the tariff column (the desk's own export writes «Спикер» there).
        category = (
            self.categories.get(fold(tariff_text), PARTICIPANT) if tariff is None else PARTICIPANT
        )
        free = category != PARTICIPANT
        if tariff is None and tariff_text and not free:
            problem = tr("неизвестный тариф «{v}»", 'unknown tariff "{v}"', v=tariff_text[:60])
            if not code:
                return Rejection(line, problem, sheet)
        if tariff is None and form and not problem and not free:
            tariff = self.tariffs.find(form)
        own_tariff = tariff is not None or free
        if tariff is None and self.fallbacks and not problem and not free:
            source, name, tariff = self.fallbacks[0]
            self.named[source, name, tariff.code] += 1
        if tariff is None and not problem and not free:
            problem = (
                tr("неизвестный тариф «{v}»", 'unknown tariff "{v}"', v=form[:60])
                if form
                else tr(
                    "не указан тариф (ни в столбце тарифа, ни в названии формы)",
                    "no tariff (neither a tariff column nor a form name)",
                )
            )
            if not code:
                self.without_tariff += 1
                return Rejection(line, problem, sheet)

        team_size = None
        raw_size, team = get("team_size"), get("team")[:MAX_TEXT]
        if tariff is not None and tariff.min_participants:
            team_size = parse_team_size(raw_size)
            # A row of a named team without its size is one of its seats (the desk's export
            # gives the size on the contact's row only).
            team_problem = (
                None
                if team and not raw_size
                else _team_problem(raw_size, team_size, tariff.min_participants)
            )
            # Fewer people than a team may have is no new team, but may be one already on
            # file that the file makes smaller (the importer reports it, deleting nothing).
            smaller = team_size is not None and 0 < team_size < tariff.min_participants
            if team_problem and not (code or smaller):
                return Rejection(line, team_problem, sheet)
            if team_problem:
                team_size, problem = (team_size if smaller else None), team_problem
        else:
            if raw_size:
                extra[tr("Количество человек", "Team size")] = raw_size
            if team:
                extra[self.labels["team"]] = team
            team = ""

        raw_email, raw_work_email = get("email"), get("work_email")
        email = (
            self._email(raw_email, raw_work_email, extra, warn)
            if raw_email or raw_work_email
            else None
        )

        raw_paid = get("paid")
        paid = parse_paid(raw_paid) if raw_paid else None
        raw_due = get("due")
        amounts = None
        if raw_due and self.desk_export:
            sums = parse_amount(raw_paid), parse_amount(raw_due)
            if sums[0] is not None and sums[1] is not None:
                amounts = (sums[0], sums[1])
                paid = sums[1] == 0 and sums[0] > 0
            else:
                extra[self.labels["due"]] = raw_due
        elif raw_due:
            extra[self.labels["due"]] = raw_due
        if raw_paid and paid is None:
            extra[tr("Оплата", "Payment")] = raw_paid
            warn(
                tr(
                    "не понятно, оплачено ли: «{v}»",
                    'cannot tell whether "{v}" means paid',
                    v=raw_paid[:40],
                )
            )

        raw_when = get("submitted_at")
        submitted_at = parse_submitted(raw_when, self.month_first) if raw_when else None
        if raw_when and submitted_at is None:
            extra[tr("Дата заявки", "Submitted")] = raw_when
            warn(
                tr(
                    "время заявки «{v}» не распознано: сохранено как текст",
                    'the submission time "{v}" was not understood: kept as text',
                    v=raw_when[:40],
                )
            )

        if not (last or first):
            last = tr("Без имени", "No name")
        return ImportRow(
            line=line,
            last_name=last,
            first_name=first,
            middle_name=middle,
            original_name=original,
            phone=phone,
            email=email,
            company=get("company")[:MAX_TEXT],
            position=get("position")[:MAX_TEXT],
            tariff=tariff.code if tariff is not None else "",
            team_size=team_size,
            paid=paid,
            call_time=get("call_time")[:MAX_TEXT],
            submitted_at=submitted_at,
            form=form[:300],
            extra=extra,
            sheet=sheet,
            name_guessed=guessed,
            own_tariff=own_tariff,
            name_column=self.name_column,
            not_a_name=not_a_name,
            category=category,
            amounts=amounts,
            team=team,
            code=code,
            problem=problem,
        )

    @staticmethod
    def _email(
        raw: str, raw_work: str, extra: dict[str, str], warn: Callable[[str], None]
    ) -> str | None:
        """The first valid address of the e-mail cell, else of the work e-mail cell; every other
        address typed is kept, an invalid one with a warning."""
        email: str | None = None
        others: list[str] = []
        invalid: list[str] = []
        for text in (raw, raw_work):
            if not text:
                continue
            addresses = [text]
            if _email(text) is None and _EMAIL_SEPARATORS.search(text):
                parts = [p for p in _EMAIL_SEPARATORS.split(text) if p]
                if any(_email(p) for p in parts):  # «a@x.ru, b@y.ru»; else one bad address
                    addresses = parts
            for address in addresses:
                valid = _email(address)
                if valid is None:
                    invalid.append(address)
                elif email is None:
                    email = valid
                elif valid != email:
                    others.append(address)
        if others:
            extra[tr("Другие e-mail", "Other e-mails")] = ", ".join(others)
        if invalid:
            extra[tr("E-mail (неверный)", "E-mail (invalid)")] = ", ".join(invalid)
            for address in invalid:
                warn(
                    tr(
                        "e-mail «{v}» неверный: сохранён как дополнительные данные",
                        'the e-mail "{v}" is invalid: kept as extra data',
                        v=address[:60],
                    )
                )
        return email

    @staticmethod
    def _name(get: Callable[[Field], str]) -> tuple[str, str, str, str, bool]:
        """(surname, first name, patronymic, the name as typed, whether the order is a guess)."""
        full = get("full_name")
        last, first, middle = get("last_name"), get("first_name"), get("middle_name")
        original = full or " ".join(p for p in (last, first, middle) if p)
        if full and not (last or first):
            split = split_full_name(full)
            middle_name = split.middle or tidy_words(middle)
            return split.last, split.first, middle_name, original, split.guessed
        # Separate boxes, the whole name perhaps typed into one of them.
        split = split_name_fields(last, first, middle)
        return split.last, split.first, split.middle, original, split.guessed


def _badge_code(cell: str) -> str:
    """A badge code as the desk writes it (any case), else ""."""
    code = cell.strip().upper()
    return code if CODE_RE.match(code) else ""


def _team_problem(raw: str, size: int | None, minimum: int) -> str | None:
    if not raw:
        return tr(
            "командный тариф без количества человек",
            "a team tariff without the number of people",
        )
    if size is None:
        return tr(
            "количество человек «{v}» — не число",
            'the number of people "{v}" is not a number',
            v=raw[:20],
        )
    if size < minimum:
        return tr(
            "команда из {k} — меньше минимума ({n})",
            "a team of {k} is below the minimum ({n})",
            k=size,
            n=minimum,
        )
    if size > MAX_TEAM:
        return tr(
            "слишком большая команда ({k}; можно до {n})",
            "the team is too large ({k}; up to {n})",
            k=size,
            n=MAX_TEAM,
        )
    return None
