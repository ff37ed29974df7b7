"""The app's file dialogs list the database's folder without opening its files: a file opened
and closed by the desk's process drops SQLite's locks on it (ui.common.files)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from tests.sqlite_locks import shm_lock_held
from ui.common import files


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Path]:
    """A database in WAL mode, open (its -shm locked) for as long as the test runs."""
    path = tmp_path / "desk.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("CREATE TABLE t (x)")
    connection.execute("INSERT INTO t VALUES (1)")
    connection.commit()
    connection.execute("SELECT * FROM t").fetchall()
    (tmp_path / "leads.csv").write_text("Фамилия;Телефон\n", encoding="utf-8")
    try:
        yield path
    finally:
        connection.close()


def test_the_file_dialog_lists_the_databases_folder_and_its_locks_stay(
    qtbot: QtBot, database: Path
) -> None:
    assert shm_lock_held(database)
    dialog = files._dialog(None, "Импорт", str(database.parent), "All (*)")
    qtbot.addWidget(dialog)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)  # the type column asked too
    dialog.setFilter(QDir.Filter.AllEntries | QDir.Filter.Hidden)
    dialog.show()
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    qtbot.wait(1500)  # the folder read, every file's icon and type asked
    assert shm_lock_held(database)  # Qt's own icon provider read the file to tell its type: gone


def test_plain_icons_tell_files_from_folders_by_name(tmp_path: Path) -> None:
    from PySide6.QtCore import QCoreApplication, QFileInfo

    icons = files.PlainIcons()
    (tmp_path / "report.PDF").write_bytes(b"%PDF")
    (tmp_path / "notes").write_bytes(b"")
    folder, file = (QCoreApplication.translate("PlainIcons", t) for t in ("Folder", "File"))
    assert icons.type(QFileInfo(str(tmp_path))) == folder
    assert icons.type(QFileInfo(str(tmp_path / "report.PDF"))) == "PDF"
    assert icons.type(QFileInfo(str(tmp_path / "notes"))) == file != folder
    assert not icons.icon(QFileInfo(str(tmp_path / "notes"))).isNull()
