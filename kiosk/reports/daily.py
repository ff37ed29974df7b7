"""The end-of-day report: a PDF with the day's figures for the organiser and the sponsors —
attendance by tariff and category, arrivals over time, the desks, the money per desk and
method, refused scans and the event as a whole. Counts only: no names, no phones."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from kiosk import present
from kiosk.config import Event
from kiosk.i18n import tr
from kiosk.present import money
from kiosk.reports.charts import arrivals_chart, desk_hours_chart
from kiosk.reports.model import DaySummary, GroupFigure, MoneyFigure
from kiosk.reports.pdf import (
    CELL_PADDING,
    build,
    content_width,
    paragraph,
    table_style,
    text,
    wrapped_cell,
)


def render_day_report(summary: DaySummary, event: Event) -> bytes:
    """The PDF's bytes."""
    stamp = event.local_time(summary.generated_at).strftime("%d.%m.%Y %H:%M")
    title = tr("Итоги дня {d:%d.%m.%Y}", "Summary of {d:%d.%m.%Y}", d=summary.day)
    story: list[Flowable] = [
        paragraph(summary.event_name, "title"),
        paragraph(f"{title} — {summary.day_title}", "heading"),
        paragraph(
            tr("По состоянию на {t}", "As of {t}", t=stamp),
            "subtitle",
        ),
        _key_figures(summary),
        *_nobody(summary),
        *_arrivals(summary, event),
        *_groups(tr("По тарифам", "By tariff"), tr("Тариф", "Tariff"), summary.by_tariff),
        *_groups(
            tr("По категориям", "By category"), tr("Категория", "Category"), summary.by_category
        ),
        *_desks(summary, event),
        *_money(summary),
        *_refusals(summary),
        *_event(summary),
    ]
    return build(
        story,
        title=f"{summary.event_name}: {title}",
        stamp=stamp,
        author=summary.event_name,
    )


def _key_figures(summary: DaySummary) -> Table:
    total = summary.money
    rows = [
        [tr("Пришли", "Arrived"), present.of_total(summary.arrived, summary.expected)],
        [tr("Не пришли", "Did not come"), str(summary.still_to_come)],
        [
            tr("Внесены позже", "Entered afterwards"),
            tr(
                "{n} (без времени прихода: {k})",
                "{n} (without an arrival time: {k})",
                n=summary.entered_afterwards,
                k=summary.arrived_without_time,
            ),
        ],
        [tr("Принято денег", "Money taken"), money(total.taken)],
        [
            tr("  из них наличными / картой", "  of it in cash / by card"),
            f"{money(total.cash)} / {money(total.card)}",
        ],
        *_refund_figures(summary),
        [
            tr("Выставлено счетов (не деньги)", "Invoices issued (not money taken)"),
            money(total.invoice),
        ],
        [
            tr("Доплаты за тариф", "Tariff upgrades"),
            tr(
                "{n} на {m}",
                "{n} for {m}",
                n=len(summary.upgrades),
                m=money(summary.upgrades_total),
            ),
        ],
        [tr("Отказов на входе", "Scans refused"), str(len(summary.refusals))],
        *_offline_duplicate_figures(summary),
    ]
    width = content_width()
    table = Table(
        [[text(a), text(b)] for a, b in rows], colWidths=[width * 0.45, width * 0.3], hAlign="LEFT"
    )
    table.setStyle(table_style(header=False, size=9.5))
    return table


def _offline_duplicate_figures(summary: DaySummary) -> list[list[str]]:
    """People admitted twice at desks without the hub (the first admission counted, the others
    set aside), per person and day, whatever the day: still to review, and reviewed."""
    decisions = summary.decisions
    to_review, reviewed = decisions.offline_duplicates, decisions.offline_duplicates_reviewed
    if not to_review and not reviewed:
        return []
    return [
        [
            tr("Прошли дважды на стойках без хаба", "Admitted twice at desks without the hub"),
            tr(
                "к проверке: {n}, проверено: {k}",
                "to review: {n}, reviewed: {k}",
                n=len(to_review),
                k=len(reviewed),
            ),
        ]
    ]


def _nobody(summary: DaySummary) -> list[Flowable]:
    """A day nobody was expected on says so, not only in zeros."""
    if summary.expected:
        return []
    return [
        Spacer(1, 3 * mm),
        paragraph(
            tr(
                "В этот день никого не ждали: участников на этот день нет.",
                "Nobody was expected on this day: no attendees for it.",
            ),
            "body",
        ),
    ]


