"""The event file: one TOML file describing an event, loaded into frozen dataclasses.

Everything about an event (days, tariffs, prices, badge categories) lives in that file; code
paths never hard-code it. A wrong file is reported as one `EventFileError` naming the key.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.files import NotARegularFile, open_regular_file
from kiosk.i18n import os_reason, tr
from kiosk.text import quote

RESOURCES: Final = Path(__file__).resolve().parent.parent / "resources"
DEFAULT_EVENT_FILE: Final = RESOURCES / "events" / "servicenext-2026.toml"

PARTICIPANT: Final = "participant"
"""The category of everybody who holds a tariff (as opposed to the free categories)."""

DEFAULT_CONSENT: Final = (
    "Я даю согласие организатору мероприятия на обработку моих персональных данных "
    "(фамилия, имя, отчество, телефон, e-mail, компания, должность) для регистрации и участия "
    "в мероприятии, в соответствии с Федеральным законом от 27.07.2006 № 152-ФЗ "
    "«О персональных данных». Согласие можно отозвать, написав организатору."
)
DEFAULT_CONSENT_EN: Final = (
    "I consent to the event organiser processing my personal data (surname, first name, "
    "patronymic, phone, e-mail, company, position) for registration and attendance, under "
    "Russian Federal Law No. 152-FZ of 27.07.2006 on personal data. I may withdraw this consent "
    "by writing to the organiser."
)

DEFAULT_RETENTION_DAYS: Final = 30
"""Days after the event's end that attendees' personal data is kept (152-FZ art. 21: destroy
within 30 days once the purpose is reached); the event file's `retention_days` overrides it."""
MAX_EVENT_FILE_BYTES: Final = 4 * 2**20
"""An event file is a few kilobytes; anything this big is not one (and /dev/zero never ends)."""

_CODE_RE: Final = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_COLOR_RE: Final = re.compile(r"^#[0-9A-Fa-f]{6}$")


class EventFileError(Exception):
    """The event file cannot be used; the message names the file, the key and the problem."""


class DayKind(StrEnum):
    TRAINING = "training"
    CONFERENCE = "conference"


@dataclass(frozen=True)
class EventDay:
    date: date
    kind: DayKind
    title: str
    title_en: str
    opens: time | None = None
    closes: time | None = None


@dataclass(frozen=True)
class Tariff:
    code: str
    title: str
    title_en: str
    price: int
    days: tuple[date, ...]
    badge_label: str
    badge_color: str
    list_price: int | None = None
    min_participants: int | None = None
    per_participant: bool = False
    aliases: tuple[str, ...] = ()
    upgrade_to: tuple[str, ...] | None = None
    short_title: str = ""
    """For tight places (the results table, the status strip); the title when not given."""
    price_days_left: int | None = None
    """The price once one of its days is over (the days left only); without it, a tariff
    whose first day has passed is not sold as if it were all ahead."""

    def includes(self, day: date) -> bool:
        return day in self.days

    def days_over(self, today: date) -> tuple[date, ...]:
        """Its days that are already over at the venue."""
        return tuple(d for d in self.days if d < today)

    def on_sale(self, today: date) -> bool:
        """Whether it can be sold today as it stands: every day ahead, or a price for the
        days left."""
        return not self.days_over(today) or self.price_days_left is not None

    def price_on(self, today: date) -> int:
        """What it costs when sold on `today` (per participant for a team)."""
        if self.days_over(today) and self.price_days_left is not None:
            return self.price_days_left
        return self.price


@dataclass(frozen=True)
class Category:
    """A free badge category (speaker, organiser, …): entry on its days, nothing to pay."""

    code: str
    title: str
    title_en: str
    badge_label: str
    badge_color: str
    days: tuple[date, ...]

    def includes(self, day: date) -> bool:
        return day in self.days


@dataclass(frozen=True)
class Upgrade:
    """A tariff the desk can sell to open a day, and what is left to pay for it."""

    tariff: Tariff
    difference: int


