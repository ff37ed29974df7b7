"""Text normalisation for storage and search: NFC, spaces, Cyrillic case and ё, Latin spellings.

`clean` is what gets stored; `fold`, `latin_fold` and `search_key` are comparison keys only,
and `latin_readings` the keys a typed word may stand for (every common romanisation of a
Russian name meets the name's key in one of them).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Final, NamedTuple

SEPARATOR: Final = "\x1f"
"""Between the parts of a `search_key`: a control character, which `clean` (and therefore every
folded text and every cleaned query) never contains, so a ``LIKE '%q%'`` cannot span two parts."""

_SPACES: Final = re.compile(r" {2,}")
_NOT_DIGITS: Final = re.compile(r"[^0-9]")
# Control characters that are line breaks or tabs in real text (Word writes \x0b for Shift+Enter).
_WHITESPACE_CONTROLS: Final = frozenset("\t\n\x0b\x0c\r\x85")
_DROPPED: Final = frozenset({"Cc", "Cf", "Cs"})
_FORBIDDEN: Final = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
_BINARY: Final = re.compile(r"[\x00\ud800-\udfff]")
_BREVE: Final = "\u0306"

# Cyrillic → Latin, letter by letter as the passport standards spell it; the rules below then
# fold every common romanisation of a sound to one spelling, so that "Тютин", "Tyutin",
# "Tjutin" and "Tiutin" meet in one key.
_TRANSLIT: Final = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}  # fmt: skip
# Letters of the scientific romanisation (ISO 9, Čajkovskij), read before `fold` drops accents.
_CARONS: Final = str.maketrans({"š": "sh", "ž": "zh", "č": "ch", "ŝ": "shch"})
_NOT_KEY_CHARS: Final = re.compile(r"[^a-z0-9@._\- ]")


def _rules(*rules: tuple[str, str, str]) -> tuple[tuple[str, re.Pattern[str], str], ...]:
    """(letters, pattern, replacement): the pattern is only tried where the letters are, as
    most names have none of them (a third less time than trying every pattern on each)."""
    return tuple((letters, re.compile(pattern), new) for letters, pattern, new in rules)


def _applied(rules: tuple[tuple[str, re.Pattern[str], str], ...], text: str) -> str:
    for letters, pattern, replacement in rules:
        if letters in text:
            text = pattern.sub(replacement, text)
    return text


# Spellings that stand for one sound in every romanisation: applied first, in this order. Each
# gives the longest usual spelling, so a typed beginning ("Sh", "Kuznet", "Tc") stays a
# beginning of the key of the whole name.
_SPELLINGS: Final = _rules(
    ("w", r"w", "v"),
    ("ph", r"ph", "f"),
    ("tz", r"tz", "ts"),  # Kuznetzov
    ("tch", r"tch", "ch"),  # Tchaikovsky
    ("ck", r"ck", "k"),
    ("tc", r"tc", "ts"),  # GOST 52535 (passports of 2010–2013): Kuznetcov, Tcvetkov
    ("shh", r"shh", "shch"),  # Щ in GOST 7.79-B (school and library texts): Shherbakov
    ("sc", r"shch|sch|shc|sc", "shch"),  # Щ: Shcherbakov, Scherbakov, chat-style Scerbakov
    ("shc", r"shch|shc", "shch"),
)
# Letters read differently by different habits: the first reading goes into the stored key,
# the others are tried for a typed query too (`latin_readings`). C: Victoria, Nicolai, but
# chat-style Kuznecov, Cvetkov (ц); at the end of a typed beginning also the start of "ch".
# J: Julia, Jakovlev, Bojko (й), but chat-style Jukov, Janna (ж). X: Alexander (кс), but the
# scientific Xruščëv (х). Sh: ш, but щ in the usual Sherbakov, Hrushev; and shch (щ) is
# tried as sh too, for a name registered so. Cz: к and з as in English, but ц in GOST 7.79-B
# (Czvetkov) and ч in Polish (Czajkowski). Z: з, but ж typed without its h (Zukov, Zanna) —
# only in what is typed in Latin letters.
_AMBIGUOUS: Final = re.compile(r"cz|c(?!h)|j|x|(?<=s)h(?:ch)?|z(?!h)")
_SOFT_C: Final = frozenset("eiy")
# Then the sounds, in this order: х as h or kh; й, ы and the soft sign as y, i, j or nothing;
# е as e, ye or ie; ё as e, yo or io.
_SOUNDS: Final = _rules(
    ("h", r"(?<![szck])h", "kh"),  # Habibullin = Khabibullin = Хабибуллин
    ("y", r"y", "i"),  # Tyutin = Tiutin, Tsoy = Tsoi
    ("ii", r"i+", "i"),  # Evgenii = Evgeniy = Evgeni, Yuliya = Iuliia = Yulia
    ("io", r"(?<![aeiou])io", "e"),  # Fyodorov = Fedorov, Pyotr = Petr; Mayorov keeps its o
    ("iei", r"iei(?=[aeou])", "i"),  # ICAO 9303's ъ before я, ю: Podieiachev = Podyachev
    ("ie", r"ie", "e"),  # Vasiliev = Vasilyev = Vasilev, Yevgeniy = Evgeniy, Zuyeva = Zueva
    ("ee", r"ee", "e"),  # Andreev = Andreyev (and ICAO's Obieedkov = Obedkov)
)
MAX_READINGS: Final = 6
"""How many Latin keys a typed word may stand for, at most (`latin_readings`)."""


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


# What a spreadsheet reads as the start of a formula (or strips before one: tab, CR).
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER: Final = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would take this text for a formula (or the start of one)."""
    return text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text)


