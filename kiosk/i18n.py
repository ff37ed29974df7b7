"""User-facing messages of the core in Russian (default) and English.

The core raises errors that carry a message already in the user's language, chosen with
`KIOSK_LANG` (``ru`` or ``en``) or `set_language`; the Qt interface has its own translations.
"""

from __future__ import annotations

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
