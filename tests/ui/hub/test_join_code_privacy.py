"""The join code holds the desks' password: a misread or unknown code is refused in words for
people, and neither the message nor the log holds any part of the code after its prefix; a
desk whose remembered hub is gone may go back to its own database, or quit."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from kiosk.config import Event
from kiosk.db import Database, DatabaseError
from kiosk.hub import desks
from kiosk.hub.desks import DESK
from kiosk.hub.join import JoinCode
from tests.hubs import free_port
from tests.ui.hub.conftest import assert_no_part_of
from ui.common.hub import Joining, Link, Place, Station, masked
from ui.common.hub_widgets import HubSection, HubStatus, JoinCodeWindow, JoinField

SECRET = "s3cret-desk-pass"


def unknown_code() -> str:
    """A well-formed code of a hub that is not there (nothing listens on its port)."""
    return JoinCode("127.0.0.1", free_port(), "kiosk", "kiosk_desk", SECRET, bytes(16)).encode()


def misread(code: str) -> str:
    """The code with one symbol read wrong (its checksum no longer matches)."""
    position = len(code) // 2
    wrong = "Z" if code[position] != "Z" else "Y"
    return code[:position] + wrong + code[position + 1 :]


def logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(record.getMessage() for record in caplog.records)


@pytest.mark.parametrize("make", [unknown_code, lambda: misread(unknown_code())])
def test_joining_with_a_bad_or_unknown_code_says_why_without_the_code(
    make: object, event: Event, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    code = make()  # type: ignore[operator]
    caplog.set_level(logging.DEBUG)
    with pytest.raises(DatabaseError) as refused:
        desks.open_hub(code, event, tmp_path)
    text = str(refused.value)
    assert "хаб" in text.lower()
    assert_no_part_of(code, text)
    assert SECRET not in text
    assert_no_part_of(code, logged(caplog))


def test_the_desk_is_told_why_it_did_not_join_without_the_code(
    qtbot: QtBot, event: Event, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    code = unknown_code()
    joining = Joining(event, DESK, "стойка-1", lambda _question: None, home=tmp_path)
    with qtbot.waitSignal(joining.failed, timeout=15_000) as failed:
        joining.start(code)
    text = str(failed.args[0])
    assert "не отвечает" in text
    assert_no_part_of(code, text)
    assert_no_part_of(code, logged(caplog))


def test_a_desk_joining_a_hub_that_takes_the_connection_and_never_answers_is_told_in_words(
    qtbot: QtBot, event: Event, tmp_path: Path
) -> None:
    """The network takes the desk's packets and nothing comes back (a listening socket nobody
    accepts on): the desk hears that the hub does not answer, never a Python class name."""
    import socket

    with socket.create_server(("127.0.0.1", 0), backlog=4) as silent:
        port = silent.getsockname()[1]
        code = JoinCode("127.0.0.1", port, "kiosk", "kiosk_desk", SECRET, bytes(16)).encode()
        joining = Joining(event, DESK, "стойка-1", lambda _question: None, home=tmp_path)
        with qtbot.waitSignal(joining.failed, timeout=20_000) as failed:
            joining.start(code)
    text = str(failed.args[0])
    assert "не отвечает" in text
    assert "Error" not in text and "Timeout" not in text
    assert_no_part_of(code, text)


@pytest.mark.parametrize(
    "exc", [TimeoutError("timed out"), ConnectionResetError(), RuntimeError("boom")]
)
def test_an_unexpected_failure_to_join_is_told_without_a_class_name(exc: Exception) -> None:
    from ui.common.hub import failure_text

    text = failure_text(exc)
    assert type(exc).__name__ not in text and "Error" not in text and "boom" not in text
    assert "хаб" in text.lower()
    assert ("не отвечает" in text) == (not isinstance(exc, RuntimeError))
    assert ("не отвечает" in text) == (not isinstance(exc, RuntimeError))


def test_a_misread_code_in_the_field_is_refused_at_once(qtbot: QtBot) -> None:
    field = JoinField()
    qtbot.addWidget(field)
    code = misread(unknown_code())
    with qtbot.waitSignal(field.problem) as problem:
        field.setText(code)
    assert "ещё раз" in problem.args[0]
    assert_no_part_of(code, problem.args[0])


def test_a_badge_code_in_the_join_field_is_not_taken_for_a_join_code(qtbot: QtBot) -> None:
    field = JoinField()
    qtbot.addWidget(field)
    with qtbot.waitSignal(field.problem) as problem:
        field.setText("7KQ2-M9XD-H3TR")
    assert "HUB1-" in problem.args[0]


def test_the_join_field_hides_the_code_and_takes_a_scan(qtbot: QtBot) -> None:
    from ui.common.scanner import ACCEPTS_SCAN

    field = JoinField()
    qtbot.addWidget(field)
    assert field.echoMode() == field.EchoMode.Password
    assert field.property(ACCEPTS_SCAN)


def test_the_code_is_shown_masked() -> None:
    code = unknown_code()
    shown = masked(code)
    assert shown.startswith("HUB1-…-")
    assert shown.endswith(code.split("-")[-1])
    assert_no_part_of(code, shown.replace(code.split("-")[-1], ""))


def test_the_qr_window_holds_the_code_only_in_its_qr(qtbot: QtBot) -> None:
    import zxingcpp

    code = unknown_code()
    window = JoinCodeWindow(code, "192.0.2.10:5444/kiosk")
    qtbot.addWidget(window)
    found = zxingcpp.read_barcodes(window.qr.pixmap().toImage())
    assert [barcode.text for barcode in found] == [code]
    assert masked(code) in window.code_label.text()
    assert code not in window.code_label.text()


def test_the_status_line_says_which_desk_and_how_many_desks(qtbot: QtBot, event: Event) -> None:
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    status = HubStatus(event)
    qtbot.addWidget(status)
    three = tuple(
        desks.DeskActivity(str(n), f"стойка-{n}", DESK, True, now, None) for n in (1, 2, 3)
    )
    gone = desks.DeskActivity("4", "стойка-4", DESK, False, now, None)
    status.show_link(Link(Place.HUB, True, "стойка-1", (*three, gone)))
    assert status.text() == "Хаб: стойка-1 · 3 стойки на связи"
    status.show_link(Link(Place.HUB, True, "стойка-1", three, hosting=True))
    assert status.text() == "Хаб работает на этом ноутбуке · стойка-1 · 3 стойки на связи"
    status.show_link(Link(Place.HUB, False, "стойка-1", three))
    assert status.text() == "Нет связи с хабом — отметки не принимаются"
    assert "#C5221F" in status.styleSheet()


def test_a_desk_of_its_own_says_its_data_is_on_this_laptop(
    qtbot: QtBot, db: Database, event: Event
) -> None:
    station = Station(db, event, desk_name="стойка-1")
    status = HubStatus(event)
    qtbot.addWidget(status)
    status.show_link(station.link)
    assert status.text() == "Данные: на этом ноутбуке"
    assert str(Path(db.url.removeprefix("sqlite:///"))) in status.toolTip()


def test_the_settings_section_refuses_an_unknown_hub_without_the_code(
    qtbot: QtBot, db: Database, event: Event, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    station = Station(db, event, desk_name="стойка-1", home=tmp_path)
    section = HubSection(station, lambda: "стойка-1")
    qtbot.addWidget(section)
    code = unknown_code()
    section.field.setText(code)
    qtbot.waitUntil(lambda: "не отвечает" in section.message.text(), timeout=15_000)
    assert station.link.place is Place.LAPTOP
    assert_no_part_of(code, section.message.text())
    assert_no_part_of(code, section.state.text())
    assert_no_part_of(code, logged(caplog))


def test_a_desk_that_cannot_reach_its_remembered_hub_may_go_back_to_its_own_database(
    event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.app import open_station, parse_args
    from ui.common.settings import DeskSettings

    code = unknown_code()
    told: list[str] = []

    def choose(problem: str, **_options: object) -> str:
        told.append(problem)
        return "laptop"

    monkeypatch.setattr("ui.app.ask_without_hub", choose)
    station = open_station(parse_args([]), event, DeskSettings(hub_join=code))
    assert station is not None
    try:
        assert station.link.place is Place.LAPTOP
        assert "не отвечает" in told[0]
        assert_no_part_of(code, told[0])
        store = QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, "kiosk-desk", "desk"
        )
        assert store.value("hub_join") == ""
    finally:
        station.close()


def test_a_desk_whose_own_database_is_another_events_keeps_its_hub_when_it_cannot_go_back(
    event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its own database is opened only once the person chose it: refused there (another
    event's), the app says why and the settings still remember the hub."""
    from dataclasses import replace

    from kiosk.db import open_database
    from ui.app import open_station, parse_args
    from ui.common.settings import DeskSettings, load_settings, save_hub_settings

    open_database(None, replace(event, id="other-2025", name="Другой форум")).dispose()
    code = unknown_code()
    save_hub_settings(code, False)
    monkeypatch.setattr("ui.app.ask_without_hub", lambda _problem, **_options: "laptop")
    with pytest.raises(DatabaseError, match="Другой форум"):
        open_station(parse_args([]), event, DeskSettings(hub_join=code))
    assert load_settings().hub_join == code


def test_quitting_instead_of_going_without_the_remembered_hub_opens_no_desk(
    event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.app import open_station, parse_args
    from ui.common.settings import DeskSettings

    asked: list[str] = []
    monkeypatch.setattr(
        "ui.app.ask_without_hub", lambda problem, **_options: asked.append(problem) or "quit"
    )
    assert open_station(parse_args([]), event, DeskSettings(hub_join=unknown_code())) is None
    assert len(asked) == 1
