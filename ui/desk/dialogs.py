"""Dialogs of the desk: walk-in registration, correcting a record, settings."""

from __future__ import annotations

import contextlib
import itertools
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk import present
from kiosk.config import PARTICIPANT, Event, Tariff
from kiosk.hub.desks import join_code_in_name_text
from kiosk.hub.join import holds_join_code, without_join_code
from kiosk.i18n import language
from kiosk.models import PaymentMethod, Source
from kiosk.phones import InvalidPhone, format_phone, normalize_phone
from kiosk.present import money
from kiosk.services import registration as registration_service
from kiosk.services.context import default_operator
from kiosk.services.errors import DuplicateError, ServiceError, ValidationError
from kiosk.services.registration import (
    PersonInput,
    Registration,
    RegistrationResult,
    ValidationErrors,
    WalkInResult,
)
from kiosk.services.views import AttendeeView
from ui.common.hub import Link, Station
from ui.common.hub_widgets import HubSection
from ui.common.printing import system_printers
from ui.common.screen import frame_height, screen_room
from ui.common.settings import DeskSettings, save_settings
from ui.common.widgets import TeamMembers
from ui.desk.controller import DeskController

ERROR_STYLE = "color: #C5221F; font-size: 12px;"


class FieldRow(QWidget):
    """A line edit with its own error label underneath."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setObjectName(name)
        self.edit.setAccessibleName(name)
        self.error = ErrorLabel(f"{name}Error")
        # The red frame of an error is a style sheet, drawn a little slimmer than the plain
        # frame: the field keeps its height, so the rows below never move.
        self.edit.setFixedHeight(self.edit.sizeHint().height())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)

    def text(self) -> str:
        return self.edit.text()

    def set_error(self, text: str) -> None:
        self.error.set_text(text)
        self.edit.setStyleSheet("border: 2px solid #C5221F;" if text else "")


def _mark_error(edit: QLineEdit, text: str) -> None:
    """A red frame on a field with no error line of its own (a team member's), the message
    in its tooltip."""
    if edit.property("plainToolTip") is None:
        edit.setProperty("plainToolTip", edit.toolTip())
    edit.setStyleSheet("border: 2px solid #C5221F;" if text else "")
    edit.setToolTip(text or str(edit.property("plainToolTip")))


class ErrorLabel(QLabel):
    """A field's error, one line high whether shown or not: errors appearing never make the
    form jump under the operator's hands (the whole message is in the tooltip)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setStyleSheet(ERROR_STYLE)
        self.setFixedHeight(self.fontMetrics().height() + 2)
        self._full = ""

    def set_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        metrics = self.fontMetrics()
        super().setText(
            metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, max(self.width(), 40))
        )


def tariff_label(tariff: Tariff, event: Event, today: date) -> str:
    """«Пакет Комфорт … — 20 700 ₽ (27.11, 28.11)», with a warning when a day of it is over."""
    title = tariff.title_en if language() == "en" else tariff.title
    days = present.days_label(tariff.days)
    price = money(tariff.price_on(today))
    if tariff.per_participant:
        price += " × N"
    label = f"{title} — {price} ({days})"
    over = tariff.days_over(today)
    if over and tariff.price_days_left is None:
        label += " — " + QCoreApplication.translate("WalkInDialog", "⚠ %1 is over").replace(
            "%1", present.days_label(over)
        )
    return label


