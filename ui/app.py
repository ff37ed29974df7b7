"""Starting the desk application: arguments, event, database, translations, first start."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from platformdirs import user_cache_path
from PySide6.QtCore import QLibraryInfo, QLocale, QRect, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from kiosk.config import RESOURCES, Event, EventFileError, load_event
from kiosk.db import Database, DatabaseError, NoDatabase, open_database
from kiosk.files import private_umask
from kiosk.hub.desks import DESK, KIOSK
from kiosk.hub.join import looks_like_join_code
from kiosk.i18n import LANGUAGES, set_language, speaking, translate_argparse
from kiosk.i18n import tr as in_language  # the arguments are read before Qt's translations
from kiosk.logs import file_handler
from kiosk.profile import ProfileLock, hold_profile
from kiosk.services.context import Desk
from ui.common.collector import GuiThreadCollector
from ui.common.hub import HubHost, Joined, Station
from ui.common.hub_widgets import join_and_wait, offline_start_and_wait, wait_for_host
from ui.common.printing import qt_sender
from ui.common.runner import Runner
from ui.common.screen import screen_room
from ui.common.settings import DeskSettings, load_settings, save_hub_settings, with_overrides
from ui.common.sounds import Sounds
from ui.common.system import qt_window_problem
from ui.desk.controller import DeskController
from ui.desk.window import DeskWindow

if TYPE_CHECKING:
    from ui.kiosk.window import KioskWindow

TRANSLATIONS = RESOURCES / "translations"
log = logging.getLogger("kiosk")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The arguments; `--help` and a mistake in them are told in the language the app will
    speak (`start_language`)."""
    with speaking(start_language(argv)):
        translate_argparse()
        return _parser().parse_args(list(argv))


def start_language(argv: Sequence[str]) -> str:
    """The interface language this start will have: `--lang`, else KIOSK_LANG, else the
    one chosen in the desk's settings (Russian until one is)."""
    given = os.environ.get("KIOSK_LANG")
    for position, arg in enumerate(argv):
        if arg == "--lang" and position + 1 < len(argv):
            given = argv[position + 1]
        elif arg.startswith("--lang="):
            given = arg.partition("=")[2]
    if given in LANGUAGES:
        return str(given)
    chosen = load_settings().language
    return chosen if chosen in LANGUAGES else "ru"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description=in_language(
            "Стойка регистрации события: окно для персонала, а с --kiosk — киоск "
            "самообслуживания для гостей.",
            "The event's registration desk: the staff window, or with --kiosk a self-service "
            "kiosk for visitors.",
        ),
    )
    parser.add_argument(
        "--db",
        default=os.environ.get("KIOSK_DB"),
        help=in_language(
            "файл SQLite, адрес базы или код подключения к хабу (KIOSK_DB; по умолчанию — "
            "хаб из настроек или файл в папке данных пользователя)",
            "an SQLite file, a database URL or a hub's join code (KIOSK_DB; default: the hub "
            "in the settings, or a file in the user data folder)",
        ),
    )
    parser.add_argument(
        "--event",
        default=os.environ.get("KIOSK_EVENT"),
        help=in_language("файл события TOML (KIOSK_EVENT)", "the event's TOML file (KIOSK_EVENT)"),
    )
    parser.add_argument(
        "--desk",
        default=os.environ.get("KIOSK_DESK"),
        help=in_language("имя стойки (KIOSK_DESK)", "the desk's name (KIOSK_DESK)"),
    )
    parser.add_argument(
        "--printer",
        default=os.environ.get("KIOSK_PRINTER"),
        help=in_language("принтер бейджей (KIOSK_PRINTER)", "the badge printer (KIOSK_PRINTER)"),
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=os.environ.get("KIOSK_LANG"),
        help=in_language(
            "язык интерфейса (KIOSK_LANG; по умолчанию — из настроек стойки)",
            "the interface language (KIOSK_LANG; default: the desk's settings)",
        ),
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help=in_language(
            "загрузить демо-данные в пустую базу, не спрашивая",
            "load demo data into an empty database without asking",
        ),
    )
    parser.add_argument(
        "--kiosk",
        action="store_true",
        help=in_language(
            "киоск самообслуживания для гостей во весь экран (выйти — по PIN-коду персонала)",
            "run as a full-screen self-service kiosk for visitors (leaving needs the staff PIN)",
        ),
    )
    # For smoke tests and the start-up benchmark: quit once the window is shown and idle.
    parser.add_argument("--quit-after-ms", type=int, default=None, help=argparse.SUPPRESS)
    return parser


