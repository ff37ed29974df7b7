"""The desk's everyday commands as a new user reads them: search, checkin, show, upgrade."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import update

from kiosk.cli import main
from kiosk.models import Attendee
from kiosk.services.context import Desk
from kiosk.services.views import AttendeeView
from tests.core.factories import registered


def kiosk_json(db_url: str, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    capsys.readouterr()
    status = main(["--db", db_url, "--desk", "desk-1", *args, "--json"])
    return status, json.loads(capsys.readouterr().out)


def kiosk_text(db_url: str, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    status = main(["--db", db_url, "--desk", "desk-1", *args])
    return status, capsys.readouterr().out


def with_code(desk: Desk, person: AttendeeView, code: str) -> AttendeeView:
    with desk.db.write() as session:
        session.execute(update(Attendee).where(Attendee.id == person.id).values(badge_code=code))
    return person


@pytest.mark.parametrize("typed", ["DZCJ", "dzcj", "ANCB-BXBQ"])
def test_kiosk_search_finds_a_person_by_a_code_beginning_of_letters_only(
    db_url: str, desk: Desk, capsys: pytest.CaptureFixture[str], typed: str
) -> None:
    with_code(desk, registered(desk, last="Буквенная", first="Анна"), "DZCJ-RTWX-ANCB")
    with_code(desk, registered(desk, last="Групповая", first="Вера"), "ANCB-BXBQ-7KQ2")
    status, doc = kiosk_json(db_url, capsys, "search", typed)
    wanted = "ANCB" if typed.startswith("ANCB") else "DZCJ"
    assert status == 0 and [r["code"][:4] for r in doc["results"]] == [wanted]
