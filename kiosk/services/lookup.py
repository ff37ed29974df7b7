"""Finding attendees: by badge code (scanned or typed), name, phone, e-mail or company.

Ranking: an exact code first, then the phone number, then a surname prefix, then other word
prefixes, then a part of a phone number, then anything containing the query. Cyrillic case and
ё/е do not matter, and any common Latin spelling (Tyutin, Kuznetcov, Iuliia, Vasiliev) finds
the Cyrillic name and the other way round (kiosk.text). A query whose letters habits read
differently (Jukov: Юков, or Жуков in chat style) is looked for in every reading, the usual
one first within each rank. One character is a surname's first letter only; the start of a
phone as typed ("+79", "8 (91") is looked for as its digits, a Russian leading 8 as the +7 it
stands for.

How it stays fast at 100 000 attendees (docs/BENCHMARKS.md): a found code or whole phone
number ends the search; surname prefixes, of any length, are ranges of the `last_key` index
and of the `last_latin` one (a range per reading of the query, most queries have one) read in
order, and only while they leave room on the list is the rest asked, in one statement: the
trigram index over `search_text` (kiosk.search_index) for the words it can answer, LIKE for
the others (one or two letters: a beginning of a word for two, with the separator in front
making a trigram, then anywhere, by a scan that stops at the first matches). That statement
reads at most CANDIDATES_PER_RESULT matches per place on the list, ranked here, so within a
rank people come in surname order among the first matches the index yields. Only the people
shown are then loaded in full, as plain rows.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property, lru_cache
from time import perf_counter
from typing import Any, Final, NamedTuple, TypeVar

from sqlalchemy import (
    BindParameter,
    ColumnClause,
    ColumnElement,
    CompoundSelect,
    Connection,
    Integer,
    Select,
    and_,
    bindparam,
    column,
    func,
    literal_column,
    or_,
    select,
    union_all,
)
from sqlalchemy import table as sql_table
from sqlalchemy.orm import Session

from kiosk.codes import code_candidates, code_prefix, letters_code_prefix
from kiosk.db import SQLiteDriver, query_plain
from kiosk.models import Attendee
from kiosk.phones import kept_phones, looks_like_phone, phone_query
from kiosk.search_index import (
    FTS_AUTOMERGE,
    FTS_TABLE,
    PHONES_MARK,
    WORD_BREAKS,
    Writable,
    automerge,
    fts_any,
    merge_some,
    row_columns,
    search_columns,
    set_automerge,
)
from kiosk.services.context import Desk
from kiosk.services.views import AttendeeView, alias_owners, load_views, load_views_by_code
from kiosk.text import SEPARATOR, Reading, clean, digits, fold, latin_fold, latin_readings
from kiosk.writelock import SQLiteConnection

MAX_QUERY: Final = 200
TRIGRAM: Final = 3
"""The shortest needle the trigram index can answer."""
CANDIDATES_PER_RESULT: Final = 3
"""How many matches a word-prefix or substring rank reads per place on the list: enough to
rank them among themselves, never all 50 000 people whose name contains "ова"."""

(
    RANK_CODE,
    RANK_PHONE,
    RANK_SURNAME,
    RANK_WORD,
    RANK_PHONE_TAIL,
    RANK_SUBSTRING,
    RANK_CODE_GUESS,
) = range(7)
"""RANK_CODE_GUESS: the beginning of a code a word of Latin letters may also be (DZCJ, or
Anna): after every name it finds, so a name is never pushed down the list by a random code."""

_A = Attendee.__table__.c
_FTS = sql_table(FTS_TABLE, column("rowid", Integer))
_FTS_MATCH: ColumnClause[Any] = literal_column(FTS_TABLE)


def index_attendee(attendee: Attendee) -> None:
    """Refresh the search columns after any change of the searchable fields."""
    attendee.last_key, attendee.last_latin, attendee.search_text = search_columns(
        last_name=attendee.last_name,
        first_name=attendee.first_name,
        middle_name=attendee.middle_name,
        company=attendee.company,
        email=attendee.email,
        phone=attendee.phone,
        badge_code=attendee.badge_code,
        other_phones=kept_phones(attendee.extra),
    )


def find_by_code(session: Session, text: str) -> Attendee | None:
    """The attendee whose badge code this scanned/typed text stands for, if any."""
    candidates = code_candidates(text)
    if not candidates:
        return None
    # A forgotten person's badge no longer works (kiosk.services.privacy).
    found = {
        a.badge_code: a
        for a in session.scalars(
            select(Attendee).where(
                Attendee.badge_code.in_(candidates), Attendee.forgotten_at.is_(None)
            )
        )
    }
    owner = next((found[c] for c in candidates if c in found), None)
    if owner is not None:
        return owner
    # The badge of a duplicate merged into someone (kiosk.services.merging) finds them.
    for attendee_id in alias_owners(session.connection(), candidates):
        attendee = session.get(Attendee, attendee_id)
        if attendee is not None and attendee.forgotten_at is None:
            return attendee
    return None


def get_by_code(desk: Desk, text: str) -> AttendeeView | None:
    with desk.db.read_rows() as connection:
        views = load_views_by_code(connection, code_candidates(text))
    # A forgotten person's record is shown to nobody as a person (kiosk.services.privacy).
    return views[0] if views and not views[0].forgotten else None


def search(desk: Desk, text: str, *, limit: int = 20) -> tuple[AttendeeView, ...]:
    """Attendees matching `text`, best first (at most `limit`)."""
    text = text.strip()
    if not text or limit <= 0:
        return ()
    # Plain Core rows throughout, on a plain connection: no ORM objects for candidates or for
    # the list shown, nor a session (30 µs of a search's 0.6–1 ms).
    with desk.db.read_rows() as connection:
        return load_views(connection, search_ids(connection, text, limit, fts=desk.db.fts))


@lru_cache(maxsize=4096)
def _name_words(last_key: str, first_name: str) -> frozenset[str]:
    """The words of a surname key and a first name, folded and in their Latin keys (kept for
    the names met lately: the desk asks of the same people on every key typed)."""
    words = {w for w in WORD_BREAKS.split(f"{last_key} {fold(first_name)}") if w}
    return frozenset(words | {latin_fold(w) for w in words})


class NameMatch(StrEnum):
    """How a typed text matches a person found by it (kiosk.services.lookup.enter_choice)."""

    FULL_NAME = "full_name"
    """Surname and first name typed in full (in any order, any spelling the search knows)."""
    WHOLE_WORDS = "whole_words"
    """Every typed word is a whole word of the name."""
    PARTIAL = "partial"


def name_match(text: str, person: AttendeeView) -> NameMatch:
    return _name_match(_Query.parse(text), person)


def _name_match(query: _Query, person: AttendeeView) -> NameMatch:
    if not query.tokens:
        return NameMatch.PARTIAL
    surname = _name_words(fold(person.last_name), "")
    first = _name_words("", person.first_name)
    everything = surname | first | _name_words("", person.middle_name)
    hits = [next((f for f in forms if f in everything), None) for forms in query.tokens]
    if any(h is None for h in hits):
        return NameMatch.PARTIAL
    if any(h in surname for h in hits) and any(h in first for h in hits):
        return NameMatch.FULL_NAME
    return NameMatch.WHOLE_WORDS


def enter_choice(text: str, results: Sequence[AttendeeView]) -> AttendeeView | None:
    """Whom Enter checks in when nobody was chosen in the list: the only person found, or the
    one person whose surname and first name were typed in full; None when that is not clear
    (the desk then asks to choose with ↑/↓ rather than guess)."""
    if len(results) == 1:
        return results[0]
    query = _Query.parse(text)
    full = [p for p in results if _name_match(query, p) is NameMatch.FULL_NAME]
    return full[0] if len(full) == 1 else None


class _Hit(NamedTuple):
    """What ranking needs of a match, without loading the whole person."""

    id: int
    last_key: str
    last_latin: str
    search_text: str
    first_name: str


_HIT: Final = (_A.id, _A.last_key, _A.last_latin, _A.search_text, _A.first_name)
_KEYED: Final = (_A.id, _A.last_key, _A.first_name)
"""Enough to order a match whose rank its query decides."""


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _successor(prefix: str) -> str | None:
    """The least string above every string that starts with `prefix` (code-point order)."""
    kept = prefix.rstrip(chr(0x10FFFF))
    return kept[:-1] + chr(ord(kept[-1]) + 1) if kept else None


# The statements are built once per shape (how many words, how many spellings each) with
# bound parameters: building and compiling a statement per keystroke costs more than running it.
Shape = tuple[int, ...]
"""How many spellings each word of a set of LIKE conditions has."""


def _like_shape(groups: Sequence[Sequence[str]], prefix: str) -> tuple[Shape, dict[str, str]]:
    """The shape and parameters of "each group has one of its needles in search_text"."""
    params = {
        f"{prefix}{i}_{j}": f"%{_escape(needle)}%"
        for i, needles in enumerate(groups)
        for j, needle in enumerate(needles)
    }
    return tuple(len(needles) for needles in groups), params


def _like_conditions(shape: Shape, prefix: str) -> list[ColumnElement[bool]]:
    return [
        or_(*(_A.search_text.like(bindparam(f"{prefix}{i}_{j}"), escape="\\") for j in range(n)))
        for i, n in enumerate(shape)
    ]


@lru_cache(maxsize=16)
def _by_code(count: int) -> Select[Any]:
    """The people of `count` codes (`code0`, `code1`, …): a parameter each, read as plain rows
    (`query_plain`), not an IN list SQLAlchemy expands on every execution."""
    # A forgotten person is nobody to offer (kiosk.services.privacy): their code is no badge.
    codes: list[BindParameter[str]] = [bindparam(f"code{number}") for number in range(count)]
    return select(_A.badge_code, *_KEYED).where(_A.badge_code.in_(codes), _A.forgotten_at.is_(None))


@lru_cache(maxsize=64)
def _by_code_prefix() -> Select[Any]:
    """Codes beginning so: a range of the codes' unique index."""
    return (
        select(*_KEYED)
        .where(
            _A.badge_code >= bindparam("low"),
            _A.badge_code < bindparam("high"),
            _A.forgotten_at.is_(None),
        )
        .limit(bindparam("limit"))
    )


