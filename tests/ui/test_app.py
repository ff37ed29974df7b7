"""Starting the desk app as `python main.py` does, and its first start on an empty database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.config import load_event
from kiosk.db import NoDatabase, open_database
from kiosk.services.context import Desk
from kiosk.services.stats import stats
from ui.app import Translations
from ui.desk.first_start import FirstStartDialog
from ui.desk.window import DeskWindow

ROOT = Path(__file__).resolve().parent.parent.parent


def test_main_py_starts_the_desk_on_a_new_database_and_loads_demo_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    open_database(url, load_event(), create=True).dispose()  # as `kiosk init` makes it
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TZ": "UTC"}
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "--db",
            url,
            "--desk",
            "стойка-3",
            "--demo",
            "--quit-after-ms",
            "3000",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    db = open_database(url, load_event())
    try:
        from kiosk.services.context import Desk

        assert stats(Desk(db, load_event())).attendees == 300
    finally:
        db.dispose()


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_sigterm_closes_the_desk_without_an_error(
    tmp_path: Path, number: signal.Signals
) -> None:
    """Ctrl+C in the terminal the desk was started from raised KeyboardInterrupt inside a Qt
    callback: the log said «unexpected error» and the desk went on running."""
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    open_database(url, load_event(), create=True).dispose()
    home = tmp_path / "home"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_HOME": str(home)}
    log = home / "log" / "desk.log"
    desk = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--db", url],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and desk.poll() is None:
            if log.exists() and "started (desk)" in log.read_text(encoding="utf-8"):
                break
            time.sleep(0.1)
        assert desk.poll() is None, "the desk did not start"
        time.sleep(0.5)  # at rest: no event for a while
        desk.send_signal(number)
        _out, errors = desk.communicate(timeout=30)
    finally:
        if desk.poll() is None:
            desk.kill()
            desk.wait()
    assert desk.returncode == 0, errors
    assert "Traceback" not in errors
    written = log.read_text(encoding="utf-8")
    assert f"signal {int(number)}: closing" in written
    assert "unexpected error" not in written and "KeyboardInterrupt" not in written


def test_main_py_with_a_broken_event_file_says_so_without_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[event]\n", encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "--db",
            f"sqlite:///{tmp_path / 'x.sqlite3'}",
            "--event",
            str(bad),
            "--quit-after-ms",
            "100",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        input="",
    )
    # The message box is shown (offscreen, dismissed at once as there is no user); exit 2.
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_first_start_offers_demo_data_and_loads_it(qtbot: QtBot, window: DeskWindow) -> None:
    dialog = FirstStartDialog(window.controller, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.import_button.isEnabled() and dialog.demo_button.isEnabled()
    dialog.demo_button.click()
    qtbot.waitUntil(lambda: dialog.result() == 1, timeout=20000)
    assert stats(window.controller.desk).attendees == 300


def run_main(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "--db",
            f"sqlite:///{tmp_path / 'k.sqlite3'}",
            *args,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )


def test_main_py_kiosk_starts_the_kiosk_when_the_staff_pin_is_set(tmp_path: Path) -> None:
    from kiosk.services.selfservice import set_pin

    db = open_database(f"sqlite:///{tmp_path / 'k.sqlite3'}", load_event(), create=True)
    set_pin(db, "246813")
    db.dispose()
    result = run_main(tmp_path, "--kiosk", "--quit-after-ms", "1500")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_main_py_kiosk_without_a_pin_asks_for_one_and_will_not_start_without_it(
    tmp_path: Path,
) -> None:
    open_database(f"sqlite:///{tmp_path / 'k.sqlite3'}", load_event(), create=True).dispose()
    result = run_main(tmp_path, "--kiosk", "--quit-after-ms", "300")
    assert result.returncode == 2
    assert "kiosk set-pin" in result.stderr
    assert "Traceback" not in result.stderr


def test_new_pin_dialog_wants_the_same_pin_twice(qtbot: QtBot, desk: Desk) -> None:
    from kiosk.services.selfservice import verify_pin
    from ui.kiosk.staff import NewPinDialog

    dialog = NewPinDialog(desk.db)
    qtbot.addWidget(dialog)
    dialog.first.setText("246813")
    dialog.second.setText("246814")
    dialog.save()
    assert "не совпадают" in dialog.error.text() and dialog.result() == 0
    dialog.first.setText("2468")
    dialog.second.setText("2468")
    dialog.save()
    assert "6 цифр" in dialog.error.text() and dialog.result() == 0
    dialog.first.setText("246813")
    dialog.second.setText("246813")
    dialog.save()
    assert dialog.result() == 1 and verify_pin(desk.db, "246813")


def test_main_py_with_a_mistyped_db_path_creates_nothing_and_says_how_to_make_one(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "typo" / "desk.sqlite3"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(missing), "--quit-after-ms", "300"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # The question is shown (offscreen, answered No at once as there is no user); exit 2.
    assert result.returncode == 2
    assert "kiosk --db " in result.stderr and "Traceback" not in result.stderr
    assert not missing.parent.exists()


def test_the_desk_creates_a_new_database_elsewhere_only_when_staff_say_yes(
    tmp_path: Path,
) -> None:
    from ui.app import open_event_and_database, parse_args

    args = parse_args(["--db", str(tmp_path / "new" / "desk.sqlite3")])
    asked: list[str] = []

    def say_no(place: str) -> bool:
        asked.append(place)
        return False

    with pytest.raises(NoDatabase):
        open_event_and_database(args, say_no)
    assert asked == [str(tmp_path / "new" / "desk.sqlite3")]
    assert not (tmp_path / "new").exists()
    _event, db = open_event_and_database(args, lambda _place: True)
    db.dispose()
    assert (tmp_path / "new" / "desk.sqlite3").is_file()


def test_a_second_desk_on_the_same_profile_is_refused_with_a_sentence(tmp_path: Path) -> None:
    from kiosk.profile import hold_profile

    open_database(f"sqlite:///{tmp_path / 'k.sqlite3'}", load_event(), create=True).dispose()
    first = hold_profile()  # the desk already running (this process, on the same data folder)
    assert first is not None
    try:
        result = run_main(tmp_path, "--quit-after-ms", "300")
    finally:
        first.release()
    assert result.returncode == 2
    assert "уже открыто" in result.stderr
    assert "Traceback" not in result.stderr
    assert run_main(tmp_path, "--quit-after-ms", "300").returncode == 0


@pytest.mark.parametrize(
    ("options", "title"),
    [([], "Стойку не удалось запустить"), (["--kiosk"], "Киоск не удалось запустить")],
)
def test_a_start_that_fails_names_what_did_not_start(
    qapp: QApplication,
    translations: Translations,
    monkeypatch: pytest.MonkeyPatch,
    options: list[str],
    title: str,
) -> None:
    """A kiosk that cannot start says «Киоск», not «Стойку»."""
    import ui.app
    from kiosk.db import DatabaseError
    from ui.common.settings import DeskSettings

    told: list[tuple[str, str]] = []

    def no_hub(*_args: object, **_kwargs: object) -> None:
        raise DatabaseError("Хаб 192.0.2.2:5471 не отвечает.")

    monkeypatch.setattr(ui.app, "open_station", no_hub)
    monkeypatch.setattr(ui.app, "fail", lambda t, m, _ms=None: told.append((t, m)) or 2)
    args = ui.app.parse_args(options)
    kiosk_mode = "--kiosk" in options
    assert ui.app._run_held(qapp, args, DeskSettings(), translations, kiosk_mode) == 2
    assert told == [(title, "Хаб 192.0.2.2:5471 не отвечает.")]


def test_main_py_help_is_in_russian_by_default(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "KIOSK_LANG"}
    env["KIOSK_HOME"] = str(tmp_path / "home")
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("использование: main.py")
    assert "Стойка регистрации события" in result.stdout
    assert "киоск самообслуживания для гостей во весь экран" in result.stdout
    assert "show this help" not in result.stdout


@pytest.mark.parametrize(
    ("argv", "saved", "first_words"),
    [
        (["--lang", "en", "--help"], "ru", "usage: main.py"),
        (["--help", "--lang=en"], "ru", "usage: main.py"),
        (["--help"], "en", "usage: main.py"),
        (["--lang", "ru", "--help"], "en", "использование: main.py"),
    ],
)
def test_main_py_help_follows_the_language_the_app_will_speak(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    saved: str,
    first_words: str,
) -> None:
    """--lang, else KIOSK_LANG, else the language chosen in the desk's settings."""
    from ui.app import parse_args
    from ui.common.settings import DeskSettings, save_settings

    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "home"))
    save_settings(DeskSettings(language=saved))
    with pytest.raises(SystemExit):
        parse_args(argv)
    out = capsys.readouterr().out
    assert out.startswith(first_words)
    assert ("show this help message and exit" in out) is first_words.startswith("usage")


