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

from kiosk.hub.live import is_connection_lost
from kiosk.i18n import tr as message
from kiosk.printers import PrinterError
from kiosk.services import printing as printing_service
from kiosk.services.context import Desk
from kiosk.services.errors import ServiceError
from kiosk.services.views import AttendeeView
from ui.common.runner import ErrorCallback, Runner, op
from ui.common.settings import DeskSettings

log = logging.getLogger(__name__)
T = TypeVar("T")


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
        work = op(
            printing_service.print_views,
            self.desk,
            [attendee],
            printer=settings.printer,
            layout=settings.layout,
            confirmed=confirmed,
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

        self.runner.slow(work, done, failed)

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

    def update_settings(self, settings: DeskSettings) -> None:
        self.settings = settings
        self.desk = replace(self.desk, name=settings.name, operator=settings.operator)
