"""Desks and a real hub process with the network cut for real (tests.netproxy) at the worst
moments: in the middle of a replayed transaction, after the hub committed but before the desk
heard it, a desk killed with -9 holding its outbox, the hub restarted in the middle of a
replay, 500 check-ins queued over a long outage. After each: nothing lost, nothing doubled,
the desks' replicas sound and equal to the hub.

Where the proxy must read the desk's statements it stands before the hub's PostgreSQL itself
(a desk's own role, without TLS, on the hub's loopback); the desk processes go through the
hub's TLS endpoint as they do at the venue.
"""

from __future__ import annotations

import json
import subprocess
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from kiosk.config import Event
from kiosk.db import Database, open_database
from kiosk.hub.deadline import SCAN_DEADLINE_S, within
from kiosk.hub.join import decode
from kiosk.hub.live import is_connection_lost
from kiosk.models import (
    AppliedAction,
    Attendee,
    BadgePrint,
    CheckIn,
    OfflineDuplicate,
    Payment,
    PaymentMethod,
    RefusedScan,
)
from kiosk.offline.local import open_local_replica
from kiosk.offline.replica import open_replica, pull
from kiosk.offline.sync import queued, sync
from kiosk.rules import Outcome
from kiosk.services.checkin import check_in, pay, undo_check_in
from kiosk.services.context import Desk
from kiosk.services.demo import load_demo
from kiosk.services.printing import print_badges
from kiosk.services.registration import (
    PersonInput,
    Registration,
    edit_attendee,
    register_walk_in,
)
from kiosk.services.replay import Replayed
from tests.conftest import CONFERENCE_MORNING, FixedClock
from tests.core.factories import registered
from tests.core.test_replica import contents
from tests.hubs import (
    HubProcess,
    backend_of,
    child_environment,
    kiosk_command,
    run_desk,
    start_hub_process,
)
from tests.netproxy import Proxy

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

DAY = date(2026, 11, 28)
ROOT = Path(__file__).resolve().parents[2]


def desk_url(hub: HubProcess, port: int) -> str:
    """A desk's own role on the hub's PostgreSQL at `port` (plain: the proxy reads it)."""
    code = decode(hub.join)
    return (
        f"postgresql://{quote(code.user, safe='')}:{quote(code.password, safe='')}"
        f"@127.0.0.1:{port}/{quote(code.database, safe='')}"
    )


@dataclass
class Venue:
    """The hub as the tests see it (directly), the desk's way to it (through the proxy), and
    the people registered on it."""

    hub: Database
    through: Database
    proxy: Proxy
    event: Event
    codes: list[str]


@pytest.fixture
def venue(hub: HubProcess, event: Event, clock: FixedClock) -> Iterator[Venue]:
    backend = backend_of(hub.data).port
    direct = open_database(desk_url(hub, backend), event)
    proxy = Proxy("127.0.0.1", backend)
    through = open_database(desk_url(hub, proxy.port), event)
    try:
        load_demo(Desk(direct, event, name="стойка-0", clock=clock), count=120)
        with direct.read_rows() as connection:
            codes = list(
                connection.execute(select(Attendee.badge_code).order_by(Attendee.id)).scalars()
            )
        yield Venue(direct, through, proxy, event, codes)
    finally:
        through.dispose()
        proxy.close()
        direct.dispose()


def filled_replica(venue: Venue, path: Path) -> Database:
    replica = open_replica(path, venue.event)
    pull(venue.hub, replica)
    return replica


def offline_check_ins(
    replica: Database,
    event: Event,
    codes: Sequence[str],
    *,
    name: str,
    first_minute: int = 0,
    limit: int | None = None,
) -> list[str]:
    """A desk without its hub scans `codes`, a minute apart from 09:05 on (`first_minute`
    later), until it has let in `limit`; those it let in."""
    clock = FixedClock(CONFERENCE_MORNING + timedelta(minutes=first_minute))
    desk = Desk(replica, event, name=name, operator="оля", clock=clock)
    admitted: list[str] = []
    for code in codes:
        if limit is not None and len(admitted) >= limit:
            break
        if check_in(desk, code).status is Outcome.CHECKED_IN:
            admitted.append(code)
        clock.now += timedelta(minutes=1)
    return admitted


