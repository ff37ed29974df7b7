"""A join code scanned into a desk's name, wherever a name is asked: it never becomes (part of)
the name — at start, before any window watches the scanner, too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from kiosk.hub.join import JoinCode
from tests.hubs import free_port
from tests.ui.conftest import KEY_CLOCK
from tests.ui.desk.test_desk_window import scan, type_text
from tests.ui.hub.conftest import assert_no_part_of
from ui.common.hub import NameQuestion
from ui.common.hub_widgets import DeskNameDialog
from ui.common.settings import DeskSettings
from ui.desk.dialogs import SettingsDialog


def a_join_code() -> str:
    return JoinCode("10.0.0.5", free_port(), "kiosk", "kiosk_desk", "pass", bytes(16)).encode()


@pytest.fixture
def name_question(qtbot: QtBot) -> Iterator[DeskNameDialog]:
    """The question a desk starting with a taken name is asked (no window yet)."""
    question = NameQuestion(
        "Имя «стойка-1» уже у другой стойки этого хаба. Выберите другое, например «стойка-4».",
        "стойка-1",
        "стойка-4",
    )
    dialog = DeskNameDialog(question)
    assert dialog.scanner is not None
    dialog.scanner.clock = KEY_CLOCK
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.name.setFocus()
    qtbot.waitUntil(dialog.name.hasFocus)
    yield dialog
    dialog.done(QDialog.DialogCode.Rejected)


def test_the_suggested_name_is_selected_so_typing_replaces_it(
    name_question: DeskNameDialog,
) -> None:
    assert name_question.name.selectedText() == "стойка-4"
    type_text(name_question.name, "вход")
    assert name_question.answer() == ("вход", False)


def test_a_join_code_scanned_into_the_name_question_at_start_stays_out_of_the_name(
    qtbot: QtBot, name_question: DeskNameDialog
) -> None:
    name_question.name.end(False)  # the cursor at the end, as the tester had it
    code = a_join_code()
    scan(qtbot, name_question, code)  # type: ignore[arg-type]
    assert name_question.name.text() == "стойка-4"
    assert name_question.isVisible()  # its Enter pressed no OK
    assert name_question.note.isVisible()
    assert_no_part_of(code, name_question.note.text())


def test_the_name_question_refuses_a_name_holding_a_join_code(
    name_question: DeskNameDialog,
) -> None:
    code = a_join_code()
    name_question.name.setText("стойка-4" + code[:52])  # pasted, or typed in by other means
    name_question.accept()
    assert name_question.isVisible()
    assert name_question.result() != QDialog.DialogCode.Accepted
    assert name_question.name.text() == "стойка-4"
    assert_no_part_of(code, name_question.note.text())


def test_the_settings_refuse_a_desk_name_holding_a_join_code(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    dialog = SettingsDialog(DeskSettings(desk_name="стойка-2", printer=""))
    qtbot.addWidget(dialog)
    code = a_join_code()
    dialog.desk_name.setText("стойка-2" + code)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert len(warned) == 1
    assert_no_part_of(code, warned[0])
    assert dialog.desk_name.text() == "стойка-2"
