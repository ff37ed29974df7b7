"""Saves screenshots of the desk window's main states into docs/screenshots/ (offscreen Qt).

    python scripts/make_screenshots.py

Demo attendees in a temporary database, the clock at 09:05 on the conference day at the venue.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QPushButton, QWidget  # noqa: E402

from kiosk.config import load_event  # noqa: E402
from kiosk.db import open_database  # noqa: E402
from kiosk.services import lookup  # noqa: E402
from kiosk.services.checkin import check_in  # noqa: E402
from kiosk.services.context import Desk  # noqa: E402
from kiosk.services.demo import load_demo  # noqa: E402
from ui.app import install_translations  # noqa: E402
from ui.controller import DeskController  # noqa: E402
from ui.dialogs import WalkInDialog  # noqa: E402
from ui.first_start import FirstStartDialog  # noqa: E402
from ui.runner import Runner  # noqa: E402
from ui.settings import DeskSettings  # noqa: E402
from ui.window import DeskWindow  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
CONFERENCE_0905 = datetime(2026, 11, 27, 23, 5, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def settle(window: DeskWindow, ms: int = 400) -> None:
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
    db = open_database(f"sqlite:///{folder / 'desk.sqlite3'}", event)
    clock = Clock(CONFERENCE_0905)
    desk = Desk(db, event, name="стойка-1", operator="Анна", clock=clock)
    load_demo(desk, count=400, seed=2026)
    settings = DeskSettings(desk_name="стойка-1", printer=f"pdf:{folder / 'printed'}", sounds=False)
    controller = DeskController(desk, Runner(), settings)
    window = DeskWindow(controller)
    window.resize(1366, 800)
    window.show()
    settle(window)

    def find(query: str, pick: Callable[[object], bool]) -> object:
        return next(a for a in lookup.search(desk, query, limit=200) if pick(a))

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
    dialog.close()

    first = FirstStartDialog(controller, window)
    first.show()
    settle(window, 100)
    save(first, "08-first-start")
    first.close()

    window.close()
    db.dispose()


if __name__ == "__main__":
    main()
