"""The hub in the windows: the status line's «Хаб: стойка-1 · 3 стойки», the desks of the hub,
the join code as a QR, the field a join code is scanned or pasted into, the question for
another desk name, and the settings section that makes this laptop the hub or joins one.

The join code is shown only as a QR and masked («HUB1-…-7KQ2»); the field it is scanned into
hides it as a password field does, so a screenshot of the settings never holds it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk import present
from kiosk.config import Event
from kiosk.db import Database, DatabaseError
from kiosk.hub.desks import DESK, KIOSK, DeskActivity, join_code_in_name_text
from kiosk.hub.join import holds_join_code, without_join_code
from kiosk.services import stats as stats_service
from kiosk.services.context import Desk
from ui.common.hub import (
    Announcement,
    HubHost,
    Joined,
    Joining,
    Link,
    NameAnswer,
    NameQuestion,
    Place,
    Station,
    check_join_text,
    masked,
)
from ui.common.runner import Runner
from ui.common.scanner import ACCEPTS_SCAN, ScanDetector

if TYPE_CHECKING:
    from kiosk.offline.local import OfflineStart

GREEN = "#1E8E3E"
RED = "#C5221F"
AMBER = "#B06F00"
GREY = "#6B7280"
CHECK_DELAY_MS = 300
"""A scanner types the code in well under this: then it is checked (and joined) at once."""


def qr_pixmap(payload: str, size: int) -> QPixmap:
    """`payload` as a QR code of about `size` pixels, black on white."""
    import qrcode

    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(payload)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    cells = len(matrix)
    scale = max(1, size // cells)
    image = QImage(cells * scale, cells * scale, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(x * scale, y * scale, scale, scale, QColor("black"))
    painter.end()
    return QPixmap.fromImage(image)


# ---- the status line ----------------------------------------------------------------------


class HubStatus(QPushButton):
    """Where the data is, in the status line; red when it cannot be reached. A click lists the
    hub's desks."""

    sync_requested = Signal()
    """Clicked while the desk works without the hub: sync now."""

    def __init__(self, event: Event, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.event_config = event
        self.link: Link | None = None
        self.setObjectName("hubStatus")
        self.setAccessibleName("hubStatus")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFlat(True)
        self.clicked.connect(self.show_desks)

    def show_link(self, link: Link) -> None:
        self.link = link
        self.setText(self.line(link))
        colour = {True: "#34D399", False: "white", None: "#D1D5DB"}[link.reachable]
        background = RED if link.reachable is False else "transparent"
        if link.offline:
            colour, background = "white", AMBER
        self.setStyleSheet(
            f"QPushButton {{ color: {colour}; background: {background}; border: none; "
            "padding: 8px 12px; font-size: 14px; font-weight: 600; text-align: right; }"
        )
        self.setToolTip(self.details(link))

    def line(self, link: Link) -> str:
        text = self._line(link)
        if link.clock_warning is not None and link.clock_offset is not None:
            off = self.tr("clock %1 min off the hub").replace(
                "%1", str(round(abs(link.clock_offset) / 60))
            )
            text = f"{text} · {off}"
        return text

    def _line(self, link: Link) -> str:
        if link.starting:
            return self.tr("Starting the hub…")
        if link.offline:
            data_at = present.local_time(self.event_config, link.data_at)
            if link.refusals:
                # A refusal at the door is queued too (for the hub to record): said, so that
                # the count is not read as people let in.
                return (
                    self.tr("offline · %1 queued (refused scans: %2) · data as of %3")
                    .replace("%1", str(link.queued))
                    .replace("%2", str(link.refusals))
                    .replace("%3", data_at)
                )
            return (
                self.tr("offline · %1 queued · data as of %2")
                .replace("%1", str(link.queued))
                .replace("%2", data_at)
            )
        if link.reachable is False:
            if link.place is Place.SERVER:
                return self.tr("No connection to the database — check-ins are not accepted")
            return self.tr("No connection to the hub — check-ins are not accepted")
        if link.place is not Place.HUB:
            here = (
                self.tr("Data: this laptop")
                if link.place is Place.LAPTOP
                else self.tr("Database: %1").replace("%1", link.where)
            )
            if link.hub_aside:
                return self.tr("%1 (--db) · this desk's hub is not used this time").replace(
                    "%1", here
                )
            return here
        if link.reachable is None:
            return self.tr("Hub: connecting…")
        desks = [d for d in link.connected if d.kind == DESK]
        kiosks = [d for d in link.connected if d.kind == KIOSK]
        count = self.tr("%n desk(s)", "", len(desks))
        if kiosks:
            count += ", " + self.tr("%n kiosk(s)", "", len(kiosks))
        count = self.tr("%1 online").replace("%1", count)  # the joined but silent ones: tooltip
        if link.hosting:
            return (
                self.tr("Hub running on this laptop · %1 · %2")
                .replace("%1", link.desk_name)
                .replace("%2", count)
            )
        return self.tr("Hub: %1 · %2").replace("%1", link.desk_name).replace("%2", count)

    def details(self, link: Link) -> str:
        lines = [link.problem] if link.problem else []
        if link.clock_warning is not None:
            lines.append(link.clock_warning)
        if link.offline:
            lines.append(
                self.tr(
                    "Working on this desk's copy of the hub: check-ins are queued and sent "
                    "when the hub is back. Click to sync now."
                )
            )
            if link.refusals:
                lines.append(
                    self.tr(
                        "Refused scans are queued too, only for the hub to record them: "
                        "nobody was let in by them."
                    )
                )
        if link.place is Place.LAPTOP:
            lines.append(self.tr("The database file: %1").replace("%1", link.where))
        elif link.where:
            lines.append(self.tr("Where: %1").replace("%1", link.where))
        if link.hub_aside:
            lines.append(
                self.tr(
                    "The settings keep this desk's hub: started without --db, the desk goes "
                    "back to it."
                )
            )
        lines += [activity_line(self.event_config, d) for d in link.desks]
        return "\n".join(lines)

    def show_desks(self) -> None:
        if self.link is not None and self.link.offline:
            self.sync_requested.emit()
            return
        if self.link is not None and self.link.place is Place.HUB:
            DesksDialog(self.event_config, self.link, self.window()).exec()


def activity_line(event: Event, desk: DeskActivity) -> str:
    """«стойка-2 — на связи, последнее действие 10:42»."""
    state = connection_text(desk.connected)
    line = f"{desk.name} — {state}"
    if desk.last_action_at is not None:
        line += ", " + QCoreApplication.translate("DesksDialog", "last action %1").replace(
            "%1", present.local_time(event, desk.last_action_at)
        )
    return line


def connection_text(connected: bool) -> str:
    if connected:
        return QCoreApplication.translate("DesksDialog", "connected")
    return QCoreApplication.translate("DesksDialog", "not connected")


class DesksDialog(QDialog):
    """The hub's desks: connected or not, last seen, last action."""

    def __init__(self, event: Event, link: Link, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("desksDialog")
        self.setWindowTitle(self.tr("Desks of the hub"))
        self.table = QTableWidget(len(link.desks), 4)
        self.table.setObjectName("desksTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Desk"), self.tr("Connection"), self.tr("Last seen"), self.tr("Last action")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for row, desk in enumerate(link.desks):
            name = desk.name + (" ★" if desk.name == link.desk_name else "")
            state = connection_text(desk.connected)
            cells = [
                name,
                state,
                present.local_day_time(event, desk.last_seen_at),
                present.local_day_time(event, desk.last_action_at) or "—",
            ]
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if column == 1:
                    item.setForeground(QColor(GREEN if desk.connected else GREY))
                self.table.setItem(row, column, item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(620, 320)


# ---- the join code ------------------------------------------------------------------------


class JoinCodeWindow(QDialog):
    """The hub's join code as a QR for the desks to scan; the code itself only masked, and
    copied (for pasting) by a button."""

    QR_SIZE = 360

    def __init__(self, join: str, where: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.join = join
        self.setObjectName("joinCodeWindow")
        self.setWindowTitle(self.tr("Join code of the hub"))
        intro = QLabel(
            self.tr(
                "Scan this code at every desk: Menu → Desk settings → Join a hub (a kiosk: "
                "its staff screen). Keep it private: it holds the desks' password."
            )
        )
        intro.setWordWrap(True)
        self.qr = QLabel()
        self.qr.setObjectName("joinQr")
        self.qr.setPixmap(qr_pixmap(join, self.QR_SIZE))
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label = QLabel(
            self.tr("Hub %1 · code %2").replace("%1", where).replace("%2", masked(join))
        )
        self.code_label.setObjectName("joinMasked")
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setStyleSheet(f"color: {GREY};")
        self.copy_button = QPushButton(self.tr("Copy the code"))
        self.copy_button.setObjectName("copyJoinButton")
        self.copy_button.clicked.connect(self.copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.qr, 1)
        layout.addWidget(self.code_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.join)
        self.copy_button.setText(self.tr("Copied"))


class JoinField(QLineEdit):
    """Where a join code is scanned or pasted: it stays hidden, as a password does, and is
    checked as soon as it is whole."""

    complete = Signal(str)
    """A whole, readable join code."""
    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("joinField")
        self.setAccessibleName("joinField")
        self.setProperty(ACCEPTS_SCAN, True)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setPlaceholderText(self.tr("Scan or paste the hub's code (HUB1-…)"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check)
        self.textChanged.connect(lambda _text: self._timer.start())

    def take(self, text: str) -> None:
        """A join code scanned while the focus was elsewhere: in here, and checked at once
        (once: not again when the check after typing would come)."""
        self.setText(text)
        self._timer.stop()
        self.check()

    def check(self) -> None:
        text = self.text().strip()
        if not text:
            self.problem.emit("")
            return
        wrong = check_join_text(text)
        if wrong is None:
            self.complete.emit(text)
        else:
            self.again()
            self.problem.emit(wrong)

    def again(self) -> None:
        """The code did not do (misread, or the join failed): the next scan or paste, or
        whatever is typed, replaces it."""
        self.setEnabled(True)
        self.selectAll()


# ---- the desk's name ----------------------------------------------------------------------


class DeskNameDialog(QDialog):
    """The desk's name is another desk's: choose another (or replace that desk, if gone)."""

    def __init__(self, question: NameQuestion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deskNameDialog")
        self.setWindowTitle(self.tr("Another name for this desk"))
        text = QLabel(question.text)
        text.setObjectName("deskNameQuestion")
        text.setWordWrap(True)
        self.name = QLineEdit(question.suggestion)
        self.name.setObjectName("deskNameAnswer")
        self.name.setMaxLength(60)
        self.name.selectAll()  # typing replaces the suggestion
        self.note = QLabel()
        self.note.setObjectName("deskNameNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {RED};")
        self.note.setVisible(False)
        self.replace_box = QCheckBox(
            self.tr("This laptop replaces that desk (it is not connected)")
        )
        self.replace_box.setObjectName("replaceDesk")
        self.replace_box.setVisible(question.replaceable)
        self.replace_box.toggled.connect(self._replacing)
        self.question = question
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.name)
        layout.addWidget(self.note)
        layout.addWidget(self.replace_box)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
        self.scanner: ScanDetector | None = None
        if not _scanned_by_a_window(parent):
            # Asked at start, before any window watches the scanner: a scan here is caught
            # all the same, so its keys never stay in the name.
            self.scanner = ScanDetector(self)
            self.scanner.scanned_join.connect(self.join_scanned)
            self.scanner.install()

    def join_scanned(self, _text: str) -> None:
        """A join code scanned here (the scanner kept it out of the name)."""
        self.say(
            self.tr(
                "That was the hub's join code: this desk is joining that hub already. "
                "Type a name for the desk."
            )
        )
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)
        self.name.selectAll()

    def say(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))
        self.adjustSize()

    def accept(self) -> None:
        if not self.replace_box.isChecked() and holds_join_code(self.name.text()):
            self.say(join_code_in_name_text())
            self.name.setText(without_join_code(self.name.text()))
            self.name.selectAll()
            return
        super().accept()

    def done(self, result: int) -> None:
        if self.scanner is not None:
            self.scanner.remove()
        super().done(result)

    def _replacing(self, on: bool) -> None:
        # Replacing that desk keeps the name asked for.
        self.name.setEnabled(not on)

    def answer(self) -> NameAnswer:
        if self.replace_box.isChecked():
            return (self.question.name, True)
        name = self.name.text().strip()
        return (name, False) if name else None


def _scanned_by_a_window(widget: QWidget | None) -> bool:
    """Whether a window's scan detector already watches `widget` (it is inside that window)."""
    while widget is not None:
        if widget.findChildren(ScanDetector, options=Qt.FindChildOption.FindDirectChildrenOnly):
            return True
        widget = widget.parentWidget()
    return False


def ask_desk_name(parent: QWidget | None, question: NameQuestion) -> NameAnswer:
    dialog = DeskNameDialog(question, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.answer()


# ---- joining from a window ----------------------------------------------------------------


def join_station(
    parent: QWidget,
    station: Station,
    text: str,
    name: str,
    on_done: Callable[[], None],
    on_failed: Callable[[str], None],
    *,
    ask_pin: Callable[[Database], bool] | None = None,
    announcement: Announcement | None = None,
) -> Joining:
    """Join the hub of `text` and switch `station` onto it (this laptop's own hub: by the
    address it has on the laptop itself)."""
    joining = Joining(
        station.event_config,
        station.kind,
        name,
        lambda question: ask_desk_name(parent, question),
        ask_pin=ask_pin,
        home=station.home,
        url=announcement.url if announcement else None,
        parent=parent,
    )

    def joined(result: Joined) -> None:
        station.adopt(result, hosting=announcement is not None)
        on_done()

    joining.finished.connect(joined)
    joining.failed.connect(on_failed)
    joining.start(text)
    return joining


def join_and_wait(
    event: Event,
    kind: str,
    name: str,
    text: str,
    *,
    home: Path | None = None,
    url: str | None = None,
    parent: QWidget | None = None,
) -> Joined | str:
    """At start: join the remembered hub before the window opens (a name now taken is asked
    for); the `Joined`, or why not ("" when cancelled)."""
    result: list[Joined | str] = []
    joining = Joining(
        event, kind, name, lambda question: ask_desk_name(parent, question), home=home, url=url
    )
    loop = QEventLoop()
    joining.finished.connect(lambda joined: (result.append(joined), loop.quit()))
    joining.failed.connect(lambda text: (result.append(text), loop.quit()))
    joining.start(text)
    if not result:
        loop.exec()
    joining.deleteLater()
    return result[0]


OFFLINE_START_SHOWN_AFTER_MS: Final = 300
"""The window saying the desk looks for its copy of the hub shows only if that takes longer."""


def offline_start_and_wait(
    join: str, event: Event, kind: str, *, home: Path | None = None, name: str = ""
) -> OfflineStart | None:
    """At start, the hub not joined: whether the desk may start on its replica of the hub
    (`kiosk.offline.local.offline_start`, which waits up to 1.5 s to see whether the hub
    answers after all), found off the GUI thread, with a window saying so meanwhile."""
    from kiosk.offline.local import offline_start

    outcome: list[OfflineStart | None] = []
    failure: list[Exception] = []
    loop = QEventLoop()
    runner = Runner()
    progress = QProgressDialog(
        QCoreApplication.translate(
            "HubStatus", "The hub does not answer: opening this laptop's copy of the event…"
        ),
        "",
        0,
        0,
    )
    progress.setObjectName("offlineStartProgress")
    progress.setWindowTitle(QCoreApplication.translate("HubStatus", "Working without the hub"))
    progress.setCancelButton(None)  # type: ignore[arg-type]
    progress.setMinimumWidth(360)
    later = QTimer(progress)
    later.setSingleShot(True)
    later.timeout.connect(progress.show)

    def found(start: OfflineStart | None) -> None:
        outcome.append(start)
        loop.quit()

    def failed(exc: Exception) -> None:
        failure.append(exc)
        loop.quit()

    runner.slow(lambda: offline_start(join, event, kind, home, name=name), found, failed)
    later.start(OFFLINE_START_SHOWN_AFTER_MS)
    try:
        if not (outcome or failure):
            loop.exec()
    finally:
        later.stop()
        progress.close()
        progress.deleteLater()
        runner.wait()
        runner.deleteLater()
    if failure:
        raise failure[0]
    return outcome[0]


def wait_for_host(host: HubHost, source: Path | None = None) -> Announcement | str:
    """At start: run this laptop's hub and wait until it accepts desks (a window says so: it
    takes seconds, before the desk's own window is there); its announcement, or why it did
    not start."""
    result: list[Announcement | str] = []
    loop = QEventLoop()
    progress = QProgressDialog(
        QCoreApplication.translate("HubStatus", "Starting the hub…"), "", 0, 0
    )
    progress.setObjectName("hubStartProgress")
    progress.setWindowTitle(QCoreApplication.translate("HubStatus", "This laptop is the hub"))
    progress.setCancelButton(None)  # type: ignore[arg-type]
    progress.setMinimumDuration(0)
    progress.setMinimumWidth(360)

    def ended(outcome: Announcement | str) -> None:
        result.append(outcome)
        loop.quit()

    host.ready.connect(ended)
    host.failed.connect(ended)
    progress.show()
    try:
        host.start(source)
        if not result:
            loop.exec()
    finally:
        host.ready.disconnect(ended)
        host.failed.disconnect(ended)
        progress.close()
        progress.deleteLater()
    return result[0]


# ---- the settings' hub section ------------------------------------------------------------


class HubSection(QGroupBox):
    """«Хаб»: this laptop as the hub (with its QR), joining a hub by its code, leaving it."""

    def __init__(
        self,
        station: Station,
        desk_name: Callable[[], str],
        parent: QWidget | None = None,
        *,
        hosting_allowed: bool = True,
        ask_pin: Callable[[Database], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.station = station
        self.desk_name = desk_name
        self.ask_pin = ask_pin
        self.joining: Joining | None = None
        self.setObjectName("hubSection")
        self.setTitle(self.tr("Several desks: the hub"))
        self.host_box = QCheckBox(self.tr("This laptop is the hub"))
        self.host_box.setObjectName("hubHost")
        self.host_box.setVisible(hosting_allowed)
        self.qr_button = QPushButton(self.tr("Show the QR"))
        self.qr_button.setObjectName("showQrButton")
        self.state = QLabel()
        self.state.setObjectName("hubState")
        self.state.setWordWrap(True)
        self.field = JoinField()
        self.join_button = QPushButton(self.tr("Join"))
        self.join_button.setObjectName("joinButton")
        self.join_button.setEnabled(False)
        self.leave_button = QPushButton(self.tr("Leave the hub"))
        self.leave_button.setObjectName("leaveHubButton")
        self.message = QLabel()
        self.message.setObjectName("hubMessage")
        self.message.setWordWrap(True)
        host_row = QHBoxLayout()
        host_row.addWidget(self.host_box)
        host_row.addStretch(1)
        host_row.addWidget(self.qr_button)
        join_row = QHBoxLayout()
        join_row.addWidget(QLabel(self.tr("Join a hub:")))
        join_row.addWidget(self.field, 1)
        join_row.addWidget(self.join_button)
        leave_row = QHBoxLayout()
        leave_row.addWidget(self.state, 1)
        leave_row.addWidget(self.leave_button)
        layout = QVBoxLayout(self)
        layout.addLayout(host_row)
        layout.addLayout(leave_row)
        layout.addLayout(join_row)
        layout.addWidget(self.message)
        self.host_box.toggled.connect(self._host_toggled)
        self.qr_button.clicked.connect(self.show_qr)
        self.join_button.clicked.connect(self.field.check)
        self.field.complete.connect(self._complete)
        self.field.problem.connect(self._problem)
        self.leave_button.clicked.connect(self.leave)
        station.link_changed.connect(self._show)
        station.hosting_failed.connect(self._hosting_failed)
        self._show(station.link)

    # ---- what is shown -------------------------------------------------------------------

    def _show(self, link: Link) -> None:
        self.host_box.blockSignals(True)
        self.host_box.setChecked(link.hosting or self._host_starting())
        self.host_box.blockSignals(False)
        self.qr_button.setVisible(bool(link.join) and link.place is Place.HUB)
        self.leave_button.setVisible(link.place is Place.HUB)
        if link.place is Place.HUB:
            where = self.tr("Hub %1 · code %2").replace("%1", link.where)
            text = where.replace("%2", masked(link.join))
            if link.reachable is False:
                text += " — " + self.tr("not reachable")
            self.state.setText(text)
        elif link.place is Place.SERVER:
            self.state.setText(self.tr("Database: %1").replace("%1", link.where))
        else:
            self.state.setText(self.tr("This desk works on its own database on this laptop."))

    def _host_starting(self) -> bool:
        host = self.station.host
        return host is not None and host.running and host.announcement is None

    def say(self, text: str, level: str = "info") -> None:
        colour = {"info": GREY, "ok": GREEN, "error": RED}[level]
        self.message.setStyleSheet(f"color: {colour};")
        self.message.setText(text)

    # ---- this laptop as the hub ----------------------------------------------------------

    def _host_toggled(self, on: bool) -> None:
        if on:
            self.start_hosting()
        else:
            self.stop_hosting()

    def start_hosting(self) -> None:
        source = self._moving_source()
        if source is False:
            self.host_box.blockSignals(True)
            self.host_box.setChecked(False)
            self.host_box.blockSignals(False)
            return
        self.say(self.tr("Starting the hub…"))
        self.host_box.setEnabled(False)
        self.station.start_hosting(source if isinstance(source, Path) else None, self._hub_ready)

    def _moving_source(self) -> Path | bool | None:
        """This laptop's own database, when its people should move onto the new hub (asked);
        False when the person cancelled."""
        link = self.station.link
        if link.place is not Place.LAPTOP:
            return None
        stats = stats_service.stats(Desk(self.station.db, self.station.event_config))
        if stats.attendees == 0:
            return None
        answer = QMessageBox.question(
            self,
            self.tr("Move this laptop's data to the hub?"),
            self.tr(
                "This laptop's database has %n attendee(s). Move them, with their check-ins, "
                "payments and badges, onto the hub, so every desk sees them?",
                "",
                stats.attendees,
            ),
            QMessageBox.StandardButton.Yes
            | QMessageBox.StandardButton.No
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Cancel:
            return False
        return Path(link.where) if answer == QMessageBox.StandardButton.Yes else None

    def _hub_ready(self, announced: Announcement) -> None:
        self.say(self.tr("The hub is running; this desk joins it…"))

        def done() -> None:
            self.host_box.setEnabled(True)
            self.say(self.tr("This laptop is the hub. Show its QR to the other desks."), "ok")

        def failed(text: str) -> None:
            self.host_box.setEnabled(True)
            if self.station.host is not None:
                self.station.host.stop()
                self.station.host = None
            self._show(self.station.link)
            self.say(text or self.tr("Cancelled"), "error" if text else "info")

        self.joining = join_station(
            self,
            self.station,
            announced.join,
            self.desk_name(),
            done,
            failed,
            ask_pin=self.ask_pin,
            announcement=announced,
        )

    def _hosting_failed(self, text: str) -> None:
        self.host_box.setEnabled(True)
        self._show(self.station.link)
        self.say(text, "error")

    def stop_hosting(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Stop the hub?"),
            self.tr(
                "Every desk joined to this hub loses its connection, and this desk goes back "
                "to its own database on this laptop. Stop the hub?"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            self._show(self.station.link)
            return
        try:
            self.station.stop_hosting()
        except DatabaseError as exc:  # this laptop's own database is another event's
            self._show(self.station.link)
            self.say(str(exc), "error")
            return
        self.say(self.tr("The hub has stopped."))

    def show_qr(self) -> None:
        link = self.station.link
        if link.join:
            JoinCodeWindow(link.join, link.where, self).exec()

    # ---- joining ------------------------------------------------------------------------

    def join_scanned(self, text: str) -> None:
        """A join code scanned while the focus was elsewhere (the desk name, the window):
        into the field, and joined at once."""
        if not self.field.isEnabled():
            return  # joining already
        self.field.take(text)

    def _problem(self, text: str) -> None:
        self.join_button.setEnabled(bool(self.field.text().strip()))
        self.say(text, "error" if text else "info")

    def _complete(self, text: str) -> None:
        if self.joining is not None and self.joining.running:
            return
        self.join_button.setEnabled(False)
        self.field.setEnabled(False)
        self.say(self.tr("Joining the hub…"))

        def done() -> None:
            self.field.clear()
            self.field.setEnabled(True)
            self.say(self.tr("This desk now works on the hub."), "ok")

        def failed(message: str) -> None:
            self.field.again()
            self.join_button.setEnabled(True)
            self.say(message or self.tr("Cancelled"), "error" if message else "info")

        self.joining = join_station(
            self, self.station, text, self.desk_name(), done, failed, ask_pin=self.ask_pin
        )

    def leave(self) -> None:
        if self.station.link.hosting:
            self.host_box.setChecked(False)
            return
        answer = QMessageBox.question(
            self,
            self.tr("Leave the hub?"),
            self.tr(
                "This desk will work on its own database on this laptop again: it will not "
                "see the other desks' check-ins. Leave the hub?"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            try:
                self.station.use_laptop()
            except DatabaseError as exc:  # this laptop's own database is another event's
                self.say(str(exc), "error")
                return
            self.say(self.tr("This desk works on its own database again."))
