"""Personal data and the `kiosk` command: private files, no data in the log, the right
database, harmless output, and `forget` / `purge`."""

from __future__ import annotations

import os
import re
import shlex
import sqlite3
import stat
import subprocess
import sys
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import Exit, main
from kiosk.services.context import Desk
from tests.cli.test_cli import Kiosk
from tests.importing.files import write_csv

ROOT = Path(__file__).resolve().parent.parent.parent
PHONE = "+79147001234"
EMAIL = "tyutina@example.ru"
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


@pytest.fixture
def kiosk(db_url: str, capsys: pytest.CaptureFixture[str]) -> Kiosk:
    return Kiosk(db_url, capsys)


def run_cli(
    home: Path, *args: str, umask: int = 0o022, stdin: str = "", timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """The real `python -m kiosk` in a new process, started under `umask` (a usual 022)."""
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "TZ": "UTC",
    }

    def set_umask() -> None:
        os.umask(umask)

    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        input=stdin,
        preexec_fn=set_umask if os.name == "posix" else None,
    )


def register_args(db: Path) -> list[str]:
    return [
        "--db",
        str(db),
        "register",
        "--last",
        "Тютина",
        "--first",
        "Мария",
        "--phone",
        PHONE,
        "--email",
        EMAIL,
        "--tariff",
        "comfort",
        "--consent",
        "--json",
    ]


# ---- files -------------------------------------------------------------------------------------


@posix_only
def test_under_umask_022_the_database_its_wal_and_shm_log_and_export_are_owner_only(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    db = tmp_path / "event" / "desk.sqlite3"
    assert run_cli(home, "--db", str(db), "init").returncode == 0
    assert run_cli(home, *register_args(db)).returncode == 0
    export = tmp_path / "out" / "attendees.csv"
    export.parent.mkdir()
    assert run_cli(home, "--db", str(db), "export", "attendees", "-o", str(export)).returncode == 0
    # A failure goes to the log, which must be private too.
    (tmp_path / "event" / "x.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    failed = run_cli(home, "--db", str(tmp_path / "event" / "x.sqlite3"), "stats")
    assert failed.returncode == Exit.DATABASE
    files = [db, export, *db.parent.glob("desk.sqlite3-*")]
    assert {p.name for p in files} >= {"desk.sqlite3", "attendees.csv"}
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700


@posix_only
def test_the_default_database_folder_is_owner_only(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_cli(home, "init").returncode == 0
    folder = home / "data" / "kiosk-desk"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "kiosk.sqlite3").stat().st_mode) == 0o600


# ---- logs --------------------------------------------------------------------------------------


def test_a_database_failure_during_a_registration_logs_no_phone_or_email(tmp_path: Path) -> None:
    home = tmp_path / "home"
    db = tmp_path / "desk.sqlite3"
    assert run_cli(home, "--db", str(db), "init").returncode == 0
    with sqlite3.connect(db) as connection:
        connection.execute(
            "CREATE TRIGGER broken BEFORE INSERT ON attendees "
            "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"
        )
    result = run_cli(home, *register_args(db))
    assert result.returncode == Exit.INTERNAL
    logs = list((home / "state").rglob("*.log"))
    assert logs, result.stdout
    text = "".join(p.read_text(encoding="utf-8") for p in logs)
    assert "disk trouble" in text and "Traceback" in text  # the failure is there …
    for secret in (PHONE, "9147001234", EMAIL, "Тютина"):  # … the person is not
        assert secret not in text, secret
    if os.name == "posix":
        assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in logs)


# ---- the right database ------------------------------------------------------------------------


def test_a_mistyped_db_path_is_refused_by_every_command_but_init(
    kiosk: Kiosk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo" / "desk.sqlite3"
    for command in (["stats"], ["search", "Тют"], ["checkin", "AAAA-BBBB-CCCC"]):
        status, _out, err = Kiosk(str(missing), capsys, init=False)(*command)
        assert status == Exit.DATABASE, command
        assert str(missing) in err and f"kiosk --db {missing} init" in err
    assert not missing.parent.exists()
    status, _out, _err = Kiosk(str(missing), capsys, init=False)("init")
    assert status == 0 and missing.is_file()


def test_the_command_the_refusal_names_creates_the_database_as_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "my desk" / "x.sqlite3"
    status, _out, err = Kiosk(str(missing), capsys, init=False)("stats")
    assert status == Exit.DATABASE
    printed = re.search(r"«(kiosk [^»]+)»", err)
    assert printed is not None
    assert main(shlex.split(printed.group(1))[1:]) == 0 and missing.is_file()


def test_init_takes_db_after_the_command_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    place = tmp_path / "after.sqlite3"
    assert main(["init", "--db", str(place)]) == 0 and place.is_file()


def test_the_refusal_is_a_json_error_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, doc = Kiosk(str(tmp_path / "none.sqlite3"), capsys, init=False).json("stats")
    assert status == Exit.DATABASE and doc["field"] == "db" and " init»" in doc["error"]


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p.write_text("имя;телефон\n", encoding="utf-8"), "не база данных SQLite"),
        (lambda p: sqlite3.connect(p).execute("CREATE TABLE notes (t TEXT)"), "другой программы"),
    ],
)
def test_a_file_that_is_not_the_desks_database_is_refused_with_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Any, words: str
) -> None:
    path = tmp_path / "other.db"
    make(path)
    for command in ("stats", "init"):
        status, _out, err = Kiosk(str(path), capsys, init=False)(command)
        assert status == Exit.DATABASE and words in err and "Traceback" not in err


