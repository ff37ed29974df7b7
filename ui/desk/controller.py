"""The desk's behaviour: what happens on a scan, a search, Enter, a payment, a print.

The controller calls the core's services through the background runner and tells the view
what to show through intents (`show_results`, `show_outcome`, `confirm_print`, …), so tests
can drive it with a fake view and the window stays a thin layer of widgets. What happens to
the badge is the core's decision (CheckInResult.badge); the controller only carries it out.
"""

from __future__ import annotations

import itertools
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Protocol, TypeVar

from PySide6.QtCore import QTimer, Signal

from kiosk import present
from kiosk.codes import is_code_like, is_other_barcode
from kiosk.db import Database
from kiosk.hub import deadline
from kiosk.hub.live import is_connection_lost
from kiosk.i18n import tr as message
from kiosk.models import PaymentMethod
from kiosk.rules import BadgeAction, Outcome
from kiosk.services import checkin as checkin_service
from kiosk.services import lookup, privacy, staging
from kiosk.services import printing as printing_service
from kiosk.services import stats as stats_service
from kiosk.services.checkin import CheckInResult, LastCheckIn
from kiosk.services.context import Desk
from kiosk.services.errors import ServiceError
from kiosk.services.printing import (
    AlreadyPrinted,
    BadgeChange,
    PrintResult,
    PrintWarning,
    Sender,
)
from kiosk.services.stats import Stats, Version
from kiosk.services.views import AttendeeView
from ui.common.controller import BaseController, Changes, PrintState
from ui.common.hub import Link, Place
from ui.common.runner import Runner, op
from ui.common.settings import DeskSettings

# What the desk does less often than a scan — walk-ins and corrections (kiosk.services
# .registration), a person's shared contacts and edit conflicts, paper lists, demo data — is
# imported where it is first done, in the worker that does it where there is one: their
# modules (the organiser's report model with them) were a tenth of the desk's start-up.
if TYPE_CHECKING:
    from kiosk.services import batch
    from kiosk.services.contacts import SharedContact
    from kiosk.services.demo import DemoResult
    from kiosk.services.edit_conflicts import EditConflict
    from kiosk.services.registration import Registration, WalkInResult

T = TypeVar("T")
log = logging.getLogger(__name__)

SEARCH_DEBOUNCE_MS = 120
UPKEEP_MS = 20_000
"""How often the desk asks whether people an import wrote are still without their search text
(`DeskController._ask_unindexed`)."""
POLL_MS = 1500
"""How often the status strip asks the database whether another desk or process wrote (the
summary's poll, kiosk.services.stats.data_version)."""
SEARCH_LIMIT = 50


class DeskView(Protocol):
    """What the controller asks of the window."""

    def show_results(self, query: str, results: tuple[AttendeeView, ...]) -> None: ...
    def show_outcome(
        self, result: CheckInResult, changes: tuple[BadgeChange, ...] = ()
    ) -> None: ...
    def show_corrected(
        self, attendee: AttendeeView, out_of_date: bool, changes: tuple[BadgeChange, ...]
    ) -> None: ...
    def show_attendee(self, attendee: AttendeeView | None) -> None: ...
    def show_printed(self, attendee: AttendeeView) -> None: ...
    def show_shared_contacts(self, attendee_id: int, shared: tuple[SharedContact, ...]) -> None: ...
    def show_edit_conflicts(self, attendee_id: int, edited: tuple[EditConflict, ...]) -> None: ...
    def show_message(self, text: str, level: str = "info") -> None: ...
    def show_stats(self, stats: Stats, day: date) -> None: ...
    def show_print_state(self, attendee: AttendeeView, state: PrintState, text: str) -> None: ...
    def confirm_print(self, text: str, reason: PrintWarning) -> bool: ...
    def ask_undo_reason(self, attendee: AttendeeView, day: date) -> str | None: ...
    def show_day(self, day: date) -> None: ...
    def confirm_forget(self, attendee: AttendeeView) -> str | None: ...
    def remind_retention(self) -> None: ...
    def confirm_purge(self) -> bool: ...
    def retention_done(self, erased: int) -> None: ...
    def play(self, tone: str) -> None: ...
    def focus_search(self) -> None: ...
    def keep_scan(self, code: str) -> None: ...
    def shown_attendee(self) -> AttendeeView | None: ...
    def refresh_attendee(self, attendee: AttendeeView) -> None: ...
    def show_new_database(self) -> None: ...


