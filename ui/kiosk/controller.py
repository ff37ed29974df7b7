"""The kiosk's behaviour: visitors find themselves and check in, or sign up and go to pay.

The controller calls the core's services through the background runner and tells the view
what to show through intents. It hands the view only what a visitor may see — their own
first name, their code and the amount due — never an attendee record, so no screen can show
somebody else's data by mistake.

On a hub, a visitor's step — and the record of the badge or slip printed for them — answers
within the scan deadline (kiosk.hub.deadline); when the hub cannot be reached the kiosk goes on
with its replica of the hub, as a desk does: the step in hand is taken again there (a check-in
under the same nonce; a print not printed twice), and everything the kiosk does
offline waits in the replica's outbox until the hub is back. The visitor sees no difference.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import Signal

from kiosk.codes import is_code_like, is_other_barcode
from kiosk.config import Tariff
from kiosk.db import Database
from kiosk.hub import deadline
from kiosk.hub.live import is_connection_lost
from kiosk.i18n import tr as message
from kiosk.phones import InvalidPhone, normalize_phone
from kiosk.printers import PrinterError
from kiosk.rules import BadgeAction, Outcome
from kiosk.services import checkin as checkin_service
from kiosk.services import printing as printing_service
from kiosk.services import selfservice
from kiosk.services.checkin import CheckInResult
from kiosk.services.context import Desk
from kiosk.services.errors import ServiceError, ValidationError
from kiosk.services.printing import PrintWarning
from kiosk.services.registration import (
    NAME_MAX,
    TEXT_MAX,
    PersonInput,
    Registration,
    RegistrationResult,
    ValidationErrors,
    clean_email,
    clean_field,
    clean_phone,
)
from kiosk.services.selfservice import Guard, Lookup, LookupResult, PinCheck, SignUpLimit
from kiosk.services.views import AttendeeView
from ui.common.controller import BaseController, Changes, PrintState
from ui.common.hub import Link, Place
from ui.common.runner import Runner
from ui.common.settings import DeskSettings

log = logging.getLogger(__name__)
T = TypeVar("T")


class Badge(StrEnum):
    """The badge line of the visitor's screen (or the sign-up slip's): the core's decision
    and the print job's stages, in words for a visitor."""

    NONE = "none"
    """Nothing to say: the visitor has the badge (a second day, a second scan)."""
    PRINTING = "printing"
    PRINTED = "printed"
    PRINTED_BEFORE = "printed_before"
    """Pre-printed before the event: it waits at the desk; the kiosk does not print twice."""
    NO_PRINTER = "no_printer"
    NAME_NEEDED = "name_needed"
    """A team seat not yet named: its badge is made at the desk."""
    FAILED = "failed"


_JOB_LINES = {
    PrintState.PRINTING: Badge.PRINTING,
    PrintState.PRINTED: Badge.PRINTED,
    PrintState.FAILED: Badge.FAILED,
    PrintState.NO_PRINTER: Badge.NO_PRINTER,
}


@dataclass(frozen=True)
class SignedUp:
    """What the confirmation screen shows: the visitor's own code and what to pay."""

    first_name: str
    code: str
    amount_due: int
    team_size: int


class KioskView(Protocol):
    def show_identify(self) -> None: ...
    def ask_letters(self, *, more: bool) -> None: ...
    def show_identify_error(self, text: str) -> None: ...
    def show_welcome(self, first_name: str, *, already: bool) -> None: ...
    def show_badge(self, state: Badge) -> None: ...
    def show_refusal(
        self, outcome: Outcome, first_name: str, amount_due: int, ticket_days: tuple[date, ...]
    ) -> None: ...
    def show_not_a_badge(self) -> None: ...
    def show_sign_up(self) -> None: ...
    def show_sign_up_errors(self, errors: dict[str, str]) -> None: ...
    def show_already_registered(self, text: str) -> None: ...
    def contacts_checked(self, taken: str | None) -> None: ...
    def show_signed_up(self, signed_up: SignedUp) -> None: ...
    def show_slip(self, state: Badge) -> None: ...
    def show_pin_error(self, text: str) -> None: ...
    def show_staff(self) -> None: ...
    def ask_new_pin(self) -> bool: ...
    def set_busy(self, busy: bool) -> None: ...


STEP_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("last_name", "first_name", "middle_name"),
    "contacts": ("phone", "email"),
    "work": ("company", "position"),
}


