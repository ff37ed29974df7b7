"""Whether two registrations are one person: names that agree, and a key for people with no
phone or e-mail.

A shared phone or e-mail alone never makes two people one: an office phone, a team's e-mail or
a couple's address is common. The names must agree too, the way people write the same name
differently: case, ё/е, the order of the words, an initial for the first name, a part left out,
a Latin spelling of a Cyrillic name, a second surname after a hyphen.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from kiosk.text import fold, latin_fold

NO_NAME: Final = frozenset({"без имени", "no name"})
"""What the importer writes for a row with a phone but no name (folded), in either language."""
_PARTS: Final = re.compile(r"[\s\-]+")


@lru_cache(maxsize=65_536)
def _folded(word: str) -> str:
    return fold(word).strip(".")


def _surnames_agree(a: str, b: str) -> bool:
    """«Смирнова» and «Смирнова-Петрова» agree (one is a part of the other); «Смирнов» and
    «Смирнова» do not: they are a man and a woman."""
    if not a or not b or a == b:
        return True
    parts_a, parts_b = set(_PARTS.split(a)) - {""}, set(_PARTS.split(b)) - {""}
    if parts_a <= parts_b or parts_b <= parts_a:
        return True
    return latin_fold(a) == latin_fold(b)


def _first_names_agree(a: str, b: str) -> bool:
    """«Иван», «И.» and "Ivan" agree; «Иван» and «Илья» do not, nor do «И.» and «П.»."""
    if not a or not b or a == b:
        return True
    if len(a) == 1 or len(b) == 1:  # an initial, its dot already dropped
        return a[0] == b[0] or latin_fold(a)[:1] == latin_fold(b)[:1]
    return latin_fold(a) == latin_fold(b)


def names_agree(last_a: str, first_a: str, last_b: str, first_b: str) -> bool:
    """Whether two names may be the same person's (a missing name agrees with any)."""
    la, fa, lb, fb = (_folded(w) for w in (last_a, first_a, last_b, first_b))
    if (la in NO_NAME and not fa) or (lb in NO_NAME and not fb):
        return True
    if _surnames_agree(la, lb) and _first_names_agree(fa, fb):
        return True
    # The surname and the first name the other way round («Иван Иванов» read by one file as
    # surname Иван): only when both names have both parts, or «Смирнов» would agree with any
    # «Сергей» that has no surname.
    return bool(la and fa and lb and fb) and _surnames_agree(la, fb) and _first_names_agree(fa, lb)


def name_key(last: str, first: str, middle: str) -> str | None:
    """The same person without a phone or e-mail, across imports: the name's words in any order
    and case. None for a row with no name. The company is compared apart (`companies_agree`)."""
    words = [w for w in (_folded(p) for p in " ".join((last, first, middle)).split()) if w]
    if not words or " ".join(words) in NO_NAME:
        return None
    return " ".join(sorted(words))


def company_key(company: str) -> str:
    """A company as `name_key` people compare it: no case, ё/е or extra spaces."""
    return " ".join(fold(company).split())


def companies_agree(a: str, b: str) -> bool:
    """Two companies of people with the same name: a missing one agrees with any (a speaker
    typed by hand without it), two given ones only when they are the same."""
    ka, kb = company_key(a), company_key(b)
    return not ka or not kb or ka == kb
