"""Badge codes: random, typeable, unambiguous — and recognised however a scanner types them.

A code is 12 symbols of Crockford base32 (60 random bits) in three groups: ``7KQ2-M9XD-H3TR``.
Upper case and '-' only, so it fits the QR alphanumeric mode; no personal data in it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Final

ALPHABET: Final[str] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford base32: digits and upper-case letters without I, L, O and U."""
CODE_LENGTH: Final = 12
GROUP: Final = 4
BITS: Final = CODE_LENGTH * 5  # 5 bits per symbol of a 32-symbol alphabet

CODE_RE: Final = re.compile(rf"^[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}\Z")
"""The canonical form of a code."""

# A USB scanner is a keyboard: with the Russian layout active, the key for a Latin letter
# produces the Cyrillic letter on the same key (S → Ы, N → Т).
_LATIN_KEYS = "QWERTYUIOPASDFGHJKLZXCVBNM"
_RUSSIAN_KEYS = "ЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬ"
_BY_LAYOUT: Final = str.maketrans(_RUSSIAN_KEYS + _RUSSIAN_KEYS.lower(), _LATIN_KEYS + _LATIN_KEYS)
# A person copying a printed code may type the Cyrillic letter that looks the same.
_LOOKALIKE_CYRILLIC = "АВЕКМНОРСТХУ"
_LOOKALIKE_LATIN = "ABEKMHOPCTXY"
_BY_SHAPE: Final = str.maketrans(
    _LOOKALIKE_CYRILLIC + _LOOKALIKE_CYRILLIC.lower(), _LOOKALIKE_LATIN + _LOOKALIKE_LATIN
)
# Crockford decoding of the letters left out of the alphabet.
_CROCKFORD: Final = str.maketrans("ILO", "110")
# Spaces, hyphens and dashes of every kind, underscores and dots between the groups.
_SEPARATORS: Final = re.compile(r"[\s\-‐‑‒–—―−_.]+")
# Longer text is a name or a sentence, not a code, however it is spaced.
_MAX_TEXT: Final = 40


def new_code() -> str:
    """A fresh code from the operating system's cryptographic random source.

    Never digits only (one draw in a million would be): a scan of digits only is a product's
    barcode (EAN-13, UPC-A), told apart from a badge by `is_other_barcode`.
    """
    while True:
        symbols = _symbols(secrets.randbits(BITS))
        if not symbols.isdigit():
            return format_code(symbols)


def code_from(seed: bytes) -> str:
    """The code made from `seed` (random bytes, 8 at least): the same seed, the same code — a
    walk-in registered again by the same action (kiosk.services.context.ActionNonces.seed)
    gets the code it got the first time. Never digits only, as `new_code`."""
    while True:
        symbols = _symbols(int.from_bytes(seed[:8], "big") >> (64 - BITS))
        if not symbols.isdigit():
            return format_code(symbols)
        seed = hashlib.sha256(seed).digest()


def _symbols(bits: int) -> str:
    return "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in range(CODE_LENGTH))


