"""The Qt bindings themselves: a release that miscounts references crashes the desk."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLineEdit


def test_qt_calls_leave_the_reference_count_of_none_alone(qapp: QApplication) -> None:
    # PySide6 6.12.0 took a reference to None away on every call of a method returning
    # nothing; on Python 3.11, where None is not immortal, the desk crashed after about a
    # thousand keystrokes (pyproject.toml keeps that release out there).
    field = QLineEdit()
    before = sys.getrefcount(None)
    for number in range(2_000):
        field.setText(str(number))
        field.update()
    assert sys.getrefcount(None) >= before - 100