def unmark_text(cell: str) -> str:
    """A cell as it was before an export marked it as text: «'=1+1» → «=1+1» (a spreadsheet
    hides the ' that keeps formula-like text from running; a CSV file shows it)."""
    return cell[1:] if cell.startswith("'") and is_formula_like(cell[1:]) else cell


def has_forbidden_chars(value: str) -> bool:
    """True for control characters other than tabs and line breaks (binary garbage, NUL)."""
    return _FORBIDDEN.search(value) is not None


def has_binary(value: str) -> bool:
    """True for what no typed text holds: NUL, or bytes that were not text (lone surrogates).
    Other control characters (a terminal escape, a bell) are only dropped by `clean`."""
    return _BINARY.search(value) is not None


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


def transliterate(value: str) -> str:
    """Lower-case Latin letters for the text, Cyrillic spelt the usual English way (Щукина →
    shchukina, Юлия → yuliya): for e-mail logins of demo people, not a search key."""
    text = clean(value).casefold()
    if not text.isascii():
        text = "".join(_TRANSLIT.get(ch, ch) for ch in fold(text.translate(_CARONS)))
    return _SPACES.sub(" ", _NOT_KEY_CHARS.sub("", text)).strip()


def _spelled(value: str) -> str:
    """Latin letters, with the spellings of one sound made one (`_SPELLINGS`)."""
    return _applied(_SPELLINGS, transliterate(value))


def _readings(text: str, at: int) -> tuple[str, ...]:
    """How the ambiguous letter at this place of a spelled text may be read, likeliest first."""
    letter = text[at]
    after = text[at + 1 : at + 2]
    ends = not after.isalpha()
    if letter == "c" and after == "z":
        return ("kz", "ts", "ch")
    if letter == "z":
        return ("z", "zh")
    if letter == "c":
        readings = ("ts", "k") if after in _SOFT_C else ("k", "ts")
        return (*readings, "ch") if ends else readings
    if letter == "j":
        return ("y", "zh")
    if letter == "x":
        return ("ks", "kh")
    if text.startswith("hch", at):
        return ("hch", "h")
    return ("h",) if ends else ("h", "hch")


def _sounded(text: str) -> str:
    return _applied(_SOUNDS, text)


@lru_cache(maxsize=65536)
def latin_fold(value: str) -> str:
    """A Latin key under which a Russian name and its usual Latin spellings coincide.

    ``Тютин``, ``Tyutin``, ``Tjutin`` and ``Tiutin`` all give ``tiutin``; ``Васильев``,
    ``Vasilyev`` (Wikipedia, BGN/PCGN), ``Vasilev`` (passports) and ``Vasiliev`` give
    ``vasilev``. Letters that different habits read differently (c, j, x, sh) are read the usual
    English way here; `latin_readings` gives a typed word's other readings.
    """
    text = _spelled(value)
    return _sounded(_AMBIGUOUS.sub(lambda found: _readings(text, found.start())[0], text))


