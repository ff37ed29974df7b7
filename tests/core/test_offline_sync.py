"""Desks that checked people in from their replicas while the hub was away: sent once, the
earliest admission wins, the other kept apart, and every replica ends equal to the hub."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Final, NoReturn

import pytest
from sqlalchemy import func, select

from kiosk.config import Event
from kiosk.db import Database
from kiosk.models import (
    AppliedAction,
    Attendee,
    AuditEntry,
    BadgePrint,
    CheckIn,
    OfflineDuplicate,
    Payment,
    PaymentMethod,
    RefusedScan,
)
from kiosk.offline.replica import pull
from kiosk.offline.sync import KINDS, queued, sync
from kiosk.rules import Outcome
from kiosk.services import lookup
from kiosk.services.checkin import check_in, last_check_in_of_desk, pay, undo_check_in, upgrade
from kiosk.services.context import Desk
from kiosk.services.duplicates import OfflineDuplicates, person_offline_duplicates
from kiosk.services.errors import ValidationError
from kiosk.services.printing import out_of_date, print_badges
from kiosk.services.refunds import mark_refunded
from kiosk.services.registration import PersonInput, Registration, edit_attendee, register_walk_in
from kiosk.services.replay import OfflineCheckIn, Replay, Replayed, replay_check_in, replay_once
from kiosk.services.replay_actions import EDIT_CONFLICT, replay_payment
from kiosk.services.stats import stats
from kiosk.services.summary import day_summary
from tests.conftest import CONFERENCE_MORNING, FixedClock
from tests.core.factories import registered
from tests.core.test_duplicates import admitted
from tests.core.test_replica import contents
from tests.offline_hub import hub, replicas

__all__ = ["hub", "replicas"]

pytestmark = [pytest.mark.postgres]

DAY = date(2026, 11, 28)


def offline_desk(replica: Database, event: Event, name: str, minutes: int) -> Desk:
    clock = FixedClock(CONFERENCE_MORNING + timedelta(minutes=minutes))
    return Desk(replica, event, name=name, operator="оля", clock=clock)


def count(db: Database, model: type[CheckIn] | type[OfflineDuplicate]) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_check_in_made_offline_reaches_the_hub_once_and_the_replica_converges(
    hub: Desk, replicas: list[Database], event: Event
) -> None:
    anna = registered(hub, last="Аннина", first="Анна")
    replica = replicas[0]
    pull(hub.db, replica)
    desk = offline_desk(replica, event, "стойка-2", 3)
    assert check_in(desk, anna.code).checked_in_at == desk.now()
    assert [q.action.code for q in queued(replica, "desk-2")] == [anna.code]
    result = sync(hub, replica, "desk-2")
    assert (result.sent, result.queued, result.conflicts) == (1, 0, 0)
    with hub.db.read() as session:
        row = session.scalars(select(CheckIn)).one()
    assert (row.offline, row.desk, row.checked_in_at) == (True, "стойка-2", desk.now())
    assert queued(replica, "desk-2") == []
    assert contents(replica) == contents(hub.db)
    again = sync(hub, replica, "desk-2")
    assert again.sent == 0 and count(hub.db, CheckIn) == 1


def test_two_desks_admitting_one_person_offline_keep_the_earlier_and_flag_the_other(
    hub: Desk, replicas: list[Database], event: Event
) -> None:
    anna = registered(hub, last="Аннина", first="Анна")
    for replica in replicas:
        pull(hub.db, replica)
    late = offline_desk(replicas[0], event, "стойка-1", 9)
    early = offline_desk(replicas[1], event, "стойка-2", 2)
    check_in(late, anna.code)
    check_in(early, anna.code)
    first = sync(hub, replicas[0], "desk-1")  # the later admission reaches the hub first
    second = sync(hub, replicas[1], "desk-2")
    assert first.outcomes == [Replayed.ADMITTED]
    assert second.outcomes == [Replayed.EARLIER]
    assert (first.conflicts, second.conflicts) == (0, 1)  # desk 1's admission set aside
    assert count(hub.db, CheckIn) == 1 and count(hub.db, OfflineDuplicate) == 1
    with hub.db.read() as session:
        assert session.scalars(select(CheckIn.desk)).one() == "стойка-2"
    for replica in replicas:  # each pulled after both are sent, whichever ended first
        pull(hub.db, replica)
        assert contents(replica) == contents(hub.db)


def test_an_action_whose_reply_was_lost_is_not_applied_again(
    hub: Desk, replicas: list[Database], event: Event
) -> None:
    anna = registered(hub, last="Аннина", first="Анна")
    replica = replicas[0]
    pull(hub.db, replica)
    check_in(offline_desk(replica, event, "стойка-1", 4), anna.code)
    (waiting,) = queued(replica, "desk-1")
    replay_check_in(hub, waiting.action)  # it reached the hub; the desk never heard back
    result = sync(hub, replica, "desk-1")
    assert result.sent == 1
    assert count(hub.db, CheckIn) == 1 and count(hub.db, OfflineDuplicate) == 0
    assert contents(replica) == contents(hub.db)


def sent_nowhere(*_args: object, **_when: object) -> str:
    return "sent"


def hub_rows(hub: Desk, code: str) -> dict[str, object]:
    """What the hub holds of one person: totals, tariff, and their payments, prints and
    check-ins as (desk, what) tuples."""
    with hub.db.read() as session:
        person = session.scalars(select(Attendee).where(Attendee.badge_code == code)).one()
        return {
            "tariff": person.tariff,
            "paid": person.amount_paid,
            "due": person.amount_due,
            "company": person.company,
            "payments": sorted(
                (p.desk, p.amount, p.method, p.offline, p.refund_due)
                for p in session.scalars(select(Payment).where(Payment.attendee_id == person.id))
            ),
            "prints": sorted(
                (b.desk, b.reprint)
                for b in session.scalars(
                    select(BadgePrint).where(BadgePrint.attendee_id == person.id)
                )
            ),
            "checkins": sorted(
                (c.desk, c.day)
                for c in session.scalars(select(CheckIn).where(CheckIn.attendee_id == person.id))
            ),
        }


def test_payments_upgrades_prints_undos_and_corrections_made_offline_reach_the_hub_once(
    hub: Desk, replicas: list[Database], event: Event, tmp_path: Path
) -> None:
    boris = registered(hub, last="Борисов", first="Борис", paid=False)
    vera = registered(hub, last="Верина", first="Вера")
    gleb = registered(hub, last="Глебов", first="Глеб")
    replica = replicas[0]
    pull(hub.db, replica)
    desk = offline_desk(replica, event, "стойка-2", 3)

    paid = check_in(desk, boris.code, pay=PaymentMethod.CASH)  # a payment and a check-in
    assert paid.paid_now == 10000
    upgrade(desk, vera.code, "package_comfort", pay=PaymentMethod.CARD)
    print_badges(desk, [boris.code, vera.code], printer="x", sender=sent_nowhere)
    check_in(desk, gleb.code)
    undo_check_in(desk, gleb.code, DAY, "не тот человек")
    edit_attendee(desk, vera.code, {"company": "Ромашка"})
    kinds = [item.kind for item in queued(replica, "desk-2")]
    assert kinds == [
        "payment",
        "check_in",
        "upgrade",
        "payment",
        "print_badge",
        "print_badge",
        "check_in",
        "undo_check_in",
        "edit",
    ]

    result = sync(hub, replica, "desk-2")
    assert (result.sent, result.queued, result.conflicts) == (9, 0, 0)
    assert hub_rows(hub, boris.code) == {
        "tariff": "comfort",
        "paid": 10000,
        "due": 0,
        "company": "",
        "payments": [("стойка-2", 10000, "cash", True, False)],
        "prints": [("стойка-2", False)],
        "checkins": [("стойка-2", DAY)],
    }
    assert hub_rows(hub, vera.code) == {
        "tariff": "package_comfort",
        "paid": 20700,
        "due": 0,
        "company": "Ромашка",
        "payments": [
            ("стойка-2", 10700, "card", True, False),
            ("хаб", 10000, "card", False, False),
        ],
        "prints": [("стойка-2", False)],
        "checkins": [],
    }
    assert hub_rows(hub, gleb.code)["checkins"] == []
    assert queued(replica, "desk-2") == []
    assert contents(replica) == contents(hub.db)
    again = sync(hub, replica, "desk-2")
    assert again.sent == 0
    assert hub_rows(hub, vera.code)["paid"] == 20700


def test_a_payment_offline_for_someone_who_paid_at_another_desk_is_flagged_to_refund(
    hub: Desk, replicas: list[Database], event: Event
) -> None:
    boris = registered(hub, last="Борисов", first="Борис", paid=False)
    for replica in replicas:
        pull(hub.db, replica)
    pay(offline_desk(replicas[0], event, "стойка-1", 2), boris.code, PaymentMethod.CARD)
    pay(offline_desk(replicas[1], event, "стойка-2", 5), boris.code, PaymentMethod.CASH)
    assert sync(hub, replicas[0], "desk-1").outcomes == [Replayed.PAID]
    second = sync(hub, replicas[1], "desk-2")
    assert (second.outcomes, second.conflicts) == ([Replayed.DOUBLE_PAYMENT], 1)
    assert hub_rows(hub, boris.code)["payments"] == [
        ("стойка-1", 10000, "card", True, False),
        ("стойка-2", 10000, "cash", True, True),
    ]
    assert hub_rows(hub, boris.code)["paid"] == 10000
    for replica in replicas:  # each pulled after both are sent, whichever ended first
        pull(hub.db, replica)
        assert contents(replica) == contents(hub.db)


def test_the_later_timed_payment_is_the_double_even_when_it_reaches_the_hub_first(
    hub: Desk, replicas: list[Database], event: Event
) -> None:
    boris = registered(hub, last="Борисов", first="Борис", paid=False)
    for replica in replicas:
        pull(hub.db, replica)
    pay(offline_desk(replicas[0], event, "стойка-1", 9), boris.code, PaymentMethod.CARD)
    pay(offline_desk(replicas[1], event, "стойка-2", 2), boris.code, PaymentMethod.CASH)
    first = sync(hub, replicas[0], "desk-1")  # the later payment reaches the hub first
    assert (first.outcomes, first.conflicts) == ([Replayed.PAID], 0)
    second = sync(hub, replicas[1], "desk-2")
    assert (second.outcomes, second.conflicts) == ([Replayed.EARLIER_PAYMENT], 1)
    rows = hub_rows(hub, boris.code)
    assert rows["payments"] == [
        ("стойка-1", 10000, "card", True, True),  # taken later: the double, to refund
        ("стойка-2", 10000, "cash", True, False),
    ]
    assert (rows["paid"], rows["due"]) == (10000, 0)
    for replica in replicas:  # each pulled after both are sent, whichever ended first
        pull(hub.db, replica)
        assert contents(replica) == contents(hub.db)
    assert sync(hub, replicas[1], "desk-2").sent == 0
    assert hub_rows(hub, boris.code) == rows
    on_hub = lookup.get_by_code(hub, boris.code)
    (found,) = lookup.search(hub, "Борисов")
    at_desk = lookup.get_by_code(offline_desk(replicas[0], event, "стойка-1", 30), boris.code)
    assert on_hub is not None and on_hub == found == at_desk
    assert on_hub.paid_by == (("cash", 10000),)
    assert [(p.desk, p.method, p.refund_due, p.refunded_at) for p in on_hub.paid_twice] == [
        ("стойка-2", "cash", False, None),
        ("стойка-1", "card", True, None),
    ]
    assert on_hub.paid_twice[1].taken_at == CONFERENCE_MORNING + timedelta(minutes=9)


def test_a_double_payment_given_back_reads_as_given_back_on_the_hub_and_the_desk(
    hub: Desk, replicas: list[Database], event: Event, clock: FixedClock
) -> None:
    boris = registered(hub, last="Борисов", first="Борис", paid=False)
    pull(hub.db, replicas[0])
    pay(offline_desk(replicas[0], event, "стойка-1", 2), boris.code, PaymentMethod.CASH)
    clock.now = CONFERENCE_MORNING + timedelta(minutes=20)
    pay(hub, boris.code, PaymentMethod.CARD)  # at the hub, later by the clocks
    sync(hub, replicas[0], "desk-1")
    given = mark_refunded(hub, boris.code)
    pull(hub.db, replicas[0])
    on_hub = lookup.get_by_code(hub, boris.code)
    at_desk = lookup.get_by_code(offline_desk(replicas[0], event, "стойка-1", 30), boris.code)
    assert on_hub is not None and on_hub == at_desk
    (double,) = on_hub.double_payments
    assert (double.desk, double.method, double.refunded_at) == ("хаб", "card", given.at)
    assert [p.desk for p in on_hub.counted_payments] == ["стойка-1"]


def test_a_payment_whose_reply_was_lost_is_not_taken_twice(
    hub: Desk, replicas: list[Database], event: Event
) -> None:
    boris = registered(hub, last="Борисов", first="Борис", paid=False)
    replica = replicas[0]
    pull(hub.db, replica)
    pay(offline_desk(replica, event, "стойка-1", 2), boris.code, PaymentMethod.CASH)
    (waiting,) = queued(replica, "desk-1")
    replay_payment(hub, waiting.action)  # it reached the hub; the desk never heard back
    result = sync(hub, replica, "desk-1")
    assert (result.sent, result.outcomes) == (1, [Replayed.PAID])
    assert hub_rows(hub, boris.code)["payments"] == [("стойка-1", 10000, "cash", True, False)]
    assert contents(replica) == contents(hub.db)


def test_actions_of_every_kind_that_reached_the_hub_before_a_timeout_are_not_applied_twice(
    hub: Desk, replicas: list[Database], event: Event
) -> None:
    boris = registered(hub, last="Борисов", first="Борис", paid=False)
    vera = registered(hub, last="Верина", first="Вера")
    replica = replicas[0]
    pull(hub.db, replica)
    desk = offline_desk(replica, event, "стойка-1", 2)
    upgrade(desk, boris.code, "package_comfort", pay=PaymentMethod.CASH)
    print_badges(desk, [boris.code], printer="x", sender=sent_nowhere)
    check_in(desk, vera.code)
    undo_check_in(desk, vera.code, DAY, "ошибка")
    edit_attendee(desk, vera.code, {"company": "Ромашка"})
    waiting = queued(replica, "desk-1")
    assert {item.kind for item in waiting} == {
        "upgrade",
        "payment",
        "print_badge",
        "check_in",
        "undo_check_in",
        "edit",
    }
    for item in waiting:  # each reached the hub; the desk never heard back
        replay_once(hub, KINDS[item.kind].replay(item.action))
    before = [hub_rows(hub, boris.code), hub_rows(hub, vera.code)]
    result = sync(hub, replica, "desk-1")
    assert (result.sent, result.conflicts) == (len(waiting), 0)
    assert [hub_rows(hub, boris.code), hub_rows(hub, vera.code)] == before
    assert before[0]["payments"] == [("стойка-1", 20700, "cash", True, False)]
    assert before[0]["prints"] == [("стойка-1", False)]
    assert (before[1]["company"], before[1]["checkins"]) == ("Ромашка", [])
    assert contents(replica) == contents(hub.db)


def lost_on_the_way(action: object) -> Replay:
    """A replay that loses the hub half-way through its transaction."""

    def apply(*_args: object) -> NoReturn:
        raise ConnectionError("the hub is gone again")

    return Replay(action, "check_in", apply)


def test_a_sync_cut_short_leaves_the_desks_rows_of_a_person_with_actions_still_queued(
    hub: Desk, replicas: list[Database], event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    boris = registered(hub, last="Борисов", first="Борис", paid=False)
    replica = replicas[0]
    pull(hub.db, replica)
    desk = offline_desk(replica, event, "стойка-1", 2)
    check_in(desk, boris.code, pay=PaymentMethod.CASH)  # a payment, then the check-in
    monkeypatch.setitem(KINDS, "check_in", replace(KINDS["check_in"], replay=lost_on_the_way))
    with pytest.raises(ConnectionError):
        sync(hub, replica, "desk-1", batch=1)  # the payment in a batch of its own, sent
    assert [item.kind for item in queued(replica, "desk-1")] == ["check_in"]
    assert count(replica, CheckIn) == 1  # still shown checked in at this desk
    monkeypatch.undo()
    assert sync(hub, replica, "desk-1").sent == 1
    assert hub_rows(hub, boris.code)["checkins"] == [("стойка-1", DAY)]
    assert contents(replica) == contents(hub.db)


def test_a_print_whose_job_failed_offline_is_not_sent(
    hub: Desk, replicas: list[Database], event: Event
) -> None:
    vera = registered(hub, last="Верина", first="Вера")
    replica = replicas[0]
    pull(hub.db, replica)
    desk = offline_desk(replica, event, "стойка-1", 2)

    def broken(*_args: object, **_when: object) -> str:
        raise OSError("no paper")

    with pytest.raises(OSError):
        print_badges(desk, [vera.code], printer="x", sender=broken)
    print_badges(desk, [vera.code], printer="x", sender=sent_nowhere)
    assert [item.kind for item in queued(replica, "desk-1")] == ["print_badge"]
    sync(hub, replica, "desk-1")
    assert hub_rows(hub, vera.code)["prints"] == [("стойка-1", False)]


def hub_commits(hub: Desk) -> list[int]:
    """A list that counts the hub's commits from now on (one item per commit)."""
    from sqlalchemy import event

    commits: list[int] = []
    event.listen(hub.db.engine, "commit", lambda _connection: commits.append(1))
    return commits


