"""Choosing a file to open or to save, without touching the files the dialog lists.

Qt's file dialog asks its icon provider for each file's icon and type, and for a file whose
name says nothing (`desk.sqlite3-shm`, `desk.sqlite3-wal`) the provider opens it and reads its
beginning to tell. On Linux and macOS, closing any descriptor of a file drops every POSIX lock
the process holds on it: listing the folder of the desk's database took away SQLite's locks on
its shared-memory file. The next process to open the database (another desk, `kiosk`, a
backup) then took itself for the first one and reset that file, which the desk still had
mapped: the desk died of a bus error, in an import's first read or its clean-up.

So every file dialog of the app is Qt's own (a platform's native one may read files as well,
in this process) with `PlainIcons`, which tells files from folders by their names alone.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget


class PlainIcons(QAbstractFileIconProvider):
    """A folder's icon or a file's, and no type beyond that: no file is opened to tell."""

    def __init__(self) -> None:
        super().__init__()
        self._by_kind = QFileIconProvider()

    def icon(self, what: QAbstractFileIconProvider.IconType | QFileInfo) -> QIcon:  # type: ignore[override]
        if isinstance(what, QFileInfo):
            kind = (
                QAbstractFileIconProvider.IconType.Folder
                if what.isDir()
                else QAbstractFileIconProvider.IconType.File
            )
            return self._by_kind.icon(kind)
        return self._by_kind.icon(what)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return QCoreApplication.translate("PlainIcons", "Folder")
        suffix = info.suffix()
        return suffix.upper() if suffix else QCoreApplication.translate("PlainIcons", "File")


def _dialog(parent: QWidget | None, title: str, where: str, filters: str) -> QFileDialog:
    dialog = QFileDialog(parent, title, where, filters)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    icons = PlainIcons()
    dialog.setIconProvider(icons)
    dialog._icons = icons  # type: ignore[attr-defined]  # kept as long as the dialog
    return dialog


def _chosen(dialog: QFileDialog) -> str:
    """The file the person chose in the dialog, or "" if they closed it."""
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return ""
        chosen = dialog.selectedFiles()
        return chosen[0] if chosen else ""
    finally:
        dialog.deleteLater()


def open_file_name(parent: QWidget | None, title: str, folder: str, filters: str) -> str:
    """The file chosen to open, or "" if none."""
    dialog = _dialog(parent, title, folder, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    return _chosen(dialog)


def save_file_name(parent: QWidget | None, title: str, suggested: str, filters: str) -> str:
    """The file chosen to save to (`suggested` offered), or "" if none; Qt asks before
    replacing a file that exists."""
    info = QFileInfo(suggested)
    dialog = _dialog(parent, title, info.absolutePath(), filters)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.selectFile(info.fileName())
    return _chosen(dialog)
