"""Offline duplicates for the organiser to review: a person admitted on one day at more than
one desk working without the hub. The hub counts the earliest admission (kiosk.services.replay)
and keeps each later one apart (`OfflineDuplicate`); here they are read back per person and
day, with the admission that counted, for the summary's decisions, `kiosk review` and
`kiosk show` — and marked reviewed once the organiser has looked at them (when, at which desk,
by whom; audited), after which they are listed apart, no longer to review."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, and_, select

from kiosk import present
from kiosk.i18n import tr
from kiosk.models import Attendee, CheckIn, OfflineDuplicate
from kiosk.reports.model import Admission, OfflineDuplicateGroup, PersonRef
from kiosk.services import audit
from kiosk.services.context import Desk
from kiosk.services.errors import ValidationError
from kiosk.services.refunds import person_held
from kiosk.services.replay import arrival_rank
from kiosk.text import fold


@dataclass(frozen=True)
class OfflineDuplicates:
    """Offline duplicates per person and day: still to review, and reviewed."""

    to_review: tuple[OfflineDuplicateGroup, ...] = ()
    reviewed: tuple[OfflineDuplicateGroup, ...] = ()
    """One group per person and day, with the latest review's time, desk and operator."""


@dataclass(frozen=True)
class Reviewed:
    """Whose admissions set aside were marked reviewed, for which days, when, where, by whom."""

    person: PersonRef
    groups: tuple[OfflineDuplicateGroup, ...]
    """Per day: the admission that counted and those set aside, now reviewed."""
    at: datetime
    desk: str
    operator: str

    @property
    def admissions(self) -> int:
        """How many admissions set aside were marked."""
        return sum(len(g.set_aside) for g in self.groups)


def offline_duplicates(desk: Desk) -> tuple[OfflineDuplicateGroup, ...]:
    """Every offline duplicate still to review, per person and day."""
    with desk.db.read_rows() as connection:
        return offline_duplicate_groups(connection)


def person_offline_duplicates(desk: Desk, attendee_id: int) -> OfflineDuplicates:
    """One person's offline duplicates, to review and reviewed (`kiosk show`)."""
    with desk.db.read_rows() as connection:
        return read_offline_duplicates(connection, attendee_id=attendee_id)


def offline_duplicate_groups(connection: Connection) -> tuple[OfflineDuplicateGroup, ...]:
    """As `offline_duplicates`, on a connection."""
    return read_offline_duplicates(connection, reviewed=False).to_review


