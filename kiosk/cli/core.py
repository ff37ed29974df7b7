"""The core `kiosk` subcommands: init, demo, register, search, show, swap-names, checkin,
upgrade, undo, stats."""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from kiosk import present
from kiosk.cli.app import (
    Acting,
    CommandError,
    Context,
    Exit,
    Handler,
    Parser,
    Subparsers,
    acting,
    add_command,
)
from kiosk.codes import is_code_like, is_other_barcode
from kiosk.config import PARTICIPANT, Event
from kiosk.i18n import tr
from kiosk.models import PaymentMethod, Source
from kiosk.present import money
from kiosk.rules import BadgeAction, Outcome
from kiosk.services import checkin as checkin_service
from kiosk.services import lookup
from kiosk.services.checkin import CheckInResult
from kiosk.text import quote

if TYPE_CHECKING:
    from kiosk.reports.model import Admission, OfflineDuplicateGroup
    from kiosk.services.contacts import SharedContact
    from kiosk.services.context import Desk
    from kiosk.services.duplicates import OfflineDuplicates
from kiosk.services.edit_conflicts import EditConflict, FieldEdit, conflict_text
from kiosk.services.edit_conflicts import reviewed_text as edit_reviewed_text
from kiosk.services.views import AttendeeView, attendee_json, iso_local

# Each command imports what only it needs (registration, demo data, figures, phone formatting)
# when it runs: scripts call `kiosk show` and `kiosk checkin` in a loop and pay every start.

MAX_ARG = 1000

OUTCOME_EXIT = {
    Outcome.CHECKED_IN: Exit.OK,
    Outcome.ALREADY_CHECKED_IN: Exit.ALREADY_CHECKED_IN,
    Outcome.NOT_ENTITLED: Exit.NOT_ENTITLED,
    Outcome.UNPAID: Exit.UNPAID,
    Outcome.CANCELLED: Exit.CANCELLED,
    Outcome.UNKNOWN_CODE: Exit.UNKNOWN_CODE,
    Outcome.NOT_AN_EVENT_DAY: Exit.NOT_AN_EVENT_DAY,
    Outcome.FORGOTTEN: Exit.UNKNOWN_CODE,
}


# ---- argument types ------------------------------------------------------------------------


def text_arg(value: str) -> str:
    if len(value) > MAX_ARG:
        raise argparse.ArgumentTypeError(
            tr(
                "слишком длинное значение (до {n} символов)",
                "value too long (up to {n})",
                n=MAX_ARG,
            )
        )
    return value


def code_arg(value: str) -> str:
    """A badge code argument: `kiosk forget ""` is a missing code, not an unknown one."""
    if not value.strip():
        raise argparse.ArgumentTypeError(
            tr(
                "укажите код бейджа (например 7KQ2-M9XD-H3TR)",
                "give a badge code (e.g. 7KQ2-M9XD-H3TR)",
            )
        )
    return text_arg(value)


def day_arg(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("дата «{v}» — нужен вид ГГГГ-ММ-ДД", 'date "{v}" — use YYYY-MM-DD', v=value[:40])
        ) from None


def moment_arg(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr(
                "время «{v}» — нужен вид 2026-11-28T09:05:00+10:00",
                'time "{v}" — use e.g. 2026-11-28T09:05:00+10:00',
                v=value[:40],
            )
        ) from None


