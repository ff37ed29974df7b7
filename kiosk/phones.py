"""Phone numbers: normalised to E.164 with `phonenumbers`, Russia as the default region."""

from __future__ import annotations

import re
from typing import Final

import phonenumbers

from kiosk.i18n import tr

_PHONE_CHARS: Final = re.compile(r"^[\d\s()+\-.‐‑–—]+$")


class InvalidPhone(ValueError):
    """The text is not a phone number; the message is for the user."""


def normalize_phone(raw: str, region: str = "RU") -> str:
    """``8 914 700-80-90``, ``+7 (914) 700 80 90``, ``9147008090`` → ``+79147008090``."""
    text = raw.strip()
    digit_count = sum(ch.isdigit() for ch in text)
    if not text or not _PHONE_CHARS.match(text) or not 6 <= digit_count <= 15:
        raise InvalidPhone(_message(raw))
    if region == "RU" and not text.startswith("+"):
        digits = re.sub(r"\D", "", text)
        # Ten digits is a Russian number without its trunk prefix; 8 / 7 + ten is with it.
        if len(digits) == 10:
            text = "+7" + digits
        elif len(digits) == 11 and digits[0] in "78":
            text = "+7" + digits[1:]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise InvalidPhone(_message(raw)) from None
    if not phonenumbers.is_possible_number(number) or not phonenumbers.is_valid_number(number):
        raise InvalidPhone(_message(raw))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _message(raw: str) -> str:
    return tr(
        "Телефон «{raw}» не похож на номер телефона",
        'The phone "{raw}" does not look like a phone number',
        raw=raw.strip()[:40],
    )


def format_phone(e164: str) -> str:
    """For display: ``+7 914 700-80-90`` for Russian numbers, international otherwise."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_query(text: str) -> tuple[str | None, str | None]:
    """For search: (E.164 if the text is a whole phone number, its digits) or (None, None)."""
    text = text.strip()
    if not _PHONE_CHARS.match(text or "x"):
        return None, None
    digits = re.sub(r"\D", "", text)
    if len(digits) < 4:
        return None, None
    try:
        full: str | None = normalize_phone(text)
    except InvalidPhone:
        full = None
    return full, digits
