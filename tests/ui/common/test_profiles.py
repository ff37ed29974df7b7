"""The desk's settings file: two profiles on one laptop (`KIOSK_HOME`) each keep their own —
the desk's name and the hub's join code — and their own log, owner-only; a name is never read
with a join code in it."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from kiosk.cli.badges import desk_settings_printer
from kiosk.profile import log_folder
from ui.app import log_to_file
from ui.common.settings import DeskSettings, load_settings, save_hub_settings, save_settings

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def test_two_kiosk_homes_keep_separate_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "desk-a", tmp_path / "desk-b"
    monkeypatch.setenv("KIOSK_HOME", str(first))
    save_settings(DeskSettings(desk_name="стойка-1", printer="pdf:/tmp/a"))
    save_hub_settings("HUB1-AAAA", False)
    monkeypatch.setenv("KIOSK_HOME", str(second))
    assert load_settings().desk_name == ""
    assert load_settings().hub_join == ""
    save_settings(DeskSettings(desk_name="киоск", kiosk_mode=True))
    monkeypatch.setenv("KIOSK_HOME", str(first))
    remembered = load_settings()
    assert (remembered.desk_name, remembered.hub_join, remembered.kiosk_mode) == (
        "стойка-1",
        "HUB1-AAAA",
        False,
    )
    assert (first / "settings" / "desk.ini").is_file()
    assert desk_settings_printer() == "pdf:/tmp/a"  # the command reads the same file
    monkeypatch.setenv("KIOSK_HOME", str(second))
    assert load_settings().desk_name == "киоск"
    assert desk_settings_printer() == ""


@posix_only
def test_a_profiles_settings_and_log_are_owner_only_under_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "profile"
    monkeypatch.setenv("KIOSK_HOME", str(home))
    old = os.umask(0o022)
    root = logging.getLogger()
    handlers = list(root.handlers)
    try:
        save_settings(DeskSettings(desk_name="стойка-3"))
        log = log_to_file()
    finally:
        os.umask(old)
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
    assert log == home / "log" / "desk.log"
    assert log_folder() == home / "log"
    ini = home / "settings" / "desk.ini"
    assert stat.S_IMODE(ini.stat().st_mode) == 0o600
    for folder in (home / "settings", home / "log"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_a_desk_name_an_older_version_saved_with_a_join_code_in_it_is_read_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.hub.join import JoinCode

    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "old"))
    code = JoinCode("10.0.0.5", 5444, "kiosk", "kiosk_desk", "pass", bytes(16)).encode()
    save_settings(DeskSettings(desk_name="стойка-4" + code[:52]))
    assert load_settings().desk_name == "стойка-4"
