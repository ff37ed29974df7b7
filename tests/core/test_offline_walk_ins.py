"""Walk-ins registered and checked in at desks that had lost the hub, synced when it is back:
on the hub once, under their printed codes, the import's rule deciding about a phone both
desks took, and every replica equal to the hub afterwards."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update

from kiosk.config import Event
from kiosk.db import Database
from kiosk.models import Attendee, CheckIn, OfflineDuplicate, RegistrationGroup, Review
from kiosk.offline import sync as sync_module
from kiosk.offline.replica import pull
from kiosk.offline.sync import queued, sync
from kiosk.services import lookup
from kiosk.services.checkin import check_in
from kiosk.services.context import Desk
from kiosk.services.merging import merge_attendees
from kiosk.services.registration import PersonInput, Registration, register, register_walk_in
from kiosk.services.replay import Replay, Replayed, ReplayResult
from kiosk.services.stats import stats
from tests.conftest import CONFERENCE_MORNING, FixedClock
from tests.core.factories import registered
from tests.core.test_offline_sync import lost_on_the_way
from tests.core.test_replica import contents
from tests.offline_hub import hub, replicas

__all__ = ["hub", "replicas"]

pytestmark = [pytest.mark.postgres]

DAY = date(2026, 11, 28)
PHONE = "+79145550177"


def offline_desk(replica: Database, event: Event, name: str, minutes: int) -> Desk:
    clock = FixedClock(CONFERENCE_MORNING + timedelta(minutes=minutes))
    return Desk(replica, event, name=name, operator="оля", clock=clock)


def walk_in(desk: Desk, last: str, first: str, phone: str = PHONE) -> str:
    """A speaker registered and checked in at the door; their badge code."""
    result = register_walk_in(
        desk,
        Registration(
            PersonInput(last_name=last, first_name=first, phone=phone),
            tariff=None,
            category="speaker",
            consent=True,
            allow_duplicate=True,
        ),
    )
    assert result.checkins and result.checkins[0].checked_in_at == desk.now()
    return result.attendees[0].code


def hub_people(hub: Desk) -> dict[str, tuple[str, str, bool]]:
    """Code → (surname, review, checked in that day offline)."""
    with hub.db.read() as session:
        rows = session.execute(
            select(
                Attendee.badge_code, Attendee.last_name, Attendee.review, CheckIn.offline
            ).outerjoin(CheckIn, CheckIn.attendee_id == Attendee.id)
        ).all()
    return {code: (last, review, bool(offline)) for code, last, review, offline in rows}


def arrived(desk: Desk) -> int:
    day = stats(desk, DAY).for_day(DAY)
    assert day is not None
    return day.checked_in


def test_a_walk_in_made_offline_reaches_the_hub_once_with_its_check_in(
    hub: Desk, replicas: list[Database], event: Event
) -> None:
    registered(hub, last="Бывший", first="Заранее")
    replica = replicas[0]
    pull(hub.db, replica)
    desk = offline_desk(replica, event, "стойка-1", 3)
    code = walk_in(desk, "Пришедшая", "Ольга")
    assert [type(q.action).__name__ for q in queued(replica, "desk-1")] == [
        "OfflineWalkIn",
        "OfflineCheckIn",
    ]
    result = sync(hub, replica, "desk-1")
    assert (result.sent, result.queued, result.conflicts) == (2, 0, 0)
    assert result.outcomes == [Replayed.REGISTERED, Replayed.ADMITTED]
    assert hub_people(hub)[code] == ("Пришедшая", "", True)
    assert contents(replica) == contents(hub.db)
    assert arrived(Desk(replica, event)) == arrived(hub) == 1
    assert sync(hub, replica, "desk-1").sent == 0
    assert len(hub_people(hub)) == 2


def test_one_phone_on_two_offline_desks_with_two_names_is_two_people_both_flagged(
    hub: Desk, replicas: list[Database], event: Event
) -> None:
    for replica in replicas:
        pull(hub.db, replica)
    sergey = walk_in(offline_desk(replicas[0], event, "стойка-1", 2), "Смирнов", "Сергей")
    elena = walk_in(offline_desk(replicas[1], event, "стойка-2", 4), "Смирнова", "Елена")
    sync(hub, replicas[0], "desk-1")
    second = sync(hub, replicas[1], "desk-2")
    assert second.outcomes == [Replayed.SHARED_CONTACT, Replayed.ADMITTED]
    assert second.conflicts == 1
    assert hub_people(hub) == {
        sergey: ("Смирнов", Review.SHARED_CONTACT, True),
        elena: ("Смирнова", Review.SHARED_CONTACT, True),
    }
    pull(hub.db, replicas[0])
    for replica in replicas:
        assert contents(replica) == contents(hub.db)
    assert arrived(hub) == 2


def test_one_person_on_two_offline_desks_is_flagged_and_a_merge_keeps_both_badges(
    hub: Desk, replicas: list[Database], event: Event
) -> None:
    for replica in replicas:
        pull(hub.db, replica)
    first = walk_in(offline_desk(replicas[0], event, "стойка-1", 2), "Смирнова", "Елена")
    second = walk_in(offline_desk(replicas[1], event, "стойка-2", 6), "СМИРНОВА", "елена")
    sync(hub, replicas[0], "desk-1")
    assert sync(hub, replicas[1], "desk-2").outcomes == [
        Replayed.PROBABLE_DUPLICATE,
        Replayed.ADMITTED,
    ]
    assert hub_people(hub) == {
        first: ("Смирнова", "", True),
        second: ("СМИРНОВА", Review.PROBABLE_DUPLICATE, True),
    }
    assert arrived(hub) == 2  # two records until the organiser decides

    merge_attendees(hub, first, second)
    assert arrived(hub) == 1  # one person: the earlier arrival, the other kept apart
    with hub.db.read() as session:
        assert session.scalar(select(func.count()).select_from(OfflineDuplicate)) == 1
    for replica in replicas:
        pull(hub.db, replica)
        assert contents(replica) == contents(hub.db)
        offline = offline_desk(replica, event, "стойка-1", 30)
        for code in (first, second):  # both printed badges find her at any desk
            found = lookup.get_by_code(offline, code)
            assert found is not None and found.code == first


def test_a_walk_ins_code_taken_on_the_hub_meanwhile_is_replaced_and_its_check_in_follows(
    hub: Desk, replicas: list[Database], event: Event
) -> None:
    replica = replicas[0]
    pull(hub.db, replica)
    code = walk_in(offline_desk(replica, event, "стойка-1", 3), "Пришедшая", "Ольга")
    other = registered(hub, None, category="speaker", last="Владелец", first="Кода")
    with hub.db.write() as session:  # another desk gave the same code meanwhile
        session.execute(update(Attendee).where(Attendee.id == other.id).values(badge_code=code))
    result = sync(hub, replica, "desk-1")
    assert (result.sent, result.queued) == (2, 0)
    people = hub_people(hub)
    assert people[code] == ("Владелец", "", False)  # not checked in by the walk-in's scan
    (fresh,) = [c for c, (last, _r, _o) in people.items() if last == "Пришедшая"]
    assert fresh != code and people[fresh] == ("Пришедшая", "", True)
    assert contents(replica) == contents(hub.db)


def test_a_sync_cut_after_the_walk_in_sends_its_check_in_next_time_to_them(
    hub: Desk, replicas: list[Database], event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    replica = replicas[0]
    pull(hub.db, replica)
    code = walk_in(offline_desk(replica, event, "стойка-1", 3), "Пришедшая", "Ольга")
    # Someone registered on the hub meanwhile may hold the walk-in's id in the replica.
    registered(hub, None, category="speaker", last="Другой", first="Человек")

    kind = sync_module.KINDS["check_in"]
    monkeypatch.setitem(
        sync_module.KINDS, "check_in", dataclasses.replace(kind, replay=lost_on_the_way)
    )
    with pytest.raises(ConnectionError):
        sync(hub, replica, "desk-1", batch=1)  # the walk-in in a batch of its own, sent
    assert len(queued(replica, "desk-1")) == 1
    monkeypatch.undo()
    result = sync(hub, replica, "desk-1")
    assert (result.sent, result.queued) == (1, 0)
    assert hub_people(hub)[code] == ("Пришедшая", "", True)
    others = [v for v in hub_people(hub).values() if v[0] == "Другой"]
    assert others == [("Другой", "", False)]
    assert contents(replica) == contents(hub.db)


def test_a_team_registered_offline_is_one_team_on_the_hub_with_every_code(
    hub: Desk, replicas: list[Database], event: Event
) -> None:
    replica = replicas[0]
    pull(hub.db, replica)
    register(  # a team registered on the hub meanwhile: its id may be the desk's team's
        hub,
        Registration(
            PersonInput(last_name="Чужая", first_name="Команда", phone="+79145550166"),
            tariff="team",
            team_size=3,
            consent=True,
        ),
    )
    desk = offline_desk(replica, event, "стойка-1", 3)
    result = register_walk_in(
        desk,
        Registration(
            PersonInput(last_name="Капитанова", first_name="Ирина", phone=PHONE),
            tariff="team",
            team_size=3,
            members=(PersonInput(last_name="Второй", first_name="Пётр"),),
            consent=True,
        ),
    )
    codes = [a.code for a in result.attendees]
    sent = sync(hub, replica, "desk-1")
    assert (sent.sent, sent.queued) == (3, 0)
    assert sync(hub, replica, "desk-1").sent == 0
    with hub.db.read() as session:
        members = session.scalars(
            select(Attendee).where(Attendee.badge_code.in_(codes)).order_by(Attendee.id)
        ).all()
        groups = {m.group_id for m in members}
        assert len(members) == 3 and len(groups) == 1 and None not in groups
        team = session.get(RegistrationGroup, groups.pop())
        assert team is not None
        assert (team.size, team.tariff, team.contact_id) == (3, "team", members[0].id)
        assert members[0].last_name == "Капитанова" and members[1].last_name == "Второй"
        assert session.scalar(select(func.count()).select_from(RegistrationGroup)) == 2
    assert contents(replica) == contents(hub.db)


def test_a_check_in_of_a_walk_in_made_while_the_sync_runs_is_kept_and_sent_next_time(
    hub: Desk, replicas: list[Database], event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    replica = replicas[0]
    pull(hub.db, replica)
    desk = offline_desk(replica, event, "стойка-1", 3)
    result = register_walk_in(
        desk,
        Registration(
            PersonInput(last_name="Пришедшая", first_name="Ольга", phone=PHONE),
            tariff=None,
            category="speaker",
            consent=True,
        ),
        day=date(2026, 11, 27),  # the training day, entered afterwards: one queued entry more
    )
    code = result.attendees[0].code
    replay_all = sync_module.replay_all

    def meanwhile(hub: Desk, replays: list[Replay]) -> list[ReplayResult]:
        answers = replay_all(hub, replays)
        check_in(desk, code)  # the desk scans her while its sync runs
        return answers

    monkeypatch.setattr(sync_module, "replay_all", meanwhile)
    first = sync(hub, replica, "desk-1")
    monkeypatch.undo()
    assert (first.sent, first.queued, first.pulled) == (2, 1, None)  # no pull over her row
    second = sync(hub, replica, "desk-1")
    assert (second.sent, second.queued) == (1, 0)
    with hub.db.read() as session:
        days = session.scalars(
            select(CheckIn.day)
            .join(Attendee, Attendee.id == CheckIn.attendee_id)
            .where(Attendee.badge_code == code)
            .order_by(CheckIn.day)
        ).all()
    assert days == [date(2026, 11, 27), DAY]
    assert contents(replica) == contents(hub.db)