@posix_only
def test_another_applications_database_is_refused_without_being_touched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (t TEXT)")
    connection.commit()
    connection.close()
    path.chmod(0o644)
    before = path.read_bytes()
    for command in ("stats", "init"):
        status, _out, err = Kiosk(str(path), capsys, init=False)(command)
        assert status == Exit.DATABASE and "другой программы" in err
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # not made ours
    assert path.read_bytes() == before  # not turned to WAL either
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_a_huge_or_impossible_db_value_is_refused_in_one_short_sentence(tmp_path: Path) -> None:
    values = (
        "/tmp/" + "a" * 60_000,  # logged whole as an internal error
        str(tmp_path / ("b" * 300) / "kiosk.db"),
        str(tmp_path / ("c" * 300)),
        "postgresql://desk:secret@[::1",
    )
    for value in values:
        for command in ("stats", "init"):
            result = run_cli(tmp_path, "--db", value, command)
            assert result.returncode == Exit.DATABASE, result.stderr[:300]
            assert len(result.stderr) < 300 and "Traceback" not in result.stderr
            assert "secret" not in result.stderr
    logs = [p for p in (tmp_path / "state").rglob("*") if p.is_file()]
    assert not any("a" * 100 in p.read_text(encoding="utf-8") for p in logs)


def test_a_db_path_of_links_in_a_loop_is_refused_in_a_sentence_not_an_internal_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "one").symlink_to(tmp_path / "two")
    (tmp_path / "two").symlink_to(tmp_path / "one")
    status, _out, err = Kiosk(str(tmp_path / "one"), capsys, init=False)("stats")
    assert status == Exit.DATABASE and "не путь к базе данных" in err


def test_an_in_memory_database_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    status, _out, err = Kiosk("sqlite://", capsys, init=False)("init")
    assert status == Exit.DATABASE and "памяти" in err


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_dev_zero_as_the_event_file_is_refused_at_once(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "--event", "/dev/zero", "--db", str(tmp_path / "x"), "init")
    assert result.returncode == Exit.INVALID and "не файл события" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_as_the_event_file_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "event.toml"
    os.mkfifo(fifo)
    # Opening a FIFO by its name waits for a writer: this ran until killed.
    args = ("--event", str(fifo), "--db", str(tmp_path / "x"), "init")
    result = run_cli(tmp_path, *args, timeout=30)
    assert result.returncode == Exit.INVALID and "не файл события" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_as_the_import_file_or_the_codes_file_is_refused_at_once(tmp_path: Path) -> None:
    db = str(tmp_path / "kiosk.db")
    assert run_cli(tmp_path, "--db", db, "init").returncode == 0
    fifo = tmp_path / "people.csv"
    os.mkfifo(fifo)
    imported = run_cli(tmp_path, "--db", db, "import", str(fifo), timeout=30)
    assert imported.returncode == Exit.INVALID and "не обычный файл" in imported.stderr
    batch = run_cli(
        tmp_path,
        *("--db", db, "checkin-batch", str(fifo), "--day", "2026-11-28", "--reason", "x"),
        timeout=30,
    )
    assert batch.returncode == Exit.INVALID and "не файл" in batch.stderr


# ---- output that cannot harm the terminal ------------------------------------------------------


def test_a_huge_argument_is_not_echoed_whole(kiosk: Kiosk) -> None:
    status, _out, err = kiosk("checkin", "X", "--pay", "я" * 100_000)
    assert status == Exit.INVALID and len(err) < 1000


def test_a_name_stored_with_control_characters_reaches_the_terminal_without_them(
    kiosk: Kiosk, db_url: str
) -> None:
    maria = kiosk.register()
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as connection:
        connection.execute(  # as an older version or another tool might have stored it
            "UPDATE attendees SET company = ? WHERE id = ?",
            ("Ромашка\x1b]0;pwned\x07", maria["id"]),
        )
    status, out, err = kiosk("show", maria["code"])
    assert status == 0 and "Ромашка]0;pwned" in out
    assert not any(ch in out + err for ch in "\x1b\x07")


# ---- forget and purge --------------------------------------------------------------------------