def install_translations(app: QApplication, language: str) -> list[QTranslator]:
    """Russian is the interface language; English is the source text of the code."""
    set_language(language)
    installed: list[QTranslator] = []
    if language != "ru":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        return installed
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    ours = desk_translator(app)
    if ours is not None:
        app.installTranslator(ours)
        installed.append(ours)
    qt_own = QTranslator(app)
    if qt_own.load("qtbase_ru", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        installed.append(qt_own)
    return installed


class _HeldTranslator(QTranslator):
    """A translator over bytes it holds itself (Qt reads them in place, never copying)."""

    def __init__(self, data: bytes, parent: QApplication) -> None:
        super().__init__(parent)
        self.data = data


def desk_translator(app: QApplication) -> QTranslator | None:
    """The desk's Russian, read into memory. Loaded by file name, Qt maps the .qm file and
    reads it there for as long as the app runs: rewriting the file in place meanwhile (a
    translation update, lrelease) left every text made afterwards in English — a list's
    headers, its states, «4 found» — while the labels made before stayed Russian."""
    try:
        data = (TRANSLATIONS / "desk_ru.qm").read_bytes()
    except OSError:
        return None
    translator = _HeldTranslator(data, app)
    return translator if translator.load(translator.data) else None


class Translations:
    """The interface language, switchable while the app runs (the kiosk's language buttons)."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.installed: list[QTranslator] = []

    def use(self, language: str) -> None:
        for translator in self.installed:
            self.app.removeTranslator(translator)
        self.installed = install_translations(self.app, language)


class _Starting:
    """The profile this process holds while it starts (`run`)."""

    profile: ProfileLock | None = None


def fail(title: str, message: str, close_after_ms: int | None = None) -> int:
    """Tell why the desk cannot start (also on stderr, for whoever launched it) and exit 2.
    The profile is let go first: a second start while the message waits for a click is not
    told that the desk is already running."""
    if _Starting.profile is not None:
        _Starting.profile.release()
    sys.stderr.write(f"{title}: {message}\n")
    box = QMessageBox(QMessageBox.Icon.Critical, title, message)
    if close_after_ms is not None:
        QTimer.singleShot(close_after_ms, box.reject)
    box.exec()
    return 2


def open_event_and_database(
    args: argparse.Namespace, may_create: Callable[[str], bool] | None = None
) -> tuple[Event, Database]:
    """The event and its database; where `--db` names a place with no database yet, one is
    created only if `may_create(place)` says so (a mistyped path is not a new database)."""
    event = load_event(args.event)
    try:
        return event, open_database(args.db, event)
    except NoDatabase as missing:
        if may_create is None or not may_create(missing.location):
            raise
    return event, open_database(args.db, event, create=True)


def confirm_new_database(location: str, close_after_ms: int | None = None) -> bool:
    """Ask before a new, empty database is made anywhere but the default place."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    box = QMessageBox(
        QMessageBox.Icon.Question,
        app.translate("app", "Create a new database?"),
        app.translate(
            "app",
            "There is no database at\n%1\n\nCreate a new, empty one there? If you meant an "
            "existing database, choose No and check the path.",
        ).replace("%1", location),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    box.setDefaultButton(QMessageBox.StandardButton.No)
    if close_after_ms is not None:
        QTimer.singleShot(close_after_ms, box.reject)
    return box.exec() == QMessageBox.StandardButton.Yes


def run(argv: Sequence[str] | None = None) -> int:
    private_umask()  # the database, its -wal/-shm, the log, settings, exports: owner-only
    args = parse_args(sys.argv[1:] if argv is None else argv)
    problem = qt_window_problem(
        {**os.environ, **({"KIOSK_LANG": args.lang} if args.lang else {})},
        checked=user_cache_path("kiosk-desk", appauthor=False) / "qt-libraries-ok",
    )
    if problem is not None:
        sys.stderr.write(problem + "\n")  # no window can say it: Qt cannot open one
        return 2
    log_path = log_to_file()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Registration desk")
    settings = with_overrides(
        load_settings(), desk_name=args.desk, printer=args.printer, language=args.lang
    )
    translations = Translations(app)
    translations.use(settings.language)
    install_error_hook(log_path)
    collector = GuiThreadCollector(app)
    collector.start()
    kiosk_mode = bool(args.kiosk or settings.kiosk_mode)
    profile = hold_profile()
    if profile is None:
        return fail(
            app.translate("app", "The desk is already running"),
            app.translate(
                "app",
                "The desk app is already open on this laptop: switch to its window (Alt+Tab). "
                "A second window would work on the same data and start the hub a second time. "
                "To start again, close the open one first.",
            ),
            args.quit_after_ms,
        )
    _Starting.profile = profile
    try:
        return _run_held(app, args, settings, translations, kiosk_mode)
    finally:
        _Starting.profile = None
        profile.release()


def _run_held(
    app: QApplication,
    args: argparse.Namespace,
    settings: DeskSettings,
    translations: Translations,
    kiosk_mode: bool,
) -> int:
    """The app, once it holds its profile."""
    try:
        event = load_event(args.event)
        station = open_station(args, event, settings, kind=KIOSK if kiosk_mode else DESK)
    except (EventFileError, DatabaseError) as exc:
        title = (
            app.translate("app", "Cannot start the kiosk")
            if kiosk_mode
            else app.translate("app", "Cannot start the desk")
        )
        return fail(title, str(exc), args.quit_after_ms)
    if station is None:
        return 2
    station.start()
    if kiosk_mode:
        window: QWidget | None = start_kiosk(app, args, station, event, settings, translations)
        if window is None:
            station.close()
            return 2
    else:
        window = start_desk(station, event, settings, args)
    if args.quit_after_ms is not None:
        QTimer.singleShot(args.quit_after_ms, lambda: quit_now(app, window))
    undo = stop_on_signals(app)
    log.info("started (%s)", "kiosk" if kiosk_mode else "desk")
    try:
        code = app.exec()
    finally:
        undo()
    station.close()  # this laptop's hub stops with the app
    return code


def open_station(
    args: argparse.Namespace, event: Event, settings: DeskSettings, *, kind: str = DESK
) -> Station | None:
    """Where the data is: `--db` (a file, a server's URL, or a hub's join code), else the hub
    remembered in the settings (this laptop's own, or one joined), else this laptop's file.
    A desk of a hub never opens this laptop's own database unless it goes back to it. None
    when the person chose to quit."""
    name = settings.desk_name if kind == DESK else ""
    if args.db and looks_like_join_code(args.db):
        joined = join_and_wait(event, kind, name, args.db)
        if isinstance(joined, str):
            offline = (
                station_without_hub(args.db, event, kind, args.event, name) if joined else None
            )
            if offline is not None:
                return offline
            raise DatabaseError(joined or QApplication.translate("app", "Cancelled"))
        return Station(joined.db, event, kind=kind, joined=joined, event_file=args.event)
    if args.db or not (settings.hub_join or settings.hub_host):
        _, db = open_event_and_database(
            args, lambda place: confirm_new_database(place, args.quit_after_ms)
        )
        station = Station(db, event, kind=kind, desk_name=settings.name, event_file=args.event)
        if settings.hub_join or settings.hub_host:
            station.set_hub_aside()  # --db wins for this start; the settings keep the hub
        return station
    while True:
        reached = _reach_remembered_hub(args, event, settings, kind)
        if isinstance(reached, Station):
            return reached
        problem = reached
        if not settings.hub_host and problem:
            offline = station_without_hub(settings.hub_join, event, kind, args.event, name)
            if offline is not None:
                return offline
        choice = ask_without_hub(
            problem or QApplication.translate("app", "Cancelled"),
            hosting=settings.hub_host,
            close_after_ms=args.quit_after_ms,
        )
        if choice == "laptop":
            own = open_database(None, event)  # refused (another event's): the hub is kept
            save_hub_settings("", False)
            return Station(own, event, kind=kind, desk_name=settings.name, event_file=args.event)
        if choice == "quit":
            return None


def station_without_hub(
    join: str, event: Event, kind: str, event_file: str | None, name: str = ""
) -> Station | None:
    """A desk whose hub cannot be reached at start, but which has worked with it and keeps a
    replica of it: a station working on the replica, going on to the hub once it answers
    (`name`: the desk's name in its settings, for one that joined before the hub's name for
    it was kept)."""
    start = offline_start_and_wait(join, event, kind, name=name)
    if start is None:
        return None
    joined = Joined(start.code, join.strip(), start.hub, start.me)
    station = Station(start.hub, event, kind=kind, joined=joined, event_file=event_file)
    station.begin_offline(start.replica, start.pulled_at)
    return station


def _reach_remembered_hub(
    args: argparse.Namespace, event: Event, settings: DeskSettings, kind: str
) -> Station | str:
    """A station on the hub the settings remember (started first when this laptop is the
    hub); else why not ("" when the person cancelled the joining)."""
    name = settings.desk_name if kind == DESK else ""
    host = None
    announced = None
    if settings.hub_host:
        host = HubHost(args.event)
        started = wait_for_host(host)
        if isinstance(started, str):
            host.stop()
            host.deleteLater()
            return started
        announced = started
    text = announced.join if announced else settings.hub_join
    joined = join_and_wait(event, kind, name, text, url=announced.url if announced else None)
    if isinstance(joined, str):
        if host is not None:
            host.stop()
            host.deleteLater()
        return joined
    station = Station(
        joined.db,
        event,
        kind=kind,
        joined=joined,
        event_file=args.event,
        hosting=host is not None,
    )
    if host is not None:
        station.keep_host(host)
    if joined.join != settings.hub_join:
        save_hub_settings(joined.join, host is not None)  # this laptop's hub has a new code
    return station


def ask_without_hub(problem: str, *, hosting: bool, close_after_ms: int | None = None) -> str:
    """The remembered hub cannot be used: "retry", "laptop" (leave it, work on this laptop's
    own database) or "quit"."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        app.translate("app", "The hub cannot be used"),
        problem,
    )
    box.setObjectName("noHubBox")
    retry = box.addButton(app.translate("app", "Try again"), QMessageBox.ButtonRole.AcceptRole)
    laptop = box.addButton(
        app.translate("app", "Stop being the hub: use this laptop's database")
        if hosting
        else app.translate("app", "Leave the hub: use this laptop's database"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    box.addButton(app.translate("app", "Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    if close_after_ms is not None:
        QTimer.singleShot(close_after_ms, box.reject)
    box.exec()
    clicked = box.clickedButton()
    if clicked is retry:
        return "retry"
    if clicked is laptop:
        return "laptop"
    return "quit"


SIGNAL_WAKE_MS = 300
"""How often, at least, Qt's event loop runs Python code, so that a signal's handler runs."""


def stop_on_signals(app: QApplication) -> Callable[[], None]:
    """Ctrl+C in the terminal the app was started from (SIGINT), or SIGTERM (`kill`, a service
    manager), closes it as staff would, without asking: what was made without the hub stays
    queued on this laptop and is sent at the next start. Before, Python raised
    KeyboardInterrupt inside whatever Qt callback ran next: the log called it an unexpected
    error, and the app went on."""

    def stop(signum: int, _frame: object) -> None:
        log.info("signal %s: closing", signum)
        QTimer.singleShot(0, lambda: close_everything(app))

    previous = {number: signal.signal(number, stop) for number in (signal.SIGINT, signal.SIGTERM)}
    # Python runs a signal's handler only between its own bytecodes: an idle window, with no
    # event for the scanner's filter, might otherwise run none for a long while.
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(SIGNAL_WAKE_MS)

    def undo() -> None:
        """Once the app is closed: the handlers as they were, and no more waking."""
        wake.stop()
        wake.deleteLater()
        for number, handler in previous.items():
            signal.signal(number, handler)

    return undo


def close_everything(app: QApplication) -> None:
    """Every window closed (the kiosk's as with the staff PIN; the desk's without asking about
    actions not yet sent to the hub), then the event loop ended."""
    kiosk_window = sys.modules.get("ui.kiosk.window")
    for widget in app.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            # Ended as it is, without its questions («close the form?») or its wait for an
            # import to stop: a dialog that keeps itself open would keep the app open too.
            widget.done(QDialog.DialogCode.Rejected)
    for widget in app.topLevelWidgets():
        if isinstance(widget, DeskWindow):
            widget.confirm_close = lambda _waiting: True
        elif kiosk_window is not None and isinstance(widget, kiosk_window.KioskWindow):
            widget.leave()
    app.closeAllWindows()
    app.quit()


def quit_now(app: QApplication, window: QWidget | None) -> None:
    """For tests and the start-up benchmark: as staff would, the kiosk with its PIN."""
    kiosk_window = sys.modules.get("ui.kiosk.window")  # not loaded: the window is the desk's
    if kiosk_window is not None and isinstance(window, kiosk_window.KioskWindow):
        window.leave()
    app.closeAllWindows()


def start_desk(
    station: Station,
    event: Event,
    settings: DeskSettings,
    args: argparse.Namespace | None = None,
    back_to_kiosk: Callable[[], None] | None = None,
) -> DeskWindow:
    """The staff desk; `back_to_kiosk` when it was opened from the kiosk, which it can
    become again without a restart."""
    desk = station.desk(
        Desk(station.db, event, name=settings.name, operator=settings.operator_name)
    )
    controller = DeskController(desk, Runner(), settings, sender=qt_sender)
    window = DeskWindow(controller, Sounds(), back_to_kiosk=back_to_kiosk, station=station)
    screen = fit_desk(window)
    if needs_maximising(screen.width(), screen.height()):
        window.showMaximized()  # a 1366×768 laptop: the whole screen, nothing off it
    else:
        window.show()
    if args is not None and args.demo:
        controller.load_demo_if_empty()
    elif args is None or args.quit_after_ms is None:
        window.offer_first_start()
    controller.check_retention()
    controller.finish_indexing()
    return window


DESK_SIZE = (1280, 800)
"""The desk window's size on a screen with room for it."""


def fit_desk(window: QWidget) -> QRect:
    """Size the desk at `DESK_SIZE`, never larger than the room its screen leaves a window,
    and put it within that room: without a window manager showMaximized does nothing, and
    1280 × 800 ran off a 1366 × 768 screen, the status strip with it. The room, returned."""
    room = screen_room(window)
    frame = window.frameGeometry().size() - window.geometry().size()  # none without a WM
    window.resize(
        min(DESK_SIZE[0], room.width() - frame.width()),
        min(DESK_SIZE[1], room.height() - frame.height()),
    )
    if needs_maximising(room.width(), room.height()):
        window.move(room.topLeft())
    return room


def needs_maximising(width: int, height: int) -> bool:
    """Whether the desk should fill a screen of this (available) size rather than float."""
    return width < DESK_SIZE[0] + 80 or height < DESK_SIZE[1] + 80


def start_kiosk(
    app: QApplication,
    args: argparse.Namespace,
    station: Station,
    event: Event,
    settings: DeskSettings,
    translations: Translations,
) -> KioskWindow | None:
    """The self-service kiosk; None when staff would not set the PIN that leaves it."""
    from kiosk.services import selfservice
    from ui.kiosk.controller import KioskController
    from ui.kiosk.staff import ask_new_pin
    from ui.kiosk.window import KioskWindow

    db = station.working_db  # the replica, for a kiosk started without its hub
    if not selfservice.has_pin(db) and (
        station.link.offline or not ask_new_pin(db, close_after_ms=args.quit_after_ms)
    ):
        # Without the hub a PIN set here could not be kept: the replica takes the hub's.
        sys.stderr.write(
            app.translate(
                "app", "Kiosk mode needs a staff PIN: set it when asked, or with `kiosk set-pin`."
            )
            + "\n"
        )
        return None
    name = args.desk or settings.desk_name or "kiosk"
    holder: list[QWidget] = []

    def open_kiosk(current: DeskSettings) -> KioskWindow:
        desk = station.desk(Desk(station.db, event, name=name, operator=current.operator))
        controller = KioskController(desk, Runner(), current, sender=qt_sender)

        def open_desk() -> None:
            holder.append(
                start_desk(
                    station,
                    event,
                    controller.settings,
                    back_to_kiosk=lambda: holder.append(open_kiosk(load_settings())),
                )
            )

        window = KioskWindow(
            controller, set_language=translations.use, on_open_desk=open_desk, station=station
        )
        window.show_kiosk()
        return window

    return open_kiosk(settings)


def install_error_hook(log_path: Path | None) -> None:
    """A bug in a slot is logged and shown as a message, never as a traceback or a crash."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        log.error("unexpected error", exc_info=(kind, error, trace))
        QMessageBox.critical(
            QApplication.activeWindow(),
            QApplication.translate("app", "Something went wrong"),
            QApplication.translate(
                "app", "The desk hit an unexpected error and carries on. Details are in %1."
            ).replace("%1", str(log_path or "—")),
        )

    sys.excepthook = hook


def log_to_file() -> Path | None:
    """The desk's log: private, a file a day, two weeks kept, no personal data (kiosk.logs)."""
    from kiosk.profile import log_folder

    try:
        path = log_folder() / "desk.log"
        root = logging.getLogger()
        root.addHandler(file_handler(path))
        root.setLevel(logging.INFO)
        return path
    except OSError:
        return None
