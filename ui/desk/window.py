"""The desk window: one search field, the results, the outcome panel and the attendee card."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, time
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QColor, QKeyEvent, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kiosk import present
from kiosk.i18n import language
from kiosk.rules import Outcome
from kiosk.services import lookup, privacy
from kiosk.services.checkin import CheckInResult
from kiosk.services.printing import BadgeChange, PrintWarning
from kiosk.services.stats import Stats
from kiosk.services.views import AttendeeView
from ui.common.controller import PrintState, serve
from ui.common.hub import CLOSE_WAIT_MS, Link, Station
from ui.common.hub_widgets import HubStatus
from ui.common.scanner import ScanDetector, TakesJoinCode
from ui.common.sounds import Sounds
from ui.desk.controller import TONES, DeskController
from ui.desk.summary import SummaryController
from ui.desk.widgets import (
    AttendeeCard,
    ResultPanel,
    ResultsModel,
    ResultsTable,
    show_scan_notice,
)

if TYPE_CHECKING:
    from kiosk.services.contacts import SharedContact
    from kiosk.services.edit_conflicts import EditConflict
    from ui.desk.summary_window import SummaryWindow

SHARED_CONTACTS_DELAY_MS = 250


class DeskWindow(QMainWindow):
    def __init__(
        self,
        controller: DeskController,
        sounds: Sounds | None = None,
        *,
        back_to_kiosk: Callable[[], None] | None = None,
        station: Station | None = None,
    ) -> None:
        super().__init__()
        self.back_to_kiosk = back_to_kiosk
        self.station = station
        self.controller = controller
        self.event_config = controller.desk.event
        self.sounds = sounds
        self.setObjectName("deskWindow")
        self.resize(1280, 800)
        self._shown_query = ""
        self._chosen: int | None = None
        """The row the operator chose with ↑/↓ or a click (Enter checks that one in)."""
        # Who shares the phone of the person on the card is looked up once the card stays on
        # them a moment, not for every first result while someone types.
        self._shared_timer = QTimer(self)
        self._shared_timer.setSingleShot(True)
        self._shared_timer.setInterval(SHARED_CONTACTS_DELAY_MS)
        self._shared_timer.timeout.connect(self._load_shared_contacts)
        self._build()
        self._wire()
        self._day_timer = QTimer(self)
        self._day_timer.timeout.connect(self._update_day_warning)
        self._day_timer.start(60_000)  # midnight passes while the desk is open
        serve(controller, self)
        self.summary = SummaryController(controller)
        self.summary_window: SummaryWindow | None = None
        self.scanner = ScanDetector(self)
        self.scanner.scanned.connect(self._scanned)
        self.scanner.scanned_other.connect(self._scanned_other)
        self.scanner.scanned_join.connect(self._scanned_join)
        self.scanner.install()
        self.confirm_close: Callable[[int], bool] = self._confirm_close
        """Asked before closing with check-ins not yet sent (their number): close anyway?"""
        self._sync_failure = ""
        """The failed sync's message on the panel, cleared when the desk is back on the hub."""
        self.confirm_join: Callable[[], bool] = self._confirm_join
        """Asked when a hub's join code is scanned at the window: join that hub?"""
        self._scan_behind: QWidget | None = None
        """The dialog that was open when a scan came: it is told what the scan did."""
        if station is not None:
            self._wire_station(station)
        self._update_title()
        controller.refresh()
        if station is None:
            controller.watch_other_desks()  # a Station hears the database itself

    # ---- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        event = self.event_config
        self.event_label = QLabel(present.event_name(event))
        self.event_label.setStyleSheet("font-size: 18px; font-weight: 700;")
        self.desk_label = QLabel()
        self.desk_label.setStyleSheet("color: #6B7280;")
        self.day_selector = QComboBox()
        self.day_selector.setObjectName("daySelector")
        self.day_selector.setAccessibleName("daySelector")
        self.day_selector.setMinimumWidth(170)
        self.day_selector.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        kinds = {"training": self.tr("training"), "conference": self.tr("conference")}
        for d in event.days:
            # Short in the bar (it must fit a 1280-pixel laptop); the whole title on hover.
            self.day_selector.addItem(f"{d.date:%d.%m} · {kinds[str(d.kind)]}", d.date.isoformat())
            self.day_selector.setItemData(
                self.day_selector.count() - 1,
                d.title_en if language() == "en" else d.title,
                Qt.ItemDataRole.ToolTipRole,
            )
        self.day_warning = QLabel()
        self.day_warning.setObjectName("dayWarning")
        self.day_warning.setStyleSheet("color: #B06F00; font-weight: 600;")
        self.arrival_label = QLabel(self.tr("Arrived at:"))
        self.arrival_time = QLineEdit()
        self.arrival_time.setObjectName("arrivalTime")
        self.arrival_time.setAccessibleName("arrivalTime")
        self.arrival_time.setPlaceholderText(self.tr("hh:mm"))
        self.arrival_time.setFixedWidth(70)
        self.arrival_time.setToolTip(
            self.tr(
                "Entering arrivals afterwards: the time they came, if known. Left empty, "
                "the arrival time stays unknown — none is made up."
            )
        )
        self.undo_button = QPushButton(self.tr("Undo (Ctrl+Z)"))
        self.undo_button.setObjectName("undoButton")
        self.undo_button.setToolTip(self.tr("Undo the last check-in made at this desk"))
        self.kiosk_button = QPushButton(self.tr("Back to the kiosk"))
        self.kiosk_button.setObjectName("kioskButton")
        self.kiosk_button.setToolTip(
            self.tr("Close the desk and turn this laptop into the self-service kiosk again")
        )
        self.kiosk_button.setVisible(self.back_to_kiosk is not None)
        self.summary_button = QPushButton(self.tr("Summary (Ctrl+D)"))
        self.summary_button.setObjectName("summaryButton")
        self.summary_button.setAccessibleName("summaryButton")
        # Everything not needed at every scan is in one menu: the bar fits a small laptop.
        self.menu_button = QPushButton(self.tr("Menu"))
        self.menu_button.setObjectName("menuButton")
        self.menu = QMenu(self.menu_button)
        self.report_action = self.menu.addAction(self.tr("Day report…"))
        self.paper_list_action = self.menu.addAction(self.tr("Paper list…"))
        self.paper_entry_action = self.menu.addAction(self.tr("Enter a paper list…"))
        self.missing_action = self.menu.addAction(self.tr("Who is missing → Excel…"))
        self.menu.addSeparator()
        self.import_action = self.menu.addAction(self.tr("Import registrations…"))
        self.export_attendees_action = self.menu.addAction(self.tr("Export attendees…"))
        self.export_checkins_action = self.menu.addAction(self.tr("Export check-ins…"))
        self.menu.addSeparator()
        self.sync_action = self.menu.addAction(self.tr("Sync with the hub now"))
        self.sync_action.setObjectName("syncAction")
        self.sync_action.setVisible(self.station is not None and self.station.code is not None)
        self.settings_action = self.menu.addAction(self.tr("Desk settings…"))
        self.menu_button.setMenu(self.menu)
        for button in (self.kiosk_button, self.undo_button, self.summary_button, self.menu_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        top = QHBoxLayout()
        top.addWidget(self.event_label)
        top.addWidget(self.desk_label)
        top.addStretch(1)
        top.addWidget(self.day_warning)
        top.addWidget(QLabel(self.tr("Day:")))
        top.addWidget(self.day_selector)
        top.addWidget(self.arrival_label)
        top.addWidget(self.arrival_time)
        top.addWidget(self.undo_button)
        top.addWidget(self.kiosk_button)
        top.addWidget(self.summary_button)
        top.addWidget(self.menu_button)

        self.search_input = QLineEdit()
        self.search_input.setObjectName("searchInput")
        self.search_input.setAccessibleName("searchInput")
        self.search_input.setPlaceholderText(
            self.tr("Scan a badge, or type a surname, phone digits or a code…")
        )
        self.search_input.setClearButtonEnabled(True)
        self.search_input.setMinimumHeight(48)
        self.search_input.setStyleSheet("font-size: 20px; padding: 4px 10px;")
        self.new_walk_in_button = QPushButton(self.tr("New walk-in (Ctrl+N)"))
        self.new_walk_in_button.setObjectName("newWalkInButton")
        self.new_walk_in_button.setAccessibleName("newWalkInButton")
        self.new_walk_in_button.setMinimumHeight(48)
        self.new_walk_in_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_input, 1)
        search_row.addWidget(self.new_walk_in_button)

        self.results_model = ResultsModel(self.event_config, self)
        self.results_model.set_day(self.controller.day)
        self.results_view = ResultsTable(self.results_model)
        self.results_view.setObjectName("resultsView")
        self.results_view.setAccessibleName("resultsView")
        self.results_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results_view.verticalHeader().hide()
        self.results_view.setAlternatingRowColors(True)
        self.results_view.setWordWrap(False)
        header = self.results_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(1, 170)
        self.results_view.verticalHeader().setDefaultSectionSize(34)
        # The scroll bar's room kept whether a list needs it or not: a list longer than the
        # view brought it in, which narrowed the view, laid it out and painted it again.
        self.results_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.results_hint = QLabel()
        self.results_hint.setStyleSheet("color: #6B7280;")
        # Long lines wrap: a label that only grows would push the list/card divider over.
        self.results_hint.setWordWrap(True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.results_view, 1)
        left_layout.addWidget(self.results_hint)

        self.result_panel = ResultPanel(self.event_config)
        self.attendee_card = AttendeeCard(self.event_config)
        self.print_status = QLabel()
        self.print_status.setObjectName("printStatus")
        self.print_status.setWordWrap(True)  # a long printer error wraps, the divider stays
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.result_panel)
        right_layout.addWidget(self.attendee_card, 1)
        right_layout.addWidget(self.print_status)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 4)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([700, 560])

        self.status_strip = QLabel()
        self.status_strip.setObjectName("statusStrip")
        self.status_strip.setAccessibleName("statusStrip")
        self.status_strip.setWordWrap(True)
        self.status_strip.setStyleSheet("color: white; padding: 8px 12px; font-size: 14px;")
        self.hub_status = HubStatus(event)
        self.hub_status.setVisible(self.station is not None)
        status_bar = QWidget()
        status_bar.setObjectName("statusBar")
        status_bar.setStyleSheet("QWidget#statusBar { background: #1F2937; }")
        status_row = QHBoxLayout(status_bar)
        status_row.setContentsMargins(0, 0, 0, 0)
        status_row.setSpacing(0)
        status_row.addWidget(self.status_strip, 1)
        status_row.addWidget(self.hub_status)

        self.retention_banner = QFrame()
        self.retention_banner.setObjectName("retentionBanner")
        self.retention_banner.setStyleSheet(
            "QFrame#retentionBanner { background: #FEF3C7; border: 1px solid #B06F00; "
            "border-radius: 6px; }"
        )
        self.retention_text = QLabel()
        self.retention_text.setObjectName("retentionText")
        self.retention_text.setWordWrap(True)
        self.purge_button = QPushButton(self.tr("Erase the data now…"))
        self.purge_button.setObjectName("purgeButton")
        self.retention_later = QPushButton(self.tr("Later"))
        self.retention_later.setObjectName("retentionLater")
        for button in (self.purge_button, self.retention_later):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        banner_row = QHBoxLayout(self.retention_banner)
        banner_row.addWidget(self.retention_text, 1)
        banner_row.addWidget(self.purge_button)
        banner_row.addWidget(self.retention_later)
        self.retention_banner.hide()

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(14, 10, 14, 0)
        layout.addLayout(top)
        layout.addWidget(self.retention_banner)
        layout.addLayout(search_row)
        layout.addWidget(splitter, 1)
        layout.addWidget(status_bar)
        self.setCentralWidget(central)
        # The window's background by its palette, not a style sheet: a style sheet on the window
        # has every widget in it drawn through Qt's style-sheet style, which made painting
        # the results list (after each key typed) a quarter slower.
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("#F6F7F9"))
        self.setPalette(palette)
        self._select_day(self.controller.day)

    def _wire(self) -> None:
        c = self.controller
        self.search_input.textChanged.connect(c.search_text_changed)
        self.search_input.installEventFilter(self)
        self.results_view.clicked.connect(self._row_clicked)
        self.results_view.doubleClicked.connect(lambda _i: self.check_in_selected())
        self.day_selector.currentIndexChanged.connect(self._day_changed)
        self.arrival_time.textChanged.connect(lambda _text: self._arrival_time_typed())
        self.arrival_time.editingFinished.connect(self._arrival_time_given)
        self.attendee_card.check_in_button.clicked.connect(self.check_in_selected)
        self.attendee_card.print_button.clicked.connect(self.print_selected)
        self.attendee_card.edit_button.clicked.connect(self.edit_selected)
        self.attendee_card.forget_button.clicked.connect(self.forget_selected)
        self.attendee_card.swap_button.clicked.connect(self.swap_selected_names)
        self.attendee_card.shown.connect(lambda _attendee: self._shared_timer.start())
        self.attendee_card.shown.connect(self._card_turned)
        self.new_walk_in_button.clicked.connect(self.open_walk_in)
        self.undo_button.clicked.connect(c.undo_last)
        self.settings_action.triggered.connect(lambda: self.open_settings())
        self.kiosk_button.clicked.connect(self._back_to_kiosk)
        self.import_action.triggered.connect(self.open_import)
        self.export_attendees_action.triggered.connect(lambda: self.open_export("attendees"))
        self.export_checkins_action.triggered.connect(lambda: self.open_export("checkins"))
        self.summary_button.clicked.connect(self.open_summary)
        self.purge_button.clicked.connect(c.purge_after_event)
        self.retention_later.clicked.connect(self.retention_banner.hide)
        self.report_action.triggered.connect(self.save_day_report)
        self.paper_list_action.triggered.connect(self.save_paper_list)
        self.paper_entry_action.triggered.connect(self.open_paper_entry)
        self.missing_action.triggered.connect(self.save_missing)
        self.result_panel.pay_requested.connect(
            lambda attendee_id, method: c.check_in_attendee(attendee_id, pay=method)
        )
        self.result_panel.upgrade_requested.connect(
            lambda attendee_id, tariff, method: c.check_in_attendee(
                attendee_id, pay=method, upgrade_to=tariff
            )
        )
        for keys, slot in (
            ("Ctrl+P", self.print_selected),
            ("Ctrl+N", self.open_walk_in),
            ("Ctrl+Z", c.undo_last),
            ("Ctrl+D", self.open_summary),
            ("Esc", self.clear),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    def _wire_station(self, station: Station) -> None:
        """Where the data is: the status line, refusals while the hub is out of reach, other
        desks' writes shown at once, another database without a restart."""
        c = self.controller
        station.link_changed.connect(self._link_changed)
        station.changed.connect(c.refresh_elsewhere)
        station.changed.connect(self.summary.elsewhere_changed)
        station.database_changed.connect(self._database_changed)
        c.connection_lost.connect(station.connection_lost)
        c.changed.connect(lambda _changes: station.note_action())
        station.synced.connect(self._synced)
        self.sync_action.triggered.connect(self.sync_now)
        self.hub_status.sync_requested.connect(self.sync_now)
        self._link_changed(station.link)

    def sync_now(self) -> None:
        """«Синхронизировать»: what waits goes to the hub now, and the copy is brought up to
        date (the status line and a message say how it went)."""
        if self.station is None:
            return
        self.show_message(self.tr("Syncing with the hub…"), "info")
        self.station.sync_now()
        self.focus_search()

    def _synced(self, text: str, level: str) -> None:
        """How a sync asked for ended; a failure is taken off the panel once the desk is back
        on the hub (if nothing else was shown over it meanwhile)."""
        self.show_message(text, level)
        self._sync_failure = text if level == "error" else ""

    def _link_changed(self, link: Link) -> None:
        if self._sync_failure and link.ready and not link.offline:
            if self.result_panel.detail.text() == self._sync_failure:
                self.result_panel.show_idle()
            self._sync_failure = ""
        self.hub_status.show_link(link)
        self.sync_action.setVisible(self.station is not None and self.station.code is not None)
        self.controller.set_link(link, self.station.replica if self.station else None)
        self.summary.link_changed()
        if link.desk_name and link.desk_name != self.controller.desk.name:
            self._rename(link.desk_name)

    def _rename(self, name: str) -> None:
        from ui.common.settings import save_settings

        settings = replace(self.controller.settings, desk_name=name)
        self.controller.update_settings(settings)
        save_settings(settings)
        self._update_title()

    def _database_changed(self, db: object) -> None:
        from kiosk.db import Database

        assert isinstance(db, Database)
        assert self.station is not None
        self.controller.use_database(db, self.station.desk(self.controller.desk).name)
        self._update_title()

    def _update_title(self) -> None:
        desk = self.controller.desk
        self.setWindowTitle(
            self.tr("Registration desk — %1 · %2")
            .replace("%2", present.event_name(self.event_config))
            .replace("%1", desk.name)
        )
        self.desk_label.setText(self.desk_label_text(desk.name))

    def desk_label_text(self, name: str) -> str:
        """«стойка Вход»; a name that already begins with the word («стойка-2») is shown
        alone, not as «стойка стойка-2»."""
        labelled = self.tr("desk %1")
        word = labelled.split("%1")[0].strip()
        if word and name.casefold().startswith(word.casefold()):
            return name
        return labelled.replace("%1", name)

    # ---- keyboard --------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_input and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._move_selection(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.controller.submit(self.search_input.text(), self.chosen())
                return True
            if key == Qt.Key.Key_Z and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                # The line edit would take Ctrl+Z as its own text undo.
                self.controller.undo_last()
                return True
        return super().eventFilter(watched, event)

    def _move_selection(self, step: int) -> None:
        rows = self.results_model.rowCount()
        if not rows:
            return
        current = self.results_view.currentIndex().row()
        row = max(0, min(rows - 1, (current if current >= 0 else -1) + step))
        self._select_row(row)
        self._chosen = row

    def _select_row(self, row: int) -> None:
        index = self.results_model.index(row, 0)
        self.results_view.setCurrentIndex(index)
        self.results_view.selectRow(row)
        self.results_view.scrollTo(index)
        self.attendee_card.show_attendee(self.results_model.rows[row])

    def _row_clicked(self, index: QModelIndex) -> None:
        self._select_row(index.row())
        self._chosen = index.row()
        self.focus_search()

    def selected(self) -> AttendeeView | None:
        rows = self.results_view.selectionModel().selectedRows()
        row = rows[0].row() if rows else -1
        if 0 <= row < len(self.results_model.rows):
            return self.results_model.rows[row]
        return None

    def chosen(self) -> AttendeeView | None:
        """The person the operator chose in the list (not merely the one shown on top)."""
        if self._chosen is not None and 0 <= self._chosen < len(self.results_model.rows):
            return self.results_model.rows[self._chosen]
        return None

    # ---- actions ---------------------------------------------------------------------------

    def check_in_selected(self) -> None:
        attendee = self.attendee_card.attendee or self.selected()
        if attendee is not None:
            self.controller.check_in_attendee(attendee.id)
        self.focus_search()

    def print_selected(self) -> None:
        attendee = self.attendee_card.attendee or self.selected()
        if attendee is not None:
            self.controller.print_badge(attendee)
        self.focus_search()

    def edit_selected(self) -> None:
        from ui.desk.dialogs import EditAttendeeDialog

        attendee = self.attendee_card.attendee
        if attendee is None:
            return
        # The form saves itself, and stays open with what was typed if the correction is
        # refused (another person's phone or e-mail).
        EditAttendeeDialog(attendee, self, controller=self.controller).exec()
        self.focus_search()

    def forget_selected(self) -> None:
        attendee = self.attendee_card.attendee
        if attendee is not None:
            self.controller.forget(attendee)
        self.focus_search()

    def swap_selected_names(self) -> None:
        attendee = self.attendee_card.attendee
        if attendee is not None:
            self.controller.swap_names(attendee)
        self.focus_search()

    def _load_shared_contacts(self) -> None:
        attendee = self.attendee_card.attendee
        if attendee is not None and (attendee.phone or attendee.email):
            self.controller.load_shared_contacts(attendee.id)

    def open_walk_in(self) -> None:
        from ui.desk.dialogs import WalkInDialog

        dialog = WalkInDialog(self.controller, self)
        dialog.exec()
        self.focus_search()

    def open_settings(self, join: str = "") -> None:
        """The settings; with a join code scanned at the window, joining that hub at once."""
        from ui.desk.dialogs import SettingsDialog

        dialog = SettingsDialog(self.controller.settings, self, station=self.station)
        if join and dialog.hub is not None:
            hub = dialog.hub
            QTimer.singleShot(0, lambda: hub.join_scanned(join))
        if dialog.exec():
            chosen = dialog.settings()
            name = chosen.desk_name
            on_hub = self.station is not None and self.station.me is not None
            if on_hub and name != self.controller.desk.name:
                # The name must be free among the hub's desks: the desk keeps its old one
                # until the hub says so.
                chosen = replace(chosen, desk_name=self.controller.desk.name)
                if name:
                    self._rename_on_station(name)
            self.controller.update_settings(chosen)
            dialog.save(chosen)
            if self.station is not None and not on_hub:
                self.station.set_desk_name(chosen.name)
            self._update_title()
        self.focus_search()

    def _rename_on_station(self, name: str) -> None:
        assert self.station is not None

        def refused(exc: Exception) -> None:
            self.show_message(
                self.tr("The desk keeps its name: %1").replace("%1", str(exc)), "warning"
            )

        self.station.rename(name, lambda _name: None, refused)

    def _back_to_kiosk(self) -> None:
        if self.back_to_kiosk is None:
            return
        self.back_to_kiosk()  # first, so the app does not quit with its last window
        self.close()

    def open_import(self) -> None:
        from ui.desk.importing import run_import

        if self.controller.needs_hub():
            return
        run_import(self.controller, self)
        self.focus_search()

    def open_export(self, kind: str) -> None:
        from ui.desk.importing import run_export

        run_export(self.controller, self, kind)
        self.focus_search()

    # ---- the organiser ---------------------------------------------------------------------

    def open_summary(self) -> None:
        """The «Сводка» window (Ctrl+D), live while open; made on first use (QtCharts loads
        then, not at the desk's start)."""
        from ui.desk import organiser
        from ui.desk.summary_window import SummaryWindow

        if self.summary_window is None:
            window = SummaryWindow(
                self.summary,
                report=lambda parent, day: organiser.save_day_report(
                    parent, self.summary, day, window.show_status
                ),
                paper_list=lambda parent, day: organiser.save_paper_list(
                    parent, self.summary, day, window.show_status
                ),
                export_missing=lambda parent, day: organiser.save_missing(
                    parent, self.summary, day, window.show_status
                ),
                parent=self,
            )
            window.person_chosen.connect(self.show_person)
            self.summary_window = window
        self.summary_window.show()
        self.summary_window.raise_()
        self.summary_window.activateWindow()

    def save_day_report(self) -> None:
        from ui.desk import organiser

        organiser.save_day_report(self, self.summary, self.controller.day, self.show_message)
        self.focus_search()

    def save_paper_list(self) -> None:
        from ui.desk import organiser

        organiser.save_paper_list(self, self.summary, self.controller.day, self.show_message)
        self.focus_search()

    def save_missing(self) -> None:
        from ui.desk import organiser

        organiser.save_missing(self, self.summary, self.controller.day, self.show_message)
        self.focus_search()

    def open_paper_entry(self) -> None:
        from ui.desk.organiser import PaperListEntryDialog

        if self.controller.needs_hub():
            return
        PaperListEntryDialog(self.controller, self).exec()
        self.focus_search()

    def show_person(self, code: str) -> None:
        """Someone chosen in the summary: found at the desk (not checked in)."""
        self.search_input.setText(code)
        self.raise_()
        self.activateWindow()
        self.focus_search()

    def clear(self) -> None:
        self.search_input.clear()
        self.results_view.set_rows((), self.controller.day)
        self.results_hint.clear()
        self.attendee_card.show_attendee(None)
        self.result_panel.show_idle()
        self.focus_search()

    def _day_changed(self, index: int) -> None:
        value = self.day_selector.itemData(index)
        if isinstance(value, str):
            self.controller.set_day(date.fromisoformat(value))
            self._update_day_warning()
        self.focus_search()

    def _arrival_time_typed(self) -> None:
        """What the field shows is what the next entries use, with whichever day is chosen
        (a time typed and not yet confirmed with Enter or Tab too)."""
        moment = self._arrival_time()
        self.controller.arrival_time = moment
        if moment is not None or not self.arrival_time.text().strip():
            self.arrival_time.setStyleSheet("")

    def _arrival_time_given(self) -> None:
        text = self.arrival_time.text().strip()
        if text and self._arrival_time() is None:
            self.arrival_time.setStyleSheet("border: 2px solid #C5221F;")
            self.show_message(
                self.tr("The arrival time «%1» is not a time: write it as 10:40.").replace(
                    "%1", text[:20]
                ),
                "warning",
            )
            return
        self.focus_search()

    def _arrival_time(self) -> time | None:
        """The time in the arrival field, or None when it is empty or not a time."""
        text = self.arrival_time.text().strip()
        try:
            hours, minutes = (int(part) for part in text.replace(".", ":").split(":"))
            return time(hours, minutes)
        except ValueError:
            return None

    def _select_day(self, day: date) -> None:
        for i in range(self.day_selector.count()):
            if self.day_selector.itemData(i) == day.isoformat():
                self.day_selector.blockSignals(True)
                self.day_selector.setCurrentIndex(i)
                self.day_selector.blockSignals(False)
        self._update_day_warning()

    def _update_day_warning(self) -> None:
        other_day = not self.controller.is_today()
        self.arrival_label.setVisible(other_day)
        self.arrival_time.setVisible(other_day)
        if not other_day:
            self.arrival_time.clear()
        if self.controller.is_today():
            self.day_warning.setText("")
        else:
            self.day_warning.setText(
                self.tr("Today (%1) is not this day").replace(
                    "%1", self.controller.desk.today().strftime("%d.%m")
                )
            )

    # ---- intents from the controller -------------------------------------------------------

    def show_results(self, query: str, results: tuple[AttendeeView, ...]) -> None:
        shown = self.attendee_card.attendee
        refresh = query == self._shown_query
        chosen = self.chosen() if refresh else None
        self._shown_query = query
        day = self.controller.day
        model = self.results_model
        if query.strip() or model.rows or model.day != day:
            # (A blank field finds nobody, and an emptied list needs no emptying: Escape's
            # clear() empties it at once, and the search of the blank field comes after.)
            self.results_view.set_rows(results, day)
        self._chosen = None
        keep = next((i for i, a in enumerate(results) if shown and a.id == shown.id), None)
        target = lookup.enter_choice(query, results)
        if keep is not None:
            self._select_row(keep)  # the same person, with fresh data
            if chosen is not None and chosen.id == results[keep].id:
                self._chosen = keep
        elif refresh or target is None:
            # Nobody is picked for the operator: Enter will ask to choose among several.
            self.results_view.setCurrentIndex(QModelIndex())
            self.results_view.clearSelection()
            if not refresh:
                self.attendee_card.show_attendee(None)
        else:
            self._select_row(results.index(target))
        if len(results) == 1 or (results and target is not None):
            self.results_hint.setText(
                self.tr("%n found — ↑/↓ to choose, Enter to check in", "", len(results))
            )
        elif results:
            self.results_hint.setText(
                self.tr("%n found — choose with ↑/↓, then Enter", "", len(results))
            )
        else:
            self.results_hint.setText(self.tr("Nobody found") if query.strip() else "")

    def show_outcome(self, result: CheckInResult, changes: tuple[BadgeChange, ...] = ()) -> None:
        self.print_status.clear()  # about the previous person's badge; a new print says so
        self.result_panel.show_result(
            result,
            TONES[result.status],
            auto_print=self.controller.settings.auto_print,
            changes=changes,
        )
        if result.status is Outcome.UNKNOWN_CODE:
            self._hint_not_synced()
        self.attendee_card.show_attendee(result.attendee)
        if result.status in (Outcome.CHECKED_IN, Outcome.ALREADY_CHECKED_IN):
            self.search_input.selectAll()
        behind, self._scan_behind = self._scan_behind, None
        if behind is not None and shiboken6.isValid(behind) and behind.isVisible():
            show_scan_notice(behind, self.result_panel.summary())

    def _hint_not_synced(self) -> None:
        """A badge code the hub does not know may be a sign-up at a kiosk or desk without the
        hub (not a person to register again): said under «Код не найден», naming those the
        hub misses heartbeats from (a desk without the hub itself cannot tell)."""
        station = self.station
        if station is None or station.code is None:
            return  # an event on this laptop alone: no other desk to wait for
        from kiosk.hub.desks import not_synced_hint, out_of_reach

        desk = self.controller.desk
        link = station.link
        missing = (
            ()
            if link.offline
            else out_of_reach(
                link.desks, desk.event, desk.now(), own_name=link.desk_name or desk.name
            )
        )
        detail = self.result_panel.detail
        detail.setText(detail.text() + "\n" + not_synced_hint(missing, desk.event))

    def show_attendee(self, attendee: AttendeeView | None) -> None:
        self.attendee_card.show_attendee(attendee)

    def show_corrected(
        self, attendee: AttendeeView, out_of_date: bool, changes: tuple[BadgeChange, ...]
    ) -> None:
        self.print_status.clear()
        self.result_panel.show_corrected(
            attendee,
            out_of_date=out_of_date,
            changes=changes,
            auto_print=self.controller.settings.auto_print,
        )
        self.attendee_card.show_attendee(attendee)

    def show_printed(self, attendee: AttendeeView) -> None:
        """A badge printed: the card shows it if it shows that person. It does not turn to
        them — a team's badges print after the contact's check-in, a badge asked about may
        print after someone else's scan — so the card stays with the person the banner
        names."""
        shown = self.attendee_card.attendee
        if shown is not None and shown.id == attendee.id:
            self.attendee_card.show_attendee(attendee)

    def _card_turned(self, attendee: AttendeeView | None) -> None:
        """The banner speaks of the person on the card, or of no one: when the card turns to
        someone else (a row chosen, a search), another person's outcome leaves the banner."""
        outcome_of = self.result_panel.shown_attendee
        if outcome_of is not None and (attendee is None or attendee.id != outcome_of):
            self.result_panel.show_idle()

    def show_shared_contacts(self, attendee_id: int, shared: tuple[SharedContact, ...]) -> None:
        self.attendee_card.show_shared(attendee_id, shared)

    def show_edit_conflicts(self, attendee_id: int, edited: tuple[EditConflict, ...]) -> None:
        self.attendee_card.show_edit_conflicts(attendee_id, edited)

    def show_message(self, text: str, level: str = "info") -> None:
        self.result_panel.show_message(text, level)
        behind, self._scan_behind = self._scan_behind, None
        if behind is not None and shiboken6.isValid(behind) and behind.isVisible():
            show_scan_notice(behind, text)

    def show_stats(self, stats: Stats, day: date) -> None:
        today = stats.for_day(day)
        if today is None:
            self.status_strip.setText("")
            return
        parts = [
            self.tr("%1: checked in %2 of %3 expected")
            .replace("%1", day.strftime("%d.%m"))
            .replace("%2", str(today.checked_in))
            .replace("%3", str(today.expected))
        ]
        parts += [f"{g.title} {g.checked_in}/{g.expected}" for g in today.by_group]
        # A line may break between the figures, never inside one («Пресса 0/1» stays whole).
        self.status_strip.setText("   ·   ".join(p.replace(" ", present.NO_BREAK) for p in parts))

    def show_print_state(self, attendee: AttendeeView, state: PrintState, text: str) -> None:
        name = attendee.spoken_name
        lines = {
            PrintState.PRINTING: self.tr("Badge printing…"),
            PrintState.PRINTED: self.tr("Badge printed."),
            PrintState.FAILED: self.tr("The badge did not print: %1").replace("%1", text),
            PrintState.NO_PRINTER: text,
        }
        line = lines[state]
        if self.result_panel.shown_attendee == attendee.id:
            self.result_panel.set_badge_line(line)
        ok = state in (PrintState.PRINTING, PrintState.PRINTED)
        self.print_status.setStyleSheet("color: #1E8E3E;" if ok else "color: #C5221F;")
        self.print_status.setText(f"{name}: {line}")

    def confirm_print(self, text: str, reason: PrintWarning) -> bool:
        titles = {
            PrintWarning.REPRINT: self.tr("Reprint the badge?"),
            PrintWarning.OUT_OF_DATE: self.tr("Print the new badge?"),
            PrintWarning.UNNAMED_SEAT: self.tr("A badge without a name?"),
            PrintWarning.UNPAID: self.tr("A badge for someone who has not paid?"),
        }
        answer = QMessageBox.question(
            self,
            titles[reason],
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        self.focus_search()
        return answer == QMessageBox.StandardButton.Yes

    def ask_undo_reason(self, attendee: AttendeeView, day: date) -> str | None:
        from ui.desk.dialogs import UndoDialog

        dialog = UndoDialog(attendee, day, self)
        reason = dialog.reason() if dialog.exec() else None
        self.focus_search()
        return reason

    def show_day(self, day: date) -> None:
        """A new day is served: the banner no longer speaks of the previous one."""
        self._select_day(day)
        self.results_model.set_day(day)
        self.result_panel.show_idle()
        self.attendee_card.show_attendee(None)
        if not self.controller.is_today():
            self.result_panel.show_message(
                self.tr(
                    "Entering arrivals for %1 afterwards: check-ins are recorded for that day "
                    "as entered afterwards, with the arrival time if you give it."
                ).replace("%1", present.day_label(day)),
                "info",
            )

    def confirm_forget(self, attendee: AttendeeView) -> str | None:
        from ui.desk.dialogs import ForgetDialog

        dialog = ForgetDialog(attendee, self)
        reason = dialog.reason() if dialog.exec() else None
        self.focus_search()
        return reason

    def remind_retention(self) -> None:
        """A banner over the search that stays until the data is erased or staff say «later»:
        a message box was easily closed unread, or hidden behind the first-start dialog."""
        event = self.event_config
        self.retention_text.setText(
            self.tr(
                "The event ended on %1, and the %2-day period for keeping the attendees' "
                "personal data has passed. Export the figures you need, then erase the data "
                "here or with: %3"
            )
            .replace("%1", event.local_time(event.ends_at).strftime("%d.%m.%Y"))
            .replace("%2", str(event.retention_days))
            .replace(
                "%3",
                privacy.purge_command(
                    self.controller.desk.db.url,
                    self.station.event_file if self.station is not None else None,
                ),
            )
        )
        self.retention_banner.show()

    def confirm_purge(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Erase the personal data"),
            self.tr(
                "Erase the names, contacts, companies and positions of everyone still on "
                "file? Check-ins, payments and the figures stay. This cannot be undone."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        self.focus_search()
        return answer == QMessageBox.StandardButton.Yes

    def retention_done(self, erased: int) -> None:
        self.retention_banner.hide()
        self.show_message(
            self.tr(
                "Personal data erased (attendees: %1). Check-ins, payments and figures stay."
            ).replace("%1", str(erased)),
            "info",
        )

    def play(self, tone: str) -> None:
        if self.sounds is not None:
            self.sounds.play(tone)

    def focus_search(self) -> None:
        self.search_input.setFocus(Qt.FocusReason.OtherFocusReason)

    def keep_scan(self, code: str) -> None:
        """The code scanned in the search field, selected: the next key or scan takes its
        place, and Enter tries it again (a scan that could not be checked in)."""
        self.search_input.blockSignals(True)  # not a search: the controller says what it found
        self.search_input.setText(code)
        self.search_input.blockSignals(False)
        self.search_input.selectAll()
        self.focus_search()

    def shown_attendee(self) -> AttendeeView | None:
        return self.attendee_card.attendee

    def refresh_attendee(self, attendee: AttendeeView) -> None:
        """Fresh data of the person on the card (another desk changed them)."""
        shown = self.attendee_card.attendee
        if shown is not None and shown.id == attendee.id:
            self.attendee_card.show_attendee(attendee)

    def show_new_database(self) -> None:
        """Another database: nothing of the previous one stays on screen."""
        self.clear()

    def offer_first_start(self) -> None:
        """On an empty database, offer demo data or an import."""
        from ui.desk.first_start import FirstStartDialog

        def ask() -> None:
            FirstStartDialog(self.controller, self, station=self.station).exec()
            self.focus_search()

        self.controller.when_empty(ask)

    # ---- scans -----------------------------------------------------------------------------

    def _scanned(self, code: str) -> None:
        """A scan while a dialog is open is checked in behind it; the dialog stays as it was
        and is told what the scan did."""
        self._scan_behind = QApplication.activeModalWidget()
        self.controller.scanned(code)

    def _scanned_other(self, text: str) -> None:
        self._scan_behind = QApplication.activeModalWidget()
        self.controller.scanned_other(text)

    def _scanned_join(self, text: str) -> None:
        """A hub's join code: joined in the settings if they are open, else offered (it is
        never searched for, nor shown)."""
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, TakesJoinCode):
            dialog.join_scanned(text)
            return
        if self.station is None or dialog is not None:
            self.show_message(
                self.tr("A hub's join code was scanned: join it in Menu → Desk settings."),
                "warning",
            )
            return
        if self.confirm_join():
            self.open_settings(join=text)
        self.focus_search()

    def _confirm_join(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Join the hub?"),
            self.tr(
                "That is a hub's join code. Join this hub, so this desk works on the hub's "
                "data with the other desks?"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

    # ---- lifecycle -------------------------------------------------------------------------

    def _may_close(self) -> bool:
        """With actions made without the hub and not yet sent, the operator is warned and
        may stay (they are kept and sent at the next start either way)."""
        if self.station is None:
            return True
        # A check-in being written is counted too (a scan waits for the hub 1.5 s at most).
        self.controller.runner.wait_for_writes(5_000)
        waiting = self.station.queued_now()
        return not waiting or self.confirm_close(waiting)

    def _confirm_close(self, waiting: int) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Not sent to the hub yet"),
            self.tr(
                "%n action(s) made without the hub (check-ins, payments, walk-ins, badges, "
                "corrections) have not reached it yet. They are kept on this laptop and sent at "
                "the next start (or by «kiosk sync»), but other desks do not see them until "
                "then. Close anyway?",
                "",
                waiting,
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def showEvent(self, event: QEvent) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.focus_search()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._may_close():
            event.ignore()
            return
        self._shared_timer.stop()
        if self.summary_window is not None:
            self.summary_window.close()
        self.summary.stop()
        self.controller.stop_watching()
        self.scanner.remove()
        # Briefly: a read on a hub that does not answer must not hold the app (late results
        # have nowhere to go).
        self.controller.runner.wait(CLOSE_WAIT_MS)
        self.controller.view = None  # late results have nowhere to go
        super().closeEvent(event)
