"""«Вы ещё здесь?»: before the kiosk forgets a visitor who went quiet, it asks, with a
countdown, so someone reading the consent or fetching a card is not thrown back to the start."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

COUNTDOWN_S = 10


def countdown_for(idle_s: int) -> int:
    """Seconds of «Вы ещё здесь?» within an idle time (a short idle time gets a short ask)."""
    return max(1, min(COUNTDOWN_S, idle_s // 3))


class StillHere(QFrame):
    """A veil over the kiosk's screen with a question, a countdown and «Да, я здесь»."""

    stayed = Signal()
    timed_out = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("stillHere")
        self.setStyleSheet(
            "#stillHere { background: rgba(27, 27, 27, 200); }#stillHere QLabel { color: white; }"
        )
        self.question = QLabel()
        self.question.setObjectName("stillHereQuestion")
        self.question.setProperty("role", "title")
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown = QLabel()
        self.countdown.setObjectName("stillHereCountdown")
        self.countdown.setProperty("role", "lead")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.yes = QPushButton()
        self.yes.setObjectName("stillHereButton")
        self.yes.setProperty("role", "primary")
        self.yes.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.question)
        layout.addWidget(self.countdown)
        layout.addSpacing(24)
        layout.addWidget(self.yes, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.left = 0
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._count)
        self.yes.clicked.connect(self._stay)
        parent.installEventFilter(self)
        self.hide()

    def ask(self, seconds: int) -> None:
        self.left = seconds
        self.setGeometry(self.parentWidget().rect())
        self.retranslate()
        self.show()
        self.raise_()
        self._tick.start()

    def asking(self) -> bool:
        return self.isVisible()

    def dismiss(self) -> None:
        self._tick.stop()
        self.hide()

    def _stay(self) -> None:
        self.dismiss()
        self.stayed.emit()

    def _count(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self.dismiss()
            self.timed_out.emit()
            return
        self.retranslate()

    def retranslate(self) -> None:
        self.question.setText(self.tr("Are you still here?"))
        self.countdown.setText(
            self.tr("Everything typed will be cleared in %1 s.").replace("%1", str(self.left))
        )
        self.yes.setText(self.tr("Yes, I am here"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.parentWidget().rect())
        return False
