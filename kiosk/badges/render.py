"""Drawing badges into one PDF with ReportLab: fitted text, colour band, day marks, vector QR.

Everything that does not depend on the person is done once: the font is registered and its
glyph map read at first use, each layout's boxes are converted to points once, labels that
repeat on every badge (event, band, days) are fitted once, and a batch goes onto one canvas.
The QR is one path of dark runs in module units, so a rasteriser leaves no hairline gaps.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Final

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from kiosk.badges.fit import Fitted, fit_pair, fit_text
from kiosk.badges.fonts import ASCENT, BOLD, DESCENT, LEADING, REGULAR, coverage, drawable
from kiosk.badges.layouts import QUIET_ZONE, Box, Layout
from kiosk.badges.model import BadgeInfo, DayMark
from kiosk.badges.qr import Symbol, encode
from kiosk.i18n import tr

INK: Final = HexColor("#1B1B1B")
WHITE: Final = HexColor("#FFFFFF")
_HEX: Final = re.compile(r"#[0-9A-Fa-f]{6}")
_DAY_GAP_MM: Final = 1.5
_BAND_PADDING_MM: Final = 2.0
_DAY_LABEL_PADDING_MM: Final = 0.8
_CUT_MARK_MM: Final = 4.0  # length of a cut mark
_CUT_MARK_OFFSET_MM: Final = 1.0  # gap between a mark in the margin and the badge
_MIN_MARK_MM: Final = 2.0  # a margin mark shorter than this is not worth drawing
_PRINTABLE_MM: Final = 5.0  # office printers leave about this much of the edge unprinted
_PAPER_EDGE_MM: Final = 3.0
_CHUNK: Final = 8  # QR modules of a row whose rectangles are looked up at once (one byte)
_DARK: Final = re.compile(r"1+")


@dataclass(frozen=True)
class Palette:
    ink: Color
    muted: Color  # event name, position
    off: Color  # a day the person may not enter: outline and label
    cut: Color


COLOUR: Final = Palette(INK, HexColor("#5F6672"), HexColor("#A4AAB3"), HexColor("#6B7280"))
MONOCHROME: Final = Palette(INK, INK, INK, INK)  # thermal printers dither greys into noise


@lru_cache(maxsize=256)
def band_color(value: str) -> Color:
    if not _HEX.fullmatch(value):
        raise ValueError(f"a band colour must be #RRGGBB, got {value!r}")
    return HexColor(value)


def _luminance(color: Color) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(color.red) + 0.7152 * linear(color.green) + 0.0722 * linear(color.blue)


def contrast_ratio(a: Color, b: Color) -> float:
    """WCAG contrast ratio, from 1 (same) to 21 (black on white)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@lru_cache(maxsize=256)
def contrast_ink(color: Color) -> Color:
    """Near-black or white, whichever has the higher contrast on `color`."""
    return INK if contrast_ratio(INK, color) >= contrast_ratio(WHITE, color) else WHITE


@dataclass(frozen=True)
class _Area:
    """A box in points: left edge and top edge measured from the badge's top-left corner."""

    x: float
    y: float
    w: float
    h: float
    box: Box

    def fit(self, text: str, font: str) -> Fitted:
        b = self.box
        return fit_text(text, font, self.w, self.h, b.max_pt, b.min_pt, b.lines)


def _area(box: Box, inset_mm: float = 0.0) -> _Area:
    return _Area(
        (box.x + inset_mm) * mm, box.y * mm, max(box.w - 2 * inset_mm, 1.0) * mm, box.h * mm, box
    )


@lru_cache(maxsize=64)
def _areas(layout: Layout) -> dict[str, _Area]:
    """The layout's boxes in points, worked out once per layout."""
    areas = {name: _area(box) for name, box in layout.boxes.items()}
    if "band" in areas:
        areas["band_text"] = _area(layout.boxes["band"], _BAND_PADDING_MM)
    return areas