def test_actions_of_every_kind_in_one_batch_are_one_hub_transaction_answered_in_order(
    hub: Desk, replicas: list[Database], event: Event
) -> None:
    anna = registered(hub, last="Аннина", first="Анна")
    boris = registered(hub, last="Борисов", first="Борис", paid=False)
    vera = registered(hub, last="Верина", first="Вера")
    gleb = registered(hub, last="Глебов", first="Глеб")
    oleg = registered(hub, last="Должников", first="Олег", paid=False)
    replica = replicas[0]
    pull(hub.db, replica)
    desk = offline_desk(replica, event, "стойка-2", 3)

    check_in(desk, anna.code)  # another desk let her in earlier (below): a duplicate
    check_in(desk, boris.code, pay=PaymentMethod.CASH)  # a payment and a check-in
    assert check_in(desk, oleg.code).status is Outcome.UNPAID  # refused at the door
    upgrade(desk, vera.code, "package_comfort", pay=PaymentMethod.CARD)
    print_badges(desk, [vera.code], printer="x", sender=sent_nowhere)
    check_in(desk, gleb.code)
    undo_check_in(desk, gleb.code, DAY, "не тот человек")
    edit_attendee(desk, vera.code, {"company": "Ромашка"})
    walk_in = register_walk_in(
        desk,
        Registration(
            PersonInput(last_name="Пришедшая", first_name="Ольга", phone="+79145550123"),
            tariff="comfort",
            pay=PaymentMethod.CASH,
            consent=True,
        ),
    )
    check_in(replace(hub, name="стойка-1"), anna.code)  # at 09:05, before desk 2's 09:08
    kinds = [item.kind for item in queued(replica, "desk-2")]
    assert kinds == [
        "check_in",
        "payment",
        "check_in",
        "refused_scan",
        "upgrade",
        "payment",
        "print_badge",
        "check_in",
        "undo_check_in",
        "edit",
        "register",
        "payment",
        "check_in",
    ]

    commits = hub_commits(hub)
    result = sync(hub, replica, "desk-2")
    assert len(commits) == 1  # every action in one transaction of the hub
    assert (result.sent, result.queued, result.conflicts) == (len(kinds), 0, 1)
    assert result.outcomes == [
        Replayed.DUPLICATE,
        Replayed.PAID,
        Replayed.ADMITTED,
        Replayed.REFUSED,
        Replayed.UPGRADED,
        Replayed.PAID,
        Replayed.PRINTED,
        Replayed.ADMITTED,
        Replayed.UNDONE,
        Replayed.CORRECTED,
        Replayed.REGISTERED,
        Replayed.PAID,
        Replayed.ADMITTED,
    ]
    assert hub_rows(hub, anna.code)["checkins"] == [("стойка-1", DAY)]
    assert count(hub.db, OfflineDuplicate) == 1
    assert hub_rows(hub, boris.code)["checkins"] == [("стойка-2", DAY)]
    assert hub_rows(hub, gleb.code)["checkins"] == []
    assert hub_rows(hub, vera.code)["company"] == "Ромашка"
    assert hub_rows(hub, vera.code)["tariff"] == "package_comfort"
    assert hub_rows(hub, walk_in.attendees[0].code)["checkins"] == [("стойка-2", DAY)]
    with hub.db.read() as session:
        assert session.scalars(select(RefusedScan.attendee_id)).all() == [oleg.id]
        assert session.scalar(select(func.count()).select_from(AppliedAction)) == len(kinds)
    assert contents(replica) == contents(hub.db)
    assert sync(hub, replica, "desk-2").sent == 0


