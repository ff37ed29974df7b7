"""The badge font (PT Sans, shipped with its licence): registered once, with its glyph coverage.

Text reaches the PDF only through `drawable`, which NFC-normalises it and drops or replaces
every character the font has no glyph for, so nothing is ever drawn as a black box.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from typing import Final

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kiosk.config import RESOURCES

FONTS: Final = RESOURCES / "fonts"
REGULAR: Final = "PTSans"
BOLD: Final = "PTSans-Bold"
_FILES: Final = {REGULAR: "PTSans-Regular.ttf", BOLD: "PTSans-Bold.ttf"}

# Where glyphs reach, as a fraction of the font size: the top of Й and Ё above the baseline,
# the bottom of у and р below it (PT Sans; its hhea ascent/descent are 0.77/0.23).
ASCENT: Final = 0.95
DESCENT: Final = 0.24
LEADING: Final = 1.16  # baseline to baseline
SOFT_HYPHEN: Final = "\u00ad"

# Characters with a plain stand-in when the font lacks them.
_STAND_INS: Final = {
    "ʼ": "'",
    "‘": "'",
    "’": "'",
    "`": "'",
    "´": "'",
    "‐": "-",
    "‑": "-",
    "‒": "–",
    "−": "-",
    "«": '"',
    "»": '"',
}
# Invisible or layout-only characters: never drawn (a soft hyphen is kept as a break hint).
_DROPPED_CATEGORIES: Final = frozenset({"Cc", "Cf", "Co", "Cn", "Cs", "Mn", "Me"})
_PRINTABLE_ASCII: Final = frozenset(range(0x20, 0x7F))


@cache
def coverage() -> dict[str, frozenset[int]]:
    """Register the fonts once (ReportLab keeps them process-wide); the code points of each.

    ASCII is not pre-assigned to the subset (``asciiReadable=False``): each PDF then embeds
    only the glyphs it uses, which halves the size and the time of a one-badge PDF.
    """
    covered: dict[str, frozenset[int]] = {}
    for name, file in _FILES.items():
        font = TTFont(name, str(FONTS / file), asciiReadable=False)
        pdfmetrics.registerFont(font)
        covered[name] = frozenset(font.face.charToGlyph)
    return covered


@cache
def _covers_ascii(font: str) -> bool:
    return coverage()[font] >= _PRINTABLE_ASCII


@lru_cache(maxsize=4096)
def drawable(text: str, font: str = REGULAR) -> str:
    """NFC text with what the font cannot draw replaced or dropped, spaces collapsed."""
    covered = coverage()[font]
    if text.isascii() and text.isprintable() and _covers_ascii(font):
        return " ".join(text.split())  # a badge code, a Latin name: nothing to replace
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch == SOFT_HYPHEN:
            out.append(ch)
        elif ch.isspace():
            out.append(" ")
        elif unicodedata.category(ch) in _DROPPED_CATEGORIES:
            continue
        elif ord(ch) in covered:
            out.append(ch)
        elif ch in _STAND_INS and ord(_STAND_INS[ch]) in covered:
            out.append(_STAND_INS[ch])
        else:
            # An accented letter the font lacks may still have a drawable base letter.
            base = unicodedata.normalize("NFD", ch)[0]
            if base != ch and ord(base) in covered:
                out.append(base)
    return " ".join("".join(out).split())


def width(text: str, font: str, size: float) -> float:
    """Advance width in points (text without soft hyphens, as it is drawn)."""
    return float(pdfmetrics.stringWidth(text, font, size))
