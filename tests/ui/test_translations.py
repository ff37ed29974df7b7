"""The interface is Russian by default, with every text translated; English is the source."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel, QMessageBox, QWidget

from ui.app import TRANSLATIONS

ENGLISH = re.compile(r"[A-Za-z]{2,}")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def english_texts(window: QWidget) -> list[str]:
    """Texts of labels and buttons (and their tooltips) that are English words."""
    found = []
    for widget in [window, *window.findChildren(QWidget)]:
        texts = [widget.toolTip()]
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        found += [t for t in texts if ENGLISH.search(t) and not CYRILLIC.search(t)]
    return [t for t in found if t != "OK"]  # Qt's Russian translation keeps «OK»


def test_every_interface_text_has_a_russian_translation() -> None:
    tree = ET.parse(TRANSLATIONS / "desk_ru.ts")
    unfinished = [
        m.findtext("source")
        for m in tree.getroot().iter("message")
        if m.find("translation") is not None
        and m.find("translation").get("type") in ("unfinished", "vanished", "obsolete")  # type: ignore[union-attr]
    ]
    assert unfinished == []


def test_the_compiled_translation_is_loaded(qapp: object) -> None:
    assert QCoreApplication.translate("ResultPanel", "Unknown code") == "Код не найден"


@pytest.mark.parametrize(
    "mode", [QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave]
)
def test_qts_own_file_dialog_speaks_russian(qapp: object, mode: QFileDialog.AcceptMode) -> None:
    """Qt's file dialog (the one used where the desktop offers none of its own)."""
    dialog = QFileDialog(None, "Выгрузить участников")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(mode)
    dialog.setNameFilter("CSV (*.csv)")
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    assert "&Папка:" in labels and "&Типы файлов:" in labels
    assert english_texts(dialog) == []
    dialog.deleteLater()


def test_qts_message_box_buttons_speak_russian(qapp: object) -> None:
    buttons = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Question, "Вопрос", "Сохранить?")
    box.setStandardButtons(buttons.Yes | buttons.No | buttons.Cancel | buttons.Save | buttons.Close)
    assert english_texts(box) == []
    box.deleteLater()


def test_the_translation_survives_its_file_being_rewritten_while_the_desk_runs(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.app

    live = tmp_path / "desk_ru.qm"
    shutil.copy(TRANSLATIONS / "desk_ru.qm", live)
    monkeypatch.setattr(ui.app, "TRANSLATIONS", tmp_path)
    translator = ui.app.desk_translator(qapp)  # type: ignore[arg-type]
    assert translator is not None
    assert translator.translate("ResultsModel", "On %1") == "На %1"
    # Rewritten in place, as lrelease does on a translation update: another layout inside.
    with live.open("r+b") as file:
        file.write(b"\0" * live.stat().st_size)
    assert translator.translate("ResultsModel", "On %1") == "На %1"
    assert translator.translate("ResultsModel", "Name") == "Участник"
