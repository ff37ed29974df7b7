"""The kiosk's screens for visitors: start, finding oneself, the outcomes, the confirmation.

Every screen sets its texts in `retranslate()` (called again when the visitor switches the
language) and forgets what was typed in `clear()` (called when the kiosk starts over).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk import present
from kiosk.config import Event
from kiosk.i18n import language
from kiosk.present import money
from kiosk.rules import Outcome
from ui.kiosk.controller import Badge, SignedUp, is_phone
from ui.kiosk.keyboard import TouchKeyboard
from ui.kiosk.widgets import BigField, qr_pixmap, repolish, scan_pictogram

ERROR_LINES_HEIGHT = 90
"""Room for three lines of an error (24 px type) held beside a screen's buttons."""


def label(role: str, name: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel()
    label.setProperty("role", role)
    label.setWordWrap(wrap)
    if name:
        label.setObjectName(name)
    return label


def button(name: str, role: str = "primary") -> QPushButton:
    button = QPushButton()
    button.setObjectName(name)
    button.setAccessibleName(name)
    button.setProperty("role", role)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


class Screen(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setProperty("screen", True)

    def retranslate(self) -> None:
        """Set every text in the current language."""

    def clear(self) -> None:
        """Forget everything the visitor typed or was shown."""

    def entered(self) -> None:
        """The screen has just been shown."""


# ---- start ---------------------------------------------------------------------------------


class StartScreen(Screen):
    registered = Signal()
    sign_up = Signal()
    language_chosen = Signal(str)
    staff = Signal()

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.setObjectName("startScreen")
        self.event_config = event
        self.title = label("hero", "startTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle = label("lead", "startSubtitle")
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.registered_button = button("registeredButton", "huge")
        self.sign_up_button = button("signUpButton", "huge")
        self.scan_hint = label("hint", "scanHint")
        self.scan_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.russian = button("languageRu", "language")
        self.english = button("languageEn", "language")
        self.russian.setText("Русский")
        self.english.setText("English")
        self.staff_button = button("staffButton", "small")

        choices = QHBoxLayout()
        choices.setSpacing(24)
        choices.addWidget(self.registered_button)
        choices.addWidget(self.sign_up_button)
        languages = QHBoxLayout()
        languages.addStretch(1)
        languages.addWidget(self.russian)
        languages.addWidget(self.english)
        languages.addStretch(1)
        corner = QHBoxLayout()
        corner.addStretch(1)
        corner.addWidget(self.staff_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 30, 32, 20)
        layout.addStretch(2)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addStretch(1)
        layout.addLayout(choices)
        layout.addSpacing(24)
        layout.addWidget(self.scan_hint)
        layout.addStretch(1)
        layout.addLayout(languages)
        layout.addLayout(corner)

        self.registered_button.clicked.connect(self.registered)
        self.sign_up_button.clicked.connect(self.sign_up)
        self.russian.clicked.connect(lambda: self.language_chosen.emit("ru"))
        self.english.clicked.connect(lambda: self.language_chosen.emit("en"))
        self.staff_button.clicked.connect(self.staff)

    def retranslate(self) -> None:
        event = self.event_config
        name, city = event.title_in(language())
        self.title.setText(self.tr("Welcome to %1").replace("%1", name))
        days = " · ".join(f"{d.date:%d.%m}" for d in event.days)
        self.subtitle.setText(f"{days}  ·  {city}" if city else days)
        self.registered_button.setText(self.tr("I have registered"))
        self.sign_up_button.setText(self.tr("Sign up"))
        self.scan_hint.setText(
            self.tr("Have a QR code? Just hold it up to the scanner at any time.")
        )
        self.staff_button.setText(self.tr("Staff"))
        current = language()
        self.russian.setProperty("current", current == "ru")
        self.english.setProperty("current", current == "en")
        for button in (self.russian, self.english):
            button.style().unpolish(button)
            button.style().polish(button)


# ---- finding oneself -------------------------------------------------------------------------


class IdentifyScreen(Screen):
    """Scan the QR (scanner or camera) or type the phone number."""

    phone_given = Signal(str)
    back = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("identifyScreen")
        self.title = label("title", "identifyTitle")
        self.scan_caption = label("lead", "scanCaption")
        self.camera_view = QLabel()
        self.camera_view.setObjectName("cameraView")
        self.camera_view.setFixedSize(480, 360)
        self.camera_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.camera_view.setProperty("role", "camera")
        self.camera_view.hide()
        self.pictogram = QLabel()
        self.pictogram.setObjectName("scanPictogram")
        self.pictogram.setPixmap(scan_pictogram(260))
        self.pictogram.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.phone = BigField("phone", "digits", error_in_caption=False)
        self.phone.edit.setPlaceholderText("+7 914 123-45-67")
        self.phone.edit.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.phone.edit.setMaxLength(30)
        self.keyboard = TouchKeyboard()
        self.keyboard.set_mode("digits")
        self.next_button = button("phoneNextButton")
        self.back_button = button("backButton", "secondary")

        # Spacing of their own: a layout in a layout takes its parent's (60 px here).
        scan = QVBoxLayout()
        scan.setSpacing(12)
        scan.addWidget(self.scan_caption)
        scan.addSpacing(20)
        scan.addWidget(self.pictogram, 0, Qt.AlignmentFlag.AlignHCenter)
        scan.addWidget(self.camera_view, 0, Qt.AlignmentFlag.AlignHCenter)
        scan.addStretch(1)
        phone = QVBoxLayout()
        phone.setSpacing(12)
        phone.addWidget(self.phone)
        phone.addWidget(self.keyboard)
        phone.addWidget(self.phone.error)  # in the free space below: nothing above it moves
        phone.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(60)
        columns.addLayout(scan, 1)
        columns.addLayout(phone, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 40, 60, 40)
        layout.addWidget(self.title)
        layout.addSpacing(20)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)

        self.next_button.clicked.connect(self._next)
        self.phone.edit.returnPressed.connect(self._next)
        self.phone.edit.textChanged.connect(self._recheck)
        self.back_button.clicked.connect(self.back)

    def _next(self) -> None:
        if self.phone.text().strip():
            self.phone.set_error("")
            self.phone_given.emit(self.phone.text())

    def _recheck(self, text: str) -> None:
        """«Проверьте номер…» goes away as soon as the number is one."""
        if self.phone.error_text() and is_phone(text):
            self.phone.set_error("")

    def retranslate(self) -> None:
        self.title.setText(self.tr("Find your registration"))
        self.scan_caption.setText(
            self.tr("Hold the QR code from your confirmation up to the scanner")
        )
        self.phone.caption.setText(self.tr("…or type the phone number you registered with"))
        self.next_button.setText(self.tr("Next"))
        self.back_button.setText(self.tr("Back"))

    def show_preview(self, image: QImage) -> None:
        self.pictogram.hide()
        self.camera_view.show()
        self.camera_view.setPixmap(
            QPixmap.fromImage(image).scaled(
                self.camera_view.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.FastTransformation,
            )
        )

    def clear(self) -> None:
        self.phone.clear()
        self.camera_view.clear()
        self.camera_view.hide()
        self.pictogram.show()

    def entered(self) -> None:
        self.phone.edit.setFocus()


class LettersScreen(Screen):
    """The first letters of the surname, to prove the phone is the visitor's own."""

    letters_given = Signal(str)
    back = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("lettersScreen")
        self.more = False
        self.title = label("title", "lettersTitle")
        self.explanation = label("lead", "lettersExplanation")
        self.letters = BigField("letters", "letters", error_in_caption=False)
        self.letters.edit.setMaxLength(40)
        self.keyboard = TouchKeyboard()
        self.next_button = button("lettersNextButton")
        self.back_button = button("lettersBackButton", "secondary")
        # The message goes between «Назад» and «Найти меня», which stay where they are: under
        # the keyboard there is no room for two lines of it on a 1280 × 720 screen.
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        self.letters.error.setMinimumHeight(ERROR_LINES_HEIGHT)  # three lines, always held
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.letters.error, 1)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 28, 60, 28)
        layout.addWidget(self.title)
        layout.addWidget(self.explanation)
        layout.addSpacing(16)
        layout.addWidget(self.letters)
        layout.addWidget(self.keyboard)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.next_button.clicked.connect(self._next)
        self.letters.edit.returnPressed.connect(self._next)
        self.back_button.clicked.connect(self.back)

    def _next(self) -> None:
        if self.letters.text().strip():
            self.letters.set_error("")
            self.letters_given.emit(self.letters.text())

    def ask(self, *, more: bool) -> None:
        self.more = more
        self.retranslate()
        if more:
            self.letters.set_error("")
        else:
            self.letters.clear()

    def retranslate(self) -> None:
        self.keyboard.set_latin(language() == "en")
        self.title.setText(self.tr("The first letters of your surname"))
        if self.more:
            self.explanation.setText(
                self.tr(
                    "Several people registered with this phone number. Type more letters of "
                    "your own surname, or all of it."
                )
            )
        else:
            self.explanation.setText(
                self.tr("To make sure it is you, type the first two or three letters.")
            )
        self.letters.caption.setText(self.tr("Surname"))
        self.next_button.setText(self.tr("Find me"))
        self.back_button.setText(self.tr("Back"))

    def clear(self) -> None:
        self.more = False
        self.letters.clear()
        self.retranslate()

    def entered(self) -> None:
        self.letters.edit.setFocus()


