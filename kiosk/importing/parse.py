"""Turning table rows into registrations: names split, phones normalised, tariffs recognised.

A row that cannot be used is rejected with its line number and a reason a person can act on;
everything else becomes an `ImportRow`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from email_validator import EmailNotValidError, validate_email

from kiosk.config import Event, Tariff
from kiosk.i18n import tr
from kiosk.importing.columns import match_columns
from kiosk.importing.names import split_full_name, tidy
from kiosk.importing.reader import ImportFileError, Table
from kiosk.phones import InvalidPhone, normalize_phone
from kiosk.text import clean, fold, has_forbidden_chars

MAX_TEAM: Final = 200
_YES: Final = {
    "да",
    "yes",
    "y",
    "true",
    "1",
    "оплачено",
    "оплачен",
    "оплачена",
    "paid",
    "✓",
    "+",
    "v",
    "x",
    "есть",
}
_NO: Final = {"нет", "no", "n", "false", "0", "не оплачено", "неоплачено", "unpaid", "-", ""}
_DATE_FORMATS: Final = (
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
)


@dataclass(frozen=True)
class ImportRow:
    line: int
    last_name: str
    first_name: str
    middle_name: str
    original_name: str
    phone: str | None
    email: str | None
    company: str
    position: str
    tariff: str
    team_size: int | None
    paid: bool | None
    call_time: str
    submitted_at: datetime | None
    form: str
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str | None:
        """The same person is the same phone, else the same e-mail."""
        return self.phone or (f"email:{self.email}" if self.email else None)


@dataclass(frozen=True)
class Rejection:
    line: int
    reason: str


@dataclass(frozen=True)
class ParseResult:
    rows: list[ImportRow]
    rejected: list[Rejection]


class TariffNames:
    """Finds the tariff a text names by its code, title or an alias.

    The longest spelling found wins, so «Два дня Форума Комфорт» is the comfort package and
    not comfort. Results are remembered: an export repeats the same form names.
    """

    def __init__(self, event: Event) -> None:
        spellings = {
            fold(name): tariff
            for tariff in event.tariffs
            for name in (tariff.code, tariff.title, tariff.short_title, *tariff.aliases)
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


def _paid(value: str) -> bool | None:
    text = fold(value).strip()
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    digits = re.sub(r"[^\d.,]", "", text).replace(",", ".")
    try:
        return float(digits) > 0
    except ValueError:
        return None


def _when(value: str) -> datetime | None:
    text = value.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def parse_table(table: Table, event: Event) -> ParseResult:
    columns = match_columns(table.headers)
    has_name = any(k in columns for k in ("full_name", "last_name", "first_name"))
    if not has_name and "phone" not in columns:
        raise ImportFileError(
            tr(
                "Не нашлось столбцов с именем или телефоном. Заголовки файла: {h}",
                "No name or phone column found. The file's headers: {h}",
                h=", ".join(h for h in table.headers if h)[:300] or "—",
            )
        )
    known = set(columns.values())
    unknown = [(i, h or f"#{i + 1}") for i, h in enumerate(table.headers) if i not in known]
    tariffs = TariffNames(event)
    rows: list[ImportRow] = []
    rejected: list[Rejection] = []
    for line, raw in table.rows:
        if any(has_forbidden_chars(c) for c in raw):
            rejected.append(
                Rejection(line, tr("в строке есть двоичные данные", "the row contains binary data"))
            )
            continue
        cells = [clean(c) for c in raw]

        def cell(name: str, cells: list[str] = cells) -> str:
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        extra = {header: cells[i] for i, header in unknown if i < len(cells) and cells[i]}
        result = _row(line, cell, extra, tariffs)
        if isinstance(result, Rejection):
            rejected.append(result)
        else:
            rows.append(result)
    return ParseResult(rows, rejected)


def _row(
    line: int, get: Callable[[str], str], extra: dict[str, str], tariffs: TariffNames
) -> ImportRow | Rejection:
    """One row; `get(field)` is the cleaned text of that field's column."""
    full = get("full_name")
    last, first, middle = get("last_name"), get("first_name"), get("middle_name")
    original = full or " ".join(p for p in (last, first, middle) if p)
    if full and not (last or first):
        split = split_full_name(full)
        last, first, middle = split.last, split.first, split.middle or middle
    last, first, middle = (
        " ".join(tidy(w) for w in part.split()) for part in (last, first, middle)
    )
    raw_phone = get("phone")
    if not (last or first) and not raw_phone:
        return Rejection(line, tr("нет ни имени, ни телефона", "neither a name nor a phone"))
    phone = None
    if raw_phone:
        try:
            phone = normalize_phone(raw_phone)
        except InvalidPhone:
            return Rejection(
                line,
                tr(
                    "телефон «{v}» не похож на номер телефона",
                    'the phone "{v}" does not look like a phone number',
                    v=raw_phone[:40],
                ),
            )
    if len(last) > 100 or len(first) > 100 or len(middle) > 100:
        return Rejection(line, tr("слишком длинное имя", "the name is too long"))
    email = None
    raw_email = get("email")
    if raw_email:
        try:
            email = str(validate_email(raw_email, check_deliverability=False).normalized).lower()
        except EmailNotValidError:
            extra[tr("E-mail (неверный)", "E-mail (invalid)")] = raw_email
    form = get("form")
    tariff_text = get("tariff")
    tariff = tariffs.find(tariff_text) if tariff_text else None
    if tariff is None and form:
        tariff = tariffs.find(form)
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
        digits = re.sub(r"\D", "", raw_size)
        if not digits:
            return Rejection(
                line,
                tr(
                    "командный тариф без количества человек",
                    "a team tariff without the number of people",
                )
                if not raw_size
                else tr(
                    "количество человек «{v}» — не число",
                    'the number of people "{v}" is not a number',
                    v=raw_size[:20],
                ),
            )
        team_size = int(digits[:4])
        if team_size < tariff.min_participants:
            return Rejection(
                line,
                tr(
                    "команда из {k} — меньше минимума ({n})",
                    "a team of {k} is below the minimum ({n})",
                    k=team_size,
                    n=tariff.min_participants,
                ),
            )
        if team_size > MAX_TEAM:
            return Rejection(
                line, tr("слишком большая команда ({k})", "team too large ({k})", k=team_size)
            )
    elif raw_size:
        extra[tr("Количество человек", "Team size")] = raw_size
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
        company=get("company")[:200],
        position=get("position")[:200],
        tariff=tariff.code,
        team_size=team_size,
        paid=_paid(get("paid")),
        call_time=get("call_time")[:200],
        submitted_at=_when(get("submitted_at")),
        form=form[:300],
        extra=extra,
    )
