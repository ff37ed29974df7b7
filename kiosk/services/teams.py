"""One team registered twice: at two desks without the hub, each desk registered the same team
(its contact with the same phone or e-mail and the same name, and its members).

The contact registered second is flagged as a probable duplicate by the import's rule
(kiosk.services.replay_walk_in), but its members mostly have no phone or e-mail of their own
to be recognised by. So a member is recognised by their team: the «twin» teams of a team are
the other teams whose contact shares the contact's phone or e-mail and name; a member of a
team sent while its contact stands flagged is flagged too when a twin team has a member of
the same name (an unnamed seat is «Участник 3 / команда …», the same in both). The organiser
sees each flagged seat beside its twin, and merging the two contacts merges the two teams
seat by seat (kiosk.services.merging): no seat counted twice, and every seat's second payment
flagged to give back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import aliased

from kiosk.importing.identity import names_agree
from kiosk.models import Attendee, RegistrationGroup
from kiosk.reports.model import PersonRef
from kiosk.services.contacts import same_contact


def twin_teams(connection: Connection, group_id: int) -> list[int]:
    """The other teams whose contact has this team's contact's phone or e-mail and a name
    that agrees with theirs, by id."""
    contact = connection.execute(
        select(Attendee.last_name, Attendee.first_name, Attendee.phone, Attendee.email)
        .join(RegistrationGroup, RegistrationGroup.contact_id == Attendee.id)
        .where(RegistrationGroup.id == group_id, Attendee.forgotten_at.is_(None))
    ).first()
    if contact is None or not (contact.phone or contact.email):
        return []
    other = aliased(Attendee)
    rows = connection.execute(
        select(RegistrationGroup.id, other.last_name, other.first_name)
        .join(other, other.id == RegistrationGroup.contact_id)
        .where(RegistrationGroup.id != group_id, same_contact(other, contact.phone, contact.email))
        .order_by(RegistrationGroup.id)
    ).all()
    return [
        team
        for team, last, first in rows
        if names_agree(last, first, contact.last_name, contact.first_name)
    ]


def _members(connection: Connection, teams: Sequence[int]) -> Sequence[Any]:
    """The members of these teams who are not their contact (nor forgotten), in seat order."""
    if not teams:
        return []
    return connection.execute(
        select(
            Attendee.id,
            Attendee.badge_code,
            Attendee.last_name,
            Attendee.first_name,
            Attendee.company,
            Attendee.group_id,
        )
        .join(RegistrationGroup, RegistrationGroup.id == Attendee.group_id)
        .where(
            Attendee.group_id.in_(teams),
            Attendee.forgotten_at.is_(None),
            Attendee.id != RegistrationGroup.contact_id,
        )
        .order_by(Attendee.id)
    ).all()


def seat_twins(connection: Connection, attendee_id: int) -> tuple[PersonRef, ...]:
    """The people a team member may be: the members of their team's twin teams whose name
    agrees with theirs (none for a contact, or for someone in no team)."""
    person = connection.execute(
        select(
            Attendee.last_name,
            Attendee.first_name,
            Attendee.group_id,
            RegistrationGroup.contact_id,
        )
        .join(RegistrationGroup, RegistrationGroup.id == Attendee.group_id)
        .where(Attendee.id == attendee_id)
    ).first()
    if person is None or person.contact_id == attendee_id:
        return ()
    return tuple(
        PersonRef(m.id, m.badge_code, f"{m.last_name} {m.first_name}".strip(), m.company)
        for m in _members(connection, twin_teams(connection, person.group_id))
        if names_agree(m.last_name, m.first_name, person.last_name, person.first_name)
    )


def seat_pairs(connection: Connection, keep_team: int, other_team: int) -> list[tuple[int, int]]:
    """The seats of two registrations of one team, paired: (kept member, other member), each
    other member with the first unpaired kept member of the same name, in seat order. A member
    without a namesake stays unpaired (a different person, or a seat named differently: the
    organiser decides)."""
    members = _members(connection, (keep_team, other_team))
    kept = [m for m in members if m.group_id == keep_team]
    pairs: list[tuple[int, int]] = []
    for other in (m for m in members if m.group_id == other_team):
        for index, mine in enumerate(kept):
            if names_agree(mine.last_name, mine.first_name, other.last_name, other.first_name):
                pairs.append((mine.id, other.id))
                del kept[index]
                break
    return pairs


def contacts_seat_pairs(
    connection: Connection, keep_id: int, other_id: int
) -> list[tuple[int, int]]:
    """When the two people are the contacts of two teams — one team registered twice — the
    seats of the two registrations, paired (`seat_pairs`: what merging the contacts merges
    too); else none."""
    rows = connection.execute(
        select(RegistrationGroup.id, RegistrationGroup.contact_id).where(
            RegistrationGroup.contact_id.in_((keep_id, other_id))
        )
    ).all()
    teams = {contact: team for team, contact in rows}
    if set(teams) != {keep_id, other_id}:
        return []
    return seat_pairs(connection, teams[keep_id], teams[other_id])
