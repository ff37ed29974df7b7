"""The desk window's parts: results table model, the outcome panel and the attendee card."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk import present
from kiosk.config import PARTICIPANT, Event, Upgrade
from kiosk.i18n import language
from kiosk.models import ContactKind, PaymentMethod
from kiosk.phones import format_phone
from kiosk.present import money
from kiosk.rules import BadgeAction, Outcome
from kiosk.services.checkin import CheckInResult
from kiosk.services.printing import BadgeChange, changes_text
from kiosk.services.views import AttendeeView

if TYPE_CHECKING:  # loaded when the card first shows either (ui.desk.controller)
    from kiosk.services.contacts import SharedContact
    from kiosk.services.edit_conflicts import EditConflict

PALETTE = {
    "idle": ("#ECEFF3", "#2B2F36"),
    "green": ("#1E8E3E", "#FFFFFF"),
    "amber": ("#F2A900", "#1B1B1B"),
    "red": ("#C5221F", "#FFFFFF"),
}

_Index = QModelIndex | QPersistentModelIndex


def tariff_title(event: Event, attendee: AttendeeView, *, short: bool = False) -> str:
    return present.tariff_title(event, attendee.category, attendee.tariff, short=short)


def local_hm(event: Event, moment: datetime | None) -> str:
    return present.local_time(event, moment)


_DISPLAY = Qt.ItemDataRole.DisplayRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_FONT = Qt.ItemDataRole.FontRole
_USER = Qt.ItemDataRole.UserRole
# The roles as the numbers `QModelRoleData.role()` gives.
_DISPLAY_NUMBER, _FOREGROUND_NUMBER, _FONT_NUMBER, _USER_NUMBER = (
    role.value for role in (_DISPLAY, _FOREGROUND, _FONT, _USER)
)
_TONE_COLORS = {"green": "#1E8E3E", "amber": "#B06F00", "red": "#C5221F"}


class ResultsModel(QAbstractTableModel):
    """Search results: name, company, tariff and the state on the served day.

    The texts and colours of every row are worked out once, when the rows arrive: the view
    asks for each cell many times over (sizing the columns to their contents, then painting),
    on every keystroke. It asks for all the roles of a cell at once (`multiData`), answered
    in one call here rather than one call into Python for each of its seven roles.
    """

    def __init__(self, event: Event, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.event_config = event
        self.day: date | None = None
        self.rows: tuple[AttendeeView, ...] = ()
        self._texts: list[tuple[str, str, str, str]] = []
        self._colors: list[QColor] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._tone_colors = {tone: QColor(color) for tone, color in _TONE_COLORS.items()}
        self._grey = QColor("#555")
        self._headers = self.headers()

    def headers(self) -> list[str]:
        served = self.tr("On %1").replace("%1", present.day_label(self.day)) if self.day else ""
        return [self.tr("Name"), self.tr("Company"), self.tr("Tariff"), served]

    def set_day(self, day: date) -> None:
        """The day served, named in the state column's header («На 28.11») before any rows
        come: a desk that starts without the hub may show none for a while."""
        if day != self.day:
            self.day = day
            self._headers = self.headers()
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 3, 3)

    def set_rows(self, rows: tuple[AttendeeView, ...], day: date) -> None:
        self.set_day(day)
        self.beginResetModel()
        self.rows = rows
        self.day = day
        self._texts = []
        self._colors = []
        titles: dict[tuple[str, str | None], str] = {}  # a list holds a few tariffs
        for attendee in rows:
            state, tone = self.state(attendee)
            ticket = (attendee.category, attendee.tariff)
            if ticket not in titles:
                titles[ticket] = tariff_title(self.event_config, attendee, short=True)
            self._texts.append((attendee.full_name, attendee.company, titles[ticket], state))
            self._colors.append(self._tone_colors.get(tone, self._grey))
        self.endResetModel()

    def column_texts(self, column: int) -> list[str]:
        """What the rows show in `column`."""
        return [texts[column] for texts in self._texts]

    def possible_texts(self, column: int) -> set[str]:
        """Every text the tariff (2) or the state (3) column can show at this event, whoever is
        in the rows (any time of day for «in at»)."""
        event = self.event_config
        if column == 2:
            titles = {present.tariff_title(event, PARTICIPANT, None, short=True)}
            titles |= {
                present.tariff_title(event, PARTICIPANT, t.code, short=True) for t in event.tariffs
            }
            titles |= {
                present.tariff_title(event, c.code, None, short=True)
                for c in event.categories
                if c.code != PARTICIPANT
            }
            return titles
        if column == 3:
            arrived = self.tr("in at %1")
            return {
                self.tr("cancelled"),
                self.tr("no access"),
                self.tr("unpaid"),
                "—",
                *(arrived.replace("%1", f"{d}{d}:{d}{d}") for d in "0123456789"),
            }
        return set()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def state(self, attendee: AttendeeView) -> tuple[str, str]:
        if self.day is None:
            return "", "idle"
        if attendee.status == "cancelled":
            return self.tr("cancelled"), "red"
        entry = attendee.checkin_on(self.day)
        if entry is not None:
            return self.tr("in at %1").replace("%1", local_hm(self.event_config, entry.at)), "green"
        if self.day not in self.event_config.entitled_days(attendee.category, attendee.tariff):
            return self.tr("no access"), "red"
        if attendee.amount_due:
            return self.tr("unpaid"), "amber"
        return "—", "idle"

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not 0 <= row < len(self._texts):
            return None
        if role == _DISPLAY:
            return self._texts[row][index.column()]
        if role == _FOREGROUND:
            return self._colors[row] if index.column() == 3 else None
        if role == _FONT:
            return self._bold if index.column() == 0 else None
        if role == _USER:
            return self.rows[row]
        return None

    def multiData(self, index: _Index, roleDataSpan: QModelRoleDataSpan) -> None:
        """Every role the view asks of a cell at once, as `data` answers them."""
        row, column = index.row(), index.column()
        if not 0 <= row < len(self._texts):
            return
        for wanted in roleDataSpan:
            role = wanted.role()
            if role == _DISPLAY_NUMBER:
                wanted.setData(self._texts[row][column])
            elif role == _FOREGROUND_NUMBER:
                if column == 3:
                    wanted.setData(self._colors[row])
            elif role == _FONT_NUMBER:
                if column == 0:
                    wanted.setData(self._bold)
            elif role == _USER_NUMBER:
                wanted.setData(self.rows[row])


class ResultsTable(QTableView):
    """The results list, laid out and painted once for each new list.

    Its tariff and state columns are sized to their contents, and what the view gives as
    their contents is the widest text they can show at the event (measured once, and wider
    for a text never met before): sized by the rows on screen, they changed width with nearly
    every list, and each change laid the table out and painted it a second time.
    """

    SIZED_BY_TEXTS = (2, 3)

    def __init__(self, model: ResultsModel) -> None:
        super().__init__()
        self.setModel(model)
        self.results = model
        self._text_widths: dict[str, int] = {}
        self._least: dict[int, int] = {}

    def set_rows(self, rows: tuple[AttendeeView, ...], day: date) -> None:
        """New rows, laid out now, so the list is painted once (the view would otherwise lay
        itself out after a first paint, then paint again)."""
        self.results.set_rows(rows, day)
        self.doItemsLayout()

    def _text_width(self, text: str) -> int:
        """A cell's width for `text`, as the item delegate sizes it."""
        width = self._text_widths.get(text)
        if width is None:
            option = QStyleOptionViewItem()
            self.initViewItemOption(option)
            option.text = text
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
            size = self.style().sizeFromContents(
                QStyle.ContentsType.CT_ItemViewItem, option, QSize(), self
            )
            width = self._text_widths[text] = size.width()
        return width

    def sizeHintForColumn(self, column: int) -> int:
        if column not in self.SIZED_BY_TEXTS:
            return super().sizeHintForColumn(column)
        least = self._least.get(column)
        if least is None:
            possible = self.results.possible_texts(column)
            least = self._least[column] = max(map(self._text_width, possible), default=0)
        shown = max(map(self._text_width, self.results.column_texts(column)), default=0)
        return max(least, shown) + (1 if self.showGrid() else 0)


