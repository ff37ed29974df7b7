"""Search speed: the core search service against the obvious ``LIKE '%q%'``, same data, same run.

The queries are drawn from the data (fixed seed): surname prefixes of 1–6 letters in lower,
upper and title case and with ё typed for е, Latin spellings of surnames, phone tails, e-mail
fragments and badge codes as printed, in lower case without dashes, and their beginning.

The baseline is what one writes first: ``LIKE '%q%'`` over the name, company, e-mail and phone
columns, and the code from its beginning where the query has a letter (``LIKE 'q%'``), the
first `limit` in surname order; its results are loaded by the same `load_views` as ours, so the
difference is how the people are found. The app finds a code by its beginning, and digits
alone are a phone's: neither digits nor letters inside a random code find its person. (Until
2026-12-03 the baseline matched anywhere in the code, and the check below failed now and then
at 100 000 and 250 000, the codes being new random ones in each run: a phone tail «5670» was
also the middle of «ADT8-5670-KBC9», «0996» the beginning of another.)

The floor is what showing those results costs at the least: the rows our search returned,
fetched by primary key in one indexed ``IN`` query over a bare `sqlite3` connection to the
same file (with the same memory map), and built into the same `AttendeeView`s. It is timed in
turns with ours, query by query. (The views' check-in and print history is empty at that point
of the run, so the floor's views, built without it, are the same.)

Both are also checked to find the same people, where both can: for every query whose baseline
matches are all available (at most `CHECK_LIMIT`) and for which ours gives a complete list
(fewer than `CHECK_LIMIT`), every person the baseline finds must be among ours (ours finds
more: other cases, ё, Latin spellings, formatted phones).
"""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

from sqlalchemy import Connection, bindparam, or_, select

from bench.figures import percentile
from kiosk.codes import code_prefix
from kiosk.db import MMAP_BYTES, Database
from kiosk.models import Attendee
from kiosk.services.context import Desk
from kiosk.services.lookup import search
from kiosk.services.views import AttendeeView, load_views

LIMIT = 20
"""The search service's own default (the CLI's too); the desk asks for 50 (see `DESK_LIMIT`)."""
DESK_LIMIT = 50
CHECK_LIMIT = 1_000

# A usual English spelling, as people type it (not the app's own Latin key).
_TYPED_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip


@dataclass(frozen=True)
class Query:
    kind: str
    text: str


def typed_latin(name: str) -> str:
    latin = "".join(_TYPED_LATIN.get(ch, ch) for ch in name.lower())
    return latin[:1].upper() + latin[1:]


def queries(db: Database, seed: int = 7) -> list[Query]:
    """The fixed mixed set, drawn from the people in this database."""
    rng = random.Random(seed)
    with db.read() as session:
        people = session.execute(
            select(Attendee.last_name, Attendee.phone, Attendee.email, Attendee.badge_code)
            .where(Attendee.phone.is_not(None))
            .order_by(Attendee.id)
            .limit(2_000)
        ).all()
    surnames = sorted({p.last_name for p in people})
    chosen = rng.sample(surnames, 12)
    found: list[Query] = []
    for number, surname in enumerate(chosen):
        length = number % 6 + 1
        prefix = surname[:length]
        found.append(Query(f"surname {length}", prefix))
        found.append(Query(f"surname {length}", prefix.lower() if number % 2 else prefix.upper()))
        if "е" in surname[1:]:
            found.append(Query("surname ё for е", surname.replace("е", "ё", 1).lower()))
        latin = typed_latin(surname)
        found.append(Query("latin", latin[: max(3, len(latin) - number % 3)]))
    for person in rng.sample(people, 8):
        phone = person.phone or ""
        found.append(Query("phone tail", phone[-4 - len(found) % 4 :]))
    for person in rng.sample(people, 2):
        phone = person.phone or ""
        found.append(
            Query(
                "phone as typed",
                f"8 ({phone[2:5]}) {phone[5:8]}-{phone[8:10]}-{phone[10:]}",
            )
        )
    emails = [p.email for p in people if p.email]
    for email in rng.sample(emails, 6):
        login, domain = email.split("@")
        found.append(Query("e-mail", login[: max(3, len(login) - 2)]))
        found.append(Query("e-mail", "@" + domain.split(".")[0]))
    for person in rng.sample(people, 4):
        found.append(Query("code as printed", person.badge_code))
        found.append(Query("code typed", person.badge_code.replace("-", "").lower()))
        beginning = person.badge_code[:7].lower()
        if code_prefix(beginning) is not None:  # a digit and a letter: not a name or a phone
            found.append(Query("code beginning", beginning))
    return found


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_A = Attendee.__table__.c
_NAIVE = (
    select(_A.id)
    .where(
        or_(
            *(
                *(
                    column.like(bindparam("pattern"), escape="\\")
                    for column in (
                        _A.last_name,
                        _A.first_name,
                        _A.middle_name,
                        _A.company,
                        _A.email,
                        _A.phone,
                    )
                ),
                _A.badge_code.like(bindparam("beginning"), escape="\\"),
            )
        )
    )
    .order_by(_A.last_name, _A.first_name, _A.id)
    .limit(bindparam("limit"))
)