TONES = {
    Outcome.CHECKED_IN: "green",
    Outcome.ALREADY_CHECKED_IN: "amber",
    Outcome.UNPAID: "amber",
    Outcome.NOT_ENTITLED: "red",
    Outcome.CANCELLED: "red",
    Outcome.UNKNOWN_CODE: "red",
    Outcome.NOT_AN_EVENT_DAY: "red",
    Outcome.FORGOTTEN: "red",
}

AUTO_PRINTED = (BadgeAction.PRINT, BadgeAction.OUT_OF_DATE)
"""What auto-print prints at a check-in: a first badge, or the new one after a change."""


class DeskController(BaseController):
    """One desk: the day being served, the search, check-ins, payments and badges."""

    connection_lost = Signal()
    """An action found the database out of reach (the status line turns red at once)."""

    def __init__(
        self,
        desk: Desk,
        runner: Runner,
        settings: DeskSettings,
        view: DeskView | None = None,
        sender: Sender | None = None,
    ) -> None:
        super().__init__(desk, runner, settings, sender)
        self.view: DeskView | None = view
        self.day = self.default_day()
        self.arrival_time: time | None = None
        """For a day other than today: when the people being entered arrived, if known (the
        time of day shown beside the day list; it goes with whichever day is chosen)."""
        self._query = ""
        self._results_query: str | None = None
        self._results: tuple[AttendeeView, ...] = ()
        self._outcomes = 0
        """Moves on with each check-in shown: a search or a card read asked before it, and
        answered after, is older than what the window shows, and is not shown over it."""
        self._scan_numbers = itertools.count(1)
        self._scans_in_hand: dict[int, Callable[[], None] | None] = {}
        """The scans not yet shown, in the order scanned, with how to show each once decided
        (None: not yet). A scan made again on the replica can be decided after a later one;
        the window still shows them in turn, the last scan's last."""
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self._run_search)
        self.changed.connect(self._refresh_after)
        self.link: Link | None = None
        """Where the data is and whether it can be reached (None: a database of its own that
        is always there, as in the tests)."""
        self._online_db: Database | None = None
        """Working on the replica while the hub is out of reach: the hub's database, to go
        back to."""
        self._hub_lost = threading.Event()
        """Set while the desk works on its replica, and from the moment a job found the hub lost
        (set by its worker) until the hub answers again: a job bound for the hub and still
        waiting its turn reads this (a worker thread never reads the controller's own
        state)."""
        self._version: Version | None = None
        """The data version the status strip's figures were read at."""
        self._asking_version = False
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._ask_version)
        self._unindexed: int | None = None
        """How many people were without their search text at the last `_ask_unindexed`."""
        self._indexing = False
        self._upkeep = QTimer(self)
        self._upkeep.setInterval(UPKEEP_MS)
        self._upkeep.timeout.connect(self._ask_unindexed)

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
            if self.view:
                self.view.show_day(day)
            self.refresh()

    # ---- searching -------------------------------------------------------------------------

    def search_text_changed(self, text: str) -> None:
        self._query = text
        self._search_timer.start()

    def _run_search(self) -> None:
        query, outcomes = self._query, self._outcomes
        if not query.strip():
            self._deliver_results(query, ())
            return
        self._read_waited_on(
            lambda desk: lookup.search(desk, query, limit=SEARCH_LIMIT),
            lambda results: self._deliver_results(query, results, outcomes),
        )

    def _read_waited_on(self, read: Callable[[Desk], T], done: Callable[[T], None]) -> None:
        """A read a person at the desk waits on (a search, the person's card, the figures):
        on a hub within the scan deadline, as a scan (`act`). A hub that does not answer in
        time is taken as lost, and the read is made again on the replica the desk then works
        on; nor is one of the two read workers the next search needs left waiting for it."""
        self.act("read", read, done, self._failed, scan_time=True)

    def _deliver_results(
        self, query: str, results: tuple[AttendeeView, ...], outcomes: int | None = None
    ) -> None:
        if query != self._query:
            return  # an older search finishing after a newer one was asked
        if outcomes is not None and outcomes != self._outcomes:
            return  # read before a check-in shown since (the search after it comes next)
        self._results_query = query
        self._results = results
        if self.view:
            self.view.show_results(query, results)

    # ---- checking in -----------------------------------------------------------------------

    def scanned(self, code: str) -> None:
        """A scanner read a code: check in at once, whatever is on screen."""
        self.check_in_code(code)

    # ---- where the data is -----------------------------------------------------------------

    @property
    def reachable(self) -> bool:
        """Whether a check-in may be tried now (on the hub, or on the replica without it)."""
        return self.link is None or self.link.ready or self.offline

    @property
    def offline(self) -> bool:
        """Working on this desk's replica of the hub: what it does is queued (the outbox)."""
        return self._online_db is not None

    def set_link(self, link: Link, replica: Database | None = None) -> None:
        """The hub's state changed: out of reach, the desk works on its `replica` (when it
        has one); back within reach (and synced), on the hub again, and what was missed is
        shown."""
        was = self.reachable
        self.link = link
        if link.offline and replica is not None and not self.offline:
            self._online_db = self.desk.db
            self._hub_lost.set()
            self.desk = replace(self.desk, db=replica)
            self.refresh()
            return
        if not link.offline and self._online_db is not None:
            self.desk = replace(self.desk, db=self._online_db)
            self._online_db = None
            self._hub_lost.clear()
            self.refresh_elsewhere()
            return
        if self.reachable and not was:
            self._hub_lost.clear()  # a desk without a replica: the hub answers again
            self.refresh_elsewhere()

    def needs_hub(self) -> bool:
        """Offline, an action the outbox does not carry is refused (with a message)."""
        if self.offline:
            self._say(self.needs_hub_text(), "warning")
            return True
        return False

    def needs_hub_text(self) -> str:
        return message(
            "Без связи с хабом стойка находит людей, отмечает приход, регистрирует на месте, "
            "принимает оплату и доплату, печатает бейджи, исправляет данные и отменяет отметки "
            "(всё уходит на хаб, когда связь вернётся). Импорт, бумажный список и удаление "
            "данных — когда связь вернётся.",
            "Without the hub the desk finds people, checks them in, registers walk-ins, takes "
            "payments and upgrades, prints badges, corrects details and undoes check-ins (all "
            "sent to the hub once it is back). Imports, paper lists and erasing data wait until "
            "the connection is back.",
        )

    def use_database(self, db: Database, name: str | None = None) -> None:
        """Work on another database from now on (a hub joined or left), without a restart."""
        self._online_db = None
        self._hub_lost.clear()
        self.desk = replace(self.desk, db=db, name=name or self.desk.name)
        self._results_query = None
        self._results = ()
        if self.view:
            self.view.show_new_database()
        self.refresh()

    def refresh_elsewhere(self) -> None:
        """Another desk wrote something: the figures, the list on screen, and the person on
        the card are read again."""
        if not self.reachable:
            return
        self.refresh()
        shown = self.view.shown_attendee() if self.view else None
        if shown is None or self._query.strip():
            return  # a search on screen brings the card's person back with the list

        outcomes = self._outcomes

        def show(found: AttendeeView | None) -> None:
            if found is not None and self.view and outcomes == self._outcomes:
                self.view.refresh_attendee(found)

        code = shown.code
        self._read_waited_on(lambda desk: lookup.get_by_code(desk, code), show)

    def _refuse_scan(self, code: str) -> None:
        """The hub cannot be reached: nothing is tried, and the code stays to try again."""
        self._search_timer.stop()
        self._query = code  # what the field shows (no search: the database is out of reach)
        if self.view:
            # Neither the list of an earlier search nor its count stays beside the code.
            self.view.show_results("", ())
            self.view.keep_scan(code)
            if self.settings.sounds:
                self.view.play("red")
            self.view.show_message(self._offline_text(), "error")

    def _offline_text(self) -> str:
        return message(
            "Нет связи с хабом — отметка НЕ сделана. Код остался в поле поиска: нажмите "
            "Enter, когда связь вернётся (строка состояния снова станет зелёной).",
            "No connection to the hub — the check-in was NOT made. The code stays in the "
            "search field: press Enter once the connection is back (the status line turns "
            "green again).",
        )

    def scanned_other(self, text: str) -> None:
        """A scan that is not a badge code (a link, a product's barcode)."""
        self._say(
            message(
                "Отсканирован не бейдж: «{t}». Код бейджа — 12 знаков, например 7KQ2-M9XD-H3TR.",
                'That scan is not a badge: "{t}". A badge code has 12 characters, e.g. '
                "7KQ2-M9XD-H3TR.",
                t=text[:40],
            ),
            "warning",
        )

    def submit(self, text: str, chosen: AttendeeView | None) -> None:
        """Enter in the search field: a code checks that code in; otherwise only the person
        the operator chose in the list, the only match, or the one person whose surname and
        first name were typed in full. Anything else asks to choose — never a guess."""
        if is_code_like(text):
            self.check_in_code(text)
            return
        if not text.strip():
            return
        if chosen is not None and self._results_query == text:
            self.check_in_attendee(chosen.id)
            return
        if self._results_query == text:
            self._enter_among(text, self._results)
            return
        self._read_waited_on(
            lambda desk: lookup.search(desk, text, limit=SEARCH_LIMIT),
            lambda found: self._enter_among(text, found),
        )

    def _enter_among(self, text: str, found: tuple[AttendeeView, ...]) -> None:
        if not found:
            self._say(
                message("Никого не нашлось по «{q}»", 'Nobody found for "{q}"', q=text[:40]),
                "warning",
            )
            return
        person = lookup.enter_choice(text, found)
        if person is None:
            self._say(
                message(
                    "Найдено несколько — выберите ↑/↓ и нажмите Enter",
                    "Several found: choose with ↑/↓, then press Enter",
                ),
                "warning",
            )
            return
        self.check_in_attendee(person.id)

    def check_in_code(self, code: str) -> None:
        """Check in the person of a code (scanned, or typed and entered); what the window
        shows is in the order the codes came (`_in_scan_order`)."""
        number = next(self._scan_numbers)
        self._scans_in_hand[number] = None
        if not self.reachable:
            self._in_scan_order(number, lambda: self._refuse_scan(code))
            return

        def failed(exc: Exception) -> None:
            if not is_connection_lost(exc):
                self._in_scan_order(number, lambda: self._failed(exc))
                return
            self.connection_lost.emit()
            self._in_scan_order(number, lambda: self._refuse_scan(code))  # no replica

        def show(result: CheckInResult) -> None:
            if result.status is Outcome.UNKNOWN_CODE and is_other_barcode(code):
                self.scanned_other(code)  # a product's barcode: its tail read like a code
                return
            self._checked_in(result)
            person = result.attendee
            self._show_scanned(person.code if person else code, (person,) if person else ())

        def done(result: CheckInResult) -> None:
            self._in_scan_order(number, lambda: show(result))

        day, at = self._when()
        self.act(
            "write",
            lambda desk: checkin_service.check_in(desk, code, day=day, at=at),
            done,
            failed,
            scan_time=True,
        )

    def _in_scan_order(self, number: int, show: Callable[[], None]) -> None:
        """Scan `number` is decided: it is shown, with those after it already decided, once
        every scan before it has been."""
        self._scans_in_hand[number] = show
        while self._scans_in_hand:
            first, ready = next(iter(self._scans_in_hand.items()))
            if ready is None:
                return
            del self._scans_in_hand[first]
            ready()

    def _show_scanned(self, code: str, found: tuple[AttendeeView, ...]) -> None:
        """After a scan the search field holds its code and the list its person, as the card
        does: neither goes on showing someone searched for before it."""
        self._search_timer.stop()
        self._query = self._results_query = code
        self._results = found
        if self.view:
            self.view.keep_scan(code)
            self.view.show_results(code, found)

    def action_nonce(self) -> str | None:
        """On a hub every action has a name of its own: if the hub got it but its answer did
        not come (in time), the same action done on the replica is applied there once."""
        if self.link is not None and self.link.place is Place.HUB:
            return str(uuid.uuid4())
        return None

    def working_offline_after(self, exc: Exception, desk: Desk) -> bool:
        """A lost hub: said at once; the action tried on it is done again on the replica when
        the desk now works on one (the scan in hand decided from it)."""
        if not is_connection_lost(exc):
            return False
        self.connection_lost.emit()
        return self.offline and desk.db is not self.desk.db

    def bounded(self, work: Callable[[], T]) -> Callable[[], T]:
        """What a person at the desk waits for — a check-in, a correction, a swap of names, an
        undo, a walk-in's registration and payment, a badge's print record, a read — on the
        hub answers within the scan deadline, or the hub is taken as lost (and the action done
        on the replica, under the same nonce); on the replica nothing is cut. Imports, paper
        lists, erasures and demo data are not bounded (and wait for the hub)."""
        if self.offline:
            return work
        bounded = deadline.within(deadline.SCAN_DEADLINE_S, work)
        lost = self._hub_lost
        # The worker says so itself, before it takes the next job: the scans queued behind
        # this one do not each wait for the hub in turn while the news reaches the GUI
        # thread (only on a desk with a link: the link's return is what clears it).
        tells = self.link is not None and self.link.place is not Place.LAPTOP

        def unless_lost() -> T:
            if lost.is_set():
                # The hub was lost while this scan waited its turn: not another wait for it.
                raise deadline.HubTooSlow("the hub was lost before this scan's turn")
            try:
                return bounded()
            except Exception as exc:
                if tells and is_connection_lost(exc):
                    lost.set()
                raise

        return unless_lost

    def check_in_attendee(
        self,
        attendee_id: int,
        *,
        pay: PaymentMethod | None = None,
        upgrade_to: str | None = None,
    ) -> None:
        if not self.reachable:
            self._say(self.offline_action_text(), "error")
            return
        day, at = self._when()

        def with_changes(desk: Desk) -> tuple[CheckInResult, tuple[BadgeChange, ...]]:
            """The check-in, and — when it finds the badge out of date — what changed."""
            result = checkin_service.check_in(
                desk,
                "",
                attendee_id=attendee_id,
                pay=pay,
                upgrade_to=upgrade_to,
                day=day,
                at=at,
            )
            if result.badge is BadgeAction.OUT_OF_DATE and result.attendee is not None:
                return result, printing_service.badge_changes(desk, result.attendee.id)
            return result, ()

        self.act(
            "write",
            with_changes,
            lambda done: self._checked_in(*done),
            self._failed,
            scan_time=True,
        )

    def _when(self) -> tuple[date, datetime | None]:
        """The day served, and the arrival time the operator gave for another day."""
        if not self.is_today() and self.arrival_time is not None:
            return self.day, datetime.combine(
                self.day, self.arrival_time, tzinfo=self.desk.event.tz
            )
        return self.day, None

    def _checked_in(self, result: CheckInResult, changes: tuple[BadgeChange, ...] = ()) -> None:
        self._outcomes += 1
        if self.view:
            self.view.show_outcome(result, changes)
            if self.settings.sounds:
                self.view.play(TONES[result.status])
            self.view.focus_search()
        if result.attendee is not None:
            self.note_change(Changes(frozenset({result.attendee.id})))
        if (
            result.status is Outcome.CHECKED_IN
            and result.attendee is not None
            and self.settings.auto_print
            and result.badge in AUTO_PRINTED
        ):
            self.print_badge(result.attendee, automatic=True)

    # ---- badges ----------------------------------------------------------------------------

    def print_badge(
        self,
        attendee: AttendeeView,
        *,
        confirmed: frozenset[PrintWarning] = frozenset(),
        automatic: bool = False,
    ) -> None:
        """Print a badge; at the desk a reprint, an out-of-date badge, an unnamed team seat or
        an unpaid person is asked about first (auto-print only prints what the check-in said
        to print: a first badge, or the new one for a badge out of date). The new badge for one
        out of date is what the desk offers: Ctrl+P prints it at once."""
        confirmed = confirmed | {PrintWarning.OUT_OF_DATE}

        def report(state: PrintState, text: str) -> None:
            if self.view:
                self.view.show_print_state(attendee, state, text)

        def asked(question: AlreadyPrinted) -> None:
            if automatic:
                report(PrintState.FAILED, str(question).split("?")[0])
                return
            if self.view and self.view.confirm_print(str(question), question.reason):
                self.print_badge(
                    question.attendee, confirmed=confirmed | {question.reason}, automatic=False
                )
            elif self.view:
                self.view.show_message(message("Печать отменена", "Printing cancelled"), "info")

        def printed(result: PrintResult) -> None:
            if self.view:
                self.view.show_printed(result.attendees[0])

        self.print_badge_job(
            attendee, report, confirmed=confirmed, on_printed=printed, on_question=asked
        )

    # ---- corrections, undo, walk-ins -------------------------------------------------------

    def edit(
        self,
        attendee: AttendeeView,
        changes: dict[str, str | None],
        *,
        on_saved: Callable[[], None] | None = None,
        on_refused: Callable[[Exception], None] | None = None,
    ) -> None:
        """Save a correction; a badge it makes out of date is offered anew, as after an
        upgrade (printed at once with auto-print on), saying what changed. `on_saved` /
        `on_refused`: the correction form, told how it ended (it shows a refusal itself)."""

        def work(desk: Desk) -> tuple[AttendeeView, bool, tuple[BadgeChange, ...]]:
            from kiosk.services.registration import edit_attendee

            view = edit_attendee(desk, attendee.code, changes)
            if printing_service.out_of_date(view, desk.event):
                return view, True, printing_service.badge_changes(desk, view.id)
            return view, False, ()

        def done(corrected: tuple[AttendeeView, bool, tuple[BadgeChange, ...]]) -> None:
            view, stale, badge_changes = corrected
            if on_saved is not None:
                on_saved()
            if self.view:
                self.view.show_corrected(view, stale, badge_changes)
            self.note_change(Changes(frozenset({view.id})))
            if stale and self.settings.auto_print:
                self.print_badge(view, automatic=True)

        def failed(exc: Exception) -> None:
            if on_refused is None:
                self._failed(exc)
                return
            if is_connection_lost(exc):
                self.connection_lost.emit()
            on_refused(exc)

        self.act("write", work, done, failed, scan_time=True)

    def forget(self, attendee: AttendeeView) -> None:
        """Erase a person's personal data on their request, once staff confirm and say why."""
        if self.needs_hub():
            return
        reason = self.view.confirm_forget(attendee) if self.view else None
        if reason is None:
            return

        def done(_result: privacy.ForgetResult) -> None:
            if self.view:
                self.view.show_attendee(None)
                self.view.show_message(
                    message(
                        "Персональные данные удалены; оплаты и отметки остались в итогах.",
                        "Personal data erased; payments and check-ins stay in the totals.",
                    ),
                    "info",
                )
            self.note_change(Changes(frozenset({attendee.id})))

        # Short, and waited for: on a hub within the scan deadline — not redone on the replica
        # (the outbox does not carry an erasure); a hub that does not answer is said to be lost.
        erase = self.bounded(op(privacy.forget, self.desk, attendee.code, reason))
        self.run("write", erase, done, self._failed)

    def check_retention(self) -> None:
        """Remind the organiser when the personal data should have been erased by now."""

        def remind(due: bool) -> None:
            if due and self.view:
                self.view.remind_retention()

        self.run("read", op(privacy.personal_data_due, self.desk), remind, self._failed)

    def purge_after_event(self) -> None:
        """The reminder's button: erase everybody's personal data once the retention period
        has passed (as `kiosk purge --after-event`), after the window confirms."""
        if self.needs_hub():
            return
        if not (self.view and self.view.confirm_purge()):
            return

        def done(result: privacy.PurgeResult) -> None:
            if self.view:
                self.view.retention_done(result.attendees)
            self.note_change(Changes(everything=True))

        reason = message(
            "срок хранения истёк (напоминание на стойке)",
            "retention period over (the desk's reminder)",
        )
        self.run("write", op(privacy.purge, self.desk, reason=reason), done, self._failed)

    def finish_indexing(self) -> None:
        """Finish what imports left unfinished (kiosk.services.staging.unfinished), at the
        start; and from then on whenever an import elsewhere leaves something so
        (`_ask_unindexed`): the people of an import whose process died in its steps, seen by
        nobody, are taken away; people an import wrote without their search text are given
        theirs (until then they are found by their code and their surname, not by a part of
        their phone, e-mail or company)."""
        self._upkeep.start()
        self._index_unindexed()

    def _index_unindexed(self) -> None:
        """In the background lane, a few dozen people per short transaction that the desk's own
        scans (on the write lane) and other desks' go between."""
        if self.offline or self._indexing:
            return
        self._indexing = True

        def done(indexed: int) -> None:
            self._indexing = False
            self._unindexed = None
            if indexed:
                self.refresh()

        def failed(exc: Exception) -> None:
            self._indexing = False  # the next ask tries again
            log.warning("giving people their search text failed: %s", type(exc).__name__)

        self.run("background", op(staging.finish_unfinished, self.desk), done, failed)

    def _ask_unindexed(self) -> None:
        """Whether imports left people unfinished, and the same number as at the last ask:
        then nobody is finishing them (the import was stopped before its end; one still
        indexing lowers the number at each step), and the desk does."""
        if self.offline or self._indexing:
            return

        def seen(count: int) -> None:
            previous, self._unindexed = self._unindexed, count
            if count and count == previous:
                log.info("%d people left by an unfinished import: finishing it", count)
                self._index_unindexed()

        def failed(exc: Exception) -> None:
            log.warning("asking for people without search text failed: %s", type(exc).__name__)

        self.run("read", op(staging.unfinished, self.desk), seen, failed)

    def swap_names(self, attendee: AttendeeView) -> None:
        """Surname and first name the other way round, in one click (audited)."""

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
            self.note_change(Changes(frozenset({view.id})))

        def swap(desk: Desk) -> AttendeeView:
            from kiosk.services.registration import swap_names

            return swap_names(desk, attendee.code)

        self.act(
            "write",
            swap,
            done,
            self._failed,
            scan_time=True,
        )

    def load_shared_contacts(self, attendee_id: int) -> None:
        """Who else has this person's phone or e-mail (people the import kept apart), and the
        fields of theirs two desks changed to different values (read from the hub's audit log:
        none on a desk's copy)."""

        def read(desk: Desk) -> tuple[tuple[SharedContact, ...], tuple[EditConflict, ...]]:
            from kiosk.services.contacts import shared_contacts
            from kiosk.services.edit_conflicts import person_edit_conflicts

            return shared_contacts(desk, attendee_id), person_edit_conflicts(desk, attendee_id)

        def show(found: tuple[tuple[SharedContact, ...], tuple[EditConflict, ...]]) -> None:
            if self.view:
                shared, edited = found
                self.view.show_shared_contacts(attendee_id, shared)
                self.view.show_edit_conflicts(attendee_id, edited)

        self._read_waited_on(read, show)

    def undo_last(self) -> None:
        def ask(found: LastCheckIn | None) -> None:
            if found is None:
                self._say(
                    message(
                        "На этой стойке ещё никого не отмечали",
                        "Nobody has been checked in at this desk yet",
                    ),
                    "warning",
                )
                return
            attendee, day = found.attendee, found.day
            reason = self.view.ask_undo_reason(attendee, day) if self.view else None
            if not reason:
                return

            def undone(view: AttendeeView) -> None:
                said = message("Отметка отменена: {n}", "Check-in undone: {n}", n=view.full_name)
                still = view.checkin_on(day)
                if still is not None:  # another desk's admission, set aside, counts instead
                    said += message(
                        ". Засчитан вход, отложенный как двойной: {a}",
                        ". The admission set aside as a double counts now: {a}",
                        a=present.admitted_at(self.desk.event, still.desk, still.at, day),
                    )
                self._say(said, "info")
                if self.view:
                    self.view.show_attendee(view)
                self.note_change(Changes(frozenset({view.id})))

            self.act(
                "write",
                lambda desk: checkin_service.undo_check_in(
                    desk, attendee.code, day, reason, admission=found.admission
                ),
                undone,
                self._failed,
                scan_time=True,
            )

        self._read_waited_on(checkin_service.last_check_in_of_desk, ask)

    def register_walk_in(
        self,
        request: Registration,
        on_done: Callable[[WalkInResult], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        """Register, pay and check in for the served day (one transaction in the core); then
        show the contact and print the badges the check-ins call for. Offline, on the
        replica with a code made here: the registration, the payment and the check-in are
        queued."""

        def done(result: WalkInResult) -> None:
            on_done(result)
            contact = result.checkins[0] if result.checkins else None
            if contact is not None and self.view:
                self.view.show_outcome(contact)
                if self.settings.sounds:
                    self.view.play(TONES[contact.status])
            elif self.view:
                self.view.show_attendee(result.attendees[0])
            self.note_change(Changes(frozenset(a.id for a in result.attendees)))
            if self.settings.auto_print:
                for checked in result.checkins:
                    if checked.attendee is not None and checked.badge in AUTO_PRINTED:
                        self.print_badge(checked.attendee, automatic=True)

        day = self.day

        def register(desk: Desk) -> WalkInResult:
            from kiosk.services.registration import register_walk_in

            return register_walk_in(desk, request, day=day)

        self.act(
            "write",
            register,
            done,
            on_error,
            scan_time=True,
        )

    def enter_paper_list(
        self,
        codes: list[batch.CodeLine],
        *,
        day: date,
        reason: str,
        arrived: time | None,
        on_done: Callable[[batch.BatchResult], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        """Record the codes of a paper list as check-ins entered afterwards (one write job;
        each code its own check-in), then tell every view who changed."""
        from kiosk.services.batch import check_in_batch

        if self.offline:
            on_error(ServiceError(self.needs_hub_text()))
            return

        def done(result: batch.BatchResult) -> None:
            people = frozenset(
                line.result.attendee.id for line in result.lines if line.result.attendee
            )
            self.note_change(Changes(people, everything=not people))
            on_done(result)

        self.run(
            "write",
            op(check_in_batch, self.desk, codes, day=day, reason=reason, arrived=arrived),
            done,
            on_error,
        )

    # ---- an empty database ----------------------------------------------------------------

    def when_empty(self, callback: Callable[[], None]) -> None:
        """Call `callback()` on the GUI thread if the database has nobody in it yet."""

        def empty(stats: Stats) -> None:
            if stats.attendees == 0:
                callback()

        self.run("read", op(stats_service.stats, self.desk), empty, self._failed)

    def load_demo(self, count: int, on_done: Callable[[DemoResult], None]) -> None:
        from kiosk.services.demo import load_demo

        if self.needs_hub():
            return

        def done(result: DemoResult) -> None:
            self._say(
                message(
                    "Загружено демо-участников: {n}",
                    "Demo attendees loaded: {n}",
                    n=result.attendees,
                ),
                "info",
            )
            self.note_change(Changes(everything=True))
            on_done(result)

        self.run("write", op(load_demo, self.desk, count=count), done, self._failed)

    def load_demo_if_empty(self) -> None:
        self.when_empty(lambda: self.load_demo(300, lambda _r: None))

    # ---- refreshing ------------------------------------------------------------------------

    def _refresh_after(self, _changes: Changes) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Re-run the search on screen and the figures (once per change)."""
        self.refresh_stats()
        if self._query.strip():
            self._run_search()

    def refresh_stats(self) -> None:
        """Read the status strip's figures again, with the data version they were read at."""
        day = self.day

        def show(found: tuple[Version, Stats]) -> None:
            self._version, stats = found
            if self.view:
                self.view.show_stats(stats, day)

        self._read_waited_on(lambda desk: _versioned_stats(desk, day), show)

    def watch_other_desks(self) -> None:
        """Keep the status strip current with what other desks and processes write: the data
        version is asked every `POLL_MS`, and the figures read again when it moved. Only for a
        window without a Station (ui.common.hub), which hears the database itself."""
        self._poll.start()

    @property
    def watching(self) -> bool:
        return self._poll.isActive()

    def stop_watching(self) -> None:
        """The window closes: no more polls (one in flight still ends, in `runner.wait`)."""
        self._poll.stop()
        self._upkeep.stop()

    def _ask_version(self) -> None:
        if self._asking_version:
            return
        self._asking_version = True
        self.run(
            "read",
            op(stats_service.data_version, self.desk),
            self._version_read,
            self._poll_failed,
        )

    def _version_read(self, version: Version) -> None:
        self._asking_version = False
        if self._version is not None and version != self._version:
            self._version = version
            self.refresh_stats()

    def _poll_failed(self, exc: Exception) -> None:
        # The next poll asks again; an action of the operator's reports a lasting failure.
        self._asking_version = False
        log.warning("polling the data version failed: %s", type(exc).__name__)

    # ---- errors ----------------------------------------------------------------------------

    def _say(self, text: str, level: str) -> None:
        if self.view:
            self.view.show_message(text, level)
            self.view.focus_search()

    def _failed(self, exc: Exception) -> None:
        if is_connection_lost(exc):
            self.connection_lost.emit()
        level = "warning" if isinstance(exc, ServiceError) else "error"
        self._say(self.failure_text(exc, "desk action"), level)


def _versioned_stats(desk: Desk, day: date) -> tuple[Version, Stats]:
    """The data version, then the figures: a write in between shows at the next poll."""
    return stats_service.data_version(desk), stats_service.stats(desk, day)
