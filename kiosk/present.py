"""How the desk words things for people: money, tariffs and categories, times at the venue,
payment states and plural forms — one place for the CLI, the desk and the kiosk windows,
reports and exports, in Russian (default) or English (kiosk.i18n)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Final

from kiosk.config import PARTICIPANT, Event
from kiosk.i18n import language, tr

THIN_SPACE: Final = "\u202f"
"""Between thousands: a narrow no-break space, as Russian typography groups digits."""
NO_BREAK: Final = "\u00a0"


def money(amount: int) -> str:
    """``10000`` → ``10 000 ₽`` (narrow no-break space between thousands, no break before ₽)."""
    sign = "−" if amount < 0 else ""
    return sign + f"{abs(amount):,}".replace(",", THIN_SPACE) + NO_BREAK + "₽"


def percent(part: int, whole: int) -> str:
    """``67 %`` (a no-break space before the sign, as Russian typography has it); ``—`` when
    nothing is expected."""
    if whole <= 0:
        return "—"
    return f"{round(100 * part / whole)}{NO_BREAK}%"


def of_total(part: int, whole: int) -> str:
    """``6 из 9 (67 %)`` / ``6 of 9 (67 %)``."""
    return tr("{p} из {w} ({s})", "{p} of {w} ({s})", p=part, w=whole, s=percent(part, whole))


def plural(count: int, one: str, few: str, many: str) -> str:
    """The Russian form for `count`: 1 раз, 2 раза, 5 раз, 11 раз, 21 раз, 22 раза."""
    n = abs(count)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def count_of(count: int, ru: tuple[str, str, str], en: tuple[str, str]) -> str:
    """``3 раза`` / ``3 times``: the number with the word in the right form."""
    if language() == "en":
        return f"{count} {en[0] if abs(count) == 1 else en[1]}"
    return f"{count} {plural(count, *ru)}"


def times(count: int) -> str:
    return count_of(count, ("раз", "раза", "раз"), ("time", "times"))


def people(count: int) -> str:
    return count_of(count, ("человек", "человека", "человек"), ("person", "people"))


def tariff_title(event: Event, category: str, tariff: str | None, *, short: bool = False) -> str:
    """What a person's ticket is called: the tariff, or the free category («Спикер — бесплатно»
    reads «Спикер» here; the word «бесплатно» belongs to the payment state)."""
    english = language() == "en"
    if category != PARTICIPANT:
        found = event.category(category)
        if found is None:
            return category
        return found.title_en if english else found.title
    chosen = event.tariff(tariff or "")
    if chosen is None:
        return tariff or "—"
    if english:
        return chosen.title_en
    return chosen.short_title if short else chosen.title


def kiosk_base() -> str:
    return tr("киоск", "kiosk")


def desk_base() -> str:
    return tr("стойка", "desk")


def default_desk_name() -> str:
    """A desk's name until it is given one: the first of the numbers a hub hands out."""
    return f"{desk_base()}-1"


def organiser_name() -> str:
    """What the organiser's commands (a refund, a merge, a review, an import…) are credited
    to when they are run from a laptop that is no desk of the hub."""
    return tr("организатор", "organiser")


def command_line_name() -> str:
    """What a desk's action (a check-in, a payment, a print…) is credited to when it is done
    by a `kiosk` command on a laptop that is no desk of the hub: no desk did it."""
    return tr("командная строка", "command line")


DESK_SEPARATOR: Final = " · "


def at_desk(text: str, desk: str) -> str:
    """«Отмечен(а) 09:05 · стойка-1», «… · Вход»: what was done, then the desk's name alone
    (names mostly read «стойка-N» already: never «стойка стойка-1»); nothing when no desk is
    known."""
    return f"{text}{DESK_SEPARATOR}{desk}" if desk else text


def event_name(event: Event) -> str:
    """The event's short name in the current language."""
    if language() == "en":
        return event.short_name_en or event.short_name
    return event.short_name


def day_title(event: Event, day: date) -> str:
    found = event.day(day)
    if found is None:
        return day_label(day)
    return found.title_en if language() == "en" else found.title


def day_label(day: date) -> str:
    """``27.11`` — how the desk names an event day."""
    return f"{day:%d.%m}"


def days_label(days: tuple[date, ...] | list[date]) -> str:
    return ", ".join(day_label(d) for d in days) or "—"


def local_time(event: Event, moment: datetime | None, *, seconds: bool = False) -> str:
    """``09:05`` (``09:05:41`` with `seconds`) at the venue (whatever the laptop's time
    zone); ``—`` when unknown."""
    if not moment:
        return "—"
    return event.local_time(moment).strftime("%H:%M:%S" if seconds else "%H:%M")


def local_day_time(event: Event, moment: datetime | None, *, seconds: bool = False) -> str:
    """``27.11 09:05`` (``27.11 09:05:41`` with `seconds`) at the venue; ``—`` when unknown."""
    if not moment:
        return "—"
    return event.local_time(moment).strftime("%d.%m %H:%M:%S" if seconds else "%d.%m %H:%M")


def local_time_on(
    event: Event, moment: datetime | None, day: date, *, seconds: bool = False
) -> str:
    """``09:05`` when the moment falls on `day` at the venue, else with its date
    (``03.12 01:03``: a payment or a scan entered afterwards); ``—`` when unknown. With
    `seconds` (``09:05:41``) for lists whose order matters within a minute."""
    if moment is not None and event.local_time(moment).date() != day:
        return local_day_time(event, moment, seconds=seconds)
    return local_time(event, moment, seconds=seconds)


