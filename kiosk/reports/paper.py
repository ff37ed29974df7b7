"""The paper fallback list: everyone expected, in Russian alphabetical order (ё with е, as the
badge batch is ordered, so a pre-printed badge and its line are found the same way), with the
badge code, company, tariff, paid or amount due, and a box to tick for each day. Printed the
evening before, it lets the desk work with a pen if every laptop fails: A4, black and white,
the print date and «page N of M» on every page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table

from kiosk.i18n import tr
from kiosk.present import day_label
from kiosk.reports.model import PaperList, PaperListEntry
from kiosk.reports.pdf import (
    CELL_PADDING,
    INK,
    LIGHT,
    build,
    content_width,
    fonts,
    markup,
    paragraph,
    styles,
    table_style,
    text,
    wrapped_cell,
)
from kiosk.text import fold

BOX: Final = 4.2 * mm
CODE_SIZE: Final = 8.5
DAY_COLUMN: Final = 11 * mm
CHUNK: Final = 60
"""Rows per table: ReportLab lays out the rest of a table again at every page break, so one
table of 10 000 people took 125 s; tables of a couple of pages keep the work per person even."""
PERSONAL_DATA: Final = (
    "Содержит персональные данные: храните у стойки, после события уничтожьте.",
    "Contains personal data: keep it at the desk, destroy it after the event.",
)


class TickBox(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """A square to tick with a pen; ticked already (a line) when the person was checked in that
    day before the list was printed; a dash when the ticket does not include the day."""

    def __init__(self, entitled: bool, ticked: bool) -> None:
        super().__init__()
        self.entitled = entitled
        self.ticked = ticked
        self.width = self.height = BOX

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(INK)
        if not self.entitled:
            canvas.setLineWidth(0.6)
            canvas.line(BOX * 0.3, BOX / 2, BOX * 0.7, BOX / 2)
            return
        canvas.setLineWidth(0.9)
        canvas.rect(0, 0, BOX, BOX)
        if self.ticked:
            canvas.setLineWidth(1.2)
            path = canvas.beginPath()
            path.moveTo(BOX * 0.2, BOX * 0.5)
            path.lineTo(BOX * 0.42, BOX * 0.22)
            path.lineTo(BOX * 0.85, BOX * 0.85)
            canvas.drawPath(path, stroke=1, fill=0)


def _initial(entry: PaperListEntry) -> str:
    folded = fold(entry.last_name)
    return folded[:1].upper() if folded else "—"


def _letter_groups(entries: Sequence[PaperListEntry]) -> list[tuple[str, list[PaperListEntry]]]:
    """The entries under their first letters, in order (ё with е)."""
    groups: list[tuple[str, list[PaperListEntry]]] = []
    for entry in entries:
        initial = _initial(entry)
        if not groups or groups[-1][0] != initial:
            groups.append((initial, []))
        groups[-1][1].append(entry)
    return groups


def render_paper_list(paper: PaperList, stamp: str) -> bytes:
    """The PDF's bytes; `stamp` says when it was printed, at the venue."""
    regular, bold = fonts()
    cell, cell_bold = styles()["cell"], styles()["cell_bold"]
    width = content_width()
    days = paper.days
    # The code column as wide as the widest code, with air on both sides of it.
    code_width = (
        2 * CELL_PADDING
        + 4
        + max(
            (stringWidth(text(e.code), regular, CODE_SIZE) for e in paper.entries),
            default=stringWidth("XXXX-XXXX-XXXX", regular, CODE_SIZE),
        )
    )
    code_width = max(code_width, stringWidth(tr("Код бейджа", "Badge code"), bold, 8.5) + 12)
    fixed = 9 * mm + code_width + DAY_COLUMN * len(days)
    flexible = width - fixed
    widths = [
        9 * mm,
        flexible * 0.31,
        flexible * 0.29,
        flexible * 0.17,
        flexible * 0.23,
        code_width,
        *([DAY_COLUMN] * len(days)),
    ]
    header = [
        "№",
        tr("Фамилия, имя", "Name"),
        tr("Компания", "Company"),
        tr("Тариф", "Tariff"),
        tr("Оплата", "Payment"),
        tr("Код бейджа", "Badge code"),
        *(day_label(d) for d in days),
    ]
    head: list[object] = [text(h) for h in header]
    tables: list[Flowable] = []
    number = 0
    for initial, group in _letter_groups(paper.entries):
        for chunk_start in range(0, len(group), CHUNK):
            rows: list[list[object]] = [
                head,
                [Paragraph(markup(initial), styles()["letter"])] + [""] * (len(header) - 1),
            ]
            for entry in group[chunk_start : chunk_start + CHUNK]:
                number += 1
                payment_style = cell_bold if entry.amount_due > 0 else cell
                rows.append(
                    [
                        str(number),
                        wrapped_cell(entry.given_names, "cell", widths[1], lead=entry.last_name),
                        wrapped_cell(entry.company, "cell", widths[2]),
                        wrapped_cell(entry.tariff_title, "cell", widths[3]),
                        Paragraph(markup(entry.payment), payment_style),
                        text(entry.code),
                        *(TickBox(entitled, ticked) for _day, entitled, ticked in entry.days),
                    ]
                )
            # The header and the letter repeat at the top of every page the table runs onto.
            table = Table(rows, colWidths=widths, repeatRows=2)
            style = table_style()
            style.add("ALIGN", (0, 0), (-1, -1), "LEFT")
            style.add("ALIGN", (0, 2), (0, -1), "RIGHT")
            style.add("ALIGN", (6, 0), (-1, -1), "CENTER")
            style.add("FONT", (5, 2), (5, -1), regular, CODE_SIZE)
            style.add("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING)
            style.add("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING)
            style.add("SPAN", (0, 1), (-1, 1))
            style.add("BACKGROUND", (0, 1), (-1, 1), LIGHT)
            style.add("FONT", (0, 0), (-1, 0), bold, 8.5)
            table.setStyle(style)
            tables.append(table)
    story: list[Flowable] = [
        paragraph(paper.event_name, "title"),
        paragraph(paper.title, "heading"),
        paragraph(
            tr(
                "В списке: {n}. Отметьте галочкой пришедших; «—» — билет не на этот день. "
                "Позже внесите коды отмеченных: «Внести список…» на стойке или "
                "kiosk checkin-batch.",
                "On the list: {n}. Tick those who come; «—»: the ticket is not for that day. "
                "Afterwards enter the ticked codes: «Enter a list…» at the desk or "
                "kiosk checkin-batch.",
                n=len(paper.entries),
            ),
            "note",
        ),
        *tables,
    ]
    if not paper.entries:
        story.append(paragraph(tr("Никого нет в этом списке.", "Nobody is on this list."), "body"))
    return build(
        story,
        title=f"{paper.event_name}: {paper.title}",
        stamp=stamp,
        note=tr(*PERSONAL_DATA),
        author=paper.event_name,
    )
