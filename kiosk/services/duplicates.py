"""Offline duplicates for the organiser to review: a person admitted on one day at more than
one desk working without the hub. The hub counts the earliest admission (kiosk.services.replay)
and keeps each later one apart (`OfflineDuplicate`); here they are read back per person and
day, with the admission that counted, for the summary's decisions and `kiosk review`."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, and_, select

from kiosk.models import Attendee, CheckIn, OfflineDuplicate
from kiosk.reports.model import Admission, OfflineDuplicateGroup, PersonRef
from kiosk.services.context import Desk
from kiosk.services.replay import arrival_rank
from kiosk.text import fold


def offline_duplicates(desk: Desk) -> tuple[OfflineDuplicateGroup, ...]:
    """Every offline duplicate still to review, per person and day."""
    with desk.db.read_rows() as connection:
        return offline_duplicate_groups(connection)


def offline_duplicate_groups(connection: Connection) -> tuple[OfflineDuplicateGroup, ...]:
    """As `offline_duplicates`, on a connection (the summary reads it with its other figures),
    in one statement; by day, then by name."""
    rows = connection.execute(
        select(
            OfflineDuplicate.attendee_id,
            OfflineDuplicate.day,
            OfflineDuplicate.desk,
            OfflineDuplicate.arrived_at,
            OfflineDuplicate.recorded_at,
            OfflineDuplicate.operator,
            Attendee.badge_code,
            Attendee.last_name,
            Attendee.first_name,
            Attendee.company,
            CheckIn.id,
            CheckIn.desk,
            CheckIn.checked_in_at,
            CheckIn.operator,
        )
        .join(Attendee, Attendee.id == OfflineDuplicate.attendee_id)
        .outerjoin(
            CheckIn,
            and_(
                CheckIn.attendee_id == OfflineDuplicate.attendee_id,
                CheckIn.day == OfflineDuplicate.day,
            ),
        )
        .where(OfflineDuplicate.reviewed_at.is_(None), Attendee.forgotten_at.is_(None))
        .order_by(OfflineDuplicate.id)
    ).all()
    people: dict[tuple[int, date], PersonRef] = {}
    counted: dict[tuple[int, date], Admission | None] = {}
    aside: dict[tuple[int, date], list[tuple[tuple[bool, datetime], Admission]]] = {}
    for (
        attendee_id,
        day,
        desk,
        arrived_at,
        recorded_at,
        operator,
        code,
        last,
        first,
        company,
        checkin_id,
        checkin_desk,
        checked_in_at,
        checkin_operator,
    ) in rows:
        key = (attendee_id, day)
        if key not in people:
            name = " ".join(p for p in (last, first) if p)
            people[key] = PersonRef(attendee_id, code, name, company)
            counted[key] = (
                Admission(checkin_desk, checked_in_at, checkin_operator)
                if checkin_id is not None
                else None
            )
            aside[key] = []
        aside[key].append(
            (arrival_rank(arrived_at, recorded_at), Admission(desk, arrived_at, operator))
        )
    groups = [
        OfflineDuplicateGroup(
            people[key],
            key[1],
            counted[key],
            tuple(a for _rank, a in sorted(aside[key], key=lambda pair: pair[0])),
        )
        for key in people
    ]
    groups.sort(key=lambda g: (g.day, fold(g.person.name), g.person.id))
    return tuple(groups)