# ---- outcomes ------------------------------------------------------------------------------


class OutcomeScreen(Screen):
    """A whole screen in one colour: centred lines of large text, and «Готово»."""

    done = Signal()

    def __init__(self, name: str, *lines: tuple[str, str]) -> None:
        super().__init__()
        self.setObjectName(name)
        self.done_button = button(f"{name.removesuffix('Screen')}DoneButton")
        self.done_button.clicked.connect(self.done)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 60, 60, 60)
        layout.addStretch(1)
        self.lines: list[QLabel] = []
        for index, (role, line_name) in enumerate(lines):
            line = label(role, line_name)
            line.setAlignment(Qt.AlignmentFlag.AlignCenter)
            if index == len(lines) - 1 and index:
                layout.addSpacing(24)
            layout.addWidget(line)
            self.lines.append(line)
        layout.addStretch(1)
        layout.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignHCenter)

    def retranslate(self) -> None:
        # Not self.tr: PySide would look the text up under the subclass's name.
        self.done_button.setText(QCoreApplication.translate("OutcomeScreen", "Done"))


class WelcomeScreen(OutcomeScreen):
    """Green: checked in; the badge is printing (or waits at the desk)."""

    def __init__(self) -> None:
        super().__init__(
            "welcomeScreen",
            ("hero", "welcomeGreeting"),
            ("lead", "welcomeChecked"),
            ("lead", "welcomeBadge"),
        )
        self.setProperty("tone", "green")
        self.first_name = ""
        self.already = False
        self.badge = Badge.NONE
        self.greeting, self.checked, self.badge_line = self.lines

    def show_person(self, first_name: str, *, already: bool = False) -> None:
        self.first_name = first_name
        self.already = already
        self.badge = Badge.NONE
        self.retranslate()

    def show_badge(self, state: Badge) -> None:
        self.badge = state
        self.retranslate()

    def retranslate(self) -> None:
        if self.first_name:
            self.greeting.setText(self.tr("Welcome, %1!").replace("%1", self.first_name))
        else:
            self.greeting.setText(self.tr("Welcome!"))
        if self.already:
            self.checked.setText(self.tr("You are already checked in: come in."))
        else:
            self.checked.setText(self.tr("You are checked in for today. Come in!"))
        self.badge_line.setText(
            {
                Badge.NONE: "",
                Badge.PRINTING: self.tr("Your badge is printing…"),
                Badge.PRINTED: self.tr("Please take your badge from the printer."),
                Badge.PRINTED_BEFORE: self.tr(
                    "Your badge was printed in advance: please collect it at the registration desk."
                ),
                Badge.NO_PRINTER: self.tr("Please collect your badge at the registration desk."),
                Badge.NAME_NEEDED: self.tr(
                    "Your badge still needs your name: the registration desk will print it — "
                    "you are already checked in."
                ),
                Badge.FAILED: self.tr(
                    "The badge did not print. Please collect it at the registration desk — "
                    "you are already checked in."
                ),
            }[self.badge]
        )
        super().retranslate()

    def clear(self) -> None:
        self.first_name = ""
        self.already = False
        self.badge = Badge.NONE
        self.retranslate()


