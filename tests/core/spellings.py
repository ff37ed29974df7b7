"""Russian names and the Latin spellings people type for them, for the search recall tests.

Real surnames and first names (Faker's ru_RU lists, and names of our own with the letters the
romanisations disagree on: щ, х, ц, ж, ё, ъ, ь before a vowel), spelt by the schemas of the
`iuliia` package that match the standards people meet, and by informal habits that follow no
standard. `population` makes a registered crowd around them: for every name some people whose
surnames begin the same way, so that "in the top 5" means something.
"""

from __future__ import annotations

import random
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import iuliia
from faker.providers.person.ru_RU import Provider as RussianNames

SCHEMAS = {
    "wikipedia": "Wikipedia (Vasilyev, Shcherbakov)",
    "bgn_pcgn": "BGN/PCGN (Vasil’yev)",
    "icao_doc_9303": "ICAO Doc 9303, passports since 2014 (Iuliia, Podieiachev)",
    "gost_52535": "GOST R 52535.1, passports 2010–2013 (Kuznetcov, Tcvetkov)",
    "yandex_maps": "Yandex.Maps (Scherbakov, Khruschyov)",
    "yandex_money": "Yandex.Money (Scherbakov, Khruschev)",
    "mosmetro": "Moscow metro (Scherbakov, Vasilyev)",
    "telegram": "chat style (Kuznecov, Jukov, Scerbakov, Hruscev)",
}
"""The iuliia schemas of the standards the issue names, with what they stand for."""
OTHER_SCHEMAS = {
    "scientific": "scientific, ISO 9 style (Ščerbakov, Čajkovskij, Xruščёv)",
    "gost_779_alt": "GOST 7.79-B, school and library texts (Shherbakov, Czvetkov, Xrushhyov)",
}
"""Schemas people meet less (in library catalogues): measured as informal spellings are."""


def _words(text: str) -> list[str]:
    return text.split()


# Names with the letters the romanisations disagree on, beside Faker's list (which has no ё).
_OWN_SURNAMES = _words("""
Щербаков Щербакова Щукин Щукина Хрущёв Хрущёва Подъячев Объедков Цветков Цветкова Чайковский
Чайковская Жуков Жукова Журавлёв Журавлёва Воробьёв Воробьёва Соловьёв Соловьёва Григорьев
Григорьева Ильин Ильина Юдин Юдина Яковлев Ёлкин Ёлкина Фёдоров Фёдорова Дьяконов Кудрявцев
Зуев Зуева Майоров Бойко Хабибуллин Цой Тютин Пономарёв Ковалёв Королёв Семёнов Селезнёв
Киселёв Чернышёв Горбачёв Толстой Достоевский Хохлов Шевчук Мещеряков Ющенко Афанасьев
Лукьянов Савельев Прокофьев Игнатьев Емельянов Евдокимов Дмитриев Андреев Матвеев Алексеев
Юсупов Янковский Ястребов Щеглов Шишкин Жданов Жаров Цыганов Чичерин Вьюгин Дьячкова
Подъяпольский Хитрук Цуканов Ушаков Эйдельман Эрдман Юрьев Юрьева Ерёмин Ерёмина Щепкина
""")


def _unique(*lists: tuple[str, ...] | list[str]) -> list[str]:
    return list(dict.fromkeys(name for names in lists for name in names))


SURNAMES = _unique(RussianNames.last_names_male, RussianNames.last_names_female, _OWN_SURNAMES)
_FEMALE_SURNAMES = frozenset(RussianNames.last_names_female)
_MALE_FIRST = _unique(RussianNames.first_names_male, _words("Пётр Семён Артём Фёдор Вячеслав"))
_FEMALE_FIRST = _unique(RussianNames.first_names_female, _words("Юлия Ксения Наталья Софья"))
_MALE_MIDDLE = list(RussianNames.middle_names_male)
_FEMALE_MIDDLE = list(RussianNames.middle_names_female)


