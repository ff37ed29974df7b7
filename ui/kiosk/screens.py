"""The kiosk's screens: start, finding oneself, the outcome, signing up, staff.

Every screen sets its texts in `retranslate()` (called again when the visitor switches the
language) and forgets what was typed in `clear()` (called when the kiosk starts over).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import PARTICIPANT, DayKind, Event, Tariff
from kiosk.i18n import language, money
from kiosk.rules import Outcome
from kiosk.services.registration import MAX_TEAM, PersonInput, Registration
from ui.kiosk.controller import STEP_FIELDS, Badge, SignedUp, check_fields, person_from
from ui.kiosk.keyboard import TouchKeyboard
from ui.kiosk.widgets import BigField, TariffCard, qr_pixmap, scan_pictogram
from ui.printing import system_printers


def _label(role: str, name: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel()
    label.setProperty("role", role)
    label.setWordWrap(wrap)
    if name:
        label.setObjectName(name)
    return label


def _button(name: str, role: str = "primary") -> QPushButton:
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
        self.title = _label("hero", "startTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle = _label("lead", "startSubtitle")
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.registered_button = _button("registeredButton", "huge")
        self.sign_up_button = _button("signUpButton", "huge")
        self.scan_hint = _label("hint", "scanHint")
        self.scan_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.russian = _button("languageRu", "language")
        self.english = _button("languageEn", "language")
        self.russian.setText("Русский")
        self.english.setText("English")
        self.staff_button = _button("staffButton", "quiet")

        choices = QHBoxLayout()
        choices.setSpacing(40)
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
        layout.setContentsMargins(60, 40, 60, 20)
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
        self.title.setText(self.tr("Welcome to %1").replace("%1", event.short_name))
        days = " · ".join(f"{d.date:%d.%m}" for d in event.days)
        self.subtitle.setText(f"{days}  ·  {event.city}" if event.city else days)
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
        self.title = _label("title", "identifyTitle")
        self.scan_caption = _label("lead", "scanCaption")
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
        self.phone = BigField("phone", "digits")
        self.phone.edit.setPlaceholderText("+7 914 123-45-67")
        self.phone.edit.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.phone.edit.setMaxLength(30)
        self.keyboard = TouchKeyboard()
        self.keyboard.set_mode("digits")
        self.next_button = _button("phoneNextButton")
        self.back_button = _button("backButton", "secondary")

        scan = QVBoxLayout()
        scan.addWidget(self.scan_caption)
        scan.addSpacing(20)
        scan.addWidget(self.pictogram, 0, Qt.AlignmentFlag.AlignHCenter)
        scan.addWidget(self.camera_view, 0, Qt.AlignmentFlag.AlignHCenter)
        scan.addStretch(1)
        phone = QVBoxLayout()
        phone.addWidget(self.phone)
        phone.addWidget(self.keyboard)
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
        self.back_button.clicked.connect(self.back)

    def _next(self) -> None:
        if self.phone.text().strip():
            self.phone.set_error("")
            self.phone_given.emit(self.phone.text())

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
        self.title = _label("title", "lettersTitle")
        self.explanation = _label("lead", "lettersExplanation")
        self.letters = BigField("letters", "letters")
        self.letters.edit.setMaxLength(40)
        self.keyboard = TouchKeyboard()
        self.next_button = _button("lettersNextButton")
        self.back_button = _button("lettersBackButton", "secondary")
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 40, 60, 40)
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


class WelcomeScreen(Screen):
    """Green: checked in; the badge is printing (or waits at the desk)."""

    done = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("welcomeScreen")
        self.setProperty("tone", "green")
        self.first_name = ""
        self.badge = Badge.PRINTING
        self.greeting = _label("hero", "welcomeGreeting")
        self.greeting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.checked = _label("lead", "welcomeChecked")
        self.checked.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge_line = _label("lead", "welcomeBadge")
        self.badge_line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_button = _button("welcomeDoneButton")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 60, 60, 60)
        layout.addStretch(1)
        layout.addWidget(self.greeting)
        layout.addWidget(self.checked)
        layout.addSpacing(30)
        layout.addWidget(self.badge_line)
        layout.addStretch(1)
        layout.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.done_button.clicked.connect(self.done)

    def show_person(self, first_name: str) -> None:
        self.first_name = first_name
        self.badge = Badge.PRINTING
        self.retranslate()

    def show_badge(self, state: Badge) -> None:
        self.badge = state
        self.retranslate()

    def retranslate(self) -> None:
        if self.first_name:
            self.greeting.setText(self.tr("Welcome, %1!").replace("%1", self.first_name))
        else:
            self.greeting.setText(self.tr("Welcome!"))
        self.checked.setText(self.tr("You are checked in for today."))
        self.badge_line.setText(
            {
                Badge.PRINTING: self.tr("Your badge is printing…"),
                Badge.PRINTED: self.tr("Please take your badge from the printer."),
                Badge.PRINTED_BEFORE: self.tr(
                    "Your badge was printed in advance: please collect it at the registration desk."
                ),
                Badge.NO_PRINTER: self.tr("Please collect your badge at the registration desk."),
                Badge.FAILED: self.tr(
                    "The badge did not print. Please collect it at the registration desk — "
                    "you are already checked in."
                ),
            }[self.badge]
        )
        self.done_button.setText(self.tr("Done"))

    def clear(self) -> None:
        self.first_name = ""
        self.badge = Badge.PRINTING
        self.retranslate()


class DeskScreen(Screen):
    """Amber or red: the kiosk cannot help; one plain sentence, and the way to the desk."""

    done = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("deskScreen")
        self.outcome: Outcome | None = None
        self.first_name = ""
        self.amount_due = 0
        self.message: str | None = None
        self.headline = _label("hero", "deskHeadline")
        self.headline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sentence = _label("lead", "deskSentence")
        self.sentence.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_button = _button("deskDoneButton")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 60, 60, 60)
        layout.addStretch(1)
        layout.addWidget(self.headline)
        layout.addSpacing(20)
        layout.addWidget(self.sentence)
        layout.addStretch(1)
        layout.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.done_button.clicked.connect(self.done)

    def show_outcome(self, outcome: Outcome, first_name: str, amount_due: int) -> None:
        self.outcome, self.first_name, self.amount_due = outcome, first_name, amount_due
        self.message = None
        amber = outcome in (Outcome.ALREADY_CHECKED_IN, Outcome.UNPAID)
        self._tone("amber" if amber else "red")
        self.retranslate()

    def show_text(self, text: str) -> None:
        """A refusal that is not a check-in outcome (too many tries, an error)."""
        self.outcome, self.first_name, self.message = None, "", text
        self._tone("red")
        self.retranslate()

    def _tone(self, tone: str) -> None:
        self.setProperty("tone", tone)
        self.style().unpolish(self)
        self.style().polish(self)

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
                "Your ticket does not include today. The registration desk can upgrade it."
            ),
            Outcome.CANCELLED: self.tr("This registration was cancelled."),
            Outcome.UNKNOWN_CODE: self.tr("We could not find this code."),
            Outcome.NOT_AN_EVENT_DAY: self.tr("There is no event programme today."),
            Outcome.CHECKED_IN: "",
        }[outcome]

    def retranslate(self) -> None:
        go = self.tr("Please go to the registration desk")
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
        self.done_button.setText(self.tr("Done"))

    def clear(self) -> None:
        self.outcome, self.first_name, self.amount_due, self.message = None, "", 0, None
        self.retranslate()


# ---- signing up ----------------------------------------------------------------------------


def day_words(event: Event, days: tuple[date, ...], words: dict[DayKind, str]) -> str:
    """``27.11 тренинг + 28.11 конференция``."""
    parts = []
    for d in days:
        day = event.day(d)
        parts.append(f"{d:%d.%m} {words[day.kind]}" if day else f"{d:%d.%m}")
    return " + ".join(parts)


class SignUpScreen(Screen):
    """The walk-in's fields, one step at a time, then the tariff, the consent and a review."""

    submitted = Signal(object)  # Registration
    cancelled = Signal()
    registered_already = Signal(str)  # the phone typed, for "I have registered"

    STEPS = ("name", "contacts", "work", "tariff", "team", "consent", "review")

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.setObjectName("signUpScreen")
        self.event_config = event
        self.tariffs = [t for t in event.tariffs]
        self.chosen: Tariff | None = None
        self.step = "name"
        self.busy = False

        self.title = _label("title", "signUpTitle")
        self.progress = _label("hint", "signUpProgress")
        self.pages = QStackedWidget()
        self.fields: dict[str, BigField] = {}
        self.page_of: dict[str, QWidget] = {}
        for step, names in STEP_FIELDS.items():
            page = QWidget()
            column = QVBoxLayout(page)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(12)
            for name in names:
                mode = {"phone": "digits", "email": "email"}.get(name, "letters")
                field = BigField(name, mode)
                field.edit.installEventFilter(self)
                self.fields[name] = field
                column.addWidget(field)
            column.addStretch(1)
            self._add_page(step, page)
        self.fields["phone"].edit.setPlaceholderText("+7 914 123-45-67")
        self.fields["email"].edit.setPlaceholderText("name@example.ru")
        self._add_page("tariff", self._tariff_page())
        self._add_page("team", self._team_page())
        self._add_page("consent", self._consent_page())
        self._add_page("review", self._review_page())

        self.keyboard = TouchKeyboard()
        self.general_error = _label("error", "signUpError")
        self.general_error.hide()
        self.already_button = _button("alreadyRegisteredButton", "secondary")
        self.already_button.hide()
        self.back_button = _button("signUpBackButton", "secondary")
        self.next_button = _button("signUpNextButton")
        self.cancel_button = _button("signUpCancelButton", "quiet")
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.already_button)
        buttons.addWidget(self.next_button)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.progress)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 20, 48, 20)
        layout.addLayout(header)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.keyboard)
        layout.addLayout(buttons)

        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.cancel_button.clicked.connect(self.cancelled)
        self.already_button.clicked.connect(
            lambda: self.registered_already.emit(self.fields["phone"].text())
        )

    def _add_page(self, step: str, page: QWidget) -> None:
        page.setObjectName(f"signUpStep_{step}")
        self.page_of[step] = page
        self.pages.addWidget(page)

    # ---- pages ---------------------------------------------------------------------------

    def _tariff_page(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(16)
        self.cards: dict[str, TariffCard] = {}
        for index, tariff in enumerate(self.tariffs):
            card = TariffCard(tariff.code)
            card.clicked.connect(self._choose)
            self.cards[tariff.code] = card
            grid.addWidget(card, index // 2, index % 2)
        self.tariff_error = _label("error", "tariffError")
        grid.addWidget(self.tariff_error, (len(self.tariffs) + 1) // 2, 0, 1, 2)
        grid.setRowStretch((len(self.tariffs) + 1) // 2 + 1, 1)
        return page

    def _team_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        self.team_caption = _label("lead", "teamCaption")
        row = QHBoxLayout()
        self.team_minus = _button("teamMinus", "secondary")
        self.team_minus.setText("−")
        self.team_plus = _button("teamPlus", "secondary")
        self.team_plus.setText("+")
        self.team_size = QSpinBox()
        self.team_size.setObjectName("teamSize")
        self.team_size.setRange(1, MAX_TEAM)
        self.team_size.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self.team_size.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.team_size.setMinimumSize(140, 72)
        row.addWidget(self.team_minus)
        row.addWidget(self.team_size)
        row.addWidget(self.team_plus)
        row.addStretch(1)
        self.members_caption = _label("hint", "membersCaption")
        self.members_box = QWidget()
        self.members_grid = QGridLayout(self.members_box)
        self.members: list[tuple[QLineEdit, QLineEdit]] = []
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.members_box)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.team_error = _label("error", "teamSizeError")
        column.addWidget(self.team_caption)
        column.addLayout(row)
        column.addWidget(self.team_error)
        column.addWidget(self.members_caption)
        column.addWidget(scroll, 1)
        self.team_minus.clicked.connect(lambda: self.team_size.stepBy(-1))
        self.team_plus.clicked.connect(lambda: self.team_size.stepBy(1))
        self.team_size.valueChanged.connect(self._team_size_changed)
        return page

    def _consent_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        self.consent_text = _label("consent", "consentText")
        self.consent_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.consent_text)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.consent = QCheckBox()
        self.consent.setObjectName("consent")
        self.consent.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.consent_error = _label("error", "consentError")
        column.addWidget(scroll, 1)
        column.addWidget(self.consent)
        column.addWidget(self.consent_error)
        return page

    def _review_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        self.review = _label("lead", "reviewText")
        self.review.setTextFormat(Qt.TextFormat.PlainText)
        self.total = _label("total", "reviewTotal")
        self.pay_note = _label("hint", "reviewPayNote")
        column.addWidget(self.review)
        column.addSpacing(12)
        column.addWidget(self.total)
        column.addWidget(self.pay_note)
        column.addStretch(1)
        return page

    # ---- state ---------------------------------------------------------------------------

    def _choose(self, code: str) -> None:
        self.chosen = self.event_config.tariff(code)
        for card_code, card in self.cards.items():
            card.set_checked(card_code == code)
        self.tariff_error.setText("")
        if self.chosen and self.chosen.min_participants:
            self.team_size.setMinimum(self.chosen.min_participants)
        self._team_size_changed()

    def is_team(self) -> bool:
        return bool(self.chosen and self.chosen.min_participants)

    def steps(self) -> list[str]:
        return [s for s in self.STEPS if s != "team" or self.is_team()]

    def _team_size_changed(self) -> None:
        wanted = self.team_size.value() - 1 if self.is_team() else 0
        while len(self.members) < wanted:
            number = len(self.members) + 2
            last, first = QLineEdit(), QLineEdit()
            for edit, kind in ((last, "Last"), (first, "First")):
                edit.setObjectName(f"member{number}{kind}")
                edit.setMinimumHeight(60)
                edit.setMaxLength(100)
                edit.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
                edit.setProperty("keyboardMode", "letters")
                edit.installEventFilter(self)
            row = len(self.members)
            self.members_grid.addWidget(QLabel(f"{number}."), row, 0)
            self.members_grid.addWidget(last, row, 1)
            self.members_grid.addWidget(first, row, 2)
            self.members.append((last, first))
        for index, (last, first) in enumerate(self.members):
            visible = index < wanted
            last.setVisible(visible)
            first.setVisible(visible)
            item = self.members_grid.itemAtPosition(index, 0)
            number_label = item.widget() if item else None
            if number_label is not None:
                number_label.setVisible(visible)
        self.team_error.setText("")
        self.retranslate()

    def day_kinds(self) -> dict[DayKind, str]:
        return {DayKind.TRAINING: self.tr("training"), DayKind.CONFERENCE: self.tr("conference")}

    def total_price(self) -> int:
        if self.chosen is None:
            return 0
        count = self.team_size.value() if self.chosen.per_participant else 1
        return self.chosen.price * count

    def values(self) -> dict[str, str]:
        return {name: field.text() for name, field in self.fields.items()}

    def request(self) -> Registration:
        members: tuple[PersonInput, ...] = ()
        team_size = None
        if self.is_team():
            team_size = self.team_size.value()
            members = tuple(
                PersonInput(last.text(), first.text())
                for last, first in self.members[: team_size - 1]
                if last.text().strip() or first.text().strip()
            )
        return Registration(
            person=person_from(self.values()),
            tariff=self.chosen.code if self.chosen else None,
            category=PARTICIPANT,
            team_size=team_size,
            members=members,
            consent=self.consent.isChecked(),
        )

    # ---- moving between steps ------------------------------------------------------------

    def show_step(self, step: str) -> None:
        self.step = step
        for name, page in self.page_of.items():
            # Only the current step counts for the screen's size, so it fits 1366 × 768.
            policy = QSizePolicy.Policy.Preferred if name == step else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        self.pages.setCurrentWidget(self.page_of[step])
        self.general_error.hide()
        self.already_button.hide()
        steps = self.steps()
        self.progress.setText(
            self.tr("Step %1 of %2")
            .replace("%1", str(steps.index(step) + 1))
            .replace("%2", str(len(steps)))
        )
        has_fields = step in STEP_FIELDS or step == "team"
        self.keyboard.setVisible(has_fields)
        if step in STEP_FIELDS:
            first = self.fields[STEP_FIELDS[step][0]]
            first.edit.setFocus()
            self._keyboard_for(first.edit)
        elif step == "team":
            self.keyboard.set_mode("letters")
        if step == "review":
            self._fill_review()
        self.retranslate()

    def go_next(self) -> None:
        if self.busy:
            return
        if self.step in STEP_FIELDS:
            names = STEP_FIELDS[self.step]
            errors = check_fields({n: self.fields[n].text() for n in names})
            for name in names:
                self.fields[name].set_error(errors.get(name, ""))
            if errors:
                self.fields[next(n for n in names if n in errors)].edit.setFocus()
                return
        elif self.step == "tariff" and self.chosen is None:
            self.tariff_error.setText(self.tr("Choose a tariff"))
            return
        elif self.step == "consent" and not self.consent.isChecked():
            self.consent_error.setText(
                self.tr("Registration needs your consent to the processing of personal data")
            )
            return
        elif self.step == "review":
            self.submitted.emit(self.request())
            return
        steps = self.steps()
        self.show_step(steps[steps.index(self.step) + 1])

    def go_back(self) -> None:
        steps = self.steps()
        index = steps.index(self.step)
        if index == 0:
            self.cancelled.emit()
        else:
            self.show_step(steps[index - 1])

    def show_errors(self, errors: dict[str, str]) -> None:
        """Refusals of the whole registration: go back to the step of the first bad field."""
        for name, text in errors.items():
            if name in self.fields:
                step = next(s for s, names in STEP_FIELDS.items() if name in names)
                self.show_step(step)
                self.fields[name].set_error(text)
                return
            if name == "tariff":
                self.show_step("tariff")
                self.tariff_error.setText(text)
                return
            if name in ("team_size", "members") and self.is_team():
                self.show_step("team")
                self.team_error.setText(text)
                return
        self.general_error.setText(" ".join(errors.values()))
        self.general_error.show()

    def show_already_registered(self, text: str) -> None:
        """The phone or e-mail is taken: offer "I have registered" instead, revealing no one."""
        self.general_error.setText(text)
        self.general_error.show()
        self.already_button.show()

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.next_button.setEnabled(not busy)

    def _fill_review(self) -> None:
        values = self.values()
        lines = [
            " ".join(
                p
                for p in (values["last_name"], values["first_name"], values["middle_name"])
                if p.strip()
            )
        ]
        lines.append(values["phone"])
        if values["email"].strip():
            lines.append(values["email"])
        work = ", ".join(p for p in (values["company"], values["position"]) if p.strip())
        if work:
            lines.append(work)
        if self.chosen is not None:
            title = self.chosen.title_en if language() == "en" else self.chosen.title
            days = day_words(self.event_config, self.chosen.days, self.day_kinds())
            line = f"{title} ({days})"
            if self.is_team():
                line += " — " + self.tr("%1 people").replace("%1", str(self.team_size.value()))
            lines.append(line)
        self.review.setText("\n".join(lines))

    def _keyboard_for(self, edit: QLineEdit) -> None:
        mode = str(edit.property("keyboardMode") or "letters")
        if mode != self.keyboard.mode:
            self.keyboard.set_mode(mode)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QLineEdit) and event.type() == QEvent.Type.FocusIn:
            self._keyboard_for(watched)
        return False

    def retranslate(self) -> None:
        english = language() == "en"
        self.title.setText(self.tr("Sign up"))
        captions = {
            "last_name": self.tr("Surname*"),
            "first_name": self.tr("First name*"),
            "middle_name": self.tr("Patronymic"),
            "phone": self.tr("Mobile phone*"),
            "email": self.tr("E-mail"),
            "company": self.tr("Company"),
            "position": self.tr("Position"),
        }
        for name, field in self.fields.items():
            field.caption.setText(captions[name])
        for tariff in self.tariffs:
            card = self.cards[tariff.code]
            card.title.setText(tariff.title_en if english else tariff.title)
            price = money(tariff.price)
            if tariff.per_participant:
                price = self.tr("%1 per person").replace("%1", price)
            if tariff.list_price:
                price += f"  <s style='color:#80868B'>{money(tariff.list_price)}</s>"
            card.price.setText(price)
            card.days.setText(day_words(self.event_config, tariff.days, self.day_kinds()))
        self.team_caption.setText(self.tr("How many people are in your team, you included?"))
        self.members_caption.setText(
            self.tr("Names of the others (you may leave them empty: the desk will fill them in)")
        )
        for last, first in self.members:
            last.setPlaceholderText(self.tr("Surname"))
            first.setPlaceholderText(self.tr("First name"))
        self.consent_text.setText(
            self.event_config.consent_en if english else self.event_config.consent
        )
        self.consent.setText(self.tr("I agree to the processing of my personal data"))
        self.total.setText(self.tr("To pay: %1").replace("%1", money(self.total_price())))
        self.pay_note.setText(
            self.tr("You pay at the registration desk after signing up: cash or card.")
        )
        self.back_button.setText(self.tr("Back"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.already_button.setText(self.tr("I have registered"))
        self.next_button.setText(self.tr("Sign up") if self.step == "review" else self.tr("Next"))
        steps = self.steps()
        if self.step in steps:
            self.progress.setText(
                self.tr("Step %1 of %2")
                .replace("%1", str(steps.index(self.step) + 1))
                .replace("%2", str(len(steps)))
            )
        if self.step == "review":
            self._fill_review()

    def clear(self) -> None:
        for field in self.fields.values():
            field.clear()
        for last, first in self.members:
            last.clear()
            first.clear()
        self.chosen = None
        for card in self.cards.values():
            card.set_checked(False)
        self.team_size.setMinimum(1)
        self.team_size.setValue(3)
        self.consent.setChecked(False)
        for label in (self.tariff_error, self.team_error, self.consent_error, self.general_error):
            label.setText("")
        self.review.setText("")
        self.busy = False
        self.next_button.setEnabled(True)
        self.show_step("name")

    def entered(self) -> None:
        self.show_step(self.step)


class ConfirmationScreen(Screen):
    """After a sign-up: the visitor's own QR code, what to pay, where to go."""

    done = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("confirmationScreen")
        self.setProperty("tone", "blue")
        self.signed_up: SignedUp | None = None
        self.slip: Badge | None = None
        self.greeting = _label("title", "confirmationGreeting")
        self.greeting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr = QLabel()
        self.qr.setObjectName("confirmationQr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code = _label("code", "confirmationCode")
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.pay = _label("lead", "confirmationPay")
        self.pay.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.slip_line = _label("hint", "confirmationSlip")
        self.slip_line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_button = _button("confirmationDoneButton")
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
            for label in (self.greeting, self.code, self.pay, self.slip_line):
                label.setText("")
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
            text += " " + self.tr("The desk will print the badges of all %1 team members.").replace(
                "%1", str(signed.team_size)
            )
        self.pay.setText(text)
        self.slip_line.setText(
            {
                None: self.tr("You can take a photo of this code."),
                Badge.PRINTING: self.tr("Your slip with this code is printing…"),
                Badge.PRINTED: self.tr("Please take your slip from the printer."),
                Badge.PRINTED_BEFORE: "",
                Badge.NO_PRINTER: self.tr("You can take a photo of this code."),
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


# ---- staff ---------------------------------------------------------------------------------


class PinScreen(Screen):
    pin_given = Signal(str)
    cancelled = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("pinScreen")
        self.title = _label("title", "pinTitle")
        self.pin = BigField("pin", "digits")
        self.pin.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.edit.setMaxLength(12)
        self.keyboard = TouchKeyboard()
        self.keyboard.set_mode("digits")
        self.ok_button = _button("pinOkButton")
        self.cancel_button = _button("pinCancelButton", "secondary")
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        column = QVBoxLayout()
        column.addWidget(self.title)
        column.addWidget(self.pin)
        column.addWidget(self.keyboard)
        column.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(column, 2)
        layout.addStretch(1)
        self.ok_button.clicked.connect(self._ok)
        self.pin.edit.returnPressed.connect(self._ok)
        self.cancel_button.clicked.connect(self.cancelled)

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

    def clear(self) -> None:
        self.pin.clear()

    def entered(self) -> None:
        self.pin.edit.setFocus()


class StaffScreen(Screen):
    """Settings of the stand, and the way out of kiosk mode (after the PIN)."""

    resume = Signal()
    open_desk = Signal()
    quit = Signal()
    settings_changed = Signal(dict)

    def __init__(self, layouts: list[tuple[str, str]], camera_problem: str | None) -> None:
        super().__init__()
        self.setObjectName("staffScreen")
        self.camera_problem = camera_problem
        self.title = _label("title", "staffTitle")
        self.idle_caption = _label("body")
        self.idle = QSpinBox()
        self.idle.setObjectName("idleSeconds")
        self.idle.setRange(15, 600)
        self.idle.setSingleStep(15)
        self.idle.setMinimumHeight(56)
        self.printer_caption = _label("body")
        self.printer = QComboBox()
        self.printer.setObjectName("kioskPrinter")
        self.printer.setEditable(True)
        self.printer.setMinimumHeight(56)
        for name in system_printers():
            self.printer.addItem(name)
        self.layout_caption = _label("body")
        self.layout_choice = QComboBox()
        self.layout_choice.setObjectName("kioskLayout")
        self.layout_choice.setMinimumHeight(56)
        for name, title in layouts:
            self.layout_choice.addItem(title, name)
        self.slip = QCheckBox()
        self.slip.setObjectName("kioskSlip")
        self.camera = QCheckBox()
        self.camera.setObjectName("kioskCamera")
        self.camera_note = _label("hint", "cameraNote")
        self.start_in_kiosk = QCheckBox()
        self.start_in_kiosk.setObjectName("startInKiosk")
        self.resume_button = _button("resumeButton")
        self.desk_button = _button("openDeskButton", "secondary")
        self.quit_button = _button("quitKioskButton", "secondary")
        form = QGridLayout()
        form.setVerticalSpacing(14)
        form.addWidget(self.idle_caption, 0, 0)
        form.addWidget(self.idle, 0, 1)
        form.addWidget(self.printer_caption, 1, 0)
        form.addWidget(self.printer, 1, 1)
        form.addWidget(self.layout_caption, 2, 0)
        form.addWidget(self.layout_choice, 2, 1)
        form.addWidget(self.slip, 3, 0, 1, 2)
        form.addWidget(self.camera, 4, 0, 1, 2)
        form.addWidget(self.camera_note, 5, 0, 1, 2)
        form.addWidget(self.start_in_kiosk, 6, 0, 1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.desk_button)
        buttons.addStretch(1)
        buttons.addWidget(self.resume_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 40, 80, 40)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.resume_button.clicked.connect(self._resume)
        self.desk_button.clicked.connect(self._open_desk)
        self.quit_button.clicked.connect(self._quit)

    def load(self, values: dict[str, object]) -> None:
        self.idle.setValue(int(str(values["kiosk_idle_s"])))
        self.printer.setCurrentText(str(values["printer"]))
        index = self.layout_choice.findData(values["layout"])
        self.layout_choice.setCurrentIndex(max(index, 0))
        self.slip.setChecked(bool(values["kiosk_slip"]))
        self.camera.setChecked(bool(values["kiosk_camera"]))
        self.camera.setEnabled(self.camera_problem is None)
        self.start_in_kiosk.setChecked(bool(values["kiosk_mode"]))

    def values(self) -> dict[str, object]:
        return {
            "kiosk_idle_s": self.idle.value(),
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
        self.slip.setText(self.tr("Print a slip with the QR code after a sign-up"))
        self.camera.setText(self.tr("Read QR codes with the camera too"))
        self.camera_note.setText(self.camera_problem or "")
        self.camera_note.setVisible(bool(self.camera_problem))
        self.start_in_kiosk.setText(self.tr("Start as a kiosk next time"))
        self.resume_button.setText(self.tr("Back to the kiosk"))
        self.desk_button.setText(self.tr("Open the staff desk"))
        self.quit_button.setText(self.tr("Quit"))
