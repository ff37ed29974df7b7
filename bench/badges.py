"""Badge rendering speed: ours against the obvious way, in the same run.

    python -m bench.badges [--quick] [--json FILE]

Ours: one canvas for the whole batch, fonts registered once, the QR one merged path.
Baseline: what one writes first with ReportLab — a new canvas per badge, ReportLab's own
QrCodeWidget drawn through a Drawing, plain drawString text.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import statistics
import time
from collections.abc import Callable

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from kiosk.badges.layouts import Layout, load_layout
from kiosk.badges.model import BadgeInfo, DayMark
from kiosk.badges.render import BOLD, REGULAR, _fonts, render_badges
from kiosk.codes import new_code

DAYS = (
    DayMark("27.11 ТРЕНИНГ", "training", False),
    DayMark("28.11 КОНФЕРЕНЦИЯ", "conference", True),
)


def people(count: int) -> list[BadgeInfo]:
    return [
        BadgeInfo(
            new_code(),
            "Александра",
            "Константинопольская",
            "ООО «Дальрыбсервис»",
            "Руководитель отдела продаж",
            "Сервис NEXT",
            "КОМФОРТ",
            "#1E6FB8",
            DAYS,
        )
        for _ in range(count)
    ]


def baseline_badge(badge: BadgeInfo, layout: Layout) -> bytes:
    """The obvious way: a canvas per badge and ReportLab's QR widget."""
    buffer = io.BytesIO()
    width, height = layout.page_mm[0] * mm, layout.page_mm[1] * mm
    c = Canvas(buffer, pagesize=(width, height))
    c.setFont(BOLD, 22)
    c.drawString(4 * mm, height - 16 * mm, badge.first_name)
    c.setFont(REGULAR, 14)
    c.drawString(4 * mm, height - 24 * mm, badge.last_name)
    c.setFont(REGULAR, 9)
    c.drawString(4 * mm, height - 30 * mm, badge.company)
    c.drawString(4 * mm, height - 34 * mm, badge.position)
    c.setFillColorRGB(0.12, 0.44, 0.72)
    c.rect(0, 0, width, 11 * mm, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    c.setFont(BOLD, 15)
    c.drawCentredString(width / 2, 4 * mm, badge.band_label)
    widget = QrCodeWidget(badge.code, barLevel="H")
    x0, y0, x1, y1 = widget.getBounds()
    size = 23 * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, c, 64 * mm, height - 26.5 * mm)
    c.setFillColorRGB(0, 0, 0)
    c.setFont(REGULAR, 6)
    c.drawString(64 * mm, height - 29 * mm, badge.code)
    c.showPage()
    c.save()
    return buffer.getvalue()


def timed(work: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times


def run(quick: bool = False) -> dict[str, float]:
    _fonts()
    layout = load_layout("badge-90x55")
    batch = people(50 if quick else 1000)
    singles = people(10 if quick else 100)
    render_badges(singles[:2], layout)  # warm: fonts, layout, code paths
    baseline_badge(singles[0], layout)

    ours_one = timed(lambda: render_badges([singles[0]], layout), len(singles))
    base_one = timed(lambda: baseline_badge(singles[0], layout), len(singles))
    start = time.perf_counter()
    pdf = render_badges(batch, layout)
    ours_batch = time.perf_counter() - start
    start = time.perf_counter()
    baseline_size = sum(len(baseline_badge(b, layout)) for b in batch)
    base_batch = time.perf_counter() - start
    return {
        "badge_ms": statistics.median(ours_one) * 1000,
        "baseline_badge_ms": statistics.median(base_one) * 1000,
        "batch_size": float(len(batch)),
        "batch_s": ours_batch,
        "batch_mb": len(pdf) / 1e6,
        "badges_per_s": len(batch) / ours_batch,
        "baseline_batch_s": base_batch,
        "baseline_batch_mb": baseline_size / 1e6,
        "badge_speedup": base_batch / ours_batch,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()
    result = run(args.quick)
    print(
        f"machine: {platform.machine()}, {platform.processor() or '?'}, "
        f"Python {platform.python_version()}"
    )
    for key, value in result.items():
        print(f"{key:<20} {value:10.2f}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(result, out, indent=2)


if __name__ == "__main__":
    main()