def romanise(name: str, schema: str) -> str:
    """The name as this iuliia schema spells it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return str(iuliia.schemas.get(schema).translate(name))


# ---- informal spellings ---------------------------------------------------------------------

# How people spell Russian names in English when they follow no standard: "ie" for the soft
# sign before е/ё (Vasiliev, Soloviev), "sh" for щ (Sherbakov), "tch" for ч and "-sky" for
# -ский (Tchaikovsky), "x" for кс (Alexander), "yo"/"e" for ё, "j" for й or ж.
_ENGLISH = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip
_HABITS: dict[str, list[tuple[str, str]]] = {
    # Soloviev, Vasiliev, Grigoriev, Sherbakov, Tchaikovsky, Alexeev
    "english": [
        ("ьё", "ie"), ("ье", "ie"), ("ьи", "i"), ("ья", "ia"), ("ью", "iu"), ("кс", "x"),
        ("ий$", "y"), ("ый$", "y"), ("ч", "tch"),
    ],
    # Soloviov, Fiodorov, Juravliov, Hrustchev: French and German habits
    "continental": [
        ("ьё", "io"), ("ё", "io"), ("ье", "ie"), ("х", "h"), ("ж", "j"), ("ц", "tz"),
        ("ий$", "i"), ("щ", "shch"), ("ш", "sh"),
    ],
    # Vasilyev as in English newspapers, but ё as a plain e and й as i
    "newspaper": [
        ("ье", "ye"), ("ьё", "yo"), ("ё", "e"), ("й", "i"), ("ый$", "y"), ("ий$", "iy"),
        ("щ", "shch"), ("ю", "iu"),
    ],
    # chat: Jukov, Cvetkov, Scerbakov, Hruscev, with the soft sign as '
    "chat": [
        ("ж", "j"), ("ц", "c"), ("щ", "sc"), ("х", "h"), ("ь", "'"), ("й", "j"), ("ю", "ju"),
        ("я", "ja"), ("ё", "jo"),
    ],
}  # fmt: skip


def informal(name: str, habit: str) -> str:
    """The name as someone with this habit writes it in Latin letters."""
    text = name.lower()
    for pattern, replacement in _HABITS[habit]:
        text = re.sub(pattern, replacement, text)
    latin = "".join(_ENGLISH.get(ch, ch) for ch in text)
    return latin[:1].upper() + latin[1:]


INFORMAL_HABITS = tuple(_HABITS)

# Spellings people really use for these names, beside the generated ones (as in the issue).
INFORMAL_SURNAMES = [
    ("Васильев", "Vasiliev"), ("Григорьев", "Grigoriev"), ("Соловьёв", "Soloviev"),
    ("Соловьев", "Soloviev"), ("Воробьёв", "Vorobiev"), ("Афанасьев", "Afanasiev"),
    ("Савельев", "Saveliev"), ("Прокофьев", "Prokofiev"), ("Игнатьев", "Ignatiev"),
    ("Юрьев", "Yuriev"), ("Щербаков", "Sherbakov"), ("Щербаков", "Scherbakov"),
    ("Щукин", "Shukin"), ("Хрущёв", "Khrushchev"), ("Хрущёв", "Hrushchev"),
    ("Чайковский", "Tchaikovsky"), ("Чайковский", "Chaikovsky"), ("Достоевский", "Dostoyevsky"),
    ("Кузнецов", "Kuznetzov"), ("Кузнецов", "Kuznecov"), ("Жуков", "Jukov"),
    ("Цветков", "Cvetkov"), ("Фёдоров", "Fyodorov"), ("Фёдоров", "Fiodorov"),
    ("Ёлкина", "Yolkina"), ("Яковлев", "Jakovlev"), ("Ильин", "Iljin"),
    ("Алексеев", "Alexeev"), ("Алексеев", "Alekseyev"), ("Андреев", "Andreyev"),
    ("Зайцев", "Zaitsev"), ("Зайцев", "Zaytsev"), ("Зайцев", "Zajcev"), ("Майоров", "Majorov"),
    ("Журавлёв", "Zhuravlyov"), ("Журавлёв", "Juravliov"), ("Ковалёв", "Kovalyov"),
    ("Королёв", "Korolyov"), ("Пономарёв", "Ponomaryov"), ("Киселёв", "Kiselyov"),
    ("Семёнов", "Semyonov"), ("Хабибуллин", "Habibullin"), ("Цой", "Tsoy"),
    ("Тютин", "Tjutin"), ("Юдин", "Judin"), ("Мещеряков", "Mescheryakov"),
    ("Поляков", "Poliakov"), ("Беляев", "Beliaev"), ("Лукьянов", "Lukianov"),
    ("Емельянов", "Emelianov"), ("Дмитриев", "Dmitriev"), ("Матвеев", "Matveyev"),
]  # fmt: skip
INFORMAL_FIRST_NAMES = [
    ("Александр", "Alexander"), ("Александр", "Aleksander"), ("Александр", "Alexandr"),
    ("Виктория", "Victoria"), ("Наталья", "Natalie"), ("Наталья", "Natalia"),
    ("Ксения", "Ksenia"), ("Ксения", "Xenia"), ("Юлия", "Yulia"), ("Юлия", "Julia"),
    ("Юлия", "Iuliia"), ("Сергей", "Sergey"), ("Сергей", "Sergei"), ("Дмитрий", "Dmitry"),
    ("Евгений", "Evgeny"), ("Евгений", "Yevgeny"), ("Юрий", "Yuri"), ("Алексей", "Alexey"),
    ("Максим", "Maxim"), ("Татьяна", "Tatiana"), ("Дарья", "Daria"), ("София", "Sofia"),
    ("София", "Sophia"), ("Ольга", "Olga"), ("Илья", "Ilya"), ("Николай", "Nikolai"),
    ("Николай", "Nicolai"), ("Пётр", "Pyotr"), ("Пётр", "Peter"), ("Артём", "Artyom"),
    ("Анастасия", "Anastasia"), ("Елена", "Yelena"), ("Михаил", "Mikhail"),
    ("Андрей", "Andrey"), ("Андрей", "Andrei"), ("Вячеслав", "Viacheslav"),
    ("Фёдор", "Fyodor"), ("Семён", "Semyon"), ("Ирина", "Irina"), ("Валерия", "Valeria"),
]  # fmt: skip


# ---- a registered crowd ---------------------------------------------------------------------

_ENDING = re.compile(r"(ов|ев|ёв|ин|ын|цкий|ский|ской|ой|ий|ый|ко|ук|юк)(а|ая)?$")
_OTHER_ENDINGS = ("ов", "ин", "ский", "енко", "ук", "ников", "цев", "ушкин", "ович", "еев")


@dataclass(frozen=True)
class Person:
    last_name: str
    first_name: str
    middle_name: str
    wanted: bool
    """One of the names the tests look for (the others only stand around them)."""


def _female(surname: str) -> bool:
    return surname in _FEMALE_SURNAMES or surname.endswith(("ова", "ева", "ёва", "ина", "ая"))


def _named(rng: random.Random, surname: str, *, wanted: bool) -> Person:
    female = _female(surname)
    return Person(
        surname,
        rng.choice(_FEMALE_FIRST if female else _MALE_FIRST),
        rng.choice(_FEMALE_MIDDLE if female else _MALE_MIDDLE),
        wanted,
    )


def population(seed: int = 12, crowd: int = 2_400) -> list[Person]:
    """Every surname of `SURNAMES` once, and `crowd` others: one in three a surname of the
    list again (with another first name), the rest a stem of one with another ending
    (Кузнец-ов → Кузнецкий, Кузнеценко), so that many surnames share their first letters."""
    rng = random.Random(seed)
    people = [_named(rng, surname, wanted=True) for surname in SURNAMES]
    for _ in range(crowd):
        surname = rng.choice(SURNAMES)
        if rng.random() >= 1 / 3:
            stem = _ENDING.sub("", surname) or surname
            surname = stem + rng.choice(_OTHER_ENDINGS)
        people.append(_named(rng, surname, wanted=False))
    rng.shuffle(people)
    return people


def sharing(people: list[Person], typed: str, spell: Callable[[str], str]) -> int:
    """How many of these people have a surname whose spelling begins with what was typed."""
    typed = typed.casefold()
    return sum(1 for person in people if spell(person.last_name).casefold().startswith(typed))