def naive_ids(connection: Connection, text: str, limit: int) -> list[int]:
    escaped = _escape(text.strip())
    # Digits alone are never a code's beginning (NULL: LIKE finds nothing).
    beginning = f"{escaped}%" if any(ch.isalpha() for ch in escaped) else None
    values = {"pattern": f"%{escaped}%", "beginning": beginning, "limit": limit}
    return list(connection.execute(_NAIVE, values).scalars())


def naive_search(desk: Desk, text: str, *, limit: int = LIMIT) -> tuple[AttendeeView, ...]:
    """The obvious way: ``LIKE '%q%'`` over the columns, the first `limit` by surname."""
    with desk.db.read() as session:
        connection = session.connection()
        return load_views(connection, naive_ids(connection, text, limit))


@dataclass
class Check:
    checked: int = 0
    """Queries for which both lists were complete and compared."""
    missed: int = 0
    """People the baseline found and ours did not (must be 0)."""
    examples: tuple[str, ...] = ()


def check_same_people(desk: Desk, chosen: Sequence[Query]) -> Check:
    result = Check()
    misses: list[str] = []
    for query in chosen:
        if len(query.text.strip()) == 1:
            continue  # one character asks for surnames that begin with it, not for "contains"
        with desk.db.read() as session:
            theirs = set(naive_ids(session.connection(), query.text, CHECK_LIMIT + 1))
        if not theirs or len(theirs) > CHECK_LIMIT:
            continue
        ours = {view.id for view in search(desk, query.text, limit=CHECK_LIMIT)}
        if len(ours) >= CHECK_LIMIT:
            continue
        result.checked += 1
        missing = theirs - ours
        if missing:
            result.missed += len(missing)
            misses.append(f"{query.text!r}: {len(missing)}")
    result.examples = tuple(misses[:5])
    return result


_VIEW_COLUMNS = [
    "badge_code" if f.name == "code" else f.name
    for f in fields(AttendeeView)
    if f.name not in ("checkins", "prints", "extra", "paid_by", "forgotten", "paid_twice")
]
# The views' `paid_twice` is left at its default (nobody paid twice here): the floor does not
# read payments flagged to refund, which ours does for every row (its cost stays on our side).
# How each person paid, as the views read it (kiosk.services.views `_ways_column`).
_WAYS = (
    "(SELECT group_concat(method || ':' || amount, ',') FROM payments"
    " WHERE attendee_id = attendees.id AND refund_due = 0)"
)
_TIMES = [i for i, name in enumerate(_VIEW_COLUMNS) if name.endswith("_at")]


class Floor:
    """The same result rows by primary key, built into the same views, as barely as can be."""

    def __init__(self, path: str) -> None:
        self.connection = sqlite3.connect(path)
        self.connection.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        self.sql = (
            f"SELECT {', '.join(_VIEW_COLUMNS)}, extra, {_WAYS}, forgotten_at IS NOT NULL "
            "FROM attendees WHERE id IN "
        )

    def views(self, ids: Sequence[int]) -> tuple[AttendeeView, ...]:
        marks = ", ".join("?" * len(ids))
        found: dict[int, AttendeeView] = {}
        for row in self.connection.execute(f"{self.sql}({marks})", tuple(ids)):
            values = list(row[:-3])
            for index in _TIMES:
                if values[index] is not None:
                    values[index] = datetime.fromisoformat(values[index]).replace(tzinfo=UTC)
            extra = MappingProxyType(json.loads(row[-3]) if row[-3] else {})
            ways: dict[str, int] = {}
            for way in row[-2].split(",") if row[-2] else ():
                method, _, amount = way.partition(":")
                ways[method] = ways.get(method, 0) + int(amount)
            found[row[0]] = AttendeeView(*values, (), (), extra, tuple(ways.items()), bool(row[-1]))
        return tuple(found[i] for i in ids if i in found)

    def close(self) -> None:
        self.connection.close()