def positive_int(limit: int | Callable[[], int]) -> Any:
    """A whole number from 1 to `limit` (a function: looked up when a value is parsed)."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(
                tr("«{v}» — нужно целое число", '"{v}" is not a whole number', v=value[:40])
            ) from None
        top = limit() if callable(limit) else limit
        if not 1 <= number <= top:
            raise argparse.ArgumentTypeError(
                tr("нужно число от 1 до {n}", "must be from 1 to {n}", n=top)
            )
        return number

    return parse


def pay_arg(value: str) -> PaymentMethod | None:
    if value == "none":
        return None
    try:
        return PaymentMethod(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr(
                "способ оплаты «{v}» — cash, card, invoice или none",
                'payment "{v}" — cash, card, invoice or none',
                v=value[:40],
            )
        ) from None


# ---- presentation --------------------------------------------------------------------------


def tariff_title(event: Event, view: AttendeeView) -> str:
    return present.tariff_title(event, view.category, view.tariff)


def local_hm(event: Event, moment: datetime | None) -> str:
    return present.local_day_time(event, moment)


def attendee_lines(event: Event, view: AttendeeView) -> Iterator[str]:
    yield f"{view.full_name}  [{view.code}]"
    if view.company or view.position:
        yield "  " + ", ".join(p for p in (view.company, view.position) if p)
    days = ", ".join(d.strftime("%d.%m") for d in event.entitled_days(view.category, view.tariff))
    yield "  " + tr(
        "Тариф: {t} (дни: {d})",
        "Tariff: {t} (days: {d})",
        t=tariff_title(event, view),
        d=days or "—",
    )
    if view.phone or view.email:
        from kiosk.phones import format_phone

        phone = format_phone(view.phone) if view.phone else ""
        yield "  " + "  ".join(p for p in (phone, view.email) if p)
    if view.amount_due:
        yield "  " + tr("К оплате: {m}", "Due: {m}", m=money(view.amount_due))
    elif view.price:
        paid = tr("Оплачено: {m}", "Paid: {m}", m=money(view.amount_paid))
        ways = present.payment_methods(
            view.paid_by, amount_paid=view.amount_paid, method=view.payment_method
        )
        yield "  " + (f"{paid} ({ways})" if ways else paid)
    yield from paid_twice_lines(event, view)
    if view.status == "cancelled":
        yield "  " + tr("РЕГИСТРАЦИЯ ОТМЕНЕНА", "REGISTRATION CANCELLED")
    for c in view.checkins:
        checked_in = tr(
            "Отмечен(а) {t}", "Checked in {t}", t=visit(event, c.day, c.at, c.entered_afterwards)
        )
        yield "  " + present.at_desk(checked_in, c.desk)
    if view.prints:
        yield "  " + tr(
            "Бейдж печатали: {n}", "Badge printed: {n}", n=present.times(len(view.prints))
        )
        if not view.badge_state(event).up_to_date:
            yield badge_line(BadgeAction.OUT_OF_DATE, view.code)


def paid_twice_lines(event: Event, view: AttendeeView) -> Iterator[str]:
    """Where the person paid twice: the payment that counts, and each taken twice — to give
    back (with the command that records it) or given back (when, where, by whom)."""
    if not view.paid_twice:
        return
    yield "  " + tr(
        "Оплачено дважды — засчитано: {p}",
        "Paid twice — counted: {p}",
        p="; ".join(
            present.payment_taken(event, p.amount, p.method, p.desk, p.taken_at)
            for p in view.counted_payments
        )
        or "—",
    )
    for double in view.double_payments:
        taken = present.payment_taken(
            event, double.amount, double.method, double.desk, double.taken_at
        )
        if double.refunded_at is None:
            yield "    " + tr(
                "вернуть: {p} (kiosk refund {c})",
                "to refund: {p} (kiosk refund {c})",
                p=taken,
                c=view.code,
            )
        else:
            yield "    " + tr(
                "возвращено: {p} — {when}, {who}",
                "refunded: {p} — {when}, {who}",
                p=taken,
                when=present.local_day_time(event, double.refunded_at),
                who=", ".join(w for w in (double.refunded_desk, double.refunded_by) if w) or "—",
            )


def visit(event: Event, day: date, at: datetime | None, afterwards: bool) -> str:
    """«28.11 09:05», «27.11 16:30 (внесено задним числом)», «27.11 (внесено задним числом,
    время прихода неизвестно)»: the day always, the arrival time when anyone knows it."""
    if at is None:
        return tr(
            "{d} (внесено задним числом, время прихода неизвестно)",
            "{d} (entered afterwards, arrival time unknown)",
            d=present.day_label(day),
        )
    when = f"{present.day_label(day)} {present.local_time(event, at)}"
    return when + (tr(" (внесено задним числом)", " (entered afterwards)") if afterwards else "")


# ---- commands ------------------------------------------------------------------------------


def cmd_init(ctx: Context) -> Exit:
    db = ctx.db
    event = ctx.event
    ctx.emit(
        {"database": db.engine.url.render_as_string(hide_password=True), "event": event.id},
        tr(
            "База данных готова: {u}\nСобытие: {e}",
            "Database ready: {u}\nEvent: {e}",
            u=db.engine.url.render_as_string(hide_password=True),
            e=event.name,
        ),
    )
    return Exit.OK


def cmd_demo(ctx: Context) -> Exit:
    from kiosk.services import demo as demo_service

    result = demo_service.load_demo(ctx.desk(), count=ctx.args.count, seed=ctx.args.seed)
    ctx.emit(
        {"added": result.attendees, "teams": result.teams, "seed": ctx.args.seed},
        tr(
            "Добавлено демо-участников: {n} (команд: {t})",
            "Demo attendees added: {n} (teams: {t})",
            n=result.attendees,
            t=result.teams,
        ),
    )
    return Exit.OK


def cmd_register(ctx: Context) -> Exit:
    from kiosk.services.registration import PersonInput, Registration, register, split_member_name

    a = ctx.args
    members = tuple(split_member_name(m) for m in a.member or ())
    category = a.category or PARTICIPANT
    request = Registration(
        person=PersonInput(
            last_name=a.last,
            first_name=a.first,
            middle_name=a.middle or "",
            company=a.company or "",
            position=a.position or "",
            phone=a.phone,
            email=a.email,
        ),
        tariff=a.tariff,
        category=category,
        team_size=a.team_size,
        members=members,
        pay=a.pay,
        consent=a.consent,
        source=Source.DESK,
        allow_duplicate=a.allow_duplicate,
    )
    if category == PARTICIPANT and not a.tariff:
        raise CommandError(tr("Укажите --tariff", "Give --tariff"), field="tariff")
    # A desk's action: on a hub within the scan deadline, or registered on this laptop's
    # replica under the same nonce (the same codes) and queued.
    result = ctx.at_the_desk(lambda desk: register(desk, request))
    event = ctx.event
    waiting, refused = ctx.outbox_counts() if ctx.offline else (0, 0)

    def text() -> Iterator[str]:
        yield tr("Зарегистрировано: {n}", "Registered: {n}", n=len(result.attendees))
        for view in result.attendees:
            yield from attendee_lines(event, view)
        yield tr("Итого: {m}", "Total: {m}", m=money(result.total_price))
        if ctx.offline:
            yield queued_line(waiting, refused)

    document: dict[str, Any] = {
        "attendees": [attendee_json(v, event) for v in result.attendees],
        "total_price": result.total_price,
        "group_id": result.group_id,
    } | ctx.sent_first_field()
    if ctx.offline:
        document |= {"offline": True, "queued": waiting, "queued_refusals": refused}
    ctx.emit(document, text())
    return Exit.OK


def cmd_search(ctx: Context) -> Exit:
    query = ctx.args.query
    if len(query) > lookup.MAX_QUERY:
        raise CommandError(
            tr(
                "Слишком длинный запрос (до {n} символов)",
                "Query too long (up to {n} characters)",
                n=lookup.MAX_QUERY,
            ),
            field="query",
        )
    results = ctx.at_the_desk(lambda desk: lookup.search(desk, query, limit=ctx.args.limit))
    event = ctx.event
    today = ctx.desk().today()

    def text() -> Iterator[str]:
        if not results:
            yield tr("Никого не нашлось", "Nobody found")
        for view in results:
            state = view.checkin_on(today)
            mark = tr("✔ отмечен(а)", "✔ in") if state else ""
            company = f" — {view.company}" if view.company else ""
            yield f"{view.code}  {view.full_name}{company}  [{tariff_title(event, view)}] {mark}"

    ctx.emit({"results": [attendee_json(v, event) for v in results]}, text())
    return Exit.OK


def cmd_show(ctx: Context) -> Exit:
    from kiosk.services import contacts, duplicates, edit_conflicts

    def read(
        desk: Desk,
    ) -> tuple[
        AttendeeView | None,
        tuple[SharedContact, ...],
        OfflineDuplicates,
        tuple[EditConflict, ...],
    ]:
        view = lookup.get_by_code(desk, ctx.args.code)
        if view is None:
            return None, (), duplicates.OfflineDuplicates(), ()
        return (
            view,
            contacts.shared_contacts(desk, view.id),
            duplicates.person_offline_duplicates(desk, view.id),
            edit_conflicts.person_edit_conflicts(desk, view.id),
        )

    view, shared, twice, edited = ctx.at_the_desk(read)
    if view is None:
        raise CommandError(
            tr("Код «{c}» не найден", 'Code "{c}" not found', c=ctx.args.code[:40]),
            Exit.NOT_FOUND,
            "code",
        )
    event = ctx.event
    copy, copy_lines = ctx.copy_note()
    ctx.emit(
        {
            "attendee": attendee_json(view, event),
            "shared_contacts": [
                {"shared": c.kind.value, "code": c.code, "name": c.name} for c in shared
            ],
            "offline_duplicates": {
                "to_review": [offline_duplicate_json(event, g) for g in twice.to_review],
                "reviewed": [offline_duplicate_json(event, g) for g in twice.reviewed],
            },
            "edit_conflicts": [edit_conflict_json(event, c) for c in edited],
            **copy,
        },
        itertools.chain(
            copy_lines,
            attendee_lines(event, view),
            shared_lines(shared),
            offline_duplicate_lines(event, view.code, twice),
            (
                "  " + tr("Изменено на двух стойках: {e}", "Changed at two desks: {e}", e=text)
                for text in (
                    " — ".join(
                        p for p in (conflict_text(event, c), edit_reviewed_text(event, c)) if p
                    )
                    for c in edited
                )
            ),
        ),
    )
    return Exit.OK


def _edit_conflict_line(event: Event, conflict: EditConflict) -> str:
    """The field's two values, and when it was marked looked at, if it was."""
    said = (conflict_text(event, conflict), edit_reviewed_text(event, conflict))
    return " — ".join(part for part in said if part)


