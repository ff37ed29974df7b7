"""The organiser's actions from the desk: the end-of-day report, the paper list, the missing
list (files written in the background) and entering a paper list afterwards (a dialog)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk import present
from kiosk.codes import code_candidates
from kiosk.config import PARTICIPANT
from kiosk.rules import Outcome
from kiosk.services import batch, reporting
from kiosk.services.errors import ServiceError
from kiosk.services.exporting import ExportError, ExportResult
from kiosk.text import clean
from ui.common import files
from ui.common.scanner import ACCEPTS_SCAN
from ui.desk.controller import DeskController
from ui.desk.dialogs import FieldRow
from ui.desk.summary import SummaryController

Notify = Callable[[str, str], None]
"""Where to tell how it went: (text, level)."""


def _failure(controller: SummaryController, exc: Exception) -> str:
    if isinstance(exc, ServiceError | ExportError):
        return str(exc)
    return controller.failure_text(exc, "organiser file")


def _save_path(parent: QWidget, title: str, suggested: str, filters: str) -> Path | None:
    path = files.save_file_name(parent, title, str(Path.home() / suggested), filters)
    return Path(path) if path else None


def save_day_report(
    parent: QWidget, controller: SummaryController, day: date, notify: Notify
) -> None:
    """Ask where, then write the end-of-day report of `day` in the background."""
    desk = controller.desk
    target = _save_path(
        parent,
        QCoreApplication.translate("Organiser", "Day report"),
        reporting.default_name(desk, "report", day, ".pdf"),
        "PDF (*.pdf)",
    )
    if target is None:
        return
    if target.suffix.lower() != ".pdf":
        target = target.with_suffix(".pdf")
    notify(QCoreApplication.translate("Organiser", "Writing the day report…"), "info")

    def done(written: reporting.ReportFile) -> None:
        saved = QCoreApplication.translate("Organiser", "Day report saved: %1").replace(
            "%1", str(written.path)
        )
        if written.summary.expected == 0:
            notify(
                saved
                + " "
                + QCoreApplication.translate(
                    "Organiser", "Nobody was expected on that day: the report is all zeros."
                ),
                "warning",
            )
            return
        notify(saved, "info")

    controller.write_report(
        target, day, done, lambda exc: notify(_failure(controller, exc), "error")
    )


class PaperListDialog(QDialog):
    """Which paper list: one day or every day, one tariff or everyone."""

    def __init__(
        self, controller: SummaryController, day: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("paperListDialog")
        self.setWindowTitle(self.tr("Paper list"))
        self.setMinimumWidth(480)
        event = controller.desk.event
        intro = QLabel(
            self.tr(
                "Everyone expected, alphabetically, with the badge code, company, tariff, "
                "payment and a box to tick per day. Print it the evening before: if every "
                "laptop fails, the desk works with a pen."
            )
        )
        intro.setWordWrap(True)
        self.day_choice = QComboBox()
        self.day_choice.setObjectName("paperDay")
        self.day_choice.addItem(self.tr("Every day"), None)
        for d in event.days:
            self.day_choice.addItem(
                f"{present.day_label(d.date)} — {present.day_title(event, d.date)}",
                d.date.isoformat(),
            )
        self.day_choice.setCurrentIndex(max(self.day_choice.findData(day.isoformat()), 0))
        self.tariff_choice = QComboBox()
        self.tariff_choice.setObjectName("paperTariff")
        self.tariff_choice.addItem(self.tr("Everyone"), None)
        for tariff in event.tariffs:
            self.tariff_choice.addItem(
                present.tariff_title(event, PARTICIPANT, tariff.code), tariff.code
            )
        for category in event.categories:
            self.tariff_choice.addItem(
                present.tariff_title(event, category.code, None), category.code
            )
        form = QFormLayout()
        form.addRow(self.tr("Day"), self.day_choice)
        form.addRow(self.tr("Who"), self.tariff_choice)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(
            self.tr("Save as PDF…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("paperSaveButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def day(self) -> date | None:
        value = self.day_choice.currentData()
        return date.fromisoformat(value) if isinstance(value, str) else None

    def tariff(self) -> str | None:
        value = self.tariff_choice.currentData()
        return value if isinstance(value, str) else None


def save_paper_list(
    parent: QWidget, controller: SummaryController, day: date, notify: Notify
) -> None:
    """Ask which list and where, then write it in the background."""
    dialog = PaperListDialog(controller, day, parent)
    if not dialog.exec():
        return
    chosen_day, tariff = dialog.day(), dialog.tariff()
    target = _save_path(
        parent,
        QCoreApplication.translate("Organiser", "Paper list"),
        reporting.default_name(controller.desk, "paper", chosen_day, ".pdf"),
        "PDF (*.pdf)",
    )
    if target is None:
        return
    if target.suffix.lower() != ".pdf":
        target = target.with_suffix(".pdf")
    notify(QCoreApplication.translate("Organiser", "Writing the paper list…"), "info")

    def done(written: reporting.PaperListFile) -> None:
        if written.people == 0:
            notify(
                QCoreApplication.translate(
                    "Organiser",
                    "Paper list saved: %1 — but nobody is on it: check the day and the tariff.",
                ).replace("%1", str(written.path)),
                "warning",
            )
            return
        notify(
            QCoreApplication.translate(
                "Organiser",
                "Paper list saved: %1 (%2 people). It holds personal data: destroy the "
                "printout after the event.",
            )
            .replace("%1", str(written.path))
            .replace("%2", str(written.people)),
            "info",
        )

    controller.write_paper_list(
        target, chosen_day, tariff, done, lambda exc: notify(_failure(controller, exc), "error")
    )


def save_missing(parent: QWidget, controller: SummaryController, day: date, notify: Notify) -> None:
    """Ask where, then export who has not come yet on `day` to Excel or CSV."""
    target = _save_path(
        parent,
        QCoreApplication.translate("Organiser", "Who is missing"),
        reporting.default_name(controller.desk, "missing", day, ".xlsx"),
        "Excel (*.xlsx);;CSV (*.csv)",
    )
    if target is None:
        return
    if target.suffix.lower() not in (".xlsx", ".csv"):
        target = target.with_suffix(".xlsx")

    def done(result: ExportResult) -> None:
        notify(
            QCoreApplication.translate(
                "Organiser",
                "Saved %1 rows to %2. The file holds personal data: share it with care.",
            )
            .replace("%1", str(result.rows))
            .replace("%2", str(result.path)),
            "info",
        )

    controller.export_missing(
        target, day, done, lambda exc: notify(_failure(controller, exc), "error")
    )


class PaperListEntryDialog(QDialog):
    """Entering a paper list afterwards: the codes ticked on paper (scanned or typed, one by
    one, or from a text file), the day, the time if known, and the reason for the audit log.
    Each code is recorded as entered afterwards; the outcome of each is listed."""

    def __init__(self, controller: DeskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.result: batch.BatchResult | None = None
        self.setObjectName("paperEntryDialog")
        self.setWindowTitle(self.tr("Enter a paper list"))
        self.setMinimumSize(640, 560)
        event = controller.desk.event
        today = controller.desk.today()
        intro = QLabel(
            self.tr(
                "Scan or type the codes ticked on the paper list (Enter after each), or take "
                "them from a text file with one code a line. They are recorded as entered "
                "afterwards; someone already checked in is not counted twice."
            )
        )
        intro.setWordWrap(True)
        self.code_input = QLineEdit()
        self.code_input.setObjectName("paperCode")
        self.code_input.setAccessibleName("paperCode")
        self.code_input.setPlaceholderText(self.tr("Scan or type a badge code"))
        self.code_input.setProperty(ACCEPTS_SCAN, True)  # a scan here is a code for the list
        self.code_input.textChanged.connect(self._maybe_complete)
        self.code_input.returnPressed.connect(self._add_typed)
        self.from_file = QPushButton(self.tr("From a file…"))
        self.from_file.setObjectName("paperFromFile")
        self.from_file.clicked.connect(self._open_file)
        self.paste = QPushButton(self.tr("Paste"))
        self.paste.setObjectName("paperPaste")
        self.paste.clicked.connect(self._paste)
        entry = QHBoxLayout()
        entry.addWidget(self.code_input, 1)
        entry.addWidget(self.paste)
        entry.addWidget(self.from_file)
        self.codes = QListWidget()
        self.codes.setObjectName("paperCodes")
        self.codes_error = QLabel()
        self.codes_error.setObjectName("paperCodesError")
        self.codes_error.setStyleSheet("color: #C5221F;")
        self.codes_error.setWordWrap(True)  # beside the button, a long reason was cut off
        remove = QPushButton(self.tr("Remove the chosen code"))
        remove.setObjectName("paperRemove")
        remove.clicked.connect(self._remove)
        self.day_choice = QComboBox()
        self.day_choice.setObjectName("paperEntryDay")
        for d in event.days:
            if d.date <= today:
                self.day_choice.addItem(
                    f"{present.day_label(d.date)} — {present.day_title(event, d.date)}",
                    d.date.isoformat(),
                )
        self.day_choice.setCurrentIndex(
            max(self.day_choice.findData(controller.day.isoformat()), 0)
        )
        self.time_row = FieldRow("paperTime")
        self.time_row.edit.setPlaceholderText(self.tr("hh:mm, if known"))
        self.time_row.edit.setMaxLength(5)
        self.reason_row = FieldRow("paperReason")
        self.reason_row.edit.setPlaceholderText(self.tr("e.g. the laptops failed 09:10–09:40"))
        self.reason_row.edit.setMaxLength(500)
        form = QFormLayout()
        form.addRow(self.tr("Day"), self.day_choice)
        form.addRow(self.tr("Arrived at"), self.time_row)
        form.addRow(self.tr("Reason"), self.reason_row)
        self.summary = QLabel()
        self.summary.setObjectName("paperEntrySummary")
        self.summary.setWordWrap(True)
        self.results = QTableWidget(0, 3)
        self.results.setObjectName("paperEntryResults")
        self.results.setHorizontalHeaderLabels(
            [self.tr("Code"), self.tr("Outcome"), self.tr("Who")]
        )
        self.results.horizontalHeader().setStretchLastSection(True)
        self.results.verticalHeader().hide()
        self.results.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.results.hide()
        buttons = QDialogButtonBox()
        self.enter_button = buttons.addButton(
            self.tr("Record the check-ins"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.enter_button.setObjectName("paperEnterButton")
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        for button in (self.enter_button, self.close_button, self.from_file, self.paste, remove):
            button.setAutoDefault(False)  # Enter adds a code; it never records the list
            button.setDefault(False)
        self.enter_button.clicked.connect(self.record)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(entry)
        layout.addWidget(self.codes, 1)
        row = QHBoxLayout()
        row.addWidget(self.codes_error, 1)
        row.addWidget(remove)
        layout.addLayout(row)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        layout.addWidget(buttons)
        self.code_input.setFocus()
        self.reason_row.edit.textChanged.connect(lambda _t: self.reason_row.set_error(""))
        self.time_row.edit.textChanged.connect(lambda _t: self.time_row.set_error(""))

    # ---- the codes ---------------------------------------------------------------------

    def code_list(self) -> list[str]:
        return [self.codes.item(i).text() for i in range(self.codes.count())]

    def add_codes(self, codes: list[str]) -> None:
        for code in codes:
            code = clean(code)[:60]
            if code:
                self.codes.addItem(code)
        self.codes.scrollToBottom()
        self.codes_error.setText("")
        self._update_count()

    def _maybe_complete(self, text: str) -> None:
        """A whole code (a scan, or the last key typed) goes to the list at once."""
        if code_candidates(text):
            self.add_codes([text])
            self.code_input.clear()

    def _add_typed(self) -> None:
        text = self.code_input.text()
        if text.strip():
            self.add_codes([text])  # not a code, as far as we can tell: the result will say
            self.code_input.clear()

    def _paste(self) -> None:
        clipboard = QGuiApplication.clipboard()
        self.add_codes([c.code for c in batch.parse_codes(clipboard.text())])

    def _open_file(self) -> None:
        path = files.open_file_name(
            self,
            self.tr("A file of badge codes"),
            str(Path.home()),
            self.tr("Text (*.txt *.csv);;All files (*)"),
        )
        if not path:
            return
        try:
            self.add_codes([c.code for c in batch.read_codes(path)])
        except ServiceError as exc:
            self.codes_error.setText(str(exc))

    def _remove(self) -> None:
        for item in self.codes.selectedItems():
            self.codes.takeItem(self.codes.row(item))
        self._update_count()

    def _update_count(self) -> None:
        self.enter_button.setText(self.tr("Record %n check-in(s)", "", self.codes.count()))

    # ---- recording ---------------------------------------------------------------------

    def _day(self) -> date | None:
        value = self.day_choice.currentData()
        return date.fromisoformat(value) if isinstance(value, str) else None

    def _time(self) -> tuple[bool, time | None]:
        text = self.time_row.text().strip()
        if not text:
            return True, None
        try:
            hours, minutes = (int(part) for part in text.replace(".", ":").split(":"))
            return True, time(hours, minutes)
        except ValueError:
            return False, None

    def record(self) -> None:
        """Check what was given (every problem at once), then record the list."""
        day = self._day()
        good_time, arrived = self._time()
        reason = self.reason_row.text().strip()
        problems = []
        if not self.codes.count():
            self.codes_error.setText(self.tr("Add the codes from the paper list first."))
            problems.append(self.code_input)
        if not good_time:
            self.time_row.set_error(self.tr("Write the time as 09:40, or leave it empty."))
            problems.append(self.time_row.edit)
        if not reason:
            self.reason_row.set_error(self.tr("Write why the check-ins are entered afterwards."))
            problems.append(self.reason_row.edit)
        if day is None:
            self.summary.setText(self.tr("No event day has begun yet."))
            return
        if problems:
            problems[0].setFocus()
            return
        codes = [batch.CodeLine(n, code) for n, code in enumerate(self.code_list(), start=1)]
        self.enter_button.setEnabled(False)
        self.summary.setStyleSheet("")
        self.summary.setText(self.tr("Recording…"))
        self.controller.enter_paper_list(
            codes,
            day=day,
            reason=reason,
            arrived=arrived,
            on_done=self._recorded,
            on_error=self._failed,
        )

    def _recorded(self, result: batch.BatchResult) -> None:
        self.result = result
        self.codes.clear()
        self.enter_button.setEnabled(True)
        self._update_count()
        self.summary.setStyleSheet(
            "color: #1E8E3E; font-weight: 600;"
            if result.complete
            else "color: #B06F00; font-weight: 600;"
        )
        self.summary.setText(
            self.tr("Recorded: %1, already checked in: %2, refused: %3.")
            .replace("%1", str(result.recorded))
            .replace("%2", str(result.already))
            .replace("%3", str(result.refused))
        )
        self.results.setRowCount(len(result.lines))
        for row, line in enumerate(result.lines):
            outcome = line.result
            who = outcome.attendee.full_name if outcome.attendee else ""
            status = present.outcome(outcome.status)
            if outcome.status is Outcome.UNPAID and outcome.amount_due:
                status += f": {present.money(outcome.amount_due)}"
            for column, value in enumerate((line.code, status, who)):
                item = QTableWidgetItem(value)
                if line.refused:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.results.setItem(row, column, item)
        self.results.resizeColumnsToContents()
        self.results.show()

    def _failed(self, exc: Exception) -> None:
        self.enter_button.setEnabled(True)
        self.summary.setStyleSheet("color: #C5221F; font-weight: 600;")
        if isinstance(exc, ServiceError):
            if exc.field == "reason":
                self.reason_row.set_error(str(exc))
            elif exc.field == "time":
                self.time_row.set_error(str(exc))
            self.summary.setText(str(exc))
        else:
            self.summary.setText(self.controller.failure_text(exc, "paper list entry"))