def is_phone(text: str) -> bool:
    """Whether the text is a phone number the kiosk can look people up by."""
    try:
        normalize_phone(text)
    except InvalidPhone:
        return False
    return True


def check_fields(values: dict[str, str]) -> dict[str, str]:
    """Field → message for every value in `values` that the registration would refuse."""
    errors: dict[str, str] = {}
    for name, value in values.items():
        try:
            if name == "phone":
                clean_phone(value, required=True)
            elif name == "email":
                clean_email(value)
            else:
                limit = NAME_MAX if name.endswith("_name") else TEXT_MAX
                required = name in ("last_name", "first_name")
                clean_field(value, name, required=required, limit=limit)
        except ValidationError as exc:
            errors[name] = str(exc)
    return errors


class KioskController(BaseController):
    """One self-service stand: whoever stands in front of it, one visitor at a time."""

    connection_lost = Signal()
    """A step found the database out of reach (the hub's state turns red at once)."""

    def __init__(
        self,
        desk: Desk,
        runner: Runner,
        settings: DeskSettings,
        view: KioskView | None = None,
        sender: printing_service.Sender | None = None,
    ) -> None:
        super().__init__(desk, runner, settings, sender)
        self.view: KioskView | None = view
        self.guard = Guard(desk.clock)
        self.pin_guard = Guard(desk.clock)
        self.sign_ups = SignUpLimit(desk.clock, settings.kiosk_sign_ups)
        self.phone = ""
        self.busy = False
        self._waiting_scan: str | None = None
        self.link: Link | None = None
        """Where the data is, and whether it can be reached (None: always, as in tests)."""
        self._online_db: Database | None = None
        """Working on the replica while the hub is out of reach: the hub's database, to go
        back to."""

    # ---- where the data is -----------------------------------------------------------------

    @property
    def reachable(self) -> bool:
        """Whether a visitor's step may be tried now (on the hub, or on the replica)."""
        return self.link is None or self.link.ready or self.offline

    @property
    def offline(self) -> bool:
        """Working on the kiosk's replica of the hub: what it does is queued (the outbox)."""
        return self._online_db is not None

    def set_link(self, link: Link, replica: Database | None = None) -> None:
        """The hub's state changed: out of reach, the kiosk works on its `replica` (when it
        has one); back within reach and synced, on the hub again."""
        self.link = link
        if link.offline and replica is not None and not self.offline:
            self._online_db = self.desk.db
            self.desk = replace(self.desk, db=replica)
        elif not link.offline and self._online_db is not None:
            self.desk = replace(self.desk, db=self._online_db)
            self._online_db = None

    def use_database(self, db: Database, name: str | None = None) -> None:
        """Work on another database from now on (a hub joined from the staff screen)."""
        self._online_db = None
        self.desk = replace(self.desk, db=db, name=name or self.desk.name)

    def _offline(self) -> None:
        self._identify_error(
            message(
                "Сейчас нет связи, и отметиться здесь нельзя. Пожалуйста, подойдите к стойке "
                "регистрации или попробуйте через минуту.",
                "There is no connection right now, so you cannot check in here. Please go to "
                "the registration desk, or try again in a minute.",
            )
        )

    # ---- the visitor's session -------------------------------------------------------------

    def forget(self) -> None:
        """Forget the visitor (the screens clear their own fields)."""
        self.phone = ""
        self._waiting_scan = None

    def identify(self, phone: str = "") -> None:
        self.phone = phone
        if self.view:
            self.view.show_identify()

    def phone_given(self, text: str) -> None:
        if not is_phone(text):
            self._identify_error(
                message(
                    "Проверьте номер: нужен мобильный телефон, например +7 914 123-45-67",
                    "Please check the number: a mobile phone such as +7 914 123-45-67",
                )
            )
            return
        self.phone = text
        if self.view:
            self.view.ask_letters(more=False)

    def letters_given(self, letters: str) -> None:
        if self.busy:
            return
        guard, phone = self.guard, self.phone
        self._step(
            "read",
            lambda desk: selfservice.find_by_phone_and_surname(desk.db, guard, phone, letters),
            self._looked_up,
        )

    def _looked_up(self, result: LookupResult) -> None:
        if result.status is Lookup.FOUND and result.attendee is not None:
            self._check_in(result.attendee.code, found=result.attendee.id)
        elif result.status is Lookup.MORE_LETTERS:
            if self.view:
                self.view.ask_letters(more=True)
        elif result.status is Lookup.LOCKED:
            self._identify_error(self._locked_text(result.retry_after))
        else:
            text = message(
                "Не нашли регистрацию с таким телефоном и фамилией. Проверьте их или "
                "подойдите к стойке регистрации.",
                "We could not find a registration with this phone and surname. Check "
                "them, or go to the registration desk.",
            )
            if result.tries_left is not None:
                text += " " + message(
                    "Осталось попыток: {n}.", "Tries left: {n}.", n=result.tries_left
                )
            self._identify_error(text)

    def scanned(self, code: str) -> None:
        """A QR code from the USB scanner or the camera: check that badge in for today.

        Scans are not rate-limited: a code has 60 random bits, so trying codes finds nobody,
        and a visitor holding their own badge is never turned away by someone else's tries.
        A scan that arrives while another step is still running waits for it.
        """
        if self.busy:
            self._waiting_scan = code
            return
        if not is_code_like(code):
            self.scanned_other(code)
            return
        if not self.reachable:
            self._offline()
            return
        self._check_in(code, scanned=True)

    def scanned_other(self, _text: str) -> None:
        """Something was scanned that is not a registration code (a link, a product code)."""
        if self.view:
            self.view.show_not_a_badge()

    def _check_in(self, code: str, *, found: int | None = None, scanned: bool = False) -> None:
        """Check in the badge scanned, or the visitor `found` (their id where they were
        looked up; taken again elsewhere — on the replica — by their code, as the ids of the
        two may differ)."""
        found_on = self.desk.db

        def work(desk: Desk) -> CheckInResult:
            by_id = found if desk.db is found_on else None
            return checkin_service.check_in(
                desk, "" if by_id is not None else code, attendee_id=by_id
            )

        self._step("write", work, lambda result: self._checked_in(result, code if scanned else ""))

    def _checked_in(self, result: CheckInResult, scanned: str = "") -> None:
        if result.status is Outcome.UNKNOWN_CODE and scanned and is_other_barcode(scanned):
            # Digits only, and nobody's: a product's barcode (the scanner hands on the last
            # 12 digits of an EAN-13), not a badge somebody mistyped.
            self.scanned_other(scanned)
            return
        attendee = result.attendee
        seat = attendee is not None and attendee.unnamed_seat
        first_name = attendee.first_name if attendee and not seat else ""
        admitted = result.status in (Outcome.CHECKED_IN, Outcome.ALREADY_CHECKED_IN)
        if not admitted or attendee is None:
            if self.view:
                self.view.show_refusal(
                    result.status, first_name, result.amount_due or 0, result.ticket_days
                )
            return
        if attendee is not None:
            self.note_change(Changes(frozenset({attendee.id})))
        if self.view:
            self.view.show_welcome(first_name, already=result.status is Outcome.ALREADY_CHECKED_IN)
        match result.badge:
            case BadgeAction.PRINT if result.status is Outcome.CHECKED_IN:
                self._print_badge(attendee, frozenset())
            case BadgeAction.OUT_OF_DATE:
                self._print_badge(attendee, frozenset({PrintWarning.OUT_OF_DATE}))
            case BadgeAction.PRINTED_BEFORE:
                self._badge(Badge.PRINTED_BEFORE)
            case BadgeAction.NEEDS_NAME:
                self._badge(Badge.NAME_NEEDED)  # a team seat still unnamed: the desk writes it in
            case _:
                self._badge(Badge.NONE)

    def _print_badge(self, attendee: AttendeeView, confirmed: frozenset[PrintWarning]) -> None:
        def asked(question: printing_service.AlreadyPrinted) -> None:
            # Printed meanwhile (another desk): the visitor collects it there.
            self._badge(Badge.PRINTED_BEFORE)

        self.print_badge_job(
            attendee,
            lambda state, _text: self._badge(_JOB_LINES[state]),
            confirmed=confirmed or None,
            on_question=asked,
        )

    def _badge(self, state: Badge) -> None:
        if self.view:
            self.view.show_badge(state)

    # ---- signing up ------------------------------------------------------------------------

    def tariffs(self) -> tuple[Tariff, ...]:
        """What a visitor may choose today (nothing whose days are partly over)."""
        return selfservice.kiosk_tariffs(self.desk.event, self.desk.today())

    def sign_up_chosen(self) -> None:
        """The visitor chose to sign up: a kiosk that has taken its share of sign-ups says so
        now, before the form is filled, not after."""
        if self.busy:
            return
        self.sign_ups.limit = self.settings.kiosk_sign_ups
        limit = self.sign_ups

        def counted(left: int) -> None:
            if left > 0:
                if self.view:
                    self.view.show_sign_up()
            else:
                self._identify_error(str(selfservice.TooManySignUps()))

        self._step("read", lambda desk: selfservice.sign_ups_left(desk, limit), counted)

    def check_contacts(self, phone: str, email: str) -> None:
        """The contacts step: a phone or e-mail registered already is refused right there."""
        if self.busy:
            return

        def checked(taken: str | None) -> None:
            if self.view:
                self.view.contacts_checked(taken)

        def refused(exc: Exception) -> None:
            if isinstance(exc, selfservice.Locked):
                if self.view:
                    self.view.show_sign_up_errors({"": str(exc)})
                return
            self._sign_up_refused(exc)

        guard = self.guard
        self._step(
            "read",
            lambda desk: selfservice.contact_taken(desk, guard, phone, email),
            checked,
            refused,
        )

    def sign_up(self, request: Registration) -> None:
        if self.busy:
            return
        self.sign_ups.limit = self.settings.kiosk_sign_ups
        guard, limit = self.guard, self.sign_ups
        # Offline the visitor is registered on the replica with a code made here (sent to the
        # hub with the rest); one whose registration reached the hub just before its answer
        # was lost is made again there under the same nonce — the same code — and found
        # applied when sent.
        self._step(
            "write",
            lambda desk: selfservice.self_register(desk, guard, request, limit),
            self._signed_up,
            self._sign_up_refused,
        )

    def _signed_up(self, result: RegistrationResult) -> None:
        contact = result.attendees[0]
        self.note_change(Changes(frozenset(a.id for a in result.attendees)))
        if self.view:
            self.view.show_signed_up(
                SignedUp(
                    first_name=contact.first_name,
                    code=contact.code,
                    amount_due=sum(a.amount_due for a in result.attendees),
                    team_size=len(result.attendees),
                )
            )
        if self.settings.kiosk_slip:
            self._print_slip(contact)

    def _sign_up_refused(self, exc: Exception) -> None:
        if isinstance(exc, selfservice.AlreadyRegistered):
            if self.view:
                self.view.show_already_registered(str(exc))
            return
        if isinstance(exc, ValidationErrors):
            if self.view:
                self.view.show_sign_up_errors(dict(exc.errors))
            return
        if isinstance(exc, ServiceError):
            if self.view:
                self.view.show_sign_up_errors({exc.field or "": str(exc)})
            return
        self._failed(exc)

    def _print_slip(self, contact: AttendeeView) -> None:
        if not self.settings.printer:
            self._slip(Badge.NO_PRINTER)
            return
        options: dict[str, Any] = {}
        if self.print_sender:
            options["sender"] = self.print_sender
        self._slip(Badge.PRINTING)
        printer, layout = self.settings.printer, self.settings.layout
        # Its record on a hub within the scan deadline; a hub lost on the way has it recorded
        # on the replica instead, the slip not printed twice (PrintAttempt).
        attempt = printing_service.PrintAttempt()
        self.act(
            "slow",
            lambda desk: printing_service.print_slip(
                desk, contact, printer=printer, layout=layout, attempt=attempt, **options
            ),
            lambda _where: self._slip(Badge.PRINTED),
            lambda exc: self._print_failed(exc, self._slip),
            scan_time=True,
        )

    def _slip(self, state: Badge) -> None:
        if self.view:
            self.view.show_slip(state)

    # ---- staff -----------------------------------------------------------------------------

    def pin_given(self, pin: str) -> None:
        retry = self.pin_guard.locked()
        if retry is not None:
            if self.view:
                self.view.show_pin_error(self._locked_text(retry))
            return
        # A write: a right PIN hashed at an older, lower cost is re-hashed on the way.
        self._step("write", lambda desk: selfservice.check_pin(desk.db, pin), self._pin_checked)

    def _pin_checked(self, check: PinCheck) -> None:
        if check is PinCheck.REPLACE:
            # A PIN of the first version's kind lets staff in this once, to choose a new one;
            # nothing else until they have. Without the hub the new one could not be kept
            # (the replica takes the hub's PIN at each pull): they are let in, and asked
            # again once the hub is back.
            self.pin_guard.succeeded()
            if self.view and (self.offline or self.view.ask_new_pin()):
                self.view.show_staff()
            return
        if check is PinCheck.RIGHT:
            self.pin_guard.succeeded()
            if self.view:
                self.view.show_staff()
            return
        self.pin_guard.failed()
        retry = self.pin_guard.locked()
        if self.view:
            self.view.show_pin_error(
                self._locked_text(retry) if retry else message("Неверный PIN", "Wrong PIN")
            )

    # ---- plumbing --------------------------------------------------------------------------

    def _step(
        self,
        kind: str,
        work: Callable[[Desk], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        """A visitor's step, done by `work` as the desk it is given (`act`): on a hub under a
        nonce of its own and within the scan deadline; when the hub turns out to be out of
        reach and the kiosk has its replica, the step is done again there under the same
        nonce — the visitor is never sent away for the hub's sake. One step at a time: the
        screens are busy until it ends; a scan that came meanwhile is taken next."""
        self._set_busy(True)

        def done(value: Any) -> None:
            self._set_busy(False)
            on_done(value)
            self._scan_waiting()

        def failed(exc: Exception) -> None:
            self._set_busy(False)
            (on_error or self._failed)(exc)
            self._scan_waiting()

        self.act(kind, work, done, failed, scan_time=True)

    def action_nonce(self) -> str | None:
        """On a hub every step has a name of its own: if the hub got it but its answer did not
        come in time, the same step done on the replica is applied there once."""
        if not self.offline and self.link is not None and self.link.place is Place.HUB:
            return str(uuid.uuid4())
        return None

    def working_offline_after(self, exc: Exception, desk: Desk) -> bool:
        """A lost hub: said at once (the station goes on to the replica, if there is one); the
        step tried on the hub is done again on the replica when the kiosk now works on it."""
        if not is_connection_lost(exc):
            return False
        self.connection_lost.emit()
        return self.offline and desk.db is not self.desk.db

    def bounded(self, work: Callable[[], T]) -> Callable[[], T]:
        """On a hub a visitor's step answers within the scan deadline, or the hub is taken as
        lost; on the replica nothing is cut."""
        if self.offline or self.link is None or self.link.place is not Place.HUB:
            return work
        return deadline.within(deadline.SCAN_DEADLINE_S, work)

    def _scan_waiting(self) -> None:
        if not self.busy and self._waiting_scan is not None:
            code, self._waiting_scan = self._waiting_scan, None
            self.scanned(code)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        if self.view:
            self.view.set_busy(busy)

    def _identify_error(self, text: str) -> None:
        if self.view:
            self.view.show_identify_error(text)

    def _locked_text(self, retry_after: datetime | None) -> str:
        if retry_after is None:
            return str(selfservice.Locked(self.desk.now()))
        minutes = max(1, round((retry_after - self.desk.now()).total_seconds() / 60))
        return message(
            "Слишком много попыток. Попробуйте через {m} мин или подойдите к стойке регистрации.",
            "Too many attempts. Try again in {m} min, or go to the registration desk.",
            m=minutes,
        )

    def _print_failed(self, exc: Exception, report: Callable[[Badge], None]) -> None:
        if not isinstance(exc, ServiceError | PrinterError):
            log.error("kiosk printing failed: %s", getattr(exc, "__traceback_text__", exc))
        else:
            log.warning("kiosk printing failed: %s", exc)
        report(Badge.FAILED)

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, ServiceError):
            self._identify_error(str(exc))
            return
        if is_connection_lost(exc):
            self.connection_lost.emit()
            self._offline()
            return
        log.error("kiosk action failed: %s", getattr(exc, "__traceback_text__", exc))
        self._identify_error(
            message(
                "Что-то пошло не так. Пожалуйста, подойдите к стойке регистрации.",
                "Something went wrong. Please go to the registration desk.",
            )
        )


def person_from(values: dict[str, str]) -> PersonInput:
    return PersonInput(
        last_name=values.get("last_name", ""),
        first_name=values.get("first_name", ""),
        middle_name=values.get("middle_name", ""),
        company=values.get("company", ""),
        position=values.get("position", ""),
        phone=values.get("phone") or None,
        email=values.get("email") or None,
    )
