"""Staff at the kiosk: the PIN that unlocks it, its settings, and setting a first PIN."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk import present
from kiosk.config import Event
from kiosk.db import Database
from kiosk.services import selfservice
from kiosk.services.errors import ValidationError
from ui.common.camera import camera_problem
from ui.common.hub import Link, Place, masked
from ui.common.hub_widgets import JoinField
from ui.common.printing import system_printers
from ui.kiosk.keyboard import TouchKeyboard
from ui.kiosk.screens import Screen, button, label
from ui.kiosk.widgets import BigField


class PinScreen(Screen):
    pin_given = Signal(str)
    cancelled = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("pinScreen")
        self.title = label("title", "pinTitle")
        self.pin = BigField("pin", "pin", error_in_caption=False)
        self.pin.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.edit.setMaxLength(selfservice.PIN_MAX)
        self.keyboard = TouchKeyboard()
        self.keyboard.set_mode("pin")
        self.ok_button = button("pinOkButton")
        self.cancel_button = button("pinCancelButton", "secondary")
        # A passphrase instead of digits needs letters on the screen's keyboard.
        self.letters_button = button("pinLettersButton", "quiet")
        self.letters_button.setCheckable(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.letters_button)
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        column = QVBoxLayout()
        column.addWidget(self.title)
        column.addWidget(self.pin)
        column.addWidget(self.keyboard)
        column.addWidget(self.pin.error)
        column.addStretch(1)
        column.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(column, 2)
        layout.addStretch(1)
        self.ok_button.clicked.connect(self._ok)
        self.pin.edit.returnPressed.connect(self._ok)
        self.cancel_button.clicked.connect(self.cancelled)
        self.letters_button.toggled.connect(self._letters)

    def _letters(self, on: bool) -> None:
        self.keyboard.set_mode("passphrase" if on else "pin")
        self.retranslate()

    def _ok(self) -> None:
        pin = self.pin.text()
        self.pin.edit.clear()
        if pin:
            self.pin.set_error("")
            self.pin_given.emit(pin)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Staff PIN"))
        self.pin.caption.setText(self.tr("Type the staff PIN to change settings or leave"))
        self.ok_button.setText(self.tr("OK"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.letters_button.setText(
            self.tr("Digits") if self.letters_button.isChecked() else self.tr("Letters")
        )

    def clear(self) -> None:
        self.pin.clear()
        self.letters_button.setChecked(False)

    def entered(self) -> None:
        self.pin.edit.setFocus()


IDLE_CHOICES = (15, 30, 45, 60, 90, 120, 180, 300)
SIGN_UP_CHOICES = (0, 3, 5, 10, 20, 50)


class StaffScreen(Screen):
    """Settings of the stand, and the way out of kiosk mode (after the PIN)."""

    resume = Signal()
    open_desk = Signal()
    quit = Signal()
    settings_changed = Signal(dict)

    def __init__(self, layouts: list[tuple[str, str]]) -> None:
        super().__init__()
        self.setObjectName("staffScreen")
        self.title = label("title", "staffTitle")
        self.idle_caption = label("body")
        self.idle = QComboBox()  # a list to tap, not a spin box's tiny arrows
        self.idle.setObjectName("idleSeconds")
        self.idle.setMinimumHeight(56)
        self.printer_caption = label("body")
        self.printer = QComboBox()
        self.printer.setObjectName("kioskPrinter")
        self.printer.setEditable(True)
        self.printer.setMinimumHeight(56)
        self.sign_ups_caption = label("body")
        self.sign_ups = QComboBox()
        self.sign_ups.setObjectName("kioskSignUps")
        self.sign_ups.setMinimumHeight(56)
        self.layout_caption = label("body")
        self.layout_choice = QComboBox()
        self.layout_choice.setObjectName("kioskLayout")
        self.layout_choice.setMinimumHeight(56)
        for name, title in layouts:
            self.layout_choice.addItem(title, name)
        self.slip = QCheckBox()
        self.slip.setObjectName("kioskSlip")
        self.camera = QCheckBox()
        self.camera.setObjectName("kioskCamera")
        self.camera_note = label("hint", "cameraNote")
        self.start_in_kiosk = QCheckBox()
        self.start_in_kiosk.setObjectName("startInKiosk")
        self.hub_caption = label("body")
        self.hub_state = label("hint", "kioskHubState")
        self.join_field = JoinField()
        self.join_field.setMinimumHeight(56)
        self.join_field.setStyleSheet("font-size: 22px; padding: 4px 12px;")
        self.join_message = label("hint", "kioskJoinMessage")
        self.join_field.problem.connect(self.show_join_message)
        self.resume_button = button("resumeButton")
        self.desk_button = button("openDeskButton", "secondary")
        self.quit_button = button("quitKioskButton", "secondary")
        fields = QWidget()
        fields.setObjectName("staffFields")
        form = QGridLayout(fields)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(10)
        # Captions as wide as the lists, so they fit on a line or two at 1366×768.
        form.setColumnStretch(0, 1)
        form.setColumnStretch(1, 1)
        form.addWidget(self.idle_caption, 0, 0)
        form.addWidget(self.idle, 0, 1)
        form.addWidget(self.printer_caption, 1, 0)
        form.addWidget(self.printer, 1, 1)
        form.addWidget(self.layout_caption, 2, 0)
        form.addWidget(self.layout_choice, 2, 1)
        form.addWidget(self.sign_ups_caption, 3, 0)
        form.addWidget(self.sign_ups, 3, 1)
        form.addWidget(self.slip, 4, 0, 1, 2)
        form.addWidget(self.camera, 5, 0, 1, 2)
        form.addWidget(self.camera_note, 6, 0, 1, 2)
        form.addWidget(self.start_in_kiosk, 7, 0, 1, 2)
        form.addWidget(self.hub_caption, 8, 0)
        form.addWidget(self.join_field, 8, 1)
        form.addWidget(self.hub_state, 9, 0, 1, 2)
        form.addWidget(self.join_message, 10, 0, 1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.desk_button)
        buttons.addStretch(1)
        buttons.addWidget(self.resume_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 30, 48, 30)
        layout.addWidget(self.title)
        # On a small screen (or with the hub's state in two lines) the fields scroll rather
        # than squeeze their captions into clipped lines; the buttons stay in view.
        scroll = QScrollArea()
        scroll.setObjectName("staffScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget()
        holder.setObjectName("staffFieldsHolder")
        scroll.setStyleSheet(
            "#staffScroll, #staffScroll > QWidget, #staffFieldsHolder, #staffFields"
            " { background: transparent; }"
        )
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(fields)
        column.addStretch(1)
        scroll.setWidget(holder)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.resume_button.clicked.connect(self._resume)
        self.desk_button.clicked.connect(self._open_desk)
        self.quit_button.clicked.connect(self._quit)

    def load(self, values: dict[str, object]) -> None:
        seconds = int(str(values["kiosk_idle_s"]))
        self.idle.clear()
        for choice in sorted({*IDLE_CHOICES, seconds}):
            self.idle.addItem(self.tr("%1 s").replace("%1", str(choice)), choice)
        self.idle.setCurrentIndex(self.idle.findData(seconds))
        sign_ups = int(str(values["kiosk_sign_ups"]))
        self.sign_ups.clear()
        for choice in sorted({*SIGN_UP_CHOICES, sign_ups}):
            title = self.tr("%1 in 10 minutes").replace("%1", str(choice))
            self.sign_ups.addItem(title if choice else self.tr("none (only at the desk)"), choice)
        self.sign_ups.setCurrentIndex(self.sign_ups.findData(sign_ups))
        # Asked when staff open the screen, not at every start: printers and cameras come and go.
        self.printer.clear()
        self.printer.addItems(system_printers())
        self.printer.setCurrentText(str(values["printer"]))
        index = self.layout_choice.findData(values["layout"])
        self.layout_choice.setCurrentIndex(max(index, 0))
        self.slip.setChecked(bool(values["kiosk_slip"]))
        self.camera.setChecked(bool(values["kiosk_camera"]))
        self.start_in_kiosk.setChecked(bool(values["kiosk_mode"]))
        self._show_camera_problem()

    def show_link(self, link: Link, event: Event) -> None:
        """Where the kiosk's data is (a hub's code only masked); without the hub, that it
        works on its copy, how much waits to be sent and how old the copy is — counts and
        times only, nobody's data."""
        if link.place is Place.HUB:
            text = self.tr("Hub %1 · code %2 · this kiosk: %3")
            text = text.replace("%1", link.where).replace("%2", masked(link.join))
            text = text.replace("%3", link.desk_name)
            if link.offline:
                text += "\n" + (
                    self.tr(
                        "offline · %1 queued · data as of %2: visitors check in and sign up on "
                        "this kiosk's copy of the hub, sent to the hub once it is back."
                    )
                    .replace("%1", str(link.queued))
                    .replace("%2", present.local_time(event, link.data_at))
                )
                if link.refusals:
                    text += " " + self.tr(
                        "Refused scans among them: %1 (queued only for the hub to record them)."
                    ).replace("%1", str(link.refusals))
            elif link.reachable is False:
                text += " — " + self.tr("not reachable")
        elif link.place is Place.SERVER:
            text = self.tr("Database: %1").replace("%1", link.where)
        else:
            text = self.tr("This kiosk works on its own database on this laptop.")
        self.hub_state.setText(text)

    def show_join_message(self, text: str) -> None:
        self.join_message.setText(text)

    def _show_camera_problem(self) -> None:
        problem = camera_problem()  # in the language of the moment
        self.camera.setEnabled(problem is None)
        self.camera_note.setText(problem or "")
        self.camera_note.setVisible(bool(problem))

    def values(self) -> dict[str, object]:
        return {
            "kiosk_idle_s": int(self.idle.currentData()),
            "kiosk_sign_ups": int(self.sign_ups.currentData()),
            "printer": self.printer.currentText().strip(),
            "layout": str(self.layout_choice.currentData()),
            "kiosk_slip": self.slip.isChecked(),
            "kiosk_camera": self.camera.isChecked(),
            "kiosk_mode": self.start_in_kiosk.isChecked(),
        }

    def _resume(self) -> None:
        self.settings_changed.emit(self.values())
        self.resume.emit()

    def _open_desk(self) -> None:
        self.settings_changed.emit(self.values())
        self.open_desk.emit()

    def _quit(self) -> None:
        self.settings_changed.emit(self.values())
        self.quit.emit()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Kiosk settings"))
        self.idle_caption.setText(self.tr("Start over after this many seconds without a touch"))
        self.printer_caption.setText(self.tr("Printer (a system printer, or pdf:FOLDER)"))
        self.layout_caption.setText(self.tr("Badge layout"))
        self.sign_ups_caption.setText(self.tr("Sign-ups at this kiosk, at most"))
        self.slip.setText(self.tr("Print a slip with the QR code after a sign-up"))
        self.camera.setText(self.tr("Read QR codes with the camera too"))
        if self.isVisible():
            self._show_camera_problem()
        self.start_in_kiosk.setText(self.tr("Start as a kiosk next time"))
        self.hub_caption.setText(self.tr("Join a hub (scan its code)"))
        self.resume_button.setText(self.tr("Back to the kiosk"))
        self.desk_button.setText(self.tr("Open the staff desk"))
        self.quit_button.setText(self.tr("Quit"))


class NewPinDialog(QDialog):
    """The PIN typed twice; only its salted hash is stored."""

    def __init__(
        self, db: Database, parent: QWidget | None = None, *, replacing: bool = False
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.setObjectName("newPinDialog")
        self.setWindowTitle(self.tr("Staff PIN for the kiosk"))
        rules = self.tr(
            "Choose a PIN of at least 6 digits (not one digit repeated, not digits in a row, "
            "no repeat like 121212, no year or date), or a passphrase of at least 10 "
            "characters with letters."
        )
        if replacing:
            why = self.tr(
                "The staff PIN is of an older, too easily guessed kind, and must be replaced "
                "before anything else."
            )
        else:
            why = self.tr(
                "Visitors will use this computer on their own: staff need the PIN to change "
                "the kiosk's settings or to leave kiosk mode."
            )
        intro = QLabel(f"{why} {rules}")
        intro.setWordWrap(True)
        self.first = QLineEdit()
        self.first.setObjectName("newPin")
        self.second = QLineEdit()
        self.second.setObjectName("newPinAgain")
        for edit in (self.first, self.second):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMaxLength(selfservice.PIN_MAX)
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
