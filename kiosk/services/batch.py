"""Entering a paper list afterwards: badge codes ticked on paper (typed, or scanned after the
fact) recorded as check-ins entered afterwards, each with its outcome.

Every code is one check-in of its own (kiosk.services.checkin, `afterwards=True`), so the
database's unique (attendee, day) row keeps anything from being counted twice: a code already
checked in that day, by a scan at the door or twice on the list, comes back «already checked
in». The reason goes to the audit entry of every check-in. A line that is refused (a typo,
someone unpaid) is reported to the operator in the result and nowhere else: it is no refusal
at the door, and entering the list again after fixing a line adds nothing to the refused scans.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Final

from kiosk.files import ADatabaseInUse, NotARegularFile, open_regular_file
from kiosk.i18n import os_reason, tr
from kiosk.rules import Outcome
from kiosk.services import checkin
from kiosk.services.checkin import MAX_REASON, CheckInResult
from kiosk.services.context import Desk
from kiosk.services.errors import ValidationError
from kiosk.text import clean, clean_multiline, quote

MAX_FILE_BYTES: Final = 1 * 2**20
MAX_CODES: Final = 5_000
"""More lines than an event has people: not a list of badge codes."""


@dataclass(frozen=True)
class CodeLine:
    line: int
    """The line number in the file (1 for the first)."""
    code: str
    """The code as written (one line, cut short)."""


@dataclass(frozen=True)
class BatchLine:
    line: int
    code: str
    result: CheckInResult

    @property
    def recorded(self) -> bool:
        return self.result.status is Outcome.CHECKED_IN

    @property
    def refused(self) -> bool:
        return self.result.status not in (Outcome.CHECKED_IN, Outcome.ALREADY_CHECKED_IN)


@dataclass(frozen=True)
class BatchResult:
    day: date
    arrived: time | None
    lines: tuple[BatchLine, ...]

    @property
    def recorded(self) -> int:
        return sum(1 for line in self.lines if line.recorded)

    @property
    def already(self) -> int:
        return sum(1 for line in self.lines if line.result.status is Outcome.ALREADY_CHECKED_IN)

    @property
    def refused(self) -> int:
        return sum(1 for line in self.lines if line.refused)

    @property
    def complete(self) -> bool:
        """Every code was recorded now or was in already."""
        return self.refused == 0


def parse_codes(text: str) -> list[CodeLine]:
    """One code a line; empty lines and lines starting with # are skipped."""
    codes = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = clean(raw)
        if line and not line.startswith("#"):
            codes.append(CodeLine(number, line[:60]))
    if len(codes) > MAX_CODES:
        raise ValidationError(
            tr(
                "Слишком много строк: {n} (не больше {m})",
                "Too many lines: {n} (at most {m})",
                n=len(codes),
                m=MAX_CODES,
            ),
            "file",
        )
    return codes


def read_codes(path: str | Path) -> list[CodeLine]:
    """The codes of a text file (UTF-8, UTF-16 with its mark, or Windows-1251)."""
    target = Path(path).expanduser()
    try:
        with open_regular_file(target) as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except ADatabaseInUse:
        raise ValidationError(
            tr(
                "{p} — файл базы данных стойки, а не список кодов",
                "{p} is the desk's database file, not a list of codes",
                p=quote(str(target), 200),
            ),
            "file",
        ) from None
    except NotARegularFile:
        raise ValidationError(
            tr(
                "{p} — не файл (папка, устройство или канал); для стандартного ввода укажите -",
                "{p} is not a file (a folder, a device or a pipe); for stdin give -",
                p=quote(str(target), 200),
            ),
            "file",
        ) from None
    except OSError as exc:
        raise ValidationError(
            tr(
                "Файл {p} не читается: {e}",
                "Cannot read the file {p}: {e}",
                p=quote(str(target), 200),
                e=os_reason(exc),
            ),
            "file",
        ) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ValidationError(
            tr(
                "{p}: слишком большой для списка кодов (больше 1 МБ)",
                "{p}: too big for a list of codes (over 1 MB)",
                p=quote(str(target), 200),
            ),
            "file",
        )
    return parse_codes(_decode(raw))


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1251", errors="replace")


def check_reason(reason: str) -> str:
    """The reason every check-in of the list carries in the audit log: required."""
    reason = clean_multiline(reason)
    if not reason:
        raise ValidationError(
            tr(
                "Укажите причину: почему отметки вносятся позже (она попадёт в журнал)",
                "Give the reason the check-ins are entered afterwards (it goes to the audit log)",
            ),
            "reason",
        )
    if len(reason) > MAX_REASON:
        raise ValidationError(
            tr(
                "Причина слишком длинная (до {n} символов)",
                "The reason is too long (up to {n} characters)",
                n=MAX_REASON,
            ),
            "reason",
        )
    return reason


def arrival_moment(desk: Desk, day: date, arrived: time | None) -> datetime | None:
    """When the people on the list arrived, at the venue; refused when it is still ahead."""
    if arrived is None:
        return None
    moment = datetime.combine(day, arrived, tzinfo=desk.event.tz)
    if moment > desk.now():
        raise ValidationError(
            tr(
                "Время прихода {t} {d:%d.%m} ещё не наступило",
                "The arrival time {t} on {d:%d.%m} has not come yet",
                t=arrived.strftime("%H:%M"),
                d=day,
            ),
            "time",
        )
    return moment


def check_in_batch(
    desk: Desk,
    codes: Sequence[CodeLine],
    *,
    day: date,
    reason: str,
    arrived: time | None = None,
) -> BatchResult:
    """Record every code as checked in on `day`, entered afterwards (at `arrived` when it is
    known, else without an arrival time), the reason in each audit entry."""
    reason = check_reason(reason)
    if desk.event.day(day) is None:
        raise ValidationError(
            tr("{d:%d.%m.%Y} — не день события", "{d:%Y-%m-%d} is not an event day", d=day), "day"
        )
    if day > desk.today():
        raise ValidationError(
            tr(
                "{d:%d.%m.%Y} ещё не наступил: отметки вносят за прошедший или сегодняшний день",
                "{d:%Y-%m-%d} has not come yet: lists are entered for today or a past day",
                d=day,
            ),
            "day",
        )
    if not codes:
        raise ValidationError(tr("В списке нет кодов", "The list holds no codes"), "file")
    at = arrival_moment(desk, day, arrived)
    lines = tuple(
        BatchLine(
            entry.line,
            entry.code,
            checkin.check_in(
                desk,
                entry.code,
                day=day,
                at=at,
                afterwards=True,
                reason=reason,
                record_refusals=frozenset(),
            ),
        )
        for entry in codes
    )
    return BatchResult(day, arrived, lines)
