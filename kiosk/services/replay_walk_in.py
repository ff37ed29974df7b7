"""Walk-ins a desk registered while it could not reach the hub, inserted on the hub when it
can — once by nonce (kiosk.services.replay; `walk_in_replay`), under the badge code the desk
made and printed.

The hub may have moved on meanwhile, and the rule of the import decides (kiosk.importing
.identity): when the walk-in's phone or e-mail now belongs to someone else, the same name
flags the walk-in as a probable duplicate, for the organiser to merge in one action
(kiosk.services.merging) or keep apart; another name makes them two people sharing a contact,
linked and both flagged. A member of a team registered at two desks is recognised by their
team (kiosk.services.teams): flagged with its contact, to be merged seat by seat with it.
Never merged silently, never dropped.

The desk's code is random (60 bits, kiosk.codes) and was checked against the desk's copy, so
it is practically never taken on the hub; if it is (a code made meanwhile elsewhere), the
walk-in gets a fresh code: the one printed already opens the door for its first owner and
cannot open it for two. The result says the code the walk-in has on the hub, so the desk's
later actions for the person (their check-in) go to them, and their printed badge shows up
as out of date, to print again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.codes import new_code
from kiosk.importing.identity import names_agree
from kiosk.models import (
    AppliedAction,
    Attendee,
    BadgeAlias,
    ContactKind,
    RegistrationGroup,
    Review,
    Source,
)
from kiosk.services import audit
from kiosk.services.contacts import add_links, existing_links, same_contact
from kiosk.services.context import Desk
from kiosk.services.locks import lock_values
from kiosk.services.lookup import index_attendee
from kiosk.services.registration import PersonInput, new_attendee
from kiosk.services.replay import Replay, Replayed, ReplayResult, replay_once
from kiosk.services.teams import seat_twins

KIND_WALK_IN: Final = "walk_in"
"""The applied action's kind."""
KIND_TEAM: Final = "walk_in_team"
"""The applied action that made a team registered offline (its members are walk-ins)."""
_SOURCES: Final = frozenset(s.value for s in Source)


@dataclass(frozen=True)
class OfflineTeam:
    """The team a walk-in was registered in at the desk (each member is sent on their own)."""

    key: str
    """The same for every member of one team (a UUID): the hub makes the team once."""
    name: str
    tariff: str
    size: int
    contact: bool
    """This member registered the team."""


@dataclass(frozen=True)
class OfflineWalkIn:
    """A person registered at a desk without the hub, as the desk registered them."""

    nonce: str
    code: str
    """The badge code the desk made (and may have printed)."""
    last_name: str
    first_name: str
    middle_name: str
    company: str
    position: str
    phone: str | None
    email: str | None
    category: str
    tariff: str | None
    price: int
    """What the ticket cost at the desk (what they paid comes as the desk's payment)."""
    source: str
    consent_at: datetime | None
    recorded_at: datetime
    """When the desk registered them."""
    desk: str
    operator: str
    extra: dict[str, Any] = field(default_factory=dict)
    team: OfflineTeam | None = None


@dataclass(frozen=True)
class WalkInReplayed(ReplayResult):
    code: str = ""
    """The walk-in's badge code on the hub: the desk's, or a fresh one if that was taken."""


def replay_walk_in(desk: Desk, action: OfflineWalkIn) -> WalkInReplayed:
    """Insert one offline walk-in on the hub (or answer what inserting it did before)."""
    result = replay_once(desk, walk_in_replay(action))
    assert isinstance(result, WalkInReplayed)
    return result


def walk_in_replay(action: OfflineWalkIn) -> Replay:
    return Replay(
        action,
        KIND_WALK_IN,
        _apply,
        answer=_answer,
        follow=_follow,
        values=(action.phone, action.email),
    )


def _answer(session: Session, action: OfflineWalkIn, result: ReplayResult) -> WalkInReplayed:
    """What inserting the walk-in did, with the code the walk-in has on the hub."""
    code = result.code if isinstance(result, WalkInReplayed) else ""
    if not code and result.attendee_id is not None:  # sent before: the code it got then
        code = (
            session.execute(
                select(Attendee.badge_code).where(Attendee.id == result.attendee_id)
            ).scalar()
            or ""
        )
    # Merged into someone since, the desk's code is their alias: it still finds them.
    return WalkInReplayed(result.outcome, result.attendee_id, result.again, code or action.code)


def _follow(action: OfflineWalkIn, result: ReplayResult, later: list[Any]) -> list[Any]:
    """The actions after the walk-in (each with an `action` that has a `code`), those for the
    code the desk made for the code the hub gave (if the desk's was taken)."""
    hub_code = result.code if isinstance(result, WalkInReplayed) else action.code
    if hub_code == action.code:
        return later
    return [
        replace(item, action=replace(item.action, code=hub_code))
        if item.action.code == action.code
        else item
        for item in later
    ]


