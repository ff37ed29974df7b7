"""The «Сводка» window: the organiser's live view of a day — arrived and expected with the
share, arrivals over time and people per hour at each desk (QtCharts), who is missing (with
phones, sortable, exportable), the money at each desk, refused scans, and what needs a decision.

The figures come from SummaryController in the background; the window only shows them. Charts
are QtCharts (PySide6-Addons, installed with the app for the kiosk's camera): native widgets
that redraw a few hundred points in a millisecond, with no second plotting stack to ship.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, Final

from PySide6.QtCharts import (
    QAreaSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QSortFilterProxyModel,
    Qt,
    QTime,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QCloseEvent,
    QColor,
    QFontMetricsF,
    QHideEvent,
    QKeySequence,
    QPainter,
    QPen,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk import present
from kiosk.config import Event
from kiosk.models import Review
from kiosk.phones import format_phone
from kiosk.present import money
from kiosk.reports.model import (
    BIN_MINUTES,
    Admission,
    ArrivalBin,
    DaySummary,
    DeskFigure,
    DoublePayment,
    EditConflict,
    FlaggedPerson,
    GroupFigure,
    MoneyFigure,
    OfflineDuplicateGroup,
    PersonRef,
    RefusalLine,
)
from kiosk.reports.scale import nice_step
from kiosk.rules import Outcome
from kiosk.services.duplicates import Reviewed
from kiosk.services.edit_conflicts import conflict_text, field_text, reviewed_text
from kiosk.services.merging import MergeResult
from kiosk.services.refunds import Refunded
from kiosk.services.views import AttendeeView
from kiosk.text import fold
from ui.common.controller import serve
from ui.common.screen import frame_height, screen_room
from ui.desk.summary import SummaryController

_Index = QModelIndex | QPersistentModelIndex
Decided = FlaggedPerson | DoublePayment | OfflineDuplicateGroup | EditConflict
"""What a row of the decisions lets the organiser decide there."""
Cell = tuple[str, Any]
"""What a table cell shows, and what it sorts by."""

BAR_COLOR = QColor("#8AA4C8")
LINE_COLOR = QColor("#1F2937")
DESK_COLORS = ("#1E6FB8", "#F2A900", "#1E8E3E", "#C5221F", "#7B3FA0", "#6B7280")
FLAGGED_ROLE = Qt.ItemDataRole.UserRole + 2
"""A row of the decisions the organiser decides there (merge, or keep both): its
`FlaggedPerson`; or (give the money back) its `DoublePayment`; or (mark reviewed) its
`OfflineDuplicateGroup`."""


STATUS_SHOWN_MS: Final = 60_000
"""How long what a decision did (a merge, a refund) stays under the summary."""


class RowsModel(QAbstractTableModel):
    """Rows of cells for a sortable table: each cell shows its text and sorts by its key."""

    SORT_ROLE = Qt.ItemDataRole.UserRole

    def __init__(
        self, headers: Sequence[str], numeric: Sequence[int] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.numeric = set(numeric)
        self.rows: list[list[Cell]] = []
        self.payloads: list[Any] = []

    def set_rows(self, rows: list[list[Cell]], payloads: Sequence[Any] | None = None) -> None:
        self.beginResetModel()
        self.rows = rows
        self.payloads = list(payloads) if payloads is not None else [None] * len(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        text, key = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole and index.column() not in self.numeric:
            return text  # the whole of a name the column cut short
        if role == self.SORT_ROLE:
            return key
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


def rows_table(model: RowsModel, name: str, *, stretch: int = 0) -> QTableView:
    proxy = QSortFilterProxyModel(model)
    proxy.setSourceModel(model)
    proxy.setSortRole(RowsModel.SORT_ROLE)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    view = QTableView()
    # Owned by the view, so Qt deletes the model with the window (a model owned by Python
    # alone was deleted by the garbage collector after its view, and crashed).
    model.setParent(view)
    view.setObjectName(name)
    view.setAccessibleName(name)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # «Стойка…входа»: both ends show
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def number(value: int) -> Cell:
    return (str(value), value)


def money_cell(value: int) -> Cell:
    return (money(value), value)


def name_cell(text: str) -> Cell:
    return (text, fold(text))


def moment_cell(event: Event, moment: datetime | None, day: date) -> Cell:
    """The time, with the date when it is not the day viewed (entered afterwards)."""
    return (present.local_time_on(event, moment, day), moment.timestamp() if moment else 0.0)


def hours_cell(event: Event, first: datetime | None, last: datetime | None) -> Cell:
    """From the first to the last moment («08:52–09:07»), sorted by the first."""
    start, end = present.local_time(event, first), present.local_time(event, last)
    text = start if start == end else f"{start}\u2013{end}"
    return (text, first.timestamp() if first else 0.0)


class Tile(QFrame):
    """A big figure with its caption."""

    def __init__(self, name: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(name)
        self.setStyleSheet(
            f"#{name} {{ background: white; border: 1px solid #D5D9DF; border-radius: 8px; }}"
        )
        self.value = QLabel("—")
        self.value.setObjectName(f"{name}Value")
        self.value.setStyleSheet("font-size: 22px; font-weight: 700; color: #1F2937;")
        self.caption = QLabel(caption)
        self.caption.setStyleSheet("color: #6B7280;")
        self.detail = QLabel()
        self.detail.setStyleSheet("color: #6B7280; font-size: 12px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(0)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)

    def show_value(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)


def _minutes(event: Event, moment: datetime) -> float:
    """Minutes since midnight at the venue: the charts' time axis, whatever the laptop's zone."""
    local = event.local_time(moment)
    return local.hour * 60 + local.minute + local.second / 60


TIME_LABEL_STEPS = (30, 60, 120, 180, 240, 360, 720)
"""Minutes between the time labels, the smallest the chart's width holds whole."""


