"""Phone numbers: normalised to E.164 with `phonenumbers`, Russia as the default region.

`phonenumbers` (a tenth of the `kiosk` command's start) is imported by the first number parsed
or formatted, so that a command that shows no phone does not pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from kiosk.i18n import tr
from kiosk.text import digits

# Digits, spaces, brackets, dots and dashes; '+' is only allowed first (checked separately).
_PHONE_CHARS: Final = re.compile(r"[\d\s()+\-.‐‑‒–—−]+")
# Fewer digits is not a whole number anywhere; more is not one number (an international
# prefix such as 810 plus the 15 digits of E.164 is the longest real input).
_MIN_DIGITS: Final = 6
_MAX_DIGITS: Final = 18
_MIN_QUERY_DIGITS: Final = 4
_RUSSIAN_MOBILE: Final = re.compile(r"\+79\d{9}")
# A stretch of phone characters from a digit (or '+', '(') to a digit: where one number or
# several only spaces apart may be («8 914 600 00 05 8 914 600 00 55»).
_PHONE_RUN: Final = re.compile(r"[+(]?\d[\d\s()+\-.‐‑‒–—−]*\d")
_GROUP: Final = re.compile(r"\S+")
MAX_PHONES_TEXT: Final = 1000
"""How much of a text `find_phones` reads: a cell of phones is never longer."""
OTHER_PHONES: Final = ("Другие телефоны", "Other phones")
"""The label (Russian, English) under which an import keeps the numbers of a phone cell
besides the phone, in an attendee's extra data (as typed)."""


EXTENSION: Final = ("Добавочный", "Extension")
"""The label (Russian, English) under which an import keeps the extension of the phone
(«доб. 123»: only the digits), in an attendee's extra data."""


class InvalidPhone(ValueError):
    """The text is not a phone number; the message is for the user."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        super().__init__(
            tr(
                "Телефон «{raw}» не похож на номер телефона",
                'The phone "{raw}" does not look like a phone number',
                raw=raw.strip()[:40],
            )
        )


def normalize_phone(raw: str, region: str = "RU") -> str:
    """``8 914 700-80-90``, ``+7 (914) 700 80 90``, ``9147008090`` → ``+79147008090``.

    Raises `InvalidPhone` for anything that is not a valid number of some country.
    """
    text = raw.strip()
    if not looks_like_phone(text):
        raise InvalidPhone(raw)
    number_digits = digits(text)
    if not _MIN_DIGITS <= len(number_digits) <= _MAX_DIGITS:
        raise InvalidPhone(raw)
    import phonenumbers

    try:
        number = phonenumbers.parse(_dialable(text, number_digits, region), region)
    except phonenumbers.NumberParseException:
        raise InvalidPhone(raw) from None
    if not phonenumbers.is_possible_number(number) or not phonenumbers.is_valid_number(number):
        raise InvalidPhone(raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def looks_like_phone(text: str) -> bool:
    """Digits and phone punctuation only, with a '+' nowhere but first."""
    return _PHONE_CHARS.fullmatch(text) is not None and "+" not in text[1:]


def _dialable(text: str, number_digits: str, region: str) -> str:
    """The digits in a form `phonenumbers` reads right, fixing the usual Russian habits."""
    if text.startswith("+"):
        # "+8 914 …" is a common slip for "8 914 …"; no country code starts with 89.
        if region == "RU" and len(number_digits) == 11 and number_digits.startswith("89"):
            return "+7" + number_digits[1:]
        return "+" + number_digits
    if number_digits.startswith("00"):
        return "+" + number_digits[2:]  # the European international prefix
    if region == "RU":
        # Ten digits are a Russian number without its trunk prefix; 8 or 7 and ten are with it.
        if len(number_digits) == 10:
            return "+7" + number_digits
        if len(number_digits) == 11 and number_digits[0] in "78":
            return "+7" + number_digits[1:]
    return number_digits  # e.g. 810 (the Russian international prefix) + a foreign number


@dataclass(frozen=True)
class FoundPhone:
    """A number found in a text: where, as E.164, and its extension's text if any."""

    start: int
    end: int
    e164: str
    extension: str = ""