def edit_conflict_json(event: Event, conflict: EditConflict) -> dict[str, Any]:
    """A field two desks changed: whose, which field, the value kept and the one not kept,
    each with its desk and time."""

    def edit(value: FieldEdit) -> dict[str, Any]:
        return {"value": value.value, "desk": value.desk, "at": iso_local(value.at, event)}

    return {
        "code": conflict.person.code,
        "name": conflict.person.name,
        "field": conflict.field,
        "kept": edit(conflict.stands),
        "not_kept": edit(conflict.superseded),
        "found_at": iso_local(conflict.found_at, event),
        **(
            {
                "reviewed_at": iso_local(conflict.reviewed_at, event),
                "reviewed_desk": conflict.reviewed_desk,
                "reviewed_by": conflict.reviewed_by,
            }
            if conflict.reviewed_at is not None
            else {}
        ),
    }


def shared_lines(shared: tuple[SharedContact, ...]) -> Iterator[str]:
    """People kept apart from this one though they share a phone or an e-mail."""
    from kiosk.models import ContactKind

    for contact in shared:
        if contact.kind is ContactKind.PHONE:
            yield "  " + tr(
                "Тот же телефон: {n} [{c}]", "Same phone: {n} [{c}]", n=contact.name, c=contact.code
            )
        else:
            yield "  " + tr(
                "Тот же e-mail: {n} [{c}]", "Same e-mail: {n} [{c}]", n=contact.name, c=contact.code
            )