@lru_cache(maxsize=64)
def _by_phone() -> Select[Any]:
    return select(*_KEYED).where(_A.phone == bindparam("phone")).limit(bindparam("limit"))


SurnameRanges = tuple[tuple[str, bool, int], ...]
"""Per surname range of a query: the key column ("key" or "latin"), whether the range is
bounded above, and how unusual the reading of the query it stands for is (0: as typed, or its
usual Latin key)."""
_SURNAME_KEYS: Final = {"key": _A.last_key, "latin": _A.last_latin}


@lru_cache(maxsize=256)  # the readings of a query make more shapes than its words do
def _by_surname(ranges: SurnameRanges, rest: Shape) -> CompoundSelect[Any]:
    """The first surnames in order from a prefix of `last_key` and from each Latin key of the
    query in `last_latin`, with the other words anywhere: one statement of index ranges, each
    row with how unusual the reading that found it is."""
    selects = []
    for number, (name, bounded, unusual) in enumerate(ranges):
        key = _SURNAME_KEYS[name]
        start: ColumnElement[bool] = key >= bindparam(f"low{number}")
        in_range = and_(start, key < bindparam(f"high{number}")) if bounded else start
        statement = select(*_KEYED).where(in_range, *_like_conditions(rest, "rest"))
        # The order of the list (surname, first name), which the index holds: the first 50
        # read are the first 50 shown, however many people share the surname.
        in_order = (
            statement.order_by(key, _A.first_name, _A.id).limit(bindparam("limit")).subquery()
        )
        selects.append(select(*in_order.c, literal_column(str(unusual), Integer)))
    return union_all(*selects)