class DeskScreen(OutcomeScreen):
    """Amber or red: the kiosk cannot help; one plain sentence, and the way to the desk."""

    def __init__(self) -> None:
        super().__init__("deskScreen", ("hero", "deskHeadline"), ("lead", "deskSentence"))
        self.outcome: Outcome | None = None
        self.first_name = ""
        self.amount_due = 0
        self.ticket_days: tuple[date, ...] = ()
        self.message: str | None = None
        self.not_a_badge = False
        self.headline, self.sentence = self.lines

    def show_outcome(
        self,
        outcome: Outcome,
        first_name: str,
        amount_due: int,
        ticket_days: tuple[date, ...] = (),
    ) -> None:
        self.outcome, self.first_name, self.amount_due = outcome, first_name, amount_due
        self.ticket_days = ticket_days
        self.message = None
        self.not_a_badge = False
        amber = outcome in (Outcome.ALREADY_CHECKED_IN, Outcome.UNPAID)
        self._tone("amber" if amber else "red")
        self.retranslate()

    def show_text(self, text: str, tone: str = "red") -> None:
        """A refusal that is not a check-in outcome (too many tries, an error)."""
        self.outcome, self.first_name, self.message = None, "", text
        self.not_a_badge = False
        self._tone(tone)
        self.retranslate()

    def show_not_a_badge(self) -> None:
        """Something was scanned that is not a registration code at all."""
        self.outcome, self.first_name, self.message = None, "", None
        self.not_a_badge = True
        self._tone("amber")
        self.retranslate()

    def _tone(self, tone: str) -> None:
        self.setProperty("tone", tone)
        repolish(self)  # the text's colour follows the background's

    def sentence_for(self, outcome: Outcome) -> str:
        return {
            Outcome.ALREADY_CHECKED_IN: self.tr(
                "You are already checked in today. If you need a new badge, the registration "
                "desk will help."
            ),
            Outcome.UNPAID: self.tr(
                "Your registration is not paid yet: %1 to pay. The registration desk takes "
                "cash and cards."
            ).replace("%1", money(self.amount_due)),
            Outcome.NOT_ENTITLED: self.tr(
                "Your ticket is for %1. The registration desk can add today to it."
            ).replace("%1", present.days_label(self.ticket_days)),
            Outcome.CANCELLED: self.tr("This registration was cancelled."),
            Outcome.UNKNOWN_CODE: self.tr("We could not find this code."),
            Outcome.NOT_AN_EVENT_DAY: self.tr("There is no event programme today."),
            Outcome.FORGOTTEN: self.tr("This code no longer works."),
            Outcome.CHECKED_IN: "",
        }[outcome]

    def retranslate(self) -> None:
        go = self.tr("Please go to the registration desk")
        if self.not_a_badge:
            self.headline.setText(self.tr("This is not a registration code"))
            self.sentence.setText(
                self.tr(
                    "Hold up the QR code from your confirmation e-mail or your badge — or "
                    "type your phone number."
                )
            )
            super().retranslate()
            return
        if self.first_name:
            self.headline.setText(
                self.tr("%1, please go to the registration desk").replace("%1", self.first_name)
            )
        else:
            self.headline.setText(go)
        if self.outcome is not None:
            self.sentence.setText(self.sentence_for(self.outcome))
        else:
            self.sentence.setText(self.message or "")
        super().retranslate()

    def clear(self) -> None:
        self.outcome, self.first_name, self.amount_due, self.message = None, "", 0, None
        self.ticket_days = ()
        self.not_a_badge = False
        self.retranslate()


