"""The report's charts as vector drawings (reportlab.graphics), legible in black and white:
arrivals per 5 minutes with the running total and the programme's start, and people per hour
at each desk."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import Final

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors

from kiosk.config import Event
from kiosk.i18n import tr
from kiosk.reports.model import BIN_MINUTES, ArrivalBin, DeskFigure
from kiosk.reports.pdf import GREY, INK, fonts, text
from kiosk.reports.scale import nice_step

BAR: Final = colors.Color(0.62, 0.62, 0.62)
DESK_FILLS: Final = tuple(colors.Color(g, g, g) for g in (0.15, 0.5, 0.8, 0.32, 0.65, 0.95))
"""Grey levels far enough apart to tell the desks apart on a black-and-white printout."""


def arrivals_chart(
    bins: Sequence[ArrivalBin],
    event: Event,
    *,
    opens: datetime | None,
    width: float,
    height: float,
) -> Drawing:
    """Bars: people per `BIN_MINUTES` (left scale); line: everyone so far (right scale); a
    dashed line at the programme's start."""
    regular, _bold = fonts()
    drawing = Drawing(width, height)
    left, right, bottom, top = 34.0, 38.0, 24.0, 26.0
    plot_w, plot_h = width - left - right, height - bottom - top
    count = max(len(bins), 1)
    slot = plot_w / count
    peak = max((b.count for b in bins), default=0)
    total = bins[-1].cumulative if bins else 0
    step = nice_step(peak or 1)
    scale_top = max(step * math.ceil((peak or 1) / step), 1)
    total_step = nice_step(total or 1)
    total_top = max(total_step * math.ceil((total or 1) / total_step), 1)

    def y_of(value: float, top_value: float) -> float:
        return bottom + plot_h * value / top_value

    # Axes and the left scale with faint grid lines.
    drawing.add(Line(left, bottom, left + plot_w, bottom, strokeColor=INK, strokeWidth=0.8))
    for value in range(0, scale_top + 1, step):
        y = y_of(value, scale_top)
        if value:
            drawing.add(
                Line(
                    left,
                    y,
                    left + plot_w,
                    y,
                    strokeColor=colors.Color(0.85, 0.85, 0.85),
                    strokeWidth=0.4,
                )
            )
        drawing.add(
            String(left - 4, y - 3, str(value), fontName=regular, fontSize=7, textAnchor="end")
        )
    for value in range(0, total_top + 1, total_step):
        y = y_of(value, total_top)
        drawing.add(String(left + plot_w + 4, y - 3, str(value), fontName=regular, fontSize=7))
    drawing.add(
        Line(
            left + plot_w, bottom, left + plot_w, bottom + plot_h, strokeColor=INK, strokeWidth=0.5
        )
    )
    drawing.add(Line(left, bottom, left, bottom + plot_h, strokeColor=INK, strokeWidth=0.5))

    # Bars.
    for index, item in enumerate(bins):
        if item.count:
            drawing.add(
                Rect(
                    left + index * slot + slot * 0.08,
                    bottom,
                    slot * 0.84,
                    y_of(item.count, scale_top) - bottom,
                    fillColor=BAR,
                    strokeColor=None,
                )
            )
    # The running total, at the end of each interval.
    if bins:
        points: list[float] = [left, bottom]
        for index, item in enumerate(bins):
            points += [left + (index + 1) * slot, y_of(item.cumulative, total_top)]
        drawing.add(PolyLine(points, strokeColor=INK, strokeWidth=1.6))

    # Time labels: every hour, or every half hour on a short range.
    every = 60 if count * BIN_MINUTES > 180 else 30
    for index, item in enumerate(bins):
        local = event.local_time(item.start)
        if (local.hour * 60 + local.minute) % every == 0:
            x = left + index * slot
            drawing.add(Line(x, bottom, x, bottom - 3, strokeColor=INK, strokeWidth=0.6))
            drawing.add(
                String(
                    x,
                    bottom - 12,
                    local.strftime("%H:%M"),
                    fontName=regular,
                    fontSize=7,
                    textAnchor="middle",
                )
            )

    # The programme's start.
    if bins and opens is not None:
        offset = (opens - bins[0].start).total_seconds() / (BIN_MINUTES * 60)
        if 0 <= offset <= count:
            x = left + offset * slot
            drawing.add(
                Line(
                    x,
                    bottom,
                    x,
                    bottom + plot_h,
                    strokeColor=INK,
                    strokeWidth=1,
                    strokeDashArray=[3, 2],
                )
            )
            label = tr("начало {t}", "start {t}", t=event.local_time(opens).strftime("%H:%M"))
            drawing.add(
                String(x + 2, bottom + plot_h + 2, text(label), fontName=regular, fontSize=7)
            )

    # Legend above the plot.
    y = height - 8
    drawing.add(Rect(left, y - 1, 8, 6, fillColor=BAR, strokeColor=None))
    drawing.add(
        String(
            left + 11,
            y,
            text(
                tr(
                    "пришли за {n} мин (левая шкала)",
                    "arrived per {n} min (left scale)",
                    n=BIN_MINUTES,
                )
            ),
            fontName=regular,
            fontSize=7,
        )
    )
    x = left + plot_w * 0.45
    drawing.add(Line(x, y + 2, x + 10, y + 2, strokeColor=INK, strokeWidth=1.6))
    drawing.add(
        String(
            x + 13,
            y,
            text(tr("всего пришли (правая шкала)", "arrived in all (right scale)")),
            fontName=regular,
            fontSize=7,
        )
    )
    x = left + plot_w * 0.8
    drawing.add(
        Line(x, y + 2, x + 10, y + 2, strokeColor=INK, strokeWidth=1, strokeDashArray=[3, 2])
    )
    drawing.add(
        String(
            x + 13, y, text(tr("начало программы", "programme start")), fontName=regular, fontSize=7
        )
    )
    if not bins:
        drawing.add(
            String(
                left + plot_w / 2,
                bottom + plot_h / 2,
                text(tr("Пока никто не пришёл", "Nobody has arrived yet")),
                fontName=regular,
                fontSize=9,
                fillColor=GREY,
                textAnchor="middle",
            )
        )
    return drawing


