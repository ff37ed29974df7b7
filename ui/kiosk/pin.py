"""Setting the staff PIN when kiosk mode starts on a database that has none yet."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.db import Database
from kiosk.services import selfservice
from kiosk.services.errors import ValidationError


class NewPinDialog(QDialog):
    """The PIN typed twice; only its salted hash is stored."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setObjectName("newPinDialog")
        self.setWindowTitle(self.tr("Staff PIN for the kiosk"))
        intro = QLabel(
            self.tr(
                "Visitors will use this computer on their own. Choose a PIN of 4 to 12 digits: "
                "staff need it to change the kiosk's settings or to leave kiosk mode."
            )
        )
        intro.setWordWrap(True)
        self.first = QLineEdit()
        self.first.setObjectName("newPin")
        self.second = QLineEdit()
        self.second.setObjectName("newPinAgain")
        for edit in (self.first, self.second):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMaxLength(12)
        self.error = QLabel()
        self.error.setObjectName("newPinError")
        self.error.setStyleSheet("color: #C5221F;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("PIN"), self.first)
        form.addRow(self.tr("Once more"), self.second)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def save(self) -> None:
        if self.first.text() != self.second.text():
            self.error.setText(self.tr("The two PINs differ: type the same PIN twice"))
            self.second.clear()
            self.second.setFocus()
            return
        try:
            selfservice.set_pin(self.db, self.first.text())
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


def ask_new_pin(db: Database, close_after_ms: int | None = None) -> bool:
    dialog = NewPinDialog(db)
    if close_after_ms is not None:
        QTimer.singleShot(close_after_ms, dialog.reject)
    return dialog.exec() == QDialog.DialogCode.Accepted
