"""Files the desk writes are private and appear only when complete."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from kiosk.files import atomic_writer, make_private_dir, tighten, write_atomically
from kiosk.i18n import os_reason, set_language

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


@posix_only
def test_an_atomic_write_is_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = write_atomically(tmp_path / "badge.pdf", b"%PDF-1.4 ...")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes() == b"%PDF-1.4 ..."


def test_a_file_being_written_is_not_there_under_its_final_name(tmp_path: Path) -> None:
    target = tmp_path / "job.pdf"
    with atomic_writer(target) as stream:
        stream.write(b"half")
        assert not target.exists()
        assert [p.name for p in tmp_path.iterdir() if p.suffix == ".pdf"] == []
    assert target.read_bytes() == b"half"


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    with pytest.raises(RuntimeError), atomic_writer(target) as stream:
        stream.write(b"partial")
        raise RuntimeError("disk full")
    assert list(tmp_path.iterdir()) == []


@posix_only
def test_tighten_makes_an_own_file_private_and_leaves_a_private_one_alone(tmp_path: Path) -> None:
    loose = tmp_path / "settings.ini"
    loose.write_text("x", encoding="utf-8")
    loose.chmod(0o644)
    tighten(loose)
    assert stat.S_IMODE(loose.stat().st_mode) == 0o600
    folder = make_private_dir(tmp_path / "a" / "b")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700
    tighten(tmp_path / "missing")  # nothing there: nothing to do


@pytest.mark.parametrize(
    ("number", "ru", "en"),
    [
        (errno.EISDIR, "это папка", "it is a folder"),
        (errno.EACCES, "нет прав доступа", "permission denied"),
        (errno.ENOSPC, "на диске нет места", "no space left on the disk"),
        (errno.EROFS, "диск только для чтения", "the disk is read-only"),
        (errno.ENOENT, "нет такого файла или папки", "no such file or folder"),
    ],
)
def test_a_file_error_is_told_in_the_users_language(number: int, ru: str, en: str) -> None:
    exc = OSError(number, os.strerror(number))
    assert os_reason(exc) == ru
    set_language("en")
    try:
        assert os_reason(exc) == en
    finally:
        set_language(None)


def test_file_errors_the_system_gives_in_english_are_said_in_the_users_language() -> None:
    from kiosk.i18n import os_reason, set_language

    set_language("ru")
    try:
        for number in (errno.EIO, errno.ELOOP, errno.EINVAL):
            reason = os_reason(OSError(number, os.strerror(number)))
            assert reason != os.strerror(number) and not reason.isascii(), number
    finally:
        set_language(None)
