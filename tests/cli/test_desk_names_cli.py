"""What a `kiosk` command run on a laptop that is no desk is credited to (never a desk's name it
did not take), and how a desk's name is shown after what it did (never «стойка стойка-1»)."""

from __future__ import annotations

import csv
import json
import re
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from kiosk.cli import Exit, main
from kiosk.config import Event
from kiosk.db import open_database
from kiosk.models import AuditEntry
from kiosk.services.context import Desk
from kiosk.services.replay_actions import OfflinePayment, replay_payment
from tests.cli.test_organiser_cli import admitted_offline, flag

ORGANISER = {"ru": "организатор", "en": "organiser"}
COMMAND_LINE = {"ru": "командная строка", "en": "command line"}


class Bare:
    """`kiosk --db … ARGS` in-process with no `--desk` (nor KIOSK_DESK): as the organiser's
    laptop runs it."""

    def __init__(self, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
        self.db_url = db_url
        self.capsys = capsys
        assert self("init")[0] == Exit.OK

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        status = main(["--db", self.db_url, *args])
        out, err = self.capsys.readouterr()
        return status, out, err

    def json(self, *args: str) -> tuple[int, Any]:
        status, out, _err = self(*args, "--json")
        return status, json.loads(out)

    def register(self, last: str, phone: str, *extra: str) -> str:
        status, doc = self.json(
            "register", "--last", last, "--first", "Анна", "--phone", phone,
            "--tariff", "comfort", "--consent", *extra,
        )  # fmt: skip
        assert status == Exit.OK, doc
        return str(doc["attendees"][0]["code"])


@pytest.fixture
def bare(db_url: str, capsys: pytest.CaptureFixture[str]) -> Bare:
    return Bare(db_url, capsys)


def audit_desks(db_url: str, event: Event, *actions: str) -> dict[str, set[str]]:
    db = open_database(db_url, event)
    try:
        with db.read() as session:
            rows = session.execute(
                select(AuditEntry.action, AuditEntry.desk).where(AuditEntry.action.in_(actions))
            ).all()
    finally:
        db.dispose()
    found: dict[str, set[str]] = {}
    for action, desk in rows:
        found.setdefault(action, set()).add(desk)
    return found


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_organisers_decisions_from_a_laptop_with_no_desk_are_credited_to_the_organiser(
    bare: Bare, event: Event, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    monkeypatch.setenv("KIOSK_LANG", language)
    anna = bare.register("Абрамова", "+79140000001", "--pay", "card")
    twice = bare.register("Абрамова", "+79140000001", "--allow-duplicate")
    boris = bare.register("Борисов", "+79140000002", "--pay", "card")
    vera = bare.register("Верина", "+79140000003", "--allow-duplicate")
    db = open_database(bare.db_url, event)
    try:
        taken = datetime(2026, 11, 28, 9, 12, tzinfo=event.tz)
        replay_payment(
            Desk(db, event, name="хаб"),
            OfflinePayment(str(uuid.uuid4()), boris, 10000, "cash", None, taken, "ст-2", ""),
        )
    finally:
        db.dispose()
    admitted_offline(bare.db_url, event, anna, ("ст-1", 9), ("ст-2", 2))
    flag(bare.db_url, event, twice, "probable_duplicate")
    flag(bare.db_url, event, vera, "shared_contact")

    status, refunded = bare.json("refund", boris)
    assert status == Exit.OK and refunded["desk"] == ORGANISER[language]
    status, reviewed = bare.json("reviewed", anna)
    assert status == Exit.OK and reviewed["desk"] == ORGANISER[language]
    assert bare.json("merge", anna, twice)[0] == Exit.OK
    assert bare.json("keep-both", vera)[0] == Exit.OK
    assert bare.json("demo", "--count", "2")[0] == Exit.OK

    credited = audit_desks(
        bare.db_url, event, "refund", "review_offline_duplicate", "merge", "keep_both", "demo"
    )
    assert credited == {
        action: {ORGANISER[language]}
        for action in ("refund", "review_offline_duplicate", "merge", "keep_both", "demo")
    }
    # Nothing an organiser's command wrote reads as a desk's.
    assert not any("стойка" in d or "desk" in d for desks in credited.values() for d in desks)


@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_desks_actions_from_a_laptop_with_no_desk_are_credited_to_the_command_line(
    bare: Bare, event: Event, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    monkeypatch.setenv("KIOSK_LANG", language)
    anna = bare.register("Абрамова", "+79140000001")
    status, doc = bare.json("checkin", anna, "--at", "2026-11-28T09:05", "--pay", "cash")
    assert status == Exit.OK and doc["desk"] == COMMAND_LINE[language]
    assert bare.json("print", anna, "--printer", f"pdf:{tmp_path / 'jobs'}")[0] == Exit.OK

    assert audit_desks(bare.db_url, event, "register", "check_in", "payment", "print_badge") == {
        "register": {COMMAND_LINE[language]},
        "check_in": {COMMAND_LINE[language]},
        "payment": {COMMAND_LINE[language]},
        "print_badge": {COMMAND_LINE[language]},
    }
    assert bare("export", "checkins", "-o", str(tmp_path / "in.csv"))[0] == Exit.OK
    with (tmp_path / "in.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    desk_column = rows[0].index("Стойка" if language == "ru" else "Desk")
    assert [row[desk_column] for row in rows[1:]] == [COMMAND_LINE[language]]


def test_a_name_given_still_wins_for_the_organiser_and_the_desk(
    bare: Bare, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = bare.register("Абрамова", "+79140000001", "--pay", "card")
    twice = bare.register("Абрамова", "+79140000001", "--allow-duplicate")
    flag(bare.db_url, event, twice, "probable_duplicate")
    monkeypatch.setenv("KIOSK_DESK", "касса")
    assert bare.json("keep-both", twice)[0] == Exit.OK
    status, doc = bare.json("checkin", anna, "--at", "2026-11-28T09:05")
    assert status == Exit.OK and doc["desk"] == "касса"
    status, doc = bare.json("--desk", "Вход", "undo", anna, "--day", "2026-11-28", "--reason", "x")
    assert status == Exit.OK
    assert audit_desks(bare.db_url, event, "keep_both", "check_in", "undo_check_in") == {
        "keep_both": {"касса"},
        "check_in": {"касса"},
        "undo_check_in": {"Вход"},
    }


# ---- a desk's name after what it did ----------------------------------------------------------


def test_a_check_in_shows_the_desks_name_once_whatever_it_is(
    bare: Bare, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = bare.register("Абрамова", "+79140000001", "--pay", "card")
    status, out, _err = bare("--desk", "стойка-1", "checkin", anna, "--at", "2026-11-28T09:05")
    assert status == Exit.OK
    assert out.splitlines()[0] == (
        "✔ ОТМЕЧЕН(А): Абрамова Анна — 28.11.2026, 28.11 09:05 (внесено позже) · стойка-1"
    )
    status, out, _err = bare("--desk", "Вход", "checkin", anna, "--at", "2026-11-28T09:20")
    assert status == Exit.ALREADY_CHECKED_IN
    assert out.splitlines()[0].startswith("УЖЕ ОТМЕЧЕН(А): Абрамова Анна — ")
    assert out.splitlines()[0].endswith("09:05 (внесено позже) · стойка-1")
    status, out, _err = bare("show", anna)
    assert "  Отмечен(а) 28.11 09:05 (внесено задним числом) · стойка-1" in out.splitlines()
    assert "стойка стойка" not in out

    boris = bare.register("Борисов", "+79140000002", "--pay", "card")
    assert bare("--desk", "Вход", "checkin", boris, "--at", "2026-11-28T09:07")[0] == Exit.OK
    _status, out, _err = bare("show", boris)
    assert "  Отмечен(а) 28.11 09:07 (внесено задним числом) · Вход" in out.splitlines()

    monkeypatch.setenv("KIOSK_LANG", "en")
    _status, out, _err = bare("show", anna)
    assert "  Checked in 28.11 09:05 (entered afterwards) · стойка-1" in out.splitlines()
    assert not re.search(r"desk стойка|стойка стойка", out)
