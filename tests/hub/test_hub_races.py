"""Eight desks, each a process of its own joined to one hub by its code, doing the same thing
for the same person at the same moment: every write stays single, and the other desks are told
why (tests/hub/racer.py is one desk; a barrier starts them together, and every action of the
race begins at the same moment at every desk).

One race day for the module: the desks start once (a process takes a second to start on a
2-core machine) and go through every kind of race in turn, each with people of its own; each
test then looks at one kind.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from kiosk.config import Event
from kiosk.db import Database, open_database
from kiosk.models import Attendee, AuditEntry, BadgePrint, CheckIn, Payment
from kiosk.services.checkin import check_in
from kiosk.services.context import Desk
from kiosk.services.views import AttendeeView
from tests.conftest import CONFERENCE_MORNING, TRAINING_MORNING, FixedClock
from tests.core.factories import registered
from tests.hubs import ROOT, HubProcess, child_environment

pytestmark = [pytest.mark.postgres]

DESKS = 8
CONFERENCE = date(2026, 11, 28)
TRAINING = date(2026, 11, 27)
SURNAMES = (
    "Абрамов",
    "Белова",
    "Васильев",
    "Григорьева",
    "Денисов",
    "Ежова",
    "Жуков",
    "Зайцева",
)
FIRST_NAMES = {
    "checkin": "Анна",
    "pay_at_door": "Борис",
    "pay": "Вера",
    "upgrade": "Глеб",
    "upgrade_at_door": "Дарья",
    "print": "Егор",
    "undo": "Жанна",
}
PHONE_SPELLINGS = ("+7 914 {}", "8 (914) {}", "8914{}", "+7914{}")
"""How eight operators type one phone: the desks must see the same number in each."""


@dataclass
class Race:
    """What each desk was told, action by action, and the people each kind of race is about."""

    told: list[list[dict[str, Any]]]
    slots: dict[str, list[int]] = field(default_factory=dict)
    people: dict[str, list[AttendeeView]] = field(default_factory=dict)
    values: dict[str, list[str]] = field(default_factory=dict)
    print_folder: Path = Path()

    def answers(self, kind: str, round_: int) -> list[dict[str, Any]]:
        """What the eight desks were told in this round of this kind of race."""
        slot = self.slots[kind][round_]
        return [desk[slot] for desk in self.told]


def outcomes(answers: list[dict[str, Any]]) -> list[str]:
    return sorted(a["outcome"] for a in answers)


def one_and_the_rest(answers: list[dict[str, Any]], winner: str, others: str) -> bool:
    return outcomes(answers) == sorted([winner] + [others] * (DESKS - 1))


class Plan:
    """The race day's actions, the same at every desk, each at its own moment."""

    def __init__(self) -> None:
        self.actions: list[dict[str, Any]] = []
        self.slots: dict[str, list[int]] = {}
        self.at = 0.0

    def add(self, kind: str, gap: float, action: dict[str, Any]) -> None:
        self.slots.setdefault(kind, []).append(len(self.actions))
        self.actions.append({"at": round(self.at, 3), **action})
        self.at += gap


