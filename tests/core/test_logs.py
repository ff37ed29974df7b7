"""The log files: private, rotated daily and kept two weeks, row values masked."""

from __future__ import annotations

import logging
import os
import stat
import sys
from logging.handlers import TimedRotatingFileHandler
from pathlib import Path

import pytest

from kiosk.logs import KEEP_DAYS, file_handler, redact

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


@posix_only
def test_the_log_and_its_folder_are_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        handler = file_handler(tmp_path / "logs" / "desk.log")
    finally:
        os.umask(old)
    handler.close()
    assert stat.S_IMODE((tmp_path / "logs" / "desk.log").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "logs").stat().st_mode) == 0o700


@posix_only
def test_an_old_log_readable_by_everyone_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "desk.log"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o644)
    file_handler(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_logs_rotate_at_midnight_and_two_weeks_are_kept(tmp_path: Path) -> None:
    handler = file_handler(tmp_path / "desk.log")
    handler.close()
    assert isinstance(handler, TimedRotatingFileHandler)
    assert (handler.when, handler.backupCount) == ("MIDNIGHT", KEEP_DAYS) and KEEP_DAYS == 14


def test_row_values_a_database_server_quotes_are_masked(tmp_path: Path) -> None:
    pg = (
        'psycopg.errors.CheckViolation: new row for relation "attendees" violates check '
        'constraint "money"\nDETAIL:  Failing row contains (1, ABCD, Тютина, Мария, +79147001234).'
    )
    unique = "DETAIL:  Key (email)=(tyutina@example.ru) already exists."
    assert "Тютина" not in redact(pg) and "Failing row contains (…)" in redact(pg)
    assert "tyutina@" not in redact(unique) and "Key (email)=(…)" in redact(unique)
    handler = file_handler(tmp_path / "desk.log")
    record = logging.LogRecord("kiosk", logging.ERROR, __file__, 1, "failed: %s", (pg,), None)
    assert "+79147001234" not in handler.format(record)
    handler.close()


def test_a_huge_value_is_never_logged_whole(tmp_path: Path) -> None:
    handler = file_handler(tmp_path / "desk.log")
    try:
        raise OSError(36, "File name too long", "/tmp/" + "a" * 60_000)
    except OSError:
        record = logging.LogRecord(
            "kiosk", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    text = handler.format(record)
    handler.close()
    assert "a" * 1000 not in text and "File name too long" in text
    assert all(len(line) < 600 for line in text.splitlines())
