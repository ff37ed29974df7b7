"""The self-service kiosk: a full-screen window for visitors, locked down until staff unlock it.

Visitors see only big buttons, their own first name and their own code. After a minute
without a touch (configurable) the kiosk forgets everything and starts over in the default
language. Keys that would leave or switch windows are swallowed; closing needs the staff PIN.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QGuiApplication,
    QHideEvent,
    QImage,
    QKeyEvent,
    QShowEvent,
    QWindow,
)
from PySide6.QtWidgets import (
    QApplication,
    QLayout,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import present
from kiosk.badges.layouts import list_layouts
from kiosk.db import Database
from kiosk.i18n import language
from kiosk.rules import Outcome
from ui.common.camera import CameraScanner
from ui.common.controller import serve
from ui.common.hub import CLOSE_WAIT_MS, Joining, Link, Station
from ui.common.scanner import ScanDetector
from ui.common.settings import save_settings, with_overrides
from ui.kiosk.controller import Badge, KioskController, SignedUp
from ui.kiosk.screens import (
    ConfirmationScreen,
    DeskScreen,
    IdentifyScreen,
    LettersScreen,
    Screen,
    StartScreen,
    WelcomeScreen,
)
from ui.kiosk.signup import SignUpScreen
from ui.kiosk.staff import PinScreen, StaffScreen
from ui.kiosk.still_here import StillHere, countdown_for
from ui.kiosk.style import KIOSK_STYLE

WATCHDOG_MS = 250
UNMAPPED_TICKS = 3
"""Checks in a row a shown window must stay unexposed to count as unmapped."""
RESULT_SECONDS = 12
"""The green or red outcome stays this long, then the next visitor gets the start screen."""
CONFIRMATION_SECONDS = 40
"""Long enough to photograph the QR code."""
ALLOWED_KEYS = frozenset(
    {
        Qt.Key.Key_Backspace,
        Qt.Key.Key_Delete,
        Qt.Key.Key_Return,
        Qt.Key.Key_Enter,
        Qt.Key.Key_Left,
        Qt.Key.Key_Right,
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
        Qt.Key.Key_Tab,
        Qt.Key.Key_Backtab,
        Qt.Key.Key_Shift,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_Space,
    }
)
COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
USER_ACTIVITY = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.KeyPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.Wheel,
    }
)


def is_allowed_key(event: QKeyEvent) -> bool:
    """Typing, the scanner's Enter and moving in a field; never Esc, F-keys or shortcuts."""
    text = event.text()
    if text and text.isprintable():
        return True  # letters, also with AltGr; Ctrl+letter gives a control character
    if event.modifiers() & COMMAND_MODIFIERS:
        return False
    return Qt.Key(event.key()) in ALLOWED_KEYS