def prepare(db: Database, event: Event, print_folder: Path) -> tuple[Plan, Race]:
    """The people on the hub before the race, and every desk's plan."""
    clock = FixedClock(CONFERENCE_MORNING)
    desk = Desk(db, event, name="office", operator="olga", clock=clock)
    race = Race(told=[], print_folder=print_folder)

    def people(kind: str, count: int, *, paid: bool = True) -> list[AttendeeView]:
        chosen = [
            registered(desk, "comfort", last=name, first=FIRST_NAMES[kind], paid=paid)
            for name in SURNAMES[:count]
        ]
        race.people[kind] = chosen
        return chosen

    plan = Plan()
    for person in people("checkin", 8):
        plan.add("checkin", 0.3, {"do": "checkin", "code": person.code})
    phones = [f"555{n:04d}" for n in range(4)]
    race.values["phone"] = [f"+7914{p}" for p in phones]
    for phone in phones:
        plan.add("phone", 0.5, {"do": "walk_in", "phone": phone, "tariff": "comfort"})
    emails = [f"walk.in.{n}@example.ru" for n in range(4)]
    race.values["email"] = emails
    for number, email in enumerate(emails):
        plan.add("email", 0.5, {"do": "walk_in", "email": email, "tariff": "comfort", "n": number})
    for person in people("pay_at_door", 4, paid=False):
        plan.add("pay_at_door", 0.4, {"do": "checkin", "code": person.code, "pay": "cash"})
    for person in people("pay", 2, paid=False):
        plan.add("pay", 0.4, {"do": "pay", "code": person.code, "method": "card"})
    for person in people("upgrade", 2):
        plan.add(
            "upgrade",
            0.4,
            {"do": "upgrade", "code": person.code, "tariff": "package_comfort", "pay": "card"},
        )
    for person in people("upgrade_at_door", 2):
        plan.add(
            "upgrade_at_door",
            0.4,
            {
                "do": "checkin",
                "code": person.code,
                "upgrade": "package_comfort",
                "pay": "card",
                "now": TRAINING_MORNING.isoformat(),
            },
        )
    for person in people("print", 4):
        plan.add(
            "print", 0.6, {"do": "print", "code": person.code, "printer": f"pdf:{print_folder}"}
        )
    for person in people("undo", 4):
        check_in(desk, person.code)
        plan.add(
            "undo",
            0.4,
            {"do": "undo", "code": person.code, "day": CONFERENCE.isoformat(), "reason": "ошибка"},
        )
    race.slots = plan.slots
    return plan, race


def desk_actions(plan: Plan, number: int) -> list[dict[str, Any]]:
    """The plan as desk `number` types it: its own walk-in names and phone spelling."""
    mine = []
    for action in plan.actions:
        action = dict(action)
        if action["do"] == "walk_in":
            action |= {"last": SURNAMES[number], "first": "Гость"}
            if "phone" in action:
                action["phone"] = PHONE_SPELLINGS[number % 4].format(action["phone"])
            else:  # the same e-mail, each desk with a phone of its own
                action |= {"phone": f"+7924{action.pop('n')}{number:06d}"}
        mine.append(action)
    return mine