def check_ins_by_code(db: Database) -> dict[str, int]:
    with db.read_rows() as connection:
        rows = connection.execute(
            select(Attendee.badge_code, func.count())
            .join(CheckIn, CheckIn.attendee_id == Attendee.id)
            .where(CheckIn.day == DAY)
            .group_by(Attendee.badge_code)
        ).all()
    return {code: number for code, number in rows}


def count(db: Database, model: type[AppliedAction | OfflineDuplicate | RefusedScan]) -> int:
    with db.read_rows() as connection:
        return int(connection.execute(select(func.count()).select_from(model)).scalar_one())


def assert_sound(replica: Database) -> None:
    with replica.read_rows() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []


def assert_converged(hub: Database, replicas: Sequence[Database], admitted: set[str]) -> None:
    """Everyone admitted is in once on the hub, nobody else; every replica, pulled, is the
    hub's copy and sound."""
    on_hub = check_ins_by_code(hub)
    assert set(on_hub) == admitted
    assert set(on_hub.values()) <= {1}
    for replica in replicas:
        pull(hub, replica)
        assert_sound(replica)
        assert contents(replica) == contents(hub)


def test_a_replay_cut_in_the_middle_of_a_batch_leaves_the_batches_before_it_and_sends_it_whole(
    venue: Venue, tmp_path: Path
) -> None:
    replica = filled_replica(venue, tmp_path / "desk-1" / "replica.sqlite3")
    admitted = offline_check_ins(replica, venue.event, venue.codes[:30], name="стойка-1")
    waiting = queued(replica, "desk-1")  # the check-ins and the refusals (unpaid people)
    scans = len(waiting)
    assert scans == 30 and len(admitted) < scans
    first = waiting[:BATCH]
    assert {"check_in"} <= {item.kind for item in waiting[BATCH : 2 * BATCH]}
    hub_desk = Desk(venue.through, venue.event, name="стойка-1")
    # The second batch loses the network after its nonces are recorded and its people locked,
    # as its check-ins go in (the statement's text is seen: psycopg prepares a statement only
    # from its 6th run on).
    cut = venue.proxy.cut_before(b"INSERT INTO checkins", times=1, skip=1)

    with pytest.raises(Exception) as lost:
        sync(hub_desk, replica, "desk-1", batch=BATCH)
    assert cut.fired == 1 and is_connection_lost(lost.value)
    # The first batch is there whole, nothing of the second.
    assert count(venue.hub, AppliedAction) == BATCH
    assert check_ins_by_code(venue.hub) == {
        item.action.code: 1 for item in first if item.kind == "check_in"
    }
    assert count(venue.hub, RefusedScan) == sum(item.kind == "refused_scan" for item in first)
    assert len(queued(replica, "desk-1")) == scans - BATCH

    result = sync(hub_desk, replica, "desk-1", batch=BATCH)
    assert (result.sent, result.queued, result.conflicts) == (scans - BATCH, 0, 0)
    assert count(venue.hub, AppliedAction) == scans
    assert count(venue.hub, RefusedScan) == scans - len(admitted)  # each refusal once too
    assert_converged(venue.hub, [replica], set(admitted))
    replica.dispose()


BATCH = 10
"""Actions per hub transaction in the tests that cut a replay between batches."""