def test_an_undo_and_a_second_check_in_of_one_person_in_one_batch_keep_their_order(
    hub: Desk, replicas: list[Database], event: Event
) -> None:
    anna = registered(hub, last="Аннина", first="Анна")
    replica = replicas[0]
    pull(hub.db, replica)
    desk = offline_desk(replica, event, "стойка-2", 3)  # one moment for all three
    check_in(desk, anna.code)
    undo_check_in(desk, anna.code, DAY, "рано")
    check_in(desk, anna.code)
    result = sync(hub, replica, "desk-2")
    assert result.outcomes == [Replayed.ADMITTED, Replayed.UNDONE, Replayed.ADMITTED]
    assert hub_rows(hub, anna.code)["checkins"] == [("стойка-2", DAY)]
    assert count(hub.db, OfflineDuplicate) == 0
    assert contents(replica) == contents(hub.db)


def test_an_action_the_hub_refuses_stops_the_sync_there_and_what_came_before_is_sent(
    hub: Desk, replicas: list[Database], event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = [registered(hub, last=f"Гость{n}", first="Иван") for n in range(5)]
    replica = replicas[0]
    pull(hub.db, replica)
    desk = offline_desk(replica, event, "стойка-2", 3)
    for person in people:
        check_in(desk, person.code)
    waiting = queued(replica, "desk-2")
    third = waiting[2].action.nonce
    original = KINDS["check_in"]

    def replay(action: OfflineCheckIn) -> Replay:
        made = original.replay(action)
        if action.nonce != third:
            return made

        def refuse(*_args: object) -> NoReturn:
            raise ValidationError("отказано", "code")

        return replace(made, apply=refuse)

    monkeypatch.setitem(KINDS, "check_in", replace(original, replay=replay))
    with pytest.raises(ValidationError):
        sync(hub, replica, "desk-2")  # the batch taken back, then sent one by one
    assert [item.action.nonce for item in queued(replica, "desk-2")] == [
        item.action.nonce for item in waiting[2:]
    ]
    assert count(hub.db, CheckIn) == 2
    with hub.db.read() as session:
        assert session.scalar(select(func.count()).select_from(AppliedAction)) == 2
    monkeypatch.undo()
    result = sync(hub, replica, "desk-2")
    assert (result.sent, result.queued) == (3, 0)
    assert count(hub.db, CheckIn) == 5
    assert contents(replica) == contents(hub.db)


def test_two_desks_sending_batches_for_the_same_people_at_once_both_finish(
    hub: Desk, replicas: list[Database], event: Event
) -> None:
    """Their people in opposite orders: the batches lock them in one order, so neither waits
    for the other forever; the earlier admission of each wins."""
    people = [registered(hub, last=f"Гость{n}", first="Иван") for n in range(40)]
    for replica in replicas:
        pull(hub.db, replica)
    early = offline_desk(replicas[0], event, "стойка-1", 3)
    late = offline_desk(replicas[1], event, "стойка-2", 30)
    for person in people:
        check_in(early, person.code)
    for person in reversed(people):
        check_in(late, person.code)
    with ThreadPoolExecutor(2) as pool:
        results = list(
            pool.map(
                lambda pair: sync(hub, pair[0], pair[1], batch=10),
                [(replicas[0], "desk-1"), (replicas[1], "desk-2")],
            )
        )
    assert [(r.sent, r.queued) for r in results] == [(40, 0), (40, 0)]
    assert results[0].conflicts + results[1].conflicts == 40  # each of desk 2's, one way
    assert count(hub.db, CheckIn) == 40 and count(hub.db, OfflineDuplicate) == 40
    with hub.db.read() as session:
        assert set(session.scalars(select(CheckIn.desk))) == {"стойка-1"}
    for replica in replicas:  # each pulled after both are sent, whichever ended first
        pull(hub.db, replica)
        assert contents(replica) == contents(hub.db)


def test_a_desks_own_admissions_waiting_to_be_sent_are_no_offline_duplicates_until_the_hub_says(
    hub: Desk, replicas: list[Database], event: Event
) -> None:
    anna = registered(hub, last="Аннина", first="Анна")
    boris = registered(hub, last="Борисов", first="Борис")
    vera = registered(hub, last="Верина", first="Вера")
    admitted(hub, vera, DAY, ("ст-1", 1), ("ст-2", 3))  # two other desks let Vera in offline
    replica = replicas[0]
    pull(hub.db, replica)
    check_in(hub, anna.code)  # at 09:05 on the hub, after the pull: this desk cannot know
    desk = offline_desk(replica, event, "стойка-1", 10)
    assert check_in(desk, anna.code).status is Outcome.CHECKED_IN
    assert check_in(desk, boris.code).status is Outcome.CHECKED_IN
    assert len(queued(replica, "desk-1")) == 2

    waiting = day_summary(desk, DAY).decisions
    assert [g.person.code for g in waiting.offline_duplicates] == [vera.code]  # as pulled
    for person in (anna, boris):
        assert person_offline_duplicates(desk, person.id) == OfflineDuplicates()

    result = sync(hub, replica, "desk-1")
    assert (result.outcomes, result.conflicts) == ([Replayed.DUPLICATE, Replayed.ADMITTED], 1)
    sent = day_summary(desk, DAY).decisions
    assert sent.offline_duplicates == day_summary(hub, DAY).decisions.offline_duplicates
    (twice,) = person_offline_duplicates(desk, anna.id).to_review
    assert twice.counted is not None and twice.counted.desk == "хаб"
    assert [a.desk for a in twice.set_aside] == ["стойка-1"]
    assert contents(replica) == contents(hub.db)


def company_edited_at_two_desks(
    hub: Desk, replicas: list[Database], event: Event
) -> tuple[str, Desk, Desk]:
    """Both desks cut off; «стойка-1» changes Yana's company to «Альфа» first, «стойка-2»
    to «Бета» later and prints her badge with it."""
    yana = registered(hub, last="Янина", first="Яна", company="Старт")
    for replica in replicas:
        pull(hub.db, replica)
    early = offline_desk(replicas[0], event, "стойка-1", 2)
    late = offline_desk(replicas[1], event, "стойка-2", 9)
    edit_attendee(early, yana.code, {"company": "Альфа"})
    edit_attendee(late, yana.code, {"company": "Бета"})
    print_badges(late, [yana.code], printer="x", sender=sent_nowhere)
    return yana.code, early, late


@pytest.mark.parametrize("later_first", [True, False])
def test_two_desks_editing_one_field_offline_keep_the_later_edit_and_flag_both(
    hub: Desk, replicas: list[Database], event: Event, later_first: bool
) -> None:
    code, _early, _late = company_edited_at_two_desks(hub, replicas, event)
    order = [(replicas[1], "desk-2"), (replicas[0], "desk-1")]
    results = [
        sync(hub, replica, name) for replica, name in (order if later_first else order[::-1])
    ]
    assert sum(r.conflicts for r in results) == 1  # the field two desks changed, once
    assert Replayed.EDIT_CONFLICT in results[1].outcomes
    view = lookup.get_by_code(hub, code)
    assert view is not None and view.company == "Бета"
    assert not out_of_date(view, event)  # the badge printed shows what stands
    with hub.db.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == EDIT_CONFLICT)).one()
    assert entry.after is not None and entry.before is not None
    lost = entry.after if later_first else entry.before  # «Альфа»: стойка-1's value
    assert (lost["value"], lost["desk"]) == ("Альфа", "стойка-1")
    assert entry.after["applied"] is not later_first
    for replica in replicas:
        pull(hub.db, replica)
        assert contents(replica) == contents(hub.db)