def _arrivals(summary: DaySummary, event: Event) -> list[Flowable]:
    opens = datetime.combine(summary.day, summary.opens, tzinfo=event.tz) if summary.opens else None
    items: list[Flowable] = [
        paragraph(
            tr("Приход по {n} минут", "Arrivals per {n} minutes", n=5),
            "heading",
        ),
        arrivals_chart(summary.arrivals, event, opens=opens, width=content_width(), height=62 * mm),
    ]
    if summary.arrived_without_time:
        items.append(
            paragraph(
                tr(
                    "Без времени прихода (внесены позже) и потому не на графике: {n}.",
                    "Without an arrival time (entered afterwards), so not on the chart: {n}.",
                    n=summary.arrived_without_time,
                ),
                "note",
            )
        )
    return [CondPageBreak(80 * mm), KeepTogether(items)]


def _groups(heading: str, first: str, figures: Sequence[GroupFigure]) -> list[Flowable]:
    if not figures:
        return []
    rows = [
        [
            first,
            tr("Ожидались", "Expected"),
            tr("Пришли", "Arrived"),
            tr("Доля", "Share"),
            tr("Не пришли", "Missing"),
        ]
    ]
    rows += [
        [
            g.title,
            str(g.expected),
            str(g.arrived),
            present.percent(g.arrived, g.expected),
            str(g.missing),
        ]
        for g in figures
    ]
    expected = sum(g.expected for g in figures)
    arrived = sum(g.arrived for g in figures)
    missing = sum(g.missing for g in figures)
    rows.append(
        [
            tr("Всего", "Total"),
            str(expected),
            str(arrived),
            present.percent(arrived, expected),
            str(missing),
        ]
    )
    return _table(heading, rows, [0.4, 0.15, 0.15, 0.15, 0.15], total=True)


def _desks(summary: DaySummary, event: Event) -> list[Flowable]:
    if not summary.desks:
        return []
    rows = [
        [
            tr("Стойка", "Desk"),
            tr("Отмечено", "Checked in"),
            tr("Первый", "First"),
            tr("Последний", "Last"),
            tr("Больше всего", "Busiest hour"),
        ]
    ]
    for desk in summary.desks:
        busiest = max(desk.per_hour, key=lambda pair: pair[1], default=None)
        rows.append(
            [
                desk.desk or "—",
                str(desk.checkins),
                present.local_time(event, desk.first_at),
                present.local_time(event, desk.last_at),
                f"{present.hour_range(busiest[0])}: {busiest[1]}" if busiest else "—",
            ]
        )
    items = _table(tr("По стойкам", "By desk"), rows, [0.3, 0.14, 0.14, 0.14, 0.28])
    chart = desk_hours_chart(summary.desks, width=content_width(), height=48 * mm)
    if chart.contents:
        # The caption goes with its chart: never left alone at the foot of a page.
        caption = paragraph(
            tr("Человек в час на каждой стойке", "People per hour at each desk"), "body"
        )
        items.append(KeepTogether([Spacer(1, 3 * mm), caption, chart]))
    return items


def _refund_figures(summary: DaySummary) -> list[list[str]]:
    """Money paid twice: given back this day, and still owed (whatever the day it was paid)."""
    total = summary.money
    owed = summary.decisions.double_payments
    rows = []
    if total.refunded:
        rows += [
            [
                tr("Возвращено (двойные оплаты)", "Refunded (double payments)"),
                money(total.refunded),
            ],
            [tr("Принято за вычетом возвратов", "Money taken less refunds"), money(total.kept)],
        ]
    if owed:
        rows.append(
            [
                tr("Двойные оплаты к возврату", "Double payments to refund"),
                tr(
                    "{n} на {m}",
                    "{n} for {m}",
                    n=len(owed),
                    m=money(summary.decisions.to_refund),
                ),
            ]
        )
    return rows


def _money_rows(first: str, figures: Sequence[MoneyFigure]) -> list[list[str]]:
    rows = [
        [
            first,
            tr("Наличные", "Cash"),
            tr("Карта", "Card"),
            tr("Принято", "Taken"),
            tr("Счета", "Invoices"),
            tr("Платежей", "Payments"),
            tr("Возвращено", "Refunded"),
        ]
    ]
    for m in figures:
        rows.append(
            [
                m.name or "—",
                money(m.cash),
                money(m.card),
                money(m.taken),
                money(m.invoice),
                str(m.payments),
                money(m.refunded),
            ]
        )
    cash = sum(m.cash for m in figures)
    card = sum(m.card for m in figures)
    invoice = sum(m.invoice for m in figures)
    count = sum(m.payments for m in figures)
    refunded = sum(m.refunded for m in figures)
    rows.append(
        [
            tr("Всего", "Total"),
            money(cash),
            money(card),
            money(cash + card),
            money(invoice),
            str(count),
            money(refunded),
        ]
    )
    return rows