@lru_cache(maxsize=64)
def _by_match(fts: bool, like: Shape, phone_part: bool) -> Select[Any]:
    """The first matches of an FTS5 expression (if any) and LIKE conditions, in no order."""
    statement = select(*(_KEYED if phone_part else _HIT))
    if fts:
        statement = statement.select_from(
            _FTS.join(Attendee.__table__, _A.id == _FTS.c.rowid)
        ).where(_FTS_MATCH.match(bindparam("match")))
    if phone_part:
        # The phone itself, or (in search_text, after PHONES_MARK) a number kept besides it.
        statement = statement.where(
            or_(
                _A.phone.like(bindparam("phone_part"), escape="\\"),
                _A.search_text.like(bindparam("kept_part"), escape="\\"),
            )
        )
    return statement.where(*_like_conditions(like, "like")).limit(bindparam("limit"))


@dataclass(frozen=True)
class _Query:
    tokens: tuple[tuple[str, ...], ...]
    """Per word of the query: its folded form, then the Latin keys it may stand for that
    differ from it (`latin_readings`, the usual one first)."""
    unusual: tuple[tuple[int, ...], ...]
    """Per word, for each of its forms: how unusual a reading of the word it is (0: as typed,
    or its usual Latin key), to rank by."""
    latin: tuple[Reading, ...]
    """The Latin keys of the first word, to look for in the surnames' Latin key."""

    @classmethod
    def parse(cls, text: str) -> _Query:
        words = [_word(typed) for typed in WORD_BREAKS.split(clean(text[:MAX_QUERY])) if typed]
        words = [word for word in words if word[0]]
        return cls(
            tuple(forms for forms, _unusual, _latin in words),
            tuple(unusual for _forms, unusual, _latin in words),
            words[0][2] if words else (),
        )

    @cached_property
    def _readings(self) -> tuple[tuple[int, re.Pattern[str], tuple[str, ...]], ...]:
        """The forms of the first word of the query, grouped by how unusual a reading of it
        they are (the usual first): a pattern finding one at the beginning of a word of a
        surname key (cleaned text: words are split by single spaces and dashes only), and the
        forms with the separator in front, as they begin a word of `search_text`."""
        forms: dict[int, list[str]] = {}
        for form, unusual in zip(self.tokens[0], self.unusual[0], strict=True):
            forms.setdefault(unusual, []).append(form)
        return tuple(
            (
                unusual,
                re.compile(f"(?:^|[ \\-‐–—])(?:{'|'.join(map(re.escape, group))})"),
                tuple(SEPARATOR + form for form in group),
            )
            for unusual, group in sorted(forms.items())
        )

    def exactness(self, last_key: str, first_name: str) -> int:
        """0 when every word of the query is a whole word of the name (surname or first name)
        — «участник 3» is Участник 3 itself, not Участник 30 — else 1."""
        words = _name_words(last_key, first_name)
        return 0 if all(any(f in words for f in forms) for forms in self.tokens) else 1

    def rank(self, hit: _Hit) -> tuple[int, int]:
        """Surname, word or substring: where the first word of the query begins a word; then
        how unusual the reading of it that does is (the usual one first)."""
        readings = self._readings
        if len(readings) == 1:  # as most queries have
            unusual, surname_word, starts = readings[0]
            if surname_word.search(hit.last_key) or surname_word.search(hit.last_latin):
                return RANK_SURNAME, unusual
            text = hit.search_text
            return (RANK_WORD if any(s in text for s in starts) else RANK_SUBSTRING), unusual
        for unusual, surname_word, _starts in readings:
            if surname_word.search(hit.last_key) or surname_word.search(hit.last_latin):
                return RANK_SURNAME, unusual
        for unusual, _surname_word, starts in readings:
            if any(start in hit.search_text for start in starts):
                return RANK_WORD, unusual
        for unusual, _surname_word, starts in readings:
            if any(start[1:] in hit.search_text for start in starts):
                return RANK_SUBSTRING, unusual
        return RANK_SUBSTRING, readings[-1][0]


