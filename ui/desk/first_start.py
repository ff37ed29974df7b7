"""The first start on an empty database: join a hub, load demo data, import registrations, or
start empty."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk import present
from ui.common.hub import Joining, Place, Station
from ui.common.hub_widgets import JoinField, join_station
from ui.desk.controller import DeskController

DEMO_COUNT = 300


class FirstStartDialog(QDialog):
    def __init__(
        self,
        controller: DeskController,
        parent: QWidget | None = None,
        *,
        station: Station | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.station = station
        self.joining: Joining | None = None
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
        can_join = station is not None and station.link.place is Place.LAPTOP
        if can_join:
            intro.setText(
                intro.text()
                + " "
                + self.tr("If other desks already work on a hub, join it: the people are there.")
            )
        self.join_button = QPushButton(self.tr("Join a hub (scan or paste its code)…"))
        self.join_button.setObjectName("joinHubButton")
        self.join_button.setVisible(can_join)
        self.join_field = JoinField()
        self.join_field.setVisible(False)
        self.import_button = QPushButton(self.tr("Import registrations from a file…"))
        self.import_button.setObjectName("importButton")
        self.demo_button = QPushButton(
            self.tr("Load %1 demo attendees").replace("%1", str(DEMO_COUNT))
        )
        self.demo_button.setObjectName("demoButton")
        self.empty_button = QPushButton(self.tr("Start with an empty database"))
        self.empty_button.setObjectName("emptyButton")
        self.status = QLabel()
        self.status.setObjectName("firstStartStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        self.join_field.setMinimumHeight(40)
        for button in (self.join_button, self.import_button, self.demo_button, self.empty_button):
            button.setMinimumHeight(40)
            layout.addWidget(button)
            if button is self.join_button:
                layout.addWidget(self.join_field)
        layout.addWidget(self.status)
        self.join_button.clicked.connect(self.show_join_field)
        self.join_field.complete.connect(self.join)
        self.join_field.problem.connect(self.status.setText)
        self.import_button.clicked.connect(self.import_file)
        self.demo_button.clicked.connect(self.load_demo)
        self.empty_button.clicked.connect(self.reject)

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (self.join_button, self.import_button, self.demo_button, self.empty_button)

    def load_demo(self) -> None:
        for button in self._buttons():
            button.setEnabled(False)
        self.status.setText(self.tr("Loading demo attendees…"))
        self.controller.load_demo(DEMO_COUNT, lambda _result: self.accept())

    def import_file(self) -> None:
        from ui.desk.importing import run_import

        if run_import(self.controller, self):
            self.accept()

    # ---- joining a hub -------------------------------------------------------------------

    def show_join_field(self) -> None:
        self.join_field.setVisible(True)
        self.join_field.setFocus(Qt.FocusReason.OtherFocusReason)
        self.status.setText(
            self.tr("Scan the QR code on the hub's screen with the scanner, or paste its code.")
        )

    def join_scanned(self, text: str) -> None:
        """A join code scanned while this dialog is open, wherever its focus was."""
        if self.join_button.isVisible() and self.join_field.isEnabled():
            self.join_field.setVisible(True)
            self.join_field.take(text)

    def join(self, text: str) -> None:
        """Work on the hub from now on: its people are there, nothing to load here."""
        if self.station is None or (self.joining is not None and self.joining.running):
            return
        for button in self._buttons():
            button.setEnabled(False)
        self.join_field.setEnabled(False)
        self.status.setText(self.tr("Joining the hub…"))

        def failed(message: str) -> None:
            for button in self._buttons():
                button.setEnabled(True)
            self.join_field.setEnabled(True)
            self.status.setText(message or self.tr("Cancelled"))

        self.joining = join_station(
            self,
            self.station,
            text,
            self.controller.settings.desk_name,
            self.accept,
            failed,
        )
