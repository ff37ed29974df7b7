"""User-facing messages of the core in Russian (default) and English.

The core raises errors that carry a message already in the user's language, chosen with
`KIOSK_LANG` (``ru`` or ``en``) or `set_language`; the Qt interface has its own translations.
"""

from __future__ import annotations

import argparse
import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

LANGUAGES: Final = ("ru", "en")
_language: str | None = None


def language() -> str:
    if _language is not None:
        return _language
    env = os.environ.get("KIOSK_LANG", "").strip().lower()[:2]
    return env if env in LANGUAGES else "ru"


def set_language(code: str | None) -> None:
    """Pin the language (``None`` goes back to `KIOSK_LANG` / Russian)."""
    global _language
    if code is not None and code not in LANGUAGES:
        raise ValueError(f"unsupported language: {code}")
    _language = code


@contextmanager
def speaking(code: str) -> Iterator[None]:
    """The language pinned to `code` for a while, then as it was."""
    global _language
    previous = _language
    set_language(code)
    try:
        yield
    finally:
        _language = previous


def tr(ru: str, en: str, /, **params: object) -> str:
    """Pick the text for the current language and fill in ``{name}`` placeholders."""
    text = en if language() == "en" else ru
    return text.format(**params) if params else text


_OS_ERRORS: Final = {
    errno.EISDIR: ("это папка", "it is a folder"),
    errno.ENOTDIR: ("часть пути — не папка", "part of the path is not a folder"),
    errno.EACCES: ("нет прав доступа", "permission denied"),
    errno.EPERM: ("нет прав доступа", "permission denied"),
    errno.ENOSPC: ("на диске нет места", "no space left on the disk"),
    errno.EDQUOT: ("превышена квота диска", "disk quota exceeded"),
    errno.EROFS: ("диск только для чтения", "the disk is read-only"),
    errno.ENOENT: ("нет такого файла или папки", "no such file or folder"),
    errno.EEXIST: ("файл уже есть", "the file exists already"),
    errno.ENAMETOOLONG: ("слишком длинное имя", "the name is too long"),
    errno.EBUSY: ("файл занят", "the file is busy"),
    errno.EIO: ("ошибка чтения или записи на устройстве", "an input/output error on the device"),
    errno.ELOOP: ("ссылки в пути ведут по кругу", "the links in the path go round in a loop"),
    errno.EINVAL: (
        "система не принимает такое действие с этим файлом",
        "the system refuses this for that file",
    ),
}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in the user's language (the system's own text, often
    English, only for a rare error)."""
    known = _OS_ERRORS.get(exc.errno or 0)
    if known is not None:
        return tr(*known)
    return exc.strerror or type(exc).__name__


_ARGPARSE_RU: Final = {
    "usage: ": "использование: ",
    "positional arguments": "аргументы",
    "options": "параметры",
    "show this help message and exit": "показать эту справку и выйти",
    "the following arguments are required: %s": "не хватает аргументов: %s",
    "expected one argument": "нужно одно значение",
    "expected at least one argument": "нужно хотя бы одно значение",
    "unrecognized arguments: %s": "непонятные аргументы: %s",
    "argument %(argument_name)s: %(message)s": "аргумент %(argument_name)s: %(message)s",
    "not allowed with argument %s": "нельзя вместе с %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "нет варианта %(value)r (есть: %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "неверное значение %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": (
        "неоднозначно: %(option)s — это %(matches)s?"
    ),
    "%(prog)s: error: %(message)s\n": "%(prog)s: ошибка: %(message)s\n",
}


def _argparse_text(message: str) -> str:
    """argparse's own messages in the user's language (it looks `_` up at call time)."""
    return _ARGPARSE_RU.get(message, message) if language() == "ru" else message


def translate_argparse() -> None:
    """argparse's own words (usage, options, its errors) in the user's language from now on:
    for the `kiosk` command and the desk app's `main.py` alike."""
    argparse._ = _argparse_text  # type: ignore[attr-defined]