def test_a_reply_lost_after_the_hub_committed_a_batch_is_not_applied_twice_on_the_retry(
    venue: Venue, tmp_path: Path
) -> None:
    replica = filled_replica(venue, tmp_path / "desk-1" / "replica.sqlite3")
    admitted = offline_check_ins(replica, venue.event, venue.codes[:30], name="стойка-1")
    scans = len(queued(replica, "desk-1"))  # the check-ins and the refusals
    assert scans == 30
    hub_desk = Desk(venue.through, venue.event, name="стойка-1")
    # The second batch commits on the hub; its answer never reaches the desk.
    venue.proxy.cut_after_reply(b"COMMIT", times=1, skip=1)

    with pytest.raises(Exception) as lost:
        sync(hub_desk, replica, "desk-1", batch=BATCH)
    assert is_connection_lost(lost.value)
    assert count(venue.hub, AppliedAction) == 2 * BATCH
    assert len(queued(replica, "desk-1")) == scans - BATCH  # the second is sent again

    result = sync(hub_desk, replica, "desk-1", batch=BATCH)  # the same nonces: answered
    assert (result.sent, result.queued, result.conflicts) == (scans - BATCH, 0, 0)
    assert count(venue.hub, AppliedAction) == scans
    assert count(venue.hub, OfflineDuplicate) == 0
    assert_converged(venue.hub, [replica], set(admitted))
    replica.dispose()


def rows_in(db: Database, model: type[BadgePrint | Payment]) -> int:
    with db.read_rows() as connection:
        return int(connection.execute(select(func.count()).select_from(model)).scalar_one())


def company_of(db: Database, attendee_id: int) -> str:
    with db.read_rows() as connection:
        query = select(Attendee.company).where(Attendee.id == attendee_id)
        return str(connection.execute(query).scalar_one())


def walk_ins_named(db: Database, last_name: str) -> int:
    with db.read_rows() as connection:
        query = select(func.count()).select_from(Attendee).where(Attendee.last_name == last_name)
        return int(connection.execute(query).scalar_one())


def test_a_batch_of_every_kind_cut_half_way_leaves_nothing_of_it_and_is_sent_whole_next_time(
    venue: Venue, clock: FixedClock, tmp_path: Path
) -> None:
    on_hub = Desk(venue.hub, venue.event, name="стойка-0", clock=clock)
    boris = registered(on_hub, last="Борисов", first="Борис", paid=False)
    oleg = registered(on_hub, last="Должников", first="Олег", paid=False)
    vera = registered(on_hub, last="Верина", first="Вера")
    replica = filled_replica(venue, tmp_path / "desk-1" / "replica.sqlite3")
    desk = Desk(replica, venue.event, name="стойка-1", operator="оля", clock=clock)
    admitted: list[str] = []
    for code in venue.codes:  # a first batch of scans
        if len(queued(replica, "desk-1")) == BATCH:
            break
        if check_in(desk, code).status is Outcome.CHECKED_IN:
            admitted.append(code)
    first = queued(replica, "desk-1")
    # The second batch: every kind, its payments last.
    assert check_in(desk, oleg.code).status is Outcome.UNPAID  # refused at the door
    edit_attendee(desk, vera.code, {"company": "Ромашка"})
    print_badges(desk, [vera.code], printer="x", sender=lambda *_a, **_k: "sent")
    undo_check_in(desk, admitted[0], DAY, "не тот человек")
    check_in(desk, boris.code, pay=PaymentMethod.CASH)
    walk_in = register_walk_in(
        desk,
        Registration(
            PersonInput(last_name="Пришедшая", first_name="Ольга", phone="+79145550177"),
            tariff="comfort",
            pay=PaymentMethod.CASH,
            consent=True,
        ),
    )
    second = queued(replica, "desk-1")[BATCH:]
    assert [item.kind for item in second] == [
        "refused_scan",
        "edit",
        "print_badge",
        "undo_check_in",
        "payment",
        "check_in",
        "register",
        "payment",
        "check_in",
    ]
    paid_before = rows_in(venue.hub, Payment)
    hub_desk = Desk(venue.through, venue.event, name="стойка-1")
    # Its first payment loses the network: its refusal, correction, print and undo are done
    # in its transaction, not committed.
    cut = venue.proxy.cut_before(b"INSERT INTO payments", times=1)

    with pytest.raises(Exception) as lost:
        sync(hub_desk, replica, "desk-1", batch=BATCH)
    assert cut.fired == 1 and is_connection_lost(lost.value)
    assert count(venue.hub, AppliedAction) == BATCH  # the first batch, nothing of the second
    assert check_ins_by_code(venue.hub) == dict.fromkeys(admitted, 1)
    assert count(venue.hub, RefusedScan) == sum(item.kind == "refused_scan" for item in first)
    assert company_of(venue.hub, vera.id) != "Ромашка"
    assert rows_in(venue.hub, BadgePrint) == 0
    assert rows_in(venue.hub, Payment) == paid_before
    assert walk_ins_named(venue.hub, "Пришедшая") == 0
    assert len(queued(replica, "desk-1")) == len(second)

    result = sync(hub_desk, replica, "desk-1", batch=BATCH)
    assert (result.sent, result.queued, result.conflicts) == (len(second), 0, 0)
    assert count(venue.hub, AppliedAction) == BATCH + len(second)
    walked_in = walk_in.attendees[0].code
    assert check_ins_by_code(venue.hub) == dict.fromkeys([*admitted[1:], boris.code, walked_in], 1)
    assert payments_of(venue.hub, boris.code) == [(10000, "стойка-1", True, False)]
    assert payments_of(venue.hub, walked_in) == [(10000, "стойка-1", True, False)]
    assert company_of(venue.hub, vera.id) == "Ромашка"
    assert rows_in(venue.hub, BadgePrint) == 1
    assert rows_in(venue.hub, Payment) == paid_before + 2
    assert walk_ins_named(venue.hub, "Пришедшая") == 1
    with venue.hub.read_rows() as connection:
        refused = connection.execute(select(RefusedScan.attendee_id)).scalars().all()
    assert oleg.id in refused
    assert_converged(venue.hub, [replica], {*admitted[1:], boris.code, walked_in})
    replica.dispose()