@dataclass(frozen=True)
class Event:
    id: str
    name: str
    short_name: str
    city: str
    venue: str
    timezone: str
    currency: str
    contacts: tuple[str, ...]
    days: tuple[EventDay, ...]
    tariffs: tuple[Tariff, ...]
    categories: tuple[Category, ...]
    short_name_en: str = ""
    """The short name in English, where it differs (the kiosk's English screens)."""
    city_en: str = ""
    consent: str = DEFAULT_CONSENT
    """The consent to personal-data processing (152-FZ) that a walk-in accepts."""
    consent_en: str = DEFAULT_CONSENT_EN
    retention_days: int = DEFAULT_RETENTION_DAYS
    """How long after the end attendees' personal data is kept (`kiosk purge --after-event`)."""
    source: Path | None = None

    @cached_property
    def tz(self) -> tzinfo:
        return ZoneInfo(self.timezone)

    def local_time(self, now: datetime) -> datetime:
        """`now` (an aware datetime) as wall-clock time at the venue."""
        if now.tzinfo is None:
            raise ValueError("naive datetime: pass an aware one")
        return now.astimezone(self.tz)

    def local_date(self, now: datetime) -> date:
        """The calendar date at the venue at the moment `now`, whatever the computer's zone."""
        return self.local_time(now).date()

    @property
    def ends_at(self) -> datetime:
        """The end of the last day at the venue: its closing time, else its midnight."""
        last = self.days[-1]
        if last.closes is not None:
            return datetime.combine(last.date, last.closes, tzinfo=self.tz)
        return datetime.combine(last.date + timedelta(days=1), time(0), tzinfo=self.tz)

    def day(self, on: date) -> EventDay | None:
        return self._days_by_date.get(on)

    # Looked up at every scan (kiosk.rules.decide): dictionaries made once, each keeping the
    # first of a key as the search through the tuple did.
    @cached_property
    def _days_by_date(self) -> dict[date, EventDay]:
        return {d.date: d for d in reversed(self.days)}

    def day_at(self, now: datetime) -> EventDay | None:
        """The event day under way at the venue at `now`, if any."""
        return self.day(self.local_date(now))

    def title_in(self, language: str) -> tuple[str, str]:
        """(short name, city) for the interface language."""
        if language == "en":
            return self.short_name_en or self.short_name, self.city_en or self.city
        return self.short_name, self.city

    def tariff(self, code: str) -> Tariff | None:
        return self._tariffs_by_code.get(code)

    def category(self, code: str) -> Category | None:
        return self._categories_by_code.get(code)

    @cached_property
    def _tariffs_by_code(self) -> dict[str, Tariff]:
        return {t.code: t for t in reversed(self.tariffs)}

    @cached_property
    def _categories_by_code(self) -> dict[str, Category]:
        return {c.code: c for c in reversed(self.categories)}

    def entitled_days(self, category: str, tariff: str | None) -> tuple[date, ...]:
        """The days a person of this category/tariff may enter."""
        if category != PARTICIPANT:
            found = self.category(category)
            return found.days if found else ()
        tariff_found = self.tariff(tariff) if tariff else None
        return tariff_found.days if tariff_found else ()

    def upgrades(self, tariff_code: str | None, day: date) -> tuple[Upgrade, ...]:
        """Tariffs that would open `day` for a holder of `tariff_code`, with the difference.

        The file's `upgrade_to` list is used when given; otherwise every tariff that includes
        `day` and all the current tariff's days and costs at least as much.
        """
        current = self.tariff(tariff_code) if tariff_code else None
        base_price = current.price if current else 0
        if current is not None and current.upgrade_to is not None:
            candidates = [t for code in current.upgrade_to if (t := self.tariff(code))]
        else:
            held = set(current.days) if current else set()
            candidates = sorted(
                (
                    t
                    for t in self.tariffs
                    if t is not current
                    and held <= set(t.days)
                    and t.price >= base_price
                    and not t.min_participants
                ),
                key=lambda t: t.price,
            )
        return tuple(
            Upgrade(t, max(t.price - base_price, 0))
            for t in candidates
            if t.includes(day) and t is not current
        )