def confirm_discard(parent: QWidget) -> bool:
    """Asked before a form with something typed in it is closed; «back to the form» is the
    default, so a stray Enter keeps the work."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("Forms", "Close the form?"))
    box.setText(QCoreApplication.translate("Forms", "What you typed will be lost."))
    discard = box.addButton(
        QCoreApplication.translate("Forms", "Close without saving"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    back = box.addButton(
        QCoreApplication.translate("Forms", "Back to the form"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    box.exec()
    return box.clickedButton() is discard


class UndoDialog(QDialog):
    """Undo a check-in: the reason is required, and an empty one says what is missing."""

    def __init__(self, attendee: AttendeeView, day: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoDialog")
        self.setWindowTitle(self.tr("Undo check-in"))
        self.setMinimumWidth(480)
        question = QLabel(
            self.tr("Undo the check-in of %1 on %2? Reason:")
            .replace("%1", attendee.full_name)
            .replace("%2", present.day_label(day))
        )
        question.setObjectName("undoQuestion")
        question.setWordWrap(True)
        self.reason_row = FieldRow("undoReason")
        self.reason_row.edit.setPlaceholderText(self.tr("e.g. scanned the wrong badge"))
        self.reason_row.edit.setMaxLength(500)
        buttons = QDialogButtonBox()
        self.undo_button = buttons.addButton(
            self.tr("Undo the check-in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.undo_button.setObjectName("undoConfirmButton")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.reason_row)
        layout.addWidget(buttons)
        self.reason_row.edit.textChanged.connect(lambda _t: self.reason_row.set_error(""))
        self.reason_row.edit.setFocus()

    def reason(self) -> str:
        return " ".join(self.reason_row.text().split())

    def accept(self) -> None:
        if not self.reason():
            self.reason_row.set_error(
                self.tr("Write why the check-in is undone (it goes to the audit log).")
            )
            self.reason_row.edit.setFocus()
            return
        super().accept()


UNLIMITED = 16_777_215
"""Qt's largest widget size (QWIDGETSIZE_MAX)."""