class ArrivalsChart(QChartView):
    """People per 5 minutes as bars, everyone so far as a line, the programme's start dashed.

    The series are made once and their points replaced on each refresh: nothing is created or
    deleted while the window is live, and a redraw costs the points only.
    """

    def __init__(self, event: Event, parent: QWidget | None = None) -> None:
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        super().__init__(chart, parent)
        self.setObjectName("arrivalsChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(240)
        self.event_config = event
        self._span: tuple[float, float] | None = None
        """The minutes the time axis runs over, once there are arrivals."""
        self.time_axis = QCategoryAxis(chart)
        self.time_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        self.count_axis = QValueAxis(chart)
        self.count_axis.setLabelFormat("%d")
        self.count_axis.setTitleText(self.tr("per %1 min").replace("%1", str(BIN_MINUTES)))
        self.total_axis = QValueAxis(chart)
        self.total_axis.setLabelFormat("%d")
        self.total_axis.setTitleText(self.tr("in all"))
        chart.addAxis(self.time_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.count_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(self.total_axis, Qt.AlignmentFlag.AlignRight)
        self.bars_outline = QLineSeries(chart)
        """The bars' outline: up, across and down for each five minutes."""
        self.bars = QAreaSeries(self.bars_outline)
        self.bars.setName(self.tr("Arrived per %1 minutes").replace("%1", str(BIN_MINUTES)))
        self.bars.setBrush(QBrush(BAR_COLOR))
        self.bars.setPen(QPen(BAR_COLOR.darker(130), 1))
        self.total = QLineSeries()
        self.total.setName(self.tr("Arrived in all"))
        self.total.setPen(QPen(LINE_COLOR, 2.5))
        self.start_line = QLineSeries()
        pen = QPen(QColor("#C5221F"), 1.5)
        pen.setStyle(Qt.PenStyle.DashLine)
        self.start_line.setPen(pen)
        for series, axis in (
            (self.bars, self.count_axis),
            (self.total, self.total_axis),
            (self.start_line, self.count_axis),
        ):
            chart.addSeries(series)
            series.attachAxis(self.time_axis)
            series.attachAxis(axis)

    def show_arrivals(self, bins: Sequence[ArrivalBin], opens: datetime | None) -> None:
        chart = self.chart()
        for label in self.time_axis.categoriesLabels():
            self.time_axis.remove(label)
        self._span = None
        if not bins:
            for series in (self.bars_outline, self.total, self.start_line):
                series.clear()
            self.bars.setVisible(False)
            self.total.setVisible(False)
            self.start_line.setVisible(False)
            for axis in (self.count_axis, self.total_axis):  # not «0, 0, 0, 0, 1»
                axis.setRange(0, 1)
                axis.setTickCount(2)
            chart.setTitle(self.tr("Nobody has arrived yet"))
            return
        chart.setTitle("")
        event = self.event_config
        begin = _minutes(event, bins[0].start)
        end = begin + len(bins) * BIN_MINUTES
        outline: list[QPointF] = []
        total = [QPointF(begin, 0)]
        for index, item in enumerate(bins):
            left = begin + index * BIN_MINUTES
            right = left + BIN_MINUTES
            outline += [
                QPointF(left, 0),
                QPointF(left, item.count),
                QPointF(right, item.count),
                QPointF(right, 0),
            ]
            total.append(QPointF(right, item.cumulative))
        peak = max(b.count for b in bins)
        step = nice_step(peak or 1)
        top = step * -(-max(peak, 1) // step)
        overall = bins[-1].cumulative
        total_step = nice_step(overall or 1)
        total_top = total_step * -(-max(overall, 1) // total_step)
        self.bars_outline.replace(outline)
        self.total.replace(total)
        self.bars.setVisible(True)
        self.total.setVisible(True)
        at = _minutes(event, opens) if opens is not None else None
        if at is not None and begin <= at <= end:
            self.start_line.replace([QPointF(at, 0), QPointF(at, top)])
            self.start_line.setName(
                self.tr("Programme start %1").replace("%1", present.local_time(event, opens))
            )
            self.start_line.setVisible(True)
        else:
            self.start_line.clear()
            self.start_line.setVisible(False)
        self.count_axis.setRange(0, top)
        self.count_axis.setTickCount(int(top // step) + 1)
        self.total_axis.setRange(0, total_top)
        self.total_axis.setTickCount(int(total_top // total_step) + 1)
        self.time_axis.setRange(begin, end)
        self.time_axis.setStartValue(begin)
        self._span = (begin, end)
        self._label_times()

    def _label_times(self) -> None:
        """Time labels as the PDF's chart has them — on the hour, or the half hour on a short
        range — but only as many as the chart's width holds whole: Qt shares the width out
        evenly among the labels and cuts each to its share («09…» over a day that ran to
        23:59), so on a long day they come every 2, 3, 4 … hours instead."""
        if self._span is None:
            return
        for label in self.time_axis.categoriesLabels():
            self.time_axis.remove(label)
        begin, end = self._span
        plot = self.chart().plotArea().width()
        if plot <= 0:
            plot = max(self.width() - 120, 100)
        label = QFontMetricsF(self.time_axis.labelsFont()).horizontalAdvance("00:00") + 16
        room = max(int(plot // label) - 1, 1)  # Qt counts the start as one share too
        every = next(
            (e for e in TIME_LABEL_STEPS if (end - begin) // e + 1 <= room), TIME_LABEL_STEPS[-1]
        )
        if every == TIME_LABEL_STEPS[0] and end - begin > 180:
            every = 60
        first = int(-(-begin // every) * every)
        for minute in range(first, int(end) + 1, every):
            self.time_axis.append(QTime(minute // 60 % 24, minute % 60).toString("HH:mm"), minute)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._label_times()


class DeskHoursChart(QChartView):
    """People per hour at each desk and the kiosk, side by side (one bar series, its sets
    replaced on each refresh)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        super().__init__(chart, parent)
        self.setObjectName("deskHoursChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(240)
        self.series = QBarSeries()
        self.hours_axis = QBarCategoryAxis(chart)
        self.count_axis = QValueAxis(chart)
        self.count_axis.setLabelFormat("%d")
        chart.addSeries(self.series)
        chart.addAxis(self.hours_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.count_axis, Qt.AlignmentFlag.AlignLeft)
        self.series.attachAxis(self.hours_axis)
        self.series.attachAxis(self.count_axis)

    def show_desks(self, desks: Sequence[DeskFigure]) -> None:
        chart = self.chart()
        self.series.clear()
        self.hours_axis.clear()
        shown = [desk for desk in desks if desk.per_hour]
        hours = sorted({hour for desk in shown for hour, _n in desk.per_hour})
        if not hours:
            chart.setTitle(self.tr("No arrivals with a time yet"))
            return
        chart.setTitle(self.tr("People per hour per desk"))
        self.hours_axis.append([f"{hour:02d}:00" for hour in hours])
        for index, desk in enumerate(shown):
            counts = dict(desk.per_hour)
            bar = QBarSet(desk.desk or "—")
            bar.setColor(QColor(DESK_COLORS[index % len(DESK_COLORS)]))
            bar.append([float(counts.get(hour, 0)) for hour in hours])
            self.series.append(bar)
        peak = max(n for desk in shown for _h, n in desk.per_hour)
        step = nice_step(peak)
        self.count_axis.setRange(0, step * -(-peak // step))
        self.count_axis.setTickCount(int(-(-peak // step)) + 1)


SIZE = (1280, 820)
"""The summary window's size on a screen with room for it."""


def scrolled(page: QWidget) -> QScrollArea:
    """`page` in a scroll area that gives it all its room and scrolls only when it needs more."""
    area = QScrollArea()
    area.setObjectName(f"{page.objectName() or 'page'}Scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    return area


class SummaryWindow(QWidget):
    """The organiser's view of a day; live while it is open."""

    person_chosen = Signal(str)
    """A badge code double-clicked in a list: the desk window shows that person."""

    def __init__(
        self,
        controller: SummaryController,
        *,
        report: Callable[[QWidget, date], None],
        paper_list: Callable[[QWidget, date], None],
        export_missing: Callable[[QWidget, date], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.controller = controller
        self.event_config = controller.desk.event
        self._report = report
        self._paper_list = paper_list
        self._export_missing = export_missing
        self.setObjectName("summaryWindow")
        self.setWindowTitle(
            self.tr("Summary — %1").replace("%1", present.event_name(self.event_config))
        )
        self._build()
        self.fit_to_screen()
        serve(controller, self)
        for keys in ("Ctrl+D", "Escape"):  # the key that opened it, and Esc as any window
            close = QShortcut(QKeySequence(keys), self)
            close.activated.connect(self.close)

    # ---- construction ------------------------------------------------------------------

    def fit_to_screen(self) -> None:
        """1280 × 820 where there is room; on a smaller screen (a 1366 × 768 laptop) no larger
        than the screen leaves a window, title bar included: the pages scroll instead."""
        room = screen_room(self)
        title_bar = frame_height(self)
        width = max(self.minimumSizeHint().width(), min(SIZE[0], room.width()))
        self.resize(width, min(SIZE[1], room.height() - title_bar))

    def _build(self) -> None:
        event = self.event_config
        self.day_selector = QComboBox()
        self.day_selector.setObjectName("summaryDay")
        self.day_selector.setAccessibleName("summaryDay")
        for d in event.days:
            self.day_selector.addItem(
                f"{present.day_label(d.date)} — {present.day_title(event, d.date)}",
                d.date.isoformat(),
            )
        self._select_day(self.controller.day)
        self.day_selector.currentIndexChanged.connect(self._day_changed)
        self.updated = QLabel()
        self.updated.setObjectName("summaryUpdated")
        self.updated.setStyleSheet("color: #6B7280;")
        self.report_button = QPushButton(self.tr("Day report…"))
        self.report_button.setObjectName("summaryReportButton")
        self.report_button.clicked.connect(lambda: self._report(self, self.controller.day))
        self.paper_button = QPushButton(self.tr("Paper list…"))
        self.paper_button.setObjectName("summaryPaperButton")
        self.paper_button.clicked.connect(lambda: self._paper_list(self, self.controller.day))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Day:")))
        top.addWidget(self.day_selector)
        top.addWidget(self.updated, 1)
        top.addWidget(self.report_button)
        top.addWidget(self.paper_button)

        self.tiles = {
            "arrived": Tile("tileArrived", self.tr("Arrived")),
            "missing": Tile("tileMissing", self.tr("Still to come")),
            "cash": Tile("tileCash", self.tr("Cash taken")),
            "card": Tile("tileCard", self.tr("By card")),
            "invoice": Tile("tileInvoices", self.tr("Invoices (not money)")),
            "refused": Tile("tileRefused", self.tr("Scans refused")),
            "decisions": Tile("tileDecisions", self.tr("To decide")),
        }
        tiles = QHBoxLayout()
        for tile in self.tiles.values():
            tiles.addWidget(tile, 1)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("summaryTabs")
        # Each page scrolls when the window is smaller than it (a 1366 × 768 laptop): the
        # window then asks no more room than such a screen has.
        self.tabs.addTab(scrolled(self._attendance_tab()), self.tr("Arrivals"))
        self.tabs.addTab(scrolled(self._missing_tab()), self.tr("Who is missing"))
        self.tabs.addTab(scrolled(self._money_tab()), self.tr("Money"))
        self.tabs.addTab(scrolled(self._refusals_tab()), self.tr("Refused scans"))
        self.tabs.addTab(scrolled(self._decisions_tab()), self.tr("To decide"))

        self.status = QLabel()
        self.status.setObjectName("summaryStatus")
        self.status.setWordWrap(True)
        # What a decision did is read at once; it is not left under later work for good.
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(STATUS_SHOWN_MS)
        self._status_timer.timeout.connect(self.status.clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addLayout(top)
        layout.addLayout(tiles)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        self.setStyleSheet("#summaryWindow { background: #F6F7F9; }")

    def _attendance_tab(self) -> QWidget:
        self.arrivals_chart = ArrivalsChart(self.event_config)
        self.desk_chart = DeskHoursChart()
        charts = QSplitter()
        charts.addWidget(self.arrivals_chart)
        charts.addWidget(self.desk_chart)
        charts.setStretchFactor(0, 3)
        charts.setStretchFactor(1, 2)
        charts.setSizes([740, 520])
        counts = [
            self.tr("Expected"),
            self.tr("Arrived"),
            self.tr("Share"),
            self.tr("Still to come"),
        ]
        self.group_model = RowsModel([self.tr("Tariff or category"), *counts], numeric=(1, 2, 3, 4))
        self.days_model = RowsModel(
            [self.tr("Day"), self.tr("Expected"), self.tr("Arrived"), self.tr("Share")],
            numeric=(1, 2, 3),
        )
        # The first and the last check-in share a column, so the desk's name keeps the room
        # (at 1366 px four columns left it «Стойк…»).
        self.desk_model = RowsModel(
            [self.tr("Desk"), self.tr("Checked in"), self.tr("Time")],
            numeric=(1,),
        )
        tables = QHBoxLayout()
        for title, model, name, stretch in (
            (self.tr("By tariff and category"), self.group_model, "groupTable", 5),
            (self.tr("By desk"), self.desk_model, "deskTable", 3),
            (self.tr("The event as a whole"), self.days_model, "daysTable", 3),
        ):
            box = QVBoxLayout()
            caption = QLabel(title)
            caption.setStyleSheet("font-weight: 600;")
            box.addWidget(caption)
            box.addWidget(rows_table(model, name))
            tables.addLayout(box, stretch)
        self.people_line = QLabel()
        self.people_line.setObjectName("peopleLine")
        self.without_time = QLabel()
        self.without_time.setObjectName("withoutTime")
        self.without_time.setStyleSheet("color: #6B7280;")
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(charts, 3)
        layout.addWidget(self.without_time)
        layout.addLayout(tables, 2)
        layout.addWidget(self.people_line)
        return page

    def _missing_tab(self) -> QWidget:
        self.missing_model = RowsModel(
            [
                self.tr("Name"),
                self.tr("Phone"),
                self.tr("Company"),
                self.tr("Tariff"),
                self.tr("Due"),
                self.tr("Code"),
            ],
            numeric=(4,),
        )
        self.missing_view = rows_table(self.missing_model, "missingTable")
        self.missing_view.doubleClicked.connect(
            lambda index: self._choose(self.missing_view, self.missing_model, index)
        )
        self.missing_filter = QLineEdit()
        self.missing_filter.setObjectName("missingFilter")
        self.missing_filter.setPlaceholderText(self.tr("Filter by name, phone, company…"))
        self.missing_filter.setClearButtonEnabled(True)
        proxy = self.missing_view.model()
        assert isinstance(proxy, QSortFilterProxyModel)
        self.missing_filter.textChanged.connect(proxy.setFilterFixedString)
        self.export_button = QPushButton(self.tr("Export to Excel or CSV…"))
        self.export_button.setObjectName("exportMissingButton")
        self.export_button.clicked.connect(lambda: self._export_missing(self, self.controller.day))
        row = QHBoxLayout()
        row.addWidget(self.missing_filter, 1)
        row.addWidget(self.export_button)
        hint = QLabel(self.tr("Double-click a person to show them at the desk."))
        hint.setStyleSheet("color: #6B7280;")
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.missing_view, 1)
        layout.addWidget(hint)
        return page

    def _money_tab(self) -> QWidget:
        figures = [
            self.tr("Cash"),
            self.tr("Card"),
            self.tr("Taken"),
            self.tr("Invoices"),
            self.tr("Payments"),
            # Money paid twice and given back that day, at that desk (out of its drawer).
            self.tr("Refunded"),
        ]
        numeric = (1, 2, 3, 4, 5, 6)
        self.money_desk_model = RowsModel([self.tr("Desk"), *figures], numeric=numeric)
        self.money_operator_model = RowsModel([self.tr("Operator"), *figures], numeric=numeric)
        payment_headers = [
            self.tr("Time"),
            self.tr("Desk"),
            self.tr("Operator"),
            self.tr("Name"),
            self.tr("Method"),
            self.tr("Amount"),
            self.tr("Code"),
        ]
        self.payments_model = RowsModel(payment_headers, numeric=(5,))
        self.invoices_model = RowsModel(payment_headers, numeric=(5,))
        self.upgrades_model = RowsModel(
            [
                self.tr("Time"),
                self.tr("Desk"),
                self.tr("Operator"),
                self.tr("Name"),
                self.tr("From"),
                self.tr("To"),
                self.tr("Difference"),
            ],
            numeric=(6,),
        )
        grid = QGridLayout()
        for position, (title, model, name) in enumerate(
            (
                (
                    self.tr("Per desk: cash is what the drawer should hold"),
                    self.money_desk_model,
                    "moneyDeskTable",
                ),
                (self.tr("Per operator"), self.money_operator_model, "moneyOperatorTable"),
                (self.tr("Payments (cash and card)"), self.payments_model, "paymentsTable"),
                (
                    self.tr("Invoices issued (not money taken)"),
                    self.invoices_model,
                    "invoicesTable",
                ),
                (self.tr("Upgrades sold"), self.upgrades_model, "upgradesTable"),
            )
        ):
            box = QVBoxLayout()
            caption = QLabel(title)
            caption.setStyleSheet("font-weight: 600;")
            box.addWidget(caption)
            box.addWidget(rows_table(model, name, stretch=0 if position < 2 else 3))
            grid.addLayout(box, position // 2, position % 2)
        grid.setRowStretch(0, 2)
        grid.setRowStretch(1, 4)
        grid.setRowStretch(2, 2)
        page = QWidget()
        page.setLayout(grid)
        return page

    def _refusals_tab(self) -> QWidget:
        self.refusals_model = RowsModel(
            [
                self.tr("When"),
                self.tr("Desk"),
                self.tr("Operator"),
                self.tr("Why"),
                self.tr("Who"),
                self.tr("Code"),
                self.tr("Got in later"),
            ]
        )
        self.refusals_view = rows_table(self.refusals_model, "refusalsTable", stretch=4)
        self.refusals_view.doubleClicked.connect(
            lambda index: self._choose(self.refusals_view, self.refusals_model, index)
        )
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.refusals_view)
        return page

    def _decisions_tab(self) -> QWidget:
        self.decisions = QTreeWidget()
        self.decisions.setObjectName("decisionsTree")
        self.decisions.setHeaderLabels([self.tr("What"), self.tr("Code"), self.tr("Company")])
        self.decisions.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.decisions.itemDoubleClicked.connect(self._decision_chosen)
        self.decisions.currentItemChanged.connect(lambda *_: self._flagged_chosen())
        self.merge_button = QPushButton(self.tr("Merge into one…"))
        self.merge_button.setObjectName("summaryMergeButton")
        self.merge_button.setToolTip(
            self.tr(
                "One person registered twice: the later record's check-ins, payments and prints "
                "go to the earlier one, and both badges open the door."
            )
        )
        self.merge_button.clicked.connect(self._merge)
        self.keep_both_button = QPushButton(self.tr("Keep both"))
        self.keep_both_button.setObjectName("summaryKeepBothButton")
        self.keep_both_button.setToolTip(self.tr("Two people, not one: clear the flag."))
        self.keep_both_button.clicked.connect(self._keep_both)
        self.refund_button = QPushButton(self.tr("Money given back…"))
        self.refund_button.setObjectName("summaryRefundButton")
        self.refund_button.setToolTip(
            self.tr(
                "The money paid twice was given back to the person: mark it so (when, at which "
                "desk and by whom is recorded)."
            )
        )
        self.refund_button.clicked.connect(self._refund)
        # No confirmation, as «Keep both»: it only says the organiser has looked; the
        # admissions stay listed, apart, with who marked them and when.
        self.reviewed_button = QPushButton(self.tr("Reviewed"))
        self.reviewed_button.setObjectName("summaryReviewedButton")
        self.reviewed_button.setToolTip(
            self.tr(
                "The admissions set aside, or the changes made at two desks, were looked at: "
                "mark them reviewed (when, at which desk and by whom is recorded); they are "
                "listed apart."
            )
        )
        self.reviewed_button.clicked.connect(self._mark_reviewed)
        buttons = QHBoxLayout()
        hint = QLabel(self.tr("Double-click a person to show them at the desk."))
        hint.setStyleSheet("color: #6B7280;")
        buttons.addWidget(hint, 1)
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.keep_both_button)
        buttons.addWidget(self.refund_button)
        buttons.addWidget(self.reviewed_button)
        self.needs_hub_note = QLabel(
            self.tr(
                "Without the hub: merging, keeping both, marking money given back and marking "
                "admissions reviewed are decided on the hub, once the connection is back."
            )
        )
        self.needs_hub_note.setObjectName("summaryNeedsHub")
        self.needs_hub_note.setWordWrap(True)
        self.needs_hub_note.setStyleSheet("color: #B06F00;")
        self.needs_hub_note.setVisible(False)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.decisions)
        layout.addWidget(self.needs_hub_note)
        layout.addLayout(buttons)
        self._flagged_chosen()
        return page

    # ---- the figures -------------------------------------------------------------------

    def show_connection(self) -> None:
        """Online, the figures are the hub's, live; offline (the desk on its copy of the hub)
        they are the copy's, as of its last update — said above them, and the decisions
        that go to the hub wait until it is back."""
        offline = self.controller.offline
        summary = self.controller.summary
        if offline:
            at = present.local_time(self.event_config, self.controller.data_at)
            self.updated.setText(self.tr("offline · data as of %1").replace("%1", at))
            self.updated.setStyleSheet("color: #B06F00; font-weight: 600;")
            self.updated.setToolTip(
                self.tr(
                    "No connection to the hub: the figures are this desk's copy of the hub's "
                    "data as of %1 and what this desk did since. What other desks did "
                    "meanwhile, and their refused scans and upgrades, show once the hub is back."
                ).replace("%1", at)
            )
        else:
            generated = summary.generated_at if summary is not None else None
            self.updated.setText(
                self.tr("Updated at %1 · live").replace(
                    "%1", self.event_config.local_time(generated).strftime("%H:%M:%S")
                )
                if generated is not None
                else ""
            )
            self.updated.setStyleSheet("color: #6B7280;")
            self.updated.setToolTip("")
        self.needs_hub_note.setVisible(offline)
        self._flagged_chosen()

    def show_summary(self, summary: DaySummary) -> None:
        event = self.event_config
        self.show_connection()
        total = summary.money
        self.tiles["arrived"].show_value(
            f"{summary.arrived} / {summary.expected}",
            present.percent(summary.arrived, summary.expected),
        )
        self.tiles["missing"].show_value(str(summary.still_to_come))
        self.tiles["cash"].show_value(money(total.cash))
        self.tiles["card"].show_value(money(total.card))
        self.tiles["invoice"].show_value(money(total.invoice), str(len(summary.invoices)))
        self.tiles["refused"].show_value(str(len(summary.refusals)))
        self.tiles["decisions"].show_value(str(summary.decisions.count))
        opens = (
            datetime.combine(summary.day, summary.opens, tzinfo=event.tz) if summary.opens else None
        )
        self.arrivals_chart.show_arrivals(summary.arrivals, opens)
        self.desk_chart.show_desks(summary.desks)
        self.without_time.setText(
            self.tr("Entered afterwards without an arrival time (not on the chart): %1").replace(
                "%1", str(summary.arrived_without_time)
            )
            if summary.arrived_without_time
            else ""
        )
        # The tariffs, then the free categories (the participants are the tariffs' sum).
        self.group_model.set_rows(
            [self._group_row(g) for g in summary.by_tariff]
            + [self._group_row(g) for g in summary.by_category if g.key != "participant"]
        )
        self.desk_model.set_rows(
            [
                [
                    name_cell(d.desk or "—"),
                    number(d.checkins),
                    hours_cell(event, d.first_at, d.last_at),
                ]
                for d in summary.desks
            ]
        )
        self.days_model.set_rows(
            [
                [
                    (present.day_label(d.day), d.day.toordinal()),
                    number(d.expected),
                    number(d.arrived),
                    (
                        present.percent(d.arrived, d.expected),
                        d.arrived / d.expected if d.expected else 0,
                    ),
                ]
                for d in summary.days
            ]
        )
        self.people_line.setText(
            self.tr("Attendees: %1; came on at least one day: %2; cancelled: %3")
            .replace("%1", str(summary.people))
            .replace("%2", str(summary.people_arrived))
            .replace("%3", str(summary.cancelled))
        )
        self._show_missing(summary)
        self._show_money(summary)
        self._show_refusals(summary)
        self._show_decisions(summary)
        self.tabs.setTabText(
            1, self.tr("Who is missing (%1)").replace("%1", str(len(summary.missing)))
        )
        self.tabs.setTabText(
            3, self.tr("Refused scans (%1)").replace("%1", str(len(summary.refusals)))
        )
        self.tabs.setTabText(
            4, self.tr("To decide (%1)").replace("%1", str(summary.decisions.count))
        )

    @staticmethod
    def _group_row(g: GroupFigure) -> list[Cell]:
        return [
            name_cell(g.title),
            number(g.expected),
            number(g.arrived),
            (present.percent(g.arrived, g.expected), g.arrived / g.expected if g.expected else 0),
            number(g.missing),
        ]

    def _show_missing(self, summary: DaySummary) -> None:
        event = self.event_config
        self.missing_model.set_rows(
            [
                [
                    name_cell(p.full_name),
                    (format_phone(p.phone) if p.phone else "", p.phone or ""),
                    name_cell(p.company),
                    name_cell(present.tariff_title(event, p.category, p.tariff, short=True)),
                    money_cell(p.amount_due) if p.amount_due else ("", 0),
                    (p.code, p.code),
                ]
                for p in summary.missing
            ],
            [p.code for p in summary.missing],
        )

    def _money_rows(self, figures: Sequence[MoneyFigure]) -> list[list[Cell]]:
        return [
            [
                name_cell(m.name or "—"),
                money_cell(m.cash),
                money_cell(m.card),
                money_cell(m.taken),
                money_cell(m.invoice),
                number(m.payments),
                money_cell(m.refunded),
            ]
            for m in figures
        ]

    def _show_money(self, summary: DaySummary) -> None:
        event = self.event_config
        self.money_desk_model.set_rows(self._money_rows(summary.money_by_desk))
        self.money_operator_model.set_rows(self._money_rows(summary.money_by_operator))

        def payment_rows(payments: Sequence[Any]) -> list[list[Cell]]:
            return [
                [
                    moment_cell(event, p.at, summary.day),
                    name_cell(p.desk),
                    name_cell(p.operator),
                    name_cell(p.name),
                    name_cell(present.payment_method(p.method)),
                    money_cell(p.amount),
                    (p.code, p.code),
                ]
                for p in payments
            ]

        self.payments_model.set_rows(payment_rows(summary.taken))  # invoices: listed apart
        self.invoices_model.set_rows(payment_rows(summary.invoices))
        self.upgrades_model.set_rows(
            [
                [
                    moment_cell(event, u.at, summary.day),
                    name_cell(u.desk),
                    name_cell(u.operator),
                    name_cell(u.name),
                    name_cell(
                        present.tariff_title(event, "participant", u.from_tariff, short=True)
                    ),
                    name_cell(present.tariff_title(event, "participant", u.to_tariff, short=True)),
                    money_cell(u.difference),
                ]
                for u in summary.upgrades
            ]
        )

    def _show_refusals(self, summary: DaySummary) -> None:
        event = self.event_config
        today = summary.day == self.controller.desk.today()
        self.refusals_model.set_rows(
            [
                [
                    moment_cell(event, r.at, summary.day),
                    name_cell(r.desk),
                    name_cell(r.operator),
                    name_cell(present.outcome(r.outcome)),
                    name_cell(r.name),
                    (r.code, r.code),
                    self._later_cell(r, today=today),
                ]
                for r in summary.refusals
            ],
            [r.code if r.name else None for r in summary.refusals],
        )

    def _later_cell(self, refusal: RefusalLine, *, today: bool) -> Cell:
        """Whether the person refused got in that day after all, and when: «да, 09:15»; «уже
        был(а) внутри» for a second scan of someone in; «пока нет» while the day is on; «—»
        for an unknown code (nobody to get in)."""
        at = present.local_time(self.event_config, refusal.entered_at)
        if not refusal.name:
            return ("—", -1.0)
        if refusal.outcome == Outcome.ALREADY_CHECKED_IN:
            text = (
                self.tr("was in already, since %1").replace("%1", at)
                if refusal.entered_at
                else self.tr("was in already")
            )
            return (text, 0.0)
        if refusal.admitted_later:
            text = (
                self.tr("yes, at %1").replace("%1", at)
                if refusal.entered_at
                else self.tr("yes (time not known)")
            )
            stamp = refusal.entered_at.timestamp() if refusal.entered_at else 1.0
            return (text, stamp)
        return (self.tr("not yet") if today else self.tr("no"), -0.5)

    def _show_decisions(self, summary: DaySummary) -> None:
        decisions = summary.decisions
        tree = self.decisions
        expanded = {
            tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
            for i in range(tree.topLevelItemCount())
            if tree.topLevelItem(i).isExpanded()
        }
        current = tree.currentItem()
        chosen = current.data(0, FLAGGED_ROLE) if current is not None else None
        tree.clear()
        # Rows the organiser decides here carry who may be whom (merge, or keep both).
        shared = [
            FlaggedPerson(p.second, Review.SHARED_CONTACT, (p.first,))
            for p in decisions.shared_contacts
        ]
        groups: list[tuple[str, str, list[tuple[str, str, str, Decided | None]]]] = [
            (
                "flagged",
                self.tr("Registered twice? Merge them or keep both (%1)"),
                [
                    (
                        f"{f.person.name} ⇄ {', '.join(o.name for o in f.others) or '—'}"
                        + (self.tr(" — a team seat: merged with its contact") if f.seat else ""),
                        f.person.code,
                        f.person.company,
                        f,
                    )
                    for f in decisions.flagged
                ],
            ),
            (
                "shared",
                self.tr("One phone or e-mail, two people: check they are not one (%1)"),
                [
                    (f"{p.first.name} ⇄ {p.second.name}", p.first.code, p.first.company, pair)
                    for p, pair in zip(decisions.shared_contacts, shared, strict=True)
                ],
            ),
            (
                "seats",
                self.tr("Team seats without a name (%1)"),
                [(s.name, s.code, s.company, None) for s in decisions.unnamed_seats],
            ),
            (
                "badges",
                self.tr("Badges out of date: print a new one (%1)"),
                [(b.name, b.code, b.company, None) for b in decisions.badges_out_of_date],
            ),
            (
                "refunds",
                self.tr("Paid twice (taken without the hub): give the money back (%1)"),
                [
                    (self._double_text(d), d.person.code, d.person.company, d)
                    for d in decisions.double_payments
                ],
            ),
        ]
        groups.append(
            (
                "offline",
                self.tr(
                    "Admitted twice at desks without the hub: the first admission counts, the "
                    "others are set aside (%1)"
                ),
                [
                    (self._twice_text(g), g.person.code, g.person.company, g)
                    for g in decisions.offline_duplicates
                ],
            )
        )
        if decisions.offline_duplicates_reviewed:
            groups.append(
                (
                    "reviewed",
                    self.tr("Admitted twice at desks without the hub, reviewed (%1)"),
                    [
                        (
                            f"{self._twice_text(g)} — {self._reviewed_text(g)}",
                            g.person.code,
                            g.person.company,
                            None,
                        )
                        for g in decisions.offline_duplicates_reviewed
                    ],
                )
            )
        groups.append(
            (
                "edits",
                self.tr("Changed at two desks: the later change is kept (%1)"),
                [
                    (
                        f"{c.person.name}: {conflict_text(self.event_config, c)}",
                        c.person.code,
                        c.person.company,
                        c,
                    )
                    for c in decisions.edit_conflicts
                ],
            )
        )
        if decisions.edit_conflicts_reviewed:
            groups.append(
                (
                    "edits_reviewed",
                    self.tr("Changed at two desks, reviewed or corrected again (%1)"),
                    [
                        (
                            f"{c.person.name}: {conflict_text(self.event_config, c)} — "
                            f"{reviewed_text(self.event_config, c)}",
                            c.person.code,
                            c.person.company,
                            None,
                        )
                        for c in decisions.edit_conflicts_reviewed
                    ],
                )
            )
        if decisions.refunds_given:
            groups.append(
                (
                    "given",
                    self.tr("Paid twice, money given back (%1)"),
                    [
                        (
                            f"{self._double_text(d)} — {self._given_text(d)}",
                            d.person.code,
                            d.person.company,
                            None,
                        )
                        for d in decisions.refunds_given
                    ],
                )
            )
        again: QTreeWidgetItem | None = None
        for key, title, rows in groups:
            group = QTreeWidgetItem([title.replace("%1", str(len(rows)))])
            group.setData(0, Qt.ItemDataRole.UserRole, key)
            for name, code, company, decided in rows:
                item = QTreeWidgetItem([name, code, company])
                item.setData(0, Qt.ItemDataRole.UserRole + 1, code)
                if decided is not None:
                    item.setData(0, FLAGGED_ROLE, decided)
                    if decided == chosen:
                        again = item
                group.addChild(item)
            tree.addTopLevelItem(group)
            group.setExpanded(key in expanded or (not expanded and len(rows) <= 20))
        if again is not None:  # a refresh while the organiser is choosing keeps their choice
            tree.setCurrentItem(again)
        tree.resizeColumnToContents(1)
        self._flagged_chosen()

    def _double_text(self, double: DoublePayment) -> str:
        """«Двойной Борис: 10 000 ₽ наличные, ст-2 28.11 09:07»."""
        return (
            f"{double.person.name}: {money(double.amount)} "
            f"{present.payment_method(double.method)}, {double.desk} "
            f"{present.local_day_time(self.event_config, double.taken_at)}"
        )

    def _admission_text(self, admission: Admission | None, day: date) -> str:
        """«стойка-2 09:12:05» (seconds: which of two admissions in a minute came first);
        «без времени» for an entry made afterwards without one."""
        if admission is None:
            return self.tr("check-in taken back")
        when = (
            present.local_time_on(self.event_config, admission.at, day, seconds=True)
            if admission.at is not None
            else self.tr("no time")
        )
        return f"{admission.desk or '—'} {when}"

    def _twice_text(self, group: OfflineDuplicateGroup) -> str:
        """«Аннина Анна, 28.11: засчитан стойка-2 09:02:10; отложены стойка-1 09:02:41, …»."""
        return (
            self.tr("%1, %2: counted %3; set aside %4")
            .replace("%1", group.person.name)
            .replace("%2", group.day.strftime("%d.%m"))
            .replace("%3", self._admission_text(group.counted, group.day))
            .replace("%4", ", ".join(self._admission_text(a, group.day) for a in group.set_aside))
        )

    def _given_text(self, double: DoublePayment) -> str:
        """«возвращено 28.11 10:05, стойка-1, anna»."""
        who = ", ".join(p for p in (double.refunded_desk, double.refunded_by) if p)
        return (
            self.tr("given back %1, %2")
            .replace("%1", present.local_day_time(self.event_config, double.refunded_at))
            .replace("%2", who or "—")
        )

    def _reviewed_text(self, group: OfflineDuplicateGroup) -> str:
        """«проверено 28.11 10:05, стойка-1, anna»."""
        who = ", ".join(p for p in (group.reviewed_desk, group.reviewed_by) if p)
        return (
            self.tr("reviewed %1, %2")
            .replace("%1", present.local_day_time(self.event_config, group.reviewed_at))
            .replace("%2", who or "—")
        )

    def _chosen(self) -> Decided | None:
        item = self.decisions.currentItem()
        found = item.data(0, FLAGGED_ROLE) if item is not None else None
        return (
            found
            if isinstance(
                found, FlaggedPerson | DoublePayment | OfflineDuplicateGroup | EditConflict
            )
            else None
        )

    def chosen_flagged(self) -> FlaggedPerson | None:
        """The probable duplicate or shared contact chosen in the decisions, if one is."""
        chosen = self._chosen()
        return chosen if isinstance(chosen, FlaggedPerson) else None

    def chosen_refund(self) -> DoublePayment | None:
        """The double payment chosen in the decisions (money still to give back), if one is."""
        chosen = self._chosen()
        return chosen if isinstance(chosen, DoublePayment) else None

    def chosen_edit_conflict(self) -> EditConflict | None:
        """The field two desks changed chosen (still to review), if one is."""
        chosen = self._chosen()
        return chosen if isinstance(chosen, EditConflict) else None

    def chosen_offline_duplicate(self) -> OfflineDuplicateGroup | None:
        """The person and day admitted twice without the hub chosen (still to review), if one
        is."""
        chosen = self._chosen()
        return chosen if isinstance(chosen, OfflineDuplicateGroup) else None

    def _flagged_chosen(self) -> None:
        """The buttons of what is chosen; none while offline (they are the hub's to do)."""
        chosen = self.chosen_flagged()
        on_hub = not self.controller.offline
        self.merge_button.setEnabled(on_hub and chosen is not None and bool(chosen.others))
        self.keep_both_button.setEnabled(on_hub and chosen is not None)
        self.refund_button.setEnabled(on_hub and self.chosen_refund() is not None)
        self.reviewed_button.setEnabled(
            on_hub
            and (
                self.chosen_offline_duplicate() is not None
                or self.chosen_edit_conflict() is not None
            )
        )

    def confirm_merge(self, keep: PersonRef, other: PersonRef, seats: int = 0) -> bool:
        text = (
            self.tr(
                "Merge %1 (%2) into %3 (%4)?\n\nCheck-ins, payments and badge prints go to "
                "the record of %3 (%4); the badge %2 keeps opening the door. Of two payments, "
                "the one taken first (by the desks' clocks) counts and the other is shown to "
                "give back. This cannot be undone."
            )
            .replace("%1", other.name)
            .replace("%2", other.code)
            .replace("%3", keep.name)
            .replace("%4", keep.code)
        )
        if seats:
            text += "\n\n" + self.tr(
                "The team was registered twice: its seats are merged with it, seat by seat "
                "(%n seat(s) whose names match).",
                "",
                seats,
            )
        answer = QMessageBox.question(
            self,
            self.tr("Merge into one"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _merge(self) -> None:
        chosen = self.chosen_flagged()
        if chosen is None or not chosen.others:
            return
        keep, other = chosen.others[0], chosen.person  # the earlier record stays
        if not self.confirm_merge(keep, other, chosen.seats):
            return
        self.merge_button.setEnabled(False)

        def done(result: MergeResult) -> None:
            text = " ".join(self.merged_text(result))
            self.show_status(text, "warning" if result.refund_total else "info")

        self.controller.merge(keep.code, other.code, done, self._decision_failed)

    def merged_text(self, result: MergeResult) -> list[str]:
        """What the merge did, as it happened: the codes that open the door, the check-ins
        moved over, which arrival counts on a day both records came, the money moved."""
        kept, other = result.kept, result.merged_code
        aliases = result.aliases or (other,)
        name = f"{kept.full_name} ({kept.code})"
        if len(aliases) == 1:
            said = [
                self.tr("Merged: %1. The badge %2 opens the door too.")
                .replace("%1", name)
                .replace("%2", other)
            ]
        else:
            said = [
                self.tr("Merged: %1. The badges %2 open the door too.")
                .replace("%1", name)
                .replace("%2", ", ".join(aliases))
            ]
        if result.moved_days:
            said.append(
                self.tr("Check-ins on the badge %1 moved over and counted: %2.")
                .replace("%1", other)
                .replace("%2", ", ".join(present.day_label(d) for d in result.moved_days))
            )
        for day in result.same_days:
            came = kept.checkin_on(day)
            said.append(
                self.tr(
                    "%1: came in on both badges — the earlier arrival counts (badge %2, %3), "
                    "the other is kept for review."
                )
                .replace("%1", present.day_label(day))
                .replace("%2", other if day in result.merged_counts else kept.code)
                .replace(
                    "%3",
                    present.local_time(self.event_config, came.at)
                    if came is not None and came.at
                    else "—",
                )
            )
        if result.payments:
            said.append(
                self.tr("Payments moved over: %1, %2.")
                .replace("%1", str(result.payments))
                .replace("%2", money(result.paid))
            )
        if result.seats:
            said.append(
                self.tr("The team was registered twice — its seats merged (%1): %2.")
                .replace("%1", str(len(result.seats)))
                .replace(
                    "%2",
                    "; ".join(
                        f"{seat.kept.full_name} ({seat.kept.code}) ← {seat.merged_code}"
                        for seat in result.seats
                    ),
                )
            )
        if result.refund_total:
            said.append(
                self.tr("Paid twice: give back %1.").replace("%1", money(result.refund_total))
            )
        return said

    def _keep_both(self) -> None:
        chosen = self.chosen_flagged()
        if chosen is None:
            return
        self.keep_both_button.setEnabled(False)

        def done(view: AttendeeView) -> None:
            self.show_status(
                self.tr("Both kept: %1 — the flag is cleared.").replace(
                    "%1", f"{view.full_name} ({view.code})"
                )
            )

        self.controller.keep_both(chosen.person.code, done, self._decision_failed)

    def confirm_refund(self, double: DoublePayment) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Money given back"),
            self.tr(
                "Has %1 (%2) been given back %3 (%4, taken at %5)?\n\nIt is recorded as "
                "given back now, at this desk, by you; the payment stays out of what was paid."
            )
            .replace("%1", double.person.name)
            .replace("%2", double.person.code)
            .replace("%3", money(double.amount))
            .replace("%4", present.payment_method(double.method))
            .replace("%5", double.desk),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _refund(self) -> None:
        chosen = self.chosen_refund()
        if chosen is None or not self.confirm_refund(chosen):
            return
        self.refund_button.setEnabled(False)

        def done(result: Refunded) -> None:
            self.show_status(
                self.tr("Given back: %1 to %2.")
                .replace("%1", money(result.amount))
                .replace("%2", f"{result.person.name} ({result.person.code})")
            )

        self.controller.refund(chosen.person.code, chosen.payment_id, done, self._decision_failed)

    def _mark_reviewed(self) -> None:
        edited = self.chosen_edit_conflict()
        if edited is not None:
            self._mark_edits_reviewed(edited)
            return
        chosen = self.chosen_offline_duplicate()
        if chosen is None:
            return
        self.reviewed_button.setEnabled(False)

        def done(result: Reviewed) -> None:
            self.show_status(
                self.tr("Reviewed: %1, %2 — the admissions set aside are listed apart.")
                .replace("%1", f"{result.person.name} ({result.person.code})")
                .replace("%2", ", ".join(g.day.strftime("%d.%m") for g in result.groups))
            )

        self.controller.mark_reviewed(chosen.person.code, chosen.day, done, self._decision_failed)

    def _mark_edits_reviewed(self, chosen: EditConflict) -> None:
        """Every field of the person two desks changed, marked looked at."""
        self.reviewed_button.setEnabled(False)

        def done(result: tuple[EditConflict, ...]) -> None:
            self.show_status(
                self.tr("Reviewed: %1 — the changes at two desks (%2) are listed apart.")
                .replace("%1", f"{chosen.person.name} ({chosen.person.code})")
                .replace("%2", ", ".join(field_text(c.field) for c in result))
            )

        self.controller.mark_edits_reviewed(chosen.person.code, done, self._decision_failed)

    def _decision_failed(self, exc: Exception) -> None:
        self._flagged_chosen()
        self.show_failure(self.controller.failure_text(exc, "decision"))

    def show_failure(self, text: str) -> None:
        self.show_status(text, "error")

    def show_status(self, text: str, level: str = "info") -> None:
        colours = {"info": "#1F2937", "warning": "#B06F00", "error": "#C5221F"}
        self.status.setStyleSheet(f"color: {colours.get(level, '#1F2937')};")
        self.status.setText(text)
        self._status_timer.start()  # the next decision's words replace it sooner

    # ---- choosing ----------------------------------------------------------------------

    def _choose(self, view: QTableView, model: RowsModel, index: QModelIndex) -> None:
        proxy = view.model()
        assert isinstance(proxy, QSortFilterProxyModel)
        code = model.payloads[proxy.mapToSource(index).row()]
        if isinstance(code, str):
            self.person_chosen.emit(code)

    def _decision_chosen(self, item: QTreeWidgetItem, _column: int) -> None:
        code = item.data(0, Qt.ItemDataRole.UserRole + 1)
        if isinstance(code, str):
            self.person_chosen.emit(code)

    def _select_day(self, day: date) -> None:
        index = self.day_selector.findData(day.isoformat())
        if index >= 0:
            self.day_selector.blockSignals(True)
            self.day_selector.setCurrentIndex(index)
            self.day_selector.blockSignals(False)

    def _day_changed(self, index: int) -> None:
        value = self.day_selector.itemData(index)
        if isinstance(value, str):
            self.controller.set_day(date.fromisoformat(value))

    # ---- lifecycle ---------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.controller.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.controller.stop()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.controller.stop()
        super().closeEvent(event)
