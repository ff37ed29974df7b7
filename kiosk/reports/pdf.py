"""What the organiser's PDFs share: the badges' font (PT Sans) for every text, A4 in black and
white, and a footer with the print date and «page N of M» on every page."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from functools import cache
from typing import Any, Final
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, TableStyle

from kiosk.badges.fonts import BOLD, REGULAR, coverage, drawable
from kiosk.i18n import tr

PAGE: Final = A4
MARGIN: Final = 12 * mm
INK: Final = colors.black
GREY: Final = colors.Color(0.45, 0.45, 0.45)
LIGHT: Final = colors.Color(0.88, 0.88, 0.88)
"""Fills that stay light on any black-and-white printer."""


@cache
def fonts() -> tuple[str, str]:
    """PT Sans registered (with its bold as the family's bold for <b> in paragraphs)."""
    coverage()
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
    )
    return REGULAR, BOLD


_NO_BREAK: Final = re.compile("[\u00a0\u202f]")


def text(value: object) -> str:
    """A value as PT Sans can draw it (for table cells, paragraphs and drawings); the no-break
    spaces of money (``16 000 ₽``) stay no-break, so a sum never wraps inside."""
    return "\u00a0".join(drawable(part) for part in _NO_BREAK.split(str(value)))


def markup(value: object) -> str:
    """A value for a Paragraph: drawable, with &, < and > escaped."""
    return escape(text(value))


@cache
def styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts()
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=15, leading=18, spaceAfter=2),
        "subtitle": ParagraphStyle(
            "subtitle", fontName=regular, fontSize=10, leading=13, textColor=GREY, spaceAfter=6
        ),
        "heading": ParagraphStyle(
            "heading", fontName=bold, fontSize=11.5, leading=14, spaceBefore=9, spaceAfter=4
        ),
        "body": ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=12),
        "note": ParagraphStyle("note", fontName=regular, fontSize=8, leading=10, textColor=GREY),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=8.5, leading=10),
        "cell_bold": ParagraphStyle("cell_bold", fontName=bold, fontSize=8.5, leading=10),
        "letter": ParagraphStyle("letter", fontName=bold, fontSize=10, leading=12),
    }


def table_style(*, header: bool = True, total: bool = False, size: float = 8.5) -> TableStyle:
    """Thin black rules, a light header, numbers on the right (columns from the second)."""
    regular, bold = fonts()
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), regular, size),
        ("LEADING", (0, 0), (-1, -1), size + 2),
        ("GRID", (0, 0), (-1, -1), 0.4, INK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if header:
        commands += [("FONT", (0, 0), (-1, 0), bold, size), ("BACKGROUND", (0, 0), (-1, 0), LIGHT)]
    if total:
        commands += [
            ("FONT", (0, -1), (-1, -1), bold, size),
            ("LINEABOVE", (0, -1), (-1, -1), 1, INK),
        ]
    return TableStyle(commands)


def footer_canvas(printed_at: str, note: str = "") -> Callable[..., Canvas]:
    """A canvas class that writes «Напечатано … · стр. N из M» (and `note`) at the foot of
    every page, once the number of pages is known."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # ReportLab has no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            regular, _bold = fonts()
            width, _height = self._pagesize
            self.setFont(regular, 7.5)
            self.setFillColor(INK)
            line = tr(
                "Напечатано {t} · стр. {n} из {m}",
                "Printed {t} · page {n} of {m}",
                t=printed_at,
                n=self._pageNumber,
                m=total,
            )
            self.drawRightString(width - MARGIN, MARGIN / 2, text(line))
            if note:
                self.drawString(MARGIN, MARGIN / 2, text(note))

    return NumberedCanvas


def build(
    story: list[Flowable],
    *,
    title: str,
    stamp: str,
    note: str = "",
    author: str = "",
) -> bytes:
    """Lay `story` out on A4 pages, `stamp` (when it was printed, at the venue) in the footer;
    the PDF's bytes."""
    fonts()
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 3 * mm,
        title=text(title),
        author=text(author),
        creator="kiosk-desk",
    )
    document.build(story, canvasmaker=footer_canvas(stamp, note))
    return out.getvalue()


CELL_PADDING: Final = 3.5
"""Points between a cell's text and its rules, left and right."""
SMALLEST: Final = 6.0
"""The smallest type a cell shrinks to so that its longest word fits its line."""
_WORD_PARTS: Final = re.compile(r"[^-]+-?|-")
"""A word's pieces a line may end after: the whole word, or its parts each with its hyphen."""


def wrapped_cell(value: object, style: str, width: float, *, lead: str = "") -> Paragraph:
    """A table cell's text that wraps between words (and after a hyphen inside one, as in
    «Промышленно-строительная» or «Анна-Мария», the hyphen kept at the line's end), never
    inside a word: when its longest piece is wider than the cell (`width`, its padding
    included), the cell's type shrinks until it fits, down to `SMALLEST`; only a piece too
    long even then is split. `lead`: words in bold before the value (a surname).

    The lines are broken here rather than by ReportLab, whose own breaking after a hyphen
    dropped the hyphen and left a bold double surname running over the next column."""
    base = styles()[style]
    regular, bold = fonts()
    plain = bold if base.fontName == bold else regular
    room = width - 2 * CELL_PADDING - 1
    words = [(w, True) for w in text(lead).split(" ") if w]
    words += [(w, False) for w in text(value).split(" ") if w]
    pieces = [
        [(piece, bold if strong else plain) for piece in _WORD_PARTS.findall(word)]
        for word, strong in words
    ]
    widest = max(
        (stringWidth(p, font, base.fontSize) for word in pieces for p, font in word), default=0.0
    )
    size = base.fontSize
    if widest > room:
        size = max(SMALLEST, base.fontSize * room / widest)
    fits = widest * size <= room * base.fontSize
    lines: list[list[tuple[str, str, bool]]] = [[]]
    """Each line's pieces: text, font, and whether a space goes before it."""
    used = 0.0
    space = stringWidth(" ", plain, size)
    for word in pieces:
        for i, (piece, font) in enumerate(word):
            spaced = i == 0 and bool(lines[-1])
            needed = stringWidth(piece, font, size) + (space if spaced else 0.0)
            if lines[-1] and used + needed > room:
                lines.append([])
                used, spaced = 0.0, False
                needed = stringWidth(piece, font, size)
            lines[-1].append((piece, font, spaced))
            used += needed
    shown = "<br/>".join(
        "".join(
            (" " if spaced else "") + (f"<b>{escape(piece)}</b>" if font == bold else escape(piece))
            for piece, font, spaced in line
        )
        for line in lines
    )
    return Paragraph(shown, _cell_style(style, round(size, 2), fits))


@cache
def _cell_style(style: str, size: float, fits: bool) -> ParagraphStyle:
    base = styles()[style]
    return ParagraphStyle(
        f"{style}-{size}-{fits}",
        parent=base,
        fontSize=size,
        leading=size + 1.5,
        splitLongWords=0 if fits else 1,
    )


def paragraph(value: object, style: str = "body") -> Paragraph:
    return Paragraph(markup(value), styles()[style])


def content_width() -> float:
    return float(PAGE[0] - 2 * MARGIN)
