"""Which word of a Russian full name is the surname: «Смирнова Екатерина», «Алексей Кузнецов»."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

_PATRONYMIC: Final = re.compile(r"(ович|евич|ьич|ична|овна|евна|инична|кызы|оглы)$", re.IGNORECASE)
_LATIN_SURNAME: Final = re.compile(
    r"(ov|ova|ev|eva|in|ina|sky|skiy|skii|skaya|ko|uk|yuk)$", re.IGNORECASE
)


@dataclass(frozen=True)
class PersonName:
    last: str
    first: str
    middle: str
    original: str


@cache
def _analyzer() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@cache
def _scores(word: str) -> tuple[float, float, float]:
    """(surname, first name, patronymic) likelihoods of one word."""
    if not re.search(r"[а-яё]", word, re.IGNORECASE):
        return 0.0, 0.0, 0.0
    surname = first = patronymic = 0.0
    for parse in _analyzer().parse(word.lower()):
        grammemes = parse.tag.grammemes
        if "Surn" in grammemes:
            surname += parse.score
        if "Name" in grammemes:
            first += parse.score
        if "Patr" in grammemes:
            patronymic += parse.score
    if _PATRONYMIC.search(word):
        patronymic = max(patronymic, 0.9)
    return surname, first, patronymic


def tidy(word: str) -> str:
    """«ИВАНОВ» and «иванов» become «Иванов»; «Римская-Корсакова» keeps both capitals."""
    if word.isupper() or word.islower():
        return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))
    return word


def split_full_name(text: str) -> PersonName:
    """Split a full name in one field, Russian order (surname first) unless the words say not."""
    original = " ".join(text.split())
    words = [tidy(w) for w in original.replace(",", " ").split()]
    if not words:
        return PersonName("", "", "", original)
    if len(words) == 1:
        surname, first, _ = _scores(words[0])
        if first > surname:
            return PersonName("", words[0], "", original)
        return PersonName(words[0], "", "", original)
    if len(words) == 2:
        a, b = words
        if _latin(a) and _latin(b):
            # "John Smith", unless the first word looks like a transliterated Russian surname.
            if _LATIN_SURNAME.search(a) and not _LATIN_SURNAME.search(b):
                return PersonName(a, b, "", original)
            return PersonName(b, a, "", original)
        a_surname, a_first, _ = _scores(a)
        b_surname, b_first, _ = _scores(b)
        if a_first > a_surname and b_surname >= b_first and b_first < 0.5:
            return PersonName(b, a, "", original)  # «Алексей Кузнецов»
        return PersonName(a, b, "", original)  # «Смирнова Екатерина»
    if len(words) == 3:
        a, b, c = words
        if _scores(b)[2] >= 0.5 and _scores(c)[2] < 0.5:
            return PersonName(c, a, b, original)  # «Ольга Игоревна Федорова»
        return PersonName(a, b, c, original)  # «Федорова Ольга Игоревна»
    # Four words or more: a double first name or a compound surname; keep Russian order.
    return PersonName(words[0], words[1], " ".join(words[2:]), original)


def _latin(word: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z'’\-.]+", word))
