"""Finding attendees: by badge code (scanned or typed), name, phone, e-mail or company.

Ranking: an exact code first, then the phone number, then a surname prefix, then other word
prefixes, then a part of a phone number, then anything containing the query. Cyrillic case and
ё/е do not matter, and a Latin spelling ("Tyutin") finds the Cyrillic name. One character is
a surname's first letter only; the start of a phone as typed ("+79", "8 (91") is looked for as
its digits, a Russian leading 8 as the +7 it stands for.

How it stays fast at 100 000 attendees (docs/BENCHMARKS.md): a found code or whole phone
number ends the search; surname prefixes, of any length, are ranges of the `last_key` and
`last_latin` indexes read in order, and only while they leave room on the list is the rest
asked, in one statement: the trigram index over `search_text` (kiosk.search_index) for the
words it can answer, LIKE for the others (one or two letters: a beginning of a word for two,
with the separator in front making a trigram, then anywhere, by a scan that stops at the
first matches). That statement reads at most CANDIDATES_PER_RESULT matches per place on the
list, ranked here, so within a rank people come in surname order among the first matches the
index yields. Only the people shown are then loaded in full, as plain rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Final, NamedTuple

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    CompoundSelect,
    Connection,
    Integer,
    Select,
    and_,
    bindparam,
    column,
    literal_column,
    or_,
    select,
    union_all,
)
from sqlalchemy import table as sql_table
from sqlalchemy.orm import Session

from kiosk.codes import code_candidates
from kiosk.db import query_plain
from kiosk.models import Attendee
from kiosk.phones import looks_like_phone, phone_query
from kiosk.search_index import FTS_TABLE, WORD_BREAKS, fts_any, search_columns
from kiosk.services.context import Desk
from kiosk.services.views import AttendeeView, load_views, load_views_by_code
from kiosk.text import SEPARATOR, digits, fold, latin_fold

MAX_QUERY: Final = 200
TRIGRAM: Final = 3
"""The shortest needle the trigram index can answer."""
CANDIDATES_PER_RESULT: Final = 3
"""How many matches a word-prefix or substring rank reads per place on the list: enough to
rank them among themselves, never all 50 000 people whose name contains "ова"."""

RANK_CODE, RANK_PHONE, RANK_SURNAME, RANK_WORD, RANK_PHONE_TAIL, RANK_SUBSTRING = range(6)

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
    )


def find_by_code(session: Session, text: str) -> Attendee | None:
    """The attendee whose badge code this scanned/typed text stands for, if any."""
    candidates = code_candidates(text)
    if not candidates:
        return None
    found = {
        a.badge_code: a
        for a in session.scalars(select(Attendee).where(Attendee.badge_code.in_(candidates)))
    }
    return next((found[c] for c in candidates if c in found), None)


def get_by_code(desk: Desk, text: str) -> AttendeeView | None:
    with desk.db.read_rows() as connection:
        views = load_views_by_code(connection, code_candidates(text))
    return views[0] if views else None


def search(desk: Desk, text: str, *, limit: int = 20) -> tuple[AttendeeView, ...]:
    """Attendees matching `text`, best first (at most `limit`)."""
    text = text.strip()
    if not text or limit <= 0:
        return ()
    with desk.db.read() as session:
        # Plain Core rows throughout: no ORM objects for candidates or for the list shown.
        connection = session.connection()
        return load_views(connection, search_ids(connection, text, limit, fts=desk.db.fts))


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


@lru_cache(maxsize=64)
def _by_code() -> Select[Any]:
    return select(_A.badge_code, *_KEYED).where(
        _A.badge_code.in_(bindparam("codes", expanding=True))
    )


@lru_cache(maxsize=64)
def _by_phone() -> Select[Any]:
    return select(*_KEYED).where(_A.phone == bindparam("phone")).limit(bindparam("limit"))


_SURNAME_KEYS: Final = ((_A.last_key, "key"), (_A.last_latin, "latin"))


@lru_cache(maxsize=64)
def _by_surname(bounds: tuple[bool | None, bool | None], rest: Shape) -> CompoundSelect[Any]:
    """The first surnames in order from a prefix of `last_key` and one of `last_latin` (each
    bounded above, or not, or not asked for), with the other words anywhere: one statement
    of two index ranges."""
    ranges = []
    for (key, name), bounded in zip(_SURNAME_KEYS, bounds, strict=True):
        if bounded is None:
            continue
        start: ColumnElement[bool] = key >= bindparam(f"{name}_low")
        in_range = and_(start, key < bindparam(f"{name}_high")) if bounded else start
        statement = select(*_KEYED).where(in_range, *_like_conditions(rest, "rest"))
        # The order of the list (surname, first name), which the index holds: the first 50
        # read are the first 50 shown, however many people share the surname.
        in_order = (
            statement.order_by(key, _A.first_name, _A.id).limit(bindparam("limit")).subquery()
        )
        ranges.append(select(*in_order.c))
    return union_all(*ranges)


@lru_cache(maxsize=64)
def _by_match(fts: bool, like: Shape, phone_part: bool) -> Select[Any]:
    """The first matches of an FTS5 expression (if any) and LIKE conditions, in no order."""
    statement = select(*(_KEYED if phone_part else _HIT))
    if fts:
        statement = statement.select_from(
            _FTS.join(Attendee.__table__, _A.id == _FTS.c.rowid)
        ).where(_FTS_MATCH.match(bindparam("match")))
    if phone_part:
        statement = statement.where(_A.phone.like(bindparam("phone_part"), escape="\\"))
    return statement.where(*_like_conditions(like, "like")).limit(bindparam("limit"))


@dataclass(frozen=True)
class _Query:
    tokens: tuple[tuple[str, ...], ...]
    """Per word of the query: its folded form, then its Latin key when that differs."""

    @classmethod
    def parse(cls, text: str) -> _Query:
        tokens = []
        for word in WORD_BREAKS.split(fold(text[:MAX_QUERY])):
            if word:
                # A part of an e-mail address is looked for as typed, as addresses are stored.
                latin = latin_fold(word) if "@" not in word else word
                tokens.append((word, latin) if latin and latin != word else (word,))
        return cls(tuple(tokens))

    @cached_property
    def _surname_word(self) -> re.Pattern[str]:
        """The first word of the query at the beginning of a word of a surname key (cleaned
        text: words are split by single spaces and dashes only)."""
        heads = "|".join(re.escape(head) for head in self.tokens[0])
        return re.compile(f"(?:^|[ \\-‐–—])(?:{heads})")

    def rank(self, hit: _Hit) -> int:
        """Surname, word or substring: where the first word of the query begins a word."""
        found = self._surname_word.search
        if found(hit.last_key) or found(hit.last_latin):
            return RANK_SURNAME
        if any(SEPARATOR + head in hit.search_text for head in self.tokens[0]):
            return RANK_WORD
        return RANK_SUBSTRING


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
    ranked: dict[int, tuple[int, str, str, int]] = {}
    query = _Query.parse(text)

    def keep(attendee_id: int, rank: int, last_key: str, first_name: str) -> None:
        # Ordered as the surname indexes are (kiosk.models): key, first name as stored, id.
        if attendee_id not in ranked or ranked[attendee_id][0] > rank:
            ranked[attendee_id] = (rank, last_key, first_name, attendee_id)

    def add(
        statement: Select[Any] | CompoundSelect[Any], params: dict[str, Any], rank: int
    ) -> None:
        for attendee_id, last_key, first_name in query_plain(connection, statement, params):
            keep(attendee_id, rank, last_key, first_name)

    def best() -> list[int]:
        return [attendee_id for *_key, attendee_id in sorted(ranked.values())[:limit]]

    candidates = code_candidates(text)
    if candidates:
        found = {row[0]: row[1:] for row in connection.execute(_by_code(), {"codes": candidates})}
        code = next((c for c in candidates if c in found), None)
        if code is not None:
            attendee_id, last_key, first_name = found[code]
            keep(attendee_id, RANK_CODE, last_key, first_name)
    e164, tail = phone_query(text)
    if e164:
        add(_by_phone(), {"phone": e164, "limit": limit}, RANK_PHONE)
    if ranked or e164 or not query.tokens:
        # A badge code or a whole phone number stands for its person (or for nobody, if not
        # registered): anything else that merely contains its characters is noise.
        return best()
    for part in _phone_parts(tail):
        # The digits are in search_text too, where an index can find them (FTS5 here, pg_trgm
        # on PostgreSQL); the phone itself is then checked.
        like, phone_params = _like_shape([] if fts else [[part]], "like")
        phone_params |= {"phone_part": f"%{_escape(part)}%", "match": fts_any([part])}
        add(
            _by_match(fts, like, phone_part=True), {**phone_params, "limit": limit}, RANK_PHONE_TAIL
        )
    typed = digits(text)
    if not tail and typed != text and looks_like_phone(text) and len(typed) > 1:
        # The start of a phone as people type it, "+79" or "8 (91": its digits (the 8 read as
        # the 7 it stands for), looked for as any digits are.
        query = _Query.parse("7" + typed[1:] if typed.startswith("8") else typed)

    rest, params = _like_shape(query.tokens[1:], "rest")
    head = query.tokens[0][0]
    one_character = len(query.tokens) == 1 and len(head) == 1
    bounds: list[bool | None] = []
    for name, prefix in (("key", head), ("latin", latin_fold(head))):
        high = _successor(prefix) if prefix else None
        bounds.append(high is not None if prefix else None)
        params |= {f"{name}_low": prefix, f"{name}_high": high or ""}
    add(_by_surname((bounds[0], bounds[1]), rest), {**params, "limit": limit}, RANK_SURNAME)
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
            keep(hit.id, query.rank(hit), hit.last_key, hit.first_name)
    return best()