def test_an_edit_on_the_hub_later_than_a_desks_offline_one_stands(
    hub: Desk, replicas: list[Database], event: Event, clock: FixedClock
) -> None:
    yana = registered(hub, last="Янина", first="Яна", company="Старт")
    pull(hub.db, replicas[0])
    edit_attendee(offline_desk(replicas[0], event, "стойка-1", 2), yana.code, {"company": "Альфа"})
    clock.now = CONFERENCE_MORNING + timedelta(minutes=5)
    edit_attendee(hub, yana.code, {"company": "Бета"})
    result = sync(hub, replicas[0], "desk-1")
    assert (result.sent, result.conflicts) == (1, 1)
    view = lookup.get_by_code(hub, yana.code)
    assert view is not None and view.company == "Бета"
    assert contents(replicas[0]) == contents(hub.db)


def test_two_desks_editing_different_fields_offline_both_apply(
    hub: Desk, replicas: list[Database], event: Event
) -> None:
    yana = registered(hub, last="Янина", first="Яна", company="Старт", position="инженер")
    for replica in replicas:
        pull(hub.db, replica)
    edit_attendee(offline_desk(replicas[0], event, "стойка-1", 2), yana.code, {"position": "CTO"})
    edit_attendee(offline_desk(replicas[1], event, "стойка-2", 9), yana.code, {"company": "Бета"})
    second = sync(hub, replicas[1], "desk-2")
    first = sync(hub, replicas[0], "desk-1")
    assert (second.conflicts, first.conflicts) == (0, 0)
    view = lookup.get_by_code(hub, yana.code)
    assert view is not None and (view.company, view.position) == ("Бета", "CTO")


