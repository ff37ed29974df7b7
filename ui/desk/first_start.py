"""The first start on an empty database: load demo data, import registrations, or start empty."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk import present
from ui.desk.controller import DeskController

DEMO_COUNT = 300


class FirstStartDialog(QDialog):
    def __init__(self, controller: DeskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("firstStartDialog")
        self.setWindowTitle(self.tr("The database is empty"))
        self.setMinimumWidth(480)
        intro = QLabel(
            self.tr(
                "Nobody is registered for %1 yet. Import the registrations from the website's "
                "forms, or load demo attendees to try the desk out."
            ).replace("%1", present.event_name(controller.desk.event))
        )
        intro.setWordWrap(True)
        self.import_button = QPushButton(self.tr("Import registrations from a file…"))
        self.import_button.setObjectName("importButton")
        self.demo_button = QPushButton(
            self.tr("Load %1 demo attendees").replace("%1", str(DEMO_COUNT))
        )
        self.demo_button.setObjectName("demoButton")
        self.empty_button = QPushButton(self.tr("Start with an empty database"))
        self.empty_button.setObjectName("emptyButton")
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for button in (self.import_button, self.demo_button, self.empty_button):
            button.setMinimumHeight(40)
            layout.addWidget(button)
        layout.addWidget(self.status)
        self.import_button.clicked.connect(self.import_file)
        self.demo_button.clicked.connect(self.load_demo)
        self.empty_button.clicked.connect(self.reject)

    def load_demo(self) -> None:
        for button in (self.import_button, self.demo_button, self.empty_button):
            button.setEnabled(False)
        self.status.setText(self.tr("Loading demo attendees…"))
        self.controller.load_demo(DEMO_COUNT, lambda _result: self.accept())

    def import_file(self) -> None:
        from ui.desk.importing import run_import

        if run_import(self.controller, self):
            self.accept()
