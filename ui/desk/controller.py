"""The desk's behaviour: what happens on a scan, a search, Enter, a payment, a print.

The controller calls the core's services through the background runner and tells the view
what to show through intents (`show_results`, `show_outcome`, `confirm_reprint`, …), so tests
can drive it with a fake view and the window stays a thin layer of widgets.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.codes import is_code_like
from kiosk.i18n import tr as message
from kiosk.models import PaymentMethod
from kiosk.printers import PrinterError
from kiosk.rules import Outcome
from kiosk.services import checkin as checkin_service
from kiosk.services import contacts as contacts_service
from kiosk.services import demo as demo_service
from kiosk.services import lookup
from kiosk.services import printing as printing_service
from kiosk.services import registration as registration_service
from kiosk.services import stats as stats_service
from kiosk.services.checkin import CheckInResult
from kiosk.services.contacts import SharedContact
from kiosk.services.context import Desk
from kiosk.services.errors import ServiceError
from kiosk.services.registration import Registration, RegistrationResult
from kiosk.services.stats import Stats
from kiosk.services.views import AttendeeView
from ui.common.runner import Runner
from ui.common.settings import DeskSettings

log = logging.getLogger(__name__)

SEARCH_DEBOUNCE_MS = 120
SEARCH_LIMIT = 50


class DeskView(Protocol):
    """What the controller asks of the window."""

    def show_results(self, query: str, results: tuple[AttendeeView, ...]) -> None: ...
    def show_outcome(self, result: CheckInResult) -> None: ...
    def show_attendee(self, attendee: AttendeeView | None) -> None: ...
    def show_shared_contacts(self, attendee_id: int, shared: tuple[SharedContact, ...]) -> None: ...
    def show_message(self, text: str, level: str = "info") -> None: ...
    def show_stats(self, stats: Stats, day: date) -> None: ...
    def show_print_status(self, text: str, ok: bool) -> None: ...
    def confirm_reprint(self, message: str) -> bool: ...
    def ask_undo_reason(self, attendee: AttendeeView, day: date) -> str | None: ...
    def play(self, tone: str) -> None: ...
    def focus_search(self) -> None: ...


TONES = {
    Outcome.CHECKED_IN: "green",
    Outcome.ALREADY_CHECKED_IN: "amber",
    Outcome.UNPAID: "amber",
    Outcome.NOT_ENTITLED: "red",
    Outcome.CANCELLED: "red",
    Outcome.UNKNOWN_CODE: "red",
    Outcome.NOT_AN_EVENT_DAY: "red",
}


class DeskController(QObject):
    """One desk: the day being served, the search, check-ins, payments and badges."""

    changed = Signal()
    """Something in the database changed: views refresh themselves."""

    def __init__(
        self,
        desk: Desk,
        runner: Runner,
        settings: DeskSettings,
        view: DeskView | None = None,
        sender: printing_service.Sender | None = None,
    ) -> None:
        super().__init__()
        self.desk = desk
        self.runner = runner
        self.settings = settings
        self.view: DeskView | None = view
        self.sender = sender
        self.day = self.default_day()
        self._query = ""
        self._results_query: str | None = None
        self._results: tuple[AttendeeView, ...] = ()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self._run_search)
        self.changed.connect(self.refresh)

    # ---- the day ---------------------------------------------------------------------------

    def default_day(self) -> date:
        """Today at the venue when it is an event day, else the next (or last) event day."""
        today = self.desk.today()
        days = [d.date for d in self.desk.event.days]
        if today in days:
            return today
        upcoming = [d for d in days if d > today]
        return upcoming[0] if upcoming else days[-1]

    def is_today(self) -> bool:
        return self.day == self.desk.today()

    def set_day(self, day: date) -> None:
        if day != self.day:
            self.day = day
            self.refresh()

    # ---- searching -------------------------------------------------------------------------

    def search_text_changed(self, text: str) -> None:
        self._query = text
        self._search_timer.start()

    def _run_search(self) -> None:
        query = self._query
        desk = self.desk
        if not query.strip():
            self._deliver_results(query, ())
            return
        self.runner.read(
            lambda: lookup.search(desk, query, limit=SEARCH_LIMIT),
            lambda results: self._deliver_results(query, results),
            self._failed,
        )

    def _deliver_results(self, query: str, results: tuple[AttendeeView, ...]) -> None:
        if query != self._query:
            return  # an older search finishing after a newer one was asked
        self._results_query = query
        self._results = results
        if self.view:
            self.view.show_results(query, results)

    # ---- checking in -----------------------------------------------------------------------

    def scanned(self, code: str) -> None:
        """A scanner read a code: check in at once, whatever is on screen."""
        self.check_in_code(code)

    def submit(self, text: str, selected: AttendeeView | None) -> None:
        """Enter in the search field: a code checks that code in, else the selected person."""
        if is_code_like(text):
            self.check_in_code(text)
            return
        if selected is not None and self._results_query == text:
            self.check_in_attendee(selected.id)
            return
        if not text.strip():
            return
        desk = self.desk

        def top_match() -> AttendeeView | None:
            # The same search as the list's, so Enter takes the person the list shows on top.
            found = lookup.search(desk, text, limit=SEARCH_LIMIT)
            return found[0] if found else None

        def go(found: AttendeeView | None) -> None:
            if found is None:
                self._say(
                    message("Никого не нашлось по «{q}»", 'Nobody found for "{q}"', q=text[:40]),
                    "warning",
                )
            else:
                self.check_in_attendee(found.id)

        self.runner.read(top_match, go, self._failed)

    def check_in_code(self, code: str) -> None:
        self._check_in(lambda desk: checkin_service.check_in(desk, code, day=self.day))

    def check_in_attendee(
        self,
        attendee_id: int,
        *,
        pay: PaymentMethod | None = None,
        upgrade_to: str | None = None,
    ) -> None:
        day = self.day
        self._check_in(
            lambda desk: checkin_service.check_in(
                desk, "", attendee_id=attendee_id, day=day, pay=pay, upgrade_to=upgrade_to
            )
        )

    def _check_in(self, work: Any) -> None:
        desk = self.desk
        self.runner.write(lambda: work(desk), self._checked_in, self._failed)

    def _checked_in(self, result: CheckInResult) -> None:
        if self.view:
            self.view.show_outcome(result)
            if self.settings.sounds:
                self.view.play(TONES[result.status])
            self.view.focus_search()
        self.changed.emit()
        if (
            result.status is Outcome.CHECKED_IN
            and result.attendee is not None
            and self.settings.auto_print
            and not result.attendee.prints
        ):
            self.print_badge(result.attendee, automatic=True)

    # ---- badges ----------------------------------------------------------------------------

    def print_badge(
        self, attendee: AttendeeView, *, reprint: bool = False, automatic: bool = False
    ) -> None:
        if not self.settings.printer:
            self._print_status(
                message(
                    "Принтер не выбран — откройте «Настройки»", "No printer chosen: open Settings"
                ),
                ok=False,
            )
            return
        desk = self.desk
        settings = self.settings
        sender = self.sender
        self._print_status(message("Бейдж печатается…", "Printing the badge…"), ok=True)

        def work() -> printing_service.PrintResult:
            kwargs: dict[str, Any] = {"sender": sender} if sender else {}
            return printing_service.print_badges(
                desk,
                [f"#{attendee.id}"],
                printer=settings.printer,
                layout=settings.layout,
                reprint=reprint,
                **kwargs,
            )

        def done(result: printing_service.PrintResult) -> None:
            self._print_status(
                message(
                    "Бейдж напечатан: {n}",
                    "Badge printed: {n}",
                    n=f"{attendee.first_name} {attendee.last_name}",
                ),
                ok=True,
            )
            if self.view:
                self.view.show_attendee(result.attendees[0])
            self.changed.emit()

        def failed(exc: Exception) -> None:
            if isinstance(exc, printing_service.AlreadyPrinted):
                if automatic:
                    self._print_status(str(exc).split(".")[0], ok=True)
                    return
                if self.view and self.view.confirm_reprint(str(exc)):
                    self.print_badge(attendee, reprint=True)
                else:
                    self._print_status(message("Печать отменена", "Printing cancelled"), ok=True)
                return
            if isinstance(exc, ServiceError | PrinterError):
                self._print_status(str(exc), ok=False)
            else:
                log.error("printing failed: %s", getattr(exc, "__traceback_text__", exc))
                self._print_status(message("Ошибка печати", "Printing failed"), ok=False)

        self.runner.slow(work, done, failed)

    def _print_status(self, text: str, *, ok: bool) -> None:
        if self.view:
            self.view.show_print_status(text, ok)

    # ---- corrections, undo, walk-ins -------------------------------------------------------

    def edit(self, attendee: AttendeeView, changes: dict[str, str | None]) -> None:
        desk = self.desk

        def done(view: AttendeeView) -> None:
            if self.view:
                self.view.show_attendee(view)
                self.view.show_message(message("Исправлено", "Saved"), "info")
            self.changed.emit()

        self.runner.write(
            lambda: registration_service.edit_attendee(desk, attendee.code, changes),
            done,
            self._failed,
        )

    def swap_names(self, attendee: AttendeeView) -> None:
        """Surname and first name the other way round, in one click (audited)."""
        desk = self.desk

        def done(view: AttendeeView) -> None:
            if self.view:
                self.view.show_attendee(view)
                self.view.show_message(
                    message(
                        "Фамилия и имя поменяны местами: {n}",
                        "Surname and first name swapped: {n}",
                        n=view.full_name,
                    ),
                    "info",
                )
            self.changed.emit()

        self.runner.write(
            lambda: registration_service.swap_names(desk, attendee.code), done, self._failed
        )

    def load_shared_contacts(self, attendee_id: int) -> None:
        """Who else has this person's phone or e-mail (people the import kept apart)."""
        desk = self.desk
        self.runner.read(
            lambda: contacts_service.shared_contacts(desk, attendee_id),
            lambda shared: (
                self.view.show_shared_contacts(attendee_id, shared) if self.view else None
            ),
            self._failed,
        )

    def undo_last(self) -> None:
        desk = self.desk

        def ask(found: tuple[AttendeeView, date] | None) -> None:
            if found is None:
                self._say(
                    message(
                        "На этой стойке ещё никого не отмечали",
                        "Nobody has been checked in at this desk yet",
                    ),
                    "warning",
                )
                return
            attendee, day = found
            reason = self.view.ask_undo_reason(attendee, day) if self.view else None
            if not reason:
                return

            def undone(view: AttendeeView) -> None:
                self._say(
                    message("Отметка отменена: {n}", "Check-in undone: {n}", n=view.full_name),
                    "info",
                )
                if self.view:
                    self.view.show_attendee(view)
                self.changed.emit()

            self.runner.write(
                lambda: checkin_service.undo_check_in(desk, attendee.code, day, reason),
                undone,
                self._failed,
            )

        self.runner.read(lambda: checkin_service.last_check_in_of_desk(desk), ask, self._failed)

    def register_walk_in(
        self,
        request: Registration,
        on_done: Any,
        on_error: Any,
    ) -> None:
        """Register; then check in for the served day if the tariff includes it, and print."""
        desk = self.desk
        day = self.day

        def work() -> tuple[RegistrationResult, list[CheckInResult]]:
            result = registration_service.register(desk, request)
            checked: list[CheckInResult] = []
            for attendee in result.attendees:
                entitled = desk.event.entitled_days(attendee.category, attendee.tariff)
                if day in entitled:
                    checked.append(
                        checkin_service.check_in(desk, "", attendee_id=attendee.id, day=day)
                    )
            return result, checked

        def done(value: tuple[RegistrationResult, list[CheckInResult]]) -> None:
            result, checked = value
            on_done(result)
            if checked and self.view:
                self.view.show_outcome(checked[0])
                if self.settings.sounds:
                    self.view.play(TONES[checked[0].status])
            elif self.view:
                self.view.show_attendee(result.attendees[0])
            self.changed.emit()
            if self.settings.auto_print:
                for attendee in result.attendees:
                    self.print_badge(attendee, automatic=True)

        self.runner.write(work, done, on_error)

    # ---- an empty database ----------------------------------------------------------------

    def when_empty(self, callback: Any) -> None:
        """Call `callback()` on the GUI thread if the database has nobody in it yet."""
        desk = self.desk
        self.runner.read(
            lambda: stats_service.stats(desk).attendees == 0,
            lambda empty: callback() if empty else None,
            self._failed,
        )

    def load_demo(self, count: int, on_done: Any) -> None:
        desk = self.desk

        def done(result: demo_service.DemoResult) -> None:
            self._say(
                message(
                    "Загружено демо-участников: {n}",
                    "Demo attendees loaded: {n}",
                    n=result.attendees,
                ),
                "info",
            )
            self.changed.emit()
            on_done(result)

        self.runner.write(lambda: demo_service.load_demo(desk, count=count), done, self._failed)

    def load_demo_if_empty(self) -> None:
        self.when_empty(lambda: self.load_demo(300, lambda _r: None))

    # ---- refreshing ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-run the search on screen and the figures (after any change)."""
        desk = self.desk
        day = self.day
        self.runner.read(
            lambda: stats_service.stats(desk, day),
            lambda stats: self.view.show_stats(stats, day) if self.view else None,
            self._failed,
        )
        if self._query.strip():
            self._run_search()

    def update_settings(self, settings: DeskSettings) -> None:
        self.settings = settings
        self.desk = replace(self.desk, name=settings.desk_name, operator=settings.operator)

    # ---- errors ----------------------------------------------------------------------------

    def _say(self, text: str, level: str) -> None:
        if self.view:
            self.view.show_message(text, level)
            self.view.focus_search()

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, ServiceError):
            self._say(str(exc), "warning")
            return
        log.error("desk action failed: %s", getattr(exc, "__traceback_text__", exc))
        self._say(
            message(
                "Не получилось: {e}. Попробуйте ещё раз; подробности в журнале.",
                "That did not work: {e}. Try again; details are in the log.",
                e=type(exc).__name__,
            ),
            "error",
        )