class Reading(NamedTuple):
    """A Latin key a typed word may stand for, and how unusual that reading of it is."""

    key: str
    unusual: int
    """0 for the usual reading; 1, 2 … for the other readings of its letters, to rank by."""


@lru_cache(maxsize=65536)
def latin_readings(word: str) -> tuple[Reading, ...]:
    """The Latin keys a typed word (or its beginning) may stand for, the usual one first.

    The first is `latin_fold`; then the other readings of its c, j, x and sh (Kuznecov as ц,
    Jukov as ж, Sherbakov as щ: one at a time, then all together), and of its end: a beginning that
    stops at a y or i may go on as the e of the key's "ie" (Semy… of Semyonov, Vasili… of
    Vasiliev: vasile…), and Natalie, Alexander, Peter are the usual English forms of
    Наталья, Александр and Пётр. Only words of letters alone have more than one.
    """
    spelled = _spelled(word)
    if not spelled.isalpha() or not spelled.isascii():
        first = latin_fold(word)
        return (Reading(first, 0),) if first else ()
    typed_latin = clean(word).isascii()  # a Cyrillic з is never ж
    places = [
        (found.start(), found.end())
        for found in _AMBIGUOUS.finditer(spelled)
        if typed_latin or found.group() != "z"
    ]
    choices = [_readings(spelled, start) for start, _end in places]

    def read(picks: Sequence[str]) -> str:
        """The spelled word with these readings of its ambiguous places."""
        parts = []
        done = 0
        for (start, end), pick in zip(places, picks, strict=True):
            parts += [spelled[done:start], pick]
            done = end
        return "".join(parts) + spelled[done:]

    usual = [readings[0] for readings in choices]
    typed = read(usual)
    first = _sounded(typed)
    found = [Reading(first, 0)]
    if first.endswith("i"):
        # After a y (or j), a vowel is as likely as ы; after an i less so (Vasili… of Vasiliev).
        found.append(Reading(first[:-1] + "e", 0 if spelled.endswith(("y", "j")) else 1))
    # A ж typed as z last: the other readings are the more common habits.
    for place in sorted(range(len(choices)), key=lambda i: spelled[places[i][0]] == "z"):
        readings = choices[place]
        for other in readings[1:]:
            picks = [*usual[:place], other, *usual[place + 1 :]]
            found.append(Reading(_sounded(read(picks)), 1))
    ambiguous = sum(len(readings) > 1 for readings in choices)
    if ambiguous > 1:
        unusual = [readings[1] if len(readings) > 1 else readings[0] for readings in choices]
        found.append(Reading(_sounded(read(unusual)), ambiguous))
    if spelled.endswith("ie"):
        found.append(Reading(_sounded(typed[:-1] + "a"), 1))  # Natalie, Julie
    if first.endswith(("der", "ter")):
        found.append(Reading(first[:-2] + "r", 1))  # Alexander, Peter
    kept: dict[str, Reading] = {}
    for reading in found:
        kept.setdefault(reading.key, reading)
    return tuple(kept.values())[:MAX_READINGS]


def search_key(*parts: str | None, latin: Callable[[str], str] = latin_fold) -> str:
    """One string to search the parts with ``LIKE '%q%'``: `fold` and `latin_fold` of each
    (or the `latin` key given: a migration's downgrade stores the previous one).

    Segments are separated, and the whole is framed, by `SEPARATOR`, which a folded query never
    contains: a match never spans two parts, and ``LIKE '%' || SEPARATOR || q || '%'`` matches a
    part's beginning. Empty parts are left out; no parts give an empty string.
    """
    segments: list[str] = []
    for part in parts:
        folded = fold(part) if part else ""
        if not part or not folded:  # None, empty or nothing but invisible characters
            continue
        segments.append(folded)
        latin_key = latin(part)
        if latin_key and latin_key != folded:
            segments.append(latin_key)
    if not segments:
        return ""
    return SEPARATOR + SEPARATOR.join(segments) + SEPARATOR


def digits(value: str) -> str:
    """Only the digits, as ASCII (Arabic-Indic, full-width and other decimal digits converted)."""
    if value.isascii():
        return _NOT_DIGITS.sub("", value)
    return "".join(str(unicodedata.decimal(ch)) for ch in value if ch.isdecimal())
