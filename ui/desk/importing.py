"""Import and export from the desk window: the import report is shown before anything is written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.importing.reader import ImportFileError
from kiosk.services import exporting, importing
from kiosk.services.importing import ImportReport
from ui.common.controller import Changes
from ui.desk.controller import DeskController


class ImportDialog(QDialog):
    """Checks the file first (a dry run), shows what would happen, then imports on request."""

    def __init__(
        self, controller: DeskController, path: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.path = path
        self.report: ImportReport | None = None
        self.imported: ImportReport | None = None
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
        self.rejected = QTableWidget(0, 2)
        self.rejected.setObjectName("rejectedRows")
        self.rejected.setHorizontalHeaderLabels([self.tr("Line"), self.tr("Why it is skipped")])
        self.rejected.horizontalHeader().setStretchLastSection(True)
        self.rejected.verticalHeader().hide()
        self.rejected.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("importButton")
        self.import_button.setEnabled(False)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        self.assume_paid.toggled.connect(lambda _on: self.check())
        layout = QVBoxLayout(self)
        layout.addWidget(self.file_label)
        layout.addWidget(self.summary)
        layout.addWidget(self.assume_paid)
        layout.addWidget(self.rejected, 1)
        layout.addWidget(self.buttons)
        self.check()

    def _work(self, *, dry_run: bool) -> ImportReport:
        return importing.import_file(
            self.controller.desk,
            self.path,
            dry_run=dry_run,
            assume_paid=self.assume_paid.isChecked(),
        )

    def check(self) -> None:
        self.import_button.setEnabled(False)
        self.summary.setText(self.tr("Checking the file…"))
        self.controller.runner.write(lambda: self._work(dry_run=True), self._checked, self._failed)

    def _describe(self, report: ImportReport) -> str:
        return (
            self.tr("New: %1, updated: %2, unchanged: %3, teams: %4, skipped rows: %5.")
            .replace("%1", str(report.added))
            .replace("%2", str(report.updated))
            .replace("%3", str(report.unchanged + report.protected))
            .replace("%4", str(report.teams))
            .replace("%5", str(len(report.rejected)))
        )

    def _checked(self, report: ImportReport) -> None:
        self.report = report
        text = self._describe(report)
        if report.protected:
            text += " " + self.tr(
                "%1 people already checked in or corrected at the desk stay as they are."
            ).replace("%1", str(report.protected))
        if report.forgotten:
            text += " " + self.tr(
                "%1 rows are about people who asked for their data to be erased: skipped."
            ).replace("%1", str(report.forgotten))
        self.summary.setText(self.tr("Nothing is written yet. ") + text)
        self.rejected.setRowCount(len(report.rejected))
        for row, rejection in enumerate(report.rejected):
            line = QTableWidgetItem(str(rejection.line))
            line.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.rejected.setItem(row, 0, line)
            self.rejected.setItem(row, 1, QTableWidgetItem(rejection.reason))
        self.import_button.setEnabled(report.added + report.updated > 0)

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, ImportFileError):
            self.summary.setText(str(exc))
        else:
            self.summary.setText(
                self.tr("The file could not be imported: %1").replace("%1", type(exc).__name__)
            )
        self.summary.setStyleSheet("font-size: 15px; color: #C5221F;")
        self.import_button.setEnabled(False)

    def run_import(self) -> None:
        self.import_button.setEnabled(False)
        self.controller.runner.write(
            lambda: self._work(dry_run=False), self._imported, self._failed
        )

    def _imported(self, report: ImportReport) -> None:
        self.imported = report
        self.controller.note_change(Changes(everything=True))
        view = self.controller.view
        if view is not None:
            view.show_message(self.tr("Imported. ") + self._describe(report), "info")
        self.accept()


FILTER = "CSV, Excel (*.csv *.txt *.xlsx)"


def run_import(controller: DeskController, parent: QWidget) -> bool:
    """Ask for a file, show the check, import on confirmation. True when something came in."""
    path, _ = QFileDialog.getOpenFileName(
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
    path, _ = QFileDialog.getSaveFileName(
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