PAYMENT_METHODS: Final = {
    "cash": ("наличные", "cash"),
    "card": ("карта", "card"),
    "invoice": ("счёт", "invoice"),
}


OUTCOMES: Final = {
    "checked_in": ("отмечен(а)", "checked in"),
    "already_checked_in": ("уже отмечен(а)", "already checked in"),
    "not_entitled": ("нет доступа в этот день", "not entitled that day"),
    "unpaid": ("не оплачено", "unpaid"),
    "cancelled": ("регистрация отменена", "registration cancelled"),
    "unknown_code": ("код не найден", "unknown code"),
    "not_an_event_day": ("не день события", "not an event day"),
    "forgotten": ("данные удалены по просьбе", "data erased on request"),
}


def outcome(code: str) -> str:
    """Why the door opened or stayed closed, in a few words: «не оплачено»."""
    ru, en = OUTCOMES.get(code, (code, code))
    return tr(ru, en)


def hour_range(hour: int) -> str:
    """``09:00–10:00``."""
    return f"{hour:02d}:00–{(hour + 1) % 24:02d}:00"


def payment_method(method: str | None) -> str:
    if not method:
        return ""
    ru, en = PAYMENT_METHODS.get(method, (method, method))
    return tr(ru, en)


def payment_taken(event: Event, amount: int, method: str, desk: str, at: datetime | None) -> str:
    """«10 000 ₽ наличные, стойка-2 28.11 09:07»: how much, how, where and when it was taken."""
    return f"{money(amount)} {payment_method(method)}, {desk or '—'} {local_day_time(event, at)}"


def payment_methods(
    paid_by: Sequence[tuple[str, int]], *, amount_paid: int, method: str | None = None
) -> str:
    """«наличные + карта»: the ways a person paid, in the order they were used (from the
    payments taken at the desks); «заранее» for money paid before the event (an import),
    which no desk took. Without payments at the desks: the one method recorded, if any."""
    if not paid_by:
        return payment_method(method)
    return " + ".join(_ways(paid_by, amount_paid))


def _ways(paid_by: Sequence[tuple[str, int]], amount_paid: int) -> list[str]:
    labels = [payment_method(way) for way, _amount in paid_by]
    if amount_paid > sum(amount for _way, amount in paid_by):
        labels.insert(0, tr("заранее", "in advance"))
    return labels


def payment_state(
    *,
    status: str,
    price: int,
    amount_paid: int,
    amount_due: int,
    method: str | None,
    paid_by: Sequence[tuple[str, int]] = (),
) -> str:
    """«к оплате 16 000 ₽», «оплачено 16 000 ₽ (карта)», «оплачено 27 900 ₽ (наличные +
    карта)», «счёт выставлен: 16 000 ₽», «бесплатно», «регистрация отменена». An invoice is
    not money taken: «оплачено 11 900 ₽ (наличные), счёт выставлен: 16 000 ₽». `paid_by`:
    the payments taken at the desks (kiosk.services.views `paid_by`), else `method` alone."""
    if status == "cancelled":
        return tr("регистрация отменена", "registration cancelled")
    if amount_due > 0:
        return tr("к оплате {m}", "due {m}", m=money(amount_due))
    if price <= 0:
        return tr("бесплатно", "free")
    if not paid_by:
        if method == "invoice":
            return tr("счёт выставлен: {m}", "invoiced: {m}", m=money(amount_paid))
        paid = tr("оплачено {m}", "paid {m}", m=money(amount_paid))
        return f"{paid} ({payment_method(method)})" if method else paid
    invoiced = sum(amount for way, amount in paid_by if way == "invoice")
    taken = [(way, amount) for way, amount in paid_by if way != "invoice"]
    parts = []
    if amount_paid - invoiced > 0:
        ways = " + ".join(_ways(taken, amount_paid - invoiced))
        parts.append(tr("оплачено {m}", "paid {m}", m=money(amount_paid - invoiced)) + f" ({ways})")
    if invoiced > 0:
        parts.append(tr("счёт выставлен: {m}", "invoiced: {m}", m=money(invoiced)))
    return ", ".join(parts)


SOURCES: Final = {
    "import": ("импорт", "import"),
    "desk": ("стойка", "desk"),
    "kiosk": ("киоск", "kiosk"),
    "demo": ("демо", "demo"),
}
ATTENDEE_STATUSES: Final = {
    "active": ("действует", "active"),
    "cancelled": ("отменена", "cancelled"),
}


def source(code: str) -> str:
    """Where an attendee came from: «импорт», «стойка», «киоск»."""
    ru, en = SOURCES.get(code, (code, code))
    return tr(ru, en)


def attendee_status(code: str) -> str:
    """Whether the registration stands: «действует» or «отменена»."""
    ru, en = ATTENDEE_STATUSES.get(code, (code, code))
    return tr(ru, en)


def yes_no(value: bool) -> str:
    return tr("да", "yes") if value else tr("нет", "no")


def admitted_at(event: Event, desk: str, at: datetime | None, day: date) -> str:
    """«стойка-2 09:12:05» (with the date when it is not `day`; with seconds, as two desks
    without the hub often let one person in within a minute and which came first matters);
    «без времени» for an entry made afterwards without one."""
    when = (
        local_time_on(event, at, day, seconds=True)
        if at is not None
        else tr("без времени", "no time")
    )
    return f"{desk or '—'} {when}"