@lru_cache(maxsize=64)
def _day_cells(layout: Layout, count: int) -> tuple[tuple[_Area, _Area], ...]:
    """(cell, its label's area) for each of `count` days, side by side in the days box."""
    box = layout.boxes["days"]
    width = (box.w - _DAY_GAP_MM * (count - 1)) / count
    cells = []
    for i in range(count):
        cell = Box(
            x=box.x + i * (width + _DAY_GAP_MM),
            y=box.y,
            w=width,
            h=box.h,
            max_pt=box.max_pt,
            min_pt=box.min_pt,
            lines=1,
            bold=box.bold,
            align="center",
            valign="middle",
        )
        cells.append((_area(cell), _area(cell, _DAY_LABEL_PADDING_MM)))
    return tuple(cells)


class _Painter:
    """Draws badges at positions on one canvas (ReportLab's origin is bottom-left)."""

    def __init__(self, canvas: Canvas, layout: Layout) -> None:
        self.c = canvas
        self.layout = layout
        self.areas = _areas(layout)
        self.palette = MONOCHROME if layout.monochrome else COLOUR
        self.page_h = layout.page_mm[1] * mm
        self.left = 0.0
        self.top = 0.0

    def badge(self, badge: BadgeInfo, left_mm: float, top_mm: float) -> None:
        self.left = left_mm * mm
        self.top = self.page_h - top_mm * mm
        areas = self.areas
        ink = self.palette.ink
        if "band" in areas:
            self.band(badge, areas["band"], areas["band_text"])
        if "event" in areas:
            self.text(badge.event_name, areas["event"], self.palette.muted)
        self.text(badge.first_name, areas["first_name"], ink)
        self.text(badge.last_name, areas["last_name"], ink)
        if "company" in areas:
            self.company(badge, areas["company"])
        if "days" in areas and badge.days:
            self.days(badge.days)
        code = badge.code.strip().upper()
        self.qr(code, areas["qr"])
        if "code" in areas:
            self.text(code, areas["code"], ink)

    @staticmethod
    def font(area: _Area) -> str:
        return BOLD if area.box.bold else REGULAR

    def text(self, text: str, area: _Area, color: Color) -> None:
        font = self.font(area)
        self.lines(area.fit(drawable(text, font), font), area, color)

    def lines(
        self,
        fitted: Fitted,
        area: _Area,
        color: Color,
        *,
        first_line: int = 0,
        total_lines: int = 0,
    ) -> None:
        """Draw fitted lines; `first_line` and `total_lines` place a paragraph in a block."""
        if not fitted.lines:
            return
        c = self.c
        size = fitted.size
        c.setFillColor(color)
        c.setFont(self.font(area), size)
        top = self.top - area.y
        valign = area.box.valign
        if valign != "top":
            count = total_lines or len(fitted.lines)
            spare = area.h - size * (ASCENT + DESCENT + (count - 1) * LEADING)
            top -= spare / 2 if valign == "middle" else spare
        align = area.box.align
        x = self.left + area.x
        for i, line in enumerate(fitted.lines, start=first_line):
            baseline = top - size * (ASCENT + i * LEADING)
            if align == "center":
                c.drawCentredString(x + area.w / 2, baseline, line)
            elif align == "right":
                c.drawRightString(x + area.w, baseline, line)
            else:
                c.drawString(x, baseline, line)

    def company(self, badge: BadgeInfo, area: _Area) -> None:
        font = self.font(area)
        company, position = drawable(badge.company, font), drawable(badge.position, font)
        box = area.box
        if company and position and box.lines >= 2:
            pair = fit_pair(
                company, position, font, area.w, area.h, box.max_pt, box.min_pt, box.lines
            )
            if pair is not None:
                first, second = pair
                total = len(first.lines) + len(second.lines)
                self.lines(first, area, self.palette.ink, total_lines=total)
                self.lines(
                    second,
                    area,
                    self.palette.muted,
                    first_line=len(first.lines),
                    total_lines=total,
                )
                return
        if company:
            self.lines(area.fit(company, font), area, self.palette.ink)
        else:
            self.lines(area.fit(position, font), area, self.palette.muted)

    def band(self, badge: BadgeInfo, area: _Area, text_area: _Area) -> None:
        fill = INK if self.layout.monochrome else band_color(badge.band_color)
        c = self.c
        c.setFillColor(fill)
        c.rect(self.left + area.x, self.top - area.y - area.h, area.w, area.h, stroke=0, fill=1)
        self.text(badge.band_label, text_area, contrast_ink(fill))

    def days(self, days: Sequence[DayMark]) -> None:
        c = self.c
        palette = self.palette
        radius = 1.2 * mm
        for day, (cell, label) in zip(days, _day_cells(self.layout, len(days)), strict=True):
            x, y = self.left + cell.x, self.top - cell.y - cell.h
            font = self.font(cell)
            fitted = label.fit(drawable(day.label, font), font)
            if day.included:
                c.setFillColor(palette.ink)
                c.roundRect(x, y, cell.w, cell.h, radius, stroke=0, fill=1)
                self.lines(fitted, label, WHITE)
                continue
            # A day the person may not enter: hollow, greyed and struck through, so it reads
            # as "no" from a distance even to someone who cannot tell the colours apart.
            c.setStrokeColor(palette.off)
            c.setLineWidth(0.6)
            c.roundRect(x, y, cell.w, cell.h, radius, stroke=1, fill=0)
            self.lines(fitted, label, palette.off)
            if fitted.lines:
                half = (
                    max(c.stringWidth(line, font, fitted.size) for line in fitted.lines) / 2
                    + 0.6 * mm
                )
                middle_x, middle_y = x + cell.w / 2, y + cell.h / 2
                c.setLineWidth(max(fitted.size * 0.09, 0.5))
                c.line(middle_x - half, middle_y, middle_x + half, middle_y)

    def qr(self, code: str, area: _Area) -> None:
        c = self.c
        symbol = encode(code, area.box.w)
        side = area.w  # the symbol and its quiet zone
        module = side / (symbol.size + 2 * QUIET_ZONE)
        left, bottom = self.left + area.x, self.top - area.y - side
        c.setFillColor(WHITE)  # the quiet zone stays clear whatever is around it
        c.rect(left, bottom, side, side, stroke=0, fill=1)
        # One path in module units with the origin at the symbol's top-left and rows counting
        # down: only small integers, abutting rectangles share exact edges, and one fill
        # paints their union, so no rasteriser leaves a hairline between modules. Written as
        # PDF operators with ReportLab's public addLiteral, as its path object would format
        # every coordinate through its general number formatting, for some 180 rectangles.
        ink = self.palette.ink
        origin_y = bottom + side - QUIET_ZONE * module
        c.addLiteral(
            f"q {module:.4f} 0 0 {-module:.4f} {left + QUIET_ZONE * module:.3f} {origin_y:.3f} cm "
            f"{ink.red:.4f} {ink.green:.4f} {ink.blue:.4f} rg\n{_qr_path(symbol)}\nf Q"
        )


