"""An import's new people written in short steps, seen by nobody until one short switch.

SQLite lets one connection write at a time. An import that writes its new people in one
transaction holds every other desk's check-in for as long as that takes: 2.8 s and a 0.6 s
commit for 70 000 people into 250 000 on a quiet machine, over ten seconds on a busy one
(docs/BENCHMARKS.md, «An import's write in steps»). So on SQLite the people (and their new
teams) go in a few dozen at a time, in write transactions that other desks' writes go
between (`lookup.in_short_steps`), each row marked with the import's batch
(`Attendee.import_batch`). No read sees a marked row (`kiosk.models.visible_rows`): the
desks go on as if the import had not begun. The import's last transaction — its changes to
people already known, their links, the log — clears the mark of all its people at once,
which takes a small part of the time writing them took. Everybody then sees the whole import,
or, should anything fail before, none of it: the marked rows are taken away again.

An import whose process dies between the steps leaves its marked rows behind. The process
keeps a claim (kiosk.writelock.Claim, a file beside the database it holds locked) for as long
as the batch is being written: the next import, and every desk's upkeep, take away the rows of
any batch whose claim nobody holds (`undo_abandoned_imports`).
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, Final

from kiosk.db import next_id_in
from kiosk.search_index import Writable
from kiosk.services import lookup
from kiosk.services.context import Desk
from kiosk.services.lookup import in_short_steps
from kiosk.writelock import Claim

log = logging.getLogger(__name__)

PEOPLE_CHUNK: Final = 25
"""New people written by one statement (about as long as one of the indexing's chunks)."""


def _database(desk: Desk) -> str:
    return desk.db.engine.url.database or ""


def supported(desk: Desk) -> bool:
    """Whether imports into this database are written in steps: SQLite in a file, on a system
    with `flock` (elsewhere in one transaction, as on PostgreSQL, whose other writers do not
    wait for it)."""
    return desk.db.engine.dialect.name == "sqlite" and Claim.supported(_database(desk))


def _claim_path(desk: Desk, batch: int) -> str:
    return f"{_database(desk)}-import-{batch}"


def _driver(connection: Writable) -> sqlite3.Connection:
    assert isinstance(connection, sqlite3.Connection), "imports are staged on SQLite only"
    return connection


class NotAllThere(Exception):
    """Raised in an import's last transaction when its batch is no longer all there."""


class Batch:
    """The new people and teams of one import, while they are written and not yet seen."""

    def __init__(
        self,
        desk: Desk,
        written: Callable[[int, int], None] = lambda _done, _total: None,
        taken_away: Callable[[int, int], None] = lambda _done, _total: None,
    ) -> None:
        self.desk = desk
        self.taken_away = taken_away
        """Told (people taken away, of how many) as `undo` goes; it must not raise."""
        self.tell = written
        """Told (people written, of how many) before each chunk; it may raise to stop the
        import (`kiosk.services.progress.Stopped`): the step then writes nothing, and the
        import takes away what the steps before it wrote (`undo`)."""
        self.number = secrets.randbits(62) + 1
        self.claim: Claim | None = Claim.take(_claim_path(desk, self.number))
        self.written = 0

    def write_teams(self, names: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> int:
        """Insert the import's new teams (`names` their columns, without id); the first one's
        id (those of the others follow it)."""
        first = 0
        columns = ", ".join(["id", "import_batch", *names])
        marks = ", ".join("?" for _ in range(len(names) + 2))

        def write(connection: Writable, chunk: Sequence[tuple[Any, ...]]) -> None:
            nonlocal first
            driver = _driver(connection)
            first = next_id_in(driver, "registration_groups")
            driver.executemany(
                f"INSERT INTO registration_groups ({columns}) VALUES ({marks})",
                [(first + index, self.number, *row) for index, row in enumerate(chunk)],
            )

        if rows:  # all of them in one statement: a team is a short row with one index
            in_short_steps(self.desk, rows, write, fts=False, chunk=len(rows))
        return first

    def write_people(
        self, names: Sequence[str], rows: Sequence[tuple[Any, ...]], groups: Sequence[int | None]
    ) -> list[int]:
        """Insert the new people (`names` their columns, without id, group_id and the
        mark; `groups` each one's team), marked; their ids, in order."""
        ids: list[int] = []
        columns = ", ".join(["id", "group_id", "import_batch", *names])
        row_marks = "(" + ", ".join("?" for _ in range(len(names) + 3)) + ")"
        statements: dict[int, str] = {}

        def write(
            connection: Writable, chunk: Sequence[tuple[int | None, tuple[Any, ...]]]
        ) -> None:
            self.tell(self.written, total)
            # One statement for the chunk: with the search index's trigger, a statement per
            # row cost half as much again.
            driver = _driver(connection)
            first = next_id_in(driver, "attendees")
            if len(chunk) not in statements:
                values = ", ".join([row_marks] * len(chunk))
                statements[len(chunk)] = f"INSERT INTO attendees ({columns}) VALUES {values}"
            driver.execute(
                statements[len(chunk)],
                [
                    value
                    for index, (group, row) in enumerate(chunk)
                    for value in (first + index, group, self.number, *row)
                ],
            )
            ids.extend(range(first, first + len(chunk)))
            self.written += len(chunk)

        total = len(rows)
        in_short_steps(
            self.desk,
            list(zip(groups, rows, strict=True)),
            write,
            fts=self.desk.db.fts,
            chunk=PEOPLE_CHUNK,
        )
        return ids

    def reveal(self, connection: Any) -> bool:
        """In the import's last transaction (a SQLAlchemy connection): the mark cleared from
        all of its people and teams, so that they are seen from its commit on. False if they
        are not all there (taken away meanwhile: the import is done again)."""
        shown = connection.exec_driver_sql(
            "UPDATE attendees SET import_batch = NULL WHERE import_batch = ?", (self.number,)
        ).rowcount
        connection.exec_driver_sql(
            "UPDATE registration_groups SET import_batch = NULL WHERE import_batch = ?",
            (self.number,),
        )
        return int(shown) == self.written

    def undo(self) -> None:
        """Take away what was written of the batch (nobody has seen it)."""
        _take_away(self.desk, self.number, self.taken_away)

    def release(self) -> None:
        if self.claim is not None:
            self.claim.release()
            self.claim = None


UNDO_CHUNK: Final = 100
"""Marked people taken away by one statement."""


def _take_away(
    desk: Desk, batch: int, told: Callable[[int, int], None] = lambda _done, _total: None
) -> int:
    """Delete the marked rows of `batch` in short steps, `told` (people taken away, of how
    many) before each chunk; how many people they were."""
    with desk.db.read_rows() as connection:
        ids = [
            row[0]
            for row in connection.exec_driver_sql(
                "SELECT id FROM attendees WHERE import_batch = ?", (batch,)
            )
        ]

    taken = 0

    def delete(connection: Writable, chunk: Sequence[int]) -> None:
        nonlocal taken
        told(taken, len(ids))
        taken += len(chunk)
        _driver(connection).executemany(
            "DELETE FROM attendees WHERE id = ? AND import_batch = ?",
            [(attendee_id, batch) for attendee_id in chunk],
        )

    def delete_teams(connection: Writable, _chunk: Sequence[int]) -> None:
        _driver(connection).execute(
            "DELETE FROM registration_groups WHERE import_batch = ?", (batch,)
        )

    in_short_steps(desk, ids, delete, fts=desk.db.fts, chunk=UNDO_CHUNK)
    in_short_steps(desk, [batch], delete_teams, fts=False)
    return len(ids)


def _marked_batches(desk: Desk) -> list[int]:
    """The batches rows are marked with: the partial index of migration 0017 answers it
    without reading the tables."""
    with desk.db.read_rows() as connection:
        return [
            int(row[0])
            for row in connection.exec_driver_sql(
                "SELECT DISTINCT import_batch FROM attendees WHERE import_batch IS NOT NULL "
                "UNION SELECT import_batch FROM registration_groups WHERE import_batch IS NOT NULL"
            )
        ]


def _gone(desk: Desk) -> list[tuple[int, Claim]]:
    """The batches of imports whose process is gone before their end, each with its claim,
    taken over (so that one process tidies after it)."""
    gone = []
    for batch in _marked_batches(desk):
        claim = Claim.of_the_gone(_claim_path(desk, batch))
        if claim is not None:
            gone.append((batch, claim))
    return gone


def abandoned_batches(desk: Desk) -> list[int]:
    """The batches of imports whose process is gone before their end (nobody holds their
    claim)."""
    if not supported(desk):
        return []
    batches = []
    for batch, claim in _gone(desk):
        claim.release()
        batches.append(batch)
    return batches


def undo_abandoned_imports(desk: Desk) -> int:
    """Take away what imports whose process died before their end had written (nobody has
    seen it); how many people that was."""
    if not supported(desk):
        return 0
    undone = 0
    for batch, claim in _gone(desk):
        try:
            count = _take_away(desk, batch)
        finally:
            claim.release()
        log.info("an import stopped before its end had written %d people: taken away", count)
        undone += count
    return undone


def unfinished(desk: Desk) -> int:
    """How many people imports left unfinished: those of imports whose process died in their
    steps (`abandoned_batches`), and those still without their search text
    (`lookup.unindexed_count`: written in one transaction and indexed after it, where imports
    are not staged, or by a version before this one). A number that moves between two asks is
    someone's work in progress."""
    count = lookup.unindexed_count(desk)
    batches = abandoned_batches(desk)
    if batches:
        with desk.db.read_rows() as connection:
            for batch in batches:
                count += int(
                    connection.exec_driver_sql(
                        "SELECT count(*) FROM attendees WHERE import_batch = ?", (batch,)
                    ).scalar()
                    or 0
                )
    return count


def finish_unfinished(desk: Desk) -> int:
    """What `unfinished` counts, finished: the people of dead imports taken away, the others
    given their search text; how many people that was."""
    return undo_abandoned_imports(desk) + lookup.index_unindexed_people(desk)