def test_a_scan_the_hub_committed_but_never_answered_counts_once_when_the_desk_sends_it_again(
    venue: Venue, clock: FixedClock, tmp_path: Path
) -> None:
    person = registered(Desk(venue.hub, venue.event, name="стойка-0", clock=clock))
    replica = filled_replica(venue, tmp_path / "desk-1" / "replica.sqlite3")
    scan = str(uuid.uuid4())
    online = Desk(venue.through, venue.event, name="стойка-1", clock=clock)
    venue.proxy.cut_after_reply(b"COMMIT")  # the hub commits; its answer is lost

    with pytest.raises(Exception) as lost:
        within(SCAN_DEADLINE_S, lambda: check_in(online.under(scan), person.code))()
    assert is_connection_lost(lost.value)
    assert check_ins_by_code(venue.hub) == {person.code: 1}
    # The desk decides the same scan on its replica, under the same nonce, and sends it later.
    offline = Desk(replica, venue.event, name="стойка-1", clock=clock)
    assert check_in(offline.under(scan), person.code).status is Outcome.CHECKED_IN

    result = sync(Desk(venue.through, venue.event, name="стойка-1"), replica, "desk-1")
    assert (result.sent, result.queued, result.conflicts) == (1, 0, 0)
    assert count(venue.hub, OfflineDuplicate) == 0  # not a second admission to review
    assert count(venue.hub, AppliedAction) == 1
    assert_converged(venue.hub, [replica], {person.code})
    with venue.hub.read_rows() as connection:
        assert connection.execute(select(CheckIn.offline)).scalars().all() == [False]
    replica.dispose()


def payments_of(db: Database, code: str) -> list[tuple[object, ...]]:
    with db.read_rows() as connection:
        rows = connection.execute(
            select(Payment.amount, Payment.desk, Payment.offline, Payment.refund_due)
            .join(Attendee, Attendee.id == Payment.attendee_id)
            .where(Attendee.badge_code == code)
        ).all()
    return [tuple(row) for row in rows]