def offline_duplicate_lines(event: Event, code: str, twice: OfflineDuplicates) -> Iterator[str]:
    """The days the person was admitted more than once at desks without the hub: to review
    (with the command that marks it), or reviewed (when, where, by whom)."""
    for group in twice.to_review:
        yield "  " + tr(
            "Прошёл(ла) дважды без хаба {d}: {a} — проверить (kiosk reviewed {c} --day {iso})",
            "Admitted twice without the hub on {d}: {a} — to review "
            "(kiosk reviewed {c} --day {iso})",
            d=group.day.strftime("%d.%m"),
            a=admissions_text(event, group),
            c=code,
            iso=group.day.isoformat(),
        )
    for group in twice.reviewed:
        yield "  " + tr(
            "Прошёл(ла) дважды без хаба {d}: {a} — {r}",
            "Admitted twice without the hub on {d}: {a} — {r}",
            d=group.day.strftime("%d.%m"),
            a=admissions_text(event, group),
            r=reviewed_text(event, group),
        )


def admission_text(event: Event, admission: Admission | None, day: date) -> str:
    """«стойка-2 09:12:05» (with the date when it is not `day`; with seconds, as two desks
    without the hub often let one person in within a minute and which came first matters);
    «без времени» for an entry made afterwards without one; «вход снят» for a check-in taken
    back since."""
    if admission is None:
        return tr("вход снят", "check-in taken back")
    return present.admitted_at(event, admission.desk, admission.at, day)


def admissions_text(event: Event, group: OfflineDuplicateGroup) -> str:
    """«засчитан ст-2 09:02:10; отложен ст-1 09:02:41, ст-3 09:30:00»."""
    return tr(
        "засчитан {a}; отложены {s}",
        "counted {a}; set aside {s}",
        a=admission_text(event, group.counted, group.day),
        s=", ".join(admission_text(event, a, group.day) for a in group.set_aside),
    )


def reviewed_text(event: Event, group: OfflineDuplicateGroup) -> str:
    """«проверено 28.11 10:05, стойка-1, anna»."""
    who = ", ".join(p for p in (group.reviewed_desk, group.reviewed_by) if p)
    return tr(
        "проверено {when}, {who}",
        "reviewed {when}, {who}",
        when=present.local_day_time(event, group.reviewed_at),
        who=who or "—",
    )


def admission_json(event: Event, admission: Admission) -> dict[str, Any]:
    return {
        "desk": admission.desk,
        "at": iso_local(admission.at, event),
        "operator": admission.operator,
    }


def offline_duplicate_json(event: Event, group: OfflineDuplicateGroup) -> dict[str, Any]:
    """A person's admissions on one day at desks without the hub: the one that counted and
    those set aside (with who reviewed them and when, once reviewed)."""
    document: dict[str, Any] = {
        "code": group.person.code,
        "name": group.person.name,
        "company": group.person.company,
        "day": group.day.isoformat(),
        "counted": admission_json(event, group.counted) if group.counted else None,
        "set_aside": [admission_json(event, a) for a in group.set_aside],
    }
    if group.reviewed_at is not None:
        document |= {
            "reviewed_at": iso_local(group.reviewed_at, event),
            "reviewed_desk": group.reviewed_desk,
            "reviewed_by": group.reviewed_by,
        }
    return document


def cmd_swap_names(ctx: Context) -> Exit:
    from kiosk.services.registration import swap_names

    view = ctx.at_the_desk(lambda desk: swap_names(desk, ctx.args.code))
    ctx.emit({"attendee": attendee_json(view, ctx.event)}, attendee_lines(ctx.event, view))
    return Exit.OK


def checkin_json(result: CheckInResult, event: Event) -> dict[str, Any]:
    return {
        "status": str(result.status),
        "attendee": attendee_json(result.attendee, event) if result.attendee else None,
        "day": result.day.isoformat(),
        "checked_in_at": iso_local(result.checked_in_at, event),
        "desk": result.desk,
        "first_checked_in_at": iso_local(result.first_checked_in_at, event),
        "first_desk": result.first_desk,
        "amount_due": result.amount_due,
        "upgrades": [{"tariff": u.tariff.code, "difference": u.difference} for u in result.upgrades]
        if result.status is Outcome.NOT_ENTITLED
        else [],
        "paid_now": result.paid_now,
        "paid_with": result.paid_with,
        "upgraded_to": result.upgraded_to,
        "badge": str(result.badge),
        "recorded_at": iso_local(result.recorded_at, event),
        "entered_afterwards": result.entered_afterwards,
        "first_entered_afterwards": result.first_entered_afterwards,
        "ticket_days": [d.isoformat() for d in result.ticket_days],
    }