def load_event(path: str | os.PathLike[str] | None = None) -> Event:
    """Load and validate an event file (default: `KIOSK_EVENT`, else the bundled forum)."""
    chosen = Path(path or os.environ.get("KIOSK_EVENT") or DEFAULT_EVENT_FILE)
    try:
        raw = _read_event_file(chosen)
    except FileNotFoundError:
        raise EventFileError(
            tr("Файл события не найден: {p}", "Event file not found: {p}", p=quote(chosen, 200))
        ) from None
    except IsADirectoryError:
        raise EventFileError(
            tr(
                "{p} — не файл события (это папка или устройство)",
                "{p} is not an event file (it is a folder or a device)",
                p=quote(chosen, 200),
            )
        ) from None
    except OSError as exc:
        raise EventFileError(
            tr(
                "Файл события не читается: {p} ({e})",
                "Cannot read the event file: {p} ({e})",
                p=quote(chosen, 200),
                e=os_reason(exc),
            )
        ) from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise EventFileError(
            tr(
                "{p}: файл события должен быть в кодировке UTF-8",
                "{p}: the event file must be UTF-8 text",
                p=chosen,
            )
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise EventFileError(
            tr("{p}: ошибка TOML: {e}", "{p}: TOML syntax error: {e}", p=chosen, e=exc)
        ) from None
    return parse_event(data, source=chosen)


def _read_event_file(path: Path) -> bytes:
    """The file's bytes, if it is a regular file of an event file's size (a device, a FIFO or
    a huge file is refused before anything is read: /dev/zero took 7.6 GB)."""
    try:
        stream = open_regular_file(path)
    except NotARegularFile:
        raise EventFileError(
            tr(
                "{p} — не файл события (это папка или устройство)",
                "{p} is not an event file (it is a folder or a device)",
                p=quote(path, 200),
            )
        ) from None
    with stream:
        raw = stream.read(MAX_EVENT_FILE_BYTES + 1)
    if len(raw) > MAX_EVENT_FILE_BYTES:
        raise EventFileError(
            tr(
                "{p}: слишком большой для файла события (больше {n} МБ)",
                "{p}: too big for an event file (over {n} MB)",
                p=quote(path, 200),
                n=MAX_EVENT_FILE_BYTES // 2**20,
            )
        )
    return raw


class _Reader:
    """Reads typed values out of the parsed TOML, raising errors that name the key."""

    def __init__(self, source: Path | None) -> None:
        self.source = source

    def fail(self, key: str, ru: str, en: str, **params: object) -> EventFileError:
        where = f"{self.source.name}: " if self.source else ""
        return EventFileError(f"{where}{key}: {tr(ru, en, **params)}")

    def table(self, data: Mapping[str, Any], key: str, path: str) -> Mapping[str, Any]:
        value = data.get(key)
        if not isinstance(value, Mapping):
            raise self.fail(path, "нужна таблица [{k}]", "a [{k}] table is required", k=key)
        return value

    def tables(self, data: Mapping[str, Any], key: str, *, required: bool) -> list[Any]:
        value = data.get(key, None)
        if value is None:
            if required:
                raise self.fail(
                    key,
                    "нужен хотя бы один раздел [[{k}]]",
                    "at least one [[{k}]] section is required",
                    k=key,
                )
            return []
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            raise self.fail(key, "должен быть список [[{k}]]", "must be [[{k}]] tables", k=key)
        return value

    def text(self, data: Mapping[str, Any], key: str, path: str, default: str | None = None) -> str:
        value = data.get(key, default)
        if value is None:
            raise self.fail(f"{path}.{key}", "обязательное поле", "is required")
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{path}.{key}", "нужна непустая строка", "must be a non-empty string")
        return value.strip()

    def money(self, data: Mapping[str, Any], key: str, path: str, *, required: bool) -> int | None:
        value = data.get(key)
        if value is None:
            if required:
                raise self.fail(f"{path}.{key}", "обязательное поле", "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(
                f"{path}.{key}",
                "нужно целое число рублей, не меньше 0 (получено {v!r})",
                "must be a whole number of roubles, 0 or more (got {v!r})",
                v=value,
            )
        return value

    def clock(self, data: Mapping[str, Any], key: str, path: str) -> time | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, time):
            return value
        if isinstance(value, str):
            try:
                return time.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(f"{path}.{key}", 'нужно время вида "09:00"', 'must be a time like "09:00"')

    def code(self, data: Mapping[str, Any], path: str) -> str:
        value = self.text(data, "code", path)
        if not _CODE_RE.match(value):
            raise self.fail(
                f"{path}.code",
                "код «{v}»: только строчные латинские буквы, цифры и _, с буквы",
                'code "{v}": lower-case Latin letters, digits and _, starting with a letter',
                v=value,
            )
        return value

    def color(self, data: Mapping[str, Any], path: str) -> str:
        value = self.text(data, "badge_color", path, default="#555555")
        if not _COLOR_RE.match(value):
            raise self.fail(
                f"{path}.badge_color",
                'цвет «{v}» должен быть вида "#1E6FB8"',
                'colour "{v}" must look like "#1E6FB8"',
                v=value,
            )
        return value.upper()

    def strings(self, data: Mapping[str, Any], key: str, path: str) -> tuple[str, ...] | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(
                f"{path}.{key}",
                "нужен список непустых строк",
                "must be a list of non-empty strings",
            )
        return tuple(v.strip() for v in value)