def test_a_mistake_in_main_py_arguments_is_told_in_russian(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "KIOSK_LANG"}
    env["KIOSK_HOME"] = str(tmp_path / "home")
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--lang", "de"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "main.py: ошибка: аргумент --lang: нет варианта 'de'" in result.stderr


def test_a_second_start_while_the_first_only_shows_its_start_up_error_is_not_told_it_runs(
    tmp_path: Path,
) -> None:
    """The first start failed (a broken event file) and its message waits for a click: the
    profile is let go, so a second start says what is wrong, not «Стойка уже запущена»."""
    bad = tmp_path / "bad.toml"
    bad.write_text("[event]\n", encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_HOME": str(tmp_path / "home")}
    command = [
        sys.executable,
        str(ROOT / "main.py"),
        "--db",
        f"sqlite:///{tmp_path / 'x.sqlite3'}",
        "--event",
        str(bad),
        "--quit-after-ms",
    ]
    first_err = tmp_path / "first.err"
    with first_err.open("w", encoding="utf-8") as stream:
        first = subprocess.Popen([*command, "15000"], env=env, stderr=stream, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while ":" not in first_err.read_text(encoding="utf-8") and time.monotonic() < deadline:
            assert first.poll() is None
            time.sleep(0.1)
        time.sleep(0.3)  # the message box is up
        second = subprocess.run(
            [*command, "100"], env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path
        )
        assert first.poll() is None  # still showing its error
    finally:
        first.kill()
        first.wait()
    assert second.returncode == 2
    assert "уже запущена" not in second.stderr and "already running" not in second.stderr
    assert second.stderr.strip()  # it said why it cannot start