@lru_cache(maxsize=4096)
def _word(typed: str) -> tuple[tuple[str, ...], tuple[int, ...], tuple[Reading, ...]]:
    """A typed word's forms (folded, then its other Latin keys), how unusual a reading each
    is, and its Latin keys; all empty for a word of nothing but punctuation."""
    word = fold(typed)
    if not word:
        return (), (), ()
    if "@" in word:
        # A part of an e-mail address is looked for as typed, as addresses are stored.
        return (word,), (0,), (Reading(latin_fold(typed), 0),)
    readings = latin_readings(typed)
    forms = {word: 0}
    for key, unusual in readings:
        forms.setdefault(key, unusual)
    return tuple(forms), tuple(forms.values()), readings


def _matching(query: _Query, *, word_start: bool, fts: bool) -> tuple[str, list[list[str]]]:
    """An FTS5 expression for the words the trigram index can answer, and the needles of the
    rest for LIKE (all of them without the index). The first word must begin a word if asked."""
    groups: list[str] = []
    scanned: list[list[str]] = []
    for index, forms in enumerate(query.tokens):
        lead = SEPARATOR if word_start and index == 0 else ""
        needles = [lead + form for form in forms]
        # Spellings of one word: a Latin key too short for the index (Эль → el) is left to the
        # Cyrillic form that is long enough, rather than scanning the table for it.
        indexed = [n for n in needles if len(n) >= TRIGRAM]
        if fts and indexed:
            groups.append(fts_any(indexed))
        else:
            scanned.append(needles)
    return " AND ".join(groups), scanned