class ConfirmationScreen(Screen):
    """After a sign-up: the visitor's own QR code, what to pay, where to go."""

    done = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("confirmationScreen")
        self.setProperty("tone", "blue")
        self.signed_up: SignedUp | None = None
        self.slip: Badge | None = None
        self.greeting = label("title", "confirmationGreeting")
        self.greeting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr = QLabel()
        self.qr.setObjectName("confirmationQr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code = label("code", "confirmationCode")
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.pay = label("lead", "confirmationPay")
        self.pay.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.slip_line = label("hint", "confirmationSlip")
        self.slip_line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_button = button("confirmationDoneButton")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 40, 60, 40)
        layout.addWidget(self.greeting)
        layout.addWidget(self.qr, 1)
        layout.addWidget(self.code)
        layout.addWidget(self.pay)
        layout.addWidget(self.slip_line)
        layout.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.done_button.clicked.connect(self.done)

    def show_signed_up(self, signed_up: SignedUp) -> None:
        self.signed_up = signed_up
        self.slip = None
        self.qr.setPixmap(qr_pixmap(signed_up.code, 300))
        self.retranslate()

    def show_slip(self, state: Badge) -> None:
        self.slip = state
        self.retranslate()

    def retranslate(self) -> None:
        self.done_button.setText(self.tr("Done"))
        signed = self.signed_up
        if signed is None:
            for line in (self.greeting, self.code, self.pay, self.slip_line):
                line.setText("")
            return
        self.greeting.setText(
            self.tr("Thank you, %1! You are signed up.").replace("%1", signed.first_name)
        )
        self.code.setText(signed.code)
        text = self.tr(
            "Please go to the registration desk to pay %1 and show this code. You will get "
            "your badge there."
        ).replace("%1", money(signed.amount_due))
        if signed.team_size > 1:
            text += " " + self.tr(
                "The desk will print the badges of all %n team members.", "", signed.team_size
            )
        self.pay.setText(text)
        self.slip_line.setText(
            {
                None: self.tr("You can take a photo of this code."),
                Badge.PRINTING: self.tr("Your slip with this code is printing…"),
                Badge.PRINTED: self.tr("Please take your slip from the printer."),
                Badge.PRINTED_BEFORE: "",
                Badge.NO_PRINTER: self.tr("You can take a photo of this code."),
                Badge.NAME_NEEDED: "",
                Badge.FAILED: self.tr(
                    "The slip did not print: you can take a photo of this code, or just tell "
                    "the desk your name."
                ),
            }[self.slip]
        )

    def clear(self) -> None:
        self.signed_up = None
        self.slip = None
        self.qr.clear()
        self.retranslate()
