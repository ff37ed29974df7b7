"""Saves screenshots of the desk window and of every kiosk screen into docs/screenshots/.

    python scripts/make_screenshots.py

Offscreen Qt; demo attendees in a temporary database, the clock at 09:05 on the conference day
at the venue; the kiosk at 1366 × 768, in Russian, and one screen in English.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QPushButton, QWidget  # noqa: E402
from sqlalchemy import select  # noqa: E402

from kiosk.config import load_event  # noqa: E402
from kiosk.db import open_database  # noqa: E402
from kiosk.models import Attendee, PaymentMethod  # noqa: E402
from kiosk.services import selfservice  # noqa: E402
from kiosk.services.checkin import check_in  # noqa: E402
from kiosk.services.context import Desk  # noqa: E402
from kiosk.services.demo import load_demo  # noqa: E402
from kiosk.services.printing import print_badges, select_for_batch  # noqa: E402
from kiosk.services.registration import PersonInput, Registration, register  # noqa: E402
from ui.app import Translations, install_translations  # noqa: E402
from ui.common.runner import Runner  # noqa: E402
from ui.common.settings import DeskSettings  # noqa: E402
from ui.desk.controller import DeskController  # noqa: E402
from ui.desk.dialogs import WalkInDialog  # noqa: E402
from ui.desk.first_start import FirstStartDialog  # noqa: E402
from ui.desk.window import DeskWindow  # noqa: E402
from ui.kiosk.controller import KioskController  # noqa: E402
from ui.kiosk.window import KioskWindow  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
CONFERENCE_0905 = datetime(2026, 11, 27, 23, 5, tzinfo=UTC)
KIOSK_SIZE = (1366, 768)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def settle(window: DeskWindow | KioskWindow, ms: int = 400) -> None:
    window.controller.runner.wait()
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    window.controller.runner.wait()
    QApplication.processEvents()


def save(widget: QWidget, name: str) -> None:
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(path.relative_to(ROOT))


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    install_translations(app, "ru")
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="desk-shots-"))
    event = load_event()
    db = open_database(f"sqlite:///{folder / 'desk.sqlite3'}", event, create=True)
    clock = Clock(CONFERENCE_0905)
    desk = Desk(db, event, name="стойка-1", operator="Анна", clock=clock)
    load_demo(desk, count=400, seed=2026)
    settings = DeskSettings(desk_name="стойка-1", printer=f"pdf:{folder / 'printed'}", sounds=False)
    controller = DeskController(desk, Runner(), settings)
    window = DeskWindow(controller)
    window.resize(1366, 800)
    window.show()
    settle(window)

    def find(_query: str, pick: Callable[[object], bool]) -> object:
        """The first person (in alphabetical order) the screenshot needs, as they are now."""
        return next(a for a in select_for_batch(desk) if pick(a))

    window.search_input.setText("ко")
    settle(window)
    save(window, "01-search")

    paid = find("а", lambda a: a.tariff == "comfort" and not a.amount_due)  # type: ignore[attr-defined]
    controller.check_in_code(paid.code)  # type: ignore[attr-defined]
    settle(window)
    save(window, "02-checked-in")

    other = Desk(
        db,
        event,
        name="стойка-2",
        operator="Борис",
        clock=lambda: datetime(2026, 11, 27, 22, 47, tzinfo=UTC),
    )
    early = find("е", lambda a: a.tariff == "premium" and not a.amount_due)  # type: ignore[attr-defined]
    check_in(other, early.code)  # type: ignore[attr-defined]
    controller.check_in_code(early.code)  # type: ignore[attr-defined]
    settle(window)
    save(window, "03-already-checked-in")

    unpaid = find("о", lambda a: bool(a.amount_due) and a.tariff == "package_comfort")  # type: ignore[attr-defined]
    controller.check_in_code(unpaid.code)  # type: ignore[attr-defined]
    settle(window)
    save(window, "04-unpaid")

    clock.now = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)
    window.day_selector.setCurrentIndex(window.day_selector.findData("2026-11-27"))
    conference_only = find("и", lambda a: a.tariff == "comfort" and not a.amount_due)  # type: ignore[attr-defined]
    controller.check_in_code(conference_only.code)  # type: ignore[attr-defined]
    settle(window)
    save(window, "05-not-entitled-upgrade")
    offer = window.result_panel.findChild(QPushButton, "upgrade_package_comfort")
    if offer is not None:
        offer.click()
        settle(window, 100)
        save(window, "06-upgrade-payment")

    dialog = WalkInDialog(controller, window)
    dialog.rows["last_name"].edit.setText("Командирова")
    dialog.rows["first_name"].edit.setText("Ольга")
    dialog.rows["phone"].edit.setText("8 914 700 80 90")
    dialog.tariff.setCurrentIndex(dialog.tariff.findData("tariff:team"))
    dialog.team_size.setValue(3)
    dialog.show()
    settle(window, 100)
    save(dialog, "07-walk-in-team")
    dialog.done(0)  # closed by the script: no «close the form?» question

    # A laptop's own database, not on a hub: the dialog offers to join one as well.
    from ui.common.hub import Station

    laptop = Station(db, event, desk_name="стойка-1", home=folder / "home")
    first = FirstStartDialog(controller, window, station=laptop)
    first.show()
    settle(window, 100)
    save(first, "08-first-start")
    first.close()

    # Enter with two people found: nobody is checked in, the desk asks to choose.
    window.day_selector.setCurrentIndex(window.day_selector.findData("2026-11-28"))
    clock.now = CONFERENCE_0905
    twins = [Desk(db, event, name="стойка-1", clock=clock)] * 2
    for number, first_name in enumerate(("Виктория", "Мария")):
        register(
            twins[0],
            Registration(
                person=PersonInput("Беспалова", first_name, phone=f"+7914777000{number}"),
                tariff="comfort",
                consent=True,
                pay=PaymentMethod.CARD,
            ),
        )
    window.search_input.setText("Беспалова")
    settle(window)
    controller.submit("Беспалова", None)
    settle(window)
    save(window, "09-several-found")

    # A scan while the walk-in form is open: checked in behind it; the form says so.
    dialog = WalkInDialog(controller, window)
    dialog.rows["last_name"].edit.setText("Командирова")
    dialog.open()
    settle(window, 100)
    window._scan_behind = dialog
    controller.scanned(find("а", lambda a: not a.amount_due and not a.checkins).code)  # type: ignore[attr-defined]
    settle(window, 300)
    save(window, "10-scan-behind-a-dialog")
    save(dialog, "10a-the-form-after-a-scan")
    dialog.done(0)

    # A badge printed before an upgrade: out of date, the new one offered.
    clock.now = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)
    window.day_selector.setCurrentIndex(window.day_selector.findData("2026-11-27"))
    upgraded = find("к", lambda a: a.tariff == "comfort" and not a.amount_due and not a.prints)  # type: ignore[attr-defined]
    print_badges(desk, [upgraded.code], printer=f"pdf:{folder / 'printed'}")  # type: ignore[attr-defined]
    controller.settings = DeskSettings(desk_name="стойка-1", auto_print=False, sounds=False)
    controller.check_in_attendee(
        upgraded.id,
        pay=PaymentMethod.CARD,
        upgrade_to="package_comfort",  # type: ignore[attr-defined]
    )
    settle(window)
    save(window, "11-badge-out-of-date")

    # Entering yesterday's arrivals from a paper list, with the time they came.
    clock.now = CONFERENCE_0905
    window.day_selector.setCurrentIndex(window.day_selector.findData("2026-11-27"))
    window.arrival_time.setText("10:40")
    window.arrival_time.editingFinished.emit()
    late = find("м", lambda a: a.tariff == "package_premium" and not a.amount_due)  # type: ignore[attr-defined]
    controller.check_in_code(late.code)  # type: ignore[attr-defined]
    settle(window)
    save(window, "12-entered-afterwards")

    summary_screens(window, desk, clock)
    import_screens(window, controller, folder)  # last: it adds people the others would show
    window.close()
    db.dispose()


def import_screens(window: DeskWindow, controller: DeskController, folder: Path) -> None:
    """The import dialog with its check's report, as it looks while it writes, and its
    report once done."""
    from bench.importing import write_export
    from kiosk.services.importing import Stage
    from kiosk.services.progress import Progress
    from ui.desk.importing import ImportDialog

    source = folder / "Регистрации на форум.csv"
    write_export(source, 300, seed=2026)
    with source.open("ab") as stream:  # two rows a person has to look at
        stream.write("\r\n;8 914 000;;;тариф Комфорт;10.11.2026 10:00".encode("cp1251"))
        stream.write("\r\nКотова Анна;;;;тариф Люкс;10.11.2026 10:00".encode("cp1251"))
    dialog = ImportDialog(controller, source, window)
    dialog.resize(760, 560)
    dialog.show()
    settle(window)
    save(dialog, "17-import-checked")
    # As it looks while it writes (the import itself is not run: its progress is set).
    dialog.import_button.setEnabled(False)
    dialog._options(enabled=False)
    dialog._importing = Progress()
    dialog._importing.at(Stage.WRITING, 12_475, 40_050)
    dialog._follow()
    settle(window, 100)
    save(dialog, "18-import-writing")
    dialog._importing = None
    dialog._options(enabled=True)
    dialog.run_import()
    while dialog.imported is None:
        settle(window, 100)
    settle(window, 100)
    save(dialog, "19-import-done")
    dialog.done(0)


def summary_screens(window: DeskWindow, desk: Desk, clock: Clock) -> None:
    """The organiser's summary at 11:00 on the conference day, after a morning at two desks
    and the kiosk: arrivals every few seconds from 08:35, payments, a few refused scans."""
    db, event = desk.db, desk.event
    moment = Clock(datetime(2026, 11, 27, 22, 35, tzinfo=UTC))
    desks = [
        Desk(db, event, name="стойка-1", operator="Анна", clock=moment),
        Desk(db, event, name="стойка-2", operator="Борис", clock=moment),
        Desk(db, event, name="киоск", clock=moment),
    ]
    with db.read() as session:
        active = select(Attendee.badge_code).where(Attendee.status == "active")
        codes = list(session.scalars(active))
    chance = random.Random(2026)
    chance.shuffle(codes)
    for code in codes[:260]:
        # A queue at nine, thinning out after the opening.
        local = event.local_time(moment.now)
        pace = 14 if local.hour < 9 or (local.hour == 9 and local.minute < 15) else 75
        moment.now += timedelta(seconds=chance.expovariate(1 / pace))
        where = chance.choice(desks[:2] * 3 + desks[2:])
        method = chance.choice([PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.CARD])
        check_in(where, code, pay=method if where is not desks[2] else None)
    for code in ("ZZZZ-ZZZZ-ZZ00", codes[5]):
        check_in(desks[1], code)
    clock.now = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)  # 11:00 at the venue
    window.day_selector.setCurrentIndex(window.day_selector.findData("2026-11-28"))
    window.open_summary()
    summary = window.summary_window
    assert summary is not None
    summary.resize(1366, 820)
    settle(window, 1500)
    save(summary, "summary-01-arrivals")
    summary.tabs.setCurrentIndex(2)
    settle(window, 200)
    save(summary, "summary-02-money")
    summary.close()


def kiosk_screens() -> None:
    """Every kiosk screen at 1366 × 768, in Russian, and the start screen in English."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translations = Translations(app)
    translations.use("ru")
    folder = Path(tempfile.mkdtemp(prefix="kiosk-shots-"))
    event = load_event()
    db = open_database(f"sqlite:///{folder / 'desk.sqlite3'}", event, create=True)
    desk = Desk(db, event, name="киоск-1", clock=lambda: CONFERENCE_0905)
    load_demo(desk, count=200, seed=2026)
    selfservice.set_pin(db, "246813")
    settings = DeskSettings(
        desk_name="киоск-1", printer=f"pdf:{folder / 'printed'}", kiosk_slip=True
    )
    controller = KioskController(desk, Runner(), settings)
    window = KioskWindow(controller, set_language=translations.use, lockdown=False)
    window.resize(*KIOSK_SIZE)
    window.show()
    settle(window)
    save(window, "kiosk-01-start")

    people = select_for_batch(desk)
    paid = next(a for a in people if a.tariff == "comfort" and not a.amount_due and a.phone)
    controller.identify()
    window.identify_screen.phone.edit.setText("8 914 123-45-67")
    settle(window)
    save(window, "kiosk-02-identify")

    controller.phone_given(paid.phone or "")
    window.letters.letters.edit.setText(paid.last_name[:3].upper())
    settle(window)
    save(window, "kiosk-03-letters")

    controller.letters_given(paid.last_name[:3])
    settle(window, 600)
    save(window, "kiosk-04-welcome")

    unpaid = next(a for a in people if a.amount_due and a.tariff in ("premium", "comfort"))
    window.start_over()
    controller.scanned(unpaid.code)
    settle(window)
    save(window, "kiosk-05-unpaid")

    conference_only = next(a for a in people if a.tariff == "comfort" and a is not paid)
    window.start_over()
    controller.scanned(conference_only.code)
    settle(window)
    controller.scanned(conference_only.code)
    settle(window)
    save(window, "kiosk-06-already-in")

    window.start_over()
    controller.scanned_other("https://servicenext.ru/?utm=qr")
    settle(window)
    save(window, "kiosk-06a-not-a-badge")

    window.start_over()
    window.go(window.sign_up)
    fields = window.sign_up.fields
    fields["last_name"].edit.setText("Морозова")
    fields["first_name"].edit.setText("Дарья")
    settle(window)
    save(window, "kiosk-07-sign-up-name")
    window.sign_up.go_next()
    fields["phone"].edit.setText("+7 914 555-01-02")
    window.sign_up.go_next()
    settle(window)  # the contacts are checked before the next step
    window.sign_up.go_next()
    window.sign_up.cards["team"].clicked.emit("team")
    window.sign_up.go_next()
    window.sign_up.members[0][0].setText("Котова")
    window.sign_up.members[0][1].setText("Ирина")
    settle(window)
    save(window, "kiosk-08a-sign-up-team")
    window.sign_up.go_back()
    window.sign_up.cards["comfort"].clicked.emit("comfort")
    settle(window)
    save(window, "kiosk-08-sign-up-tariff")
    window.sign_up.go_next()
    settle(window)
    save(window, "kiosk-09-sign-up-consent")
    window.sign_up.consent.setChecked(True)
    window.sign_up.go_next()
    settle(window)
    save(window, "kiosk-10-sign-up-review")
    window.sign_up.go_next()
    settle(window, 800)
    save(window, "kiosk-11-signed-up")

    window.start_over()
    window.go(window.sign_up)
    window.still_here.ask(7)
    settle(window)
    save(window, "kiosk-11a-still-here")
    window.still_here.dismiss()

    window.start_over()
    window.choose_language("en")
    settle(window)
    save(window, "kiosk-12-start-english")

    window.start_over()
    window.go(window.pin)
    settle(window)
    save(window, "kiosk-13-staff-pin")
    controller.pin_given("246813")
    settle(window)
    save(window, "kiosk-14-staff-settings")

    window.leave()
    db.dispose()