@cache
def _chunk_operators(size: int) -> list[str | None]:
    """For a symbol of `size` modules: the `re` operators of every 8 columns of every row,
    by the place and the value of those 8 modules, filled in as they are first met."""
    chunks = -(-size // _CHUNK)
    return [None] * (size * chunks << _CHUNK)


def _operators(row: int, first_column: int, value: int) -> str:
    """`re` operators of the dark runs of 8 modules of a row (the first one the highest bit)."""
    return "\n".join(
        f"{first_column + m.start()} {row} {m.end() - m.start()} 1 re"
        for m in _DARK.finditer(format(value, f"0{_CHUNK}b"))
    )


def _qr_path(symbol: Symbol) -> str:
    """Rectangles, in module units, covering exactly the dark modules of the symbol.

    Each row is read 8 columns at a time, one byte, and the operators of each byte at each
    place are made once and looked up afterwards: for a 25-module symbol at most 25 × 4 × 256
    short strings, and a symbol's path in a fifth of the time of making it run by run (a run
    across two bytes is two abutting rectangles, about 10 % more of them).
    """
    n = symbol.size
    chunks = -(-n // _CHUNK)
    pad = chunks * _CHUNK - n  # light columns on the right, to whole bytes
    known = _chunk_operators(n)
    found = []
    data = b"".join([(bits << pad).to_bytes(chunks, "big") for bits in symbol.rows])
    for i, value in enumerate(data):
        if value:
            key = i << _CHUNK | value
            text = known[key]
            if text is None:
                text = known[key] = _operators(i // chunks, i % chunks * _CHUNK, value)
            found.append(text)
    return "\n".join(found)


def _mark_ends(low: float, high: float, extent: float) -> list[tuple[float, float]]:
    """Where the marks for one cut line go: (start, end) along the line, for both its ends.

    `low` and `high` are where the grid begins and ends along the line, `extent` the page
    size that way. A mark sits in the margin, clear of the badges, where the margin has
    room for it; where it has not (badges printed edge to edge, as 4 × A6 on A4), the mark
    lies on the cut line itself just inside the printable area, and the knife removes it.
    """
    length, offset, inset = _CUT_MARK_MM * mm, _CUT_MARK_OFFSET_MM * mm, _PRINTABLE_MM * mm
    ends = []
    if low - offset - _MIN_MARK_MM * mm >= 0:
        ends.append((low - offset, max(low - offset - length, 0.0)))
    else:
        ends.append((inset, inset + length))
    if high + offset + _MIN_MARK_MM * mm <= extent:
        ends.append((high + offset, min(high + offset + length, extent)))
    else:
        ends.append((extent - inset, extent - inset - length))
    return ends


def _cut_marks(c: Canvas, layout: Layout, palette: Palette) -> None:
    """Short marks at both ends of every cut line of the sheet."""
    page_w, page_h = layout.page_mm[0] * mm, layout.page_mm[1] * mm
    width, height = layout.badge_mm[0] * mm, layout.badge_mm[1] * mm
    origins = layout.origins_mm()
    xs = sorted({o[0] * mm for o in origins} | {o[0] * mm + width for o in origins})
    ys = sorted(
        {page_h - o[1] * mm for o in origins} | {page_h - o[1] * mm - height for o in origins}
    )
    edge = _PAPER_EDGE_MM * mm  # a cut this close to the paper's edge is the edge itself
    c.setStrokeColor(palette.cut)
    c.setLineWidth(0.3)
    for x in xs:
        if edge <= x <= page_w - edge:
            for start, end in _mark_ends(min(ys), max(ys), page_h):
                c.line(x, start, x, end)
    for y in ys:
        if edge <= y <= page_h - edge:
            for start, end in _mark_ends(min(xs), max(xs), page_w):
                c.line(start, y, end, y)


def render_badges(
    badges: Sequence[BadgeInfo],
    layout: Layout,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """All badges in one PDF, as many per page as the layout holds.

    `progress(done, total)` is called every few badges, for a progress bar.
    """
    coverage()
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(layout.page_mm[0] * mm, layout.page_mm[1] * mm),
        pageCompression=1,
        invariant=1,  # the same badges give the same bytes
        initialFontName=REGULAR,  # no reference to a font that is not embedded
        initialFontSize=10,
    )
    canvas.setTitle(tr("Бейджи", "Badges"))
    canvas.setCreator("kiosk-desk")
    painter = _Painter(canvas, layout)
    origins = layout.origins_mm()
    per_page = layout.per_page
    total = len(badges)
    marks = layout.cut_marks and per_page > 1
    for index, badge in enumerate(badges):
        slot = index % per_page
        if slot == 0 and index:
            if marks:  # on top of the badges: a mark on a cut line goes with the knife
                _cut_marks(canvas, layout, painter.palette)
            canvas.showPage()
        painter.badge(badge, *origins[slot])
        if progress is not None and (index % 25 == 24 or index == total - 1):
            progress(index + 1, total)
    if marks and badges:
        _cut_marks(canvas, layout, painter.palette)
    canvas.save()
    return buffer.getvalue()


def render_badge(badge: BadgeInfo, layout: Layout) -> bytes:
    """One badge as a PDF (on a sheet layout: in the first place of the sheet)."""
    return render_badges([badge], layout)
