"""Every common Latin spelling of a Russian name finds the person, among a few thousand people.

Recall is measured per romanisation (the `iuliia` schemas of the standards people meet) and for
informal habits: the share of people put in the top 5 by their surname typed whole or by its
first 4 letters, where at most 5 registered people share what was typed (with ё and е as one
letter, as people type them). The other way round, people registered in Latin letters are found
by their Cyrillic surname. The measured figures are in docs/BENCHMARKS.md.
"""

from __future__ import annotations

import random
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest

from kiosk import search_index
from kiosk.config import Event
from kiosk.db import Database, open_database
from kiosk.models import Source, utcnow
from kiosk.services.lookup import search_ids
from kiosk.services.registration import PersonInput, new_attendee
from kiosk.text import fold
from tests.core.spellings import (
    INFORMAL_FIRST_NAMES,
    INFORMAL_HABITS,
    INFORMAL_SURNAMES,
    OTHER_SCHEMAS,
    SCHEMAS,
    Person,
    informal,
    population,
    romanise,
)

pytestmark = pytest.mark.slow  # two crowds of 3 000 people and a few thousand searches

TOP = 5
PREFIX = 4
STANDARD_WHOLE = 0.99
STANDARD_PREFIX = 0.97
INFORMAL = 0.95

Spell = Callable[[str], str]


@dataclass
class Crowd:
    db: Database
    people: list[Person]
    ids: list[int]
    found: dict[str, list[int]] = field(default_factory=dict)

    def top(self, typed: str) -> list[int]:
        if typed not in self.found:
            with self.db.read() as session:
                self.found[typed] = search_ids(session.connection(), typed, TOP, fts=True)
        return self.found[typed]


def _crowd(tmp_path_factory: pytest.TempPathFactory, event: Event, people: list[Person]) -> Crowd:
    path = tmp_path_factory.mktemp("crowd") / "desk.sqlite3"
    db = open_database(f"sqlite:///{path}", event, create=True)
    now = utcnow()
    with db.write() as session, search_index.bulk_load(session.connection()):
        attendees = [
            new_attendee(
                session,
                PersonInput(person.last_name, person.first_name, person.middle_name),
                category="participant",
                tariff="comfort",
                price=0,
                group=None,
                source=Source.IMPORT,
                consent_at=now,
                now=now,
                check_unique=False,
                flush=False,
            )
            for person in people
        ]
        session.flush()
        ids = [attendee.id for attendee in attendees]
    return Crowd(db, people, ids)


@pytest.fixture(scope="module")
def crowd(tmp_path_factory: pytest.TempPathFactory, event: Event) -> Iterator[Crowd]:
    """About 3 000 people registered in Cyrillic letters."""
    registered = _crowd(tmp_path_factory, event, population())
    yield registered
    registered.db.dispose()


def _in_latin(people: list[Person]) -> list[Person]:
    """These people as registered in Latin letters: the passport spelling mostly, some in
    Wikipedia's or an informal one."""
    rng = random.Random(5)
    spellers: list[Spell] = [
        lambda name: romanise(name, "icao_doc_9303"),
        lambda name: romanise(name, "gost_52535"),
        lambda name: romanise(name, "wikipedia"),
        lambda name: informal(name, "english"),
    ]
    latin = []
    for person in people:
        spell = rng.choices(spellers, weights=(5, 2, 2, 1))[0]
        latin.append(Person(spell(person.last_name), spell(person.first_name), "", person.wanted))
    return latin


@pytest.fixture(scope="module")
def latin_crowd(tmp_path_factory: pytest.TempPathFactory, event: Event) -> Iterator[Crowd]:
    """The same people registered in Latin letters, with their Cyrillic names to type."""
    cyrillic = population()
    registered = _crowd(tmp_path_factory, event, _in_latin(cyrillic))
    registered.people = cyrillic  # what is typed: the Cyrillic names
    yield registered
    registered.db.dispose()


def _without_yo(name: str) -> str:
    return name.replace("ё", "е").replace("Ё", "Е")


class Sharing:
    """How many people have a surname whose spelling begins with what was typed, ё and е
    taken as one letter (Соловьев and Соловьёв are namesakes)."""

    def __init__(self, people: list[Person], spell: Spell) -> None:
        self.spell = spell
        self.spelled = sorted(spell(p.last_name).casefold() for p in people)
        self.plain = sorted(spell(_without_yo(p.last_name)).casefold() for p in people)

    def count(self, surname: str, length: int | None) -> int:
        typed = self.spell(surname)[:length].casefold()
        plain = self.spell(_without_yo(surname))[:length].casefold()
        return max(_starting(self.spelled, typed), _starting(self.plain, plain))


def _starting(ordered: list[str], prefix: str) -> int:
    return bisect_left(ordered, prefix + "\U0010ffff") - bisect_left(ordered, prefix)


@dataclass
class Recall:
    found: int = 0
    asked: int = 0
    missed: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.found / self.asked

    def __str__(self) -> str:
        return f"{self.found}/{self.asked} = {self.share:.2%}, missed {self.missed[:10]}"