def hub_screens() -> None:
    """A desk on a hub: the status line, the settings' hub section, the QR window, and the red
    state with a scan refused. The hub is staged (no server is started) and its code is a
    made-up one of no real hub: no real join code or password ever gets into a picture."""
    from kiosk.hub.desks import DESK, KIOSK, DeskActivity
    from kiosk.hub.join import JoinCode
    from ui.common.hub import Link, Place, Station
    from ui.common.hub_widgets import JoinCodeWindow
    from ui.desk.dialogs import SettingsDialog

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    Translations(app).use("ru")
    folder = Path(tempfile.mkdtemp(prefix="hub-shots-"))
    event = load_event()
    db = open_database(f"sqlite:///{folder / 'desk.sqlite3'}", event, create=True)
    clock = Clock(CONFERENCE_0905)
    desk = Desk(db, event, name="стойка-1", operator="Анна", clock=clock)
    load_demo(desk, count=300, seed=2026)
    example = JoinCode(
        "192.168.1.20", 5444, "kiosk", "kiosk_desk", "example-not-a-real-password", bytes(16)
    ).encode()
    station = Station(db, event, desk_name="стойка-1")
    seen = CONFERENCE_0905 - timedelta(seconds=2)
    desks = tuple(
        DeskActivity(str(n), name, kind, True, seen, seen - timedelta(seconds=20 * n))
        for n, (name, kind) in enumerate(
            (("стойка-1", DESK), ("стойка-2", DESK), ("стойка-3", DESK), ("киоск-1", KIOSK))
        )
    )

    def stage(link: Link) -> None:
        station.link = link
        station.link_changed.emit(link)

    settings = DeskSettings(desk_name="стойка-1", printer=f"pdf:{folder / 'printed'}", sounds=False)
    controller = DeskController(desk, Runner(), settings)
    window = DeskWindow(controller, station=station)
    window.resize(1366, 800)
    window.show()
    hub = Link(Place.HUB, True, "стойка-1", desks, hosting=True, where="192.168.1.20:5444/kiosk",
               join=example)  # fmt: skip
    stage(hub)
    window.search_input.setText("ко")
    settle(window)
    save(window, "13-hub-status-line")

    dialog = SettingsDialog(settings, window, station=station)
    dialog.show()
    settle(window, 100)
    save(dialog, "14-hub-settings")
    dialog.close()

    qr = JoinCodeWindow(example, hub.where, window)
    qr.show()
    settle(window, 100)
    save(qr, "15-hub-qr")
    qr.close()

    with db.read() as session:
        code = session.scalars(select(Attendee.badge_code).limit(1)).one()
    window.clear()
    stage(Link(Place.HUB, False, "стойка-1", desks, where=hub.where, join=example))
    controller.scanned(code)
    settle(window)
    save(window, "16-hub-unreachable")
    window.close()
    db.dispose()


if __name__ == "__main__":
    main()
    kiosk_screens()
    hub_screens()