class KioskWindow(QWidget):
    """Implements the controller's `KioskView`."""

    def __init__(
        self,
        controller: KioskController,
        *,
        set_language: Callable[[str], None],
        on_open_desk: Callable[[], None] | None = None,
        lockdown: bool = True,
        station: Station | None = None,
    ) -> None:
        super().__init__()
        self.station = station
        self.joining: Joining | None = None
        self.controller = controller
        self.set_language = set_language
        self.on_open_desk = on_open_desk
        self.lockdown = lockdown
        self.may_close = False
        self.setObjectName("kioskWindow")
        # Focusable for the scanner, but never by a click: a tap on a key keeps the field focused.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setStyleSheet(KIOSK_STYLE)
        event = controller.desk.event

        self.start = StartScreen(event)
        self.identify_screen = IdentifyScreen()
        self.letters = LettersScreen()
        self.welcome = WelcomeScreen()
        self.desk_screen = DeskScreen()
        self.sign_up = SignUpScreen(event, controller.tariffs, controller.desk.today)
        self.confirmation = ConfirmationScreen()
        self.pin = PinScreen()
        self.staff = StaffScreen([(layout.name, layout.title) for layout in list_layouts()])
        self.screens: list[Screen] = [
            self.start,
            self.identify_screen,
            self.letters,
            self.welcome,
            self.desk_screen,
            self.sign_up,
            self.confirmation,
            self.pin,
            self.staff,
        ]
        self.stack = QStackedWidget()
        for screen in self.screens:
            self.stack.addWidget(screen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # The screen decides the window's size, never its content (wrapped text would grow it).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(self.stack)

        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self._ask_still_here)
        self.result_timer = QTimer(self)
        self.result_timer.setSingleShot(True)
        self.result_timer.timeout.connect(self.start_over)

        self.scanner = ScanDetector(self)
        self.scanner.scanned.connect(self._scanned)
        self.scanner.scanned_other.connect(self._scanned_other)
        self.scanner.scanned_join.connect(self._scanned_join)
        self.scanner.install()
        self.still_here = StillHere(self)
        self.still_here.timed_out.connect(self.start_over)
        self.still_here.stayed.connect(self._restart_idle)
        self._unexposed_ticks = 0
        self.watchdog = QTimer(self)  # back in front if minimised, hidden or unmapped
        self.watchdog.setInterval(WATCHDOG_MS)
        self.watchdog.timeout.connect(self._stay_in_front)
        self.camera = CameraScanner(controller.runner, self)
        self.camera.scanned.connect(self._scanned)
        self.camera.preview.connect(self._preview)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

        self.staff.desk_button.setVisible(on_open_desk is not None)
        self._wire()
        if station is not None:
            self._wire_station(station)
        serve(controller, self)
        self.retranslate()
        self.start_over()

    def _wire(self) -> None:
        c = self.controller
        self.start.registered.connect(lambda: c.identify())
        self.start.sign_up.connect(c.sign_up_chosen)
        self.start.language_chosen.connect(self.choose_language)
        self.start.staff.connect(lambda: self.go(self.pin))
        self.identify_screen.phone_given.connect(c.phone_given)
        self.identify_screen.back.connect(self.start_over)
        self.letters.letters_given.connect(c.letters_given)
        self.letters.back.connect(lambda: c.identify(c.phone))
        self.welcome.done.connect(self.start_over)
        self.desk_screen.done.connect(self.start_over)
        self.sign_up.submitted.connect(c.sign_up)
        self.sign_up.contacts_given.connect(c.check_contacts)
        self.sign_up.cancelled.connect(self.start_over)
        self.sign_up.registered_already.connect(self._registered_already)
        self.confirmation.done.connect(self.start_over)
        self.pin.pin_given.connect(c.pin_given)
        self.pin.cancelled.connect(self.start_over)
        self.staff.settings_changed.connect(self._apply_settings)
        self.staff.resume.connect(self.start_over)
        self.staff.open_desk.connect(self._open_desk)
        self.staff.quit.connect(self._quit)

    def _wire_station(self, station: Station) -> None:
        c = self.controller
        station.link_changed.connect(self._link_changed)
        station.database_changed.connect(lambda db: c.use_database(db, station.desk(c.desk).name))
        c.connection_lost.connect(station.connection_lost)
        c.changed.connect(lambda _changes: station.note_action())
        self.staff.join_field.complete.connect(self._join)
        self._link_changed(station.link)

    def _link_changed(self, link: Link) -> None:
        """Where the data is: out of reach, the kiosk goes on with its replica of the hub
        (staff see it on their screen; visitors see no difference)."""
        self.controller.set_link(link, self.station.replica if self.station else None)
        self.staff.show_link(link, self.controller.desk.event)

    def _join(self, text: str) -> None:
        """Staff scanned a hub's code on the staff screen: the kiosk joins it."""
        if self.station is None or (self.joining is not None and self.joining.running):
            return
        from ui.common.hub_widgets import join_station
        from ui.kiosk.staff import NewPinDialog

        def ask_pin(db: Database) -> bool:
            dialog = NewPinDialog(db, self)
            return dialog.exec() == NewPinDialog.DialogCode.Accepted

        def done() -> None:
            self.staff.join_field.clear()
            self.staff.join_field.setEnabled(True)
            self.staff.show_join_message(self.tr("This kiosk now works on the hub."))

        def failed(text: str) -> None:
            self.staff.join_field.again()
            self.staff.show_join_message(text or self.tr("Cancelled"))

        self.staff.join_field.setEnabled(False)
        self.staff.show_join_message(self.tr("Joining the hub…"))
        self.joining = join_station(self, self.station, text, "", done, failed, ask_pin=ask_pin)

    # ---- screens -------------------------------------------------------------------------

    def go(self, screen: Screen) -> None:
        self.result_timer.stop()
        if screen is not self.identify_screen:
            self.camera.stop()
        self.stack.setCurrentWidget(screen)
        screen.entered()
        focused = QApplication.focusWidget()
        if focused is None or not focused.isVisible() or not self.isAncestorOf(focused):
            self.setFocus()  # so the USB scanner's keys reach the window
        self._restart_idle()

    def current(self) -> Screen:
        widget = self.stack.currentWidget()
        assert isinstance(widget, Screen)
        return widget

    def start_over(self) -> None:
        """Forget the visitor: every field, every result, back to the default language."""
        self.still_here.dismiss()
        self.result_timer.stop()
        self.camera.stop()
        self.controller.forget()
        for screen in self.screens:
            screen.clear()
        self._use_language(self.controller.settings.language)
        self.go(self.start)

    def choose_language(self, code: str) -> None:
        self._use_language(code)
        self._restart_idle()

    def _use_language(self, code: str) -> None:
        if code != language():
            self.set_language(code)
            self.retranslate()  # now, not when Qt's LanguageChange event arrives

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif (
            event.type() == QEvent.Type.WindowStateChange
            and self._locked_in()
            and not self.isFullScreen()
        ):
            QTimer.singleShot(0, self.showFullScreen)  # minimised or restored: back
        super().changeEvent(event)

    def _locked_in(self) -> bool:
        return self.lockdown and not self.may_close and self.isVisible()

    def retranslate(self) -> None:
        self.setWindowTitle(present.event_name(self.controller.desk.event))
        for screen in self.screens:
            screen.retranslate()

    def _restart_idle(self) -> None:
        self.still_here.dismiss()
        if self.result_timer.isActive():
            self.idle_timer.stop()  # an outcome has its own time (the QR confirmation is longer)
            return
        idle = max(1, self.controller.settings.kiosk_idle_s)
        self.idle_timer.start(max(1, idle - countdown_for(idle)) * 1000)

    def _ask_still_here(self) -> None:
        """«Вы ещё здесь?» with a countdown, before everything is cleared for the next one."""
        if self.current() is self.start:
            self.start_over()  # nothing typed to ask about: just the default language again
            return
        self.still_here.ask(countdown_for(max(1, self.controller.settings.kiosk_idle_s)))

    # ---- the view's intents --------------------------------------------------------------

    def show_identify(self) -> None:
        self.identify_screen.phone.edit.setText(self.controller.phone)
        self.go(self.identify_screen)
        if self.controller.settings.kiosk_camera:
            self.camera.start()

    def ask_letters(self, *, more: bool) -> None:
        self.letters.ask(more=more)
        if self.current() is not self.letters:
            self.go(self.letters)

    def show_identify_error(self, text: str) -> None:
        if self.current() is self.letters:
            self.letters.letters.set_error(text)
        elif self.current() is self.identify_screen:
            self.identify_screen.phone.set_error(text)
        else:
            self.desk_screen.show_text(text)
            self._show_result(self.desk_screen)

    def show_welcome(self, first_name: str, *, already: bool = False) -> None:
        self.welcome.show_person(first_name, already=already)
        self._show_result(self.welcome)

    def show_badge(self, state: Badge) -> None:
        self.welcome.show_badge(state)

    def show_refusal(
        self,
        outcome: Outcome,
        first_name: str,
        amount_due: int,
        ticket_days: tuple[date, ...] = (),
    ) -> None:
        self.desk_screen.show_outcome(outcome, first_name, amount_due, ticket_days)
        self._show_result(self.desk_screen)

    def show_not_a_badge(self) -> None:
        self.desk_screen.show_not_a_badge()
        self._show_result(self.desk_screen)

    def contacts_checked(self, taken: str | None) -> None:
        self.sign_up.contacts_checked(taken)

    def show_sign_up(self) -> None:
        self.go(self.sign_up)

    def show_sign_up_errors(self, errors: dict[str, str]) -> None:
        if self.current() is not self.sign_up:
            self.go(self.sign_up)
        self.sign_up.show_errors(errors)

    def show_already_registered(self, text: str) -> None:
        if self.current() is not self.sign_up:
            self.go(self.sign_up)
        self.sign_up.show_already_registered(text)

    def show_signed_up(self, signed_up: SignedUp) -> None:
        self.confirmation.show_signed_up(signed_up)
        self.sign_up.clear()
        self._show_result(self.confirmation, CONFIRMATION_SECONDS)

    def show_slip(self, state: Badge) -> None:
        self.confirmation.show_slip(state)

    def show_pin_error(self, text: str) -> None:
        self.pin.pin.set_error(text)

    def ask_new_pin(self) -> bool:
        from ui.kiosk.staff import NewPinDialog

        self.pin.clear()
        dialog = NewPinDialog(self.controller.desk.db, self, replacing=True)
        accepted = dialog.exec() == NewPinDialog.DialogCode.Accepted
        if not accepted:
            self.start_over()
        return accepted

    def show_staff(self) -> None:
        settings = self.controller.settings
        self.staff.load(
            {
                "kiosk_sign_ups": settings.kiosk_sign_ups,
                "kiosk_idle_s": settings.kiosk_idle_s,
                "printer": settings.printer,
                "layout": settings.layout,
                "kiosk_slip": settings.kiosk_slip,
                "kiosk_camera": settings.kiosk_camera,
                "kiosk_mode": settings.kiosk_mode,
            }
        )
        if self.station is not None:
            self.staff.show_link(self.station.link, self.controller.desk.event)
        self.go(self.staff)

    def set_busy(self, busy: bool) -> None:
        self.sign_up.set_busy(busy)
        for button in (self.letters.next_button, self.identify_screen.next_button):
            button.setEnabled(not busy)
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        else:
            QApplication.restoreOverrideCursor()

    def _show_result(self, screen: Screen, seconds: int | None = None) -> None:
        self.go(screen)
        self.result_timer.start((RESULT_SECONDS if seconds is None else seconds) * 1000)
        self.idle_timer.stop()

    # ---- inputs --------------------------------------------------------------------------

    def _scanned(self, code: str) -> None:
        if self.current() in (self.pin, self.staff):
            return  # a staff member is at the kiosk: no visitor check-ins now
        self.controller.scanned(code)

    def _scanned_other(self, text: str) -> None:
        if self.current() in (self.pin, self.staff):
            return
        self.controller.scanned_other(text)

    def _scanned_join(self, text: str) -> None:
        """A hub's join code: joined on the staff screen wherever its focus is; to a visitor
        it is just not a badge."""
        if self.current() is self.staff:
            field = self.staff.join_field
            if field.isEnabled():
                field.take(text)
            return
        self._scanned_other("HUB1")  # never the code itself: it holds the desks' password

    def _preview(self, image: QImage) -> None:
        if self.current() is self.identify_screen:
            self.identify_screen.show_preview(image)

    def _registered_already(self, phone: str) -> None:
        self.sign_up.clear()
        self.controller.identify(phone)

    def _apply_settings(self, values: dict[str, object]) -> None:
        settings = with_overrides(self.controller.settings, **values)
        self.controller.settings = settings
        save_settings(settings)

    def _open_desk(self) -> None:
        assert self.on_open_desk is not None  # the button is only shown when there is a desk
        self._use_language(self.controller.settings.language)
        self.on_open_desk()  # first, so the app does not quit with its last window
        self.leave()

    def _quit(self) -> None:
        """Staff quit the kiosk: with what it did without the hub not yet sent, they are
        asked first (it is kept and sent at the next start either way)."""
        if self.station is not None:
            # A check-in being written is counted too (it waits for the hub 1.5 s at most).
            self.controller.runner.wait_for_writes(5_000)
            waiting = self.station.queued_now()
            if waiting and not self.confirm_quit(waiting):
                return
        self.leave()

    def confirm_quit(self, waiting: int) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Not sent to the hub yet"),
            self.tr(
                "%n action(s) this kiosk took without the hub have not reached it yet. They "
                "are kept on this laptop and sent at the next start, but the desks do not see "
                "them until then. Quit anyway?",
                "",
                waiting,
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def leave(self) -> None:
        """Staff leave kiosk mode (only reachable after the PIN)."""
        self.may_close = True
        self.watchdog.stop()
        # A kiosk left acts no more: its clock, still running, later went back to the start
        # and to the kiosk's language — the whole app's, switched under the desk in use.
        self.idle_timer.stop()
        self.result_timer.stop()
        self.still_here.dismiss()
        self.camera.stop()
        self.close()

    # ---- lock-down -----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in USER_ACTIVITY and self.isVisible():
            self._restart_idle()
        if not self.lockdown or self.may_close:
            return False
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and isinstance(
            event, QKeyEvent
        ):
            return not is_allowed_key(event)
        return kind == QEvent.Type.ContextMenu

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.setFocus()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if self.lockdown and not self.may_close:
            QTimer.singleShot(0, self._stay_in_front)  # hidden by someone: back at once

    def show_kiosk(self) -> None:
        if self.lockdown:
            self.setWindowFlags(
                self.windowFlags()
                | Qt.WindowType.FramelessWindowHint
                | Qt.WindowType.WindowStaysOnTopHint
            )
            self._full_screen()
            self.watchdog.start()
            handle = self.windowHandle()
            if handle is not None:
                # Later, not inside the change: re-showing a window from within its own hide()
                # leaves Qt believing it hidden for good.
                handle.visibilityChanged.connect(
                    lambda _v: QTimer.singleShot(0, self._stay_in_front)
                )
        else:
            self.show()

    def _full_screen(self) -> None:
        """Full screen with a window manager, and without one (a bare X session, as kiosk
        set-ups use: then nobody honours the full-screen request, so the window takes the
        screen's geometry itself)."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.raise_()
        self.activateWindow()

    def _stay_in_front(self) -> None:
        if not self.lockdown or self.may_close:
            return
        handle = self.windowHandle()
        hidden = not self.isVisible() or self.isMinimized()
        if handle is not None:
            hidden = hidden or handle.visibility() in (
                QWindow.Visibility.Hidden,
                QWindow.Visibility.Minimized,
            )
        screen = self.screen() or QApplication.primaryScreen()
        off = screen is not None and self.geometry() != screen.geometry()
        unexposed = handle is not None and self.isVisible() and not handle.isExposed()
        self._unexposed_ticks = self._unexposed_ticks + 1 if unexposed else 0
        if self._unexposed_ticks >= UNMAPPED_TICKS:
            # Unmapped by another program: Qt still takes the window for shown, so showing it
            # again means hiding it first. (A window just shown is not exposed for a moment
            # either: only a window left unexposed for several checks is taken back.)
            self._unexposed_ticks = 0
            self.hide()
            hidden = True
        if hidden or off:
            self._full_screen()
        self._take_keyboard_back()

    def _take_keyboard_back(self) -> None:
        """Hiding the kiosk to show it again (above) leaves Qt with no active window; when a
        window manager gave the X focus straight back, Qt's focus window never changed, so
        nothing made the kiosk active again: keys reached its field, yet for Qt no widget had
        the focus — a scan did nothing and the on-screen keys typed nowhere. The kiosk is
        made the active window again whenever it has the focus but is not active."""
        handle = self.windowHandle()
        if (
            handle is None
            or not self.isVisible()
            or QGuiApplication.focusWindow() is not handle
            or QApplication.activeWindow() is not None
        ):
            return
        # Deprecated since Qt 6.5 for activateWindow(), which asks the window system and so
        # changes nothing here: the window system has already given the focus.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            QApplication.setActiveWindow(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.lockdown and not self.may_close:
            event.ignore()  # Alt+F4, the window manager, a stray close(): stay
            return
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.scanner.remove()
        self.camera.stop()
        self.controller.runner.wait(CLOSE_WAIT_MS)  # a hub that does not answer: briefly
        super().closeEvent(event)