def test_a_payment_the_hub_committed_but_never_answered_is_taken_once_not_flagged_to_refund(
    venue: Venue, clock: FixedClock, tmp_path: Path
) -> None:
    boris = registered(
        Desk(venue.hub, venue.event, name="стойка-0", clock=clock), last="Борисов", paid=False
    )
    replica = filled_replica(venue, tmp_path / "desk-1" / "replica.sqlite3")
    action = str(uuid.uuid4())
    online = Desk(venue.through, venue.event, name="стойка-1", clock=clock)
    venue.proxy.cut_after_reply(b"COMMIT")  # the hub commits; its answer is lost

    with pytest.raises(Exception) as lost:
        pay(online.under(action), boris.code, PaymentMethod.CASH)
    assert is_connection_lost(lost.value)
    assert payments_of(venue.hub, boris.code) == [(10000, "стойка-1", False, False)]
    # The desk, offline now, takes the same payment on its replica under the same nonce.
    offline = Desk(replica, venue.event, name="стойка-1", clock=clock)
    assert pay(offline.under(action), boris.code, PaymentMethod.CASH).amount_due == 0

    result = sync(Desk(venue.through, venue.event, name="стойка-1"), replica, "desk-1")
    assert (result.sent, result.queued, result.conflicts) == (1, 0, 0)
    assert result.outcomes == [Replayed.PAID]  # what the hub did then, not a double payment
    assert payments_of(venue.hub, boris.code) == [(10000, "стойка-1", False, False)]
    assert count(venue.hub, AppliedAction) == 1
    assert_converged(venue.hub, [replica], set())
    replica.dispose()


def test_a_walk_in_the_hub_committed_but_never_answered_is_one_person_with_the_printed_code(
    venue: Venue, clock: FixedClock, tmp_path: Path
) -> None:
    replica = filled_replica(venue, tmp_path / "desk-1" / "replica.sqlite3")
    action = str(uuid.uuid4())
    request = Registration(
        PersonInput(last_name="Пришедшая", first_name="Ольга", phone="+79145550199"),
        tariff="comfort",
        pay=PaymentMethod.CASH,
        consent=True,
    )
    online = Desk(venue.through, venue.event, name="стойка-1", clock=clock)
    venue.proxy.cut_after_reply(b"COMMIT")  # registered, paid, let in; the answer is lost

    with pytest.raises(Exception) as lost:
        register_walk_in(online.under(action), request)
    assert is_connection_lost(lost.value)
    with venue.hub.read_rows() as connection:
        (code,) = connection.execute(
            select(Attendee.badge_code).where(Attendee.last_name == "Пришедшая")
        ).scalars()
    # The desk registers her again on its replica, offline, under the same nonce: the badge
    # it prints has the code the hub gave her.
    offline = Desk(replica, venue.event, name="стойка-1", clock=clock)
    again = register_walk_in(offline.under(action), request)
    assert [a.code for a in again.attendees] == [code]
    assert again.checkins[0].status is Outcome.CHECKED_IN

    result = sync(Desk(venue.through, venue.event, name="стойка-1"), replica, "desk-1")
    assert (result.sent, result.queued, result.conflicts) == (3, 0, 0)  # registered, paid, in
    assert count(venue.hub, AppliedAction) == 3
    with venue.hub.read_rows() as connection:
        assert (
            connection.execute(
                select(func.count()).select_from(Attendee).where(Attendee.last_name == "Пришедшая")
            ).scalar_one()
            == 1
        )
    assert payments_of(venue.hub, code) == [(10000, "стойка-1", False, False)]
    assert check_ins_by_code(venue.hub) == {code: 1}
    assert count(venue.hub, OfflineDuplicate) == 0
    assert_converged(venue.hub, [replica], {code})
    replica.dispose()