def parse_event(data: Mapping[str, Any], source: Path | None = None) -> Event:
    """Validate parsed TOML and build the `Event`; raises `EventFileError`."""
    r = _Reader(source)
    head = r.table(data, "event", "event")
    timezone = r.text(head, "timezone", "event")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise r.fail(
            "event.timezone",
            'неизвестный часовой пояс «{v}» (пример: "Asia/Vladivostok")',
            'unknown time zone "{v}" (example: "Asia/Vladivostok")',
            v=timezone,
        ) from None
    event_id = r.text(head, "id", "event")
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", event_id):
        raise r.fail(
            "event.id",
            "идентификатор «{v}»: латинские буквы, цифры, . _ -",
            'id "{v}": Latin letters, digits, . _ -',
            v=event_id,
        )
    contacts = r.strings(head, "contacts", "event") or ()

    days = _parse_days(r, r.tables(data, "days", required=True))
    tariffs = _parse_tariffs(r, r.tables(data, "tariffs", required=True), days)
    categories = _parse_categories(r, r.tables(data, "categories", required=False), days)

    codes = [t.code for t in tariffs] + [c.code for c in categories] + [PARTICIPANT]
    duplicate = next((c for c in codes if codes.count(c) > 1), None)
    if duplicate:
        raise r.fail(
            "tariffs/categories",
            "код «{v}» встречается дважды",
            'code "{v}" is used twice',
            v=duplicate,
        )
    for i, tariff in enumerate(tariffs):
        for target in tariff.upgrade_to or ():
            if target not in {t.code for t in tariffs}:
                raise r.fail(
                    f"tariffs[{i}].upgrade_to",
                    "нет тарифа с кодом «{v}»",
                    'there is no tariff with code "{v}"',
                    v=target,
                )

    return Event(
        id=event_id,
        name=r.text(head, "name", "event"),
        short_name=r.text(head, "short_name", "event", default=head.get("name")),
        city=r.text(head, "city", "event", default=""),
        venue=r.text(head, "venue", "event", default=""),
        timezone=timezone,
        currency=r.text(head, "currency", "event", default="RUB"),
        contacts=contacts,
        days=days,
        tariffs=tariffs,
        categories=categories,
        short_name_en=r.text(head, "short_name_en", "event") if "short_name_en" in head else "",
        city_en=r.text(head, "city_en", "event") if "city_en" in head else "",
        consent=" ".join(r.text(head, "consent", "event", default=DEFAULT_CONSENT).split()),
        consent_en=" ".join(
            r.text(head, "consent_en", "event", default=DEFAULT_CONSENT_EN).split()
        ),
        retention_days=_retention_days(r, head),
        source=source,
    )


def _retention_days(r: _Reader, head: Mapping[str, Any]) -> int:
    value = head.get("retention_days", DEFAULT_RETENTION_DAYS)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3650:
        raise r.fail(
            "event.retention_days",
            "нужно целое число дней от 0 до 3650 (получено {v!r})",
            "must be a whole number of days from 0 to 3650 (got {v!r})",
            v=value,
        )
    return value


def _parse_days(r: _Reader, raw_days: Sequence[Mapping[str, Any]]) -> tuple[EventDay, ...]:
    days: list[EventDay] = []
    for i, raw in enumerate(raw_days):
        path = f"days[{i}]"
        value = raw.get("date")
        if isinstance(value, datetime) or not isinstance(value, date):
            raise r.fail(
                f"{path}.date",
                "нужна дата вида 2026-11-27 (без кавычек)",
                "must be a date like 2026-11-27 (no quotes)",
            )
        kind_raw = raw.get("kind")
        try:
            kind = DayKind(str(kind_raw))
        except ValueError:
            raise r.fail(
                f"{path}.kind",
                '«{v}» — нужно "training" или "conference"',
                '"{v}" — must be "training" or "conference"',
                v=kind_raw,
            ) from None
        title = r.text(raw, "title", path)
        days.append(
            EventDay(
                date=value,
                kind=kind,
                title=title,
                title_en=r.text(raw, "title_en", path, default=title),
                opens=r.clock(raw, "opens", path),
                closes=r.clock(raw, "closes", path),
            )
        )
    dates = [d.date for d in days]
    if len(set(dates)) != len(dates):
        raise r.fail("days", "одна и та же дата указана дважды", "the same date is listed twice")
    return tuple(sorted(days, key=lambda d: d.date))


