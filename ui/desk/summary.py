"""The organiser's summary behind the «Сводка» window: the figures of a day computed in the
background, refreshed live — at once after this desk's own changes, within a poll of the
database for any other desk's or process's (there is no notification channel yet: a max(id)
question every `POLL_MS`) — and never more than once a second however much is written.

It also writes the organiser's files (the end-of-day report, the paper list, the missing list)
off the GUI thread, and tells its caller how that went.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, QTimer

from kiosk.hub.live import is_connection_lost
from kiosk.services.context import Desk
from kiosk.services.errors import ServiceError
from kiosk.services.stats import Version, data_version
from kiosk.services.views import AttendeeView
from ui.common.controller import BaseController, Changes
from ui.common.runner import op
from ui.desk.controller import DeskController

# The summary's own services (its figures, files and decisions) are imported when first used:
# the desk makes this controller at start, and their modules were a tenth of its imports.
if TYPE_CHECKING:
    from kiosk.reports.model import DaySummary
    from kiosk.services import reporting
    from kiosk.services.duplicates import Reviewed
    from kiosk.services.edit_conflicts import EditConflict
    from kiosk.services.exporting import ExportResult
    from kiosk.services.merging import MergeResult
    from kiosk.services.refunds import Refunded

POLL_MS = 1500
"""How often the database is asked whether anything was written."""
MIN_INTERVAL_S = 1.0
"""At most one refresh a second, however fast the changes come."""
STALE_AFTER_S = 60.0
"""On the day itself the chart runs to now: it is redrawn at least this often."""


def figures(desk: Desk, day: date) -> tuple[Version, DaySummary]:
    """The data version, then the figures: a write in between shows at the next poll."""
    from kiosk.services.summary import day_summary

    return data_version(desk), day_summary(desk, day)


class SummaryView(Protocol):
    def show_summary(self, summary: DaySummary) -> None: ...
    def show_failure(self, text: str) -> None: ...
    def show_connection(self) -> None: ...


class SummaryController(BaseController):
    """The figures of one day for the summary window, and the organiser's files."""

    def __init__(self, desk_controller: DeskController, view: SummaryView | None = None) -> None:
        c = desk_controller
        super().__init__(c.desk, c.runner, c.settings, c.print_sender)
        self.desk_controller = desk_controller
        self.view = view
        self.day = desk_controller.day
        self.summary: DaySummary | None = None
        self.refresh_started: list[float] = []
        """When each refresh began (time.monotonic): the once-a-second promise, testable."""
        self._version: Version | None = None
        self._asking = False
        self._computing = False
        self._pending = False
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._ask_version)
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse one may fire 5 % early
        self._later.timeout.connect(self.request_refresh)
        desk_controller.changed.connect(self._desk_changed)

    def _desk(self) -> Desk:
        """The desk as its settings are now (its name may have changed since)."""
        self.desk = self.desk_controller.desk
        return self.desk

    # ---- live --------------------------------------------------------------------------

    def start(self) -> None:
        """The window is on screen: figures now, then live."""
        self._poll.start()
        self.request_refresh()

    def stop(self) -> None:
        self._poll.stop()
        self._later.stop()

    @property
    def live(self) -> bool:
        return self._poll.isActive()

    # ---- without the hub -----------------------------------------------------------------

    @property
    def offline(self) -> bool:
        """The desk works on its copy of the hub (the hub cannot be reached): the figures are
        the copy's, and what must go to the hub (a merge, keeping both, money given back,
        admissions reviewed) waits until it is back."""
        return self.desk_controller.offline

    @property
    def data_at(self) -> datetime | None:
        """When the desk's copy of the hub was last brought up to date."""
        link = self.desk_controller.link
        return link.data_at if link is not None else None

    def link_changed(self) -> None:
        """The desk went on to its copy of the hub, or back to the hub: the figures are read
        again from where it works now, and the window says which."""
        if self.view is not None:
            self.view.show_connection()
        if self.live:
            self.request_refresh()

    def set_day(self, day: date) -> None:
        if day != self.day:
            self.day = day
            self.request_refresh()

    def _desk_changed(self, _changes: Changes) -> None:
        if self.live:
            self.request_refresh()

    def elsewhere_changed(self) -> None:
        """Another desk wrote something (the hub said so): the figures at once, not at the
        next poll."""
        if self.live:
            self.request_refresh()

    def _ask_version(self) -> None:
        if self._asking:
            return
        self._asking = True
        self.run(
            "read",
            op(data_version, self._desk()),
            self._version_read,
            self._poll_failed,
        )

    def _version_read(self, version: Version) -> None:
        self._asking = False
        if not self.live:
            return
        stale = bool(self.refresh_started) and (
            time.monotonic() - self.refresh_started[-1] > STALE_AFTER_S
        )
        if version != self._version or (stale and self.day == self.desk.today()):
            self._version = version
            self.request_refresh()

    def _poll_failed(self, exc: Exception) -> None:
        self._asking = False
        self._failed(exc)

    def request_refresh(self) -> None:
        """Recompute the figures as soon as the once-a-second limit allows (one at a time)."""
        if self._computing:
            self._pending = True
            return
        if self.refresh_started:
            wait = MIN_INTERVAL_S - (time.monotonic() - self.refresh_started[-1])
            if wait > 0:
                if not self._later.isActive():
                    self._later.start(max(int(wait * 1000) + 1, 1))
                return
        self._computing = True
        self._pending = False
        self.refresh_started.append(time.monotonic())
        day = self.day
        self.run(
            "read",
            op(figures, self._desk(), day),
            lambda found: self._computed(day, *found),
            self._compute_failed,
        )

    def _computed(self, day: date, version: Version, summary: DaySummary) -> None:
        self._computing = False
        self._version = version
        if day == self.day:
            self.summary = summary
            if self.view is not None:
                self.view.show_summary(summary)
        if self._pending or day != self.day:
            self.request_refresh()

    def _compute_failed(self, exc: Exception) -> None:
        self._computing = False
        self._failed(exc)

    def _failed(self, exc: Exception) -> None:
        if is_connection_lost(exc):
            # The hub went: the desk goes on to its copy (the window is told by
            # `link_changed`), or its status line turns red. No error of the summary's own.
            self.desk_controller.connection_lost.emit()
            return
        if self.view is not None:
            self.view.show_failure(self.failure_text(exc, "summary"))

    # ---- files -------------------------------------------------------------------------

    def write_report(
        self,
        path: Path,
        day: date,
        on_done: Callable[[reporting.ReportFile], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        from kiosk.services import reporting

        self.run("slow", op(reporting.write_day_report, self._desk(), path, day), on_done, on_error)

    def write_paper_list(
        self,
        path: Path,
        day: date | None,
        tariff: str | None,
        on_done: Callable[[reporting.PaperListFile], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        from kiosk.services import reporting

        self.run(
            "slow",
            op(reporting.write_paper_list, self._desk(), path, day=day, tariff=tariff),
            on_done,
            on_error,
        )

    def export_missing(
        self,
        path: Path,
        day: date,
        on_done: Callable[[ExportResult], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        from kiosk.services import reporting

        self.run("slow", op(reporting.export_missing, self._desk(), path, day), on_done, on_error)

    # ---- decisions ---------------------------------------------------------------------

    def merge(
        self,
        keep_code: str,
        other_code: str,
        on_done: Callable[[MergeResult], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        """One person registered twice: merge the other record into the kept one (the hub's
        work: refused while the desk works on its replica)."""
        from kiosk.services import merging

        if self.desk_controller.offline:
            on_error(ServiceError(self.desk_controller.needs_hub_text()))
            return

        def done(result: MergeResult) -> None:
            self.desk_controller.note_change(Changes(frozenset({result.kept.id}), everything=True))
            on_done(result)

        self.run(
            "write",
            op(merging.merge_attendees, self._desk(), keep_code, other_code),
            done,
            on_error,
        )

    def keep_both(
        self,
        code: str,
        on_done: Callable[[AttendeeView], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        """Two people, not one: the flag is cleared."""
        from kiosk.services import merging

        if self.desk_controller.offline:
            on_error(ServiceError(self.desk_controller.needs_hub_text()))
            return

        def done(view: AttendeeView) -> None:
            self.desk_controller.note_change(Changes(frozenset({view.id})))
            on_done(view)

        self.run("write", op(merging.keep_both, self._desk(), code), done, on_error)

    def refund(
        self,
        code: str,
        payment_id: int,
        on_done: Callable[[Refunded], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        """The money of a double payment given back: marked so (the hub's work, as a merge)."""
        from kiosk.services import refunds

        if self.desk_controller.offline:
            on_error(ServiceError(self.desk_controller.needs_hub_text()))
            return

        def done(result: Refunded) -> None:
            self.desk_controller.note_change(Changes(frozenset({result.person.id})))
            on_done(result)

        self.run(
            "write",
            op(refunds.mark_refunded, self._desk(), code, payment_id),
            done,
            on_error,
        )

    def mark_reviewed(
        self,
        code: str,
        day: date,
        on_done: Callable[[Reviewed], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        """A person's admissions set aside on `day` were looked at: marked reviewed (the
        hub's work, as a merge)."""
        from kiosk.services import duplicates

        if self.desk_controller.offline:
            on_error(ServiceError(self.desk_controller.needs_hub_text()))
            return

        def done(result: Reviewed) -> None:
            self.desk_controller.note_change(Changes(frozenset({result.person.id})))
            on_done(result)

        self.run(
            "write",
            op(duplicates.mark_reviewed, self._desk(), code, day),
            done,
            on_error,
        )

    def mark_edits_reviewed(
        self,
        code: str,
        on_done: Callable[[tuple[EditConflict, ...]], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        """The fields of a person two desks changed were looked at: marked reviewed (the
        hub's work: a desk's copy does not hold the log)."""
        from kiosk.services import edit_conflicts

        if self.desk_controller.offline:
            on_error(ServiceError(self.desk_controller.needs_hub_text()))
            return

        def done(result: tuple[EditConflict, ...]) -> None:
            if result:
                self.desk_controller.note_change(Changes(frozenset({result[0].person.id})))
            on_done(result)

        self.run("write", op(edit_conflicts.mark_reviewed, self._desk(), code), done, on_error)
