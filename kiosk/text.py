"""Text normalisation for storage and search: NFC, spaces, Cyrillic case and ё, Latin spellings."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

_SPACES: Final = re.compile(r"\s+")
_BREVE: Final = "\u0306"
_NOT_DIGITS: Final = re.compile(r"\D")

# Cyrillic → Latin (close to the passport transliteration); the result is folded again below,
# so "Тютин", "Tyutin", "Tjutin" and "Tiutin" all end up as the same key.
_TRANSLIT: Final = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia", "і": "i", "ї": "i", "є": "e", "ґ": "g",
}  # fmt: skip

# Spelling variants of the same Russian sounds in Latin, longest first.
_LATIN_FOLDS: Final = (
    ("shch", "sch"),
    ("sch", "sch"),
    ("kh", "h"),
    ("tz", "c"),
    ("ts", "c"),
    ("cz", "c"),
    ("zh", "j"),
    ("x", "ks"),
    ("w", "v"),
    ("ph", "f"),
    ("y", "i"),
    ("j", "i"),
    ("ii", "i"),
)


_FORBIDDEN: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


@lru_cache(maxsize=65536)
def clean(value: str) -> str:
    """NFC, no control or invisible characters, single spaces, no spaces at the ends."""
    if value.isprintable() and unicodedata.is_normalized("NFC", value):
        return " ".join(value.split())  # the common case, without a pass per character
    text = unicodedata.normalize("NFC", value)
    text = "".join(
        ch if unicodedata.category(ch) not in ("Cc", "Cf") else (" " if ch in "\t\n\r" else "")
        for ch in text
    )
    return _SPACES.sub(" ", text).strip()


def has_forbidden_chars(value: str) -> bool:
    """True for control characters other than ordinary whitespace (binary garbage, NUL)."""
    return _FORBIDDEN.search(value) is not None


@lru_cache(maxsize=65536)
def fold(value: str) -> str:
    """A case-insensitive key: ``Ёлкина`` and ``ЕЛКИНА`` fold equal; Latin accents dropped."""
    text = clean(value).casefold().replace("ё", "е")
    decomposed = unicodedata.normalize("NFD", text)
    # Drop accents (é → e) but keep the breve that makes й a letter of its own.
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) or ch == _BREVE)
    return unicodedata.normalize("NFC", kept)


@lru_cache(maxsize=65536)
def latin_fold(value: str) -> str:
    """A Latin key under which a Russian name and its usual Latin spellings coincide."""
    text = fold(value)
    out = "".join(_TRANSLIT.get(ch, ch) for ch in text)
    out = re.sub(r"[^a-z0-9@._\- ]", "", out)
    # "Ye"/"Yo" at the start of a word and "yo" after a consonant are how English writes
    # Е/Ё: Yevgeniy = Евгений, Fyodorov = Фёдоров.
    out = re.sub(r"(^|[\s\-])y[eo]", r"\1e", out)
    out = re.sub(r"([bcdfghklmnpqrstvwxz])yo", r"\1e", out)
    for old, new in _LATIN_FOLDS:
        out = out.replace(old, new)
    # Repeated i (Evgenii / Evgeniy, Yuliya / Yulia) counts once.
    out = re.sub(r"i+", "i", out)
    return out


def digits(value: str) -> str:
    """Only the digits, as ASCII."""
    if value.isascii():
        return _NOT_DIGITS.sub("", value)
    return "".join(str(unicodedata.digit(ch)) for ch in value if ch.isdecimal())
