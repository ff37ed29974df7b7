"""Signing up at the kiosk: the desk's walk-in fields one step at a time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import PARTICIPANT, DayKind, Event, Tariff
from kiosk.i18n import language
from kiosk.present import money
from kiosk.services.registration import NAME_MAX, TEXT_MAX, PersonInput, Registration
from kiosk.services.selfservice import MAX_KIOSK_TEAM
from ui.common.widgets import TeamMembers
from ui.kiosk.controller import STEP_FIELDS, check_fields, person_from
from ui.kiosk.keyboard import TouchKeyboard
from ui.kiosk.screens import Screen, button, label
from ui.kiosk.style import STRUCK
from ui.kiosk.widgets import BigField, ErrorLine, TariffCard


def day_words(event: Event, days: tuple[date, ...], words: dict[DayKind, str]) -> str:
    """``27.11 тренинг + 28.11 конференция``."""
    parts = []
    for d in days:
        day = event.day(d)
        parts.append(f"{d:%d.%m} {words[day.kind]}" if day else f"{d:%d.%m}")
    return " + ".join(parts)


REVIEW_PAUSE_MS = 700
FIELD_ROWS: dict[str, tuple[tuple[str, ...], ...]] = {
    "name": (("last_name",), ("first_name", "middle_name")),
    "contacts": (("phone",), ("email",)),
    "work": (("company", "position"),),
}
"""How each step's fields sit, so a step and its keyboard fit 1280 × 720: two short fields
share a row; a field whose error is long (a phone, an e-mail) or whose value is (a surname)
has a row of its own."""
MAX_LENGTHS = {
    "last_name": NAME_MAX,
    "first_name": NAME_MAX,
    "middle_name": NAME_MAX,
    "phone": 30,
    "email": 254,
}


class SignUpScreen(Screen):
    """The walk-in's fields, one step at a time, then the tariff, the consent and a review."""

    submitted = Signal(object)  # Registration
    cancelled = Signal()
    registered_already = Signal(str)  # the phone typed, for "I have registered"
    contacts_given = Signal(str, str)  # phone, e-mail: checked before the next step

    STEPS = ("name", "contacts", "work", "tariff", "team", "consent", "review")

    def __init__(
        self,
        event: Event,
        on_sale: Callable[[], tuple[Tariff, ...]] | None = None,
        today: Callable[[], date] | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("signUpScreen")
        self.event_config = event
        self.tariffs = [t for t in event.tariffs]
        self._on_sale = on_sale or (lambda: event.tariffs)
        self._today = today or (lambda: event.days[0].date)
        self.chosen: Tariff | None = None
        self.step = "name"
        self.busy = False

        self.title = label("title", "signUpTitle")
        self.progress = label("hint", "signUpProgress")
        self.general_error = ErrorLine("signUpError")
        self.pages = QStackedWidget()
        self.fields: dict[str, BigField] = {}
        self.page_of: dict[str, QWidget] = {}
        for step, rows in FIELD_ROWS.items():
            assert tuple(n for row in rows for n in row) == STEP_FIELDS[step]
            page = QWidget()
            grid = QGridLayout(page)
            grid.setContentsMargins(0, 0, 0, 0)
            grid.setHorizontalSpacing(24)
            grid.setVerticalSpacing(12)
            for row, names in enumerate(rows):
                for column, name in enumerate(names):
                    mode = {
                        "phone": "digits",
                        "email": "email",
                        "company": "text",
                        "position": "text",
                    }.get(name, "letters")
                    field = BigField(name, mode)
                    field.edit.setMaxLength(MAX_LENGTHS.get(name, TEXT_MAX))
                    field.edit.installEventFilter(self)
                    field.edit.textChanged.connect(lambda _text, n=name: self._recheck(n))
                    self.fields[name] = field
                    grid.addWidget(field, row, column, 1, 2 if len(names) == 1 else 1)
            grid.setColumnStretch(0, 1)
            grid.setColumnStretch(1, 1)
            grid.setRowStretch(len(rows), 1)
            self._add_page(step, page)
        self.fields["phone"].edit.setPlaceholderText("+7 914 123-45-67")
        self.fields["email"].edit.setPlaceholderText("name@example.ru")
        self._add_page("tariff", self._tariff_page())
        self._add_page("team", self._team_page())
        self._add_page("consent", self._consent_page())
        self._add_page("review", self._review_page())

        self.review_pause = QTimer(self)  # owned by the screen: it dies with it
        self.review_pause.setSingleShot(True)
        self.review_pause.timeout.connect(lambda: self.next_button.setEnabled(not self.busy))
        self.keyboard = TouchKeyboard()
        self.already_button = button("alreadyRegisteredButton", "small")
        self.already_button.hide()
        self.back_button = button("signUpBackButton", "secondary")
        self.next_button = button("signUpNextButton")
        self.cancel_button = button("signUpCancelButton", "small")
        # A refusal is shown between «Назад» and «Далее», which stay where they are.
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.general_error, 1)
        buttons.addWidget(self.next_button)
        # «Отмена» away from «Назад»: in the header, where a finger meaning «back» won't go.
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.progress)
        header.addWidget(self.already_button)  # in the progress's place when shown
        header.addSpacing(24)
        header.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 16, 48, 12)
        layout.addLayout(header)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.keyboard)
        layout.addLayout(buttons)

        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.cancel_button.clicked.connect(self.cancelled)
        self.already_button.clicked.connect(
            lambda: self.registered_already.emit(self.fields["phone"].text())
        )

    def _recheck(self, name: str) -> None:
        """An error goes away as soon as the field is right (new ones wait for «Далее»)."""
        field = self.fields[name]
        if field.error_text() and not check_fields({name: field.text()}):
            field.set_error("")
            self.show_already_button(False)

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
        self.tariff_error = ErrorLine("tariffError")
        grid.addWidget(self.tariff_error, (len(self.tariffs) + 1) // 2, 0, 1, 2)
        grid.setRowStretch((len(self.tariffs) + 1) // 2 + 1, 1)
        return page

    def _team_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        self.team_caption = label("lead", "teamCaption")
        row = QHBoxLayout()
        row.addWidget(self.team_caption, 1)
        self.team_minus = button("teamMinus", "secondary")
        self.team_minus.setText("−")
        self.team_plus = button("teamPlus", "secondary")
        self.team_plus.setText("+")
        self.team_size = QSpinBox()
        self.team_size.setObjectName("teamSize")
        self.team_size.setRange(1, MAX_KIOSK_TEAM)
        # Its own arrows are styled to nothing (NoButtons with a styled border would squeeze
        # the number to a pixel): the big − and + beside it do the stepping.
        self.team_size.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.team_size.setMinimumSize(140, 72)
        row.addWidget(self.team_minus)
        row.addWidget(self.team_size)
        row.addWidget(self.team_plus)
        self.members_caption = label("hint", "membersCaption")
        self.team_members = TeamMembers(self._member_edit)
        self.members = self.team_members.rows
        self.members_scroll = scroll = QScrollArea()
        scroll.setObjectName("membersScroll")
        scroll.setWidgetResizable(True)
        rows = QWidget()  # the members at the top, not spread over the room left
        stacked = QVBoxLayout(rows)
        stacked.setContentsMargins(0, 0, 0, 0)
        stacked.addWidget(self.team_members)
        stacked.addStretch(1)
        scroll.setWidget(rows)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # The step's message (a team too small, a member without a name) takes the line
        # between «Назад» and «Далее», as every refusal does: nothing on the page moves and
        # the members' list keeps its room.
        self.team_error = self.general_error
        column.addLayout(row)
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
        self.consent_text = label("consent", "consentText")
        self.consent_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.consent_text)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.consent = QCheckBox()
        self.consent.setObjectName("consent")
        self.consent.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.consent_error = ErrorLine("consentError")
        column.addWidget(scroll, 1)
        column.addWidget(self.consent)
        column.addWidget(self.consent_error)
        self.consent.toggled.connect(self._consent_toggled)
        return page

    def _consent_toggled(self, given: bool) -> None:
        if given:
            self.consent_error.setText("")

    def _review_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        self.review = label("lead", "reviewText")
        self.review.setTextFormat(Qt.TextFormat.PlainText)
        self.total = label("total", "reviewTotal")
        self.pay_note = label("hint", "reviewPayNote")
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
            self.team_size.setValue(max(self.team_size.value(), self.chosen.min_participants))
        self._team_size_changed()

    def is_team(self) -> bool:
        return bool(self.chosen and self.chosen.min_participants)

    def steps(self) -> list[str]:
        return [s for s in self.STEPS if s != "team" or self.is_team()]

    def _member_edit(self) -> QLineEdit:
        edit = QLineEdit()
        edit.setMinimumHeight(60)
        edit.setMaxLength(NAME_MAX)
        edit.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        edit.setProperty("keyboardMode", "letters")
        edit.setProperty("big", True)
        edit.installEventFilter(self)
        edit.textChanged.connect(self._recheck_members)
        return edit

    def _recheck_members(self) -> None:
        """A member's missing name, once typed, takes its message away (a team still too
        small keeps that one)."""
        if not self.team_error.text() or self.team_too_small() or self.step != "team":
            return
        for last, first in self.members[: self.team_size.value() - 1]:
            typed = {"last_name": last.text(), "first_name": first.text()}
            if any(v.strip() for v in typed.values()) and check_fields(typed):
                return
        self.team_error.setText("")

    def _team_size_changed(self) -> None:
        self.team_members.show_count(self.team_size.value() - 1 if self.is_team() else 0)
        if self.step == "team":
            self.team_error.setText(self.team_too_small())
        self.retranslate()

    def team_too_small(self) -> str:
        """Why a team this small cannot be chosen (empty when it can)."""
        chosen = self.chosen
        minimum = chosen.min_participants if chosen else None
        if chosen is None or not minimum or self.team_size.value() >= minimum:
            return ""
        title = chosen.title_en if language() == "en" else chosen.title
        return (
            self.tr(
                "The «%1» tariff is for %2 people or more; for fewer, go back and "
                "choose another tariff."
            )
            .replace("%1", title)
            .replace("%2", str(minimum))
        )

    def day_kinds(self) -> dict[DayKind, str]:
        return {DayKind.TRAINING: self.tr("training"), DayKind.CONFERENCE: self.tr("conference")}

    def total_price(self) -> int:
        if self.chosen is None:
            return 0
        count = self.team_size.value() if self.chosen.per_participant else 1
        return self.chosen.price_on(self._today()) * count

    def values(self) -> dict[str, str]:
        return {name: field.text() for name, field in self.fields.items()}

    def request(self) -> Registration:
        members: tuple[PersonInput, ...] = ()
        team_size = None
        if self.is_team():
            team_size = self.team_size.value()
            members = self.team_members.people(team_size - 1)
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
        self.general_error.setText("")
        self.show_already_button(False)
        self.keyboard.setVisible(step in STEP_FIELDS or step == "team")
        if step in STEP_FIELDS:
            first = self.fields[STEP_FIELDS[step][0]]
            first.edit.setFocus()
            self._keyboard_for(first.edit)
        elif step == "team":
            self.keyboard.set_mode("letters")
            if self.members:
                self.members[0][0].setFocus()
        if step == "review":
            # «Далее» becomes «Зарегистрироваться» in the same place: a double tap on the
            # consent step must not sign up before the visitor has seen the review.
            self.next_button.setEnabled(False)
            self.review_pause.start(REVIEW_PAUSE_MS)
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
            if self.step == "contacts":
                # Taken already? Asked now, so the visitor fixes it at this step.
                self.contacts_given.emit(self.fields["phone"].text(), self.fields["email"].text())
                return
        elif self.step == "team" and self.team_too_small():
            self.team_error.setText(self.team_too_small())
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

    def contacts_checked(self, taken: str | None) -> None:
        """The answer to `contacts_given`: the field that is taken (never whose), or go on."""
        if self.step != "contacts":
            return
        if taken is None:
            steps = self.steps()
            self.show_step(steps[steps.index("contacts") + 1])
            return
        field = self.fields["email" if taken == "email" else "phone"]
        field.set_error(
            self.tr("This e-mail is registered already.")
            if taken == "email"
            else self.tr("This phone number is registered already.")
        )
        field.edit.setFocus()
        self.show_already_button(True)

    def show_already_button(self, shown: bool) -> None:
        """«Я зарегистрирован(а)» takes the step counter's place in the header."""
        self.already_button.setVisible(shown)
        self.progress.setVisible(not shown)

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

    def show_already_registered(self, text: str) -> None:
        """The phone or e-mail is taken: offer "I have registered" instead, revealing no one."""
        self.general_error.setText(text)
        self.show_already_button(True)

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
                line += " — " + self.tr("%n people", "", self.team_size.value())
            lines.append(line)
            lines += [f"  {m.last_name} {m.first_name}".rstrip() for m in self.request().members]
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
        self.keyboard.set_latin(english)
        self.title.setText(self.tr("Sign up"))
        captions = {
            "last_name": self.tr("Surname*"),
            "first_name": self.tr("First name*"),
            "middle_name": self.tr("Patronymic"),
            "phone": self.tr("Phone*"),
            "email": self.tr("E-mail"),
            "company": self.tr("Company"),
            "position": self.tr("Position"),
        }
        for name, field in self.fields.items():
            field.caption.setText(captions[name])
        on_sale = {t.code for t in self._on_sale()}
        today = self._today()
        for tariff in self.tariffs:
            card = self.cards[tariff.code]
            card.setVisible(tariff.code in on_sale)
            card.title.setText(tariff.title_en if english else tariff.title)
            price = money(tariff.price_on(today))
            if tariff.per_participant:
                price = self.tr("%1 per person").replace("%1", price)
            if tariff.list_price:
                price += f"  <s style='color:{STRUCK}'>{money(tariff.list_price)}</s>"
            card.price.setText(price)
            card.days.setText(day_words(self.event_config, tariff.days, self.day_kinds()))
        self.team_caption.setText(self.tr("How many people are in your team, you included?"))
        self.members_caption.setText(
            self.tr("Names of the others (you may leave them empty: the desk will fill them in)")
        )
        self.team_members.set_placeholders(self.tr("Surname"), self.tr("First name"))
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
        self.team_members.clear()
        self.chosen = None
        for card in self.cards.values():
            card.set_checked(False)
        self.team_size.setValue(3)
        self.consent.setChecked(False)
        for error in (self.tariff_error, self.consent_error, self.general_error):
            error.setText("")
        self.review.setText("")
        self.busy = False
        self.next_button.setEnabled(True)
        self.show_step("name")

    def entered(self) -> None:
        self.show_step(self.step)