def desk_hours_chart(desks: Sequence[DeskFigure], *, width: float, height: float) -> Drawing:
    """People per hour at each desk (and kiosk), side by side: which desk had the queue."""
    regular, _bold = fonts()
    drawing = Drawing(width, height)
    hours = sorted({hour for desk in desks for hour, _n in desk.per_hour})
    shown = [desk for desk in desks if desk.per_hour]
    if not hours or not shown:
        return drawing
    legend_w = 90.0
    chart = VerticalBarChart()
    chart.x, chart.y = 34, 22
    chart.width, chart.height = width - chart.x - legend_w - 10, height - chart.y - 8
    chart.data = [[dict(desk.per_hour).get(hour, 0) for hour in hours] for desk in shown]
    peak = max(max(row) for row in chart.data)
    step = nice_step(peak or 1)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = step * math.ceil((peak or 1) / step)
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = regular
    chart.valueAxis.labels.fontSize = 7
    chart.categoryAxis.categoryNames = [f"{hour:02d}:00" for hour in hours]
    chart.categoryAxis.labels.fontName = regular
    chart.categoryAxis.labels.fontSize = 7
    chart.barSpacing = 1
    chart.groupSpacing = 6
    for index in range(len(shown)):
        chart.bars[index].fillColor = DESK_FILLS[index % len(DESK_FILLS)]
        chart.bars[index].strokeColor = INK
        chart.bars[index].strokeWidth = 0.5
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = width - legend_w, height - 10
    legend.fontName = regular
    legend.fontSize = 7
    legend.alignment = "right"
    legend.columnMaximum = 8
    legend.dx = legend.dy = 7
    legend.strokeColor = INK
    legend.strokeWidth = 0.5
    legend.colorNamePairs = [
        (DESK_FILLS[index % len(DESK_FILLS)], text(desk.desk)[:18])
        for index, desk in enumerate(shown)
    ]
    drawing.add(legend)
    return drawing