# ---- an offline undo takes back the desk's own admission, never another desk's ----------------

ARRIVALS: Final = {
    # Which desk's actions reach the hub in which order: стойка-1's check-in and its undo
    # (in that order, as its outbox sends them), стойка-2's check-in anywhere around them.
    "стойка-2 first": ("2", "1", "1u"),
    "between стойка-1's check-in and its undo": ("1", "2", "1u"),
    "стойка-2 last": ("1", "1u", "2"),
}


@pytest.mark.parametrize("other_minutes", [5, 1], ids=["other later", "other earlier"])
@pytest.mark.parametrize("order", list(ARRIVALS), ids=list(ARRIVALS))
def test_an_offline_undo_keeps_the_person_in_through_the_other_desks_admission_in_any_order(
    hub: Desk, replicas: list[Database], event: Event, order: str, other_minutes: int
) -> None:
    anna = registered(hub, last="Аннина", first="Анна")
    for replica in replicas:
        pull(hub.db, replica)
    mine = offline_desk(replicas[0], event, "стойка-1", 2)
    other = offline_desk(replicas[1], event, "стойка-2", other_minutes)
    check_in(mine, anna.code)
    check_in(other, anna.code)
    undo_check_in(mine, anna.code, DAY, "отметили не того")
    check_in_1, undo_1 = queued(replicas[0], "desk-1")
    (check_in_2,) = queued(replicas[1], "desk-2")
    by_name = {"1": check_in_1, "1u": undo_1, "2": check_in_2}
    for name in ARRIVALS[order]:
        item = by_name[name]
        replay_once(hub, KINDS[item.kind].replay(item.action))

    with hub.db.read() as session:
        counted = session.scalars(select(CheckIn)).one()
        assert (counted.desk, counted.checked_in_at, counted.offline) == (
            "стойка-2",
            other.now(),
            True,
        )
    assert count(hub.db, OfflineDuplicate) == 0
    assert person_offline_duplicates(hub, anna.id) == OfflineDuplicates()
    with hub.db.read() as session:
        undone = session.scalars(
            select(AuditEntry).where(
                AuditEntry.action.in_(("undo_check_in", "undo_offline_duplicate"))
            )
        ).one()
        assert (undone.desk, (undone.before or {}).get("desk")) == ("стойка-1", "стойка-1")
    day = stats(hub, DAY).for_day(DAY)
    assert day is not None and day.checked_in == 1

    results = [sync(hub, replica, f"desk-{n}") for n, replica in enumerate(replicas, 1)]
    assert [r.queued for r in results] == [0, 0]
    for replica in replicas:
        pull(hub.db, replica)
        assert contents(replica) == contents(hub.db)
        seen = lookup.get_by_code(Desk(replica, event), anna.code)
        assert seen is not None and seen.checkin_on(DAY) is not None
        assert seen.checkin_on(DAY).desk == "стойка-2"  # type: ignore[union-attr]


