"""Building blocks of the kiosk's screens: big fields, tariff cards, a QR picture."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPixmap,
    QRegularExpressionValidator,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.badges.qr import qr_matrix

PHONE_CHARACTERS = QRegularExpression(r"[0-9+()\-. ]*")
"""What a phone number is typed with: digits, a plus, brackets, dashes, dots and spaces."""
QR_BOX_MM = 40.0
"""Error correction is chosen as for a 40 mm box on a badge: robust for a camera too."""


def repolish(widget: QWidget) -> None:
    """Apply the style sheet again after a property it selects on has changed — to the widget
    and to everything in it: a rule such as ``#deskScreen[tone="amber"] QLabel`` is matched
    only when the label itself is polished, so polishing the screen alone would leave its
    labels in the colour of the screen's previous tone."""
    for part in (widget, *widget.findChildren(QWidget)):
        part.style().unpolish(part)
        part.style().polish(part)


class ErrorLine(QLabel):
    """A visitor-facing error message, shown where it moves nothing: in a field's caption
    line, beside the buttons, or in the free space under a keyboard."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("role", "error")
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)


class BigField(QWidget):
    """A caption, a large line edit, and the field's own error.

    The error sits in the caption's line, to its right (elided; the whole text is its
    tooltip), so an error appearing never moves the keys and buttons below. A screen with
    room for a longer message (`error_in_caption=False`) places `field.error` itself.
    """

    def __init__(
        self,
        name: str,
        keyboard_mode: str = "letters",
        parent: QWidget | None = None,
        *,
        error_in_caption: bool = True,
    ):
        super().__init__(parent)
        self.name = name
        self.keyboard_mode = keyboard_mode
        self.caption = QLabel()
        self.caption.setObjectName(f"{name}Caption")
        self.caption.setProperty("role", "caption")
        self.edit = QLineEdit()
        self.edit.setObjectName(name)
        self.edit.setAccessibleName(name)
        self.edit.setMinimumHeight(60)
        self.edit.setMaxLength(200)
        self.edit.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.edit.setProperty("keyboardMode", keyboard_mode)
        self.edit.setProperty("big", True)
        if keyboard_mode == "digits":
            # A phone number: a physical keyboard's letters go nowhere, as on the keypad (a
            # scan's keys are taken back out by the scan detector all the same).
            self.edit.setValidator(QRegularExpressionValidator(PHONE_CHARACTERS, self.edit))
        self.error = ErrorLine(f"{name}Error")
        self._in_caption = error_in_caption
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        if error_in_caption:
            self.error.setWordWrap(False)
            self.error.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            line = QHBoxLayout()
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(self.caption)
            line.addWidget(self.error, 1)
            layout.addLayout(line)
        else:
            layout.addWidget(self.caption)
        layout.addWidget(self.edit)
        self._full_error = ""

    def text(self) -> str:
        return self.edit.text()

    def error_text(self) -> str:
        return self._full_error

    def set_error(self, text: str) -> None:
        self._full_error = text
        self.error.setToolTip(text)
        if self._in_caption:
            metrics = self.error.fontMetrics()
            width = max(self.error.width(), 200)
            self.error.setText(metrics.elidedText(text, Qt.TextElideMode.ElideRight, width))
        else:
            self.error.setText(text)
        self.edit.setProperty("invalid", bool(text))
        self.edit.style().unpolish(self.edit)
        self.edit.style().polish(self.edit)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._in_caption and self._full_error:
            self.set_error(self._full_error)

    def clear(self) -> None:
        self.edit.clear()
        self.set_error("")


class TariffCard(QFrame):
    """One tariff to choose with a finger: title, price (and the crossed-out list price), days."""

    clicked = Signal(str)

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        self.setObjectName(f"tariff_{code}")
        self.setAccessibleName(f"tariff_{code}")
        self.setProperty("role", "card")
        self.setProperty("checked", False)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.title = QLabel()
        self.title.setProperty("role", "cardTitle")
        self.title.setWordWrap(True)
        self.price = QLabel()
        self.price.setProperty("role", "cardPrice")
        self.price.setTextFormat(Qt.TextFormat.RichText)
        self.days = QLabel()
        self.days.setProperty("role", "cardDays")
        self.days.setWordWrap(True)
        for part in (self.title, self.price, self.days):
            part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.price)
        layout.addWidget(self.days)

    def set_checked(self, checked: bool) -> None:
        self.setProperty("checked", checked)
        self.style().unpolish(self)
        self.style().polish(self)

    def is_checked(self) -> bool:
        return bool(self.property("checked"))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.rect().contains(event.position().toPoint()):
            self.clicked.emit(self.code)
        super().mouseReleaseEvent(event)


def qr_pixmap(code: str, size: int) -> QPixmap:
    """The badge code as a QR picture of about `size` pixels, with its quiet zone."""
    matrix = qr_matrix(code, QR_BOX_MM)
    modules = len(matrix) + 8
    scale = max(1, size // modules)
    image = QImage(QSize(modules * scale, modules * scale), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                painter.fillRect((c + 4) * scale, (r + 4) * scale, scale, scale, QColor("black"))
    painter.end()
    return QPixmap.fromImage(image)


def scan_pictogram(size: int) -> QPixmap:
    """A drawn hint for "hold your QR code up": a code's three corner squares and a scan line.

    Drawn, not a real QR code, so a scanner pointed at the screen reads nothing.
    """
    image = QImage(QSize(size, size), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("white"))
    painter.drawRoundedRect(0, 0, size, size, size / 12, size / 12)
    unit = size / 12
    ink = QColor("#1B1B1B")
    for x, y in ((1.5, 1.5), (7.5, 1.5), (1.5, 7.5)):
        painter.setBrush(ink)
        painter.drawRect(int(x * unit), int(y * unit), int(3 * unit), int(3 * unit))
        painter.setBrush(QColor("white"))
        painter.drawRect(int((x + 0.5) * unit), int((y + 0.5) * unit), int(2 * unit), int(2 * unit))
        painter.setBrush(ink)
        painter.drawRect(int((x + 1) * unit), int((y + 1) * unit), int(unit), int(unit))
    painter.setBrush(QColor("#1A73E8"))
    painter.drawRect(int(0.5 * unit), int(5.75 * unit), int(11 * unit), max(2, int(unit / 3)))
    painter.end()
    return QPixmap.fromImage(image)
