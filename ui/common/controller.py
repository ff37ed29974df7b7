"""What the desk's and the kiosk's controllers share: running operations in the background,
printing a badge with its stages reported, one refresh per change, and failures told plainly.

A controller speaks to its window through intents and to the core through operations bound
when queued (ui.common.runner.op); it never reads a widget from a worker thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kiosk.hub.live import is_connection_lost
from kiosk.i18n import tr as message
from kiosk.printers import PrinterError
from kiosk.services import printing as printing_service
from kiosk.services.context import Desk
from kiosk.services.errors import ServiceError
from kiosk.services.views import AttendeeView
from ui.common.runner import ErrorCallback, Runner
from ui.common.settings import DeskSettings

log = logging.getLogger(__name__)
T = TypeVar("T")


def serve(controller: Any, view: QWidget) -> None:
    """Make `view` the controller's window until it is destroyed. A result that arrives after
    that — a job still running when the window went, or a window deleted after its close was
    refused (an outbox not yet sent) — then finds no window, instead of a deleted widget
    (which crashed the process)."""
    controller.view = view
    shown = id(view)

    def released(_object: object = None) -> None:
        if id(controller.view) == shown:
            controller.view = None

    view.destroyed.connect(released)


class PrintState(StrEnum):
    """Where a print job is: the window shows it, and only for a job actually queued."""

    PRINTING = "printing"
    PRINTED = "printed"
    FAILED = "failed"
    NO_PRINTER = "no_printer"


@dataclass(frozen=True)
class Changes:
    """What a finished operation changed, so each view refreshes once and only if it must."""

    attendees: frozenset[int] = field(default_factory=frozenset)
    everything: bool = False
    """A bulk change (an import, demo data): refresh whatever is on screen."""

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.attendees | other.attendees, self.everything or other.everything)


class BaseController(QObject):
    """Plumbing for a window's controller: the runner, the settings, printing, failures."""

    changed = Signal(object)
    """Carries the Changes of the operations finished since the last emission (coalesced: one
    signal per turn of the event loop, however many operations finished in it)."""

    def __init__(
        self,
        desk: Desk,
        runner: Runner,
        settings: DeskSettings,
        sender: printing_service.Sender | None = None,
    ) -> None:
        super().__init__()
        self.desk = desk
        self.runner = runner
        self.settings = settings
        self.print_sender = sender
        self._changes: Changes | None = None

    # ---- changes ---------------------------------------------------------------------------

    def note_change(self, changes: Changes) -> None:
        """Collect what changed; the views hear about it once, after the current event."""
        if self._changes is None:
            self._changes = changes
            QTimer.singleShot(0, self._emit_changes)
        else:
            self._changes = self._changes | changes

    def _emit_changes(self) -> None:
        changes, self._changes = self._changes, None
        if changes is not None:
            self.changed.emit(changes)

    # ---- printing --------------------------------------------------------------------------

    def print_badge_job(
        self,
        attendee: AttendeeView,
        report: Callable[[PrintState, str], None],
        *,
        confirmed: frozenset[printing_service.PrintWarning] | None = None,
        on_printed: Callable[[printing_service.PrintResult], None] | None = None,
        on_question: Callable[[printing_service.AlreadyPrinted], None] | None = None,
    ) -> None:
        """Print this person's badge off the GUI thread and report each stage with a text for
        people. `confirmed`: the warnings already said yes to (None: a script-like print that
        only asks about reprints). A question (a reprint, an out-of-date badge, an unnamed
        seat, unpaid) goes to `on_question` before anything is queued."""
        settings = self.settings
        if not settings.printer:
            report(PrintState.NO_PRINTER, self.no_printer_text())
            return
        options: dict[str, Any] = {}
        if self.print_sender is not None:
            options["sender"] = self.print_sender
        # Shared by the tries (on the hub, then on the replica when it is lost on the way).
        attempt = printing_service.PrintAttempt()

        def work(desk: Desk) -> printing_service.PrintResult:
            return printing_service.print_views(
                desk,
                [attendee],
                printer=settings.printer,
                layout=settings.layout,
                confirmed=confirmed,
                attempt=attempt,
                **options,
            )

        # Checked here first, so «printing…» is shown only for a job that will really go.
        reason = printing_service.print_warning(
            attendee,
            self.desk.event,
            interactive=confirmed is not None,
            confirmed=confirmed or frozenset(),
        )
        if reason is not None:
            question = printing_service.AlreadyPrinted(
                printing_service.warning_text(reason, attendee, self.desk),
                attendee,
                reason,
            )
            if on_question is not None:
                on_question(question)
            return
        report(PrintState.PRINTING, "")

        def done(result: printing_service.PrintResult) -> None:
            report(PrintState.PRINTED, "")
            self.note_change(Changes(frozenset(a.id for a in result.attendees)))
            if on_printed is not None:
                on_printed(result)

        def failed(exc: Exception) -> None:
            if isinstance(exc, printing_service.AlreadyPrinted):
                # Printed meanwhile (another desk, a double click): nothing was sent.
                if on_question is not None:
                    on_question(exc)
                else:
                    report(PrintState.FAILED, str(exc))
                return
            report(PrintState.FAILED, self.failure_text(exc, "printing"))

        # The person waits for it: on a hub its record is made within the scan deadline (the
        # rendering and the printer are not timed), or the desk works offline and prints
        # from its replica.
        self.act("slow", work, done, failed, scan_time=True)

    def no_printer_text(self) -> str:
        return message(
            "Принтер не выбран — откройте «Настройки»", "No printer chosen: open Settings"
        )

    # ---- failures --------------------------------------------------------------------------

    def failure_text(self, exc: Exception, what: str) -> str:
        """A sentence for people; the details of an unexpected failure go to the log only."""
        if isinstance(exc, ServiceError | PrinterError):
            return str(exc)
        if is_connection_lost(exc):
            log.info("%s: the database cannot be reached (%s)", what, type(exc).__name__)
            return self.offline_action_text()
        log.error("%s failed: %s", what, getattr(exc, "__traceback_text__", repr(exc)))
        return message(
            "Не получилось: {e}. Попробуйте ещё раз; подробности в журнале.",
            "That did not work: {e}. Try again; details are in the log.",
            e=type(exc).__name__,
        )

    def offline_action_text(self) -> str:
        return message(
            "Нет связи с хабом: действие не выполнено. Повторите его, когда строка состояния "
            "снова станет зелёной.",
            "No connection to the hub: the action was not done. Do it again once the status "
            "line turns green.",
        )

    def run(
        self,
        kind: str,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: ErrorCallback,
    ) -> None:
        """Queue `work` as a read (search, figures), a write (one at a time, in order) or a
        slow job (printing)."""
        getattr(self.runner, kind)(work, on_done, on_error)

    def act(
        self,
        kind: str,
        work: Callable[[Desk], T],
        on_done: Callable[[T], None],
        on_error: ErrorCallback,
        *,
        nonce: str | None = None,
        scan_time: bool = False,
    ) -> None:
        """Queue one action of the operator's (`run`), done by `work` as the desk it is given.

        On a hub the action has a nonce of its own (`action_nonce`; kiosk.services.nonces).
        When the hub is lost on the way — its answer may be what was lost, after it applied
        the action — and the desk goes on on its replica (`working_offline_after`), the action
        is done there again under the same nonce: queued, and found applied when sent if the
        hub had it. `scan_time`: the hub must answer within the scan deadline
        (`bounded`)."""
        nonce = nonce or self.action_nonce()
        desk = self.desk if nonce is None else self.desk.under(nonce)

        def job() -> T:
            return work(desk)

        def failed(exc: Exception) -> None:
            if self.working_offline_after(exc, desk):
                self.act(kind, work, on_done, on_error, nonce=nonce, scan_time=scan_time)
            else:
                on_error(exc)

        self.run(kind, self.bounded(job) if scan_time else job, on_done, failed)

    def action_nonce(self) -> str | None:
        """The nonce of a new action, when its changes may be queued for a hub (None: never,
        a kiosk's)."""
        return None

    def working_offline_after(self, _exc: Exception, _desk: Desk) -> bool:
        """Whether an action that failed with this error on `desk` is to be done again on the
        replica the desk now works on (never, for a kiosk)."""
        return False

    def bounded(self, work: Callable[[], T]) -> Callable[[], T]:
        """`work` answered in time or given up (a desk's scan on a hub); as it is here."""
        return work

    def update_settings(self, settings: DeskSettings) -> None:
        self.settings = settings
        self.desk = replace(self.desk, name=settings.name, operator=settings.operator_name)