def test_the_reported_order_counts_the_other_desks_admission_and_audits_it(
    hub: Desk, replicas: list[Database], event: Event
) -> None:
    # The cold trial: both desks cut off; стойка-1 and стойка-2 admit Anna, стойка-1 undoes;
    # стойка-2 reconnects first, then стойка-1.
    anna = registered(hub, last="Аннина", first="Анна")
    for replica in replicas:
        pull(hub.db, replica)
    mine = offline_desk(replicas[0], event, "стойка-1", 2)
    other = offline_desk(replicas[1], event, "стойка-2", 5)
    check_in(mine, anna.code)
    check_in(other, anna.code)
    undo_check_in(mine, anna.code, DAY, "отметили не того")
    assert sync(hub, replicas[1], "desk-2").outcomes == [Replayed.ADMITTED]
    first = sync(hub, replicas[0], "desk-1")
    assert first.outcomes == [Replayed.EARLIER, Replayed.UNDONE]
    assert hub_rows(hub, anna.code)["checkins"] == [("стойка-2", DAY)]
    assert person_offline_duplicates(hub, anna.id) == OfflineDuplicates()
    with hub.db.read() as session:
        (counted_again,) = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "offline_duplicate_counted")
        ).all()
    assert counted_again.desk == "стойка-1" and counted_again.attendee_id == anna.id
    assert (counted_again.before or {})["desk"] == "стойка-2"
    assert (counted_again.after or {})["in_place_of_desk"] == "стойка-1"
    pull(hub.db, replicas[1])
    for replica in replicas:
        assert contents(replica) == contents(hub.db)