def _timed(
    work: Callable[[str], Any], chosen: Sequence[Query], rounds: int
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {q.text: [] for q in chosen}
    for _round in range(rounds):
        for query in chosen:
            start = time.perf_counter()
            work(query.text)
            times[query.text].append((time.perf_counter() - start) * 1000)
    return times


def _timed_with_floor(
    desk: Desk, floor: Floor, chosen: Sequence[Query], rounds: int
) -> tuple[list[float], list[float]]:
    """Ours and the floor in turns, query by query; the floor fetches the ids ours found."""
    ours: list[float] = []
    theirs: list[float] = []
    for _round in range(rounds):
        for query in chosen:
            start = time.perf_counter()
            found = search(desk, query.text, limit=LIMIT)
            middle = time.perf_counter()
            same = floor.views([view.id for view in found])
            theirs.append((time.perf_counter() - middle) * 1000)
            ours.append((middle - start) * 1000)
            if same != found:
                raise AssertionError(f"the floor built other views for {query.text!r}")
    return ours, theirs


def measure(desk: Desk, *, rounds: int, naive_rounds: int) -> dict[str, float]:
    """p50/p95 of ours (service limit and desk limit), of its floor and of the baseline, warm."""
    chosen = queries(desk.db)
    floor = Floor(desk.db.engine.url.database or "")
    for query in chosen:  # warm: pages in the cache, statements compiled
        found = search(desk, query.text, limit=LIMIT)
        floor.views([view.id for view in found])
        search(desk, query.text, limit=DESK_LIMIT)
        naive_search(desk, query.text)
    paired, floor_times = _timed_with_floor(desk, floor, chosen, rounds)
    floor.close()
    ours = _timed(lambda q: search(desk, q, limit=LIMIT), chosen, rounds)
    desk_list = _timed(lambda q: search(desk, q, limit=DESK_LIMIT), chosen, rounds)
    theirs = _timed(lambda q: naive_search(desk, q, limit=LIMIT), chosen, naive_rounds)
    flat = [t for samples in ours.values() for t in samples]
    flat_desk = [t for samples in desk_list.values() for t in samples]
    flat_naive = [t for samples in theirs.values() for t in samples]
    by_kind: dict[str, list[float]] = {}
    for query in chosen:
        by_kind.setdefault(query.kind.split(" ")[0], []).extend(ours[query.text])
    check = check_same_people(desk, chosen)
    result = {
        "queries": float(len(chosen)),
        "search_p50_ms": statistics.median(flat),
        "search_p95_ms": percentile(flat, 0.95),
        "search_paired_p95_ms": percentile(paired, 0.95),
        "search_floor_p50_ms": statistics.median(floor_times),
        "search_floor_p95_ms": percentile(floor_times, 0.95),
        "search_max_ms": max(flat),
        "search_desk_limit_p50_ms": statistics.median(flat_desk),
        "search_desk_limit_p95_ms": percentile(flat_desk, 0.95),
        "search_naive_p50_ms": statistics.median(flat_naive),
        "search_naive_p95_ms": percentile(flat_naive, 0.95),
        "search_checked_queries": float(check.checked),
        "search_missed_people": float(check.missed),
    }
    result["search_speedup"] = result["search_naive_p95_ms"] / result["search_p95_ms"]
    result["search_floor_ratio"] = result["search_paired_p95_ms"] / result["search_floor_p95_ms"]
    result["search_floor_ratio_p50"] = statistics.median(paired) / result["search_floor_p50_ms"]
    for kind, samples in sorted(by_kind.items()):
        result[f"search_{kind.replace('-', '')}_p95_ms"] = percentile(samples, 0.95)
    if check.missed:
        raise AssertionError(f"ours missed people the baseline found: {check.examples}")
    return result