@lru_cache(maxsize=4096)
def find_phones(text: str, region: str = "RU") -> tuple[FoundPhone, ...]:
    """Every valid number in a text, in order: «+7 914 380-00-02 (моб.), раб. 8 (423) …»,
    «+7 914 600-00-17 доб. 12», and numbers only spaces apart.

    `phonenumbers.PhoneNumberMatcher` finds numbers among words, but reads a stretch of digit
    groups with only spaces between them («8 914 600 00 05 8 914 600 00 55») as one number,
    which is no valid one, and finds nothing there (or only a part). Such a stretch is read
    again group by group: from each group, the longest run of groups that `normalize_phone`
    takes for one valid number, then on after it.
    """
    import phonenumbers

    text = text[:MAX_PHONES_TEXT]
    matched = [
        FoundPhone(
            m.start,
            m.end,
            phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164),
            m.number.extension or "",
        )
        for m in phonenumbers.PhoneNumberMatcher(text, region, phonenumbers.Leniency.VALID)
    ]
    found = list(matched)
    for run in _PHONE_RUN.finditer(text):
        inside = [f for f in matched if f.start < run.end() and f.end > run.start()]
        if any(f.start < run.start() or f.end > run.end() for f in inside):
            continue  # a number with words around it (an extension): the matcher's reading
        split = _split_run(text, run.start(), run.end(), region)
        if len(split) > len(inside):
            found = [f for f in found if f not in inside] + split
    return tuple(sorted(found, key=lambda f: f.start))


def _split_run(text: str, start: int, end: int, region: str) -> list[FoundPhone]:
    groups = [(start + g.start(), start + g.end()) for g in _GROUP.finditer(text[start:end])]
    counts = [len(digits(text[a:b])) for a, b in groups]
    found: list[FoundPhone] = []
    first = 0
    while first < len(groups):
        # The runs of groups from this one that hold no more digits than a number can.
        reach, total = first, counts[first]
        while reach + 1 < len(groups) and total + counts[reach + 1] <= _MAX_DIGITS:
            reach += 1
            total += counts[reach]
        for last in range(reach, first - 1, -1):
            try:
                number = normalize_phone(text[groups[first][0] : groups[last][1]], region)
            except InvalidPhone:
                continue
            found.append(FoundPhone(groups[first][0], groups[last][1], number))
            first = last + 1
            break
        else:
            first += 1
    return found


def kept_phones(extra: Mapping[str, Any] | None) -> tuple[str, ...]:
    """The numbers (E.164) an import kept besides the phone, from an attendee's extra data."""
    if not extra:
        return ()
    return tuple(
        e164
        for label in OTHER_PHONES
        if isinstance(text := extra.get(label), str)
        for e164 in _numbers_in(text)
    )


@lru_cache(maxsize=4096)
def _numbers_in(text: str) -> tuple[str, ...]:
    """The numbers (E.164) in a kept-phones text: an import reads every known person's on each
    run, and phonenumbers' matcher is slow, so each text is read once."""
    return tuple(found.e164 for found in find_phones(text))


def format_phone(e164: str) -> str:
    """For display: ``+7 914 700-80-90`` for Russian numbers, international otherwise."""
    if _RUSSIAN_MOBILE.fullmatch(e164):
        # Most attendees' numbers: the pattern phonenumbers gives them, without loading it.
        return f"{e164[:2]} {e164[2:5]} {e164[5:8]}-{e164[8:10]}-{e164[10:]}"
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_query(text: str) -> tuple[str | None, str | None]:
    """For search: (E.164 if the text is a whole phone number, its digits) or (None, None).

    Text that looks like a phone (digits and phone punctuation, at least four digits) gives its
    digits for matching a tail or a part of stored numbers, and its E.164 form when it is a
    whole number; anything else gives ``(None, None)``.
    """
    text = text.strip()
    if not looks_like_phone(text):
        return None, None
    query_digits = digits(text)
    if len(query_digits) < _MIN_QUERY_DIGITS:
        return None, None
    try:
        full: str | None = normalize_phone(text)
    except InvalidPhone:
        full = None
    return full, query_digits