def _money(summary: DaySummary) -> list[Flowable]:
    if not summary.payments and not summary.upgrades and not summary.money.refunded:
        return [
            paragraph(tr("Деньги", "Money"), "heading"),
            paragraph(tr("Оплат в этот день не было.", "No payments on this day."), "body"),
        ]
    widths = [0.22, 0.13, 0.13, 0.13, 0.13, 0.12, 0.14]
    items = _table(
        tr("Деньги по стойкам и способам оплаты", "Money per desk and method"),
        _money_rows(tr("Стойка", "Desk"), summary.money_by_desk),
        widths,
        total=True,
    )
    items += _table(
        tr("Деньги по операторам", "Money per operator"),
        _money_rows(tr("Оператор", "Operator"), summary.money_by_operator),
        widths,
        total=True,
    )
    items.append(
        paragraph(
            tr(
                "Наличные за вычетом возвращённых наличными — то, что должно быть в кассе стойки "
                "в конце смены. «Возвращено» — двойные оплаты, отданные в этот день на этой "
                "стойке. Счёт — не деньги: он выставлен, оплата придёт позже.",
                "Cash less the cash given back is what the desk's drawer should hold at the end "
                "of the shift. «Refunded» is money paid twice and given back that day at that "
                "desk. An invoice is not money taken: the payment comes later.",
            ),
            "note",
        )
    )
    return items


def _refusals(summary: DaySummary) -> list[Flowable]:
    counts = summary.refusals_by_outcome
    if not counts:
        return []
    rows = [[tr("Причина отказа", "Why refused"), tr("Сколько", "How many")]]
    rows += [
        [present.outcome(code), str(n)] for code, n in sorted(counts.items(), key=lambda c: -c[1])
    ]
    rows.append([tr("Всего", "Total"), str(sum(counts.values()))])
    return _table(tr("Отказы на входе", "Refused scans"), rows, [0.5, 0.2], total=True)


def _event(summary: DaySummary) -> list[Flowable]:
    rows = [
        [
            tr("День", "Day"),
            tr("Ожидались", "Expected"),
            tr("Пришли", "Arrived"),
            tr("Доля", "Share"),
        ]
    ]
    rows += [
        [
            f"{present.day_label(d.day)} {d.title}",
            str(d.expected),
            str(d.arrived),
            present.percent(d.arrived, d.expected),
        ]
        for d in summary.days
    ]
    items = _table(tr("Событие целиком", "The event as a whole"), rows, [0.55, 0.15, 0.15, 0.15])
    items.append(
        paragraph(
            tr(
                "Участников: {p}; пришли хотя бы в один день: {a}; регистраций отменено: {c}.",
                "Attendees: {p}; came on at least one day: {a}; registrations cancelled: {c}.",
                p=summary.people,
                a=summary.people_arrived,
                c=summary.cancelled,
            ),
            "body",
        )
    )
    return items


def _table(
    heading: str, rows: list[list[str]], widths: Sequence[float], *, total: bool = False
) -> list[Flowable]:
    width = content_width()
    first, last = width * widths[0], len(rows) - 1
    # The first column holds names (a desk's, an operator's: up to 60 characters) that wrap
    # inside their cell instead of running over the figures beside them.
    table = Table(
        [
            [
                wrapped_cell(cell, "cell_bold" if total and r == last else "cell", first)
                if i == 0 and r > 0
                else text(cell)
                for i, cell in enumerate(row)
            ]
            for r, row in enumerate(rows)
        ],
        colWidths=[width * w for w in widths],
        repeatRows=1,
        hAlign="LEFT",
    )
    style = table_style(total=total)
    style.add("LEFTPADDING", (0, 0), (0, -1), CELL_PADDING)  # the room wrapped_cell measured
    style.add("RIGHTPADDING", (0, 0), (0, -1), CELL_PADDING)
    table.setStyle(style)
    return [KeepTogether([paragraph(heading, "heading"), table])]