def _phone_parts(tail: str | None) -> list[str]:
    """The digits to look for in phone numbers: as typed, and a Russian 8 read as the +7 it
    stands for (8 914 55… is +7 914 55…, stored as digits 7914 55…)."""
    if not tail:
        return []
    return [tail, "7" + tail[1:]] if tail.startswith("8") and len(tail) > 4 else [tail]


def search_ids(connection: Connection, text: str, limit: int, *, fts: bool) -> list[int]:
    """The ids of the attendees matching `text`, best first (at most `limit`)."""
    ranked: dict[int, tuple[int, int, int, str, str, int]] = {}
    query = _Query.parse(text)
    exact = query  # the words as typed (a phone start rewrites `query` below)

    def keep(attendee_id: int, rank: int, unusual: int, last_key: str, first_name: str) -> None:
        # Within a rank, whole-word matches first, then the usual reading of the query; then
        # ordered as the surname indexes are (kiosk.models): key, first name as stored, id.
        whole = exact.exactness(last_key, first_name) if exact.tokens else 1
        found = (rank, whole, unusual, last_key, first_name, attendee_id)
        if attendee_id not in ranked or ranked[attendee_id] > found:
            ranked[attendee_id] = found

    def add(
        statement: Select[Any] | CompoundSelect[Any], params: dict[str, Any], rank: int
    ) -> None:
        for attendee_id, last_key, first_name in query_plain(connection, statement, params):
            keep(attendee_id, rank, 0, last_key, first_name)

    guessed: dict[int, tuple[int, int, int, str, str, int]] = {}
    """Found by the code a word of letters may begin, ranked apart: they never end the search
    or take a name's place in it."""

    def best() -> list[int]:
        shown = {**guessed, **ranked}  # a name match ranks the person where the name does
        return [attendee_id for *_key, attendee_id in sorted(shown.values())[:limit]]

    candidates = code_candidates(text)
    if candidates:
        codes = {f"code{number}": code for number, code in enumerate(candidates)}
        found = {row[0]: row[1:] for row in query_plain(connection, _by_code(len(codes)), codes)}
        code = next((c for c in candidates if c in found), None)
        if code is not None:
            attendee_id, last_key, first_name = found[code]
            keep(attendee_id, RANK_CODE, 0, last_key, first_name)
        else:
            owners = alias_owners(connection, candidates)  # a merged duplicate's badge
            if owners:
                (last_key, first_name) = connection.execute(
                    select(_A.last_key, _A.first_name).where(_A.id == owners[0])
                ).one()
                keep(owners[0], RANK_CODE, 0, last_key, first_name)
    prefix = code_prefix(text) if not ranked else None
    if prefix is not None:
        # The first symbols of a code read off a badge or a confirmation.
        high = _successor(prefix) or prefix
        add(_by_code_prefix(), {"low": prefix, "high": high, "limit": limit}, RANK_CODE)
    letters = letters_code_prefix(text) if prefix is None and not ranked else None
    if letters is not None:
        # A code beginning with letters only (a fifth of them do): looked for beside the
        # names, one range of the codes' index; typed in the code's groups, it ranks first.
        rank = RANK_CODE if letters.grouped else RANK_CODE_GUESS
        high = _successor(letters.prefix) or letters.prefix
        beginning = {"low": letters.prefix, "high": high, "limit": limit}
        for attendee_id, last_key, first_name in query_plain(
            connection, _by_code_prefix(), beginning
        ):
            guessed[attendee_id] = (rank, 0, 0, last_key, first_name, attendee_id)
    e164, tail = phone_query(text)
    if e164:
        add(_by_phone(), {"phone": e164, "limit": limit}, RANK_PHONE)
    if e164 and not ranked:
        # Nobody's phone: maybe a number an import kept besides someone's phone.
        whole = digits(e164)
        like, phone_params = _like_shape([] if fts else [[whole]], "like")
        phone_params |= {
            "phone_part": _escape(e164),
            "kept_part": f"%{_escape(PHONES_MARK + whole + SEPARATOR)}%",
            "match": fts_any([whole]),
        }
        add(_by_match(fts, like, phone_part=True), {**phone_params, "limit": limit}, RANK_PHONE)
    if ranked or e164 or not query.tokens:
        # A badge code or a whole phone number stands for its person (or for nobody, if not
        # registered): anything else that merely contains its characters is noise.
        return best()
    for part in _phone_parts(tail):
        # The digits are in search_text too, where an index can find them (FTS5 here, pg_trgm
        # on PostgreSQL); the phone itself is then checked.
        like, phone_params = _like_shape([] if fts else [[part]], "like")
        phone_params |= {
            "phone_part": f"%{_escape(part)}%",
            "kept_part": f"%{_escape(PHONES_MARK)}%{_escape(part)}%",
            "match": fts_any([part]),
        }
        add(
            _by_match(fts, like, phone_part=True), {**phone_params, "limit": limit}, RANK_PHONE_TAIL
        )
    typed = digits(text)
    if not tail and typed != text and looks_like_phone(text) and len(typed) > 1:
        # The start of a phone as people type it, "+79" or "8 (91": its digits (the 8 read as
        # the 7 it stands for), looked for as any digits are.
        query = _Query.parse("7" + typed[1:] if typed.startswith("8") else typed)

    def surnames(prefixes: list[tuple[str, str, int]], rest: Sequence[Sequence[str]]) -> None:
        shape, params = _like_shape(rest, "rest")
        ranges = []
        for number, (name, prefix, unusual) in enumerate(prefixes):
            high = _successor(prefix)
            ranges.append((name, high is not None, unusual))
            params |= {f"low{number}": prefix, f"high{number}": high or ""}
        statement = _by_surname(tuple(ranges), shape)
        for attendee_id, last_key, first_name, unusual in query_plain(
            connection, statement, {**params, "limit": limit}
        ):
            keep(attendee_id, RANK_SURNAME, unusual, last_key, first_name)

    head = query.tokens[0][0]
    one_character = len(query.tokens) == 1 and len(head) == 1
    if len(query.tokens) > 1:
        # A surname of several words typed whole («участник 3», «де ла круз»): its own range
        # first, so a long list of the first word's surnames cannot push it off the list.
        phrase = " ".join(forms[0] for forms in query.tokens)
        surnames([("key", phrase, 0), ("latin", latin_fold(phrase), 0)], [])
    # The folded word in the surname key; each of its Latin keys in the Latin one.
    prefixes = [("key", head, 0)]
    prefixes += [("latin", key, unusual) for key, unusual in query.latin if key]
    surnames(prefixes, query.tokens[1:])
    if len(ranked) >= limit or one_character:
        # One character is a surname's first letter: asked anywhere else it would only be
        # noise, and for a rare one ("ъ", "+") a scan of the whole table.
        return best()

    # Then the other words, ranked here. Two letters are first asked as the beginning of a
    # word (the separator in front makes a trigram of them); one or two letters then anywhere,
    # by a scan that stops at the first matches — a beginning of one letter has no index to
    # ask, and the scan for it would read the whole table whenever it is rare.
    cap = limit * CANDIDATES_PER_RESULT
    for word_start in (True, False) if len(head) == TRIGRAM - 1 else (False,):
        if len(ranked) >= limit:
            break
        match, scanned = _matching(query, word_start=word_start, fts=fts)
        like, params = _like_shape(scanned, "like")
        statement = _by_match(bool(match), like, phone_part=False)
        for row in query_plain(connection, statement, {**params, "match": match, "limit": cap}):
            hit = _Hit(*row)
            keep(hit.id, *query.rank(hit), hit.last_key, hit.first_name)
    return best()


