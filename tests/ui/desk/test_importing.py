"""The desk's export: the same honest file as `kiosk export`."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.services.checkin import check_in
from kiosk.services.context import Desk
from tests.core.factories import registered
from ui.desk.window import DeskWindow


def test_the_desks_attendee_export_shows_a_visit_without_a_known_time_as_time_unknown(
    qtbot: QtBot,
    window: DeskWindow,
    desk: Desk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from ui.common import files

    vera = registered(desk, "package_comfort", last="Бумажная", first="Вера")
    registered(desk, "package_comfort", last="Пропавший", first="Глеб")
    check_in(desk, vera.code, day=date(2026, 11, 27))  # entered afterwards, no time given
    target = tmp_path / "out.csv"
    monkeypatch.setattr(files, "save_file_name", lambda *a, **k: str(target))
    monkeypatch.setattr(QMessageBox, "information", lambda *_args: None)
    window.open_export("attendees")
    with target.open(encoding="utf-8-sig", newline="") as stream:
        rows = {row["Фамилия"]: row for row in csv.DictReader(stream, delimiter=";")}
    training = next(name for name in rows["Бумажная"] if name.startswith("27.11"))
    assert rows["Бумажная"][training] == "время неизвестно"
    assert rows["Пропавший"][training] == ""
