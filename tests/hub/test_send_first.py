"""A desk's command on its hub sends what the desk did without the hub first, then does its
own work there: once the network is back, `kiosk show` and `kiosk checkin` at that desk see its
own payments and check-ins (as the desk app does), before anyone runs `kiosk sync`."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from kiosk.config import Event
from kiosk.hub import desks
from kiosk.hub.join import decode
from kiosk.models import Attendee, OfflineDuplicate, RefusedScan
from kiosk.offline import local
from kiosk.offline import sync as sync_module
from kiosk.offline.replica import open_replica
from kiosk.present import command_line_name
from kiosk.services.context import Desk
from tests.core.factories import registered
from tests.hub.test_offline_cli import Venue, check_ins_of, kiosk_here, kiosk_text
from tests.hubs import HubProcess
from tests.netproxy import Proxy

pytestmark = [pytest.mark.postgres]

DAY = date(2026, 11, 28)


@pytest.fixture
def proxy(shared_hub: HubProcess) -> Iterator[Proxy]:
    with Proxy(shared_hub.host, shared_hub.port) as running:
        yield running


@pytest.fixture
def venue(
    shared_hub: HubProcess,
    proxy: Proxy,
    event: Event,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Venue]:
    """A desk (this process, its own KIOSK_HOME) with its replica pulled, reaching the hub
    through the proxy, and a person registered at another desk who has not paid yet."""
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "desk"))
    _, direct = desks.open_hub(shared_hub.join, event, tmp_path / "other")
    try:
        person = registered(
            Desk(direct, event, name="стойка-2"),
            last=f"Неоплаченный-{tmp_path.name}",
            first="Ян",
            paid=False,
        )
        join = replace(decode(shared_hub.join), port=proxy.port).encode()
        status, synced = kiosk_here("--db", join, "sync", "--json")
        assert status == 0 and synced["online"] is True
        yield Venue(join, direct, person.code)
    finally:
        direct.dispose()


def paid_and_checked_in_offline(venue: Venue, proxy: Proxy) -> None:
    """The network is cut: the desk takes the payment and checks the person in on its replica;
    then the network is back."""
    proxy.refuse()
    try:
        status, result = kiosk_here(
            "--db", venue.join, "checkin", venue.code, "--at", "2026-11-28T09:05",
            "--pay", "cash", "--json",
        )  # fmt: skip
    finally:
        proxy.heal()
    assert status == 0 and (result["status"], result["offline"]) == ("checked_in", True)
    assert result["paid_now"] == 10000 and result["queued"] == 2


def refusals_of(venue: Venue) -> list[str]:
    with venue.direct.read_rows() as connection:
        return list(
            connection.execute(
                select(RefusedScan.outcome)
                .join(Attendee, Attendee.id == RefusedScan.attendee_id)
                .where(Attendee.badge_code == venue.code)
            ).scalars()
        )


def duplicates_of(venue: Venue) -> int:
    with venue.direct.read_rows() as connection:
        return int(
            connection.execute(
                select(func.count())
                .select_from(OfflineDuplicate)
                .join(Attendee, Attendee.id == OfflineDuplicate.attendee_id)
                .where(Attendee.badge_code == venue.code)
            ).scalar_one()
        )


def outbox(venue: Venue) -> list[Any]:
    status, listed = kiosk_here("--db", venue.join, "outbox", "--json")
    assert status == 0
    queued: list[Any] = listed["queued"]
    return queued


def test_show_after_the_network_is_back_sends_the_queue_first_and_reports_the_payment(
    venue: Venue, proxy: Proxy, capsys: pytest.CaptureFixture[str]
) -> None:
    paid_and_checked_in_offline(venue, proxy)
    capsys.readouterr()

    status, shown = kiosk_here("--db", venue.join, "show", venue.code, "--json")
    assert status == 0
    attendee = shown["attendee"]
    assert (attendee["amount_paid"], attendee["amount_due"]) == (10000, 0)
    assert list(attendee["checkins"]) == ["2026-11-28"]
    err = capsys.readouterr().err
    assert "Отправлено на хаб из очереди: 2." in err and "для решения организатора" not in err
    assert "Хаб недоступен" not in err
    assert outbox(venue) == []
    assert check_ins_of(venue.direct, venue.code) == [(DAY, True)]

    status, again = kiosk_here(
        "--db", venue.join, "checkin", venue.code, "--at", "2026-11-28T09:40", "--json"
    )
    assert (status, again["status"], again["offline"]) == (10, "already_checked_in", False)
    assert "sent_first" not in again  # nothing was left to send
    assert check_ins_of(venue.direct, venue.code) == [(DAY, True)]
    assert "unpaid" not in refusals_of(venue)
    assert duplicates_of(venue) == 0


def test_a_check_in_after_the_network_is_back_finds_the_desks_own_check_in_and_payment(
    venue: Venue, proxy: Proxy, capsys: pytest.CaptureFixture[str]
) -> None:
    paid_and_checked_in_offline(venue, proxy)
    capsys.readouterr()

    status, again = kiosk_here(
        "--db", venue.join, "checkin", venue.code, "--at", "2026-11-28T09:40", "--json"
    )
    assert (status, again["status"], again["offline"]) == (10, "already_checked_in", False)
    assert (again["first_desk"], again["sent_first"]) == (command_line_name(), 2)  # this one
    assert again["first_checked_in_at"] == "2026-11-28T09:05:00+10:00"
    assert "Отправлено на хаб из очереди: 2" in capsys.readouterr().err
    assert outbox(venue) == []
    assert check_ins_of(venue.direct, venue.code) == [(DAY, True)]  # one check-in
    assert duplicates_of(venue) == 0  # not an offline duplicate of its own desk
    assert refusals_of(venue) == ["already_checked_in"]  # not «unpaid»

    status, text, _err = kiosk_text(
        "--db", venue.join, "checkin", venue.code, "--day", "2026-11-28"
    )
    assert status == 10 and text.startswith("УЖЕ ОТМЕЧЕН(А)")
    assert check_ins_of(venue.direct, venue.code) == [(DAY, True)]


def test_a_hub_lost_again_while_the_queue_is_sent_leaves_the_command_to_the_replica(
    venue: Venue,
    proxy: Proxy,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    paid_and_checked_in_offline(venue, proxy)
    real_replay_all = sync_module.replay_all
    stalled: list[float] = []

    def the_hub_stalls_first(desk: Desk, replays: Any) -> Any:
        if not stalled:
            proxy.stall()  # the hub was opened; now it takes packets and answers nothing
            stalled.append(time.monotonic())
        return real_replay_all(desk, replays)

    monkeypatch.setattr(sync_module, "replay_all", the_hub_stalls_first)
    capsys.readouterr()
    try:
        status, shown = kiosk_here("--db", venue.join, "show", venue.code, "--json")
        took = time.monotonic() - stalled[0]
    finally:
        proxy.heal()
    assert took < 2.0, took  # 1.5 s at most for the hub, then the replica
    assert status == 0
    assert (shown["attendee"]["amount_paid"], shown["attendee"]["amount_due"]) == (10000, 0)
    assert "Хаб недоступен: работаю по копии" in capsys.readouterr().err
    assert [item["kind"] for item in outbox(venue)] == ["payment", "check_in"]  # kept whole
    assert check_ins_of(venue.direct, venue.code) == []  # the batch was taken back whole

    monkeypatch.setattr(sync_module, "replay_all", real_replay_all)
    status, again = kiosk_here(
        "--db", venue.join, "checkin", venue.code, "--at", "2026-11-28T09:40", "--json"
    )
    assert (status, again["status"], again["sent_first"]) == (10, "already_checked_in", 2)
    assert outbox(venue) == []
    assert check_ins_of(venue.direct, venue.code) == [(DAY, True)]
    assert duplicates_of(venue) == 0


def test_a_hub_that_refuses_connections_while_the_queue_waits_leaves_it_queued(
    venue: Venue, proxy: Proxy
) -> None:
    paid_and_checked_in_offline(venue, proxy)
    proxy.refuse()
    try:
        status, again = kiosk_here(
            "--db", venue.join, "checkin", venue.code, "--at", "2026-11-28T09:40", "--json"
        )
    finally:
        proxy.heal()
    assert (status, again["status"], again["offline"]) == (10, "already_checked_in", True)
    assert "sent_first" not in again
    kinds = [item["kind"] for item in outbox(venue)]
    assert kinds == ["payment", "check_in", "refused_scan"]
    status, sent = kiosk_here("--db", venue.join, "sync", "--json")
    assert status == 0 and (sent["sent"], sent["queued"], sent["conflicts"]) == (3, 0, 0)
    assert check_ins_of(venue.direct, venue.code) == [(DAY, True)]


def test_an_empty_outbox_does_not_open_the_replica(
    venue: Venue, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the replica was opened for an empty outbox")

    monkeypatch.setattr(local, "open_local_replica", never)
    status, shown = kiosk_here("--db", venue.join, "show", venue.code, "--json")
    assert status == 0 and shown["attendee"]["amount_due"] == 10000


def test_an_error_while_the_queue_is_sent_leaves_the_command_to_the_replica_saying_so(
    venue: Venue,
    proxy: Proxy,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    paid_and_checked_in_offline(venue, proxy)

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("a bug in the replay")

    monkeypatch.setattr(sync_module, "replay_all", broken)
    capsys.readouterr()
    status, shown = kiosk_here("--db", venue.join, "show", venue.code, "--json")
    assert status == 0 and shown["attendee"]["amount_due"] == 0  # the replica's, paid
    err = capsys.readouterr().err
    assert "Очередь не отправлена на хаб" in err and "kiosk.log" in err
    assert "Traceback" not in err
    assert [item["kind"] for item in outbox(venue)] == ["payment", "check_in"]


def test_a_walk_in_registered_without_the_hub_is_found_there_by_the_next_command(
    venue: Venue, proxy: Proxy, event: Event, tmp_path: Path
) -> None:
    last = f"Пришедший-{tmp_path.name}"
    proxy.refuse()
    try:
        status, made = kiosk_here(
            "--db", venue.join, "register", "--last", last, "--first", "Ян",
            "--tariff", "comfort", "--phone", "+79145550388", "--pay", "card",
            "--consent", "--json",
        )  # fmt: skip
    finally:
        proxy.heal()
    assert status == 0 and (made["offline"], made["queued"]) == (True, 2)
    code = made["attendees"][0]["code"]

    status, found = kiosk_here("--db", venue.join, "search", last, "--json")
    assert status == 0 and [r["code"] for r in found["results"]] == [code]
    assert outbox(venue) == []
    with venue.direct.read_rows() as connection:
        on_hub = connection.execute(
            select(Attendee.badge_code, Attendee.amount_due).where(Attendee.last_name == last)
        ).all()
    assert [tuple(row) for row in on_hub] == [(code, 0)]  # once, paid
    status, synced = kiosk_here("--db", venue.join, "sync", "--json")
    assert status == 0 and (synced["sent"], synced["queued"]) == (0, 0)
    (path,) = (tmp_path / "desk").rglob("replica.sqlite3")
    replica = open_replica(path, event)
    try:  # the desk's own row of the walk-in gave way to the hub's, once
        with replica.read_rows() as connection:
            rows = connection.execute(
                select(Attendee.id, Attendee.badge_code).where(Attendee.last_name == last)
            ).all()
    finally:
        replica.dispose()
    with venue.direct.read_rows() as connection:
        hub_id = connection.execute(
            select(Attendee.id).where(Attendee.badge_code == code)
        ).scalar_one()
    assert [tuple(row) for row in rows] == [(hub_id, code)]
