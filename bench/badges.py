"""Badge rendering speed: ours against the obvious way, in the same run.

    python -m bench.badges [--quick] [--json FILE]

Ours: one canvas for a whole batch, the font registered once with only the glyphs in use
embedded, per-layout geometry and fitted labels cached, the QR one path in module units.
Baseline: what one writes first with ReportLab — a new canvas per badge, the TrueType font
registered once with ReportLab's defaults, ReportLab's own QrCodeWidget drawn through a
Drawing with renderPDF, text with drawString.

The floor: the same pages drawn with ReportLab's canvas as barely as can be — our renderer's
own drawing calls recorded beforehand (every text fitted and placed, every QR one path of PDF
operators) and replayed on one canvas with the same fonts, so only drawing and writing the
PDF are timed. Measured in turns with ours, single badges and batches; the batch's ratio is
the median of the ratios of `TURNS` turns (processor time's beside it).

`run(quick=True)` renders 50 badges instead of 1 000 (the 1 000-badge figures are then
extrapolated) and takes a median of 10 single badges instead of 200.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

import reportlab
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from kiosk.badges.fonts import FONTS, REGULAR, coverage
from kiosk.badges.layouts import Layout, load_layout
from kiosk.badges.model import BadgeInfo, DayMark
from kiosk.badges.render import _Painter, render_badge, render_badges
from kiosk.codes import new_code

LAYOUT = "badge-90x55"
DAYS = (
    DayMark("27.11 ТРЕНИНГ", "training", False),
    DayMark("28.11 КОНФЕРЕНЦИЯ", "conference", True),
)
NAMES = [
    ("Александра", "Константинопольская", "ООО «Дальрыбсервис»", "Руководитель отдела продаж"),
    ("Екатерина", "Смирнова", "Ресторан Zuma", "Управляющая"),
    ("Jean-Baptiste", "O'Connor", "ACME International", "Sales Director"),
    ("Ольга", "Федорова", "Комплекс отдыха «Маяк»", ""),
    ("Дмитрий", "Ли", "", "Индивидуальный предприниматель"),
]


def people(count: int) -> list[BadgeInfo]:
    """Varied attendees with fresh codes (names cycle, codes never repeat)."""
    return [
        BadgeInfo(
            code=new_code(),
            first_name=NAMES[i % len(NAMES)][0],
            last_name=NAMES[i % len(NAMES)][1],
            company=NAMES[i % len(NAMES)][2],
            position=NAMES[i % len(NAMES)][3],
            event_name="Сервис NEXT",
            band_label="КОМФОРТ",
            band_color="#1E6FB8",
            days=DAYS,
        )
        for i in range(count)
    ]


@cache
def _baseline_fonts() -> tuple[str, str]:
    """The obvious setup, once per process: the same TTF files with ReportLab's defaults."""
    regular, bold = "Baseline-Regular", "Baseline-Bold"
    pdfmetrics.registerFont(TTFont(regular, str(FONTS / "PTSans-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(bold, str(FONTS / "PTSans-Bold.ttf")))
    return regular, bold


def baseline_badge(badge: BadgeInfo, layout: Layout) -> bytes:
    """The obvious way: a canvas per badge, ReportLab's QR widget, drawString text."""
    regular, bold = _baseline_fonts()
    buffer = io.BytesIO()
    width, height = layout.page_mm[0] * mm, layout.page_mm[1] * mm
    c = Canvas(buffer, pagesize=(width, height))
    c.setFillColorRGB(0.4, 0.4, 0.45)
    c.setFont(regular, 8)
    c.drawString(4 * mm, height - 6 * mm, badge.event_name)
    c.setFillColorRGB(0.1, 0.1, 0.1)
    c.setFont(bold, 22)
    c.drawString(4 * mm, height - 16 * mm, badge.first_name)
    c.setFont(regular, 14)
    c.drawString(4 * mm, height - 24 * mm, badge.last_name)
    c.setFont(regular, 9)
    c.drawString(4 * mm, height - 30 * mm, badge.company)
    c.drawString(4 * mm, height - 34 * mm, badge.position)
    c.setFont(bold, 7)
    for i, day in enumerate(badge.days):
        x = (4 + i * 30) * mm
        if day.included:
            c.rect(x, 14 * mm, 28 * mm, 5 * mm, stroke=0, fill=1)
            c.setFillColorRGB(1, 1, 1)
        else:
            c.rect(x, 14 * mm, 28 * mm, 5 * mm, stroke=1, fill=0)
        c.drawCentredString(x + 14 * mm, 15.5 * mm, day.label)
        c.setFillColorRGB(0.1, 0.1, 0.1)
    c.setFillColor(HexColor(badge.band_color))
    c.rect(0, 0, width, 11 * mm, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    c.setFont(bold, 15)
    c.drawCentredString(width / 2, 4 * mm, badge.band_label)
    widget = QrCodeWidget(badge.code)
    x0, y0, x1, y1 = widget.getBounds()
    size = 23 * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, c, 64 * mm, height - 26.5 * mm)
    c.setFillColorRGB(0, 0, 0)
    c.setFont(regular, 6)
    c.drawCentredString(75.5 * mm, height - 29 * mm, badge.code)
    c.showPage()
    c.save()
    return buffer.getvalue()


DRAWING = frozenset(
    {
        "setFillColor",
        "setStrokeColor",
        "setLineWidth",
        "setFont",
        "drawString",
        "drawCentredString",
        "drawRightString",
        "rect",
        "roundRect",
        "line",
        "addLiteral",
    }
)
"""The canvas calls that put something on the page (not the ones that only measure)."""

Drawn = list[tuple[str, tuple[Any, ...], dict[str, Any]]]


class _Recorder:
    """A canvas that passes every call on and notes the drawing ones."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.calls: Drawn = []

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.canvas, name)
        if name not in DRAWING:
            return method

        def call(*args: Any, **kwargs: Any) -> Any:
            self.calls.append((name, args, kwargs))
            return method(*args, **kwargs)

        return call


def drawn_by_ours(badges: list[BadgeInfo], layout: Layout) -> list[Drawn]:
    """Every drawing call our renderer makes for each badge (outside any time)."""
    coverage()
    recorder = _Recorder(Canvas(io.BytesIO(), pagesize=(layout.page_mm[0] * mm, 1)))
    painter = _Painter(recorder, layout)  # type: ignore[arg-type]
    origin = layout.origins_mm()[0]
    found = []
    for badge in badges:
        recorder.calls = []
        painter.badge(badge, *origin)
        found.append(recorder.calls)
    return found


def floor_badges(pages: list[Drawn], layout: Layout) -> bytes:
    """The same pages drawn barely: our drawing calls, every text placed, fitted and every QR
    made beforehand, replayed on one canvas (one badge a page, as the layout has it)."""
    buffer = io.BytesIO()
    c = Canvas(
        buffer,
        pagesize=(layout.page_mm[0] * mm, layout.page_mm[1] * mm),
        pageCompression=1,
        invariant=1,
        initialFontName=REGULAR,
        initialFontSize=10,
    )
    for calls in pages:
        for name, args, kwargs in calls:
            getattr(c, name)(*args, **kwargs)
        c.showPage()
    c.save()
    return buffer.getvalue()


def _paired_medians_ms(
    ours: Callable[[BadgeInfo], object],
    baseline: Callable[[BadgeInfo], object],
    badges: list[BadgeInfo],
) -> tuple[float, float]:
    """Median times of one badge each way, taken in turns so that a busy moment of a shared
    machine slows both alike."""
    ours_times, base_times = [], []
    for badge in badges:
        start = time.perf_counter()
        ours(badge)
        middle = time.perf_counter()
        baseline(badge)
        ours_times.append(middle - start)
        base_times.append(time.perf_counter() - middle)
    return statistics.median(ours_times) * 1000, statistics.median(base_times) * 1000


TURNS: Final = 7
"""Batches made each way, in turns with the floor (a 1 000-badge batch takes 1–2 s)."""
TURNS_QUICK: Final = 5


@dataclass(frozen=True)
class _Turn:
    ours_s: float
    floor_s: float
    ours_cpu_s: float
    floor_cpu_s: float


def _batch_turns(
    ours: Callable[[], object], floor: Callable[[], object], count: int
) -> list[_Turn]:
    """Both batches `count` times, in turns, which goes first changing every turn (a busy
    second of a shared machine falls on either alike): wall and processor time of each.

    Each batch begins with the same garbage collector: the benchmark's own objects (the
    people, the floor's recorded pages) are set aside from it while the batches are made, and
    what one batch left is collected before the next, untimed. Otherwise a full collection
    over the recorded pages fell into whichever batch crossed the collector's threshold
    (ours, which makes more objects, more often: 0.1–0.2 s of a 2 s batch)."""
    gc.collect()
    gc.freeze()
    try:
        turns = []
        for turn in range(count):
            times: dict[str, tuple[float, float]] = {}
            for name in ("ours", "floor") if turn % 2 == 0 else ("floor", "ours"):
                gc.collect()
                wall, cpu = time.perf_counter(), time.process_time()
                (ours if name == "ours" else floor)()
                times[name] = (time.perf_counter() - wall, time.process_time() - cpu)
            turns.append(
                _Turn(times["ours"][0], times["floor"][0], times["ours"][1], times["floor"][1])
            )
        return turns
    finally:
        gc.unfreeze()


def run(quick: bool = False) -> dict[str, float]:
    """Measure both ways on the same badges.

    Keys: badge_ms and baseline_badge_ms (one badge to PDF bytes, median), badges_per_s,
    batch_1000_s and batch_1000_mb (ours); badge_speedup, how many times longer the obvious
    way (a canvas per badge, as issue 3 describes it) takes to make the same batch; and
    single_badge_speedup, baseline_badge_ms / badge_ms, where both sides spend most of the
    time embedding the font subsets into a PDF of their own. Also the batch figures behind.
    """
    layout = load_layout(LAYOUT)
    count = 50 if quick else 1000
    batch = people(count)
    singles = people(10 if quick else 200)
    pages = dict(zip(batch + singles, drawn_by_ours(batch + singles, layout), strict=True))
    # Warm up all three: font registration, layout geometry, code paths.
    render_badges(singles[:3], layout)
    baseline_badge(singles[0], layout)
    floor_badges([pages[b] for b in singles[:3]], layout)

    ours_ms, base_ms = _paired_medians_ms(
        lambda b: render_badge(b, layout), lambda b: baseline_badge(b, layout), singles
    )
    paired_ms, floor_ms = _paired_medians_ms(
        lambda b: render_badge(b, layout), lambda b: floor_badges([pages[b]], layout), singles
    )

    batch_pages = [pages[b] for b in batch]
    made: list[bytes] = []
    turns = _batch_turns(
        lambda: made.append(render_badges(batch, layout)),
        lambda: floor_badges(batch_pages, layout),
        TURNS_QUICK if quick else TURNS,
    )
    pdf = made[-1]
    batch_s = min(t.ours_s for t in turns)
    floor_batch_s = min(t.floor_s for t in turns)
    batch_ratio = statistics.median(t.ours_s / t.floor_s for t in turns)
    batch_cpu_ratio = statistics.median(t.ours_cpu_s / t.floor_cpu_s for t in turns)
    start = time.perf_counter()
    base_bytes = sum(len(baseline_badge(b, layout)) for b in batch)
    base_batch_s = time.perf_counter() - start

    if count == 1000:
        batch_1000_s, batch_1000_bytes = batch_s, float(len(pdf))
    else:
        # The fonts are embedded once per PDF: 1 000 badges cost the first one and 999 times
        # the cost of one more, not 20 times a batch of 50.
        one_bytes = len(render_badge(batch[0], layout))
        batch_1000_s = ours_ms / 1000 + 999 * (batch_s - ours_ms / 1000) / (count - 1)
        batch_1000_bytes = one_bytes + 999 * (len(pdf) - one_bytes) / (count - 1)
    return {
        "badge_ms": ours_ms,
        "badges_per_s": count / batch_s,
        "batch_1000_s": batch_1000_s,
        "batch_1000_mb": batch_1000_bytes / 1e6,
        "baseline_badge_ms": base_ms,
        "badge_speedup": base_batch_s / batch_s,
        "single_badge_speedup": base_ms / ours_ms,
        "badge_floor_ms": floor_ms,
        "floor_batch_s": floor_batch_s,
        "badge_single_floor_ratio": paired_ms / floor_ms,
        "badge_batch_floor_ratio": batch_ratio,
        "badge_batch_floor_ratio_cpu": batch_cpu_ratio,
        "badge_batch_turns": float(len(turns)),
        "badge_floor_ratio": max(paired_ms / floor_ms, batch_ratio),
        "batch_size": float(count),
        "batch_s": batch_s,
        "batch_mb": len(pdf) / 1e6,
        "baseline_batch_s": base_batch_s,
        "baseline_batch_mb": base_bytes / 1e6,
    }


def report(result: dict[str, float]) -> str:
    count = int(result["batch_size"])
    note = "" if count == 1000 else f" (extrapolated from {count})"
    rows = [
        ("one badge to PDF bytes, warm, median", "badge_ms", "baseline_badge_ms", "ms", "< 20"),
        (f"batch of {count} badges", "batch_s", "baseline_batch_s", "s", ""),
        (f"size of the batch of {count}", "batch_mb", "baseline_batch_mb", "MB", ""),
    ]
    lines = [f"{'':<42}{'ours':>10}{'baseline':>12}  target"]
    for title, ours, base, unit, target in rows:
        lines.append(
            f"{title:<42}{result[ours]:>8.2f} {unit:<2}{result[base]:>9.2f} {unit:<2} {target}"
        )
    lines += [
        f"1 000 badges{note}: {result['batch_1000_s']:.2f} s (target < 5 s), "
        f"{result['batch_1000_mb']:.2f} MB (target < 5 MB), "
        f"{result['badges_per_s']:.0f} badges/s",
        f"speed-up over the baseline: {result['badge_speedup']:.1f}× making the batch "
        f"(target ≥ 4×), {result['single_badge_speedup']:.1f}× for one badge on its own",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50 badges instead of 1 000")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()
    result = run(args.quick)
    print(
        f"{platform.machine()}, Python {platform.python_version()}, "
        f"ReportLab {reportlab.Version}, layout {LAYOUT}"
    )
    print(report(result))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(result, out, indent=2)


if __name__ == "__main__":
    main()
