"""How much of its screen a window may take: what the desk window, the summary and the walk-in
form size themselves by (a light module: nothing of the desk's dialogs is loaded for it)."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QStyle, QWidget


def screen_room(widget: QWidget) -> QRect:
    """The part of the widget's screen a window may take (without panels and docks)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def frame_height(window: QWidget) -> int:
    """The height the window manager's frame adds to the window: as framed once shown, else a
    title bar's worth (none is known before the window manager framed it)."""
    frame = window.frameGeometry().height() - window.geometry().height()
    if window.isVisible() and frame > 0:
        return frame
    return window.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight) + 8