INDEX_CHUNK: Final = 25
"""New people given their search text by one statement after an import (0.7–1.3 ms on a quiet
machine). A step (a write transaction) holds chunks for as long as no other desk waits for
it, up to `INDEX_STEP_S`."""
INDEX_STEP_S: Final = 0.01
"""The longest a step goes on while nobody waits in line for it: a writer that does not wait
in line (another program; a desk where the system has no `flock`) waits at most about this
long. In steps of one chunk each, the indexing was half of an import of 10 000 people: each
step's commit, and SQLAlchemy's transaction around it, cost about as much as its chunk
(docs/BENCHMARKS.md, «Import nearer its floor»)."""
MERGE_EVERY: Final = 2
"""Chunks between two short merges of the FTS5 index's segments (`merge_some`): FTS5's own
merging, done inside a step, made one in a hundred take 15–40 ms."""


def index_new_people(desk: Desk, texts: Sequence[tuple[int, str]]) -> None:
    """Give people written without it their search text in short transactions that check-ins
    at other desks interleave with: a chunk of a few dozen at a time, and the transaction
    ended after the chunk during which another desk came to wait for it. Until then they are
    found by their badge code and their surname, not yet by a part of a phone, an e-mail or a
    company. Someone corrected meanwhile keeps the text their correction wrote. Should the
    desk stop before this ends, `index_unindexed_people` finishes it at the next start or
    import (`in_short_steps` says how the steps go)."""
    statement = "UPDATE attendees SET search_text = ? WHERE id = ? AND search_text = ''"

    def write(connection: Writable, chunk: Sequence[tuple[int, str]]) -> None:
        rows = [(text, attendee_id) for attendee_id, text in chunk]
        if isinstance(connection, sqlite3.Connection):
            connection.executemany(statement, rows)
        else:
            connection.exec_driver_sql(statement, rows)

    in_short_steps(desk, texts, write, fts=desk.db.fts)


