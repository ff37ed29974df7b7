"""`kiosk forget` (erase one person's data on request) and `kiosk purge` (everybody's, once the
event is over and its retention period has passed)."""

from __future__ import annotations

import argparse

from kiosk.cli.app import (
    Acting,
    CommandError,
    Context,
    Exit,
    Handler,
    Parser,
    acting,
    add_command,
)
from kiosk.cli.core import code_arg, text_arg
from kiosk.i18n import tr
from kiosk.text import quote

MAX_KEEP_DAYS = 3650


def cmd_forget(ctx: Context) -> Exit:
    from kiosk.services import privacy

    result = privacy.forget(ctx.desk(), ctx.args.code, ctx.args.reason or "")
    ctx.emit(
        {
            "forgotten": True,
            "attendee_id": result.attendee_id,
            "audit_entries": result.audit_entries,
        },
        tr(
            "Данные участника #{i} удалены (записей журнала очищено: {n}). Его оплаты и отметки "
            "остались в итогах; код бейджа больше не действует.",
            "The data of attendee #{i} is erased ({n} audit entries cleaned). Their payments "
            "and check-ins stay in the totals; the badge code no longer works.",
            i=result.attendee_id,
            n=result.audit_entries,
        ),
    )
    return Exit.OK


def cmd_purge(ctx: Context) -> Exit:
    from kiosk.services import privacy

    if not ctx.args.after_event:
        raise CommandError(
            tr(
                "Удаление всех данных — только после события: добавьте --after-event",
                "Erasing everybody's data is for after the event: add --after-event",
            ),
            field="after_event",
        )
    try:
        result = privacy.purge(
            ctx.desk(), keep_days=ctx.args.keep_days, reason=ctx.args.reason or ""
        )
    except privacy.TooEarly as exc:
        raise CommandError(str(exc), Exit.INVALID, exc.field) from None
    ctx.emit(
        {"purged": result.attendees, "audit_entries": result.audit_entries},
        tr(
            "Персональные данные удалены: участников {n}, записей журнала {a}. Отметки, оплаты "
            "и статистика остались.",
            "Personal data erased: {n} attendees, {a} audit entries. Check-ins, payments and "
            "figures stay.",
            n=result.attendees,
            a=result.audit_entries,
        ),
    )
    return Exit.OK


def add_parsers(sub: argparse._SubParsersAction[Parser]) -> None:
    def command(name: str, handler: Handler, ru: str, en: str) -> Parser:
        return add_command(sub, name, handler, ru, en)

    p = command(
        "forget",
        cmd_forget,
        "удалить персональные данные участника по его просьбе (152-ФЗ, GDPR)",
        "erase an attendee's personal data on their request (152-FZ, GDPR)",
    )
    acting(p, Acting.ORGANISER)
    p.add_argument("code", type=code_arg, metavar="CODE")
    p.add_argument(
        "--reason",
        type=text_arg,
        help=tr("основание (без персональных данных)", "why (no personal data)"),
    )

    p = command(
        "purge",
        cmd_purge,
        "удалить персональные данные всех участников после события и срока хранения",
        "erase everybody's personal data after the event and its retention period",
    )
    acting(p, Acting.ORGANISER)
    p.add_argument(
        "--after-event",
        action="store_true",
        help=tr("подтверждение: событие закончилось", "confirms that the event is over"),
    )
    p.add_argument(
        "--keep-days",
        type=days_arg,
        metavar="N",
        help=tr(
            "сколько дней после события хранить (по умолчанию retention_days файла события)",
            "days to keep after the event (default: the event file's retention_days)",
        ),
    )
    p.add_argument("--reason", type=text_arg)


def days_arg(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("«{v}» — нужно целое число", '"{v}" is not a whole number', v=quote(value, 40))
        ) from None
    if not 0 <= days <= MAX_KEEP_DAYS:
        raise argparse.ArgumentTypeError(
            tr("нужно число от 0 до {n}", "must be from 0 to {n}", n=MAX_KEEP_DAYS)
        )
    return days
