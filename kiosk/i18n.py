"""User-facing messages of the core in Russian (default) and English.

The core raises errors that carry a message already in the user's language, chosen with
`KIOSK_LANG` (``ru`` or ``en``) or `set_language`; the Qt interface has its own translations.
"""

from __future__ import annotations

import errno
import os
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
