"""Import and export from the desk window: the import report is shown before anything is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk import present
from kiosk.config import PARTICIPANT
from kiosk.importing.reader import ImportFileError
from kiosk.services import exporting, importing
from kiosk.services.errors import ServiceError
from kiosk.services.importing import ImportReport, Stage
from kiosk.services.progress import Progress, Stopped
from ui.common import files
from ui.common.controller import Changes
from ui.desk.controller import DeskController


def _where(line: int, sheet: str) -> str:
    """The line column: the line, after its sheet's name in a workbook of several."""
    return f"{sheet}: {line}" if sheet else str(line)


PROGRESS_MS = 150
"""How often the dialog shows how far its check or import has got."""


class ImportDialog(QDialog):
    """Checks the file first (a dry run), shows what would happen, then imports on request.

    When rows name no tariff (neither themselves nor by their sheet's or file's name), it asks
    for one instead of skipping them, and checks again with it.

    Both show how far they have got. The import runs beside the desk's scans, not before them
    (`Runner.in_steps`), and Cancel stops it until its last, short transaction: nothing is
    written then. Closing the dialog while it checks stops the check.
    """

    def __init__(
        self, controller: DeskController, path: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.path = path
        self.report: ImportReport | None = None
        self.imported: ImportReport | None = None
        self._checks = 0
        """Checks of the file asked for (`check`): only the latest one's report is shown."""
        self._checking: Progress | None = None
        """The latest check's progress, while it runs."""
        self._importing: Progress | None = None
        """The import's progress, from Import until it ended, however it did."""
        self._refused = False
        """Whether a stop was asked of the import in its last transaction, and refused."""
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Import registrations"))
        self.setMinimumSize(640, 420)
        self.file_label = QLabel(self.tr("File: %1").replace("%1", path.name))
        self.summary = QLabel(self.tr("Checking the file…"))
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 15px;")
        self.assume_paid = QCheckBox(
            self.tr("Count everyone as paid when the file has no payment column")
        )
        self.assume_paid.setObjectName("assumePaid")
        self.tariff_label = QLabel(self.tr("Tariff for the rows that name none:"))
        self.tariff_choice = QComboBox()
        self.tariff_choice.setObjectName("tariffChoice")
        self.tariff_choice.setAccessibleName("tariffChoice")
        self.tariff_choice.addItem(self.tr("— choose a tariff —"), None)
        event = controller.desk.event
        for tariff in event.tariffs:
            self.tariff_choice.addItem(
                present.tariff_title(event, PARTICIPANT, tariff.code), tariff.code
            )
        tariff_row = QHBoxLayout()
        tariff_row.addWidget(self.tariff_label)
        tariff_row.addWidget(self.tariff_choice, 1)
        self.tariff_label.hide()
        self.tariff_choice.hide()
        self.notes = QTableWidget(0, 2)
        self.notes.setObjectName("importNotes")
        self.notes.setHorizontalHeaderLabels([self.tr("Line"), self.tr("Worth a look")])
        self.notes.horizontalHeader().setStretchLastSection(True)
        self.notes.verticalHeader().hide()
        self.notes.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.rejected = QTableWidget(0, 2)
        self.rejected.setObjectName("rejectedRows")
        self.rejected.setHorizontalHeaderLabels([self.tr("Line"), self.tr("Why it is skipped")])
        self.rejected.horizontalHeader().setStretchLastSection(True)
        self.rejected.verticalHeader().hide()
        self.rejected.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.status = QLabel()
        self.status.setObjectName("importStatus")
        self.bar = QProgressBar()
        self.bar.setObjectName("importProgress")
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(10)
        self._ticker = QTimer(self)
        self._ticker.setInterval(PROGRESS_MS)
        self._ticker.timeout.connect(self._show_progress)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("importButton")
        self.import_button.setEnabled(False)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        self.assume_paid.toggled.connect(lambda _on: self.check())
        self.tariff_choice.currentIndexChanged.connect(lambda _i: self.check())
        layout = QVBoxLayout(self)
        layout.addWidget(self.file_label)
        layout.addWidget(self.summary)
        # Here, not at the foot: the note of a scan made behind the dialog shows there.
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(self.assume_paid)
        layout.addLayout(tariff_row)
        layout.addWidget(self.notes, 1)
        layout.addWidget(self.rejected, 1)
        layout.addStretch(0)  # takes the room of the tables when they are hidden
        layout.addWidget(self.buttons)
        self.check()

    def chosen_tariff(self) -> str | None:
        code = self.tariff_choice.currentData()
        return code if isinstance(code, str) else None

    def _work(self, progress: Progress, *, dry_run: bool) -> Callable[[], ImportReport]:
        """The import (or its check) with the options as they are now, on the GUI thread."""
        desk, path = self.controller.desk, self.path
        assume_paid, tariff = self.assume_paid.isChecked(), self.chosen_tariff()
        return lambda: importing.import_file(
            desk, path, dry_run=dry_run, assume_paid=assume_paid, tariff=tariff, progress=progress
        )

    def check(self) -> None:
        self.import_button.setEnabled(False)
        self.summary.setText(self.tr("Checking the file…"))
        self._checks += 1
        number = self._checks
        if self._checking is not None:
            self._checking.stop()  # its report would not be shown
        self._checking = progress = Progress()
        self._follow()
        # A dry run writes nothing and holds no lock: on a read lane, so that the desk's own
        # scans (on its write lane) go on while a large file is checked. Two checks may then
        # run at once (an option changed meanwhile): only the latest one's report is shown.
        self.controller.runner.read(
            self._work(progress, dry_run=True),
            lambda report: self._checked(report) if number == self._checks else None,
            lambda exc: self._failed(exc) if number == self._checks else None,
        )

    # ---- how far it has got ------------------------------------------------------------------

    def _running(self) -> Progress | None:
        return self._importing or self._checking

    def _follow(self) -> None:
        self._show_progress()
        self._ticker.start()

    def _show_progress(self) -> None:
        progress = self._running()
        if progress is None:
            self._ticker.stop()
            self._say("")
            self.bar.hide()
            return
        where = progress.where
        self._say(self._stage_text(where.stage, where.done, where.total))
        self.bar.show()
        self.bar.setRange(0, where.total)  # 0 to 0: busy, without a count
        self.bar.setValue(where.done)

    def _say(self, text: str) -> None:
        """The status line under the summary: how far it has got, or how it ended."""
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _stage_text(self, stage: str, done: int, total: int) -> str:
        stopping = self._importing is not None and self._importing.stopped
        if stage == Stage.UNDOING and total:
            text = (
                self.tr("Stopping the import: what it wrote is taken away: %1 of %2")
                if stopping
                else self.tr(
                    "Another desk changed what the file is about: what was written is taken "
                    "away (%1 of %2), then the import starts again"
                )
            )
            return text.replace("%1", str(done)).replace("%2", str(total))
        if stopping:
            return self.tr("Stopping the import; nothing will be written…")
        if self._refused and stage == Stage.SHOWING:
            return self.tr("Almost done: the import can no longer be stopped.")
        if stage == Stage.KNOWN and total:
            text = self.tr("Reading the people already on file: %1 of %2")
        elif stage == Stage.MATCHING and total:
            text = self.tr("Matching rows with the people on file: %1 of %2")
        elif stage == Stage.WRITING and total:
            text = self.tr("Writing the new people, seen by nobody yet: %1 of %2")
        else:  # nothing to count (an empty database, a file without rows)
            text = {
                Stage.READING: self.tr("Reading the file…"),
                Stage.KNOWN: self.tr("Reading the people already on file…"),
                Stage.MATCHING: self.tr("Matching rows with the people on file…"),
                Stage.WRITING: self.tr("Writing the new people…"),
                Stage.SHOWING: self.tr("Almost done: everyone is shown at once…"),
                Stage.AGAIN: self.tr(
                    "Another desk changed what the file is about: the import starts again…"
                ),
            }.get(stage or Stage.READING, "")
        return text.replace("%1", str(done)).replace("%2", str(total))

    def _describe(self, report: ImportReport) -> str:
        lines = [
            self.tr("New: %1, updated: %2, unchanged: %3, teams: %4, skipped rows: %5.")
            .replace("%1", str(report.added))
            .replace("%2", str(report.updated))
            .replace("%3", str(report.unchanged + report.protected))
            .replace("%4", str(report.teams))
            .replace("%5", str(len(report.rejected)))
        ]
        if report.people_added > report.added:
            lines.append(
                self.tr("New people with the teams' seats (named at the desk): %1.").replace(
                    "%1", str(report.people_added)
                )
            )
        if report.seats_added:
            lines.append(
                self.tr("Seats added to teams that grew: %1.").replace(
                    "%1", str(report.seats_added)
                )
            )
        if report.kept_apart:
            lines.append(
                self.tr("One phone or e-mail, different names: both kept: %1.").replace(
                    "%1", str(len(report.kept_apart))
                )
            )
        if report.kept_tariffs:
            lines.append(
                self.tr(
                    "Already on file, kept their own tariff (the chosen one is for new people "
                    "only): %1."
                ).replace("%1", str(report.kept_tariffs))
            )
        if report.older:
            lines.append(
                self.tr("Sent before the rows already taken, changed nothing: %1.").replace(
                    "%1", str(report.older)
                )
            )
        if report.matched_by_name:
            lines.append(
                self.tr("Matched by name (no phone or e-mail): %1.").replace(
                    "%1", str(report.matched_by_name)
                )
            )
        if report.name_guesses:
            lines.append(
                self.tr(
                    "Name order guessed: %1. Check them; the card's button swaps surname "
                    "and first name."
                ).replace("%1", str(len(report.name_guesses)))
            )
        return "\n".join(lines)

    def _notes(self, report: ImportReport) -> list[tuple[str, str]]:
        """What went in but deserves a look: (line, text)."""
        event = self.controller.desk.event
        notes: list[tuple[str, str]] = []
        for kept in report.kept_apart:
            text = (
                self.tr("One phone, different names: both kept: %1 and %2")
                if kept.kind == "phone"
                else self.tr("One e-mail, different names: both kept: %1 and %2")
            )
            notes.append(
                (
                    _where(kept.line, kept.sheet),
                    text.replace("%1", kept.name).replace("%2", kept.other_name),
                )
            )
        for team in report.smaller_teams:
            notes.append(
                (
                    _where(team.line, team.sheet),
                    self.tr(
                        "%1: the file gives a team of %2, it has %3 seats (%4 arrived): no "
                        "seat removed, decide at the desk"
                    )
                    .replace("%1", team.name)
                    .replace("%2", str(team.size))
                    .replace("%3", str(team.seats))
                    .replace("%4", str(team.arrived)),
                )
            )
        for guess in report.name_guesses:
            notes.append(
                (
                    _where(guess.line, guess.sheet),
                    self.tr("«%1»: read as surname %2, first name %3 (a guess)")
                    .replace("%1", guess.original)
                    .replace("%2", guess.last_name)
                    .replace("%3", guess.first_name),
                )
            )
        for named in report.named_tariffs:
            title = present.tariff_title(event, PARTICIPANT, named.tariff)
            if named.source == "sheet":
                text = self.tr("Tariff «%1» from the sheet's name «%2»: %n row(s)", "", named.rows)
            elif named.source == "file":
                text = self.tr("Tariff «%1» from the file's name «%2»: %n row(s)", "", named.rows)
            else:
                text = self.tr("Tariff «%1» for rows that name none: %n row(s)", "", named.rows)
            notes.append(("—", text.replace("%1", title).replace("%2", named.name)))
        for sheet in report.skipped_sheets:
            notes.append(
                (
                    "—",
                    self.tr("Sheet «%1» skipped: %2")
                    .replace("%1", sheet.sheet)
                    .replace("%2", sheet.reason),
                )
            )
        for warning in report.warnings:
            notes.append((_where(warning.line, warning.sheet), warning.message))
        return notes

    @staticmethod
    def _fill(table: QTableWidget, rows: list[tuple[str, str]]) -> None:
        table.setRowCount(len(rows))
        for number, (where, text) in enumerate(rows):
            line = QTableWidgetItem(where)
            line.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            table.setItem(number, 0, line)
            table.setItem(number, 1, QTableWidgetItem(text))
        table.resizeColumnToContents(0)

    def _checked(self, report: ImportReport) -> None:
        self._checking = None
        self._show_progress()
        self.report = report
        text = self._describe(report)
        if report.protected:
            text += "\n" + self.tr(
                "%n people already checked in or corrected at the desk stay as they are.",
                "",
                report.protected,
            )
        if report.forgotten:
            text += " " + self.tr(
                "%1 rows are about people who asked for their data to be erased: skipped."
            ).replace("%1", str(report.forgotten))
        if report.without_tariff and self.chosen_tariff() is None:
            text += "\n" + self.tr(
                "%n row(s) name no tariff: choose one below to take them in.",
                "",
                report.without_tariff,
            )
        if report.without_tariff or self.chosen_tariff() is not None:
            self.tariff_label.show()
            self.tariff_choice.show()
        self.summary.setText(self.tr("Nothing is written yet. ") + text)
        notes = self._notes(report)
        self._fill(self.notes, notes)
        self.notes.setVisible(bool(notes))
        self._fill(
            self.rejected,
            [(_where(r.line, r.sheet), r.reason) for r in report.rejected],
        )
        self.rejected.setVisible(bool(report.rejected))
        self.import_button.setEnabled(report.added + report.updated > 0)

    def _failed(self, exc: Exception) -> None:
        self._checking = self._importing = None
        self._show_progress()
        self._options(enabled=True)
        if isinstance(exc, Stopped):  # only an import is stopped while the dialog stays open
            self._say(self.tr("The import was stopped: nothing was written."))
            self.import_button.setEnabled(self.report is not None)
            return
        if self.report is None:  # the file could not be checked: nothing to choose or see
            for part in (self.assume_paid, self.tariff_label, self.tariff_choice):
                part.hide()
            for table in (self.notes, self.rejected):
                table.hide()
        if isinstance(exc, ImportFileError | ServiceError):
            self.summary.setText(str(exc))
        else:
            self.summary.setText(
                self.tr("The file could not be imported: %1").replace("%1", type(exc).__name__)
            )
        self.summary.setStyleSheet("font-size: 15px; color: #C5221F;")
        self.import_button.setEnabled(False)

    def _options(self, *, enabled: bool) -> None:
        """The file's options, which cannot change under an import running."""
        self.assume_paid.setEnabled(enabled)
        self.tariff_choice.setEnabled(enabled)
        self.cancel_button.setEnabled(True)

    def run_import(self) -> None:
        self.import_button.setEnabled(False)
        self._options(enabled=False)
        self._refused = False
        self._importing = progress = Progress()
        self._follow()
        runner, desk = self.controller.runner, self.controller.desk
        # Where the import holds every writer anyway, the desk's scans queue behind it, as they
        # would behind any write, rather than wait for the lock and fail.
        lane = runner.write if importing.holds_the_writers(desk) else runner.in_steps
        lane(self._work(progress, dry_run=False), self._imported, self._failed)

    def reject(self) -> None:
        """Cancel, Esc or the window's close: stops what runs. An import keeps the dialog
        open until it has stopped (or, in its last transaction, ended)."""
        importing_now = self._importing
        if self.imported is not None:
            self.accept()
            return
        if importing_now is None:
            if self._checking is not None:
                self._checking.stop()
                self._checking = None
            self._ticker.stop()
            super().reject()
            return
        if importing_now.stop():
            self.cancel_button.setEnabled(False)
        else:
            self._refused = True
        self._show_progress()

    def done(self, result: int) -> None:
        """However the dialog ends (the app closing on a signal ends it so, whatever it
        runs), what it runs is asked to stop: nothing is written then, or the import ends."""
        for running in (self._importing, self._checking):
            if running is not None:
                running.stop()
        self._ticker.stop()
        super().done(result)

    def _imported(self, report: ImportReport) -> None:
        """The import's report stays in the dialog until it is closed: on the desk's panel
        the next scan's result would replace it."""
        self._importing = None
        self._show_progress()
        self.imported = report
        self.controller.note_change(Changes(everything=True))
        text = self.tr("Imported. ") + self._describe(report)
        view = self.controller.view
        if view is not None:
            view.show_message(text, "info")
        self.summary.setText(text)
        self.summary.setStyleSheet("font-size: 15px; color: #137333;")
        for option in (self.assume_paid, self.tariff_label, self.tariff_choice):
            option.hide()  # they were the import's; it is done
        self.import_button.hide()
        self.cancel_button.setText(self.tr("Close"))
        self.cancel_button.setEnabled(True)
        self.cancel_button.setDefault(True)
        self.cancel_button.setFocus()


FILTER = "CSV, Excel (*.csv *.txt *.xlsx)"


def run_import(controller: DeskController, parent: QWidget) -> bool:
    """Ask for a file, show the check, import on confirmation. True when something came in."""
    path = files.open_file_name(
        parent,
        QCoreApplication.translate("ImportDialog", "Import registrations"),
        str(Path.home()),
        FILTER,
    )
    if not path:
        return False
    dialog = ImportDialog(controller, Path(path), parent)
    dialog.exec()
    return dialog.imported is not None


def run_export(controller: DeskController, parent: QWidget, kind: str) -> Path | None:
    """Ask where to save, write the export, and remind that it holds personal data."""
    desk = controller.desk
    suggested = Path.home() / exporting.default_file_name(desk, kind)
    path = files.save_file_name(
        parent,
        QCoreApplication.translate("ImportDialog", "Export"),
        str(suggested),
        "Excel (*.xlsx);;CSV (*.csv)",
    )
    if not path:
        return None
    target = Path(path)
    if target.suffix.lower() not in (".xlsx", ".csv"):
        target = target.with_suffix(".xlsx")
    try:
        result = exporting.export(desk, kind, target)
    except exporting.ExportError as exc:
        QMessageBox.warning(parent, QCoreApplication.translate("ImportDialog", "Export"), str(exc))
        return None
    QMessageBox.information(
        parent,
        QCoreApplication.translate("ImportDialog", "Export"),
        QCoreApplication.translate(
            "ImportDialog",
            "Saved %1 rows to %2.\n\nThe file contains personal data of attendees "
            "(Russian law 152-FZ): store it safely and share it only with those who need it.",
        )
        .replace("%1", str(result.rows))
        .replace("%2", str(result.path)),
    )
    return result.path
