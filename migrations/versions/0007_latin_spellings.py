"""Latin keys by the new spelling rules: every common romanisation of a name meets its key

kiosk.text now folds the spellings of the passport standards (ICAO 9303, GOST 52535), of
Wikipedia, BGN/PCGN, Yandex, the Moscow metro and chat-style ones to one key (Щербаков is
"sherbakov" for Shcherbakov, Scherbakov, Scerbakov and Sherbakov; the soft sign before е is
nothing, as in Vasilev, Vasilyev and Vasiliev). Every stored key is recomputed, so that people
registered before are found by the rules queries are now folded by; the FTS5 index follows the
column through its triggers (pg_trgm indexes the column itself). The downgrade stores the keys
by the previous rules again, which the previous version folds its queries by.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 03:00:00
"""

from __future__ import annotations

import logging
import re
from typing import Final

from alembic import op

from kiosk.search_index import rebuild_search_columns
from kiosk.text import fold

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)


def upgrade() -> None:
    changed = rebuild_search_columns(op.get_bind())
    log.info("search keys of %d attendees recomputed by the new spelling rules", changed)


def downgrade() -> None:
    rebuild_search_columns(op.get_bind(), latin=previous_latin_fold)


# The Latin key of revisions 0002 and 0003, kept as it was for the downgrade.
_PREVIOUS_TRANSLIT: Final = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}  # fmt: skip
_PREVIOUS_NOT_KEY_CHARS: Final = re.compile(r"[^a-z0-9@._\- ]")
_PREVIOUS_RULES: Final = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"x", "ks"),
        (r"w", "v"),
        (r"ph", "f"),
        (r"tz", "ts"),
        (r"j", "y"),
        (r"sh?ch", "shch"),
        (r"(?<![szck])h", "kh"),
        (r"ye", "e"),
        (r"(?<![aeiou])yo", "e"),
        (r"y", "i"),
        (r"i+", "i"),
    )
)
_PREVIOUS_SPACES: Final = re.compile(r" {2,}")


def previous_latin_fold(value: str) -> str:
    """`kiosk.text.latin_fold` as revisions 0002 and 0003 computed it."""
    text = "".join(_PREVIOUS_TRANSLIT.get(ch, ch) for ch in fold(value))
    text = _PREVIOUS_NOT_KEY_CHARS.sub("", text)
    for pattern, replacement in _PREVIOUS_RULES:
        text = pattern.sub(replacement, text)
    return _PREVIOUS_SPACES.sub(" ", text).strip()
