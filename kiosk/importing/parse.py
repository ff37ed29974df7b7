"""Turning table rows into registrations: names split, phones normalised, tariffs recognised.

A row that cannot be used is rejected with its line number and a reason a person can act on;
everything else becomes an `ImportRow`. Nothing here touches the database: merging the same
person across rows and with earlier imports is the importing service's job (see `dedupe_key`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Final, get_args

from email_validator import EmailNotValidError, validate_email

from kiosk.config import Event, Tariff
from kiosk.i18n import tr
from kiosk.importing.columns import Field, match_columns, names_a_person
from kiosk.importing.names import split_full_name, tidy
from kiosk.importing.reader import ImportFileError, Table
from kiosk.phones import InvalidPhone, normalize_phone
from kiosk.text import clean, clean_multiline, fold, has_forbidden_chars

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
_DAY_FIRST: Final = re.compile(
    r"(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?:[\sT,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)
_NUMBER: Final = re.compile(r"\d+(?:[.,]\d+)?")
_EXCEL_EPOCH: Final = datetime(1899, 12, 30)


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


def dedupe_key(row: ImportRow) -> str | None:
    """The same person is the same phone, else the same e-mail; None if neither is known."""
    return row.phone or row.email


@dataclass(frozen=True)
class Rejection:
    line: int
    reason: str


@dataclass(frozen=True)
class RowWarning:
    """A row that went in, but with something left out or not understood."""

    line: int
    message: str


@dataclass(frozen=True)
class ParseResult:
    rows: list[ImportRow]
    rejected: list[Rejection]
    warnings: list[RowWarning] = field(default_factory=list)


class TariffNames:
    """Finds the tariff a text names by its code, title or an alias.

    The longest spelling found wins, so «Два дня Форума Комфорт» is the comfort package and
    not comfort. Results are remembered: an export repeats the same few form names.
    """

    def __init__(self, event: Event) -> None:
        spellings = {
            fold(name): tariff
            for tariff in event.tariffs
            for name in (
                tariff.code,
                tariff.title,
                tariff.title_en,
                tariff.short_title,
                *tariff.aliases,
            )
            if fold(name)
        }
        self._patterns = [
            (re.compile(rf"(?<!\w){re.escape(spelled)}(?!\w)"), tariff)
            for spelled, tariff in sorted(spellings.items(), key=lambda kv: -len(kv[0]))
        ]
        self._seen: dict[str, Tariff | None] = {}

    def find(self, text: str) -> Tariff | None:
        if text not in self._seen:
            key = fold(text)
            self._seen[text] = next((t for p, t in self._patterns if p.search(key)), None)
        return self._seen[text]


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


@lru_cache(maxsize=4096)
def parse_submitted(value: str) -> datetime | None:
    """«12.11.2026 14:03», «12.11.26», ISO 8601, or an Excel day number (46338.58)."""
    text = value.strip()
    if not text:
        return None
    match = _DAY_FIRST.fullmatch(text)
    if match:
        day, month, year, hour, minute, second = match.groups()
        full_year = int(year) + 2000 if len(year) == 2 else int(year)
        try:
            return datetime(
                full_year,
                int(month),
                int(day),
                int(hour or 0),
                int(minute or 0),
                int(second or 0),
            )
        except ValueError:
            return None
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
def _email(raw: str) -> str | None:
    try:
        return validate_email(raw, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None


def parse_table(table: Table, event: Event) -> ParseResult:
    """Check every row of a table read by `read_table`; never raises for a bad row."""
    columns = match_columns(table.headers)
    if not names_a_person(columns):
        raise ImportFileError(
            tr(
                "Не нашлось столбцов с именем или телефоном. Заголовки файла: {h}",
                "No name or phone column found. The file's headers: {h}",
                h=", ".join(h for h in table.headers if h)[:300] or "—",
            )
        )
    parser = _RowParser(table.headers, columns, event)
    result = ParseResult([], [])
    for line, cells in table.rows:
        row = parser.parse(line, cells, result.warnings)
        if isinstance(row, Rejection):
            result.rejected.append(row)
        else:
            result.rows.append(row)
    return result


class _RowParser:
    """Parses the rows of one table: the column layout and tariff lookups are worked out once."""

    def __init__(self, headers: list[str], columns: dict[Field, int], event: Event) -> None:
        self.width = len(headers)
        # Every field has an index; a field without a column points at the "" added at the
        # end of each row, so reading a field never needs a check.
        self.index: dict[Field, int] = {f: columns.get(f, self.width) for f in get_args(Field)}
        known = set(columns.values())
        self.unknown: list[tuple[int, str]] = []
        taken: set[str] = set()
        for index, header in enumerate(headers):
            if index in known:
                continue
            name = clean(header) or tr("Столбец {n}", "Column {n}", n=index + 1)
            while name in taken:  # two columns with one header must not overwrite each other
                name = f"{name} ({index + 1})"
            taken.add(name)
            self.unknown.append((index, name))
        self.tariffs = TariffNames(event)

    def parse(self, line: int, raw: list[str], warnings: list[RowWarning]) -> ImportRow | Rejection:
        if any(has_forbidden_chars(c) for c in raw):
            return Rejection(
                line, tr("в строке есть двоичные данные", "the row contains binary data")
            )
        cells = [clean(c) for c in raw[: self.width]]
        cells.extend([""] * (self.width + 1 - len(cells)))
        index = self.index

        def get(name: Field) -> str:
            return cells[index[name]]

        # Columns kept as they are may hold several lines (a comment): only the line breaks
        # and tabs of those stay, no other control character.
        extra = {name: clean_multiline(raw[i]) for i, name in self.unknown if cells[i]}

        last, first, middle, original = self._name(get)
        raw_phone = get("phone")
        if not (last or first) and not raw_phone:
            return Rejection(line, tr("нет ни имени, ни телефона", "neither a name nor a phone"))
        phone = _phone(raw_phone) if raw_phone else None
        if raw_phone and phone is None:
            return Rejection(
                line,
                tr(
                    "телефон «{v}» не похож на номер телефона",
                    'the phone "{v}" does not look like a phone number',
                    v=raw_phone[:40],
                ),
            )
        if max(len(last), len(first), len(middle)) > MAX_NAME:
            return Rejection(line, tr("слишком длинное имя", "the name is too long"))

        form = get("form")
        tariff_text = get("tariff")
        tariff = self.tariffs.find(tariff_text) if tariff_text else None
        if tariff is None and form:
            tariff = self.tariffs.find(form)
        if tariff is None:
            named = tariff_text or form
            return Rejection(
                line,
                tr("неизвестный тариф «{v}»", 'unknown tariff "{v}"', v=named[:60])
                if named
                else tr(
                    "не указан тариф (ни в столбце тарифа, ни в названии формы)",
                    "no tariff (neither a tariff column nor a form name)",
                ),
            )

        team_size = None
        raw_size = get("team_size")
        if tariff.min_participants:
            team_size = parse_team_size(raw_size)
            problem = _team_problem(raw_size, team_size, tariff.min_participants)
            if problem:
                return Rejection(line, problem)
        elif raw_size:
            extra[tr("Количество человек", "Team size")] = raw_size

        email = None
        raw_email = get("email")
        if raw_email:
            email = _email(raw_email)
            if email is None:
                extra[tr("E-mail (неверный)", "E-mail (invalid)")] = raw_email
                warnings.append(
                    RowWarning(
                        line,
                        tr(
                            "e-mail «{v}» неверный: сохранён как дополнительные данные",
                            'the e-mail "{v}" is invalid: kept as extra data',
                            v=raw_email[:60],
                        ),
                    )
                )

        raw_paid = get("paid")
        paid = parse_paid(raw_paid) if raw_paid else None
        if raw_paid and paid is None:
            extra[tr("Оплата", "Payment")] = raw_paid
            warnings.append(
                RowWarning(
                    line,
                    tr(
                        "не понятно, оплачено ли: «{v}»",
                        'cannot tell whether "{v}" means paid',
                        v=raw_paid[:40],
                    ),
                )
            )

        raw_when = get("submitted_at")
        submitted_at = parse_submitted(raw_when) if raw_when else None
        if raw_when and submitted_at is None:
            extra[tr("Дата заявки", "Submitted")] = raw_when

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
            tariff=tariff.code,
            team_size=team_size,
            paid=paid,
            call_time=get("call_time")[:MAX_TEXT],
            submitted_at=submitted_at,
            form=form[:300],
            extra=extra,
        )

    @staticmethod
    def _name(get: Callable[[Field], str]) -> tuple[str, str, str, str]:
        """(surname, first name, patronymic, the name as typed)."""
        full = get("full_name")
        last, first, middle = get("last_name"), get("first_name"), get("middle_name")
        original = full or " ".join(p for p in (last, first, middle) if p)
        if full and not (last or first):
            split = split_full_name(full)
            return split.last, split.first, split.middle or _tidy_words(middle), original
        if " " in last and not (first or middle):
            # The whole name typed into the surname box.
            split = split_full_name(last)
            return split.last, split.first, split.middle, original
        return _tidy_words(last), _tidy_words(first), _tidy_words(middle), original


def _tidy_words(text: str) -> str:
    return " ".join(tidy(w) for w in text.split())


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
