"""A field two desks changed to different values is for the organiser to look at: listed among
the summary's decisions until marked reviewed (when, where, by whom), then listed apart; read
out of a long audit log by an index of its own."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text

from kiosk.services.context import Desk
from kiosk.services.edit_conflicts import (
    NothingToReview,
    mark_reviewed,
    person_edit_conflicts,
    read_edit_conflicts,
    reviewed_text,
)
from kiosk.services.privacy import forget
from kiosk.services.registration import edit_attendee
from kiosk.services.replay_actions import replay_correction
from kiosk.services.summary import day_summary, summary_json
from tests.core.factories import registered
from tests.core.test_replay_actions import edited
from tests.offline_hub import hub

__all__ = ["hub"]


def changed_twice(desk: Desk, last: str = "Янина") -> str:
    person = registered(desk, last=last, first="Яна", company="Старт")
    for change in (
        edited(person.code, {"company": "Бета"}, {"company": "Старт"}, "стойка-2", 9),
        edited(person.code, {"company": "Альфа"}, {"company": "Старт"}, "стойка-1", 2),
    ):
        replay_correction(desk, change)
    return person.code


def test_an_edit_conflict_is_a_decision_until_marked_reviewed_then_listed_apart(
    desk: Desk,
) -> None:
    code = changed_twice(desk)
    other = changed_twice(desk, "Другая")
    decisions = day_summary(desk).decisions
    assert [c.person.code for c in decisions.edit_conflicts] == [code, other]
    assert decisions.count == 2

    (marked,) = mark_reviewed(Desk(desk.db, desk.event, name="хаб", operator="ира"), code)

    assert (marked.field, marked.reviewed_desk, marked.reviewed_by) == ("company", "хаб", "ира")
    decisions = day_summary(desk).decisions
    assert [c.person.code for c in decisions.edit_conflicts] == [other]
    assert [c.person.code for c in decisions.edit_conflicts_reviewed] == [code]
    assert decisions.count == 1
    figures = summary_json(day_summary(desk), desk.event)["decisions"]
    assert (figures["edit_conflicts"], figures["edit_conflicts_reviewed"]) == (1, 1)
    (again,) = person_edit_conflicts(desk, marked.person.id)
    assert again.reviewed_at == marked.reviewed_at and again.stands.value == "Бета"


def test_marking_again_or_someone_never_changed_twice_is_refused_with_a_sentence(
    desk: Desk,
) -> None:
    code = changed_twice(desk)
    mark_reviewed(desk, code)
    try:
        mark_reviewed(desk, code)
    except NothingToReview as refused:
        assert refused.already and "уже проверены" in str(refused)
    else:
        raise AssertionError("marked twice")
    plain = registered(desk, last="Простая", first="Ольга")
    try:
        mark_reviewed(desk, plain.code)
    except NothingToReview as refused:
        assert not refused.already and "проверять нечего" in str(refused)
    else:
        raise AssertionError("nothing was there to mark")


def test_a_person_whose_data_was_erased_leaves_the_list(desk: Desk) -> None:
    code = changed_twice(desk)
    forget(desk, code, "по просьбе")
    with desk.db.read_rows() as connection:
        assert read_edit_conflicts(connection) == ()


def test_the_list_is_read_by_its_partial_indexes_not_the_whole_log(desk: Desk) -> None:
    changed_twice(desk)
    sent: list[str] = []

    def remember(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        sent.append(statement)

    with desk.db.read_rows() as connection:
        event.listen(connection, "before_cursor_execute", remember)
        read_edit_conflicts(connection)
        event.remove(connection, "before_cursor_execute", remember)
        (statement,) = [s for s in sent if "audit_log" in s]
        # The actions inline (a bound value would keep SQLite off a partial index).
        assert "'edit_conflict'" in statement and "'review_edit_conflict'" in statement
        assert "?" not in statement
        plan = " ".join(
            str(row[-1]) for row in connection.execute(text("EXPLAIN QUERY PLAN " + statement))
        )
    assert "ix_audit_log_edit_conflicts" in plan, plan
    assert "ix_audit_log_edit_conflict_reviews" in plan, plan


@pytest.mark.postgres
def test_on_a_postgresql_hub_too(hub: Desk) -> None:
    code = changed_twice(hub)
    assert [c.person.code for c in day_summary(hub).decisions.edit_conflicts] == [code]
    (marked,) = mark_reviewed(hub, code)
    decisions = day_summary(hub).decisions
    assert decisions.edit_conflicts == ()
    assert [c.reviewed_at for c in decisions.edit_conflicts_reviewed] == [marked.reviewed_at]


def test_correcting_the_field_again_settles_it_and_another_field_does_not(desk: Desk) -> None:
    code = changed_twice(desk)
    edit_attendee(desk, code, {"position": "директор"})  # another field: still to look at
    assert [c.field for c in day_summary(desk).decisions.edit_conflicts] == ["company"]

    edit_attendee(desk, code, {"company": "Альфа"})  # someone chose the value since

    decisions = day_summary(desk).decisions
    assert decisions.edit_conflicts == ()
    (settled,) = decisions.edit_conflicts_reviewed
    assert settled.settled_by_edit and settled.reviewed_desk == "desk-1"
    said = reviewed_text(desk.event, settled)
    assert said.startswith("исправлено снова ") and said.endswith(", desk-1, anna")
    try:
        mark_reviewed(desk, code)
    except NothingToReview as refused:  # said as it was: nobody marked it, an edit settled it
        assert "уже решены — поле исправили снова (" in str(refused)
    else:
        raise AssertionError("marked after it was settled")
