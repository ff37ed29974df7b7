"""The machinery of the `kiosk` command: parser, exit statuses, output as text or JSON.

Every failure a person can cause ends as one clear message (or a JSON error object) and a
documented exit status; anything unexpected is logged with its traceback to a file, never shown.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum, IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, TypeAlias, TypeVar

from kiosk.badges.layouts import LayoutError
from kiosk.config import Event, EventFileError, load_event
from kiosk.db import Database, DatabaseError, open_database
from kiosk.files import private_umask
from kiosk.i18n import tr, translate_argparse
from kiosk.logs import file_handler
from kiosk.printers import PrinterError
from kiosk.services.context import Desk, default_operator
from kiosk.services.errors import DuplicateError, NotFoundError, ServiceError
from kiosk.text import quote, terminal_safe

log = logging.getLogger("kiosk")
T = TypeVar("T")

if TYPE_CHECKING:
    from kiosk.offline.sync import SyncResult


class Exit(IntEnum):
    """Exit statuses of the `kiosk` command (documented in the README)."""

    OK = 0
    INTERNAL = 1
    INVALID = 2
    DATABASE = 3
    NOT_FOUND = 4
    DUPLICATE = 5
    ALREADY_PRINTED = 6
    PRINTER = 7
    ALREADY_CHECKED_IN = 10
    NOT_ENTITLED = 11
    UNPAID = 12
    CANCELLED = 13
    UNKNOWN_CODE = 14
    NOT_AN_EVENT_DAY = 15
    NOT_A_CODE = 16


class Acting(Enum):
    """What a command does under the name it acts as (`Context.desk`): what its writes are
    credited to when no name is given, and whether a name another desk holds is refused."""

    DESK = "desk"
    """A desk's action (a check-in, a payment, a registration, a print…): written under the
    name; from a laptop that is no desk of the hub, «командная строка» / «command line»."""
    ORGANISER = "organiser"
    """The organiser's decision (a refund, a merge, a review, an import…): written under the
    name; from a laptop that is no desk of the hub, «организатор» / «organiser»."""
    READS = "reads"
    """Only reads (finding people, figures, reports, exports): no name is ever refused."""


def acting(parser: argparse.ArgumentParser, how: Acting) -> None:
    """Says what the command does under a name (a command that says nothing is a desk's)."""
    parser.set_defaults(acting=how)


class CommandError(Exception):
    """Stop the command with a message, an optional field name and an exit status."""

    def __init__(
        self,
        message: str,
        status: Exit = Exit.INVALID,
        field: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.field = field
        self.extra = extra or {}


translate_argparse()


_LONG_WORD = re.compile(r"\S{81,}")


class Parser(argparse.ArgumentParser):
    """argparse that reports usage errors through our own error path (text or JSON)."""

    def error(self, message: str) -> NoReturn:
        # argparse quotes the offending value whole: a 100 KB argument would come back whole.
        message = _LONG_WORD.sub(lambda m: quote(m.group(0)), message)
        raise CommandError(
            tr(
                "{m}\nСправка: {p} --help",
                "{m}\nHelp: {p} --help",
                m=quote(message, 300),
                p=self.prog,
            )
        )


@dataclass
class Context:
    """What a command needs: parsed arguments, the event, the database, and the output."""

    args: argparse.Namespace
    out: TextIO
    _event: Event | None = None
    _db: Database | None = None
    offline: bool = False
    """The hub could not be reached: the command works on this laptop's replica of it."""
    _names_checked: set[str] = field(default_factory=set)
    _never_synced: bool = False
    """The hub was lost, and this laptop has no replica of it to work on: it never synced."""
    sent_first: int = 0
    """Actions this laptop's outbox sent to the hub before the command's own (`at_the_desk`)."""
    _outbox_checked: bool = False
    _local: Database | None = None
    """This laptop's replica of the hub, once opened (to send its outbox, or to work on)."""

    @property
    def json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    @property
    def event(self) -> Event:
        if self._event is None:
            try:
                self._event = load_event(self.args.event)
            except EventFileError as exc:
                raise CommandError(str(exc), Exit.INVALID, "event") from None
        return self._event

    @property
    def names_a_hub(self) -> bool:
        """`--db` (or KIOSK_DB) is a hub's join code."""
        from kiosk.hub.join import looks_like_join_code

        return looks_like_join_code(self.args.db or os.environ.get("KIOSK_DB") or "")

    @property
    def db(self) -> Database:
        if self._db is None:
            try:
                with self._opening_deadline():
                    self._db = open_database(
                        self.args.db,
                        self.event,
                        create=bool(getattr(self.args, "creates_database", False)),
                    )
            except DatabaseError as exc:
                replica = self._replica_instead()
                if replica is None:
                    message = _with_hint(str(exc), self._never_synced)
                    raise CommandError(message, Exit.DATABASE, "db") from None
                self._db = replica
        return self._db

    def _opening_deadline(self) -> AbstractContextManager[None]:
        """A hub opened for a command that can work on this laptop's replica of it answers
        within the scan deadline, or the command goes on with the replica (kiosk.hub.deadline);
        anything else is opened without a deadline."""
        if not (getattr(self.args, "offline_ok", False) and self.names_a_hub):
            return nullcontext()
        from kiosk.hub import deadline

        deadline.load_driver()  # its import is this laptop's time, not the hub's
        return deadline.deadline()

    def at_the_desk(self, work: Callable[[Desk], T]) -> T:
        """A desk action a person waits for (finding someone, a registration, a check-in, a
        payment, a correction, a badge's print), done by `work` as the desk it is given. On a
        hub (PostgreSQL) its work there must be done within the scan deadline, as at the desk
        app, and on a hub named by its join code it is done under a nonce (`Desk.under`). A hub
        lost on the way (no answer in time, a broken connection) leaves it to this laptop's
        replica of the hub: done there again under the same nonce and queued, so one the hub
        applied though its answer was lost counts once when sent. Without a replica the command
        stops, saying so."""
        db = self.db
        if self.offline or db.engine.dialect.name != "postgresql":
            return work(self.desk())
        from kiosk.hub.deadline import deadline
        from kiosk.hub.live import is_connection_lost

        nonce = str(uuid.uuid4()) if self.names_a_hub else None

        def desk() -> Desk:
            # A fresh `under` for every try: its nonces are counted as they are given.
            return self.desk() if nonce is None else self.desk().under(nonce)

        try:
            self._send_outbox_first(db)
            with deadline():
                return work(desk())
        except Exception as exc:
            not_sent = isinstance(exc, _OutboxNotSent)
            if not (not_sent or is_connection_lost(exc)):
                raise
            replica = self._replica_instead(str(exc) if not_sent else None)
            if replica is None:
                message = _with_hint(_hub_lost_text(), self._never_synced)
                raise CommandError(message, Exit.DATABASE, "db") from None
        db.dispose()
        self._db = replica
        return work(desk())

    def _send_outbox_first(self, hub: Database) -> None:
        """Before a desk's first action on the hub its join code names, what this laptop did
        without that hub and has not sent yet is sent, as `kiosk sync` sends it (each action
        once, by its nonce), without its pull (`kiosk sync` pulls): the command then finds the
        hub with this desk's own payments, check-ins and corrections in it. Within the scan
        deadline: a hub lost on the way (the batches it committed stay sent) leaves the
        command to the replica, which holds them all. An empty outbox costs one query of the
        replica's file.

        An error that is no lost connection stops the sending too (logged, as by `kiosk sync`),
        and the command works on the replica: the hub without this desk's queued actions
        would answer for it wrongly (as the desk app, which stays on its replica then)."""
        if self._outbox_checked or not getattr(self.args, "offline_ok", False):
            return
        self._outbox_checked = True
        from kiosk.hub.join import JoinCodeError
        from kiosk.offline.local import join_code, replica_path
        from kiosk.offline.outbox import may_be_waiting

        try:
            code = join_code(self.args.db)
        except JoinCodeError:
            return
        if code is None or not may_be_waiting(replica_path(code)):
            return
        from kiosk.hub.deadline import deadline
        from kiosk.hub.live import is_connection_lost
        from kiosk.offline.local import installation_id, open_local_replica
        from kiosk.offline.sync import queued, send

        replica = self._local or open_local_replica(code, self.event, create=False)
        if replica is None:
            return
        self._local = replica
        me = installation_id(code)
        if not queued(replica, me):
            return
        try:
            with deadline():
                result = send(Desk(hub, self.event, name=self.desk().name), replica, me)
        except Exception as exc:
            if is_connection_lost(exc):
                raise
            path = _log_internal_error()
            raise _OutboxNotSent(
                tr(
                    "Очередь не отправлена на хаб: ошибка, подробности в журнале {p}; работаю "
                    "по копии на этом ноутбуке, очередь сохранена (kiosk sync).",
                    "The queue was not sent to the hub: an error, details are in the log {p}; "
                    "working on this laptop's copy, the queue is kept (kiosk sync).",
                    p=path or "-",
                )
            ) from exc
        self.sent_first = result.sent
        if result.sent:
            said = tr(
                "Отправлено на хаб из очереди: {n}.",
                "Sent to the hub from the queue: {n}.",
                n=result.sent,
            )
            if result.conflicts:
                said += " " + kept_for_organiser_text(result)
            sys.stderr.write(said + "\n")

    def sent_first_field(self) -> dict[str, int]:
        """`"sent_first": N` for a desk action's JSON document when its outbox sent N first."""
        return {"sent_first": self.sent_first} if self.sent_first else {}

    def outbox_counts(self) -> tuple[int, int]:
        """How many actions wait in this laptop's outbox for the hub `--db` names, and how
        many of them are scans refused at the door (sent only for the hub to record)."""
        from kiosk.offline.local import installation_id, join_code
        from kiosk.offline.sync import queued, refusals_among

        code = join_code(self.args.db)
        if not self.offline or code is None:
            return 0, 0
        waiting = queued(self.db, installation_id(code))
        return len(waiting), refusals_among(waiting)

    def copy_note(self) -> tuple[dict[str, Any], list[str]]:
        """Working without the hub, on this laptop's copy of it: what the JSON and the text
        say (the copy's time; the decisions are the hub's to make). Nothing on the hub."""
        if not self.offline:
            return {}, []
        from kiosk import present
        from kiosk.offline.replica import last_pull
        from kiosk.services.views import iso_local

        pulled = last_pull(self.db)
        at = pulled[1] if pulled is not None else None
        line = tr(
            "Без хаба: данные копии от {w}, решения — когда хаб вернётся.",
            "Without the hub: the copy's data as of {w}; decisions wait for the hub.",
            w=present.local_day_time(self.event, at),
        )
        return {"offline": True, "data_at": iso_local(at, self.event)}, [line]

    def _replica_instead(self, why: str | None = None) -> Database | None:
        """This laptop's replica of the hub the join code names, for a command that can work
        on it (`offline_ok`: finding people, figures, registrations, check-ins, payments,
        upgrades, prints, undos and corrections, queued to be sent). `why` it works there, if
        not because the hub is lost."""
        if not getattr(self.args, "offline_ok", False):
            return None
        from kiosk.hub.join import JoinCodeError
        from kiosk.offline.local import join_code, open_local_replica
        from kiosk.offline.replica import last_pull

        try:
            code = join_code(self.args.db)
        except JoinCodeError:
            return None  # the hub's own error says it was misread
        replica = self._local
        if replica is None and code is not None:
            replica = open_local_replica(code, self.event, create=False)
        self._local = None
        if replica is not None and last_pull(replica) is None:
            replica.dispose()  # made, never filled: nobody could be found in it
            replica = None
        if replica is None:
            self._never_synced = code is not None
            return None
        self.offline = True
        sys.stderr.write(
            (
                why
                or tr(
                    "Хаб недоступен: работаю по копии на этом ноутбуке; сделанное уйдёт на хаб "
                    "командой «kiosk sync».",
                    "The hub cannot be reached: working on this laptop's copy; what is done "
                    "goes to the hub with «kiosk sync».",
                )
            )
            + "\n"
        )
        return replica

    def desk(self) -> Desk:
        """The desk the command acts as: the name given (`--desk`, KIOSK_DESK), else this
        laptop's own desk of the hub `--db` names, else what the command is (`Acting`): the
        organiser, or the command line — never a desk's name it did not take. A command that
        writes may not act under another desk's name; one that only reads is never refused."""
        how: Acting = getattr(self.args, "acting", Acting.DESK)
        given = getattr(self.args, "desk_name", None) or self.args.desk
        name = (given or self._own_desk_name() or _unnamed(how))[:60]
        db = self.db
        if how is not Acting.READS and not self.offline and name not in self._names_checked:
            self._refuse_a_hub_desks_name(db, name)
            self._names_checked.add(name)
        return Desk(db, self.event, name=name, operator=self.args.operator[:60])

    def _own_desk_name(self) -> str:
        """The name this laptop's desk has on the hub `--db` names (kept at its join, in its
        profile: KIOSK_HOME), or "" when it is no desk of that hub."""
        if not self.names_a_hub:
            return ""
        from kiosk.hub.desks import DESK, known_installation
        from kiosk.hub.join import JoinCodeError
        from kiosk.offline.local import join_code

        try:
            code = join_code(self.args.db)
        except JoinCodeError:
            return ""  # the hub's own error says it was misread
        mine = known_installation(code, DESK) if code is not None else None
        return mine.name if mine is not None else ""

    def _refuse_a_hub_desks_name(self, db: Database, name: str) -> None:
        """On a hub, a call is no desk but may not act under another desk's name (its
        check-ins would read as that desk's): refused as the app refuses a taken name. This
        laptop's own desk of that hub may be named."""
        from kiosk.hub.join import JoinCodeError
        from kiosk.offline.local import join_code

        try:
            code = join_code(self.args.db)
        except JoinCodeError:
            return
        if code is None:
            return
        from kiosk.hub.desks import DESK, DeskNameTaken, known_installation, refuse_taken_name

        mine = known_installation(code, DESK)
        try:
            refuse_taken_name(db, name, mine.id if mine else None)
        except DeskNameTaken as exc:
            raise CommandError(
                tr(
                    "{e} Для команды: --desk ИМЯ (или KIOSK_DESK).",
                    "{e} For a command: --desk NAME (or KIOSK_DESK).",
                    e=exc,
                ),
                Exit.INVALID,
                "desk",
            ) from None

    def emit(self, document: dict[str, Any], text: str | Iterator[str]) -> None:
        """Print the JSON document with --json, else the human text (without control
        characters: nothing stored or typed goes raw to the terminal)."""
        if self.json:
            # JSON escapes every control character itself.
            json.dump(document, self.out, ensure_ascii=False, default=_json_default)
            self.out.write("\n")
        elif isinstance(text, str):
            text = terminal_safe(text)
            self.out.write(text + ("\n" if text and not text.endswith("\n") else ""))
        else:
            for line in text:
                self.out.write(terminal_safe(line) + "\n")

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()
        if self._local is not None:
            self._local.dispose()


class _OutboxNotSent(Exception):
    """Sending this laptop's outbox first failed otherwise than by a lost hub (its message
    says so, for the person at the desk)."""


def _unnamed(how: Acting) -> str:
    """The name of a command run on a laptop that is no desk: what it is, not a desk's."""
    from kiosk.present import command_line_name, organiser_name

    return organiser_name() if how is Acting.ORGANISER else command_line_name()


def _hub_lost_text() -> str:
    return tr(
        "Хаб не ответил вовремя: связь пропала во время команды. Если команда что-то меняла, "
        "проверьте, когда связь вернётся, дошло ли это до хаба (kiosk show КОД).",
        "The hub did not answer in time: the connection went during the command. If the "
        "command changed something, check once the connection is back whether it reached the "
        "hub (kiosk show CODE).",
    )


def kept_for_organiser_text(result: SyncResult) -> str:
    """What a sync's replay left for the organiser to decide, by kind, and where to look."""
    from kiosk.offline.sync import conflicts_text

    return tr(
        "Хаб отложил для решения организатора: {c} ({k}) — смотрите kiosk review.",
        "Kept by the hub for the organiser to decide: {c} ({k}) — see kiosk review.",
        c=result.conflicts,
        k=conflicts_text(result),
    )


def never_synced_text() -> str:
    """What a desk that has never synced with its hub does to work without it."""
    return tr(
        "Без хаба команды работают по копии события на этом ноутбуке, а её ещё нет: "
        "подключитесь к хабу один раз (kiosk sync), пока он доступен.",
        "Without the hub, commands work on this laptop's copy of the event, and there is none "
        "yet: connect to the hub once (kiosk sync) while it can be reached.",
    )


def _with_hint(message: str, never_synced: bool) -> str:
    return f"{message}\n{never_synced_text()}" if never_synced else message


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


Handler = Callable[[Context], Exit]


def build_parser(
    register: Sequence[Callable[[argparse._SubParsersAction[Parser]], None]],
) -> Parser:
    parser = Parser(
        prog="kiosk",
        description=tr(
            "Стойка регистрации события: поиск, отметка, регистрация на месте.",
            "Event registration desk: find, check in, register walk-ins.",
        ),
    )
    parser.add_argument(
        "--db",
        default=os.environ.get("KIOSK_DB"),
        help=tr(
            "код подключения к хабу, адрес базы SQLAlchemy или путь к файлу SQLite (по "
            "умолчанию KIOSK_DB, иначе хаб, к которому подключена стойка этого профиля, иначе "
            "файл в папке данных пользователя)",
            "a hub's join code, an SQLAlchemy URL or an SQLite file path (default: KIOSK_DB, "
            "else the hub this profile's desk joined, else a file in the user data folder)",
        ),
    )
    parser.add_argument(
        "--event",
        default=os.environ.get("KIOSK_EVENT"),
        help=tr("файл события TOML (KIOSK_EVENT)", "event TOML file (KIOSK_EVENT)"),
    )
    parser.add_argument(
        "--desk",
        default=os.environ.get("KIOSK_DESK"),
        help=tr(
            "имя стойки (KIOSK_DESK; иначе имя этой стойки на хабе, а у ноутбука без "
            "стойки — «организатор» для решений организатора и «командная строка» для "
            "остального)",
            "desk name (KIOSK_DESK; else this desk's name on the hub; on a laptop with no "
            "desk, «organiser» for the organiser's decisions and «command line» for the rest)",
        ),
    )
    parser.add_argument(
        "--operator",
        default=default_operator(),
        help=tr("кто работает за стойкой", "who is at the desk"),
    )
    # Before the command as after it (`kiosk --json search …`): a flag of its own here, since
    # a command's default would overwrite the same one given before it.
    parser.add_argument(
        "--json",
        dest="json_first",
        action="store_true",
        help=tr(
            "вывод в JSON (как и после команды)", "print one JSON document (as after the command)"
        ),
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    subparsers.required = True
    for add in register:
        add(subparsers)
    return parser


Subparsers: TypeAlias = "argparse._SubParsersAction[Parser]"


def add_command(sub: Subparsers, name: str, handler: Handler, ru: str, en: str) -> Parser:
    """A subcommand with its handler, a help line in the user's language, and --json."""
    parser: Parser = sub.add_parser(name, help=tr(ru, en), description=tr(ru, en))
    parser.set_defaults(handler=handler)
    json_flag(parser)
    return parser


def json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json", action="store_true", help=tr("вывод в JSON", "print one JSON document")
    )


def _has_undecodable(argv: Sequence[str]) -> bool:
    # Bytes that are not valid in the locale's encoding arrive as lone surrogates.
    return any(any("\udc80" <= ch <= "\udcff" for ch in arg) for arg in argv)


def _log_path() -> Path:
    from kiosk.profile import log_folder  # only when something went wrong

    return log_folder() / "kiosk.log"


@contextmanager
def logged_to_file() -> Iterator[None]:
    """What the core logs meanwhile (why a hub could not be reached: the driver's own words,
    kept out of the message) goes to the command's log file; nowhere if it cannot be opened."""
    try:
        handler = file_handler(_log_path())
    except OSError:
        yield
        return
    log.addHandler(handler)
    level = log.level
    log.setLevel(min(level or logging.INFO, logging.INFO))
    try:
        yield
    finally:
        log.setLevel(level)
        log.removeHandler(handler)
        handler.close()


def _log_internal_error() -> Path | None:
    try:
        path = _log_path()
        handler = file_handler(path)
        log.addHandler(handler)
        log.exception("internal error")
        handler.close()
        log.removeHandler(handler)
        return path
    except OSError:
        return None


def run(
    argv: Sequence[str] | None,
    register: Sequence[Callable[[argparse._SubParsersAction[Parser]], None]],
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    private_umask()  # the database, its -wal/-shm, the log, exports: owner-only
    out = out or sys.stdout
    err = err or sys.stderr
    for stream in (out, err):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    arguments = list(sys.argv[1:] if argv is None else argv)
    wants_json = "--json" in arguments
    ctx: Context | None = None

    def fail(message: str, status: Exit, field: str | None, extra: dict[str, Any]) -> int:
        if wants_json:
            json.dump(
                {"error": message, "field": field, **extra},
                out,
                ensure_ascii=False,
                default=_json_default,
            )
            out.write("\n")
        else:
            err.write(terminal_safe(tr("Ошибка: {m}", "Error: {m}", m=message)) + "\n")
        return int(status)

    try:
        if _has_undecodable(arguments):
            raise CommandError(
                tr(
                    "В аргументах есть байты, которые не являются текстом",
                    "The arguments contain bytes that are not text",
                )
            )
        parser = build_parser(register)
        try:
            args = parser.parse_args(arguments)
        except SystemExit as exc:  # --help / --version
            return int(exc.code or 0) if isinstance(exc.code, int) else 0
        args.json = getattr(args, "json", False) or args.json_first
        if args.db is None:  # neither --db nor KIOSK_DB: the hub this desk joined, if any
            from kiosk.profile import remembered_hub

            args.db = remembered_hub()
        ctx = Context(args, out)
        handler: Handler = args.handler
        return int(handler(ctx))
    except CommandError as exc:
        return fail(str(exc), exc.status, exc.field, exc.extra)
    except LayoutError as exc:
        return fail(str(exc), Exit.INVALID, "layout", {})
    except PrinterError as exc:
        return fail(str(exc), Exit.PRINTER, "printer", {})
    except DuplicateError as exc:
        return fail(str(exc), Exit.DUPLICATE, exc.field, {"existing_code": exc.existing.code})
    except NotFoundError as exc:
        return fail(str(exc), Exit.NOT_FOUND, exc.field, {})
    except ServiceError as exc:
        return fail(str(exc), Exit.INVALID, exc.field, {})
    except DatabaseError as exc:
        return fail(str(exc), Exit.DATABASE, "db", {})
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`kiosk … | head`): nothing more to say, and nowhere to say it.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return int(Exit.OK)
    except Exception:
        path = _log_internal_error()
        return fail(
            tr(
                "внутренняя ошибка программы; подробности в журнале {p}",
                "internal error; details are in the log {p}",
                p=path or "-",
            ),
            Exit.INTERNAL,
            None,
            {},
        )
    finally:
        if ctx is not None:
            ctx.close()
