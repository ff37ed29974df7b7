"""Drawing badges into one PDF with ReportLab: fitted text, colour band, day marks, vector QR.

Everything slow is done once: fonts are registered and their glyph maps read at first use,
text widths come from the font metrics, and the whole batch goes onto one canvas. The QR is
one path of merged runs of dark modules, so a rasteriser leaves no hairline gaps.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Final

import qrcode
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from kiosk.badges.layouts import Box, Layout
from kiosk.badges.model import BadgeInfo, DayMark
from kiosk.config import RESOURCES

FONTS: Final = RESOURCES / "fonts"
REGULAR: Final = "PTSans"
BOLD: Final = "PTSans-Bold"
LEADING: Final = 1.16
QUIET_ZONE: Final = 4
MIN_MODULE_MM: Final = 0.5
ELLIPSIS: Final = "…"
MASK: Final = 2
INK: Final = HexColor("#1B1B1B")
MUTED: Final = HexColor("#6B7280")
FAINT: Final = HexColor("#C9CDD3")
WHITE: Final = HexColor("#FFFFFF")

# Characters the font may lack but which have a plain stand-in.
_STAND_INS: Final = {"ʼ": "'", "‘": "'", "’": "'", "`": "'", "´": "'", "‐": "-", "‑": "-"}


@cache
def _fonts() -> dict[str, frozenset[int]]:
    """Register the TrueType fonts once; returns the code points each can draw."""
    covered: dict[str, frozenset[int]] = {}
    for name, file in ((REGULAR, "PTSans-Regular.ttf"), (BOLD, "PTSans-Bold.ttf")):
        font = TTFont(name, str(FONTS / file))
        pdfmetrics.registerFont(font)
        covered[name] = frozenset(font.face.charToGlyph)
    return covered


def drawable(text: str, font: str = REGULAR) -> str:
    """NFC text with characters the font cannot draw replaced or dropped (no black boxes)."""
    covered = _fonts()[font]
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) in covered:
            out.append(ch)
        elif ch in _STAND_INS and ord(_STAND_INS[ch]) in covered:
            out.append(_STAND_INS[ch])
        elif ch.isspace():
            out.append(" ")
        else:
            # Accented letters the font lacks may still have a drawable base letter.
            base = unicodedata.normalize("NFD", ch)[0]
            if base != ch and ord(base) in covered:
                out.append(base)
    return " ".join("".join(out).split())


@dataclass(frozen=True)
class Fitted:
    size: float
    lines: tuple[str, ...]


def _width(text: str, font: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, font, size))


def _truncate(text: str, font: str, size: float, width: float) -> str:
    if _width(text, font, size) <= width:
        return text
    while text and _width(text + ELLIPSIS, font, size) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def _splits(text: str) -> list[tuple[str, str]]:
    """Two-line splits, at a space or after a hyphen; by letter only if there is neither."""
    options = []
    for i, ch in enumerate(text):
        if ch == " ":
            options.append((text[:i], text[i + 1 :]))
        elif ch == "-" and 0 < i < len(text) - 1:
            options.append((text[: i + 1], text[i + 1 :]))
    if not options:
        options = [(text[:i], text[i:]) for i in range(1, len(text))]
    return options


def fit_text(text: str, font: str, box: Box) -> Fitted:
    """The largest size (max_pt down to min_pt) at which the text fits the box.

    One line is tried first; then, if the box allows, two lines broken at the most balanced
    space or hyphen; as a last resort the text is cut with an ellipsis at the minimum size.
    """
    if not text:
        return Fitted(box.max_pt, ())
    _fonts()
    width, height = box.w * mm, box.h * mm
    one = _width(text, font, 1.0)
    size = min(box.max_pt, width / one if one else box.max_pt, height / LEADING)
    if size >= box.min_pt:
        return Fitted(_floor(size), (text,))
    if box.lines >= 2 and len(text) > 1:
        best: tuple[float, tuple[str, str]] | None = None
        for first, second in _splits(text):
            widest = max(_width(first, font, 1.0), _width(second, font, 1.0)) or 1.0
            fits = min(box.max_pt, width / widest, height / (2 * LEADING))
            if best is None or fits > best[0]:
                best = (fits, (first, second))
        assert best is not None
        fits, (first, second) = best
        if fits >= box.min_pt:
            return Fitted(_floor(fits), (first, second))
        size = min(box.min_pt, height / (2 * LEADING))
        return Fitted(
            size, (_truncate(first, font, size, width), _truncate(second, font, size, width))
        )
    size = min(box.min_pt, height / LEADING)
    return Fitted(size, (_truncate(text, font, size, width),))


def _floor(size: float) -> float:
    return int(size * 4) / 4  # quarter points: stable output, never over the box


def _luminance(color: Color) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(color.red) + 0.7152 * linear(color.green) + 0.0722 * linear(color.blue)


def contrast_ink(color: Color) -> Color:
    """Black or white, whichever reads better on `color`."""
    return INK if _luminance(color) > 0.35 else WHITE


_LEVELS: Final = (ERROR_CORRECT_H, ERROR_CORRECT_Q, ERROR_CORRECT_M, ERROR_CORRECT_L)


@cache
def _qr_plan(length: int, box_mm: float) -> tuple[int, int]:
    """(error correction, version) for a payload of this length in a box of this size.

    The strongest correction whose symbol still has modules of at least 0.5 mm with the
    4-module quiet zone; codes of one length always get the same plan.
    """
    for level in _LEVELS:
        probe = qrcode.QRCode(error_correction=level, box_size=1, border=0)
        probe.add_data("A" * max(length, 1))  # alphanumeric, as codes are
        probe.make(fit=True)
        version = int(probe.version)
        modules = 17 + 4 * version + 2 * QUIET_ZONE
        if box_mm / modules >= MIN_MODULE_MM:
            return level, version
    raise ValueError(f"a QR code of {length} characters does not fit {box_mm} mm")


def qr_matrix(payload: str, box_mm: float) -> list[list[bool]]:
    """The QR modules for `payload`.

    The mask pattern is fixed: the standard allows any of the eight, and searching for the
    one with the lowest penalty costs 3 ms a badge, more than drawing the rest of it; every
    code is decoded back at 150 dpi in the tests.
    """
    level, version = _qr_plan(len(payload), box_mm)
    code = qrcode.QRCode(
        version=version, error_correction=level, box_size=1, border=0, mask_pattern=MASK
    )
    code.add_data(payload.upper())
    code.make(fit=False)
    matrix: list[list[bool]] = code.get_matrix()
    return matrix


class _Painter:
    """Draws one badge at a position on the canvas (ReportLab's origin is bottom-left)."""

    def __init__(self, canvas: Canvas, layout: Layout) -> None:
        self.c = canvas
        self.layout = layout
        self.page_h = layout.page_mm[1] * mm

    def badge(self, badge: BadgeInfo, left_mm: float, top_mm: float) -> None:
        self.left: float = left_mm * mm
        self.top: float = self.page_h - top_mm * mm
        boxes = self.layout.boxes
        if "band" in boxes:
            self.band(badge, boxes["band"])
        if "event" in boxes:
            self.text(drawable(badge.event_name), REGULAR, boxes["event"], MUTED)
        self.text(drawable(badge.first_name, BOLD), BOLD, boxes["first_name"], INK)
        self.text(drawable(badge.last_name), REGULAR, boxes["last_name"], INK)
        if "company" in boxes:
            self.company(badge, boxes["company"])
        if "days" in boxes and badge.days:
            self.days(badge.days, boxes["days"])
        self.qr(badge.code, boxes["qr"])
        if "code" in boxes:
            self.text(badge.code, REGULAR, boxes["code"], INK)

    def _x(self, box: Box) -> float:
        return float(self.left + box.x * mm)

    def _y_top(self, box: Box) -> float:
        return float(self.top - box.y * mm)

    def text(
        self,
        text: str,
        font: str,
        box: Box,
        color: Color,
        *,
        center_v: bool = False,
        fitted: Fitted | None = None,
    ) -> None:
        fitted = fitted or fit_text(text, font, box)
        if not fitted.lines:
            return
        c = self.c
        c.setFillColor(color)
        c.setFont(font, fitted.size)
        line_h = fitted.size * LEADING
        block = line_h * len(fitted.lines)
        top = self._y_top(box)
        if center_v:
            top -= (box.h * mm - block) / 2
        ascent = fitted.size * 0.93
        for i, line in enumerate(fitted.lines):
            baseline = top - ascent - i * line_h
            x = self._x(box)
            if box.align == "center":
                c.drawCentredString(x + box.w * mm / 2, baseline, line)
            elif box.align == "right":
                c.drawRightString(x + box.w * mm, baseline, line)
            else:
                c.drawString(x, baseline, line)

    def company(self, badge: BadgeInfo, box: Box) -> None:
        company = drawable(badge.company)
        position = drawable(badge.position)
        if company and position and box.lines >= 2:
            # Company and position on two lines, if both fit at a readable size.
            widest = max(_width(company, REGULAR, 1.0), _width(position, REGULAR, 1.0))
            size = min(box.max_pt, box.w * mm / widest, box.h * mm / (2 * LEADING))
            if size >= box.min_pt:
                self.text("", REGULAR, box, INK, fitted=Fitted(_floor(size), (company, position)))
                return
        self.text(company or position, REGULAR, box, INK)

    def band(self, badge: BadgeInfo, box: Box) -> None:
        color = HexColor(badge.band_color)
        self.c.setFillColor(color)
        self.c.rect(
            self._x(box), self._y_top(box) - box.h * mm, box.w * mm, box.h * mm, stroke=0, fill=1
        )
        inner = Box(
            box.x + 2,
            box.y,
            max(box.w - 4, 1),
            box.h,
            box.max_pt,
            box.min_pt,
            box.lines,
            box.bold,
            box.align,
        )
        self.text(drawable(badge.band_label, BOLD), BOLD, inner, contrast_ink(color), center_v=True)

    def days(self, days: Sequence[DayMark], box: Box) -> None:
        c = self.c
        gap = 1.5
        width = (box.w - gap * (len(days) - 1)) / len(days)
        for i, day in enumerate(days):
            cell = Box(
                box.x + i * (width + gap),
                box.y,
                width,
                box.h,
                box.max_pt,
                box.min_pt,
                1,
                True,
                "center",
            )
            x, top = self._x(cell), self._y_top(cell)
            h = cell.h * mm
            c.setLineWidth(0.6)
            if day.included:
                c.setFillColor(INK)
                c.roundRect(x, top - h, cell.w * mm, h, 1.2, stroke=0, fill=1)
                ink = WHITE
            else:
                c.setStrokeColor(FAINT)
                c.roundRect(x, top - h, cell.w * mm, h, 1.2, stroke=1, fill=0)
                c.line(x + 1, top - h + 1, x + cell.w * mm - 1, top - 1)
                ink = FAINT
            label = Box(
                cell.x + 0.8,
                cell.y,
                max(cell.w - 1.6, 1),
                cell.h,
                cell.max_pt,
                cell.min_pt,
                1,
                True,
                "center",
            )
            self.text(drawable(day.label, BOLD), BOLD, label, ink, center_v=True)

    def qr(self, code: str, box: Box) -> None:
        size_mm = min(box.w, box.h)
        matrix = qr_matrix(code, size_mm)
        n = len(matrix)
        module = size_mm * mm / (n + 2 * QUIET_ZONE)
        x0 = self._x(box) + QUIET_ZONE * module
        y0 = self._y_top(box) - QUIET_ZONE * module
        c = self.c
        c.setFillColor(WHITE)
        c.rect(
            self._x(box),
            self._y_top(box) - size_mm * mm,
            size_mm * mm,
            size_mm * mm,
            stroke=0,
            fill=1,
        )
        path = c.beginPath()
        for r, row in enumerate(matrix):
            start = -1
            for col in range(n + 1):
                dark = col < n and row[col]
                if dark and start < 0:
                    start = col
                elif not dark and start >= 0:
                    path.rect(
                        x0 + start * module, y0 - (r + 1) * module, (col - start) * module, module
                    )
                    start = -1
        c.setFillColor(INK)
        c.drawPath(path, stroke=0, fill=1, fillMode=1)  # nonzero winding: one merged shape


def _cut_marks(c: Canvas, layout: Layout) -> None:
    """Short lines in the margins at every badge edge, away from the badges themselves."""
    page_w, page_h = layout.page_mm[0] * mm, layout.page_mm[1] * mm
    length = 4 * mm
    c.setStrokeColor(MUTED)
    c.setLineWidth(0.3)
    width, height = layout.badge_mm[0] * mm, layout.badge_mm[1] * mm
    xs = sorted(
        {o[0] * mm for o in layout.origins_mm()} | {o[0] * mm + width for o in layout.origins_mm()}
    )
    ys = sorted(
        {page_h - o[1] * mm for o in layout.origins_mm()}
        | {page_h - o[1] * mm - height for o in layout.origins_mm()}
    )
    top, bottom = max(ys), min(ys)
    left, right = min(xs), max(xs)
    for x in xs:
        c.line(x, min(top + 1 * mm, page_h), x, min(top + 1 * mm + length, page_h))
        c.line(x, max(bottom - 1 * mm, 0), x, max(bottom - 1 * mm - length, 0))
    for y in ys:
        c.line(max(left - 1 * mm, 0), y, max(left - 1 * mm - length, 0), y)
        c.line(min(right + 1 * mm, page_w), y, min(right + 1 * mm + length, page_w), y)


def render_badges(
    badges: Sequence[BadgeInfo],
    layout: Layout,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """All badges in one PDF, as many per page as the layout holds.

    `progress(done, total)` is called every few badges, for a progress bar.
    """
    _fonts()
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(layout.page_mm[0] * mm, layout.page_mm[1] * mm),
        pageCompression=1,
        invariant=1,
        initialFontName=REGULAR,  # no reference to a font that is not embedded
        initialFontSize=10,
    )
    canvas.setTitle("Badges")
    canvas.setCreator("kiosk-desk")
    painter = _Painter(canvas, layout)
    origins = layout.origins_mm()
    per_page = layout.per_page
    for index, badge in enumerate(badges):
        slot = index % per_page
        if slot == 0 and index:
            canvas.showPage()
        if slot == 0 and layout.cut_marks and per_page > 1:
            _cut_marks(canvas, layout)
        painter.badge(badge, *origins[slot])
        if progress is not None and (index % 25 == 24 or index == len(badges) - 1):
            progress(index + 1, len(badges))
    canvas.save()
    return buffer.getvalue()
