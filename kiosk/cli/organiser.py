"""The organiser's subcommands: `report` (the end-of-day report as PDF, or its figures as
JSON), `paper-list` (the paper fallback list), `checkin-batch` (entering a paper list
afterwards), `review`, `merge` and `keep-both` (people the hub flagged: one person
registered twice, or two sharing a contact), `refund` (money paid twice, given back) and
`reviewed` (people admitted twice at desks without the hub, looked at)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path
from typing import Any

from kiosk import present
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
from kiosk.cli.core import (
    admission_text,
    admissions_text,
    checkin_json,
    code_arg,
    day_arg,
    edit_conflict_json,
    offline_duplicate_json,
    reviewed_text,
    text_arg,
)
from kiosk.config import Event
from kiosk.i18n import tr
from kiosk.models import Review
from kiosk.present import money
from kiosk.reports.model import DoublePayment, FlaggedPerson
from kiosk.rules import Outcome
from kiosk.services import batch, duplicates, edit_conflicts, merging, refunds, reporting
from kiosk.services.batch import BatchResult
from kiosk.services.context import Desk
from kiosk.services.duplicates import Reviewed
from kiosk.services.edit_conflicts import EditConflict, conflict_text
from kiosk.services.errors import ValidationError
from kiosk.services.summary import summary_json
from kiosk.services.views import iso_local

MAX_STDIN_BYTES = batch.MAX_FILE_BYTES


def _pdf_output(value: str) -> Path:
    path = Path(text_arg(value)).expanduser()
    if path.suffix.lower() != ".pdf":
        raise argparse.ArgumentTypeError(
            tr("файл должен оканчиваться на .pdf", "the file name must end with .pdf")
        )
    return path


def time_arg(value: str) -> time:
    try:
        hours, minutes = (int(part) for part in value.strip().replace(".", ":").split(":"))
        return time(hours, minutes)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("время «{v}» — нужен вид ЧЧ:ММ", 'time "{v}" — use HH:MM', v=value[:40])
        ) from None


def _event_day(ctx: Context) -> None:
    day = ctx.args.day
    if day is not None and ctx.event.day(day) is None:
        raise CommandError(
            tr("{d} — не день события", "{d} is not an event day", d=day.isoformat()),
            Exit.NOT_AN_EVENT_DAY,
            "day",
        )


# ---- report --------------------------------------------------------------------------------


def cmd_report(ctx: Context) -> Exit:
    _event_day(ctx)
    output: Path | None = ctx.args.output
    if output is None and not ctx.json:
        raise CommandError(
            tr(
                "Куда записать отчёт: -o ФАЙЛ.pdf (или --json — его цифры без файла).",
                "Where to write the report: -o FILE.pdf (or --json: its figures, no file).",
            ),
            Exit.INVALID,
            "output",
        )
    desk = ctx.desk()
    if output is None:
        # --json alone: the figures on stdout, as the other --json commands print theirs.
        summary = reporting.day_report(desk, ctx.args.day)
        path = None
    else:
        written = reporting.write_day_report(desk, output, ctx.args.day)
        summary, path = written.summary, written.path
    total = summary.money
    copy, copy_lines = ctx.copy_note()

    def text() -> Iterator[str]:
        yield from copy_lines
        yield tr(
            "Итоги дня {d}: пришли {a}; не пришли {n}",
            "Summary of {d}: arrived {a}; did not come {n}",
            d=summary.day.strftime("%d.%m.%Y"),
            a=present.of_total(summary.arrived, summary.expected),
            n=summary.still_to_come,
        )
        yield tr(
            "Принято денег: {t} (наличные {c}, карта {k}); счета: {i}",
            "Money taken: {t} (cash {c}, card {k}); invoices: {i}",
            t=money(total.taken),
            c=money(total.cash),
            k=money(total.card),
            i=money(total.invoice),
        )
        if total.refunded:
            yield tr(
                "Возвращено (двойные оплаты): {r}; принято за вычетом возвратов: {k}",
                "Refunded (double payments): {r}; money taken less refunds: {k}",
                r=money(total.refunded),
                k=money(total.kept),
            )
        doubles = summary.decisions.double_payments
        if doubles:
            yield tr(
                "Двойные оплаты, вернуть: {n} на {m}",
                "Double payments to refund: {n}, {m}",
                n=len(doubles),
                m=money(summary.decisions.to_refund),
            )
            for double in doubles:
                yield "  " + _double_line(ctx.event, double)
        given = summary.decisions.refunds_given
        if given:
            yield tr(
                "Двойные оплаты возвращены: {n} на {m}",
                "Double payments given back: {n}, {m}",
                n=len(given),
                m=money(summary.decisions.refunded),
            )
            for double in given:
                yield "  " + _double_line(ctx.event, double) + " — " + _given_back(ctx, double)
        twice = summary.decisions.offline_duplicates
        if twice:
            yield tr(
                "Прошли дважды на стойках без хаба (засчитан первый проход): {n} — "
                "список: kiosk review",
                "Admitted twice at desks without the hub (the first admission counts): {n} — "
                "the list: kiosk review",
                n=len(twice),
            )
        looked_at = summary.decisions.offline_duplicates_reviewed
        if looked_at:
            yield tr(
                "Двойные проходы без хаба проверены: {n}",
                "Admissions twice without the hub reviewed: {n}",
                n=len(looked_at),
            )
        if path is not None:
            yield tr("Отчёт → {f}", "Report → {f}", f=path)

    document = {
        **summary_json(summary, ctx.event),
        "file": str(path) if path else None,
        **copy,
    }
    if summary.expected == 0:
        # Written all the same (it says so), but a script and a person are told: a wrong
        # --day or --db is likelier than an event day nobody was expected on.
        return _nobody(
            ctx,
            document,
            text(),
            tr(
                "в этот день никого не ждали: в отчёте одни нули. Проверьте --day и --db.",
                "nobody was expected on that day: the report is all zeros. Check --day and --db.",
            ),
        )
    ctx.emit(document, text())
    return Exit.OK


def _double_line(event: Event, double: DoublePayment) -> str:
    """«Абрамова Анна (CODE): 10 000 ₽ наличные, ст-2 28.11 09:12»."""
    return (
        f"{double.person.name} ({double.person.code}): {money(double.amount)} "
        f"{present.payment_method(double.method)}, {double.desk} "
        f"{present.local_day_time(event, double.taken_at)}"
    )


def _given_back(ctx: Context, double: DoublePayment) -> str:
    """«возвращено 28.11 10:05, стойка-1, anna»."""
    who = ", ".join(p for p in (double.refunded_desk, double.refunded_by) if p)
    return tr(
        "возвращено {when}, {who}",
        "given back {when}, {who}",
        when=present.local_day_time(ctx.event, double.refunded_at),
        who=who or "—",
    )


def _nobody(
    ctx: Context, document: dict[str, Any], text: Iterator[str] | str, warning: str
) -> Exit:
    """The file was written, with nobody in it: a warning on stderr (in the JSON with
    --json) and exit 4 («nobody»), as `kiosk badges` does when there is nobody to print."""
    if ctx.json:
        document = {**document, "warning": warning}
    else:
        sys.stderr.write(tr("Внимание: ", "Warning: ") + warning + "\n")
    ctx.emit(document, text)
    return Exit.NOT_FOUND


# ---- paper list ----------------------------------------------------------------------------


def cmd_paper_list(ctx: Context) -> Exit:
    _event_day(ctx)
    written = reporting.write_paper_list(
        ctx.desk(), ctx.args.output, day=ctx.args.day, tariff=ctx.args.tariff
    )
    document = {"file": str(written.path), "people": written.people, "personal_data": True}
    summary = tr("В списке: {n} → {f}", "On the list: {n} → {f}", n=written.people, f=written.path)
    if written.people == 0:
        return _nobody(
            ctx,
            document,
            summary,
            tr(
                "в списке никого нет (файл говорит об этом). Проверьте --day, --tariff и --db.",
                "nobody is on the list (the file says so). Check --day, --tariff and --db.",
            ),
        )
    if not ctx.json:
        sys.stderr.write(
            tr(
                "Внимание: в списке персональные данные; после события уничтожьте его.\n",
                "Note: the list holds personal data; destroy it after the event.\n",
            )
        )
    ctx.emit(document, summary)
    return Exit.OK


# ---- entering a paper list -----------------------------------------------------------------


def _codes(ctx: Context) -> list[batch.CodeLine]:
    source = ctx.args.file
    if source == "-":
        raw = sys.stdin.buffer.read(MAX_STDIN_BYTES + 1)
        if len(raw) > MAX_STDIN_BYTES:
            raise CommandError(
                tr("Слишком много на входе (больше 1 МБ)", "Too much input (over 1 MB)"),
                Exit.INVALID,
                "file",
            )
        return batch.parse_codes(raw.decode("utf-8-sig", errors="replace"))
    return batch.read_codes(source)


def _line_text(line: batch.BatchLine, event: Event) -> str:
    result = line.result
    where = tr("строка {n}: {c}", "line {n}: {c}", n=line.line, c=line.code[:40])
    name = result.attendee.full_name if result.attendee else ""
    what = present.outcome(result.status)
    match result.status:
        case Outcome.CHECKED_IN:
            return f"{where} — ✔ {name}"
        case Outcome.ALREADY_CHECKED_IN:
            when = (
                present.local_day_time(event, result.first_checked_in_at)
                if result.first_checked_in_at
                else tr("без времени", "no time")
            )
            return f"{where} — {what}: {name} ({when}, {result.first_desk})"
        case Outcome.UNPAID:
            due = tr("к оплате {m}", "due {m}", m=money(result.amount_due or 0))
            return f"{where} — {what}: {name}, {due}"
        case _:
            return f"{where} — {what}: {name}" if name else f"{where} — {what}"


def batch_text(result: BatchResult, event: Event) -> Iterator[str]:
    for line in result.lines:
        yield _line_text(line, event)
    yield tr(
        "Внесено: {r}, уже были отмечены: {a}, отказ: {n}",
        "Recorded: {r}, already checked in: {a}, refused: {n}",
        r=result.recorded,
        a=result.already,
        n=result.refused,
    )


def batch_json(result: BatchResult, event: Event) -> dict[str, Any]:
    return {
        "day": result.day.isoformat(),
        "time": result.arrived.strftime("%H:%M") if result.arrived else None,
        "recorded": result.recorded,
        "already_checked_in": result.already,
        "refused": result.refused,
        "results": [
            {"line": line.line, "input": line.code, **checkin_json(line.result, event)}
            for line in result.lines
        ],
    }


def cmd_checkin_batch(ctx: Context) -> Exit:
    _event_day(ctx)
    result = batch.check_in_batch(
        ctx.desk(), _codes(ctx), day=ctx.args.day, reason=ctx.args.reason, arrived=ctx.args.time
    )
    ctx.emit(batch_json(result, ctx.event), batch_text(result, ctx.event))
    return Exit.OK if result.complete else Exit.INTERNAL


# ---- people flagged for a decision ----------------------------------------------------------


def _review_title(review: str) -> str:
    if review == Review.PROBABLE_DUPLICATE:
        return tr("вероятно, тот же человек", "probably the same person")
    return tr("общий телефон или e-mail, другое имя", "shares a phone or e-mail, another name")


def cmd_review(ctx: Context) -> Exit:
    def read(
        desk: Desk,
    ) -> tuple[
        tuple[FlaggedPerson, ...],
        duplicates.OfflineDuplicates,
        tuple[DoublePayment, ...],
        tuple[EditConflict, ...],
    ]:
        with desk.db.read_rows() as connection:
            return (
                merging.flagged_people(connection),
                duplicates.read_offline_duplicates(connection),
                refunds.read_double_payments(connection),
                edit_conflicts.read_edit_conflicts(connection),
            )

    # Read on the hub within the scan deadline, or on this laptop's copy of a hub lost.
    people, twice, doubles, every_edit = ctx.at_the_desk(read)
    edited = tuple(c for c in every_edit if c.reviewed_at is None)
    edits_reviewed = tuple(c for c in every_edit if c.reviewed_at is not None)
    owed = tuple(d for d in doubles if d.refunded_at is None)
    given = tuple(d for d in doubles if d.refunded_at is not None)
    event = ctx.event
    copy, copy_lines = ctx.copy_note()

    def text() -> Iterator[str]:
        yield from copy_lines
        if not people and not twice.to_review and not owed and not edited:
            yield tr(
                "Решать нечего: нет ни вероятных дублей, ни двойных проходов, ни двойных оплат",
                "Nothing to decide: no probable duplicates, nobody admitted or paid twice",
            )
        if people:
            yield tr(
                "Вероятные дубли и общие контакты (решить: объединить или оставить обоих): {n}",
                "Probable duplicates and shared contacts (decide: merge or keep both): {n}",
                n=len(people),
            )
        for flagged in people:
            yield f"{flagged.person.code}  {flagged.person.name} — {_review_title(flagged.review)}"
            for other in flagged.others:
                yield f"    {other.code}  {other.name}"
            if flagged.seat:
                yield "    " + tr(
                    "место команды, зарегистрированной дважды: объединится вместе с её "
                    "контактом (kiosk merge контактов)",
                    "a seat of a team registered twice: merged with the team's contact "
                    "(kiosk merge of the contacts)",
                )
            elif flagged.review == Review.PROBABLE_DUPLICATE and flagged.others:
                yield "    " + tr(
                    "один человек: kiosk merge {k} {o} (остаётся {k}, бейдж {o} тоже "
                    "открывает вход); двое: kiosk keep-both {o}",
                    "one person: kiosk merge {k} {o} ({k} stays, the badge {o} opens the door "
                    "too); two people: kiosk keep-both {o}",
                    k=flagged.others[0].code,
                    o=flagged.person.code,
                )
                if flagged.seats:
                    yield "    " + tr(
                        "команда зарегистрирована дважды: с ней объединятся места с теми же "
                        "именами ({n})",
                        "the team was registered twice: its seats of the same names are merged "
                        "with it ({n})",
                        n=flagged.seats,
                    )
            else:
                yield "    " + tr(
                    "двое разных людей: kiosk keep-both {o}",
                    "two different people: kiosk keep-both {o}",
                    o=flagged.person.code,
                )
        if twice.to_review:
            yield tr(
                "Прошли дважды на стойках без хаба (засчитан первый проход, остальные "
                "отложены для проверки): {n}",
                "Admitted twice at desks without the hub (the first admission counts, the "
                "others are set aside for review): {n}",
                n=len(twice.to_review),
            )
        for group in twice.to_review:
            yield tr(
                "{c}  {n} — {d}: засчитан {a}",
                "{c}  {n} — {d}: counted {a}",
                c=group.person.code,
                n=group.person.name,
                d=group.day.strftime("%d.%m.%Y"),
                a=admission_text(event, group.counted, group.day),
            )
            for admission in group.set_aside:
                yield "    " + tr(
                    "отложен: {a}",
                    "set aside: {a}",
                    a=admission_text(event, admission, group.day),
                )
        if twice.to_review:
            yield tr(
                "Проверили — отметьте: kiosk reviewed КОД [--day ГГГГ-ММ-ДД]",
                "Once looked at, mark them: kiosk reviewed CODE [--day YYYY-MM-DD]",
            )
        if twice.reviewed:
            yield tr(
                "Двойные проходы без хаба проверены: {n}",
                "Admissions twice without the hub reviewed: {n}",
                n=len(twice.reviewed),
            )
        for group in twice.reviewed:
            yield (
                f"{group.person.code}  {group.person.name} — {group.day.strftime('%d.%m.%Y')}: "
                f"{admissions_text(event, group)} — {reviewed_text(event, group)}"
            )
        yield from _double_payment_review_lines(ctx, owed, given)
        if edited:
            yield tr(
                "Изменено на двух стойках (осталось более позднее изменение): {n}",
                "Changed at two desks (the later change is kept): {n}",
                n=len(edited),
            )
        for conflict in edited:
            yield (
                f"{conflict.person.code}  {conflict.person.name} — {conflict_text(event, conflict)}"
            )
        if edited:
            yield tr(
                "Проверили — отметьте: kiosk reviewed КОД",
                "Once looked at, mark them: kiosk reviewed CODE",
            )
        if edits_reviewed:
            yield tr(
                "Изменения на двух стойках проверены: {n}",
                "Changes at two desks reviewed: {n}",
                n=len(edits_reviewed),
            )
        for conflict in edits_reviewed:
            yield (
                f"{conflict.person.code}  {conflict.person.name} — "
                f"{conflict_text(event, conflict)} — "
                f"{edit_conflicts.reviewed_text(event, conflict)}"
            )

    def ref(person: merging.PersonRef) -> dict[str, Any]:
        return {"code": person.code, "name": person.name, "company": person.company}

    ctx.emit(
        {
            "flagged": [
                {
                    **ref(f.person),
                    "review": f.review,
                    "others": [ref(o) for o in f.others],
                    "seats": f.seats,
                    "seat": f.seat,
                }
                for f in people
            ],
            "offline_duplicates": [offline_duplicate_json(event, g) for g in twice.to_review],
            "offline_duplicates_reviewed": [
                offline_duplicate_json(event, g) for g in twice.reviewed
            ],
            "double_payments": [_double_payment_json(event, d) for d in owed],
            "double_payments_refunded": [_double_payment_json(event, d) for d in given],
            "edit_conflicts": [edit_conflict_json(event, c) for c in edited],
            "edit_conflicts_reviewed": [edit_conflict_json(event, c) for c in edits_reviewed],
            **copy,
        },
        text(),
    )
    return Exit.OK


def _double_payment_review_lines(
    ctx: Context, owed: tuple[DoublePayment, ...], given: tuple[DoublePayment, ...]
) -> Iterator[str]:
    """The money paid twice: per person, the payment that counts (the first taken, by the
    desks' clocks) and each to give back; then those given back (when, where, by whom)."""
    event = ctx.event
    if owed:
        yield tr(
            "Оплачено дважды (засчитана оплата, принятая первой; повторную вернуть): {n} на {m}",
            "Paid twice (the payment taken first counts; give back the other): {n}, {m}",
            n=len(owed),
            m=money(sum(d.amount for d in owed)),
        )
    for double in owed:
        yield f"{double.person.code}  {double.person.name} — " + _counted_text(event, double)
        yield "    " + tr("вернуть: {p}", "to refund: {p}", p=_taken_text(event, double))
    if owed:
        yield tr(
            "Вернули деньги — отметьте: kiosk refund КОД",
            "Once the money is given back, mark it: kiosk refund CODE",
        )
    if given:
        yield tr(
            "Двойные оплаты возвращены: {n} на {m}",
            "Double payments given back: {n}, {m}",
            n=len(given),
            m=money(sum(d.amount for d in given)),
        )
    for double in given:
        yield f"{double.person.code}  {double.person.name} — " + _counted_text(event, double)
        yield f"    {_taken_text(event, double)} — {_given_back(ctx, double)}"


def _taken_text(event: Event, double: DoublePayment) -> str:
    return present.payment_taken(event, double.amount, double.method, double.desk, double.taken_at)


def _counted_text(event: Event, double: DoublePayment) -> str:
    """«засчитано: 10 000 ₽ наличные, ст-2 28.11 09:07»."""
    return tr(
        "засчитано: {p}",
        "counted: {p}",
        p="; ".join(
            present.payment_taken(event, c.amount, c.method, c.desk, c.taken_at)
            for c in double.counted
        )
        or "—",
    )


def _payment_json(
    event: Event, amount: int, method: str, desk: str, operator: str, at: datetime
) -> dict[str, Any]:
    return {
        "amount": amount,
        "method": method,
        "desk": desk,
        "operator": operator,
        "taken_at": iso_local(at, event),
    }


def _double_payment_json(event: Event, double: DoublePayment) -> dict[str, Any]:
    """A payment taken twice: whose, the payment(s) that count, and once given back, when,
    where and by whom."""
    document: dict[str, Any] = {
        "code": double.person.code,
        "name": double.person.name,
        "company": double.person.company,
        **_payment_json(
            event, double.amount, double.method, double.desk, double.operator, double.taken_at
        ),
        "state": "to_refund" if double.refunded_at is None else "refunded",
        "counted": [
            _payment_json(event, c.amount, c.method, c.desk, c.operator, c.taken_at)
            for c in double.counted
        ],
    }
    if double.refunded_at is not None:
        document |= {
            "refunded_at": iso_local(double.refunded_at, event),
            "refunded_desk": double.refunded_desk,
            "refunded_by": double.refunded_by,
        }
    return document


def cmd_merge(ctx: Context) -> Exit:
    result = merging.merge_attendees(ctx.desk(), ctx.args.keep, ctx.args.other)
    ctx.emit(
        {
            **_merged_json(result),
            "seats": [_merged_json(seat) for seat in result.seats],
            "refund_total": result.refund_total,
        },
        merge_lines(ctx.event, result),
    )
    return Exit.OK


def _merged_json(result: merging.MergeResult) -> dict[str, Any]:
    """One merge (the contacts', or a seat's of a team registered twice)."""
    return {
        "kept": result.kept.code,
        "name": result.kept.full_name,
        "alias": result.merged_code,
        "aliases": list(result.aliases or (result.merged_code,)),
        "checkins": result.checkins,
        "moved_days": [d.isoformat() for d in result.moved_days],
        "same_days": [d.isoformat() for d in result.same_days],
        "merged_counts": [d.isoformat() for d in result.merged_counts],
        "payments": result.payments,
        "paid": result.paid,
        "prints": result.prints,
        "refund": result.refund,
    }


def merge_lines(event: Event, result: merging.MergeResult) -> Iterator[str]:
    """What the merge did, as it happened: which codes open the door, which check-ins were
    moved over, which one counts on a day both records came, what money went over."""
    kept = result.kept
    aliases = result.aliases or (result.merged_code,)
    if len(aliases) == 1:
        yield tr(
            "Объединено: {n} [{c}]; бейдж {o} тоже открывает вход",
            "Merged: {n} [{c}]; the badge {o} opens the door too",
            n=kept.full_name,
            c=kept.code,
            o=aliases[0],
        )
    else:
        yield tr(
            "Объединено: {n} [{c}]; бейджи {o} тоже открывают вход",
            "Merged: {n} [{c}]; the badges {o} open the door too",
            n=kept.full_name,
            c=kept.code,
            o=", ".join(aliases),
        )
    other = result.merged_code
    if result.moved_days:
        yield tr(
            "Отметки по бейджу {o} перенесены и засчитаны: {d}",
            "Check-ins on the badge {o} moved over and counted: {d}",
            o=other,
            d=", ".join(day.strftime("%d.%m.%Y") for day in result.moved_days),
        )
    for day in result.same_days:
        came = kept.checkin_on(day)
        yield tr(
            "{d}: пришёл(шла) по обоим бейджам — засчитан ранний приход (по бейджу {b}, {t}), "
            "второй оставлен для проверки",
            "{d}: came in on both badges — the earlier arrival counts (on the badge {b}, {t}), "
            "the other is kept for review",
            d=day.strftime("%d.%m.%Y"),
            b=other if day in result.merged_counts else kept.code,
            t=present.local_time(event, came.at) if came is not None and came.at else "—",
        )
    if not result.moved_days and not result.same_days:
        yield tr("Отметок по бейджу {o} не было", "The badge {o} had no check-ins", o=other)
    if result.payments:
        yield tr(
            "Оплаты по бейджу {o} перенесены: {p} на {m}",
            "Payments on the badge {o} moved over: {p}, {m}",
            o=other,
            p=result.payments,
            m=money(result.paid),
        )
    if result.prints:
        yield tr(
            "Печати бейджа {o} перенесены: {b}",
            "Prints of the badge {o} moved over: {b}",
            o=other,
            b=result.prints,
        )
    if result.seats:
        yield tr(
            "Команда была зарегистрирована дважды — места объединены ({n}): {s}",
            "The team was registered twice — its seats merged ({n}): {s}",
            n=len(result.seats),
            s="; ".join(
                f"{seat.kept.full_name} [{seat.kept.code}] ← {seat.merged_code}"
                for seat in result.seats
            ),
        )
        doubled = [seat for seat in result.seats if seat.same_days]
        if doubled:
            yield tr(
                "Пришли по обоим бейджам: {s} — засчитан ранний приход, второй оставлен для "
                "проверки",
                "Came in on both badges: {s} — the earlier arrival counts, the other is kept "
                "for review",
                s=", ".join(seat.kept.full_name for seat in doubled),
            )
    if result.refund_total:
        yield tr(
            "Оплачено дважды: вернуть {m}",
            "Paid twice: give back {m}",
            m=money(result.refund_total),
        )


def cmd_keep_both(ctx: Context) -> Exit:
    view = merging.keep_both(ctx.desk(), ctx.args.code)
    ctx.emit(
        {"code": view.code, "name": view.full_name, "review": ""},
        tr(
            "Оставлены оба: {n} [{c}] — пометка для проверки снята",
            "Both kept: {n} [{c}] — the flag is cleared",
            n=view.full_name,
            c=view.code,
        ),
    )
    return Exit.OK


def cmd_refund(ctx: Context) -> Exit:
    given = refunds.mark_refunded(ctx.desk(), ctx.args.code)
    event = ctx.event
    who = ", ".join(p for p in (given.desk, given.operator) if p)

    def text() -> Iterator[str]:
        yield tr(
            "Возвращено: {n} [{c}] — {m}; записано {when}, {who}",
            "Given back: {n} [{c}] — {m}; recorded {when}, {who}",
            n=given.person.name,
            c=given.person.code,
            m=money(given.amount),
            when=present.local_day_time(event, given.at),
            who=who or "—",
        )
        for payment in given.payments:
            yield (
                f"  {money(payment.amount)} {present.payment_method(payment.method)}, "
                f"{payment.taken_desk} {present.local_day_time(event, payment.taken_at)}"
            )

    ctx.emit(
        {
            "code": given.person.code,
            "name": given.person.name,
            "refunded": given.amount,
            "payments": [
                {
                    "amount": p.amount,
                    "method": p.method,
                    "desk": p.taken_desk,
                    "taken_at": iso_local(p.taken_at, event),
                }
                for p in given.payments
            ],
            "at": iso_local(given.at, event),
            "desk": given.desk,
            "operator": given.operator,
        },
        text(),
    )
    return Exit.OK


def cmd_reviewed(ctx: Context) -> Exit:
    """The person's admissions set aside (of `--day`, or every one) and, without `--day`, the
    fields of theirs two desks changed, marked looked at: what there is of either; nothing
    of both is refused with the admissions' sentence."""
    _event_day(ctx)
    desk = ctx.desk()
    reviewed: Reviewed | None = None
    edits: tuple[EditConflict, ...] = ()
    nothing: ValidationError | None = None
    try:
        reviewed = duplicates.mark_reviewed(desk, ctx.args.code, ctx.args.day)
    except ValidationError as exc:
        if ctx.args.day is not None:
            raise
        nothing = exc
    if ctx.args.day is None:
        try:
            edits = edit_conflicts.mark_reviewed(desk, ctx.args.code)
        except edit_conflicts.NothingToReview as none:
            if nothing is not None:  # nothing of either: said of what the person had, if any
                raise (none if none.already else nothing) from None
    event = ctx.event
    document = (
        _reviewed_json(event, reviewed)
        if reviewed is not None
        else _edits_reviewed_json(event, edits)
    )
    document["edit_conflicts"] = [edit_conflict_json(event, c) for c in edits]
    ctx.emit(document, _all_reviewed_lines(event, reviewed, edits))
    return Exit.OK


def _edits_reviewed_json(event: Event, edits: tuple[EditConflict, ...]) -> dict[str, Any]:
    """As `_reviewed_json` for a person with only edit conflicts marked: no admissions."""
    first = edits[0]
    assert first.reviewed_at is not None
    return {
        "code": first.person.code,
        "name": first.person.name,
        "admissions": 0,
        "days": [],
        "at": iso_local(first.reviewed_at, event),
        "desk": first.reviewed_desk,
        "operator": first.reviewed_by,
    }


def _all_reviewed_lines(
    event: Event, reviewed: Reviewed | None, edits: tuple[EditConflict, ...]
) -> Iterator[str]:
    if reviewed is not None:
        yield from _reviewed_lines(event, reviewed)
    if not edits:
        return
    first = edits[0]
    assert first.reviewed_at is not None
    who = ", ".join(p for p in (first.reviewed_desk, first.reviewed_by) if p)
    yield tr(
        "Проверено: {n} [{c}] — изменений на двух стойках: {k}; записано {when}, {who}",
        "Reviewed: {n} [{c}] — changes at two desks: {k}; recorded {when}, {who}",
        n=first.person.name,
        c=first.person.code,
        k=len(edits),
        when=present.local_day_time(event, first.reviewed_at),
        who=who or "—",
    )
    for conflict in edits:
        yield f"  {conflict_text(event, conflict)}"


def _reviewed_lines(event: Event, reviewed: Reviewed) -> Iterator[str]:
    who = ", ".join(p for p in (reviewed.desk, reviewed.operator) if p)
    yield tr(
        "Проверено: {n} [{c}] — отложенных проходов: {k}; записано {when}, {who}",
        "Reviewed: {n} [{c}] — admissions set aside: {k}; recorded {when}, {who}",
        n=reviewed.person.name,
        c=reviewed.person.code,
        k=reviewed.admissions,
        when=present.local_day_time(event, reviewed.at),
        who=who or "—",
    )
    for group in reviewed.groups:
        yield f"  {group.day.strftime('%d.%m.%Y')}: {admissions_text(event, group)}"


def _reviewed_json(event: Event, reviewed: Reviewed) -> dict[str, Any]:
    return {
        "code": reviewed.person.code,
        "name": reviewed.person.name,
        "admissions": reviewed.admissions,
        "days": [
            {
                key: value
                for key, value in offline_duplicate_json(event, g).items()
                if key in ("day", "counted", "set_aside")
            }
            for g in reviewed.groups
        ],
        "at": iso_local(reviewed.at, event),
        "desk": reviewed.desk,
        "operator": reviewed.operator,
    }


# ---- wiring --------------------------------------------------------------------------------


def add_parsers(sub: argparse._SubParsersAction[Parser]) -> None:
    def command(name: str, handler: Handler, ru: str, en: str) -> Parser:
        return add_command(sub, name, handler, ru, en)

    p = command(
        "report",
        cmd_report,
        "итоги дня в PDF: цифры, график прихода, тарифы, стойки, деньги (--json — цифры)",
        "the end-of-day report as PDF: figures, arrivals chart, tariffs, desks, money "
        "(--json: the figures)",
    )
    acting(p, Acting.READS)
    p.add_argument(
        "--day",
        type=day_arg,
        help=tr(
            "ГГГГ-ММ-ДД (по умолчанию сегодня или последний прошедший день события)",
            "YYYY-MM-DD (default: today, or the last event day begun)",
        ),
    )
    p.add_argument(
        "-o",
        "--output",
        type=_pdf_output,
        metavar="FILE.pdf",
        help=tr(
            "файл отчёта (с --json можно без него: цифры печатаются)",
            "the report's file (with --json it may be left out: the figures are printed)",
        ),
    )
    p.set_defaults(offline_ok=True)  # works on this laptop's replica of a lost hub

    p = command(
        "paper-list",
        cmd_paper_list,
        "бумажный список на случай отказа всех ноутбуков: по алфавиту, с кодом, оплатой и "
        "клеткой на каждый день",
        "the paper fallback list for when every laptop fails: alphabetical, with code, "
        "payment and a box per day",
    )
    acting(p, Acting.READS)
    p.add_argument(
        "--day",
        type=day_arg,
        help=tr("ГГГГ-ММ-ДД (по умолчанию все дни)", "YYYY-MM-DD (default: every day)"),
    )
    p.add_argument(
        "--tariff",
        type=text_arg,
        metavar="CODE",
        help=tr(
            "только этот тариф или бесплатная категория",
            "only this tariff or free category",
        ),
    )
    p.add_argument("-o", "--output", required=True, type=_pdf_output, metavar="FILE.pdf")

    p = command(
        "checkin-batch",
        cmd_checkin_batch,
        "внести отметки с бумажного списка: файл с кодами бейджей, по одному в строке "
        "(выход 0 — все внесены или уже были, 1 — есть отказы)",
        "enter check-ins from a paper list: a file of badge codes, one a line (exit 0: all "
        "recorded or already in, 1: some refused)",
    )
    acting(p, Acting.ORGANISER)
    p.add_argument(
        "file",
        type=text_arg,
        metavar="FILE",
        help=tr("файл с кодами или - (стандартный ввод)", "a file of codes, or - for stdin"),
    )
    p.add_argument("--day", required=True, type=day_arg, help="YYYY-MM-DD")
    p.add_argument(
        "--reason",
        required=True,
        type=text_arg,
        help=tr("почему внесено позже (в журнал)", "why entered afterwards (to the audit log)"),
    )
    p.add_argument(
        "--time",
        type=time_arg,
        metavar="HH:MM",
        help=tr(
            "когда они пришли, если известно (иначе время прихода не указывается)",
            "when they arrived, if known (else no arrival time is recorded)",
        ),
    )

    p = command(
        "review",
        cmd_review,
        "кого хаб пометил для решения: вероятные дубли, общий телефон или e-mail у разных имён и "
        "двойные проходы на стойках без хаба",
        "who the hub flagged for a decision: probable duplicates, a phone or e-mail shared by "
        "other names, and people admitted twice at desks without the hub",
    )
    acting(p, Acting.READS)
    p.set_defaults(offline_ok=True)  # works on this laptop's replica of a lost hub
    p = command(
        "merge",
        cmd_merge,
        "объединить две записи одного человека: отметки, оплаты и печати переходят к KEEP, "
        "бейдж OTHER продолжает открывать вход",
        "merge two records of one person: check-ins, payments and prints go to KEEP, the "
        "badge OTHER keeps opening the door",
    )
    acting(p, Acting.ORGANISER)
    p.add_argument("keep", type=code_arg, metavar="KEEP_CODE")
    p.add_argument("other", type=code_arg, metavar="OTHER_CODE")
    p = command(
        "keep-both",
        cmd_keep_both,
        "это разные люди: снять пометку «вероятный дубль» или «общий контакт»",
        "two people, not one: clear the «probable duplicate» or «shared contact» flag",
    )
    acting(p, Acting.ORGANISER)
    p.add_argument("code", type=code_arg)
    p = command(
        "refund",
        cmd_refund,
        "деньги, оплаченные дважды, возвращены: отметить (кем и когда — в журнал и в отчёт)",
        "the money paid twice is given back: mark it so (who and when go to the audit log and "
        "the report)",
    )
    acting(p, Acting.ORGANISER)
    p.add_argument("code", type=code_arg)
    p = command(
        "reviewed",
        cmd_reviewed,
        "двойные проходы на стойках без хаба и изменения одного поля на двух стойках "
        "проверены: отметить (кем и когда — в журнал); они уходят из списка kiosk review в "
        "проверенные",
        "the admissions twice at desks without the hub and the fields changed at two desks are "
        "looked at: mark them so (who and when go to the audit log); they leave the kiosk "
        "review list for the reviewed ones",
    )
    acting(p, Acting.ORGANISER)
    p.add_argument("code", type=code_arg)
    p.add_argument(
        "--day",
        type=day_arg,
        help=tr(
            "ГГГГ-ММ-ДД: только двойные проходы этого дня (по умолчанию все дни человека и "
            "изменения на двух стойках)",
            "YYYY-MM-DD: only the double admissions of this day (default: every day of the "
            "person's, and the changes at two desks)",
        ),
    )
