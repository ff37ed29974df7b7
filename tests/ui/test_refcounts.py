"""The Qt bindings keep Python's reference counts right: the desk and kiosk run for days.

PySide6 6.12.0 on Python 3.11 dropped a reference to None on every call that returns nothing;
the app then aborted with "deallocating None" after a few hundred visitors. From Python 3.12
None is immortal (PEP 683) and cannot be harmed, so these tests only mean something before.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from ui.kiosk.window import KioskWindow

pytestmark = pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 (PEP 683)"
)


def test_a_qt_call_that_returns_nothing_leaves_none_alone(qapp: object) -> None:
    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(1000):
        timer.start(1000)
    assert sys.getrefcount(None) - before > -50


def test_a_hundred_visitors_at_the_kiosk_leave_none_alone(qtbot: QtBot, kiosk: KioskWindow) -> None:
    before = sys.getrefcount(None)
    for _ in range(100):
        kiosk.controller.identify()
        kiosk.start_over()
    assert sys.getrefcount(None) - before > -500