BADGE_LINES = {
    BadgeAction.PRINT: (
        "  Бейдж: напечатайте (kiosk print {c})",
        "  Badge: print it (kiosk print {c})",
    ),
    BadgeAction.PRINTED_BEFORE: (
        "  Бейдж напечатан заранее — выдайте его",
        "  Badge printed in advance: hand it over",
    ),
    BadgeAction.OUT_OF_DATE: (
        "  Бейдж устарел (изменились имя, компания или тариф): kiosk print {c} --reprint",
        "  Badge out of date (name, company or tariff changed): kiosk print {c} --reprint",
    ),
    BadgeAction.NEEDS_NAME: (
        "  Место в команде без имени: впишите имя, потом печатайте бейдж",
        "  Unnamed team seat: write the name in, then print the badge",
    ),
}


def badge_line(action: BadgeAction, code: str) -> str:
    """What to do about the badge, with the person's own code in the command to run."""
    ru, en = BADGE_LINES[action]
    return tr(ru, en, c=code)


def _arrival(event: Event, at: datetime | None, afterwards: bool) -> str:
    if at is None:
        return tr("время прихода не указано", "arrival time not given")
    text = local_hm(event, at)
    return text + (tr(" (внесено позже)", " (entered afterwards)") if afterwards else "")


def payment_line(result: CheckInResult) -> str:
    """What was settled with the check-in: money taken, or an invoice issued (not money)."""
    if result.paid_with == "invoice":
        return tr("  Выставлен счёт на {m}", "  Invoice issued for {m}", m=money(result.paid_now))
    return tr("  Принята оплата: {m}", "  Payment taken: {m}", m=money(result.paid_now))


def checkin_text(result: CheckInResult, event: Event) -> Iterator[str]:
    name = result.attendee.full_name if result.attendee else ""
    day = result.day.strftime("%d.%m.%Y")
    match result.status:
        case Outcome.CHECKED_IN:
            checked_in = tr(
                "✔ ОТМЕЧЕН(А): {n} — {d}, {t}",
                "✔ CHECKED IN: {n} — {d}, {t}",
                n=name,
                d=day,
                t=_arrival(event, result.checked_in_at, result.entered_afterwards),
            )
            yield present.at_desk(checked_in, result.desk or "")
            if result.paid_now:
                yield payment_line(result)
            if result.badge in BADGE_LINES and result.attendee is not None:
                yield badge_line(result.badge, result.attendee.code)
        case Outcome.ALREADY_CHECKED_IN:
            already = tr(
                "УЖЕ ОТМЕЧЕН(А): {n} — {t}",
                "ALREADY CHECKED IN: {n} — {t}",
                n=name,
                t=_arrival(event, result.first_checked_in_at, result.first_entered_afterwards),
            )
            yield present.at_desk(already, result.first_desk or "")
            if result.badge is BadgeAction.OUT_OF_DATE and result.attendee is not None:
                yield badge_line(result.badge, result.attendee.code)
        case Outcome.UNPAID:
            yield tr(
                "НЕ ОПЛАЧЕНО: {n} — к оплате {m}. Примите оплату: --pay cash|card|invoice",
                "UNPAID: {n} — {m} due. Take payment: --pay cash|card|invoice",
                n=name,
                m=money(result.amount_due or 0),
            )
        case Outcome.NOT_ENTITLED:
            yield tr(
                "НЕТ ДОСТУПА {d}: {n} — билет на {t}",
                "NOT ENTITLED on {d}: {n} — the ticket is for {t}",
                n=name,
                d=day,
                t=present.days_label(result.ticket_days),
            )
            code = result.attendee.code if result.attendee else ""
            for offer in result.upgrades:
                title = present.tariff_title(event, PARTICIPANT, offer.tariff.code)
                yield tr(
                    "  Доплата до «{t}»: {m}  (kiosk checkin {k} --upgrade {c} --pay card)",
                    '  Upgrade to "{t}": {m}  (kiosk checkin {k} --upgrade {c} --pay card)',
                    t=title,
                    m=money(offer.difference),
                    k=code,
                    c=offer.tariff.code,
                )
        case Outcome.CANCELLED:
            yield tr("РЕГИСТРАЦИЯ ОТМЕНЕНА: {n}", "REGISTRATION CANCELLED: {n}", n=name)
        case Outcome.UNKNOWN_CODE:
            yield tr("КОД НЕ НАЙДЕН", "UNKNOWN CODE")
        case Outcome.NOT_AN_EVENT_DAY:
            yield tr(
                "{d} — не день события (дни: {all})",
                "{d} is not an event day (days: {all})",
                d=day,
                all=", ".join(x.date.strftime("%d.%m.%Y") for x in event.days),
            )
        case Outcome.FORGOTTEN:
            yield tr(
                "КОД НЕ ДЕЙСТВУЕТ: данные этого участника удалены по его просьбе — "
                "обратитесь к организатору",
                "CODE NO LONGER VALID: this attendee's data was erased on their request — "
                "ask the organiser",
            )


