"""Finding attendees: by badge code (scanned or typed), name, phone, e-mail or company.

Ranking: an exact code first, then the phone number, then a surname prefix, then other word
prefixes, then anything containing the query. Cyrillic case and ё/е do not matter, and a
Latin spelling ("Tyutin") finds the Cyrillic name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import QueryableAttribute, Session, selectinload

from kiosk.codes import code_candidates
from kiosk.models import Attendee
from kiosk.phones import phone_query
from kiosk.services.context import Desk
from kiosk.services.views import AttendeeView, attendee_view
from kiosk.text import digits, fold, latin_fold

MAX_QUERY = 200
_SPLIT = re.compile(r"[\s\-‐–—]+")


def _words(*parts: str | None) -> list[str]:
    """Folded and Latin-folded words of the parts (hyphenated names split into words too)."""
    words: list[str] = []
    for part in parts:
        if not part:
            continue
        for word in _SPLIT.split(fold(part)):
            if word:
                words.append(word)
                latin = latin_fold(word)
                if latin and latin != word:
                    words.append(latin)
    return words


def search_columns(
    *,
    last_name: str,
    first_name: str,
    middle_name: str,
    company: str,
    email: str | None,
    phone: str | None,
    badge_code: str,
) -> tuple[str, str]:
    """The (last_key, search_text) columns for these values.

    Both are space-separated words with a leading and trailing space, so ``LIKE '% q%'`` is a
    word prefix and ``LIKE '%q%'`` a substring that (the query being split on spaces) never
    spans two words.
    """
    last_key = " " + " ".join(_words(last_name)) + " "
    words = [
        *_words(last_name, first_name, middle_name),
        *_words(company),
        *((email or "").lower().split()),
        digits(phone or ""),
        badge_code.replace("-", "").lower(),
    ]
    return last_key, " " + " ".join(words) + " "


def index_attendee(attendee: Attendee) -> None:
    """Refresh the search columns after any change of the searchable fields."""
    attendee.last_key, attendee.search_text = search_columns(
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
    with desk.db.read() as session:
        attendee = find_by_code(session, text)
        return attendee_view(attendee) if attendee else None


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True)
class _Query:
    tokens: tuple[tuple[str, str], ...]
    """(folded, latin-folded) per word of the query."""

    @classmethod
    def parse(cls, text: str) -> _Query:
        words = [w for w in _SPLIT.split(fold(text[:MAX_QUERY])) if w]
        return cls(tuple((w, latin_fold(w)) for w in words))

    def matches(
        self, column: QueryableAttribute[str], *, prefix: bool
    ) -> list[ColumnElement[bool]]:
        """Per query word: the column contains it (or its Latin form); as a word prefix if asked."""
        start = "% " if prefix else "%"
        return [
            or_(*(column.like(f"{start}{_escape(v)}%", escape="\\") for v in (f, lat) if v))
            for f, lat in self.tokens
        ]

    def rank(self, attendee: Attendee) -> int:
        first, latin = self.tokens[0]
        heads = {first, latin} - {""}
        if any(w.startswith(h) for w in attendee.last_key.split() for h in heads):
            return RANK_SURNAME
        if any(w.startswith(h) for w in attendee.search_text.split() for h in heads):
            return RANK_WORD
        return RANK_SUBSTRING


RANK_CODE, RANK_PHONE, RANK_SURNAME, RANK_WORD, RANK_PHONE_TAIL, RANK_SUBSTRING = range(6)


def search(desk: Desk, text: str, *, limit: int = 20) -> tuple[AttendeeView, ...]:
    """Attendees matching `text`, best first (at most `limit`)."""
    text = text.strip()
    if not text or limit <= 0:
        return ()
    with desk.db.read() as session:
        return tuple(attendee_view(a) for a in search_attendees(session, text, limit))


def search_attendees(session: Session, text: str, limit: int) -> list[Attendee]:
    ranked: dict[int, tuple[int, Attendee]] = {}

    def add(attendees: Iterable[Attendee], rank: int | None = None) -> None:
        for a in attendees:
            r = rank if rank is not None else query.rank(a)
            if a.id not in ranked or ranked[a.id][0] > r:
                ranked[a.id] = (r, a)

    def fetch(*conditions: ColumnElement[bool], cap: int) -> Sequence[Attendee]:
        return session.scalars(
            select(Attendee)
            .where(*conditions)
            .order_by(Attendee.last_key, Attendee.id)
            .limit(cap)
            .options(selectinload(Attendee.checkins), selectinload(Attendee.prints))
        ).all()

    query = _Query.parse(text)
    by_code = find_by_code(session, text)
    if by_code is not None:
        add([by_code], RANK_CODE)
    e164, tail = phone_query(text)
    if e164:
        add(fetch(Attendee.phone == e164, cap=limit), RANK_PHONE)
    if tail and len(tail) >= 4:
        add(fetch(Attendee.phone.like(f"%{tail}%"), cap=limit), RANK_PHONE_TAIL)
    if query.tokens:
        # Surname-prefix hits first, so a one-letter query still ranks by surname.
        surname = query.matches(Attendee.last_key, prefix=True)[0]
        rest = query.matches(Attendee.search_text, prefix=False)[1:]
        add(fetch(surname, *rest, cap=limit))
        if len(ranked) < limit:
            add(fetch(*query.matches(Attendee.search_text, prefix=False), cap=limit * 3))

    ordered = sorted(
        ranked.values(),
        key=lambda ra: (ra[0], ra[1].last_key, fold(ra[1].first_name), ra[1].id),
    )
    return [a for _rank, a in ordered[:limit]]