_Item = TypeVar("_Item")


def in_short_steps(
    desk: Desk,
    items: Sequence[_Item],
    write: Callable[[Writable, Sequence[_Item]], None],
    *,
    fts: bool,
    chunk: int = INDEX_CHUNK,
) -> None:
    """Write `items`, `chunk` at a time, in short write transactions that check-ins at other
    desks interleave with: a transaction (a step) ends after the chunk during which another
    desk came to wait for it, or after `INDEX_STEP_S`. `write` writes one chunk on the step's
    connection (on SQLite the driver's own).

    After each step what it wrote is copied from the write-ahead log into the file, outside
    the transaction (`PlainWork.checkpoint`), so that no check-in's commit does it. With
    `fts` (the chunks write to the search index), FTS5 merges nothing by itself meanwhile:
    its index's segments are merged a little at a time between the chunks, and what is left
    once all are in; then FTS5 merges by itself again."""
    fts = fts and bool(items)
    if fts:
        with _step(desk) as connection:
            set_automerge(connection, 0)
    try:
        start, chunks = 0, 0
        while start < len(items):
            began = perf_counter()
            with _step(desk, checkpoint=True) as connection:
                while start < len(items):
                    part = items[start : start + chunk]
                    write(connection, part)
                    start, chunks = start + len(part), chunks + 1
                    if _awaited(connection):
                        break
                    if fts and chunks % MERGE_EVERY == 0:
                        merge_some(connection)
                    if perf_counter() - began >= INDEX_STEP_S:
                        break
    finally:
        if fts:
            while _merge_a_little(desk):
                pass
            with _step(desk) as connection:
                set_automerge(connection, FTS_AUTOMERGE)