def not_a_code(text: str) -> CommandError:
    return CommandError(
        tr(
            "{c} — не код регистрации: код бейджа выглядит так: 7KQ2-M9XD-H3TR",
            "{c} is not a registration code: a badge code looks like 7KQ2-M9XD-H3TR",
            c=quote(text, 80),
        ),
        Exit.NOT_A_CODE,
        "code",
        {"status": "not_a_code"},
    )


def cmd_checkin(ctx: Context) -> Exit:
    a = ctx.args
    if not is_code_like(a.code):  # a link, a product's barcode: nobody to look for
        raise not_a_code(a.code)
    at: datetime | None = a.at
    if at is not None and at.tzinfo is None:  # a wall-clock time at the venue
        at = at.replace(tzinfo=ctx.event.tz)
    result = ctx.at_the_desk(
        lambda desk: checkin_service.check_in(
            desk, a.code, day=a.day, at=at, pay=a.pay, upgrade_to=a.upgrade
        )
    )
    if result.status is Outcome.UNKNOWN_CODE and is_other_barcode(a.code):
        raise not_a_code(a.code)
    document = checkin_json(result, ctx.event) | {"offline": ctx.offline} | ctx.sent_first_field()
    lines = checkin_text(result, ctx.event)
    if result.status is Outcome.UNKNOWN_CODE and ctx.names_a_hub:
        hint = not_synced_hint(ctx)
        document |= {"hint": hint}
        lines = itertools.chain(lines, ["  " + hint])
    if ctx.offline:
        waiting, refused = ctx.outbox_counts()
        document |= {"queued": waiting, "queued_refusals": refused}
        if result.status in (Outcome.CHECKED_IN, Outcome.ALREADY_CHECKED_IN):
            line = queued_line(waiting, refused)
        else:
            line = refusal_queued_line(waiting, refused)
        lines = itertools.chain(lines, [line])
    ctx.emit(document, lines)
    return OUTCOME_EXIT[result.status]


def not_synced_hint(ctx: Context) -> str:
    """A badge code not found on a hub: it may be a sign-up at a kiosk or desk without the
    hub, named when the hub says which miss their heartbeats (a laptop working on its replica
    cannot tell)."""
    from sqlalchemy.exc import SQLAlchemyError

    from kiosk.db import DatabaseError
    from kiosk.hub import desks
    from kiosk.hub.deadline import deadline

    missing: tuple[desks.DeskActivity, ...] = ()
    if not ctx.offline:
        me = ctx.desk()
        try:
            with deadline():
                known = desks.activity(ctx.db)
        except (DatabaseError, SQLAlchemyError, TimeoutError):
            known = ()  # the hint is a courtesy: a hub that fails now leaves it general
        missing = desks.out_of_reach(known, ctx.event, me.now(), own_name=me.name)
    return desks.not_synced_hint(missing, ctx.event)


def queued_line(waiting: int, refused: int = 0) -> str:
    return tr(
        "  Без хаба: записано на этом ноутбуке; в очереди на хаб: {n}{r} (kiosk sync)",
        "  Without the hub: written on this laptop; queued for the hub: {n}{r} (kiosk sync)",
        n=waiting,
        r=_refusals_part(refused),
    )


def refusal_queued_line(waiting: int, refused: int) -> str:
    """A scan refused without the hub: nobody went in, and the refusal waits for the hub to
    record it (that is what the queue counts)."""
    return tr(
        "  Без хаба: отказ записан на этом ноутбуке, хаб учтёт его после синхронизации; "
        "в очереди на хаб: {n}{r} (kiosk sync)",
        "  Without the hub: the refusal is written on this laptop for the hub to record once "
        "synced; queued for the hub: {n}{r} (kiosk sync)",
        n=waiting,
        r=_refusals_part(refused),
    )


def _refusals_part(refused: int) -> str:
    if not refused:
        return ""
    return tr(", из них отказов на входе: {k}", ", refused scans among them: {k}", k=refused)


def cmd_upgrade(ctx: Context) -> Exit:
    """The tariff changes: a badge printed before shows the old one (attendee_lines says so)."""
    view = ctx.at_the_desk(
        lambda desk: checkin_service.upgrade(desk, ctx.args.code, ctx.args.tariff, pay=ctx.args.pay)
    )
    out_of_date = bool(view.prints) and not view.badge_state(ctx.event).up_to_date
    ctx.emit(
        {"attendee": attendee_json(view, ctx.event), "badge_out_of_date": out_of_date},
        [tr("Тариф изменён.", "Tariff changed."), *attendee_lines(ctx.event, view)].__iter__(),
    )
    return Exit.OK