def test_500_check_ins_queued_over_a_long_outage_reach_the_hub_once_beside_other_desks(
    hub: HubProcess, event: Event, clock: FixedClock, tmp_path: Path
) -> None:
    backend = backend_of(hub.data).port
    direct = open_database(desk_url(hub, backend), event)
    try:
        load_demo(Desk(direct, event, name="стойка-0", clock=clock), count=700)
        with direct.read_rows() as connection:
            codes = list(
                connection.execute(select(Attendee.badge_code).order_by(Attendee.id)).scalars()
            )
        long_outage = open_replica(tmp_path / "desk-1" / "replica.sqlite3", event)
        short_outage = open_replica(tmp_path / "desk-2" / "replica.sqlite3", event)
        pull(direct, long_outage)
        pull(direct, short_outage)
        # Desk 1 is cut off from 09:05 for more than eight hours, a scan a minute.
        admitted = offline_check_ins(long_outage, event, codes, name="стойка-1", limit=500)
        assert len(admitted) == 500
        waiting = len(queued(long_outage, "desk-1"))
        refused = count(long_outage, RefusedScan)  # the unpaid among them, turned away
        assert refused > 0 and waiting == 500 + refused
        # Meanwhile desk 2, offline in the evening, and desk 3, online at 09:05, let in some
        # of the same people: desk 1 came before desk 2, desk 3 before desk 1.
        evening = offline_check_ins(
            short_outage, event, admitted[200:220], name="стойка-2", first_minute=700
        )
        online = Desk(direct, event, name="стойка-3", clock=FixedClock(CONFERENCE_MORNING))
        early = [c for c in admitted[300:320] if check_in(online, c).status is Outcome.CHECKED_IN]
        assert len(evening) == 20 and len(early) == 20

        first = sync(Desk(direct, event, name="стойка-2"), short_outage, "desk-2")
        assert (first.sent, first.conflicts) == (20, 0)
        started = time.monotonic()
        second = sync(Desk(direct, event, name="стойка-1"), long_outage, "desk-1")
        took = time.monotonic() - started
        assert (second.sent, second.queued, second.conflicts) == (waiting, 0, 40)  # set aside
        assert took < 60, took
        assert count(direct, OfflineDuplicate) == 40
        assert count(direct, AppliedAction) == 520 + refused
        assert count(direct, RefusedScan) == refused
        on_hub = check_ins_by_code(direct)
        assert set(on_hub) == set(admitted) and set(on_hub.values()) == {1}
        with direct.read_rows() as connection:
            winners = dict(
                connection.execute(
                    select(Attendee.badge_code, CheckIn.desk)
                    .join(CheckIn, CheckIn.attendee_id == Attendee.id)
                    .where(Attendee.badge_code.in_(admitted[200:220] + admitted[300:320]))
                ).all()
            )
        assert {winners[c] for c in admitted[200:220]} == {"стойка-1"}
        assert {winners[c] for c in admitted[300:320]} == {"стойка-3"}
        for replica in (long_outage, short_outage):
            pull(direct, replica)
            assert_sound(replica)
            assert contents(replica) == contents(direct)
        long_outage.dispose()
        short_outage.dispose()
    finally:
        direct.dispose()


# ---- desk processes -----------------------------------------------------------------------


def ok(result: subprocess.CompletedProcess[str]) -> dict[str, object]:
    assert result.returncode == 0, result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


def a_desk_with_a_replica(hub: HubProcess, home: Path, join: str) -> None:
    """A desk (its own KIOSK_HOME) that has pulled its replica of the hub once."""
    first = ok(run_desk(home, join, "sync", "--json"))
    assert first["online"] is True


def start_offline_desk(home: Path, join: str, codes: Sequence[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*kiosk_command()[:1], "-m", "tests.hub.offline_desk", join, "0", *codes],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_environment(home),
        cwd=ROOT,
    )


def read_lines(process: subprocess.Popen[str], until: int) -> list[str]:
    assert process.stdout is not None
    lines = []
    while len(lines) < until:
        line = process.stdout.readline()
        if not line:
            _, errors = process.communicate(timeout=10)
            raise AssertionError(f"the desk ended: {errors}")
        lines.append(line.strip())
    return lines


def hub_database(hub: HubProcess, event: Event) -> Database:
    return open_database(desk_url(hub, backend_of(hub.data).port), event)