def _awaited(connection: Writable) -> bool:
    """Whether another desk waits in line for this write transaction to end."""
    return isinstance(connection, SQLiteConnection) and connection.awaited()


def _driver_of(connection: Connection | SQLiteDriver) -> Writable:
    """On SQLite the driver's own connection, used straight (as a check-in's: SQLAlchemy's
    transaction and events around each step cost a sixth of the indexing)."""
    return connection.connection if isinstance(connection, SQLiteDriver) else connection


@contextmanager
def _step(desk: Desk, *, checkpoint: bool = False) -> Iterator[Writable]:
    """A write transaction of `in_short_steps`' own, waiting its turn as any other write, its
    commit not waiting for the disk (`PlainWork.writing`: what it writes is done again if
    lost); with `checkpoint`, what it wrote copied into the file once it is committed."""
    with desk.db.plain() as work:
        with work.writing(durable=False) as connection:
            yield _driver_of(connection)
        if checkpoint:
            work.checkpoint()


def _merge_a_little(desk: Desk) -> bool:
    with _step(desk) as connection:
        return merge_some(connection)


UNINDEXED: Final[ColumnClause[str]] = literal_column("''")
"""The search text of someone not indexed yet, inline (a bound value would keep SQLite off
the partial index of migration 0016, which holds only them)."""


def unindexed_count(desk: Desk) -> int:
    """How many people are still without their search text (an import's indexing not done, or
    cut short), not counting those whose data was erased: the partial index of migration 0016
    answers it without reading the table."""
    if not desk.db.fts:
        return 0
    with desk.db.read_rows() as connection:
        return int(
            connection.execute(
                select(func.count())
                .select_from(Attendee)
                .where(Attendee.search_text == UNINDEXED, Attendee.forgotten_at.is_(None))
            ).scalar_one()
        )


def index_unindexed_people(desk: Desk) -> int:
    """`index_new_people` for everyone whose search text is missing (an import cut short
    before its indexing ended), not for the people whose data was erased (who have none, so
    that nothing finds them); how many were given theirs."""
    if not desk.db.fts:
        return 0
    with desk.db.read_rows() as connection:
        merging = automerge(connection)
    if merging != FTS_AUTOMERGE:
        # An indexing cut short left FTS5 merging nothing: it merges by itself again.
        with desk.db.write_rows() as connection:
            set_automerge(connection, FTS_AUTOMERGE)
    with desk.db.read_rows() as connection:
        rows = connection.execute(
            select(
                Attendee.id,
                Attendee.last_name,
                Attendee.first_name,
                Attendee.middle_name,
                Attendee.company,
                Attendee.email,
                Attendee.phone,
                Attendee.badge_code,
                Attendee.extra,
            ).where(Attendee.search_text == UNINDEXED, Attendee.forgotten_at.is_(None))
        ).mappings()
        texts = [(row["id"], row_columns(row).search_text) for row in rows]
    texts = [(attendee_id, text) for attendee_id, text in texts if text]
    index_new_people(desk, texts)
    return len(texts)