def cmd_undo(ctx: Context) -> Exit:
    view = ctx.at_the_desk(
        lambda desk: checkin_service.undo_check_in(
            desk, ctx.args.code, ctx.args.day, ctx.args.reason
        )
    )
    day: date = ctx.args.day
    lines = [
        tr(
            "Отметка {d} отменена: {n}",
            "Check-in on {d} undone: {n}",
            d=day.strftime("%d.%m.%Y"),
            n=view.full_name,
        )
    ]
    still = view.checkin_on(day)
    if still is not None:  # another desk's admission, set aside, counts in its place
        from kiosk.reports.model import Admission

        lines.append(
            tr(
                "  Засчитан вход, отложенный как двойной: {a}",
                "  The admission set aside as a double counts now: {a}",
                a=admission_text(ctx.event, Admission(still.desk, still.at, still.operator), day),
            )
        )
    ctx.emit(
        {"attendee": attendee_json(view, ctx.event), "undone_day": day.isoformat()},
        iter(lines),
    )
    return Exit.OK


def cmd_stats(ctx: Context) -> Exit:
    from kiosk.services import stats as stats_service

    result = ctx.at_the_desk(lambda desk: stats_service.stats(desk, ctx.args.day))
    if ctx.args.day is not None and not result.days:
        raise CommandError(
            tr("{d} — не день события", "{d} is not an event day", d=ctx.args.day.isoformat()),
            Exit.NOT_AN_EVENT_DAY,
            "day",
        )

    def text() -> Iterator[str]:
        yield tr(
            "Всего участников: {n} (отменено: {c})",
            "Attendees: {n} (cancelled: {c})",
            n=result.attendees,
            c=result.cancelled,
        )
        for d in result.days:
            yield tr(
                "{d} {t}: пришли {c} из {e}",
                "{d} {t}: {c} of {e} checked in",
                d=d.day.strftime("%d.%m"),
                t=d.title,
                c=d.checked_in,
                e=d.expected,
            )
            for g in d.by_group:
                yield f"    {g.title:<40} {g.checked_in:>5} / {g.expected}"

    ctx.emit(
        {
            "attendees": result.attendees,
            "cancelled": result.cancelled,
            "days": [
                {
                    "day": d.day.isoformat(),
                    "kind": d.kind,
                    "expected": d.expected,
                    "checked_in": d.checked_in,
                    "by_tariff": {
                        g.key: {"expected": g.expected, "checked_in": g.checked_in}
                        for g in d.by_group
                    },
                }
                for d in result.days
            ],
        },
        text(),
    )
    return Exit.OK


# ---- wiring --------------------------------------------------------------------------------


def _max_demo() -> int:
    from kiosk.services.demo import MAX_DEMO

    return MAX_DEMO