def test_forget_erases_the_person_keeps_the_totals_and_the_code_stops_working(
    kiosk: Kiosk,
) -> None:
    maria = kiosk.register("--pay", "card")
    kiosk("checkin", maria["code"], "--at", "2026-11-28T09:05:00+10:00")
    _status, before = kiosk.json("stats")
    status, doc = kiosk.json("forget", maria["code"], "--reason", "письмо от 01.12")
    assert status == 0 and doc["forgotten"] is True and doc["attendee_id"] == maria["id"]
    assert kiosk.json("stats")[1] == before
    status, _doc = kiosk.json("show", maria["code"])
    assert status == Exit.NOT_FOUND
    status, doc = kiosk.json("checkin", maria["code"], "--at", "2026-11-28T10:00:00+10:00")
    assert status == Exit.UNKNOWN_CODE
    assert kiosk.json("search", "Тютина")[1]["results"] == []


def test_the_import_report_says_how_many_rows_were_skipped_as_forgotten(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    maria = kiosk.register()
    kiosk("forget", maria["code"])
    rows = [
        ["ФИО", "Телефон", "Тариф"],
        ["Тютина Мария", "+79147008090", "Комфорт"],
        ["Новая Анна", "+79147009999", "Комфорт"],
    ]
    status, out, _err = kiosk("import", str(write_csv(tmp_path / "again.csv", rows)))
    assert status == 0 and "Добавлено: 1" in out
    assert "Пропущены (просили удалить их данные): 1" in out


def test_forget_of_an_unknown_code_exits_4(kiosk: Kiosk) -> None:
    status, _out, err = kiosk("forget", "AAAA-BBBB-CCCC")
    assert status == Exit.NOT_FOUND and "не найден" in err


def test_purge_refuses_before_the_retention_period_and_says_how(kiosk: Kiosk) -> None:
    kiosk.register()
    status, _out, err = kiosk("purge")
    assert status == Exit.INVALID and "--after-event" in err
    status, doc = kiosk.json("purge", "--after-event")
    assert status == Exit.INVALID and doc["field"] in ("after_event", "keep_days")


def test_purge_after_the_event_erases_everybody(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    kiosk.register(phone="+79147000001")
    kiosk.register(phone="+79147000002", tariff="premium")
    _status, before = kiosk.json("stats")
    february = datetime(2027, 2, 1, tzinfo=UTC)
    monkeypatch.setattr("kiosk.cli.app.Desk", partial(Desk, clock=lambda: february))
    status, doc = kiosk.json("purge", "--after-event", "--keep-days", "0")
    assert status == 0 and doc["purged"] == 2
    assert kiosk.json("stats")[1] == before
    assert kiosk.json("search", "Тютина")[1]["results"] == []
    status, doc = kiosk.json("export", "attendees", "-o", str(tmp_path / "a.csv"))
    assert status == 0 and doc["rows"] == 2
    text = (tmp_path / "a.csv").read_text(encoding="utf-8-sig")
    assert "Мария" not in text and "79147000001" not in text


def test_an_unknown_huge_argument_is_quoted_in_eighty_characters(kiosk: Kiosk) -> None:
    status, _out, err = kiosk("stats", "ж" * 100_000)
    assert status == Exit.INVALID and "ж" * 79 in err and "ж" * 81 not in err


def test_a_forgotten_persons_new_code_is_refused_at_the_door_and_left_out_of_badge_batches(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    maria = kiosk.register("--pay", "card")
    kiosk.register(phone="+79147000002")
    kiosk("forget", maria["code"])
    status, doc = kiosk.json("search", "удалено")
    assert doc["results"] == []
    connection = sqlite3.connect(kiosk.db_url.removeprefix("sqlite:///"))
    (new_code,) = connection.execute(
        "SELECT badge_code FROM attendees WHERE id = ?", (maria["id"],)
    ).fetchone()
    connection.close()
    status, out, _err = kiosk("checkin", new_code, "--at", "2026-11-28T10:00:00+10:00")
    assert status == Exit.UNKNOWN_CODE and "удалены по его просьбе" in out
    assert "организатору" in out
    status, doc = kiosk.json("checkin", new_code, "--at", "2026-11-28T10:00:00+10:00")
    assert doc["status"] == "forgotten" and doc["attendee"] is None
    assert kiosk.json("search", new_code)[1]["results"] == []
    status, doc = kiosk.json("badges", "--all", "-o", str(tmp_path / "b.pdf"))
    assert status == 0 and doc["count"] == 1, doc


@pytest.mark.parametrize("command", ["forget", "show", "checkin", "undo"])
def test_an_empty_code_is_a_usage_error_that_asks_for_a_code(kiosk: Kiosk, command: str) -> None:
    status, _out, err = kiosk(command, "")
    assert status == Exit.INVALID and "укажите код бейджа" in err and "не найден" not in err
