"""Desks as installations of a hub: an id made on first join, a name unique among the hub's
desks, kiosks numbered, and every desk's activity visible."""

from __future__ import annotations

import json
import stat
import subprocess
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from kiosk.config import Event
from kiosk.db import Database, open_database
from kiosk.hub import desks
from kiosk.hub.desks import DESK, KIOSK, DeskNameInvalid, DeskNameTaken, Installation
from kiosk.hub.join import JoinCode
from kiosk.services.context import Desk
from tests.core.factories import registered
from tests.hubs import ROOT, HubProcess, child_environment, kiosk_command, run_desk

pytestmark = [pytest.mark.postgres]

CODE = JoinCode("192.0.2.10", 5444, "kiosk", "kiosk_desk", "secret-password", bytes(range(16)))


@pytest.fixture
def hub_db(pg_url: str, event: Event) -> Iterator[Database]:
    database = open_database(pg_url, event, create=True)
    yield database
    database.dispose()


def new_desk(kind: str = DESK) -> Installation:
    return Installation(str(uuid.uuid4()), kind)


def test_first_join_makes_an_installation_id_kept_privately_beside_the_hub(
    tmp_path: Path,
) -> None:
    first = desks.installation(CODE, DESK, tmp_path)
    again = desks.installation(CODE, DESK, tmp_path)
    assert first.id == again.id
    path = tmp_path / "hubs" / CODE.hub_id / "desk.json"
    assert json.loads(path.read_text())["id"] == first.id
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_another_laptop_is_another_installation(tmp_path: Path) -> None:
    assert (
        desks.installation(CODE, DESK, tmp_path / "a").id
        != desks.installation(CODE, DESK, tmp_path / "b").id
    )


def test_the_name_a_desk_registered_under_is_remembered(tmp_path: Path, hub_db: Database) -> None:
    me = desks.register(hub_db, desks.installation(CODE, DESK, tmp_path), "стойка-1")
    desks.remember(CODE, me, tmp_path)
    assert desks.installation(CODE, DESK, tmp_path).name == "стойка-1"


def test_a_second_desk_joining_under_a_taken_name_is_asked_for_another(hub_db: Database) -> None:
    desks.register(hub_db, new_desk(), "стойка-1")
    with pytest.raises(DeskNameTaken) as taken:
        desks.register(hub_db, new_desk(), "Стойка-1")
    assert taken.value.suggestion == "Стойка-2"
    assert taken.value.holder.connected
    assert "стойка-1" in str(taken.value).lower()


def test_the_suggested_name_is_free(hub_db: Database) -> None:
    for name in ("стойка-1", "стойка-2", "стойка-3"):
        desks.register(hub_db, new_desk(), name)
    with pytest.raises(DeskNameTaken) as taken:
        desks.register(hub_db, new_desk(), "стойка-2")
    assert taken.value.suggestion == "стойка-4"


def test_a_desk_registering_again_keeps_its_name(hub_db: Database) -> None:
    me = new_desk()
    desks.register(hub_db, me, "стойка-1")
    assert desks.register(hub_db, me, "стойка-1").name == "стойка-1"
    assert [d.name for d in desks.activity(hub_db)] == ["стойка-1"]


def test_a_desk_may_rename_itself_to_a_free_name(hub_db: Database) -> None:
    me = new_desk()
    desks.register(hub_db, me, "стойка-1")
    desks.register(hub_db, me, "Вход")
    assert [d.name for d in desks.activity(hub_db)] == ["Вход"]


def test_a_desk_needs_a_name_of_printable_letters(hub_db: Database) -> None:
    with pytest.raises(DeskNameInvalid):
        desks.register(hub_db, new_desk(), "\u200b\x07")


def test_a_desk_name_holding_a_scanned_join_code_is_refused(hub_db: Database) -> None:
    with pytest.raises(DeskNameInvalid) as refused:
        desks.register(hub_db, new_desk(), "стойка-4" + CODE.encode()[:52])
    assert "HUB1" not in str(refused.value)
    assert desks.register(hub_db, new_desk(), "стойка HUB1-2").name == "стойка HUB1-2"


def test_desks_given_no_name_are_numbered_and_keep_their_number(hub_db: Database) -> None:
    desks.register(hub_db, new_desk(), "стойка-1")  # named so by hand
    first, second = new_desk(), new_desk()
    assert desks.register(hub_db, first, "").name == "стойка-2"
    assert desks.register(hub_db, second, "  ").name == "стойка-3"
    assert desks.register(hub_db, first, "").name == "стойка-2"