def format_code(raw12: str) -> str:
    """``7KQ2M9XDH3TR`` → ``7KQ2-M9XD-H3TR``."""
    if len(raw12) != CODE_LENGTH:
        raise ValueError(f"a badge code has {CODE_LENGTH} symbols, not {len(raw12)}: {raw12!r}")
    return "-".join(raw12[i : i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def _canonical(text: str) -> str | None:
    symbols = text.upper().translate(_CROCKFORD)
    if len(symbols) != CODE_LENGTH or any(ch not in ALPHABET for ch in symbols):
        return None
    return format_code(symbols)


def code_candidates(text: str) -> tuple[str, ...]:
    """The canonical codes some typed or scanned text may stand for, most likely first.

    Accepts lower case, missing or odd separators, Crockford look-alikes (I, L → 1; O → 0),
    the Russian keyboard layout of a scanner, and Cyrillic look-alike letters typed by hand.
    Returns an empty tuple for text that cannot be a code.
    """
    if CODE_RE.match(text):
        return (text,)  # as printed in the QR code: no other reading
    if len(text) > _MAX_TEXT:
        return ()
    compact = _SEPARATORS.sub("", text.strip())
    if len(compact) != CODE_LENGTH:
        return ()
    found: list[str] = []
    for variant in (compact.translate(_BY_LAYOUT), compact.translate(_BY_SHAPE)):
        code = _canonical(variant)
        if code is not None and code not in found:
            found.append(code)
    return tuple(found)


def is_code_like(text: str) -> bool:
    """Whether the text can stand for some badge code (see `code_candidates`)."""
    return bool(code_candidates(text))


def is_other_barcode(text: str) -> bool:
    """Whether scanned or typed text is plainly something other than a badge code: nothing in
    it reads as one (a link, a word, a 13-digit EAN), or digits only (a product's barcode;
    every code `new_code` makes has a letter). Ask it of text that found nobody: a code made
    before codes always had a letter may be digits only."""
    compact = _SEPARATORS.sub("", text.strip())
    return not code_candidates(text) or compact.isdigit()


MIN_PREFIX: Final = 4
"""The shortest beginning of a code looked for as one (the first group)."""


def code_prefix(text: str) -> str | None:
    """The canonical beginning of a code this typed text can be — ``7kq2 m9`` → ``7KQ2-M9`` —
    or None. Only what a name or a phone cannot be: 4 to 11 symbols of the code alphabet
    (after the same readings as `code_candidates`), a digit typed among letters. (Oleg reads
    as 01EG, but nobody typed a digit: see `letters_code_prefix`.)"""
    if len(text) > _MAX_TEXT:
        return None
    compact = _SEPARATORS.sub("", text.strip())
    if not MIN_PREFIX <= len(compact) < CODE_LENGTH:
        return None
    if not any(ch.isdigit() for ch in compact):
        return None
    for variant in (compact.translate(_BY_LAYOUT), compact.translate(_BY_SHAPE)):
        symbols = variant.upper().translate(_CROCKFORD)
        if any(ch.isalpha() for ch in symbols) and all(ch in ALPHABET for ch in symbols):
            return _grouped(symbols)
    return None


_LATIN_LETTERS: Final = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class LettersPrefix:
    """A beginning of a code made only of letters (``DZCJ``, ``ANCB-BXBQ``): a name can be
    typed so too, so it is looked for beside the name search, not instead of it."""

    prefix: str
    """Canonical: ``ANCB-BXBQ``."""
    grouped: bool
    """Typed in the code's groups (four symbols, a dash, more): a code rather than a name."""


def letters_code_prefix(text: str) -> LettersPrefix | None:
    """The code a text of 4 to 11 Latin letters may begin, or None. Cyrillic text is a name
    («АННА» is never looked for among codes): a scanner types whole codes, which
    `code_candidates` reads in any layout."""
    if len(text) > _MAX_TEXT:
        return None
    words = [w for w in _SEPARATORS.split(text.strip()) if w]
    if not words or not all(_LATIN_LETTERS.fullmatch(w) for w in words):
        return None
    symbols = "".join(words).upper().translate(_CROCKFORD)
    if not MIN_PREFIX <= len(symbols) < CODE_LENGTH or any(ch not in ALPHABET for ch in symbols):
        return None
    dashed = _DASHES.fullmatch(text.strip()) is not None
    grouped = dashed and len(words) > 1 and all(len(w) == GROUP for w in words[:-1])
    return LettersPrefix(_grouped(symbols), grouped)


# Groups of letters joined by a dash of some kind, as a code is printed (not by spaces, as
# a first name and a surname are).
_DASHES: Final = re.compile(r"[A-Za-z]+(?:\s*[\-‐‑‒–—―−]\s*[A-Za-z]+)+")


def _grouped(symbols: str) -> str:
    return "-".join(symbols[i : i + GROUP] for i in range(0, len(symbols), GROUP))
