"""`kiosk import` says how far it has got on a terminal, and nowhere else."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.cli.test_cli import Kiosk


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "forms.csv"
    path.write_bytes(
        "ФИО;Телефон;Форма\r\n"
        "Смирнова Екатерина;8(423)200-11-22;тариф Комфорт\r\n"
        "Котов Олег;8(914)600-00-42;тариф Комфорт\r\n"
        "Котова Анна;8(914)600-00-41;тариф Комфорт\r\n".encode("cp1251")
    )
    return path


def test_import_shows_how_far_it_has_got_on_a_terminal(
    db_url: str, capsys: pytest.CaptureFixture[str], source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kiosk = Kiosk(db_url, capsys)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    status, out, err = kiosk("import", str(source))
    assert status == 0 and "Добавлено: 3" in out
    shown = err.split("\r\033[K")
    assert "Сверка строк с людьми в базе: 3 из 3" in shown
    assert "Запись новых людей (пока их никто не видит): 0 из 3" in shown
    assert shown[-1] == ""  # the line cleared at the end: the report follows on a clean line


def test_import_says_nothing_of_its_progress_in_a_pipe_or_in_json(
    db_url: str, capsys: pytest.CaptureFixture[str], source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kiosk = Kiosk(db_url, capsys)
    assert kiosk("import", "--dry-run", str(source))[2] == ""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    status, _out, err = kiosk("import", str(source), "--json")
    assert status == 0 and err == ""


def test_ctrl_c_stops_the_import_where_it_can_and_nothing_is_written(
    db_url: str,
    capsys: pytest.CaptureFixture[str],
    source: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Cut wherever it was, it said nothing for the seconds its clean-up took.
    import os
    import signal
    import sqlite3

    from kiosk.services import staging

    kiosk = Kiosk(db_url, capsys)
    before = signal.getsignal(signal.SIGINT)
    # As on a terminal (a test run in the background may have Ctrl+C ignored: it is then left
    # ignored, as `nohup` asks).
    monkeypatch.setattr(signal, "getsignal", lambda _number: signal.default_int_handler)
    original = staging.Batch.write_people

    def interrupted(self: staging.Batch, *args: object) -> list[int]:
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl+C as the new people are written
        return original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(staging.Batch, "write_people", interrupted)
    status, out, err = kiosk("import", str(source))
    assert status == 130 and out == ""
    assert "Импорт останавливается, ничего не будет записано…" in err
    assert "Импорт остановлен, ничего не записано." in err
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as connection:
        assert connection.execute("SELECT count(*) FROM attendees").fetchone() == (0,)
    monkeypatch.undo()
    assert signal.getsignal(signal.SIGINT) == before  # as it was