def recall(crowd: Crowd, spell: Spell, length: int | None) -> Recall:
    """Of the people whose typed surname (whole, or its first `length` letters) at most TOP
    people share, how many the search puts in the top TOP. Whole surnames are asked for the
    real names; beginnings for every surname of the crowd (once each), as those of the real
    names are mostly shared by more."""
    sharing = Sharing(crowd.people, spell)
    result = Recall()
    asked: set[str] = set()
    for person, attendee_id in zip(crowd.people, crowd.ids, strict=True):
        if (length is None and not person.wanted) or person.last_name in asked:
            continue
        asked.add(person.last_name)
        if sharing.count(person.last_name, length) > TOP:
            continue
        typed = spell(person.last_name)[:length]
        result.asked += 1
        if attendee_id in crowd.top(typed):
            result.found += 1
        else:
            result.missed.append(f"{person.last_name}: {typed}")
    return result


def _schema(name: str) -> Spell:
    return lambda text: romanise(text, name)


def _habit(name: str) -> Spell:
    return lambda text: informal(text, name)


def _as_typed(text: str) -> str:
    return text


@pytest.mark.parametrize("schema", SCHEMAS)
def test_the_whole_surname_in_each_romanisation_puts_the_person_in_the_top_5(
    crowd: Crowd, schema: str
) -> None:
    measured = recall(crowd, _schema(schema), None)
    assert measured.asked > 300
    assert measured.share >= STANDARD_WHOLE, measured


@pytest.mark.parametrize("schema", SCHEMAS)
def test_the_first_4_letters_in_each_romanisation_put_the_person_in_the_top_5(
    crowd: Crowd, schema: str
) -> None:
    measured = recall(crowd, _schema(schema), PREFIX)
    assert measured.asked > 40
    assert measured.share >= STANDARD_PREFIX, measured


@pytest.mark.parametrize("schema", SCHEMAS)
def test_the_surname_and_first_name_in_each_romanisation_find_the_person(
    crowd: Crowd, schema: str
) -> None:
    measured = Recall()
    for person, attendee_id in zip(crowd.people, crowd.ids, strict=True):
        if person.wanted:
            typed = f"{romanise(person.last_name, schema)} {romanise(person.first_name, schema)}"
            measured.asked += 1
            if attendee_id in crowd.top(typed):
                measured.found += 1
            else:
                measured.missed.append(typed)
    assert measured.share >= STANDARD_WHOLE, measured


@pytest.mark.parametrize("habit", INFORMAL_HABITS)
@pytest.mark.parametrize(("length", "what"), [(None, "whole"), (PREFIX, "first 4 letters")])
def test_informal_spellings_put_the_person_in_the_top_5(
    crowd: Crowd, habit: str, length: int | None, what: str
) -> None:
    measured = recall(crowd, _habit(habit), length)
    assert measured.share >= INFORMAL, (what, measured)


@pytest.mark.parametrize("schema", OTHER_SCHEMAS)
@pytest.mark.parametrize(("length", "what"), [(None, "whole"), (PREFIX, "first 4 letters")])
def test_other_romanisations_put_the_person_in_the_top_5_as_informal_ones_do(
    crowd: Crowd, schema: str, length: int | None, what: str
) -> None:
    measured = recall(crowd, _schema(schema), length)
    assert measured.share >= INFORMAL, (what, measured)


def test_the_usual_informal_spellings_of_surnames_put_the_person_in_the_top_5(
    crowd: Crowd,
) -> None:
    missed = []
    for surname, typed in INFORMAL_SURNAMES:
        wanted = {i for p, i in zip(crowd.people, crowd.ids, strict=True) if p.last_name == surname}
        assert wanted, surname
        if not wanted & set(crowd.top(typed)):
            missed.append(typed)
    assert len(missed) <= (1 - INFORMAL) * len(INFORMAL_SURNAMES), missed


def test_an_informal_first_name_finds_the_people_of_that_name(crowd: Crowd) -> None:
    """Among the first 50, after the surnames and patronymics that begin with it too (Maxim:
    Максимов, Yulia: Юлианович)."""
    by_id = dict(zip(crowd.ids, crowd.people, strict=True))
    missed = []
    for first_name, typed in INFORMAL_FIRST_NAMES:
        with crowd.db.read() as session:
            listed = search_ids(session.connection(), typed, 50, fts=True)
        if not any(fold(by_id[i].first_name) == fold(first_name) for i in listed):
            missed.append(typed)
    assert len(missed) <= (1 - INFORMAL) * len(INFORMAL_FIRST_NAMES), missed


def test_a_surname_and_an_informal_first_name_find_the_person(crowd: Crowd) -> None:
    asked = found = 0
    for first_name, typed in INFORMAL_FIRST_NAMES:
        for person, attendee_id in zip(crowd.people, crowd.ids, strict=True):
            if fold(person.first_name) == fold(first_name):
                asked += 1
                query = f"{romanise(person.last_name, 'wikipedia')} {typed}"
                found += attendee_id in crowd.top(query)
    assert asked > 50
    assert found / asked >= INFORMAL, (found, asked)


def test_people_registered_in_latin_letters_are_found_by_the_cyrillic_surname(
    latin_crowd: Crowd,
) -> None:
    measured = recall(latin_crowd, _as_typed, None)
    assert measured.share >= STANDARD_WHOLE, measured


def test_people_registered_in_latin_letters_are_found_by_4_cyrillic_letters(
    latin_crowd: Crowd,
) -> None:
    measured = recall(latin_crowd, _as_typed, PREFIX)
    assert measured.asked > 40
    assert measured.share >= STANDARD_PREFIX, measured