def read_offline_duplicates(
    connection: Connection, *, attendee_id: int | None = None, reviewed: bool = True
) -> OfflineDuplicates:
    """Offline duplicates per person and day (of one person with `attendee_id`; without the
    reviewed ones unless `reviewed`), in one statement; by day, then by name. The summary reads
    them on its connection with its other figures."""
    query = (
        select(
            OfflineDuplicate.attendee_id,
            OfflineDuplicate.day,
            OfflineDuplicate.desk,
            OfflineDuplicate.arrived_at,
            OfflineDuplicate.recorded_at,
            OfflineDuplicate.operator,
            OfflineDuplicate.reviewed_at,
            OfflineDuplicate.reviewed_desk,
            OfflineDuplicate.reviewed_by,
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
        .where(Attendee.forgotten_at.is_(None))
        .order_by(OfflineDuplicate.id)
    )
    if attendee_id is not None:
        query = query.where(OfflineDuplicate.attendee_id == attendee_id)
    if not reviewed:
        query = query.where(OfflineDuplicate.reviewed_at.is_(None))
    # Per (person, day, reviewed?): a day may have both, when a desk's replay set another
    # admission aside after the organiser had reviewed the earlier ones.
    people: dict[tuple[int, date], PersonRef] = {}
    counted: dict[tuple[int, date], Admission | None] = {}
    aside: dict[tuple[int, date, bool], list[tuple[tuple[bool, datetime], Admission]]] = {}
    review: dict[tuple[int, date], tuple[datetime, str, str]] = {}
    for (
        person_id,
        day,
        desk,
        arrived_at,
        recorded_at,
        operator,
        reviewed_at,
        reviewed_desk,
        reviewed_by,
        code,
        last,
        first,
        company,
        checkin_id,
        checkin_desk,
        checked_in_at,
        checkin_operator,
    ) in connection.execute(query).all():
        key = (person_id, day)
        if key not in people:
            name = " ".join(p for p in (last, first) if p)
            people[key] = PersonRef(person_id, code, name, company)
            counted[key] = (
                Admission(checkin_desk, checked_in_at, checkin_operator)
                if checkin_id is not None
                else None
            )
        aside.setdefault((person_id, day, reviewed_at is not None), []).append(
            (arrival_rank(arrived_at, recorded_at), Admission(desk, arrived_at, operator))
        )
        if reviewed_at is not None and (key not in review or reviewed_at > review[key][0]):
            review[key] = (reviewed_at, reviewed_desk, reviewed_by)

    def groups(done: bool) -> tuple[OfflineDuplicateGroup, ...]:
        found = []
        for (person_id, day, state), admissions in aside.items():
            if state is not done:
                continue
            key = (person_id, day)
            at, where, who = review[key] if done else (None, "", "")
            found.append(
                OfflineDuplicateGroup(
                    people[key],
                    day,
                    counted[key],
                    tuple(a for _rank, a in sorted(admissions, key=lambda pair: pair[0])),
                    at,
                    where,
                    who,
                )
            )
        found.sort(key=lambda g: (g.day, fold(g.person.name), g.person.id))
        return tuple(found)

    return OfflineDuplicates(groups(False), groups(True))


def mark_reviewed(desk: Desk, code: str, day: date | None = None) -> Reviewed:
    """Mark the admissions of the person with `code` set aside as offline duplicates as
    reviewed: every one still to review, or those of `day` only (one transaction, audited —
    an entry per admission). Nothing to review — none set aside, or all reviewed already (by
    whom and when) — is refused with a sentence. The hub's work, as a merge is."""
    with desk.db.write() as session:
        person = person_held(session, code)
        query = select(OfflineDuplicate).where(OfflineDuplicate.attendee_id == person.id)
        if day is not None:
            query = query.where(OfflineDuplicate.day == day)
        set_aside = session.scalars(query.order_by(OfflineDuplicate.id)).all()
        name = " ".join(p for p in (person.last_name, person.first_name) if p)
        to_review = [d for d in set_aside if d.reviewed_at is None]
        if not to_review:
            raise _nothing_to_review(desk, name, day, set_aside)
        now = desk.now()
        for duplicate in to_review:
            duplicate.reviewed_at = now
            duplicate.reviewed_desk = desk.name
            duplicate.reviewed_by = desk.operator
            audit.record(
                session,
                desk,
                "review_offline_duplicate",
                entity="offline_duplicate",
                entity_id=duplicate.id,
                attendee_id=person.id,
                before={"reviewed_at": None},
                after={
                    "day": duplicate.day,
                    "desk": duplicate.desk,
                    "operator": duplicate.operator,
                    "arrived_at": duplicate.arrived_at,
                    "reviewed_at": now,
                },
                at=now,
            )
        days = sorted({d.day for d in to_review})
        counted = {
            c.day: Admission(c.desk, c.checked_in_at, c.operator)
            for c in session.scalars(
                select(CheckIn).where(CheckIn.attendee_id == person.id, CheckIn.day.in_(days))
            )
        }
        ref = PersonRef(person.id, person.badge_code, name, person.company)
        return Reviewed(
            ref,
            tuple(
                OfflineDuplicateGroup(
                    ref,
                    day,
                    counted.get(day),
                    _earliest_first(d for d in to_review if d.day == day),
                    now,
                    desk.name,
                    desk.operator,
                )
                for day in days
            ),
            now,
            desk.name,
            desk.operator,
        )


def _earliest_first(set_aside: Iterable[OfflineDuplicate]) -> tuple[Admission, ...]:
    ranked = sorted(
        (
            (arrival_rank(d.arrived_at, d.recorded_at), Admission(d.desk, d.arrived_at, d.operator))
            for d in set_aside
        ),
        key=lambda pair: pair[0],
    )
    return tuple(admission for _rank, admission in ranked)


def _nothing_to_review(
    desk: Desk, name: str, day: date | None, set_aside: Sequence[OfflineDuplicate]
) -> ValidationError:
    if set_aside:
        last = max(set_aside, key=lambda d: d.reviewed_at or d.recorded_at)
        assert last.reviewed_at is not None
        who = ", ".join(p for p in (last.reviewed_desk, last.reviewed_by) if p)
        return ValidationError(
            tr(
                "{name}: двойные проходы уже проверены ({when}, {who})",
                "{name}: the double admissions were reviewed already ({when}, {who})",
                name=name,
                when=present.local_day_time(desk.event, last.reviewed_at),
                who=who or "—",
            ),
            "code",
        )
    if day is not None:
        return ValidationError(
            tr(
                "{name}: проверять нечего — {d} двойных проходов без хаба не было",
                "{name}: nothing to review — not admitted twice without the hub on {d}",
                name=name,
                d=day.strftime("%d.%m.%Y"),
            ),
            "day",
        )
    return ValidationError(
        tr(
            "{name}: проверять нечего — двойных проходов без хаба не было",
            "{name}: nothing to review — never admitted twice without the hub",
            name=name,
        ),
        "code",
    )
