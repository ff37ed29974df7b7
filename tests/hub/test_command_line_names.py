"""The organiser's `kiosk` commands on a hub whose desk app holds «стойка-1»: reading is never
refused for a name, and what a command writes is credited to the organiser or to the command
line — never to that desk — unless the command runs as that desk (its KIOSK_HOME)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from kiosk.cli import COMMAND_GROUPS
from kiosk.cli.app import Exit, run
from kiosk.config import load_event
from kiosk.db import Database
from kiosk.hub import desks
from kiosk.hub.desks import DESK
from kiosk.models import Attendee, AuditEntry, CheckIn
from kiosk.services.context import Desk
from tests.core.factories import registered
from tests.hubs import HubProcess

pytestmark = [pytest.mark.postgres]

DESK_APP = "стойка-1"


@dataclass
class Hub:
    join: str
    direct: Database
    """The hub as the test looks at it."""
    desk_home: Path
    """The KIOSK_HOME of the desk app that holds «стойка-1»."""


@pytest.fixture(scope="module")
def hub(shared_hub: HubProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    """The hub, with a desk app joined as «стойка-1» (as the app registers at its join)."""
    home = tmp_path_factory.mktemp("desk-app")
    code, db = desks.open_hub(shared_hub.join, load_event(), home)
    try:
        # As the app does at its join: registered, and the name kept in its profile.
        desks.remember(
            code, desks.register(db, desks.installation(code, DESK, home), DESK_APP), home
        )
        yield Hub(shared_hub.join, db, home)
    finally:
        db.dispose()


def kiosk(home: Path, *argv: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, Any]:
    """`kiosk ARGV --json` in this process, from the profile (KIOSK_HOME) `home`."""
    monkeypatch.setenv("KIOSK_HOME", str(home))
    out, err = io.StringIO(), io.StringIO()
    status = run([*argv, "--json"], COMMAND_GROUPS, out, err)
    return status, json.loads(out.getvalue())


def person(hub: Hub, last: str, *, review: str | None = None) -> str:
    """Someone registered (and paid) at the desk app, flagged for `review` if given."""
    code = registered(Desk(hub.direct, load_event(), name=DESK_APP), "comfort", last=last).code
    if review is not None:
        with hub.direct.write() as session:
            found = session.scalars(select(Attendee).where(Attendee.badge_code == code)).one()
            found.review = review
    return code


def credited(hub: Hub, code: str, *actions: str) -> list[tuple[str, str]]:
    with hub.direct.read_rows() as connection:
        rows = connection.execute(
            select(AuditEntry.action, AuditEntry.desk)
            .join(Attendee, Attendee.id == AuditEntry.attendee_id)
            .where(Attendee.badge_code == code, AuditEntry.action.in_(actions))
            .order_by(AuditEntry.id)
        ).all()
    return [(action, desk) for action, desk in rows]


def test_the_organisers_reading_commands_are_never_refused_for_a_desks_name(
    hub: Hub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = person(hub, f"Читаемая-{tmp_path.name[-10:]}")
    organiser = tmp_path / "organiser"
    reads = [
        ("show", code),
        ("search", "Читаемая"),
        ("stats",),
        ("review",),
        ("report", "--day", "2026-11-28", "-o", str(tmp_path / "day.pdf")),
        ("paper-list", "-o", str(tmp_path / "paper.pdf")),
        ("export", "checkins", "-o", str(tmp_path / "in.csv")),
    ]
    for command in reads:
        status, doc = kiosk(organiser, "--db", hub.join, *command, monkeypatch=monkeypatch)
        assert status == Exit.OK, (command, doc)
        # Even under the desk app's name, given on purpose: reading credits nobody.
        status, doc = kiosk(
            organiser, "--db", hub.join, "--desk", DESK_APP, *command, monkeypatch=monkeypatch
        )
        assert status == Exit.OK, (command, doc)


def test_a_command_that_writes_under_the_desk_apps_name_is_still_refused(
    hub: Hub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = person(hub, f"Отказанная-{tmp_path.name[-10:]}", review="probable_duplicate")
    organiser = tmp_path / "organiser"
    for command in (("checkin", code, "--at", "2026-11-28T09:05"), ("keep-both", code)):
        status, doc = kiosk(
            organiser, "--db", hub.join, "--desk", DESK_APP, *command, monkeypatch=monkeypatch
        )
        assert (status, doc["field"]) == (Exit.INVALID, "desk"), (command, doc)
        assert "«стойка-2»" in doc["error"]
    monkeypatch.setenv("KIOSK_DESK", DESK_APP)
    status, doc = kiosk(organiser, "--db", hub.join, "keep-both", code, monkeypatch=monkeypatch)
    assert (status, doc["field"]) == (Exit.INVALID, "desk")
    assert credited(hub, code, "keep_both", "check_in") == []


def test_what_the_organisers_laptop_writes_is_credited_to_the_organiser_or_the_command_line(
    hub: Hub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = person(hub, f"Решённая-{tmp_path.name[-10:]}", review="shared_contact")
    organiser = tmp_path / "organiser"
    status, doc = kiosk(organiser, "--db", hub.join, "keep-both", code, monkeypatch=monkeypatch)
    assert status == Exit.OK, doc
    status, doc = kiosk(
        organiser, "--db", hub.join, "checkin", code, "--at", "2026-11-28T09:05",
        monkeypatch=monkeypatch,
    )  # fmt: skip
    assert status == Exit.OK and doc["desk"] == "командная строка", doc
    assert credited(hub, code, "keep_both", "check_in") == [
        ("keep_both", "организатор"),
        ("check_in", "командная строка"),
    ]
    with hub.direct.read_rows() as connection:
        (desk,) = connection.execute(
            select(CheckIn.desk)
            .join(Attendee, Attendee.id == CheckIn.attendee_id)
            .where(Attendee.badge_code == code)
        ).scalars()
    assert desk == "командная строка"
    status, doc = kiosk(organiser, "--db", hub.join, "show", code, monkeypatch=monkeypatch)
    assert status == Exit.OK and DESK_APP not in json.dumps(doc["attendee"], ensure_ascii=False)


def test_run_as_the_desk_app_a_command_is_credited_to_that_desk(
    hub: Hub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = person(hub, f"Своя-{tmp_path.name[-10:]}", review="shared_contact")
    status, doc = kiosk(hub.desk_home, "--db", hub.join, "keep-both", code, monkeypatch=monkeypatch)
    assert status == Exit.OK, doc
    status, doc = kiosk(
        hub.desk_home, "--db", hub.join, "checkin", code, "--at", "2026-11-28T09:05",
        monkeypatch=monkeypatch,
    )  # fmt: skip
    assert status == Exit.OK and doc["desk"] == DESK_APP, doc
    assert credited(hub, code, "keep_both", "check_in") == [
        ("keep_both", DESK_APP),
        ("check_in", DESK_APP),
    ]