def test_ctrl_z_without_the_hub_of_an_admission_the_hub_had_set_aside_reaches_the_hub(
    hub: Desk, replicas: list[Database], event: Event
) -> None:
    anna = registered(hub, last="Аннина", first="Анна")
    at_the_hub = replace(hub, name="стойка-1", operator="оля")
    check_in(at_the_hub, anna.code)  # 09:05, стойка-1 online
    admitted(hub, anna, DAY, ("стойка-2", 1))  # another desk's earlier admission, sent since
    replica = replicas[0]
    pull(hub.db, replica)
    desk = offline_desk(replica, event, "стойка-1", 20)  # then стойка-1 loses the hub
    last = last_check_in_of_desk(desk)
    assert last is not None and last.admission.desk == "стойка-1"
    view = undo_check_in(desk, anna.code, DAY, "не тот", admission=last.admission)
    assert view.checkin_on(DAY) is not None
    (waiting,) = queued(replica, "desk-1")
    assert waiting.kind == "undo_check_in"
    result = sync(hub, replica, "desk-1")
    assert result.outcomes == [Replayed.UNDONE]
    assert hub_rows(hub, anna.code)["checkins"] == [("стойка-2", DAY)]
    assert count(hub.db, OfflineDuplicate) == 0
    assert contents(replica) == contents(hub.db)
