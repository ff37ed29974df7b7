"""Saves screenshots of every kiosk screen into docs/screenshots/ (offscreen Qt).

    python scripts/make_kiosk_screenshots.py

Demo attendees in a temporary database, the clock at 09:05 on the conference day at the venue,
a 1366 × 768 touch screen, Russian, and one screen in English.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk.config import load_event  # noqa: E402
from kiosk.db import open_database  # noqa: E402
from kiosk.services import selfservice  # noqa: E402
from kiosk.services.context import Desk  # noqa: E402
from kiosk.services.demo import load_demo  # noqa: E402
from kiosk.services.views import AttendeeView  # noqa: E402
from ui.app import Translations  # noqa: E402
from ui.kiosk.controller import KioskController  # noqa: E402
from ui.kiosk.window import KioskWindow  # noqa: E402
from ui.runner import Runner  # noqa: E402
from ui.settings import DeskSettings  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
CONFERENCE_0905 = datetime(2026, 11, 27, 23, 5, tzinfo=UTC)
SIZE = (1366, 768)


def settle(window: KioskWindow, ms: int = 300) -> None:
    window.controller.runner.wait()
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    window.controller.runner.wait()
    QApplication.processEvents()


def save(window: KioskWindow, name: str) -> None:
    path = OUT / f"{name}.png"
    window.grab().save(str(path))
    print(path.relative_to(ROOT))


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    translations = Translations(app)
    translations.use("ru")
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="kiosk-shots-"))
    event = load_event()
    db = open_database(f"sqlite:///{folder / 'desk.sqlite3'}", event)
    desk = Desk(db, event, name="киоск-1", clock=lambda: CONFERENCE_0905)
    load_demo(desk, count=200, seed=2026)
    selfservice.set_pin(db, "2468")
    settings = DeskSettings(
        desk_name="киоск-1", printer=f"pdf:{folder / 'printed'}", kiosk_slip=True
    )
    controller = KioskController(desk, Runner(), settings)
    window = KioskWindow(controller, set_language=translations.use, lockdown=False)
    window.resize(*SIZE)
    window.show()
    settle(window)
    save(window, "kiosk-01-start")

    people = list_people(desk)
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

    unpaid = next(a for a in people if a.amount_due and a.tariff == "premium")
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
    window.go(window.sign_up)
    fields = window.sign_up.fields
    fields["last_name"].edit.setText("Морозова")
    fields["first_name"].edit.setText("Дарья")
    settle(window)
    save(window, "kiosk-07-sign-up-name")
    window.sign_up.go_next()
    fields["phone"].edit.setText("+7 914 555-01-02")
    window.sign_up.go_next()
    window.sign_up.go_next()
    window.sign_up.cards["team"].clicked.emit("team")
    window.sign_up.go_next()
    window.sign_up.members[0][0].setText("Котова")
    window.sign_up.members[0][1].setText("Ирина")
    settle(window)
    save(window, "kiosk-08a-sign-up-team")
    window.sign_up.go_back()
    window.sign_up.cards["package_comfort"].clicked.emit("package_comfort")
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
    window.choose_language("en")
    settle(window)
    save(window, "kiosk-12-start-english")

    window.start_over()
    window.go(window.pin)
    settle(window)
    save(window, "kiosk-13-staff-pin")
    controller.pin_given("2468")
    settle(window)
    save(window, "kiosk-14-staff-settings")

    window.leave()
    db.dispose()


def list_people(desk: Desk) -> list[AttendeeView]:
    from kiosk.services import lookup

    return list(lookup.search(desk, "а", limit=200))


if __name__ == "__main__":
    main()