def _resolve_days(
    r: _Reader, raw: Mapping[str, Any], path: str, days: tuple[EventDay, ...]
) -> tuple[date, ...] | None:
    """`days = ["training", 2026-11-28, …]` → the matching dates (None when absent)."""
    value = raw.get("days")
    if value is None:
        return None
    if not isinstance(value, list) or not value:
        raise r.fail(
            f"{path}.days",
            "нужен непустой список видов дней или дат",
            "must be a non-empty list of day kinds or dates",
        )
    chosen: set[date] = set()
    for item in value:
        if isinstance(item, date) and not isinstance(item, datetime):
            if item not in {d.date for d in days}:
                raise r.fail(
                    f"{path}.days",
                    "дата {v} не входит в дни события",
                    "{v} is not one of the event's days",
                    v=item,
                )
            chosen.add(item)
        elif isinstance(item, str) and item in {k.value for k in DayKind}:
            matching = {d.date for d in days if d.kind == item}
            if not matching:
                raise r.fail(
                    f"{path}.days",
                    "у события нет дней вида «{v}»",
                    'the event has no "{v}" day',
                    v=item,
                )
            chosen |= matching
        else:
            raise r.fail(
                f"{path}.days",
                "«{v}» — нужен вид дня (training, conference) или дата",
                '"{v}" — must be a day kind (training, conference) or a date',
                v=item,
            )
    return tuple(sorted(chosen))


def _parse_tariffs(
    r: _Reader, raw_tariffs: Sequence[Mapping[str, Any]], days: tuple[EventDay, ...]
) -> tuple[Tariff, ...]:
    tariffs: list[Tariff] = []
    for i, raw in enumerate(raw_tariffs):
        path = f"tariffs[{i}]"
        code = r.code(raw, path)
        title = r.text(raw, "title", path)
        included = _resolve_days(r, raw, path, days)
        if included is None:
            raise r.fail(f"{path}.days", "обязательное поле", "is required")
        minimum = raw.get("min_participants")
        if minimum is not None and (
            isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 1
        ):
            raise r.fail(
                f"{path}.min_participants",
                "нужно целое число не меньше 1",
                "must be a whole number of 1 or more",
            )
        per_participant = raw.get("per_participant", minimum is not None)
        if not isinstance(per_participant, bool):
            raise r.fail(f"{path}.per_participant", "нужно true или false", "must be true or false")
        price = r.money(raw, "price", path, required=True)
        assert price is not None
        tariffs.append(
            Tariff(
                code=code,
                title=title,
                title_en=r.text(raw, "title_en", path, default=title),
                price=price,
                list_price=r.money(raw, "list_price", path, required=False),
                days=included,
                min_participants=minimum,
                per_participant=per_participant,
                badge_label=r.text(raw, "badge_label", path, default=title.upper()),
                badge_color=r.color(raw, path),
                aliases=r.strings(raw, "aliases", path) or (),
                upgrade_to=r.strings(raw, "upgrade_to", path),
                short_title=r.text(raw, "short_title", path, default=title),
                price_days_left=r.money(raw, "price_days_left", path, required=False),
            )
        )
    return tuple(tariffs)


def _parse_categories(
    r: _Reader, raw_categories: Sequence[Mapping[str, Any]], days: tuple[EventDay, ...]
) -> tuple[Category, ...]:
    categories: list[Category] = []
    for i, raw in enumerate(raw_categories):
        path = f"categories[{i}]"
        title = r.text(raw, "title", path)
        included = _resolve_days(r, raw, path, days)
        categories.append(
            Category(
                code=r.code(raw, path),
                title=title,
                title_en=r.text(raw, "title_en", path, default=title),
                badge_label=r.text(raw, "badge_label", path, default=title.upper()),
                badge_color=r.color(raw, path),
                days=included if included is not None else tuple(d.date for d in days),
            )
        )
    return tuple(categories)