def _apply(session: Session, desk: Desk, action: OfflineWalkIn, now: datetime) -> WalkInReplayed:
    # Two desks' walk-ins with one phone take turns: the second sees the first.
    lock_values(session, action.phone, action.email)
    code = action.code
    while _taken(session, code):  # taken meanwhile: see the module's note
        code = new_code()
    walk_in = new_attendee(
        session,
        PersonInput(
            last_name=action.last_name,
            first_name=action.first_name,
            middle_name=action.middle_name,
            company=action.company,
            position=action.position,
            phone=action.phone,
            email=action.email,
        ),
        category=action.category,
        tariff=action.tariff,
        price=action.price,
        group=_team(session, action, now) if action.team is not None else None,
        source=Source(action.source) if action.source in _SOURCES else Source.DESK,
        consent_at=action.consent_at,
        now=action.recorded_at,
        extra=action.extra,
        check_unique=False,
        flush=False,
    )
    walk_in.badge_code = code
    walk_in.updated_at = now
    index_attendee(walk_in)  # the code is in the search text
    session.flush()
    if action.team is not None and action.team.contact and walk_in.group is not None:
        walk_in.group.contact_id = walk_in.id
    outcome = contact_rule(session, desk, walk_in, action.phone, action.email)
    if outcome is None and action.team is not None and not action.team.contact:
        outcome = _seat_rule(session, walk_in)
    outcome = outcome or Replayed.REGISTERED
    audit.record(
        session,
        Desk(desk.db, desk.event, name=action.desk, operator=action.operator, clock=desk.clock),
        "register",
        entity_id=walk_in.id,
        attendee_id=walk_in.id,
        after={
            **audit.snapshot(walk_in),
            "code": code,
            "source": action.source,
            "offline": True,
            "nonce": action.nonce,
            "recorded_at": action.recorded_at,
            "review": walk_in.review,
            **({"desk_code": action.code} if code != action.code else {}),
        },
        at=now,
    )
    return WalkInReplayed(outcome, walk_in.id, code=code)


def _seat_rule(session: Session, member: Attendee) -> Replayed | None:
    """A member of a team whose contact stands flagged as a probable duplicate (the same team
    registered at another desk too) is flagged as well when a member of that other
    registration has their name (kiosk.services.teams): their seats are merged with the
    contacts. None otherwise."""
    team = member.group
    if team is None or team.contact_id is None:
        return None
    contact = session.get(Attendee, team.contact_id)
    if contact is None or contact.review != Review.PROBABLE_DUPLICATE:
        return None
    session.flush()
    if not seat_twins(session.connection(), member.id):
        return None
    member.review = Review.PROBABLE_DUPLICATE
    return Replayed.PROBABLE_DUPLICATE


def _taken(session: Session, code: str) -> bool:
    """Whether anyone's code (a forgotten person's too: the column is unique) or alias is
    this one."""
    owner = session.scalar(select(Attendee.id).where(Attendee.badge_code == code))
    alias = session.scalar(select(BadgeAlias.attendee_id).where(BadgeAlias.code == code))
    return owner is not None or alias is not None


def _team(session: Session, action: OfflineWalkIn, now: datetime) -> RegistrationGroup:
    """The team of this walk-in on the hub: made with its first member sent, found by its key
    (kept as an applied action) for the others."""
    team = action.team
    assert team is not None
    stored = session.get(AppliedAction, team.key)
    made = stored.result.get("group_id") if stored is not None and stored.result else None
    group = session.get(RegistrationGroup, made) if made is not None else None
    if group is not None:
        return group
    group = RegistrationGroup(
        name=team.name, tariff=team.tariff, size=team.size, created_at=action.recorded_at
    )
    session.add(group)
    session.flush()
    session.merge(
        AppliedAction(
            nonce=team.key,
            kind=KIND_TEAM,
            desk=action.desk,
            recorded_at=action.recorded_at,
            applied_at=now,
            offline=True,
            result={"group_id": group.id},
        )
    )
    return group


def _same_contact(
    session: Session, phone: str | None, email: str | None
) -> list[tuple[Attendee, ContactKind]]:
    """Everyone with this phone or e-mail, earliest first, with which of the two matched."""
    if not (phone or email):
        return []
    people = session.scalars(
        select(Attendee).where(same_contact(Attendee, phone, email)).order_by(Attendee.id)
    ).all()
    return [
        (p, ContactKind.PHONE if phone and p.phone == phone else ContactKind.EMAIL) for p in people
    ]


def contact_rule(
    session: Session, desk: Desk, person: Attendee, phone: str | None, email: str | None
) -> Replayed | None:
    """The import's rule for a person (flushed) when someone else has this phone or e-mail
    (a walk-in made offline; a phone or e-mail corrected offline): the same name flags the
    person as a probable duplicate; other names make them people sharing a contact, linked
    and each flagged. None when nobody else has them."""
    others = [
        (other, kind)
        for other, kind in _same_contact(session, phone, email)
        if other.id != person.id
    ]
    if not others:
        return None
    if any(
        names_agree(other.last_name, other.first_name, person.last_name, person.first_name)
        for other, _kind in others
    ):
        person.review = Review.PROBABLE_DUPLICATE
        return Replayed.PROBABLE_DUPLICATE
    if not person.review:
        person.review = Review.SHARED_CONTACT
    _link(session, desk, person, others)
    return Replayed.SHARED_CONTACT


def _link(
    session: Session, desk: Desk, walk_in: Attendee, matches: list[tuple[Attendee, ContactKind]]
) -> None:
    """Two people sharing a contact: each flagged (unless flagged for more already) and
    linked, as the import links them."""
    stored = existing_links(session, of=walk_in.id)
    wanted = []
    for person, kind in matches:
        if not person.review:
            person.review = Review.SHARED_CONTACT
        pair = (min(person.id, walk_in.id), max(person.id, walk_in.id), kind.value)
        if pair not in stored:
            wanted.append(pair)
    add_links(session, wanted, desk)
