"""Splitting a full name typed in one field into surname, first name and patronymic."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Final, NamedTuple

from kiosk.text import latin_fold

_PATRONYMIC: Final = re.compile(r"(ович|евич|ьич|ична|овна|евна|инична)$")
_TURKIC_PATRONYMIC: Final = ("оглы", "кызы", "улы", "уулу")
# Endings of Russian surnames, for words the dictionary does not know («Тютин», «Шмырёва»).
_SURNAME_ENDING: Final = re.compile(
    r"(ов|ова|ев|ева|ёв|ёва|ин|ина|ын|ына|ский|ская|цкий|цкая|ской|ых|их|енко|ко|юк|ук|швили|дзе|ян)$"
)
# Endings no Russian first name has: such a word is a surname without asking the dictionary,
# which keeps a 10 000-row import fast (a dictionary lookup costs about 0.15 ms a word).
_SURE_SURNAME_ENDING: Final = re.compile(r"...(ов|ова|ев|ева|ёв|ёва|ский|ская|цкий|цкая|ых|их)$")
_LATIN_SURNAME: Final = re.compile(
    r"(ov|ova|ev|eva|in|ina|yn|yna|sky|skiy|skii|skaya|ko|uk|yuk)$", re.IGNORECASE
)
_LATIN_PATRONYMIC: Final = re.compile(r"(ovich|evich|ovna|evna|ichna)$", re.IGNORECASE)
_INITIALS: Final = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]?\.?|[^\W\d_]\.?")
_CYRILLIC: Final = re.compile(r"[а-яё]", re.IGNORECASE)
_LATIN_WORD: Final = re.compile(r"[A-Za-z'’\-.]+")

# Common Russian first names, for telling the order of a name written in Latin letters
# ("Petrova Marina" and "Marina Petrova" both end in a surname-like "-ina"). Compared under
# `latin_fold`, so every usual spelling of these meets them; the Latin ones are spellings
# that are not transliterations of the Cyrillic (Alexander, Natalie).
_RUSSIAN_FIRST_NAMES: Final = (  # separated by spaces
    "Александр Алексей Анатолий Андрей Антон Аркадий Арсений Артём Артур Богдан Борис Вадим "
    "Валентин Валерий Василий Вениамин Виктор Виталий Владимир Владислав Всеволод Вячеслав "
    "Геннадий Георгий Герман Глеб Григорий Давид Даниил Демид Денис Дмитрий Евгений Егор "
    "Елисей Захар Иван Игорь Илья Кирилл Константин Лев Леонид Макар Максим Марат Марк "
    "Матвей Мирон Михаил Никита Николай Олег Павел Пётр Платон Родион Роман Ростислав Руслан "
    "Рустам Ринат Савелий Святослав Семён Сергей Станислав Степан Тимофей Тимур Тихон Фёдор "
    "Филипп Эдуард Эльдар Эмиль Юрий Яков Ян Ярослав Альберт Айдар Ильдар Ренат "
    "Александра Алёна Алина Алиса Алла Алсу Анастасия Ангелина Анна Антонина Арина "
    "Валентина Валерия Варвара Василиса Вера Вероника Виктория Виолетта Влада Галина "
    "Гульнара Дарья Диана Дина Диляра Ева Евгения Екатерина Елена Елизавета Жанна Зинаида "
    "Злата Зоя Инна Ирина Камила Карина Кира Кристина Ксения Лариса Лидия Лилия Луиза Любовь "
    "Людмила Майя Маргарита Марина Мария Милана Надежда Наталья Наталия Нина Оксана Олеся "
    "Ольга Полина Раиса Регина Римма Светлана Серафима Снежана София Софья Стефания Таисия "
    "Тамара Татьяна Ульяна Эвелина Элина Эльвира Эльмира Юлия Яна Ярослава "
    "Alexander Aleksander Alex Alexei Dimitri Eugene Peter Pyotr Natalie Natalia Victoria "
    "Ksenia Xenia Yulia Julia Sophia Tatiana Lyubov Janna Jana"
)


@dataclass(frozen=True)
class PersonName:
    last: str
    first: str
    middle: str
    original: str
    """The text as it was typed, spaces collapsed."""
    guessed: bool = False
    """The words alone cannot tell which is the surname (two Latin words neither of which is a
    known Russian first name, or two Cyrillic words the dictionary weighs the same): the
    order is a guess the desk may need to swap."""


_SURE: Final = 0.9
"""A first-name likelihood (`_likelihood`) at which a word is taken for a first name."""


class _Likelihood(NamedTuple):
    """How much one word looks like a surname and like a first name, 0…1 each."""

    surname: float
    first: float


@cache
def _analyzer() -> Any:
    # Built once, on first use: it takes a moment and many runs never split a name. Only the
    # dictionary is consulted: guesses for unknown words cost several times more and say
    # less than a surname's ending does.
    import pymorphy3
    from pymorphy3.units import DictionaryAnalyzer

    return pymorphy3.MorphAnalyzer(lang="ru", units=[DictionaryAnalyzer()])


@lru_cache(maxsize=100_000)
def _likelihood(word: str) -> _Likelihood:
    """What the dictionary and the ending say about a word; «Анна-Мария» is read by its parts."""
    lower = word.lower()
    if not _CYRILLIC.search(lower):
        return _Likelihood(0.0, 0.0)
    if "-" in lower.strip("-"):
        parts = [_likelihood(part) for part in lower.split("-") if part]
        return _Likelihood(*(max(values) for values in zip(*parts, strict=True)))
    if _SURE_SURNAME_ENDING.search(lower):
        return _Likelihood(0.8, 0.0)
    surname = first = 0.0
    for parse in _analyzer().parse(lower):
        grammemes = parse.tag.grammemes
        # Only the nominative singular: «Петров» is also the genitive plural of «Петр».
        if not {"nomn", "sing"} <= grammemes:
            continue
        if "Surn" in grammemes:
            surname += parse.score
        if "Name" in grammemes:
            first += parse.score
    # A first name the dictionary knows is a strong hint even when a common noun of the same
    # spelling outranks it («Роман», «Вера», «Любовь»).
    if first > 0:
        first = min(1.0, first + 0.3)
    if _SURNAME_ENDING.search(lower) and first < 0.9:
        surname = max(surname, 0.5)
    return _Likelihood(min(surname, 1.0), first)


def _patronymic(word: str) -> float:
    """Patronymics are regular enough that their ending decides; no dictionary needed."""
    lower = word.lower()
    if _PATRONYMIC.search(lower) or lower.endswith(_TURKIC_PATRONYMIC):
        return 0.9
    if lower.endswith("ич"):
        return 0.6  # «Фокич», «Лукич», but also the surname «Бабич»
    return 0.0


def tidy(word: str) -> str:
    """«ИВАНОВ», «иванов» → «Иванов»; «РИМСКАЯ-КОРСАКОВА» → «Римская-Корсакова»; «И.И.» stays.

    Mixed case that looks deliberate ("McDonald") is kept; «оглы» and «кызы» stay lower-case.
    """
    if word.lower() in _TURKIC_PATRONYMIC:
        return word.lower()
    if not (word.isupper() or word.islower() or word[:1].islower()):
        return word
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), word)


def _is_initials(word: str) -> bool:
    return _INITIALS.fullmatch(word) is not None and len(word.replace(".", "")) <= 3


def _words(text: str) -> list[str]:
    """Tidied words; initials written together («И.И.») become one word per initial."""
    words: list[str] = []
    for raw in text.replace(",", " ").split():
        word = tidy(raw)
        if _is_initials(word) and word.count(".") > 1:
            words.extend(f"{letter}." for letter in word.replace(".", ""))
        elif words and word.lower() in _TURKIC_PATRONYMIC:
            words[-1] = f"{words[-1]} {word}"  # «Ахмед оглы» is one patronymic
        else:
            words.append(word)
    return words


@lru_cache(maxsize=65_536)
def split_full_name(text: str) -> PersonName:
    """Split a full name in one field; Russian order (surname first) unless the words say not.

    «Смирнова Екатерина», «Алексей Кузнецов», «Ольга Игоревна Федорова», «Иванов И. И.» and
    "John Smith" all come out right; a name the dictionary cannot place keeps Russian order.
    """
    original = " ".join(text.split())
    words = _words(original)
    if not words:
        return PersonName("", "", "", original)
    if any(_is_initials(w) for w in words):
        return PersonName(*_with_initials(words), original)
    if all(_LATIN_WORD.fullmatch(w) for w in words):
        return _latin(words, original)
    return _cyrillic(words, original)


def split_name_fields(last: str, first: str, middle: str) -> PersonName:
    """A name given in separate surname, first-name and patronymic fields, as people fill them
    in: the whole name typed into the surname or the first-name box is split
    (`split_full_name`), and a surname and first name typed into each other's boxes («Иван» as
    the surname, «Петров» as the first name) are put back when the dictionary is sure of both
    words. Otherwise the fields are taken as they are, tidied."""
    original = " ".join(" ".join(p for p in (last, first, middle) if p).split())
    for whole, others in ((last, (first, middle)), (first, (last, middle))):
        if " " in whole.strip() and not any(others):
            split = split_full_name(whole)
            return PersonName(split.last, split.first, split.middle, original, split.guessed)
    last, first, middle = tidy_words(last), tidy_words(first), tidy_words(middle)
    if " " not in last and " " not in first and _swapped(last, first):
        last, first = first, last
    return PersonName(last, first, middle, original)


def _swapped(last: str, first: str) -> bool:
    """Whether the dictionary is sure that the surname is a first name and the other way round."""
    if not (last and first):
        return False
    as_last, as_first = _likelihood(last), _likelihood(first)
    return (
        as_last.first >= _SURE and as_last.surname == 0 and as_first.surname >= 0.8
    ) and as_first.first == 0


def tidy_words(text: str) -> str:
    """`tidy` for each word of a text."""
    return " ".join(tidy(w) for w in text.split())


def _cyrillic(words: list[str], original: str) -> PersonName:
    if len(words) == 1:
        (word,) = words
        scores = _likelihood(word)
        if scores.first > scores.surname:
            return PersonName("", word, "", original)
        return PersonName(word, "", "", original)
    if len(words) == 2:
        if _patronymic(words[1]) >= 0.9 and _patronymic(words[0]) < 0.5:
            return PersonName("", words[0], words[1], original)  # «Мария Сергеевна»
        a, b = (_likelihood(w) for w in words)
        # Which reading is better supported: «Смирнова Екатерина» or «Екатерина Смирнова»?
        # Ties keep the Russian order, as a guess.
        reversed_order, russian_order = a.first + b.surname, a.surname + b.first
        if reversed_order > russian_order:
            return PersonName(words[1], words[0], "", original)
        return PersonName(words[0], words[1], "", original, guessed=reversed_order == russian_order)
    if len(words) == 3:
        if _patronymic(words[1]) >= 0.5 and _patronymic(words[2]) < 0.5:
            return PersonName(words[2], words[0], words[1], original)  # «Ольга Игоревна Федорова»
        return PersonName(words[0], words[1], words[2], original)  # «Федорова Ольга Игоревна»
    # Four words or more: a compound surname or a double first name; keep the Russian order
    # with everything after the first name as the patronymic, so nothing typed is lost.
    return PersonName(words[0], words[1], " ".join(words[2:]), original)


def _with_initials(words: list[str]) -> tuple[str, str, str]:
    """«Иванов И. И.», «И. И. Иванов»: the one word that is not an initial is the surname."""
    full = [w for w in words if not _is_initials(w)]
    initials = [w for w in words if _is_initials(w)]
    if len(full) != 1:
        return words[0], " ".join(words[1:2]), " ".join(words[2:])
    return full[0], initials[0], " ".join(initials[1:])


@cache
def _latin_first_names() -> frozenset[str]:
    return frozenset(latin_fold(name) for name in _RUSSIAN_FIRST_NAMES.split())


def is_russian_first_name(word: str) -> bool:
    """Whether a word, in Cyrillic or any usual Latin spelling, is a common Russian first name."""
    return latin_fold(word) in _latin_first_names()


def _latin(words: list[str], original: str) -> PersonName:
    """Western order ("John Smith") unless the words look like a transliterated Russian name."""
    if len(words) == 1:
        return PersonName(words[0], "", "", original)
    if len(words) == 2:
        a, b = words
        a_first, b_first = is_russian_first_name(a), is_russian_first_name(b)
        if a_first != b_first:  # "Petrova Marina", "Marina Petrova"
            return PersonName(a, b, "", original) if b_first else PersonName(b, a, "", original)
        if _LATIN_SURNAME.search(a) and not _LATIN_SURNAME.search(b):
            return PersonName(a, b, "", original, guessed=True)  # "Kowalsky Jan"
        return PersonName(b, a, "", original, guessed=True)  # "John Smith"
    if _LATIN_PATRONYMIC.search(words[-1]):
        # "Ivanov Ivan Ivanovich"
        return PersonName(words[0], words[1], " ".join(words[2:]), original)
    if _LATIN_PATRONYMIC.search(words[1]) and len(words) == 3:
        return PersonName(words[2], words[0], words[1], original)  # "Ivan Ivanovich Ivanov"
    return PersonName(words[-1], words[0], " ".join(words[1:-1]), original)  # "John Paul Smith"
