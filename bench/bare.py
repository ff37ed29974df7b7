"""The floors of start-up and memory: a bare PySide6 window, shown and idle, then closed.

    python -m bench.bare [--sqlalchemy] [--rows DATABASE] [--size W H]

`--sqlalchemy` imports SQLAlchemy (and its ORM) first, as the desk app must; `--rows` holds
the database's attendees as plain tuples (the columns the desk shows) while the window is up,
as the barest program showing 100 000 people would. The window quits as `main.py
--quit-after-ms 0` does: at the first turn of the event loop after it is shown.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys

COLUMNS = (
    "id, badge_code, last_name, first_name, middle_name, company, position, phone, email, "
    "category, tariff, group_id, status, price, amount_paid, amount_due, payment_status, "
    "payment_method, source, consent_at, created_at, updated_at, extra"
)
"""The columns of the desk's attendee view."""


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sqlalchemy", action="store_true")
    parser.add_argument("--rows", metavar="DATABASE")
    parser.add_argument("--size", nargs=2, type=int, default=(1280, 800))
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.sqlalchemy:
        import sqlalchemy.orm  # noqa: F401

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication(sys.argv[:1])
    rows: list[tuple[object, ...]] = []
    if args.rows:
        connection = sqlite3.connect(args.rows)
        rows = connection.execute(f"SELECT {COLUMNS} FROM attendees").fetchall()
        connection.close()
    window = QWidget()
    window.resize(*args.size)
    window.show()
    QTimer.singleShot(0, app.closeAllWindows)
    code = app.exec()
    del rows  # held until the window has closed
    return code


if __name__ == "__main__":
    sys.exit(main())
