"""Text normalisation for storage and search: NFC, spaces, Cyrillic case and ё, Latin spellings.

`clean` is what gets stored; `fold`, `latin_fold` and `search_key` are comparison keys only.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

SEPARATOR: Final = "\x1f"
"""Between the parts of a `search_key`: a control character, which `clean` (and therefore every
folded text and every cleaned query) never contains, so a ``LIKE '%q%'`` cannot span two parts."""

_SPACES: Final = re.compile(r" {2,}")
_NOT_DIGITS: Final = re.compile(r"[^0-9]")
# Control characters that are line breaks or tabs in real text (Word writes \x0b for Shift+Enter).
_WHITESPACE_CONTROLS: Final = frozenset("\t\n\x0b\x0c\r\x85")
_DROPPED: Final = frozenset({"Cc", "Cf", "Cs"})
_FORBIDDEN: Final = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
_BREVE: Final = "\u0306"

# Cyrillic → Latin, close to the usual English spelling of Russian names; `_LATIN_RULES` then
# folds the spelling variants, so "Тютин", "Tyutin", "Tjutin" and "Tiutin" meet in one key.
_TRANSLIT: Final = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}  # fmt: skip
_NOT_KEY_CHARS: Final = re.compile(r"[^a-z0-9@._\- ]")

# Spelling variants of the same sounds, applied in this order to the transliterated text (so to
# Cyrillic and Latin input alike). Each canonical form is the longest usual spelling, which
# keeps a typed prefix ("T", "Sh", "K", "Kuznet") a prefix of the key of the whole name.
_LATIN_RULES: Final = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"x", "ks"),  # Alexey = Алексей, Xenia = Ксения
        (r"w", "v"),
        (r"ph", "f"),
        (r"tz", "ts"),  # Kuznetzov
        (r"j", "y"),  # Julia, Tjutin, Jegor
        (r"sh?ch", "shch"),  # Schukin = Shchukin = Щукин
        (r"(?<![szck])h", "kh"),  # Habibullin = Khabibullin = Хабибуллин
        (r"ye", "e"),  # Yevgeniy = Евгений, Andreyev = Андреев, Solovyev = Соловьев
        (r"(?<![aeiou])yo", "e"),  # Fyodorov = Фёдоров, Yolkina = Ёлкина; Mayorov keeps its o
        (r"y", "i"),  # Tyutin = Tiutin, Tsoy = Tsoi
        (r"i+", "i"),  # Evgenii = Evgeniy = Evgeni, Yuliya = Yulia
    )
)


@lru_cache(maxsize=65536)
def clean(value: str) -> str:
    """NFC, no control or invisible characters, single spaces, no spaces at the ends."""
    if value.isprintable() and unicodedata.is_normalized("NFC", value):
        return " ".join(value.split())  # the common case, without a pass per character
    kept = "".join(map(_clean_char, value))
    # Normalise after dropping: an invisible character may have stood between a letter and its
    # accent. Then every kind of space (NBSP, thin, line separator) becomes a plain one.
    text = unicodedata.normalize("NFC", kept)
    return " ".join(text.split())


def _clean_char(ch: str) -> str:
    if ch in _WHITESPACE_CONTROLS:
        return " "
    return "" if unicodedata.category(ch) in _DROPPED else ch


_MULTILINE_BREAKS: Final = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_TERMINAL_UNSAFE: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
QUOTE_LIMIT: Final = 80


def clean_multiline(value: str) -> str:
    """`clean` for texts of several lines (a reason, a kept import column): NFC, no control
    or invisible characters but newlines and tabs, no spaces at the line ends, no empty
    lines at the ends."""
    text = _MULTILINE_BREAKS.sub("\n", value)
    lines = []
    for line in text.split("\n"):
        kept = "".join(ch if ch == "\t" else _clean_char(ch) for ch in line)
        lines.append(unicodedata.normalize("NFC", kept).strip(" "))
    return "\n".join(lines).strip("\n")


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A value to quote in a message: at most `limit` characters (with … when cut), control
    characters shown as �, so a huge or hostile argument is never echoed whole."""
    text = _TERMINAL_UNSAFE.sub("\ufffd", str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def terminal_safe(text: str) -> str:
    """Text to write to a terminal: every control character but newline and tab removed,
    so nothing stored or typed can move the cursor, retitle the window or ring the bell."""
    return _TERMINAL_UNSAFE.sub("", text)


def has_forbidden_chars(value: str) -> bool:
    """True for control characters other than tabs and line breaks (binary garbage, NUL)."""
    return _FORBIDDEN.search(value) is not None


@lru_cache(maxsize=65536)
def fold(value: str) -> str:
    """A case-insensitive key: ``Ёлкина`` and ``ЕЛКИНА`` fold equal; Latin accents dropped."""
    text = clean(value).casefold().replace("ё", "е")
    if text.isascii():
        return text
    kept: list[str] = []
    base = ""
    for ch in unicodedata.normalize("NFD", text):
        if not unicodedata.combining(ch):
            base = ch
            kept.append(ch)
        elif ch == _BREVE and "\u0400" <= base <= "\u04ff":
            kept.append(ch)  # й is a letter of its own, not an accented и
    return unicodedata.normalize("NFC", "".join(kept))


@lru_cache(maxsize=65536)
def latin_fold(value: str) -> str:
    """A Latin key under which a Russian name and its usual Latin spellings coincide.

    ``Тютин``, ``Tyutin``, ``Tjutin`` and ``Tiutin`` all give ``tiutin``. A prefix of a Latin
    spelling usually folds to a prefix of the name's key, but not when it stops inside a
    spelling that is rewritten as a whole: before the e or o of "ye"/"yo" ("Y" for Yevgeniy,
    "Fy" for Fyodorov give "i", "fi" against "evgeni", "fedorov"), "Sc" of "Schukin" (the key
    has "shch"), "P" of "Ph". Spellings that are not transliterations of the Cyrillic letters
    ("Soloviev" for Соловьёв, "Janna" for Жанна) do not meet it at all.
    """
    text = "".join(_TRANSLIT.get(ch, ch) for ch in fold(value))
    text = _NOT_KEY_CHARS.sub("", text)
    for pattern, replacement in _LATIN_RULES:
        text = pattern.sub(replacement, text)
    return _SPACES.sub(" ", text).strip()


def search_key(*parts: str | None) -> str:
    """One string to search the parts with ``LIKE '%q%'``: `fold` and `latin_fold` of each.

    Segments are separated, and the whole is framed, by `SEPARATOR`, which a folded query never
    contains: a match never spans two parts, and ``LIKE '%' || SEPARATOR || q || '%'`` matches a
    part's beginning. Empty parts are left out; no parts give an empty string.
    """
    segments: list[str] = []
    for part in parts:
        folded = fold(part) if part else ""
        if not folded:
            continue
        segments.append(folded)
        latin = latin_fold(part)
        if latin and latin != folded:
            segments.append(latin)
    if not segments:
        return ""
    return SEPARATOR + SEPARATOR.join(segments) + SEPARATOR


def digits(value: str) -> str:
    """Only the digits, as ASCII (Arabic-Indic, full-width and other decimal digits converted)."""
    if value.isascii():
        return _NOT_DIGITS.sub("", value)
    return "".join(str(unicodedata.decimal(ch)) for ch in value if ch.isdecimal())