def test_kiosks_are_numbered_and_keep_their_number(hub_db: Database) -> None:
    first, second = new_desk(KIOSK), new_desk(KIOSK)
    assert desks.register(hub_db, first, "").name == "киоск-1"
    assert desks.register(hub_db, second, "").name == "киоск-2"
    assert desks.register(hub_db, first, "").name == "киоск-1"


def test_a_replacement_laptop_takes_the_name_of_a_desk_that_is_gone(hub_db: Database) -> None:
    old = new_desk()
    desks.register(hub_db, old, "стойка-1")
    with hub_db.write_rows() as connection:
        connection.execute(text("UPDATE desks SET last_seen_at = now() - interval '1 hour'"))
    replacement = desks.register(hub_db, new_desk(), "стойка-1", take_over=True)
    names = {d.name for d in desks.activity(hub_db)}
    assert replacement.name == "стойка-1"
    assert names == {"стойка-1", f"стойка-1 ({old.id[:8]})"}


def test_a_connected_desks_name_cannot_be_taken_over(hub_db: Database) -> None:
    desks.register(hub_db, new_desk(), "стойка-1")
    with pytest.raises(DeskNameTaken):
        desks.register(hub_db, new_desk(), "стойка-1", take_over=True)


def test_heartbeats_show_who_is_connected_and_their_last_action(hub_db: Database) -> None:
    here, gone = desks.register(hub_db, new_desk(), "стойка-1"), new_desk()
    desks.register(hub_db, gone, "стойка-2")
    with hub_db.write_rows() as connection:
        connection.execute(
            text("UPDATE desks SET last_seen_at = now() - interval '1 minute' WHERE id = :id"),
            {"id": gone.id},
        )
    acted = datetime.now(UTC) - timedelta(seconds=5)
    assert desks.heartbeat(hub_db, here, acted)
    seen = {d.name: d for d in desks.activity(hub_db)}
    assert seen["стойка-1"].connected
    assert not seen["стойка-2"].connected
    assert seen["стойка-1"].last_action_at == acted
    assert seen["стойка-2"].last_action_at is None


def test_an_older_action_does_not_move_the_last_action_back(hub_db: Database) -> None:
    me = desks.register(hub_db, new_desk(), "стойка-1")
    newer = datetime.now(UTC)
    desks.heartbeat(hub_db, me, newer)
    desks.heartbeat(hub_db, me, newer - timedelta(minutes=1))
    assert desks.activity(hub_db)[0].last_action_at == newer


def test_a_heartbeat_of_a_desk_the_hub_does_not_know_says_so(hub_db: Database) -> None:
    assert not desks.heartbeat(hub_db, new_desk())


def test_the_change_mark_moves_with_every_write(hub_db: Database, event: Event) -> None:
    before = desks.change_mark(hub_db)
    registered(Desk(hub_db, event))
    assert desks.change_mark(hub_db) > before


def test_a_command_line_call_through_the_join_code_is_not_a_desk(
    hub: HubProcess, event: Event, tmp_path: Path
) -> None:
    result = run_desk(tmp_path / "cli", hub.join, "--desk", "стойка-9", "stats", "--json")
    assert result.returncode == 0, result.stderr
    _code, db = desks.open_hub(hub.join, event, tmp_path / "look")
    try:
        assert desks.activity(db) == ()
    finally:
        db.dispose()


def test_a_command_line_call_under_another_desks_name_is_refused(
    hub: HubProcess, event: Event, tmp_path: Path
) -> None:
    code, db = desks.open_hub(hub.join, event, tmp_path / "desk")
    try:
        holder = desks.register(db, desks.installation(code, DESK, tmp_path / "desk"), "Вход-3")
    finally:
        db.dispose()
    walk_in = (
        "register", "--last", "Входова", "--first", "Ия", "--phone", "+79140007788",
        "--category", "speaker", "--consent", "--json",
    )  # fmt: skip
    refused = run_desk(tmp_path / "cli", hub.join, "--desk", "вход-3", *walk_in)
    assert refused.returncode == 2, refused.stderr
    error = json.loads(refused.stdout)
    assert error["field"] == "desk"
    assert "«вход-4»" in error["error"]
    # Reading under it is no desk's action: never refused.
    reading = run_desk(tmp_path / "cli", hub.join, "--desk", "вход-3", "stats", "--json")
    assert reading.returncode == 0, reading.stderr
    # The laptop of that desk may act under its name (KIOSK_HOME is where its id is kept).
    own = subprocess.run(
        kiosk_command("--db", hub.join, "--desk", holder.name, *walk_in),
        capture_output=True,
        text=True,
        env={**child_environment(tmp_path / "cli"), "KIOSK_HOME": str(tmp_path / "desk")},
        cwd=ROOT,
        timeout=120,
    )
    assert own.returncode == 0, own.stderr
