"""The «Сводка» arrivals chart over a whole day: its time labels are never cut short."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.config import load_event
from kiosk.reports.model import BIN_MINUTES, ArrivalBin
from ui.desk.summary_window import ArrivalsChart


def label_share(chart: ArrivalsChart) -> float:
    """The width Qt gives each time label before it cuts it with «…»: the plot's width shared
    evenly among the labels and the axis's start."""
    labels = chart.time_axis.categoriesLabels()
    return chart.chart().plotArea().width() / (len(labels) + 1)


@pytest.mark.parametrize("width", [520, 740, 1000])
def test_a_day_with_an_arrival_at_23_59_has_whole_time_labels(qtbot: QtBot, width: int) -> None:
    event = load_event()
    chart = ArrivalsChart(event)
    qtbot.addWidget(chart)
    chart.resize(width, 300)
    chart.show()
    qtbot.waitExposed(chart)
    start = datetime(2026, 11, 28, 8, 50, tzinfo=event.tz)
    bins = []
    cumulative = 0
    count = (24 * 60 - (8 * 60 + 50)) // BIN_MINUTES
    for index in range(count):
        arrived = 1 if index in (0, 1, 2, count - 1) else 0
        cumulative += arrived
        bins.append(ArrivalBin(start + timedelta(minutes=index * BIN_MINUTES), arrived, cumulative))
    chart.show_arrivals(bins, start + timedelta(minutes=10))
    QApplication.processEvents()
    labels = chart.time_axis.categoriesLabels()
    assert len(labels) >= 3, labels  # still a few moments named
    whole = QFontMetricsF(chart.time_axis.labelsFont()).horizontalAdvance("00:00")
    assert label_share(chart) >= whole + 8, (labels, label_share(chart), whole)