class MembersArea(QScrollArea):
    """A team's member rows, scrolled when the team is larger than the screen has room for:
    the form around them (the total, the consent, the errors and the buttons) stays on screen
    whatever the team's size, and the dialog shrinks back when the team does."""

    MIN_ROWS = 2
    """Member rows always shown (when the team has them), however small the screen."""

    def __init__(self, members: TeamMembers, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("membersArea")
        self.members = members
        self.room = UNLIMITED
        """The height the screen leaves for the rows (WalkInDialog.fit_within)."""
        self.setWidget(members)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def content_height(self) -> int:
        return self.members.sizeHint().height() if self.members.shown else 0

    def row_height(self) -> int:
        shown = self.members.shown
        return -(-self.content_height() // shown) if shown else 0

    def sizeHint(self) -> QSize:
        content = self.members.sizeHint()
        height = min(self.content_height(), self.room)
        scroll_bar = self.verticalScrollBar().sizeHint().width() if height < content.height() else 0
        return QSize(content.width() + scroll_bar, height)

    def minimumSizeHint(self) -> QSize:
        rows = min(self.members.shown, self.MIN_ROWS)
        return QSize(self.members.minimumSizeHint().width(), rows * self.row_height())

    def watch(self, fields: list[QWidget]) -> None:
        """Scroll to a member's field when it gets the cursor (Tab, or an error's focus)."""
        for field in fields:
            field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            # The whole field, not only its text cursor (what ensureWidgetVisible would show).
            middle = watched.mapTo(self.members, watched.rect().center())
            self.ensureVisible(middle.x(), middle.y(), 0, watched.height() // 2 + 4)
        return super().eventFilter(watched, event)


class WalkInDialog(QDialog):
    """Register someone (or a team) at the desk, then check in and print."""

    PERSON_FIELDS = (
        "last_name",
        "first_name",
        "middle_name",
        "company",
        "position",
        "phone",
        "email",
    )

    def __init__(self, controller: DeskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.event_config = controller.desk.event
        self.setObjectName("walkInDialog")
        self.setWindowTitle(self.tr("New walk-in"))
        self.setMinimumWidth(620)
        self.duplicate: AttendeeView | None = None
        self.result: RegistrationResult | None = None

        form = QFormLayout()
        labels = {
            "last_name": self.tr("Surname*"),
            "first_name": self.tr("First name*"),
            "middle_name": self.tr("Patronymic"),
            "company": self.tr("Company"),
            "position": self.tr("Position"),
            "phone": self.tr("Phone*"),
            "email": self.tr("E-mail"),
        }
        self.rows: dict[str, FieldRow] = {}
        for name in self.PERSON_FIELDS:
            row = FieldRow(name)
            self.rows[name] = row
            form.addRow(labels[name], row)
        self.rows["phone"].edit.setPlaceholderText("+7 914 123-45-67")

        self.tariff = QComboBox()
        self.tariff.setObjectName("tariff")
        today = controller.desk.today()
        self.today = today
        for tariff in self.event_config.tariffs:
            self.tariff.addItem(
                tariff_label(tariff, self.event_config, today), f"tariff:{tariff.code}"
            )
        for category in self.event_config.categories:
            title = category.title_en if language() == "en" else category.title
            free = self.tr("free")  # outside the f-string, where lupdate finds it
            self.tariff.addItem(f"{title} — {free}", f"category:{category.code}")
        self.tariff_error = ErrorLabel("tariffError")
        form.addRow(self.tr("Tariff*"), self.tariff)
        form.addRow("", self.tariff_error)

        self.team_box = QWidget()
        team_layout = QVBoxLayout(self.team_box)
        team_layout.setContentsMargins(0, 0, 0, 0)
        size_row = QHBoxLayout()
        self.team_size = QSpinBox()
        self.team_size.setObjectName("teamSize")
        self.team_size.setRange(1, 200)
        self.team_size.setValue(3)
        size_row.addWidget(QLabel(self.tr("People in the team (with the contact):")))
        size_row.addWidget(self.team_size)
        size_row.addStretch(1)
        team_layout.addLayout(size_row)
        self.team_size_error = ErrorLabel("teamSizeError")
        team_layout.addWidget(self.team_size_error)
        self.team_members = TeamMembers(with_company=True)
        self.team_members.set_placeholders(
            self.tr("Surname"), self.tr("First name"), self.tr("Company")
        )
        self.members = self.team_members.rows
        self.members_area = MembersArea(self.team_members)
        team_layout.addWidget(self.members_area)
        form.addRow(self.team_box)

        self.consent = QCheckBox(
            self.tr("The person agrees to the processing of personal data (152-FZ)*")
        )
        self.consent.setObjectName("consent")
        self.consent_error = ErrorLabel("consentError")
        form.addRow(self.consent)
        form.addRow(self.consent_error)

        pay_row = QHBoxLayout()
        self.payment = QButtonGroup(self)
        for method, label in (
            (PaymentMethod.CARD, self.tr("Card")),
            (PaymentMethod.CASH, self.tr("Cash")),
            (PaymentMethod.INVOICE, self.tr("Invoice")),
            (None, self.tr("Not paid yet")),
        ):
            button = QRadioButton(label)
            button.setObjectName(f"pay_{method or 'none'}")
            button.setProperty("method", method.value if method else "")
            self.payment.addButton(button)
            pay_row.addWidget(button)
        self.payment.buttons()[0].setChecked(True)
        form.addRow(self.tr("Payment"), pay_row)

        self.total = QLabel()
        self.total.setObjectName("total")
        self.total.setStyleSheet("font-size: 18px; font-weight: 700;")
        form.addRow(self.tr("Total"), self.total)

        self.general_error = QLabel()
        self.general_error.setObjectName("generalError")
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.setMinimumHeight(self.tariff_error.height())  # the buttons stay put
        self.show_duplicate_button = QPushButton(self.tr("Show that person"))
        self.show_duplicate_button.setObjectName("showDuplicateButton")
        self.show_duplicate_button.hide()
        self.force_button = QPushButton(self.tr("Register anyway"))
        self.force_button.setObjectName("forceButton")
        self.force_button.hide()

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            self.tr("Register, check in, print"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("cancelButton")
        # Enter never discards the form: only a click (or Esc, which asks first) cancels.
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.force_button.setAutoDefault(False)
        self.show_duplicate_button.setAutoDefault(False)
        buttons.accepted.connect(lambda: self.save(allow_duplicate=False))
        buttons.rejected.connect(self.reject)
        self.show_duplicate_button.clicked.connect(self._show_duplicate)
        self.force_button.clicked.connect(lambda: self.save(allow_duplicate=True))

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        duplicate_row = QHBoxLayout()
        duplicate_row.addWidget(self.general_error, 1)
        duplicate_row.addWidget(self.show_duplicate_button)
        duplicate_row.addWidget(self.force_button)
        layout.addLayout(duplicate_row)
        layout.addWidget(buttons)

        self.tariff.currentIndexChanged.connect(self._tariff_changed)
        self.team_size.valueChanged.connect(self._team_size_changed)
        self.rows["company"].edit.textChanged.connect(self.team_members.set_default_company)
        for name, row in self.rows.items():
            row.edit.textChanged.connect(lambda _text, n=name: self.rows[n].set_error(""))
        self.consent.toggled.connect(lambda _on: self.consent_error.set_text(""))
        self._tariff_changed()
        self.rows["last_name"].edit.setFocus()

    # ---- form state ------------------------------------------------------------------------

    def chosen(self) -> tuple[str, str]:
        kind, _, code = str(self.tariff.currentData()).partition(":")
        return kind, code

    def chosen_tariff(self) -> Tariff | None:
        kind, code = self.chosen()
        return self.event_config.tariff(code) if kind == "tariff" else None

    def _tariff_changed(self) -> None:
        tariff = self.chosen_tariff()
        is_team = bool(tariff and tariff.min_participants)
        self.team_box.setVisible(is_team)
        if is_team and tariff is not None:
            self.team_size.setMinimum(1)
            if self.team_size.value() < (tariff.min_participants or 1):
                self.team_size.setValue(tariff.min_participants or 1)
        self._team_size_changed()

    def _team_size_changed(self) -> None:
        tariff = self.chosen_tariff()
        wanted = self.team_size.value() - 1 if tariff and tariff.min_participants else 0
        self.team_members.show_count(wanted)
        self.members_area.watch(self.team_members.tab_chain())

        for edit in self._member_edits():
            if not edit.property("errorReady"):  # a row just made
                edit.setProperty("errorReady", True)
                edit.setFixedHeight(edit.sizeHint().height())  # as FieldRow: rows never move
                edit.textChanged.connect(lambda _text, e=edit: _mark_error(e, ""))
        self._update_total()
        self._chain_tabs()
        self.fit_to_screen()

    def _chain_tabs(self) -> None:
        """Tab goes through the fields in order, the team's member rows included."""
        chain: list[QWidget] = [self.rows[name].edit for name in self.PERSON_FIELDS]
        chain += [self.tariff, self.team_size, *self.team_members.tab_chain(), self.consent]
        chain += list(self.payment.buttons())
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _update_total(self) -> None:
        tariff = self.chosen_tariff()
        if tariff is None:
            self.total.setText(money(0))
            return
        count = self.team_size.value() if tariff.per_participant else 1
        self.total.setText(money(tariff.price_on(self.today) * count))

    def request(self, *, allow_duplicate: bool) -> Registration:
        kind, code = self.chosen()
        tariff = self.chosen_tariff()
        person = PersonInput(**{name: self.rows[name].text() for name in self.PERSON_FIELDS})
        members: tuple[PersonInput, ...] = ()
        team_size = None
        if tariff and tariff.min_participants:
            team_size = self.team_size.value()
            members = self.team_members.people(team_size - 1)
        checked = self.payment.checkedButton()
        method = checked.property("method") if checked else ""
        return Registration(
            person=person,
            tariff=code if kind == "tariff" else None,
            category=code if kind == "category" else PARTICIPANT,
            team_size=team_size,
            members=members,
            pay=PaymentMethod(method) if method else None,
            consent=self.consent.isChecked(),
            source=Source.DESK,
            allow_duplicate=allow_duplicate,
        )

    # ---- size ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_to_screen()

    def _settle_layouts(self) -> None:
        """Rows shown or hidden a moment ago are measured now, not at the next event loop
        pass (where Qt would have the size one change behind)."""
        for widget in (self.team_members, self.members_area, self.team_box):
            widget.updateGeometry()
            inner = widget.layout()
            if inner is not None:
                inner.invalidate()
                inner.activate()
        self.layout().invalidate()
        self.layout().activate()

    def fit_to_screen(self) -> None:
        self.fit_within(screen_room(self))

    def fit_within(self, available: QRect) -> None:
        """As tall as the form needs and never taller than the screen: the member rows get
        the room the rest of the form leaves (and scroll beyond it), and the dialog shrinks
        back when the team gets smaller."""
        area = self.members_area
        frame = frame_height(self)
        tallest = available.height() - frame
        area.room = UNLIMITED
        self._settle_layouts()
        rest = self.sizeHint().height() - area.sizeHint().height()
        row = area.row_height()
        whole_rows = (tallest - rest) // row * row if row else 0  # no row cut in half
        area.room = max(whole_rows, area.minimumSizeHint().height())
        self._settle_layouts()
        height = min(self.sizeHint().height(), tallest)
        self.resize(max(self.width(), self.minimumSizeHint().width()), height)
        if self.isVisible():
            top = self.frameGeometry().top()
            if top + frame + height > available.bottom() + 1 or top < available.top():
                lowest = available.bottom() + 1 - frame - height
                self.move(self.x(), max(available.top(), min(top, lowest)))

    # ---- saving ----------------------------------------------------------------------------

    def _member_edits(self) -> list[QLineEdit]:
        return [edit for row in self.team_members.rows for edit in row] + list(
            self.team_members.companies
        )

    def clear_errors(self) -> None:
        for row in self.rows.values():
            row.set_error("")
        for edit in self._member_edits():
            _mark_error(edit, "")
        for label in (self.tariff_error, self.team_size_error, self.consent_error):
            label.set_text("")
        self.general_error.setText("")
        self.show_duplicate_button.hide()
        self.force_button.hide()

    def has_input(self) -> bool:
        """Anything typed that closing the form would lose."""
        typed = any(row.text().strip() for row in self.rows.values())
        members = any(edit.text().strip() for row in self.team_members.rows for edit in row)
        return typed or members or self.consent.isChecked()

    def save(self, *, allow_duplicate: bool) -> None:
        self.clear_errors()
        request = self.request(allow_duplicate=allow_duplicate)
        errors = registration_service.field_errors(self.controller.desk, request)
        if errors:
            self.show_errors(errors)
            return
        self.save_button.setEnabled(False)
        self.controller.register_walk_in(request, self._saved, self._refused)

    def _saved(self, result: WalkInResult) -> None:
        self.result = result.registration
        self.done(QDialog.DialogCode.Accepted)

    def reject(self) -> None:
        """Esc or «Отмена»: with anything typed, ask before throwing it away."""
        if self.result is None and self.has_input() and not confirm_discard(self):
            return
        super().reject()

    def _refused(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, DuplicateError):
            self.duplicate = exc.existing
            self.general_error.setText(str(exc))
            self.show_duplicate_button.show()
            self.force_button.show()
            if exc.field in self.rows:
                self.rows[exc.field].set_error(self.tr("already registered"))
                self.rows[exc.field].edit.setFocus()
            return
        if isinstance(exc, ValidationErrors):
            self.show_errors(exc.errors)
            return
        if isinstance(exc, ValidationError):
            self.show_errors({exc.field or "": str(exc)})
            return
        if isinstance(exc, ServiceError):
            self.general_error.setText(str(exc))
            return
        self.general_error.setText(self.controller.failure_text(exc, "walk-in registration"))

    def show_errors(self, errors: dict[str, str]) -> None:
        """Every message at its field, and the cursor in the first wrong field (never on
        «Отмена»)."""
        first: QWidget | None = None
        each_member = any(f.startswith("member") and f != "members" for f in errors)
        for field, text in errors.items():
            if field == "members" and each_member:
                continue  # the members' own errors say it, numbered as on screen
            target = self.show_error(field, text)
            if first is None and target is not None:
                first = target
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_error(self, field: str | None, text: str) -> QWidget | None:
        """Show one message; returns the widget to put the cursor in."""
        if field in self.rows:
            self.rows[field].set_error(text)
            return self.rows[field].edit
        if field == "team_size":
            self.team_size_error.set_text(text)
            return self.team_size
        if field == "members":  # more members than seats
            self.team_size_error.set_text(text)
            return self.team_size
        if field is not None and field.startswith("member"):
            edit = self.team_members.widget_for(field)
            number = self.team_members.number_for(field)
            if edit is None or number is None:
                self.team_size_error.set_text(text)
                return self.team_size
            said = self.tr("Member %1: %2").replace("%1", str(number)).replace("%2", text)
            _mark_error(edit, said)
            if not self.team_size_error.full_text():  # the first member's, in a line
                self.team_size_error.set_text(said)
            return edit
        if field == "consent":
            self.consent_error.set_text(text)
            return self.consent
        if field in ("tariff", "category"):
            self.tariff_error.set_text(text)
            return self.tariff
        self.general_error.setText(text)
        return None

    def _show_duplicate(self) -> None:
        if self.duplicate is not None:
            view = self.controller.view
            if view is not None:
                view.show_attendee(self.duplicate)
                view.show_message(self.general_error.text(), "warning")
        self.reject()


class ForgetDialog(QDialog):
    """Confirm erasing a person's personal data on their request, with the reason."""

    def __init__(self, attendee: AttendeeView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("forgetDialog")
        self.setWindowTitle(self.tr("Erase personal data"))
        self.setMinimumWidth(520)
        text = QLabel(
            self.tr(
                "Erase the personal data of %1 (%2) on their request? The name, contacts, "
                "company and position are erased, also from the change log; payments and "
                "check-ins stay in the totals, and the badge stops working. This cannot be "
                "undone."
            )
            .replace("%1", attendee.full_name)
            .replace("%2", attendee.code)
        )
        text.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("forgetReason")
        self.reason_edit.setMaxLength(500)
        self.reason_edit.setPlaceholderText(self.tr("e.g. e-mail request of 01.12 (no names)"))
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.reason_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.erase_button = buttons.addButton(
            self.tr("Erase data"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.erase_button.setObjectName("forgetConfirmButton")
        self.erase_button.setAutoDefault(False)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)  # Enter does not erase anyone
        self.erase_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def reason(self) -> str:
        return self.reason_edit.text().strip()


class EditAttendeeDialog(QDialog):
    """Correct a name, company or contact (the change is audited). With the desk's controller
    it saves itself and stays open when the correction is refused (a phone or e-mail that is
    someone else's): every edit kept, the message at its field."""

    FIELDS = ("last_name", "first_name", "middle_name", "company", "position", "phone", "email")

    def __init__(
        self,
        attendee: AttendeeView,
        parent: QWidget | None = None,
        controller: DeskController | None = None,
    ) -> None:
        super().__init__(parent)
        self.attendee = attendee
        self.controller = controller
        self.setObjectName("editAttendeeDialog")
        self.setWindowTitle(self.tr("Correct the record"))
        self.setMinimumWidth(480)
        labels = {
            "last_name": self.tr("Surname"),
            "first_name": self.tr("First name"),
            "middle_name": self.tr("Patronymic"),
            "company": self.tr("Company"),
            "position": self.tr("Position"),
            "phone": self.tr("Phone"),
            "email": self.tr("E-mail"),
        }
        form = QFormLayout()
        self.rows: dict[str, FieldRow] = {}
        self.edits: dict[str, QLineEdit] = {}
        for name in self.FIELDS:
            row = FieldRow(name)
            row.edit.setText(self._shown(name))
            row.edit.textChanged.connect(lambda _text, r=row: r.set_error(""))
            self.rows[name] = row
            self.edits[name] = row.edit
            form.addRow(labels[name], row)
        self.general_error = QLabel()
        self.general_error.setObjectName("generalError")
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        assert save is not None
        self.save_button = save
        self.save_button.setObjectName("saveButton")
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAutoDefault(False)
        cancel.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)

    def _shown(self, name: str) -> str:
        """A field as the form shows it at first: the phone written as the desk writes it
        everywhere (+7 914 700-80-90), not as stored."""
        value = getattr(self.attendee, name) or ""
        return format_phone(value) if name == "phone" and value else value

    def reject(self) -> None:
        """Esc or «Отмена» with a change typed: ask before losing it."""
        if self.changes() and not confirm_discard(self):
            return
        super().reject()

    def changes(self) -> dict[str, str | None]:
        return {
            name: edit.text()
            for name, edit in self.edits.items()
            if edit.text() != self._shown(name) and not self._same_phone(name, edit.text())
        }

    def _same_phone(self, name: str, text: str) -> bool:
        """The phone typed is the person's own, written another way."""
        if name != "phone" or not self.attendee.phone:
            return False
        try:
            return normalize_phone(text) == self.attendee.phone
        except InvalidPhone:
            return False

    def save(self) -> None:
        """Save what changed; without the desk's controller (or with nothing changed) the form
        only closes, its `changes` read by whoever opened it."""
        changes = self.changes()
        if self.controller is None or not changes:
            self.accept()
            return
        for row in self.rows.values():
            row.set_error("")
        self.general_error.setText("")
        self.save_button.setEnabled(False)
        self.controller.edit(self.attendee, changes, on_saved=self._saved, on_refused=self._refused)

    def _saved(self) -> None:
        self.done(QDialog.DialogCode.Accepted)

    def _refused(self, exc: Exception) -> None:
        """The correction was not saved: the form stays as typed, the message at its field."""
        self.save_button.setEnabled(True)
        field = exc.field if isinstance(exc, ServiceError) else None
        if field == "phone":
            typed = self.rows["phone"].edit
            with contextlib.suppress(InvalidPhone):  # as the desk writes it, however typed
                typed.setText(format_phone(normalize_phone(typed.text())))
        if field in self.rows:
            self.rows[field].set_error(str(exc))
            self.rows[field].edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.general_error.setText(str(exc))
            return
        if isinstance(exc, ServiceError):
            self.general_error.setText(str(exc))
            return
        assert self.controller is not None
        self.general_error.setText(self.controller.failure_text(exc, "correction"))


class SettingsDialog(QDialog):
    """Desk name, printer, badge layout, auto-print, sounds, language."""

    def __init__(
        self,
        settings: DeskSettings,
        parent: QWidget | None = None,
        *,
        station: Station | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Desk settings"))
        self.setMinimumWidth(520)
        self._initial = settings
        self.desk_name = QLineEdit(settings.desk_name)
        self.desk_name.setObjectName("deskName")
        self.desk_name.setPlaceholderText(settings.name)  # not named yet: what it is called
        self.operator = QLineEdit(settings.operator)
        self.operator.setObjectName("operator")
        # Left empty, the laptop session's user is recorded: what it would be is shown.
        self.operator.setPlaceholderText(default_operator())
        self.printer = QComboBox()
        self.printer.setObjectName("printer")
        self.printer.setEditable(True)
        for name in system_printers():
            self.printer.addItem(name)
        self.printer.setCurrentText(settings.printer)
        printer_hint = QLabel(
            self.tr("A system printer, or pdf:FOLDER to save each badge as a PDF file.")
        )
        printer_hint.setStyleSheet("color: #6B7280;")
        self.layout_name = QComboBox()
        self.layout_name.setObjectName("layout")
        for name, title in _layouts():
            self.layout_name.addItem(title, name)
        index = self.layout_name.findData(settings.layout)
        if index >= 0:
            self.layout_name.setCurrentIndex(index)
        self.auto_print = QCheckBox(self.tr("Print the badge at the first check-in"))
        self.auto_print.setObjectName("autoPrint")
        self.auto_print.setChecked(settings.auto_print)
        self.sounds = QCheckBox(self.tr("Sounds"))
        self.sounds.setObjectName("sounds")
        self.sounds.setChecked(settings.sounds)
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.addItem("Русский", "ru")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if settings.language != "en" else 1)
        self.kiosk_mode = QCheckBox(self.tr("Start as a self-service kiosk for visitors"))
        self.kiosk_mode.setObjectName("kioskMode")
        self.kiosk_mode.setChecked(settings.kiosk_mode)
        language_hint = QLabel(self.tr("The language changes at the next start."))
        language_hint.setStyleSheet("color: #6B7280;")
        form = QFormLayout()
        form.addRow(self.tr("Desk name"), self.desk_name)
        form.addRow(self.tr("Operator"), self.operator)
        form.addRow(self.tr("Printer"), self.printer)
        form.addRow("", printer_hint)
        form.addRow(self.tr("Badge layout"), self.layout_name)
        form.addRow(self.auto_print)
        form.addRow(self.sounds)
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", language_hint)
        form.addRow(self.kiosk_mode)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.hub: HubSection | None = None
        if station is not None:
            self.hub = HubSection(station, lambda: self.desk_name.text().strip(), self)
            layout.addWidget(self.hub)
            self._registered_name = station.link.desk_name
            station.link_changed.connect(self._link_changed)
        layout.addWidget(buttons)
        self.desk_name.setFocus(Qt.FocusReason.OtherFocusReason)

    def accept(self) -> None:
        """A desk name holding a join code (pasted into it) is never saved."""
        if holds_join_code(self.desk_name.text()):
            QMessageBox.warning(self, self.windowTitle(), join_code_in_name_text())
            self.desk_name.setText(without_join_code(self.desk_name.text()))
            self.desk_name.setFocus(Qt.FocusReason.OtherFocusReason)
            self.desk_name.selectAll()
            return
        super().accept()

    def join_scanned(self, text: str) -> None:
        """A hub's join code scanned while the settings are open, wherever their focus was."""
        if self.hub is not None:
            self.hub.join_scanned(text)

    def _link_changed(self, link: Link) -> None:
        """Joining a hub may give the desk another name (its own was another desk's): the
        field shows the name the hub knows it by, so saving does not ask for the old one."""
        if link.desk_name and link.desk_name != self._registered_name:
            self._registered_name = link.desk_name
            self.desk_name.setText(link.desk_name)
            self._initial = replace(self._initial, desk_name=link.desk_name)

    def settings(self) -> DeskSettings:
        return replace(
            self._initial,
            desk_name=self.desk_name.text().strip()[:60] or self._initial.desk_name,
            printer=self.printer.currentText().strip(),
            layout=str(self.layout_name.currentData() or self._initial.layout),
            auto_print=self.auto_print.isChecked(),
            sounds=self.sounds.isChecked(),
            language=str(self.language.currentData()),
            operator=self.operator.text().strip()[:60],
            kiosk_mode=self.kiosk_mode.isChecked(),
        )

    def save(self, settings: DeskSettings | None = None) -> None:
        save_settings(settings or self.settings())


def _layouts() -> list[tuple[str, str]]:
    from kiosk.badges.layouts import list_layouts

    return [(layout.name, layout.title) for layout in list_layouts()]