def run_race(hub: HubProcess, plan: Plan, folder: Path) -> list[list[dict[str, Any]]]:
    barrier = folder / "barrier"
    barrier.mkdir()
    desks = []
    for number in range(DESKS):
        name = f"стойка-{number + 1}"
        spec = folder / f"{number}.json"
        spec.write_text(
            json.dumps(
                {
                    "join": hub.join,
                    "desk": name,
                    "barrier": str(barrier),
                    "now": CONFERENCE_MORNING.isoformat(),
                    "actions": desk_actions(plan, number),
                },
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        home = folder / f"desk-{number + 1}"
        home.mkdir()
        desks.append(
            subprocess.Popen(
                [sys.executable, "-m", "tests.hub.racer", str(spec)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=child_environment(home),
                cwd=ROOT,
            )
        )
    try:
        deadline = time.monotonic() + 180
        while len(list(barrier.glob("ready-*"))) < DESKS:
            crashed = [d for d in desks if d.poll() is not None]
            if crashed or time.monotonic() > deadline:
                raise AssertionError(f"a desk did not get ready: {crashed[0].communicate()}")
            time.sleep(0.05)
        (barrier / "go").write_text(repr(time.time() + 0.5))
        told = []
        for desk in desks:
            out, errors = desk.communicate(timeout=180)
            assert desk.returncode == 0, errors[-3000:]
            told.append(json.loads(out))
        return told
    finally:
        for desk in desks:
            if desk.poll() is None:
                desk.kill()
                desk.wait()


@pytest.fixture(scope="module")
def hub_db(shared_hub: HubProcess, event: Event) -> Iterator[Database]:
    """The hub's database as the hub itself reaches it (to prepare and to look)."""
    db = open_database(shared_hub.url, event)
    yield db
    db.dispose()


@pytest.fixture(scope="module")
def race(
    shared_hub: HubProcess,
    hub_db: Database,
    event: Event,
    tmp_path_factory: pytest.TempPathFactory,
) -> Race:
    folder = tmp_path_factory.mktemp("race")
    plan, race = prepare(hub_db, event, folder / "badges")
    race.told = run_race(shared_hub, plan, folder)
    return race


def value(db: Database, statement: Any) -> int:
    """A number the hub holds (a count, an amount)."""
    with db.read() as session:
        found: int = session.scalar(statement) or 0
        return found


def test_the_desks_started_each_race_together(race: Race) -> None:
    spreads = []
    for slot in range(len(race.told[0])):
        began = [desk[slot]["began"] for desk in race.told]
        spreads.append(max(began) - min(began))
    assert statistics.median(spreads) < 0.1, spreads


def test_each_person_is_checked_in_once_and_the_other_desks_are_told_already(
    race: Race, hub_db: Database
) -> None:
    for round_, person in enumerate(race.people["checkin"]):
        answers = race.answers("checkin", round_)
        assert one_and_the_rest(answers, "checked_in", "already_checked_in"), answers
        told_already = [a["message"] for a in answers if a["outcome"] == "already_checked_in"]
        assert all(m.startswith("УЖЕ ОТМЕЧЕН(А)") for m in told_already)
        rows = select(func.count()).select_from(CheckIn).where(CheckIn.attendee_id == person.id)
        assert value(hub_db, rows) == 1
        entries = select(func.count()).where(
            AuditEntry.attendee_id == person.id, AuditEntry.action == "check_in"
        )
        assert value(hub_db, entries) == 1


def test_walk_ins_with_one_phone_make_one_attendee_and_the_others_are_shown_the_duplicate(
    race: Race, hub_db: Database
) -> None:
    for round_, phone in enumerate(race.values["phone"]):
        answers = race.answers("phone", round_)
        assert one_and_the_rest(answers, "ok", "DuplicateError"), answers
        (registered_code,) = [a["code"] for a in answers if a["outcome"] == "ok"]
        duplicates = [a["message"] for a in answers if a["outcome"] == "DuplicateError"]
        assert all("Уже зарегистрирован(а) с этим телефоном" in m for m in duplicates)
        assert all(registered_code in m for m in duplicates)
        people = select(func.count()).select_from(Attendee).where(Attendee.phone == phone)
        assert value(hub_db, people) == 1


def test_walk_ins_with_one_e_mail_make_one_attendee_and_the_others_are_shown_the_duplicate(
    race: Race, hub_db: Database
) -> None:
    for round_, email in enumerate(race.values["email"]):
        answers = race.answers("email", round_)
        assert one_and_the_rest(answers, "ok", "DuplicateError"), answers
        duplicates = [a["message"] for a in answers if a["outcome"] == "DuplicateError"]
        assert all("Уже зарегистрирован(а) с этим e-mail" in m for m in duplicates)
        people = select(func.count()).select_from(Attendee).where(Attendee.email == email)
        assert value(hub_db, people) == 1


def test_a_person_paying_at_two_desks_at_once_pays_once(race: Race, hub_db: Database) -> None:
    for round_, person in enumerate(race.people["pay_at_door"]):
        answers = race.answers("pay_at_door", round_)
        assert one_and_the_rest(answers, "checked_in", "already_checked_in"), answers
        assert sorted(a["paid"] for a in answers) == [0] * (DESKS - 1) + [person.price]
        payments = select(func.count()).select_from(Payment).where(Payment.attendee_id == person.id)
        assert value(hub_db, payments) == 1
        paid = select(Attendee.amount_paid).where(Attendee.id == person.id)
        assert value(hub_db, paid) == person.price


def test_taking_payment_at_two_desks_at_once_takes_it_once_and_says_it_is_paid(
    race: Race, hub_db: Database
) -> None:
    for round_, person in enumerate(race.people["pay"]):
        answers = race.answers("pay", round_)
        assert one_and_the_rest(answers, "ok", "ValidationError"), answers
        refused = [a["message"] for a in answers if a["outcome"] == "ValidationError"]
        assert all("уже оплачено" in m for m in refused)
        payments = select(func.count()).select_from(Payment).where(Payment.attendee_id == person.id)
        assert value(hub_db, payments) == 1


def test_an_upgrade_sold_at_two_desks_at_once_is_sold_and_paid_once(
    race: Race, hub_db: Database, event: Event
) -> None:
    (difference,) = [
        u.difference
        for u in event.upgrades("comfort", TRAINING)
        if u.tariff.code == "package_comfort"
    ]
    for round_, person in enumerate(race.people["upgrade"]):
        answers = race.answers("upgrade", round_)
        assert one_and_the_rest(answers, "ok", "ValidationError"), answers
        refused = [a["message"] for a in answers if a["outcome"] == "ValidationError"]
        assert all("уже тариф" in m for m in refused)
        price = select(Attendee.price).where(Attendee.id == person.id)
        assert value(hub_db, price) == person.price + difference
        upgrades = select(func.count()).where(
            AuditEntry.attendee_id == person.id, AuditEntry.action == "upgrade"
        )
        assert value(hub_db, upgrades) == 1
        payments = select(func.count()).select_from(Payment).where(Payment.attendee_id == person.id)
        assert value(hub_db, payments) == 2  # the ticket before, the upgrade now


def test_an_upgrade_at_the_door_at_two_desks_at_once_lets_the_person_in_once(
    race: Race, hub_db: Database
) -> None:
    for round_, person in enumerate(race.people["upgrade_at_door"]):
        answers = race.answers("upgrade_at_door", round_)
        assert one_and_the_rest(answers, "checked_in", "already_checked_in"), answers
        assert [a["upgraded"] for a in answers if a["upgraded"]] == ["package_comfort"]
        checkins = (
            select(func.count())
            .select_from(CheckIn)
            .where(CheckIn.attendee_id == person.id, CheckIn.day == TRAINING)
        )
        assert value(hub_db, checkins) == 1
        payments = select(func.count()).select_from(Payment).where(Payment.attendee_id == person.id)
        assert value(hub_db, payments) == 2


def test_a_badge_printed_at_two_desks_at_once_is_printed_once_and_the_others_are_told(
    race: Race, hub_db: Database
) -> None:
    for round_, person in enumerate(race.people["print"]):
        answers = race.answers("print", round_)
        assert one_and_the_rest(answers, "ok", "AlreadyPrinted"), answers
        told = [a["message"] for a in answers if a["outcome"] == "AlreadyPrinted"]
        assert all(m.startswith("Бейдж уже печатали") for m in told)
        prints = (
            select(func.count()).select_from(BadgePrint).where(BadgePrint.attendee_id == person.id)
        )
        assert value(hub_db, prints) == 1
        assert len(list(race.print_folder.glob(f"*{person.code}*.pdf"))) == 1


def test_a_check_in_undone_at_two_desks_at_once_is_undone_once(
    race: Race, hub_db: Database
) -> None:
    for round_, person in enumerate(race.people["undo"]):
        answers = race.answers("undo", round_)
        assert one_and_the_rest(answers, "ok", "ValidationError"), answers
        refused = [a["message"] for a in answers if a["outcome"] == "ValidationError"]
        assert all("отменять нечего" in m for m in refused)
        undone = select(func.count()).where(
            AuditEntry.attendee_id == person.id, AuditEntry.action == "undo_check_in"
        )
        assert value(hub_db, undone) == 1
        left = select(func.count()).select_from(CheckIn).where(CheckIn.attendee_id == person.id)
        assert value(hub_db, left) == 0