def test_a_desk_killed_with_a_full_outbox_sends_it_once_after_it_is_restarted(
    hub: HubProcess, event: Event, clock: FixedClock, tmp_path: Path
) -> None:
    db = hub_database(hub, event)
    try:
        load_demo(Desk(db, event, name="стойка-0", clock=clock), count=80)
        with db.read_rows() as connection:
            codes = list(connection.execute(select(Attendee.badge_code)).scalars())
        home = tmp_path / "desk"
        a_desk_with_a_replica(hub, home, hub.join)

        desk = start_offline_desk(home, hub.join, codes)
        try:
            written = read_lines(desk, 50)
        finally:
            desk.kill()  # -9, in the middle of its scans
            desk.wait(10)
        admitted = {line.split()[1] for line in written if line.startswith("in ")}
        replica = open_local_replica(decode(hub.join), event, create=False, home=home / "kiosk")
        assert replica is not None
        try:
            assert_sound(replica)
        finally:
            replica.dispose()

        sent = ok(run_desk(home, hub.join, "sync", "--json"))  # the desk started again
        assert sent["online"] is True and sent["queued"] == 0
        # Each scan is sent (a check-in or a refusal); one more may have been written.
        assert int(sent["sent"]) in (len(written), len(written) + 1)
        on_hub = check_ins_by_code(db)
        assert admitted <= set(on_hub) and set(on_hub.values()) == {1}
        assert len(on_hub) + count(db, RefusedScan) == sent["sent"]
        assert ok(run_desk(home, hub.join, "sync", "--json"))["sent"] == 0
        replica = open_local_replica(decode(hub.join), event, create=False, home=home / "kiosk")
        assert replica is not None
        try:
            assert_sound(replica)
            assert contents(replica) == contents(db)
        finally:
            replica.dispose()
    finally:
        db.dispose()


def test_the_hub_restarted_in_the_middle_of_a_replay_ends_with_each_check_in_once(
    hub: HubProcess, hub_home: Path, event: Event, clock: FixedClock, tmp_path: Path
) -> None:
    db = hub_database(hub, event)
    load_demo(Desk(db, event, name="стойка-0", clock=clock), count=150)
    with db.read_rows() as connection:
        codes = list(connection.execute(select(Attendee.badge_code)).scalars())
    db.dispose()
    home = tmp_path / "desk"
    with Proxy(hub.host, hub.port) as proxy:
        join = replace(decode(hub.join), port=proxy.port).encode()
        a_desk_with_a_replica(hub, home, join)
        desk = start_offline_desk(home, join, codes)
        lines = read_lines(desk, len(codes) + 1)
        desk.kill()
        desk.wait(10)
        admitted = {line.split()[1] for line in lines if line.startswith("in ")}

        proxy.delay = 0.02  # a slow Wi-Fi: each batch of the replay takes a while
        replay = subprocess.Popen(
            kiosk_command("--db", join, "sync", "--json"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_environment(home),
            cwd=ROOT,
        )
        again: HubProcess | None = None
        try:
            applied = wait_for_applied(hub, event, at_least=len(codes) // 4)
            assert applied < len(codes), "the replay ended before the hub could be stopped"
            assert hub.stop() == 0
            out, errors = replay.communicate(timeout=60)
            assert replay.returncode == 3, errors  # the hub lost: said, not a traceback
            document = json.loads(out)
            assert document["online"] is False and "прервалась" in document["error"]
            assert 0 < document["queued"] < len(codes)  # every scan, refused ones too
            assert document["sent"] + document["queued"] == len(codes)
            assert "Traceback" not in errors

            again = start_hub_process(hub.data, hub_home, port=hub.port)
            proxy.delay = 0.0
            sent = ok(run_desk(home, join, "sync", "--json"))
            assert sent["online"] is True and sent["queued"] == 0
            db = hub_database(again, event)
            try:
                on_hub = check_ins_by_code(db)
                assert set(on_hub) == admitted and set(on_hub.values()) == {1}
                assert count(db, AppliedAction) == len(codes)
                assert count(db, RefusedScan) == len(codes) - len(admitted)
                replica = open_local_replica(decode(join), event, create=False, home=home / "kiosk")
                assert replica is not None
                try:
                    assert_sound(replica)
                    assert contents(replica) == contents(db)
                finally:
                    replica.dispose()
            finally:
                db.dispose()
        finally:
            if replay.poll() is None:
                replay.kill()
            if again is not None:
                again.stop()


def wait_for_applied(hub: HubProcess, event: Event, *, at_least: int) -> int:
    db = hub_database(hub, event)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            applied = count(db, AppliedAction)
            if applied >= at_least:
                return applied
            time.sleep(0.05)
        raise AssertionError("the replay did not start")
    finally:
        db.dispose()