def add_parsers(sub: argparse._SubParsersAction[Parser]) -> None:
    def command(name: str, handler: Handler, ru: str, en: str) -> Parser:
        return add_command(sub, name, handler, ru, en)

    p = command(
        "init", cmd_init, "создать или обновить базу данных", "create or upgrade the database"
    )
    # The one command that may create a database at a path named by --db or KIOSK_DB.
    p.set_defaults(creates_database=True)
    # `kiosk init --db PATH` as well as `kiosk --db PATH init`: the place is what init is about.
    p.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        help=tr("где создать базу (как --db перед командой)", "where (as --db before the command)"),
    )

    p = command("demo", cmd_demo, "загрузить демо-участников", "load demo attendees")
    acting(p, Acting.ORGANISER)
    p.add_argument("--count", type=positive_int(_max_demo), default=300)
    p.add_argument("--seed", type=int, default=2026)

    p = command(
        "register",
        cmd_register,
        "зарегистрировать участника или команду",
        "register a person or a team",
    )
    p.set_defaults(offline_ok=True)  # works on this laptop's replica of a lost hub
    p.add_argument("--last", required=True, type=text_arg, help=tr("фамилия", "surname"))
    p.add_argument("--first", required=True, type=text_arg, help=tr("имя", "first name"))
    p.add_argument("--middle", type=text_arg, help=tr("отчество", "patronymic"))
    p.add_argument("--company", type=text_arg)
    p.add_argument("--position", type=text_arg)
    p.add_argument("--phone", required=True, type=text_arg)
    p.add_argument("--email", type=text_arg)
    p.add_argument("--tariff", type=text_arg, help=tr("код тарифа", "tariff code"))
    p.add_argument(
        "--category",
        type=text_arg,
        help=tr(
            "бесплатная категория: speaker, organizer, partner, press",
            "free category: speaker, organizer, partner, press",
        ),
    )
    p.add_argument("--team-size", type=positive_int(1000))
    p.add_argument(
        "--member",
        action="append",
        type=text_arg,
        help=tr(
            "участник команды «Фамилия Имя» (можно несколько)",
            'team member "Surname Name" (repeatable)',
        ),
    )
    p.add_argument("--pay", type=pay_arg, default=None, metavar="cash|card|invoice|none")
    p.add_argument(
        "--consent",
        action="store_true",
        help=tr(
            "согласие на обработку персональных данных получено",
            "consent to personal data processing was given",
        ),
    )
    p.add_argument(
        "--allow-duplicate",
        action="store_true",
        help=tr(
            "зарегистрировать, даже если телефон или e-mail уже есть",
            "register even if the phone or e-mail is already known",
        ),
    )

    p = command("search", cmd_search, "найти участников", "find attendees")
    acting(p, Acting.READS)
    p.set_defaults(offline_ok=True)  # works on this laptop's replica of a lost hub
    p.add_argument("query", type=text_arg)
    p.add_argument("--limit", type=positive_int(1000), default=20)

    p = command("show", cmd_show, "показать участника по коду", "show an attendee by code")
    acting(p, Acting.READS)
    p.set_defaults(offline_ok=True)  # works on this laptop's replica of a lost hub
    p.add_argument("code", type=code_arg)

    p = command(
        "swap-names",
        cmd_swap_names,
        "поменять местами фамилию и имя (когда импорт угадал порядок неверно)",
        "swap surname and first name (when the import guessed the order wrong)",
    )
    p.set_defaults(offline_ok=True)  # works on this laptop's replica of a lost hub
    p.add_argument("code", type=code_arg)

    p = command("checkin", cmd_checkin, "отметить приход", "check in")
    p.set_defaults(offline_ok=True)  # works on this laptop's replica of a lost hub
    p.epilog = tr(
        "Код выхода: 0 — отмечен(а), 10 — уже отмечен(а) в этот день, 11 — тариф не "
        "включает этот день, 12 — не оплачено, 13 — регистрация отменена, 14 — код не "
        "найден, 15 — не день события, 16 — это не код регистрации (ссылка, штрихкод товара).",
        "Exit status: 0 checked in, 10 already checked in that day, 11 the tariff does not "
        "include that day, 12 unpaid, 13 registration cancelled, 14 unknown code, 15 not an "
        "event day, 16 not a registration code (a link, a product's barcode).",
    )
    p.add_argument("code", type=code_arg)
    when = p.add_mutually_exclusive_group()
    when.add_argument("--day", type=day_arg, help="YYYY-MM-DD")
    when.add_argument("--at", type=moment_arg, help="ISO-8601")
    p.add_argument("--desk", dest="desk_name", type=text_arg)
    p.add_argument("--pay", type=pay_arg, default=None, metavar="cash|card|invoice")
    p.add_argument(
        "--upgrade",
        type=text_arg,
        metavar="TARIFF",
        help=tr("продать доплату до тарифа", "sell an upgrade to this tariff"),
    )

    p = command("upgrade", cmd_upgrade, "доплата до другого тарифа", "sell a tariff upgrade")
    p.set_defaults(offline_ok=True)  # works on this laptop's replica of a lost hub
    p.add_argument("code", type=code_arg)
    p.add_argument("--tariff", required=True, type=text_arg)
    p.add_argument("--pay", type=pay_arg, default=None, metavar="cash|card|invoice")

    p = command("undo", cmd_undo, "отменить отметку", "undo a check-in")
    p.set_defaults(offline_ok=True)  # works on this laptop's replica of a lost hub
    p.add_argument("code", type=code_arg)
    p.add_argument("--day", required=True, type=day_arg)
    p.add_argument("--reason", required=True, type=text_arg)

    p = command("stats", cmd_stats, "статистика", "attendance figures")
    acting(p, Acting.READS)
    p.set_defaults(offline_ok=True)  # works on this laptop's replica of a lost hub
    p.add_argument("--day", type=day_arg)

    add_pin_parser(sub)


def cmd_set_pin(ctx: Context) -> Exit:
    """The staff PIN that leaves kiosk mode: typed twice at a terminal, or lines from a pipe.

    From a pipe, one line sets the PIN; a second line, if there is one, must repeat it.
    """
    import getpass

    from kiosk.services import selfservice

    if sys.stdin.isatty():
        try:
            first = selfservice.check_pin_format(getpass.getpass(tr("Новый PIN: ", "New PIN: ")))
            second = getpass.getpass(tr("Ещё раз: ", "Again: "))
        except (KeyboardInterrupt, EOFError):
            sys.stderr.write("\n")
            raise CommandError(tr("PIN не задан", "No PIN was set"), field="pin") from None
    else:
        lines = sys.stdin.read(1000).splitlines()
        first = lines[0] if lines else ""
        second = lines[1] if len(lines) > 1 else first
    if first.strip() != second.strip():
        raise CommandError(tr("PIN не совпадают", "The PINs do not match"), field="pin")
    selfservice.set_pin(ctx.db, first)
    ctx.emit(
        {"pin_set": True},
        tr("PIN сохранён (хранится только его хеш).", "PIN saved (only its hash is stored)."),
    )
    return Exit.OK


def add_pin_parser(sub: Subparsers) -> None:
    add_command(
        sub,
        "set-pin",
        cmd_set_pin,
        "задать PIN сотрудника для выхода из режима киоска",
        "set the staff PIN that leaves kiosk mode",
    )