class ResultPanel(QFrame):
    """The big coloured outcome of the last check-in, with the actions it calls for."""

    pay_requested = Signal(int, object)  # attendee id, PaymentMethod
    upgrade_requested = Signal(int, str, object)  # attendee id, tariff code, PaymentMethod

    def __init__(self, event: Event, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.event_config = event
        self.setObjectName("resultPanel")
        self.setAccessibleName("resultPanel")
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.tone = "idle"
        self.title = QLabel()
        self.title.setObjectName("resultTitle")
        self.title.setWordWrap(True)
        title_font = QFont()
        title_font.setPointSize(26)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.detail = QLabel()
        self.detail.setObjectName("resultDetail")
        self.detail.setWordWrap(True)
        detail_font = QFont()
        detail_font.setPointSize(15)
        self.detail.setFont(detail_font)
        self.badge_line = QLabel()
        self.badge_line.setObjectName("resultBadge")
        self.badge_line.setWordWrap(True)
        self.badge_line.setFont(detail_font)
        self.badge_line.hide()
        self.shown_attendee: int | None = None
        """Whose outcome is on the panel (a print job's stages are shown only for them)."""
        self.actions = QHBoxLayout()
        self.actions.setSpacing(8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        layout.addWidget(self.badge_line)
        layout.addLayout(self.actions)
        layout.addStretch(1)
        self.show_idle()

    def _paint(self, tone: str) -> None:
        if tone == self.tone and self.styleSheet():
            return  # a style sheet set again restyles every label in the panel for nothing
        self.tone = tone
        background, foreground = PALETTE[tone]
        self.setStyleSheet(
            f"#resultPanel {{ background: {background}; border-radius: 10px; }}"
            f"#resultPanel QLabel {{ color: {foreground}; background: transparent; }}"
        )

    def _clear_actions(self) -> None:
        while self.actions.count():
            item = self.actions.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None:
                widget.deleteLater()

    def _button(self, text: str, name: str, slot: Callable[[bool], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(name)
        button.setMinimumHeight(40)
        button.setStyleSheet(
            "QPushButton { background: white; color: #1B1B1B; border-radius: 6px;"
            " padding: 6px 14px; font-size: 14px; font-weight: 600; }"
            "QPushButton:focus { border: 2px solid #1B1B1B; }"
        )
        button.clicked.connect(slot)
        self.actions.addWidget(button)
        return button

    def show_idle(self) -> None:
        self._clear_actions()
        self.set_badge_line("")
        self.shown_attendee = None
        self._paint("idle")
        self.title.setText(self.tr("Ready"))
        self.detail.setText(
            self.tr("Scan a badge or type a surname, phone digits or a code, then press Enter.")
        )

    def show_result(
        self,
        result: CheckInResult,
        tone: str,
        *,
        auto_print: bool,
        changes: Sequence[BadgeChange] = (),
    ) -> None:
        """The outcome of a check-in for the day it was made for (named: «на 27.11»), with
        what to do about the badge as the core decided it (`changes`: what made it out of
        date)."""
        self._clear_actions()
        self._paint(tone)
        self.shown_attendee = result.attendee.id if result.attendee else None
        attendee = result.attendee
        name = attendee.spoken_name if attendee else ""
        day = present.day_label(result.day)
        event = self.event_config
        self.set_badge_line("")
        match result.status:
            case Outcome.CHECKED_IN:
                self.title.setText(self.tr("Checked in: %1").replace("%1", name))
                if result.entered_afterwards and result.checked_in_at is None:
                    lines = [
                        self.tr(
                            "Entered afterwards for %1; the arrival time is not known."
                        ).replace("%1", day)
                    ]
                elif result.entered_afterwards:
                    lines = [
                        self.tr("Entered afterwards for %1: arrived at %2.")
                        .replace("%1", day)
                        .replace("%2", local_hm(event, result.checked_in_at))
                    ]
                else:
                    lines = [self.tr("Welcome! Entry on %1.").replace("%1", day)]
                if result.paid_now and result.paid_with == "invoice":
                    lines.append(
                        self.tr("Invoice issued for %1").replace("%1", money(result.paid_now))
                    )
                elif result.paid_now:
                    lines.append(self.tr("Payment taken: %1").replace("%1", money(result.paid_now)))
                self.detail.setText("\n".join(lines))
                self.set_badge_line(
                    self.badge_text(result.badge, auto_print=auto_print, changes=changes)
                )
            case Outcome.ALREADY_CHECKED_IN:
                self.title.setText(self.tr("Already checked in: %1").replace("%1", name))
                at = result.first_checked_in_at
                if at is None:
                    text = self.tr("Entered afterwards for %1").replace("%1", day)
                else:
                    text = self.tr("Came in on %1 at %2").replace("%1", day)
                    text = text.replace("%2", local_hm(event, at))
                self.detail.setText(present.at_desk(text, result.first_desk or "") + ".")
                if result.badge in (BadgeAction.OUT_OF_DATE, BadgeAction.PRINT):
                    self.set_badge_line(
                        self.badge_text(result.badge, auto_print=False, changes=changes)
                    )
            case Outcome.UNPAID:
                self.title.setText(self.tr("Not paid: %1").replace("%1", name))
                self.detail.setText(
                    self.tr(
                        "Amount due: %1. Take the payment, then the person is checked in."
                    ).replace("%1", money(result.amount_due or 0))
                )
                if attendee:
                    self._payment_buttons(attendee.id, None)
            case Outcome.NOT_ENTITLED:
                self.title.setText(
                    self.tr("No access on %1: %2").replace("%1", day).replace("%2", name)
                )
                tariff = tariff_title(event, attendee) if attendee else ""
                ticket = (
                    self.tr("The ticket «%1» is for %2.")
                    .replace("%1", tariff)
                    .replace("%2", present.days_label(result.ticket_days))
                )
                if result.upgrades:
                    self.detail.setText(ticket + " " + self.tr("Sell an upgrade:"))
                    for offer in result.upgrades:
                        self._offer_button(attendee.id if attendee else 0, offer)
                else:
                    self.detail.setText(ticket)
            case Outcome.CANCELLED:
                self.title.setText(self.tr("Registration cancelled: %1").replace("%1", name))
                self.detail.setText(self.tr("Send the person to the organisers."))
            case Outcome.UNKNOWN_CODE:
                self.title.setText(self.tr("Unknown code"))
                self.detail.setText(
                    self.tr(
                        "No one has this code. Search by surname or phone, or register "
                        "the person (Ctrl+N)."
                    )
                )
            case Outcome.NOT_AN_EVENT_DAY:
                self.title.setText(self.tr("%1 is not an event day").replace("%1", day))
                self.detail.setText(self.tr("Choose the day being served at the top."))
            case Outcome.FORGOTTEN:
                self.title.setText(self.tr("This code no longer works"))
                self.detail.setText(
                    self.tr(
                        "This person's data was erased on their request. Send them to the "
                        "organiser."
                    )
                )

    def show_corrected(
        self,
        attendee: AttendeeView,
        *,
        out_of_date: bool,
        changes: Sequence[BadgeChange],
        auto_print: bool,
    ) -> None:
        """A correction saved; a badge it made out of date is offered anew (or, with
        auto-print, is printing — the print job's stages replace the line)."""
        self._clear_actions()
        self._paint("idle")
        self.shown_attendee = attendee.id
        name = f"{attendee.first_name} {attendee.last_name}"
        self.title.setText(self.tr("Corrected: %1").replace("%1", name))
        said = changes_text(changes) if out_of_date else ""
        self.detail.setText(f"{said[:1].upper()}{said[1:]}." if said else "")
        self.set_badge_line(
            self.badge_text(BadgeAction.OUT_OF_DATE, auto_print=auto_print, changes=changes)
            if out_of_date
            else ""
        )

    def badge_text(
        self, action: BadgeAction, *, auto_print: bool, changes: Sequence[BadgeChange] = ()
    ) -> str:
        """The badge line for a check-in (the print job's own stages replace it)."""
        match action:
            case BadgeAction.PRINT:
                return "" if auto_print else self.tr("No badge yet: Ctrl+P prints it.")
            case BadgeAction.PRINTED_BEFORE:
                return self.tr("The badge was printed in advance: hand it over.")
            case BadgeAction.OUT_OF_DATE:
                why = changes_text(changes)
                if auto_print:
                    return self.tr("The badge is out of date (%1).").replace("%1", why)
                return self.tr("The badge is out of date (%1): Ctrl+P prints the new one.").replace(
                    "%1", why
                )
            case BadgeAction.NEEDS_NAME:
                return self.tr(
                    "An unnamed team seat: write the name in («Correct…»), then print the badge."
                )
        return ""

    def summary(self) -> str:
        """The outcome in a line or two (for the notice in a dialog a scan came through)."""
        return "\n".join(x for x in (self.title.text(), self.badge_line.text()) if x)

    def set_badge_line(self, text: str) -> None:
        self.badge_line.setText(text)
        self.badge_line.setVisible(bool(text))

    def _offer_button(self, attendee_id: int, offer: Upgrade) -> None:
        title = offer.tariff.title_en if language() == "en" else offer.tariff.title

        def chosen(_checked: bool = False) -> None:
            self._choose_payment_for_upgrade(
                attendee_id, offer.tariff.code, title, offer.difference
            )

        # The short title on the button (the long ones squeezed the results list to a strip);
        # the whole title is in the sentence that asks how the person pays.
        label = title if language() == "en" else offer.tariff.short_title
        self._button(f"{label}  +{money(offer.difference)}", f"upgrade_{offer.tariff.code}", chosen)

    def _choose_payment_for_upgrade(
        self, attendee_id: int, tariff: str, title: str, difference: int
    ) -> None:
        self._clear_actions()
        self.detail.setText(
            self.tr("Upgrade to «%1»: %2 to pay. How does the person pay?")
            .replace("%1", title)
            .replace("%2", money(difference))
        )
        self._payment_buttons(attendee_id, tariff)

    def _payment_buttons(self, attendee_id: int, tariff: str | None) -> None:
        labels = {
            PaymentMethod.CASH: self.tr("Cash"),
            PaymentMethod.CARD: self.tr("Card"),
            PaymentMethod.INVOICE: self.tr("Invoice"),
        }
        for method, label in labels.items():
            if tariff is None:
                self._button(
                    label,
                    f"pay_{method}",
                    lambda _checked=False, m=method: self.pay_requested.emit(attendee_id, m),
                )
            else:
                self._button(
                    label,
                    f"pay_{method}",
                    lambda _checked=False, m=method: self.upgrade_requested.emit(
                        attendee_id, tariff, m
                    ),
                )

    def show_message(self, text: str, level: str) -> None:
        self._clear_actions()
        self.set_badge_line("")
        self.shown_attendee = None
        self._paint({"info": "idle", "warning": "amber", "error": "red"}.get(level, "idle"))
        self.title.setText(
            {
                "info": self.tr("Done"),
                "warning": self.tr("Attention"),
                "error": self.tr("Error"),
            }.get(level, "")
        )
        self.detail.setText(text)


NOTICE_MS = 6000


def show_scan_notice(dialog: QWidget, text: str) -> None:
    """Tell a dialog that a scan went past it: the form keeps everything typed, the person
    scanned was checked in behind it (or refused), and this says which."""
    notice = QLabel(dialog)
    notice.setObjectName("scanNotice")
    notice.setWordWrap(True)
    said = QCoreApplication.translate("ScanNotice", "Scan (this form is unchanged): %1").replace(
        "%1", text
    )
    notice.setText(said)
    notice.setStyleSheet(
        "#scanNotice { background: #1F2937; color: white; padding: 8px 12px;"
        " border-radius: 6px; font-size: 13px; }"
    )
    # Clicks go through it to whatever is under it, and it sits where it hides no button.
    notice.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    width = max(200, dialog.width() - 24)
    notice.setFixedWidth(width)
    notice.adjustSize()
    spot = _spot_without_buttons(dialog, notice.size())
    if spot is None:  # a small message box: one line, cut short, fits above its buttons
        notice.setWordWrap(False)
        room = width - 24  # the padding
        notice.setText(notice.fontMetrics().elidedText(said, Qt.TextElideMode.ElideRight, room))
        notice.adjustSize()
        notice.setFixedWidth(width)
        spot = _spot_without_buttons(dialog, notice.size())
    notice.move(spot or QPoint(12, max(0, dialog.height() - notice.height() - 12)))
    notice.raise_()
    notice.show()
    QTimer.singleShot(NOTICE_MS, notice.deleteLater)


class CardDetails(QWidget):
    """The card's captions and values, laid out whole (in `DetailsArea`)."""


class DetailsArea(QScrollArea):
    """The card's lines at the height they need for the card's width, scrolled when the card
    is shorter than that — never squeezed, so a second check-in day or the badge's «out of
    date» line is never cut off."""

    def __init__(self, details: CardDetails, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardDetails")
        self.details = details
        self.setWidget(details)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.viewport().setAutoFillBackground(False)  # the card's white shows through
        details.setAutoFillBackground(False)

    def sizeHint(self) -> QSize:
        hint = self.details.sizeHint()
        width = self.viewport().width() if self.isVisible() else hint.width()
        needed = self.details.heightForWidth(width)
        return QSize(hint.width(), needed if needed > 0 else hint.height())

    def minimumSizeHint(self) -> QSize:
        three_lines = 3 * self.fontMetrics().lineSpacing()
        width = self.details.minimumSizeHint().width()
        return QSize(width, min(three_lines, self.sizeHint().height()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # the lines wrap anew: another height


def _spot_without_buttons(dialog: QWidget, size: QSize) -> QPoint | None:
    """The lowest place in the dialog where a notice of `size` covers no visible button
    (the form's own, a message box's, a check box), if there is one."""
    buttons = [
        QRect(button.mapTo(dialog, QPoint(0, 0)), button.size())
        for button in dialog.findChildren(QAbstractButton)
        if button.isVisibleTo(dialog)
    ]
    bottom = max(0, dialog.height() - size.height() - 12)
    top = bottom
    while top >= 0:
        place = QRect(QPoint(12, top), size)
        covered = [button for button in buttons if button.intersects(place)]
        if not covered:
            return place.topLeft()
        top = min(button.top() for button in covered) - size.height() - 4
    return None


class AttendeeCard(QFrame):
    """Everything about one person, with check-in, print and correction."""

    shown = Signal(object)
    """The attendee now on the card (an AttendeeView), or None."""

    def __init__(self, event: Event, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.event_config = event
        self.attendee: AttendeeView | None = None
        self.setObjectName("attendeeCard")
        self.setAccessibleName("attendeeCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#attendeeCard { background: white; border: 1px solid #D5D9DF; border-radius: 10px; }"
        )
        self.name = QLabel()
        self.name.setObjectName("cardName")
        name_font = QFont()
        name_font.setPointSize(18)
        name_font.setBold(True)
        self.name.setFont(name_font)
        self.name.setWordWrap(True)
        self.fields: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        self.details = CardDetails()
        grid = QGridLayout(self.details)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)
        rows = [
            ("company", self.tr("Company")),
            ("position", self.tr("Position")),
            ("tariff", self.tr("Tariff")),
            ("payment", self.tr("Payment")),
            ("paid_twice", self.tr("Paid twice")),
            ("checkins", self.tr("Check-ins")),
            ("prints", self.tr("Badge")),
            ("contact", self.tr("Contact")),
            ("shared", self.tr("Same contact")),
            ("edits", self.tr("Changed at two desks")),
            ("code", self.tr("Code")),
        ]
        for row, (key, title) in enumerate(rows):
            caption = QLabel(title)
            caption.setStyleSheet("color: #6B7280;")
            value = QLabel()
            value.setObjectName(f"card_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
            self.fields[key] = value
            self.captions[key] = caption
        grid.setRowStretch(len(rows), 1)
        # Each line whole, always: where the window is short (a tall banner above, a 720-pixel
        # screen), the lines scroll rather than being squeezed into one another.
        self.details_area = DetailsArea(self.details)
        self.check_in_button = QPushButton(self.tr("Check in (Enter)"))
        self.print_button = QPushButton(self.tr("Print badge (Ctrl+P)"))
        self.edit_button = QPushButton(self.tr("Correct…"))
        self.forget_button = QPushButton(self.tr("Erase data…"))
        self.forget_button.setToolTip(
            self.tr("Erase this person's personal data on their request (152-FZ, GDPR)")
        )
        self.swap_button = QPushButton(self.tr("Surname ⇄ first name"))
        self.swap_button.setToolTip(
            self.tr("Swap the surname and the first name (when the order was read wrong)")
        )
        for button, name in (
            (self.check_in_button, "checkInButton"),
            (self.print_button, "printBadgeButton"),
            (self.edit_button, "editAttendeeButton"),
            (self.forget_button, "forgetAttendeeButton"),
            (self.swap_button, "swapNamesButton"),
        ):
            button.setObjectName(name)
            button.setAccessibleName(name)
            button.setMinimumHeight(36)
        # The everyday actions in the first row; the rare ones below, away from them.
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_in_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        rare = QHBoxLayout()
        rare.addWidget(self.swap_button)
        rare.addStretch(1)
        rare.addWidget(self.forget_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(self.name)
        layout.addWidget(self.details_area)
        layout.addStretch(1)
        layout.addLayout(buttons)
        layout.addLayout(rare)
        self._show_nobody()

    def show_attendee(self, attendee: AttendeeView | None) -> None:
        previous = self.attendee
        self.attendee = attendee
        if attendee == previous:
            # The same person with the same data, or no one again (as on every key typed while
            # nobody is picked): each line already says it, and setting the lines anew would
            # lay the card out again for nothing.
            self.shown.emit(attendee)
            return
        for button in (
            self.check_in_button,
            self.print_button,
            self.edit_button,
            self.forget_button,
        ):
            button.setEnabled(attendee is not None)
        self.swap_button.setEnabled(
            attendee is not None and bool(attendee.last_name and attendee.first_name)
        )
        if previous is None or attendee is None or previous.id != attendee.id:
            self.show_shared(attendee.id if attendee else 0, ())
            self.show_edit_conflicts(attendee.id if attendee else 0, ())
        self.shown.emit(attendee)
        if attendee is None:
            self._show_nobody()
            return
        event = self.event_config
        self.name.setText(attendee.full_name)
        self.fields["company"].setText(attendee.company or "—")
        self.fields["position"].setText(attendee.position or "—")
        days = ", ".join(
            d.strftime("%d.%m") for d in event.entitled_days(attendee.category, attendee.tariff)
        )
        self.fields["tariff"].setText(f"{tariff_title(event, attendee)}  ({days or '—'})")
        self.fields["payment"].setText(
            present.payment_state(
                status=attendee.status,
                price=attendee.price,
                amount_paid=attendee.amount_paid,
                amount_due=attendee.amount_due,
                method=attendee.payment_method,
                paid_by=attendee.paid_by,
            )
        )
        self._show_paid_twice(attendee)
        checkins = []
        for c in attendee.checkins:
            if c.at is None:
                line = self.tr("%1: entered afterwards")
            elif c.entered_afterwards:
                line = self.tr("%1 at %2 (entered afterwards)")
            else:
                line = self.tr("%1 at %2")
            line = line.replace("%1", present.day_label(c.day)).replace("%2", local_hm(event, c.at))
            checkins.append(present.at_desk(line, c.desk))
        self.fields["checkins"].setText("\n".join(checkins) or self.tr("not yet"))
        badge = attendee.badge_state(event)
        if attendee.prints:
            last = attendee.prints[-1]
            text = present.at_desk(
                self.tr("printed %1, last %2")
                .replace("%1", present.times(len(attendee.prints)))
                .replace("%2", present.local_day_time(event, last.at)),
                last.desk,
            )
            if not badge.up_to_date:
                text += "\n" + self.tr("out of date: name, company or tariff changed since")
            self.fields["prints"].setText(text)
        else:
            self.fields["prints"].setText(self.tr("not printed"))
        self.fields["contact"].setText(
            "  ".join(
                p
                for p in (format_phone(attendee.phone) if attendee.phone else "", attendee.email)
                if p
            )
            or "—"
        )
        self.fields["code"].setText(attendee.code)
        self.details_area.updateGeometry()

    def _show_nobody(self) -> None:
        """The card with no one on it: the buttons off, the lines empty, and the rows there
        only for some people (paid twice, the same contact) hidden with their captions."""
        for button in (
            self.check_in_button,
            self.print_button,
            self.edit_button,
            self.forget_button,
            self.swap_button,
        ):
            button.setEnabled(False)
        self.name.setText(self.tr("No one selected"))
        for value in self.fields.values():
            value.setText("")
        self._show_paid_twice(None)
        for key in ("shared", "edits"):
            self.fields[key].setVisible(False)
            self.captions[key].setVisible(False)
        self.details_area.updateGeometry()

    def _show_paid_twice(self, attendee: AttendeeView | None) -> None:
        """Where the person paid twice: the payment that counts and each payment to give back
        (or given back: when, where, by whom); the row is there only for such a person."""
        event = self.event_config
        lines = []
        if attendee is not None and attendee.paid_twice:
            for payment in attendee.counted_payments:
                lines.append(
                    self.tr("counts: %1").replace(
                        "%1",
                        present.payment_taken(
                            event, payment.amount, payment.method, payment.desk, payment.taken_at
                        ),
                    )
                )
            for double in attendee.double_payments:
                taken = present.payment_taken(
                    event, double.amount, double.method, double.desk, double.taken_at
                )
                if double.refunded_at is None:
                    lines.append(self.tr("to refund: %1").replace("%1", taken))
                else:
                    given = ", ".join(
                        p
                        for p in (
                            present.local_day_time(event, double.refunded_at),
                            double.refunded_desk,
                            double.refunded_by,
                        )
                        if p
                    )
                    lines.append(
                        self.tr("refunded: %1 (given back %2)")
                        .replace("%1", taken)
                        .replace("%2", given)
                    )
        field = self.fields["paid_twice"]
        field.setText("\n".join(lines))
        field.setStyleSheet("color: #B45309;" if lines else "")
        field.setVisible(bool(lines))
        self.captions["paid_twice"].setVisible(bool(lines))

    def show_edit_conflicts(self, attendee_id: int, edited: tuple[EditConflict, ...]) -> None:
        """The fields of this person two desks changed to different values, one of them
        without the hub: the value that stands (the later edit) and the one that does not,
        each with its desk and time; the row is there only for such a person."""
        if self.attendee is not None and self.attendee.id != attendee_id:
            return  # about someone shown before
        from kiosk.services.edit_conflicts import conflict_text, reviewed_text

        event = self.event_config
        lines = [
            " — ".join(p for p in (conflict_text(event, c), reviewed_text(event, c)) if p)
            for c in edited
        ]
        field = self.fields["edits"]
        field.setText("\n".join(lines))
        to_review = any(c.reviewed_at is None for c in edited)
        field.setStyleSheet("color: #B45309;" if to_review else "")  # looked at: plain
        field.setVisible(bool(lines))
        self.captions["edits"].setVisible(bool(lines))
        self.details_area.updateGeometry()

    def show_shared(self, attendee_id: int, shared: tuple[SharedContact, ...]) -> None:
        """The people kept apart from this one though they share a phone or an e-mail; the
        row is there only when there are such people."""
        if self.attendee is not None and self.attendee.id != attendee_id:
            return  # about someone shown before
        lines = [
            (
                self.tr("same phone: %1 (%2)")
                if contact.kind is ContactKind.PHONE
                else self.tr("same e-mail: %1 (%2)")
            )
            .replace("%1", contact.name)
            .replace("%2", contact.code)
            for contact in shared
        ]
        self.fields["shared"].setText("\n".join(lines))
        self.fields["shared"].setVisible(bool(lines))
        self.captions["shared"].setVisible(bool(lines))
        self.details_area.updateGeometry()
